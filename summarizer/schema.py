"""The brief's data model and the smaller model the LLM fills.

The contract these models implement is ``docs/BRIEF.md`` §1: its field names are
normative, and its §6 lists where the code still differs. The pydantic models
here are the single source of truth for the JSON: ``schemas/*.schema.json`` are
generated from them (``summarizer schema --write``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaMode

from .article import normalise_text
from .safe_text import strip_controls

SCHEMA_VERSION = "1"

_ActorKinds = Literal["person", "organization", "country", "group", "other"]
_Qualifiers = Literal[
    "exact", "about", "at least", "at most", "more than", "less than", "up to", "within"
]
ACTOR_KINDS: frozenset[str] = frozenset(get_args(_ActorKinds))
QUALIFIERS: frozenset[str] = frozenset(get_args(_Qualifiers))
GroundingStatus = Literal["exact", "normalized", "fuzzy"]

_KIND_SYNONYMS = {
    "organisation": "organization",
    "org": "organization",
    "company": "organization",
    "agency": "organization",
    "institution": "organization",
    "government": "country",
    "nation": "country",
    "state": "country",
    "people": "group",
    "team": "group",
    "party": "organization",
}
_QUALIFIER_SYNONYMS = {
    "": "exact",
    "none": "exact",
    "approximately": "about",
    "approx": "about",
    "around": "about",
    "roughly": "about",
    "nearly": "about",
    "almost": "about",
    "some": "about",
    "estimated": "about",
    "over": "more than",
    "above": "more than",
    "greater than": "more than",
    "under": "less than",
    "below": "less than",
    "fewer than": "less than",
    "minimum": "at least",
    "maximum": "at most",
    "no more than": "at most",
    "as many as": "up to",
    "exactly": "exact",
    "precisely": "exact",
    "close to": "about",
    "just over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "just under": "less than",
    "no fewer than": "at least",
    "no less than": "at least",
    "not more than": "at most",
    "not less than": "at least",
}


def normalise_kind(value: Any) -> Any:
    """An actor kind in its canonical spelling ("organisation" -> "organization")."""
    if isinstance(value, str):
        key = value.strip().lower()
        return _KIND_SYNONYMS.get(key, key)
    return value


def normalise_qualifier(value: Any) -> Any:
    """A figure qualifier in its canonical spelling ("approximately" -> "about")."""
    if value is None:
        return "exact"
    if isinstance(value, str):
        key = re.sub(r"\s+", " ", value.strip().lower())
        return _QUALIFIER_SYNONYMS.get(key, key)
    return value


# The two vocabularies; a pydantic field of either type takes the synonyms above too.
ActorKind = Annotated[_ActorKinds, BeforeValidator(normalise_kind)]
Qualifier = Annotated[_Qualifiers, BeforeValidator(normalise_qualifier)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- brief


class Span(_Model):
    """Character offsets into the article's text (:attr:`ArticleRef.id` names it):
    ``text[start:end]`` is the stretch of the article an item stands on."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class ArticleRef(_Model):
    """The article a brief was made from: its id (the sha256 of its normalised text, the
    text every offset indexes), what is known about it, and its size in words."""

    id: str = Field(description="sha256 of the normalised article text")
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    word_count: int = Field(ge=0)


class Actor(_Model):
    """A person, organisation, country or group the article mentions: its fullest name
    in the article, its kind, its role there and the other names the article uses.

    Quotes (``speaker``) and claims (``source``, ``actors``) refer to it by ``id``;
    :meth:`Brief.actor` finds it.
    """

    id: str
    name: str
    kind: ActorKind = "other"
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)

    def forms(self) -> list[str]:
        """Every name of the actor: its name, then its aliases."""
        return [self.name, *self.aliases]


class Quote(_Model):
    """A direct quotation, verbatim: its text as the article has it, the speaking actor
    (``speaker`` is an actor id, ``speaker_name`` the name; both None when the article
    names none), where it stands (``spans``) and how it was found there (``grounding``:
    ``exact``, ``normalized`` for typographic differences, ``fuzzy`` for small ones).

    :meth:`Brief.speaker` gives the speaking :class:`Actor`.
    """

    id: str
    text: str
    speaker: str | None = Field(None, description="actor id")
    speaker_name: str | None = None
    spans: list[Span] = Field(min_length=1)
    grounding: GroundingStatus


class Figure(_Model):
    """A number the article states: its value (scaled: "2.5 million" is 2500000), unit,
    qualifier (``about``, ``more than``...), what it counts or measures, the surface text
    as written, and where it stands (``spans``)."""

    id: str
    value: float
    unit: str
    qualifier: Qualifier = "exact"
    what: str
    text: str
    spans: list[Span] = Field(min_length=1)
    grounding: GroundingStatus = "exact"

    @field_serializer("value")
    def _plain_number(self, value: float) -> int | float:
        return int(value) if value.is_integer() and abs(value) < 2**53 else value


class Claim(_Model):
    """A key statement of the article in one self-contained sentence, the actor it is
    attributed to (``source``; None when it is the article's own voice), the sentences
    that support it (``evidence`` spans), and the actors and figures it involves (ids)."""

    id: str
    text: str
    source: str | None = Field(None, description="actor id, or null for the article's own voice")
    evidence: list[Span] = Field(min_length=1)
    actors: list[str] = Field(default_factory=list)
    figures: list[str] = Field(default_factory=list)
    source_name: str | None = Field(
        None,
        exclude=True,
        description="a source no listed actor holds ('an unnamed official'); not written out",
    )


class Usage(_Model):
    """Tokens a brief (or a call) used, as the provider reported them; ``+`` adds two."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class Verification(_Model):
    """The verification pass of one brief: claims judged, rejected, and what it cost.

    Its attempts, usage and cost are also counted in the provenance totals.
    """

    checked: int = Field(0, description="claims the model was asked to judge")
    rejected: int = Field(0, description="claims dropped because the model found them unsupported")
    attempts: int = 0
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float | None = None


class Provenance(_Model):
    """How a brief was made: provider, model, prompt id and the sha256 of its templates,
    schema version, model answers received (``attempts``), article parts (``chunks``),
    token usage, cost in USD (None when the model has no known price), seconds taken,
    when, and the verification pass if it ran."""

    provider: str
    model: str
    prompt_id: str
    prompt_sha256: str
    schema_version: str = SCHEMA_VERSION
    attempts: int = Field(
        0, description="model answers received: first requests, re-asks, repairs, verification"
    )
    chunks: int = 1
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float | None = None
    latency_s: float = 0.0
    created_at: datetime
    verification: Verification | None = Field(
        None, description="the verification pass, when it ran (its cost is in the totals too)"
    )


class Brief(_Model):
    """A typed, grounded brief of one article (BRIEF.md §1).

    Look-ups: :meth:`actor` and :meth:`figure` by id, :meth:`speaker` of a quote,
    :meth:`source` of a claim, and :meth:`evidence`: the article text an item stands on.
    """

    schema_version: str = SCHEMA_VERSION
    article: ArticleRef
    summary: str
    actors: list[Actor] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    numbers: list[Figure] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    provenance: Provenance

    @model_validator(mode="after")
    def _references_resolve(self) -> Brief:
        ids = [
            item.id
            for group in (self.actors, self.quotes, self.numbers, self.claims)
            for item in group
        ]
        if len(ids) != len(set(ids)):
            raise ValueError("item ids are not unique")
        actor_ids = {a.id for a in self.actors}
        figure_ids = {f.id for f in self.numbers}
        for q in self.quotes:
            if q.speaker is not None and q.speaker not in actor_ids:
                raise ValueError(f"quote {q.id} names unknown actor {q.speaker}")
        for c in self.claims:
            refs = ([c.source] if c.source else []) + c.actors
            missing = [r for r in refs if r not in actor_ids]
            missing += [f for f in c.figures if f not in figure_ids]
            if missing:
                raise ValueError(f"claim {c.id} references unknown ids {missing}")
        return self

    # ---------------------------------------------------------------- look-ups

    def actor(self, actor_id: str) -> Actor:
        """The actor with id ``actor_id``.

        Raises:
            KeyError: no actor of this brief has that id.
        """
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(f"no actor with id {actor_id!r} in this brief")

    def figure(self, figure_id: str) -> Figure:
        """The figure with id ``figure_id``.

        Raises:
            KeyError: no figure of this brief has that id.
        """
        for figure in self.numbers:
            if figure.id == figure_id:
                return figure
        raise KeyError(f"no figure with id {figure_id!r} in this brief")

    def speaker(self, quote: Quote) -> Actor | None:
        """The actor who speaks ``quote``; None when the article names no speaker."""
        return None if quote.speaker is None else self.actor(quote.speaker)

    def source(self, claim: Claim) -> Actor | None:
        """The actor ``claim`` is attributed to; None when it is the article's own voice."""
        return None if claim.source is None else self.actor(claim.source)

    def evidence(self, item: Span | Quote | Figure | Claim, article_text: str) -> list[str]:
        """The article text ``item`` stands on: the text of each of its spans (a quote's or
        figure's places, a claim's evidence sentences), or of the one span given.

        ``article_text`` is the text this brief was made from: ``Article.text`` (for a
        page or an HTML file, the extracted text :func:`summarizer.read_article` gives),
        or the file's text as read (line ends and byte-order mark are normalised here).

        Raises:
            ValueError: ``article_text`` is not that text (its sha256 is not ``article.id``).
        """
        text = self.checked_text(article_text)
        if isinstance(item, Span):
            spans = [item]
        elif isinstance(item, Claim):
            spans = item.evidence
        else:
            spans = item.spans
        return [text[span.start : span.end] for span in spans]

    def checked_text(self, article_text: str) -> str:
        """``article_text`` as the text this brief's offsets index (line ends and byte-order
        mark normalised if need be).

        Raises:
            ValueError: it is not the text the brief was made from.
        """
        for candidate in (article_text, _normalised(article_text)):
            if hashlib.sha256(candidate.encode("utf-8")).hexdigest() == self.article.id:
                return candidate
        raise ValueError(
            "this is not the text the brief was made from (its sha256 differs from "
            "article.id); pass the Article's text, e.g. summarizer.read_article(...).text"
        )


def _normalised(text: str) -> str:
    """``text`` as the pipeline normalises an article before summarising it."""
    return strip_controls(normalise_text(text))


# ------------------------------------------------------------------- extraction
# What the LLM fills: no ids, no offsets. Items refer to actors by name.
# Unknown keys are ignored rather than rejected: models add them freely.


def _drop_titles(schema: dict[str, Any]) -> None:
    """Property titles repeat the property names; the model reads them on every call."""
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", json_schema_extra=_drop_titles)


class ExtractedActor(_Lenient):
    name: str = Field(description="fullest name used in the article")
    kind: ActorKind = "person"
    role: str | None = Field(None, description="title or function in this article")
    aliases: list[str] = Field(default_factory=list, description="other names used in the article")


class ExtractedQuote(_Lenient):
    text: str = Field(description="verbatim words from the article, without quotation marks")
    speaker: str | None = Field(description="name of an actor in `actors`; null if none is given")


class ExtractedFigure(_Lenient):
    text: str = Field(description="the number exactly as written in the article")
    value: float = Field(description="numeric value, scaled: '2.5 million' -> 2500000")
    unit: str = Field(description="counted noun or unit: people, USD, percent, years ...")
    qualifier: Qualifier = "exact"
    what: str = Field(description="what is counted or measured")


class ExtractedClaim(_Lenient):
    text: str = Field(description="one self-contained factual statement")
    source: str | None = Field(
        None, description="name of the actor the article attributes it to; null if none"
    )


class Extraction(_Lenient):
    """Extract a grounded brief of the article."""

    model_config = ConfigDict(extra="ignore", title="extract_brief", json_schema_extra=_drop_titles)

    summary: str = Field(description="one or two neutral sentences")
    actors: list[ExtractedActor] = Field(default_factory=list)
    quotes: list[ExtractedQuote] = Field(default_factory=list)
    numbers: list[ExtractedFigure] = Field(default_factory=list)
    claims: list[ExtractedClaim] = Field(default_factory=list, max_length=12)


@dataclass(frozen=True)
class SchemaFile:
    """A JSON Schema document of ``schemas/``, generated from a pydantic model: what
    ``summarizer schema --write`` writes, and what the files it describes are checked
    against. ``mode`` is ``serialization`` for what the tool writes, ``validation`` for
    what it reads."""

    filename: str
    model: type[BaseModel]
    mode: JsonSchemaMode
    version: str = SCHEMA_VERSION

    def document(self) -> dict[str, Any]:
        """The schema as stored in ``schemas/<filename>``."""
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://summarizer.invalid/schemas/{self.filename}",
            "x-schema-version": self.version,
            **self.model.model_json_schema(mode=self.mode),
        }

    def text(self) -> str:
        """:meth:`document` as the exact text written to disk."""
        return json.dumps(self.document(), indent=2, ensure_ascii=False) + "\n"


BRIEF_SCHEMA = SchemaFile("brief.schema.json", Brief, "serialization")
