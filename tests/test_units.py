"""The fast path never drifts from pint: every unit, every pair, every target and random products
give exactly what pint Quantity arithmetic gives, in the same registry."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass.reading import HOURS_PER_DAY, Dose
from ldnclass.reading.dose import ONCE_DAILY
from ldnclass.units import quantity, registry

UNITS = [
    "gram",
    "milligram",
    "microgram",
    "nanogram",
    "kilogram",
    "liter",
    "milliliter",
    "hour",
    "day",
    "week",
    "mole",
    "millimole",
    "micromole",
    "international_unit",
]
# The unit expressions the readers form, and the targets they convert to.
FORMED = [*UNITS, "milligram / milliliter", "microgram / milliliter", "milligram / kilogram", "milligram / day"]
TARGETS = ["milligram", "kilogram", "milliliter", "milligram / day", "milligram / milliliter", "hour", "day"]
DIMENSIONS = ["[mass]", "[volume]", "[time]", "[mass] / [volume]", "[mass] / [time]", "[substance]"]
magnitudes = st.fractions(min_value=Fraction(1, 10**4), max_value=Fraction(10**6), max_denominator=10**4)


def pint_quantity(magnitude: Fraction, unit: str) -> object:
    return registry().Quantity(magnitude, unit)


def same(ours: object, theirs: object) -> bool:
    return Fraction(ours.magnitude) == Fraction(theirs.magnitude) and str(ours.units) == str(theirs.units)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("unit", "target"), list(product(FORMED, TARGETS)))
def test_every_unit_converts_to_every_target_as_pint_does(unit: str, target: str) -> None:
    ours, theirs = quantity(Fraction(7, 3), unit), pint_quantity(Fraction(7, 3), unit)
    if not theirs.is_compatible_with(target):  # type: ignore[attr-defined]
        with pytest.raises(ValueError):
            ours.to(target)
        return
    assert Fraction(ours.to(target).magnitude) == Fraction(theirs.to(target).magnitude)  # type: ignore[attr-defined]


@pytest.mark.parametrize("unit", FORMED)
def test_every_unit_has_pints_dimensions(unit: str) -> None:
    ours, theirs = quantity(Fraction(1), unit), pint_quantity(Fraction(1), unit)
    for dimensions in DIMENSIONS:
        assert ours.check(dimensions) == theirs.check(dimensions), dimensions  # type: ignore[attr-defined]
    assert ours.dimensionless == theirs.dimensionless  # type: ignore[attr-defined]
    assert ours.units == str(theirs.units)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("left", "right"), list(product(FORMED, FORMED)))
def test_every_pair_multiplies_and_divides_as_pint_does(left: str, right: str) -> None:
    a, b = Fraction(9, 2), Fraction(5, 7)
    ours_a, ours_b = quantity(a, left), quantity(b, right)
    theirs_a, theirs_b = pint_quantity(a, left), pint_quantity(b, right)
    for ours, theirs in ((ours_a * ours_b, theirs_a * theirs_b), (ours_a / ours_b, theirs_a / theirs_b)):  # type: ignore[operator]
        for dimensions in DIMENSIONS:
            assert ours.check(dimensions) == theirs.check(dimensions)
        for target in TARGETS:
            if theirs.is_compatible_with(target):
                assert Fraction(ours.to(target).magnitude) == Fraction(theirs.to(target).magnitude)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(magnitudes, st.sampled_from(FORMED), st.booleans()), min_size=1, max_size=4),
    st.sampled_from(TARGETS),
)
def test_random_products_equal_pint(factors: list[tuple[Fraction, str, bool]], target: str) -> None:
    (first_magnitude, first_unit, _), *rest = factors
    ours, theirs = quantity(first_magnitude, first_unit), pint_quantity(first_magnitude, first_unit)
    for magnitude, unit, divide in rest:
        if divide:
            ours, theirs = ours / quantity(magnitude, unit), theirs / pint_quantity(magnitude, unit)  # type: ignore[operator]
        else:
            ours, theirs = ours * quantity(magnitude, unit), theirs * pint_quantity(magnitude, unit)  # type: ignore[operator]
    assert ours.dimensionless == theirs.dimensionless  # type: ignore[attr-defined]
    if theirs.is_compatible_with(target):  # type: ignore[attr-defined]
        assert Fraction(ours.to(target).magnitude) == Fraction(theirs.to(target).magnitude)  # type: ignore[attr-defined]
    else:
        with pytest.raises(ValueError):
            ours.to(target)


def test_equal_amounts_in_different_units_are_equal() -> None:
    assert quantity(Fraction(4500), "microgram") == quantity(Fraction(9, 2), "milligram")
    assert quantity(Fraction(1), "milligram") != quantity(Fraction(1), "milliliter")


@settings(max_examples=300, deadline=None)
@given(
    magnitudes,
    st.sampled_from(["gram", "milligram", "microgram"]),
    st.fractions(min_value=Fraction(1, 4), max_value=Fraction(8), max_denominator=4),
    st.fractions(min_value=Fraction(1), max_value=Fraction(24 * 35), max_denominator=60),
)
def test_a_doses_figures_are_pints(magnitude: Fraction, unit: str, count: Fraction, period_hours: Fraction) -> None:
    """A dose works its mg/day out once, as mg per dose × doses per day: exactly pint's
    amount × count ÷ period in milligram / day."""
    dose = Dose(quantity(magnitude, unit), count, period_hours, ONCE_DAILY)
    theirs = pint_quantity(magnitude, unit) * count / pint_quantity(period_hours, "hour")  # type: ignore[operator]
    assert dose.daily_dose_mg == Fraction(theirs.to("milligram / day").magnitude)
    assert dose.dose_mg == Fraction(pint_quantity(magnitude, unit).to("milligram").magnitude)  # type: ignore[attr-defined]
    assert Fraction(pint_quantity(Fraction(1), "day").to("hour").magnitude) == HOURS_PER_DAY  # type: ignore[attr-defined]


def test_the_registry_reads_units_txt_as_pints_own_parser_does() -> None:
    """``registry`` hands pint the file's definitions as objects (pint's text parser costs ~9 ms
    a start): every unit has the same factor, dimensions, symbol and aliases as in a registry
    pint builds from units.txt itself."""
    import pint

    from ldnclass.units import UNITS_FILE, _unit

    parsed = pint.UnitRegistry(str(UNITS_FILE), non_int_type=Fraction, autoconvert_offset_to_baseunit=False)
    ours = registry()
    assert set(ours._units) == set(parsed._units)
    assert set(ours._dimensions) == set(parsed._dimensions)
    for name in parsed._units:
        mine, theirs = ours._units[name], parsed._units[name]
        for attribute in ("name", "symbol", "aliases", "is_base"):
            assert getattr(mine, attribute) == getattr(theirs, attribute), (name, attribute)
        one = parsed.Quantity(Fraction(1), name)
        factor, dimensions = _unit(name)
        assert factor == Fraction(one.to_root_units().magnitude)
        assert dimensions == frozenset((str(d), int(p)) for d, p in dict(one.dimensionality).items())
        assert str(ours.Quantity(Fraction(1), name).to_root_units().units) == str(one.to_root_units().units)


def test_a_unit_pint_does_not_know_is_refused() -> None:
    import pint

    from ldnclass.units import _unit

    with pytest.raises(pint.UndefinedUnitError):
        _unit("furlong")
