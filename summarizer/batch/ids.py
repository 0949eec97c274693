"""A request's ``custom_id``: the sha256 of the exact body the synchronous path sends.

Two requests with the same body are the same request (the answer of one serves
both); ``salt`` keeps apart requests that are meant to be asked twice (the
repeats of an eval).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Final

ENDPOINT: Final = "/v1/chat/completions"


def canonical(body: dict[str, Any]) -> str:
    """``body`` as compact JSON with sorted keys: equal bodies give equal text."""
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def custom_id(body: dict[str, Any], salt: str = "") -> str:
    """The request's id in batch files and in the store."""
    text = canonical(body) if not salt else canonical({"salt": salt, "body": body})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def input_line(request_id: str, body: dict[str, Any]) -> bytes:
    """One line of a batch input file (JSONL) carrying ``body``."""
    line = {"custom_id": request_id, "method": "POST", "url": ENDPOINT, "body": body}
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
