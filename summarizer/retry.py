"""Transport retries with tenacity: 429, 5xx, timeouts and connection errors.

Each HTTP request is retried on its own, so a re-ask that hits a rate limit does
not restart the whole extraction. Client errors (400/401/403/404) are final.

A server's ``Retry-After`` (or ``retry-after-ms``) is honoured as asked when it
fits in what is left of ``retry_max_time``; when it does not, retrying stops at
once instead of waiting less than asked and being refused again. Our own
back-off is exponential with jitter, capped at ``retry_max_wait``. When retrying
ends, :class:`RetriesExhausted` says why, with the real number of attempts.
"""

from __future__ import annotations

import email.utils
import logging
import time
from typing import Any, NoReturn

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
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
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, parsed.timestamp() - time.time())


class RetriesExhausted(Exception):
    """Retrying one request ended: the last failure, attempts made, seconds spent.

    ``asked`` is set when the server asked to wait longer than the time left.
    """

    def __init__(self, last: BaseException, attempts: int, seconds: float, asked: float | None):
        super().__init__(f"gave up after {attempts} attempts: {last}")
        self.last = last
        self.attempts = attempts
        self.seconds = seconds
        self.asked = asked


class WaitRetryAfter:
    """Wait what the server asks for, else exponential back-off with jitter up to ``cap``."""

    def __init__(self, cap: float, base: float = 0.5):
        self.fallback = wait_random_exponential(multiplier=base, max=cap)

    def __call__(self, state: RetryCallState) -> float:
        asked = retry_after_seconds(_last_error(state))
        return asked if asked is not None else float(self.fallback(state))


def _last_error(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome else None


def _log_retry(state: RetryCallState) -> None:
    exc = _last_error(state)
    wait = state.next_action.sleep if state.next_action else 0.0
    log.warning(
        "request failed (%s); retry %d in %.1fs", type(exc).__name__, state.attempt_number, wait
    )


def _give_up(budget: float) -> Any:
    def give_up(state: RetryCallState) -> NoReturn:
        last = _last_error(state)
        assert last is not None, "tenacity stops only after a failed attempt here"
        asked = retry_after_seconds(last)
        spent = state.seconds_since_start or 0.0
        too_long = asked is not None and spent + asked >= budget
        raise RetriesExhausted(last, state.attempt_number, spent, asked if too_long else None)

    return give_up


def transport_retrying(settings: Settings, **overrides: Any) -> AsyncRetrying:
    """The retry policy for one provider request, bounded by attempts and total time.

    Raises (from the loop): the first non-transient error as is, or
    :class:`RetriesExhausted` when the attempts or ``retry_max_time`` run out.
    """
    options: dict[str, Any] = {
        "retry": retry_if_exception(is_transient),
        "stop": stop_after_attempt(settings.retry_attempts)
        | stop_before_delay(settings.retry_max_time),
        "wait": WaitRetryAfter(cap=settings.retry_max_wait),
        "before_sleep": _log_retry,
        "retry_error_callback": _give_up(settings.retry_max_time),
    }
    options.update(overrides)
    return AsyncRetrying(**options)
