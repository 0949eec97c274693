"""Actor rules one table each: which actor a model's name resolves to, how two forms of one
entity merge, and which listed actors the article names."""

from __future__ import annotations

from typing import Any

import pytest
from fakes.grounding import answer
from fakes.items import actor

from summarizer.align import ArticleIndex
from summarizer.grounding import Problem, ground
from summarizer.grounding.actors import ActorResolver, merge_actor
from summarizer.schema import Actor

RESOLVER_ACTORS = [
    actor("Joe Biden", "person", "US President"),
    actor("Jill Biden", "person"),
    actor("Ministry of Defence", "organization"),
    actor("Kristin Wilkins", "person", "gallery curator"),
    actor("Sergei Lavrov", "person", "Russian Foreign Minister"),
    actor("Stoltenberg", "person"),
    actor("Eva Lind", "person", "head of mission"),
    actor("Tom Berg", "person", "head of office"),
    actor("Jordan", "country"),
    actor("Henry Ford", "person"),
    actor("Ford", "organization"),
]
# The model listed actors a1 and a2, which grounding put at 3 and 0.
IDS = {0: 3, 1: 0}

RESOLVE: list[tuple[str, int | None]] = [
    ("Joe Biden", 0),
    ("Joe  Biden", 0),
    ("JoeBiden", 0),
    ("President Joe Biden", 0),
    ("Biden", None),  # two people carry it
    ("Mr. Lavrov", 4),
    ("the Ministry of Defence", 2),
    ("Defence", None),
    ("a1", 3),
    ("A2", 0),
    ("a9", None),
    ("Wilkins", 3),
    ("K. Wilkins", 3),
    ("John Wilkins", None),
    ("Dr. Kristin Wilkins", 3),
    ("Secretary Stoltenberg", 5),
    ("the gallery curator", 3),
    ("curator", None),  # one word of a role names no one
    ("Russian Foreign Minister", 4),
    ("Foreign Minister", 4),
    ("the US President", 0),
    ("President", None),
    # articles inside a role the model gives are skipped
    ("the head of the mission", 6),
    ("head of a mission", 6),
    ("head of an office", 7),
    # a name's last word names an actor alone only as a person's surname
    ("Jordan", 8),
    ("Michael Jordan", None),
    # a first name before an organisation's name makes another person, not the organisation
    ("Henry Ford", 9),
    ("Edsel Ford", None),
    ("Ford", 10),
]


@pytest.mark.parametrize(("name", "actor"), RESOLVE)
def test_resolve(name: str, actor: int | None) -> None:
    assert ActorResolver(RESOLVER_ACTORS, IDS).resolve(name) == actor


# (kept, other, forms the article has): the merged actor.
MERGES: list[tuple[Actor, Actor, list[str], Actor]] = [
    (
        actor("Kennedy", "person"),
        actor("John F. Kennedy", "person", "president"),
        ["Kennedy", "John F. Kennedy"],
        actor("John F. Kennedy", "person", "president", ("Kennedy",)),
    ),
    (  # a name of four words is a description more than a name
        actor("Kennedy", "person"),
        actor("John Fitzgerald F. Kennedy", "person"),
        ["Kennedy", "John Fitzgerald F. Kennedy"],
        actor("Kennedy", "person", None, ("John Fitzgerald F. Kennedy",)),
    ),
    (  # two full names of one length: the kept one stays the name
        actor("John Kennedy", "person"),
        actor("Jack Kennedy", "person"),
        ["John Kennedy", "Jack Kennedy"],
        actor("John Kennedy", "person", None, ("Jack Kennedy",)),
    ),
    (  # the first role wins
        actor("Jack Kennedy", "person", "senator"),
        actor("John Kennedy", "person", "president"),
        ["John Kennedy", "Jack Kennedy"],
        actor("Jack Kennedy", "person", "senator", ("John Kennedy",)),
    ),
    (  # an organisation keeps its name; forms differing only in case are one
        actor("NATO", "organization"),
        actor("North Atlantic Treaty", "organization", "alliance"),
        ["NATO", "North Atlantic Treaty"],
        actor("NATO", "organization", "alliance", ("North Atlantic Treaty",)),
    ),
    (
        actor("Kennedy", "person", None, ("KENNEDY",)),
        actor("J. Kennedy", "person"),
        ["Kennedy", "KENNEDY", "J. Kennedy"],
        actor("J. Kennedy", "person", None, ("Kennedy",)),
    ),
]


@pytest.mark.parametrize(("kept", "other", "present", "merged"), MERGES)
def test_merge_actor(kept: Actor, other: Actor, present: list[str], merged: Actor) -> None:
    assert merge_actor(kept, other, present) == merged


NAMED = "Minister Ann Lee met Mr. Wu and Lee's deputy. The agency declined to comment."


def not_named(index: int, name: str) -> Problem:
    return Problem(
        "actor",
        index,
        f"actors[{index}] ({name!r})",
        "the article does not name it",
        "list only actors the article names, with the name it uses",
        text=name,
    )


# The model's actors: those kept (name, kind, role) and the problems.
ACTORS_NAMED: dict[str, tuple[list[dict[str, Any]], list[tuple], list[Problem]]] = {
    "an empty name is a problem, the next actor still counts": (
        [{"name": " ", "kind": "person"}, {"name": "Ann Lee", "kind": "person"}],
        [("Ann Lee", "person", None)],
        [Problem("actor", 0, "actors[0]", "the name is empty")],
    ),
    "a person whose surname the article has is kept by the full name": (
        [{"name": "Sarah Lee", "kind": "person"}],
        [("Sarah Lee", "person", None)],
        [],
    ),
    "a surname of two letters is not enough": (
        [{"name": "Tom Wu", "kind": "person"}],
        [],
        [not_named(0, "Tom Wu")],
    ),
    "an organisation's last word is not its name": (
        [{"name": "Lee Agency", "kind": "organization"}],
        [],
        [not_named(0, "Lee Agency")],
    ),
    "an unnamed actor is dropped, the next one still counts; a blank role is none": (
        [{"name": "Zed Corp", "kind": "organization"}, {"name": "Ann Lee", "role": "  "}],
        [("Ann Lee", "person", None)],
        [not_named(0, "Zed Corp")],
    ),
    "a role is kept trimmed": (
        [{"name": "Ann Lee", "kind": "person", "role": " Minister "}],
        [("Ann Lee", "person", "Minister")],
        [],
    ),
}


@pytest.mark.parametrize("name", ACTORS_NAMED)
def test_actors_the_article_names(name: str) -> None:
    actors, kept, problems = ACTORS_NAMED[name]
    result = ground(answer(actors=actors), ArticleIndex(NAMED))
    assert [(a.name, a.kind, a.role) for a in result.actors] == kept
    assert result.problems == problems
