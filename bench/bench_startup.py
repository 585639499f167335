"""Start-up cost of `ldnclass classify "4.5 mg qhs" --json` against a minimal typer app.

Whole processes, alternating, in the same run; prints medians and the ratios with issue 12's
goals: classify at most 1.5× the typer app; --help, --version and completion at most 1.1×.
Also the floor no change to ldnclass can go under: the same typer app importing pint as
ldnclass does (without numpy), since pint is the unit engine in every process that reads a dose.
Then, in-process: the time per further dose at the interactive prompt (goal: under 1.5 ms)
and the worst time for hostile input (goal: under 50 ms).

    .venv/bin/python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ldnclass.compiled import describe

MINIMAL_APP = """
import typer
app = typer.Typer()
@app.command()
def main(text: str, json: bool = typer.Option(False, "--json")) -> None:
    print("ok")
app()
"""
# The floor: the typer app and pint, imported as ldnclass imports it (numpy kept out).
WITH_PINT = (
    """
import sys
sys.modules["numpy"] = None
import pint
del sys.modules["numpy"]
"""
    + MINIMAL_APP
)
HOSTILE = [
    "",
    "4" * 200,
    "9" * 199 + "m",
    "mg " * 66,
    "1/" * 100,
    "naltrexone " * 18,
    "\u0000" * 200,
    "ą" * 200,
    "every 3 days " * 15,
    "4,500 mg",
    ".5 mg q.h.s. " * 15,
    "x" * 200,
    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
]


def time_process(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def startup_ratio(runs: int) -> None:
    ldnclass = str(Path(sys.executable).parent / "ldnclass")
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        with_pint = Path(folder) / "with_pint.py"
        with_pint.write_text(WITH_PINT)
        completing = {"_LDNCLASS_COMPLETE": "complete_bash", "COMP_WORDS": "ldnclass cla", "COMP_CWORD": "1"}
        commands = {
            "typer app printing ok": [sys.executable, str(minimal), "4.5 mg qhs", "--json"],
            "the floor: typer app + import pint": [sys.executable, str(with_pint), "4.5 mg qhs", "--json"],
            'ldnclass classify "4.5 mg qhs" --json': [ldnclass, "classify", "4.5 mg qhs", "--json"],
            "ldnclass --version": [ldnclass, "--version"],
            "ldnclass --help": [ldnclass, "--help"],
            "ldnclass classify --help": [ldnclass, "classify", "--help"],
            "completion of 'ldnclass cla'": ["env", *(f"{k}={v}" for k, v in completing.items()), ldnclass],
        }
        for command in commands.values():  # warm the file cache and .pyc files
            time_process(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(time_process(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:45} median {median * 1000:7.1f} ms over {runs} runs")
    baseline = medians["typer app printing ok"]
    ratio = medians['ldnclass classify "4.5 mg qhs" --json'] / baseline
    floor = medians["the floor: typer app + import pint"] / baseline
    print(f"ratio classify / typer app: {ratio:.2f} (goal at most 1.5; the floor here, with pint: {floor:.2f})")
    for name in ("ldnclass --version", "ldnclass --help", "ldnclass classify --help", "completion of 'ldnclass cla'"):
        print(f"ratio {name} / typer app: {medians[name] / baseline:.2f} (goal at most 1.1)")


def per_dose_at_prompt() -> None:
    """What the prompt does per line after the first: classify, then draw the compact panel."""
    import io

    from rich.console import Console

    from ldnclass import classify, load_regimens
    from ldnclass.render import result_panel

    regimens = load_regimens()
    console = Console(file=io.StringIO(), width=100)
    console.print(result_panel(classify("4.5 mg qhs", regimens), regimens))  # the first dose pays for imports
    doses = [f"{n / 100} mg {word}" for n in range(1, 400) for word in ("qhs", "bid", "every other day")]
    start = time.perf_counter()
    for dose in doses:
        console.print(result_panel(classify(dose, regimens), regimens, details=False))
    per_dose = (time.perf_counter() - start) / len(doses)
    print(
        f"prompt: {per_dose * 1000:.2f} ms per further dose, classified and drawn, over {len(doses)} doses "
        "(goal under 1.5 ms)"
    )
    worst = 0.0
    for text in HOSTILE:
        start = time.perf_counter()
        result = classify(text, regimens)
        worst = max(worst, time.perf_counter() - start)
        assert not result.ok
    print(f"hostile input: worst {worst * 1000:.2f} ms over {len(HOSTILE)} texts (goal under 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    # PYTHONDONTWRITEBYTECODE=1 here: without this, every run would recompile ldnclass (+16 ms)
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "src", quiet=1)
    print(f"ldnclass: {describe()}")
    startup_ratio(args.runs)
    per_dose_at_prompt()


if __name__ == "__main__":
    main()
