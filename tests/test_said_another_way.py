"""The same dose said another way reads the same, or is refused: the oracle is the plainer phrasing.

Each pair comes from the peer sig parsers' tests (Good Pill's `one time every 8 hours` and `sat/sun`,
ezmedicationinput's `at 5 in the evening`, Public Health Scotland's `prn if pain`) set against the
phrasing ldnclass already reads.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ldnclass import classify, load_regimens
from ldnclass.reading.pieces import MAX_BARE_COUNT
from ldnclass.result import Result

REGIMENS = load_regimens()
DOSES = ["1 tab", "2 tabs", "1/2 tab", "take 1 tablet by mouth"]
PRODUCTS = ["naltrexone 1.5 mg tablets", "naltrexone 50 mg tablets", "naltrexone 4.5 mg tablets"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _reading(result: Result) -> tuple[object, ...]:
    """What two phrasings must share: refused or not, and the day's dose at each end."""
    return (result.ok, result.daily_dose_mg, result.daily_dose_mg_min)


def _same(plain: str, other: str, product: str, other_product: str | None = None) -> None:
    """``other`` (with ``other_product``, if given) reads as ``plain`` with ``product`` does."""
    expected = classify(plain, REGIMENS, product=product)
    result = classify(other, REGIMENS, product=other_product or product)
    assert expected.ok, (plain, expected.error)
    assert result.ok, (other, result.error)
    assert (result.dose_class, result.daily_dose_mg, result.dose_mg) == (
        expected.dose_class,
        expected.daily_dose_mg,
        expected.dose_mg,
    ), (other, result.arithmetic)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["one time", "1 time"]),
    st.sampled_from(["every 8 hours", "every 12 hours", "every day", "every 2 days", "every week"]),
)
def test_one_time_every_is_once_every(dose: str, product: str, one_time: str, every: str) -> None:
    _same(f"{dose} once {every}", f"{dose} {one_time} {every}", product)
    if any(c.isdigit() for c in every):  # "2 times every 8 hours": six a day, or two? Refused
        assert not classify(f"{dose} 2 times {every}", REGIMENS, product=product).ok


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["prn", "as needed"]),
    st.sampled_from(["pain", "fever", "cravings", "insomnia", "itching"]),
    st.sampled_from(["", " daily", " at bedtime"]),
)
def test_as_needed_if_is_as_needed_for(dose: str, product: str, prn: str, condition: str, frequency: str) -> None:
    _same(f"{dose}{frequency} {prn} {condition}", f"{dose}{frequency} {prn} if {condition}", product)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.lists(st.sampled_from(DAYS), min_size=2, max_size=4, unique=True),
)
def test_days_joined_by_a_slash_are_a_list(dose: str, product: str, days: list[str]) -> None:
    _same(f"{dose} daily on {' and '.join(days)}", f"{dose} daily on {'/'.join(days)}", product)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.integers(1, 11), st.sampled_from(["", ":30"]))
def test_an_hour_in_the_evening_is_that_hour_pm(dose: str, product: str, hour: int, minutes: str) -> None:
    _same(f"{dose} at {hour}{minutes} pm", f"{dose} at {hour}{minutes} in the evening", product)
    _same(f"{dose} at {hour}{minutes} am", f"{dose} at {hour}{minutes} in the morning", product)
    both = classify(f"{dose} at {hour} in the morning and at {hour} in the evening", REGIMENS, product=product)
    assert both.ok and both.doses_per_day == 2, both.error


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(["morning", "midday", "evening"]))
def test_a_meal_at_a_time_of_day_is_that_time(dose: str, product: str, time: str) -> None:
    plain = {"morning": "with breakfast", "midday": "with lunch", "evening": "with dinner"}[time]
    for said in (f"with {time} meal", f"with the {time} meal"):
        _same(f"{dose} {plain}", f"{dose} {said}", product)
    _same(f"{dose} with breakfast and dinner", f"{dose} with morning and evening meals", product)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(["", " qhs", " at bedtime"]))
def test_for_sleep_says_what_it_is_for(dose: str, product: str, frequency: str) -> None:
    # "TAKE 1/2 TO 2 TABLETS AT BEDTIME FOR SLEEP." (Advanced-Sig-Parser's verified sigs)
    for reason in ("for sleep", "for sleeping", "for better sleep"):
        _same(f"{dose}{frequency}", f"{dose}{frequency} {reason}", product)
    result = classify(f"{dose}{frequency} for sleep", REGIMENS, product=product)
    assert any("for sleep" in note for note in result.notes), result.notes


def test_a_whole_week_from_sunday_is_every_day() -> None:
    result = classify("1 tab daily sun-sat", REGIMENS, product="naltrexone 50 mg tablets")
    assert result.ok and result.daily_dose_mg == Fraction(50), result.error


FREQUENCIES = ["daily", "bd", "twice daily", "nocte", "in the morning", "tds", "every 8 hours"]
DISPENSED = ["dispense weekly", "disp weekly", "weekly dispense", "weekly dispensing", "dispensed weekly"]
DISPENSED += ["please dispense weekly", "disp wkly", "dispense monthly", "disp weekly in dosette box", "(disp weekly)"]
DISPENSED += ["dispense every 2 weeks", "supervised consumption", "in a blister pack"]
DISPENSED += ["dsp weekly"]
# After the dose only: "weekly disp 1 tab daily" may say "disp 1 tab" (refused, as "mane weekly disp 1 tab")
DISPENSED_AFTER = ["weekly disp", "wkly disp dos box"]  # Public Health Scotland's "1 tab daily weekly disp"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(FREQUENCIES), st.sampled_from(DISPENSED))
def test_how_often_it_is_dispensed_is_never_how_often_it_is_taken(
    dose: str, product: str, frequency: str, dispensed: str
) -> None:
    # "1 cap od dispense weekly" (Public Health Scotland's parser tests): a note; alone, refused
    _same(f"{dose} {frequency}", f"{dose} {frequency} {dispensed}", product)
    _same(f"{dose} {frequency}", f"{dispensed} {dose} {frequency}", product)
    assert not classify(f"{dose} {dispensed}", REGIMENS, product=product).ok


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(FREQUENCIES), st.sampled_from(DISPENSED_AFTER)
)
def test_weekly_disp_after_the_dose_is_how_often_it_is_dispensed(
    dose: str, product: str, frequency: str, dispensed: str
) -> None:
    _same(f"{dose} {frequency}", f"{dose} {frequency} {dispensed}", product)
    assert not classify(f"{dose} {dispensed}", REGIMENS, product=product).ok
    assert not classify(f"{dose} {frequency} {dispensed} 4", REGIMENS, product=product).ok  # 4 dispensed, or 4 a dose?


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(PRODUCTS), st.sampled_from(["disp", "dispense"]), st.integers(1, 8))
def test_a_few_units_dispensed_are_never_taken_for_one_unit_a_dose(product: str, lead: str, units: int) -> None:
    # "mane weekly disp 1 tab" was read as one unit weekly: the peer reads 1 tab every morning
    texts = [
        f"mane weekly {lead} {units} tab",
        f"weekly {lead} {units}",
        f"qhs {lead} {units}",
        f"1 tab weekly {lead} {units}",
    ]
    for text, in_the_text in [(text, False) for text in texts] + [(text, True) for text in texts]:
        # the product in its own field, or before the sig as a product-and-sig column writes it
        result = classify(f"{product}: {text}", REGIMENS) if in_the_text else classify(text, REGIMENS, product=product)
        if lead == "dispense" and text.startswith("mane"):  # "weekly dispense", then 1 tab each morning
            strength = Fraction(product.split()[1])
            assert not result.ok or result.daily_dose_mg == units * strength, (text, result.arithmetic)
        else:
            assert not result.ok, (text, result.arithmetic)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(
        ["weekly dispense", "weekly dispensing", "monthly dispense", "fortnightly dispense", "weekly disp"]
    ),
    st.sampled_from([*FREQUENCIES, "weekly", "every 4 weeks", "every other day"]),
)
def test_a_frequency_after_weekly_dispense_is_refused(dose: str, product: str, dispensed: str, frequency: str) -> None:
    # "1 tab weekly dispense every 4 weeks": which one says how often it is taken?
    assert not classify(f"{dose} {dispensed} {frequency}", REGIMENS, product=product).ok


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["every morning", "in the morning", "at noon", "every evening", "in the evening"]),
    st.sampled_from(["with meals", "after meals", "before meals", "pc", "ac", "with food"]),
)
def test_a_meal_at_the_one_time_of_day_said_is_that_time(dose: str, product: str, time: str, meals: str) -> None:
    # "Take 1 tablet by mouth every morning after meals" (Good Pill: once a day)
    _same(f"{dose} {time}", f"{dose} {time} {meals}", product)
    # beside bedtime it is a list, "pc hs" four a day, or refused: never once a day ("with food"
    # beside one time is how that dose is taken: test_attack_s34)
    for night in ("at bedtime", "hs", "at night") if meals != "with food" else ():
        result = classify(f"{dose} {night} {meals}", REGIMENS, product=product)
        assert not result.ok or result.doses_per_day == 4, (night, meals, result.doses_per_day)


PARTS = [("1 tab", "in the morning"), ("2 tabs", "at night"), ("1", "mane"), ("2", "nocte"), ("1/2 tab", "at noon")]
PARTS += [("1 tab", "in the afternoon")]
SLOT = {"in the morning": "morning", "mane": "morning", "at night": "night", "nocte": "night", "at noon": "noon"}
SLOT |= {"in the afternoon": "afternoon"}


@settings(max_examples=150, deadline=None)
@given(st.permutations(PARTS), st.sampled_from(PRODUCTS))
def test_parts_of_a_day_need_no_and_between_them(parts: list[tuple[str, str]], product: str) -> None:
    # "2 tabs mane 1 tab nocte", "1 mane 2 nocte" (Public Health Scotland's legacy parser tests)
    first, second = parts[0], next(p for p in parts[1:] if SLOT[p[1]] != SLOT[parts[0][1]])
    plain = f"{first[0]} {first[1]} and {second[0]} {second[1]}"
    _same(plain, f"{first[0]} {first[1]} {second[0]} {second[1]}", product)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["1", "one", "2", "two"]),
    st.sampled_from(["to be taken", "to be given"]),
    st.sampled_from(["at night", "twice daily", "in the morning", "daily", "three times a day"]),
    st.sampled_from(PRODUCTS),
)
def test_n_to_be_taken_is_n_units(count: str, taken: str, frequency: str, product: str) -> None:
    # "one to be taken at night", as UK labels print it
    _same(f"{count} {frequency}", f"{count} {taken} {frequency}", product)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([("1", "2"), ("one", "two"), ("1", "3"), ("2", "4")]),
    st.sampled_from(["-", " to ", " or "]),
    st.sampled_from(["", "take "]),
    st.sampled_from(["daily", "qds", "in the morning", "at night", "po bid"]),
    st.sampled_from(["naltrexone 0.5 mg tablets", "naltrexone 1 mg tablets", "naltrexone 50 mg tablets"]),
)
def test_a_range_of_the_products_units_needs_no_form_word(
    counts: tuple[str, str], to: str, take: str, frequency: str, product: str
) -> None:
    # "1 or 2 qds", "1-2 daily": as "1 qds" counts the product's units, and "1-2 tabs qds" reads
    low, high = counts
    plain = classify(f"{take}{low}{to}{high} tabs {frequency}", REGIMENS, product=product)
    bare = classify(f"{take}{low}{to}{high} {frequency}", REGIMENS, product=product)
    assert _reading(bare) == _reading(plain), (bare.error, plain.error)
    assert not classify(f"{take}{low}{to}{high} {frequency}", REGIMENS).ok  # no product: of what?


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from([("if reqd", "if required"), ("as req", "as required"), ("only if needed", "if needed")]),
    st.sampled_from(["at night", "daily", "bd"]),
)
def test_uk_shorthand_for_as_needed(dose: str, product: str, said: tuple[str, str], frequency: str) -> None:
    short, plain = said
    _same(f"{dose} {frequency} {plain}", f"{dose} {frequency} {short}", product)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from([(4, 6), (6, 8), (8, 12)]),
    st.sampled_from(["-", " to "]),
    st.sampled_from(["hourly", "hrly"]),
)
def test_n_to_m_hourly_is_every_n_to_m_hours(
    dose: str, product: str, hours: tuple[int, int], to: str, hourly: str
) -> None:
    low, high = hours
    plain = classify(f"{dose} every {low}{to}{high} hours", REGIMENS, product=product)
    said = classify(f"{dose} {low}{to}{high} {hourly}", REGIMENS, product=product)
    assert _reading(said) == _reading(plain), (said.error, plain.error)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(PRODUCTS),
    st.sampled_from(["1-2", "1 or 2", "one to two", "1", "2", "one", "1 to be taken", "1-2 to be taken"]),
    st.sampled_from(["", "ORAL ", "po "]),
    st.sampled_from(["daily", "qid when required", "4 hourly if required", "at night", "q8-12h prn"]),
)
def test_a_product_and_sig_column_counts_the_products_units(
    product: str, count: str, route: str, frequency: str
) -> None:
    # "naltrexone 1 mg tablets: 1-2 daily as required", "…: ORAL 1 q8-12h prn muscle spasm"
    # (Public Health Scotland's and Good Pill's parser tests), as with the form named
    plain = f"{product}: {route}{count.removesuffix(' to be taken')} tabs {frequency}"
    result = classify(f"{product}: {route}{count} {frequency}", REGIMENS)
    expected = classify(plain, REGIMENS)
    assert _reading(result) == _reading(expected), (result.error, expected.error, plain)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(["three times a day", "4 times daily"]))
def test_upto_is_up_to(dose: str, product: str, frequency: str) -> None:
    _same(f"{dose} up to {frequency}", f"{dose} upto {frequency}", product)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(
        [
            *[("every 2nd day", "every 2 days"), ("every 3rd day", "every 3 days"), ("alt nights", "alternate nights")],
            *[("alt days", "alternate days"), ("three times day", "three times a day"), ("2 x day", "2 times a day")],
            *[("on the same day each week", "weekly"), ("at breakfast time", "at breakfast")],
            *[("teatime", "in the evening"), ("suppertime", "with supper"), ("early evening", "in the evening")],
            *[("upon waking", "in the morning"), ("on rising", "in the morning"), ("brkfst", "breakfast")],
            *[("alternate mornings", "alternate days"), ("alt mornings", "alternate days")],
            *[("every other morning", "every other day"), ("on alternate evenings", "alternate days")],
            *[("twice day", "twice a day"), ("afternoon", "in the afternoon"), ("mid-afternoon", "in the afternoon")],
            # the UK's "om" (omni mane); "every third night" as labels and handouts write it (probe s26)
            *[("om", "mane"), ("every third night", "every 3 days"), ("every 3rd night", "every 3 days")],
            *[("every fourth night", "every 4 days"), ("every 5th day", "every 5 days")],
        ]
    ),
)
def test_frequencies_and_times_of_day_said_another_way(dose: str, product: str, said: tuple[str, str]) -> None:
    # Public Health Scotland's legacy parser tests
    short, plain = said
    _same(f"{dose} {plain}", f"{dose} {short}", product)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(PRODUCTS), st.sampled_from(["one", "2"]), st.sampled_from(["at night", "bd"]))
def test_tblt_is_a_tablet(product: str, count: str, frequency: str) -> None:
    _same(f"{count} tablet {frequency}", f"{count} tblt {frequency}", product)


TABLETS_NAMED = ["ODT", "orally disintegrating tablet", "orodispersible tablet", "film-coated tablet"]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(PRODUCTS),
    st.sampled_from(["one", "2"]),
    st.sampled_from(TABLETS_NAMED),
    st.sampled_from(["at night", "bd"]),
)
def test_tablets_named_by_their_kind_are_tablets(product: str, count: str, named: str, frequency: str) -> None:
    # probe s26: "4.5 mg ODT qhs", "Naltrexone 50mg film-coated tablets" (UK SmPC), in sig and product
    _same(f"{count} tablet {frequency}", f"{count} {named} {frequency}", product)
    sig = f"{count} tablet {frequency}"
    _same(sig, sig, product, product.replace("tablets", named + "s"))


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["50mg tablets", "50 mg film-coated tablets"]),
    st.sampled_from(["Nalorex", "Adepend", "Revia"]),
    st.sampled_from(["one to be taken daily", "1 tab od", "take half a tablet daily"]),
)
def test_the_uks_brands_are_naltrexone(product: str, brand: str, sig: str) -> None:
    _same(sig, sig, f"naltrexone {product}", f"{brand} {product}")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["naltrexone 25 mg tablets", "naltrexone 4.5 mg tablets", "naltrexone 1.5 mg capsules"]),
    st.sampled_from(["25", "50", "4.5", "9", "1.5", "3", "30", "2.25"]),
    st.sampled_from(["bd", "mane", "weekly", "PO qDay", "at night"]),
)
def test_a_dose_in_mg_after_its_product_reads_as_with_a_product_field(product: str, mg: str, frequency: str) -> None:
    # "naltrexone 25 mg tablets: 25mg bd" (Public Health Scotland's legacy parser tests)
    field = classify(f"{mg} mg {frequency}", REGIMENS, product=product)
    column = classify(f"{product}: {mg}mg {frequency}", REGIMENS)
    assert (column.ok, column.daily_dose_mg) == (field.ok, field.daily_dose_mg), (column.error, field.error)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["naltrexone 25 mg tablets", "naltrexone 4.5 mg tablets", "naltrexone 1.5 mg capsules"]),
    st.sampled_from(["1", "2", "1/2", "one"]),
    st.sampled_from(["tablet", "tablets", "capsule", "tab"]),
    st.sampled_from(["25", "50", "4.5", "9", "1.5", "3", "12.5", "2.25"]),
    st.sampled_from([" mg", "mg", ""]),
    st.sampled_from(["by mouth every day at 5 pm", "bd", "at bedtime", "daily"]),
)
def test_units_and_their_mg_after_the_product_read_as_with_a_product_field(
    product: str, count: str, form: str, mg: str, unit: str, frequency: str
) -> None:
    # the Advanced Sig Parser's production sigs: "take 1 tablet25 mg by mouth every day at 5 pm"
    sig = f"take {count} {form}{' ' if unit != '' else ''}{mg}{unit or ' mg'} {frequency}"
    field = classify(sig, REGIMENS, product=product)
    column = classify(f"{product}: {sig}", REGIMENS)
    assert (column.ok, column.daily_dose_mg, column.dose_mg) == (field.ok, field.daily_dose_mg, field.dose_mg), (
        sig,
        column.error,
        field.error,
    )


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from([*PRODUCTS, "naltrexone 0.5 mg tablets"]),
    st.sampled_from([("1", "2"), ("2", "3"), ("one", "two")]),
    st.sampled_from([" or ", " to ", "-"]),
    st.sampled_from(["times", "x"]),
)
def test_a_range_of_times_day_is_a_range_of_times_a_day(
    dose: str, product: str, counts: tuple[str, str], to: str, times: str
) -> None:
    # a helper's attack: "take 1 or 2 x day" was "take 1" at "2 x day"
    low, high = counts
    plain = classify(f"{dose} {low}{to}{high} times a day", REGIMENS, product=product)
    short = classify(f"{dose} {low}{to}{high} {times} day", REGIMENS, product=product)
    assert _reading(short) == _reading(plain), (short.error, plain.error)


# When and how, never how much or how often (Epic's "at the same time each day", "swallowing
# whole"): the dose reads as it does without them.
WHEN_AND_HOW = ["at the same time", "at about the same time", "around the same time", "swallowing whole"]
WHEN_AND_HOW += ["swallowed whole"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["daily", "at night", "bd", "every other day", "weekly"]),
    st.sampled_from([" ", ", "]),
    st.sampled_from(WHEN_AND_HOW),
)
def test_when_and_how_leave_the_dose_as_it_is(dose: str, product: str, frequency: str, gap: str, said: str) -> None:
    _same(f"{dose} {frequency}", f"{dose} {frequency}{gap}{said}", product)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(["each", "every"]))
def test_at_the_same_time_each_day_is_daily(dose: str, product: str, each: str) -> None:
    _same(f"{dose} daily", f"{dose} at the same time {each} day", product)
    _same(f"{dose} daily", f"{dose} daily at the same time {each} day", product)
    assert not classify(f"{dose} bd at the same time {each} day", REGIMENS, product=product).ok  # twice, or once?


SAME_RATE = [("daily", "every day"), ("every other day", "every other night"), ("weekly", "every week")]
SAME_RATE += [("every other morning", "every other evening"), ("alternate days", "every other day")]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(SAME_RATE), st.sampled_from(["and", "plus"]))
def test_a_frequency_joined_to_another_by_and_may_be_a_second_dose(
    dose: str, product: str, frequencies: tuple[str, str], joined: str
) -> None:
    first, second = frequencies
    result = classify(f"{dose} {first} {joined} {second}", REGIMENS, product=product)
    assert not result.ok and result.error is not None and result.error.code == "ambiguous-frequency"
    _same(f"{dose} {first}", f"{dose} {first}, {second}", product)  # said twice, with nothing joining them


CLOCK_TIMES = ["7:00", "8:30", "9:00", "12:00", "14:00", "16:30", "18:00", "21:00", "22:00"]
TWELVE_HOUR_TIMES = ["7:00 am", "10:00 am", "3:00 pm", "9:30 pm"]  # a list keeps to one clock


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from([CLOCK_TIMES, TWELVE_HOUR_TIMES]).flatmap(
        lambda clock: st.lists(st.sampled_from(clock), min_size=2, max_size=4, unique=True)
    ),
    st.sampled_from([", ", " and ", ", and "]),
)
def test_clock_times_listed_after_at_are_each_a_dose(dose: str, product: str, times: list[str], joint: str) -> None:
    # "1 tab at 9:00, 22:00", "at 9:00, 12:00, 18:00" (MAR schedules, ezmedicationinput's tests):
    # each time after the first is read as if "at" were written before it, and the oracle is
    # the day's count of times (refused only where two of them are the same hour said two ways)
    listed = f"{dose} at " + joint.join(times)
    explicit = f"{dose} " + " and ".join(f"at {time}" for time in times)
    _same(explicit, listed, product)
    result = classify(listed, REGIMENS, product=product)
    assert result.doses_per_day == len(times), (listed, result.doses_per_day)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["at 9:00", "9:00", "at 9 am"]),
    st.sampled_from(["22", "22 00", "22.00", "2", "21:70", "21:001", "22:00"]),
    st.sampled_from([", ", " and "]),
)
def test_a_clock_list_needs_at_and_colons(dose: str, product: str, first: str, then: str, joint: str) -> None:
    # "at 9:00 and 22", "9:00, 22:00" without "at", "at 9 am, 22:00": a number, a count or a time?
    # Refused, as before: only a time with its colon after one with "at" and its colon is listed
    assume(not (first == "at 9:00" and then == "22:00"))
    text = f"{dose} {first}{joint}{then}"
    result = classify(text, REGIMENS, product=product)
    assert not result.ok, (text, result.doses_per_day)


JOINED = ["1 tab mane", "2 tabs nocte", "2", "at night", "1/2 tab", "4.5 mg", "daily", "in the morning", "then"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(JOINED), min_size=2, max_size=4), st.sampled_from(PRODUCTS))
def test_a_spaced_plus_sign_is_the_word_plus(fragments: list[str], product: str) -> None:
    # "two mane + two nocte" (Public Health Scotland's tests): read, or refused, as "plus" is, always
    written, said = " + ".join(fragments), " plus ".join(fragments)
    expected, result = classify(said, REGIMENS, product=product), classify(written, REGIMENS, product=product)
    assert _reading(result) == _reading(expected), (written, result.error, expected.error)


@pytest.mark.parametrize("text", ["4.5 mg+1.5 mg daily", "4.5 mg qhs +1"])
def test_a_plus_sign_not_spaced_is_not_a_word(text: str) -> None:
    # a sign glued to a number is read as before (refused here)
    assert not classify(text, REGIMENS, product="naltrexone 1 mg tablets").ok


def test_week_2_plus_is_a_step_that_goes_on() -> None:
    # "week 2+": the step from week 2 on, each marker closing its step, never "plus" a dose
    result = classify("1 tab daily week 1, 2 tabs week 2+", REGIMENS, product="naltrexone 1 mg tablets")
    assert result.ok and [s.daily_dose_mg for s in result.steps] == [1, 2], result.error


WHOLE = {"1": 1, "2": 2, "3": 3, "one": 1, "two": 2, "three": 3, "una": 1, "dos": 2}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(WHOLE)),
    st.sampled_from(["and a half", "and one half", "y media"]),
    st.sampled_from(["tabs", "tablets", ""]),
    st.sampled_from(["at night", "daily", "bid"]),
    st.sampled_from(PRODUCTS),
)
def test_n_and_a_half_is_the_number_and_a_half(whole: str, half: str, form: str, when: str, product: str) -> None:
    # "1 and a half tablets daily" (Public Health Scotland's tests), "two and a half", "una y media":
    # the oracle is the same count written as a decimal (refused alike without a unit, as "1.5 at night")
    count = " ".join(part for part in (whole, half, form) if part)
    decimal = " ".join(part for part in (f"{WHOLE[whole]}.5", form) if part)
    if form:
        _same(f"{decimal} {when}", f"{count} {when}", product)
    plain, other = (classify(f"{text} {when}", REGIMENS, product=product) for text in (decimal, count))
    assert _reading(other) == _reading(plain), (count, other.error, plain.error)


@pytest.mark.parametrize("text", ["1 tab and a half daily", "4 mg and a half daily", "1.5 and a half tabs daily"])
def test_and_a_half_after_a_unit_or_a_decimal_is_refused(text: str) -> None:
    # one and a half units, or the half alone? 4.5 mg or 4 mg and half a tablet? Write one amount
    assert not classify(text, REGIMENS, product="naltrexone 1 mg tablets").ok


SOLUTION = "naltrexone 1 mg/mL oral solution"
SPOON_COUNTS = {"1": 1, "2": 2, "3": 3, "4": 4, "one": 1, "two": 2, "1/2": Fraction(1, 2), "½": Fraction(1, 2)}
SPOONS = ["spoonful", "spoonfuls", "spoon", "spoons", "teaspoonsful", "measures"]


def _ml(value: Fraction) -> str:
    return f"{float(value):g}"


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(SPOON_COUNTS)),
    st.sampled_from(["", "x", " x "]),
    st.sampled_from(["5", "2.5", "10"]),
    st.sampled_from(["ml", " ml", " mL"]),
    st.sampled_from(SPOONS),
    st.sampled_from(["daily", "twice a day", "to be taken at night"]),
)
def test_n_measured_spoonfuls_are_n_times_the_volume(
    count: str, times: str, volume: str, unit: str, spoon: str, when: str
) -> None:
    # "one 5ml spoonful twice daily", "2x5ml spoonfuls" (Public Health Scotland's tests; the BNF's
    # 5-mL spoon): the oracle is the volume multiplied out
    times = " x " if times == "x" and count.isalpha() else times or " "  # "2x5ml", not "onex5ml"
    text = f"{count}{times}{volume}{unit} {spoon} {when}"
    if count.isdigit() and SPOON_COUNTS[count] > 1 and not spoon.endswith(("s", "sful")):  # "2 5ml spoonful": 2.5 ml?
        assert not classify(text, REGIMENS, product=SOLUTION).ok, text
        return
    _same(f"{_ml(SPOON_COUNTS[count] * Fraction(volume))} ml {when}", text, SOLUTION)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([("1", "2"), ("2", "3"), ("one", "two")]), st.sampled_from([" or ", " - ", " to "]))
def test_a_range_of_measured_spoonfuls_is_a_range_of_volumes(counts: tuple[str, str], join: str) -> None:
    low, high = (SPOON_COUNTS[count] * 5 for count in counts)
    plain, said = f"{low} or {high} ml daily", f"{counts[0]}{join}{counts[1]} 5 ml spoonfuls daily"
    expected, result = (classify(text, REGIMENS, product=SOLUTION) for text in (plain, said))
    assert expected.ok and _reading(result) == _reading(expected), (said, result.error)


@pytest.mark.parametrize(
    "text",
    [
        "5 ml spoonfuls daily",  # how many?
        "6 5ml spoonfuls daily",  # more spoons than a dose
        "1 1/2 5ml spoonfuls daily",  # the count would be cut in two
        "one 5 mg spoonful daily",  # a spoon measures a volume
        "one spoonful daily",  # a household spoon of no stated size
        "-1 5 ml spoonful daily",
    ],
)
def test_a_spoonful_that_says_no_measured_volume_is_refused(text: str) -> None:
    assert not classify(text, REGIMENS, product=SOLUTION).ok


# Each time of day, a clock time plainly in it and one plainly not (the oracle: a person's reading)
TIME_AND_CLOCKS = [
    ("in the morning", ["8 am", "7:30 am", "at 9 am", "at 08:00"], ["8 pm", "at 21:00"]),
    ("every morning", ["at 6 am"], ["at 6 pm"]),
    ("at noon", ["12 pm", "at 12:00"], ["at 8 pm", "at 3 am"]),
    ("in the afternoon", ["at 3 pm", "at 15:00", "5:30 pm"], ["at 9 am", "at 10 pm", "2 pm"]),  # "2 pm": 2 units?
    ("every evening", ["at 6 pm", "at 18:30"], ["at 6 am", "at 3 am"]),
    ("nightly", ["at 9 pm", "at 22:00", "at 10:30 pm"], ["at 8 am", "at 2 pm"]),
    ("at bedtime", ["10 pm", "at 11 pm"], ["at 7 am", "at 1 pm"]),
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(TIME_AND_CLOCKS),
    st.data(),
    st.sampled_from(["{t} {c}", "{t} ({c})", "{c} {t}"]),
)
def test_a_clock_time_beside_its_time_of_day_is_that_time(
    dose: str, product: str, time_and_clocks: tuple[str, list[str], list[str]], data: st.DataObject, shape: str
) -> None:
    # "nightly at 9 pm", "at bedtime (10 pm)", "in the morning (8am)" (EHR sigs; Public Health
    # Scotland's tests): one time said two ways, read as the time of day alone; a clock outside it
    # ("in the morning at 8 pm") cannot be the same dose, and is refused
    time, inside, outside = time_and_clocks
    clock = data.draw(st.sampled_from(inside))
    _same(f"{dose} {time}", f"{dose} " + shape.format(t=time, c=clock), product)
    clock = data.draw(st.sampled_from(outside))
    result = classify(f"{dose} " + shape.format(t=time, c=clock), REGIMENS, product=product)
    assert not result.ok, (shape, clock, result.daily_dose_mg)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["around", "at around", "about", "at about", "approximately", "at approx", "roughly"]),
    st.sampled_from(["9 pm", "9:30 pm", "8 am", "21:00", "07:30"]),
    st.sampled_from(["", "nightly ", "daily "]),
)
def test_a_clock_time_said_roughly_is_that_time(dose: str, product: str, about: str, clock: str, before: str) -> None:
    # "nightly around 9 pm", "at approximately 10 pm" (EHR sigs): one time a day, as "at 9 pm";
    # a 24-hour time keeps its "at" ("around 21:00" is not read, as "21:00" is not)
    if ":" in clock and "am" not in clock and "pm" not in clock and not about.startswith("at"):
        assert not classify(f"{dose} {before}{about} {clock}", REGIMENS, product=product).ok
        return
    if before == "nightly " and clock in ("8 am", "07:30"):
        before = "every morning "
    _same(f"{dose} {before}at {clock}", f"{dose} {before}{about} {clock}", product)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.lists(st.sampled_from(DAYS), min_size=1, max_size=4, unique=True),
    st.sampled_from(["each week", "every week"]),
)
def test_weekdays_each_week_are_those_days(dose: str, product: str, days: list[str], each: str) -> None:
    # "take 1 tablet by mouth on monday wednesday and friday each week" (ezmedicationinput's tests)
    listed = " and ".join(days)
    _same(f"{dose} on {listed}", f"{dose} on {listed} {each}", product)
    if len(days) > 1:  # before the days, or "weekly" after them, may be once a week: refused as before
        assert not classify(f"{dose} {each} on {listed}", REGIMENS, product=product).ok
        assert not classify(f"{dose} on {listed} weekly", REGIMENS, product=product).ok


# Each end as written, and its minute of the day
_MINUTES = {"9 pm": 1260, "9pm": 1260, "9:30 pm": 1290, "3 am": 180, "3am": 180, "21:00": 1260, "23:30": 1410}
_MINUTES |= {"11 pm": 1380, "12 am": 0, "00:00": 0, "12:15 pm": 735}
_WINDOW_ENDS = list(_MINUTES)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(_WINDOW_ENDS),
    st.sampled_from(_WINDOW_ENDS),
    st.sampled_from(["nightly ", "at bedtime ", "daily ", "once daily ", "every other day ", "weekly "]),
    st.booleans(),
)
def test_a_window_of_clock_times_says_when_not_how_often(
    dose: str, product: str, start: str, end: str, frequency: str, bracketed: bool
) -> None:
    # "take 4.5 mg nightly between 9 pm and 3 am" (LDN guides' window for the bedtime dose): the
    # dose as without the window, with the window kept as a note
    window = f"between {start} and {end}"
    text = f"{dose} {frequency}" + (f"({window})" if bracketed else window)
    if _MINUTES[start] == _MINUTES[end]:  # "between 9 pm and 21:00": no window
        assert not classify(text, REGIMENS, product=product).ok, text
        return
    _same(f"{dose} {frequency}".strip(), text, product)
    notes = classify(text, REGIMENS, product=product).notes
    assert any(note.startswith("'between ") and "read as when it is taken" in note for note in notes), notes


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["bid ", "twice daily ", "every 4 hours ", "q6h ", "tid ", "2 times a day "]),
    st.sampled_from(["between 8 am and 8 pm", "between 9 pm and 3 am", "between 08:00 and 20:00"]),
)
def test_a_window_with_more_than_one_dose_a_day_is_refused(
    dose: str, product: str, frequency: str, window: str
) -> None:
    # "every 4 hours between 8 am and 8 pm" is four doses, not six: how many fit is not read
    result = classify(f"{dose} {frequency}{window}", REGIMENS, product=product)
    assert not result.ok and result.error is not None and result.error.code == "ambiguous-frequency"


@pytest.mark.parametrize(
    "text",
    [
        "4.5 mg qhs between 13 pm and 3 am",  # no such hour
        "4.5 mg qhs between 9 pm and 25:00",
        "4.5 mg qhs between 9:75 pm and 3 am",
        "4.5 mg between meals",  # only clock times make a window
        "take between 1 and 2 tabs daily",  # a range of counts, not read this way
        "4.5 mg qhs between 9 and 11 pm",  # 9 what?
    ],
)
def test_between_anything_but_two_clock_times_is_refused(text: str) -> None:
    assert not classify(text, REGIMENS, product="naltrexone 1.5 mg tablets").ok, text


# From an attack on the window and the moves to the morning (helper, 586k texts): each was read
# with a time or a dose lost, and is refused.
@pytest.mark.parametrize(
    "text",
    [
        # a window joined to another time, beside two times, or twice
        "3 mg qam and between 9 pm and 3 am",
        "3 mg at 9 pm and between 1 am and 3 am",
        "3 mg between 9 pm and 3 am and 8 am",
        "3 mg between 9 pm and 11 pm and between 7 am and 9 am",
        "3 mg between 7 am and 2 am, and hs",
        "3 mg at 9 pm and 1 am between 9 pm and 3 am",
        "1.5 mg qam and 1.5 mg qhs between 9 pm and 11 pm",
        # more than one dose a day at one end of a range, or as needed
        "1 tab qd-bid between 9 pm and 3 am",
        "3 mg prn, max 3 per day between 9 pm and 3 am",
        # a number after the window that may be its minutes
        "between 8 pm and 10 10 caps nightly",
        "take 2 caps between 10 pm and 5:00 am and pm",
    ],
)
def test_a_window_that_may_hide_a_dose_is_refused(text: str) -> None:
    result = classify(text, REGIMENS, product="naltrexone 1.5 mg tablets" if "cap" not in text else None)
    assert not result.ok, (text, result.daily_dose_mg)


@pytest.mark.parametrize(
    "text",
    [
        "4.5 mg at 8 am, between 9 pm and 3 am",  # a time before the window, outside it
        "4.5 mg qam, between 9 pm and 3 am",
        "4.5 mg qhs, if insomnia take qam then 3 mg",  # a move, then a step?
    ],
)
def test_a_time_beside_a_window_it_is_not_in_is_refused(text: str) -> None:
    result = classify(text, REGIMENS)
    assert not result.ok, (text, result.daily_dose_mg)


def test_a_time_of_day_inside_its_window_is_read() -> None:
    for text in ["4.5 mg in the morning between 6 am and 10 am", "4.5 mg at bedtime between 9pm and 3am"]:
        result = classify(text, REGIMENS)
        assert result.ok and result.daily_dose_mg == Fraction(9, 2), (text, result.error)


# Bedtime and waking as labels, nursing orders and LDN handouts write them (the probe of stop 25:
# UK and US dispensing labels, droracle.ai's LDN article, US nursing's "q noc").
_AT_NIGHT = ["just before bed", "right before bedtime", "shortly before bed", "before going to bed"]
_AT_NIGHT += ["when going to sleep", "before getting to sleep", "before retiring", "q noc", "qnoc", "at noc"]
_ON_WAKING = ["upon awakening", "on awakening", "on waking up", "when getting up", "first thing in the morning"]
_ON_WAKING += ["first thing"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(_AT_NIGHT),
    st.sampled_from(_ON_WAKING),
)
def test_bedtime_and_waking_said_another_way(dose: str, product: str, night: str, morning: str) -> None:
    _same(f"{dose} at bedtime", f"{dose} {night}", product)
    _same(f"{dose} in the morning", f"{dose} {morning}", product)
    # two times of day are two doses, whichever words say them
    _same(f"{dose} in the morning and at bedtime", f"{dose} {morning} and {night}", product)
    _same(f"{dose} every other night", f"{dose} every {'second' if len(night) % 2 else '2nd'} night", product)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["0.5", "1.5", "3", "4.5", "25", "50", "100"]),
    st.sampled_from(["qhs", "daily", "bid", "every other day"]),
    st.sampled_from(["", " 30 day supply", ", 30-day supply", "; 3 month supply", ", 90-day supply, 5 refills"]),
    st.sampled_from(["", " Avoid opioid-containing medicines.", " Avoid opioid products."]),
)
def test_mgs_a_supply_and_advice_change_nothing(mg: str, frequency: str, supply: str, advice: str) -> None:
    """ "4.5 mgs nightly" is mg; "30-day supply" is what was dispensed; advice is advice."""
    product = f"naltrexone {mg} mg tablets"
    _same(f"{mg} mg {frequency}", f"{mg} mgs {frequency}{supply}.{advice}".replace("..", "."), product)


_OTHER_TIMES = {"night": ["at night", "qhs", "in the evening"], "morning": ["in the morning", "qam", "at lunch"]}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from([(phrase, "night") for phrase in _AT_NIGHT] + [(phrase, "morning") for phrase in _ON_WAKING]),
    st.sampled_from(["", ", "]),
    st.booleans(),
)
def test_a_time_said_by_an_event_beside_another_is_one_or_two(
    dose: str, product: str, said: tuple[str, str], between: str, first: bool
) -> None:
    """ "in the morning, just before lunch", "when waking up at night", "upon awakening qhs": one
    dose between two times, or two doses? Refused (the attack on stop 25's words read them as two:
    9 mg/day). The same slot said twice is one time ("at night when going to bed")."""
    phrase, slot = said
    other = _OTHER_TIMES["morning" if slot == "night" else "night"]
    for time in other:
        pair = f"{phrase}{between} {time}" if first else f"{time}{between} {phrase}"
        result = classify(f"{dose} {pair}".replace(" ,", ","), REGIMENS, product=product)
        if "noc" in phrase:
            continue  # "q noc" is a time of day, as "qhs" is, and listed as it is
        assert not result.ok, (result.input, result.daily_dose_mg)
    _same(
        f"{dose} at bedtime" if slot == "night" else f"{dose} in the morning",
        f"{dose} {phrase} {_OTHER_TIMES[slot][0]}",
        product,
    )


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["1", "0.5", "4.5", "50"]),
    st.sampled_from(["mL", "ml", "1 mL", "5 mL", "10 ml", "50 ml"]),
    st.sampled_from(["1", "2", "3", "4.5"]),
    st.sampled_from(["at bedtime", "daily", "bid"]),
)
def test_mg_per_ml_is_mg_slash_ml(mg: str, volume: str, taken: str, frequency: str) -> None:
    """ "naltrexone 1 mg per mL, take 4.5 mL at bedtime" (LDN Research Trust's wording) is
    "1 mg/mL"; "mg per day" stays how often."""
    plain = classify(f"naltrexone {mg} mg/{volume}, take {taken} mL {frequency}", REGIMENS)
    said = classify(f"naltrexone {mg} mg per {volume}, take {taken} mL {frequency}", REGIMENS)
    assert (said.ok, said.daily_dose_mg, said.dose_mg) == (plain.ok, plain.daily_dose_mg, plain.dose_mg), said.input
    assert classify(f"{taken} mg per day", REGIMENS).daily_dose_mg == Fraction(taken)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", "naltrexone ", "LDN "]),
    st.sampled_from(["1.5", "3", "4.5", "25", "50"]),
    st.sampled_from(["1", "one", "x 1", "x1", "× 1"]),
    st.sampled_from(["nocte", "qhs", "daily", "po qd", "mane", "at night", "by mouth every morning"]),
)
def test_one_unit_of_the_amount_is_the_amount(drug: str, mg: str, one: str, when: str) -> None:
    """ "LDN 4.5mg 1 nocte", "naltrexone 50mg x1 po qd" (UK and EHR free text, the probe of stop
    25): one unit of the amount before it. Two units there are refused (of 4.5 mg, or 4.5 mg in
    two?), and so is one unit beside a product of another strength (one capsule of it?)."""
    plain = classify(f"{drug}{mg} mg {when}", REGIMENS)
    said = classify(f"{drug}{mg}mg {one} {when}", REGIMENS)
    assert plain.ok, plain.input
    assert said.ok, (said.input, said.error)
    assert (said.daily_dose_mg, said.dose_mg) == (plain.daily_dose_mg, plain.dose_mg), said.input
    assert not classify(f"{drug}{mg}mg {one.replace('1', '2').replace('one', 'two')} {when}", REGIMENS).ok
    same = classify(f"{mg}mg {one} {when}", REGIMENS, product=f"naltrexone {mg} mg tablet")
    assert same.ok and same.daily_dose_mg == plain.daily_dose_mg, same.input
    other = "0.5" if mg != "0.5" else "1"
    assert not classify(f"{mg}mg {one} {when}", REGIMENS, product=f"naltrexone {other} mg tablet").ok


_SCHEMA_SAID = {
    3: ["in the morning", "at noon", "in the evening"],
    4: ["in the morning", "at noon", "in the evening", "at night"],
}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2), min_size=3, max_size=4).filter(any),
    st.sampled_from([("naltrexone 50 mg ", None), ("LDN 1.5 mg ", None), ("", "naltrexone 25 mg tablet")]),
    st.sampled_from(["-", " - "]),
)
def test_a_european_schema_is_its_times_written_out(counts: list[int], lead: tuple[str, str | None], dash: str) -> None:
    """ "naltrexone 50 mg 1-0-1" (the units taken morning, noon, evening, and night as a fourth):
    read as "1 in the morning and 1 in the evening" is."""
    text, product = lead
    written = " and ".join(f"{n} {time}" for n, time in zip(counts, _SCHEMA_SAID[len(counts)], strict=True) if n)
    plain = classify(f"{text}{written}", REGIMENS, product=product)
    said = classify(f"{text}{dash.join(map(str, counts))}", REGIMENS, product=product)
    if len(set(counts) - {0}) > 1:  # "1-2-1", "0-1-2": steps, or a day's units?
        assert not said.ok, said.input
        return
    assert (said.ok, said.daily_dose_mg, said.dose_mg) == (plain.ok, plain.daily_dose_mg, plain.dose_mg), said.input
    # with another strength after it, each part took its own: "50 mg 1-0-1 (25 mg each)" was 75 mg
    assert not classify(f"{text}{dash.join(map(str, counts))} (25 mg each)", REGIMENS, product=product).ok


def test_what_is_no_schema_stays_as_it_was() -> None:
    """A range, five counts, a date: no schema."""
    assert classify("1-2 tabs daily", REGIMENS, product="naltrexone 50 mg tablet").daily_dose_mg_min == 50
    assert not classify("50 mg 1-0-1-2-1", REGIMENS).ok
    assert not classify("4.5 mg qhs 1-1-2024", REGIMENS).ok
    assert not classify("4.5 mg 0-0-0", REGIMENS).ok
    assert not classify("LDN 1.5 mg 1-2-3", REGIMENS).ok  # a step-up of 1, 2, 3 capsules? (was 9 mg)
    assert not classify("LDN 1.5 mg 0-1-2", REGIMENS).ok
    assert not classify("LDN 4.5 mg week 1-0-1", REGIMENS, product="naltrexone 1.5 mg capsule").ok


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["take 1 tablet", "1 tab", "take 1/2 tablet", "naltrexone 50 mg"]),
    st.sampled_from(["1 hour", "60 minutes", "1-2 hours", "2 hrs"]),
    st.sampled_from(["before", "prior to"]),
    st.sampled_from(
        ["the first drink", "first alcoholic drink of the day", "you start drinking", "alcohol consumption", "etoh"]
    ),
    st.sampled_from(["", ", only on drinking days", " on drinking days only", " as needed"]),
)
def test_before_drinking_said_another_way(dose: str, span: str, when: str, event: str, days: str) -> None:
    """The Sinclair method's targeted dose, as its guides and AUD sigs write it: when to take it,
    the dose unchanged (the plain wording: "1 hour before drinking")."""
    product = "naltrexone 50 mg tablet"
    plain = f"{dose} {span} before drinking{' as needed' if days == ' as needed' else ''}"
    _same(plain, f"{dose} {span} {when} {event}{days}", product)


def test_one_unit_of_an_amount_is_the_unit_later_steps_count() -> None:
    """ "4.5 mg 1 qhs x 7 days then 2 qhs": one unit is 4.5 mg, whether 4.5 mg was said as the dose
    or as the unit's strength, so two are 9 mg, as with "1 tab" (a change of mine that refused it
    lost "50 mg 1 mane and 1 nocte"; found by the attack on ed38563). A body weight's kg is no
    amount of a dose ("wt 45 kg 1 daily" beside a 1.5 mg product was read)."""
    assert classify("4.5 mg 1 qhs x 7 days then 2 qhs", REGIMENS).daily_dose_mg == 9
    assert classify("4.5 mg 1 tab qhs x 7 days then 2 qhs", REGIMENS).daily_dose_mg == 9
    assert classify("naltrexone 50 mg 1 mane and 1 nocte", REGIMENS).daily_dose_mg == 100
    assert not classify("0.1 mg/kg, wt 45 kg 1 daily", REGIMENS, product="naltrexone 1.5 mg capsule").ok


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.integers(0, 23),
    st.sampled_from([0, 30, 45]),
    st.sampled_from(["", "daily ", "nightly ", "qd "]),
    st.sampled_from(["at", "@"]),
)
def test_a_24_hour_clock_without_its_colon(
    dose: str, product: str, hour: int, minute: int, frequency: str, at: str
) -> None:
    """ "at 2200", "@ 0900", as medication administration records write the hour: "at 22:00"."""
    plain = classify(f"{dose} {frequency}at {hour:02d}:{minute:02d}", REGIMENS, product=product)
    said = classify(f"{dose} {frequency}{at} {hour:02d}{minute:02d}", REGIMENS, product=product)
    assert (said.ok, said.daily_dose_mg, said.dose_mg) == (plain.ok, plain.daily_dose_mg, plain.dose_mg), said.input


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["1.5", "3", "4.5", "50"]), st.sampled_from(["mg/night", "mg / night", "mg per night"]))
def test_mg_a_night_is_at_night(mg: str, per_night: str) -> None:
    """ "LDN 4.5 mg/night", "1 cap/night", as "mg/day" is (the probe of stop 25)."""
    _same(f"{mg} mg at night", f"{mg} {per_night}", f"naltrexone {mg} mg capsule")
    _same("1 cap at night", "1 cap/night", f"naltrexone {mg} mg capsule")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["4.5 mg QHS", "Take 1 tablet by mouth daily", "1 cap po qhs", "50 mg daily"]),
    st.sampled_from(
        [
            *[
                ". Disp #30 (thirty). RF x 11",
                ". Disp #30. RF x 2",
                ", disp #90",
                ", no refills",
                ", qty #30, no refill",
            ],
            ". Disp: 90 capsule, Rfl: 3",  # Epic's short form (the probe of stop 26)
        ]
    ),
)
def test_what_was_dispensed_changes_nothing(dose: str, dispensed: str) -> None:
    """ "Disp #30", "qty #90", "no refills", and a stop before an abbreviation in capitals
    ("#30. RF x 11"): what was dispensed, never the dose (the probe of stop 25)."""
    product = "naltrexone 50 mg tablet" if "50" in dose or "tablet" in dose else "naltrexone 4.5 mg capsule"
    _same(dose, f"{dose}{dispensed}", product)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([("0.5", "0.5"), ("1.5", "1.5"), ("1", "0.5"), ("1.5", "0.75"), ("25", "25")]),
    st.sampled_from(["4.5", "3", "4", "50", "100"]),
    st.sampled_from(["every 7 days", "weekly", "every 2 weeks", "q2 weeks as tolerated"]),
    st.sampled_from(["Max", "Maximum dose", "max dose", "do not exceed", "Max:"]),
    st.sampled_from(["", " qhs", "/day", " per day"]),
    st.sampled_from([". ", ", ", "; "]),
)
def test_an_escalation_s_most_said_apart_is_its_target(
    start: tuple[str, str], most: str, every: str, max_word: str, frequency: str, stop: str
) -> None:
    """ "Start 0.5 mg qhs, increase by 0.5 mg every 7 days. Max 4.5 mg/day." (LDN guides): an
    escalation's most, in a clause of its own, is its target, as "… to 4.5 mg/day" is."""
    first, by = start
    head = f"Start {first} mg qhs, increase by {by} mg {every}"
    plain = classify(f"{head} to {most} mg{frequency}", REGIMENS)
    said = classify(f"{head}{stop}{max_word} {most} mg{frequency}".rstrip(), REGIMENS)
    assert (said.ok, said.daily_dose_mg, said.dose_mg) == (plain.ok, plain.daily_dose_mg, plain.dose_mg), said.input
    # an as-needed dose's maximum is no escalation's target
    assert not classify(f"{first} mg qhs prn, increase by {by} mg {every}{stop}max {most} mg/day", REGIMENS).ok


def test_a_later_part_s_own_strength_must_be_the_first_s() -> None:
    """ "50 mg 1 in the morning and 1 in the evening (25 mg each)" was 75 mg/day: the first part's
    units are 50 mg, the last's 25 mg. Which? (Older; the schema made it easy to reach.)"""
    assert not classify("naltrexone 50 mg 1 in the morning and 1 in the evening (25 mg each)", REGIMENS).ok
    same = classify("naltrexone 50 mg 1 in the morning and 1 in the evening (50 mg each)", REGIMENS)
    assert same.ok and same.daily_dose_mg == 100


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(DOSES),
    st.sampled_from(PRODUCTS),
    st.sampled_from(["once daily", "daily", "bid", "in the morning", "nightly"]),
    st.sampled_from(["preferably", "ideally"]),
    st.sampled_from(["at bedtime", "at night", "before bed", "in the evening", "in the morning"]),
)
def test_a_preferred_time_is_no_second_dose(dose: str, product: str, frequency: str, adverb: str, time: str) -> None:
    """ "Take by mouth once daily, preferably at bedtime" (LDN pharmacies' labels): a note."""
    _same(f"{dose} {frequency}", f"{dose} {frequency}, {adverb} {time}", product)
    # "1 tds preferably 20 mins before meals" (Public Health Scotland's tests): when to take it
    _same(f"{dose} tds 20 mins before meals", f"{dose} tds {adverb} 20 mins before meals", product)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["bid", "tid", "twice daily"]),
    st.sampled_from(["Max daily dose", "max per day", "Maximum daily dose", "Max"]),
    st.sampled_from([". ", " to "]),
)
def test_a_day_s_most_is_never_each_dose_s(frequency: str, max_word: str, joint: str) -> None:
    """ "Start 0.5 mg bid, increase by 0.5 mg every 7 days. Max daily dose 4.5 mg." was 9 mg/day,
    the day's most taken as each dose's (older with "to max daily dose"; found by the attack on the
    most said apart). A day's most over twice-daily steps is 4.5 mg a day or refused; a bare "Max"
    in a clause of its own after them (each dose's, or the day's?) is refused."""
    text = f"Start 0.5 mg {frequency}, increase by 0.5 mg every 7 days{joint}{max_word} 4.5 mg"
    result = classify(text, REGIMENS)
    if max_word == "Max" and joint == " to ":
        return  # "to max 4.5 mg": the target, each dose's, as "to 4.5 mg" is
    assert not result.ok or result.daily_dose_mg <= Fraction(9, 2), (text, result.daily_dose_mg)
    if max_word == "Max":
        assert not result.ok, text


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["1.5", "1", "0.5", "25"]),
    st.sampled_from(["3", "2", "4.5", "50"]),
    st.sampled_from(["4.5", "3", "100"]),
    st.integers(1, 4),
    st.sampled_from(["weeks", "days"]),
    st.sampled_from(["{n} more {unit}", "another {n} {unit}", "a further {n} {unit}"]),
    st.sampled_from([", ", " "]),
)
def test_after_more_weeks_is_after_weeks(
    first: str, second: str, last: str, n: int, unit: str, more: str, comma: str
) -> None:
    """ "Take 1.5 mg nightly. After 2 weeks increase to 3 mg nightly. After 2 more weeks increase
    to 4.5 mg nightly." (the probe of stop 25): when it changes, as "after 2 weeks" is."""
    head = f"Take {first} mg nightly. After {n} {unit}{comma}increase to {second} mg nightly. After "
    plain = classify(f"{head}{n} {unit}{comma}increase to {last} mg nightly.", REGIMENS)
    said = classify(f"{head}{more.format(n=n, unit=unit)}{comma}increase to {last} mg nightly.", REGIMENS)
    assert (said.ok, said.daily_dose_mg, said.dose_mg) == (plain.ok, plain.daily_dose_mg, plain.dose_mg), said.input


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["weekly", "qod", "every other day", "every 3 days", "twice weekly"]),
    st.sampled_from(["to max daily dose", "to max per day", ". Max daily dose", ". Maximum daily dose"]),
)
def test_a_day_s_most_after_a_dose_not_taken_daily_is_refused(frequency: str, most: str) -> None:
    """ "start 0.5 mg weekly, increase by 0.5 mg weekly to max daily dose 4.5 mg" read 4.5 mg/day
    (LDN) where its own arithmetic gives 9/14 (found by the attack on the day's most)."""
    text = f"start 0.5 mg {frequency}, increase by 0.5 mg weekly {most} 4.5 mg".replace(" .", ".")
    assert not classify(text, REGIMENS).ok, text


def test_two_preferred_times_are_refused() -> None:
    """One dose at either time, or one at each? (It was read as one.)"""
    assert not classify("take 4.5 mg preferably at bedtime and preferably in the morning", REGIMENS).ok


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["50 mg", "naltrexone 50 mg", "4.5 mg", "25 mg"]),
    st.sampled_from(["every weekday", "each weekday", "on weekdays", "Mon-Fri", "nightly", "qhs", "every day"]),
    st.sampled_from(["100", "150", "1.5", "50"]),
    st.sampled_from([" mg", "-mg", "mg"]),
    st.sampled_from(["on Saturday", "on Sat", "in the morning", "on Sundays", ""]),
)
def test_with_a_dose_after_when_is_a_second_dose(first: str, when: str, mg: str, unit: str, day: str) -> None:
    """The naltrexone label's "50 mg every weekday with a 100-mg dose on Saturday" (probe of stop 26):
    "with a … dose" after a frequency or days reads as "and a … dose" does, refused where it is."""
    joined = f"{first} {when} and a {mg}{unit} dose {day}".strip()
    said = f"{first} {when} with a {mg}{unit} dose {day}".strip()
    assert _reading(classify(said, REGIMENS)) == _reading(classify(joined, REGIMENS)), said


@pytest.mark.parametrize(
    "text",
    [
        "4.5 mg with a 1.5 mg dose on Saturday",  # no frequency or days before "with"
        "take with a 25 mg dose of another drug",
        "4.5 mg nightly with a glass of water",  # how it is taken: no second dose
    ],
)
def test_with_a_elsewhere_is_no_second_dose(text: str) -> None:
    result = classify(text, REGIMENS)
    assert not result.ok or result.daily_dose_mg == Fraction(9, 2), (text, result.daily_dose_mg)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DOSES), st.sampled_from(PRODUCTS), st.sampled_from(["every weekday", "each weekday"]))
def test_every_weekday_is_on_weekdays(dose: str, product: str, said: str) -> None:
    _same(f"{dose} on weekdays", f"{dose} {said}", product)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["25 mg", "1/2 tab", "1.5 mg"]),
    st.sampled_from([("day", "1 day"), ("week", "1 week"), ("month", "1 month")]),
    st.sampled_from([", then 1 tab daily", " then 4.5 mg qhs", ""]),
)
def test_for_the_first_day_is_for_one_day(dose: str, unit: tuple[str, str], then: str) -> None:
    """ "25 mg for the first day, then 50 mg once daily" (the label's start, as leaflets write it)."""
    first, one = unit
    said = classify(f"{dose} daily for the first {first}{then}", REGIMENS, product=PRODUCTS[1])
    plain = classify(f"{dose} daily for {one}{then}", REGIMENS, product=PRODUCTS[1])
    assert _reading(said) == _reading(plain), (dose, first, then)
    assert said.duration_days == plain.duration_days


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["25 mg", "1 tab", "2 tabs", "1/2 tab", "4.5 mg", "1"]),
    st.sampled_from(PRODUCTS),
    st.sampled_from(
        [
            ("om and on", "mane and nocte"),
            ("OM ON", "mane nocte"),
            ("om, on", "mane, nocte"),
            ("on and om", "nocte and mane"),
            ("mane and on", "mane and nocte"),
            ("ON", "nocte"),
            ("on", "at night"),
            ("om and on for 1 week", "mane and nocte for 1 week"),
            ("on as directed", "nocte as directed"),
        ]
    ),
)
def test_uk_on_is_omni_nocte(dose: str, product: str, said: tuple[str, str]) -> None:
    """ "25 mg om and on": the UK's omni mane and omni nocte (the attack on this stop's 'om': 'on',
    a filler word, was dropped, and the day's dose halved). Read as 'nocte' is, or refused alike."""
    short, plain = said
    expected, result = (
        classify(f"{dose} {plain}", REGIMENS, product=product),
        classify(f"{dose} {short}", REGIMENS, product=product),
    )
    assert _reading(result) == _reading(expected), (short, result.error, expected.error)


@pytest.mark.parametrize(
    ("text", "daily"),
    [
        ("1 tab on mondays", Fraction(50, 7)),  # "on" before what it governs keeps its place
        ("4.5 mg qhs on weekdays", Fraction(45, 14)),
        ("4.5 mg on waking", Fraction(9, 2)),
        ("4.5 mg daily, take on an empty stomach", Fraction(9, 2)),
    ],
)
def test_on_before_what_it_governs_is_no_time_of_day(text: str, daily: Fraction) -> None:
    product = "naltrexone 50 mg tablet" if "tab" in text else None
    result = classify(text, REGIMENS, product=product)
    assert result.ok and result.daily_dose_mg == daily, (text, result.error, result.daily_dose_mg)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["4.5 mg nightly", "50 mg daily", "1 tab qhs", "50 mg", "Take 1 capsule by mouth at bedtime"]),
    st.sampled_from(["starting", "start", "beginning", "until", "till", "by", "after", "from", "commencing"]),
    st.sampled_from(["", "on ", "the ", "next "]),
    st.sampled_from(["Monday", "Fri", "mondays", "Saturday"]),
    st.sampled_from(["", " with a 100 mg dose on Saturday", ", then 3 mg nightly"]),
)
def test_a_weekday_that_says_when_it_starts_or_stops_is_refused(
    dose: str, lead: str, between: str, day: str, rest: str
) -> None:
    """ "4.5 mg nightly starting Monday", "50 mg daily until Friday" (the attack on this stop): the
    day a course starts or ends was read as the one day a week it is taken (9/14 mg/day)."""
    text = f"{dose} {lead} {between}{day}{rest}"
    result = classify(text, REGIMENS, product="naltrexone 4.5 mg capsule" if "capsule" in dose else None)
    assert not result.ok, (text, result.daily_dose_mg)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["1 tab", "2 tabs", "1/2 tab", "1 troche", "3 drops"]),
    st.sampled_from(["at bedtime", "nightly", "bid"]),
    st.sampled_from(
        [
            ("use", "take"),
            ("place", "take"),
            ("allow", "take"),
        ]
    ),
    st.sampled_from(
        [
            (" and allow to dissolve", ""),
            (". Allow to dissolve completely.", ""),
            (" and let it dissolve", ""),
            (" between cheek and gum", " under the tongue"),
            (" buccally", " under the tongue"),
            (" to dissolve under the tongue", " under the tongue"),
        ]
    ),
)
def test_how_a_sublingual_dose_is_taken_leaves_it_as_it_is(
    dose: str, frequency: str, verb: tuple[str, str], how: tuple[str, str]
) -> None:
    """Compounding pharmacies' sublingual wordings (the probe of stop 26): "place 1 troche under
    the tongue and allow to dissolve", "use 3 drops", "between cheek and gum"."""
    said_verb, plain_verb = verb
    said_how, plain_how = how
    kind = dose.split()[-1].rstrip("s")
    product = {
        "tab": "naltrexone 1.5 mg sublingual tablet",
        "troche": "naltrexone 4.5 mg troche",
        "drop": "naltrexone 0.5 mg/drop sublingual drops",
    }[kind]
    plain = classify(f"{plain_verb} {dose}{plain_how} {frequency}", REGIMENS, product=product)
    said = classify(f"{said_verb} {dose}{said_how} {frequency}", REGIMENS, product=product)
    assert _reading(said) == _reading(plain), (said_verb, said_how, said.error, plain.error)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([1, 2, 3, 5, 8]),
    st.sampled_from([Fraction(1, 2), Fraction(1, 4), Fraction(3, 2)]),
    st.sampled_from(["drops", "gtts"]),
    st.sampled_from(["SL qhs", "under the tongue at bedtime", "daily"]),
    st.sampled_from(["mg/drop sublingual drops", "mg per drop", "mg/drop"]),
)
def test_drops_of_a_strength_per_drop_are_that_many_times_it(
    count: int, per_drop: Fraction, drops: str, frequency: str, label: str
) -> None:
    """ "3 drops SL qhs" of "naltrexone 0.5 mg/drop sublingual drops" is 1.5 mg (was
    conflicting-amounts: drops were refused against any strength per unit)."""
    product = f"naltrexone {float(per_drop):g} {label}"
    result = classify(f"{count} {drops} {frequency}", REGIMENS, product=product)
    plain = classify(f"{float(count * per_drop):g} mg {frequency}", REGIMENS)
    assert (result.ok, result.daily_dose_mg) == (True, plain.daily_dose_mg), (product, result.error)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["1", "2", "1/2"]), st.sampled_from(["teaspoonful", "tablespoonful"]))
def test_a_spoonful_is_its_spoon(count: str, spoonful: str) -> None:
    product = "naltrexone 4.5 mg/5 mL oral solution"
    _same(f"{count} {spoonful.removesuffix('ful')} at bedtime", f"{count} {spoonful} at bedtime", product)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["tablets", "tabs", "capsules"]),
    st.sampled_from([2, 3, 4]),
    st.sampled_from(["25", "1.5", "50", "4.5"]),
    st.sampled_from(["daily", "at bedtime", "bid"]),
)
def test_units_then_a_mass_is_each_or_all_only_where_a_strength_says(
    form: str, count: int, mg: str, often: str
) -> None:
    """ "take 2 tablets 50 mg": each tablet's 50 mg, or 50 mg in all? Refused alone, as "2 tablets
    (50 mg)" is; with the product's strength or a step's before, the one that fits (the attack on this
    stop: "1 tablet 25 mg daily x 7 days then 4 tablets 100 mg daily" was 400 mg a day)."""
    strength = Fraction(mg)
    alone = classify(f"take {count} {form} {mg} mg {often}", REGIMENS)
    assert not alone.ok and alone.error is not None and alone.error.code == "ambiguous-strength"
    kind = "capsule" if form.startswith("cap") else "tablet"
    per_day = classify(f"take 1 {kind} {often}", REGIMENS, product=f"naltrexone {mg} mg {kind}").daily_dose_mg
    assert per_day is not None
    for said in (strength, count * strength):  # each, or all of them: the same dose
        field = classify(
            f"take {count} {form} {float(said):g} mg {often}", REGIMENS, product=f"naltrexone {mg} mg {kind}"
        )
        assert (field.ok, field.daily_dose_mg) == (True, count * per_day), (said, field.error)
        stepped = classify(
            f"take 1 {kind} {mg} mg daily for 7 days then {count} {form} {float(said):g} mg {often}", REGIMENS
        )
        assert (stepped.ok, stepped.daily_dose_mg) == (True, count * per_day), (said, stepped.error)
    wrong = classify(
        f"take {count} {form} {float(strength * 3 / 2):g} mg {often}", REGIMENS, product=f"naltrexone {mg} mg {kind}"
    )
    assert not wrong.ok


@pytest.mark.parametrize(
    ("text", "daily"),
    [
        ("take 2 tablets of 50 mg daily", 100),  # "of": each
        ("take 2 x 50 mg tablets daily", 100),
        ("take two 25 mg tablets daily", 50),  # the mass names the units after it
    ],
)
def test_units_of_a_strength_said_so_are_each(text: str, daily: int) -> None:
    result = classify(text, REGIMENS)
    assert (result.ok, result.daily_dose_mg) == (True, daily), result.error


@pytest.mark.parametrize(
    "text",
    [
        "1.5 mg qhs wk 1, 3 mg qhs wk 2, 4.5 mg qhs wk 3 on",  # "wk 3 on": from then on
        "4.5 mg mane day 3 on",
        "1 tab qam then 1/2 tab qhs on",  # "qhs on": the night said twice, not a second dose
    ],
)
def test_on_after_a_step_or_a_night_is_no_second_night(text: str) -> None:
    plain = classify(text.removesuffix(" on"), REGIMENS, product="naltrexone 4.5 mg capsule")
    result = classify(text, REGIMENS, product="naltrexone 4.5 mg capsule")
    assert _reading(result) == _reading(plain), (text, result.error)


@pytest.mark.parametrize(
    "text",
    [
        "4.5 mg nightly up to Friday",
        "4.5 mg nightly starting on a Monday",
        "4.5 mg nightly starting (Monday)",
        "4.5 mg nightly Monday onwards",
        "50 mg daily from Monday onward",
    ],
)
def test_more_ways_a_weekday_says_when_are_refused(text: str) -> None:
    assert not classify(text, REGIMENS).ok, text


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["0.5", "1", "1.5"]),
    st.sampled_from(["weekly", "every 7 days", "every 2 weeks"]),
    st.sampled_from(["3", "4.5", "6"]),
    st.sampled_from(["daily", "at bedtime"]),
)
def test_increased_by_is_increasing_by(step: str, often: str, target: str, when: str) -> None:
    """Trial arms' "1.5 mg daily, increased by 1.5 mg weekly to 6 mg daily" (the probe of stop 26)."""
    plain = classify(f"{step} mg {when}, increasing by {step} mg {often} to {target} mg {when}", REGIMENS)
    said = classify(f"{step} mg {when}, increased by {step} mg {often} to {target} mg {when}", REGIMENS)
    assert _reading(said) == _reading(plain), (said.error, plain.error)


@pytest.mark.parametrize(
    ("sig", "product"),
    [
        ("3 drops qhs", "naltrexone 4.5 mg/3 drops sublingual drops"),  # over three drops, not one
        ("4 drops qhs", "naltrexone 1 mg/2 drops sublingual drops"),
        ("3 drops qhs", "naltrexone 4.5 mg/dose sublingual drops"),
        ("3 drops qhs", "naltrexone 1.5 mg sublingual drops"),  # a strength, but per what?
        ("3 tablets qhs", "naltrexone 4.5 mg/3 tablets"),
        ("take 3 drops 1.5 mg qhs", "naltrexone 0.5 mg tablet"),  # all of them, of another form
        ("take 3 tablets 1.5 mg qhs", "naltrexone 0.5 mg/drop sublingual drops"),
        *[
            ("take 1 capsule daily", f"naltrexone 4.5 mg {over} capsules")
            for over in ("per 3", "per three", "for 3", "in 3")
        ],
        ("take half of 50 mg daily", "naltrexone 100 mg tablet"),  # half of 50 mg, not half a tablet
        ("take 2 tablets 50 mg (100 mg total) daily", "naltrexone 1 mg/mL oral solution"),  # tablets of a liquid
    ],
)
def test_drops_and_units_counted_against_another_strength_are_refused(sig: str, product: str) -> None:
    """The attack on this stop's drops and units: counted against a strength over several units, or
    per dose, or of another form, they were multiplied by it (13.5 mg for '4.5 mg/3 drops')."""
    result = classify(sig, REGIMENS, product=product)
    assert not result.ok, (sig, product, result.daily_dose_mg)


@pytest.mark.parametrize(
    ("text", "daily"),
    [
        ("take 1 tablet 100 mg daily x 7 days then half a tablet 50 mg daily", 50),  # half of them all
        ("take 1 tablet 3 mg daily x 7 days then half a tablet 1.5 mg daily", Fraction(3, 2)),
        ("take 2 tablets 50 mg (100 mg total) daily", 100),  # the total says which
        ("take 2 capsules 2.25 mg (4.5 mg total) qhs", Fraction(9, 2)),
        ("take 2 tablets 50 mg (50 mg total) daily", 50),
        ("take half of 50 mg daily", 25),  # the fourth attack: no unit named, half of the mass
        ("take half of 4.5 mg nightly", Fraction(9, 4)),
    ],
)
def test_a_step_before_or_a_total_says_which_the_mass_after_units_is(text: str, daily: Fraction) -> None:
    result = classify(text, REGIMENS)
    assert (result.ok, result.daily_dose_mg) == (True, daily), (text, result.error)


@pytest.mark.parametrize(
    "text",
    [
        "take half a tablet 50 mg daily",  # as "1/2 tablet 50 mg": each tablet's, or the half's?
        "take 1 capsule 1.5 mg qhs x 7 days then 2 tablets 3 mg qhs",  # a capsule's says nothing of tablets
        "take 2 tablets 50 mg (75 mg total) daily",
    ],
)
def test_a_mass_after_units_nothing_settles_is_refused(text: str) -> None:
    assert not classify(text, REGIMENS).ok, text


@pytest.mark.parametrize(
    "product", ["naltrexone 0.5 mg/1 drop", "naltrexone 0.5 mg / one drop", "naltrexone 0.5 mg per drop"]
)
def test_a_strength_per_one_drop_counts_drops(product: str) -> None:
    result = classify("take 3 drops daily", REGIMENS, product=product)
    assert (result.ok, result.daily_dose_mg) == (True, Fraction(3, 2)), result.error


def _case_rows() -> list[tuple[str, str | None]]:
    import csv
    from pathlib import Path

    rows: list[tuple[str, str | None]] = []
    for name in ("doses.csv", "real_world.csv", "peer_suites.csv"):
        with (Path(__file__).parent / "cases" / name).open(newline="", encoding="utf-8") as file:
            rows += [(row["text"], row.get("product") or None) for row in csv.DictReader(file)]
    return rows


_CASES = _case_rows()


@pytest.mark.parametrize(("word", "short"), [(r" and ", " & "), (r" and ", "&"), (r"\beach\b", "ea")])
def test_a_short_form_reads_as_its_word_across_the_case_tables(word: str, short: str) -> None:
    """ "Tue & Thu", "(25 mg ea)", "Qty 30 ea": "&" and "ea" were refused (a bad character, an
    unknown word). Each case whose text has the word reads the same with the short form."""
    said = [(text, product) for text, product in _CASES if re.search(word, text, re.IGNORECASE)]
    assert len(said) > 10  # the tables hold the word: the test compares something
    for text, product in said:
        plain = classify(text, REGIMENS, product=product)
        short_text = re.sub(word, short, text, flags=re.IGNORECASE)
        short_form = classify(short_text, REGIMENS, product=product)
        assert _reading(short_form) == _reading(plain), (short_text, short_form.error)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            ("naltrexone 4.5 mg capsule", "take 1 capsule nightly"),
            ("NALTREXONE HCL 50 MG TAB", "take 1/2 tablet daily"),
            ("LDN 1.5mg caps", "3 caps qhs"),
            ("naltrexone hydrochloride 50 mg oral tablet", "take 2 tablets Mon and Wed, 3 tablets Fri"),
            ("naltrexone 50 mg tablets", "1 tab po qd"),
        ]
    ),
    st.integers(1, 120).filter(lambda n: n == 1 or n > MAX_BARE_COUNT),  # 2 to 4 may be a dose's count
    st.sampled_from(["({n})", "x {n}", "{n}", "[{n} EA]", ", {n} tablets", "({n} capsules)", "× {n}", "#{n}"]),
)
def test_a_pack_count_after_the_product_s_form_says_nothing_of_the_dose(
    product_and_sig: tuple[str, str], count: int, pack: str
) -> None:
    """ "naltrexone 4.5 mg caps (90)", "LDN 4.5mg capsule x 30", "NALTREXONE 50MG TAB 30": pharmacy
    exports end a product with how many the pack holds, once a stray number. Oracle: the product
    without it."""
    product, sig = product_and_sig
    plain = classify(sig, REGIMENS, product=product)
    packed = classify(sig, REGIMENS, product=f"{product} {pack.format(n=count)}")
    assert plain.ok, plain.error
    assert _reading(packed) == _reading(plain), (product, pack, packed.error)


@pytest.mark.parametrize(
    "product",
    [
        *["naltrexone 50 mg 30", "naltrexone 50 mg tablet (30", "naltrexone 50 mg tablet 30)"],
        *["naltrexone 50 mg tablet 1/2", "naltrexone tablet 50"],
        # a strength over units, the form named first (a helper's attack: read as each unit's)
        *["naltrexone tablets 50 mg/2 tablets", "naltrexone tablet 50 mg per 2 tablets", "naltrexone tab 100 mg/2 tab"],
        *[
            "naltrexone tablet 4.5 mg per (3 tablets)",
            "naltrexone tablet 4.5 mg/(3 tabs)",
            "naltrexone tablet 4.5 mg/3",
        ],
        *["naltrexone tablet 4.5 mg in 3", "naltrexone tablet 100mg / 2", "naltrexone tablet: 4.5 mg / 3"],
    ],
)
def test_a_number_that_is_no_pack_count_is_still_refused(product: str) -> None:
    # no dose form right before it, or no strength before that; a bracket left open or closed
    # alone; a fraction; a strength over several units: not a pack's count
    assert not classify("take 1 tablet daily", REGIMENS, product=product).ok
