"""Real processes: a run killed with SIGKILL mid-run, and two runs started at once."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

from fakes import ARTICLES as FIXTURE_ARTICLES
from fakes.news import article_of, asks_for_story_summary, llm_env, model_server, write_articles
from fakes.processes import CLI, started, wait_for
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.daily.errors import EXIT_LOCKED
from summarizer.store import STORE_FILENAME, Store

DAY = "2024-05-01"


def corpus(folder: Path) -> Path:
    write_articles(folder)
    (folder / "asylum.txt").write_bytes((FIXTURE_ARTICLES / "asylum.txt").read_bytes())
    return folder


def daily_args(folder: Path, out: Path) -> list[str]:
    return ["daily", str(folder), "--out", str(out), "--date", DAY, "--concurrency", "1"]


def stored_ids(data_dir: Path) -> set[str]:
    path = data_dir / STORE_FILENAME
    if not path.exists():
        return set()
    with sqlite3.connect(path, timeout=10) as db:
        try:
            return {row[0] for row in db.execute("SELECT article_id FROM briefs")}
        except sqlite3.OperationalError:  # tables not created yet
            return set()


def test_a_run_killed_mid_run_resumes_without_paying_twice(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "articles")
    out, data_dir = tmp_path / "briefs", tmp_path / "data"
    with model_server(delay=0.4) as server:
        env = llm_env(server, data_dir)
        with started(daily_args(folder, out), env) as proc:
            wait_for(lambda: len(stored_ids(data_dir)) >= 2, "two finished briefs")
            os.killpg(proc.pid, signal.SIGKILL)
            assert proc.wait(timeout=30) == -signal.SIGKILL
        finished = stored_ids(data_dir)
        assert 2 <= len(finished) < 5
        server.delay = 0.0
        asked_before = len(server.requests)
        rerun = subprocess.run(
            [*CLI, *daily_args(folder, out)],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        asked_again = server.requests[asked_before:]

    assert rerun.returncode == 0, rerun.stderr
    briefs = [r for r in asked_again if not asks_for_story_summary(r)]
    resent = {hashlib.sha256(article_of(r).encode()).hexdigest() for r in briefs}
    assert not resent & finished, "a finished article was sent to the provider again"
    assert len(briefs) == 5 - len(finished)
    assert len(asked_again) - len(briefs) == 5  # then one summary per story
    day_dir = out / DAY
    brief = json.loads((day_dir / "brief.json").read_text(encoding="utf-8"))
    assert len(brief["stories"]) == 5 and brief["failures"] == []
    assert (brief["totals"]["reused"], brief["totals"]["summarised"]) == (
        len(finished),
        5 - len(finished),
    )
    assert not list(day_dir.glob(".*.tmp"))
    with Store.in_dir(data_dir) as store:
        latest, killed = store.recent_runs(2)
    assert (killed["status"], latest["status"]) == ("interrupted", "done")
    assert latest["calls"] == 5 - len(finished) + 5


def test_a_second_run_while_one_is_going_is_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, ["flood", "budget", "match"])
    out, data_dir = tmp_path / "briefs", tmp_path / "data"
    with model_server(delay=1.0) as server:
        env = llm_env(server, data_dir)
        with started(daily_args(folder, out), env) as first:
            wait_for(lambda: len(server.requests) >= 1, "the first run to call the provider")
            second = CliRunner().invoke(app, daily_args(folder, out), env=env)
            asked_while_refused = len(server.requests)
            assert first.wait(timeout=60) == 0, first.stderr.read() if first.stderr else ""

    assert second.exit_code == EXIT_LOCKED == 75
    assert "another `summarizer daily` run is writing" in second.stderr
    assert asked_while_refused <= 2  # only the first run's calls
    assert len([r for r in server.requests if not asks_for_story_summary(r)]) == 3
    assert len(server.requests) == 6  # and three story summaries
    brief = json.loads((out / DAY / "brief.json").read_text(encoding="utf-8"))
    assert len(brief["stories"]) == 3
    with Store.in_dir(data_dir) as store:
        assert len(store.recent_runs()) == 1
