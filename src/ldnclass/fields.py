"""The result fields a batch writes, in one table: each field's CSV column (after the prefix),
how its value is got from a ``Result``, and how it is written in a CSV cell. The CSV writer,
the table views, the typed columns (``columnar``: Arrow, Parquet, Spark) and the tests derive
their columns from here; a CSV number is written as the JSON writes it (``json_number``).

Columns keep their order; a new one goes at the end, so that scripts reading by position keep
working. A field that needs input the run may not have (the supply) is written only when it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

from ldnclass.result import json_number

if TYPE_CHECKING:
    from ldnclass.result import Result

Kind = Literal["text", "number", "joined"]


@dataclass(frozen=True)
class ResultField:
    """One output column: its name, how its value comes from a result, and how it is written."""

    name: str  # the CSV column, after the prefix ("class" → ldn_class), and the Arrow column
    value: Callable[[Result], Any]  # exact: a Fraction for a number, a tuple for a list
    kind: Kind  # text: escaped for spreadsheets; number: as in JSON, never escaped; joined: a list, "; "
    needs_supply: bool = False  # written only when the run has quantity and days' supply columns
    in_csv: bool = True  # False: only in the typed columns (Arrow, Parquet, Spark), which have no width to keep


def _error(part: str) -> Callable[[Result], Any]:
    return lambda result: None if result.error is None else getattr(result.error, part)


RESULT_FIELDS = (
    ResultField("class", attrgetter("dose_class"), "text"),
    ResultField("band", attrgetter("band"), "text"),
    ResultField("regimen", attrgetter("regimen"), "text"),
    ResultField("dose_mg", attrgetter("dose_mg"), "number"),
    ResultField("doses_per_day", attrgetter("doses_per_day"), "number"),
    ResultField("daily_dose_mg", attrgetter("daily_dose_mg"), "number"),
    ResultField("warnings", attrgetter("warnings"), "joined"),
    ResultField("error_code", _error("code"), "text"),
    ResultField("error", _error("message"), "text"),
    # Added after the nine the first batch issue named.
    ResultField("route", attrgetter("route"), "text"),
    ResultField("daily_dose_mg_min", attrgetter("daily_dose_mg_min"), "number"),
    ResultField("assumptions", attrgetter("assumptions"), "joined"),
    ResultField("supply_daily_dose_mg", attrgetter("supply_daily_dose_mg"), "number", needs_supply=True),
    ResultField("label_status", attrgetter("label_status"), "text"),
    ResultField("notes", attrgetter("notes"), "joined", in_csv=False),
)
FIELDS_BY_NAME = {field.name: field for field in RESULT_FIELDS}


def fields_for(has_supply: bool) -> tuple[ResultField, ...]:
    """The CSV fields a run writes, in order."""
    return tuple(field for field in RESULT_FIELDS if field.in_csv and (has_supply or not field.needs_supply))


def plain(field: ResultField, result: Result) -> str:
    """A field's value as text, unescaped: numbers as JSON writes them, lists joined by "; "."""
    value = field.value(result)
    if value is None:
        return ""
    if field.kind == "number":
        return str(json_number(value))
    if field.kind == "joined":
        return "; ".join(value)
    return str(value)


def csv_cells(fields: tuple[ResultField, ...], result: Result, escape: Callable[[str], str]) -> list[str]:
    """Each field's CSV cell: text and lists through ``escape`` (quoting, formula escaping);
    numbers as they are (ldnclass's numbers are never formulas)."""
    cells = []
    for field in fields:
        text = plain(field, result)
        # an empty cell (most cells of most results) needs no escaping
        cells.append(escape(text) if text and field.kind != "number" else text)
    return cells
