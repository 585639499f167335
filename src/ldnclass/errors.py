"""One exception hierarchy with stable codes, and the process exit codes they map to.

Codes are part of the public contract (JSON ``error.code``, CSV ``ldn_error_code``):
never rename one; add new ones instead.
"""

from __future__ import annotations

from enum import IntEnum


class LdnclassError(ValueError):
    """Base of every error ldnclass raises on purpose."""

    code = "ldnclass-error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class DoseError(LdnclassError):
    """A dose text that cannot be read without doubt. One per dose, never fatal to a batch."""

    code = "unreadable"


class RegimensFileError(LdnclassError):
    """The regimens data file is missing, unreadable or invalid."""

    code = "regimens-file"


class InputFileError(LdnclassError):
    """An input file (batch CSV, say) is missing or cannot be decoded."""

    code = "input-file"


class UsageError(LdnclassError):
    """Options that do not fit together, or a column that does not exist."""

    code = "usage"


class ExitCode(IntEnum):
    OK = 0
    UNCLASSIFIED = 1  # at least one dose could not be classified
    USAGE = 2
    INPUT = 3  # an input or data file problem
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
    TERMINATED = 143  # SIGTERM, as shells report it (128 + 15)


def exit_code_for(error: BaseException) -> ExitCode:
    """The one place that maps an exception to the process exit code."""
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(error, UsageError):
        return ExitCode.USAGE
    if isinstance(error, (RegimensFileError, InputFileError, OSError)):
        return ExitCode.INPUT
    return ExitCode.UNCLASSIFIED  # a dose that could not be read, or anything unforeseen
