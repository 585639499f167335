"""A reading and the regimens data → a result. Pure: no I/O beyond loading the data once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction

from ldnclass.errors import DoseError
from ldnclass.reading import Reading, format_mg, read
from ldnclass.regimens import Regimens, load_regimens
from ldnclass.result import Result, ResultError

HOURS_PER_DAY = 24


def classify(text: str, regimens: Regimens | None = None) -> Result:
    """Read and classify one dose text. Never raises for a bad dose: the result says why.

    >>> classify("2.25 mg bid").dose_class
    'LDN'
    """
    if not isinstance(text, str):
        raise TypeError(f"classify() takes the dose as a str, not {type(text).__name__}")
    data = regimens if regimens is not None else load_regimens()
    site_file = None if data.is_default else data.path
    try:
        return _classify_reading(text, read(text), data, site_file)
    except DoseError as error:
        return Result(text, ok=False, error=ResultError(error.code, error.message), regimens_file=site_file)


def classify_many(texts: Iterable[str], regimens: Regimens | None = None) -> Iterator[Result]:
    """Classify each text in order, lazily; the regimens are loaded once."""
    data = regimens if regimens is not None else load_regimens()
    for text in texts:
        yield classify(text, data)


def _classify_reading(text: str, reading: Reading, data: Regimens, site_file: str | None) -> Result:
    daily_dose_mg = reading.daily_dose_mg
    limit = data.implausible_above_mg_per_day
    if daily_dose_mg > limit:
        raise DoseError(
            f"{format_mg(daily_dose_mg)} mg/day is implausible (over {format_mg(Fraction(limit))} mg/day): "
            "check the unit and the decimal point",
            "implausible",
        )
    band = data.oral_band_for(daily_dose_mg)
    regimen, notes = _regimen_for(reading, band.id, band.default_regimen, data)
    return Result(
        input=text,
        ok=True,
        dose_class=band.dose_class,
        band=band.id,
        regimen=regimen,
        dose_mg=reading.dose_mg,
        doses_per_day=reading.doses_per_day,
        daily_dose_mg=daily_dose_mg,
        assumptions=tuple(reading.assumptions),
        warnings=tuple(reading.warnings),
        notes=tuple(notes),
        arithmetic=tuple(reading.arithmetic),
        regimens_file=site_file,
    )


def _regimen_for(reading: Reading, band_id: str, default: str | None, data: Regimens) -> tuple[str | None, list[str]]:
    """A regimen whose labeled schedule this reading is exactly, else the band's default."""
    for regimen in data.regimens:
        if regimen.band != band_id:
            continue
        for schedule in regimen.schedules:
            if (
                reading.count == 1
                and reading.period_hours == schedule.every_days * HOURS_PER_DAY
                and reading.dose_mg == schedule.dose_mg
            ):
                return regimen.id, [f"{schedule.label}: {regimen.label}"]
    return default, []
