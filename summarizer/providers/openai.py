"""Any OpenAI-compatible chat endpoint, through the ``openai`` client and ``instructor``."""

from __future__ import annotations

from typing import Any

import httpx2
import instructor
import openai

from ..config import DEFAULT_OPENAI_MODEL, Settings
from ..errors import AuthError, ConfigError, ProviderError, ProviderUnavailableError
from ..retry import transport_retrying
from .base import ExtractionRequest, ExtractionResult, Provider
from .structured import StructuredCall, cause_chain, short
from .validation import grounding_session

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}


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
        detail = short(getattr(exc, "message", "") or str(exc))
        return ProviderError(f"{where} refused the request (HTTP {exc.status_code}): {detail}")
    if isinstance(exc, openai.OpenAIError):
        return ProviderError(f"provider error from {where}: {short(str(exc))}")
    return None


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
        call = StructuredCall(request, self.settings, self.model)
        with grounding_session(request.index) as session:
            try:
                extraction = await self._create(model=self.model, **call.arguments())
            except Exception as exc:
                return call.recover(exc, session, lambda e: provider_error(e, self.settings))
        return call.result(extraction, grounded=session.accepted)

    async def structured(self, **arguments: Any) -> Any:
        """One instructor call for any response model (``response_model``, ``messages``,
        ``max_retries``, ...) with this provider's client, model and transport retries;
        transport and API errors become our provider errors, anything else is re-raised."""
        try:
            return await self._create(model=self.model, **arguments)
        except Exception as exc:
            for cause in cause_chain(exc):
                mapped = provider_error(cause, self.settings)
                if mapped is not None:
                    raise mapped from None
            raise

    async def aclose(self) -> None:
        await self._client.close()
