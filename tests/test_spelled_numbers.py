"""Epic restates a number in words in brackets: "every 24 (twenty-four) hours", "every 72
(seventy-two) hours", "for 14 (fourteen) days". Over twelve the words were unknown, so common EHR
sigs were refused. The words are read only as a restatement: they must equal the digits before
them, else the text is refused. Oracle: the number spelled here, independently of the reader."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import STRENGTHS_MG, check

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()  # module-level: a failing example prints its text, not the data file
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spelled(number: int, joint: str) -> str:
    if number < 10:
        return ONES[number]
    if number < 20:
        return TEENS[number - 10]
    tens, ones = divmod(number, 10)
    return TENS[tens] + (joint + ONES[ones] if ones else "")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.sampled_from([6, 8, 12, 24, 48, 72]), st.sampled_from(["-", " "]))
def test_every_n_hours_restated_in_words(strength: str, hours: int, joint: str) -> None:
    text = f"Take 1 tablet ({strength} mg total) by mouth every {hours} ({spelled(hours, joint)}) hours."
    check(text, Fraction(strength) * 24 / hours, REGIMENS)
    assert classify(text, REGIMENS).ok, text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.integers(13, 99), st.integers(1, 9))
def test_words_that_differ_from_the_digits_are_refused(strength: str, days: int, off: int) -> None:
    wrong = days + off if days + off < 100 else days - off
    assert not classify(f"{strength} mg every {days} ({spelled(wrong, '-')}) days", REGIMENS).ok


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.integers(13, 99))
def test_how_long_restated_in_words(strength: str, days: int) -> None:
    check(f"{strength} mg qhs for {days} ({spelled(days, '-')}) days", Fraction(strength), REGIMENS)
