"""The day's Markdown and HTML as files on disk, and what a run shows while it works."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fakes.news import ARTICLES, ScriptedProvider, write_articles
from markupsafe import escape
from rich.console import Console

from summarizer.config import load_settings
from summarizer.daily.html import CSP, SCRIPT, SCRIPT_SHA256
from summarizer.daily.model import DailyBrief
from summarizer.daily.page import STORY_CALLBACK
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


def test_the_html_page_has_only_its_own_script_and_escapes_article_text(
    day: DailyResult,
) -> None:
    html = (day.directory / "brief.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<style>" in html
    assert html.count("<script") == 1 and f"<script>{SCRIPT}</script>" in html
    assert f'content="{escape(CSP)}"' in html and f"'sha256-{SCRIPT_SHA256}'" in CSP
    assert base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode() == SCRIPT_SHA256
    assert not re.search(r'<(link(?! rel="alternate")|img|iframe)\b', html, re.I)
    assert not re.search(r"""\bsrc=|url\(""", html)
    assert "Council &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; *budget* [vote]" in html
    assert "innerHTML" not in SCRIPT and "insertAdjacentHTML" not in SCRIPT


def evidence_files(day: DailyResult) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each story's evidence file (name and data) as the page names it."""
    html = (day.directory / "brief.html").read_text(encoding="utf-8")
    out = {}
    for story_id, name in re.findall(
        r'<article class="story" id="(s\d+)" data-file="([^"]+)"', html
    ):
        payload = (day.directory / name).read_text(encoding="utf-8")
        call = f"{STORY_CALLBACK}({json.dumps(story_id)},"
        assert payload.startswith(call) and payload.endswith(");\n")
        out[story_id] = (name, json.loads(payload[len(call) : -3]))
    return out


def test_every_item_on_the_page_opens_its_own_spans_of_its_article(day: DailyResult) -> None:
    html = (day.directory / "brief.html").read_text(encoding="utf-8")
    files = evidence_files(day)
    assert sorted(files) == sorted(s.id for s in day.brief.page_stories)
    texts = {
        hashlib.sha256(p.read_bytes()).hexdigest(): p.read_text(encoding="utf-8")
        for p in (day.directory.parent.parent / "articles").glob("*.txt")
    }
    checked = 0
    for story in day.brief.page_stories:
        name, data = files[story.id]
        assert name.startswith(f"stories/{story.id}.") and name.endswith(".js")
        section = html.split(f'id="{story.id}"', 1)[1].split("</article>", 1)[0]
        refs = [ref for group in story.page_quotes() for q in group.quotes for ref in q.refs]
        refs += [ref for claim in story.claims for ref in claim.refs]
        refs += [report for line in story.page_figures() for report in line.reports]
        for ref in refs:
            index = [a.article_id for a in story.articles].index(ref.article_id)
            spans = ",".join(f"{s.start}-{s.end}" for s in ref.spans)
            assert f'data-ev="{index}:{spans}"' in section
            assert data["articles"][index]["text"] == texts[ref.article_id]
            checked += 1
    assert checked > 15


def test_the_markdown_lists_the_stories_with_their_items_and_escapes_markup(
    day: DailyResult,
) -> None:
    md = (day.directory / "brief.md").read_text(encoding="utf-8")
    hostile = next(s for s in day.brief.stories if "Council" in s.title)
    assert hostile.link.startswith("file://") and hostile.link.endswith("/hostile.txt")
    # Local files have no http(s) URL: their titles are escaped text, not links.
    assert "**Council \\<script\\>alert('x')\\</script\\> \\& \\*budget\\* \\[vote\\]**" in md
    assert "file://" not in md and "](<" not in md
    numbered = re.findall(r"^(\d+)\. \*\*(.*?)\*\* · (.*)$", md, re.M)
    assert [int(n) for n, _, _ in numbered] == list(range(1, len(day.brief.stories) + 1))
    assert [title for _, title, _ in numbered] == [md_text(s.title) for s in day.brief.stories]
    assert all(cover == "articles · 1 article" for _, _, cover in numbered)
    assert "## Not included (1)" in md and "empty.txt: " in md
    speech = md.split("**Minister sets out plans for the port**", 1)[1].split("\n\n", 1)[0]
    lines = speech.splitlines()[1:]
    assert lines[0].startswith("   The minister spoke to workers at the port")
    quotes = [line for line in lines if line.startswith("   - Ruth Mensah: “")]
    assert len(quotes) == 2  # two of her three quotes: brief.html has every item
    shown = quotes[0].split("“", 1)[1].split("”", 1)[0]
    assert 190 < len(shown) <= 200 and shown.endswith("…") and LONG_QUOTE.startswith(shown[:-1])
    assert quotes[1] == "   - Ruth Mensah: “We will hire more pilots” (articles)"


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
