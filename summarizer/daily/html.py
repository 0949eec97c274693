"""``brief.html`` and the folder's ``index.html``: pages that read well on a phone, with
inline CSS and no external assets.

The day's page shows the ranked stories (:mod:`summarizer.daily.page` says what of
each). Its one script (``templates/evidence.js``, inline) opens the evidence: a
click on a summary, quote, figure report or claim loads the story's file from
``stories/`` and shows the article with the item's span highlighted, and the
outlet's link. A Content-Security-Policy allows only that script (by its
sha256) and scripts from the page's own folder, so even markup that escaped
escaping could not run.

Everything printed is HTML-escaped and cleaned of control characters, and only
http(s) URLs become links (the ``http_url`` filter): a feed's ``javascript:``,
``data:`` or ``file:`` link is shown as text, never as an ``href``. The script
writes article text with ``textContent`` only.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..safe_text import http_url, strip_controls
from .model import DailyBrief
from .page import PageStory

TEMPLATES = Path(__file__).resolve().parent / "templates"
SCRIPT = (TEMPLATES / "evidence.js").read_text(encoding="utf-8")
SCRIPT_SHA256 = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
# 'self' lets the page load its stories/ files from a server; file: does the same when the
# page is opened from disk (browsers differ on whether 'self' covers file: URLs).
CSP = (
    "default-src 'none'; "
    f"script-src 'sha256-{SCRIPT_SHA256}' 'self' file:; "
    "style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"
)


def moment(value: str) -> str:
    """An ISO date or date-time as a reader wants it: ``2024-05-01 11:30 UTC``; anything
    else as it is."""
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    if "T" not in value and " " not in value.strip():
        return when.date().isoformat()
    offset = when.utcoffset()
    zone = "" if offset is None else " UTC" if not offset else when.strftime(" UTC%z")
    return when.strftime("%Y-%m-%d %H:%M") + zone


def _printable(value: Any) -> Any:
    """What ``{{ }}`` prints: strings without control characters or escape sequences
    (markup from a macro was built from printed values and is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_controls(value)
    return value


_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "j2"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_printable,
)
_ENV.filters["http_url"] = http_url
_ENV.filters["moment"] = moment


def daily_html(brief: DailyBrief, stories: Sequence[PageStory]) -> str:
    """The page of one day, showing ``stories`` (the page's share of ``brief.stories``)."""
    outlets = len({o for s in brief.stories for o in s.outlets})
    return _ENV.get_template("day.html.j2").render(
        brief=brief, stories=stories, outlets=outlets, script=Markup(SCRIPT), csp=CSP
    )


def index_html(days: list[dict[str, Any]]) -> str:
    """The list of days, in the order given (newest first).

    Each day: ``date``, ``href``, ``stories``, ``failed`` and ``titles``.
    """
    return _ENV.get_template("index.html.j2").render(days=days)
