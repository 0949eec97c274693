"""Versioned prompt templates: ``prompts/<id>/system.j2`` and ``user.j2``.

A released version is never edited; a change makes a new id (``brief.v2``).
Templates render in a sandboxed Jinja environment with ``StrictUndefined``, and
the article is always a variable, so text such as ``{{ x }}`` inside an article
reaches the model verbatim.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import UsageError

DEFAULT_PROMPT = "brief.v2"
_PACKAGE_DIR = Path(__file__).resolve().parent
# Installed wheels carry the templates inside the package; a source checkout
# keeps them in the top-level ``prompts/`` folder.
BUILTIN_DIRS = (_PACKAGE_DIR / "prompts", _PACKAGE_DIR.parent / "prompts")
_ROLES = ("system", "user")
_ID = re.compile(r"^[A-Za-z0-9_-]+\.v\d+$")

Message = dict[str, str]


def _fence(text: str) -> str:
    """Keep an article from closing its own ``<article>`` delimiter."""
    return re.sub(r"(?i)</(\s*article)", r"<\\/\1", text)


_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z]|/\s*[A-Za-z])")
MAX_FIELD_CHARS = 300


def fence_field(value: str | None) -> str | None:
    """A title or date as one line of data that cannot open or close a delimiter.

    Applied in :meth:`Prompt.render` to every variable besides the article, for
    every prompt version: line breaks and control characters become spaces and
    a ``<`` that would start a tag is escaped (``</article>`` -> ``<\\/article>``).
    """
    if value is None:
        return None
    text = _TAG_OPEN.sub(r"<\\", " ".join(_BREAKS.sub(" ", value).split()))
    if len(text) > MAX_FIELD_CHARS:
        text = text[: MAX_FIELD_CHARS - 1] + "\u2026"
    return text or None


_ENV = SandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
)
_ENV.filters["fence"] = _fence


@dataclass(frozen=True)
class Prompt:
    """One released prompt version: its template sources and their digest."""

    id: str
    directory: Path
    sources: tuple[tuple[str, str], ...]

    @property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        for name, source in self.sources:
            digest.update(name.encode() + b"\0" + source.encode() + b"\0")
        return digest.hexdigest()

    def render(
        self,
        article: str,
        *,
        title: str | None = None,
        published: str | None = None,
        part: int | None = None,
        parts: int | None = None,
    ) -> list[Message]:
        """The exact chat messages sent for ``article``."""
        variables: dict[str, Any] = {
            "article": article,
            "title": fence_field(title),
            "published": fence_field(published),
            "part": part,
            "parts": parts,
        }
        messages = []
        for role, template in zip(_ROLES, _compiled(self), strict=True):
            try:
                content = template.render(**variables)
            except TemplateError as exc:
                raise UsageError(f"prompt {self.id}: {role}.j2 failed to render: {exc}") from exc
            messages.append({"role": role, "content": content.strip("\n")})
        return messages


@lru_cache(maxsize=32)
def _compiled(prompt: Prompt) -> tuple[Any, ...]:
    sources = dict(prompt.sources)
    try:
        return tuple(_ENV.from_string(sources[f"{role}.j2"]) for role in _ROLES)
    except TemplateError as exc:
        raise UsageError(f"prompt {prompt.id} has a template error: {exc}") from exc


def search_dirs(extra: Path | None = None) -> list[Path]:
    dirs = [extra] if extra else []
    dirs += [d for d in BUILTIN_DIRS if d.is_dir()]
    return dirs


def list_prompts(extra: Path | None = None) -> list[Prompt]:
    """Every prompt version found, user directory first, sorted by id."""
    found: dict[str, Prompt] = {}
    for base in search_dirs(extra):
        if not base.is_dir():
            continue
        for child in sorted(base.iterdir()):
            if child.is_dir() and _ID.match(child.name) and child.name not in found:
                try:
                    found[child.name] = _load(child)
                except UsageError:
                    continue
    return [found[k] for k in sorted(found)]


def load_prompt(prompt_id: str, extra: Path | None = None) -> Prompt:
    """The prompt ``prompt_id`` (e.g. ``brief.v1``), from ``extra`` or the built-in set."""
    for base in search_dirs(extra):
        candidate = base / prompt_id
        if _ID.match(prompt_id) and candidate.is_dir():
            return _load(candidate)
    known = ", ".join(p.id for p in list_prompts(extra)) or "none"
    raise UsageError(f"unknown prompt {prompt_id!r} (known: {known})")


def _load(directory: Path) -> Prompt:
    sources = []
    for role in _ROLES:
        path = directory / f"{role}.j2"
        if not path.is_file():
            raise UsageError(f"prompt {directory.name} has no {role}.j2 in {directory}")
        sources.append((path.name, path.read_text(encoding="utf-8")))
    return Prompt(directory.name, directory, tuple(sources))
