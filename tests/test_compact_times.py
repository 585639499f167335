"""The "1x3" shorthand (a count and how many times a day, written together; swittk/ezmedicationinput's
test suite has it as "1x3 po pc", "1.5x3", "1*3 po ac"): read with exact arithmetic as the oracle,
and never where a word after it makes the number a count, an amount or a length."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify
from ldnclass.regimens import Regimens

STRENGTHS = ["0.5", "1", "1.5", "2.25", "25", "50"]
COUNTS = {"1": Fraction(1), "2": Fraction(2), "1.5": Fraction(3, 2), "1/2": Fraction(1, 2)}
SIGNS = ["x", "X", "*", "×"]
AFTER = ["", " po", " po pc", " orally", " po ac", " prn"]


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


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(STRENGTHS),
    st.sampled_from(["1", "2"]),
    st.sampled_from(["x", "*"]),
    st.integers(min_value=1, max_value=30),
    st.sampled_from([" days", " d", " weeks", " tabs", " caps", " mg", " ml", " doses", " times", ""]),
    st.sampled_from(["", " "]),
)
def test_the_shorthand_is_never_read_where_the_number_is_a_count_an_amount_or_a_length(
    regimens: Regimens, strength: str, count: str, sign: str, number: int, after: str, space: str
) -> None:
    # "1x3 days" is for three days; "2x5 ml" is two of five; "1 x 3" spaced, or "1x8", is no such shorthand.
    text = f"naltrexone {strength} mg tablets: {count}{space}{sign}{number}{after}"
    result = classify(text, regimens)
    if after or space or number > 6:  # and with no frequency written, nothing says how often
        assert not result.ok, (text, result.daily_dose_mg, result.warnings)
