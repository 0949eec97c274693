"""From grounded items to a Brief: merge chunks, assign ids, link items."""

from __future__ import annotations

from .article import Article, detect_language
from .grounding import Grounded, GroundedActor, GroundedClaim, GroundedFigure, GroundedQuote
from .numbers import find_numbers, values_agree
from .schema import Actor, ArticleRef, Brief, Claim, Figure, Provenance, Quote, Span
from .text import content_tokens, fold, fold_name, token_f1

MAX_CLAIMS = 12  # BRIEF.md: the 5-12 statements a reader must take away


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def merge(parts: list[Grounded]) -> Grounded:
    """One set of items from several chunks (spans already in article offsets).

    Actors merge by name and alias, quotes by overlapping span, figures by
    span, claims by near-identical wording.
    """
    if len(parts) == 1:
        return parts[0]
    merged = Grounded(summary=next((p.summary for p in parts if p.summary), ""))
    keys: dict[str, int] = {}
    claims_by_part: list[list[GroundedClaim]] = []
    for part in parts:
        remap: dict[int, int] = {}
        for i, actor in enumerate(part.actors):
            forms = [fold_name(f) for f in actor.forms()]
            target = next((keys[f] for f in forms if f in keys), None)
            if target is None:
                target = len(merged.actors)
                merged.actors.append(
                    GroundedActor(actor.name, actor.kind, actor.role, list(actor.aliases))
                )
            else:
                kept = merged.actors[target]
                for form in actor.forms():
                    if fold_name(form) not in {fold_name(f) for f in kept.forms()}:
                        kept.aliases.append(form)
                kept.role = kept.role or actor.role
            for f in forms:
                keys.setdefault(f, target)
            remap[i] = target
        _merge_quotes(merged.quotes, part.quotes, remap)
        _merge_figures(merged.figures, part.figures)
        claims_by_part.append([])
        _merge_claims(claims_by_part[-1], part.claims, remap, seen=merged.claims)
        merged.claims.extend(claims_by_part[-1])
        merged.problems.extend(part.problems)
    merged.quotes.sort(key=lambda q: q.span)
    merged.figures.sort(key=lambda f: f.span)
    merged.claims = _spread(claims_by_part, MAX_CLAIMS)
    return merged


def _spread(groups: list[list[GroundedClaim]], limit: int) -> list[GroundedClaim]:
    """At most ``limit`` claims, taken in turn from each chunk so the whole article is covered."""
    picked: list[GroundedClaim] = []
    for rank in range(max((len(g) for g in groups), default=0)):
        for group in groups:
            if rank < len(group) and len(picked) < limit:
                picked.append(group[rank])
    return sorted(picked, key=lambda c: c.evidence[0])


def _merge_quotes(
    into: list[GroundedQuote], new: list[GroundedQuote], remap: dict[int, int]
) -> None:
    for quote in new:
        speaker = remap.get(quote.speaker) if quote.speaker is not None else None
        candidate = GroundedQuote(quote.text, speaker, quote.span, quote.status, quote.speaker_name)
        for k, kept in enumerate(into):
            shorter = min(kept.span[1] - kept.span[0], quote.span[1] - quote.span[0])
            if _overlap(kept.span, quote.span) * 2 >= max(shorter, 1):
                longer = candidate if len(candidate.text) > len(kept.text) else kept
                into[k] = GroundedQuote(
                    longer.text,
                    kept.speaker if kept.speaker is not None else speaker,
                    longer.span,
                    longer.status,
                    kept.speaker_name or quote.speaker_name,
                )
                break
        else:
            into.append(candidate)


def _merge_figures(into: list[GroundedFigure], new: list[GroundedFigure]) -> None:
    spans = {f.span for f in into}
    into.extend(f for f in new if f.span not in spans)


def _merge_claims(
    into: list[GroundedClaim],
    new: list[GroundedClaim],
    remap: dict[int, int],
    seen: list[GroundedClaim],
) -> None:
    for claim in new:
        tokens = content_tokens(claim.text)
        if any(token_f1(tokens, content_tokens(c.text)) >= 0.8 for c in [*seen, *into]):
            continue
        source = remap.get(claim.source) if claim.source is not None else None
        into.append(GroundedClaim(claim.text, source, claim.evidence))


def build_brief(
    article: Article, grounded: Grounded, provenance: Provenance, warnings: list[str]
) -> Brief:
    """The final brief: ids assigned, quotes and claims linked to actors and figures."""
    text = article.text
    actors = [
        Actor(id=f"a{i + 1}", name=a.name, kind=a.kind, role=a.role, aliases=a.aliases)
        for i, a in enumerate(grounded.actors)
    ]
    quotes = [
        Quote(
            id=f"q{i + 1}",
            text=q.text,
            speaker=actors[q.speaker].id if q.speaker is not None else None,
            speaker_name=actors[q.speaker].name if q.speaker is not None else q.speaker_name,
            spans=[Span(start=q.span[0], end=q.span[1])],
            grounding=q.status,  # type: ignore[arg-type]
        )
        for i, q in enumerate(grounded.quotes)
    ]
    figures = [
        Figure(
            id=f"n{i + 1}",
            value=f.value,
            unit=f.unit,
            qualifier=f.qualifier,
            what=f.what,
            text=f.text,
            spans=[Span(start=f.span[0], end=f.span[1])],
            grounding=f.status,  # type: ignore[arg-type]
        )
        for i, f in enumerate(grounded.figures)
    ]
    forms = [sorted({fold(f) for f in a.forms() if len(f) > 1}) for a in grounded.actors]
    claims = []
    for i, c in enumerate(grounded.claims):
        said = fold(c.text) + " \n " + fold(" ".join(text[a:b] for a, b in c.evidence))
        involved = [
            actors[k].id
            for k, names in enumerate(forms)
            if any(_says_word(said, name) for name in names)
        ]
        source = actors[c.source].id if c.source is not None else None
        if source and source not in involved:
            involved.insert(0, source)
        claims.append(
            Claim(
                id=f"c{i + 1}",
                text=c.text,
                source=source,
                evidence=[Span(start=a, end=b) for a, b in c.evidence],
                actors=involved,
                figures=_figures_used(c, figures),
            )
        )
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


def _figures_used(claim: GroundedClaim, figures: list[Figure]) -> list[str]:
    """Figures inside the claim's evidence whose value the claim states."""
    stated = [m.value for m in find_numbers(claim.text)]
    used = []
    for figure in figures:
        span = (figure.spans[0].start, figure.spans[0].end)
        inside = any(a <= span[0] and span[1] <= b for a, b in claim.evidence)
        if inside and (
            any(values_agree(figure.value, v) for v in stated)
            or fold(figure.text) in fold(claim.text)
        ):
            used.append(figure.id)
    return used
