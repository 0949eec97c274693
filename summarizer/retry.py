"""Transport retries with tenacity: 429, 5xx, timeouts and connection errors.

Each HTTP request is retried on its own, so a re-ask that hits a rate limit does
not restart the whole extraction. Client errors (400/401/403/404) are final.
"""

from __future__ import annotations

import email.utils
import logging
import time
from typing import Any

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from .config import Settings

log = logging.getLogger(__name__)


def is_transient(exc: BaseException) -> bool:
    """True for failures that a later attempt may not see."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """The server's requested delay from ``retry-after-ms`` or ``Retry-After``, if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


class WaitRetryAfter:
    """Wait what the server asks for (capped), else exponential back-off with jitter."""

    def __init__(self, cap: float, base: float = 0.5):
        self.cap = cap
        self.fallback = wait_random_exponential(multiplier=base, max=cap)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc)
        if asked is not None:
            return min(asked, self.cap)
        return float(self.fallback(state))


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0.0
    log.warning(
        "request failed (%s); retry %d in %.1fs", type(exc).__name__, state.attempt_number, wait
    )


def transport_retrying(settings: Settings, **overrides: Any) -> AsyncRetrying:
    """The retry policy for one provider request, bounded by attempts and total time."""
    options: dict[str, Any] = {
        "retry": retry_if_exception(is_transient),
        "stop": stop_after_attempt(settings.retry_attempts)
        | stop_after_delay(settings.retry_max_time),
        "wait": WaitRetryAfter(cap=settings.retry_max_wait),
        "before_sleep": _log_retry,
        "reraise": True,
    }
    options.update(overrides)
    return AsyncRetrying(**options)
