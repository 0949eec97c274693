"""``summarizer daily --batch`` as cron runs it: a first run submits and exits 10, later runs
collect and write the same pages as a synchronous run; a SIGKILL at any step of a
submission never submits twice."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fakes.batch import Fake, batch_api, cases, cli_env, engine_model, honest_model, write_sources
from typer.testing import CliRunner, Result

from summarizer.batch.errors import EXIT_PENDING
from summarizer.cli import app
from summarizer.evals.fakebatch import Plan
from summarizer.evals.fakeserver import FakeOpenAIServer
from summarizer.store import Store

DAY = "2024-05-01"
CLI = [sys.executable, "-c", "from summarizer.cli import main; main()"]
CHOSEN = ("news-asylum", "news-clock", "news-worship")


def daily(sources: Path, out: Path, env: dict[str, str], *extra: str) -> Result:
    args = ["daily", str(sources), "--out", str(out), "--date", DAY, "--quiet", *extra]
    return CliRunner().invoke(app, args, env=env, catch_exceptions=False)


def cron(sources: Path, out: Path, env: dict[str, str], limit: int = 8) -> list[Result]:
    """``daily --batch`` run again and again, as cron does, until it writes the pages."""
    runs = []
    for _ in range(limit):
        runs.append(daily(sources, out, env, "--batch"))
        if runs[-1].exit_code != EXIT_PENDING:
            return runs
    raise AssertionError("the batch run never finished")


def day_json(out: Path) -> dict[str, Any]:
    return json.loads((out / DAY / "brief.json").read_text(encoding="utf-8"))


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """A day's brief without what differs between any two runs (times, run ids, prices)."""
    data = json.loads(json.dumps(data))
    for key in ("generated_at", "run_id"):
        data.pop(key)
    for key in ("elapsed_s", "run_calls", "run_cost_usd", "cost_usd", "summarised", "reused"):
        data["totals"].pop(key)
    for brief in data["briefs"]:
        for key in ("latency_s", "created_at", "cost_usd"):
            brief["provenance"].pop(key)
    return data


def page(out: Path, name: str) -> str:
    text = (out / DAY / name).read_text(encoding="utf-8")
    text = re.sub(r"\$\d+\.\d{4}", "$X", text)
    text = re.sub(r"run \d+", "run N", text)
    return re.sub(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", "generated T", text)


def test_the_first_run_submits_and_a_later_one_writes_the_pages(tmp_path: Path) -> None:
    chosen = cases(*CHOSEN)
    sources = write_sources(chosen, tmp_path / "articles")
    with batch_api(honest_model(chosen), [Plan(polls=0)]) as fake:
        env = cli_env(fake.url, tmp_path / "data")
        first = daily(sources, tmp_path / "out", env, "--batch")
        assert first.exit_code == EXIT_PENDING
        assert "submitted 3 requests for 3 articles in batch batch-" in first.stderr
        assert "run again later to collect them" in first.stderr
        assert "error" not in first.stderr.lower()
        assert not (tmp_path / "out" / DAY / "brief.json").exists()
        second = daily(sources, tmp_path / "out", env, "--batch")
        assert second.exit_code == 0, second.stderr
        assert fake.api.created == 1 and not fake.extraction_bodies()
        assert len(fake.chat_bodies()) == 3  # one summary of each story, synchronously
    assert len(day_json(tmp_path / "out")["stories"]) == 3
    with Store.in_dir(tmp_path / "data") as store:
        runs = store.recent_runs()
    assert [r["status"] for r in runs] == ["done", "waiting"]
    # three extractions collected from the batch and three story summaries
    assert runs[1]["exit_code"] == EXIT_PENDING and runs[0]["calls"] == 6
    with FakeOpenAIServer(honest_model(chosen)) as server:
        sync = daily(sources, tmp_path / "sync", cli_env(server.url, tmp_path / "sync-data"))
        assert sync.exit_code == 0
    assert comparable(day_json(tmp_path / "out")) == comparable(day_json(tmp_path / "sync"))
    for name in ("brief.md", "brief.html"):
        assert page(tmp_path / "out", name) == page(tmp_path / "sync", name)


def test_batch_pages_equal_the_synchronous_pages_on_the_same_answers(tmp_path: Path) -> None:
    chosen = cases(*CHOSEN)
    sources = write_sources(chosen, tmp_path / "articles")
    with FakeOpenAIServer(engine_model()) as server:
        sync = daily(sources, tmp_path / "sync", cli_env(server.url, tmp_path / "sync-data"))
        assert sync.exit_code == 0, sync.stderr
    with batch_api(engine_model(), [Plan(polls=1), Plan(polls=1)]) as fake:
        runs = cron(sources, tmp_path / "batch", cli_env(fake.url, tmp_path / "batch-data"))
        assert [r.exit_code for r in runs] == [EXIT_PENDING] * 4 + [0]
        assert fake.api.created == 2  # the first requests, then their repairs
        assert not fake.extraction_bodies()
    messages = [r.stderr.strip().splitlines()[-1] for r in runs[:4]]
    assert "submitted" in messages[0] and "wait for batch" in messages[1]
    assert "submitted" in messages[2] and "wait for batch" in messages[3]
    synchronous, batched = day_json(tmp_path / "sync"), day_json(tmp_path / "batch")
    assert comparable(batched) == comparable(synchronous)
    for name in ("brief.md", "brief.html"):
        assert page(tmp_path / "batch", name) == page(tmp_path / "sync", name)
    # The same tokens at half the price, in every brief's provenance and in the totals.
    for ours, theirs in zip(batched["briefs"], synchronous["briefs"], strict=True):
        assert ours["provenance"]["usage"] == theirs["provenance"]["usage"]
        assert ours["provenance"]["cost_usd"] == pytest.approx(
            theirs["provenance"]["cost_usd"] / 2, abs=2e-8
        )
    assert batched["totals"]["cost_usd"] == pytest.approx(
        synchronous["totals"]["cost_usd"] / 2, abs=1e-7
    )


def test_the_run_log_has_each_batch_answer_at_the_batch_price(tmp_path: Path) -> None:
    chosen = cases("news-worship")
    sources = write_sources(chosen, tmp_path / "articles")
    with batch_api(engine_model(), [Plan(polls=0), Plan(polls=0)]) as fake:
        env = cli_env(fake.url, tmp_path / "data")
        runs = cron(sources, tmp_path / "out", env)
        assert runs[-1].exit_code == 0
        shown = CliRunner().invoke(app, ["runs", "show", str(len(runs))], env=env)
    assert shown.exit_code == 0
    with Store.in_dir(tmp_path / "data") as store:
        calls = store.calls(len(runs))
        run = store.run(len(runs))
    # the extraction and its repair from the Batch API, then the story's summary
    assert [c["label"].split(" ")[0] for c in calls] == ["batch", "batch", "story"]
    assert all(c["label"].split(" ")[1] in shown.stdout for c in calls[:2])  # batch-00000N
    brief = day_json(tmp_path / "out")["briefs"][0]
    summary = calls[2]["cost_usd"]  # at the synchronous price
    assert run is not None
    assert run["cost_usd"] == pytest.approx(brief["provenance"]["cost_usd"] + summary)
    assert day_json(tmp_path / "out")["totals"]["run_calls"] == 3  # and the story's summary


def test_daily_batch_needs_the_openai_provider(tmp_path: Path) -> None:
    sources = write_sources(cases("news-worship"), tmp_path / "articles")
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data"), "SUMMARIZER_PROVIDER": "extractive"}
    result = daily(sources, tmp_path / "out", env, "--batch")
    assert result.exit_code == 2
    assert "batch mode sends requests through the OpenAI Batch API" in result.stderr


# ------------------------------------------------------------------ SIGKILL


def run_cli(sources: Path, out: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    args = ["daily", str(sources), "--out", str(out), "--date", DAY, "--quiet", "--batch"]
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("point", ["intent", "uploaded", "submitted", "downloaded"])
def test_a_sigkill_at_any_step_submits_nothing_twice(point: str, tmp_path: Path) -> None:
    chosen = cases(*CHOSEN)
    sources = write_sources(chosen, tmp_path / "articles")
    out = tmp_path / "out"
    with batch_api(engine_model(), [Plan(polls=0), Plan(polls=0)]) as fake:
        env = cli_env(fake.url, tmp_path / "data")
        killed, codes = 0, []
        while not codes or codes[-1] == EXIT_PENDING:
            assert len(codes) < 8, "the batch run never finished"
            stop = {} if killed else {"SUMMARIZER_BATCH_KILL_AT": point}
            result = run_cli(sources, out, {**env, **stop})
            if result.returncode == -signal.SIGKILL:
                killed += 1
                continue
            codes.append(result.returncode)
        assert killed == 1 and codes[-1] == 0
        assert_submitted_once(fake)
    assert len(day_json(out)["stories"]) == 3


def assert_submitted_once(fake: Fake) -> None:
    """Two batches (first requests, repairs), two files, and every request in one of them."""
    assert fake.api.created == 2 and fake.api.uploads == 2
    ids = [line["custom_id"] for line in fake.input_lines()]
    assert len(ids) == len(set(ids)) == 6


def test_an_article_holding_a_secret_looking_string_is_summarised_as_given(tmp_path: Path) -> None:
    """The store masks what looks like a credential, article text included; the run uses the
    article as read, and a collect without it leaves it alone rather than ask about a
    masked copy."""
    (case,) = cases("news-worship")
    sources = tmp_path / "articles"
    sources.mkdir()
    text = case.text + "\nThe leaked header read Authorization: Bearer abcdefghij0123456789.\n"
    (sources / "leak.txt").write_text(text, encoding="utf-8")
    with FakeOpenAIServer(engine_model()) as server:
        assert daily(sources, tmp_path / "sync", cli_env(server.url, tmp_path / "s")).exit_code == 0
    with batch_api(engine_model(), [Plan(polls=0), Plan(polls=0)]) as fake:
        env = cli_env(fake.url, tmp_path / "data")
        assert daily(sources, tmp_path / "batch", env, "--batch").exit_code == EXIT_PENDING
        collected = CliRunner().invoke(app, ["batches", "collect"], env=env)
        assert collected.exit_code == EXIT_PENDING and fake.api.created == 1
        runs = cron(sources, tmp_path / "batch", env)
        assert runs[-1].exit_code == 0 and fake.api.created == 2
    ours, theirs = day_json(tmp_path / "batch"), day_json(tmp_path / "sync")
    assert comparable(ours) == comparable(theirs)
    assert ours["briefs"][0]["article"]["id"] == theirs["briefs"][0]["article"]["id"]
