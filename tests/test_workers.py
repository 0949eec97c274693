"""Worker processes for ``summarize_many`` and ``daily``: the same briefs as one process,
results as they finish, a dead worker failing only its own articles, no orphans."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes.batch import cases, cli_env, engine_model, settings, write_sources
from fakes.llm import FakeLLM, openai_provider
from typer.testing import CliRunner

from summarizer.api import Summarizer, summarize_many
from summarizer.cli import app
from summarizer.errors import ConfigError, InputError, UsageError
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply
from summarizer.event_loop import run_sync
from summarizer.schema import Brief
from summarizer.store import Store
from summarizer.workers import WorkerError, WorkerPool


def content(brief: Brief) -> dict[str, object]:
    return brief.model_dump(mode="json", exclude={"provenance"})


def test_workers_give_the_briefs_one_process_gives_in_input_order(tmp_path: Path) -> None:
    chosen = cases()[:8]
    sources = [c.article for c in chosen] + [""] + [chosen[0].article]
    with FakeOpenAIServer(engine_model()) as server:
        alone = summarize_many(sources, config=settings(server.url, tmp_path))
        config = settings(server.url, tmp_path, workers=2)
        seen: list[int] = []

        async def twice() -> tuple[list[object], list[object], set[int]]:
            async with Summarizer(config) as pipeline:
                first = await pipeline.summarize_many(
                    sources, on_result=lambda i, r: seen.append(i)
                )
                assert pipeline._pool is not None
                pids = {w.process.pid for w in pipeline._pool._workers}
                second = await pipeline.summarize_many(sources[:2], concurrency=1)
                assert {w.process.pid for w in pipeline._pool._workers} == pids  # kept
                return list(first), list(second), {p for p in pids if p is not None}

        shared, again, pids = run_sync(twice())
    assert sorted(seen) == list(range(len(sources)))
    assert isinstance(shared[8], InputError) and str(shared[8]) == str(alone[8])
    for ours, theirs in zip(shared[:8] + shared[9:], alone[:8] + alone[9:], strict=True):
        assert isinstance(ours, Brief) and isinstance(theirs, Brief)
        assert content(ours) == content(theirs)
        assert ours.provenance.usage == theirs.provenance.usage
    assert [content(b) for b in again if isinstance(b, Brief)] == [
        content(alone[0]),
        content(alone[1]),
    ]
    time.sleep(0.2)
    assert not any(_running(pid) for pid in pids), "the workers stop with the pipeline"


def test_workers_build_their_own_provider(fake_llm: FakeLLM, tmp_path: Path) -> None:
    provider = openai_provider(fake_llm)
    config = settings("http://127.0.0.1:9/v1", tmp_path, workers=2)
    with pytest.raises(UsageError, match="worker processes build their own provider"):
        summarize_many(["text"], config=config, provider=provider)


def test_a_worker_that_cannot_build_its_pipeline_fails_the_start(tmp_path: Path) -> None:
    config = settings("http://127.0.0.1:9/v1", tmp_path).model_copy(update={"api_key": None})

    async def start() -> None:
        async with WorkerPool(config, 2):
            pass

    with pytest.raises(ConfigError, match="needs an API key"):
        run_sync(start())


def test_a_worker_that_dies_fails_only_its_own_articles(tmp_path: Path) -> None:
    chosen = cases()[:4]
    slow = engine_model()

    def responder(request: dict[str, object]) -> Reply:
        answer = slow(request)
        answer.delay = 1.5
        return answer

    with FakeOpenAIServer(responder) as server:
        config = settings(server.url, tmp_path, retry_attempts=1)

        async def run() -> list[Brief | Exception]:
            async with WorkerPool(config, 2) as pool:
                tasks = [asyncio.create_task(pool.summarize(c.article)) for c in chosen]
                await asyncio.sleep(0.5)
                victim = pool._workers[0]
                assert victim.in_hand and victim.process.pid is not None
                os.kill(victim.process.pid, signal.SIGKILL)
                results = await asyncio.gather(*tasks, return_exceptions=True)
                late = await pool.summarize(chosen[0].article)  # the other worker goes on
                return [*results, late]

        results = run_sync(run())
    died = [r for r in results if isinstance(r, WorkerError)]
    assert len(died) == 2 and "worker process 0 stopped (exit code -9)" in str(died[0])
    assert sum(isinstance(r, Brief) for r in results) == 3


def test_an_article_whose_caller_stops_waiting_is_cancelled_in_its_worker(tmp_path: Path) -> None:
    chosen = cases("news-worship")
    slow = engine_model()

    def responder(request: dict[str, object]) -> Reply:
        answer = slow(request)
        answer.delay = 3.0
        return answer

    with FakeOpenAIServer(responder) as server:
        config = settings(server.url, tmp_path)

        async def run() -> int:
            async with WorkerPool(config, 1) as pool:
                with pytest.raises(TimeoutError):
                    await asyncio.wait_for(pool.summarize(chosen[0].article), 0.5)
                return len(pool._workers[0].in_hand) + len(pool._waiting)

        assert run_sync(run()) == 0


ORPHAN_SCRIPT = """
import asyncio, sys
from summarizer.config import load_settings
from summarizer.workers import WorkerPool

async def main():
    settings = load_settings(provider="extractive")
    async with WorkerPool(settings, 2) as pool:
        print(" ".join(str(w.process.pid) for w in pool._workers), flush=True)
        await asyncio.sleep(60)

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "pool.py"
    script.write_text(ORPHAN_SCRIPT, encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # a killed parent leaves its queues' semaphores behind
        text=True,
        cwd=tmp_path,
    )
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(_running(p) for p in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_running(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(p) for p in pids)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.communicate(timeout=10)


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def test_daily_with_workers_writes_the_pages_of_one_process(tmp_path: Path) -> None:
    chosen = cases()[:5]
    sources = write_sources(chosen, tmp_path / "articles")
    args = ["--date", "2024-05-01", "--quiet"]
    with FakeOpenAIServer(engine_model()) as server:
        env = cli_env(server.url, tmp_path / "one")
        one = CliRunner().invoke(
            app, ["daily", str(sources), "--out", str(tmp_path / "a"), *args], env=env
        )
        env = cli_env(server.url, tmp_path / "two")
        two = CliRunner().invoke(
            app,
            ["daily", str(sources), "--out", str(tmp_path / "b"), "--workers", "2", *args],
            env=env,
        )
    assert one.exit_code == 0 and two.exit_code == 0, two.stderr
    first = json.loads((tmp_path / "a" / "2024-05-01" / "brief.json").read_text())
    second = json.loads((tmp_path / "b" / "2024-05-01" / "brief.json").read_text())
    assert [content_of(b) for b in first["briefs"]] == [content_of(b) for b in second["briefs"]]
    summaries = len(first["stories"])  # one model summary per story, after the briefs
    assert first["totals"]["run_calls"] == second["totals"]["run_calls"] == 5 + summaries
    assert first["totals"]["run_cost_usd"] == pytest.approx(second["totals"]["run_cost_usd"])
    with Store.in_dir(tmp_path / "two") as store:
        calls = store.calls(1)
    # each answer needed one repair: logged once, as a repaired call of two attempts
    extractions = [c for c in calls if c["kind"] == "extract"]
    assert len(extractions) == 5 and len(calls) == 5 + summaries
    assert all(c["outcome"] == "repaired" and c["attempts"] == 2 for c in extractions)


def content_of(brief: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in brief.items() if k != "provenance"}
