"""Parquet in, Parquet out (ldnclass.parquet): input columns untouched, result columns typed,
a batch at a time, each distinct input once, and the destination replaced only when complete."""

from __future__ import annotations

import datetime
import decimal
import os
from pathlib import Path
from typing import Any

import pytest
from claims_data import claims_rows

from ldnclass.errors import InputFileError, UsageError
from ldnclass.regimens import Regimens

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
from ldnclass.columnar import classify_arrow, result_schema  # noqa: E402 - after the extras' check
from ldnclass.parquet import classify_parquet, output_schema  # noqa: E402

RECORD = {"product": "product", "quantity": "quantity", "days_supply": "days_supply"}


@pytest.fixture()
def claims_file(tmp_path: Path) -> Path:
    table = pa.Table.from_pylist(claims_rows(2_000))
    table = table.append_column("filled", pa.array([datetime.date(2024, 1, 1)] * table.num_rows))
    price = pa.array([decimal.Decimal("12.34")] * table.num_rows, pa.decimal128(9, 2))
    table = table.append_column("price", price).replace_schema_metadata({"source": "test"})
    path = tmp_path / "claims.parquet"
    pq.write_table(table, path, row_group_size=700)
    return path


def test_every_row_and_column(claims_file: Path, tmp_path: Path, regimens: Regimens) -> None:
    out = tmp_path / "out.parquet"
    run = classify_parquet(claims_file, out, **RECORD, regimens=regimens, batch_rows=300)
    source, written = pq.read_table(claims_file), pq.read_table(out)
    assert written.schema.names == [*source.schema.names, *result_schema("ldn_").names]
    assert written.schema.field("price").type == pa.decimal128(9, 2)
    assert written.schema.metadata[b"source"] == b"test"
    assert written.select(source.schema.names).equals(source)
    whole = classify_arrow(source, **RECORD, regimens=regimens, prefix="ldn_")
    assert written.select(whole.schema.names).equals(whole)
    assert run.rows == 2_000
    assert run.by_class == {value["values"]: value["counts"] for value in whole["ldn_class"].value_counts().to_pylist()}
    assert run.unclassified == whole["ldn_error_code"].drop_null().length()
    assert pq.ParquetFile(out).metadata.num_row_groups == 7  # a row group per batch of 300


def test_the_file_is_what_a_plain_write_of_the_declared_schema_makes(
    claims_file: Path, tmp_path: Path, regimens: Regimens
) -> None:
    """The result columns are handed to the writer as dictionary arrays (see parquet._writer):
    read back, by pyarrow and by DuckDB, the file has the declared schema and the same Parquet
    columns as pq.write_table of the same rows, and the input columns keep their statistics."""
    duckdb = pytest.importorskip("duckdb")
    source = pq.read_table(claims_file)
    source = source.append_column("codes", pa.array([["a", "b"], None, []] * 666 + [["c"], None]))
    source = source.replace_schema_metadata({"source": "test"})
    # Unreadable sigs first: batches with few results, and result columns with no value at all.
    unreadable = pa.array(["as directed", None, "=1+2 mg"] * 100 + source["sig"].to_pylist()[300:])
    source = source.set_column(source.schema.get_field_index("sig"), "sig", unreadable)
    given, out, plain = tmp_path / "in.parquet", tmp_path / "out.parquet", tmp_path / "plain.parquet"
    pq.write_table(source, given, row_group_size=700)
    classify_parquet(given, out, **RECORD, regimens=regimens, batch_rows=300)
    source = pq.read_table(given)  # as the run reads it (a list's values named "element")
    expected = pa.Table.from_arrays(
        [*source.columns, *classify_arrow(source, **RECORD, regimens=regimens, prefix="ldn_").columns],
        schema=output_schema(source.schema, "ldn_"),
    )
    pq.write_table(expected, plain, row_group_size=300)

    written = pq.read_table(out)
    assert written.schema.equals(expected.schema)  # the declared types
    assert written.schema.metadata == {b"source": b"test"}
    assert written.schema.equals(pq.read_table(plain).schema, check_metadata=True)
    assert written.equals(expected)
    assert written.schema.field("ldn_class").type == pa.string()
    assert written.schema.field("ldn_warnings").type == pa.list_(pa.string())
    file, reference = pq.ParquetFile(out), pq.ParquetFile(plain)
    assert file.schema.equals(reference.schema)  # physical and logical types, repetition, names
    assert file.metadata.metadata == reference.metadata.metadata  # the stored Arrow schema too
    assert file.metadata.num_row_groups == 7
    db = duckdb.connect()
    assert (
        db.sql(f"DESCRIBE SELECT * FROM '{out}'").fetchall() == db.sql(f"DESCRIBE SELECT * FROM '{plain}'").fetchall()
    )
    query = "SELECT * FROM '{}' ORDER BY id"
    assert db.sql(query.format(out)).fetchall() == db.sql(query.format(plain)).fetchall()
    group = file.metadata.row_group(0)
    inputs = [
        group.column(number)
        for number in range(group.num_columns)
        if not group.column(number).path_in_schema.startswith("ldn_")
    ]
    assert [column.path_in_schema for column in inputs][-1] == "codes.list.element"
    assert all(column.is_stats_set for column in inputs)


def test_a_run_does_not_import_pandas(claims_file: Path, tmp_path: Path) -> None:
    """pyarrow imports pandas on its first pa.array() or pa.scalar() of Python values (0.2 s,
    57 MB), which a Parquet run never needs: columnar._column and friends build from buffers."""
    import subprocess
    import sys

    code = (
        "import sys; from ldnclass.parquet import classify_parquet;"
        f"classify_parquet({str(claims_file)!r}, {str(tmp_path / 'a.parquet')!r});"
        f"classify_parquet({str(claims_file)!r}, {str(tmp_path / 'b.parquet')!r}, product='product',"
        " quantity='quantity', days_supply='days_supply', batch_rows=300);"
        "assert 'pyarrow' in sys.modules and 'pandas' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert pq.read_table(tmp_path / "b.parquet").num_rows == 2_000


def test_each_distinct_input_once_across_batches(
    claims_file: Path, tmp_path: Path, regimens: Regimens, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ldnclass.columnar as columnar

    calls: list[Any] = []
    real = columnar.classify
    monkeypatch.setattr(columnar, "classify", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    classify_parquet(claims_file, tmp_path / "out.parquet", **RECORD, regimens=regimens, batch_rows=100)
    distinct = pq.read_table(claims_file).select([*RECORD.values(), "sig"]).group_by([*RECORD.values(), "sig"])
    assert len(calls) == distinct.aggregate([]).num_rows


def test_a_failed_run_leaves_the_destination_as_it_was(
    claims_file: Path, tmp_path: Path, regimens: Regimens, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ldnclass.parquet as parquet

    out = tmp_path / "out.parquet"
    out.write_bytes(b"before")
    out.chmod(0o640)
    batches = 0

    def failing(run: Any, classes: Any) -> None:
        nonlocal batches
        batches += 1
        if batches == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(parquet, "_count", failing)
    with pytest.raises(KeyboardInterrupt):
        classify_parquet(claims_file, out, regimens=regimens, batch_rows=100)
    assert out.read_bytes() == b"before"
    assert sorted(os.listdir(tmp_path)) == ["claims.parquet", "out.parquet"]
    monkeypatch.undo()
    classify_parquet(claims_file, out, regimens=regimens)
    assert pq.read_table(out).num_rows == 2_000
    assert out.stat().st_mode & 0o777 == 0o640  # the file replaced keeps its mode


def test_mistakes_are_named(claims_file: Path, tmp_path: Path, regimens: Regimens) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        classify_parquet(tmp_path / "missing.parquet", tmp_path / "out.parquet", regimens=regimens)
    (tmp_path / "text.parquet").write_text("id,sig\n")
    with pytest.raises(InputFileError, match="not a Parquet file"):
        classify_parquet(tmp_path / "text.parquet", tmp_path / "out.parquet", regimens=regimens)
    with pytest.raises(UsageError, match="'Sig' is not a column"):
        classify_parquet(claims_file, tmp_path / "out.parquet", sig="Sig", regimens=regimens)
    pq.write_table(pa.table({"sig": ["4.5 mg"], "ldn_class": ["LDN"]}), tmp_path / "done.parquet")
    with pytest.raises(UsageError, match=r"already has \['ldn_class'\]: choose another prefix"):
        classify_parquet(tmp_path / "done.parquet", tmp_path / "out.parquet", regimens=regimens)
    assert not (tmp_path / "out.parquet").exists()


def test_the_batch_command_reads_and_writes_parquet(
    claims_file: Path, tmp_path: Path, installed_command: str, plain_env: dict[str, str], regimens: Regimens
) -> None:
    import subprocess

    out = tmp_path / "out.parquet"
    done = subprocess.run(
        [installed_command, "batch", str(claims_file), "-o", str(out), "--summary"],
        env=plain_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr  # some sigs in the table are unreadable, on purpose
    assert done.stdout == ""
    assert "read doses from 'sig' (column 4)" in done.stderr
    assert "read the product from 'product' (column 3)" in done.stderr
    assert "ldnclass: 2,000 rows: " in done.stderr
    whole = classify_arrow(pq.read_table(claims_file), **RECORD, regimens=regimens, prefix="ldn_")
    assert pq.read_table(out).select(whole.schema.names).equals(whole)

    refused = subprocess.run(
        [installed_command, "batch", str(claims_file), "--format", "parquet"],
        env=plain_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert "ldnclass batch in.parquet -o out.parquet" in refused.stderr
