"""``brief.html`` and the folder's ``index.html``: self-contained pages (inline CSS, no
scripts, no external assets) that read well on a phone.

Every story, quote, figure and claim opens on click (and shows on hover) the
sentence of the article it comes from.

Everything printed is HTML-escaped and cleaned of control characters, and only
http(s) URLs become links (the ``http_url`` filter): a feed's ``javascript:``,
``data:`` or ``file:`` link is shown as text, never as an ``href``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..safe_text import http_url, strip_controls
from .model import DailyBrief


def _printable(value: Any) -> Any:
    """What ``{{ }}`` prints: strings without control characters or escape sequences
    (markup from a macro was built from printed values and is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_controls(value)
    return value


_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_printable,
)
_ENV.filters["http_url"] = http_url


def daily_html(brief: DailyBrief) -> str:
    """The page of one day."""
    return _ENV.get_template("day.html.j2").render(brief=brief)


def index_html(days: list[dict[str, Any]]) -> str:
    """The list of days, in the order given (newest first).

    Each day: ``date``, ``href``, ``stories``, ``failed`` and ``titles``.
    """
    return _ENV.get_template("index.html.j2").render(days=days)
