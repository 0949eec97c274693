"""Any OpenAI-compatible chat endpoint, through the ``openai`` client and ``instructor``."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import httpx2
import instructor
import openai
from openai.types.chat.chat_completion_message_function_tool_call import (
    ChatCompletionMessageFunctionToolCall,
    Function,
)

from ..config import DEFAULT_OPENAI_MODEL, Settings
from ..errors import (
    AuthError,
    ConfigError,
    NoValidOutputError,
    ProviderError,
    ProviderUnavailableError,
    SummarizerError,
)
from ..retry import RetriesExhausted, transport_retrying
from .limits import ACCEPTED_ENCODINGS, ResponseTooLarge, UnsupportedEncoding, cap_responses
from .structured import Ledger, StructuredProvider, cause_chain, short

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}


def _gave_up(exc: RetriesExhausted, where: str, settings: Settings) -> ProviderError:
    tries = f"{exc.attempts} attempt{'s' if exc.attempts != 1 else ''} in {exc.seconds:.0f}s"
    if exc.asked is not None:
        return ProviderUnavailableError(
            f"{where} asked to wait {exc.asked:.0f}s before retrying (Retry-After), longer than "
            f"what is left of retry_max_time={settings.retry_max_time:g}s after {tries}; "
            "try again later"
        )
    last = exc.last
    if isinstance(last, openai.APITimeoutError):
        return ProviderUnavailableError(
            f"{where} did not answer within {settings.timeout:g}s, {tries}"
        )
    if isinstance(last, openai.APIStatusError):
        return ProviderUnavailableError(
            f"{where} kept failing (HTTP {last.status_code}) after {tries}"
        )
    return ProviderUnavailableError(f"cannot connect to {where} after {tries}")


_OUTPUT_LIMIT = re.compile(r"max_(?:completion_)?tokens|max_output_tokens", re.IGNORECASE)


def provider_error(exc: BaseException, settings: Settings) -> SummarizerError | None:
    """Our error for an ``openai`` or transport exception, in words that say what to do."""
    where = settings.base_url or "the OpenAI API"
    if isinstance(exc, SummarizerError):
        return exc
    if isinstance(exc, RetriesExhausted):
        return _gave_up(exc, where, settings)
    if isinstance(exc, ResponseTooLarge):
        return ProviderError(
            f"{where} sent a response larger than max_response_bytes={exc.limit:,}; refused"
        )
    if isinstance(exc, UnsupportedEncoding):
        return ProviderError(f"{where} sent a response that cannot be read: {exc}")
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
    if isinstance(exc, openai.APIStatusError):
        detail = short(getattr(exc, "message", "") or str(exc))
        hint = ""
        if exc.status_code == 400 and _OUTPUT_LIMIT.search(detail):
            hint = (
                f"; max_output_tokens={settings.max_output_tokens} may be more than the model "
                "accepts: lower it (SUMMARIZER_MAX_OUTPUT_TOKENS, or in the config file)"
            )
        return ProviderError(
            f"{where} refused the request (HTTP {exc.status_code}): {detail}{hint}"
        )
    if isinstance(exc, json.JSONDecodeError):
        return ProviderError(
            f"{where} answered with a body that is not a chat completion (not JSON)"
        )
    if isinstance(exc, openai.OpenAIError):
        return ProviderError(f"provider error from {where}: {short(str(exc))}")
    return None


def _requested_tool(kwargs: dict[str, Any]) -> str | None:
    choice = kwargs.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        return name if isinstance(name, str) else None
    return None


def select_tool_call(response: Any, tool: str, ledger: Ledger) -> None:
    """Keep only calls of ``tool`` in ``response``; a brief given as text becomes that call.

    A call of another function is never taken as the brief: without a call of
    ``tool`` the answer fails to parse, and ``ledger.slip`` says why.
    """
    message = response.choices[0].message
    calls = message.tool_calls or []
    named = [c for c in calls if getattr(getattr(c, "function", None), "name", None) == tool]
    message.function_call = None
    if named:
        message.tool_calls = named
        return
    others = sorted({str(getattr(getattr(c, "function", None), "name", "?")) for c in calls})
    if others:
        ledger.slip = f"it called {', '.join(others)} instead of {tool}"
        message.tool_calls = None
        return
    if message.content and "{" in message.content:
        message.tool_calls = [
            ChatCompletionMessageFunctionToolCall(
                id="content",
                type="function",
                function=Function(name=tool, arguments=message.content),
            )
        ]
        return
    ledger.slip = f"it did not call {tool}"


class OpenAIProvider(StructuredProvider):
    """Chat completions with instructor; failing items are repaired by re-asks."""

    name = "openai"

    def __init__(self, settings: Settings, *, http_client: httpx2.AsyncClient | None = None):
        if settings.api_key is None:
            raise ConfigError(
                "the openai provider needs an API key: set OPENAI_API_KEY (or "
                "SUMMARIZER_API_KEY); for a local server that needs none, set it to any value"
            )
        self.settings = settings
        self.model = settings.model or DEFAULT_OPENAI_MODEL
        self.mode = MODES[settings.mode]
        client = http_client or openai.DefaultAsyncHttpxClient()
        cap_responses(client, settings.max_response_bytes)
        self._client = openai.AsyncOpenAI(
            api_key=settings.api_key.get_secret_value(),
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=0,
            http_client=client,
            default_headers={"Accept-Encoding": ACCEPTED_ENCODINGS},
        )

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

    def _error(self, exc: BaseException) -> SummarizerError | None:
        return provider_error(exc, self.settings)

    async def _complete(self, ledger: Ledger, **kwargs: Any) -> Any:
        """One chat completion, retried on transient failures, checked before parsing."""
        try:
            async for attempt in transport_retrying(self.settings):
                with attempt:
                    ledger.requests += 1
                    response = await self._client.chat.completions.create(
                        model=self.model, **kwargs
                    )
        except Exception as exc:
            mapped = provider_error(exc, self.settings)
            if mapped is None:
                raise
            raise mapped from None
        where = self.settings.base_url or "the OpenAI API"
        if not hasattr(response, "choices"):
            raise ProviderError(f"{where} answered with a body that is not a chat completion")
        if not response.choices:
            raise ProviderError(f"{where} answered without any choices")
        ledger.answered(response)
        refusal = getattr(response.choices[0].message, "refusal", None)
        if refusal:
            raise NoValidOutputError(f"the model refused to answer: {short(str(refusal), 200)}")
        tool = _requested_tool(kwargs)
        if tool is not None:
            select_tool_call(response, tool, ledger)
        return response

    async def structured(self, **arguments: Any) -> Any:
        """One instructor call for any response model (``response_model``, ``messages``,
        ``max_retries``, ...) with this provider's client, model, transport retries and
        response checks; backend errors become our provider errors, anything else is
        re-raised."""
        create: Any = instructor.patch(
            create=functools.partial(self._complete, Ledger()), mode=self.mode
        )
        try:
            return await create(**arguments)
        except Exception as exc:
            for cause in cause_chain(exc):
                if isinstance(cause, SummarizerError):
                    raise cause from None
                mapped = provider_error(cause, self.settings)
                if mapped is not None:
                    raise mapped from None
            raise

    async def aclose(self) -> None:
        await self._client.close()
