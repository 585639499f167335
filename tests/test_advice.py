"""Advice after the dose ("…, do not take with alcohol") and what a dose is for ("for pain or
fever"): kept as a note, never a change to the dose, and never a way to hide words that say how
much or how often (hypothesis, with the dose read without the clause as the oracle)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify
from ldnclass.regimens import Regimens

DOSES = ["4.5 mg qhs", "50 mg daily", "naltrexone 1.5 mg tablets: take 1 tab po bid", "2.25 mg twice a day"]
NEGATIONS = ["do not", "don't", "must not", "should not", "never", "no", "avoid"]
TAKING = ["", "take", "drink", "take with"]
# What advice is about: nothing of how much, how often, when, whether or how.
HARMLESS = ["alcohol", "opioids", "drive", "grapefruit", "juice", "heavy", "machinery", "methadone", "pregnant"]
# Words that stop, cut, move or make as-needed the dose, say how much or how often, or that the
# vocabulary does not know (attacks on the rule: "do not take whole", "no sabado", "do not take
# after dark", "do not take po", "do not take unless cravings"): such a clause is never set aside.
DOSE_WORDS = ["daily", "twice", "bid", "weekly", "mondays", "weekends", "night", "bedtime", "morning", "tablets", "mg"]
UNSAFE_IN_ADVICE = [*DOSE_WORDS, "whole", "all", "full", "again", "longer", "yet", "unless", "routinely", "po"]
UNSAFE_IN_ADVICE += ["orally", "mouth", "sabado", "sa", "su", "dialysis", "dark", "afternoon", "mornings", "both"]
SEPARATORS = [", ", "; ", " , "]


def _clause(negation: str, taking: str, words: list[str]) -> str:
    return " ".join(part for part in (negation, taking, *words) if part)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(SEPARATORS),
    st.sampled_from(NEGATIONS),
    st.sampled_from(TAKING),
    st.lists(st.sampled_from(HARMLESS), min_size=1, max_size=4),
)
def test_a_forbidding_clause_is_a_note_and_the_dose_is_unchanged(
    regimens: Regimens, dose: str, separator: str, negation: str, taking: str, words: list[str]
) -> None:
    plain = classify(dose, regimens)
    advised = classify(dose + separator + _clause(negation, taking, words), regimens)
    assert plain.ok and advised.ok, advised.error
    assert (advised.dose_class, advised.daily_dose_mg, advised.dose_mg) == (
        plain.dose_class,
        plain.daily_dose_mg,
        plain.dose_mg,
    )
    assert any("read as advice: it does not change the dose" in note for note in advised.notes), advised.notes


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(SEPARATORS),
    st.sampled_from(NEGATIONS),
    st.sampled_from(TAKING),
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
    result = classify(dose + separator + clause, regimens)
    assert not any("read as advice" in note for note in result.notes), (clause, result.notes)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(SEPARATORS), st.sampled_from(NEGATIONS), st.sampled_from(TAKING))
def test_a_clause_that_forbids_nothing_named_is_never_set_aside(
    regimens: Regimens, dose: str, separator: str, negation: str, taking: str
) -> None:
    # "50 mg daily, do not take" stops the dose: it is never read as advice beside a running dose.
    result = classify(dose + separator + _clause(negation, taking, []), regimens)
    assert not any("read as advice" in note for note in result.notes), result.notes


def test_advice_at_the_start_or_without_a_separator_is_not_set_aside(regimens: Regimens) -> None:
    # Only a clause after a comma, semicolon or stop forbids; "no" and "do not" elsewhere are read as words.
    for text in ["do not take with alcohol 4.5 mg qhs", "4.5 mg qhs do not take with alcohol"]:
        result = classify(text, regimens)
        assert not any("read as advice" in note for note in result.notes), (text, result.notes)


# What a dose is for, named in words the vocabulary does not know, joined by "or", "and" or "/".
CONDITIONS = ["fever", "vomiting", "insomnia", "spasms", "fibro", "cramps"]
JOINERS = [" or ", " and ", "/"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.lists(st.sampled_from(CONDITIONS), min_size=2, max_size=3),
    st.lists(st.sampled_from(JOINERS), min_size=2, max_size=2),
)
def test_what_a_dose_is_for_may_join_its_words_and_the_dose_is_unchanged(
    regimens: Regimens, dose: str, conditions: list[str], joiners: list[str]
) -> None:
    named = conditions[0] + "".join(joiner + word for joiner, word in zip(joiners, conditions[1:], strict=False))
    plain = classify(dose, regimens)
    indicated = classify(f"{dose} for {named}", regimens)
    assert indicated.ok, (named, indicated.error)
    assert (indicated.dose_class, indicated.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg)
    assert any("read as what it is for" in note for note in indicated.notes), indicated.notes


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(CONDITIONS),
    st.sampled_from(JOINERS),
    st.sampled_from(DOSE_WORDS),
    st.booleans(),
)
def test_a_joined_word_of_how_much_or_how_often_is_never_what_a_dose_is_for(
    regimens: Regimens, dose: str, condition: str, joiner: str, dose_word: str, first: bool
) -> None:
    # "4.5 mg for fever or twice": the joined word says how often; it is never set aside with the condition.
    named = f"{dose_word}{joiner}{condition}" if first else f"{condition}{joiner}{dose_word}"
    result = classify(f"{dose} for {named}", regimens)
    assert not any(dose_word in note and "read as what it is for" in note for note in result.notes), result.notes
