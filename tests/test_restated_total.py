"""A bracket that is only a total over a day or a week ("(350 mg/week)", "(4.5 mg per day)")
restates the schedule outside it, whatever that schedule is: a weekday schedule ("50 mg Mon-Fri
and 100 mg Sat (350 mg/week)", a real-world row the table refused), a divided dose ("2.25 mg bid
(4.5 mg/day)"). It must come to the same day's total, else conflicting-amounts; and it is never a
schedule of its own: the dose per administration is the one outside ("4.5 mg (31.5 mg/week)" is
4.5 mg, not 31.5 mg once a week). Oracle: the totals worked out here from the parts."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import FREQUENCIES, STRENGTHS_MG, expected_class

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()  # module-level: a failing example prints its text, not the data file

# (as written, days it covers)
PERIODS = [("/week", 7), (" per week", 7), (" a week", 7), ("/wk", 7), ("/day", 1), (" per day", 1), (" a day", 1)]


def _plain(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.6f}".rstrip("0")
    return text if Fraction(text) == value else ""


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.sampled_from(FREQUENCIES), st.sampled_from(PERIODS), st.integers(-2, 2))
def test_a_total_in_brackets_restates_the_schedule(
    strength: str, frequency: tuple[str, Fraction], period: tuple[str, int], off: int
) -> None:
    per_day = Fraction(strength) * frequency[1]
    total = per_day * period[1] * (1 + Fraction(off, 10))
    written = _plain(total)
    if not written:
        return  # not a terminating decimal: nobody writes it
    result = classify(f"{strength} mg {frequency[0]} ({written} mg{period[0]})", REGIMENS)
    if off:
        assert not result.ok, (result.input, result.daily_dose_mg)
        return
    if result.ok:
        assert result.daily_dose_mg == per_day, (result.input, result.daily_dose_mg)
        assert result.dose_mg == Fraction(strength), (result.input, result.dose_mg)
        assert result.dose_class == expected_class(per_day)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.sampled_from(STRENGTHS_MG), st.booleans(), st.integers(-1, 1))
def test_a_weekly_total_restates_a_weekday_schedule(weekday: str, saturday: str, per: bool, off: int) -> None:
    total = 5 * Fraction(weekday) + Fraction(saturday) + off
    period = " per week" if per else "/week"
    result = classify(f"naltrexone {weekday} mg Mon-Fri and {saturday} mg Sat ({_plain(total)} mg{period})", REGIMENS)
    if off:
        assert not result.ok, (result.input, result.daily_dose_mg)
    elif result.ok:
        assert result.daily_dose_mg == total / 7, (result.input, result.daily_dose_mg)


def test_a_schedule_in_brackets_still_agrees_dose_by_dose() -> None:
    # "(350 mg weekly)" and "(2.25 mg bid)" are schedules: another schedule outside conflicts
    for text in ("50 mg daily (350 mg weekly)", "4.5 mg qhs (2.25 mg bid)"):
        result = classify(text, REGIMENS)
        assert result.error is not None and result.error.code == "conflicting-amounts", text


def test_the_real_world_row() -> None:
    result = classify("naltrexone 50 mg Mon-Fri and 100 mg Sat (350 mg/week)", REGIMENS)
    assert (result.dose_class, result.daily_dose_mg) == ("HDN", Fraction(50))
    result = classify("4.5 mg (31.5 mg/week)", REGIMENS)
    assert (result.dose_mg, result.daily_dose_mg) == (Fraction(9, 2), Fraction(9, 2))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["0.5", "1", "1.5", "4.5"]),
    st.integers(1, 3),
    st.integers(1, 3),
    st.sampled_from(FREQUENCIES),
    st.sampled_from(["ml", "mg"]),
)
def test_a_bracket_of_totals_after_a_range_of_amounts_restates_it(
    per_ml: str, low: int, more: int, frequency: tuple[str, Fraction], unit: str
) -> None:
    # "take 1-2 mL (1.5-3 mg total) qhs" of a 1.5 mg/mL solution: read before the range of totals
    # was, and again (only after a range of counts are the totals each end's: "1-2 tabs (…)")
    strength = Fraction(per_ml)
    high = low + more
    if unit == "ml":
        amounts, product = f"{low}-{high} ml", f"naltrexone {per_ml} mg/mL oral solution"
    else:
        amounts, product = f"{_plain(low * strength)}-{_plain(high * strength)} mg", None
    totals = f"({_plain(low * strength)}-{_plain(high * strength)} mg total)"
    text = f"take {amounts} {totals} {frequency[0]}"
    result = classify(text, REGIMENS, product=product)
    lowest, most = low * strength * frequency[1], high * strength * frequency[1]
    if result.ok:
        assert (result.daily_dose_mg_min, result.daily_dose_mg) == (lowest, most), text
    elif expected_class(lowest) == expected_class(most) and most <= 1000 and lowest >= 1:
        assert result.error is not None and result.error.code == "range-spans-bands", (text, result.error)


# With the word "total", "daily" and "weekly" say a total too (LDN Norway's "2,25 mg b.i.d. (total
# 4,5 mg daglig)", the probe of stop 25): (template, days it covers)
TOTALS = [
    ("total {} mg daily", 1),
    ("{} mg total daily", 1),
    ("{} mg daily total", 1),
    ("total daily dose {} mg", 1),
    ("total daily {} mg", 1),
    ("total {} mg per day", 1),
    ("total {} mg weekly", 7),
    ("{} mg total weekly", 7),
]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.sampled_from(FREQUENCIES), st.sampled_from(TOTALS), st.integers(-2, 2))
def test_a_total_said_with_total_restates_the_schedule(
    strength: str, frequency: tuple[str, Fraction], template: tuple[str, int], off: int
) -> None:
    per_day = Fraction(strength) * frequency[1]
    written = _plain(per_day * template[1] * (1 + Fraction(off, 10)))
    if not written:
        return
    plain = classify(f"{strength} mg {frequency[0]}", REGIMENS)
    result = classify(f"{strength} mg {frequency[0]} ({template[0].format(written)})", REGIMENS)
    if off or not plain.ok:
        assert not result.ok, (result.input, result.daily_dose_mg)
        return
    if template[1] == 7 and not result.ok:  # "0.5 mg qhs (… weekly)": every night of some weeks?
        assert result.error is not None and result.error.code == "ambiguous-frequency", result.input
        return
    assert result.ok, (result.input, result.error)
    assert (result.daily_dose_mg, result.dose_mg) == (plain.daily_dose_mg, plain.dose_mg), result.input


def test_a_dose_s_total_is_not_a_day_s() -> None:
    """Epic's "(4.5 mg total)" is the dose's; "(4.5 mg daily)" beside twice daily may be a schedule
    of its own: both stay what they were."""
    assert classify("Take 1 capsule (4.5 mg total) by mouth at bedtime", REGIMENS).daily_dose_mg == Fraction(9, 2)
    assert classify("2.25 mg bid (4.5 mg daily)", REGIMENS).error.code == "conflicting-amounts"
    assert classify("2.25 mg bid (total 4.5 mg)", REGIMENS).ok is False


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["4.5", "31.5", "350", "50", "2.25"]),
    st.sampled_from(["/day", " per day", "/d", "/week", " per week", "/wk", " per wk"]),
    st.sampled_from(["", "naltrexone ", "LDN "]),
)
def test_a_total_alone_says_one_dose_in_its_period_is_assumed(mg: str, period: str, lead: str) -> None:
    """ "350 mg/week" alone: the week's total, read as one dose a week (TIP 63's 350 mg/week is
    100/100/150 mg); the result says so (it claimed a single 350 mg dose in silence)."""
    result = classify(f"{lead}{mg} mg{period}", REGIMENS)
    assert result.ok, result.error
    assert any("a total over its period" in said for said in result.assumptions), result.assumptions
    days = 7 if "w" in period else 1
    assert result.daily_dose_mg == Fraction(mg) / days


@given(st.sampled_from(["4.5 mg/day at bedtime", "4.5 mg daily", "4.5 mg a day", "2.25 mg bid (4.5 mg/day)"]))
def test_a_total_with_its_time_or_as_once_daily_assumes_nothing(text: str) -> None:
    result = classify(text, REGIMENS)
    assert result.ok, result.error
    assert not any("a total over its period" in said for said in result.assumptions), (text, result.assumptions)


# Times of day, each once a day: (as written, doses a day)
TIMES_OF_DAY = [("qhs", 1), ("at bedtime", 1), ("nightly", 1), ("every morning", 1), ("qam", 1), ("every night", 1)]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["1", "1.5", "3", "4.5", "50"]),
    st.sampled_from(TIMES_OF_DAY),
    st.sampled_from([p for p in PERIODS if p[1] == 7]),
    st.integers(-1, 1),
)
def test_a_week_s_total_in_brackets_restates_a_time_of_day(
    strength: str, time_of_day: tuple[str, int], period: tuple[str, int], off: int
) -> None:
    """ "4.5 mg qhs (31.5 mg/week)", a pharmacist's check of the week: the nightly dose restated over a
    week (it was refused as "every night of some weeks, or one a week?"). Oracle: 7 × the nightly dose."""
    week = Fraction(strength) * time_of_day[1] * 7 + off
    result = classify(f"{strength} mg {time_of_day[0]} ({_plain(week)} mg{period[0]})", REGIMENS)
    if off:
        assert result.error is not None and result.error.code == "conflicting-amounts", (result.input, result.error)
        return
    assert result.ok, (result.input, result.error)
    assert (result.dose_mg, result.daily_dose_mg) == (Fraction(strength), Fraction(strength)), result.input


def test_a_week_s_amount_beside_a_time_of_day_outside_brackets_stays_refused() -> None:
    # not in brackets, or said as a schedule ("weekly"): every night of some weeks, or once a week?
    for text in ("4.5 mg qhs (31.5 mg weekly)", "4.5 mg/week qhs", "4.5 mg qhs, 31.5 mg/week"):
        result = classify(text, REGIMENS)
        assert result.error is not None and result.error.code == "ambiguous-frequency", text
