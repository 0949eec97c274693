"""Code a user writes against the public API; `mypy --strict` must accept it as it is
(tests/test_typing.py). It is type-checked, never run."""

from __future__ import annotations

import asyncio
from pathlib import Path

from summarizer import (
    Actor,
    Article,
    Brief,
    Claim,
    Figure,
    Quote,
    Settings,
    Span,
    Summarizer,
    SummarizerError,
    Usage,
    UsageError,
    asummarize,
    brief_to_html,
    brief_to_markdown,
    load_settings,
    read_article,
    setting_origins,
    summarize,
    summarize_many,
)


def speakers(brief: Brief) -> dict[str, list[str]]:
    said: dict[str, list[str]] = {}
    for quote in brief.quotes:
        actor: Actor | None = brief.speaker(quote)
        name = actor.name if actor is not None else "unattributed"
        said.setdefault(name, []).append(quote.text)
    return said


def evidence(brief: Brief, article: Article) -> list[tuple[str, list[str]]]:
    claims: list[Claim] = brief.claims
    figures: list[Figure] = [brief.figure(f) for c in claims for f in c.figures]
    out = [(c.text, brief.evidence(c, article.text)) for c in claims]
    out += [(f.text, brief.evidence(f, article.text)) for f in figures]
    first: Span = brief.quotes[0].spans[0]
    out.append(("first quote", brief.evidence(first, article.text)))
    return out


def pages(path: Path) -> tuple[str, str]:
    article = read_article(path=path)
    brief = summarize(article)
    return brief_to_markdown(brief), brief_to_html(brief, article.text)


def totals(settings: Settings, texts: list[str]) -> Usage:
    used = Usage()
    for result in summarize_many(texts, concurrency=2, config=settings):
        if isinstance(result, SummarizerError):
            print(result.exit_code, result)
            continue
        used = used + result.provenance.usage
        cost: float | None = result.provenance.cost_usd
        print(result.article.title, cost)
    return used


async def both(url: str, text: str) -> list[Brief]:
    settings = load_settings(provider="extractive", allow_hosts=["intranet.example"])
    async with Summarizer(settings) as pipeline:
        from_url = await pipeline.summarize(url=url)
        from_text = await pipeline.summarize(text=text)
    return [from_url, from_text, await asummarize(Path("a.txt"), config=settings)]


def careful(name: str) -> Brief | None:
    try:
        return summarize(name)
    except UsageError:
        return summarize(path=name)


def where_from() -> dict[str, str]:
    origins: dict[str, str] = setting_origins(None, model="gpt-4o-mini")
    return origins


quotes: list[Quote] = asyncio.run(both("https://intranet.example/a", "text"))[0].quotes
