"""Reading a bulk run's input as a stream: JSONL (optionally gzip, bz2 or xz
compressed) or Parquet, one record at a time, with the read position for progress.

Nothing is loaded whole: a JSONL line longer than the limit is skipped without
being held in memory, and Parquet is read in record batches.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from ..errors import InputError
from .records import Item, Rejected, leading_id, record_from

PARQUET_SUFFIXES = (".parquet", ".pq")
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")
_METADATA_BYTES = 64 * 1024
_SKIP_CHUNK = 1 << 20


def max_line_bytes(max_article_chars: int) -> int:
    """The longest JSONL line accepted: the article at the worst JSON escaping (``\\uXXXX``,
    6 bytes a character) plus room for the id and metadata."""
    return 6 * max_article_chars + _METADATA_BYTES


class _Lines(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


def _decompressed(raw: IO[bytes], suffix: str) -> _Lines:
    if suffix == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if suffix == ".bz2":
        return bz2.BZ2File(raw, mode="rb")
    if suffix == ".xz":
        return lzma.LZMAFile(raw, mode="rb")
    return raw


@dataclass
class Source:
    """An input being read: its records, how far reading has got and how far it goes."""

    items: Iterator[Item]
    position: Callable[[], int]
    size: int
    unit: str  # "bytes" or "rows"


def open_source(path: Path, max_article_chars: int) -> Source:
    """The records of the JSONL or Parquet file at ``path`` (chosen by its suffix).

    Raises:
        InputError: the file is missing, a folder, unreadable, or a Parquet file
            without ``id`` and ``text`` columns.
    """
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a JSONL or Parquet file")
    if path.suffix.lower() in PARQUET_SUFFIXES:
        from .parquet import read_parquet  # pyarrow is an optional extra

        return read_parquet(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    read = [0]
    return Source(
        _jsonl_items(path, max_line_bytes(max_article_chars), read), lambda: read[0], size, "bytes"
    )


def _jsonl_items(path: Path, limit: int, read: list[int]) -> Iterator[Item]:
    """The items of a JSONL file; ``read[0]`` follows the bytes of the file read so far."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    stream = _decompressed(raw, path.suffix.lower())
    try:
        number = 0
        while True:
            try:
                line = stream.readline(limit + 1)
            except (OSError, EOFError, lzma.LZMAError) as exc:
                raise InputError(f"cannot read {path} after line {number:,}: {exc}") from None
            if not line:
                return
            read[0] = raw.tell()
            number += 1
            if len(line) > limit and not (len(line) == limit + 1 and line.endswith(b"\n")):
                size = len(line) + _skip_rest_of_line(stream)
                yield Rejected(
                    number,
                    leading_id(line),
                    f"the line has {size:,} bytes, over the limit of {limit:,} for an article "
                    "(raise max_article_chars to allow it)",
                )
            elif line.strip():
                yield parse_line(number, line)
    finally:
        stream.close()
        raw.close()


def _skip_rest_of_line(stream: _Lines) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def parse_line(number: int, line: bytes) -> Item:
    """The record on JSONL line ``number``, or why it cannot be used."""
    try:
        text = line.rstrip(b"\r\n").decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(number, leading_id(line), f"not valid UTF-8 (bad byte at {exc.start})")
    try:
        fields: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejected(number, leading_id(line), f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(fields, dict):
        return Rejected(number, None, "not a JSON object")
    return record_from(number, fields)
