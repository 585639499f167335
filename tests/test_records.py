"""Prescription records: product codes from the data file, and the dispensed-supply cross-check."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from ldnclass import classify, load_regimens
from ldnclass.codes import looks_like_code, normal_ndc
from ldnclass.errors import DoseError, RegimensFileError

DATA = Path(__file__).resolve().parents[1] / "data" / "regimens.yaml"


# --- product codes ------------------------------------------------------------------------

CODES = [
    # product code, sig, class, mg/day, regimen, route
    ("1483744", "take 1/2 tablet daily", "out-of-range", Fraction(25), "hdn-induction", "oral"),
    ("RxCUI 1483744", "1 tab daily", "HDN", Fraction(50), "hdn-oral", "oral"),
    ("rxnorm:1483744", "1 tab daily", "HDN", Fraction(50), "hdn-oral", "oral"),
    ("637213", "380 mg IM every 4 weeks", "HDN", None, "xr-injectable", "injectable"),
    ("1551468", "2 tabs bid", "out-of-range", Fraction(32), "naltrexone-bupropion", "oral"),
    ("65757-0300-01", "380 mg IM every 4 weeks", "HDN", None, "xr-injectable", "injectable"),
    ("65757-300-01", "380 mg IM every 4 weeks", "HDN", None, "xr-injectable", "injectable"),  # 5-3-2
    ("65757030001", "380 mg IM every 4 weeks", "HDN", None, "xr-injectable", "injectable"),  # 11 digits
    ("NDC 51267-890-99", "1 tablet bid", "out-of-range", Fraction(16), "naltrexone-bupropion", "oral"),
    ("ndc:51267-0890-07", "1 tablet in the morning", "out-of-range", Fraction(8), "naltrexone-bupropion", "oral"),
]


@pytest.mark.parametrize(("code", "sig", "dose_class", "daily", "regimen", "route"), CODES)
def test_a_known_code_gives_the_product(
    code: str, sig: str, dose_class: str, daily: Fraction | None, regimen: str, route: str
) -> None:
    result = classify(sig, product=code)
    assert result.ok, result.error
    assert (result.dose_class, result.daily_dose_mg, result.regimen, result.route) == (
        dose_class,
        daily,
        regimen,
        route,
    )
    (note,) = [n for n in result.notes if n.startswith("product ")]
    assert "source:" in note


UNKNOWN = [
    ("9999999", "RxCUI 9999999 is not in"),
    ("1483745", "RxCUI 1483745 is not in"),  # one digit off a known code: never the nearest
    ("NDC 00000-0000-00", "NDC 00000-0000-00 is not in"),
    ("6575730001", "10 digits and no hyphens"),  # 4-4-2, 5-3-2 or 5-4-1: not guessed
    ("65757-30-01", "is not an NDC"),
    ("ndc 123", "is not an NDC"),
    ("rxcui 12-34", "is not an RxCUI"),
]


@pytest.mark.parametrize(("code", "message"), UNKNOWN)
def test_an_unknown_code_is_unknown_product_never_a_guess(code: str, message: str) -> None:
    result = classify("1 tab daily", product=code)
    assert result.error is not None
    assert result.error.code == "unknown-product"
    assert message in result.error.message


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("65757-0300-01", "65757-0300-01"),  # 5-4-2 already
        ("5757-0300-01", "05757-0300-01"),  # 4-4-2
        ("65757-300-01", "65757-0300-01"),  # 5-3-2
        ("65757-0300-1", "65757-0300-01"),  # 5-4-1
        ("65757030001", "65757-0300-01"),
    ],
)
def test_ndcs_are_normalised_to_11_digits(given: str, normal: str) -> None:
    assert normal_ndc(given) == normal


def test_a_text_product_is_not_taken_for_a_code() -> None:
    assert looks_like_code("1483744")
    assert looks_like_code(" NDC 65757-0300-01 ")
    assert not looks_like_code("naltrexone 50 mg tablet")
    assert not looks_like_code("LDN 4.5 mg")


def test_a_code_and_a_sig_that_disagree_are_caught() -> None:
    result = classify("take 1 tablet (4.5 mg) daily", product="1483744")
    assert result.error is not None
    assert result.error.code == "conflicting-amounts"
    injected = classify("inject 380 mg IM every 4 weeks", product="1483744")
    assert injected.error is not None
    assert injected.error.code == "route-mismatch"


def _site_file(tmp_path: Path, old: str, new: str) -> Path:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    site = tmp_path / "site.yaml"
    site.write_text(text.replace(old, new, 1), encoding="utf-8")
    return site


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('code: "65757-0300-01"', 'code: "65757-300-01"', "code"),  # not 5-4-2
        ('code: "1483744"', 'code: "637213"', "listed twice"),
        ("product: vivitrol", "product: nowhere", "unknown product"),
        ("    route: oral\n    product: contrave", "    route: injectable\n    product: contrave", "is injectable"),
        ("supply_tolerance_percent: 10", "supply_tolerance_percent: 150", "supply_tolerance_percent"),
    ],
)
def test_product_codes_in_a_site_file_are_validated(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(RegimensFileError, match=message):
        load_regimens(_site_file(tmp_path, old, new))


def test_a_site_may_add_a_code(tmp_path: Path) -> None:
    site = _site_file(tmp_path, 'code: "51267-0890-07"', 'code: "51267-0890-08"')
    data = load_regimens(site)
    assert classify("1 tablet bid", data, product="51267-0890-08").daily_dose_mg == 16
    assert classify("1 tablet bid", data, product="51267-0890-07").error is not None


def test_every_shipped_code_has_a_source_with_an_address() -> None:
    data = load_regimens()
    assert len(data.product_codes) >= 4
    for entry in data.product_codes:
        assert entry.sources and all(source.url.startswith("https://") for source in entry.sources)


# --- supply -------------------------------------------------------------------------------

SUPPLY = [
    # sig, product, quantity, days' supply, supply mg/day, warned
    ("Take 1 capsule by mouth at bedtime", "NALTREXONE HCL 4.5 MG CAPSULE", 30, 30, Fraction(9, 2), False),
    ("take 1/2 tablet daily", "naltrexone 50 mg tablet", 15, 30, Fraction(25), False),
    ("take 4.5 mL at bedtime", "naltrexone 1 mg/mL oral solution", 135, 30, Fraction(9, 2), False),
    ("take 4.5 mL at bedtime", "naltrexone 1 mg/mL oral solution", "135 mL", 30, Fraction(9, 2), False),
    ("2 tabs bid", "Contrave", 120, 30, Fraction(32), False),  # the data's strength per tablet
    ("4.5 mg qhs", None, "0.135 g", "30", Fraction(9, 2), False),  # bulk powder, in g
    ("4.5 mg qhs", "LDN 4.5 mg capsule", "30 caps", "30 days", Fraction(9, 2), False),
    ("4.5 mg qhs", "LDN 4.5 mg capsule", 31, 30, Fraction(9 * 31, 60), False),  # within 10%
    # The classic: tablets dispensed for a dissolved-tablet liquid.
    ("dissolve one 50 mg tablet in 50 mL water, take 4.5 mL daily", "naltrexone 50 mg tablet", 30, 30, 50, True),
    ("4.5 mg qhs", "LDN 4.5 mg capsule", 30, 10, Fraction(27, 2), True),  # an early refill
    ("4.5 mg qhs", "LDN 4.5 mg capsule", 3, 30, Fraction(9, 20), True),  # a unit slip
    ("1.5-4.5 mg qhs", "LDN 1.5 mg capsule", 60, 30, Fraction(3), False),  # inside the range
    ("1.5-4.5 mg qhs", "LDN 1.5 mg capsule", 120, 30, Fraction(6), True),  # above it
    ("4.5 mg qhs prn", "LDN 4.5 mg capsule", 10, 30, Fraction(3, 2), False),  # as needed: less is fine
]


@pytest.mark.parametrize(("sig", "product", "quantity", "days", "supply_daily", "warned"), SUPPLY)
def test_the_supply_is_quantity_times_strength_over_days(
    sig: str, product: str | None, quantity: object, days: object, supply_daily: Fraction, warned: bool
) -> None:
    result = classify(sig, product=product, quantity=quantity, days_supply=days)  # type: ignore[arg-type]
    assert result.ok, result.error
    assert result.supply_daily_dose_mg == supply_daily
    assert isinstance(result.supply_daily_dose_mg, Fraction)
    assert any(step.startswith("supply: ") for step in result.arithmetic)
    supply_warnings = [w for w in result.warnings if w.startswith("the supply comes to")]
    assert bool(supply_warnings) == warned, result.warnings


def test_the_warning_names_both_numbers_and_the_likely_causes() -> None:
    result = classify(
        "dissolve one 50 mg tablet in 50 mL water, take 4.5 mL daily",
        product="naltrexone 50 mg tablet",
        quantity=30,
        days_supply=30,
    )
    (warning,) = [w for w in result.warnings if w.startswith("the supply")]
    assert "50 mg/day" in warning and "4.5 mg/day" in warning
    assert "dissolved-tablet liquid" in warning and "unit slip" in warning and "early refill" in warning
    assert result.dose_class == "LDN"  # the sig is classified; the supply only warns


def test_a_titration_is_checked_against_its_steps_over_the_days() -> None:
    sig = "1.5 mg qhs x 7 days, then 3 mg qhs x 7 days, then 4.5 mg qhs"
    # 7 × 1.5 + 7 × 3 + 16 × 4.5 = 103.5 mg in 30 days: 69 capsules of 1.5 mg
    fits = classify(sig, product="LDN 1.5 mg capsule", quantity=69, days_supply=30)
    assert fits.supply_daily_dose_mg == Fraction(69 * 3, 60)
    assert not [w for w in fits.warnings if w.startswith("the supply")]
    off = classify(sig, product="LDN 1.5 mg capsule", quantity=180, days_supply=30)
    assert [w for w in off.warnings if w.startswith("the supply")]


def test_the_tolerance_comes_from_the_data_file(tmp_path: Path) -> None:
    site = load_regimens(_site_file(tmp_path, "supply_tolerance_percent: 10", "supply_tolerance_percent: 0"))
    strict = classify("4.5 mg qhs", site, product="LDN 4.5 mg capsule", quantity=31, days_supply=30)
    assert [w for w in strict.warnings if w.startswith("the supply")]


@pytest.mark.parametrize(
    ("quantity", "days", "sig", "warned"),
    [
        (1, 28, "inject 380 mg IM every 4 weeks", False),  # the labeled monthly dose, not 13.6 mg/day
        (1, 30, "inject 380 mg IM monthly", False),
        (3, 84, "380 mg IM every 4 weeks", False),
        (2, 28, "inject 380 mg IM every 4 weeks", True),  # two kits for one interval
        (1, 28, "inject 380 mg IM", False),  # no interval written: nothing to check against
    ],
)
def test_an_injectables_days_supply_is_its_interval(quantity: int, days: int, sig: str, warned: bool) -> None:
    result = classify(sig, product="Vivitrol 380 mg kit", quantity=quantity, days_supply=days)
    assert result.ok, result.error
    assert result.route == "injectable"
    assert result.supply_daily_dose_mg is None
    assert result.daily_dose_mg is None
    assert bool([w for w in result.warnings if "injection every" in w]) == warned, result.warnings


NO_SIG = [
    # product, quantity, days, class, mg/day, regimen
    ("naltrexone 50 mg tablet", 30, 30, "HDN", Fraction(50), "hdn-oral"),
    ("LDN 4.5 mg capsule", 30, 30, "LDN", Fraction(9, 2), "ldn-oral"),
    ("LDN 1.5 mg capsule", 90, 30, "LDN", Fraction(9, 2), "ldn-oral"),
    ("1483744", 15, 30, "out-of-range", Fraction(25), "hdn-induction"),
    ("naltrexone 1 mg/mL oral solution", 135, 30, "LDN", Fraction(9, 2), "ldn-oral"),
]


@pytest.mark.parametrize(("product", "quantity", "days", "dose_class", "daily", "regimen"), NO_SIG)
def test_with_no_sig_the_class_comes_from_the_supply(
    product: str, quantity: int, days: int, dose_class: str, daily: Fraction, regimen: str
) -> None:
    for sig in ("", "   "):
        result = classify(sig, product=product, quantity=quantity, days_supply=days)
        assert result.ok, result.error
        assert (result.dose_class, result.daily_dose_mg, result.regimen) == (dose_class, daily, regimen)
        assert result.supply_daily_dose_mg == daily
        assert result.dose_mg is None and result.doses_per_day is None  # nothing says how it is taken
        assert any("no sig" in a and "supply" in a for a in result.assumptions)


def test_with_no_sig_an_injectable_is_one_injection_per_kit_over_the_days() -> None:
    result = classify("", product="65757-0300-01", quantity=1, days_supply=28)
    assert (result.dose_class, result.regimen, result.label_status) == ("HDN", "xr-injectable", "labeled")
    assert result.dose_mg == 380
    assert any("no sig" in a for a in result.assumptions)
    fortnightly = classify("", product="Vivitrol 380 mg kit", quantity=2, days_supply=28)
    assert fortnightly.label_status == "outside-label"
    assert any("every 14 days" in w for w in fortnightly.warnings)


@pytest.mark.parametrize(
    ("sig", "product", "quantity", "days", "code"),
    [
        ("", "naltrexone 50 mg tablet", None, None, "empty"),  # no sig and no supply
        ("", None, 30, 30, "no-dose"),  # no strength: nothing to classify
        ("4.5 mg qhs", "LDN 4.5 mg capsule", 30, None, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", None, 30, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", 0, 30, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", 30, "0", "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", "-30", 30, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", "thirty", 30, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", "30 mg", 30, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", "1e9", 30, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", float("nan"), 30, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", True, 30, "bad-supply"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", 30, "30 weeks", "bad-supply"),
    ],
)
def test_a_bad_supply_is_an_error_result(
    sig: str, product: str | None, quantity: object, days: object, code: str
) -> None:
    result = classify(sig, product=product, quantity=quantity, days_supply=days)  # type: ignore[arg-type]
    assert result.error is not None, result
    assert result.error.code == code


@pytest.mark.parametrize(
    ("sig", "product", "quantity", "why"),
    [
        ("4.5 mg qhs", None, 30, "strength per unit is not known"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", "120 mL", "mL"),
        ("4.5 mg qhs", "LDN 4.5 mg capsule", "5 g", "in g"),
        ("naltrexone 1% cream apply bid", None, "30 g", "topical"),
    ],
)
def test_a_supply_that_cannot_be_computed_says_why(sig: str, product: str | None, quantity: object, why: str) -> None:
    result = classify(sig, product=product, quantity=quantity, days_supply=30)  # type: ignore[arg-type]
    assert result.ok
    assert result.supply_daily_dose_mg is None
    assert any(note.startswith("supply not checked") and why in note for note in result.notes), result.notes


def test_the_supply_is_in_the_json_object() -> None:
    as_dict = classify("4.5 mg qhs", product="LDN 4.5 mg capsule", quantity=30, days_supply=30).to_dict()
    assert as_dict["supply_daily_dose_mg"] == 4.5
    assert classify("4.5 mg qhs").to_dict()["supply_daily_dose_mg"] is None


def test_code_lookups_raise_dose_errors_only() -> None:
    with pytest.raises(DoseError):
        normal_ndc("12")
