"""Copies folded, outlets named, and the day's articles grouped into merged stories."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fakes.news import ARTICLES, ScriptedProvider

from summarizer import Article, summarize
from summarizer.config import Settings, load_settings
from summarizer.daily.dedup import fold_copies, shingles
from summarizer.daily.outlets import outlet_of
from summarizer.daily.sources import Found
from summarizer.daily.view import Summarised, build_day, clustering_text

THRESHOLD = Settings.model_fields["story_threshold"].default

SHELTERS = """Mayor visits flood shelters in Marlow

The mayor of Marlow spent Wednesday visiting the six shelters opened after the flood.
Floodwaters from the Vessa river forced 3,000 people from their homes in Marlow on Tuesday.
"Families here are safe and dry," said Helen Carter.
The Red Cross said it had delivered 1,200 blankets to the shelters.
"""
CARTER_TOO = """Anna Carter named head of the harbour authority

The harbour authority has named Anna Carter as its new chief executive.
"The harbour must serve the whole town," said Anna Carter at her first press conference.
She takes over from a chief executive who retired after eleven years in the post.
"""


def found(text: str, location: str, **meta: str) -> Found:
    return Found(Article(text=text, **meta), location, f"file:///{location}")


def briefed(*articles_of: list[Found]) -> list[Summarised]:
    settings = load_settings()
    provider = ScriptedProvider()
    items = []
    for article in fold_copies([f for copies in articles_of for f in copies], 0.8):
        items.append(
            Summarised(article, summarize(article.article, config=settings, provider=provider))
        )
    return items


def test_identical_copies_and_near_copies_are_one_article() -> None:
    updated = ARTICLES["library"] + "Opening hours will be longer during the summer holidays.\n"
    rewritten = (
        ARTICLES["library"]
        .replace("60,000 books", "sixty thousand volumes")
        .replace("Sunday", "Saturday")
        .replace("restored", "rebuilt")
        .replace("railway history", "rail heritage")
        .replace("cafe", "coffee shop")
    )
    original = shingles(ARTICLES["library"])
    for other, near in ((shingles(updated), True), (shingles(rewritten), False)):
        assert (len(original & other) / len(original | other) >= 0.8) is near
    stories = fold_copies(
        [
            found(ARTICLES["library"], "a/library.txt", url="https://example.org/library"),
            found(ARTICLES["flood"], "a/flood.txt"),
            found(ARTICLES["library"], "b/library-copy.txt", title="Library opens"),
            found(updated, "c/library-updated.txt"),
            found(rewritten, "d/library-rewritten.txt"),
        ],
        threshold=0.8,
    )

    assert [[c.location for c in s.copies] for s in stories] == [
        ["a/library.txt", "b/library-copy.txt", "c/library-updated.txt"],
        ["a/flood.txt"],
        ["d/library-rewritten.txt"],
    ]
    library = stories[0]
    assert library.article.text == updated  # the longest copy is summarised
    assert library.link == "https://example.org/library"
    assert [s.location for s in library.sources] == [
        "a/library.txt",
        "b/library-copy.txt",
        "c/library-updated.txt",
    ]
    strict = fold_copies([found(ARTICLES["library"], "a"), found(updated, "b")], 0.95)
    assert len(strict) == 2


def test_reports_of_one_event_from_two_outlets_are_one_story_with_merged_items() -> None:
    day = build_day(
        briefed(
            [found(ARTICLES["flood"], "flood.txt", url="https://marlow-news.example/flood")],
            [
                found(SHELTERS, "shelters.txt", url="https://www.county-post.example/shelters"),
                found(SHELTERS, "mirror/shelters.txt"),
            ],
            [found(CARTER_TOO, "harbour.txt", url="https://marlow-news.example/harbour")],
            [found(ARTICLES["budget"], "budget.txt", url="https://brenton.example/budget")],
        ),
        THRESHOLD,
    )
    assert [(d.story.id, d.story.title) for d in day] == [
        ("s1", "River floods force 3,000 people from their homes"),
        ("s2", "Anna Carter named head of the harbour authority"),
        ("s3", "City council approves budget with new money for buses"),
    ]
    flood = day[0].story
    assert flood.outlets == ["marlow-news.example", "county-post.example"]
    assert [a.outlet for a in flood.articles] == flood.outlets
    assert [item.outlet for item in day[0].items] == ["marlow-news.example", "county-post.example"]
    assert flood.link == "https://marlow-news.example/flood"
    assert [s.location for s in flood.sources] == [
        "flood.txt",
        "shelters.txt",
        "mirror/shelters.txt",
    ]
    # Helen Carter of both articles is one speaker; Anna Carter is another story's
    [carter] = flood.quotes
    assert carter.name == "Helen Carter"
    assert [(q.text, q.outlets) for q in carter.quotes] == [
        ("We have never seen the water rise this fast", ["marlow-news.example"]),
        ("Everyone who needs a bed tonight will have one", ["marlow-news.example"]),
        ("Families here are safe and dry", ["county-post.example"]),
    ]
    # the sentence both articles state is one claim of two outlets, listed first
    top = flood.claims[0]
    assert top.text.startswith("Floodwaters from the Vessa river forced 3,000 people")
    assert top.outlets == ["marlow-news.example", "county-post.example"]
    assert len(top.refs) == 2


def test_an_article_carried_by_two_outlets_counts_both_for_the_story() -> None:
    updated = ARTICLES["library"] + "Opening hours will be longer during the summer holidays.\n"
    [day] = build_day(
        briefed(
            [
                found(ARTICLES["library"], "wire.txt", url="https://wire.example/library"),
                found(updated, "paper.txt", url="https://paper.example/library"),
            ]
        ),
        THRESHOLD,
    )
    [article] = day.story.articles
    assert (article.outlet, article.also_in) == ("paper.example", ["wire.example"])
    assert day.story.outlets == ["paper.example", "wire.example"]
    assert day.items[0].text == updated


@pytest.mark.parametrize(
    ("copies", "outlet"),
    [
        # a manifest's outlet first, then the URL's host (without www.)
        (
            [
                Found(
                    Article("x", url="https://www.nytimes.com/a"),
                    "m.json",
                    "file:///d/m.json",
                    "The Times",
                )
            ],
            "The Times",
        ),
        (
            [Found(Article("x", url="https://www.nytimes.com/a"), "a", "file:///d/a.txt")],
            "nytimes.com",
        ),
        ([Found(Article("x"), "https://News.example/a", "https://News.example/a")], "news.example"),
        # identical copies share what one of them knows
        (
            [
                Found(Article("x"), "d/a.txt", "file:///d/a.txt"),
                Found(Article("x", url="https://site.example/a"), "d/i.json", "file:///d/i.json"),
            ],
            "site.example",
        ),
        # local files: an archive's <outlet>_<date>_ name, else the folder
        (
            [Found(Article("x"), "p", "file:///c/text/wash-post_2016-07-27_bill-clinton.txt")],
            "wash-post",
        ),
        ([Found(Article("x"), "p", "file:///c/wikinews/news-stampede.txt")], "wikinews"),
        ([Found(Article("x"), "p", "file:///c/notes_on_2016-07-27.txt")], "c"),
        # neither: where it was read
        ([Found(Article("x"), "feed.rss (Item)", "feed.rss")], "feed.rss (Item)"),
        # only http(s) URLs give a host
        ([Found(Article("x", url="javascript:alert(1)"), "p", "file:///c/a.txt")], "c"),
    ],
)
def test_the_outlet_of_a_copy(copies: list[Found], outlet: str) -> None:
    assert outlet_of(copies) == outlet


def test_clustering_reads_the_headline_once() -> None:
    [item] = briefed([found("Body of the article, long enough.", "a.txt", title="Headline")])
    assert clustering_text(item) == "Headline\n\nBody of the article, long enough."
    [item] = briefed([found("Headline\n\nBody of the article.", "b.txt", title="Headline")])
    assert clustering_text(item) == "Headline\n\nBody of the article."
    assert build_day([], THRESHOLD) == []


@pytest.mark.parametrize("threshold", [0.5, 0.8, 1.0])
def test_unrelated_articles_never_merge(threshold: float) -> None:
    copies = [found(text, name) for name, text in ARTICLES.items()]
    assert len(fold_copies(copies, threshold)) == len(ARTICLES)
    assert len(fold_copies([*copies, replace(copies[0], location="again")], threshold)) == len(
        ARTICLES
    )
