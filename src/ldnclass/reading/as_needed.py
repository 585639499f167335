"""As needed (PRN): "50 mg 1 hour before drinking as needed", "1.5 mg prn, not to exceed 4.5 mg
per day", "1 cap when required, max 3 in 24 hours".

An as-needed dose is classified on the most a day the prescription allows: the written maximum
when there is one, else what its frequency allows ("q8h prn": three doses), else one dose a day,
which the result then states as an assumption. A frequency that allows less than the written
maximum ("1.5 mg qhs prn, max 4.5 mg/day") makes a range, classified on both ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.reading import grammar
from ldnclass.reading.dose import HOURS_PER_DAY, ONCE_DAILY_ASSUMPTION, Dose, DoseContext, daily_arithmetic
from ldnclass.reading.grammar import FrequencyWord, Symbol, means
from ldnclass.reading.pieces import Count, CountRange, Measure, Piece, Range, Stated, StatedRange, make_pieces

if TYPE_CHECKING:
    from ldnclass.reading.forms import Reading

NO_MAXIMUM_ASSUMPTION = "as needed, with no maximum written: classified on one dose a day"


def is_as_needed(items: list[grammar.Item]) -> bool:
    return any(means(item, "prn", "maximum") for item in items)


def read_as_needed(
    items: list[grammar.Item],
    read_rest: Callable[[list[grammar.Item]], Reading],
    context: DoseContext | None = None,
) -> Reading:
    """Read the dose without its PRN and maximum words, then set its day's amount to the most allowed.
    ``context``: the product's, for a maximum in units of a dose written in mg."""
    rest, maximum = _split_maximum([item for item in items if not means(item, "prn")])
    reading = read_rest(rest)
    if reading.form == "topical" and not maximum:
        reading.prn = True  # a cream as needed: no mg/day either way
        return reading
    scheduled = not any(means(item, "prn") for item in items)  # a maximum alone, no "prn"
    one_amount = reading.form != "range"  # a unit counted by the maximum may be the dose itself
    if reading.form == "range" and scheduled and maximum and len(reading.doses) == 2:
        return _range_within_its_maximum(reading, maximum, rest, context or DoseContext())
    if reading.form == "range" and not scheduled:
        reading.form, reading.doses = "single", [_the_most_of(reading.doses)]
    if reading.form not in ("single", "injectable") or len(reading.doses) != 1:
        raise DoseError(
            "an as-needed dose is read as one dose or a range (not a schedule or titration)",
            ErrorCode.UNSUPPORTED_FORM,
        )
    (dose,) = reading.doses
    reading.prn = not scheduled  # a maximum alone: the dose is taken as written, up to it
    if maximum:
        maximum_mg, assumed = _maximum_mg(maximum, dose, rest, context or DoseContext(), one_amount)
        dose.assumptions.extend(assumed)
        most = _at_most(dose, maximum_mg)
        # With no "prn" the dose as written is taken (once a day, when no frequency is given, as
        # the assumption says): "take 3 mg, max 100 mg/day" is 3 to 100, never 100 alone
        once_daily_assumed = ONCE_DAILY_ASSUMPTION in dose.assumptions
        allowed = dose.daily_dose_mg if scheduled or not once_daily_assumed else None
        if scheduled:
            _check_within(dose, maximum_mg)  # classed on the maximum before
        if allowed is not None and allowed < maximum_mg:
            # "4.5 mg qhs prn, max 2 per day": the frequency allows one dose, the maximum two. Which
            # rules is not said, so both ends are classified: a range across two bands is refused.
            reading.form = "range"
            reading.doses = [dose, most]
            dose.notes.append(f"as needed: '{dose.frequency.text}' allows less than the written maximum")
        else:
            reading.doses = [most]
        return reading
    if ONCE_DAILY_ASSUMPTION in dose.assumptions:
        dose.assumptions[dose.assumptions.index(ONCE_DAILY_ASSUMPTION)] = NO_MAXIMUM_ASSUMPTION
    else:
        dose.notes.append(f"as needed, up to '{dose.frequency.text}': classified on the most that allows")
    return reading


def _range_within_its_maximum(
    reading: Reading, maximum: list[grammar.Item], rest: list[grammar.Item], context: DoseContext
) -> Reading:
    """ "one or two every 6 hours, max 8 per 24 hours": a range taken as written, up to its maximum.
    Both ends are classified, as a single dose with a maximum above it is ("4.5 mg qhs, max 9
    mg/day": 4.5 to 9); an end over the maximum is refused, as a schedule over its own is."""
    low, high = reading.doses
    maximum_mg, assumed = _maximum_mg(maximum, high, rest, context, one_amount=False)
    _check_within(high, maximum_mg)
    high.assumptions.extend(assumed)
    if high.daily_dose_mg < maximum_mg:
        reading.doses = [low, _at_most(high, maximum_mg)]
        high.notes.append(f"'{high.frequency.text}' allows less than the written maximum")
    return reading


def _check_within(dose: Dose, maximum_mg: Fraction) -> None:
    if dose.daily_dose_mg > maximum_mg:
        # "25 mg bid. Max 25 mg per day": a schedule over its own maximum; only an as-needed dose
        # is taken up to one
        raise DoseError(
            f"'{dose.frequency.text}' gives {format_mg(dose.daily_dose_mg)} mg/day, over the written maximum of "
            f"{format_mg(maximum_mg)} mg/day: which is meant?",
            ErrorCode.CONFLICTING_AMOUNTS,
        )


def _the_most_of(ends: list[Dose]) -> Dose:
    """ "1-2 tabs prn", "q4-6h prn": the end allowing the most a day, as a frequency's "q8h prn" is
    classified on the three doses it allows."""
    most = max(ends, key=lambda end: end.daily_dose_mg)
    most.notes.append(
        f"as needed, a range: classified on its end allowing the most, {format_mg(most.dose_mg)} mg "
        f"'{most.frequency.text}'"
    )
    return most


def _split_maximum(items: list[grammar.Item]) -> tuple[list[grammar.Item], list[grammar.Item]]:
    """The items before and after the maximum (up to the next comma): "max 2 tabs/day"."""
    at = next((i for i, item in enumerate(items) if means(item, "maximum")), None)
    if at is None:
        return items, []
    end = next((i for i in range(at + 1, len(items)) if _is_comma(items[i])), len(items))
    if any(means(item, "maximum") for item in items[at + 1 :]):
        raise DoseError("more than one maximum given", ErrorCode.MULTIPLE_AMOUNTS)
    return items[:at] + items[end:], items[at:end]


def _is_comma(item: grammar.Item) -> bool:
    return isinstance(item, Symbol) and item.text == ","


def _maximum_mg(
    maximum: list[grammar.Item],
    dose: Dose,
    rest: list[grammar.Item],
    context: DoseContext,
    one_amount: bool,
) -> tuple[Fraction, list[str]]:
    """The written maximum in mg a day: an amount, a rate, or a count of the dose's units."""
    said_daily = isinstance(maximum[0], grammar.Word) and maximum[0].text.replace(" ", "") in _DAILY_MAXIMA
    pieces = _in_mg_when_said(make_pieces(_bare_counts_as_units(maximum[1:])), dose, rest, context)
    _check_only_the_maximum(maximum, pieces)
    frequencies = [p for p in pieces if isinstance(p, FrequencyWord)]
    if len(frequencies) == 1 and not any(isinstance(p, (Measure, Count, grammar.Number)) for p in pieces):
        return _doses_at_most(frequencies[0], dose, rest, context), []
    for frequency in frequencies:
        if frequency.high is not None or frequency.times * HOURS_PER_DAY / frequency.period_hours != 1:
            raise DoseError(
                f"a maximum '{frequency.text}': write it per day ('max 2 tabs/day')", ErrorCode.UNSUPPORTED_FORM
            )
    per_day = said_daily or bool(frequencies)
    amounts = [p for p in pieces if isinstance(p, (Measure, Count, grammar.Number))]
    if len(amounts) != 1:
        raise DoseError("a maximum needs one amount: 'max 4.5 mg/day' or 'max 2 tabs/day'", ErrorCode.UNSUPPORTED_FORM)
    (amount,) = amounts
    if isinstance(amount, Measure) and amount.quantity.check("[mass] / [time]"):
        return Fraction(amount.quantity.to("milligram / day").magnitude), []
    if not per_day:
        raise DoseError("a maximum with no 'per day': per dose, or per day?", ErrorCode.AMBIGUOUS_FREQUENCY)
    if isinstance(amount, Measure):
        if not amount.quantity.check("[mass]"):
            raise DoseError(f"'{amount.text}' as a maximum: write it in mg", ErrorCode.NOT_A_MASS)
        return Fraction(amount.quantity.to("milligram").magnitude), []
    unit_mg, assumed = _unit_mg(dose, rest, amount, context, one_amount)
    return amount.value * unit_mg, assumed


def _in_mg_when_said(pieces: list[Piece], dose: Dose, rest: list[grammar.Item], context: DoseContext) -> list[Piece]:
    """ "max 3 tabs (4.5 mg) per day", "max 4.5 mg (3 tabs) per day": the mg the maximum says ("max
    4.5 mg (3 tabs)" was read as "max once a day", 1.5 mg of a 1.5 mg dose). Its units must make
    it, where their strength is known: "max 3 tabs (1.5 mg)" of 1.5 mg tablets is 1.5 mg each, or
    in all? (An attack found the count dropped.)"""
    stated = [p for p in pieces if isinstance(p, Stated)]
    if not stated:
        return pieces
    if len(stated) > 1 or stated[0].role == "each":
        raise DoseError(f"a maximum of '{stated[0].text}': write it in mg per day", ErrorCode.UNSUPPORTED_FORM)
    said = stated[0]
    units = said.units or next((p for p in pieces if isinstance(p, Count)), None)
    if units is not None:
        _check_units_make_the_maximum(said, units, dose, rest, context)
    kept = [p for p in pieces if not isinstance(p, (Count, Stated))]
    return [*kept, said.measure]


def _check_units_make_the_maximum(
    said: Stated, units: Count, dose: Dose, rest: list[grammar.Item], context: DoseContext
) -> None:
    try:
        unit_mg, _ = _unit_mg(dose, rest, units, context, one_amount=False)
    except DoseError:
        return  # no strength known: the mg said is the maximum
    said_mg = Fraction(said.measure.quantity.to("milligram").magnitude)
    if units.value * unit_mg == said_mg:
        return
    code = ErrorCode.AMBIGUOUS_STRENGTH if said_mg == unit_mg else ErrorCode.CONFLICTING_AMOUNTS
    raise DoseError(
        f"a maximum of '{said.text}' and {units.text} of {format_mg(unit_mg)} mg: "
        f"{format_mg(units.value * unit_mg)} mg, or {format_mg(said_mg)} mg?",
        code,
    )


def _check_only_the_maximum(maximum: list[grammar.Item], pieces: list[Piece]) -> None:
    """The maximum runs to the next comma: "max 1.5 mg/day: 0.5-1 mg at night" holds the dose as
    well, and its range was lost (read as one unit of the product, 1 to 1.5 mg/day)."""
    for piece in pieces:
        if isinstance(piece, (Range, CountRange, StatedRange)):  # a bracket restating it is its own
            raise DoseError(
                f"'{piece.text}' after '{maximum[0].text}', with no comma between: part of the maximum, or "
                "the dose? Put a comma after the maximum",
                ErrorCode.AMBIGUOUS_DOSE,
            )


def _doses_at_most(frequency: FrequencyWord, dose: Dose, rest: list[grammar.Item], context: DoseContext) -> Fraction:
    """ "as needed, no more than once daily", "max 1/day" (the Sinclair method's targeted doses):
    at most that many of the dose a day, never a time of day or a range of them. A bare number
    per day ("max 8/day") after a dose of other than one unit ("2 tabs prn", 50 mg of 25 mg
    tablets) may count the units ("max 8 a day" does): refused."""
    if frequency.high is not None or frequency.time_of_day:
        raise DoseError(
            f"a maximum '{frequency.text}': write it per day ('max 2 tabs/day')", ErrorCode.UNSUPPORTED_FORM
        )
    if frequency.text.split(" ")[1:2] == ["/"] and not _one_unit_a_dose(dose, rest, context):
        raise DoseError(
            f"a maximum of '{frequency.text}' after a dose that is not one unit: that many units a "
            "day, or that many doses? Write 'max 8 tabs/day' or 'no more than 4 times a day'",
            ErrorCode.AMBIGUOUS_COUNT,
        )
    return dose.dose_mg * frequency.times * HOURS_PER_DAY / frequency.period_hours


def _one_unit_a_dose(dose: Dose, rest: list[grammar.Item], context: DoseContext) -> bool:
    counts = [p for p in make_pieces(rest) if isinstance(p, (Count, CountRange))]
    if counts:
        return all(isinstance(count, Count) and count.value == 1 for count in counts)
    return context.unit_strength_mg is None or dose.dose_mg == context.unit_strength_mg


def _a_whole_number_of_doses_beyond(number: Fraction, units_a_dose: Fraction, dose: Dose) -> bool:
    """Whether a number is more than the doses a day the dose's written frequency allows (at its
    top), and as units a whole number of doses within them: then a maximum of that many can only
    count units ("2 tabs four times daily, max 8"). "2 caps qhs, max 3 per day" would be 1.5
    doses, "1/2 tab bid, max 3" six: units, or doses?"""
    if ONCE_DAILY_ASSUMPTION in dose.assumptions:  # no frequency written: no limit to compare
        return False
    top = dose.frequency.high or dose.frequency
    doses = top.times * HOURS_PER_DAY / top.period_hours
    as_doses = number / units_a_dose
    return doses < number and as_doses.denominator == 1 and as_doses <= doses


def _bare_counts_as_units(items: list[grammar.Item]) -> list[grammar.Item]:
    """ "max 3 in 24 hours": a whole number with no unit counts the dose's units."""
    out: list[grammar.Item] = []
    for position, item in enumerate(items):
        out.append(item)
        after = items[position + 1] if position + 1 < len(items) else None
        if (
            isinstance(item, grammar.Number)
            and item.is_integer_literal
            and not isinstance(after, (grammar.UnitWord, grammar.Word))
        ):
            out.append(grammar.Word("form", _A_DOSE, None))
    return out


_DAILY_MAXIMA = {"maxdailydose", "maxdailyamount", "maximumdailydose", "maximumdailyamount", "maxperday"}


_A_DOSE = "unit"  # what a bare count in a maximum counts: "max 3 in 24 hours"


def _unit_mg(
    dose: Dose,
    rest: list[grammar.Item],
    counted: Count | grammar.Number,
    context: DoseContext,
    one_amount: bool,
) -> tuple[Fraction, list[str]]:
    """The mg in one of the units a maximum counts: the strength of the dose's units ("1-2 tabs …
    max 6 tabs"); for a dose written in mg, the product's unit ("3 mg prn, max 2 caps" of 1.5 mg
    capsules, was 6 mg), the dose itself for a bare count ("max 3 in 24 hours"), or, with neither,
    one unit a dose, which the result says ("4.5 mg prn, max 2 tabs/day"). A unit of a range in mg
    ("1.5-3 mg prn, max 2 caps") could be either end's, and of a liquid ("2 mL, max 4 tabs") is
    none: both are refused."""
    # of a range of counts, the high end's: the dose is the end allowing the most (_the_most_of)
    pieces = make_pieces(rest)
    counts = [p.high if isinstance(p, CountRange) else p for p in pieces if isinstance(p, (Count, CountRange))]
    bare = counted.text.split()[-1] == _A_DOSE
    # "2 tabs four times daily (max 8 in 24 hours)": more than the doses a day allowed, units;
    # "1/2 tab prn, max 1 per day", "2 caps prn, max 3 per day" (read as units, 2 halves, 1.5
    # doses), "50 mg prn, max 4 in 24 hours" of 25 mg tablets: units, or doses?
    if (
        bare
        and not _one_unit_a_dose(dose, rest, context)
        and (len(counts) != 1 or not _a_whole_number_of_doses_beyond(counted.value, counts[0].value, dose))
    ):
        raise DoseError(
            f"a maximum of {counted.text.split()[0]} with no unit, after a dose that is not one unit: that "
            "many units, or that many doses? Write 'max 4 tabs in 24 hours'",
            ErrorCode.AMBIGUOUS_COUNT,
        )
    if len(counts) == 1:
        return dose.dose_mg / counts[0].value, []
    if bare:
        return dose.dose_mg, []
    if context.concentration is not None:  # "1 mg prn, max 2 caps/day" of a solution
        raise DoseError(
            f"a maximum of '{counted.text}' but the product is a liquid: write the maximum in mg or mL",
            ErrorCode.CONFLICTING_AMOUNTS,
        )
    if context.unit_strength_mg is not None:
        return context.unit_strength_mg, []
    if one_amount and all(
        isinstance(p, Measure) and p.quantity.check("[mass]") for p in pieces if isinstance(p, Measure)
    ):
        return dose.dose_mg, [f"'max {counted.text}': one unit taken as one dose, {format_mg(dose.dose_mg)} mg"]
    raise DoseError(
        f"a maximum of '{counted.text}': of what strength is each? Write the maximum in mg, or give the product",
        ErrorCode.NO_STRENGTH,
    )


def _at_most(dose: Dose, maximum_mg: Fraction) -> Dose:
    if maximum_mg < dose.dose_mg:
        raise DoseError(
            f"the maximum of {format_mg(maximum_mg)} mg/day is less than one dose ({format_mg(dose.dose_mg)} mg)",
            ErrorCode.CONFLICTING_AMOUNTS,
        )
    frequency = FrequencyWord(maximum_mg / dose.dose_mg, HOURS_PER_DAY, f"at most {format_mg(maximum_mg)} mg/day")
    changed = replace(
        dose,
        count=frequency.times,
        period_hours=HOURS_PER_DAY,
        frequency=frequency,
        assumptions=[a for a in dose.assumptions if a != ONCE_DAILY_ASSUMPTION],
        notes=[*dose.notes, f"as needed: classified on the most a day allowed, {format_mg(maximum_mg)} mg"],
        arithmetic=dose.arithmetic[:-1],
    )
    changed.arithmetic.append(daily_arithmetic(changed))
    return changed
