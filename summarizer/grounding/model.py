"""The grounded items and what failed: the brief's own item shapes, offsets and status
carried along.

Grounding makes :class:`~summarizer.schema.Actor`, :class:`~summarizer.schema.Quote`,
:class:`~summarizer.schema.Figure` and :class:`~summarizer.schema.Claim` items directly.
An actor's id is its place in the actor list (:func:`actor_id`), so that a quote's
speaker and a claim's source refer to it as the brief does; quotes, figures and claims
get their ids when the brief is built. Until then a quote's ``speaker_name`` and a
claim's ``source_name`` hold only a name no listed actor has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..schema import Actor, Claim, Figure, Quote, Span

ItemKind = Literal["actor", "quote", "figure", "claim", "summary"]
Outcome = Literal["dropped", "unattributed", "claim", "flagged"]


PENDING_ID = ""  # a quote's, figure's or claim's id until the brief is built


def actor_id(index: int) -> str:
    """The id of the actor at ``index`` of an actor list."""
    return f"a{index + 1}"


def speaker_id(index: int | None) -> str | None:
    """:func:`actor_id` of a speaker or source index; None stays None."""
    return None if index is None else actor_id(index)


def span_of(start: int, end: int) -> list[Span]:
    """The spans of an item that stands on ``start:end``."""
    return [Span(start=start, end=end)]


def place(item: Quote | Figure) -> tuple[int, int]:
    """Where ``item`` stands: its first span as (start, end)."""
    return item.spans[0].start, item.spans[0].end


def evidence_of(claim: Claim) -> tuple[tuple[int, int], ...]:
    """The claim's evidence spans as (start, end)."""
    return tuple((s.start, s.end) for s in claim.evidence)


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
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def shifted(self, offset: int) -> Grounded:
        """The same items with every span moved by ``offset`` (chunk → article)."""

        def mv(spans: list[Span]) -> list[Span]:
            return [Span(start=s.start + offset, end=s.end + offset) for s in spans]

        return Grounded(
            summary=self.summary,
            actors=list(self.actors),
            quotes=[q.model_copy(update={"spans": mv(q.spans)}) for q in self.quotes],
            figures=[f.model_copy(update={"spans": mv(f.spans)}) for f in self.figures],
            claims=[c.model_copy(update={"evidence": mv(c.evidence)}) for c in self.claims],
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
