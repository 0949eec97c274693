"""Fetching pages and feeds with ``httpx``: what ``daily`` reads its web sources with and
``summarize`` its URLs.

Fetching follows the fetch policy (:mod:`summarizer.fetch_policy`): ``http`` and
``https`` only; each host name is resolved once, every address it resolves to
is checked, and the connection is made to a checked address, for the first
request and for every redirect. Nothing else connects, so a DNS answer that
changes between check and connect (rebinding) changes nothing. Proxy settings
from the environment are ignored for the same reason.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpcore
import httpx

from .article import Article, article_from_bytes, looks_like_feed
from .config import Settings
from .errors import SourceError
from .fetch_policy import FetchPolicy
from .version import __version__

USER_AGENT = f"summarizer/{__version__}"
MAX_REDIRECTS = 10
# What a fetch says when the caller's deadline (``daily``'s run_timeout) has passed.
RUN_TIME_UP = "not done: the run's time limit (run_timeout) was reached"


@dataclass(frozen=True)
class Page:
    """A fetched resource: the final URL after redirects, its content type and bytes."""

    url: str
    content_type: str
    body: bytes


class AddressRefused(Exception):
    """The fetch policy refuses every address a host resolves to."""


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to addresses the policy allows, resolving each host
    once and connecting to the address that was checked."""

    def __init__(self, policy: FetchPolicy):
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def _addresses(self, host: str, port: int) -> list[str]:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        refusals = [self._policy.refusal(host, a) for a in addresses]
        allowed = [a for a, refused in zip(addresses, refusals, strict=True) if refused is None]
        if not allowed:
            raise AddressRefused(next((r for r in refusals if r), f"{host} has no address"))
        return allowed

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        last: Exception | None = None
        for address in await self._addresses(host, port):
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("refused: Unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool on the guarded network backend."""

    def __init__(self, policy: FetchPolicy):
        super().__init__(trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool):
            raise RuntimeError("this httpx version keeps its connection pool elsewhere")
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_GuardedBackend(policy),
        )


class Fetcher:
    """A shared HTTP client under the fetch policy: ``concurrency`` requests at once,
    each within ``fetch_timeout`` and ``4 × max_article_chars`` bytes."""

    def __init__(self, settings: Settings):
        self._timeout = settings.fetch_timeout
        self._max_bytes = 4 * settings.max_article_chars
        self._limit = asyncio.Semaphore(settings.concurrency)
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(FetchPolicy.from_settings(settings.allow_hosts)),
            timeout=settings.fetch_timeout,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            trust_env=False,
            headers={"User-Agent": USER_AGENT},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._client.aclose()

    async def get(self, url: str, deadline: float | None = None) -> Page:
        """The resource at ``url``; the whole exchange must finish within ``fetch_timeout``
        and before ``deadline`` (event-loop time: the end of the run), if given.

        Raises:
            SourceError: not http(s), refused by the fetch policy, HTTP error status,
                timeout, connection failure or oversized body.
        """
        try:
            scheme = httpx.URL(url).scheme
        except httpx.InvalidURL:
            raise SourceError("fetch", "not a valid URL") from None
        if scheme not in ("http", "https"):
            raise SourceError("fetch", "refused: only http and https URLs are fetched")
        async with self._limit:
            left = None if deadline is None else deadline - asyncio.get_running_loop().time()
            by_run = left is not None and left < self._timeout
            limit = left if by_run and left is not None else self._timeout
            if limit <= 0:
                raise SourceError("fetch", RUN_TIME_UP)
            try:
                return await asyncio.wait_for(self._get(url), limit)
            except TimeoutError:
                reason = RUN_TIME_UP if by_run else f"no complete answer within {limit:g}s"
                raise SourceError("fetch", reason) from None
            except AddressRefused as exc:
                raise SourceError("fetch", str(exc)) from None
            except httpx.HTTPError as exc:
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


async def fetch_article(url: str, settings: Settings) -> Article:
    """The article at the http(s) ``url``, fetched under the fetch policy and limits of
    ``daily`` (``fetch_timeout``, ``allow_hosts``, ``4 × max_article_chars`` bytes): an
    HTML page's main text, title and date, or a plain-text body as it is.

    Raises:
        SourceError: not http(s), refused by the fetch policy, an HTTP error, a timeout,
            an oversized body, a feed rather than an article, or a page without article text.
        InputError: a body that is binary, undecodable or too long.
    """
    async with Fetcher(settings) as fetcher:
        try:
            page = await fetcher.get(url)
        except SourceError as exc:
            raise SourceError(exc.stage, f"{url}: {exc}") from None
    if looks_like_feed(page.body, page.content_type):
        raise SourceError(
            "extract", f"{url} is a feed, not an article; `summarizer daily` reads feeds"
        )
    return await asyncio.to_thread(
        article_from_bytes,
        page.body,
        origin=url,
        max_chars=settings.max_article_chars,
        content_type=page.content_type,
        url=page.url,
    )
