"""What comes back from the endpoint before parsing: retries, sizes, functions, odd bodies."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import AsyncIterator

import httpx2
import openai
import pytest
from fakes.llm import FakeLLM, completion, extraction, openai_provider, settings
from tenacity import RetryCallState

from summarizer import NoValidOutputError, ProviderError, ProviderUnavailableError, summarize
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply
from summarizer.retry import WaitRetryAfter


def run(fake: FakeLLM, text: str, **overrides: object):
    return summarize(
        text, config=settings(**overrides), provider=openai_provider(fake, **overrides)
    )


def too_many(headers: dict[str, str]) -> httpx2.Response:
    return httpx2.Response(429, json={"error": {"message": "slow down"}}, headers=headers)


def test_a_retry_after_beyond_the_retry_budget_ends_at_once(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    fake_llm.queue(too_many({"Retry-After": "3600"}))
    with pytest.raises(ProviderUnavailableError) as info:
        run(fake_llm, asylum_text, retry_max_time=120)
    assert len(fake_llm.requests) == 1
    message = str(info.value)
    assert "asked to wait 3600s before retrying (Retry-After)" in message
    assert re.search(r"retry_max_time=120s after 1 attempt in \d+s; try again later", message)


def rate_limited(retry_after: str) -> openai.RateLimitError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(429, request=request, headers={"retry-after": retry_after})
    return openai.RateLimitError("slow down", response=response, body=None)


@pytest.mark.parametrize(("asked", "expected"), [("45", 45.0), ("0.5", 0.5), ("soon", None)])
def test_the_server_s_delay_is_waited_as_asked_not_capped(
    asked: str, expected: float | None
) -> None:
    state = RetryCallState(None, None, (), {})
    error = rate_limited(asked)
    state.set_exception((type(error), error, None))
    waited = WaitRetryAfter(cap=30)(state)
    if expected is None:  # unreadable: our own back-off, within the cap
        assert 0 <= waited <= 30
    else:
        assert waited == expected


def test_persistent_429_reports_the_attempts_really_made(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    fake_llm.queue(*[too_many({}) for _ in range(3)])
    with pytest.raises(
        ProviderUnavailableError, match=r"kept failing \(HTTP 429\) after 3 attempts"
    ):
        run(fake_llm, asylum_text, retry_attempts=3)
    assert len(fake_llm.requests) == 3


def test_a_body_that_is_not_json_is_a_provider_error_not_retried(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    html = httpx2.Response(200, text="<html>502 Bad Gateway</html>")
    fake_llm.queue(html)
    with pytest.raises(ProviderError, match="answered with a body that is not a chat completion"):
        run(fake_llm, asylum_text)
    assert len(fake_llm.requests) == 1


def test_an_answer_without_choices_is_a_provider_error(fake_llm: FakeLLM, asylum_text: str) -> None:
    body = completion(extraction())
    body["choices"] = []
    fake_llm.queue(httpx2.Response(200, json=body))
    with pytest.raises(ProviderError, match="answered without any choices"):
        run(fake_llm, asylum_text)


def test_a_refusal_is_no_valid_output_without_a_reask(fake_llm: FakeLLM, asylum_text: str) -> None:
    body = completion(extraction())
    message = body["choices"][0]["message"]
    message["tool_calls"], message["refusal"] = None, "I can't help with that."
    fake_llm.queue(httpx2.Response(200, json=body))
    with pytest.raises(NoValidOutputError, match="the model refused to answer") as info:
        run(fake_llm, asylum_text)
    assert info.value.attempts == 1 and len(fake_llm.requests) == 1


def test_a_call_of_another_function_is_not_taken_as_the_brief(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    other = completion(extraction())
    other["choices"][0]["message"]["tool_calls"][0]["function"]["name"] = "send_email"
    fake_llm.queue(httpx2.Response(200, json=other)).ok(extraction())
    brief = run(fake_llm, asylum_text)
    assert len(fake_llm.requests) == 2
    reask = fake_llm.requests[1]["messages"][-1]["content"]
    assert "it called send_email instead of extract_brief" in reask
    assert brief.provenance.attempts == 2 and len(brief.quotes) == 2


def test_only_another_function_every_time_loses_the_brief(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    other = completion(extraction())
    other["choices"][0]["message"]["tool_calls"][0]["function"]["name"] = "send_email"
    fake_llm.queue(httpx2.Response(200, json=other))
    with pytest.raises(NoValidOutputError, match="after 1 attempts: it called send_email"):
        run(fake_llm, asylum_text, max_reasks=0)


def test_the_brief_as_text_instead_of_a_tool_call_is_used(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    body = completion(json.dumps(extraction()), mode="json")
    fake_llm.queue(httpx2.Response(200, json=body))
    brief = run(fake_llm, asylum_text, mode="tools")
    assert len(fake_llm.requests) == 1 and len(brief.quotes) == 2


def test_a_declared_oversized_body_is_refused(fake_llm: FakeLLM, asylum_text: str) -> None:
    padded = completion({**extraction(), "summary": "x" * 20_000})
    fake_llm.queue(httpx2.Response(200, json=padded))
    with pytest.raises(ProviderError, match="larger than max_response_bytes=10,000; refused"):
        run(fake_llm, asylum_text, max_response_bytes=10_000)
    assert len(fake_llm.requests) == 1


def test_an_undeclared_stream_is_cut_while_it_arrives(fake_llm: FakeLLM, asylum_text: str) -> None:
    sent: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(10_000):
            sent.append(1)
            yield b" " * 1024

    fake_llm.queue(lambda request: httpx2.Response(200, content=endless()))
    with pytest.raises(ProviderError, match="max_response_bytes=50,000"):
        run(fake_llm, asylum_text, max_response_bytes=50_000)
    assert len(sent) < 100  # stopped after about 50 KB, not after 10 MB


def test_a_compressed_bomb_is_cut_after_inflating_the_cap(asylum_text: str) -> None:
    bomb = gzip.compress(b"{" + b" " * 20_000_000 + b"}")
    assert len(bomb) < 100_000
    gzipped = {"Content-Encoding": "gzip"}
    with FakeOpenAIServer(lambda request: Reply(200, bomb, gzipped)) as server:
        config = settings(base_url=server.url, max_response_bytes=1_000_000)
        with pytest.raises(ProviderError, match="max_response_bytes=1,000,000"):
            summarize(asylum_text, config=config)
        assert len(server.requests) == 1


def test_a_compressed_answer_is_read_and_only_gzip_or_deflate_is_asked_for(
    asylum_text: str,
) -> None:
    body = gzip.compress(json.dumps(completion(extraction())).encode())
    with FakeOpenAIServer(lambda request: Reply(200, body, {"Content-Encoding": "gzip"})) as server:
        brief = summarize(asylum_text, config=settings(base_url=server.url))
        assert server.requests[0]["_headers"]["accept-encoding"] == "gzip, deflate"
    assert len(brief.quotes) == 2
