"""Pieces → one dose: the amount per administration and how often, as pint quantities.

Here the pieces are checked against each other: one dose amount (or one range),
at most one count, a volume only with a concentration (or a dissolved tablet),
a per-kg dose only with a weight, at most one frequency. Pint does the unit
arithmetic and the dimension checks; every number is an exact Fraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from itertools import pairwise
from typing import Any

from ldnclass.errors import DoseError
from ldnclass.grammar import FrequencyWord, Symbol, Word
from ldnclass.pieces import Count, Measure, Percent, Piece, Range, Weight
from ldnclass.units import quantity

HOURS_PER_DAY = Fraction(24)
ONCE_DAILY_ASSUMPTION = "no frequency given: taken as once daily"
ONCE_DAILY = FrequencyWord(Fraction(1), HOURS_PER_DAY, "once daily")


@dataclass(frozen=True)
class DoseContext:
    """What the rest of the text (or the caller) says that a dose needs."""

    weight_kg: Fraction | None = None
    unit_strength_mg: Fraction | None = None  # a product's mg of naltrexone per tablet
    unit_label: str = ""
    default_frequency: FrequencyWord | None = None  # carried over from a titration's step before
    default_is_carried: bool = False
    allow_calendar_month: bool = False  # injections may be "monthly"; oral doses may not


@dataclass
class Dose:
    amount: Any  # pint quantity of mass, per administration
    count: Fraction  # administrations ...
    period_hours: Fraction  # ... every this many hours
    frequency: FrequencyWord
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    arithmetic: list[str] = field(default_factory=list)
    text: str = ""

    # Cached: the classifier, the arithmetic and the result each ask, and each pint
    # conversion costs tens of microseconds (batch with every text distinct feels it).
    @cached_property
    def dose_mg(self) -> Fraction:
        return Fraction(self.amount.to("milligram").magnitude)

    @cached_property
    def doses_per_day(self) -> Fraction:
        return self.count * HOURS_PER_DAY / self.period_hours

    @cached_property
    def daily_dose_mg(self) -> Fraction:
        # amount × count ÷ period, in that order, so the result stays exact.
        daily = self.amount * self.count / quantity(self.period_hours, "hour")
        return Fraction(daily.to("milligram / day").magnitude)


def read_doses(pieces: list[Piece], context: DoseContext = DoseContext()) -> list[Dose]:
    """One dose, or two (low, high) for a range."""
    _reject_symbols(pieces)
    ranges = [p for p in pieces if isinstance(p, Range)]
    if len(ranges) > 1:
        raise DoseError("more than one range in one dose", "multiple-amounts")
    frequency, assumptions = _frequency(pieces, context)
    if not ranges:
        return [_dose(pieces, frequency, assumptions, context)]
    (span,) = ranges
    return [
        _dose([span.low if p is span else p for p in pieces], frequency, assumptions, context),
        _dose([span.high if p is span else p for p in pieces], frequency, assumptions, context),
    ]


def _reject_symbols(pieces: list[Piece]) -> None:
    for piece in pieces:
        if isinstance(piece, Symbol):
            raise DoseError(f"unexpected '{piece.text}' in the dose", "bad-character")
        if isinstance(piece, Percent):
            raise DoseError(f"'{piece.text}' is a strength for a cream, not an oral dose", "not-a-mass")


def _dose(pieces: list[Piece], frequency: FrequencyWord, assumptions: list[str], context: DoseContext) -> Dose:
    amount, arithmetic = _amount(pieces, context)
    if amount.magnitude == 0:
        raise DoseError("the dose is zero", "zero-dose")
    dose = Dose(
        amount,
        frequency.count,
        frequency.period_hours,
        frequency,
        list(assumptions),
        list(frequency.warnings),
        arithmetic,
    )
    dose.arithmetic.append(daily_arithmetic(dose))
    return dose


def _amount(pieces: list[Piece], context: DoseContext) -> tuple[Any, list[str]]:
    measures = [p for p in pieces if isinstance(p, Measure)]
    counts = [p for p in pieces if isinstance(p, Count)]
    if len(counts) > 1:
        raise DoseError(f"more than one count ({', '.join(c.text for c in counts)})", "multiple-amounts")
    count = counts[0] if counts else None
    by_kind = _by_dimension(measures)
    if by_kind["per_weight"]:
        return _weight_based(by_kind, pieces, context)
    if by_kind["volume"] or by_kind["concentration"]:
        return _liquid(by_kind, count, pieces)
    if by_kind["rate"]:
        if len(by_kind["rate"]) > 1 or by_kind["mass"] or count:
            raise DoseError(_listing("more than one dose amount", measures), "multiple-amounts")
        rate = by_kind["rate"][0]
        return (rate.quantity * quantity(Fraction(1), "day")).to("milligram"), []
    return _solid(by_kind["mass"], count, context)


def _by_dimension(measures: list[Measure]) -> dict[str, list[Measure]]:
    kinds: dict[str, list[Measure]] = {
        "mass": [],
        "volume": [],
        "concentration": [],
        "rate": [],
        "per_weight": [],
    }
    checks = {"mass": "[mass]", "volume": "[volume]", "concentration": "[mass] / [volume]", "rate": "[mass] / [time]"}
    for measure in measures:
        kind = next((k for k, dims in checks.items() if measure.quantity.check(dims)), None)
        if kind is None and measure.quantity.dimensionless and "kilogram" in str(measure.quantity.units):
            kind = "per_weight"
        if kind is None:
            raise DoseError(
                f"'{measure.text}' is not a mass: naltrexone doses are written in mg, mcg or g", "not-a-mass"
            )
        kinds[kind].append(measure)
    return kinds


def _solid(masses: list[Measure], count: Count | None, context: DoseContext) -> tuple[Any, list[str]]:
    if len(masses) > 1:
        raise DoseError(_listing("more than one dose amount", masses) + ": write one dose per line", "multiple-amounts")
    if masses:
        mass = masses[0]
        in_mg = Fraction(mass.quantity.to("milligram").magnitude)
        arithmetic = [] if mass.quantity.units == "milligram" else [f"{mass.text} = {format_mg(in_mg)} mg"]
        if count is None:
            return mass.quantity, arithmetic
        amount = (mass.quantity * count.value).to("milligram")
        return amount, [
            *arithmetic,
            f"{format_mg(count.value)} × {mass.text} = {format_mg(Fraction(amount.magnitude))} mg",
        ]
    if count is not None and context.unit_strength_mg is not None:
        amount = quantity(count.value * context.unit_strength_mg, "milligram")
        return amount, [
            f"{format_mg(count.value)} × {format_mg(context.unit_strength_mg)} mg "
            f"({context.unit_label}) = {format_mg(Fraction(amount.magnitude))} mg"
        ]
    if count is not None:
        raise DoseError(f"'{count.text}': of what strength? write it as e.g. '1/2 tab of 50 mg'", "no-strength")
    raise DoseError("no dose amount found: write it as a number and a unit, e.g. 4.5 mg", "no-dose")


def _liquid(by_kind: dict[str, list[Measure]], count: Count | None, pieces: list[Piece]) -> tuple[Any, list[str]]:
    volumes, concentrations, masses = by_kind["volume"], by_kind["concentration"], by_kind["mass"]
    if concentrations:
        if len(concentrations) > 1 or len(volumes) > 1 or masses or count:
            raise DoseError(
                _listing("more than one dose amount", [*concentrations, *volumes, *masses]), "multiple-amounts"
            )
        if not volumes:
            raise DoseError(
                f"'{concentrations[0].text}' is a concentration with no volume: how many mL per dose?",
                "concentration-without-volume",
            )
        strength, volume = concentrations[0], volumes[0]
        amount = (strength.quantity * volume.quantity).to("milligram")
        return amount, [f"{strength.text} × {volume.text} = {format_mg(Fraction(amount.magnitude))} mg"]
    solvent = _volume_after_in(pieces)
    if masses and len(volumes) == 2 and solvent is not None:
        return _dissolved(masses, count, solvent, next(v for v in volumes if v is not solvent))
    raise DoseError(
        f"'{volumes[0].text}' is a volume with no concentration: how many mg per mL?", "volume-without-concentration"
    )


def _volume_after_in(pieces: list[Piece]) -> Measure | None:
    """The volume a tablet is dissolved in: the one right after the word 'in'."""
    for before, after in pairwise(pieces):
        if isinstance(before, Word) and before.text == "in" and isinstance(after, Measure):
            return after
    return None


def _dissolved(masses: list[Measure], count: Count | None, solvent: Measure, taken: Measure) -> tuple[Any, list[str]]:
    if len(masses) > 1:
        raise DoseError(_listing("more than one tablet strength", masses), "multiple-amounts")
    tablets = count.value if count else Fraction(1)
    dissolved = masses[0].quantity * tablets
    strength = (dissolved / solvent.quantity).to("milligram / milliliter")
    amount = (strength * taken.quantity).to("milligram")
    made = f"{format_mg(tablets)} × {masses[0].text}" if count else masses[0].text
    return amount, [
        f"{made} in {solvent.text} = {format_mg(Fraction(strength.magnitude))} mg/mL",
        f"{format_mg(Fraction(strength.magnitude))} mg/mL × {taken.text} = {format_mg(Fraction(amount.magnitude))} mg",
    ]


def _weight_based(
    by_kind: dict[str, list[Measure]], pieces: list[Piece], context: DoseContext
) -> tuple[Any, list[str]]:
    per_kg = by_kind["per_weight"]
    if len(per_kg) > 1 or by_kind["mass"] or by_kind["volume"]:
        raise DoseError(_listing("more than one dose amount", [*per_kg, *by_kind["mass"]]), "multiple-amounts")
    in_text = [p.kilograms for p in pieces if isinstance(p, Weight)]
    weights = set(in_text) | ({context.weight_kg} if context.weight_kg is not None else set())
    if not weights:
        raise DoseError(
            f"'{per_kg[0].text}' is per kg of body weight: give the weight (--weight 30kg or 'wt 30 kg')",
            "needs-weight",
        )
    if len(weights) > 1:
        raise DoseError("two different body weights given", "conflicting-weight")
    (weight_kg,) = weights
    body_weight_kg(weight_kg)
    amount = (per_kg[0].quantity * quantity(weight_kg, "kilogram")).to("milligram")
    return amount, [f"{per_kg[0].text} × {format_mg(weight_kg)} kg = {format_mg(Fraction(amount.magnitude))} mg"]


MAX_BODY_WEIGHT_KG = 500  # a plausibility limit for reading, not a clinical rule


def body_weight_kg(value: Fraction | float | str) -> Fraction:
    """A body weight as given ("30", "30kg", "30 kg", 30), checked; else a bad-weight DoseError."""
    try:
        weight = Fraction(str(value).strip().lower().removesuffix("kg").strip())
    except (ValueError, ZeroDivisionError):
        raise DoseError(f"'{value}' is not a body weight in kg", "bad-weight") from None
    if not 0 < weight <= MAX_BODY_WEIGHT_KG:
        raise DoseError(f"a body weight of {value} kg is implausible", "bad-weight")
    return weight


def _listing(what: str, measures: list[Measure]) -> str:
    return f"{what} ({', '.join(m.text for m in measures)})"


def _frequency(pieces: list[Piece], context: DoseContext) -> tuple[FrequencyWord, list[str]]:
    frequencies = [p for p in pieces if isinstance(p, FrequencyWord)]
    counting = [f for f in frequencies if not f.time_of_day]
    rate = next((p for p in pieces if isinstance(p, Measure) and p.quantity.check("[mass] / [time]")), None)
    if rate is not None:
        if counting:
            raise DoseError(
                f"'{rate.text}' is already a daily total, and '{counting[0].text}' says how often: "
                "write the dose per administration with its frequency, or the daily total alone",
                "conflicting-frequency",
            )
        return ONCE_DAILY, []
    if len({f.count / f.period_hours for f in counting}) > 1:
        listed = " and ".join(f"'{f.text}'" for f in counting)
        raise DoseError(f"conflicting frequencies {listed}", "conflicting-frequency")
    timed = [f for f in frequencies if f.time_of_day]
    if counting:
        chosen = counting[0]
        if timed and chosen.count * HOURS_PER_DAY / chosen.period_hours > 1:
            raise DoseError(
                f"'{chosen.text}' and '{timed[0].text}' conflict: more than once a day, but at one time of day",
                "conflicting-frequency",
            )
        if chosen.calendar_month and not context.allow_calendar_month:
            raise DoseError(
                f"'{chosen.text}' is 28 to 31 days: write 'every 4 weeks' or 'every 30 days'", "ambiguous-frequency"
            )
        return chosen, []
    if timed:
        return timed[0], []
    if context.default_frequency is not None:
        carried = ["no frequency given: carried over from the step before"] if context.default_is_carried else []
        return context.default_frequency, carried
    return ONCE_DAILY, [ONCE_DAILY_ASSUMPTION]


def with_amount(dose: Dose, amount: Any, arithmetic: list[str]) -> Dose:
    """The same schedule with another amount (titration steps)."""
    changed = replace(dose, amount=amount, arithmetic=list(arithmetic))
    changed.arithmetic.append(daily_arithmetic(changed))
    return changed


def daily_arithmetic(dose: Dose) -> str:
    amount = f"{format_mg(dose.dose_mg)} mg"
    daily = f"{format_mg(dose.daily_dose_mg)} mg/day"
    if dose.count == 1 and dose.period_hours > HOURS_PER_DAY:
        return f"{amount} every {format_mg(dose.period_hours / HOURS_PER_DAY)} days = {daily}"
    return f"{amount} × {format_mg(dose.doses_per_day)}/day = {daily}"


def format_mg(value: Fraction) -> str:
    """A number for people: exact when it is a short decimal, else ≈ with four decimals."""
    from decimal import Decimal

    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if exact * value.denominator == value.numerator and len(exact.normalize().as_tuple().digits) <= 12:
        return format(exact.normalize(), "f")
    return "≈" + format(exact.quantize(Decimal("0.0001")).normalize(), "f")
