"""The call log: every provider call, from any command or the API, kept in the store.

:func:`~summarizer.providers.make_provider` wraps every provider it builds in a
:class:`LoggedProvider`, so ``summarize``, ``eval``, ``daily``, ``bulk`` and
library calls all log the same way. One call is one extraction of an article (or
of one part of a long article) or one verification pass, as the pipeline asks
for it; its record holds the time, provider, model, prompt id and sha256, the
article's title, each request's messages and the model's answer to it (first
request, re-asks and repairs: :mod:`summarizer.providers.exchanges`), the final
answer, tokens, cost, latency and the outcome: ``ok`` (the first answer was used),
``repaired`` (re-asks or repairs were needed) or ``error`` with its message.

The extractive engine is logged too, as provider ``extractive`` with no tokens, no
cost and no messages (it reads the text itself); its answer is kept. Answers
served from the eval response cache are not calls and are not logged.

``log_calls = false`` turns the log off. Everything stored has its secrets masked
(:func:`summarizer.redact.mask`); the API key is never part of a request's record.
A log that cannot be written is reported once as a warning and never fails a call.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..config import Settings
from ..errors import NoValidOutputError, SummarizerError
from ..schema import Usage
from ..store import CallRecord, Store
from .base import (
    ExtractionRequest,
    ExtractionResult,
    Provider,
    VerifyRequest,
    VerifyResult,
)
from .exchanges import Exchange, listening

CallLog = Callable[[CallRecord], None]
_Answer = TypeVar("_Answer", ExtractionResult, VerifyResult | None)
_log = logging.getLogger("summarizer")


class StoreLog:
    """A :data:`CallLog` writing to the store in ``data_dir`` (opened on the first call)."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._store: Store | None = None
        self._broken = False

    def __call__(self, call: CallRecord) -> None:
        if self._broken:
            return
        try:
            if self._store is None:
                self._store = Store.in_dir(self.data_dir)
            self._store.log_call(None, call)
        except SummarizerError as exc:
            self._broken = True
            _log.warning("summarizer: model calls are not logged: %s", exc)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class LoggedProvider(Provider):
    """Delegates to ``inner``, hands a :class:`CallRecord` of each call to ``log`` (None:
    log nothing) and counts the calls and their cost."""

    def __init__(
        self,
        inner: Provider,
        settings: Settings,
        log: CallLog | None,
        *,
        prompt_id: str | None = None,
    ):
        self.inner = inner
        # Briefs and the store record the provider that answered, not this wrapper.
        self.name = inner.name  # type: ignore[misc]
        self.paid = inner.paid  # type: ignore[misc]
        self.model = inner.model
        self.log = log
        self._settings = settings
        self._prompt_id = prompt_id or settings.prompt
        self.calls = 0
        self.cost_usd = 0.0

    def parameters(self) -> dict[str, Any]:
        return self.inner.parameters()

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        call = _Call(
            kind="extract",
            text=request.text,
            label=request.label,
            title=request.title or opening(request.text),
            prompt_id=request.prompt_id or self._prompt_id,
            prompt_sha256=request.prompt_sha256,
        )
        return await self._logged(
            call, self.inner.extract(request), lambda r: r.extraction.model_dump(mode="json")
        )

    async def verify(self, request: VerifyRequest) -> VerifyResult | None:
        """The verification pass, forwarded and logged as one more call."""
        call = _Call(
            kind="verify",
            text="\n".join(m["content"] for m in request.messages),
            label=f"verification of {request.label}",
            title=request.title,
            prompt_id=request.prompt_id,
            prompt_sha256=request.prompt_sha256,
        )
        return await self._logged(
            call,
            self.inner.verify(request),
            lambda r: {
                claim: {"supported": v.supported, "reason": v.reason}
                for claim, v in r.verdicts.items()
            },
        )

    async def _logged(
        self, call: _Call, answer: Awaitable[_Answer], response: Callable[[Any], Any]
    ) -> _Answer:
        """Await the inner provider's ``answer`` and record the call: its exchanges, and
        the error or the answer as ``response`` puts it (a verification the provider
        skips, answering None, is no call)."""
        started = time.perf_counter()
        with listening() as heard:
            try:
                result = await answer
            except BaseException as exc:
                self._record(call, heard, started, error=exc)
                raise
        if result is not None:
            call.response = response(result)
            self._record(call, heard, started, result=(result.model, result.usage, result.attempts))
        return result

    def record(
        self,
        *,
        kind: str,
        text: str,
        label: str,
        prompt_id: str,
        prompt_sha256: str,
        model: str,
        usage: Usage,
        attempts: int,
        started: float,
        heard: list[Exchange],
        error: str | None = None,
        response: Any = None,
    ) -> None:
        """Log and count a call made with the inner provider outside :meth:`extract` and
        :meth:`verify` (a daily story's summary): ``started`` is its ``time.perf_counter``,
        ``heard`` its exchanges, ``error`` what went wrong in words."""
        call = _Call(kind, text, label, None, prompt_id, prompt_sha256, response)
        self._record(call, heard, started, result=(model, usage, attempts), error=error)

    def _record(
        self,
        call: _Call,
        heard: list[Exchange],
        started: float,
        *,
        result: tuple[str, Usage, int] | None = None,
        error: BaseException | str | None = None,
    ) -> None:
        """Count the call and hand its record to the log."""
        if result is not None:
            model, usage, attempts = result
        else:
            assert not isinstance(error, str)
            model, usage, attempts = self.model, *_spent(heard, error)
        cost = self._cost(model, usage)
        self.calls += 1
        self.cost_usd += cost or 0.0
        if self.log is None:
            return
        outcome = "error" if error is not None else "repaired" if attempts > 1 else "ok"
        self.log(
            CallRecord(
                provider=self.name,
                model=model,
                prompt_id=call.prompt_id,
                text_sha256=hashlib.sha256(call.text.encode("utf-8")).hexdigest(),
                label=call.label,
                attempts=attempts,
                usage=usage,
                cost_usd=cost,
                latency_s=time.perf_counter() - started,
                outcome=outcome,
                error=None if error is None else _describe(error),
                kind=call.kind,
                title=call.title,
                prompt_sha256=call.prompt_sha256,
                exchanges=tuple(e.to_data() for e in heard),
                response=call.response,
            )
        )

    def _cost(self, model: str, usage: Usage) -> float | None:
        if not self.paid or not usage.total_tokens:
            return 0.0
        return self._settings.cost(model, usage)

    async def aclose(self) -> None:
        try:
            await self.inner.aclose()
        finally:
            if isinstance(self.log, StoreLog):
                self.log.close()


@dataclass
class _Call:
    """What is known of a call before it is made, and its final answer once it is."""

    kind: str
    text: str
    label: str
    title: str | None
    prompt_id: str
    prompt_sha256: str
    response: Any = None


def opening(text: str, words: int = 10) -> str:
    """The first ``words`` words of ``text`` in quotation marks: what names an untitled article."""
    head = text.split(maxsplit=words)
    shown = " ".join(head[:words])
    return f"“{shown}…”" if len(head) > words else f"“{shown}”"


def _spent(heard: list[Exchange], error: BaseException | None) -> tuple[Usage, int]:
    """Tokens and answers of a failed call: what its exchanges got, else what the error says."""
    answered = [e for e in heard if e.response is not None]
    if answered or not isinstance(error, NoValidOutputError):
        usage = Usage()
        for exchange in answered:
            usage = usage + exchange.usage
        return usage, len(answered)
    spent = error.usage if isinstance(error.usage, Usage) else Usage()
    return spent, error.attempts


def _describe(error: BaseException | str) -> str:
    """An error in words: our errors' own message, others with their type."""
    if isinstance(error, str):
        return error
    if isinstance(error, SummarizerError):
        return str(error)
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def logged(provider: Provider, settings: Settings) -> LoggedProvider:
    """``provider`` counted, and logged to the store unless ``log_calls`` is off."""
    log = StoreLog(settings.data_dir) if settings.log_calls else None
    return LoggedProvider(provider, settings, log)


def logged_to(
    provider: Provider, settings: Settings, prompt_id: str, log: CallLog
) -> LoggedProvider:
    """``provider`` counted, each call's record handed to ``log`` (a run's own log, which
    files it under the run) unless ``log_calls`` is off.

    A provider already logged by :func:`~summarizer.providers.make_provider` is
    unwrapped first, so that each call is logged once, with its run.
    """
    if isinstance(provider, LoggedProvider):
        provider = provider.inner
    return LoggedProvider(
        provider, settings, log if settings.log_calls else None, prompt_id=prompt_id
    )
