"""How results are shown: the rich views for a person at a terminal, and, in one table
(:data:`WRITERS`), the writer of each ``classify`` format. Rich loads only with the first view.

Two rules keep a terminal safe from what it shows. Every string from the data file or
the user goes into a rich ``Text``, never into a markup string, so ``[/bold]`` in a label
is printed as written. And every such string passes through :func:`printable`, so an
escape sequence in a dose text (``ESC [2J``) is shown, not obeyed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from enum import Enum
from fractions import Fraction
from typing import IO, TYPE_CHECKING, NamedTuple

from ldnclass.patterns import LazyPattern

if TYPE_CHECKING:  # rich loads with the first view, so printable() alone costs no rich import
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.panel import Panel
    from rich.segment import Segment
    from rich.table import Table
    from rich.text import Text

    from ldnclass.regimens import Band, Entry, Regimens
    from ldnclass.result import Result

CLASS_STYLES = {"LDN": "bold green", "HDN": "bold blue", "out-of-range": "bold yellow"}
REMINDER = "Decision support, not a prescription: check the dose against the patient and the label."

# What a terminal may obey or reorder rather than show: C0 controls (tab and newline too),
# DEL, C1 controls (U+009B is a one-character CSI), the line and paragraph separators,
# and the bidirectional marks, embeddings, overrides and isolates ("Trojan Source").
_UNPRINTABLE = LazyPattern("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
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


def headline(result: Result) -> Text:
    """Class and label status together: ``LDN · off-label, compounded``. The class word is
    coloured by its safety meaning: red outside the label, calm for a labeled or topical product."""
    from rich.text import Text

    assert result.dose_class is not None
    # "Topical": the oral classes do not apply to a cream
    not_oral = result.label_status == "not-applicable" and result.route
    shown = result.route.capitalize() if not_oral and result.route else result.dose_class
    text = Text(printable(shown), style=headline_style(result))
    if result.label_summary:
        text.append(printable(f" · {result.label_summary}"), style="default")
    return text


def headline_style(result: Result) -> str:
    if result.label_status == "outside-label":
        return "bold red"
    if result.dose_class == "out-of-range" and result.label_status in ("labeled", "not-applicable"):
        return "bold cyan"  # a labeled Contrave dose or a cream: information, not an alarm
    return CLASS_STYLES.get(result.dose_class or "", "bold")


def result_panel(
    result: Result,
    regimens: Regimens,
    details: bool = False,
    context: str | None = None,
    details_hint: str = "add --details",
) -> RenderableType:
    """The answer for one dose. By default one screen (80×24): the input, how it was read,
    the class with its label status, the band, the two or three warnings that matter most,
    and a pointer to the details. ``details=True`` adds mechanism, FDA status, adverse
    effects, notes and sources (each URL on a line of its own, never broken)."""
    view = _View(result, regimens, context, details_hint)
    if details:
        return _Capped(lambda level, width: view.panel(level, width, details=True))
    return _Capped(lambda level, width: view.panel(level, width, details=False), max_rows=SCREEN_ROWS)


def show_result(
    console: Console,
    result: Result,
    regimens: Regimens,
    details: bool = False,
    context: str | None = None,
    details_hint: str = "add --details",
) -> None:
    """Print the panel; with ``details``, the sources under it. Sources are printed with
    soft wrapping: a long URL stays one line that the terminal wraps, so it stays clickable."""
    console.print(result_panel(result, regimens, details, context, details_hint))
    if details and result.ok:
        console.print(_View(result, regimens, context, details_hint).sources(), soft_wrap=True)


SCREEN_ROWS = 24  # a default panel fits an 80×24 terminal with the prompt line
MAX_WIDTH = 100  # on a wide terminal, lines stay short enough to read
LEVELS = 4  # how far a default panel may be trimmed to fit


class _Capped:
    """A panel at most ``MAX_WIDTH`` wide, trimmed level by level until it fits ``max_rows``."""

    def __init__(self, build: Callable[[int, int], Panel], max_rows: int | None = None) -> None:
        self.build = build
        self.max_rows = max_rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Panel | Segment]:
        from rich.segment import Segment

        width = min(options.max_width, MAX_WIDTH)
        capped = options.update(width=width)
        for level in range(LEVELS):
            panel = self.build(level, width)
            if self.max_rows is None:
                yield panel
                return
            lines = console.render_lines(panel, capped, pad=False)
            if len(lines) <= self.max_rows or level == LEVELS - 1:
                # The lines that were measured are the ones printed: a panel is drawn once, not
                # twice (drawing is most of a further dose's time at the prompt).
                for line in lines:
                    yield from line
                    yield Segment.line()
                return


class _View:
    """What one result shows, at a level of detail (0 = all that fits, higher = trimmed)."""

    def __init__(self, result: Result, regimens: Regimens, context: str | None, details_hint: str) -> None:
        self.result = result
        self.regimens = regimens
        self.context = context
        self.details_hint = details_hint

    def panel(self, level: int, width: int, details: bool) -> Panel:
        from rich.text import Text

        result = self.result
        grid = _LabelledRows()
        grid.add_row("Input", _text(result.input))
        if not result.ok:
            assert result.error is not None
            grid.add_row("Error", _text(f"{result.error.message}  [{result.error.code}]", style="bold red"))
            return _panel(grid, Text("could not be classified", style="bold red"), "red", level, width)
        assert result.band is not None
        band = self.regimens.band(result.band)
        entry = self.entry()
        grid.add_row("Read as", _lines([_plain_numbers(line) for line in result.arithmetic]))
        if result.steps:
            grid.add_row("Steps", _timeline(result, 8 if details else (8, 6, 4, 3)[level]))
        grid.add_row("Class", headline(result))
        grid.add_row("Band", _text(f"{band.id}: {band.label}" + _range(band)))
        if result.regimen and (details or level < 2):
            grid.add_row("Regimen", _text(f"{entry.label} ({entry.id})"))
        warnings = self.warnings()
        shown_warnings = len(warnings) if details else (3, 3, 2, 1)[level]
        _add_list(grid, "Warnings", _capped(warnings, shown_warnings), style="bold yellow")
        assumptions = list(result.assumptions)
        _add_list(grid, "Assumed", _capped(assumptions, len(assumptions) if details else (2, 1, 1, 0)[level]), "yellow")
        notes = self.notes()
        _add_list(grid, "Notes", _capped(notes, len(notes) if details else (2, 1, 0, 0)[level]))
        if details:
            self.add_details(grid)
        elif self.context_notes() and level < 2:
            _add_list(grid, self.context.capitalize() if self.context else "", _capped(self.context_notes(), 2))
        if result.regimens_file:
            grid.add_row("Data", _text(f"regimens from {result.regimens_file} (not the shipped file)", style="magenta"))
        if not details:
            hint = f"{self.details_hint} for mechanism, FDA status, adverse effects, sources"
            grid.add_row("More", Text(printable(hint), style="dim"))
        colour = headline_style(result).split()[-1]
        return _panel(grid, Text("ldnclass"), colour, level, width)

    def entry(self) -> Entry:
        if self.result.regimen:
            return self.regimens.regimen(self.result.regimen)
        assert self.result.band is not None
        return self.regimens.band(self.result.band)

    def entries(self) -> list[Entry]:
        """The regimen, and its band only when the regimen is the band's own default
        (LDN, 50 mg tablets): a product's panel shows that product's content alone."""
        assert self.result.band is not None
        band = self.regimens.band(self.result.band)
        entry = self.entry()
        own_band = band.default_regimen == entry.id and band.daily_dose_mg is not None
        return [entry, band] if entry is not band and own_band else [entry]

    def warnings(self) -> list[str]:
        """The entry's first key warning (opioid co-use, for a systemic dose), then what the
        reading found, then the entry's other key warnings."""
        key = list(self.entry().key_warnings)
        return list(dict.fromkeys([*key[:1], *self.result.warnings, *key[1:]]))

    def notes(self) -> list[str]:
        entry = self.entry()
        split = getattr(entry, "split_dose_note", None)
        per_day = self.result.doses_per_day
        first = [split] if split and per_day is not None and per_day > 1 else []
        return list(dict.fromkeys([*first, *self.result.notes]))

    def context_notes(self) -> list[str]:
        return [note.text for entry in self.entries() for note in entry.context_notes if note.context == self.context]

    def add_details(self, grid: _LabelledRows) -> None:
        entries = self.entries()
        _add_list(grid, "Mechanism", list(dict.fromkeys(m for e in entries for m in e.mechanism)))
        status = entries[0].fda_status
        fda = _lines([status.summary, *(f"• {a.use} (since {a.since})" for a in status.approvals)])
        grid.add_row("FDA status", fda)
        effects = [e.effect + (f": {e.frequency}" if e.frequency else "") for e in entries[0].adverse_effects]
        _add_list(grid, "Adverse effects", effects)
        _add_list(grid, "About", list(dict.fromkeys(n for e in entries for n in e.notes)))
        if self.context:
            _add_list(grid, self.context.capitalize(), self.context_notes())

    def sources(self) -> RenderableType:
        """Sources under the panel: each URL whole on a line of its own (never wrapped or
        cut), so a terminal keeps it clickable."""
        from rich.console import Group
        from rich.style import Style
        from rich.text import Text

        lines: list[RenderableType] = [Text("Sources", style="bold")]
        seen = dict.fromkeys((s.citation, s.url) for e in self.entries() for s in e.sources)
        for citation, url in seen:
            lines.append(_text(f"• {citation}", style="dim"))
            shown = printable(url)
            link = Style(link=url) if shown == url else Style()
            lines.append(Text(f"  {shown}", style=link))
        return Group(*lines)


def _capped(lines: list[str], limit: int) -> list[str]:
    """The first ``limit`` lines: the rest are one ``--details`` away (the panel says so)."""
    return lines[:limit]


def _timeline(result: Result, max_rows: int) -> Table:
    """A titration as step, days, mg/day and band; the days only when step durations are written."""
    from rich import box
    from rich.table import Table

    show_days = any(step.duration_days is not None for step in result.steps)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False)
    table.add_column("step", justify="right")
    if show_days:
        table.add_column("days")
    table.add_column("mg/day", justify="right")
    table.add_column("band", overflow="fold")
    rows = _timeline_rows(result.steps, show_days)
    if len(rows) > max_rows:
        head = max(max_rows - 2, 1)
        rows = [*rows[:head], ["…", *(["…"] if show_days else []), "…", f"{len(rows) - head - 1} more steps"], rows[-1]]
    for row in rows:
        table.add_row(*(printable(cell) for cell in row))
    return table


def _timeline_rows(steps: tuple[Result, ...], show_days: bool) -> list[list[str]]:
    from ldnclass.display import format_mg

    rows: list[list[str]] = []
    day: Fraction | None = Fraction(1)
    for number, step in enumerate(steps, 1):
        days = ""
        if show_days:
            if day is None:
                days = "then"
            elif step.duration_days is not None:
                last = day + step.duration_days - 1
                days = f"{format_mg(day)}–{format_mg(last)}" if last != day else f"{format_mg(day)}"
            else:
                days = f"from {format_mg(day)}"
            day = None if day is None or step.duration_days is None else day + step.duration_days
        mg = _number(step.daily_dose_mg) if step.daily_dose_mg is not None else "–"
        band = f"{step.band}" + (f" ({step.regimen})" if step.regimen and step.band != steps[-1].band else "")
        rows.append([str(number), *([days] if show_days else []), mg, band])
    return rows


def _number(value: Fraction) -> str:
    """A number for a table: exact when short, else ≈ with two decimals (≈ 7.14)."""
    from ldnclass.display import format_mg

    shown = format_mg(value)
    return f"≈ {_two_places(shown[1:])}" if shown.startswith("≈") else shown


def _two_places(number: str) -> str:
    from decimal import ROUND_HALF_EVEN, Decimal

    rounded = Decimal(number).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return format(rounded.normalize(), "f")


_APPROX = LazyPattern(r"(?:= )?≈(-?\d+(?:\.\d+)?)")


def _plain_numbers(line: str) -> str:
    """``= ≈7.1429 mg/day`` → ``≈ 7.14 mg/day``: no float noise in what a person reads."""
    return _APPROX.sub(lambda match: f"≈ {_two_places(match.group(1))}", line)


def _panel(body: _LabelledRows, title: Text, colour: str, level: int, width: int) -> Panel:
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    body.fit(width - PANEL_FRAME)
    reminder = Text(REMINDER, style="italic dim")
    parts: list[RenderableType] = [body, Text(""), reminder] if level < LEVELS - 1 else [body, reminder]
    return Panel(Group(*parts), title=title, title_align="left", border_style=colour, box=box.ROUNDED, width=width)


PANEL_FRAME = 4  # a panel's two borders and its padding of one on each side
COLUMN_GAP = 2  # the grid's padding between the labels and the values


class _LabelledRows:
    """A label and its value on each row, the value wrapped beside its label: what a two-column
    ``Table.grid`` draws, byte for byte, at four fifths of its cost (drawing is most of a further
    dose's time at the prompt). The widths are given, never measured: the labels' longest, and
    the rest of the panel for the values."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, RenderableType]] = []
        self.label_width = self.value_width = 1

    def add_row(self, label: str, value: RenderableType) -> None:
        self.rows.append((label, value))

    def fit(self, width: int) -> None:
        from rich.cells import cell_len

        self.label_width = max((cell_len(label) for label, _ in self.rows), default=0)
        self.value_width = max(width - self.label_width - COLUMN_GAP, 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        from rich.segment import Segment
        from rich.style import Style
        from rich.text import Text

        # As the grid drew them: left-justified (each line padded in its text's style), the labels
        # bold and never wrapped, the values folded where a word is longer than the column.
        label_options = options.update(
            width=self.label_width, justify="left", no_wrap=True, overflow="ellipsis", height=None, highlight=False
        )
        value_options = options.update(
            width=self.value_width, justify="left", no_wrap=False, overflow="fold", height=None, highlight=False
        )
        bold = console.get_style("bold")
        gap, blank = Segment(" " * COLUMN_GAP, bold), Segment(" " * (self.label_width + COLUMN_GAP), bold)
        for label, value in self.rows:
            label_lines = console.render_lines(Text(label), label_options, style=bold, pad=False)
            value_lines = console.render_lines(value, value_options, style=Style(), pad=False)
            height = max(len(label_lines), len(value_lines))
            for index, line in enumerate(Segment.set_shape(value_lines, self.value_width, height, style=Style())):
                if index < len(label_lines):
                    yield from label_lines[index]
                    yield gap
                else:
                    yield blank
                yield from line
                yield Segment.line()


def _range(band: Band) -> str:
    return f", {band.daily_dose_mg.describe()}" if band.daily_dose_mg else ""


def _lines(lines: tuple[str, ...] | list[str], style: str = "") -> Text:
    """One line of text per item: a newline inside an item is shown as \\n, not obeyed."""
    from rich.text import Text

    return Text("\n".join(printable(line) for line in lines), style=style)


def _add_list(grid: _LabelledRows, label: str, lines: tuple[str, ...] | list[str], style: str = "") -> None:
    if lines:
        grid.add_row(label, _lines([f"• {line}" for line in lines], style=style))


def regimens_table(regimens: Regimens) -> Table:
    from rich import box
    from rich.table import Table

    title = f"Bands and regimens (checked against sources {regimens.reviewed})"
    table = Table(title=_text(title), box=box.SIMPLE_HEAVY)
    for column in ("id", "kind", "class", "route", "daily dose", "label status", "FDA status"):
        table.add_column(column, overflow="fold")
    for band in regimens.bands:
        table.add_row(
            _text(band.id),
            _text("band"),
            _styled_class(band.dose_class),
            _text(band.route),
            _text(band.daily_dose_mg.describe() if band.daily_dose_mg else "not a daily oral dose"),
            _text(band.label_status.status),
            _fda_short(band),
        )
    for regimen in regimens.regimens:
        table.add_row(
            _text(regimen.id),
            _text(f"regimen of {regimen.band}"),
            _styled_class(regimen.dose_class),
            _text(regimen.route),
            _text(", ".join(s.label for s in regimen.schedules)),
            _text(regimen.label_status.status),
            _fda_short(regimen),
        )
    return table


def _styled_class(dose_class: str) -> Text:
    return _text(dose_class, style=CLASS_STYLES.get(dose_class, ""))


def _fda_short(entry: Entry) -> Text:
    return _text(("approved: " if entry.fda_status.approved else "not approved: ") + entry.fda_status.summary)


class ClassifyFormat(str, Enum):
    """``classify --format``."""

    PANEL = "panel"  # for a person: the panel (an unclassifiable dose's on stderr)
    JSON = "json"  # the result object; indented on a terminal, one line per dose on a pipe
    JSONL = "jsonl"  # the result object, always one line per dose
    TSV = "tsv"  # a header row, then a row per dose: TABLE_COLUMNS
    CSV = "csv"  # the same columns as CSV, formula cells escaped for spreadsheets
    FHIR = "fhir"  # the dose as FHIR R4 Dosages: one JSON array per dose


class RegimensFormat(str, Enum):
    """``regimens --format``."""

    TABLE = "table"
    JSON = "json"
    YAML = "yaml"  # the data file itself, to start a site's copy


class Output(NamedTuple):  # NamedTuples here: defined in ~0.07 ms at start-up, a frozen dataclass ~0.5
    """Where and how results are written: the stream, whether it is a terminal, and what a
    panel needs (a console maker, the data, the details wanted)."""

    out: IO[str]
    is_terminal: bool
    console: Callable[[bool], Console]  # stderr? → a console
    regimens: Regimens
    details: bool = False
    context: str | None = None


ResultWriter = Callable[["Result"], None]


def table_columns() -> list[str]:
    """The TSV and CSV header of ``classify``: the input, the batch CSV's result columns
    (``fields.RESULT_FIELDS``, without their prefix)."""
    from ldnclass.fields import fields_for

    return ["input", *(field.name for field in fields_for(has_supply=False))]


def _table_cells(result: Result) -> list[tuple[str, bool]]:
    """Each cell of the row, and whether it is a number (never formula-escaped)."""
    from ldnclass.fields import fields_for, plain

    cells = [(result.input, False)]
    cells += [(plain(field, result), field.kind == "number") for field in fields_for(has_supply=False)]
    return cells


def _panel_writer(output: Output) -> ResultWriter:
    def write(result: Result) -> None:
        show_result(output.console(not result.ok), result, output.regimens, output.details, output.context)

    return write


def _json_writer(output: Output, indent: int | None) -> ResultWriter:
    def write(result: Result) -> None:
        output.out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=indent) + "\n")

    return write


def _tsv_writer(output: Output) -> ResultWriter:
    # printable() escapes tabs and line breaks (as \t, \n), so a row is always one line of its columns
    output.out.write("\t".join(table_columns()) + "\n")

    def write(result: Result) -> None:
        output.out.write("\t".join(printable(cell) for cell, _ in _table_cells(result)) + "\n")

    return write


def _csv_writer(output: Output) -> ResultWriter:
    from ldnclass.csvio import csv_cell

    output.out.write(",".join(table_columns()) + "\n")

    def write(result: Result) -> None:
        cells = (cell if number else csv_cell(cell, ",", True) for cell, number in _table_cells(result))
        output.out.write(",".join(cells) + "\n")

    return write


def _fhir_writer(output: Output) -> ResultWriter:
    from ldnclass.fhir import dosages

    indent = 2 if output.is_terminal else None

    def write(result: Result) -> None:
        output.out.write(json.dumps(dosages(result), ensure_ascii=False, indent=indent) + "\n")

    return write


WRITERS: dict[ClassifyFormat, Callable[[Output], ResultWriter]] = {
    ClassifyFormat.PANEL: _panel_writer,
    ClassifyFormat.JSON: lambda output: _json_writer(output, 2 if output.is_terminal else None),
    ClassifyFormat.JSONL: lambda output: _json_writer(output, None),
    ClassifyFormat.TSV: _tsv_writer,
    ClassifyFormat.CSV: _csv_writer,
    ClassifyFormat.FHIR: _fhir_writer,
}


def result_writer(chosen: ClassifyFormat, output: Output) -> ResultWriter:
    """The one dispatch from a format to its writer (a header, if it has one, is written now)."""
    return WRITERS[chosen](output)


def regimens_text(regimens: Regimens, chosen: RegimensFormat, is_terminal: bool) -> str | None:
    """What ``regimens`` prints for a data format; None for the table, which a console draws."""
    if chosen is RegimensFormat.JSON:
        return regimens.model_dump_json(by_alias=True, indent=2 if is_terminal else None) + "\n"
    if chosen is RegimensFormat.YAML:
        from pathlib import Path

        from ldnclass.regimens import default_regimens_path

        path = default_regimens_path() if regimens.is_default else Path(regimens.path)
        return path.read_text(encoding="utf-8")
    return None
