"""ldnclass.batch, the streaming core: golden files per CSV hazard, properties, and the rules
the issue leaves to us (ragged rows, the column guess, the cache, formula escaping)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ldnclass import batch, csvio
from ldnclass.batch import Batch, BatchOptions
from ldnclass.cli import app
from ldnclass.csvio import csv_cell, is_formula, row_keys, sniff_delimiter
from ldnclass.errors import ExitCode, InputFileError, UsageError
from ldnclass.regimens import Regimens, default_regimens_path, load_regimens

GOLDEN = Path(__file__).parent / "golden" / "batch"
REPO = Path(__file__).resolve().parents[1]
runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100", "LDNCLASS_REGIMENS": None})

# name, input file, extra arguments, exit code. Each expected output is GOLDEN/<name>.out.<format>;
# LDNCLASS_REGENERATE_GOLDEN=1 rewrites them (then read the diff before committing it).
GOLDEN_CASES = [
    ("bom", "bom.in.csv", [], ExitCode.OK),
    ("semicolon", "semicolon.in.csv", [], ExitCode.OK),
    ("quoted_newlines", "quoted_newlines.in.csv", [], ExitCode.OK),
    ("ragged", "ragged.in.csv", [], ExitCode.UNCLASSIFIED),
    ("ragged_jsonl", "ragged.in.csv", ["--format", "jsonl"], ExitCode.UNCLASSIFIED),
    ("formulas", "formulas.in.csv", [], ExitCode.UNCLASSIFIED),
    ("formulas_unescaped", "formulas.in.csv", ["--no-escape-formulas"], ExitCode.UNCLASSIFIED),
    ("latin1", "latin1.in.csv", ["--encoding", "latin-1"], ExitCode.OK),
    ("gzip", "gzip.in.csv.gz", [], ExitCode.UNCLASSIFIED),
    ("empty", "empty.in.csv", [], ExitCode.OK),
    ("header_only", "header_only.in.csv", [], ExitCode.OK),
    ("frequency", "frequency.in.csv", ["--frequency-column", "frequency"], ExitCode.UNCLASSIFIED),
    ("tsv", "tsv.in.csv", [], ExitCode.UNCLASSIFIED),
    ("headerless", "headerless.in.csv", ["--no-header", "--column", "1"], ExitCode.UNCLASSIFIED),
    ("routes", "routes.in.csv", ["--route-column", "route", "--weight-column", "weight"], ExitCode.UNCLASSIFIED),
    # A prescription export: product, sig, quantity and days' supply found by their headers.
    ("export", "export.in.csv", [], ExitCode.UNCLASSIFIED),
    ("export_jsonl", "export.in.csv", ["--format", "jsonl"], ExitCode.UNCLASSIFIED),
]


@pytest.mark.parametrize(("name", "source", "args", "exit_code"), GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(name: str, source: str, args: list[str], exit_code: ExitCode) -> None:
    output_format = "jsonl" if "jsonl" in args else "csv"
    extra = args if "--format" in args else ["--format", "csv", *args]
    result = runner.invoke(app, ["batch", str(GOLDEN / source), *extra])
    expected = GOLDEN / f"{name}.out.{output_format}"
    if os.environ.get("LDNCLASS_REGENERATE_GOLDEN"):
        expected.write_bytes(result.stdout_bytes)
    assert result.exit_code == exit_code, result.stderr
    assert result.stdout_bytes == expected.read_bytes()
    assert "Traceback" not in result.stderr


def test_gzip_reads_exactly_as_the_plain_file() -> None:
    plain = gzip.decompress((GOLDEN / "gzip.in.csv.gz").read_bytes())
    assert (
        runner.invoke(app, ["batch", "-", "-f", "csv"], input=plain).stdout_bytes
        == (GOLDEN / "gzip.out.csv").read_bytes()
    )


def test_quoted_fields_round_trip_byte_for_byte() -> None:
    source = (GOLDEN / "quoted_newlines.in.csv").read_bytes().splitlines(keepends=True)
    written = (GOLDEN / "quoted_newlines.out.csv").read_bytes()
    # each record's input text is the start of its output line, before the result columns
    records = [source[0], source[1] + source[2], source[3], source[4] + source[5], source[6]]
    for record in records:
        assert record.rstrip(b"\r\n") + b"," in written


# --- one output row per input row, in order, cells unchanged --------------------------------------------------

cell_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12) | st.sampled_from(
    ["4.5 mg qhs", "", " ", "=1+2", "-3", "@x", '"', "a,b", "a;b", "x\ny", "x\r\ny", "\r", "\t", "4,5 mg"]
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[str]], int, str, str]:
    """Rows of text under a header of `width` cells; some rows may be ragged (one cell more or less)."""
    width = draw(st.integers(1, 4))
    row_widths = st.integers(max(1, width - 1), width + 1) if draw(st.booleans()) else st.just(width)
    rows = draw(st.lists(row_widths.flatmap(lambda n: st.lists(cell_text, min_size=n, max_size=n)), max_size=8))
    return rows, width, draw(st.sampled_from([",", ";", "\t", "|"])), draw(st.sampled_from(["\n", "\r\n"]))


def _written(rows: list[list[str]], delimiter: str, line_break: str) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator=line_break).writerows(rows)
    return text.getvalue().encode("utf-8")


@settings(max_examples=50, deadline=None)
@given(table=tables(), block_bytes=st.sampled_from([1, 7, 64, 1 << 18]), escape=st.booleans())
def test_any_table_comes_out_whole_and_in_order(
    table: tuple[list[list[str]], int, str, str], block_bytes: int, escape: bool
) -> None:
    regimens = load_regimens(default_regimens_path())  # not the fixture: its repr would swamp a failure report
    rows, width, delimiter, line_break = table
    header = [f"c{n}" for n in range(width)]
    data = _written([header, *rows], delimiter, line_break)
    # csv.writer leaves a lone CR unquoted under an LF line end; such a table cannot be written
    assume(list(csv.reader(io.StringIO(data.decode(), newline=""), delimiter=delimiter)) == [header, *rows])
    options = BatchOptions(column="1", delimiter=delimiter, escape_formulas=escape)
    out = io.StringIO(newline="")
    with mock.patch.object(csvio, "BLOCK_BYTES", block_bytes):  # records across block edges too
        summary = Batch(io.BytesIO(data), options, regimens).write_csv(out)
    read_back = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=delimiter))
    results = len(batch.RESULT_COLUMNS)
    assert summary.rows == len(rows)
    assert len(read_back) == len(rows) + 1
    assert read_back[0] == header + [f"ldn_{name}" for name in batch.RESULT_COLUMNS]
    for original, written in zip(rows, read_back[1:], strict=True):
        expected = ["'" + cell if escape and is_formula(cell) else cell for cell in original]
        # the row's own cells, then (a short row) empty padding, the results, then (a long row) its extra cells
        assert written[: min(len(original), width)] == expected[:width]
        assert written[len(original) : width] == [""] * (width - len(original))
        assert written[width + results :] == expected[width:]
        assert (written[width + 7] == "ragged-row") == (len(original) != width)


def test_the_fast_path_agrees_with_the_csv_module(regimens: Regimens) -> None:
    """A line without quotes is split, not parsed: that must be what csv.reader would say."""
    lines = ["a,b,4.5 mg", ",,", "x y , z ,50 mg", "é,ü,qhs"]
    data = "h1,h2,dose\n" + "\n".join(lines) + "\n"
    rows = list(Batch(io.BytesIO(data.encode()), BatchOptions(), regimens).rows())
    assert [cells for cells, _ in rows] == list(csv.reader(lines))


# --- ragged rows ---------------------------------------------------------------------------------------------


def _csv(data: str, regimens: Regimens, **options: object) -> tuple[str, batch.Summary]:
    out = io.StringIO(newline="")
    summary = Batch(io.BytesIO(data.encode("utf-8")), BatchOptions(**options), regimens).write_csv(out)  # type: ignore[arg-type]
    return out.getvalue(), summary


def test_ragged_rows_are_kept_whole_flagged_and_not_read(regimens: Regimens) -> None:
    text, summary = _csv("id,dose\n1\n2,4.5 mg,extra\n3,4.5 mg\n", regimens)
    rows = list(csv.reader(io.StringIO(text)))
    short, long, fine = rows[1], rows[2], rows[3]
    assert short[:2] == ["1", ""] and short[2 + 7] == "ragged-row"
    assert long[:2] == ["2", "4.5 mg"] and long[2 + 7] == "ragged-row" and long[-1] == "extra"
    assert long[2] == ""  # not classified: a shifted row's "dose" may be anything
    assert fine[2] == "LDN"
    assert summary.errors() == {"ragged-row": 2}


def test_a_blank_line_in_a_one_column_file_is_an_empty_dose(regimens: Regimens) -> None:
    text, summary = _csv("dose\n4.5 mg\n\n50 mg\n", regimens)
    assert [row[0] for row in csv.reader(io.StringIO(text))] == ["dose", "4.5 mg", "", "50 mg"]
    assert summary.errors() == {"empty": 1}


# --- the dose column --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("id,Dose,sig", "Dose"),
        ("id,SIG,directions", "SIG"),
        ("id,Dose Text", "Dose Text"),
        ("directions,sig", "sig"),  # dose, sig, dose_text, directions, prescription: in that order
        ("Prescription,x", "Prescription"),
    ],
)
def test_the_dose_column_is_guessed_from_common_names(header: str, expected: str, regimens: Regimens) -> None:
    job = Batch(io.BytesIO(f"{header}\n".encode()), BatchOptions(), regimens)
    assert job.header is not None and job.header[job.dose_index] == expected
    assert job.dose_column_guessed and repr(expected) in job.dose_column


def test_no_dose_column_is_a_usage_error_naming_the_headers(regimens: Regimens) -> None:
    with pytest.raises(UsageError, match=r"'id', 'drug', 'amount'"):
        Batch(io.BytesIO(b"id,drug,amount\n1,x,4.5 mg\n"), BatchOptions(), regimens)


@pytest.mark.parametrize(
    ("column", "expected"), [("amount", 2), ("AMOUNT", 2), ("3", 2), ("1", 0), ("2", 1), ("9", None), ("nope", None)]
)
def test_column_by_name_or_1_based_number(column: str, expected: int | None, regimens: Regimens) -> None:
    data = io.BytesIO(b"id,drug,amount\n")
    if expected is None:
        with pytest.raises(UsageError):
            Batch(data, BatchOptions(column=column), regimens)
    else:
        assert Batch(data, BatchOptions(column=column), regimens).dose_index == expected


def test_a_header_named_like_a_number_wins_over_the_position(regimens: Regimens) -> None:
    assert Batch(io.BytesIO(b"2,1\n"), BatchOptions(column="1"), regimens).dose_index == 1


def test_no_header_needs_a_column_number(regimens: Regimens) -> None:
    with pytest.raises(UsageError, match="--column"):
        Batch(io.BytesIO(b"4.5 mg\n"), BatchOptions(header=False), regimens)
    with pytest.raises(UsageError, match="number"):
        Batch(io.BytesIO(b"4.5 mg\n"), BatchOptions(header=False, column="dose"), regimens)


def test_frequency_column_is_read_after_the_dose(regimens: Regimens) -> None:
    text, _ = _csv("dose,when\n2.25 mg,bid\n4.5 mg,\n", regimens, frequency_column="when")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][2:4] == ["LDN", "ldn"] and rows[1][2 + 4] == "2"  # doses per day from "bid"
    assert rows[2][2 + 4] == "1"


@pytest.mark.parametrize(
    ("line", "expected"),
    [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("a|b|c", "|"), ("single", ","), ('"a;b",c', ",")],
)
def test_sniffed_delimiter(line: str, expected: str) -> None:
    assert sniff_delimiter(line) == expected


# --- cells -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=1+2", '"\'=1+2"'),
        ("+1+2", '"\'+1+2"'),
        ("-2+3", '"\'-2+3"'),
        ("@SUM(A1)", '"\'@SUM(A1)"'),
        ("\tx", '"\'\tx"'),
        ("\rx", '"\'\rx"'),
        ('=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'),
        ("-5", "-5"),  # a number is not a formula
        ("+3.25", "+3.25"),
        ("-1e5", "-1e5"),
        ("a=b", "a=b"),
        ("", ""),
        ("a,b", '"a,b"'),
    ],
)
def test_formula_cells_are_escaped_as_owasp_says(cell: str, escaped: str) -> None:
    assert csv_cell(cell, ",", escape=True) == escaped


def test_json_row_keys_are_unique_so_no_cell_is_lost() -> None:
    assert row_keys(["id", "dose"], 2) == ["id", "dose"]
    assert row_keys(["a", "a", ""], 4) == ["a", "2", "3", "4"]
    assert row_keys([], 2) == ["1", "2"]
    assert row_keys(["2", "x", "x"], 3) == ["2", "x", "3"]
    assert row_keys(["", "1"], 3) == ["#1", "1", "3"]


def test_jsonl_carries_the_result_object_and_the_row(regimens: Regimens) -> None:
    out = io.StringIO()
    Batch(io.BytesIO(b"id,dose\n7,4.5 mg qhs\n8\n"), BatchOptions(), regimens).write_jsonl(out)
    first, ragged = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["class"] == "LDN" and first["row"] == {"id": "7", "dose": "4.5 mg qhs"}
    assert ragged["error"]["code"] == "ragged-row" and ragged["row"] == {"id": "8"}


# --- big, bad and repeated input --------------------------------------------------------------------------------


def test_a_huge_field_is_read_and_a_huge_dose_is_too_long(regimens: Regimens) -> None:
    huge = "x" * 300_000  # over the csv module's 128 KiB default
    text, summary = _csv(f'id,note,dose\n1,"{huge}, quoted",4.5 mg\n2,n,{"9" * 250_000} mg\n', regimens)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == f"{huge}, quoted" and rows[1][3] == "LDN"
    assert rows[2][3 + 7] == "too-long"
    assert summary.rows == 2


@pytest.mark.parametrize("output", ["csv", "jsonl"])
def test_results_are_cached_per_text_errors_too_and_the_least_recently_used_goes(
    regimens: Regimens, output: str
) -> None:
    texts = ["4.5 mg", "4.5", "50 mg", "4.5 mg", "1 mg", "4.5 mg", "4.5", "4.5 mg"]
    data = "dose\n" + "\n".join(texts) + "\n"
    with mock.patch.object(batch, "classify", wraps=batch.classify) as classify:
        job = Batch(io.BytesIO(data.encode()), BatchOptions(cache_size=3), regimens)
        (job.write_csv if output == "csv" else job.write_jsonl)(io.StringIO())
    # "4.5 mg" is used again before "1 mg" comes, so "4.5" (the error), not "4.5 mg", makes room
    # (first in, first out would have dropped "4.5 mg"); then "4.5" is read again.
    assert [call.args[0] for call in classify.call_args_list] == ["4.5 mg", "4.5", "50 mg", "1 mg", "4.5"]
    assert len(job._cache) == 3


def test_no_cache_reads_every_row(regimens: Regimens) -> None:
    with mock.patch.object(batch, "classify", wraps=batch.classify) as classify:
        Batch(io.BytesIO(b"dose\n4.5 mg\n4.5 mg\n"), BatchOptions(cache_size=0), regimens).write_csv(io.StringIO())
    assert classify.call_count == 2


def test_a_bug_in_the_core_is_one_rows_error_unless_debugging(regimens: Regimens) -> None:
    with mock.patch.object(batch, "classify", side_effect=RuntimeError("boom")):
        text, summary = _csv("dose\n4.5 mg\n", regimens)
        assert summary.errors() == {"internal-error": 1} and "RuntimeError: boom" in text
        with pytest.raises(RuntimeError):
            _csv("dose\n4.5 mg\n", regimens, raise_unexpected=True)


@pytest.mark.parametrize("block_bytes", [8, 1 << 18])
def test_an_undecodable_byte_names_its_line(block_bytes: int, regimens: Regimens) -> None:
    data = b"id,dose\n1,4.5 mg\n2,caf\xe9\n3,4.5 mg\n"
    with mock.patch.object(csvio, "BLOCK_BYTES", block_bytes), pytest.raises(InputFileError, match="line 3"):
        Batch(io.BytesIO(data), BatchOptions(), regimens).write_csv(io.StringIO())
    text, _ = _csv(data.decode("cp1252"), regimens)  # the same text, given as it was meant: no error
    assert "café" in text


def test_with_an_encoding_a_bad_byte_becomes_a_replacement_character(regimens: Regimens) -> None:
    out = io.StringIO()
    Batch(io.BytesIO(b"id,dose\n1,\x81 mg\n"), BatchOptions(encoding="cp1252"), regimens).write_csv(out)
    assert "\ufffd mg" in out.getvalue()


@pytest.mark.parametrize("encoding", ["no-such-codec", "utf-16"])
def test_unusable_encodings_are_usage_errors(encoding: str, regimens: Regimens) -> None:
    with pytest.raises(UsageError):
        Batch(io.BytesIO(b"dose\n"), BatchOptions(encoding=encoding), regimens)


def test_a_truncated_gzip_is_an_input_file_error(tmp_path: Path) -> None:
    packed = gzip.compress(b"id,dose\n" + b"".join(b"%d,%d.5 mg qhs\n" % (n, n % 7) for n in range(20_000)))
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(packed[: len(packed) // 2])
    result = runner.invoke(app, ["batch", str(broken), "-f", "csv"])
    assert result.exit_code == ExitCode.INPUT
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout.endswith("\n")  # what was written is whole lines


def test_a_record_spanning_blocks_and_a_crlf_file(regimens: Regimens) -> None:
    data = 'id,dose,note\r\n1,4.5 mg,"a\r\nb"\r\n2,50 mg,c\r\n3,"4,5 mg",d\r\n'
    for block_bytes in (1, 5, 1 << 18):
        with mock.patch.object(csvio, "BLOCK_BYTES", block_bytes):
            text, summary = _csv(data, regimens)
        assert text.splitlines(keepends=True)[1].startswith('1,4.5 mg,"a\r\n')
        assert [row[1] for row in csv.reader(io.StringIO(text, newline=""))][1:] == ["4.5 mg", "50 mg", "4,5 mg"]
        assert summary.classes() == {"LDN": 2, "HDN": 1}


def test_old_mac_line_ends_are_lines_too(regimens: Regimens) -> None:
    _, summary = _csv("dose\r4.5 mg\r50 mg\r", regimens)
    assert summary.classes() == {"LDN": 1, "HDN": 1}


# --- Ctrl-C -------------------------------------------------------------------------------------------------------


def test_ctrl_c_while_writing_waits_for_the_whole_chunk() -> None:
    written: list[str] = []
    with pytest.raises(KeyboardInterrupt), csvio.deferred_interrupt():
        os.kill(os.getpid(), signal.SIGINT)
        written.append("a whole chunk")
    assert written == ["a whole chunk"]


# --- the bench runs ------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_bench_runs_small_and_prints_the_ratios() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "bench_batch.py"), "--rows", "20000", "--distinct-rows", "300"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for label in (
        "(a) csv passthrough",
        "(b) ldnclass batch",
        "(c) ldnclass batch, all distinct",
        "b/a",
        "c/a",
        "bq/aq",
    ):
        assert label in done.stdout
    assert "peak memory" in done.stdout
