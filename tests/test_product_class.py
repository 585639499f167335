"""What a second broad attack found answered wrongly, now refused or classed right:

- Contrave's naltrexone mg/day fell in the LDN band ("Contrave 1 tab every other day": 4 mg/day,
  LDN, labeled); the product is classed by its regimen in the data file, never by the band its
  naltrexone falls in; and its extended-release tablets are never cut ("1/2 tab").
- Full blocking doses days apart averaged into LDN ("100 mg po every 4 weeks": 3.6 mg/day); the
  data file's largest single LDN dose (a week of LDN at once) bounds what averages into it.
- A range of injections raised an exception (an internal error) instead of a refusal.
Oracle: the class worked out here from the data file's bands."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import check

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()  # module-level: a failing example prints its text, not the data file
LDN = REGIMENS.band("ldn")
SINGLE_MAX = Fraction(LDN.single_dose_mg_max or 0)
assert LDN.daily_dose_mg is not None
LDN_RANGE = LDN.daily_dose_mg
CONTRAVE = ["Contrave 8 mg/90 mg ER tablet", "naltrexone-bupropion ER tablet (Contrave)"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["1", "2", "3", "4"]),
    st.sampled_from(["daily", "bid", "every other day", "weekly", "every 2 weeks", "qam", "at bedtime"]),
    st.booleans(),
)
def test_contrave_is_never_ldn(count: str, frequency: str, in_field: bool) -> None:
    text = f"take {count} tab {frequency}" if in_field else f"Contrave {count} tab {frequency}"
    result = classify(text, REGIMENS, product=CONTRAVE[0] if in_field else None)
    if result.ok:
        assert result.dose_class != "LDN" and result.regimen == "naltrexone-bupropion", (text, result.dose_class)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["1/2", "half", "1/4", "1.5", "½"]), st.booleans())
def test_a_cut_contrave_tablet_is_refused(count: str, in_field: bool) -> None:
    text = f"take {count} tab daily" if in_field else f"Contrave {count} tab daily"
    assert not classify(text, REGIMENS, product=CONTRAVE[0] if in_field else None).ok, text


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 120), st.sampled_from([2, 3, 4, 7, 10, 14, 21, 28]), st.booleans())
def test_an_intermittent_dose_averages_into_ldn_only_up_to_its_largest_single_dose(
    dose_mg: int, every_days: int, route: bool
) -> None:
    text = f"{dose_mg} mg {'po ' if route else ''}every {every_days} days"
    result = classify(text, REGIMENS)
    average = Fraction(dose_mg, every_days)
    if result.ok and result.dose_class == "LDN":
        assert Fraction(dose_mg) <= SINGLE_MAX and LDN_RANGE.contains(average), (text, result.daily_dose_mg)
    if LDN_RANGE.contains(average) and Fraction(dose_mg) > SINGLE_MAX:
        assert not result.ok, text


def test_the_issue_s_weekly_example_still_averages() -> None:
    result = classify("1/4 tab of 50 mg Mon", REGIMENS)  # issue 7: 12.5 mg a week, 1.79 mg/day
    assert (result.dose_class, result.daily_dose_mg) == ("LDN", Fraction(25, 14))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["380 mg IM q4-6 weeks", "380 mg IM every 28-30 days", "Vivitrol 380-760 mg IM q4 weeks"]))
def test_a_range_of_injections_is_refused_not_an_error(text: str) -> None:
    result = classify(text, REGIMENS)
    assert result.error is not None and result.error.code == "unsupported-form", (text, result.error)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["0.5", "1", "2", "5", "10"]),
    st.sampled_from(["0.5", "1", "2", "5", "10"]),
    st.sampled_from(["1", "2.5", "4.5", "5"]),
)
def test_a_sig_s_concentration_must_be_the_liquid_product_s(sig_mg_ml: str, product_mg_ml: str, ml: str) -> None:
    result = classify(
        f"{sig_mg_ml} mg/mL, {ml} mL daily", REGIMENS, product=f"naltrexone {product_mg_ml} mg/mL solution"
    )
    if Fraction(sig_mg_ml) != Fraction(product_mg_ml):
        assert result.error is not None and result.error.code == "conflicting-amounts", result.input
    else:
        assert result.daily_dose_mg == Fraction(sig_mg_ml) * Fraction(ml), result.input


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["1 tab", "2 caps", "1/2 tablet", "2 x 50 mg tablets"]), st.sampled_from(["0.5", "1"]))
def test_a_liquid_product_is_not_counted_in_tablets(counted: str, product_mg_ml: str) -> None:
    result = classify(f"take {counted} daily", REGIMENS, product=f"naltrexone {product_mg_ml} mg/mL solution")
    assert not result.ok, result.input


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["1/2", "1/4", "0.5", "1.5", "1/3", "0.09", "0.2", "2/5"]),
    st.sampled_from(["tab", "tablet", "cap", "capsule"]),
    st.sampled_from(["1", "4.5", "50"]),
)
def test_a_capsule_is_never_cut_and_a_tablet_only_in_halves_thirds_or_quarters(
    count: str, form: str, strength: str
) -> None:
    result = classify(f"{count} {form} of {strength} mg daily", REGIMENS)
    parts = Fraction(count) * 12
    if form.startswith("cap") or parts.denominator != 1:
        assert not result.ok, result.input
    elif result.ok:
        assert result.daily_dose_mg == Fraction(count) * Fraction(strength), result.input


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["Vivitrol 380 mg IM q4 weeks", "380 mg IM every 4 weeks", "Vivitrol kit 380 mg IM q4wk"]),
    st.sampled_from(["and then 2 mg", ", then 2 mg IM q4 weeks", "then 190 mg", ", then 4.5 mg qhs"]),
)
def test_an_injection_then_another_dose_is_refused(injection: str, then: str) -> None:
    # once classed HDN on a 2 mg last step, by the product's band
    result = classify(f"{injection} {then}", REGIMENS)
    assert not result.ok, result.input


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["1", "1.5", "2.25", "3.5"]), st.sampled_from(["qhs", "every morning", "three times daily"]))
def test_half_a_capsule_with_its_total_reads_as_the_total(total: str, frequency: str) -> None:
    # Epic: "Take 1/2 capsule (1 mg total)": the total is the dose, whatever the capsule holds
    per_day = {"qhs": 1, "every morning": 1, "three times daily": 3}[frequency]
    check(f"Take 1/2 capsule ({total} mg total) by mouth {frequency}.", Fraction(total) * per_day, REGIMENS)
    assert classify(f"Take 1/2 capsule ({total} mg total) by mouth {frequency}.", REGIMENS).ok
