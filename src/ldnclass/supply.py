"""The dispensed supply: quantity × strength ÷ days' supply, the pharmacist's first cross-check.

The quantity is in units (tablets, capsules, kits), in mL for a liquid with a concentration,
or in g for a bulk powder. Every number is an exact Fraction. An injectable's days' supply
is its dosing interval (one 380 mg kit for 28 days is the labeled dose, not 13.6 mg/day), so it
is checked as an interval and never averaged into an oral mg/day. Pure: no I/O.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import NamedTuple

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.patterns import LazyPattern
from ldnclass.reading import HOURS_PER_DAY, ONCE_DAILY_ASSUMPTION, Dose, FrequencyWord, ProductFacts, Reading
from ldnclass.regimens import Regimens
from ldnclass.result import Result
from ldnclass.units import quantity as pint_quantity

Number = Fraction | Decimal | int | float | str
NO_SIG_ASSUMPTION = "no sig: classified on the supply's average daily dose (quantity × strength ÷ days' supply)"
NO_SIG_INJECTION_ASSUMPTION = "no sig: one injection per unit dispensed, spread evenly over the days' supply"
MAX_SUPPLY_DAYS = 3660
MAX_QUANTITY = 100_000
_AMOUNT = LazyPattern(r"\s*([0-9]{1,9}(?:\.[0-9]{1,6})?)\s*([a-z]*)\.?\s*", re.IGNORECASE | re.ASCII)
_UNIT_WORDS = {
    "": "",
    "ml": "mL",
    "cc": "mL",
    "g": "g",
    "gm": "g",
    "gram": "g",
    "grams": "g",
    **dict.fromkeys(
        ("tab", "tabs", "tablet", "tablets", "cap", "caps", "capsule", "capsules", "each", "ea", "unit", "units"),
        "units",
    ),
    **dict.fromkeys(("kit", "kits", "vial", "vials", "injection", "injections"), "units"),
}
_DAY_WORDS = ("", "d", "day", "days")


class Supply(NamedTuple):  # a NamedTuple: defined in ~0.07 ms at start-up, a frozen dataclass ~0.5
    """What was dispensed, and the naltrexone in it when the product says what a unit holds."""

    quantity: Fraction
    unit: str  # "units", "mL" or "g"; "" when not written
    days: Fraction
    facts: ProductFacts | None
    route: str = "oral"
    total_mg: Fraction | None = None  # naltrexone dispensed in all; None when it cannot be known
    strength: str = ""  # how the total was reached, for the arithmetic ("30 × 50 mg")
    why_not: str | None = None  # why total_mg is None

    def settled(self, route: str, data: Regimens) -> Supply:
        """The supply for a route (the sig's, once read): its naltrexone in all, or why not."""
        total, strength, why_not = _total_mg(self.quantity, self.unit, self.facts, data, route)
        return self._replace(route=route, total_mg=total, strength=strength, why_not=why_not)

    @property
    def daily_mg(self) -> Fraction | None:
        """The supply's average mg/day: oral only (an injection is checked as an interval)."""
        if self.total_mg is None or self.route != "oral":
            return None
        return self.total_mg / self.days

    def arithmetic(self) -> str:
        days = format_mg(self.days)
        if self.total_mg is None:
            return f"supply: {self.strength} over {days} days"
        total = f"{self.strength} = {format_mg(self.total_mg)} mg"
        if self.route != "oral":
            return f"supply: {total} over {days} days"
        return f"supply: {total} ÷ {days} days = {format_mg(self.total_mg / self.days)} mg/day"


def read_supply(
    quantity: Number | None,
    days_supply: Number | None,
    facts: ProductFacts | None,
    data: Regimens,
    route: str | None,
) -> Supply | None:
    """The supply, or None when neither number is given. One without the other is an error:
    a quantity alone says nothing of a daily dose."""
    if quantity is None and days_supply is None:
        return None
    if quantity is None or days_supply is None:
        given = "a quantity" if quantity is not None else "a days' supply"
        raise DoseError(f"{given} alone: the supply check needs both quantity and days' supply", ErrorCode.BAD_SUPPLY)
    amount, unit = _amount(quantity, "quantity", _UNIT_WORDS, MAX_QUANTITY)
    days, _ = _amount(days_supply, "days' supply", dict.fromkeys(_DAY_WORDS, ""), MAX_SUPPLY_DAYS)
    route = route or (facts.route if facts else None) or _product_route(facts, data) or "oral"
    return Supply(amount, unit, days, facts).settled(route, data)


def _amount(value: Number, what: str, units: dict[str, str], limit: int) -> tuple[Fraction, str]:
    if isinstance(value, bool):
        raise DoseError(f"the {what} must be a number, not {value!r}", ErrorCode.BAD_SUPPLY)
    if isinstance(value, (int, Fraction)):
        number, unit = Fraction(value), ""
    elif isinstance(value, (float, Decimal)):
        try:
            number, unit = Fraction(Decimal(str(value))), ""
        except (InvalidOperation, ValueError, OverflowError):
            raise DoseError(f"the {what} {value!r} is not a number", ErrorCode.BAD_SUPPLY) from None
    else:
        found = _AMOUNT.fullmatch(value)
        word = found[2].casefold() if found else ""
        if found is None or word not in units:
            raise DoseError(
                f"the {what} {value.strip()[:40]!r} is not a plain number (e.g. 30, 120 mL, 5 g)", ErrorCode.BAD_SUPPLY
            )
        number, unit = Fraction(Decimal(found[1])), units[word]
    if not 0 < number <= limit:
        raise DoseError(f"the {what} {format_mg(number)} is not between 0 and {limit:,}", ErrorCode.BAD_SUPPLY)
    return number, unit


def _product_route(facts: ProductFacts | None, data: Regimens) -> str | None:
    key = facts.product_key if facts else None
    return data.product_routes.get(key) if key else None


def _total_mg(
    amount: Fraction, unit: str, facts: ProductFacts | None, data: Regimens, route: str
) -> tuple[Fraction | None, str, str | None]:
    """The naltrexone dispensed, and how it was reached; or None and why not."""
    shown = format_mg(amount)
    if route == "topical" or (facts is not None and facts.percent is not None):
        return None, f"{shown} {unit or 'g'}", "a topical product: its supply is not an mg/day"
    if route == "injectable" and unit in ("", "units"):
        kit = _unit_strength(facts, data, route)
        if kit is not None:  # "Vivitrol 380 mg/4 mL kit", quantity 1: a kit, as claims bill it, not 1 mL
            return amount * kit, f"{shown} × {format_mg(kit)} mg", None
        if unit == "" and facts is not None and facts.concentration is not None:  # a kit of what, or 1 mL?
            return None, shown, "an injectable's quantity with no unit: kits or mL? Write '1 kit' or '4 mL'"
    if facts is not None and facts.concentration is not None and unit in ("", "mL"):
        per_ml = Fraction(facts.concentration.to("milligram / milliliter").magnitude)
        return amount * per_ml, f"{shown} mL × {format_mg(per_ml)} mg/mL", None
    strength = _unit_strength(facts, data, route)
    if unit == "g":
        if strength is not None or (facts is not None and facts.concentration is not None):
            return None, f"{shown} g", "a quantity in g, but the product is counted in units or mL"
        return amount * 1000, f"{shown} g of naltrexone powder × 1000 mg/g", None
    if unit == "mL":
        return None, f"{shown} mL", "a quantity in mL, but the product gives no mg/mL"
    if strength is None:
        return (
            None,
            f"{shown} units",
            "the strength per unit is not known: give the product (e.g. 'naltrexone 50 mg tablet')",
        )
    return amount * strength, f"{shown} × {format_mg(strength)} mg", None


def _unit_strength(facts: ProductFacts | None, data: Regimens, route: str) -> Fraction | None:
    """What one unit holds: the product's stated strength, else the data's for its brand (a
    Contrave tablet, a Vivitrol kit's labeled dose)."""
    if facts is None:
        return None
    if facts.strength_mg is not None:
        return facts.strength_mg
    key = facts.product_key
    if key is None:
        return None
    if key in data.unit_strengths:
        return data.unit_strengths[key]
    regimen = data.product_regimen(key)
    if route == "injectable" and regimen is not None and regimen.labeled_dose_mg is not None:
        return Fraction(regimen.labeled_dose_mg)
    return None


# --- no sig: the supply is the reading --------------------------------------------------


def supply_reading(supply: Supply, facts: ProductFacts | None) -> Reading:
    """A claims row (no sig): the supply's average is read as the dose. An oral supply is its
    mg/day; an injectable's units are injections spread over the days' supply."""
    if supply.why_not is not None or supply.total_mg is None:
        raise DoseError(f"no sig, and the supply gives no dose: {supply.why_not}", ErrorCode.NO_DOSE)
    key = facts.product_key if facts else None
    if supply.route == "injectable":
        each = supply.total_mg / supply.quantity
        every_days = supply.days / supply.quantity
        period = every_days * HOURS_PER_DAY
        frequency = FrequencyWord(Fraction(1), period, f"every {format_mg(every_days)} days")
        dose = Dose(pint_quantity(each, "milligram"), Fraction(1), period, frequency, text=supply.arithmetic())
        return Reading("injectable", "injectable", [dose], product=key)
    daily = supply.total_mg / supply.days
    frequency = FrequencyWord(Fraction(1), HOURS_PER_DAY, "a day, on average")
    dose = Dose(
        pint_quantity(daily, "milligram"), Fraction(1), HOURS_PER_DAY, frequency, arithmetic=[supply.arithmetic()]
    )
    return Reading("single", supply.route, [dose], product=key)


def without_sig(result: Result) -> Result:
    """A result classified on the supply alone claims no dose per administration."""
    if result.route == "injectable":
        return result.replace(assumptions=(*result.assumptions, NO_SIG_INJECTION_ASSUMPTION))
    if result.route != "oral":
        return result.replace(assumptions=(*result.assumptions, NO_SIG_ASSUMPTION))
    return result.replace(dose_mg=None, doses_per_day=None, assumptions=(*result.assumptions, NO_SIG_ASSUMPTION))


# --- the cross-check --------------------------------------------------------------------


def cross_check(result: Result, reading: Reading, supply: Supply, data: Regimens) -> Result:
    """The result with the supply's figure, its arithmetic, and a warning when the sig and
    the supply disagree by more than the data file's tolerance."""
    if result.route is not None and result.route != supply.route:
        supply = supply.settled(result.route, data)  # the sig named the route the product did not
    result = result.replace(
        supply_daily_dose_mg=supply.daily_mg,
        arithmetic=(*result.arithmetic, supply.arithmetic()),
    )
    if supply.why_not is not None:
        return result.replace(notes=(*result.notes, f"supply not checked: {supply.why_not}"))
    if not result.ok:
        return result
    tolerance = Fraction(data.supply_tolerance_percent) / 100
    if result.route == "injectable":
        regimen = data.regimen(result.regimen) if result.regimen else None
        warning = _interval_warning(reading, supply, tolerance, regimen.labeled_every_days if regimen else None)
    elif result.route == "oral":
        warning = _daily_warning(result, reading, supply, tolerance)
    else:
        warning = None
    return result.replace(warnings=(*result.warnings, warning)) if warning else result


def _expected_daily(result: Result, reading: Reading, days: Fraction) -> tuple[Fraction, Fraction]:
    """The mg/day the sig implies over the supply's days, as a low and a high end."""
    high = result.daily_dose_mg
    assert high is not None
    if reading.form == "titration":
        steps = reading.doses
        if all(step.duration_days is not None for step in steps[:-1]):
            total, left = Fraction(0), days
            for step in steps:
                spent = left if step is steps[-1] or step.duration_days is None else min(left, step.duration_days)
                total, left = total + step.daily_dose_mg * spent, left - spent
                if left <= 0:
                    break
            return total / days, total / days
        daily = [step.daily_dose_mg for step in steps]
        return min(daily), max(daily)
    low = result.daily_dose_mg_min if result.daily_dose_mg_min is not None else high
    return (Fraction(0) if result.prn else low), high


def _daily_warning(result: Result, reading: Reading, supply: Supply, tolerance: Fraction) -> str | None:
    daily = supply.daily_mg
    if daily is None or result.daily_dose_mg is None:
        return None
    low, high = _expected_daily(result, reading, supply.days)
    if low * (1 - tolerance) <= daily <= high * (1 + tolerance):
        return None
    sig = format_mg(high) if low == high else f"{format_mg(low)} to {format_mg(high)}"
    if daily > high:
        causes = "tablets dispensed for a dissolved-tablet liquid, a unit slip (mg/mcg, mL), or an early refill"
    else:
        causes = "a unit slip (mg/mcg, mL), a days' supply that is too long, or a partial fill"
    return (
        f"the supply comes to {format_mg(daily)} mg/day but the sig to {sig} mg/day "
        f"({supply.arithmetic().removeprefix('supply: ')}): check for {causes}"
    )


def _interval_warning(reading: Reading, supply: Supply, tolerance: Fraction, labeled_days: int | None) -> str | None:
    """An injection's supply is checked as an interval: the days each dose's worth covers. With no
    interval written, against the label's (the result assumes it): "inject 380 mg IM" with 4 kits
    for 28 days is one a week, which only the supply says."""
    (dose,) = reading.doses
    assert supply.total_mg is not None
    supply_days = supply.days * dose.dose_mg / supply.total_mg
    if ONCE_DAILY_ASSUMPTION in dose.assumptions:
        if labeled_days is None:
            return None
        low = high = Fraction(labeled_days)
        sig = f"no interval, and the label one every {labeled_days} days"
    elif dose.frequency.calendar_month:
        low, high, sig = Fraction(28), Fraction(31), "once a month"
    else:
        low = high = dose.period_hours / dose.count / HOURS_PER_DAY
        sig = f"one every {format_mg(low)} days"
    if low * (1 - tolerance) <= supply_days <= high * (1 + tolerance):
        return None
    return (
        f"the supply covers one {format_mg(dose.dose_mg)} mg injection every {format_mg(supply_days)} days "
        f"but the sig gives {sig} ({supply.arithmetic().removeprefix('supply: ')}): "
        "check the quantity and the days' supply"
    )
