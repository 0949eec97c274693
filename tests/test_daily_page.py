"""What the day's page shows of a story, and the evidence files it opens."""

from __future__ import annotations

import json

import pytest
from fakes.stories import actor, figure, quote, sourced

from summarizer.daily.markdown import clash_line
from summarizer.daily.model import DailyStory
from summarizer.daily.page import (
    STORY_CALLBACK,
    Figure,
    evidence_ref,
    figures_of,
    page_story,
    story_file,
)
from summarizer.daily.storybrief import build_story
from summarizer.daily.storymodel import ItemRef, SourceRef, named_speaker
from summarizer.schema import Span

HOSTILE = 'Line one </script><script>alert(1)</script> & "quotes" \u2028 \U0001f600 end.'


def daily(*items: object, **extra: object) -> DailyStory:
    story = build_story(list(items))  # type: ignore[arg-type]
    return DailyStory.model_validate(
        {
            **story.model_dump(),
            "link": "https://a.example/1",
            "sources": [SourceRef(location="a")],
            **extra,
        }
    )


def two_outlets() -> DailyStory:
    text = "Four people died. 4 said Ann Lee. Bob said it. Mail said so. 5 dead."
    a = sourced(
        "A",
        "a.example",
        text,
        actors=[
            actor("p1", "Ann Lee"),
            actor("p2", "Bob"),
            actor("p3", "City Council", "organization"),
            actor("p4", "Oslo", "country"),
        ],
        quotes=[
            quote("q1", "Four people died", "p1"),
            quote("q2", "it", "p2", 22),
            quote("q3", "so", "p3", 35),
            quote("q4", "dead", "p4", 50),
        ],
        numbers=[figure("n1", 4, "people", "people killed", start=18)],
    )
    b = sourced(
        "B",
        "b.example",
        text,
        numbers=[
            figure("n1", 5, "people", "people killed", start=47),
            figure("n2", 2, "years", "ago", start=0),
        ],
    )
    return daily(a, b)


def test_an_evidence_reference_names_the_article_in_the_story_and_its_spans() -> None:
    story = two_outlets()
    ref = ItemRef(
        article_id="B",
        item_id="c1",
        outlet="b.example",
        spans=[Span(start=5, end=9), Span(start=20, end=25)],
    )
    assert evidence_ref(story, ref) == "1:5-9,20-25"
    assert evidence_ref(story, ref.model_copy(update={"spans": []})) == ""


@pytest.mark.parametrize(
    ("name", "kind", "named"),
    [
        ("Kristen Wilkins", "person", True),
        ("Jonathan M. Stan", "person", True),
        ("Wilkins", "person", False),
        ("Bill", "person", False),
        ("JohnRauschenberg", "person", False),
        ("Fayetteville", "person", False),
        ("Microsoft", "organization", True),
        ("Sydney Morning Herald", "organization", True),
        ("United Kingdom", "country", False),
        ("The protesters", "group", False),
        ("Somebody Else", "other", False),
    ],
)
def test_a_page_names_only_organizations_and_people_named_in_full(
    name: str, kind: str, named: bool
) -> None:
    assert named_speaker(name, kind) is named  # type: ignore[arg-type]


def test_the_page_shows_named_speakers_figures_with_meaning_and_the_clash() -> None:
    story = two_outlets()
    page = page_story(story, 1, "stories/s1.x.js")
    assert page.many and page.file == "stories/s1.x.js"
    assert [(s.name, [q.text for q in s.quotes]) for s in page.speakers] == [
        ("Ann Lee", ["Four people died"]),
        ("City Council", ["so"]),
    ]
    assert [q.ev for s in page.speakers for q in s.quotes] == ["0:0-16", "0:35-37"]
    [toll] = page.figures  # "2 years ago" stays in the JSON only
    assert len(story.figures) == 2
    assert toll.label == "people killed"
    assert [(r.text, r.note, r.ev) for r in toll.reports] == [
        ("4", "a.example", "0:18-21"),
        ("5", "b.example", "1:47-50"),
    ]
    assert [(c.first.text, c.second.text, c.same_article) for c in toll.clashes] == [
        ("4", "5", False)
    ]
    assert page.conflicts == (toll,) and toll.across
    assert clash_line(toll, toll.clashes[0]) == (
        "**Reports disagree** on people killed: 4 (a.example) vs 5 (b.example)"
    )


def test_two_values_in_one_article_are_said_to_come_from_it() -> None:
    text = "At first 12 people died. Later 20 people died, and 12 people were hurt."
    story = daily(
        sourced(
            "A",
            "a.example",
            text,
            numbers=[
                figure("n1", 12, "people", "people killed", start=9),
                figure("n2", 20, "people", "people killed", start=31),
            ],
        ),
        sourced("B", "b.example", text, numbers=[figure("n1", 12, "people", "deaths", start=9)]),
    )
    [toll] = figures_of(story)
    # B's 12 is one of A's values: only A's own two values are a clash
    assert [(c.first.text, c.second.text, c.same_article) for c in toll.clashes] == [
        ("12", "20", True)
    ]
    assert clash_line(toll, toll.clashes[0]) == (
        "**One article gives different values** for people killed: 12 vs 20 (a.example)"
    )


@pytest.mark.parametrize(
    ("what", "unit", "label"),
    [
        ("people killed", "people", "people killed"),
        ("asylum seekers rescued", "seekers", "asylum seekers rescued"),
        ("votes for Clinton", "votes", "votes for Clinton"),
        ("bail set by the court", "USD", "bail set by the court (USD)"),
        ("of military conflict", "decades", "of military conflict (decades)"),
    ],
)
def test_a_figure_names_its_unit_unless_its_words_do(what: str, unit: str, label: str) -> None:
    assert Figure(what, unit, (), ()).label == label


def test_the_evidence_file_is_one_call_whose_text_cannot_end_the_string_or_the_script() -> None:
    story = daily(
        sourced("A", "a.example", HOSTILE),
        link="https://a.example/1",
    )
    story = story.model_copy(
        update={
            "articles": [
                story.articles[0].model_copy(update={"link": "javascript:alert(1)", "title": "T"})
            ]
        }
    )
    name, payload = story_file(story, {"A": HOSTILE})
    assert payload.isascii()
    assert not set("<>&\u2028") & set(payload)
    call = f'{STORY_CALLBACK}("{story.id}",'
    assert payload.startswith(call) and payload.endswith(");\n")
    data = json.loads(payload[len(call) : -3])
    assert data == {
        "articles": [{"outlet": "a.example", "title": "T", "link": None, "text": HOSTILE}]
    }
    other, _ = story_file(story, {"A": HOSTILE + "!"})
    assert name.startswith(f"stories/{story.id}.") and name.endswith(".js") and other != name


def test_a_clash_the_page_already_shows_is_not_shown_twice() -> None:
    text = "With 107 delegates at stake here and 214 delegates at stake there, it went on."
    values = [(107, 5), (214, 37)]
    story = daily(
        sourced(
            "A",
            "wire.example",
            text,
            numbers=[
                figure(f"n{v}", v, "delegates", "delegates at stake", start=s) for v, s in values
            ],
        ),
        sourced(
            "B",
            "wire.example",
            text,
            numbers=[
                figure(f"n{v}", v, "delegates", "delegates at stake", start=s)
                for v, s in reversed(values)
            ],
        ),
    )
    [line] = story.figures
    assert len(line.disagreements) == 2  # one in each article
    [figure_line] = figures_of(story)
    [clash] = figure_line.clashes
    assert (clash.first.text, clash.second.text, clash.same_article) == ("107", "214", True)
    assert not figure_line.across
    # each number of the outlet is listed once, with its first article's evidence
    assert [(r.text, r.ev) for r in figure_line.reports] == [("107", "0:5-8"), ("214", "0:37-40")]
