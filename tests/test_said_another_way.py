"""The same dose said another way reads the same, or is refused: the oracle is the plainer phrasing.

Each pair comes from the peer sig parsers' tests (Good Pill's `one time every 8 hours` and `sat/sun`,
ezmedicationinput's `at 5 in the evening`, Public Health Scotland's `prn if pain`) set against the
phrasing ldnclass already reads.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()
DOSES = ["1 tab", "2 tabs", "1/2 tab", "take 1 tablet by mouth"]
PRODUCTS = ["naltrexone 1.5 mg tablets", "naltrexone 50 mg tablets", "naltrexone 4.5 mg tablets"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _same(plain: str, other: str, product: str) -> None:
    expected, result = classify(plain, REGIMENS, product=product), classify(other, REGIMENS, product=product)
    assert expected.ok, (plain, expected.error)
    assert result.ok, (other, result.error)
    assert (result.dose_class, result.daily_dose_mg, result.dose_mg) == (
        expected.dose_class,
        expected.daily_dose_mg,
        expected.dose_mg,
    ), (other, result.arithmetic)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["one time", "1 time"]),
    st.sampled_from(["every 8 hours", "every 12 hours", "every day", "every 2 days", "every week"]),
)
def test_one_time_every_is_once_every(dose: str, product: str, one_time: str, every: str) -> None:
    _same(f"{dose} once {every}", f"{dose} {one_time} {every}", product)
    if any(c.isdigit() for c in every):  # "2 times every 8 hours": six a day, or two? Refused
        assert not classify(f"{dose} 2 times {every}", REGIMENS, product=product).ok


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["prn", "as needed"]),
    st.sampled_from(["pain", "fever", "cravings", "insomnia", "itching"]),
    st.sampled_from(["", " daily", " at bedtime"]),
)
def test_as_needed_if_is_as_needed_for(dose: str, product: str, prn: str, condition: str, frequency: str) -> None:
    _same(f"{dose}{frequency} {prn} {condition}", f"{dose}{frequency} {prn} if {condition}", product)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.lists(st.sampled_from(DAYS), min_size=2, max_size=4, unique=True),
)
def test_days_joined_by_a_slash_are_a_list(dose: str, product: str, days: list[str]) -> None:
    _same(f"{dose} daily on {' and '.join(days)}", f"{dose} daily on {'/'.join(days)}", product)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.integers(1, 11), st.sampled_from(["", ":30"]))
def test_an_hour_in_the_evening_is_that_hour_pm(dose: str, product: str, hour: int, minutes: str) -> None:
    _same(f"{dose} at {hour}{minutes} pm", f"{dose} at {hour}{minutes} in the evening", product)
    _same(f"{dose} at {hour}{minutes} am", f"{dose} at {hour}{minutes} in the morning", product)
    both = classify(f"{dose} at {hour} in the morning and at {hour} in the evening", REGIMENS, product=product)
    assert both.ok and both.doses_per_day == 2, both.error


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(["morning", "midday", "evening"]))
def test_a_meal_at_a_time_of_day_is_that_time(dose: str, product: str, time: str) -> None:
    plain = {"morning": "with breakfast", "midday": "with lunch", "evening": "with dinner"}[time]
    for said in (f"with {time} meal", f"with the {time} meal"):
        _same(f"{dose} {plain}", f"{dose} {said}", product)
    _same(f"{dose} with breakfast and dinner", f"{dose} with morning and evening meals", product)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(["", " qhs", " at bedtime"]))
def test_for_sleep_says_what_it_is_for(dose: str, product: str, frequency: str) -> None:
    # "TAKE 1/2 TO 2 TABLETS AT BEDTIME FOR SLEEP." (Advanced-Sig-Parser's verified sigs)
    for reason in ("for sleep", "for sleeping", "for better sleep"):
        _same(f"{dose}{frequency}", f"{dose}{frequency} {reason}", product)
    result = classify(f"{dose}{frequency} for sleep", REGIMENS, product=product)
    assert any("for sleep" in note for note in result.notes), result.notes


def test_a_whole_week_from_sunday_is_every_day() -> None:
    result = classify("1 tab daily sun-sat", REGIMENS, product="naltrexone 50 mg tablets")
    assert result.ok and result.daily_dose_mg == Fraction(50), result.error
