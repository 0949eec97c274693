"""The rows already written, and appending more: what makes a bulk run resumable.

The journal is a JSONL file of rows (:mod:`.rows`), appended to and flushed to the
operating system after every batch, so a killed run (even with SIGKILL) leaves
every row it wrote, plus at most one torn last line. Opening the journal again
cuts that torn line off and reads which input lines are done.
"""

from __future__ import annotations

import os
import zlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..errors import InputError
from .rows import Row, parse_row


def _id_check(article_id: str | None) -> int:
    return zlib.crc32((article_id or "").encode("utf-8"))


class OutputMismatchError(InputError):
    """The output holds rows that are not for this input (another file, or edited)."""


class Done:
    """Which input lines have a row, and a checksum of each one's id (5 bytes a line)."""

    def __init__(self) -> None:
        self._bits = bytearray()
        self._checks = array("I")
        self.count = 0
        self.errors = 0

    def _grow(self, line: int) -> None:
        if line < len(self._checks):
            return
        size = max(line + 1, 2 * len(self._checks), 1024)
        self._checks.extend(array("I", bytes(4 * (size - len(self._checks)))))
        self._bits.extend(bytes(size // 8 + 1 - len(self._bits)))

    def has(self, line: int) -> bool:
        return line < len(self._checks) and bool(self._bits[line >> 3] & (1 << (line & 7)))

    def add(self, line: int, article_id: str | None, where: str, *, error: bool = False) -> None:
        """Mark ``line`` done (``error``: its row is an error row).

        Raises:
            OutputMismatchError: ``line`` has a row already.
        """
        if self.has(line):
            raise OutputMismatchError(f"{where} is a second row for input line {line}")
        self._grow(line)
        self._bits[line >> 3] |= 1 << (line & 7)
        self._checks[line] = _id_check(article_id)
        self.count += 1
        self.errors += error

    def matches(self, line: int, article_id: str | None) -> bool:
        """Whether the row for ``line`` (which must have one) is for ``article_id``."""
        return self._checks[line] == _id_check(article_id)


def read_rows(path: Path) -> Iterator[tuple[Row, int]]:
    """Every complete row of the journal at ``path`` with the offset just past it;
    a torn last line (no newline) is left out."""
    offset = 0
    number = 0
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                return
            number += 1
            offset += len(raw)
            yield parse_row(raw, f"line {number:,} of {path}"), offset


class Journal:
    """An output file of rows opened for appending, after reading what it holds."""

    def __init__(self, path: Path, handle: IO[bytes], done: Done):
        self.path = path
        self.done = done
        self._handle = handle

    @classmethod
    def open(cls, path: Path, *, drop_errors: bool = False) -> Journal:
        """Read the rows at ``path`` (a missing file has none), cut off a torn last
        line, and open it for appending. ``drop_errors`` first rewrites the file
        without its error rows, so that those records are summarised again.

        Raises:
            InputError: a line of the file is not a row, or two rows are for one line.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        done = Done()
        if path.exists():
            if drop_errors:
                _rewrite_without_errors(path)
            end = 0
            for row, row_end in read_rows(path):
                where = f"{path} (input line {row.line})"
                done.add(row.line, row.id, where, error=row.kind == "error")
                end = row_end
            if path.stat().st_size != end:
                os.truncate(path, end)
        return cls(path, path.open("ab"), done)

    def write(self, rows: Iterable[bytes]) -> None:
        """Append ``rows`` (complete lines) and hand them to the operating system."""
        self._handle.write(b"".join(rows))
        self._handle.flush()

    def close(self) -> None:
        """Flush, sync to disk and close."""
        if self._handle.closed:
            return
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()


def _rewrite_without_errors(path: Path) -> None:
    """Replace ``path`` by a copy without error rows (and without a torn last line)."""
    tmp = path.with_name(f".{path.name}.retry.tmp")
    try:
        with tmp.open("wb") as out, path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if not raw.endswith(b"\n"):
                    break
                if parse_row(raw, f"line {number:,} of {path}").kind == "brief":
                    out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
