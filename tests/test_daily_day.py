"""A day of articles from several outlets as `daily` builds it: stories grouped across
outlets, ranked and capped on the page, model summaries that must hold or give way to
the lead, evidence files kept in step with the page, and the Atom feed of the days."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import feedparser  # type: ignore[import-untyped]
import pytest
from fakes import REPO
from fakes.llm import completion
from fakes.news import (
    ScriptedProvider,
    article_of,
    asks_for_story_summary,
    extraction_for,
    llm_env,
    model_server,
    write_articles,
)
from fakes.stories import DAY as REPORTS
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config import load_settings
from summarizer.daily.atom import ATOM, entry_summary, xml_text
from summarizer.daily.run import DailyResult, parse_day, run_daily
from summarizer.evals.fakeserver import Reply

# The outlet and publication time of each report of the day.
OUTLETS = {
    "dam-wire": ("https://wire.example/dam", "2024-05-01T07:00:00+00:00"),
    "dam-herald": ("https://herald.example/ormond-dam", "2024-05-01T09:00:00+00:00"),
    "dam-gazette": ("https://www.gazette.example/carville", "2024-05-01T12:00:00+00:00"),
    "vote-times": ("https://times.example/bexley", "2024-05-01T06:00:00+00:00"),
    "vote-post": ("https://post.example/old-town", "2024-05-01T08:00:00+00:00"),
    "football": ("https://sport.example/alves", "2024-05-01T10:00:00+00:00"),
    "museum": ("https://culture.example/museum", "2024-05-01T15:00:00+00:00"),
}


def write_reports(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = [
        {"text": REPORTS[name], "url": url, "published": published}
        for name, (url, published) in OUTLETS.items()
    ]
    path = folder / "reports.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def run_day(tmp_path: Path, sources: list[Path], day: str = "2024-05-01", **settings: Any):
    return run_daily(
        [str(s) for s in sources],
        tmp_path / "briefs",
        parse_day(day),
        load_settings(data_dir=tmp_path / "data", **settings),
        provider=ScriptedProvider(),
    )


def titles_of(text: str, result: DailyResult) -> list[str]:
    return [s.title for s in result.brief.stories if s.title in text]


def test_reports_from_several_outlets_are_ranked_stories_capped_on_the_page(
    tmp_path: Path,
) -> None:
    result = run_day(tmp_path, [write_reports(tmp_path / "in")], max_stories=3)

    stories = result.brief.stories
    assert [(s.id, s.title) for s in stories] == [
        ("s1", "Dam breach floods Carville"),
        ("s2", "Bexley council bans cars from old town"),
        ("s3", "Maritime museum reopens after renovation"),  # published after the transfer
        ("s4", "United sign striker from Porto"),
    ]
    assert [s.outlets for s in stories[:2]] == [
        ["wire.example", "herald.example", "gazette.example"],
        ["times.example", "post.example"],
    ]
    dam = stories[0]
    assert dam.published == "2024-05-01T12:00:00+00:00"
    assert dam.articles[0].link == "https://wire.example/dam"  # the most central report
    t = result.brief.totals
    assert (t.sources, t.articles, t.stories, t.duplicates) == (7, 7, 4, 0)

    # the page and the Markdown show the first max_stories; brief.json has them all
    html = (result.directory / "brief.html").read_text(encoding="utf-8")
    md = (result.directory / "brief.md").read_text(encoding="utf-8")
    assert titles_of(html, result) == titles_of(md, result) == [s.title for s in stories[:3]]
    assert "The 3 most covered stories of 4; brief.json has them all." in html
    assert "_1 more stories in brief.json_" in md
    assert re.findall(r'<article class="story" id="(s\d)"', html) == ["s1", "s2", "s3"]
    assert len(list((result.directory / "stories").glob("*.js"))) == 3
    saved = json.loads((result.directory / "brief.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in saved["stories"]] == ["s1", "s2", "s3", "s4"]
    assert saved["max_stories"] == 3 and saved["story_threshold"] == 0.275


def test_a_rerun_keeps_only_the_evidence_files_its_page_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, ["flood", "budget", "match"])
    first = run_day(tmp_path, [folder])
    before = {p.name for p in (first.directory / "stories").iterdir()}
    (folder / "match.txt").unlink()
    (folder / "budget.txt").write_text("Budget vote delayed\n\n" + "The vote was delayed. " * 9)
    second = run_day(tmp_path, [folder])
    after = {p.name for p in (second.directory / "stories").iterdir()}
    html = (second.directory / "brief.html").read_text(encoding="utf-8")
    assert after == set(re.findall(r'data-file="stories/([^"]+)"', html))
    assert len(after) == 2 and len(before) == 3 and before != after


def test_a_model_summary_that_does_not_hold_gives_way_to_the_lead(tmp_path: Path) -> None:
    def inventive(request: dict[str, Any]) -> Reply:
        if asks_for_story_summary(request):
            made_up = {"summary": "Aliens landed in the town square."}
            return Reply(200, completion(made_up, tool="StoryParagraph"))
        return Reply(200, completion(extraction_for(article_of(request))))

    write_articles(tmp_path / "in", ["flood", "library"])
    with model_server() as server:
        server.responder = inventive
        env = {**llm_env(server, tmp_path / "data"), "SUMMARIZER_MAX_REASKS": "1"}
        result = CliRunner().invoke(
            app,
            ["daily", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--date", "2024-05-01"],
            env=env,
        )
    assert result.exit_code == 0, result.output
    day = tmp_path / "out" / "2024-05-01"
    data = json.loads((day / "brief.json").read_text(encoding="utf-8"))
    assert [s["summary"]["written_by"] for s in data["stories"]] == ["lead", "lead"]
    assert data["summary_prompt_id"] is None
    assert len(data["warnings"]) == 2
    for story, warning in zip(data["stories"], sorted(data["warnings"]), strict=False):
        assert "the model's summary is not used" in warning
        assert "is not supported by the articles" in warning
        assert "the lead of its central article is shown" in warning
        assert story["summary"]["evidence"][0]["item_id"] == "lead"
    summaries = [r for r in server.requests if asks_for_story_summary(r)]
    assert len(summaries) == 4  # each story: an answer and one re-ask
    html = (day / "brief.html").read_text(encoding="utf-8")
    assert "Notes (2)" in html and "written by the model" not in html
    assert sum("warning" in line for line in result.stderr.splitlines()) == 2


# ------------------------------------------------------------------------ feed


def parse_feed(path: Path) -> Any:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_the_feed_lists_the_days_newest_first_and_parses_back(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, ["flood", "budget"])
    hostile = "Council <b>&</b> \x1b[31m\x00 vote"
    (folder / "hostile.json").write_text(
        json.dumps({"title": hostile, "text": "Council vote\n\n" + "The council voted. " * 9}),
        encoding="utf-8",
    )
    days = ["2024-04-30", "2024-05-02", "2024-05-01"]
    results = {day: run_day(tmp_path, [folder], day) for day in days}
    feed_path = tmp_path / "briefs" / "feed.atom"
    feed = parse_feed(feed_path)

    assert feed.version == "atom10"
    assert feed.feed.title == "Daily briefs"
    assert feed.feed.id.startswith("urn:uuid:")
    assert [e.link for e in feed.entries] == [
        "2024-05-02/brief.html",
        "2024-05-01/brief.html",
        "2024-04-30/brief.html",
    ]
    newest = results["2024-05-02"].brief
    entry = feed.entries[0]
    assert entry.title == "Daily brief 2024-05-02: 3 stories"
    assert dt.datetime(*entry.updated_parsed[:6], tzinfo=dt.UTC) == newest.generated_at.replace(
        microsecond=0
    )
    assert feed.feed.updated == max(e.updated for e in feed.entries)  # the last one written
    assert entry.summary.startswith("1. City council approves budget with new money for buses: ")
    assert "\n2. River floods force 3,000 people from their homes: " in entry.summary
    assert "\n3. Council <b>&</b> vote: " in entry.summary  # text, escaped in the XML
    assert len({e.id for e in feed.entries}) == 3

    # rewriting the feed keeps every id
    ids = [feed.feed.id, *(e.id for e in feed.entries)]
    run_day(tmp_path, [folder], "2024-05-01")
    again = parse_feed(feed_path)
    assert [again.feed.id, *(e.id for e in again.entries)] == ids

    # every element RFC 4287 requires, and nothing but relative or http(s) links
    root = ET.parse(feed_path).getroot()
    ns = {"a": ATOM}
    assert root.tag == f"{{{ATOM}}}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert root.find(required, ns) is not None
    for node in root.findall("a:entry", ns):
        for required in ("a:id", "a:title", "a:updated", "a:link", "a:summary"):
            assert node.find(required, ns) is not None
    hrefs = [link.get("href") for link in root.iter(f"{{{ATOM}}}link")]
    assert all(h and not re.match(r"^[a-z][a-z0-9+.-]*:", h) for h in hrefs), hrefs
    index = (tmp_path / "briefs" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in index
    assert 'href="feed.atom"' in index


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("plain", "plain"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("nul\x00 esc\x1b bell\x07", "nul esc bell"),
        ("surrogate \ud800 and \ufffe", "surrogate  and "),
        ("emoji \U0001f600", "emoji \U0001f600"),
    ],
)
def test_xml_text_drops_what_xml_cannot_hold(text: str, kept: str) -> None:
    assert xml_text(text) == kept


def test_an_entry_summarises_the_top_stories() -> None:
    day = {
        "stories": 7,
        "top": [
            {"title": "Dam breach", "outlets": 3, "summary": "The dam gave way."},
            {"title": "Vote", "outlets": 1, "summary": ""},
        ],
    }
    assert entry_summary(day) == (
        "1. Dam breach (3 outlets): The dam gave way.\n2. Vote\nand 5 more stories"
    )
    assert entry_summary({"stories": 0, "top": []}) == "No stories."


# ---------------------------------------------------------------- page weight

WIKINEWS = REPO / "tests" / "fixtures" / "wikinews"


def wikinews(folder: Path) -> Path:
    """The 36 Wikinews articles and their index, as the shared corpus has them."""
    folder.mkdir()
    for entry in json.loads((WIKINEWS / "index.json").read_text(encoding="utf-8")):
        name = entry["file"]
        here = WIKINEWS / name
        case = REPO / "evals" / "cases" / name.removesuffix(".txt") / "article.txt"
        shutil.copyfile(here if here.exists() else case, folder / name)
    shutil.copyfile(WIKINEWS / "index.json", folder / "index.json")
    return folder


@pytest.mark.parametrize("max_stories", [30, 36])
def test_the_page_of_the_36_wikinews_articles_weighs_under_300_kb(
    tmp_path: Path, max_stories: int
) -> None:
    folder = wikinews(tmp_path / "wikinews")
    settings = load_settings(
        provider="extractive", data_dir=tmp_path / "data", max_stories=max_stories
    )
    result = run_daily([str(folder)], tmp_path / "out", parse_day("2024-05-01"), settings)
    assert result.brief.totals.articles == 36 and result.brief.failures == []
    shown = result.brief.page_stories
    assert len(shown) == min(max_stories, len(result.brief.stories))
    page = (result.directory / "brief.html").stat().st_size
    assert page < 300_000, f"brief.html is {page:,} bytes"
    assert len(list((result.directory / "stories").glob("*.js"))) == len(shown)
