"""The call log: every provider call, from the CLI or the API, kept in the store with its
requests and answers, tokens, cost and outcome; browsable with `summarizer logs`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fakes import ARTICLES
from fakes.llm import FakeLLM, completion, extraction, repair_reply, settings
from typer.testing import CliRunner, Result

from summarizer import NoValidOutputError, Summarizer, load_settings
from summarizer.cli import app
from summarizer.event_loop import run_sync
from summarizer.providers import make_provider
from summarizer.providers.cache import CachingProvider, SqliteResponseStore
from summarizer.providers.calllog import LoggedProvider, opening
from summarizer.schema import Usage
from summarizer.store import STORE_FILENAME, CallRecord, Store

SECRET = "sk-test-SECRET-0123456789abcdef"


def invoke(args: list[str], env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, args, env=env or {}, catch_exceptions=False)


def logged_run(
    fake: FakeLLM, tmp_path: Path, text: str, **overrides: Any
) -> tuple[Any, list[dict[str, Any]]]:
    """Summarise ``text`` through a provider built by make_provider (so logged); the brief
    and the store's calls, oldest first, with their exchanges."""
    config = settings(data_dir=tmp_path / "data", api_key=SECRET, **overrides)
    brief = _summarise(config, make_provider(config, http_client=fake.client()), text)
    with Store.in_dir(tmp_path / "data") as store:
        calls = [store.call(c["id"]) for c in reversed(store.recent_calls(100))]
    return brief, [c for c in calls if c is not None]


def _summarise(config: Any, provider: Any, text: str) -> Any:
    """The brief of ``text`` from a pipeline on ``provider``, which it closes."""

    async def run() -> Any:
        async with Summarizer(config, provider) as pipeline:
            return await pipeline.summarize(text=text)

    return run_sync(run())


def test_a_perfect_answer_is_one_ok_call_with_its_messages_answer_tokens_and_cost(
    fake_llm: FakeLLM, tmp_path: Path, asylum_text: str
) -> None:
    fake_llm.ok(extraction())
    brief, calls = logged_run(fake_llm, tmp_path, asylum_text)

    [call] = calls
    usage = completion({})["usage"]
    assert (call["kind"], call["provider"], call["model"], call["outcome"]) == (
        "extract",
        "openai",
        "gpt-4o-mini",
        "ok",
    )
    assert (call["prompt_id"], call["prompt_sha256"]) == (
        brief.provenance.prompt_id,
        brief.provenance.prompt_sha256,
    )
    assert call["title"] == "Over 900 asylum seekers rescued off Indonesian coast"
    assert (call["attempts"], call["total_tokens"]) == (1, usage["total_tokens"])
    assert call["cost_usd"] == pytest.approx(
        (usage["prompt_tokens"] * 0.15 + usage["completion_tokens"] * 0.60) / 1e6
    )
    assert call["error"] is None and call["run_id"] is None
    [exchange] = call["exchanges"]
    assert exchange["request"]["messages"] == fake_llm.requests[0]["messages"]
    assert exchange["request"]["tools"] == ["extract_brief"]
    arguments = exchange["response"]["choices"][0]["message"]["tool_calls"][0]["function"]
    assert json.loads(arguments["arguments"]) == extraction()
    assert exchange["usage"]["total_tokens"] == usage["total_tokens"]
    assert call["response"]["summary"] == extraction()["summary"]


def test_a_repaired_answer_is_one_call_holding_both_requests(
    fake_llm: FakeLLM, tmp_path: Path, asylum_text: str
) -> None:
    bad = extraction()
    bad["quotes"][0]["text"] = "We will never let a single boat land on our shores"
    fixed = {**extraction()["quotes"][0], "index": 0}
    fake_llm.ok(bad).queue(repair_reply({"quotes": [fixed]}))
    _, calls = logged_run(fake_llm, tmp_path, asylum_text)

    [call] = calls
    assert (call["outcome"], call["attempts"]) == ("repaired", 2)
    first, repair = call["exchanges"]
    assert repair["request"]["messages"][:-1] == first["request"]["messages"]
    assert "does not occur in the article" in repair["request"]["messages"][-1]["content"]
    assert repair["request"]["tools"] == ["repair_brief"]
    assert call["total_tokens"] == 2 * completion({})["usage"]["total_tokens"]
    assert call["response"]["quotes"][0]["text"] == fixed["text"]


def test_a_failed_call_is_logged_with_its_masked_error_and_the_key_is_stored_nowhere(
    fake_llm: FakeLLM, tmp_path: Path, asylum_text: str
) -> None:
    fake_llm.queue(
        httpx2.Response(400, json={"error": {"message": f"bad request from key {SECRET}"}})
    )
    with pytest.raises(Exception, match="HTTP 400"):
        logged_run(fake_llm, tmp_path, asylum_text)
    with Store.in_dir(tmp_path / "data") as store:
        [call] = [store.call(c["id"]) for c in store.recent_calls()]
    assert call is not None
    assert call["outcome"] == "error" and "HTTP 400" in call["error"]
    assert SECRET not in call["error"] and "********" in call["error"]
    [exchange] = call["exchanges"]
    assert exchange["response"] is None and "HTTP 400" in exchange["error"]
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").iterdir() if p.is_file())
    assert SECRET.encode() not in raw
    assert b"bad request from key" in raw  # the message itself is kept, masked


def test_an_unusable_answer_is_an_error_call_with_the_answers_it_got(
    fake_llm: FakeLLM, tmp_path: Path, asylum_text: str
) -> None:
    fake_llm.ok("this is not json").ok("still not json")
    with pytest.raises(NoValidOutputError):
        logged_run(fake_llm, tmp_path, asylum_text, max_reasks=1)
    with Store.in_dir(tmp_path / "data") as store:
        [call] = [store.call(c["id"]) for c in store.recent_calls()]
    assert call is not None
    assert (call["outcome"], call["attempts"]) == ("error", 2)
    assert "no valid brief" in call["error"]
    answers = [e["response"]["choices"][0]["message"] for e in call["exchanges"]]
    assert len(answers) == 2 and all(e["error"] is None for e in call["exchanges"])
    assert call["total_tokens"] == 2 * completion({})["usage"]["total_tokens"]


def test_log_calls_off_logs_nothing_but_still_counts(
    fake_llm: FakeLLM, tmp_path: Path, asylum_text: str
) -> None:
    fake_llm.ok(extraction())
    config = settings(data_dir=tmp_path / "data", log_calls=False)
    provider = make_provider(config, http_client=fake_llm.client())
    assert isinstance(provider, LoggedProvider) and provider.log is None
    _summarise(config, provider, asylum_text)
    assert provider.calls == 1 and provider.cost_usd > 0
    assert not (tmp_path / "data" / STORE_FILENAME).exists()


def test_an_unwritable_store_never_fails_the_call(
    fake_llm: FakeLLM, tmp_path: Path, asylum_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    fake_llm.ok(extraction()).ok(extraction())
    config = settings(data_dir=blocked)
    provider = make_provider(config, http_client=fake_llm.client())
    for _ in range(2):
        assert _summarise(config, provider, asylum_text).quotes
    warnings = [r for r in caplog.records if "not logged" in r.getMessage()]
    assert len(warnings) == 1  # said once, not at every call


def test_every_command_logs_the_same_way(tmp_path: Path) -> None:
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    article = ARTICLES / "asylum.txt"
    assert invoke(["summarize", str(article)], env).exit_code == 0
    out = tmp_path / "report"
    evaluated = invoke(
        ["eval", "--provider", "extractive", "--cases", "news-asylum", "--out", str(out)], env
    )
    assert evaluated.exit_code == 0, evaluated.output
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    ran = invoke(["daily", str(folder), "--out", str(tmp_path / "briefs"), "-q"], env)
    assert ran.exit_code == 0, ran.output

    with Store.in_dir(tmp_path / "data") as store:
        calls = list(reversed(store.recent_calls()))
        [run] = store.recent_runs()
    assert [c["provider"] for c in calls] == ["extractive"] * 3
    assert [c["run_id"] for c in calls] == [None, None, run["id"]]
    assert {c["title"] for c in calls} == {"Over 900 asylum seekers rescued off Indonesian coast"}
    assert all(c["outcome"] == "ok" and c["total_tokens"] == 0 for c in calls)


def test_bulk_workers_log_their_calls_too(tmp_path: Path) -> None:
    text = (ARTICLES / "asylum.txt").read_text(encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"a{i}", "text": text}) + "\n" for i in range(3)), "utf-8"
    )
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data"), "SUMMARIZER_PROVIDER": "extractive"}
    args = ["bulk", str(source), "--out", str(tmp_path / "out.jsonl"), "--workers", "1", "-q"]
    assert invoke(args, env).exit_code == 0
    with Store.in_dir(tmp_path / "data") as store:
        calls = store.recent_calls()
    assert len(calls) == 3 and {c["provider"] for c in calls} == {"extractive"}


def test_eval_logs_the_calls_of_each_model_it_runs(tmp_path: Path) -> None:
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    args = ["eval", "--fault-injection", "--cases", "news-asylum", "--out", str(tmp_path / "r")]
    assert invoke(args, env).exit_code == 0
    with Store.in_dir(tmp_path / "data") as store:
        calls = store.recent_calls(100)
    assert {c["model"] for c in calls} == {"oracle", "oracle-with-faults"}
    assert {c["provider"] for c in calls} == {"openai"}
    assert all(c["total_tokens"] > 0 for c in calls)


def test_answers_from_the_response_cache_are_not_calls(
    fake_llm: FakeLLM, tmp_path: Path, asylum_text: str
) -> None:
    fake_llm.ok(extraction())
    config = settings(data_dir=tmp_path / "data")
    inner = make_provider(config, http_client=fake_llm.client())
    cached = CachingProvider(inner, SqliteResponseStore(tmp_path / "cache.sqlite3"))
    for _ in range(2):
        assert _summarise(config, cached, asylum_text).quotes
    run_sync(cached.aclose())
    assert (cached.hits, cached.misses, len(fake_llm.requests)) == (1, 1, 1)
    with Store.in_dir(tmp_path / "data") as store:
        assert store.call_count() == 1


def test_logs_lists_shows_and_prints_json(fake_llm: FakeLLM, tmp_path: Path) -> None:
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    untitled = tmp_path / "untitled.txt"
    untitled.write_text("The bridge will close for repairs on Monday.\n", "utf-8")
    for path in (ARTICLES / "asylum.txt", untitled):
        assert invoke(["summarize", str(path)], env).exit_code == 0

    listed = invoke(["logs", "-n", "5"], {**env, "COLUMNS": "120"})
    assert listed.exit_code == 0
    rows = [line.split() for line in listed.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert [r[0] for r in rows] == ["2", "1"]
    assert "Over 900 asylum seekers rescued off Indonesian coast" in listed.stdout
    assert opening(untitled.read_text("utf-8")) in listed.stdout
    assert invoke(["logs", "-n", "1"], env).stdout.count("extractive-v") == 1

    shown = invoke(["logs", "show", "1"], env)
    assert shown.exit_code == 0
    assert "No messages: the extractive engine reads the article itself." in shown.stdout
    assert "Final answer" in shown.stdout and "Najib Razak" in shown.stdout
    as_json = json.loads(invoke(["logs", "--json"], env).stdout)
    assert [c["id"] for c in as_json] == [2, 1]
    assert as_json[1]["response"]["quotes"][0]["speaker"] == "Najib Razak"
    one = json.loads(invoke(["logs", "show", "2", "--json"], env).stdout)
    assert one["title"] == opening(untitled.read_text("utf-8"))
    missing = invoke(["logs", "show", "9"], env)
    assert missing.exit_code == 2 and "no call with id 9" in missing.stderr


def test_logs_show_gives_each_request_and_answer(
    fake_llm: FakeLLM, tmp_path: Path, asylum_text: str
) -> None:
    bad = extraction()
    bad["quotes"][0]["text"] = "We will never let a single boat land on our shores"
    fixed = {**extraction()["quotes"][0], "index": 0}
    fake_llm.ok(bad).queue(repair_reply({"quotes": [fixed]}))
    logged_run(fake_llm, tmp_path, asylum_text)

    shown = invoke(["logs", "show", "1"], {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")})
    out = shown.stdout
    assert shown.exit_code == 0
    assert out.index("Request 1") < out.index("Answer 1") < out.index("Request 2")
    assert "Request 2 (the first request's 2 messages, then:)" in out
    assert out.count("[system]") == 1  # the repeated messages are not printed twice
    assert "We will never let a single boat land on our shores" in out
    assert "outcome" in out and "repaired" in out


@pytest.mark.parametrize(
    ("env", "hint"),
    [
        ({}, "every call of `summarizer summarize`"),
        ({"SUMMARIZER_LOG_CALLS": "false"}, "logging is off (log_calls = false"),
    ],
)
def test_an_empty_log_says_why_and_what_to_do(
    tmp_path: Path, env: dict[str, str], hint: str
) -> None:
    result = invoke(["logs"], {"SUMMARIZER_DATA_DIR": str(tmp_path), **env})
    assert result.exit_code == 0 and result.stdout == ""
    assert hint in result.stderr and str(tmp_path / STORE_FILENAME) in result.stderr


def test_runs_lists_titles_prints_json_and_hints_when_empty(tmp_path: Path) -> None:
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "120"}
    empty = invoke(["runs"], env)
    assert empty.exit_code == 0 and empty.stdout == ""
    assert "No daily runs recorded" in empty.stderr and "summarizer daily" in empty.stderr
    assert json.loads(invoke(["runs", "--json"], env).stdout) == []

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_bytes((ARTICLES / "asylum.txt").read_bytes())
    assert invoke(["daily", str(folder), "--out", str(tmp_path / "out"), "-q"], env).exit_code == 0
    [run] = json.loads(invoke(["runs", "--json"], env).stdout)
    assert (run["status"], run["articles"], run["calls"]) == ("done", 1, 1)
    shown = invoke(["runs", "show", str(run["id"])], env)
    assert "Over 900 asylum seekers rescued" in shown.stdout
    detail = json.loads(invoke(["runs", "show", str(run["id"]), "--json"], env).stdout)
    assert detail["calls_log"][0]["title"].startswith("Over 900 asylum seekers")


def test_a_store_from_before_the_call_log_gains_its_columns(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILENAME
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE calls (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER, "
            "time TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, prompt_id TEXT "
            "NOT NULL, text_sha256 TEXT NOT NULL, label TEXT NOT NULL, attempts INTEGER NOT "
            "NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, "
            "total_tokens INTEGER NOT NULL, cost_usd REAL, latency_s REAL NOT NULL, outcome "
            "TEXT NOT NULL, error TEXT);"
            "INSERT INTO calls VALUES (NULL, NULL, '2024-05-01T10:00:00+00:00', 'openai', "
            "'gpt-4o-mini', 'brief.v1', 'ab', 'the article', 1, 10, 5, 15, 0.1, 1.0, 'ok', NULL);"
            "PRAGMA user_version=1;"
        )
    record = CallRecord(
        provider="openai",
        model="gpt-4o-mini",
        prompt_id="brief.v2",
        text_sha256="cd",
        label="the article",
        attempts=1,
        usage=Usage(prompt_tokens=1, completion_tokens=1, total_tokens=2),
        cost_usd=0.0,
        latency_s=0.5,
        outcome="ok",
        title="A title",
        exchanges=({"request": {"messages": []}, "response": None},),
        response={"summary": "s"},
    )
    with Store(path) as store:
        new = store.log_call(None, record)
        old_call, new_call = store.call(1), store.call(new)
    assert old_call is not None and new_call is not None
    assert (old_call["kind"], old_call["title"], old_call["exchanges"]) == ("extract", None, [])
    assert (new_call["title"], new_call["response"]) == ("A title", {"summary": "s"})


def test_stored_json_stays_valid_when_masking_cuts_through_a_value(tmp_path: Path) -> None:
    # 'authorization=abc"' masks to 'authorization=********': masked per string, not per
    # JSON text, so the escaped quote cannot be cut off and the row stays readable.
    tricky = 'header authorization=abc" and "Bearer abcdefgh12345678ijkl"'
    record = CallRecord(
        provider="openai",
        model="m",
        prompt_id="p",
        text_sha256="x",
        label="l",
        attempts=1,
        usage=Usage(),
        cost_usd=None,
        latency_s=0.1,
        outcome="ok",
        exchanges=({"request": {"messages": [{"role": "user", "content": tricky}]}},),
        response={"summary": tricky},
    )
    with Store.in_dir(tmp_path) as store:
        call = store.call(store.log_call(None, record))
    assert call is not None
    content = call["exchanges"][0]["request"]["messages"][0]["content"]
    assert "abc" not in content and "abcdefgh12345678ijkl" not in content
    assert content.startswith("header authorization=********")
    assert call["response"]["summary"] == content


def test_the_logged_provider_is_the_one_answering(tmp_path: Path) -> None:
    config = load_settings(provider="extractive", data_dir=tmp_path)
    provider = make_provider(config)
    assert isinstance(provider, LoggedProvider)
    assert (provider.name, provider.paid, provider.parameters()) == (
        "extractive",
        False,
        provider.inner.parameters(),
    )
