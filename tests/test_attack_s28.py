"""What the stop-28 attacks found, each as the rule it broke (helpers' probes of compounded
liquids and products, and of frequencies and schedules), with an oracle for every form."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_oracle import FREQUENCIES, STRENGTHS_MG

from ldnclass import classify, load_regimens
from ldnclass.errors import ErrorCode
from ldnclass.reading import grammar, lexicon

REGIMENS = load_regimens()
SPELLED = {1: "one", 2: "two", 3: "three", 4: "four"}


# 1. "take 4 5 mg", "take 4 .5 mg", "take 4, 5 mg", "take 2 ,25 mg": a count in digits right before
# a strength may be one amount written in two (4.5 mg, 2.25 mg): read as 20 and 50 mg (HDN).


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FREQUENCIES),
    st.sampled_from([" ", ", ", ";", "; ", " ,", " , "]),  # "1,5 mg" unspaced is a decimal comma: 1.5 mg
)
def test_a_count_in_digits_right_before_a_whole_strength_is_asked_about(
    count: int, strength: str, frequency: tuple[str, Fraction], between: str
) -> None:
    text = f"take {count}{between}{strength} mg {frequency[0]}"
    result = classify(text, REGIMENS)
    if between == " " and "." in strength:  # "take 3 1.5 mg": the strength has its own point: units
        assert result.daily_dose_mg in (None, count * Fraction(strength) * frequency[1]), text
        return
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)
    # " ,25 mg": since stop 30 a comma with no digit before it and a unit after is asked about first
    # as a decimal comma (",5 mg bid" was 10 mg/day)
    asked = (
        (ErrorCode.AMBIGUOUS_COUNT, ErrorCode.AMBIGUOUS_NUMBER)
        if between.startswith(" ,")
        else (ErrorCode.AMBIGUOUS_COUNT,)
    )
    assert result.error.code in asked, (text, result.error)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4), st.sampled_from(STRENGTHS_MG), st.sampled_from(FREQUENCIES), st.booleans())
def test_units_named_or_a_spelled_count_before_a_strength_are_read_as_units(
    count: int, strength: str, frequency: tuple[str, Fraction], spelled: bool
) -> None:
    assume(count == 1 or Fraction(strength) != count)  # "take 3 3 mg caps": 3 units or 3 mg? (asked)
    assume(count * Fraction(strength) * frequency[1] <= 1000)  # more is refused as implausible
    text = (
        f"take {SPELLED[count]} {strength} mg {frequency[0]}"
        if spelled
        else f"take {count} {strength} mg capsules {frequency[0]}"
    )
    result = classify(text, REGIMENS)
    assert result.ok, (text, result.error)
    assert result.daily_dose_mg == count * Fraction(strength) * frequency[1], (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    "text",
    ["take 4 .5 mg at bedtime", "take 4 .5 mg capsule at bedtime", "take 4, 5 mg capsules qhs", "4 .5 mg tabs qhs"],
)
def test_a_naked_decimal_or_a_comma_after_a_count_is_never_units(text: str) -> None:
    assert not classify(text, REGIMENS).ok


# 2. "take 1/2 tablet daily" with a capsule product: a part of the product's unit, which is not cut.

PARTS = [("1/2", Fraction(1, 2)), ("half a", Fraction(1, 2)), ("0.5", Fraction(1, 2)), ("1.5", Fraction(3, 2))]
PARTS += [("1/4", Fraction(1, 4))]
WORDS = ["tablet", "tab", "tabs", "troche", "lozenge"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(PARTS),
    st.sampled_from(WORDS),
    st.sampled_from(["1.5", "3", "4.5", "50"]),
    st.sampled_from(["capsule", "caps", "cap", "CAPSULE"]),
)
def test_a_part_of_a_capsule_product_is_refused(
    part: tuple[str, Fraction], word: str, strength: str, capsule: str
) -> None:
    product = f"naltrexone {strength} mg {capsule}"
    result = classify(f"take {part[0]} {word} daily", REGIMENS, product=product)
    assert not result.ok and result.error is not None, (part, word, product, result.daily_dose_mg)
    assert result.error.code is ErrorCode.IMPLAUSIBLE


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PARTS[:4]), st.sampled_from(["25", "50"]), st.integers(1, 3))
def test_a_part_of_a_tablet_and_whole_capsules_are_read(part: tuple[str, Fraction], strength: str, count: int) -> None:
    tablet = classify(f"take {part[0]} tablet daily", REGIMENS, product=f"naltrexone {strength} mg tablet")
    assert tablet.ok and tablet.daily_dose_mg == part[1] * Fraction(strength), (part, tablet.error)
    whole = classify(f"take {count} tablet daily", REGIMENS, product=f"naltrexone {strength} mg capsule")
    assert whole.ok and whole.daily_dose_mg == count * Fraction(strength), (count, whole.error)


# 3. After "for <condition>" or "prn <condition>", a schedule written as one word ("everyotherday",
# "amandpm", "threenightsaweek") or a word of how often ("intermittent") was set aside as the condition.

KNOWN = grammar._known_words_set()
GLUED = sorted(
    {"".join(p) for p in [*lexicon.FREQUENCIES, *lexicon.FREQUENCY_RANGES] if len(p) > 1 and all(map(str.isalpha, p))}
    - KNOWN
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(GLUED), st.sampled_from(["for ms", "prn pain", "for fibromyalgia", "for crps -", "for ms:"]))
def test_a_schedule_run_together_after_a_condition_is_refused(glued: str, lead: str) -> None:
    text = f"4.5 mg qhs {lead} {glued}"
    result = classify(text, REGIMENS)
    assert not result.ok, (text, result.daily_dose_mg, result.notes)


@pytest.mark.parametrize(
    "text",
    [
        "4.5 mg qhs for pain intermittent",
        "4.5 mg qhs for ms sporadic",
        "4.5 mg qhs for ms occasional",
        "4.5 mg qhs for ms cycled",
        "4.5 mg qhs for ms nonconsecutive",
        "4.5 mg prn pain pulsed",
        "4.5 mg for ms weanoff",
        "4.5 mg for ms splitdose",
        "4.5 mg for ms halfstrength",
        "4.5 mg for ms everyfewdays",
        "4.5 mg qhs for ms halfdose",
        "2.25 mg qam for crps andpm",
        "4.5 mg for ms morningandnight",
        # the re-check of these rules: misspelt pieces, and words of a changed dose or days off
        "4.5 mg qhs for pain mornandnite",
        "4.5 mg qhs for pain nitenmorn",
        "4.5 mg qhs for pain trebled",
        "4.5 mg qhs for pain quadrupled",
        "4.5 mg qhs for pain eodx",
        "4.5 mg qhs for pain onoff",
        "4.5 mg qhs for pain drugholiday",
        "4.5 mg for ms loadingdose",
        # the second re-check: misspelt words of how often, and one before what is taken so
        "50 mg for pain evryotherday",
        "50 mg for pain intermitent",
        "50 mg for pain cyclical",
        "50 mg for pain onceaweak",
        "50 mg for pain onandoff",
        "50 mg for pain pulsedose",
        "50 mg for pain schooldays",
        "50 mg for pain intermittent dosing",
        "50 mg for pain cyclical therapy",
        # the third re-check: run together with what is taken so, more words of how often
        "take 50 mg daily for pain intermittentdosing",
        "50 mg for pain pulsetherapy",
        "50 mg for pain cyclicaldosing",
        "50 mg for pain intermittent protocol",
        "4.5 mg at bedtime for pain intermittent courses",
        "4.5 mg at bedtime for pain episodic courses",
        "4.5 mg at bedtime for pain intermittent regime",
        "50 mg for pain drugholiday",
    ],
)
def test_a_word_of_how_often_after_a_condition_is_refused(text: str) -> None:
    assert not classify(text, REGIMENS).ok


# What such words are told apart from: conditions whose names hold a short word of the vocabulary.
CONDITIONS = ["abdominal cramps", "osteoarthritis", "endometriosis", "hidradenitis suppurativa", "sarcoidosis"]
CONDITIONS += ["compulsive gambling", "overdose prevention", "trigeminal neuralgia", "interstitial cystitis"]
# ... and whose first word says how often (a word of how often only ends no condition)
CONDITIONS += ["cyclic vomiting syndrome", "periodic limb movement disorder", "intermittent explosive disorder"]
CONDITIONS += ["intermittent claudication", "rapid cycling bipolar", "occasional insomnia", "bothersome itch"]
CONDITIONS += ["prevention of opioid overdose", "poor concentration", "concentration problems"]
CONDITIONS += ["sporadic inclusion body myositis", "cyclical mastalgia", "periodic fever syndrome"]
CONDITIONS += ["episodic migraine", "recurrent pericarditis", "holiday heart syndrome", "frequent urination"]
# a problem list's order: its qualifier last (the fourth re-check)
CONDITIONS += ["migraine episodic", "depression recurrent", "headache frequent", "irregular menstrual cycle"]
CONDITIONS += ["bipolar rapid cycling"]


@pytest.mark.parametrize("condition", CONDITIONS)
def test_a_condition_is_still_what_the_dose_is_for(condition: str) -> None:
    result = classify(f"4.5 mg qhs for {condition}", REGIMENS)
    assert result.ok and result.daily_dose_mg == Fraction(9, 2), (condition, result.error)


# 4. "2.25 mg bid x 2 weeks then 4.5 mg": the step's 4.5 mg twice (9 mg/day, out of range), or
# 4.5 mg a day now? A frequency of more than one dose a day is not carried to a step without one.


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FREQUENCIES), st.sampled_from(["1.5", "2.25", "25"]), st.sampled_from(["3", "4.5", "50"]))
def test_a_step_without_a_frequency_takes_only_a_once_daily_one(
    frequency: tuple[str, Fraction], first: str, then: str
) -> None:
    text = f"{first} mg {frequency[0]} x 7 days, then {then} mg"
    result = classify(text, REGIMENS)
    if frequency[1] == 1:
        assert result.ok and result.daily_dose_mg == Fraction(then), (text, result.error)
    else:
        assert not result.ok, (text, result.daily_dose_mg)


# 5. "naltrexone 4.5 mg capsule bid", "…, take 2 capsules at bedtime": directions in the product
# field were dropped unseen, though they may say another dose than the sig.

PRODUCTS = ["naltrexone 4.5 mg capsule", "Naltrexone HCl 50 MG Oral Tablet", "LDN 1.5mg caps", "naltrexone 1 mg/mL"]
DIRECTIONS = [f" {frequency}" for frequency, _ in FREQUENCIES] + [", take 2", "; take 2 capsules at bedtime"]
DIRECTIONS += [" 2 qhs", ", 2 daily", " (2 caps qhs)", " take 1 tab daily", " prn", " as needed", ", two capsules"]
DIRECTIONS += [" mwf", " on weekends", " tue/thu", " mondays", " ac", " before meals", " with each meal"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PRODUCTS), st.sampled_from(DIRECTIONS))
def test_directions_in_the_product_field_are_refused(product: str, directions: str) -> None:
    result = classify("1 cap qhs", REGIMENS, product=product + directions)
    assert not result.ok and result.error is not None, (product + directions, result.daily_dose_mg)
    # a count with no unit after a liquid's strength is a stray number before it is a direction
    assert result.error.code in (ErrorCode.DIRECTIONS_IN_PRODUCT, ErrorCode.STRAY_NUMBER), (product, result.error)


@pytest.mark.parametrize("product", ["naltrexone 4.5 mg (2 caps)", "naltrexone 4.5 mg capsule (2)", "… x2"])
def test_a_few_units_after_a_product_are_no_pack(product: str) -> None:
    # "(30)" is a pack; "(2 caps)" may be the units of a dose, or what the strength is in
    result = classify("1 cap qhs", REGIMENS, product=product.replace("…", "naltrexone 4.5 mg capsule"))
    assert not result.ok, (product, result.daily_dose_mg)


@pytest.mark.parametrize("sig", ["naltrexone 4.5 mg capsules: 1/2 tab qhs", "LDN 4.5 mg caps: 0.5 tab qhs"])
def test_a_part_of_a_capsule_the_sig_labels_is_refused(sig: str) -> None:
    result = classify(sig, REGIMENS)
    assert not result.ok and result.error is not None and result.error.code is ErrorCode.IMPLAUSIBLE, sig


# 6. Records (helper attack): an injection's supply against the label's interval when the sig gives
# none; a kit counted as a kit when the product gives mg/mL; half a supply in batch said so.


@pytest.mark.parametrize(("kits", "days", "warned"), [(4, 28, True), (1, 7, True), (1, 28, False), (2, 56, False)])
def test_an_injection_with_no_interval_is_checked_against_the_label(kits: int, days: int, warned: bool) -> None:
    result = classify("inject 380 mg IM", REGIMENS, product="Vivitrol 380 mg kit", quantity=kits, days_supply=days)
    assert result.ok, result.error
    assert any("injection every" in w for w in result.warnings) == warned, result.warnings


@pytest.mark.parametrize("product", ["Vivitrol 380 mg/4 mL kit", "naltrexone ER 380 mg/4 mL injectable suspension"])
@pytest.mark.parametrize(("quantity", "warned"), [(1, False), ("1 kit", False), ("4 mL", False), (2, True)])
def test_a_kit_with_a_concentration_is_counted_in_kits(product: str, quantity: object, warned: bool) -> None:
    result = classify("inject 380 mg IM q4w", REGIMENS, product=product, quantity=quantity, days_supply=28)
    assert result.ok, result.error
    assert bool(result.warnings) == warned, (quantity, result.warnings, result.arithmetic)


def test_half_a_supply_in_batch_is_said() -> None:
    from typer.testing import CliRunner

    from ldnclass.cli import app

    data = "sig,product,quantity,days_supply\n1 cap bid,naltrexone 4.5 mg capsule,30,\n"
    data += "1 cap qhs,naltrexone 4.5 mg capsule,,30\n1 cap qhs,naltrexone 4.5 mg capsule,30,30\n"
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(app, ["batch", "-", "-f", "csv"], input=data).stdout)))
    assert [row["ldn_warnings"] for row in rows] == [
        "supply not checked: a quantity alone (it needs both)",
        "supply not checked: a days' supply alone (it needs both)",
        "",
    ]
    assert [row["ldn_daily_dose_mg"] for row in rows] == ["9", "4.5", "4.5"]


# 7. "50 mg daily for weekend binge drinking" read 50 mg on Saturday and Sunday (older): a day after
# "for" may say what the dose is for.


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(sorted({p[0] for p in lexicon.WEEKDAY_GROUPS if len(p) == 1} | set(lexicon.WEEKDAY_WORDS))),
    st.sampled_from(["", "the ", "a ", "each ", "this "]),
    st.sampled_from(["", " binge drinking", " use", " pain"]),
)
def test_a_day_after_for_is_asked_about(days: str, the: str, rest: str) -> None:
    text = f"50 mg daily for {the}{days}{rest}"
    result = classify(text, REGIMENS)
    assert not result.ok, (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    "text", ["50 mg on weekends", "50 mg daily on weekends", "50 mg on weekends for binge drinking"]
)
def test_days_said_with_on_are_read(text: str) -> None:
    result = classify(text, REGIMENS)
    assert result.ok and result.daily_dose_mg == Fraction(100, 7), (text, result.error)


def test_a_middle_step_takes_bid_and_the_classified_step_never_does() -> None:
    # the step classified gives its own frequency: a middle one's carried bid is said, not refused
    read = classify("1 mg bid x 1 wk, then 2 mg x 1 wk, then 4.5 mg qhs", REGIMENS)
    assert read.ok and read.daily_dose_mg == Fraction(9, 2), read.error
    assert not classify("1 mg bid x 1 wk, then 2 mg x 1 wk, then 4.5 mg", REGIMENS).ok


@pytest.mark.parametrize("count", ["1/2", "½", "1/4"])
def test_a_fraction_before_a_strength_is_no_amount_in_two(count: str) -> None:
    result = classify(f"take {count} 50 mg daily", REGIMENS)
    assert result.ok and result.daily_dose_mg == Fraction(count.replace("½", "1/2")) * 50, result.error


def test_an_injectable_s_unitless_quantity_of_a_generic_product_is_not_checked() -> None:
    # "naltrexone 380 mg/4 mL injectable suspension", quantity 1: one kit, or 1 mL (a false warning)?
    result = classify(
        "inject 380 mg IM q4w",
        REGIMENS,
        product="naltrexone 380 mg/4 mL injectable suspension",
        quantity=1,
        days_supply=28,
    )
    assert result.ok and not result.warnings, result.warnings
    assert any(note.startswith("supply not checked: an injectable's quantity with no unit") for note in result.notes)


# 8. "1 cap qhs" with "NALTREXONE HCL 50MG TAB" (records attack): read on the product's strength, as
# whole units of either word are the same mg, but said: a capsule counted of a tablet product is how
# compounded LDN capsules and 50 mg tablets are mixed up.


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([("cap", "capsule"), ("tab", "tablet"), ("troche", "troche")]),
    st.sampled_from([("capsule", "4.5", "capsule"), ("TAB", "50", "tablet"), ("Oral Tablet", "50", "tablet")]),
    st.integers(1, 2),
)
def test_units_unlike_the_product_s_are_read_and_said(
    said: tuple[str, str], made: tuple[str, str, str], count: int
) -> None:
    product = f"naltrexone {made[1]} mg {made[0]}"
    result = classify(f"{count} {said[0]} qhs", REGIMENS, product=product)
    assert result.ok and result.daily_dose_mg == count * Fraction(made[1]), (product, result.error)
    unlike = said[1] != made[2]
    assert any(w.startswith("the sig counts") for w in result.warnings) == unlike, (said, product, result.warnings)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("1.5 mg bid, increase by 1.5 mg weekly to 4.5 mg", False),  # 4.5 mg twice, or a day?
        ("25 mg bid, increase by 25 mg weekly to 50 mg", False),
        ("1.5 mg qhs, increase by 1.5 mg weekly to 4.5 mg", True),
        ("1.5 mg bid, increase by 1.5 mg weekly to 4.5 mg bid", True),
    ],
)
def test_an_increase_by_steps_takes_only_a_once_daily_frequency(text: str, ok: bool) -> None:
    assert classify(text, REGIMENS).ok == ok, text


@pytest.mark.parametrize(
    "product", ["LDN 4.5 mg capsule (take as directed)", "naltrexone 4.5 mg capsule, use as directed"]
)
def test_as_directed_in_a_product_is_no_direction(product: str) -> None:
    result = classify("4.5 mg daily", REGIMENS, product=product)
    assert result.ok and result.daily_dose_mg == Fraction(9, 2), result.error
