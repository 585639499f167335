"""Rich views for a person at a terminal. Imported only when one is looking.

Two rules keep a terminal safe from what it shows. Every string from the data file or
the user goes into a rich ``Text``, never into a markup string, so ``[/bold]`` in a label
is printed as written. And every such string passes through :func:`printable`, so an
escape sequence in a dose text (``ESC [2J``) is shown, not obeyed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich loads with the first view, so printable() alone costs no rich import
    from rich.console import RenderableType
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from ldnclass.regimens import Band, Entry, Regimens
    from ldnclass.result import Result

CLASS_STYLES = {"LDN": "bold green", "HDN": "bold blue", "out-of-range": "bold yellow"}
REMINDER = "Decision support, not a prescription: check the dose against the patient and the label."

# What a terminal may obey or reorder rather than show: C0 controls (tab and newline too),
# DEL, C1 controls (U+009B is a one-character CSI), the line and paragraph separators,
# and the bidirectional marks, embeddings, overrides and isolates ("Trojan Source").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    r"""``text`` with each control, separator or bidi character shown as an escape.

    ESC ``[2J4.5 mg`` becomes ``\x1b[2J4.5 mg``; a tab becomes ``\t``, so the result
    is also safe inside one TSV cell. Other text, backslashes included, is unchanged.
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _text(value: object, style: str = "") -> Text:
    """A string from the data or the user, as literal text with its controls escaped."""
    from rich.text import Text

    return Text(printable(str(value)), style=style)


def result_panel(result: Result, regimens: Regimens, details: bool = True) -> RenderableType:
    """The whole answer for one dose: how it was read, its class, and what applies.

    ``details=False`` leaves out the clinical content (mechanism, FDA status, adverse
    effects, sources): the prompt shows it once per band or regimen, not for every dose.
    """
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Input", _text(result.input))
    if not result.ok:
        assert result.error is not None
        grid.add_row("Error", _text(f"{result.error.message}  [{result.error.code}]", style="bold red"))
        return _panel(grid, "could not be classified", "red")
    assert result.band is not None and result.dose_class is not None
    band = regimens.band(result.band)
    grid.add_row("Read as", _lines(result.arithmetic))
    if result.steps:
        steps = [f"{n}. {step.input}: {step.arithmetic[-1]} ({step.band})" for n, step in enumerate(result.steps, 1)]
        grid.add_row("Steps", _lines(steps))
    class_text = _text(result.dose_class, style=CLASS_STYLES.get(result.dose_class, "bold"))
    class_text.append(printable(f"   band {band.id}: {band.label}" + _range(band)), style="default")
    grid.add_row("Class", class_text)
    entry: Entry = regimens.regimen(result.regimen) if result.regimen else band
    if result.regimen:
        grid.add_row("Regimen", _text(f"{entry.label} ({entry.id})"))
    if details:
        _add_content(grid, entry, band)
    _add_list(grid, "Notes", result.notes)
    _add_list(grid, "Assumptions", result.assumptions, style="yellow")
    _add_list(grid, "Warnings", result.warnings, style="bold yellow")
    if details:
        sources = [f"{s.citation} {s.url}" for s in (*entry.sources, *(band.sources if entry is not band else ()))]
        _add_list(grid, "Sources", list(dict.fromkeys(sources)), style="dim")
    else:
        grid.add_row("", Text("clinical notes for this band and regimen: shown above", style="dim"))
    if result.regimens_file:
        grid.add_row("Data", _text(f"regimens from {result.regimens_file} (not the shipped file)", style="magenta"))
    return _panel(grid, result.dose_class, CLASS_STYLES.get(result.dose_class, "white").split()[-1])


def _panel(body: Table, title: str, colour: str) -> Panel:
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    reminder = Text(REMINDER, style="italic dim")
    heading = _text(f"ldnclass: {title}")  # a Text title: a str title would be read as markup
    return Panel(Group(body, Text(""), reminder), title=heading, border_style=colour, box=box.ROUNDED)


def _range(band: Band) -> str:
    return f" ({band.daily_dose_mg.describe()})" if band.daily_dose_mg else ""


def _add_content(grid: Table, entry: Entry, band: Band) -> None:
    _add_list(grid, "Mechanism", entry.mechanism)
    status = entry.fda_status
    fda = _lines([status.summary, *(f"• {a.use} (since {a.since})" for a in status.approvals)])
    grid.add_row("FDA status", fda)
    effects = [e.effect + (f": {e.frequency}" if e.frequency else "") for e in entry.adverse_effects]
    _add_list(grid, "Adverse effects", effects)
    notes = list(entry.notes) + (list(band.notes) if entry is not band else [])
    _add_list(grid, "About", list(dict.fromkeys(notes)))


def _lines(lines: tuple[str, ...] | list[str], style: str = "") -> Text:
    """One line of text per item: a newline inside an item is shown as \\n, not obeyed."""
    from rich.text import Text

    return Text("\n".join(printable(line) for line in lines), style=style)


def _add_list(grid: Table, label: str, lines: tuple[str, ...] | list[str], style: str = "") -> None:
    if lines:
        grid.add_row(label, _lines([f"• {line}" for line in lines], style=style))


def regimens_table(regimens: Regimens) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title=_text(f"Bands and regimens (reviewed {regimens.reviewed})"), box=box.SIMPLE_HEAVY)
    for column in ("id", "kind", "class", "route", "daily dose", "FDA status"):
        table.add_column(column, overflow="fold")
    for band in regimens.bands:
        table.add_row(
            _text(band.id),
            _text("band"),
            _styled_class(band.dose_class),
            _text(band.route),
            _text(band.daily_dose_mg.describe() if band.daily_dose_mg else "not a daily oral dose"),
            _fda_short(band),
        )
    for regimen in regimens.regimens:
        table.add_row(
            _text(regimen.id),
            _text(f"regimen of {regimen.band}"),
            _styled_class(regimen.dose_class),
            _text(regimen.route),
            _text(", ".join(s.label for s in regimen.schedules)),
            _fda_short(regimen),
        )
    return table


def _styled_class(dose_class: str) -> Text:
    return _text(dose_class, style=CLASS_STYLES.get(dose_class, ""))


def _fda_short(entry: Entry) -> Text:
    return _text(("approved: " if entry.fda_status.approved else "not approved: ") + entry.fda_status.summary)
