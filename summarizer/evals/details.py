"""A scored run in words: every matched pair, miss and false positive, and the worst misses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cases import excerpt
from .items import ActorItem, ClaimItem, FigureItem, Items, QuoteItem
from .scoring import WEIGHTS, CaseScore

Item = ActorItem | QuoteItem | FigureItem | ClaimItem


def describe(item: Item) -> dict[str, Any]:
    """The fields of ``item`` a reader needs to recognise it."""
    if isinstance(item, ActorItem):
        return {"name": item.name, "kind": item.kind}
    if isinstance(item, QuoteItem):
        return {
            "text": item.text,
            "speaker": item.speaker.name if item.speaker else None,
            "spans": [list(s) for s in item.spans],
        }
    if isinstance(item, FigureItem):
        return {
            "text": item.text,
            "value": item.value,
            "unit": item.unit,
            "spans": [list(s) for s in item.spans],
        }
    return {"text": item.text, "source": item.source.name if item.source else None}


def label(item: Item) -> str:
    """``item`` in one short line."""
    if isinstance(item, ActorItem):
        return f"{item.name} ({item.kind})"
    if isinstance(item, QuoteItem):
        who = item.speaker.name if item.speaker else "no speaker"
        return f"\u201c{excerpt(item.text, 80)}\u201d \u2014 {who}"
    if isinstance(item, FigureItem):
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
    for name, field in score.fields.items():
        p_items, g_items = pred_lists[name], gold_lists[name]
        out[name] = {
            "precision": field.precision,
            "recall": field.recall,
            "f1": field.f1,
            **field.extras,
            "pairs": [
                {
                    "predicted": describe(p_items[pair.predicted]),
                    "gold": describe(g_items[pair.gold]),
                    **({"agrees": pair.agrees} if pair.agrees is not None else {}),
                    **({"similarity": pair.similarity} if pair.similarity is not None else {}),
                    "primary": pair.primary,
                }
                for pair in field.pairs
            ],
            "misses": [describe(g_items[j]) for j in field.misses],
            "false_positives": [describe(p_items[i]) for i in field.false_positives],
        }
    return out


@dataclass(frozen=True)
class Miss:
    """A gold item the prediction missed; ``cost``: its field's headline weight / gold items."""

    case_id: str
    field: str
    item: Item
    cost: float
    why: str


def misses_of(case_id: str, score: CaseScore, gold: Items) -> list[Miss]:
    """Every gold item not matched (for quotes: not with the right speaker either)."""
    out = []
    lists = _lists(gold)
    for name, field in score.fields.items():
        items = lists[name]
        if not items:
            continue
        cost = WEIGHTS[name] / len(items)
        for j in field.misses:
            out.append(Miss(case_id, name, items[j], cost, "missed"))
        if name == "quotes":
            matched = {p.gold for p in field.pairs}
            strict = {p.gold for p in field.pairs if p.agrees}
            for j in sorted(matched - strict):
                out.append(Miss(case_id, name, items[j], cost, "speaker wrong"))
    return out


def worst_misses(misses: list[Miss], limit: int = 10) -> list[Miss]:
    """The ``limit`` misses that weigh most on the headline score."""
    return sorted(misses, key=lambda m: (-m.cost, m.case_id, m.field))[:limit]
