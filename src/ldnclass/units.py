"""Our own small pint registry, built once per process from ``units.txt``.

Magnitudes are :class:`fractions.Fraction`: exact rationals, so "7 mg weekly" is
exactly 1 mg/day and "150 mg every 3 days" exactly 50 mg/day. (Decimal cannot hold
1/7 or 1/3, and its rounding would push such doses across a band boundary.)
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def registry() -> Any:
    import pint  # ~100 ms: only commands that read a dose pay for it

    definitions = resources.files("ldnclass").joinpath("units.txt")
    with resources.as_file(definitions) as path:
        return pint.UnitRegistry(
            str(path),
            non_int_type=Fraction,
            autoconvert_offset_to_baseunit=False,
            cache_folder=None,
        )


def quantity(magnitude: Fraction, unit: str) -> Any:
    """A pint quantity in one of our canonical unit names (never user text)."""
    return registry().Quantity(magnitude, unit)
