"""`ldnclass batch` as a command: CliRunner for options and exit codes (stdout and stderr apart),
and the installed command in real pipes: `printf ... | ldnclass batch -`, `| head -1`, Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldnclass.cli import app
from ldnclass.errors import ExitCode

runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100", "LDNCLASS_REGIMENS": None})
EXPORT = "id,patient,Sig\n1,P1,4.5 mg qhs\n2,P2,50 mg daily\n3,P3,4.5\n4,P4,50 mg weekly\n"


def _rows(stdout: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(stdout, newline="")))


def test_stdin_dash_gives_csv_and_says_which_column_was_read() -> None:
    result = runner.invoke(app, ["batch", "-", "--format", "csv"], input=EXPORT)
    assert result.exit_code == ExitCode.UNCLASSIFIED  # the "4.5" row has no unit
    rows = _rows(result.stdout)
    assert rows[0][:4] == ["id", "patient", "Sig", "ldn_class"]
    assert [row[3] for row in rows[1:]] == ["LDN", "HDN", "", "out-of-range"]
    assert rows[3][3 + 7] == "no-unit"
    assert "'Sig' (column 3)" in result.stderr


def test_no_file_argument_reads_stdin_too() -> None:
    result = runner.invoke(app, ["batch", "-f", "csv", "--column", "Sig"], input=EXPORT)
    assert len(_rows(result.stdout)) == 5
    assert result.stderr == ""  # the column was given: nothing to say


@pytest.mark.parametrize(
    ("fail_on", "rows", "exit_code"),
    [
        ([], "4.5 mg\n50 mg\n", ExitCode.OK),
        ([], "4.5 mg\n4.5\n", ExitCode.UNCLASSIFIED),
        (["--fail-on", "never"], "4.5 mg\n4.5\n", ExitCode.OK),
        (["--fail-on", "out-of-range"], "4.5 mg\n50 mg weekly\n", ExitCode.UNCLASSIFIED),
        (["--fail-on", "error"], "4.5 mg\n50 mg weekly\n", ExitCode.OK),
    ],
)
def test_exit_codes(fail_on: list[str], rows: str, exit_code: ExitCode) -> None:
    result = runner.invoke(app, ["batch", "-f", "csv", *fail_on], input="dose\n" + rows)
    assert result.exit_code == exit_code
    assert len(_rows(result.stdout)) == 3


def test_no_dose_column_is_exit_2_naming_the_headers_and_writes_nothing() -> None:
    result = runner.invoke(app, ["batch", "-f", "csv"], input="id,drug,amount\n1,x,4.5 mg\n")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert "'id', 'drug', 'amount'" in result.stderr and "--column" in result.stderr


def test_a_missing_file_is_exit_3() -> None:
    result = runner.invoke(app, ["batch", "no/such/file.csv"])
    assert result.exit_code == ExitCode.INPUT
    assert "cannot read no/such/file.csv" in result.stderr


def test_an_undecodable_byte_is_exit_3_naming_the_line() -> None:
    result = runner.invoke(app, ["batch", "-f", "csv"], input=b"dose\n4.5 mg\n4.5 mg caf\xe9\n")
    assert result.exit_code == ExitCode.INPUT
    assert "line 3" in result.stderr and "--encoding" in result.stderr
    assert "Traceback" not in result.stderr


def test_jsonl_is_one_result_object_per_row_with_the_row() -> None:
    result = runner.invoke(app, ["batch", "-f", "jsonl", "--column", "3"], input=EXPORT)
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["class"] for item in objects] == ["LDN", "HDN", None, "out-of-range"]
    assert objects[0]["row"] == {"id": "1", "patient": "P1", "Sig": "4.5 mg qhs"}
    assert objects[2]["error"]["code"] == "no-unit"
    assert set(objects[0]) >= {"input", "ok", "class", "band", "daily_dose_mg", "error", "row"}


def test_table_format_shows_each_row() -> None:
    result = runner.invoke(app, ["batch", "-f", "table", "-c", "Sig"], input=EXPORT)
    assert result.exit_code == ExitCode.UNCLASSIFIED
    for expected in ("4.5 mg qhs", "LDN", "HDN", "out-of-range", "no-unit", "≈7.1429"):
        assert expected in result.stdout


def test_summary_counts_classes_and_error_codes_on_stderr() -> None:
    result = runner.invoke(app, ["batch", "-f", "csv", "--summary"], input=EXPORT)
    lines = [" ".join(line.split()) for line in result.stderr.splitlines()]
    assert "ldnclass batch: 4 rows" in lines
    assert {"LDN 1", "HDN 1", "out-of-range 1", "error: no-unit 1"} <= set(lines)
    assert len(_rows(result.stdout)) == 5  # and the data is untouched on stdout


def test_output_file_prefix_and_delimiter(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    given = "id|dose\n1|4.5 mg\n"
    result = runner.invoke(app, ["batch", "-", "-o", str(target), "--prefix", "x_", "-d", "|"], input=given)
    assert result.exit_code == ExitCode.OK and result.stdout == ""
    assert target.read_text().splitlines()[0].startswith("id|dose|x_class|x_band|")


def test_no_escape_formulas_writes_cells_as_they_came() -> None:
    given = "id,dose\n=1+2,4.5 mg\n"
    escaped = runner.invoke(app, ["batch", "-f", "csv"], input=given).stdout
    plain = runner.invoke(app, ["batch", "-f", "csv", "--no-escape-formulas"], input=given).stdout
    assert '"\'=1+2",4.5 mg' in escaped
    assert "\n=1+2,4.5 mg" in plain


def test_empty_input_writes_nothing_and_says_so() -> None:
    result = runner.invoke(app, ["batch", "-f", "csv"], input="")
    assert (result.exit_code, result.stdout) == (ExitCode.OK, "")
    assert "empty" in result.stderr


def test_help_has_examples() -> None:
    result = runner.invoke(app, ["batch", "--help"])
    assert result.exit_code == ExitCode.OK
    assert "Examples" in result.stdout and "ldnclass batch prescriptions.csv" in result.stdout


def test_batch_command_keeps_the_cli_light() -> None:
    """`ldnclass --help` must not pay for pint, pydantic or rich because batch is registered."""
    code = (
        "import sys, ldnclass.cli; print(sorted(m for m in ('pint', 'pydantic', 'rich.console') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- the installed command in real pipes ----------------------------------------------------------------------


def _shell(command: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=timeout)


def test_printf_into_batch_dash(installed_command: str, plain_env: dict[str, str]) -> None:
    done = _shell(
        f"printf 'id,dose\\n1,4.5 mg qhs\\n2,\"4,5 mg\"\\n' | '{installed_command}' batch - -f csv", plain_env
    )
    assert done.returncode == ExitCode.OK, done.stderr
    assert done.stdout.splitlines()[1:] == [
        "1,4.5 mg qhs,LDN,ldn,ldn-oral,4.5,1,4.5,,,,oral,,,off-label",
        '2,"4,5 mg",LDN,ldn,ldn-oral,4.5,1,4.5,"decimal comma in \'4,5\' read as 4.5",,,oral,,'
        "no frequency given: taken as once daily,off-label",
    ]


def test_head_closing_the_pipe_is_quiet(installed_command: str, plain_env: dict[str, str], tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_text("id,dose\n" + "".join(f"{n},4.5 mg qhs\n" for n in range(300_000)))
    done = _shell(f"set -o pipefail; '{installed_command}' batch '{big}' -f csv | head -1", plain_env)
    assert done.stdout.startswith("id,dose,ldn_class,ldn_band,") and done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert done.returncode == 0  # the exit status of ldnclass itself, through pipefail


def test_ctrl_c_exits_130_leaving_whole_lines(installed_command: str, plain_env: dict[str, str]) -> None:
    child = subprocess.Popen(
        [installed_command, "batch", "-", "-f", "csv"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=plain_env,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(b"id,dose\n1,4.5 mg\n2,50 mg\n")
    child.stdin.flush()
    # rows piped in come out as they are done, while the command waits for more
    written = [child.stdout.readline() for _ in range(3)]
    assert written[0].startswith(b"id,dose,ldn_class") and written[2].startswith(b"2,50 mg,HDN")
    time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    try:
        rest, errors = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == ExitCode.INTERRUPTED
    assert rest == b""  # nothing more, and no half line
    assert b"Traceback" not in errors


def test_on_a_terminal_stderr_the_summary_is_always_shown(
    installed_command: str, plain_env: dict[str, str], tmp_path: Path
) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("dose\n" + "4.5 mg qhs\n50 mg daily\n" * 20_000)
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [installed_command, "batch", str(source), "-o", str(target)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=terminal,
            env=plain_env,
            timeout=60,
        )
        os.close(terminal)
        shown = _read_all(controller)
    finally:
        os.close(controller)
    assert done.returncode == ExitCode.OK
    assert "ldnclass batch: 40,000 rows" in shown and "LDN" in shown and "HDN" in shown
    assert len(target.read_text().splitlines()) == 40_001  # csv: the output is a file, not the terminal


def _read_all(descriptor: int) -> str:
    chunks = []
    while select.select([descriptor], [], [], 1)[0]:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")
