"""``ldnclass fhir``: the command around :mod:`ldnclass.fhir`.

Only typer and the standard library load with this module; the core and rich load inside
the command, as for batch.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable
from enum import Enum
from typing import IO, TYPE_CHECKING, Annotated

import typer

from ldnclass.commands import DebugOption, RegimensOption, environment, load, work_begins
from ldnclass.errors import ExitCode

if TYPE_CHECKING:
    from ldnclass.fhir import DosageOutcome

FIRST_COLUMNS = ("resource", "patient", "dosage_index", "medication", "text", "structured_sig", "fhir_agree")


class FhirFormat(str, Enum):
    JSONL = "jsonl"
    CSV = "csv"
    TABLE = "table"


def fhir(
    file: Annotated[
        str | None,
        typer.Argument(
            help="FHIR R4 NDJSON (Bulk Data), a Bundle or one resource (.gz is unpacked); - or nothing reads stdin.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        FhirFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="jsonl, csv or table. Default: table on a terminal, else jsonl.",
            show_default=False,
        ),
    ] = None,
    regimens_path: RegimensOption = None,
    debug: DebugOption = False,
) -> None:
    """Classify the dosages of FHIR MedicationRequest, MedicationDispense and MedicationStatement
    resources, each from its text and from its structure, and say whether the two agree.

    One output line per dosage, in order: the resource, the patient, the result object, the
    structure read as a sig, and fhir_agree (true, false, or null when either is missing).
    A resource that cannot be read gets its own line with an error code.
    Exit 1 if any dosage could not be classified.

    \b
    Examples:
      ldnclass fhir MedicationRequest.ndjson
      zcat export.ndjson.gz | ldnclass fhir - --format csv
      ldnclass fhir bundle.json --format table
    """
    from ldnclass.csvio import open_input
    from ldnclass.fhir import read_fhir

    regimens = load(regimens_path)
    work_begins()
    chosen = output_format or (FhirFormat.TABLE if environment().stdout_isatty else FhirFormat.JSONL)
    failed = 0
    with open_input(file) as source:
        outcomes = read_fhir(source.stream, regimens, source.name)
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
        try:
            failed = _write(outcomes, chosen, out)
        finally:
            out.flush()
            out.detach()
    raise typer.Exit(ExitCode.UNCLASSIFIED if failed else ExitCode.OK)


def _write(outcomes: Iterable[DosageOutcome], chosen: FhirFormat, out: IO[str]) -> int:
    """Every outcome in the chosen format; the count of those not classified."""
    failed = 0

    def counted() -> Iterable[DosageOutcome]:
        nonlocal failed
        for outcome in outcomes:
            failed += not outcome.result.ok
            yield outcome

    if chosen is FhirFormat.JSONL:
        for outcome in counted():
            out.write(json.dumps(outcome.to_dict(), ensure_ascii=False) + "\n")
    elif chosen is FhirFormat.CSV:
        _write_csv(counted(), out)
    else:
        _write_table(counted(), out)
    return failed


def csv_rows(outcomes: Iterable[DosageOutcome], prefix: str = "ldn_") -> Iterable[list[str]]:
    """The header, then one row per outcome: where it came from, then the result fields of
    the batch CSV (the same table of fields), then the structure's class and mg/day."""
    from ldnclass.csvio import csv_cell
    from ldnclass.fields import fields_for, plain

    fields = fields_for(has_supply=False)
    structured_columns = [f"{prefix}structured_class", f"{prefix}structured_daily_dose_mg"]
    yield [*FIRST_COLUMNS, *(prefix + field.name for field in fields), *structured_columns]
    for outcome in outcomes:
        as_dict = outcome.to_dict()
        agree = "" if outcome.agree is None else str(outcome.agree).lower()
        index = "" if outcome.index is None else str(outcome.index)
        first = [outcome.resource, outcome.patient or "", index, outcome.medication or "", outcome.result.input]
        first += [outcome.structured_sig or "", agree]
        structured = as_dict["structured"] or {}
        cells = [*first, *(plain(field, outcome.result) for field in fields)]
        cells += [str(structured.get("class") or ""), _number(structured.get("daily_dose_mg"))]
        yield [csv_cell(cell, ",", True) for cell in cells]


def _number(value: object) -> str:
    return "" if value is None else str(value)


def _write_csv(outcomes: Iterable[DosageOutcome], out: IO[str]) -> None:
    for row in csv_rows(outcomes):
        out.write(",".join(row) + "\n")


def _write_table(outcomes: Iterable[DosageOutcome], out: IO[str]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from ldnclass.render import printable

    table = Table(box=box.SIMPLE_HEAD, expand=True)
    table.add_column("resource", no_wrap=True)  # whole, so a person can find it
    for name in ("patient", "medication · text", "class", "mg/day", "structure", "agree", "error"):
        table.add_column(name, overflow="fold")
    for outcome in outcomes:
        result = outcome.result
        what = " · ".join(part for part in (outcome.medication, result.input) if part)
        structure = outcome.structured_sig or ""
        if outcome.structured is not None and outcome.structured.daily_dose_mg is not None:
            structure += f" → {outcome.structured.to_dict()['daily_dose_mg']} mg/day"
        daily = "" if result.daily_dose_mg is None else str(result.to_dict()["daily_dose_mg"])
        agree = {True: "yes", False: "NO", None: ""}[outcome.agree]
        error = f"{result.error.message} [{result.error.code}]" if result.error else ""
        cells = (outcome.resource, outcome.patient or "", what, result.dose_class or "", daily, structure, agree, error)
        table.add_row(*(printable(cell) for cell in cells))
    Console(file=out, highlight=False, soft_wrap=False).print(table)
