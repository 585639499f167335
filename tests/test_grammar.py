"""The tokenizer: numbers, warnings and the messages of its errors."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass.errors import DoseError, ErrorCode
from ldnclass.reading import grammar
from ldnclass.reading.grammar import FrequencyWord, Number, UnitWord, Word


def _error(text: str) -> DoseError:
    with pytest.raises(DoseError) as caught:
        grammar.tokenize(text)
    return caught.value


@pytest.mark.parametrize(
    ("piece", "value", "warning"),
    [
        ("4.5", Fraction(9, 2), None),
        (".5", Fraction(1, 2), "naked decimal '.5': write 0.5"),
        ("4.50", Fraction(9, 2), "trailing zero in '4.50' can be misread tenfold: write 4.5"),
        ("4.0", Fraction(4), "trailing zero in '4.0' can be misread tenfold: write 4"),
        ("4,5", Fraction(9, 2), "decimal comma in '4,5' read as 4.5"),
        ("0.0045", Fraction(45, 10000), None),
    ],
)
def test_numbers_are_exact_and_warn_where_misreadable(piece: str, value: Fraction, warning: str | None) -> None:
    number = grammar.read_decimal(piece)
    assert number.value == value
    if warning is None:
        assert number.warnings == ()
    else:
        assert any(w.startswith(warning) for w in number.warnings), number.warnings


def test_thousands_or_decimal_comma_is_never_guessed() -> None:
    error = _error("4,500 mg")
    assert error.code == "ambiguous-number"
    assert "4500 or 4.500" in error.message


def test_abbreviation_dots_are_dropped_but_never_a_decimal_point() -> None:
    items = grammar.tokenize("q.h.s. 4.5 mg p.o.")
    assert FrequencyWord(Fraction(1), Fraction(24), "qhs", time_of_day=True, slot="night") in items
    assert Word("route", "po", "oral") in items
    # "take.5 mg" keeps its dot, and is never read as 5 mg; nor as 0.5 mg, since "Tab.50mg" (an attack)
    # is 50 mg: a full stop or a decimal point, asked.
    with pytest.raises(DoseError) as raised:
        grammar.tokenize("take.5 mg")
    assert raised.value.code == ErrorCode.AMBIGUOUS_NUMBER


def test_mixed_numbers_and_vulgar_fractions() -> None:
    for text in ("1 1/2 mg", "1½ mg", "1 ½ mg"):
        numbers = [i for i in grammar.tokenize(text) if isinstance(i, Number)]
        assert [n.value for n in numbers] == [Fraction(3, 2)], text


def test_megagram_does_not_exist_in_prescriptions() -> None:
    units = [i for i in grammar.tokenize("4.5 Mg") if isinstance(i, UnitWord)]
    assert units[0].unit.name == "milligram"


def test_micro_sign_and_greek_mu_both_warn() -> None:
    for text in ("4.5 \u00b5g", "4.5 \u03bcg"):
        units = [i for i in grammar.tokenize(text) if isinstance(i, UnitWord)]
        assert units[0].unit.name == "microgram"
        assert units[0].unit.warning is not None and "write mcg" in units[0].unit.warning


@pytest.mark.parametrize(
    ("text", "expected"),
    [("naltexone 4.5 mg", "did you mean naltrexone?"), ("4.5 mg qhss", "did you mean qhs?"), ("4.5 mgg", "mg")],
)
def test_unknown_words_are_named_with_a_suggestion(text: str, expected: str) -> None:
    error = _error(text)
    assert error.code == "unknown-word"
    assert expected in error.message


def test_naloxone_is_named_as_the_look_alike() -> None:
    error = _error("naloxone 4 mg")
    assert error.code == "other-drug"
    assert "naloxone" in error.message and "easily confused" in error.message


def test_brand_of_another_drug_names_the_drug() -> None:
    assert "buprenorphine" in _error("suboxone 8 mg").message


@pytest.mark.parametrize("char", ["'", '"', "=", "<", "\x00", "\ufffd", "٤"])
def test_unexpected_characters_are_named(char: str) -> None:
    error = _error(f"{char}4.5 mg")
    assert error.code == "bad-character"
    assert f"U+{ord(char):04X}" in error.message


def test_length_limit_is_checked_before_anything_else() -> None:
    assert _error("4" * 201).code == "too-long"
    assert grammar.tokenize("4.5 mg" + " " * 194)  # exactly 200 is read


def test_frequency_numbers_resolve_to_counts_and_periods() -> None:
    (frequency,) = [i for i in grammar.tokenize("every 3 days") if isinstance(i, FrequencyWord)]
    assert (frequency.times, frequency.period_hours) == (1, 72)
    (frequency,) = [i for i in grammar.tokenize("3 times weekly") if isinstance(i, FrequencyWord)]
    assert (frequency.times, frequency.period_hours) == (3, 168)


@settings(max_examples=1000, deadline=None)
@given(st.from_regex(r"\A[0-9]{0,12}([.,][0-9]{0,34}){0,2}\Z"))
def test_the_quick_read_of_a_number_is_the_full_rules_reading(piece: str) -> None:
    """Plain numbers ("4.5", "30") skip the rules for commas, naked points and trailing zeros:
    whatever is written, the answer (or the error) is the one the full rules give."""
    if not piece or not any(c.isdigit() for c in piece):
        return
    try:
        expected: Number | str = grammar._decimal_by_the_rules(piece)
    except DoseError as error:
        expected = error.code
    try:
        got: Number | str = grammar.read_decimal(piece)
    except DoseError as error:
        got = error.code
    assert got == expected


def test_a_word_window_means_the_same_from_the_table_and_the_table_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    # What a window of words means is worked out once and kept; kept or worked out again, a text
    # tokenizes the same, and the table never grows past its cap (the windows' later words may be any).
    texts = ["4.5 mg at bedtime", "1 tab by mouth every other day", "50 mg once a week", "3 mg in the morning"]
    monkeypatch.setattr(grammar, "_WORDS_MEANING", {})
    first = [grammar.tokenize(text) for text in texts]
    assert grammar._WORDS_MEANING  # the table is used
    again = [grammar.tokenize(text) for text in texts]
    monkeypatch.setattr(grammar, "_WORDS_MEANING", {})
    monkeypatch.setattr(grammar, "_MAX_WORDS_MEANINGS", 1)
    capped = [grammar.tokenize(text) for text in texts]
    assert first == again == capped
    assert len(grammar._WORDS_MEANING) == 1


def test_a_number_read_once_is_the_number_read_afresh_and_errors_are_never_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pieces = ["4.5", "30", "0.25", "4,5", ".5", "4.50", "1,000"]
    monkeypatch.setattr(grammar, "_NUMBERS_READ", {})

    def read(piece: str) -> Number | str:
        try:
            return grammar.read_decimal(piece)
        except DoseError as error:
            return error.code

    fresh = [read(piece) for piece in pieces]
    assert fresh == [read(piece) for piece in pieces]  # kept: the same answers, warnings included
    assert fresh[3] == Number(Fraction(9, 2), "4,5", ("decimal comma in '4,5' read as 4.5",))
    assert "1,000" not in grammar._NUMBERS_READ  # refused each time, never kept
    monkeypatch.setattr(grammar, "_NUMBERS_READ", {})
    monkeypatch.setattr(grammar, "_MAX_NUMBERS_READ", 2)
    assert [read(piece) for piece in pieces] == fresh
    assert len(grammar._NUMBERS_READ) == 2


@settings(max_examples=500, deadline=None)
@given(
    st.sets(st.text(alphabet="abo t", min_size=1, max_size=5), min_size=1, max_size=8),
    st.text(alphabet="abo t.", max_size=30),
)
def test_a_tree_of_words_finds_what_the_words_do(words: set[str], text: str) -> None:
    """any_of(words) is one regex for a set of literals: it finds a word where, and only where,
    one of them stands (the earliest place), as the plain alternation of the words would."""
    found = [at for at in (text.find(word) for word in words) if at >= 0]
    match = re.search(grammar.any_of(words), text)
    assert (match.start() if match else None) == (min(found) if found else None)


def test_the_phrase_index_names_every_table_that_has_a_phrase_in_order() -> None:
    expected: dict[tuple[str, ...], list[int]] = {}
    for place, (_, table) in enumerate(grammar._ROLE_TABLES):
        for phrase in table:
            expected.setdefault(phrase, []).append(place)
    assert {phrase: list(places) for phrase, places in grammar._PHRASES.items()} == expected
    assert any(len(places) > 1 for places in expected.values())  # some phrases are in two tables
