"""The files of a day (``DIR/YYYY-MM-DD/brief.{json,md,html}`` and the evidence files in
``stories/``), ``DIR/index.html`` and ``DIR/feed.atom``, each replaced atomically.

The evidence files are written before the page that opens them, and files of
earlier runs that the new page no longer names are removed after it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from filelock import FileLock

from ..errors import OutputError
from ..files import atomic_write_text
from ..safe_text import escape_json_controls
from .atom import FEED_NAME, atom_feed
from .html import daily_html, index_html
from .markdown import daily_markdown
from .model import DailyBrief
from .page import STORIES_DIR, page_story, story_file

INDEX_TITLES = 3
FEED_STORIES = 5


def write_day(brief: DailyBrief, day_dir: Path, texts: Mapping[str, str]) -> None:
    """Write the day's files into ``day_dir``; ``texts`` are the articles' texts by id."""
    folder = day_dir / STORIES_DIR
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    for stale in folder.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    pages = []
    for rank, story in enumerate(brief.page_stories, 1):
        name, payload = story_file(story, texts)
        atomic_write_text(day_dir / name, payload)
        pages.append(page_story(story, rank, name))
    atomic_write_text(
        day_dir / "brief.json", escape_json_controls(brief.model_dump_json(indent=2)) + "\n"
    )
    atomic_write_text(day_dir / "brief.md", daily_markdown(brief))
    atomic_write_text(day_dir / "brief.html", daily_html(brief, pages))
    keep = {Path(page.file).name for page in pages}
    for old in folder.glob("*.js"):
        if old.name not in keep:
            old.unlink(missing_ok=True)


def list_days(out_dir: Path) -> list[dict[str, Any]]:
    """Every day in ``out_dir`` with a readable ``brief.json``, newest first."""
    days = []
    for folder in sorted(out_dir.iterdir(), reverse=True):
        path = folder / "brief.json"
        if not path.is_file():
            continue
        try:
            day = dt.date.fromisoformat(folder.name)
            data = json.loads(path.read_text(encoding="utf-8"))
            updated = dt.datetime.fromisoformat(data["generated_at"])
            stories = list(data.get("stories", []))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        days.append(
            {
                "date": day.isoformat(),
                "href": f"{day.isoformat()}/brief.html",
                "updated": updated,
                "stories": len(stories),
                "failed": len(data.get("failures", [])),
                "titles": [str(s.get("title", "")) for s in stories[:INDEX_TITLES]],
                "top": [_top(s) for s in stories[:FEED_STORIES]],
            }
        )
    return days


def _top(story: dict[str, Any]) -> dict[str, Any]:
    summary = story.get("summary") or {}
    return {
        "title": str(story.get("title", "")),
        "outlets": len(story.get("outlets", [])),
        "summary": str(summary.get("text", "")),
    }


def write_index(out_dir: Path) -> None:
    """Rewrite ``out_dir/index.html`` and ``out_dir/feed.atom`` from the days on disk (one
    writer at a time)."""
    with FileLock(out_dir / ".index.lock", timeout=60):
        for name in ("index.html", FEED_NAME):
            for stale in out_dir.glob(f".{name}.*.tmp"):
                stale.unlink(missing_ok=True)
        days = list_days(out_dir)
        atomic_write_text(out_dir / "index.html", index_html(days))
        atomic_write_text(out_dir / FEED_NAME, atom_feed(days, out_dir))
