"""FHIR R4 medication resources, read as plain JSON, and FHIR R4 Dosages written from a result.

Reading: NDJSON (Bulk Data), a Bundle, or one resource, gzipped or not. MedicationRequest and
MedicationDispense carry ``dosageInstruction``, MedicationStatement ``dosage``. The medication
is a ``medicationCodeableConcept`` (an RxNorm or NDC coding the data file lists, else its text),
a ``medicationReference`` to a contained or bundled Medication (its code, else its ingredient
strength), or R5's ``medication.concept`` / ``.reference``. Each dosage is classified from its
text and, apart, from its structure, which is first written as a plain sig (shown as
``structured_sig``) and read by the same grammar; ``fhir_agree`` says whether the two agree.

Writing: ``dosages(result)`` gives the FHIR R4 Dosage objects (dicts) of one reading, one per
titration step. No model library is used at run time; the tests validate against one.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, Any, cast

from ldnclass.classifier import classify
from ldnclass.codes import NDC_SYSTEM, RXNORM_SYSTEM, coded_facts, product_facts
from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode, InputFileError
from ldnclass.fhir_timing import is_number, timing_words
from ldnclass.regimens import Regimens
from ldnclass.result import Result, ResultError, json_number

UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
# SNOMED CT route codes (the FHIR R4 route value set), both ways.
ROUTE_CODES = {
    "oral": ("26643006", "Oral route"),
    "injectable": ("78421000", "Intramuscular route"),
    "topical": ("6064005", "Topical route"),
}
ROUTES_BY_CODE = {code: route for route, (code, _) in ROUTE_CODES.items()}
DOSAGE_KEYS = {"MedicationRequest": "dosageInstruction", "MedicationDispense": "dosageInstruction"}
DOSAGE_KEYS["MedicationStatement"] = "dosage"
MAX_DOCUMENT_BYTES = 64 << 20  # a Bundle or a pretty-printed resource is read whole; NDJSON is streamed
UNIT_WORDS = {"mg": "mg", "mcg": "mcg", "ug": "mcg", "g": "g", "ml": "mL", "mL": "mL"}
COUNT_WORDS = ("tab", "tablet", "{tbl}", "cap", "capsule", "{cap}", "each", "{each}", "1", "unit", "{unit}")
UNREADABLE = ErrorCode.UNREADABLE_RESOURCE


@dataclass(frozen=True)
class Entry:
    """One input resource, or the place where one could not be read."""

    resource: dict[str, Any] | None
    where: str  # "line 3", "entry 2", for messages
    error: str | None = None


@dataclass(frozen=True)
class DosageOutcome:
    """One dosage of a medication resource, read from its text and from its structure."""

    resource: str  # "MedicationRequest/abc"
    patient: str | None
    index: int | None  # the dosage's place in its list; None when the resource had none or failed
    medication: str | None  # the product as passed to classify (a code or a text)
    result: Result  # from the text, else from the structure
    structured_sig: str | None
    structured: Result | None
    agree: bool | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "resource": self.resource,
            "patient": self.patient,
            "dosage_index": self.index,
            "medication": self.medication,
            **self.result.to_dict(),
            "structured_sig": self.structured_sig,
            "structured": None if self.structured is None else self.structured.to_dict(),
            "fhir_agree": self.agree,
        }


# --- reading -----------------------------------------------------------------------------


def entries(stream: IO[bytes], name: str = "stdin") -> Iterator[Entry]:
    """Each resource of an NDJSON stream, a Bundle's entries, or one resource, in order."""
    head = stream.read(2)
    body: IO[bytes] = stream
    if head == b"\x1f\x8b":
        body = cast(IO[bytes], gzip.GzipFile(fileobj=_Prefixed(head, stream)))
        head = body.read(2)
    lines = _lines(head, body, name)
    first = next(lines, None)
    if first is None:
        return
    number, line = first
    try:
        document = json.loads(line) if line.strip() else None
    except json.JSONDecodeError:
        document = None
    if document is None and line.strip():  # not one JSON per line: a document over many lines
        text = line + b"".join(rest for _, rest in lines)
        if len(text) > MAX_DOCUMENT_BYTES:
            raise InputFileError(f"{name}: a JSON document over {MAX_DOCUMENT_BYTES >> 20} MiB; use NDJSON")
        try:
            yield from _expanded(json.loads(text), "document")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Entry(None, "document", f"not JSON: {error}")
        return
    if document is not None:
        yield from _expanded(document, f"line {number}")
    for number, line in lines:
        if not line.strip():
            continue
        try:
            yield from _expanded(json.loads(line), f"line {number}")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Entry(None, f"line {number}", f"not JSON: {error}")


class _Prefixed(io.RawIOBase):
    """A stream with its first bytes (already read to sniff gzip) put back."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix, self._rest = prefix, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._prefix or self._rest.read(len(buffer))
        self._prefix = b""
        buffer[: len(data)] = data
        return len(data)


def _lines(head: bytes, body: IO[bytes], name: str) -> Iterator[tuple[int, bytes]]:
    try:
        first = head + body.readline()
        number = 1
        line = first
        while line:
            yield number, line
            number += 1
            line = body.readline()
    except (OSError, EOFError) as error:
        raise InputFileError(f"{name}: cannot be read: {error}") from None


def _expanded(document: Any, where: str) -> Iterator[Entry]:
    if not isinstance(document, dict) or not isinstance(document.get("resourceType"), str):
        yield Entry(None, where, "not a FHIR resource (no resourceType)")
        return
    if document["resourceType"] != "Bundle":
        yield Entry(document, where)
        return
    bundled = document.get("entry") or []
    if not isinstance(bundled, list):
        yield Entry(None, where, "a Bundle whose entry is not a list")
        return
    for number, item in enumerate(bundled, 1):
        resource = item.get("resource") if isinstance(item, dict) else None
        if isinstance(resource, dict) and isinstance(item, dict) and isinstance(item.get("fullUrl"), str):
            resource = {**resource, "_fullUrl": item["fullUrl"]}
        yield from _expanded(resource, f"{where}, entry {number}")


def read_fhir(stream: IO[bytes], data: Regimens, name: str = "stdin") -> Iterator[DosageOutcome]:
    """Every dosage of every medication resource, in order; a resource that cannot be read,
    or that is not one ldnclass reads, gets its own outcome with an error code. Medication
    resources are kept for the references that follow them, and give no line of their own."""
    medications: dict[str, dict[str, Any]] = {}
    for entry in entries(stream, name):
        resource = entry.resource
        if resource is None:
            yield _failed(f"({entry.where})", None, UNREADABLE, entry.error or "unreadable")
            continue
        kind = resource["resourceType"]
        if kind == "Medication":
            for key in _keys(resource):
                medications[key] = resource
            continue
        label = f"{kind}/{resource.get('id', '')}"
        if kind not in DOSAGE_KEYS:
            yield _failed(
                label,
                None,
                ErrorCode.UNSUPPORTED_RESOURCE,
                f"a {kind} is not a medication request, dispense or statement",
            )
            continue
        try:
            outcomes = list(_dosages(resource, label, medications, data))
        except Exception as error:  # one resource's bug must not end the run, nor lose the rest
            message = f"{type(error).__name__}: {error} (a bug: please report it)"
            outcomes = [_failed(label, None, ErrorCode.INTERNAL_ERROR, message)]
        yield from outcomes


def _keys(resource: dict[str, Any]) -> list[str]:
    keys = [f"Medication/{resource.get('id')}"]
    if isinstance(resource.get("_fullUrl"), str):
        keys.append(resource["_fullUrl"])
    return keys


def _failed(label: str, patient: str | None, code: str, message: str) -> DosageOutcome:
    result = Result("", ok=False, error=ResultError(code, message))
    return DosageOutcome(label, patient, None, None, result, None, None, None)


def _dosages(
    resource: dict[str, Any], label: str, medications: dict[str, dict[str, Any]], data: Regimens
) -> Iterator[DosageOutcome]:
    subject = resource.get("subject") or resource.get("patient") or {}
    patient = subject.get("reference") if isinstance(subject, dict) else None
    try:
        product = medication_text(resource, medications, data)
    except DoseError as error:
        yield _failed(label, patient, error.code, error.message)
        return
    dosages = resource.get(DOSAGE_KEYS[resource["resourceType"]]) or []
    if not isinstance(dosages, list) or not dosages:
        yield _failed(label, patient, "no-dose", "the resource has no dosage")
        return
    for index, dosage in enumerate(dosages):
        if not isinstance(dosage, dict):
            outcome = _failed(label, patient, UNREADABLE, f"dosage {index} is not an object")
            yield DosageOutcome(label, patient, index, product, outcome.result, None, None, None)
            continue
        yield classify_dosage(dosage, label, patient, index, product, data)


def classify_dosage(
    dosage: dict[str, Any], label: str, patient: str | None, index: int, product: str | None, data: Regimens
) -> DosageOutcome:
    """A dosage classified from its text and, apart, from its structure."""
    text = dosage.get("text") if isinstance(dosage.get("text"), str) else None
    route = route_of_dosage(dosage)
    by_text = classify(text, data, product=product, route=route) if text else None
    by_structure: Result | None
    try:
        sig = structured_sig(dosage, product, data)
    except DoseError as error:
        sig, by_structure = None, Result("", ok=False, error=ResultError(error.code, error.message))
    else:
        by_structure = classify(sig, data, product=product, route=route) if sig else None
    result = by_text or by_structure
    if result is None:
        result = Result("", ok=False, error=ResultError(ErrorCode.NO_DOSE, "the dosage has neither text nor a dose"))
    return DosageOutcome(label, patient, index, product, result, sig, by_structure, agreement(by_text, by_structure))


def agreement(by_text: Result | None, by_structure: Result | None) -> bool | None:
    """True when text and structure come to the same class and dose; None when either is
    missing or could not be read."""
    if by_text is None or by_structure is None or not by_text.ok or not by_structure.ok:
        return None
    same = ("dose_class", "band", "daily_dose_mg", "daily_dose_mg_min", "route")
    if any(getattr(by_text, name) != getattr(by_structure, name) for name in same):
        return False
    return by_text.route != "injectable" or by_text.dose_mg == by_structure.dose_mg


# --- the medication ----------------------------------------------------------------------


def medication_text(resource: dict[str, Any], medications: dict[str, dict[str, Any]], data: Regimens) -> str | None:
    """The product as classify takes it: a code the data file lists ("RxCUI 1483744"), else a
    text; a code the data does not list, with no text beside it, is unknown-product."""
    concept = resource.get("medicationCodeableConcept")
    reference = resource.get("medicationReference")
    r5 = resource.get("medication")
    if isinstance(r5, dict):
        concept = concept or r5.get("concept")
        reference = reference or r5.get("reference")
    if isinstance(concept, dict):
        return _concept_text(concept, data, None)
    if isinstance(reference, dict) and isinstance(reference.get("reference"), str):
        return _referenced(reference["reference"], resource, medications, data)
    if isinstance(reference, dict) and isinstance(reference.get("display"), str):
        return str(reference["display"])
    return None


def _concept_text(concept: dict[str, Any], data: Regimens, fallback: str | None) -> str | None:
    """An RxNorm or NDC code the data file lists, else the concept's text (or a coding's
    display), else ``fallback``; an unknown code with nothing else is unknown-product."""
    text = concept.get("text") if isinstance(concept.get("text"), str) else None
    unknown: DoseError | None = None
    for coding in concept.get("coding") or []:
        if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
            continue
        system = coding.get("system")
        if system in (RXNORM_SYSTEM, NDC_SYSTEM):
            try:
                facts, _ = coded_facts(str(system), coding["code"], data)
            except DoseError as error:
                unknown = unknown or error
            else:
                return facts.text.split(" (")[0]  # "RxCUI 1483744": classify looks it up again
        text = text or (coding.get("display") if isinstance(coding.get("display"), str) else None)
    if text is not None or fallback is not None:
        return text or fallback
    if unknown is not None:
        raise unknown
    return None


def _referenced(
    reference: str, resource: dict[str, Any], medications: dict[str, dict[str, Any]], data: Regimens
) -> str | None:
    if reference.startswith("#"):
        contained = [c for c in resource.get("contained") or [] if isinstance(c, dict)]
        medication = next((c for c in contained if c.get("id") == reference[1:]), None)
    else:
        medication = medications.get(reference)
    if medication is None:
        raise DoseError(f"the medication {reference} is not in the input", ErrorCode.UNKNOWN_PRODUCT)
    strength = _ingredient_mg(medication)
    from_strength = f"naltrexone {format_mg(strength)} mg" if strength is not None else None
    concept = medication.get("code")
    if isinstance(concept, dict):
        return _concept_text(concept, data, from_strength)
    return from_strength


def _ingredient_mg(medication: dict[str, Any]) -> Fraction | None:
    """The first ingredient's strength per unit in mg (R4 strength, R5 strengthRatio)."""
    for ingredient in medication.get("ingredient") or []:
        if not isinstance(ingredient, dict):
            continue
        ratio = ingredient.get("strength") or ingredient.get("strengthRatio")
        if isinstance(ratio, dict) and "strengthRatio" in ratio:
            ratio = ratio["strengthRatio"]
        numerator = ratio.get("numerator") if isinstance(ratio, dict) else None
        denominator = ratio.get("denominator") if isinstance(ratio, dict) else None
        if not isinstance(numerator, dict) or not is_number(numerator.get("value")):
            continue
        if isinstance(denominator, dict) and denominator.get("value") not in (None, 1):
            continue  # per 5 mL and the like: not a strength per unit
        unit = str(numerator.get("code") or numerator.get("unit") or "").strip()
        if unit in ("mg", "MG"):
            return Fraction(str(numerator["value"]))
    return None


# --- the structure as a sig --------------------------------------------------------------


def route_of_dosage(dosage: dict[str, Any]) -> str | None:
    route = dosage.get("route")
    if not isinstance(route, dict):
        return None
    codings = route.get("coding")
    for coding in codings if isinstance(codings, list) else []:
        code = coding.get("code") if isinstance(coding, dict) else None
        if isinstance(code, str) and code in ROUTES_BY_CODE:  # a list where a code stands: not one
            return ROUTES_BY_CODE[code]
    return None


def structured_sig(dosage: dict[str, Any], product: str | None, data: Regimens) -> str | None:
    """The dosage's structure written as a plain sig ("0.5 tablet daily prn"), or None when it
    has no dose. A structure this cannot write (a rate, an odd period) is a DoseError."""
    amount = _structured_amount(dosage, product, data)
    if amount is None:
        return None
    parts = [amount, timing_words(dosage.get("timing"))]
    if dosage.get("asNeededBoolean") is True or isinstance(dosage.get("asNeededCodeableConcept"), dict):
        parts.append("prn")
    parts.append(_most_a_day(dosage.get("maxDosePerPeriod"), product, data))
    return " ".join(part for part in parts if part)


def _most_a_day(ratio: object, product: str | None, data: Regimens) -> str:
    """maxDosePerPeriod as "max 9 mg per day", "max 2 tablet per day", read as a sig's maximum
    is; "" if there is none. Only a ceiling over one day is written: another left unread could
    be the dose's."""
    if ratio is None:
        return ""
    numerator = ratio.get("numerator") if isinstance(ratio, dict) else None
    denominator = ratio.get("denominator") if isinstance(ratio, dict) else None
    if isinstance(numerator, dict) and isinstance(denominator, dict):
        one_day = denominator.get("value") == 1 and denominator.get("code", denominator.get("unit")) in ("d", "day")
        if one_day:
            return f"max {_quantity_text(numerator, product, data)} per day"
    raise DoseError("a maxDosePerPeriod other than an amount per day", ErrorCode.UNSUPPORTED_FORM)


def _structured_amount(dosage: dict[str, Any], product: str | None, data: Regimens) -> str | None:
    for dose_and_rate in dosage.get("doseAndRate") or []:
        if not isinstance(dose_and_rate, dict):
            continue
        quantity = dose_and_rate.get("doseQuantity")
        if isinstance(quantity, dict):
            return _quantity_text(quantity, product, data)
        span = dose_and_rate.get("doseRange")
        if isinstance(span, dict) and isinstance(span.get("low"), dict) and isinstance(span.get("high"), dict):
            low, high = _quantity_text(span["low"], product, data), _quantity_text(span["high"], product, data)
            low_number, _, unit = low.partition(" ")
            high_number, _, high_unit = high.partition(" ")
            if unit != high_unit:
                raise DoseError("a doseRange whose ends have different units", ErrorCode.UNSUPPORTED_FORM)
            return f"{low_number}-{high_number} {unit}"
    return None


def _quantity_text(quantity: dict[str, Any], product: str | None, data: Regimens) -> str:
    value = quantity.get("value")
    if not is_number(value):
        raise DoseError("a dose quantity with no number", ErrorCode.NO_DOSE)
    number = format_mg(Fraction(str(value)))
    unit = str(quantity.get("code") or quantity.get("unit") or "").strip()
    if unit in UNIT_WORDS or unit.casefold() in UNIT_WORDS:
        return f"{number} {UNIT_WORDS.get(unit) or UNIT_WORDS[unit.casefold()]}"
    if unit.casefold() in COUNT_WORDS or not unit:
        return _count_text(Fraction(str(value)), unit.casefold(), product, data)
    raise DoseError(f"the dose unit '{unit}' is not read (mg, mcg, g, mL or a count)", ErrorCode.NOT_A_MASS)


def _count_text(count: Fraction, unit: str, product: str | None, data: Regimens) -> str:
    """A count of units (Synthea writes a bare number): of the product's units. An injectable
    kit's count is written as its mg, which the grammar reads for an injection."""
    facts = product_facts(product, data)[0] if product else None
    if facts is not None and facts.route == "injectable" and facts.strength_mg is not None:
        return f"{format_mg(count * facts.strength_mg)} mg"
    capsule = "cap" in unit or (not unit.strip("{}1") and facts is not None and facts.form == "capsule")
    return f"{format_mg(count)} {'capsule' if capsule else 'tablet'}"


# --- writing Dosages ---------------------------------------------------------------------


def dosages(result: Result) -> list[dict[str, Any]]:
    """The FHIR R4 Dosage objects of one result: one per titration step, with ``sequence`` and
    the step's written duration as ``timing.repeat.boundsDuration``; else one. Empty when the
    result is not ok."""
    if not result.ok:
        return []
    if result.steps:
        return [_dosage(step, sequence) for sequence, step in enumerate(result.steps, 1)]
    return [_dosage(result, None)]


def _dosage(result: Result, sequence: int | None) -> dict[str, Any]:
    dosage: dict[str, Any] = {}
    if sequence is not None:
        dosage["sequence"] = sequence
    dosage["text"] = result.input.strip(" ,;")  # a step's text may end at its separator
    repeat = _repeat(result)
    if repeat:
        dosage["timing"] = {"repeat": repeat}
    if result.prn:
        dosage["asNeededBoolean"] = True
    if result.route in ROUTE_CODES:
        code, display = ROUTE_CODES[result.route]
        dosage["route"] = {"coding": [{"system": SNOMED, "code": code, "display": display}]}
    dose = _dose_and_rate(result)
    if dose:
        dosage["doseAndRate"] = [dose]
    if result.prn and result.daily_dose_mg is not None:
        dosage["maxDosePerPeriod"] = {"numerator": _mg(result.daily_dose_mg), "denominator": _days(Fraction(1))}
    return dosage


def _simple(result: Result) -> bool:
    """One amount on one schedule (not a weekday schedule or uneven doses), so the structure
    can say it; otherwise only the text does."""
    dose, per_day, daily = result.dose_mg, result.doses_per_day, result.daily_dose_mg
    return dose is not None and per_day is not None and daily is not None and dose * per_day == daily


def _repeat(result: Result) -> dict[str, Any]:
    repeat: dict[str, Any] = {}
    if result.duration_days is not None:
        repeat["boundsDuration"] = _days(result.duration_days)
    per_day = result.doses_per_day
    if per_day is not None and _simple(result):
        if per_day.denominator == 1:
            repeat.update(frequency=per_day.numerator, period=1, periodUnit="d")
        elif per_day.numerator == 1:
            repeat.update(frequency=1, period=per_day.denominator, periodUnit="d")
        else:
            repeat.update(frequency=per_day.numerator, period=per_day.denominator, periodUnit="d")
    return repeat


def _dose_and_rate(result: Result) -> dict[str, Any]:
    if result.dose_mg is None or (result.route == "oral" and not _simple(result)):
        return {}
    if result.daily_dose_mg_min is not None and result.doses_per_day:
        low = result.daily_dose_mg_min / result.doses_per_day
        return {"doseRange": {"low": _mg(low), "high": _mg(result.dose_mg)}}
    return {"doseQuantity": _mg(result.dose_mg)}


def _mg(value: Fraction) -> dict[str, Any]:
    return {"value": json_number(value), "unit": "mg", "system": UCUM, "code": "mg"}


def _days(value: Fraction) -> dict[str, Any]:
    return {"value": json_number(value), "unit": "d", "system": UCUM, "code": "d"}
