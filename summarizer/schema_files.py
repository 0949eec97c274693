"""The JSON Schema documents in ``schemas/``: the published models of every layer.

``summarizer schema --write`` writes them; each is declared beside its model
(:class:`~summarizer.schema.SchemaFile`).
"""

from __future__ import annotations

from .daily.model import DAILY_SCHEMA, STORY_SCHEMA
from .evals.cases import GOLD_SCHEMA
from .schema import BRIEF_SCHEMA, SchemaFile

SCHEMA_FILES: dict[str, SchemaFile] = {
    f.filename: f for f in (BRIEF_SCHEMA, GOLD_SCHEMA, DAILY_SCHEMA, STORY_SCHEMA)
}


def schema_text(filename: str) -> str:
    """The exact text of ``schemas/<filename>``."""
    return SCHEMA_FILES[filename].text()
