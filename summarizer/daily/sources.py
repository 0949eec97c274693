"""Reading the day's sources: article files and folders, JSON, web pages and feeds.

A source is a path or an ``http(s)`` URL:

* ``.txt`` / ``.md``: the article text; ``.html`` / ``.htm``: the page's main text.
* ``.json``: one article object or a list of them, each with ``text`` or ``file``
  (a path relative to the JSON file) and optional ``title``, ``url``, ``published``.
* ``.rss`` / ``.atom`` / ``.xml`` files and feed URLs: the pages of the items
  published on the day.
* a folder: every such file in it and its subfolders (hidden ones skipped).
* any other URL: an article page.

What cannot be read becomes a :class:`~summarizer.daily.model.Failure`; the
other sources are read all the same.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..article import Article, check_text, read_article_file
from ..config import Settings
from ..errors import InputError
from .errors import SourceError
from .feeds import FEED_SUFFIXES, FeedEntry, looks_like_feed, parse_feed, published_on
from .model import Failure
from .web import Fetcher, article_from_html

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".json"} | FEED_SUFFIXES
_KEYS = {
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "date_created", "published_at"),
}


@dataclass(frozen=True)
class Found:
    """One copy of an article, where it was read and where a reader can open it."""

    article: Article
    location: str
    link: str


@dataclass
class Collected:
    """Everything read from the sources, in source order, and what failed."""

    found: list[Found] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def file_link(path: Path) -> str:
    return path.resolve().as_uri()


async def collect(sources: Iterable[str], day: dt.date, settings: Settings) -> Collected:
    """Read every source; feeds keep the items published on ``day``."""
    async with Fetcher(settings) as fetcher:
        reader = _Reader(settings, day, fetcher)
        parts = await asyncio.gather(*(reader.source(s) for s in sources))
    out = Collected(failures=sorted(reader.failures, key=lambda f: f.source))
    for part in parts:
        out.found.extend(part)
    return out


class _Reader:
    def __init__(self, settings: Settings, day: dt.date, fetcher: Fetcher):
        self.max_chars = settings.max_article_chars
        self.day = day
        self.fetcher = fetcher
        self.failures: list[Failure] = []

    def fail(self, location: str, exc: SourceError | InputError) -> list[Found]:
        stage = exc.stage if isinstance(exc, SourceError) else "read"
        self.failures.append(Failure(source=location, stage=stage, reason=str(exc)))
        return []

    async def source(self, source: str) -> list[Found]:
        if is_url(source):
            return await self.url(source)
        path = Path(source).expanduser()
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            found = await asyncio.gather(*(self.file(p) for p in files))
            return [f for group in found for f in group]
        return await self.file(path)

    async def file(self, path: Path) -> list[Found]:
        location = str(path)
        suffix = path.suffix.lower()
        try:
            if suffix in TEXT_SUFFIXES:
                return [Found(self.text_file(path), location, file_link(path))]
            data = self.read_bytes(path)
            if suffix in HTML_SUFFIXES:
                article = article_from_html(data, origin=location, max_chars=self.max_chars)
                return [Found(article, location, file_link(path))]
            if suffix == ".json":
                return await self.json_file(path, data)
            if suffix in FEED_SUFFIXES or looks_like_feed(data):
                return await self.feed(data, location, base_url=None)
            return [Found(self.text_file(path), location, file_link(path))]
        except (SourceError, InputError) as exc:
            return self.fail(location, exc)

    def text_file(self, path: Path) -> Article:
        """A plain-text article; its title is left for the pipeline to find."""
        return Article(text=read_article_file(path, self.max_chars))

    def read_bytes(self, path: Path) -> bytes:
        try:
            if path.stat().st_size > 4 * self.max_chars:
                raise SourceError("read", f"{path} is larger than {4 * self.max_chars:,} bytes")
            return path.read_bytes()
        except FileNotFoundError:
            raise SourceError("read", f"no such file or directory: {path}") from None
        except OSError as exc:
            raise SourceError("read", f"cannot read {path}: {exc.strerror}") from None

    async def json_file(self, path: Path, data: bytes) -> list[Found]:
        try:
            parsed = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SourceError("read", f"not valid JSON: {exc}") from None
        entries = parsed if isinstance(parsed, list) else [parsed]
        found: list[Found] = []
        for i, entry in enumerate(entries):
            location = f"{path}[{i}]" if isinstance(parsed, list) else str(path)
            try:
                found.append(self.json_entry(path, entry, location))
            except (SourceError, InputError) as exc:
                self.fail(location, exc)
        return found

    def json_entry(self, path: Path, entry: Any, location: str) -> Found:
        if not isinstance(entry, dict):
            raise SourceError("read", "a JSON article must be an object")
        meta = {
            k: next((str(entry[a]) for a in aliases if entry.get(a)), None)
            for k, aliases in _KEYS.items()
        }
        link = file_link(path)
        if isinstance(entry.get("text"), str):
            text = check_text(entry["text"], location, self.max_chars)
        elif isinstance(entry.get("file"), str):
            target = path.parent / entry["file"]
            location, link = str(target), file_link(target)
            if target.suffix.lower() in HTML_SUFFIXES:
                page = article_from_html(
                    self.read_bytes(target), origin=location, max_chars=self.max_chars
                )
                text = page.text
                meta = {k: v or getattr(page, k) for k, v in meta.items()}
            else:
                text = self.text_file(target).text
        else:
            raise SourceError("read", "a JSON article needs a `text` or a `file` field")
        return Found(Article(text=text, **meta), location, link)

    async def url(self, url: str) -> list[Found]:
        try:
            page = await self.fetcher.get(url)
            if looks_like_feed(page.body, page.content_type):
                return await self.feed(page.body, url, base_url=page.url)
            article = await asyncio.to_thread(
                article_from_html, page.body, origin=url, max_chars=self.max_chars, url=page.url
            )
            return [Found(article, url, page.url)]
        except SourceError as exc:
            return self.fail(url, exc)

    async def feed(self, body: bytes, location: str, base_url: str | None) -> list[Found]:
        entries = [e for e in parse_feed(body, location, base_url) if published_on(e, self.day)]
        found = await asyncio.gather(*(self.entry(e, location) for e in entries))
        return [f for group in found for f in group]

    async def entry(self, entry: FeedEntry, feed: str) -> list[Found]:
        location = entry.link or f"{feed} ({entry.title or 'untitled item'})"
        published = entry.published.astimezone().date().isoformat() if entry.published else None
        url: str | None
        try:
            if entry.link and is_url(entry.link):
                page = await self.fetcher.get(entry.link)
                body, url = page.body, page.url
            elif entry.content:
                body, url = entry.content.encode("utf-8"), entry.link
            else:
                raise SourceError("read", "the feed item has neither a link nor content")
            article = await asyncio.to_thread(
                article_from_html,
                body,
                origin=location,
                max_chars=self.max_chars,
                url=url,
                title=entry.title,
                published=published,
            )
            return [Found(article, location, url or feed)]
        except SourceError as exc:
            return self.fail(location, exc)
