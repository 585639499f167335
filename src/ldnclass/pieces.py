"""Items → pieces: each number joined to what it counts or measures.

"4.5 mg" becomes a Measure (a pint quantity), "1.5-4.5 mg" a Range, "2 tabs" or
"½ ×" a Count, "1%" a Percent, "wt 30 kg" a Weight. Whatever is left must carry
no number, or it is an error: a stray number is never multiplied in or dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ldnclass import grammar
from ldnclass.errors import DoseError
from ldnclass.grammar import Number, Symbol, UnitWord, Word
from ldnclass.units import quantity

RANGE_WORDS = {"-", "–", "—", "to"}
TIMES_SIGNS = {"×", "*", "x"}
WEIGHT_WORDS = {"wt", "weight", "weighing"}
TAKE_WORDS = {"take", "takes", "give"}


@dataclass(frozen=True)
class Measure:
    quantity: Any  # pint quantity
    text: str


@dataclass(frozen=True)
class Range:
    low: Measure
    high: Measure
    text: str


@dataclass(frozen=True)
class Count:
    value: Fraction
    text: str


@dataclass(frozen=True)
class Percent:
    value: Fraction
    text: str


@dataclass(frozen=True)
class Weight:
    kilograms: Fraction
    text: str


Piece = Measure | Range | Count | Percent | Weight | grammar.Item


def make_pieces(items: list[grammar.Item]) -> list[Piece]:
    """Join numbers to their units, counts and ranges; reject any number left alone."""
    pieces: list[Piece] = []
    position = 0
    while position < len(items):
        piece, position = _next_piece(items, position)
        pieces.append(piece)
    _reject_loose_numbers(pieces)
    return pieces


def _next_piece(items: list[grammar.Item], position: int) -> tuple[Piece, int]:
    item = items[position]
    after = _at(items, position + 1)
    if isinstance(item, Number):
        if item.negative:
            raise DoseError(f"'{item.text}' is negative: a dose must be above zero", "negative-dose")
        if isinstance(after, UnitWord):
            return _measure_or_range(items, position)
        if isinstance(after, Symbol) and after.text == "%":
            return Percent(item.value, f"{item.text}%"), position + 2
        if _is_range_word(after) and isinstance(_at(items, position + 2), Number):
            return _bare_low_range(items, position)
        if isinstance(after, Word) and after.role == "form":
            return Count(item.value, f"{item.text} {after.text}"), position + 2
        if _is_times(after):
            return Count(item.value, f"{item.text} ×"), position + 2
        if _follows_take(items, position) and _is_plain_count(item):
            return Count(item.value, f"take {item.text}"), position + 1
    if isinstance(item, Word) and item.role == "count":
        assert isinstance(item.value, Fraction)
        return Count(item.value, item.text), position + 1
    if isinstance(item, Word) and item.role == "keyword" and item.text in WEIGHT_WORDS:
        return _weight(items, position)
    return item, position + 1


def _at(items: list[grammar.Item], position: int) -> grammar.Item | None:
    return items[position] if position < len(items) else None


def _follows_take(items: list[grammar.Item], position: int) -> bool:
    """ "take 1 qhs": a number right after take/give, with no unit, counts the units of the strength."""
    before = _at(items, position - 1) if position > 0 else None
    return isinstance(before, Word) and before.text in TAKE_WORDS


def _is_plain_count(number: Number) -> bool:
    # One to four whole units, or a written fraction under one: "take 4.5" is a dose
    # missing its unit, not a count of tablets.
    if number.is_integer_literal:
        return 1 <= number.value <= 4
    return number.value < 1 and not any(c in number.text for c in ".,")


def _is_range_word(item: grammar.Item | None) -> bool:
    return (isinstance(item, Symbol) and item.text in RANGE_WORDS) or (
        isinstance(item, Word) and item.role == "keyword" and item.text == "to"
    )


def _is_times(item: grammar.Item | None) -> bool:
    return (isinstance(item, Symbol) and item.text in TIMES_SIGNS) or (
        isinstance(item, Word) and item.role == "keyword" and item.text == "x"
    )


def _measure(items: list[grammar.Item], position: int) -> tuple[Measure, int]:
    """The number at ``position`` with its unit, extended by "/ unit" (mg/mL, mg/kg)."""
    number = items[position]
    unit = items[position + 1]
    assert isinstance(number, Number) and isinstance(unit, UnitWord)
    name, text, end = unit.unit.name, unit.text, position + 2
    slash, second, third = _at(items, end), _at(items, end + 1), _at(items, end + 2)
    if isinstance(slash, Symbol) and slash.text == "/" and isinstance(second, UnitWord):
        name, text, end = f"{name} / {second.unit.name}", f"{text}/{second.text}", end + 2
    elif isinstance(slash, Symbol) and slash.text == "/" and isinstance(second, Number) and isinstance(third, UnitWord):
        # "4.5 mg/5 mL": a strength per a number of units.
        per = quantity(second.value, third.unit.name)
        return Measure(quantity(number.value, name) / per, f"{number.text} {text}/{second.text} {third.text}"), end + 3
    return Measure(quantity(number.value, name), f"{number.text} {text}"), end


def _measure_or_range(items: list[grammar.Item], position: int) -> tuple[Piece, int]:
    low, end = _measure(items, position)
    joiner, number, unit = _at(items, end), _at(items, end + 1), _at(items, end + 2)
    if _is_range_word(joiner) and isinstance(number, Number) and isinstance(unit, UnitWord):
        high, after = _measure(items, end + 1)
        if high.quantity.units != low.quantity.units:
            raise DoseError(f"'{low.text}' and '{high.text}': a range needs one unit", "ambiguous-number")
        return _range(low, high), after
    return low, end


def _bare_low_range(items: list[grammar.Item], position: int) -> tuple[Piece, int]:
    """ "1.5-4.5 mg": the low end takes the unit written after the high end."""
    low_number, high_number, unit = items[position], items[position + 2], _at(items, position + 3)
    assert isinstance(low_number, Number) and isinstance(high_number, Number)
    if not isinstance(unit, UnitWord):
        raise DoseError(f"'{low_number.text}-{high_number.text}' has no unit: write mg, mcg or g", "no-unit")
    high, after = _measure(items, position + 2)
    low = Measure(quantity(low_number.value, str(high.quantity.units)), f"{low_number.text} {unit.text}")
    return _range(low, high), after


def _range(low: Measure, high: Measure) -> Range:
    if low.quantity.magnitude >= high.quantity.magnitude:
        raise DoseError(f"the range {low.text} to {high.text} must go from low to high", "ambiguous-number")
    return Range(low, high, f"{low.text} to {high.text}")


def _weight(items: list[grammar.Item], position: int) -> tuple[Piece, int]:
    number, unit = _at(items, position + 1), _at(items, position + 2)
    if not (isinstance(number, Number) and isinstance(unit, UnitWord) and unit.unit.name == "kilogram"):
        raise DoseError("a body weight is written as 'wt 30 kg'", "bad-weight")
    kilograms = Fraction(quantity(number.value, "kilogram").to("kilogram").magnitude)
    return Weight(kilograms, f"{number.text} kg"), position + 3


def _reject_loose_numbers(pieces: list[Piece]) -> None:
    has_amount = any(isinstance(p, (Measure, Range, Count, Percent)) for p in pieces)
    for piece in pieces:
        if isinstance(piece, Number):
            if not has_amount:
                raise DoseError(f"'{piece.text}' has no unit: write mg, mcg or g (a unit is never assumed)", "no-unit")
            raise DoseError(f"stray number '{piece.text}': it is not part of the dose or its frequency", "stray-number")
        if isinstance(piece, UnitWord):
            raise DoseError(f"'{piece.text}' has no number before it", "no-dose")
