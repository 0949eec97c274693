"""An article's error as plain data, and back: across a store row or a process boundary.

The class is kept by name (the library's errors, and any registered with
:func:`known`), with the message and, for :class:`NoValidOutputError`, the
attempts and tokens spent; an unknown class comes back as :class:`SummarizerError`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from . import errors
from .schema import Usage

E = TypeVar("E", bound=type[errors.SummarizerError])
_KNOWN: dict[str, type[errors.SummarizerError]] = {}


def known(cls: E) -> E:
    """Register an error class defined outside :mod:`summarizer.errors` (a decorator)."""
    _KNOWN[cls.__name__] = cls
    return cls


def error_data(exc: errors.SummarizerError) -> dict[str, Any]:
    """``exc`` as JSON-ready data."""
    data: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, errors.NoValidOutputError):
        data["attempts"] = exc.attempts
        if isinstance(exc.usage, Usage):
            data["usage"] = exc.usage.model_dump()
    return data


def error_from(data: dict[str, Any]) -> errors.SummarizerError:
    """The error :func:`error_data` described, as an exception of the same class."""
    kind = str(data.get("type", ""))
    cls = _KNOWN.get(kind) or getattr(errors, kind, None)
    if not (isinstance(cls, type) and issubclass(cls, errors.SummarizerError)):
        cls = errors.SummarizerError
    message = str(data.get("message", ""))
    if issubclass(cls, errors.NoValidOutputError):
        usage = Usage.model_validate(data["usage"]) if "usage" in data else None
        return cls(message, usage=usage, attempts=int(data.get("attempts", 0)))
    return cls(message)
