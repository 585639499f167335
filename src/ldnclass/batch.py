"""Classify a column of a delimited file, streaming: every input row out once, in order, with results.

Nothing here prints or exits, and the file is never held whole; the CLI (``batch_cli.py``)
chooses the streams and shows the summary. Exports run to millions of rows, so the per-row
path is lean, and bench/bench_batch.py measures it against a plain csv passthrough:

- results are cached per distinct dose text (a bounded cache that keeps errors too), with
  the CSV result cells and the JSON object formatted once per text, not once per row;
- the input is read in blocks of whole lines. In a block with no quote and no CR, every line
  is one record: it is split on the delimiter (what the csv module would do) and written back
  as the very text it came in as. Other blocks go line by line, through the csv module where
  a line needs it;
- whether any cell of a block may start a formula is asked once per block, not per cell;
- output is written a block (or a chunk of lines) at a time, whole lines only, which is also
  what makes Ctrl-C safe.
"""

from __future__ import annotations

import csv
import json
import operator
import re
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain
from typing import IO

from ldnclass.classifier import classify
from ldnclass.csvio import (
    LINES,
    MAX_RECORD_BYTES,
    BlockReader,
    QuotedRecords,
    Record,
    RowKeys,
    csv_cell,
    deferred_interrupt,
    end_of_first_line,
    escaped_plain_row,
    is_formula,
    lines_with_formula_cells,
    needs_csv_module,
    parse_delimiter,
    plain_lines,
    sniff_delimiter,
    split_line_break,
)
from ldnclass.errors import UsageError
from ldnclass.regimens import Regimens
from ldnclass.result import Result, ResultError, json_number

DOSE_COLUMN_NAMES = ("dose", "sig", "dose_text", "directions", "prescription")
Query = str | tuple[str, str, str]  # a dose text, or (dose text, route cell, weight cell)
RESULT_COLUMNS = (
    "class",
    "band",
    "regimen",
    "dose_mg",
    "doses_per_day",
    "daily_dose_mg",
    "warnings",
    "error_code",
    "error",
    # Added after the nine the issue named, so that scripts reading by position keep working.
    "route",
    "daily_dose_mg_min",
    "assumptions",
)
CLASS_ORDER = {"LDN": 0, "HDN": 1, "out-of-range": 2}
RAGGED_ROW = "ragged-row"
INTERNAL_ERROR = "internal-error"
CACHE_SIZE = 10_000  # distinct dose texts; real exports repeat a few dozen
CACHEABLE_CHARS = 256  # longer texts are "too-long" errors (over 200): cheap to redo, costly to keep
CHUNK_ROWS = 1_000  # lines written at a time...
CHUNK_CHARS = 1 << 20  # ... or fewer, once they hold this many characters (a record may hold 1 MiB)
JSON_CELLS = 10_000  # a wider row's JSON object is encoded this many cells at a time
MAX_COLUMN_DIGITS = 9  # a column number longer than this is past any input's width
_COLUMN_NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class BatchOptions:
    column: str | None = None  # a header name or a 1-based number; None: guess from DOSE_COLUMN_NAMES
    frequency_column: str | None = None
    route_column: str | None = None  # a route word per row ("po", "IM", "topical"), as classify's route
    weight_column: str | None = None  # a body weight per row ("30", "30 kg"), for per-kg doses
    header: bool = True
    delimiter: str | None = None  # None: sniffed from the first line
    encoding: str | None = None  # None: UTF-8 (BOM or not), and an undecodable byte is an error
    prefix: str = "ldn_"
    escape_formulas: bool = True
    raise_unexpected: bool = False  # --debug: let a bug in the core surface instead of a per-row error


@dataclass(frozen=True)
class Outcome:
    """One dose text's result, with its output forms made once."""

    result: Result
    key: str  # the summary's counter: "class:LDN", "error:empty", ...
    csv_tail: str  # the result cells as CSV, each led by the delimiter
    json: str  # result.to_dict() as a JSON object


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def classes(self) -> dict[str, int]:
        found = self._with_prefix("class:")
        return {name: found[name] for name in sorted(found, key=lambda name: (CLASS_ORDER.get(name, 9), name))}

    def errors(self) -> dict[str, int]:
        return self._with_prefix("error:")

    @property
    def unclassified(self) -> int:
        return sum(self.errors().values())

    @property
    def out_of_range(self) -> int:
        return self.counts["class:out-of-range"]

    def _with_prefix(self, prefix: str) -> dict[str, int]:
        return {key.removeprefix(prefix): n for key, n in sorted(self.counts.items()) if key.startswith(prefix)}


class Batch:
    """One run over one input: its dialect and columns, the result cache, the counts.

    The header is read and the columns chosen here, before any output, so a usage
    error never leaves half a file behind.
    """

    def __init__(self, stream: IO[bytes], options: BatchOptions, regimens: Regimens, name: str = "stdin") -> None:
        csv.field_size_limit(MAX_RECORD_BYTES)  # over the csv module's 128 KiB: a record may hold that much
        self.options = options
        self.summary = Summary()
        self._regimens = regimens
        self._cache: OrderedDict[Query, Outcome] = OrderedDict()
        self._reader = BlockReader(stream, name, options.encoding)
        self._blocks = iter(self._reader)
        self._pending: deque[str] = deque()  # lines to go one by one, before the next block
        self._current: Iterator[str] = iter(())  # the lines left of the block being written...
        self._current_break = "\n"  # ... which all end with this
        self._lines = self._read_lines()
        first_block = next(self._blocks, "")
        self.had_bom = first_block.startswith("\ufeff")
        first_block = first_block.removeprefix("\ufeff")
        first_line = first_block[: end_of_first_line(first_block)]
        self.empty = not first_block
        self.delimiter = parse_delimiter(options.delimiter) if options.delimiter else sniff_delimiter(first_line)
        self.line_break = split_line_break(first_line)[1] or "\n"
        self._quoted = QuotedRecords(self._lines, self.delimiter, self._next_line_number, name)
        self._first_row: list[Record] = []  # a headerless first line is data, to be written first
        self.header: list[str] | None = None
        self.width = 0
        self.dose_index = self.frequency_index = self.route_index = self.weight_index = -1
        self.dose_column_guessed = False
        if first_block:
            self._read_header(first_block, first_line)

    def _read_header(self, first_block: str, first_line: str) -> None:
        if needs_csv_module(split_line_break(first_line)[0]):
            self._pending.extend(LINES.findall(first_block))
            record = self._record(self._pending.popleft())
        else:
            record = self._record(first_line)
            rest = first_block[len(first_line) :]
            self._blocks = chain([rest], self._blocks) if rest else self._blocks
        if self.options.header:
            self.header = record[0]
        else:
            self._first_row = [record]
        self.width = len(record[0])
        if self.options.column is not None:
            self.dose_index = self._column(self.options.column, "--column")
        else:
            self.dose_index = self._guess_dose_column()
            self.dose_column_guessed = True
        if self.options.frequency_column is not None:
            self.frequency_index = self._column(self.options.frequency_column, "--frequency-column")
        if self.options.route_column is not None:
            self.route_index = self._column(self.options.route_column, "--route-column")
        if self.options.weight_column is not None:
            self.weight_index = self._column(self.options.weight_column, "--weight-column")
        self.dose_only = self.frequency_index < 0 and self.route_index < 0 and self.weight_index < 0

    def _column(self, given: str, option: str) -> int:
        return match_column(given, self.header, self.width, option)

    def _guess_dose_column(self) -> int:
        if self.header is None:
            raise UsageError("with --no-header, give the dose column's 1-based number: --column N")
        names = [_normal_name(name) for name in self.header]
        for candidate in DOSE_COLUMN_NAMES:
            if candidate in names:
                return names.index(candidate)
        raise UsageError(
            f"no dose column among the headers {_shown(self.header)}: "
            f"give --column NAME or --column N (looked for {', '.join(DOSE_COLUMN_NAMES)})"
        )

    @property
    def dose_column(self) -> str:
        """The dose column as a person would name it: its header, else its number."""
        if self.header is not None:
            return f"{self.header[self.dose_index]!r} (column {self.dose_index + 1})"
        return f"column {self.dose_index + 1}"

    # --- classifying ---------------------------------------------------------------

    def outcome_for(self, cells: list[str]) -> Outcome:
        """The outcome of one row. A row whose length differs from the first row's is not read:
        a stray delimiter may have shifted its cells, and the dose column may hold something else."""
        if len(cells) != self.width:
            return self._ragged(len(cells))
        query = self.query(cells)
        return self._cache.get(query) or self._classify(query)

    def query(self, cells: list[str]) -> Query:
        """What a row asks: its dose text alone (the common case, and the cache key), or with
        its route and weight cells when those columns are given."""
        text = cells[self.dose_index]
        if self.frequency_index >= 0:
            text = _with_frequency(text, cells[self.frequency_index])
        if self.route_index < 0 and self.weight_index < 0:
            return text
        route = cells[self.route_index].strip() if self.route_index >= 0 else ""
        weight = cells[self.weight_index].strip() if self.weight_index >= 0 else ""
        return text, route, weight

    def _classify(self, query: Query) -> Outcome:
        text, route, weight = (query, "", "") if isinstance(query, str) else query
        try:
            result = classify(text, self._regimens, route=route or None, weight_kg=weight or None)
        except Exception as error:  # one row's bug must not cost the other million rows
            if self.options.raise_unexpected:
                raise
            message = f"{type(error).__name__}: {error} (a bug: please report it)"
            result = Result(text, ok=False, error=ResultError(INTERNAL_ERROR, message))
        outcome = self._outcome(result)
        if len(text) <= CACHEABLE_CHARS:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.popitem(last=False)
            self._cache[query] = outcome
        return outcome

    def _ragged(self, count: int) -> Outcome:
        where = "padded with empty cells" if count < self.width else "its extra cells follow the result columns"
        message = f"the row has {count} cell(s) where the first row has {self.width}: not read ({where})"
        return self._outcome(Result("", ok=False, error=ResultError(RAGGED_ROW, message)))

    def _outcome(self, result: Result) -> Outcome:
        code = result.error.code if result.error else "unknown"
        key = f"class:{result.dose_class}" if result.ok else f"error:{code}"
        return Outcome(result, key, self._csv_tail(result), json.dumps(result.to_dict(), ensure_ascii=False))

    def _csv_tail(self, result: Result) -> str:
        error = result.error
        texts = [result.dose_class, result.band, result.regimen]
        numbers = [result.dose_mg, result.doses_per_day, result.daily_dose_mg]
        notes = ["; ".join(result.warnings), error.code if error else "", error.message if error else ""]
        cells = [self._cell(text or "") for text in texts]
        cells += [_number_cell(number) for number in numbers]  # never escaped
        cells += [self._cell(note) for note in notes]
        cells += [self._cell(result.route or ""), _number_cell(result.daily_dose_mg_min)]
        cells += [self._cell("; ".join(result.assumptions))]
        return "".join(self.delimiter + cell for cell in cells)

    def _cell(self, cell: str) -> str:
        return csv_cell(cell, self.delimiter, self.options.escape_formulas)

    # --- reading -------------------------------------------------------------------

    def _read_lines(self) -> Iterator[str]:
        """Lines one by one, with their line breaks: the rest of the block being written, then
        those pending, then the next blocks cut into lines. (The csv module reads from here.)"""
        while True:
            line = next(self._current, None)
            if line is not None:
                yield line + self._current_break
            elif self._pending:
                yield self._pending.popleft()
            else:
                block = next(self._blocks, None)
                if block is None:
                    return
                self._pending.extend(LINES.findall(block))

    def _next_line_number(self) -> int:
        """The number of the next line to be read: the lines given out so far, bar those not taken yet."""
        not_taken = len(self._pending) + operator.length_hint(self._current)
        return self._reader.lines - not_taken + 1

    def _record(self, line: str) -> Record:
        text, end = split_line_break(line)
        if needs_csv_module(text):
            return self._quoted.read(line)
        return text.split(self.delimiter), text, end

    def _records(self) -> Iterator[Record]:
        yield from self._first_row
        for line in self._lines:
            yield self._record(line)

    # --- writing -------------------------------------------------------------------

    def csv_header(self) -> str:
        """The header line (with a BOM if the input had one), or "" for headerless input."""
        if self.header is None:
            return ""
        names = [*self.header, *(self.options.prefix + column for column in RESULT_COLUMNS)]
        bom = "\ufeff" if self.had_bom else ""
        return bom + self._csv_row(names) + self.line_break

    def write_csv(self, out: IO[str], on_chunk: Callable[[int], None] | None = None) -> Summary:
        """Every row: its cells as they came (bar formula escaping), then the result cells."""
        chunk = _Chunk(out, on_chunk, self.summary)
        if self.header is not None:
            chunk.add(self.csv_header())
        for record in self._first_row:
            chunk.add(self._csv_line(*record))
        while True:
            if self._pending:  # line by line, until the lines of an unusual block are done
                chunk.add(self._csv_line(*self._record(self._pending.popleft())))
                continue
            block = next(self._blocks, None)
            if block is None:
                break
            plain = plain_lines(block)
            if plain is None:
                self._pending.extend(LINES.findall(block))
                continue
            self._add_plain_block(block, *plain, chunk)
            chunk.flush()
        chunk.flush()
        return self.summary

    def _add_plain_block(self, block: str, lines: list[str], line_break: str, chunk: _Chunk) -> None:
        """The per-row path the bench times: lines all ending alike, and for the most part one
        record each. It is _record, outcome_for and _csv_line with their common case inlined."""
        delimiter, width, dose_index, dose_only = self.delimiter, self.width, self.dose_index, self.dose_only
        cached, counts, written, add = self._cache.get, self.summary.counts, chunk.lines, chunk.lines.append
        suspects = lines_with_formula_cells(block, delimiter, line_break) if self.options.escape_formulas else set()
        if not lines[-1]:
            lines.pop()  # the block ends with a line break (all but a file's unended last line)
        # The csv module reads a quoted record from here, and a quoted field may go on over more lines.
        self._current, self._current_break = iter(lines), line_break
        for text in self._current:
            if len(written) >= CHUNK_ROWS:  # the lines of one block are bounded: a count will do
                chunk.flush()
            if '"' in text:
                add(self._csv_line(*self._quoted.read(text + line_break)))
                continue
            cells = text.split(delimiter)
            if len(cells) != width:
                add(self._csv_line(cells, text, line_break))
                continue
            query = cells[dose_index] if dose_only else self.query(cells)
            outcome = cached(query) or self._classify(query)
            counts[outcome.key] += 1
            if suspects and text in suspects:
                text = escaped_plain_row(cells, delimiter)
            add(text + outcome.csv_tail + line_break)

    def _csv_line(self, cells: list[str], text: str | None, end: str) -> str:
        """One row as a CSV line: its text as it came when it can be, else its cells written anew.
        A ragged row is padded to the first row's width, or has its extra cells after the result
        columns, so that the result columns stay under their names."""
        outcome = self.outcome_for(cells)
        self.summary.counts[outcome.key] += 1
        end = end or self.line_break
        if len(cells) == self.width:
            if text is None or (self.options.escape_formulas and any(map(is_formula, cells))):
                text = self._csv_row(cells)
            return text + outcome.csv_tail + end
        kept, extra = cells[: self.width], cells[self.width :]
        padding = [""] * (self.width - len(kept))
        extra_text = self.delimiter + self._csv_row(extra) if extra else ""
        return self._csv_row(kept + padding) + outcome.csv_tail + extra_text + end

    def _csv_row(self, cells: list[str]) -> str:
        delimiter, escape = self.delimiter, self.options.escape_formulas
        return delimiter.join([csv_cell(cell, delimiter, escape) for cell in cells])

    def write_jsonl(self, out: IO[str], on_chunk: Callable[[int], None] | None = None) -> Summary:
        """One result object per row, with the row's cells under "row", keyed by header name."""
        chunk = _Chunk(out, on_chunk, self.summary)
        keys = RowKeys(self.header or [])
        narrow = keys.keys(0, self.width) if self.width <= JSON_CELLS else []
        for row, outcome in self.rows():
            if len(row) <= len(narrow):  # strict=False: a short (ragged) row has fewer cells than keys
                row_json = json.dumps(dict(zip(narrow, row, strict=False)), ensure_ascii=False)
            else:
                row_json = _wide_row_json(keys, row)
            chunk.add(f'{outcome.json[:-1]}, "row": {row_json}}}\n')
        chunk.flush()
        return self.summary

    def rows(self) -> Iterator[tuple[list[str], Outcome]]:
        """Each row's cells with its outcome, counted in the summary: for the JSON and table views."""
        counts = self.summary.counts
        for cells, _, _ in self._records():
            outcome = self.outcome_for(cells)
            counts[outcome.key] += 1
            yield cells, outcome


class _Chunk:
    """Output lines gathered to be written at once: at most CHUNK_ROWS lines or about
    CHUNK_CHARS characters, so memory stays bounded whatever the records hold."""

    def __init__(self, out: IO[str], on_chunk: Callable[[int], None] | None, summary: Summary) -> None:
        self._out, self._on_chunk, self._summary = out, on_chunk, summary
        self.lines: list[str] = []  # the same list throughout: a caller may hold its append
        self._chars = 0

    def add(self, line: str) -> None:
        self.lines.append(line)
        self._chars += len(line)
        if self._chars >= CHUNK_CHARS or len(self.lines) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        # Whole lines only: Ctrl-C and SIGTERM wait until this write is done.
        with deferred_interrupt():
            self._out.write("".join(self.lines))
            self._out.flush()  # a chunk at a time: rows piped in come out as they are done
        self.lines.clear()
        self._chars = 0
        if self._on_chunk is not None:
            self._on_chunk(self._summary.rows)


def _wide_row_json(keys: RowKeys, cells: list[str]) -> str:
    """A wide row's cells as one JSON object, encoded a slice at a time, which keeps the keys
    and the encoder's working memory small."""
    pieces = []
    for start in range(0, len(cells), JSON_CELLS):
        some = cells[start : start + JSON_CELLS]
        piece = dict(zip(keys.keys(start, start + len(some)), some, strict=True))
        pieces.append(json.dumps(piece, ensure_ascii=False))
    return "{" + ", ".join(piece[1:-1] for piece in pieces) + "}"


def _number_cell(number: Fraction | None) -> str:
    return "" if number is None else str(json_number(number))


def _with_frequency(dose: str, frequency: str) -> str:
    """The frequency column read as if written after the dose: "4.5 mg" and "qhs"."""
    frequency = frequency.strip()
    return f"{dose.rstrip()} {frequency}" if frequency and dose.strip() else dose


def match_column(given: str, header: list[str] | None, width: int, option: str = "--column") -> int:
    """The 0-based index a --column names: a header name (exact, else ignoring case, spaces and
    dashes), else a 1-based number of ASCII digits (``²`` is a digit to str.isdigit, not to us).
    Pure, so every odd given is a UsageError, never a traceback."""
    if header is not None:
        if given in header:
            return header.index(given)
        normal = [_normal_name(name) for name in header]
        if _normal_name(given) in normal:
            return normal.index(_normal_name(given))
    shown = _shown_name(given)
    if _COLUMN_NUMBER.fullmatch(given):
        number = int(given) if len(given) <= MAX_COLUMN_DIGITS else 0
        if 1 <= number <= width:
            return number - 1
        raise UsageError(f"{option} {shown}: the input has {width} column(s)")
    if header is None:
        raise UsageError(f"{option} {shown}: with --no-header, give the column's 1-based number")
    raise UsageError(f"{option} {shown}: no such column; the headers are {_shown(header)}")


def _shown_name(name: str, limit: int = 40) -> str:
    """A name as an error message shows it: quoted, escaped (repr) and cut short."""
    return repr(name) if len(name) <= limit else repr(name[:limit]) + f"... ({len(name):,} characters)"


def _normal_name(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _shown(header: list[str], limit: int = 12) -> str:
    shown = ", ".join(_shown_name(name) for name in header[:limit])
    return shown + (f" and {len(header) - limit} more" if len(header) > limit else "")
