"""The store: the brief cache keyed by what makes briefs interchangeable, and the run log."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from fakes.llm import FakeLLM, extraction, openai_provider, settings

from summarizer import summarize
from summarizer.schema import SCHEMA_VERSION, Brief, Usage
from summarizer.store import STORE_FILENAME, BriefKey, CallRecord, Store, StoreError


@pytest.fixture
def brief(fake_llm: FakeLLM, asylum_text: str) -> Brief:
    fake_llm.ok(extraction())
    return summarize(asylum_text, config=settings(), provider=openai_provider(fake_llm))


def key_of(brief: Brief) -> BriefKey:
    p = brief.provenance
    return BriefKey(brief.article.id, p.prompt_sha256, p.provider, p.model, SCHEMA_VERSION)


def call(outcome: str = "ok", tokens: int = 1500, cost: float | None = 0.0004) -> CallRecord:
    return CallRecord(
        provider="openai",
        model="gpt-4o-mini",
        prompt_id="brief.v1",
        text_sha256="ab" * 32,
        label="the article",
        attempts=1,
        usage=Usage(prompt_tokens=tokens - 300, completion_tokens=300, total_tokens=tokens),
        cost_usd=cost,
        latency_s=0.25,
        outcome=outcome,
        error=None if outcome == "ok" else "HTTP 500",
    )


def test_a_stored_brief_comes_back_only_under_its_full_key(tmp_path: Path, brief: Brief) -> None:
    key = key_of(brief)
    with Store.in_dir(tmp_path) as store:
        assert store.get_brief(key) is None
        store.put_brief(key, brief)
    with Store.in_dir(tmp_path) as reopened:
        assert reopened.get_brief(key) == brief
        for field in ("article_id", "prompt_sha256", "provider", "model", "schema_version"):
            other = dataclasses.replace(key, **{field: "something else"})
            assert reopened.get_brief(other) is None, field
        assert reopened.brief_count() == 1


def test_the_store_is_one_sqlite_file_in_wal_mode(tmp_path: Path, brief: Brief) -> None:
    with Store.in_dir(tmp_path / "data") as store:
        store.put_brief(key_of(brief), brief)
    path = tmp_path / "data" / STORE_FILENAME
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT COUNT(*) FROM briefs").fetchone()[0] == 1


def test_a_brief_that_no_longer_validates_is_a_miss(tmp_path: Path, brief: Brief) -> None:
    key = key_of(brief)
    with Store.in_dir(tmp_path) as store:
        store.put_brief(key, brief)
    with sqlite3.connect(tmp_path / STORE_FILENAME) as db:
        db.execute("UPDATE briefs SET brief = '{\"summary\": 1}'")
    with Store.in_dir(tmp_path) as store:
        assert store.get_brief(key) is None


def test_runs_add_up_their_calls(tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    with Store.in_dir(tmp_path) as store:
        first = store.start_run("2024-05-01", out, "openai", "gpt-4o-mini")
        store.log_call(first, call(tokens=1500, cost=0.0004))
        store.log_call(first, call(tokens=1000, cost=0.0002))
        store.log_call(first, call("error", tokens=0, cost=None))
        store.finish_run(
            first,
            status="done",
            exit_code=1,
            articles=2,
            summarised=2,
            failures=[{"source": "a.txt", "stage": "summarise", "reason": "HTTP 500"}],
        )
        second = store.start_run("2024-05-01", out, "openai", "gpt-4o-mini")
        store.finish_run(second, status="done", exit_code=0, articles=2, reused=2)
        runs = store.recent_runs()
        shown = store.run(first)
    assert [r["id"] for r in runs] == [second, first]
    assert (runs[1]["calls"], runs[1]["tokens"], runs[1]["cost_usd"]) == (3, 2500, 0.0006)
    assert (runs[0]["calls"], runs[0]["tokens"], runs[0]["reused"]) == (0, 0, 2)
    assert shown is not None
    assert shown["failed"] == 1 and shown["failures"][0]["reason"] == "HTTP 500"
    assert [c["outcome"] for c in shown["calls_log"]] == ["ok", "ok", "error"]
    assert shown["calls_log"][2]["error"] == "HTTP 500"


def test_a_run_left_running_by_a_dead_process_becomes_interrupted(tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    with Store.in_dir(tmp_path) as store:
        killed = store.start_run("2024-05-01", out, "openai", "m")
        other_day = store.start_run("2024-05-02", out, "openai", "m")
        store.start_run("2024-05-01", out, "openai", "m")
        statuses = {r["id"]: r["status"] for r in store.recent_runs()}
    assert statuses[killed] == "interrupted"
    assert statuses[other_day] == "running"


def test_an_unusable_store_location_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open the store") as caught:
        Store.in_dir(blocker)
    assert caught.value.exit_code == 3
