"""Grounded items for tests, built the short way: speakers and sources by actor index."""

from __future__ import annotations

from typing import Any

from summarizer.grounding import Grounded
from summarizer.grounding.model import PENDING_ID, actor_id, span_of, speaker_id
from summarizer.schema import (
    Actor,
    ActorKind,
    Claim,
    Figure,
    GroundingStatus,
    Qualifier,
    Quote,
    Span,
)


def actor(
    name: str, kind: ActorKind, role: str | None = None, aliases: tuple[str, ...] = ()
) -> Actor:
    """An actor; :func:`grounded` numbers it by its place in the list."""
    return Actor(id=actor_id(0), name=name, kind=kind, role=role, aliases=list(aliases))


def speaker_index(ident: str | None) -> int | None:
    """The place in its actor list of the actor a speaker or source id names."""
    return None if ident is None else int(ident.removeprefix("a")) - 1


def numbered(actors: list[Actor]) -> list[Actor]:
    """``actors`` with the ids of their places."""
    return [a.model_copy(update={"id": actor_id(i)}) for i, a in enumerate(actors)]


def grounded(summary: str, actors: list[Actor] | None = None, **items: Any) -> Grounded:
    """A :class:`Grounded` whose actors carry the ids of their places."""
    return Grounded(summary, numbered(actors or []), **items)


def quote(
    text: str,
    speaker: int | None,
    span: tuple[int, int],
    status: GroundingStatus = "exact",
    speaker_name: str | None = None,
) -> Quote:
    return Quote(
        id=PENDING_ID,
        text=text,
        speaker=speaker_id(speaker),
        speaker_name=speaker_name,
        spans=span_of(*span),
        grounding=status,
    )


def figure(
    value: float,
    unit: str,
    qualifier: Qualifier,
    what: str,
    text: str,
    span: tuple[int, int],
    status: GroundingStatus = "exact",
) -> Figure:
    return Figure(
        id=PENDING_ID,
        value=value,
        unit=unit,
        qualifier=qualifier,
        what=what,
        text=text,
        spans=span_of(*span),
        grounding=status,
    )


def claim(
    text: str,
    source: int | None,
    evidence: tuple[tuple[int, int], ...],
    source_name: str | None = None,
) -> Claim:
    return Claim(
        id=PENDING_ID,
        text=text,
        source=speaker_id(source),
        evidence=[Span(start=a, end=b) for a, b in evidence],
        source_name=source_name,
    )
