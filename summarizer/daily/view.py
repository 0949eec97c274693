"""The cross-article view of a day: stories, merged actors, quotes by speaker,
figures and ranked claims, each item with the article sentence behind it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..align import ArticleIndex
from ..numbers import values_agree
from ..schema import Brief, Span
from ..text import content_tokens, fold, fold_name, token_f1
from .dedup import DisjointSets, StoryGroup
from .model import (
    DailyActor,
    DailyClaim,
    DailyFigure,
    DailyQuote,
    ItemRef,
    SpeakerQuotes,
    Story,
)

# Two claims from different articles state the same thing at this content-word
# token F1 (the eval's claim-matching threshold, BRIEF.md §5).
SAME_CLAIM_F1 = 0.5


@dataclass(frozen=True)
class Summarised:
    """A story and its brief."""

    story: StoryGroup
    brief: Brief


@dataclass
class DayView:
    stories: list[Story]
    actors: list[DailyActor]
    quotes: list[SpeakerQuotes]
    figures: list[DailyFigure]
    claims: list[DailyClaim]


def evidence(index: ArticleIndex, spans: Sequence[Span]) -> str:
    """The sentences of the article that contain ``spans``."""
    parts: list[str] = []
    for span in spans:
        inside = [s for s in index.sentences if s.start < span.end and span.start < s.end]
        start, end = (inside[0].start, inside[-1].end) if inside else (span.start, span.end)
        text = " ".join(index.text[start:end].split())
        if text not in parts:
            parts.append(text)
    return " … ".join(parts)


def build_view(items: Sequence[Summarised]) -> DayView:
    """The view of ``items``; stories rank by how many sources carry them, then input order."""
    ranked = sorted(items, key=lambda s: -len(s.story.sources))
    indexes = {s.brief.article.id: ArticleIndex(s.story.article.text) for s in ranked}
    actors, actor_of = _merge_actors([s.brief for s in ranked])
    support = {s.brief.article.id: len(s.story.sources) for s in ranked}
    return DayView(
        stories=[_story(k, s, indexes) for k, s in enumerate(ranked)],
        actors=actors,
        quotes=_quotes(ranked, indexes, actors, actor_of),
        figures=[f for s in ranked for f in _figures(s.brief, indexes[s.brief.article.id])],
        claims=_claims([s.brief for s in ranked], indexes, support),
    )


def _story(rank: int, item: Summarised, indexes: dict[str, ArticleIndex]) -> Story:
    brief = item.brief
    index = indexes[brief.article.id]
    if brief.claims:
        lead = evidence(index, brief.claims[0].evidence)
    else:
        lead = evidence(index, [Span(start=s.start, end=s.end) for s in index.sentences[:1]])
    return Story(
        id=f"s{rank + 1}",
        article_id=brief.article.id,
        title=item.story.article.title or brief.article.title or item.story.copies[0].location,
        summary=brief.summary,
        link=item.story.link,
        sources=item.story.sources,
        evidence=lead or None,
    )


def _figures(brief: Brief, index: ArticleIndex) -> list[DailyFigure]:
    """The brief's figures, each quantity once (an article may state it twice)."""
    out: list[DailyFigure] = []
    for f in brief.numbers:
        if any(values_agree(f.value, o.value) and fold(f.unit) == fold(o.unit) for o in out):
            continue
        out.append(
            DailyFigure(
                article_id=brief.article.id,
                item_id=f.id,
                evidence=evidence(index, f.spans),
                value=f.value,
                unit=f.unit,
                qualifier=f.qualifier,
                what=f.what,
                text=f.text,
            )
        )
    return out


def _merge_actors(briefs: list[Brief]) -> tuple[list[DailyActor], dict[tuple[str, str], str]]:
    """Actors of all briefs merged when one's name is the other's name or alias.

    Two aliases alone ("Smith" and "Smith") do not merge, and two actors of the
    same article never do.
    """
    members = [(b.article.id, a) for b in briefs for a in b.actors]
    sets = DisjointSets(len(members))
    articles = [{article} for article, _ in members]
    by_name: dict[str, list[int]] = {}
    for i, (_, actor) in enumerate(members):
        by_name.setdefault(fold_name(actor.name), []).append(i)
    for i, (_, actor) in enumerate(members):
        for form in [actor.name, *actor.aliases]:
            for j in by_name.get(fold_name(form), []):
                a, b = sets.root(i), sets.root(j)
                if a != b and not articles[a] & articles[b]:
                    sets.join(a, b)
                    articles[a] |= articles[b]
    ordered = sorted(sets.groups(), key=lambda g: -len(g))
    merged: list[DailyActor] = []
    actor_of: dict[tuple[str, str], str] = {}
    for k, group in enumerate(ordered):
        actors = [members[i][1] for i in group]
        name = max((a.name for a in actors), key=lambda n: (len(n.split()), len(n)))
        seen = {fold_name(name)}
        aliases = []
        for form in (f for a in actors for f in [a.name, *a.aliases]):
            if fold_name(form) not in seen:
                seen.add(fold_name(form))
                aliases.append(form)
        daily_id = f"a{k + 1}"
        merged.append(
            DailyActor(
                id=daily_id,
                name=name,
                kind=Counter(a.kind for a in actors).most_common(1)[0][0],
                roles=list(dict.fromkeys(a.role for a in actors if a.role)),
                aliases=aliases,
                articles=list(dict.fromkeys(members[i][0] for i in group)),
            )
        )
        for i in group:
            actor_of[(members[i][0], members[i][1].id)] = daily_id
    return merged, actor_of


def _quotes(
    items: Sequence[Summarised],
    indexes: dict[str, ArticleIndex],
    actors: list[DailyActor],
    actor_of: dict[tuple[str, str], str],
) -> list[SpeakerQuotes]:
    """Quotes grouped by speaker: most quoted first, unattributed quotes last."""
    names = {a.id: a.name for a in actors}
    by_speaker: dict[str | None, list[DailyQuote]] = {}
    for item in items:
        article_id = item.brief.article.id
        for q in item.brief.quotes:
            speaker = actor_of.get((article_id, q.speaker)) if q.speaker else None
            by_speaker.setdefault(speaker, []).append(
                DailyQuote(
                    article_id=article_id,
                    item_id=q.id,
                    text=q.text,
                    evidence=evidence(indexes[article_id], q.spans),
                )
            )
    order = sorted(by_speaker, key=lambda s: (s is None, -len(by_speaker[s])))
    return [
        SpeakerQuotes(speaker=s, name=names[s] if s else "Unattributed", quotes=by_speaker[s])
        for s in order
    ]


@dataclass
class _SameClaim:
    tokens: list[str]
    text: str
    source: str | None
    refs: list[ItemRef]
    salience: float


def _claims(
    briefs: list[Brief], indexes: dict[str, ArticleIndex], support: dict[str, int]
) -> list[DailyClaim]:
    """Claims merged across articles, ranked by how many source articles state them,
    then by salience (a brief lists its main claims first)."""
    merged: list[_SameClaim] = []
    postings: dict[str, list[int]] = {}  # token -> merged claims holding it
    for brief in briefs:
        article_id = brief.article.id
        names = {a.id: a.name for a in brief.actors}
        for position, claim in enumerate(brief.claims):
            tokens = content_tokens(claim.text)
            ref = ItemRef(
                article_id=article_id,
                item_id=claim.id,
                evidence=evidence(indexes[article_id], claim.evidence),
            )
            salience = 1 - position / len(brief.claims)
            # Only claims sharing a word can be the same claim: look those up, in order.
            shared: dict[int, int] = {}
            for token in set(tokens):
                for i in postings.get(token, ()):
                    shared[i] = shared.get(i, 0) + 1
            # F1 >= f needs at least f/2 of this claim's distinct words in common.
            need = SAME_CLAIM_F1 * len(set(tokens)) / 2
            candidates = sorted(i for i, n in shared.items() if n >= need)
            same = next(
                (
                    merged[i]
                    for i in candidates
                    if all(r.article_id != article_id for r in merged[i].refs)
                    and token_f1(tokens, merged[i].tokens) >= SAME_CLAIM_F1
                ),
                None,
            )
            if same is None:
                source = names.get(claim.source) if claim.source else None
                for token in set(tokens):
                    postings.setdefault(token, []).append(len(merged))
                merged.append(_SameClaim(tokens, claim.text, source, [ref], salience))
            else:
                same.refs.append(ref)
                same.salience = max(same.salience, salience)
    claims = [
        DailyClaim(
            text=m.text,
            source=m.source,
            refs=m.refs,
            salience=round(m.salience, 4),
            support=sum(support[r.article_id] for r in m.refs),
        )
        for m in merged
    ]
    return sorted(claims, key=lambda c: (-c.support, -c.salience))
