"""The product field of a prescription record: "naltrexone 50 MG tablet", "NALTREXONE HCL 4.5 MG
CAPSULE", "Vivitrol 380 mg kit", "naltrexone 1 mg/mL oral solution".

A product names what each unit holds (a strength per tablet or capsule, a concentration, a %
for a cream), its dose form, maybe its route and brand. It is read with the same vocabulary as
a dose, but as a product: an amount here is a strength, never a dose. The sig is then read with
these facts (``ReadOptions.product``), so "take 1/2 tablet daily" with "naltrexone 50 mg tablet"
is 25 mg, and an amount written in both must agree.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise
from typing import Any, NamedTuple

from ldnclass.errors import DoseError, ErrorCode
from ldnclass.reading import grammar, lexicon
from ldnclass.reading.grammar import Word
from ldnclass.reading.pieces import MAX_BARE_COUNT, Count, CountRange, Measure, Percent, Stated, make_pieces

MAX_PRODUCT_LENGTH = 200


class ProductFacts(NamedTuple):  # a NamedTuple: defined in ~0.07 ms at start-up, a frozen dataclass ~0.5
    text: str
    strength_mg: Fraction | None = None  # naltrexone per tablet, capsule or injection kit
    concentration: Any = None  # a pint quantity in mass / volume, for a liquid
    percent: Fraction | None = None  # a cream's strength
    product_key: str | None = None  # a brand the regimens data knows: vivitrol, contrave …
    route: str | None = None  # from a route word or the dose form
    form: str | None = None  # the dose-form word as written


NO_ORAL_ER = "naltrexone has no oral extended-release form except Contrave (naltrexone-bupropion): check the product"


def without_a_brand_s_release(items: list[grammar.Item]) -> list[grammar.Item]:
    """Without a bare "ER" or "XR" beside a product's name: every product the vocabulary names is
    extended-release, and there the word says so ("CONTRAVE 8-90 MG PER TABLET ER", "Vivitrol
    ER"), not that extended-release naltrexone, a second product, is meant."""
    bare = [isinstance(i, Word) and i.role == "product" and i.text in lexicon.BARE_RELEASE_WORDS for i in items]
    if not any(bare) or all(bare[n] for n, i in enumerate(items) if isinstance(i, Word) and i.role == "product"):
        return items
    return [item for item, is_bare in zip(items, bare, strict=True) if not is_bare]


def read_product(text: str) -> ProductFacts:
    """The facts a product text states, or a DoseError (code ``unknown-product`` and friends)."""
    if len(text) > MAX_PRODUCT_LENGTH:
        raise DoseError(f"the product text is over {MAX_PRODUCT_LENGTH} characters", ErrorCode.TOO_LONG)
    items = without_a_brand_s_release(_without_pack_count(grammar.tokenize(text)))
    words = [item for item in items if isinstance(item, Word)]
    if not any(word.role in ("drug", "product") for word in words):
        raise DoseError(f"'{text}' does not name naltrexone or a naltrexone product", ErrorCode.UNKNOWN_PRODUCT)
    pieces = make_pieces(items)
    _check_no_directions(text, pieces)
    _check_strength_of_one_unit(text, pieces)
    masses, concentrations, percents = _amounts(pieces)
    if len(masses) + len(concentrations) + len(percents) > 1:
        raise DoseError(f"the product '{text}' gives more than one strength", ErrorCode.MULTIPLE_AMOUNTS)
    if any(m.quantity.magnitude == 0 for m in [*masses, *concentrations]) or any(p.value == 0 for p in percents):
        # every dose of it would be nothing; and a count of it was divided by it (an attack)
        raise DoseError(f"the product '{text}' gives a strength of zero", ErrorCode.ZERO_DOSE)
    products = {str(w.value) for w in words if w.role == "product"}
    if len(products) > 1:
        raise DoseError(
            f"the product names two products ({', '.join(sorted(products))})", ErrorCode.CONFLICTING_PRODUCT
        )
    routes = {str(w.value) for w in words if w.role == "route"}
    forms = [w for w in words if w.role == "form"]
    if products != {"contrave"} and any(form.value == "er" for form in forms):
        raise DoseError(NO_ORAL_ER, ErrorCode.UNSUPPORTED_FORM)  # "naltrexone 50 mg ER tablet", as in a sig
    routes.update("injectable" if form.value == "injection" else "oral" for form in forms)
    if percents:
        routes.add("topical")
    if len(routes) > 1:
        raise DoseError(
            f"the product '{text}' names two routes ({', '.join(sorted(routes))})", ErrorCode.ROUTE_MISMATCH
        )
    return ProductFacts(
        text=text,
        strength_mg=Fraction(masses[0].quantity.to("milligram").magnitude) if masses else None,
        concentration=concentrations[0].quantity if concentrations else None,
        percent=percents[0].value if percents else None,
        product_key=products.pop() if products else None,
        route=routes.pop() if routes else None,
        form=forms[0].text if forms else None,
    )


def _without_pack_count(items: list[grammar.Item]) -> list[grammar.Item]:
    """ "naltrexone 4.5 mg caps (90)", "LDN 4.5mg capsule x 30", "NALTREXONE 50MG TAB 30", "… TABLET
    [30 EA]", "… oral tablet, 30 tablets": a whole number at the very end, after the dose form, is
    how many the pack holds (pharmacy exports write it so), never a strength or a dose: dropped,
    as "#30" is. Anything else after the number (a frequency, another amount) leaves it in place."""
    tail = len(items)
    if tail and isinstance(items[tail - 1], grammar.Symbol) and items[tail - 1].text == ")":
        tail -= 1
    last = items[tail - 1] if tail else None
    if isinstance(last, Word) and (last.role == "form" or last.text == "each"):  # "30 tablets", "30 EA"
        tail -= 1
    count = items[tail - 1] if tail else None
    # a few ("(2 caps)") may be a dose's count, as a bare count in a sig may be (MAX_BARE_COUNT); one
    # is a kit's or a unit's ("Vivitrol 380 mg kit, 1 each")
    if not (isinstance(count, grammar.Number) and count.is_integer_literal):
        return items
    if not (count.value == 1 or count.value > MAX_BARE_COUNT):
        return items
    start = tail - 1
    opener = items[start - 1] if start else None
    if opener is not None and opener.text in _PACK_OPENERS:
        start -= 1
    if (opener is not None and opener.text == "(") != (items[-1].text == ")"):
        return items  # a bracket closed or opened round something else
    form = items[start - 1] if start else None  # right before it: "4.5 mg/3 capsules" is no pack
    if not (isinstance(form, Word) and form.role == "form" and _strength_before(items[: start - 1])):
        return items
    return items[:start]


def without_a_pack_count_before_the_sig(items: list[grammar.Item]) -> tuple[list[grammar.Item], str | None]:
    """ "Naltrexone 50mg tablets x 28, one daily", "naltrexone 50 mg tabs (28), one daily": a product
    line opening the text, then how many the pack holds, then the directions (UK dispensing
    records write one string so). The count is the product's, as at a product field's end: dropped,
    with a note. Only after a strength and its dose form, and only a count no dose could be: over
    a few units when the directions count their own, 28 or more when they do not."""
    form = next((n for n, item in enumerate(items[:5]) if isinstance(item, Word) and item.role == "form"), None)
    if form is None or not _only_a_product_before(items[:form]):
        return items, None
    start = end = form + 1
    opener = items[start] if start < len(items) else None
    if opener is not None and opener.text in _PACK_OPENERS - {","}:
        end += 1
    count = items[end] if end < len(items) else None
    if not (isinstance(count, grammar.Number) and count.is_integer_literal and count.value > MAX_BARE_COUNT):
        return items, None
    end += 1
    if opener is not None and opener.text == "(":
        if not (end < len(items) and items[end].text == ")"):
            return items, None
        end += 1
    following = items[end] if end < len(items) else None
    if following is not None and not (
        isinstance(following, grammar.Number) or (isinstance(following, grammar.Symbol) and following.text == ",")
    ):
        return items, None  # "… tablets x 28 days": how long, read as ever
    own_count = any(isinstance(item, grammar.Number) for item in items[end:])
    if not own_count and count.value < _SURELY_A_PACK:
        return items, None  # "LDN 0.5 mg caps x 9, nightly": nine of them (4.5 mg) a night, or a pack?
    written = " ".join(item.text for item in items[start:end])
    return items[:start] + items[end:], f"'{written}' after the product: how many the pack holds, not a dose"


# With no count in the directions, only a number no dose of units comes near (drops are at most 20)
_SURELY_A_PACK = 28


def _only_a_product_before(items: list[grammar.Item]) -> bool:
    """The drug's names and a strength in mg: "Naltrexone 50mg", "LDN 4.5 mg"."""
    if len(items) < 2 or not (isinstance(items[-2], grammar.Number) and isinstance(items[-1], grammar.UnitWord)):
        return False
    names = items[:-2]
    return items[-1].kind == "mass" and all(isinstance(item, Word) and item.role in ("drug", "salt") for item in names)


def _strength_before(items: list[grammar.Item]) -> bool:
    """A number with a unit ("4.5 mg", "1 mg/mL"): the pack's count then says nothing a strength would."""
    return any(isinstance(item, grammar.UnitWord) and item.kind in ("mass", "volume") for item in items)


_PACK_OPENERS = frozenset({"(", ",", "x", "×"})


def _check_no_directions(text: str, pieces: list[Any]) -> None:
    """ "naltrexone 4.5 mg capsule bid", "…, take 2 capsules at bedtime", "naltrexone 4.5 mg (2 caps)", "… prn":
    how much or how often, in the field that names the product. The sig is read for the dose, so
    these were dropped unseen, though they may say another (twice the sig's, with "bid")."""
    for piece, after in zip(pieces, [*pieces[1:], None], strict=True):
        if isinstance(after, Word) and after.text == "as directed":
            continue  # "(take as directed)": a label's words, no dose
        told = isinstance(piece, (grammar.FrequencyWord, Count, CountRange)) or grammar.means(piece, "take", "prn")
        told = told or (isinstance(piece, Word) and (piece.role == "weekday" or piece.text in lexicon.EACH_MEAL))
        if told and not (isinstance(piece, Count) and piece.value == 1 and not piece.bare):
            raise DoseError(
                f"the product '{text}' holds directions ('{piece.text}'): give them in the sig, and the product alone",
                ErrorCode.DIRECTIONS_IN_PRODUCT,
            )


def _check_strength_of_one_unit(text: str, pieces: list[Any]) -> None:
    """ "naltrexone 4.5 mg/3 tablets", "1 mg/2 drops": a strength over several units, which was read
    as each one's (three times the dose). A pack's count ("50 mg tablets, 30 tablets") says nothing
    of the strength and stays."""
    for piece in pieces:  # "naltrexone 4.5 mg (2 caps)": in two, or each?
        units = piece.units if isinstance(piece, Stated) else None
        if units is not None and units.value != 1:
            raise DoseError(
                f"the product '{text}' gives its strength with '{units.text}': give the strength of one unit",
                ErrorCode.AMBIGUOUS_STRENGTH,
            )
    for before, piece in pairwise(pieces):
        over = before.text in _OVER and isinstance(before, (grammar.Symbol, grammar.Word))
        if over and isinstance(piece, (Count, CountRange)) and not (isinstance(piece, Count) and piece.value == 1):
            raise DoseError(
                f"the product '{text}' gives its strength over '{piece.text}': give the strength of one unit",
                ErrorCode.AMBIGUOUS_STRENGTH,
            )


_OVER = frozenset({"/", "per", "for", "in"})  # "4.5 mg per 3 capsules", "… in 3 capsules"


# A liquid's dose is a few mL (4.5 mg of a 0.5 mg/mL solution is 9 mL); its bottle, 30 to 240 mL
BOTTLE_MIN_ML = 15


def _is_the_bottles(volume: Measure, pieces: list[Any]) -> bool:
    """ "naltrexone 1 mg/mL oral solution, 120 mL", "… (150 ml)": a volume after the concentration, at
    the end, too large for a dose, is the bottle's, and dropped as a pack's count is. Not "…, 4.5 mL
    per dose", "…, 4.5 mL" (a dose's, which the sig gives: refused, as any volume was)."""
    if not volume.quantity.check("[volume]") or volume.quantity.to("milliliter").magnitude < BOTTLE_MIN_ML:
        return False
    at = next(position for position, piece in enumerate(pieces) if piece is volume)  # itself, not an equal one
    before, after = pieces[at - 1], pieces[at + 1 :]  # a concentration came first: at > 0
    return _names_the_liquid(before) and all(
        _names_the_liquid(piece) and not isinstance(piece, Measure) for piece in after
    )


def _names_the_liquid(piece: Any) -> bool:
    """The concentration, "oral solution", "(", … around a bottle's volume; not "dose 30 mL", "sig 30 mL"."""
    if isinstance(piece, (Measure, grammar.Symbol)):
        return True
    return (
        isinstance(piece, Word) and piece.role in ("form", "route", "filler") and piece.text not in lexicon.DOSE_LABELS
    )


def _amounts(pieces: list[Any]) -> tuple[list[Measure], list[Measure], list[Percent]]:
    masses: list[Measure] = []
    concentrations: list[Measure] = []
    percents = [p for p in pieces if isinstance(p, Percent)]
    for piece in pieces:
        measure = piece.measure if isinstance(piece, Stated) else piece
        if not isinstance(measure, Measure):
            continue
        if measure.quantity.check("[mass]"):
            masses.append(measure)
        elif measure.quantity.check("[mass] / [volume]"):
            concentrations.append(measure)
        elif concentrations and measure is piece and _is_the_bottles(measure, pieces):
            continue
        else:
            raise DoseError(f"'{measure.text}' is not a strength: write mg, mg/mL or %", ErrorCode.NOT_A_MASS)
    return masses, concentrations, percents
