"""A FHIR R4 Timing written as the words of a sig ("2 times daily", "in the morning and at
bedtime", "Mon, Wed, Fri"), which the grammar then reads as any sig's.

Every part of a timing that can change the day's dose is written or refused: a part left unread
(``dayOfWeek``, a second ``when``, a coded ``BID`` with no text) once gave a wrong day's dose.
What only says when the course runs or how long each administration lasts (``bounds``,
``count``, ``duration``, ``offset``) changes no dose and is passed over.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode

HOURS = {"s": Fraction(1, 3600), "min": Fraction(1, 60), "h": Fraction(1), "d": Fraction(24), "wk": Fraction(168)}
# FHIR's timing abbreviations (v3 GTSAbbreviation, the Timing.code value set) as a sig writes
# them, with how many times a day each is (to compare with a repeat beside it)
TIMING_CODES: dict[str, tuple[str, Fraction]] = {
    "QD": ("daily", Fraction(1)),
    "BID": ("bid", Fraction(2)),
    "TID": ("tid", Fraction(3)),
    "QID": ("qid", Fraction(4)),
    "AM": ("every morning", Fraction(1)),
    "PM": ("every evening", Fraction(1)),
    "QOD": ("every other day", Fraction(1, 2)),
    "Q4H": ("every 4 hours", Fraction(6)),
    "Q6H": ("every 6 hours", Fraction(4)),
    "Q8H": ("every 8 hours", Fraction(3)),
    "BED": ("at bedtime", Fraction(1)),
    "WK": ("weekly", Fraction(1, 7)),
    "MO": ("monthly", Fraction(1, 30)),
}
# EventTiming (Timing.repeat.when) as a sig writes each; the bare meal codes (C, AC, PC: with,
# before, after a meal, which one?) are not read
EVENTS = {
    "MORN": "in the morning",
    "MORN.early": "in the morning",
    "MORN.late": "in the morning",
    "NOON": "at noon",
    "AFT": "in the afternoon",
    "AFT.early": "in the afternoon",
    "AFT.late": "in the afternoon",
    "EVE": "in the evening",
    "EVE.early": "in the evening",
    "EVE.late": "in the evening",
    "NIGHT": "at night",
    "HS": "at bedtime",
    "WAKE": "on waking",
    "PHS": "on waking",
    "CM": "with breakfast",
    "CD": "with lunch",
    "CV": "with dinner",
    "ACM": "before breakfast",
    "ACD": "before lunch",
    "ACV": "before dinner",
    "PCM": "after breakfast",
    "PCD": "after lunch",
    "PCV": "after dinner",
}
DAYS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
# What a repeat may hold that changes no dose: when the course runs, how many times in all, how
# long each administration lasts, how long before or after its event
_PASSED_OVER = frozenset(
    {"boundsDuration", "boundsPeriod", "boundsRange", "count", "countMax", "duration", "durationMax", "durationUnit"}
    | {"offset"}
)
_READ = frozenset({"frequency", "frequencyMax", "period", "periodUnit", "when", "timeOfDay", "dayOfWeek"})


def timing_words(timing: object) -> str:
    """The timing as a sig's words; "" when it says nothing of how often."""
    if timing is None:
        return ""
    if not isinstance(timing, dict) or not isinstance(timing.get("repeat", {}), dict):
        raise DoseError("a timing or timing.repeat that is not an object", ErrorCode.UNSUPPORTED_FORM)
    repeat: dict[str, Any] = timing.get("repeat", {})
    unread = sorted(set(repeat) - _READ - _PASSED_OVER)
    if unread:
        raise DoseError(f"timing.repeat.{unread[0]} is not read", ErrorCode.UNSUPPORTED_FORM)
    coded, coded_per_day = _code_words(timing.get("code"))
    said = _repeat_words(repeat)
    if coded and said and coded_per_day is not None and coded_per_day != _repeat_per_day(repeat):
        # R4: the code is a complete statement of the timing, and either may be read (bounds
        # still apply over it); two that differ ("BID" beside 1 per 1 d) are refused, never one
        # of them chosen
        raise DoseError(f"timing.code says '{coded}' and timing.repeat '{said}'", ErrorCode.CONFLICTING_FREQUENCY)
    return said or coded


def _repeat_per_day(repeat: dict[str, Any]) -> Fraction | None:
    """How many times a day a repeat's words say, to compare with a code's."""
    per_day = _per_day(repeat)
    days, times = _days(repeat), _times_of_day(repeat)
    if days:
        return Fraction(len(days), 7)
    return per_day if per_day is not None else Fraction(len(times)) if times else None


def _repeat_words(repeat: dict[str, Any]) -> str:
    times = _times_of_day(repeat)
    days = _days(repeat)
    if not times and not days:
        return _how_often(repeat)
    if "frequencyMax" in repeat:
        raise DoseError("timing.repeat.frequencyMax beside when, timeOfDay or dayOfWeek", ErrorCode.UNSUPPORTED_FORM)
    if days:
        _check_once_on_each_day(repeat, len(days), len(times))
        return " ".join([", ".join(days), *times])
    _check_once_at_each_time(repeat, len(times))
    return " and ".join(times)


def _code_words(code: object) -> tuple[str, Fraction | None]:
    """A Timing.code as a sig's words and how many times a day it is: a coding of the timing
    abbreviations, else its text (times a day not known); "" if there is none."""
    if code is None:
        return "", None
    codings = code.get("coding") if isinstance(code, dict) else None
    if not isinstance(code, dict) or not isinstance(codings or [], list):
        raise DoseError("a timing.code that is not a CodeableConcept", ErrorCode.UNSUPPORTED_FORM)
    codes = [coding.get("code") for coding in codings or [] if isinstance(coding, dict)]
    for one in codes:
        if isinstance(one, str) and one in TIMING_CODES:
            return TIMING_CODES[one]
    if isinstance(code.get("text"), str) and code["text"].strip():
        return str(code["text"]), None
    if codes:
        raise DoseError(f"timing.code '{codes[0]}' is not read", ErrorCode.UNSUPPORTED_FORM)
    return "", None


def _times_of_day(repeat: dict[str, Any]) -> list[str]:
    """``when`` and ``timeOfDay`` as a sig's times of day, one per dose."""
    when, clocks = repeat.get("when") or [], repeat.get("timeOfDay") or []
    if not isinstance(when, list) or not isinstance(clocks, list):
        raise DoseError("timing.repeat.when or timeOfDay is not a list", ErrorCode.UNSUPPORTED_FORM)
    unread = [event for event in when if not isinstance(event, str) or event not in EVENTS]
    if unread:
        raise DoseError(f"timing.repeat.when '{unread[0]}' is not read", ErrorCode.UNSUPPORTED_FORM)
    if when and clocks:
        raise DoseError("timing.repeat has both when and timeOfDay: one dose or two?", ErrorCode.AMBIGUOUS_FREQUENCY)
    # in the day's order, as a sig lists them ("in the afternoon and every morning": a list out of
    # order is read as a time said twice, or refused)
    in_order = sorted(when, key=list(EVENTS).index)
    return [EVENTS[event] for event in in_order] + [f"at {clock}" for clock in sorted(map(_clock, clocks))]


def _clock(value: object) -> str:
    parts = value.split(":") if isinstance(value, str) else []
    if len(parts) != 3 or not all(part.isdigit() and len(part) == 2 for part in parts):
        raise DoseError(f"timing.repeat.timeOfDay '{value}' is not a time (hh:mm:ss)", ErrorCode.BAD_FREQUENCY)
    return f"{parts[0]}:{parts[1]}"


def _days(repeat: dict[str, Any]) -> list[str]:
    days = repeat.get("dayOfWeek") or []
    if not isinstance(days, list) or not all(isinstance(day, str) and day in DAYS for day in days):
        raise DoseError("timing.repeat.dayOfWeek is not a list of days (mon … sun)", ErrorCode.UNSUPPORTED_FORM)
    if len(set(days)) != len(days):
        raise DoseError("timing.repeat.dayOfWeek is not a list of days (mon … sun)", ErrorCode.UNSUPPORTED_FORM)
    return [DAYS[day] for day in days]


def _check_once_at_each_time(repeat: dict[str, Any], times: int) -> None:
    """``when: [MORN, HS]`` is a dose at each; a frequency beside it must say as many a day (some
    systems write 2 per 1 d, others none). Once a day beside two times: one dose or two?"""
    per_day = _per_day(repeat)
    if per_day is not None and per_day != times:
        raise DoseError(
            f"timing.repeat says {format_mg(per_day)} a day and names {times} times of day: which?",
            ErrorCode.CONFLICTING_FREQUENCY,
        )


def _check_once_on_each_day(repeat: dict[str, Any], days: int, times: int) -> None:
    """``dayOfWeek: [mon, wed, fri]``: once on each, at one time of day at most; a frequency beside
    it says once a day, or as many a week as there are days."""
    if times > 1:
        raise DoseError("timing.repeat.dayOfWeek with more than one time of day", ErrorCode.UNSUPPORTED_FORM)
    per_day = _per_day(repeat)
    if per_day is not None and per_day not in (1, Fraction(days, 7)):
        raise DoseError(
            f"timing.repeat says {format_mg(per_day)} a day on {days} days of the week: which?",
            ErrorCode.CONFLICTING_FREQUENCY,
        )


def _per_day(repeat: dict[str, Any]) -> Fraction | None:
    """How many times a day the frequency and period say; None if they say nothing."""
    if repeat.get("period") is None and repeat.get("periodUnit") is None:
        return None
    frequency, period, unit = repeat.get("frequency", 1), repeat.get("period"), repeat.get("periodUnit")
    if not is_number(frequency) or not is_number(period) or unit not in HOURS or Fraction(str(period)) <= 0:
        raise DoseError("a timing.repeat this cannot read (frequency, period, periodUnit)", ErrorCode.UNSUPPORTED_FORM)
    return Fraction(str(frequency)) * 24 / (Fraction(str(period)) * HOURS[unit])


def _how_often(repeat: dict[str, Any]) -> str:
    """Frequency and period (and frequencyMax) as a sig's words."""
    frequency, period, unit = repeat.get("frequency", 1), repeat.get("period"), repeat.get("periodUnit")
    if period is None and unit is None:
        if "frequencyMax" in repeat or "frequency" in repeat:
            raise DoseError("timing.repeat.frequency with no period", ErrorCode.UNSUPPORTED_FORM)
        return ""
    if unit == "mo":
        if (frequency, period) != (1, 1) or "frequencyMax" in repeat:
            raise DoseError("a timing of other than once a month", ErrorCode.UNSUPPORTED_FORM)
        return "monthly"
    per_day = _per_day(repeat)
    assert per_day is not None
    if "frequencyMax" in repeat:
        return _times_a_day_range(repeat, per_day)
    if per_day <= 0:
        raise DoseError("a timing of zero", ErrorCode.BAD_FREQUENCY)
    if per_day.denominator == 1:
        return "daily" if per_day == 1 else f"{per_day} times daily"
    every_days = 1 / per_day
    if every_days.denominator == 1:
        if every_days % 7 == 0:
            return f"every {every_days // 7} weeks"
        return f"every {every_days} days"
    every_hours = 24 / per_day
    if every_hours.denominator == 1:
        return f"every {every_hours} hours"
    raise DoseError(f"a timing of {format_mg(per_day)} doses a day", ErrorCode.UNSUPPORTED_FORM)


def _times_a_day_range(repeat: dict[str, Any], per_day: Fraction) -> str:
    """ "1-2 times daily": frequency to frequencyMax in one day."""
    most = repeat["frequencyMax"]
    whole = is_number(most) and Fraction(str(most)).denominator == 1 and per_day.denominator == 1
    if (
        not whole
        or (repeat.get("period"), repeat.get("periodUnit")) != (1, "d")
        or not 0 < per_day < Fraction(str(most))
    ):
        raise DoseError("a timing.repeat.frequencyMax other than 'n-m times a day'", ErrorCode.UNSUPPORTED_FORM)
    return f"{per_day}-{most} times daily"


def is_number(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and value == value
        and abs(value) != float("inf")
    )
