"""Rich views for a person at a terminal. Imported only when one is looking."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ldnclass.regimens import Band, Entry, Regimens
from ldnclass.result import Result

CLASS_STYLES = {"LDN": "bold green", "HDN": "bold blue", "out-of-range": "bold yellow"}
REMINDER = "Decision support, not a prescription: check the dose against the patient and the label."


def result_panel(result: Result, regimens: Regimens, details: bool = True) -> RenderableType:
    """The whole answer for one dose: how it was read, its class, and what applies.

    ``details=False`` leaves out the clinical content (mechanism, FDA status, adverse
    effects, sources): the prompt shows it once per band or regimen, not for every dose.
    """
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Input", Text(result.input))
    if not result.ok:
        assert result.error is not None
        grid.add_row("Error", Text(f"{result.error.message}  [{result.error.code}]", style="bold red"))
        return _panel(grid, result, "could not be classified", "red")
    assert result.band is not None and result.dose_class is not None
    band = regimens.band(result.band)
    grid.add_row("Read as", Text("\n".join(result.arithmetic)))
    if result.steps:
        lines = [f"{n}. {step.input}: {step.arithmetic[-1]} ({step.band})" for n, step in enumerate(result.steps, 1)]
        grid.add_row("Steps", Text("\n".join(lines)))
    class_text = Text(result.dose_class, style=CLASS_STYLES.get(result.dose_class, "bold"))
    class_text.append(f"   band {band.id}: {band.label}" + _range(band), style="default")
    grid.add_row("Class", class_text)
    entry: Entry = regimens.regimen(result.regimen) if result.regimen else band
    if result.regimen:
        grid.add_row("Regimen", Text(f"{entry.label} ({entry.id})"))
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
        grid.add_row("Data", Text(f"regimens from {result.regimens_file} (not the shipped file)", style="magenta"))
    return _panel(grid, result, result.dose_class, CLASS_STYLES.get(result.dose_class, "white").split()[-1])


def _panel(body: Table, result: Result, title: str, colour: str) -> Panel:
    reminder = Text(REMINDER, style="italic dim")
    return Panel(Group(body, Text(""), reminder), title=f"ldnclass: {title}", border_style=colour, box=box.ROUNDED)


def _range(band: Band) -> str:
    return f" ({band.daily_dose_mg.describe()})" if band.daily_dose_mg else ""


def _add_content(grid: Table, entry: Entry, band: Band) -> None:
    _add_list(grid, "Mechanism", entry.mechanism)
    status = entry.fda_status
    fda = Text(status.summary)
    for approval in status.approvals:
        fda.append(f"\n• {approval.use} (since {approval.since})")
    grid.add_row("FDA status", fda)
    effects = [e.effect + (f": {e.frequency}" if e.frequency else "") for e in entry.adverse_effects]
    _add_list(grid, "Adverse effects", effects)
    notes = list(entry.notes) + (list(band.notes) if entry is not band else [])
    _add_list(grid, "About", list(dict.fromkeys(notes)))


def _add_list(grid: Table, label: str, lines: tuple[str, ...] | list[str], style: str = "") -> None:
    if lines:
        grid.add_row(label, Text("\n".join(f"• {line}" for line in lines), style=style))


def regimens_table(regimens: Regimens) -> Table:
    table = Table(title=f"Bands and regimens (reviewed {regimens.reviewed})", box=box.SIMPLE_HEAVY)
    for column in ("id", "kind", "class", "route", "daily dose", "FDA status"):
        table.add_column(column, overflow="fold")
    for band in regimens.bands:
        table.add_row(
            band.id,
            "band",
            _styled_class(band.dose_class),
            band.route,
            band.daily_dose_mg.describe() if band.daily_dose_mg else "not a daily oral dose",
            _fda_short(band),
        )
    for regimen in regimens.regimens:
        table.add_row(
            regimen.id,
            f"regimen of {regimen.band}",
            _styled_class(regimen.dose_class),
            regimen.route,
            ", ".join(s.label for s in regimen.schedules),
            _fda_short(regimen),
        )
    return table


def _styled_class(dose_class: str) -> Text:
    return Text(dose_class, style=CLASS_STYLES.get(dose_class, ""))


def _fda_short(entry: Entry) -> str:
    return ("approved: " if entry.fda_status.approved else "not approved: ") + entry.fda_status.summary
