"""What a dose is for, several joined by "/" ("prn pain/fever", "for pain/inflammation": the ezmed
and PHS peer suites' forms) is a note and never changes the dose, but only when every part is an
indication the vocabulary knows: a part that is a dose word, an abbreviation or a word it lacks
("for pain/double", "prn pain/tiw", "for pain/qhs") could be a schedule, and is refused."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import COUNTS, FREQUENCIES, STRENGTHS_MG, check

from ldnclass import classify, load_regimens
from ldnclass.reading import lexicon

REGIMENS = load_regimens()  # module-level: a failing example prints its text, not the data file
KNOWN = sorted(" ".join(phrase) for phrase, role in lexicon.CONTEXT_WORDS.items() if role == "indication")
NOT_INDICATIONS = ["double", "tiw", "qhs", "bid", "daily", "twise", "skip", "mornings", "weekly", "xyzzy", "prn", "2"]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(COUNTS),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FREQUENCIES),
    st.lists(st.sampled_from(KNOWN), min_size=2, max_size=4),
    st.sampled_from(["for", "prn"]),
    st.sampled_from(["/", " / "]),
)
def test_known_indications_joined_by_a_slash_never_change_the_dose(
    count: tuple[str, Fraction],
    strength: str,
    frequency: tuple[str, Fraction],
    parts: list[str],
    lead: str,
    slash: str,
) -> None:
    text = f"take {count[0]} tab of {strength} mg {frequency[0]} {lead} {slash.join(parts)}"
    check(text, count[1] * Fraction(strength) * frequency[1], REGIMENS)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FREQUENCIES),
    st.sampled_from(KNOWN),
    st.sampled_from(NOT_INDICATIONS),
    st.booleans(),
    st.sampled_from(["for", "prn"]),
)
def test_a_part_that_is_not_a_known_indication_is_refused(
    strength: str, frequency: tuple[str, Fraction], known: str, other: str, first: bool, lead: str
) -> None:
    joined = f"{other}/{known}" if first else f"{known}/{other}"
    text = f"{strength} mg {frequency[0]} {lead} {joined}"
    assert not classify(text, REGIMENS).ok, text


def test_a_slashed_indication_is_said_in_the_notes() -> None:
    result = classify("naltrexone 25 mg tablets: 1 tab po prn pain/fever", REGIMENS)
    assert result.ok and "'pain / fever' read as what it is for: it does not change the dose" in result.notes


REASON_VERBS = ["lower", "reduce", "prevent", "treat", "control", "relieve"]
REASONS = ["cholesterol", "blood pressure", "the risk of heart attack and stroke", "cramps", "migraine"]
SCHEDULE_WORDS = ["twice", "dose", "2", "the dose", "daily", "at night", "mornings", "tiw"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(COUNTS),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FREQUENCIES),
    st.sampled_from(REASON_VERBS),
    st.sampled_from(REASONS),
    st.sampled_from(["{}", "({})", ", {}"]),
)
def test_a_reason_after_to_never_changes_the_dose(
    count: tuple[str, Fraction],
    strength: str,
    frequency: tuple[str, Fraction],
    verb: str,
    reason: str,
    shape: str,
) -> None:
    # "1 at night (to lower cholesterol)", "1 daily to reduce the risk of heart attack and stroke"
    # (Public Health Scotland's legacy parser tests)
    dose = f"take {count[0]} tab of {strength} mg {frequency[0]}"
    text = f"{dose} {shape.format(f'to {verb} {reason}')}"
    check(text, count[1] * Fraction(strength) * frequency[1], REGIMENS)
    assert classify(text, REGIMENS).ok == classify(dose, REGIMENS).ok, text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(REASON_VERBS), st.sampled_from(SCHEDULE_WORDS))
def test_a_reason_with_a_word_of_how_much_or_how_often_is_refused(verb: str, word: str) -> None:
    # "1 daily to lower dose", "4.5 mg qhs to reduce twice": they change the dose
    result = classify(f"4.5 mg qhs to {verb} {word}", REGIMENS)
    assert not result.ok, (verb, word, result.daily_dose_mg)


# What the tablet does, as UK repeat prescriptions label it: "(lowers cholesterol)", "(helps your
# heart / lowers blood pressure)", "(for blood pressure / helps your heart)", "(strengthens
# bones)" (Public Health Scotland's test sigs). Opening a clause, with words that pass the test of
# those after "for". Oracle: the dose without the clause.
_DOES = ["lowers", "reduces", "prevents", "treats", "controls", "protects", "helps", "strengthens", "eases"]
_OBJECTS = ["cholesterol", "blood pressure", "your heart", "bones", "stomach", "heartburn", "joint pain"]
_PHS_DOSES = [("one daily", Fraction(1)), ("1 in the morning", Fraction(1)), ("take one at night", Fraction(1))]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_PHS_DOSES),
    st.sampled_from(_DOES),
    st.sampled_from(_OBJECTS),
    st.sampled_from([None, "for blood pressure", "lowers cholesterol", "to lower cholesterol", "helps your heart"]),
    st.sampled_from(["({})", ", {}", "; {}"]),
)
def test_what_the_tablet_does_is_a_note(
    dose: tuple[str, Fraction], verb: str, thing: str, other: str | None, shape: str
) -> None:
    clause = f"{verb} {thing}" + (f" / {other}" if other else "")
    text = f"{dose[0]} " + shape.format(clause) if shape.startswith("(") else dose[0] + shape.format(clause)
    product = "naltrexone 4.5 mg tablets"
    result = classify(text, REGIMENS, product=product)
    assert result.ok, (text, result.error)
    assert result.daily_dose_mg == Fraction(9, 2) * dose[1], text
    assert any("read as what it is for" in note for note in result.notes), result.notes


@pytest.mark.parametrize(
    "text",
    [
        "one daily (lowers dose)",  # a dose word: it may change the dose
        "one daily (reduces to half)",
        "one daily (helps double)",
        "one daily (helps your heart / 2 tabs)",
        "one daily (for blood pressure / double)",
        "one daily lowers cholesterol",  # not opening a clause
        "one daily (helps mornings)",
    ],
)
def test_what_it_does_with_a_dose_word_is_refused(text: str) -> None:
    assert not classify(text, REGIMENS, product="naltrexone 4.5 mg tablets").ok, text


# "for chronic fatigue syndrome": words of what doses are for that make no phrase the vocabulary
# has. Oracle: the dose without them.
_CONDITION_WORDS = ["chronic", "fatigue", "syndrome", "pain", "fibromyalgia", "anxiety", "cholesterol", "crohns"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_CONDITION_WORDS), min_size=1, max_size=4), st.sampled_from([", ", " ", " ("]))
def test_words_of_what_it_is_for_are_a_note(words: list[str], lead: str) -> None:
    clause = "for " + " ".join(words)
    text = f"Take 4.5 mg nightly{lead}{clause}" + (")" if lead == " (" else "")
    result = classify(text, REGIMENS)
    assert result.ok, (text, result.error)
    assert result.daily_dose_mg == Fraction(9, 2), text


ABBREVIATED = sorted(lexicon.INDICATION_ABBREVIATIONS)
NAMED = [p for p in KNOWN if not p.startswith("for ") and "/" not in p]  # "for sleep", "me / cfs": their own


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FREQUENCIES),
    st.lists(st.sampled_from(ABBREVIATED + NAMED), min_size=1, max_size=3),
    st.sampled_from(["for", "prn", "For"]),
    st.sampled_from([" and ", "/", " / "]),
    st.booleans(),
)
def test_a_condition_by_its_initials_after_for_never_changes_the_dose(
    strength: str, frequency: tuple[str, Fraction], parts: list[str], lead: str, joiner: str, upper: bool
) -> None:
    # "4.5 mg qhs for RA", "for IBS/IBD": a note. Oracle: the dose without it, which must be read
    said = joiner.join(part.upper() if upper and part in lexicon.INDICATION_ABBREVIATIONS else part for part in parts)
    text = f"{strength} mg {frequency[0]} {lead} {said}"
    alone = classify(f"{strength} mg {frequency[0]}", REGIMENS)
    result = classify(text, REGIMENS)
    if result.ok:
        assert result.daily_dose_mg == alone.daily_dose_mg and result.dose_class == alone.dose_class, text
    elif len(said.replace("/", " / ").split()) <= 8:  # a clause of what it is for: 8 words at most
        assert not alone.ok, (text, result.error)


@pytest.mark.parametrize("initials", ABBREVIATED)
def test_initials_are_read_only_after_for_or_prn(initials: str) -> None:
    # Alone ("4.5 mg qhs ibd") they may be a schedule's abbreviation mistyped ("bd"): refused
    assert classify(f"4.5 mg qhs for {initials}", REGIMENS).ok
    assert not classify(f"4.5 mg qhs {initials}", REGIMENS).ok
    assert not classify(f"4.5 mg {initials} qhs", REGIMENS).ok


@pytest.mark.parametrize("verb", ["to treat", "to prevent", "to relieve"])
@pytest.mark.parametrize("words", ["nausea and vomiting", "pain and nausea", "nausea and dizziness"])
def test_a_reason_of_known_words_joined_by_and_is_a_note(verb: str, words: str) -> None:
    # found by an attack: once both words were known, "to treat nausea and vomiting" was refused
    result = classify(f"4.5 mg qhs {verb} {words}", REGIMENS)
    assert result.ok and result.daily_dose_mg == Fraction(9, 2), (verb, words, result.error)
    assert not classify(f"4.5 mg qhs {verb} {words} and twice", REGIMENS).ok


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Indication", "Indications", "Dx", "DX", "Diagnosis"]),
    st.sampled_from(NAMED + ABBREVIATED),
    st.sampled_from([". ", "; ", " "]),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FREQUENCIES),
)
def test_a_labelled_indication_is_read_as_after_for(
    label: str, indication: str, separator: str, strength: str, frequency: tuple[str, Fraction]
) -> None:
    # "… nightly at bedtime. Indications: fibromyalgia", "DX: alcohol dependence": what it is for,
    # labelled as an order's field. Oracle: the dose alone, and the same words after "for"
    dose = f"{strength} mg {frequency[0]}"
    labelled = classify(f"{dose}{separator}{label}: {indication}", REGIMENS)
    after_for = classify(f"{dose}{separator}for {indication}", REGIMENS)
    assert labelled.ok == after_for.ok, (label, indication, labelled.error, after_for.error)
    if labelled.ok:
        alone = classify(dose, REGIMENS)
        assert (labelled.daily_dose_mg, labelled.dose_class) == (alone.daily_dose_mg, alone.dose_class)


@pytest.mark.parametrize(
    "text",
    [
        "Dose: 4.5 mg Route: PO Frequency: QHS",
        "Dose: 4.5 mg; Route: oral; Frequency: at bedtime",
        "Take 1 capsule by mouth at bedtime (dose: 4.5 mg)",  # the label in the bracket: as "(4.5 mg)"
    ],
)
def test_an_orders_labelled_fields_read_as_the_dose(text: str) -> None:
    result = classify(text, REGIMENS)
    assert result.ok and result.daily_dose_mg == Fraction(9, 2) and result.route == "oral", (text, result.error)
