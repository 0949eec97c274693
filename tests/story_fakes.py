"""Small briefs for the story tests: actors, quotes, figures and claims written by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from summarizer.daily.storymodel import SourcedBrief
from summarizer.schema import (
    Actor,
    ArticleRef,
    Brief,
    Claim,
    Figure,
    Provenance,
    Quote,
    Span,
)

SPAN = [Span(start=0, end=4)]


def actor(
    id: str, name: str, kind: str = "person", *aliases: str, role: str | None = None
) -> Actor:
    return Actor(id=id, name=name, kind=kind, aliases=list(aliases), role=role)


def quote(id: str, text: str, speaker: str | None = None, start: int = 0) -> Quote:
    return Quote(
        id=id,
        text=text,
        speaker=speaker,
        spans=[Span(start=start, end=start + len(text))],
        grounding="exact",
    )


def figure(
    id: str, value: float, unit: str, what: str, qualifier: str = "exact", start: int = 0
) -> Figure:
    return Figure(
        id=id,
        value=value,
        unit=unit,
        what=what,
        qualifier=qualifier,
        text=f"{value:g}",
        spans=[Span(start=start, end=start + 3)],
    )


def claim(id: str, text: str, source: str | None = None) -> Claim:
    return Claim(id=id, text=text, source=source, evidence=SPAN)


def brief(article_id: str, title: str | None = None, **items: Any) -> Brief:
    return Brief(
        article=ArticleRef(id=article_id, title=title, word_count=100),
        summary="",
        actors=items.get("actors", []),
        quotes=items.get("quotes", []),
        numbers=items.get("numbers", []),
        claims=items.get("claims", []),
        provenance=Provenance(
            provider="extractive",
            model="rules",
            prompt_id="brief.v1",
            prompt_sha256="0" * 64,
            created_at=datetime(2024, 5, 1, tzinfo=UTC),
        ),
    )


def sourced(
    article_id: str,
    outlet: str,
    text: str = "Text.",
    published: str | None = None,
    title: str | None = None,
    **items: Any,
) -> SourcedBrief:
    return SourcedBrief(brief(article_id, title, **items), text, outlet, published=published)
