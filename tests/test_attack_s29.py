"""Stop 29: what the stop's own probes found, each as the rule it broke, with an oracle."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import FREQUENCIES, STRENGTHS_MG

from ldnclass import classify, load_regimens
from ldnclass.errors import ErrorCode

REGIMENS = load_regimens()
SPELLED = {1: "one", 2: "two", 3: "three", 4: "four"}


# 1. "take 2: 4.5 mg qhs" was 2 units of 4.5 mg (9 mg, out of range); the 2 may number a list's
# item ("Dose 2: 4.5 mg" is refused as a label's). A colon keeps the two apart, as a comma does.


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4),
    st.booleans(),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FREQUENCIES),
    st.sampled_from([": ", " : ", ":  ", " :", ") ", "] "]),  # the second re-check: "take 2) 4.5 mg"
    st.sampled_from(["take", "Take", "give", "swallow"]),
    st.sampled_from(["", " capsules", " tablet"]),
)
def test_a_count_a_colon_before_a_strength_is_asked_about_unless_it_is_one(
    count: int,
    spelled: bool,
    strength: str,
    frequency: tuple[str, Fraction],
    colon: str,
    verb: str,
    form: str,
) -> None:
    text = f"{verb} {SPELLED[count] if spelled else count}{colon}{strength} mg{form} {frequency[0]}"
    result = classify(text, REGIMENS)
    if count == 1:  # one unit of it, or item 1's dose: the same mg either way (or refused)
        assert result.daily_dose_mg in (None, Fraction(strength) * frequency[1]), (text, result.daily_dose_mg)
        return
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)
    assert result.error.code is ErrorCode.AMBIGUOUS_COUNT, (text, result.error)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 4),
    st.sampled_from(["am and pm", "in the morning", "at bedtime", "qhs", "caps qhs", "tabs of 50 mg daily"]),
)
def test_a_count_a_colon_and_no_number_after_it_is_read_as_without_the_colon(count: int, rest: str) -> None:
    with_colon = classify(f"take {count}: {rest}", REGIMENS)
    without = classify(f"take {count} {rest}", REGIMENS)
    assert with_colon.to_dict() | {"input": ""} == without.to_dict() | {"input": ""}


# 2. "take #2 caps qhs" with a 4.5 mg capsule was one capsule (4.5 mg), "#2" read as what was
# dispensed; "#" may also number what is taken (9 mg, out of range).


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([1, 2, 3, 4, 8, 9, 30, 60]),
    st.sampled_from(["#", "# "]),
    st.sampled_from(["take", "Take", "give"]),
    st.sampled_from([("caps", "naltrexone 4.5 mg capsule", Fraction(9, 2)), ("tabs", "naltrexone 50 mg tablet", 50)]),
    st.sampled_from(FREQUENCIES[:4]),
)
def test_a_count_after_a_number_sign_after_take_is_asked_about_unless_it_is_one(
    count: int, sign: str, verb: str, unit: tuple[str, str, Fraction], frequency: tuple[str, Fraction]
) -> None:
    form, product, strength = unit
    text = f"{verb} {sign}{count} {form} {frequency[0]}"
    result = classify(text, REGIMENS, product=product)
    if count == 1:  # one unit taken, or one dispensed (asked about beside no amount, as in test 4)
        assert result.daily_dose_mg in (None, strength * frequency[1]), (text, result.daily_dose_mg)
        assert result.ok or (result.error is not None and result.error.code is ErrorCode.AMBIGUOUS_COUNT)
        return
    if count > 8:  # more than a dose's units: only ever what was dispensed (the re-check: "take #30 caps")
        assert result.ok and result.daily_dose_mg == strength * frequency[1], (text, result.error)
        return
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)
    assert result.error.code is ErrorCode.AMBIGUOUS_COUNT, (text, result.error)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["#30", "#90", "# 30"]), st.sampled_from(STRENGTHS_MG[:5]), st.sampled_from(FREQUENCIES[:4]))
def test_a_number_sign_after_the_dose_is_still_what_was_dispensed(
    dispensed: str, strength: str, frequency: tuple[str, Fraction]
) -> None:
    for text in (f"take {strength} mg {frequency[0]} {dispensed}", f"{dispensed} take {strength} mg {frequency[0]}"):
        result = classify(text, REGIMENS)
        assert result.ok and result.daily_dose_mg == Fraction(strength) * frequency[1], (text, result.error)


# 3. As needed, as UK repeat prescriptions and leaflets write it ("as and when required", "when
# necessary", "occasionally"): refused as unknown words. Read as "as needed" is, by the same rules.

AS_NEEDED_TOO = [
    "as and when required",
    "as and when needed",
    "when necessary",
    "if necessary",
    "as necessary",
    "only when necessary",
    "occasionally",
    "on occasions",
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(AS_NEEDED_TOO),
    st.sampled_from(
        [
            "1 tab {prn}",
            "1 tab at night {prn}",
            "1-2 tabs {prn}, max 4 a day",
            "take one {prn} for pain",
            "{prn} 1 tablet twice daily",
            "2 tabs {prn} up to 3 times a day",
        ]
    ),
    st.sampled_from([("naltrexone 1 mg tablet"), ("naltrexone 50 mg tablet"), ("naltrexone 4.5 mg tablet")]),
)
def test_as_needed_written_otherwise_reads_as_as_needed(phrase: str, shape: str, product: str) -> None:
    said = classify(shape.format(prn=phrase), REGIMENS, product=product).to_dict()
    canonical = classify(shape.format(prn="as needed"), REGIMENS, product=product).to_dict()
    assert said["ok"] == canonical["ok"] and said["prn"] == canonical["prn"], (shape, phrase, said["error"])
    for key in ("class", "dose_mg", "daily_dose_mg", "assumptions"):
        assert said[key] == canonical[key], (shape, phrase, key, said[key], canonical[key])


# 4. "#2 caps qhs", "daily qty 2" with no other amount: one unit was taken as the dose, the 2 as
# what was dispensed; it may be the dose's units (9 mg of 4.5 mg capsules, out of range). As
# "disp 2" already was, a quantity as small as a dose is asked about; a month's is not.


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["#", "# ", "qty ", "qty: ", "quantity ", "disp ", "dispense #"]),
    st.integers(1, 90),
    st.sampled_from(["", " caps"]),
    st.sampled_from(FREQUENCIES[:4]),
    st.booleans(),
)
def test_a_quantity_as_small_as_a_dose_beside_no_amount_is_asked_about(
    lead: str, quantity: int, unit: str, frequency: tuple[str, Fraction], first: bool
) -> None:
    dispensed = f"{lead}{quantity}{unit}"
    text = f"{dispensed} {frequency[0]}" if first else f"{frequency[0]}, {dispensed}"
    result = classify(text, REGIMENS, product="naltrexone 4.5 mg capsule")
    if quantity <= 8:  # MAX_UNITS_PER_DOSE: as many as one dose may be
        assert not result.ok and result.error is not None, (text, result.daily_dose_mg)
        assert result.error.code is ErrorCode.AMBIGUOUS_COUNT, (text, result.error)
        return
    assert result.ok and result.daily_dose_mg == Fraction(9, 2) * frequency[1], (text, result.error)
    assert "no amount in the sig: one unit of the product was taken as the dose" in result.assumptions


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["rf ", "refills x ", "refills: "]), st.integers(1, 5), st.sampled_from(FREQUENCIES[:4]))
def test_refills_beside_no_amount_still_leave_one_unit_assumed(
    lead: str, refills: int, frequency: tuple[str, Fraction]
) -> None:
    text = f"{frequency[0]}, {lead}{refills}"
    result = classify(text, REGIMENS, product="naltrexone 4.5 mg capsule")
    assert result.ok and result.daily_dose_mg == Fraction(9, 2) * frequency[1], (text, result.error)


# 5. "take two 1/2 tabs" read 2½ tablets (125 mg/day of 50 mg tablets), "take 5 1/2 mg tabs" 5½
# mg: two halves, five ½ mg tablets? A spelled count before a fraction, and a mixed number of mg
# before a dose form, are asked about; a mixed number of units or of mg alone is read.

FRACTIONS = [("1/2", Fraction(1, 2)), ("½", Fraction(1, 2)), ("1/4", Fraction(1, 4)), ("3/4", Fraction(3, 4))]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 4),
    st.sampled_from(FRACTIONS),
    st.sampled_from([" tab", " tablets", " mg tablet", " mg caps"]),
    st.sampled_from(FREQUENCIES[:4]),
)
def test_a_spelled_count_before_a_fraction_is_asked_about(
    count: int, fraction: tuple[str, Fraction], after: str, frequency: tuple[str, Fraction]
) -> None:
    text = f"take {SPELLED[count]} {fraction[0]}{after} {frequency[0]}"
    result = classify(text, REGIMENS, product=None if "mg" in after else "naltrexone 50 mg tablet")
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)
    assert result.error.code is ErrorCode.AMBIGUOUS_COUNT, (text, result.error)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 8),
    st.sampled_from(FRACTIONS[:3]),
    st.sampled_from(["tabs", "capsules", "tablet"]),
    st.sampled_from(FREQUENCIES[:4]),
)
def test_a_mixed_number_of_mg_before_a_dose_form_is_asked_about_and_read_without_one(
    whole: int, fraction: tuple[str, Fraction], form: str, frequency: tuple[str, Fraction]
) -> None:
    mixed = f"{whole} {fraction[0]}"
    asked = classify(f"take {mixed} mg {form} {frequency[0]}", REGIMENS)
    assert asked.error is not None and asked.error.code is ErrorCode.AMBIGUOUS_COUNT, (mixed, asked.daily_dose_mg)
    read = classify(f"take {mixed} mg {frequency[0]}", REGIMENS)  # no dose form: mg alone
    assert read.ok and read.daily_dose_mg == (whole + fraction[1]) * frequency[1], (mixed, read.error)
    bare = classify(f"{mixed} mg {form} {frequency[0]}", REGIMENS, product="naltrexone 0.5 mg capsule")
    assert bare.error is not None and bare.error.code is ErrorCode.AMBIGUOUS_COUNT, (mixed, bare.daily_dose_mg)
    labelled = classify(f"{mixed} mg {form}, one {frequency[0]}", REGIMENS)  # a strength's label (the re-check)
    assert labelled.daily_dose_mg in (None, (whole + fraction[1]) * frequency[1]), (mixed, labelled.daily_dose_mg)
    assert labelled.error is None or labelled.error.code is not ErrorCode.AMBIGUOUS_COUNT, (mixed, labelled.error)
    units = classify(f"take {mixed} {form} {frequency[0]}", REGIMENS, product="naltrexone 1 mg tablet")
    assert units.daily_dose_mg in (None, (whole + fraction[1]) * frequency[1]), (mixed, units.daily_dose_mg)


# 6. "4.5 mg qhs, qam if vivid dreams" read 9 mg/day (out of range): the condition may be the
# morning's alone, LDN's advice to move the dose there. Two times of one amount with a condition
# are asked about; without one they are two doses, and one time with it is read.

TWO_TIMES = [
    "qhs, qam",
    "qhs and qam",
    "qhs; qam",
    "at night and in the morning",
    "at bedtime, in the morning",
    "am and pm",
    "morning and night",
]
CONDITIONS_ON_A_TIME = ["if vivid dreams", "if insomnia", "if tolerated", "as tolerated", "if no side effects"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["1.5", "2.25", "3", "4.5", "25"]),
    st.sampled_from(TWO_TIMES),
    st.sampled_from(CONDITIONS_ON_A_TIME),
    st.sampled_from(["", ","]),
)
def test_two_times_of_one_amount_with_a_condition_are_asked_about(
    amount: str, times: str, condition: str, comma: str
) -> None:
    asked = classify(f"{amount} mg {times}{comma} {condition}", REGIMENS)
    assert asked.error is not None and asked.error.code is ErrorCode.AMBIGUOUS_FREQUENCY, (times, asked.daily_dose_mg)
    both = classify(f"{amount} mg {times}", REGIMENS)
    assert both.ok and both.daily_dose_mg == 2 * Fraction(amount), (times, both.error)
    once = classify(f"{amount} mg {times.replace(',', ' and').split(' and')[0].split(';')[0]} {condition}", REGIMENS)
    assert once.daily_dose_mg in (None, Fraction(amount)), (condition, once.daily_dose_mg)


# 7. "1/2 tab prn, max 1 per day" read the 1 as a tablet (two halves, 50 mg of 50 mg tablets), and
# "2 caps prn, max 3 per day" as capsules (1.5 doses). A bare maximum after a dose of other than
# one unit counts units only when it is more than the doses a day its written frequency allows, and
# as units a whole number of doses within them (the re-check: "2 caps qhs, max 3" was 1.5 doses).


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([("1/2 tab", Fraction(1, 2)), ("2 tabs", Fraction(2)), ("1 tab", Fraction(1))]),
    st.sampled_from([("prn", None), ("qid prn", 4), ("bid prn", 2), ("up to 3 times a day as needed", 3)]),
    st.integers(1, 8),
    st.sampled_from(["per day", "in 24 hours", "daily", "a day"]),
)
def test_a_bare_maximum_counts_units_only_beyond_the_doses_allowed(
    dose: tuple[str, Fraction], frequency: tuple[str, int | None], most: int, per: str
) -> None:
    text = f"{dose[0]} {frequency[0]}, max {most} {per}"
    result = classify(text, REGIMENS, product="naltrexone 1 mg tablet")
    allowed = frequency[1]
    if dose[1] == 1:  # one unit a dose: units and doses are one
        assert result.daily_dose_mg in (None, Fraction(most)), (text, result.daily_dose_mg)
        return
    as_doses = most / dose[1]
    if allowed is not None and allowed < most and as_doses.denominator == 1 and as_doses <= allowed:
        # more than the doses allowed, and as units a whole number of doses within them: 1 mg each
        # read as units (or refused for what they give: more than the frequency allows, a range)
        assert result.daily_dose_mg in (None, Fraction(most)), (text, result.daily_dose_mg)
        assert result.error is None or result.error.code is not ErrorCode.AMBIGUOUS_COUNT, (text, result.error)
        return
    assert not result.ok and result.error is not None, (text, result.daily_dose_mg)
    assert result.error.code is ErrorCode.AMBIGUOUS_COUNT, (text, result.error)


# 8. "4.500 mcg qhs" read 0.0045 mg (out of range) where a point may separate thousands (4500 mcg,
# 4.5 mg: LDN), as "4,500 mcg" is already asked about. In mg a thousand-fold reading is no dose.


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 999), st.integers(0, 999), st.sampled_from(["mcg", "ug", "micrograms", "mcgs"]))
def test_a_point_before_three_digits_of_micrograms_is_asked_about(whole: int, thousandths: int, unit: str) -> None:
    number = f"{whole}.{thousandths:03d}"
    asked = classify(f"{number} {unit} qhs", REGIMENS)
    assert asked.error is not None and asked.error.code is ErrorCode.AMBIGUOUS_NUMBER, (number, asked.daily_dose_mg)
    in_mg = classify(f"{number} mg qhs", REGIMENS)  # a decimal point: the only reading that is a dose
    assert in_mg.daily_dose_mg in (None, Fraction(whole * 1000 + thousandths, 1000)), (number, in_mg.daily_dose_mg)
    assert in_mg.error is None or in_mg.error.code is not ErrorCode.AMBIGUOUS_NUMBER, (number, in_mg.error)


# 9. "ii. 4.5 mg caps qhs" read two capsules (9 mg), where "2. 4.5 mg" is refused: a list's item
# numbered in Roman, or the Latin count? Without the dot, or after "take", the count is read.


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([("ii", 2), ("iii", 3), ("II", 2), ("III", 3)]),
    st.sampled_from(["", "  ", "; ", "(", "1.5 mg qhs x 7 days; ", "week 2: ", "sig: ", "1.5 mg qhs x 7 days, then "]),
    st.sampled_from([("4.5 mg caps qhs", Fraction(9, 2)), ("25 mg tabs daily", Fraction(25))]),
)
def test_a_roman_numbered_item_before_a_strength_is_asked_about(
    numeral: tuple[str, int], before: str, dose: tuple[str, Fraction]
) -> None:
    asked = classify(f"{before}{numeral[0]}. {dose[0]}", REGIMENS)
    assert asked.error is not None and asked.error.code is ErrorCode.AMBIGUOUS_COUNT, (numeral, asked.daily_dose_mg)
    counted = classify(f"take {numeral[0]}. {dose[0]}", REGIMENS)
    assert counted.ok and counted.daily_dose_mg == numeral[1] * dose[1], (numeral, counted.error)


# 10. "4.5 mg qhs for 3 months then reassess", "…; follow up in 6 weeks": a review after the
# course (LDN guides' trial of 2-3 months) was an unknown word. It is advice: the dose as without it.

REVIEWS = ["then reassess", "reassess in 3 months", "then follow up", "follow up in 6 weeks", "then review"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(REVIEWS),
    st.sampled_from([" ", ", ", "; "]),
    st.sampled_from(
        [
            "4.5 mg qhs for 3 months",
            "4.5 mg qhs",
            "1.5 mg qhs x 2 weeks then 3 mg qhs x 2 weeks",
            "50 mg daily x 12 weeks",
        ]
    ),
)
def test_a_review_after_the_course_leaves_the_dose_as_it_is(review: str, joint: str, dose: str) -> None:
    said = classify(f"{dose}{joint}{review}", REGIMENS)
    alone = classify(dose, REGIMENS)
    assert said.ok and said.daily_dose_mg == alone.daily_dose_mg and said.dose_class == alone.dose_class, (
        review,
        said.error,
    )


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["1.5", "2.25", "25"]), st.sampled_from(TWO_TIMES), st.sampled_from(CONDITIONS_ON_A_TIME))
def test_a_condition_said_of_both_times_reads_as_two_doses(amount: str, times: str, condition: str) -> None:
    # the re-check: tolerance before the times is said of both; beside "bid" the times restate it
    said_of_both = [f"{amount} mg twice daily, {times}, {condition}"]
    if "tolerated" in condition or "side effects" in condition:
        said_of_both.append(f"{condition}, {amount} mg {times}")
    else:  # the second re-check: "if vivid dreams, 4.5 mg qam and qhs" may move it, before them too
        moved = classify(f"{condition}, {amount} mg {times}", REGIMENS)
        assert moved.error is not None and moved.error.code is ErrorCode.AMBIGUOUS_FREQUENCY, (
            times,
            moved.daily_dose_mg,
        )
    for text in said_of_both:
        result = classify(text, REGIMENS)
        assert result.daily_dose_mg in (None, 2 * Fraction(amount)), (text, result.daily_dose_mg)
        assert result.error is None or result.error.code is not ErrorCode.AMBIGUOUS_FREQUENCY, (
            text,
            result.error,
        )


# 11. "4.5 mg om and on with food" read 4.5 mg/day (LDN) where "om and on" is 9 (out of range): the
# UK's "on" (omni nocte) was kept only at a clause's end, and "with food" after it made it a filler.


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["1.5", "4.5", "25"]),
    st.sampled_from(["om and on", "OM and ON", "on and om"]),
    st.sampled_from(["with food", "if vivid dreams", "if tolerated", "prn", "when required", "until review"]),
)
def test_omni_nocte_before_more_words_is_still_the_night_dose(amount: str, times: str, after: str) -> None:
    result = classify(f"{amount} mg {times} {after}", REGIMENS)
    assert result.daily_dose_mg in (None, 2 * Fraction(amount)), (times, after, result.daily_dose_mg)
