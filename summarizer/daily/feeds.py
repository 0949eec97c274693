"""RSS and Atom feeds: telling a feed from a page, and its entries with their dates.

Feeds are parsed from bytes already fetched (or read from a file); feedparser
is never given a URL, so it never fetches anything itself.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from .errors import SourceError

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: where the article is, and what the feed says about it."""

    link: str | None
    title: str | None
    published: dt.datetime | None
    content: str | None


def parse_feed(body: bytes, origin: str, base_url: str | None = None) -> list[FeedEntry]:
    """The entries of the feed in ``body``; relative links resolve against ``base_url``.

    Raises:
        SourceError: ``body`` is not a feed feedparser can read.
    """
    headers = {"content-location": base_url} if base_url else None
    import feedparser  # imported when a feed is first read

    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if parsed.bozo and not parsed.entries:
        raise SourceError("extract", f"not a readable feed: {parsed.get('bozo_exception')}")
    return [_entry(e) for e in parsed.entries]


def _entry(raw: Any) -> FeedEntry:
    when = raw.get("published_parsed") or raw.get("updated_parsed")
    published = dt.datetime.fromtimestamp(calendar.timegm(when), dt.UTC) if when else None
    content = raw.get("content")
    html = content[0].get("value") if content else raw.get("summary")
    return FeedEntry(raw.get("link"), raw.get("title"), published, html or None)


def published_on(entry: FeedEntry, day: dt.date) -> bool:
    """True when ``entry`` was published on ``day`` in the local time zone.

    Entries without a date are left out: nothing says they belong to the day.
    """
    return entry.published is not None and entry.published.astimezone().date() == day
