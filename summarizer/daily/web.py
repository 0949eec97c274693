"""Fetching pages and feeds with ``httpx``, and article text from HTML with ``trafilatura``."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import TracebackType

from .. import __version__
from ..article import Article, check_text
from ..config import Settings
from ..errors import InputError
from ..text import words
from .errors import SourceError

USER_AGENT = f"summarizer/{__version__} (daily brief)"
# Fewer words than this is a navigation, paywall or error page, not an article.
MIN_ARTICLE_WORDS = 25


@dataclass(frozen=True)
class Page:
    """A fetched resource: the final URL after redirects, its content type and bytes."""

    url: str
    content_type: str
    body: bytes


class Fetcher:
    """A shared HTTP client: ``concurrency`` requests at once, each within ``fetch_timeout``."""

    def __init__(self, settings: Settings):
        self._timeout = settings.fetch_timeout
        self._max_bytes = 4 * settings.max_article_chars
        self._limit = asyncio.Semaphore(settings.concurrency)
        import httpx  # only runs that fetch pay for the import

        self._http_error = httpx.HTTPError
        self._client = httpx.AsyncClient(
            timeout=settings.fetch_timeout,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._client.aclose()

    async def get(self, url: str) -> Page:
        """The resource at ``url``; the whole exchange must finish within ``fetch_timeout``.

        Raises:
            SourceError: HTTP error status, timeout, connection failure or oversized body.
        """
        async with self._limit:
            try:
                return await asyncio.wait_for(self._get(url), self._timeout)
            except TimeoutError:
                reason = f"no complete answer within {self._timeout:g}s"
                raise SourceError("fetch", reason) from None
            except self._http_error as exc:
                detail = str(exc) or type(exc).__name__
                raise SourceError("fetch", f"cannot fetch: {detail}") from None

    async def _get(self, url: str) -> Page:
        async with self._client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise SourceError(
                    "fetch", f"HTTP {response.status_code} {response.reason_phrase}".strip()
                )
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > self._max_bytes:
                    raise SourceError("fetch", f"larger than {self._max_bytes:,} bytes")
            return Page(str(response.url), response.headers.get("content-type", ""), bytes(body))


def article_from_html(
    html: bytes,
    *,
    origin: str,
    max_chars: int,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Article:
    """The article in a web page: its main text, title and date (``title``/``published``
    given by a feed take precedence).

    Raises:
        SourceError: the page holds no article text.
    """
    import trafilatura  # heavy: imported when a page is first read

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(document, "text", None) or ""
    if len(words(text)) < MIN_ARTICLE_WORDS:
        raise SourceError("extract", "no article text found on the page")
    try:
        checked = check_text(text, origin, max_chars)
    except InputError as exc:
        raise SourceError("extract", str(exc)) from None
    return Article(
        text=checked,
        title=title or getattr(document, "title", None),
        url=url,
        published=published or getattr(document, "date", None),
    )
