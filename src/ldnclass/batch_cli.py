"""``ldnclass batch``: the command around :mod:`ldnclass.batch`.

Only typer and the standard library load with this module (``ldnclass --help`` stays
light); the core, pint and rich load inside the command. The options it shares
with ``classify`` come from ``commands.py``.
"""

from __future__ import annotations

import io
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, TypeVar, cast

import typer

from ldnclass.columns import GUESSED_NAMES, OPTIONS
from ldnclass.commands import (
    DebugOption,
    RegimensOption,
    Terminated,
    console,
    environment,
    load,
    raise_terminated,
    silence_broken_pipe,
    work_begins,
)
from ldnclass.errors import ExitCode, InputFileError, UsageError

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table

    from ldnclass.batch import Batch, Outcome, Summary
    from ldnclass.csvio import Source
    from ldnclass.regimens import Regimens

TABLE_CHUNK_ROWS = 200  # rows per rich table: a table is drawn only once its rows are known
TABLE_DOSE_CHARS = 500  # a longer dose cell is cut short in the table (it is a too-long error anyway)


class BatchFormat(str, Enum):
    CSV = "csv"
    JSONL = "jsonl"
    TABLE = "table"
    FHIR = "fhir"  # JSON lines of FHIR R4 Dosages
    PARQUET = "parquet"  # Parquet in, Parquet out (-o FILE): ldnclass.parquet


class FailOn(str, Enum):
    """Which rows make the exit code 1."""

    ERROR = "error"  # a row that could not be classified
    OUT_OF_RANGE = "out-of-range"  # ... or one classified out-of-range
    NEVER = "never"


def _guesses(role: str) -> str:
    """The header names a role's column is guessed from, for the help."""
    return ", ".join(GUESSED_NAMES[role])


def batch(
    file: Annotated[
        str | None,
        typer.Argument(help="A CSV file (.gz is unpacked); - or nothing reads stdin.", show_default=False),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.", show_default=False)
    ] = None,
    column: Annotated[
        str | None,
        typer.Option(
            "--column",
            "-c",
            help=f"The dose (sig) column: a header name or a 1-based number. Default: the first of {_guesses('dose')}.",
            show_default=False,
        ),
    ] = None,
    frequency_column: Annotated[
        str | None,
        typer.Option(
            "--frequency-column", help='A column such as "qhs", read after the dose text.', show_default=False
        ),
    ] = None,
    route_column: Annotated[
        str | None,
        typer.Option(
            "--route-column", help='A column with each row\'s route ("po", "IM", "topical").', show_default=False
        ),
    ] = None,
    weight_column: Annotated[
        str | None,
        typer.Option(
            "--weight-column", help="A column with each row's body weight in kg, for per-kg doses.", show_default=False
        ),
    ] = None,
    product_column: Annotated[
        str | None,
        typer.Option(
            "--product-column",
            help="The medication column (a text such as 'naltrexone 50 mg tablet', or an RxCUI or NDC). "
            f"Default: the first of {_guesses('product')}.",
            show_default=False,
        ),
    ] = None,
    quantity_column: Annotated[
        str | None,
        typer.Option(
            "--quantity-column",
            help=f"The quantity dispensed (units, mL of a liquid, g of a powder). Default: {_guesses('quantity')}.",
            show_default=False,
        ),
    ] = None,
    days_supply_column: Annotated[
        str | None,
        typer.Option(
            "--days-supply-column", help=f"The days' supply. Default: {_guesses('days_supply')}.", show_default=False
        ),
    ] = None,
    id_column: Annotated[
        str | None,
        typer.Option(
            "--id-column",
            help="A column the table view shows to find the row by. Default: the first column.",
            show_default=False,
        ),
    ] = None,
    no_header: Annotated[bool, typer.Option("--no-header", help="The first line is data (give --column N).")] = False,
    output_format: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="csv, jsonl, table, fhir (JSON lines of FHIR R4 Dosages), or parquet (from a .parquet FILE to -o). "
            "Default: parquet for a .parquet FILE, else table on a terminal, else csv.",
            show_default=False,
        ),
    ] = None,
    prefix: Annotated[str, typer.Option("--prefix", help="Prefix of the result columns' names in CSV.")] = "ldn_",
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter", "-d", help="The input's delimiter (, ; | or tab). Default: sniffed from the header."
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="The input's encoding, e.g. cp1252 or latin-1 (bad bytes become U+FFFD). Default: UTF-8, "
            "with or without a BOM, where a bad byte is an error.",
            show_default=False,
        ),
    ] = None,
    no_escape_formulas: Annotated[
        bool,
        typer.Option("--no-escape-formulas", help="Write cells starting with = + - @ as they are (unsafe in Excel)."),
    ] = False,
    show_summary: Annotated[
        bool, typer.Option("--summary", help="Counts per class and error code on stderr (always on a terminal).")
    ] = False,
    cache_size: Annotated[
        int,
        typer.Option(
            "--cache-size",
            min=0,
            max=10_000_000,
            help="Distinct dose texts remembered, least recently used out first (0: none). 200,000 stay within 100 MB.",
        ),
    ] = 200_000,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            min=1,
            max=256,
            help="Processes classifying new dose texts, for csv and jsonl output (the order and every row "
            "are kept). Worth it when most texts are distinct.",
        ),
    ] = 1,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            case_sensitive=False,
            help="Exit 1 when a row could not be classified (error), also when one is out-of-range, or never.",
        ),
    ] = FailOn.ERROR,
    regimens_path: RegimensOption = None,
    debug: DebugOption = False,
) -> None:
    """Classify the dose column of a CSV (or Parquet) export: every row out, in order.

    Each row comes out once, its cells unchanged and in order, then the result
    columns, named with --prefix (default ldn_): {columns}. A record's product
    (text or code), quantity and days' supply columns are read with its sig, and
    the supply's mg/day is checked against the sig's. The exit code is 1 if a row
    could not be classified: --fail-on changes that.

    \b
    Examples:
      ldnclass batch prescriptions.csv -o classified.csv
      zcat export.csv.gz | ldnclass batch --column Sig --format jsonl
      ldnclass batch audit.csv --fail-on out-of-range --summary > /dev/null
      ldnclass batch export.csv --product-column Medication --column Sig -f table
      ldnclass batch claims.parquet -o classified.parquet
    """
    env = environment()
    from ldnclass.batch import Batch, BatchOptions
    from ldnclass.csvio import open_input

    regimens = load(regimens_path)
    work_begins()
    if output_format is BatchFormat.PARQUET or (file is not None and file.lower().endswith(".parquet")):
        given = {
            "dose": column,
            "product": product_column,
            "quantity": quantity_column,
            "days_supply": days_supply_column,
            "frequency": frequency_column,
            "route": route_column,
            "weight": weight_column,
        }
        _batch_parquet(file, output, given, regimens, prefix, show_summary, fail_on)
    to_terminal = (output is None or str(output) == "-") and env.stdout_isatty
    chosen = output_format or (BatchFormat.TABLE if to_terminal else BatchFormat.CSV)
    options = BatchOptions(
        column=column,
        frequency_column=frequency_column,
        route_column=route_column,
        weight_column=weight_column,
        product_column=product_column,
        quantity_column=quantity_column,
        days_supply_column=days_supply_column,
        id_column=id_column,
        header=not no_header,
        encoding=encoding,
        delimiter=delimiter,
        prefix=prefix,
        escape_formulas=not no_escape_formulas,
        raise_unexpected=debug,
        output=chosen.value,
        cache_size=cache_size,
        jobs=jobs,
    )
    with _ended_by_signals(output), open_input(file) as source:
        _refuse_writing_onto(source, output)
        job = Batch(source.stream, options, regimens, name=source.name)
        _say_what_was_chosen(job)
        show_progress = env.stderr_isatty and source.size is not None and not to_terminal
        with _opened_output(output) as out, _progress(source, show_progress) as on_chunk:
            _write(job, chosen, out, on_chunk)
            source.check_read_whole()  # before an -o file is put in place
    if show_summary or env.stderr_isatty:
        console(stderr=True, env=env).print(_summary_table(job.summary))
    raise typer.Exit(_exit_code(job.summary.unclassified, job.summary.out_of_range, fail_on))


def _result_columns() -> str:
    """The result columns for the help, from the one table of fields (``fields.RESULT_FIELDS``)."""
    from ldnclass.fields import fields_for

    always = ", ".join(field.name for field in fields_for(has_supply=False))
    supply = ", ".join(field.name for field in fields_for(has_supply=True) if field.needs_supply)
    return f"{always}, and {supply} with quantity and days' supply columns" if supply else always


batch.__doc__ = (batch.__doc__ or "").replace("{columns}", _result_columns())

GUESSED_WORDS = {
    "dose": "doses",
    "product": "the product",
    "quantity": "the quantity",
    "days_supply": "the days' supply",
}


def _batch_parquet(
    file: str | None,
    output: Path | None,
    given: dict[str, str | None],
    regimens: Regimens,
    prefix: str,
    show_summary: bool,
    fail_on: FailOn,
) -> None:
    """Parquet in, Parquet out (ldnclass.parquet): typed result columns, a batch at a time, -o
    replaced only when complete. Ends the command (typer.Exit)."""
    from ldnclass.parquet import batch_parquet

    if file is None or file == "-" or output is None or str(output) == "-":
        raise UsageError("Parquet is read from a file and written to one: ldnclass batch in.parquet -o out.parquet")
    with _ended_by_signals(output):
        run, guessed = batch_parquet(file, output, given, regimens, prefix)
    for role, chosen in guessed:
        _say_guessed(role, chosen, verb="read")
    if show_summary or environment().stderr_isatty:
        counts = ", ".join(
            f"{name or 'not classified'} {count:,}" for name, count in sorted(run.by_class.items(), key=str)
        )
        environment().say(f"ldnclass: {run.rows:,} rows: {counts or 'none'}")
    raise typer.Exit(_exit_code(run.unclassified, run.by_class["out-of-range"], fail_on))


def _say_what_was_chosen(job: Batch) -> None:
    """Remarks on stderr (``-q`` silences them): what was guessed, and an empty input."""
    env = environment()
    if job.empty:
        env.remark("ldnclass: the input is empty: nothing to classify")
        return
    for role, column in job.guessed_columns():
        _say_guessed(role, column)
    if job.columns.dose < 0:
        env.remark("ldnclass: no sig column: each row is classified on its supply")


def _write(job: Batch, chosen: BatchFormat, out: IO[str], on_chunk: Callable[[int], None] | None) -> None:
    if chosen is BatchFormat.CSV:
        job.write_csv(out, on_chunk)
    elif chosen in (BatchFormat.JSONL, BatchFormat.FHIR):
        job.write_jsonl(out, on_chunk, fhir=chosen is BatchFormat.FHIR)
    else:
        _write_table(job, out)


def _say_guessed(role: str, column: str, verb: str = "reading") -> None:
    """A guessed column, said before the run ("reading") or, for Parquet, after it ("read")."""
    if role in GUESSED_WORDS:
        environment().remark(f"ldnclass: {verb} {GUESSED_WORDS[role]} from {column}; {OPTIONS[role]} chooses another")


def _exit_code(unclassified: int, out_of_range: int, fail_on: FailOn) -> ExitCode:
    if fail_on is FailOn.NEVER:
        return ExitCode.OK
    failed = unclassified + (out_of_range if fail_on is FailOn.OUT_OF_RANGE else 0)
    return ExitCode.UNCLASSIFIED if failed else ExitCode.OK


@contextmanager
def _ended_by_signals(output: Path | None) -> Iterator[None]:
    """SIGTERM ends the run as Ctrl-C does: whole lines written (csvio.deferred_interrupt holds
    both during a write), a word on stderr, exit 143 (130 for Ctrl-C), no traceback."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, raise_terminated) if in_main_thread else None
    to_file = output is not None and str(output) != "-"
    left = f"nothing was written to {output}" if to_file else "the output so far ends with a whole line"
    try:
        yield
    except Terminated:
        environment().say(f"ldnclass: terminated (SIGTERM): {left}; it is partial")
        raise typer.Exit(ExitCode.TERMINATED) from None
    except KeyboardInterrupt:
        environment().say(f"ldnclass: interrupted: {left}; it is partial")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _refuse_writing_onto(source: Source, output: Path | None) -> None:
    """-o naming the input (by its path, a link, or the file stdin is redirected from), or stdout
    appended to it, would destroy it and read its own output back without end."""
    if source.identity is None:
        return
    try:
        if output is not None and str(output) != "-":
            target, where = os.stat(output), f"-o {output}"
        else:
            target, where = os.fstat(sys.stdout.fileno()), "stdout"
    except (OSError, ValueError):  # no such file yet; or a test's stdout with no descriptor
        return
    if stat.S_ISREG(target.st_mode) and (target.st_dev, target.st_ino) == source.identity:
        raise UsageError(f"{where} is the input file ({source.name}): write to another file, then rename it")


@contextmanager
def _opened_output(path: Path | None) -> Iterator[IO[str]]:
    """The output as UTF-8 text with the line breaks we write (none translated)."""
    if path is not None and str(path) != "-":
        with _atomic_file(path) as handle:
            yield handle
        return
    from ldnclass.csvio import WholeWriter

    sys.stdout.flush()
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # a test's captured stdout: no descriptor
        descriptor = -1
    if descriptor >= 0:
        yield cast(IO[str], WholeWriter(descriptor))
        return
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        yield out
    finally:
        _close_stdout_wrapper(out)


@contextmanager
def _atomic_file(path: Path) -> Iterator[IO[str]]:
    """-o FILE is written to a temporary file in its folder, synced and renamed over FILE only
    when the run succeeds; on any error, Ctrl-C or SIGTERM it is deleted and FILE is left as it
    was. A FILE that is not a regular file (/dev/null, a FIFO) is written to as it is."""
    from ldnclass.csvio import WholeWriter, deferred_interrupt

    target = os.path.realpath(path)  # through a symlink: the link stays, its target is replaced
    try:
        existing: os.stat_result | None = os.stat(target)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        descriptor = _opened(lambda: os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666), path)
        try:
            yield cast(IO[str], WholeWriter(descriptor))
        finally:
            os.close(descriptor)
        return
    folder, name = os.path.split(target)
    descriptor, temporary = _opened(lambda: tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=folder), path)
    try:
        try:
            os.fchmod(descriptor, stat.S_IMODE(existing.st_mode) if existing else 0o666 & ~_umask())
            yield cast(IO[str], WholeWriter(descriptor))
            with deferred_interrupt():
                os.fsync(descriptor)
        finally:
            os.close(descriptor)
        with deferred_interrupt():
            os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


_T = TypeVar("_T")


def _opened(opener: Callable[[], _T], path: Path) -> _T:
    try:
        return opener()
    except OSError as error:
        raise InputFileError(f"cannot write {path}: {error.strerror or error}") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _close_stdout_wrapper(out: io.TextIOWrapper) -> None:
    """Flush what was written (whole lines) and let go of stdout without closing it."""
    from ldnclass.csvio import deferred_interrupt

    try:
        with deferred_interrupt():
            out.flush()
    except BrokenPipeError:
        silence_broken_pipe()
    finally:
        try:
            out.detach()
        except BrokenPipeError:
            silence_broken_pipe()


@contextmanager
def _progress(source: Source, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A bar on stderr by bytes read, for a person waiting on a file; nothing on a pipe."""
    if not enabled or not source.size:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("classifying", total=source.size)

        def update(rows: int) -> None:
            progress.update(task, completed=source.position(), description=f"{rows:,} rows")

        yield update


def _write_table(job: Batch, out: IO[str]) -> None:
    """Rows as rich tables of one fixed layout, drawn a few hundred rows at a time."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # rich would exit 1; a reader that has seen enough is not an error

    from ldnclass.csvio import deferred_interrupt

    console = PipeConsole(file=out, highlight=False, soft_wrap=False)
    layout = _TableLayout.of(job)
    # Only the shown cells of a row are kept for its table, cut short: a row may hold 1 MiB.
    rows = ((number, layout.shown(cells), outcome) for number, (cells, outcome) in enumerate(job.rows(), 1))
    first = True
    while chunk := list(islice(rows, TABLE_CHUNK_ROWS)):
        table = layout.table(chunk, show_header=first)
        with deferred_interrupt():  # whole tables only on Ctrl-C and SIGTERM
            console.print(table)
        first = False
    if first:
        console.print(layout.table([], show_header=True))


class _TableLayout:
    """What the table view shows of a row: its id (the --id-column, else the first column when
    that is not the record's own text), and what was classified, product and sig together."""

    def __init__(self, id_index: int, text_indexes: list[int], has_supply: bool) -> None:
        self.id_index, self.text_indexes, self.has_supply = id_index, text_indexes, has_supply

    @classmethod
    def of(cls, job: Batch) -> _TableLayout:
        columns = job.columns
        texts = [index for index in (columns.product, columns.dose) if index >= 0]
        id_index = columns.id
        if id_index < 0 and job.width > 1 and 0 not in texts:
            id_index = 0
        return cls(id_index, texts, columns.has_supply)

    def shown(self, cells: list[str]) -> tuple[str, str]:
        """The row's id and text as the table shows them: control characters escaped (an ESC in
        a CSV cell must not reach the terminal), and cut short."""
        row_id = _cut(cells[self.id_index]) if 0 <= self.id_index < len(cells) else ""
        text = " · ".join(_cut(cells[index]) for index in self.text_indexes if index < len(cells) and cells[index])
        return row_id, text

    def table(self, rows: list[tuple[int, tuple[str, str], Outcome]], show_header: bool) -> Table:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        from ldnclass.fields import FIELDS_BY_NAME, plain
        from ldnclass.render import CLASS_STYLES, printable

        table = Table(box=box.SIMPLE_HEAD, show_header=show_header, show_edge=False, pad_edge=False, expand=True)
        table.add_column("#", width=7, no_wrap=True)
        if self.id_index >= 0:
            table.add_column("id", width=10, overflow="fold")
        table.add_column("product · sig" if len(self.text_indexes) > 1 else "dose", ratio=2, overflow="fold")
        numbers = ["daily_dose_mg", *(["supply_daily_dose_mg"] if self.has_supply else [])]
        for name, width in (("class", 12), ("band", 10), ("mg/day", 8), *(("supply", 8),) * self.has_supply):
            table.add_column(name, width=width, no_wrap=True)
        table.add_column("warnings / error", ratio=3, overflow="fold")
        for number, (row_id, text), outcome in rows:
            result = outcome.result
            assert result is not None  # the table view keeps each row's Result
            if result.ok:
                status = Text(str(result.dose_class), style=CLASS_STYLES.get(str(result.dose_class), "bold"))
                note = Text(printable("; ".join(result.warnings)), style="yellow")
            else:
                assert result.error is not None
                status = Text("error", style="bold red")
                note = Text(printable(f"{result.error.message} [{result.error.code}]"), style="red")
            figures = [_figure(plain(FIELDS_BY_NAME[name], result)) for name in numbers]
            cells: list[str | Text] = [str(number), *([Text(row_id)] if self.id_index >= 0 else []), Text(text)]
            table.add_row(*cells, status, result.band or "", *figures, note)
        return table


def _figure(number: str) -> str:
    """A number as JSON writes it, for people: exact, or ≈ with four decimals."""
    from fractions import Fraction

    from ldnclass.display import format_mg

    return format_mg(Fraction(number)) if number else ""


def _cut(cell: str) -> str:
    from ldnclass.render import printable

    if len(cell) > TABLE_DOSE_CHARS:
        cell = cell[:TABLE_DOSE_CHARS] + f"… ({len(cell):,} characters)"
    return printable(cell)


def _summary_table(summary: Summary) -> Group:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("outcome")
    table.add_column("rows", justify="right")
    for dose_class, count in summary.classes().items():
        table.add_row(dose_class, f"{count:,}")
    for code, count in summary.errors().items():
        table.add_row(f"error: {code}", f"{count:,}", style="red")
    return Group(Text(f"ldnclass batch: {summary.rows:,} rows", style="bold"), table)
