"""A fake LLM at the HTTP layer, and the recorded chat completions it serves.

Only the transport is fake: the real ``openai`` client, ``instructor``, tenacity and
the project's parsing and grounding all run. A request the test queued no reply for is
answered with an error and recorded in :attr:`FakeLLM.unexpected`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx2

from . import RESPONSES


def load_json(name: str) -> Any:
    return json.loads((RESPONSES / name).read_text(encoding="utf-8"))


def extraction(name: str = "asylum_extraction.json") -> dict[str, Any]:
    return copy.deepcopy(load_json(name))


def completion(
    arguments: dict[str, Any] | str,
    *,
    mode: str = "tools",
    finish_reason: str | None = None,
    tool: str = "extract_brief",
) -> dict[str, Any]:
    """A recorded chat.completion fixture carrying ``arguments`` (as a call of ``tool``)."""
    body = load_json("tool_call.json" if mode == "tools" else "json_content.json")
    payload = arguments if isinstance(arguments, str) else json.dumps(arguments)
    choice = body["choices"][0]
    if mode == "tools":
        choice["message"]["tool_calls"][0]["function"]["arguments"] = payload
        choice["message"]["tool_calls"][0]["function"]["name"] = tool
    else:
        choice["message"]["content"] = payload
    if finish_reason:
        choice["finish_reason"] = finish_reason
    return body


def repair_reply(arguments: dict[str, object], mode: str = "tools") -> httpx2.Response:
    """A recorded completion answering a repair request (the ``repair_brief`` function)."""
    body = completion(arguments, mode=mode)
    if mode == "tools":
        body["choices"][0]["message"]["tool_calls"][0]["function"]["name"] = "repair_brief"
    return httpx2.Response(200, json=body)


Reply = httpx2.Response | Exception | Callable[[httpx2.Request], httpx2.Response]


class FakeLLM:
    """Queued replies served through ``httpx2.MockTransport``; records every request."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.unexpected: list[str] = []

    def queue(self, *replies: Reply) -> FakeLLM:
        self.replies.extend(replies)
        return self

    def ok(self, arguments: dict[str, Any] | str, mode: str = "tools", **kw: Any) -> FakeLLM:
        return self.queue(httpx2.Response(200, json=completion(arguments, mode=mode, **kw)))

    def error(self, status: int, fixture: str, headers: dict[str, str] | None = None) -> FakeLLM:
        return self.queue(httpx2.Response(status, json=load_json(fixture), headers=headers or {}))

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(json.loads(request.content))
        if not self.replies:
            self.unexpected.append(str(request.url))
            return httpx2.Response(599, json={"error": {"message": "no reply queued"}})
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        if callable(reply) and not isinstance(reply, httpx2.Response):
            return reply(request)
        return reply

    def client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(transport=httpx2.MockTransport(self.handler))


def settings(**overrides: Any) -> Any:
    """Settings for tests: a fake key, an unroutable base URL, fast retries."""
    from summarizer import load_settings

    values: dict[str, Any] = {
        "provider": "openai",
        "api_key": "sk-test-SECRET",
        "base_url": "http://127.0.0.1:9/v1",
        "retry_max_wait": 0.01,
        "retry_max_time": 10,
    }
    values.update(overrides)
    return load_settings(**values)


def openai_provider(fake: FakeLLM, **overrides: Any) -> Any:
    from summarizer.providers.openai import OpenAIProvider

    return OpenAIProvider(settings(**overrides), http_client=fake.client())
