"""Issue 12, item 4: ``batch --jobs N`` classifies new texts in worker processes and writes the
very bytes one process writes: every row once, in order, errors and ragged rows included; a bug
in a worker is that row's internal-error; a worker that dies costs nothing; Ctrl-C and SIGTERM
still leave whole lines and exit 130 / 143."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from slow_pipe import assert_stopped_at_a_whole_line, read_slowly_then_signal

from ldnclass import batch as batch_module
from ldnclass import csvio, pool
from ldnclass.batch import POOL_MISSES, Batch, BatchOptions
from ldnclass.errors import ExitCode, InputFileError
from ldnclass.regimens import Regimens
from ldnclass.result import Result

FREQUENCIES = ["qhs", "daily", "bid", "at bedtime", "every other day"]
REPEATED = ["4.5 mg qhs", "50 mg daily", "see notes", "", "4,5 mg", '=HYPERLINK("x")', "-3 mg"]


def mixed_export(rows: int = 3_000) -> str:
    """Distinct and repeated texts, errors, ragged rows, quoted cells (one over two lines)."""
    lines = ["id,note,dose"]
    for n in range(rows):
        if n % 97 == 5:
            lines.append(f"{n},ragged")  # a cell short
        elif n % 89 == 7:
            lines.append(f'{n},"a, quoted\nnote","{n % 7}.{n:05d} mg qhs"')
        elif n % 3 == 0:
            lines.append(f"{n},x,{REPEATED[n % len(REPEATED)]}")
        else:
            lines.append(f"{n},y,{1 + n % 9}.{n:05d} mg {FREQUENCIES[n % len(FREQUENCIES)]}")
    return "\n".join(lines) + "\n"


def _run(command: list[str], source: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*command, str(source)], capture_output=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_two_jobs_write_the_bytes_one_writes(
    output_format: str, tmp_path: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    source = tmp_path / "mixed.csv"
    source.write_text(mixed_export(), newline="")
    command = [installed_command, "batch", "-q", "-f", output_format]
    one = _run([*command, "--jobs", "1"], source, plain_env)
    two = _run([*command, "--jobs", "2"], source, plain_env)
    assert one.returncode == two.returncode == ExitCode.UNCLASSIFIED  # some rows are errors, as intended
    assert two.stderr == one.stderr == b""
    assert two.stdout == one.stdout
    if output_format == "jsonl":
        rows = [json.loads(line) for line in two.stdout.decode().splitlines()]
        assert [row["row"]["id"] for row in rows] == [str(n) for n in range(3_000)]
        assert rows[5]["error"]["code"] == "ragged-row" and rows[3]["error"]["code"] == "empty"


def _write(source: str, jobs: int, regimens: Regimens, output: str = "csv", cache_size: int = 200_000) -> str:
    job = Batch(io.BytesIO(source.encode()), BatchOptions(jobs=jobs, output=output, cache_size=cache_size), regimens)
    out = io.StringIO()
    if output == "csv":
        job.write_csv(out)
    else:
        job.write_jsonl(out)
    return out.getvalue()


def test_the_workers_are_used_and_a_cache_smaller_than_a_block_loses_nothing(
    regimens: Regimens, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    outcomes = pool.Workers.outcomes

    def counted(self: pool.Workers, queries: list[batch_module.Query]) -> Iterator[tuple[str, str, str] | None]:
        asked.append(len(queries))
        return outcomes(self, queries)

    monkeypatch.setattr(pool.Workers, "outcomes", counted)
    source = mixed_export(1_500)
    expected = _write(source, 1, regimens)
    assert _write(source, 2, regimens) == expected
    assert asked and all(count >= POOL_MISSES for count in asked)
    assert _write(source, 2, regimens, cache_size=10) == expected  # evicted at once: classified here again
    assert _write(source, 2, regimens, output="jsonl") == _write(source, 1, regimens, output="jsonl")


def _failing_classify(parent: int, how: str) -> object:
    real = batch_module.classify

    def classify(text: str, data: Regimens, **given: str | None) -> Result:
        if text == "4.00003 mg qhs":  # row 3
            if how == "raise":
                raise RuntimeError(f"boom in process {os.getpid()}")
            if os.getpid() != parent:
                os._exit(3)  # a worker dies (killed, out of memory): the parent reads the text again
        return real(text, data, **given)  # type: ignore[arg-type]

    return classify


@pytest.mark.parametrize("how", ["raise", "die"])
def test_a_worker_that_fails_costs_one_row_or_nothing(
    how: str, regimens: Regimens, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fork, so that the workers run this test's classify; the command uses forkserver or spawn
    monkeypatch.setattr(pool, "START_METHOD", "fork")
    monkeypatch.setattr(batch_module, "classify", _failing_classify(os.getpid(), how))
    source = "id,dose\n" + "".join(f"{n},{1 + n % 9}.{n:05d} mg qhs\n" for n in range(400))
    written = _write(source, 2, regimens, output="jsonl")
    if how == "die":
        assert written == _write(source, 1, regimens, output="jsonl")
    rows = [json.loads(line) for line in written.splitlines()]
    assert [row["row"]["id"] for row in rows] == [str(n) for n in range(400)]
    failed = [row for row in rows if row["error"] and row["error"]["code"] == "internal-error"]
    if how == "raise":
        assert [row["row"]["id"] for row in failed] == ["3"]
        message = failed[0]["error"]["message"]
        assert message.startswith("RuntimeError: boom in process ") and "(a bug: please report it)" in message
        assert f"process {os.getpid()} " not in message  # it was a worker's
    else:
        assert failed == []


@pytest.mark.parametrize(
    ("signum", "exit_code"), [(signal.SIGINT, ExitCode.INTERRUPTED), (signal.SIGTERM, ExitCode.TERMINATED)]
)
def test_a_signal_into_a_slow_pipe_with_two_jobs_leaves_whole_lines(
    signum: int, exit_code: ExitCode, tmp_path: Path, installed_command: str, plain_env: dict[str, str]
) -> None:
    source = tmp_path / "big.csv"
    source.write_text(
        "id,note,dose\n" + "".join(f"{n},{'note ' * 40}{n},{1 + n % 9}.{n:06d} mg qhs\n" for n in range(100_000))
    )
    child = subprocess.Popen(
        [installed_command, "batch", str(source), "-f", "jsonl", "--jobs", "2"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=plain_env,
        start_new_session=True,  # a Ctrl-C reaches the whole group: the command, its workers, its server
    )
    data, errors = read_slowly_then_signal(child, lambda: os.killpg(child.pid, signum))
    assert_stopped_at_a_whole_line(child, data, errors, exit_code, rows=100_000)


# With workers, the block after the one being written is read ahead and its new texts sent
# (Batch._next_block). Small blocks put records, quoted cells over lines and errors at every edge.
_ROW_KINDS = st.sampled_from(["distinct", "repeated", "ragged", "quoted over lines", "quoted dose", "formula"])


def _export_of(kinds: list[str]) -> str:
    lines = ["id,note,dose"]
    for n, kind in enumerate(kinds):
        dose = f"{1 + n % 9}.{n:05d} mg {FREQUENCIES[n % len(FREQUENCIES)]}"
        lines.append(
            {
                "distinct": f"{n},y,{dose}",
                "repeated": f"{n},x,{REPEATED[n % len(REPEATED)]}",
                "ragged": f"{n},ragged",
                "quoted over lines": f'{n},"a, quoted\nnote, {n}","{dose}"',
                "quoted dose": f'{n},z,"{n % 5},5 mg"',
                "formula": f"{n},=SUM(A1),{dose}",
            }[kind]
        )
    return "\n".join(lines) + "\n"


def _written_until_stopped(source: bytes, jobs: int, regimens: Regimens, output: str = "csv") -> tuple[str, str]:
    """What a run writes, and the error it stops at ("" if none)."""
    out = io.StringIO()
    try:
        job = Batch(io.BytesIO(source), BatchOptions(jobs=jobs, output=output), regimens)
        job.write_csv(out) if output == "csv" else job.write_jsonl(out)
    except InputFileError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(_ROW_KINDS, min_size=1, max_size=120),
    block_bytes=st.sampled_from([48, 200, 1_000, 1 << 18]),
    broken=st.sampled_from(["", "undecodable byte", "unended quote"]),
)
@example(kinds=["distinct"] * 60, block_bytes=200, broken="undecodable byte")
@example(kinds=["distinct", "quoted over lines"] * 30, block_bytes=200, broken="unended quote")
def test_reading_ahead_writes_what_one_process_writes_and_stops_where_it_stops(
    kinds: list[str], block_bytes: int, broken: str, regimens: Regimens
) -> None:
    source = _export_of(kinds).encode()
    if broken == "undecodable byte":
        source += b"999,caf\xe9,4.5 mg\n1000,y,50 mg\n"
    elif broken == "unended quote":
        source += b'999,"never closed,4.5 mg\n' + b"x" * 10
    with (
        mock.patch.object(csvio, "BLOCK_BYTES", block_bytes),
        mock.patch.object(batch_module, "POOL_MISSES", 1),  # every block with a new text goes to the workers
        mock.patch.object(pool, "START_METHOD", "fork"),  # quick to start, for many examples
    ):
        alone = _written_until_stopped(source, 1, regimens)
        with_workers = _written_until_stopped(source, 2, regimens)
    assert with_workers == alone
    assert bool(alone[1]) == bool(broken)


# Found by an attack: with workers, the records read line by line go to the workers in groups;
# an input error partway through a group once cost the rows before it (about 1,000), which one
# process writes. Bare-CR lines (read line by line) and wide cells (a group of 1 MiB) reach it.
_BARE_CR = "\r".join(["id,dose", *(f"{n},{n % 9 + 1}.{n:05d} mg qhs" for n in range(999))])
_WIDE = "\n".join(["id,note,dose", *(f"{n},{'n' * 2000},{n % 9 + 1}.{n:05d} mg qhs" for n in range(509))])


@pytest.mark.parametrize(
    ("source", "output"),
    [
        (_BARE_CR + '\r1000,"never closed\r1001,1 mg\r', "csv"),
        (_WIDE + '\n509,"never closed\n', "jsonl"),
        (_WIDE + '\n509,"never closed\n', "csv"),
    ],
)
def test_an_error_partway_through_a_group_costs_no_row_one_process_writes(
    source: str, output: str, regimens: Regimens
) -> None:
    with mock.patch.object(pool, "START_METHOD", "fork"):
        alone = _written_until_stopped(source.encode(), 1, regimens, output)
        with_workers = _written_until_stopped(source.encode(), 2, regimens, output)
    assert alone[1] and "never" not in alone[1] and "quoted field" in alone[1]
    assert alone[0]  # rows were written before the error
    assert with_workers == alone


class _StopAfterALine(io.StringIO):
    """An output that ends the run at its first write, once the workers have been killed, as a
    signal to the whole process group does."""

    def __init__(self, kill: Callable[[], None]) -> None:
        super().__init__()
        self._kill = kill

    def write(self, text: str) -> int:
        self._kill()
        raise KeyboardInterrupt


@pytest.mark.parametrize("workers_die", [True, False])
def test_no_thread_of_the_pool_outlives_a_stopped_run(workers_die: bool, regimens: Regimens) -> None:
    """A run stopped partway leaves no thread of the pool running: one left to race Python's exit
    printed an OSError's traceback after a clean SIGTERM (CI, Python 3.11)."""
    before = set(threading.enumerate())
    job = Batch(io.BytesIO(mixed_export(3_000).encode()), BatchOptions(jobs=2, output="jsonl"), regimens)

    def kill_the_workers() -> None:
        assert job._workers is not None  # the first block's new texts went to the workers
        for process in job._workers._executor._processes.values():
            if workers_die:
                process.terminate()

    with pytest.raises(KeyboardInterrupt):
        job.write_jsonl(_StopAfterALine(kill_the_workers))
    assert job._workers is None
    assert [thread for thread in threading.enumerate() if thread not in before and thread.is_alive()] == []


@pytest.mark.skipif(pool.START_METHOD != "forkserver", reason="the server is started only with forkserver")
def test_a_ctrl_c_while_the_server_starts_is_delivered_not_lost(
    regimens: Regimens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C that came while the worker server started was ignored (the parent ignored SIGINT
    around the start), and the run went on to the end. It is held until then, and delivered."""
    from multiprocessing import forkserver

    started = forkserver.ensure_running

    def interrupted_while_starting() -> None:
        os.kill(os.getpid(), signal.SIGINT)  # the Ctrl-C, while the server starts
        started()

    monkeypatch.setattr(forkserver, "ensure_running", interrupted_while_starting)
    with pytest.raises(KeyboardInterrupt):
        workers = pool.Workers(2, (("dose",), False, ",", True, "csv"), regimens)
        workers.close()  # not reached: the Ctrl-C comes first


def test_the_worker_server_starts_workers_with_the_registry_built() -> None:
    """The server the workers fork from has pint (without numpy) and the registry loaded, so no
    worker loads them on its first text while a core waits."""
    probe = (
        f"import sys; import {pool.PRELOAD}; from ldnclass import units; "
        "print(units.registry.cache_info().currsize, 'pint' in sys.modules, 'numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "True", "False"]
