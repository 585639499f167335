"""Coverage of the real-world case table: right / refused / wrong, per family and overall.

Usage: .venv/bin/python bench/case_coverage.py [tests/cases/real_world.csv]

A row is *right* when ldnclass answers as the table expects: for ``expect=ok``, classified with
the same class, band and daily dose (exact, as fractions); for ``expect=refuse``, not classified.
It is *refused* when the table expects a classification and ldnclass gives an error (safe, but a
gap). It is *wrong* when ldnclass classifies it differently from the table, or classifies a text
the table says must be refused. Every wrong row is listed; the exit status is 1 if there is any.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ldnclass import classify, load_regimens
from ldnclass.result import Result

DEFAULT_TABLE = Path(__file__).resolve().parent.parent / "tests" / "cases" / "real_world.csv"
COLUMNS = ["text", "expect", "class", "band", "dose_mg", "daily_dose_mg", "family", "source"]
OUTCOMES = ("right", "refused", "wrong")


@dataclass(frozen=True)
class Case:
    line: int
    text: str
    expect: str  # "ok" | "refuse"
    dose_class: str
    band: str
    daily_dose_mg: Fraction | None
    family: str


def read_cases(path: Path) -> list[Case]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise SystemExit(f"{path}: columns must be exactly {','.join(COLUMNS)}")
        cases = []
        for row in reader:
            if row["expect"] not in ("ok", "refuse"):
                raise SystemExit(f"{path}:{reader.line_num}: expect must be ok or refuse")
            daily = row["daily_dose_mg"].strip()
            cases.append(
                Case(
                    line=reader.line_num,
                    text=row["text"],
                    expect=row["expect"],
                    dose_class=row["class"],
                    band=row["band"],
                    daily_dose_mg=Fraction(daily) if daily else None,
                    family=row["family"],
                )
            )
    return cases


def judge(case: Case, result: Result) -> tuple[str, str]:
    """The outcome of one row and, when it is not right, why."""
    code = result.error.code if result.error is not None else ""
    if case.expect == "refuse":
        if result.ok:
            return "wrong", f"classified {describe(result)}, expected a refusal"
        return "right", ""
    if not result.ok:
        return "refused", code
    got = (result.dose_class, result.band, result.daily_dose_mg)
    want = (case.dose_class, case.band, case.daily_dose_mg)
    if got != want:
        return "wrong", f"got {describe(result)}, expected {case.dose_class} {case.band} {number(case.daily_dose_mg)}"
    return "right", ""


def describe(result: Result) -> str:
    return f"{result.dose_class} {result.band} {number(result.daily_dose_mg)}"


def number(value: Fraction | None) -> str:
    if value is None:
        return "-"
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value} (~{float(value):.4g})"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_TABLE
    cases = read_cases(path)
    regimens = load_regimens()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
    refusal_codes: dict[str, int] = defaultdict(int)
    wrong: list[tuple[Case, str]] = []
    by_expect: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
    for case in cases:
        outcome, why = judge(case, classify(case.text, regimens))
        counts[case.family][outcome] += 1
        counts["ALL"][outcome] += 1
        by_expect[case.expect][outcome] += 1
        if outcome == "refused":
            refusal_codes[why] += 1
        elif outcome == "wrong":
            wrong.append((case, why))

    print(f"{path}: {len(cases)} rows")
    print(f"{'family':<14} {'rows':>5} {'right':>12} {'refused':>12} {'wrong':>12}")
    for family in [*sorted(name for name in counts if name != "ALL"), "ALL"]:
        row = counts[family]
        total = sum(row.values())
        cells = " ".join(f"{row[o]:>5} {percent(row[o], total)}" for o in OUTCOMES)
        print(f"{family:<14} {total:>5} {cells}")

    ok_rows, refuse_rows = by_expect["ok"], by_expect["refuse"]
    n_ok, n_refuse = sum(ok_rows.values()), sum(refuse_rows.values())
    print(
        f"\nexpected ok: {ok_rows['right']}/{n_ok} right ({percent(ok_rows['right'], n_ok).strip()}),"
        f" {ok_rows['refused']} refused, {ok_rows['wrong']} wrong"
    )
    print(f"must refuse: {refuse_rows['right']}/{n_refuse} refused, {refuse_rows['wrong']} classified")
    if refusal_codes:
        codes = ", ".join(f"{code} {n}" for code, n in sorted(refusal_codes.items(), key=lambda item: -item[1]))
        print(f"refusal codes on rows expected ok: {codes}")
    if wrong:
        print(f"\nWRONG ({len(wrong)}):")
        for case, why in wrong:
            print(f"  line {case.line} [{case.family}] {case.text!r}: {why}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
