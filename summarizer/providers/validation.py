"""The models instructor parses model answers into, and the salvage of small slips.

instructor parses every mode the same way: the text of the answer (in ``tools``
mode the first tool call's arguments, in ``json`` and ``json_schema`` mode the
message content) goes to ``response_model.model_validate_json``, and any
pydantic ``ValidationError`` or ``JSONDecodeError`` there fails the answer. So
a fenced ```json reply, JSON wrapped in prose, ``"numbers": null``, a quote
without its ``speaker`` key or a 13th claim would each lose the whole brief.
:class:`Salvaging` overrides that one hook: it finds the JSON object in the
text, coerces what is safely coercible, drops single items that are unusable
and keeps a plain-words note of everything it changed (``salvage_notes``),
which the pipeline adds to the brief's warnings. An answer is unreadable only
when no JSON object can be found or nothing usable is in it.

Grounding is not checked here: the provider grounds each parsed answer and asks
for repairs of the failing items itself (see :mod:`summarizer.providers.repairs`).
"""

from __future__ import annotations

import copy
import json
import math
import re
from typing import Any, ClassVar, Self

from instructor.v2.core.json import extract_json_from_codeblock
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from ..quantities import parse_number
from ..schema import (
    ACTOR_KINDS,
    QUALIFIERS,
    ExtractedActor,
    ExtractedClaim,
    ExtractedFigure,
    ExtractedQuote,
    Extraction,
    normalise_kind,
    normalise_qualifier,
)

MAX_CLAIMS = 12  # the schema's cap, as the prompt says: at most 12 claims
MAX_ITEMS = 200  # actors, quotes or figures of one chunk: more is a runaway answer
_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?(.*?)```", re.DOTALL)


class UnreadableAnswer(ValueError):
    """The answer holds no usable JSON object; ``reason`` says why, in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def plain_errors(exc: ValidationError) -> str:
    """A pydantic error as short plain words: "value: Input should be a valid number"."""
    parts = []
    for error in exc.errors(include_url=False, include_input=False):
        where = ".".join(str(p) for p in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else str(error["msg"]))
    return "; ".join(parts)


def json_object(text: str) -> dict[str, Any]:
    """The JSON object an answer holds: bare, fenced (```json) or wrapped in prose.

    Raises:
        UnreadableAnswer: there is no JSON object in ``text``.
    """
    stripped = text.strip()
    candidates = [stripped, *(m.group(1).strip() for m in _FENCE.finditer(stripped))]
    for candidate in candidates:
        try:
            value = json.loads(candidate, strict=False)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    rest = stripped
    for _ in range(8):  # instructor's finder returns the last JSON value; skip non-objects
        try:
            found = extract_json_from_codeblock(rest)
            value = json.loads(found, strict=False)
        except ValueError:
            break
        if isinstance(value, dict):
            return value
        cut = rest.rfind(found)
        if cut <= 0:
            break
        rest = rest[:cut]
    if not stripped:
        raise UnreadableAnswer("the answer is empty")
    raise UnreadableAnswer("the answer holds no JSON object")


class Salvaging(BaseModel):
    """A response model whose JSON hook salvages what it can (see the module docstring)."""

    _salvage_notes: list[str] = PrivateAttr(default_factory=list)
    _SCHEMAS: ClassVar[dict[Any, dict[str, Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._SCHEMAS = {}

    @property
    def salvage_notes(self) -> list[str]:
        """What was changed to make the answer usable, one plain sentence each."""
        return self._salvage_notes

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The JSON Schema, generated once per class: instructor asks for it on every request."""
        key = (args, tuple(sorted(kwargs.items())))
        cached = cls._SCHEMAS.get(key)
        if cached is None:
            cached = cls._SCHEMAS[key] = super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(cached)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        """instructor's parsing hook: find the JSON object, salvage it, validate it."""
        text = json_data if isinstance(json_data, str) else bytes(json_data).decode("utf-8")
        data, notes = cls.salvage(_unwrapped(json_object(text), cls))
        kwargs.pop("strict", None)  # instructor passes strict=False; lax is what salvage needs
        try:
            instance = cls.model_validate(data, **kwargs)
        except ValidationError as exc:
            raise UnreadableAnswer(plain_errors(exc)) from None
        instance._salvage_notes = notes
        return instance

    @classmethod
    def salvage(cls, data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """``data`` made valid where that is safe, and a note of each change."""
        return data, []


def _unwrapped(data: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """The answer itself when a model wrapped it: {"extract_brief": {...}}, {"arguments": ...}."""
    fields = set(model.model_fields)
    for _ in range(3):
        if fields & set(data) or len(data) > 2:
            return data
        inner = [v for v in data.values() if isinstance(v, dict) and fields & set(v)]
        for key in ("arguments", "parameters"):
            value = data.get(key)
            if isinstance(value, str):
                try:
                    value = json.loads(value, strict=False)
                except ValueError:
                    continue
            if isinstance(value, dict) and fields & set(value):
                inner = [value]
        if len(inner) != 1:
            return data
        data = inner[0]
    return data


# --------------------------------------------------------------------- coercion


def _as_object(value: Any, text_key: str) -> Any:
    """An item given as a bare string ("Antony Blinken") as the object it stands for."""
    return {text_key: value} if isinstance(value, str) else value


def _actor(raw: Any) -> Any:
    item = _as_object(raw, "name")
    if not isinstance(item, dict):
        return item
    item = dict(item)
    kind = item.get("kind")
    if kind is None:
        item.pop("kind", None)
    elif not isinstance(kind, str) or normalise_kind(kind) not in ACTOR_KINDS:
        item["kind"] = "other"
    aliases = item.get("aliases")
    if aliases is None:
        item["aliases"] = []
    elif isinstance(aliases, str):
        item["aliases"] = [aliases]
    return item


def _quote(raw: Any) -> Any:
    item = _as_object(raw, "text")
    if isinstance(item, dict) and "speaker" not in item:
        item = {**item, "speaker": None}
    return item


def _figure(raw: Any) -> Any:
    item = _as_object(raw, "text")
    if not isinstance(item, dict):
        return item
    item = dict(item)
    value = item.get("value")
    if isinstance(value, str) or value is None:
        parsed = parse_number(value) if isinstance(value, str) else None
        if parsed is None and isinstance(item.get("text"), str):
            parsed = parse_number(item["text"])
        if parsed is not None:
            item["value"] = parsed
    if isinstance(item.get("value"), float) and not math.isfinite(item["value"]):
        item.pop("value")
    if item.get("text") is None and isinstance(item.get("value"), int | float):
        item["text"] = _plain(item["value"])
    for key in ("unit", "what"):
        if item.get(key) is None:
            item[key] = ""
    qualifier = item.get("qualifier")
    if isinstance(qualifier, str) and normalise_qualifier(qualifier) not in QUALIFIERS:
        item["qualifier"] = "about"  # a hedge we do not know is still a hedge, not "exact"
    return item


def _claim(raw: Any) -> Any:
    return _as_object(raw, "text")


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


_ITEMS: dict[str, tuple[type[BaseModel], Any, int, str]] = {
    "actors": (ExtractedActor, _actor, MAX_ITEMS, "actor"),
    "quotes": (ExtractedQuote, _quote, MAX_ITEMS, "quote"),
    "numbers": (ExtractedFigure, _figure, MAX_ITEMS, "number"),
    "claims": (ExtractedClaim, _claim, MAX_CLAIMS, "claim"),
}


def as_list(raw: Any) -> list[Any]:
    """A list field of an answer as a list: null is empty, a lone object is a list of one."""
    if raw is None:
        return []
    if isinstance(raw, dict):
        return [raw]
    return raw if isinstance(raw, list) else []


def salvage_item(field: str, raw: Any, position: int, notes: list[str]) -> dict[str, Any] | None:
    """Item ``position`` (from 1) of list ``field`` made valid, or None and a note why not."""
    model, coerce, _, noun = _ITEMS[field]
    try:
        return model.model_validate(coerce(raw)).model_dump(mode="json")
    except ValidationError as exc:
        notes.append(f"ignored {noun} {position} of the model's answer: {plain_errors(exc)}")
        return None


def salvage_items(field: str, raw: Any, notes: list[str]) -> list[dict[str, Any]]:
    """The usable items of list ``field`` of an answer, at most the cap; a note for each loss."""
    if raw is not None and not isinstance(raw, list | dict):
        notes.append(f"ignored the model's {field}: not a list")
    kept = []
    for position, item in enumerate(as_list(raw), start=1):
        valid = salvage_item(field, item, position, notes)
        if valid is not None:
            kept.append(valid)
    limit = _ITEMS[field][2]
    if len(kept) > limit:
        notes.append(
            f"kept the first {limit} of the {len(kept)} {field} the model listed (at most {limit})"
        )
        kept = kept[:limit]
    return kept


def _summary(value: Any) -> str:
    if isinstance(value, list):
        value = " ".join(v for v in value if isinstance(v, str))
    return value.strip() if isinstance(value, str) else ""


class BriefAnswer(Salvaging, Extraction):
    """Extract a grounded brief of the article."""

    # The docstring above is what the model reads as the tool's description.

    model_config = ConfigDict(extra="ignore", title="extract_brief")

    @classmethod
    def salvage(cls, data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        notes: list[str] = []
        out: dict[str, Any] = {"summary": _summary(data.get("summary"))}
        for field in _ITEMS:
            out[field] = salvage_items(field, data.get(field), notes)
        if not out["summary"] and not any(out[f] for f in _ITEMS):
            problem = "; ".join(notes) or "it has no summary and no items"
            raise UnreadableAnswer(f"nothing usable is in the answer: {problem}")
        return out, notes

    def extraction(self) -> Extraction:
        """The plain :class:`Extraction` this answer holds."""
        return Extraction.model_validate(self.model_dump(mode="json"))


class ClaimVerdict(BaseModel):
    """Whether one claim is supported by its evidence."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="the claim's id, e.g. c1")
    supported: bool = Field(description="true only if the evidence sentences state the claim")
    reason: str = Field("", description="for an unsupported claim: what differs, in a few words")


class Verdicts(Salvaging):
    """Judge each claim of a brief against its evidence sentences."""

    model_config = ConfigDict(extra="ignore", title="judge_claims")

    verdicts: list[ClaimVerdict] = Field(default_factory=list)

    @classmethod
    def salvage(cls, data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        raw = data.get("verdicts")
        if isinstance(raw, dict):  # {"c1": true, "c2": {"supported": false, ...}}
            raw = [
                {"id": key, **(value if isinstance(value, dict) else {"supported": value})}
                for key, value in raw.items()
            ]
        kept = []
        for item in raw if isinstance(raw, list) else []:
            try:
                kept.append(ClaimVerdict.model_validate(item).model_dump())
            except ValidationError:
                continue
        if not kept:
            raise UnreadableAnswer("the answer holds no verdict")
        return {"verdicts": kept}, []
