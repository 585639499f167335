"""The result fields a batch writes, in one table: each field's CSV column (after the prefix),
where its value is in the result object (``Result.to_dict()``, the JSON form), and how it is
written in a CSV cell. The CSV writer, the table view and the tests derive their columns from
here, so the CSV and the JSON can only say the same thing.

Columns keep their order; a new one goes at the end, so that scripts reading by position keep
working. A field that needs input the run may not have (the supply) is written only when it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "number", "joined"]


@dataclass(frozen=True)
class ResultField:
    name: str  # the CSV column, after the prefix ("class" → ldn_class)
    get: Callable[[dict[str, Any]], Any]  # its value in the result object
    kind: Kind  # text: escaped for spreadsheets; number: as in JSON, never escaped; joined: a list, "; "
    needs_supply: bool = False  # written only when the run has quantity and days' supply columns


def _key(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda as_dict: as_dict[key]


def _error(part: str) -> Callable[[dict[str, Any]], Any]:
    return lambda as_dict: as_dict["error"][part] if as_dict["error"] else ""


RESULT_FIELDS = (
    ResultField("class", _key("class"), "text"),
    ResultField("band", _key("band"), "text"),
    ResultField("regimen", _key("regimen"), "text"),
    ResultField("dose_mg", _key("dose_mg"), "number"),
    ResultField("doses_per_day", _key("doses_per_day"), "number"),
    ResultField("daily_dose_mg", _key("daily_dose_mg"), "number"),
    ResultField("warnings", _key("warnings"), "joined"),
    ResultField("error_code", _error("code"), "text"),
    ResultField("error", _error("message"), "text"),
    # Added after the nine the first batch issue named.
    ResultField("route", _key("route"), "text"),
    ResultField("daily_dose_mg_min", _key("daily_dose_mg_min"), "number"),
    ResultField("assumptions", _key("assumptions"), "joined"),
    ResultField("supply_daily_dose_mg", _key("supply_daily_dose_mg"), "number", needs_supply=True),
    ResultField("label_status", _key("label_status"), "text"),
)
FIELDS_BY_NAME = {field.name: field for field in RESULT_FIELDS}


def fields_for(has_supply: bool) -> tuple[ResultField, ...]:
    """The fields a run writes, in order."""
    return tuple(field for field in RESULT_FIELDS if has_supply or not field.needs_supply)


def plain(field: ResultField, as_dict: dict[str, Any]) -> str:
    """A field's value as text, unescaped: numbers as JSON writes them, lists joined by "; "."""
    value = field.get(as_dict)
    if value is None:
        return ""
    if field.kind == "joined":
        return "; ".join(value)
    return str(value)


def csv_cells(fields: tuple[ResultField, ...], as_dict: dict[str, Any], escape: Callable[[str], str]) -> list[str]:
    """Each field's CSV cell: text and lists through ``escape`` (quoting, formula escaping);
    numbers as they are (ldnclass's numbers are never formulas)."""
    return [plain(field, as_dict) if field.kind == "number" else escape(plain(field, as_dict)) for field in fields]
