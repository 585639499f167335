"""Product codes in a record's product field: an RxNorm RxCUI (``1483744``) or an NDC
(``65757-0300-01``, ``65757-300-01``, ``65757030001``), looked up in the data file's
``product_codes``. A code is never guessed at: one the data does not list, or an NDC whose
segments cannot be told (ten digits with no hyphens), is ``unknown-product``.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from ldnclass.display import format_mg
from ldnclass.errors import DoseError, ErrorCode
from ldnclass.patterns import LazyPattern
from ldnclass.reading import ProductFacts, read_product
from ldnclass.regimens import ProductCode, Regimens

RXNORM_SYSTEM = "http://www.nlm.nih.gov/research/umls/rxnorm"
NDC_SYSTEM = "http://hl7.org/fhir/sid/ndc"
_CODE = LazyPattern(r"(?:(?P<system>rxcui|rxnorm|ndc)\s*[:#]?\s*)?(?P<code>[0-9][0-9-]*)", re.IGNORECASE | re.ASCII)
_NDC_SEGMENTS = LazyPattern(r"([0-9]{4,5})-([0-9]{3,4})-([0-9]{1,2})", re.ASCII)
MAX_RXCUI_DIGITS = 9
# A product field repeats across an export's rows while the sigs differ: read each text once.
_read_product = lru_cache(maxsize=4096)(read_product)


def looks_like_code(text: str) -> bool:
    """True for a product field that is a code rather than a text: digits and hyphens, maybe
    after ``RxCUI``, ``RxNorm`` or ``NDC``."""
    return _CODE.fullmatch(text.strip()) is not None


def product_facts(text: str, data: Regimens) -> tuple[ProductFacts, ProductCode | None]:
    """The facts of a product field (and the data's entry when it is a code): from the data
    file for a code, else read from its text."""
    return code_facts(text, data) if looks_like_code(text) else (_read_product(text), None)


def code_facts(text: str, data: Regimens) -> tuple[ProductFacts, ProductCode]:
    """The facts the data file gives for a code, or ``unknown-product``."""
    found = _CODE.fullmatch(text.strip())
    if found is None:
        raise DoseError(f"'{text}' is not an RxCUI or an NDC", ErrorCode.UNKNOWN_PRODUCT)
    named = (found["system"] or "").casefold()
    code = found["code"]
    if named in ("rxcui", "rxnorm") or (not named and "-" not in code and len(code) <= MAX_RXCUI_DIGITS):
        if not code.isdigit():
            raise DoseError(f"'{code}' is not an RxCUI (digits only)", ErrorCode.UNKNOWN_PRODUCT)
        return facts_for(lookup("rxnorm", code, data), f"RxCUI {code}")
    ndc = normal_ndc(code)
    return facts_for(lookup("ndc", ndc, data), f"NDC {ndc}")


def coded_facts(system: str, code: str, data: Regimens) -> tuple[ProductFacts, ProductCode]:
    """For a FHIR coding: its system URI and its code."""
    code = code.strip()
    if system == RXNORM_SYSTEM:
        return facts_for(lookup("rxnorm", code, data), f"RxCUI {code}")
    if system == NDC_SYSTEM:
        ndc = normal_ndc(code)
        return facts_for(lookup("ndc", ndc, data), f"NDC {ndc}")
    raise DoseError(f"a code of {system} is not one the regimens data lists", ErrorCode.UNKNOWN_PRODUCT)


def normal_ndc(code: str) -> str:
    """An NDC in its 11-digit 5-4-2 form. A 10-digit NDC is 4-4-2, 5-3-2 or 5-4-1, and its
    hyphens say which: the short segment gets a leading zero. Without hyphens only 11 digits
    can be read; 10 could be any of the three, and are refused rather than guessed."""
    if "-" not in code:
        if len(code) == 11 and code.isdigit():
            return f"{code[:5]}-{code[5:9]}-{code[9:]}"
        if len(code) == 10:
            raise DoseError(
                f"the NDC '{code}' has 10 digits and no hyphens: it could be 4-4-2, 5-3-2 or 5-4-1; "
                "write it with its hyphens or as 11 digits",
                ErrorCode.UNKNOWN_PRODUCT,
            )
        raise DoseError(f"'{code}' is not an NDC (10 or 11 digits)", ErrorCode.UNKNOWN_PRODUCT)
    segments = _NDC_SEGMENTS.fullmatch(code)
    if segments is None or len(code.replace("-", "")) not in (10, 11):
        raise DoseError(f"'{code}' is not an NDC (4-4-2, 5-3-2, 5-4-1 or 5-4-2)", ErrorCode.UNKNOWN_PRODUCT)
    labeler, product, package = segments.groups()
    return f"{labeler.zfill(5)}-{product.zfill(4)}-{package.zfill(2)}"


def lookup(system: str, code: str, data: Regimens) -> ProductCode:
    entry = data.codes.get((system, code))
    if entry is None:
        shown = "RxCUI" if system == "rxnorm" else "NDC"
        raise DoseError(
            f"{shown} {code} is not in the regimens data's product codes: give the product's text "
            "(e.g. 'naltrexone 50 mg tablet') or add the code, with its source, to the data file",
            ErrorCode.UNKNOWN_PRODUCT,
        )
    return entry


def facts_for(entry: ProductCode, shown: str) -> tuple[ProductFacts, ProductCode]:
    facts = ProductFacts(
        text=f"{shown} ({entry.name})",
        strength_mg=Fraction(entry.strength_mg_per_unit),
        product_key=entry.product,
        route=entry.route,
        form=entry.form,
    )
    return facts, entry


def code_note(facts: ProductFacts, entry: ProductCode) -> str:
    """What a code was read as, and on whose word."""
    strength = format_mg(Fraction(entry.strength_mg_per_unit))
    return f"product {facts.text}: {strength} mg per {entry.form}, {entry.route} (source: {entry.sources[0].citation})"
