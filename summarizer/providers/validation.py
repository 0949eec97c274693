"""The instructor validation hook: grounding failures become re-asks.

instructor's own ``context=`` argument also renders the messages as Jinja
templates, which would corrupt articles containing "{{" or "{%"; the article
therefore reaches the validator through a context variable instead.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from pydantic import model_validator

from ..align import ArticleIndex
from ..grounding import Grounded, Problem, ground
from ..schema import Extraction


@dataclass
class GroundingSession:
    """What the validator needs for one extraction call, and what it saw."""

    index: ArticleIndex
    last_candidate: Extraction | None = None
    rejections: list[list[Problem]] = field(default_factory=list)
    accepted: Grounded | None = None  # the grounding of the extraction that passed


_SCHEMAS: dict[Any, dict[str, Any]] = {}
_SESSION: ContextVar[GroundingSession | None] = ContextVar("summarizer_grounding", default=None)


@contextmanager
def grounding_session(index: ArticleIndex) -> Iterator[GroundingSession]:
    """Make ``ValidatedExtraction`` check against ``index`` inside this block."""
    session = GroundingSession(index)
    token = _SESSION.set(session)
    try:
        yield session
    finally:
        _SESSION.reset(token)


def format_problems(problems: list[Problem]) -> str:
    lines = "\n".join(f"- {p.for_model()}" for p in problems)
    return (
        "The brief does not match the article:\n"
        f"{lines}\n"
        "Fix these items (or leave them out) and return the whole brief again."
    )


class ValidatedExtraction(Extraction):
    """Extract a grounded brief of the article."""

    # The response model LLM providers use: grounding failures become re-asks.
    # The docstring above is what the model sees as the tool's description.

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The JSON Schema, generated once: instructor asks for it on every request."""
        key = (args, tuple(sorted(kwargs.items())))
        cached = _SCHEMAS.get(key)
        if cached is None:
            cached = _SCHEMAS[key] = super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(cached)

    @model_validator(mode="after")
    def _grounded_in_article(self) -> ValidatedExtraction:
        session = _SESSION.get()
        if session is None:
            return self
        session.last_candidate = self
        grounded = ground(self, session.index)
        if grounded.problems:
            session.rejections.append(grounded.problems)
            raise ValueError(format_problems(grounded.problems))
        session.accepted = grounded
        return self
