"""docs/BRIEF.md and the code say the same: the contract's field names and values are
the schema's, every schema field is documented, and the scoring constants it states
are the ones the scorer uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from summarizer.align import MAX_FUZZY_RATIO
from summarizer.evals.scoring import CLAIM_THRESHOLD, WEIGHTS

REPO = Path(__file__).resolve().parent.parent
DOC = (REPO / "docs" / "BRIEF.md").read_text(encoding="utf-8")

# The contract's normative names (docs/BRIEF.md §1 and §3): the code may add fields,
# never drop or rename these.
BRIEF_FIELDS = {
    "": {
        "schema_version",
        "article",
        "summary",
        "actors",
        "quotes",
        "numbers",
        "claims",
        "warnings",
        "provenance",
    },
    "ArticleRef": {"id", "title", "url", "published", "language", "word_count"},
    "Actor": {"id", "name", "kind", "role", "aliases"},
    "Quote": {"id", "text", "speaker", "speaker_name", "spans", "grounding"},
    "Figure": {"id", "value", "unit", "qualifier", "what", "text", "spans"},
    "Claim": {"id", "text", "source", "evidence", "actors", "figures"},
    "Span": {"start", "end"},
}
GOLD_FIELDS = {
    "": {"meta", "summary", "actors", "quotes", "numbers", "claims"},
    "GoldMeta": {"title", "source", "published", "licence"},
    "GoldActor": {"name", "kind", "role", "aliases"},
    "GoldQuote": {"text", "speaker"},
    "GoldFigure": {"value", "unit", "what", "text", "qualifier"},
    "GoldClaim": {"text", "source"},
}
KINDS = ["person", "organization", "country", "group", "other"]
QUALIFIERS = [
    "exact",
    "about",
    "at least",
    "at most",
    "more than",
    "less than",
    "up to",
    "within",
]
GROUNDING = ["exact", "normalized", "fuzzy"]


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    return data


def _properties(schema: dict[str, Any], definition: str) -> set[str]:
    node = schema if not definition else schema["$defs"][definition]
    return set(node["properties"])


def _section(number: int) -> str:
    match = re.search(rf"^## {number}\. .*?(?=^## |\Z)", DOC, re.MULTILINE | re.DOTALL)
    assert match is not None, f"docs/BRIEF.md has no section {number}"
    return match.group(0)


def _enum(schema: dict[str, Any], definition: str, field: str) -> list[str]:
    prop = schema["$defs"][definition]["properties"][field]
    values: list[str] = prop["enum"]
    return values


@pytest.mark.parametrize(("definition", "names"), sorted(BRIEF_FIELDS.items()))
def test_the_brief_schema_has_every_field_the_contract_names(
    definition: str, names: set[str]
) -> None:
    assert names <= _properties(_schema("brief.schema.json"), definition)


@pytest.mark.parametrize(("definition", "names"), sorted(GOLD_FIELDS.items()))
def test_the_gold_schema_has_exactly_the_contracts_fields(definition: str, names: set[str]) -> None:
    # Unknown gold keys are errors, so the gold format may not grow silently either.
    assert _properties(_schema("gold.schema.json"), definition) == names


def test_kinds_qualifiers_and_grounding_statuses_are_the_contracts() -> None:
    schema = _schema("brief.schema.json")
    assert _enum(schema, "Actor", "kind") == KINDS
    assert _enum(schema, "Figure", "qualifier") == QUALIFIERS
    assert _enum(schema, "Quote", "grounding") == GROUNDING
    section = _section(1)
    for value in [*KINDS, *QUALIFIERS, *GROUNDING]:
        assert f"`{value}`" in section


def test_every_field_of_the_brief_schema_is_documented_in_section_1() -> None:
    schema = _schema("brief.schema.json")
    section = _section(1)
    missing = sorted(
        f"{definition or 'Brief'}.{name}"
        for definition in ["", *schema["$defs"]]
        for name in _properties(schema, definition)
        if f"`{name}`" not in section
    )
    assert not missing, f"fields of schemas/brief.schema.json not in docs/BRIEF.md §1: {missing}"


def test_every_gold_field_is_documented_in_section_3() -> None:
    schema = _schema("gold.schema.json")
    section = _section(3)
    missing = sorted(
        f"{definition or 'GoldBrief'}.{name}"
        for definition in ["", *schema["$defs"]]
        for name in _properties(schema, definition)
        if f"`{name}`" not in section and not re.search(rf"^\s*(- )?{name}:", section, re.M)
    )
    assert not missing, f"fields of schemas/gold.schema.json not in docs/BRIEF.md §3: {missing}"


def test_the_headline_weights_are_the_scorers() -> None:
    formula = re.search(r"`(0\.\d·claims F1[^`]*)`", _section(5))
    assert formula is not None
    stated = {
        field: float(weight)
        for weight, field in re.findall(r"(\d\.\d+)·(\w+) (?:strict )?F1", formula.group(1))
    }
    assert stated == WEIGHTS


def test_the_thresholds_the_contract_states_are_the_codes() -> None:
    assert f"`CLAIM_THRESHOLD` = {CLAIM_THRESHOLD}" in DOC
    assert f"`MAX_FUZZY_RATIO` = {MAX_FUZZY_RATIO:.0%}" in DOC
