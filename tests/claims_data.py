"""A generated claims-like table with known answers, shared by the columnar, Spark and SQL tests.

Sig texts come from tests/cases/doses.csv (each with its expected class, band and error code),
repeated with a Zipf-like skew as real exports repeat them, plus records whose strength is in
the product field, dispensed supplies, a claims row with no sig, empty and missing sigs.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

CASES = list(csv.DictReader((Path(__file__).parent / "cases" / "doses.csv").open(encoding="utf-8")))
TABLET = "naltrexone 50 mg tablet"
# (sig, product, quantity, days_supply): records read with their product and supply.
RECORDS: list[tuple[str | None, str | None, int | None, int | None]] = [
    ("Take 1/2 tablet by mouth daily.", TABLET, 15, 30),
    ("Take 1 tablet by mouth daily.", TABLET, 30, 30),
    ("Take 1 tablet by mouth daily.", TABLET, 60, 30),  # the supply disagrees: a warning
    ("take 1 tablet daily", TABLET, None, None),
    (None, TABLET, 30, 30),  # a claims row: no sig, classified on the supply
    ("", None, None, None),
    (None, None, None, None),
    ("4.5 mg qhs", "1483744", 30, 30),  # an RxCUI in the product field
]


def claims_rows(count: int, seed: int = 13) -> list[dict[str, Any]]:
    """``count`` rows: id, patient, product, sig, quantity, days_supply."""
    chooser = random.Random(seed)
    sigs = [case["text"] for case in CASES]
    weights = [1 / rank for rank in range(1, len(sigs) + 1)]  # Zipf: the first texts dominate
    rows = []
    for number in range(count):
        if number % 7 == 0:
            sig, product, quantity, days_supply = RECORDS[(number // 7) % len(RECORDS)]
        else:
            sig, product, quantity, days_supply = chooser.choices(sigs, weights)[0], None, None, None
        rows.append(
            {
                "id": number,
                "patient": f"P{chooser.randrange(count // 3 + 1):06d}",
                "product": product,
                "sig": sig,
                "quantity": quantity,
                "days_supply": days_supply,
            }
        )
    return rows


def expected_for_case(text: str) -> dict[str, str] | None:
    """doses.csv's known answer for a sig text, if it has one."""
    for case in CASES:
        if case["text"] == text:
            return case
    return None
