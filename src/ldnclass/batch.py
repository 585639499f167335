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
  what makes Ctrl-C safe;
- with ``jobs`` > 1 (CSV and JSON lines), the new texts of a block are sent to worker processes
  (``pool.py``) before the block is written, and the rows go out in order as ever, each new
  text's row as soon as its outcome is back: the workers classify while this process writes.
  In CSV, the block after the one being written is read and sent too, so the workers never
  wait for the next block (an error reading it is raised when its turn comes, as without
  workers). Workers get the queries' text and give back the output form's text.
"""

from __future__ import annotations

import csv
import json
import operator
import sys
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, filterfalse
from typing import IO, TYPE_CHECKING

from ldnclass.classifier import classify
from ldnclass.columns import GUESSED_NAMES, Columns, describe, match_column, resolve_columns
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
    is_formula,
    lines_with_formula_cells,
    needs_csv_module,
    parse_delimiter,
    plain_lines,
    sniff_delimiter,
    split_line_break,
)
from ldnclass.errors import ErrorCode, InputFileError
from ldnclass.fields import ResultField, csv_cells, fields_for
from ldnclass.plain_rows import PlainRows, quoted_line_cells
from ldnclass.regimens import Regimens
from ldnclass.result import Result, ResultError

if TYPE_CHECKING:
    from ldnclass.pool import Workers

__all__ = ["Batch", "BatchOptions", "Outcome", "Summary", "match_column"]

DOSE_COLUMN_NAMES = GUESSED_NAMES["dose"]
# A dose text alone (the common case), or with the row's other cells that a record reads:
# (dose text, route, weight, product, quantity, days' supply).
Query = str | tuple[str, ...]
RESULT_COLUMNS = tuple(field.name for field in fields_for(has_supply=False))
CLASS_ORDER = {"LDN": 0, "HDN": 1, "out-of-range": 2}
RAGGED_ROW = ErrorCode.RAGGED_ROW
INTERNAL_ERROR = ErrorCode.INTERNAL_ERROR
# Distinct texts remembered. An entry is its key and one output form (~200 bytes with the dict's
# share): 200,000 stay within the 100 MB budget, and cover exports with 100,000 distinct texts.
DEFAULT_CACHE_SIZE = 200_000
CACHEABLE_CHARS = 256  # longer texts are "too-long" errors (over 200): cheap to redo, costly to keep
CHUNK_ROWS = 1_000  # lines written at a time...
CHUNK_CHARS = 1 << 20  # ... or fewer, once they hold this many characters (a record may hold 1 MiB)
JSON_CELLS = 10_000  # a wider row's JSON object is encoded this many cells at a time
POOL_MISSES = 32  # fewer new texts in a block are classified here: a trip to the workers costs more
PARALLEL_FORMS = ("csv", "jsonl")  # the forms a worker can make (the table and FHIR views keep the Result)


@dataclass(frozen=True)
class BatchOptions:
    """Which columns a batch run reads, and the options applied to every row."""

    column: str | None = None  # a header name or a 1-based number; None: guess from DOSE_COLUMN_NAMES
    frequency_column: str | None = None
    route_column: str | None = None  # a route word per row ("po", "IM", "topical"), as classify's route
    weight_column: str | None = None  # a body weight per row ("30", "30 kg"), for per-kg doses
    product_column: str | None = None  # the medication: a text or a code; None: guessed from the headers
    quantity_column: str | None = None  # the quantity dispensed; None: guessed
    days_supply_column: str | None = None  # the days' supply; None: guessed
    id_column: str | None = None  # shown in the table view so a person can find the row
    header: bool = True
    delimiter: str | None = None  # None: sniffed from the first line
    encoding: str | None = None  # None: UTF-8 (BOM or not), and an undecodable byte is an error
    prefix: str = "ldn_"
    escape_formulas: bool = True
    raise_unexpected: bool = False  # --debug: let a bug in the core surface instead of a per-row error
    output: str = "csv"  # what is written ("csv", "jsonl", "fhir", "table"): only its form is kept per text
    cache_size: int = DEFAULT_CACHE_SIZE  # distinct texts remembered, least recently used out first
    jobs: int = 1  # processes classifying new texts (CSV and JSON lines); 1: this one alone


class Outcome:
    """One dose text's result in the form the run writes, made once per distinct text and kept
    small (a cache holds hundreds of thousands): CSV cells, or a JSON object, or the Result itself
    for the views that draw from it."""

    __slots__ = ("csv_tail", "json", "key", "result")

    def __init__(self, key: str, csv_tail: str = "", json_text: str = "", result: Result | None = None) -> None:
        self.key = key  # the summary's counter: "class:LDN", "error:empty", ...
        self.csv_tail = csv_tail  # the result cells as CSV, each led by the delimiter
        self.json = json_text  # result.to_dict() as a JSON object
        self.result = result  # kept only for the table and FHIR views


# What a worker process needs to make outcomes, all plain values: the roles of a query's cells,
# whether there are supply columns, the delimiter, formula escaping, the output form.
MakerSpec = tuple[tuple[str, ...], bool, str, bool, str]


class OutcomeMaker:
    """A query's Outcome in the run's output form. Pure and small, so that a worker process
    builds the same one from its MakerSpec and gives back the very text this process would write."""

    def __init__(self, spec: MakerSpec, regimens: Regimens, raise_unexpected: bool = False) -> None:
        self.spec = spec
        self._roles, has_supply, self._delimiter, self._escape, self.form = spec
        self._fields = fields_for(has_supply)
        self._regimens = regimens
        self._raise_unexpected = raise_unexpected

    def outcome(self, query: Query) -> Outcome:
        return self.outcome_of(self.result(query))

    def result(self, query: Query) -> Result:
        given = dict(zip(self._roles, (query,) if isinstance(query, str) else query, strict=True))
        cells = {role: cell.strip() for role, cell in given.items()}
        text = given.get("dose", "")  # as it came: classify reports the text it was given
        if "frequency" in cells:
            text = _with_frequency(text, cells["frequency"])
        quantity, days = cells.get("quantity", ""), cells.get("days_supply", "")
        half = "a quantity" if quantity and not days else "a days' supply" if days and not quantity else None
        if half is not None:
            quantity = days = ""  # a supply needs both: a row with one of them is read without it, and says so
        route, weight, product = cells.get("route", ""), cells.get("weight", ""), cells.get("product", "")
        try:
            result = classify(
                text,
                self._regimens,
                route=route or None,
                weight_kg=weight or None,
                product=product or None,
                quantity=quantity or None,
                days_supply=days or None,
            )
            if half is None or not result.ok:
                return result
            # a warning, not a note: notes are no CSV column, and the row's supply figure is blank
            return result.replace(warnings=(*result.warnings, f"supply not checked: {half} alone (it needs both)"))
        except Exception as error:  # one row's bug must not cost the other million rows
            if self._raise_unexpected:
                raise
            message = f"{type(error).__name__}: {error} (a bug: please report it)"
            return Result(text, ok=False, error=ResultError(INTERNAL_ERROR, message))

    def outcome_of(self, result: Result) -> Outcome:
        code = result.error.code if result.error else "unknown"
        # One string per class or code, shared by every outcome the cache keeps.
        key = sys.intern(f"class:{result.dose_class}" if result.ok else f"error:{code}")
        if self.form == "csv":
            cells = csv_cells(self._fields, result, self._cell)
            return Outcome(key, csv_tail="".join(self._delimiter + cell for cell in cells))
        if self.form == "jsonl":
            return Outcome(key, json_text=json.dumps(result.to_dict(), ensure_ascii=False))
        return Outcome(key, result=result)

    def _cell(self, cell: str) -> str:
        return csv_cell(cell, self._delimiter, self._escape)


@dataclass
class Summary:
    """What a batch run classified: rows by class, and the unclassified."""

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
        self._touch = self._cache.move_to_end  # a hit is recent: least recently used goes first
        self._form = options.output  # the output form each cached outcome holds
        self._reader = BlockReader(stream, name, options.encoding)
        self._blocks = iter(self._reader)
        self._ahead: deque[_Ahead] = deque()  # with workers: the block after the one being written
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
        self.columns = Columns()
        self.fields: tuple[ResultField, ...] = fields_for(has_supply=False)
        self._roles: tuple[str, ...] = ("dose",)
        self._key: Callable[[list[str]], Query] = operator.itemgetter(0)
        if first_block:
            self._read_header(first_block, first_line)
        self._maker = self._new_maker()
        columns = (self.delimiter, self.width, self.dose_index if self.dose_only else -1)
        self._plain_rows = PlainRows(
            columns, self._key, self._cache, self.summary.counts, self._classify, self._odd_row, options.escape_formulas
        )
        self._workers: Workers | None = None  # started at the first block with enough new texts
        self._sent: deque[Query] = deque()  # new texts with the workers, in the order they come back ...
        self._sent_set: set[Query] = set()  # (the same, to look up)
        self._coming: deque[Iterator[tuple[str, str, str] | None]] = deque()  # ... as these outcomes
        # --debug lets a bug surface here, with its traceback; workers that failed are not tried again
        self._parallel = options.jobs > 1 and not options.raise_unexpected

    def _new_maker(self) -> OutcomeMaker:
        spec = (self._roles, self.columns.has_supply, self.delimiter, self.options.escape_formulas, self._form)
        return OutcomeMaker(spec, self._regimens, self.options.raise_unexpected)

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
        options = self.options
        given = {
            "dose": options.column,
            "product": options.product_column,
            "quantity": options.quantity_column,
            "days_supply": options.days_supply_column,
            "id": options.id_column,
            "frequency": options.frequency_column,
            "route": options.route_column,
            "weight": options.weight_column,
        }
        self.columns = resolve_columns(self.header, self.width, given)
        self.fields = fields_for(self.columns.has_supply)
        roles = ("dose", "frequency", "route", "weight", "product", "quantity", "days_supply")
        self._roles = tuple(role for role in roles if getattr(self.columns, role) >= 0)
        self._key = operator.itemgetter(*(getattr(self.columns, role) for role in self._roles))

    @property
    def dose_index(self) -> int:
        return self.columns.dose

    @property
    def dose_only(self) -> bool:
        return self.columns.dose_only

    @property
    def dose_column_guessed(self) -> bool:
        return "dose" in self.columns.guessed

    @property
    def dose_column(self) -> str:
        """The dose column as a person would name it: its header, else its number."""
        return describe(self.columns.dose, self.header)

    def guessed_columns(self) -> list[tuple[str, str]]:
        """Each role taken from the headers' names, with the column as a person would name it."""
        return [(role, describe(getattr(self.columns, role), self.header)) for role in self.columns.guessed]

    # --- classifying ---------------------------------------------------------------

    def outcome_for(self, cells: list[str]) -> Outcome:
        """The outcome of one row. A row whose length differs from the first row's is not read:
        a stray delimiter may have shifted its cells, and the dose column may hold something else."""
        if len(cells) != self.width:
            return self._ragged(len(cells))
        query = self.query(cells)
        outcome = self._cache.get(query)
        if outcome is None:
            return self._classify(query)
        self._touch(query)
        return outcome

    def query(self, cells: list[str]) -> Query:
        """What a row asks, and the cache key: its dose cell alone (the common case), or the
        cells of every column the record reads, as they came (one C-level itemgetter call)."""
        return self._key(cells)

    def _classify(self, query: Query) -> Outcome:
        if self._sent:
            landed = self._land(query)
            if landed is not None:
                return landed
        outcome = self._maker.outcome(query)
        if _cacheable(query):
            self._remember(query, outcome)
        return outcome

    def _remember(self, query: Query, outcome: Outcome) -> None:
        if self._cache and len(self._cache) >= self.options.cache_size:
            self._cache.popitem(last=False)
        if self.options.cache_size > 0:
            self._cache[self._kept(query)] = outcome

    def _kept(self, query: Query) -> Query:
        """The key as the cache keeps it: the cells that repeat across rows (the product, the
        route, the quantity …) shared, not one copy per distinct text (with 100,000 texts, ~6 MB)."""
        if isinstance(query, str):
            return query
        return tuple(
            cell if role == "dose" else sys.intern(cell) for role, cell in zip(self._roles, query, strict=True)
        )

    # --- classifying in worker processes (jobs > 1) ---------------------------------

    def _prefetch(self, queries: Iterable[Query]) -> None:
        """Send a block's new texts to the workers, before the block is written. They work ahead
        while its rows go out, and each row with a new text takes its outcome as it comes back
        (_land). What is not sent (a text too long to keep, too few new texts to be worth the
        trip) or does not come back (no workers any more) is classified here as its row goes out:
        the same output, only slower."""
        if not self._parallel or self._form not in PARALLEL_FORMS:
            return
        new = filterfalse(self._cache.__contains__, dict.fromkeys(queries))  # the C loops: every row passes
        sent = self._sent_set  # with the block before, still out: sent once
        misses = [query for query in new if query not in sent and _cacheable(query)]
        if len(misses) < POOL_MISSES:
            return
        if self._workers is None:
            from ldnclass.pool import Workers

            self._workers = Workers(self.options.jobs, self._maker.spec, self._regimens)
        elif self._workers.spec != self._maker.spec:
            return  # the form changed since they started (a library caller): keep to this process
        self._sent.extend(misses)
        self._sent_set.update(misses)
        self._coming.append(self._workers.outcomes(misses))

    def _land(self, query: Query) -> Outcome | None:
        """The outcome of a query sent to the workers, once it is back (cached, as is each one
        before it); None if it was not sent, or a worker died (then the rest is done here)."""
        if query not in self._sent_set:
            return None
        while self._sent:
            sent, done = self._sent.popleft(), self._next_outcome()
            self._sent_set.discard(sent)
            if done is None:  # a worker died, or could not start: this process classifies the rest
                self._stop_sending()
                return None
            outcome = Outcome(*done)
            self._remember(sent, outcome)
            if sent == query:
                return outcome
        return None  # not reached: the query was among those sent

    def _next_outcome(self) -> tuple[str, str, str] | None:
        while self._coming:
            for done in self._coming[0]:  # its next, if any
                return done
            self._coming.popleft()
        return None  # not reached while a query is out: each batch sent gives its outcomes, or a None

    def _stop_sending(self) -> None:
        self.close()
        self._parallel = False

    def close(self) -> None:
        """Stop the worker processes, if any were started (at the end, on Ctrl-C, on an error)."""
        self._sent.clear()
        self._sent_set.clear()
        self._coming.clear()
        workers, self._workers = self._workers, None
        if workers is not None:
            workers.close()

    def _ragged(self, count: int) -> Outcome:
        where = "padded with empty cells" if count < self.width else "its extra cells follow the result columns"
        message = f"the row has {count} cell(s) where the first row has {self.width}: not read ({where})"
        return self._maker.outcome_of(Result("", ok=False, error=ResultError(RAGGED_ROW, message)))

    def _keep(self, form: str) -> None:
        """What each cached outcome holds: the form this writer needs, and nothing more."""
        if form != self._form:
            self._form = form
            self._cache.clear()
            self._maker = self._new_maker()

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
                block = self._ahead.popleft().block() if self._ahead else next(self._blocks, None)
                if block is None:
                    return
                self._pending.extend(LINES.findall(block))

    def _next_line_number(self) -> int:
        """The number of the next line to be read: the lines given out so far, bar those not taken yet."""
        not_taken = len(self._pending) + operator.length_hint(self._current) + sum(a.lines for a in self._ahead)
        return self._reader.lines - not_taken + 1

    def _record(self, line: str) -> Record:
        text, end = split_line_break(line)
        if needs_csv_module(text):
            cells = quoted_line_cells(text, self.delimiter)  # None: the record may go on over more lines
            return self._quoted.read(line) if cells is None else (cells, text, end)
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
        names = [*self.header, *(self.options.prefix + field.name for field in self.fields)]
        bom = "\ufeff" if self.had_bom else ""
        return bom + self._csv_row(names) + self.line_break

    def write_csv(self, out: IO[str], on_chunk: Callable[[int], None] | None = None) -> Summary:
        """Every row: its cells as they came (bar formula escaping), then the result cells."""
        self._keep("csv")
        self._write_all(self._write_csv, _Chunk(out, on_chunk, self.summary))
        return self.summary

    def _write_all(self, write: Callable[[_Chunk], None], chunk: _Chunk) -> None:
        """``write`` every row; at an input error, the rows before it go out first, then the error."""
        try:
            write(chunk)
        except InputFileError:
            chunk.flush()  # whole lines, read and classified before the error: never held back
            raise
        finally:
            self.close()

    def _write_csv(self, chunk: _Chunk) -> None:
        parallel = self.options.jobs > 1
        if self.header is not None:
            chunk.add(self.csv_header())
        for record in self._first_row:
            chunk.add(self._csv_line(*record))
        while True:
            if self._pending and parallel:  # a bounded group of records, its new texts classified first
                records, stopped = _bounded(self._pending_records())
                self._prefetch(self._queries(records))
                for record in records:
                    chunk.add(self._csv_line(*record))
                if stopped is not None:
                    raise stopped
                continue
            if self._pending:  # line by line, until the lines of an unusual block are done
                chunk.add(self._csv_line(*self._record(self._pending.popleft())))
                continue
            ahead = self._next_block()
            if ahead is None:
                break
            block, plain = ahead.block(), ahead.plain
            if plain is None:
                self._pending.extend(LINES.findall(block))
                continue
            self._add_plain_block(block, *plain, chunk)
            chunk.flush()
        chunk.flush()

    def _next_block(self) -> _Ahead | None:
        """The next block. With workers, the one after it is read too and its new texts sent: the
        workers classify them while this block's rows go out, and never wait for the next block."""
        ahead = self._ahead.popleft() if self._ahead else self._read_block()
        if ahead is not None and self._parallel and ahead.error is None:
            following = self._read_block()
            if following is not None:
                self._ahead.append(following)
        return ahead

    def _read_block(self) -> _Ahead | None:
        """The reader's next block (None at the end), its plain lines' new texts sent to the workers.
        An error reading it is kept, to be raised when the rows before it are out, as without workers."""
        lines_before = self._reader.lines
        try:
            block = next(self._blocks, None)
        except InputFileError as error:
            return _Ahead("", None, 0, error)
        if block is None:
            return None
        ahead = _Ahead(block, plain_lines(block), self._reader.lines - lines_before)
        if self._parallel and ahead.plain is not None:
            self._prefetch(self._plain_queries(ahead.plain[0]))
        return ahead

    def _pending_records(self) -> Iterator[Record]:
        while self._pending:
            yield self._record(self._pending.popleft())

    def _plain_queries(self, lines: list[str]) -> Iterator[Query]:
        """The queries of a plain block's rows (bar those the csv module reads, as they are written)."""
        delimiter, width, key = self.delimiter, self.width, self._key
        for text in lines:
            cells = quoted_line_cells(text, delimiter) if '"' in text else text.split(delimiter)
            if cells is not None and len(cells) == width:
                yield key(cells)

    def _queries(self, records: list[Record]) -> Iterator[Query]:
        width, key = self.width, self._key
        return (key(cells) for cells, _, _ in records if len(cells) == width)

    def _add_plain_block(self, block: str, lines: list[str], line_break: str, chunk: _Chunk) -> None:
        """The per-row path the bench times: lines all ending alike, and for the most part one
        record each (PlainRows: _record, outcome_for and _csv_line with their common case inlined)."""
        escape = self.options.escape_formulas
        suspects = lines_with_formula_cells(block, self.delimiter, line_break) if escape else set()
        if not lines[-1]:
            lines.pop()  # the block ends with a line break (all but a file's unended last line)
        elif len(lines) == 1:
            line_break = self.line_break  # that line alone, which ends as the file's lines end
        # The csv module reads a quoted record from here, and a quoted field may go on over more lines.
        self._current, self._current_break = iter(lines), line_break
        self._plain_rows.write(self._current, line_break, suspects, chunk, CHUNK_ROWS)

    def _odd_row(self, text: str, line_break: str) -> str:
        """A plain block's line that PlainRows hands back: with a quote it could not read alone
        (the csv module reads its record, which may go on over more lines), or a row of another width."""
        if '"' in text:
            return self._csv_line(*self._quoted.read(text + line_break))
        return self._csv_line(text.split(self.delimiter), text, line_break)

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

    def write_jsonl(self, out: IO[str], on_chunk: Callable[[int], None] | None = None, fhir: bool = False) -> Summary:
        """One result object per row, with the row's cells under "row", keyed by header name.
        With ``fhir``, each line is instead the row's FHIR R4 Dosages (one per titration step;
        none when the row could not be read), its error, and its cells."""
        self._write_all(lambda chunk: self._write_jsonl(chunk, fhir), _Chunk(out, on_chunk, self.summary))
        return self.summary

    def _write_jsonl(self, chunk: _Chunk, fhir: bool) -> None:
        from ldnclass.fhir import dosages

        keys = RowKeys(self.header or [])
        narrow = keys.keys(0, self.width) if self.width <= JSON_CELLS else []
        for row, outcome in self.rows("fhir" if fhir else "jsonl"):
            if len(row) <= len(narrow):  # strict=False: a short (ragged) row has fewer cells than keys
                row_json = json.dumps(dict(zip(narrow, row, strict=False)), ensure_ascii=False)
            else:
                row_json = _wide_row_json(keys, row)
            if fhir:
                result = outcome.result
                assert result is not None  # kept for this form
                head = {"dosage": dosages(result), "error": None if result.error is None else vars(result.error)}
                chunk.add(f'{json.dumps(head, ensure_ascii=False)[:-1]}, "row": {row_json}}}\n')
            else:
                chunk.add(f'{outcome.json[:-1]}, "row": {row_json}}}\n')
        chunk.flush()

    def rows(self, form: str = "table") -> Iterator[tuple[list[str], Outcome]]:
        """Each row's cells with its outcome, counted in the summary: for the JSON and table views.
        The table view (the default ``form``) keeps each outcome's Result."""
        self._keep(form)
        counts = self.summary.counts
        records = self._records()
        if self.options.jobs > 1 and form in PARALLEL_FORMS:
            records = self._prefetched(records)
        for cells, _, _ in records:
            outcome = self.outcome_for(cells)
            counts[outcome.key] += 1
            yield cells, outcome

    def _prefetched(self, records: Iterator[Record]) -> Iterator[Record]:
        """The records in bounded groups, each group's new texts classified by the workers first."""
        try:
            while True:
                group, stopped = _bounded(records)
                self._prefetch(self._queries(group))
                yield from group
                if stopped is not None:
                    raise stopped
                if not group:
                    break
        finally:
            self.close()


class _Ahead:
    """A block read, with its plain lines (see csvio.plain_lines) and how many lines the reader
    counted in it; or the error that reading it raised."""

    __slots__ = ("_text", "error", "lines", "plain")

    def __init__(
        self, text: str, plain: tuple[list[str], str] | None, lines: int, error: InputFileError | None = None
    ) -> None:
        self._text, self.plain, self.lines, self.error = text, plain, lines, error

    def block(self) -> str:
        if self.error is not None:
            raise self.error
        return self._text


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


def _bounded(records: Iterator[Record]) -> tuple[list[Record], InputFileError | None]:
    """The next records, up to CHUNK_ROWS of them or about CHUNK_CHARS characters (a record may
    hold 1 MiB): a group whose new texts go to the workers at once. An input error reading them
    comes back with the records before it, which are written first, as without workers."""
    group: list[Record] = []
    chars = 0
    try:
        for record in records:
            group.append(record)
            chars += sum(map(len, record[0]))
            if len(group) >= CHUNK_ROWS or chars >= CHUNK_CHARS:
                break
    except InputFileError as error:
        return group, error
    return group, None


def _cacheable(query: Query) -> bool:
    """Longer texts are "too-long" errors: cheap to redo, costly to keep (and to send)."""
    return sum(map(len, (query,) if isinstance(query, str) else query)) <= CACHEABLE_CHARS


def _wide_row_json(keys: RowKeys, cells: list[str]) -> str:
    """A wide row's cells as one JSON object, encoded a slice at a time, which keeps the keys
    and the encoder's working memory small."""
    pieces = []
    for start in range(0, len(cells), JSON_CELLS):
        some = cells[start : start + JSON_CELLS]
        piece = dict(zip(keys.keys(start, start + len(some)), some, strict=True))
        pieces.append(json.dumps(piece, ensure_ascii=False))
    return "{" + ", ".join(piece[1:-1] for piece in pieces) + "}"


def _with_frequency(dose: str, frequency: str) -> str:
    """The frequency column read as if written after the dose: "4.5 mg" and "qhs"."""
    frequency = frequency.strip()
    return f"{dose.rstrip()} {frequency}" if frequency and dose.strip() else dose
