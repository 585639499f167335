"""How long against how often: words that say how long a dose is taken, read as how often.
(And two frequencies joined by "or", which say neither.)

"4.5 mg qhs for a week" was once read as weekly (0.64 mg/day), and attacks found the family:
a length of time after a word that opens one ("for", "in", "until", "start", "as needed for"),
with brackets or commas between ("for (a week)"); a cycle ("qhs for a week every 4 weeks",
"x 5 d per wk"); a fraction of the length read as a fraction of the dose ("for a week and a
half", "for half a week"); "nightly every other week". Each could be read two ways, and the
two ways differ in the day's dose, so each is refused, never guessed. (Written plainly, "for a
week" and "x 5 days a week" are phrases of the vocabulary, read as what they say.)
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import pairwise

from ldnclass.errors import DoseError, ErrorCode
from ldnclass.patterns import LazyPattern
from ldnclass.reading import grammar, lexicon
from ldnclass.reading.grammar import FrequencyWord, Item, Number, Symbol, Word

HOURS_PER_DAY = Fraction(24)  # dose.py and the rest take it from here
HOURS_PER_WEEK = 7 * HOURS_PER_DAY
ONE = Fraction(1)
# Before a bare length they say how often: "once per 3 days", "once in 2 weeks", "each 2 weeks".
_OPENS_AN_INTERVAL = frozenset({"per", "in", "each", "every", "a", "an"})
# Opening a length of time: "for a week", "start in a week", "until a week".
_OPENS_HOW_LONG = frozenset({"for", "start", "until", "as needed for"})
# Opening a length of time only before a bare period: "up to a week", not "up to twice daily";
# "x a week", not "x 3 times a day" or "x bid"; "in a week", not "in morning".
_OPENS_HOW_LONG_BEFORE_A_PERIOD = frozenset({"up to", "x", "in"})


def check(items: list[Item], said: set[str]) -> None:
    """Raise ``ambiguous-frequency`` where how long may have been read as how often. ``said``: what
    forms.py's one pass found in the items; each check runs only where it could find something
    (most texts, "4.5 mg qhs", have one frequency and none of the rest)."""
    if "frequency" in said and not _LEAD_CLUES.isdisjoint(said):
        _check_opened_lengths(items)
    if "frequencies" in said and "or" in said:
        _check_alternatives(items)
    if "step" in said:
        _check_days_joined(items)
    if "duration" in said or "context" in said or "frequencies" in said:
        _check_cycles(items)


# What _what_is_said records for a word that may open a length of time: "for", "in", "x" (times),
# "start", "until"/"up to", "as needed for" (prn).
_LEAD_CLUES = frozenset({"for", "in", "times", "start", "up to", "prn"})


def _check_days_joined(items: list[Item]) -> None:
    """Step markers that are not a titration's: "50 mg on day 1 and day 3" or "day 1: 100 mg, day 3:
    100 mg, day 5: 150 mg" (doses on given days, once read as every day from the last), and steps
    out of order or twice ("Week 2 onward: 50 mg; Week 1: 25 mg" was classed on week 1)."""
    markers = [item for item in items if is_step_marker(item)]
    for before, joint, after in zip(items, items[1:], items[2:], strict=False):
        joined = grammar.is_a_joiner(joint)
        if is_step_marker(before) and ((is_step_marker(after) and joined) or is_step_marker(joint)):
            raise DoseError(
                f"'{before.text}' and '{joint.text if is_step_marker(joint) else after.text}': doses on given "
                "days are not read; write how often",
                ErrorCode.UNSUPPORTED_FORM,
            )
    _check_spans_open_steps(items)
    spans = [(span, item) for item in markers if (span := days_of(item.text)) is not None]
    if len(spans) > 1 and spans[0][0][0] != 1:  # "Days 3-9: …; Day 10+: …": and days 1 and 2?
        raise DoseError(
            f"'{spans[0][1].text}': the first step does not start on day 1; doses on given days are not read",
            ErrorCode.UNSUPPORTED_FORM,
        )
    for ((_, last), item), ((next_first, _), next_item) in pairwise(spans):
        if last is None or next_first <= last:  # "Week 2 onward: …; Week 3: …", "days 1-7 …, days 5-14 …"
            raise DoseError(
                f"'{item.text}' then '{next_item.text}': the steps are out of order, overlap or are said twice",
                ErrorCode.UNSUPPORTED_FORM,
            )
        if next_first > last + 1:  # "day 1: 100 mg, day 3: 100 mg", "days 1-3 …, days 8-14 …"
            raise DoseError(
                f"'{item.text}' then '{next_item.text}': the days between are left out; doses on given "
                "days are not read, write how often",
                ErrorCode.UNSUPPORTED_FORM,
            )


def _check_spans_open_steps(items: list[Item]) -> None:
    """A span of days or weeks opens a step of a titration ("Days 1-7: 1.5 mg nightly; …"). Inside a
    sig ("100 mg on days 1-5 weekly") it is doses on given days, and in a step of days a dose less
    often than daily ("Days 1-3: 50 mg qw") is a cycle, or a slip: both refused."""
    for position, item in enumerate(items):
        if not is_step_marker(item):
            continue
        opens = position == 0 or isinstance(items[position - 1], Symbol) or grammar.means(items[position - 1], "then")
        if is_span_marker(item) and not opens:
            raise DoseError(
                f"'{item.text}' inside a dose: doses on given days are not read; write how often",
                ErrorCode.UNSUPPORTED_FORM,
            )
        unit = _NUMBERED.search(item.text)
        if unit is None or unit.group(1) != "day":
            continue
        for later in items[position + 1 :]:
            if is_step_marker(later) or grammar.means(later, "then"):
                break
            weekday = isinstance(later, Word) and later.role == "weekday"  # "Days 1-3: 350 mg on Monday"
            if weekday or (isinstance(later, FrequencyWord) and less_often_than_daily(later)):
                raise DoseError(
                    f"'{item.text}' with '{later.text}': on which of those days? Doses on given days are not read",
                    ErrorCode.UNSUPPORTED_FORM,
                )


def is_span_marker(item: object) -> bool:
    """ "days 1-7", "weeks 3 to 4": a step marker over more than one day or week."""
    return isinstance(item, Word) and item.role == "step" and _SPAN.search(item.text) is not None


def less_often_than_daily(frequency: FrequencyWord) -> bool:
    """ "qw", "tiw", "every other day": fewer than one dose a day."""
    return frequency.period_hours > HOURS_PER_DAY * frequency.times


def days_of(marker: str) -> tuple[int, int | None] | None:
    """The days a step marker covers, counted from day 1 (week 2: days 8 to 14; month 2: days 31
    to 60), the last None for a step "onward"; None for a marker with no number of a day, week or
    month."""
    found = _NUMBERED.search(marker)
    if found is None:
        return None
    unit_days = {"day": 1, "month": 30, "mo": 30}.get(found.group(1), 7)  # a month of steps: 30 days
    first = int(found.group(2))
    span = _SPAN.search(marker)
    last = int(span.group(1)) if span else None if _ONWARD.search(marker) else first
    return unit_days * (first - 1) + 1, None if last is None else unit_days * last


# A step marker's unit and first number ("week 2", "on day 3", "days 4 - 7"), its last ("- 7",
# "to 7"), and the words that leave it open ("day 15 +", "week 3 onward").
_NUMBERED = LazyPattern(r"\b(day|week|wk|month|mo)s? (\d+)")
_SPAN = LazyPattern(rf"\d+ (?:{'|'.join(map(re.escape, lexicon.STEP_SPAN_WORDS))}) (\d+)")
_ONWARD = LazyPattern(r"onward|after|beyond|\+|thereafter| on$| and$")


def is_step_marker(item: object) -> bool:
    """ "week 2:", "on day 1": a titration's step."""
    return isinstance(item, Word) and item.role == "step"


def _check_alternatives(items: list[Item]) -> None:
    """ "nightly or every other day": two frequencies, either one (a range the vocabulary knows,
    "bid or tid", is one phrase). Which is meant decides the day's dose, so it is refused."""
    for before, joint, after in zip(items, items[1:], items[2:], strict=False):
        if isinstance(before, FrequencyWord) and isinstance(after, FrequencyWord) and grammar.means(joint, "or"):
            raise DoseError(
                f"'{before.text} or {after.text}': which one? Write a range ('bid or tid') or one frequency",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _check_opened_lengths(items: list[Item]) -> None:
    for position, item in enumerate(items):
        lead = _lead(item)
        if lead is None:
            continue
        after = _next_meaningful(items, position + 1, skip_counts=True)
        if not isinstance(after, FrequencyWord) or _is_compact(after):
            continue
        if lead in _OPENS_HOW_LONG or (lead in _OPENS_HOW_LONG_BEFORE_A_PERIOD and _is_a_period(after)):
            raise DoseError(
                f"'{item.text} … {after.text}': how long, or how often? Write 'for 1 week' or 'weekly'",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _lead(item: Item) -> str | None:
    if not isinstance(item, Word):
        return None
    if item.text in _OPENS_HOW_LONG or item.text == "in":
        return item.text
    if item.text.startswith("until"):  # "until", "until at", "until reaching"
        return "until"
    if grammar.means(item, "start"):  # "starting", "begin"
        return "start"
    if item.text == "x":
        return "x"
    if grammar.means(item, "up to"):  # "up to", "to a maximum of"
        return "up to"
    return None


def _next_meaningful(items: list[Item], start: int, skip_counts: bool) -> Item | None:
    """The next item past brackets and commas ("for (a week)", "for, a week") and a fraction
    ("for half a week", "up to half a week")."""
    for item in items[start:]:
        if isinstance(item, Symbol):
            continue
        if skip_counts and (isinstance(item, Number) or (isinstance(item, Word) and item.role == "count")):
            continue
        return item
    return None


def _is_compact(frequency: FrequencyWord) -> bool:
    return grammar.is_compact_times(frequency.text)  # "1x3": its own "x", kept before it


def _is_a_period(frequency: FrequencyWord) -> bool:
    """ "a week", "per day", "every week": a length of time as much as a frequency."""
    return frequency.text in lexicon.PER_PERIOD or frequency.text.startswith(("a ", "every ", "one "))


def _check_cycles(items: list[Item]) -> None:
    """Within each step (steps are joined by "then", "increase", "week 2:" …)."""
    for step in _steps(items):
        _check_step(step)


def _steps(items: list[Item]) -> list[list[Item]]:
    """The steps, less an escalation's increment and cadence ("increase by 1.5 mg every two weeks
    to 4.5 mg at bedtime": "every two weeks" says when the dose goes up, not how often it is taken)."""
    steps: list[list[Item]] = [[]]
    escalating = False
    for item in items:
        rises = grammar.means(item, "increase", "may increase by")
        if rises or grammar.means(item, "then") or (isinstance(item, Word) and item.role == "step"):
            steps.append([])
            escalating = rises
        elif escalating and grammar.means(item, "to", "up to"):
            escalating = False
        elif not escalating:
            steps[-1].append(item)
    return steps


def _check_step(step: list[Item]) -> None:
    """A length of time followed by a frequency of more than a day ("for a week every 4 weeks",
    "for 5 days, every week": a cycle) or by a fraction ("for a week and a half"); a time of day
    with once a week or less often ("nightly every other week": every night of alternate weeks, or
    one night in two weeks?)."""
    length: Word | None = None
    for position, item in enumerate(step):
        if says_how_long(item):
            assert isinstance(item, Word)
            length = item
            earlier = [f for f in step[:position] if isinstance(f, FrequencyWord) and _repeats_within(item, f)]
            if earlier:  # "25 mg every 10 days for a week": one dose in that week, or a cycle?
                raise DoseError(
                    f"'{earlier[0].text}' then '{item.text}': no longer than the interval, so how many doses?",
                    ErrorCode.UNSUPPORTED_FORM,
                )
            before = step[position - 1] if position else None
            if item.text[0].isdigit() and isinstance(before, Word) and before.text in _OPENS_AN_INTERVAL:
                raise DoseError(
                    f"'{before.text} {item.text}': every {item.text}, or for {item.text}?",
                    ErrorCode.AMBIGUOUS_FREQUENCY,
                )
            following = step[position + 1 : position + 3]
            if following and isinstance(following[0], Word) and following[0].text == "and":
                following = following[1:]
            if following and is_a_fraction(following[0]):
                raise DoseError(
                    f"'{item.text}' and a fraction after it: a part of how long, or of the dose?",
                    ErrorCode.AMBIGUOUS_FREQUENCY,
                )
        elif length is not None and isinstance(item, Number) and _a_mass_follows(step, position):
            # "4.5 mg qhs for a week and 1 mg qam": how long goes with one part of the day only?
            raise DoseError(
                f"'{length.text}' and then another amount, with no 'then': one part of the day for a while, "
                "or a step? Write 'then'",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        elif isinstance(item, FrequencyWord) and length is not None and _repeats_within(length, item):
            raise DoseError(
                f"'{length.text}' then '{item.text}': a cycle (taken for a while, then repeated) is not read",
                ErrorCode.UNSUPPORTED_FORM,
            )
    totals = _totals_in_brackets(step)
    frequencies = [item for item in step if isinstance(item, FrequencyWord) and item not in totals]
    times_of_day = [f for f in frequencies if f.time_of_day and _every_day(f)]
    # once a week or less often; "qhs 5 days a week" is five nights a week, and clear
    weeks_apart = [
        f
        for f in frequencies
        if not f.time_of_day and f.period_hours >= HOURS_PER_WEEK * max(f.times, ONE) and not f.text.startswith("once")
    ]
    if times_of_day and weeks_apart:
        raise DoseError(
            f"'{times_of_day[0].text}' and '{weeks_apart[0].text}': every night of some weeks, or one a week?",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )


def _totals_in_brackets(step: list[Item]) -> list[Item]:
    """ "4.5 mg qhs (31.5 mg/week)": a mass per week in brackets is the schedule's total restated
    (restated.py compares the two), never a dose once a week beside the nightly one. Only a period as
    restated.py reads a total ("/week", "per week", "a week") right after a mass: "(31.5 mg weekly)"
    is a schedule, and stays ambiguous with qhs."""
    totals: list[Item] = []
    depth = 0
    for before, item in pairwise(step):
        depth += (before.text == "(") - (before.text == ")") if isinstance(before, Symbol) else 0
        after_a_mass = isinstance(before, grammar.UnitWord) and before.kind == "mass"
        if depth > 0 and after_a_mass and isinstance(item, FrequencyWord) and item.text in lexicon.PER_PERIOD:
            totals.append(item)
    return totals


def _a_mass_follows(step: list[Item], position: int) -> bool:
    """A new amount joined on ("… and 1 mg qam", ", 1 mg qam"), not one restated in brackets."""
    after = step[position + 1] if position + 1 < len(step) else None
    back = position - 1
    while back >= 0 and grammar.means(step[back], "take"):  # "… and take 1 mg qam"
        back -= 1
    before = step[back] if back >= 0 else None
    joined = grammar.is_a_joiner(before) or (isinstance(before, Symbol) and before.text in (",", ";"))
    return joined and isinstance(after, grammar.UnitWord) and after.kind == "mass"


def _repeats_within(length: Word, frequency: FrequencyWord) -> bool:
    """ "for a week every 4 weeks", "for 5 days, every week": taken for a while, then again after
    an interval at least as long; not "for 12 weeks every other day", how long and how often. A
    course in doses or "until week 3" has no length in days: any frequency of more than a day."""
    if frequency.period_hours <= 24:
        return False
    if not isinstance(length.value, Fraction):
        return True
    interval_days = frequency.period_hours / max(frequency.times, ONE) / 24
    return length.value <= interval_days


def _every_day(frequency: FrequencyWord) -> bool:
    """ "nightly", "every night", "qhs", "each morning" say every day; "at bedtime" only when."""
    return frequency.text == "nightly" or frequency.text.startswith(("every ", "each ", "q"))


def says_how_long(item: Item) -> bool:
    """ "for 2 weeks", "x 10 doses", "until week 3"."""
    return isinstance(item, Word) and (
        item.role == "duration" or (item.role == "context" and item.value in (lexicon.COURSE, "how long"))
    )


def says_when_it_changes(item: Item) -> bool:
    """ "for 2 weeks", and "after 2 weeks" (lexicon: when a dose changes): either makes the doses
    around it steps in time, never one day's parts."""
    return says_how_long(item) or (
        isinstance(item, Word) and item.role == "context" and item.value == "when it changes"
    )


def is_a_fraction(item: object) -> bool:
    """ "a half", "1/2", "a quarter": a part of one, never how many units."""
    if isinstance(item, Number):
        return item.value < 1
    return isinstance(item, Word) and item.role == "count" and isinstance(item.value, Fraction) and item.value < 1
