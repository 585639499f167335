"""The words ldnclass knows, and what each means. Language, not clinical rules:
the clinical numbers live in data/regimens.yaml.

Every key is lower case with dots removed ("q.h.s." is looked up as "qhs").
A phrase is a tuple of words; ``NUM`` stands for any number in that place.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

NUM = "<number>"


class Unit(NamedTuple):  # a NamedTuple, as the reader's tokens: defined in ~0.07 ms, a frozen dataclass ~0.5
    name: str  # the pint name in units.txt
    warning: str | None = None


class Frequency(NamedTuple):  # a NamedTuple, as Unit: its field is `times`, as `count` would hide tuple.count
    """``times`` doses every ``period_hours`` hours. When the phrase has a number, ``number_is``
    says which it gives (``every NUM hours``: the hours; ``NUM times a day``: the times)."""

    times: Fraction
    period_hours: Fraction
    number_is: str | None = None  # "count", "hours", "days" or "weeks": what NUM means
    warning: str | None = None
    time_of_day: bool = False  # "at bedtime": says when, implies once a day
    calendar_month: bool = False  # "monthly": fine for an injection, too vague to average orally
    slot: str | None = None  # for a time of day: "morning", "noon", "afternoon", "evening", "night" or "clock"


MICRO_WARNING = "µg is error-prone (misread as mg): write mcg"
HOUSEHOLD_WARNING = "household spoons vary (a teaspoon is taken as 5 mL): measure with an oral syringe"

MASS_UNITS: dict[str, Unit] = {
    **dict.fromkeys(["g", "gm", "gram", "grams", "gramme", "grammes"], Unit("gram")),
    **dict.fromkeys(["mg", "mgs", "milligram", "milligrams", "milligramme", "milligrammes"], Unit("milligram")),
    **dict.fromkeys(["mcg", "mcgs", "ug", "microgram", "micrograms"], Unit("microgram")),
    "μg": Unit("microgram", MICRO_WARNING),  # casefold turns the micro sign into Greek mu
    **dict.fromkeys(["ng", "nanogram", "nanograms"], Unit("nanogram")),
    **dict.fromkeys(["kg", "kilogram", "kilograms"], Unit("kilogram")),
}
VOLUME_UNITS: dict[str, Unit] = {
    **dict.fromkeys(["ml", "milliliter", "milliliters", "millilitre", "millilitres", "cc"], Unit("milliliter")),
    **dict.fromkeys(["l", "liter", "liters", "litre", "litres"], Unit("liter")),
    "mls": Unit("milliliter"),
    **dict.fromkeys(
        ["teaspoon", "teaspoons", "tsp", "teaspoonful", "teaspoonfuls"], Unit("teaspoon", HOUSEHOLD_WARNING)
    ),
    **dict.fromkeys(
        ["tablespoon", "tablespoons", "tbsp", "tablespoonful", "tablespoonfuls"], Unit("tablespoon", HOUSEHOLD_WARNING)
    ),
}
# "one 5 ml spoonful", "2 x 5ml spoonfuls" (the BNF's 5-mL spoon): after a volume in mL, the spoon
# that measures it, which says how many of that volume. A spoon with no volume is a household spoon.
MEASURED_SPOONS = frozenset(
    {"spoonful", "spoonfuls", "spoonsful", "spoon", "spoons", "teaspoonful", "teaspoonfuls", "teaspoonsful"}
    | {"teaspoon", "teaspoons", "measure", "measures", "measureful", "measurefuls"}
)
OTHER_UNITS: dict[str, Unit] = {
    **dict.fromkeys(["mmol", "millimole", "millimoles"], Unit("millimole")),
    **dict.fromkeys(["mol", "mole", "moles"], Unit("mole")),
    **dict.fromkeys(["umol", "μmol", "micromole", "micromoles"], Unit("micromole")),
    **dict.fromkeys(["iu", "unit", "units"], Unit("international_unit")),
}
TIME_UNITS: dict[str, Unit] = {
    **dict.fromkeys(["h", "hr", "hrs", "hour", "hours"], Unit("hour")),
    **dict.fromkeys(["d", "day", "days"], Unit("day")),
    **dict.fromkeys(["w", "wk", "wks", "week", "weeks"], Unit("week")),
}

# Words that look like a unit but would be a guess: each gets its own message.
DANGEROUS_WORDS: dict[str, str] = {
    "gr": "'gr' is grains (about 65 mg) in old prescriptions, or a typo for g: write mg, mcg or g",
    "grain": "grains are not used for naltrexone: write mg, mcg or g",
    "grains": "grains are not used for naltrexone: write mg, mcg or g",
    "mgs": "write 'mg'",
    "inf": "a dose must be a finite number",
    "infinity": "a dose must be a finite number",
    "nan": "a dose must be a finite number",
}
NOT_FINITE = {"inf", "infinity", "nan"}

_DAY = Fraction(24)
_ONCE_DAILY = Frequency(Fraction(1), _DAY)
_AT_NIGHT = Frequency(Fraction(1), _DAY, time_of_day=True)
_BID = Frequency(Fraction(2), _DAY)
_TID = Frequency(Fraction(3), _DAY)
_QID = Frequency(Fraction(4), _DAY)
_QOD = Frequency(Fraction(1), 2 * _DAY)
_WEEKLY = Frequency(Fraction(1), 7 * _DAY)
_ERROR_PRONE = "{} is an error-prone abbreviation (ISMP): write it out"

_INTERVAL_UNITS = {
    "hours": ("h", "hr", "hrs", "hour", "hours"),
    "days": ("d", "day", "days"),
    "weeks": ("w", "wk", "wks", "week", "weeks"),
}
_DAILY_WORDS = [("daily",), ("a", "day"), ("per", "day"), ("/", "day"), ("/", "d")]
# After how many times: "twice every day", "2 times everyday" (parserx's fixtures write "everyday")
_EVERY_DAY_WORDS = [*_DAILY_WORDS, ("every", "day"), ("each", "day"), ("everyday",)]
_WEEKLY_WORDS = [("weekly",), ("a", "week"), ("per", "week"), ("a", "wk"), ("per", "wk"), ("/", "week"), ("/", "wk")]
# "350 mg/week", "4.5 mg per day": an amount over a period, a total, never a schedule of its own
PER_PERIOD = frozenset(" ".join(words) for words in _DAILY_WORDS + _WEEKLY_WORDS if len(words) == 2)
# Of those, the ones only a total is written with ("4.5 mg per day", "350 mg/week"; "a day" is also
# how often one dose is taken): with no other frequency, one dose in the period is an assumption
TOTAL_PER_PERIOD = frozenset(phrase for phrase in PER_PERIOD if phrase.split()[0] in ("per", "/"))
# With "total" beside it, "daily" and "weekly" too say a total: "(total 4.5 mg daily)", "(4.5 mg
# total daily)", "(total daily dose 4.5 mg)", where "(4.5 mg daily)" may be a schedule of its own.
TOTAL_PERIODS = frozenset(" ".join(words) for words in _DAILY_WORDS + _WEEKLY_WORDS)


def _phrases(prefixes: list[tuple[str, ...]], suffixes: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return [p + s for p in prefixes for s in suffixes]


def _meals(time: str) -> list[tuple[str, ...]]:
    """ "with the evening meal", "with morning and evening meals": one meal, at that time of day."""
    return [(time, "meal"), (time, "meals")]


# "4.5 mg at bedtime with food": beside one time of day, how that dose is taken (dose.py); alone,
# a meal time like the others in CONTEXT_WORDS
WITH_FOOD = ("with", "food")

# "4.5 mg/night", "1 cap/night": a time of day written as a rate, as "mg/day" is; never a second
# time beside another ("morning/night": dose.py)
PER_NIGHT = ("/", "night")

# Times of day: each says when, and so once a day. Written bare ("nightly", "qhs"), after q, at,
# every, each or once ("q hs", "at hs", "once at bedtime"), or as "in the morning".
_SLOT_WORDS: dict[str, list[tuple[str, ...]]] = {
    "morning": [
        *[
            ("morning",),
            ("am",),
            ("mane",),
            ("om",),
            ("breakfast",),
            ("brkfst",),
            ("early", "morning"),
            *_meals("morning"),
        ],
        ("breakfast", "time"),
        *[(on, rising) for on in ("on", "upon") for rising in ("waking", "rising", "awakening")],
        # "upon waking up", "on getting up", "first thing in the morning" (UK labels, LDN handouts)
        *[(on, *up) for on in ("on", "upon", "when") for up in [("waking", "up"), ("getting", "up")]],
        *[("first", "thing", *morning) for morning in [(), ("in", "the", "morning"), ("in", "morning")]],
    ],
    "noon": [("noon",), ("midday",), ("lunch",), ("lunchtime",), *_meals("midday")],
    "afternoon": [("afternoon",), ("mid", "afternoon"), ("midafternoon",)],
    "evening": [
        *[("evening",), ("pm",), ("supper",), ("dinner",), ("dinnertime",), ("early", "evening"), *_meals("evening")],
        *[("suppertime",), ("supper", "time"), ("teatime",), ("tea", "time")],
    ],
    "night": [
        ("bedtime",),
        ("bed", "time"),
        ("bed",),
        ("hs",),
        ("night",),
        ("nite",),  # "every nite", "at nite": the US spelling sigs use
        ("night", "time"),
        ("nighttime",),
        ("nocte",),
        ("sleep",),
        ("sleeping",),  # "before sleeping"
        ("midnight",),
        ("noc",),  # "q noc", "at noc": nocte's short form in US nursing orders
        PER_NIGHT,
        # "before going to bed", "when going to sleep", "before retiring" (UK and US labels)
        *[(going, "to", rest) for going in ("going", "getting") for rest in ("bed", "sleep")],
        ("retiring",),
    ],
}
# The hours of each part of the day (from, to; past 24 is after midnight): a clock time beside a
# time of day that it falls in says the same time twice ("nightly at 9 pm", "in the morning (8 am)").
SLOT_HOURS = {"morning": (4, 12), "noon": (11, 14), "afternoon": (12, 18), "evening": (16, 23), "night": (19, 28)}
# The parts of the day in their order: "1 tab qam then 1 tab qhs" is one day's doses, in order
DAY_ORDER = {"morning": 0, "noon": 1, "afternoon": 2, "evening": 3, "night": 4}
# What names a time of day inside a note of when to take it ("1 hour before breakfast", "2 hours before bed")
TIMES_OF_DAY_IN_NOTES = frozenset({"breakfast", "lunch", "dinner", "supper", "bed", "bedtime", "sleep", "waking"})
_SLOT_PREFIXES = [
    (),
    ("q",),
    ("at",),
    ("every",),
    ("each",),
    ("in", "the"),
    ("before",),
    ("with",),
    ("with", "the"),
    ("after",),
    # "just before bed", "right before bedtime", "when going to bed": the same time of day
    ("just", "before"),
    ("right", "before"),
    ("shortly", "before"),
    ("when",),
]
# ("om", omni mane, is not read: beside it "on", omni nocte, is a filler word, and "om on" lost a dose.)
_SLOT_SINGLE = {
    "qam": "morning",
    "qpm": "evening",
    "qhs": "night",
    "nightly": "night",
    "nitely": "night",
    "everynight": "night",
    "qnight": "night",
    "qnoc": "night",
    "qnite": "night",
}
_MORNINGS = [("morning",), ("am",), ("qam",), ("in", "the", "morning"), ("every", "morning")]
_NIGHTS = [
    ("night",),
    ("bedtime",),
    ("evening",),
    ("pm",),
    ("qhs",),
    ("qpm",),
    ("hs",),
    ("at", "bedtime"),
    ("at", "night"),
    ("in", "the", "evening"),
    ("nightly",),
]


# "once daily, preferably at bedtime": a preferred time, a note (forms.py refuses two of them)
PREFERRING = ("preferably", "ideally")
# A time said by what happens then, "before lunch", "when going to bed", "on waking", "first thing":
# beside another time of day with no "and", one dose between the two, or two doses (dose.py).
RELATIVE_TIME_LEADS = ("before ", "after ", "with ", "just before ", "right before ", "shortly before ", "when ")
EVENT_TIME_WORDS = frozenset({"waking", "rising", "awakening", "getting", "going", "retiring", "thing"})
ABOUT_WORDS = ("about", "around", "approximately", "approx", "roughly")  # "around 9 pm"
# "between 9 pm and 3 am", LDN's window for the bedtime dose: when it is taken, never how often.
# grammar.py checks each clock, and refuses the window beside more than one dose a day (how many fit?).
TIME_WINDOW = "when it is taken"
_WINDOW_CLOCKS = [(NUM, "am"), (NUM, "pm"), (NUM, NUM, "am"), (NUM, NUM, "pm"), (NUM, NUM)]
TIME_WINDOWS = [("between", *start, "and", *end) for start in _WINDOW_CLOCKS for end in _WINDOW_CLOCKS]


def _times_of_day() -> dict[tuple[str, ...], Frequency]:
    phrases: dict[tuple[str, ...], Frequency] = {}
    for slot, words in _SLOT_WORDS.items():
        timed = Frequency(Fraction(1), _DAY, time_of_day=True, slot=slot)
        for word in words:
            for prefix in _SLOT_PREFIXES:
                phrases.update(dict.fromkeys([prefix + word, ("once", *prefix, *word)], timed))
    for single, slot in _SLOT_SINGLE.items():
        timed = Frequency(Fraction(1), _DAY, time_of_day=True, slot=slot)
        phrases.update(dict.fromkeys([(single,), ("once", single)], timed))
    clock = Frequency(Fraction(1), _DAY, time_of_day=True, slot="clock")
    # "around 9 pm", "at approximately 21:00": a time said roughly is still one time a day
    about = [(word,) for word in ABOUT_WORDS]
    for lead in [(), ("at",), *about, *[("at", *word) for word in about]]:
        for half in ("am", "pm"):
            # "9 pm", "at 9:30 pm" (the colon reads as a space)
            phrases.update(dict.fromkeys([(*lead, NUM, half), (*lead, NUM, NUM, half)], clock))
    for lead in [("at",), *[("at", *word) for word in about]]:
        phrases.update({(*lead, NUM, NUM): clock})  # "at 21:00"
    # "at 5 in the evening", "at 7:30 in the morning": the hour said with its time of day
    for tail, slot in [(("in", "the", "morning"), "morning"), (("in", "the", "evening"), "evening")]:
        timed = Frequency(Fraction(1), _DAY, time_of_day=True, slot=slot)
        phrases.update(dict.fromkeys([("at", NUM, *tail), ("at", NUM, NUM, *tail)], timed))
    return phrases


FREQUENCIES: dict[tuple[str, ...], Frequency] = {
    ("qd",): Frequency(Fraction(1), _DAY, warning=_ERROR_PRONE.format("QD")),
    # "25 mg once": a single dose, which is that day's dose.
    **dict.fromkeys(
        [("once",), ("once", "only"), ("one", "time"), ("one", "time", "only"), ("as", "a", "single", "dose")],
        Frequency(Fraction(1), _DAY, warning="a single dose: classified as that day's dose"),
    ),
    **dict.fromkeys(
        [
            ("od",),
            ("every", "day"),
            ("each", "day"),
            ("qday",),
            ("q", "day"),
            ("everyday",),  # "take 1 tablet by mouth everyday" (parserx's fixtures)
            ("once", "every", "day"),
            *_DAILY_WORDS,
            *_phrases([("once",), ("one", "time")], _DAILY_WORDS),
        ],
        _ONCE_DAILY,
    ),
    **_times_of_day(),
    **dict.fromkeys([(*m, "and", *n) for m in _MORNINGS for n in _NIGHTS], _BID),  # "morning and night"
    # "take one twice day" (Public Health Scotland's legacy parser tests), as "three times day"
    **dict.fromkeys(
        [("bid",), ("bd",), ("b", "/", "d"), ("twice", "day"), *_phrases([("twice",)], _EVERY_DAY_WORDS)], _BID
    ),
    **dict.fromkeys([("q", "week"), ("q", "wk"), ("once", "q", "week"), ("qw",), ("qwk",)], _WEEKLY),
    # ISMP: "BIW" and "TIW" have been read as twice and three times a day; read as written, with
    # that warning, as QOD and QD are
    ("biw",): Frequency(Fraction(2), 7 * _DAY, warning=_ERROR_PRONE.format("BIW")),
    ("tiw",): Frequency(Fraction(3), 7 * _DAY, warning=_ERROR_PRONE.format("TIW")),
    **dict.fromkeys([("tid",), ("tds",), *_phrases([("three", "times"), ("thrice",)], _EVERY_DAY_WORDS)], _TID),
    # "one tablet three times day" (Public Health Scotland's legacy parser tests): "a" left out
    **{(NUM, times, "day"): Frequency(Fraction(0), _DAY, number_is="count") for times in ("times", "x")},
    # "on the same day each week"
    **dict.fromkeys(
        [("on", "the", "same", "day", each, "week") for each in ("each", "every")], Frequency(Fraction(1), 7 * _DAY)
    ),
    **dict.fromkeys([("qid",), ("qds",), *_phrases([("four", "times")], _EVERY_DAY_WORDS)], _QID),
    ("qod",): Frequency(Fraction(1), 2 * _DAY, warning=_ERROR_PRONE.format("QOD")),
    ("eod",): Frequency(Fraction(1), 2 * _DAY),  # "every other day", as UK and Australian sigs write it
    # q.n., nightly: ISMP lists it as mistaken for "qh" (every hour); read as written, with that warning
    ("qn",): Frequency(Fraction(1), _DAY, time_of_day=True, slot="night", warning=_ERROR_PRONE.format("QN")),
    **dict.fromkeys(
        [
            ("every", "other", "day"),
            ("every", "second", "day"),
            ("every", "2nd", "day"),
            ("alternate", "days"),
            ("alt", "days"),
            ("alt", "nights"),
            ("on", "alternate", "days"),
            # "every other nite": the US spelling, as "every nite"
            *[
                (*every, night)
                for every in [("every", "other"), ("every", "second"), ("every", "2nd")]
                for night in ("night", "nite")
            ],
            *[(*every, nights) for every in [("alternate",), ("on", "alternate")] for nights in ("nights", "nites")],
            # "take one alternate mornings" (Public Health Scotland's legacy parser tests)
            *[
                (*every, part)
                for every in [("alternate",), ("alt",), ("on", "alternate")]
                for part in ("mornings", "evenings")
            ],
            *[("every", "other", part) for part in ("morning", "evening")],
        ],
        _QOD,
    ),
    **dict.fromkeys(
        [
            ("every", "week"),
            ("each", "week"),
            ("once", "every", "week"),
            ("once", "each", "week"),
            ("once", "weekly"),
            *_WEEKLY_WORDS,
            *_phrases([("once",)], _WEEKLY_WORDS),
        ],
        _WEEKLY,
    ),
    **dict.fromkeys(
        [
            ("monthly",),
            ("once", "monthly"),
            ("once", "a", "month"),
            ("every", "month"),
            ("q", "month"),
            ("per", "month"),
            ("a", "month"),
        ],
        Frequency(Fraction(1), 30 * _DAY, calendar_month=True),
    ),
    **dict.fromkeys(
        [("fortnightly",), ("every", "fortnight"), ("once", "a", "fortnight")], Frequency(Fraction(1), 14 * _DAY)
    ),
    **dict.fromkeys(
        [("every", "other", "week"), ("every", "second", "week"), ("alternate", "weeks")],
        Frequency(Fraction(1), 14 * _DAY),
    ),
    # "every third day", "every 3rd night": one dose in so many days, at whatever time of day
    **{
        ("every", word, part): Frequency(Fraction(1), days * _DAY)
        for days, words in [(3, ("third", "3rd")), (4, ("fourth", "4th")), (5, ("fifth", "5th")), (6, ("sixth", "6th"))]
        for word in words
        for part in ("day", "night", "nite")
    },
    **dict.fromkeys([("every", "hr"), ("every", "hour"), ("hourly",)], Frequency(Fraction(1), Fraction(1))),
    **{(NUM, "/", day): Frequency(Fraction(0), _DAY, number_is="count") for day in ("day", "d")},  # "3/day"
    **{(NUM, "/", week): Frequency(Fraction(0), 7 * _DAY, number_is="count") for week in ("week", "wk")},
    ("twice", "weekly"): Frequency(Fraction(2), 7 * _DAY),
    ("twice", "a", "week"): Frequency(Fraction(2), 7 * _DAY),
    # Phrases with a number in them.
    **{
        ("every", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="hours")
        for word in ("h", "hr", "hrs", "hour", "hours")
    },
    **{("every", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="days") for word in ("d", "day", "days")},
    # "every 2nd day", "every 3rd day" (the lexer cuts "2nd" into 2 and "nd"; "every second day" is above)
    **{
        ("every", NUM, ordinal, day): Frequency(Fraction(1), Fraction(0), number_is="days")
        for ordinal in ("st", "nd", "rd", "th")
        for day in ("day", "night", "nite")
    },
    **{
        ("every", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="weeks")
        for word in ("w", "wk", "wks", "week", "weeks")
    },
    **{
        (*once, "every", NUM, word): Frequency(Fraction(1), Fraction(0), number_is=unit)
        for once in [("once",)]
        for unit, words in _INTERVAL_UNITS.items()
        for word in words
    },
    **{
        ("q", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="hours")
        for word in ("h", "hr", "hrs", "hour", "hours")
    },
    # "q8", "q24": hours, as US sigs mean them; "q2" or "q3" could as well be days, so they are refused
    **{("q", str(hours)): Frequency(Fraction(1), Fraction(hours)) for hours in (4, 6, 8, 12, 24, 48, 72)},
    **{("q", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="days") for word in ("day", "days")},
    # "max 3 in 24 hours", "max 8 per 24 hours", "max 8 / 24 hours" (UK sigs' maxima)
    **{
        (lead, NUM, word): Frequency(Fraction(1), Fraction(0), number_is="hours")
        for lead in ("in", "per", "/")
        for word in ("hours", "hrs", "hr", "h")
    },
    **{(NUM, word): Frequency(Fraction(1), Fraction(0), number_is="hours") for word in ("hrly", "hourly")},
    # "3 mg twice daily, 12 hours apart" (LDN guides' split dose): one dose every 12 hours. Only 12:
    # "8 hours apart" may be two doses a day 8 hours apart, or three
    **{("12", word, "apart"): Frequency(Fraction(1), Fraction(12)) for word in ("h", "hr", "hrs", "hour", "hours")},
    **{("q", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="days") for word in ("d",)},
    **{
        ("q", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="weeks")
        for word in ("w", "wk", "wks", "week", "weeks")
    },
    **{
        (NUM, times, *daily): Frequency(Fraction(0), _DAY, number_is="count")
        for times in ("times", "time", "x")
        for daily in _EVERY_DAY_WORDS
    },
    **{
        (NUM, times, *weekly): Frequency(Fraction(0), 7 * _DAY, number_is="count")
        for times in ("times", "time", "x", "days", "nights", "d")
        for weekly in [*_WEEKLY_WORDS, ("every", "week"), ("each", "week")]
    },
    # "x 5 days a week", "for 3 days/week": how many days of each week, not how long
    **{
        (lead, NUM, days, *weekly): Frequency(Fraction(0), 7 * _DAY, number_is="count")
        for lead in ("x", "×", "for")
        for days in ("days", "nights", "day", "d")
        for weekly in [*_WEEKLY_WORDS, ("every", "week"), ("each", "week")]
    },
}


class FrequencyRange(NamedTuple):
    """ "q6-8h", "2-3 times daily", "bid-tid": read as a range, both ends in one band or refused.
    Either fixed ends, or ``number_is`` as in Frequency with the phrase's two numbers."""

    low: Frequency | None = None
    high: Frequency | None = None
    number_is: str | None = None
    period_hours: Fraction = Fraction(0)  # for "count": the period the counts are per


# One word that says a time of day ("am", "night", "qhs"). A dash between two of them is kept,
# not read as a space: "morning-night", "AM-PM" may be both times or either.
TIME_OF_DAY_WORDS = frozenset(
    phrase[0] for phrase, frequency in FREQUENCIES.items() if len(phrase) == 1 and frequency.time_of_day
)


# The evening named as a part of the day ("every evening", "in the evening"), not by a meal, and
# bedtime named by going to bed or to sleep ("at bedtime", "before bed"), not by the night: side by
# side, spelled out, they are one time ("every evening at bedtime", Epic's and Cerner's wording),
# where "qpm qhs" or "with dinner, at bedtime" may be two (dose.py). Built from the slot words and
# their leads, as _times_of_day builds them (a scan of FREQUENCIES cost 0.5 ms at start-up).
def _spelled(words: list[tuple[str, ...]], leads: list[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(" ".join((*once, *lead, *word)) for word in words for lead in leads for once in [(), ("once",)])


EVENINGS = _spelled([("evening",), ("early", "evening")], [(), ("q",), ("every",), ("each",), ("in", "the")])
BEDTIMES = _spelled(
    [word for word in _SLOT_WORDS["night"] if {"bed", "bedtime", "sleep", "sleeping", "retiring"} & set(word)],
    [lead for lead in _SLOT_PREFIXES if lead[:1] not in (("after",), ("with",), ("when",), ("in",))],
)

_TO = [("-",), ("to",), ("or",)]  # "2-3 times daily", "1 or 2 times a day"
FREQUENCY_RANGES: dict[tuple[str, ...], FrequencyRange] = {
    **{
        (lead, NUM, *to, NUM, word): FrequencyRange(number_is=unit)
        for lead in ("q", "every")
        for to in _TO
        for unit, words in _INTERVAL_UNITS.items()
        for word in words
    },
    **{
        (NUM, *to, NUM, times, *daily): FrequencyRange(number_is="count", period_hours=_DAY)
        for to in _TO
        for times in ("times", "time", "x")
        for daily in [*_DAILY_WORDS, ("day",)]  # "1 or 2 times day", as "three times day" is read
    },
    # "2 tabs 4 to 6 hourly", "6-8 hrly" (Public Health Scotland's legacy parser tests)
    **{(NUM, *to, NUM, word): FrequencyRange(number_is="hours") for to in _TO for word in ("hourly", "hrly")},
    # "2 to 5 times a week" (Public-Health-Scotland's dose_instruction_parser tests)
    **{
        (NUM, *to, NUM, times, *weekly): FrequencyRange(number_is="count", period_hours=7 * _DAY)
        for to in _TO
        for times in ("times", "time", "x")
        for weekly in [*_WEEKLY_WORDS, ("every", "week"), ("each", "week")]
    },
    **{
        (low_word, *to, high_word): FrequencyRange(low, high)
        for (low_word, low), (high_word, high) in [
            (("qd", _ONCE_DAILY), ("bid", _BID)),
            (("bid", _BID), ("tid", _TID)),
            (("tid", _TID), ("qid", _QID)),
            (("daily", _ONCE_DAILY), ("bid", _BID)),
        ]
        for to in _TO
    },
    **dict.fromkeys(
        [
            (*once, "or", *twice)
            for once in [("once",), ("1",)]
            for twice in [("twice", *daily) for daily in _DAILY_WORDS]
        ],
        FrequencyRange(_ONCE_DAILY, _BID),
    ),
}


DRUG_WORDS: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [
            ("naltrexone",),
            ("ldn",),
            ("revia",),
            ("depade",),
            ("nalorex",),  # the UK's brands
            ("adepend",),
            ("naltrexone", "hcl"),
            ("naltrexone", "hydrochloride"),
            ("low", "dose", "naltrexone"),
            ("low-dose", "naltrexone"),
        ],
        "naltrexone",
    ),
}

# Other drugs, named rather than "unknown word": naloxone and naltrexone are a
# known look-alike, sound-alike pair.
OTHER_DRUGS: dict[str, str | None] = {
    **dict.fromkeys(["naloxone", "narcan", "kloxxado", "zimhi"], "naloxone"),
    **dict.fromkeys(["nalmefene", "revex", "opvee", "selincro"], "nalmefene"),
    **dict.fromkeys(["methylnaltrexone", "relistor"], "methylnaltrexone"),
    **dict.fromkeys(["buprenorphine", "suboxone", "subutex", "sublocade", "zubsolv", "butrans"], "buprenorphine"),
    **dict.fromkeys(["samidorphan", "lybalvi"], "samidorphan"),
    **dict.fromkeys(
        [
            "methadone",
            "morphine",
            "oxycodone",
            "hydrocodone",
            "hydromorphone",
            "oxymorphone",
            "fentanyl",
            "codeine",
            "tramadol",
            "tapentadol",
            "heroin",
            "meperidine",
            "pethidine",
            "levorphanol",
            "nalbuphine",
            "butorphanol",
            "pentazocine",
            "naloxegol",
            "alvimopan",
            "bupropion",
            "disulfiram",
            "acamprosate",
        ],
        None,  # the word itself is the name
    ),
}

# Words that carry no dose information. Routes are kept apart so the route can
# be checked against the form and the product.
ROUTE_WORDS: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [
            ("po",),
            ("oral",),
            ("orally",),
            ("by", "mouth"),
            ("by", "oral", "route"),
            ("oral", "route"),
            ("per", "os"),
            ("per", "mouth"),
            ("via", "oral", "route"),
            ("via", "mouth"),
            ("via", "oral", "syringe"),
            ("with", "oral", "syringe"),
            ("sublingual",),
            ("sublingually",),
            # a troche or film held against the cheek: "between cheek and gum", "buccally"
            *[("between", *the, "cheek", "and", "gum") for the in [(), ("the",)]],
            ("buccal",),
            ("buccally",),
            ("sl",),
            ("under", "the", "tongue"),
            ("under", "tongue"),
        ],
        "oral",
    ),
    **dict.fromkeys(
        [
            ("im",),
            ("intramuscular",),
            ("intramuscularly",),
            ("injection",),
            ("inj",),  # "Vivitrol inj 380 mg" (pharmacy systems' short form)
            ("inject",),
            ("injectable",),
            ("deep", "im"),
            ("gluteal",),
            # the label's "into the gluteal muscle", "into alternating buttocks" (Vivitrol's label)
            *[
                (*lead, *muscle)
                for lead in [("into", "the"), ("in", "the"), ("into",), ("into", "alternating"), ("into", "alternate")]
                for muscle in [("muscle",), ("gluteal", "muscle"), ("buttock",), ("buttocks",), ("gluteus",)]
            ],
            ("alternating", "buttocks"),
            ("vial", "kit"),
            ("alternate", "buttocks"),
            ("by", "intramuscular", "route"),
            *[
                (*via, *kind, "injection")
                for via in [(), ("via",), ("by",)]
                for kind in [("intramuscular",), ("intramuscular", "gluteal"), ("gluteal",), ("im",)]
            ],
        ],
        "injectable",
    ),
    **dict.fromkeys(
        [
            ("topical",),
            ("topically",),
            ("cream",),
            ("ointment",),
            ("gel",),
            ("lotion",),
            ("apply",),
            ("applied",),
            ("to", "skin"),
            ("to", "the", "skin"),
            ("to", "affected", "area"),
            ("to", "affected", "areas"),
            ("to", "the", "affected", "area"),
            ("to", "the", "affected", "areas"),
            ("aaa",),  # "apply to affected area"
            ("vanishing", "cream"),
        ],
        "topical",
    ),
}
# An order's labelled fields ("Dose: 4.5 mg Route: PO Frequency: QHS", "Directions: take …"):
# dropped only before their colon (grammar.py); anywhere else they are words the text lacks
# ("Titration: 1.5 mg qhs x 2 wks, then …", "LDN schedule: …": a handout's label of its steps)
FIELD_LABELS = frozenset({"route", "frequency", "directions", "dose", "titration", "schedule"})
# What a record adds around the sig it holds, as raw tokens (None: one letter; "[" is lexed as "("):
# Scottish prescribing records' status code and advice marker, Epic's medication-list note
RECORD_STATUS_CODE = ("(", "status", "=", None, ")")
RECORD_ADVICE_MARKER = ("(", "advice", ")")
# Epic's medication list's dated notes, each ending the text with a whole date ("Patient not taking:
# Reported on 3/2/2023", "Start taking on: 2/1/2024"): the words kept as a note; the date dropped
RECORD_DATED_NOTES: dict[tuple[str, ...], int] = {
    ("patient", "not", "taking", "reported", "on"): 3,  # "patient not taking"
    ("start", "taking", "on"): 3,
}
# A last step's words for "from then on" ("…, 4.5 mg qhs thereafter"): they start no step
FROM_THEN_ON = frozenset({"thereafter", "after that"})
# Fillers that, closing the last of steps listed with commas, say "from then on" as "thereafter"
# does: "1.5 mg x 4 weeks, 3 mg x 4 weeks, 4.5 mg onwards" (forms.py)
ONGOING = frozenset({"onwards", "onward", "ongoing"})
INDICATION_LABELS = [("indication",), ("indications",), ("dx",), ("diagnosis",)]
# What a diagnosis's name adds after a comma in Epic's "Indications:" (ICD-10's wording): "Alcohol
# dependence, uncomplicated (CMS-HCC)", "Opioid use disorder, severe, in early remission". Read only
# after a named indication that follows its label; the record's risk-model marker ends it.
DIAGNOSIS_QUALIFIERS = frozenset(
    {
        *[(word,) for word in ("uncomplicated", "unspecified", "mild", "moderate", "severe", "dependence")],
        *[(word,) for word in ("abuse", "chronic", "acute", "recurrent", "intractable")],
        *[("in", *early, "remission") for early in [(), ("early",), ("sustained",)]],
        ("not", "intractable"),
    }
)
RECORD_HCC_MARKERS = frozenset({("(", "hcc", ")"), ("(", "cms", "hcc", ")"), ("(", "cms", "/", "hcc", ")")})
# What labels the dose in a record ("Sig: take 25 mg", "dose 25 mg"): fillers, read as nothing; a
# product's label may stand before them (dose.py), a bottle's volume never after them (product.py)
DOSE_LABELS = frozenset({"sig", "dose"})
FILLER_WORDS: set[tuple[str, ...]] = {
    *((word,) for word in DOSE_LABELS),
    # "maintenance dose: 50 mg daily" (a clinician's label of the dose kept to)
    ("maintenance",),
    ("maintenance", "dose"),
    # labels of what it is for ("Indication: fibromyalgia", "Dx: alcohol dependence"): read as
    # "for" is (grammar.py)
    *INDICATION_LABELS,
    ("of",),
    ("a",),
    ("an",),
    ("the",),
    ("solution",),
    ("oral", "solution"),
    ("suspension",),
    ("liquid",),
    ("water",),
    ("purified", "water"),
    ("susp",),
    ("soln",),
    ("distilled", "water"),
    ("measure",),
    ("measured",),
    ("delivered",),
    ("administered",),
    ("administration",),
    ("given",),
    ("oral", "suspension"),
    ("oral", "susp"),
    ("oral", "soln"),
    ("and",),
    ("plus",),
    ("on",),
    ("for",),
    ("by",),
    ("per",),
    ("i",),  # "I take 3 mg at night"
    ("to", "be", "taken"),
    ("to", "be", "given"),
    *[(word,) for word in sorted(ONGOING)],
}
# What is said around a dose without changing it: kept as notes, never dropped in silence.
# Unknown words are still refused; this list grows with the cases that show a need.
COURSE = "how many doses to take"
WHY_IT_MAY_FALL = "why it may fall"
# A course or a taper that ends: "50 mg daily for 3 months then stop", "… then 1.5 mg qhs x 7 days
# then discontinue". A note at the very end (forms.py); the last dose before it is classified.
COURSE_END = "the end of the course"
COURSE_ENDS = [
    (*then, verb, *what)
    for then in [("then",), ("and", "then")]
    for verb in ("stop", "discontinue", "cease")
    for what in [(), ("taking",), ("taking", "it"), ("medication",), ("use",), ("treatment",)]
]
# LDN's usual advice: a bedtime dose that disturbs sleep may be moved to the morning ("may take in
# the morning if vivid dreams"). Moved, never added: "may also take in the morning", "may take in
# the morning too" and "may take 2 in the morning" are not these phrases, and stay refused.
SLEEP_TROUBLE = [
    ("if", *trouble)
    for trouble in [
        ("vivid", "dreams"),
        ("vivid", "dreams", "occur"),
        ("insomnia",),
        ("insomnia", "occurs"),
        ("sleep", "disturbances"),
        ("sleep", "disturbances", "occur"),
        ("sleep", "disturbance"),
        ("sleep", "disturbance", "occurs"),
        ("nightmares", "occur"),
        *[("you", "have", *trouble) for trouble in [("vivid", "dreams"), ("insomnia",), ("trouble", "sleeping")]],
        ("sleep", "is", "disturbed"),
        ("trouble", "sleeping"),
        ("difficulty", "sleeping"),
        ("nightmares",),
        ("sleep", "problems"),
        ("disturbs", "sleep"),
        ("it", "disturbs", "sleep"),
        ("sleep", "is", "affected"),
    ]
]
_MORNING = [("in", "the", "morning"), ("in", "morning"), ("in", "am"), ("in", "the", "am"), ("qam",)]
_INSTEAD = [(), ("instead",)]
_TAKE_IT = [("take", *it) for it in [(), ("it",), ("dose",), ("the", "dose")]]
MORNING_INSTEAD = [
    (may, *take, *when, *instead)
    for may in ("may", "can")
    for take in _TAKE_IT
    for when in _MORNING
    for instead in _INSTEAD
]
# "may switch to morning dosing", "can be taken in the morning instead"
MORNING_INSTEAD += [
    (may, verb, "to", *morning, *instead)
    for may in ("may", "can")
    for verb in ("switch", "move", "change")
    for morning in [("morning",), ("the", "morning"), ("morning", "dosing"), ("am",), ("am", "dosing")]
    for instead in _INSTEAD
]
MORNING_INSTEAD += [
    (may, "be", "taken", *when, *instead) for may in ("may", "can") for when in _MORNING for instead in _INSTEAD
]
# With its condition, taking in the morning says no more than "may" does: "if vivid dreams(,) take
# it in the morning", "take in the morning if insomnia", "(or in the morning if vivid dreams)". With
# no condition ("…, take in the morning") it is a time of the dose, and stays one. (The common
# wordings only: each combination is a phrase, and the phrase tables are built at every start.)
_SAID_MORNING = [("in", "the", "morning"), ("in", "morning"), ("in", "am"), ("qam",)]
MORNING_INSTEAD += [
    (*trouble, *comma, "take", *it, *when, *instead)
    for trouble in SLEEP_TROUBLE
    for comma in [(), (",",)]
    for it in [(), ("it",)]
    for when in _SAID_MORNING
    for instead in _INSTEAD
]
MORNING_INSTEAD += [
    (*take, *when, *trouble)
    for take in [("take",), ("take", "it"), ("or",)]
    for when in _SAID_MORNING
    for trouble in SLEEP_TROUBLE
]
SLEEP_TROUBLE_TEXTS = frozenset(" ".join(phrase) for phrase in SLEEP_TROUBLE)
MORNING_INSTEAD_TEXTS = frozenset(" ".join(phrase).replace(" , ", ", ") for phrase in MORNING_INSTEAD)
# A capsule's contents taken another way ("may open capsule and sprinkle on food"): how, never how much
OPENED_CAPSULE = [
    (*may, "open", capsule, "and", verb, *contents, where, *food)
    for may in [(), ("may",)]
    for capsule in ("capsule", "capsules")
    for verb in ("sprinkle", "mix")
    for contents in [(), ("contents",)]
    for where in ("on", "in")
    for food in [("food",), ("soft", "food"), ("applesauce",), ("water",)]
]
# Naltrexone's first dose needs an opioid-free wait ("patient must be opioid-free for 7-10 days"):
# said of before the dose, never of it (the hyphen in "opioid-free" reads as a space)
OPIOID_FREE_FIRST = [
    (*lead, "opioid", "free", "for", *least, *span, "days", *before)
    for lead in [
        (),  # "Opioid free for 7 days prior."
        *[(*who, "must", "be") for who in [(), ("patient",), ("pt",), ("you",)]],
        *[
            (start, *only, "after", *being)
            for start in ("start", "begin")
            for only in [(), ("only",)]
            for being in [(), ("being",)]
        ],
    ]
    for least in [(), ("at", "least")]
    for span in [(NUM,), (NUM, "-", NUM), (NUM, "to", NUM)]
    for before in [(), ("prior",), ("before", "starting"), ("prior", "to", "starting"), ("before", "first", "dose")]
]
# When to start, as alcohol-use-disorder sigs say it ("start 3-7 days after last drink", "start
# after detox"): said of before the first dose, never of it
START_AFTER = [
    (start, *when, "after", *event)
    for start in ("start", "begin")
    for when in [(), (NUM, "days"), (NUM, "-", NUM, "days"), (NUM, "to", NUM, "days")]
    for event in [("detox",), ("detoxification",), ("last", "drink"), ("your", "last", "drink"), ("withdrawal",)]
]
# "Start after 7-10 days opioid free"
START_AFTER += [
    (start, "after", *span, "days", "opioid", "free")
    for start in ("start", "begin")
    for span in [(NUM,), (NUM, "-", NUM), (NUM, "to", NUM)]
]
# LDN guides' and anaesthetists' advice to stop it before surgery, so opioid analgesia works
# ("hold for surgery", "stop 3 days before surgery", "hold 72 hrs prior to surgery")
HOLD_BEFORE_SURGERY = [
    (lead, *when, *what)
    for lead in ("hold", "stop")
    for when in [
        ("for",),
        ("before",),
        ("prior", "to"),
        *[
            (*span, unit, *before)
            for span in [(NUM,), (NUM, "-", NUM)]
            for unit in ("hours", "hrs", "days", "h")
            for before in [("before",), ("prior", "to")]
        ],
    ]
    for what in [("surgery",), ("any", "surgery"), ("procedures",)]
]
# The label asks patients to carry a card telling medical staff they take naltrexone
CARRY_A_CARD = [
    ("carry", *a, *card)
    for a in [(), ("a",), ("your",)]
    for card in [("wallet", "card"), ("medical", "alert", "card"), ("alert", "card"), ("medical", "alert")]
]
# How often the pharmacy hands it over, as Scottish and English prescriptions write it ("1 tab
# nocte dispense weekly", "1 cap od weekly dispensing", "disp weekly in dosette"): never how often
# it is taken, so with no other frequency the dose is refused (dose.py), not read as once daily.
DISPENSED_EVERY = "how often it is dispensed"
_DISPENSE = ("dispense", "dispensed", "dispensing", "disp", "dis", "dsp")
DISPENSE_WORDS = frozenset(_DISPENSE)
_EVERY = [("weekly",), ("wkly",), ("week",), ("monthly",), ("fortnightly",), ("daily",), ("every", "week")]
_EVERY += [("every", NUM, "weeks"), ("every", NUM, "days")]
# Before "dispense" only these ("1 tab nocte weekly dispense"): "every 3 days dispense 10 tabs" is
# taken every 3 days, and "daily dispense weekly" taken daily; one followed by a number is refused
_REVERSED_EVERY = ("weekly", "wkly", "monthly", "fortnightly")
REVERSED_EVERY = frozenset(_REVERSED_EVERY)
DISPENSING_INTERVALS = [
    *[(*please, word, *every) for please in [(), ("please",)] for word in _DISPENSE for every in _EVERY],
    # "weekly dispense": not "daily dispense" ("1 tab daily dispense weekly" is taken daily); one
    # followed by another frequency is refused (dose.py)
    # and "weekly disp" ("1 tab daily weekly disp"); "1 tab weekly disp 4" is refused (grammar.py:
    # taken weekly with 4 dispensed, or dispensed weekly?)
    *[(every, word) for word in _DISPENSE for every in _REVERSED_EVERY],
    *[
        (*lead, *aid)
        for lead in [(), ("in",), ("in", "a"), ("in", "the")]
        for aid in [
            ("dosette",),
            ("dosette", "box"),
            ("dos", "box"),
            ("nomad",),
            ("blister", "pack"),
            ("compliance", "aid"),
        ]
    ],
    ("weekly", "issue"),
    ("supervised", "consumption"),
]
# When one starts to drink, as the Sinclair method's and alcohol-use-disorder sigs say it ("1 hour
# before the first alcoholic drink of the day", "1 hr before EtOH", "prior to alcohol consumption")
_DRINKING = [
    ("drinking",),
    ("drinking", "alcohol"),
    ("you", "start", "drinking"),
    ("alcohol", "consumption"),
    ("etoh",),
    *[
        (*the, "first", *kind, "drink", *day)
        for the in [(), ("the",)]
        for kind in [(), ("alcoholic",)]
        for day in [(), ("of", "the", "day")]
    ],
]
# What a review after the course is called, and the units of when it falls
_REVIEWS = [
    *[("reassess",), ("re", "assess"), ("review",), ("follow", "up"), ("followup",), ("f", "/", "u")],
    *[("recheck",), ("fu",)],
    *[(*check, tests) for check in [(), ("check",), ("recheck",), ("repeat",)] for tests in ("lfts", "labs")],
]
_REVIEW_UNITS = ("days", "weeks", "months", "wks", "mos", "week", "month")
REVIEW_TEXTS = frozenset(" ".join(review) for review in _REVIEWS)  # with no when: "f/u", "labs"
CONTEXT_WORDS: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [
            *[
                (*lead, *meal)
                for lead in [("with",), ("after",), ("before",), ("without",)]
                for meal in [("a", "meal"), ("meal",), ("a", "snack"), ("milk",)]
            ],
            ("with", "or", "without", "food"),
            ("on", "an", "empty", "stomach"),
            ("on", "empty", "stomach"),
            ("empty", "stomach"),  # "drink 10 ml twice daily, empty stomach"
            ("with", "a", "full", "glass", "of", "water"),
            ("with", "water"),
            # "prior to alcohol consumption", "before EtOH", as the hours before are read
            *[(*when, *event) for when in [("before",), ("prior", "to")] for event in _DRINKING],
            *[
                (*adverb, NUM, span, *when, *event)
                for adverb in [(), *((word,) for word in PREFERRING)]  # "tds preferably 20 mins before meals"
                for span in ("hour", "hours", "hr", "hrs", "h", "minutes", "minute", "min", "mins")
                for when in [("before",), ("prior", "to"), ("after",)]
                for event in [
                    *_DRINKING,
                    ("sleep",),
                    ("bed",),
                    ("bedtime",),
                    ("breakfast",),
                    ("food",),
                    ("meals",),
                    ("a", "meal"),
                ]
            ],
            ("before", "the", "first", "drink"),
            *[
                (NUM, to, NUM, span, *when, *event)
                for to in ("-", "to")
                for span in ("hours", "hrs", "minutes", "mins")
                for when in [("before",), ("prior", "to")]
                for event in [("bed",), ("bedtime",), ("sleep",), *_DRINKING]
            ],
            # "once daily, preferably at bedtime" (LDN pharmacies' labels): a preference, never a
            # second dose
            *[
                (adverb, *time)
                for adverb in PREFERRING
                for time in [
                    ("at", "bedtime"),
                    ("at", "night"),
                    ("before", "bed"),
                    ("in", "the", "evening"),
                    ("in", "the", "morning"),
                ]
            ],
            # the Sinclair method's targeted dose: only on the days one drinks (at most one a day)
            *[(*only, "on", "drinking", "days", *then) for only, then in [((), ()), (("only",), ()), ((), ("only",))]],
            # "1 hour before or 2 hours after a meal": an empty stomach, as labels say it
            *[
                (NUM, span, "before", "or", NUM, span_after, "after", *event)
                for span in ("hour", "hours", "hr", "hrs", "h")
                for span_after in ("hour", "hours", "hr", "hrs", "h")
                for event in [("a", "meal"), ("meals",), ("food",), ("eating",)]
            ],
            *[("with", *much, "water") for much in [("plenty", "of"), ("a", "glass", "of"), ("a", "drink", "of")]],
        ],
        "when to take it",
    ),
    # With one other frequency, when to take it; alone, once with a meal or with each meal?
    **dict.fromkeys(
        [
            *[(lead, meals) for lead in ("with", "after", "before") for meals in ("meals", "food")],
            ("pc",),  # after meals
            ("ac",),  # before meals
            ("with", "each", "meal"),
        ],
        "meal times",
    ),
    **dict.fromkeys(
        [
            ("alcohol", "use", "disorder"),
            ("alcohol", "dependence"),
            ("alcoholism",),
            ("opioid", "use", "disorder"),
            ("opioid", "dependence"),
            ("aud",),
            ("oud",),
            ("fibromyalgia",),
            # an LDN use that looks like "initial" (a dose word) to the spelling check
            ("interstitial", "cystitis"),
            ("chronic", "pain"),
            ("pain",),
            ("crohn", "disease"),
            ("crohns", "disease"),
            ("crohns",),
            ("multiple", "sclerosis"),
            ("ms",),
            ("long", "covid"),
            ("me", "/", "cfs"),
            ("cfs",),
            ("crps",),
            ("complex", "regional", "pain", "syndrome"),
            ("itch",),
            *[(word,) for word in ("fever", "cramps", "acne", "nightmares", "mood", "fatigue", "migraine")],
            ("itching",),
            ("pruritus",),
            ("atopic", "dermatitis"),
            ("eczema",),
            ("psoriasis",),
            ("depression",),
            ("weight", "management"),
            ("weight", "loss"),
            ("obesity",),
            ("autoimmune", "disease"),
            ("inflammation",),
            ("alcohol", "cravings"),
            ("cravings",),
            # "at bedtime for sleep": what it is for, never when ("for 1 week" is how long)
            *[("for", *sleep) for sleep in [("sleep",), ("sleeping",), ("better", "sleep"), ("poor", "sleep")]],
            ("breakthrough", "pain"),
            *[(word,) for word in ("anxiety", "cholesterol", "bones", "stomach", "hbp", "hypertension", "bp")],
            ("blood", "pressure"),
            ("thin", "blood"),
            ("high", "blood", "pressure"),
            ("severe", "pain"),
            ("insomnia",),
            # naltrexone's own uses, as clinicians and problem lists name them (LDN guides, trials)
            ("smoking", "cessation"),
            ("alcohol", "use"),
            ("alcohol", "abuse"),
            ("alcohol", "misuse"),
            ("heavy", "drinking"),
            ("binge", "drinking"),
            ("binge", "eating"),
            ("relapse", "prevention"),
            *[(*the, "sinclair", "method") for the in [(), ("the",)]],  # targeted doses before drinking
            ("brain", "fog"),
            ("long", "haul", "covid"),
            ("post", "viral", "fatigue"),
            ("graves", "disease"),
            ("mast", "cell", "activation"),
            # symptoms a dose is said to be for, on UK and US sigs
            *[(word,) for word in ("nausea", "vomiting", "dizziness", "heartburn")],
            ("nausea", "or", "vomiting"),
        ],
        "indication",
    ),
    **dict.fromkeys(
        [
            ("do", "not", "crush"),
            ("do", "not", "crush", "or", "chew"),
            ("do", "not", "crush", "chew", "or", "split"),
            ("swallow", "whole"),
            ("swallowing", "whole"),
            # how a sublingual tablet, troche or drop is taken: "… under the tongue and allow to dissolve"
            *[
                (*lead, *allow, "dissolve", *how)
                for lead in [(), ("and",)]
                for allow in [("allow", "to"), ("allow", "it", "to"), ("let",), ("let", "it")]
                for how in [(), ("completely",), ("slowly",)]
            ],
            ("to", "dissolve"),  # "allow 1 tablet to dissolve under the tongue"
            ("swallowed", "whole"),
            # "daily at the same time each day": when, never how often ("each day" is read on its own)
            *[("at", *about, "the", "same", "time") for about in [(), ("about",), ("around",), ("roughly",)]],
            ("around", "the", "same", "time"),
            *[
                ("swallow", *what, "whole")
                for what in [("capsules",), ("tablets",), ("your", "capsules"), ("your", "tablets")]
            ],
            ("shake", "bottle"),
            ("shake", "the", "bottle"),
            ("keep", "refrigerated"),
            ("refrigerate",),
            ("store", "in", "refrigerator"),
            ("shake", "well"),
            ("shake", "well", "before", "use"),
            ("protect", "from", "light"),
            *[("keep", "out", "of", *the, "reach", "of", "children") for the in [(), ("the",)]],
            ("store", "at", "room", "temperature"),
            *MORNING_INSTEAD,
            *SLEEP_TROUBLE,
            # a review after the course: "4.5 mg qhs for 3 months then reassess", "…; follow up in 6
            # weeks", "f/u 6 weeks"; liver tests, as the label advises ("LFTs in 12 weeks")
            *[
                (*then, *review, *when)
                for then in [(), ("then",)]
                for review in _REVIEWS
                for when in [
                    (),
                    *[(*at, NUM, unit) for at in [("in",), ("at",), ()] for unit in _REVIEW_UNITS],
                ]
                if then or when or review != ("review",)
            ],
            ("if", "tolerated"),
            ("if", "no", "side", "effects"),
            ("if", "no", "side", "effects", "occur"),
            ("if", "no", "withdrawal"),
            ("if", "no", "withdrawal", "signs"),
            ("if", "no", "withdrawal", "symptoms"),
            ("if", "no", "signs", "of", "withdrawal"),
            ("as", "tolerated"),
            ("until", "tolerated"),
            ("as", "directed"),
            ("as", "dir"),
            ("as", "directed", "by", "prescriber"),
            ("see", "instructions"),
            ("pea", "sized", "amount"),
            ("a", "pea", "sized", "amount"),
            ("thin", "layer"),
            ("a", "thin", "layer"),
            ("rub", "in", "well"),
            ("slowly",),  # "drink 10 ml twice daily, drink slowly": how, never how much or when
            ("drink", "slowly"),
            *OPENED_CAPSULE,
            *OPIOID_FREE_FIRST,
            *CARRY_A_CARD,
            *HOLD_BEFORE_SURGERY,
            *START_AFTER,
        ],
        "advice",
    ),
    **dict.fromkeys([("compounded",), ("compound",), ("compounding", "pharmacy")], "compounded"),
    # Epic's medication list after the sig: "Patient not taking: Reported on 3/2/2023" (its date is
    # read with it, grammar._record_annotations): the order is still the dose prescribed
    ("patient", "not", "taking"): "the record's note that the patient reported not taking it",
    ("start", "taking", "on"): "the record's date to start taking it",
    **dict.fromkeys(DISPENSING_INTERVALS, DISPENSED_EVERY),
    # "increase to 3 mg after 2 weeks", "after 2 more weeks", "after another 2 weeks": when a dose
    # changes, never how much or how often
    **dict.fromkeys(
        [
            ("after", *another, NUM, *more, unit)
            for another, more in [((), ()), ((), ("more",)), (("another",), ()), (("a", "further"), ())]
            for unit in ("day", "days", "week", "weeks", "wk", "wks", "month", "months")
        ]
        # "increase to 3 mg after a week", "after another week"
        + [("after", a, unit) for a in ("a", "another") for unit in ("day", "week", "wk", "month")],
        "when it changes",
    ),
    **dict.fromkeys(TIME_WINDOWS, TIME_WINDOW),
    # Why a dose may fall, read only after "may reduce to" (forms.py): anywhere else it conditions
    # the dose itself ("4.5 mg qhs if side effects")
    **dict.fromkeys(
        [("if", *what) for what in [("side", "effects"), ("side", "effects", "occur"), ("not", "tolerated")]],
        WHY_IT_MAY_FALL,
    ),
    **dict.fromkeys(COURSE_ENDS, COURSE_END),
    **dict.fromkeys([("until", unit, NUM) for unit in ("week", "day", "month")], "how long"),
    # "4.5 mg qhs indefinitely", "long term" (clinicians' notes): how long, with no end
    **dict.fromkeys(
        [("indefinitely",), ("long", "term"), ("long", "-", "term"), ("lifelong",)], "how long, with no end"
    ),
    # "q6h x 10 doses", "for 5 doses": how long, counted in doses (grammar.py: a whole number;
    # pieces.py: after the frequency, and none after it)
    **dict.fromkeys([(lead, NUM, doses) for lead in ("x", "×", "for") for doses in ("doses", "dose")], COURSE),
    **dict.fromkeys([("rxnorm", NUM), ("rxcui", NUM), ("ndc", NUM)], "product code"),
}
# Oral dose forms. "er": an extended-release tablet, which naltrexone only comes as in Contrave.
_SOLID_FORMS = [("tab",), ("tabs",), ("tablet",), ("tablets",), ("cap",), ("caps",), ("capsule",), ("capsules",)]
FORM_WORDS: dict[tuple[str, ...], str | None] = {
    **{(*er, *form): "er" for er in [("er",), ("xr",), ("sr",), ("extended", "release")] for form in _SOLID_FORMS},
    # Epic's dose forms: "8-90 mg TB12" (a 12-hour tablet), "TB24"; a release is Contrave's only
    **{("tb", hours): "er" for hours in ("12", "24")},
    # after it, as product lines and the FDA's dosage-form names write it: "tablet, extended release"
    **{
        (*form, *er): "er"
        for er in [("er",), ("xr",), ("extended", "release"), (",", "extended", "release")]
        for form in _SOLID_FORMS
    },
}
# An injection's units: "1 kit", "inject 1 vial": they say the route, as tablets say oral.
FORM_WORDS.update(dict.fromkeys([("kit",), ("kits",), ("vial",), ("vials",)], "injection"))
FORM_WORDS.update(
    dict.fromkeys(
        {
            ("tab",),
            ("tabs",),
            ("tablet",),
            ("tablets",),
            ("tblt",),
            ("tblts",),
            ("caplet",),
            ("caplets",),
            ("drop",),
            ("drops",),
            ("pill",),
            ("pills",),
            ("gtt",),
            ("gtts",),
            ("troche",),
            ("troches",),
            ("lozenge",),
            ("lozenges",),
            ("cap",),
            ("caps",),
            ("capsule",),
            ("capsules",),
            ("oral", "capsule"),
            ("oral", "capsules"),
            ("oral", "tablet"),
            ("oral", "tablets"),
            # tablets as labels and records name them: "4.5 mg ODT", "50mg film-coated tablets" (UK)
            ("odt",),
            ("odts",),
            *[
                (*kind, form)
                for kind in [("orally", "disintegrating"), ("orodispersible",), ("dispersible",), ("film", "coated")]
                for form in ("tablet", "tablets")
            ],
            # "naltrexone 4.5 mg compounded capsule, 1 PO HS": the product's form, as a record names it
            *[("compounded", *form) for form in [("capsule",), ("capsules",), ("cap",), ("caps",)]],
        }
    )
)
# "1C PO HS": compounding formularies write C for capsule and T for tablet, right after the count.
FORM_AFTER_NUMBER: dict[str, str] = {"c": "capsule", "t": "tablet"}
# Short forms that only ever mean one word, read as that word by every rule: pharmacy labels and
# records write "ea" for each ("(25 mg ea)", "Qty 30 ea"); "&" is "and" (the lexer's own rule).
SHORT_FOR: dict[str, str] = {"ea": "each"}
# Whole numbers written as words are numbers, read by the same rules as digits: "two tablets",
# "two times a day"; "4.5 mg two daily" is a stray number, as "4.5 mg 2 daily" is.
NUMBER_WORDS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], 1
    )
}
# Conditions by their initials, after "for" or "prn" only ("4.5 mg qhs for RA", "for IBS"): an
# unknown word that short is otherwise refused, as it may be a schedule's abbreviation ("bds").
# None is a dose word's or a route's ("hs", "ad", "od" are not here).
INDICATION_ABBREVIATIONS = frozenset(
    [
        "ra",
        "ibs",
        "ibd",
        "uc",
        "mcas",
        "als",
        "ptsd",
        "ocd",
        "rsd",
        "rls",
        "eds",
        "hiv",
        "sibo",
        "sle",
        "pcos",
        "oa",
        "dpn",
        "copd",
        "mdd",
        "gad",
        "tbi",
    ]
)
# Numbers over twelve spelled out, only ever read as a restatement of the digits before them:
# Epic writes "every 24 (twenty-four) hours", "every 72 (seventy-two) hours", "for 14 (fourteen) days".
SPELLED_TEENS = {
    word: value
    for value, word in enumerate(
        ["thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"], 13
    )
}
SPELLED_TENS = {
    word: value
    for value, word in zip(
        range(20, 100, 10), ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], strict=True
    )
}
# Spanish sigs are common on US labels: read by the same rules, word for word.
NUMBER_WORDS.update({"uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6})
# Latin sigs' small Roman numerals ("Sig: ii tabs po qd", "tab iii qhs"); "i" stays the pronoun
# ("I take 3 mg at night") but in a range with them (grammar.py), and "iv" is the intravenous route.
ROMAN_NUMERALS = {"ii": 2, "iii": 3}
NUMBER_WORDS.update(ROMAN_NUMERALS)
# Fractions written as words: "half of a 50 mg tablet".
COUNT_WORDS: dict[tuple[str, ...], Fraction] = {
    **dict.fromkeys([("media",), ("medio",), ("la", "mitad", "de"), ("mitad", "de")], Fraction(1, 2)),
    ("half",): Fraction(1, 2),
    **dict.fromkeys([("one", "and", "a", "half"), ("one", "and", "one", "half")], Fraction(3, 2)),
    ("quarter",): Fraction(1, 4),
    ("one", "half"): Fraction(1, 2),
    ("one", "quarter"): Fraction(1, 4),
    ("a", "half"): Fraction(1, 2),
    ("a", "quarter"): Fraction(1, 4),
}
_LOWERS = ("decrease", "reduce", "lower")
MAY = [("may",), ("can",)]  # "may increase by …", "can increase by …": a rise that may come
# Words that give a dose text its structure, each with what it does; the readers ask for the
# meaning ("then", "increase", "to" ...), never for the spelling.
CONNECTIVES: dict[tuple[str, ...], str] = {
    # "place 1 troche under the tongue": how a troche or sublingual dose is given
    **dict.fromkeys(
        [(verb,) for verb in ("take", "takes", "give", "swallow", "drink", "place", "use", "allow", "tk")], "take"
    ),
    # "continue naltrexone 50 mg daily", a clinician's note of the dose kept ("then continue", a
    # step, is below); "continue" alone is taking it
    ("continue",): "take",
    # A new step of a titration.
    **dict.fromkeys(
        [
            ("then",),
            ("and", "then"),
            ("thereafter",),
            ("after", "that"),
            ("followed", "by"),
            ("stay", "at"),
            ("remain", "at"),
            ("continue", "at"),
            ("continue", "with"),
            ("then", "continue"),
            ("then", "continue", "with"),
            ("then", "continue", "at"),
            *[
                (*verb, "to")
                for verb in [("increase",), ("increasing",), ("titrate",), ("titrate", "up"), ("go", "up")]
            ],
            # a step down, the mirror of a rise ("decrease to 1.5 mg qhs", "then reduce dose to 3 mg")
            *[(*then, verb, *dose, "to") for then in [(), ("then",)] for verb in _LOWERS for dose in [(), ("dose",)]],
            *[(*verb, "dose", "to") for verb in [("increase",), ("increasing",)]],
            *[("then", *verb, "to") for verb in [("increase",), ("titrate",), ("titrate", "up"), ("go", "up")]],
        ],
        "then",
    ),
    **dict.fromkeys(
        [
            ("start",),
            ("starting",),
            ("start", "at"),
            ("start", "with"),
            ("begin",),
            ("begin", "with"),
            ("started", "at"),
            # the Revia label's "an initial dose of 25 mg … 50 mg a day thereafter"; "25 mg initially"
            ("initially",),
            ("initial", "dose"),
            ("initial", "dose", "of"),
            ("an", "initial", "dose", "of"),
        ],
        "start",
    ),
    # "50 mg daily except weekends", "4.5 mg every night except Friday": every day but those
    # (forms.py: only days of the week may follow)
    **dict.fromkeys([("except",), ("except", "on"), ("excluding",), ("but", "not", "on")], "except"),
    # A dose that may rise: "1.5 mg qhs, may increase to 4.5 mg as tolerated" (forms.py: the dose
    # now and the most it may reach, classified on both).
    **dict.fromkeys(
        [
            *[("may", *verb, "to") for verb in [("increase",), ("titrate", "up"), ("go", "up"), ("increase", "up")]],
            ("may", "increase", "dose", "to"),
        ],
        "may increase",
    ),
    # By steps, to the most it may reach: "may increase by 1.5 mg weekly to 4.5 mg" (LDN guides'
    # usual sig; forms.py reads the step, then "to", then as "may increase")
    **dict.fromkeys(
        [(*may, *verb, "by") for may in MAY for verb in [("increase",), ("increase", "dose"), ("titrate", "up")]],
        "may increase by",
    ),
    # A dose that may fall: "4.5 mg qhs; may reduce to 3 mg if side effects" (forms.py: the dose
    # now and the least it may fall to, classified on both)
    **dict.fromkeys(
        [(*may, verb, *dose, "to") for may in [("may",), ("can",)] for verb in _LOWERS for dose in [(), ("dose",)]],
        "may decrease",
    ),
    # A step down's verb alone: read only opening a text, before the drug's name or the dose and
    # "to" ("decrease LDN to 3 mg qhs", as "decrease to"; forms.py)
    **dict.fromkeys([(verb,) for verb in _LOWERS], "decrease"),
    # An escalation: "increase by 0.5 mg weekly to 4.5 mg".
    **dict.fromkeys(
        [
            ("increase",),
            ("increasing",),
            ("increase", "by"),
            ("increasing", "by"),
            ("increased", "by"),  # trial arms: "1.5 mg daily, increased by 1.5 mg weekly to 6 mg daily"
            ("increase", "dose", "by"),
            ("titrate",),
            ("titrate", "up"),
            ("titrate", "by"),
            ("titrate", "up", "by"),
            ("then", "increase", "by"),
        ],
        "increase",
    ),
    # As needed, and the most in a day.
    **dict.fromkeys(
        [
            ("prn",),
            ("as", "needed"),
            ("when", "needed"),
            ("if", "needed"),
            ("as", "required"),
            ("when", "required"),
            ("if", "required"),
            ("as", "needed", "for"),
            # "1 tab prn if pain": what it is for follows, as after "prn" alone
            ("prn", "if"),
            ("as", "needed", "if"),
            # UK shorthand (Public Health Scotland's legacy parser tests)
            *[(lead, required) for lead in ("if", "as", "when") for required in ("reqd", "req", "requ")],
            *[
                ("only", lead, needed)
                for lead in ("if", "when")
                for needed in ("needed", "required", "reqd", "necessary")
            ],
            # UK repeat prescriptions and patient leaflets: "1 tab as and when required", "when necessary"
            *[("as", "and", "when", needed) for needed in ("needed", "required", "reqd", "necessary")],
            *[(lead, "necessary") for lead in ("if", "as", "when")],
            ("occasionally",),
            # not "on occasion": "occasion" would make "occasional" (a condition's) a dose word's
            ("on", "occasions"),
        ],
        "prn",
    ),
    **dict.fromkeys(
        [
            ("max",),
            ("maximum",),
            ("max", "dose"),
            ("maximum", "dose"),
            ("max", "daily", "dose"),
            ("max", "daily", "amount"),
            ("maximum", "daily", "dose"),
            ("maximum", "daily", "amount"),
            ("max", "per", "day"),
            ("not", "to", "exceed"),
            ("do", "not", "exceed"),
            ("no", "more", "than"),
            ("not", "more", "than"),
        ],
        "maximum",
    ),
    # "4.5 mg/day divided bid", "100 mg daily in 2 divided doses", "divided into two doses": the
    # amount before is the day's, taken in so many doses (forms.py, only there; else refused)
    # "div" as prescribers abbreviate it ("4.5 mg/day div bid"); how many follows "divided", and
    # goes before "divided doses" ("in 2 divided doses")
    **dict.fromkeys([("divided",), ("div",)], "divided"),
    **dict.fromkeys([("divided", "doses"), ("div", "doses"), ("equally", "divided", "doses")], "divided doses"),
    **dict.fromkeys([("divided", "into"), ("divided", "in"), ("split", "into")], "divided into"),
    **dict.fromkeys([("doses",), ("equal", "doses")], "doses"),
    **dict.fromkeys(
        [
            ("in", "divided", "doses"),
            ("in", "div", "doses"),
            ("in", "equally", "divided", "doses"),
            ("in", "equal", "divided", "doses"),
        ],
        "in divided doses",
    ),
    ("by",): "by",
    ("to",): "to",
    # "increase by 1.5 mg every 2 weeks to target 4.5 mg": an escalation's target (forms.py), only there
    **dict.fromkeys([("to", "target"), ("to", "a", "target", "of"), ("to", "a", "target", "dose", "of")], "target"),
    ("or",): "or",
    # "either morning or night": only before two times of day (forms.py); anywhere else refused
    ("either",): "either",
    # "Monday through Friday": only between weekdays (forms.py); anywhere else it is refused
    **dict.fromkeys([("through",), ("thru",)], "through"),
    **dict.fromkeys([("up", "to"), ("upto",)], "up to"),
    **dict.fromkeys(
        [
            ("until",),
            ("until", "you", "reach"),
            ("until", "reaching"),
            ("until", "at"),
            ("until", "dose", "is"),
            ("to", "a", "maximum", "of"),
            ("up", "to", "a", "maximum", "of"),
        ],
        "up to",
    ),
    ("in",): "in",
    **dict.fromkeys([("dissolve",), ("dissolved",)], "dissolve"),
    ("x",): "times",
    **dict.fromkeys([("wt",), ("weight",), ("weighing",)], "weight"),
}
# A patient's or clinician's note: "I take 3 mg at night", "started LDN 1.5 mg, now 4.5 mg".
# "current" marks the dose in use now; "history" a dose that was; "subject" who takes it.
NARRATIVE_WORDS: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [
            ("now",),
            ("currently",),
            ("now", "taking"),
            ("currently", "taking"),
            ("now", "on"),
            ("currently", "on"),
            ("is", "now", "on"),
            ("is", "currently", "on"),
            ("current", "dose"),
            ("current", "dose", "is"),
        ],
        "current",
    ),
    **dict.fromkeys(
        [
            ("started",),
            ("started", "on"),
            ("started", "at"),
            ("was", "on"),
            ("was", "taking"),
            ("previously",),
            ("previously", "on"),
        ],
        "history",
    ),
    **dict.fromkeys(
        [
            ("patient",),
            ("pt",),
            ("patient", "takes"),
            ("patient", "is", "on"),
            ("i", "am", "on"),
            ("im", "on"),
            ("ive", "been", "on"),
            ("ive", "been", "taking"),
            ("i", "have", "been", "on"),
            ("been", "on"),
            ("taking",),
            ("taken",),
        ],
        "subject",
    ),
}
# "week 1: 1.5 mg qhs; week 2: 3 mg qhs": a step of a titration, and its length in days (a
# span's, "days 1-7" or "weeks 3 to 4", is worked out from its numbers in grammar.py; a step
# "onward", "day 15+", has none).
_STEP_UNITS = {"day": Fraction(1), "days": Fraction(1), "week": Fraction(7), "weeks": Fraction(7)}
# Every word a step marker counts in ("week two: 2 caps": the number after it is the step's)
STEP_UNIT_WORDS = frozenset({"day", "days", "week", "weeks", "wk", "wks", "month", "months", "mo"})
STEP_SPAN_WORDS = ("-", "to", "through", "thru")
STEP_MARKERS: dict[tuple[str, ...], Fraction | None] = {
    **{
        (*on, unit, NUM): days
        for on in [(), ("on",), ("in",)]
        for unit, days in [("week", Fraction(7)), ("wk", Fraction(7)), ("day", Fraction(1)), ("month", Fraction(30))]
    },
    **{
        (unit, NUM, *onward): None
        for unit in ("week", "wk", "day")
        for onward in [
            *[(word,) for word in ("onwards", "onward", "on", "and", "after", "+")],
            *[("and", word) for word in ("after", "on", "onward", "onwards", "beyond")],
        ]
    },
    **{(unit, NUM, span, NUM): days for unit, days in _STEP_UNITS.items() for span in STEP_SPAN_WORDS},
}
# How long, as UK prescriptions write it after "x" or "for": "3/7" 3 days, "10/7" and "28/7" (a
# course, a month's supply), "2/52" 2 weeks, "6/12" 6 months (the lexer reads them as that number
# and unit). Only there: anywhere else "3/7" is a fraction, and no dose's. Up to 90 days, a year
# in weeks or months.
UK_LENGTH_LEADS = frozenset({"x", "×", "for"})
UK_LENGTHS = {
    f"{count}/{per}": (str(count), unit)
    for per, unit, most in [("7", "days", 90), ("52", "weeks", 52), ("12", "months", 12)]
    for count in range(1, most + 1)
}
# Every dash a keyboard, a word processor or an EHR writes: all read as one "-".
DASHES = frozenset("-‐‑‒–—―−")
# The multiplication signs: "2 × 50 mg", "2 * 50 mg" (and the word "x", a connective).
TIMES_SIGNS = frozenset("×*")
# What a mass written beside a count is: the total per administration, or the strength of
# each unit. "take 2 tablets (100 mg total)", "2 tablets (50 mg each)".
AMOUNT_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("total",): "total",
    ("in", "total"): "total",
    ("per", "dose"): "total",
    ("each",): "each",
    **{("per", unit): "each" for unit in ("tab", "tablet", "cap", "capsule", "vial", "drop")},
    **{("/", unit): "each" for unit in ("tab", "tablet", "cap", "capsule", "vial", "drop")},
}
SALT_WORDS: dict[tuple[str, ...], str] = {
    ("base",): "base",
    ("naltrexone", "base"): "base",
}
# "ER" or "XR" alone names extended-release naltrexone (the injection), except beside another
# product's name, where it is that product's release ("CONTRAVE 8-90 MG PER TABLET ER"): forms.py.
BARE_RELEASE_WORDS = ("er", "xr")
# A Contrave tablet's strengths, naltrexone's or bupropion's first: "8/90 mg" and "90/8 mg" are two
# strengths, never a fraction (grammar.py).
CONTRAVE_STRENGTH_PAIRS = (("8", "90"), ("90", "8"))
_CONTRAVE_NAMES = [
    ("contrave",),
    ("mysimba",),
    ("naltrexone", "bupropion"),
    ("naltrexone", "/", "bupropion"),
    ("bupropion", "naltrexone"),
    ("bupropion", "/", "naltrexone"),
    ("naltrexone", "hcl", "/", "bupropion", "hcl"),
    ("naltrexone", "hcl", "and", "bupropion", "hcl"),
    ("naltrexone", "and", "bupropion"),
    ("bupropion", "and", "naltrexone"),
]
# Brand and product names: their facts (strength per tablet, route) are in
# data/regimens.yaml under each regimen's `products`.
PRODUCT_WORDS: dict[tuple[str, ...], str] = {
    ("vivitrol",): "vivitrol",
    **dict.fromkeys(
        [
            ("naltrexone", "er"),
            ("naltrexone", "xr"),
            ("naltrexone", "extended", "release"),
            ("naltrexone", "extended-release"),
            ("extended", "release", "naltrexone"),
            ("xr", "naltrexone"),
            ("xr", "ntx"),
            *((word,) for word in BARE_RELEASE_WORDS),
            ("extended", "release", "injectable", "suspension"),
            ("for", "extended", "release", "injectable", "suspension"),
            ("extended", "release", "injection"),
        ],
        "naltrexone-er",
    ),
    **dict.fromkeys(
        [
            *[(*name, *er) for name in _CONTRAVE_NAMES for er in [(), ("er",), ("xr",), ("extended", "release")]],
            # the strength of each tablet, as the product is written: "8 mg-90 mg", "8/90 mg", and
            # bupropion first as RxNorm and "bupropion/naltrexone" names write it: "90 mg/8 mg"
            *[
                phrase
                for unit in ("mg",)
                for first, second in CONTRAVE_STRENGTH_PAIRS
                for phrase in [
                    (first, unit, "-", second, unit),
                    (first, unit, "/", second, unit),
                    (first, "-", second, unit),
                    (first, "/", second, unit),
                ]
            ],
            ("8", "mg", "90", "mg"),
        ],
        "contrave",
    ),
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The two-letter days ("Tu, Th, Sa", as calendars write them) where the letters are no other word
# (never "mo", a month, "we" or "fr"), and "F" ("100 mg M/W, 150 mg F"; never "M", "W" (with),
# "T" or "S", which are two days): only where other days are named with them (grammar.py).
WEEKDAY_WORDS: dict[str, int] = {
    **dict.fromkeys(["mon", "monday", "mondays"], 0),
    **dict.fromkeys(["tu", "tue", "tues", "tuesday", "tuesdays"], 1),
    **dict.fromkeys(["wed", "weds", "wednesday", "wednesdays"], 2),
    **dict.fromkeys(["th", "thu", "thur", "thurs", "thursday", "thursdays"], 3),
    **dict.fromkeys(["f", "fri", "friday", "fridays"], 4),
    **dict.fromkeys(["sa", "sat", "saturday", "saturdays"], 5),
    **dict.fromkeys(["su", "sun", "sunday", "sundays"], 6),
}
WEEKDAY_GROUPS: dict[tuple[str, ...], frozenset[int]] = {
    ("weekdays",): frozenset(range(5)),
    ("on", "weekdays"): frozenset(range(5)),
    ("weekends",): frozenset({5, 6}),
    ("weekend",): frozenset({5, 6}),
    ("on", "the", "weekend"): frozenset({5, 6}),
    ("week", "days"): frozenset(range(5)),
    ("on", "week", "days"): frozenset(range(5)),
    ("on", "weekends"): frozenset({5, 6}),
    # the label's "50 mg every weekday with a 100-mg dose on Saturday"
    **dict.fromkeys([(lead, "weekday") for lead in ("every", "each")], frozenset(range(5))),
    # Pharmacy shorthand: "100 mg MWF", "50 mg M-F" (the hyphen between words is dropped)
    **dict.fromkeys([("mwf",), ("on", "mwf")], frozenset({0, 2, 4})),
    **dict.fromkeys([("m", "f"), ("on", "m", "f")], frozenset(range(5))),
    # "M/W/F", "M-W-F", "T/Th", "TTh": as pharmacy labels and LDN schedules abbreviate the days
    # (not "T-Th": Tuesday and Thursday, or Tuesday to Thursday?)
    **dict.fromkeys(
        [(*on, *days) for on in [(), ("on",)] for days in [("m", "/", "w", "/", "f"), ("m", "w", "f")]],
        frozenset({0, 2, 4}),
    ),
    # "100 mg M/W, 150 mg F" (the label's alcohol regimen as clinics abbreviate it)
    **dict.fromkeys([(*on, *days) for on in [(), ("on",)] for days in [("m", "/", "w"), ("mw",)]], frozenset({0, 2})),
    **dict.fromkeys(
        [(*on, *days) for on in [(), ("on",)] for days in [("t", "/", "th"), ("tu", "/", "th"), ("tth",), ("tuth",)]],
        frozenset({1, 3}),
    ),
}
# Before a weekday, words that make it when a course starts or stops ("starting Monday", "until
# Friday", with "up to"), never a day it is taken; after one, "onwards" does the same. Between the
# word and the day, BEFORE_A_DAY may stand ("starting on a Monday", "starting (Monday)").
COURSE_BOUND_LEADS = frozenset(
    {"start", "starting", "started", "begin", "beginning", "commencing", "until", "till", "til", "by", "after"}
    | {"before", "from"}
)
ONWARD = frozenset({"onwards", "onward"})
BEFORE_A_DAY = frozenset({"on", "the", "this", "next", "a", "("})
WEEKDAY_GROUPS.update(
    {(lead, word): frozenset({day}) for lead in ("every", "each") for word, day in WEEKDAY_WORDS.items()}
)

# Joiners and words that lead what follows them: at the very end of a text, what they lead was
# cut off ("50 mg Mon-Fri and", "4.5 mg qhs x", "take 1 tab of"); forms.py refuses it. Not a word
# that may end a text as well: "max", "each", "use", "a" ("9 mg max", "2.25 mg each", "for
# alcohol use", "for hepatitis a").
LEADS_ON = frozenset(
    {"and", "or", "plus", "x", "×", "for", "of", "per", "the", "to", "upto", "by", "in", "take", "then", "until"}
    | {"with", "at", "every", "y"}  # Spanish "y", and
)
DROP_WORDS = frozenset({"drop", "drops", "gtt", "gtts"})
# A route word that names the unit a strength is of, as a dose form does ("380 mg injection")
INJECTION_UNITS = frozenset({"injection", "inj"})
# What leads a quantity dispensed ("#30", "disp 30", "qty 90"): a count, as a dose's may be
QUANTITY_LEADS = ("#", "disp", "dispense", "qty", "quantity")
# Before a number, what makes it a dispensing detail's, never a refill count's ("Days supply: 30
# Refills: 2")
DISPENSED_NUMBER_LEADS = frozenset({*QUANTITY_LEADS, "supply", "ds"})
REFILLS = ("refill", "refills", "rf", "rfl")
# A word that binds a mass after counted units to each of them ("2 tablets of 50 mg"); "x" and
# "each" say so by their values (times, each).
EACH_LEADS = frozenset({"of", "de"})
# "4.5 mg daily dose": after a frequency, the amount before is the day's total (dose.py)
DOSE_WORDS = frozenset({"dose", "dosage"})
# Dispensing details: not the dose, never change it.
DISPENSING: set[tuple[str, ...]] = {
    ("#", NUM),
    # "disp 30", "Disp #30", "qty #90"
    *[(lead, *number, NUM) for lead in ("disp", "dispense", "qty", "quantity") for number in [(), ("#",)]],
    # "30-day supply, no refills", "3 refills", "RF 2", Epic's "Disp: 90 capsule, Rfl: 3"
    *[phrase for word in REFILLS for phrase in [("no", word), (NUM, word), (word, NUM)]],
    *[("with", NUM, word) for word in REFILLS],  # "dispense 90 capsules with 3 refills"
    ("refills", "remaining", NUM),
    # "RF x5", "refills x 2", "x3 refills", "x 5 RF": how many times, not a dose's multiplier
    *[phrase for word in REFILLS for times in ("x", "×") for phrase in [(word, times, NUM), (times, NUM, word)]],
    *[
        (lead, NUM, unit)
        for lead in ("disp", "dispense", "qty")
        for unit in ("tab", "tabs", "tablets", "caps", "capsules", "ml", "g")
    ],
    ("supply", NUM, "days"),
    # "Days supply: 30", "day supply 90", "DS 30" (NCPDP's field, as exports print it)
    *[(*days, "supply", NUM) for days in [("days",), ("day",), ("days'",)]],
    ("ds", NUM),
    # "30 day supply", "30-day supply", "3 month supply", "90 days' supply": how much was dispensed
    *[
        (NUM, *dash, unit, "supply")
        for dash in [(), ("-",)]
        for unit in ("day", "days", "week", "weeks", "month", "months")
    ],
}
# "qty 30 1/2 tab", "#30 and 1/2 tab": the number after these is what was dispensed, never the
# whole part of a mixed number
COUNTED_BEFORE_A_NUMBER = frozenset(p[0] for p in DISPENSING if len(p) == 2 and p[1] == NUM)
# How long a dose (or a titration step) is taken: never changes the dose; a step keeps its
# duration. Value: days per unit; the phrase's number says how many.
_DURATION_UNITS: dict[str, Fraction] = {
    **dict.fromkeys(["d", "day", "days"], Fraction(1)),
    **dict.fromkeys(["w", "wk", "wks", "week", "weeks"], Fraction(7)),
    **dict.fromkeys(["mo", "mos", "month", "months"], Fraction(30)),
    **dict.fromkeys(["y", "yr", "yrs", "year", "years"], Fraction(365)),
}
DURATION_UNIT_WORDS = frozenset(_DURATION_UNITS)
DURATIONS: dict[tuple[str, ...], Fraction] = {
    # "for 4 days (only)"
    **{
        (lead, NUM, unit, *only): days
        for lead in ("for", "x", "×")
        for unit, days in _DURATION_UNITS.items()
        for only in [(), ("only",)]
    },
    # "for 7 to 14 days": the step may last up to the longer
    **{
        (lead, NUM, *to, NUM, unit): days
        for lead in ("for", "x")
        for to in [("-",), ("to",)]
        for unit, days in _DURATION_UNITS.items()
    },
    # "for the next 7 days", "for the first 3-7 days"
    **{
        ("for", "the", which, NUM, *to, unit): days
        for which in ("next", "first")
        for to in [(), ("-", NUM), ("to", NUM)]
        for unit, days in _DURATION_UNITS.items()
    },
    # "x 7 nights", "for 7 nights", as LDN titrations count bedtime doses: days, after "for" or "x"
    # only ("2 nights a week" is how often)
    **{
        (lead, NUM, *to, unit): Fraction(1)
        for lead in ("for", "x", "×")
        for to in [(), ("-", NUM), ("to", NUM)]
        for unit in ("night", "nights")
    },
    # "for a week": how long, never "a week" (weekly) with a "for" in front; "for the first day",
    # "for the first week" (the label's 25 mg start, as leaflets write it), as "for the first 3 days" is
    **{
        (*lead, unit): _DURATION_UNITS[unit]
        for lead in [("for", "a"), ("for", "the", "first")]
        for unit in ("day", "wk", "week", "mo", "month", "yr", "year")
    },
    ("for", "a", "fortnight"): Fraction(14),
    # A bare "30 days" is a duration only after a frequency ("4.5 mg qhs 30 days"): pieces.py checks.
    **{(NUM, unit): days for unit, days in _DURATION_UNITS.items()},
}


# --- Spanish ---------------------------------------------------------------------------------
# "tomar 1 tableta por boca cada noche": the same readers, these words. Accents as written.
_AL_DIA = [("al", "día"), ("al", "dia"), ("por", "día"), ("por", "dia"), ("diarias",), ("diario",)]
_SPANISH_FREQUENCIES: dict[tuple[str, ...], Frequency] = {
    **dict.fromkeys(
        [
            ("diariamente",),
            ("cada", "día"),
            ("cada", "dia"),
            ("al", "día"),
            ("al", "dia"),
            ("una", "vez", "al", "día"),
            ("una", "vez", "al", "dia"),
        ],
        _ONCE_DAILY,
    ),
    **{(NUM, "veces", *al): Frequency(Fraction(0), _DAY, number_is="count") for al in _AL_DIA},
    **{(NUM, "vez", *al): Frequency(Fraction(0), _DAY, number_is="count") for al in _AL_DIA},
    **{("cada", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="hours") for word in ("horas", "hora")},
    **{("cada", NUM, word): Frequency(Fraction(1), Fraction(0), number_is="days") for word in ("días", "dias")},
    **dict.fromkeys([("cada", "semana"), ("semanal",), ("una", "vez", "a", "la", "semana")], _WEEKLY),
    **dict.fromkeys([("cada", "otro", "día"), ("cada", "otro", "dia"), ("días", "alternos")], _QOD),
    **{
        phrase: Frequency(Fraction(1), _DAY, time_of_day=True, slot="night")
        for phrase in [
            ("cada", "noche"),
            ("por", "la", "noche"),
            ("en", "la", "noche"),
            ("al", "acostarse"),
            ("antes", "de", "acostarse"),
            ("a", "la", "hora", "de", "dormir"),
            ("a", "la", "hora", "de", "acostarse"),  # US bilingual labels' "at bedtime"
            ("antes", "de", "dormir"),
        ]
    },
    **{
        phrase: Frequency(Fraction(1), _DAY, time_of_day=True, slot="morning")
        for phrase in [("cada", "mañana"), ("por", "la", "mañana"), ("en", "la", "mañana")]
    },
}
FREQUENCIES.update(_SPANISH_FREQUENCIES)
_SPANISH_ROUTES: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [
            ("por", "boca"),
            ("por", "vía", "oral"),
            ("por", "via", "oral"),
            ("vía", "oral"),
            ("debajo", "de", "la", "lengua"),
        ],
        "oral",
    ),
    **dict.fromkeys([("intramuscular",), ("en", "el", "músculo"), ("inyectar",), ("inyección",)], "injectable"),
    **dict.fromkeys([("aplicar",), ("crema",)], "topical"),
}
ROUTE_WORDS.update(_SPANISH_ROUTES)
FORM_WORDS.update(
    dict.fromkeys(
        [
            (w,)
            for w in (
                "tableta",
                "tabletas",
                "cápsula",
                "cápsulas",
                "capsula",
                "capsulas",
                "comprimido",
                "comprimidos",
                "pastilla",
                "pastillas",
            )
        ],
        None,
    )
)
FILLER_WORDS.update({("de",), ("del",), ("la",), ("el",), ("y",), ("usted",)})
CONNECTIVES.update(
    {
        **dict.fromkeys([("tomar",), ("tome",), ("tomarse",), ("administrar",)], "take"),
        **dict.fromkeys([("luego",), ("después",), ("despues",)], "then"),
    }
)
DRUG_WORDS.update(
    dict.fromkeys([("naltrexona",), ("naltrexona", "clorhidrato"), ("naltrexona", "en", "dosis", "baja")], "naltrexone")
)
DURATIONS.update(
    {
        **{
            ("durante", NUM, unit): days
            for unit, days in [("días", Fraction(1)), ("dias", Fraction(1)), ("semanas", Fraction(7))]
        },
        **{
            ("por", NUM, unit): days
            for unit, days in [("días", Fraction(1)), ("dias", Fraction(1)), ("semanas", Fraction(7))]
        },
    }
)
CONNECTIVES.update(dict.fromkeys([("según", "sea", "necesario"), ("si", "es", "necesario")], "prn"))


# What advice is about. A clause is set aside as advice only when every other word in it is one
# of these: so "do not take", "do not take whole", "no sabado", "do not take after dark", "do
# not take po", "unless cravings" (which stop, cut, move or make as-needed the dose) never are.
ADVICE_SUBJECTS = frozenset(
    {"alcohol", "alcoholic", "beer", "wine", "drinks", "beverages", "grapefruit", "juice"}
    | {"opioids", "opioid", "opiates", "opiate", "narcotics", "painkillers", "heroin", "methadone"}
    | {"pain", "medications", "medication", "medicines", "medicine", "relievers", "analgesics"}
    | {"containing", "products"}  # "avoid opioid-containing medicines", "… products"
    | {"drive", "driving", "operate", "operating", "machinery", "machines", "heavy", "vehicles", "tools"}
    | {"pregnancy", "breastfeeding", "surgery"}
    | {"drowsiness", "dizziness", "sleepiness", "nausea", "headache", "vivid", "dreams"}
)


# Naltrexone's contraindication said as a condition on advice: "do not take if (you are) taking
# opioids", "hold if on methadone". Only opioids: "do not take if drowsy" holds the dose on a
# condition, and stays refused. The condition may also name what the opioid is for ("opioid pain
# medication") and how it is taken; it must name an opioid.
OPIOIDS = frozenset(
    {"opioids", "opioid", "opiates", "opiate", "narcotics", "narcotic", "heroin", "methadone", "buprenorphine"}
    | {"suboxone", "fentanyl", "oxycodone", "morphine", "tramadol", "codeine", "hydrocodone"}
)
OPIOID_CONDITION_WORDS = frozenset(
    {"you", "are", "currently", "on", "taking", "using", "have", "recently", "used", "take", "use"}
    | {"pain", "medication", "medications", "medicine", "medicines", "relievers", "painkillers", "or", "any"}
)
# What "hold" may be for with no condition: "hold before surgery"; never "hold medication"
# The first words of advice that is a sentence of its own (the lists above, and "hold if on
# methadone"): only a separator or the end may follow it (forms.py)
ADVICE_OF_ITS_OWN = frozenset(
    phrase[0] for phrase in [*OPIOID_FREE_FIRST, *START_AFTER, *HOLD_BEFORE_SURGERY, *CARRY_A_CARD]
) | {"hold"}
HOLD_FOR = frozenset({"surgery", "procedures", "procedure"}) | OPIOIDS


# A side effect's condition opening advice, as UK cautionary labels (BNF labels 2 and 3) write it:
# "if sleepy do not drive/use machines", "if affected, do not drive". Only before advice's own
# lead (grammar.py): "if sleepy, take half" conditions the dose.
IF_AFFECTED = (
    ("if", "sleepy"),
    ("if", "drowsy"),
    ("if", "dizzy"),
    ("if", "affected"),
    ("if", "this", "happens"),
    ("if", "it", "makes", "you", "sleepy"),
)


# Words the vocabulary lacks that change how much or when ("for pain and double", "prn pain
# and mornings"): never what a dose is for.
CHANGES_THE_DOSE = frozenset(
    {"double", "triple", "quadruple", "twofold", "fourfold", "extra", "additional", "several", "half", "halve"}
    | {"higher", "lower", "less", "skip", "stop", "again", "repeat", "redose", "missed", "booster", "boosters"}
    | {"topup", "increments", "gradually", "pulse", "loading", "bolus", "both"}
    | {"mornings", "evenings", "nights", "afternoons", "tonight", "sunrise", "sunset"}
    | {"dawn", "dusk", "noon", "midday", "meals", "forgotten", "sometimes", "alternate", "alternating"}
    | {"pulsed", "pulsing", "pulses", "nonconsecutive", "ramp", "titrate", "trebled", "quadrupled", "onoff"}
)

# How often, said of the whole course ("4.5 mg qhs for ms intermittent"): never the last word of a
# condition, though the first of some ("intermittent explosive disorder", "cyclic vomiting syndrome").
HOW_OFTEN = frozenset(
    {"intermittent", "intermittently", "occasional", "sporadic", "periodic", "cyclic", "cycled"}
    | {"consecutive", "cyclical", "intermitent", "intermittant", "intermitant", "seldom", "pulse", "pulsed", "onoff"}
)
# ... and words a problem list puts last ("depression recurrent", "migraine episodic", "menstrual
# cycle"), which say how often only before what is taken so ("episodic courses"): see HOW_OFTEN_OF.
HOW_OFTEN_BEFORE_USE = HOW_OFTEN | {"episodic", "recurrent", "frequent", "cycle", "cycles", "cycling"}
# What a word of how often may say it of, after it ("for pain intermittent dosing"): still the schedule.
HOW_OFTEN_OF = frozenset(
    {"dosing", "dose", "doses", "therapy", "use", "basis", "schedule", "regimen", "treatment", "protocol"}
    | {"administration", "pattern", "plan", "course", "courses", "regime", "fashion", "taking", "periods"}
    | {"trial", "trials", "manner", "intake", "breaks"}
)


# Parts of words that say how often or how much, written run together or with an ending
# ("twicedaily", "biweekly", "doubled", "halved", "tapering").
DOSE_WORD_PARTS = (
    *("daily", "twice", "weekly", "nightly", "hourly", "monthly"),
    *("doubl", "tripl", "halv", "quarter", "extra", "taper", "escalat", "repeat", "divid"),
    # run together: "everyotherday", "onceaweek", "threenightsaweek", "halfdose", "morningandnight"
    *("every", "week", "night", "nite", "morning", "morn", "evening", "bedtime", "trebl", "quadrupl", "eod"),
    *("alternat", "times", "half", "ampm", "andpm", "andam", "stepup", "stepdown", "rampup", "split", "wean"),
    *("drugholiday", "loading", "evry", "oncea", "onandoff", "offandon", "schoolday"),
)


# "with meals and at bedtime", "before meals AND at bedtime", "pc and hs": meals that are each of
# three in a list of times, as every sig parser's tests read them (dscsa/pharmacy, Public-Health-
# Scotland's dose_instruction_parser); alone, "with meals" may be advice to take a daily dose with food.
EACH_MEAL = frozenset({"with meals", "after meals", "before meals", "pc", "ac", "with each meal"})
# A time of day that is itself a meal: "pc breakfast lunch dinner" lists them, with no other time.
MEAL_NAMES = ("breakfast", "lunch", "dinner", "supper", "meal")
# Words of a course over time: doses joined by "then" around them are steps, never one day's parts.
COURSE_WORDS = frozenset({"ongoing", "maintenance", "initially", *ONWARD})  # "… then 3 mg qhs onwards"
CONDITIONS = ("if ", "as tolerated", "until tolerated")  # the openings of conditional advice

# What may follow "1x3" (one unit, three times a day): a route, meal times, "prn".
AFTER_COMPACT_TIMES = frozenset(
    {"po", "orally", "oral", "by", "mouth", "pc", "ac", "prn", "with", "after", "before", "meals", "meal", "food"}
)


def all_known_words() -> set[str]:
    """Every single word the grammar accepts, for 'did you mean' suggestions."""
    words: set[str] = set()
    for table in (MASS_UNITS, VOLUME_UNITS, OTHER_UNITS, TIME_UNITS):
        words.update(table)
    words.update(WEEKDAY_WORDS)
    words.update(NUMBER_WORDS)
    for phrases in (
        FREQUENCIES,
        DRUG_WORDS,
        ROUTE_WORDS,
        FILLER_WORDS,
        DISPENSING,
        FORM_WORDS,
        COUNT_WORDS,
        AMOUNT_QUALIFIERS,
        CONNECTIVES,
        CONTEXT_WORDS,
        DURATIONS,
        NARRATIVE_WORDS,
        SALT_WORDS,
        PRODUCT_WORDS,
        WEEKDAY_GROUPS,
    ):
        for phrase in phrases:
            words.update(w for w in phrase if w.isalpha())
    return words
