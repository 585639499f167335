"""A prescription record: the sig read with its product field (a text or a code) and the
dispensed supply. ``classify`` asks this module for the product's facts before it reads the
sig, for the reading itself when there is no sig (a claims row), and to finish the result
with the code's source and the supply cross-check.
"""

from __future__ import annotations

from typing import NamedTuple

from ldnclass.codes import code_note, product_facts
from ldnclass.reading import ProductFacts, Reading, ReadOptions, read, route_of
from ldnclass.regimens import ProductCode, Regimens
from ldnclass.result import Result
from ldnclass.supply import Number, Supply, cross_check, read_supply, supply_reading, without_sig


class Prescription(NamedTuple):  # NamedTuples here: defined in ~0.07 ms at start-up, a frozen dataclass ~0.5
    facts: ProductFacts | None = None
    code: ProductCode | None = None  # the data's entry, when the product was given as a code
    supply: Supply | None = None

    def read(self, text: str, options: ReadOptions) -> Reading:
        """The sig read with the product; with no sig at all, the supply is what is read."""
        if self.supply is not None and not text.strip():
            return supply_reading(self.supply, self.facts)
        return read(text, options)

    def finish(self, result: Result, reading: Reading, text: str, data: Regimens) -> Result:
        """The result with the code's source noted and the supply's figure and check."""
        if self.facts is not None and self.code is not None:
            result = result.replace(notes=(*result.notes, code_note(self.facts, self.code)))
        if self.supply is None:
            return result
        if not text.strip():
            result = without_sig(result)
            extra = () if result.route == "oral" else (self.supply.arithmetic(),)
            return result.replace(supply_daily_dose_mg=self.supply.daily_mg, arithmetic=(*result.arithmetic, *extra))
        return cross_check(result, reading, self.supply, data)


def prescription(
    product: str | None,
    quantity: Number | None,
    days_supply: Number | None,
    data: Regimens,
    route: str | None = None,
) -> Prescription:
    """The record's product and supply, read before the sig (DoseError when unreadable)."""
    facts, code = product_facts(product, data) if product is not None else (None, None)
    supply = read_supply(quantity, days_supply, facts, data, route_of(route) if route else None)
    return Prescription(facts, code, supply)
