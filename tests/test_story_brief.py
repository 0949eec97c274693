"""Merging a story's briefs: actors, quotes by speaker, claims, the summary, and ranking."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from fakes.stories import actor, claim, figure, quote, sourced

from summarizer.daily.storyactors import group_quotes, merge_actors, same_quote
from summarizer.daily.storybrief import (
    build_story,
    lead_span,
    merge_claims,
    rank_stories,
)
from summarizer.daily.storymodel import StoryArticle, StoryBrief

REPO = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------- actors


def _merged(*articles: list) -> list[tuple[str, str, list[str]]]:  # type: ignore[type-arg]
    items = [sourced(f"A{k}", f"outlet{k}", actors=a) for k, a in enumerate(articles)]
    actors, _ = merge_actors(items)
    return [(a.name, a.kind, [f"{r.article_id}:{r.item_id}" for r in a.refs]) for a in actors]


def test_actors_merge_by_name_alias_and_surname_across_articles() -> None:
    merged = _merged(
        [
            actor("a1", "Hillary Clinton", "person", "Clinton"),
            actor("a2", "Reuters", "organization"),
        ],
        [actor("a1", "Mrs. Clinton"), actor("a2", "Reuters", "organization")],
        [actor("a1", "H. Clinton"), actor("a3", "Tim Kaine")],
    )
    assert merged == [
        ("Hillary Clinton", "person", ["A0:a1", "A1:a1", "A2:a1"]),
        ("Reuters", "organization", ["A0:a2", "A1:a2"]),
        ("Tim Kaine", "person", ["A2:a3"]),
    ]


def test_a_bare_surname_never_joins_two_people_of_that_surname() -> None:
    merged = _merged(
        [actor("a1", "Hillary Clinton")],
        [actor("a1", "Clinton")],
        [actor("a1", "Bill Clinton")],
    )
    assert [name for name, _, _ in merged] == ["Hillary Clinton", "Bill Clinton"]
    assert merged[0][2] == ["A0:a1", "A1:a1"]


def test_two_actors_of_one_article_stay_apart_and_kind_follows_the_majority() -> None:
    merged = _merged(
        [actor("a1", "Smith"), actor("a2", "John Smith")],
        [actor("a1", "John Smith", "organization")],
        [actor("a1", "John Smith", "organization")],
    )
    assert merged[0] == ("John Smith", "organization", ["A0:a2", "A1:a1", "A2:a1"])
    assert merged[1] == ("Smith", "person", ["A0:a1"])


def test_the_merged_actor_has_the_fullest_name_every_alias_and_every_role() -> None:
    items = [
        sourced("A", "Times", actors=[actor("a1", "Biden", "person", "Joe", role="senator")]),
        sourced("B", "Post", actors=[actor("a1", "Joe Biden", role="vice president")]),
    ]
    (merged,), actor_of = merge_actors(items)
    assert (merged.id, merged.name, merged.aliases, merged.roles) == (
        "a1",
        "Joe Biden",
        ["Biden", "Joe"],
        ["senator", "vice president"],
    )
    assert actor_of == {("A", "a1"): "a1", ("B", "a1"): "a1"}


# ------------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("We will win this state.", "We will win this state", True),
        ("we will win", "I think we will win this state, and then the next one.", True),
        ("“We will win,” and then more.", "We will win, and then more", True),
        (
            "The economy is growing faster than anyone expected this year",
            "The economy is growing faster than anybody expected this year",
            True,
        ),
        ("We will win.", "We will lose.", False),
        ("we will", "will we", False),  # short: only containment counts
        ("The economy is growing", "Unemployment keeps falling across the region", False),
        ("", "anything", False),
    ],
)
def test_same_quote_by_containment_or_shared_words(a: str, b: str, same: bool) -> None:
    assert same_quote(a, b) is same
    assert same_quote(b, a) is same


def _quote_story() -> tuple[list, list]:  # type: ignore[type-arg]
    items = [
        sourced(
            "A",
            "Times",
            actors=[
                actor("a1", "Jane Roe"),
                actor("a2", "Water", "other"),
                actor("a3", "City Council", "organization"),
            ],
            quotes=[
                quote("q1", "The bridge was unsafe for years", "a1"),
                quote("q2", "Repairs start on Monday", "a3"),
                quote("q3", "flows downhill", "a2"),
            ],
        ),
        sourced(
            "B",
            "Post",
            actors=[actor("a1", "Roe"), actor("a2", "Council", "organization", "City Council")],
            quotes=[
                quote("q1", "I said the bridge was unsafe for years, and nobody listened", "a1"),
                quote("q2", "Nobody listened to us", "a1"),
                quote("q3", "It will reopen in May", None),
            ],
        ),
    ]
    actors, actor_of = merge_actors(items)
    return list(group_quotes(items, actors, actor_of))


def test_quotes_group_by_speaker_with_every_outlet_that_carries_them() -> None:
    speakers, _ = _quote_story()
    assert [(s.name, s.kind, [(q.text, q.outlets) for q in s.quotes]) for s in speakers] == [
        (
            "Jane Roe",
            "person",
            [
                ("I said the bridge was unsafe for years, and nobody listened", ["Times", "Post"]),
                ("Nobody listened to us", ["Post"]),
            ],
        ),
        ("City Council", "organization", [("Repairs start on Monday", ["Times"])]),
    ]
    first = speakers[0].quotes[0]
    assert first.id == "q1"
    assert [(r.article_id, r.item_id, r.outlet) for r in first.refs] == [
        ("A", "q1", "Times"),
        ("B", "q1", "Post"),
    ]
    assert first.named_as == ["Jane Roe", "Roe"]


def test_a_speaker_that_is_not_a_person_or_organization_is_not_listed() -> None:
    _, loose = _quote_story()
    assert [(q.id, q.text, q.speaker, q.named_as) for q in loose] == [
        ("q4", "flows downhill", None, ["Water"]),
        ("q5", "It will reopen in May", None, []),
    ]


def test_the_same_words_from_two_different_speakers_stay_two_quotes() -> None:
    items = [
        sourced(
            "A", "Times", actors=[actor("a1", "Jane Roe")], quotes=[quote("q1", "We won", "a1")]
        ),
        sourced(
            "B", "Post", actors=[actor("a1", "John Doe")], quotes=[quote("q1", "We won", "a1")]
        ),
    ]
    actors, actor_of = merge_actors(items)
    speakers, _ = group_quotes(items, actors, actor_of)
    assert [(s.name, len(s.quotes)) for s in speakers] == [("Jane Roe", 1), ("John Doe", 1)]


# ------------------------------------------------------------------- claims


def test_claims_merge_one_to_one_best_pairs_first_with_their_sources() -> None:
    items = [
        sourced(
            "A",
            "Times",
            actors=[actor("a1", "Jane Roe")],
            claims=[
                claim("c1", "The bridge over the river closed on Monday."),
                claim("c2", "The bridge over the river closed after an inspection.", "a1"),
            ],
        ),
        sourced(
            "B",
            "Post",
            actors=[actor("a1", "Roe")],
            claims=[
                claim("c1", "The river bridge closed after an inspection.", "a1"),
                claim("c2", "The river bridge closed after an inspection found cracks."),
                claim("c3", "Traffic moved to the ferry."),
            ],
        ),
    ]
    actors, actor_of = merge_actors(items)
    claims = merge_claims(items, actor_of)
    assert [(c.id, c.text, c.sources, c.outlets, [r.item_id for r in c.refs]) for c in claims] == [
        (
            "c1",
            "The bridge over the river closed on Monday.",
            [],
            ["Times", "Post"],
            ["c1", "c2"],
        ),
        (
            "c2",
            "The bridge over the river closed after an inspection.",
            ["a1"],
            ["Times", "Post"],
            ["c2", "c1"],
        ),
        ("c3", "Traffic moved to the ferry.", [], ["Post"], ["c3"]),
    ]


def test_claims_of_one_article_never_merge_with_each_other() -> None:
    items = [
        sourced(
            "A",
            "Times",
            claims=[claim("c1", "The bridge closed."), claim("c2", "The bridge closed again.")],
        )
    ]
    assert [c.text for c in merge_claims(items, {})] == [
        "The bridge closed.",
        "The bridge closed again.",
    ]


# ------------------------------------------------------------------ summary

HEADLINE = "Bridge closes after inspection"
LEAD = (
    "CITY - The old river bridge closed on Monday after inspectors found deep cracks in two "
    "of its piers. Engineers said repairs would take months. The council met on Tuesday to "
    "discuss a ferry service for commuters who used the bridge every day."
)  # 42 words; with the next sentence (23 words) it would pass the 60-word limit
BODY = LEAD + (
    " Shops near the bridge said on Wednesday that they had already lost about a third of their"
    " usual customers since the closure began."
)


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # the headline line is not the lead, known title or not
        (f"{HEADLINE}\n\n{BODY}", None, LEAD),
        (f"{HEADLINE}\n\n{BODY}", HEADLINE, LEAD),
        # section labels and datelines are skipped
        (
            f"{HEADLINE}.\nABSTRACT.\nFULL TEXT.\n{BODY}",
            None,
            LEAD,
        ),
        # a first paragraph repeating the title is skipped even when long
        (
            "Bridge closes after inspection finds cracks in the piers of the old river bridge\n"
            + BODY,
            "Bridge closes after inspection finds cracks in the piers of the old river bridge",
            LEAD,
        ),
        # a one-paragraph text is its own lead
        (BODY, None, LEAD),
        # nor is the title followed by a dateline, however long the title
        (
            "Inspectors close the old river bridge after finding deep cracks in two of its "
            f"piers on Monday Wednesday, October 9, 2013\n\n{BODY}",
            "Inspectors close the old river bridge after finding deep cracks in two of its "
            "piers on Monday",
            LEAD,
        ),
        # but a lead that starts with the title's words and goes on is the lead
        (f"CITY - The old river bridge\n\n{BODY}", "CITY - The old river bridge", LEAD),
        # photo captions, which end with their credit, are not the lead
        (
            f"{HEADLINE}\n\nThe old river bridge seen from the east bank on a winter morning "
            f"last year. Image: City of Bridgetown.\n\n{BODY}",
            HEADLINE,
            LEAD,
        ),
        (
            f"{HEADLINE}\n\nInspectors at work under the second pier of the bridge on Monday "
            f"afternoon (Photo by Jane Doe: Reuters)\n{BODY}",
            HEADLINE,
            LEAD,
        ),
        ("Too short.\nAlso short.", None, None),
    ],
)
def test_the_lead_is_the_first_sentences_of_the_first_real_paragraph(
    text: str, title: str | None, expected: str | None
) -> None:
    span = lead_span(text, title)
    assert (text[span.start : span.end] if span else None) == expected


def test_the_lead_stops_at_a_sentence_boundary_within_sixty_words() -> None:
    sentence = "One two three four five six seven eight nine ten eleven twelve thirteen. "
    text = sentence * 10
    span = lead_span(text, None)
    assert span is not None
    assert text[span.start : span.end] == (sentence * 4).strip()


# ----------------------------------------------------------------- the story


def test_the_story_starts_from_its_most_central_article() -> None:
    items = [
        sourced(
            "A",
            "Times",
            "Side note\n\n" + "A short unrelated item about a parade in town.",
            "2024-05-01",
        ),
        sourced("B", "Post", f"{HEADLINE}\n\n{BODY}", "2024-05-01T18:00:00+00:00"),
        sourced("C", "Times", "Bridge\n\n" + BODY, "2024-05-01T09:00:00"),
    ]
    similarity = np.array([[1.0, 0.1, 0.2], [0.1, 1.0, 0.8], [0.2, 0.8, 1.0]])
    story = build_story(items, similarity)
    assert [a.article_id for a in story.articles] == ["C", "A", "B"]
    assert story.outlets == ["Times", "Post"]
    assert story.title == "Bridge"
    assert story.published == "2024-05-01T18:00:00+00:00"
    assert story.summary is not None
    assert story.summary.text == LEAD
    assert story.summary.written_by == "lead"
    [source] = story.summary.evidence
    assert (source.article_id, source.item_id) == ("C", "lead")
    span = source.spans[0]
    assert items[2].text[span.start : span.end] == story.summary.text


def test_a_story_without_similarities_starts_from_its_first_article() -> None:
    items = [
        sourced(
            "A",
            "Times",
            f"{HEADLINE}\n\n{BODY}",
            numbers=[figure("n1", 4, "people", "people hurt")],
        ),
        sourced(
            "B", "Post", f"{HEADLINE}\n\n{BODY}", numbers=[figure("n1", 9, "people", "injured")]
        ),
    ]
    story = build_story(items)
    assert story.title == HEADLINE
    assert [line.conflict for line in story.figures] == [True]
    assert StoryBrief.model_validate_json(story.model_dump_json()) == story
    schema = json.loads((REPO / "schemas" / "story.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(story.model_dump_json()), schema)
    with pytest.raises(ValueError, match="at least one article"):
        build_story([])


# ------------------------------------------------------------------ ranking


def _story(name: str, outlets: int, articles: int, published: str | None) -> StoryBrief:
    names = [f"o{k}" for k in range(outlets)]
    return StoryBrief(
        title=name,
        articles=[
            StoryArticle(article_id=f"{name}{k}", outlet=names[k % outlets])
            for k in range(articles)
        ],
        outlets=names,
        published=published,
    )


def test_stories_rank_by_outlets_then_articles_then_recency_then_input_order() -> None:
    stories = [
        _story("old-wide", 3, 3, "2024-05-01T06:00:00"),
        _story("narrow", 1, 4, "2024-05-01T23:00:00"),
        _story("undated", 3, 3, None),
        _story("new-wide", 3, 3, "2024-05-01T09:00:00+02:00"),
        _story("widest", 4, 4, "2024-04-30"),
        _story("deep", 3, 5, "2024-04-30"),
        _story("new-wide-twin", 3, 3, "2024-05-01T07:00:00Z"),
    ]
    ranked = rank_stories(stories)
    assert [(s.id, s.title) for s in ranked] == [
        ("s1", "widest"),
        ("s2", "deep"),
        ("s3", "new-wide"),
        ("s4", "new-wide-twin"),
        ("s5", "old-wide"),
        ("s6", "undated"),
        ("s7", "narrow"),
    ]


def test_ranking_keeps_at_most_the_cap() -> None:
    stories = [_story(f"t{k}", 1, 1, None) for k in range(5)]
    assert [s.id for s in rank_stories(stories, 3)] == ["s1", "s2", "s3"]
    assert [s.title for s in rank_stories(stories, 3)] == ["t0", "t1", "t2"]
    assert rank_stories([], 3) == []
