"""Reading sources: folders, JSON manifests, feeds by file or URL, and what fails."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path

import pytest
from fakes.news import ARTICLES, NewsSite, write_articles

from summarizer.config import load_settings
from summarizer.daily.dedup import fold_copies
from summarizer.daily.feeds import FeedEntry, published_on
from summarizer.daily.sources import Collected, collect

DAY = dt.date(2024, 5, 1)


def read(*sources: str | Path, day: dt.date = DAY, **settings: object) -> Collected:
    """What ``collect`` reads; the loopback news site is allowed unless told otherwise."""
    settings.setdefault("allow_hosts", ["127.0.0.1"])
    return asyncio.run(collect([str(s) for s in sources], day, load_settings(**settings)))


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite(DAY, slow_seconds=5) as news:
        yield news


def test_a_json_manifest_gives_titles_links_and_dates_to_the_files_it_names(
    tmp_path: Path,
) -> None:
    write_articles(tmp_path, ["flood", "budget"])
    (tmp_path / "index.json").write_text(
        json.dumps(
            [
                {
                    "file": "flood.txt",
                    "title": "Floods in Marlow",
                    "source_url": "https://example.org/floods",
                    "date_created": "2024-05-01",
                },
                {"id": "no-text"},
            ]
        ),
        encoding="utf-8",
    )

    collected = read(tmp_path)

    assert [f.location for f in collected.found] == [
        str(tmp_path / "budget.txt"),
        str(tmp_path / "flood.txt"),
        str(tmp_path / "flood.txt"),
    ]
    [failure] = collected.failures
    assert failure.source == f"{tmp_path / 'index.json'}[1]"
    assert "needs a `text` or a `file`" in failure.reason
    flood = fold_copies(collected.found, 0.8)[1]
    assert (flood.article.title, flood.article.url, flood.article.published) == (
        "Floods in Marlow",
        "https://example.org/floods",
        "2024-05-01",
    )
    assert len(flood.sources) == 1  # one file, read twice


def test_folders_skip_hidden_and_unknown_files_and_list_unreadable_ones(tmp_path: Path) -> None:
    write_articles(tmp_path, ["match"])
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "draft.txt").write_text(ARTICLES["flood"], encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "scan.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "story.json").write_text(
        json.dumps({"text": ARTICLES["library"], "title": "Library"}), encoding="utf-8"
    )

    collected = read(tmp_path, tmp_path / "missing.txt")

    assert sorted(Path(f.location).name for f in collected.found) == ["match.txt", "story.json"]
    reasons = {Path(f.source).name: f.reason for f in collected.failures}
    assert set(reasons) == {"scan.txt", "broken.json", "missing.txt"}
    assert "binary" in reasons["scan.txt"]
    assert "not valid JSON" in reasons["broken.json"]
    assert "no such file" in reasons["missing.txt"]


def test_a_feed_file_brings_in_only_the_days_items(tmp_path: Path, site: NewsSite) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text(site.feed(), encoding="utf-8")
    sniffed = tmp_path / "subscriptions.feed"
    sniffed.write_text(site.feed(), encoding="utf-8")

    collected = read(feed, sniffed, fetch_timeout=0.5)

    titles = [f.article.title for f in collected.found]
    assert titles.count("River floods force 3,000 people from their homes") == 2
    assert "Last week's news" not in titles and "/news/old" not in site.hits
    assert {f.article.published for f in collected.found} == {"2024-05-01"}
    assert sorted({f.stage for f in collected.failures}) == ["extract", "fetch"]
    assert len(collected.failures) == 6  # gallery, missing and slow, from each feed


def test_feed_entries_belong_to_the_local_day_they_were_published() -> None:
    noon = dt.datetime.combine(DAY, dt.time(12, 0)).astimezone()
    assert published_on(FeedEntry("x", "t", noon, None), DAY)
    assert not published_on(FeedEntry("x", "t", noon + dt.timedelta(days=1), None), DAY)
    assert not published_on(FeedEntry("x", "t", None, None), DAY)


def test_a_feed_item_without_a_page_uses_its_own_content(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in ARTICLES["budget"].splitlines()[1:] if line)
    when = format_datetime(dt.datetime.combine(DAY, dt.time(9, 0)).astimezone())
    (tmp_path / "feed.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        f"<item><title>Budget</title><description><![CDATA[{body}]]></description>"
        f"<pubDate>{when}</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    [article] = [f.article for f in read(tmp_path / "feed.xml").found]
    assert article.title == "Budget"
    assert "40 new electric buses" in article.text


def test_pages_fail_clearly_and_slow_pages_do_not_hang_the_run(site: NewsSite) -> None:
    collected = read(
        f"{site.url}/news/flood",
        f"{site.url}/missing",
        f"{site.url}/gallery",
        f"{site.url}/slow",
        "http://127.0.0.1:9/refused",
        fetch_timeout=0.5,
    )
    [page] = collected.found
    assert page.article.title == "River floods force 3,000 people from their homes"
    assert page.article.text.startswith("River floods force 3,000 people")
    assert "Copyright Example News" not in page.article.text
    reasons = {f.source.rsplit("/", 1)[1]: f.reason for f in collected.failures}
    assert reasons["missing"] == "HTTP 404 Not Found"
    assert reasons["gallery"] == "no article text found on the page"
    assert reasons["slow"] == "no complete answer within 0.5s"
    assert reasons["refused"].startswith("cannot fetch")
