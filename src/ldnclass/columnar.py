"""Classify whole columns (Arrow, pandas), unique-first: each distinct input is classified once.

Claims and EHR extracts repeat a few hundred dose texts across millions of rows, so the cost
of a run is the engine's, not ours: the inputs are dictionary-encoded, each distinct value
(or distinct (sig, product, quantity, days supply) tuple) is classified once, and its result
row is *taken* back to every row that holds it.

The result columns have a declared schema (``RESULT_FIELDS``), never inferred from the
values, so a batch with no errors still has a string ``error`` column, not a null one.

pyarrow and pandas are imported only inside the functions that need them (the ``arrow``
extra); ``import ldnclass.columns`` alone loads neither, and the core never imports this.
"""

from __future__ import annotations

import importlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from ldnclass import fields
from ldnclass.classifier import classify
from ldnclass.errors import ErrorCode, UsageError
from ldnclass.regimens import Regimens, load_regimens
from ldnclass.result import Result, ResultError

if TYPE_CHECKING:
    from ldnclass.supply import Number

CACHE_LIMIT = 1_000_000  # distinct inputs whose results a ColumnClassifier keeps
CLASSIFY_CHUNK = 4_096  # new inputs classified, then made Arrow rows, at a time
MAX_CHUNKS = 16  # the cached results are made one chunk again past this many
INTERNAL_ERROR = ErrorCode.INTERNAL_ERROR  # the code batch gives a bug, so that one odd text never ends a run
KINDS = ("text", "number", "exact", "texts")  # str; float64; an exact number as text; list of str


@dataclass(frozen=True)
class ResultField:
    """One typed result column: its name, its kind (one of ``KINDS``) and how to get it from a Result."""

    name: str
    kind: str
    value: Callable[[Result], Any]


def exact_text(value: Fraction | None) -> str | None:
    """An exact number as text: a decimal when one is finite ("4.5"), else a fraction ("50/7").

    Both forms read back exactly with ``Fraction(text)``.
    """
    if value is None:
        return None
    denominator, places = value.denominator, 0
    while denominator % 10 == 0:
        denominator //= 10
        places += 1
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
            places += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    sign, digits = ("-" if value < 0 else ""), str(abs(value.numerator) * 10**places // value.denominator)
    if places == 0:
        return sign + digits
    digits = digits.rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}".rstrip("0").rstrip(".")


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _typed(field: fields.ResultField) -> tuple[ResultField, ...]:
    """A field of the one table as typed columns: a number as a float and its exact twin."""
    get = field.value
    if field.kind == "number":
        return (
            ResultField(field.name, "number", lambda result: _number(get(result))),
            ResultField(f"{field.name}_exact", "exact", lambda result: exact_text(get(result))),
        )
    if field.kind == "joined":
        return (ResultField(field.name, "texts", lambda result: list(get(result))),)
    return (ResultField(field.name, "text", get),)


# The result columns for columnar output (Arrow, pandas, Parquet, Spark), from the one table.
RESULT_FIELDS: tuple[ResultField, ...] = tuple(column for field in fields.RESULT_FIELDS for column in _typed(field))
RESULT_COLUMNS = tuple(field.name for field in RESULT_FIELDS)


@dataclass(frozen=True)
class Query:
    """One distinct input: what ``classify`` is called with."""

    sig: str | None = None
    product: str | None = None
    quantity: Number | None = None
    days_supply: Number | None = None


def classify_queries(
    queries: Sequence[Query],
    regimens: Regimens | None = None,
    *,
    route: str | None = None,
    weight_kg: Fraction | float | str | None = None,
) -> list[Result]:
    """Each query classified once, in order. A missing sig is an empty one (a claims row may
    have only a product and its supply). An unexpected exception is an ``internal-error``
    result, as in batch, so one odd text never ends a run of millions."""
    data = regimens if regimens is not None else load_regimens()
    results = []
    for query in queries:
        text = "" if query.sig is None else str(query.sig)
        try:
            result = classify(
                text,
                data,
                product=None if query.product is None else str(query.product),
                route=route,
                weight_kg=weight_kg,
                quantity=query.quantity,
                days_supply=query.days_supply,
            )
        except Exception as error:  # a bug is reported in its row, as batch does
            message = f"{type(error).__name__}: {error} (a bug: please report it)"
            result = Result(text, ok=False, error=ResultError(INTERNAL_ERROR, message))
        results.append(result)
    return results


def arrow_type(kind: str) -> Any:
    pa = _arrow()

    return {"text": pa.string(), "number": pa.float64(), "exact": pa.string(), "texts": pa.list_(pa.string())}[kind]


def result_schema(prefix: str = "") -> Any:
    """The declared Arrow schema of the result columns (every column nullable)."""
    pa = _arrow()

    return pa.schema([pa.field(prefix + field.name, arrow_type(field.kind)) for field in RESULT_FIELDS])


def results_table(results: Sequence[Result], prefix: str = "") -> Any:
    """One Arrow row per result, in the declared schema."""
    pa = _arrow()

    columns = [_column([field.value(result) for result in results], field.kind) for field in RESULT_FIELDS]
    return pa.Table.from_arrays(columns, schema=result_schema(prefix))


def _column(values: Sequence[Any], kind: str) -> Any:
    """One result column (of ``kind``) from Python values, built from its buffers. pyarrow's
    ``pa.array`` imports pandas the first time it is called (to look for pandas objects): 0.2 s
    and 57 MB that a Parquet batch run, which never needs pandas, would spend."""
    pa = _arrow()

    valid = [value is not None for value in values]
    validity = None if all(valid) else pa.py_buffer(_bitmap(valid))
    if kind == "number":
        data = array("d", [0.0 if value is None else value for value in values])
        return pa.Array.from_buffers(pa.float64(), len(values), [validity, pa.py_buffer(data)])
    if kind == "texts":
        flat: list[str] = []
        offsets = array("i", [0])
        for value in values:
            flat.extend(value or ())
            offsets.append(len(flat))
        buffers = [validity, pa.py_buffer(offsets)]
        return pa.Array.from_buffers(arrow_type(kind), len(values), buffers, children=[_column(flat, "text")])
    encoded = [b"" if value is None else value.encode() for value in values]
    ends = list(accumulate((len(item) for item in encoded), initial=0))
    if ends[-1] >= 2**31:  # past string's int32 offsets: let pyarrow choose (and say why it cannot)
        return pa.array(values, type=arrow_type(kind))
    return pa.Array.from_buffers(
        pa.string(), len(values), [validity, pa.py_buffer(array("i", ends)), pa.py_buffer(b"".join(encoded))]
    )


def _bitmap(flags: Sequence[bool]) -> bytes:
    """An Arrow validity bitmap: bit i (least significant first) set when flags[i] is."""
    bits = bytearray((len(flags) + 7) // 8)
    for number, flag in enumerate(flags):
        if flag:
            bits[number >> 3] |= 1 << (number & 7)
    return bytes(bits)


def classify_arrow(
    data: Any,
    *,
    sig: str = "sig",
    product: Any = None,
    quantity: Any = None,
    days_supply: Any = None,
    route: str | None = None,
    weight_kg: Fraction | float | str | None = None,
    regimens: Regimens | None = None,
    prefix: str = "",
) -> Any:
    """The result columns (a ``pyarrow.Table``, one row per input row, in order) for ``data``.

    ``data`` is an Arrow array or chunked array of sigs, with ``product``, ``quantity`` and
    ``days_supply`` as arrays of the same length (or None); or a ``pyarrow.Table`` /
    ``RecordBatch``, where ``sig``, ``product``, ``quantity`` and ``days_supply`` name its
    columns. ``route`` and ``weight_kg`` apply to every row, as in ``classify``.

        >>> import pyarrow as pa
        >>> classify_arrow(pa.array(["4.5 mg qhs", "50 mg daily", "4.5 mg qhs"]))["class"].to_pylist()
        ['LDN', 'HDN', 'LDN']
    """
    keys = key_columns(data, sig, product, quantity, days_supply)
    return ColumnClassifier(regimens, route=route, weight_kg=weight_kg, prefix=prefix).classify(keys)


class ColumnClassifier:
    """Classifies batch after batch (a Parquet file's, say), each distinct input once across
    all of them: the result rows are kept in an Arrow table, and a dict maps an input to its row.
    Past ``cache_limit`` distinct inputs the memory starts again, so it stays bounded."""

    def __init__(
        self,
        regimens: Regimens | None = None,
        *,
        route: str | None = None,
        weight_kg: Fraction | float | str | None = None,
        prefix: str = "",
        cache_limit: int = CACHE_LIMIT,
    ) -> None:
        self.regimens = regimens if regimens is not None else load_regimens()
        self.route, self.weight_kg, self.prefix, self.cache_limit = route, weight_kg, prefix, cache_limit
        self._rows: dict[Query, int] = {}
        self._results: Any = results_table([], prefix)

    def classify(self, keys: dict[str, Any]) -> Any:
        """The result columns for one batch, given its input columns by role (sig, product, …)."""
        results, groups = self.classify_distinct(keys)
        return results.take(groups)

    def classify_distinct(self, keys: dict[str, Any]) -> tuple[Any, Any]:
        """One batch's results unspread: a table with a row per distinct input (in order of first
        appearance) and, per row of the batch, the number of its distinct input (int32), so that
        ``results.take(groups)`` is ``classify(keys)``. A writer can then spread the few distinct
        values itself (``parquet`` makes them dictionary columns) instead of copying every cell."""
        pa = _arrow()
        groups, representatives = _distinct_rows(list(keys.values()))
        queries = [Query(**row) for row in _rows(keys, representatives)]
        new = [query for query in queries if query not in self._rows]
        if len(self._rows) + len(new) > self.cache_limit:
            self._rows, self._results, new = {}, results_table([], self.prefix), queries
        if new:
            for query in new:
                self._rows[query] = len(self._rows)
            # A few thousand Result objects at a time: they are large next to their Arrow rows.
            tables = [
                self._classified(new[start : start + CLASSIFY_CHUNK]) for start in range(0, len(new), CLASSIFY_CHUNK)
            ]
            self._results = pa.concat_tables([self._results, *tables])
            if self._results.column(0).num_chunks > MAX_CHUNKS:
                self._results = self._results.combine_chunks()
        numbers = array("q", [self._rows[query] for query in queries])  # not pa.array: see _column
        rows = pa.Array.from_buffers(pa.int64(), len(numbers), [None, pa.py_buffer(numbers)])
        return self._results.take(rows).combine_chunks(), groups

    def _classified(self, queries: Sequence[Query]) -> Any:
        results = classify_queries(queries, self.regimens, route=self.route, weight_kg=self.weight_kg)
        return results_table(results, self.prefix)


def classify_pandas(
    data: Any,
    *,
    sig: str = "sig",
    product: Any = None,
    quantity: Any = None,
    days_supply: Any = None,
    route: str | None = None,
    weight_kg: Fraction | float | str | None = None,
    regimens: Regimens | None = None,
    prefix: str = "",
) -> Any:
    """The result columns as a pandas DataFrame with the input's index and declared dtypes
    (``pd.ArrowDtype``: strings, float64, lists of strings; nulls as ``<NA>``).

    ``data`` is a Series of sigs (``product`` etc. then Series of the same length) or a
    DataFrame whose columns ``sig``, ``product``, ``quantity``, ``days_supply`` name.
    """
    pd, pa = _pandas(), _arrow()

    if isinstance(data, pd.DataFrame):
        index = data.index
        names = {"sig": sig, "product": product, "quantity": quantity, "days_supply": days_supply}
        arrays = {role: _from_pandas(data[name]) for role, name in names.items() if name is not None}
    elif isinstance(data, pd.Series):
        index = data.index
        given = {"sig": data, "product": product, "quantity": quantity, "days_supply": days_supply}
        arrays = {role: _from_pandas(series) for role, series in given.items() if series is not None}
    else:
        raise TypeError(f"classify_pandas() takes a pandas Series or DataFrame, not {type(data).__name__}")
    table = classify_arrow(
        pa.Table.from_pydict(arrays),
        product="product" if "product" in arrays else None,
        quantity="quantity" if "quantity" in arrays else None,
        days_supply="days_supply" if "days_supply" in arrays else None,
        route=route,
        weight_kg=weight_kg,
        regimens=regimens,
        prefix=prefix,
    )
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    frame.index = index
    return frame


def _arrow() -> Any:
    return importlib.import_module("pyarrow")  # untyped: Any keeps mypy's strictness for our own code


def _arrow_compute() -> Any:
    return importlib.import_module("pyarrow.compute")


def _pandas() -> Any:
    return importlib.import_module("pandas")


def _from_pandas(series: Any) -> Any:
    pa = _arrow()

    return pa.Array.from_pandas(series.astype(object) if series.dtype == object else series)


def key_columns(data: Any, sig: str | None, product: Any, quantity: Any, days_supply: Any) -> dict[str, Any]:
    """The input columns by role (sig, product, quantity, days_supply), as chunked arrays. A
    table may have no sig column (a claims table: product and supply only)."""
    pa = _arrow()

    roles = {"product": product, "quantity": quantity, "days_supply": days_supply}
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if isinstance(data, pa.Table):
        for role, name in {"sig": sig, **roles}.items():
            if name is not None and (not isinstance(name, str) or name not in data.column_names):
                raise UsageError(f"{role}={name!r} is not a column of the table (columns: {data.column_names})")
        named = {role: name for role, name in {"sig": sig, **roles}.items() if name is not None}
        if not named:
            raise UsageError("name at least one input column: sig, or product with quantity and days_supply")
        return {role: _chunked(data.column(name)) for role, name in named.items()}
    if not isinstance(data, (pa.Array, pa.ChunkedArray)):
        raise TypeError(f"classify_arrow() takes an Arrow array or table, not {type(data).__name__}")
    columns = {"sig": _chunked(data)}
    for role, values in roles.items():
        if isinstance(values, str):
            raise TypeError(f"{role}= names a column only when the input is a table; give an array here")
        if values is not None:
            columns[role] = _chunked(values)
            if len(columns[role]) != len(data):
                raise UsageError(f"{role} has {len(columns[role])} values for {len(data)} sigs")
    return columns


def _chunked(values: Any) -> Any:
    """A chunked array of plain values: a dictionary column decoded, a string view made a string
    (Arrow's hash and take kernels cover those)."""
    pa = _arrow()

    if not isinstance(values, pa.ChunkedArray):
        values = pa.chunked_array([values if isinstance(values, pa.Array) else pa.array(values)])
    if pa.types.is_dictionary(values.type):
        return values.cast(values.type.value_type)
    if pa.types.is_string_view(values.type):
        return values.cast(pa.string())
    return values


def _distinct_rows(columns: list[Any]) -> tuple[Any, Any]:
    """Per row, the number of its distinct input tuple (0, 1, … in order of first appearance),
    and for each tuple the first row that holds it. Hash-based, in Arrow: no Python per row."""
    pa, pc = _arrow(), _arrow_compute()

    groups: Any = None
    for column in columns:
        codes, count = _encode(column)
        if groups is None:
            groups = codes
        else:
            # (tuple so far, this value) as one int64, then encoded again: stays under rows × distinct.
            combined = pc.add(pc.multiply(groups.cast(pa.int64()), _int64(count)), codes.cast(pa.int64()))
            groups, _ = _encode(combined)
    flat = groups.combine_chunks() if isinstance(groups, pa.ChunkedArray) else groups
    distinct = pc.unique(flat) if len(flat) else pa.array([], pa.int32())
    representatives = pc.index_in(distinct, value_set=flat)
    return flat, representatives


def _int64(value: int) -> Any:
    """An Arrow int64 scalar, taken from an array built from its buffer: ``pa.scalar`` (and a
    Python int handed to a compute function) imports pandas, as ``pa.array`` does (see _column)."""
    pa = _arrow()

    return pa.Array.from_buffers(pa.int64(), 1, [None, pa.py_buffer(array("q", [value]))])[0]


def _encode(column: Any) -> tuple[Any, int]:
    """Dictionary codes (nulls are a value of their own) and how many distinct values there are."""
    pa, pc = _arrow(), _arrow_compute()

    encoded = pc.dictionary_encode(column, null_encoding="encode")
    if not isinstance(encoded, pa.ChunkedArray):
        return encoded.indices, len(encoded.dictionary)
    if encoded.num_chunks == 0:
        return pa.chunked_array([], pa.int32()), 0
    # One memo table serves all chunks, so they share the final dictionary; should a chunk
    # not (another Arrow), encode the chunks as one array instead.
    size = len(encoded.chunk(encoded.num_chunks - 1).dictionary)
    if any(len(chunk.dictionary) != size for chunk in encoded.chunks):
        return _encode(column.combine_chunks())
    return pa.chunked_array([chunk.indices for chunk in encoded.chunks], encoded.type.index_type), size


def _rows(columns: dict[str, Any], rows: Any) -> list[dict[str, Any]]:
    """The values of ``rows`` (row numbers) as dicts by role, in Python."""
    values = {role: column.take(rows).to_pylist() for role, column in columns.items()}
    return [dict(zip(values, row, strict=True)) for row in zip(*values.values(), strict=True)]
