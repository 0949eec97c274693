"""What every instructor-backed provider does: ask, salvage, ground, repair, verify.

One extraction is a loop of rounds (tenacity, as instructor uses it): the first
round asks for the brief; every answer is parsed by instructor into a salvaging
model (:mod:`summarizer.providers.validation`) and grounded; while items fail
and re-asks are left, the next round asks for repairs of only those items
(:mod:`summarizer.providers.repairs`). An unreadable answer is asked again with
the reason in plain words. A perfect answer takes exactly one request.

Subclasses implement :meth:`StructuredProvider._complete`: one chat completion
(with their transport retries), recorded in the call's :class:`Ledger`.
"""

from __future__ import annotations

import functools
import time
from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any, TypeVar

import instructor
from instructor.core.exceptions import IncompleteOutputException, ResponseParsingError
from pydantic import ValidationError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from ..config import Settings
from ..errors import NoValidOutputError, ProviderError, SummarizerError
from ..grounding import Grounded, ground
from ..prompts import Message
from ..schema import Extraction, Usage
from . import exchanges
from .base import (
    ExtractionRequest,
    ExtractionResult,
    Provider,
    TruncatedOutputError,
    Verdict,
    VerifyRequest,
    VerifyResult,
)
from .repairs import Failing, Key, Repairs, apply_repairs, failing_items, repair_messages
from .validation import BriefAnswer, Salvaging, UnreadableAnswer, Verdicts, plain_errors

M = TypeVar("M", bound=Salvaging)


def usage_of(response: Any) -> Usage:
    """Token usage reported by one chat completion (zero when absent)."""
    usage = getattr(response, "usage", None)
    if usage is None and isinstance(response, dict):
        usage = response.get("usage")
    if usage is None:
        return Usage()

    def count(name: str) -> int:
        value = usage.get(name) if isinstance(usage, dict) else getattr(usage, name, 0)
        try:
            return max(0, int(value or 0))
        except (TypeError, ValueError):
            return 0

    prompt, completion = count("prompt_tokens"), count("completion_tokens")
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_tokens=count("total_tokens") or prompt + completion,
    )


def short(text: str, limit: int = 300) -> str:
    """``text`` on one line, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def cause_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or during, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


@dataclass
class Ledger:
    """What one extraction or verification spent: requests sent, answers and their usage.

    ``slip`` is set by the transport when an answer was unusable before parsing
    (a tool call under another name...): it becomes the re-ask's reason.
    """

    requests: int = 0
    usages: list[Usage] = field(default_factory=list)
    slip: str = ""
    answers: list[Any] = field(default_factory=list)  # as received, when the call log listens

    def answered(self, response: Any) -> None:
        """Count one answer of the model and its token usage."""
        self.usages.append(usage_of(response))
        if exchanges.is_listened():
            self.answers.append(exchanges.response_data(response))

    @property
    def attempts(self) -> int:
        """Answers received: the first request's, re-asks' and repairs' (not transport retries)."""
        return len(self.usages)

    @property
    def usage(self) -> Usage:
        total = Usage()
        for usage in self.usages:
            total = total + usage
        return total


class Unreadable(Exception):
    """An answer held nothing usable; ``reason`` is what the re-ask says."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NeedsRepair(Exception):
    """Items still fail grounding and are to be repaired."""


@dataclass
class _Round:
    """The state of one extraction between rounds."""

    request: ExtractionRequest
    extraction: Extraction | None = None
    grounded: Grounded | None = None
    failing: list[Failing] = field(default_factory=list)
    declined: set[Key] = field(default_factory=set)
    unreadable: str = ""
    notes: list[str] = field(default_factory=list)


class StructuredProvider(Provider):
    """A provider whose model answers through instructor; see the module docstring."""

    settings: Settings
    mode: instructor.Mode

    @abstractmethod
    async def _complete(self, ledger: Ledger, **kwargs: Any) -> Any:
        """One chat completion for ``kwargs``, counted in ``ledger``.

        Raises:
            SummarizerError: the backend failed or refused (already in our words).
        """

    def _error(self, exc: BaseException) -> SummarizerError | None:
        """Our error for a backend exception, if it is one this provider knows."""
        return exc if isinstance(exc, SummarizerError) else None

    def answer_form(self, model: type[Salvaging]) -> str:
        """How the model is to answer, in words for re-asks: a function or JSON."""
        if self.mode in (instructor.Mode.TOOLS, instructor.Mode.TOOLS_STRICT):
            return f"the {model.model_config.get('title')} function"
        return "one JSON object that follows the schema, and nothing else"

    def _sampling(self) -> dict[str, Any]:
        s = self.settings
        args: dict[str, Any] = {"temperature": s.temperature, "max_tokens": s.max_output_tokens}
        if s.seed is not None:
            args["seed"] = s.seed
        return args

    async def _ask(self, ledger: Ledger, model: type[M], messages: list[Message]) -> M:
        """One request parsed into ``model``.

        Raises:
            Unreadable: the answer held nothing usable.
            TruncatedOutputError: the answer was cut off at ``max_output_tokens``.
            SummarizerError: the backend failed.
        """
        create: Any = instructor.patch(create=functools.partial(self._sent, ledger), mode=self.mode)
        ledger.slip = ""
        try:
            answer = await create(
                response_model=model,
                messages=[dict(m) for m in messages],
                max_retries=0,
                strict=False,
                **self._sampling(),
            )
        except IncompleteOutputException:
            raise TruncatedOutputError(
                f"the answer was cut off at max_output_tokens={self.settings.max_output_tokens}",
                usage=ledger.usage,
                attempts=ledger.attempts,
            ) from None
        except Exception as exc:
            raise self._failure(exc, ledger) from None
        if not isinstance(answer, model):
            raise Unreadable("the answer could not be read")
        return answer

    async def _sent(self, ledger: Ledger, **kwargs: Any) -> Any:
        """:meth:`_complete`, and the exchange handed to whoever listens (the call log)."""
        if not exchanges.is_listened():
            return await self._complete(ledger, **kwargs)
        started, before = time.perf_counter(), ledger.attempts
        error: str | None = None
        try:
            return await self._complete(ledger, **kwargs)
        except BaseException as exc:
            mapped = self._error(exc)
            error = str(mapped) if mapped else f"{type(exc).__name__}: {exc}".rstrip(": ")
            raise
        finally:
            answered = ledger.attempts > before
            exchanges.heard(
                exchanges.Exchange(
                    request=exchanges.request_data(kwargs),
                    response=ledger.answers[-1] if answered and ledger.answers else None,
                    usage=ledger.usages[-1] if answered else Usage(),
                    latency_s=exchanges.since(started),
                    error=error,
                )
            )

    def _failure(self, exc: Exception, ledger: Ledger) -> Exception:
        """What an exception from instructor means: unreadable, or a backend error."""
        for cause in cause_chain(exc):
            mapped = self._error(cause)
            if mapped is not None:
                return mapped
        for cause in cause_chain(exc):
            if isinstance(cause, UnreadableAnswer):
                return Unreadable(cause.reason)
            if isinstance(cause, ValidationError):
                return Unreadable(plain_errors(cause))
            if isinstance(cause, ResponseParsingError | ValueError):
                return Unreadable(
                    ledger.slip or f"the answer could not be read: {short(str(cause))}"
                )
        return exc

    # ------------------------------------------------------------- extraction

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        ledger = Ledger()
        state = _Round(request)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_reasks + 1),
            retry=retry_if_exception_type((Unreadable, NeedsRepair)),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    await self._round(state, ledger)
        except NeedsRepair:
            pass  # re-asks used up: what still fails is dropped by the pipeline
        except Unreadable as exc:
            if state.extraction is None:
                raise NoValidOutputError(
                    f"no valid brief for {request.label} after {ledger.attempts} attempts: "
                    f"{exc.reason}",
                    usage=ledger.usage,
                    attempts=ledger.attempts,
                ) from None
        except TruncatedOutputError as exc:
            raise TruncatedOutputError(
                f"the model's answer for {request.label} was cut off at max_output_tokens="
                f"{self.settings.max_output_tokens}",
                usage=ledger.usage,
                attempts=ledger.attempts,
            ) from exc
        except NoValidOutputError as exc:
            exc.usage, exc.attempts = ledger.usage, ledger.attempts
            raise
        except ProviderError as exc:
            if state.extraction is None:
                raise
            # A repair failed: the answer in hand is kept; what does not ground is dropped.
            # (Its message stays out of the brief: an endpoint's error text is not ours to copy.)
            state.notes.append(
                f"repairs stopped for {request.label}: the provider failed the repair request "
                f"({type(exc).__name__})"
            )
        assert state.extraction is not None and state.grounded is not None
        return ExtractionResult(
            extraction=state.extraction,
            model=self.model,
            usage=ledger.usage,
            attempts=ledger.attempts,
            salvaged=bool(state.grounded.problems),
            grounded=state.grounded,
            notes=tuple(state.notes),
        )

    async def _round(self, state: _Round, ledger: Ledger) -> None:
        """Ask (or repair), ground, and raise if another round is needed."""
        request = state.request
        if state.extraction is None:
            messages = request.messages
            if state.unreadable:
                messages = [*messages, self._reask(state.unreadable)]
            try:
                answer = await self._ask(ledger, BriefAnswer, messages)
            except Unreadable as exc:
                state.unreadable = exc.reason
                raise
            state.extraction = answer.extraction()
            state.notes += answer.salvage_notes
        else:
            form = self.answer_form(Repairs)
            messages = repair_messages(request.messages, state.extraction, state.failing, form)
            try:
                repairs = await self._ask(ledger, Repairs, messages)
            except TruncatedOutputError:
                raise Unreadable("the answer was cut off") from None
            state.extraction, declined = apply_repairs(state.extraction, repairs, state.failing)
            state.declined |= declined
        state.grounded = ground(state.extraction, request.index, request.window)
        state.failing = failing_items(state.grounded.problems, state.declined)
        if state.failing:
            raise NeedsRepair()

    def _reask(self, reason: str) -> Message:
        return {
            "role": "user",
            "content": f"Your answer could not be used: {reason}. Answer again with "
            f"{self.answer_form(BriefAnswer)}, holding the whole brief.",
        }

    # ----------------------------------------------------------- verification

    async def verify(self, request: VerifyRequest) -> VerifyResult:
        """One request: the model's verdict on each claim; an unreadable answer judges none."""
        ledger = Ledger()
        notes: tuple[str, ...] = ()
        verdicts: dict[str, Verdict] = {}
        try:
            answer = await self._ask(ledger, Verdicts, request.messages)
        except (Unreadable, TruncatedOutputError) as exc:
            reason = exc.reason if isinstance(exc, Unreadable) else "it was cut off"
            notes = (f"claims not verified: the verification answer could not be read ({reason})",)
        else:
            wanted = set(request.claim_ids)
            verdicts = {
                v.id.strip(): Verdict(v.supported, v.reason.strip())
                for v in answer.verdicts
                if v.id.strip() in wanted
            }
        return VerifyResult(verdicts, self.model, ledger.usage, ledger.attempts, notes)
