"""Rules that hold for any input (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ldnclass import classify
from ldnclass.regimens import Regimens

PIECES = st.sampled_from(
    [
        "4.5",
        "mg",
        "mcg",
        " ",
        "/",
        "1/2",
        "½",
        "qhs",
        "bid",
        "every",
        "3",
        "days",
        "-",
        ",",
        ".",
        "ml",
        "naltrexone",
        "x",
        "times",
        "daily",
        "µg",
        "0",
        "1e3",
        "#",
        "(",
        "'",
        "\u0000",
        "q",
        "h",
    ]
)


@settings(max_examples=300)
@given(st.text(max_size=250))
@example("4.5 mg" * 40)
@example("9" * 200)
@example("1" + "0" * 150 + " mg")
def test_any_text_gives_a_result_or_our_error(text: str) -> None:
    result = classify(text)
    assert result.ok or (result.error is not None and result.error.code)
    if result.ok and result.route == "oral":
        assert result.daily_dose_mg is not None and result.daily_dose_mg > 0
    if result.ok and result.route == "injectable":
        assert result.dose_mg is not None and result.dose_mg > 0 and result.daily_dose_mg is None


@settings(max_examples=300)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_dose_like_text_gives_a_result_or_our_error(text: str) -> None:
    result = classify(text)
    assert result.ok == (result.error is None)


@settings(max_examples=200)
@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal(999), places=3, allow_nan=False))
def test_mg_mcg_and_g_always_classify_the_same(dose_mg: Decimal) -> None:
    as_mg = classify(f"{dose_mg} mg")
    as_mcg = classify(
        f"{(dose_mg * 1000).normalize():f} mcg"
    )  # "1 mcg": "1.000 mcg" may be 1000 (a point for thousands)
    as_g = classify(f"{(dose_mg / 1000):f} g")
    assert as_mg.dose_class == as_mcg.dose_class == as_g.dose_class
    assert as_mg.band == as_mcg.band == as_g.band
    assert as_mg.daily_dose_mg == as_mcg.daily_dose_mg == as_g.daily_dose_mg


@settings(max_examples=100)
@given(st.integers(min_value=1, max_value=4000), st.sampled_from([("bid", 2), ("tid", 3), ("qid", 4)]))
def test_divided_doses_sum_to_the_daily_dose(hundredths: int, frequency: tuple[str, int]) -> None:
    word, times = frequency
    result = classify(f"{hundredths / 100} mg {word}")
    once = classify(f"{hundredths * times / 100} mg daily")
    assert result.daily_dose_mg == once.daily_dose_mg
    assert result.band == once.band


def test_boundaries_are_exact(regimens: Regimens) -> None:
    assert classify("4.5 mg", regimens).band == "ldn"
    assert classify("4.5000000000000000000000000001 mg", regimens).band == "between"
    assert classify("0.9999999999999999999999999999 mg", regimens).band == "below-ldn"
    assert classify("7 mg weekly", regimens).band == "ldn"  # exactly 1 mg/day
