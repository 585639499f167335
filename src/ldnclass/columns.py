"""Which columns of a batch input hold what: pure functions of the header and the options.

A record may hold its sig, product, quantity and days' supply in four columns. Each is named
by an option (a header name or a 1-based number) or, when the input has a header, guessed
from the usual names; the CLI says on stderr which it took. Nothing here reads or writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ldnclass.errors import UsageError

# Looked for in this order, among the headers normalised (case, spaces and dashes ignored).
GUESSED_NAMES = {
    "dose": ("dose", "sig", "dose_text", "directions", "prescription", "instructions"),
    "product": ("product", "medication", "medication_name", "drug", "drug_name"),
    "quantity": ("quantity", "qty", "quantity_dispensed"),
    "days_supply": ("days_supply", "ds"),
}
OPTIONS = {
    "dose": "--column",
    "product": "--product-column",
    "quantity": "--quantity-column",
    "days_supply": "--days-supply-column",
    "id": "--id-column",
    "frequency": "--frequency-column",
    "route": "--route-column",
    "weight": "--weight-column",
}
MAX_COLUMN_DIGITS = 9  # a column number longer than this is past any input's width
_COLUMN_NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Columns:
    """0-based indexes, -1 for a column not used."""

    dose: int = -1
    product: int = -1
    quantity: int = -1
    days_supply: int = -1
    id: int = -1
    frequency: int = -1
    route: int = -1
    weight: int = -1
    guessed: tuple[str, ...] = field(default=())  # the roles taken from the headers' names

    @property
    def dose_only(self) -> bool:
        """Only the dose text is read from each row (the common case, and the fast path)."""
        others = (self.product, self.quantity, self.days_supply, self.frequency, self.route, self.weight)
        return self.dose >= 0 and max(others) < 0

    @property
    def has_supply(self) -> bool:
        return self.quantity >= 0 and self.days_supply >= 0


def resolve_columns(header: list[str] | None, width: int, given: dict[str, str | None]) -> Columns:
    """The columns for each role: ``given`` maps a role (a key of OPTIONS) to its option's
    value or None. A role not given is guessed from the headers, never onto a column already
    taken. A row needs a dose column, unless product, quantity and days' supply are all there
    (a claims table has no sig)."""
    chosen: dict[str, int] = {}
    for role, value in given.items():
        if value is not None:
            chosen[role] = match_column(value, header, width, OPTIONS[role])
    guessed = []
    for role, names in GUESSED_NAMES.items():
        if role in chosen or header is None:
            continue
        index = _first_named(header, names, set(chosen.values()))
        if index is not None:
            chosen[role] = index
            guessed.append(role)
    columns = Columns(**chosen, guessed=tuple(guessed))
    if columns.dose < 0 and not (columns.product >= 0 and columns.has_supply):
        if header is None:
            raise UsageError("with --no-header, give the dose column's 1-based number: --column N")
        raise UsageError(
            f"no dose column among the headers {shown_header(header)}: "
            f"give --column NAME or --column N (looked for {', '.join(GUESSED_NAMES['dose'])})"
        )
    return columns


def _first_named(header: list[str], names: tuple[str, ...], taken: set[int]) -> int | None:
    normal = [normal_name(name) for name in header]
    for candidate in names:
        for index, name in enumerate(normal):
            if name == candidate and index not in taken:
                return index
    return None


def match_column(given: str, header: list[str] | None, width: int, option: str = "--column") -> int:
    """The 0-based index a --column names: a header name (exact, else ignoring case, spaces and
    dashes), else a 1-based number of ASCII digits (``²`` is a digit to str.isdigit, not to us).
    Pure, so every odd given is a UsageError, never a traceback."""
    if header is not None:
        if given in header:
            return header.index(given)
        normal = [normal_name(name) for name in header]
        if normal_name(given) in normal:
            return normal.index(normal_name(given))
    shown = shown_name(given)
    if _COLUMN_NUMBER.fullmatch(given):
        number = int(given) if len(given) <= MAX_COLUMN_DIGITS else 0
        if 1 <= number <= width:
            return number - 1
        raise UsageError(f"{option} {shown}: the input has {width} column(s)")
    if header is None:
        raise UsageError(f"{option} {shown}: with --no-header, give the column's 1-based number")
    raise UsageError(f"{option} {shown}: no such column; the headers are {shown_header(header)}")


def describe(index: int, header: list[str] | None) -> str:
    """A column as a person would name it: its header, else its number."""
    if header is not None:
        return f"{header[index]!r} (column {index + 1})"
    return f"column {index + 1}"


def shown_name(name: str, limit: int = 40) -> str:
    """A name as an error message shows it: quoted, escaped (repr) and cut short."""
    return repr(name) if len(name) <= limit else repr(name[:limit]) + f"... ({len(name):,} characters)"


def normal_name(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def shown_header(header: list[str], limit: int = 12) -> str:
    shown = ", ".join(shown_name(name) for name in header[:limit])
    return shown + (f" and {len(header) - limit} more" if len(header) > limit else "")
