"""Where a classified dose stands against the product's FDA label. Pure: no I/O.

The verdicts and their words live in the data file (each band's and regimen's
``label_status``); this module only picks one. A regimen that says what its labeled
dose is (``labeled_dose_mg`` every ``labeled_every_days``, or at most
``max_daily_dose_mg``) gets its ``otherwise`` verdict when the dose is not that.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ldnclass.reading import HOURS_PER_DAY, ONCE_DAILY_ASSUMPTION
from ldnclass.regimens import LabelVerdict, Regimen, Regimens
from ldnclass.result import Result

if TYPE_CHECKING:
    from ldnclass.reading import Dose, Reading


def with_label(result: Result, reading: Reading, data: Regimens) -> Result:
    """``result`` (and each titration step) with its label status and headline filled in."""
    if not result.ok:
        return result
    injection = reading.doses[0] if reading.form == "injectable" and reading.doses else None
    labeled = _labeled(result, data, injection)
    if not result.steps:
        return labeled
    return labeled.replace(steps=tuple(_labeled(step, data, None) for step in result.steps))


def _labeled(result: Result, data: Regimens, injection: Dose | None) -> Result:
    found = verdict(result, data, injection)
    return result.replace(label_status=found.status, label_summary=found.headline)


def verdict(result: Result, data: Regimens, injection: Dose | None = None) -> LabelVerdict:
    """The data file's verdict for the result's regimen (else its band)."""
    assert result.band is not None
    if result.regimen is not None:
        regimen = data.regimen(result.regimen)
        chosen = regimen.label_status
        if chosen.otherwise is not None and not _is_labeled_dose(regimen, result, injection):
            return chosen.otherwise
    else:
        chosen = data.band(result.band).label_status
    return chosen  # the data's own verdict: a model built per dose cost ~3 µs a text


def _is_labeled_dose(regimen: Regimen, result: Result, injection: Dose | None) -> bool:
    daily = result.daily_dose_mg
    if regimen.max_daily_dose_mg is not None and daily is not None and daily > regimen.max_daily_dose_mg:
        return False
    if regimen.labeled_dose_mg is None:
        return True
    if result.dose_mg is None or result.dose_mg != regimen.labeled_dose_mg:
        return False
    every_days = regimen.labeled_every_days
    if every_days is None:
        return True
    if injection is not None:
        if ONCE_DAILY_ASSUMPTION in injection.assumptions or injection.frequency.calendar_month:
            return True  # no interval written (the assumptions say so), or "monthly", as the label allows
        return injection.period_hours / injection.count == every_days * HOURS_PER_DAY
    return result.doses_per_day == Fraction(1, every_days)


def routine_titration(steps: Sequence[Result], data: Regimens) -> bool:
    """True when every step outside the final band is in a regimen that ``leads_to`` it
    (a 0.5 mg start on the way to LDN, a 25 mg first dose on the way to 50 mg)."""
    if not steps:
        return True
    final = steps[-1].band
    for step in steps:
        if step.band == final:
            continue
        regimen = data.regimen(step.regimen) if step.regimen else None
        if regimen is None or regimen.leads_to != final:
            return False
    return True
