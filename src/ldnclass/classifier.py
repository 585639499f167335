"""A reading and the regimens data → a result. Pure: no I/O beyond loading the data once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.label import routine_titration, with_label
from ldnclass.reading import ONCE_DAILY_ASSUMPTION, Dose, Reading, ReadOptions
from ldnclass.record import prescription
from ldnclass.regimens import Band, Regimen, Regimens, load_regimens
from ldnclass.result import Result, ResultError
from ldnclass.supply import Number
from ldnclass.weight import body_weight_kg


def classify(
    text: str,
    regimens: Regimens | None = None,
    *,
    product: str | None = None,
    route: str | None = None,
    weight_kg: Fraction | float | str | None = None,
    quantity: Number | None = None,
    days_supply: Number | None = None,
) -> Result:
    """Read and classify one dose text (a sig). Never raises for a bad dose: the result says why.

    ``product`` is the record's medication field ("naltrexone 50 mg tablet"): what each unit
    holds, read apart from the sig and then with it. ``route`` ("oral", "injectable",
    "topical") and ``weight_kg`` add what the text may leave out; they must agree with it.
    ``product`` may be a code the data file lists (RxCUI, NDC). ``quantity`` and ``days_supply``
    (what was dispensed) give the supply's mg/day, checked against the sig's (``record.py``).

    >>> classify("2.25 mg bid").dose_class
    'LDN'
    """
    if not isinstance(text, str):
        raise TypeError(f"classify() takes the dose as a str, not {type(text).__name__}")
    data = regimens if regimens is not None else load_regimens()
    site_file = None if data.is_default else data.path
    try:
        record = prescription(product, quantity, days_supply, data, route)
        options = ReadOptions(
            route=route,
            weight_kg=None if weight_kg is None else body_weight_kg(weight_kg),
            unit_strength_mg=data.unit_strengths,
            product_routes=data.product_routes,
            product=record.facts,
        )
        reading = record.read(text, options)
        result = record.finish(with_label(_classify_reading(reading, data), reading, data), reading, text, data)
    except DoseError as error:
        return Result(text, ok=False, error=ResultError(error.code, error.message), regimens_file=site_file)
    return result.replace(input=text, regimens_file=site_file, weight_kg=options.weight_kg)


def classify_many(texts: Iterable[str], regimens: Regimens | None = None) -> Iterator[Result]:
    """Classify each text in order, lazily; the regimens are loaded once."""
    data = regimens if regimens is not None else load_regimens()
    for text in texts:
        yield classify(text, data)


def _classify_reading(reading: Reading, data: Regimens) -> Result:
    if reading.form == "topical":
        return _route_result(reading, data, None)
    if reading.form == "injectable":
        return _injectable(reading, data)
    if reading.route == "injectable":  # "Vivitrol 380 mg IM q4 weeks and then 2 mg": never averaged
        raise DoseError(
            "an injection is read as one dose: not a range, a schedule or a titration", ErrorCode.UNSUPPORTED_FORM
        )
    daily_dose_mg = reading.daily_dose_mg
    _check_plausible(daily_dose_mg, data)
    band = data.oral_band_for(daily_dose_mg)
    regimen, notes = _regimen_for(reading, band, data)
    if reading.product is not None and regimen is not None and regimen.band != band.id and regimen.route == "oral":
        # Contrave: classed by its product, never by the band its naltrexone mg/day falls in
        notes = [*notes, f"classed by the product ({regimen.label}), not by its naltrexone mg/day"]
        band = data.band(regimen.band)
    _check_single_dose(reading, band)
    final = reading.doses[-1]
    warnings = reading.warnings + _salt_warnings(reading, final, data) + _regimen_warnings(regimen, daily_dose_mg)
    result = Result.made(
        input="",
        ok=True,
        dose_class=band.dose_class,
        band=band.id,
        regimen=regimen.id if regimen else band.default_regimen,
        route=reading.route,
        dose_mg=max(d.dose_mg for d in reading.doses) if reading.form in ("weekly", "divided") else final.dose_mg,
        doses_per_day=_doses_per_day(reading),
        daily_dose_mg=daily_dose_mg,
        assumptions=tuple(dict.fromkeys(a for d in reading.doses for a in d.assumptions)),
        warnings=tuple(dict.fromkeys(warnings)),
        notes=tuple(dict.fromkeys([*reading.notes, *notes])),
        arithmetic=_arithmetic(reading),
        prn=reading.prn,
    )
    if reading.form == "range":
        return _range_result(result, reading, data)
    if reading.form == "titration":
        return _titration_result(result, reading, data)
    return result


def _check_single_dose(reading: Reading, band: Band) -> None:
    """ "100 mg po every 4 weeks" averages 3.6 mg/day, but no dose of it is low."""
    limit = band.largest_single_dose_mg
    if limit is None:
        return
    doses = reading.doses[-1:] if reading.form == "titration" else reading.doses
    largest = doses[0].dose_mg if len(doses) == 1 else max(dose.dose_mg for dose in doses)
    if largest > limit:
        raise DoseError(
            f"single doses of {format_mg(largest)} mg average {format_mg(reading.daily_dose_mg)} mg/day, but a dose "
            f"of {band.label} is at most {format_mg(limit)} mg: check the schedule",
            ErrorCode.IMPLAUSIBLE,
        )


def _check_plausible(daily_dose_mg: Fraction, data: Regimens) -> None:
    limit = data.implausible_limit
    if daily_dose_mg > limit:
        raise DoseError(
            f"{format_mg(daily_dose_mg)} mg/day is implausible (over {format_mg(limit)} mg/day): "
            "check the unit and the decimal point",
            ErrorCode.IMPLAUSIBLE,
        )


def _doses_per_day(reading: Reading) -> Fraction:
    return (
        sum((d.doses_per_day for d in reading.doses), Fraction(0))
        if reading.form in ("weekly", "divided")
        else (reading.doses[-1].doses_per_day)
    )


def _arithmetic(reading: Reading) -> tuple[str, ...]:
    if reading.form == "weekly":
        parts = " + ".join(
            f"{format_mg(d.dose_mg)} mg × {format_mg(d.count)} day{'s' if d.count != 1 else ''}" for d in reading.doses
        )
        total = sum((d.dose_mg * d.count for d in reading.doses), Fraction(0))
        return (f"{parts} = {format_mg(total)} mg/week ÷ 7 = {format_mg(reading.daily_dose_mg)} mg/day",)
    if reading.form == "divided":
        parts = " + ".join(f"{format_mg(d.dose_mg)} mg ({d.frequency.text})" for d in reading.doses)
        return (
            *(step for d in reading.doses for step in d.arithmetic[:-1]),
            f"{parts} = {format_mg(reading.daily_dose_mg)} mg/day",
        )
    if reading.form == "titration":
        return tuple(reading.doses[-1].arithmetic)
    return tuple(step for dose in reading.doses for step in dose.arithmetic)


def _regimen_for(reading: Reading, band: Band, data: Regimens) -> tuple[Regimen | None, list[str]]:
    """The product's regimen, else a regimen whose schedule this reading is exactly, else none."""
    if reading.product is not None:
        return data.product_regimen(reading.product), []
    if reading.form == "divided":
        return None, []
    scheduled = data.schedules_in(band.id)
    if scheduled:
        final = reading.doses[-1]
        every_hours = final.period_hours / final.count
        for regimen, schedule in scheduled:
            if schedule.matches(final.dose_mg, every_hours, reading.weekly_mg):
                kind = "in the FDA label" if schedule.labeled else "used in practice, not in the label"
                return regimen, [f"{schedule.label}: {kind}", *_single_dose_notes(reading, band)]
    return None, _single_dose_notes(reading, band)


def _single_dose_notes(reading: Reading, band: Band) -> list[str]:
    """An intermittent schedule may give single doses above the band's daily top: say so."""
    if band.daily_dose_mg is None:
        return []
    top = band.daily_dose_mg.bounds_mg[1]
    largest = max(d.dose_mg for d in reading.doses)
    if largest > top and reading.daily_dose_mg <= top:
        return [
            f"single doses of {format_mg(largest)} mg are above {format_mg(top)} mg; "
            "the class comes from the average daily dose"
        ]
    return []


def _regimen_warnings(regimen: Regimen | None, daily_dose_mg: Fraction) -> list[str]:
    limit = regimen.max_daily_dose_mg if regimen is not None else None
    if regimen is None or limit is None or daily_dose_mg <= limit:
        return []
    return [
        f"{format_mg(daily_dose_mg)} mg/day of naltrexone is over the {format_mg(Fraction(limit))} "
        f"mg/day recommended for {regimen.label}"
    ]


def _salt_warnings(reading: Reading, dose: Dose, data: Regimens) -> list[str]:
    if reading.salt != "base":
        return []
    masses = data.molar_mass_g_per_mol
    as_hcl = dose.dose_mg * Fraction(masses.naltrexone_hcl) / Fraction(masses.naltrexone_base)
    return [
        f"dose stated as naltrexone base: {format_mg(dose.dose_mg)} mg base equals {format_mg(as_hcl)} mg "
        "naltrexone HCl (the salt of the tablets); classified on the amount stated"
    ]


def _route_result(reading: Reading, data: Regimens, dose_mg: Fraction | None) -> Result:
    band = data.route_band(reading.route)
    product = data.product_regimen(reading.product) if reading.product else None
    strength = f"{format_mg(reading.strength_percent)}% " if reading.strength_percent is not None else ""
    return Result(
        input="",
        ok=True,
        dose_class=band.dose_class,
        band=band.id,
        regimen=product.id if product else band.default_regimen,
        route=reading.route,
        dose_mg=dose_mg,
        warnings=tuple(reading.warnings),
        notes=tuple(reading.notes),
        arithmetic=(f"{strength}{reading.route} product: not averaged into an oral mg/day",),
    )


def _injectable(reading: Reading, data: Regimens) -> Result:
    """An injection is classed by its route and product, never averaged into a daily oral band."""
    if len(reading.doses) != 1:  # "380 mg IM q4-6 weeks", "1-2 kits"
        raise DoseError(
            "an injection is read as one dose: not a range, a schedule or a titration", ErrorCode.UNSUPPORTED_FORM
        )
    (dose,) = reading.doses
    result = _route_result(reading, data, dose.dose_mg)
    regimen = data.regimen(result.regimen) if result.regimen else None
    warnings = list(result.warnings)
    labeled_mg = Fraction(regimen.labeled_dose_mg) if regimen is not None and regimen.labeled_dose_mg else None
    if labeled_mg is not None and not labeled_mg / 2 <= dose.dose_mg <= labeled_mg * 2:
        # "naltrexone 4.5 mg IM weekly": no injection of that size exists; classing it HDN would be a guess
        raise DoseError(
            f"{format_mg(dose.dose_mg)} mg per injection: the naltrexone injection is {format_mg(labeled_mg)} mg "
            f"({regimen.label if regimen else ''}); check the dose and the route",
            ErrorCode.CONFLICTING_AMOUNTS,
        )
    if regimen is not None and regimen.labeled_dose_mg is not None and dose.dose_mg != regimen.labeled_dose_mg:
        warnings.append(f"the labeled dose of {regimen.label} is {format_mg(Fraction(regimen.labeled_dose_mg))} mg")
    labeled_days = regimen.labeled_every_days if regimen is not None else None
    label_says = f"the label gives one injection every {labeled_days} days" if labeled_days else ""
    given = ONCE_DAILY_ASSUMPTION not in dose.assumptions
    every_days = dose.period_hours / dose.count / 24
    assumptions = [] if given else [f"no interval given{': ' + label_says if label_says else ''}"]
    if given and labeled_days and not dose.frequency.calendar_month and every_days != labeled_days:
        warnings.append(f"'{dose.frequency.text}' is every {format_mg(every_days)} days; {label_says}")
    arithmetic = (f"{format_mg(dose.dose_mg)} mg per injection" + (f", {dose.frequency.text}" if given else ""),)
    return result.replace(warnings=tuple(warnings), assumptions=tuple(assumptions), arithmetic=arithmetic)


def _range_result(result: Result, reading: Reading, data: Regimens) -> Result:
    low, high = reading.doses
    low_band = data.oral_band_for(low.daily_dose_mg)
    if low_band.id != result.band:
        raise DoseError(
            f"the range spans two bands: {format_mg(low.daily_dose_mg)} mg/day is {low_band.id}, "
            f"{format_mg(high.daily_dose_mg)} mg/day is {result.band}",
            ErrorCode.RANGE_SPANS_BANDS,
        )
    return result.replace(
        daily_dose_mg_min=low.daily_dose_mg,
        notes=(
            *result.notes,
            f"a range: {format_mg(low.daily_dose_mg)} to "
            f"{format_mg(high.daily_dose_mg)} mg/day, classified on both ends",
        ),
    )


def _titration_result(result: Result, reading: Reading, data: Regimens) -> Result:
    steps = []
    for dose in reading.doses:
        single = Reading("single", reading.route, [dose], product=reading.product, salt=reading.salt)
        step = _classify_reading(single, data)
        steps.append(step.replace(input=dose.text or f"{format_mg(dose.dose_mg)} mg", duration_days=dose.duration_days))
    bands = list(dict.fromkeys(str(step.band) for step in steps))
    warnings = list(result.warnings)
    if len(bands) > 1 and not routine_titration(steps, data):
        warnings.append(
            f"the steps fall in different bands ({', '.join(bands)}); classified on the last (maintenance) step"
        )
    return result.replace(
        steps=tuple(steps),
        warnings=tuple(warnings),
        notes=(*result.notes, f"a titration of {len(steps)} steps"),
    )
