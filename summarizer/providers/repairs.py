"""Repairs, not regenerations: ask again for only the items that failed grounding.

A repair request is the first request's messages (same system prompt, same
article: the provider's prompt cache can reuse them) plus one message listing
each failing item as the model gave it, the reason in plain words and the
nearest article text. The model answers with corrected items by index only
(``repair_brief``), which are merged into the previous extraction; an item it
leaves out stays as it was and is dropped by grounding. No earlier answers are
carried along, so a repair costs about what the first request cost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..grounding import ItemKind, Problem
from ..prompts import Message
from ..schema import ExtractedActor, ExtractedClaim, ExtractedFigure, ExtractedQuote, Extraction
from .validation import Salvaging, as_list, salvage_item

FIELDS: dict[str, str] = {
    "actor": "actors",
    "quote": "quotes",
    "figure": "numbers",
    "claim": "claims",
}
_SCIENTIFIC = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])")

Key = tuple[str, int]


@dataclass(frozen=True)
class Failing:
    """One item to repair: where it is, every reason it failed, the nearest article text."""

    kind: ItemKind
    index: int
    reasons: tuple[str, ...]
    context: str = ""

    @property
    def key(self) -> Key:
        return (self.kind, self.index)


def worth_repair(problem: Problem) -> bool:
    """True when a repair request may give a better item than the one grounding kept.

    What grounding dropped is asked for again (a quote the article does not hold, a
    speaker the article gives to another actor, a figure or claim the article does not
    state), and so is a claim whose source the answer names but does not list, and a
    quote whose words the article refers back to another person than the one named.
    What it kept with a note otherwise is not (``Problem.repair``): a quote the article
    gives to nobody or only to a description, reported speech kept as a claim, a
    summary to check. The article holds no better answer for those, and a perfect
    answer that has them must still take one request.
    """
    return problem.outcome == "dropped" or problem.repair


def failing_items(problems: Iterable[Problem], skip: set[Key]) -> list[Failing]:
    """The items ``problems`` name that are worth a repair (see :func:`worth_repair`), one
    entry per item, except those in ``skip``."""
    grouped: dict[Key, Failing] = {}
    for p in problems:
        key = (p.kind, p.index)
        if key in skip or not worth_repair(p):
            continue
        reason = plain_numbers(f"{p.reason}; {p.advice}" if p.advice else p.reason)
        found = grouped.get(key)
        if found is None:
            grouped[key] = Failing(p.kind, p.index, (reason,), p.context)
        elif reason not in found.reasons:
            grouped[key] = Failing(p.kind, p.index, (*found.reasons, reason), found.context)
    return list(grouped.values())


def plain_numbers(text: str) -> str:
    """``text`` with numbers in scientific notation written out: "2e+06" -> "2000000"."""

    def plain(match: re.Match[str]) -> str:
        value = float(match.group(0))
        return str(int(value)) if value.is_integer() else f"{value:f}".rstrip("0").rstrip(".")

    return _SCIENTIFIC.sub(plain, text)


def _plain_json(value: Any) -> Any:
    """``value`` with whole floats as ints, so items print as 2000000, not 2000000.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: _plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_json(v) for v in value]
    return value


def _item_json(extraction: Extraction, failing: Failing) -> str:
    if failing.kind == "summary":
        return json.dumps(extraction.summary, ensure_ascii=False)
    items = getattr(extraction, FIELDS[failing.kind])
    data = items[failing.index].model_dump(mode="json")
    return json.dumps(_plain_json(data), ensure_ascii=False)


def _label(failing: Failing) -> str:
    if failing.kind == "summary":
        return "summary"
    return f"{FIELDS[failing.kind]}[{failing.index}]"


def repair_text(extraction: Extraction, failing: list[Failing], answer_form: str) -> str:
    """The message that asks for corrections of ``failing`` (see the module docstring)."""
    blocks = []
    for item in failing:
        lines = [f"{_label(item)} = {_item_json(extraction, item)}"]
        lines += [f"problem: {reason}" for reason in item.reasons]
        if item.context.strip():
            context = " ".join(item.context.split())
            lines.append(f"nearest article text: {json.dumps(context, ensure_ascii=False)}")
        blocks.append("\n".join(lines))
    return (
        "These items of your brief do not match the article. Correct each one from the "
        f"article and answer with {answer_form}: each corrected item with its index, "
        "nothing else. Leave out an item that the article does not support; it will be "
        "dropped. To fix a speaker or source that is not among the actors, use a listed "
        "actor's name or add the actor (with index null).\n\n" + "\n\n".join(blocks)
    )


def repair_messages(
    base: list[Message], extraction: Extraction, failing: list[Failing], answer_form: str
) -> list[Message]:
    """The first request's messages plus the repair request."""
    return [*base, {"role": "user", "content": repair_text(extraction, failing, answer_form)}]


class ActorFix(ExtractedActor):
    index: int | None = Field(None, description="index of the actor corrected; null: a new one")


class QuoteFix(ExtractedQuote):
    index: int = Field(description="index of the quote corrected")


class FigureFix(ExtractedFigure):
    index: int = Field(description="index of the number corrected")


class ClaimFix(ExtractedClaim):
    index: int = Field(description="index of the claim corrected")


class Repairs(Salvaging):
    """Return corrected versions of the brief's failing items, by index."""

    model_config = ConfigDict(extra="ignore", title="repair_brief")

    summary: str | None = Field(None, description="the corrected summary, if it was listed")
    actors: list[ActorFix] = Field(default_factory=list)
    quotes: list[QuoteFix] = Field(default_factory=list)
    numbers: list[FigureFix] = Field(default_factory=list)
    claims: list[ClaimFix] = Field(default_factory=list)

    @classmethod
    def salvage(cls, data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        out: dict[str, Any] = {}
        if isinstance(data.get("summary"), str):
            out["summary"] = data["summary"]
        for field in FIELDS.values():
            out[field] = []
            for position, raw in enumerate(as_list(data.get(field)), start=1):
                item = salvage_item(field, raw, position, [])
                if item is not None and isinstance(raw, dict):
                    out[field].append({**item, "index": raw.get("index")})
        return out, []


_MODELS: dict[str, type[BaseModel]] = {
    "actor": ExtractedActor,
    "quote": ExtractedQuote,
    "figure": ExtractedFigure,
    "claim": ExtractedClaim,
}


def apply_repairs(
    extraction: Extraction, repairs: Repairs, failing: list[Failing]
) -> tuple[Extraction, set[Key]]:
    """``extraction`` with the corrections of failing items merged in, and the keys not
    corrected (left out, or sent back unchanged): they are not asked for again.

    A correction of an item that was not listed is ignored; a new actor is added.
    """
    wanted = {f.key for f in failing}
    answered: set[Key] = set()
    summary = extraction.summary
    if repairs.summary and ("summary", 0) in wanted:
        summary = repairs.summary
        answered.add(("summary", 0))
    lists: dict[str, list[Any]] = {
        kind: list(getattr(extraction, field)) for kind, field in FIELDS.items()
    }
    fixes: dict[str, list[Any]] = {
        "actor": repairs.actors,
        "quote": repairs.quotes,
        "figure": repairs.numbers,
        "claim": repairs.claims,
    }
    for kind, items in fixes.items():
        target = lists[kind]
        for fix in items:
            item = _MODELS[kind].model_validate(fix.model_dump(exclude={"index"}))
            if kind == "actor" and fix.index is None:
                target.append(item)
            elif (kind, fix.index) in wanted and 0 <= fix.index < len(target):
                if item != target[fix.index]:  # the same item again is no correction
                    answered.add((kind, fix.index))
                target[fix.index] = item
    fields = {FIELDS[kind]: items for kind, items in lists.items()}
    return Extraction.model_validate({"summary": summary, **fields}), wanted - answered
