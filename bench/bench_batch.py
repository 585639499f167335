"""Throughput and memory of `ldnclass batch` against a plain csv passthrough of the same file.

Whole processes in the same run, on files generated into a temporary folder:

    (a) a csv.reader → csv.writer passthrough in plain Python (the floor: reading and writing)
    (b) `ldnclass batch --format csv` of a file of ~50 distinct dose texts, some bad
    (c) the same with every dose text distinct (no help from the cache)
    (d) 100,000 distinct texts, each repeated (a large real export: the cache must hold them)
    (c2), (d2) the same with --jobs 2 (worker processes classify the new texts)
    (bq) the file of (b) with every cell quoted, as some exporters write (against its own passthrough, aq)

It prints rows per second, b/a and c/a (goals: at least 0.6 and 0.1), each run's peak
memory (goal: under 100 MB whatever the size; with --jobs, the parent's and the largest
worker's, sampled from /proc, and all together with shared pages counted once), and the
fixed start-up cost of (b) so the per-row rate can be read without it. The --jobs runs are
timed in one run and their memory sampled in another: reading /proc every 20 ms takes a
core's share that the workers would otherwise have. (c) runs on
--distinct-rows rows (default 50,000): its rate does not depend on the length, and every row
costs a full reading.

    .venv/bin/python bench/bench_batch.py [--rows 1000000] [--distinct-rows 50000] [--runs 1]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ldnclass.compiled import describe

DOSES = [
    "4.5 mg qhs",
    "4.5 mg at bedtime",
    "4.5mg daily",
    "3 mg qhs",
    "1.5 mg daily",
    "2.25 mg bid",
    "0.5 mg daily",
    "1 mg qd",
    "6 mg qhs",
    "4500 mcg at bedtime",
    "4.5 mg",
    "50 mg daily",
    "50 mg qd",
    "100 mg qod",
    "100 mg every other day",
    "150 mg every 3 days",
    "25 mg daily",
    "50 mg weekly",
    "12.5 mg daily",
    "10 mg daily",
    "take 4.5 mg by mouth at bedtime",
    "naltrexone 4.5 mg qhs",
    "naltrexone 50 mg daily",
    "4.5 mg QHS",
    "3mg qhs",
    "1.5 mg bid",
    "2 mg daily",
    "4 mg qhs",
    "5 mg daily",
    "0.1 mg daily",
    "1 mg daily",
    "8 mg daily",
    "4.5 mg q.h.s.",
    "50mg po daily",
    "100 mg tiw",
    "4.5 mg nightly",
    "3 mg at night",
    "1.5 mg twice daily",
    "4.5 mg once daily",
    "50 mg once daily",
    # and the bad ones a real export has
    "",
    "4.5",
    "naloxone 4 mg",
    '=HYPERLINK("http://x")',
    "-3 mg",
    "see notes",
    "4,5 mg",
    "4.5 mg qhs; taper",
    "TBD",
    "45 mg qhs per Dr.",
]
FREQUENCIES = ["qhs", "daily", "bid", "at bedtime", "every other day"]
PASSTHROUGH = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as source:
    writer = csv.writer(sys.stdout)
    for row in csv.reader(source):
        writer.writerow(row)
"""


@dataclass
class Run:
    label: str
    rows: int
    seconds: float
    peak_mb: float
    parent_mb: float = 0.0  # sampled from /proc: this process's own peak ...
    worker_mb: float = 0.0  # ... the largest of its descendants' (workers, the forkserver) ...
    total_mb: float = 0.0  # ... and the peak of their proportional sizes' sum (shared pages counted once)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def write_export(
    path: Path, rows: int, dose: Callable[[int, random.Random], str], quoting: int = csv.QUOTE_MINIMAL
) -> None:
    generator = random.Random(20240501)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=quoting)
        writer.writerow(["id", "patient", "drug", "dose"])
        for number in range(rows):
            patient = f"P{generator.randrange(1_000_000):07d}"
            writer.writerow([number + 1, patient, "naltrexone", dose(number, generator)])


def repeated_dose(number: int, generator: random.Random) -> str:
    return generator.choice(DOSES)


def distinct_dose(number: int, generator: random.Random) -> str:
    # A different number each row (1.0000001 mg ... 9.0999999 mg): every text is new to the cache.
    return f"{1 + number % 9}.{number:07d} mg {FREQUENCIES[number % len(FREQUENCIES)]}"


def many_distinct_dose(number: int, generator: random.Random) -> str:
    # A realistic large export: MANY_DISTINCT texts, each repeated, in random order.
    return distinct_dose(generator.randrange(MANY_DISTINCT), generator)


MANY_DISTINCT = 100_000


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found.extend(map(int, children))
        todo.extend(map(int, children))
    return found


def _high_water_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _proportional_kb(pid: int) -> int:
    """Pss: the process's resident memory with each page shared by n processes counted 1/n."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _sample_peaks(pid: int, peaks: dict[int, int], done: threading.Event) -> None:
    """Each process's peak resident memory (VmHWM), and the peak of all their Pss together (key
    -1), read every 20 ms until the run ends."""
    while not done.wait(0.02):
        tree = [pid, *_descendants(pid)]
        for each in tree:
            peaks[each] = max(peaks.get(each, 0), _high_water_kb(each))
        peaks[-1] = max(peaks.get(-1, 0), sum(map(_proportional_kb, tree)))


def run(label: str, command: list[str], rows: int, sample: bool = False) -> Run:
    """One whole process, its output thrown away; wall time and its own peak resident memory
    (and, with ``sample``, its descendants' from /proc, which slows the run down)."""
    # PYTHONUNBUFFERED would make the passthrough write each row with its own system call.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    assert child.stderr is not None
    peaks: dict[int, int] = {}
    done = threading.Event()
    sampler = threading.Thread(target=_sample_peaks, args=(child.pid, peaks, done))
    if sample:
        sampler.start()
    errors = child.stderr.read()
    done.set()
    if sample:
        sampler.join()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # 1: some rows could not be classified, as intended
        sys.exit(f"{label} failed ({child.returncode}): {errors.decode(errors='replace')}")
    peak_kb = usage.ru_maxrss  # kilobytes on Linux; the largest of the process and its waited-for children
    others = [kb for pid, kb in peaks.items() if pid not in (child.pid, -1)]
    parent_kb, total_kb = peaks.get(child.pid, 0), peaks.get(-1, 0)
    return Run(label, rows, seconds, peak_kb / 1024, parent_kb / 1024, max(others, default=0) / 1024, total_kb / 1024)


def best(label: str, command: list[str], rows: int, runs: int) -> Run:
    return min((run(label, command, rows) for _ in range(runs)), key=lambda done: done.seconds)


def best_of_processes(label: str, command: list[str], rows: int, runs: int) -> Run:
    """The fastest of ``runs`` unsampled runs, with the memory of one sampled run."""
    timed, sampled = best(label, command, rows, runs), run(label, command, rows, sample=True)
    return Run(label, rows, timed.seconds, sampled.peak_mb, sampled.parent_mb, sampled.worker_mb, sampled.total_mb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct-rows", type=int, default=50_000, help="rows for (c); default 50,000")
    parser.add_argument("--runs", type=int, default=1, help="runs of each, the fastest kept")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of (c2) and (d2); default 2")
    args = parser.parse_args()
    print(f"ldnclass: {describe()}")
    distinct_rows = min(args.distinct_rows, args.rows)
    batch = [sys.executable, "-m", "ldnclass", "batch", "--format", "csv", "--column", "dose"]
    with tempfile.TemporaryDirectory(prefix="ldnclass-bench-") as folder:
        names = ("repeated.csv", "distinct.csv", "many.csv", "h.csv", "quoted.csv")
        repeated, distinct, many, header_only, quoted = (Path(folder) / name for name in names)
        write_export(repeated, args.rows, repeated_dose)
        write_export(quoted, args.rows, repeated_dose, csv.QUOTE_ALL)
        write_export(distinct, distinct_rows, distinct_dose)
        write_export(many, args.rows, many_distinct_dose)
        write_export(header_only, 0, repeated_dose)
        passthrough = Path(folder) / "passthrough.py"
        passthrough.write_text(PASSTHROUGH, encoding="utf-8")
        print(f"{args.rows:,} rows ({repeated.stat().st_size / 1e6:.1f} MB), {len(DOSES)} distinct dose texts")
        a = best("(a) csv passthrough", [sys.executable, str(passthrough), str(repeated)], args.rows, args.runs)
        b = best("(b) ldnclass batch", [*batch, str(repeated)], args.rows, args.runs)
        c = best("(c) ldnclass batch, all distinct", [*batch, str(distinct)], distinct_rows, args.runs)
        d = best(f"(d) batch, {MANY_DISTINCT:,} distinct", [*batch, str(many)], args.rows, args.runs)
        jobs = ["--jobs", str(args.jobs)]
        label = f"(c2) all distinct, --jobs {args.jobs}"
        c2 = best_of_processes(label, [*batch, *jobs, str(distinct)], distinct_rows, args.runs)
        label = f"(d2) {MANY_DISTINCT:,} distinct, --jobs {args.jobs}"
        d2 = best_of_processes(label, [*batch, *jobs, str(many)], args.rows, args.runs)
        startup = best("start-up only (header-only file)", [*batch, str(header_only)], 0, max(args.runs, 3))
        aq = best("(aq) passthrough, every cell quoted", [sys.executable, str(passthrough), str(quoted)], args.rows, 1)
        bq = best("(bq) batch, every cell quoted", [*batch, str(quoted)], args.rows, args.runs)
    report(a, b, c, d, startup)
    report_jobs(a, c, d, c2, d2, args.jobs)
    report_quoted(aq, bq)


def report_quoted(aq: Run, bq: Run) -> None:
    for done in (aq, bq):
        print(f"{done.label:<36} {done.rows:>10,} rows {done.seconds:8.2f} s {done.rows_per_second:>12,.0f} rows/s")
    print(f"bq/aq {bq.rows_per_second / aq.rows_per_second:.3f}  (the texts of b, every cell quoted; b's goal 0.7)")


def report_jobs(a: Run, c: Run, d: Run, c2: Run, d2: Run, jobs: int) -> None:
    for done in (c2, d2):
        print(
            f"{done.label:<36} {done.rows:>10,} rows {done.seconds:8.2f} s {done.rows_per_second:>12,.0f} rows/s"
            f"  peak: parent {done.parent_mb:5.1f} MB, largest worker {done.worker_mb:5.1f} MB, "
            f"all together (Pss) {done.total_mb:5.1f} MB"
        )
    print(
        f"c2/a {c2.rows_per_second / a.rows_per_second:.4f}  (goal >= 0.02 with --jobs 2; "
        f"{c2.rows_per_second / c.rows_per_second:.2f}x --jobs 1)"
    )
    ratio, gain = d2.rows_per_second / a.rows_per_second, d2.rows_per_second / d.rows_per_second
    print(f"d2/a {ratio:.4f}  (goal >= 0.1; {gain:.2f}x --jobs 1)")


def report(a: Run, b: Run, c: Run, d: Run, startup: Run) -> None:
    for done in (a, b, c, d):
        print(
            f"{done.label:<36} {done.rows:>10,} rows {done.seconds:8.2f} s {done.rows_per_second:>12,.0f} rows/s"
            f"  peak {done.peak_mb:6.1f} MB"
        )
    print(f"{startup.label:<36} {'':>15} {startup.seconds:8.2f} s {'':>19}  peak {startup.peak_mb:6.1f} MB")
    steady_b = b.rows / max(b.seconds - startup.seconds, 1e-9)
    print(
        f"b/a {b.rows_per_second / a.rows_per_second:.3f}   (goal >= 0.7; without b's start-up: "
        f"{steady_b / a.rows_per_second:.3f})"
    )
    print(f"c/a {c.rows_per_second / a.rows_per_second:.4f}  (goal >= 0.012, every text new)")
    print(f"d/a {d.rows_per_second / a.rows_per_second:.4f}  (goal >= 0.1, {MANY_DISTINCT:,} distinct texts)")
    peak = max(b.peak_mb, c.peak_mb, d.peak_mb)
    print(f"peak memory of ldnclass batch: {peak:.1f} MB (goal < 100 MB)")


if __name__ == "__main__":
    main()
