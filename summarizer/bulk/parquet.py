"""Parquet input and output for bulk runs (the optional ``[parquet]`` extra, pyarrow).

Input: a file with ``id`` and ``text`` columns (``title``, ``url``, ``published``
optional; dates and timestamps become ISO strings), read in record batches.
Output: columns ``id``, ``line``, ``brief`` (the brief's JSON text) and ``error``,
written from the run's journal once every record has a row.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import ConfigError, InputError
from .journal import read_rows
from .reading import Source
from .records import METADATA, Item, record_from
from .rows import brief_row, error_row

EXTRA_HINT = "Parquet needs pyarrow: pip install 'summarizer[parquet]'"
ROWS_PER_GROUP = 10_000
_READ_BATCH = 512


def _pyarrow() -> tuple[ModuleType, ModuleType]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ConfigError(EXTRA_HINT) from None
    return pyarrow, pyarrow.parquet


def _plain(value: Any) -> Any:
    """Metadata as strings: dates and times in ISO form."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def read_parquet(path: Path) -> Source:
    """The records of the Parquet file at ``path``, read a batch at a time.

    Raises:
        InputError: not a Parquet file, or no ``id`` or ``text`` column.
        ConfigError: pyarrow is not installed.
    """
    pa, pq = _pyarrow()
    try:
        names = pq.read_schema(path).names
        rows = pq.read_metadata(path).num_rows
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read {path} as Parquet: {exc}") from None
    missing = [f"`{name}`" for name in ("id", "text") if name not in names]
    if missing:
        raise InputError(
            f"{path} has no {' and no '.join(missing)} column (its columns: {', '.join(names)})"
        )
    columns = [name for name in ("id", "text", *METADATA) if name in names]
    read = [0]

    def items() -> Iterator[Item]:
        try:
            with pq.ParquetFile(path) as parquet:
                for batch in parquet.iter_batches(batch_size=_READ_BATCH, columns=columns):
                    for fields in batch.to_pylist():
                        read[0] += 1
                        fields.update((name, _plain(fields.get(name))) for name in METADATA)
                        yield record_from(read[0], fields)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"cannot read {path} after row {read[0]:,}: {exc}") from None

    return Source(items(), lambda: read[0], rows, "rows")


def _schema(pa: ModuleType) -> Any:
    return pa.schema(
        [("id", pa.string()), ("line", pa.int64()), ("brief", pa.string()), ("error", pa.string())]
    )


def write_parquet(journal: Path, out: Path) -> int:
    """Write every row of ``journal`` to the Parquet file ``out`` (replaced atomically);
    the number of rows."""
    pa, pq = _pyarrow()
    tmp = out.with_name(f".{out.name}.tmp")
    written = 0
    columns: dict[str, list[Any]] = {"id": [], "line": [], "brief": [], "error": []}
    try:
        with pq.ParquetWriter(tmp, _schema(pa), compression="zstd") as writer:
            for row, _ in read_rows(journal):
                columns["id"].append(row.id)
                columns["line"].append(row.line)
                columns["brief"].append(row.payload.decode() if row.kind == "brief" else None)
                columns["error"].append(row.error)
                if len(columns["line"]) == ROWS_PER_GROUP:
                    written += _flush(pa, writer, columns)
            written += _flush(pa, writer, columns)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return written


def _flush(pa: ModuleType, writer: Any, columns: dict[str, list[Any]]) -> int:
    count = len(columns["line"])
    if count:
        writer.write_table(pa.Table.from_pydict(columns, schema=_schema(pa)))
        for values in columns.values():
            values.clear()
    return count


def rows_of_parquet(path: Path) -> Iterator[bytes]:
    """The rows of a bulk output Parquet file as journal lines (to resume from it)."""
    pa, pq = _pyarrow()
    try:
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(columns=["id", "line", "brief", "error"]):
                for row in batch.to_pylist():
                    if row["brief"] is not None:
                        yield brief_row(row["line"], row["id"], row["brief"])
                    else:
                        yield error_row(row["line"], row["id"], row["error"] or "")
    except (OSError, KeyError, pa.ArrowException) as exc:
        raise InputError(
            f"cannot resume from {path}: not a bulk output Parquet file ({exc})"
        ) from None
