"""Quoted rows read without the csv module (plain_rows.quoted_line_cells): the same cells as the
csv module, the same bytes out of a batch, and a record that goes on past its line still read
by the csv module."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from test_compiled import _sources_alone

from ldnclass.plain_rows import MAX_QUOTED_LINE, quoted_line_cells

DELIMITERS = [",", ";", "\t", "|"]


def _csv_records(lines: list[str], delimiter: str) -> list[list[str]]:
    return list(csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False))


@given(
    text=st.text(alphabet=['"', '"', "a", "é", " ", "=", ",", ";", "\t", "|", "\x00", "\r"], min_size=1, max_size=24),
    delimiter=st.sampled_from(DELIMITERS),
)
@example(text='"a, b",1', delimiter=",")  # the usual quoted sig
@example(text='"he said ""x""",2', delimiter=",")  # doubled quotes
@example(text='"ab"cd",e', delimiter=",")  # after the closing quote, kept as written, quotes too
@example(text='ab"c,"d"', delimiter=",")  # a quote inside an unquoted cell is a character
@example(text='"a",', delimiter=",")  # an empty last cell
@example(text='"a","b, c",""', delimiter=",")  # every cell quoted
@example(text='"a"",""b"', delimiter=",")  # every cell quoted, or a cell with quotes in it?
@example(text='""', delimiter=",")
@example(text='x,"', delimiter=",")  # open at the end: the record goes on
@example(text='"a""', delimiter=",")  # a doubled quote, still open
def test_a_line_s_cells_are_the_csv_module_s(text: str, delimiter: str) -> None:
    if '"' not in text:
        text += '"'
    cells = quoted_line_cells(text, delimiter)
    if cells is not None:
        assert cells == _csv_records([text + "\n"], delimiter)[0]
        assert "\x00" not in text and "\r" not in text
    elif "\x00" not in text and "\r" not in text:
        # None only where the record takes in the next line: a quoted field is open at the end
        records = _csv_records([text + "\n", "z\n"], delimiter)
        assert len(records) == 1 and records[0][-1].endswith("\nz\n")


def test_a_very_long_line_is_left_to_the_csv_module() -> None:
    cell = "a" * MAX_QUOTED_LINE
    assert quoted_line_cells(f'"{cell}",1', ",") is None
    assert quoted_line_cells(f'"{cell[:1000]}",1', ",") == [cell[:1000], "1"]


# --- a batch writes the same with and without the csv module for quoted rows -----------------------

_CELLS = [
    "4.5 mg qhs",
    "50 mg daily",
    "naltrexone 4.5 mg",
    "1 mg/mL, 3 mL at bedtime",
    "take 1, 2 if needed",
    'he said "x"',
    "x",
    "",
    "=1+2",
    '=HYPERLINK("x")',
    "+5",
    "-3 mg",
    "@SUM(A1)",
    "a\nb",
    "see notes; taper",
    "TBD",
    "4,5 mg",
]


def _cell(chosen: random.Random, delimiter: str) -> str:
    value = chosen.choice(_CELLS).replace(",", delimiter) if chosen.random() < 0.2 else chosen.choice(_CELLS)
    form = chosen.random()
    if form < 0.4:
        return '"' + value.replace('"', '""') + '"'  # quoted, as a writer quotes
    if form < 0.5:
        return '"' + value.replace('"', '""') + '"tail'  # text after the closing quote
    if form < 0.55:
        return 'ab"c'  # a quote inside an unquoted cell
    return value.replace('"', "").replace("\n", " ").replace(delimiter, " ")


def _export(chosen: random.Random) -> tuple[str, dict[str, object]]:
    delimiter = chosen.choice(DELIMITERS)
    line_break = chosen.choice(["\n", "\r\n"])
    rows = [delimiter.join(["id", "note", "dose"])]
    for number in range(chosen.randrange(1, 40)):
        width = 3 if chosen.random() < 0.9 else chosen.choice([2, 4])  # now and then a ragged row
        rows.append(delimiter.join([str(number), *(_cell(chosen, delimiter) for _ in range(width - 1))]))
    if chosen.random() < 0.05:
        rows.append(f'99{delimiter}"never closed{delimiter}4.5 mg')  # an input error, after the rows
    options = {
        "output": chosen.choice(["csv", "jsonl"]),
        "escape_formulas": chosen.random() < 0.7,
        "cache_size": chosen.choice([1, 5, 200_000]),
    }
    return line_break.join(rows) + (line_break if chosen.random() < 0.9 else ""), options


_BOTH_WAYS = """
import io, json, sys
from ldnclass import batch, plain_rows
from ldnclass.batch import Batch, BatchOptions
from ldnclass.regimens import load_regimens

regimens = load_regimens()
read_alone = plain_rows.quoted_line_cells
alone = [0]

def counting(text, delimiter):
    cells = read_alone(text, delimiter)
    alone[0] += cells is not None
    return cells

def run(data, options):
    out = io.StringIO(newline="")
    try:
        job = Batch(io.BytesIO(data.encode()), BatchOptions(**options), regimens)
        summary = (job.write_jsonl if options["output"] == "jsonl" else job.write_csv)(out)
        return out.getvalue(), dict(summary.counts), None
    except Exception as error:  # an input error: its message, after the rows written before it
        return out.getvalue(), None, f"{type(error).__name__}: {error}"

exports = json.load(sys.stdin)
batch.quoted_line_cells = plain_rows.quoted_line_cells = counting
with_it = [run(data, options) for data, options in exports]
batch.quoted_line_cells = plain_rows.quoted_line_cells = lambda text, delimiter: None  # the csv module reads each
without = [run(data, options) for data, options in exports]
differ = [i for i, pair in enumerate(zip(with_it, without)) if pair[0] != pair[1]]
print(json.dumps({"differ": differ, "alone": alone[0], "errors": sum(1 for run in with_it if run[2])}))
"""


def test_a_batch_writes_the_bytes_the_csv_module_reading_writes(tmp_path: Path) -> None:
    """The plain sources in a process of their own, so that the row loop's reader can be swapped
    for the csv module's: the same output, summary and error for every export."""
    chosen = random.Random(33)
    exports = [_export(chosen) for _ in range(400)]
    env = {**os.environ, "PYTHONPATH": str(_sources_alone(tmp_path))}
    done = subprocess.run(
        [sys.executable, "-c", _BOTH_WAYS], input=json.dumps(exports), capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    assert found["differ"] == [], [exports[i] for i in found["differ"][:3]]
    assert found["alone"] > 1000  # quoted rows read without the csv module: the path under test ran
    assert found["errors"] > 5  # and exports that end in an open quote were among them
