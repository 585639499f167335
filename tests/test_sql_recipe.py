"""The SQL-warehouse recipe, end to end with DuckDB standing in for the warehouse: no Python on
the database side, ldnclass run once on the small file of distinct inputs.

    1. CREATE TABLE ldn_inputs AS the distinct (sig, product, quantity, days_supply), numbered
    2. export it as CSV; ``ldnclass batch ldn_inputs.csv -o ldn_results.csv``
    3. load ldn_results.csv as a table; JOIN it back on the number, and the inputs to the rows

The join back to the rows is on the inputs themselves, in SQL (IS NOT DISTINCT FROM: a missing
sig or product is a value too); the file round trip carries only the number, so nothing a CSV
does to a text (quoting, formula escaping, NULL against empty) can lose a row.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from claims_data import claims_rows

from ldnclass import classify
from ldnclass.regimens import Regimens
from ldnclass.result import json_number

duckdb = pytest.importorskip("duckdb")

KEYS = ("sig", "product", "quantity", "days_supply")
RECIPE = """
CREATE TABLE ldn_inputs AS
  SELECT row_number() OVER (ORDER BY sig, product, quantity, days_supply) AS input_id, sig, product,
         quantity, days_supply
  FROM (SELECT DISTINCT sig, product, quantity, days_supply FROM claims);
COPY ldn_inputs TO '{inputs}' (HEADER, DELIMITER ',');
"""
JOIN = """
CREATE TABLE ldn_results AS SELECT * FROM read_csv('{results}', header = true, all_varchar = true);
CREATE TABLE claims_ldn AS
  SELECT c.*, r.ldn_class, r.ldn_band, r.ldn_regimen, r.ldn_daily_dose_mg, r.ldn_supply_daily_dose_mg,
         r.ldn_error_code
  FROM claims c
  LEFT JOIN ldn_inputs i
    ON  c.sig IS NOT DISTINCT FROM i.sig AND c.product IS NOT DISTINCT FROM i.product
    AND c.quantity IS NOT DISTINCT FROM i.quantity AND c.days_supply IS NOT DISTINCT FROM i.days_supply
  LEFT JOIN ldn_results r ON CAST(r.input_id AS BIGINT) = i.input_id;
"""


def test_group_by_classify_the_small_file_join(
    tmp_path: Path, installed_command: str, plain_env: dict[str, str], regimens: Regimens
) -> None:
    rows = claims_rows(5_000)
    db = duckdb.connect()
    db.execute(
        "CREATE TABLE claims (id BIGINT, patient VARCHAR, product VARCHAR, sig VARCHAR,"
        " quantity INTEGER, days_supply INTEGER)"
    )
    db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?)", [tuple(row.values()) for row in rows])
    inputs, results = tmp_path / "ldn_inputs.csv", tmp_path / "ldn_results.csv"
    db.execute(RECIPE.format(inputs=inputs))
    distinct = db.execute("SELECT count(*) FROM ldn_inputs").fetchone()
    assert distinct is not None and distinct[0] < len(rows) // 10  # the file ldnclass reads is small

    command = [installed_command, "batch", str(inputs), "-o", str(results), "--column", "sig"]
    command += ["--product-column", "product", "--quantity-column", "quantity", "--days-supply-column", "days_supply"]
    done = subprocess.run(command, env=plain_env, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr  # 1: some inputs could not be classified
    assert done.stdout == ""

    db.execute(JOIN.format(results=results))
    joined = db.execute("SELECT * FROM claims_ldn ORDER BY id").fetchall()
    names = [column[0] for column in db.description or ()]
    assert len(joined) == len(rows)
    for row, values in zip(rows, joined, strict=True):
        got = dict(zip(names, values, strict=True))
        assert {key: got[key] for key in row} == row
        assert _cells(got) == _expected(regimens, row), row


def _cells(got: dict[str, Any]) -> dict[str, Any]:
    """The joined result cells, empty as None (a CSV cell cannot say NULL)."""
    names = ("class", "band", "regimen", "daily_dose_mg", "supply_daily_dose_mg", "error_code")
    return {name: got["ldn_" + name] or None for name in names}


def _expected(regimens: Regimens, row: dict[str, Any]) -> dict[str, Any]:
    record = {key: row[key] for key in KEYS[1:] if row[key] is not None}
    result = classify(row["sig"] or "", regimens, **record)
    return {
        "class": result.dose_class,
        "band": result.band,
        "regimen": result.regimen,
        "daily_dose_mg": _text(json_number(result.daily_dose_mg)),
        "supply_daily_dose_mg": _text(json_number(result.supply_daily_dose_mg)),
        "error_code": None if result.error is None else result.error.code,
    }


def _text(number: int | float | None) -> str | None:
    return None if number is None else str(number)
