"""What the scorer compares: a brief's items in one plain shape, from gold or prediction.

* :func:`gold_items` — the gold brief with its quotes located in the article;
* :func:`brief_items` — a pipeline :class:`~summarizer.schema.Brief`;
* :func:`raw_items` — an :class:`~summarizer.schema.Extraction` as a model sent
  it, before grounding (quotes located exactly or normalised only);
* :func:`gold_brief` — the gold as a perfect :class:`Brief` (for tests and the
  fault-injection server), and :func:`extraction_of` — a brief as the
  extraction an LLM would have sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..align import ArticleIndex
from ..assemble import build_brief
from ..grounding import Grounded, GroundedActor, GroundedClaim, GroundedFigure, GroundedQuote
from ..schema import (
    Brief,
    ExtractedActor,
    ExtractedClaim,
    ExtractedFigure,
    ExtractedQuote,
    Extraction,
    Provenance,
    Span,
)
from ..text import fold_name
from .cases import Case

SpanT = tuple[int, int]


@dataclass(frozen=True)
class ActorItem:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuoteItem:
    text: str
    spans: tuple[SpanT, ...]  # empty when the text could not be located
    speaker: ActorItem | None


@dataclass(frozen=True)
class FigureItem:
    value: float
    unit: str
    text: str
    spans: tuple[SpanT, ...] = ()


@dataclass(frozen=True)
class ClaimItem:
    text: str
    source: ActorItem | None = None
    evidence: tuple[SpanT, ...] = ()


@dataclass(frozen=True)
class Items:
    """The four scored lists of one brief."""

    actors: tuple[ActorItem, ...]
    quotes: tuple[QuoteItem, ...]
    figures: tuple[FigureItem, ...]
    claims: tuple[ClaimItem, ...]


def _gold_actor(case: Case, name: str | None) -> ActorItem | None:
    """The gold actor called ``name``; a bare name when the gold names no such actor."""
    if name is None:
        return None
    actor = case.actor_named(name)
    if actor is None:
        return ActorItem(name, "other")
    return ActorItem(actor.name, actor.kind, tuple(actor.aliases))


def gold_items(case: Case) -> Items:
    """The case's gold brief, quotes and figures located in the article."""
    gold, index = case.gold, case.index
    quotes = []
    for q in gold.quotes:
        match = index.find(q.text)
        spans = ((match.start, match.end),) if match else ()
        quotes.append(QuoteItem(q.text, spans, _gold_actor(case, q.speaker)))
    figures = []
    for f in gold.numbers:
        found = index.find_all(f.text, limit=1)
        spans = ((found[0].start, found[0].end),) if found else ()
        figures.append(FigureItem(f.value, f.unit, f.text, spans))
    return Items(
        actors=tuple(ActorItem(a.name, a.kind, tuple(a.aliases)) for a in gold.actors),
        quotes=tuple(quotes),
        figures=tuple(figures),
        claims=tuple(ClaimItem(c.text, _gold_actor(case, c.source)) for c in gold.claims),
    )


def brief_items(brief: Brief) -> Items:
    """A pipeline brief's items; actor references resolved by id."""
    actors = {a.id: ActorItem(a.name, a.kind, tuple(a.aliases)) for a in brief.actors}

    def spans(items: list[Span]) -> tuple[SpanT, ...]:
        return tuple((s.start, s.end) for s in items)

    return Items(
        actors=tuple(actors.values()),
        quotes=tuple(
            QuoteItem(q.text, spans(q.spans), actors.get(q.speaker or "")) for q in brief.quotes
        ),
        figures=tuple(FigureItem(f.value, f.unit, f.text, spans(f.spans)) for f in brief.numbers),
        claims=tuple(
            ClaimItem(c.text, actors.get(c.source or ""), spans(c.evidence)) for c in brief.claims
        ),
    )


def raw_items(extraction: Extraction, index: ArticleIndex) -> Items:
    """An extraction as sent, without grounding or re-asks.

    Quotes are located exactly or after normalisation only (no fuzzy repair);
    a speaker or source naming no listed actor stays a bare name.
    """
    actors = tuple(ActorItem(a.name, a.kind, tuple(a.aliases)) for a in extraction.actors)
    by_form = {fold_name(f): a for a in actors for f in (a.name, *a.aliases)}

    def actor(name: str | None) -> ActorItem | None:
        if name is None or not name.strip():
            return None
        return by_form.get(fold_name(name), ActorItem(name, "other"))

    quotes = []
    for q in extraction.quotes:
        found = index.find_all(q.text.strip(), limit=1)
        spans = ((found[0].start, found[0].end),) if found else ()
        quotes.append(QuoteItem(q.text, spans, actor(q.speaker)))
    figures = []
    for f in extraction.numbers:
        found = index.find_all(f.text.strip(), limit=1)
        spans = ((found[0].start, found[0].end),) if found else ()
        figures.append(FigureItem(f.value, f.unit, f.text, spans))
    return Items(
        actors=actors,
        quotes=tuple(quotes),
        figures=tuple(figures),
        claims=tuple(ClaimItem(c.text, actor(c.source)) for c in extraction.claims),
    )


def gold_brief(case: Case) -> Brief:
    """The gold brief as a pipeline :class:`Brief`: the perfect prediction for ``case``.

    Quote and figure texts are located in the article (and replaced by the
    exact article text); claims get the sentences that support them best as
    evidence. Gold items that cannot be located are left out.
    """
    gold, index = case.gold, case.index
    actors = [GroundedActor(a.name, a.kind, a.role, tuple(a.aliases)) for a in gold.actors]
    position = {id(a): i for i, a in enumerate(gold.actors)}

    def actor_index(name: str | None) -> int | None:
        found = case.actor_named(name)
        return position[id(found)] if found is not None else None

    grounded = Grounded(summary=gold.summary, actors=actors)
    for q in gold.quotes:
        match = index.find(q.text)
        if match is not None:
            grounded.quotes.append(
                GroundedQuote(
                    case.text[match.start : match.end],
                    actor_index(q.speaker),
                    (match.start, match.end),
                    match.status,
                )
            )
    taken: set[SpanT] = set()
    for f in gold.numbers:
        spots = [(m.start, m.end, m.status) for m in index.find_all(f.text)]
        # Both ends of a range ("8–10 years") share one text and one span.
        free = [s for s in spots if s[:2] not in taken] or spots
        if free:
            start, end, status = free[0]
            taken.add((start, end))
            grounded.figures.append(
                GroundedFigure(
                    f.value,
                    f.unit,
                    f.qualifier,
                    f.what or f.unit,
                    case.text[start:end],
                    (start, end),
                    status,
                )
            )
    for c in gold.claims:
        sentences, _ = index.best_sentences(c.text)
        evidence = [(s.start, s.end) for s in sentences] or [(0, len(case.text))]
        grounded.claims.append(GroundedClaim(c.text, actor_index(c.source), tuple(evidence)))
    grounded.quotes.sort(key=lambda q: q.span)
    grounded.figures.sort(key=lambda f: f.span)
    provenance = Provenance(
        provider="gold",
        model="gold",
        prompt_id="gold",
        prompt_sha256="",
        attempts=0,
        created_at=datetime.now(UTC),
    )
    return build_brief(case.article, grounded, provenance, [])


def extraction_of(brief: Brief) -> Extraction:
    """``brief`` as the extraction an LLM sends: no ids or offsets, actors named."""
    names = {a.id: a.name for a in brief.actors}
    return Extraction(
        summary=brief.summary,
        actors=[
            ExtractedActor(name=a.name, kind=a.kind, role=a.role, aliases=a.aliases)
            for a in brief.actors
        ],
        quotes=[
            ExtractedQuote(text=q.text, speaker=names.get(q.speaker or "")) for q in brief.quotes
        ],
        numbers=[
            ExtractedFigure(
                text=f.text, value=f.value, unit=f.unit, qualifier=f.qualifier, what=f.what
            )
            for f in brief.numbers
        ],
        claims=[
            ExtractedClaim(text=c.text, source=names.get(c.source or "")) for c in brief.claims
        ],
    )
