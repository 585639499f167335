"""A body weight as a caller gives it ("30", "30kg", 72.5), checked before it becomes a number."""

from __future__ import annotations

from fractions import Fraction

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.patterns import LazyPattern

# Plausibility limits for reading a body weight, not clinical rules: from a small preterm
# newborn to beyond any recorded adult. The text is checked before it becomes a number, so
# "1e999999999" costs nothing.
MIN_BODY_WEIGHT_KG = Fraction(1, 2)
MAX_BODY_WEIGHT_KG = 500
_WEIGHT_TEXT = LazyPattern(r"([0-9]{1,4}(?:\.[0-9]{1,3})?|\.[0-9]{1,3})\s*(?:kg)?")


def body_weight_kg(value: Fraction | float | str) -> Fraction:
    """A body weight as given ("30", "30kg", "30 kg", 30), checked; else a bad-weight DoseError."""
    if isinstance(value, Fraction):
        weight = value
    else:
        text = str(value).strip().lower()[:40]
        match = _WEIGHT_TEXT.fullmatch(text)
        if match is None:
            raise DoseError(f"'{text}' is not a body weight in kg (write it as e.g. 30 or 30kg)", ErrorCode.BAD_WEIGHT)
        weight = Fraction(match.group(1))
    if not MIN_BODY_WEIGHT_KG <= weight <= MAX_BODY_WEIGHT_KG:
        raise DoseError(
            f"a body weight of {format_mg(weight)} kg is implausible: "
            f"give it in kg, from {format_mg(MIN_BODY_WEIGHT_KG)} to {MAX_BODY_WEIGHT_KG} kg",
            ErrorCode.BAD_WEIGHT,
        )
    return weight
