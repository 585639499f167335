"""Parquet in, Parquet out: the input columns untouched (as Arrow data), the result columns
typed (``columnar.RESULT_FIELDS``), a batch of rows at a time so memory stays bounded whatever
the file's size, and each distinct input classified once across the whole file.

The output is written to a temporary file beside the destination and renamed over it only
when complete, so an interrupted run leaves the destination as it was (as batch's CSV ``-o``).
pyarrow is imported only here and in ``columnar`` (the ``arrow`` extra).
"""

from __future__ import annotations

import base64
import importlib
import os
import stat
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ldnclass.columnar import ColumnClassifier, key_columns, result_schema
from ldnclass.columns import OPTIONS, Columns, describe, resolve_columns
from ldnclass.errors import InputFileError, UsageError
from ldnclass.regimens import Regimens

BATCH_ROWS = 131_072  # rows read, classified and written at a time (also the output's row groups)


@dataclass
class ParquetRun:
    """What a run wrote: rows, and rows by class (None: could not be classified)."""

    rows: int = 0
    by_class: Counter[str | None] = field(default_factory=Counter)

    @property
    def unclassified(self) -> int:
        return self.by_class[None]


def classify_parquet(
    source: str | os.PathLike[str],
    dest: str | os.PathLike[str],
    *,
    sig: str | None = "sig",
    product: str | None = None,
    quantity: str | None = None,
    days_supply: str | None = None,
    route: str | None = None,
    weight_kg: Fraction | float | str | None = None,
    regimens: Regimens | None = None,
    prefix: str = "ldn_",
    batch_rows: int = BATCH_ROWS,
) -> ParquetRun:
    """Classify ``source``'s sig column (with its product, quantity and days' supply columns,
    when named) into ``dest``: every input column and row, in order, then the result columns.
    With no sig column (a claims table), each row is classified on its product and supply."""
    reader = _opened(source)
    schema = reader.schema_arrow
    out_schema = output_schema(schema, prefix)
    classifier = ColumnClassifier(regimens, route=route, weight_kg=weight_kg, prefix=prefix)
    run = ParquetRun()
    with (
        _replaced_when_done(Path(dest)) as partial,
        _writer(partial, out_schema, schema) as writer,
        ThreadPoolExecutor(1, thread_name_prefix="ldnclass-parquet") as writing,
    ):
        # Arrow lets go of the GIL while it encodes, so batch n is written while n + 1 is read and
        # classified; at most two batches are in memory.
        written: Future[None] | None = None
        for batch in reader.iter_batches(batch_size=batch_rows):
            results, groups = classifier.classify_distinct(key_columns(batch, sig, product, quantity, days_supply))
            table = _joined(batch, _spread(results, groups), writer.schema)
            if written is not None:
                written.result()
            written = writing.submit(writer.write_table, table)
            _count(run, table.column(prefix + "class"))
        if written is not None:
            written.result()
        writer.add_key_value_metadata(_stored_schema(out_schema))  # the declared schema, not the one handed
    return run


def batch_parquet(
    source: str | os.PathLike[str],
    dest: str | os.PathLike[str],
    given: dict[str, str | None],
    regimens: Regimens,
    prefix: str = "ldn_",
) -> tuple[ParquetRun, list[tuple[str, str]]]:
    """``ldnclass batch in.parquet -o out.parquet``: the columns chosen as for a CSV (``given``
    maps a role to its option's value; the rest guessed from the names), then classify_parquet.
    Returns the run and the roles guessed, each with its column as a person would name it."""
    names = list(_opened(source).schema_arrow.names)
    columns = resolve_columns(names, len(names), given)
    for role in ("frequency", "route", "weight"):
        if getattr(columns, role) >= 0:
            raise UsageError(f"{OPTIONS[role]} is not read from Parquet yet: give it for CSV input")
    chosen = {role: None if index < 0 else names[index] for role, index in _roles(columns).items()}
    run = classify_parquet(
        source,
        dest,
        sig=chosen["dose"],
        product=chosen["product"],
        quantity=chosen["quantity"],
        days_supply=chosen["days_supply"],
        regimens=regimens,
        prefix=prefix,
    )
    return run, [(role, describe(getattr(columns, role), names)) for role in columns.guessed]


def _roles(columns: Columns) -> dict[str, int]:
    return {role: getattr(columns, role) for role in ("dose", "product", "quantity", "days_supply")}


def _opened(source: str | os.PathLike[str]) -> Any:
    pq = importlib.import_module("pyarrow.parquet")
    try:
        return pq.ParquetFile(source)
    except FileNotFoundError:
        raise InputFileError(f"{source}: no such file") from None
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        raise InputFileError(f"{source}: not a Parquet file ({error})") from None


def output_schema(schema: Any, prefix: str) -> Any:
    """The input's fields, then the result fields; a result column may not clash with an input one."""
    pa = importlib.import_module("pyarrow")
    results = result_schema(prefix)
    clashes = [name for name in results.names if name in schema.names]
    if clashes:
        raise UsageError(f"the input already has {clashes}: choose another prefix for the result columns")
    return pa.schema([*schema, *results], metadata=schema.metadata)


def _writer(path: str, schema: Any, inputs: Any) -> Any:
    """A Parquet writer of ``schema`` (the input's fields, ``inputs``, then the result fields)
    that writes the same Parquet columns as ``pq.write_table`` would, but cheaper, because
    the result columns hold a few hundred distinct values in millions of rows:

    - a string result column is handed over as a dictionary array (``_spread``), which the
      writer writes as its dictionary page and indices as they are, where a string column is
      hashed again, cell by cell, to find the dictionary it already had. The schema pyarrow
      stores for its readers is the declared one (``_stored_schema``), so they read plain strings;
    - the result columns have no statistics (the input columns keep theirs): their min/max
      span every row group, so no reader could skip one by them, and computing them took
      a third of the time spent writing the result columns.
    """
    pa, pq = importlib.import_module("pyarrow"), importlib.import_module("pyarrow.parquet")
    handed = pa.schema(
        [
            field.with_type(pa.dictionary(pa.int32(), field.type))
            if field.name not in inputs.names and field.type == pa.string()
            else field
            for field in schema
        ],
        metadata=schema.metadata,
    )
    return pq.ParquetWriter(path, handed, store_schema=False, write_statistics=_leaf_paths(inputs))


def _leaf_paths(schema: Any) -> list[str]:
    """The Parquet column paths the writer gives ``schema``'s fields (a list's values are
    "name.list.element"), as the writer's per-column options name them: from an empty file
    (not ``empty_table``, which would import pandas)."""
    pa, pq = importlib.import_module("pyarrow"), importlib.import_module("pyarrow.parquet")
    empty = pa.BufferOutputStream()
    with pq.ParquetWriter(empty, schema):
        pass
    written = pq.ParquetFile(pa.BufferReader(empty.getvalue())).schema
    return [written.column(number).path for number in range(len(written))]


def _stored_schema(schema: Any) -> dict[bytes, bytes]:
    """The key-value metadata pyarrow writes for ``schema`` with store_schema=True: its own
    metadata, then the schema itself, serialized (Arrow IPC) and base64-encoded."""
    return {**(schema.metadata or {}), b"ARROW:schema": base64.b64encode(schema.serialize().to_pybytes())}


def _spread(results: Any, groups: Any) -> list[Any]:
    """The result columns of every row from those of the distinct inputs (``results``, a few
    hundred rows) and each row's distinct input (``groups``). A string column becomes a
    dictionary array: its distinct values once, then an int32 per row, so nothing but indices
    is copied per row, and the writer takes the dictionary as it is (it must be free of
    duplicates and nulls, hence dictionary_encode: a null result is a null index)."""
    pa, pc = importlib.import_module("pyarrow"), importlib.import_module("pyarrow.compute")
    rows = _numpy(groups)
    columns = []
    for column in results.columns:
        values = column.combine_chunks()
        if values.type == pa.string():
            encoded = pc.dictionary_encode(values)
            columns.append(
                pa.DictionaryArray.from_arrays(_taken(encoded.indices, rows), encoded.dictionary, safe=False)
            )
        elif str(values.type) in _NUMPY_TYPES:  # fixed width, byte-aligned (not bool: bits)
            columns.append(_taken(values, rows))
        else:
            columns.append(values.take(groups))
    return columns


_NUMPY_TYPES = {"uint8": "u1", "int32": "<i4", "int64": "<i8", "double": "<f8"}  # as numpy names them


def _taken(values: Any, rows: Any) -> Any:
    """``values.take(rows)`` for a fixed-width column with numpy's take, several times faster
    than Arrow's here: the values are a few hundred, the rows a batch."""
    pa, np = importlib.import_module("pyarrow"), importlib.import_module("numpy")
    data, validity = _numpy(values), None
    if values.null_count:
        valid = _numpy(values.is_valid().cast(pa.uint8())).astype(bool)
        data = np.where(valid, data, 0)  # a null's slot holds anything: a 0 where an index must be valid
        validity = pa.py_buffer(np.packbits(valid.take(rows), bitorder="little"))
    return pa.Array.from_buffers(values.type, len(rows), [validity, pa.py_buffer(data.take(rows))])


def _numpy(values: Any) -> Any:
    """A fixed-width array's values (nulls' slots included) as numpy sees its data buffer:
    ``to_numpy`` would import pandas (see columnar._column)."""
    np = importlib.import_module("numpy")
    dtype = np.dtype(_NUMPY_TYPES[str(values.type)])
    return np.frombuffer(values.buffers()[1], dtype, len(values), values.offset * dtype.itemsize)


def _joined(batch: Any, results: list[Any], schema: Any) -> Any:
    pa = importlib.import_module("pyarrow")
    columns = [pa.chunked_array([column]) for column in batch.columns]
    return pa.Table.from_arrays([*columns, *(pa.chunked_array([column]) for column in results)], schema=schema)


def _count(run: ParquetRun, classes: Any) -> None:
    for entry in classes.value_counts().to_pylist():
        run.by_class[entry["values"]] += entry["counts"]
    run.rows += len(classes)


@contextmanager
def _replaced_when_done(dest: Path) -> Iterator[str]:
    """A temporary path beside ``dest``, synced and renamed over it on success and removed on any
    failure (Ctrl-C and SIGTERM included), as batch's CSV ``-o``: a symlink's target is
    replaced, an existing file's mode kept, and a FIFO or device is written to as it is."""
    target = os.path.realpath(dest)
    try:
        existing: os.stat_result | None = os.stat(target)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        yield target
        return
    folder, name = os.path.split(target)
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=folder)
    except OSError as error:
        raise InputFileError(f"cannot write {dest}: {error.strerror or error}") from None
    try:
        os.fchmod(handle, stat.S_IMODE(existing.st_mode) if existing else 0o666 & ~_umask())
        os.close(handle)
        yield partial
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
