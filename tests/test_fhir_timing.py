"""FHIR Timing: every part that changes the day's dose is read or refused (stop 36's attack).

A dosage's structure with no text was read from frequency, period and periodUnit only, and from
timing.code's text: ``dayOfWeek: [mon, wed, fri]`` was 50 mg every day (HDN) where it is 21.4;
``when: [MORN, HS]`` one dose where it is two; a coded ``BID`` with no text "no frequency given".
Oracle: the structure classifies as the same dose written as a sig by hand (R4's Timing and
EventTiming definitions), and a part left unread is refused, never passed over.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify, load_regimens
from ldnclass.errors import DoseError
from ldnclass.fhir import classify_dosage, structured_sig
from ldnclass.fhir_timing import DAYS, EVENTS, TIMING_CODES

REGIMENS = load_regimens()
GTS = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation"
# How many doses a day each EventTiming is, by hand: one, at its own time of day
# (EVE beside HS is refused: the grammar asks whether the evening and bedtime are one dose)
HAND_WRITTEN_EVENTS = {"MORN": "every morning", "NOON": "at noon", "AFT": "in the afternoon", "HS": "at bedtime"}
# Each timing abbreviation as R4 defines it (v3 GTSAbbreviation), by hand
HAND_WRITTEN_CODES = {
    "QD": "once a day",
    "BID": "twice a day",
    "TID": "three times a day",
    "QID": "four times a day",
    "QOD": "every other day",
    "WK": "once a week",
    "AM": "in the morning",
    "PM": "in the evening",
    "BED": "at bedtime",
    "Q8H": "every 8 hours",
}


def _dosage(timing: dict[str, Any], mg: str = "4.5") -> dict[str, Any]:
    return {"timing": timing, "doseAndRate": [{"doseQuantity": {"value": float(mg), "code": "mg"}}]}


def _by_structure(dosage: dict[str, Any]) -> Any:
    return classify_dosage(dosage, "MedicationRequest/t", None, 0, None, REGIMENS).result


def _same_dose(dosage: dict[str, Any], by_hand: str) -> None:
    structured, plain = _by_structure(dosage), classify(by_hand, REGIMENS)
    assert plain.ok, (by_hand, plain.error)
    assert structured.ok, (dosage, structured.error)
    assert (structured.daily_dose_mg, structured.dose_mg) == (plain.daily_dose_mg, plain.dose_mg), (dosage, by_hand)
    assert not structured.assumptions, structured.assumptions  # never "no frequency given"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(HAND_WRITTEN_CODES)), st.sampled_from(["1.5", "4.5", "50"]))
def test_a_coded_timing_with_no_text(code: str, mg: str) -> None:
    dosage = _dosage({"code": {"coding": [{"system": GTS, "code": code}]}}, mg)
    _same_dose(dosage, f"{mg} mg {HAND_WRITTEN_CODES[code]}")


def test_every_timing_abbreviation_has_its_hand_written_reading() -> None:
    assert set(HAND_WRITTEN_CODES) <= set(TIMING_CODES)
    for code, (words, _) in TIMING_CODES.items():
        assert classify(f"380 mg IM {words}" if code == "MO" else f"1 mg {words}", REGIMENS).ok, (code, words)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(HAND_WRITTEN_EVENTS)), min_size=1, max_size=3, unique=True),
    st.booleans(),
)
def test_each_time_of_day_is_a_dose(events: list[str], with_frequency: bool) -> None:
    repeat: dict[str, Any] = {"when": events}
    if with_frequency:  # some systems say as many a day beside the times, others nothing
        repeat |= {"frequency": len(events), "period": 1, "periodUnit": "d"}
    in_order = sorted(events, key=list(HAND_WRITTEN_EVENTS).index)
    by_hand = "4.5 mg " + " and ".join(HAND_WRITTEN_EVENTS[event] for event in in_order)
    _same_dose(_dosage({"repeat": repeat}), by_hand)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["08:00:00", "12:30:00", "20:00:00", "22:00:00"]), min_size=1, max_size=3, unique=True))
def test_each_clock_time_is_a_dose(clocks: list[str]) -> None:
    dosage = _dosage({"repeat": {"timeOfDay": clocks}}, "50")
    _same_dose(dosage, f"50 mg {len(clocks)} times a day" if len(clocks) > 1 else "50 mg daily")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(DAYS)), min_size=1, max_size=6, unique=True),
    st.sampled_from(["none", "daily", "weekly"]),
)
def test_the_days_of_the_week(days: list[str], frequency: str) -> None:
    repeat: dict[str, Any] = {"dayOfWeek": days}
    if frequency == "daily":
        repeat |= {"frequency": 1, "period": 1, "periodUnit": "d"}
    elif frequency == "weekly":
        repeat |= {"frequency": len(days), "period": 1, "periodUnit": "wk"}
    dosage = _dosage({"repeat": repeat}, "50")
    result = _by_structure(dosage)
    assert result.ok, result.error
    assert result.daily_dose_mg == Fraction(50 * len(days), 7), (days, result.daily_dose_mg)


def test_a_range_of_times_a_day() -> None:
    dosage = _dosage({"repeat": {"frequency": 1, "frequencyMax": 2, "period": 1, "periodUnit": "d"}}, "50")
    result = _by_structure(dosage)
    assert (result.daily_dose_mg_min, result.daily_dose_mg) == (50, 100)


def test_the_most_a_day() -> None:
    dosage = _dosage({"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}, "50") | {
        "asNeededBoolean": True,
        "maxDosePerPeriod": {"numerator": {"value": 100, "code": "mg"}, "denominator": {"value": 1, "code": "d"}},
    }
    assert structured_sig(dosage, None, REGIMENS) == "50 mg daily prn max 100 mg per day"


@pytest.mark.parametrize(
    "timing",
    [
        {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["MORN", "HS"]}},  # one or two?
        {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d", "dayOfWeek": ["mon"]}},
        {"repeat": {"when": ["MORN"], "timeOfDay": ["08:00:00"]}},
        {"repeat": {"when": ["C"]}},  # with a meal: which?
        {"repeat": {"frequency": 1, "period": 4, "periodMax": 6, "periodUnit": "h"}},  # not read
        {"repeat": {"dayOfWeek": ["mon", "fri"], "when": ["MORN", "HS"]}},
        {"repeat": {"dayOfWeek": ["monday"]}},
        {"repeat": {"timeOfDay": ["8 am"]}},
        {"repeat": {"frequency": 1, "frequencyMax": 2, "period": 1, "periodUnit": "wk"}},
        {"repeat": {"someday": 1, "frequency": 1, "period": 1, "periodUnit": "d"}},
        {"code": {"coding": [{"system": GTS, "code": "XYZ"}]}},
    ],
)
def test_a_timing_part_it_cannot_read_is_refused(timing: dict[str, Any]) -> None:
    with pytest.raises(DoseError):
        structured_sig(_dosage(timing), None, REGIMENS)


def test_what_changes_no_dose_is_passed_over() -> None:
    passed = {"boundsPeriod": {"start": "2026-01-01"}, "count": 30, "duration": 1, "durationUnit": "min", "offset": 30}
    repeat = {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}
    assert structured_sig(_dosage({"repeat": repeat | passed}), None, REGIMENS) == "4.5 mg at bedtime"


def test_every_event_is_a_time_of_day_the_grammar_reads() -> None:
    for event, words in EVENTS.items():
        result = classify(f"4.5 mg {words}", REGIMENS)
        assert result.ok and result.doses_per_day == 1, (event, words, result.error)


# A second attack: a code beside a repeat that holds only bounds or a count was passed over
# (R4: the code is a complete statement, and bounds still apply over it): QOD with boundsDuration
# was 50 mg a day for 25. And JSON of the wrong type where a code stands raised TypeError.
@pytest.mark.parametrize(
    ("code", "beside"),
    [("QOD", {"boundsDuration": {"value": 30, "unit": "d"}}), ("WK", {"count": 4}), ("BID", {})],
)
def test_a_code_beside_a_repeat_of_bounds_only(code: str, beside: dict[str, Any]) -> None:
    dosage = _dosage({"code": {"coding": [{"system": GTS, "code": code}]}, "repeat": beside}, "50")
    _same_dose(dosage, f"50 mg {HAND_WRITTEN_CODES[code]}")


def test_a_code_and_a_repeat_that_agree_are_read_and_that_differ_refused() -> None:
    bid = {"coding": [{"system": GTS, "code": "BID"}]}
    agreeing = _dosage({"code": bid, "repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}})
    _same_dose(agreeing, "4.5 mg twice a day")
    with pytest.raises(DoseError):
        structured_sig(
            _dosage({"code": bid, "repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}), None, REGIMENS
        )


ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.lists(st.text(max_size=3), max_size=2), st.just({})
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["when", "dayOfWeek", "timeOfDay", "frequency", "period", "periodUnit", "frequencyMax"]),
    st.one_of(ODD_VALUES, st.lists(ODD_VALUES, max_size=3)),
    st.sampled_from(["repeat", "code", "timing", "route"]),
)
def test_json_of_any_type_is_read_or_refused_never_a_traceback(key: str, value: Any, where: str) -> None:
    timing: Any = {"repeat": {key: value}}
    dosage: dict[str, Any] = _dosage(timing)
    if where == "code":
        dosage["timing"] = {"code": {"coding": [{"code": value}]}}
    elif where == "timing":
        dosage["timing"] = value
    elif where == "route":
        dosage["route"] = {"coding": [{"code": value}]}
    outcome = classify_dosage(dosage, "MedicationRequest/t", None, 0, None, REGIMENS)  # never raises
    assert outcome.result.ok or outcome.result.error is not None


def test_a_bug_in_one_resource_never_ends_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import json

    from ldnclass import fhir

    def structure(dosage: dict[str, Any], product: str | None, data: Any) -> str:
        if dosage.get("text") == "boom":
            raise RuntimeError("boom")
        return "4.5 mg qhs"

    monkeypatch.setattr(fhir, "structured_sig", structure)
    lines = [
        {"resourceType": "MedicationRequest", "id": str(n), "dosageInstruction": [{"text": text}]}
        for n, text in enumerate(["4.5 mg qhs", "boom", "50 mg daily"])
    ]
    stream = io.BytesIO("\n".join(json.dumps(line) for line in lines).encode())
    outcomes = list(fhir.read_fhir(stream, REGIMENS))
    assert [o.resource for o in outcomes] == ["MedicationRequest/0", "MedicationRequest/1", "MedicationRequest/2"]
    assert outcomes[1].result.error.code == "internal-error"
    assert outcomes[2].result.ok
