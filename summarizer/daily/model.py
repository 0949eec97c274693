"""The day's brief (``brief.json``): per-article briefs plus the cross-article view.

``schemas/daily.schema.json`` is generated from :class:`DailyBrief`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schema import ActorKind, Brief, Qualifier, Usage

DAILY_SCHEMA_VERSION = "1"

FailureStage = Literal["read", "fetch", "extract", "summarise"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Model):
    """Where a copy of a story was read."""

    location: str = Field(description="the file path or URL it was read from")
    url: str | None = Field(None, description="the article's own URL, when known")
    title: str | None = None
    published: str | None = None


class Story(_Model):
    """One story: an article and every duplicate or near-duplicate of it."""

    id: str = Field(description="s1, s2, ... in rank order")
    article_id: str = Field(description="id of the summarised article (key into `briefs`)")
    title: str
    summary: str
    link: str = Field(description="where to read it: its URL, else a file:// URI")
    sources: list[SourceRef] = Field(min_length=1)
    evidence: str | None = Field(None, description="the sentence behind its top claim")


class DailyActor(_Model):
    """An actor merged across articles by name and alias."""

    id: str
    name: str
    kind: ActorKind
    roles: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    articles: list[str] = Field(description="ids of the articles it appears in")


class ItemRef(_Model):
    """An item of one article's brief, with the article sentence that grounds it."""

    article_id: str
    item_id: str = Field(description="the item's id inside that article's brief")
    evidence: str = Field(description="the sentence(s) of the article it comes from")


class DailyQuote(ItemRef):
    text: str


class SpeakerQuotes(_Model):
    """Everything one speaker said today (speaker null: quotes the articles attribute to no one)."""

    speaker: str | None = Field(description="daily actor id")
    name: str
    quotes: list[DailyQuote]


class DailyFigure(ItemRef):
    value: float
    unit: str
    qualifier: Qualifier
    what: str
    text: str


class DailyClaim(_Model):
    """A claim, merged with the same claim in other articles."""

    text: str
    source: str | None = Field(None, description="who the article attributes it to, by name")
    support: int = Field(ge=1, description="how many source articles state it")
    salience: float = Field(ge=0, le=1, description="1.0 = first claim of its brief")
    refs: list[ItemRef] = Field(min_length=1)


class Failure(_Model):
    """A source or article that did not make it into the brief, and why."""

    source: str
    stage: FailureStage
    reason: str


class Totals(_Model):
    sources: int = Field(description="articles read (each file, page or feed item once)")
    articles: int = Field(description="stories with a brief")
    duplicates: int = Field(description="articles folded into another one's story")
    failed: int
    summarised: int = Field(description="briefs made by this run")
    reused: int = Field(description="briefs taken from the store")
    usage: Usage = Field(description="tokens of every brief of the day")
    cost_usd: float = Field(description="cost of every brief of the day")
    run_calls: int = Field(description="provider calls made by this run")
    run_cost_usd: float = Field(description="what this run spent")
    elapsed_s: float


class DailyBrief(_Model):
    """The brief of one day: stories, actors, quotes, figures, claims and failures."""

    schema_version: str = DAILY_SCHEMA_VERSION
    date: dt.date
    generated_at: dt.datetime
    run_id: int | None = Field(None, description="see `summarizer runs show ID`")
    provider: str
    model: str
    prompt_id: str
    prompt_sha256: str
    stories: list[Story] = Field(default_factory=list)
    actors: list[DailyActor] = Field(default_factory=list)
    quotes: list[SpeakerQuotes] = Field(default_factory=list)
    figures: list[DailyFigure] = Field(default_factory=list)
    claims: list[DailyClaim] = Field(default_factory=list, description="ranked")
    failures: list[Failure] = Field(default_factory=list)
    totals: Totals
    briefs: list[Brief] = Field(default_factory=list, description="one per story")

    def story_of(self, article_id: str) -> Story:
        """The story whose summarised article is ``article_id``."""
        return next(s for s in self.stories if s.article_id == article_id)
