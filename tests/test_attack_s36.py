"""Stop 36: plain spellings that were refused, each read by one rule of the vocabulary.

- "twice everyday", "2 times every day" (parserx's fixtures write "everyday"; "three times every
  day" was read, "twice every day" was not): after how many times, every way of saying a day.
- "qnite", "every other nite", "alternate nites", "every 3rd nite": "nite" is night wherever
  night is read ("every nite" and "nitely" were).
- "Tu, Th, Sa" (the two-letter days calendars and some EHRs write): a day where other days are
  named with them; alone ("50 mg th") two letters may be a slip, and are refused.
Oracle: each text reads as the same text written with the long spelling.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()
AMOUNTS = ["1 mg", "1.5 mg", "2.25 mg", "3 mg", "4.5 mg", "25 mg", "50 mg", "100 mg"]


def _same_reading(written: str, spelled_out: str) -> None:
    said, plain = classify(written, REGIMENS), classify(spelled_out, REGIMENS)
    assert plain.ok, (spelled_out, plain.error)
    assert said.ok, (written, said.error)
    assert (said.dose_class, said.dose_mg, said.daily_dose_mg) == (plain.dose_class, plain.dose_mg, plain.daily_dose_mg)


TIMES = {"twice": "twice a day", "2 times": "2 times a day", "three times": "three times a day", "3 x": "3 x a day"}
EVERY_DAY = ["everyday", "every day", "each day"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(AMOUNTS), st.sampled_from(sorted(TIMES)), st.sampled_from(EVERY_DAY))
def test_how_many_times_every_day(amount: str, times: str, every_day: str) -> None:
    _same_reading(f"{amount} {times} {every_day}", f"{amount} {TIMES[times]}")


NIGHTS = {
    "qnite": "qhs",
    "every other nite": "every other night",
    "alternate nites": "alternate nights",
    "every 2nd nite": "every 2nd night",
    "every third nite": "every third night",
    "every 4th nite": "every 4th night",
}


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(AMOUNTS), st.sampled_from(sorted(NIGHTS)))
def test_nite_is_night(amount: str, nite: str) -> None:
    _same_reading(f"{amount} {nite}", f"{amount} {NIGHTS[nite]}")


# Each day as a calendar's two letters and as the vocabulary's short form (Monday, Wednesday and
# Friday have no two-letter form read: "mo" is a month, "we" and "fr" other words).
DAYS = [("mon", "mon"), ("tu", "tue"), ("wed", "wed"), ("th", "thu"), ("fri", "fri"), ("sa", "sat"), ("su", "sun")]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(AMOUNTS),
    st.lists(st.integers(0, 6), min_size=2, max_size=4, unique=True),
    st.sampled_from([", ", " ", "/", " and "]),
)
def test_two_letter_days_in_a_list(amount: str, days: list[int], between: str) -> None:
    written = between.join(DAYS[day][0].title() for day in days)
    spelled = between.join(DAYS[day][1].title() for day in days)
    _same_reading(f"{amount} {written}", f"{amount} {spelled}")


@pytest.mark.parametrize("text", ["50 mg th", "100 mg Sa", "4.5 mg su", "50 mg daily tu"])
def test_two_letters_alone_are_refused(text: str) -> None:
    result = classify(text, REGIMENS)
    assert not result.ok and result.error.code == "unknown-word", (text, result.error)


def test_a_two_letter_day_after_a_start_is_when_it_starts() -> None:
    # The check that "starting Monday" is no day it is taken sees the two letters too.
    assert classify("50 mg Tu, Th starting Sa", REGIMENS).error.code == "unsupported-form"


def test_an_ordinal_stays_an_ordinal() -> None:
    assert (
        classify("4.5 mg every 4 th day", REGIMENS).daily_dose_mg
        == classify("4.5 mg every 4 days", REGIMENS).daily_dose_mg
    )


# "may increase to max 4.5 mg" (LDN guides and pharmacy pages): the most it may reach, said as
# "to 4.5 mg" says it; in a rise by steps too. Oracle: the text without the maximum's words.
MOST_WORDS = ["max", "maximum", "max of", "a max of", "a maximum of", "maximum of"]
RISES = [
    ("1.5 mg qhs, may increase to {most} 4.5 mg", "1.5 mg qhs, may increase to 4.5 mg"),
    ("1 mg nightly; may titrate up to {most} 3 mg", "1 mg nightly; may titrate up to 3 mg"),
    (
        "1.5 mg qhs, may increase by 1.5 mg weekly to {most} 4.5 mg",
        "1.5 mg qhs, may increase by 1.5 mg weekly to 4.5 mg",
    ),
    ("1 cap (1.5 mg) qhs, may increase to {most} 3 caps", "1 cap (1.5 mg) qhs, may increase to 3 caps"),
    ("50 mg daily, may increase to {most} 100 mg daily", "50 mg daily, may increase to 100 mg daily"),
]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(RISES), st.sampled_from(MOST_WORDS))
def test_may_increase_to_the_most(rise: tuple[str, str], most: str) -> None:
    template, plain = rise
    written = template.format(most=most)
    said, oracle = classify(written, REGIMENS), classify(plain, REGIMENS)
    assert oracle.ok and said.ok, (written, said.error, oracle.error)
    assert (said.dose_class, said.daily_dose_mg, said.daily_dose_mg_min) == (
        oracle.dose_class,
        oracle.daily_dose_mg,
        oracle.daily_dose_mg_min,
    ), written


def test_a_day_s_most_after_a_dose_not_taken_daily_is_refused() -> None:
    # "max daily dose" after an every-other-day dose: which does it limit? (as for an escalation)
    assert classify("1.5 mg qod, may increase to max daily dose 4.5 mg", REGIMENS).error.code == "ambiguous-dose"
