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
import stat
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, cast

from ldnclass.errors import InputFileError, UsageError

SNIFFED_DELIMITERS = (",", ";", "\t", "|")
# What OWASP says a spreadsheet may read as the start of a formula, with a line feed and the
# full-width = + - @ (U+FF1D U+FF0B U+FF0D U+FF20), which some spreadsheets fold to ASCII.
FORMULA_STARTS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
_PLAIN_FORMULA_STARTS = "=+-@\uff1d\uff0b\uff0d\uff20"  # in a plain block: no CR or LF inside a cell
BLOCK_BYTES = 256 * 1024  # read at a time (then cut after its last line break)
# The most one line or one record (a quoted field may span lines) may hold, in bytes as read or
# characters as decoded. It bounds every buffer: peak memory stays near ten times this.
MAX_RECORD_BYTES = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"
BROKEN_INPUT = (EOFError, zlib.error, gzip.BadGzipFile)  # a truncated or corrupt gzip

Record = tuple[list[str], "str | None", str]  # cells, the record's text as it came, line break

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z", re.ASCII)
LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # lines as csv reads them: LF, CRLF or a bare CR
_QUOTED = re.compile(r'"[^"]*"')


HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM while output is written, so that what was written always
    ends with a whole line: a handler that raises mid-write makes CPython drop the rest of the
    write. Once the write is done, the first signal held goes to the handler that was there before."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals; it gets them anyway
        return
    held: list[int] = []
    previous: dict[int, object] = {}
    for held_signal in HELD_SIGNALS:
        previous[held_signal] = signal.signal(held_signal, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, cast(Any, handler))
    if held:
        _deliver(held[0], previous[held[0]])


def _deliver(signum: int, handler: object) -> None:
    if callable(handler):
        handler(signum, None)  # Python's SIGINT handler raises KeyboardInterrupt
    elif handler == signal.SIG_IGN:
        return
    elif signum == signal.SIGINT:
        raise KeyboardInterrupt
    else:
        signal.raise_signal(signum)  # the default action: SIGTERM ends the process


class WholeWriter(io.TextIOBase):
    """UTF-8 text written straight to a file descriptor, each write retried until all of it is
    out. CPython's buffered writer can drop the rest of a write that a signal interrupts (seen
    with Ctrl-C into a slow pipe, even with the signal held); os.write in a loop cannot."""

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self._descriptor = descriptor

    @property
    def encoding(self) -> str:  # type: ignore[override]  # read-only in io.TextIOBase
        return "utf-8"

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._descriptor

    def isatty(self) -> bool:
        return os.isatty(self._descriptor)

    def write(self, text: str) -> int:
        rest = memoryview(text.encode("utf-8", "replace"))
        while rest:
            rest = rest[os.write(self._descriptor, rest) :]  # EINTR is retried by os.write (PEP 475)
        return len(text)


@dataclass(frozen=True)
class Source:
    """An opened input: the bytes to read (unpacked if gzip), its name, its size on disk, the raw stream."""

    stream: IO[bytes]  # unpacked when the input was gzip
    name: str
    size: int | None  # bytes on disk, for a progress bar; None for stdin
    raw: IO[bytes]
    identity: tuple[int, int] | None = None  # (st_dev, st_ino) of what is read, to refuse writing onto it
    expected_bytes: int | None = None  # a regular file's bytes from where reading starts, at open
    start: int = 0  # where reading started (stdin redirected from a file may be part read)

    def position(self) -> int:
        """Bytes read so far from disk (compressed bytes for a gzip file)."""
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0

    def check_read_whole(self) -> None:
        """After reading to the end: a regular file that gave fewer bytes than it had at open
        shrank while it was read (rotated, truncated, rewritten), and its last rows are missing."""
        if self.expected_bytes is None:
            return
        read = self.position() - self.start
        if read < self.expected_bytes:
            raise InputFileError(
                f"{self.name} shrank while it was read: {self.expected_bytes:,} bytes at open, "
                f"{read:,} read; the rows past that are missing, so the output is incomplete"
            )


def _described(raw: IO[bytes]) -> tuple[tuple[int, int] | None, int | None, int]:
    """The identity of an open input, and for a regular file its size from here on and where here is."""
    try:
        facts = os.fstat(raw.fileno())
    except (OSError, ValueError):  # a test's BytesIO has no descriptor
        return None, None, 0
    if not stat.S_ISREG(facts.st_mode):
        return (facts.st_dev, facts.st_ino), None, 0
    try:
        start = raw.tell()
    except OSError:
        start = 0
    return (facts.st_dev, facts.st_ino), max(0, facts.st_size - start), start


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
        identity, expected_bytes, start = _described(raw)
        # peek needs a buffered reader; a test's BytesIO, say, is not one
        buffered = raw if hasattr(raw, "peek") else io.BufferedReader(cast(io.RawIOBase, raw))
        is_gzip = buffered.peek(2)[:2] == GZIP_MAGIC
        stream = cast(IO[bytes], gzip.GzipFile(fileobj=buffered, mode="rb")) if is_gzip else buffered
        yield Source(stream, name, size, raw, identity, expected_bytes, start)
    finally:
        if owned:
            raw.close()


class BlockReader:
    """The input in decoded blocks of whole lines, counting lines so that an error can name its line.

    A block is cut after its last line break (LF, CR or CRLF, as the csv module sees lines), and
    the rest is kept for the next block, so no buffer grows past BLOCK_BYTES + MAX_RECORD_BYTES:
    a line longer than MAX_RECORD_BYTES is an error naming it, never a read to the end of the input.
    """

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
        self.lines = 0  # lines in the blocks given out so far, as csv counts them
        self._read = getattr(stream, "read1", stream.read)

    def __iter__(self) -> Iterator[str]:
        carry = b""  # the start of a line whose end is not read yet
        while True:
            try:
                data = self._read(BLOCK_BYTES)  # what is there: a pipe's rows are not held back
            except BROKEN_INPUT as error:
                raise InputFileError(f"{self._name}, after line {self.lines}: cannot read: {error}") from None
            if not data:
                if carry:
                    yield from self._decoded(carry, ended=True)
                return
            data = carry + data if carry else data
            cut = _end_of_last_line(data)
            if carry and _first_line_is_over_the_limit(data, cut):
                raise InputFileError(
                    f"{self._name}, line {self.lines + 1}: a line of more than {MAX_RECORD_BYTES:,} bytes, "
                    "the limit per record: is this a CSV file?"
                )
            if cut == 0:
                carry = data
                continue
            carry = data[cut:]
            yield from self._decoded(data[:cut] if carry else data, ended=False)

    def _decoded(self, data: bytes, ended: bool) -> Iterator[str]:
        """The block as text. At an undecodable byte, the whole lines before that byte's line come
        first (a run writes their rows before it stops), then the error naming its line."""
        try:
            text = data.decode(self.encoding, self._errors)
        except UnicodeDecodeError as error:
            problem = self._undecodable(data, error)
            before = _end_of_last_line(data[: error.start])
            if before:
                yield from self._decoded(data[:before], ended=False)
            raise problem from None
        self.lines += _count_lines(data) + (1 if ended and not data.endswith((b"\n", b"\r")) else 0)
        yield text

    def _undecodable(self, data: bytes, error: UnicodeDecodeError) -> InputFileError:
        line = self.lines + 1 + _count_lines(data[: error.start])
        return InputFileError(
            f"{self._name}, line {line}: byte 0x{data[error.start]:02x} is not {self.encoding}; "
            "give --encoding (cp1252 or latin-1, say) to read this file"
        )


def _end_of_last_line(data: bytes) -> int:
    """Where the last whole line of ``data`` ends; 0 if none does. A CR at the very end may be
    the first half of a CRLF, so its line is not taken as ended yet."""
    end = len(data) - 1 if data.endswith(b"\r") else len(data)
    return max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1


def _first_line_is_over_the_limit(data: bytes, cut: int) -> bool:
    """Whether the line ``data`` begins with is longer than MAX_RECORD_BYTES (with nowhere to end, it counts whole)."""
    if cut == 0:
        return len(data) > MAX_RECORD_BYTES
    scan_to = MAX_RECORD_BYTES + 1  # a line break past this says nothing new
    ends = [found for found in (data.find(b"\n", 0, scan_to), data.find(b"\r", 0, scan_to)) if found >= 0]
    return not ends


def _count_lines(data: bytes) -> int:
    """Line breaks as csv reads them: LF, CRLF or a bare CR."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


class QuotedRecords:
    """The records the csv module must read: a line with quotes (a quoted field may go on over
    more lines) or with a CR inside.

    ``next_line`` tells the number of the next line the source will give, so that an error can
    name the line where a record began. A record may not go on past MAX_RECORD_BYTES characters,
    and the input may not end inside a quoted field: either is an input error naming that line,
    never the rest of the file swallowed into one cell.
    """

    def __init__(
        self, lines: Iterator[str], delimiter: str, next_line: Callable[[], int] | None = None, name: str = "stdin"
    ) -> None:
        self._lines = lines
        self._next_line = next_line or (lambda: 0)
        self._name = name
        self._first: str | None = None  # the line the next record begins with, already read
        self._read: list[str] = []  # the lines of the record being read
        self._chars = 0  # their length
        self._began = 0  # the line the record began on
        self._parser = csv.reader(self._source(), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)

    def _source(self) -> Iterator[str]:
        while True:
            if self._first is not None:
                line, self._first = self._first, None
            else:
                next_line = next(self._lines, None)
                if next_line is None:  # asked for more, so the input ended in a quoted field
                    raise InputFileError(
                        f"{self._name}, line {self._began}: a quoted field opens here and the input ends "
                        "before its closing quote: check the quotes of this line"
                    )
                line = next_line
            self._chars += len(line)
            if self._chars > MAX_RECORD_BYTES:
                raise InputFileError(
                    f"{self._name}, line {self._began}: a record of more than {MAX_RECORD_BYTES:,} characters, "
                    "the limit per record (a quote that is never closed?)"
                )
            self._read.append(line)
            yield line

    def read(self, line: str) -> Record:
        """The record that begins with ``line`` (already taken from the lines): its cells, its
        text as it came, and its line break."""
        self._first, self._read, self._chars, self._began = line, [], 0, self._next_line() - 1
        try:
            cells = next(self._parser)
        except csv.Error as error:
            raise InputFileError(f"{self._name}, line {self._began}: {error}") from None
        text, end = split_line_break("".join(self._read))
        return cells, text, end


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


class RowKeys:
    """A unique JSON key per cell: its header name, else (no header, a repeated or empty name,
    a cell past the header) its 1-based position, so no cell is ever lost to a key clash.
    Keys are made for a range of positions on demand: a row of a million cells needs no
    million keys held."""

    def __init__(self, names: list[str]) -> None:
        self._names = names
        self._first_of: dict[str, int] = {}
        for position, name in enumerate(names):
            if name and name not in self._first_of:
                self._first_of[name] = position

    def keys(self, start: int, stop: int) -> list[str]:
        names, first_of = self._names, self._first_of
        keys: list[str] = []
        for position in range(start, stop):
            name = names[position] if position < len(names) else ""
            if name and first_of[name] == position:
                keys.append(name)
                continue
            # A position's number is unique among positions, so only a header name can take it.
            key = str(position + 1)
            while key in first_of:
                key = "#" + key
            keys.append(key)
        return keys


def row_keys(names: list[str], count: int) -> list[str]:
    return RowKeys(names).keys(0, count)


def escaped_plain_row(cells: list[str], delimiter: str) -> str:
    """csv_cell over an unquoted line's cells, which need no quoting but for formula escaping."""
    return delimiter.join(["\"'" + cell + '"' if is_formula(cell) else cell for cell in cells])


def end_of_first_line(block: str) -> int:
    match = LINES.match(block)
    return match.end() if match else 0
