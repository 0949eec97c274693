"""Model-free, deterministic scoring of a predicted brief against gold, and the scored run in words.

The rules are ``docs/BRIEF.md`` §5 (normative): first when a predicted item
matches a gold item, one small rule per field, then the scores; §6 there lists
where the code still differs.

Precision is the share of predicted items that match some gold item, recall the
share of gold items matched by some predicted item; so a gold quote split into
two predicted quotes, or two gold quotes merged into one, costs nothing. Claims
are matched one-to-one instead, best pairs first. With nothing to find and
nothing found a field scores 1; with nothing to find, anything found scores
P=0, R=1, F1=0; with something to find and nothing found, P=1, R=0, F1=0.

Last, a scored run in words: every matched pair, miss and false positive
(:func:`field_details`), and the worst misses over a suite (:func:`worst_misses`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

import jsonschema

from ..quantities import values_agree
from ..sameness import actor_matches, exact_actor_match, units_agree
from ..schema import BRIEF_SCHEMA, Actor, Brief, Claim, Figure, Quote, Span
from ..text import content_tokens, token_f1
from .cases import Items, excerpt

CLAIM_THRESHOLD = 0.5


def speakers_agree(predicted: Actor | None, gold: Actor | None) -> bool:
    """The quote's speakers are the same actor, or both are absent."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return actor_matches(predicted, gold)


def figure_matches(predicted: Figure, gold: Figure) -> bool:
    """Values equal within 0.5% and units that agree."""
    return values_agree(predicted.value, gold.value) and units_agree(predicted.unit, gold.unit)


def _measure(a: Sequence[Span], b: Sequence[Span]) -> tuple[int, int, int]:
    """Total lengths of ``a`` and ``b`` and the length they share."""
    shared = sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)
    return sum(x.end - x.start for x in a), sum(y.end - y.start for y in b), shared


def spans_overlap(a: Sequence[Span], b: Sequence[Span]) -> bool:
    """The spans overlap by at least half of the shorter side (both must be located)."""
    len_a, len_b, shared = _measure(a, b)
    return shared > 0 and 2 * shared >= min(len_a, len_b)


def span_jaccard(a: Sequence[Span], b: Sequence[Span]) -> float:
    """Shared length over joint length: how nearly two located passages coincide."""
    len_a, len_b, shared = _measure(a, b)
    union = len_a + len_b - shared
    return shared / union if union else 0.0


def claim_similarity(predicted: Claim, gold: Claim) -> float:
    """Token F1 of the two claims' content words."""
    return token_f1(content_tokens(predicted.text), content_tokens(gold.text))


FIELDS = ("actors", "quotes", "numbers", "claims")
WEIGHTS = {"claims": 0.3, "actors": 0.2, "numbers": 0.2, "quotes": 0.3}


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def prf(predicted_matched: int, predicted: int, gold_matched: int, gold: int) -> PRF:
    """Precision, recall and F1 from counts, with the empty-side rules above."""
    if gold == 0:
        return PRF(1.0, 1.0, 1.0) if predicted == 0 else PRF(0.0, 1.0, 0.0)
    if predicted == 0:
        return PRF(1.0, 0.0, 0.0)
    p, r = predicted_matched / predicted, gold_matched / gold
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True)
class Pair:
    """A predicted item (index) matched to a gold item (index).

    ``agrees``: kinds (actors) or speakers (quotes) agree; ``similarity``: claims.
    ``primary``: this is the predicted item's closest gold match, the one kind
    and speaker accuracy are measured on (a quote nested in another overlaps
    both, but is the same passage as only one).
    """

    predicted: int
    gold: int
    agrees: bool | None = None
    similarity: float | None = None
    primary: bool = True


@dataclass(frozen=True)
class FieldScore:
    """One field of one case: P/R/F1, every matched pair, miss and false positive."""

    name: str
    precision: float
    recall: float
    f1: float
    pairs: tuple[Pair, ...]
    misses: tuple[int, ...]
    false_positives: tuple[int, ...]
    extras: dict[str, float | None] = field(default_factory=dict)

    @property
    def headline_f1(self) -> float:
        """The F1 the headline uses: strict (speaker must agree) for quotes."""
        value = self.extras.get("strict_f1", self.f1)
        return self.f1 if value is None else value


@dataclass(frozen=True)
class CaseScore:
    """All four fields of one case."""

    actors: FieldScore
    quotes: FieldScore
    numbers: FieldScore
    claims: FieldScore

    @property
    def fields(self) -> dict[str, FieldScore]:
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def headline(self) -> float:
        """0.3·claims F1 + 0.2·actors F1 + 0.2·numbers F1 + 0.3·quotes strict F1."""
        return sum(WEIGHTS[name] * score.headline_f1 for name, score in self.fields.items())


def _share(flags: Sequence[bool | None]) -> float | None:
    return sum(1 for f in flags if f) / len(flags) if flags else None


def _mark_primary(pairs: list[Pair], closeness: Callable[[Pair], tuple[float, ...]]) -> list[Pair]:
    """``pairs`` with ``primary`` set on each predicted item's closest match only."""
    best: dict[int, Pair] = {}
    for pair in pairs:
        kept = best.get(pair.predicted)
        if kept is None or closeness(pair) > closeness(kept):
            best[pair.predicted] = pair
    return [replace(p, primary=best[p.predicted] is p) for p in pairs]


def _accuracy(pairs: Sequence[Pair]) -> float | None:
    return _share([p.agrees for p in pairs if p.primary])


def _field(
    name: str, n_predicted: int, n_gold: int, pairs: Sequence[Pair], **extras: float | None
) -> FieldScore:
    matched_predicted = {p.predicted for p in pairs}
    matched_gold = {p.gold for p in pairs}
    scores = prf(len(matched_predicted), n_predicted, len(matched_gold), n_gold)
    return FieldScore(
        name=name,
        precision=scores.precision,
        recall=scores.recall,
        f1=scores.f1,
        pairs=tuple(pairs),
        misses=tuple(j for j in range(n_gold) if j not in matched_gold),
        false_positives=tuple(i for i in range(n_predicted) if i not in matched_predicted),
        extras=extras,
    )


def score_actors(predicted: Sequence[Actor], gold: Sequence[Actor]) -> FieldScore:
    """Alias-aware actor matching; kind accuracy on the matched pairs."""
    pairs = [
        Pair(i, j, agrees=p.kind == g.kind)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if actor_matches(p, g)
    ]
    pairs = _mark_primary(
        pairs,
        lambda pair: (exact_actor_match(predicted[pair.predicted], gold[pair.gold]), -pair.gold),
    )
    return _field("actors", len(predicted), len(gold), pairs, kind_accuracy=_accuracy(pairs))


def score_quotes(predicted_items: Items, gold_items: Items) -> FieldScore:
    """Span-overlap quote matching; speaker accuracy and strict P/R/F1 (speaker agrees)."""
    predicted, gold = predicted_items.quotes, gold_items.quotes
    pairs = [
        Pair(i, j, agrees=speakers_agree(predicted_items.speaker(p), gold_items.speaker(g)))
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if spans_overlap(p.spans, g.spans)
    ]
    pairs = _mark_primary(
        pairs,
        lambda pair: (
            span_jaccard(predicted[pair.predicted].spans, gold[pair.gold].spans),
            -pair.gold,
        ),
    )
    strict_pairs = [p for p in pairs if p.agrees]
    strict = prf(
        len({p.predicted for p in strict_pairs}),
        len(predicted),
        len({p.gold for p in strict_pairs}),
        len(gold),
    )
    return _field(
        "quotes",
        len(predicted),
        len(gold),
        pairs,
        speaker_accuracy=_accuracy(pairs),
        strict_precision=strict.precision,
        strict_recall=strict.recall,
        strict_f1=strict.f1,
    )


def score_numbers(predicted: Sequence[Figure], gold: Sequence[Figure]) -> FieldScore:
    """Value (within 0.5%) and unit matching."""
    pairs = [
        Pair(i, j)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if figure_matches(p, g)
    ]
    pairs = _mark_primary(
        pairs, lambda pair: (predicted[pair.predicted].text == gold[pair.gold].text, -pair.gold)
    )
    return _field("numbers", len(predicted), len(gold), pairs)


def score_claims(predicted: Sequence[Claim], gold: Sequence[Claim]) -> FieldScore:
    """One-to-one claim matching on content-word token F1, best pairs first.

    ``mean_similarity`` is the mean over gold claims of the best similarity any
    predicted claim reaches (threshold or not).
    """
    similarity = [[claim_similarity(p, g) for g in gold] for p in predicted]
    ranked = sorted(
        (
            (similarity[i][j], i, j)
            for i in range(len(predicted))
            for j in range(len(gold))
            if similarity[i][j] >= CLAIM_THRESHOLD
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_predicted: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for value, i, j in ranked:
        if i not in used_predicted and j not in used_gold:
            used_predicted.add(i)
            used_gold.add(j)
            pairs.append(Pair(i, j, similarity=value))
    best = [max((row[j] for row in similarity), default=0.0) for j in range(len(gold))]
    return _field(
        "claims",
        len(predicted),
        len(gold),
        pairs,
        mean_similarity=sum(best) / len(best) if best else None,
    )


def score_items(predicted: Items, gold: Items) -> CaseScore:
    """Every field of ``predicted`` scored against ``gold``."""
    return CaseScore(
        actors=score_actors(predicted.actors, gold.actors),
        quotes=score_quotes(predicted, gold),
        numbers=score_numbers(predicted.figures, gold.figures),
        claims=score_claims(predicted.claims, gold.claims),
    )


def grounding_rate(items: Items, text: str) -> float:
    """Share of quotes and figures whose spans hold exactly their text (1.0 when none).

    A quote with several spans is grounded when their texts joined by single
    spaces equal its text.
    """
    checked: list[Quote | Figure] = [*items.quotes, *items.figures]
    if not checked:
        return 1.0
    grounded = sum(
        1
        for item in checked
        if item.spans and " ".join(text[s.start : s.end] for s in item.spans) == item.text
    )
    return grounded / len(checked)


@cache
def _brief_validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(BRIEF_SCHEMA.document())


def schema_errors(brief: Brief) -> list[str]:
    """Where the brief's JSON breaks the published schema (empty when it is valid)."""
    data = brief.model_dump(mode="json")
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in _brief_validator().iter_errors(data)
    ]


Item = Actor | Quote | Figure | Claim


def describe(item: Item) -> dict[str, Any]:
    """The fields of ``item`` a reader needs to recognise it."""
    if isinstance(item, Actor):
        return {"name": item.name, "kind": item.kind}
    if isinstance(item, Quote):
        return {"text": item.text, "speaker": item.speaker_name, "spans": _pairs(item.spans)}
    if isinstance(item, Figure):
        return {
            "text": item.text,
            "value": item.value,
            "unit": item.unit,
            "spans": _pairs(item.spans),
        }
    return {"text": item.text, "source": item.source_name}


def _pairs(spans: Sequence[Span]) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


def label(item: Item) -> str:
    """``item`` in one short line."""
    if isinstance(item, Actor):
        return f"{item.name} ({item.kind})"
    if isinstance(item, Quote):
        who = "no speaker" if item.speaker_name is None else item.speaker_name
        return f"\u201c{excerpt(item.text, 80)}\u201d \u2014 {who}"
    if isinstance(item, Figure):
        return f"{item.text} = {item.value:g} {item.unit}"
    return excerpt(item.text, 100)


def _lists(items: Items) -> dict[str, tuple[Item, ...]]:
    return {
        "actors": items.actors,
        "quotes": items.quotes,
        "numbers": items.figures,
        "claims": items.claims,
    }


def field_details(score: CaseScore, predicted: Items, gold: Items) -> dict[str, Any]:
    """Per field: P/R/F1 and extras, matched pairs, misses and false positives, described."""
    out: dict[str, Any] = {}
    pred_lists, gold_lists = _lists(predicted), _lists(gold)
    for name, scored in score.fields.items():
        p_items, g_items = pred_lists[name], gold_lists[name]
        out[name] = {
            "precision": scored.precision,
            "recall": scored.recall,
            "f1": scored.f1,
            **scored.extras,
            "pairs": [
                {
                    "predicted": describe(p_items[pair.predicted]),
                    "gold": describe(g_items[pair.gold]),
                    **({"agrees": pair.agrees} if pair.agrees is not None else {}),
                    **({"similarity": pair.similarity} if pair.similarity is not None else {}),
                    "primary": pair.primary,
                }
                for pair in scored.pairs
            ],
            "misses": [describe(g_items[j]) for j in scored.misses],
            "false_positives": [describe(p_items[i]) for i in scored.false_positives],
        }
    return out


@dataclass(frozen=True)
class Miss:
    """A gold item the prediction missed; ``cost``: its field's headline weight / gold items."""

    case_id: str
    field: str
    item: Item
    cost: float
    why: Literal["missed", "speaker wrong"]


def misses_of(case_id: str, score: CaseScore, gold: Items) -> list[Miss]:
    """Every gold item not matched (for quotes: not with the right speaker either)."""
    out = []
    lists = _lists(gold)
    for name, scored in score.fields.items():
        items = lists[name]
        if not items:
            continue
        cost = WEIGHTS[name] / len(items)
        for j in scored.misses:
            out.append(Miss(case_id, name, items[j], cost, "missed"))
        if name == "quotes":
            matched = {p.gold for p in scored.pairs}
            strict = {p.gold for p in scored.pairs if p.agrees}
            for j in sorted(matched - strict):
                out.append(Miss(case_id, name, items[j], cost, "speaker wrong"))
    return out


def worst_misses(misses: list[Miss], limit: int = 10) -> list[Miss]:
    """The ``limit`` misses that weigh most on the headline score."""
    return sorted(misses, key=lambda m: (-m.cost, m.case_id, m.field))[:limit]
