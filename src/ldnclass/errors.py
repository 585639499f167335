"""One exception hierarchy with stable codes, and the process exit codes they map to.

Codes are part of the public contract (JSON ``error.code``, CSV ``ldn_error_code``):
never rename one; add new ones instead.
"""

from __future__ import annotations

from enum import Enum, IntEnum


class ErrorCode(str, Enum):
    """Every error code ldnclass gives, with what it means: the only place a code is named.

    A code's value is its stable name in JSON (``error.code``) and CSV (``ldn_error_code``); its
    description is what the README's error table says (a test checks the two against each other).
    """

    description: str

    def __new__(cls, code: str, description: str) -> ErrorCode:
        member = str.__new__(cls, code)
        member._value_ = code
        member.description = description
        return member

    def __str__(self) -> str:
        return str(self.value)

    # The text itself
    EMPTY = ("empty", "is empty or blank")
    TOO_LONG = ("too-long", "is over 200 characters (a line of a file: over the line limit)")
    BAD_CHARACTER = (
        "bad-character",
        "has a character no dose needs (quotes, `=`, control characters such as `\\x0b` or U+2028), or a letter"
        " that only looks like one (Greek capital Mu `Μ`, the Kelvin sign): outside ASCII only µ/μ, ½ ¼ ¾ ⅓ ⅔ ⅛, →,"
        " ×, dashes, typographic apostrophes and Spanish's accented letters are read; only the micro sign and small"
        " mu mean micro",
    )
    UNKNOWN_WORD = ("unknown-word", "has a word or unit it does not know; the message names it")
    OTHER_DRUG = ("other-drug", "names another drug (naloxone, nalmefene, buprenorphine, opioids …)")
    # Numbers and amounts
    NO_UNIT = ("no-unit", "has a number with no unit (`4.5`): a unit is never assumed")
    NOT_A_MASS = ("not-a-mass", "has a quantity that is not a mass (`4.5 mmol`, `units`)")
    ZERO_DOSE = ("zero-dose", "has a dose of zero, or its product a strength of zero")
    NEGATIVE_DOSE = (
        "negative-dose",
        "has a dose below zero (a minus sign stands apart from the word before it: `LDN-4.5mg qhs` is "
        "the label `LDN` joined to its dose, 4.5 mg)",
    )
    NOT_FINITE = ("not-finite", "has `inf` or `nan` as a dose")
    IMPLAUSIBLE = (
        "implausible",
        "comes to over the data file's limit, has a number too long for a dose, or too many units in one dose",
    )
    AMBIGUOUS_NUMBER = (
        "ambiguous-number",
        "has a number that can be read two ways (`4,500`, `1.2.3`, `1/0`, `2 refills 3`)",
    )
    RANGE_BACKWARDS = ("range-backwards", "has a range that goes from high to low (`4.5-1.5 mg`)")
    RANGE_MIXED_UNITS = ("range-mixed-units", "has a range whose ends are in two units (`1 mg - 500 mcg`)")
    STRAY_NUMBER = ("stray-number", "has a number that belongs to nothing (`4.5 mg 2`)")
    MULTIPLE_AMOUNTS = ("multiple-amounts", "has more than one dose amount, or more than one range")
    NO_DOSE = ("no-dose", "has no dose amount at all")
    NO_STRENGTH = ("no-strength", "counts tablets but gives no strength (`2 tabs qhs`)")
    AMBIGUOUS_STRENGTH = (
        "ambiguous-strength",
        "has a bare `(N mg)` after a count other than 1 that could be the total or each unit's strength",
    )
    AMBIGUOUS_COUNT = (
        "ambiguous-count",
        "has a small count after the dose and its frequency: a dose count or the quantity dispensed?",
    )
    AMBIGUOUS_DOSE = ("ambiguous-dose", "is a note with an earlier and a later dose that does not say which is current")
    CONFLICTING_AMOUNTS = (
        "conflicting-amounts",
        "has a stated total, strength or restatement that disagrees with the dose",
    )
    VOLUME_WITHOUT_CONCENTRATION = ("volume-without-concentration", "has a volume but no mg/mL")
    CONCENTRATION_WITHOUT_VOLUME = ("concentration-without-volume", "has a mg/mL but no volume")
    # How often
    CONFLICTING_FREQUENCY = ("conflicting-frequency", "has two frequencies or times of day that disagree (`bid qhs`)")
    BAD_FREQUENCY = ("bad-frequency", "has a frequency with a zero count (`every 0 days`)")
    AMBIGUOUS_FREQUENCY = (
        "ambiguous-frequency",
        "has a frequency that could mean two things (`monthly` for an oral dose, `with meals` alone, `50 mg 3 days`)",
    )
    # The whole reading
    RANGE_SPANS_BANDS = ("range-spans-bands", "is a range whose ends fall in different bands")
    TOO_MANY_STEPS = ("too-many-steps", "is an escalation of more than 60 steps")
    UNSUPPORTED_FORM = (
        "unsupported-form",
        "has a shape not read yet, or one no product has (a daily injection, an oral ER tablet other than Contrave)",
    )
    NEEDS_WEIGHT = ("needs-weight", "is per kg of body weight, with no weight given")
    BAD_WEIGHT = ("bad-weight", "gives a body weight that is not a plain number of kg from 0.5 to 500")
    CONFLICTING_WEIGHT = ("conflicting-weight", "gives two different body weights")
    ROUTE_MISMATCH = ("route-mismatch", "has routes that disagree (`Vivitrol … PO`), or an unknown route")
    CONFLICTING_PRODUCT = ("conflicting-product", "names two products")
    CONFLICTING_SALT = ("conflicting-salt", "names two salts")
    DIRECTIONS_IN_PRODUCT = (
        "directions-in-product",
        "has directions in the product field (a frequency, a count of units, `take`): they belong in the sig",
    )
    UNKNOWN_PRODUCT = (
        "unknown-product",
        "gives a product the data file does not list (an unknown code, or no naltrexone named)",
    )
    BAD_SUPPLY = ("bad-supply", "gives a quantity or days' supply that is not a plain number, or one without the other")
    # Records and runs
    RAGGED_ROW = ("ragged-row", "is a CSV row with more or fewer cells than the header: not read")
    UNREADABLE_RESOURCE = ("unreadable-resource", "is a FHIR line or resource that is not valid JSON or not a resource")
    UNSUPPORTED_RESOURCE = (
        "unsupported-resource",
        "is a FHIR resource other than a MedicationRequest, MedicationDispense or MedicationStatement",
    )
    INTERNAL_ERROR = ("internal-error", "met a bug in ldnclass: please report it")
    # Whole-run errors (not a row's): what the command line prints before it exits
    REGIMENS_FILE = ("regimens-file", "the regimens data file is missing, unreadable or invalid")
    INPUT_FILE = ("input-file", "an input file is missing or cannot be read")
    USAGE = ("usage", "options that do not fit together, or a column that does not exist")
    FILE = ("file", "the operating system refused a file operation")
    UNREADABLE = ("unreadable", "a dose that could not be read (no more precise code)")


_CODES = {member.value: member for member in ErrorCode}


class LdnclassError(ValueError):
    """Base of every error ldnclass raises on purpose."""

    code: ErrorCode = ErrorCode.UNREADABLE
    hint: str | None = None  # what to do, when this error knows better than its family's hint

    def __init__(self, message: str, code: ErrorCode | str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint
        if code is not None:
            self.code = code if isinstance(code, ErrorCode) else _CODES[code]  # an unknown code is a KeyError


class DoseError(LdnclassError):
    """A dose text that cannot be read without doubt. One per dose, never fatal to a batch."""

    code = ErrorCode.UNREADABLE


class RegimensFileError(LdnclassError):
    """The regimens data file is missing, unreadable or invalid."""

    code = ErrorCode.REGIMENS_FILE


class InputFileError(LdnclassError):
    """An input file (batch CSV, say) is missing or cannot be decoded."""

    code = ErrorCode.INPUT_FILE


class UsageError(LdnclassError):
    """Options that do not fit together, or a column that does not exist."""

    code = ErrorCode.USAGE


class ExitCode(IntEnum):
    """The process's exit codes. Which error gives which is the command line's one table,
    ``commands.EXIT_CODES``; the library only names them (scripts compare against them)."""

    OK = 0
    UNCLASSIFIED = 1  # at least one dose could not be classified
    USAGE = 2
    INPUT = 3  # an input or data file problem
    HUNG_UP = 129  # SIGHUP at the prompt (its terminal closed), as shells report it (128 + 1)
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
    TERMINATED = 143  # SIGTERM, as shells report it (128 + 15)
