"""Issue 7, batch part: no lost row, no lost file, no crash, bounded memory, on hostile input.

The core (ldnclass.batch, ldnclass.csvio) in-process here; the installed command in real
processes, pipes and signals in test_batch_signals.py."""

from __future__ import annotations

import csv
import io
import json
import time
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ldnclass import csvio, pool
from ldnclass.batch import Batch, BatchOptions, match_column
from ldnclass.cli import app
from ldnclass.csvio import MAX_RECORD_BYTES, csv_cell, is_formula, lines_with_formula_cells
from ldnclass.errors import ExitCode, InputFileError, UsageError
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


# --- an unclosed quote, an endless line ---------------------------------------------------------------------------


def _run(data: bytes, regimens: Regimens, jsonl: bool = False, **options: object) -> str:
    out = io.StringIO(newline="")
    job = Batch(io.BytesIO(data), BatchOptions(**options), regimens)  # type: ignore[arg-type]
    (job.write_jsonl if jsonl else job.write_csv)(out)
    return out.getvalue()


@pytest.mark.parametrize("block_bytes", [1, 5, 64, 1 << 18])
@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("jsonl", [False, True])
def test_an_unclosed_quote_is_an_input_error_naming_its_line(
    block_bytes: int, line_break: str, jsonl: bool, regimens: Regimens
) -> None:
    lines = ["id,dose", "1,4.5 mg", '2,"4.5 mg', "3,50 mg", "4,4.5 mg"]
    data = line_break.join(lines).encode() + line_break.encode()
    with mock.patch.object(csvio, "BLOCK_BYTES", block_bytes), pytest.raises(InputFileError) as raised:
        _run(data, regimens, jsonl=jsonl)
    assert "line 3:" in str(raised.value) and "quote" in str(raised.value)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(st.sampled_from(["plain", "quoted", "two lines", "three lines"]), max_size=12),
    block_bytes=st.sampled_from([1, 7, 64, 1 << 18]),
    line_break=st.sampled_from(["\n", "\r\n"]),
    jsonl=st.booleans(),
)
def test_an_unclosed_quote_is_named_by_its_line_after_records_of_several_lines(
    kinds: list[str], block_bytes: int, line_break: str, jsonl: bool, regimens: Regimens
) -> None:
    """The line a record began on is worked out when an error needs it, from the lines taken."""
    lines = ["id,dose"]
    for n, kind in enumerate(kinds):
        more = {"plain": [], "quoted": [], "two lines": ['qhs"'], "three lines": ["at", 'bedtime"']}[kind]
        lines += [f"{n},4.5 mg" if kind == "plain" else f'{n},"4,5 mg' + ("" if more else '"'), *more]
    unclosed = len(lines) + 1
    lines += ['x,"4.5 mg', "y,50 mg"]
    data = (line_break.join(lines) + line_break).encode()
    with mock.patch.object(csvio, "BLOCK_BYTES", block_bytes), pytest.raises(InputFileError) as raised:
        _run(data, regimens, jsonl=jsonl)
    assert f"line {unclosed}: a quoted field opens here" in str(raised.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    good=st.integers(0, 400),
    block_bytes=st.sampled_from([7, 64, 1_000, 1 << 18]),
    jsonl=st.booleans(),
    jobs=st.sampled_from([1, 2]),
    broken=st.sampled_from([(b'"never closed\n', "a quoted field opens here"), (b"caf\xe9\n", "byte 0xe9")]),
)
def test_an_input_error_comes_after_every_row_before_it(
    good: int, block_bytes: int, jsonl: bool, jobs: int, broken: tuple[bytes, str], regimens: Regimens
) -> None:
    """Found by an attack: the rows gathered for the next write, up to a block's, were dropped
    when the input turned out bad after them (three good rows, then an open quote: nothing out),
    and an undecodable byte cost every row of its block."""
    rows = "".join(f"{n},{1 + n % 9}.{n:03d} mg qhs\n" for n in range(good))
    data = f"id,dose\n{rows}{good},".encode() + broken[0] + b"999,4.5 mg\n"
    out = io.StringIO(newline="")
    with (
        mock.patch.object(csvio, "BLOCK_BYTES", block_bytes),
        mock.patch.object(pool, "START_METHOD", "fork"),  # quick to start, for many examples
        pytest.raises(InputFileError, match=f"line {good + 2}: {broken[1]}"),
    ):
        job = Batch(io.BytesIO(data), BatchOptions(jobs=jobs, output="jsonl" if jsonl else "csv"), regimens)
        (job.write_jsonl if jsonl else job.write_csv)(out)
    lines = out.getvalue().splitlines()
    ids = [json.loads(line)["row"]["id"] for line in lines] if jsonl else [line.split(",")[0] for line in lines[1:]]
    assert ids == [str(n) for n in range(good)]


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("block_bytes", [5, 64, 1 << 18])
@pytest.mark.parametrize("last", ["3,1 mg", '3,"4,5 mg"'])
def test_an_unended_last_line_ends_as_the_file_s_lines_do(
    line_break: str, block_bytes: int, last: str, regimens: Regimens
) -> None:
    """Found by an attack: a CRLF or CR file's last line, with no break of its own, came out with LF."""
    data = line_break.join(["id,dose", "1,4.5 mg", '2,"4,5 mg"', last]).encode()
    with mock.patch.object(csvio, "BLOCK_BYTES", block_bytes):
        text = _run(data, regimens)
    assert text.endswith(line_break) and text.count(line_break) == 4
    assert "\r" not in text.replace(line_break, "") and "\n" not in text.replace(line_break, "")


def test_an_unclosed_quote_in_the_header_names_line_1(regimens: Regimens) -> None:
    with pytest.raises(InputFileError, match="line 1:"):
        Batch(io.BytesIO(b'id,"dose\n1,4.5 mg\n'), BatchOptions(column="1"), regimens)


def test_an_unclosed_quote_exits_3_naming_the_line() -> None:
    result = runner.invoke(app, ["batch", "-f", "csv"], input='id,dose\n1,4.5 mg\n2,"oops\n3,4.5 mg\n')
    assert result.exit_code == ExitCode.INPUT
    assert "line 3" in result.stderr and "quote" in result.stderr and "Traceback" not in result.stderr


def test_a_closed_quote_after_many_lines_is_still_one_record(regimens: Regimens) -> None:
    note = "line\n" * 1000
    text = _run(f'id,note,dose\n1,"{note}",4.5 mg\n2,x,50 mg\n'.encode(), regimens)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][1] == note and rows[1][3] == "LDN" and rows[2][3] == "HDN"


@pytest.mark.parametrize("line_break", [b"\n", b"\r"])
def test_a_line_over_the_limit_is_an_input_error_naming_it(line_break: bytes, regimens: Regimens) -> None:
    data = b"id,dose" + line_break + b"1,4.5 mg" + line_break + b"2," + b"x" * (MAX_RECORD_BYTES + 10) + line_break
    with pytest.raises(InputFileError, match=r"line 3: a line of more than 1,048,576 bytes"):
        _run(data, regimens)


def test_a_quoted_record_over_the_limit_is_an_input_error_naming_where_it_began(regimens: Regimens) -> None:
    data = b'id,dose\n1,4.5 mg\n2,"' + b"x\n" * (MAX_RECORD_BYTES // 2 + 10) + b'",4.5 mg\n'
    with pytest.raises(InputFileError, match=r"line 3: a record of more than"):
        _run(data, regimens)


def test_a_line_just_under_the_limit_is_read(regimens: Regimens) -> None:
    note = "n" * (MAX_RECORD_BYTES - 100)
    text = _run(f"id,note,dose\n1,{note},4.5 mg\n".encode(), regimens)
    assert list(csv.reader(io.StringIO(text)))[1][1:4] == [note, "4.5 mg", "LDN"]


@pytest.mark.parametrize("block_bytes", [1, 3, 1 << 18])
def test_line_numbers_count_cr_and_crlf_lines_too(block_bytes: int, regimens: Regimens) -> None:
    data = b"id,dose\r1,4.5 mg\r\n2,4.5 mg\n3,caf\xe9\r"
    with mock.patch.object(csvio, "BLOCK_BYTES", block_bytes), pytest.raises(InputFileError, match="line 4:"):
        _run(data, regimens)


# --- bounded time per row -----------------------------------------------------------------------------------------


def test_a_hostile_weight_cell_costs_little_per_row(regimens: Regimens) -> None:
    """The weight cell goes to classify as it is; dose.body_weight_kg bounds it before converting."""
    rows = "".join(f"0.1 mg/kg qhs,1e-1000000{n}\n" for n in range(300))  # distinct: no cache help
    started = time.monotonic()
    text = _run(f"dose,weight\n{rows}".encode(), regimens, weight_column="weight")
    assert time.monotonic() - started < 3
    assert [row[2 + 7] for row in csv.reader(io.StringIO(text))][1:] == ["bad-weight"] * 300
