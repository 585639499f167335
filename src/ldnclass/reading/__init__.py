"""Reading a dose text: text → tokens (grammar, by the vocabulary in lexicon) → pieces → doses →
the whole text's form (forms). Nothing outside this package imports its inner modules.

The face: :func:`read` a text with :class:`ReadOptions` into a :class:`Reading`; a record's
product field with :func:`read_product` into :class:`ProductFacts`; :func:`route_of` for a route a
caller gives. The supply check and the label verdict also build on :class:`Dose` and
:class:`FrequencyWord`, and on the two constants below.
"""

from __future__ import annotations

from ldnclass.reading.dose import HOURS_PER_DAY, ONCE_DAILY_ASSUMPTION, Dose
from ldnclass.reading.forms import Reading, ReadOptions, read, route_of
from ldnclass.reading.grammar import FrequencyWord
from ldnclass.reading.product import ProductFacts, read_product

__all__ = [
    "HOURS_PER_DAY",
    "ONCE_DAILY_ASSUMPTION",
    "Dose",
    "FrequencyWord",
    "ProductFacts",
    "ReadOptions",
    "Reading",
    "read",
    "read_product",
    "route_of",
]
