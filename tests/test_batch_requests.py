"""Batch requests are the synchronous path's requests: same bodies, same ids, same briefs."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fakes.batch import batch_api, cases, engine_model, faulty_model, settings

from summarizer.api import summarize_many
from summarizer.batch.ids import canonical, custom_id, input_line
from summarizer.batch.job import BatchJobs, Item
from summarizer.schema import Brief
from summarizer.store import Store


def run_job(jobs: BatchJobs, items: list[Item], ticks: int = 10) -> dict[str, Any]:
    for _ in range(ticks):
        progress = jobs.advance("api", "identity", "identity test", items)
        if progress.done:
            return progress.outcomes
    raise AssertionError("the job did not finish")


def comparable(brief: Brief) -> dict[str, Any]:
    data = brief.model_dump(mode="json")
    for key in ("cost_usd", "latency_s", "created_at"):
        data["provenance"].pop(key)
    if data["provenance"]["verification"]:
        data["provenance"]["verification"].pop("cost_usd")
    return data


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json"])
def test_batch_bodies_are_the_bodies_the_synchronous_path_sends(mode: str, tmp_path: Path) -> None:
    chosen = cases("news-asylum", "news-clock")
    overrides = {"mode": mode, "max_output_tokens": 2000, "verify": True}
    with batch_api(engine_model()) as fake:
        config = settings(fake.url, tmp_path, **overrides)
        sync = summarize_many([c.article for c in chosen], config=config)
        sent = fake.chat_bodies()
    with batch_api(engine_model()) as fake, Store.in_dir(tmp_path / "b") as store:
        config = settings(fake.url, tmp_path / "b", **overrides)
        items = [Item(c.article.id, c.article) for c in chosen]
        outcomes = run_job(BatchJobs(store, config), items)
        lines = fake.input_lines()
        assert not fake.chat_bodies(), "nothing is sent synchronously before the deadline"
        assert fake.api.created == 3  # first requests, then repairs, then verifications
    # Same multiset of bodies: every request of the synchronous path, in a batch, once.
    assert Counter(canonical(b) for b in sent) == Counter(canonical(x["body"]) for x in lines)
    assert len(sent) > 3 * len(chosen), "several chunks, repairs and verifications were sent"
    for line in lines:
        assert line["custom_id"] == hashlib.sha256(canonical(line["body"]).encode()).hexdigest()
        assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
    for case, brief in zip(chosen, sync, strict=True):
        batched = outcomes[case.article.id]
        assert isinstance(brief, Brief) and isinstance(batched, Brief)
        assert comparable(batched) == comparable(brief)
        assert batched.provenance.prompt_sha256 == brief.provenance.prompt_sha256


@pytest.mark.parametrize(
    ("mode", "keys"),
    [
        ("tools", {"tools", "tool_choice"}),
        ("json_schema", {"response_format"}),
        ("json", {"response_format"}),
    ],
)
def test_each_mode_keeps_its_own_request_form(mode: str, keys: set[str], tmp_path: Path) -> None:
    chosen = cases("news-worship")
    with batch_api(faulty_model(chosen)) as fake, Store.in_dir(tmp_path) as store:
        config = settings(fake.url, tmp_path, mode=mode)
        BatchJobs(store, config).advance(
            "api", "form", "form", [Item(chosen[0].article.id, chosen[0].article)]
        )
        (line,) = fake.input_lines()
    body = line["body"]
    assert keys <= set(body)
    assert body["model"] == "gpt-4o-mini" and body["temperature"] == 0.0
    assert body["max_tokens"] == config.max_output_tokens
    if mode == "json_schema":
        assert body["response_format"]["type"] == "json_schema"
    if mode == "json":
        assert body["response_format"] == {"type": "json_object"}
        assert "tools" not in body


def test_custom_id_is_the_sha256_of_the_canonical_body_and_salt_separates() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "é"}], "temperature": 0}
    same = {"temperature": 0, "messages": [{"content": "é", "role": "user"}], "model": "m"}
    assert custom_id(body) == custom_id(same)
    assert custom_id(body) == hashlib.sha256(canonical(body).encode()).hexdigest()
    assert custom_id(body, "repeat 1") != custom_id(body)
    assert custom_id(body, "repeat 1") != custom_id(body, "repeat 2")
    line = json.loads(input_line(custom_id(body), body))
    assert line == {
        "custom_id": custom_id(body),
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": body,
    }
    assert input_line("x", body).endswith(b"\n") and b"\n" not in input_line("x", body)[:-1]
