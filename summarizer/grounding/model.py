"""The grounded items: one frozen shape per item kind, offsets and status carried along."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from ..schema import ActorKind, GroundingStatus, Qualifier

Span = tuple[int, int]
ItemKind = Literal["actor", "quote", "figure", "claim", "summary"]
Outcome = Literal["dropped", "unattributed", "claim", "flagged"]


@dataclass(frozen=True)
class GroundedActor:
    """An actor the article names; ``aliases`` are its other forms found in the article."""

    name: str
    kind: ActorKind
    role: str | None = None
    aliases: tuple[str, ...] = ()

    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass(frozen=True)
class GroundedQuote:
    """Verbatim words of a quotation; ``speaker`` indexes the actors."""

    text: str
    speaker: int | None
    span: Span
    status: GroundingStatus
    speaker_name: str | None = None  # a speaker the actors do not hold: "the Russian ambassador"


@dataclass(frozen=True)
class GroundedFigure:
    """A number of the article with what it counts."""

    value: float
    unit: str
    qualifier: Qualifier
    what: str
    text: str
    span: Span
    status: GroundingStatus


@dataclass(frozen=True)
class GroundedClaim:
    """A statement with the sentences that support it; ``source`` indexes the actors."""

    text: str
    source: int | None
    evidence: tuple[Span, ...]
    source_name: str | None = None  # a source the actors do not hold


@dataclass(frozen=True)
class Problem:
    """An item that failed grounding: which one, why, and what the model should do.

    ``kind`` and ``index`` name the item in the extraction (``quotes[2]`` is
    kind "quote", index 2) so that a repair can target it; ``item`` is the label
    people and models read; ``context`` is the nearest article text, if any;
    ``text`` is the item's own words (a quote's text, an actor's name; with ``unit``
    for a figure), used to tell whether another chunk kept it. ``outcome`` says what
    grounding did with
    the item: dropped it, kept it without its speaker ("unattributed"), kept
    its words as a claim ("claim"), or kept it with a warning ("flagged").
    ``repair`` says whether a repair request may give a better item: what was
    dropped, yes; what was kept with a note, only when the article points to a
    better answer (a pronoun that refers back to another listed person).
    """

    kind: ItemKind
    index: int
    item: str
    reason: str
    advice: str = ""
    context: str = ""
    text: str = ""
    outcome: Outcome = "dropped"
    unit: str = ""
    repair: bool = True

    def for_model(self) -> str:
        """The problem as a re-ask line: item, reason and advice in plain words."""
        return f"{self.item}: {self.reason}" + (f"; {self.advice}" if self.advice else "")

    def for_user(self) -> str:
        """The problem as a warning line of the brief: what was done, and why."""
        if self.outcome == "unattributed":
            return f"kept {self.item} without its speaker: {self.reason}"
        if self.outcome == "claim":
            return f"kept {self.item} as a claim, not a quote: {self.reason}"
        if self.outcome == "flagged":
            return f"check {self.item}: {self.reason}"
        return f"dropped {self.item}: {self.reason}"


@dataclass
class Grounded:
    """An extraction tied to offsets, plus what could not be grounded."""

    summary: str
    actors: list[GroundedActor] = field(default_factory=list)
    quotes: list[GroundedQuote] = field(default_factory=list)
    figures: list[GroundedFigure] = field(default_factory=list)
    claims: list[GroundedClaim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def shifted(self, offset: int) -> Grounded:
        """The same items with every span moved by ``offset`` (chunk → article)."""

        def mv(span: Span) -> Span:
            return span[0] + offset, span[1] + offset

        return Grounded(
            summary=self.summary,
            actors=list(self.actors),
            quotes=[replace(q, span=mv(q.span)) for q in self.quotes],
            figures=[replace(f, span=mv(f.span)) for f in self.figures],
            claims=[replace(c, evidence=tuple(mv(e) for e in c.evidence)) for c in self.claims],
            problems=list(self.problems),
        )


def excerpt(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def plain(value: float) -> str:
    """A number as people write it: 2000000, 0.58, 33.33 (never 2e+06)."""
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")
