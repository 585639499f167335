"""What a record adds to the sig it holds: in Scottish prescribing data (the Public Health Scotland
parser's tests), "(status = c)", the record's status code, and "[advice]", where advice begins;
in Epic's medication list, "Patient not taking: Reported on 3/2/2023" and "Start taking on: 2/1/2024".

The oracle for each is a text every reader already reads: the sig without the status code, and
the sig with a semicolon where "[advice]" stands. Every row of the real-world and peer tables is
a base text, so each annotation is checked against real wordings, not ours.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_oracle import assert_reads_as

from ldnclass import classify
from ldnclass.reading.grammar import MAX_LENGTH
from ldnclass.regimens import Regimens

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from case_coverage import DEFAULT_TABLE, read_cases

BASES = [case.text for path in (DEFAULT_TABLE, DEFAULT_TABLE.parent / "peer_suites.csv") for case in read_cases(path)]
BASES = [text for text in dict.fromkeys(BASES) if text.strip() and "=" not in text and "advice" not in text]
ADVICE = ["for blood pressure", "weekly dispensing", "avoid drinking grapefruit juice", "avoid alcohol"]


@pytest.mark.parametrize("text", BASES)
def test_a_status_code_at_either_end_changes_nothing(regimens: Regimens, text: str) -> None:
    plain = classify(text, regimens)
    for annotated in (f"{text} (status = c)", f"(status = c) {text}", f"{text} [status = s]"):
        assert_reads_as(classify(annotated, regimens), plain, annotated)


@pytest.mark.parametrize("text", BASES)
def test_advice_after_the_marker_is_read_as_a_sentence_of_its_own(regimens: Regimens, text: str) -> None:
    advice = ADVICE[len(text) % len(ADVICE)]
    stopped = classify(f"{text.rstrip('. ')}; {advice}", regimens)
    marked = f"{text.rstrip('. ')} [advice] {advice}"
    assert_reads_as(classify(marked, regimens), stopped, marked)


@pytest.mark.parametrize("text", BASES)
def test_epics_dated_notes_after_the_sig_change_nothing(regimens: Regimens, text: str) -> None:
    # the oracle: the sig with another note in its place, read apart from the dose as these are
    plain = classify(f"{text.rstrip('. ')}, compounded", regimens)
    for note, date in [
        ("Patient not taking: Reported on", "3/2/2023"),
        ("Patient not taking: Reported on", "03/02/23"),
        ("Start taking on:", "12/31/2024"),
        ("Start taking on:", "2/1/24"),
    ]:
        noted = f"{text.rstrip('. ')}. {note} {date}"
        if len(noted) > MAX_LENGTH:
            continue  # too-long, as any text is
        assert_reads_as(classify(noted, regimens), plain, noted)


def test_epics_start_date_is_said(regimens: Regimens) -> None:
    result = classify("Take 1 tablet (50 mg total) by mouth daily. Start taking on: 3/4/2024", regimens)
    assert result.ok and result.daily_dose_mg == 50, result.error
    assert any("date to start taking it" in note for note in result.notes), result.notes


def test_epics_not_taking_note_is_said(regimens: Regimens) -> None:
    result = classify("Take 1 tablet (50 mg total) by mouth daily. Patient not taking: Reported on 3/2/2023", regimens)
    assert result.ok and result.daily_dose_mg == 50, result.error
    assert any("reported not taking" in note for note in result.notes), result.notes


@pytest.mark.parametrize(
    "text",
    [
        "Take 4.5 mg nightly. Patient not taking: Reported on 3/2/2023 then 9 mg",  # only at the end
        "Take 4.5 mg nightly. Patient not taking: Reported on 3/2",  # a date has its year
        "Take 4.5 mg nightly. Patient taking differently: Reported on 3/2/2023",  # which dose, then?
        "Take 4.5 mg nightly. Start taking on: 3/4/2024 then 9 mg",  # only at the end
        "Take 4.5 mg nightly. Start taking on: 3/4",  # a date has its year
        "Start taking on: 3/4/2024 4.5 mg nightly",  # a date ends the note
    ],
)
def test_anything_else_after_reported_on_is_refused(regimens: Regimens, text: str) -> None:
    assert not classify(text, regimens).ok, text


@pytest.mark.parametrize(
    ("text", "daily_mg"),
    [
        ("1 tab in the morning (status = c)", 9 / 2),  # PHS prolog_test.pl test(230)
        ("take one daily [advice] for blood pressure", 9 / 2),  # test(826)
        ("take one daily [advice] weekly dispensing", 9 / 2),  # test(827)
    ],
)
def test_the_peer_suites_wordings(regimens: Regimens, text: str, daily_mg: float) -> None:
    result = classify(text, regimens, product="naltrexone 4.5 mg tablet")
    assert result.ok, result.error
    assert result.daily_dose_mg == daily_mg


@pytest.mark.parametrize(
    "text",
    [
        "4.5 mg qhs status = c",  # no brackets: a status code, or something else said with "="?
        "4.5 mg qhs (status = cc)",  # one letter only: the codes the data uses
        "4.5 mg qhs (status = 1)",
        "4.5 mg qhs (status = c",
        "4.5 mg qhs (dose = c)",
    ],
)
def test_anything_like_a_status_code_is_refused(regimens: Regimens, text: str) -> None:
    result = classify(text, regimens)
    assert not result.ok and result.error is not None and result.error.code == "bad-character", text


_DIAGNOSES = ["Alcohol dependence", "Alcohol use disorder", "Opioid use disorder", "Fibromyalgia", "Chronic pain"]
_QUALIFIED = [
    ", uncomplicated (CMS-HCC)",
    ", moderate, dependence (CMS-HCC)",
    ", severe, in early remission",
    ", in sustained remission (HCC)",
    " (CMS/HCC)",
    ", unspecified",
]


@pytest.mark.parametrize("text", BASES[::7])
@pytest.mark.parametrize("diagnosis", _DIAGNOSES)
def test_epics_qualified_diagnosis_reads_as_its_name(regimens: Regimens, text: str, diagnosis: str) -> None:
    """Epic's "Indications: Alcohol dependence, uncomplicated (CMS-HCC)" (the probe of stop 26): the
    diagnosis's qualifiers and the record's risk-model marker are part of what it is for. Oracle: the
    name alone after its label."""
    plain_text = f"{text.rstrip('. ')}. Indications: {diagnosis}"
    plain = classify(plain_text, regimens)
    for qualified in _QUALIFIED:
        noted = plain_text + qualified
        if len(noted) > MAX_LENGTH:
            continue
        assert_reads_as(classify(noted, regimens), plain, noted)


@pytest.mark.parametrize(
    "text",
    [
        "Take 1 tablet by mouth daily. Indications: Alcohol dependence, uncomplicated, 2 tabs bid",
        "Take 1 tablet by mouth daily. Indications: Alcohol dependence, severe, twice daily",
        "Take 1 tablet by mouth daily for pain, severe",  # after "for": no qualifiers
        "Take 1 tablet by mouth daily. Indications: Alcohol dependence, doubled",
    ],
)
def test_what_is_not_a_qualifier_after_a_diagnosis_is_read_as_ever(regimens: Regimens, text: str) -> None:
    result = classify(text, regimens, product="naltrexone 50 mg tablet")
    assert not result.ok, (text, result.daily_dose_mg)
