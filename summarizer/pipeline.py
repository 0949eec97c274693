"""The pipeline: article → chunks → provider → grounding → merged, linked brief."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from .align import ArticleIndex
from .article import Article, load_article
from .assemble import build_brief, merge
from .chunking import split_article
from .config import Settings, load_settings
from .errors import GroundingError, SummarizerError
from .grounding import Grounded, ground
from .prompts import Prompt, load_prompt
from .providers import ExtractionRequest, ExtractionResult, Provider, make_provider
from .schema import Brief, Provenance, Usage

ArticleLike = str | Path | Article
T = TypeVar("T")


def _run_in_new_loop(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` without its SIGINT handler.

    On Python 3.11, restoring that handler formats a repr of the finished main
    task, result included: for a day's worth of briefs that costs a second.
    Ctrl-C still raises KeyboardInterrupt here.
    """
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion, also from code that already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_in_new_loop(coro)
    box: dict[str, Any] = {}

    def worker() -> None:
        try:
            box["value"] = _run_in_new_loop(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def build_requests(
    article: Article, prompt: Prompt, settings: Settings
) -> list[tuple[int, ExtractionRequest]]:
    """The extraction requests for ``article``: one per chunk, with the chunk's offset."""
    chunks = split_article(article.text, settings.max_input_chars, settings.chunk_overlap_chars)
    many = len(chunks) > 1
    requests = []
    for i, chunk in enumerate(chunks):
        text = article.text[chunk.start : chunk.end]
        messages = prompt.render(
            text,
            title=article.title,
            published=article.published,
            part=i + 1 if many else None,
            parts=len(chunks) if many else None,
        )
        label = f"part {i + 1}/{len(chunks)} of the article" if many else "the article"
        requests.append((chunk.start, ExtractionRequest(text, messages, ArticleIndex(text), label)))
    return requests


class Summarizer:
    """A configured pipeline: one settings object, one prompt, one provider."""

    def __init__(self, settings: Settings | None = None, provider: Provider | None = None):
        self.settings = settings or load_settings()
        self.prompt: Prompt = load_prompt(self.settings.prompt, self.settings.prompts_dir)
        self._owns_provider = provider is None
        self.provider = provider or make_provider(self.settings)

    async def aclose(self) -> None:
        if self._owns_provider:
            await self.provider.aclose()

    async def __aenter__(self) -> Summarizer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def summarize(self, source: ArticleLike) -> Brief:
        """A grounded brief of ``source``; see :func:`summarize`."""
        started = time.perf_counter()
        article = load_article(source, self.settings.max_article_chars)
        requests = build_requests(article, self.prompt, self.settings)
        limit = asyncio.Semaphore(self.settings.concurrency)

        async def run(request: ExtractionRequest) -> ExtractionResult:
            async with limit:
                return await self.provider.extract(request)

        results = await asyncio.gather(*(run(r) for _, r in requests))
        parts: list[Grounded] = []
        for (offset, request), result in zip(requests, results, strict=True):
            grounded = result.grounded or ground(result.extraction, request.index)
            parts.append(grounded.shifted(offset))
        grounded = merge(parts)
        if grounded.problems and self.settings.strict:
            details = "; ".join(p.for_user() for p in grounded.problems)
            raise GroundingError(
                f"items could not be grounded after re-asks: {details}",
                usage=_usage(results),
                attempts=sum(r.attempts for r in results),
            )
        warnings = [p.for_user() for p in grounded.problems]
        usage = _usage(results)
        model = results[0].model if results else self.provider.model
        provenance = Provenance(
            provider=self.provider.name,
            model=model,
            prompt_id=self.prompt.id,
            prompt_sha256=self.prompt.sha256,
            attempts=sum(r.attempts for r in results),
            chunks=len(requests),
            usage=usage,
            cost_usd=self.settings.cost(model, usage) if self.provider.paid else 0.0,
            latency_s=round(time.perf_counter() - started, 4),
            created_at=datetime.now(UTC),
        )
        return build_brief(article, grounded, provenance, warnings)

    async def summarize_many(
        self,
        sources: Sequence[ArticleLike],
        *,
        concurrency: int | None = None,
        return_exceptions: bool = True,
        on_result: Callable[[int, Brief | SummarizerError], Awaitable[None] | None] | None = None,
    ) -> list[Brief | SummarizerError]:
        """Briefs of ``sources`` in input order; see :func:`summarize_many`."""
        limit = asyncio.Semaphore(concurrency or self.settings.concurrency)

        async def one(i: int, source: ArticleLike) -> Brief | SummarizerError:
            async with limit:
                try:
                    result: Brief | SummarizerError = await self.summarize(source)
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


def _usage(results: Sequence[ExtractionResult]) -> Usage:
    total = Usage()
    for result in results:
        total = total + result.usage
    return total


async def asummarize(
    article: ArticleLike, *, config: Settings | None = None, provider: Provider | None = None
) -> Brief:
    """Async :func:`summarize`."""
    async with Summarizer(config, provider) as pipeline:
        return await pipeline.summarize(article)


def summarize(
    article: ArticleLike, *, config: Settings | None = None, provider: Provider | None = None
) -> Brief:
    """A grounded, typed brief of one article.

    Args:
        article: the article text, a :class:`~pathlib.Path` to a UTF-8 file, or an
            :class:`Article` with title, url and published date.
        config: settings; default: environment and config file (:func:`load_settings`).
        provider: an already constructed provider (it is not closed afterwards).

    Returns:
        A :class:`Brief` whose quotes, figures and claims carry offsets into the text.

    Raises:
        InputError: the article is missing, empty, binary or too large.
        ConfigError, ProviderError: the provider is misconfigured or failing.
        NoValidOutputError: no usable output within the allowed re-asks.
    """
    return _run(asummarize(article, config=config, provider=provider))


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
    """
    return _run(
        asummarize_many(
            articles,
            concurrency=concurrency,
            config=config,
            provider=provider,
            return_exceptions=return_exceptions,
        )
    )
