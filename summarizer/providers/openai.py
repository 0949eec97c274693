"""Any OpenAI-compatible chat endpoint, through the ``openai`` client and ``instructor``."""

from __future__ import annotations

from typing import Any

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks

from ..config import DEFAULT_OPENAI_MODEL, Settings
from ..errors import (
    AuthError,
    ConfigError,
    NoValidOutputError,
    ProviderError,
    ProviderUnavailableError,
)
from ..grounding import ValidatedExtraction, grounding_session
from ..retry import transport_retrying
from ..schema import Usage
from .base import ExtractionRequest, ExtractionResult, Provider

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}


def usage_of(response: Any) -> Usage:
    """Token usage reported by one chat completion (zero when absent)."""
    usage = getattr(response, "usage", None)
    if usage is None:
        return Usage()
    prompt = getattr(usage, "prompt_tokens", 0) or 0
    completion = getattr(usage, "completion_tokens", 0) or 0
    total = getattr(usage, "total_tokens", 0) or prompt + completion
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=total)


def provider_error(exc: BaseException, settings: Settings) -> ProviderError | None:
    """Our error for an ``openai`` exception, in words that say what to do."""
    where = settings.base_url or "the OpenAI API"
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return AuthError(
            f"{where} rejected the API key (HTTP {exc.status_code}); check OPENAI_API_KEY "
            "or SUMMARIZER_API_KEY"
        )
    if isinstance(exc, openai.NotFoundError):
        return ProviderError(
            f"{where} answered 404 Not Found for model {settings.model or DEFAULT_OPENAI_MODEL!r}; "
            "check --model and --base-url"
        )
    if isinstance(exc, openai.APITimeoutError):
        return ProviderUnavailableError(
            f"{where} did not answer within {settings.timeout:g}s after "
            f"{settings.retry_attempts} attempts"
        )
    if isinstance(exc, openai.APIConnectionError):
        return ProviderUnavailableError(
            f"cannot connect to {where} after {settings.retry_attempts} attempts"
        )
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code == 429 or exc.status_code >= 500:
            return ProviderUnavailableError(
                f"{where} kept failing (HTTP {exc.status_code}) after retrying for up to "
                f"{settings.retry_attempts} attempts"
            )
        detail = _short(getattr(exc, "message", "") or str(exc))
        return ProviderError(f"{where} refused the request (HTTP {exc.status_code}): {detail}")
    return None


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _cause_chain(exc: BaseException) -> list[BaseException]:
    chain = []
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        chain.append(current)
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return chain


class OpenAIProvider(Provider):
    """Chat completions with instructor; grounding failures are fed back as re-asks."""

    name = "openai"

    def __init__(self, settings: Settings, *, http_client: httpx2.AsyncClient | None = None):
        if settings.api_key is None:
            raise ConfigError(
                "the openai provider needs an API key: set OPENAI_API_KEY (or "
                "SUMMARIZER_API_KEY); for a local server that needs none, set it to any value"
            )
        self.settings = settings
        self.model = settings.model or DEFAULT_OPENAI_MODEL
        self._client = openai.AsyncOpenAI(
            api_key=settings.api_key.get_secret_value(),
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=0,
            http_client=http_client,
        )
        self._create = instructor.patch(create=self._send, mode=MODES[settings.mode])

    def parameters(self) -> dict[str, Any]:
        s = self.settings
        return {
            "provider": self.name,
            "model": self.model,
            "base_url": s.base_url,
            "mode": s.mode,
            "temperature": s.temperature,
            "max_output_tokens": s.max_output_tokens,
            "seed": s.seed,
            "max_reasks": s.max_reasks,
        }

    async def _send(self, **kwargs: Any) -> Any:
        """One chat completion, retried on transient failures."""
        async for attempt in transport_retrying(self.settings):
            with attempt:
                return await self._client.chat.completions.create(**kwargs)
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        s = self.settings
        # instructor later rewrites each response's usage to the running total,
        # so usage is copied out the moment a response arrives.
        responses: list[Usage] = []
        hooks = Hooks()
        hooks.on("completion:response", lambda response: responses.append(usage_of(response)))
        extra: dict[str, Any] = {"temperature": s.temperature, "max_tokens": s.max_output_tokens}
        if s.seed is not None:
            extra["seed"] = s.seed
        salvaged = False
        with grounding_session(request.index) as session:
            try:
                extraction = await self._create(
                    response_model=ValidatedExtraction,
                    messages=[dict(m) for m in request.messages],
                    model=self.model,
                    max_retries=s.max_reasks,
                    strict=False,
                    hooks=hooks,
                    **extra,
                )
            except IncompleteOutputException:
                raise NoValidOutputError(
                    f"the model's output for {request.label} was cut off at "
                    f"max_output_tokens={s.max_output_tokens}; raise it or lower max_input_chars",
                    usage=_total(responses),
                    attempts=len(responses),
                ) from None
            except InstructorRetryException as exc:
                for cause in _cause_chain(exc):
                    mapped = provider_error(cause, s)
                    if mapped is not None:
                        raise mapped from None
                if session.last_candidate is None:
                    raise NoValidOutputError(
                        f"no valid brief for {request.label} after {len(responses)} attempts: "
                        f"{_short(str(exc), 200)}",
                        usage=_total(responses),
                        attempts=len(responses),
                    ) from None
                extraction = session.last_candidate
                salvaged = True
            except openai.OpenAIError as exc:
                mapped = provider_error(exc, s)
                if mapped is None:
                    raise ProviderError(f"provider error: {_short(str(exc))}") from None
                raise mapped from None
        return ExtractionResult(
            extraction=extraction,
            model=self.model,
            usage=_total(responses),
            attempts=len(responses),
            salvaged=salvaged,
        )

    async def aclose(self) -> None:
        await self._client.close()


def _total(usages: list[Usage]) -> Usage:
    total = Usage()
    for usage in usages:
        total = total + usage
    return total
