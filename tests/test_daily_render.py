"""The day's Markdown and HTML as files on disk, and what a run shows while it works."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from markupsafe import escape
from rich.console import Console
from test_daily_fakes import ARTICLES, ScriptedProvider, write_articles

from summarizer.config import load_settings
from summarizer.daily.model import DailyBrief
from summarizer.daily.progress import PlainReporter, ProgressBarReporter, reporter_for
from summarizer.daily.run import DailyResult, parse_day, run_daily
from summarizer.safe_text import md_text

LONG_QUOTE = " ".join(["The port stays open all winter and every ship will be served"] * 4)
SPEECH = f"""Minister sets out plans for the port

The minister spoke to workers at the port on Thursday morning about the coming year.
"{LONG_QUOTE}," said Ruth Mensah.
"We will hire more pilots," said Ruth Mensah.
"Nobody will lose their job," said Ruth Mensah.
"""
HOSTILE = (
    "Council <script>alert('x')</script> & *budget* [vote]\n\n"
    + ARTICLES["budget"].split("\n", 2)[2]
)


@pytest.fixture
def day(tmp_path: Path) -> DailyResult:
    folder = tmp_path / "articles"
    write_articles(folder, ["flood", "library"])
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "speech.txt").write_text(SPEECH, encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    settings = load_settings(data_dir=tmp_path / "data")
    return run_daily(
        [str(folder)],
        tmp_path / "briefs",
        parse_day("2024-05-01"),
        settings,
        provider=ScriptedProvider(),
    )


def test_the_html_page_is_self_contained_and_escapes_article_text(day: DailyResult) -> None:
    html = (day.directory / "brief.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<style>" in html
    assert not re.search(r"<(script|link|img|iframe)\b", html, re.I)
    assert not re.search(r"""\bsrc=|url\(""", html)
    assert "Council &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; *budget* [vote]" in html
    brief = day.brief
    items = (
        [q for g in brief.quotes for q in g.quotes]
        + list(brief.figures)
        + [r for c in brief.claims for r in c.refs]
    )
    assert items
    for item in items:
        assert f'<blockquote class="evidence">{escape(item.evidence)}' in html


def test_the_markdown_links_every_item_to_its_source_and_escapes_markup(
    day: DailyResult,
) -> None:
    md = (day.directory / "brief.md").read_text(encoding="utf-8")
    hostile = next(s for s in day.brief.stories if "Council" in s.title)
    assert hostile.link.startswith("file://") and hostile.link.endswith("/hostile.txt")
    # Local files have no http(s) URL: their titles are escaped text, not links.
    assert "**Council \\<script\\>alert('x')\\</script\\> \\& \\*budget\\* \\[vote\\]**" in md
    assert "file://" not in md and "](<" not in md
    items = re.findall(r"^- .*$", md, re.M)
    quotes_and_figures = [line for line in items if not line.startswith(("- /", "- _"))]
    assert quotes_and_figures
    titles = [md_text(s.title) for s in day.brief.stories]
    assert all(any(line.endswith(f" ({t})") for t in titles) for line in quotes_and_figures)
    assert "## Not included (1)" in md and "empty.txt: " in md
    mensah = md.split("**Ruth Mensah**", 1)[1].split("\n\n", 2)[1].splitlines()
    assert len(mensah) == 3 and mensah[2] == "- _and 1 more_"
    shown = mensah[0].split("“", 1)[1].split("”", 1)[0]
    assert 190 < len(shown) <= 200 and shown.endswith("…") and LONG_QUOTE.startswith(shown[:-1])
    assert "- “We will hire more pilots” (" in mensah[1]


def test_brief_json_round_trips_and_lists_the_failure(day: DailyResult) -> None:
    data = json.loads((day.directory / "brief.json").read_text(encoding="utf-8"))
    assert DailyBrief.model_validate(data) == day.brief
    [failure] = day.brief.failures
    assert failure.stage == "read" and "is empty" in failure.reason
    assert day.exit_code == 1


def test_a_terminal_gets_a_progress_bar_and_cron_gets_log_lines(tmp_path: Path) -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True, width=120)
    piped = Console(file=io.StringIO(), force_terminal=False, width=120)
    assert isinstance(reporter_for(terminal, quiet=False), ProgressBarReporter)
    assert isinstance(reporter_for(terminal, quiet=True), PlainReporter)
    assert isinstance(reporter_for(piped, quiet=False), PlainReporter)

    write_articles(tmp_path / "articles", ["flood", "match"])
    (tmp_path / "articles" / "empty.txt").write_text("", encoding="utf-8")
    settings = load_settings(data_dir=tmp_path / "data")
    for console in (terminal, piped):
        run_daily(
            [str(tmp_path / "articles")],
            tmp_path / "briefs",
            parse_day("2024-05-01"),
            settings,
            provider=ScriptedProvider(),
            reporter=reporter_for(console, False),
        )
    bar = terminal.file.getvalue()  # type: ignore[attr-defined]
    assert "2/2" in bar and "1 failed" in bar and "$0.0000" in bar
    lines = piped.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 4
    assert "failed" in lines[0] and "empty.txt" in lines[0]
    assert [line.split()[1] for line in lines[1:3]] == ["[1/2]", "[2/2]"]
    assert all("reused" in line for line in lines[1:3])  # the terminal run stored them
    assert "2 stories from 2 articles" in lines[3] and "1 failed" in lines[3]
