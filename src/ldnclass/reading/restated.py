"""A dose said twice: "4.5 mg (4.5 mL of 1 mg/mL)", "LDN 6 mg (3 mg bid)", "4.5 mg qhs (4.5 mg/day)".

A bracket that reads as a dose of its own is a restatement of the dose outside it. The two are
read apart and must come to the same amount, else ``conflicting-amounts``; the reading that says
how often is kept. (A bracketed mass after a count, "(25 mg total)", "(1.25-2.5 mg total)", is a stated amount,
read by pieces.py; a bracket that is not a dose, "(REVIA)", only groups words.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.reading import grammar, lexicon
from ldnclass.reading.dose import ONCE_DAILY_ASSUMPTION
from ldnclass.reading.grammar import Number, Symbol, UnitWord, Word
from ldnclass.reading.pieces import StatedRange, make_pieces, without_names

if TYPE_CHECKING:
    from ldnclass.reading.forms import Reading


def restatement(items: list[grammar.Item], read_part: Callable[[list[grammar.Item]], Reading]) -> Reading | None:
    """The reading of a dose restated in brackets, or None when there is no such bracket."""
    group = _dose_bracket(items)
    if group is None:
        return None
    start, end = group
    inside, outside = items[start + 1 : end], items[:start] + items[end + 1 :]
    condition = next((i for i in inside if grammar.is_a_condition(i)), None)
    if condition is not None:  # "1 cap qhs (1 cap qam if insomnia)": another dose, or the same moved?
        raise DoseError(f"'{condition.text}' in brackets: the same dose, or another?", ErrorCode.AMBIGUOUS_DOSE)
    joiner = next((i for i in inside if grammar.adds_or_offers(i)), None)
    if joiner is not None and not isinstance(inside[0], Number):  # "1/2 tab qhs (plus 1/2 tab qam)": added
        raise DoseError(f"'{joiner.text}' in brackets: the same dose, or another?", ErrorCode.AMBIGUOUS_DOSE)
    try:
        said_inside = read_part(inside)
    except DoseError:
        return None  # not a dose of its own: the bracket only groups words
    said_outside = read_part(outside)
    own_step = _its_own_step(items, start, end, read_part)
    restated = own_step if own_step is not None else said_outside
    total = _is_a_total(inside)
    if not (_totals_agree(restated, said_inside) if total else _agree(restated, said_inside)):
        raise DoseError(_disagreement(restated, said_inside), ErrorCode.CONFLICTING_AMOUNTS)
    inside_says_how_often = not total and not _assumes_frequency(said_inside)
    replaces = own_step is None and _assumes_frequency(said_outside) and inside_says_how_often
    kept = said_inside if replaces else said_outside
    kept.notes.append(f"restated in brackets as '{' '.join(i.text for i in inside)}': the two agree")
    return kept


def _its_own_step(
    items: list[grammar.Item], start: int, end: int, read_part: Callable[[list[grammar.Item]], Reading]
) -> Reading | None:
    """The reading of the step a bracket stands in, when a later step follows it: "4.5 mg (3 caps)
    qhs x 7 days, then 3 caps (4.5 mg) qhs". Its restatement is of that step (it was compared with
    the whole reading, whose dose is the last step's: agreeing or refused by chance). None for a
    bracket in the last step, or in a text of one. (A final "thereafter" or "after that" starts no step.)"""
    steps = [i for i, item in enumerate(items) if grammar.means(item, "then") and not grammar.from_then_on(items, i)]
    later = [i for i in steps if i > end]
    if not later:
        return None
    before = [i for i in steps if i < start]
    step = items[before[-1] + 1 if before else 0 : start] + items[end + 1 : later[0]]
    try:
        return read_part(step)
    except DoseError as error:
        raise DoseError(
            f"a bracket restates step '{' '.join(i.text for i in step)}', which is not a dose of its own "
            f"({error.message})",
            ErrorCode.AMBIGUOUS_DOSE,
        ) from None


def _dose_bracket(items: list[grammar.Item]) -> tuple[int, int] | None:
    """The first bracket holding a number that is more than a stated mass ("(25 mg total)")."""
    for start, item in enumerate(items):
        if not (isinstance(item, Symbol) and item.text == "("):
            continue
        end = next((i for i in range(start + 1, len(items)) if _is(items[i], ")")), None)
        if end is None:
            return None
        inside = items[start + 1 : end]
        stated = _is_stated_mass(without_names(inside)) or (
            _follows_a_count_range(items[:start]) and _is_stated_range(inside)
        )
        if any(isinstance(i, Number) for i in inside) and not stated:
            return start, end
    return None


def _is(item: grammar.Item, text: str) -> bool:
    return isinstance(item, Symbol) and item.text == text


def _is_stated_mass(inside: list[grammar.Item]) -> bool:
    qualifier = inside[2:]
    return (
        len(inside) in (2, 3)
        and isinstance(inside[0], Number)
        and isinstance(inside[1], UnitWord)
        and inside[1].kind == "mass"
        and all(isinstance(q, Word) and q.role == "qualifier" for q in qualifier)
    )


def _follows_a_count_range(before: list[grammar.Item]) -> bool:
    """ "1-2 tablets (", "one to two caps (": the totals that follow are each end's. After any
    other range ("1-2 mL (1.5-3 mg total)") the bracket restates that range."""
    last = before[-4:]
    return (
        len(last) == 4
        and isinstance(last[0], Number)
        and (_is(last[1], "-") or (isinstance(last[1], Word) and last[1].text == "to"))
        and isinstance(last[2], Number)
        and isinstance(last[3], Word)
        and last[3].role == "form"
    )


def _is_stated_range(inside: list[grammar.Item]) -> bool:
    """ "(1.25-2.5 mg total)": the totals of a range of counts, read by pieces.py and dose.py."""
    try:
        pieces = make_pieces(inside)
    except DoseError:
        return False
    return len(pieces) == 1 and isinstance(pieces[0], StatedRange)


def _assumes_frequency(reading: Reading) -> bool:
    return any(ONCE_DAILY_ASSUMPTION in dose.assumptions for dose in reading.doses)


def _agree(outside: Reading, inside: Reading) -> bool:
    """The same day's amount; or, where one side gives no frequency, its amount is the other's
    dose ("(3 x 1.5 mg capsules)") or day ("6 mg (3 mg bid)")."""
    if not outside.doses or not inside.doses:
        return False
    if _assumes_frequency(inside) and not _assumes_frequency(outside) and len(outside.doses) == 1:
        # "take 0.5 mg (3 tablets) tid" of 0.5 mg tablets: the bracket is each dose's, 1.5 mg, not
        # the day's (once agreed with 0.5 mg × 3 a day)
        return inside.doses[-1].dose_mg == outside.doses[-1].dose_mg
    if outside.daily_dose_mg == inside.daily_dose_mg:
        # "4.5 mg qhs (2.25 mg bid)": the same day's total, but two schedules, unless one side is silent
        both_say = not _assumes_frequency(outside) and not _assumes_frequency(inside)
        return not both_say or outside.doses[-1].dose_mg == inside.doses[-1].dose_mg
    if _assumes_frequency(inside):
        return inside.doses[-1].dose_mg == outside.doses[-1].dose_mg
    return False


def _is_a_total(inside: list[grammar.Item]) -> bool:
    """ "(350 mg/week)", "(4.5 mg per day)": an amount over a period, the total of whatever the
    schedule outside is ("50 mg Mon-Fri and 100 mg Sat (350 mg/week)", "2.25 mg bid (4.5 mg/day)"),
    never a schedule of its own; unlike "(350 mg weekly)" or "(2.25 mg bid)". With the word
    "total", "(total 4.5 mg daily)", "(4.5 mg total daily)", "(total daily dose 4.5 mg)" are too;
    "(4.5 mg total)" alone is a dose's total (Epic's), and no period's."""
    rest = [item for item in inside if not _says_total(item)]
    if len(rest) == len(inside):
        return _amount_over(rest, lexicon.PER_PERIOD)
    if len(inside) - len(rest) != 1:
        return False
    if rest and isinstance(rest[0], grammar.FrequencyWord):  # "total daily (dose) 4.5 mg"
        has_dose = len(rest) == 4 and isinstance(rest[1], Word) and rest[1].text == "dose"
        rest = [*rest[1 + has_dose :], rest[0]]
    return _amount_over(rest, lexicon.TOTAL_PERIODS)


def _says_total(item: grammar.Item) -> bool:
    return isinstance(item, Word) and item.role == "qualifier" and item.text == "total"


def _amount_over(items: list[grammar.Item], periods: frozenset[str]) -> bool:
    """ "4.5 mg per day", "4.5 mL/day" (of a liquid whose concentration is known): a number, a mass
    or a volume, and a period."""
    return (
        len(items) == 3
        and isinstance(items[0], Number)
        and isinstance(items[1], UnitWord)
        and items[1].kind in ("mass", "volume")
        and isinstance(items[2], grammar.FrequencyWord)
        and items[2].text in periods
    )


def _totals_agree(outside: Reading, inside: Reading) -> bool:
    return bool(outside.doses) and outside.daily_dose_mg == inside.daily_dose_mg


def _disagreement(outside: Reading, inside: Reading) -> str:
    """ "2.25 mg bid (4.5 mg daily)" comes to one day's total, but as two schedules: said so, not as
    "2.25 mg a dose (4.5 mg/day) but the bracket says 4.5 mg/day", which reads as if they agreed."""
    if outside.doses and inside.doses and outside.daily_dose_mg == inside.daily_dose_mg:
        return (
            f"the dose reads as {_amount(outside)} and the bracket as {_schedule(inside)}: the same day's total "
            f"in two schedules. For the day's total, write '({format_mg(inside.daily_dose_mg)} mg/day)'"
        )
    return f"the dose reads as {_amount(outside)} but the bracket says {_amount(inside)}"


def _schedule(reading: Reading) -> str:
    if len(reading.doses) != 1:
        return _amount(reading)
    (dose,) = reading.doses
    return f"{format_mg(dose.dose_mg)} mg {dose.frequency.text}"


def _amount(reading: Reading) -> str:
    if not reading.doses:
        return "no amount"
    if len(reading.doses) == 1 and reading.doses[0].dose_mg != reading.daily_dose_mg:
        return f"{format_mg(reading.doses[0].dose_mg)} mg a dose ({format_mg(reading.daily_dose_mg)} mg/day)"
    return f"{format_mg(reading.daily_dose_mg)} mg/day"
