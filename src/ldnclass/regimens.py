"""The clinical content: pydantic models of ``data/regimens.yaml`` and its loading.

Every number a classification depends on (band bounds, the implausibility
limit, the labeled schedules) lives in the data file, not in code, so a site
can move a band by pointing ``--regimens`` / ``LDNCLASS_REGIMENS`` at its own
copy. That copy is validated exactly like the shipped one.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ldnclass.errors import RegimensFileError

DoseClass = Literal["LDN", "HDN", "out-of-range"]
Route = Literal["oral", "injectable", "topical"]
REGIMENS_ENV_VAR = "LDNCLASS_REGIMENS"


class _Strict(BaseModel):
    # Unknown keys are a typo in a clinical file, never something to ignore.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(_Strict):
    citation: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")


class Approval(_Strict):
    use: str = Field(min_length=1)
    since: str = Field(min_length=4, description="year, or year and month")


class FdaStatus(_Strict):
    approved: bool
    summary: str = Field(min_length=1)
    approvals: tuple[Approval, ...] = ()


class AdverseEffect(_Strict):
    effect: str = Field(min_length=1)
    frequency: str | None = None


class Entry(_Strict):
    """What the panel shows for a band or a regimen."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    label: str = Field(min_length=1)
    dose_class: DoseClass = Field(alias="class")
    route: Route
    mechanism: tuple[str, ...] = ()
    fda_status: FdaStatus
    adverse_effects: tuple[AdverseEffect, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)


class DailyDoseRange(_Strict):
    """Bounds in mg/day; each end says whether it belongs to the band."""

    min_mg: Decimal = Field(ge=0)
    min_inclusive: bool
    max_mg: Decimal = Field(gt=0)
    max_inclusive: bool

    def contains(self, daily_dose_mg: Fraction | Decimal) -> bool:
        # Fraction and Decimal compare exactly with each other.
        above_min = daily_dose_mg >= self.min_mg if self.min_inclusive else daily_dose_mg > self.min_mg
        below_max = daily_dose_mg <= self.max_mg if self.max_inclusive else daily_dose_mg < self.max_mg
        return above_min and below_max

    def describe(self) -> str:
        low = "from" if self.min_inclusive else "over"
        high = "to" if self.max_inclusive else "under"
        return f"{low} {_plain(self.min_mg)} {high} {_plain(self.max_mg)} mg/day"


class Band(Entry):
    daily_dose_mg: DailyDoseRange | None = None
    default_regimen: str | None = None


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Schedule(_Strict):
    """A schedule matched exactly: a dose every N days (100 mg every 2 days), or mg by weekday."""

    label: str = Field(min_length=1)
    labeled: bool = Field(description="true when the FDA label lists it; false when only used in practice")
    dose_mg: Decimal | None = Field(default=None, gt=0)
    every_days: int | None = Field(default=None, ge=1)
    mg_by_weekday: dict[Weekday, Decimal] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Schedule:
        interval = self.dose_mg is not None and self.every_days is not None
        if interval == (self.mg_by_weekday is not None):
            raise ValueError("give either dose_mg with every_days, or mg_by_weekday")
        return self

    def matches(self, dose_mg: Fraction, every_hours: Fraction, weekly_mg: dict[str, Fraction] | None) -> bool:
        if self.mg_by_weekday is not None:
            return weekly_mg is not None and weekly_mg == self.mg_by_weekday
        assert self.every_days is not None
        return weekly_mg is None and dose_mg == self.dose_mg and every_hours == self.every_days * 24


class Regimen(Entry):
    band: str
    schedules: tuple[Schedule, ...] = ()
    products: tuple[str, ...] = Field(default=(), description="product keys the grammar reads, e.g. vivitrol")
    strength_mg_per_unit: Decimal | None = Field(default=None, gt=0, description="mg naltrexone per tablet")
    labeled_dose_mg: Decimal | None = Field(default=None, gt=0)
    labeled_every_days: int | None = Field(default=None, ge=1, description="for injections: the labeled interval")
    max_daily_dose_mg: Decimal | None = Field(default=None, gt=0)


class MolarMasses(_Strict):
    naltrexone_hcl: Decimal = Field(gt=0)
    naltrexone_base: Decimal = Field(gt=0)


class Regimens(_Strict):
    reviewed: dt.date
    implausible_above_mg_per_day: Decimal = Field(gt=0)
    molar_mass_g_per_mol: MolarMasses
    bands: tuple[Band, ...] = Field(min_length=1)
    regimens: tuple[Regimen, ...] = ()
    # Set by the loader, not by the file: where this content came from.
    path: str = Field(default="", exclude=True)
    is_default: bool = Field(default=True, exclude=True)

    @model_validator(mode="after")
    def _check_consistency(self) -> Regimens:
        for section in (self.bands, self.regimens):
            ids = [entry.id for entry in section]
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"duplicate ids: {', '.join(duplicates)}")
        products = [p for regimen in self.regimens for p in regimen.products]
        if len(products) != len(set(products)):
            raise ValueError("a product is named by more than one regimen")
        band_ids = {band.id for band in self.bands}
        regimen_ids = {regimen.id for regimen in self.regimens}
        for regimen in self.regimens:
            if regimen.band not in band_ids:
                raise ValueError(f"regimen {regimen.id!r} names unknown band {regimen.band!r}")
        for band in self.bands:
            if band.default_regimen is not None and band.default_regimen not in regimen_ids:
                raise ValueError(f"band {band.id!r} names unknown default_regimen {band.default_regimen!r}")
        self._check_oral_bands_tile()
        for route in ("injectable", "topical"):
            if sum(1 for band in self.bands if band.route == route and band.daily_dose_mg is None) != 1:
                raise ValueError(f"there must be exactly one {route} band (with no daily_dose_mg)")
        return self

    def _check_oral_bands_tile(self) -> None:
        """Oral bands must cover (0, implausible limit] with no gap and no overlap,
        so every plausible daily dose falls in exactly one band."""
        ranged = sorted(
            (band for band in self.bands if band.daily_dose_mg is not None),
            key=lambda band: band.daily_dose_mg.min_mg,  # type: ignore[union-attr]
        )
        if not ranged:
            raise ValueError("no band has a daily_dose_mg range")
        expected_min, expected_inclusive = Decimal(0), False
        for band in ranged:
            bounds = band.daily_dose_mg
            assert bounds is not None
            if bounds.min_mg != expected_min or bounds.min_inclusive != expected_inclusive:
                raise ValueError(
                    f"band {band.id!r} should start {'from' if expected_inclusive else 'over'} "
                    f"{_plain(expected_min)} mg/day so that bands neither gap nor overlap"
                )
            if bounds.max_mg < bounds.min_mg:
                raise ValueError(f"band {band.id!r} ends before it starts")
            expected_min, expected_inclusive = bounds.max_mg, not bounds.max_inclusive
        last = ranged[-1].daily_dose_mg
        assert last is not None
        if last.max_mg != self.implausible_above_mg_per_day or not last.max_inclusive:
            raise ValueError(
                f"the last band must end at implausible_above_mg_per_day "
                f"({_plain(self.implausible_above_mg_per_day)}) inclusive"
            )

    def band(self, band_id: str) -> Band:
        return next(band for band in self.bands if band.id == band_id)

    def regimen(self, regimen_id: str) -> Regimen:
        return next(regimen for regimen in self.regimens if regimen.id == regimen_id)

    def route_band(self, route: str) -> Band:
        """The band of a non-oral route (injectable, topical): it has no daily range."""
        for band in self.bands:
            if band.route == route and band.daily_dose_mg is None:
                return band
        raise LookupError(f"no band for route {route!r}")

    def product_regimen(self, product: str) -> Regimen | None:
        return next((regimen for regimen in self.regimens if product in regimen.products), None)

    # Asked once per dose: computed once per loaded file.
    @cached_property
    def unit_strengths(self) -> dict[str, Fraction]:
        return {
            product: Fraction(regimen.strength_mg_per_unit)
            for regimen in self.regimens
            if regimen.strength_mg_per_unit is not None
            for product in regimen.products
        }

    @cached_property
    def product_routes(self) -> dict[str, str]:
        return {product: regimen.route for regimen in self.regimens for product in regimen.products}

    def oral_band_for(self, daily_dose_mg: Fraction | Decimal) -> Band:
        for band in self.bands:
            if band.daily_dose_mg is not None and band.daily_dose_mg.contains(daily_dose_mg):
                return band
        raise LookupError(f"no band holds {daily_dose_mg} mg/day")  # the tiling check rules this out


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def default_regimens_path() -> Path:
    """The shipped file: inside the installed package, or at the repo root in a checkout."""
    packaged = resources.files("ldnclass").joinpath("data/regimens.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    # An editable install imports from src/, where the wheel's copy does not exist;
    # the one copy of the data is then the repository's data/regimens.yaml.
    return Path(__file__).resolve().parents[2] / "data" / "regimens.yaml"


def load_regimens(path: str | os.PathLike[str] | None = None) -> Regimens:
    """Load and validate a regimens file: ``path``, else ``$LDNCLASS_REGIMENS``, else the shipped one.

    Raises :class:`RegimensFileError` naming the file, the entry and the field.
    """
    chosen = path if path is not None else os.environ.get(REGIMENS_ENV_VAR) or None
    resolved = Path(chosen) if chosen is not None else default_regimens_path()
    return _load_cached(str(resolved.resolve()), chosen is None)


@lru_cache(maxsize=8)
def _load_cached(path: str, is_default: bool) -> Regimens:
    import yaml  # only a command that classifies needs it

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegimensFileError(f"cannot read regimens file {path}: {exc}") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C build of safe_load
    try:
        raw = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise RegimensFileError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise RegimensFileError(f"{path}: expected a mapping at the top level")
    try:
        regimens = Regimens.model_validate(raw)
    except ValidationError as exc:
        raise RegimensFileError(f"{path}: {_describe_errors(exc, raw)}") from None
    return regimens.model_copy(update={"path": path, "is_default": is_default})


def _describe_errors(exc: ValidationError, raw: dict[str, Any]) -> str:
    """One line per problem: entry (by position and id) and field."""
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        where = _where(loc, raw)
        lines.append(f"{where}: {error['msg']}")
    return "; ".join(lines)


def _where(loc: list[Any], raw: dict[str, Any]) -> str:
    if len(loc) >= 2 and loc[0] in ("bands", "regimens") and isinstance(loc[1], int):
        section, index = loc[0], loc[1]
        items = raw.get(section)
        entry_id = None
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            entry_id = items[index].get("id")
        entry = f"{section}[{index}]" + (f" (id {entry_id!r})" if entry_id else "")
        field = ".".join(str(part) for part in loc[2:]) or "(entry)"
        return f"entry {entry}, field {field!r}"
    field = ".".join(str(part) for part in loc) or "(top level)"
    return f"field {field!r}"
