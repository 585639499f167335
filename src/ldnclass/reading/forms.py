"""Text → a reading: which form the prescription takes, and its doses.

The forms: one dose; a range ("1.5-4.5 mg"); a titration ("... then ..."), or an
escalation ("start 0.5 mg, increase by 0.5 mg weekly to 4.5 mg"); a weekday
schedule ("50 mg Mon-Fri and 100 mg Sat"); an injection; a topical product. The
route is read from the words, the product, the dose form and the caller, and
must agree. Each dose is read by :mod:`ldnclass.dose`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType
from typing import Literal, NamedTuple, TypeVar

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.patterns import LazyPattern
from ldnclass.reading import grammar, how_long, lexicon
from ldnclass.reading.as_needed import is_as_needed, read_as_needed
from ldnclass.reading.divided import (
    DAY_SPLIT_MEANINGS,
    carried_context,
    check_one_liquid,
    check_own_amount,
    counted_units,
    divided_parts,
    read_divided,
    split_day_total,
)
from ldnclass.reading.dose import (
    HOURS_PER_DAY,
    ONCE_DAILY_ASSUMPTION,
    Dose,
    DoseContext,
    context_notes,
    may_follow_in_one_day,
    one_time_said_two_ways,
    per_day,
    read_doses,
    the_time_meant,
    with_amount,
)
from ldnclass.reading.grammar import FrequencyWord, Number, Symbol, UnitWord, Word, means
from ldnclass.reading.lexicon import WEEKDAYS
from ldnclass.reading.pieces import Count, Measure, Percent, Piece, Range, Stated, has_an_amount, make_pieces
from ldnclass.reading.product import (
    NO_ORAL_ER,
    ProductFacts,
    without_a_brand_s_release,
    without_a_pack_count_before_the_sig,
)
from ldnclass.reading.restated import restatement
from ldnclass.units import quantity

__all__ = ["ReadOptions", "Reading", "read", "route_of"]

Form = Literal["single", "range", "titration", "weekly", "divided", "injectable", "topical"]
ROUTES = ("oral", "injectable", "topical")
MAX_STEPS = 60


class ReadOptions(NamedTuple):  # a NamedTuple: defined in ~0.07 ms at start-up, a frozen dataclass ~0.5
    route: str | None = None  # from --route or a batch column
    weight_kg: Fraction | None = None  # from --weight or a batch column
    unit_strength_mg: Mapping[str, Fraction] = MappingProxyType({})  # product → mg per tablet
    product_routes: Mapping[str, str] = MappingProxyType({})  # product → route, from the data
    product: ProductFacts | None = None  # the record's product field, read apart from the sig


@dataclass
class Reading:
    """A whole text as read: its form (single, range, titration …), route and doses."""

    form: Form
    route: str
    doses: list[Dose]  # single: one; range: low, high; titration: the steps; weekly: one per day group
    product: str | None = None
    salt: str | None = None
    weekly_mg: dict[str, Fraction] | None = None  # weekday → mg, for weekday schedules
    strength_percent: Fraction | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    prn: bool = False  # as needed: the doses are the most a day allowed

    @property
    def daily_dose_mg(self) -> Fraction:
        if self.form in ("weekly", "divided"):
            return sum((dose.daily_dose_mg for dose in self.doses), Fraction(0))
        return self.doses[-1].daily_dose_mg


NO_OPTIONS = ReadOptions()  # immutable: one is enough


def read(text: str, options: ReadOptions = NO_OPTIONS) -> Reading:
    """Read a dose text, or raise :class:`DoseError` with a code naming the problem."""
    items = grammar.tokenize(text)
    _check_not_cut_off(text)
    items, pack_note = without_a_pack_count_before_the_sig(items)
    items, opening_note = _dose_now_after_a_verb(items)
    opening_note = opening_note or pack_note
    said = _what_is_said(items)  # one pass; the checks below look at the items only when it matters
    if "decrease" in said:  # left after an opening "decrease LDN to": "decrease 3 mg", "…, decrease"
        fall = next(item for item in items if means(item, "decrease"))
        raise DoseError(f"'{fall.text}': to what? Write 'decrease to 3 mg'", ErrorCode.UNSUPPORTED_FORM)
    if "frequency" not in said and "route" in said and "qualifier" in said:
        _check_generated_sig_not_cut(items)
    if not said.isdisjoint(_NOTE_ROLES):
        _check_no_note_inside_the_dose(items)
    closed = "then" in said or not said.isdisjoint(lexicon.ONGOING)  # "…, 4.5 mg thereafter", "…, 4.5 mg onwards"
    listed = closed and not said.isdisjoint(("duration", "context", "step")) and _listed_steps(items)
    if listed:
        items = listed
        said.add("then")  # each comma of the list is read as one
    if "except" in said:
        items = _all_days_but(items)
        said.add("weekday")
    if "step" in said:
        items = _markers_first(items)
    if "increase" in said and ("maximum" in said or "target" in said):
        items = _target_said_as_the_most(items)
    if "frequencies" in said and "or" in said:
        items = _one_time_or_another(items)
    if "either" in said:
        _check_no_either_left(items)
    if "weekday" in said:
        _check_no_weekday_after_for(items)
    if "context" in said:
        _check_no_review_frequency(items)
        _check_course_ends_last(items)
        _check_nothing_may_fall(items)
        _check_one_preferred_time(items)
    how_long.check(items, said)
    # Each asks what stands next to a word; a comma there changes nothing ("4.5 mg, in 3 capsules",
    # "4 mg, and a half" slipped past both).
    if "in" in said or "per" in said:
        _check_amount_in_units([item for item in items if not _is_comma(item)])
    if not _JOINING.isdisjoint(said):
        _check_and_a_half([item for item in items if not _is_comma(item)])
    warnings = _number_warnings(items)
    product = _product_key(items if "product" in said else [], options.product)
    if (
        "form" in said
        and product != "contrave"
        and any(isinstance(i, Word) and i.role == "form" and i.value == "er" for i in items)
    ):
        raise DoseError(NO_ORAL_ER, ErrorCode.UNSUPPORTED_FORM)
    salt = _only_one(items, "salt") if "salt" in said else None
    if salt == "base" and any(
        isinstance(i, Word) and i.role == "drug" and i.text.endswith(("hcl", "hydrochloride")) for i in items
    ):
        raise DoseError("naltrexone HCl and naltrexone base: two salts named", ErrorCode.CONFLICTING_SALT)
    _check_brand_against_field(items, options)
    route = _route(items if said & _ROUTE_CLUES else [], options, product)
    context = _dose_context(options, product, route)
    if "dissolve" in said and "in" in said:  # dissolved in something; not a troche under the tongue
        context = context._replace(dissolved=True)
    reading = _read_form(items, route, context, said)
    if listed and reading.doses:
        reading.doses[-1].assumptions.append(LISTED_STEPS_ASSUMPTION)
    if reading.form == "topical" and reading.strength_percent is None and options.product is not None:
        reading.strength_percent = options.product.percent
    if route == "injectable":
        _check_injection_interval(reading.doses)
    if product == "contrave":
        _check_counted_in_tablets(items)
    if not (said & _ROUTE_WORDS or options.route is not None or product is not None or options.product is not None):
        _check_oral_interval(reading.doses)
    reading.product, reading.salt = product, salt
    reading.warnings = warnings + [w for d in reading.doses for w in d.warnings if w not in warnings]
    reading.notes = list(dict.fromkeys([*reading.notes, *(note for dose in reading.doses for note in dose.notes)]))
    if opening_note:
        reading.notes.insert(0, opening_note)
    return reading


# What opens a step after another ("then", "followed by"); any other way to say "then" is a verb
# ("increase to", "continue at"), which may open a clinician's note of the dose now.
_STEP_WORDS = frozenset({"then", "and", "thereafter", "after", "followed"})


def _dose_now_after_a_verb(items: list[grammar.Item]) -> tuple[list[grammar.Item], str | None]:
    """ "increase to 4.5 mg qhs", "continue at 50 mg daily", "decrease LDN to 3 mg": a clinician's
    note opening with the verb of a step, with no step before it, says the dose now; read as that
    dose, with a note. A text opening with "then" stays refused: what came before it is missing."""
    first = items[0] if items else None
    named = _what_a_rise_names(items)  # "increase LDN to 4.5 mg qhs": as "increase to", LDN kept
    opens = named or (isinstance(first, Word) and means(first, "then") and first.text.split()[0] not in _STEP_WORDS)
    if not opens or any(grammar.is_weekday(item) for item in items):  # "increase to 4.5 mg on Monday": from then?
        return items, None
    verb = " ".join(item.text for item in items[: named + 1])
    named_and_after = items[1:named] + items[named + 1 :]  # the drug's name kept, "to" dropped
    return named_and_after, f"'{verb}' opens the text: the dose it names is classified as the dose now"


def _what_a_rise_names(items: list[grammar.Item]) -> int:
    """Where "to" stands after an opening rise or fall and what it names, the drug or the dose
    ("increase naltrexone to", "titrate LDN to", "decrease the dose to"); 0 if the text opens
    otherwise."""
    if not (items and means(items[0], "increase", "decrease")):
        return 0
    position = 1
    while position < len(items) and _names_what_rises(items[position]):
        position += 1
    return position if position > 1 and position < len(items) and means(items[position], "to") else 0


def _names_what_rises(item: grammar.Item) -> bool:
    """ "LDN", "naltrexone HCl", "the dose": never any other filler ("increase for to 4.5 mg")."""
    return isinstance(item, Word) and (item.role in ("drug", "salt") or item.text in _THE_DOSE)


_THE_DOSE = lexicon.DOSE_WORDS | {"the"}


_DETERMINERS = frozenset({"the", "a", "an", "each", "this", "one", "every", "that"})


def _check_not_cut_off(text: str) -> None:
    """ "50 mg Mon-Fri and", "… daily for 1 day,", "4.5 mg qhs x", "… x 7 days, after that": a
    text that ends on "and", "or", "plus", "&", a comma, a dash, an open bracket or a word that
    leads what follows it was cut short (exports cut sigs at a length) or lost what it joins; what
    stands before is not the whole dose (found by the attack on truncated exports: 35.7 mg/day for
    the label's 50 mg Mon-Fri and 100 mg Sat). Read from the text, not the items: a closing
    bracket is a comma there."""
    tail = text.rstrip(_CLOSING).lower().replace("->", " then").replace("→", " then")  # grammar.py's arrow
    words = [word.strip(_CLOSING) for word in _WORDS_AT_THE_END.findall(tail[-40:])]
    last = tail[-1:] if tail[-1:] in _CUT_MARKS else (words[-1] if words else "")
    before = words[-2] if len(words) > 1 else ""
    cut = last in _CUT_MARKS or last in lexicon.LEADS_ON or (last in ("a", "an") and before in lexicon.LEADS_ON)
    for phrase in _FROM_THEN_ON_ENDS:  # "…, after that": from then on, said of nothing after the comma
        if tail.endswith(phrase) and tail.removesuffix(phrase).rstrip().endswith(","):
            cut, last = True, phrase
    if _A_NUMBER.fullmatch(last) and _is_a_step(tail.removesuffix(last)):
        # "… for 7 days, THEN 2": 2 tablets, or 2 (.5 mg)? read as two tablets (HDN 100 for 25 mg)
        cut, last = True, f"{before} {last}"
    if text.rfind("(") > text.rfind(")") or text.rfind("[") > text.rfind("]"):
        cut, last = True, "an open bracket"  # "Take 2 tablets (100 mg total": the frequency after it lost
    if cut:
        raise DoseError(
            f"the text ends with '{last}': what follows it is missing (cut short?)", ErrorCode.AMBIGUOUS_DOSE
        )


def _check_generated_sig_not_cut(items: list[grammar.Item]) -> None:
    """ "Take 3 tablets (150 mg total) by mouth": an EHR's generated sig (its "(… mg total)") always
    writes how often after the route; ending there, with no frequency, it was cut short (the once
    daily a clinician's "50 mg po" is read as would make 150 mg/day of "… by mouth every 3 days")."""
    last = items[-1]
    generated = any(
        isinstance(item, Word) and item.value == "total" and isinstance(after, Symbol) and after.text == ")"
        for item, after in pairwise(items)
    )  # "(50 mg total)" as Epic writes it; "take 1 tablet 50mg total by mouth" may be anyone's
    if generated and isinstance(last, Word) and last.role == "route":
        raise DoseError(
            f"the text ends with '{last.text}', where a generated sig says how often: cut short?",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )


_CLOSING = " \t.;:)]"
_CUT_MARKS = frozenset(",&-/([")  # not "+": "week 2+" goes on
_WORDS_AT_THE_END = LazyPattern(r"[^\s(,\[]+")  # words and numbers, as written
_FROM_THEN_ON_ENDS = ("after that", "thereafter")
_A_NUMBER = LazyPattern(r"[0-9./]+")


def _is_a_step(text: str) -> bool:
    """Whether ``text`` ends with a word or phrase meaning "then" ("then", "then take", "increase to")."""
    words = text.split()[-4:]
    if words and lexicon.CONNECTIVES.get((words[-1],)) == "take":
        words.pop()
    return any(lexicon.CONNECTIVES.get(tuple(words[start:])) == "then" for start in range(len(words)))


_EVERY_DAY = frozenset(range(7))


def _all_days_but(items: list[grammar.Item]) -> list[grammar.Item]:
    """ "daily except weekends", "every night except Fri and Sat": the days of the week left, as
    "daily on weekdays" says them. Only days may follow "except", joined by "and" or commas; a
    range ("except Mon-Wed") or anything else after it is refused."""
    kept: list[grammar.Item] = []
    position = 0
    while position < len(items):
        item = items[position]
        position += 1
        if not means(item, "except"):
            kept.append(item)
            continue
        if any(grammar.is_weekday(before) for before in kept):  # "Mon-Fri except Wed": which days?
            raise DoseError(
                f"'{item.text}' after days of the week: write the days it is taken", ErrorCode.UNSUPPORTED_FORM
            )
        days: set[int] = set()
        while position < len(items) and (
            grammar.is_weekday(items[position]) or _is_comma(items[position]) or _is_and(items[position])
        ):
            day = items[position]
            if isinstance(day, Word) and isinstance(day.value, frozenset):  # a weekday's days
                days |= day.value
            position += 1
        after = items[position] if position < len(items) else None
        # "except Mon-Wed", "except Tue/Thu", "except Mon to Fri": a span or a list of another kind
        ends = (
            after is None
            or isinstance(after, (FrequencyWord, Number))
            or (isinstance(after, Symbol) and after.text in (".", ";"))
        )
        if not days or days == _EVERY_DAY or not ends:
            raise DoseError(
                f"'{item.text}' is read before days of the week only ('daily except Sunday')",
                ErrorCode.UNSUPPORTED_FORM,
            )
        left = _EVERY_DAY - days
        kept.append(Word("weekday", f"{item.text} {', '.join(lexicon.WEEKDAYS[d] for d in sorted(days))}", left))
    return kept


def _is_and(item: grammar.Item) -> bool:
    """ "Sat and Sun": days joined ("plus", "/" or "to" between them may be a span or another list)."""
    return isinstance(item, Word) and item.text == "and"


def _check_course_ends_last(items: list[grammar.Item]) -> None:
    """ "… then stop" ends the course; before more of the dose ("4.5 mg qhs then stop then 3 mg
    qhs") it may be a break, and what follows a restart: refused."""
    for position, item in enumerate(items):
        ends = isinstance(item, Word) and item.value == lexicon.COURSE_END
        if ends and not all(isinstance(after, Symbol) for after in items[position + 1 :]):
            raise DoseError(
                f"'{item.text}' before more of the dose: the end of the course, or a break? Write one course per line",
                ErrorCode.AMBIGUOUS_DOSE,
            )


def _check_no_weekday_after_for(items: list[grammar.Item]) -> None:
    """ "50 mg daily for weekend binge drinking" read 50 mg on Saturday and Sunday (14 mg/day, out of
    range) where "for" says what it is for; "50 mg for the weekend" may say either."""
    for position, item in enumerate(items):
        if not (isinstance(item, Word) and item.text == "for"):
            continue
        after = items[position + 1 : position + 3]
        if after and isinstance(after[0], Word) and after[0].text in _DETERMINERS:
            after = after[1:]
        if after and isinstance(after[0], Word) and after[0].role == "weekday":
            raise DoseError(
                f"'for {after[0].text}': the days it is taken, or what it is for ('for weekend drinking')? "
                f"Write 'on {after[0].text}'",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


# Naltrexone is injected as an extended-release suspension, weeks apart; no product is injected
# daily. A reading rule, not a clinical one: the labeled interval itself is in the data file.
MIN_INJECTION_INTERVAL_HOURS = 7 * HOURS_PER_DAY


def _check_injection_interval(doses: list[Dose]) -> None:
    for dose in doses:
        if (
            ONCE_DAILY_ASSUMPTION not in dose.assumptions
            and dose.period_hours / dose.count < MIN_INJECTION_INTERVAL_HOURS
        ):
            raise DoseError(
                f"'{dose.frequency.text}' for an injection: no naltrexone injection is given more often "
                "than weekly (the extended-release injection is every 4 weeks)",
                ErrorCode.UNSUPPORTED_FORM,
            )


def _read_form(items: list[grammar.Item], route: str, context: DoseContext, said: set[str] | None = None) -> Reading:
    """``said``: what ``_what_is_said`` gives for these items, when the caller has it."""
    if route == "topical":
        return _topical(items, context.product_named)
    if said is None:
        said = _what_is_said(items)  # one pass: which forms are even possible
    if not said.isdisjoint(DAY_SPLIT_MEANINGS):  # "4.5 mg/day divided bid": each dose is a share
        items, split = split_day_total(items)
        reading = _read_form(items, route, context)
        reading.notes.extend(split)
        return reading
    if not said.isdisjoint(
        ("may increase", "may increase by", "may decrease")
    ):  # before as needed: "may increase to 50 mg as needed"
        return _may_change(items, route, context)  # is no prn dose now
    if said & {"prn", "maximum"} and is_as_needed(items):
        return read_as_needed(items, lambda rest: _read_form(rest, route, context), context)
    current = _current_dose(items) if "narrative" in said else None
    if current is not None:
        reading = _read_form(current, route, context)
        reading.notes.append("a note with more than one dose: the one after 'now' or 'currently' is classified")
        return reading
    restated = restatement(items, lambda part: _read_form(part, route, context)) if "(" in said else None
    if restated is not None:
        return restated
    steps = _split_on_then(items) if said & {"then", "step"} else [items]
    if len(steps) > 1 and _is_one_day(items, steps):
        # "1 tablet every morning then 1/2 tablet at night": the parts of one day, not steps
        _check_nothing_moved(items)
        doses = read_divided(steps, context)
        doses[0].assumptions.append("'then' between times of one day: read as that day's doses, not as steps")
        return Reading("divided", route, doses)
    if len(steps) > 1:
        _check_no_day_read_as_steps(items, steps)
        return Reading("titration", route, _titration(steps, context))
    if "increase" in said:
        return Reading("titration", route, _escalation(items, context))
    if "weekday" in said:
        return _weekly(items, route, context)
    if "up to" in said:
        rest = [i for i in items if not means(i, "up to")]
        if "time of day" in said and divided_parts(rest) is not None:
            _check_days_parts_joined(items)  # "… at bedtime. Up to 3 mg in the morning": a part?
        reading = _read_form(rest, route, context)
        reading.notes.append("'up to' read as a ceiling: classified on the most the text allows")
        return reading
    parts = divided_parts(items) if "time of day" in said else None
    if parts is not None:
        _check_length_of_a_days_parts(items)
        _check_days_parts_joined(items)
        _check_nothing_moved(items)
        return Reading("divided", route, read_divided(parts, context))
    doses = read_doses(make_pieces(items), context)
    form: Form = "injectable" if route == "injectable" else "range" if len(doses) == 2 else "single"
    return Reading(form, route, doses)


# What _what_is_said finds when a route may be written in the items: a route word, a dose form, a %.
_ROUTE_WORDS = frozenset({"route", "form"})
_ROUTE_CLUES = _ROUTE_WORDS | {"%"}


def _what_is_said(items: list[grammar.Item]) -> set[str]:
    """The roles, connective meanings, fillers, brackets and percent signs in the text, and whether
    it has a frequency ("frequency") or more ("frequencies"), found in one pass."""
    said: set[str] = set()
    for item in items:
        if isinstance(item, Word):
            said.add(item.role)
            if item.role == "connective" and isinstance(item.value, str):
                said.add(item.value)
            elif item.role == "filler":
                said.add(item.text)
        elif isinstance(item, FrequencyWord):
            said.add("frequencies" if "frequency" in said else "frequency")
            if item.time_of_day:
                said.add("time of day")
        elif isinstance(item, Symbol) and item.text in ("(", "%"):
            said.add(item.text)
    return said


def _current_dose(items: list[grammar.Item]) -> list[grammar.Item] | None:
    """ "started LDN 1.5 mg, now 4.5 mg": the items of the dose in use now (to the end, or to the
    next dose the note tells of),
    or None when the text is not such a note. A note that tells of an earlier dose without saying
    which is current is refused: which dose to classify would be a guess."""
    markers = [i for i, item in enumerate(items) if isinstance(item, Word) and item.role == "narrative"]
    current = [i for i in markers if getattr(items[i], "value", None) == "current"]
    told_history = any(getattr(items[i], "value", None) == "history" for i in markers)
    amounts_before = any(isinstance(item, grammar.Number) for item in items[: current[0]]) if current else False
    if current:  # "now 4.5 mg, increase to 100 mg": the dose now, or the one planned?
        _check_nothing_told_after(items, current[0] + 1, markers)
    if not current or not amounts_before:
        if told_history and not current:
            raise DoseError(
                "the note tells of a dose that was taken ('previously', 'was on', 'started'): say which is "
                "current ('now …')",
                ErrorCode.AMBIGUOUS_DOSE,
            )
        return None  # "currently on LDN 3 mg at bedtime": the only dose is the current one
    if len(current) > 1:
        raise DoseError("more than one current dose in the note", ErrorCode.AMBIGUOUS_DOSE)
    start = current[0] + 1
    while start < len(items) and _is_comma(items[start]):  # "…, now, 3 mg nightly"
        start += 1
    # To the end: a comma or a stop does not end it ("now 3 mg, bid", "now 3 mg. bid" once lost
    # their frequency), nor "pt takes" or "taking" ("now 3 mg pt takes bid")
    end = len(items)
    if not any(isinstance(item, grammar.Number) for item in items[start:end]):
        # "was on 1.5 mg, now; taking 3 mg" once read a product's unit as the current dose
        raise DoseError(
            f"'{items[current[0]].text}' with no amount after it: which dose is current?", ErrorCode.AMBIGUOUS_DOSE
        )
    # Names and routes said before the marker still apply; amounts there were the history.
    kept = [
        item for item in items[: current[0]] if isinstance(item, Word) and item.role in ("drug", "product", "route")
    ]
    return kept + items[start:end]


def _check_nothing_told_after(items: list[grammar.Item], start: int, markers: list[int]) -> None:
    """After "now", an earlier dose ("now 3 mg; bid previously": whose is "bid"?) or a plan ("now
    4.5 mg qhs, increase to 100 mg", "now 50 mg, then 2 mg": the dose now, or the one planned?)."""
    later = [i for i in markers if i >= start and getattr(items[i], "value", None) == "history"]
    planned = [
        i
        for i in range(start, len(items))
        if means(items[i], "then", "may increase", "may increase by", "may decrease", "increase", "start", "up to")
    ]
    if later or planned:
        said = items[(later or planned)[0]]
        raise DoseError(
            f"'{said.text}' after 'now': which dose is current? Give it alone ('now 3 mg bid')",
            ErrorCode.AMBIGUOUS_DOSE,
        )


def _is_comma(item: grammar.Item) -> bool:
    return isinstance(item, Symbol) and item.text == ","


def _check_amount_in_units(items: list[grammar.Item]) -> None:
    """ "take 4.5 mg in 3 capsules", "100 mg per 2 tablets": the mass of all the units or of each?
    (Once read as 3 × 4.5 mg.) Of one unit both are the same; of more, refused."""
    for position, item in enumerate(items):
        if not (isinstance(item, Word) and item.text in ("in", "per")) or position == 0:
            continue
        before = items[position - 2] if _is_bracket(items[position - 1]) and position > 1 else items[position - 1]
        after = items[position + 1 : position + 3]
        if (
            isinstance(before, UnitWord)
            and before.kind == "mass"
            and len(after) == 2
            and isinstance(after[0], Number)
            and after[0].value != 1
            and isinstance(after[1], Word)
            and after[1].role == "form"
        ):
            raise DoseError(
                f"'{before.text} {item.text} {after[0].text} {after[1].text}': the mass of all of them, or of each? "
                "Write 'take 3 capsules (4.5 mg total)' or '(1.5 mg each)'",
                ErrorCode.AMBIGUOUS_STRENGTH,
            )


# Fillers that join a fraction on: "tab and a half", "4 mg y media".
_JOINING = frozenset({"and", "plus", "y"})


def _check_and_a_half(items: list[grammar.Item]) -> None:
    """ "tab and a half", "tableta y media", "4 mg and a half": one and a half units, or 4.5 mg,
    once read as the half alone (a third of the dose). Refused: write "1 1/2 tabs" or "4.5 mg"."""
    for before, joint, after in zip(items, items[1:], items[2:], strict=False):
        if not (isinstance(joint, Word) and joint.text in _JOINING):
            continue
        fraction = how_long.is_a_fraction(after)
        unit = (isinstance(before, Word) and before.role == "form") or isinstance(before, UnitWord)
        if fraction and unit:
            raise DoseError(
                f"'{before.text} {joint.text} {after.text}': write it as one amount ('1 1/2 tabs', '4.5 mg')",
                ErrorCode.AMBIGUOUS_COUNT,
            )


def _is_bracket(item: grammar.Item) -> bool:
    return isinstance(item, Symbol) and item.text == "("


def _number_warnings(items: list[grammar.Item]) -> list[str]:
    warnings: list[str] = []
    for item in items:
        if isinstance(item, grammar.Number):
            warnings.extend(item.warnings)
        elif isinstance(item, grammar.UnitWord) and item.unit.warning:
            warnings.append(item.unit.warning)
    return list(dict.fromkeys(warnings))


def _check_brand_against_field(items: list[grammar.Item], options: ReadOptions) -> None:
    """ "Contrave 2 tabs bid" with a product field of "naltrexone 50 mg tablet": two products."""
    facts = options.product
    if facts is not None and facts.product_key is not None and facts.strength_mg is not None:
        known = options.unit_strength_mg.get(facts.product_key)
        if known is not None and known != facts.strength_mg:  # "Contrave 50 mg": no such tablet
            raise DoseError(
                f"the product '{facts.text}' gives {facts.strength_mg} mg, but {facts.product_key} holds {known} mg",
                ErrorCode.CONFLICTING_AMOUNTS,
            )
    if facts is None or facts.product_key is not None or facts.strength_mg is None:
        return
    in_sig = _only_one(items, "product")
    if in_sig is None:
        return
    brand_strength = options.unit_strength_mg.get(in_sig)
    if brand_strength is not None and brand_strength != facts.strength_mg:
        raise DoseError(f"the sig names {in_sig} but the product is '{facts.text}'", ErrorCode.CONFLICTING_PRODUCT)


def _check_counted_in_tablets(items: list[grammar.Item]) -> None:
    """Contrave is counted in whole tablets: a milligram amount in its sig may be the bupropion
    (90 mg), and its extended-release tablets are never cut ("1/2 tab" was once read as LDN)."""
    for before, item in pairwise(items):
        if isinstance(before, grammar.Number) and isinstance(item, grammar.UnitWord) and item.kind == "mass":
            raise DoseError(
                "Contrave is dosed in tablets (naltrexone 8 mg with bupropion 90 mg each): give the number of "
                "tablets, not mg",
                ErrorCode.UNSUPPORTED_FORM,
            )
        fraction = isinstance(before, grammar.Number) and before.value.denominator != 1
        if (fraction or (isinstance(before, Word) and before.role == "count")) and isinstance(item, Word):
            raise DoseError(
                f"'{before.text} {item.text}': Contrave tablets are extended-release and are not cut",
                ErrorCode.UNSUPPORTED_FORM,
            )


# No oral naltrexone is taken at intervals of weeks; a dose every two weeks or more with no route
# said is likely the injection written without its route. A reading rule: the data's regimens say
# what is labeled.
LONGEST_UNSAID_ORAL_INTERVAL_HOURS = 14 * HOURS_PER_DAY


def _check_oral_interval(doses: list[Dose]) -> None:
    for dose in doses:
        interval = dose.period_hours if dose.count == 1 else dose.period_hours / dose.count
        if interval >= LONGEST_UNSAID_ORAL_INTERVAL_HOURS:
            raise DoseError(
                f"'{dose.frequency.text}' with no route: no oral naltrexone is taken that far apart; is it the "
                "injection? give the route (IM, po)",
                ErrorCode.ROUTE_MISMATCH,
            )


def _product_key(items: list[grammar.Item], facts: ProductFacts | None) -> str | None:
    """The brand named by the sig or by the product field; both may name it, never two."""
    in_sig = _only_one(without_a_brand_s_release(items), "product")
    in_field = facts.product_key if facts is not None else None
    if in_sig and in_field and in_sig != in_field:
        raise DoseError(f"the sig names {in_sig} but the product is {in_field}", ErrorCode.CONFLICTING_PRODUCT)
    return in_sig or in_field


def _dose_context(options: ReadOptions, product: str | None, route: str) -> DoseContext:
    """What a dose needs from the caller, the brand named and the product field, made once per
    text. A product field's strength is what each unit the sig counts holds."""
    facts = options.product
    unit_strength_mg: Fraction | None
    if facts is not None and facts.strength_mg is not None:
        unit_strength_mg, unit_label = facts.strength_mg, f"each unit of '{facts.text}'"
    else:
        unit_strength_mg = options.unit_strength_mg.get(product) if product else None
        unit_label = f"{product} tablet" if product else ""
    return DoseContext(
        weight_kg=options.weight_kg,
        unit_strength_mg=unit_strength_mg,
        unit_label=unit_label,
        allow_calendar_month=route == "injectable",
        concentration=facts.concentration if facts is not None else None,
        strength_is_stated=facts is not None and facts.strength_mg is not None,
        product_named=facts is not None,
    )


_CONFLICTING = {"product": ErrorCode.CONFLICTING_PRODUCT, "salt": ErrorCode.CONFLICTING_SALT}


def _only_one(items: list[grammar.Item], role: str) -> str | None:
    values = {str(item.value) for item in items if isinstance(item, Word) and item.role == role}
    if len(values) > 1:
        raise DoseError(f"more than one {role} named ({', '.join(sorted(values))})", _CONFLICTING[role])
    return values.pop() if values else None


def _route(items: list[grammar.Item], options: ReadOptions, product: str | None) -> str:
    """Every source of a route must agree; with none, the dose is oral."""
    claims: dict[str, str] = {}
    if options.route is not None:
        claims[route_of(options.route)] = "the route given"
    for item in items:
        if isinstance(item, Word) and item.role == "route":
            claims.setdefault(str(item.value), f"'{item.text}'")
        elif isinstance(item, Word) and item.role == "form":
            claims.setdefault("injectable" if item.value == "injection" else "oral", f"'{item.text}'")
        elif isinstance(item, Symbol) and item.text == "%":
            claims.setdefault("topical", "a % strength")
    if options.product is not None and options.product.route is not None:
        claims.setdefault(options.product.route, f"the product '{options.product.text}'")
    if product is not None:
        if product not in options.product_routes:
            raise DoseError(f"'{product}' is not a product of the regimens data", ErrorCode.UNSUPPORTED_FORM)
        claims.setdefault(options.product_routes[product], f"'{product}'")
    if len(claims) > 1:
        said = " but ".join(f"{source} says {route}" for route, source in claims.items())
        raise DoseError(f"the route does not fit: {said}", ErrorCode.ROUTE_MISMATCH)
    return next(iter(claims), "oral")


def route_of(text: str) -> str:
    """A route as given by a caller or a batch column: a route name, or a route word ("po", "IM")."""
    words = tuple(text.casefold().replace(".", "").split())
    if text in ROUTES:
        return text
    if words in lexicon.ROUTE_WORDS:
        return lexicon.ROUTE_WORDS[words]
    raise DoseError(
        f"unknown route '{text}': use oral, injectable or topical (or po, IM, topical)", ErrorCode.ROUTE_MISMATCH
    )


def _topical(items: list[grammar.Item], product_named: bool) -> Reading:
    pieces = make_pieces(items)
    percents = [p for p in pieces if isinstance(p, Percent)]
    if any(isinstance(p, Measure) for p in pieces) or len(percents) > 1:
        raise DoseError(
            "a topical product is read by its % strength only, not by an amount", ErrorCode.UNSUPPORTED_FORM
        )
    if not percents and not product_named and not any(isinstance(p, Word) and p.role == "drug" for p in pieces):
        raise DoseError("no naltrexone product found: name it, e.g. 'naltrexone 1% cream'", ErrorCode.NO_DOSE)
    reading = Reading("topical", "topical", [], strength_percent=percents[0].value if percents else None)
    reading.notes = context_notes(pieces)
    return reading


def _split_on_then(items: list[grammar.Item]) -> list[list[grammar.Item]]:
    """Steps: split on "then" (and its kin), and before a step marker that opens a clause
    ("week 1: 1.5 mg qhs; week 2: 3 mg qhs"), which stays with its step."""
    segments: list[list[grammar.Item]] = [[]]
    depth = 0  # inside brackets
    for position, item in enumerate(items):
        if isinstance(item, Symbol) and item.text in ("(", ")"):
            depth += 1 if item.text == "(" else -1
        if grammar.from_then_on(items, position):
            continue  # "... 4.5 mg at bedtime thereafter": from then on, not a new step
        if means(item, "then") and depth > 0:
            # "1.5 mg qhs x 7 days (then 4.5 mg), then 3 mg": the bracket's step was read as one of
            # the titration's, cut in two (older; an attack found it)
            raise DoseError(f"'{item.text}' inside brackets: a step, or a note?", ErrorCode.AMBIGUOUS_DOSE)
        if means(item, "then"):
            segments.append([])
            continue
        opens_clause = position == 0 or (isinstance(items[position - 1], Symbol) and items[position - 1].text == ",")
        if how_long.is_step_marker(item) and opens_clause and any(isinstance(i, grammar.Number) for i in segments[-1]):
            segments.append([])
        segments[-1].append(item)
    return _with_asides_joined(segments)


_NOTE_ROLES = frozenset({"context", "dispensing", "duration"})
# What binds to what is before it: a multiplication, a total, a unit or dose form (a range's "to"
# only between two of a kind: _splits_a_range)
_BINDS_BACK = frozenset({"x", "×", "*", "total"})
# What binds to what is after it ("once per RF x5 week"); not "to" ("for 3 months to 6 months") nor
# "each" ("Qty 30 each RF 2")
_BINDS_ON = frozenset({"per", "of", "every", "a", "an", "x"})


def _check_no_note_inside_the_dose(items: list[grammar.Item]) -> None:
    """A note (advice, a refill, how long) is read apart from the dose, so the dose must not go on
    after it: in "50 mg Monday RF x5 to Friday", "75 mg RF x5 total", "Day 1 to 2 RF x5 tablets" or
    "weekly disp x 2 1/2 tab" what follows binds to what came before, and reading the two halves
    apart lost days, a total or a count."""
    for position, note in enumerate(items):
        if not (isinstance(note, Word) and note.role in _NOTE_ROLES):
            continue
        if note.value == "advice" and note.text.split()[0] in lexicon.ADVICE_OF_ITS_OWN:
            _check_a_clause_of_its_own(note, items[position + 1] if position + 1 < len(items) else None)
        before = _beside(items, position, -1)  # past a bracket round the note: "75 mg (lowers cholesterol) total"
        if isinstance(before, FrequencyWord) and _may_be_split_otherwise(before, note):
            interval, dispense = before.text.split()[-1], note.text.split()[0]
            raise DoseError(
                f"'{before.text} {note.text}': '{before.text}' then how often it is dispensed, or "
                f"'{interval} {dispense}' and then how often it is taken?",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        after_at = _beside_at(items, position, 1)
        if after_at is None:
            continue
        after = items[after_at]
        following = next((i for i in items[after_at + 1 :] if not isinstance(i, Symbol)), None)
        # a unit or form the dose goes on after ("RF x5 tablets of 50 mg"), never one ending it ("… - caps")
        unit = (isinstance(after, UnitWord) or (isinstance(after, Word) and after.role == "form")) and _goes_on(
            following
        )
        qualifier = isinstance(after, Word) and after.role == "qualifier"  # "total", "each"
        binds = unit or qualifier or (isinstance(after, (Word, Symbol)) and after.text in _BINDS_BACK)
        binds = binds or (isinstance(before, Word) and before.text in _BINDS_ON)  # "once per RF x5 week"
        binds = binds or _splits_a_range(before, after, following)  # "Monday RF x5 to Friday"
        # "Monday to RF x5 Friday" (not "for 3 months to 6 months": a length's own range)
        ranged = isinstance(before, (Word, Symbol)) and before.text in ("to", "-") and note.role != "duration"
        binds = binds or (ranged and (isinstance(after, Number) or grammar.is_weekday(after)))
        days = grammar.is_weekday(before) and grammar.is_weekday(after)  # "mon RF x5 - fri"
        if (binds or days) and not _says_its_own_unit(note, after, before):
            raise DoseError(
                f"'{note.text}' inside the dose, before '{after.text}': read apart, what it splits may be one "
                "amount, range or total. Write the note after the dose",
                ErrorCode.AMBIGUOUS_DOSE,
            )


def _check_a_clause_of_its_own(note: Word, after: grammar.Item | None) -> None:
    """ "carry wallet card", "hold for surgery", "start after detox": sentences of their own, so a
    separator or the end follows. Before more of the dose ("take qam carry wallet card and at
    bedtime"), read apart they hid what stood on either side of them."""
    if after is not None and not (isinstance(after, Symbol) and after.text in (",", ";", "(", ")")):
        raise DoseError(
            f"'{note.text}' before '{after.text}': advice of its own, or part of the dose? End it with a stop",
            ErrorCode.AMBIGUOUS_DOSE,
        )


def _beside_at(items: list[grammar.Item], position: int, step: int) -> int | None:
    """Where the item before (step -1) or after (step 1) ``position`` is, past the brackets round it."""
    at = position + step
    while 0 <= at < len(items) and isinstance(items[at], Symbol) and items[at].text in ("(", ")"):
        at += step
    return at if 0 <= at < len(items) else None


def _beside(items: list[grammar.Item], position: int, step: int) -> grammar.Item | None:
    at = _beside_at(items, position, step)
    return None if at is None else items[at]


def _may_be_split_otherwise(before: FrequencyWord, note: Word) -> bool:
    """ "50 mg once weekly disp daily": "once weekly" and "disp daily", or "once", "weekly disp" and
    "daily"? A dispensing note that opens with "disp" right after a frequency ending with an
    interval that also leads "disp" ("weekly disp") reads two ways."""
    return (
        note.value == lexicon.DISPENSED_EVERY
        and note.text.split()[0] in lexicon.DISPENSE_WORDS
        and before.text.split()[-1] in lexicon.REVERSED_EVERY
    )


def _goes_on(following: grammar.Item | None) -> bool:
    """The dose goes on: what comes next is part of an amount or its frequency ("of 50 mg", "2", "daily")."""
    return isinstance(following, (Number, UnitWord, FrequencyWord)) or (
        isinstance(following, Word) and following.text == "of"
    )


def _splits_a_range(before: grammar.Item | None, joint: grammar.Item, end: grammar.Item | None) -> bool:
    """ "Monday RF x5 to Friday", "2 (for pain) - 3 tabs": a note between a range's ends."""
    if not (isinstance(joint, (Word, Symbol)) and joint.text in ("to", "-")) or end is None:
        return False
    weekdays = grammar.is_weekday(before) and grammar.is_weekday(end)
    return weekdays or (isinstance(before, Number) and isinstance(end, Number))


def _says_its_own_unit(note: Word, after: grammar.Item, before: grammar.Item | None) -> bool:
    """ "#30 tabs", "Disp: 30 each": a quantity dispensed and its unit; "for 30 days total": a
    length and its whole (not after an amount: "75 mg for 4 days total" may be the amount's)."""
    if note.text.startswith(lexicon.QUANTITY_LEADS):  # "#30 tabs": its count's unit
        return isinstance(after, UnitWord) or (isinstance(after, Word) and after.role in ("form", "qualifier"))
    after_an_amount = isinstance(before, (Number, UnitWord))
    return note.role == "duration" and isinstance(after, Word) and after.text == "total" and not after_an_amount


def _one_time_or_another(items: list[grammar.Item]) -> list[grammar.Item]:
    """ "4.5 mg qhs or qam", "daily, (either) at night or in the morning", as LDN guides leave the
    time to the patient: two times of day, each once a day, are one dose a day whichever is
    meant, so they are one frequency, once a day at a time of day. Only when such choices are all
    the text says of when (bar "daily"): beside another time, a meal or a clock ("with meals and
    at bedtime or in the morning", "2 am or pm") which goes with which is not known. Any other
    two frequencies joined by "or" ("nightly or every other day") stay two, and are refused
    (how_long.py)."""
    out: list[grammar.Item] = []
    merged = False
    position = 0
    while position < len(items):
        first, joint, second = items[position], _at(items, position + 1), _at(items, position + 2)
        if _once_at_a_time(first) and means(joint, "or") and _once_at_a_time(second):
            assert isinstance(first, FrequencyWord) and isinstance(second, FrequencyWord)
            if first.text == second.text:  # "at night or at night": no choice, something lost
                return items
            if out and means(out[-1], "either"):
                out.pop()
            out.append(FrequencyWord(Fraction(1), HOURS_PER_DAY, f"{first.text} or {second.text}", time_of_day=True))
            merged = True
            position += 3
            continue
        if _says_when(first):
            return items
        out.append(first)
        position += 1
    return out if merged else items


_T = TypeVar("_T")


def _at(items: Sequence[_T], position: int) -> _T | None:
    return items[position] if position < len(items) else None


def _says_when(item: grammar.Item) -> bool:
    if isinstance(item, FrequencyWord):  # "daily" only says once a day
        return item.time_of_day or item.times * HOURS_PER_DAY != item.period_hours or item.high is not None
    return isinstance(item, Word) and item.role == "context" and item.value in ("meal times", "when to take it")


def _check_nothing_may_fall(items: list[grammar.Item]) -> None:
    """ "if side effects" says why a dose may fall, after "may reduce to"; anywhere else it
    conditions the dose itself ("4.5 mg qhs if side effects")."""
    at = next((p for p, i in enumerate(items) if isinstance(i, Word) and i.value == lexicon.WHY_IT_MAY_FALL), None)
    if at is not None and not any(means(item, "may decrease") for item in items[:at]):
        why = items[at]
        raise DoseError(f"'{why.text}' conditions the dose: taken only then?", ErrorCode.AMBIGUOUS_DOSE)


def _check_no_either_left(items: list[grammar.Item]) -> None:
    """ "either" only opens a choice of two times of day (_one_time_or_another)."""
    either = next((item for item in items if means(item, "either")), None)
    if either is not None:
        raise DoseError("'either': which one? Write one dose and one frequency", ErrorCode.AMBIGUOUS_DOSE)


def _once_at_a_time(item: grammar.Item | None) -> bool:
    return (
        isinstance(item, FrequencyWord)
        and item.time_of_day
        and item.slot != "clock"
        and item.times == 1
        and item.period_hours == HOURS_PER_DAY
        and item.high is None
    )


LISTED_STEPS_ASSUMPTION = (
    "steps listed with commas and closed by 'then', 'thereafter' or 'onwards': each comma read as 'then'"
)


def _target_said_as_the_most(items: list[grammar.Item]) -> list[grammar.Item]:
    """ "increase by 1.5 mg every 2 weeks to max 4.5 mg", "up to a max of 4.5 mg", "to target 4.5
    mg": an escalation's target, as "to 4.5 mg" is; the maximum's words go. Only right after the
    "to" that follows "increase" (an as-needed maximum elsewhere, "prn up to max 3 caps daily",
    stays one; "target" anywhere else is refused)."""
    at_increase = next(i for i, item in enumerate(items) if means(item, "increase"))
    at_to = next((i for i in range(at_increase + 1, len(items)) if means(items[i], "to", "up to", "target")), None)
    if at_to is None:
        return _most_said_apart(items, at_increase)
    if means(items[at_to], "target"):
        return [*items[:at_to], Word("connective", items[at_to].text, "to"), *items[at_to + 1 :]]
    return [*items[: at_to + 1], *_the_most_said(items[at_to + 1 :], items[:at_increase])]


def _the_most_said(target: list[grammar.Item], start: list[grammar.Item]) -> list[grammar.Item]:
    """ "to max 4.5 mg", "to a maximum of 4.5 mg": after the "to" of a rise, the most it may reach,
    as "to 4.5 mg" says it; the maximum's words go."""
    end = 0
    while end < len(target) and (
        means(target[end], "maximum") or (isinstance(target[end], Word) and target[end].text in ("a", "of"))
    ):
        end += 1
    said_most = [item for item in target[:end] if means(item, "maximum")]
    if not said_most:
        return target
    return _a_day_s_most(target[end:], said_most[0], start)


def _check_one_preferred_time(items: list[grammar.Item]) -> None:
    """ "4.5 mg preferably at bedtime and preferably in the morning": one dose at either time, or a
    dose at each? (Read as one: found by the attack on the preferred times.)"""
    preferred = [
        i for i in items if isinstance(i, Word) and i.role == "context" and i.text.split()[0] in lexicon.PREFERRING
    ]
    if len(preferred) > 1:
        raise DoseError(
            f"'{preferred[0].text}' and '{preferred[1].text}': one dose, or one at each?", ErrorCode.AMBIGUOUS_FREQUENCY
        )


def _most_said_apart(items: list[grammar.Item], at_increase: int) -> list[grammar.Item]:
    """ "Start 0.5 mg qhs, increase by 0.5 mg every 7 days. Max 4.5 mg/day.", "… Maximum dose 4.5
    mg.", "…, do not exceed 4.5 mg per day" (LDN guides and pharmacy pages): an escalation with no
    target, closed by a clause of its own that is only its most, an amount in mg and at most a
    frequency, read as "… to 4.5 mg/day" is. Not beside an as-needed dose."""
    at_most = next((i for i in range(at_increase + 1, len(items)) if means(items[i], "maximum")), None)
    if at_most is None or not _is_comma(items[at_most - 1]) or any(means(item, "prn") for item in items):
        return items
    rest = items[at_most + 1 :]
    amount = (
        len(rest) in (2, 3)
        and isinstance(rest[0], Number)
        and isinstance(rest[1], grammar.UnitWord)
        and rest[1].kind == "mass"
        and all(isinstance(item, grammar.FrequencyWord) for item in rest[2:])
    )
    if not amount:
        return items
    said_how_often = len(rest) == 3 or _says_a_day(items[at_most])
    if not said_how_often and any(_doses_a_day(item) > 1 for item in items[:at_most]):
        return items  # "0.5 mg bid, increase …. Max 4.5 mg.": each dose's most, or the day's?
    return [
        *items[: at_most - 1],
        Word("connective", items[at_most].text, "to"),
        *_a_day_s_most(rest, items[at_most], items[:at_increase]),
    ]


def _doses_a_day(item: grammar.Item) -> Fraction:
    """How many times a day a frequency says (0 for anything else, and for "in 0 hours")."""
    if not isinstance(item, FrequencyWord) or not item.period_hours:
        return Fraction(0)
    return item.times * HOURS_PER_DAY / item.period_hours


def _says_a_day(maximum: grammar.Item) -> bool:
    """ "max daily dose", "max per day": a day's most, where "max" alone may be each dose's."""
    return not {"daily", "day"}.isdisjoint(maximum.text.split())


def _a_day_s_most(target: list[grammar.Item], said: grammar.Item, start: list[grammar.Item]) -> list[grammar.Item]:
    """ "max daily dose 4.5 mg", "max per day 4.5 mg": a day's most, as "4.5 mg/day" says it (it was
    read as each dose's, 9 mg/day after a twice-daily start; older, found by the attack on the
    most said apart). Beside a frequency of its own, or after a start taken less than once a day
    ("start 0.5 mg weekly, …": a day's most of a weekly dose?), it is refused."""
    if not _says_a_day(said):
        return target
    amount = len(target) >= 2 and isinstance(target[0], Number) and isinstance(target[1], UnitWord)
    less_than_daily = any(0 < _doses_a_day(item) < 1 for item in start)
    if not amount or less_than_daily or (len(target) > 2 and isinstance(target[2], FrequencyWord)):
        raise DoseError(
            f"'{said.text}': a day's most, beside a dose not taken every day or a frequency of the target's "
            "own: which does it limit?",
            ErrorCode.AMBIGUOUS_DOSE,
        )
    return [*target[:2], FrequencyWord(Fraction(1), HOURS_PER_DAY, "/ day"), *target[2:]]


def _markers_first(items: list[grammar.Item]) -> list[grammar.Item]:
    """ "1.5 mg qhs week 1, 3 mg qhs week 2, 4.5 mg qhs week 3+": steps listed with commas, each
    closed by its step marker, read as the marker opening it ("week 1: 1.5 mg qhs, …"), whose
    order and gaps are checked as ever. Only when every part has an amount and ends with its one
    marker; else the text is left as it is."""
    parts: list[list[grammar.Item]] = [[]]
    for item in items:
        if isinstance(item, Symbol) and item.text in (",", ";"):
            parts.append([])
        else:
            parts[-1].append(item)
    closed = [
        part
        for part in parts
        if len(part) > 1
        and how_long.is_step_marker(part[-1])
        and not any(how_long.is_step_marker(i) for i in part[:-1])
        and any(isinstance(i, Number) for i in part[:-1])
        and not any(means(i, "then") for i in part)  # "…, then …" is read by _listed_steps
    ]
    if len(parts) < 2 or len(closed) != len(parts):
        return items
    out: list[grammar.Item] = []
    for part in parts:
        if out:
            out.append(Symbol(","))
        out += [part[-1], *part[:-1]]
    return out


def _listed_steps(items: list[grammar.Item]) -> list[grammar.Item] | None:
    """ "1.5 mg qhs x 1 week, 3 mg qhs x 1 week, then 4.5 mg qhs": steps listed with commas, each
    lasting a while, and the last joined by "then", which says what the commas mean: each such comma
    is read as "then". Each listed step must say how long it lasts: in "4.5 mg qhs for a week, 1 mg
    qam, then 2 mg" the 1 mg may be a part of the first step's day. With no "then" after the list
    ("4.5 mg qhs for a week, 1 mg qam") the comma stays, and how_long.py refuses it."""
    listed = list(items)
    boundary = None  # where the step after the comma being looked at ends: a "then", or a comma read as one
    ending = None  # how the listed steps end: each with how long, or each with its week (never mixed)
    changed = False
    # "1.5 mg x 1 week, 3 mg x 1 week, 4.5 mg thereafter": the last step from then on says, as a
    # "then" would, that the commas before it are steps; the step after the last comma is that one
    closing = _last_said(items)  # and that step says no length of its own, nor is empty ("…, thereafter")
    last_from_then_on = (
        (grammar.from_then_on(items, closing) or (_is_ongoing(items[closing]) and _one_time_throughout(items)))
        and not _is_comma(items[closing - 1])
        and _how_it_ends(items, closing) is None
    )
    for position in range(len(items) - 1, 0, -1):
        if means(items[position], "then") and not grammar.from_then_on(items, position):
            boundary = position
        elif _is_comma(items[position]) and _opens_a_step(items, position + 1):
            last = boundary is None and last_from_then_on and not changed
            after = _how_it_ends(items, boundary) if boundary is not None else None
            ends = {_how_it_ends(items, position), *(() if last else (after,))}
            if None in ends or len(ends | ({ending} if ending else set())) > 1:
                boundary = None  # the list is broken: the commas before this one stay
                continue
            ending = ends.pop()
            listed[position] = Word("connective", ",", "then")
            boundary = position
            changed = True
    return listed if changed else None


def _is_ongoing(item: grammar.Item) -> bool:
    """ "onwards", "ongoing": at the end of the last listed step, from then on (lexicon.ONGOING)."""
    return isinstance(item, Word) and item.role == "filler" and item.text in lexicon.ONGOING


def _one_time_throughout(items: list[grammar.Item]) -> bool:
    """No two times of day: "4.5 mg qhs for a week, 1 mg qam onwards" may start the morning dose now,
    alongside, where "…, 4.5 mg qhs ongoing" after two bedtime steps can only follow them."""
    return len({item.slot for item in items if isinstance(item, FrequencyWord) and item.time_of_day}) <= 1


def _last_said(items: list[grammar.Item]) -> int:
    """The position of the last item that is not punctuation (0 when there is none)."""
    return next((i for i in range(len(items) - 1, -1, -1) if not isinstance(items[i], Symbol)), 0)


def _how_it_ends(items: list[grammar.Item], end: int) -> str | None:
    """What comes before ``end`` (bar commas and closing brackets): how long ("x 1 week", "for 7
    days"), or which week or day (a marker how_long.py can check for order and gaps: "on week
    2"); else None."""
    before = end - 1
    while before > 0 and isinstance(items[before], Symbol) and items[before].text in (")", ","):
        before -= 1
    item = items[before]
    if how_long.says_how_long(item):
        return "how long"
    return "which week" if how_long.is_step_marker(item) and how_long.days_of(item.text) is not None else None


def _opens_a_step(items: list[grammar.Item], start: int) -> bool:
    """An amount with its unit or dose form comes next ("3 mg", "2 caps", "take half a tab")."""
    if start < len(items) and means(items[start], "take"):
        start += 1
    amount, unit = items[start : start + 2] if start + 2 <= len(items) else (None, None)
    counted = isinstance(amount, Number) or (isinstance(amount, Word) and amount.role == "count")
    measured = isinstance(unit, UnitWord) and unit.kind in ("mass", "volume")
    return counted and (measured or (isinstance(unit, Word) and unit.role == "form"))


def _with_asides_joined(segments: list[list[grammar.Item]]) -> list[list[grammar.Item]]:
    """ "… daily then, if no side effects, increase to 2 tablets": words between two step words,
    with no number and no frequency, are an aside of the step after, never a step of their own."""
    joined: list[list[grammar.Item]] = []
    carried: list[grammar.Item] = []
    for position, segment in enumerate(segments):
        # only advice, fillers and commas: never "half" or "increase by half", which an attack
        # found multiplying the next step ("then half, then 9 mg" was 4.5 mg/day)
        aside = all(isinstance(i, Symbol) or (isinstance(i, Word) and i.role in ("context", "filler")) for i in segment)
        if aside and joined and position < len(segments) - 1:
            carried += segment
            continue
        joined.append(carried + segment)
        carried = []
    return joined


def _check_nothing_moved(items: list[grammar.Item]) -> None:
    """ "1.5 mg in the evening and 2 mg at night, may take in the morning if vivid dreams": LDN's
    move of the bedtime dose beside a day's doses at two times: which one moves, or is it a third?"""
    moved = next((item for item in items if _is_a_move(item)), None)
    if moved is not None:
        raise DoseError(
            f"'{moved.text}' beside a day's doses at two times: which one moves? Write each time",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )


def _is_a_move(item: grammar.Item) -> bool:
    """ "may take in the morning", "if vivid dreams": a bedtime dose moved when sleep suffers."""
    return isinstance(item, Word) and item.role == "context" and item.text in _MOVES


_MOVES = lexicon.MORNING_INSTEAD_TEXTS | lexicon.SLEEP_TROUBLE_TEXTS


def _says_a_course(item: grammar.Item) -> bool:
    """Words of a course over time ("if tolerated", "to start", "initially", "for maintenance",
    "ongoing"): doses joined by "then" around them are steps, never one day's parts. A move of the
    dose when sleep suffers is no course ("…, if vivid dreams take in the morning")."""
    if not isinstance(item, Word):
        return False
    conditional = item.role == "context" and item.text.startswith(lexicon.CONDITIONS) and not _is_a_move(item)
    return conditional or means(item, "start") or item.text in lexicon.COURSE_WORDS


def _course_said(items: list[grammar.Item]) -> Literal["plainly", "in a note", "no"]:
    """Whether a word of a course ("ongoing", "onwards", "for maintenance", "to start") stands in the
    text: plainly ("… 3 mg qhs ongoing", "… to start, then"), or only with a note's word right after
    it ("for ongoing pain", "onwards as directed"), where it may be the note's."""
    said: Literal["plainly", "in a note", "no"] = "no"
    for position, item in enumerate(items):
        if not _says_a_course(item):
            continue
        following = items[position + 1] if position + 1 < len(items) else None
        if not (isinstance(following, Word) and following.role == "context" and not _says_a_course(following)):
            return "plainly"
        said = "in a note"
    return said


def _is_one_day(items: list[grammar.Item], steps: list[list[grammar.Item]]) -> bool:
    """ "1 tablet every morning then 1/2 tablet at night": steps joined by a plain "then", each
    with one time of day, later in the day each time, and no how long, are a day's parts. Any
    other joining word ("increase to", "thereafter") or order ("qhs, then qam") is a titration."""
    course = _course_said(items)
    if _joined_as_steps(items) or course == "plainly":
        return False  # "… in the morning then, if no side effects, 4.5 mg at bedtime": a step up
    times: list[FrequencyWord] = []
    closing = _closing_length(steps[-1])  # "… then 1/2 tablet in the evening for 4 days"
    for step in steps:
        time = _one_time_of_day(step)
        if time is None:
            _check_no_time_only_in_a_note(steps, step)
            return False
        changes = [i for i in step if how_long.is_step_marker(i) or how_long.says_when_it_changes(i)]
        if changes and changes != [closing]:
            return False  # "qam x 7 doses then qhs", "qam until week 2 then qhs": a titration
        times.append(time)
    if any(time.slot == "clock" for time in times):
        _check_no_clock_day(times)
        return False  # "1.5 mg at 9 pm then 3 mg at 8 am": a titration, as it was
    slots = [lexicon.DAY_ORDER.get(str(time.slot), -1) for time in times]
    one_day = all(a < b for a, b in pairwise(slots)) and min(slots) >= 0
    if one_day and course == "in a note":
        # "25 mg qam then 25 mg qhs for ongoing pain": what it is for, or a course? Read as a course,
        # the morning's dose was lost (25 mg, where the day is 50); as a note, "… 4.5 mg at night
        # onwards as directed" lost the course (6 mg, where the step is 4.5)
        raise DoseError(
            "a word of a course beside a note, in doses of one day joined by 'then': the day's doses, or "
            "steps? Write 'and' between the day's doses, or the steps' lengths",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )
    if one_day and closing is not None:
        # the day's doses for 4 days, or a first step of no length and a last of 4 days? (was the last)
        raise DoseError(
            f"'{closing.text}' after a day's doses joined by 'then': how long the day's doses last, or "
            "how long a last step lasts? Write 'and' between the day's doses, or the steps' lengths",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )
    return one_day


def _check_no_clock_day(times: list[FrequencyWord]) -> None:
    """ "1.5 mg at 8am then 1.5 mg at 8pm": clock times joined by "then" were a titration whose
    last step was the dose (1.5 mg, where the day's doses are 3). Summing them instead misread
    "nightly at 9 pm then at 8 pm", noon and midnight (a helper's attack): where a later clock may
    be later the same day, the day's doses or steps? Refused."""
    for time, following in pairwise(times):
        if may_follow_in_one_day(time, following):
            raise DoseError(
                f"'{time.text}' then '{following.text}': the doses of one day, or steps? Write 'and' "
                "between the day's doses, or the steps' lengths",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _one_time_of_day(step: list[grammar.Item]) -> FrequencyWord | None:
    """The one time of day a step says ("every morning", "at 8 am", "every morning at 8 am",
    "daily at 8 am": once a day at that time)."""
    times = [i for i in step if isinstance(i, FrequencyWord)]
    if any(time.time_of_day for time in times):
        times = [time for time in times if time.time_of_day or not _is_once_a_day(time)]
    if len(times) == 2 and one_time_said_two_ways(step, times):  # "every morning at 8 am"
        times = the_time_meant(times)
    return times[0] if len(times) == 1 and times[0].time_of_day else None


def _check_no_time_only_in_a_note(steps: list[list[grammar.Item]], step: list[grammar.Item]) -> None:
    """ "1.5 mg 1 hour before breakfast then 1.5 mg 1 hour before bed": a part whose time of day is
    only in a note of when to take it, joined by "then" with nothing of a course (no step marker,
    no "until"): the doses of one day, or steps? Read as steps, the first dose was lost."""
    if not any(_note_names_a_time_of_day(item) for item in step):
        return
    if any(how_long.is_step_marker(i) or how_long.says_when_it_changes(i) for part in steps for i in part):
        return
    raise DoseError(
        "a time of day said only in a note, in doses joined by 'then': the doses of one day, or steps? "
        "Write 'and' between the day's doses, or the steps' lengths",
        ErrorCode.AMBIGUOUS_FREQUENCY,
    )


def _note_names_a_time_of_day(item: grammar.Item) -> bool:
    return (
        isinstance(item, Word)
        and item.role == "context"
        and item.value == "when to take it"
        and not lexicon.TIMES_OF_DAY_IN_NOTES.isdisjoint(item.text.split())
    )


def _closing_length(step: list[grammar.Item]) -> grammar.Item | None:
    """How long, said last in the step (bar punctuation and notes after it): "… in the evening
    for 4 days", "… for 30 days #60", "… x 30 days, RF x2"."""
    said = [item for item in step if not isinstance(item, Symbol)]
    while said and isinstance(said[-1], Word) and said[-1].role in ("dispensing", "context"):
        said.pop()
    last = said[-1] if said else None
    return last if last is not None and how_long.says_how_long(last) else None


def _check_length_of_a_days_parts(items: list[grammar.Item]) -> None:
    """A day's parts with a length: "4.5 mg nightly. Take 1.5 mg every morning x 7 days" is 6 mg/day
    for a week, then 4.5, never 6 for good. Only a length at the very end of parts written with no
    break between them ("1.5 mg qam and 3 mg qhs x 30 days") is the whole day's."""
    lengths = [position for position, item in enumerate(items) if how_long.says_when_it_changes(item)]
    if not lengths:
        return
    broken = any(isinstance(item, Symbol) and item.text == "," for item in items[: lengths[-1]])  # ";" reads as ","
    if broken or len(lengths) > 1 or not _only_punctuation(items[lengths[-1] + 1 :]):
        raise DoseError(
            "doses at different times of day, and a length for one of them: how long is each taken? "
            "Write the steps with 'then'",
            ErrorCode.UNSUPPORTED_FORM,
        )


def _check_days_parts_joined(items: list[grammar.Item]) -> None:
    """After a break, a day's next part opens with its dose, its time, "take" or "and". Any other
    word may make it an alternative or not a dose at all: "Take 4.5 mg at bedtime. Or take 4.5 mg
    in the morning", "… Patient taking 50 mg in the morning", "… Up to 3 mg in the morning",
    "Naltrexone 50 MG Tab. Take 1 tab QAM" (another product's line), each once added up."""
    for position, item in enumerate(items[:-1]):
        if not (isinstance(item, Symbol) and item.text == ","):
            continue
        lead = items[position + 1]
        if isinstance(lead, (Number, FrequencyWord, Symbol)) or means(lead, "take"):
            continue
        if grammar.is_a_joiner(lead) or (isinstance(lead, Word) and lead.role in ("count", "form", "route")):
            continue
        raise DoseError(
            f"'{lead.text}' opens a part of the day's doses: another dose, an alternative or a note? "
            "Write the day's doses as one sentence",
            ErrorCode.UNSUPPORTED_FORM,
        )


def _only_punctuation(items: list[grammar.Item]) -> bool:
    return all(isinstance(item, Symbol) for item in items)


def _step_days(step: list[grammar.Item]) -> Fraction | None:
    """A step's written length: "x 7 days", "for 2 weeks", else its marker ("week 2": 7 days).
    Both written must agree: "Days 1-7: 1.5 mg x 14 days" overlaps the next step, or leaves days out."""
    found = {}
    for role in ("duration", "step"):
        days = [item.value for item in step if isinstance(item, Word) and item.role == role]
        if len(days) == 1 and isinstance(days[0], Fraction):
            found[role] = days[0]
    if len(found) == 2 and found["duration"] != found["step"]:
        raise DoseError(
            f"'{' '.join(item.text for item in step)}': the step's marker and its length disagree",
            ErrorCode.UNSUPPORTED_FORM,
        )
    return found.get("duration", found.get("step"))


def _check_no_day_read_as_steps(items: list[grammar.Item], steps: list[list[grammar.Item]]) -> None:
    """Doses joined by a plain "then" that may be one day's, read as steps (the last one the dose,
    the morning's lost): "Week 1: take 2 tabs in the morning then 1 tab at night" (a step's marker
    before them, and a length after or not), "1.5 mg qhs x 7 days then 1.5 mg qam then 3 mg qhs"
    (two bare parts after a step). The day's doses then, or steps? Not where anything says a
    course ("increase to", "thereafter"), nor after a marked step ending with its own length
    ("Week 1: 1.5 mg qam x 7 days then 3 mg qhs"), nor where the later part may be the same time
    or is surely earlier. Without a marker, a course word anywhere ("ongoing") or a length makes
    them steps, as before; with one, the marker may hold the day, and a course word may sit in a
    note ("Week 1: 25 mg qam then 25 mg qhs for ongoing pain" was 25 mg)."""
    if _joined_as_steps(items):
        return
    of_a_course = _course_said(items) == "plainly"
    for step, following in pairwise(steps):
        if any(how_long.is_step_marker(i) for i in following):
            continue
        marker = next((i for i in step if how_long.is_step_marker(i)), None)
        if marker is not None and _closing_length(step) is not None:
            continue  # "Week 1: 1.5 mg qam x 7 days": a length closing the marked step (not "Week 1: x 7 days …")
        if marker is None and (of_a_course or any(_says_when_a_step_ends(i) for i in (*step, *following))):
            continue
        time, then = _one_time_of_day(step), _one_time_of_day(following)
        if time is not None and then is not None and may_follow_in_one_day(time, then):
            said = f"'{marker.text}' before doses" if marker else f"'{time.text}' then '{then.text}', after a step,"
            raise DoseError(
                f"{said} joined by 'then', later in the day: the doses of one day, or steps? Write 'and' "
                "between the day's doses, or a marker or length for each step",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


_PLAIN_THEN = ("then", "and then")


def _joined_as_steps(items: list[grammar.Item]) -> bool:
    """ "increase to", "thereafter", "followed by": words that join doses only as steps in time."""
    return any(means(i, "increase") or (means(i, "then") and i.text not in _PLAIN_THEN) for i in items)


def _says_when_a_step_ends(item: grammar.Item) -> bool:
    """ "x 7 days", "Week 2:", "after 7 days", "until week 3": how long, or when the dose changes."""
    return how_long.says_how_long(item) or how_long.is_step_marker(item) or how_long.says_when_it_changes(item)


def _check_no_review_frequency(items: list[grammar.Item]) -> None:
    """ "50 mg, f/u weekly", "4.5 mg, labs twice weekly": how often to follow up or test, or how
    often to take it? (The dose, with no frequency of its own, took the review's: 7.1 mg/day.)"""
    said = [item for item in items if not _is_comma(item)]
    for review, after in pairwise(said):
        if isinstance(review, Word) and review.text in lexicon.REVIEW_TEXTS and isinstance(after, FrequencyWord):
            raise DoseError(
                f"'{review.text} {after.text}': how often to review or test, or how often to take it?",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )


def _check_no_step_on_a_condition(step: list[grammar.Item], last: bool) -> None:
    """ "50 mg daily, decrease to 25 mg if vivid dreams", "4.5 mg qhs; if insomnia, lower to 3 mg",
    "50 mg daily; nausea -> 25 mg": a side effect beside a step (or a symptom, alone, right before
    the next) says the step is taken only if it happens: the dose now is the one before it, or the
    step is a plan. Read as a titration, the step was classified (an attack: 25 mg for 50)."""
    said: list[grammar.Item] = [item for item in step if not isinstance(item, Symbol)]
    condition: grammar.Item | None = next(
        (
            item
            for n, item in enumerate(said)
            if isinstance(item, Word) and item.text in _SIDE_EFFECTS and not _moves_beside(said, n)
        ),
        None,
    )
    if condition is None and not last and len(said) > 1 and _a_symptom_alone(said[-1], said[-2]):
        condition = said[-1]
    if condition is not None:
        raise DoseError(
            f"'{condition.text}' beside a step of the dose: is the step taken only if it happens?",
            ErrorCode.AMBIGUOUS_DOSE,
        )


_SIDE_EFFECTS = lexicon.SLEEP_TROUBLE_TEXTS


def _moves_beside(said: list[grammar.Item], position: int) -> bool:
    """ "…, may take in the morning if vivid dreams": the condition is the move's, not a step's."""
    neighbours = said[max(position - 1, 0) : position] + said[position + 1 : position + 2]
    return any(isinstance(item, Word) and item.text in lexicon.MORNING_INSTEAD_TEXTS for item in neighbours)


def _a_symptom_alone(item: grammar.Item, before: grammar.Item) -> bool:
    """ "nausea" right before a step, not after "for" or "prn" (what the dose is for)."""
    opened = isinstance(before, Word) and (before.text in ("for", "prn") or before.role == "filler")
    return isinstance(item, Word) and item.role == "context" and item.value == "indication" and not opened


def _titration(steps: list[list[grammar.Item]], context: DoseContext) -> list[Dose]:
    # Spans of days, and a step between with none ("Days 1-7: …; then 3 mg; Day 8+: …"): when is it
    # taken? A last step with none ("…; Weeks 3-4: 3 mg qhs, then 4.5 mg qhs") follows the last span.
    marked = [any(how_long.is_step_marker(i) for i in step) for step in steps]
    if any(how_long.is_span_marker(i) for step in steps for i in step) and not all(marked[:-1]):
        raise DoseError(
            "steps laid out in spans of days, and a step between with none: when is it taken?",
            ErrorCode.UNSUPPORTED_FORM,
        )
    for position, step in enumerate(steps[:-1]):
        open_ended = not marked[position] and not any(how_long.says_how_long(i) for i in step)
        if open_ended and any(marked[position + 1 :]):
            # "Take 4.5 mg at bedtime. Week 2 take 3 mg in the morning": a step, or a dose added?
            raise DoseError(
                f"step {position + 1} says neither when it ends nor how long it lasts, and a later "
                "step names its week or day: a titration, or a dose added?",
                ErrorCode.UNSUPPORTED_FORM,
            )
    for position, step in enumerate(steps, start=1):
        rise = next((n for n, item in enumerate(step) if means(item, "increase")), None)
        if rise is not None and any(isinstance(item, FrequencyWord) for item in step[rise:]):
            # "… then 3 mg qhs, increase weekly": how often it rises, read as how often it is taken
            raise DoseError(
                f"'{step[rise].text}' inside step {position} of a titration: by how much, and to what?",
                ErrorCode.UNSUPPORTED_FORM,
            )
        _check_no_step_on_a_condition(step, position == len(steps))
    doses: list[Dose] = []
    first = make_pieces(steps[0]) if steps[0] else []
    carried = carried_context(first, context)  # "1.5 mg caps: 1 cap ... then 2 caps": the strength carries
    strengths = {carried.unit_strength_mg} if carried.strength_is_carried else set()  # each a step names
    read: list[list[Piece]] = []
    for position, step in enumerate(steps, start=1):
        if not step:
            raise DoseError(f"step {position} of the titration is empty", ErrorCode.NO_DOSE)
        if position < len(steps):
            _check_not_ending_joined(step, position)
        step_context = context
        pieces = first
        if doses:
            _check_not_added(step, position)
            _check_carried_frequency(step, doses[-1].frequency, position, classified=position == len(steps))
            _check_each_said_of_a_step(step, position)
            pieces = make_pieces(counted_units(step, first))
            strengths = _check_one_strength_carried(pieces, context, strengths, position)
            own = _own_units_strength(pieces, context) if len(strengths) > 1 else carried
            step_context = _carry_frequency(own if own.strength_is_carried else carried, doses[-1].frequency)
        if doses and not has_an_amount(pieces):
            # "1/2 tab daily x 7 days, then twice daily": the amount before, carried (then "increase
            # nightly", "3 mg a day … then bid" read wrongly), or one unit of the product (100 mg of
            # 50 mg tablets, once)? Three attacks found each way wrong: the step must say it.
            check_own_amount(pieces, step, f"step {position} of the titration")
        elif not doses and context.unit_strength_mg is not None:
            check_own_amount(pieces, step, "the first step of the titration")  # never one unit of the product
        read.append(pieces)
        step_doses = read_doses(pieces, step_context)
        if len(step_doses) != 1:
            raise DoseError(
                f"step {position} of the titration is a range: give one dose per step", ErrorCode.UNSUPPORTED_FORM
            )
        step_doses[0].text = " ".join(item.text for item in step)
        step_doses[0].duration_days = _step_days(step)
        doses.extend(step_doses)
    if len(strengths) > 1:
        _check_no_bare_bracket_after_units(read)
    if carried.volume_before is not None:
        check_one_liquid(read, "step")
    return doses


def _check_no_bare_bracket_after_units(steps: list[list[Piece]]) -> None:
    """ "1 tab (3 mg) x 2 weeks, then 2 tabs (3 mg) x 2 weeks, then 1 tab (1.5 mg)": with steps
    of two strengths, "2 tabs (3 mg)" is two of 3 mg or two that make 3 mg: which? (Read as the
    first, 6 mg, once a later step could take its own strength.)"""
    for pieces in steps:
        counts = [p for p in pieces if isinstance(p, Count) and p.value != 1]
        bare = [p for p in pieces if isinstance(p, Stated) and p.role == "bare"]
        if counts and bare:  # "2 caps daily (50 mg)" too: the bracket need not follow the count
            raise DoseError(
                f"'{counts[0].text}' and {bare[0].text} in a titration of two strengths: {bare[0].text} each, "
                "or in all? Write '(N mg total)' or '(N mg each)'",
                ErrorCode.AMBIGUOUS_STRENGTH,
            )


def _own_units_strength(pieces: list[Piece], context: DoseContext) -> DoseContext:
    """ "1 tablet (25 mg total) … then 1 tablet (50 mg total)", as Epic writes a titration of two
    strengths: a step of one unit that gives its strength takes it, never the first step's. With
    more units ("then 2 tablets (2.5 mg total)") a strength unlike the first's is refused: which?"""
    counts = [p for p in pieces if isinstance(p, Count)]
    if len(counts) != 1 or counts[0].value != 1:
        return context
    return carried_context(pieces, context)


def _check_not_ending_joined(step: list[grammar.Item], position: int) -> None:
    """ "4.5 mg at night plus, then 1 mg in the morning": a step that ends with "and" or "plus"
    joins what follows it to its own day, or is a step before the next?"""
    said = [item for item in step if not _is_comma(item)]
    if said and grammar.adds_or_offers(said[-1]):
        raise DoseError(
            f"step {position} of the titration ends with '{said[-1].text}': a dose added to it, or the next step?",
            ErrorCode.AMBIGUOUS_DOSE,
        )


def _check_not_added(step: list[grammar.Item], position: int) -> None:
    """ "4.5 mg nightly x 7 days, then plus in the morning": a dose added to the one before, or
    moved? A step is what follows; one with "and", "plus" ("then, plus …", "thereafter, and …",
    "then RF x5 plus …") or "or" ("then or 50 mg daily": another choice) before its amount is refused."""
    for item in step:  # up to the step's amount: "then RF x5 plus 50 mg", "then (hold …) plus …"
        if isinstance(item, Number) or (isinstance(item, Word) and item.role == "count"):
            return
        if grammar.adds_or_offers(item):
            raise DoseError(
                f"step {position} of the titration starts with '{item.text}': a dose added to the one "
                "before, another choice, or instead of it? Write the whole day's dose",
                ErrorCode.AMBIGUOUS_DOSE,
            )


def _check_each_said_of_a_step(step: list[grammar.Item], position: int) -> None:
    """ "1.5 mg qam x 1 week, 1.5 mg qhs x 1 week, then increase each to 3 mg (daily)": "each" in a
    later step (or "per dose", with no frequency of its own) points back at doses before; which?"""
    timed = any(isinstance(item, FrequencyWord) for item in step)  # "then 3 mg per dose bid" says it
    each = next(
        (i for i in step if isinstance(i, Word) and i.role == "qualifier" and (i.text == "each" or not timed)), None
    )
    if each is not None:
        raise DoseError(
            f"'{each.text}' in step {position} of the titration, with no frequency of its own: each of which "
            "doses? Write the step's whole dose and how often",
            ErrorCode.AMBIGUOUS_DOSE,
        )


def _check_one_strength_carried(
    pieces: list[Piece], context: DoseContext, strengths: set[Fraction | None], position: int
) -> set[Fraction | None]:
    """ "1 tab of 50 mg x 1 week, 1 tab of 100 mg x 1 week, then 1/2 tab": steps that name two
    strengths, then one that counts units alone: of which? (The first step's strength was taken.)
    Gives the strengths named so far."""
    if not any(isinstance(p, Count) or (isinstance(p, Word) and p.role == "form") for p in pieces):
        return strengths  # "3 mg qhs": no unit counted or named (most steps: the look is cheap)
    own = carried_context(pieces, context)
    if own.strength_is_carried:
        return strengths | {own.unit_strength_mg}
    for mass, after in pairwise(pieces):  # "then 100 mg tab x 1 week": a strength named with its form
        if (
            isinstance(mass, Measure)
            and mass.quantity.check("[mass]")
            and isinstance(after, Word)
            and after.role == "form"
        ):
            strengths = strengths | {Fraction(mass.quantity.to("milligram").magnitude)}
    counts = any(isinstance(piece, Count) for piece in pieces)
    if counts and len(strengths) > 1 and own.unit_strength_mg is None:
        named = ", ".join(f"{format_mg(mg)} mg" for mg in sorted(s for s in strengths if s is not None))
        raise DoseError(
            f"step {position} counts units, and the steps before name more than one strength ({named}): of which?",
            ErrorCode.AMBIGUOUS_STRENGTH,
        )
    return strengths


def _check_carried_frequency(
    step: list[grammar.Item], before: FrequencyWord, position: int, classified: bool = True
) -> None:
    """A step with no frequency takes the step before's ("1.5 mg qhs x 7 days, then 3 mg"), but not
    one less often than daily ("100 mg qw, then 25 mg": weekly, or daily now?), nor more often
    ("2.25 mg bid x 2 weeks, then 4.5 mg": 4.5 mg twice, 9 a day, or 4.5 mg a day now?) in the step
    that is classified (``classified``; a middle one's takes it, its assumption said), nor when the
    step says "on", which UK sigs write for every night (omni nocte) and is read as a filler word."""
    if any(isinstance(item, FrequencyWord) for item in step):
        return
    says_on = any(isinstance(item, Word) and item.text == "on" for item in step)  # "4.5 mg on (for pain)"
    more_often = classified and before.period_hours < HOURS_PER_DAY * before.times
    if how_long.less_often_than_daily(before) or more_often or says_on:
        raise DoseError(
            f"step {position} of the titration has no frequency of its own, and '{before.text}' may not "
            "carry over: write how often",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )


def _carry_frequency(context: DoseContext, frequency: FrequencyWord) -> DoseContext:
    """The step before's frequency, and everything else the context holds (the product's strength
    and form, a carried strength): a later step is checked as the first is."""
    return context._replace(default_frequency=frequency, default_is_carried=True, later_part=True)


def _may_change(items: list[grammar.Item], route: str, context: DoseContext) -> Reading:
    """ "1.5 mg qhs, may increase to 4.5 mg as tolerated", "4.5 mg qhs; may reduce to 3 mg if side
    effects": the dose now and the most it may reach or the least it may fall to, one range
    classified on both ends (whether it changes is not known); the other dose takes the
    frequency of the first when it gives none, as a titration's step does."""
    at = [i for i, item in enumerate(items) if means(item, "may increase", "may increase by", "may decrease")]
    said = "may increase to" if at and means(items[at[0]], "may increase", "may increase by") else "may reduce to"
    if len(at) != 1 or at[0] == 0:
        raise DoseError(f"'{said}' needs one dose before it and one after", ErrorCode.UNSUPPORTED_FORM)
    now = _read_form(items[: at[0]], route, context)
    if now.form != "single" or now.prn:
        raise DoseError(f"'{said}' is read after one dose", ErrorCode.UNSUPPORTED_FORM)
    (dose,) = now.doses
    # "1 cap (1.5 mg) qhs, may increase by 1 cap weekly to 3 caps": the units keep their strength
    carried = _carry_frequency(carried_context(make_pieces(items[: at[0]]), context), dose.frequency)
    later = items[at[0] + 1 :]
    if means(items[at[0]], "may increase by"):
        later = _after_the_step(later, carried)
    if rises := said == "may increase to":  # "may increase to max 4.5 mg"
        later = _the_most_said(later, items[: at[0]])
    _check_carried_frequency(later, dose.frequency, 2)
    other = _read_form(later, route, carried)
    if (
        other.form != "single"
        or other.prn
        or (
            other.doses[0].daily_dose_mg <= dose.daily_dose_mg
            if rises
            else other.doses[0].daily_dose_mg >= dose.daily_dose_mg
        )
    ):
        example = "'1.5 mg qhs, may increase to 4.5 mg qhs'" if rises else "'4.5 mg qhs, may reduce to 3 mg qhs'"
        raise DoseError(
            f"'{said}' needs one {'higher' if rises else 'lower'} dose after it, e.g. {example}",
            ErrorCode.UNSUPPORTED_FORM,
        )
    ends = [dose, other.doses[0]] if rises else [other.doses[0], dose]
    reading = Reading("range", route, ends, warnings=now.warnings + other.warnings)
    reach = "the most it may reach" if rises else "the least it may fall to"
    reading.notes.append(f"'{said}': classified on both the dose now and {reach}")
    return reading


def _after_the_step(items: list[grammar.Item], step_context: DoseContext) -> list[grammar.Item]:
    """ "by 1.5 mg weekly (as tolerated) to 4.5 mg": the step read as an escalation's is (one amount,
    how often it rises), and what follows "to"; the rise is classified on both ends, as "may
    increase to" is, so the steps between are not needed."""
    at_target = next((i for i, item in enumerate(items) if means(item, "to", "up to")), None)
    if at_target is None:
        raise DoseError("'may increase by' needs the most it may reach: '... to 4.5 mg'", ErrorCode.UNSUPPORTED_FORM)
    step_mg, _ = _increment(make_pieces(items[:at_target]), step_context)
    if step_mg <= 0:
        raise DoseError("an increasing dose must go up by a step above zero", ErrorCode.UNSUPPORTED_FORM)
    return items[at_target + 1 :]


def _escalation(items: list[grammar.Item], context: DoseContext) -> list[Dose]:
    """ "start 0.5 mg nightly, increase by 0.5 mg weekly to 4.5 mg" → 0.5, 1, …, 4.5 mg nightly."""
    at_increase = next(i for i, item in enumerate(items) if means(item, "increase"))
    at_target = next((i for i, item in enumerate(items) if i > at_increase and means(item, "to", "up to")), None)
    if at_target is None:
        raise DoseError("an increasing dose needs its target: '... to 4.5 mg'", ErrorCode.UNSUPPORTED_FORM)
    start_items = [item for item in items[:at_increase] if not means(item, "start")]
    (start,) = _one_dose(start_items, context, "the starting dose")
    step_context = _carry_frequency(carried_context(make_pieces(start_items), context), start.frequency)
    step_mg, every_days = _increment(make_pieces(items[at_increase + 1 : at_target]), step_context)
    target_context = step_context._replace(default_is_carried=False)
    _check_carried_frequency(items[at_target + 1 :], start.frequency, 2)  # "1.5 mg bid, increase … to 4.5 mg"
    (target,) = _one_dose(items[at_target + 1 :], target_context, "the target dose")
    if step_mg <= 0 or target.dose_mg <= start.dose_mg:
        raise DoseError("an increasing dose must go up from the start to the target", ErrorCode.UNSUPPORTED_FORM)
    if (target.dose_mg - start.dose_mg) / step_mg > MAX_STEPS:
        raise DoseError(f"more than {MAX_STEPS} steps from start to target", ErrorCode.TOO_MANY_STEPS)
    start.duration_days = _step_days(start_items) or every_days
    doses = [start]
    amount_mg = start.dose_mg + step_mg
    while amount_mg < target.dose_mg:
        step = with_amount(start, quantity(amount_mg, "milligram"), [])
        step.duration_days = every_days
        doses.append(step)
        amount_mg += step_mg
    doses.append(target)  # the target keeps its own frequency ("... to 50 mg qod")
    # "1.5 mg bid, increase by 1.5 mg weekly to 4.5 mg/day": 3 mg bid on the way, then once a day?
    once_then_more = per_day(target.frequency) == 1 and per_day(start.frequency) > 1
    passed = next((d for d in doses[:-1] if d.daily_dose_mg > target.daily_dose_mg), None) if once_then_more else None
    if passed is not None:
        raise DoseError(
            f"a step on the way ({format_mg(passed.daily_dose_mg)} mg/day) is above the target "
            f"({format_mg(target.daily_dose_mg)} mg/day): per dose, or per day?",
            ErrorCode.AMBIGUOUS_DOSE,
        )
    return doses


def _increment(pieces: list[Piece], context: DoseContext) -> tuple[Fraction, Fraction | None]:
    """ "by 0.5 mg weekly", "by 1 capsule every week", "by 0.5 mL weekly": the mg added (a count or
    a volume read as a dose of the product is), and how often (each step's days), nothing else."""
    amounts = [p for p in pieces if isinstance(p, (Measure, Count))]
    if len(amounts) != 1:
        raise DoseError("an increasing dose needs one increment: 'increase by 0.5 mg'", ErrorCode.UNSUPPORTED_FORM)
    (amount,) = amounts
    if isinstance(amount, Count) and amount.bare:
        raise DoseError(  # "3 mg nightly, increase by 1 weekly": 1 mg, or 1 capsule?
            f"'increase by {amount.text}': by what? Write its unit ('by 1 capsule', 'by 1.5 mg')",
            ErrorCode.NO_UNIT,
        )
    for piece in pieces:
        if isinstance(piece, FrequencyWord) and (piece.time_of_day or per_day(piece) > 1):
            raise DoseError(  # "increase by 1 cap twice daily": how often it rises, or how often taken?
                f"'{piece.text}' in the increment: how often the dose rises, or how often it is taken? "
                "Write the new dose's frequency after its target ('... to 3 caps twice daily')",
                ErrorCode.AMBIGUOUS_FREQUENCY,
            )
        if piece is amount or isinstance(piece, FrequencyWord) or means(piece, "by"):
            continue
        if isinstance(piece, Word) and piece.role in ("filler", "form", "context"):
            continue
        raise DoseError(
            f"'{piece.text}' in the increment is not read: write 'increase by 0.5 mg weekly'",
            ErrorCode.UNSUPPORTED_FORM,
        )
    cadences = [p for p in pieces if isinstance(p, FrequencyWord) and p.high is None and not p.time_of_day]
    every_days = cadences[0].period_hours / cadences[0].times / HOURS_PER_DAY if len(cadences) == 1 else None
    if isinstance(amount, Measure) and amount.quantity.check("[mass]"):
        return Fraction(amount.quantity.to("milligram").magnitude), every_days
    step = read_doses([amount], context)  # "1 capsule" of 1.5 mg, "0.5 mL" of 1 mg/mL
    return step[0].dose_mg, every_days


def _one_dose(items: list[grammar.Item], context: DoseContext, what: str) -> list[Dose]:
    doses = read_doses(make_pieces(items), context)
    if len(doses) != 1:
        raise DoseError(f"{what} is a range: give one dose", ErrorCode.UNSUPPORTED_FORM)
    return doses


def _weekly(items: list[grammar.Item], route: str, context: DoseContext) -> Reading:
    """ "50 mg Mon-Fri and 100 mg Sat", "2 x 50 mg tablets Mon-Fri": each amount, read as any
    dose is (counts, strengths), takes the days written next to it."""
    taken: dict[int, Fraction] = {}
    doses: list[Dose] = []
    groups = _weekday_groups(make_pieces(items))
    carried = carried_context(groups[0][0], context)  # "50 mg tablets: 1 tablet Mon-Fri, 2 tablets Sat"
    for position, (amount_pieces, days) in enumerate(groups):
        overlap = taken.keys() & days
        if overlap:
            raise DoseError(f"{WEEKDAYS[min(overlap)]} has two doses", ErrorCode.CONFLICTING_FREQUENCY)
        per_week = FrequencyWord(Fraction(len(days)), 7 * HOURS_PER_DAY, _days_text(days))
        group_doses = read_doses([*amount_pieces, per_week], context if position == 0 else carried)
        if len(group_doses) != 1:
            raise DoseError(
                "a range in a weekday schedule is not read: give one dose per day", ErrorCode.UNSUPPORTED_FORM
            )
        (dose,) = group_doses
        doses.append(dose)
        taken.update(dict.fromkeys(days, dose.dose_mg))
    weekly_mg = {WEEKDAYS[day]: taken[day] for day in sorted(taken)}
    return Reading("weekly", route, doses, weekly_mg=weekly_mg)


_AMOUNT_PIECES = (Measure, Range, Count, Stated)
_EACH_WEEK = frozenset({"every week", "each week"})  # after the days; not "weekly", which may be once a week


def _weekday_groups(pieces: list[Piece]) -> list[tuple[list[Piece], frozenset[int]]]:
    """Cut the schedule into (amount, days) groups: days follow their amount, unless the text
    starts with days. The amount is every other piece of its group ("1/4 tab of 50 mg qhs")."""
    first = next((p for p in pieces if isinstance(p, _AMOUNT_PIECES) or grammar.is_weekday(p)), None)
    days_first = grammar.is_weekday(first)
    groups: list[tuple[list[Piece], set[int]]] = [([], set())]
    per_week: list[FrequencyWord] = []
    previous: Piece | None = None
    dash = False
    spanned: set[int] | None = None  # the days of the span the day before ended ("Mon-Wed")
    indication: Word | None = None  # what the dose is for, with no amount or frequency since
    for position, piece in enumerate(pieces):
        amount, days = groups[-1]
        # "mon up to fri" (a span, or a maximum?), "mon to the fri": the day a span runs to, and only that
        spans = isinstance(previous, Word) and grammar.is_weekday(previous) and (dash or means(piece, "up to"))
        if spans and not grammar.is_weekday(piece):
            assert isinstance(previous, Word)
            raise DoseError(f"'{previous.text} … {piece.text}': to which day?", ErrorCode.AMBIGUOUS_DOSE)
        if isinstance(piece, Word) and piece.role == "context" and piece.value == "indication":
            indication = piece
        elif isinstance(piece, (*_AMOUNT_PIECES, FrequencyWord)):
            indication = None
        if grammar.is_weekday(piece):
            assert isinstance(piece, Word) and isinstance(piece.value, frozenset)
            if indication is not None:
                raise DoseError(  # "50 mg daily for binge drinking(, carry wallet card,) weekends"
                    f"'{indication.text} … {piece.text}': the days the dose is taken, or part of what it is "
                    "for? Write the days before what it is for",
                    ErrorCode.AMBIGUOUS_DOSE,
                )
            if days_first and any(isinstance(p, _AMOUNT_PIECES) for p in amount):
                groups.append(([], set()))
                amount, days = groups[-1]
            new_days = set(piece.value)
            link: set[int] | None = None
            if dash and grammar.is_weekday(previous) and len(new_days) == 1:
                assert isinstance(previous, Word) and isinstance(previous.value, frozenset)
                link = new_days = _days_from(max(previous.value), min(new_days))
                _check_not_a_chain(spanned, link, previous, piece)
            days.update(new_days)
            previous, dash, spanned = piece, False, link
            continue
        if grammar.is_weekday(previous) and (
            means(piece, "to", "through") or (isinstance(piece, Symbol) and piece.text == "-")
        ):
            dash = True
            continue
        if (
            grammar.is_weekday(previous)
            and isinstance(piece, Symbol)
            and piece.text == "/"
            and grammar.is_weekday(_at(pieces, position + 1))
        ):
            continue  # "sat/sun", "mon/wed/fri": a list, as "and" joins it
        if _is_once_a_day(piece):
            continue  # "once daily Mon-Fri": once on each of those days
        if isinstance(piece, FrequencyWord) and piece.text in _EACH_WEEK and grammar.is_weekday(previous):
            continue  # "on Mon, Wed and Fri each week": those days, every week
        if isinstance(piece, FrequencyWord) and _is_times_a_week(piece):
            per_week.append(piece)  # "three times a week on Mon, Wed, Fri": checked against the days
            continue
        if isinstance(piece, FrequencyWord) and not piece.time_of_day:
            raise DoseError(f"'{piece.text}' conflicts with the weekdays given", ErrorCode.CONFLICTING_FREQUENCY)
        if not days_first and days and isinstance(piece, _AMOUNT_PIECES):
            groups.append(([], set()))
            amount, days = groups[-1]
        amount.append(piece)
        previous = piece
    if any(not days or not any(isinstance(p, _AMOUNT_PIECES) for p in amount) for amount, days in groups):
        raise DoseError("each amount of a weekday schedule needs its days", ErrorCode.UNSUPPORTED_FORM)
    for frequency in per_week:
        if len(groups) != 1 or frequency.times != len(groups[0][1]):
            raise DoseError(f"'{frequency.text}' does not fit the weekdays given", ErrorCode.CONFLICTING_FREQUENCY)
    return [(amount, frozenset(days)) for amount, days in groups]


def _check_not_a_chain(spanned: set[int] | None, link: set[int], previous: Word, day: Word) -> None:
    """ "Mon-Wed-Fri", "Mon to Wed to Fri": a span has two ends, so a chain of days is a list
    written with dashes (three days), or spans run together (read so: Monday to Friday). Refused,
    unless both say the same days: each link joins a day and the next ("Sat-Sun-Mon")."""
    if spanned is not None and (len(spanned) > 2 or len(link) > 2):
        raise DoseError(
            f"'{previous.text}' … '{day.text}': days chained with dashes or 'to' are a list, or a span? "
            f"Write them with commas ('{previous.text}, {day.text}') or as one span ('Mon to Fri')",
            ErrorCode.AMBIGUOUS_FREQUENCY,
        )


def _days_from(first: int, last: int) -> set[int]:
    """ "Mon-Fri", and round the week's end: "Fri to Mon" is Fri, Sat, Sun, Mon, and a week that
    starts on Sunday, as US calendars do, writes "Sun-Thu" (0 is Monday)."""
    if first <= last:
        return set(range(first, last + 1))
    return set(range(first, 7)) | set(range(last + 1))


def _is_times_a_week(piece: object) -> bool:
    return (
        isinstance(piece, FrequencyWord)
        and not piece.time_of_day
        and piece.high is None
        and piece.period_hours == 7 * HOURS_PER_DAY
    )


def _is_once_a_day(piece: object) -> bool:
    return (
        isinstance(piece, FrequencyWord)
        and not piece.time_of_day
        and piece.high is None
        and piece.times * HOURS_PER_DAY == piece.period_hours
    )


def _days_text(days: frozenset[int]) -> str:
    return ", ".join(WEEKDAYS[day] for day in sorted(days))
