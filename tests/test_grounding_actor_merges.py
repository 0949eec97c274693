"""Actor rules through ``ground``, one table each: which of the model's actors are one entity,
where the article names each actor, which names can be the speaker of a sentence, and which
actor a model's name resolves to.

Articles and names are invented; each row states the rule it pins.
"""

from __future__ import annotations

from typing import Any

import pytest
from fakes.grounding import answer

from summarizer.align import ArticleIndex
from summarizer.grounding import ActorResolver, ground
from summarizer.grounding.actors import ActorMentions, name_tokens, same_person


def person(name: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "kind": "person", **more}


def org(name: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "kind": "organization", **more}


# ------------------------------------------------------------------ one entity or two

# name -> (article, the model's actors, the kept actors' names and aliases)
MERGE_ROWS: dict[str, tuple[str, list[dict[str, Any]], list[tuple[str, tuple[str, ...]]]]] = {
    "a title before a surname is no first name": (
        "Joe Biden spoke. President Biden left.",
        [person("Joe Biden"), person("President Biden")],
        [("Joe Biden", ("President Biden",))],
    ),
    "a bare surname two people carry names neither, whatever their middle names": (
        "Joe Robinette Biden and Jill Biden came. Biden spoke.",
        [person("Joe Robinette Biden"), person("Jill Biden"), person("Biden")],
        [("Joe Robinette Biden", ()), ("Jill Biden", ()), ("Biden", ())],
    ),
    "an organisation written without its space is one": (
        "DeepMind, or Deep Mind, said.",
        [org("DeepMind"), org("Deep Mind")],
        [("DeepMind", ("Deep Mind",))],
    ),
    "an organisation written with its space is one": (
        "DeepMind, or Deep Mind, said.",
        [org("Deep Mind"), org("DeepMind")],
        [("Deep Mind", ("DeepMind",))],
    ),
    "a person and an organisation are never one": (
        "Henry Ford founded Ford.",
        [person("Henry Ford"), org("Ford")],
        [("Henry Ford", ()), ("Ford", ())],
    ),
    "two full names apart stay apart whatever short form they share": (
        "Walt Whitman and George Whitman met. Whitman spoke.",
        [person("Walt Whitman"), person("George Whitman", aliases=["Whitman"])],
        [("Walt Whitman", ()), ("George Whitman", ("Whitman",))],
    ),
    "titles are stripped from people only": (
        "General Motors and Motors Ltd met.",
        [org("General Motors"), org("Motors")],
        [("General Motors", ()), ("Motors", ())],
    ),
    "a person the article names by surname only is kept by the full name": (
        "Biden spoke.",
        [person("Joe Robinette Biden")],
        [("Joe Robinette Biden", ())],
    ),
    "a name only in parentheses goes by its alias": (
        "Biden spoke.",
        [person("(Biden)", aliases=["Biden"]), person("Joe Biden")],
        [("Joe Biden", ("Biden",))],
    ),
}


@pytest.mark.parametrize("name", MERGE_ROWS)
def test_which_actors_are_one(name: str) -> None:
    text, actors, kept = MERGE_ROWS[name]
    result = ground(answer(actors=actors), ArticleIndex(text))
    assert result.problems == []
    assert [(a.name, tuple(a.aliases)) for a in result.actors] == kept


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("ShimonPeres", "Shimon Peres", True),  # the glued name first
        ("Joe Biden", "Joe Smith", False),  # one given name, two surnames
        ("John F. Smith", "John Fitzgerald Smith", True),  # an initial for a middle name
        ("John F. K. Smith", "John Fitzgerald Smith", False),  # two middle names for one
    ],
)
def test_same_person_by_surname_and_given_names(a: str, b: str, same: bool) -> None:
    assert same_person(name_tokens(a), name_tokens(b)) is same
    assert same_person(name_tokens(b), name_tokens(a)) is same


# ------------------------------------------------------------------ where actors are named

# name -> (article, the model's actors, (words, actor, by role) of every mention in order)
MENTION_ROWS: dict[str, tuple[str, list[dict[str, Any]], list[tuple[str, int, bool]]]] = {
    "every place of a surname": (
        "Ann Lee spoke. Lee left. Lee returned. Lee stayed.",
        [person("Ann Lee")],
        [("Ann Lee", 0, False), ("Lee", 0, False), ("Lee", 0, False), ("Lee", 0, False)],
    ),
    "a surname of two letters alone names no one": (
        "Ann Li spoke. Li left.",
        [person("Ann Li")],
        [("Ann Li", 0, False)],
    ),
    "a surname that is a common word alone names no one": (
        "Ann Will spoke. Will left.",
        [person("Ann Will")],
        [("Ann Will", 0, False)],
    ),
    "a two-letter name is a name, a one-letter one is not": (
        "The EU agreed. Q said no.",
        [org("EU"), org("Q")],
        [("EU", 0, False)],
    ),
    "a place two surnames fit goes to the actor listed first": (
        "Ann Lee and Bob Lee met. Lee spoke.",
        [person("Ann Lee"), person("Bob Lee")],
        [("Ann Lee", 0, False), ("Bob Lee", 1, False), ("Lee", 0, False)],
    ),
    "a name beats another actor's role at one place": (
        "Ann Lee spoke for the Defence Ministry.",
        [person("Ann Lee", role="spokesman for the Defence Ministry"), org("Defence Ministry")],
        [("Ann Lee", 0, False), ("Defence Ministry", 1, False)],
    ),
    "the longest name at a place wins": (
        "NATO chief Jens Stoltenberg spoke.",
        [org("NATO"), person("Jens Stoltenberg", role="NATO chief")],
        [("NATO chief", 1, True), ("Jens Stoltenberg", 1, False)],
    ),
    "a name that starts where another ends is no part of it (a space lost)": (
        "Talks between the U.S.3M board and Acme ended.",
        [{"name": "U.S.", "kind": "country"}, org("3M")],
        [("U.S.", 0, False), ("3M", 1, False)],
    ),
}


@pytest.mark.parametrize("name", MENTION_ROWS)
def test_where_the_article_names_each_actor(name: str) -> None:
    text, actors, expected = MENTION_ROWS[name]
    index = ArticleIndex(text)
    result = ground(answer(actors=actors), index)
    mentions = ActorMentions(result.actors, index)
    got = [(text[m.start : m.end], m.actor, m.by_role) for m in mentions.within(0, len(text))]
    assert got == expected


def test_a_name_is_found_again_one_character_after_its_last_place() -> None:
    # a name of one repeated mark: "!!!!" holds it at its first and its second character
    text = "Chk Chk Chk, or !!!, played. Fans wrote !!!! on the wall."
    index = ArticleIndex(text)
    mentions = ActorMentions(ground(answer(actors=[org("!!!")]), index).actors, index)
    second = text.index("!!!!") + 1
    assert [(m.start, m.end) for m in mentions.within(second, len(text))] == [(second, second + 3)]


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("Ann Lee spoke for the team.", ["Ann Lee"]),
        # a preposition before titles and the words joining them: an object, not a subject
        ("Praise came for the Minister Ann Lee.", []),
        ("Praise came from Chief of the Army Ann Lee.", []),
        ("Chief of the Army Ann Lee spoke.", ["Ann Lee"]),
        # every title before the name is skipped, not only the last
        ("Praise came from Defence Minister Ann Lee.", []),
        ("Defence Minister Ann Lee spoke.", ["Ann Lee"]),
    ],
)
def test_a_name_after_a_preposition_is_no_subject(text: str, subjects: list[str]) -> None:
    index = ArticleIndex(text)
    result = ground(answer(actors=[person("Ann Lee")]), index)
    mentions = ActorMentions(result.actors, index)
    assert [text[m.start : m.end] for m in mentions.subjects(0, len(text))] == subjects


def test_a_name_written_with_spaces_resolves_to_an_actor_listed_without() -> None:
    result = ground(answer(actors=[person("ShimonPeres")]), ArticleIndex("ShimonPeres spoke."))
    assert ActorResolver(result.actors).resolve("Shimon Peres") == 0


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        # the whole name written without its space beats a last word that is a surname
        ("John Wilkins", "JohnWilkins"),
        ("Wilkins", "Wilkins"),
        ("Dr. Wilkins", "Wilkins"),
    ],
)
def test_a_whole_name_beats_its_last_word(name: str, actor: str) -> None:
    actors = [person("Wilkins"), person("JohnWilkins")]
    result = ground(answer(actors=actors), ArticleIndex("JohnWilkins spoke. Wilkins left."))
    found = ActorResolver(result.actors).resolve(name)
    assert found is not None and result.actors[found].name == actor
