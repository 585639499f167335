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
