"""From grounded items to a Brief: merge chunks, assign ids, link items.

:func:`merge` makes one set of items from the chunks of a long article (one
actor per entity, one quote per passage, one figure per place and meaning,
claims without near-duplicates, at most :data:`MAX_CLAIMS`) and keeps only the
problems the final brief still has: an item dropped in one chunk but kept from
another is no warning.
"""

from __future__ import annotations

from .align import ArticleIndex
from .article import Article, detect_language
from .grounding import Grounded, Problem, actor_id, summary_problem
from .grounding.actors import ActorResolver, merge_actor, same_entity
from .grounding.claims import SAME_CLAIM
from .grounding.figures import unit_key
from .grounding.model import evidence_of, place
from .grounding.quotes import variants
from .quantities import find_numbers, values_agree
from .schema import Actor, ArticleRef, Brief, Claim, Figure, Provenance, Quote
from .text import content_tokens, fold, token_f1

MAX_CLAIMS = 12  # BRIEF.md: the 5-12 statements a reader must take away


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def merge(parts: list[Grounded]) -> Grounded:
    """One set of items from several chunks (spans already in article offsets).

    Actors merge per entity (names, aliases, titles, surnames), quotes by
    overlapping span, figures by span and unit, claims by near-identical
    wording; speakers and sources left unresolved in one chunk are resolved
    against the actors of all chunks.
    """
    merged = Grounded(summary="")
    claims_by_part: list[list[Claim]] = []
    for part in parts:
        remap = _merge_actors(merged.actors, part.actors)
        _merge_quotes(merged.quotes, part.quotes, remap)
        _merge_figures(merged.figures, part.figures)
        claims_by_part.append([])
        _merge_claims(claims_by_part[-1], part.claims, remap, seen=merged.claims)
        merged.claims.extend(claims_by_part[-1])
    resolver = ActorResolver(merged.actors)
    merged.quotes = sorted((_resolved_quote(q, resolver) for q in merged.quotes), key=place)
    merged.figures.sort(key=place)
    merged.claims = [_resolved_claim(c, resolver) for c in _spread(claims_by_part, MAX_CLAIMS)]
    merged.summary = next((p.summary for p in parts if p.summary), "")
    merged.problems = _still_missing([p for part in parts for p in part.problems], merged)
    return merged


def _merge_actors(into: list[Actor], new: list[Actor]) -> dict[str, str]:
    """Add ``new`` to ``into``, one actor per entity; the id each new actor's id became."""
    remap: dict[str, str] = {}
    for actor in new:
        people = [*into, actor]
        target = next((k for k, kept in enumerate(into) if same_entity(kept, actor, people)), None)
        if target is None:
            remap[actor.id] = actor_id(len(into))
            into.append(actor.model_copy(update={"id": remap[actor.id]}))
            continue
        kept = into[target]
        into[target] = merge_actor(kept, actor, [*kept.forms(), *actor.forms()])
        remap[actor.id] = kept.id
    return remap


def _spread(groups: list[list[Claim]], limit: int) -> list[Claim]:
    """At most ``limit`` claims, taken in turn from each chunk so the whole article is covered."""
    picked: list[Claim] = []
    for rank in range(max((len(g) for g in groups), default=0)):
        for group in groups:
            if rank < len(group) and len(picked) < limit:
                picked.append(group[rank])
    return sorted(picked, key=lambda c: evidence_of(c)[0])


def _merge_quotes(into: list[Quote], new: list[Quote], remap: dict[str, str]) -> None:
    """Add the quotes of one chunk; each is one with the earlier chunks' quote it overlaps
    most (by at least half of the shorter), unless their speakers differ. Quotes of one
    chunk never merge with each other: a quotation nested in a longer one stays apart."""
    earlier = len(into)
    for quote in new:
        speaker = remap.get(quote.speaker) if quote.speaker is not None else None
        candidate = quote.model_copy(update={"speaker": speaker})
        k = _same_passage(into[:earlier], candidate)
        if k is None:
            into.append(candidate)
            continue
        kept = into[k]
        longer = candidate if len(candidate.text) > len(kept.text) else kept
        into[k] = longer.model_copy(
            update={
                "speaker": kept.speaker if kept.speaker is not None else speaker,
                "speaker_name": kept.speaker_name or quote.speaker_name,
            }
        )


def _same_passage(kept: list[Quote], quote: Quote) -> int | None:
    """The kept quote that is ``quote``'s passage: the one it overlaps most, by at least
    half of the shorter, with no other speaker; None when there is none."""
    best: tuple[float, int] | None = None
    span = place(quote)
    for k, other in enumerate(kept):
        there = place(other)
        shared = _overlap(there, span)
        shorter = min(there[1] - there[0], span[1] - span[0])
        if shared * 2 < max(shorter, 1):
            continue
        if None not in (other.speaker, quote.speaker) and other.speaker != quote.speaker:
            continue
        longer = max(there[1], span[1]) - min(there[0], span[0])
        share = shared / max(longer, 1)
        if best is None or share > best[0]:
            best = (share, k)
    return best[1] if best is not None else None


def _merge_figures(into: list[Figure], new: list[Figure]) -> None:
    """Add figures not yet held: one per place, unit and value (both ends of "8-10 years")."""
    for figure in new:
        if not any(
            place(kept) == place(figure)
            and unit_key(kept.unit) == unit_key(figure.unit)
            and values_agree(kept.value, figure.value)
            for kept in into
        ):
            into.append(figure)


def _merge_claims(
    into: list[Claim],
    new: list[Claim],
    remap: dict[str, str],
    seen: list[Claim],
) -> None:
    for claim in new:
        tokens = content_tokens(claim.text)
        if any(token_f1(tokens, content_tokens(c.text)) >= SAME_CLAIM for c in [*seen, *into]):
            continue
        source = remap.get(claim.source) if claim.source is not None else None
        into.append(claim.model_copy(update={"source": source}))


def _resolved_quote(quote: Quote, resolver: ActorResolver) -> Quote:
    """A quote whose speaker another chunk listed as an actor gets that actor."""
    if quote.speaker is None and quote.speaker_name:
        found = resolver.resolve(quote.speaker_name)
        if found is not None:
            return quote.model_copy(update={"speaker": actor_id(found), "speaker_name": None})
    return quote


def _resolved_claim(claim: Claim, resolver: ActorResolver) -> Claim:
    if claim.source is None and claim.source_name:
        found = resolver.resolve(claim.source_name)
        if found is not None:
            return claim.model_copy(update={"source": actor_id(found), "source_name": None})
    return claim


def _still_missing(problems: list[Problem], final: Grounded) -> list[Problem]:
    """The problems whose item the final brief lacks, each once."""
    resolver = ActorResolver(final.actors)
    out: list[Problem] = []
    seen: set[tuple[str, str, str, str]] = set()
    for problem in problems:
        key = (problem.kind, problem.outcome, fold(problem.text), problem.reason)
        if key in seen or _kept(problem, final, resolver):
            continue
        seen.add(key)
        out.append(problem)
    return out


def _kept(problem: Problem, final: Grounded, resolver: ActorResolver) -> bool:
    """True when the final items hold what ``problem`` says is missing."""
    if not problem.text:
        return False
    if problem.kind == "actor":
        return resolver.resolve(problem.text) is not None
    if problem.kind == "quote":
        words = fold(variants(problem.text)[-1])
        quoted = [q for q in final.quotes if words and _covers(fold(q.text), words)]
        if problem.outcome == "unattributed":
            return any(q.speaker is not None for q in quoted)
        return bool(quoted)
    if problem.kind == "figure":
        text, unit = fold(problem.text), unit_key(problem.unit)
        return any(fold(f.text) == text and unit_key(f.unit) == unit for f in final.figures)
    if problem.kind == "claim":
        tokens = content_tokens(problem.text)
        said = [c for c in final.claims if token_f1(tokens, content_tokens(c.text)) >= SAME_CLAIM]
        if problem.outcome == "unattributed":
            return any(c.source is not None for c in said)
        return bool(said)
    return False


def _covers(kept: str, words: str) -> bool:
    """True when a kept quote holds the words, or most of them."""
    return words in kept or (kept in words and len(kept) >= 0.8 * len(words))


def build_brief(
    article: Article, grounded: Grounded, provenance: Provenance, warnings: list[str]
) -> Brief:
    """The final brief: ids assigned, quotes and claims linked to actors and figures.

    The summary is checked against the whole article here; when the article does
    not support it, a warning says so.
    """
    text = article.text
    flagged = summary_problem(grounded.summary, ArticleIndex(text))
    if flagged is not None:
        warnings = [*warnings, flagged.for_user()]
    actors = grounded.actors
    names = {a.id: a.name for a in actors}
    quotes = [
        q.model_copy(
            update={
                "id": f"q{i + 1}",
                "speaker_name": q.speaker_name if q.speaker is None else names[q.speaker],
            }
        )
        for i, q in enumerate(grounded.quotes)
    ]
    figures = [f.model_copy(update={"id": f"n{i + 1}"}) for i, f in enumerate(grounded.figures)]
    forms = [sorted({fold(f) for f in a.forms() if len(f) > 1}) for a in actors]
    claims = [
        c.model_copy(
            update={
                "id": f"c{i + 1}",
                "actors": _actors_involved(c, actors, forms, text),
                "figures": _figures_used(c, figures),
                "source_name": None,
            }
        )
        for i, c in enumerate(grounded.claims)
    ]
    ref = ArticleRef(
        id=article.id,
        title=article.title,
        url=article.url,
        published=article.published,
        language=detect_language(text),
        word_count=article.word_count,
    )
    return Brief(
        article=ref,
        summary=grounded.summary,
        actors=actors,
        quotes=quotes,
        numbers=figures,
        claims=claims,
        warnings=warnings,
        provenance=provenance,
    )


def _actors_involved(
    claim: Claim, actors: list[Actor], forms: list[list[str]], text: str
) -> list[str]:
    """The ids of the actors the claim or its evidence names (its source first)."""
    said = fold(claim.text) + " \n " + fold(" ".join(text[a:b] for a, b in evidence_of(claim)))
    involved = [
        actors[k].id
        for k, names in enumerate(forms)
        if any(_says_word(said, name) for name in names)
    ]
    if claim.source and claim.source not in involved:
        involved.insert(0, claim.source)
    return involved


def _says_word(text: str, phrase: str) -> bool:
    """True when ``phrase`` occurs in ``text`` as whole words."""
    pos = text.find(phrase)
    while pos >= 0:
        end = pos + len(phrase)
        if (pos == 0 or not text[pos - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            return True
        pos = text.find(phrase, pos + 1)
    return False


def _figures_used(claim: Claim, figures: list[Figure]) -> list[str]:
    """Figures inside the claim's evidence whose value the claim states."""
    stated = [m.value for m in find_numbers(claim.text)]
    used = []
    for figure in figures:
        span = place(figure)
        inside = any(a <= span[0] and span[1] <= b for a, b in evidence_of(claim))
        if inside and (
            any(values_agree(figure.value, v) for v in stated)
            or fold(figure.text) in fold(claim.text)
        ):
            used.append(figure.id)
    return used
