"""Every request a model provider sends and the answer it gets, for whoever listens.

The call log (:mod:`summarizer.providers.calllog`) listens around one extraction or
verification: :func:`listening` collects the :class:`Exchange` of each chat
completion made meanwhile in the same task (first request, re-asks, repairs),
answered or failed. Nothing is kept when nobody listens.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ..schema import Usage

_LISTENER: ContextVar[list[Exchange] | None] = ContextVar("summarizer_exchanges", default=None)
# Request parameters kept besides the messages: what changes the answer, not the schema.
_KEPT = ("model", "temperature", "max_tokens", "seed", "tool_choice", "response_format")


@dataclass(frozen=True)
class Exchange:
    """One chat completion: the request as sent, the answer as received (None when the
    request failed, with ``error`` saying why), its token usage and how long it took."""

    request: dict[str, Any]
    response: Any
    usage: Usage = field(default_factory=Usage)
    latency_s: float = 0.0
    error: str | None = None

    def to_data(self) -> dict[str, Any]:
        """Plain JSON data of the exchange."""
        return {
            "request": self.request,
            "response": self.response,
            "usage": self.usage.model_dump(),
            "latency_s": round(self.latency_s, 4),
            "error": self.error,
        }


@contextmanager
def listening() -> Iterator[list[Exchange]]:
    """Collect the exchanges made in this task until the block ends."""
    heard: list[Exchange] = []
    token = _LISTENER.set(heard)
    try:
        yield heard
    finally:
        _LISTENER.reset(token)


def is_listened() -> bool:
    """True when someone collects exchanges in this task."""
    return _LISTENER.get() is not None


def request_data(kwargs: dict[str, Any]) -> dict[str, Any]:
    """What a chat completion request sends: its messages and sampling parameters (the
    response schema it carries is left out: the same for every request of its kind)."""
    data: dict[str, Any] = {"messages": [dict(m) for m in kwargs.get("messages", [])]}
    for key in _KEPT:
        if kwargs.get(key) is not None:
            data[key] = _plain(kwargs[key])
    tools = kwargs.get("tools")
    if tools:
        data["tools"] = [_plain(t).get("function", {}).get("name") for t in tools]
    return data


def response_data(response: Any) -> Any:
    """A chat completion as plain JSON data."""
    return _plain(response)


def _plain(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", exclude_none=True)
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def heard(exchange: Exchange) -> None:
    """Hand ``exchange`` to the listener of this task, if any."""
    listener = _LISTENER.get()
    if listener is not None:
        listener.append(exchange)


def since(started: float) -> float:
    """Seconds since ``started`` (a :func:`time.perf_counter` value)."""
    return time.perf_counter() - started
