"""The day's stories: the distinct articles grouped by the event they report, each group
merged into one story brief, and the stories ranked.

Grouping is :func:`summarizer.daily.stories.cluster_stories` over each article's
headline and text; merging is :func:`summarizer.daily.storybrief.build_story`
(the central article first); ranking is
:func:`summarizer.daily.storybrief.rank_stories` (most outlets, then most
articles, then most recent). Each article is listed under the outlet of the
copy that was summarised; the outlets of its near-copies count for the story too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..schema import Brief
from .dedup import ArticleCopies
from .model import DailyStory
from .outlets import article_outlets
from .stories import cluster_stories
from .storybrief import build_story, rank_stories
from .storymodel import SourcedBrief
from .storyterms import TermCounts


@dataclass(frozen=True)
class Summarised:
    """A distinct article (with its copies) and its brief."""

    copies: ArticleCopies
    brief: Brief

    @property
    def article_id(self) -> str:
        return self.brief.article.id

    @property
    def title(self) -> str | None:
        return self.copies.article.title or self.brief.article.title


@dataclass(frozen=True)
class DayStory:
    """A story as the run keeps it: its merged brief and the articles it was merged from."""

    story: DailyStory
    items: tuple[SourcedBrief, ...]


def clustering_text(item: Summarised) -> str:
    """What clustering compares: the headline (when the text does not start with it) and
    the text."""
    text = item.copies.article.text
    title = item.title
    if title and not text.lstrip().startswith(title.strip()):
        return f"{title}\n\n{text}"
    return text


def sourced(item: Summarised) -> SourcedBrief:
    """``item`` as a story merges it: brief, text, outlet and the outlets of its copies."""
    outlet, also_in = article_outlets(item.copies)
    return SourcedBrief(
        brief=item.brief,
        text=item.copies.article.text,
        outlet=outlet,
        link=item.copies.link,
        published=item.copies.article.published,
        also_in=also_in,
    )


def build_day(
    items: Sequence[Summarised], threshold: float, counts: TermCounts | None = None
) -> list[DayStory]:
    """The day's stories, ranked (ids ``s1``, ``s2``, ... in rank order); ``counts``: the
    document frequencies of terms in earlier days' articles, for clustering."""
    if not items:
        return []
    clusters = cluster_stories([clustering_text(item) for item in items], threshold, counts)
    built: list[DailyStory] = []
    merged_from: dict[str, tuple[SourcedBrief, ...]] = {}  # central article id -> articles
    for group in clusters.groups:
        merged = [sourced(items[k]) for k in group]
        brief = build_story(merged, clusters.within(group))
        by_id = {items[k].article_id: items[k] for k in group}
        ordered = [by_id[a.article_id] for a in brief.articles]
        story = DailyStory.model_validate(
            {
                **brief.model_dump(),
                "link": ordered[0].copies.link,
                "sources": [ref for item in ordered for ref in item.copies.sources],
            }
        )
        merged_from[story.articles[0].article_id] = tuple(merged)
        built.append(story)
    return [DayStory(s, merged_from[s.articles[0].article_id]) for s in rank_stories(built)]
