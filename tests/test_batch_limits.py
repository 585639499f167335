"""Issue 7, batch in real processes: Ctrl-C and SIGTERM into a slow pipe leave whole lines, and
peak memory stays under 100 MB whatever the input (each run measured in a fresh process)."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from slow_pipe import assert_stopped_at_a_whole_line, read_slowly_then_signal

from ldnclass.errors import ExitCode

PEAK_LIMIT_MB = 100
MB = 1 << 20

# Runs the command in a child and prints the child's peak resident memory (Linux: KiB) on stderr's last line.
_MEASURE = """
import resource, subprocess, sys
stdin = open(sys.argv[1], "rb") if sys.argv[1] != "-" else subprocess.DEVNULL
done = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.write(done.stderr.decode("utf-8", "replace"))
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak(command: list[str], env: dict[str, str], stdin: str = "-") -> tuple[int, float, str]:
    """Exit code, peak memory in MB, and stderr of one run of the command."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, stdin, *command], capture_output=True, text=True, env=env, timeout=60
    )
    assert time.monotonic() - started < 30, "bounded time, too"
    code, kib = done.stdout.split()
    return int(code), int(kib) / 1024, done.stderr


pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")


# --- memory ----------------------------------------------------------------------------------------------------------


def test_a_cr_only_file_streams_in_bounded_memory(
    tmp_path: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    source = tmp_path / "cr.csv"
    note = "n" * 200
    rows = 60 * MB // 220
    with source.open("w", newline="") as handle:
        handle.write("id,note,dose\r")
        for start in range(0, rows, 10_000):
            handle.write("".join(f"{n},{note},4.5 mg qhs\r" for n in range(start, min(rows, start + 10_000))))
    code, peak_mb, errors = _peak([installed_command, "batch", str(source), "-f", "csv"], plain_env)
    assert code == ExitCode.OK, errors
    assert peak_mb < PEAK_LIMIT_MB


@pytest.mark.parametrize("quoted", [False, True])
def test_one_huge_field_is_an_input_error_in_bounded_memory(
    quoted: bool, tmp_path: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    source = tmp_path / "huge.csv"
    quote = b'"' if quoted else b""
    with source.open("wb") as handle:
        handle.write(b"id,note,dose\n1,a,4.5 mg\n2," + quote)
        for _ in range(60):
            handle.write((b"x\n" if quoted else b"xx") * (MB // 2))
        handle.write(quote + b",4.5 mg\n")
    code, peak_mb, errors = _peak([installed_command, "batch", "-", "-f", "jsonl"], plain_env, stdin=str(source))
    assert code == ExitCode.INPUT
    assert "stdin, line 3: a " in errors and "more than 1,048,576" in errors and "Traceback" not in errors
    assert peak_mb < PEAK_LIMIT_MB


def test_dev_zero_is_an_input_error_in_bounded_memory(installed_command: str, plain_env: dict[str, str]) -> None:
    code, peak_mb, errors = _peak([installed_command, "batch", "/dev/zero", "-f", "csv"], plain_env)
    assert code == ExitCode.INPUT and "line 1: a line of more than" in errors
    assert peak_mb < PEAK_LIMIT_MB


def test_a_gzip_bomb_is_an_input_error_in_bounded_memory(
    tmp_path: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    bomb = tmp_path / "bomb.csv.gz"
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
    zeros = bytes(16 * MB)
    with bomb.open("wb") as handle:
        handle.write(packer.compress(b"id,dose\n1,"))
        for _ in range(64):  # 1 GiB unpacked, about 1 MB packed
            handle.write(packer.compress(zeros))
        handle.write(packer.flush())
    with gzip.open(bomb) as unpacked:
        assert unpacked.read(10) == b"id,dose\n1,"
    code, peak_mb, errors = _peak([installed_command, "batch", str(bomb), "-f", "csv"], plain_env)
    assert code == ExitCode.INPUT and "line 2: a line of more than" in errors
    assert peak_mb < PEAK_LIMIT_MB


@pytest.mark.parametrize("output_format", ["csv", "jsonl", "table"])
def test_many_wide_and_large_records_stay_in_bounded_memory(
    output_format: str, tmp_path: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    source = tmp_path / "wide.csv"
    columns = 100_000
    with source.open("w") as handle:
        handle.write(",".join(f"c{n}" for n in range(columns)) + ",dose\n")
        for _ in range(3):
            handle.write("," * columns + "4.5 mg\n")
    big = tmp_path / "big.csv"
    with big.open("w") as handle:
        handle.write("id,note,dose\n")
        for n in range(60):  # 60 records of nearly 1 MiB each
            handle.write(f"{n},{'y' * (MB - 100)},4.5 mg\n")
    for path in (source, big):
        code, peak_mb, errors = _peak([installed_command, "batch", str(path), "-f", output_format], plain_env)
        assert code == ExitCode.OK, errors
        assert peak_mb < PEAK_LIMIT_MB, path.name


# --- Ctrl-C and SIGTERM into a slow pipe ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "exit_code"), [(signal.SIGINT, ExitCode.INTERRUPTED), (signal.SIGTERM, ExitCode.TERMINATED)]
)
def test_a_signal_into_a_slow_pipe_leaves_whole_json_lines(
    signum: int, exit_code: ExitCode, tmp_path: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    source = tmp_path / "big.csv"
    # distinct notes make each row's line long, so that a chunk is far more than a pipe holds
    source.write_text("id,note,dose\n" + "".join(f"{n},{'note ' * 40}{n},4.5 mg qhs\n" for n in range(200_000)))
    child = subprocess.Popen(
        [installed_command, "batch", str(source), "-f", "jsonl"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=plain_env,
    )
    data, errors = read_slowly_then_signal(child, lambda: child.send_signal(signum))
    assert_stopped_at_a_whole_line(child, data, errors, exit_code, rows=200_000)


def test_sigterm_while_writing_a_file_leaves_it_untouched(
    tmp_path: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    source, target = tmp_path / "big.csv", tmp_path / "out.csv"
    source.write_text("id,dose\n" + "".join(f"{n},{n % 90}.5 mg qhs\n" for n in range(2_000_000)))
    target.write_text("precious\n")
    child = subprocess.Popen(
        [installed_command, "batch", str(source), "-o", str(target)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=plain_env,
    )
    try:
        deadline = time.monotonic() + 20
        while not [name for name in os.listdir(tmp_path) if name.endswith(".partial")]:
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.01)
        child.send_signal(signal.SIGTERM)
        _, errors = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == ExitCode.TERMINATED, errors
    assert b"nothing was written to" in errors and b"Traceback" not in errors
    assert target.read_text() == "precious\n"
    assert sorted(os.listdir(tmp_path)) == ["big.csv", "out.csv"]
