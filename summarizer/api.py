"""The library's entry points: :func:`summarize` and :func:`summarize_many`, their async
twins, and :class:`Summarizer`, the pipeline that also summarises many articles.

One article runs through :class:`~summarizer.pipeline.Pipeline`. Many run in this
process (``concurrency`` at a time), in worker processes (the ``workers`` setting,
:mod:`summarizer.workers`) or through the OpenAI Batch API (the ``batch`` setting,
:mod:`summarizer.batch`). An article is read without being summarised by
:func:`~summarizer.pipeline.read_article`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .errors import SummarizerError, UsageError
from .event_loop import run_sync
from .pipeline import ArticleLike, Pipeline
from .providers import Provider
from .schema import Brief

if TYPE_CHECKING:
    from .workers import WorkerPool


class Summarizer(Pipeline):
    """A configured pipeline (one settings object, one prompt, one provider) that also
    summarises many articles at once: :meth:`summarize_many`."""

    def __init__(self, settings: Settings | None = None, provider: Provider | None = None):
        super().__init__(settings, provider)
        self._pool: WorkerPool | None = None  # started by summarize_many with ``workers``

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None
        await super().aclose()

    async def summarize_many(
        self,
        sources: Sequence[ArticleLike],
        *,
        concurrency: int | None = None,
        return_exceptions: bool = True,
        on_result: Callable[[int, Brief | SummarizerError], Awaitable[None] | None] | None = None,
    ) -> list[Brief | SummarizerError]:
        """Briefs of ``sources`` in input order; see :func:`summarize_many`."""
        if self.settings.batch:
            from .batch.runs import summarize_in_batch  # loads the Batch API client

            results = await summarize_in_batch(self.settings, sources, on_result=on_result)
            failed = [r for r in results if isinstance(r, SummarizerError)]
            if failed and not return_exceptions:
                raise failed[0]
            return results
        limit = concurrency or self.settings.concurrency
        if not self.settings.workers:
            return await _many(self.summarize, sources, limit, return_exceptions, on_result)
        if not self._owns_provider:
            raise UsageError(
                "worker processes build their own provider from the settings: pass settings "
                "without a provider, or set workers to 0"
            )
        if self._pool is None:
            from .workers import WorkerPool  # starts processes: only when asked for

            pool = WorkerPool(self.settings, self.settings.workers)
            await pool.start()
            self._pool = pool
        return await _many(self._pool.summarize, sources, limit, return_exceptions, on_result)


async def _many(
    summarize_one: Callable[[ArticleLike], Awaitable[Brief]],
    sources: Sequence[ArticleLike],
    concurrency: int,
    return_exceptions: bool,
    on_result: Callable[[int, Brief | SummarizerError], Awaitable[None] | None] | None,
) -> list[Brief | SummarizerError]:
    """``summarize_one`` over ``sources``, ``concurrency`` at a time, in input order."""
    limit = asyncio.Semaphore(concurrency)

    async def one(i: int, source: ArticleLike) -> Brief | SummarizerError:
        async with limit:
            try:
                result: Brief | SummarizerError = await summarize_one(source)
            except SummarizerError as exc:
                if not return_exceptions:
                    raise
                result = exc
            except Exception as exc:
                if not return_exceptions:
                    raise
                wrapped = SummarizerError(f"unexpected {type(exc).__name__}: {exc}")
                wrapped.__cause__ = exc
                result = wrapped
        if on_result is not None:
            maybe = on_result(i, result)
            if asyncio.iscoroutine(maybe):
                await maybe
        return result

    return list(await asyncio.gather(*(one(i, s) for i, s in enumerate(sources))))


async def asummarize(
    article: ArticleLike | None = None,
    *,
    text: str | None = None,
    path: str | Path | None = None,
    url: str | None = None,
    config: Settings | None = None,
    provider: Provider | None = None,
) -> Brief:
    """Async :func:`summarize`."""
    async with Summarizer(config, provider) as pipeline:
        return await pipeline.summarize(article, text=text, path=path, url=url)


def summarize(
    article: ArticleLike | None = None,
    *,
    text: str | None = None,
    path: str | Path | None = None,
    url: str | None = None,
    config: Settings | None = None,
    provider: Provider | None = None,
) -> Brief:
    """A grounded, typed brief of one article, given in exactly one of four ways.

    Args:
        article: an :class:`Article` (text with title, url and published date), a
            :class:`~pathlib.Path`, or article text as a ``str``. A string that is only a
            URL or a file name (``"artcle.txt"``, ``"./a.txt"``) is refused with a
            :class:`UsageError` naming ``url=`` or ``path=``: it is never summarised as text,
            and never read as a file.
        text: article text, taken as it is (a one-word text too).
        path: a file of text (UTF-8, or UTF-16/32 with a byte-order mark) or HTML
            (``.html``/``.htm``, or content that opens like a web page: its main text,
            title and date are read).
        url: an http(s) page, fetched under the fetch policy (``allow_hosts``,
            ``fetch_timeout``) and read like an HTML file.
        config: settings; default: environment and config file (:func:`load_settings`).
        provider: an already constructed provider (it is not closed afterwards).

    Returns:
        A :class:`Brief` whose quotes, figures and claims carry offsets into the text.

    Raises:
        UsageError: not exactly one of article, text, path and url, or a string that
            names a file or URL.
        InputError: the article is missing, empty, binary or too large; the page cannot
            be fetched or holds no article text (:class:`SourceError`).
        ConfigError, ProviderError: the provider is misconfigured or failing.
        NoValidOutputError: no usable output within the allowed re-asks.
    """
    return run_sync(
        asummarize(article, text=text, path=path, url=url, config=config, provider=provider)
    )


async def asummarize_many(
    articles: Sequence[ArticleLike],
    *,
    concurrency: int | None = None,
    config: Settings | None = None,
    provider: Provider | None = None,
    return_exceptions: bool = True,
) -> list[Brief | SummarizerError]:
    """Async :func:`summarize_many`."""
    async with Summarizer(config, provider) as pipeline:
        return await pipeline.summarize_many(
            articles, concurrency=concurrency, return_exceptions=return_exceptions
        )


def summarize_many(
    articles: Sequence[ArticleLike],
    *,
    concurrency: int | None = None,
    config: Settings | None = None,
    provider: Provider | None = None,
    return_exceptions: bool = True,
) -> list[Brief | SummarizerError]:
    """Briefs of many articles, ``concurrency`` at a time, in input order.

    A failure of one article is returned in its place as a :class:`SummarizerError`
    (``return_exceptions=False`` raises the first one instead).

    With the ``workers`` setting, that many worker processes summarise (each with its
    own provider built from the settings), so the client's CPU work per call runs on
    every core; ``concurrency`` still bounds the articles out at once in all of them.
    A :class:`Summarizer` keeps its workers until :meth:`Summarizer.aclose`.

    With the ``batch`` setting the requests go through the OpenAI Batch API at its
    lower price, and the call returns once every answer is back (the API answers
    within 24 hours; it checks every ``batch_poll_interval`` seconds). Calling it
    again with the same articles after a crash continues the same batch.
    """
    return run_sync(
        asummarize_many(
            articles,
            concurrency=concurrency,
            config=config,
            provider=provider,
            return_exceptions=return_exceptions,
        )
    )
