"""The response cache and record/replay, down to a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import REPO
from fakes.llm import settings
from typer.testing import CliRunner

from summarizer.align import ArticleIndex
from summarizer.cli import app
from summarizer.errors import ReplayMissError
from summarizer.evals.cases import discover_cases, extraction_of, gold_brief
from summarizer.evals.fakeserver import FakeOpenAIServer
from summarizer.evals.oracle import gold_responder
from summarizer.event_loop import run_sync
from summarizer.providers import ExtractionRequest, ExtractionResult, Provider
from summarizer.providers.cache import (
    CachingProvider,
    DirectoryResponseStore,
    SqliteResponseStore,
    request_key,
)
from summarizer.schema import Extraction, Usage

CASES = REPO / "evals" / "cases"
KEY = "sk-test-cache-0123456789"


class CountingProvider(Provider):
    """Answers every request with the same extraction and counts the calls."""

    name = "counting"

    def __init__(self, model: str = "m1") -> None:
        self.model = model
        self.calls = 0

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        self.calls += 1
        extraction = Extraction(summary=f"call {self.calls}")
        return ExtractionResult(
            extraction,
            self.model,
            Usage(prompt_tokens=10, completion_tokens=5, total_tokens=15),
            attempts=1,
        )


def request(text: str = "An article.") -> ExtractionRequest:
    messages = [{"role": "system", "content": "rules"}, {"role": "user", "content": text}]
    return ExtractionRequest(text, messages, ArticleIndex(text), "the article")


def test_a_repeated_request_is_answered_from_the_store(tmp_path: Path) -> None:
    inner = CountingProvider()
    store = SqliteResponseStore(tmp_path / "cache.sqlite3")
    cached = CachingProvider(inner, store)
    first = run_sync(cached.extract(request()))
    again = run_sync(
        CachingProvider(inner, SqliteResponseStore(tmp_path / "cache.sqlite3")).extract(request())
    )
    assert inner.calls == 1
    assert again.extraction == first.extraction and again.usage.total_tokens == 15
    assert cached.name == "counting" and cached.model == "m1"


def test_the_key_covers_messages_parameters_and_salt() -> None:
    base = request_key(CountingProvider("m1"), request())
    assert base == request_key(CountingProvider("m1"), request())
    assert base != request_key(CountingProvider("m2"), request())
    assert base != request_key(CountingProvider("m1"), request("Another article."))
    assert base != request_key(CountingProvider("m1"), request(), salt="repeat 1")


def test_replay_never_calls_the_provider(tmp_path: Path) -> None:
    inner = CountingProvider()
    recorder = CachingProvider(inner, DirectoryResponseStore(tmp_path), label="case one")
    run_sync(recorder.extract(request()))
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1
    stored = json.loads(files[0].read_text(encoding="utf-8"))
    assert stored["label"] == "case one" and stored["parameters"]["model"] == "m1"
    replayer = CachingProvider(
        inner, DirectoryResponseStore(tmp_path), replay=True, label="case two"
    )
    assert run_sync(replayer.extract(request())).extraction.summary == "call 1"
    with pytest.raises(ReplayMissError, match="case two: no recorded response for the article"):
        run_sync(replayer.extract(request("A new article.")))
    assert inner.calls == 1


@pytest.fixture
def gold_server() -> Iterator[FakeOpenAIServer]:
    cases = discover_cases(CASES)
    responder = gold_responder(cases, lambda case, _: extraction_of(gold_brief(case)))
    with FakeOpenAIServer(responder, lifetime=120) as server:
        yield server


def run_eval(args: list[str], base_url: str) -> Any:
    env = {
        "OPENAI_API_KEY": KEY,
        "OPENAI_BASE_URL": base_url,
        "SUMMARIZER_RETRY_MAX_WAIT": "0.01",
        "SUMMARIZER_RETRY_ATTEMPTS": "1",
    }
    return CliRunner().invoke(app, ["eval", *args], env=env, catch_exceptions=False)


def report(out: Path) -> dict[str, Any]:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_rerunning_an_unchanged_eval_calls_no_provider(
    gold_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    args = ["--cases", "news-asylum", "--cases", "interview-daly"]
    first = run_eval([*args, "--out", str(tmp_path / "one")], gold_server.url)
    assert first.exit_code == 0, first.output
    assert len(gold_server.requests) == 2
    second = run_eval([*args, "--out", str(tmp_path / "two")], gold_server.url)
    assert second.exit_code == 0, second.output
    assert len(gold_server.requests) == 2
    one, two = report(tmp_path / "one")["variants"][0], report(tmp_path / "two")["variants"][0]
    assert (one["cache_hits"], two["cache_hits"]) == (0, 2)
    assert two["score"] == one["score"] == 1.0
    uncached = run_eval([*args, "--no-cache", "--out", str(tmp_path / "three")], gold_server.url)
    assert uncached.exit_code == 0
    assert len(gold_server.requests) == 4


def test_record_then_replay_with_the_server_gone(tmp_path: Path) -> None:
    cases = discover_cases(CASES, ["news-asylum"])
    responder = gold_responder(cases, lambda case, _: extraction_of(gold_brief(case)))
    recorded = tmp_path / "recorded"
    with FakeOpenAIServer(responder, lifetime=120) as server:
        url = server.url
        result = run_eval(
            ["--cases", "news-asylum", "--record", str(recorded), "--out", str(tmp_path / "rec")],
            url,
        )
        assert result.exit_code == 0, result.output
        assert len(server.requests) == 1
    files = list(recorded.glob("*.json"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    assert '"label": "case news-asylum"' in text and KEY not in text
    # The server is stopped: any provider call would now fail with exit 3.
    replayed = run_eval(
        ["--cases", "news-asylum", "--replay", str(recorded), "--out", str(tmp_path / "rep")], url
    )
    assert replayed.exit_code == 0, replayed.output
    assert report(tmp_path / "rep")["variants"][0]["score"] == 1.0
    missing = run_eval(
        [
            "--cases",
            "news-asylum",
            "--cases",
            "interview-daly",
            "--replay",
            str(recorded),
            "--out",
            str(tmp_path / "miss"),
        ],
        url,
    )
    assert missing.exit_code == 2
    assert "case interview-daly: no recorded response" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert not (tmp_path / "miss").exists()


def test_replay_from_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_eval(
        ["--cases", "news-asylum", "--replay", str(tmp_path / "none")], settings().base_url
    )
    assert result.exit_code == 2
    assert "no such directory of recorded responses" in result.stderr
