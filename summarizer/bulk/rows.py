"""Output rows of a bulk run: one JSON object per line, ``{"id", "line", "brief"}`` or
``{"id", "line", "error"}``, written exactly as encoded here and read back on resume.

``id`` is the record's id (null when the line had none that could be used),
``line`` its position in the input, ``brief`` the :class:`~summarizer.schema.Brief`
and ``error`` a one-line message saying why there is no brief.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from ..errors import InputError

RowKind = Literal["brief", "error"]
_HEAD = re.compile(rb'\{"id":(null|"(?:[^"\\]|\\.)*"),"line":(\d+),"(brief|error)":')


def _head(article_id: str | None, line: int, kind: RowKind) -> bytes:
    quoted = json.dumps(article_id, ensure_ascii=False)
    return f'{{"id":{quoted},"line":{line},"{kind}":'.encode()


def brief_row(line: int, article_id: str | None, brief_json: str) -> bytes:
    """The output line for a brief, given as its JSON text."""
    return _head(article_id, line, "brief") + brief_json.encode("utf-8") + b"}\n"


def error_row(line: int, article_id: str | None, message: str) -> bytes:
    """The output line for a record without a brief."""
    return (
        _head(article_id, line, "error")
        + json.dumps(message, ensure_ascii=False).encode()
        + (b"}\n")
    )


@dataclass(frozen=True, slots=True)
class Row:
    """A row read back: which record it is for, and its brief (JSON text) or error."""

    line: int
    id: str | None
    kind: RowKind
    payload: bytes  # the brief's JSON text, or the error message as a JSON string

    @property
    def error(self) -> str | None:
        return str(json.loads(self.payload)) if self.kind == "error" else None


def parse_row(raw: bytes, where: str) -> Row:
    """The row on one complete output line (``raw`` ends with a newline).

    Raises:
        InputError: the line is not a bulk output row (``where`` says which line of which file).
    """
    head = _HEAD.match(raw)
    if head is not None and raw.endswith(b"}\n"):
        article_id = json.loads(head.group(1))
        kind: RowKind = "brief" if head.group(3) == b"brief" else "error"
        return Row(int(head.group(2)), article_id, kind, raw[head.end() : -2])
    return _parse_slowly(raw, where)


def _parse_slowly(raw: bytes, where: str) -> Row:
    """A row written in another key order or spacing (edited by hand or by another tool)."""
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise InputError(f"{where} is not a bulk output row")
    line, article_id = value.get("line"), value.get("id")
    kinds = [k for k in ("brief", "error") if k in value]
    if not isinstance(line, int) or line < 1 or len(kinds) != 1:
        raise InputError(f"{where} is not a bulk output row (needs `line` and `brief` or `error`)")
    if article_id is not None and not isinstance(article_id, str):
        raise InputError(f"{where} has an `id` that is not a string")
    kind: RowKind = "brief" if kinds[0] == "brief" else "error"
    payload = json.dumps(value[kind], ensure_ascii=False, separators=(",", ":")).encode()
    return Row(line, article_id, kind, payload)
