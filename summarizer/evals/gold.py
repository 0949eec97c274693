"""Hand-written gold briefs (BRIEF.md §3): the model and the loader."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..schema import Kind, Qual, SchemaFile


def _date_text(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldMeta(_Gold):
    title: str
    source: str
    published: Annotated[str | None, BeforeValidator(_date_text)] = None
    licence: str


class GoldActor(_Gold):
    name: str = Field(min_length=1)
    kind: Kind
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)


class GoldQuote(_Gold):
    text: str = Field(min_length=1)
    speaker: str | None = Field(description="an actor name or alias; null when none is given")


class GoldFigure(_Gold):
    value: float
    unit: str = Field(min_length=1)
    what: str | None = None
    text: str = Field(min_length=1)
    qualifier: Qual = "exact"


class GoldClaim(_Gold):
    text: str = Field(min_length=1)
    source: str | None = Field(None, description="an actor name or alias, or null")


class GoldBrief(_Gold):
    """A gold brief written by a person reading the article."""

    meta: GoldMeta
    summary: str
    actors: list[GoldActor] = Field(default_factory=list)
    quotes: list[GoldQuote] = Field(default_factory=list)
    numbers: list[GoldFigure] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)


GOLD_SCHEMA = SchemaFile("gold.schema.json", GoldBrief, "validation")
