"""Issue 7, batch part: no lost row, no lost file, no crash, bounded memory, on hostile input.

The core (ldnclass.batch, ldnclass.csvio) in-process here; the installed command in real
processes, pipes and signals in test_batch_signals.py."""

from __future__ import annotations

import io

import pytest
from typer.testing import CliRunner

from ldnclass.batch import Batch, BatchOptions, match_column
from ldnclass.cli import app
from ldnclass.csvio import csv_cell, is_formula, lines_with_formula_cells
from ldnclass.errors import ExitCode, UsageError
from ldnclass.regimens import Regimens

runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100", "LDNCLASS_REGIMENS": None})

# --- the column resolver ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["²", "¹", "٣", "１", "9" * 5000, "0", "00", "4", "-1", "+1", " 1", "1.0", ""])
def test_odd_column_numbers_are_usage_errors(given: str) -> None:
    with pytest.raises(UsageError) as raised:
        match_column(given, ["id", "dose", "x"], 3, "--column")
    assert len(str(raised.value)) < 400  # a 5,000-digit given is not echoed whole


@pytest.mark.parametrize(
    ("given", "header", "expected"),
    [
        ("dose", ["id", "dose"], 1),
        ("DOSE", ["id", "dose"], 1),
        ("Dose-Text", ["id", "dose text"], 1),
        ("2", ["id", "dose"], 1),
        ("002", ["id", "dose"], 1),
        ("²", ["id", "²"], 1),  # a header named ² is a name like any other
        ("1", None, 0),
    ],
)
def test_match_column_is_a_pure_function(given: str, header: list[str] | None, expected: int) -> None:
    assert match_column(given, header, 2) == expected


@pytest.mark.parametrize("option", ["--column", "--frequency-column", "--route-column", "--weight-column"])
@pytest.mark.parametrize("given", ["²", "9" * 5000])
def test_odd_columns_exit_2_without_a_traceback(option: str, given: str) -> None:
    args = ["batch", "-f", "csv", option, given] + ([] if option == "--column" else ["--column", "dose"])
    result = runner.invoke(app, args, input="id,dose\n1,4.5 mg\n")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Traceback" not in result.stderr and option in result.stderr
    assert result.stdout == ""


def test_a_huge_header_name_is_cut_short_in_the_message(regimens: Regimens) -> None:
    with pytest.raises(UsageError) as raised:
        Batch(io.BytesIO(("id," + "h" * 100_000 + "\n").encode()), BatchOptions(column="nope"), regimens)
    assert len(str(raised.value)) < 400


# --- formula escaping ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["\uff1d1+2", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\n=1+2", "\nx", "\uff0d5", "-\u0665"]
)
def test_full_width_signs_and_a_leading_line_feed_are_formulas(cell: str) -> None:
    assert is_formula(cell)
    assert csv_cell(cell, ",", escape=True) == "\"'" + cell + '"'


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_the_block_scan_finds_full_width_formula_starts(delimiter: str) -> None:
    block = f"1{delimiter}ok\n2{delimiter}\uff1dHYPERLINK()\n\uff20x{delimiter}y\n"
    found = lines_with_formula_cells(block, delimiter, "\n")
    assert found == {f"2{delimiter}\uff1dHYPERLINK()", f"\uff20x{delimiter}y"}


def test_full_width_formulas_are_escaped_in_the_output() -> None:
    given = 'id,note,dose\n1,\uff1dHYPERLINK(x),4.5 mg\n2,"\n=1+2",4.5 mg\n3,\uff0d5,4.5 mg\n'
    result = runner.invoke(app, ["batch", "-f", "csv"], input=given)
    assert result.exit_code == ExitCode.OK, result.stderr
    lines = result.stdout.split("\n")
    assert lines[1].startswith('1,"\'\uff1dHYPERLINK(x)",4.5 mg,LDN')
    assert lines[2] == "2,\"'" and lines[3].startswith('=1+2",4.5 mg,LDN')
    assert lines[4].startswith('3,"\'\uff0d5",4.5 mg,LDN')
