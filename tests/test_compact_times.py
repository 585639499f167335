"""The "1x3" shorthand (a count and how many times a day, written together; swittk/ezmedicationinput's
test suite has it as "1x3 po pc", "1.5x3", "1*3 po ac"): read with exact arithmetic as the oracle,
and never where a word after it makes the number a count, an amount or a length."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify
from ldnclass.reading import lexicon
from ldnclass.regimens import Regimens

STRENGTHS = ["0.5", "1", "1.5", "2.25", "25", "50"]
COUNTS = {"1": Fraction(1), "1/2": Fraction(1, 2)}
SIGNS = ["x", "X", "*", "×"]
AFTER = ["", " po", " po pc", " orally", " po ac", " prn"]
# What may come after "1x3" and make it something else: a length, an amount, a period, a frequency.
FOLLOWERS = [" days", " d", " weeks", " tabs", " caps", " mg", " ml", " doses", " times", " total", " in 7 days"]
FOLLOWERS += [" per 2 days", " in 1 week", " bid", " weekly", " qod", " x 7 days", ""]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(STRENGTHS),
    st.sampled_from(sorted(COUNTS)),
    st.sampled_from(SIGNS),
    st.integers(min_value=1, max_value=6),
    st.sampled_from(AFTER),
)
def test_a_count_times_a_day_is_read_with_exact_arithmetic(
    regimens: Regimens, strength: str, count: str, sign: str, times: int, after: str
) -> None:
    text = f"naltrexone {strength} mg tablets: {count}{sign}{times}{after}"
    result = classify(text, regimens)
    expected_dose = Fraction(strength) * COUNTS[count]
    if expected_dose * times > 1000:  # the implausible limit is the data file's; not this rule's
        return
    assert result.ok, (text, result.error)
    assert result.dose_mg == expected_dose
    assert result.daily_dose_mg == expected_dose * times
    # "3x1" could be three times a day, one each time: said whenever the other reading exists
    other_way_round = count.isdigit() and int(count) != times
    assert any("read the other way round" in w for w in result.warnings) == other_way_round, result.warnings


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(STRENGTHS),
    st.sampled_from(["1", "2", "1.5", "4.5", "3"]),
    st.sampled_from(["x", "*"]),
    st.integers(min_value=1, max_value=30),
    st.sampled_from(FOLLOWERS),
    st.sampled_from(["", " "]),
)
def test_the_shorthand_is_never_read_where_it_could_be_something_else(
    regimens: Regimens, strength: str, count: str, sign: str, number: int, after: str, space: str
) -> None:
    # "1x3 days", "1x3 in 7 days", "1x3 total", "2x5 ml", "4.5x1" (a strength?), "1 x 3", "1x8":
    # with no other frequency written, nothing then says how often: refused.
    text = f"naltrexone {strength} mg tablets: {count}{space}{sign}{number}{after}"
    if count == "1" and not space and number <= 6 and not after:
        return  # the shorthand itself (the test above)
    result = classify(text, regimens)
    assert not any(f"{sign}{number}' read as" in w for w in result.warnings), (text, result.warnings)
    if after in ("", " days", " d", " weeks", " tabs", " caps", " doses", " times", " total", " in 7 days"):
        assert not result.ok, (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # found by an attack: a word before the count takes it ("week 1", "day 1/2"), "total" makes
        # the amount the day's, and "prn qwk" hides a weekly schedule as what the dose is for
        ("2x week 1x1", "naltrexone 50 mg tablet"),
        ("4.5 mg 2x week 1x1", None),
        ("day 1/2x1", "naltrexone 50 mg tablet"),
        ("each week 1x2", "naltrexone 50 mg tablet"),
        ("4.5 mg total, 1x3", None),
        ("total 4.5 mg 1x2", None),
        ("qty 1x2", "naltrexone 50 mg tablet"),
        ("1x1 prn qwk", "naltrexone 50 mg tablet"),
        ("1.5 mg 1x3 in 7 days", None),
        ("4.5x1", "naltrexone 4.5 mg capsule"),
    ],
)
def test_the_shorthand_is_not_read_where_an_attack_found_it_wrong(
    regimens: Regimens, text: str, product: str | None
) -> None:
    result = classify(text, regimens, product=product)
    assert not result.ok, (text, result.daily_dose_mg, result.warnings)


# One-word frequencies, from the lexicon's own table: the glued form must read as the spaced one.
ONE_WORD_FREQUENCIES = sorted(w[0] for w in lexicon.FREQUENCIES if len(w) == 1 and w[0].isalpha())


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "naltrexone 4.5 mg tablets: ", "naltrexone 50 mg tablets: ", "4.5 mg ", "take "]),
    st.sampled_from(["1", "2", "1/2", "4.5", "0.5"]),
    st.sampled_from(ONE_WORD_FREQUENCIES),
    st.sampled_from(["", " po", " tuesday", " x 7 days", " prn", " mg"]),
    st.booleans(),
    st.sampled_from(["", " "]),
)
def test_a_frequency_glued_to_the_x_reads_as_the_spaced_one(
    regimens: Regimens, before: str, count: str, frequency: str, after: str, upper: bool, space: str
) -> None:
    # "1xHS", "1xweekly tuesday" (swittk/ezmedicationinput), "5 xdaily" (Public Health Scotland):
    # "1 x HS", "1 x weekly tuesday", "5 x daily"
    word = frequency.upper() if upper else frequency
    glued = classify(f"{before}{count}{space}x{word}{after}", regimens)
    if space and lexicon.FREQUENCIES[(frequency,)].time_of_day:
        assert not glued.ok  # "2 xlunch": 2 units at lunch, or twice at lunch? Only a count of times
        return
    spaced = classify(f"{before}{count} x {word}{after}", regimens)
    assert glued.ok == spaced.ok
    if spaced.ok:
        assert (glued.dose_class, glued.dose_mg, glued.daily_dose_mg) == (
            spaced.dose_class,
            spaced.dose_mg,
            spaced.daily_dose_mg,
        )
    else:
        assert glued.error is not None and spaced.error is not None
        assert glued.error.code == spaced.error.code


def test_only_a_frequency_is_taken_apart_from_the_x(regimens: Regimens) -> None:
    assert classify("1xHS", regimens, product="naltrexone 4.5 mg tablets").daily_dose_mg == Fraction(9, 2)
    assert classify("4.5 mgxhs", regimens).error is not None  # the x follows a unit, not a count
    assert classify("1xhsq", regimens, product="naltrexone 4.5 mg tablets").error is not None
