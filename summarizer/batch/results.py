"""Reading a finished batch: its output and error files, line by line, as untrusted input.

Each line says what became of one request (by ``custom_id``):

* ``response.status_code`` 200 with a JSON object body: the answer;
* 408, 409, 429 or 5xx, or ``error.code`` ``batch_expired``/``request_timeout``
  (or any other): to be sent again in the next batch;
* another HTTP status (400, 404, ...): a final error, replayed as that HTTP
  error, as the synchronous path would have got it;
* ``error.code`` ``batch_cancelled``: failed for good.

A line that is not JSON, names a request the batch did not carry, or is longer
than the cap is skipped; a request without any usable line gets the outcome of
the batch's end (:func:`unanswered`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..safe_text import one_line
from .records import Line

REASON_CHARS = 300


def _transient(status: int) -> bool:
    return status in (408, 409, 429) or status >= 500


def _reason(error: Any) -> str:
    if isinstance(error, dict):
        code, message = error.get("code"), error.get("message")
        text = ": ".join(str(p) for p in (code, message) if p)
        return one_line(text)[:REASON_CHARS] or "an error without a message"
    return "an error without a message"


def classify(data: Any, members: set[str]) -> Line | None:
    """What one parsed line says, or None when it is unusable."""
    if not isinstance(data, dict):
        return None
    request_id = data.get("custom_id")
    if not isinstance(request_id, str) or request_id not in members:
        return None
    response = data.get("response")
    error = data.get("error")
    if isinstance(response, dict) and isinstance(response.get("status_code"), int):
        status, body = response["status_code"], response.get("body")
        text = json.dumps(body, ensure_ascii=False) if isinstance(body, dict) else "{}"
        if status == 200 and isinstance(body, dict):
            return Line(request_id, "answered", 200, text)
        if _transient(status):
            return Line(request_id, "retry", status, error=f"HTTP {status}")
        return Line(request_id, "error", status, text, f"HTTP {status}")
    if isinstance(error, dict) and error.get("code") == "batch_cancelled":
        return Line(request_id, "failed", error="the batch was cancelled before this request ran")
    if error is not None:
        return Line(request_id, "retry", error=_reason(error))
    return None


def read_lines(path: Path, members: set[str], limit: int) -> Iterator[Line]:
    """The usable lines of the file at ``path``; lines over ``limit`` bytes are skipped
    without being read into memory whole."""
    with path.open("rb") as handle:
        while True:
            raw = handle.readline(limit + 1)
            if not raw:
                return
            if len(raw) > limit and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                    raw = handle.readline(limit + 1)
                continue
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            line = classify(data, members)
            if line is not None:
                yield line


def unanswered(status: str, errors: str | None) -> Line:
    """What becomes of a request without a line once its batch ended with ``status``."""
    if status == "cancelled":
        return Line("", "failed", error="the batch was cancelled before this request ran")
    if status == "expired":
        return Line("", "retry", error="the batch expired before this request ran")
    if status == "failed":
        return Line("", "retry", error=f"the batch failed: {errors or 'no reason given'}")
    return Line("", "retry", error="the batch ended without an answer for this request")


def batch_errors(errors: Any) -> str | None:
    """The batch-level errors of a failed batch, in one line."""
    data = getattr(errors, "data", None) or []
    parts = []
    for item in data[:3]:
        message = getattr(item, "message", None) or getattr(item, "code", None)
        line = getattr(item, "line", None)
        if message:
            parts.append(f"line {line}: {message}" if line else str(message))
    return one_line("; ".join(parts))[:REASON_CHARS] if parts else None
