"""The rules of batch mode, one by one: input files, output lines, prices, errors, job keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch.accounts import call_record, mixed_cost, priced
from summarizer.batch.ids import input_line
from summarizer.batch.keys import job_key, job_settings, settings_for
from summarizer.batch.records import Job, Line
from summarizer.batch.results import batch_errors, classify, read_lines, unanswered
from summarizer.batch.spool import RequestTooLarge, Spool, stale_parts
from summarizer.batch.transport import BatchRequestFailed, Call, Tally
from summarizer.config import load_settings
from summarizer.errors import GroundingError, ProviderError, SummarizerError
from summarizer.failures import error_data, error_from
from summarizer.prompts import load_prompt
from summarizer.schema import Usage

# ------------------------------------------------------------------ input files


def body(n: int, size: int = 10) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": "x" * size}], "n": n}


def test_the_spool_starts_a_new_file_at_the_request_limit(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 7, max_requests=2, max_bytes=10_000)
    for n in range(5):
        spool.add(f"id{n}", f"article{n}", body(n))
    spool.close()
    assert [len(p.members) for p in spool.parts] == [2, 2, 1]
    assert spool.requests == 5
    first = spool.parts[0].path.read_bytes().splitlines()
    assert [json.loads(line)["custom_id"] for line in first] == ["id0", "id1"]
    assert spool.parts[0].members == [("id0", "article0"), ("id1", "article1")]
    assert all(p.path.name == f"job7-{p.token}.jsonl" for p in spool.parts)
    assert all(p.bytes == p.path.stat().st_size for p in spool.parts)


def test_the_spool_starts_a_new_file_before_the_byte_limit(tmp_path: Path) -> None:
    size = len(input_line("id0", body(0)))
    spool = Spool(tmp_path, 1, max_requests=50_000, max_bytes=2 * size)
    for n in range(5):
        spool.add(f"id{n}", "a", body(n))
    spool.close()
    assert [len(p.members) for p in spool.parts] == [2, 2, 1]
    assert max(p.bytes for p in spool.parts) <= 2 * size


def test_the_spool_writes_a_request_once_and_refuses_one_too_large_alone(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 1, max_requests=10, max_bytes=200)
    spool.add("same", "a", body(0))
    spool.add("same", "b", body(0))
    assert spool.requests == 1 and "same" in spool
    with pytest.raises(RequestTooLarge, match="more than a batch file may hold"):
        spool.add("big", "a", body(1, size=500))
    spool.discard()
    assert not list(tmp_path.glob("*.jsonl"))


def test_stale_parts_are_only_this_jobs_files_without_a_batch_to_send(tmp_path: Path) -> None:
    for name in ("job3-keep.jsonl", "job3-old.jsonl", "job31-other.jsonl", "job4-x.jsonl"):
        (tmp_path / name).write_text("")
    assert [p.name for p in stale_parts(tmp_path, 3, {"keep"})] == ["job3-old.jsonl"]


# ------------------------------------------------------------------ output lines

MEMBERS = {"a", "b"}
OK_BODY = {"id": "chatcmpl-1", "choices": [], "usage": {"total_tokens": 3}}


def out(custom_id: str = "a", status: int | None = 200, body: Any = None, error: Any = None) -> Any:
    response = None if status is None else {"status_code": status, "body": body or OK_BODY}
    return {"id": "batch_req_1", "custom_id": custom_id, "response": response, "error": error}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (out(), Line("a", "answered", 200, json.dumps(OK_BODY))),
        (out(status=500), Line("a", "retry", 500, error="HTTP 500")),
        (out(status=429), Line("a", "retry", 429, error="HTTP 429")),
        (out(status=408), Line("a", "retry", 408, error="HTTP 408")),
        (out(status=409), Line("a", "retry", 409, error="HTTP 409")),
        (
            out(status=400, body={"error": {"message": "bad"}}),
            Line("a", "error", 400, json.dumps({"error": {"message": "bad"}}), "HTTP 400"),
        ),
        (out(status=404, body={"e": 1}), Line("a", "error", 404, '{"e": 1}', "HTTP 404")),
        (
            out(status=None, error={"code": "batch_cancelled", "message": "cancelled"}),
            Line("a", "failed", error="the batch was cancelled before this request ran"),
        ),
        (
            out(status=None, error={"code": "batch_expired", "message": "too late"}),
            Line("a", "retry", error="batch_expired: too late"),
        ),
        (
            out(status=None, error={"code": "request_timeout"}),
            Line("a", "retry", error="request_timeout"),
        ),
        (out(status=None, error={}), Line("a", "retry", error="an error without a message")),
        (out(custom_id="stranger"), None),  # not a request of this batch
        (out(status=None), None),  # neither a response nor an error
        ({"custom_id": 7}, None),
        ([1, 2], None),
        (out(status=200, body="not an object"), Line("a", "error", 200, "{}", "HTTP 200")),
    ],
)
def test_each_output_line_says_what_became_of_its_request(data: Any, expected: Any) -> None:
    assert classify(data, MEMBERS) == expected


def test_reading_a_file_skips_broken_and_overlong_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    long = json.dumps(out("b", body={"pad": "x" * 5000}))
    path.write_text(
        "not json\n" + long + "\n" + json.dumps(out("a")) + "\n\n" + '{"custom_id": "a"', "utf-8"
    )
    lines = list(read_lines(path, MEMBERS, limit=1000))
    assert lines == [Line("a", "answered", 200, json.dumps(OK_BODY))]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            "completed",
            Line("", "retry", error="the batch ended without an answer for this request"),
        ),
        ("expired", Line("", "retry", error="the batch expired before this request ran")),
        ("cancelled", Line("", "failed", error="the batch was cancelled before this request ran")),
        ("failed", Line("", "retry", error="the batch failed: line 1: bad file")),
    ],
)
def test_a_request_without_a_line_gets_the_outcome_of_its_batchs_end(
    status: str, expected: Line
) -> None:
    assert unanswered(status, "line 1: bad file") == expected


def test_batch_errors_are_one_line_with_the_input_line() -> None:
    class Item:
        def __init__(self, message: str, line: int | None) -> None:
            self.message, self.line, self.code = message, line, "invalid"

    class Errors:
        data = [Item("bad\nfile", 3), Item("no model", None)]

    assert batch_errors(Errors()) == "line 3: bad file; no model"
    assert batch_errors(None) is None


# ------------------------------------------------------------------------ prices


def test_the_batch_price_takes_the_discount_off_and_direct_answers_pay_full() -> None:
    settings = load_settings(prices={"m": {"input": 1.0, "output": 2.0}})
    usage = Usage(prompt_tokens=1_000_000, completion_tokens=1_000_000, total_tokens=2_000_000)
    half = Usage(prompt_tokens=500_000, completion_tokens=0, total_tokens=500_000)
    assert settings.cost("m", usage) == 3.0
    assert settings.batch_cost("m", usage) == 1.5
    assert mixed_cost(settings, "m", usage, Usage()) == 1.5
    # 0.5 of the prompt tokens sent directly: 0.5 at full price, the rest at half.
    assert mixed_cost(settings, "m", usage, half) == pytest.approx(0.5 + (3.0 - 0.5) / 2)
    cheaper = settings.model_copy(update={"batch_discount": 0.8})
    assert cheaper.batch_cost("m", usage) == pytest.approx(0.6)
    assert mixed_cost(settings, "unpriced", usage, Usage()) is None


def test_priced_briefs_and_run_log_rows_are_at_the_batch_price(asylum_text: str) -> None:
    from summarizer import summarize

    settings = load_settings(provider="extractive")
    brief = summarize(asylum_text, config=settings)
    usage = Usage(prompt_tokens=1000, completion_tokens=200, total_tokens=1200)
    p = brief.provenance.model_copy(update={"model": "gpt-4o-mini", "usage": usage})
    brief = brief.model_copy(update={"provenance": p})
    full = settings.cost("gpt-4o-mini", usage)
    assert full is not None
    tally = Tally("k", calls=[Call("c1", usage, False, False, "batch-1", 60.0)])
    assert priced(brief, tally, settings).provenance.cost_usd == pytest.approx(full / 2)
    direct = Tally("k", calls=[Call("c1", usage, True, False, None, 0.0)])
    assert priced(brief, direct, settings).provenance.cost_usd == pytest.approx(full)
    row = call_record(tally.calls[0], settings, "gpt-4o-mini", "brief.v2")
    assert row.cost_usd == pytest.approx(full / 2)
    assert (row.label, row.text_sha256, row.latency_s, row.outcome) == (
        "batch batch-1",
        "c1",
        60.0,
        "ok",
    )
    sent = call_record(direct.calls[0], settings, "gpt-4o-mini", "brief.v2")
    assert sent.cost_usd == pytest.approx(full) and "past batch_deadline" in sent.label


# ------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    "error",
    [
        SummarizerError("plain"),
        ProviderError("refused (HTTP 400)"),
        BatchRequestFailed("the batch was cancelled before this request ran"),
        GroundingError("items failed", usage=Usage(prompt_tokens=5, total_tokens=5), attempts=3),
    ],
)
def test_an_articles_error_is_stored_and_read_back_as_the_same_error(
    error: SummarizerError,
) -> None:
    back = error_from(json.loads(json.dumps(error_data(error))))
    assert type(back) is type(error) and str(back) == str(error)
    if isinstance(error, GroundingError):
        assert isinstance(back, GroundingError)
        assert (back.usage, back.attempts) == (error.usage, error.attempts)


def test_an_unknown_error_class_is_read_back_as_a_summarizer_error() -> None:
    back = error_from({"type": "KeyError", "message": "x"})
    assert type(back) is SummarizerError and str(back) == "x"


# -------------------------------------------------------------------- job keys


def test_a_jobs_key_follows_its_request_settings_and_parts() -> None:
    prompt = load_prompt("brief.v2")
    base = load_settings(provider="openai", api_key="sk-a", model="gpt-4o-mini")
    key = job_key("daily", base, prompt, "2024-05-01", "/out")
    assert key == job_key(
        "daily", base.model_copy(update={"api_key": None}), prompt, "2024-05-01", "/out"
    )
    assert key == job_key(
        "daily", base.model_copy(update={"concurrency": 99}), prompt, "2024-05-01", "/out"
    )
    for changed in (
        {"model": "gpt-4.1"},
        {"mode": "json"},
        {"max_output_tokens": 100},
        {"verify": True},
    ):
        assert key != job_key(
            "daily", base.model_copy(update=changed), prompt, "2024-05-01", "/out"
        )
    assert key != job_key("daily", base, prompt, "2024-05-02", "/out")
    assert key != job_key("eval", base, prompt, "2024-05-01", "/out")
    assert key != job_key("daily", base, load_prompt("brief.v1"), "2024-05-01", "/out")


def test_a_job_is_collected_with_its_own_request_settings_and_the_callers_key() -> None:
    prompt = load_prompt("brief.v2")
    started = load_settings(provider="openai", api_key="sk-a", model="gpt-4.1", temperature=0.3)
    values = job_settings(started, prompt)
    assert "api_key" not in values and values["prompt_sha256"] == prompt.sha256
    job = Job(1, "daily", "k", "label", values, "gpt-4.1", "open", None, "t", None)
    collecting = load_settings(provider="openai", api_key="sk-b", concurrency=2)
    used = settings_for(job, collecting)
    assert (used.model, used.temperature, used.concurrency) == ("gpt-4.1", 0.3, 2)
    assert used.api_key is not None and used.api_key.get_secret_value() == "sk-b"
