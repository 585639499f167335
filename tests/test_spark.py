"""with_ldn_columns on a real local Spark (local[2]): every row as classify() says, on both paths
(classified on the driver and broadcast; classified on the executors with mapInArrow)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from claims_data import claims_rows

from ldnclass import classify
from ldnclass.columnar import RESULT_COLUMNS, RESULT_FIELDS
from ldnclass.regimens import Regimens

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs a Java runtime (JRE 17+): none found on PATH or JAVA_HOME", allow_module_level=True)

from pyspark.sql import DataFrame, SparkSession

from ldnclass.spark import result_struct, with_ldn_columns

CLAIMS_SCHEMA = "id long, patient string, product string, sig string, quantity long, days_supply long"


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # The executors' Python must be this one (with ldnclass and pyarrow), not whatever python3 is.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("ldnclass-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.extraJavaOptions", "-Dlog4j2.level=ERROR")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def claims(spark: SparkSession) -> tuple[list[dict[str, Any]], DataFrame]:
    rows = claims_rows(1_500)
    return rows, spark.createDataFrame([tuple(row.values()) for row in rows], CLAIMS_SCHEMA)


def expected(regimens: Regimens, row: dict[str, Any]) -> dict[str, Any]:
    record = {key: row[key] for key in ("product", "quantity", "days_supply") if row[key] is not None}
    result = classify(row["sig"] or "", regimens, **record)
    return {field.name: field.value(result) for field in RESULT_FIELDS}


@pytest.mark.parametrize("driver_limit", [10_000, 0], ids=["driver", "executors"])
def test_every_row_as_classify_says(
    claims: tuple[list[dict[str, Any]], DataFrame], regimens: Regimens, driver_limit: int
) -> None:
    rows, df = claims
    out = with_ldn_columns(
        df, "sig", product="product", quantity="quantity", days_supply="days_supply", driver_limit=driver_limit
    )
    assert out.columns == [*df.columns, *RESULT_COLUMNS]
    got = {row["id"]: row.asDict() for row in out.collect()}
    assert len(got) == len(rows)
    for row in rows:
        out_row = got[row["id"]]
        assert {key: out_row[key] for key in df.columns} == row
        assert {name: out_row[name] for name in RESULT_COLUMNS} == expected(regimens, row), row


def test_the_plan_has_no_python_udf_per_row(claims: tuple[list[dict[str, Any]], DataFrame]) -> None:
    _, df = claims
    few = with_ldn_columns(df, "sig")._jdf.queryExecution().executedPlan().toString()
    many = with_ldn_columns(df, "sig", driver_limit=0)._jdf.queryExecution().executedPlan().toString()
    assert "BroadcastHashJoin" in few and "Python" not in few and "ArrowEval" not in few
    assert "MapInArrow" in many and "BatchEvalPython" not in many and "ArrowEvalPython" not in many


def test_sig_only_with_a_prefix(spark: SparkSession, regimens: Regimens) -> None:
    df = spark.createDataFrame([("4.5 mg qhs",), (None,), ("50 mg weekly",), ("4.5 mg qhs",)], "sig string")
    out = with_ldn_columns(df, "sig", prefix="ldn_", driver_limit=1)
    assert out.schema.fields[1:] == result_struct("ldn_").fields
    got = sorted((row["sig"] or "", row["ldn_daily_dose_mg_exact"] or row["ldn_error_code"]) for row in out.collect())
    assert got == [("", "empty"), ("4.5 mg qhs", "4.5"), ("4.5 mg qhs", "4.5"), ("50 mg weekly", "50/7")]


def test_mistakes_are_named(spark: SparkSession) -> None:
    df = spark.createDataFrame([("4.5 mg", "x")], "sig string, class string")
    with pytest.raises(ValueError, match="'Sig' is not a column"):
        with_ldn_columns(df, "Sig")
    with pytest.raises(ValueError, match=r"already has \['class'\]: choose a prefix="):
        with_ldn_columns(df, "sig")
    assert "ldn_class" in with_ldn_columns(df, "sig", prefix="ldn_").columns
