"""Input records of a bulk run: the fields an article line carries, and what is wrong
with a line that cannot be used.

Every record has a position (``line``: the line number in a JSONL file, the row
number in a Parquet file, both from 1) and an ``id`` (a string; an integer is
taken as its decimal string). ``text`` is required; ``title``, ``url`` and
``published`` are optional strings. Other fields are ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAX_ID_CHARS = 512
METADATA = ("title", "url", "published")

# The id as the very first key of a JSON object: the only place it can be read from a
# line that is not valid JSON (or too long to parse) without mistaking a nested key for it.
_LEADING_ID = re.compile(rb'\A\s*\{\s*"id"\s*:\s*("(?:[^"\\\n]|\\.){1,2048}"|-?\d{1,30})\s*[,}]')


@dataclass(frozen=True, slots=True)
class Record:
    """One article to summarise."""

    line: int
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line or row that cannot be summarised; it becomes an error row."""

    line: int
    id: str | None
    error: str


Item = Record | Rejected


def _type_name(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }
    return names.get(type(value), type(value).__name__)


def record_id(value: object) -> tuple[str | None, str | None]:
    """``(id, None)`` for a usable id value, else ``(None, reason)``."""
    if value is None:
        return None, "no `id`"
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None, f"`id` must be a string or an integer, not {_type_name(value)}"
    text = str(value)
    if not text.strip():
        return None, "`id` is empty"
    if len(text) > MAX_ID_CHARS:
        return None, f"`id` is longer than {MAX_ID_CHARS} characters"
    return text, None


def record_from(line: int, fields: Mapping[str, Any]) -> Item:
    """The record in ``fields`` (a parsed JSON object or a Parquet row), or why not."""
    article_id, problem = record_id(fields.get("id"))
    if article_id is None:
        return Rejected(line, None, problem or "no `id`")
    text = fields.get("text")
    if text is None:
        return Rejected(line, article_id, "no `text`")
    if not isinstance(text, str):
        return Rejected(line, article_id, f"`text` must be a string, not {_type_name(text)}")
    metadata: dict[str, str | None] = {}
    for name in METADATA:
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            return Rejected(
                line, article_id, f"`{name}` must be a string or null, not {_type_name(value)}"
            )
        metadata[name] = value
    return Record(line, article_id, text, **metadata)


def leading_id(raw: bytes) -> str | None:
    """The id of a line that cannot be parsed, when it is the line's first key."""
    found = _LEADING_ID.match(raw[:4096])
    if found is None:
        return None
    try:
        value = json.loads(found.group(1))
    except ValueError:
        return None
    return record_id(value)[0]


class UniqueIds:
    """Takes each id for the first line that carries it; later lines get an error.

    Remembers 64-bit hashes, not the ids (about 60 bytes per record); a hash collision
    between two different ids (odds about n²/2⁶⁵) would flag the later one as a duplicate.
    """

    def __init__(self) -> None:
        self._seen: set[int] = set()

    def check(self, item: Item) -> Item:
        """``item``, or a rejection when its id was taken by an earlier line."""
        if item.id is None:
            return item
        key = hash(item.id)
        if key in self._seen:
            return Rejected(item.line, None, f"duplicate id {item.id!r}: an earlier line has it")
        self._seen.add(key)
        return item

    def filter(self, items: Iterable[Item]) -> Iterator[Item]:
        """:meth:`check` applied to every item."""
        return (self.check(item) for item in items)
