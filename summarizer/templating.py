"""Jinja for HTML pages made from untrusted text: autoescaped, strict, controls removed.

Everything printed with ``{{ }}`` is HTML-escaped and cleaned of control characters
and escape sequences; only http(s) URLs become links (the ``http_url`` filter), so a
``javascript:``, ``data:`` or ``file:`` URL is shown as text, never as an ``href``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .safe_text import http_url, strip_controls

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _printable(value: Any) -> Any:
    """What ``{{ }}`` prints: strings without control characters or escape sequences
    (markup built by us from printed values is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_controls(value)
    return value


def html_environment(folder: Path = TEMPLATES) -> Environment:
    """A Jinja environment for the HTML templates in ``folder``."""
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    env.filters["http_url"] = http_url
    return env
