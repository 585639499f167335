"""Pharmacist-style prescriptions (tests/cases/pharmacist.csv), and the arithmetic they rest on."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify
from ldnclass.regimens import Regimens

CASES = list(csv.DictReader((Path(__file__).parent / "cases" / "pharmacist.csv").open(encoding="utf-8")))


def _number(text: str) -> Fraction | None:
    return Fraction(text) if text else None


@pytest.mark.parametrize("case", CASES, ids=[f"{c['text']} {c['route']} {c['weight_kg']}".strip() for c in CASES])
def test_pharmacist_prescription(case: dict[str, str], regimens: Regimens) -> None:
    result = classify(case["text"], regimens, route=case["route"] or None, weight_kg=case["weight_kg"] or None)
    if case["error_code"]:
        assert result.error is not None, result
        assert result.error.code == case["error_code"], result.error.message
        return
    assert result.ok, result.error
    expected = (case["class"], case["band"], case["regimen"] or None)
    assert (result.dose_class, result.band, result.regimen) == expected
    assert result.dose_mg == _number(case["dose_mg"])
    assert result.daily_dose_mg == _number(case["daily_dose_mg"])
    assert result.daily_dose_mg_min == _number(case["daily_dose_mg_min"])
    assert len(result.steps) == int(case["steps"])


def test_table_is_large_and_covers_every_regimen(regimens: Regimens) -> None:
    assert len(CASES) >= 60
    assert {c["regimen"] for c in CASES if c["regimen"]} == {r.id for r in regimens.regimens}
    assert len({c["error_code"] for c in CASES if c["error_code"]}) >= 12


def test_titration_takes_the_last_step_and_warns_across_bands() -> None:
    result = classify("0.25 mg qhs x 7 days, then 4.5 mg qhs")
    assert [step.band for step in result.steps] == ["below-ldn", "ldn"]
    assert result.band == "ldn"
    assert any("different bands" in warning for warning in result.warnings)
    assert result.to_dict()["steps"][0]["daily_dose_mg"] == 0.25


def test_a_titration_from_an_ldn_starting_step_is_not_warned_about() -> None:
    result = classify("0.5 mg qhs x 7 days, then 4.5 mg qhs")
    assert [step.regimen for step in result.steps] == ["ldn-titration-start", "ldn-oral"]
    assert not any("different bands" in warning for warning in result.warnings)


def test_carried_frequency_is_an_assumption() -> None:
    result = classify("1.5 mg qhs for 7 days then 3 mg")
    assert result.steps[1].assumptions == ("no frequency given: carried over from the step before",)


def test_salt_warning_gives_the_hcl_equivalent() -> None:
    (warning,) = classify("naltrexone base 4.5 mg").warnings
    assert "4.9804" in warning and "naltrexone HCl" in warning


def test_injection_is_never_averaged() -> None:
    result = classify("Vivitrol 380 mg IM q4 weeks").to_dict()
    assert (result["dose_mg"], result["daily_dose_mg"], result["doses_per_day"]) == (380, None, None)
    assert result["route"] == "injectable"


def test_contrave_over_its_maximum_warns() -> None:
    result = classify("Contrave 3 tabs bid")
    assert result.daily_dose_mg == 48
    assert any("over the 32" in warning for warning in result.warnings)
    assert not classify("Contrave 2 tabs bid").warnings


def test_alternative_schedules_are_named_and_large_single_doses_noted() -> None:
    result = classify("150 mg q3d")
    assert any("in the FDA label" in note for note in result.notes)
    assert any("single doses of 150 mg" in note for note in result.notes)
    practice = classify("100 mg Mon and Wed, 150 mg Fri")
    assert any("used in practice" in note for note in practice.notes)


def test_arithmetic_is_shown_for_each_form() -> None:
    assert classify("dissolve one 50 mg tablet in 50 mL water, take 4.5 mL daily").arithmetic[:2] == (
        "1 × 50 mg in 50 ml = 1 mg/mL",
        "1 mg/mL × 4.5 ml = 4.5 mg",
    )
    assert classify("½ × 50 mg tab daily").arithmetic[0] == "0.5 × 50 mg = 25 mg"
    assert classify("50 mg Mon-Fri and 100 mg Sat").arithmetic == (
        "50 mg × 5 days + 100 mg × 1 day = 350 mg/week ÷ 7 = 50 mg/day",
    )


DECIMALS = (
    st.fractions(min_value=Fraction(1, 100), max_value=Fraction(200), max_denominator=100)
    .map(lambda f: Fraction(round(f * 100), 100))
    .filter(lambda f: f > 0)
)


def _text(value: Fraction) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


@settings(max_examples=150)
@given(st.sampled_from([Fraction(1, 2), Fraction(1, 4), Fraction(1), Fraction(2), Fraction(3)]), DECIMALS)
def test_count_times_strength_is_the_product(count: Fraction, strength_mg: Fraction) -> None:
    count_text = {Fraction(1, 2): "1/2", Fraction(1, 4): "1/4"}.get(count, str(count))
    counted = classify(f"{count_text} tab of {_text(strength_mg)} mg daily")
    direct = classify(f"{_text(count * strength_mg)} mg daily") if count * strength_mg * 100 % 1 == 0 else None
    assert counted.dose_mg == count * strength_mg
    if direct is not None:
        assert (counted.band, counted.daily_dose_mg) == (direct.band, direct.daily_dose_mg)


@settings(max_examples=150)
@given(DECIMALS, DECIMALS)
def test_concentration_times_volume_is_the_product(mg_per_ml: Fraction, ml: Fraction) -> None:
    liquid = classify(f"{_text(mg_per_ml)} mg/mL, {_text(ml)} mL daily")
    product = mg_per_ml * ml
    assert liquid.error is None or liquid.error.code == "implausible"
    if liquid.ok:
        assert liquid.dose_mg == product
        assert liquid.band == classify(f"{float(product)} mg daily").band or product * 10**4 % 1 != 0


def test_injection_interval_is_checked_against_the_label() -> None:
    assert classify("Vivitrol 380 mg IM").assumptions == (
        "no interval given: the label gives one injection every 28 days",
    )
    (warning,) = classify("Vivitrol 380 mg IM every 2 weeks").warnings
    assert "every 28 days" in warning
    assert classify("Vivitrol 380 mg IM monthly").warnings == ()
    daily = classify("Vivitrol 380 mg IM daily")  # no naltrexone injection is daily: refused, not warned
    assert daily.error is not None and daily.error.code == "unsupported-form"


def test_product_routes_come_from_the_data(tmp_path: Path, shipped_yaml: str) -> None:
    from ldnclass.regimens import load_regimens

    site = tmp_path / "site.yaml"
    without = shipped_yaml.replace("products: [contrave]", "products: []").replace("product: contrave", "product: null")
    site.write_text(without, encoding="utf-8")
    result = classify("Contrave 2 tabs bid", load_regimens(site))
    assert result.error is not None and result.error.code == "unsupported-form"
