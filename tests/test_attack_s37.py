"""Stop 37: clinicians' notes and pharmacy wordings that were refused, each read by one rule.

- "increase LDN to 4.5 mg qhs", "titrate naltrexone to …", "increase the dose to …": an opening
  rise that names the drug or the dose before "to" is "increase to" (the dose now, with a note);
  in a titration's later step it was already read.
- "decrease to 1.5 mg qhs", "then reduce dose to 3 mg qhs": a step down is read as a step up is.
- "1-1/2 tabs", "4-1/2 mg": a hyphenated mixed number (was range-backwards).
- "4.5mgqhs", "4.5mg.qhs", "50mgdaily": a unit and a frequency run together after a number.
- "4.5 mg qhs indefinitely", "long term": a course with no end, a note.
- "take 2 capsules nightly (each 2.25 mg)": as "(2.25 mg each)".
- "1.5mg qhs x7d -> 3mg qhs": an arrow is "then".
- "LDN 4.5 mg qhs, f/u 6 weeks", "50 mg daily, LFTs in 12 weeks": a review, advice.
- "Naltrexone 50mg tablets x 28, one daily": a pack's count between the product and the directions.
- "3 mg twice daily, 12 hours apart": every 12 hours (only 12: "8 hours apart" may be two doses).
- "LDN titration: 1.5 mg qhs x 2 wks, then …" (a handout's label), "increase to 3 mg after a week".
- "continue with 3 mg qhs": "continue with" is "continue at"; and "then continue at" (a step) is
  "then continue" ("1.5 mg qhs x 7 days then continue at 4.5 mg qhs" was refused).
- "LDN-4.5mg qhs": a hyphen touching a name of the drug joins a label to its dose (it was a minus
  sign: negative-dose); a spaced one is still a minus.
- "25 mg prior to alcohol consumption" (the README's own example of a targeted dose's context):
  "before" or "prior to" any way of saying drinking, as the hours before it were read.
- "25 mg initially, then 50 mg a day thereafter", "an initial dose of 25 mg" (Revia's label):
  "initially" and "initial dose" are "to start" (it was a note of a past dose, whose message
  asked which was current).
Texts cut short, found by a real-world attack (read with ok:true):
- "… for 7 days, THEN 2": a bare number after a step is two tablets or 2 mg; refused.
- "Take 2 tablets (100 mg total": a bracket never closed; refused.
- "Take 3 tablets (150 mg total) by mouth": a generated sig (its "(… mg total)") that ends at its
  route lost how often (150 mg/day assumed of "… every 3 days"); refused. A clinician's "50 mg po"
  is still once daily, assumed and said.
A second attack, on these rules, found steps read on a side effect's condition ("50 mg daily,
decrease to 25 mg daily if vivid dreams": 25), a review's frequency given to the dose ("50 mg, f/u
weekly"), a pack's count that may be the dose ("LDN 0.5 mg caps x 9, nightly") and an older
"increase weekly" inside a step (3 mg a week): each is refused now.
Oracle: the same dose written plainly, or the whole text it was cut from.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()
PLAIN_DOSES = ["4.5 mg qhs", "50 mg daily", "1.5 mg at bedtime", "100 mg every other day", "3 mg nightly"]
RISES = ["increase", "titrate"]
NAMES = ["LDN", "naltrexone", "the dose", "dose", "naltrexone HCl", "the LDN dose"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(RISES), st.sampled_from(NAMES), st.sampled_from(PLAIN_DOSES))
def test_an_opening_rise_naming_the_drug_says_the_dose_now(rise: str, name: str, dose: str) -> None:
    text = f"{rise} {name} to {dose}"
    said, plain = classify(text, REGIMENS), classify(dose, REGIMENS)
    assert said.ok, (text, said.error)
    assert (said.dose_class, said.dose_mg, said.daily_dose_mg) == (plain.dose_class, plain.dose_mg, plain.daily_dose_mg)
    assert any("opens the text" in note for note in said.notes), (text, said.notes)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(["on Monday", "from Monday", "starting Monday"]))
def test_a_weekday_after_an_opening_rise_stays_refused(name: str, day: str) -> None:
    # "increase LDN to 4.5 mg on Monday": the day it starts, or the day it is taken? (0.64 mg/day)
    result = classify(f"increase {name} to 4.5 mg {day}", REGIMENS)
    assert not result.ok, result.input


def test_a_rise_of_another_drug_is_not_naltrexone() -> None:
    assert classify("increase bupropion to 300 mg daily", REGIMENS).error.code == "other-drug"
    assert not classify("increase LDN by 1.5 mg weekly", REGIMENS).ok  # no dose to reach


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["", "then ", "1.5 mg qhs x 7 days, ", "1.5 mg qhs x 7 days then "]), st.sampled_from(PLAIN_DOSES)
)
def test_continue_with_is_continue_at(before: str, dose: str) -> None:
    said = classify(f"{before}continue with {dose}", REGIMENS)
    at = classify(f"{before}continue at {dose}", REGIMENS)
    assert (said.ok, said.dose_class, said.daily_dose_mg) == (at.ok, at.dose_class, at.daily_dose_mg), said.input
    if not before:
        assert said.ok, said.error


TITRATIONS = [
    "Take 1 tablet (50 mg total) by mouth daily for 7 days, THEN {n} tablets daily",
    "LDN 1.5mg caps: 1 cap qhs x 7 days then {n} caps qhs",
    "1 cap qhs, increase to {n} caps qhs",
    "1.5 mg qhs x 7 days then take {n} mg qhs",
    "0.5 tab daily x 3 days, followed by {n} tab daily",
]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(TITRATIONS), st.sampled_from(["1", "2", "3", "1.5", "1/2"]), st.sampled_from(["", ".", " "]))
def test_a_step_cut_at_its_number_is_refused(template: str, n: str, end: str) -> None:
    whole = template.format(n=n)
    cut = whole[: whole.rindex(n) + len(n)] + end
    result = classify(cut, REGIMENS)
    assert result.error is not None and result.error.code == "ambiguous-dose", (cut, result.error)
    whole_error = classify(whole, REGIMENS).error
    assert whole_error is None or "cut short" not in whole_error.message, whole


def test_numbers_that_end_a_record_are_not_a_cut_step() -> None:
    for text in ("4.5 mg qhs refills x 1", "4.5 mg qhs #30", "4.5 mg qhs x 7 days", "then take 1.5 mg qhs x 30"):
        result = classify(text, REGIMENS)
        assert result.error is None or "cut short" not in result.error.message, (text, result.error)


SIGS_WITH_A_BRACKET = [
    "Take 2 tablets (100 mg total) by mouth every other day.",
    "Take 1 capsule (4.5 mg total) by mouth at bedtime.",
    "4.5 mg (4.5 mL of 1 mg/mL) qhs",
    "naltrexone 50 mg [REVIA] daily",
    "Take 0.5 tablets (25 mg total) by mouth daily.",
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SIGS_WITH_A_BRACKET), st.integers(1, 30))
def test_a_text_cut_inside_a_bracket_is_refused(sig: str, into: int) -> None:
    opened = max(sig.find("("), sig.find("["))
    closed = max(sig.find(")"), sig.find("]"))
    cut = sig[: min(opened + into, closed)]
    assert classify(sig, REGIMENS).ok, sig
    assert not classify(cut, REGIMENS).ok, cut


# Epic's generated sig: (template, doses a day of its frequency)
GENERATED = [
    ("Take {n} tablets ({mg} mg total) by mouth", "every 3 (three) days", Fraction(1, 3)),
    ("Take {n} tablets ({mg} mg total) by mouth", "every other day", Fraction(1, 2)),
    ("Take {n} capsules ({mg} mg total) by mouth", "at bedtime", Fraction(1)),
    ("Take {n} tablets ({mg} mg total) by mouth", "daily", Fraction(1)),
    ("Take {n} tablets ({mg} mg total) orally", "2 (two) times a day", Fraction(2)),
]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(GENERATED), st.sampled_from([(1, "50"), (2, "100"), (3, "150"), (1, "4.5")]), st.booleans())
def test_a_generated_sig_that_ends_at_its_route_was_cut(
    generated: tuple[str, str, Fraction], amount: tuple[int, str], stop: bool
) -> None:
    head = generated[0].format(n=amount[0], mg=amount[1])
    whole = classify(f"{head} {generated[1]}.", REGIMENS)
    assert whole.ok and whole.daily_dose_mg == Fraction(amount[1]) * generated[2], (head, whole.error)
    cut = classify(head + ("." if stop else ""), REGIMENS)
    assert cut.error is not None and cut.error.code == "ambiguous-frequency", (head, cut.error)


def test_a_clinician_s_route_with_no_frequency_is_still_once_daily() -> None:
    result = classify("naltrexone 50 mg po", REGIMENS)
    assert result.ok and result.daily_dose_mg == 50 and result.assumptions, result.error


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["LDN", "naltrexone", "Revia", "low dose naltrexone"]), st.sampled_from(PLAIN_DOSES))
def test_a_hyphen_joins_a_name_to_its_dose(name: str, dose: str) -> None:
    joined, plain = classify(f"{name}-{dose}", REGIMENS), classify(f"{name} {dose}", REGIMENS)
    assert joined.ok, (joined.input, joined.error)
    assert (joined.dose_class, joined.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg)
    assert classify(f"{name} -{dose}", REGIMENS).error.code == "negative-dose"  # a spaced minus is one


DRINKING = ["drinking", "drinking alcohol", "alcohol consumption", "EtOH", "the first drink of the day"]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["prior to", "before"]),
    st.sampled_from(DRINKING),
    st.sampled_from(["25 mg", "50 mg", "1 tab of 50 mg"]),
)
def test_before_drinking_is_context(when: str, event: str, dose: str) -> None:
    said, plain = classify(f"{dose} {when} {event}", REGIMENS), classify(dose, REGIMENS)
    assert said.ok, (said.input, said.error)
    assert (said.dose_class, said.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["{a} initially, then {b}", "initial dose of {a}, then {b}", "an initial dose of {a}, then {b}"]),
    st.sampled_from(["25 mg", "1.5 mg qhs", "1.5 mg qhs x 7 days"]),
    st.sampled_from(["50 mg daily", "50 mg a day thereafter", "4.5 mg qhs"]),
)
def test_initially_is_to_start(template: str, first: str, then: str) -> None:
    said = classify(template.format(a=first, b=then), REGIMENS)
    plain = classify(f"{first} to start, then {then}", REGIMENS)
    assert (said.ok, said.dose_class, said.daily_dose_mg) == (plain.ok, plain.dose_class, plain.daily_dose_mg)
    assert said.ok, (said.input, said.error)


LOWERINGS = ["decrease to", "reduce to", "reduce dose to", "decrease dose to", "lower to", "lower dose to"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(LOWERINGS), st.sampled_from(PLAIN_DOSES), st.sampled_from(["", "4.5 mg qhs x 2 weeks, then "]))
def test_a_step_down_is_read_as_a_step_up_is(lowering: str, dose: str, before: str) -> None:
    """ "decrease to 1.5 mg qhs", "… then reduce dose to 3 mg qhs": the mirror of "increase to".
    Oracle: the same text with "then" (or nothing, opening the text) for the verb."""
    said = classify(f"{before}{lowering} {dose}", REGIMENS)
    plain = classify(f"{before}{dose}" if before else dose, REGIMENS)
    assert said.ok, (said.input, said.error)
    assert (said.dose_class, said.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg), said.input


@settings(max_examples=120, deadline=None)
@given(
    st.integers(1, 4),
    st.sampled_from(["1/2", "1/4", "3/4", "1/3"]),
    st.sampled_from(["take {n} tabs of 50mg daily", "{n} mg qhs", "take {n} tablets ({t} mg total) daily"]),
)
def test_a_hyphenated_mixed_number_is_the_mixed_number(whole: int, fraction: str, template: str) -> None:
    """ "1-1/2 tabs", "4-1/2 mg" (NCPDP-style printing): read as "1 1/2", "4 1/2" (was range-backwards).
    Oracle: the same text with a space for the hyphen."""
    value = whole + Fraction(fraction)
    total = value * 50
    if "{t}" in template and total.denominator != 1:
        return
    hyphened = classify(template.format(n=f"{whole}-{fraction}", t=total), REGIMENS)
    spaced = classify(template.format(n=f"{whole} {fraction}", t=total), REGIMENS)
    assert (hyphened.ok, hyphened.dose_class, hyphened.daily_dose_mg) == (
        spaced.ok,
        spaced.dose_class,
        spaced.daily_dose_mg,
    ), hyphened.input
    assert hyphened.error is None or hyphened.error.code != "range-backwards", hyphened.input


def test_a_spaced_dash_or_a_vulgar_fraction_is_still_a_range() -> None:
    assert classify("1 - 1/2 tab of 50 mg daily", REGIMENS).error.code == "range-backwards"
    assert classify("1/2-1 tab of 50 mg daily", REGIMENS).error.code == "range-spans-bands"


ONE_WORD_FREQUENCIES = ["qhs", "daily", "nightly", "bid", "qd", "qam", "qod", "tid", "weekly", "hs", "od"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["1", "1.5", "4.5", "50", "100"]),
    st.sampled_from(["mg", "mcg"]),
    st.sampled_from(["", "."]),
    st.sampled_from(ONE_WORD_FREQUENCIES),
    st.sampled_from(["", "LDN ", "take "]),
)
def test_a_unit_run_into_its_frequency_is_both(amount: str, unit: str, stop: str, frequency: str, lead: str) -> None:
    """ "4.5mgqhs", "4.5mg.qhs" (an export's lost space): as "4.5 mg qhs". Oracle: the spaced text."""
    run_on = classify(f"{lead}{amount}{unit}{stop}{frequency}", REGIMENS)
    spaced = classify(f"{lead}{amount} {unit} {frequency}", REGIMENS)
    assert (run_on.ok, run_on.dose_class, run_on.daily_dose_mg) == (spaced.ok, spaced.dose_class, spaced.daily_dose_mg)


def test_a_unit_run_into_another_word_stays_unknown() -> None:
    for text in ("4.5mgcap qhs", "4.5mgqhsx7d", "4.5mgzz daily"):
        assert classify(text, REGIMENS).error.code == "unknown-word", text


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["indefinitely", "long term", "long-term", ", long term", "lifelong"]),
    st.sampled_from(PLAIN_DOSES),
)
def test_no_end_to_a_course_is_how_long(said: str, dose: str) -> None:
    """ "4.5 mg qhs indefinitely", "long term": how long, a note, never a change. Oracle: the dose alone."""
    result, plain = classify(f"{dose} {said}".replace(" ,", ","), REGIMENS), classify(dose, REGIMENS)
    assert result.ok, (result.input, result.error)
    assert (result.dose_class, result.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg)
    assert any("with no end" in note for note in result.notes), result.notes


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 4),
    st.sampled_from(["1", "1.5", "2.25", "25", "50"]),
    st.sampled_from(["nightly", "daily", "bid"]),
    st.booleans(),
)
def test_each_before_a_strength_in_brackets(count: int, strength: str, frequency: str, before: bool) -> None:
    """ "take 2 capsules nightly (each 2.25 mg)": as "(2.25 mg each)". Oracle: that text."""
    bracket_first, bracket_last = f"(each {strength} mg)", f"({strength} mg each)"
    said = classify(
        f"take {count} capsules {bracket_first if before else ''} {frequency} {'' if before else bracket_first}",
        REGIMENS,
    )
    plain = classify(
        f"take {count} capsules {bracket_last if before else ''} {frequency} {'' if before else bracket_last}", REGIMENS
    )
    assert (said.ok, said.dose_class, said.daily_dose_mg) == (plain.ok, plain.dose_class, plain.daily_dose_mg), (
        said.input
    )
    assert said.ok == plain.ok and (said.ok or said.error.code == plain.error.code), said.input


STEPPED = [
    "1.5 mg qhs x 7 days then 3 mg qhs x 7 days then 4.5 mg qhs",
    "1.5mg qhs x7d then 3mg qhs x7d then 4.5mg qhs",
    "25 mg daily x 3 days then 50 mg daily",
    "1 cap (1.5 mg) qhs x 2 weeks then 2 caps qhs",
    "4.5 mg qhs x 2 weeks then 3 mg qhs",
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(STEPPED), st.sampled_from(["->", "→", " -> ", " → "]))
def test_an_arrow_is_then(text: str, arrow: str) -> None:
    """ "1.5mg qhs x7d -> 3mg qhs x7d -> 4.5mg qhs" (clinicians' notes, handouts). Oracle: "then"."""
    said, plain = classify(text.replace(" then ", arrow), REGIMENS), classify(text, REGIMENS)
    assert said.ok and plain.ok, (said.input, said.error)
    assert (said.dose_class, said.daily_dose_mg, said.dose_mg) == (plain.dose_class, plain.daily_dose_mg, plain.dose_mg)
    cut = classify(text[: text.index(" then ")] + arrow.rstrip(), REGIMENS)
    assert cut.error is not None and cut.error.code == "ambiguous-dose", cut.input


REVIEWS = [
    "f/u 6 weeks",
    "follow up in 6 weeks",
    "LFTs in 12 weeks",
    "check LFTs at 3 months",
    "repeat labs in 1 month",
]
REVIEWS += ["followup 2 wks", "then reassess", "recheck labs in 3 mos"]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(REVIEWS), st.sampled_from(PLAIN_DOSES), st.sampled_from([", ", "; ", " "]))
def test_a_review_after_the_dose_is_a_note(review: str, dose: str, joiner: str) -> None:
    """ "LDN 4.5 mg qhs, f/u 6 weeks", "50 mg daily, LFTs in 12 weeks" (clinic notes; the label advises
    liver tests): advice, never a dose or how long. Oracle: the dose alone; its number is no dose."""
    said, plain = classify(f"{dose}{joiner}{review}", REGIMENS), classify(dose, REGIMENS)
    assert said.ok, (said.input, said.error)
    assert (said.dose_class, said.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg)
    assert any(review.split()[-1] in note.lower() for note in said.notes), said.notes


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(
        ["Naltrexone 50mg tablets", "LDN 4.5mg capsules", "naltrexone hydrochloride 50 mg tabs", "1.5 mg caps"]
    ),
    st.sampled_from([" x {n}", " x{n}", " ({n})", " {n}", " × {n}"]),
    st.sampled_from([28, 30, 56, 90, 100]),
    st.sampled_from([", one daily", ", take one at night", " one daily", ", 1 bid", ""]),
)
def test_a_pack_count_between_the_product_and_the_directions(product: str, pack: str, n: int, directions: str) -> None:
    """ "Naltrexone 50mg tablets x 28, one daily" (UK dispensing records): the pack's count says
    nothing of the dose. Oracle: the text without it."""
    said = classify(f"{product}{pack.format(n=n)}{directions}", REGIMENS)
    plain = classify(f"{product}{directions}", REGIMENS)
    assert plain.ok, plain.error
    assert said.ok, (said.input, said.error)
    assert (said.dose_class, said.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg), said.input
    assert any("how many the pack holds" in note for note in said.notes), said.notes


def test_a_small_count_or_a_length_after_the_product_is_not_a_pack() -> None:
    # "x 3" could be a dose's count; "x 28 days" is how long, and stays as it was read
    for text in ("Naltrexone 50mg tablets x 3, one daily", "Naltrexone 50mg tablets x 28 days, one daily"):
        result = classify(text, REGIMENS)
        assert not any("pack" in note for note in result.notes), text


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["1.5 mg", "2.25 mg", "3 mg", "25 mg"]),
    st.sampled_from(["twice daily", "bid", "2 times a day", ""]),
    st.sampled_from(["12 hours apart", ", 12 hrs apart", " (12 hours apart)"]),
)
def test_twelve_hours_apart_is_every_twelve_hours(amount: str, twice: str, apart: str) -> None:
    """ "3 mg twice daily, 12 hours apart" (LDN guides' split dose). Oracle: the same with q12h."""
    said = classify(f"{amount} {twice}{' ' if not apart.startswith(',') else ''}{apart}".replace("  ", " "), REGIMENS)
    plain = classify(f"{amount} q12h", REGIMENS)
    assert (said.ok, said.dose_class, said.daily_dose_mg) == (plain.ok, plain.dose_class, plain.daily_dose_mg), (
        said.input
    )


@given(st.sampled_from(["4", "6", "8", "24"]))
def test_other_hours_apart_stay_refused(hours: str) -> None:
    # "8 hours apart": two doses a day 8 hours apart, or one every 8 hours?
    assert not classify(f"2.25 mg {hours} hours apart", REGIMENS).ok


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["Titration: ", "LDN titration: ", "LDN schedule: ", "Schedule: "]),
    st.sampled_from(STEPPED),
)
def test_a_handout_s_label_of_its_steps_says_nothing(label: str, steps: str) -> None:
    """ "LDN titration: 1.5 mg qhs x 2 wks, then 3 mg qhs" (handouts). Oracle: the steps alone (with
    the drug's name, when the label holds it)."""
    said = classify(label + steps, REGIMENS)
    plain = classify(("LDN " if label.startswith("LDN") else "") + steps, REGIMENS)
    assert (said.ok, said.dose_class, said.daily_dose_mg) == (plain.ok, plain.dose_class, plain.daily_dose_mg), (
        said.input
    )


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["a week", "another week", "a month", "a day"]), st.sampled_from(["1.5 mg", "3 mg"]))
def test_after_a_week_says_when_a_dose_changes(when: str, first: str) -> None:
    """ "increase to 3 mg after a week", as "after 1 week" is read. Oracle: that text."""
    number = when.replace("another", "1").replace("a ", "1 ")
    said = classify(f"start {first} nightly, increase to 4.5 mg after {when}", REGIMENS)
    plain = classify(f"start {first} nightly, increase to 4.5 mg after {number}", REGIMENS)
    assert said.ok, (said.input, said.error)
    assert (said.dose_class, said.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg)


# A second attack, on this stop's rules (each was read with ok:true, most with the wrong class)
SIDE_EFFECTS = ["if vivid dreams", "if insomnia", "if trouble sleeping", "if sleep disturbances"]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["4.5 mg qhs", "50 mg daily", "3 mg nightly"]),
    st.sampled_from(SIDE_EFFECTS),
    st.sampled_from(["{dose}; {cond}, {down} {to}", "{dose}, {down} {to} {cond}", "{dose}. {down} {to} {cond}."]),
    st.sampled_from(["decrease to", "reduce to", "lower to", "then"]),
    st.sampled_from(["1.5 mg", "25 mg daily", "3 mg qhs"]),
)
def test_a_step_on_a_side_effect_is_refused(dose: str, cond: str, template: str, down: str, to: str) -> None:
    """ "50 mg daily, decrease to 25 mg daily if vivid dreams": the dose now is 50; the step is a
    plan for if it happens. It was classified as the step (out-of-range 25)."""
    result = classify(template.format(dose=dose, cond=cond, down=down, to=to), REGIMENS)
    assert result.error is not None and result.error.code == "ambiguous-dose", (result.input, result.dose_class)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["nausea", "insomnia", "headache"]), st.sampled_from(["->", "then", "→"]))
def test_a_step_after_a_symptom_alone_is_refused(symptom: str, arrow: str) -> None:
    # "50 mg daily; nausea -> 25 mg": if nausea, 25 mg (a plan), read as the step down
    result = classify(f"50 mg daily; {symptom} {arrow} 25 mg", REGIMENS)
    assert not result.ok, (result.input, result.dose_class)


def test_a_move_with_its_condition_and_what_a_dose_is_for_still_read() -> None:
    for text in (
        "1.5 mg qhs x 7 days, then 3 mg qhs, may take in the morning if vivid dreams",
        "1.5 mg qhs x 7 days, then 3 mg qhs; if vivid dreams take in the morning",
        "1.5 mg qhs for pain, then 3 mg qhs",
        "1.5 mg qhs x 7 days then 3 mg qhs if tolerated",
    ):
        result = classify(text, REGIMENS)
        assert result.ok and result.daily_dose_mg == 3, (text, result.error)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["weekly", "every other day", "twice weekly", "3 times a week"]),
    st.sampled_from([*REVIEWS[:5], "fu", "labs", "follow up"]),
)
def test_a_review_s_frequency_is_never_the_dose_s(frequency: str, review: str) -> None:
    """ "50 mg, f/u weekly": 50 mg once a week (7.1 mg/day) was read."""
    review = " ".join(
        word for word in review.split() if not word.isdigit() and word not in ("in", "at", "weeks", "months", "month")
    )
    result = classify(f"50 mg, {review} {frequency}", REGIMENS)
    assert not result.ok, (result.input, result.daily_dose_mg)


def test_a_titration_step_that_rises_by_nothing_is_refused() -> None:
    # "… then 3 mg qhs, increase weekly": 3 mg once a week (0.43 mg/day) was read
    for text in ("1.5 mg qhs then 3 mg qhs, increase weekly", "1.5 mg then 3 mg then 4.5 mg qhs, increase weekly"):
        assert classify(text, REGIMENS).error.code == "unsupported-form", text


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from([("0.5", 9), ("1", 5), ("0.5", 20), ("1.5", 3)]), st.sampled_from(["nightly", "qhs", "at bedtime"])
)
def test_a_count_that_may_be_the_dose_is_no_pack(product: tuple[str, int], frequency: str) -> None:
    # "LDN 0.5 mg caps x 9, nightly": nine of them (4.5 mg) a night, or a pack of nine?
    result = classify(f"LDN {product[0]} mg caps x {product[1]}, {frequency}", REGIMENS)
    assert not any("pack" in note for note in result.notes), result.input
    if result.ok:  # read, then as that many units a dose
        assert result.dose_mg == Fraction(product[0]) * product[1], (result.input, result.dose_mg)


def test_small_slips_the_attack_found() -> None:
    assert not classify("0-1/2 tab of 50 mg daily", REGIMENS).ok  # none to a half, or a half?
    assert not classify("increase for to 4.5 mg", REGIMENS).ok


def test_a_total_outside_brackets_is_no_generated_sig() -> None:
    # an open sig parser's suite: "take 1 tablet 50mg total by mouth" is read, once daily assumed
    result = classify("take 1 tablet 50mg total by mouth", REGIMENS)
    assert result.ok and result.daily_dose_mg == 50, result.error


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["decrease", "reduce", "lower"]), st.sampled_from(NAMES), st.sampled_from(PLAIN_DOSES))
def test_an_opening_fall_naming_the_drug_says_the_dose_now(fall: str, name: str, dose: str) -> None:
    """ "decrease LDN to 3 mg qhs", as "increase LDN to" is read. Oracle: the dose alone."""
    said, plain = classify(f"{fall} {name} to {dose}", REGIMENS), classify(dose, REGIMENS)
    assert said.ok, (said.input, said.error)
    assert (said.dose_class, said.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg)


@given(st.sampled_from(["decrease 3 mg", "4.5 mg qhs, decrease", "4.5 mg qhs, reduce LDN to 3 mg", "lower 1.5 mg qhs"]))
def test_a_fall_with_no_to_is_refused(text: str) -> None:
    # "decrease 3 mg": by 3 mg, or to 3 mg? (the verb alone was dropped, and 3 mg read)
    assert classify(text, REGIMENS).error.code == "unsupported-form", text
