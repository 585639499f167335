"""Claims-scale throughput: Parquet in, classify, Parquet out, against a passthrough of the same file.

One run generates a claims-like table as Parquet (id, patient, product, sig, quantity, days_supply;
~500 distinct sig texts Zipf-skewed, and a variant with 100,000 distinct texts) and measures:

    (a) pyarrow Parquet read + write passthrough, a batch at a time (the reference)
    (b) ldnclass.parquet.classify_parquet (what `ldnclass batch in.parquet -o out.parquet` runs),
        sig only, and as records (sig, product, quantity, days' supply)
    (c) classify_arrow on the sig column already in memory
    (d) Spark on local[2]: read Parquet, with_ldn_columns, write Parquet, against a Spark read +
        write passthrough in the same session (session start-up not counted); and its floor, the
        time any job adding these columns must take: reading the input and writing the result
        columns already computed (the job's output passed through, less the time to read it)

(a)-(c) are each a whole process (its own peak resident memory, VmHWM, is reported); the time is the work
inside it, and the whole-process time is printed beside it. Goals: b/a >= 0.5 at 500 distinct
texts, Spark d/passthrough >= 0.3, peak memory of (b) < 500 MB at 10M rows.

    .venv/bin/python bench/bench_columns.py                    # 1M rows, about 3 minutes on 2 cores
    .venv/bin/python bench/bench_columns.py --sizes 1000000,10000000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ldnclass.compiled import describe

RECORD = {"product": "product", "quantity": "quantity", "days_supply": "days_supply"}
AMOUNTS = ["0.5 mg", "1 mg", "1.5 mg", "2 mg", "2.25 mg", "3 mg", "4 mg", "4.5 mg", "4500 mcg", "6 mg"]
AMOUNTS += ["12.5 mg", "25 mg", "50 mg", "100 mg", "150 mg", "1/2 tab of 50 mg", "1 mg/mL, 4.5 mL"]
FREQUENCIES = ["qhs", "daily", "at bedtime", "once daily", "bid", "every other day", "nightly", "qd"]
FREQUENCIES += ["by mouth at bedtime", "weekly", "PO QHS"]
LEADS = ["", "take ", "naltrexone ", "Take "]
BAD = ["4.5", "as directed", "=1+2 mg", "4,500 mg", "2 tabs qhs", "use as directed", "4.5 mg qhs, 2 caps"]
PRODUCTS = [None, None, "naltrexone 50 mg tablet", "1483744", "LDN 4.5 mg capsule"]


def distinct_sigs(count: int) -> list[str]:
    """``count`` distinct sig texts: amount × frequency × lead-in, a few unreadable, then
    (past the ~750 combinations) the same with a dispensed quantity (`#31`) to make more."""
    import random

    base = [f"{lead}{amount} {frequency}" for lead in LEADS for amount in AMOUNTS for frequency in FREQUENCIES]
    random.Random(13).shuffle(base)
    base = BAD + base
    texts = base[:count]
    suffix = 1
    while len(texts) < count:
        texts += [f"{text} #{suffix}" for text in base[: count - len(texts)]]
        suffix += 1
    return texts


def write_claims(path: Path, rows: int, distinct: int) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    generator = np.random.default_rng(13)
    ranks = np.arange(1, distinct + 1, dtype=np.float64)
    weights = 1 / ranks**1.1  # Zipf-like: a few texts dominate, as in real exports
    sig = pa.array(distinct_sigs(distinct)).take(pa.array(generator.choice(distinct, rows, p=weights / weights.sum())))
    product = pa.array(PRODUCTS).take(pa.array(generator.integers(0, len(PRODUCTS), rows)))
    table = pa.table(
        {
            "id": pa.array(np.arange(rows, dtype=np.int64)),
            "patient": pa.array(generator.integers(0, rows // 4 + 1, rows)),
            "product": product,
            "sig": sig,
            "quantity": pa.array(generator.choice([30, 60, 90], rows).astype(np.int32)),
            "days_supply": pa.array(generator.choice([30, 90], rows).astype(np.int32)),
        }
    )
    pq.write_table(table, path)


def worker(kind: str, source: str, dest: str) -> None:
    """One measured piece of work, in its own process; prints its seconds as JSON."""
    import pyarrow.parquet as pq

    from ldnclass import load_regimens
    from ldnclass.columnar import classify_arrow
    from ldnclass.parquet import BATCH_ROWS, classify_parquet

    regimens = load_regimens()
    start = time.perf_counter()
    if kind == "passthrough":
        reader = pq.ParquetFile(source)
        with pq.ParquetWriter(dest, reader.schema_arrow) as writer:
            for batch in reader.iter_batches(batch_size=BATCH_ROWS):
                writer.write_batch(batch)
    elif kind == "parquet":
        classify_parquet(source, dest, sig="sig", regimens=regimens)
    elif kind == "parquet-records":
        classify_parquet(source, dest, sig="sig", **RECORD, regimens=regimens)
    elif kind == "arrow":
        column = pq.read_table(source, columns=["sig"]).column("sig")
        start = time.perf_counter()
        classify_arrow(column, regimens=regimens)
    seconds = time.perf_counter() - start
    # This process's own peak (VmHWM): ru_maxrss would also count the parent's memory at fork.
    status = Path("/proc/self/status").read_text()
    peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))


def measured(kind: str, source: Path, dest: Path) -> dict[str, float]:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--worker", kind, str(source), str(dest)], stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, _ = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{kind} failed")
    work = json.loads(output)
    return {"seconds": work["seconds"], "process": time.perf_counter() - start, "peak_mb": work["peak_mb"]}


def spark_worker(source: str, dest: str, runs: int) -> None:
    """Spark passthrough and with_ldn_columns, alternating, in one local[2] session."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from ldnclass.spark import with_ldn_columns

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "3g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    times: dict[str, list[float]] = {"spark passthrough": [], "spark with_ldn_columns": [], "spark floor": []}

    def timed(path: str, output_format: str = "parquet", ldn: bool = False) -> float:
        start = time.perf_counter()
        frame = spark.read.parquet(path)
        (with_ldn_columns(frame, "sig") if ldn else frame).write.mode("overwrite").format(output_format).save(dest)
        return time.perf_counter() - start

    # One untimed round first: the JVM's first job pays for class loading and compiling, and
    # the first one timed would be the passthrough, flattering the ratio. It also keeps the
    # output, with its result columns, for the floor below.
    timed(source)
    wide = dest + "-wide"
    with_ldn_columns(spark.read.parquet(source), "sig").write.mode("overwrite").parquet(wide)
    for _ in range(runs):
        times["spark passthrough"].append(timed(source))
        times["spark with_ldn_columns"].append(timed(source, ldn=True))
        # The floor of any way of adding the columns: reading the input, plus writing the result
        # columns already computed (the output file passed through, less reading it), no lookup.
        writing_all = timed(wide) - timed(wide, "noop")
        times["spark floor"].append(timed(source, "noop") + writing_all)
    spark.stop()
    print(json.dumps(times))


def spark_times(source: Path, dest: Path, runs: int) -> dict[str, list[float]]:
    done = subprocess.run(
        [sys.executable, __file__, "--spark-worker", str(source), str(dest), str(runs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return dict(json.loads(done.stdout.decode().strip().splitlines()[-1]))


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} s ({min(values):.2f}-{max(values):.2f})"


def bench_file(folder: Path, rows: int, distinct: int, runs: int, spark: bool) -> dict[str, Any]:
    source, dest = folder / f"claims-{rows}-{distinct}.parquet", folder / "out.parquet"
    write_claims(source, rows, distinct)
    print(f"\n{rows:,} rows, {distinct:,} distinct sigs ({source.stat().st_size / 1e6:.1f} MB Parquet)")
    kinds = ["passthrough", "parquet", "parquet-records", "arrow"]
    done: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(runs):  # alternating, so a slow moment of the machine spreads over all of them
        for kind in kinds:
            done[kind].append(measured(kind, source, dest))
    figures = {kind: [run["seconds"] for run in runs_of] for kind, runs_of in done.items()}
    for kind, runs_of in done.items():
        peak = max(run["peak_mb"] for run in runs_of)
        process = statistics.median(run["process"] for run in runs_of)
        rate = rows / statistics.median(figures[kind])
        print(
            f"  {kind:<24} {spread(figures[kind])} {rate:>12,.0f} rows/s  process {process:6.2f} s  peak {peak:6.0f} MB"
        )
    reference = statistics.median(figures["passthrough"])
    for kind in ("parquet", "parquet-records"):
        print(f"  {kind} / passthrough: {reference / statistics.median(figures[kind]):.2f}  (goal >= 0.5 at 500)")
    if spark:
        spark_figures = spark_times(source, folder / "spark-out", runs)
        for kind, values in spark_figures.items():
            print(f"  {kind:<24} {spread(values)} {rows / statistics.median(values):>12,.0f} rows/s")
        figures.update(spark_figures)
        ratio = statistics.median(spark_figures["spark passthrough"]) / statistics.median(
            spark_figures["spark with_ldn_columns"]
        )
        print(f"  spark with_ldn_columns / passthrough: {ratio:.2f}  (goal >= 0.3)")
        floor = statistics.median(spark_figures["spark passthrough"]) / statistics.median(spark_figures["spark floor"])
        print(f"  spark floor / passthrough: {floor:.2f}  (the result columns' writing alone, no lookup)")
    return {"peak_mb": max(run["peak_mb"] for run in done["parquet"]), **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000000", help="row counts, comma-separated (default 1000000)")
    parser.add_argument("--distinct", default="500,100000", help="distinct sig texts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (median and range reported)")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark measurements")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--spark-worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(*args.worker)
    if args.spark_worker:
        return spark_worker(args.spark_worker[0], args.spark_worker[1], int(args.spark_worker[2]))
    # PYTHONDONTWRITEBYTECODE would make every process compile ldnclass again: compile it once.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "src")], check=True)
    print(f"ldnclass: {describe()}")
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[tuple[int, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="ldnclass-bench-") as folder:
        for rows in sizes:
            for distinct in (int(value) for value in args.distinct.split(",")):
                results[rows, distinct] = bench_file(Path(folder), rows, distinct, args.runs, not args.no_spark)
    if len(sizes) > 1:
        print(f"\nscaling {sizes[0]:,} → {sizes[-1]:,} rows (time ratio; {sizes[-1] / sizes[0]:.0f} is linear):")
        for (rows, distinct), figures in results.items():
            if rows != sizes[-1]:
                continue
            small = results[sizes[0], distinct]
            ratios = {
                kind: statistics.median(values) / statistics.median(small[kind])
                for kind, values in figures.items()
                if kind != "peak_mb"
            }
            print(f"  {distinct:,} distinct: " + ", ".join(f"{kind} {ratio:.1f}×" for kind, ratio in ratios.items()))
            print(f"  {distinct:,} distinct: peak memory of parquet batch {figures['peak_mb']:.0f} MB (goal < 500 MB)")


if __name__ == "__main__":
    main()
