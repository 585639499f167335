"""Cost of one distinct dose text, in process: read, classify and serialize, with no cache.

    .venv/bin/python bench/bench_text.py [--texts 20000] [--runs 5]

Prints the median microseconds per distinct text over the runs (goal: at most 130 µs) and the
spread, for a mix of real forms (single doses, liquids, counts, titrations, weekday schedules,
products). Each text is made distinct by its amount, as in an export where every row differs.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import time
from pathlib import Path

from ldnclass.compiled import describe

SHAPES = [
    "{a} mg qhs",
    "take {a} mg by mouth at bedtime",
    "Take 1 capsule ({a} mg total) by mouth nightly.",
    "1 mg/mL, {a} mL at bedtime",
    "1/2 tab of {b} mg daily",
    "{a} mg every other day",
    "{b} mg Mon-Fri and 100 mg Sat",
    "1.5 mg qhs x 7 days, then 3 mg qhs x 7 days, then {a} mg qhs",
    "{a} mg in the morning and 3 mg at bedtime",
    "naltrexone {b} mg tablet take 1 tablet daily",
]
GOAL_MICROSECONDS = 130


def texts(count: int) -> list[str]:
    made = []
    for i in range(count):
        a = f"{1 + (i % 3000) / 1000:.3f}".rstrip("0").rstrip(".")
        b = f"{25 + (i % 2000) / 100:.2f}".rstrip("0").rstrip(".")
        made.append(SHAPES[i % len(SHAPES)].format(a=a, b=b) + f" #{i // 5000 + 1}")
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "src", quiet=1)  # PYTHONDONTWRITEBYTECODE=1 here
    print(f"ldnclass: {describe()}")
    from ldnclass import classify, load_regimens

    regimens = load_regimens()
    sample = texts(args.texts)
    classify(sample[0], regimens)  # the registry, the data, the caches of pint's answers
    timings = []
    ok = 0
    for _ in range(args.runs):
        started = time.perf_counter()
        for text in sample:
            result = classify(text, regimens)
            result.to_dict()
            ok += result.ok
        timings.append((time.perf_counter() - started) / len(sample) * 1e6)
    median = statistics.median(timings)
    spread = f"min {min(timings):.0f}, max {max(timings):.0f}"
    print(
        f"per distinct text: {median:.0f} µs median ({spread}) over {args.runs} runs of {len(sample):,} texts; "
        f"goal ≤ {GOAL_MICROSECONDS} µs; {ok / args.runs / len(sample):.0%} classified"
    )
    print(f"  classify per text / goal: {median / GOAL_MICROSECONDS:.2f}")


if __name__ == "__main__":
    main()
