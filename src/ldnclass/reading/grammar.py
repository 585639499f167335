"""A strict tokenizer for dose text: every piece is known, or a DoseError names it.

The text is lower-cased, abbreviation dots are dropped ("q.h.s." → "qhs"), then
it is cut into numbers, words and symbols, and runs of words are matched
against the phrases of :mod:`ldnclass.lexicon` (longest first). What comes out
is a list of typed items; :mod:`ldnclass.reading` decides what they mean
together. Nothing here touches pint: user text never reaches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from functools import cache, lru_cache
from itertools import chain, pairwise
from typing import Any, Literal, NamedTuple, cast

from ldnclass.errors import DoseError, ErrorCode
from ldnclass.patterns import LazyPattern
from ldnclass.reading import lexicon, written
from ldnclass.reading.raw import Number as Number  # re-exported: the readers ask for grammar.Number
from ldnclass.reading.raw import Raw, rewritten

MAX_LENGTH = 200
MAX_DIGITS = 9  # no dose, interval or weight needs more: a longer number is refused before any arithmetic
MAX_DECIMALS = 30
# A written fraction of a dose is a half, a third, a quarter … a sixteenth; "8/90" is not one.
MAX_FRACTION_DENOMINATOR = 16
# More units than this in one administration is not a dose but a quantity (dispensed, or a typo).
MAX_UNITS_PER_DOSE = 8
# Drops are smaller: LDN drops of 0.5 mg make 4.5 mg in nine (the LDN Research Trust's guides)
MAX_DROPS_PER_DOSE = 20

_PLURAL_IN_BRACKETS = LazyPattern(r"(?<=[a-z])\(s\)")  # "tab(s)", "area(s)"
_ABBREVIATION_DOT = LazyPattern(r"(?<=[a-zμ])\.(?![0-9])")
# "q.4h", "Q.8H": the Latin abbreviation's dot after "q" (quaque), before its number of hours ("q.6.h.",
# a dot after the number too, stays refused)
_Q_DOT = LazyPattern(r"(?<![a-zμ])q\.(?=[0-9])")
# "Tab.50mg", "po.50mg", "I.5 mg": a dot between a word and a number may end the word or start
# the number (".50" was read as 0.5: "Tab.50mg daily" 0.5 mg, not 50; an attack)
# (The literal first, its lookbehind after it: re then scans for the character, several times faster.)
_WORD_DOT_NUMBER = LazyPattern(r"\.(?<=[a-zμ)\]]\.)[0-9]")  # "LDN (naltrexone).5 mg" too
# A stop after a word of two letters or more, then a word: "nightly. Avoid", "tablet. do not".
# (After one letter it is an abbreviation's: "q.h.s. then", "p.o. daily".)
# After a number, only before a capital and a word ("Qty: 30. Refills: 5", "Disp #30. RF x 11"):
# "2. 5 mg" may be a decimal point with a space in it, and is left to be refused. So after an
# interval's hours ("q24h. Do not take with opioids", "every 8h. Max 3 a day"; an attack).
_SENTENCE_STOP = LazyPattern(
    r"(?<=[A-Za-z]{2})\.(?=[ \t]+[A-Za-z])|(?<=[0-9])\.(?=[ \t]+[A-Z][A-Za-z])"
    r"|(?<=[0-9][hH])\.(?=[ \t]+[A-Z][A-Za-z])"
)
_SENTENCE_END = LazyPattern(r"(?<=[)\]])\.|\.(?=\s|$)(?<![0-9]\.)")  # "…alcohol). Max daily", "…daily. "
_FOUR_DIGITS = LazyPattern(r"(?<![0-9])[0-9]{4}(?![0-9])")
_APOSTROPHE = LazyPattern(r"(?<=[a-z])['’](?=[a-z])")  # "crohn's", "i've": one word


def any_of(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (literals), written as a tree of their shared beginnings:
    re tries an alternation's branches one by one at each position, so "to lower|to reduce|…"
    cost a text of 50 characters 1.6 µs a search, and "to (?:lower|reduce|…)" half that."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _branches(tree)


def _branches(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + (")?" if "" in node else ")")


_TOKEN = LazyPattern(
    r"""
    (?P<space>[ \t\r\n\u00a0\u2009\u202f]+)
   |(?P<fraction>[0-9]+/[0-9]+)
   |(?P<number>[0-9]+(?:[.,][0-9]+)*|\.[0-9]+(?:[.,][0-9]+)*)
   |(?P<vulgar>[½¼¾⅓⅔⅛])
   |(?P<word>[a-zμáéíóúñü]+)
   |(?P<symbol>[/%#+SIGNS])
   |(?P<separator>[,;()\[\]])
   |(?P<colon>:)
   |(?P<at>@)
   |(?P<ampersand>&)
   |(?P<equals>=)
    """.replace("SIGNS", "".join(re.escape(c) for c in sorted(lexicon.DASHES | lexicon.TIMES_SIGNS))),
    re.VERBOSE,  # compiled once, by the first text: re compiles in Python, ~0.7 ms for this pattern
)
# ",5 mg", "LDN,5 mg": a decimal comma with no digit before it (0,5), or a list's comma before 5?
# ("LDN ,50 mg" was 50 mg, not 0.5; an attack). Before a unit, or a unit's usual cut (",5 tab":
# 0,5 of a tablet, or 5 tablets?). Not before a number with its own point or slash (",4.5 mg"), nor
# a count no cut could be (",1 tab" in a peer suite's list of steps).
_LEADING_COMMA = LazyPattern(
    r",(?<![0-9],)(?:[0-9]+(?![0-9.,/])(?=[\s-]*(?:UNITS)(?![a-z]))|(?:5|50|25|75)(?=\s*(?:FORMS)(?![a-z])))".replace(
        "UNITS", any_of([*lexicon.MASS_UNITS, *lexicon.VOLUME_UNITS])
    ).replace("FORMS", any_of(word for (word,) in (key for key in lexicon.FORM_WORDS if len(key) == 1)))
)
_VULGAR = {
    "½": Fraction(1, 2),
    "¼": Fraction(1, 4),
    "¾": Fraction(3, 4),
    "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
    "⅛": Fraction(1, 8),
}
_VULGAR_CHARS = frozenset(_VULGAR)


def _word_tables() -> tuple[tuple[WordRole, dict[tuple[str, ...], Any]], ...]:
    """Each phrase table with the role its words take, in order of precedence."""
    as_dict = dict.fromkeys
    return (
        ("product", lexicon.PRODUCT_WORDS),
        ("salt", lexicon.SALT_WORDS),
        ("drug", lexicon.DRUG_WORDS),
        ("route", lexicon.ROUTE_WORDS),
        ("dispensing", as_dict(lexicon.DISPENSING)),
        ("duration", lexicon.DURATIONS),
        ("step", lexicon.STEP_MARKERS),
        ("context", lexicon.CONTEXT_WORDS),
        ("narrative", lexicon.NARRATIVE_WORDS),
        ("count", lexicon.COUNT_WORDS),
        ("qualifier", lexicon.AMOUNT_QUALIFIERS),
        ("weekday", lexicon.WEEKDAY_GROUPS),
        ("weekday", {(word,): frozenset({day}) for word, day in lexicon.WEEKDAY_WORDS.items()}),
        ("form", lexicon.FORM_WORDS),
        ("connective", lexicon.CONNECTIVES),
        ("filler", as_dict(lexicon.FILLER_WORDS)),
    )


class UnitWord(NamedTuple):
    unit: lexicon.Unit
    kind: Literal["mass", "volume", "time", "other"]
    text: str


class FrequencyWord(NamedTuple):  # `times`, not `count`, which would hide tuple.count
    times: Fraction
    period_hours: Fraction
    text: str
    time_of_day: bool = False
    warnings: tuple[str, ...] = ()
    calendar_month: bool = False  # "monthly": fine for an injection, too vague to average
    slot: str | None = None  # the time of day, for a time-of-day word
    high: FrequencyWord | None = None  # a range of frequencies: this is the low end, ``high`` the other


WordRole = Literal[
    "drug",
    "route",
    "filler",
    "dispensing",
    "form",
    "count",
    "connective",
    "salt",
    "product",
    "weekday",
    "qualifier",
    "duration",
    "context",
    "step",
    "narrative",
]


class Word(NamedTuple):
    """A known word or phrase that is not a unit or a frequency.

    ``value`` depends on the role: the route ("oral", "injectable", "topical"), the
    count (a Fraction), the product key, the salt, or the set of weekdays (0 = Monday).
    """

    role: WordRole
    text: str
    value: str | Fraction | frozenset[int] | None = None


class Symbol(NamedTuple):
    text: str


Item = Number | UnitWord | FrequencyWord | Word | Symbol


def tokenize(text: str) -> list[Item]:
    """Cut ``text`` into items, or raise :class:`DoseError` naming the first problem."""
    if not text or not text.strip():
        raise DoseError("the dose is empty", ErrorCode.EMPTY)
    if len(text) > MAX_LENGTH:
        raise DoseError(f"the dose text is {len(text)} characters; at most {MAX_LENGTH} are read", ErrorCode.TOO_LONG)
    raws, lowered = _lex(text)
    # A pass that only changes texts with a dash, a fraction or a word opening an indication
    # is skipped for the others (most): a look at the characters the words were cut from is
    # cheaper than the pass.
    dashed = _has_dash(lowered)
    if dashed or "/" in lowered or not _VULGAR_CHARS.isdisjoint(lowered):
        raws = _join_numbers(raws)
    if "(" in lowered and ("half" in lowered or "quarter" in lowered):
        raws = _drop_restated_fractions(raws)
    if dashed:
        raws = _drop_separator_dashes(raws)
    if _CLAUSE_LEAD.search(lowered):  # inside a longer word too: the pass decides
        raws = _indications(raws)
    if _COMPACT_TIMES.search(lowered):
        raws = _compact_times_a_day(raws)
    if "time every" in lowered:
        raws = _one_time_every(raws)
    if _UNIT_RUN_ON.search(lowered):
        raws = rewritten(raws, _unit_and_frequency_run_together)
    if "(each" in lowered or "( each" in lowered:
        raws = rewritten(raws, _each_first_in_brackets)
    items = _match_phrases(raws)
    if "morning" in lowered or "am" in lowered:  # what every move to the morning says
        _check_moved_not_added(items)
    if "between" in lowered:
        _check_window_fits(items)
    if "thr" in lowered:
        _check_through_joins_weekdays(items)
    if _A_DAY_OF_THE_WEEK.search(lowered) and _WHEN_IT_STARTS_OR_ENDS.search(lowered):
        _check_no_weekday_says_when(items)
    if _SHORT_DAY.search(lowered):
        _check_short_days_listed(items)
    return items


# A unit that runs into a word after a number ("4.5mgqhs", "50mgdaily", "4.5mg.qhs": a space lost)
_UNIT_RUN_ON = LazyPattern(r"\d(?:mg|mcg|ml)\.?[a-z]")


def _unit_and_frequency_run_together(raws: list[Raw], position: int) -> tuple[list[Raw], int] | None:
    """ "4.5mgqhs" as "4.5 mg qhs": a word right after a number that is a unit and a frequency of the
    vocabulary run together, and no word of its own. Only a frequency: "4.5mgcap" stays unknown."""
    raw = raws[position]
    if raw.kind != "word" or raw.spaced_before or position == 0 or raws[position - 1].number is None:
        return None
    for unit in ("mcg", "mg", "ml"):
        rest = raw.text.removeprefix(unit).lstrip(".")
        if rest != raw.text and (rest,) in lexicon.FREQUENCIES and raw.text not in _known_words_set():
            return [Raw("word", unit, None, False), Raw("word", rest, None, True)], position + 1
    return None


def _each_first_in_brackets(raws: list[Raw], position: int) -> tuple[list[Raw], int] | None:
    """ "take 2 capsules nightly (each 2.25 mg)" as "(2.25 mg each)": the strength of each unit."""
    window = raws[position : position + 5]
    if (
        len(window) == 5
        and [raw.text for raw in (window[0], window[1], window[4])] == ["(", "each", ")"]
        and window[2].number is not None
        and window[3].text in lexicon.MASS_UNITS
    ):
        return [window[0], window[2], window[3], Raw("word", "each", None, True), window[4]], position + 5
    return None


# Every weekday word and group holds one of these, or is "m-f"; the short days ("tu", "f") only as
# whole words (what the search costs a text stays a few µs)
_A_DAY_OF_THE_WEEK = LazyPattern(
    r"mon|tue|wed|thu|fri|sat|sun|week|mwf|m-f|m - f|m/w/f|m-w-f|t/th|tu/th|tth|tuth|m/w|mw|\b(?:tu|th|sa|su|f)\b"
)
_SHORT_DAY = LazyPattern(r"\b(?:tu|th|sa|su|f)\b")
_WHEN_IT_STARTS_OR_ENDS = LazyPattern(r"\b" + any_of(lexicon.COURSE_BOUND_LEADS | {"up to", "onward"}))


def _check_short_days_listed(items: list[Item]) -> None:
    """ "Tu, Th, Sa", "50 mg Tu & Th, 100 mg Sa", "100 mg M/W, 150 mg F": one or two letters are a
    day where other days are named with them; alone ("50 mg th") they may be a slip for another
    word, and are refused."""
    days = [item for item in items if is_weekday(item)]
    for position, item in enumerate(items[:-1]):
        after = items[position + 1]
        if is_weekday(item) and len(item.text) <= 2 and isinstance(after, Word) and after.role == "form":
            raise DoseError(  # "100 mg SA tab Mon, Wed, Fri": SA, sustained action, is no Saturday
                f"'{item.text} {after.text}': a day, or a release ('SA', sustained action)?", ErrorCode.UNKNOWN_WORD
            )
    for day in days:
        if len(day.text) <= 2 and len(days) == 1:
            raise DoseError(f"'{day.text}' alone: a day of the week? Write the day out", ErrorCode.UNKNOWN_WORD)


def _check_no_weekday_says_when(items: list[Item]) -> None:
    """ "4.5 mg nightly starting Monday", "50 mg daily until Friday": the day a course starts or
    ends, never the one day a week it is taken (both read so: 9/14 and 50/7 mg/day). Not read:
    refused, as "through Friday" is."""
    for position, item in enumerate(items):
        if not is_weekday(item):
            continue
        lead = position - 1
        while lead >= 0 and items[lead].text in lexicon.BEFORE_A_DAY:
            lead -= 1  # "starting on Monday", "until the Friday", "from this Monday", "starting (Monday)"
        before = items[lead] if lead >= 0 else None
        after = items[position + 1] if position + 1 < len(items) else None
        onward = isinstance(after, Word) and after.text in lexicon.ONWARD  # "Monday onwards"
        leads = isinstance(before, Word) and (
            before.text.split()[-1] in lexicon.COURSE_BOUND_LEADS or before.text == "up to"
        )
        if onward or leads:
            said = items[position : position + 2] if onward else items[lead : position + 1]
            raise DoseError(
                f"'{' '.join(one.text for one in said)}': when it starts or stops, which is not read, "
                "and not the days it is taken",
                ErrorCode.UNSUPPORTED_FORM,
            )


def _check_through_joins_weekdays(items: list[Item]) -> None:
    """ "Monday through Friday": a span of weekdays. Anywhere else ("qhs through Friday", "thru
    12/1") it says until when, which no reader reads: refused, never dropped."""
    for position, item in enumerate(items):
        if means(item, "through") and not (
            0 < position < len(items) - 1 and is_weekday(items[position - 1]) and is_weekday(items[position + 1])
        ):
            raise DoseError(
                f"'{item.text}' here: until when? Only a span of weekdays is read ('Monday through Friday')",
                ErrorCode.UNSUPPORTED_FORM,
            )


def from_then_on(items: list[Item], position: int) -> bool:
    """ "…, 4.5 mg qhs thereafter", "… after that" at the very end: from then on, the last step's,
    not a "then" before another step."""
    item = items[position]
    said = means(item, "then") and item.text in lexicon.FROM_THEN_ON
    return said and all(isinstance(after, Symbol) for after in items[position + 1 :])


def is_weekday(item: object) -> bool:
    """A weekday or a group of them ("mon", "weekends", "every friday")."""
    return isinstance(item, Word) and item.role == "weekday"


def _check_moved_not_added(items: list[Item]) -> None:
    """ "may take in the morning" moves the dose (lexicon.MORNING_INSTEAD); after "and" ("1.5 mg at
    bedtime and may take in the morning") it may be a second one."""
    for position, item in enumerate(items):
        if not (isinstance(item, Word) and item.role == "context" and item.text in lexicon.MORNING_INSTEAD_TEXTS):
            continue
        if any(means(other, "prn") for other in items):  # "…, may take in the morning as needed": added?
            raise DoseError(
                f"'{item.text}' as needed: instead of the dose, or another one?", ErrorCode.AMBIGUOUS_FREQUENCY
            )
        for before in reversed(items[:position]):  # back to the dose: "and (patient,) may take …"
            if isinstance(before, (Number, FrequencyWord, UnitWord)) or (
                isinstance(before, Symbol) and before.text == ";"
            ):
                break
            if isinstance(before, Word) and before.text in ("and", "plus", "or"):
                raise DoseError(
                    f"'{before.text} … {item.text}': the same dose in the morning instead, or another one?",
                    ErrorCode.AMBIGUOUS_FREQUENCY,
                )
        after = _next_beyond_commas(items, position)
        joined = adds_or_offers(after) or means(after, "then")
        if after is not None and (isinstance(after, (Number, FrequencyWord)) or joined):
            # "3 mg if insomnia take qam and at bedtime": the morning of two times, or moved there?
            raise DoseError(
                f"'{item.text}' and then '{after.text}': moved to the morning, or a dose there as well as "
                "another? Write each time and its amount",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _next_beyond_commas(items: list[Item], position: int) -> Item | None:
    """The item after ``position``, past any commas ("…, qhs")."""
    return next((item for item in items[position + 1 :] if not (isinstance(item, Symbol) and item.text == ",")), None)


def _before_beyond_commas(items: list[Item], position: int) -> Item | None:
    return next(
        (item for item in reversed(items[:position]) if not (isinstance(item, Symbol) and item.text == ",")), None
    )


def is_compact_times(text: str) -> bool:
    """ "1x3": one unit, three times a day, written together."""
    return _COMPACT_TIMES.search(text) is not None


# "1x3", "1*3": one unit (or half of one) and how many times a day, written together (a
# shorthand of sigs from Thailand and South-East Asia). Written the other way round ("3x1": three
# times a day, one each time) the day's total is the same, so the class never rests on the order;
# the amount per dose does, and the result says so. Read only where nothing can make it something
# else (each found by an attack): a count of 1 or 1/2 ("4.5x1" with 4.5 mg capsules could be the
# strength); before it, only what opens a dose ("week 1x1" is a step); after it, only a route,
# meal times, "prn" and advice ("1x3 in 7 days", "1x2 bid", "prn qwk"); and no "total" or "each".
_COMPACT_TIMES = LazyPattern(r"[0-9][x×*][0-9]")
MAX_COMPACT_TIMES_A_DAY = 6
_COMPACT_COUNTS = frozenset({"1", "1/2"})


def _only_notes_after(raws: list[Raw]) -> bool:
    # Not "prn qwk": a word set aside as what the dose is for may be a schedule the vocabulary lacks.
    return all(
        raw.kind in ("separator", "advice") or (raw.kind == "word" and raw.text in lexicon.AFTER_COMPACT_TIMES)
        for raw in raws
    )


def _opens_a_dose(raw: Raw | None) -> bool:
    """What may stand before the count: the start, a separator, a strength's unit, a dose form or
    a verb of taking. Not "week", "day", "total", "qty" …, which would take the count for their own
    ("week 1x1" is a step, "4.5 mg total 1x2" the day's total)."""
    return (
        raw is None
        or raw.kind == "separator"
        or raw.text in lexicon.MASS_UNITS
        or raw.text in _FORM_WORDS
        or raw.text in ("take", "takes", "give", "swallow")
    )


_FORM_WORDS = frozenset(phrase[-1] for phrase in lexicon.FORM_WORDS)
_QUALIFIERS = frozenset(phrase[-1] for phrase in lexicon.AMOUNT_QUALIFIERS if len(phrase) == 1)


def _times_a_day(count: str) -> str:
    return {"1": "once a day", "2": "twice a day"}.get(count, f"{count} times a day")


def _compact_times_a_day(raws: list[Raw]) -> list[Raw]:
    """ "1x3 po pc": the 3, written against the "x" with no space, is a frequency (times a day)."""
    out = list(raws)
    for position in range(len(raws) - 2):
        count, times, number = raws[position : position + 3]
        if (
            count.text in _COMPACT_COUNTS
            and count.number is not None
            and times.text in ("x", "×")
            and not times.spaced_before
            and number.number is not None
            and not number.spaced_before
            and number.text.isdigit()
            and 1 <= number.number.value <= MAX_COMPACT_TIMES_A_DAY
            and _only_notes_after(raws[position + 3 :])
            and _opens_a_dose(raws[position - 1] if position > 0 else None)
            and not any(raw.text in _QUALIFIERS for raw in raws)  # "4.5 mg total, 1x3": the day's total?
        ):
            out[position + 2] = Raw("times a day", count.text + times.text + number.text, number.number, False)
    return out


def _one_time_every(raws: list[Raw]) -> list[Raw]:
    """ "1 tab po one time every 8 hours" (Good Pill's parser tests) is "once every 8 hours";
    "2 times every 8 hours" says no schedule the vocabulary has, and stays refused."""
    out: list[Raw] = []
    position = 0
    while position < len(raws):
        raw = raws[position]
        following = [r.text for r in raws[position + 1 : position + 3]]
        if raw.number is not None and raw.number.value == 1 and following == ["time", "every"]:
            out.append(Raw("word", "once", None, raw.spaced_before))
            position += 2
            continue
        out.append(raw)
        position += 1
    return out


def _has_dash(text: str) -> bool:
    return not _DASH_CHARS.isdisjoint(text)


_INDICATION_LEADS = frozenset({"for", "prn"} | {label for (label,) in lexicon.INDICATION_LABELS})
# Advice opening a clause: ", avoid alcohol", ", do not drive", ", must not take with opioids",
# ", never with alcohol", "; may cause drowsiness" (only "may cause": "may take more" permits).
_ADVICE_LEADS = frozenset({"avoid", "no", "caution", "never", "dont", "hold"})
_NEGATIONS = frozenset({("do", "not"), ("should", "not"), ("must", "not"), ("may", "cause"), ("might", "cause")})
_TAKING_WORDS = frozenset({"take", "takes", "taking", "give", "swallow"})
# What advice may say around its subject: the lead, a verb of taking, and words that join. Not
# "if", "when", "more", "exceed": "do not take if drowsy" holds the dose, "may exceed" raises it.
_ADVICE_FUNCTION_WORDS = frozenset(
    {"may", "might", "must", "avoid", "no", "caution", "never", "dont", "hold", "do", "not", "should"}
    | {"cause", "causes"}
    | _TAKING_WORDS
    | {"drink", "drinking", "use", "using"}  # "do not drink alcohol", "do not drive/use machines"
    | {"with", "during", "before", "after", "in", "of", "you", "and", "or", "a", "an", "the", "any", "other"}
)
# "to lower cholesterol", "to reduce the risk of stroke": a reason, read as "for …" is
_REASON_VERBS = frozenset({"lower", "reduce", "prevent", "treat", "control", "relieve", "protect", "manage", "thin"})
_REASONS = {f"to {verb}" for verb in _REASON_VERBS}
# "(lowers cholesterol)", "(helps your heart / lowers blood pressure)", "(strengthens bones)": what
# it does, as UK repeat prescriptions label a tablet; only opening a clause
_REASONS_SAID = frozenset(
    {"lowers", "reduces", "prevents", "treats", "controls", "relieves", "protects", "manages", "thins"}
    | {"helps", "strengthens", "eases"}
)
_CLAUSE_LEAD = LazyPattern(
    any_of(_INDICATION_LEADS | _ADVICE_LEADS | {words[0] for words in _NEGATIONS} | _REASONS | _REASONS_SAID)
)
_DASH_CHARS = frozenset(lexicon.DASHES)
_DISPENSING_WORDS = frozenset(word for phrase in lexicon.DISPENSING for word in phrase if word != lexicon.NUM)


def _indications(raws: list[Raw]) -> list[Raw]:
    """ "for high blood pressure", "prn muscle spasm": after "for" or "prn", a run of
    words up to a comma, a stop or the end, with no number in it, a word the vocabulary does not
    know and none that could say how much or how often, is what the dose is for. A clause opening
    with advice ("; may cause drowsiness", ", do not take with alcohol", ", avoid opioids") is
    advice when all its other words name what it is about (``lexicon.ADVICE_SUBJECTS``). Neither can
    carry a dose, so each is kept as a note instead of refused."""
    out: list[Raw] = []
    position = 0
    while position < len(raws):
        raw = raws[position]
        opens_clause = position == 0 or raws[position - 1].kind == "separator"
        opener = _if_affected_at(raws, position) if opens_clause and raw.text == "if" else 0
        advice = opens_clause and (opener > 0 or raw.text in _ADVICE_LEADS or _negation_at(raws, position))
        reason_end = None
        if not advice and raw.text == "to":
            reason_end = _reason_end(raws, position + 1)
        elif not advice and opens_clause and raw.text in _REASONS_SAID:
            reason_end = _reason_end(raws, position)
        if reason_end is not None:  # "to lower cholesterol": the whole clause is what it is for
            out.append(Raw("indication", " ".join(r.text for r in raws[position:reason_end]), None, True))
            position = reason_end
            continue
        if not advice:
            out.append(raw)
            position += 1
            if raw.text not in _INDICATION_LEADS:
                continue
        start = position  # the run: after "for"/"prn", or from the advice word itself
        slashed = None if advice else _slashed_indications(raws, start)
        if slashed is not None:  # "prn pain/fever": each part one the vocabulary knows
            out.append(Raw("indication", " ".join(r.text for r in raws[start:slashed]), None, True))
            position = slashed
            continue
        end = start + opener + 1 if advice else start
        while (
            end < len(raws)
            and raws[end].number is None
            and (raws[end].kind == "word" or _joins_advice(raws[end], advice))
        ):
            end += 1
        run = raws[start:end]
        words = {r.text for r in run if r.kind == "word"}
        slashed_end = _slashed_reasons(raws, end) if not advice else end  # "for blood pressure / helps your heart"
        named = slashed_end != end and lexicon.CONTEXT_WORDS.get(tuple(r.text for r in run)) == "indication"
        end = slashed_end
        closed = end == len(raws) or raws[end].kind == "separator"
        if advice:
            # After "if sleepy" a verb of taking holds the dose ("if sleepy, do not drive or take")
            function_words = _ADVICE_FUNCTION_WORDS - _TAKING_WORDS if opener else _ADVICE_FUNCTION_WORDS
            about = words - function_words - {r.text for r in raws[start : start + opener]}
            set_aside = bool(about) and about <= lexicon.ADVICE_SUBJECTS
            if raw.text == "hold":  # "hold before surgery"; never "hold medication", "hold with nausea"
                set_aside = set_aside and about <= lexicon.HOLD_FOR
            longest = MAX_ADVICE_WORDS
            if not opener and "if" in about:  # "do not take if you are taking opioid pain medication"
                set_aside = _is_the_opioid_condition([r.text for r in run])
                longest = MAX_CONDITION_WORDS
        else:  # an unknown word, none that is or may be a dose word
            longest = MAX_ADVICE_WORDS
            unknown = words - _known_words_set()
            initials = unknown & lexicon.INDICATION_ABBREVIATIONS
            if initials == unknown and initials and closed and len(run) == end - start <= longest:
                # "for RA and long covid": each condition's initials set aside, the rest read as ever
                out.extend(Raw("indication", r.text, None, r.spaced_before) if r.text in initials else r for r in run)
                position = end
                continue
            # "for chronic fatigue syndrome": words of what doses are for, not one phrase of them
            indication_words = words <= _indication_words() and tuple(r.text for r in run) not in lexicon.CONTEXT_WORDS
            set_aside = (
                named
                or _unknown_but_harmless(words, unknown, tuple(r.text for r in run))
                or (indication_words and not words & _dose_words())
            )
        if not advice and closed and (raw.text,) in lexicon.INDICATION_LABELS:
            # "Indications: Alcohol dependence, uncomplicated (CMS-HCC)": a name and its qualifiers
            tail = _diagnosis_tail(raws, end)
            named_here = lexicon.CONTEXT_WORDS.get(tuple(r.text for r in run)) == "indication"
            if tail > end and (set_aside or named_here):
                out.append(Raw("indication", _as_written(raws[start:tail]), None, True))
                position = tail
                continue
        if 0 < len(run) - opener <= longest and closed and set_aside:
            run = raws[start:end]
            out.append(Raw("advice" if advice else "indication", " ".join(r.text for r in run), None, True))
            position = end
        elif advice:
            out.append(raw)
            position += 1
    return out


def _as_written(raws: list[Raw]) -> str:
    """The words and signs with the spaces they had: "alcohol dependence, uncomplicated (cms hcc)"."""
    said = ""
    for before, raw in zip([None, *raws], raws, strict=False):
        spaced = raw.spaced_before and before is not None and before.text != "("
        said += f" {raw.text}" if spaced else raw.text
    return said


def _diagnosis_tail(raws: list[Raw], end: int) -> int:
    """Where a diagnosis's qualifiers after its name end (", moderate", ", in early remission"),
    each a clause of its own, and a risk-model marker ("(CMS-HCC)") after them; ``end`` if none."""
    while end < len(raws):
        marker = next((len(m) for m in lexicon.RECORD_HCC_MARKERS if _matches(raws, end, m)), 0)
        if marker:
            end += marker
            continue
        if raws[end].text != ",":
            return end
        after = end + 1
        while after < len(raws) and raws[after].kind == "word":
            after += 1
        closed = after == len(raws) or raws[after].kind == "separator"
        if not closed or tuple(r.text for r in raws[end + 1 : after]) not in lexicon.DIAGNOSIS_QUALIFIERS:
            return end
        end = after
    return end


def _is_the_opioid_condition(words: list[str]) -> bool:
    """ "do not take if (you are) taking opioids", "hold if on methadone": a lead that holds the
    dose, then "if" and a condition that names an opioid and only says who takes it and how; never
    one turned round ("if not on opioids") or with more in it ("hold the other if …")."""
    lead, _, condition = " ".join(words).partition(" if ")
    said = set(condition.split())
    return (
        set(lead.split()) <= _HOLDING_LEADS
        and said <= lexicon.OPIOID_CONDITION_WORDS | lexicon.OPIOIDS
        and not said.isdisjoint(lexicon.OPIOIDS)
    )


_HOLDING_LEADS = frozenset({"do", "not", "dont", "must", "should", "never", "take", "use", "hold"})


# The most words a note may have: a longer clause may say more than a note does
MAX_ADVICE_WORDS = 8
MAX_CONDITION_WORDS = 12  # "do not take if you are currently taking opioid pain medication"


def _reason_end(raws: list[Raw], verb_at: int) -> int | None:
    """Where a verb of what the dose is for and its object end ("1 at night (to lower
    cholesterol)", "(lowers cholesterol)"), when the words after the verb pass the test of those
    after "for"; else None ("to" before a number is a range: "1 to 2 tabs"; "to lower dose"
    changes it). Another such clause, or an indication, may follow a slash ("helps your heart /
    lowers blood pressure")."""
    verb = raws[verb_at] if verb_at < len(raws) else None
    if verb is None or verb.text not in (_REASONS_SAID if raws[verb_at - 1].text != "to" else _REASON_VERBS):
        return None
    end = verb_at + 1
    while end < len(raws) and raws[end].kind == "word" and raws[end].number is None:
        end += 1
    words = {r.text for r in raws[verb_at + 1 : end]}
    unknown = words - _known_words_set()
    said = tuple(r.text for r in raws[verb_at:end])  # the verb and what it does: "thin blood"
    named = "indication" in (lexicon.CONTEXT_WORDS.get(said), lexicon.CONTEXT_WORDS.get(said[1:]))
    readable = named or _unknown_but_harmless(words, unknown, said) or _words_of_what_for(words)
    if not (0 < end - verb_at - 1 <= MAX_ADVICE_WORDS and readable):
        return None
    end = _slashed_reasons(raws, end)
    return end if end == len(raws) or raws[end].kind == "separator" else None


def _words_of_what_for(words: set[str]) -> bool:
    """ "nausea and vomiting", "pain and nausea": words of what doses are for, joined by "and",
    in no phrase the vocabulary has (after "to treat"; after "for" the phrases are read as ever)."""
    return bool(words - {"and"}) and words - {"and"} <= _indication_words() and not words & _dose_words()


def _unknown_but_harmless(words: set[str], unknown: set[str], said: tuple[str, ...]) -> bool:
    """Words the vocabulary lacks, and none that is or may be a dose word: what a dose is for.
    A word of how often ends no condition ("for pain intermittent"), nor stands before what is
    taken so ("intermittent dosing"), though it may begin one ("for intermittent explosive
    disorder", "for cyclic vomiting syndrome")."""
    return (
        bool(unknown)
        and not words & _dose_words()
        and not any(map(_may_be_a_dose_word, unknown))
        and not _says_how_often(said)
    )


def _says_how_often(said: tuple[str, ...]) -> bool:
    if said and said[-1] in lexicon.HOW_OFTEN:
        return True
    return any(word in lexicon.HOW_OFTEN_BEFORE_USE and then in lexicon.HOW_OFTEN_OF for word, then in pairwise(said))


def _slashed_reasons(raws: list[Raw], end: int) -> int:
    """Past "/" and another clause of what the dose is for or does, when one follows ("for blood
    pressure / helps your heart"); else ``end`` as it was."""
    if end + 1 >= len(raws) or raws[end].text != "/":
        return end
    after = raws[end + 1]
    if after.text == "to":
        return _reason_end(raws, end + 2) or end
    if after.text == "for":  # "lowers cholesterol / for blood pressure"
        return _what_for_end(raws, end + 2) or end
    return (_reason_end(raws, end + 1) if after.text in _REASONS_SAID else None) or end


def _what_for_end(raws: list[Raw], start: int) -> int | None:
    """Where the words after "for" at ``start`` end, when they name an indication the vocabulary
    knows or pass the test for words it does not, up to a separator or the end; else None."""
    end = start
    while end < len(raws) and raws[end].kind == "word" and raws[end].number is None:
        end += 1
    said = tuple(r.text for r in raws[start:end])
    words = set(said)
    unknown = words - _known_words_set()
    named = lexicon.CONTEXT_WORDS.get(said) == "indication"
    readable = named or _unknown_but_harmless(words, unknown, said)
    closed = end == len(raws) or raws[end].kind == "separator"
    return end if closed and 0 < end - start <= MAX_ADVICE_WORDS and readable else None


def _slashed_indications(raws: list[Raw], start: int) -> int | None:
    """Where a run of indications joined by "/" ends ("pain/inflammation", "muscle spasm/cramps"),
    when each part is one the vocabulary knows (or its initials, "ra/ibs") and a comma, a stop or
    the end follows; else None.
    An unknown part is never joined: "pain/double" or "pain/tiw" may be a schedule."""
    parts: list[list[str]] = [[]]
    end = start
    while end < len(raws) and raws[end].kind != "separator":
        raw = raws[end]
        if raw.kind == "symbol" and raw.text == "/":
            parts.append([])
        elif raw.kind == "word" and raw.number is None:
            parts[-1].append(raw.text)
        else:
            return None
        end += 1
    known = all(
        lexicon.CONTEXT_WORDS.get(tuple(part)) == "indication"
        or (len(part) == 1 and part[0] in lexicon.INDICATION_ABBREVIATIONS)  # "for RA/IBS"
        for part in parts
    )
    return end if len(parts) > 1 and known else None


def _may_be_a_dose_word(word: str) -> bool:
    """One that changes the dose ("double", "mornings"); an adverb, which says how or how often
    ("occasionally", "intermittently"); one holding a dose word ("twicedaily", "doubled"); one
    that may be a schedule's abbreviation the vocabulary lacks, three letters or fewer or with no
    vowel ("bds", "tiw", "wkly"); or one that looks like a dose word."""
    return (
        word in lexicon.CHANGES_THE_DOSE
        or word.endswith("ly")
        or len(word) <= MAX_ABBREVIATION
        or _VOWELS.isdisjoint(word)
        or any(part in word for part in lexicon.DOSE_WORD_PARTS)
        or _runs_dose_words_together(word)
        or _says_how_often_as_one(word)
        # "occasional" is spelled like "occasionally" (as needed), and is a word of how often: its
        # own rules tell a condition's ("occasional insomnia") from the schedule's (_says_how_often)
        or (word not in lexicon.HOW_OFTEN_BEFORE_USE and _looks_like_a_dose_word(word))
    )


def _says_how_often_as_one(word: str) -> bool:
    """ "intermittentdosing", "pulsetherapy", "cyclicaldosing": a word of how often and what is
    taken so, run together (_says_how_often reads them apart)."""
    return any(word.startswith(often) for often in lexicon.HOW_OFTEN_BEFORE_USE) and any(
        word.endswith(taken) for taken in lexicon.HOW_OFTEN_OF
    )


@lru_cache(maxsize=4096)
def _runs_dose_words_together(word: str) -> bool:
    """Words of the vocabulary written as one, a dose word among them: "everyotherday",
    "afterlunch", "amandpm", "threenightsaweek" (a schedule, never a condition)."""
    known, dose = _known_words_set(), _dose_words()
    reached = {0: False}  # where a split into known words reaches → whether it holds a dose word
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _longest_known_word()), end):
            piece = word[start:end]
            if start in reached and (len(piece) > 2 or piece in _SHORT_PIECES) and piece in known:
                reached[end] = reached.get(end, False) or reached[start] or piece in dose
    return reached.get(len(word), False)


# The short words a schedule run together is made of; any other of two letters ("bd", "om", "in",
# "al") would find one in a condition's name ("abdominal": a-bd-om-in-al).
_SHORT_PIECES = frozenset(
    {"a", "q", "am", "pm", "hs", "at", "to", "on", "up", "in", "of", "by", "de", "la", "el", "en", "al", "or"}
    | {"om", "qd", "od", "wk", "hr", "as"}
)


@cache
def _longest_known_word() -> int:
    return max(map(len, _known_words_set()))


@lru_cache(maxsize=4096)
def _looks_like_a_dose_word(word: str) -> bool:
    """Close to a dose word, as difflib measures: a letter off ("twise", "dialy"), or two
    ("nitely", "weakley", "bedtym"). A condition that merely looks like one ("fever" and "every")
    is in the vocabulary instead."""
    import difflib  # only for a word the vocabulary lacks, after "for" or "prn"

    return bool(difflib.get_close_matches(word, _dose_words_in_order(), n=1, cutoff=LOOKS_LIKE))


@cache
def _dose_words_in_order() -> list[str]:
    return sorted(_dose_words())


LOOKS_LIKE = 0.7  # difflib's ratio: one letter off in four is 0.75; "nitely"/"nightly" is 0.77
MAX_ABBREVIATION = 3
_VOWELS = frozenset("aeiouáéíóú")


def _negation_at(raws: list[Raw], position: int) -> bool:
    return any(tuple(raw.text for raw in raws[position : position + len(words)]) == words for words in _NEGATIONS)


def _if_affected_at(raws: list[Raw], position: int) -> int:
    """ "if sleepy(,) do not drive": how many raws open a side effect's advice (the opener and a
    comma after it), when advice's own lead follows; else 0. "if sleepy, take 2" is a condition
    on the dose, and stays refused."""
    for words in lexicon.IF_AFFECTED:
        after = position + len(words)
        if tuple(raw.text for raw in raws[position:after]) != words:
            continue
        if after < len(raws) and raws[after].text == ",":
            after += 1
        if after < len(raws) and (raws[after].text in _ADVICE_LEADS or _negation_at(raws, after)):
            return after - position
    return 0


def _joins_advice(raw: Raw, advice: bool) -> bool:
    """ "do not drive/use machines": a slash joins the words of advice, never an indication's
    (those have their own rule, _slashed_indications)."""
    return advice and raw.kind == "symbol" and raw.text == "/"


# A one-word frequency written against the "x" after a count, "1xHS", "1xweekly" (sigs from
# South-East Asia): read as the spaced "1 x HS", by the same rules.
_GLUED_X_FREQUENCIES = frozenset(words[0] for words in lexicon.FREQUENCIES if len(words) == 1 and words[0].isalpha())
# After a spaced number only a count of times ("5 xdaily"): "2 xlunch" may be 2 units at lunch
_COUNTED_X_FREQUENCIES = frozenset(
    word for word in _GLUED_X_FREQUENCIES if not lexicon.FREQUENCIES[(word,)].time_of_day
)


def _check_no_numbered_count(raws: list[Raw], mark: str, rest: str) -> None:
    """ "take 2: 4.5 mg qhs", "take 2) 4.5 mg qhs" read 2 units (9 mg): a count taken, then a colon
    or a closing bracket no bracket opened, and another number may be a list's item number and its
    dose. One unit, or item 1's dose, is the same either way; minutes after a colon are a clock's."""
    if (
        len(raws) > 1
        and raws[-2].text in _TAKING_WORDS
        and raws[-1].number is not None
        and raws[-1].number.value != 1
        and _A_NUMBER.match(rest) is not None
        and _AN_HOUR_S_MINUTES.match(rest) is None
    ):
        raise DoseError(
            f"'{raws[-2].text} {raws[-1].text}{mark}': a count, or a list's item number? Write the count as a number",
            ErrorCode.AMBIGUOUS_COUNT,
        )


def _check_no_numbered_item(lowered: str) -> None:
    """ "ii. 4.5 mg caps qhs" read two capsules (9 mg): a list's item ii, as "2. 4.5 mg" would be
    (refused), or the Latin count with an abbreviation's dot?"""
    found = _NUMBERED_ITEM.search(lowered)
    if found is not None:
        raise DoseError(
            f"'{found.group(1)}.' before a number: a list's item, or a count? Write the count as a number",
            ErrorCode.AMBIGUOUS_COUNT,
        )


# A Latin count ("ii", "iii") with a dot, opening the text, a clause, a label's value or a step,
# before a number
_NUMBERED_ITEM = LazyPattern(r"(?:^|[;,(:]|\n|\bthen)\s*(ii|iii)\.\s*[0-9.]")


def _check_no_leading_comma(lowered: str) -> None:
    found = _LEADING_COMMA.search(lowered)
    if found:  # the unit is not in the match: the message quotes the number
        raise DoseError(
            f"'{found.group()}': a decimal comma with no 0 before it (0{found.group()}), or a comma before "
            f"{found.group()[1:]}? Write 0{found.group()}, or a space after the comma",
            ErrorCode.AMBIGUOUS_NUMBER,
        )


def _check_no_dot_between_a_word_and_a_number(lowered: str) -> None:
    found = _WORD_DOT_NUMBER.search(lowered)
    if found:  # the words and the number round it, for the message: found once, so never costly
        written = re.search(r"[a-zμ)\]]+\.[0-9]+", lowered[max(0, found.start() - 30) :])
        word, _, number = written.group().partition(".") if written else ("", "", "")
        raise DoseError(
            f"'{word}.{number}': a full stop after '{word}', then {number}, or a decimal point (0.{number})? "
            "Write a space between them",
            ErrorCode.AMBIGUOUS_NUMBER,
        )


def _lex(text: str) -> tuple[list[Raw], str]:
    """The raw tokens, and the lowered text they were cut from."""
    _reject_look_alikes(text)
    if ". " in text or ".\t" in text:  # "… at bedtime. avoid opioids.": a sentence ends, whatever the abbreviations
        text = _SENTENCE_STOP.sub(";", text)
    lowered = text.casefold()
    if "->" in lowered or "→" in lowered:  # "1.5 mg x 7d -> 3 mg": a handout's or a note's next step
        lowered = lowered.replace("->", " then ").replace("→", " then ")
    # Each rewrite only where its character is: most texts have no apostrophe or "(s)".
    if "'" in lowered or "’" in lowered:
        lowered = _APOSTROPHE.sub("", lowered)
    if "," in lowered:
        _check_no_leading_comma(lowered)
    if "." in lowered:
        if "i." in lowered:  # a look for the characters is cheaper than the search
            _check_no_numbered_item(lowered)
        if "q." in lowered:
            lowered = _Q_DOT.sub("q", lowered)
        _check_no_dot_between_a_word_and_a_number(lowered)
        lowered = _ABBREVIATION_DOT.sub("", lowered)
    if "(s)" in lowered:
        lowered = _PLURAL_IN_BRACKETS.sub("s", lowered)
    if "." in lowered:
        lowered = _SENTENCE_END.sub(";", lowered)
        ended = lowered.rstrip()
        if ended[-1:] == "." and ended[-2:-1].isdigit():  # after a number only at the very end: "#30."
            lowered = ended[:-1]
    raws: list[Raw] = []
    hours = _NO_HOURS  # the raws that are an hour before a colon and its minutes ("9:00")
    position, spaced = 0, False
    spelled = False  # a number written as a word: "take one 1 tablet" may restate it
    for match in _TOKEN.finditer(lowered):
        if match.start() != position:  # a character no token takes
            raise _unexpected_character(lowered[position])
        kind = match.lastgroup
        position = match.end()
        if kind == "space":
            spaced = True
            continue
        if kind == "colon":
            if not spaced and raws and raws[-1].number is not None and _MINUTES.match(lowered, position):
                hours = hours | {len(raws) - 1}
            elif raws and raws[-1].text in lexicon.FIELD_LABELS:  # "Route: PO": a field's label
                raws.pop()
            elif _labels_what_follows(raws, lowered, position):
                raws.append(Raw("separator", ",", None, spaced))
            spaced = True
            continue
        piece = match.group()
        if kind == "word":
            if piece in lexicon.NUMBER_WORDS:  # "two" is read where "2" would be, by the same rules
                raws.append(Raw("number", piece, _read_number("number", piece), spaced))
                spaced, spelled = False, True
                continue
            if (
                raws
                and raws[-1].number is not None
                and piece[0] == "x"
                and piece[1:] in (_GLUED_X_FREQUENCIES if not spaced else _COUNTED_X_FREQUENCIES)
            ):
                raws.append(Raw("word", "x", None, spaced))  # "1xHS", "5 xdaily": "1 x HS", "5 x daily"
                piece, spaced = piece[1:], False
            if piece[-1] == "x" and piece[:-1] in _GLUED_X_FREQUENCIES and lowered[position : position + 1].isdigit():
                # "dailyx90 days", "qhsx30": EHR exports' run-ons, "daily x 90 days"
                raws.append(Raw("word", piece[:-1], None, spaced))
                piece, spaced = "x", False
            if not spaced and raws and raws[-1].number is not None:
                piece = lexicon.FORM_AFTER_NUMBER.get(piece, piece)  # "1C" is one capsule
            raws.append(Raw("word", lexicon.SHORT_FOR.get(piece, piece), None, spaced))
            spaced = False
            continue
        if kind == "number":  # the most common after words: "4.5", "1"
            raws.append(Raw("number", piece, read_decimal(piece), spaced))
            spaced = False
            continue
        if kind == "fraction" and lowered[match.start() - 1] == ":" and len(raws) - 1 in hours:
            # "at 21:00/1:00": its minutes read as "00/1", and the time after the slash was lost
            raise DoseError(
                f"'{raws[-1].text}:{piece}': two clock times with a slash between: one dose or two? "
                "Write 'and' between two times",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        if kind == "at":  # "1 cap @ 8:00"
            kind, piece, spaced = "word", "at", True
        elif kind == "ampersand":  # "Tue & Thu", "1 mg am&pm"
            kind, piece, spaced = "word", "and", True
        elif kind == "equals":  # "4.5 mg = 1 cap" (_equals_as_bracket)
            kind = "symbol"
        elif kind == "separator":
            piece = _SEPARATORS[piece]
            if piece == ")" and "(" not in lowered[: match.start()] and "[" not in lowered[: match.start()]:
                _check_no_numbered_count(raws, lowered[match.start()], lowered[position:])
        elif kind == "symbol" and piece == "+" and spaced and lowered[position : position + 1].isspace():
            kind, piece = "word", "plus"  # "2 mane + 2 nocte", as if written out; "week 3+" is a step's
        elif kind == "symbol":
            piece = "-" if piece in lexicon.DASHES else "×" if piece in lexicon.TIMES_SIGNS else piece
        elif kind == "fraction" and raws and raws[-1].text in lexicon.UK_LENGTH_LEADS and piece in lexicon.UK_LENGTHS:
            # "x 3/52", "for 3/12": UK prescriptions' weeks (/52), months (/12) and days (/7)
            count, unit = lexicon.UK_LENGTHS[piece]
            raws += [Raw("number", count, read_decimal(count), spaced), Raw("word", unit, None, True)]
            spaced = False
            continue
        elif kind == "fraction" and (
            int(piece.partition("/")[2] or 0) > MAX_FRACTION_DENOMINATOR
            or tuple(piece.split("/")) in lexicon.CONTRAVE_STRENGTH_PAIRS
        ):
            # "8/90 mg" and "90/8 mg" are two strengths (naltrexone and bupropion), never 0.089 or
            # 11.25 mg: read the parts
            numerator, _, denominator = piece.partition("/")
            raws += [Raw("number", numerator, read_decimal(numerator), spaced), Raw("symbol", "/", None, False)]
            raws.append(Raw("number", denominator, read_decimal(denominator), False))
            spaced = False
            continue
        assert kind is not None  # every alternative of _TOKEN is a named group
        number = _read_number(kind, piece) if kind in _NUMBER_KINDS else None
        if number is not None and kind != "number" and lowered[: match.start()].rstrip()[-1:] == ":":
            kind = "number"  # "weeks 1 and 2: 1/2 tab", "Dose 2: ½ tab": never the mixed number 2½
        raws.append(Raw(kind, piece, number, spaced))
        spaced = kind == "separator"
    if position != len(lowered):
        raise _unexpected_character(lowered[position])
    if hours:
        raws = written.at_each_listed_clock_time(raws, hours)
    if (
        "half" in lowered
        or "media" in lowered
        or (("and" in lowered or "&" in lowered) and ("/" in lowered or not _VULGAR_CHARS.isdisjoint(lowered)))
    ):
        raws = written.and_a_half(raws)
    if "spoon" in lowered or "measure" in lowered:
        raws = written.measured_spoonfuls(raws)
    if "first day" in lowered:
        raws = written.on_the_first_day(raws)
    if " per " in lowered:
        raws = written.per_volume(raws)
    if "with a " in lowered and "dose" in lowered:
        raws = written.with_a_dose_of_its_own(raws)
    if "on" in lowered and _ON.search(lowered):  # the word, not "once" or "month"
        raws = written.omni_nocte(raws)
    dashed = _has_dash(lowered)
    if dashed:
        raws = written.daily_schema(raws)
    if ("at " in lowered or "@" in lowered) and _FOUR_DIGITS.search(lowered):  # "at 2200"
        raws = written.clock_without_colon(raws)
    if "status" in lowered or "advice" in lowered or "reported on" in lowered or "taking on" in lowered:
        raws = _record_annotations(raws)
    if "=" in lowered:
        raws = _equals_as_bracket(raws)
    if spelled or "(" in lowered or "[" in lowered:  # what each rule there starts from (a bracket of either kind)
        raws = _drop_restated_numbers(raws)
    if "ii" in lowered:
        raws = _roman_ranges(raws)
    return (_drop_word_hyphens(raws) if dashed else raws), lowered


def _labels_what_follows(raws: list[Raw], lowered: str, after: int) -> bool:
    """ "Dose 2: 4.5 mg tab", "Rx 2: …": a number before a colon (at ``after`` - 1) is a label's,
    never the dose's count (it was 9 mg); a comma is put after it to keep the two apart, and it is
    left to be refused. Not a step's marker ("Week 1: 1.5 mg"), nor an hour: digits right after the
    colon ("9:75 pm", a broken clock time, refused as one), or minutes after it and its spaces
    that end a clock time (_AN_HOUR_S_MINUTES: "at 9: 00 PM"; "Dose 2: 45 mg" is no clock)."""
    if not raws or raws[-1].number is None or _ends_a_step_marker(raws):
        return False
    rest = lowered[after:]
    if len(raws) > 1 and raws[-2].text in _TAKING_WORDS:
        _check_no_numbered_count(raws, ":", rest)  # "take 2: 4.5 mg"
        return False  # "take 2: am and pm": the count taken, read (or refused) as without the colon
    if rest[:1].isdigit():
        return False
    return _AN_HOUR_S_MINUTES.match(rest) is None


_A_NUMBER = LazyPattern(r"\s*[.,]?[0-9]")  # next after the colon, its spaces, maybe a naked decimal's point
# Minutes after a colon and its spaces, then only what ends a clock time: am or pm, hours, a
# comma, a bracket or the end ("at 9: 00 PM", "10 :30 pm", "at 22 : 30"). Anything else after
# them ("Dose 2: 50-mg tab", "2: 30xdaily") leaves the number before the colon a label's.
_AN_HOUR_S_MINUTES = LazyPattern(r"\s*[0-5][0-9](?:\s*(?:am|pm|hrs|hr|h|hours)\b|\s*[,;)]|\s*$)")


def _ends_a_step_marker(raws: list[Raw]) -> bool:
    """Whether the number last in ``raws`` ends a step's marker: "Week 1", "Days 1-7", "wk 2 to 3"."""
    position = len(raws) - 1
    while position > 0 and (raws[position].number is not None or raws[position].text in lexicon.STEP_SPAN_WORDS):
        position -= 1
    return raws[position].text in _STEP_LEADS


_STEP_LEADS = frozenset(phrase[0] for phrase in lexicon.STEP_MARKERS)


def _equals_as_bracket(raws: list[Raw]) -> list[Raw]:
    """ "4.5 mg = 1 cap, Oral, Daily", Cerner's order sentence: the dose in mg, then the units that
    make it, read as "4.5 mg (1 cap)" is. "=" anywhere else is refused."""
    out: list[Raw] = []
    position = 0
    while position < len(raws):
        raw = raws[position]
        if raw.text != "=":
            out.append(raw)
            position += 1
            continue
        mass = len(out) >= 2 and out[-2].number is not None and out[-1].text in lexicon.MASS_UNITS
        units = raws[position + 1 : position + 3]
        counted = len(units) == 2 and units[0].number is not None and (units[1].text,) in _UNIT_NAMES
        if not (mass and counted):
            raise _unexpected_character("=")
        out += [Raw("separator", "(", None, True), *units, Raw("separator", ")", None, False)]
        position += 3
    return out


_UNIT_NAMES = frozenset({*lexicon.FORM_WORDS, *((unit,) for unit in lexicon.VOLUME_UNITS)})


def _record_annotations(raws: list[Raw]) -> list[Raw]:
    """What a record adds to the text it holds: "(status = c)", the record's status code (Scottish
    prescribing data), says nothing of the dose and is dropped; "[advice]" marks where advice
    begins, and ends the dose as a full stop would ("take one daily [advice] for blood pressure");
    Epic's "Patient not taking: Reported on 3/2/2023" and "Start taking on: 2/1/2024" are notes of
    their own, their dates dropped."""
    return rewritten(rewritten(raws, _status_code_at), _record_note_at)  # a code may follow a date


def _status_code_at(raws: list[Raw], position: int) -> tuple[list[Raw], int] | None:
    if _matches(raws, position, lexicon.RECORD_STATUS_CODE):
        return [], position + len(lexicon.RECORD_STATUS_CODE)
    return None


def _record_note_at(raws: list[Raw], position: int) -> tuple[list[Raw], int] | None:
    if _matches(raws, position, lexicon.RECORD_ADVICE_MARKER):
        stop = Raw("separator", ",", None, raws[position].spaced_before)
        return [stop], position + len(lexicon.RECORD_ADVICE_MARKER)
    if dated := _dated_note(raws, position):
        return [Raw("separator", ",", None, True), *raws[position : position + dated]], len(raws)  # the date ends it
    return None


def _dated_note(raws: list[Raw], position: int) -> int:
    """How many words of a record's dated note start here, kept as its note; 0 if none does."""
    for pattern, kept in lexicon.RECORD_DATED_NOTES.items():
        if _matches(raws, position, pattern) and _is_a_date(raws, position + len(pattern)):
            return kept
    return 0


_ON = LazyPattern(r"\bon\b")
_DATE = LazyPattern(r"[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{2}|[0-9]{4})")


def _is_a_date(raws: list[Raw], position: int) -> bool:
    """ "3/2/2023", "12/31/24": the rest of the text (lexed as a fraction or numbers, and slashes)."""
    rest = raws[position:]
    return 3 <= len(rest) <= 5 and _DATE.fullmatch("".join(raw.text for raw in rest)) is not None


def _matches(raws: list[Raw], position: int, pattern: tuple[str | None, ...]) -> bool:
    window = raws[position : position + len(pattern)]
    return len(window) == len(pattern) and all(
        raw.text == text if text is not None else raw.kind == "word" and len(raw.text) == 1
        for raw, text in zip(window, pattern, strict=True)
    )


def _roman_ranges(raws: list[Raw]) -> list[Raw]:
    """ "i-ii tabs", "i to ii caps": Latin sigs' range of one to two. Only there is "i" the number
    one; anywhere else it is the pronoun ("I take 3 mg")."""
    out = list(raws)
    for position, raw in enumerate(raws[:-2]):
        joint, high = raws[position + 1], raws[position + 2]
        if raw.text == "i" and joint.text in ("-", "to", "or") and high.text in lexicon.ROMAN_NUMERALS:
            out[position] = Raw("number", "1", Number(Fraction(1), "1", is_integer_literal=True), raw.spaced_before)
    return out


def _unexpected_character(char: str) -> DoseError:
    return DoseError(f"unexpected character {_show_char(char)} in the dose", ErrorCode.BAD_CHARACTER)


def _is_unit_hyphen(kept: list[Raw], raw: Raw, after: Raw | None) -> bool:
    """ "4.5-mg naltrexone": a number joined to its unit by a hyphen, as adjectives are written."""
    return (
        raw.text == "-"
        and not raw.spaced_before
        and bool(kept)
        and kept[-1].number is not None
        and after is not None
        and not after.spaced_before
        and after.text in lexicon.MASS_UNITS
    )


def _drop_word_hyphens(raws: list[Raw]) -> list[Raw]:
    """ "one-half", "xr-naltrexone", "pea-sized": a dash between two letters joins words, and is
    read as a space. Between weekdays ("mon-fri") or frequencies ("bid-tid") it is a range, and stays;
    between two times of day ("morning-night", "am-pm") it may say "or" as well as "and", and stays."""
    kept: list[Raw] = []
    for position, raw in enumerate(raws):
        after = raws[position + 1] if position + 1 < len(raws) else None
        if (
            raw.text == "-"
            and not raw.spaced_before
            and kept
            and kept[-1].text.isalpha()
            and after is not None
            and after.text.isalpha()
            and not after.spaced_before
            and not (kept[-1].text in lexicon.WEEKDAY_WORDS and after.text in lexicon.WEEKDAY_WORDS)
            and not (kept[-1].text in lexicon.TIME_OF_DAY_WORDS and after.text in lexicon.TIME_OF_DAY_WORDS)
            and (kept[-1].text, "-", after.text) not in lexicon.FREQUENCY_RANGES  # "bid-tid"
            and not (kept[-1].number is not None and after.text in lexicon.NUMBER_WORDS)  # "one-two caps"
        ) or _is_unit_hyphen(kept, raw, after):
            assert after is not None
            after.spaced_before = True
            continue
        kept.append(raw)
    return kept


_NO_HOURS: frozenset[int] = frozenset()
_MINUTES = LazyPattern(r"[0-5][0-9](?![0-9])")  # after an hour and its colon: "9:00", "21:30"
_SEPARATORS = {",": ",", ";": ",", "(": "(", "[": "(", ")": ")", "]": ")"}
# Outside ASCII, only these mean anything in a dose; everything else is refused by name. This
# also catches letters that casefold into ASCII or into "μ" (Greek capital Mu looks like M,
# the Kelvin sign like K): only the micro sign and small mu mean micro.
_SPANISH_LETTERS = frozenset("áéíóúñüÁÉÍÓÚÑÜ")  # Spanish sigs are read too
_NON_ASCII_KNOWN = frozenset("µμ½¼¾⅓⅔⅛’→\u00a0\u2009\u202f") | lexicon.DASHES | lexicon.TIMES_SIGNS | _SPANISH_LETTERS


def _reject_look_alikes(text: str) -> None:
    if text.isascii():
        return
    for char in text:
        if char > "\x7f" and char not in _NON_ASCII_KNOWN:
            raise DoseError(f"unexpected character {_show_char(char)} in the dose", ErrorCode.BAD_CHARACTER)


def _drop_restated_numbers(raws: list[Raw]) -> list[Raw]:
    """ "2 (two) times a day": a number restated in words in brackets is said once."""
    kept: list[Raw] = []
    position = 0
    while position < len(raws):
        raw = raws[position]
        if raw.number is None:  # each rule below starts at a number
            kept.append(raw)
            position += 1
            continue
        window = raws[position + 1 : position + 4]
        if (
            raw.number is not None
            and len(window) == 3
            and (window[0].text, window[2].text) == ("(", ")")
            and window[1].number is not None
            and window[1].number.value == raw.number.value
        ):
            kept.append(raw)
            position += 4
            continue
        bracket = raw.number is not None and len(window) == 3 and window[0].text == "("
        spelled = _spelled_in_brackets(raws, position + 1) if bracket else None
        if raw.number is not None and spelled is not None and spelled[0] == raw.number.value:
            kept.append(raw)  # "every 24 (twenty-four) hours"
            position = spelled[1]
            continue
        if (  # "take one 1 tablet", "1 one tablet", "2 two times daily" (Epic's "2 (two)" with its
            # brackets lost): the same whole number in words and in digits, side by side
            raw.number is not None
            and window
            and window[0].number is not None
            and window[0].number.value == raw.number.value
            and raw.text.isalpha() != window[0].text.isalpha()
            and not (kept and kept[-1].text in _DISPENSING_WORDS)  # "refills three 3": not a restatement
            and not (kept and kept[-1].text in lexicon.STEP_UNIT_WORDS)  # "week two: 2 caps": a step, then its count
            and len(window) > 1
            # "one 1 tablet", never "two 2 refills"; "2 two times" only once units were counted
            and ((window[1].text,) in lexicon.FORM_WORDS or _restates_how_often(raw, window[1], kept))
            and raw.number.is_integer_literal
            and window[0].number.is_integer_literal
        ):
            kept.append(raw)
            position += 2
            continue
        kept.append(raw)
        position += 1
    return kept


_TIMES_WORDS = frozenset({"times", "time"})  # "2 two times daily"


def _restates_how_often(number: Raw, after: Raw, before: list[Raw]) -> bool:
    """ "take 1 tablet by mouth 2 two times daily": digits, then words, then "times", after a count
    of units. Where no units were counted, the first number is the count, as a sig column writes it:
    "take three 3 times a day" (Public Health Scotland's parser tests) and "3 three times daily" are
    three units three times a day (tests/test_oracle.py)."""
    counted = any(one.number is not None and (other.text,) in lexicon.FORM_WORDS for one, other in pairwise(before))
    return after.text in _TIMES_WORDS and not number.text.isalpha() and counted


def _drop_restated_fractions(raws: list[Raw]) -> list[Raw]:
    """ "take one-half (1/2) tablet", "one and one-half (1 1/2) tablets", "1/2 (one-half) tablet",
    as US pharmacy labels write a count: a fraction said in words and in digits, one in brackets
    after the other, is said once (else the bracket is a stray number, or a second count)."""
    return rewritten(raws, _fraction_said_once)


def _fraction_said_once(raws: list[Raw], position: int) -> tuple[list[Raw], int] | None:
    said = _count_at(raws, position)
    if said is None:
        return None
    end = said[1]  # all of it: "one and one-half (1/2)" restates no part
    restated = _count_at(raws, end + 1) if _is_bracket(raws, end) else None
    if restated is not None and restated[0] == said[0] and _is_bracket(raws, restated[1], ")"):
        return raws[position:end], restated[1] + 1
    return raws[position:end], end


def _count_at(raws: list[Raw], start: int) -> tuple[Fraction, int] | None:
    """The value of the number at ``start``, or of the longest fraction in words there ("one and
    one half", "half"), and where it ends; None if neither is there."""
    for length in (4, 2, 1):
        phrase = tuple(raw.text for raw in raws[start : start + length])
        if len(phrase) == length and phrase in lexicon.COUNT_WORDS:
            return lexicon.COUNT_WORDS[phrase], start + length
    number = raws[start].number if start < len(raws) else None
    return (number.value, start + 1) if number is not None else None


def _is_bracket(raws: list[Raw], at: int, which: str = "(") -> bool:
    return at < len(raws) and raws[at].text == which


def _spelled_in_brackets(raws: list[Raw], start: int) -> tuple[int, int] | None:
    """ "(twenty-four)", "(seventy two)", "(fourteen)": the number spelled out in a bracket at
    ``start``, and where the bracket ends; None for anything else."""
    if start >= len(raws) or raws[start].text != "(":
        return None
    words: list[str] = []
    for end in range(start + 1, min(start + 6, len(raws))):
        text = raws[end].text
        if text == ")":
            return _spelled_value(words), end + 1
        if text not in lexicon.DASHES:
            words.append(text)
    return None


def _spelled_value(words: list[str]) -> int:
    """The value of "twenty four" or "fourteen" (over twelve: the rest are number words), else -1."""
    if len(words) == 1:
        return lexicon.SPELLED_TEENS.get(words[0], lexicon.SPELLED_TENS.get(words[0], -1))
    if len(words) == 2 and words[0] in lexicon.SPELLED_TENS and lexicon.NUMBER_WORDS.get(words[1], 10) < 10:
        return lexicon.SPELLED_TENS[words[0]] + lexicon.NUMBER_WORDS[words[1]]
    return -1


def _show_char(char: str) -> str:
    import unicodedata

    name = unicodedata.name(char, "") if char > "\x7f" else ""  # a look-alike needs its name
    named = f" {name}" if name else ""
    if char.isprintable() and not char.isspace():
        return f"'{char}' (U+{ord(char):04X}{named})"
    return f"U+{ord(char):04X}{named}"


_NUMBER_KINDS = frozenset({"number", "fraction", "vulgar"})


def _read_number(kind: str, piece: str) -> Number | None:
    if kind == "vulgar":
        return Number(_VULGAR[piece], piece)
    if kind == "number" and piece in lexicon.NUMBER_WORDS:
        return Number(Fraction(lexicon.NUMBER_WORDS[piece]), piece, is_integer_literal=True)
    if kind == "fraction":
        _check_digits(piece)
        numerator, denominator = (int(part) for part in piece.split("/"))
        if denominator == 0:
            raise DoseError(f"'{piece}' divides by zero", ErrorCode.AMBIGUOUS_NUMBER)
        whole, last = divmod(numerator, 10)
        if whole and 0 < last < denominator:  # "41/2 mg": 4 1/2 with its space lost, or 20.5?
            raise DoseError(
                f"'{piece}': {whole} {last}/{denominator} (a space lost), or {numerator}/{denominator}? "
                f"Write '{whole} {last}/{denominator}' or a decimal",
                ErrorCode.AMBIGUOUS_NUMBER,
            )
        return Number(Fraction(numerator, denominator), piece)
    if kind == "number":
        return read_decimal(piece)
    return None


def read_decimal(piece: str) -> Number:
    """A written number: decimal point or decimal comma, never a thousands separator."""
    try:  # the same few numbers recur in every export ("1", "4.5", "50"): each is read once
        return _NUMBERS_READ[piece]
    except KeyError:
        number = _read_decimal(piece)  # a DoseError is raised afresh each time: never kept
        if len(_NUMBERS_READ) < _MAX_NUMBERS_READ:
            _NUMBERS_READ[piece] = number
        return number


# A Number is immutable (a Fraction, its text, a tuple of warnings), so one may be handed out twice.
_MAX_NUMBERS_READ = 4096
_NUMBERS_READ: dict[str, Number] = {}


def _read_decimal(piece: str) -> Number:
    if piece.isascii() and piece.isdigit() and len(piece) <= MAX_DIGITS:  # most numbers: "1", "30", "50"
        return Number(Fraction(int(piece)), piece, (), True)
    whole, point, decimals = piece.partition(".")
    if (  # "4.5", "0.25": one point, digits either side, no trailing zero, nothing to warn of
        point
        and piece.isascii()
        and whole.isdigit()
        and decimals.isdigit()
        and decimals[-1] != "0"
        and len(whole.lstrip("0")) <= MAX_DIGITS
        and len(decimals) <= MAX_DECIMALS
    ):
        return Number(Fraction(int(whole + decimals), 10 ** len(decimals)), piece)
    return _decimal_by_the_rules(piece)


def _decimal_by_the_rules(piece: str) -> Number:
    """Any written number, with its warnings; ``read_decimal`` answers the plain ones before."""
    _check_digits(piece)
    separators = [c for c in piece if c in ".,"]
    if len(separators) > 1:
        raise DoseError(f"'{piece}' is ambiguous: write the number with one decimal point", ErrorCode.AMBIGUOUS_NUMBER)
    warnings: list[str] = []
    normalized = piece
    if separators == [","]:
        whole, _, decimals = piece.partition(",")
        if len(decimals) == 3:
            raise DoseError(
                f"'{piece}' is ambiguous (thousands separator or decimal comma?): "
                f"write {whole}{decimals} or {whole}.{decimals}",
                ErrorCode.AMBIGUOUS_NUMBER,
            )
        normalized = piece.replace(",", ".")
        warnings.append(f"decimal comma in '{piece}' read as {normalized}")
    if normalized.startswith("."):
        warnings.append(f"naked decimal '{piece}': write 0{normalized} (a leading zero prevents tenfold errors)")
    if "." in normalized and normalized.endswith("0"):
        warnings.append(f"trailing zero in '{piece}' can be misread tenfold: write {_strip_zeros(normalized)}")
    whole_part, _, decimal_part = normalized.partition(".")
    value = Fraction(
        int(whole_part or "0") * 10 ** len(decimal_part) + int(decimal_part or "0"), 10 ** len(decimal_part)
    )
    return Number(value, piece, tuple(warnings), is_integer_literal=not separators)


def _check_digits(piece: str) -> None:
    """Refuse a number too large to be a dose before any arithmetic is done with it. Decimals
    may be long ("4.5000000000000000000000000001" is exactly above 4.5), but not endless."""
    whole, *rest = piece.replace(",", ".").split(".")
    parts = whole.split("/") + [part for part in rest if len(part) > MAX_DECIMALS]
    for part in parts:
        if len(part.lstrip("0")) > MAX_DIGITS:
            raise DoseError(
                f"'{piece[:20]}{'…' if len(piece) > 20 else ''}' has too many digits for a dose",
                ErrorCode.IMPLAUSIBLE,
            )


def _strip_zeros(normalized: str) -> str:
    stripped = normalized.rstrip("0").rstrip(".")
    return "0" + stripped if stripped.startswith(".") else stripped


def _join_numbers(raws: list[Raw]) -> list[Raw]:
    """Mixed numbers ("1 1/2", "1½") become one number; a minus sign joins the number after it."""
    joined: list[Raw] = []
    for position, raw in enumerate(raws):
        if _hyphenated_mixed_number(joined, raw):  # "1-1/2 tabs", "4-1/2 mg": as "1 1/2", "4 1/2"
            joined.pop()
        previous = joined[-1] if joined else None
        if (
            raw.kind in ("fraction", "vulgar")
            and previous is not None
            and previous.number is not None
            and previous.number.is_integer_literal
            and raw.number is not None
            and raw.number.value < 1
            and not (len(joined) > 1 and joined[-2].text in lexicon.COUNTED_BEFORE_A_NUMBER)
        ):
            text = f"{previous.text} {raw.text}" if raw.spaced_before else previous.text + raw.text
            _check_mixed_number(previous, raw, joined[-2] if len(joined) > 1 else None, raws[position + 1 :])
            value = previous.number.value + raw.number.value
            joined[-1] = Raw("number", text, Number(value, text, previous.number.warnings), previous.spaced_before)
            continue
        if raw.number is not None and raw.kind != "number":
            raw = Raw("number", raw.text, raw.number, raw.spaced_before)
        if (
            raw.number is not None
            and not raw.spaced_before
            and previous is not None
            and previous.text == "-"
            and (previous.spaced_before or len(joined) == 1)  # "LDN-4.5mg": a hyphen joins a label
            and _starts_a_value(joined[:-1])
        ):
            joined[-1] = Raw(
                "number",
                "-" + raw.text,
                Number(raw.number.value, "-" + raw.text, raw.number.warnings, negative=True),
                previous.spaced_before,
            )
            continue
        joined.append(raw)
    return joined


def _hyphenated_mixed_number(joined: list[Raw], raw: Raw) -> bool:
    """ "1-1/2", "4-1/2" as pharmacy systems print a mixed number: a whole number, a hyphen touching
    both and a fraction under one (a range from 1 down to 1/2 would run backwards: it was refused
    as one). Not after a word of dispensing ("qty 1-1/2", as a mixed number is not after one), nor
    with a vulgar fraction: "1-1½" is 1 to 1½."""
    if raw.kind != "fraction" or raw.spaced_before or raw.number is None or raw.number.value >= 1 or len(joined) < 2:
        return False
    hyphen, whole = joined[-1], joined[-2]
    return (
        hyphen.text == "-"
        and not hyphen.spaced_before
        and whole.number is not None
        and whole.number.is_integer_literal
        and whole.number.value >= 1  # "0-1/2 tab": none to a half, or a half?
        and not (len(joined) > 2 and joined[-3].text in lexicon.COUNTED_BEFORE_A_NUMBER)
    )


def _check_mixed_number(whole: Raw, fraction: Raw, before: Raw | None, after: list[Raw]) -> None:
    """A mixed number that may be a count of fractions or of units: "take two 1/2 tabs" (2½
    tablets, or two halves?), "5 1/2 mg tabs qhs" (5½ mg, or five ½ mg tablets? with 0.5 mg
    capsules, "6 1/2 mg caps" was 6.5 mg where six are 3). Not a strength's label, after the
    drug's name or a count, or with a count of its own ("naltrexone 4 1/2 mg caps", "take 1 4 1/2
    mg cap", "4 1/2 mg capsules, one at bedtime"), nor a mixed number with no unit and dose form
    after it ("1 1/2 tabs", "1 1/2 mg daily")."""
    spelled = whole.text in lexicon.NUMBER_WORDS
    counts_units = (
        len(after) > 1
        and after[0].text in lexicon.MASS_UNITS
        and after[1].text in _UNIT_FORMS
        and not (before is not None and (before.number is not None or (before.text,) in lexicon.DRUG_WORDS))
        and not any(map(_counts_units, after[2:], [*after[3:], None]))
    )
    if spelled or counts_units:
        one, other = whole.text, fraction.text
        raise DoseError(
            f"'{one} {other}': {one} and {other}, or {one} × {other}? Write '{one} and {other}' or '{one} × {other}'",
            ErrorCode.AMBIGUOUS_COUNT,
        )


def _counts_units(raw: Raw, following: Raw | None) -> bool:
    """A count of the units after a strength's label ("4 1/2 mg capsules, one at bedtime", "… 1 qhs"):
    a number, not one of a unit of mass or time ("then 3 mg", "x 7 days")."""
    return raw.number is not None and (following is None or following.text not in _NOT_A_COUNT_AFTER)


_NOT_A_COUNT_AFTER = frozenset(
    {*lexicon.MASS_UNITS, *lexicon.VOLUME_UNITS, *lexicon.TIME_UNITS, *lexicon.DURATION_UNIT_WORDS, "%", "/", "-", "to"}
)


# The dose forms a count counts: tablets, capsules, drops ... (not a route, a release or a kit)
_UNIT_FORMS = frozenset(phrase[0] for phrase, form in lexicon.FORM_WORDS.items() if len(phrase) == 1 and form is None)


def _drop_separator_dashes(raws: list[Raw]) -> list[Raw]:
    """A dash with spaces round it and no number beside it separates phrases ("1.5 mg caps - take 3")."""
    kept: list[Raw] = []
    for position, raw in enumerate(raws):
        after = raws[position + 1] if position + 1 < len(raws) else None
        is_separator = (
            raw.text == "-"
            and raw.spaced_before
            and after is not None
            and after.spaced_before
            and not (after.number is not None and kept and kept[-1].number is not None)  # "2 - 3 days"
            and not (
                after.number is not None and kept and _ends_a_value(kept[-1]) and _unit_follows(raws, position + 2)
            )
            and not (kept and kept[-1].text in lexicon.WEEKDAY_WORDS and after.text in lexicon.WEEKDAY_WORDS)
            and not (after.number is not None and kept and kept[-1].text in _ENDS_A_COUNT)  # "half - 1 mg"
        )
        hyphen_after_a_name = (  # "LDN-4.5mg qhs", "naltrexone-50 mg": a label joined to its dose
            raw.text == "-"
            and not raw.spaced_before
            and after is not None
            and after.number is not None
            and kept
            and (kept[-1].text,) in lexicon.DRUG_WORDS
        )
        if not (is_separator or hyphen_after_a_name):
            kept.append(raw)
    return kept


_ENDS_A_COUNT = frozenset(words[-1] for words in lexicon.COUNT_WORDS)


def _unit_follows(raws: list[Raw], position: int) -> bool:
    """ "1.5 mg - 4.5 mg": the number after a spaced dash has its unit, so the dash is a range."""
    return position < len(raws) and raws[position].text in lexicon.MASS_UNITS


def _ends_a_value(raw: Raw) -> bool:
    """A number or unit: a spaced dash after it may open a range ("1.5 mg - 4.5 mg")."""
    return raw.number is not None or raw.text in lexicon.MASS_UNITS or raw.text in lexicon.VOLUME_UNITS


def _starts_a_value(before: list[Raw]) -> bool:
    """A dash before a number is a minus sign unless a number or unit precedes it (a range)."""
    if not before:
        return True
    last = before[-1]
    return not (last.number is not None or last.text in lexicon.MASS_UNITS or last.text in lexicon.VOLUME_UNITS)


def _match_phrases(raws: list[Raw]) -> list[Item]:
    items: list[Item] = []
    count = len(raws)
    signatures = [_signature(raw) for raw in raws]
    position = 0
    while position < count:
        second = signatures[position + 1] if position + 1 < count else None
        for length in _lengths_for(signatures[position], second):  # longest first
            if position + length > count:
                continue
            window = raws[position : position + length]
            item = _phrase_item(window)
            if item is not None and length == 4 and _span_takes_a_count(item, window, raws, position + length):
                continue  # "day 1 to 2 tablets", "week 2 to 3 mg": the number is the dose's
            if item is not None and window[-1].text in _DISP and _number_at(raws, position + length):
                continue  # "weekly disp 1 tab": "disp 1 tab" is read (and refused), as before "weekly disp" was
            if item is not None:
                _check_dispensing(item, window, raws, position)
                items.append(item)
                position += length
                break
        else:
            items.append(_single_item(raws[position]))
            position += 1
    return items


_DISP = frozenset({"disp", "dis", "dsp"})  # "weekly disp" ends with what may lead a count: "disp 4"


def _number_at(raws: list[Raw], position: int) -> bool:
    """A number at ``position``, and not a number word opening a phrase ("dos box": a dosette box)."""
    if position >= len(raws) or raws[position].number is None:
        return False
    following = raws[position + 1].text if position + 1 < len(raws) else None
    return (raws[position].text, following) not in _PHRASE_LENGTHS


def _span_takes_a_count(item: Item, window: list[Raw], raws: list[Raw], after: int) -> bool:
    """A step span ("days 1-7") whose last number is followed by a unit, a dose form or a
    multiplication: "Day 1 to 2 tablets of 50 mg" is day 1, then 2 tablets, never days 1 to 2."""
    if not (isinstance(item, Word) and item.role == "step") or after >= len(raws):
        return False
    return _is_span(window) and raws[after].text in _COUNTED


# What may follow a number that counts the dose or is the dose, never a span's last day
_COUNTED = frozenset(
    {word for phrase in lexicon.FORM_WORDS for word in phrase}
    | set(lexicon.MASS_UNITS)
    | set(lexicon.VOLUME_UNITS)
    | {"x", "×", "*", "of", "/", "%"}
)


def _signature(raw: Raw) -> tuple[str, bool]:
    """What a word can be in a phrase: its text (or "" when no phrase has it) and whether it is a
    number. The same few signatures recur across millions of texts, so their lengths are kept."""
    return (raw.text if raw.text in _PHRASE_WORDS else "", raw.number is not None)


@cache  # bounded: the vocabulary's words (and "") × number or not, squared
def _lengths_for(first: tuple[str, bool], second: tuple[str, bool] | None) -> tuple[int, ...]:
    firsts = _keys(first)
    lengths: set[int] = set()
    if second is not None:
        for one in firsts:
            for two in _keys(second):
                lengths.update(_PHRASE_LENGTHS.get((one, two), ()))
    if any((one,) in _PHRASES for one in firsts):
        lengths.add(1)
    return tuple(sorted(lengths, reverse=True))


def _keys(signature: tuple[str, bool]) -> tuple[str, ...]:
    text, is_number = signature
    return tuple(key for key in (text, lexicon.NUM if is_number else "") if key)


def _phrase_item(window: list[Raw]) -> Item | None:
    literal = tuple([raw.text for raw in window])
    if _has_number(window):
        # A phrase written with its number word ("one time daily", "one half") first, then any number.
        return _meaning(window, literal, (literal, tuple([raw.key for raw in window])))
    # With no number in it, what a window means is its words' alone: worked out once.
    try:
        return _WORDS_MEANING[literal]
    except KeyError:
        meaning = _meaning(window, literal, (literal,))
        if len(_WORDS_MEANING) < _MAX_WORDS_MEANINGS:
            _WORDS_MEANING[literal] = meaning
        return meaning


# Windows tried start with two words of a phrase; the rest may be any words, so the table is capped.
_MAX_WORDS_MEANINGS = 4096
_WORDS_MEANING: dict[tuple[str, ...], Item | None] = {}


def _meaning(window: list[Raw], literal: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> Item | None:
    for phrase in phrases:
        for place in _PHRASES.get(phrase, ()):
            role, table = _ROLE_TABLES[place]
            value = table[phrase]
            text = " ".join(literal).replace(" , ", ", ")  # "if vivid dreams, take in the morning"
            if role == "frequency":
                return _frequency_item(value, window, text)
            if role == "frequency-range":
                return _frequency_range_item(value, window, text)
            if (role in ("dispensing", "duration") or value == lexicon.COURSE) and not _whole_numbers(window):
                continue
            if role == "duration":  # days per unit × how many (the longer, for "7 to 14 days"; one, for "a week")
                value *= ([raw.number.value for raw in window if raw.number is not None] or [Fraction(1)])[-1]
            if role == "context" and value == lexicon.TIME_WINDOW:
                _check_window(window, text)
            if role == "step" and not _whole_numbers(window):
                continue  # "week 1: 1/2 tab" (the colon reads as a space) is no "week 1½"
            if role == "step" and value is not None and _is_span(window):
                value = _span_days(value, window)
                if value is None:
                    continue  # "day 1 to 1 mg": no span; "day 1", then the dose
            return Word(cast(WordRole, role), text, value)
    return None


def _is_span(window: list[Raw]) -> bool:
    """A step marker with two numbers: "days 1 - 7", "weeks 3 to 4"."""
    return sum(raw.number is not None for raw in window) == 2


def _span_days(unit_days: Fraction, window: list[Raw]) -> Fraction | None:
    """ "days 1-7": 7 days; "weeks 3 to 4": 14. The numbers count days or weeks, so they are whole,
    and the span runs forward; else None: no span ("day 1 to 1 mg" is day 1, then 1 mg)."""
    first, last = (raw.number.value for raw in window if raw.number is not None)
    if not _whole_numbers(window) or not 0 < first < last:
        return None
    return unit_days * (last - first + 1)


def _has_number(window: list[Raw]) -> bool:
    for raw in window:  # noqa: SIM110 (a generator costs more than the loop over a window's few words)
        if raw.number is not None:
            return True
    return False


def _whole_numbers(window: list[Raw]) -> bool:
    """What is dispensed or refilled is counted in whole numbers: "1/4 refills" is no such count."""
    return all(raw.number.is_integer_literal for raw in window if raw.number is not None)


# "refills 3" and "3 refills" are both written, so "2 refills 3" could pair either number with it.
_TWO_SIDED = frozenset(p[1] for p in lexicon.DISPENSING if p[0] == lexicon.NUM) & frozenset(
    p[0] for p in lexicon.DISPENSING if p[-1] == lexicon.NUM
)


def _check_dispensing(item: Item, window: list[Raw], raws: list[Raw], position: int) -> None:
    """ "1 refills 3", "1 refills x 2 tab", "1 x3 refills": a number (or "x" and one) on the other
    side of a word that takes its number on either side may be the word's, or the dose's."""
    if not (isinstance(item, Word) and item.role == "dispensing" and len(window) <= 3):
        return
    verb, count = raws[position - 1] if position > 0 else None, window[-1]
    many = count.number is not None and 1 < count.number.value <= MAX_UNITS_PER_DOSE  # "take #30": dispensed
    if window[0].text == "#" and verb is not None and verb.text in _TAKING_WORDS and many:
        # "take #2 tabs" was 1 tablet, and "#2" what was dispensed; "#" may number what is taken
        raise DoseError(
            f"'{verb.text} #{count.text}': the count taken, or the quantity dispensed? "
            f"Write the count without '#', or 'disp {count.text}' after the dose",
            ErrorCode.AMBIGUOUS_COUNT,
        )
    word = next(raw for raw in window if raw.number is None and raw.text not in _TIMES_SIGNS)
    if word.text not in _TWO_SIDED:
        return
    end = position + len(window)
    before, after = position - 1, end  # where the numbers that may be the word's stand
    others = [before] if window[0] is word else [after]
    if window[0].text in _TIMES_SIGNS:  # "1 x3 refills": "1 x3" may be one unit three times
        others.append(before)
    if after < len(raws) and raws[after].text in _TIMES_SIGNS and window[-1] is word:
        others.append(after + 1)  # "1 refills x 2 tab": x 2 refills, or 2 tablets?
    for at in others:
        other = raws[at] if 0 <= at < len(raws) else None
        # "#30 x 5 RF", "disp 30 RF x 2": a quantity dispensed is never a refill count
        dispensed = at > 0 and raws[at - 1].text in lexicon.DISPENSED_NUMBER_LEADS
        if other is not None and other.number is not None and not dispensed:
            raise DoseError(
                f"'{item.text}' beside '{other.text}': which number goes with '{word.text}'?",
                ErrorCode.AMBIGUOUS_NUMBER,
            )


_TIMES_SIGNS = frozenset({"x", "×"})


_TABLES = _word_tables()


# Every phrase table with its role, in order of precedence; the index below names a table by its place.
_ROLE_TABLES: tuple[tuple[str, dict[tuple[str, ...], Any]], ...] = (
    ("frequency", lexicon.FREQUENCIES),
    ("frequency-range", lexicon.FREQUENCY_RANGES),
    *_TABLES,
)


def _phrase_index() -> dict[tuple[str, ...], tuple[int, ...]]:
    """Every phrase of the vocabulary → the places in ``_ROLE_TABLES`` of the tables that have it,
    in order of precedence: one look-up. Built a table at a time with dict and set operations
    (~7,700 phrases, at every start: 0.5 against 1.35 ms a phrase at a time, plain Python); a phrase in one table
    shares that table's one tuple."""
    index: dict[tuple[str, ...], tuple[int, ...]] = {}
    for place, (_, table) in enumerate(_ROLE_TABLES):
        own = (place,)
        also_before = {phrase: index[phrase] + own for phrase in index.keys() & table.keys()}
        index.update(dict.fromkeys(table, own))
        index.update(also_before)
    return index


_PHRASES = _phrase_index()


def _phrase_lengths() -> dict[tuple[str, str], tuple[int, ...]]:
    """(first word, second word) → the lengths of the phrases they begin (NUM stands for a
    number): one look-up per word tells which windows are worth trying."""
    lengths: dict[tuple[str, str], set[int]] = {}
    for phrase in _PHRASES:
        if len(phrase) > 1:
            lengths.setdefault((phrase[0], phrase[1]), set()).add(len(phrase))
    return {pair: tuple(found) for pair, found in lengths.items()}


_PHRASE_LENGTHS = _phrase_lengths()
_PHRASE_WORDS = frozenset(chain.from_iterable(_PHRASES))


def means(item: object, *meanings: str) -> bool:
    """Whether ``item`` is a connective with one of these meanings ("then", "to", "increase" …)."""
    return isinstance(item, Word) and item.role == "connective" and item.value in meanings


def adds_or_offers(item: object) -> bool:
    """ "and", "plus", "or": what adds a dose to another, or offers one in its place."""
    return isinstance(item, Word) and item.text in ("and", "plus", "or")


def is_a_joiner(item: object) -> bool:
    """ "and", "plus": what adds one thing to another (a second dose, a second amount)."""
    return isinstance(item, Word) and item.text in ("and", "plus")


def is_a_condition(item: object) -> bool:
    """ "if vivid dreams", "as tolerated", "may take in the morning", "prn": the dose beside it may
    be taken instead of another, or not at all."""
    return means(item, "prn") or (
        isinstance(item, Word)
        and item.role == "context"
        and (item.text.startswith((*lexicon.CONDITIONS, "may ", "can ")) or item.text in lexicon.MORNING_INSTEAD_TEXTS)
    )


def _frequency_item(frequency: lexicon.Frequency, window: list[Raw], text: str) -> FrequencyWord:
    warnings: tuple[str, ...] = (frequency.warning,) if frequency.warning else ()
    if frequency.number_is is None:
        if frequency.time_of_day and any(raw.number is not None for raw in window):
            _check_clock(window, text)
        return FrequencyWord(
            frequency.times,
            frequency.period_hours,
            text,
            frequency.time_of_day,
            warnings,
            frequency.calendar_month,
            frequency.slot,
        )
    number = next(raw.number for raw in window if raw.number is not None)
    if number.value <= 0 or number.negative:
        raise DoseError(f"'{text}' is not a frequency: the number must be above zero", ErrorCode.BAD_FREQUENCY)
    warnings += number.warnings
    if frequency.number_is == "count":
        if number.value.denominator != 1:  # "1 1/2 times daily"
            raise DoseError(f"'{text}': a number of times is a whole number", ErrorCode.BAD_FREQUENCY)
        if frequency.period_hours == 7 * 24 and number.value > 7 and not _DAYS_OF_A_WEEK.isdisjoint(text.split()):
            raise DoseError(f"'{text}': a week has seven days", ErrorCode.IMPLAUSIBLE)  # "8 nights a week"
        return FrequencyWord(number.value, frequency.period_hours, text, warnings=warnings)
    return FrequencyWord(Fraction(1), number.value * _HOURS_PER[frequency.number_is], text, warnings=warnings)


_HOURS_PER = {"hours": Fraction(1), "days": Fraction(24), "weeks": Fraction(24 * 7)}


_DAYS_OF_A_WEEK = frozenset({"d", "day", "days", "night", "nights"})


def _check_clock(window: list[Raw], text: str) -> None:
    """ "at 9 pm", "at 21:00", "at 7.30 pm", "at 5 in the evening": an hour of a 12-hour clock
    beside am, pm or a time of day, else of a 24-hour one, and minutes from 00 to 59."""
    numbers = [raw for raw in window if raw.number is not None]
    assert numbers[0].number is not None
    hour, minutes = numbers[0].number.value, [raw.text for raw in numbers[1:]]
    if hour.denominator != 1:  # "7.30 pm": the minutes after a stop; "½ pm" is no time
        whole, _, after = numbers[0].text.replace(",", ".").partition(".")
        hour, minutes = Fraction(int(whole) if whole.isdigit() else -1), [after, *minutes]
    twelve_hour = any(raw.text in ("am", "pm", "in") for raw in window)
    hour_ok = 1 <= hour <= 12 if twelve_hour else 0 <= hour <= 23
    minutes_ok = len(minutes) <= 1 and all(len(m) == 2 and m.isdigit() and int(m) <= 59 for m in minutes)
    if not (hour_ok and minutes_ok):
        raise DoseError(f"'{text}' is not a time of day", ErrorCode.BAD_FREQUENCY)


def _check_window(window: list[Raw], text: str) -> None:
    """ "between 9 pm and 3 am": each end a time of day, as "at 9 pm" must be, and two times."""
    joint = next(position for position, raw in enumerate(window) if raw.text == "and")
    ends = (window[1:joint], window[joint + 1 :])
    for end in ends:
        _check_clock(end, text)
    if len({_minute_of_the_day(end) for end in ends}) == 1:  # "between 9 pm and 21:00": when, then?
        raise DoseError(f"'{text}': the window starts and ends at one time", ErrorCode.BAD_FREQUENCY)


def _minute_of_the_day(clock: list[Raw]) -> Fraction:
    """A clock _check_clock passed, as minutes from midnight ("12 am" is 0, "9:30 pm" 1290)."""
    numbers = [raw.number.value for raw in clock if raw.number is not None]
    hour, minutes = numbers[0], sum(numbers[1:], Fraction(0))
    if hour.denominator != 1:  # "7.30 pm"
        whole, _, after = clock[0].text.replace(",", ".").partition(".")
        hour, minutes = Fraction(int(whole)), Fraction(int(after))
    half = clock[-1].text
    if half in ("am", "pm"):
        hour = hour % 12 + (12 if half == "pm" else 0)
    return hour * 60 + minutes


def _check_window_fits(items: list[Item]) -> None:
    """A window is read beside one dose a day and nothing else that says when. With more than one
    dose a day ("q4h between 8 am and 8 pm", "qd-bid", "as needed, max 3 a day") how many doses fit
    in it is not the day's count; beside another time, joined to it ("qam and between 9 pm and 3
    am", "between 9 pm and 3 am and 8 am") or not ("at 9 pm and 1 am between …"), it may be one
    of the times and is no note; two windows may be two doses; and a number after it may be a
    minute it took ("between 8 pm and 10 10 caps")."""
    windows = [p for p, i in enumerate(items) if isinstance(i, Word) and i.value == lexicon.TIME_WINDOW]
    if not windows:
        return
    window = cast(Word, items[windows[0]])
    frequencies = [item for item in items if isinstance(item, FrequencyWord)]
    for item in frequencies:
        if any(end.times * 24 > end.period_hours for end in (item, item.high) if end is not None):
            raise _window_error(window, f"'{item.text}': how many doses fit in the window? Write the times")
    if len(frequencies) > 1:
        raise _window_error(window, f"'{frequencies[0].text}' and '{frequencies[1].text}': which is it the window of?")
    if len(windows) > 1 or any(means(item, "prn", "maximum") for item in items):
        raise _window_error(window, "more than one window, or a dose as needed: how many doses fit?")
    for position in windows:
        before, after = _before_beyond_commas(items, position), _next_beyond_commas(items, position)
        joined = adds_or_offers(before) or adds_or_offers(after)
        counted = isinstance(after, (Number, UnitWord)) or (isinstance(after, Word) and after.role == "form")
        if joined or counted or isinstance(after, FrequencyWord):
            raise _window_error(window, "another time or amount joined to it: one dose, or more?")
    for frequency in frequencies:  # "at 8 am, between 9 pm and 3 am": two times
        hours = lexicon.SLOT_HOURS.get(frequency.slot or "")
        if frequency.slot == "clock" or (hours is not None and not _overlaps(window.text, hours)):
            raise _window_error(window, f"'{frequency.text}' is another time: which is it?")


def _overlaps(window: str, hours: tuple[int, int]) -> bool:
    """Whether a window ("between 9 pm and 3 am") and a part of the day's hours (19 to 28: 7 pm to
    4 am) share a time. Hours past 24 are the next day's."""
    raws = [Raw("number", t, read_decimal(t)) if t[0].isdigit() else Raw("word", t) for t in window.split()[1:]]
    joint = next(i for i, raw in enumerate(raws) if raw.text == "and")
    start, end = (_minute_of_the_day(part) for part in (raws[:joint], raws[joint + 1 :]))
    end += 24 * 60 if end <= start else 0
    low, high = hours[0] * 60, hours[1] * 60
    return any(start < high + shift and low + shift < end for shift in (-24 * 60, 0, 24 * 60))


def _window_error(window: Word, why: str) -> DoseError:
    return DoseError(f"'{window.text}' as when the dose is taken: {why}", ErrorCode.AMBIGUOUS_FREQUENCY)


def _frequency_range_item(spec: lexicon.FrequencyRange, window: list[Raw], text: str) -> FrequencyWord:
    if spec.low is not None and spec.high is not None:
        low, high = (_frequency_item(end, window, text) for end in (spec.low, spec.high))
        return low._replace(high=high)
    first, second = [raw.number for raw in window if raw.number is not None]
    if first.value <= 0 or first.negative or first.value >= second.value:
        raise DoseError(f"'{text}' must go from low to high, above zero", ErrorCode.RANGE_BACKWARDS)
    ends = []
    for number in (first, second):
        single = lexicon.Frequency(Fraction(1), spec.period_hours, number_is=spec.number_is)
        ends.append(_frequency_item(single, [Raw("number", number.text, number)], text))
    # "q6-8h": every 8 hours is the fewer doses; "2-3 times daily": 2 is.
    low, high = (ends[1], ends[0]) if spec.number_is != "count" else (ends[0], ends[1])
    return low._replace(high=high)


def _single_item(raw: Raw) -> Item:
    if raw.kind == "times a day":
        assert raw.number is not None
        times = str(raw.number.value)
        count = raw.text[: -len(times) - 1]
        warnings: tuple[str, ...] = ()
        if count.isdigit() and count != times:  # "3x1" could be three times a day, one each time
            warnings = (
                f"'{raw.text}' read as {count} each time, {_times_a_day(times)}; read the other way round "
                f"({times} each time, {_times_a_day(count)}) the amount per dose would differ, "
                "the day's total would not",
            )
        return FrequencyWord(raw.number.value, Fraction(24), raw.text, warnings=warnings)
    if raw.number is not None:
        return raw.number
    if raw.kind in ("symbol", "separator"):
        return Symbol(raw.text)
    if raw.kind == "indication":
        return Word("context", raw.text, "what it is for")
    if raw.kind == "advice":
        return Word("context", raw.text, "advice")
    unit = _UNIT_WORDS.get(raw.text)
    if unit is None:
        raise _unknown_word(raw.text)
    return unit


def _unit_words() -> dict[str, UnitWord]:
    """Each unit's word → its item (frozen, so one is shared by every text); a word in two
    tables is the first table's."""
    found: dict[str, UnitWord] = {}
    for kind, table in (
        ("mass", lexicon.MASS_UNITS),
        ("volume", lexicon.VOLUME_UNITS),
        ("time", lexicon.TIME_UNITS),
        ("other", lexicon.OTHER_UNITS),
    ):
        for text, unit in table.items():
            found.setdefault(text, UnitWord(unit, kind, text))  # type: ignore[arg-type]
    return found


_UNIT_WORDS = _unit_words()


def _unknown_word(text: str) -> DoseError:
    if text in lexicon.OTHER_DRUGS:
        name = lexicon.OTHER_DRUGS[text] or text
        brand = "" if name == text else f" ({name})"
        return DoseError(
            f"'{text}'{brand} is not naltrexone: ldnclass classifies naltrexone doses only"
            + (" (naloxone and naltrexone are easily confused)" if name == "naloxone" else ""),
            ErrorCode.OTHER_DRUG,
        )
    if text in lexicon.NOT_FINITE:
        return DoseError(f"'{text}': {lexicon.DANGEROUS_WORDS[text]}", ErrorCode.NOT_FINITE)
    if text in lexicon.DANGEROUS_WORDS:
        return DoseError(f"unknown unit '{text}': {lexicon.DANGEROUS_WORDS[text]}", ErrorCode.UNKNOWN_WORD)
    if text in _known_words():
        return DoseError(f"'{text}' is a known word, but not in this place", ErrorCode.UNKNOWN_WORD)
    suggestion = suggest(text)
    hint = f": did you mean {suggestion}?" if suggestion else ""
    return DoseError(f"unknown word '{text}'{hint}", ErrorCode.UNKNOWN_WORD)


def suggest(word: str) -> str | None:
    import difflib  # only when a word is unknown

    matches = difflib.get_close_matches(word, _known_words(), n=1, cutoff=0.75)
    return matches[0] if matches else None


@lru_cache(maxsize=1)
def _dose_words() -> frozenset[str]:
    """Words that can say how much or how often: never swallowed into what a dose is for."""
    tables: list[Any] = [
        lexicon.FREQUENCIES,
        lexicon.FREQUENCY_RANGES,
        lexicon.COUNT_WORDS,
        lexicon.FORM_WORDS,
        lexicon.CONNECTIVES,
        lexicon.DURATIONS,
        lexicon.DISPENSING,
        lexicon.STEP_MARKERS,
        lexicon.WEEKDAY_GROUPS,
    ]
    words = {word for table in tables for phrase in table for word in phrase}
    words |= (
        set(lexicon.NUMBER_WORDS) | set(lexicon.WEEKDAY_WORDS) | set(lexicon.MASS_UNITS) | set(lexicon.VOLUME_UNITS)
    )
    words |= set(lexicon.TIME_UNITS)
    return frozenset(words - {"for", "of", "a", "an", "the", "and", "to", "by", "in", "on"})


@lru_cache(maxsize=1)
@cache
def _indication_words() -> frozenset[str]:
    """Every word naming what the vocabulary knows a dose is for ("chronic", "fatigue", "syndrome"),
    bar those that say something else on their own ("for", "use", "long", "high", "thin" …)."""
    named = {word for phrase, kind in lexicon.CONTEXT_WORDS.items() if kind == "indication" for word in phrase}
    return frozenset(named - _SAID_OF_MORE_THAN_WHAT_FOR)


_SAID_OF_MORE_THAN_WHAT_FOR = frozenset({"for", "/", "use", "long", "thin", "better", "poor", "high", "me", "loss"})


def _known_words_set() -> frozenset[str]:
    return frozenset(_known_words())


@lru_cache(maxsize=1)
def _known_words() -> list[str]:
    return sorted(lexicon.all_known_words() | set(lexicon.OTHER_DRUGS))
