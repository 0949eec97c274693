"""A batch job over its life: batches in progress, completed with failed lines, expired,
cancelled and failed; repairs in a follow-up batch or, past the deadline, sent directly;
the API's limits; a stop at every step of a submission; two processes at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes.batch import Fake, batch_api, cases, engine_model, honest_model, settings
from filelock import FileLock

import summarizer.batch.checkpoints as checkpoints
from summarizer.api import summarize_many
from summarizer.batch.errors import BatchLockedError
from summarizer.batch.job import BatchJobs, Item, Progress
from summarizer.batch.records import BatchLog
from summarizer.batch.transport import BatchRequestFailed
from summarizer.config import Settings
from summarizer.errors import ProviderError, SummarizerError
from summarizer.evals.cases import Case
from summarizer.evals.fakebatch import Plan
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply
from summarizer.event_loop import run_sync
from summarizer.schema import Brief
from summarizer.store import Store

THREE = ("news-asylum", "news-clock", "news-worship")


def items(chosen: list[Case]) -> list[Item]:
    return [Item(case.article.id, case.article) for case in chosen]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.in_dir(tmp_path / "data") as opened:
        yield opened


def advance(store: Store, config: Settings, chosen: list[Case]) -> Progress:
    return BatchJobs(store, config).advance("api", "job", "the job", items(chosen))


def until_done(
    store: Store, config: Settings, chosen: list[Case], ticks: int = 12
) -> tuple[Progress, int]:
    """Advance until every article is finished; the progress and how many advances it took."""
    for tick in range(1, ticks + 1):
        progress = advance(store, config, chosen)
        if progress.done:
            return progress, tick
    raise AssertionError("the job did not finish")


def config_for(fake: Fake, store: Store, **overrides: Any) -> Settings:
    return settings(fake.url, store.path.parent, **overrides)


# ------------------------------------------------------------------- outcomes


def test_in_progress_batches_are_waited_for_and_repairs_go_in_a_follow_up_batch(
    store: Store,
) -> None:
    chosen = cases(*THREE)
    with batch_api(engine_model(), [Plan(polls=3), Plan(polls=1)]) as fake:
        config = config_for(fake, store)
        first = advance(store, config, chosen)
        assert [b.requests for b in first.submitted] == [3] and first.pending == 3
        assert "submitted 3 requests for 3 articles" in first.message()
        waits = [advance(store, config, chosen) for _ in range(3)]
        assert all(not w.submitted and w.running[0].status == "in_progress" for w in waits)
        assert "3 articles wait for batch" in waits[0].message()
        repairs = advance(store, config, chosen)  # the first batch ends: repairs go out
        assert [b.requests for b in repairs.submitted] == [3] and repairs.pending == 3
        progress, ticks = until_done(store, config, chosen)
        assert ticks == 2 and fake.api.created == 2
        assert not fake.chat_bodies()
    for case in chosen:
        brief = progress.outcomes[case.article.id]
        assert isinstance(brief, Brief) and brief.provenance.attempts == 2
        assert not any(q.text.startswith("These words") for q in brief.quotes)
    log = BatchLog(store)
    assert log.article_counts(progress.job) == {"done": 3}
    assert progress.job.status == "done"


def test_failed_lines_are_sent_again_or_fail_the_article_as_the_synchronous_path_would(
    store: Store, tmp_path: Path
) -> None:
    chosen = cases(*THREE)
    refused = {"error": {"message": "the request is malformed"}}

    def lines(i: int, body: dict[str, Any]) -> Reply | None:
        text = json.dumps(body)
        if chosen[0].text[:40] in text:
            return Reply(500, {"error": {"message": "overloaded"}})
        if chosen[1].text[:40] in text:
            return Reply(400, refused)
        return None

    with batch_api(honest_model(chosen), [Plan(polls=0, fail=lines)]) as fake:
        config = config_for(fake, store)
        advance(store, config, chosen)
        second = advance(store, config, chosen)  # collected: one to send again, one refused
        assert [b.requests for b in second.submitted] == [1]
        progress, _ = until_done(store, config, chosen)
        assert fake.api.created == 2
        batch_url = fake.url
    assert isinstance(progress.outcomes[chosen[0].article.id], Brief)
    assert isinstance(progress.outcomes[chosen[2].article.id], Brief)
    error = progress.outcomes[chosen[1].article.id]

    def refuse(request: dict[str, Any]) -> Reply:
        if chosen[1].text[:40] in json.dumps(request):
            return Reply(400, refused)
        return honest_model(chosen)(request)

    with FakeOpenAIServer(refuse) as server:
        (sync,) = summarize_many([chosen[1].article], config=settings(server.url, tmp_path))
        sync_url = server.url
    assert type(error) is ProviderError and type(sync) is ProviderError
    assert str(error).replace(batch_url, "URL") == str(sync).replace(sync_url, "URL")
    assert "refused the request (HTTP 400)" in str(error) and "is malformed" in str(error)


def test_an_expired_batch_gives_what_it_answered_and_the_rest_is_sent_again(store: Store) -> None:
    chosen = cases(*THREE)
    with batch_api(honest_model(chosen), [Plan(polls=0, end="expired", answered=1)]) as fake:
        config = config_for(fake, store)
        advance(store, config, chosen)
        again = advance(store, config, chosen)
        assert [b.requests for b in again.submitted] == [2] and again.pending == 2
        progress, _ = until_done(store, config, chosen)
        assert fake.api.created == 2
    assert all(isinstance(progress.outcomes[c.article.id], Brief) for c in chosen)
    first = BatchLog(store).batches(progress.job)[-1]
    assert (first.status, first.completed, first.failed) == ("expired", 1, 2)


def test_a_cancelled_batch_gives_what_it_answered_and_the_rest_fails(store: Store) -> None:
    chosen = cases(*THREE)
    with batch_api(honest_model(chosen), [Plan(polls=5, answered=1)]) as fake:
        config = config_for(fake, store)
        (batch,) = advance(store, config, chosen).submitted
        assert batch.batch_id is not None
        cancelled = run_sync(BatchJobs(store, config).cancel(batch.batch_id))
        assert cancelled.status == "cancelling"
        progress, ticks = until_done(store, config, chosen)
        assert ticks == 1 and fake.api.created == 1
    results = [progress.outcomes[c.article.id] for c in chosen]
    assert isinstance(results[0], Brief)
    for failed in results[1:]:
        assert isinstance(failed, BatchRequestFailed)
        assert "the batch was cancelled before this request ran" in str(failed)


def test_a_failed_batch_is_sent_again_until_retry_attempts_then_its_articles_fail(
    store: Store,
) -> None:
    chosen = cases("news-worship")
    failing = [Plan(polls=0, end="failed", error="the file is broken")] * 3
    with batch_api(honest_model(chosen), failing) as fake:
        config = config_for(fake, store, retry_attempts=2)
        progress, ticks = until_done(store, config, chosen)
        assert fake.api.created == 2 and ticks == 3
    error = progress.outcomes[chosen[0].article.id]
    assert isinstance(error, BatchRequestFailed)
    assert "the batch failed: line 1: the file is broken (after 2 batches)" in str(error)


def test_past_the_deadline_repairs_are_sent_directly_at_the_full_price(store: Store) -> None:
    chosen = cases("news-asylum")
    with batch_api(engine_model()) as fake:
        config = config_for(fake, store, batch_deadline=0.001)
        advance(store, config, chosen)
        waiting = advance(store, config, chosen)  # past the deadline, but still in its batch
        assert waiting.pending == 1 and not fake.chat_bodies()
        progress, _ = until_done(store, config, chosen)
        direct = fake.chat_bodies()
        assert fake.api.created == 1 and len(direct) >= 1
        assert all("These words were never said" in b["messages"][-1]["content"] for b in direct)
        again = advance(store, config, chosen)  # finished: nothing is sent again
        assert len(fake.chat_bodies()) == len(direct) and again.done
    brief = progress.outcomes[chosen[0].article.id]
    assert isinstance(brief, Brief)
    model = brief.provenance.model
    calls = progress.calls
    batch_part = [c for c in calls if c.label.startswith("batch ")]
    direct_part = [c for c in calls if "past batch_deadline" in c.label]
    assert len(direct_part) == len(direct) and batch_part
    expected = sum(c.cost_usd or 0.0 for c in calls)
    assert brief.provenance.cost_usd == pytest.approx(expected, abs=1e-8)
    for c in direct_part:
        assert c.cost_usd == pytest.approx(config.cost(model, c.usage))
    for c in batch_part:
        assert c.cost_usd == pytest.approx(config.batch_cost(model, c.usage))


def test_a_run_splits_its_requests_at_the_request_limit(store: Store) -> None:
    chosen = [c for c in cases("news-*") if len(c.text) < 5000][:5]  # one request each
    assert len(chosen) == 5
    with batch_api(honest_model(chosen)) as fake:
        config = config_for(fake, store, batch_max_requests=2)
        first = advance(store, config, chosen)
        assert [b.requests for b in first.submitted] == [2, 2, 1]
        progress, _ = until_done(store, config, chosen)
        inputs = [f for f, meta in fake.api.files.items() if meta["purpose"] == "batch"]
        assert all(len(fake.api.contents[f].splitlines()) <= 2 for f in inputs)
        assert fake.api.created == len(inputs) >= 3
    assert all(isinstance(progress.outcomes[c.article.id], Brief) for c in chosen)


def test_a_request_larger_than_a_batch_file_fails_its_article_and_nothing_is_uploaded(
    store: Store,
) -> None:
    chosen = cases("news-worship")
    with batch_api(honest_model(chosen)) as fake:
        config = config_for(fake, store, batch_max_bytes=1000)
        progress = advance(store, config, chosen)
        assert fake.api.uploads == 0 and progress.done
    error = progress.outcomes[chosen[0].article.id]
    assert isinstance(error, BatchRequestFailed) and "more than a batch file may hold" in str(error)


def test_the_store_keeps_every_batch_and_custom_id(store: Store) -> None:
    chosen = cases(*THREE)
    with batch_api(engine_model()) as fake:
        progress, _ = until_done(store, config_for(fake, store), chosen)
        uploaded = {line["custom_id"] for line in fake.input_lines()}
    log = BatchLog(store)
    rows = log.batches(progress.job)
    assert len(rows) == 2 and all(r.state == "collected" and r.batch_id for r in rows)
    kept = {m["custom_id"] for row in rows for m in log.members(row)}
    assert kept == uploaded and len(kept) == 6
    assert all(m["state"] == "answered" for row in rows for m in log.members(row))
    assert {r.batch_id for r in rows} == set(fake.api.batches)
    done = advance(store, config_for(fake, store), chosen)  # a finished job asks nothing
    assert done.done and not done.submitted


def test_another_process_advancing_the_same_job_is_refused(store: Store) -> None:
    chosen = cases("news-worship")
    with batch_api(honest_model(chosen)) as fake:
        config = config_for(fake, store)
        progress = advance(store, config, chosen)
        lock = FileLock(config.data_dir / "batches" / f"job{progress.job.id}.lock")
        with lock, pytest.raises(BatchLockedError, match="another process"):
            advance(store, config, chosen)
        assert fake.api.created == 1


def test_batch_mode_needs_the_openai_provider(store: Store) -> None:
    from summarizer.config import load_settings
    from summarizer.errors import ConfigError

    config = load_settings(provider="extractive", data_dir=store.path.parent)
    with pytest.raises(ConfigError, match="needs the openai provider"):
        advance(store, config, cases("news-worship"))


# --------------------------------------------------------- a stop at each step


class Stop(BaseException):
    """The process stops here (a stand-in for SIGKILL within one test process)."""


@pytest.mark.parametrize("point", ["intent", "uploaded", "submitted", "downloaded"])
def test_a_stop_at_any_step_submits_nothing_twice(
    point: str, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = cases(*THREE)
    with batch_api(engine_model()) as fake:
        config = config_for(fake, store)
        real = checkpoints.checkpoint

        def stop_once(name: str) -> None:
            if name == point:
                monkeypatch.setattr(checkpoints, "checkpoint", real)
                raise Stop()

        monkeypatch.setattr(checkpoints, "checkpoint", stop_once)
        ticks = 0
        while True:
            ticks += 1
            try:
                progress = advance(store, config, chosen)
            except Stop:
                continue
            if progress.done or ticks > 12:
                break
        assert progress.done
        assert fake.api.created == 2 and fake.api.uploads == 2
        assert len(fake.input_lines()) == 6
    assert all(isinstance(progress.outcomes[c.article.id], Brief) for c in chosen)


def test_a_stop_before_anything_reached_the_api_asks_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = cases("news-worship")
    with batch_api(honest_model(chosen)) as fake:
        config = config_for(fake, store)

        def stop(name: str) -> None:
            if name == "intent":
                for path in (config.data_dir / "batches").glob("*.jsonl"):
                    path.unlink()  # and the input file is lost too
                raise Stop()

        monkeypatch.setattr(checkpoints, "checkpoint", stop)
        with pytest.raises(Stop):
            advance(store, config, chosen)
        monkeypatch.setattr(checkpoints, "checkpoint", lambda name: None)
        again = advance(store, config, chosen)
        assert [b.requests for b in again.submitted] == [1]
        (abandoned,) = [b for b in BatchLog(store).batches() if b.state == "abandoned"]
        assert abandoned.error == "nothing reached the API before the process stopped"
        progress, _ = until_done(store, config, chosen)
        assert fake.api.created == 1 and progress.done


def test_a_create_that_failed_after_the_api_made_the_batch_is_not_repeated(
    store: Store,
) -> None:
    chosen = cases("news-worship")
    with batch_api(honest_model(chosen)) as fake:
        inner = fake.api
        first: list[bool] = []

        def flaky(request: dict[str, Any]) -> Reply:
            answer = inner(request)
            creating = request.get("_method") == "POST" and request.get("_path") == "/v1/batches"
            if creating and not first:
                first.append(True)
                return Reply(500, {"error": {"message": "timed out after creating it"}})
            return answer

        fake.server.responder = flaky
        progress, _ = until_done(store, config_for(fake, store), chosen)
        assert fake.api.created == 1 and progress.done
        assert fake.count("POST", "/v1/batches") == 1


def test_summarizer_errors_keep_their_message_through_the_store(store: Store) -> None:
    chosen = cases("news-worship")
    with batch_api(honest_model(chosen), [Plan(polls=0, answered=0, end="cancelled")]) as fake:
        progress, _ = until_done(store, config_for(fake, store), chosen)
        stored = BatchLog(store).articles(progress.job)[0]
        assert stored.status == "failed" and stored.error is not None
        again = advance(store, config_for(fake, store), chosen)
    error = again.outcomes[chosen[0].article.id]
    assert isinstance(error, SummarizerError) and "cancelled" in str(error)
