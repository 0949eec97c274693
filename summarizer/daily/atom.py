"""``DIR/feed.atom``: the daily briefs as an Atom feed (RFC 4287), so readers can subscribe.

One entry per day (the latest :data:`FEED_DAYS`), newest first, linking to the
day's page and summarising its top stories as plain text. Ids are stable: the
feed's is a UUID derived from the output folder's path, each day's one derived
from the feed's and the date, so rewriting the feed never makes old entries look
new. Links are relative to the feed (``2024-05-01/brief.html``), which readers
resolve against the address they fetched the feed from. Text is XML-escaped and
stripped of characters XML 1.0 does not allow.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..safe_text import one_line
from ..version import __version__

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "feed.atom"
FEED_DAYS = 30
ENTRY_STORIES = 5
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str | None) -> str:
    """``text`` without the characters XML 1.0 cannot hold (and without control characters)."""
    return _NOT_XML.sub("", text or "")


def feed_id(out_dir: Path) -> uuid.UUID:
    """The feed's id: the same for the same output folder."""
    return uuid.uuid5(uuid.NAMESPACE_URL, out_dir.resolve().as_uri())


def _rfc3339(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        node.text = xml_text(text)
    return node


def entry_summary(day: dict[str, Any]) -> str:
    """A day's top stories as plain text, one a line."""
    lines = []
    for n, story in enumerate(day["top"][:ENTRY_STORIES], 1):
        outlets = story["outlets"]
        cover = f" ({outlets} outlets)" if outlets > 1 else ""
        summary = one_line(story["summary"])
        lines.append(
            f"{n}. {one_line(story['title'])}{cover}" + (f": {summary}" if summary else "")
        )
    more = day["stories"] - len(lines)
    if more > 0:
        lines.append(f"and {more} more {'story' if more == 1 else 'stories'}")
    return "\n".join(lines) or "No stories."


def atom_feed(days: Sequence[dict[str, Any]], out_dir: Path) -> str:
    """The feed of ``days`` (newest first; each as :func:`summarizer.daily.output.list_days`
    gives it) written in ``out_dir``."""
    ET.register_namespace("", ATOM)
    base = feed_id(out_dir)
    shown = list(days[:FEED_DAYS])
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", base.urn)
    _add(feed, "title", "Daily briefs")
    newest = max((d["updated"] for d in shown), default=dt.datetime.fromtimestamp(0, dt.UTC))
    _add(feed, "updated", _rfc3339(newest))
    _add(_add(feed, "author"), "name", "summarizer")
    _add(feed, "link", rel="self", type="application/atom+xml", href=FEED_NAME)
    _add(feed, "link", rel="alternate", type="text/html", href="index.html")
    _add(feed, "generator", "summarizer", version=__version__)
    for day in shown:
        entry = _add(feed, "entry")
        _add(entry, "id", uuid.uuid5(base, day["date"]).urn)
        count = day["stories"]
        _add(
            entry, "title", f"Daily brief {day['date']}: {count} stor{'y' if count == 1 else 'ies'}"
        )
        _add(entry, "updated", _rfc3339(day["updated"]))
        _add(entry, "link", rel="alternate", type="text/html", href=day["href"])
        _add(entry, "summary", entry_summary(day), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="utf-8"?>\n', "\n"]
    )
