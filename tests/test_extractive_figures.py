"""Figure rules: what counts as a quantity, its unit, qualifier and meaning."""

from __future__ import annotations

import pytest

from summarizer.extractive import extract
from summarizer.extractive.meaning import meaning, measured_noun

STORMS = "people killed in such storms"
EUROPE = "battlegroups in Eastern Europe"


def figures(text: str) -> list[tuple[str, float, str, str, str]]:
    return [(f.text, f.value, f.unit, f.qualifier, f.what or "") for f in extract(text).numbers]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counted nouns with adjectives, approximations, scale words
        (
            "Poland expelled 45 Russian spies on Wednesday.",
            [("45", 45.0, "spies", "exact", "Russian spies")],
        ),
        (
            "Over 900 asylum seekers were rescued off the coast.",
            [("Over 900", 900.0, "seekers", "more than", "asylum seekers rescued off the coast")],
        ),
        (
            "The fine was raised to NZ$26 million last year.",
            [("NZ$26 million", 26_000_000.0, "NZD", "exact", "fine")],
        ),
        (
            "Almost half of all pupils were iodine deficient.",
            [("Almost half", 50.0, "percent", "about", "share of all pupils")],
        ),
        (
            "Turnout was low, with a turnout rate of 58% across the city.",
            [("58%", 58.0, "percent", "exact", "turnout rate")],
        ),
        # a range: one figure per end, the unit after the second end
        (
            "Between 10,000 and as many as 300,000 people were killed in such storms.",
            [
                ("10,000", 10_000.0, "people", "exact", "people killed in such storms"),
                (
                    "as many as 300,000",
                    300_000.0,
                    "people",
                    "up to",
                    "people killed in such storms",
                ),
            ],
        ),
        # a measure that describes a noun
        (
            "Visitors saw a 20-minute demonstration of the game.",
            [("20", 20.0, "minutes", "exact", "demonstration")],
        ),
        # ages, and one unit with a qualifier
        (
            "A 14-year-old student built a clock in a 2000 year old town.",
            [
                ("14", 14.0, "years", "exact", "age of student"),
                ("2000", 2000.0, "years", "exact", "age of town"),
            ],
        ),
        (
            "It has been nearly a decade since the browser came out.",
            [("nearly a decade", 1.0, "decades", "about", "decades")],
        ),
        (
            "The browser is a couple of points behind Safari.",
            [("a couple of", 2.0, "points", "about", "points behind Safari")],
        ),
        # a hyphenated counted noun, a "+", and people implied by what happened to them
        (
            "They formed a three-nation alliance, and a 12-member team won.",
            [
                ("three", 3.0, "nations", "exact", "nations of the alliance"),
                ("12", 12.0, "members", "exact", "members of the team"),
            ],
        ),
        (
            "There are 20+ versions of the book.",
            [("20", 20.0, "versions", "at least", "versions of the book")],
        ),
        (
            "At least 76 killed in the stampede.",
            [("At least 76", 76.0, "people", "at least", "people killed in the stampede")],
        ),
        # vague quantities
        (
            "Thousands of dedicated men and women work at the centre.",
            [("Thousands", 1000.0, "people", "at least", "dedicated men")],
        ),
    ],
)
def test_figures_with_unit_qualifier_and_meaning(
    text: str, expected: list[tuple[str, float, str, str, str]]
) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The law was passed in 2019 and revised on May 3, 2021.",  # years and dates
        "She finished third, the 50,000th runner to do so.",  # ordinals
        "Call 555-123-4567 or (02) 9876 5432 for details.",  # telephone numbers
        "1. Bring water.\n2. Bring food.",  # list numbering
        "Flight 370 and the G20 summit were discussed.",  # numbers in names
        "They led at the end of the first half.",  # "first half" is not a share
        "How did you two meet?",  # "you two" refers to people
        "One day, we will be back.",  # a time, not a quantity
        "It happened at 10:30 p.m. on Friday.",  # clock time
    ],
)
def test_things_that_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_every_figure_has_a_meaning_that_ends_on_a_word() -> None:
    text = (
        "Some 1,426 pilgrims were trampled when the crowd surged. About 76 people were killed "
        "in the stampede, and over 60,000 security personnel were in the area."
    )
    found = figures(text)
    assert [f[4] for f in found] == [
        "pilgrims trampled",
        "people killed in the stampede",
        "security personnel",
    ]


@pytest.mark.parametrize(
    ("text", "number_end", "unit_end", "unit", "expected"),
    [
        ("12 diplomats in early March", 2, 12, "diplomats", "diplomats"),
        (
            "8 battlegroups in Eastern Europe",
            1,
            14,
            "battlegroups",
            "battlegroups in Eastern Europe",
        ),
        ("3 branches of government and", 1, 10, "branches", "branches of government"),
        ("500 institutions received an invitation", 3, 16, "institutions", "institutions"),
        ("70 percent of the market in 2009", 2, 10, "percent", "percent of the market"),
        ("5 hours", 1, 7, "hours", "hours"),
        # an age at the end of a clause describes no noun after it
        ("10 years old even though I knew", 2, 8, "years", "age"),
        ("2000 year old tradition", 4, 9, "years", "age of tradition"),
    ],
)
def test_meaning_of_a_counted_noun(
    text: str, number_end: int, unit_end: int, unit: str, expected: str
) -> None:
    assert meaning(text, number_end, unit_end, unit, len(text)) == expected


def test_noun_a_measure_belongs_to() -> None:
    text = "He was released on bail of US$20,000."
    assert measured_noun(text, text.index("US$"), 0) == "bail"
    assert measured_noun("It rose to 5%.", 11, 0) is None
