"""The fake Batch API behaves as the real one through the real ``openai`` client: files,
batches in progress for a while, completed with failed lines, expired, cancelled, failed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import openai
import pytest

from summarizer.evals.fakebatch import End, FakeBatchAPI, Plan
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply, completion_body

ERROR_MESSAGES = {
    "batch_expired": "This request could not be executed before the completion window expired.",
    "batch_cancelled": "This request was not executed because the batch was cancelled.",
}


def model(request: dict[str, object]) -> Reply:
    return Reply(200, completion_body({"summary": f"answer to {request.get('n')}"}))


def jsonl(n: int, model_name: str = "gpt-4o-mini") -> bytes:
    lines = [
        {
            "custom_id": f"r{i}",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": {"model": model_name, "messages": [], "n": i},
        }
        for i in range(n)
    ]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


@pytest.fixture
def served() -> Iterator[tuple[openai.OpenAI, FakeBatchAPI]]:
    api = FakeBatchAPI(model)
    with FakeOpenAIServer(api) as server:
        client = openai.OpenAI(api_key="sk-test", base_url=server.url, max_retries=0)
        yield client, api
        client.close()


def submit(client: openai.OpenAI, data: bytes, name: str = "in.jsonl") -> openai.types.Batch:
    uploaded = client.files.create(file=(name, data, "application/jsonl"), purpose="batch")
    return client.batches.create(
        input_file_id=uploaded.id,
        endpoint="/v1/chat/completions",
        completion_window="24h",
        metadata={"summarizer_token": name},
    )


def lines_of(client: openai.OpenAI, file_id: str | None) -> list[dict[str, object]]:
    assert file_id is not None
    return [json.loads(x) for x in client.files.content(file_id).read().splitlines()]


def test_files_are_uploaded_listed_and_read_back(
    served: tuple[openai.OpenAI, FakeBatchAPI],
) -> None:
    client, api = served
    first = client.files.create(file=("a.jsonl", b"x\n", "application/jsonl"), purpose="batch")
    second = client.files.create(file=("b.jsonl", b"y\n", "application/jsonl"), purpose="batch")
    assert (first.filename, first.bytes, first.purpose) == ("a.jsonl", 2, "batch")
    names = [f.filename for f in client.files.list(purpose="batch", order="desc")]
    assert names == ["b.jsonl", "a.jsonl"]
    assert client.files.content(second.id).read() == b"y\n"
    assert api.uploads == 2


def test_a_batch_is_in_progress_for_a_while_then_completed(
    served: tuple[openai.OpenAI, FakeBatchAPI],
) -> None:
    client, api = served
    api.plans = [Plan(polls=2)]
    batch = submit(client, jsonl(3))
    assert batch.status == "validating" and batch.metadata == {"summarizer_token": "in.jsonl"}
    statuses = [client.batches.retrieve(batch.id).status for _ in range(4)]
    assert statuses == ["in_progress", "in_progress", "completed", "completed"]
    done = client.batches.retrieve(batch.id)
    assert done.request_counts is not None and done.request_counts.completed == 3
    assert done.error_file_id is None
    lines = lines_of(client, done.output_file_id)
    assert [line["custom_id"] for line in lines] == ["r0", "r1", "r2"]
    first = lines[0]["response"]
    assert isinstance(first, dict) and first["status_code"] == 200
    assert first["body"]["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] == (
        json.dumps({"summary": "answer to 0"})
    )


def test_a_completed_batch_can_have_failed_lines(
    served: tuple[openai.OpenAI, FakeBatchAPI],
) -> None:
    client, api = served

    def fail(i: int, body: dict[str, object]) -> Reply | None:
        return Reply(500, {"error": {"message": "boom"}}) if i == 1 else None

    api.plans = [Plan(polls=0, fail=fail)]
    batch = client.batches.retrieve(submit(client, jsonl(3)).id)
    assert batch.status == "completed"
    assert batch.request_counts is not None
    assert (batch.request_counts.completed, batch.request_counts.failed) == (2, 1)
    (error,) = lines_of(client, batch.error_file_id)
    assert error["custom_id"] == "r1"
    assert error["response"] == {
        "status_code": 500,
        "request_id": "req_r1",
        "body": {"error": {"message": "boom"}},
    }


@pytest.mark.parametrize(
    ("end", "code"), [("expired", "batch_expired"), ("cancelled", "batch_cancelled")]
)
def test_an_expired_or_cancelled_batch_has_partial_results(
    served: tuple[openai.OpenAI, FakeBatchAPI], end: End, code: str
) -> None:
    client, api = served
    api.plans = [Plan(polls=0, end=end, answered=1)]
    batch = client.batches.retrieve(submit(client, jsonl(3)).id)
    assert batch.status == end
    assert [x["custom_id"] for x in lines_of(client, batch.output_file_id)] == ["r0"]
    errors = lines_of(client, batch.error_file_id)
    assert [(x["custom_id"], x["error"]) for x in errors] == [
        ("r1", {"code": code, "message": ERROR_MESSAGES[code]}),
        ("r2", {"code": code, "message": ERROR_MESSAGES[code]}),
    ]


def test_a_cancel_ends_the_batch_cancelled_at_the_next_check(
    served: tuple[openai.OpenAI, FakeBatchAPI],
) -> None:
    client, api = served
    api.plans = [Plan(polls=5)]
    batch = submit(client, jsonl(2))
    assert client.batches.retrieve(batch.id).status == "in_progress"
    assert client.batches.cancel(batch.id).status == "cancelling"
    ended = client.batches.retrieve(batch.id)
    assert ended.status == "cancelled" and ended.output_file_id is None
    assert len(lines_of(client, ended.error_file_id)) == 2
    assert api.cancels == 1


def test_a_failed_batch_says_why_and_has_no_output(
    served: tuple[openai.OpenAI, FakeBatchAPI],
) -> None:
    client, api = served
    api.plans = [Plan(polls=0, end="failed", error="the file is broken")]
    batch = client.batches.retrieve(submit(client, jsonl(2)).id)
    assert batch.status == "failed" and batch.output_file_id is None
    assert batch.errors is not None and batch.errors.data is not None
    assert batch.errors.data[0].message == "the file is broken"


def test_input_is_checked_as_the_api_checks_it(served: tuple[openai.OpenAI, FakeBatchAPI]) -> None:
    client, _ = served
    mixed = jsonl(1) + jsonl(1, "gpt-4.1").replace(b'"r0"', b'"r9"')
    batch = client.batches.retrieve(submit(client, mixed).id)
    assert batch.status == "failed"
    assert batch.errors is not None and batch.errors.data is not None
    assert "more than one model" in str(batch.errors.data[0].message)
    twice = client.batches.retrieve(submit(client, jsonl(1) + jsonl(1)).id)
    assert twice.errors is not None and twice.errors.data is not None
    assert "not unique" in str(twice.errors.data[0].message)


def test_batches_are_listed_newest_first_page_by_page(
    served: tuple[openai.OpenAI, FakeBatchAPI],
) -> None:
    client, _ = served
    ids = [submit(client, jsonl(1), f"{n}.jsonl").id for n in range(5)]
    page = client.batches.list(limit=2)
    assert [b.id for b in page.data] == ids[::-1][:2] and page.has_more
    assert [b.id for b in client.batches.list(limit=2)] == ids[::-1]  # auto-paginates
    with pytest.raises(openai.NotFoundError):
        client.batches.retrieve("batch-missing")
