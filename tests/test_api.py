"""The documented Python API."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import ldnclass
from ldnclass import Result, classify, classify_many


def test_issue_example() -> None:
    result = classify("2.25 mg bid")
    assert result.to_dict() | {"arithmetic": [], "notes": []} == {
        "input": "2.25 mg bid",
        "ok": True,
        "class": "LDN",
        "band": "ldn",
        "regimen": "ldn-oral",
        "route": "oral",
        "dose_mg": 2.25,
        "doses_per_day": 2,
        "daily_dose_mg": 4.5,
        "daily_dose_mg_min": None,
        "supply_daily_dose_mg": None,
        "weight_kg": None,
        "steps": [],
        "duration_days": None,
        "prn": False,
        "label_status": "off-label",
        "assumptions": [],
        "warnings": [],
        "notes": [],
        "arithmetic": [],
        "error": None,
        "regimens_file": None,
    }
    assert result.arithmetic == ("2.25 mg × 2/day = 4.5 mg/day",)


def test_json_numbers_have_no_float_noise() -> None:
    text = json.dumps(classify("4500 mcg").to_dict())
    assert '"daily_dose_mg": 4.5' in text
    assert '"dose_mg": 4.5,' in text


def test_failure_is_a_result_not_an_exception() -> None:
    result = classify("4.5")
    assert isinstance(result, Result)
    assert result.to_dict()["ok"] is False
    assert result.to_dict()["error"]["code"] == "no-unit"
    assert result.to_dict()["class"] is None


def test_non_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        classify(4.5)  # type: ignore[arg-type]


def test_classify_many_keeps_order() -> None:
    texts = ["4.5 mg", "nope", "50 mg", ""]
    assert [r.input for r in classify_many(texts)] == texts
    assert [r.dose_class for r in classify_many(texts)] == ["LDN", None, "HDN", None]


def test_importing_the_package_does_not_load_pint_rich_or_typer() -> None:
    code = "import sys, ldnclass; print(sorted(m for m in ('pint','rich','typer','pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_core_never_imports_typer_or_rich() -> None:
    code = (
        "import sys; from ldnclass import classify; classify('4.5 mg qhs'); "
        "print(sorted(m for m in ('rich','typer') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        ldnclass.nothing_here  # noqa: B018


def test_a_results_cheap_copy_is_what_dataclasses_replace_makes() -> None:
    import dataclasses

    result = classify("1.5 mg qhs x 7 days, then 4.5 mg qhs")
    changes = {"input": "other", "notes": ("a",), "label_status": None, "steps": result.steps[:1]}
    copied = result.replace(**changes)
    assert copied == dataclasses.replace(result, **changes)  # type: ignore[arg-type]
    assert copied.__dict__ == dataclasses.replace(result, **changes).__dict__  # type: ignore[arg-type]
    assert result.input == "1.5 mg qhs x 7 days, then 4.5 mg qhs"  # the original is untouched
    with pytest.raises(TypeError, match="no field colour"):
        result.replace(colour="red")


def test_a_result_made_cheaply_is_what_its_constructor_makes() -> None:
    from fractions import Fraction

    from ldnclass.result import Result

    for values in [
        {"input": "4.5 mg qhs", "ok": True},
        {"input": "", "ok": True, "dose_class": "LDN", "daily_dose_mg": Fraction(9, 2), "notes": ("a",), "prn": True},
    ]:
        made = Result.made(**values)
        assert made == Result(**values) and made.__dict__ == Result(**values).__dict__
    with pytest.raises(TypeError, match="colour"):
        Result.made(input="", ok=True, colour="red")
    with pytest.raises(TypeError, match="ok"):
        Result.made(input="")
