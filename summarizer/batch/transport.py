"""The HTTP transport of batch mode: the synchronous pipeline, answered from the store.

Batch mode runs the very pipeline of the synchronous path (instructor builds each
request for its mode, the ``openai`` client serialises it, the answer is parsed,
salvaged, grounded and repaired as always); only the transport under the
``openai`` client differs. For each chat completion the client would send, the
transport computes the body's ``custom_id`` and:

* answers it from the store when its batch answer is there (an HTTP error the
  batch gave for good is replayed as that error);
* raises :class:`BatchRequestFailed` when it failed for
  good (cancelled, or failing after ``retry_attempts`` submissions);
* otherwise writes the body to the spool, the next batch's input file (unless it
  is already in a batch under way), and waits: the run stops every article at
  its first unanswered request (see :mod:`summarizer.batch.tick`);
* in direct mode (past ``batch_deadline``) sends it to the endpoint at once and
  keeps the answer, so it is never paid for twice.

So the body in a batch file is, byte for byte in JSON terms, what the synchronous
path sends, and an answer takes the same path into the brief.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx2
import openai

from ..errors import ProviderError
from ..failures import known
from ..providers.limits import cap_responses
from ..providers.structured import usage_of
from ..schema import Usage
from .ids import custom_id
from .records import Answer
from .spool import RequestTooLarge, Spool

JSON_HEADERS = {"content-type": "application/json"}
_HOP_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "connection"}


@known
class BatchRequestFailed(ProviderError, openai.OpenAIError):
    """A batch request that failed for good (cancelled, or failing after every submission).

    Also an ``OpenAIError``, so the ``openai`` client passes it on unwrapped and the
    provider handles it as it handles a refused request: a first request lost fails
    its part of the article; a repair lost keeps the answer in hand.
    """


@dataclass(frozen=True)
class Call:
    """One answer an article used: where it came from and what it cost in tokens."""

    custom_id: str
    usage: Usage
    direct: bool  # sent synchronously (past the deadline), at the full price
    verify: bool  # the verification pass's request
    batch_id: str | None
    latency_s: float
    error: str | None = None


@dataclass
class Tally:
    """What one article's pipeline asked for in this run (shared by its chunks' tasks)."""

    key: str
    salt: str = ""
    calls: list[Call] = field(default_factory=list)
    parked: int = 0  # requests it waits for

    def direct_usage(self, verify: bool | None = None) -> Usage:
        """Tokens of the answers got synchronously (only the verification's, or none of
        it, when ``verify`` says so)."""
        total = Usage()
        for call in self.calls:
            if call.direct and (verify is None or call.verify == verify):
                total = total + call.usage
        return total


CURRENT: ContextVar[Tally | None] = ContextVar("summarizer_batch_article", default=None)
VERIFYING: ContextVar[bool] = ContextVar("summarizer_batch_verifying", default=False)


class Direct:
    """Sends requests to the endpoint itself and keeps each answer through ``keep``."""

    def __init__(self, limit: int, keep: Callable[[str, str, str], None]):
        self.client: httpx2.AsyncClient = openai.DefaultAsyncHttpxClient()
        cap_responses(self.client, limit)
        self.keep = keep

    async def send(self, request: httpx2.Request, request_id: str, key: str) -> httpx2.Response:
        response = await self.client.send(request)
        if response.status_code == 200:
            self.keep(request_id, key, response.text)
        headers = {k: v for k, v in response.headers.items() if k.lower() not in _HOP_HEADERS}
        return httpx2.Response(response.status_code, headers=headers, content=response.content)

    async def aclose(self) -> None:
        await self.client.aclose()


def _usage(body: str | None) -> Usage:
    try:
        data = json.loads(body or "{}")
    except ValueError:
        return Usage()
    return usage_of(data) if isinstance(data, dict) else Usage()


class ReplayTransport(httpx2.AsyncBaseTransport):
    """See the module docstring."""

    def __init__(
        self,
        answers: Callable[[str], Answer | None],
        *,
        max_submissions: int,
        spool: Spool | None = None,
        direct: Direct | None = None,
    ):
        self.answers = answers
        self.max_submissions = max_submissions
        self.spool = spool
        self.direct = direct

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        await request.aread()
        tally = CURRENT.get()
        if tally is None or not request.url.path.endswith("/chat/completions"):
            return httpx2.Response(404, json={"error": {"message": "not a batch request"}})
        body: dict[str, Any] = json.loads(request.content)
        request_id = custom_id(body, tally.salt)
        found = self.answers(request_id)
        if found is not None and found.state in ("answered", "error", "failed"):
            return self._replay(found, tally)
        spent = found is not None and found.submissions >= self.max_submissions
        if found is not None and found.state == "retry" and spent:
            reason = f"{found.error or 'no answer'} (after {found.submissions} batches)"
            self._note(tally, found, Usage(), reason)
            raise BatchRequestFailed(f"the batch request failed: {reason}")
        if self.direct is not None:
            response = await self.direct.send(request, request_id, tally.key)
            usage = _usage(response.text) if response.status_code == 200 else Usage()
            error = None if response.status_code == 200 else f"HTTP {response.status_code}"
            tally.calls.append(Call(request_id, usage, True, VERIFYING.get(), None, 0.0, error))
            return response
        if found is None or found.state == "retry":
            self._spool(request_id, tally, body)
        return await self._park(tally)

    def _replay(self, found: Answer, tally: Tally) -> httpx2.Response:
        if found.state == "failed":
            self._note(tally, found, Usage(), found.error)
            raise BatchRequestFailed(found.error or "the batch request failed")
        if found.state == "error":
            self._note(tally, found, Usage(), f"HTTP {found.status_code}")
            return httpx2.Response(
                found.status_code or 500, headers=JSON_HEADERS, content=found.body or "{}"
            )
        self._note(tally, found, _usage(found.body), None)
        return httpx2.Response(200, headers=JSON_HEADERS, content=found.body or "{}")

    def _note(self, tally: Tally, found: Answer, usage: Usage, error: str | None) -> None:
        direct = found.state == "answered" and found.batch_id is None
        tally.calls.append(
            Call(
                found.custom_id,
                usage,
                direct,
                VERIFYING.get(),
                found.batch_id,
                found.latency_s,
                error,
            )
        )

    def _spool(self, request_id: str, tally: Tally, body: dict[str, Any]) -> None:
        assert self.spool is not None, "a run that submits nothing has a direct sender"
        try:
            self.spool.add(request_id, tally.key, body)
        except RequestTooLarge as exc:
            raise BatchRequestFailed(str(exc)) from None

    async def _park(self, tally: Tally) -> httpx2.Response:
        """Wait until the run stops this article (it is cancelled; nothing resolves this)."""
        tally.parked += 1
        never: asyncio.Future[httpx2.Response] = asyncio.get_running_loop().create_future()
        return await never

    async def aclose(self) -> None:
        if self.direct is not None:
            await self.direct.aclose()
