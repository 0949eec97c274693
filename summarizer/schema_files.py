"""The JSON Schema documents in ``schemas/``, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from .daily.model import DAILY_SCHEMA_VERSION, DailyBrief
from .daily.storymodel import StoryBrief
from .evals.gold import GoldBrief
from .schema import SCHEMA_VERSION, Brief

SCHEMA_FILES: dict[str, tuple[type[BaseModel], JsonSchemaMode]] = {
    "brief.schema.json": (Brief, "serialization"),
    "gold.schema.json": (GoldBrief, "validation"),
    "daily.schema.json": (DailyBrief, "serialization"),
    "story.schema.json": (StoryBrief, "serialization"),
}
# The daily brief (and the story brief inside it) has its own version.
VERSIONS = {"daily.schema.json": DAILY_SCHEMA_VERSION, "story.schema.json": DAILY_SCHEMA_VERSION}


def schema_document(filename: str) -> dict[str, Any]:
    """The JSON Schema stored as ``schemas/<filename>``."""
    model, mode = SCHEMA_FILES[filename]
    schema = model.model_json_schema(mode=mode)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://summarizer.invalid/schemas/{filename}",
        "x-schema-version": VERSIONS.get(filename, SCHEMA_VERSION),
        **schema,
    }


def schema_text(filename: str) -> str:
    """``schema_document`` as the exact text written to disk."""
    return json.dumps(schema_document(filename), indent=2, ensure_ascii=False) + "\n"
