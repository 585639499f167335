"""Worker processes for ``batch --jobs N``: new dose texts classified in parallel.

A worker is a fresh process (forkserver where there is one, else spawn: never a fork of a
process with threads and a rich console), given once the validated regimens and the plain
MakerSpec, from which it builds its own OutcomeMaker (and, on first use, its own pint registry).
Then it only ever receives queries (a dose text, or the tuple of a record's cells) and gives
back the three strings of an Outcome: the summary key, the CSV cells, the JSON object. Nothing
pint-related crosses a process boundary, and what a worker writes is what this process would.

Workers ignore Ctrl-C: it is the parent's to handle (whole lines, exit 130), and it stops them.
A worker that dies (killed, out of memory) is not a lost row: ``outcomes`` says so with None,
and the batch classifies the rest in its own process.
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import threading
    from collections.abc import Iterator

    from ldnclass.batch import MakerSpec, OutcomeMaker, Query
    from ldnclass.regimens import Regimens

START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
# Queries per trip to a worker, at most: a block's new texts go in about four trips per worker.
# Each trip costs the parent a future, pickling and a pipe's wake-up, on the cores the workers
# use: at most 64 a trip, every text new took 7-10% longer with --jobs 2 (alternating runs).
CHUNK_QUERIES = 1024
PRELOAD = "ldnclass.forkserver_preload"  # what the server loads once for every worker it forks

_maker: OutcomeMaker | None = None  # in a worker: its own, built once


def _start(spec: MakerSpec, regimens: Regimens) -> None:
    global _maker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the workers
    from ldnclass.batch import OutcomeMaker

    _maker = OutcomeMaker(spec, regimens)


def _then_none(done: Iterator[tuple[str, str, str]]) -> Iterator[tuple[str, str, str] | None]:
    """The outcomes, then a None if a worker died before all were done."""
    try:
        yield from done
    except BrokenProcessPool:
        yield None


def _work(query: Query) -> tuple[str, str, str]:
    assert _maker is not None  # _start ran first
    outcome = _maker.outcome(query)
    return outcome.key, outcome.csv_tail, outcome.json


class Workers:
    """A pool of worker processes making Outcomes of one MakerSpec."""

    def __init__(self, jobs: int, spec: MakerSpec, regimens: Regimens) -> None:
        self.spec = spec
        self._jobs = jobs
        context = multiprocessing.get_context(START_METHOD)
        if START_METHOD == "forkserver":
            # Each worker forks from a server that has imported the core once. The server is
            # started with SIGINT blocked, which it and the workers forked from it inherit (until
            # the server ignores it): a Ctrl-C while it imports must not print its traceback. Here
            # it is blocked, not ignored, so a Ctrl-C in that moment is delivered after it, never
            # lost (ignored, the run went on to the end).
            context.set_forkserver_preload([PRELOAD])
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                forkserver.ensure_running()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        self._executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=(spec, regimens))

    def outcomes(self, queries: list[Query]) -> Iterator[tuple[str, str, str] | None]:
        """Each query's (key, CSV cells, JSON object), in order, as the workers finish them; a
        None in place of the rest if a worker died. Every query is sent at once, so the workers
        run ahead of the reader: the rows before a new text go out while it is being classified."""
        chunksize = max(1, min(CHUNK_QUERIES, len(queries) // (4 * self._jobs)))
        try:
            return _then_none(self._executor.map(_work, queries, chunksize=chunksize))
        except BrokenProcessPool:  # already broken: nothing was sent
            return iter([None])

    def close(self) -> None:
        """Stop at once: queued work is cancelled and the workers are ended, not waited for
        (after Ctrl-C, a chunk a worker is on would only be thrown away)."""
        processes = list(self._executor._processes.values())  # no public way to end them
        # typeshed calls this attribute a _ThreadWakeup; it is the pool's manager thread
        manager = cast("threading.Thread | None", self._executor._executor_manager_thread)
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        # Wait for the pool's manager thread to close its pipes. Left running, it races Python's
        # exit: on 3.11 the exit hook wakes it through a pipe it may be closing at that moment
        # (an unlocked check, then a write), and a signal's clean exit ended in an OSError's
        # traceback on stderr (seen in CI, SIGTERM with --jobs 2).
        if manager is not None:
            manager.join(timeout=5)
