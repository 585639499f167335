"""The columnar core: Arrow and pandas columns, unique-first, the same answers as classify()."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from typing import Any

import pytest
from claims_data import CASES, claims_rows
from hypothesis import given
from hypothesis import strategies as st

from ldnclass import classify
from ldnclass.columnar import RESULT_COLUMNS, RESULT_FIELDS, exact_text, result_schema
from ldnclass.regimens import Regimens

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
from ldnclass.columnar import classify_arrow, classify_pandas  # noqa: E402 - after the extras' check


def expected_row(regimens: Regimens, sig: str | None, **record: Any) -> dict[str, Any]:
    """What classify() says of one input, as a row of the result columns."""
    given = {key: value for key, value in record.items() if value is not None}
    result = classify("" if sig is None else sig, regimens, **given)
    return {field.name: field.value(result) for field in RESULT_FIELDS}


def test_every_row_matches_classify_and_the_known_answers(regimens: Regimens) -> None:
    rows = claims_rows(3_000)
    table = pa.Table.from_pylist(rows)
    results = classify_arrow(
        table, sig="sig", product="product", quantity="quantity", days_supply="days_supply", regimens=regimens
    )
    assert results.schema == result_schema()
    assert results.num_rows == len(rows)
    known = {case["text"]: case for case in CASES}
    for row, got in zip(rows, results.to_pylist(), strict=True):
        record = {key: row[key] for key in ("product", "quantity", "days_supply")}
        assert got == expected_row(regimens, row["sig"], **record), row
        case = known.get(row["sig"] or "") if row["product"] is None else None
        if case is not None:
            assert got["class"] == (case["class"] or None)
            assert got["error_code"] == (case["error_code"] or None)
            if case["daily_dose_mg"] and case["daily_dose_mg"] != "null":
                assert Fraction(got["daily_dose_mg_exact"]) == Fraction(case["daily_dose_mg"])


def test_each_distinct_input_is_classified_once(monkeypatch: pytest.MonkeyPatch, regimens: Regimens) -> None:
    import ldnclass.columnar as columnar

    calls: list[str] = []
    real = columnar.classify

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(columnar, "classify", counting)
    sigs = pa.chunked_array([["4.5 mg qhs", "50 mg daily", None], ["4.5 mg qhs", None, "50 mg daily"] * 1000])
    results = classify_arrow(sigs, regimens=regimens)
    assert sorted(calls) == ["", "4.5 mg qhs", "50 mg daily"]
    assert results.column("class").to_pylist()[:4] == ["LDN", "HDN", None, "LDN"]
    assert results.column("error_code").to_pylist()[2] == "empty"


def test_distinct_tuples_not_distinct_sigs(regimens: Regimens) -> None:
    sig = pa.array(["Take 1 tablet by mouth daily."] * 3)
    quantity = pa.array([30, 60, 30])
    results = classify_arrow(
        sig, product=pa.array(["naltrexone 50 mg tablet"] * 3), quantity=quantity, days_supply=pa.array([30] * 3)
    )
    supply = results.column("supply_daily_dose_mg_exact").to_pylist()
    assert supply == ["50", "100", "50"]
    warned = [bool(warnings) for warnings in results.column("warnings").to_pylist()]
    assert warned[1] and not warned[0]


def test_the_schema_is_declared_not_inferred(regimens: Regimens) -> None:
    # No errors, no lists, no supply in this batch: the columns keep their types all the same.
    results = classify_arrow(pa.array(["4.5 mg qhs"]), regimens=regimens)
    assert results.schema == result_schema()
    assert results.schema.field("error").type == pa.string()
    assert results.schema.field("notes").type == pa.list_(pa.string())
    assert results.schema.field("supply_daily_dose_mg").type == pa.float64()
    assert classify_arrow(pa.array([], pa.string()), regimens=regimens).schema == result_schema()
    assert classify_arrow(pa.chunked_array([], pa.string()), regimens=regimens).num_rows == 0
    assert result_schema("ldn_").names == ["ldn_" + name for name in RESULT_COLUMNS]


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(lambda: pa.array(["50 mg weekly", "4.5 mg qhs"]).dictionary_encode(), id="dictionary"),
        pytest.param(lambda: pa.array(["50 mg weekly", "4.5 mg qhs"], pa.large_string()), id="large_string"),
        pytest.param(lambda: pa.array(["50 mg weekly", "4.5 mg qhs"], pa.string_view()), id="string_view"),
        pytest.param(lambda: pa.table({"sig": ["50 mg weekly", "4.5 mg qhs"]}).to_batches()[0], id="record_batch"),
    ],
)
def test_input_types(column: Any, regimens: Regimens) -> None:
    results = classify_arrow(column(), regimens=regimens)
    assert results.column("daily_dose_mg_exact").to_pylist() == ["50/7", "4.5"]
    assert results.column("daily_dose_mg").to_pylist() == [50 / 7, 4.5]


def test_wrong_input_is_named(regimens: Regimens) -> None:
    with pytest.raises(ValueError, match="'Sig' is not a column"):
        classify_arrow(pa.table({"sig": ["4.5 mg"]}), sig="Sig", regimens=regimens)
    with pytest.raises(TypeError, match="names a column only when the input is a table"):
        classify_arrow(pa.array(["4.5 mg"]), product="Medication", regimens=regimens)
    with pytest.raises(ValueError, match="quantity has 2 values for 1 sigs"):
        classify_arrow(pa.array(["4.5 mg"]), quantity=pa.array([1, 2]), regimens=regimens)
    with pytest.raises(TypeError, match="not list"):
        classify_arrow(["4.5 mg"], regimens=regimens)


def test_a_bug_is_an_internal_error_row(monkeypatch: pytest.MonkeyPatch, regimens: Regimens) -> None:
    import ldnclass.columnar as columnar

    def broken(text: str, *args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(columnar, "classify", broken)
    results = classify_arrow(pa.array(["4.5 mg qhs"]), regimens=regimens).to_pylist()
    assert results[0]["error_code"] == "internal-error"
    assert "ZeroDivisionError: boom" in results[0]["error"]


def test_pandas_series_and_frame(regimens: Regimens) -> None:
    sigs = pd.Series(["4.5 mg qhs", None, "100 mg qod"], index=[7, 8, 9])
    frame = classify_pandas(sigs, regimens=regimens, prefix="ldn_")
    assert list(frame.index) == [7, 8, 9]
    assert list(frame.columns) == ["ldn_" + name for name in RESULT_COLUMNS]
    assert all(isinstance(dtype, pd.ArrowDtype) for dtype in frame.dtypes)
    assert frame["ldn_class"].tolist()[0] == "LDN" and frame["ldn_class"].isna().tolist() == [False, True, False]
    assert frame.loc[9, "ldn_regimen"] == "hdn-labeled-alternative"

    claims = pd.DataFrame(claims_rows(200)).set_index("id")
    from_frame = classify_pandas(
        claims, product="product", quantity="quantity", days_supply="days_supply", regimens=regimens
    )
    assert (from_frame.index == claims.index).all()
    for (_, row), got in zip(claims.iterrows(), from_frame.to_dict("records"), strict=True):
        record = {key: None if pd.isna(row[key]) else row[key] for key in ("product", "quantity", "days_supply")}
        if record["quantity"] is not None:  # pandas made the column float: 30.0, the same supply
            record["quantity"], record["days_supply"] = int(record["quantity"]), int(record["days_supply"])
        want = expected_row(regimens, None if pd.isna(row["sig"]) else row["sig"], **record)
        assert {key: _plain(value) for key, value in got.items()} == want


def _plain(value: Any) -> Any:
    """A pandas cell back to Python: <NA> to None, an Arrow list to a list."""
    if isinstance(value, list) or hasattr(value, "tolist"):
        return list(value)
    return None if value is None or pd.isna(value) else value


@given(st.fractions(min_value=-(10**9), max_value=10**9))
def test_exact_text_reads_back_exactly(value: Fraction) -> None:
    text = exact_text(value)
    assert text is not None and Fraction(text) == value
    assert ("/" in text) == (Fraction(text).denominator not in _finite_decimal_denominators(value.denominator))


def _finite_decimal_denominators(denominator: int) -> set[int]:
    rest = denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    return {denominator} if rest == 1 else set()


def test_exact_text_examples() -> None:
    assert [exact_text(Fraction(n)) for n in ("9/2", "50/7", "50", "-1/8", "1/1000", "0")] == [
        "4.5",
        "50/7",
        "50",
        "-0.125",
        "0.001",
        "0",
    ]
    assert exact_text(None) is None


def test_importing_the_module_loads_no_extra() -> None:
    code = (
        "import sys, ldnclass, ldnclass.columnar, ldnclass.classifier, ldnclass.batch;"
        "assert not {'pyarrow', 'pandas', 'pyspark'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_column_classifier_remembers_across_batches(monkeypatch: pytest.MonkeyPatch, regimens: Regimens) -> None:
    import ldnclass.columnar as columnar

    calls: list[str] = []
    real = columnar.classify
    monkeypatch.setattr(columnar, "classify", lambda text, *a, **k: calls.append(text) or real(text, *a, **k))
    classifier = columnar.ColumnClassifier(regimens, prefix="ldn_", cache_limit=3)
    batches = [["4.5 mg qhs", "50 mg daily"], ["50 mg daily", "4.5 mg qhs", "100 mg qod"], ["3 mg qhs", "4.5 mg qhs"]]
    classes = [
        classifier.classify({"sig": pa.chunked_array([batch])}).column("ldn_class").to_pylist() for batch in batches
    ]
    assert classes == [["LDN", "HDN"], ["HDN", "LDN", "HDN"], ["LDN", "LDN"]]
    # Once each, until a fourth distinct text passes the limit of three: the cache starts again.
    assert calls == ["4.5 mg qhs", "50 mg daily", "100 mg qod", "3 mg qhs", "4.5 mg qhs"]
