"""The clinical content: pydantic models of ``data/regimens.yaml`` and its loading.

Every number a classification depends on (band bounds, the implausibility
limit, the labeled schedules) lives in the data file, not in code, so a site
can move a band by pointing ``--regimens`` / ``LDNCLASS_REGIMENS`` at its own
copy. That copy is validated exactly like the shipped one.
"""

# No ``from __future__ import annotations`` here: pydantic would evaluate every field's
# annotation string again at each start (about 1.2 ms of a cold classify, measured). Quoted
# instead: a validator's return type naming its own class (not bound while the class body runs)
# and PyYAML's types (imported only when a YAML file is read).
import datetime as dt
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ldnclass.errors import RegimensFileError

if TYPE_CHECKING:
    import yaml

DoseClass = Literal["LDN", "HDN", "out-of-range"]
Route = Literal["oral", "injectable", "topical"]
LabelStatus = Literal["labeled", "off-label", "outside-label", "not-applicable"]
Context = Literal["dermatology"]
REGIMENS_ENV_VAR = "LDNCLASS_REGIMENS"

# Limits on a site's file. A number is compared with every dose read, so an absurd one
# (1e9999999, a 5,000-digit bound) would make each classify hang; a file is read whole,
# so a huge one (or /dev/zero) would eat memory. The shipped file is about 27 KB.
MAX_FILE_BYTES = 1024 * 1024
MAX_MG = Decimal(1_000_000)
MAX_DIGITS = 15  # digits in all, before and after the point
MAX_DAYS = 3660

# Every amount in mg (or g/mol) in the file: finite, at most MAX_MG, at most MAX_DIGITS digits.
Amount = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=MAX_DIGITS, le=MAX_MG)]
Days = Annotated[int, Field(ge=1, le=MAX_DAYS)]


class _Strict(BaseModel):
    # Unknown keys are a typo in a clinical file, never something to ignore. Each model is
    # built once, below its last definition, without pydantic's plugin scan.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


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


class LabelVerdict(_Strict):
    """Where a dose stands against the product's FDA label, and the words for the headline."""

    status: LabelStatus
    headline: str = Field(min_length=1, max_length=80)


class LabelStatusEntry(LabelVerdict):
    """The verdict for an entry; ``otherwise`` is the verdict when the dose is not the
    labeled one (over ``max_daily_dose_mg``, or not ``labeled_dose_mg`` every ``labeled_every_days``)."""

    otherwise: LabelVerdict | None = None


class ContextNote(_Strict):
    """A note shown only where its context applies (``--context dermatology``, or a topical product)."""

    context: Context
    text: str = Field(min_length=1)


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
    context_notes: tuple[ContextNote, ...] = ()
    # The two or three warnings the default panel shows, most important first.
    key_warnings: tuple[Annotated[str, Field(min_length=1)], ...] = Field(default=(), max_length=3)
    label_status: LabelStatusEntry
    sources: tuple[Source, ...] = Field(min_length=1)


class DailyDoseRange(_Strict):
    """Bounds in mg/day; each end says whether it belongs to the band."""

    min_mg: Amount = Field(ge=0)
    min_inclusive: bool
    max_mg: Amount = Field(gt=0)
    max_inclusive: bool

    @cached_property
    def bounds_mg(self) -> tuple[Fraction, Fraction]:
        """The bounds as Fractions, converted once: every dose is compared with them."""
        return Fraction(self.min_mg), Fraction(self.max_mg)

    @cached_property
    def _bound_ratios(self) -> tuple[int, int, int, int]:
        (low, low_per), (high, high_per) = (bound.as_integer_ratio() for bound in self.bounds_mg)
        return low, low_per, high, high_per

    def contains(self, daily_dose_mg: Fraction | Decimal) -> bool:
        # Cross-multiplied integers: exact, and cheaper than comparing Fractions (every text).
        low, low_per, high, high_per = self._bound_ratios
        dose, per = daily_dose_mg.as_integer_ratio()  # per > 0
        above_min = dose * low_per >= low * per if self.min_inclusive else dose * low_per > low * per
        below_max = dose * high_per <= high * per if self.max_inclusive else dose * high_per < high * per
        return above_min and below_max

    def describe(self) -> str:
        """In words: "from 1 to 4.5 mg/day", "over 4.5 and under 50 mg/day", "over 100 and up to 1000 mg/day"."""
        low, high = _plain(self.min_mg), _plain(self.max_mg)
        if self.min_inclusive:
            return f"from {low} to {'' if self.max_inclusive else 'under '}{high} mg/day"
        return f"over {low} and {'up to' if self.max_inclusive else 'under'} {high} mg/day"


class Band(Entry):
    daily_dose_mg: DailyDoseRange | None = None
    single_dose_mg_max: Amount | None = Field(
        default=None,
        gt=0,
        description="the largest single oral dose the band holds; a bigger one averaged into it is refused",
    )
    default_regimen: str | None = None

    @cached_property
    def largest_single_dose_mg(self) -> Fraction | None:
        """``single_dose_mg_max`` as a Fraction, converted once: every reading is compared with it."""
        return None if self.single_dose_mg_max is None else Fraction(self.single_dose_mg_max)

    @model_validator(mode="after")
    def _no_otherwise(self) -> "Band":
        if self.label_status.otherwise is not None:
            raise ValueError("a band has one label_status; otherwise belongs to a regimen with a labeled dose")
        return self


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Schedule(_Strict):
    """A schedule matched exactly: a dose every N days (100 mg every 2 days), mg by weekday,
    or a range of daily doses (0.5 to under 1 mg/day)."""

    label: str = Field(min_length=1)
    labeled: bool = Field(description="true when the FDA label lists it; false when only used in practice")
    dose_mg: Amount | None = Field(default=None, gt=0)
    every_days: Days | None = None
    mg_by_weekday: dict[Weekday, Annotated[Amount, Field(ge=0)]] | None = None
    daily_dose_mg: DailyDoseRange | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Schedule":
        if (self.dose_mg is None) != (self.every_days is None):
            raise ValueError("give dose_mg and every_days together")
        kinds = (self.dose_mg is not None, self.mg_by_weekday is not None, self.daily_dose_mg is not None)
        if sum(kinds) != 1:
            raise ValueError("give one of: dose_mg with every_days, mg_by_weekday, or daily_dose_mg")
        return self

    def matches(self, dose_mg: Fraction, every_hours: Fraction, weekly_mg: dict[str, Fraction] | None) -> bool:
        if self.mg_by_weekday is not None:
            return weekly_mg is not None and weekly_mg == self.mg_by_weekday
        if weekly_mg is not None:
            return False
        if self.daily_dose_mg is not None:
            return self.daily_dose_mg.contains(dose_mg * 24 / every_hours)
        assert self.every_days is not None
        return every_hours == self.every_days * 24 and dose_mg == self._dose_mg  # the cheap test first

    @cached_property
    def _dose_mg(self) -> Fraction | None:
        return None if self.dose_mg is None else Fraction(self.dose_mg)  # compared with every dose


class Regimen(Entry):
    band: str
    schedules: tuple[Schedule, ...] = ()
    products: tuple[str, ...] = Field(default=(), description="product keys the grammar reads, e.g. vivitrol")
    strength_mg_per_unit: Amount | None = Field(default=None, gt=0, description="mg naltrexone per tablet")
    labeled_dose_mg: Amount | None = Field(default=None, gt=0)
    labeled_every_days: Days | None = Field(default=None, description="for injections: the labeled interval")
    max_daily_dose_mg: Amount | None = Field(default=None, gt=0)
    split_dose_note: str | None = Field(
        default=None, min_length=1, description="shown when the dose is taken more than once a day"
    )
    leads_to: str | None = Field(
        default=None, description="a band this regimen starts toward: a titration from it to that band is routine"
    )

    @model_validator(mode="after")
    def _label_otherwise(self) -> "Regimen":
        """``otherwise`` is needed exactly when the regimen says what its labeled dose is."""
        has_limit = self.max_daily_dose_mg is not None or self.labeled_dose_mg is not None
        if has_limit != (self.label_status.otherwise is not None):
            raise ValueError(
                "label_status.otherwise is required with max_daily_dose_mg or labeled_dose_mg, and allowed only then"
            )
        if self.labeled_every_days is not None and self.labeled_dose_mg is None:
            raise ValueError("labeled_every_days needs labeled_dose_mg")
        return self


class ProductCode(_Strict):
    """A code found in exports (an RxNorm RxCUI, an NDC in its 11-digit 5-4-2 form) and the
    product it stands for. Read by ``codes.py``; compounded LDN has no such code."""

    system: Literal["rxnorm", "ndc"]
    code: str = Field(pattern=r"^(?:[0-9]{1,9}|[0-9]{5}-[0-9]{4}-[0-9]{2})$")
    name: str = Field(min_length=1)
    strength_mg_per_unit: Amount = Field(gt=0, description="mg naltrexone per tablet, capsule or kit")
    form: str = Field(min_length=1)
    route: Route
    product: str | None = Field(default=None, description="a regimen's product key, e.g. vivitrol")
    sources: tuple[Source, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _code_fits_system(self) -> "ProductCode":
        if (self.system == "ndc") != ("-" in self.code):
            raise ValueError("an RxCUI is digits only; an NDC is written 5-4-2 (11 digits with hyphens)")
        return self


class MolarMasses(_Strict):
    naltrexone_hcl: Amount = Field(gt=0)
    naltrexone_base: Amount = Field(gt=0)


class Regimens(_Strict):
    reviewed: dt.date
    implausible_above_mg_per_day: Amount = Field(gt=0)
    molar_mass_g_per_mol: MolarMasses
    bands: tuple[Band, ...] = Field(min_length=1)
    regimens: tuple[Regimen, ...] = ()
    # quantity × strength ÷ days' supply against the sig's mg/day: a gap over this is warned about
    supply_tolerance_percent: Decimal = Field(
        default=Decimal(10), ge=0, le=100, allow_inf_nan=False, max_digits=MAX_DIGITS
    )  # a plain Decimal: Amount's own bound (le=MAX_MG) would override this one
    product_codes: tuple[ProductCode, ...] = ()
    # Set by the loader, not by the file: where this content came from.
    path: str = Field(default="", exclude=True)
    is_default: bool = Field(default=True, exclude=True)

    @model_validator(mode="after")
    def _check_consistency(self) -> "Regimens":
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
            if regimen.leads_to is not None and regimen.leads_to not in band_ids:
                raise ValueError(f"regimen {regimen.id!r} leads_to unknown band {regimen.leads_to!r}")
        for band in self.bands:
            if band.default_regimen is not None and band.default_regimen not in regimen_ids:
                raise ValueError(f"band {band.id!r} names unknown default_regimen {band.default_regimen!r}")
        self._check_oral_bands_tile()
        self._check_product_codes()
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

    def _check_product_codes(self) -> None:
        keys = [(entry.system, entry.code) for entry in self.product_codes]
        if len(keys) != len(set(keys)):
            raise ValueError("a product code is listed twice")
        for entry in self.product_codes:
            regimen = self.product_regimen(entry.product) if entry.product is not None else None
            if entry.product is not None and regimen is None:
                raise ValueError(f"product code {entry.code!r} names unknown product {entry.product!r}")
            if regimen is not None and regimen.route != entry.route:
                raise ValueError(
                    f"product code {entry.code!r} is {entry.route} but {entry.product!r} is {regimen.route}"
                )

    @cached_property
    def codes(self) -> dict[tuple[str, str], ProductCode]:
        """(system, code) → its product, asked once per record that gives a code."""
        return {(entry.system, entry.code): entry for entry in self.product_codes}

    def band(self, band_id: str) -> Band:
        return self._bands_by_id[band_id]

    def regimen(self, regimen_id: str) -> Regimen:
        return self._regimens_by_id[regimen_id]

    @cached_property
    def implausible_limit(self) -> Fraction:
        return Fraction(self.implausible_above_mg_per_day)  # asked of every dose

    def schedules_in(self, band_id: str) -> list[tuple[Regimen, Schedule]]:
        """The band's regimens' schedules, in the file's order (most bands have none)."""
        return self._schedules_by_band.get(band_id, [])

    @cached_property
    def _schedules_by_band(self) -> dict[str, list[tuple[Regimen, Schedule]]]:
        found: dict[str, list[tuple[Regimen, Schedule]]] = {}
        for regimen in self.regimens:
            for schedule in regimen.schedules:
                found.setdefault(regimen.band, []).append((regimen, schedule))
        return found

    @cached_property
    def _bands_by_id(self) -> dict[str, Band]:
        return {band.id: band for band in self.bands}  # ids are unique (validated)

    @cached_property
    def _regimens_by_id(self) -> dict[str, Regimen]:
        return {regimen.id: regimen for regimen in self.regimens}

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
    packaged = Path(__file__).with_name("data") / "regimens.yaml"  # as units.txt (units.registry)
    if packaged.is_file():
        return packaged
    # An editable install imports from src/, where the wheel's copy does not exist;
    # the one copy of the data is then the repository's data/regimens.yaml.
    return Path(__file__).resolve().parents[2] / "data" / "regimens.yaml"


def load_regimens(path: str | os.PathLike[str] | None = None) -> Regimens:
    """Load and validate a regimens file: ``path``, else ``$LDNCLASS_REGIMENS``, else the shipped one.

    Only a regular file of at most ``MAX_FILE_BYTES`` (1 MiB) is read: a directory, a FIFO,
    a device such as /dev/zero or a symbolic-link loop is refused at once, never waited on.
    Raises :class:`RegimensFileError` naming the file, the line, the entry and the field.
    """
    chosen = path if path is not None else os.environ.get(REGIMENS_ENV_VAR) or None
    resolved = Path(chosen) if chosen is not None else default_regimens_path()
    try:
        absolute = str(resolved.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python 3.10 and 3.11
        absolute = os.path.abspath(resolved)  # opening it then names the problem
    return _load_cached(absolute, chosen is None)


@lru_cache(maxsize=8)
def _load_cached(path: str, is_default: bool) -> Regimens:
    text = _read_regular_file(path)
    shipped = _shipped_copy(path, text) if is_default else None
    if shipped is not None:
        return shipped.model_copy(update={"path": path, "is_default": True})
    return _parsed(path, text).model_copy(update={"path": path, "is_default": is_default})


def _parsed(path: str, text: str) -> Regimens:
    return _validated(path, _yaml_mapping(path, text))


def _validated(path: str, raw: dict[Any, Any]) -> Regimens:
    try:
        return _validate(raw)
    except ValidationError as exc:
        raise RegimensFileError(f"{path}: {_describe_errors(exc, raw)}") from None


def _validate(raw: Any) -> Regimens:
    return Regimens.model_validate(raw)


@contextmanager
def _pydantic_plugins_disabled() -> Iterator[None]:
    """The first model pydantic builds scans every installed distribution's entry points for
    plugins (3 ms here, up to ~20 ms in a large environment); ours use none. Disabled only while
    ours are built, as typer does for its own, so a user's models still get their plugins."""
    before = os.environ.get(_PYDANTIC_PLUGINS)
    os.environ[_PYDANTIC_PLUGINS] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ[_PYDANTIC_PLUGINS]
        else:
            os.environ[_PYDANTIC_PLUGINS] = before


_PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


def _yaml_mapping(path: str, text: str) -> dict[Any, Any]:
    import yaml  # only a command that classifies needs it, and not with the shipped file's copy

    try:
        raw = yaml.load(text, Loader=_loader_class())
    except _FileProblem as problem:
        raise RegimensFileError(f"{path}: line {problem.line}: {problem}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise RegimensFileError(f"{path}: {where}not valid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:  # a control character, which YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else exc.reason
        raise RegimensFileError(f"{path}: line {line}: not valid YAML: {what}") from None
    except yaml.YAMLError as exc:
        raise RegimensFileError(f"{path}: not valid YAML: {exc}") from None
    except RecursionError:  # the pure-Python parser is recursive
        raise RegimensFileError(f"{path}: not valid YAML: nested too deeply") from None
    if not isinstance(raw, dict):
        raise RegimensFileError(f"{path}: expected a mapping at the top level")
    return raw


# The shipped file's content as JSON (data/regimens.json, made by ``make data/regimens.json``),
# with the hash of the YAML it was made from. Loading it skips PyYAML (its import and parse are
# ~17 ms of every command's start) and is validated by the same models; a copy that does not
# match the YAML byte for byte, or is unreadable, is ignored and the YAML is read.
SHIPPED_COPY_SUFFIX = ".json"


def _shipped_copy(path: str, text: str) -> Regimens | None:
    import json

    try:
        copy = json.loads(_read_regular_file(str(Path(path).with_suffix(SHIPPED_COPY_SUFFIX))))
        if not isinstance(copy, dict) or copy.get("yaml_sha256") != _sha256(text):
            return None
        return _validate(copy["regimens"])
    except (RegimensFileError, ValueError, KeyError, TypeError, RecursionError):  # ValidationError: a ValueError
        return None


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_shipped_copy(path: str | os.PathLike[str] | None = None) -> Path:
    """Write the JSON copy of the shipped regimens file (or of ``path``) beside it; its path."""
    import json

    source = Path(path) if path is not None else default_regimens_path()
    text = _read_regular_file(str(source))
    raw = _yaml_mapping(str(source), text)
    expected = _validated(str(source), raw).model_dump()  # a copy is made only of a file that validates
    copy = {"generated_from": source.name, "yaml_sha256": _sha256(text), "regimens": raw}
    written = json.dumps(copy, indent=1, ensure_ascii=False, default=_json_date) + "\n"
    if _validate(json.loads(written)["regimens"]).model_dump() != expected:
        raise RegimensFileError(f"{source}: its JSON copy would not read back the same: not written")
    target = source.with_suffix(SHIPPED_COPY_SUFFIX)
    target.write_text(written, encoding="utf-8")
    return target


def _json_date(value: object) -> str:
    """The one YAML value JSON has no type for in our file (``reviewed``); anything else is an error."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{value!r} has no JSON form")


def _read_regular_file(path: str) -> str:
    """The text of a regular file of at most MAX_FILE_BYTES, else a RegimensFileError.

    O_NONBLOCK makes opening a FIFO return at once (with no writer it would block);
    the type is then checked on the open descriptor, so nothing can swap the file between.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise RegimensFileError(f"cannot read regimens file {path}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file (a device, FIFO or socket)"
            raise RegimensFileError(f"cannot read regimens file {path}: it is {kind}; give a YAML file")
        data = _read_at_most(descriptor, MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RegimensFileError(f"cannot read regimens file {path}: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:
        raise RegimensFileError(f"regimens file {path} is over the limit of {MAX_FILE_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RegimensFileError(f"{path}: line {line}: not UTF-8 text ({exc.reason})") from None


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(descriptor, min(left, 65536))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class _FileProblem(ValueError):
    """Raised inside the YAML loader, where the file's name is not known; the loader's caller adds it."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class _Mapping(dict[Any, Any]):
    """A YAML mapping that remembers its lines, so that a validation error can name one."""

    line: int = 0
    key_lines: dict[Any, int]


MAX_NUMBER_CHARS = 40  # a longer YAML number is never a dose, and int() of one over 4,300 digits raises
MAX_NODES = 200_000  # nodes after aliases are expanded: an "alias bomb" is refused before it is walked


@lru_cache(maxsize=2)
def _loader_class(pure_python: bool = False) -> "type[yaml.SafeLoader]":
    """PyYAML's safe loader (its C build when there is one) that refuses duplicate keys,
    over-long numbers and alias bombs, and records the line of each mapping and key."""
    import yaml

    base: type[yaml.SafeLoader] = yaml.SafeLoader if pure_python else getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type,misc]
        def construct_document(self, node: yaml.Node) -> Any:
            _check_size(node)
            return super().construct_document(node)

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            self.key_lines(node)
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

        def key_lines(self, node: yaml.MappingNode) -> dict[Any, int]:
            """The line of each key; a key given twice is an error, not a silent last-one-wins."""
            lines: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # keys merged in with << may be overridden: that is what << is for
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    if key in lines:
                        raise _FileProblem(line, f"duplicate key {key!r} (first given on line {lines[key]})")
                    lines[key] = line
                except TypeError:
                    continue  # an unhashable key: the base class reports it
            return lines

    def construct_map(loader: Loader, node: yaml.MappingNode) -> Iterator[_Mapping]:
        data = _Mapping()
        data.line = node.start_mark.line + 1
        yield data
        data.key_lines = loader.key_lines(node)
        data.update(base.construct_mapping(loader, node))

    def bounded(constructor: Any) -> Any:
        def construct(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
            if len(node.value) > MAX_NUMBER_CHARS:
                raise _FileProblem(node.start_mark.line + 1, f"the number {node.value[:20]}... is too long")
            return constructor(loader, node)

        return construct

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:int", bounded(base.yaml_constructors["tag:yaml.org,2002:int"]))
    Loader.add_constructor("tag:yaml.org,2002:float", bounded(base.yaml_constructors["tag:yaml.org,2002:float"]))
    return Loader


def _check_size(root: "yaml.Node") -> None:
    """Count nodes as if every alias were written out; refuse a huge or self-holding document.

    Aliases let a small file describe a structure of billions of values, which validation
    would then walk; counting once per distinct node keeps this check linear in the file.
    """
    import yaml

    def children(node: yaml.Node) -> list[yaml.Node]:
        if isinstance(node, yaml.MappingNode):
            return [item for pair in node.value for item in pair]
        return list(node.value) if isinstance(node, yaml.SequenceNode) else []

    sizes: dict[int, int] = {}  # node id -> expanded size; -1 while its children are counted
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            size = sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children(node))
            if size > MAX_NODES:
                raise _FileProblem(
                    node.start_mark.line + 1, f"too many values once aliases are expanded (over {MAX_NODES})"
                )
            continue
        state = sizes.get(id(node))
        if state == -1:  # met again while counting its own children
            raise _FileProblem(node.start_mark.line + 1, "an alias refers to the value that holds it")
        if state is None:
            sizes[id(node)] = -1
            stack.append((node, True))
            stack.extend((child, False) for child in children(node))


def _describe_errors(exc: ValidationError, raw: dict[str, Any]) -> str:
    """One line per problem: line, entry (by position and id) and field."""
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        line = _line_of(loc, raw)
        at = f"line {line}: " if line else ""
        lines.append(f"{at}{_where(loc, raw)}: {error['msg']}")
    return "; ".join(lines)


def _line_of(loc: list[Any], raw: Any) -> int | None:
    """The line of the deepest key or mapping on the path ``loc``, as the loader recorded it.

    None for a check of the whole file (an empty ``loc``): its message names the entry instead."""
    if not loc:
        return None
    line = raw.line if isinstance(raw, _Mapping) else None
    node = raw
    for part in loc:
        if isinstance(node, _Mapping) and part in node.key_lines:
            line, node = node.key_lines[part], node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            line = node.line if isinstance(node, _Mapping) else line
        else:
            break
    return line or None


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


with _pydantic_plugins_disabled():
    # Only the file's model: its validator and serializer hold every nested model's, and ldnclass
    # never validates or dumps a nested model on its own (building them all: 1.3 ms more a start).
    Regimens.model_rebuild()
