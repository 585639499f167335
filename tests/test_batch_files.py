"""Issue 7, batch files: -o never destroys the input, is put in place only when the run succeeds,
and an input that shrinks while it is read is an error, not rows silently missing."""

from __future__ import annotations

import io
import os
import stat
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from typer.testing import CliRunner

from ldnclass import csvio
from ldnclass.batch import Batch, BatchOptions
from ldnclass.cli import app
from ldnclass.csvio import open_input
from ldnclass.errors import ExitCode, InputFileError
from ldnclass.regimens import Regimens

runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100", "LDNCLASS_REGIMENS": None})
EXPORT = "id,dose\n1,4.5 mg qhs\n2,50 mg daily\n"


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    path = tmp_path / "f.csv"
    path.write_text(EXPORT)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".partial"))


# --- -o naming the input -------------------------------------------------------------------------------------------


def test_o_naming_the_input_is_refused_and_the_input_is_untouched(export: Path) -> None:
    result = runner.invoke(app, ["batch", str(export), "-o", str(export)])
    assert result.exit_code == ExitCode.USAGE
    assert "is the input file" in result.stderr and "Traceback" not in result.stderr
    assert export.read_text() == EXPORT


def test_o_naming_a_symlink_to_the_input_is_refused(export: Path) -> None:
    link = export.parent / "link.csv"
    link.symlink_to(export)
    for args in (["batch", str(export), "-o", str(link)], ["batch", str(link), "-o", str(export)]):
        result = runner.invoke(app, args)
        assert result.exit_code == ExitCode.USAGE and "is the input file" in result.stderr
    assert export.read_text() == EXPORT and link.is_symlink()


def test_o_naming_a_hard_link_to_the_input_is_refused(export: Path) -> None:
    other = export.parent / "other.csv"
    os.link(export, other)
    result = runner.invoke(app, ["batch", str(export), "-o", str(other)])
    assert result.exit_code == ExitCode.USAGE
    assert other.read_text() == EXPORT


def test_a_gzip_input_named_by_o_is_refused(tmp_path: Path) -> None:
    packed = tmp_path / "f.csv.gz"
    packed.write_bytes(__import__("gzip").compress(EXPORT.encode()))
    before = packed.read_bytes()
    result = runner.invoke(app, ["batch", str(packed), "-o", str(packed)])
    assert result.exit_code == ExitCode.USAGE
    assert packed.read_bytes() == before


def test_o_naming_the_file_stdin_is_redirected_from_is_refused(
    export: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    with export.open("rb") as stdin:
        done = subprocess.run(
            [installed_command, "batch", "-", "-o", str(export)],
            stdin=stdin,
            capture_output=True,
            env=plain_env,
            timeout=60,
        )
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert b"is the input file (stdin)" in done.stderr and b"Traceback" not in done.stderr
    assert export.read_text() == EXPORT


def test_stdout_appending_to_the_input_is_refused(
    export: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    with export.open("ab") as stdout:
        done = subprocess.run(
            [installed_command, "batch", str(export), "-f", "csv"],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=plain_env,
            timeout=60,
        )
    assert done.returncode == ExitCode.USAGE and b"stdout is the input file" in done.stderr
    assert export.read_text() == EXPORT


# --- -o is written whole or not at all -------------------------------------------------------------------------------


def test_a_successful_run_puts_the_file_in_place_with_no_leftovers(export: Path) -> None:
    target = export.parent / "out.csv"
    result = runner.invoke(app, ["batch", str(export), "-o", str(target)])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert target.read_text().splitlines()[1].startswith("1,4.5 mg qhs,LDN")
    assert _leftovers(export.parent) == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_an_existing_file_keeps_its_mode_and_a_symlink_stays_a_link(export: Path) -> None:
    real, link = export.parent / "real.csv", export.parent / "link.csv"
    real.write_text("old\n")
    real.chmod(0o640)
    link.symlink_to(real)
    result = runner.invoke(app, ["batch", str(export), "-o", str(link)])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert link.is_symlink() and real.read_text().startswith("id,dose,ldn_class")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_o_dev_null_is_written_to_not_replaced(export: Path) -> None:
    result = runner.invoke(app, ["batch", str(export), "-o", os.devnull])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (b"5000,caf\xe9\n", "line 5000"),  # an undecodable byte half-way
        (b'5000,"4.5 mg\n5001,50 mg\n', "line 5000"),  # an unclosed quote
    ],
)
@pytest.mark.parametrize("existing", [True, False])
def test_a_failed_run_leaves_no_file_and_an_existing_file_untouched(
    tail: bytes, message: str, existing: bool, tmp_path: Path
) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    # more rows than one chunk, so that rows were written before the error
    source.write_bytes(b"id,dose\n" + b"".join(b"%d,4.5 mg\n" % n for n in range(2, 5000)) + tail)
    if existing:
        target.write_text("precious\n")
    with mock.patch.object(csvio, "BLOCK_BYTES", 64):
        result = runner.invoke(app, ["batch", str(source), "-o", str(target), "-f", "jsonl"])
    assert result.exit_code == ExitCode.INPUT
    assert message in result.stderr and "Traceback" not in result.stderr
    assert (target.read_text() if existing else target.exists()) == ("precious\n" if existing else False)
    assert _leftovers(tmp_path) == []


def test_ctrl_c_leaves_no_file(export: Path) -> None:
    target = export.parent / "out.csv"
    target.write_text("precious\n")
    with mock.patch("ldnclass.batch.Batch.write_csv", side_effect=KeyboardInterrupt):
        result = runner.invoke(app, ["batch", str(export), "-o", str(target), "-f", "csv"])
    assert result.exit_code == ExitCode.INTERRUPTED
    assert f"nothing was written to {target}" in result.stderr
    assert target.read_text() == "precious\n" and _leftovers(export.parent) == []


def test_an_unwritable_folder_is_an_error_naming_the_file(export: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(export), "-o", str(tmp_path / "no" / "such" / "out.csv")])
    assert result.exit_code == ExitCode.INPUT and "cannot write" in result.stderr


# --- an input that shrinks ------------------------------------------------------------------------------------------


def test_an_input_that_shrinks_while_read_is_an_error(tmp_path: Path, regimens: Regimens) -> None:
    path = tmp_path / "f.csv"
    path.write_text("dose\n" + "4.5 mg\n" * 1000)
    with mock.patch.object(csvio, "BLOCK_BYTES", 64), open_input(path) as source:
        job = Batch(source.stream, BatchOptions(), regimens, name=source.name)
        os.truncate(path, 500)  # rotated or rewritten under us
        job.write_csv(io.StringIO())
        with pytest.raises(InputFileError, match="shrank while it was read"):
            source.check_read_whole()


def test_a_whole_read_passes_the_check(tmp_path: Path, regimens: Regimens) -> None:
    path = tmp_path / "f.csv"
    path.write_text("dose\n4.5 mg\n")
    with open_input(path) as source:
        Batch(source.stream, BatchOptions(), regimens).write_csv(io.StringIO())
        source.check_read_whole()


# --- the table view -------------------------------------------------------------------------------------------------


def test_the_table_view_shows_control_characters_escaped() -> None:
    given = 'id,dose\n1,"\x1b[2J4.5 mg"\n2,"\x9b31m50 mg\x07"\n'
    result = runner.invoke(app, ["batch", "-f", "table"], input=given)
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b[2J4.5 mg" in result.stdout


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
