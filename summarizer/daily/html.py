"""``brief.html`` and the folder's ``index.html``: self-contained pages (inline CSS, no
scripts, no external assets) that read well on a phone.

Every story, quote, figure and claim opens on click (and shows on hover) the
sentence of the article it comes from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .model import DailyBrief

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def daily_html(brief: DailyBrief) -> str:
    """The page of one day."""
    return _ENV.get_template("day.html.j2").render(brief=brief)


def index_html(days: list[dict[str, Any]]) -> str:
    """The list of days, in the order given (newest first).

    Each day: ``date``, ``href``, ``stories``, ``failed`` and ``titles``.
    """
    return _ENV.get_template("index.html.j2").render(days=days)
