"""Advice after the dose ("…, do not take with alcohol"): kept as a note, never a change to the
dose, and never a way to hide words that stop, cut, move or time the dose (hypothesis, with the
dose read without the clause as the oracle)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify
from ldnclass.regimens import Regimens

DOSES = ["4.5 mg qhs", "50 mg daily", "naltrexone 1.5 mg tablets: take 1 tab po bid", "2.25 mg twice a day"]
NEGATIONS = ["do not", "don't", "must not", "should not", "never", "no", "avoid"]
TAKING = ["", "take", "drink", "take with"]
# What advice is about: nothing of how much, how often, when, whether or how.
HARMLESS = ["alcohol", "opioids", "drive", "grapefruit", "juice", "heavy", "machinery", "methadone", "pregnancy"]
HARMLESS += ["pain", "medications", "analgesics"]
# Words that stop, cut, move or make as-needed the dose, say how much or how often, or that the
# vocabulary does not know (attacks on the rule: "do not take whole", "no sabado", "do not take
# after dark", "do not take po", "do not take unless cravings"): such a clause is never set aside.
DOSE_WORDS = ["daily", "twice", "bid", "weekly", "mondays", "weekends", "night", "bedtime", "morning", "tablets", "mg"]
UNSAFE_IN_ADVICE = [*DOSE_WORDS, "whole", "all", "full", "again", "longer", "yet", "unless", "routinely", "po"]
UNSAFE_IN_ADVICE += ["orally", "mouth", "sabado", "sa", "su", "dialysis", "dark", "afternoon", "mornings", "both"]
# ". " as an EHR writes sentences ("Take 1 capsule by mouth nightly. Do not take with opioids."),
# and as people type them, in lower case ("nightly. do not take with opioids"): SENTENCE_IN_LOWER_CASE
SENTENCE, SENTENCE_IN_LOWER_CASE = ". ", ".  "
SEPARATORS = [", ", "; ", " , ", SENTENCE, SENTENCE_IN_LOWER_CASE]


def _clause(negation: str, taking: str, words: list[str]) -> str:
    return " ".join(part for part in (negation, taking, *words) if part)


def _read_as_advice(regimens: Regimens, text: str, dose: str) -> None:
    """``text`` reads as ``dose`` alone, with the rest kept as advice."""
    result, alone = classify(text, regimens), classify(dose, regimens)
    assert result.ok, (text, result.error)
    assert (result.dose_class, result.daily_dose_mg) == (alone.dose_class, alone.daily_dose_mg), text
    assert any("read as advice" in note for note in result.notes), result.notes


def _after(dose: str, separator: str, clause: str) -> str:
    """The dose, then the clause; a sentence after a stop starts with a capital, or not."""
    if separator == SENTENCE_IN_LOWER_CASE:
        return f"{dose}. {clause[:1].lower()}{clause[1:]}"
    return dose + separator + (clause[:1].upper() + clause[1:] if separator == SENTENCE else clause)


# A dose, a separator, a negation and a verb of taking: how every clause below opens.
OPENING = (st.sampled_from(DOSES), st.sampled_from(SEPARATORS), st.sampled_from(NEGATIONS), st.sampled_from(TAKING))


@settings(max_examples=150, deadline=None)
@given(*OPENING, st.lists(st.sampled_from(HARMLESS), min_size=1, max_size=4))
def test_a_forbidding_clause_is_a_note_and_the_dose_is_unchanged(
    regimens: Regimens, dose: str, separator: str, negation: str, taking: str, words: list[str]
) -> None:
    plain = classify(dose, regimens)
    advised = classify(_after(dose, separator, _clause(negation, taking, words)), regimens)
    assert plain.ok and advised.ok, advised.error
    assert (advised.dose_class, advised.daily_dose_mg, advised.dose_mg) == (
        plain.dose_class,
        plain.daily_dose_mg,
        plain.dose_mg,
    )
    assert any("read as advice: it does not change the dose" in note for note in advised.notes), advised.notes


@settings(max_examples=150, deadline=None)
@given(
    *OPENING,
    st.lists(st.sampled_from(HARMLESS), max_size=3),
    st.sampled_from(UNSAFE_IN_ADVICE),
    st.integers(min_value=0, max_value=3),
)
def test_a_clause_with_a_word_of_how_much_or_how_often_is_never_set_aside(
    regimens: Regimens,
    dose: str,
    separator: str,
    negation: str,
    taking: str,
    words: list[str],
    dose_word: str,
    where: int,
) -> None:
    # "4.5 mg qhs, do not take on weekends" changes the schedule: refused, never noted away.
    words.insert(min(where, len(words)), dose_word)
    clause = _clause(negation, taking, words)
    result = classify(_after(dose, separator, clause), regimens)
    assert not any("read as advice" in note for note in result.notes), (clause, result.notes)


@settings(max_examples=100, deadline=None)
@given(*OPENING)
def test_a_clause_that_forbids_nothing_named_is_never_set_aside(
    regimens: Regimens, dose: str, separator: str, negation: str, taking: str
) -> None:
    # "50 mg daily, do not take" stops the dose: it is never read as advice beside a running dose.
    result = classify(_after(dose, separator, _clause(negation, taking, [])), regimens)
    assert not any("read as advice" in note for note in result.notes), result.notes


def test_advice_at_the_start_or_without_a_separator_is_not_set_aside(regimens: Regimens) -> None:
    # Only a clause after a comma, semicolon or stop forbids; "no" and "do not" elsewhere are read as words.
    for text in ["do not take with alcohol 4.5 mg qhs", "4.5 mg qhs do not take with alcohol"]:
        result = classify(text, regimens)
        assert not any("read as advice" in note for note in result.notes), (text, result.notes)


MISSPELT_FROM = ["twice", "daily", "nightly", "weekly", "morning", "bedtime", "evening", "hourly"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(MISSPELT_FROM), st.integers(min_value=0, max_value=5))
def test_a_misspelt_dose_word_is_never_what_a_dose_is_for(regimens: Regimens, dose: str, word: str, at: int) -> None:
    # "for pain and twise", "prn dialy": a word one swap away from a dose word may be that word.
    at = min(at, len(word) - 2)
    misspelt = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    for text in (f"{dose} for pain {misspelt}", f"{dose} for pain and {misspelt}", f"{dose} prn {misspelt}"):
        result = classify(text, regimens)
        assert not any(misspelt in note and "what it is for" in note for note in result.notes), (text, result.notes)


def test_words_that_change_the_dose_are_never_what_it_is_for(regimens: Regimens) -> None:
    for word in ["double", "extra", "half", "mornings", "skip", "again"]:
        result = classify(f"4.5 mg qhs for pain and {word}", regimens)
        assert not result.ok, (word, result.notes)


@pytest.mark.parametrize(
    "text",
    [
        # found by attacks: advice that raises, holds or times the dose, and words that may be a schedule
        "4.5 mg qhs, may take more than prescribed",
        "4.5 mg qhs, may exceed recommended",
        "4.5 mg qhs, may take more if headache",
        "4.5 mg, may take if headache",
        "50 mg, must take when drinking alcohol",
        "4.5 mg qhs, do not take if drowsy",
        "4.5 mg qhs, do not take prescribed",
        "50 mg for aud weakley",
        "4.5 mg for pain bedtym",
        "4.5 mg prn bds",
        "50 mg for aud qiw",  # (tiw, three times a week, is now a frequency: read)
        "50 mg for aud wkly",
        "4.5 mg for fibro twicedaily",
        "4.5 mg for fibromyalgia doubled",
        "4.5 mg for quadruple",
        "4.5 mg qhs prn booster",
        "4.5 mg for sunrise and sunset",
        "4.5 mg for sometimes",  # "occasionally" is now as needed's, read as "for prn" is
        "4.5 mg for occasionaly",
        "4.5 mg qhs prn intermittently",
        # a sentence of advice set inside the dose hid what stood beside it
        "3 mg if insomnia take qam carry wallet card and at bedtime",  # was 3 mg: a move, or both?
        "1.5 mg 3x weekly carry wallet card disp daily",
        "3 mg if insomnia take qam start after detox and at bedtime",
        "1 tab of 50 mg x 1 week, then 100 mg carry wallet card tab x 1 week, then 1/2 tab daily",
        "50 mg daily hold for surgery 2 tabs",
    ],
)
def test_what_attacks_found_set_aside_is_refused(regimens: Regimens, text: str) -> None:
    result = classify(text, regimens)
    assert not result.ok, (text, result.daily_dose_mg, result.notes)


@pytest.mark.parametrize(
    ("text", "spelled"), [("4.5 mg for pain nitely", "nightly"), ("50 mg for aud everyday", "daily")]
)
def test_a_schedule_word_after_what_it_is_for_is_the_schedule(regimens: Regimens, text: str, spelled: str) -> None:
    # Once refused (an unknown word beside an indication may be a schedule); now in the vocabulary
    # (stop 35), read as the schedule it spells, never set aside with the indication.
    word = text.split()[-1]
    got, expected = classify(text, regimens), classify(text.replace(word, spelled), regimens)
    assert got.ok and (got.daily_dose_mg, got.dose_class) == (expected.daily_dose_mg, expected.dose_class)
    assert not any(word in note for note in got.notes), got.notes


# LDN's usual advice to move a bedtime dose that disturbs sleep (LDN dosing guides: "may take in
# the morning if vivid dreams or insomnia"): the dose is moved, never added to.
MOVED = ["may take in the morning", "may take it in the morning", "may take in AM", "may take dose in am"]
MOVED += ["may take in the morning instead", "may take qam", "can take in am"]
TROUBLE = ["", " if vivid dreams", " if insomnia", " if sleep disturbances occur", " if trouble sleeping"]
TROUBLE += [" if disturbs sleep", " if it disturbs sleep"]
# The same words with a second dose in them: never read as a move
ADDED = ["may also take in the morning", "may take in the morning too", "may take 2 in the morning"]
ADDED += ["may take another in the morning", "may take in the morning as well", "may take 1 mg in the morning"]
ADDED += ["can also take in am", "can take 2 in am"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(SEPARATORS), st.sampled_from(MOVED), st.sampled_from(TROUBLE))
def test_a_dose_moved_to_the_morning_is_the_same_dose(
    regimens: Regimens, dose: str, separator: str, moved: str, trouble: str
) -> None:
    text = _after(dose, separator, moved + trouble)
    _read_as_advice(regimens, text, dose)


# The move said with its condition first, or with no "may": LDN guides' "if vivid dreams occur,
# take it in the morning instead", "(or in the morning if vivid dreams)", "may switch to morning
# dosing". Oracle: the dose alone, as for "may take in the morning".
CONDITIONS = [t.strip() for t in TROUBLE if t] + ["if sleep disturbance occurs", "if you have vivid dreams"]
CONDITIONS_FIRST = [
    f"{c}{comma} take{it} {when}{instead}"
    for c in CONDITIONS
    for comma in ("", ",")
    for it in ("", " it")
    for when in ("in the morning", "in morning", "in am", "qam")
    for instead in ("", " instead")
]
CONDITIONS_AFTER = [
    f"{lead} {when} {c}"
    for c in CONDITIONS
    for lead in ("take", "take it", "or")
    for when in ("in the morning", "in morning", "in am", "qam")
]
SWITCHED = [
    f"{may} {verb} to {when}"
    for may in ("may", "can")
    for verb in ("switch", "move", "change")
    for when in ("morning", "the morning", "morning dosing", "am", "am dosing")
]
SWITCHED += [f"{may} be taken in the morning{instead}" for may in ("may", "can") for instead in ("", " instead")]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(SEPARATORS),
    st.sampled_from(CONDITIONS_FIRST + CONDITIONS_AFTER + SWITCHED),
    st.booleans(),
)
def test_a_move_to_the_morning_said_any_way_is_the_same_dose(
    regimens: Regimens, dose: str, separator: str, moved: str, bracketed: bool
) -> None:
    text = f"{dose} ({moved})" if bracketed else _after(dose, separator, moved)
    _read_as_advice(regimens, text, dose)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from([" and ", ", and ", ", plus "]),
    st.sampled_from(CONDITIONS_FIRST + CONDITIONS_AFTER + SWITCHED),
)
def test_a_move_to_the_morning_after_and_may_be_a_second_dose(
    regimens: Regimens, dose: str, joint: str, moved: str
) -> None:
    text = f"{dose}{joint}{moved}"
    assert not classify(text, regimens).ok, text


@pytest.mark.parametrize(
    "text",
    [
        "4.5 mg at bedtime, take in the morning",  # no condition: two times of day
        "4.5 mg at bedtime, take in the morning if vivid dreams as needed",  # as needed: added?
        "4.5 mg at bedtime, if vivid dreams take 4.5 mg in the morning",  # an amount: another dose?
        "4.5 mg at bedtime, if vivid dreams take 2 in the morning",
        "4.5 mg at bedtime, if vivid dreams also take in the morning",
    ],
)
def test_a_second_time_with_a_condition_is_no_move(regimens: Regimens, text: str) -> None:
    assert not classify(text, regimens).ok, text


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from([*SEPARATORS, " and ", ", and "]),
    st.sampled_from(ADDED + MOVED),
    st.sampled_from(TROUBLE),
)
def test_a_second_dose_in_the_morning_is_never_read_as_a_move(
    regimens: Regimens, dose: str, separator: str, added: str, trouble: str
) -> None:
    if added in MOVED and "and" not in separator:
        return  # the test above
    text = _after(dose, separator, added + trouble)
    result = classify(text, regimens)
    assert not result.ok, (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    "label", ["Keep out of reach of children", "Keep out of the reach of children", "Store at room temperature"]
)
@pytest.mark.parametrize("dose", DOSES)
def test_auxiliary_labels_leave_the_dose_alone(regimens: Regimens, dose: str, label: str) -> None:
    # pharmacy auxiliary labels printed after the sig ("… at bedtime. Keep out of reach of children.")
    result, alone = classify(f"{dose}. {label}.", regimens), classify(dose, regimens)
    assert result.ok and (result.dose_class, result.daily_dose_mg) == (alone.dose_class, alone.daily_dose_mg)


# UK cautionary labels (BNF labels 2 and 3) open with the side effect: "if sleepy do not drive/use
# machines". Set aside only before advice's own lead; "if sleepy, take half" conditions the dose.
IF_AFFECTED = ["if sleepy", "if drowsy", "if dizzy", "if affected", "if this happens"]
FORBIDDEN = ["do not drive/use machines", "do not drive or use tools or machines", "do not drive", "avoid alcohol"]
FORBIDDEN += ["do not drive or operate machinery", "don't drink alcohol"]
CONDITIONED = ["take half", "take 1 tab", "do not take", "skip the dose", "do not take at night", "take in the morning"]
CONDITIONED += ["do not drive/take", "do not drive/double"]
# A dose, a separator, the side effect and a comma or none: how each clause below opens
IF_AFFECTED_OPENING = (
    st.sampled_from(DOSES),
    st.sampled_from(SEPARATORS),
    st.sampled_from(IF_AFFECTED),
    st.sampled_from(["", ","]),
)


@settings(max_examples=150, deadline=None)
@given(*IF_AFFECTED_OPENING, st.sampled_from(FORBIDDEN))
def test_a_side_effects_warning_is_advice_and_the_dose_is_unchanged(
    regimens: Regimens, dose: str, separator: str, affected: str, comma: str, forbidden: str
) -> None:
    text = _after(dose, separator, f"{affected}{comma} {forbidden}")
    result, alone = classify(text, regimens), classify(dose, regimens)
    assert result.ok, (text, result.error)
    assert (result.dose_class, result.daily_dose_mg, result.dose_mg) == (
        alone.dose_class,
        alone.daily_dose_mg,
        alone.dose_mg,
    )
    assert any("read as advice" in note for note in result.notes), result.notes


@settings(max_examples=150, deadline=None)
@given(*IF_AFFECTED_OPENING, st.sampled_from(CONDITIONED))
def test_a_side_effect_that_conditions_the_dose_is_never_set_aside(
    regimens: Regimens, dose: str, separator: str, affected: str, comma: str, conditioned: str
) -> None:
    text = _after(dose, separator, f"{affected}{comma} {conditioned}")
    result = classify(text, regimens)
    assert not result.ok, (text, result.daily_dose_mg, result.notes)


TIMING = ["1 hour before or 2 hours after a meal", "1 hr before or 2 hrs after food", "with plenty of water"]
TIMING += ["with a glass of water", "on an empty stomach, 1 hour before or 2 hours after meals"]


@pytest.mark.parametrize("timing", TIMING)
@pytest.mark.parametrize("dose", DOSES)
def test_when_to_take_it_leaves_the_dose_alone(regimens: Regimens, dose: str, timing: str) -> None:
    # "1 tablet 4 times per day on an empty stomach, 1 hour before or 2 hours after a meal"
    # (ezmedicationinput's tests); a label's "with plenty of water"
    for text in (f"{dose} {timing}", f"{dose}, {timing}"):
        result, alone = classify(text, regimens), classify(dose, regimens)
        assert result.ok, (text, result.error)
        assert (result.dose_class, result.daily_dose_mg) == (alone.dose_class, alone.daily_dose_mg), text


# Naltrexone's contraindication said as a condition: "do not take if you are taking opioid pain
# medication", "hold if on methadone". A note; any other condition ("if drowsy") holds the dose on
# it, and stays refused. Oracle: the dose alone.
OPIOID_CONDITIONS = [
    f"{lead} if {who}{verb} {what}"
    for lead in ("do not take", "don't take", "must not take", "do not use", "hold")
    for who in ("", "you are ", "currently ", "you are currently ")
    for verb in ("taking", "using", "on")
    for what in ("opioids", "opioid pain medication", "methadone", "narcotics", "any opioids", "buprenorphine")
]
OTHER_CONDITIONS = [
    f"{lead} if {condition}"
    for lead in ("do not take", "hold")
    for condition in ("drowsy", "sedated", "in pain", "taking pain medication", "nauseous", "pregnant", "bp low")
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(SEPARATORS), st.sampled_from(OPIOID_CONDITIONS))
def test_the_opioid_contraindication_as_a_condition_is_a_note(
    regimens: Regimens, dose: str, separator: str, condition: str
) -> None:
    text = _after(dose, separator, condition)
    _read_as_advice(regimens, text, dose)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(SEPARATORS), st.sampled_from(OTHER_CONDITIONS))
def test_any_other_condition_on_taking_it_is_refused(
    regimens: Regimens, dose: str, separator: str, condition: str
) -> None:
    text = _after(dose, separator, condition)
    assert not classify(text, regimens).ok, text


@pytest.mark.parametrize(
    "text",
    [
        "50 mg daily; do not take if taking opioids and double",  # a word that changes the dose
        "50 mg daily; do not take if taking opioids, take 2",
        "50 mg daily; hold if taking opioids 2 days",
        "4.5 mg qhs, hold",
        "4.5 mg qhs, hold 2 before surgery",  # ("hold 2 days before surgery" is the guides' advice)
        "4.5 mg qhs, hold 2 days",
    ],
)
def test_an_opioid_condition_with_more_in_it_is_refused(regimens: Regimens, text: str) -> None:
    assert not classify(text, regimens).ok, text


# From the same attack: a move to the morning followed by another time took that time with it
# ("3 mg if insomnia take qam and at bedtime" was 3 mg), or stood in brackets or beside a day's
# parts; each is refused.
@pytest.mark.parametrize(
    "text",
    [
        "3 mg if insomnia take qam and at bedtime",
        "1 tab if nightmares, take qam, qhs",
        "3 mg may be taken qam and at bedtime",
        "3 mg may take in the morning and at bedtime",  # older than the new wordings
        "4.5 mg, may move to am and at bedtime",
        "3 mg take in the morning if insomnia and at bedtime",
        "3 mg qhs (3 mg or qam if insomnia)",
        "4.5 mg qhs (4.5 mg take in the morning if insomnia)",
        "1.5 mg in the evening then 2 mg every night, if vivid dreams take in the morning",
        "1.5 mg qam and 3 mg qhs, may take in the morning if vivid dreams",
        # and from the attack after: "hold" for anything but surgery or the opioid condition, and
        # conditions turned round or with more in them, were read as notes
        "1 tab daily, hold medication",
        "4.5 mg qhs. Hold the medicine.",
        "4.5 mg qhs, hold with drowsiness",
        "4.5 mg qhs, hold during nausea",
        "4.5 mg qhs, hold if not on opioids",
        "50 mg daily, do not take if not on methadone",
        "4.5 mg qhs, hold the other if on methadone",
        "4.5 mg qhs, hold if on opioids and take other",
        "1/2 tab qhs (plus 1/2 tab qam)",
    ],
)
def test_a_move_or_a_hold_that_may_hide_or_change_a_dose_is_refused(regimens: Regimens, text: str) -> None:
    result = classify(text, regimens, product="naltrexone 50 mg tablet" if "tab" in text else None)
    assert not result.ok, (text, result.daily_dose_mg, result.notes)


@pytest.mark.parametrize(
    "advice",
    [
        "May open capsule and sprinkle on food.",
        "may open capsule and mix contents in water",
        "Patient must be opioid free for 7-10 days",
        "Must be opioid-free for at least 7 days before starting.",
        "you must be opioid free for 7 to 10 days prior to starting",
        "Start after opioid-free for 7-10 days.",
        "Opioid free for 7 days prior.",
        "Start after 7-10 days opioid free.",
        "begin only after being opioid free for at least 7 days",
        "Carry wallet card.",
        "carry a medical alert card",
        "Start 3-7 days after last drink.",
        "start after detox",
        "Hold for surgery.",
        "hold 72 hours before surgery",
        "stop 2-3 days prior to any surgery",
    ],
)
@pytest.mark.parametrize("separator", [". ", "; ", ", "])
def test_how_to_open_a_capsule_and_the_opioid_free_wait_are_notes(
    regimens: Regimens, advice: str, separator: str
) -> None:
    # LDN compounders' "may open capsule and sprinkle on food"; the label's opioid-free wait, its
    # advice to carry a card that tells medical staff, and the guides' hold before surgery
    text = f"Take 1 capsule by mouth at bedtime{separator}{advice}"
    result = classify(text, regimens, product="naltrexone 4.5 mg capsule")
    assert result.ok and result.daily_dose_mg == Fraction(9, 2), (text, result.error)
    assert any("read as advice" in note for note in result.notes), result.notes
    changed = text.replace("7", "7 mg").replace("food", "food twice daily").replace("card", "card twice daily")
    changed = changed.replace("surgery", "surgery twice daily")
    assert not classify(changed, regimens, product="naltrexone 4.5 mg capsule").ok or changed == text
