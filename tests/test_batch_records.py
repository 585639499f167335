"""Batch over prescription records: product, sig, quantity and days' supply columns, the pure
column resolver, and the one table of result fields the writers share."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from ldnclass import batch, classify
from ldnclass.cli import app
from ldnclass.columns import resolve_columns
from ldnclass.errors import ExitCode, UsageError
from ldnclass.fields import fields_for, plain

runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "160", "LDNCLASS_REGIMENS": None})
EXPORT = (
    "MRN,Medication,Sig,Qty,Days Supply\n"
    "1001,naltrexone 50 MG tablet,Take 1/2 tablet by mouth daily.,15,30\n"
    "1002,NALTREXONE HCL 4.5 MG CAPSULE,Take 1 capsule by mouth at bedtime,30,10\n"
    "1003,Vivitrol 380 mg kit,Inject 380 mg IM every 4 weeks,1,28\n"
)


def _rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout, newline="")))


# --- the column resolver ---------------------------------------------------------------------

NONE_GIVEN: dict[str, str | None] = {role: None for role in ("dose", "product", "quantity", "days_supply", "id")}


@pytest.mark.parametrize(
    ("header", "dose", "product", "quantity", "days"),
    [
        (["MRN", "Medication", "Sig", "Qty", "Days Supply"], 2, 1, 3, 4),
        (["drug_name", "directions", "quantity_dispensed", "DS"], 1, 0, 2, 3),
        (["Drug", "Instructions", "quantity", "days-supply"], 1, 0, 2, 3),
        (["medication_name", "sig"], 1, 0, -1, -1),
        (["id", "dose"], 1, -1, -1, -1),
        (["product", "medication", "sig"], 2, 0, -1, -1),  # the first name in the list wins
    ],
)
def test_the_usual_headers_are_found(header: list[str], dose: int, product: int, quantity: int, days: int) -> None:
    columns = resolve_columns(header, len(header), NONE_GIVEN)
    assert (columns.dose, columns.product, columns.quantity, columns.days_supply) == (dose, product, quantity, days)


def test_a_given_column_is_never_guessed_again() -> None:
    header = ["Medication", "Sig"]
    columns = resolve_columns(header, 2, NONE_GIVEN | {"dose": "Medication"})
    assert (columns.dose, columns.product) == (0, -1)  # "Medication" is taken: not also the product
    assert columns.guessed == ()


def test_a_claims_table_needs_no_sig_but_a_bare_product_list_does() -> None:
    columns = resolve_columns(["drug", "qty", "ds"], 3, NONE_GIVEN)
    assert (columns.dose, columns.product, columns.has_supply) == (-1, 0, True)
    with pytest.raises(UsageError, match="no dose column"):
        resolve_columns(["drug", "qty"], 2, NONE_GIVEN)


def test_an_unknown_column_option_names_its_option() -> None:
    with pytest.raises(UsageError, match="--quantity-column 'nope'"):
        resolve_columns(["sig"], 1, NONE_GIVEN | {"quantity": "nope"})


# --- the fields table ------------------------------------------------------------------------


def test_the_csv_columns_keep_their_order_and_new_ones_come_last() -> None:
    assert batch.RESULT_COLUMNS[:9] == (
        "class",
        "band",
        "regimen",
        "dose_mg",
        "doses_per_day",
        "daily_dose_mg",
        "warnings",
        "error_code",
        "error",
    )
    assert [field.name for field in fields_for(has_supply=True)][-2:] == ["supply_daily_dose_mg", "label_status"]
    assert [field.name for field in fields_for(has_supply=False)][-1] == "label_status"
    assert "supply_daily_dose_mg" not in batch.RESULT_COLUMNS


@pytest.mark.parametrize(
    "kwargs",
    [
        {"text": "4.5 mg qhs"},
        {"text": "4.5"},
        {"text": "1.5-4.5 mg qhs"},
        {"text": "4.5 mg qhs", "product": "LDN 4.5 mg capsule", "quantity": 30, "days_supply": 10},
        {"text": "", "product": "1483744", "quantity": 30, "days_supply": 30},
    ],
)
def test_every_csv_cell_says_what_the_json_says(kwargs: dict[str, object]) -> None:
    text = str(kwargs.pop("text"))
    result = classify(text, **kwargs)  # type: ignore[arg-type]
    header = "sig,product,qty,ds\n"
    given = kwargs.get("product", ""), kwargs.get("quantity", ""), kwargs.get("days_supply", "")
    data = header + ",".join(f'"{cell}"' for cell in (text, *given)) + "\n"
    out = runner.invoke(app, ["batch", "-", "-f", "csv", "--column", "sig"], input=data)
    (row,) = _rows(out.stdout)
    as_dict = result.to_dict()
    for field in fields_for(has_supply=True):
        assert row[f"ldn_{field.name}"] == plain(field, result), field.name
    assert json.loads(runner.invoke(app, ["batch", "-", "-f", "jsonl"], input=data).stdout)["class"] == as_dict["class"]


# --- the command -----------------------------------------------------------------------------


def test_the_export_is_read_as_records_and_stderr_says_which_columns() -> None:
    result = runner.invoke(app, ["batch", "-", "-f", "csv"], input=EXPORT)
    assert result.exit_code == ExitCode.OK, result.stderr
    for said in ("doses from 'Sig' (column 3)", "product from 'Medication' (column 2)", "quantity from 'Qty'"):
        assert said in result.stderr
    assert "days' supply from 'Days Supply' (column 5)" in result.stderr
    rows = _rows(result.stdout)
    assert [row["ldn_class"] for row in rows] == ["out-of-range", "LDN", "HDN"]
    assert [row["ldn_daily_dose_mg"] for row in rows] == ["25", "4.5", ""]
    assert [row["ldn_supply_daily_dose_mg"] for row in rows] == ["25", "13.5", ""]
    assert "13.5 mg/day" in rows[1]["ldn_warnings"] and "early refill" in rows[1]["ldn_warnings"]


def test_explicit_options_win_over_the_headers() -> None:
    data = "Medication,Sig,Other Qty,Qty,Days\nLDN 4.5 mg capsule,1 cap qhs,30,60,30\n"
    args = ["batch", "-", "-f", "csv", "--product-column", "1", "--quantity-column", "Other Qty"]
    result = runner.invoke(app, [*args, "--days-supply-column", "days"], input=data)
    assert result.exit_code == ExitCode.OK, result.stderr
    (row,) = _rows(result.stdout)
    assert row["ldn_supply_daily_dose_mg"] == "4.5"
    assert "--quantity-column chooses" not in result.stderr


def test_without_supply_columns_the_csv_has_no_supply_column() -> None:
    result = runner.invoke(app, ["batch", "-", "-f", "csv"], input="drug,sig\nLDN 1.5 mg capsule,3 caps qhs\n")
    (row,) = _rows(result.stdout)
    assert row["ldn_daily_dose_mg"] == "4.5"
    assert "ldn_supply_daily_dose_mg" not in row


def test_a_claims_table_is_classified_on_its_supply() -> None:
    data = "ndc,qty,ds\n65757-0300-01,1,28\n1483744,30,30\n9999999,30,30\n"
    result = runner.invoke(app, ["batch", "-", "-f", "csv", "--product-column", "ndc"], input=data)
    assert "no sig column" in result.stderr
    rows = _rows(result.stdout)
    assert [row["ldn_class"] for row in rows] == ["HDN", "HDN", ""]
    assert rows[2]["ldn_error_code"] == "unknown-product"
    assert all("no sig" in row["ldn_assumptions"] for row in rows[:2])


def test_a_row_with_only_one_supply_cell_is_read_without_the_supply() -> None:
    data = "drug,sig,qty,ds\nLDN 4.5 mg capsule,1 cap qhs,30,\n"
    (row,) = _rows(runner.invoke(app, ["batch", "-", "-f", "csv"], input=data).stdout)
    assert (row["ldn_class"], row["ldn_supply_daily_dose_mg"]) == ("LDN", "")


def test_the_same_sig_with_another_product_is_not_taken_from_the_cache() -> None:
    data = "drug,sig\nLDN 4.5 mg capsule,1 cap qhs\nnaltrexone 50 mg tablet,1 cap qhs\nLDN 4.5 mg capsule,1 cap qhs\n"
    rows = _rows(runner.invoke(app, ["batch", "-", "-f", "csv"], input=data).stdout)
    assert [row["ldn_daily_dose_mg"] for row in rows] == ["4.5", "50", "4.5"]


def test_the_table_shows_the_id_and_what_was_classified() -> None:
    result = runner.invoke(app, ["batch", "-", "-f", "table"], input=EXPORT)
    assert result.exit_code == ExitCode.OK
    lines = result.stdout.splitlines()
    assert "product · sig" in lines[0] and "supply" in lines[0] and "id" in lines[0]
    assert any("1002" in line and "NALTREXONE HCL 4.5 MG CAPSULE ·" in line for line in lines)
    with_id = runner.invoke(app, ["batch", "-", "-f", "table", "--id-column", "Qty"], input=EXPORT)
    assert "1001" not in with_id.stdout


def test_the_issue_example_export_classifies_every_row_it_can() -> None:
    result = runner.invoke(app, ["batch", "tests/golden/batch/export.in.csv", "-f", "csv"])
    rows = _rows(result.stdout)
    errors = [row["MRN"] for row in rows if row["ldn_error_code"]]
    assert errors == ["1011"]  # an RxCUI the data file does not list: unknown-product, never a guess
    warned = [row["MRN"] for row in rows if "the supply comes to" in row["ldn_warnings"]]
    assert warned == ["1004", "1009"]  # tablets for a dissolved-tablet liquid; an early refill
