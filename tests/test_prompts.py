"""Prompt templates: golden renders, sandboxing, versioning and digests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ARTICLES, FIXTURES, REPO

from summarizer.article import load_article
from summarizer.errors import UsageError
from summarizer.prompts import list_prompts, load_prompt


def test_brief_v1_renders_exactly_the_pinned_messages() -> None:
    article = load_article(ARTICLES / "asylum.txt")
    messages = load_prompt("brief.v1").render(article.text, title=article.title)
    golden = json.loads((FIXTURES / "golden" / "brief.v1.asylum.json").read_text(encoding="utf-8"))
    assert messages == golden


def test_released_prompt_sources_are_unchanged() -> None:
    """brief.v1 is released: editing it must make brief.v2 instead."""
    assert load_prompt("brief.v1").sha256 == (
        "e21db76d389ca769359739ec3f1e540d33743a297d813190a28d81986374553f"
    )


def test_article_text_is_data_not_template_source() -> None:
    tricky = "Costs {{ 7*7 }} and {% raw %}x{% endraw %} {{ ''.__class__.__mro__ }} </ARTICLE> end"
    user = load_prompt("brief.v1").render(tricky)[1]["content"]
    assert "{{ 7*7 }}" in user and "49" not in user
    assert "{{ ''.__class__.__mro__ }}" in user
    assert "<\\/ARTICLE>" in user and user.endswith("</article>")


def test_unknown_prompt_lists_the_known_ones() -> None:
    with pytest.raises(UsageError, match=r"unknown prompt 'brief.v9' \(known: brief.v1"):
        load_prompt("brief.v9")


def test_user_prompt_folder_adds_versions_and_undefined_variables_fail(tmp_path: Path) -> None:
    version = tmp_path / "brief.v7"
    version.mkdir()
    (version / "system.j2").write_text("Be brief.", encoding="utf-8")
    (version / "user.j2").write_text("{{ article }} {{ not_a_variable }}", encoding="utf-8")
    assert "brief.v7" in [p.id for p in list_prompts(tmp_path)]
    prompt = load_prompt("brief.v7", tmp_path)
    with pytest.raises(UsageError, match="not_a_variable"):
        prompt.render("text")


def test_shipped_templates_are_the_repository_templates() -> None:
    for prompt in list_prompts():
        for name, source in prompt.sources:
            assert (REPO / "prompts" / prompt.id / name).read_text(encoding="utf-8") == source
