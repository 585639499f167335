"""Doses split unevenly within a day, and what later parts of a text carry from the first.

"1.5 mg in the morning and 3 mg at bedtime", "2 tabs in the morning and 1 at night": each part
has its amount and its own time of day; the day's total is their sum, and the dose per
administration is the largest. A part that counts units without their strength ("1 cap at
night", "then 2 caps qhs") takes the strength the first part gave with its count.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations, pairwise

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.reading import grammar
from ldnclass.reading.dose import Dose, DoseContext, is_an_amount, may_be_the_same_time, read_doses
from ldnclass.reading.grammar import FrequencyWord, Number, Symbol, Word
from ldnclass.reading.pieces import (
    MAX_BARE_COUNT,
    UNNAMED_UNIT,
    Count,
    Measure,
    Piece,
    Stated,
    has_an_amount,
    make_pieces,
)


def divided_parts(items: list[grammar.Item]) -> list[list[grammar.Item]] | None:
    """The parts of a divided day, or None when the text is not one: at least two parts, each
    with a number and a time of day, joined by "and", "plus" or a comma, or by nothing after a
    part's time of day."""
    parts: list[list[grammar.Item]] = [[]]
    unjoined = False
    for item in items:
        joiner = (isinstance(item, Symbol) and item.text == ",") or grammar.is_a_joiner(item)
        if joiner and _is_part(parts[-1]):
            parts.append([])
            continue
        if isinstance(item, Number) and parts[-1] and _is_time_of_day(parts[-1][-1]) and _is_part(parts[-1]):
            parts.append([])  # "1 tab in the morning 2 tabs at night", "2 mane 1 nocte": no "and" between
            unjoined = True
        parts[-1].append(item)
    if not parts[-1]:
        parts.pop()
    if len(parts) < 2 or not all(_is_part(part) for part in parts):
        return None
    _check_no_bare_hour(parts)
    if unjoined and not all(map(_says_only_how_much_and_when, parts)):
        return None  # "1 cap at night 1 cap in the morning if vivid dreams": the same dose moved?
    if unjoined and {"evening", "night"} <= {getattr(item, "slot", None) for part in parts for item in part}:
        return None  # "4.5 mg nightly 1 cap qpm": the dose said again, or two doses?
    return parts


def _check_no_bare_hour(parts: list[list[grammar.Item]]) -> None:
    """ "1 tablet at 8 in the morning and 6 at night": beside a clock time, a bare number before a
    time of day is another hour as likely as a count (once read as six tablets at night)."""
    clock = any(_is_time_of_day(item) and _has_digits(item) for part in parts for item in part)
    for part in parts:  # beside "at 9 pm", "at 8 in the morning"; and "7 in the evening" anywhere
        for number, after in pairwise(part):
            if (
                isinstance(number, Number)
                and _is_time_of_day(after)
                and not _has_digits(after)
                and (clock or number.value > MAX_BARE_COUNT)
            ):
                raise DoseError(
                    f"'{number.text} {after.text}': {number.text} units, or {number.text} "
                    "o'clock? Give the unit ('1 tab') or the hour ('at 6 pm')",
                    ErrorCode.AMBIGUOUS_COUNT,
                )


def _has_digits(item: grammar.Item) -> bool:
    return any(c.isdigit() for c in item.text)


def _says_only_how_much_and_when(part: list[grammar.Item]) -> bool:
    """Parts with nothing between them are read only when each says no more than an amount, its
    form and route, and its time of day: a condition or a note may make one the other's instead."""
    return all(
        isinstance(item, (Number, grammar.UnitWord))
        or _is_time_of_day(item)
        or (isinstance(item, Word) and item.role in ("form", "route", "count", "drug", "product"))
        or grammar.means(item, "take")
        for item in part
    )


def _is_a_condition(item: grammar.Item) -> bool:
    """A condition, and a step's "then"/"thereafter" ("1.5 mg in the morning and 3 mg at night
    thereafter": that day's doses, or a step?)."""
    return grammar.is_a_condition(item) or grammar.means(item, "then")


def _is_time_of_day(item: grammar.Item) -> bool:
    return isinstance(item, FrequencyWord) and item.time_of_day


def _is_part(items: list[grammar.Item]) -> bool:
    has_time = any(isinstance(i, FrequencyWord) and i.time_of_day for i in items)
    return has_time and any(isinstance(i, Number) for i in items)


def read_divided(parts: list[list[grammar.Item]], context: DoseContext) -> list[Dose]:
    for part in parts:
        condition = next((item for item in part if _is_a_condition(item)), None)
        if condition is not None:
            # "1 cap at night, 1 cap in the morning if vivid dreams": LDN's move, or a second dose?
            raise DoseError(
                f"'{condition.text}' on one part of the day: instead of the other part, as well, or later?",
                ErrorCode.AMBIGUOUS_DOSE,
            )
    _check_no_time_in_two_parts(parts)
    doses: list[Dose] = []
    first_pieces = make_pieces(parts[0])
    carried = carried_context(first_pieces, context)
    every_pieces = [first_pieces, *(make_pieces(counted_units(part, first_pieces)) for part in parts[1:])]
    if carried.volume_before is not None:
        check_one_liquid(every_pieces, "part")
    if any(map(has_an_amount, every_pieces)):  # else each is read as a sig with no amount is
        for position, (pieces, part) in enumerate(zip(every_pieces, parts, strict=True)):
            check_own_amount(pieces, part, f"part {position + 1} of the day")
        _check_one_order(every_pieces)
        _check_no_total_after_the_time(every_pieces)
    _check_one_strength(every_pieces[1:], carried)
    for position, (pieces, part) in enumerate(zip(every_pieces, parts, strict=True)):
        part_doses = read_doses(pieces, context if position == 0 else carried._replace(later_part=True))
        frequency = part_doses[0].frequency
        if len(part_doses) != 1 or not frequency.time_of_day:
            raise DoseError(
                f"part {position + 1} of the day ('{' '.join(i.text for i in part)}') needs one dose "
                "at one time of day",
                ErrorCode.UNSUPPORTED_FORM,
            )
        part_doses[0].text = " ".join(item.text for item in part)
        doses.append(part_doses[0])
    if any(may_be_the_same_time(a.frequency, b.frequency) for a, b in combinations(doses, 2)):
        raise DoseError(
            f"the same time of day twice ({', '.join(d.frequency.text for d in doses)})",
            ErrorCode.CONFLICTING_FREQUENCY,
        )
    return doses


def _check_no_time_in_two_parts(parts: list[list[grammar.Item]]) -> None:
    """ "4.5 mg every evening at bedtime and 1.5 mg in the evening": a part of the day (bar a clock
    time) said in two parts, even as one said two ways, is two doses at one time, or one moved?"""
    seen: dict[str | None, str] = {}
    for part in parts:
        slots = {i.slot: i.text for i in part if isinstance(i, FrequencyWord) and i.time_of_day and i.slot != "clock"}
        for slot, text in slots.items():
            if slot in seen:
                raise DoseError(
                    f"'{seen[slot]}' and '{text}': the same time of day in two parts", ErrorCode.CONFLICTING_FREQUENCY
                )
        seen.update(slots)


def _check_one_strength(later: list[list[Piece]], carried: DoseContext) -> None:
    """ "50 mg 1 in the morning and 1 in the evening (25 mg each)": a later part's own strength for
    each unit, unlike the one the first part gave, is the same units' (50 mg in all), or another's?
    It was read as 50 mg and 25 mg (older; found by the attack on stop 25's schema)."""
    if carried.unit_strength_mg is None or not carried.strength_is_carried:
        return
    for pieces in later:
        for piece in pieces:
            if isinstance(piece, Stated) and piece.role == "each":
                mg = Fraction(piece.measure.quantity.to("milligram").magnitude)
                if mg != carried.unit_strength_mg:
                    raise DoseError(
                        f"'{piece.text}' in a later part, where the first gave "
                        f"{format_mg(carried.unit_strength_mg)} mg units: which strength is it?",
                        ErrorCode.CONFLICTING_AMOUNTS,
                    )


def _check_one_order(every_pieces: list[list[Piece]]) -> None:
    """ "1 tab in the morning and 2 tabs at night", "mane 1, nocte 2": each part says its amount and
    its time in the same order. In "1 mL at 9:00 and at 21:00 (50 mg)" or "1 cap at 8:00 and 20:00 2
    caps" the words after the last time may restate the dose, or add to it: refused."""
    orders = set()
    for pieces in every_pieces:
        amount = next((at for at in range(len(pieces)) if is_an_amount(pieces, at)), None)
        time = _first_time(pieces)
        if amount is not None and time is not None:
            orders.add(amount < time)
    if len(orders) > 1:
        raise DoseError(
            "the parts of the day give their amount and their time in different orders: what do the words "
            "after the last time belong to? Write each part as 'amount, time'",
            ErrorCode.AMBIGUOUS_DOSE,
        )


def _check_no_total_after_the_time(every_pieces: list[list[Piece]]) -> None:
    """ "1 tab in the morning and 1 tab at bedtime (50 mg total)": the day's total, or the last
    part's? A total written after a part's time, in a day of parts, is refused; one right after its
    count ("1 tab (25 mg total) at bedtime") is that part's."""
    for pieces in every_pieces:
        time = _first_time(pieces)
        said = next((at for at, p in enumerate(pieces) if isinstance(p, Stated) and p.role != "each"), None)
        if time is not None and said is not None and said > time:
            raise DoseError(
                f"'{pieces[said].text}' after '{pieces[time].text}': the day's total, or this part's? Write it "
                "after the part's amount",
                ErrorCode.AMBIGUOUS_DOSE,
            )


def _first_time(pieces: list[Piece]) -> int | None:
    """Where a part's time of day is said, if it is."""
    return next((at for at, p in enumerate(pieces) if isinstance(p, FrequencyWord) and p.time_of_day), None)


def check_own_amount(pieces: list[Piece], items: list[grammar.Item], what: str) -> None:
    """ "1/2 tab in the evening then at night", "1/2 tab daily x 7 days, then twice daily": the
    amount before, or one unit of the product (what a sig with no amount at all is read as)? A
    part or step with none of its own is never given either."""
    if not has_an_amount(pieces):
        said = " ".join(item.text for item in items)
        raise DoseError(f"{what} ('{said}') gives no amount of its own: write it", ErrorCode.AMBIGUOUS_DOSE)


def carried_context(first: list[Piece], context: DoseContext) -> DoseContext:
    """When the first part counts units of a strength ("1.5 mg caps: 2 caps"), later parts may count
    the same units without saying their strength again; and when it names a liquid's concentration
    ("1 mg/mL solution: 0.5 mL"), later parts may measure the same liquid in mL."""
    if context.concentration is None:
        concentrations = [p for p in first if isinstance(p, Measure) and p.quantity.check("[mass] / [volume]")]
        if len(concentrations) == 1:
            context = context._replace(concentration=concentrations[0].quantity)
        else:
            context = _concentration_from_a_bracket(first, context)
    if context.unit_strength_mg is not None:
        return context
    masses = [p for p in first if isinstance(p, Measure) and p.quantity.check("[mass]")]
    counts = [p for p in first if isinstance(p, Count)]
    if len(counts) != 1:
        return context
    if not masses:  # "Take 1 tablet (1.5 mg) …, then 2 tablets": the bracket gives each unit's
        return _carried_from_a_bracket(first, counts[0], context)
    if len(masses) != 1:
        return context
    strength = Fraction(masses[0].quantity.to("milligram").magnitude)
    # "2 caps", "1 x 50 mg capsule": a later part's bare "1/2" is half a capsule (refused), and
    # tablets after capsules have no strength said
    named = [p.text for p in first if isinstance(p, Word) and p.role == "form"]
    form = named[0] if named else counts[0].text.split()[-1]
    return DoseContext(
        weight_kg=context.weight_kg,
        unit_strength_mg=strength,
        strength_is_carried=True,
        unit_label=f"{masses[0].text} {form} as before",
        default_frequency=context.default_frequency,
        default_is_carried=context.default_is_carried,
        allow_calendar_month=context.allow_calendar_month,
    )


def _concentration_from_a_bracket(first: list[Piece], context: DoseContext) -> DoseContext:
    """ "take 2 mL (2 mg) at bedtime x 1 week, then 3 mL": a volume and the mg it holds, the one
    right after the other, give the liquid's concentration for the mL of later parts and steps."""
    volumes = [p for p in first if isinstance(p, Measure) and p.quantity.check("[volume]")]
    stated = [p for p in first if isinstance(p, Stated) and p.role != "each"]
    if len(volumes) != 1 or len(stated) != 1 or not _right_after(first, volumes[0], stated[0]):
        return context
    if any(isinstance(p, Word) and p.role == "connective" and p.value in ("in", "dissolve") for p in first):
        return context  # "dissolve 1 tablet in 50 mL (50 mg)": what the water holds, never a dose's volume
    mass, volume = stated[0].measure, volumes[0]
    concentration = mass.quantity.to("milligram") / volume.quantity.to("milliliter")
    label = f"{format_mg(Fraction(concentration.magnitude))} mg/mL ({volume.text} = {mass.text}, as before)"
    return context._replace(volume_before=concentration, volume_before_label=label)


def check_one_liquid(every_pieces: list[list[Piece]], called: str) -> None:
    """ "take 3 mL (3 mg) … then 4.5 mL (2.25 mg) … then 2 mL": the volumes with their mg say two
    concentrations (1 and 0.5 mg/mL); of which is a bare volume? (An attack: read with the first.)"""
    said = {
        Fraction(stated.measure.quantity.to("milligram").magnitude)
        / Fraction(volume.quantity.to("milliliter").magnitude)
        for pieces in every_pieces
        for volume, stated in pairwise(pieces)
        if isinstance(volume, Measure) and volume.quantity.check("[volume]") and isinstance(stated, Stated)
    }
    if len(said) < 2:
        return
    for position, pieces in enumerate(every_pieces, start=1):
        amounts = [p for p in pieces if isinstance(p, (Measure, Stated, Count))]
        if len(amounts) == 1 and isinstance(amounts[0], Measure) and amounts[0].quantity.check("[volume]"):
            shown = ", ".join(f"{format_mg(c)} mg/mL" for c in sorted(said))
            raise DoseError(
                f"{called} {position} measures '{amounts[0].text}' with no mg, and the volumes with theirs "
                f"say more than one concentration ({shown}): of which?",
                ErrorCode.AMBIGUOUS_DOSE,
            )


def _carried_from_a_bracket(first: list[Piece], count: Count, context: DoseContext) -> DoseContext:
    """A unit's strength from a stated amount: "(1.5 mg)" after one unit, "(3 mg total)" after two
    (1.5 mg each), "(1.5 mg each)"; a bare bracket after more than one unit says neither."""
    stated = [p for p in first if isinstance(p, Stated)]
    if len(stated) != 1 or (stated[0].role == "bare" and count.value != 1):
        return context
    if not _right_after(first, count, stated[0]):
        return context  # "1 tablet twice daily (3 mg total)": the day's total? the bracket says no unit
    said_mg = Fraction(stated[0].measure.quantity.to("milligram").magnitude)
    strength = said_mg if stated[0].role == "each" else said_mg / count.value
    return context._replace(
        unit_strength_mg=strength,
        strength_is_carried=True,
        unit_label=f"{format_mg(strength)} mg {count.text.split()[-1]} as before",
    )


def _right_after(pieces: list[Piece], before: Count | Measure, stated: Stated) -> bool:
    at = next(position for position, piece in enumerate(pieces) if piece is before)
    return at + 1 < len(pieces) and pieces[at + 1] is stated


def counted_units(items: list[grammar.Item], first: list[Piece]) -> list[grammar.Item]:
    """ "2 tabs in the morning and 1 at night": after a part that counted units, a bare whole
    number that starts a later part counts the same units."""
    if not any(isinstance(p, Count) for p in first) or not items:
        return items
    lead = next((i for i, item in enumerate(items) if not (isinstance(item, Word) and item.role == "connective")), None)
    if lead is None or not isinstance(items[lead], Number):
        return items
    after = items[lead + 1] if lead + 1 < len(items) else None
    if isinstance(after, (grammar.UnitWord, Number)) or (isinstance(after, Word) and after.role == "form"):
        return items
    return [*items[: lead + 1], Word("form", UNNAMED_UNIT, None), *items[lead + 1 :]]


# What says a day's amount is taken in so many doses ("divided bid", "in 2 divided doses",
# "divided into two doses"), and "in divided doses", which does not say how many.
DAY_SPLIT_MEANINGS = frozenset({"divided", "divided doses", "divided into", "doses", "in divided doses"})
_MOST_DOSES_A_DAY = 6


def split_day_total(items: list[grammar.Item]) -> tuple[list[grammar.Item], list[str]]:
    """ "4.5 mg/day divided bid", "100 mg daily in 2 divided doses", "50 mg divided into two
    doses", "4.5 mg/day in 2 doses": the amount before is the day's, so each dose is that amount
    over how many: read as "2.25 mg bid" is, with a note of the division. Only after an amount in
    mg that opens the dose (at most the drug, a route, "take" before it; "daily" and a route
    after it), and with how many said; anywhere else, or without how many ("in divided doses"),
    refused (a range, a count of units or a fraction before it was once divided at one end only,
    or read as a dose of its own; an attack)."""
    kept: list[grammar.Item] = []
    notes: list[str] = []
    position = 0
    while position < len(items):
        item = items[position]
        if not grammar.means(item, *DAY_SPLIT_MEANINGS):
            kept.append(item)
            position += 1
            continue
        if grammar.means(item, "in divided doses"):
            raise DoseError(f"'{item.text}': divided into how many doses?", ErrorCode.AMBIGUOUS_FREQUENCY)
        said_before: list[grammar.Item] = []
        if grammar.means(item, "divided doses", "doses"):  # "(in) 2 (divided) doses"
            doses, end = _a_count(kept[-1] if kept else None), position + 1
            if doses is not None:
                said_before = [kept.pop()]
                if kept and grammar.means(kept[-1], "in"):
                    said_before.insert(0, kept.pop())
                elif grammar.means(item, "doses"):  # "2 doses" with no "in": a course?
                    doses = None
        else:
            doses, end = _how_many_doses(items, position)
        if doses is None and grammar.means(item, "doses"):  # "x 2.5 doses", "qhs, doses": no division
            raise DoseError(f"'{item.text}' is a known word, but not in this place", ErrorCode.UNKNOWN_WORD)
        day = _the_day_s_amount(kept)
        if doses is None or day is None:
            raise DoseError(
                f"'{item.text}' is read after a day's amount in mg and before how many doses: "
                "'4.5 mg/day divided bid', '100 mg daily in 2 divided doses'",
                ErrorCode.UNSUPPORTED_FORM,
            )
        at, number, unit = day
        following = items[end] if end < len(items) else None
        if isinstance(following, FrequencyWord) and _once_a_day(following):
            end += 1  # "divided into 2 doses daily"
        each = number.value / doses
        written = " ".join(one.text for one in [*said_before, *items[position:end]])
        kept[at : at + 2] = [Number(each, format_mg(each)), unit]
        kept[at + 2 :] = [one for one in kept[at + 2 :] if not isinstance(one, FrequencyWord)]  # "daily"
        kept.append(FrequencyWord(doses, Fraction(24), written))
        notes.append(
            f"'{written}': the day's {format_mg(number.value)} {unit.text} in {doses} doses of "
            f"{format_mg(each)} {unit.text}"
        )
        position = end
    return kept, notes


def _how_many_doses(items: list[grammar.Item], position: int) -> tuple[Fraction | None, int]:
    """How many doses the day is split into, said after "divided", and where that ends; None if
    it says none."""
    item, after = items[position], items[position + 1 : position + 3]
    if grammar.means(item, "divided") and after and isinstance(after[0], FrequencyWord):
        frequency = after[0]  # "divided bid", "divided twice daily", "divided q12h"
        a_day = frequency.times * 24 / frequency.period_hours if frequency.period_hours else Fraction(0)
        whole = frequency.high is None and a_day.denominator == 1 and 2 <= a_day <= _MOST_DOSES_A_DAY
        return (a_day if whole else None), position + 2
    if grammar.means(item, "divided into") and len(after) == 2 and grammar.means(after[1], "doses"):
        return _a_count(after[0]), position + 3  # "divided into 2 doses"
    return None, position + 1


def _a_count(item: grammar.Item | None) -> Fraction | None:
    if not isinstance(item, Number) or item.value.denominator != 1:
        return None
    return item.value if 2 <= item.value <= _MOST_DOSES_A_DAY else None


# What may stand between the day's amount and its division: "daily" (once), a route, a comma
_BETWEEN_ROLES = frozenset({"route"})
# What may stand before the day's amount: the drug, a product, its salt, a route, "take", a label
_BEFORE_ROLES = frozenset({"drug", "product", "salt", "route", "filler"})


def _the_day_s_amount(kept: list[grammar.Item]) -> tuple[int, Number, grammar.UnitWord] | None:
    """Where the amount in mg before the division stands, and the amount; None when something
    else stands between it and the division, or before it in the dose."""
    at = len(kept) - 1
    daily = False
    while at >= 0 and not isinstance(kept[at], grammar.UnitWord):
        one = kept[at]
        skipped = (isinstance(one, Word) and one.role in _BETWEEN_ROLES) or (
            isinstance(one, grammar.Symbol) and one.text == ","
        )
        if isinstance(one, FrequencyWord) and _once_a_day(one) and not daily:
            daily = skipped = True
        if not skipped:
            return None
        at -= 1
    if at < 1:
        return None
    number, unit = kept[at - 1], kept[at]
    if not (isinstance(number, Number) and isinstance(unit, grammar.UnitWord) and unit.kind == "mass"):
        return None
    for before in kept[: at - 1]:
        opens = isinstance(before, Word) and (before.role in _BEFORE_ROLES or grammar.means(before, "take"))
        if not (opens or (isinstance(before, grammar.Symbol) and before.text in (":", ","))):
            return None  # "1.5-4.5 mg", "2 tabs of 4.5 mg", "half of 9 mg": not the day's amount alone
    return at - 1, number, unit


def _once_a_day(frequency: FrequencyWord) -> bool:
    return frequency.times == 1 and frequency.period_hours == 24 and not frequency.time_of_day
