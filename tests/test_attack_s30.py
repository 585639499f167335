"""Stop 30: what the stop's attack on liquids, concentrations and compounded forms found, as the
rule it broke, with an oracle."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import FREQUENCIES, STRENGTHS_MG

from ldnclass import classify, load_regimens

REGIMENS = load_regimens()
FORMS = ["cap", "caps", "capsule", "tab", "tablet", "tablets"]


# "take 3 mg cap plus 1.5 mg cap qhs" was 1.5 mg/day: the first amount was read as the label of the
# units (as in "naltrexone 25 mg tablets: 25mg bd") and dropped. Two amounts joined ("and", "plus",
# "+", "&", "or"), a first one taken ("take 3 mg cap, 1.5 mg"), or two units of different strengths
# ("3 mg cap, 1.5 mg cap") are never a label and a dose: refused, as "3 mg + 1.5 mg" always was.
# A label at the start, or after the drug's name, then a dose in mg reads the dose.


LABEL_LEADS = ["", "naltrexone ", "LDN ", "Take naltrexone "]  # a product's label starts the text, or follows the drug


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(STRENGTHS_MG),
    st.sampled_from(FORMS),
    st.sampled_from(
        ["", " ", ", ", ": ", " - ", ": take ", " and ", " plus ", " + ", " & ", " or ", " and a ", " y ", " on "]
    ),
    st.sampled_from(
        [*LABEL_LEADS, "take ", "Take a ", "taking ", "pt on ", "1.5 mg qhs x 7 days, then ", "1 mg x 7 days then LDN "]
    ),
    st.sampled_from(["", " cap", " tablet", " SL tab", "{frequency} cap"]),
    st.sampled_from(FREQUENCIES),
)
def test_a_unit_and_another_amount_are_never_a_label_and_its_dose(
    first: str,
    second: str,
    form: str,
    between: str,
    lead: str,
    second_form: str,
    frequency: tuple[str, Fraction],
) -> None:
    """The oracle: a label (at the start, or after the drug's name), then at most ': take' or '-',
    then the dose, reads the dose; two units ("3 mg cap, 1.5 mg SL tab"), joined amounts, or a first
    amount after any other lead (taken, a later step's) never read one of them alone."""
    written, per_day = frequency
    if "{frequency}" in second_form:  # "LDN 3 mg cap, 1.5 mg qhs cap": the second unit after the frequency
        text = f"{lead}{first} mg {form}{between}{second} mg {second_form.format(frequency=written)}"
    else:
        text = f"{lead}{first} mg {form}{between}{second} mg{second_form} {written}"
    result = classify(text, REGIMENS)
    labelled = lead in LABEL_LEADS
    joined = between.strip() not in ("", ",", ":", "-", ": take")
    two_units = bool(second_form) and (first != second or not lead.strip())
    if not labelled or joined or two_units:
        assert not result.ok, (text, result.daily_dose_mg)  # "1 mg cap and 0.5 mg" may be "1 and a half": refused
    elif result.ok:  # the label, then the dose: never the label's amount, never both
        assert result.dose_mg == Fraction(second), (text, result.dose_mg)
        assert result.daily_dose_mg == Fraction(second) * per_day, text


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["#30 ", "#30, ", "disp: 30 sig: ", ", qty 30, ", ": take ", ", dose "]),
    st.sampled_from([("50", "25"), ("4.5", "4.5"), ("50", "50")]),
)
def test_a_pharmacy_labels_quantity_may_stand_between_the_label_and_the_dose(
    between: str, strengths: tuple[str, str]
) -> None:
    """The re-check: "Naltrexone 50 mg tab #30 25 mg daily" read 25 before the stop, and was refused in between."""
    label, dose = strengths
    result = classify(f"Naltrexone {label} mg tab {between}{dose} mg daily", REGIMENS)
    assert result.ok, (between, result.error)
    assert result.daily_dose_mg == Fraction(dose)


def test_the_two_amounts_are_named() -> None:
    result = classify("take 3 mg cap plus 1.5 mg cap at bedtime", REGIMENS)
    assert result.error is not None
    assert result.error.code == "multiple-amounts"
    assert "(3 mg, 1.5 mg)" in result.error.message


# A liquid's product field often ends with the bottle's volume ("naltrexone 1 mg/mL oral solution,
# 120 mL", "(150 ml)"): it was refused as not a strength. After a concentration it is the bottle's,
# as a pack's count after the dose form is; before one, or with no concentration, it stays refused.


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["1", "0.5", "2", "4.5"]),
    st.sampled_from(["1", "2.25", "3", "4.5", "0.5"]),
    st.sampled_from(["30", "50", "100", "120", "150"]),
    st.sampled_from([", {} mL", " {} mL", " ({} mL)", " ({} ml)", ", {}mL bottle"]),
    st.sampled_from(["oral solution", "oral suspension", "solution", ""]),
)
def test_a_bottles_volume_after_the_concentration_is_the_packs(
    concentration: str, volume: str, bottle: str, pack: str, form: str
) -> None:
    product = f"naltrexone {concentration} mg/mL {form}".rstrip() + pack.format(bottle)
    result = classify(f"take {volume} mL at bedtime", REGIMENS, product=product)
    if result.ok or "bottle" not in pack:  # "bottle" is a word the vocabulary may not hold: refused is fine
        assert result.ok, (product, result.error)
        assert result.dose_mg == Fraction(concentration) * Fraction(volume), product
    before = classify(f"take {volume} mL at bedtime", REGIMENS, product=f"naltrexone {bottle} mL {concentration} mg/mL")
    assert not before.ok
    alone = classify("take 1 tablet daily", REGIMENS, product=f"naltrexone 50 mg tablet, {bottle} mL")
    assert not alone.ok


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["1", "0.5"]),
    st.sampled_from(["4.5", "9", "2.25", "10"]),
    st.sampled_from([", {} mL", ", {} mL per dose", ", {} mL/dose", ", {} mL each", ", dose {} mL", " sig {} mL"]),
)
def test_a_doses_volume_in_the_product_is_never_dropped(concentration: str, volume: str, written: str) -> None:
    """The re-check: "naltrexone 1 mg/mL, 4.5 mL per dose" beside a sig of 9 mL read 9 mg, the product's
    4.5 mL dropped as a bottle's. A volume a dose could be, or said of a dose, stays refused."""
    product = f"naltrexone {concentration} mg/mL" + written.format(volume)
    assert not classify("take 9 mL at bedtime", REGIMENS, product=product).ok, product


# "2.25 mL bid (4.5 mL/day)" with a 1 mg/mL product was refused, its message "the dose reads as
# 2.25 mg a dose (4.5 mg/day) but the bracket says 4.5 mg/day" (the liquids attack): a day's total
# in mL is a total as one in mg is, read with the product's concentration. A total that disagrees
# stays refused; "(4.5 mg daily)" is another schedule of the same day's total, and says so.


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["1", "0.5", "2"]),
    st.sampled_from(["0.5", "1", "1.5", "2.25", "3"]),
    st.sampled_from([f for f in FREQUENCIES if f[1] >= 1 and f[1].denominator == 1]),
    st.sampled_from(["/day", " per day", " a day", "/ day"]),
    st.booleans(),
)
def test_a_days_total_in_ml_restates_a_liquids_dose(
    concentration: str, volume: str, frequency: tuple[str, Fraction], period: str, agrees: bool
) -> None:
    written, per_day = frequency
    day_ml = Fraction(volume) * per_day + (0 if agrees else 1)
    total = f"{day_ml.numerator}" if day_ml.denominator == 1 else f"{float(day_ml):g}"
    product = f"naltrexone {concentration} mg/mL oral solution"
    result = classify(f"{volume} mL {written} ({total} mL{period})", REGIMENS, product=product)
    if agrees:
        assert result.ok, (result.input, product, result.error)
        assert result.daily_dose_mg == Fraction(concentration) * Fraction(volume) * per_day
    else:
        assert not result.ok


def test_the_same_days_total_in_another_schedule_is_named_so() -> None:
    result = classify("2.25 mg bid (4.5 mg daily)", REGIMENS)
    assert result.error is not None
    assert result.error.code == "conflicting-amounts"
    assert "the bracket as 4.5 mg daily: the same day's total in two schedules" in result.error.message
    assert "(4.5 mg/day)" in result.error.message


# The units attack: ",5 mg bid" was 10 mg/day (the comma a separator, 5 mg read), "Tab.50mg daily"
# 0.5 mg (".50" a decimal), "4.5 mg q.4h prn" 270 mg/day ("q" then every 0.4 hours). A comma with
# no digit before it, then digits and a unit, may be a decimal comma (0,5): refused. A dot between
# a word and a number may end the word or start the number: refused. After "q", the dot is the
# Latin abbreviation's: "q.4h" is q4h.

UNITS = ["mg", "mcg", "mL", "MG", "mgs"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "take ", "LDN ", "Dose: ", "qhs ", "(", "LDN", "naltrexone", "LDN x", "LDN &"]),
    st.sampled_from(["5", "50", "25", "75", "0045", "3"]),
    st.sampled_from(UNITS),
    st.sampled_from(["", " ", "-"]),
    st.sampled_from(FREQUENCIES),
)
def test_a_comma_before_digits_and_a_unit_is_asked_about(
    lead: str, digits: str, unit: str, space: str, frequency: tuple[str, Fraction]
) -> None:
    text = f"{lead},{digits}{space}{unit} {frequency[0]}" + (")" if lead == "(" else "")
    result = classify(text, REGIMENS, product="naltrexone 1 mg/mL oral solution" if unit == "mL" else None)
    assert not result.ok, (text, result.daily_dose_mg)
    assert result.error is not None and result.error.code == "ambiguous-number", (text, result.error)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        ["Tab", "tab", "Cap", "po", "take", "naltrexone HCl", "Susp", "I", "x", "LDN (naltrexone)", "[LDN]"]
    ),
    st.sampled_from(["5", "50", "25", "100", "1", "4.5"]),
    st.sampled_from(["mg", "mg daily", " mg bid", "mg OD"]),
)
def test_a_dot_between_a_word_and_a_number_is_asked_about(word: str, digits: str, rest: str) -> None:
    text = f"{word}.{digits}{rest}"
    result = classify(text, REGIMENS)
    assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["4", "6", "8", "12", "24"]), st.sampled_from(["q.{}h", "Q.{}H", "q.{}hr", "q.{} hours"]))
def test_q_dot_hours_is_every_so_many_hours(hours: str, written: str) -> None:
    dotted = classify(f"1.5 mg {written.format(hours)}", REGIMENS)
    plain = classify(f"1.5 mg {written.replace('.', '').format(hours)}", REGIMENS)
    assert dotted.ok == plain.ok
    assert dotted.daily_dose_mg == plain.daily_dose_mg
    if plain.ok:
        assert plain.daily_dose_mg == Fraction(3, 2) * 24 / int(hours)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["5", "50", "25", "75"]), st.sampled_from(["tab", "tablets", "cap"]), st.sampled_from(["take ", ""])
)
def test_a_comma_before_a_units_usual_cut_is_asked_about(digits: str, form: str, lead: str) -> None:
    """The re-check: "take ,5 tab daily" of 50 mg tablets was 250 mg/day (5 tablets), 0,5 tablet being 25."""
    result = classify(f"{lead},{digits} {form} daily", REGIMENS, product="naltrexone 50 mg tablet")
    assert not result.ok, (digits, form, result.daily_dose_mg)


def test_a_comma_before_a_count_or_a_whole_decimal_is_not_a_decimal_comma() -> None:
    assert classify(",4.5 mg qhs", REGIMENS).daily_dose_mg == Fraction(9, 2)
    week = "naltrexone 1 mg tablets: Take 1 tab 5 xdaily on week 1 ,1 tab 4 xdaily on week 2, then 1 tab daily"
    assert classify(week, REGIMENS).ok


def test_a_large_volume_said_of_a_dose_is_never_the_bottles() -> None:
    for product in [
        "naltrexone 1 mg/mL, dose 30 mL",
        "naltrexone 1 mg/mL sig 30 mL",
        "naltrexone 1 mg/mL, 30 mL per dose",
    ]:
        assert not classify("take 4.5 mL at bedtime", REGIMENS, product=product).ok, product
    assert classify("take 4.5 mL at bedtime", REGIMENS, product="naltrexone 1 mg/mL, 30 mL").daily_dose_mg == Fraction(
        9, 2
    )
