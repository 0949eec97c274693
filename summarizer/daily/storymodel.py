"""The story brief: what one story of the day says, merged from its articles' briefs.

Every merged item keeps references to the article items it comes from
(article id, item id, outlet and the character spans in that article's text),
so a page can open the evidence. The JSON keeps everything; the ``on_page``
flags and :meth:`StoryBrief.page_figures` say what a page should show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..schema import ActorKind, Brief, Qualifier, Span

SummaryAuthor = Literal["lead", "model"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Model):
    """Where a copy of an article was read."""

    location: str = Field(description="the file path or URL it was read from")
    url: str | None = Field(None, description="the article's own URL, when known")
    title: str | None = None
    published: str | None = None


class StoryArticle(_Model):
    """One article of the story and where it was published."""

    article_id: str
    outlet: str = Field(description="who published it (a site or feed name)")
    also_in: list[str] = Field(
        default_factory=list, description="other outlets that carry the same text (near-copies)"
    )
    title: str | None = None
    link: str | None = None
    published: str | None = Field(None, description="ISO date or date-time, when known")


class ItemRef(_Model):
    """An item of one article's brief, with its evidence in that article's text."""

    article_id: str
    item_id: str = Field(description="the item's id inside that article's brief")
    outlet: str
    spans: list[Span] = Field(default_factory=list, description="offsets into the article text")


class StoryActor(_Model):
    """An actor merged across the story's articles by name, alias and surname."""

    id: str = Field(description="a1, a2, ... most mentioned first")
    name: str
    kind: ActorKind = Field(description="the kind most articles give it")
    roles: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    refs: list[ItemRef] = Field(min_length=1)


class StoryQuote(_Model):
    """A quotation, once, with every article (and outlet) that carries it."""

    id: str
    text: str = Field(description="the longest wording the articles give")
    speaker: str | None = Field(
        None, description="story actor id; set only for a person or an organization"
    )
    named_as: list[str] = Field(
        default_factory=list, description="the speaker names the articles give, as given"
    )
    outlets: list[str] = Field(min_length=1)
    refs: list[ItemRef] = Field(min_length=1)


class SpeakerQuotes(_Model):
    """Everything one speaker (a person or an organization) is quoted as saying."""

    speaker: str = Field(description="story actor id")
    name: str
    kind: ActorKind
    quotes: list[StoryQuote] = Field(min_length=1)


class FigureReport(ItemRef):
    """One article's figure for a quantity."""

    value: float
    unit: str
    qualifier: Qualifier
    what: str
    text: str = Field(description="the number as the article writes it")


class Disagreement(_Model):
    """Two reports of one quantity whose values cannot both be true."""

    first: int = Field(ge=0, description="index into the line's reports")
    second: int = Field(ge=0)
    same_article: bool


class FigureLine(_Model):
    """One quantity (same unit and meaning) as each outlet reports it."""

    id: str
    what: str
    unit: str
    on_page: bool = Field(description="False when the figure has no unit or no meaning")
    reports: list[FigureReport] = Field(min_length=1, description="by outlet, then article")
    conflict: bool = Field(
        False, description="outlets (or one article) give values that cannot both be true"
    )
    disagreements: list[Disagreement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _conflict_matches_disagreements(self) -> FigureLine:
        if self.conflict != bool(self.disagreements):
            raise ValueError("conflict must be true exactly when there are disagreements")
        for d in self.disagreements:
            if max(d.first, d.second) >= len(self.reports):
                raise ValueError(f"disagreement {d.first}/{d.second} names a missing report")
        return self


class StoryClaim(_Model):
    """A claim stated by one or more articles, once."""

    id: str
    text: str
    sources: list[str] = Field(
        default_factory=list, description="story actor ids it is attributed to; empty: no one"
    )
    outlets: list[str] = Field(min_length=1)
    refs: list[ItemRef] = Field(min_length=1)


class StorySummary(_Model):
    """The story in a few sentences, and the article text behind them."""

    text: str
    written_by: SummaryAuthor = Field(
        "lead",
        description="lead: the lead of the story's central article, verbatim; model: written "
        "by the model from the story's brief and checked against the articles",
    )
    evidence: list[ItemRef] = Field(
        min_length=1,
        description="the article text it rests on: the lead (item_id 'lead'), or for each "
        "sentence of a model's summary the sentences that support it (item_id 'summary')",
    )


class StoryBrief(_Model):
    """One story: the articles that report one event, merged into a single brief."""

    id: str = Field("", description="s1, s2, ... in rank order once ranked")
    title: str
    summary: StorySummary | None = None
    articles: list[StoryArticle] = Field(min_length=1, description="central article first")
    outlets: list[str] = Field(
        min_length=1, description="distinct outlets, in article order (near-copies' included)"
    )
    published: str | None = Field(None, description="the latest publication time known")
    actors: list[StoryActor] = Field(default_factory=list)
    quotes: list[SpeakerQuotes] = Field(default_factory=list, description="most quoted first")
    unattributed_quotes: list[StoryQuote] = Field(
        default_factory=list,
        description="quotes whose speaker is not a known person or organization",
    )
    figures: list[FigureLine] = Field(default_factory=list)
    claims: list[StoryClaim] = Field(default_factory=list, description="most outlets first")

    def page_quotes(self) -> list[SpeakerQuotes]:
        """The speakers a page lists: those that :func:`named_speaker` accepts."""
        return [group for group in self.quotes if named_speaker(group.name, group.kind)]

    def page_figures(self) -> list[FigureLine]:
        """The figure lines a page shows: those with a unit and a meaning."""
        return [line for line in self.figures if line.on_page]

    def conflicts(self) -> list[FigureLine]:
        """The figure lines whose reports disagree."""
        return [line for line in self.figures if line.conflict]


@dataclass(frozen=True)
class SourcedBrief:
    """One article of a story as the merge reads it: its brief, its text and its outlet."""

    brief: Brief
    text: str = field(repr=False)
    outlet: str
    link: str | None = None
    published: str | None = None
    also_in: tuple[str, ...] = ()  # other outlets carrying a near-copy of it

    @property
    def article_id(self) -> str:
        return self.brief.article.id

    def ref(self, item_id: str, spans: Sequence[Span] = ()) -> ItemRef:
        """A reference to item ``item_id`` of this article."""
        return ItemRef(
            article_id=self.article_id, item_id=item_id, outlet=self.outlet, spans=list(spans)
        )


def named_speaker(name: str, kind: ActorKind) -> bool:
    """A speaker a reader can tell apart: an organization, or a person named in full (at
    least two words: "Kristen Wilkins", not "Wilkins", "Bill" or a glued "JohnSmith").

    The articles name many people by one word only after naming them in full; a person
    never named in full is as likely a misread word ("Mail" of "The Globe and Mail").
    """
    if kind == "organization":
        return True
    return kind == "person" and len(name.split()) >= 2


def add_once(values: list[str], value: str | None) -> list[str]:
    """``values`` with ``value`` appended unless it is None or already there."""
    return values if value is None or value in values else [*values, value]
