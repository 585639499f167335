"""A second real-world table: 932 dose texts a helper gathered for stop 37's attack on main, each
with its source (DailyMed labels: Revia, Vivitrol, Contrave; LDN guides and compounding pharmacies'
pages; trial protocols; Epic, Cerner and pharmacy-label sig styles; UK and Scottish sigs; Spanish;
typos; exports cut short) and the answer its source means, judged apart from ldnclass.

`expected`: `LDN x`, `HDN x`, `OOR x` (mg/day; `a-b` a range), `INJ` (Vivitrol), `CON x` (Contrave's
naltrexone mg/day), `TOP` (topical) or `REF` (must be refused). A row is right when classified as
expected, refused (a gap, safe) when an expected dose is refused, and wrong otherwise. No row may
be wrong, and the rows read right may not fall below what this stop reads (a gap closed stays closed).
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

from ldnclass import classify, load_regimens

TABLE = Path(__file__).parent / "cases" / "real_world_s37.tsv"
RIGHT_AT_LEAST = 704  # this stop: 704 right, 79 refused (gaps), 0 wrong of 932
CLASSES = {"LDN": "LDN", "HDN": "HDN", "OOR": "out-of-range"}


def _outcome(expected: str, result: dict) -> str:
    if expected == "REF":
        return "wrong" if result["ok"] else "right"
    if not result["ok"]:
        return "refused"
    if expected == "INJ":
        return "right" if (result["class"], result["route"]) == ("HDN", "injectable") else "wrong"
    if expected == "TOP":
        return "right" if result["band"] == "topical" else "wrong"
    kind, amount = expected.split(" ")
    if kind == "CON":
        said = (result["class"], result["regimen"])
        right = said == ("out-of-range", "naltrexone-bupropion") and _close(result["daily_dose_mg"], amount)
        return "right" if right else "wrong"
    low, _, high = amount.rpartition("-")
    lowest = result["daily_dose_mg_min"]
    if result["class"] != CLASSES[kind] or not _close(result["daily_dose_mg"], high):
        return "wrong"
    if (lowest is None) != (not low) or (low and not _close(lowest, low)):
        return "wrong"
    return "right"


def _close(said: str | None, expected: str) -> bool:
    """The table writes a third or a seventh as a decimal (1.2857142857142858 for 9/7 mg/day)."""
    return said is not None and abs(Fraction(said) - Fraction(expected)) < Fraction(1, 10**6)


def test_no_row_is_wrong_and_no_gap_reopens() -> None:
    regimens = load_regimens()
    rows = list(csv.DictReader(TABLE.open(encoding="utf-8"), delimiter="\t"))
    outcomes: dict[str, list[str]] = {"right": [], "refused": [], "wrong": []}
    for row in rows:
        result = classify(row["text"], regimens, product=row["product"] or None).to_dict()
        outcomes[_outcome(row["expected"], result)].append(f"{row['text']!r} ({row['expected']})")
    assert len(rows) == 932
    assert not outcomes["wrong"], outcomes["wrong"]
    assert len(outcomes["right"]) >= RIGHT_AT_LEAST, (len(outcomes["right"]), outcomes["refused"])
