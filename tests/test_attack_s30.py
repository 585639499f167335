"""Stop 30: what the stop's attack on liquids, concentrations and compounded forms found, as the
rule it broke, with an oracle."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import FREQUENCIES, STRENGTHS_MG

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()
FORMS = ["cap", "caps", "capsule", "tab", "tablet", "tablets"]


# "take 3 mg cap plus 1.5 mg cap qhs" was 1.5 mg/day: the first amount was read as the label of the
# units (as in "naltrexone 25 mg tablets: 25mg bd") and dropped. Two amounts joined ("and", "plus",
# "+", "&", "or"), a first one taken ("take 3 mg cap, 1.5 mg"), or two units of different strengths
# ("3 mg cap, 1.5 mg cap") are never a label and a dose: refused, as "3 mg + 1.5 mg" always was.
# A label at the start, or after the drug's name, then a dose in mg reads the dose.


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FORMS),
    st.sampled_from(["", " ", ", ", "; ", ": ", " and ", " plus ", " + ", " & ", " or ", " and a "]),
    st.sampled_from(["", "take ", "Take a ", "naltrexone ", "LDN "]),
    st.sampled_from(["", " cap", " tablet"]),
    st.sampled_from(FREQUENCIES),
)
def test_a_unit_and_another_amount_are_never_a_label_and_its_dose(
    first: str,
    second: str,
    form: str,
    between: str,
    lead: str,
    second_form: str,
    frequency: tuple[str, Fraction],
) -> None:
    written, per_day = frequency
    text = f"{lead}{first} mg {form}{between}{second} mg{second_form} {written}"
    result = classify(text, REGIMENS)
    joined = between.strip() not in ("", ",", ";", ":")
    taken = lead.lower().startswith("take")
    two_strengths = bool(second_form) and first != second
    if joined or taken or two_strengths:
        assert not result.ok, (text, result.daily_dose_mg)  # "1 mg cap and 0.5 mg" may be "1 and a half": refused
    elif result.ok:  # the label, then the dose: never the label's amount, never both
        assert result.dose_mg == Fraction(second), (text, result.dose_mg)
        assert result.daily_dose_mg == Fraction(second) * per_day, text


def test_the_two_amounts_are_named() -> None:
    result = classify("take 3 mg cap plus 1.5 mg cap at bedtime", REGIMENS)
    assert result.error is not None
    assert result.error.code == "multiple-amounts"
    assert "(3 mg, 1.5 mg)" in result.error.message


# A liquid's product field often ends with the bottle's volume ("naltrexone 1 mg/mL oral solution,
# 120 mL", "(150 ml)"): it was refused as not a strength. After a concentration it is the bottle's,
# as a pack's count after the dose form is; before one, or with no concentration, it stays refused.


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["1", "0.5", "2", "4.5"]),
    st.sampled_from(["1", "2.25", "3", "4.5", "0.5"]),
    st.sampled_from(["30", "50", "100", "120", "150"]),
    st.sampled_from([", {} mL", " {} mL", " ({} mL)", " ({} ml)", ", {}mL bottle"]),
    st.sampled_from(["oral solution", "oral suspension", "solution", ""]),
)
def test_a_bottles_volume_after_the_concentration_is_the_packs(
    concentration: str, volume: str, bottle: str, pack: str, form: str
) -> None:
    product = f"naltrexone {concentration} mg/mL {form}".rstrip() + pack.format(bottle)
    result = classify(f"take {volume} mL at bedtime", REGIMENS, product=product)
    if result.ok or "bottle" not in pack:  # "bottle" is a word the vocabulary may not hold: refused is fine
        assert result.ok, (product, result.error)
        assert result.dose_mg == Fraction(concentration) * Fraction(volume), product
    before = classify(f"take {volume} mL at bedtime", REGIMENS, product=f"naltrexone {bottle} mL {concentration} mg/mL")
    assert not before.ok
    alone = classify("take 1 tablet daily", REGIMENS, product=f"naltrexone 50 mg tablet, {bottle} mL")
    assert not alone.ok
