"""Forms a broad attack found answered wrongly (each `ok: true` with the wrong mg/day), now read
right or refused. Oracle: the day's dose worked out here from the parts; a refusal is allowed
where the text can be read two ways, and required where the two readings differ.

- a tablet's strength in brackets, dissolved: "dissolve 1 tab (50 mg) in 50 mL water, take 4.5
  mL qhs" is 4.5 mg, not 50 (the bracket was read as the dose);
- a mass "in" or "per" several units ("4.5 mg in 3 capsules") was multiplied by them;
- the same time of day said twice ("at bedtime, at night") was two doses; an evening and a night
  word together ("qpm at bedtime") may be one dose or two;
- two frequencies joined by "or" ("nightly or every other day") kept one of them;
- doses on given days ("on day 1 and day 3") were read as every day; "8 nights a week";
- a comma or a stop where none is expected: "4 mg, and a half", "4.5 mg, in 3 capsules" slipped
  past their checks, "was on 1.5 mg, now; taking 3 mg" read the product's unit as the dose, and a
  comma in a restating bracket ("100 mg (2 tablets, total)") made the dose a strength (200 mg);
- a mass then a count with nothing naming the mass a strength ("take 100 mg 2 tablets": 100 or
  200 mg?) was multiplied;
- the afternoon beside noon or the evening with no "and" ("in the afternoon (pm)") was two doses;
  a bare count before it ("3 in the afternoon") may be the hour; a clock list ("at 8:00,
  21:00/1:00", "at 9:00 pm, 9:00") lost or doubled a time.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_oracle import FREQUENCIES, STRENGTHS_MG, check

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()  # module-level: a failing example prints its text, not the data file
TABLETS_MG = ["4.5", "25", "50", "100"]
SOLVENT_ML = ["9", "10", "25", "50", "100"]
TAKEN_ML = ["1", "2", "2.5", "4.5", "5", "10"]
SAME_TIME = {
    "morning": ["in the morning", "qam", "with breakfast", "every morning"],
    "night": ["at bedtime", "at night", "qhs", "before sleep", "nightly"],
}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(TABLETS_MG),
    st.sampled_from(SOLVENT_ML),
    st.sampled_from(TAKEN_ML),
    st.sampled_from(FREQUENCIES),
    st.integers(0, 3),
)
def test_a_dissolved_tablets_strength_in_brackets_is_not_the_dose(
    tablet: str, solvent: str, taken: str, frequency: tuple[str, Fraction], shape: int
) -> None:
    text = [
        f"dissolve 1 tab ({tablet} mg) in {solvent} ml water, take {taken} ml {frequency[0]}",
        f"dissolve 1 tablet ({tablet} mg total) in {solvent} mL water, take {taken} mL {frequency[0]}",
        f"1 tablet ({tablet} mg) dissolved in {solvent} ml water: {taken} ml {frequency[0]}",
        f"dissolve 1 tab of {tablet} mg in {solvent} ml water, take {taken} ml {frequency[0]}",
    ][shape]
    check(text, Fraction(tablet) / Fraction(solvent) * Fraction(taken) * frequency[1], REGIMENS)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.integers(2, 4), st.sampled_from(["in", "per", "(in"]))
def test_a_mass_in_several_units_is_refused(strength: str, units: int, joint: str) -> None:
    close = ")" if joint.startswith("(") else ""
    text = f"take {strength} mg {joint} {units} capsules{close} at bedtime"
    assert not classify(text, REGIMENS).ok, text
    check(f"take {strength} mg {joint} 1 capsule{close} at bedtime", Fraction(strength), REGIMENS)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(sorted(SAME_TIME)),
    st.data(),
)
def test_the_same_time_of_day_said_twice_is_one_dose(strength: str, slot: str, data: st.DataObject) -> None:
    first, second = data.draw(st.lists(st.sampled_from(SAME_TIME[slot]), min_size=2, max_size=2, unique=True))
    for joint in (" ", ", "):
        check(f"{strength} mg {first}{joint}{second}", Fraction(strength), REGIMENS)
    assert not classify(f"{strength} mg {first} and {second}", REGIMENS).ok


# The evening as a part of the day and bedtime as going to bed, spelled out, side by side, are
# one time ("every evening at bedtime"); abbreviations, a meal or a comma may be two doses.
SPELLED_EVENINGS = {"in the evening", "every evening"}
SPELLED_BEDTIMES = {"at bedtime", "before bed"}


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(["qpm", "in the evening", "with dinner"]),
    st.sampled_from(["at bedtime", "qhs", "before bed"]),
    st.booleans(),
)
def test_an_evening_and_a_night_word_without_and_are_refused(
    strength: str, evening: str, night: str, comma: bool
) -> None:
    joint = ", " if comma else " "
    for text in (f"{strength} mg {evening}{joint}{night}", f"{strength} mg {night}{joint}{evening}"):
        if evening in SPELLED_EVENINGS and night in SPELLED_BEDTIMES and not comma:
            check(text, Fraction(strength), REGIMENS)  # "in the evening at bedtime": one time (stop 35)
        else:
            assert not classify(text, REGIMENS).ok, text
    check(f"{strength} mg {evening} and {night}", 2 * Fraction(strength), REGIMENS)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.sampled_from(FREQUENCIES), st.sampled_from(FREQUENCIES))
def test_two_frequencies_joined_by_or_are_refused_or_a_known_range(
    strength: str, first: tuple[str, Fraction], second: tuple[str, Fraction]
) -> None:
    result = classify(f"{strength} mg {first[0]} or {second[0]}", REGIMENS)
    if result.ok:  # a range the vocabulary knows ("bid or tid"): classified on the most a day
        assert result.daily_dose_mg == Fraction(strength) * max(first[1], second[1]), result.input


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.integers(1, 7), st.integers(1, 7), st.integers(8, 30))
def test_doses_on_given_days_and_more_nights_than_a_week_are_refused(
    strength: str, first: int, second: int, nights: int
) -> None:
    for text in (
        f"{strength} mg on day {first} and day {second}",
        f"{strength} mg {nights} nights a week",
        f"{strength} mg qhs x {nights} days a week",
    ):
        assert not classify(text, REGIMENS).ok, text


# From the third attack (each answered wrongly before): one time of day said two ways, doses on
# given days, steps out of order, "once per 3 days".
CLOCKS = ["at 9 pm", "at 9:30 pm", "8 am", "at 21:00"]
RELATIVE = ["before lunch", "after breakfast", "with dinner", "before bed"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(CLOCKS),
    st.sampled_from(["qhs", "at bedtime", "every morning", "in the morning"]),
    st.booleans(),
)
def test_a_clock_time_and_a_time_of_day_with_a_comma_are_refused(
    strength: str, clock: str, word: str, first: bool
) -> None:
    text = f"{strength} mg {word}, {clock}" if first else f"{strength} mg {clock}, {word}"
    assert not classify(text, REGIMENS).ok, text
    check(f"{strength} mg {word} and {clock}", 2 * Fraction(strength), REGIMENS)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(RELATIVE),
    st.sampled_from(["in the morning", "at noon", "at bedtime", "qam"]),
    st.booleans(),
)
def test_a_time_next_to_a_meal_time_with_no_and_is_refused_or_one_dose(
    strength: str, relative: str, word: str, first: bool
) -> None:
    text = f"{strength} mg {relative} {word}" if first else f"{strength} mg {word} {relative}"
    check(text, Fraction(strength), REGIMENS)  # one dose, if read at all: never two


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.lists(st.integers(1, 7), min_size=2, max_size=4, unique=True))
def test_doses_on_given_days_are_refused(strength: str, days: list[int]) -> None:
    days.sort()
    text = "; ".join(f"day {day}: {strength} mg" for day in days)
    result = classify(text, REGIMENS)
    if any(later - earlier > 1 for earlier, later in pairwise(days)):
        assert not result.ok, text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.sampled_from(STRENGTHS_MG), st.integers(1, 4), st.integers(0, 3))
def test_steps_out_of_order_or_twice_are_refused(first: str, second: str, week: int, back: int) -> None:
    text = f"Week {week + back}: {first} mg daily; Week {week}: {second} mg daily"
    assert not classify(text, REGIMENS).ok, text
    check(f"Week {week}: {first} mg daily; Week {week + 1}: {second} mg daily", Fraction(second), REGIMENS)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(["once per", "once in", "each", "with breakfast each", "at bedtime each"]),
    st.integers(2, 14),
    st.sampled_from(["days", "weeks"]),
)
def test_once_per_a_length_is_refused_not_read_as_how_long(strength: str, lead: str, number: int, unit: str) -> None:
    text = f"{strength} mg {lead} {number} {unit}"
    result = classify(text, REGIMENS)
    if result.ok:  # never daily: the length is the interval
        assert result.daily_dose_mg < Fraction(strength), (text, result.daily_dose_mg)


# From the fourth attack: the same clock time written two ways is one dose; a frequency then a
# length no longer than its interval; a step after "onward"; brackets in dissolving directions.
SAME_CLOCK = [("at 21:00", "9 pm"), ("at 8 pm", "at 20:00"), ("at 9 pm", "at 21:00"), ("at 8 am", "08:00 am")]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.sampled_from(SAME_CLOCK), st.sampled_from([" ", ", ", " ("]))
def test_the_same_clock_time_written_two_ways_is_one_dose(strength: str, pair: tuple[str, str], joint: str) -> None:
    close = ")" if joint == " (" else ""
    check(f"{strength} mg {pair[0]}{joint}{pair[1]}{close}", Fraction(strength), REGIMENS)
    assert not classify(f"{strength} mg {pair[0]} and {pair[1]}", REGIMENS).ok


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from([("every 10 days", 10), ("weekly", 7), ("every 2 weeks", 14)]),
    st.sampled_from([("for a week", 7), ("for 5 days", 5), ("for 10 days", 10), ("for 12 weeks", 84)]),
)
def test_a_frequency_then_a_length_no_longer_than_its_interval_is_refused(
    strength: str, frequency: tuple[str, int], length: tuple[str, int]
) -> None:
    text = f"{strength} mg {frequency[0]} {length[0]}"
    result = classify(text, REGIMENS)
    if length[1] <= frequency[1]:
        assert not result.ok, text
    elif result.ok:
        assert result.daily_dose_mg == Fraction(strength) / frequency[1], text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(STRENGTHS_MG), st.sampled_from(STRENGTHS_MG), st.integers(1, 3))
def test_a_step_after_onward_is_refused(first: str, second: str, week: int) -> None:
    text = f"Week {week}: 1 mg daily; Week {week + 1} onward: {first} mg daily; Week {week + 2}: {second} mg daily"
    assert not classify(text, REGIMENS).ok, text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(TABLETS_MG), st.sampled_from(SOLVENT_ML), st.sampled_from(TAKEN_ML))
def test_a_bracket_elsewhere_in_dissolving_directions_is_refused(tablet: str, solvent: str, taken: str) -> None:
    for text in (
        f"dissolve 1 tab ({tablet} mg) in water ({solvent} mL), take {taken} mL qhs",
        f"dissolve ({tablet} mg) 1 tab in {solvent} mL water, take {taken} mL qhs",
    ):
        assert not classify(text, REGIMENS).ok, text


# From the fifth attack: a total after how long, a mass after the solvent.
@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["for a week", "x 10 doses", "for 14 (fourteen) days", "for a month", "x 7 days"]),
    st.sampled_from(["31.5", "45", "63", "350"]),
    st.sampled_from(["1 capsule", "1 tablet", "2 capsules"]),
)
def test_a_total_after_how_long_is_refused(length: str, total: str, count: str) -> None:
    text = f"Take {count} at bedtime {length} ({total} mg total)"
    assert not classify(text, REGIMENS).ok, text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SOLVENT_ML),
    st.sampled_from(TAKEN_ML),
    st.sampled_from(["4.5 mg/day", "4.5 mg per day", "31.5 mg/week", "100 mg/day"]),
    st.sampled_from([None, "naltrexone 50 mg tablet"]),
)
def test_a_mass_after_the_solvent_is_never_what_is_dissolved(
    solvent: str, taken: str, bracket: str, product: str | None
) -> None:
    text = f"Dissolve 1 tablet in {solvent} mL water, take {taken} mL daily ({bracket})"
    result = classify(text, REGIMENS, product=product)
    if result.ok:  # only as the dose restated, with the product's strength: never a guess
        assert product is not None and result.daily_dose_mg == Fraction(50) / Fraction(solvent) * Fraction(taken)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(["for a week", "x 7 days", "for 2 weeks"]),
    st.sampled_from([" and ", ", ", " and take ", ", take "]),
)
def test_a_length_then_another_amount_with_no_then_is_refused(strength: str, length: str, joint: str) -> None:
    # "4.5 mg qhs for a week and 1 mg qam": one part of the day for a while, or a step?
    assert not classify(f"{strength} mg qhs {length}{joint}1 mg qam", REGIMENS).ok
    # a total restating the dose after the length is the dose's
    check(f"{strength} mg qhs {length} ({strength} mg total)", Fraction(strength), REGIMENS)


# From a hunt in Spanish, mixed numbers and counts: "tab and a half" was read as the half alone
# (a third of the dose), "41/2 mg" as 20.5 mg, "half cap" was cut.
@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["tab", "tablet", "cap", "tableta", "mg"]),
    st.sampled_from([" and ", " plus ", " y "]),
    st.sampled_from(["a half", "a quarter", "1/2", "media", "one half"]),
)
def test_a_unit_and_a_fraction_is_refused(unit: str, joint: str, fraction: str) -> None:
    for text in (
        f"1 {unit}{joint}{fraction} daily",
        f"{unit}{joint}{fraction} daily",
        f"4 {unit}{joint}{fraction} qhs",
    ):
        result = classify(text, REGIMENS, product="naltrexone 3 mg tablet" if unit != "mg" else None)
        assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 9), st.sampled_from([(1, 2), (1, 4), (3, 4), (1, 3), (2, 3)]), st.sampled_from(["mg", "tabs"]))
def test_a_mixed_number_with_its_space_lost_is_refused(whole: int, part: tuple[int, int], unit: str) -> None:
    numerator, denominator = part
    text = f"{whole}{numerator}/{denominator} {unit} qhs"
    assert not classify(text, REGIMENS, product="naltrexone 1 mg tablet" if unit == "tabs" else None).ok, text
    check(f"{whole} {numerator}/{denominator} mg qhs", whole + Fraction(numerator, denominator), REGIMENS)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["half cap", "media cápsula", "1.5 cápsulas", "one half capsule", "1/2 capsule"]))
def test_a_capsule_counted_in_parts_is_refused_when_its_strength_is_known(count: str) -> None:
    text = f"take {count} qhs"
    assert not classify(text, REGIMENS, product="naltrexone 1.5 mg capsule").ok, text


SEPARATED = [", ", "; ", ". ", " , "]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SEPARATED),
    st.sampled_from(["tab", "tablet", "mg"]),
    st.sampled_from([" and ", " plus "]),
    st.sampled_from(["a half", "1/2", "one half"]),
)
def test_a_unit_and_a_fraction_across_a_comma_is_refused(separator: str, unit: str, joint: str, fraction: str) -> None:
    text = f"4 {unit}{separator.rstrip()}{joint}{fraction} qhs"
    result = classify(text, REGIMENS, product="naltrexone 3 mg tablet" if unit != "mg" else None)
    assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(SEPARATED), st.sampled_from(["1.5", "4.5", "50"]), st.integers(2, 4))
def test_a_mass_in_several_units_across_a_comma_is_refused(separator: str, mass: str, units: int) -> None:
    text = f"take {mass} mg{separator}in {units} capsules at bedtime"
    assert not classify(text, REGIMENS).ok, text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(["", ",", ";", "."]),
    st.sampled_from(["", "taking "]),
    st.sampled_from(FREQUENCIES),
)
def test_the_current_dose_is_what_follows_now_or_a_refusal(
    earlier: str, now: str, mark: str, taking: str, frequency: tuple[str, Fraction]
) -> None:
    # never the product's own unit standing in for a dose that is there, and never a frequency cut
    # off by a comma or a stop ("now 3 mg. bid" was 3 mg a day)
    text = f"was on {earlier} mg, now{mark} {taking}{now} mg{mark} {frequency[0]}"
    for product in (None, "naltrexone 50 mg tablet", "naltrexone 4.5 mg capsule"):
        result = classify(text, REGIMENS, product=product)
        if result.ok:
            assert result.daily_dose_mg == Fraction(now) * frequency[1], (text, product, result.arithmetic)
    nothing_after = classify(f"was on {earlier} mg, now{mark}", REGIMENS, product="naltrexone 50 mg tablet")
    assert not nothing_after.ok, (nothing_after.daily_dose_mg, nothing_after.arithmetic)


MASS_THEN_COUNT = ["{m} mg {c} {f}", "take {m} mg {c} {f}", "{m} mg, {c} {f}", "Take {m} mg, {c} {f}, by mouth"]
# the units in brackets, the mass the total: "take 100 mg (2 tablets, total)" is 100 mg
RESTATED_BY_UNITS = ["take {m} mg ({c} {f}, total)", "take {m} mg ({c} {f} total)", "take {m} mg ({c} {f})"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from([("2", Fraction(2)), ("1/2", Fraction(1, 2)), ("3", Fraction(3)), ("one", Fraction(1))]),
    st.sampled_from(["tablets", "caps"]),
    st.sampled_from(MASS_THEN_COUNT),
    st.sampled_from(FREQUENCIES),
)
def test_a_mass_then_a_count_is_a_strength_only_where_named_one(
    mass: str, count: tuple[str, Fraction], form: str, shape: str, frequency: tuple[str, Fraction]
) -> None:
    # "take 100 mg 2 tablets": 100 mg as 2 tablets, or 2 tablets of 100 mg? Of one unit both agree.
    (count_text, count_value), (frequency_text, per_day) = count, frequency
    text = f"{shape.format(m=mass, c=count_text, f=form)} {frequency_text}"
    result = classify(text, REGIMENS)
    if count_value == 1:
        assert result.ok and result.daily_dose_mg == Fraction(mass) * per_day, (text, result.error)
    else:
        assert not result.ok, (text, result.daily_dose_mg)
    # named a strength: by the drug's name, a dose form after it, or the product field
    as_strength = Fraction(mass) * count_value * per_day
    for named, product in (
        (f"naltrexone {mass} mg {count_text} {form} {frequency_text}", None),
        (f"{mass} mg {form}: {count_text} {frequency_text}", None),
        (text, f"naltrexone {mass} mg {form}"),
    ):
        named_result = classify(named, REGIMENS, product=product)
        if named_result.ok:
            assert named_result.daily_dose_mg == as_strength, (named, product, named_result.arithmetic)


DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DAYS), st.sampled_from(DAYS), st.sampled_from(["-", " to ", "–"]), st.sampled_from(TABLETS_MG))
def test_a_day_range_runs_forward_round_the_week(first: str, last: str, dash: str, strength: str) -> None:
    # "Fri to Mon" is four days; a week written from Sunday, "Sun-Thu", five
    days = (DAYS.index(last) - DAYS.index(first)) % 7 + 1
    text = f"1 tab po once daily {first}{dash}{last}"
    result = classify(text, REGIMENS, product=f"naltrexone {strength} mg tablets")
    assert result.ok, (text, result.error)
    assert result.daily_dose_mg == Fraction(strength) * days / 7, (text, result.arithmetic)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(["1/2", "1", "2", "3"]),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(RESTATED_BY_UNITS),
    st.sampled_from(FREQUENCIES),
)
def test_a_mass_restated_in_units_is_the_dose_and_the_product_must_make_it(
    mass: str, count: str, strength: str, shape: str, frequency: tuple[str, Fraction]
) -> None:
    text = f"{shape.format(m=mass, c=count, f='tablets')} {frequency[0]}"
    alone = classify(text, REGIMENS)
    assert alone.ok and alone.daily_dose_mg == Fraction(mass) * frequency[1], (text, alone.error)
    # of 0.5 mg tablets, "take 0.5 mg (3 tablets) tid" is a conflict, never 0.5 mg a dose
    product = classify(text, REGIMENS, product=f"naltrexone {strength} mg tablets")
    makes_it = Fraction(count) * Fraction(strength) == Fraction(mass)
    assert product.ok == makes_it, (text, strength, product.daily_dose_mg, product.error)
    if product.ok:
        assert product.daily_dose_mg == Fraction(mass) * frequency[1]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([("1", Fraction(1)), ("1/2", Fraction(1, 2)), ("2", Fraction(2))]),
    st.sampled_from([("1.5", Fraction(3, 2)), ("2", Fraction(2)), ("1", Fraction(1))]),
    st.sampled_from([("mon-fri", 5, "on weekends", 2), ("weekdays", 5, "sat", 1), ("mon to thu", 4, "fri-sun", 3)]),
    st.sampled_from(TABLETS_MG),
    st.sampled_from(["", " po once daily", " daily"]),
)
def test_a_second_weekday_groups_count_is_its_amount_not_a_dispensed_one(
    first: tuple[str, Fraction],
    second: tuple[str, Fraction],
    days: tuple[str, int, str, int],
    strength: str,
    each_day: str,
) -> None:
    # "1 tab po once daily mon-fri, 1.5 tabs po once daily on weekends" (Good Pill's parser tests)
    (count_a, value_a), (count_b, value_b), (days_a, number_a, days_b, number_b) = first, second, days
    text = f"{count_a} tab{each_day} {days_a}, {count_b} tabs{each_day} {days_b}"
    result = classify(text, REGIMENS, product=f"naltrexone {strength} mg tablets")
    assert result.ok, (text, result.error)
    expected = (value_a * number_a + value_b * number_b) * Fraction(strength) / 7
    assert result.daily_dose_mg == expected, (text, result.arithmetic)
    # without days after it, a count after the dose and its frequency is still refused
    assert not classify(f"{count_a} tab{each_day or ' daily'} {days_a}, {count_b} tabs", REGIMENS).ok


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from([("2", Fraction(2)), ("3", Fraction(3)), ("1/2", Fraction(1, 2)), ("half a", Fraction(1, 2))]),
    st.sampled_from(["({c} tabs, each)", "({c} tabs each)", "(each, {c} tabs)", "({c} tablets, per tablet)"]),
    st.sampled_from(FREQUENCIES),
)
def test_units_said_each_in_brackets_never_make_the_mass_a_total(
    mass: str, count: tuple[str, Fraction], bracket: str, frequency: tuple[str, Fraction]
) -> None:
    # "take 25 mg (2 tabs, each)": 25 mg is each tablet's, 50 mg a dose, or refused; never 25
    (count_text, count_value), (frequency_text, per_day) = count, frequency
    text = f"take {mass} mg {bracket.format(c=count_text)} {frequency_text}"
    result = classify(text, REGIMENS)
    if result.ok:
        assert result.daily_dose_mg == Fraction(mass) * count_value * per_day, (text, result.arithmetic)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["1/2", "half a", "1", "2", "3"]),
    st.sampled_from(["1.5", "4.5", "25", "50"]),
    st.sampled_from(["1.5", "4.5", "25", "50"]),
    st.sampled_from(["take {c} caps total {m} mg", "take {c} caps, total dose {m} mg,", "take {m} mg ({c} caps)"]),
    st.sampled_from(FREQUENCIES),
)
def test_a_total_is_the_dose_and_the_product_must_make_it(
    count: str, mass: str, strength: str, shape: str, frequency: tuple[str, Fraction]
) -> None:
    # "take 3 caps total 4.5 mg" was 13.5 mg; "take 50 mg (half a tablet)" of 50 mg tablets was 25
    text = f"{shape.format(c=count, m=mass)} {frequency[0]}"
    units = Fraction(1, 2) if count == "half a" else Fraction(count)
    alone = classify(text, REGIMENS)
    if alone.ok:
        assert alone.daily_dose_mg == Fraction(mass) * frequency[1], (text, alone.arithmetic)
    product = classify(text, REGIMENS, product=f"naltrexone {strength} mg capsules")
    if product.ok:
        assert units * Fraction(strength) == Fraction(mass), (text, strength, product.arithmetic)
        assert product.daily_dose_mg == Fraction(mass) * frequency[1], (text, product.arithmetic)


# From a third attack (helper, ~202k texts): each read wrong, now refused
CONDITIONS = ["if vivid dreams", "if nightmares", "if insomnia", "if trouble sleeping", "as tolerated", "prn"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([("1 cap", "at night"), ("1 cap", "nocte"), ("4.5 mg", "at bedtime"), ("3 mg", "qhs")]),
    st.sampled_from([("1 cap", "in the morning"), ("1 cap", "mane"), ("4.5 mg", "in the morning"), ("3 mg", "qam")]),
    st.sampled_from(["", ",", " and", ";"]),
    st.sampled_from(CONDITIONS),
)
def test_a_part_of_the_day_under_a_condition_is_never_added(
    night: tuple[str, str], morning: tuple[str, str], joint: str, condition: str
) -> None:
    # "1 cap at night 1 cap in the morning if vivid dreams": LDN's move to the morning, not a second dose
    text = f"{night[0]} {night[1]}{joint} {morning[0]} {morning[1]} {condition}"
    result = classify(text, REGIMENS, product="naltrexone 4.5 mg capsules" if "cap" in text else None)
    assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["2", "1", "two"]),
    st.sampled_from([" or ", " to "]),
    st.sampled_from(["3/day", "every 2nd day", "daily", "3 days a week", "every other day"]),
)
def test_a_choice_with_one_side_lost_is_refused(count: str, joint: str, frequency: str) -> None:
    # "take 2 or 3/day" was 2 units 3 times a day; "take 2 or every 2nd day" one side of a choice
    text = f"take {count}{joint}{frequency}"
    assert not classify(text, REGIMENS, product="naltrexone 1 mg tablets").ok, text


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 16), st.sampled_from(["tablets", "capsules"]), st.sampled_from(["at night", "ORAL qhs", "daily"]))
def test_a_unit_is_cut_only_in_halves_thirds_or_quarters(parts: int, form: str, frequency: str) -> None:
    # "naltrexone 50 mg tablets: 1/12 at night" (1/12 is UK for a month) was 4.17 mg; a capsule is never cut
    text = f"naltrexone 50 mg {form}: 1/{parts} {frequency}"
    result = classify(text, REGIMENS)
    if form == "capsules" or parts not in (2, 3, 4):
        assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["1", "2", "3", "4", "two", "one"]), st.sampled_from(["am", "pm"]))
def test_a_small_number_before_am_or_pm_with_no_amount_is_refused(number: str, half: str) -> None:
    # "2 am 1 pm", "naltrexone 50 mg tablets: two am 4.5 mg qhs": two units in the morning, or 2 o'clock?
    for text in (f"{number} {half}", f"take {number} {half}", f"naltrexone 50 mg tablets: {number} {half} 4.5 mg qhs"):
        assert not classify(text, REGIMENS, product=None if "tablets" in text else "naltrexone 4.5 mg tablets").ok
    said = classify(f"1 tab at {number} {half}", REGIMENS, product="naltrexone 4.5 mg tablets")
    assert said.ok, said.error  # with "at", and the count before it, a clock time


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["4.5 mg nightly", "1 cap at night", "1 cap at bedtime", "1 cap qhs"]),
    st.sampled_from(["1 cap qpm", "1 cap in the evening", "1 cap with dinner"]),
    st.booleans(),
)
def test_an_evening_and_a_night_part_with_nothing_between_are_refused(night: str, evening: str, first: bool) -> None:
    # "4.5 mg nightly 1 cap qpm": the dose said again, or a second one? (with "and" it is two parts)
    text = f"{night} {evening}" if first else f"{evening} {night}"
    assert not classify(text, REGIMENS, product="naltrexone 4.5 mg capsules").ok, text


# From the second attack (helper, ~424k texts, differential against 80fab00): each read wrong, now
# refused (or, for the first, read as taken every N days)
@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["qhs", "at bedtime", "qam", "in the morning"]),
    st.sampled_from(["every 3 days", "every 2 days", "weekly", "fortnightly", "every 7 days"]),
    st.sampled_from(["dispense", "dispensed", "dispensing"]),
    st.sampled_from(["10 tabs", "#15", "qty 2", "#4"]),
)
def test_how_often_before_dispense_a_quantity_is_never_a_dispensing_note(
    time: str, every: str, dispense: str, quantity: str
) -> None:
    # "1 tab qhs every 3 days dispense 10 tabs" was 50 mg a day (every 3 days taken for a pharmacy note)
    text = f"1 tab {time} {every} {dispense} {quantity}"
    result = classify(text, REGIMENS, product="naltrexone 50 mg tablets")
    if result.ok:
        assert result.daily_dose_mg < 50, (text, result.arithmetic)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["at 8 in the morning", "at 8 am", "at 10 in the morning", "at 7:30 am"]),
    st.sampled_from(["6 at night", "8 in the evening", "7 at night", "9 in the evening"]),
    st.sampled_from([" and ", ", "]),
)
def test_a_bare_number_before_a_time_of_day_beside_a_clock_time_is_refused(
    morning: str, evening: str, joint: str
) -> None:
    # "1 tablet at 8 in the morning and 6 at night" was 1 tablet and 6 tablets
    text = f"1 tablet {morning}{joint}{evening}"
    assert not classify(text, REGIMENS, product="naltrexone 25 mg tablets").ok, text


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(["; bid previously", " (qam initially)", ", increase to 100 mg", ", then 2 mg", "; weekly before"]),
)
def test_after_now_an_earlier_dose_or_a_plan_is_refused(earlier: str, now: str, after: str) -> None:
    # "started 1.5 mg qhs, now 3 mg; bid previously": whose is "bid"? "now 4.5 mg, increase to 100 mg"
    text = f"started {earlier} mg qhs, now {now} mg{after}"
    result = classify(text, REGIMENS)
    if "before" in after:  # not a word of the story: "weekly" with "before" is no dose's
        return
    assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["1 tab", "2 tabs", "3 caps"]),
    st.sampled_from(["bid", "tid", "twice daily", "qid"]),
    st.sampled_from(["total 4.5 mg", ", total dose 4.5 mg", "total 50 mg"]),
)
def test_a_total_after_the_frequency_is_refused(count: str, frequency: str, total: str) -> None:
    # "take 1 tab tid, total dose 4.5 mg": each dose's 4.5, or the day's?
    assert not classify(f"take {count} {frequency} {total}", REGIMENS).ok


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["once daily", "once every day", "1 time every day", "daily"]),
    st.sampled_from(["once at night", "once every night", "1 time every night", "at bedtime", "in the morning"]),
    st.sampled_from([" and ", " plus "]),
)
def test_a_time_of_day_joined_to_a_count_a_day_is_refused(daily: str, time: str, joint: str) -> None:
    # "1 tab of 4.5 mg once every day and once every night": one a day (as read), or two?
    text = f"1 tab of 4.5 mg {daily}{joint}{time}"
    assert not classify(text, REGIMENS).ok, text


# From a fourth attack (helper, ~360k texts, differential against a89ebfd)
@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["1 tab at night,", "1 tab qhs", "4.5 mg nightly"]),
    st.sampled_from(["every 28 days", "every 4 weeks", "every 3 days", "every 2 weeks", "every week"]),
    st.sampled_from(["dispense 28 tabs", "dispense 10 tabs", "disp 30"]),
)
def test_an_interval_right_before_dispense_is_refused(dose: str, every: str, dispense: str) -> None:
    # "1 tab at night, every 28 days dispense 28 tabs": dispensed every 28 days (then 4.5 mg a day),
    # or taken every 28 days? "1 tab qhs every 3 days dispense 10 tabs" the other way
    assert not classify(f"{dose} {every} {dispense}", REGIMENS, product="naltrexone 4.5 mg tablets").ok


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["now", "pt now", "currently"]),
    st.sampled_from(["4.5 mg", "3 mg daily", "1 tab bid"]),
    st.sampled_from(
        [", increase to 100 mg", "; then 2 mg", ", titrate to 9 mg", ", go up to 9 mg", " and then 2 tabs"]
    ),
)
def test_a_plan_after_now_is_refused_with_or_without_a_history(now: str, dose: str, plan: str) -> None:
    text = f"{now} {dose}{plan}"
    assert not classify(text, REGIMENS, product="naltrexone 4.5 mg tablets" if "tab" in dose else None).ok, text


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(
        [
            "1 cap in the morning 2 caps at bedtime (if vivid dreams)",
            "1.5 mg in the morning (if vivid dreams), 3 mg at night",
            "3 mg am if tolerated plus 3 mg nightly",
            "1.5 mg in the morning and 3 mg at night thereafter",
            "1 cap qhs (1 cap qam if insomnia)",
            "1 tab am and 2 pm",
            "2 every morning and 1 pm",
            "1 tab mane and 7 in the evening",
            "1 tab in the morning and 6 in the evening",
        ]
    )
)
def test_conditions_steps_and_hours_around_parts_of_a_day_are_refused(text: str) -> None:
    assert not classify(text, REGIMENS, product="naltrexone 1.5 mg capsules").ok, text


# An attack on the words added for "at the same time", "alternate mornings" and the like found old
# forms answered wrongly, which those words reached more often:
# - a step or a part of the day with no amount of its own took one unit of the product ("1/2 tab in
#   the evening then at night" was 75 mg of 50 mg tablets; "1/2 tab daily x 7 days then twice
#   daily" 100): a step with its own frequency now carries the amount before, as the frequency
#   carries; a part of the day, or a step with neither ("then with water"), is refused;
# - "4.5 mg plus 1 tab daily" read the tablet as the mass restated (4.5 mg, not 9);
# - words of when or how hid a side of "or" ("2 tabs daily or with food 4.5 mg" was 9 mg);
# - a meal or an event joined by "and" to a time of day ("in the morning and with a meal") was one
#   dose, where it may be two.
TITRATED = ["1 tab", "2 tabs", "1/2 tab", "3 caps"]
TIMES_A_DAY = ["daily", "twice daily", "three times a day", "at night", "every other day"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(TITRATED),
    st.sampled_from(TABLETS_MG),
    st.sampled_from(list(TIMES_A_DAY)),
    st.sampled_from([*TIMES_A_DAY, "increase nightly", "increase weekly", "titrate up every 7 days"]),
)
def test_a_step_with_only_a_frequency_is_refused(count: str, strength: str, first: str, then: str) -> None:
    # The amount before, or one unit of the product? Each was tried and attacked, and each read some
    # steps wrongly ("1/2 tab daily x 7 days then twice daily" was 100 mg of 50 mg tablets; carried,
    # "then increase nightly" stayed the same dose): a later step must give its amount.
    product = f"naltrexone {strength} mg tablets"
    for text in (f"{count} {first} x 7 days, then {then}", f"{strength} mg {first} x 7 days, then {then}"):
        result = classify(text, REGIMENS, product=product if text.startswith(count) else None)
        assert not result.ok, (text, result.daily_dose_mg)
    with_amount = classify(f"{count} {first} x 7 days, then {count} twice daily", REGIMENS, product=product)
    assert with_amount.ok and with_amount.daily_dose_mg == Fraction(count.split()[0]) * Fraction(strength) * 2


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(TITRATED),
    st.sampled_from(TABLETS_MG),
    st.sampled_from(["in the evening", "in the morning", "daily"]),
    st.sampled_from(["then at night", "then with water", "then at the same time", "then x 7 days"]),
)
def test_a_part_or_step_with_no_amount_is_never_one_unit(count: str, strength: str, first: str, then: str) -> None:
    product = f"naltrexone {strength} mg tablets"
    result = classify(f"{count} {first} {then}", REGIMENS, product=product)
    one_dose = Fraction(count.split()[0]) * Fraction(strength)
    if result.ok:  # only where the words add nothing: the one dose, once a day
        assert result.daily_dose_mg == one_dose, (count, first, then, result.arithmetic)
    else:
        assert result.error is not None and result.error.code != "internal-error"


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(TABLETS_MG),
    st.sampled_from(["and", "plus", ", and", ", plus"]),
    st.sampled_from(["1 tab", "1/2 tab", "2 tabs"]),
    st.sampled_from(["daily", "at night", "every other day"]),
    st.booleans(),
)
def test_a_mass_and_a_count_joined_are_never_one_amount(
    strength: str, joined: str, count: str, frequency: str, count_first: bool
) -> None:
    mass = f"{strength} mg"
    text = f"{count} {joined} {mass} {frequency}" if count_first else f"{mass} {joined} {count} {frequency}"
    result = classify(text, REGIMENS, product=f"naltrexone {strength} mg tablets")
    assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["take 2 tablets daily", "1 tab at night", "take 1 tablet every other day", "3 mg weekly"]),
    st.sampled_from(["with food", "at the same time", "with water", "as directed"]),
    st.sampled_from(["4.5 mg", "1 tab", "at night", "twice daily"]),
)
def test_words_of_when_or_how_hide_neither_side_of_or(dose: str, between: str, other: str) -> None:
    product = "naltrexone 4.5 mg tablets"
    plain = classify(f"{dose} or {other}", REGIMENS, product=product)
    hidden = classify(f"{dose} or {between} {other}", REGIMENS, product=product)
    assert not plain.ok  # the oracle: a choice is refused
    assert not hidden.ok, (dose, between, other, hidden.daily_dose_mg)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["take 1 tablet", "2 tabs", "1/2 tab"]),
    st.sampled_from(["in the morning", "at bedtime", "at night", "with breakfast"]),
    st.sampled_from(["with a meal", "after a meal", "1 hour before drinking", "with a snack"]),
    st.booleans(),
)
def test_a_meal_joined_to_a_time_of_day_may_be_a_second_dose(dose: str, time: str, meal: str, time_first: bool) -> None:
    text = f"{dose} {time} and {meal}" if time_first else f"{dose} {meal} and {time}"
    result = classify(text, REGIMENS, product="naltrexone 50 mg tablets")
    assert not result.ok, (text, result.daily_dose_mg)
    assert classify(f"{dose} {time} and with water", REGIMENS, product="naltrexone 50 mg tablets").ok  # how, not when


# Attacks on a step with no amount: one naming its dose form alone ("then take tablet twice daily")
# is one unit, as ever; one led by "and" or "plus" adds a dose or moves it, and is refused.
@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(TITRATED),
    st.sampled_from(TABLETS_MG),
    st.sampled_from(["take tablet", "tablet", "a tablet", "take a tablet by mouth"]),
    st.sampled_from(["daily", "twice daily", "at night"]),
)
def test_a_step_naming_its_form_alone_is_one_unit(count: str, strength: str, form: str, then: str) -> None:
    product = f"naltrexone {strength} mg tablets"
    said = classify(f"{count} daily x 7 days, then {form} {then}", REGIMENS, product=product)
    plain = classify(f"{count} daily x 7 days, then 1 tablet {then}", REGIMENS, product=product)
    assert plain.ok and said.ok, (form, then, said.error)
    assert said.daily_dose_mg == plain.daily_dose_mg, (count, form, then, said.arithmetic)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["4.5 mg nightly", "2 tabs at night", "1 mg bid"]),
    st.sampled_from(["and", "plus"]),
    st.sampled_from(["in the morning", "at night", "3 mg in the morning"]),
)
def test_a_step_led_by_and_or_plus_is_refused(dose: str, joined: str, then: str) -> None:
    result = classify(f"{dose} x 7 days, then {joined} {then}", REGIMENS, product="naltrexone 1.5 mg tablets")
    assert not result.ok, (dose, joined, then, result.daily_dose_mg)


AFTERNOONS = ["in the afternoon", "every afternoon", "afternoon", "mid-afternoon"]
NEIGHBOURS = ["pm", "qpm", "at teatime", "early evening", "in the evening", "at noon", "midday", "at lunch"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["4.5 mg", "1 tab", "2 tabs"]),
    st.sampled_from(AFTERNOONS),
    st.sampled_from(NEIGHBOURS),
    st.sampled_from(["{a} {b}", "{a} ({b})", "{a}, {b}", "{a}-{b}", "{b} ({a})", "{b}, {a}", "{b} and {a}"]),
)
def test_the_afternoon_beside_noon_or_evening_needs_and(dose: str, afternoon: str, neighbour: str, shape: str) -> None:
    # found by an attack: "4.5 mg in the afternoon (pm)" was two doses, 9 mg. With "and" between
    # them, two doses; else one time said two ways, or two? Refused.
    text = f"{dose} " + shape.format(a=afternoon, b=neighbour)
    result = classify(text, REGIMENS, product="naltrexone 4.5 mg tablets")
    if " and " in shape:
        assert result.ok and result.doses_per_day == 2, (text, result.error)
    else:
        assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["1", "3", "4", "two", "1-2", "2 to 3", "1 or 2"]),
    st.sampled_from(AFTERNOONS),
    st.sampled_from(["", "1 tab in the morning and "]),
)
def test_a_bare_count_before_the_afternoon_may_be_its_hour(count: str, afternoon: str, before: str) -> None:
    # found by an attack: "1 tab in the morning and 3 in the afternoon" was 3 tablets (or 3 pm?)
    bare = classify(f"{before}{count} {afternoon}", REGIMENS, product="naltrexone 1.5 mg tablets")
    assert not bare.ok, (count, bare.daily_dose_mg)
    if not before:  # (a range in one part of a divided day is refused for its own reasons)
        assert classify(f"{count} tabs {afternoon}", REGIMENS, product="naltrexone 1.5 mg tablets").ok


@pytest.mark.parametrize(
    "text",
    [
        "1.5 mg at 8:00, 21:00/1:00",  # the 1:00 was lost
        "1.5 mg at 21:00/1:00",
        "1/2 tab at 9:00 am,9:00/12:30",
        "1.5 mg at 9:00 pm, 9:00",  # the same time said again, or 9 am?
        "1.5 mg at 9:00, 2:00 pm",
    ],
)
def test_a_clock_list_that_may_lose_or_double_a_time_is_refused(text: str) -> None:
    assert not classify(text, REGIMENS, product="naltrexone 50 mg tablets").ok


@pytest.mark.parametrize(
    "text",
    [
        "1 at night 2 am",  # 2 in the morning (UK), or at 2 am?
        "2 at lunch 1 pm",
        "take 1 cap nocte at 9:30 pm and at 9:30 pm",  # the same time twice
        "1 cap in the morning at 8 am 1 cap at 8 am",
        "take 1 cap at bedtime (9 pm and 12 pm)",  # which is the second dose?
        "take 1 cap at night at 9 pm and 10 pm",
        "take 1 cap at 9 pm at night 10 pm",
        "take 1 cap at night 12 am in the morning",
        "take 1 cap at 5 pm at 7 in the evening",  # two hours
        "take 1 cap at midnight (9 pm)",  # noon and midnight are times of their own
        "take 1 cap at noon at 11 am",
        "1 cap in the morning at 8 pm",  # outside the morning
    ],
)
def test_a_clock_beside_a_time_of_day_is_one_time_only_when_nothing_else_is_said(text: str) -> None:
    # found by an attack on "nightly at 9 pm" (one time said two ways): each of these was read
    result = classify(text, REGIMENS, product="naltrexone 4.5 mg capsules")
    assert not result.ok, (text, result.doses_per_day)


def test_a_day_of_parts_with_restated_clocks_is_still_a_day() -> None:
    # "then" between the times of one day reads as that day's parts, with or without the clocks
    plain = classify("1 tab every morning then 1/2 tab at night", REGIMENS, product="naltrexone 4.5 mg tablets")
    timed = classify(
        "1 tab every morning at 8 am then 1/2 tab at night at 10 pm", REGIMENS, product="naltrexone 4.5 mg tablets"
    )
    assert plain.ok and timed.ok and timed.daily_dose_mg == plain.daily_dose_mg == Fraction(27, 4)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("take 4.5 mL nightly then 10 mL water", "naltrexone 1 mg/mL oral solution"),  # water, not medicine
        ("naltrexone 1 mg/mL oral solution: 4.5 mL nightly then 10 mL of water", None),
        ("naltrexone 1 mg/mL oral solution: 4.5 mL at night and 10 mL water in the morning", None),
        ("take 1 cap nightly, increase by 1 cap twice daily to 3 caps", "naltrexone 1.5 mg capsules"),
        ("take 1 cap in the morning, increase by 1 cap at night weekly to 2 caps", "naltrexone 1.5 mg capsules"),
        ("take 1.5 mg in the morning, increase by 1.5 mg twice daily weekly to 4.5 mg", None),
        ("take 3 mg nightly, increase by 1 weekly up to 6 mg", "naltrexone 3 mg capsules"),  # 1 mg or 1 cap?
        ("take about 2 pm", "naltrexone 4.5 mg capsules"),  # about 2 in the evening?
    ],
)
def test_water_a_bare_increment_or_one_taken_more_often_is_refused(text: str, product: str | None) -> None:
    # found by an attack on carried concentrations and increments in units: each was read
    assert not classify(text, REGIMENS, product=product).ok, text


def test_a_volume_of_water_a_tablet_is_dissolved_in_is_still_read() -> None:
    result = classify("dissolve 1 tab (50 mg) in 50 mL water, take 4.5 mL qhs", REGIMENS)
    assert result.ok and result.daily_dose_mg == Fraction(9, 2)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("4.5 mg bid plus bid", None),  # one frequency said twice, or four doses?
        ("4.5 mg bid + bid", None),
        ("4.5 mg daily and daily", None),
        ("2 5ml spoonful twice daily", "naltrexone 1 mg/mL oral solution"),  # two spoons, or 2.5 ml?
        ("take 1-2 and a half mg daily", None),  # 1½-2½, or 1-2½?
        ("0 and a half daily", "naltrexone 1 mg tablets"),  # as a bare 0.5 is
        ("2 xlunch at night", "naltrexone 1 mg tablets"),  # 2 units at lunch, or twice at lunch?
    ],
)
def test_plus_half_spoon_and_x_forms_that_read_two_ways_are_refused(text: str, product: str | None) -> None:
    # found by an attack (1.7M texts) on the '+', 'and a half', spoonful and 'xdaily' rules
    assert not classify(text, REGIMENS, product=product).ok, text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["5-10 ml", "1-2 x 5 ml spoons", "2 to 4 ml", "1 or 2 ml"]), st.sampled_from(["1", "4.5"]))
def test_a_range_with_one_amount_beside_it_is_refused(volumes: str, mg: str) -> None:
    # found by an attack: "5-10 ml (1 mg) daily" was 1 mg, both ends taking the bracket's amount
    assert not classify(f"{volumes} ({mg} mg) daily", REGIMENS).ok


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("take 1 mL at 9:00 and 21:00 (50 mg)", "naltrexone 1 mg/mL oral solution"),  # a restatement, or 50 mg?
        ("take 1 mL in the morning and afternoon (4.5 mg)", "naltrexone 1 mg/mL oral solution"),
        ("take 1 cap at 9:00 and 21:00 4.5 mg", "naltrexone 1.5 mg capsules"),
        ("take 1 cap at 9:00, 12:00 and noon", "naltrexone 1.5 mg capsules"),  # the same time twice?
        ("take 1 cap at 9:00 and 21:00 and nightly", "naltrexone 1.5 mg capsules"),
        ("take 1 cap at 9 pm + at 9 pm", "naltrexone 1.5 mg capsules"),
    ],
)
def test_words_after_a_list_of_times_or_a_time_listed_twice_are_refused(text: str, product: str) -> None:
    # found by an attack on the whole stop's changes: each was read with an extra dose
    assert not classify(text, REGIMENS, product=product).ok, text


def test_then_to_a_time_restated_in_brackets_is_still_a_day() -> None:
    plain = classify("take 1 cap in the morning, then 1 cap at bedtime", REGIMENS, product="naltrexone 1.5 mg capsules")
    timed = classify(
        "take 1 cap in the morning, then 1 cap at bedtime (10 pm)", REGIMENS, product="naltrexone 1.5 mg capsules"
    )
    assert plain.ok and timed.ok and timed.daily_dose_mg == plain.daily_dose_mg == 3


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("take 2 mL plus 1 mL nightly (50 mg)", "naltrexone 1 mg/mL oral solution"),  # was 50 mg
        ("take 2 mL + 1 mL nightly (50 mg)", "naltrexone 1 mg/mL oral solution"),
        ("take 2 mL (50 mg) nightly, 1 mL", "naltrexone 0.5 mg/mL oral solution"),
        ("take 2 mL and 1 mL nightly (3 mg)", None),
    ],
)
def test_a_total_beside_two_volumes_is_refused(text: str, product: str | None) -> None:
    # found by the last attack (older than this stop): the bracket's total was taken, whatever the volumes
    assert not classify(text, REGIMENS, product=product).ok, text


@pytest.mark.parametrize(
    "text",
    [
        "take 1 tab in the morning and 1 tab at bedtime (50 mg total)",  # the day's 50 mg, or bedtime's?
        "take 1 tab in the morning (8 am) then 1 tab at bedtime (10 pm) (50 mg total)",
        "take 1/2 tab in the morning then 1/2 tab at bedtime (25 mg total)",
    ],
)
def test_a_total_after_the_last_time_of_a_day_of_parts_is_refused(text: str) -> None:
    # found by an attack on this stop's last fixes (older without the clocks): read as the last part's
    assert not classify(text, REGIMENS, product="naltrexone 50 mg tablets").ok, text
    each = classify("take 1 tab (50 mg total) in the morning and 1 tab (50 mg total) at bedtime", REGIMENS)
    assert each.ok and each.daily_dose_mg == 100  # right after its count, a total is that part's


@pytest.mark.parametrize(
    "text",
    [
        "take 1 cap at bedtime (10 pm) and 1 cap at bedtime",  # bedtime twice, once with its clock
        "1 cap in the morning (8 am) and 1 cap at 8 am",
        "1 cap at 8 am and 1 cap at 08:00",  # one clock time, written two ways
    ],
)
def test_parts_of_a_day_at_the_same_time_however_written_are_refused(text: str) -> None:
    # found by an attack (older, reached by the clock rules): each was two doses
    assert not classify(text, REGIMENS, product="naltrexone 1.5 mg capsules").ok, text


@pytest.mark.parametrize(
    "text",
    [
        "4.5 mg qhs through friday",  # until Friday, not on Fridays (was 4.5 mg a week)
        "4.5 mg qhs through",
        "50 mg daily thru 12/1",
        "4.5 mg qhs through 2 weeks",
        "take 1 through 2 tabs daily",
        "50 mg Monday through",
    ],
)
def test_through_is_read_only_between_weekdays(text: str) -> None:
    result = classify(text, REGIMENS, product="naltrexone 50 mg tablets" if "tabs" in text else None)
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    "text",
    [
        # found by an attack: a spelled count over four before a time of day said any way may be
        # an hour (was 7 tablets)
        "take seven, in the evening",
        "take seven (in the evening)",
        "take seven evening",
        "take five in evening",
        "take seven in am",
        "take eight at evening",
        "tomar seis por la noche",
        # days right after what the dose is for may be part of it (was 50 mg on weekends only)
        "50 mg daily for binge drinking weekends",
        "50 mg daily binge drinking fridays",
        "4.5 mg daily for pain weekends",
    ],
)
def test_a_count_or_days_that_may_say_something_else_are_refused(text: str) -> None:
    result = classify(text, REGIMENS, product=None if "mg" in text else "naltrexone 1 mg tablets")
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)


@pytest.mark.parametrize("dose", ["4.5 mg qhs", "Take 1 capsule (4.5 mg total) by mouth at bedtime"])
@pytest.mark.parametrize(
    "tail",
    [" #30.", ". Qty: 30. Refills: 5.", ". Dispense 90 capsules with 3 refills.", ". Disp: 30. Refills: 0"],
)
def test_a_stop_after_a_number_ends_a_sentence(dose: str, tail: str) -> None:
    # EHR exports end their fields with stops ("Qty: 30. Refills: 5."): never a decimal point
    result = classify(dose + tail, REGIMENS)
    assert result.ok and result.daily_dose_mg == Fraction(9, 2), (dose + tail, result.error)


@pytest.mark.parametrize("text", ["take 4. 5 mg qhs", "4.5 mg qhs 2. 5 mg", "4.5 mg qhs 4."])
def test_a_stop_that_may_be_a_decimal_point_is_refused(text: str) -> None:
    assert not classify(text, REGIMENS).ok, text


@pytest.mark.parametrize(
    "text",
    [
        # found by an attack on this stop's readings: a choice of two times of day beside any
        # other time, a meal or a clock, where which goes with which is not known
        "take seven qhs or qam",
        "LDN 1 mg with meals and at bedtime or in the morning",  # was 1 mg: four doses, or one?
        "1.5 mg at noon, qhs or qam",
        "take 2 am or pm",
        "take 1 tablet every morning or nightly then 1/2 tablet in the evening",  # was 0.5 mg
        "take 1 tab qhs or qam with food",
        # "either" only opens such a choice; anywhere else it hid a neighbour
        "take five either in the evening",
        "take 2 either am",
        "50 mg daily for binge drinking either weekends",
        "1 tab daily mon to either fri",
        # anything between an indication and weekdays, or inside a span of weekdays
        "50 mg daily for binge drinking, start after detox, weekends",
        "50 mg daily for binge drinking carry wallet card friday through sunday",
        "1 tab daily mon to the fri",  # was Monday and Friday only (older)
        # a count word, a dash and a number: a range, never half of it (older)
        "take one half - one mg daily",
        "take one-half (1/2) - one (1) mg daily",
    ],
)
def test_what_the_second_attack_found_is_refused(text: str) -> None:
    result = classify(text, REGIMENS, product=None if "mg" in text else "naltrexone 1 mg tablets")
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    "text",
    [
        # found by a third attack: new readings that reached older losses
        "take 3 x 1.5 mg = 3 caps qhs",  # was 1.5 mg: the "3 x" lost to the count in brackets
        "take 3 x 1.5 mg (3 caps) qhs",  # (older)
        "Take 1 tablet by mouth once route every morning then 1/2 tablet at night",  # a label with no colon
        "1 tab po once daily mon up to fri",  # was Monday and Friday (older)
        "1 tab po once daily mon to max fri",
    ],
)
def test_what_the_third_attack_found_is_refused(text: str) -> None:
    result = classify(text, REGIMENS, product=None if "mg" in text else "naltrexone 1.5 mg tablets")
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    ("text", "daily"),
    [
        ("week ii: 2 caps qhs", 3),  # was one unit: "ii 2" dropped as a number said twice
        ("week two: 2 caps qhs", 3),  # (older)
        ("1 cap prn up to max 3 caps daily", Fraction(9, 2)),  # lost for a while to "up to max"
        ("1 cap prn, up to max of 2 caps per day", 3),
    ],
)
def test_what_the_third_attack_found_is_read(text: str, daily: Fraction) -> None:
    result = classify(text, REGIMENS, product="naltrexone 1.5 mg capsules")
    assert result.ok and result.daily_dose_mg == daily, (text, result.error, result.daily_dose_mg)


def test_an_escalation_that_passes_its_target_on_the_way_is_refused() -> None:
    # found by an attack (older): "to 4.5 mg/day" after 1.5 mg bid steps, 3 mg bid (6 mg/day) on
    # the way, was classified on the 4.5 mg/day target
    result = classify("start 1.5 mg bid, increase by 1.5 mg weekly to 4.5 mg/day", REGIMENS)
    assert not result.ok and result.error is not None, result.daily_dose_mg
    assert classify("start 1.5 mg bid, increase by 1.5 mg weekly to 4.5 mg bid", REGIMENS).daily_dose_mg == 9


DAY_NAMES = [("Mon", "Monday"), ("Tue", "Tuesday"), ("Wed", "Wednesday"), ("Thu", "Thursday")]
DAY_NAMES += [("Fri", "Friday"), ("Sat", "Saturday"), ("Sun", "Sunday")]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=3, max_size=4, unique=True),
    st.sampled_from(["-", " - ", "–", " to ", " through "]),
    st.sampled_from(["25", "50", "100", "4.5"]),
    st.booleans(),
)
def test_days_chained_with_dashes_are_a_list_or_spans_so_refused_unless_both_agree(
    days: list[int], joiner: str, amount_mg: str, long_names: bool
) -> None:
    """ "100 mg Mon-Wed-Fri" was read as Monday to Wednesday, then Wednesday to Friday: five days
    (71 mg/day, HDN) where the writer listed three (43 mg/day, out of range). A chain is a list, or
    spans run together: refused where the two differ; where each link joins a day and the next
    ("Sat-Sun-Mon") both are those days. The same days with commas are always that list."""
    names = [DAY_NAMES[day][long_names] for day in days]
    chained = classify(f"{amount_mg} mg {joiner.join(names)}", REGIMENS)
    listed = classify(f"{amount_mg} mg {', '.join(names)}", REGIMENS)
    daily_mg = Fraction(amount_mg) * len(days) / 7
    assert listed.ok and listed.daily_dose_mg == daily_mg, listed
    if all((later - earlier) % 7 == 1 for earlier, later in pairwise(days)):
        assert chained.ok and chained.daily_dose_mg == daily_mg, chained
    else:
        assert not chained.ok and chained.error is not None, chained
        assert chained.error.code == "ambiguous-frequency"


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["week 1 and 2", "weeks 1 and 2", "day 3 and 4", "Dose 2", "take 2", "week 1", "days 1-7"]),
    st.sampled_from([("1/2", Fraction(1, 2)), ("½", Fraction(1, 2)), ("1/4", Fraction(1, 4)), ("3/4", Fraction(3, 4))]),
    st.sampled_from(["tab", "tablet", "tabs"]),
    st.sampled_from(["daily", "qhs", ""]),
)
def test_a_number_before_a_colon_never_makes_a_mixed_number_with_the_fraction_after(
    label: str, fraction: tuple[str, Fraction], form: str, frequency: str
) -> None:
    """ "weeks 1 and 2: 1/2 tab daily" read 2: 1/2 as 2½ tablets (125 mg/day of 50 mg tablets, where
    the dose is 25). A colon ends a label; the fraction after it is the dose, or the text is refused.
    Without the colon ("2 1/2 tab") it is the mixed number, as before."""
    written, value = fraction
    result = classify(f"{label}: {written} {form} {frequency}".strip(), REGIMENS, product="naltrexone 50 mg tablet")
    assert not result.ok or result.daily_dose_mg == 50 * value, result
    mixed = classify(f"2 {written} {form} daily", REGIMENS, product="naltrexone 50 mg tablet")
    assert mixed.ok and mixed.daily_dose_mg == 50 * (2 + value), mixed


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 3),
    st.sampled_from(["1/2", "½", "1/4", "¼", "3/4", "¾"]),
    st.sampled_from(["tablets", "tab", "tabs"]),
    st.sampled_from(["daily", "qhs", "twice daily", "every other day"]),
    st.sampled_from(["take ", "", "Sig: "]),
    st.sampled_from(["and", "&"]),
)
def test_a_whole_number_and_a_fraction_is_the_mixed_number(
    whole: int, fraction: str, form: str, frequency: str, lead: str, joiner: str
) -> None:
    """ "take 1 and 1/2 tablets daily" (US sigs write it so) was refused as two counts; it is
    1½ tablets, as "1 1/2 tablets" is. Oracle: the mixed number written without "and"."""
    product = "naltrexone 50 mg tablet"
    joined = classify(f"{lead}{whole} {joiner} {fraction} {form} {frequency}", REGIMENS, product=product)
    mixed = classify(f"{lead}{whole} {fraction} {form} {frequency}", REGIMENS, product=product)
    assert mixed.ok, mixed
    assert joined.ok and joined.daily_dose_mg == mixed.daily_dose_mg, joined


_PLAIN_DOSES = [
    ("4.5 mg tab qhs", None),
    ("50 mg tab daily", None),
    ("tab daily", "naltrexone 4.5 mg tablet"),
    ("1 mg tab po q6h x 10 doses", None),
    ("1/2 tab daily", "naltrexone 50 mg tablet"),
    ("1.5 mg qhs x 7 days, then 3 mg qhs", None),
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["Dose", "Rx", "Tab", "Item", "", "Sig", "Order"]),
    st.integers(2, 4),
    st.sampled_from(_PLAIN_DOSES),
    st.sampled_from([": ", " : ", ":  "]),
)
def test_a_label_s_number_before_a_colon_is_never_the_dose_s_count(
    label: str, number: int, dose: tuple[str, str | None], colon: str
) -> None:
    """ "Dose 2: 4.5 mg tab qhs" was 2 tablets of 4.5 mg (9 mg, a helper's attack; "Dose 2: mg" was
    2 mg). The number before a colon labels what follows: the text reads as the dose alone, or
    is refused."""
    text, product = dose
    plain = classify(text, REGIMENS, product=product)
    labelled = classify(f"{label} {number}{colon}{text}".strip(), REGIMENS, product=product)
    assert plain.ok, plain.error
    assert not labelled.ok or labelled.daily_dose_mg == plain.daily_dose_mg, labelled


_MORNINGS = [("take 2 tabs", "in the morning"), ("1 tab", "every morning"), ("1 cap", "qam"), ("1 tab", "at 8 am")]
_NIGHTS = [("1 tab", "at night"), ("1/2 tablet", "in the evening"), ("1 cap", "qhs"), ("1 tab", "at 20:00")]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["Week 1", "Week 2", "Days 1-7", "wk 3", "Weeks 1-2", "Day 1"]),
    st.sampled_from(_MORNINGS),
    st.sampled_from(_NIGHTS),
    st.sampled_from(["naltrexone 1.5 mg tablet", "naltrexone 50 mg tablet"]),
    st.sampled_from(["", "Days 1-3: 1/2 tab qhs; ", "Day 0: 1/2 tab qhs, then "]),
    st.sampled_from(["", " x 7 days", " for 1 week"]),
)
def test_a_step_marker_before_the_day_s_doses_joined_by_then_is_refused_never_a_lost_dose(
    marker: str, morning: tuple[str, str], night: tuple[str, str], product: str, before: str, closing: str
) -> None:
    """ "Week 1: take 2 tabs in the morning then 1 tab at night" was a titration whose last step (1
    tab at night) was the dose; without "Week 1:" it is the day's two doses. So on a later step
    ("Week 1: …; Week 2: 1 tab qam then 1 tab qhs"), and with clock times (a helper's attack).
    Same words, two answers: the marker's version reads as the plain one or is refused. The
    plain one, clock times too, is what "and" between the parts says."""
    parts = f"{' '.join(morning)} then {' '.join(night)}{closing}"
    plain = classify(parts, REGIMENS, product=product)
    marked = classify(f"{before}{marker}: {parts}", REGIMENS, product=product)
    assert not marked.ok or (plain.ok and marked.daily_dose_mg == plain.daily_dose_mg), marked
    with_and = classify(parts.replace(" then ", " and ").removesuffix(closing), REGIMENS, product=product)
    assert with_and.ok, with_and.error
    # the plain one is the day's doses, or refused (a clock's), never a titration's last step
    assert not plain.ok or plain.daily_dose_mg == with_and.daily_dose_mg, plain


_CLOCKS = {"at 8 am": 480, "at 08:00": 480, "at noon": 720, "at 11:30 am": 690, "at 1 pm": 780, "at 20:00": 1200}
_CLOCKS |= {"at 8 pm": 1200, "at 9:30 pm": 1290, "at 10 pm": 1320, "at 2100": 1260, "at 6 am": 360}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(sorted(_CLOCKS)), min_size=2, max_size=3), st.sampled_from(["1", "1.5", "3"]))
def test_clock_times_joined_by_then_are_never_summed_and_refused_where_they_may_be_one_day(
    clocks: list[str], amount_mg: str
) -> None:
    """ "1.5 mg at 8am then 1.5 mg at 8pm": the day's doses (3 mg), or steps (1.5)? It was read as
    steps. Summing instead misread noon, midnight and a night word beside a clock (a helper's
    attack). Clock times joined by "then" are never summed, and where each may come later the
    same day (minutes after midnight, worked out here) they are refused."""
    assume(len({_CLOCKS[clock] for clock in clocks}) == len(clocks))
    doses = [f"{amount_mg} mg {clock}" for clock in clocks]
    result = classify(" then ".join(doses), REGIMENS)
    minutes = [_CLOCKS[clock] for clock in clocks]
    if any(earlier < later for earlier, later in pairwise(minutes)):
        assert not result.ok, result
    else:  # each earlier in the day than the one before: steps, the last one the dose (or refused)
        assert not result.ok or result.daily_dose_mg == Fraction(amount_mg), result


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["1 tab", "1/2 tab", "2 tabs"]),
    st.sampled_from(["in the morning", "1 hour before breakfast", "qam", "at 8 am"]),
    st.sampled_from(["1 tab", "2 tabs"]),
    st.sampled_from(["at night", "1 hour before bed", "2 hours before bedtime", "qhs", "at 9 pm"]),
    st.sampled_from(["", "1 tab qhs x 7 days then ", "1/2 tab qam for 1 week, then "]),
)
def test_doses_of_one_day_joined_by_then_are_summed_or_refused_never_a_lost_dose(
    first: str, morning: str, second: str, night: str, lead: str
) -> None:
    """A second attack on "then" (helper): "1.5 mg 1 hour before breakfast then 1.5 mg 1 hour before
    bed", "1 tab in the morning then 2 tabs 1 hour before bedtime" (a time of day only in a note),
    "1.5 mg qhs x 7 days then 1.5 mg qam then 3 mg qhs" (after a step), "daily at 8 am then daily
    at 8 pm" were read as steps: the last dose alone. Oracle: the same parts joined by "and" (the
    day's doses); "then" reads as that, or is refused, never as less."""
    product = "naltrexone 1.5 mg tablet"
    day = classify(f"{first} {morning} and {second} {night}", REGIMENS, product=product)
    assume(day.ok)  # "in the morning and 1 hour before bed" may itself be refused
    joined = classify(f"{lead}{first} {morning} then {second} {night}", REGIMENS, product=product)
    assert not joined.ok or joined.daily_dose_mg == day.daily_dose_mg, joined


@pytest.mark.parametrize(
    ("text", "daily_mg"),
    [
        ("1.5 mg qam then 3 mg qhs onwards", 3),  # "onwards" says a course, as "thereafter" does (was 4.5)
        ("1.5 mg at 11 pm then 1.5 mg at 1 am", None),  # 1 am may be that night's (was a step, 1.5)
        ("1.5 mg at 22:00 then 1.5 mg at 02:00", None),
        ("1.5 mg daily at 8 am then 3 mg daily at 8 pm", None),  # "daily at 8 am" is one time (was 3)
        ("1.5 mg at 9 pm then 3 mg at 8 am", 3),  # surely earlier: a step, as before
        ("1.5 mg qam then increase to 3 mg qhs", 3),
    ],
)
def test_what_a_second_attack_on_then_found(text: str, daily_mg: int | None) -> None:
    result = classify(text, REGIMENS)
    if daily_mg is None:
        assert not result.ok and result.error is not None and result.error.code == "ambiguous-frequency", result
    else:
        assert result.ok and result.daily_dose_mg == daily_mg, result


@pytest.mark.parametrize(
    ("text", "product", "daily_mg"),
    [
        # steps that say they are steps: a length on the marked step, a word of a course
        ("Week 1: 1.5 mg qam x 7 days then 3 mg qhs", None, 3),
        ("Week 1: 1.5 mg in the morning for 1 week, then 4.5 mg at bedtime thereafter", None, Fraction(9, 2)),
        ("Week 1: 1.5 mg qam, then increase to 3 mg qhs", None, 3),
        ("Week 1: 25 mg every morning; thereafter 50 mg at bedtime", None, 50),
        # a clock's colon with spaces round it: an hour, never a label's number
        ("Take 1 tablet (50 mg) by mouth daily at 9: 00 AM", "naltrexone 50 mg tablet", 50),
        ("Take 1 capsule at 9 : 00 PM", "naltrexone 4.5 mg capsule", Fraction(9, 2)),
        ("Take 4.5 mg by mouth at 10 :30 PM", None, Fraction(9, 2)),
        ("Week 1: 1.5 mg at 9: 00 PM; Week 2: 3 mg at 9: 00 PM; Week 3+: 4.5 mg at 9: 00 PM", None, Fraction(9, 2)),
    ],
)
def test_what_the_stop_s_last_attack_found_refused_is_read(text: str, product: str | None, daily_mg: Fraction) -> None:
    # a last attack on the stop's changes (helper, 202,000 texts): no wrong answer, and these
    # refused by two of the stop's new checks where the code before read them right
    result = classify(text, REGIMENS, product=product)
    assert result.ok and result.daily_dose_mg == daily_mg, result


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a label's number passed for an hour when its "minutes" went on ("50-mg"): 2 tablets, 100 mg
        ("Dose 2: 50-mg tab daily", None),
        ("Dose 2: 04.5-mg cap qhs", None),
        ("2: 30xdaily", "naltrexone 1.5 mg capsule"),
        ("Sig 2: 25 - mg tab bid", None),
        # a marked step's day doses read as steps: a length before them, a course word in a note
        ("Week 1: x 7 days 1.5 mg qam then 1.5 mg qhs", "naltrexone 1.5 mg capsule"),
        ("Week 1: for 7 days take 1.5 mg qam then 3 mg qhs", None),
        ("Week 1: 25 mg qam then 25 mg qhs for ongoing pain", None),
        ("Week 2 onwards: 25 mg in the morning then 25 mg at night (for maintenance)", None),
        ("Week 1: 1 tab qam then 1 tab qhs. Use ongoing", "naltrexone 50 mg tablet"),
    ],
)
def test_what_the_stop_s_very_last_attack_found_is_refused(text: str, product: str | None) -> None:
    # each was answered wrongly by the commit before (helper): the label's number as a count, or
    # the morning's dose lost; the code before that refused them all
    assert not classify(text, REGIMENS, product=product).ok


@pytest.mark.parametrize(
    ("text", "daily_mg"),
    [
        ("25 mg qam then 25 mg qhs for pain", 50),
        ("1.5 mg qam then 4.5 mg qhs for maintenance", Fraction(9, 2)),  # a course: steps
        ("1.5 mg qam then 3 mg qhs ongoing", 3),
    ],
)
def test_a_course_word_makes_steps_and_a_note_alone_does_not(text: str, daily_mg: Fraction) -> None:
    # "ongoing" read as part of a note ("for ongoing pain") let any note after it hide a course
    # ("… then 4.5 mg at night onwards as directed" was 6 mg): a course word always says a course
    result = classify(text, REGIMENS)
    assert result.ok and result.daily_dose_mg == daily_mg, result


@pytest.mark.parametrize(
    "text",
    [
        "take 2 caps (1 am and 1 pm)",  # older; newly reached with "&"
        "take 2 caps (1 am & 1 pm)",
        "take 3 caps, 1 am & 2 pm",
        "take 3 caps: 1 am & 2 pm",
        "take 2: 1 am and 1 pm",  # "take 2:" is the count taken, never a label's number
        "Take 2: am and pm",
        "take 2 caps 1 am 1 pm",  # side by side, with nothing between
        "take 2 caps (1 am 1 pm)",
    ],
)
def test_small_bare_clocks_listed_after_a_count_are_refused(text: str) -> None:
    # a final attack (helper): "take 2 caps (1 am & 1 pm)" read 2 capsules at 1:00 and 13:00 (6 mg
    # of 1.5 mg capsules) where the writer split 2 over the day (3 mg): which one?
    assert not classify(text, REGIMENS, product="naltrexone 1.5 mg capsule").ok


def test_clock_lists_with_at_or_large_hours_still_read() -> None:
    for text, daily_mg in [
        ("take 1 cap 8 am and 8 pm", 3),
        ("take 1 cap at 1 pm and at 3 pm", 3),
        ("take 1 cap 2 pm", Fraction(3, 2)),
    ]:
        result = classify(text, REGIMENS, product="naltrexone 1.5 mg capsule")
        assert result.ok and result.daily_dose_mg == daily_mg, result


@pytest.mark.parametrize(
    ("text", "daily_mg"),
    [
        ("take 1.5 mg in the morning, then 4.5 mg at night onwards as directed", Fraction(9, 2)),
        ("1.5 mg qam then 3 mg qhs ongoing with water", 3),
        ("1.5 mg qam then 4.5 mg qhs onwards for sleep", Fraction(9, 2)),
    ],
)
def test_a_course_word_with_a_note_after_it_is_never_summed_away(text: str, daily_mg: Fraction) -> None:
    # read as the note's, the course word was lost and the steps summed (6 mg, where the step is 4.5):
    # the later step, or refused (beside a note, it may be the note's)
    result = classify(text, REGIMENS)
    assert not result.ok or result.daily_dose_mg == daily_mg, result


@pytest.mark.parametrize(
    "text",
    [
        "25 mg qam then 25 mg qhs for ongoing pain",  # read as steps (older): 25, where the day is 50
        "1.5 mg qam then 1.5 mg qhs (ongoing pain)",
        "take 1.5 mg in the morning, then 4.5 mg at night onwards as directed",  # read as a day: 6
        "1.5 mg at 8 am then 1.5 mg at 8 pm for ongoing pain",
        "1.5 mg qam then 1.5 mg qhs for ongoing pain x 7 days",
        "1.5 mg qhs x 7 days then 1.5 mg qam then 3 mg qhs for ongoing pain",
    ],
)
def test_a_course_word_beside_a_note_in_a_day_s_doses_is_refused(text: str) -> None:
    # two attacks (helpers) showed each reading wrong: the course word as the note's lost a course,
    # as a course lost the morning's dose. Which is it?
    result = classify(text, REGIMENS)
    assert not result.ok and result.error is not None and result.error.code == "ambiguous-frequency", result
