"""Our own small pint registry, built once per process from ``units.txt``, and exact amounts
whose arithmetic uses the registry's answers without asking it again for every dose.

Magnitudes are :class:`fractions.Fraction`: exact rationals, so "7 mg weekly" is
exactly 1 mg/day and "150 mg every 3 days" exactly 50 mg/day. (Decimal cannot hold
1/7 or 1/3, and its rounding would push such doses across a band boundary.)

Pint is the unit engine: every conversion factor and every dimension below is the live
registry's answer in this process. As pint's own performance notes advise for hot loops, it is
asked once per unit (its factor to the root unit and its dimensionality, kept in a small table)
and the per-dose arithmetic is done on the magnitudes. ``tests/test_units.py`` checks that every
unit, pair and product gives exactly what pint Quantity arithmetic gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

# What a unit is, as pint says: its factor to the root unit of its dimension, and that dimension.
Exponents = tuple[tuple[str, int], ...]  # a unit expression: ((name, power), ...), sorted
Dimensions = frozenset[tuple[str, int]]  # {("[mass]", 1), ("[volume]", -1)}


# Set by the command line, which owns its process: pint then loads without numpy (an optional
# dependency of pint that ldnclass never uses: numbers here are Fractions), saving ~30 ms of every
# start where numpy happens to be installed. A library caller's process is never changed.
LOAD_PINT_WITHOUT_NUMPY = False


@lru_cache(maxsize=1)
def registry() -> Any:
    pint = _import_pint()  # ~70 ms: only commands that read a dose pay for it

    ureg = pint.UnitRegistry(None, non_int_type=Fraction, autoconvert_offset_to_baseunit=False, cache_folder=None)
    for definition in _definitions(ureg):
        ureg.define(definition)
    return ureg


# Beside this module, in a wheel as in a checkout: pip installs files, never a zip, and
# importlib.resources (what a zip would need) costs ~3 ms of every start to import.
UNITS_FILE = Path(__file__).with_name("units.txt")


def _definitions(ureg: Any) -> Iterator[Any]:
    """units.txt's lines as pint's own definition objects, handed to ``define`` as pint's docs
    define a unit programmatically. Pint's text parser (flexparser, and the tokenizer pattern it
    compiles) was ~9 of the ~11 ms the registry took at every start. units.txt uses two forms
    only, ``name = [dimension] = symbol`` and ``name = number * unit = symbol``; anything else is
    refused here, and a test checks every unit against pint's own reading of the file."""
    from pint.facets.plain import ScaleConverter, UnitDefinition

    for number, line in enumerate(UNITS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        statement = line.partition("#")[0].strip()
        if not statement:
            continue
        name, value, *symbols = (part.strip() for part in statement.split("="))
        factor, times, reference = (part.strip() for part in value.rpartition("*"))
        dimension = reference[:1] + reference[-1:] == "[]"
        if not (reference[1:-1] if dimension else reference).isidentifier():
            raise ValueError(f"{UNITS_FILE}:{number}: not a form ldnclass reads: {line!r}")
        if times and dimension:
            raise ValueError(f"{UNITS_FILE}:{number}: a base unit has no factor: {line!r}")
        symbol = symbols[0] if symbols and symbols[0] != "_" else None
        aliases = tuple(alias for alias in symbols[1:] if alias not in ("", "_"))
        # pint's parser makes "1e-3" its non_int_type (a Fraction: exact), whatever the annotation says
        scale: Any = Fraction(factor) if times else 1
        yield UnitDefinition(name, symbol, aliases, ScaleConverter(scale), ureg.UnitsContainer({reference: 1}))


def _import_pint() -> Any:
    import sys

    if not LOAD_PINT_WITHOUT_NUMPY or "numpy" in sys.modules or "pint" in sys.modules:
        import pint

        return pint
    sys.modules["numpy"] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import pint

        return pint
    finally:
        del sys.modules["numpy"]  # numpy stays importable for anything that needs it later


@cache
def _unit(name: str) -> tuple[Fraction, Dimensions]:
    """Pint's answer for one unit, asked once per process."""
    ureg = registry()
    one = ureg.Quantity(Fraction(1), ureg.UnitsContainer({name: 1}))  # a name of ours: pint's tokenizer not needed
    root = one.to_root_units()
    dimensions = frozenset((str(dim), int(power)) for dim, power in dict(one.dimensionality).items())
    return Fraction(root.magnitude), dimensions


@cache
def _parse(expression: str) -> Exponents:
    """ "milligram / milliliter" → (("milligram", 1), ("milliliter", -1)); our canonical names only."""
    powers: dict[str, int] = {}
    sign = 1
    for token in expression.replace("*", " ").split():
        if token == "/":
            sign = -1
            continue
        powers[token] = powers.get(token, 0) + sign
    return _normal(powers)


def _normal(powers: Mapping[str, int]) -> Exponents:
    return tuple(sorted((name, power) for name, power in powers.items() if power))


@cache
def _factor_and_dimensions(units: Exponents) -> tuple[Fraction, Dimensions]:
    factor = Fraction(1)
    dimensions: dict[str, int] = {}
    for name, power in units:
        unit_factor, unit_dimensions = _unit(name)
        factor *= unit_factor**power
        for dimension, exponent in unit_dimensions:
            dimensions[dimension] = dimensions.get(dimension, 0) + exponent * power
    return factor, frozenset((d, e) for d, e in dimensions.items() if e)


@cache
def _conversion(units: Exponents, target: str) -> tuple[Exponents, Fraction | None]:
    """The target's units and what a magnitude in ``units`` is multiplied by to be in them
    (None: another dimension), from pint's factors: asked once per pair, not per dose."""
    target_units = _parse(target)
    factor, dimensions = _factor_and_dimensions(units)
    target_factor, target_dimensions = _factor_and_dimensions(target_units)
    return target_units, factor / target_factor if dimensions == target_dimensions else None


@cache
def _has_dimensions(units: Exponents, dimensions: str) -> bool:
    """Whether ``units`` are of ``dimensions`` (pint's dimensionality), asked once per pair."""
    return _factor_and_dimensions(units)[1] == _dimensions_of(dimensions)


@cache
def _dimensions_of(expression: str) -> Dimensions:
    """ "[mass] / [volume]" → {("[mass]", 1), ("[volume]", -1)}."""
    return frozenset(_parse(expression))


@cache
def _text(units: Exponents) -> str:
    """As pint writes units: "milligram / milliliter", "milligram * day / kilogram"."""
    above = " * ".join(name if power == 1 else f"{name} ** {power}" for name, power in units if power > 0)
    below = [name if power == -1 else f"{name} ** {-power}" for name, power in units if power < 0]
    if not below:
        return above or "dimensionless"
    return f"{above or '1'} / " + " / ".join(below)


class Amount:
    """An exact magnitude in a unit expression: the part of a pint Quantity ldnclass uses."""

    __slots__ = ("_units", "magnitude")

    def __init__(self, magnitude: Fraction, units: Exponents) -> None:
        self.magnitude = magnitude
        self._units = units

    @property
    def units(self) -> str:
        return _text(self._units)

    @property
    def dimensionless(self) -> bool:
        return not _factor_and_dimensions(self._units)[1]

    def check(self, dimensions: str) -> bool:
        return _has_dimensions(self._units, dimensions)

    def to(self, target: str) -> Amount:
        units, ratio = _conversion(self._units, target)
        if ratio is None:
            raise ValueError(f"cannot convert {self.units} to {target}")
        return Amount(self.magnitude if ratio == 1 else self.magnitude * ratio, units)

    def __mul__(self, other: Amount | Fraction | int) -> Amount:
        if isinstance(other, Amount):
            return Amount(self.magnitude * other.magnitude, _combine(self._units, other._units, 1))
        return Amount(self.magnitude * other, self._units)

    __rmul__ = __mul__

    def __truediv__(self, other: Amount | Fraction | int) -> Amount:
        if isinstance(other, Amount):
            return Amount(self.magnitude / other.magnitude, _combine(self._units, other._units, -1))
        return Amount(self.magnitude / other, self._units)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Amount):
            return NotImplemented
        factor, dimensions = _factor_and_dimensions(self._units)
        other_factor, other_dimensions = _factor_and_dimensions(other._units)
        return dimensions == other_dimensions and self.magnitude * factor == other.magnitude * other_factor

    def __hash__(self) -> int:
        factor, dimensions = _factor_and_dimensions(self._units)
        return hash((self.magnitude * factor, dimensions))

    def __repr__(self) -> str:
        return f"Amount({self.magnitude}, {self.units!r})"


@cache
def _combine(left: Exponents, right: Exponents, sign: int) -> Exponents:
    powers = dict(left)
    for name, power in right:
        powers[name] = powers.get(name, 0) + sign * power
    return _normal(powers)


def quantity(magnitude: Fraction, unit: str) -> Amount:
    """An amount in one of our canonical unit names (never user text)."""
    return Amount(magnitude if type(magnitude) is Fraction else Fraction(magnitude), _parse(unit))
