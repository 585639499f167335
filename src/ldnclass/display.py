"""Numbers for people: exact when short, ≈ when not. Used by every view and message."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache


def format_mg(value: Fraction) -> str:
    """A number for people: exact when it is a short decimal, else ≈ with four decimals.

    Integer arithmetic only: any Fraction, however large, formats without a decimal context.
    """
    numerator, denominator = value.numerator, value.denominator
    if denominator == 1:
        return str(numerator)
    sign, numerator = ("-" if numerator < 0 else ""), abs(numerator)
    places = _decimal_places(denominator)
    if places is not None:
        digits = str(numerator * 10**places // denominator)
        if len(digits.strip("0")) <= EXACT_DIGITS:
            return sign + _with_point(digits, places)
    scaled, twice_rest = divmod(numerator * 10**ROUNDED_PLACES, denominator)
    twice_rest *= 2
    if twice_rest > denominator or (twice_rest == denominator and scaled % 2):
        scaled += 1  # half to even, as Decimal.quantize rounds
    return "≈" + (sign if scaled else "") + _with_point(str(scaled), ROUNDED_PLACES)


EXACT_DIGITS = 12
ROUNDED_PLACES = 4


@lru_cache(maxsize=256)
def _decimal_places(denominator: int) -> int | None:
    """How many decimals write 1/denominator exactly; None when no finite number does."""
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def _with_point(digits: str, places: int) -> str:
    """ "45", 1 → "4.5"; trailing zeros after the point dropped."""
    if places == 0:
        return digits
    digits = digits.rjust(places + 1, "0")
    whole, decimals = digits[:-places], digits[-places:].rstrip("0")
    return f"{whole}.{decimals}" if decimals else whole
