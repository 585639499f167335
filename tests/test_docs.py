"""The README can't drift: its examples are run, its tables match the code."""

from __future__ import annotations

import csv
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldnclass import classify
from ldnclass.cli import app
from ldnclass.errors import ExitCode

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _example_rows() -> list[list[str]]:
    block = README.split("<!-- examples:start -->")[1].split("<!-- examples:end -->")[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.strip().splitlines()]
    return [row for row in rows[2:]]  # skip the header and its rule


@pytest.mark.parametrize("row", _example_rows(), ids=lambda row: row[0])
def test_readme_example_table(row: list[str]) -> None:
    text, dose_class, band, regimen, daily = row
    result = classify(text.strip("`")).to_dict()
    assert (result["class"], result["band"], result["regimen"] or "") == (dose_class, band, regimen)
    assert result["daily_dose_mg"] == json.loads(daily)


def test_readme_result_object_is_what_classify_prints() -> None:
    block = README.split("### The result object")[1].split("```json")[1].split("```")[0]
    documented = json.loads(block)
    printed = json.loads(CliRunner().invoke(app, ["classify", documented["input"], "--json"]).stdout)
    assert printed == documented


def test_every_command_is_in_the_readme() -> None:
    for command in ("classify", "regimens", "batch"):
        assert f"ldnclass {command}" in README


def test_exit_code_table_matches_the_enum() -> None:
    table = README.split("### Exit codes")[1].split("\n\n")[1]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)}
    assert documented == {int(code) for code in ExitCode}


def test_every_error_code_the_examples_produce_is_documented() -> None:
    codes = set()
    for table in ("doses.csv", "pharmacist.csv"):
        cases = csv.DictReader((Path(__file__).parent / "cases" / table).open(encoding="utf-8"))
        codes |= {case["error_code"] for case in cases if case["error_code"]}
    section = README.split("### Error codes")[1].split("###")[0]
    missing = {code for code in codes if f"`{code}`" not in section}
    assert not missing


def test_pharmacist_fractions_are_exact() -> None:
    assert classify("50 mg weekly").daily_dose_mg == Fraction(50, 7)
