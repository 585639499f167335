"""Items → a reading: the dose per administration and how often, as pint quantities.

This is where the text's pieces are checked against each other: exactly one
dose amount, at most one frequency, a volume only with a concentration. Pint
does the unit arithmetic and the dimension checks; every number is an exact
Fraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ldnclass import grammar
from ldnclass.errors import DoseError
from ldnclass.grammar import FrequencyWord, Number, Symbol, UnitWord
from ldnclass.units import quantity

ONCE_DAILY_ASSUMPTION = "no frequency given: taken as once daily"
HOURS_PER_DAY = Fraction(24)


@dataclass(frozen=True)
class Measure:
    """A number with its unit, e.g. 4.5 mg or 1 mg/mL, as a pint quantity."""

    quantity: Any
    text: str


@dataclass
class Reading:
    dose: Any  # pint quantity of mass, per administration
    count: Fraction  # administrations ...
    period_hours: Fraction  # ... every this many hours
    frequency_text: str | None
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    arithmetic: list[str] = field(default_factory=list)

    @property
    def dose_mg(self) -> Fraction:
        return Fraction(self.dose.to("milligram").magnitude)

    @property
    def doses_per_day(self) -> Fraction:
        return self.count * HOURS_PER_DAY / self.period_hours

    @property
    def daily_dose_mg(self) -> Fraction:
        # dose × count ÷ period, in that order, so the result stays exact.
        daily = self.dose * self.count / quantity(self.period_hours, "hour")
        return Fraction(daily.to("milligram / day").magnitude)


def read(text: str) -> Reading:
    """Read a dose text, or raise :class:`DoseError` with a code naming the problem."""
    items = grammar.tokenize(text)
    warnings = _number_warnings(items)
    measures, leftovers = _pair_numbers_with_units(items)
    _reject_leftovers(leftovers, measures)
    dose, arithmetic = _dose_per_administration(measures)
    if dose.magnitude == 0:
        raise DoseError("the dose is zero", "zero-dose")
    frequency, assumptions = _frequency(items, measures)
    reading = Reading(
        dose=dose,
        count=frequency.count,
        period_hours=frequency.period_hours,
        frequency_text=None if assumptions else frequency.text,
        assumptions=assumptions,
        warnings=warnings + list(frequency.warnings),
        arithmetic=arithmetic,
    )
    reading.arithmetic.append(_daily_arithmetic(reading))
    return reading


def _number_warnings(items: list[grammar.Item]) -> list[str]:
    warnings: list[str] = []
    for item in items:
        if isinstance(item, Number):
            warnings.extend(item.warnings)
        elif isinstance(item, UnitWord) and item.unit.warning:
            warnings.append(item.unit.warning)
    return list(dict.fromkeys(warnings))


def _pair_numbers_with_units(items: list[grammar.Item]) -> tuple[list[Measure], list[grammar.Item]]:
    """Each number takes the unit right after it ("mg", or "mg/mL" across a slash)."""
    measures: list[Measure] = []
    leftovers: list[grammar.Item] = []
    position = 0
    while position < len(items):
        item = items[position]
        unit_word = items[position + 1] if position + 1 < len(items) else None
        if isinstance(item, Number) and isinstance(unit_word, UnitWord):
            if item.negative:
                raise DoseError(
                    f"'{item.text} {unit_word.text}' is negative: a dose must be above zero", "negative-dose"
                )
            unit, text, position = _unit_expression(items, position + 1)
            measures.append(Measure(quantity(item.value, unit), f"{item.text} {text}"))
            continue
        if isinstance(item, Number) and item.negative:
            raise DoseError(f"'{item.text}' is negative: a dose must be above zero", "negative-dose")
        leftovers.append(item)
        position += 1
    return measures, leftovers


def _unit_expression(items: list[grammar.Item], position: int) -> tuple[str, str, int]:
    """The unit at ``position``, extended by "/ unit" (mg/mL, mg/kg). Returns the next position."""
    first = items[position]
    assert isinstance(first, UnitWord)
    slash = items[position + 1] if position + 1 < len(items) else None
    second = items[position + 2] if position + 2 < len(items) else None
    if isinstance(slash, Symbol) and slash.text == "/" and isinstance(second, UnitWord):
        return f"{first.unit.name} / {second.unit.name}", f"{first.text}/{second.text}", position + 3
    return first.unit.name, first.text, position + 1


def _reject_leftovers(leftovers: list[grammar.Item], measures: list[Measure]) -> None:
    for item in leftovers:
        if isinstance(item, Number):
            if not measures:
                raise DoseError(f"'{item.text}' has no unit: write mg, mcg or g (a unit is never assumed)", "no-unit")
            raise DoseError(f"stray number '{item.text}': it is not part of the dose or its frequency", "stray-number")
        if isinstance(item, UnitWord):
            raise DoseError(f"'{item.text}' has no number before it", "no-dose")
        if isinstance(item, Symbol):
            raise DoseError(f"unexpected '{item.text}' in the dose", "bad-character")


def _dose_per_administration(measures: list[Measure]) -> tuple[Any, list[str]]:
    if not measures:
        raise DoseError("no dose amount found: write it as a number and a unit, e.g. 4.5 mg", "no-dose")
    masses = [m for m in measures if m.quantity.check("[mass]")]
    volumes = [m for m in measures if m.quantity.check("[volume]")]
    concentrations = [m for m in measures if m.quantity.check("[mass] / [volume]")]
    rates = [m for m in measures if m.quantity.check("[mass] / [time]")]
    known = len(masses) + len(volumes) + len(concentrations) + len(rates)
    if known < len(measures):
        other = next(m for m in measures if m not in (*masses, *volumes, *concentrations, *rates))
        raise DoseError(f"'{other.text}' is not a mass: naltrexone doses are written in mg, mcg or g", "not-a-mass")
    if len(masses) + len(rates) + len(concentrations) > 1 or len(volumes) > 1:
        listed = ", ".join(m.text for m in measures)
        raise DoseError(f"more than one dose amount ({listed}): write one dose per line", "multiple-amounts")
    if concentrations and not volumes:
        raise DoseError(
            f"'{concentrations[0].text}' is a concentration with no volume: how many mL per dose?",
            "concentration-without-volume",
        )
    if volumes and not concentrations:
        raise DoseError(
            f"'{volumes[0].text}' is a volume with no concentration: how many mg per mL?",
            "volume-without-concentration",
        )
    if concentrations:
        dose = (concentrations[0].quantity * volumes[0].quantity).to("milligram")
        return dose, [f"{concentrations[0].text} × {volumes[0].text} = {format_mg(dose.magnitude)} mg"]
    if rates:  # "4.5 mg/day": the daily total, taken as one administration a day
        return (rates[0].quantity * quantity(Fraction(1), "day")).to("milligram"), []
    mass = masses[0]
    arithmetic = (
        []
        if mass.quantity.units == "milligram"
        else [f"{mass.text} = {format_mg(mass.quantity.to('milligram').magnitude)} mg"]
    )
    return mass.quantity, arithmetic


def _frequency(items: list[grammar.Item], measures: list[Measure]) -> tuple[FrequencyWord, list[str]]:
    frequencies = [item for item in items if isinstance(item, FrequencyWord)]
    counting = [f for f in frequencies if not f.time_of_day]
    rate = next((m for m in measures if m.quantity.check("[mass] / [time]")), None)
    if rate is not None:
        if counting:
            raise DoseError(
                f"'{rate.text}' is already a daily total, and '{counting[0].text}' says how often: "
                "write the dose per administration with its frequency, or the daily total alone",
                "conflicting-frequency",
            )
        return FrequencyWord(Fraction(1), HOURS_PER_DAY, rate.text), []
    distinct = {(f.count * HOURS_PER_DAY / f.period_hours) for f in counting}
    if len(distinct) > 1:
        listed = " and ".join(f"'{f.text}'" for f in counting)
        raise DoseError(f"conflicting frequencies {listed}", "conflicting-frequency")
    if counting:
        chosen = counting[0]
        timed = [f for f in frequencies if f.time_of_day]
        if timed and chosen.count * HOURS_PER_DAY / chosen.period_hours > 1:
            raise DoseError(
                f"'{chosen.text}' and '{timed[0].text}' conflict: more than once a day, but at one time of day",
                "conflicting-frequency",
            )
        return chosen, []
    if frequencies:
        return frequencies[0], []
    return FrequencyWord(Fraction(1), HOURS_PER_DAY, "once daily"), [ONCE_DAILY_ASSUMPTION]


def _daily_arithmetic(reading: Reading) -> str:
    dose = f"{format_mg(reading.dose_mg)} mg"
    daily = f"{format_mg(reading.daily_dose_mg)} mg/day"
    if reading.count == 1 and reading.period_hours > HOURS_PER_DAY:
        days = reading.period_hours / HOURS_PER_DAY
        return f"{dose} every {format_mg(days)} days = {daily}"
    return f"{dose} × {format_mg(reading.doses_per_day)}/day = {daily}"


def format_mg(value: Fraction) -> str:
    """A number for people: exact when it is a short decimal, else ≈ with four decimals."""
    from decimal import Decimal

    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if exact * value.denominator == value.numerator and len(exact.normalize().as_tuple().digits) <= 12:
        return format(exact.normalize(), "f")
    return "≈" + format(exact.quantize(Decimal("0.0001")).normalize(), "f")
