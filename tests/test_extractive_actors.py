"""Actor rules: who counts as an actor, and of what kind."""

from __future__ import annotations

import pytest

from summarizer.extractive import extract


def actors(text: str) -> list[tuple[str, str]]:
    return [(a.name, a.kind) for a in extract(text).actors]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # kinds from the words of the name
        (
            "The Andy Warhol Foundation said on Monday that it gave photographs to 190 "
            "universities, Kathryn Waters said.",
            [("Andy Warhol Foundation", "organization"), ("Kathryn Waters", "person")],
            [],
        ),
        (
            "Secunia.com has said that IE6 has 277 vulnerabilities.",
            [("Secunia.com", "organization")],
            [],
        ),
        # a capitalised plural noun or phrase of ordinary words is not an actor
        (
            "NATO will deploy four new Battlegroups, bringing the number of battlegroups to "
            "eight, NATO chief Jens Stoltenberg said.",
            [("NATO", "organization"), ("Jens Stoltenberg", "person")],
            [("Battlegroups", "organization")],
        ),
        (
            "The Winter Carnival drew crowds, and Tax Code changes were discussed, said "
            "Mayor Ann Lee.",
            [("Ann Lee", "person")],
            [("Winter Carnival", "person"), ("Tax Code", "person")],
        ),
        # the publication, its interviewer and photo credits are not actors
        (
            "Wikinews interviews Jo Park\n\nBackground. Image: John Smith.\n\n"
            "Wikinews: Why?\n\nJoPark: Because we could.\n\n"
            "DavidShankbone: And?\n\nJoPark: And we did.\n\nWikinews: Thanks.\n\n"
            "JoPark: Thank you.",
            [("Jo Park", "person")],
            [("Wikinews", "organization"), ("David Shankbone", "person"), ("John Smith", "person")],
        ),
    ],
)
def test_actor_kinds_and_what_is_not_an_actor(
    text: str, present: list[tuple[str, str]], absent: list[tuple[str, str]]
) -> None:
    found = actors(text)
    for actor in present:
        assert actor in found
    for name, _ in absent:
        assert name not in [n for n, _ in found]


def test_a_surname_that_is_a_common_word_stays_a_person() -> None:
    text = (
        "Donald Trump spoke on Monday. Trump said the plan would work. "
        '"It will be great," Trump added.'
    )
    result = extract(text)
    assert ("Donald Trump", "person") in [(a.name, a.kind) for a in result.actors]
    assert [q.speaker for q in result.quotes] == ["Donald Trump"]


def test_a_misspelt_surname_is_the_same_person() -> None:
    text = (
        "Kathryn Waters, director of the gallery, opened the show.\n\n"
        '"Everybody knows his name," Water said.'
    )
    assert [q.speaker for q in extract(text).quotes] == ["Kathryn Waters"]
