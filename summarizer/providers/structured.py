"""What every instructor-backed provider does around one call.

Usage of every attempt is counted, grounding failures become re-asks through
:class:`~summarizer.providers.validation.ValidatedExtraction`, and when the re-asks run
out the last candidate is salvaged so the pipeline can drop what still fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks

from ..config import Settings
from ..errors import NoValidOutputError, SummarizerError
from ..grounding import Grounded
from ..schema import Extraction, Usage
from .base import ExtractionRequest, ExtractionResult
from .validation import GroundingSession, ValidatedExtraction


def usage_of(response: Any) -> Usage:
    """Token usage reported by one chat completion (zero when absent)."""
    usage = getattr(response, "usage", None)
    if usage is None and isinstance(response, dict):
        usage = response.get("usage")
    if usage is None:
        return Usage()

    def field(name: str) -> int:
        value = usage.get(name) if isinstance(usage, dict) else getattr(usage, name, 0)
        return int(value or 0)

    prompt, completion = field("prompt_tokens"), field("completion_tokens")
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_tokens=field("total_tokens") or prompt + completion,
    )


def short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def cause_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


class StructuredCall:
    """One extraction through an instructor-patched ``create``: arguments, usage, recovery."""

    def __init__(self, request: ExtractionRequest, settings: Settings, model: str):
        self.request = request
        self.settings = settings
        self.model = model
        # instructor later rewrites each response's usage to the running total,
        # so usage is copied out the moment a response arrives.
        self.usages: list[Usage] = []
        self.hooks = Hooks()
        self.hooks.on(
            "completion:response", lambda response: self.usages.append(usage_of(response))
        )

    def arguments(self) -> dict[str, Any]:
        s = self.settings
        args: dict[str, Any] = {
            "response_model": ValidatedExtraction,
            "messages": [dict(m) for m in self.request.messages],
            "max_retries": s.max_reasks,
            "strict": False,
            "hooks": self.hooks,
            "temperature": s.temperature,
            "max_tokens": s.max_output_tokens,
        }
        if s.seed is not None:
            args["seed"] = s.seed
        return args

    @property
    def usage(self) -> Usage:
        total = Usage()
        for usage in self.usages:
            total = total + usage
        return total

    def result(
        self, extraction: Extraction, salvaged: bool = False, grounded: Grounded | None = None
    ) -> ExtractionResult:
        return ExtractionResult(
            extraction=extraction,
            model=self.model,
            usage=self.usage,
            attempts=len(self.usages),
            salvaged=salvaged,
            grounded=grounded,
        )

    def recover(
        self,
        exc: Exception,
        session: GroundingSession,
        provider_error: Callable[[BaseException], SummarizerError | None],
    ) -> ExtractionResult:
        """A salvaged result after the re-asks ran out, or the error that says why there is none."""
        label = self.request.label
        if isinstance(exc, IncompleteOutputException):
            raise NoValidOutputError(
                f"the model's output for {label} was cut off at max_output_tokens="
                f"{self.settings.max_output_tokens}; raise it or lower max_input_chars",
                usage=self.usage,
                attempts=len(self.usages),
            ) from None
        for cause in cause_chain(exc):
            mapped = provider_error(cause)
            if mapped is not None:
                raise mapped from None
        if isinstance(exc, InstructorRetryException) and session.last_candidate is not None:
            return self.result(session.last_candidate, salvaged=True)
        if isinstance(exc, InstructorRetryException):
            raise NoValidOutputError(
                f"no valid brief for {label} after {len(self.usages)} attempts: "
                f"{short(str(exc), 200)}",
                usage=self.usage,
                attempts=len(self.usages),
            ) from None
        raise exc
