"""The result object: what scripts rely on. Its keys keep their meaning; new keys may be added."""

from __future__ import annotations

from dataclasses import MISSING, dataclass
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class ResultError:
    """Why a text was not classified: a stable code (``errors.ErrorCode``) and a message for people."""

    code: str
    message: str


@dataclass(frozen=True)
class Result:
    """One text's answer. ``to_dict`` is the JSON object; the CSV columns and the views read the same fields."""

    input: str
    ok: bool
    dose_class: str | None = None  # "LDN" | "HDN" | "out-of-range"; serialized as "class"
    band: str | None = None
    regimen: str | None = None
    route: str | None = None  # "oral" | "injectable" | "topical"
    dose_mg: Fraction | None = None  # per administration
    doses_per_day: Fraction | None = None
    daily_dose_mg: Fraction | None = None
    daily_dose_mg_min: Fraction | None = None  # the low end of a range
    weight_kg: Fraction | None = None  # the body weight a per-kg dose used
    steps: tuple[Result, ...] = ()  # a titration's steps, in order
    duration_days: Fraction | None = None  # a titration step's written duration ("x 7 days")
    prn: bool = False  # "as needed": classified on the written maximum per day, else on one dose
    assumptions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    arithmetic: tuple[str, ...] = ()
    error: ResultError | None = None
    regimens_file: str | None = None  # set only when a site's own file was used
    # "labeled" | "off-label" | "outside-label" | "not-applicable", from the data file
    label_status: str | None = None
    label_summary: str | None = None  # the headline's words for it, e.g. "labeled (50 mg daily)"
    # quantity × strength ÷ days' supply, for an oral product when both are given
    supply_daily_dose_mg: Fraction | None = None

    def replace(self, **changes: Any) -> Result:
        """This result with ``changes``, as ``dataclasses.replace`` makes it, at a sixth of its
        cost: that re-runs the frozen 24-field ``__init__`` (3.6 µs), and a dose text makes three
        or four results on its way (a distinct text's budget is 130 µs)."""
        unknown = changes.keys() - _FIELD_NAMES
        if unknown:
            raise TypeError(f"Result has no field {', '.join(sorted(unknown))}")
        changed = object.__new__(Result)
        changed.__dict__.update(self.__dict__, **changes)
        return changed

    @classmethod
    def made(cls, **values: Any) -> Result:
        """A result of ``values``, the other fields their defaults, made as :meth:`replace` copies
        one: without the frozen 24-field ``__init__`` (3.3 µs, once for every text classified)."""
        unknown = values.keys() - _FIELD_NAMES
        if unknown or not values.keys() >= _REQUIRED:
            raise TypeError(f"Result.made: unknown {sorted(unknown)} or missing {sorted(_REQUIRED.difference(values))}")
        made = object.__new__(cls)
        made.__dict__.update(_DEFAULTS, **values)
        return made

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object, with exact numbers as JSON numbers."""
        return {
            "input": self.input,
            "ok": self.ok,
            "class": self.dose_class,
            "band": self.band,
            "regimen": self.regimen,
            "label_status": self.label_status,
            "route": self.route,
            "dose_mg": json_number(self.dose_mg),
            "doses_per_day": json_number(self.doses_per_day),
            "daily_dose_mg": json_number(self.daily_dose_mg),
            "daily_dose_mg_min": json_number(self.daily_dose_mg_min),
            "supply_daily_dose_mg": json_number(self.supply_daily_dose_mg),
            "weight_kg": json_number(self.weight_kg),
            "steps": [step.to_dict() for step in self.steps],
            "duration_days": json_number(self.duration_days),
            "prn": self.prn,
            "assumptions": list(self.assumptions),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "arithmetic": list(self.arithmetic),
            "error": None if self.error is None else {"code": self.error.code, "message": self.error.message},
            "regimens_file": self.regimens_file,
        }


_FIELD_NAMES = frozenset(Result.__dataclass_fields__)
_DEFAULTS = {name: spec.default for name, spec in Result.__dataclass_fields__.items() if spec.default is not MISSING}
_REQUIRED = _FIELD_NAMES - frozenset(_DEFAULTS)


def json_number(value: Fraction | None) -> int | float | None:
    """Whole numbers as ints; others as the shortest float that round-trips (4.5, not 4.4999…)."""
    if value is None:
        return None
    if value.denominator == 1:
        return value.numerator
    return float(value)
