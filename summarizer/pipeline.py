"""The pipeline of one article: article → chunks → provider → grounding → merged, linked
brief.

Chunks are as large as the output budget allows (:mod:`summarizer.budget`); a
chunk whose answer is still cut off at ``max_output_tokens`` is halved on a
paragraph or sentence boundary and asked again. With ``verify`` on, one more
request per brief has the model judge every kept claim
(:mod:`summarizer.verification`).

The library's entry points, and many articles at once, are :mod:`summarizer.api`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from .align import ArticleIndex
from .article import Article, load_article
from .assemble import build_brief, merge
from .budget import MIN_CHUNK_CHARS, chunk_chars
from .chunking import split_article
from .config import Settings, load_settings
from .errors import GroundingError, NoValidOutputError, ProviderError, UsageError
from .event_loop import run_sync
from .grounding import Grounded, Problem, ground
from .prompts import Prompt, load_prompt
from .providers import ExtractionRequest, ExtractionResult, Provider, make_provider
from .providers.base import TruncatedOutputError
from .schema import Brief, Provenance, Usage, Verification
from .text import paragraphs, sentences
from .verification import apply_verdicts, verify_request

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


class Pipeline:
    """A configured pipeline: one settings object, one prompt, one provider."""

    def __init__(self, settings: Settings | None = None, provider: Provider | None = None):
        self.settings = settings or load_settings()
        self.prompt: Prompt = load_prompt(self.settings.prompt, self.settings.prompts_dir)
        self._owns_provider = provider is None
        self.provider = provider or make_provider(self.settings)

    async def aclose(self) -> None:
        if self._owns_provider:
            await self.provider.aclose()

    async def __aenter__(self) -> Self:
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
        """A grounded brief of one article; see :func:`summarizer.api.summarize`."""
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
    """The checked, normalised :class:`Article` that :func:`~summarizer.api.summarize` would
    summarise for the same arguments: its ``text`` is what a brief's offsets index (for a
    page or an HTML file, the extracted main text), so ``brief.evidence(item,
    article.text)`` and ``brief_to_html(brief, article.text)`` can show the evidence.

    Raises:
        UsageError, InputError: as :func:`~summarizer.api.summarize`.
    """
    return run_sync(aread_article(article, text=text, path=path, url=url, config=config))
