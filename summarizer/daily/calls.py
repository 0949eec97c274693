"""A provider wrapper that logs every call (the run log) and keeps the run's spend."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from ..config import Settings
from ..errors import NoValidOutputError, SummarizerError
from ..providers.base import (
    ExtractionRequest,
    ExtractionResult,
    Provider,
    VerifyRequest,
    VerifyResult,
)
from ..schema import Usage
from ..store import CallRecord


class LoggedProvider(Provider):
    """Delegates to ``inner`` and hands a :class:`CallRecord` of each call to ``log``."""

    def __init__(
        self,
        inner: Provider,
        settings: Settings,
        prompt_id: str,
        log: Callable[[CallRecord], None],
    ):
        self.inner = inner
        self.name = inner.name  # type: ignore[misc]  # the wrapped provider's name
        self.model = inner.model
        self._settings = settings
        self._prompt_id = prompt_id
        self._log = log
        self.calls = 0
        self.cost_usd = 0.0

    def parameters(self) -> dict[str, Any]:
        return self.inner.parameters()

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        started = time.perf_counter()
        try:
            result = await self.inner.extract(request)
        except SummarizerError as exc:
            usage = exc.usage if isinstance(exc, NoValidOutputError) else None
            attempts = exc.attempts if isinstance(exc, NoValidOutputError) else 1
            self.record(
                request.text,
                request.label,
                self.model,
                usage if isinstance(usage, Usage) else Usage(),
                attempts,
                started,
                str(exc),
            )
            raise
        self.record(
            request.text, request.label, result.model, result.usage, result.attempts, started
        )
        return result

    async def verify(self, request: VerifyRequest) -> VerifyResult | None:
        """The verification pass, forwarded and logged as one more call."""
        text = "\n".join(m["content"] for m in request.messages)
        label = f"verification of {request.label}"
        started = time.perf_counter()
        try:
            result = await self.inner.verify(request)
        except SummarizerError as exc:
            self.record(text, label, self.model, Usage(), 1, started, str(exc))
            raise
        if result is not None:
            self.record(text, label, result.model, result.usage, result.attempts, started)
        return result

    def record(
        self,
        text: str,
        label: str,
        model: str,
        usage: Usage,
        attempts: int,
        started: float,
        error: str | None = None,
        prompt_id: str | None = None,
    ) -> None:
        """Log one call about ``text`` that started at ``started`` (``time.perf_counter``)
        and count its cost; ``prompt_id`` defaults to the briefs' prompt."""
        cost = self._settings.cost(model, usage) if usage.total_tokens else 0.0
        self.calls += 1
        self.cost_usd += cost or 0.0
        self._log(
            CallRecord(
                provider=self.name,
                model=model,
                prompt_id=prompt_id or self._prompt_id,
                text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                label=label,
                attempts=attempts,
                usage=usage,
                cost_usd=cost,
                latency_s=time.perf_counter() - started,
                outcome="error" if error else "ok",
                error=error,
            )
        )

    async def aclose(self) -> None:
        await self.inner.aclose()
