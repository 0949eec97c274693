"""Budgets that fit: the chunk size follows from the output budget, for every provider."""

from __future__ import annotations

import json
import warnings

import pytest
from fakes import REPO

from summarizer import load_settings
from summarizer.article import load_article
from summarizer.budget import (
    CHARS_PER_INPUT_TOKEN,
    CHARS_PER_OUTPUT_TOKEN,
    FIXED_OUTPUT_TOKENS,
    MIN_CHUNK_CHARS,
    chunk_chars,
    context_chunk_chars,
    output_chunk_chars,
)
from summarizer.evals.cases import discover_cases, extraction_of, gold_brief
from summarizer.pipeline import build_requests, halve
from summarizer.prompts import load_prompt

PROMPT = load_prompt("brief.v2")


@pytest.mark.parametrize(
    ("provider", "overrides", "expected"),
    [
        ("openai", {}, 24_000),  # (16384 - 600) * 1.8 = 28,411: max_input_chars binds
        ("openai", {"max_output_tokens": 4096}, 6292),  # (4096 - 600) * 1.8
        ("openai", {"max_output_tokens": 8192}, 13_665),
        ("openai", {"max_output_tokens": 700}, MIN_CHUNK_CHARS),  # never below the floor
        ("extractive", {}, 24_000),  # no model, no output budget
        # n_ctx 8192 binds: (8192 - 1274.7 - 600) / (1/3 + 1/1.8) = 7107
        ("local", {}, 7107),
        ("local", {"max_output_tokens": 4096}, 6292),  # the output budget binds first
        # the context binds: brief.v2's 3,824 characters of scaffold take 1,275 of 4,096
        # tokens, 600 go to summary and claims; (4096 - 1274.7 - 600) / (1/3 + 1/1.8) = 2499
        ("local", {"n_ctx": 4096, "max_output_tokens": 4096}, 2499),
    ],
)
def test_the_chunk_size_fits_the_budgets(
    provider: str, overrides: dict[str, int], expected: int
) -> None:
    settings = load_settings(provider=provider, **overrides)
    assert chunk_chars(settings, PROMPT, provider) == expected


def test_a_local_chunk_and_its_answer_fit_the_context() -> None:
    scaffold = sum(len(m["content"]) for m in PROMPT.render(""))
    for n_ctx in (4096, 8192, 32_768):
        chars = context_chunk_chars(n_ctx, scaffold)
        used = (scaffold + chars) / CHARS_PER_INPUT_TOKEN + FIXED_OUTPUT_TOKENS
        used += chars / CHARS_PER_OUTPUT_TOKEN
        assert n_ctx - 2 <= used <= n_ctx


def test_the_ratio_covers_every_gold_brief() -> None:
    """The derivation in summarizer.budget, measured again: every gold answer fits its budget."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        bpe_openai = pytest.importorskip("bpe_openai")
        encoding = bpe_openai.get_encoding("o200k_base")
    for case in discover_cases(REPO / "evals" / "cases"):
        answer = extraction_of(gold_brief(case)).model_dump(mode="json")
        fixed = {"summary": answer["summary"], "claims": answer["claims"]}
        grows = {k: answer[k] for k in ("actors", "quotes", "numbers")}
        assert len(encoding.encode(json.dumps(fixed, ensure_ascii=False))) <= FIXED_OUTPUT_TOKENS
        tokens = len(encoding.encode(json.dumps(grows, ensure_ascii=False)))
        assert len(case.text) / tokens >= CHARS_PER_OUTPUT_TOKEN, case.id


@pytest.mark.parametrize(("overrides", "parts"), [({}, 2), ({"max_output_tokens": 4096}, 8)])
def test_default_settings_cut_a_long_article_into_chunks_that_fit(
    overrides: dict[str, int], parts: int
) -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "Words of the article go on. " * 20 for i in range(60))
    settings = load_settings(provider="openai", api_key="sk-x", **overrides)
    requests = build_requests(load_article(text), PROMPT, settings)
    assert len(text) > 30_000 and len(requests) == parts
    budget = min(settings.max_input_chars, output_chunk_chars(settings.max_output_tokens))
    assert all(len(r.text) <= budget for _, r in requests)
    assert [r.part for _, r in requests] == list(range(1, len(requests) + 1))
    assert {r.parts for _, r in requests} == {len(requests)}


TEXT = (
    "First paragraph, about the budget. It has two sentences.\n\n"
    "Second paragraph, about schools. It is longer than the first one by a little.\n\n"
    "Third paragraph, about roads and bridges in the north of the country.\n"
)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        (TEXT * 6, 621),  # the paragraph that starts at the middle (3 x 207 characters)
        ("One sentence here. " * 80, 760),  # no paragraphs: a sentence start
        ("word " * 300, 750),  # no sentences: a space
        ("x" * 999, None),  # too short to halve
    ],
)
def test_a_cut_off_chunk_is_halved_on_a_boundary(text: str, cut: int | None) -> None:
    assert halve(text, 0, len(text)) == cut
    if cut is not None:
        assert len(text) / 4 <= cut <= 3 * len(text) / 4
        assert text[cut - 1].isspace() and not text[cut].isspace()


def test_halving_works_inside_the_article() -> None:
    text = "x" * 500 + "\n\n" + TEXT * 6
    start = 502
    assert halve(text, start, len(text)) == start + 621
