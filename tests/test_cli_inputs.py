"""`summarizer summarize` reads text files, HTML files (by name or content), standard
input and http(s) URLs (under daily's fetch policy), and writes JSON, Markdown or an
HTML page with the evidence highlighted."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape
from pathlib import Path

import pytest
from fakes.hostile import Route, article_page, hostile_site, rss
from fakes.news import ARTICLES, page
from markupsafe import escape as markup_escape
from typer.testing import CliRunner, Result

from summarizer import read_article
from summarizer.article import article_from_html
from summarizer.cli import app

FLOOD_TITLE = ARTICLES["flood"].splitlines()[0]
ALLOW_LOOPBACK = {"SUMMARIZER_ALLOW_HOSTS": '["127.0.0.1"]'}


def invoke(
    args: list[str], env: dict[str, str] | None = None, stdin: bytes | None = None
) -> Result:
    base = {"SUMMARIZER_PROVIDER": "extractive"}
    return CliRunner().invoke(app, args, env={**base, **(env or {})}, input=stdin)


def brief_of(result: Result) -> dict[str, object]:
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def assert_reads_the_page(brief: dict[str, object], text: str) -> None:
    """The brief is of the page's article text, not of its markup."""
    dumped = json.dumps(brief)
    assert "<p>" not in dumped and "</article>" not in dumped and "Example News" not in dumped
    article = brief["article"]
    assert isinstance(article, dict) and FLOOD_TITLE in str(article["title"])
    quotes = brief["quotes"]
    assert isinstance(quotes, list) and quotes
    for quote in quotes:
        span = quote["spans"][0]
        assert text[span["start"] : span["end"]] == quote["text"]
    assert "Helen Carter" in {q["speaker_name"] for q in quotes}


@pytest.mark.parametrize("name", ["flood.html", "flood.htm", "flood.txt", "flood"])
def test_an_html_file_is_read_as_its_article_by_name_or_content(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(page(FLOOD_TITLE, ARTICLES["flood"]), encoding="utf-8")
    brief = brief_of(invoke(["summarize", str(path)]))
    text = read_article(path=path).text
    assert text.splitlines()[:2] == [FLOOD_TITLE, ARTICLES["flood"].splitlines()[2]]
    assert_reads_the_page(brief, text)


def test_a_text_file_that_mentions_tags_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    body = "Tags such as <p> and <div> structure a web page, the instructor said. " * 5
    path.write_text(body, encoding="utf-8")
    brief = brief_of(invoke(["summarize", str(path)]))
    assert brief["article"]["word_count"] == len(body.split())  # type: ignore[index]


def test_html_on_standard_input_is_read_as_its_article() -> None:
    html = page(FLOOD_TITLE, ARTICLES["flood"]).encode("utf-8")
    brief = brief_of(invoke(["summarize", "-"], stdin=html))
    assert_reads_the_page(brief, page_text())


def page_text() -> str:
    """The article text extracted from the flood page."""
    html = page(FLOOD_TITLE, ARTICLES["flood"]).encode("utf-8")
    return article_from_html(html, origin="page", max_chars=100_000).text


def test_a_page_without_article_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "gallery.html"
    path.write_text("<html><body><nav>Home</nav><img src='a.jpg'></body></html>", "utf-8")
    result = invoke(["summarize", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == "error: no article text found on the page"


def test_a_url_is_fetched_under_the_fetch_policy_and_read_as_its_article() -> None:
    with hostile_site({"/news/flood": article_page("flood")}) as site:
        url = f"{site.url}/news/flood"
        refused = invoke(["summarize", url])
        assert site.hits == []  # loopback is refused before connecting
        fetched = invoke(["summarize", url], ALLOW_LOOPBACK)
        shown = invoke(["summarize", url, "-f", "md"], ALLOW_LOOPBACK)
    assert refused.exit_code == 2
    assert f"error: {url}: refused: 127.0.0.1 is a loopback address (allow_hosts" in refused.stderr
    brief = brief_of(fetched)
    assert brief["article"]["url"] == url  # type: ignore[index]
    assert_reads_the_page(brief, page_text())
    assert f"[{url}](<{url}>)" in shown.stdout


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(404, "<h1>gone</h1>"), "/a: HTTP 404 Not Found"),
        (
            Route(body=rss([], dt.date(2024, 5, 1)), headers={}),
            "/a is a feed, not an article; `summarizer daily` reads feeds",
        ),
        (
            Route(body="%PDF-1.7 binary", headers={"Content-Type": "application/pdf"}),
            "/a is application/pdf, not an article page or text",
        ),
        (Route(body="word " * 2000, headers={"Content-Type": "text/plain"}), "larger than"),
    ],
    ids=["404", "feed", "pdf", "too large"],
)
def test_a_url_that_is_no_article_is_one_clear_line_and_exit_2(route: Route, message: str) -> None:
    env = {**ALLOW_LOOPBACK, "SUMMARIZER_MAX_ARTICLE_CHARS": "2000"}
    with hostile_site({"/a": route}) as site:
        result = invoke(["summarize", f"{site.url}/a"], env)
    assert result.exit_code == 2, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: {site.url}") and message in last
    assert "Traceback" not in result.output


def test_a_plain_text_url_is_read_as_text() -> None:
    text = ARTICLES["flood"]
    route = Route(body=text, headers={"Content-Type": "text/plain; charset=utf-8"})
    with hostile_site({"/flood.txt": route}) as site:
        brief = brief_of(invoke(["summarize", f"{site.url}/flood.txt"], ALLOW_LOOPBACK))
    assert brief["article"]["title"] == FLOOD_TITLE  # type: ignore[index]
    assert brief["article"]["url"] == f"{site.url}/flood.txt"  # type: ignore[index]


@pytest.mark.parametrize("target", ["ftp://example.org/a.txt", "file:///etc/passwd"])
def test_other_url_schemes_are_refused(target: str) -> None:
    result = invoke(["summarize", target])
    assert result.exit_code == 2
    assert f"only http and https URLs are fetched, not '{target}'" in result.stderr


def test_html_output_highlights_the_evidence_of_every_item(tmp_path: Path) -> None:
    path = tmp_path / "flood.txt"
    path.write_text(ARTICLES["flood"], encoding="utf-8")
    out = tmp_path / "brief.html"
    result = invoke(["summarize", str(path), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    html = out.read_text(encoding="utf-8")
    brief = brief_of(invoke(["summarize", str(path)]))
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert f"<title>{escape(FLOOD_TITLE)}</title>" in html
    for quote in brief["quotes"]:  # type: ignore[attr-defined]
        marked = rf"<a id='at-{quote['id']}'></a><span class='(claim )?quote'>"
        assert re.search(marked + re.escape(escape(quote["text"])) + "</span>", html)
        assert f'href="#at-{quote["id"]}"' in html
    for claim in brief["claims"]:  # type: ignore[attr-defined]
        assert str(markup_escape(claim["text"])) in html  # as Jinja escapes it
    assert len(re.findall(r"<details class=\"item\">", html)) == sum(
        len(brief[k])
        for k in ("quotes", "numbers", "claims")  # type: ignore[arg-type]
    )
