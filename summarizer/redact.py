"""Secrets masked in everything the tool shows or keeps: the one masking rule.

:func:`mask` is applied where text leaves the process: every error message
(:class:`~summarizer.errors.SummarizerError` masks its own text), every line
written to the terminal or a log (:class:`MaskedStream`), every row the store
writes and every file written through :mod:`summarizer.files`.

What is masked:

* secrets registered with :func:`register` (the configured API key, and the user,
  password and Basic-auth token of a URL such as ``http://user:pass@host``),
  wherever they appear;
* the value of any ``Authorization`` / ``Proxy-Authorization`` header and any
  ``Bearer``/``Basic`` token, as an endpoint may echo the request headers back;
* user name and password of any URL (``scheme://user:pass@host`` becomes
  ``scheme://********@host``);
* ``api_key``/``access_token``-style URL query values and ``sk-…`` API keys.
"""

from __future__ import annotations

import base64
import re
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from .config import Settings

MASK = "********"
# Shorter strings would mask ordinary words; real keys are far longer.
_MIN_SECRET = 6

# Each pattern with a quick one that every match of it also matches: a text the quick
# one finds nothing in is not searched with the pattern (the patterns that open on a
# word boundary cost several times more per character).
_PATTERNS: list[tuple[re.Pattern[str], re.Pattern[str], str]] = [
    # Authorization: <scheme> <value>, in headers, JSON ("authorization": "...") or reprs.
    (
        re.compile(r"(?i)authorization"),
        re.compile(
            r"(?i)(\b(?:proxy-)?authorization\b['\"]?\s*[:=]\s*['\"]?)"
            r"(?:(?:bearer|basic|token|digest)\s+)?[^\s'\",;}\]]+"
        ),
        rf"\1{MASK}",
    ),
    # A token after "Bearer"/"Basic": 16 or more token characters with a digit among them
    # (so that "bearer instruments" or "basic principles" in an article stay as they are).
    # ("b(?<!\wb)" is "\bb", written so that a search skips to the next b.)
    (
        re.compile(r"(?i)(?:bearer|basic)\s"),
        re.compile(
            r"(?i)(b(?<!\wb)(?:earer|asic)\s+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}"
        ),
        rf"\1{MASK}",
    ),
    (re.compile("@"), re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#@'\"<>]*@"), rf"\1{MASK}@"),
    (
        re.compile("="),
        re.compile(r"(?i)([?&](?:api[_-]?key|access[_-]?token|token|key|secret)=)[^&#\s'\"<>]+"),
        rf"\1{MASK}",
    ),
    (re.compile("sk-"), re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"), MASK),
]

_secrets: set[str] = set()
_lock = threading.Lock()


def register(secret: str | None) -> None:
    """Mask ``secret`` from now on, wherever it appears."""
    if secret and len(secret) >= _MIN_SECRET:
        with _lock:
            _secrets.add(secret)


def register_url(url: str | None) -> None:
    """Mask the password (and user name) of ``url`` from now on, as given and decoded."""
    if not url:
        return
    try:
        parts = urlsplit(url)
    except ValueError:
        return
    for value in (parts.password, parts.username):
        if value:
            register(value)
            register(unquote(value))
    if parts.password:
        # What an HTTP client sends for these credentials (Basic auth), should it be echoed.
        pair = f"{unquote(parts.username or '')}:{unquote(parts.password)}"
        register(base64.b64encode(pair.encode("utf-8")).decode("ascii"))


def mask(text: str) -> str:
    """``text`` with every registered secret and every credential-looking value masked."""
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    for quick, pattern, replacement in _PATTERNS:
        if quick.search(text):
            text = pattern.sub(replacement, text)
    return text


class MaskedStream:
    """A text stream that masks what is written and passes it on to ``target()``.

    ``target`` is looked up at every write, so ``lambda: sys.stderr`` follows a
    replaced ``sys.stderr`` (as test runners do).
    """

    def __init__(self, target: Callable[[], TextIO | None]):
        self._target = target

    @property
    def stream(self) -> TextIO:
        return self._target() or sys.__stderr__ or sys.stderr

    def write(self, text: str) -> int:
        self.stream.write(mask(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"


def register_settings(settings: Settings) -> None:
    """Mask the API key and the base URL's credentials of ``settings`` from now on."""
    if settings.api_key is not None:
        register(settings.api_key.get_secret_value())
    register_url(settings.base_url)
