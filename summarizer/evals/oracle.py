"""An oracle model: a fake endpoint that answers the pipeline's requests from the gold.

Served by :class:`~summarizer.evals.fakeserver.FakeOpenAIServer`, it reads each
request as a model would and answers in the form the request asks for (a call
of the requested function in ``tools`` mode, JSON content otherwise):

* a brief request: the gold items of the requested chunk of the article (an
  item lies in the chunk when its place in the article does; a speaker or
  source the chunk does not name is left out, as a model reading only that
  chunk would);
* a repair request: for each listed item, what the answer's author says when
  told it is wrong (see :class:`Author`), by the index the request gives;
* a verification request: supported for every claim it would make itself.

An answer longer than the request's ``max_tokens`` (counted at 4 characters per
token, the median of the gold briefs' JSON with the o200k_base tokenizer) is cut
off with ``finish_reason: length``, as a real endpoint does.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..schema import Extraction
from ..text import content_tokens, fold
from ..verification import SYSTEM as VERIFY_SYSTEM
from .cases import Case, extraction_of, gold_brief
from .fakeserver import (
    Reply,
    Responder,
    completion_body,
    estimated_tokens,
    mode_of,
    prompt_text,
    requested_tool,
)

Data = dict[str, Any]
JSON_CHARS_PER_TOKEN = 4.0
_ARTICLE = re.compile(r"<article>\n(.*)\n</article>", re.DOTALL)
_REPAIR_ITEM = re.compile(r"^(actors|quotes|numbers|claims)\[(\d+)\] = (.*)$|^summary = (.*)$")
_FIELD_KIND = {"actors": "actor", "quotes": "quote", "numbers": "figure", "claims": "claim"}


@dataclass(frozen=True)
class Chunk:
    """The part of a case's article one request carries."""

    case: Case
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.case.text[self.start : self.end]

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.end == len(self.case.text)


def identity(field: str, item: Data) -> str:
    """What names an item across answers: a quote's or claim's text, a figure's text and
    value, an actor's name."""
    if field == "actors":
        return f"actors:{fold(str(item.get('name', '')))}"
    if field == "numbers":
        value = item.get("value")
        number = repr(float(value)) if isinstance(value, int | float) else str(value)
        return f"numbers:{fold(str(item.get('text', '')))}:{number}"
    return f"{field}:{fold(str(item.get('text', '')))}"


# ------------------------------------------------------------------ answers


_PERFECT: dict[tuple[str, int], tuple[Data, dict[str, list[int]]]] = {}


def _perfect(case: Case) -> tuple[Data, dict[str, list[int]]]:
    """The perfect answer and where each of its items stands, by identity (in order)."""
    key = (case.id, hash(case.text))
    if key not in _PERFECT:
        brief = gold_brief(case)
        places: dict[str, list[int]] = {}
        answer = extraction_of(brief).model_dump(mode="json")
        starts = {
            "quotes": [q.spans[0].start for q in brief.quotes],
            "numbers": [_figure_place(case, f.text, f.spans[0].start) for f in brief.numbers],
            "claims": [_claim_place(case, c.text) for c in brief.claims],
        }
        for name, positions in starts.items():
            for item, at in zip(answer[name], positions, strict=True):
                places.setdefault(identity(name, item), []).append(at)
        _PERFECT[key] = (answer, places)
    return _PERFECT[key]


def _figure_place(case: Case, text: str, fallback: int) -> int:
    """Where a figure's text first stands as a number (not inside a word: "two" in "network")."""
    key = fold(text)
    return next((n.start for n in case.index.numbers if fold(n.text) == key), fallback)


def _claim_place(case: Case, text: str) -> int:
    """The start of the sentence sharing most content words with a claim."""
    tokens = set(content_tokens(text))
    shared = [len(tokens & words) for words in case.index.sentence_tokens]
    if not shared:
        return 0
    return case.index.sentences[shared.index(max(shared))].start


def perfect_answer(case: Case) -> Data:
    """The gold brief of ``case`` as the extraction a perfect model sends."""
    return copy.deepcopy(_perfect(case)[0])


def _located(case: Case, field: str, item: Data) -> int | None:
    """Where ``item`` of an answer for ``case`` starts in the article, if it can be found."""
    text = str(item.get("text", ""))
    if field == "quotes":
        first = re.split(r"\s*(?:\.\.\.|\u2026|\[\.\.\.\])\s*", text.strip())[0]
        match = case.index.find(first)
        return match.start if match else None
    if field == "numbers":
        found = case.index.find_all(text.strip(), limit=1)
        return found[0].start if found else None
    sentences, _ = case.index.best_sentences(text)
    return sentences[0].start if sentences else None


def restricted(answer: Data, chunk: Chunk) -> Data:
    """``answer`` (for the whole article) with only what lies in ``chunk``.

    An item of the gold stands where the gold places it; any other is located.
    """
    if chunk.whole:
        return copy.deepcopy(answer)
    places = {k: list(v) for k, v in _perfect(chunk.case)[1].items()}
    text = fold(chunk.text)
    out: Data = {"summary": answer.get("summary", "")}
    for name in ("quotes", "numbers", "claims"):
        out[name] = []
        for item in answer.get(name) or []:
            known = places.get(identity(name, item))
            at = known.pop(0) if known else _located(chunk.case, name, item)
            if at is not None and chunk.start <= at < chunk.end:
                out[name].append(dict(item))
    out["actors"] = [
        dict(a)
        for a in answer.get("actors") or []
        if any(fold(f) in text for f in [a["name"], *(a.get("aliases") or [])] if f)
    ]
    named = {fold(f) for a in out["actors"] for f in [a["name"], *(a.get("aliases") or [])]}
    for name, key in (("quotes", "speaker"), ("claims", "source")):
        for item in out[name]:
            if item.get(key) and fold(item[key]) not in named:
                item[key] = None
    return out


# ----------------------------------------------------------------- requests


def chunk_of(request: dict[str, Any], cases: Sequence[Case]) -> Chunk | None:
    """The case and chunk a brief or repair request carries, if it is one of ``cases``."""
    for message in request.get("messages") or []:
        content = message.get("content")
        if message.get("role") != "user" or not isinstance(content, str):
            continue
        match = _ARTICLE.search(content)
        if match is None:
            continue
        text = re.sub(r"<\\/(\s*article)", r"</\1", match.group(1), flags=re.IGNORECASE)
        for case in cases:
            at = case.text.find(text)
            if at >= 0:
                return Chunk(case, at, at + len(text))
    return None


def repair_items(request: dict[str, Any]) -> list[tuple[str, int, Data | str]]:
    """The items a repair request lists: (field, index, item as sent); the summary as text."""
    messages = request.get("messages") or []
    content = messages[-1].get("content") if messages else None
    if not isinstance(content, str):
        return []
    found: list[tuple[str, int, Data | str]] = []
    for line in content.splitlines():
        match = _REPAIR_ITEM.match(line)
        if match is None:
            continue
        if match.group(4) is not None:
            found.append(("summary", 0, json.loads(match.group(4))))
        else:
            found.append((match.group(1), int(match.group(2)), json.loads(match.group(3))))
    return found


def is_verification(request: dict[str, Any]) -> bool:
    messages = request.get("messages") or []
    return bool(messages) and VERIFY_SYSTEM in str(messages[0].get("content", ""))


def verification_claims(request: dict[str, Any]) -> list[Data]:
    """The claims a verification request lists."""
    content = str((request.get("messages") or [{}])[-1].get("content", ""))
    start = content.find("[")
    try:
        claims = json.loads(content[start:]) if start >= 0 else []
    except ValueError:
        return []
    return [c for c in claims if isinstance(c, dict)]


def is_reask(request: dict[str, Any]) -> bool:
    """True for a second try of a brief request (its last message is our re-ask)."""
    messages = request.get("messages") or []
    last = str(messages[-1].get("content", "")) if messages else ""
    return "Your answer could not be used: " in last  # json mode merges it into the article


# ------------------------------------------------------------------ replies


def reply(
    request: dict[str, Any],
    payload: str,
    *,
    finish_reason: str | None = None,
    tool_name: str | None = None,
) -> Reply:
    """The completion carrying ``payload`` the way ``request`` asks, cut off at its max_tokens."""
    limit = request.get("max_tokens")
    tokens = estimated_tokens(payload, JSON_CHARS_PER_TOKEN)
    if isinstance(limit, int) and tokens > limit:
        payload, tokens = payload[: int(limit * JSON_CHARS_PER_TOKEN)], limit
        finish_reason = "length"
    body = completion_body(
        payload,
        mode=mode_of(request),
        model=str(request.get("model") or "oracle"),
        prompt_tokens=estimated_tokens(prompt_text(request)),
        completion_tokens=tokens,
        finish_reason=finish_reason,
        tool_name=tool_name or requested_tool(request),
    )
    return Reply(200, body)


class Author(Protocol):
    """Who writes the oracle's answers: the first answer of a chunk and the corrections."""

    def first(self, chunk: Chunk, request: dict[str, Any]) -> Reply:
        """The reply to the first brief request for ``chunk``."""

    def correction(
        self, chunk: Chunk, field: str, index: int, item: Data | str
    ) -> Data | str | None:
        """The corrected item (the summary as text) when told it is wrong; None: it leaves
        the item out."""

    def supports(self, case: Case, claim: Data) -> bool:
        """Whether it judges ``claim`` supported by its evidence."""


class Oracle:
    """The honest author: the gold for each chunk; a listed item is sent back unchanged."""

    def answer(self, chunk: Chunk) -> Data:
        return restricted(perfect_answer(chunk.case), chunk)

    def first(self, chunk: Chunk, request: dict[str, Any]) -> Reply:
        return reply(request, json.dumps(self.answer(chunk), ensure_ascii=False))

    def correction(
        self, chunk: Chunk, field: str, index: int, item: Data | str
    ) -> Data | str | None:
        return item if isinstance(item, dict) else None

    def supports(self, case: Case, claim: Data) -> bool:
        gold = {fold(c.text) for c in case.gold.claims}
        return fold(str(claim.get("claim", ""))) in gold


def _repair_reply(request: dict[str, Any], chunk: Chunk, author: Author) -> Reply:
    answer: Data = {"actors": [], "quotes": [], "numbers": [], "claims": []}
    for field, index, item in repair_items(request):
        fixed = author.correction(chunk, field, index, item)
        if fixed is None:
            continue
        if field == "summary":
            answer["summary"] = fixed if isinstance(fixed, str) else fixed.get("summary")
        elif isinstance(fixed, dict):
            answer[field].append({**fixed, "index": index})
    return reply(request, json.dumps(answer, ensure_ascii=False))


def _verify_reply(request: dict[str, Any], cases: Sequence[Case], author: Author) -> Reply:
    claims = verification_claims(request)
    first = next((e for c in claims for e in c.get("evidence") or []), None)
    case = next((c for c in cases if first and first in " ".join(c.text.split())), None)
    if case is None:
        return Reply(400, {"error": {"message": "no eval case matches these claims"}})
    verdicts = [
        {"id": c.get("id"), "supported": author.supports(case, c), "reason": ""} for c in claims
    ]
    return reply(request, json.dumps({"verdicts": verdicts}))


def oracle_responder(
    cases: Sequence[Case], author_for: Callable[[Case, dict[str, Any]], Author]
) -> Responder:
    """A fake-server responder answering as ``author_for(case, request)`` writes."""

    def respond(request: dict[str, Any]) -> Reply:
        if is_verification(request):
            return _verify_reply(request, cases, author_for(cases[0], request))
        chunk = chunk_of(request, cases)
        if chunk is None:
            return Reply(400, {"error": {"message": "no eval case matches this request"}})
        author = author_for(chunk.case, request)
        if repair_items(request):
            return _repair_reply(request, chunk, author)
        if is_reask(request):
            return Oracle().first(chunk, request)
        return author.first(chunk, request)

    return respond


class _Answering(Oracle):
    """An author whose whole-article answer comes from a function of the case."""

    def __init__(self, answer: Callable[[Case, str], Extraction], feedback: str = ""):
        self._answer = answer
        self._feedback = feedback

    def answer(self, chunk: Chunk) -> Data:
        whole = self._answer(chunk.case, self._feedback).model_dump(mode="json")
        return restricted(whole, chunk)

    def correction(
        self, chunk: Chunk, field: str, index: int, item: Data | str
    ) -> Data | str | None:
        if field == "summary":
            return self.answer(chunk).get("summary")
        items = self.answer(chunk).get(field) or []
        return items[index] if 0 <= index < len(items) else None


def gold_responder(cases: Sequence[Case], answer: Callable[[Case, str], Extraction]) -> Responder:
    """A responder answering each case's chunk with ``answer(case, feedback)`` restricted to it.

    ``feedback`` is the repair request's text ("" for a first request); a repair
    is answered with the items of the new answer at the listed indexes.
    """

    def author_for(case: Case, request: dict[str, Any]) -> Author:
        messages = request.get("messages") or []
        feedback = str(messages[-1].get("content", "")) if repair_items(request) else ""
        return _Answering(answer, feedback)

    return oracle_responder(cases, author_for)
