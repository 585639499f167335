"""The table of example doses (tests/cases/doses.csv): grow it with every bug found."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest

from ldnclass import classify
from ldnclass.reading import ONCE_DAILY_ASSUMPTION
from ldnclass.regimens import Regimens

CASES = list(csv.DictReader((Path(__file__).parent / "cases" / "doses.csv").open(encoding="utf-8")))


def _number(text: str) -> Fraction | None:
    return Fraction(text) if text else None


@pytest.mark.parametrize("case", CASES, ids=[c["text"] or "<empty>" for c in CASES])
def test_example_dose(case: dict[str, str], regimens: Regimens) -> None:
    result = classify(case["text"], regimens)
    if case["error_code"]:
        assert not result.ok
        assert result.error is not None
        assert result.error.code == case["error_code"], result.error.message
        assert result.dose_class is None and result.band is None and result.daily_dose_mg is None
        return
    assert result.ok, result.error
    assert result.dose_class == case["class"]
    assert result.band == case["band"]
    assert result.regimen == (case["regimen"] or None)
    assert result.dose_mg == _number(case["dose_mg"])
    assert result.doses_per_day == _number(case["doses_per_day"])
    assert result.daily_dose_mg == _number(case["daily_dose_mg"])
    assert (ONCE_DAILY_ASSUMPTION in result.assumptions) == (case["assumes_once_daily"] == "yes")


def test_table_covers_every_band_and_many_errors() -> None:
    bands = {c["band"] for c in CASES if c["band"]}
    assert bands >= {"below-ldn", "ldn", "between", "hdn", "above-hdn", "injectable", "topical"}
    assert len({c["error_code"] for c in CASES if c["error_code"]}) >= 15
