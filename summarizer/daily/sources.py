"""Reading the day's sources: article files and folders, JSON, web pages and feeds.

A source is a path or an ``http(s)`` URL:

* ``.txt`` / ``.md``: the article text; ``.html`` / ``.htm``: the page's main text.
* ``.json``: one article object or a list of them, each with ``text`` or ``file``
  (a path relative to the JSON file) and optional ``title``, ``url``, ``published``
  and ``outlet``.
* ``.rss`` / ``.atom`` / ``.xml`` files and feed URLs: the pages of the items
  published on the day.
* a folder: every such file in it and its subfolders (hidden ones skipped).
* any other URL: an article page.

What cannot be read becomes a :class:`~summarizer.daily.model.Failure`; the
other sources are read all the same.

Limits: files are read with a byte cap (regular files only: a FIFO or a device
is refused, never opened for reading); a JSON manifest names files inside its own
folder only; a feed gives at most ``max_feed_items`` items of the day; reading
and parsing one source or article gets ``article_timeout`` seconds, and nothing
new starts once the run's deadline has passed. Parsing (HTML, feeds, JSON) runs
on a worker thread, so the event loop keeps serving the network and fetch time
limits measure the network, not our parsing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from ..article import (
    Article,
    article_from_html,
    check_text,
    looks_like_feed,
    max_bytes,
    read_article_file,
)
from ..config import Settings
from ..errors import InputError
from ..files import read_bounded
from ..safe_text import http_url, one_line
from ..web import RUN_TIME_UP, Fetcher, Page
from .errors import SourceError
from .feeds import FEED_SUFFIXES, FeedEntry, parse_feed, published_on
from .model import Failure

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".json"} | FEED_SUFFIXES
_KEYS = {
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "date_created", "published_at"),
}
_OUTLET_KEYS = ("outlet", "site", "site_name", "publisher", "source_name")
T = TypeVar("T")


@dataclass(frozen=True)
class Found:
    """One copy of an article, where it was read and where a reader can open it, and the
    outlet that published it when the source says so."""

    article: Article
    location: str
    link: str
    outlet: str | None = None


@dataclass
class Collected:
    """Everything read from the sources, in source order, and what failed."""

    found: list[Found] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def file_link(path: Path) -> str:
    return path.resolve().as_uri()


def found(article: Article, location: str, link: str, outlet: str | None = None) -> Found:
    """A :class:`Found` whose article metadata is clean: title, date and outlet on one line
    without control characters, and a URL only when it is http(s)."""
    clean = replace(
        article,
        title=one_line(article.title) or None,
        url=article.url if http_url(article.url) else None,
        published=one_line(article.published) or None,
    )
    return Found(clean, one_line(location), link, one_line(outlet) or None)


async def collect(
    sources: Iterable[str], day: dt.date, settings: Settings, deadline: float | None = None
) -> Collected:
    """Read every source; feeds keep the items published on ``day``.

    ``deadline`` (event-loop time) is when the run's time is up: what is not read
    by then is listed as failed.
    """
    async with Fetcher(settings) as fetcher:
        reader = _Reader(settings, day, fetcher, deadline)
        try:
            parts = await asyncio.gather(*(reader.source(s) for s in sources))
        finally:
            reader.close()
    out = Collected(failures=sorted(reader.failures, key=lambda f: f.source))
    for part in parts:
        out.found.extend(part)
    return out


class _Reader:
    def __init__(self, settings: Settings, day: dt.date, fetcher: Fetcher, deadline: float | None):
        self.max_chars = settings.max_article_chars
        self.max_items = settings.max_feed_items
        self.article_timeout = settings.article_timeout
        self.deadline = deadline
        self.day = day
        self.fetcher = fetcher
        self.failures: list[Failure] = []
        self._pool = self._new_pool()
        self._turn = asyncio.Semaphore(1)

    @staticmethod
    def _new_pool() -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-read")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def remaining(self) -> float:
        """Seconds left before the run's deadline (infinite without one)."""
        if self.deadline is None:
            return float("inf")
        return self.deadline - asyncio.get_running_loop().time()

    async def work(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)`` on the reading thread, one at a time, within
        ``article_timeout`` (and the run's deadline).

        A call that runs over is abandoned with its thread; later work gets a new one.
        """
        async with self._turn:
            limit = min(self.article_timeout, self.remaining())
            if limit <= 0:
                raise SourceError("read", RUN_TIME_UP)
            call = functools.partial(func, *args, **kwargs)
            future = asyncio.get_running_loop().run_in_executor(self._pool, call)
            try:
                return await asyncio.wait_for(future, limit)
            except TimeoutError:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                raise SourceError("extract", f"not read within {limit:g}s") from None

    async def fetch(self, url: str) -> Page:
        return await self.fetcher.get(url, deadline=self.deadline)

    def fail(self, location: str, exc: SourceError | InputError) -> list[Found]:
        stage = exc.stage if isinstance(exc, SourceError) else "read"
        self.failures.append(Failure(source=one_line(location), stage=stage, reason=str(exc)))
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
                return [await self.work(self.text_file, path)]
            data = await self.work(self.read_bytes, path)
            if suffix in HTML_SUFFIXES:
                article = await self.work(
                    article_from_html, data, origin=location, max_chars=self.max_chars
                )
                return [found(article, location, file_link(path))]
            if suffix == ".json":
                return await self.work(self.json_file, path, data)
            if suffix in FEED_SUFFIXES or looks_like_feed(data):
                return await self.feed(data, location, base_url=None)
            return [await self.work(self.text_file, path)]
        except (SourceError, InputError) as exc:
            return self.fail(location, exc)

    def text_file(self, path: Path) -> Found:
        """A plain-text article; its title is left for the pipeline to find."""
        article = Article(text=read_article_file(path, self.max_chars))
        return found(article, str(path), file_link(path))

    def read_bytes(self, path: Path) -> bytes:
        try:
            return read_bounded(path, max_bytes(self.max_chars))
        except InputError as exc:
            raise SourceError("read", str(exc)) from None

    def json_file(self, path: Path, data: bytes) -> list[Found]:
        try:
            parsed = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise SourceError("read", f"not valid JSON: {exc}") from None
        entries = parsed if isinstance(parsed, list) else [parsed]
        out: list[Found] = []
        for i, entry in enumerate(entries):
            location = f"{path}[{i}]" if isinstance(parsed, list) else str(path)
            try:
                out.append(self.json_entry(path, entry, location))
            except (SourceError, InputError) as exc:
                self.fail(location, exc)
        return out

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
            target = manifest_target(path, entry["file"])
            location, link = str(target), file_link(target)
            if target.suffix.lower() in HTML_SUFFIXES:
                page = article_from_html(
                    self.read_bytes(target), origin=location, max_chars=self.max_chars
                )
                text = page.text
                meta = {k: v or getattr(page, k) for k, v in meta.items()}
            else:
                text = read_article_file(target, self.max_chars)
        else:
            raise SourceError("read", "a JSON article needs a `text` or a `file` field")
        outlet = next((str(entry[k]) for k in _OUTLET_KEYS if entry.get(k)), None)
        return found(Article(text=text, **meta), location, link, outlet)

    async def url(self, url: str) -> list[Found]:
        try:
            page = await self.fetch(url)
            if looks_like_feed(page.body, page.content_type):
                return await self.feed(page.body, url, base_url=page.url)
            article = await self.work(
                article_from_html, page.body, origin=url, max_chars=self.max_chars, url=page.url
            )
            return [found(article, url, page.url)]
        except SourceError as exc:
            return self.fail(url, exc)

    async def feed(self, body: bytes, location: str, base_url: str | None) -> list[Found]:
        entries = await self.work(parse_feed, body, location, base_url)
        todays = [e for e in entries if published_on(e, self.day)]
        if len(todays) > self.max_items:
            skipped = len(todays) - self.max_items
            self.failures.append(
                Failure(
                    source=one_line(location),
                    stage="read",
                    reason=f"{skipped:,} more items of the day not read "
                    f"(max_feed_items = {self.max_items})",
                )
            )
            todays = todays[: self.max_items]
        found_items = await asyncio.gather(*(self.entry(e, location) for e in todays))
        return [f for group in found_items for f in group]

    async def entry(self, entry: FeedEntry, feed: str) -> list[Found]:
        link = entry.link if entry.link and is_url(entry.link) else None
        location = link or f"{feed} ({one_line(entry.title) or 'untitled item'})"
        published = entry.published.astimezone().date().isoformat() if entry.published else None
        try:
            if link:
                page = await self.fetch(link)
                body, url = page.body, page.url
            elif entry.content:
                body, url = entry.content.encode("utf-8"), None
            else:
                raise SourceError("read", "the feed item has neither a link nor content")
            article = await self.work(
                article_from_html,
                body,
                origin=location,
                max_chars=self.max_chars,
                url=url,
                title=entry.title,
                published=published,
            )
            return [found(article, location, url or feed)]
        except SourceError as exc:
            return self.fail(location, exc)


def manifest_target(manifest: Path, name: str) -> Path:
    """The article file ``name`` of a JSON manifest: inside the manifest's folder (after
    following links) and an article file (.txt, .md, .html).

    Raises:
        SourceError: a path outside the folder, or not an article file.
    """
    folder = manifest.parent.resolve()
    target = (manifest.parent / name).resolve()
    if not target.is_relative_to(folder):
        raise SourceError("read", f"{name!r} is outside the folder of {manifest.name}")
    if target.suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise SourceError("read", f"{name!r} is not an article file (.txt, .md, .html)")
    return manifest.parent / name
