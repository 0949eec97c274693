"""The day's brief (``brief.json``): the day's stories, ranked, and the articles' briefs.

``schemas/daily.schema.json`` is generated from :class:`DailyBrief`.

Version 2 (version 1 listed one story per article, with day-wide lists of
actors, quotes, figures and claims): a story is now every article of the day
that reports one event, across outlets, merged into one
:class:`~summarizer.daily.storymodel.StoryBrief` with its own actors, quotes by
speaker, figure lines with conflicts, claims and summary; every item refers to
the article items it comes from, with character offsets into their texts.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schema import Brief, SchemaFile, Usage
from .storymodel import SourceRef, StoryBrief

DAILY_SCHEMA_VERSION = "2"

FailureStage = Literal["read", "fetch", "extract", "summarise"]

__all__ = [
    "DAILY_SCHEMA",
    "DAILY_SCHEMA_VERSION",
    "STORY_SCHEMA",
    "DailyBrief",
    "DailyStory",
    "Failure",
    "SourceRef",
    "Totals",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DailyStory(StoryBrief):
    """One story of the day: its merged brief, where to read it, and every copy read."""

    link: str = Field(
        description="where to read the story's central article: its URL, else a file:// URI"
    )
    sources: list[SourceRef] = Field(
        min_length=1, description="every place the story's articles were read, copies included"
    )


class Failure(_Model):
    """A source or article that did not make it into the brief, and why."""

    source: str
    stage: FailureStage
    reason: str


class Totals(_Model):
    sources: int = Field(description="articles read (each file, page or feed item once)")
    articles: int = Field(description="distinct articles with a brief")
    duplicates: int = Field(description="copies folded into another article (near-duplicates)")
    stories: int = Field(description="stories the distinct articles form")
    failed: int
    summarised: int = Field(description="briefs made by this run")
    reused: int = Field(description="briefs taken from the store")
    usage: Usage = Field(description="tokens of every brief of the day")
    cost_usd: float = Field(description="cost of every brief of the day")
    run_calls: int = Field(description="provider calls made by this run (summaries included)")
    run_cost_usd: float = Field(description="what this run spent")
    elapsed_s: float


class DailyBrief(_Model):
    """The brief of one day: its stories, ranked, its failures and its articles' briefs."""

    schema_version: str = DAILY_SCHEMA_VERSION
    date: dt.date
    generated_at: dt.datetime
    run_id: int | None = Field(None, description="see `summarizer runs show ID`")
    provider: str
    model: str
    prompt_id: str
    prompt_sha256: str
    summary_prompt_id: str | None = Field(
        None, description="the prompt of the model-written story summaries, when there are any"
    )
    summary_prompt_sha256: str | None = None
    story_threshold: float = Field(description="the similarity from which articles are one story")
    max_stories: int = Field(description="how many of the stories the pages show")
    stories: list[DailyStory] = Field(
        default_factory=list,
        description="every story, ranked: most outlets, then most articles, then most recent",
    )
    warnings: list[str] = Field(
        default_factory=list, description="what could not be done as asked, in plain words"
    )
    failures: list[Failure] = Field(default_factory=list)
    totals: Totals
    briefs: list[Brief] = Field(default_factory=list, description="one per distinct article")

    @property
    def page_stories(self) -> list[DailyStory]:
        """The stories the pages show: the first ``max_stories``."""
        return self.stories[: self.max_stories]


# The daily brief, and the story brief inside it, have their own version.
DAILY_SCHEMA = SchemaFile("daily.schema.json", DailyBrief, "serialization", DAILY_SCHEMA_VERSION)
STORY_SCHEMA = SchemaFile("story.schema.json", StoryBrief, "serialization", DAILY_SCHEMA_VERSION)
