"""Grounding an extraction in its article (BRIEF.md §2).

``ground`` turns an :class:`~summarizer.schema.Extraction` into items tied to
character offsets and lists every problem it found in plain words. LLM
providers validate through :mod:`summarizer.providers.validation`, which turns
those problems into re-asks; the pipeline grounds the final extraction once
more and drops what still fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .align import ArticleIndex, Match
from .numbers import WORD_QUANTITY, find_numbers, ratio_percent, values_agree
from .schema import ActorKind, ExtractedFigure, Extraction, Qualifier
from .text import fold, fold_name

CLAIM_MIN_SUPPORT = 0.34
_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a \n\t"
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.\.\.|\u2026)\s*")


@dataclass
class GroundedActor:
    name: str
    kind: ActorKind
    role: str | None
    aliases: list[str]

    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class GroundedQuote:
    text: str
    speaker: int | None  # index into actors
    span: tuple[int, int]
    status: str
    speaker_name: str | None = None  # an unnamed speaker's description: "the Russian ambassador"


@dataclass
class GroundedFigure:
    value: float
    unit: str
    qualifier: Qualifier
    what: str
    text: str
    span: tuple[int, int]
    status: str


@dataclass
class GroundedClaim:
    text: str
    source: int | None
    evidence: list[tuple[int, int]]


ItemKind = Literal["actor", "quote", "figure", "claim", "summary"]


@dataclass(frozen=True)
class Problem:
    """An item that failed grounding: which one, why, and what the model should do.

    ``kind`` and ``index`` name the item in the extraction (``quotes[2]`` is
    kind "quote", index 2) so that a repair can target it; ``item`` is the label
    people and models read; ``context`` is the nearest article text, if any.
    """

    kind: ItemKind
    index: int
    item: str
    reason: str
    advice: str = ""
    context: str = ""

    def for_model(self) -> str:
        return f"{self.item}: {self.reason}" + (f"; {self.advice}" if self.advice else "")

    def for_user(self) -> str:
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

        def mv(span: tuple[int, int]) -> tuple[int, int]:
            return span[0] + offset, span[1] + offset

        return Grounded(
            summary=self.summary,
            actors=self.actors,
            quotes=[
                GroundedQuote(q.text, q.speaker, mv(q.span), q.status, q.speaker_name)
                for q in self.quotes
            ],
            figures=[
                GroundedFigure(f.value, f.unit, f.qualifier, f.what, f.text, mv(f.span), f.status)
                for f in self.figures
            ],
            claims=[
                GroundedClaim(c.text, c.source, [mv(e) for e in c.evidence]) for c in self.claims
            ],
            problems=self.problems,
        )


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class ActorResolver:
    """Maps the names a model uses for speakers and sources to actor indices."""

    def __init__(self, actors: list[GroundedActor]):
        self._exact: dict[str, int] = {}
        self._surname: dict[str, set[int]] = {}
        for i, actor in enumerate(actors):
            for form in actor.forms():
                self._exact.setdefault(fold_name(form), i)
            if actor.kind == "person":
                parts = fold_name(actor.name).split()
                if parts:
                    self._surname.setdefault(parts[-1], set()).add(i)

    def resolve(self, name: str) -> int | None:
        key = fold_name(name)
        if key in self._exact:
            return self._exact[key]
        for prefix in ("mr ", "mrs ", "ms ", "dr ", "prof ", "the "):
            if key.startswith(prefix) and key[len(prefix) :] in self._exact:
                return self._exact[key[len(prefix) :]]
        parts = key.split()
        if parts:
            owners = self._surname.get(parts[-1], set())
            if len(owners) == 1:
                return next(iter(owners))
        return None


def ground(extraction: Extraction, index: ArticleIndex) -> Grounded:
    """Tie every item of ``extraction`` to offsets in ``index.text``; list the failures."""
    out = Grounded(summary=extraction.summary.strip())
    out.actors = _ground_actors(extraction, index, out.problems)
    resolver = ActorResolver(out.actors)
    _ground_quotes(extraction, index, resolver, out)
    _ground_figures(extraction, index, out)
    _ground_claims(extraction, index, resolver, out)
    return out


def _ground_actors(
    extraction: Extraction, index: ArticleIndex, problems: list[Problem]
) -> list[GroundedActor]:
    actors: list[GroundedActor] = []
    seen: dict[str, int] = {}
    for i, actor in enumerate(extraction.actors):
        name = actor.name.strip()
        if not name:
            problems.append(Problem("actor", i, f"actors[{i}]", "the name is empty"))
            continue
        forms = [f.strip() for f in [name, *actor.aliases] if f.strip()]
        present = [f for f in forms if _mentioned(f, index)]
        if not present and actor.kind == "person":
            surname = name.split()[-1]
            if len(surname) > 2 and _mentioned(surname, index):
                present = [name]
        if not present:
            problems.append(
                Problem(
                    "actor",
                    i,
                    f"actor {name!r}",
                    "it does not appear in the article",
                    "list only actors the article names",
                )
            )
            continue
        key = fold_name(name)
        if key in seen:
            merged = actors[seen[key]]
            merged.aliases.extend(a for a in present if a not in merged.forms())
            continue
        aliases = [a for a in dict.fromkeys(present) if fold_name(a) != key]
        seen[key] = len(actors)
        actors.append(GroundedActor(name, actor.kind, actor.role or None, aliases))
    return actors


def _mentioned(form: str, index: ArticleIndex) -> bool:
    if form in index.text:  # the usual case; the folded copy is built only when needed
        return True
    needle = fold(form)
    folded = index.folded.text
    return bool(needle) and (needle in folded or needle.replace(" ", "") in folded)


def _ground_quotes(
    extraction: Extraction, index: ArticleIndex, resolver: ActorResolver, out: Grounded
) -> None:
    taken: list[tuple[int, int]] = []
    for i, quote in enumerate(extraction.quotes):
        label = f"quotes[{i}] ({_excerpt(quote.text)!r})"
        speaker = None
        description = None
        if quote.speaker and quote.speaker.strip():
            speaker = resolver.resolve(quote.speaker)
            if speaker is None and _is_description(quote.speaker):
                description = " ".join(quote.speaker.split())
            elif speaker is None:
                out.problems.append(
                    Problem(
                        "quote",
                        i,
                        label,
                        f"its speaker {quote.speaker!r} is not among the actors",
                        "add that actor or use the name of a listed actor",
                    )
                )
                continue
        parts = [p.strip(_QUOTE_MARKS) for p in _ELLIPSIS.split(quote.text)]
        parts = [p for p in parts if p]
        if not parts:
            out.problems.append(Problem("quote", i, label, "the quote is empty"))
            continue
        matches: list[Match] = []
        cursor = 0
        for part in parts:
            match = index.find(part, start=cursor) or index.find(part)
            if match is None:
                break
            matches.append(match)
            cursor = match.end
        if len(matches) < len(parts):
            out.problems.append(
                Problem(
                    "quote",
                    i,
                    label,
                    "this text does not occur in the article",
                    "quote the article's words verbatim or leave the quote out",
                )
            )
            continue
        for match in matches:
            span = (match.start, match.end)
            if span in taken:
                continue
            taken.append(span)
            out.quotes.append(
                GroundedQuote(
                    index.text[match.start : match.end], speaker, span, match.status, description
                )
            )


def _is_description(speaker: str) -> bool:
    """True for an unnamed speaker such as "the Russian ambassador" or "a police spokesman"."""
    words = speaker.split()
    return len(words) >= 2 and words[0].lower() in ("the", "a", "an") and words[-1].islower()


def _ground_figures(extraction: Extraction, index: ArticleIndex, out: Grounded) -> None:
    taken: set[tuple[int, int]] = set()
    for i, figure in enumerate(extraction.numbers):
        label = f"numbers[{i}] (text {figure.text!r}, value {figure.value:g})"
        match = _locate_figure(figure, index, taken)
        if match is None:
            out.problems.append(
                Problem(
                    "figure",
                    i,
                    label,
                    "neither the text nor the value occurs in the article",
                    "report only numbers the article states",
                )
            )
            continue
        surface = index.text[match.start : match.end]
        read = find_numbers(surface)
        ratio = ratio_percent(surface)
        if not read and not WORD_QUANTITY.search(surface):
            out.problems.append(
                Problem(
                    "figure",
                    i,
                    label,
                    "its text holds no number",
                    "give the number as the article writes it",
                )
            )
            continue
        if ratio is not None and values_agree(figure.value, ratio, 0.01):
            pass
        elif read and not any(_value_matches(figure.value, m.value, m.percent) for m in read):
            out.problems.append(
                Problem(
                    "figure",
                    i,
                    label,
                    f"the value does not match the text, which reads as {read[0].value:g}",
                    "give the value the text states, scaled ('2.5 million' -> 2500000)",
                )
            )
            continue
        taken.add((match.start, match.end))
        out.figures.append(
            GroundedFigure(
                value=figure.value,
                unit=figure.unit.strip() or "items",
                qualifier=figure.qualifier,
                what=figure.what.strip() or figure.unit,
                text=surface,
                span=(match.start, match.end),
                status=match.status,
            )
        )


def _value_matches(declared: float, read: float, is_share: bool) -> bool:
    return values_agree(declared, read) or (is_share and values_agree(declared, read / 100))


def _locate_figure(
    figure: ExtractedFigure, index: ArticleIndex, taken: set[tuple[int, int]]
) -> Match | None:
    """The best place of a figure: its text where it stands as a number, else its value."""
    text = figure.text.strip()
    candidates = [m for m in index.find_all(text) if _number_boundaries(index.text, m)]
    if not candidates:
        candidates = [
            Match(n.start, n.end, "normalized")
            for n in index.numbers
            if _value_matches(figure.value, n.value, n.percent)
        ]
    if not candidates:
        return None
    free = [m for m in candidates if (m.start, m.end) not in taken] or candidates
    context = set(fold(f"{figure.unit} {figure.what}").split())
    return max(free, key=lambda m: (_context_overlap(index.text, m, context), -m.start))


def _number_boundaries(text: str, match: Match) -> bool:
    """False when the match sits inside a longer number or word ("45" in "1945")."""
    before = text[match.start - 1] if match.start > 0 else " "
    after = text[match.end] if match.end < len(text) else " "
    first = text[match.start] if match.end > match.start else " "
    last = text[match.end - 1] if match.end > match.start else " "
    if first.isalnum() and before.isalnum():
        return False
    return not (
        last.isdigit()
        and (
            after.isdigit()
            or (after in ".," and match.end + 1 < len(text) and text[match.end + 1].isdigit())
        )
    )


def _context_overlap(text: str, match: Match, context: set[str]) -> int:
    window = fold(text[max(0, match.start - 60) : match.end + 60])
    return sum(1 for word in context if len(word) > 2 and word in window)


def _ground_claims(
    extraction: Extraction, index: ArticleIndex, resolver: ActorResolver, out: Grounded
) -> None:
    for i, claim in enumerate(extraction.claims):
        label = f"claims[{i}] ({_excerpt(claim.text)!r})"
        source = None
        if claim.source and claim.source.strip():
            source = resolver.resolve(claim.source)
            if source is None:
                out.problems.append(
                    Problem(
                        "claim",
                        i,
                        label,
                        f"its source {claim.source!r} is not among the actors",
                        "add that actor or use the name of a listed actor",
                    )
                )
                continue
        evidence, support = index.best_sentences(claim.text)
        if not evidence or support < CLAIM_MIN_SUPPORT:
            out.problems.append(
                Problem(
                    "claim",
                    i,
                    label,
                    "no sentence of the article supports it",
                    "state only what the article says",
                )
            )
            continue
        out.claims.append(
            GroundedClaim(claim.text.strip(), source, [(s.start, s.end) for s in evidence])
        )
