"""Forms written out that the lexer rewrites as their plain equivalent, before any phrase is read:
"at 9:00, 12:00 and 18:00" (an "at" before each time), "1 and a half" (1.5), "2x5ml spoonfuls"
(10 ml). Each only where it can be read one way; anything else is left as written, to be
refused by the readers."""

from __future__ import annotations

from fractions import Fraction
from typing import cast

from ldnclass.reading import lexicon
from ldnclass.reading.raw import Number, Raw, rewritten


def at_each_listed_clock_time(raws: list[Raw], hours: frozenset[int]) -> list[Raw]:
    """ "at 9:00, 12:00 and 18:00": a clock time written with its colon, listed after one said
    with "at", is read as if "at" were written before it too ("at 9:00 and at 18:00"). Only with
    the colon: "at 9:00 and 2 tabs" lists no time, and a bare "at 9:00 22" is no list. And only on
    one clock: in "at 9:00 pm, 9:00" the second may be the first said again."""
    out: list[Raw] = []
    listed_to = -1  # where the last clock time of a list ends: its minutes, or its "am" / "pm"
    twelve_hour = False  # whether the list's first time has its "am" or "pm"
    for index, raw in enumerate(raws):
        if index in hours:
            joined = [r.text for r in raws[listed_to + 1 : index]]
            halved = index + 2 < len(raws) and raws[index + 2].text in ("am", "pm")
            if index > 0 and raws[index - 1].text == "at":
                listed_to, twelve_hour = index + 1, halved
            elif listed_to >= 0 and joined in ([","], ["and"], [",", "and"]) and halved == twelve_hour:
                out.append(Raw("word", "at", None, True))
                listed_to = index + 1
            if listed_to == index + 1 and halved:
                listed_to = index + 2
        out.append(raw)
    return out


_AND_A_HALF = (("and", "a", "half"), ("and", "one", "half"), ("y", "media"), ("y", "medio"))


def and_a_half(raws: list[Raw]) -> list[Raw]:
    """ "1 and a half tabs", "two and a half", "1 y media", "1 and 1/2 tablets", "2 and ¼": a
    whole number and a half (or a fraction under one, written as one), one number, as "1 1/2" is
    (the word after "and" is no unit: "tab and a half" is refused in forms.py)."""
    out: list[Raw] = []
    skip = 0
    for index, raw in enumerate(raws):
        if skip:
            skip -= 1
            continue
        number = raw.number
        ranged = index >= 2 and raws[index - 1].text in _COUNT_JOINS and raws[index - 2].number is not None
        if (
            number is not None
            and number.is_integer_literal
            and number.value >= 1
            and not number.negative
            and not ranged
        ):
            # not "0 and a half" (a bare 0.5 is refused), nor "1-2 and a half" (1½-2½, or 1-2½?)
            for tail in _AND_A_HALF:
                following = raws[index + 1 : index + 1 + len(tail)]
                if tuple(r.text for r in following) == tail:
                    text = " ".join([raw.text, *tail])
                    out.append(Raw("number", text, Number(number.value + Fraction(1, 2), text), raw.spaced_before))
                    skip = len(tail)
                    break
            if not skip and _and_a_fraction(raws, index):
                fraction = raws[index + 2]
                assert fraction.number is not None
                text = f"{raw.text} and {fraction.text}"
                out.append(Raw("number", text, Number(number.value + fraction.number.value, text), raw.spaced_before))
                skip = 2
            if skip:
                continue
        out.append(raw)
    return out


def _and_a_fraction(raws: list[Raw], index: int) -> bool:
    """ "1 and 1/2": "and", then a fraction under one written as one ("1/2", "½"; not "0.5", nor a
    fraction after a colon), and nothing before the number that counts what is dispensed."""
    if index + 2 >= len(raws) or raws[index + 1].text != "and":
        return False
    fraction = raws[index + 2]
    before = raws[index - 1].text if index > 0 else ""
    return (
        fraction.kind in ("fraction", "vulgar")
        and fraction.number is not None
        and 0 < fraction.number.value < 1
        and before not in lexicon.COUNTED_BEFORE_A_NUMBER
    )


_COUNT_JOINS = ("or", "-", "to")  # "1 or 2 5 ml spoons", "2 - 3 5 ml spoonfuls"
_MAX_SPOONFULS = 4  # "3 5 ml spoonfuls"; more spoons than this at once is no measured dose


def measured_spoonfuls(raws: list[Raw]) -> list[Raw]:
    """ "one 5 ml spoonful", "2 x 5ml spoonfuls", "1 or 2 5 ml spoons": that many of the volume, in
    mL ("10 ml", "5 or 10 ml"). A spoon of a volume with no count before it is one ("5 ml spoonful";
    "5 ml spoonfuls" says no count, and is left to be refused). Only a whole count up to
    _MAX_SPOONFULS, or a fraction under one, with no number before it (in "1 1/2 5 ml
    spoonfuls" the count would be cut in two)."""
    out: list[Raw] = []
    for raw in raws:
        out.append(raw)
        if raw.text not in lexicon.MEASURED_SPOONS or len(out) < 3:
            continue
        unit, volume = out[-2], out[-3]
        if volume.number is None or lexicon.VOLUME_UNITS.get(unit.text) != lexicon.VOLUME_UNITS["ml"]:
            continue
        counts = _spoon_counts(out[:-3])
        plural = raw.text.endswith(("s", "sful"))
        if counts is None:
            if not plural:
                out.pop()  # "5 ml spoonful": one ("5 ml spoonfuls": how many?)
            continue
        start, numbers = counts
        if not plural and any(cast(Number, c.number).value > 1 and c.text.isdigit() for c in numbers):
            continue  # "2 5ml spoonful": two spoons, or "2.5ml" with its point lost? ("two 5ml spoonful" is two)
        del out[start:]
        for position, count in enumerate(numbers):
            if position:
                out.append(Raw("word", "or", None, True))
            value = cast(Number, count.number).value * volume.number.value
            text = f"{count.text} x {volume.text}"
            out.append(Raw("number", text, Number(value, text), count.spaced_before or position > 0))
        out.append(Raw("word", unit.text, None, True))
    return out


def _spoon_counts(before: list[Raw]) -> tuple[int, list[Raw]] | None:
    """The count (or the two of "1 or 2") that ends ``before``, with where it starts; an "x" after it
    is dropped. None when there is none (a number before the count, or none at all)."""
    end = len(before) - 1 if before and before[-1].text in ("x", "×") else len(before)
    counts = before[max(end - 3, 0) : end]
    if (
        len(counts) == 3
        and counts[1].text in _COUNT_JOINS
        and _is_spoon_count(counts[0])
        and _is_spoon_count(counts[2])
    ):
        start = end - 3
        found = [counts[0], counts[2]]
    elif counts and _is_spoon_count(counts[-1]):
        start = end - 1
        found = [counts[-1]]
    else:
        return None
    if start > 0 and before[start - 1].number is not None:
        return None
    return start, found


def _is_spoon_count(raw: Raw) -> bool:
    number = raw.number
    if number is None or number.negative:
        return False
    return (number.is_integer_literal and 0 < number.value <= _MAX_SPOONFULS) or 0 < number.value < 1


def on_the_first_day(raws: list[Raw]) -> list[Raw]:
    """ "2 tabs on the first day, then 1 tab daily" (the label's 25 mg start, as sigs write it):
    "on day 1", a titration's first step. Only after "on": "for the first day" is how long."""
    return rewritten(raws, _first_day_at)


def _first_day_at(raws: list[Raw], position: int) -> tuple[list[Raw], int] | None:
    for said in _FIRST_DAY:
        if tuple(r.text for r in raws[position : position + len(said)]) == said:
            day = Raw("word", "day", None, True)
            one = Raw("number", "1", Number(Fraction(1), "1", is_integer_literal=True), True)
            return [raws[position], day, one], position + len(said)
    return None


_FIRST_DAY = (("on", "the", "first", "day"), ("on", "first", "day"))


def per_volume(raws: list[Raw]) -> list[Raw]:
    """ "1 mg per mL", "4.5 mg per 5 ml", as labels and compounding pages write a concentration:
    "1 mg/mL", read by the same rules. Only between a mass and a volume ("mg per day" is how
    often, and stays)."""
    out: list[Raw] = []
    for index, raw in enumerate(raws):
        after = raws[index + 1 : index + 3]
        volume = next((r for r in after if r.number is None), None)
        if (
            raw.text == "per"
            and out
            and out[-1].text in lexicon.MASS_UNITS
            and volume is not None
            and volume.text in lexicon.VOLUME_UNITS
            and (after[0] is volume or after[0].number is not None)
        ):
            out.append(Raw("symbol", "/", None, raw.spaced_before))
            continue
        out.append(raw)
    return out


def daily_schema(raws: list[Raw]) -> list[Raw]:
    """ "naltrexone 50 mg 1-0-1", "LDN 4.5 mg 0-0-1" (European prescriptions' schema): the units
    taken in the morning, at noon, in the evening (and at night, a fourth), written out as "1 in
    the morning and 1 in the evening", read by the same rules. Only whole counts up to four, those
    not zero all alike ("1-2-3", "0-1-2" may be steps), with nothing numeric or a dash on either
    side ("1-2" is a range, and a date has a year); at the start or after the strength, the dose
    form or the drug; and no amount after it ("1-0-1 (25 mg each)": each part read apart took its
    own strength)."""
    return rewritten(raws, _schema_written_out)


def _schema_written_out(raws: list[Raw], position: int) -> tuple[list[Raw], int] | None:
    counts = _schema_at(raws, position)
    if counts is None:
        return None
    said: list[Raw] = []
    for count, time in zip(counts, _SCHEMA_TIMES[len(counts)], strict=True):
        if count.number is not None and count.number.value:
            said += [Raw("word", "and", None, True)] if said else []
            said += [Raw("number", count.text, count.number, True)]
            said += [Raw("word", word, None, True) for word in time]
    said[0].spaced_before = raws[position].spaced_before
    return said, position + 2 * len(counts) - 1


_SCHEMA_TIMES = {
    3: [("in", "the", "morning"), ("at", "noon"), ("in", "the", "evening")],
    4: [("in", "the", "morning"), ("at", "noon"), ("in", "the", "evening"), ("at", "night")],
}
_SCHEMA_COUNTS = frozenset({"0", "1", "2", "3", "4"})


def _schema_at(raws: list[Raw], position: int) -> list[Raw] | None:
    """The counts of a schema starting at ``position``, if one does."""
    if position > 0 and (raws[position - 1].number is not None or raws[position - 1].text == "-"):
        return None
    counts: list[Raw] = []
    index = position
    while index < len(raws) and raws[index].text in _SCHEMA_COUNTS and raws[index].number is not None:
        counts.append(raws[index])
        dash = raws[index + 1] if index + 1 < len(raws) else None
        if dash is None or dash.text != "-":
            break
        index += 2
    end = position + 2 * len(counts) - 1
    after = raws[end] if end < len(raws) else None
    if len(counts) not in _SCHEMA_TIMES or (after is not None and (after.number is not None or after.text == "-")):
        return None
    values = [count.number.value for count in counts if count.number is not None]
    if len(set(values) - {0}) != 1:  # none, or "1-2-3", "0-1-2": steps, or a day's units?
        return None
    before = raws[position - 1].text if position > 0 else None
    if before is not None and not (before in lexicon.MASS_UNITS or (before,) in _SCHEMA_LEADS):
        return None
    if any(raw.text in lexicon.MASS_UNITS or raw.text in lexicon.VOLUME_UNITS for raw in raws[end:]):
        return None
    return counts


# What a schema may follow besides a strength: the dose form or the drug ("… tablets: 1-0-1")
_SCHEMA_LEADS = frozenset(lexicon.FORM_WORDS) | frozenset(lexicon.DRUG_WORDS) | frozenset(lexicon.PRODUCT_WORDS)


def clock_without_colon(raws: list[Raw]) -> list[Raw]:
    """ "at 2200", "@ 0900" (a hospital's 24-hour clock, as medication administration records
    write it): "at 22:00", read by the same rules. Only four digits right after "at", a real time
    of day, and no unit after it ("at 1000 mg" is no time)."""
    out: list[Raw] = []
    for index, raw in enumerate(raws):
        after = raws[index + 1].text if index + 1 < len(raws) else None
        text = raw.text
        if (
            raw.number is not None
            and len(text) == 4
            and text.isdigit()
            and out
            and out[-1].text == "at"
            and int(text[:2]) < 24
            and int(text[2:]) < 60
            and after not in lexicon.MASS_UNITS
            and after not in lexicon.VOLUME_UNITS
        ):
            hours, minutes = text[:2], text[2:]
            out += [
                Raw("number", hours, _whole(hours), raw.spaced_before),
                Raw("number", minutes, _whole(minutes), True),
            ]
            continue
        out.append(raw)
    return out


def _whole(digits: str) -> Number:
    return Number(Fraction(int(digits)), digits, (), True)


def with_a_dose_of_its_own(raws: list[Raw]) -> list[Raw]:
    """ "50 mg every weekday with a 100-mg dose on Saturday" (the naltrexone label's own words): a
    second dose of its own, joined as "and a 100-mg dose on Saturday" is. Only "with a", an amount
    in mass and "dose", right after a frequency or days ("start with a 25 mg dose" is no second
    dose, and "with" anywhere else is how it is taken: "with a glass of water")."""
    out = list(raws)
    for position in range(1, len(raws) - 4):
        amount = [raw.text for raw in raws[position + 3 : position + 6] if raw.text != "-"]  # "100-mg"
        if (
            raws[position].text == "with"
            and raws[position + 1].text == "a"
            and raws[position + 2].number is not None
            and amount[:2] in ([unit, "dose"] for unit in lexicon.MASS_UNITS)
            and _says_when(raws[:position])
        ):
            out[position] = Raw("word", "and", None, raws[position].spaced_before)
    return out


def _says_when(before: list[Raw]) -> bool:
    """Whether the words before end with a frequency or days ("every weekday", "nightly", "mon-fri")."""
    words = [raw.text for raw in before[-3:]]
    return any(
        tuple(words[start:]) in lexicon.FREQUENCIES or tuple(words[start:]) in lexicon.WEEKDAY_GROUPS
        for start in range(len(words))
    ) or (bool(words) and words[-1] in lexicon.WEEKDAY_WORDS)


def omni_nocte(raws: list[Raw]) -> list[Raw]:
    """ "25 mg om and on", "LDN 4.5mg ON", "1 on": the UK's "on" (omni nocte), at night, where it can
    be nothing else: right after an amount, a count, a dose form or a time of day (or "and" after
    one), ending its clause or joined to a time of day ("on and om"). It was a filler word, so
    "25 mg om and on" read as 25 mg a day where it is 50. Elsewhere "on" keeps its place in "on
    Mondays", "on day 1", "on waking"."""
    out = list(raws)
    for position, raw in enumerate(raws):
        if raw.text == "on" and _after_a_dose_or_time(raws, position) and _nothing_or_a_time_after(raws, position):
            out[position] = Raw("word", "nocte", None, raw.spaced_before)
    return out


def _after_a_dose_or_time(raws: list[Raw], position: int) -> bool:
    before = raws[position - 1] if position > 0 else None
    if before is not None and (before.text in _JOINS or before.kind == "separator") and position > 1:
        return raws[position - 2].text in _TIMES_OF_DAY  # "om and on", "om, on"
    if before is not None and before.number is not None and position > 1 and raws[position - 2].text in _SPANS:
        return False  # "wk 3 on", "day 3 on": from then on
    return before is not None and (
        before.number is not None
        or before.text in lexicon.MASS_UNITS
        or (before.text,) in lexicon.FORM_WORDS
        or (before.text in _TIMES_OF_DAY and before.text not in _NIGHT_WORDS)  # "qhs on": said twice
    )


def _nothing_or_a_time_after(raws: list[Raw], position: int) -> bool:
    """Nothing "on" could govern after it: the clause ends, or how long or as what follows ("om and on
    for 1 week", "1 on as directed", "om and on with food", "… if tolerated"), or "and" and a time of
    day ("on and om")."""
    after = raws[position + 1 : position + 3]
    if not after or after[0].kind == "separator" or after[0].text in _CLAUSE_GOES_ON:
        return True
    return len(after) == 2 and after[0].text in _JOINS and after[1].text in _TIMES_OF_DAY


_JOINS = ("and", "plus")
_SPANS = frozenset({"d", "day", "days", "w", "wk", "wks", "week", "weeks", "month", "months"})
_CLAUSE_GOES_ON = frozenset({"for", "x", "×", "then", "as", "with", "if", "prn", "when", "until"})
# One-word times of day: "om", "mane", "nocte", "qhs", "bedtime" …
_TIMES_OF_DAY = frozenset(
    phrase[0]
    for phrase, frequency in lexicon.FREQUENCIES.items()
    if len(phrase) == 1 and frequency.time_of_day and phrase[0] != "on"
)
_NIGHT_WORDS = frozenset(
    phrase[0]
    for phrase, frequency in lexicon.FREQUENCIES.items()
    if len(phrase) == 1 and frequency.time_of_day and frequency.slot == "night"
)
