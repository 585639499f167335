"""ldnclass: read a prescribed naltrexone dose and classify it as LDN, HDN or out-of-range.

    >>> from ldnclass import classify
    >>> classify("4.5 mg qhs").dose_class
    'LDN'

The names below are imported on first use, so ``import ldnclass`` (and
``ldnclass --version``) stays cheap: pint and pydantic load only when a dose is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ldnclass._version import __version__
from ldnclass.compiled import warn_if_edited_since

warn_if_edited_since()  # a compiled module older than its source still answers as the old source did

if TYPE_CHECKING:
    from ldnclass.classifier import classify, classify_many
    from ldnclass.errors import DoseError, ExitCode, LdnclassError, RegimensFileError
    from ldnclass.regimens import Regimens, load_regimens
    from ldnclass.result import Result

__all__ = [
    "DoseError",
    "ExitCode",
    "LdnclassError",
    "Regimens",
    "RegimensFileError",
    "Result",
    "__version__",
    "classify",
    "classify_many",
    "load_regimens",
]

_HOMES = {
    "classify": "ldnclass.classifier",
    "classify_many": "ldnclass.classifier",
    "DoseError": "ldnclass.errors",
    "ExitCode": "ldnclass.errors",
    "LdnclassError": "ldnclass.errors",
    "RegimensFileError": "ldnclass.errors",
    "Regimens": "ldnclass.regimens",
    "load_regimens": "ldnclass.regimens",
    "Result": "ldnclass.result",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'ldnclass' has no attribute {name!r}")
