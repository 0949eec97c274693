"""Grounding an extraction in its article (BRIEF.md §2).

``ground`` turns an :class:`~summarizer.schema.Extraction` into items tied to
character offsets and lists every problem it found in plain words. LLM
providers validate through :mod:`summarizer.providers.validation`, which turns
those problems into re-asks; the pipeline grounds the final extraction once
more and drops what still fails.

The summary is checked once, against the whole article, when the brief is
built (:func:`summary_problem`): a chunk's text cannot judge it.

The rules live one module per item kind: :mod:`.actors` (one actor per
entity, names resolved), :mod:`.quotes` with :mod:`.speakers` (quotations and
who said them), :mod:`.figures` (values and what they count) and
:mod:`.claims` (support, numbers, negation, source; the summary).
"""

from __future__ import annotations

from ..align import ArticleIndex
from ..schema import Claim, Extraction
from .actors import ActorMentions, ActorResolver, ground_actors
from .claims import CLAIM_MIN_SUPPORT, ClaimGrounder, says_the_same, summary_problem
from .figures import FigureGrounder
from .model import (
    Grounded,
    ItemKind,
    Outcome,
    Problem,
    actor_id,
    excerpt,
    place,
)
from .quotes import NOT_QUOTED, NOT_QUOTED_ADVICE, QuoteGrounder
from .speakers import Attributor

__all__ = [
    "CLAIM_MIN_SUPPORT",
    "ActorResolver",
    "Grounded",
    "ItemKind",
    "Outcome",
    "Problem",
    "actor_id",
    "ground",
    "summary_problem",
]


def ground(
    extraction: Extraction, index: ArticleIndex, window: tuple[int, int] | None = None
) -> Grounded:
    """Tie every item of ``extraction`` to offsets in ``index.text``; list the failures.

    ``window`` is the part of the text the model read (a chunk of a long article):
    where its words occur more than once, the place inside it wins. Quotations,
    attributions and evidence are read in the whole text.
    """
    window = window or (0, len(index.text))
    out = Grounded(summary=" ".join(extraction.summary.split()))
    out.actors, ids = ground_actors(extraction, index, out.problems)
    resolver = ActorResolver(out.actors, ids)
    mentions = ActorMentions(out.actors, index)
    attributor = Attributor(index, out.actors, mentions, resolver)
    claims = ClaimGrounder(index, index.quotations, attributor, out.actors, mentions)
    quotes = QuoteGrounder(index, index.quotations, attributor, window)
    reported = _ground_quotes(extraction, quotes, resolver, claims, out)
    figures, problems = FigureGrounder(index, window).ground(list(extraction.numbers))
    out.figures = sorted(figures, key=place)
    out.problems.extend(problems)
    _ground_claims(extraction, resolver, claims, out)
    out.claims += [
        r for r in reported if not any(says_the_same(r.text, c.text) for c in out.claims)
    ]
    return out


def _ground_quotes(
    extraction: Extraction,
    grounder: QuoteGrounder,
    resolver: ActorResolver,
    claims: ClaimGrounder,
    out: Grounded,
) -> list[Claim]:
    """Quotes kept or refused; reported speech returned as claims where it holds as one
    (the caller keeps those the model's own claims do not already say)."""
    as_claims: list[Claim] = []
    speakers = [_speaker(q.speaker, resolver) for q in extraction.quotes]
    quoted = grounder.ground(list(extraction.quotes), speakers)
    out.quotes = sorted(quoted.quotes, key=place)
    out.problems.extend(quoted.problems)
    for reported in quoted.reported:
        speech = extraction.quotes[reported.index]
        label = f"quotes[{reported.index}] ({excerpt(speech.text)!r})"
        result = claims.ground(
            reported.index,
            reported.text,
            reported.speaker,
            speech.speaker,
            reported.sentence,
            "quote",
        )
        if isinstance(result, Problem):
            problem = Problem(
                "quote",
                reported.index,
                label,
                NOT_QUOTED,
                NOT_QUOTED_ADVICE,
                result.context,
                speech.text,
            )
        else:
            as_claims.append(result)
            a, b = reported.sentence
            problem = Problem(
                "quote",
                reported.index,
                label,
                "the article reports these words but does not quote them",
                "give reported speech as a claim with its source, not as a quote",
                grounder.text[a:b],
                speech.text,
                "claim",
                repair=False,
            )
        out.problems.append(problem)
    return as_claims


def _ground_claims(
    extraction: Extraction, resolver: ActorResolver, claims: ClaimGrounder, out: Grounded
) -> None:
    """Claims kept or refused; a source no actor holds is kept by name, with a problem."""
    for i, claim in enumerate(extraction.claims):
        source, name = _speaker(claim.source, resolver)
        result = claims.ground(i, claim.text, source, name)
        if isinstance(result, Problem):
            out.problems.append(result)
            continue
        out.claims.append(result.model_copy(update={"source_name": name}))
        if name is not None:
            out.problems.append(
                Problem(
                    "claim",
                    i,
                    f"claims[{i}] ({excerpt(claim.text)!r})",
                    f"its source {name!r} is not among the actors",
                    "add that actor, or give null as the source",
                    "",
                    claim.text,
                    "unattributed",
                )
            )


def _speaker(name: str | None, resolver: ActorResolver) -> tuple[int | None, str | None]:
    """An actor index for a model's speaker or source, else the name as given (or None)."""
    if name is None or not name.strip() or name.strip().lower() in ("null", "none", "unknown"):
        return None, None
    found = resolver.resolve(name)
    return (found, None) if found is not None else (None, " ".join(name.split()))
