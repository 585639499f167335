"""The per-row loop of ``batch`` to CSV over a plain block: the path every row of a large export
takes, compiled with the per-text path (tools/compile.py): a million rows of repeated texts took
1.44-1.50 s against 1.53-1.60 as plain Python (alternating runs).

It only looks each row's outcome up and writes its line. ``Batch`` keeps everything else: the
cache's policy, the workers, the summary, and the rows this loop hands back to it (a quoted field
still open at a line's end, whose record goes on over more lines; a row of another width).

A line with quotes whose record ends on it (most quoted rows: a sig with a comma in it, or an
export that quotes every cell) is split here too, as the csv module would split it: through the
csv module, record by record, such a row cost about 4 µs against 0.7 for a plain one, so an export
quoting every cell ran at under half the plain rate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

from ldnclass.csvio import FORMULA_STARTS, csv_cell, escaped_plain_row, is_formula

if TYPE_CHECKING:
    from collections import OrderedDict

    from ldnclass.batch import Outcome, Query


class Lines(Protocol):
    """Where output lines gather: ``flush`` writes them out and empties ``lines``."""

    lines: list[str]

    def flush(self) -> None: ...


class PlainRows:
    """One run's row writer: its columns, its cache, and what to do with a new text or an odd row."""

    def __init__(
        self,
        columns: tuple[str, int, int],
        key: Callable[[list[str]], Query],
        cache: OrderedDict[Query, Outcome],
        counts: dict[str, int],
        classify: Callable[[Query], Outcome],
        odd_row: Callable[[str, str], str],
        escape_formulas: bool,
    ) -> None:
        self._delimiter, self._width, self._dose_index = columns  # dose index -1: the key reads the record
        self._escape_formulas = escape_formulas
        self._key = key
        self._cache = cache
        self._counts = counts
        self._classify = classify
        self._odd_row = odd_row

    def write(self, lines: Iterator[str], line_break: str, suspects: set[str], out: Lines, chunk_rows: int) -> None:
        """Each line's output line into ``out``, flushed every ``chunk_rows`` lines. ``lines`` is
        the block's own iterator: a quoted record's reader takes its further lines from it."""
        delimiter, width, dose_index, key = self._delimiter, self._width, self._dose_index, self._key
        cache, counts, classify, escape = self._cache, self._counts, self._classify, self._escape_formulas
        written = out.lines
        for text in lines:
            if len(written) >= chunk_rows:  # the lines of one block are bounded: a count will do
                out.flush()
            if '"' in text:
                quoted = quoted_line_cells(text, delimiter)
                if quoted is None or len(quoted) != width:
                    written.append(self._odd_row(text, line_break))  # the csv module reads its record
                    continue
                cells = quoted
                if escape and _has_a_formula(cells):  # else its text is written as it came
                    text = delimiter.join([csv_cell(cell, delimiter, True) for cell in cells])
            else:
                cells = text.split(delimiter)
                if len(cells) != width:
                    written.append(self._odd_row(text, line_break))
                    continue
                if suspects and text in suspects:
                    text = escaped_plain_row(cells, delimiter)
            query: Query = cells[dose_index] if dose_index >= 0 else key(cells)
            outcome = cache.get(query)
            if outcome is None:
                outcome = classify(query)
            else:
                cache.move_to_end(query)  # a hit is recent: the least recently used goes first
            counts[outcome.key] += 1
            written.append(text + outcome.csv_tail + line_break)


# A longer line goes to the csv module, whose limits (a field's size) then judge it as before.
MAX_QUOTED_LINE = 1 << 16


def quoted_line_cells(text: str, delimiter: str) -> list[str] | None:
    """The cells of a line with quotes, as the csv module reads them (``"`` quotes, a doubled quote
    stands for one, not strict: what follows a closing quote up to the delimiter is kept as
    written); None when the record goes on past the line (a quoted field still open at its end),
    or the line is one only the csv module should judge (a NUL, a CR, a very long line).
    ``tests/test_quoted_rows.py`` checks it against the csv module."""
    if "\x00" in text or "\r" in text or len(text) > MAX_QUOTED_LINE:
        return None
    if len(text) > 1 and text[0] == text[-1] == '"':  # every cell quoted, as some exporters write
        cells = text[1:-1].split('"' + delimiter + '"')
        if text.count('"') == 2 * len(cells):  # and no quote inside a cell: each is "cell"
            return cells
    cells = []
    position, end = 0, len(text)
    while True:
        if text.startswith('"', position):
            closing = text.find('"', position + 1)
            if closing < 0:
                return None  # still open at the line's end
            stop = closing + 1
            if stop == end or text.startswith(delimiter, stop):  # the usual quoted cell: "a, b",
                cells.append(text[position + 1 : closing])
                if stop == end:
                    return cells
                position = stop + 1
                continue
            pieces: list[str] = []
            position += 1
            while True:
                closing = text.find('"', position)
                if closing < 0:
                    return None  # still open at the line's end
                pieces.append(text[position:closing])
                position = closing + 1
                if not text.startswith('"', position):
                    break
                pieces.append('"')  # a doubled quote
                position += 1
            stop = text.find(delimiter, position)
            stop = end if stop < 0 else stop
            pieces.append(text[position:stop])
            cells.append("".join(pieces))
        else:
            stop = text.find(delimiter, position)
            stop = end if stop < 0 else stop
            cells.append(text[position:stop])
        if stop >= end:
            return cells
        position = stop + 1


def _has_a_formula(cells: list[str]) -> bool:
    return any(cell and cell[0] in FORMULA_STARTS and is_formula(cell) for cell in cells)
