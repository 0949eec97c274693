"""When a predicted item matches a gold item (BRIEF.md §5), one small rule per field."""

from __future__ import annotations

from collections.abc import Sequence

from ..numbers import values_agree
from ..sameness import actor_matches, units_agree
from ..text import content_tokens, token_f1
from .items import ActorItem, ClaimItem, FigureItem, SpanT

CLAIM_THRESHOLD = 0.5


def speakers_agree(predicted: ActorItem | None, gold: ActorItem | None) -> bool:
    """The quote's speakers are the same actor, or both are absent."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return actor_matches(predicted, gold)


def figure_matches(predicted: FigureItem, gold: FigureItem) -> bool:
    """Values equal within 0.5% and units that agree."""
    return values_agree(predicted.value, gold.value) and units_agree(predicted.unit, gold.unit)


def _measure(a: Sequence[SpanT], b: Sequence[SpanT]) -> tuple[int, int, int]:
    """Total lengths of ``a`` and ``b`` and the length they share."""
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    return sum(e - s for s, e in a), sum(e - s for s, e in b), shared


def spans_overlap(a: Sequence[SpanT], b: Sequence[SpanT]) -> bool:
    """The spans overlap by at least half of the shorter side (both must be located)."""
    len_a, len_b, shared = _measure(a, b)
    return shared > 0 and 2 * shared >= min(len_a, len_b)


def span_jaccard(a: Sequence[SpanT], b: Sequence[SpanT]) -> float:
    """Shared length over joint length: how nearly two located passages coincide."""
    len_a, len_b, shared = _measure(a, b)
    union = len_a + len_b - shared
    return shared / union if union else 0.0


def claim_similarity(predicted: ClaimItem, gold: ClaimItem) -> float:
    """Token F1 of the two claims' content words."""
    return token_f1(content_tokens(predicted.text), content_tokens(gold.text))
