"""Where with_ldn_columns should classify: on the driver (then broadcast) or on the executors
(mapInArrow), by the number of distinct sigs. Times the whole job (read, add columns, count)
on local[2] for each path, alternating, and prints the crossover that sets spark.DRIVER_LIMIT.

    .venv/bin/python bench/bench_spark.py [--rows 200000] [--distinct 500,2000,8000] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_columns import write_claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--distinct", default="500,2000,8000")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from ldnclass.spark import with_ldn_columns

    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory(prefix="ldnclass-bench-spark-") as folder:
        for distinct in (int(value) for value in args.distinct.split(",")):
            path = Path(folder) / f"claims-{distinct}.parquet"
            write_claims(path, args.rows, distinct)
            times: dict[str, list[float]] = {"driver": [], "executors": []}
            for _ in range(args.runs):
                for where, limit in (("driver", 10**9), ("executors", 0)):
                    start = time.perf_counter()
                    out = with_ldn_columns(spark.read.parquet(str(path)), "sig", driver_limit=limit)
                    out.write.mode("overwrite").parquet(str(Path(folder) / "out"))
                    times[where].append(time.perf_counter() - start)
            shown = ", ".join(f"{where} {statistics.median(values):.2f} s" for where, values in times.items())
            print(f"{args.rows:,} rows, {distinct:,} distinct sigs: {shown}", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
