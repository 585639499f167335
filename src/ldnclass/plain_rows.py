"""The per-row loop of ``batch`` to CSV over a plain block: the path every row of a large export
takes, compiled with the per-text path (tools/compile.py): a million rows of repeated texts took
1.44-1.50 s against 1.53-1.60 as plain Python (alternating runs).

It only looks each row's outcome up and writes its line. ``Batch`` keeps everything else: the
cache's policy, the workers, the summary, and the rows this loop hands back to it (a line with a
quote, whose record may go on over more lines; a row of another width).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

from ldnclass.csvio import escaped_plain_row

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
    ) -> None:
        self._delimiter, self._width, self._dose_index = columns  # dose index -1: the key reads the record
        self._key = key
        self._cache = cache
        self._counts = counts
        self._classify = classify
        self._odd_row = odd_row

    def write(self, lines: Iterator[str], line_break: str, suspects: set[str], out: Lines, chunk_rows: int) -> None:
        """Each line's output line into ``out``, flushed every ``chunk_rows`` lines. ``lines`` is
        the block's own iterator: a quoted record's reader takes its further lines from it."""
        delimiter, width, dose_index, key = self._delimiter, self._width, self._dose_index, self._key
        cache, counts, classify = self._cache, self._counts, self._classify
        written = out.lines
        for text in lines:
            if len(written) >= chunk_rows:  # the lines of one block are bounded: a count will do
                out.flush()
            if '"' in text:  # the csv module reads its record, which may go on over more lines
                written.append(self._odd_row(text, line_break))
                continue
            cells = text.split(delimiter)
            if len(cells) != width:
                written.append(self._odd_row(text, line_break))
                continue
            query: Query = cells[dose_index] if dose_index >= 0 else key(cells)
            outcome = cache.get(query)
            if outcome is None:
                outcome = classify(query)
            else:
                cache.move_to_end(query)  # a hit is recent: the least recently used goes first
            counts[outcome.key] += 1
            if suspects and text in suspects:
                text = escaped_plain_row(cells, delimiter)
            written.append(text + outcome.csv_tail + line_break)
