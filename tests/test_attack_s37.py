"""Stop 37: clinicians' notes and pharmacy wordings that were refused, each read by one rule.

- "increase LDN to 4.5 mg qhs", "titrate naltrexone to …", "increase the dose to …": an opening
  rise that names the drug or the dose before "to" is "increase to" (the dose now, with a note);
  in a titration's later step it was already read.
- "continue with 3 mg qhs": "continue with" is "continue at"; and "then continue at" (a step) is
  "then continue" ("1.5 mg qhs x 7 days then continue at 4.5 mg qhs" was refused).
Oracle: the same dose written plainly.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()
PLAIN_DOSES = ["4.5 mg qhs", "50 mg daily", "1.5 mg at bedtime", "100 mg every other day", "3 mg nightly"]
RISES = ["increase", "titrate"]
NAMES = ["LDN", "naltrexone", "the dose", "dose", "naltrexone HCl", "the LDN dose"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(RISES), st.sampled_from(NAMES), st.sampled_from(PLAIN_DOSES))
def test_an_opening_rise_naming_the_drug_says_the_dose_now(rise: str, name: str, dose: str) -> None:
    text = f"{rise} {name} to {dose}"
    said, plain = classify(text, REGIMENS), classify(dose, REGIMENS)
    assert said.ok, (text, said.error)
    assert (said.dose_class, said.dose_mg, said.daily_dose_mg) == (plain.dose_class, plain.dose_mg, plain.daily_dose_mg)
    assert any("opens the text" in note for note in said.notes), (text, said.notes)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(["on Monday", "from Monday", "starting Monday"]))
def test_a_weekday_after_an_opening_rise_stays_refused(name: str, day: str) -> None:
    # "increase LDN to 4.5 mg on Monday": the day it starts, or the day it is taken? (0.64 mg/day)
    result = classify(f"increase {name} to 4.5 mg {day}", REGIMENS)
    assert not result.ok, result.input


def test_a_rise_of_another_drug_is_not_naltrexone() -> None:
    assert classify("increase bupropion to 300 mg daily", REGIMENS).error.code == "other-drug"
    assert not classify("increase LDN by 1.5 mg weekly", REGIMENS).ok  # no dose to reach


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["", "then ", "1.5 mg qhs x 7 days, ", "1.5 mg qhs x 7 days then "]), st.sampled_from(PLAIN_DOSES)
)
def test_continue_with_is_continue_at(before: str, dose: str) -> None:
    said = classify(f"{before}continue with {dose}", REGIMENS)
    at = classify(f"{before}continue at {dose}", REGIMENS)
    assert (said.ok, said.dose_class, said.daily_dose_mg) == (at.ok, at.dose_class, at.daily_dose_mg), said.input
    if not before:
        assert said.ok, said.error
