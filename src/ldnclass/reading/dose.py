"""Pieces → one dose: the amount per administration and how often, as pint quantities.

Here the pieces are checked against each other: one dose amount (or one range),
at most one count, a volume only with a concentration (or a dissolved tablet),
a per-kg dose only with a weight, at most one frequency. Pint does the unit
arithmetic and the dimension checks; every number is an exact Fraction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import pairwise
from typing import Any, NamedTuple

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.patterns import LazyPattern
from ldnclass.reading import how_long, lexicon
from ldnclass.reading.grammar import FrequencyWord, Symbol, Word, is_a_joiner, means
from ldnclass.reading.pieces import (
    MAX_BARE_COUNT,
    MAX_UNITS_PER_DOSE,
    Count,
    CountRange,
    Measure,
    Percent,
    Piece,
    Range,
    Stated,
    StatedRange,
    Weight,
)
from ldnclass.units import quantity
from ldnclass.weight import body_weight_kg

HOURS_PER_DAY = how_long.HOURS_PER_DAY
MEALS_AND_BEDTIME_ASSUMPTION = "'{said}': read as with each of three meals and at night, four doses a day"
ONCE_DAILY_ASSUMPTION = "no frequency given: taken as once daily"
TOTAL_AS_ONE_DOSE_ASSUMPTION = "'{said}' is a total over its period: taken as one dose in it"
STRENGTH_AS_DOSE_ASSUMPTION = "no count given: the strength was taken as the dose (one unit)"
ONCE_DAILY = FrequencyWord(Fraction(1), HOURS_PER_DAY, "once daily")


class DoseContext(NamedTuple):
    """What the rest of the text (or the caller) says that a dose needs. Made once or more per
    text, so a NamedTuple: a frozen dataclass of these 13 fields cost 1.6 µs to make, 3.3 to replace."""

    weight_kg: Fraction | None = None
    unit_strength_mg: Fraction | None = None  # a product's mg of naltrexone per tablet
    unit_label: str = ""
    default_frequency: FrequencyWord | None = None  # carried over from a titration's step before
    default_is_carried: bool = False
    allow_calendar_month: bool = False  # injections may be "monthly"; oral doses may not
    concentration: Any = None  # a liquid product's mass / volume, from the record's product field
    # "take 2 mL (2 mg) … then 3 mL": the mg per mL a part before gave, for a later bare volume
    # only (one with a mass, count or bracket of its own is read by those, and never checked by it)
    volume_before: Any = None
    volume_before_label: str = ""
    strength_is_stated: bool = False  # the unit strength is the record's own: a sig's must agree
    strength_is_carried: bool = False  # from a part or step before ("1 tab (1.5 mg) …, then 2 tabs")
    product_named: bool = False  # a product field names the drug, so the sig need not
    dissolved: bool = False  # the sig says "dissolve": a dose then needs the volume taken
    later_part: bool = False  # a titration's later step, a divided day's later part: never a product's label


@dataclass
class Dose:
    """One dose as read: its amount per administration, how often, and the arithmetic and notes behind it."""

    amount: Any  # pint quantity of mass, per administration
    count: Fraction  # administrations ...
    period_hours: Fraction  # ... every this many hours
    frequency: FrequencyWord
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    arithmetic: list[str] = field(default_factory=list)
    text: str = ""
    notes: list[str] = field(default_factory=list)
    duration_days: Fraction | None = None  # a titration step's written length

    # Worked out once, as the dose is made: the classifier, the arithmetic and the result each
    # ask for them (a dose is never changed after it is made; ``with_amount`` makes a new one).
    dose_mg: Fraction = field(init=False)
    doses_per_day: Fraction = field(init=False)
    daily_dose_mg: Fraction = field(init=False)

    def __post_init__(self) -> None:
        self.dose_mg = self.amount.to("milligram").magnitude  # an exact Fraction, as every magnitude
        count, period = self.count, self.period_hours  # count × 24 h ÷ period, as one Fraction
        self.doses_per_day = Fraction(
            count.numerator * HOURS_PER_DAY.numerator * period.denominator,
            count.denominator * HOURS_PER_DAY.denominator * period.numerator,
        )
        # mg per dose × doses per day: exact, and what pint's (amount × count ÷ period) in mg/day is
        self.daily_dose_mg = self.dose_mg * self.doses_per_day


NO_CONTEXT = DoseContext()  # nothing said beyond the dose (immutable: one is enough)


def read_doses(pieces: list[Piece], context: DoseContext = NO_CONTEXT) -> list[Dose]:
    """One dose, or two (low, high) for a range of amounts, counts or frequencies."""
    _reject_symbols(pieces)
    ranges = [p for p in pieces if isinstance(p, (Range, CountRange, StatedRange))]
    if ranges and any(isinstance(p, StatedRange) for p in ranges):
        pieces = _stated_range_checked(pieces)
        ranges = [p for p in pieces if isinstance(p, (Range, CountRange))]
    frequency, assumptions = _frequency(pieces, context)
    if len(ranges) > 1:
        raise DoseError("more than one range in one dose", ErrorCode.MULTIPLE_AMOUNTS)
    if frequency.high is not None:
        frequencies = (frequency._replace(high=None), frequency.high)
        if not ranges:
            return [_dose(pieces, end, assumptions, context) for end in frequencies]
        # "1-2 tablets every 4-6 hours": the least of the one with the least of the other, the most
        # with the most (peer parsers' tests; classified on both ends, or on the most as needed)
        (span,) = ranges
        assert not isinstance(span, StatedRange)
        ends = [
            _dose(_at_one_end(pieces, span, end), each, assumptions, context)
            for end in ("low", "high")
            for each in frequencies
        ]
        return [min(ends, key=lambda dose: dose.daily_dose_mg), max(ends, key=lambda dose: dose.daily_dose_mg)]
    if not ranges:
        return [_dose(pieces, frequency, assumptions, context)]
    (span,) = ranges
    assert not isinstance(span, StatedRange)  # only ever with its range of counts
    low, high = (_dose(_at_one_end(pieces, span, end), frequency, assumptions, context) for end in ("low", "high"))
    if low.dose_mg == high.dose_mg:
        # "5-10 ml (1 mg) daily": both ends came to the one amount said beside the range
        raise DoseError(
            f"'{span.text}' but one amount for both ends ({format_mg(low.dose_mg)} mg): which is the dose?",
            ErrorCode.CONFLICTING_AMOUNTS,
        )
    return [low, high]


def _at_one_end(pieces: list[Piece], span: Range | CountRange, end: str) -> list[Piece]:
    """The pieces with the range at one end; a range of totals (only ever with its range of counts,
    _stated_range_checked) at the same end."""
    return [getattr(p, end) if p is span or isinstance(p, StatedRange) else p for p in pieces]


def _stated_range_checked(pieces: list[Piece]) -> list[Piece]:
    """A stated range goes with the range of counts it totals, end with end, in one proportion
    (each unit's strength): "1-2 tabs (1.25-5 mg total)" says two strengths, and is refused."""
    totals = [p for p in pieces if isinstance(p, StatedRange)]
    counts = [p for p in pieces if isinstance(p, CountRange)]
    (said,) = totals[:1]
    if len(totals) == 1 and said.low.role == "total" and not any(isinstance(p, (Count, CountRange)) for p in pieces):
        # "1.25-2.5 mg total": of no count, the range of amounts it says
        whole = Range(said.low.measure, said.high.measure, said.text)
        return [whole if p is said else p for p in pieces]
    if len(totals) > 1 or len(counts) != 1 or said.low.role != "total":
        raise DoseError(
            f"'{said.text}': a range of amounts is read only as the totals of a range of counts, "
            "as in '1-2 tablets (1.25-2.5 mg total)'",
            ErrorCode.UNSUPPORTED_FORM,
        )
    (count,) = counts
    low_mg, high_mg = (Fraction(end.measure.quantity.to("milligram").magnitude) for end in (said.low, said.high))
    if low_mg / count.low.value != high_mg / count.high.value:
        raise DoseError(
            f"'{count.text}' and '{said.text}' do not go together: "
            f"{format_mg(low_mg / count.low.value)} mg and {format_mg(high_mg / count.high.value)} mg a unit",
            ErrorCode.CONFLICTING_AMOUNTS,
        )
    return pieces


def _reject_symbols(pieces: list[Piece]) -> None:
    """What this form does not use is an error, never dropped in silence. (Each piece is asked
    only what its kind may be wrong in: this runs for every dose.)"""
    for position, piece in enumerate(pieces):
        if isinstance(piece, Word):
            if piece.role == "connective":
                before, after = _side(pieces, position, -1), _side(pieces, position, 1)
                if _loses_a_side(before, piece, after):
                    # "take 2 or 3/day", "take 2 or every 2nd day": a range or a choice with one side lost
                    raise DoseError(f"'{piece.text}' with nothing to choose between", ErrorCode.AMBIGUOUS_DOSE)
            elif piece.role == "weekday":
                raise DoseError(
                    f"'{piece.text}': weekdays are read in a schedule of their own, not here",
                    ErrorCode.UNSUPPORTED_FORM,
                )
        elif isinstance(piece, FrequencyWord):
            if _may_be_a_count_at_a_time(pieces, position):
                half = piece.text.split()[-1]
                raise DoseError(
                    f"'{piece.text}': a count in the {'morning' if half == 'am' else 'evening'}, or a clock time? "
                    f"Write 'at {piece.text}' or the count with its unit",
                    ErrorCode.AMBIGUOUS_COUNT,
                )
            if _may_be_an_hour_of_the_afternoon(pieces, position):
                raise DoseError(
                    f"a count with no unit before '{piece.text}': that many units, or an hour after noon? "
                    "Write the count with its unit, or 'at' and the hour",
                    ErrorCode.AMBIGUOUS_COUNT,
                )
        elif isinstance(piece, Measure):
            if _is_a_volume_of_water(pieces, position):
                raise DoseError(
                    f"'{piece.text} water': a volume of water, not of the medicine: write how much of it is taken",
                    ErrorCode.AMBIGUOUS_DOSE,
                )
        elif isinstance(piece, Symbol):
            raise DoseError(f"unexpected '{piece.text}' in the dose", ErrorCode.BAD_CHARACTER)
        elif isinstance(piece, Percent):
            raise DoseError(f"'{piece.text}' is a strength for a cream, not an oral dose", ErrorCode.NOT_A_MASS)


_AMOUNTS_AND_TIMES = (Measure, Count, FrequencyWord)
# "2 am 1 pm", "two am": two units in the morning (UK sigs), or at 2 o'clock? Only a small number
# written without "at", before any amount (a product's labelled strength aside), is either.
_COUNT_OR_HOUR = frozenset(
    [str(n) for n in range(1, MAX_BARE_COUNT + 1)]
    + [word for word, value in lexicon.NUMBER_WORDS.items() if value <= MAX_BARE_COUNT]
)


def _may_be_a_count_at_a_time(pieces: list[Piece], position: int) -> bool:
    if not _is_a_small_bare_clock(pieces[position]):
        return False
    if not any(is_an_amount(pieces, at) for at in range(position)):
        return True
    # "take 2 caps (1 am and 1 pm)", "… 1 am 1 pm": the count split over the day, or two hours?
    joined_before = position >= 2 and is_a_joiner(pieces[position - 1])
    joined_after = position + 2 < len(pieces) and is_a_joiner(pieces[position + 1])
    neighbours = [pieces[at] for at in (position - 1, position + 1) if 0 <= at < len(pieces)]
    neighbours += [pieces[position - 2]] if joined_before else []
    neighbours += [pieces[position + 2]] if joined_after else []
    if any(_is_a_small_bare_clock(other) for other in neighbours):
        return True
    # "1 tab am and 2 pm": after a time of day that is no clock's, the next count as likely as an hour
    before = pieces[position - 2] if joined_before else None
    return isinstance(before, FrequencyWord) and before.time_of_day and before.slot != "clock"


def _is_a_small_bare_clock(piece: Piece) -> bool:
    """ "1 am", "2 pm", "about 2 pm": a clock time of a small number, written without "at"."""
    if not (isinstance(piece, FrequencyWord) and piece.slot == "clock"):
        return False
    words = piece.text.split()
    if words[0] in lexicon.ABOUT_WORDS:  # "take about 2 pm": about 2 in the evening, or at about 2?
        words = words[1:]
    return len(words) == 2 and words[0] in _COUNT_OR_HOUR and words[1] in ("am", "pm")


def _is_a_volume_of_water(pieces: list[Piece], position: int) -> bool:
    """ "then 10 mL water", "10 mL of water": water measured, never the liquid medicine (a volume
    after "in" is what a tablet is dissolved in, read by its own rules)."""
    after = pieces[position + 1] if position + 1 < len(pieces) else None
    if isinstance(after, Word) and after.text == "of" and position + 2 < len(pieces):
        after = pieces[position + 2]
    if not (isinstance(after, Word) and after.text in _WATERS):
        return False  # (the common case, asked first: a dimension check costs more)
    piece = pieces[position]
    in_it = position > 0 and means(pieces[position - 1], "in")
    return isinstance(piece, Measure) and piece.quantity.check("[volume]") and not in_it


_WATERS = frozenset({"water", "purified water", "distilled water"})


def _may_be_an_hour_of_the_afternoon(pieces: list[Piece], position: int) -> bool:
    """ "3 in the afternoon", "1-2 in the afternoon": units, or the hour? The afternoon's hours are
    small numbers, as counts are (a morning's or an evening's seldom are)."""
    piece = pieces[position]
    if not (isinstance(piece, FrequencyWord) and piece.slot == "afternoon") or position == 0:
        return False
    before = pieces[position - 1]
    counts = (before.low, before.high) if isinstance(before, CountRange) else (before,)
    return all(isinstance(count, Count) and count.bare for count in counts)


def is_an_amount(pieces: list[Piece], at: int) -> bool:
    piece = pieces[at]
    if isinstance(piece, Measure):  # not "naltrexone 50 mg tablets", which labels the units
        after = pieces[at + 1] if at + 1 < len(pieces) else None
        return not (isinstance(after, Word) and after.role == "form")
    return isinstance(piece, (Count, CountRange, Range, Stated, StatedRange))


def _side(pieces: list[Piece], position: int, step: int) -> Piece | None:
    """The piece beside a connective, past words that only say when or how ("daily or with food
    4.5 mg", "or at the same time 3 mg"): they hide neither side of a choice."""
    position += step
    while 0 <= position < len(pieces):
        piece = pieces[position]
        if not (isinstance(piece, Word) and piece.role in ("context", "filler")):
            return piece
        position += step
    return None


def _loses_a_side(before: Piece | None, piece: Piece | None, after: Piece | None) -> bool:
    """ "or" or "to" left over between an amount and an amount or a frequency: each side is read
    alone, so the choice or the range is lost. Not between what it is for ("prn pain or fever"),
    nor after a step ("Day 1 to 2 tablets")."""
    return means(piece, "or", "to") and isinstance(before, _AMOUNTS_AND_TIMES) and isinstance(after, _AMOUNTS_AND_TIMES)


def _dose(pieces: list[Piece], frequency: FrequencyWord, assumptions: list[str], context: DoseContext) -> Dose:
    amount, arithmetic = _amount(pieces, context)
    if amount.magnitude == 0:
        raise DoseError("the dose is zero", ErrorCode.ZERO_DOSE)
    dose = Dose(
        amount,
        frequency.times,
        frequency.period_hours,
        frequency,
        list(assumptions)
        + _strength_as_dose(pieces)
        + _strength_of_each(pieces)
        + _one_unit_of_product(pieces, context),
        list(frequency.warnings) + _unit_unlike_the_products(pieces, context),
        arithmetic,
        notes=context_notes(pieces),
    )
    dose.arithmetic.append(daily_arithmetic(dose))
    return dose


def _unit_unlike_the_products(pieces: list[Piece], context: DoseContext) -> list[str]:
    """ "1 cap qhs" with "NALTREXONE HCL 50MG TAB": read on the product's strength (records mix the
    words up, and a whole unit is the same mg by either), but a capsule counted of a tablet product
    is also how a compounded LDN capsule and a 50 mg tablet are mixed up: said."""
    if not context.strength_is_stated or "unit of" not in context.unit_label:
        return []
    product = _kinds_named(context.unit_label)
    said = {_FORM_KINDS.get(p.text.split()[-1].lower()) for p in pieces if isinstance(p, Count)}
    said |= {_FORM_KINDS.get(p.text.lower()) for p in pieces if isinstance(p, Word) and p.role == "form"}
    said -= {None}
    if len(product) != 1 or len(said) != 1 or said == product:
        return []
    (counted,), (made,) = said, product
    return [f"the sig counts {counted}s, but the product is a {made} ({context.unit_label}): check the product"]


_NOTE_FOR_ROLE = {
    "dispensing": "read as the quantity dispensed",
    "duration": "read as how long to take it",
}


def context_notes(pieces: list[Piece]) -> list[str]:
    """What was read around the dose and does not change it, said once each."""
    notes = []
    for piece in pieces:
        if isinstance(piece, Word) and piece.role in ("dispensing", "duration", "context"):
            what = _NOTE_FOR_ROLE.get(piece.role) or f"read as {piece.value}"
            notes.append(f"'{piece.text}' {what}: it does not change the dose")
    return list(dict.fromkeys(notes))


ONE_UNIT_ASSUMPTION = "no amount in the sig: one unit of the product was taken as the dose"


def _one_unit_of_product(pieces: list[Piece], context: DoseContext) -> list[str]:
    if not context.strength_is_stated:
        return []
    stated = any(isinstance(p, (Measure, Count, CountRange, Range, Stated)) for p in pieces)
    if not stated and any(isinstance(p, Word) and p.text in _DIRECTIONS_ELSEWHERE for p in pieces):
        raise DoseError("'as directed' and no amount: the dose is in directions not given here", ErrorCode.NO_DOSE)
    if stated:
        return []
    _check_no_units_dispensed(pieces)
    return [ONE_UNIT_ASSUMPTION]


def _check_no_units_dispensed(pieces: list[Piece]) -> None:
    """Before one unit is taken as the dose: "mane weekly disp 1 tab" may say that one a dose."""
    dispensed = next((p for p in pieces if isinstance(p, Word) and p.role == "dispensing" and _few_units(p.text)), None)
    if dispensed is not None:
        raise DoseError(
            f"'{dispensed.text}' and no other amount: the quantity dispensed, or the dose?", ErrorCode.AMBIGUOUS_COUNT
        )


def _few_units(dispensed: str) -> bool:
    """ "disp 1 tab", "qty 2", "#2 caps": as many units as one dose may be (not refills, "rf 2").
    "#2 caps qhs" was one capsule: "#" may number what is taken, as "qty" may a dose's units."""
    counted = dispensed.split()[0] in lexicon.QUANTITY_LEADS
    numbers = [Fraction(n) for n in re.findall(r"[0-9]+", dispensed)]
    return counted and bool(numbers) and numbers[0] <= MAX_UNITS_PER_DOSE


# The dose is in directions the sig does not give: one unit of the product is then no guess to make.
_DIRECTIONS_ELSEWHERE = frozenset({"as directed", "as directed by prescriber", "see instructions"})


STRENGTH_OF_EACH_ASSUMPTION = "{mass} taken as each unit's strength (it could be the whole dose): {count}"


def _strength_of_each(pieces: list[Piece]) -> list[str]:
    """ "LDN 4.5 mg, take 3 caps": a strength written before the count, without its dose form, is
    read as each unit's strength; the result says so."""
    counts = [i for i, p in enumerate(pieces) if isinstance(p, Count)]
    if len(counts) != 1:
        return []
    masses = [i for i, p in enumerate(pieces) if isinstance(p, Measure) and p.quantity.check("[mass]")]
    if len(masses) != 1 or masses[0] > counts[0]:
        return []
    after = pieces[masses[0] + 1] if masses[0] + 1 < len(pieces) else None
    count = pieces[counts[0]]
    assert isinstance(count, Count)
    if (isinstance(after, Word) and after.role == "form") or count.value == 1:
        return []
    mass = pieces[masses[0]]
    assert isinstance(mass, Measure)
    return [STRENGTH_OF_EACH_ASSUMPTION.format(mass=mass.text, count=count.text)]


def _strength_as_dose(pieces: list[Piece]) -> list[str]:
    """ "naltrexone 50 mg tablets once a day": the likely meaning is one tablet, but it is not written."""
    if not any(isinstance(p, Word) and p.role == "form" for p in pieces):
        return []
    has_count = any(isinstance(p, (Count, Stated)) for p in pieces)
    has_mass = any(isinstance(p, Measure) and p.quantity.check("[mass]") for p in pieces)
    if not has_mass or has_count:
        return []
    _check_no_units_dispensed(pieces)  # "naltrexone 4.5 mg tablets: mane weekly disp 1 tab"
    return [STRENGTH_AS_DOSE_ASSUMPTION]


def _amount(pieces: list[Piece], context: DoseContext) -> tuple[Any, list[str]]:
    stated = [p for p in pieces if isinstance(p, Stated)]
    if not stated:
        return _plain_amount(pieces, context)
    if len(stated) > 1:
        raise DoseError(
            f"more than one stated amount ({', '.join(s.text for s in stated)})", ErrorCode.MULTIPLE_AMOUNTS
        )
    (said,) = stated
    rest = [p for p in pieces if p is not said]
    at = _position(pieces, said)
    before = pieces[at - 1] if at > 0 else None
    if (
        said.role != "each"
        and isinstance(before, Word)
        and how_long.says_how_long(before)
        and not _agrees(said, rest, context)
    ):
        raise DoseError(
            f"{said.text} after '{before.text}': the whole course's total, or each dose's?",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
    solvent = _volume_after_in(rest)
    if solvent is not None and _is_the_dissolved_unit(said, pieces, solvent):
        return _dissolved_stated(said, rest, solvent, context)
    if solvent is not None and _position(pieces, said) == _position(pieces, solvent) + 1:
        # "Dissolve 1 tablet in 10 mL (50 mg) and take 1 mL": was read as a 50 mg dose
        raise DoseError(
            f"{said.text} right after the {solvent.text} it is dissolved in: what the liquid holds, or the dose? "
            "Write 'dissolve 1 tab (50 mg) in 10 mL water, take 1 mL'",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
    if context.dissolved and not _after_a_volume(said, pieces):
        # "dissolve 1 tab (50 mg) in water (50 mL)", "dissolve (50 mg) 1 tab in 50 mL": neither the
        # dissolved unit's place nor a restated dose's (after the volume taken)
        raise DoseError(
            f"{said.text} in dissolving directions: the tablet's strength, or the dose? Write "
            "'dissolve 1 tab (50 mg) in 50 mL water, take 4.5 mL'",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
    role = said.role if said.role != "bare" else _bare_role(said, rest, context)
    if role == "each":
        return _plain_amount(_with_strength(said, rest), context)
    return _total(said, rest, context)


def _is_the_dissolved_unit(said: Stated, pieces: list[Piece], solvent: Measure) -> bool:
    """ "dissolve 1 tab (50 mg) in 50 mL": the bracket right after the count of what is dissolved,
    before the solvent; not "take 4.5 mL (4.5 mg) in 30 mL water", the dose restated."""
    at = _position(pieces, said)
    return at < _position(pieces, solvent) and at > 0 and isinstance(pieces[at - 1], Count)


def _agrees(said: Stated, rest: list[Piece], context: DoseContext) -> bool:
    """ "4.5 mg qhs for 7 days (4.5 mg total)": the rest gives the same amount, so it is the dose's."""
    try:
        amount, _ = _plain_amount(rest, context)
    except DoseError:
        return False
    return bool(amount.to("milligram") == said.measure.quantity.to("milligram"))


def _after_a_volume(said: Stated, pieces: list[Piece]) -> bool:
    """ "take 4.5 mL (4.5 mg)": the bracket follows the volume it restates."""
    at = _position(pieces, said)
    before = pieces[at - 1] if at > 0 else None
    return isinstance(before, Measure) and before.quantity.check("[volume]")


def _position(pieces: list[Piece], piece: Piece) -> int:
    return next(i for i, each in enumerate(pieces) if each is piece)


def _count_of(pieces: list[Piece]) -> Count | None:
    return next((p for p in pieces if isinstance(p, Count)), None)


def _strength_mg(pieces: list[Piece], context: DoseContext) -> Fraction | None:
    masses = [p for p in pieces if isinstance(p, Measure) and p.quantity.check("[mass]")]
    if len(masses) == 1:
        return Fraction(masses[0].quantity.to("milligram").magnitude)
    return context.unit_strength_mg if not masses else None


def _bare_role(said: Stated, rest: list[Piece], context: DoseContext) -> str:
    """ "2 tablets (100 mg)": in e-prescriptions the bracket is the total; on some labels, each
    tablet's strength. After one unit both agree; otherwise only a strength stated elsewhere decides."""
    count = _count_of(rest)
    if count is None or count.value == 1:
        return "total"
    said_mg = Fraction(said.measure.quantity.to("milligram").magnitude)
    strength = _strength_mg(rest, context)
    if strength is None:
        raise DoseError(
            f"'{count.text} {said.text}': is {said.measure.text} the total or each unit's strength? "
            f"write '({said.measure.text} total)' or '({said.measure.text} each)'",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
    if said_mg == count.value * strength:
        return "total"
    if said_mg == strength and context.strength_is_carried:
        # "1 tab (3 mg total) x 10 days, then 2 tabs (3 mg)": two of the 3 mg tablets before, or
        # two that make 3 mg (a step may name its own units)? Only the product's strength decides.
        raise DoseError(
            f"'{count.text} {said.text}': {said.measure.text} each, as the units before, or in all? "
            f"write '({said.measure.text} total)' or '({said.measure.text} each)'",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
    if said_mg == strength:
        return "each"
    raise DoseError(
        f"{said.text} is neither the strength ({format_mg(strength)} mg) nor {format_mg(count.value)} × it",
        ErrorCode.CONFLICTING_AMOUNTS,
    )


def _with_strength(said: Stated, rest: list[Piece]) -> list[Piece]:
    """ "(50 mg each)": the strength of each unit; if a strength is also written, they must agree."""
    masses = [p for p in rest if isinstance(p, Measure) and p.quantity.check("[mass]")]
    if not masses:
        return [*rest, _EACH, said.measure]  # as "2 tabs daily, each 50 mg" is read
    if len(masses) == 1 and masses[0].quantity.to("milligram") == said.measure.quantity.to("milligram"):
        return rest
    raise DoseError(_listing("the strengths differ", [*masses, said.measure]), ErrorCode.CONFLICTING_AMOUNTS)


_EACH = Word("qualifier", "each", "each")


def _total(said: Stated, rest: list[Piece], context: DoseContext) -> tuple[Any, list[str]]:
    """ "(25 mg total)": the dose per administration. When the rest also gives it, they must agree."""
    total = said.measure.quantity.to("milligram")
    total_mg = Fraction(total.magnitude)
    if said.units is not None and not any(isinstance(p, (Range, Count, CountRange)) for p in rest):
        # "50 mg (2 tablets)": the units of the product's strength, or of the one the text names
        # ("naltrexone 1 mg tablets: 7 mg (seven tablets)"), must make the total
        _check_no_day_total_as_strength(said, rest)
        strength = _strength_mg(rest, context)
        if strength is not None:
            _check_units_make_the_total(said, said.units, total_mg, strength)
        if strength is not None or not any(isinstance(p, Measure) for p in rest):
            return total, [f"{said.text}: the total per dose"]  # not one unit of the product
    solvent = _volume_after_in(rest)  # "dissolve 1 tab in 50 mL water, take 4.5 mL (4.5 mg)"
    volumes = [p for p in rest if isinstance(p, Measure) and p.quantity.check("[volume]") and p is not solvent]
    if len(volumes) > 1:  # "2 mL plus 1 mL nightly (50 mg)": which does the total say?
        raise DoseError(_listing("more than one volume", volumes), ErrorCode.MULTIPLE_AMOUNTS)
    if context.volume_before is not None:
        context = context._replace(volume_before=None)  # "then 3 mL (4 mg)": read by its own bracket
    try:
        amount, arithmetic = _plain_amount(rest, context)
    except DoseError as error:
        if isinstance(error, _EachOrAll) and total_mg in error.readings_mg:
            # "take 2 tablets 50 mg (100 mg total)": the total says which; either reading makes it
            _check_counted_units(error.count, context)
            return total, [f"{said.text}: the total per dose, which '{error.said}' makes"]
        unmeasured = error.code == ErrorCode.VOLUME_WITHOUT_CONCENTRATION and context.concentration is None
        if error.code not in ("no-strength", "no-dose") and not unmeasured:
            raise
        # "Take 4.5 mL (4.5 mg total)": the total is the dose; the volume is how it is measured.
        return total, [f"{said.text}: the total per dose"]
    amount_mg = Fraction(amount.to("milligram").magnitude)
    if amount_mg != total_mg:
        raise DoseError(
            f"the dose reads as {format_mg(amount_mg)} mg but {said.text} says {format_mg(total_mg)} mg",
            ErrorCode.CONFLICTING_AMOUNTS,
        )
    return amount, [*arithmetic, f"agrees with {said.text}"]


def _check_no_day_total_as_strength(said: Stated, rest: list[Piece]) -> None:
    """ "1.5 mg (1/2 capsules) at bedtime (3 mg/day)": a mass said per day beside a dose restated in
    units is the day's total, never the units' strength (it was taken for one: 1.5 mg/day, older)."""
    for mass, after in pairwise(rest):
        if (
            isinstance(mass, Measure)
            and mass.quantity.check("[mass]")
            and isinstance(after, FrequencyWord)
            and after.text in lexicon.PER_PERIOD
        ):
            raise DoseError(
                f"'{mass.text} {after.text}' beside {said.text}: the day's total, or the units' strength?",
                ErrorCode.MULTIPLE_AMOUNTS,
            )


def _check_units_make_the_total(said: Stated, units: Count, total_mg: Fraction, strength_mg: Fraction) -> None:
    """ "take 0.5 mg (3 tablets)" of 0.5 mg tablets: three of them are 1.5 mg (once read as 0.5)."""
    if units.value * strength_mg != total_mg:
        raise DoseError(
            f"{said.text}: {format_mg(units.value)} × {format_mg(strength_mg)} mg is "
            f"{format_mg(units.value * strength_mg)} mg, not {format_mg(total_mg)} mg",
            ErrorCode.CONFLICTING_AMOUNTS,
        )


def _dissolved_stated(said: Stated, rest: list[Piece], solvent: Measure, context: DoseContext) -> tuple[Any, list[str]]:
    """ "dissolve 1 tab (50 mg) in 50 mL water, take 4.5 mL": the bracket is what is dissolved,
    never the dose (once read as 50 mg a dose, eleven times the 4.5 mg taken). Of one unit it is
    the unit's strength; of more ("2 tabs (100 mg)") it may be each or all, and is refused. With no
    volume taken, "take 1 tab (50 mg) in 50 mL water" is the whole unit; "dissolve …" is refused."""
    count = _count_of(rest)
    volumes = [p for p in rest if isinstance(p, Measure) and p.quantity.check("[volume]") and p is not solvent]
    masses = [p for p in rest if isinstance(p, Measure) and p.quantity.check("[mass]")]
    each = said.role == "each" or count is None or count.value == 1
    if not each and said.role != "total":
        raise DoseError(
            f"'{count.text if count else ''} {said.text}' dissolved: is {said.measure.text} each unit's strength "
            f"or all of them? write '({said.measure.text} each)' or '({said.measure.text} total)'",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
    dissolved_mg = Fraction(said.measure.quantity.to("milligram").magnitude) * (count.value if each and count else 1)
    _check_product_strength(dissolved_mg / (count.value if count else 1), said.text, context)
    if not volumes and not masses and not context.dissolved:
        return quantity(dissolved_mg, "milligram"), [f"{said.text}: the whole unit, taken in {solvent.text}"]
    if len(volumes) != 1 or masses:
        raise DoseError(
            _listing("a dissolved dose needs one strength and one volume taken", [said.measure, *masses, *volumes]),
            ErrorCode.MULTIPLE_AMOUNTS,
        )
    _check_solvent_first(rest, solvent, volumes[0])
    return _dissolved([said.measure], count if each else None, solvent, volumes[0])


def _check_dissolved_mass(mass: Measure, pieces: list[Piece], solvent: Measure, context: DoseContext) -> None:
    """What is dissolved is written before the solvent ("dissolve one 50 mg tablet in 50 mL");
    a mass after it ("take 4.5 mL daily (4.5 mg/day)") is the dose restated, never the tablet
    (once read as 4.5 mg dissolved: 0.4 mg a dose). And it must be the product's strength."""
    if _position(pieces, mass) > _position(pieces, solvent):
        raise DoseError(
            f"{mass.text} after the solvent: the tablet's strength, or the dose? Write "
            "'dissolve one 50 mg tablet in 50 mL water, take 4.5 mL'",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
    _check_product_strength(Fraction(mass.quantity.to("milligram").magnitude), mass.text, context)


def _check_product_strength(per_unit_mg: Fraction, written: str, context: DoseContext) -> None:
    """A dissolved unit's mass must be the product field's strength, when it gives one."""
    if context.strength_is_stated and context.unit_strength_mg is not None and per_unit_mg != context.unit_strength_mg:
        raise DoseError(
            f"{written} dissolved, but the product's units are {format_mg(context.unit_strength_mg)} mg each",
            ErrorCode.CONFLICTING_AMOUNTS,
        )


def _check_solvent_first(pieces: list[Piece], solvent: Measure, taken: Measure) -> None:
    """ "dissolve 1 tab in water, take 4.5 mL in 30 mL water": a volume after the one taken is what
    the dose is mixed into, not what the tablet was dissolved in; the mg per mL is then unknown."""
    if _position(pieces, solvent) > _position(pieces, taken):
        raise DoseError(
            f"'{solvent.text}' after the {taken.text} taken: what the dose is mixed into, so how many mg per mL "
            "was the tablet dissolved to? Give the volume it is dissolved in first",
            ErrorCode.VOLUME_WITHOUT_CONCENTRATION,
        )


def _plain_amount(pieces: list[Piece], context: DoseContext) -> tuple[Any, list[str]]:
    measures = [p for p in pieces if isinstance(p, Measure)]
    counts = [p for p in pieces if isinstance(p, Count)]
    if len(counts) > 1:
        raise DoseError(f"more than one count ({', '.join(c.text for c in counts)})", ErrorCode.MULTIPLE_AMOUNTS)
    count = counts[0] if counts else None
    by_kind = _by_dimension(measures)
    if by_kind["per_weight"]:
        return _weight_based(by_kind, pieces, context)
    if by_kind["volume"] or by_kind["concentration"]:
        return _liquid(by_kind, count, pieces, context)
    if by_kind["rate"]:
        if len(by_kind["rate"]) > 1 or by_kind["mass"] or count:
            raise DoseError(_listing("more than one dose amount", measures), ErrorCode.MULTIPLE_AMOUNTS)
        rate = by_kind["rate"][0]
        return (rate.quantity * quantity(Fraction(1), "day")).to("milligram"), []
    if count is not None:
        _check_no_drops_of_a_solid(pieces, count)
    # the forms named apart from a count that names none ("half a capsule")
    bare = count is not None and count.bare
    written_forms = " ".join(p.text for p in pieces if isinstance(p, Word) and p.role == "form") if bare else ""
    if count is not None and len(by_kind["mass"]) == 1:
        _check_mass_before_count(pieces, by_kind["mass"][0], count, context)
        all_of_them = _mass_after_units(pieces, by_kind["mass"][0], count, context)
        if all_of_them is not None:
            _check_cut(count, written_forms)
            _check_counted_units(count, context, written_forms)
            return all_of_them
    labelled = _dose_after_its_product(pieces, by_kind["mass"], count, context, written_forms)
    if labelled is not None:
        return labelled
    if count is not None and count.value.denominator != 1:
        _check_cut_of_a_labelled_unit(pieces, count)
    return _solid(by_kind["mass"], count, context, written_forms)


def _check_no_drops_of_a_solid(pieces: list[Piece], count: Count) -> None:
    """ "4.5 mg tab, 3 drops qhs": drops of a tablet, as a product field's tablet counted in drops
    is (README); it was read as three tablets, 13.5 mg."""
    if _FORM_FAMILIES.get(count.text.split()[-1].lower()) != "drop":
        return
    for piece in pieces:
        if isinstance(piece, Word) and piece.role == "form" and _FORM_FAMILIES.get(piece.text) == "solid":
            raise DoseError(
                f"'{count.text}' of a {piece.text}: a solid is not counted in drops", ErrorCode.CONFLICTING_AMOUNTS
            )


def _check_cut_of_a_labelled_unit(pieces: list[Piece], count: Count) -> None:
    """ "naltrexone 4.5 mg capsules: 1/2 tab qhs", "1/12 of a 50 mg tablet": the sig's own label
    names the unit, as a product field would: a capsule is not cut, a tablet only into halves,
    thirds or quarters (_check_cut; "1/12 of 50 mg tab" was read as 4.17 mg)."""
    for mass, after in pairwise(pieces):
        if isinstance(mass, Measure) and isinstance(after, Word) and after.role == "form":
            _check_cut_of(count, after.text.lower(), f"'{count.text}' of {mass.text} {after.text}")


def _dose_after_its_product(
    pieces: list[Piece], masses: list[Measure], count: Count | None, context: DoseContext, written_forms: str
) -> tuple[Any, list[str]] | None:
    """ "naltrexone 25 mg tablets: 25mg bd", "… 4.5 mg tablets: 4.5mg weekly": a product-and-sig
    column whose sig gives the dose in mg. The first mass labels the units (its dose form follows
    it), the second is read with them as a product field's strength would be: the dose, which those
    units must make, or with a count after the units ("take 1 tablet 25 mg"), what they hold."""
    if len(masses) != 2 or context.unit_strength_mg is not None:
        return None
    strength, dose = masses
    at = _position(pieces, strength)
    after = pieces[at + 1] if at + 1 < len(pieces) else None
    # "naltrexone (VIVITROL) 380 mg injection Inject 380 mg …" (Epic): an injection's kit is its unit
    if not isinstance(after, Word) or _position(pieces, dose) < at:
        return None
    if after.role != "form" and after.text not in lexicon.INJECTION_UNITS:
        return None
    strength_mg = Fraction(strength.quantity.to("milligram").magnitude)
    if count is not None and _position(pieces, count) < at:
        return None  # "2 x 25 mg tablets: 50 mg": a count before the product's strength counts it
    _check_not_two_units(pieces, strength, dose, strength_mg, later_part=context.later_part)
    labelled = context._replace(
        unit_strength_mg=strength_mg, strength_is_stated=True, unit_label=f"{strength.text} {after.text}"
    )
    forms = f"{written_forms} {after.text}"  # "half a capsule" is not cut
    all_of_them = _mass_after_units(pieces, dose, count, labelled) if count is not None else None
    if all_of_them is not None and count is not None:
        _check_cut(count, forms)
        _check_counted_units(count, labelled, forms)
        return all_of_them
    return _solid([dose], count, labelled, forms)


def _check_not_two_units(
    pieces: list[Piece], strength: Measure, dose: Measure, strength_mg: Fraction, later_part: bool
) -> None:
    """A product's label, then the dose: "naltrexone 25 mg tablets: 25mg bd", "Take naltrexone 50 mg
    tablet: 25 mg daily", "50 mg tablet, 25 mg daily", "Naltrexone 50 mg tab #30 25 mg daily".
    Anything else is two amounts, taken together or one or the other: joined ("3 mg cap plus 1.5 mg
    cap", "3 mg capsule y 1.5 mg"), the first after another lead ("take 3 mg cap, 1.5 mg", "taking
    …"), in a later step or part ("… then naltrexone 3 mg cap, 1.5 mg"), or units of two strengths
    ("3 mg cap, 1.5 mg SL cap", "… 1.5 mg qhs cap"). An attack found the first amount dropped
    (1.5 mg/day, ok); two re-checks, the label's own lead and the words between them."""
    at, dose_at = _position(pieces, strength), _position(pieces, dose)
    before = pieces[at - 1] if at else None
    labels = not later_part and (before is None or (isinstance(before, Word) and before.role in _LABEL_LEADS))
    between = pieces[at + 2 : dose_at]
    joined = not all(_leads_to_the_dose(piece) for piece in between)
    labelled_again = any(isinstance(piece, Word) and piece.role == "form" for piece in pieces[dose_at + 1 :])
    same = Fraction(dose.quantity.to("milligram").magnitude) == strength_mg
    if not labels or joined or (labelled_again and not (same and before is not None)):
        raise DoseError(
            _listing("more than one dose amount", [strength, dose])
            + ": units of two strengths, or a unit's strength and then the dose? Write the dose's total in mg",
            ErrorCode.MULTIPLE_AMOUNTS,
        )


# What a product's label starts after (else the text's start), and what may stand between it and the dose.
_LABEL_LEADS = frozenset({"drug", "product", "salt", "route"})


def _leads_to_the_dose(piece: Piece) -> bool:
    """ ": take", "Sig: take", ", dose", "- by mouth", "#30", "qty 30", ": take 1 tablet" (units, and
    then their mg): a label's end, and the dose's start."""
    if isinstance(piece, (Count, CountRange)):
        return True
    return means(piece, "take") or (
        isinstance(piece, Word) and (piece.role in ("route", "dispensing") or piece.text in lexicon.DOSE_LABELS)
    )


def _mass_after_units(
    pieces: list[Piece], mass: Measure, count: Count, context: DoseContext
) -> tuple[Any, list[str]] | None:
    """ "take 2 tablets 50 mg", "then 4 tablets 100 mg": after units other than one, named, a mass
    is each unit's strength or all of them (as the bare bracket "2 tablets (100 mg)" is), right
    after them or further on ("3 caps qhs 4.5 mg", "3 caps qhs, dose: 4.5 mg", "2 tabs at bedtime
    LDN 4.5 mg": an attack found each read as each unit's, 13.5 mg where the text's dose is 4.5). A
    strength known elsewhere (the product's, or one a step before gave) says which: all of them is
    the dose returned here; each, None (read as ever); neither, conflicting. With none known it is
    refused: it was read as each unit's, so "1 tablet 25 mg daily x 7 days then 4 tablets 100 mg
    daily" was 400 mg a day. "2 tablets of 50 mg", "2 tabs x 50 mg", "2 tabs daily, each 50 mg",
    "2 x 50 mg tablets", "two 25 mg tablets" say each."""
    at = _position(pieces, count)
    if count.bare:  # "half a tablet 50 mg": the units named apart from their count, after "a"
        form_at = at + 1
        while form_at < len(pieces) and isinstance(pieces[form_at], Word) and pieces[form_at].text in ("a", "an"):
            form_at += 1
        form = pieces[form_at] if form_at < len(pieces) else None
        at = form_at if isinstance(form, Word) and form.role == "form" else at  # not "half of 50 mg"
    count_at = _position(pieces, count)
    form_before = pieces[count_at - 1] if count_at else None  # "tab ii qhs": the Latin order
    named = (
        at > count_at
        or (len(count.text.split()) > 1 and count.text.split()[-1].lower() in _FORM_FAMILIES)
        or (isinstance(form_before, Word) and form_before.role == "form")
    )
    mass_at = _position(pieces, mass)
    after = pieces[mass_at + 1] if mass_at + 1 < len(pieces) else None
    labels_units = isinstance(after, Word) and after.role == "form"  # "2 tablets 50 mg tablets"
    apart = mass_at > count_at + 1  # "take 3 at bedtime 4.5 mg": a bare count, a mass further on
    if count.value == 1 or not (named or apart) or mass_at <= at or labels_units:
        return None
    if _says_each(pieces, at, mass_at):
        return None
    mg = Fraction(mass.quantity.to("milligram").magnitude)
    strength = context.unit_strength_mg
    if strength is not None and mg == strength:
        return None
    if strength is not None and mg == count.value * strength:
        return mass.quantity.to("milligram"), [
            f"{count.text} × {format_mg(strength)} mg ({context.unit_label}) = {mass.text}, all of them"
        ]
    if strength is not None:
        raise DoseError(
            f"'{count.text} {mass.text}': {mass.text} is neither each unit's {format_mg(strength)} mg "
            f"({context.unit_label}) nor the {format_mg(count.value * strength)} mg they make",
            ErrorCode.CONFLICTING_AMOUNTS,
        )
    raise _EachOrAll(count, mass, mg)


def _says_each(pieces: list[Piece], units_at: int, mass_at: int) -> bool:
    """ "2 tablets of 50 mg", "2 tabs of naltrexone 50mg", "2 tabs x 50 mg", "2 tabs, each 50 mg":
    what binds a mass after units to each of them, right after them ("3 caps qhs for a dose of 4.5
    mg", "2 caps bid, each 2.25 mg": each dose's?), with at most the drug's name after "of"; never
    where the mass is said to be a total ("2 tabs of 4.5 mg/day", "x 4.5 mg for a total")."""
    before = pieces[mass_at - 1]
    if before is _EACH:  # "(50 mg each)", said of the units
        return True
    if _said_as_a_total(pieces[mass_at + 1 :]):
        return False
    if isinstance(before, Word) and before.value in ("each", "times"):
        return mass_at == units_at + 2
    of, names = pieces[units_at + 1], pieces[units_at + 2 : mass_at]
    return (
        isinstance(of, Word)
        and of.text in lexicon.EACH_LEADS
        and all(isinstance(name, Word) and name.role in ("drug", "salt") for name in names)
    )


def _said_as_a_total(after_the_mass: list[Piece]) -> bool:
    """ "4.5 mg/day", "4.5 mg per night", "4.5 mg daily dose", "4.5 mg daily total", "for a total"."""
    first, second = [*after_the_mass, None, None][:2]
    if any(isinstance(piece, Word) and piece.value == "total" for piece in after_the_mass):
        return True
    if isinstance(first, Word) and first.text in lexicon.DOSE_WORDS:  # "of 4.5 mg dose"
        return True
    if isinstance(first, Word) and first.text == "per":
        return True
    return isinstance(first, FrequencyWord) and (
        first.text in lexicon.TOTAL_PER_PERIOD
        or first.text == " ".join(lexicon.PER_NIGHT)
        or (isinstance(second, Word) and second.text in lexicon.DOSE_WORDS)
    )


class _EachOrAll(DoseError):
    """Units and a mass after them with no strength to say which it is; a total said elsewhere may
    (``readings_mg``: the dose as each unit's strength, and as all of them)."""

    def __init__(self, count: Count, mass: Measure, mg: Fraction) -> None:
        super().__init__(
            f"'{count.text} {mass.text}': is {mass.text} each unit's strength or all of them? "
            f"write '{count.text} of {mass.text}' or '{count.text} ({mass.text} total)'",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
        self.count = count
        self.said = f"{count.text} {mass.text}"
        self.readings_mg = frozenset({count.value * mg, mg})


def _check_mass_before_count(pieces: list[Piece], mass: Measure, count: Count, context: DoseContext) -> None:
    """ "naltrexone 50 mg 2 tablets": a mass naming the drug's strength, then how many; "take 100 mg
    2 tablets", "25 mg, 1/2 tablet": the dose, then the units that make it (Epic's restatement the
    other way round, as peer suites read "take 75 mg daily 1 1/2 tablet")? Read as a strength only
    where something names it one: the drug's name before it, as a product-and-sig column writes it
    ("NALTREXONE 50 MG: TAKE 2 TABLETS"; the result assumes so), a dose form right after it ("50 mg
    tabs, 2 daily") or the product's own strength; of one unit both readings agree."""
    at, count_at = _position(pieces, mass), _position(pieces, count)
    if _joined(pieces, mass, count):  # "4.5 mg plus 1 tab daily": one added to the other, or said twice?
        raise DoseError(
            f"'{mass.text}' and '{count.text}' joined: added together, or one amount said twice? Write one amount",
            ErrorCode.MULTIPLE_AMOUNTS,
        )
    if count.value == 1 or at > count_at:
        return
    after = pieces[at + 1] if at + 1 < len(pieces) else None
    before = pieces[at - 1] if at > 0 else None
    named = (isinstance(before, Word) and before.role in ("drug", "product", "salt")) or (
        isinstance(after, Word) and after.role == "form"
    )
    if named or (context.strength_is_stated and context.unit_strength_mg is not None):
        return  # a product's strength that differs is refused as conflicting (_solid)
    raise DoseError(
        f"'{mass.text}' then '{count.text}': is {mass.text} each unit's strength or the whole dose? "
        f"write '{count.text} of {mass.text}' or '{mass.text} ({count.text} total)'",
        ErrorCode.AMBIGUOUS_STRENGTH,
    )


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
                f"'{measure.text}' is not a mass: naltrexone doses are written in mg, mcg or g", ErrorCode.NOT_A_MASS
            )
        kinds[kind].append(measure)
    return kinds


def _check_counted_units(count: Count, context: DoseContext, written_forms: str = "") -> None:
    """Units counted where a mass after them was read as all of them: the product's own kind."""
    _check_not_a_liquid(count, context)
    _check_no_capsule_cut(count, context)
    _check_counted_form(count, context, written_forms)


def _check_no_capsule_cut(count: Count, context: DoseContext) -> None:
    """ "take 1/2 tablet daily" with "naltrexone 4.5 mg capsule": the sig's word for the unit may
    be wrong (records mix them up, and a whole one is the same mg either way), but a part of one
    is a part of the product's unit, and a capsule is not cut (_check_cut)."""
    if count.value.denominator == 1 or not context.strength_is_stated:  # carried: _check_counted_form
        return
    if _kinds_named(context.unit_label) == {"capsule"}:  # not "50 MG TAB (30 capsules)": a pack's own words
        raise DoseError(
            f"'{count.text}', but the product's unit is a capsule ({context.unit_label}): a capsule is not cut",
            ErrorCode.IMPLAUSIBLE,
        )


def _check_not_a_liquid(count: Count, context: DoseContext) -> None:
    if context.concentration is not None:
        raise DoseError(
            f"'{count.text}' but the product is a liquid: give the mL or the mg",
            ErrorCode.CONFLICTING_AMOUNTS,
        )


def _solid(
    masses: list[Measure], count: Count | None, context: DoseContext, written_forms: str = ""
) -> tuple[Any, list[str]]:
    """``written_forms``: the dose forms the text names apart from its count ("half a capsule")."""
    if count is not None:
        _check_not_a_liquid(count, context)
    if context.dissolved:
        raise DoseError(
            "a dissolved tablet with no volume taken: how many mL of it is a dose? "
            "('dissolve 1 tab in 50 mL water, take 4.5 mL')",
            ErrorCode.VOLUME_WITHOUT_CONCENTRATION,
        )
    if len(masses) > 1:
        raise DoseError(
            _listing("more than one dose amount", masses) + ": write one dose per line", ErrorCode.MULTIPLE_AMOUNTS
        )
    if masses:
        mass = masses[0]
        in_mg: Fraction = mass.quantity.to("milligram").magnitude  # every magnitude is an exact Fraction
        if count is not None and context.strength_is_stated and in_mg != context.unit_strength_mg:
            assert context.unit_strength_mg is not None
            raise DoseError(
                f"the sig's strength {mass.text} differs from the product's {format_mg(context.unit_strength_mg)} mg",
                ErrorCode.CONFLICTING_AMOUNTS,
            )
        arithmetic = [] if mass.quantity.units == "milligram" else [f"{mass.text} = {format_mg(in_mg)} mg"]
        if count is None:
            _check_units_of_product(in_mg, context)
            return mass.quantity, arithmetic
        _check_cut(count, written_forms)
        _check_no_capsule_cut(count, context)
        _check_not_the_strength(count, in_mg)
        amount = (mass.quantity * count.value).to("milligram")
        return amount, [
            *arithmetic,
            f"{format_mg(count.value)} × {mass.text} = {format_mg(Fraction(amount.magnitude))} mg",
        ]
    if count is not None and context.unit_strength_mg is not None:
        # a strength is known: "1/2 capsule (1 mg total)" alone reads as its total
        _check_cut(count, f"{written_forms} {context.unit_label}")
        _check_no_capsule_cut(count, context)
        _check_counted_form(count, context, written_forms)
        _check_not_the_strength(count, context.unit_strength_mg)
        amount = quantity(count.value * context.unit_strength_mg, "milligram")
        return amount, [
            f"{format_mg(count.value)} × {format_mg(context.unit_strength_mg)} mg "
            f"({context.unit_label}) = {format_mg(Fraction(amount.magnitude))} mg"
        ]
    if count is not None:
        raise DoseError(f"'{count.text}': of what strength? write it as e.g. '1/2 tab of 50 mg'", ErrorCode.NO_STRENGTH)
    if context.strength_is_stated and context.unit_strength_mg is not None:
        # "inject every 4 weeks" with "Vivitrol 380 mg kit": one unit of the record's product
        return quantity(context.unit_strength_mg, "milligram"), [
            f"one unit of the product: {format_mg(context.unit_strength_mg)} mg ({context.unit_label})"
        ]
    raise DoseError("no dose amount found: write it as a number and a unit, e.g. 4.5 mg", ErrorCode.NO_DOSE)


# A dose a product's units can make: whole units or halves and quarters of one.
_SMALLEST_PART = Fraction(1, 4)


def _check_units_of_product(dose_mg: Fraction, context: DoseContext) -> None:
    """ "take 50 mg daily" with "LDN 4.5 mg capsule": no number of those units makes that dose."""
    strength = context.unit_strength_mg
    if not context.strength_is_stated or strength is None:
        return
    units = dose_mg / strength
    if (units / _SMALLEST_PART).denominator != 1:
        raise DoseError(
            f"{format_mg(dose_mg)} mg is not a number of the product's {format_mg(strength)} mg units "
            f"({context.unit_label}): check the product or the dose",
            ErrorCode.CONFLICTING_AMOUNTS,
        )


# Tablets, capsules and troches are all counted as solid units (records mix the words up);
# drops and injection kits are not those.
_FORM_FAMILIES = {
    **dict.fromkeys(
        ["tab", "tabs", "tablet", "tablets", "caplet", "caplets", "pill", "pills", "cap", "caps", "capsule"], "solid"
    ),
    **dict.fromkeys(["capsules", "c", "troche", "troches", "lozenge", "lozenges"], "solid"),
    **dict.fromkeys(["tableta", "tabletas", "comprimido", "comprimidos", "pastilla", "pastillas"], "solid"),
    **dict.fromkeys(["cápsula", "cápsulas", "capsula", "capsulas"], "solid"),
    **dict.fromkeys(lexicon.DROP_WORDS, "drop"),
    **dict.fromkeys(["kit", "kits", "vial", "vials"], "kit"),
}


def _check_not_the_strength(count: Count, strength_mg: Fraction) -> None:
    """ "take 3 daily", "3 qhs" with 3 mg capsules: three capsules (9 mg), or 3 mg with the unit
    left out? A count with no dose form that is the strength in mg could be either."""
    if count.bare and count.value == strength_mg and count.value != 1:
        raise DoseError(
            f"'{count.text}' with {format_mg(strength_mg)} mg units: {format_mg(count.value)} units "
            f"({format_mg(count.value * strength_mg)} mg), or {format_mg(strength_mg)} mg? Write "
            f"'{format_mg(count.value)} caps' or '{format_mg(strength_mg)} mg'",
            ErrorCode.AMBIGUOUS_COUNT,
        )


def _check_cut(count: Count, forms: str = "") -> None:
    """A capsule is never cut ("1/2 cap"), and a tablet only into halves, thirds or quarters ("0.09
    tab" of a 50 mg tablet was read as 4.5 mg). A count naming no form ("take 1/2 daily", "half a
    capsule") counts the units named elsewhere in the dose, else the product's: ``forms`` says."""
    word = count.text.split()[-1].lower()
    if count.bare:
        word = next((w for w in forms.lower().replace("'", " ").split() if w in _FORM_FAMILIES), word)
    _check_cut_of(count, word, f"'{count.text}'")


def _check_cut_of(count: Count, form: str, said: str) -> None:
    """The rule _check_cut and _check_cut_of_a_labelled_unit share, for a unit named by ``form``:
    a capsule ("cap", "cápsula", "c") is never cut; any other solid ("tab", "pill", "tableta",
    "troche") only into halves, thirds or quarters (not "1/12", UK for a month, "1/11", "1/10")."""
    if _FORM_FAMILIES.get(form) != "solid" or count.value.denominator == 1:
        return
    if (form.startswith(("cap", "cáp")) and not form.startswith("caplet")) or form == "c":
        raise DoseError(f"{said}: a capsule is not cut", ErrorCode.IMPLAUSIBLE)
    if count.value.denominator not in (2, 3, 4):
        raise DoseError(f"{said}: a tablet is cut in halves, thirds or quarters", ErrorCode.IMPLAUSIBLE)


_FORM_KINDS = {
    **dict.fromkeys(["tab", "tabs", "tablet", "tablets", "t"], "tablet"),
    **dict.fromkeys(["cap", "caps", "capsule", "capsules", "c"], "capsule"),
    **dict.fromkeys(["troche", "troches", "lozenge", "lozenges"], "troche"),
}


def _check_counted_form(count: Count, context: DoseContext, written_forms: str = "") -> None:
    """ "2 drops qhs" with "naltrexone 50 mg tablet" (or Contrave): the sig counts units the
    product is not made of."""
    counted = _FORM_FAMILIES.get(count.text.split()[-1].lower())
    product = _product_form_family(context)
    if counted == "drop" and context.unit_strength_mg is not None and not _PER_DROP.search(context.unit_label):
        # only a strength per drop ("naltrexone 0.5 mg/drop sublingual drops") counts drops: not
        # "4.5 mg/3 drops", "4.5 mg/dose drops" or a tablet's
        raise DoseError(
            f"'{count.text}' of a product counted in units ({context.unit_label})", ErrorCode.CONFLICTING_AMOUNTS
        )
    if not (context.strength_is_stated or context.strength_is_carried):
        return
    if context.strength_is_carried:
        # "Take 1 tablet (1.5 mg) … then 2 capsules": the capsules' strength is not said
        before = next((_FORM_KINDS[w] for w in context.unit_label.split() if w in _FORM_KINDS), None)
        said = f"{count.text} {written_forms}".lower().split()  # "half a tablet": the form after the count
        now = next((_FORM_KINDS[w] for w in said if w in _FORM_KINDS), None)
        if before and now and before != now:
            raise DoseError(
                f"'{count.text}' {now}s after {before}s: of what strength? Give it ('2 {now}s of 1.5 mg')",
                ErrorCode.NO_STRENGTH,
            )
    if counted and product and counted != product:
        raise DoseError(
            f"'{count.text}' but the product is not counted in {counted}s ({context.unit_label})",
            ErrorCode.CONFLICTING_AMOUNTS,
        )


def _kinds_named(label: str) -> set[str]:
    """The kinds of unit (tablet, capsule, troche) a product's label names: "each unit of
    'naltrexone 4.5 mg capsule'" → {"capsule"}."""
    return {_FORM_KINDS[word] for word in _WORD.findall(label.lower()) if word in _FORM_KINDS}


_WORD = LazyPattern(r"[a-z]+")
_PER_DROP = LazyPattern(r"(?:/|\bper)\s*(?:one\s+|1\s+)?(?:drop|gtt)\b", re.IGNORECASE)


def _product_form_family(context: DoseContext) -> str | None:
    """What the product's units are ("solid", "drop", "kit"), from the words naming them."""
    words = context.unit_label.lower().replace("'", " ").replace("/", " ").split()
    return next((_FORM_FAMILIES[w] for w in words if w in _FORM_FAMILIES), None)


def _liquid(
    by_kind: dict[str, list[Measure]], count: Count | None, pieces: list[Piece], context: DoseContext
) -> tuple[Any, list[str]]:
    volumes, concentrations, masses = by_kind["volume"], by_kind["concentration"], by_kind["mass"]
    if not concentrations and context.concentration is not None and len(volumes) == 1 and not masses:
        concentrations = [Measure(context.concentration, "the product's concentration")]
    elif not concentrations and context.volume_before is not None and _a_bare_volume(volumes, masses, count):
        concentrations = [Measure(context.volume_before, context.volume_before_label)]
    if concentrations and count is not None and "drop" in count.text and not volumes:
        raise DoseError(
            f"'{count.text}' against {concentrations[0].text}: a drop has no fixed volume; "
            "give the mL, or a strength per drop",
            ErrorCode.UNSUPPORTED_FORM,
        )
    if concentrations and by_kind["concentration"]:
        _check_concentration_against_product(by_kind["concentration"][0], context)
    if concentrations:
        if len(concentrations) > 1 or len(volumes) > 1 or masses or count:
            raise DoseError(
                _listing("more than one dose amount", [*concentrations, *volumes, *masses]), ErrorCode.MULTIPLE_AMOUNTS
            )
        if not volumes:
            raise DoseError(
                f"'{concentrations[0].text}' is a concentration with no volume: how many mL per dose?",
                ErrorCode.CONCENTRATION_WITHOUT_VOLUME,
            )
        strength, volume = concentrations[0], volumes[0]
        amount = (strength.quantity * volume.quantity).to("milligram")
        return amount, [f"{strength.text} × {volume.text} = {format_mg(Fraction(amount.magnitude))} mg"]
    solvent = _volume_after_in(pieces)
    if solvent is None and context.strength_is_stated:  # "take 3 mL" of "naltrexone 4.5 mg capsule"
        raise DoseError(
            f"'{volumes[0].text}' of a product counted in units ({context.unit_label})", ErrorCode.CONFLICTING_AMOUNTS
        )
    if masses and solvent is not None:
        _check_dissolved_mass(masses[0], pieces, solvent, context)
    if not masses and context.strength_is_stated and context.unit_strength_mg is not None:
        # "Dissolve one tablet in 50 mL water" with the product field's strength per tablet
        masses = [Measure(quantity(context.unit_strength_mg, "milligram"), f"{format_mg(context.unit_strength_mg)} mg")]
    if masses and len(volumes) == 2 and solvent is not None:
        taken = next(v for v in volumes if v is not solvent)
        _check_solvent_first(pieces, solvent, taken)
        return _dissolved(masses, count, solvent, taken)
    raise DoseError(
        f"'{volumes[0].text}' is a volume with no concentration: how many mg per mL?",
        ErrorCode.VOLUME_WITHOUT_CONCENTRATION,
    )


def _a_bare_volume(volumes: list[Measure], masses: list[Measure], count: Count | None) -> bool:
    return len(volumes) == 1 and not masses and count is None


def _check_concentration_against_product(written: Measure, context: DoseContext) -> None:
    """ "10 mg/mL, 5 mL daily" with a 1 mg/mL product: the sig's strength must be the product's."""
    if context.concentration is not None:
        product = context.concentration.to("milligram / milliliter")
        if written.quantity.to("milligram / milliliter") != product:
            raise DoseError(
                f"the sig's strength {written.text} differs from the product's "
                f"{format_mg(Fraction(product.magnitude))} mg/mL",
                ErrorCode.CONFLICTING_AMOUNTS,
            )
    elif context.strength_is_stated:
        raise DoseError(
            f"the sig gives {written.text} but the product is counted in units ({context.unit_label})",
            ErrorCode.CONFLICTING_AMOUNTS,
        )


def _volume_after_in(pieces: list[Piece]) -> Measure | None:
    """The volume a tablet is dissolved in: the one right after the word 'in'."""
    for before, after in pairwise(pieces):
        if means(before, "in") and isinstance(after, Measure):
            return after
    return None


def _dissolved(masses: list[Measure], count: Count | None, solvent: Measure, taken: Measure) -> tuple[Any, list[str]]:
    if len(masses) > 1:
        raise DoseError(_listing("more than one tablet strength", masses), ErrorCode.MULTIPLE_AMOUNTS)
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
        raise DoseError(_listing("more than one dose amount", [*per_kg, *by_kind["mass"]]), ErrorCode.MULTIPLE_AMOUNTS)
    in_text = [p.kilograms for p in pieces if isinstance(p, Weight)]
    weights = set(in_text) | ({context.weight_kg} if context.weight_kg is not None else set())
    if not weights:
        raise DoseError(
            f"'{per_kg[0].text}' is per kg of body weight: give the weight (--weight 30kg or 'wt 30 kg')",
            ErrorCode.NEEDS_WEIGHT,
        )
    if len(weights) > 1:
        raise DoseError("two different body weights given", ErrorCode.CONFLICTING_WEIGHT)
    (weight_kg,) = weights
    body_weight_kg(weight_kg)
    amount = (per_kg[0].quantity * quantity(weight_kg, "kilogram")).to("milligram")
    return amount, [f"{per_kg[0].text} × {format_mg(weight_kg)} kg = {format_mg(Fraction(amount.magnitude))} mg"]


def _listing(what: str, measures: list[Measure]) -> str:
    return f"{what} ({', '.join(m.text for m in measures)})"


def _frequency(pieces: list[Piece], context: DoseContext) -> tuple[FrequencyWord, list[str]]:
    frequencies = [p for p in pieces if isinstance(p, FrequencyWord)]
    _check_dispensed_then_taken(pieces)
    counting = [f for f in frequencies if not f.time_of_day]
    rate = next((p for p in pieces if isinstance(p, Measure) and p.quantity.check("[mass] / [time]")), None)
    if rate is not None:
        if counting:
            raise DoseError(
                f"'{rate.text}' is already a daily total, and '{counting[0].text}' says how often: "
                "write the dose per administration with its frequency, or the daily total alone",
                ErrorCode.CONFLICTING_FREQUENCY,
            )
        timed_once = any(f.time_of_day for f in frequencies)  # "4.5 mg/day at bedtime": one dose, said
        return ONCE_DAILY, [] if timed_once else [TOTAL_AS_ONE_DOSE_ASSUMPTION.format(said=rate.text)]
    if len(counting) > 1:
        _check_said_once(pieces, counting)
    all_timed = [f for f in frequencies if f.time_of_day]
    listed_times = _listed_times(pieces, all_timed)
    if listed_times is not None:
        counting.append(listed_times)
    if len(counting) == 1 and " and " in counting[0].text:  # "qhs and qam", "am and pm"; not "bid (am and pm)"
        _check_no_condition_on_listed_times(pieces, counting[0])
    if len(counting) > 1 and (
        len({f.times / f.period_hours for f in counting}) > 1 or any(f.high is not None for f in counting)
    ):
        listed = " and ".join(f"'{f.text}'" for f in counting)
        raise DoseError(f"conflicting frequencies {listed}", ErrorCode.CONFLICTING_FREQUENCY)
    timed = all_timed if listed_times is None else []
    if len({f.slot for f in timed}) > 1 and not one_time_said_two_ways(pieces, timed):
        listed = " and ".join(f"'{f.text}'" for f in timed)
        raise DoseError(
            f"{listed}: two times of day for one dose; write 'bid', or give each time its own dose",
            ErrorCode.CONFLICTING_FREQUENCY,
        )
    meal_times = [p for p in pieces if isinstance(p, Word) and p.role == "context" and p.value == "meal times"]
    _check_when_not_joined(pieces)
    in_a_list = listed_times is not None
    listed_with_times = [meals for meals in meal_times if _joined_to_a_time(pieces, meals, in_a_list)]
    if _is_qid_at_meals_and_bedtime(counting, meal_times, timed):
        return counting[0], []  # "qid pc hs", "qid ac and hs": the four times the qid names
    if listed_with_times:
        meals_and_bedtime = None if counting else _meals_and_bedtime(pieces, meal_times, timed)
        if meals_and_bedtime is None:
            # "with meals and in the morning" (is breakfast one of them?), "with meals and at
            # bedtime and in the morning": the meals are in a list that says no count
            raise DoseError(
                f"'{listed_with_times[0].text}' listed with times of day: how many doses a day? "
                "Write each time, or the number a day",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        return meals_and_bedtime, [MEALS_AND_BEDTIME_ASSUMPTION.format(said=meals_and_bedtime.text)]
    if not counting and meal_times and not _at_a_mealtime(timed) and not _with_food_at_one_time(meal_times, timed):
        raise DoseError(
            f"'{meal_times[0].text}' with no other frequency: once with a meal, or with each meal (three a day)?",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )
    if counting and timed:
        _check_not_joined(pieces, counting[0], timed)
    if counting:
        chosen = counting[0]
        top = chosen.high or chosen  # "7-10 times a week at bedtime": more than once a day at its top
        if timed and per_day(top) > 1:
            raise DoseError(
                f"'{chosen.text}' and '{timed[0].text}' conflict: more than once a day, but at one time of day",
                ErrorCode.CONFLICTING_FREQUENCY,
            )
        if chosen.calendar_month and not context.allow_calendar_month:
            raise DoseError(
                f"'{chosen.text}' is 28 to 31 days: write 'every 4 weeks' or 'every 30 days'",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        total = chosen.text in lexicon.TOTAL_PER_PERIOD and len(counting) == 1 and not timed
        return chosen, [TOTAL_AS_ONE_DOSE_ASSUMPTION.format(said=chosen.text)] if total else []
    if timed:  # one said two ways keeps the clock: "in the morning at 8 am" and "at 8 am" are one time;
        # and bedtime: "every evening at bedtime" and "at night" are one time
        return max(timed, key=lambda f: (f.slot == "clock", f.slot != "evening")) if len(timed) == 2 else timed[0], []
    if context.default_frequency is not None:
        carried = ["no frequency given: carried over from the step before"] if context.default_is_carried else []
        return context.default_frequency, carried
    dispensed = next((p for p in pieces if isinstance(p, Word) and p.value == lexicon.DISPENSED_EVERY), None)
    if dispensed is not None:  # "1 tab weekly dispense": taken weekly, or dispensed weekly?
        raise DoseError(
            f"'{dispensed.text}' says how often it is dispensed, and nothing how often it is taken",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )
    return ONCE_DAILY, [ONCE_DAILY_ASSUMPTION]


def _check_when_not_joined(pieces: list[Piece]) -> None:
    """ "1 tab in the morning and with a meal", "at night and 1 hour before drinking": when the one
    dose is taken, or a second dose? (How it is taken, "and with water", is never a dose.)"""
    for piece in pieces:
        if (
            isinstance(piece, Word)
            and piece.value == "when to take it"
            and "water" not in piece.text
            and _joined_to_a_time(pieces, piece, in_a_list=False)
        ):
            raise DoseError(
                f"'{piece.text}' joined to a time of day by 'and': when the one dose is taken, or a second "
                "dose? Write each dose with its amount",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _check_said_once(pieces: list[Piece], counting: list[FrequencyWord]) -> None:
    """ "daily, every day" says one frequency twice; "daily and every day", "every other morning and
    every other evening" may be two doses: a frequency joined by "and" to another is refused, the
    same one too ("bid plus bid": the tokenizer hands out one object for both, so by position)."""
    at = [position for position, piece in enumerate(pieces) if any(piece is f for f in counting)]
    for low, high in pairwise(at):
        if any(map(is_a_joiner, pieces[low:high])):
            raise DoseError(
                f"'{pieces[low].text}' and '{pieces[high].text}': one dose said twice, or two doses? Write the "
                "frequency once, or each dose with its own amount",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _check_not_joined(pieces: list[Piece], counting: FrequencyWord, timed: list[FrequencyWord]) -> None:
    """ "once daily and once at night", "1 time every day and 1 time every night": a time of day
    joined by "and" to a count a day is another dose, not when the one dose is taken."""
    for time in timed:
        if _joined(pieces, counting, time):
            raise DoseError(
                f"'{counting.text}' and '{time.text}': one dose a day, or two? Write 'twice daily' or "
                f"'{counting.text} {time.text}'",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _joined(pieces: list[Piece], one: Piece, other: Piece) -> bool:
    """Whether "and" or "plus" stands between two of the pieces: what it joins may be two doses."""
    low, high = sorted((_position(pieces, one), _position(pieces, other)))
    return any(map(is_a_joiner, pieces[low:high]))


def _check_interval_before_dispense(pieces: list[Piece]) -> None:
    """ "1 tab at night, every 28 days dispense 28 tabs": dispensed every 28 days (UK), or taken
    every 28 days with 28 dispensed (US, "1 tab qhs every 3 days dispense 10 tabs")? Either, when
    the text says another frequency, or the interval is one pharmacies dispense by (a week or
    more). "100 mg qod, disp 15", "every 3 days disp 10": the only frequency, and too short to be
    a dispensing interval, so how often it is taken."""
    said = sum(1 for piece in pieces if isinstance(piece, FrequencyWord))
    for before, after in pairwise(pieces):
        if (
            isinstance(before, FrequencyWord)
            and not before.time_of_day
            and before.period_hours > HOURS_PER_DAY
            and (said > 1 or before.period_hours >= _SHORTEST_DISPENSING_INTERVAL_HOURS)
            and isinstance(after, Word)
            and after.role == "dispensing"
            and after.text.startswith("disp")
        ):
            raise DoseError(
                f"'{before.text} {after.text}': how often it is taken, or how often it is dispensed?",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


_SHORTEST_DISPENSING_INTERVAL_HOURS = 7 * HOURS_PER_DAY  # weekly, fortnightly, every 28 days, monthly


def _check_dispensed_then_taken(pieces: list[Piece]) -> None:
    """ "1 tab weekly dispense every 4 weeks": dispensed weekly and taken every 4 weeks, or taken
    weekly and dispensed every 4? "1 tab qhs weekly dispense #4": taken weekly, 4 dispensed (US), or
    nightly, handed over weekly (UK)? A frequency or a quantity right after it could be either's."""
    roles = {(piece.role, piece.value) for piece in pieces if isinstance(piece, Word)}
    if any(role == "dispensing" for role, _ in roles):
        _check_interval_before_dispense(pieces)
    if ("context", lexicon.DISPENSED_EVERY) not in roles:
        return  # most texts
    for at, (before, after) in enumerate(pairwise(pieces)):
        if not (
            isinstance(before, Word)
            and before.value == lexicon.DISPENSED_EVERY
            and before.text.split()[-1].startswith("dis")
        ):
            continue
        quantity = isinstance(after, (Count, Measure)) or (isinstance(after, Word) and after.role == "dispensing")
        # a quantity after it, with the dose before it (not "weekly dispense 2 tabs at night", UK)
        if isinstance(after, FrequencyWord) or (quantity and any(is_an_amount(pieces, i) for i in range(at))):
            raise DoseError(
                f"'{before.text} {after.text}': which says how often it is taken?", ErrorCode.AMBIGUOUS_FREQUENCY
            )


_WITH_FOOD = " ".join(lexicon.WITH_FOOD)


def _with_food_at_one_time(meal_times: list[Word], timed: list[FrequencyWord]) -> bool:
    """ "4.5 mg at bedtime with food": how the one dose is taken, not a meal's time. Not "with
    meals", "pc" or "ac" beside a bedtime ("pc hs": after meals and at bedtime, four a day)."""
    return [meals.text for meals in meal_times] == [_WITH_FOOD] and len({f.slot for f in timed}) == 1


def _at_a_mealtime(timed: list[FrequencyWord]) -> bool:
    """ "every morning after meals", "pc breakfast", "ac dinner": the meal at the one time of day
    said, which has a meal. Not bedtime: "pc hs" is after meals and at bedtime, four a day."""
    return len({f.slot for f in timed}) == 1 and timed[0].slot in ("morning", "noon", "evening")


def _is_qid_at_meals_and_bedtime(
    counting: list[FrequencyWord], meal_times: list[Word], timed: list[FrequencyWord]
) -> bool:
    """ "1 tab qid pc hs" (swittk/ezmedicationinput's tests): four a day, after the three meals and at
    bedtime; the one time of day is one of the four, never a conflict."""
    return (
        len(counting) == 1
        and counting[0].high is None
        and per_day(counting[0]) == 4
        and _each_meal_and_one_night(meal_times, timed)
    )


def _each_meal_and_one_night(meal_times: list[Word], timed: list[FrequencyWord]) -> bool:
    """ "with meals" (each meal: lexicon.EACH_MEAL) and one night time, nothing else."""
    return (
        len(meal_times) == 1
        and meal_times[0].text in lexicon.EACH_MEAL
        and len(timed) == 1
        and timed[0].slot == "night"
    )


def per_day(frequency: FrequencyWord) -> Fraction:
    return frequency.times * HOURS_PER_DAY / frequency.period_hours


def _joined_to_a_time(pieces: list[Piece], meals: Word, in_a_list: bool) -> bool:
    """ "with meals and at bedtime", "at 8 am and with meals": meal times in a list of times; in a
    list of two or more, next to one of them too ("with meals, at bedtime and in the morning", "in
    the morning and at bedtime with meals": the comma is gone by now)."""
    at = _position(pieces, meals)
    joined = any(
        _is_time_of_day(pieces[other]) and _is_and([pieces[between]])
        for other, between in ((at - 2, at - 1), (at + 2, at + 1))
        if 0 <= other < len(pieces)
    )
    beside = any(
        _is_time_of_day(pieces[other]) and not pieces[other].text.endswith(lexicon.MEAL_NAMES)  # "pc breakfast"
        for other in (at - 1, at + 1)
        if 0 <= other < len(pieces)
    )
    return joined or (in_a_list and beside)


def _is_time_of_day(piece: Piece) -> bool:
    return isinstance(piece, FrequencyWord) and piece.time_of_day


def _meals_and_bedtime(pieces: list[Piece], meal_times: list[Word], timed: list[FrequencyWord]) -> FrequencyWord | None:
    """Meals "and" one night time (either order), nothing else: the three meals and that time."""
    if not _each_meal_and_one_night(meal_times, timed):
        return None
    meals, night = meal_times[0], timed[0]
    first, second = (meals, night) if _position(pieces, meals) < _position(pieces, night) else (night, meals)
    said = f"{first.text} and {second.text}"
    return FrequencyWord(Fraction(4), HOURS_PER_DAY, said)


def _check_no_condition_on_listed_times(pieces: list[Piece], listed: FrequencyWord) -> None:
    """ "4.5 mg qhs, qam if vivid dreams", "… morning and night as tolerated": the
    condition may be the last time's alone, the dose moved there (LDN's advice for vivid dreams) or
    added once tolerated. Read as both times it was 9 mg/day; "4.5 mg qhs if tolerated" is read."""
    last_time = max(i for i, p in enumerate(pieces) if isinstance(p, FrequencyWord))
    # Before the times, tolerance is said of both ("if tolerated, 1.5 mg am and pm"); a reason to
    # move the dose is not ("if vivid dreams, 4.5 mg qam and qhs")
    condition = next(
        (
            p
            for position, p in enumerate(pieces)
            if isinstance(p, Word) and _is_a_condition(p) and (position > last_time or not _of_tolerance(p))
        ),
        None,
    )
    if condition is not None:
        raise DoseError(
            f"'{listed.text}' and '{condition.text}': a dose at each time, or the dose moved to one of them "
            "when that happens? Write each time with its own amount and condition",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )


def _is_a_condition(word: Word) -> bool:
    return word.role == "context" and word.value == "advice" and word.text.startswith(_CONDITIONS)


_CONDITIONS = ("if ", "as tolerated", "until tolerated")


def _of_tolerance(word: Word) -> bool:
    return "tolerated" in word.text or "side effects" in word.text


def _listed_times(pieces: list[Piece], timed: list[FrequencyWord]) -> FrequencyWord | None:
    """ "at 8 am and 6 pm", "at 7 am, 3 pm and 11 pm", "in the morning and at bedtime": times of
    day joined by "and" (clock times also by commas) are that many doses a day. The same time said
    twice ("nightly at bedtime", "at bedtime, at night") is one; joined by "and" ("in the morning
    and with breakfast") it may be two, and is refused. An evening and a night word alone together
    with no "and" ("qpm at bedtime", "in the evening, before bed") may be one time or two: refused
    too; in a longer list ("breakfast lunch dinner hs") they are two of its times.
    None when there is at most one time, or one said two ways ("nightly at 9 pm")."""
    if len(timed) < 2 or one_time_said_two_ways(pieces, timed):
        return None
    times: list[FrequencyWord] = []
    evening_said = False  # as a part of "every evening at bedtime", read as bedtime
    previous = -1
    for position, piece in enumerate(pieces):
        if not (isinstance(piece, FrequencyWord) and piece.time_of_day):
            continue
        between = pieces[previous + 1 : position]
        previous = position
        if not times:
            times.append(piece)
            continue
        if not between and _evening_and_its_bedtime(times[-1], piece):
            # "in the morning and every evening at bedtime": one time, bedtime (so "… and at
            # bedtime" after it is that time twice, never a third dose)
            evening_said = True
            times[-1] = the_time_meant([times[-1], piece])[0]
            if any(time.slot == times[-1].slot for time in times[:-1]):  # "qhs and every evening at bedtime"
                raise DoseError(f"'{times[-1].text}' twice: the same time of day", ErrorCode.CONFLICTING_FREQUENCY)
            continue
        if evening_said and piece.slot == "evening":  # "every evening at bedtime and evening"
            raise DoseError(f"'{piece.text}' said again beside bedtime in the evening", ErrorCode.CONFLICTING_FREQUENCY)
        if piece.slot != "clock" and any(piece.slot == t.slot for t in times):
            if not between or _is_comma(between):
                continue  # one time of day, said twice
            raise DoseError(
                f"'{_same_slot(times, piece).text}' and '{piece.text}': the same time of day twice",
                ErrorCode.CONFLICTING_FREQUENCY,
            )
        if _PER_NIGHT in (piece.text, times[-1].text):
            # "morning/night", "am/night": a slash between two times may say "or" as well as "and"
            raise DoseError(
                f"'{times[-1].text}' and '{piece.text}': a slash between two times of day may mean 'or'; "
                "write 'and' between two doses, or one time of day",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        if (
            len(times) == 1
            and (not between or _is_comma(between))
            and {piece.slot, times[0].slot} == {"evening", "night"}
        ):
            raise DoseError(
                f"'{times[-1].text}' and '{piece.text}': one dose in the evening, or two? Write 'and' between "
                "two doses, or one time of day",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        if frozenset((piece.slot, times[-1].slot)) in _NEIGHBOURING_SLOTS and not (
            _is_and(between) and not _is_comma(between)
        ):
            # "in the afternoon (pm)", "at lunch, afternoon": one time said two ways, or two doses?
            raise DoseError(
                f"'{times[-1].text}' and '{piece.text}': one dose or two? Write 'and' between two doses, "
                "or one time of day",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        if piece.slot == "clock" and any(_clock_minutes(piece.text) == _clock_minutes(t.text) for t in times):
            if (_is_and(between) and not _is_comma(between)) or any(map(is_a_joiner, between)):
                raise DoseError(f"'{piece.text}' is listed twice", ErrorCode.CONFLICTING_FREQUENCY)
            continue  # "at 21:00 (9 pm)": one time, said two ways
        clock_and_word = "clock" in (piece.slot, times[-1].slot) and piece.slot != times[-1].slot
        # "in the morning before lunch", "after breakfast, before lunch": one dose between two
        # times, or two? Not "with breakfast lunch and dinner", a list after one "with".
        bare = " " not in piece.text and not piece.text.startswith("q")  # "lunch", not "qam" or "at noon"
        relative = _is_relative(piece) or (_is_relative(times[-1]) and not bare)
        if relative and piece.text.split()[0] == times[-1].text.split()[0]:
            relative = False  # "with breakfast, with lunch": meals listed, one word for all
        if (clock_and_word and _is_comma(between)) or (relative and (not between or _is_comma(between))):
            # "qhs, at 9:30 pm", "in the morning before lunch": one time said two ways, or two doses?
            raise DoseError(
                f"'{times[-1].text}' and '{piece.text}': one dose or two? Write 'and' between two doses",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        if _is_and(between) or (not between and piece.slot == times[-1].slot == "clock"):
            if piece.text in {t.text for t in times}:
                raise DoseError(f"'{piece.text}' is listed twice", ErrorCode.CONFLICTING_FREQUENCY)
            _check_not_in_the_list(piece, times)
            times.append(piece)
        elif not between and "clock" not in (piece.slot, times[-1].slot):
            times.append(piece)  # "breakfast noon dinner", "qam qhs": times of day listed
        else:
            raise DoseError(
                f"'{times[-1].text}' and '{piece.text}': two times of day for one dose; write 'bid', "
                "or give each time its own dose",
                ErrorCode.CONFLICTING_FREQUENCY,
            )
    if len(times) < 2:
        return None
    return FrequencyWord(Fraction(len(times)), HOURS_PER_DAY, " and ".join(t.text for t in times))


_PER_NIGHT = " ".join(lexicon.PER_NIGHT)


def _is_relative(time: FrequencyWord) -> bool:
    """ "before lunch", "once just before bed", "when waking up", "first thing": said by an event."""
    words = time.text.split()
    said = " ".join(words[1:] if words[0] == "once" else words)
    return said.startswith(lexicon.RELATIVE_TIME_LEADS) or not lexicon.EVENT_TIME_WORDS.isdisjoint(words)


# The afternoon runs into noon and into the evening ("pm", "teatime"): beside either, with no "and",
# it may be the same time said two ways.
_NEIGHBOURING_SLOTS = frozenset({frozenset({"afternoon", "noon"}), frozenset({"afternoon", "evening"})})


def one_time_said_two_ways(pieces: Sequence[object], timed: list[FrequencyWord]) -> bool:
    """ "nightly at 9 pm", "at 8 am in the morning": the only two times of the dose, a time of day
    and a clock time in it, side by side. Not in a longer list ("at night at 9 pm and 10 pm", "at
    bedtime (9 pm and 12 pm)": which is the second dose?), and not a small bare number before am or
    pm ("1 at night 2 am": 2 in the morning?), nor a time of day with an hour of its own ("at 7 in
    the evening")."""
    if len(timed) == 2 and _bedtime_in_its_evening(pieces, timed):
        return True
    if len(timed) != 2 or "clock" not in (timed[0].slot, timed[1].slot) or timed[0].slot == timed[1].slot:
        return False
    clock, word = timed if timed[0].slot == "clock" else timed[::-1]
    if clock.text.split()[0] in _COUNT_OR_HOUR or any(char.isdigit() for char in word.text):
        return False
    first, second = (next(i for i, p in enumerate(pieces) if p is f) for f in timed)
    between = pieces[first + 1 : second]  # "at bedtime (10 pm)": brackets are still there in a step's items
    return all(isinstance(p, Symbol) and p.text in "()" for p in between) and _clock_in_its_time_of_day(clock, word)


def _bedtime_in_its_evening(pieces: Sequence[object], timed: list[FrequencyWord]) -> bool:
    """ "every evening at bedtime", "in the evening before bed", "at bedtime in the evening": the
    evening and bedtime, spelled out, side by side. "qpm qhs", "with dinner, at bedtime", "in the
    evening, at bedtime" may be two doses."""
    if not _evening_and_its_bedtime(*timed):
        return False
    first, second = (next(i for i, p in enumerate(pieces) if p is time) for time in timed)
    return abs(second - first) == 1


def _evening_and_its_bedtime(one: FrequencyWord, other: FrequencyWord) -> bool:
    """The evening, as a part of the day, and bedtime, as going to bed: lexicon.EVENINGS, BEDTIMES."""
    texts = {one.text, other.text}
    return bool(texts & lexicon.EVENINGS and texts & lexicon.BEDTIMES)


def the_time_meant(times: list[FrequencyWord]) -> list[FrequencyWord]:
    """Of one time said two ways: the time of day of a clock time, and bedtime of its evening."""
    dropped = "clock" if any(time.slot == "clock" for time in times) else "evening"
    return [time for time in times if time.slot != dropped]


def may_be_the_same_time(one: FrequencyWord, other: FrequencyWord) -> bool:
    """Two parts' times of day: the same word's part of the day, the same clock time however written
    ("8 am", "at 08:00"), or a clock time in the other's part of the day ("at bedtime (10 pm)" and
    "at bedtime"; "in the morning" and "at 8 am")."""
    if one.slot != "clock" and other.slot != "clock":
        return one.slot == other.slot
    if one.slot == other.slot:
        return _clock_minutes(one.text) == _clock_minutes(other.text)
    clock, word = (one, other) if one.slot == "clock" else (other, one)
    return _clock_in_its_time_of_day(clock, word)


def _check_not_in_the_list(piece: FrequencyWord, times: list[FrequencyWord]) -> None:
    """ "at 9:00 and 21:00 and nightly", "at 9:00, 12:00 and noon": a time of day listed with a clock
    time in it may be that time said again, or one more dose."""
    for time in times:
        if piece.slot != time.slot and may_be_the_same_time(piece, time):
            raise DoseError(
                f"'{time.text}' and '{piece.text}': the same time twice, or two doses? Write each time once",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _clock_in_its_time_of_day(clock: FrequencyWord, word: FrequencyWord) -> bool:
    """Whether the clock's hour falls in the part of the day the word names (lexicon.SLOT_HOURS):
    "at night at 10 pm" is one time, "in the morning at 8 pm" two that cannot both be the one dose.
    Noon and midnight are times of their own: only 12:00 is either."""
    minutes, hours = _clock_minutes(clock.text), lexicon.SLOT_HOURS.get(str(word.slot))
    if minutes is None or hours is None:
        return False
    exact = next((at for name, at in _EXACT_TIMES.items() if name in word.text.split()), None)
    if exact is not None:
        return minutes == exact
    start, end = hours
    return any(start * 60 <= day * 24 * 60 + minutes < end * 60 for day in (0, 1))


_EXACT_TIMES = {"noon": 12 * 60, "midday": 12 * 60, "midnight": 0}


def may_follow_in_one_day(time: FrequencyWord, then: FrequencyWord) -> bool:
    """Whether ``then`` may be a later dose the same day as ``time``: not what may be the same time
    ("nightly at 9 pm", "at 10 pm"), nor surely earlier (an earlier part of the day, an earlier
    clock). A part of the day beside a clock is never sure (night runs past midnight)."""
    if may_be_the_same_time(time, then):
        return False
    if time.slot in lexicon.DAY_ORDER and then.slot in lexicon.DAY_ORDER:
        return lexicon.DAY_ORDER[str(then.slot)] > lexicon.DAY_ORDER[str(time.slot)]
    if time.slot == "clock" and then.slot == "clock":  # a clock before the morning may be that night's
        at, later = _clock_minutes(time.text), _clock_minutes(then.text)
        return at is None or later is None or later > at or later < lexicon.SLOT_HOURS["morning"][0] * 60
    return True


def _clock_minutes(text: str) -> int | None:
    """ "at 21 00", "9 pm", "at 9 30 pm" (a colon reads as a space): minutes after midnight."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if not numbers:
        return None
    hour, minute = numbers[0], numbers[1] if len(numbers) > 1 else 0
    words = text.split()
    if "pm" in words and hour < 12:
        hour += 12
    if "am" in words and hour == 12:
        hour = 0
    return hour * 60 + minute


def _same_slot(times: list[FrequencyWord], piece: FrequencyWord) -> FrequencyWord:
    return next(t for t in times if t.slot == piece.slot)


def _is_comma(pieces: list[Piece]) -> bool:
    return _is_and(pieces) and isinstance(pieces[0], Word) and pieces[0].value == ","


def _is_and(pieces: list[Piece]) -> bool:
    return len(pieces) == 1 and isinstance(pieces[0], Word) and pieces[0].text == "and"


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
