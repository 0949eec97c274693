"""The pipeline: article → chunks → provider → grounding → merged, linked brief.

Chunks are as large as the output budget allows (:mod:`summarizer.budget`); a
chunk whose answer is still cut off at ``max_output_tokens`` is halved on a
paragraph or sentence boundary and asked again. With ``verify`` on, one more
request per brief has the model judge every kept claim
(:mod:`summarizer.verification`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .align import ArticleIndex
from .article import Article, load_article
from .assemble import build_brief, merge
from .budget import MIN_CHUNK_CHARS, chunk_chars
from .chunking import split_article
from .config import Settings, load_settings
from .errors import GroundingError, NoValidOutputError, ProviderError, SummarizerError, UsageError
from .event_loop import run_sync
from .grounding import Grounded, Problem, ground
from .prompts import Prompt, load_prompt
from .providers import ExtractionRequest, ExtractionResult, Provider, make_provider
from .providers.base import TruncatedOutputError
from .schema import Brief, Provenance, Usage, Verification
from .text import paragraphs, sentences
from .verification import apply_verdicts, verify_request

if TYPE_CHECKING:
    from .workers import WorkerPool

ArticleLike = str | Path | Article


def build_requests(
    article: Article, prompt: Prompt, settings: Settings, provider_name: str | None = None
) -> list[tuple[int, ExtractionRequest]]:
    """The extraction requests for ``article``: one per chunk, with the chunk's offset.

    The chunk size follows from the output budget (see :mod:`summarizer.budget`).
    """
    budget = chunk_chars(settings, prompt, provider_name or settings.provider_name)
    chunks = split_article(article.text, budget, settings.chunk_overlap_chars)
    parts = len(chunks)
    index = ArticleIndex(article.text)
    return [
        (c.start, _request(article, index, prompt, c.start, c.end, i + 1, parts))
        for i, c in enumerate(chunks)
    ]


def _request(
    article: Article,
    index: ArticleIndex,
    prompt: Prompt,
    start: int,
    end: int,
    part: int,
    parts: int,
) -> ExtractionRequest:
    """The request for ``article.text[start:end]``, part ``part`` of ``parts``, grounded in
    ``index`` (the whole article's)."""
    text = article.text[start:end]
    many = parts > 1
    messages = prompt.render(
        text,
        title=article.title,
        published=article.published,
        part=part if many else None,
        parts=parts if many else None,
    )
    label = f"part {part}/{parts} of the article" if many else "the article"
    return ExtractionRequest(
        text,
        messages,
        index,
        label,
        part,
        parts,
        start,
        title=article.title,
        prompt_id=prompt.id,
        prompt_sha256=prompt.sha256,
    )


def halve(text: str, start: int, end: int) -> int | None:
    """Where to cut ``text[start:end]`` in two: the paragraph, else sentence, else word
    boundary nearest its middle; None when it is too short to split."""
    if end - start < MIN_CHUNK_CHARS:
        return None
    piece = text[start:end]
    middle = len(piece) / 2
    for segments in (paragraphs(piece), sentences(piece)):
        cuts = [s.start for s in segments[1:] if len(piece) / 4 <= s.start <= 3 * len(piece) / 4]
        if cuts:
            return start + min(cuts, key=lambda c: abs(c - middle))
    space = piece.rfind(" ", 0, int(middle))
    return start + (space + 1 if space > 0 else int(middle))


@dataclass
class _Spent:
    """One brief's provider calls: at most ``limit`` at once; answers and usage, failed ones too."""

    limit: asyncio.Semaphore
    attempts: int = 0
    usage: Usage = field(default_factory=Usage)

    def add(self, attempts: int, usage: object) -> None:
        self.attempts += attempts
        if isinstance(usage, Usage):
            self.usage = self.usage + usage


@dataclass(frozen=True)
class _Part:
    """One answered request: where its text starts in the article, the request, the result."""

    offset: int
    request: ExtractionRequest
    result: ExtractionResult


class Summarizer:
    """A configured pipeline: one settings object, one prompt, one provider."""

    def __init__(self, settings: Settings | None = None, provider: Provider | None = None):
        self.settings = settings or load_settings()
        self.prompt: Prompt = load_prompt(self.settings.prompt, self.settings.prompts_dir)
        self._owns_provider = provider is None
        self.provider = provider or make_provider(self.settings)
        self._pool: WorkerPool | None = None  # started by summarize_many with ``workers``

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None
        if self._owns_provider:
            await self.provider.aclose()

    async def __aenter__(self) -> Summarizer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def summarize(
        self,
        source: ArticleLike | None = None,
        *,
        text: str | None = None,
        path: str | Path | None = None,
        url: str | None = None,
    ) -> Brief:
        """A grounded brief of one article; see :func:`summarize`."""
        started = time.perf_counter()
        article = await aread_article(source, text=text, path=path, url=url, config=self.settings)
        requests = build_requests(article, self.prompt, self.settings, self.provider.name)
        spent = _Spent(limit=asyncio.Semaphore(self.settings.concurrency))
        lose_part = len(requests) > 1 and not self.settings.strict
        tasks = [
            asyncio.ensure_future(self._chunk(article, offset, r, spent, lose_part))
            for offset, r in requests
        ]
        try:
            answered = await asyncio.gather(*tasks)
            lost = [a for a in answered if isinstance(a, NoValidOutputError)]
            if len(lost) == len(answered):
                raise lost[0]
        except BaseException as exc:
            for task in tasks:  # the brief is lost: stop paying for the rest
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if isinstance(exc, NoValidOutputError):
                exc.attempts, exc.usage = spent.attempts, spent.usage
            raise
        parts = [part for group in answered if isinstance(group, list) for part in group]
        grounded = merge([_grounded(p) for p in parts])
        self._check_strict(grounded.problems, spent)
        warnings = [f"{exc}; the brief lacks that part" for exc in lost]
        warnings += _notes(parts) + [p.for_user() for p in grounded.problems]
        verification = None
        if self.settings.verify:
            grounded, verification, dropped = await self._verify(grounded, article, spent)
            self._check_strict_verdicts(verification, dropped, spent)
            warnings += dropped
        model = parts[0].result.model if parts else self.provider.model
        provenance = Provenance(
            provider=self.provider.name,
            model=model,
            prompt_id=self.prompt.id,
            prompt_sha256=self.prompt.sha256,
            attempts=spent.attempts,
            chunks=len(parts),
            usage=spent.usage,
            cost_usd=self._cost(model, spent.usage),
            latency_s=round(time.perf_counter() - started, 4),
            created_at=datetime.now(UTC),
            verification=verification,
        )
        return build_brief(article, grounded, provenance, warnings)

    def _cost(self, model: str, usage: Usage) -> float | None:
        return self.settings.cost(model, usage) if self.provider.paid else 0.0

    async def _chunk(
        self,
        article: Article,
        offset: int,
        request: ExtractionRequest,
        spent: _Spent,
        lose_part: bool,
    ) -> list[_Part] | NoValidOutputError:
        """One chunk's parts; with ``lose_part``, a chunk without a usable answer is returned
        as its error, so the other chunks still make a brief."""
        try:
            return await self._extract(article, offset, request, spent)
        except NoValidOutputError as exc:
            if not lose_part:
                raise
            return exc

    async def _extract(
        self, article: Article, offset: int, request: ExtractionRequest, spent: _Spent
    ) -> list[_Part]:
        """The request's result; an answer cut off at the output budget is asked for in halves.

        What every call spent is added to ``spent`` as it ends, failed calls too.
        """
        try:
            async with spent.limit:
                result = await self.provider.extract(request)
        except TruncatedOutputError as exc:
            spent.add(exc.attempts, exc.usage)
            end = offset + len(request.text)
            cut = halve(article.text, offset, end)
            if cut is None:
                raise NoValidOutputError(
                    f"{exc}, even for {end - offset} characters; raise max_output_tokens"
                ) from None
        except NoValidOutputError as exc:
            spent.add(exc.attempts, exc.usage)
            raise
        else:
            spent.add(result.attempts, result.usage)
            return [_Part(offset, request, result)]
        # One half after the other: a model that cuts off every answer is not paid twice.
        first = await self._extract(
            article, offset, self._half(article, request, offset, cut, 1), spent
        )
        second = await self._extract(article, cut, self._half(article, request, cut, end, 2), spent)
        return [*first, *second]

    def _half(
        self, article: Article, request: ExtractionRequest, start: int, end: int, which: int
    ) -> ExtractionRequest:
        """Half ``which`` of ``request``: part 1 or 2 of 2 of a whole article, else its part."""
        index = request.index
        if request.parts == 1:
            return _request(article, index, self.prompt, start, end, which, 2)
        return _request(article, index, self.prompt, start, end, request.part, request.parts)

    def _check_strict(self, problems: list[Problem], spent: _Spent) -> None:
        if problems and self.settings.strict:
            details = "; ".join(p.for_user() for p in problems)
            raise GroundingError(
                f"items could not be grounded after re-asks: {details}",
                usage=spent.usage,
                attempts=spent.attempts,
            )

    def _check_strict_verdicts(
        self, verification: Verification | None, warnings: list[str], spent: _Spent
    ) -> None:
        if verification is not None and verification.rejected and self.settings.strict:
            rejected = [w for w in warnings if w.startswith("dropped claim")]
            raise GroundingError(
                f"the verification pass rejected claims: {'; '.join(rejected)}",
                usage=spent.usage,
                attempts=spent.attempts,
            )

    async def _verify(
        self, grounded: Grounded, article: Article, spent: _Spent
    ) -> tuple[Grounded, Verification | None, list[str]]:
        """``grounded`` without the claims the model rejects; the pass's record; warnings."""
        request = verify_request(grounded, article.text, "the article")
        if request is None:
            return grounded, None, []
        request = replace(request, title=article.title)
        try:
            async with spent.limit:
                result = await self.provider.verify(request)
        except (ProviderError, NoValidOutputError) as exc:  # optional: the brief stands
            note = f"claims not verified: the provider failed the request ({type(exc).__name__})"
            return grounded, None, [note]
        if result is None:
            return grounded, None, []
        spent.add(result.attempts, result.usage)
        kept, warnings = apply_verdicts(grounded, result)
        record = Verification(
            checked=len(request.claim_ids),
            rejected=len(grounded.claims) - len(kept.claims),
            attempts=result.attempts,
            usage=result.usage,
            cost_usd=self._cost(result.model, result.usage),
        )
        return kept, record, warnings

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


def _grounded(part: _Part) -> Grounded:
    """A part's items in article offsets (grounded now if the provider did not)."""
    result, request = part.result, part.request
    grounded = result.grounded or ground(result.extraction, request.index, request.window)
    return grounded.shifted(part.offset - request.start)


def _notes(parts: list[_Part]) -> list[str]:
    """The salvage notes of every part, each once, in order."""
    return list(dict.fromkeys(note for part in parts for note in part.result.notes))


async def aread_article(
    article: ArticleLike | None = None,
    *,
    text: str | None = None,
    path: str | Path | None = None,
    url: str | None = None,
    config: Settings | None = None,
) -> Article:
    """Async :func:`read_article`."""
    given = [
        name
        for name, v in (("article", article), ("text", text), ("path", path), ("url", url))
        if v is not None
    ]
    if len(given) != 1:
        raise UsageError(
            "give exactly one of an article, text=, path= or url= "
            f"({', '.join(given) or 'none'} given)"
        )
    settings = config or load_settings()
    limit = settings.max_article_chars
    if url is not None:
        from .web import fetch_article  # the HTTP client loads only for URLs

        return load_article(await fetch_article(url, settings), limit)
    if text is not None:
        return load_article(Article(text=text), limit)
    if path is not None:
        return load_article(Path(path), limit)
    assert article is not None
    return load_article(article, limit)


def read_article(
    article: ArticleLike | None = None,
    *,
    text: str | None = None,
    path: str | Path | None = None,
    url: str | None = None,
    config: Settings | None = None,
) -> Article:
    """The checked, normalised :class:`Article` that :func:`summarize` would summarise for
    the same arguments: its ``text`` is what a brief's offsets index (for a page or an
    HTML file, the extracted main text), so ``brief.evidence(item, article.text)`` and
    ``brief_to_html(brief, article.text)`` can show the evidence.

    Raises:
        UsageError, InputError: as :func:`summarize`.
    """
    return run_sync(aread_article(article, text=text, path=path, url=url, config=config))


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
