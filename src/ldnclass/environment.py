"""Where a command runs: its streams, whether each is a terminal, its width, colour and
environment variables, in one object (as httpie's ``context.Environment``).

The commands read all of these from an :class:`Environment` instead of ``sys`` and
``os.environ``, so a test builds one with :meth:`Environment.for_test` (text in, a fake
terminal, a fixed width) and reads what was written, with no monkeypatching.
Only the standard library and ldnclass.errors load with this module.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import IO

from ldnclass.errors import InputFileError


class ColorChoice(str, Enum):
    """``--color``: auto follows the terminal and ``NO_COLOR`` / ``FORCE_COLOR``."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


@dataclass
class Environment:
    """A command's streams, whether each is a terminal, its width and variables, and the shared options."""

    stdin: IO[bytes]
    stdout: IO[str]
    stderr: IO[str]
    stdin_isatty: bool = False
    stdout_isatty: bool = False
    stderr_isatty: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    width: int | None = None  # None: the terminal's own, else 80
    # Set from the options every command shares (commands.COMMON_OPTIONS):
    color: ColorChoice = ColorChoice.AUTO
    quiet: bool = False
    debug: bool = False

    @classmethod
    def from_sys(cls) -> Environment:
        """The real process: ``sys``'s streams (as a test runner may have swapped them) and ``os.environ``."""
        stdin = getattr(sys.stdin, "buffer", None) or io.BytesIO()  # no stdin at all (fd 0 closed): empty
        return cls(
            stdin=stdin,
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin_isatty=_isatty(sys.stdin),
            stdout_isatty=_isatty(sys.stdout),
            stderr_isatty=_isatty(sys.stderr),
            environ=os.environ,
            width=_columns(os.environ),
        )

    @classmethod
    def for_test(
        cls,
        stdin: bytes | str = b"",
        *,
        stdin_isatty: bool = False,
        stdout_isatty: bool = False,
        stderr_isatty: bool = False,
        environ: Mapping[str, str] | None = None,
        width: int = 80,
    ) -> Environment:
        """Streams in memory (``env.stdout.getvalue()``), a fixed width, no colour unless asked."""
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        return cls(
            stdin=io.BytesIO(data),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdin_isatty=stdin_isatty,
            stdout_isatty=stdout_isatty,
            stderr_isatty=stderr_isatty,
            environ={"NO_COLOR": "1"} if environ is None else environ,
            width=width,
        )

    def colour(self, stderr: bool = False) -> bool:
        """Colour on this stream? ``--color`` wins; then ``NO_COLOR`` (no-color.org: set and
        not empty), then ``FORCE_COLOR``, then whether the stream is a terminal that is not dumb."""
        if self.color is not ColorChoice.AUTO:
            return self.color is ColorChoice.ALWAYS
        if self.environ.get("NO_COLOR"):
            return False
        if self.environ.get("FORCE_COLOR"):
            return True
        return (self.stderr_isatty if stderr else self.stdout_isatty) and self.environ.get("TERM") != "dumb"

    def isatty(self, stderr: bool = False) -> bool:
        return self.stderr_isatty if stderr else self.stdout_isatty

    def say(self, message: str) -> None:
        """A line on stderr that ``-q`` does not silence (a run's summary, a partial output)."""
        self.stderr.write(message + "\n")
        self.stderr.flush()

    def remark(self, message: str) -> None:
        """A word on stderr about what was chosen ("reading doses from Sig"); ``-q`` silences it."""
        if not self.quiet:
            self.stderr.write(message + "\n")
            self.stderr.flush()


class ClosedStdout(io.TextIOBase):
    """``sys.stdout`` when the process began with no descriptor 1 (``ldnclass … >&-``), where Python
    leaves it None: writing is an input/output-file error (exit 3) that says so, not an internal
    one. Flushing succeeds (nothing was written), so a run whose output goes to ``-o FILE`` works."""

    def write(self, text: str) -> int:
        raise _nowhere_to_write()

    @property
    def buffer(self) -> IO[bytes]:
        raise _nowhere_to_write()

    def fileno(self) -> int:
        raise io.UnsupportedOperation("stdout is closed")  # as a stream with no descriptor says

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


def _nowhere_to_write() -> InputFileError:
    return InputFileError(
        "stdout is closed: there is nowhere to write the output",
        hint="send the output to a file or a pipe (> results.json, | less); batch and fhir also take -o FILE",
    )


def _isatty(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


def _columns(environ: Mapping[str, str]) -> int | None:
    try:
        columns = int(environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return columns if columns > 0 else None
