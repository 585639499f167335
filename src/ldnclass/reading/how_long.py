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

from fractions import Fraction

from ldnclass.errors import DoseError, ErrorCode
from ldnclass.reading import grammar, lexicon
from ldnclass.reading.grammar import FrequencyWord, Item, Number, Symbol, Word

HOURS_PER_WEEK = 7 * 24
ONE = Fraction(1)
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
    """ "50 mg on day 1 and day 3": doses on given days, not a titration's steps (once read as
    50 mg every day)."""
    for before, joint, after in zip(items, items[1:], items[2:], strict=False):
        if _is_step_marker(before) and _is_step_marker(after) and isinstance(joint, Word) and joint.text == "and":
            raise DoseError(
                f"'{before.text} and {after.text}': doses on given days are not read; write how often",
                ErrorCode.UNSUPPORTED_FORM,
            )


def _is_step_marker(item: Item) -> bool:
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
        after = _next_meaningful(items, position + 1, skip_counts=lead == "for")
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
    if grammar.means(item, "up to") or item.text == "x":  # "up to", "to a maximum of"
        return "up to" if item.text != "x" else "x"
    return None


def _next_meaningful(items: list[Item], start: int, skip_counts: bool) -> Item | None:
    """The next item past brackets and commas ("for (a week)", "for, a week") and, after "for",
    a fraction ("for half a week")."""
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
        if grammar.means(item, "then", "increase") or (isinstance(item, Word) and item.role == "step"):
            steps.append([])
            escalating = grammar.means(item, "increase")
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
            following = step[position + 1 : position + 3]
            if following and isinstance(following[0], Word) and following[0].text == "and":
                following = following[1:]
            if following and _is_a_fraction(following[0]):
                raise DoseError(
                    f"'{item.text}' and a fraction after it: a part of how long, or of the dose?",
                    ErrorCode.AMBIGUOUS_FREQUENCY,
                )
        elif isinstance(item, FrequencyWord) and length is not None and item.period_hours > 24:
            raise DoseError(
                f"'{length.text}' then '{item.text}': a cycle (taken for a while, then repeated) is not read",
                ErrorCode.UNSUPPORTED_FORM,
            )
    frequencies = [item for item in step if isinstance(item, FrequencyWord)]
    times_of_day = [f for f in frequencies if f.time_of_day]
    # once a week or less often; "qhs 5 days a week" is five nights a week, and clear
    weeks_apart = [f for f in frequencies if not f.time_of_day and f.period_hours >= HOURS_PER_WEEK * max(f.count, ONE)]
    if times_of_day and weeks_apart:
        raise DoseError(
            f"'{times_of_day[0].text}' and '{weeks_apart[0].text}': every night of some weeks, or one a week?",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )


def says_how_long(item: Item) -> bool:
    """ "for 2 weeks", "x 10 doses", "until week 3"."""
    return isinstance(item, Word) and (
        item.role == "duration" or (item.role == "context" and item.value in (lexicon.COURSE, "how long"))
    )


def _is_a_fraction(item: Item) -> bool:
    """ "a half", "1/2", "a quarter": never how many units after a length of time."""
    if isinstance(item, Number):
        return item.value < 1
    return isinstance(item, Word) and item.role == "count" and isinstance(item.value, Fraction) and item.value < 1
