"""CSV at the level of bytes and lines, for batch.py: opening (gzip, stdin), decoding in blocks,
delimiter sniffing, quoted records, and OWASP formula escaping. It knows nothing of doses."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
import re
import signal
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, cast

from ldnclass.errors import InputFileError, UsageError

SNIFFED_DELIMITERS = (",", ";", "\t", "|")
# What OWASP says a spreadsheet may read as the start of a formula, with a line feed and the
# full-width = + - @ (U+FF1D U+FF0B U+FF0D U+FF20), which some spreadsheets fold to ASCII.
FORMULA_STARTS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
_PLAIN_FORMULA_STARTS = "=+-@\uff1d\uff0b\uff0d\uff20"  # in a plain block: no CR or LF inside a cell
BLOCK_BYTES = 256 * 1024  # read at a time (then to the end of that line)
GZIP_MAGIC = b"\x1f\x8b"
BROKEN_INPUT = (EOFError, zlib.error, gzip.BadGzipFile)  # a truncated or corrupt gzip

Record = tuple[list[str], "str | None", str]  # cells, the line's text when split (not parsed), line break

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z", re.ASCII)
LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # lines as csv reads them: LF, CRLF or a bare CR
_QUOTED = re.compile(r'"[^"]*"')


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C while output is written, so what was written always ends with a whole line."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals; it gets the interrupt anyway
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed and callable(previous):
        previous(signal.SIGINT, None)  # Python's default handler raises KeyboardInterrupt
    elif pressed and previous != signal.SIG_IGN:
        raise KeyboardInterrupt


@dataclass(frozen=True)
class Source:
    stream: IO[bytes]  # unpacked when the input was gzip
    name: str
    size: int | None  # bytes on disk, for a progress bar; None for stdin
    raw: IO[bytes]

    def position(self) -> int:
        """Bytes read so far from disk (compressed bytes for a gzip file)."""
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0


@contextmanager
def open_input(path: str | os.PathLike[str] | None) -> Iterator[Source]:
    """A file, or stdin for None or "-"; gzip (known by its magic bytes, so a piped .gz works too) is unpacked."""
    if path is None or str(path) == "-":
        raw, name, size, owned = sys.stdin.buffer, "stdin", None, False
    else:
        name = str(path)
        try:
            raw = open(path, "rb")  # noqa: SIM115 - closed below, after the caller is done
        except OSError as error:
            raise InputFileError(f"cannot read {name}: {error.strerror or error}") from None
        size, owned = os.fstat(raw.fileno()).st_size, True
    try:
        # peek needs a buffered reader; a test's BytesIO, say, is not one
        buffered = raw if hasattr(raw, "peek") else io.BufferedReader(cast(io.RawIOBase, raw))
        is_gzip = buffered.peek(2)[:2] == GZIP_MAGIC
        yield Source(
            cast(IO[bytes], gzip.GzipFile(fileobj=buffered, mode="rb")) if is_gzip else buffered, name, size, raw
        )
    finally:
        if owned:
            raw.close()


class BlockReader:
    """The input in decoded blocks of whole lines, counting lines so that an error can name its line."""

    def __init__(self, stream: IO[bytes], name: str, encoding: str | None) -> None:
        self._stream = stream
        self._name = name
        self.encoding = encoding or "utf-8"
        try:
            ascii_compatible = '\n,;|\t\r"'.encode(self.encoding) == b'\n,;|\t\r"'
        except LookupError:
            raise UsageError(f"unknown encoding {self.encoding!r}: try utf-8, cp1252 or latin-1") from None
        if not ascii_compatible or codecs.lookup(self.encoding).name.startswith(("utf-16", "utf-32")):
            raise UsageError(f"--encoding {self.encoding}: only encodings that keep ASCII as it is can be read")
        # Without --encoding a wrong guess would corrupt doses silently: better to stop and say.
        self._errors = "replace" if encoding else "strict"
        self._lines_before = 0
        self._read = getattr(stream, "read1", stream.read)

    def __iter__(self) -> Iterator[str]:
        while True:
            try:
                data = self._read(BLOCK_BYTES)  # what is there: a pipe's rows are not held back
                if data and not data.endswith(b"\n"):
                    data += self._stream.readline()
            except BROKEN_INPUT as error:
                raise InputFileError(f"{self._name}, after line {self._lines_before}: cannot read: {error}") from None
            if not data:
                return
            try:
                text = data.decode(self.encoding, self._errors)
            except UnicodeDecodeError as error:
                raise self._undecodable(data, error) from None
            self._lines_before += data.count(b"\n")
            yield text

    def _undecodable(self, data: bytes, error: UnicodeDecodeError) -> InputFileError:
        line = self._lines_before + 1 + data.count(b"\n", 0, error.start)
        return InputFileError(
            f"{self._name}, line {line}: byte 0x{data[error.start]:02x} is not {self.encoding}; "
            "give --encoding (cp1252 or latin-1, say) to read this file"
        )


class QuotedRecords:
    """The records the csv module must read: a line with quotes (a quoted field may go on over
    more lines) or with a CR inside."""

    def __init__(self, lines: Iterator[str], delimiter: str) -> None:
        self._lines = lines
        self._first: str | None = None  # the line the next record begins with, already read
        self._read: list[str] = []  # the lines of the record being read
        self._ended_inside_quotes = False
        self._parser = csv.reader(self._source(), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)

    def _source(self) -> Iterator[str]:
        while True:
            if self._first is not None:
                line, self._first = self._first, None
            else:
                next_line = next(self._lines, None)
                if next_line is None:
                    self._ended_inside_quotes = True  # asked for more, so the file ended in a quoted field
                    return
                line = next_line
            self._read.append(line)
            yield line

    def read(self, line: str) -> Record:
        """The record that begins with ``line``: its cells, its text as it came (None if the file
        ended inside a quoted field: more cells cannot follow that text), and its line break."""
        self._first, self._read, self._ended_inside_quotes = line, [], False
        try:
            cells = next(self._parser)
        except csv.Error as error:
            raise InputFileError(f"{error} (in the record beginning {line[:60]!r})") from None
        text, end = split_line_break("".join(self._read))
        return cells, None if self._ended_inside_quotes else text, end


def split_line_break(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


def needs_csv_module(text: str) -> bool:
    """A line with no quote and no CR is one record, and splitting it is what csv would do."""
    return '"' in text or "\r" in text


def sniff_delimiter(first_line: str) -> str:
    """The most frequent of , ; tab | outside quotes in the header; ties go in that order."""
    unquoted = _QUOTED.sub("", first_line)
    counts = [unquoted.count(candidate) for candidate in SNIFFED_DELIMITERS]
    best = max(counts)
    return SNIFFED_DELIMITERS[counts.index(best)] if best else ","


def parse_delimiter(given: str) -> str:
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    delimiter = named.get(given.lower(), given)
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise UsageError(f"--delimiter {given!r}: give one character such as , ; | or 'tab'")
    return delimiter


def is_formula(cell: str) -> bool:
    """Whether a spreadsheet may run the cell (OWASP's list of first characters); a plain number is safe."""
    return bool(cell) and cell[0] in FORMULA_STARTS and not _NUMBER.match(cell)


def csv_cell(cell: str, delimiter: str, escape: bool) -> str:
    """One cell as minimal CSV. A formula, when escaping, gets a ' in front and is quoted whole, as OWASP advises."""
    if escape and is_formula(cell):
        return "\"'" + cell.replace('"', '""') + '"'
    if delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def plain_lines(block: str) -> tuple[list[str], str] | None:
    """The block's lines (without their breaks) and the break, when they all end with LF or all
    with CRLF; then a line without quotes is one record. None: cut the block as csv does."""
    if "\r" not in block:
        return block.split("\n"), "\n"
    lines = block.split("\r\n")
    if block.count("\r") == block.count("\n") == len(lines) - 1:
        return lines, "\r\n"
    return None


def lines_with_formula_cells(block: str, delimiter: str, line_break: str) -> set[str]:
    """The lines of a block of unquoted lines in which a cell may start a formula (each is then
    checked cell by cell). Found by a fast scan of the block per character, so that the
    great many rows without one cost nothing."""
    found: set[str] = set()
    cell_starts = (delimiter, "\n")
    starts = _PLAIN_FORMULA_STARTS if delimiter == "\t" else _PLAIN_FORMULA_STARTS + "\t"
    for char in starts:  # in a plain block, CR is only in CRLF
        position = block.find(char)
        while position >= 0:
            if position == 0 or block[position - 1] in cell_starts:
                found.add(_line_around(block, position, line_break))
            position = block.find(char, position + 1)
    return found


def _line_around(block: str, position: int, line_break: str) -> str:
    start = block.rfind(line_break, 0, position)
    start = 0 if start < 0 else start + len(line_break)
    end = block.find(line_break, position)
    return block[start : end if end >= 0 else len(block)]


def row_keys(names: list[str], count: int) -> list[str]:
    """A unique JSON key per cell: its header name, else (no header, a repeated or empty name,
    a cell past the header) its 1-based position, so no cell is ever lost to a key clash."""
    first_of = {name: position for position, name in reversed(list(enumerate(names))) if name}
    keys: list[str] = []
    taken = set(first_of)
    for position in range(count):
        name = names[position] if position < len(names) else ""
        if name and first_of[name] == position:
            keys.append(name)
            continue
        key = str(position + 1)
        while key in taken:
            key = "#" + key
        taken.add(key)
        keys.append(key)
    return keys


def escaped_plain_row(cells: list[str], delimiter: str) -> str:
    """csv_cell over an unquoted line's cells, which need no quoting but for formula escaping."""
    return delimiter.join(["\"'" + cell + '"' if is_formula(cell) else cell for cell in cells])


def end_of_first_line(block: str) -> int:
    match = LINES.match(block)
    return match.end() if match else 0
