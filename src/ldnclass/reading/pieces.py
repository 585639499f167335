"""Items → pieces: each number joined to what it counts or measures.

"4.5 mg" becomes a Measure (a pint quantity), "1.5-4.5 mg" a Range, "2 tabs" or
"½ ×" a Count, "1%" a Percent, "wt 30 kg" a Weight, and a mass said to be a total or
the strength of each unit ("(100 mg total)", "(50 mg each)", a bare "(50 mg)" after a
count) a Stated amount. Brackets and commas are used here, then dropped. A count
after the dose and its frequency ("4.5 mg qhs, 30 caps") is what was dispensed.
Whatever is left must carry no number, or it is an error: a stray number is never
multiplied in or dropped.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal, NamedTuple

from ldnclass.errors import DoseError, ErrorCode
from ldnclass.patterns import LazyPattern
from ldnclass.reading import grammar, lexicon
from ldnclass.reading.grammar import MAX_DROPS_PER_DOSE, Number, Symbol, UnitWord, Word
from ldnclass.reading.grammar import MAX_UNITS_PER_DOSE as MAX_UNITS_PER_DOSE  # dose.py asks for it here
from ldnclass.units import quantity

UNNAMED_UNIT = "unit"  # the form of a count that names none, carried from a part before


class Measure(NamedTuple):
    quantity: Any  # pint quantity
    text: str


class Range(NamedTuple):
    low: Measure
    high: Measure
    text: str


class Count(NamedTuple):
    value: Fraction
    text: str
    bare: bool = False  # no dose form named ("take 2 qhs", "2 nocte"): 2 mg with its unit dropped?


class CountRange(NamedTuple):
    low: Count
    high: Count
    text: str


class Percent(NamedTuple):
    value: Fraction
    text: str


class Weight(NamedTuple):
    kilograms: Fraction
    text: str


class Stated(NamedTuple):
    """A mass said to be the total per administration ("total") or each unit's strength
    ("each"); "bare" when in brackets with neither word, which after a count of more than
    one could mean either."""

    measure: Measure
    role: Literal["total", "each", "bare"]
    text: str
    units: Count | None = None  # "50 mg (2 tablets)": how many units make the total


class StatedRange(NamedTuple):
    """ "1-2 tablets (1.25-2.5 mg total)": a stated amount at each end of a range of counts."""

    low: Stated
    high: Stated
    text: str


Piece = Measure | Range | Count | CountRange | Percent | Weight | Stated | StatedRange | grammar.Item
# What says how much: a part of a day or a step of a titration needs one of its own.
AMOUNTS = (Measure, Range, Count, CountRange, Stated, StatedRange, Percent, Weight)


def has_an_amount(pieces: list[Piece]) -> bool:
    """An amount, or a dose form named alone ("take tablet daily": one unit, as ever read)."""
    return any(isinstance(piece, AMOUNTS) or (isinstance(piece, Word) and piece.role == "form") for piece in pieces)


def make_pieces(items: list[grammar.Item]) -> list[Piece]:
    """Join numbers to their units, counts and ranges; reject any number left alone."""
    pieces: list[Piece] = []
    position = 0
    items = _without_one_unit_of_an_amount(items)
    while position < len(items):
        piece, position = _next_piece(items, position)
        pieces.append(piece)
    if "(" in (getattr(piece, "text", None) for piece in pieces):
        _check_no_other_time_across_a_bracket(pieces)
    pieces = _dispensed_counts(_without_separators(_stated_amounts(pieces)))
    _reject_loose_numbers(pieces)
    return pieces


def _without_one_unit_of_an_amount(items: list[grammar.Item]) -> list[grammar.Item]:
    """ "LDN 4.5mg 1 nocte", "naltrexone 50mg x1 po qd", "50 mg one daily" (UK and EHR free text):
    one unit of the amount right before it, right before when or how it is taken, is that amount,
    whichever the amount is (a unit's strength or the dose): read as "1 unit" (the "x" dropped), so
    a product of another strength is refused, and later steps count units of it (one unit of 4.5
    mg is 4.5 mg either way). Any other count there ("4.5 mg 2 nocte": 2 units of 4.5 mg, or 4.5 mg
    in 2?) stays, refused."""
    kept: list[grammar.Item] = []
    for position, item in enumerate(items):
        if isinstance(item, Number) and item.text in _ONE and _says_how_or_when(items, position + 1):
            start = len(kept) - 1 if kept and _is_times(kept[-1]) else len(kept)
            unit, amount = kept[start - 1 : start], kept[start - 2 : start - 1]
            if start >= 2 and _is_a_dose_s_mass(unit[0]) and isinstance(amount[0], Number):
                del kept[start:]
                kept += [item, Word("form", UNNAMED_UNIT, None)]  # one unit, as "4.5 mg 1 cap" is
                continue
        kept.append(item)
    return kept


_ONE = frozenset({"1", "one"})


def _is_a_dose_s_mass(item: grammar.Item) -> bool:
    """A mass unit a dose is written in: not a body weight's kg ("wt 45 kg 1 daily")."""
    return isinstance(item, UnitWord) and item.kind == "mass" and item.unit.name != "kilogram"


def _is_mass(piece: object) -> bool:
    return isinstance(piece, Measure) and piece.quantity.check("[mass]")


def _is_symbol(piece: object, text: str) -> bool:
    return isinstance(piece, Symbol) and piece.text == text


def _stated_amounts(pieces: list[Piece]) -> list[Piece]:
    """ "(25 mg total)", "(25 mg each)", "(25 mg)", "25 mg total", "25 mg each" → a Stated amount.
    Other brackets ("(REVIA)") only group words: they are dropped."""
    if not any(isinstance(p, Symbol) or (isinstance(p, Word) and p.role == "qualifier") for p in pieces):
        return pieces  # most texts: no bracket and no "total" or "each"
    out: list[Piece] = []
    position = 0
    while position < len(pieces):
        piece = pieces[position]
        if _is_symbol(piece, "("):
            close = next((i for i in range(position + 1, len(pieces)) if _is_symbol(pieces[i], ")")), None)
            inner = pieces[position + 1 : close] if close is not None else []
            stated = _stated(without_names(inner), in_brackets=True)
            if stated is not None and close is not None:
                out.append(stated)
                position = close + 1
                continue
            if close is not None and out and _is_mass(out[-1]) and _is_units_count(inner):
                # "50 mg (2 tablets)", "25 mg (1/2 tablet total)": the mass is the dose, the bracket
                # how many units make it; never multiplied together
                if len(out) > 1 and isinstance(out[-2], Count):  # "3 x 1.5 mg (3 caps)": the dose, or each?
                    raise DoseError(
                        f"'{out[-2].text} {out[-1].text}' then '({' '.join(p.text for p in inner)})': "
                        "is the mass the dose or each unit's? Write one",
                        ErrorCode.AMBIGUOUS_DOSE,
                    )
                measure = out.pop()
                assert isinstance(measure, Measure)
                units = next(p for p in inner if isinstance(p, Count))
                text = f"{measure.text} ({' '.join(p.text for p in inner)})"
                out.append(Stated(measure, "total", text.replace(" ,", ","), units))
                position = close + 1
                continue
            position += 1
            continue
        if _is_symbol(piece, ")"):
            position += 1
            continue
        qualifier = isinstance(piece, Word) and piece.role == "qualifier"
        total_before = _mass_after_total(pieces, position) if qualifier else None
        if total_before is not None:  # "take 3 caps total 4.5 mg", "3 caps, total dose 4.5 mg"
            measure, position = total_before
            out.append(Stated(measure, "total", f"total {measure.text}"))
            continue
        stated = (
            _stated(pieces[position : position + 2], in_brackets=False) if _qualifier_at(pieces, position + 1) else None
        )
        if stated is not None:
            out.append(stated)
            position += 2
            continue
        out.append(piece)
        position += 1
    return out


def _mass_after_total(pieces: list[Piece], position: int) -> tuple[Measure, int] | None:
    """The mass "total" (or "total dose") opens, and the position after it; once read as each
    unit's strength ("take 3 caps total 4.5 mg" was 13.5 mg)."""
    piece = pieces[position]
    if not (isinstance(piece, Word) and piece.role == "qualifier" and piece.value == "total"):
        return None
    ahead = position + 1
    while ahead < len(pieces) and (
        _is_symbol(pieces[ahead], ",") or (isinstance(pieces[ahead], Word) and pieces[ahead].text in ("dose", "of"))
    ):
        ahead += 1
    if ahead < len(pieces) and _is_mass(pieces[ahead]) and not _qualifier_at(pieces, ahead + 1):
        measure = pieces[ahead]
        assert isinstance(measure, Measure)
        if any(isinstance(piece, grammar.FrequencyWord) for piece in pieces[:position]):
            # "take 1 tab tid, total dose 4.5 mg", "2 tabs bid total 50 mg": each dose's, or the day's?
            raise DoseError(
                f"'total {measure.text}' after the frequency: each dose's, or the day's? Write "
                f"'({measure.text} total)' after the count, or '{measure.text}/day'",
                ErrorCode.AMBIGUOUS_STRENGTH,
            )
        return measure, ahead + 1
    return None


def _qualifier_at(pieces: list[Piece], position: int) -> bool:
    """ "total", "each": only a mass before one of these is a stated amount outside brackets."""
    if position >= len(pieces):
        return False
    piece = pieces[position]
    return isinstance(piece, Word) and piece.role == "qualifier"


def _is_units_count(inner: list[Piece]) -> bool:
    """ "(2 tablets)", "(1/2 tablet total)", "(2 tablets, total)", "(half a tablet)"; never "(2
    tablets, each)" or "(2 tabs per tablet)", which make the mass each unit's strength."""
    rest = [p for p in inner if not (_is_symbol(p, ",") or (isinstance(p, Word) and _adds_nothing_to_a_count(p)))]
    return len(rest) == 1 and isinstance(rest[0], Count)


def _adds_nothing_to_a_count(word: Word) -> bool:
    return word.role == "form" or (word.role == "qualifier" and word.value == "total") or word.text in ("of", "a", "an")


def without_names(inner: list[Any]) -> list[Any]:
    """ "(LDN 4.5 mg)", "(naltrexone 50 mg tablet)", "(4.5 mg LDN)": a bracket's mass without the
    drug's name and the dose form around it, which say nothing more of how much: read as the bare
    "(4.5 mg)" is (after a count of one, the dose; after more, which is meant is asked). Items or
    pieces (restated.py asks of items)."""
    kept = list(inner)
    if kept and _names_the_drug(kept[0]):
        kept = kept[1:]
    if len(kept) > 1 and _names_the_drug(kept[-1]):
        kept = kept[:-1]
    if (
        len(kept) > 1
        and isinstance(kept[-1], Word)
        and kept[-1].role == "form"
        and isinstance(kept[-2], (Measure, UnitWord))
    ):
        kept = kept[:-1]
    return kept


def _names_the_drug(piece: object) -> bool:
    return isinstance(piece, Word) and piece.role == "drug"


def _stated(inner: list[Piece], in_brackets: bool) -> Stated | StatedRange | None:
    if inner and isinstance(inner[0], Range) and _is_mass(inner[0].low):
        span = inner[0]  # "(1.25-2.5 mg total)": each end read as a stated amount of its own
        ends = [_stated([end, *inner[1:]], in_brackets) for end in (span.low, span.high)]
        low, high = ends
        if isinstance(low, Stated) and isinstance(high, Stated):
            return StatedRange(low, high, f"{span.text} {' '.join(p.text for p in inner[1:])}".strip())
        return None
    if not inner or not _is_mass(inner[0]) or len(inner) > 2:
        return None
    measure = inner[0]
    assert isinstance(measure, Measure)
    if len(inner) == 2:
        qualifier = inner[1]
        if not (isinstance(qualifier, Word) and qualifier.role == "qualifier"):
            return None
        if qualifier.value == "total":
            return Stated(measure, "total", f"{measure.text} {qualifier.text}")
        return Stated(measure, "each", f"{measure.text} {qualifier.text}")
    return Stated(measure, "bare", f"({measure.text})") if in_brackets else None


def _without_separators(pieces: list[Piece]) -> list[Piece]:
    """Commas and brackets go; a comma between two times of day lists them ("morning, hs")."""
    out: list[Piece] = []
    for position, piece in enumerate(pieces):
        if isinstance(piece, Symbol) and piece.text == ",":
            before, after = pieces[position - 1 : position], pieces[position + 1 : position + 2]
            if (
                before
                and after
                and all(isinstance(p, grammar.FrequencyWord) and p.time_of_day for p in (*before, *after))
            ):
                out.append(Word("filler", "and", ","))  # the comma's "and": dose.py tells them apart
            continue
        if not (isinstance(piece, Symbol) and piece.text in {"(", ")"}):
            out.append(piece)
    return out


def _check_no_other_time_across_a_bracket(pieces: list[Piece]) -> None:
    """ "3 mg qhs (in the morning)": a time of day in brackets beside another is one time said two
    ways, or a contradiction; with the brackets gone the two were listed as two doses (6 mg/day,
    older). Refused, as "qhs, at 9:30 pm" is; the same time twice ("qhs (at night)") is read, and a
    clock beside a time of day ("at bedtime (10 pm)") is checked as ever."""
    for position, piece in enumerate(pieces):
        if not (isinstance(piece, Symbol) and piece.text in ("(", ")")):
            continue
        before, after = pieces[position - 1 : position], pieces[position + 1 : position + 2]
        times = [p for p in (*before, *after) if isinstance(p, grammar.FrequencyWord) and p.time_of_day]
        slots = {time.slot for time in times}
        if len(times) == 2 and len(slots) == 2 and "clock" not in slots:  # a clock: dose.py checks it fits
            raise DoseError(
                f"'{times[0].text}' and '{times[1].text}' on either side of a bracket: one dose or two? "
                "Write 'and' between two doses",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _most_in_one_dose(count: Count) -> int:
    return MAX_DROPS_PER_DOSE if count.text.split()[-1] in lexicon.DROP_WORDS else MAX_UNITS_PER_DOSE


def _dispensed_counts(pieces: list[Piece]) -> list[Piece]:
    """A count after the dose and its frequency is what was dispensed ("4.5 mg qhs, 30 caps"):
    noted, never multiplied in. A count too large for one administration is never a dose."""
    out: list[Piece] = []
    seen_amount = seen_frequency = False
    for position, piece in enumerate(pieces):
        if isinstance(piece, Count) and seen_amount and seen_frequency:
            if _days_follow(pieces[position + 1 :]):
                # "1 tab daily Mon-Fri, 1.5 tabs daily on weekends": the next group's amount
                out.append(piece)
                continue
            if piece.value <= MAX_UNITS_PER_DOSE:
                raise DoseError(
                    f"'{piece.text}' after the dose and its frequency: a count per dose, "
                    "or the quantity dispensed? Write the count before the frequency, or 'disp 30'",
                    ErrorCode.AMBIGUOUS_COUNT,
                )
            if not (position + 1 < len(pieces) and isinstance(pieces[position + 1], grammar.FrequencyWord)):
                out.append(Word("dispensing", piece.text))
                continue
            # "1 tab daily x 1 week, 12 tabs daily": a count with a frequency of its own is a dose,
            # never what was dispensed (an attack found it dropped, the dose read as 0.5 mg)
        if isinstance(piece, Count) and piece.value > _most_in_one_dose(piece):
            raise DoseError(
                f"'{piece.text}' is more than {_most_in_one_dose(piece)} units in one dose: "
                "if it is the quantity dispensed, write 'disp 30' or put it after the frequency",
                ErrorCode.IMPLAUSIBLE,
            )
        if isinstance(piece, Word) and piece.role == "duration" and piece.text[0].isdigit() and not seen_frequency:
            raise DoseError(
                f"'{piece.text}' with no frequency before it: every {piece.text}, or for {piece.text}?",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        if isinstance(piece, Word) and piece.value == lexicon.COURSE:
            _check_course(piece, seen_frequency, pieces[position + 1 :])
        if not seen_amount and isinstance(piece, (Measure, Range, Count, CountRange, Stated, StatedRange)):
            after = pieces[position + 1] if position + 1 < len(pieces) else None
            labels_a_unit = isinstance(after, Word) and after.role == "form"  # "1.5 mg capsules: daily 2 caps"
            seen_amount = not (isinstance(piece, Measure) and labels_a_unit)
        seen_frequency = seen_frequency or isinstance(piece, grammar.FrequencyWord)
        out.append(piece)
    return out


def _days_follow(pieces: list[Piece]) -> bool:
    """Days of the week later on: a count before them is a weekday group's (forms.py checks that
    every group has its days)."""
    return any(isinstance(piece, Word) and piece.role == "weekday" for piece in pieces)


def _check_course(course: Word, seen_frequency: bool, after: list[Piece]) -> None:
    """ "q6h x 10 doses" is how long; "x 2 doses daily" or "qhs x 2 doses nightly" may be how
    much each time: a course counted in doses is read only after the frequency, with none after."""
    if not seen_frequency or any(isinstance(piece, grammar.FrequencyWord) for piece in after):
        raise DoseError(
            f"'{course.text}': how many doses in all, or how many each time? Write it after the frequency",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )


def _next_piece(items: list[grammar.Item], position: int) -> tuple[Piece, int]:
    item = items[position]
    after = _at(items, position + 1)
    if isinstance(item, Number):
        if item.negative:
            raise DoseError(f"'{item.text}' is negative: a dose must be above zero", ErrorCode.NEGATIVE_DOSE)
        if isinstance(after, UnitWord):
            return _measure_or_range(items, position)
        if isinstance(after, Symbol) and after.text == "%":
            return Percent(item.value, f"{item.text}%"), position + 2
        if _is_range_word(after) and isinstance(_at(items, position + 2), Number):
            return _bare_low_range(items, position)
        if isinstance(after, Word) and after.role == "form":
            # "unit": divided.counted_units' mark of a count that names no form ("… and 1 at night")
            return Count(item.value, f"{item.text} {after.text}", bare=after.text == UNNAMED_UNIT), position + 2
        if _is_times(after):
            # "3xHS", "2 x daily": units of no named form; "2 x 50 mg", "2 × 50 mg tabs": of that strength
            following = _at(items, position + 2)
            named = isinstance(following, (Number, UnitWord)) or (  # "1/2x1": the shorthand counts units
                isinstance(following, grammar.FrequencyWord) and grammar.is_compact_times(following.text)
            )
            return Count(item.value, f"{item.text} ×", bare=not named), position + 2
        if _follows_take(items, position) and _is_plain_count(item, items[position + 1 :]):
            _check_not_one_amount_in_two(items, position)
            return Count(item.value, f"take {item.text}", bare=True), position + 1
        if _leads_a_schedule(items, position) and _is_plain_count(item, items[position + 1 :]):
            return Count(item.value, item.text, bare=True), position + 1
        if _counts_a_strength(items, position) and _is_plain_count(item, items[position + 1 :]):
            return Count(item.value, f"{item.text} ×"), position + 1
        if _follows_a_dose_form(items, position) and _is_plain_count(item, items[position + 1 :]):
            # bare: the form is the product's label ("naltrexone 3 mg capsules: 3 qhs" is 3 caps or
            # 3 mg; "…: 1/2 at night", half a capsule)
            return Count(item.value, f"{item.text} ×", bare=True), position + 1
        if _counts_named_units(items, position) and _is_plain_count(item, items[position + 1 :]):
            return Count(item.value, f"{item.text} ×"), position + 1
        if _is_of_a_strength(items, position) and _is_plain_count(item, items[position + 1 :]):
            return Count(item.value, f"{item.text} of"), position + 1
    if isinstance(item, Word) and item.role == "count":
        assert isinstance(item.value, Fraction)
        after = _at(items, position + 1)
        if isinstance(after, Word) and after.role == "form":  # "half cap", as "1/2 cap": the unit said
            return Count(item.value, f"{item.text} {after.text}"), position + 2
        return Count(item.value, item.text, bare=True), position + 1  # "take half qhs": of the product's units
    if grammar.means(item, "weight"):
        return _weight(items, position)
    return item, position + 1


def _at(items: list[grammar.Item], position: int) -> grammar.Item | None:
    return items[position] if position < len(items) else None


def _follows_take(items: list[grammar.Item], position: int) -> bool:
    """ "take 1 qhs": a number right after take/give, with no unit, counts the units of the strength."""
    before = _at(items, position - 1) if position > 0 else None
    return grammar.means(before, "take")


def _leads_a_schedule(items: list[grammar.Item], position: int, after: int | None = None) -> bool:
    """ "1 po qhs", "2 nocte", "1 daily", "one to be taken at night" (UK labels): a sig column's
    opening number, right before how or when it is taken, counts the units of the product (a
    pharmacy export's "take" left out). ``after``: where what follows the number starts."""
    return position == 0 and _says_how_or_when(items, position + 1 if after is None else after)


_TO_BE_TAKEN = frozenset({"to be taken", "to be given"})


def _says_how_or_when(items: list[grammar.Item], position: int) -> bool:
    after = _at(items, position)
    if isinstance(after, Word) and after.role == "filler" and after.text in _TO_BE_TAKEN:
        after = _at(items, position + 1)
    return isinstance(after, grammar.FrequencyWord) or (isinstance(after, Word) and after.role == "route")


def _check_not_one_amount_in_two(items: list[grammar.Item], position: int) -> None:
    """ "take 4 5 mg", "take 4 .5 mg", "take 4, 5 mg", "take 2 ,25 mg": a count in digits right
    before a whole number of mg may be one amount written with a space or a stray comma (4.5 mg,
    2.25 mg), not units of that strength (20 mg, 50 mg). Read as units when they are named after it
    ("take 2 50 mg capsules"), the count is spelled ("take two 50 mg daily") or the strength has its
    own decimal point ("take 3 1.5 mg qhs"), and nothing stands between the two numbers."""
    at = position + 1
    separated = _is_symbol(_at(items, at), ",")  # a comma or a semicolon
    number, unit = _at(items, at + separated), _at(items, at + separated + 1)
    if not (isinstance(number, Number) and isinstance(unit, UnitWord) and unit.kind == "mass"):
        return
    count = items[position]
    assert isinstance(count, Number)
    named = isinstance(after := _at(items, at + separated + 2), Word) and after.role == "form"
    spelled = count.text in lexicon.NUMBER_WORDS
    # "1/2 50 mg" is no "1/2.50", nor "3 1.5 mg" a "31.5": only two whole numbers may be one amount
    one_amount = count.is_integer_literal and number.is_integer_literal
    units = named or spelled or not one_amount
    if separated or _is_naked_decimal(number) or not units:
        verb, between = items[position - 1].text, ", " if separated else " "
        raise DoseError(
            f"'{verb} {count.text}{between}{number.text} {unit.text}': {count.text} units of {number.text} "
            f"{unit.text}, or one amount written in two? Write '{count.text} × {number.text.lstrip('.,')} "
            f"{unit.text} tablets', or the amount in {unit.text} alone",
            ErrorCode.AMBIGUOUS_COUNT,
        )


def _is_naked_decimal(number: Number) -> bool:
    return number.text.startswith((".", ","))


def _counts_a_strength(items: list[grammar.Item], position: int) -> bool:
    """ "2 50 mg tabs": a number right before a strength and its dose form counts those units
    ("4 .5 mg tabs" may be 4.5 mg: not read as units)."""
    number, unit, form = _at(items, position + 1), _at(items, position + 2), _at(items, position + 3)
    return (
        isinstance(number, Number)
        and not _is_naked_decimal(number)
        and isinstance(unit, UnitWord)
        and unit.kind == "mass"
        and isinstance(form, Word)
        and form.role == "form"
    )


def _follows_a_dose_form(items: list[grammar.Item], position: int, after: int | None = None) -> bool:
    """ "naltrexone 25 mg tablets: 1 bd", "1.5 mg caps, 2 qhs", "… tablets: ORAL 1 q8h": a whole
    number right after the dose form (or a route after it), and before how or when it is taken,
    counts those units. ``after``: where what follows the number starts."""
    before = _at(items, position - 1) if position > 0 else None
    if isinstance(before, Symbol) and before.text == "," and position > 1:
        before = _at(items, position - 2)
    named = isinstance(before, Word) and (
        before.role == "form" or (before.role == "route" and _is_form(_at(items, position - 2)))
    )
    return named and _says_how_or_when(items, position + 1 if after is None else after)


def _is_form(item: grammar.Item | None) -> bool:
    return isinstance(item, Word) and item.role == "form"


def _counts_named_units(items: list[grammar.Item], position: int) -> bool:
    """ "two CONTRAVE 8 mg/90 mg tablets": a number, the product's name, then its dose form."""
    after = position + 1
    while isinstance(_at(items, after), Word) and _at(items, after).role in ("product", "drug", "salt"):  # type: ignore[union-attr]
        after += 1
    form = _at(items, after)
    return after > position + 1 and isinstance(form, Word) and form.role == "form"


def _is_of_a_strength(items: list[grammar.Item], position: int) -> bool:
    """ "1/2 of 50 mg tab", "1/4 of a 50 mg tablet": a count of units of the strength that follows."""
    of = _at(items, position + 1)
    rest = [
        item for item in items[position + 2 : position + 5] if not (isinstance(item, Word) and item.text in ("a", "an"))
    ]
    return (
        isinstance(of, Word)
        and of.text == "of"
        and len(rest) >= 2
        and isinstance(rest[0], Number)
        and isinstance(rest[1], UnitWord)
        and rest[1].kind == "mass"
    )


# The most units a number with no dose form may count ("take 2 qhs"); "take 4.5" is a dose missing
# its unit, and "7 in the evening" or "2 am" may be an hour (divided.py, dose.py).
MAX_BARE_COUNT = 4


def _is_plain_count(number: Number, after: list[grammar.Item] | None = None) -> bool:
    # One to four whole units, or a written fraction under one: "take 4.5" is a dose
    # missing its unit, not a count of tablets. Spelled out, any number the vocabulary has
    # ("take five daily", "eight to be taken each day"): milligrams are written in digits. Above
    # four, never before a time of day (the items ``after`` it): "seven in the evening", "seven,
    # evening", "seis por la noche" may be an hour, and so, said so, may any other.
    if number.text in lexicon.NUMBER_WORDS:
        return number.value <= MAX_BARE_COUNT or not _a_time_of_day_follows(after or [])
    if number.is_integer_literal:
        return 1 <= number.value <= MAX_BARE_COUNT
    return number.value < 1 and not any(c in number.text for c in ".,")


def _a_time_of_day_follows(items: list[grammar.Item]) -> bool:
    for item in items:
        if isinstance(item, Symbol) or (isinstance(item, Word) and item.text in _BEFORE_A_TIME):
            continue  # "seven, in the evening", "seven (in the evening)", "five in evening"
        return isinstance(item, grammar.FrequencyWord) and item.time_of_day
    return False


_BEFORE_A_TIME = frozenset({"in", "at", "the", "on", "around", "about"})


def _is_range_word(item: grammar.Item | None) -> bool:
    return (isinstance(item, Symbol) and item.text == "-") or grammar.means(item, "to", "or")


def _is_times(item: grammar.Item | None) -> bool:
    return (isinstance(item, Symbol) and item.text == "×") or grammar.means(item, "times")


def _measure(items: list[grammar.Item], position: int) -> tuple[Measure, int]:
    """The number at ``position`` with its unit, extended by "/ unit" (mg/mL, mg/kg)."""
    number = items[position]
    unit = items[position + 1]
    assert isinstance(number, Number) and isinstance(unit, UnitWord)
    if unit.unit.name in _SMALL_UNITS and _THOUSANDS_POINT.fullmatch(number.text):
        # "4.500 mcg" is 4500 mcg where a point separates thousands (as "4,5" is 4.5), and 4.5 mcg
        # (0.0045 mg, below any naltrexone dose) where it is a decimal point
        raise DoseError(
            f"'{number.text} {unit.text}': a point separating thousands, or a decimal point? "
            f"Write {number.text.replace('.', '')} {unit.text}, or the dose in mg",
            ErrorCode.AMBIGUOUS_NUMBER,
        )
    name, text, end = unit.unit.name, unit.text, position + 2
    slash, second, third = _at(items, end), _at(items, end + 1), _at(items, end + 2)
    if isinstance(slash, Symbol) and slash.text == "/" and isinstance(second, UnitWord):
        name, text, end = f"{name} / {second.unit.name}", f"{text}/{second.text}", end + 2
    elif isinstance(slash, Symbol) and slash.text == "/" and isinstance(second, Number) and isinstance(third, UnitWord):
        # "4.5 mg/5 mL": a strength per a number of units.
        if second.value == 0:
            raise DoseError(f"'{number.text} {text}/{second.text} {third.text}' divides by zero", ErrorCode.ZERO_DOSE)
        per = quantity(second.value, third.unit.name)
        return Measure(quantity(number.value, name) / per, f"{number.text} {text}/{second.text} {third.text}"), end + 3
    return Measure(quantity(number.value, name), f"{number.text} {text}"), end


_SMALL_UNITS = frozenset({"microgram", "nanogram"})
_THOUSANDS_POINT = LazyPattern(r"[1-9][0-9]{0,2}\.[0-9]{3}")


def _measure_or_range(items: list[grammar.Item], position: int) -> tuple[Piece, int]:
    low, end = _measure(items, position)
    joiner, number, unit = _at(items, end), _at(items, end + 1), _at(items, end + 2)
    if _is_range_word(joiner) and isinstance(number, Number) and isinstance(unit, UnitWord):
        high, after = _measure(items, end + 1)
        if high.quantity.units != low.quantity.units:
            raise DoseError(f"'{low.text}' and '{high.text}': a range needs one unit", ErrorCode.RANGE_MIXED_UNITS)
        return _range(low, high), after
    return low, end


def _bare_count_range(low: Number, high: Number) -> CountRange:
    if low.value >= high.value:
        raise DoseError(f"the range {low.text} to {high.text} must go from low to high", ErrorCode.RANGE_BACKWARDS)
    text = f"{low.text}-{high.text}"
    return CountRange(Count(low.value, text, bare=True), Count(high.value, text, bare=True), text)


def _bare_low_range(items: list[grammar.Item], position: int) -> tuple[Piece, int]:
    """ "1.5-4.5 mg": the low end takes the unit written after the high end."""
    low_number, high_number, unit = items[position], items[position + 2], _at(items, position + 3)
    assert isinstance(low_number, Number) and isinstance(high_number, Number)
    if isinstance(unit, Word) and unit.role == "form" and _is_plain_count(low_number) and _is_plain_count(high_number):
        # "1-2 tabs", "one to two capsules": a range of counts
        if low_number.value >= high_number.value:
            raise DoseError(
                f"the range {low_number.text} to {high_number.text} must go from low to high", ErrorCode.RANGE_BACKWARDS
            )
        text = f"{low_number.text}-{high_number.text} {unit.text}"
        return CountRange(Count(low_number.value, text), Count(high_number.value, text), text), position + 4
    after_unit = _at(items, position + 4)
    if (
        isinstance(unit, UnitWord)
        and isinstance(after_unit, Word)
        and after_unit.role == "form"
        and _is_plain_count(low_number)
    ):
        raise DoseError(
            f"'{low_number.text}-{high_number.text} {unit.text} {after_unit.text}': {high_number.text} {unit.text} "
            f"{after_unit.text} × {low_number.text}, or {low_number.text} to {high_number.text} {unit.text}?",
            ErrorCode.AMBIGUOUS_NUMBER,
        )
    if not isinstance(unit, UnitWord):
        opens = _follows_take(items, position) and _says_how_or_when(items, position + 3)
        opens = opens or _leads_a_schedule(items, position, position + 3)
        opens = opens or _follows_a_dose_form(items, position, position + 3)
        if opens and _is_plain_count(low_number) and _is_plain_count(high_number, items[position + 3 :]):
            # "1 or 2 qds", "take 1-2 daily": a range of the product's units, as "1 qds" is one
            return _bare_count_range(low_number, high_number), position + 3
        raise DoseError(f"'{low_number.text}-{high_number.text}' has no unit: write mg, mcg or g", ErrorCode.NO_UNIT)
    high, after = _measure(items, position + 2)
    low = Measure(quantity(low_number.value, str(high.quantity.units)), f"{low_number.text} {unit.text}")
    return _range(low, high), after


def _range(low: Measure, high: Measure) -> Range:
    if low.quantity.magnitude >= high.quantity.magnitude:
        raise DoseError(f"the range {low.text} to {high.text} must go from low to high", ErrorCode.RANGE_BACKWARDS)
    return Range(low, high, f"{low.text} to {high.text}")


def _weight(items: list[grammar.Item], position: int) -> tuple[Piece, int]:
    number, unit = _at(items, position + 1), _at(items, position + 2)
    if not (isinstance(number, Number) and isinstance(unit, UnitWord) and unit.unit.name == "kilogram"):
        raise DoseError("a body weight is written as 'wt 30 kg'", ErrorCode.BAD_WEIGHT)
    kilograms = Fraction(quantity(number.value, "kilogram").to("kilogram").magnitude)
    return Weight(kilograms, f"{number.text} kg"), position + 3


def _reject_loose_numbers(pieces: list[Piece]) -> None:
    for piece in pieces:
        if isinstance(piece, Number):
            if not any(isinstance(p, (Measure, Range, Count, CountRange, Percent)) for p in pieces):
                raise DoseError(
                    f"'{piece.text}' has no unit: write mg, mcg or g (a unit is never assumed)", ErrorCode.NO_UNIT
                )
            raise DoseError(
                f"stray number '{piece.text}': it is not part of the dose or its frequency", ErrorCode.STRAY_NUMBER
            )
        if isinstance(piece, UnitWord):
            raise DoseError(f"'{piece.text}' has no number before it", ErrorCode.NO_DOSE)
