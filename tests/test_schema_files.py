"""``schemas/`` is generated from the models and must stay in sync with them."""

from __future__ import annotations

import json

import jsonschema
import pytest
from fakes import REPO
from fakes.llm import FakeLLM, extraction, openai_provider, settings

from summarizer import summarize
from summarizer.schema_files import SCHEMA_FILES, schema_text


@pytest.mark.parametrize("filename", sorted(SCHEMA_FILES))
def test_schema_file_is_up_to_date(filename: str) -> None:
    on_disk = (REPO / "schemas" / filename).read_text(encoding="utf-8")
    assert on_disk == schema_text(filename), (
        f"schemas/{filename} is out of date: run `summarizer schema --write`"
    )


def test_a_brief_validates_against_the_published_schema(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    fake_llm.ok(extraction())
    brief = summarize(asylum_text, config=settings(), provider=openai_provider(fake_llm))
    schema = json.loads((REPO / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(brief.model_dump_json()), schema)
    broken = json.loads(brief.model_dump_json())
    broken["quotes"][0]["grounding"] = "guessed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
