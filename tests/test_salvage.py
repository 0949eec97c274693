"""Salvage, not loss: the slips a model makes in its JSON and what becomes of each.

Each row is an answer as the model sends it (the text instructor hands to the
response model's ``model_validate_json``) and the exact extraction and notes
that come out, or the plain reason it is unreadable.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from summarizer.providers.validation import (
    BriefAnswer,
    UnreadableAnswer,
    Verdicts,
    json_object,
)

QUOTE = {"text": "We will act.", "speaker": "Ana Ruiz"}
ACTOR = {"name": "Ana Ruiz", "kind": "person", "role": None, "aliases": []}
FIGURE = {"text": "40,000", "value": 40000, "unit": "troops", "qualifier": "exact", "what": "x"}
BRIEF = {"summary": "S.", "actors": [ACTOR], "quotes": [QUOTE], "numbers": [FIGURE], "claims": []}


def answer(**changes: Any) -> dict[str, Any]:
    return {**BRIEF, **changes}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('  \n{"a": 1}\n', {"a": 1}),
        ('```json\n{"a": 1}\n```', {"a": 1}),
        ('```\n{"a": 1}\n```', {"a": 1}),
        ('Here it is:\n```json\n{"a": 1}\n```\nDone.', {"a": 1}),
        ('Here is the brief: {"a": {"b": [1, 2]}} I hope it helps.', {"a": {"b": [1, 2]}}),
        ('Brief: {"a": 1} (see [1])', {"a": 1}),  # a later non-object is not the answer
        ('{"a": "line one\nline two"}', {"a": "line one\nline two"}),  # raw line break
    ],
)
def test_the_json_object_is_found(text: str, expected: dict[str, Any]) -> None:
    assert json_object(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the answer is empty"),
        ("The article is about a budget.", "the answer holds no JSON object"),
        ("[1, 2, 3]", "the answer holds no JSON object"),
        ('{"summary": "cut', "the answer holds no JSON object"),
    ],
)
def test_text_without_a_json_object_is_unreadable(text: str, reason: str) -> None:
    with pytest.raises(UnreadableAnswer) as info:
        json_object(text)
    assert info.value.reason == reason


def parsed(data: Any) -> tuple[dict[str, Any], list[str]]:
    result = BriefAnswer.model_validate_json(
        json.dumps(data) if not isinstance(data, str) else data
    )
    return result.extraction().model_dump(mode="json"), result.salvage_notes


@pytest.mark.parametrize(
    ("sent", "field", "expected"),
    [
        (answer(numbers=None), "numbers", []),
        (answer(quotes=None, actors=None), "quotes", []),
        (
            answer(quotes=[{"text": "We will act."}]),
            "quotes",
            [{"text": "We will act.", "speaker": None}],
        ),
        (answer(quotes=["We will act."]), "quotes", [{"text": "We will act.", "speaker": None}]),
        (answer(quotes={"text": "We will act.", "speaker": "Ana Ruiz"}), "quotes", [QUOTE]),
        (
            answer(actors=["Ana Ruiz"]),
            "actors",
            [{"name": "Ana Ruiz", "kind": "person", "role": None, "aliases": []}],
        ),
        (
            answer(actors=[{**ACTOR, "kind": "alliance", "aliases": "Ruiz"}]),
            "actors",
            [{**ACTOR, "kind": "other", "aliases": ["Ruiz"]}],
        ),
        (
            answer(actors=[{**ACTOR, "kind": "Organisation"}]),
            "actors",
            [{**ACTOR, "kind": "organization"}],
        ),
        (answer(actors=[{**ACTOR, "kind": None}]), "actors", [ACTOR]),
        (answer(numbers=[{**FIGURE, "value": "40,000"}]), "numbers", [FIGURE]),
        (answer(numbers=[{**FIGURE, "value": "58%"}]), "numbers", [{**FIGURE, "value": 58.0}]),
        (
            answer(numbers=[{**FIGURE, "text": "2 million", "value": "2 million"}]),
            "numbers",
            [{**FIGURE, "text": "2 million", "value": 2_000_000.0}],
        ),
        (answer(numbers=[{**FIGURE, "value": None}]), "numbers", [FIGURE]),  # read from text
        (
            answer(numbers=[{k: v for k, v in FIGURE.items() if k not in ("unit", "what")}]),
            "numbers",
            [{**FIGURE, "unit": "", "what": ""}],
        ),
        (
            answer(numbers=[{**FIGURE, "qualifier": "give or take"}]),
            "numbers",
            [{**FIGURE, "qualifier": "about"}],
        ),
        (
            answer(numbers=[{**FIGURE, "qualifier": "just over"}]),
            "numbers",
            [{**FIGURE, "qualifier": "more than"}],
        ),
        (answer(numbers=[{**FIGURE, "qualifier": None}]), "numbers", [FIGURE]),
        (answer(quotes=[{**QUOTE, "confidence": 0.9}]), "quotes", [QUOTE]),
        (
            answer(claims=["NATO will not send troops."]),
            "claims",
            [{"text": "NATO will not send troops.", "source": None}],
        ),
        (answer(summary=["One.", "Two."]), "summary", "One. Two."),
        (answer(summary=None), "summary", ""),
        ({"extract_brief": BRIEF}, "quotes", [QUOTE]),
        ({"name": "extract_brief", "arguments": json.dumps(BRIEF)}, "quotes", [QUOTE]),
        ({"parameters": BRIEF}, "quotes", [QUOTE]),
    ],
)
def test_safely_coercible_slips_are_coerced(sent: Any, field: str, expected: Any) -> None:
    extraction, notes = parsed(sent)
    assert extraction[field] == expected
    assert notes == []


@pytest.mark.parametrize(
    ("sent", "field", "kept", "note"),
    [
        (
            answer(claims=[{"text": f"Claim {i}.", "source": None} for i in range(13)]),
            "claims",
            [f"Claim {i}." for i in range(12)],
            "kept the first 12 of the 13 claims the model listed (at most 12)",
        ),
        (
            answer(numbers=[FIGURE, {"text": "many", "value": "many", "unit": "x", "what": "x"}]),
            "numbers",
            ["40,000"],
            "ignored number 2 of the model's answer: value: Input should be a valid number, "
            "unable to parse string as a number",
        ),
        (
            answer(quotes=[QUOTE, {"speaker": "Ana Ruiz"}]),
            "quotes",
            ["We will act."],
            "ignored quote 2 of the model's answer: text: Field required",
        ),
        (
            answer(quotes=[QUOTE, 42]),
            "quotes",
            ["We will act."],
            "ignored quote 2 of the model's answer: Input should be a valid dictionary or "
            "instance of ExtractedQuote",
        ),
        (answer(quotes="We will act."), "quotes", [], "ignored the model's quotes: not a list"),
    ],
)
def test_unusable_items_are_left_out_with_a_note(
    sent: dict[str, Any], field: str, kept: list[str], note: str
) -> None:
    extraction, notes = parsed(sent)
    assert [i["text"] for i in extraction[field]] == kept
    assert notes == [note]


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        ({}, "nothing usable is in the answer: it has no summary and no items"),
        ({"summary": "", "quotes": [7]}, "nothing usable is in the answer: ignored quote 1"),
        ("not json", "the answer holds no JSON object"),
    ],
)
def test_an_answer_with_nothing_usable_is_unreadable(sent: Any, reason: str) -> None:
    with pytest.raises(UnreadableAnswer) as info:
        parsed(sent)
    assert info.value.reason.startswith(reason)
    assert "pydantic" not in info.value.reason and "errors.pydantic.dev" not in info.value.reason


def test_the_schema_the_model_reads_is_unchanged_by_salvage() -> None:
    schema = BriefAnswer.model_json_schema()
    quote = schema["$defs"]["ExtractedQuote"]
    assert quote["required"] == ["text", "speaker"]
    assert schema["properties"]["claims"]["maxItems"] == 12
    assert schema["title"] == "extract_brief"


@pytest.mark.parametrize(
    ("sent", "verdicts"),
    [
        ({"verdicts": [{"id": "c1", "supported": True}]}, [("c1", True, "")]),
        (
            {"verdicts": {"c1": True, "c2": {"supported": False, "reason": "45, not 12"}}},
            [("c1", True, ""), ("c2", False, "45, not 12")],
        ),
        (
            {"verdicts": [{"id": "c1", "supported": "maybe"}, {"id": "c2", "supported": False}]},
            [("c2", False, "")],
        ),
    ],
)
def test_verdicts_are_salvaged(sent: dict[str, Any], verdicts: list[tuple[str, bool, str]]) -> None:
    got = Verdicts.model_validate_json(f"```json\n{json.dumps(sent)}\n```").verdicts
    assert [(v.id, v.supported, v.reason) for v in got] == verdicts


def test_verdicts_with_none_usable_are_unreadable() -> None:
    with pytest.raises(UnreadableAnswer, match="the answer holds no verdict"):
        Verdicts.model_validate_json('{"verdicts": []}')
