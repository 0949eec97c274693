"""Stories and the cross-article view: duplicates folded, actors merged, claims ranked."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_daily_fakes import ARTICLES, ScriptedProvider

from summarizer import Article, summarize
from summarizer.config import load_settings
from summarizer.daily.dedup import group_stories, shingles
from summarizer.daily.sources import Found
from summarizer.daily.view import Summarised, build_view

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


def briefed(*stories_of: list[Found]) -> list[Summarised]:
    settings = load_settings()
    provider = ScriptedProvider()
    items = []
    for story in group_stories([f for copies in stories_of for f in copies], 0.8):
        items.append(
            Summarised(story, summarize(story.article, config=settings, provider=provider))
        )
    return items


def test_identical_copies_are_one_article_and_near_copies_one_story() -> None:
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
    stories = group_stories(
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
    strict = group_stories([found(ARTICLES["library"], "a"), found(updated, "b")], 0.95)
    assert len(strict) == 2


def test_actors_merge_across_articles_by_name_and_alias_but_not_by_alias_alone() -> None:
    view = build_view(
        briefed(
            [found(ARTICLES["flood"], "flood.txt")],
            [found(SHELTERS, "shelters.txt"), found(SHELTERS, "mirror/shelters.txt")],
            [found(CARTER_TOO, "harbour.txt")],
        )
    )
    by_name = {a.name: a for a in view.actors}
    helen, anna = by_name["Helen Carter"], by_name["Anna Carter"]
    assert len(helen.articles) == 2 and len(anna.articles) == 1
    assert helen.aliases == ["Carter"]
    assert view.actors[0] is helen  # in most articles

    carter = next(g for g in view.quotes if g.name == "Helen Carter")
    assert carter.speaker == helen.id
    assert [q.text for q in carter.quotes] == [
        "Families here are safe and dry",  # the story with two sources ranks first
        "We have never seen the water rise this fast",
        "Everyone who needs a bed tonight will have one",
    ]
    assert view.quotes[0] is carter
    for group in view.quotes:
        for quote in group.quotes:
            assert f'"{quote.text},"' in quote.evidence and group.name in quote.evidence


def test_claims_rank_by_supporting_articles_then_salience() -> None:
    items = briefed(
        [found(ARTICLES["flood"], "flood.txt")],
        [found(SHELTERS, "shelters.txt")],
        [found(ARTICLES["budget"], "budget.txt")],
    )
    view = build_view(items)
    top = view.claims[0]
    assert top.text.startswith("Floodwaters from the Vessa river forced 3,000 people")
    assert top.support == 2 and top.salience == 1.0
    assert [r.article_id for r in top.refs] == [
        items[0].brief.article.id,
        items[1].brief.article.id,
    ]
    singles = view.claims[1:]
    assert all(c.support == 1 for c in singles)
    assert [c.salience for c in singles] == sorted((c.salience for c in singles), reverse=True)
    assert sum(len(c.refs) for c in view.claims) == sum(len(i.brief.claims) for i in items)


def test_figures_keep_each_quantity_once_per_article_with_its_sentence() -> None:
    view = build_view(
        briefed([found(ARTICLES["flood"], "flood.txt")], [found(SHELTERS, "shelters.txt")])
    )
    flood_id = view.stories[0].article_id
    assert [(f.text, f.value) for f in view.figures if f.article_id == flood_id] == [
        ("3,000", 3000),
        ("45", 45),
    ]
    for figure in view.figures:
        assert figure.text in figure.evidence
    rescued = next(f for f in view.figures if f.value == 45)
    assert rescued.evidence == (
        "Emergency crews rescued 45 people from rooftops overnight, "
        "according to the regional fire service."
    )


def test_stories_carry_title_summary_link_and_lead_evidence() -> None:
    items = briefed([found(ARTICLES["budget"], "budget.txt", url="https://example.org/budget")])
    [story] = build_view(items).stories
    assert story.id == "s1"
    assert story.title == "City council approves budget with new money for buses"
    assert story.link == "https://example.org/budget"
    assert story.summary == items[0].brief.summary
    assert story.evidence is not None
    assert story.evidence in " ".join(ARTICLES["budget"].split())


@pytest.mark.parametrize("threshold", [0.5, 0.8, 1.0])
def test_unrelated_articles_never_merge(threshold: float) -> None:
    copies = [found(text, name) for name, text in ARTICLES.items()]
    assert len(group_stories(copies, threshold)) == len(ARTICLES)
    assert len(group_stories([*copies, replace(copies[0], location="again")], threshold)) == len(
        ARTICLES
    )
