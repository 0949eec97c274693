"""One story's brief merged from its articles' briefs, and the day's stories ranked.

:func:`build_story` is a pure function of the story's articles (their briefs,
texts and outlets) and, optionally, the similarities between them: actors
merged (:mod:`.storyactors`), quotes grouped by speaker with the outlets that
carry each, figures lined up by quantity with their conflicts
(:mod:`.storyfigures`), claims merged one-to-one across articles, and a summary
without a model: the lead of the story's most central article.

:func:`rank_stories` orders stories by how many outlets, then how many
articles report them, then by recency, and keeps the first ``max_stories``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..schema import Span
from ..text import content_tokens, paragraphs, sentences, token_f1, words
from .stories import Similarity, central_index
from .storyactors import ActorOf, group_quotes, merge_actors
from .storyfigures import SourcedFigure, line_up
from .storymodel import (
    ItemRef,
    SourcedBrief,
    StoryArticle,
    StoryBrief,
    StoryClaim,
    StorySummary,
    add_once,
)

SAME_CLAIM_F1 = 0.5  # the eval's claim-matching threshold (BRIEF.md §5)
LEAD_MIN_WORDS = 12  # shorter paragraphs are headings, datelines, section labels
LEAD_MAX_WORDS = 60
HEADLINE_MAX_WORDS = 25
REPEAT_F1 = 0.8  # a paragraph this close to the title repeats it
DATELINE_MAX_WORDS = 8  # the title followed by at most this many words is the headline line
# A photo caption scraped with the article ends with its credit: "... Image: NASA.",
# "... (Photo by Jane Doe: Reuters)".
_CAPTION = re.compile(
    r"(?:^|[.!?(\s])(?:Image|Photo|Photograph|Picture|Credit)s?(?::| by )\s*[^.!?]{1,80}[.)]?\s*$"
)


def build_story(items: Sequence[SourcedBrief], similarity: Similarity | None = None) -> StoryBrief:
    """The merged brief of one story.

    Args:
        items: the story's articles, each with its brief, text and outlet.
        similarity: how alike the articles are (``n × n``, in ``items`` order), used to
            pick the central article; without it the first article is central.

    Raises:
        ValueError: ``items`` is empty.
    """
    if not items:
        raise ValueError("a story needs at least one article")
    centre = central_index(similarity) if similarity is not None else 0
    ordered = [items[centre], *(item for k, item in enumerate(items) if k != centre)]
    outlets = list(dict.fromkeys(o for item in ordered for o in (item.outlet, *item.also_in)))
    actors, actor_of = merge_actors(ordered)
    quotes, unattributed = group_quotes(ordered, actors, actor_of)
    figures = [
        SourcedFigure(f, item.article_id, item.outlet, (outlets.index(item.outlet), k), item.text)
        for k, item in enumerate(ordered)
        for f in item.brief.numbers
    ]
    return StoryBrief(
        id="",
        title=_title(ordered[0]),
        summary=story_summary(ordered),
        articles=[_article(item) for item in ordered],
        outlets=outlets,
        published=_latest([i.published for i in ordered]),
        actors=actors,
        quotes=quotes,
        unattributed_quotes=unattributed,
        figures=line_up(figures),
        claims=merge_claims(ordered, actor_of),
    )


def _article(item: SourcedBrief) -> StoryArticle:
    return StoryArticle(
        article_id=item.article_id,
        outlet=item.outlet,
        also_in=[o for o in dict.fromkeys(item.also_in) if o != item.outlet],
        title=headline(item),
        link=item.link,
        published=item.published,
    )


def _title(item: SourcedBrief) -> str:
    return headline(item) or item.outlet


def headline(item: SourcedBrief) -> str | None:
    """The article's title, else its first paragraph when that is short enough to be one;
    without the full stop, semicolon or colon some archives end headlines with."""
    title = item.brief.article.title
    if not title:
        first = paragraphs(item.text)[:1]
        if first and len(words(item.text[first[0].start : first[0].end])) <= HEADLINE_MAX_WORDS:
            title = item.text[first[0].start : first[0].end]
    if not title:
        return None
    return title.strip().rstrip(".;:,").rstrip() or None


# ---------------------------------------------------------------------- summary


def lead_span(text: str, title: str | None) -> Span | None:
    """The article's lead: the first sentences (up to :data:`LEAD_MAX_WORDS` words) of its
    first real paragraph, skipping headings, datelines, the headline and photo captions
    (a paragraph ending in a credit such as "Image: NASA.").

    Without a known ``title``, a short first paragraph followed by more text is taken
    to be the headline.
    """
    paras = paragraphs(text)
    for k, para in enumerate(paras):
        chunk = text[para.start : para.end]
        size = len(words(chunk))
        if size < LEAD_MIN_WORDS or _repeats(chunk, title) or _CAPTION.search(chunk):
            continue
        if k == 0 and title is None and size <= HEADLINE_MAX_WORDS and len(paras) > 1:
            continue
        inside = [s for s in sentences(text) if para.start <= s.start < para.end]
        end, count = inside[0].end, len(words(text[inside[0].start : inside[0].end]))
        for s in inside[1:]:
            count += len(words(text[s.start : s.end]))
            if count > LEAD_MAX_WORDS:
                break
            end = s.end
        return Span(start=para.start, end=end)
    return None


def _repeats(chunk: str, title: str | None) -> bool:
    """``chunk`` is the headline again: close to the title, or the title followed by a
    few words only (a dateline: "Bridge closes Wednesday, October 9, 2013")."""
    if not title:
        return False
    said, head = words(chunk), words(title)
    if head and said[: len(head)] == head and len(said) - len(head) <= DATELINE_MAX_WORDS:
        return True
    return token_f1(content_tokens(chunk), content_tokens(title)) >= REPEAT_F1


def story_summary(ordered: Sequence[SourcedBrief]) -> StorySummary | None:
    """The lead of the first article (the central one) that has one."""
    for item in ordered:
        span = lead_span(item.text, item.brief.article.title)
        if span is not None:
            text = " ".join(item.text[span.start : span.end].split())
            return StorySummary(text=text, written_by="lead", evidence=[item.ref("lead", [span])])
    return None


# ----------------------------------------------------------------------- claims


@dataclass
class _Claim:
    tokens: list[str]
    text: str
    sources: list[str]
    outlets: list[str]
    refs: list[ItemRef]

    @property
    def articles(self) -> set[str]:
        return {r.article_id for r in self.refs}


def merge_claims(ordered: Sequence[SourcedBrief], actor_of: ActorOf) -> list[StoryClaim]:
    """Claims of all articles, the same claim (content-word token F1 ≥ 0.5) once.

    Matching is one-to-one, best pairs first: a claim joins at most one merged claim,
    and a merged claim takes at most one claim from each article. Most outlets first,
    then most articles, then first stated.
    """
    merged: list[_Claim] = []
    for item in ordered:
        claims = item.brief.claims
        tokens = [content_tokens(c.text) for c in claims]
        open_to = [mi for mi, m in enumerate(merged) if item.article_id not in m.articles]
        pairs = sorted(
            (-token_f1(t, merged[mi].tokens), ci, mi)
            for ci, t in enumerate(tokens)
            for mi in open_to
        )
        taken: dict[int, int] = {}
        used: set[int] = set()
        for negative_f1, ci, mi in pairs:
            if -negative_f1 >= SAME_CLAIM_F1 and ci not in taken and mi not in used:
                taken[ci] = mi
                used.add(mi)
        for ci, claim in enumerate(claims):
            source = actor_of.get((item.article_id, claim.source)) if claim.source else None
            ref = item.ref(claim.id, claim.evidence)
            if ci in taken:
                m = merged[taken[ci]]
                m.refs.append(ref)
                m.sources = add_once(m.sources, source)
                m.outlets = add_once(m.outlets, item.outlet)
            else:
                merged.append(
                    _Claim(tokens[ci], claim.text, add_once([], source), [item.outlet], [ref])
                )
    ranked = sorted(merged, key=lambda m: (-len(m.outlets), -len(m.articles)))
    return [
        StoryClaim(id=f"c{k + 1}", text=m.text, sources=m.sources, outlets=m.outlets, refs=m.refs)
        for k, m in enumerate(ranked)
    ]


# ---------------------------------------------------------------------- ranking


_EPOCH = dt.datetime(1970, 1, 1)


def _moment(published: str | None) -> dt.datetime | None:
    """``published`` (ISO date or date-time) as a naive UTC time; None when unknown."""
    if not published:
        return None
    try:
        moment = dt.datetime.fromisoformat(published.strip())
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _latest(values: Sequence[str | None]) -> str | None:
    """The most recent of ``values`` that can be read as a time."""
    known = [(m, v) for v in values if (m := _moment(v)) is not None]
    return max(known)[1] if known else None


def _recency(story: StoryBrief) -> tuple[bool, float]:
    moment = _moment(story.published)
    return (moment is None, -(moment - _EPOCH).total_seconds() if moment else 0.0)


S = TypeVar("S", bound=StoryBrief)


def rank_stories(stories: Sequence[S], max_stories: int | None = None) -> list[S]:
    """Stories most outlets first, then most articles, then most recent (unknown last), then
    in input order; numbered ``s1``, ``s2``, ... and cut to the first ``max_stories`` (all
    when None)."""
    order = sorted(
        range(len(stories)),
        key=lambda k: (-len(stories[k].outlets), -len(stories[k].articles), _recency(stories[k])),
    )
    kept = order if max_stories is None else order[:max_stories]
    return [stories[k].model_copy(update={"id": f"s{rank + 1}"}) for rank, k in enumerate(kept)]
