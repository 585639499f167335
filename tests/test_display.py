"""Numbers for people: ``format_mg`` against Decimal, the way a person would check it."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass.display import EXACT_DIGITS, ROUNDED_PLACES, format_mg


def decimal_oracle(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)  # a whole number is always written whole
    with localcontext() as context:
        context.prec = 200  # enough for every value below: a finite decimal comes out exact
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(exact) == value:  # a finite decimal: written exactly when it is short
        digits = "".join(map(str, exact.as_tuple().digits)).strip("0")
        if len(digits) <= EXACT_DIGITS:
            return format(exact.normalize(), "f")
    rounded = exact.quantize(Decimal(1).scaleb(-ROUNDED_PLACES), rounding=ROUND_HALF_EVEN)
    text = format(rounded, "f").rstrip("0").rstrip(".")
    return "≈" + ("0" if text in ("-0", "0") else text)


@settings(max_examples=2000, deadline=None)
@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from([1, 2, 3, 4, 7, 8, 16, 20, 25, 40, 80, 125, 3 * 7, 10**6, 2**20, 5**13, 9999]),
)
def test_format_mg_is_the_decimal_value_exact_or_rounded_half_to_even(numerator: int, denominator: int) -> None:
    value = Fraction(numerator, denominator)
    assert format_mg(value) == decimal_oracle(value)


def test_format_mg_examples() -> None:
    assert format_mg(Fraction(9, 2)) == "4.5"
    assert format_mg(Fraction(50, 7)) == "≈7.1429"
    assert format_mg(Fraction(-1, 3)) == "≈-0.3333"
    assert format_mg(Fraction(1, 3 * 10**6)) == "≈0"
    assert format_mg(Fraction(1, 20000)) == "0.00005"
    assert format_mg(Fraction(5, 10**5 * 2)) == "0.000025"
    assert format_mg(Fraction(1, 80000)) == "0.0000125"
    assert format_mg(Fraction(3, 160000)) == "0.00001875"  # 0.00001875 exactly: short enough
    assert format_mg(Fraction(1, 2**20)) == "≈0"  # 20 exact digits: too long, rounded
