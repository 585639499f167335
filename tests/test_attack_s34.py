"""Stop 34: what the stop's attack on the reader found, as the rule it broke, with an oracle.

Two times of day joined by a slash or a dash ("4.5 mg morning/night", "50 mg AM-PM") were read as
two doses a day with no assumption: 9 mg/day, out-of-range, from an LDN direction that usually
means "at night, or in the morning if sleep is disturbed". "/night" was a time of day written as a
rate ("4.5 mg/night", as "mg/day"), so it counted as a second time; a dash between two words was
read as a space, so the times were a list. A slash or a dash between two times may say "or" as
well as "and": refused, as "am/pm" already was. The rate itself still reads ("4.5 mg/night").
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()

# Single words for a time of day, as sigs write them (the test's own list, not the lexicon's)
TIMES = ["morning", "am", "qam", "mane", "breakfast", "noon", "midday", "lunch", "afternoon"]
TIMES += ["evening", "pm", "qpm", "dinner", "supper", "night", "bedtime", "hs", "qhs", "nocte"]
DOSES = ["4.5 mg", "1.5 mg", "50 mg", "100 mg", "1 cap (LDN 4.5 mg)", "naltrexone 3 mg"]

# The attack's table (LDN handouts' "morning/night", the label's tablet written the same way)
SLASHED = [
    "4.5 mg morning/night",
    "4.5 mg morning / night",
    "4.5 mg am/night",
    "4.5 mg qam/night",
    "4.5mg qam /night",
    "4.5 mg in the morning/night",
    "4.5 mg mane/night",
    "4.5 mg noon/night",
    "4.5 mg afternoon/night",
    "4.5 mg breakfast/night",
    "1 cap am/night (LDN 4.5 mg)",
    "Take 1 capsule morning/night (LDN 4.5 mg)",
    "50 mg morning/night",
    "Take 1 tablet morning/night (naltrexone 50 mg)",
    "4.5 mg morning-night",
    "4.5 mg AM-PM",
    "4.5 mg breakfast-night",
]


def test_the_attacks_slashed_and_dashed_times_are_refused() -> None:
    for text in SLASHED:
        result = classify(text, REGIMENS)
        assert not result.ok, (text, result.dose_class, result.daily_dose_mg)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(TIMES), st.sampled_from(TIMES), st.sampled_from(["/", " / ", "-"]))
def test_two_times_joined_by_a_slash_or_a_dash_are_never_two_doses(
    dose: str, first: str, second: str, joiner: str
) -> None:
    # Oracle: whatever the two times, the text never says for sure that there are two doses a day.
    result = classify(f"{dose} {first}{joiner}{second}", REGIMENS)
    assert not result.ok or result.doses_per_day == 1, (result.input, result.doses_per_day)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["1.5", "3", "4.5", "50"]), st.sampled_from(["/night", " / night", " per night"]))
def test_a_dose_per_night_is_still_once_at_night(mg: str, per_night: str) -> None:
    result = classify(f"{mg} mg{per_night}", REGIMENS)
    assert result.ok and result.doses_per_day == 1 and result.daily_dose_mg == result.dose_mg


# "100 mg qod, disp 15" was refused as "how often it is taken, or how often it is dispensed?",
# a question for a pharmacy's weekly or 28-day interval with another frequency beside it. An
# interval shorter than a week, the text's only frequency, is how often it is taken: read as
# without the quantity dispensed. A week or more, or with another frequency, stays refused.
SHORT_INTERVALS = ["qod", "q48h", "q72h", "every other day", "every 2 days", "every 3 days", "every 48 hours"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["100 mg", "50 mg", "4.5 mg", "1 tab (50 mg)"]),
    st.sampled_from(SHORT_INTERVALS),
    st.sampled_from([", disp ", " disp ", ", dispense ", " dispense #"]),
    st.integers(1, 90),
)
def test_a_short_interval_before_the_quantity_dispensed_is_how_often_it_is_taken(
    dose: str, interval: str, dispense: str, quantity: int
) -> None:
    alone = classify(f"{dose} {interval}", REGIMENS)
    with_quantity = classify(f"{dose} {interval}{dispense}{quantity}", REGIMENS)
    assert alone.ok and with_quantity.ok, with_quantity.error
    assert (with_quantity.dose_class, with_quantity.daily_dose_mg) == (alone.dose_class, alone.daily_dose_mg)


def test_an_interval_a_pharmacy_dispenses_by_or_beside_another_frequency_stays_refused() -> None:
    for text in [
        "50 mg weekly disp 4",
        "50 mg every 7 days dispense 4",
        "1 tab (50 mg) every 28 days dispense 28 tabs",
        "1 tab at night, every 28 days dispense 28 tabs",
        "50 mg qhs every 3 days dispense 10 tabs",
    ]:
        result = classify(text, REGIMENS)
        assert not result.ok and result.error is not None and result.error.code == "ambiguous-frequency", text


# "4.5 mg q24h. Do not take with opioids.": the stop after an interval's hours was read as an
# abbreviation's dot, so the advice ran into the dose ("unknown-word"); after "nightly." it was read.
@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["4.5 mg", "50 mg", "100 mg"]),
    st.sampled_from(["q24h", "Q24H", "every 24h", "q48h"]),
    st.sampled_from(["Do not take with opioids.", "Avoid alcohol.", "Do not drive."]),
)
def test_a_sentence_after_an_interval_in_hours_is_a_sentence(dose: str, interval: str, advice: str) -> None:
    alone = classify(f"{dose} {interval}", REGIMENS)
    with_advice = classify(f"{dose} {interval}. {advice}", REGIMENS)
    assert with_advice.ok, with_advice.error
    assert (with_advice.dose_class, with_advice.daily_dose_mg) == (alone.dose_class, alone.daily_dose_mg)


# "M/W/F", "T/Th" (pharmacy labels, LDN schedules) were unknown words; "MWF" was read. Oracle:
# the same as the days written out. "T-Th" stays refused: Tuesday and Thursday, or to Thursday?
ABBREVIATED_DAYS = {
    "M/W/F": "mon, wed and fri",
    "M-W-F": "mon, wed and fri",
    "on M/W/F": "mon, wed and fri",
    "T/Th": "tue and thu",
    "Tu/Th": "tue and thu",
    "TTh": "tue and thu",
    "TuTh": "tue and thu",
}


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["4.5 mg", "50 mg", "100 mg", "1 tab (50 mg)"]), st.sampled_from(sorted(ABBREVIATED_DAYS)))
def test_abbreviated_weekdays_are_the_days_written_out(dose: str, days: str) -> None:
    abbreviated = classify(f"{dose} {days}", REGIMENS)
    written_out = classify(f"{dose} {ABBREVIATED_DAYS[days]}", REGIMENS)
    assert written_out.ok and abbreviated.ok, abbreviated.error
    assert (abbreviated.dose_class, abbreviated.daily_dose_mg) == (written_out.dose_class, written_out.daily_dose_mg)


def test_a_dash_between_tuesday_and_thursday_stays_refused() -> None:
    assert not classify("50 mg T-Th", REGIMENS).ok


# "4.5 mg at bedtime with food" was refused as "'with food' with no other frequency": with one
# time of day it is how that dose is taken, once at that time. "with meals" or "pc" beside a
# bedtime ("pc hs": after meals and at bedtime, four a day) and "with food" in a list stay refused.
@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["4.5 mg", "1.5 mg", "50 mg", "1 cap (LDN 3 mg)"]),
    st.sampled_from(["at bedtime", "qhs", "nightly", "in the morning", "at 9 pm", "qam"]),
    st.booleans(),
)
def test_with_food_beside_one_time_of_day_is_how_it_is_taken(dose: str, time: str, food_first: bool) -> None:
    text = f"{dose} with food {time}" if food_first else f"{dose} {time} with food"
    plain = classify(f"{dose} {time}", REGIMENS)
    with_food = classify(text, REGIMENS)
    assert with_food.ok, with_food.error
    assert (with_food.dose_class, with_food.daily_dose_mg, with_food.doses_per_day) == (
        plain.dose_class,
        plain.daily_dose_mg,
        plain.doses_per_day,
    )


def test_meals_beside_a_bedtime_or_food_in_a_list_stay_refused() -> None:
    for text in ["4.5 mg with food", "4.5 mg with meals at bedtime", "4.5 mg pc hs", "4.5 mg with food and at bedtime"]:
        assert not classify(text, REGIMENS).ok, text
