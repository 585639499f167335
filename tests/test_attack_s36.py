"""Stop 36: plain spellings that were refused, each read by one rule of the vocabulary.

- "twice everyday", "2 times every day" (parserx's fixtures write "everyday"; "three times every
  day" was read, "twice every day" was not): after how many times, every way of saying a day.
- "qnite", "every other nite", "alternate nites", "every 3rd nite": "nite" is night wherever
  night is read ("every nite" and "nitely" were).
- "Tu, Th, Sa" (the two-letter days calendars and some EHRs write): a day where other days are
  named with them; alone ("50 mg th") two letters may be a slip, and are refused.
Oracle: each text reads as the same text written with the long spelling.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()
AMOUNTS = ["1 mg", "1.5 mg", "2.25 mg", "3 mg", "4.5 mg", "25 mg", "50 mg", "100 mg"]


def _same_reading(written: str, spelled_out: str) -> None:
    said, plain = classify(written, REGIMENS), classify(spelled_out, REGIMENS)
    assert plain.ok, (spelled_out, plain.error)
    assert said.ok, (written, said.error)
    assert (said.dose_class, said.dose_mg, said.daily_dose_mg) == (plain.dose_class, plain.dose_mg, plain.daily_dose_mg)


TIMES = {"twice": "twice a day", "2 times": "2 times a day", "three times": "three times a day", "3 x": "3 x a day"}
EVERY_DAY = ["everyday", "every day", "each day"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(AMOUNTS), st.sampled_from(sorted(TIMES)), st.sampled_from(EVERY_DAY))
def test_how_many_times_every_day(amount: str, times: str, every_day: str) -> None:
    _same_reading(f"{amount} {times} {every_day}", f"{amount} {TIMES[times]}")


NIGHTS = {
    "qnite": "qhs",
    "every other nite": "every other night",
    "alternate nites": "alternate nights",
    "every 2nd nite": "every 2nd night",
    "every third nite": "every third night",
    "every 4th nite": "every 4th night",
}


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(AMOUNTS), st.sampled_from(sorted(NIGHTS)))
def test_nite_is_night(amount: str, nite: str) -> None:
    _same_reading(f"{amount} {nite}", f"{amount} {NIGHTS[nite]}")


# Each day as a calendar's two letters and as the vocabulary's short form (Monday, Wednesday and
# Friday have no two-letter form read: "mo" is a month, "we" and "fr" other words).
DAYS = [("mon", "mon"), ("tu", "tue"), ("wed", "wed"), ("th", "thu"), ("fri", "fri"), ("sa", "sat"), ("su", "sun")]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(AMOUNTS),
    st.lists(st.integers(0, 6), min_size=2, max_size=4, unique=True),
    st.sampled_from([", ", " ", "/", " and "]),
)
def test_two_letter_days_in_a_list(amount: str, days: list[int], between: str) -> None:
    written = between.join(DAYS[day][0].title() for day in days)
    spelled = between.join(DAYS[day][1].title() for day in days)
    _same_reading(f"{amount} {written}", f"{amount} {spelled}")


@pytest.mark.parametrize("text", ["50 mg th", "100 mg Sa", "4.5 mg su", "50 mg daily tu"])
def test_two_letters_alone_are_refused(text: str) -> None:
    result = classify(text, REGIMENS)
    assert not result.ok and result.error.code == "unknown-word", (text, result.error)


def test_a_two_letter_day_after_a_start_is_when_it_starts() -> None:
    # The check that "starting Monday" is no day it is taken sees the two letters too.
    assert classify("50 mg Tu, Th starting Sa", REGIMENS).error.code == "unsupported-form"


def test_an_ordinal_stays_an_ordinal() -> None:
    assert (
        classify("4.5 mg every 4 th day", REGIMENS).daily_dose_mg
        == classify("4.5 mg every 4 days", REGIMENS).daily_dose_mg
    )


# "may increase to max 4.5 mg" (LDN guides and pharmacy pages): the most it may reach, said as
# "to 4.5 mg" says it; in a rise by steps too. Oracle: the text without the maximum's words.
MOST_WORDS = ["max", "maximum", "max of", "a max of", "a maximum of", "maximum of"]
RISES = [
    ("1.5 mg qhs, may increase to {most} 4.5 mg", "1.5 mg qhs, may increase to 4.5 mg"),
    ("1 mg nightly; may titrate up to {most} 3 mg", "1 mg nightly; may titrate up to 3 mg"),
    (
        "1.5 mg qhs, may increase by 1.5 mg weekly to {most} 4.5 mg",
        "1.5 mg qhs, may increase by 1.5 mg weekly to 4.5 mg",
    ),
    ("1 cap (1.5 mg) qhs, may increase to {most} 3 caps", "1 cap (1.5 mg) qhs, may increase to 3 caps"),
    ("50 mg daily, may increase to {most} 100 mg daily", "50 mg daily, may increase to 100 mg daily"),
]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(RISES), st.sampled_from(MOST_WORDS))
def test_may_increase_to_the_most(rise: tuple[str, str], most: str) -> None:
    template, plain = rise
    written = template.format(most=most)
    said, oracle = classify(written, REGIMENS), classify(plain, REGIMENS)
    assert oracle.ok and said.ok, (written, said.error, oracle.error)
    assert (said.dose_class, said.daily_dose_mg, said.daily_dose_mg_min) == (
        oracle.dose_class,
        oracle.daily_dose_mg,
        oracle.daily_dose_mg_min,
    ), written


def test_a_day_s_most_after_a_dose_not_taken_daily_is_refused() -> None:
    # "max daily dose" after an every-other-day dose: which does it limit? (as for an escalation)
    assert classify("1.5 mg qod, may increase to max daily dose 4.5 mg", REGIMENS).error.code == "ambiguous-dose"


# "4.5 mg/day divided bid", "100 mg daily in 2 divided doses" (prescribing references write a
# day's amount so): the amount is the day's, each dose a share of it. Oracle: the day's amount is
# the amount written, each dose that over how many, however the division is said.
DIVISIONS = {
    "divided bid": 2,
    "divided twice daily": 2,
    "divided q12h": 2,
    "divided tid": 3,
    "divided three times a day": 3,
    "divided q8h": 3,
    "in {n} divided doses": None,
    "in {n} equally divided doses": None,
    "divided into {n} doses": None,
    "divided in {n} equal doses": None,
    "in {n} doses": None,
    "divided into {n} doses daily": None,
    ", divided into {n} doses": None,
    "po divided bid": 2,
    "div bid": 2,  # prescribers' abbreviation (stop 37)
    "div q8h": 3,
    "in {n} div doses": None,
    "by mouth in {n} divided doses": None,
}
DAY_AMOUNTS = ["1.5 mg", "3 mg", "4.5 mg", "50 mg", "100 mg", "150 mg"]
DAY_WORDS = ["", " daily", "/day", " per day"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(DAY_AMOUNTS),
    st.sampled_from(DAY_WORDS),
    st.sampled_from(sorted(DIVISIONS)),
    st.sampled_from([2, 3, 4]),
    st.sampled_from(["", "naltrexone ", "take ", "LDN: "]),
)
def test_a_day_s_amount_divided(amount: str, daily: str, division: str, n: int, lead: str) -> None:
    doses = DIVISIONS[division] or n
    text = f"{lead}{amount}{daily} {division.format(n=n)}".replace(" ,", ",")
    result = classify(text, REGIMENS)
    day_mg = Fraction(amount.split()[0])
    assert result.ok, (text, result.error)
    assert (result.daily_dose_mg, result.dose_mg, result.doses_per_day) == (day_mg, day_mg / doses, doses), text
    assert any(f"in {doses} doses" in note for note in result.notes), (text, result.notes)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("100 mg daily in divided doses", "ambiguous-frequency"),  # how many?
        ("4.5 mg qhs divided bid", "unsupported-form"),  # a time of day, then split?
        ("2 caps daily divided bid", "unsupported-form"),  # a count, not the day's mg
        ("4.5 mg daily divided", "unsupported-form"),
        ("4.5 mg divided every other day", "unsupported-form"),
        ("4.5 mg bid in 2 divided doses", "unsupported-form"),  # each dose's, or the day's?
        ("4.5 mg daily in 8 divided doses", "unsupported-form"),
        ("4.5 mg divided q6-8h", "unsupported-form"),
        ("4.5 mg qhs, doses", "unknown-word"),  # not in this place
        # a second attack: a range divided at its high end only (0.5-4.5 mg/day was LDN 1-4.5),
        # a count of units or a part before the amount (9 mg/day for "2 tabs of 4.5 mg")
        ("0.5-4.5 mg/day divided bid", "unsupported-form"),
        ("25-100 mg daily in 2 divided doses", "unsupported-form"),
        ("take 2 tabs of 4.5 mg divided bid", "unsupported-form"),
        ("half of 9 mg daily divided bid", "unsupported-form"),
        ("start 1 mg/day divided bid, increase by 1 mg weekly to 4 mg/day divided bid", "unsupported-form"),
        ("4.5 mg x 2 doses", "ambiguous-frequency"),
    ],
)
def test_a_division_anywhere_else_is_refused(text: str, code: str) -> None:
    result = classify(text, REGIMENS)
    assert not result.ok and result.error.code == code, (text, result.error)


def test_the_note_of_a_division_keeps_its_unit() -> None:
    result = classify("4500 mcg/day divided bid", REGIMENS)
    assert result.daily_dose_mg == Fraction(9, 2)
    assert "the day's 4500 mcg in 2 doses of 2250 mcg" in result.notes[0], result.notes


def test_each_dose_said_again_must_agree_with_the_share() -> None:
    assert classify("4.5 mg divided bid (4.5 mg each)", REGIMENS).error.code == "conflicting-amounts"
    assert classify("4.5 mg divided bid (2.25 mg each)", REGIMENS).dose_mg == Fraction(9, 4)


# A text cut short (exports cut sigs at a length): "50 mg Mon-Fri and" was 35.7 mg/day, where the
# label's "50 mg Mon-Fri and 100 mg Sat" is 50. Oracle: whatever a whole text reads as, the same
# text ending on a joiner, a comma or a word that leads on is refused, and a full stop changes nothing.
WHOLE_TEXTS = [
    "4.5 mg qhs",
    "50 mg Mon-Fri",
    "Take 1 tablet (50 mg total) by mouth daily",
    "take 1/2 tab of 50 mg daily for 3 days",
    "1.5 mg at night x 2 weeks, then 3 mg at night",
    "Contrave 2 tablets in the morning",
    "100 mg on Monday",
    "LDN 4.5mg ON",
    "2 caps qhs, 2.25 mg each",
]
CUT_ENDS = [" and", " AND", " &", " or", " plus", ",", " x", " for", " of", " the", " to", " by", " take", " then"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(WHOLE_TEXTS), st.sampled_from(CUT_ENDS), st.sampled_from(["", ".", " ."]))
def test_a_text_cut_short_is_refused(text: str, end: str, stop: str) -> None:
    assert classify(text, REGIMENS).ok, text
    result = classify(f"{text}{end}{stop}", REGIMENS)
    assert not result.ok, (f"{text}{end}{stop}", result.daily_dose_mg)
    assert result.error.code in ("ambiguous-dose", "no-dose"), (text + end, result.error)


@pytest.mark.parametrize("text", WHOLE_TEXTS)
def test_a_full_stop_at_the_end_changes_nothing(text: str) -> None:
    whole, stopped = classify(text, REGIMENS), classify(text + ".", REGIMENS)
    assert (stopped.ok, stopped.daily_dose_mg) == (whole.ok, whole.daily_dose_mg)


# "1/12 of 50 mg tab daily" was 4.17 mg (LDN): a tablet is cut in halves, thirds or quarters
# wherever the sig names it, as with a product field (README). Oracle: the fraction times the
# strength for those, refused for any other part.
@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(2, 12),
    st.sampled_from(["{f} of 50 mg tab", "{f} of a 50 mg tablet", "{f} tab of 50 mg", "{f} of a 25 mg tab"]),
)
def test_a_tablet_is_cut_only_in_halves_thirds_or_quarters(top: int, bottom: int, template: str) -> None:
    part = Fraction(top, bottom)
    if part >= 1 or part.numerator != top:
        return  # a whole tablet or more, or a fraction not in its lowest terms: other rules
    text = template.format(f=f"{top}/{bottom}") + " daily"
    result = classify(text, REGIMENS)
    strength = 25 if "25 mg" in template else 50
    if bottom in (2, 3, 4):
        assert result.ok and result.daily_dose_mg == part * strength, (text, result.error)
    else:
        assert not result.ok and result.error.code == "implausible", (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    "product", ["naltrexone 50 mg ER tablet", "naltrexone 4.5 mg ER capsule", "Naltrexone HCl 4.5 mg SR capsule"]
)
def test_an_oral_extended_release_product_is_refused_as_in_the_sig(product: str) -> None:
    # The README: naltrexone has no oral extended-release form but Contrave; the product field
    # passed it (HDN 50), where the same words in the sig are unsupported-form.
    in_the_field = classify("1 tab daily", REGIMENS, product=product)
    in_the_sig = classify(f"{product}, 1 daily", REGIMENS)
    assert (in_the_field.ok, in_the_sig.ok) == (False, False)
    assert in_the_field.error.code == in_the_sig.error.code == "unsupported-form"


def test_contrave_s_release_in_the_product_field_is_read() -> None:
    assert classify("1 tab daily", REGIMENS, product="CONTRAVE 8-90 MG PER TABLET ER").daily_dose_mg == 8


# LDN drops of 0.5 mg make 4.5 mg in nine (the LDN Research Trust's guides): "9 drops" was more
# than 8 units in one dose. Drops are smaller: up to 20 in one dose. Oracle: drops × mg per drop.
@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 24),
    st.sampled_from(["0.25", "0.5", "1"]),
    st.sampled_from(["drops", "gtts"]),
    st.sampled_from(["SL qhs", "under the tongue at bedtime"]),
)
def test_drops_of_a_strength_per_drop(drops: int, per_drop: str, word: str, when: str) -> None:
    text = f"{per_drop} mg/drop, {drops} {word} {when}"
    result = classify(text, REGIMENS)
    if drops > 20:
        assert not result.ok and result.error.code == "implausible", text
    else:
        assert result.ok and result.daily_dose_mg == drops * Fraction(per_drop), (text, result.error)


def test_other_units_stay_at_eight() -> None:
    assert classify("9 tabs of 0.5 mg qhs", REGIMENS).error.code == "implausible"


# A clinician's note of the dose kept or changed to: "continue naltrexone 50 mg daily",
# "maintenance dose: 50 mg daily", "increase to 4.5 mg qhs". Oracle: the dose without the words.
NOTE_OPENINGS = ["continue ", "continue naltrexone ", "maintenance dose: ", "maintenance: ", "increase to "]
NOTE_OPENINGS += ["continue at ", "titrate up to ", "stay at "]
PLAIN_DOSES = ["4.5 mg qhs", "50 mg daily", "1.5 mg at bedtime", "100 mg every other day", "3 mg nightly"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(NOTE_OPENINGS), st.sampled_from(PLAIN_DOSES))
def test_a_clinician_s_note_of_the_dose_now(opening: str, dose: str) -> None:
    said, plain = classify(f"{opening}{dose}", REGIMENS), classify(dose, REGIMENS)
    assert said.ok, (opening + dose, said.error)
    assert (said.dose_class, said.daily_dose_mg) == (plain.dose_class, plain.daily_dose_mg)


def test_a_text_opening_with_then_stays_refused() -> None:
    assert not classify("then 4.5 mg qhs", REGIMENS).ok  # what came before it is missing


# Vivitrol as its label and pharmacy systems write it: "into the buttocks", "into alternating
# buttocks", "inj", and Epic's product line before the sig ("naltrexone (VIVITROL) 380 mg
# injection Inject 380 mg into the muscle every 28 (twenty-eight) days."). Oracle: the plain
# "Vivitrol 380 mg IM every 4 weeks".
VIVITROL_TEXTS = [
    "inject 380 mg into the buttocks every 4 weeks",
    "Vivitrol 380 mg deep IM injection into alternating buttocks every 4 weeks",
    "Vivitrol inj 380 mg every 4 weeks",
    "naltrexone (VIVITROL) 380 mg injection Inject 380 mg into the muscle every 4 weeks",
    "Vivitrol 380 mg injection 380 mg IM every 4 weeks",
    "inject 380 mg into the gluteal muscle every 4 weeks",
]


@pytest.mark.parametrize("text", VIVITROL_TEXTS)
def test_vivitrol_as_the_label_and_pharmacies_write_it(text: str) -> None:
    said, plain = classify(text, REGIMENS), classify("Vivitrol 380 mg IM every 4 weeks", REGIMENS)
    assert said.ok, (text, said.error)
    assert (said.regimen, said.route, said.dose_mg, said.daily_dose_mg) == (
        plain.regimen,
        plain.route,
        plain.dose_mg,
        plain.daily_dose_mg,
    )


def test_an_injection_s_product_line_with_another_dose_conflicts() -> None:
    result = classify("naltrexone 380 mg injection, 4.5 mg daily", REGIMENS)
    assert not result.ok and result.error.code == "conflicting-amounts"


# Record scaffolding and shorthand that were refused, each read by one rule. Oracle: the same
# text without it (a dispensing detail never changes the dose; a day group is its days).
SAID_WITH_AND_WITHOUT = [
    ("1 tab of 50 mg po daily. Qty: 30 Days supply: 30 Refills: 2", "1 tab of 50 mg po daily"),
    ("4.5mg qhs, DS 30", "4.5mg qhs"),
    ("4.5 mg qhs, day supply 90", "4.5 mg qhs"),
    ("4.5 mg qhs, Days supply: 30, Refills: 2", "4.5 mg qhs"),
    (
        "naltrexone-bupropion (CONTRAVE) 8-90 mg TB12 Take 2 tablets by mouth 2 (two) times daily.",
        "Contrave 2 tabs bid",
    ),
    ("100mg M/W, 150mg F", "100 mg Mon and Wed, 150 mg Fri"),
    ("100 mg MW, 150 mg F", "100 mg Mon and Wed, 150 mg Fri"),
    ("Tome 4.5 mg por vía oral a la hora de acostarse", "4.5 mg at bedtime"),
    ("TK 4.5 mg PO QHS", "4.5 mg qhs"),
]


@pytest.mark.parametrize(("written", "plain"), SAID_WITH_AND_WITHOUT)
def test_record_scaffolding_and_shorthand(written: str, plain: str) -> None:
    said, oracle = classify(written, REGIMENS), classify(plain, REGIMENS)
    assert oracle.ok and said.ok, (written, said.error)
    assert (said.dose_class, said.dose_mg, said.daily_dose_mg) == (
        oracle.dose_class,
        oracle.dose_mg,
        oracle.daily_dose_mg,
    )


@pytest.mark.parametrize("text", ["50 mg f", "naltrexone 50 mg TB12 1 daily"])
def test_a_lone_day_letter_and_an_oral_release_stay_refused(text: str) -> None:
    assert not classify(text, REGIMENS).ok


# A second attack on this stop's rules: each of these was ok:true with a wrong dose.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        # cut short with punctuation touching the last word (35.7 mg/day, the README's example)
        ("50 mg Mon-Fri and:", "ambiguous-dose"),
        ("50 mg Mon-Fri (and", "ambiguous-dose"),
        ("50 mg Mon-Fri and)", "ambiguous-dose"),
        ("50 mg Mon-Fri ,and", "ambiguous-dose"),
        ("50 mg Mon-Fri and a", "ambiguous-dose"),
        ("50 mg Mon-Fri y", "ambiguous-dose"),
        ("50 mg Mon-", "ambiguous-dose"),
        ("1.5 mg qhs x 7 days, after that", "ambiguous-dose"),
        # drops of a solid: 54 mg/day for "4.5 mg tab, 12 drops" (the product field refuses them)
        ("4.5 mg tab, 12 drops qhs", "conflicting-amounts"),
        ("4.5 mg tab, 3 drops qhs", "conflicting-amounts"),
        # a day a course starts, after an opening verb (0.64 mg/day)
        ("increase to 4.5 mg on Monday", "no-dose"),
        # a tablet by any name is cut in halves, thirds or quarters only
        ("1/12 of 50 mg pill", "implausible"),
        ("1/12 of 50 mg tableta", "implausible"),
        ("1/12 of 50 mg troche", "implausible"),
        # "SA" before a dose form: sustained action, or Saturday?
        ("naltrexone 100 mg SA tab Mon, Wed, Fri", "unknown-word"),
    ],
)
def test_what_the_second_attack_found(text: str, code: str) -> None:
    result = classify(text, REGIMENS)
    assert not result.ok and result.error.code == code, (text, result.daily_dose_mg, result.error)


@pytest.mark.parametrize(
    "text", ["1.5 mg x 1 week, 3 mg thereafter", "1.5 mg qhs x 7 days, 4.5 mg qhs after that", "50 mg Tu, Th, Sa"]
)
def test_what_the_second_attack_s_fixes_keep(text: str) -> None:
    assert classify(text, REGIMENS).ok, text
