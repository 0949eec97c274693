"""Batch mode from eval, the Python API and ``summarizer batches list|show|cancel|collect``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fakes.batch import (
    CASES_DIR,
    batch_api,
    cases,
    cli_env,
    engine_model,
    honest_model,
    settings,
    write_sources,
)
from rich.console import Console
from typer.testing import CliRunner

from summarizer.api import Summarizer, summarize_many
from summarizer.batch.errors import EXIT_PENDING, BatchPending
from summarizer.cli import app
from summarizer.errors import InputError, UsageError
from summarizer.evals.command import EvalOptions, evaluate
from summarizer.evals.fakebatch import Plan
from summarizer.evals.fakeserver import FakeOpenAIServer
from summarizer.event_loop import run_sync
from summarizer.schema import Brief
from summarizer.store import Store

EVAL_CASES = ("news-asylum", "news-worship")


def quiet() -> Console:
    return Console(file=io.StringIO())


# ------------------------------------------------------------------------ eval


def eval_options(
    tmp_path: Path,
    *,
    batch: bool = False,
    repeat: int = 1,
    fault_injection: bool = False,
    record: Path | None = None,
) -> EvalOptions:
    return EvalOptions(
        cases_dir=CASES_DIR,
        patterns=EVAL_CASES,
        out=tmp_path / "report",
        cache=False,
        batch=batch,
        repeat=repeat,
        fault_injection=fault_injection,
        record=record,
    )


def test_eval_batch_scores_what_the_synchronous_eval_scores(tmp_path: Path) -> None:
    chosen = cases(*EVAL_CASES)
    with FakeOpenAIServer(honest_model(chosen)) as server:
        sync = evaluate(
            settings(server.url, tmp_path / "sync"),
            eval_options(tmp_path / "s", repeat=2),
            console=quiet(),
            err=quiet(),
        )
    with batch_api(honest_model(chosen), [Plan(polls=1)]) as fake:
        config = settings(fake.url, tmp_path / "batch")
        options = eval_options(tmp_path / "b", batch=True, repeat=2)
        with pytest.raises(BatchPending, match="submitted 4 requests for 4 articles"):
            evaluate(config, options, console=quiet(), err=quiet())
        with pytest.raises(BatchPending, match="wait for batch"):
            evaluate(config, options, console=quiet(), err=quiet())
        batched = evaluate(config, options, console=quiet(), err=quiet())
        assert fake.api.created == 1  # the repeats are separate requests of one batch
        assert len(fake.input_lines()) == 4
    ours, theirs = batched.result.summaries[0], sync.result.summaries[0]
    assert {c: s.headline for c, s in ours.cases.items()} == {
        c: s.headline for c, s in theirs.cases.items()
    }
    for case in EVAL_CASES:
        for mine, other in zip(
            batched.result.runs[0].runs[case], sync.result.runs[0].runs[case], strict=True
        ):
            assert mine.tokens == other.tokens and mine.attempts == other.attempts
            assert mine.cost_usd == pytest.approx((other.cost_usd or 0) / 2, abs=1e-8)
    assert (tmp_path / "b" / "report" / "report.json").is_file()


@pytest.mark.parametrize("flag", [{"fault_injection": True}, {"record": Path("x")}])
def test_eval_batch_refuses_options_it_cannot_honour(
    tmp_path: Path, flag: dict[str, object]
) -> None:
    with pytest.raises(UsageError, match="--batch sends the requests through the OpenAI Batch"):
        evaluate(
            settings("http://127.0.0.1:9/v1", tmp_path),
            eval_options(tmp_path, batch=True, **flag),
            console=quiet(),
            err=quiet(),
        )


def test_eval_batch_from_the_command_line_exits_10_until_scored(tmp_path: Path) -> None:
    chosen = cases(*EVAL_CASES)
    args = ["eval", "--batch", "--cases-dir", str(CASES_DIR), "--out", str(tmp_path / "r")]
    args += [x for case in EVAL_CASES for x in ("--cases", case)]
    with batch_api(honest_model(chosen), [Plan(polls=0)]) as fake:
        env = cli_env(fake.url, tmp_path / "data")
        first = CliRunner().invoke(app, args, env=env)
        second = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == EXIT_PENDING and "run again later" in first.stderr
    assert second.exit_code == 0 and "reports:" in second.stderr


# ------------------------------------------------------------------ Python API


def test_summarize_many_in_batch_waits_for_the_answers_and_keeps_input_order(
    tmp_path: Path,
) -> None:
    chosen = cases("news-asylum", "news-clock")
    sources = [chosen[1].article, "", chosen[0].article, chosen[1].article]
    with FakeOpenAIServer(engine_model()) as server:
        sync = summarize_many(sources, config=settings(server.url, tmp_path / "sync"))
    seen: list[int] = []
    with batch_api(engine_model(), [Plan(polls=2), Plan(polls=1)]) as fake:
        config = settings(fake.url, tmp_path / "batch", batch=True)

        async def many() -> list[Brief | Exception]:
            async with Summarizer(config) as pipeline:
                return list(
                    await pipeline.summarize_many(sources, on_result=lambda i, r: seen.append(i))
                )

        results = run_sync(many())
        assert fake.api.created == 2 and len(fake.input_lines()) == 4  # two articles, twice
        again = summarize_many(sources, config=config)  # the same call: nothing new is sent
        assert fake.api.created == 2
    assert isinstance(results[1], InputError) and isinstance(sync[1], InputError)
    assert sorted(seen) == [0, 1, 2, 3]
    for ours, theirs, later in zip(results, sync, again, strict=True):
        if isinstance(theirs, Brief):
            assert isinstance(ours, Brief) and isinstance(later, Brief)
            assert ours.quotes == theirs.quotes and ours.claims == theirs.claims
            assert ours.provenance.cost_usd == pytest.approx(
                (theirs.provenance.cost_usd or 0) / 2, abs=1e-8
            )
            assert later == ours


def test_summarize_many_in_batch_raises_the_first_failure_when_asked(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        summarize_many(
            [""],
            config=settings("http://127.0.0.1:9/v1", tmp_path, batch=True),
            return_exceptions=False,
        )


# -------------------------------------------------------------- batches command


def test_batches_list_show_cancel_and_collect(tmp_path: Path) -> None:
    chosen = cases("news-asylum", "news-worship")
    sources = write_sources(chosen, tmp_path / "articles")
    daily = ["daily", str(sources), "--out", str(tmp_path / "out"), "--date", "2024-05-01"]
    with batch_api(honest_model(chosen), [Plan(polls=3, answered=1), Plan(polls=0)]) as fake:
        env = cli_env(fake.url, tmp_path / "data")
        invoke = CliRunner().invoke
        assert invoke(app, [*daily, "--batch", "-q"], env=env).exit_code == EXIT_PENDING
        listed = invoke(app, ["batches", "list"], env=env)
        assert listed.exit_code == 0 and "batch-000002" in listed.stdout
        assert "validating" in listed.stdout and "daily 2024-05-01" in listed.stdout
        collected = invoke(app, ["batches", "collect"], env=env)
        assert collected.exit_code == EXIT_PENDING and "wait for batch" in collected.stderr
        cancelled = invoke(app, ["batches", "cancel", "batch-000002"], env=env)
        assert cancelled.exit_code == 0 and "cancelling" in cancelled.stderr
        twice = invoke(app, ["batches", "cancel", "#1"], env=env)
        assert twice.exit_code == 0  # still under way (cancelling) until the API says so
        done = invoke(app, ["batches", "collect"], env=env)
        assert done.exit_code == 0 and "every article is finished" in done.stderr
        again = invoke(app, ["batches", "cancel", "1"], env=env)
        assert again.exit_code == 2 and "only a batch under way can be cancelled" in again.stderr
        shown = invoke(app, ["batches", "show", "batch-000002"], env=env)
        assert shown.exit_code == 0
        for word in ("cancelled", "answered", "failed", "file-000001"):
            assert word in shown.stdout
        missing = invoke(app, ["batches", "show", "nope"], env=env)
        assert missing.exit_code == 2 and "no batch 'nope'" in missing.stderr
        page = invoke(app, [*daily, "--batch", "-q"], env=env)  # collect stored the briefs
        assert (
            page.exit_code == 1
            and "cancelled" in (tmp_path / "out" / "2024-05-01" / "brief.md").read_text()
        )
        assert fake.api.created == 1 and fake.api.cancels == 2
    nothing = CliRunner().invoke(app, ["batches", "collect"], env=env)
    assert nothing.exit_code == 0 and "no open batch jobs" in nothing.stderr
    with Store.in_dir(tmp_path / "data") as store:
        runs = store.recent_runs()
    assert runs[0]["reused"] == 1 and runs[0]["failed"] == 1


def test_collect_leaves_a_job_another_process_holds_and_says_so(tmp_path: Path) -> None:
    from filelock import FileLock

    chosen = cases("news-worship")
    sources = write_sources(chosen, tmp_path / "articles")
    daily = ["daily", str(sources), "--out", str(tmp_path / "out"), "--batch", "-q"]
    with batch_api(honest_model(chosen), [Plan(polls=0)]) as fake:
        env = cli_env(fake.url, tmp_path / "data")
        assert CliRunner().invoke(app, daily, env=env).exit_code == EXIT_PENDING
        with FileLock(tmp_path / "data" / "batches" / "job1.lock"):
            held = CliRunner().invoke(app, ["batches", "collect"], env=env)
        assert held.exit_code == 75 and "another process is submitting" in held.stderr
        done = CliRunner().invoke(app, ["batches", "collect"], env=env)
        assert done.exit_code == 0 and fake.api.created == 1


def test_collect_leaves_a_job_of_another_endpoint_as_it_is(tmp_path: Path) -> None:
    chosen = cases("news-worship")
    sources = write_sources(chosen, tmp_path / "articles")
    daily = ["daily", str(sources), "--out", str(tmp_path / "out"), "--batch", "-q"]
    with batch_api(honest_model(chosen), [Plan(polls=0)]) as fake:
        env = cli_env(fake.url, tmp_path / "data")
        assert CliRunner().invoke(app, daily, env=env).exit_code == EXIT_PENDING
        elsewhere = {**env, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
        other = CliRunner().invoke(app, ["batches", "collect"], env=elsewhere)
        assert other.exit_code == 2
        assert (
            "not collected: daily" in other.stderr and f"started against {fake.url}" in other.stderr
        )
        assert CliRunner().invoke(app, ["batches", "collect"], env=env).exit_code == 0
