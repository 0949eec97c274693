"""The files of a day (``DIR/YYYY-MM-DD/brief.{json,md,html}``) and ``DIR/index.html``,
each replaced atomically."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from filelock import FileLock

from ..files import atomic_write_text
from ..safe_text import escape_json_controls
from .html import daily_html, index_html
from .markdown import daily_markdown
from .model import DailyBrief

INDEX_TITLES = 3
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def write_day(brief: DailyBrief, day_dir: Path) -> None:
    """Write the day's three files into ``day_dir``."""
    atomic_write_text(
        day_dir / "brief.json", escape_json_controls(brief.model_dump_json(indent=2)) + "\n"
    )
    atomic_write_text(day_dir / "brief.md", daily_markdown(brief))
    atomic_write_text(day_dir / "brief.html", daily_html(brief))


def list_days(out_dir: Path) -> list[dict[str, Any]]:
    """Every day in ``out_dir`` with a ``brief.json``, newest first."""
    days = []
    for folder in sorted(out_dir.iterdir(), reverse=True):
        path = folder / "brief.json"
        if not (_DAY.match(folder.name) and path.is_file()):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        days.append(
            {
                "date": folder.name,
                "href": f"{folder.name}/brief.html",
                "stories": len(data.get("stories", [])),
                "failed": len(data.get("failures", [])),
                "titles": [s.get("title", "") for s in data.get("stories", [])[:INDEX_TITLES]],
            }
        )
    return days


def write_index(out_dir: Path) -> None:
    """Rewrite ``out_dir/index.html`` from the days on disk (one writer at a time)."""
    with FileLock(out_dir / ".index.lock", timeout=60):
        for stale in out_dir.glob(".index.html.*.tmp"):
            stale.unlink(missing_ok=True)
        atomic_write_text(out_dir / "index.html", index_html(list_days(out_dir)))
