"""How figures are phrased: one row per phenomenon, checked after grounding.

Each row is a sentence and the figures the engine must give for it, as
(surface text at the grounded span, value, unit, qualifier), in text order. The
figures go through grounding as in the pipeline, so a figure whose text does
not read as its value would be lost and fail its row.
"""

from __future__ import annotations

import pytest

from summarizer.align import ArticleIndex
from summarizer.extractive import extract
from summarizer.grounding import ground
from summarizer.grounding.model import place

Figure = tuple[str, float, str, str]


def grounded(text: str) -> list[Figure]:
    result = ground(extract(text), ArticleIndex(text))
    found = sorted(result.figures, key=place)
    return [(text[slice(*place(f))], f.value, f.unit, f.qualifier) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ages: after a person's "was"/"is", after "at" in a step of life, decades of life
        ("I started playing when I was sixteen.", [("sixteen", 16, "years", "exact")]),
        ("I was 12 when we moved to Ohio.", [("12", 12, "years", "exact")]),
        ("My daughter, who is 7, loves it.", [("7", 7, "years", "exact")]),
        ("I wrote my first novel at 19.", [("19", 19, "years", "exact")]),
        ("He was in his twenties when he started.", [("twenties", 20, "years", "at least")]),
        ("She retired in her early 60s.", [("60s", 60, "years", "at least")]),
        (
            "The players, aged 18 to 25, train daily.",
            [("18", 18, "years", "exact"), ("25", 25, "years", "exact")],
        ),
        ("I was only 12 when I started.", [("12", 12, "years", "exact")]),
        # numbers spelled with "hundred", halves of a scale, vague counts of a scale
        (
            "One hundred and fifty people came.",
            [("One hundred and fifty", 150, "people", "exact")],
        ),
        ("Half a million people watched it.", [("Half a million", 500_000, "people", "exact")]),
        (
            "Several thousand people attended.",
            [("Several thousand", 1000, "people", "at least")],
        ),
        # "one" in a range or with "or more" is a number; "100 percent of" is a share
        (
            "They scored one or two points for the team.",
            [("one", 1, "points", "exact"), ("two", 2, "points", "exact")],
        ),
        ("Each donor made one or more donations.", [("one", 1, "donations", "at least")]),
        (
            "With 100 percent of precincts reporting, he won.",
            [("100 percent", 100, "percent", "exact")],
        ),
        # durations and "and a half"
        ("It took us two and a half years.", [("two and a half", 2.5, "years", "exact")]),
        ("I've been doing this for 15 years.", [("15", 15, "years", "exact")]),
        # approximations written after the number
        ("We have 30-odd members.", [("30", 30, "members", "about")]),
        ("There were 40-plus entries.", [("40", 40, "entries", "at least")]),
        ("Some 250,000 or so Iowans voted.", [("Some 250,000", 250_000, "iowans", "about")]),
        # rates, glued and symbol units, percentage points
        ("It flew at 6 kilometres per second.", [("6", 6, "kilometres per second", "exact")]),
        ("She ran 5km in the rain.", [("5", 5, "kilometres", "exact")]),
        ("The grains were 10\u00b5m across.", [("10", 10, "micrometres", "exact")]),
        (
            "Add 2 oz of gin and 30 ml of juice.",
            [("2", 2, "ounces", "exact"), ("30", 30, "millilitres", "exact")],
        ),
        ("The temperature reached 40°C today.", [("40", 40, "degrees", "exact")]),
        ("He trails by 5 percentage points.", [("5", 5, "percentage points", "exact")]),
        ("The lens gives a 60x magnification.", [("60", 60, "times", "exact")]),
        # money with scale words, vague amounts of a scale
        ("The mission cost $168 million.", [("$168 million", 168e6, "USD", "exact")]),
        (
            "Donors gave hundreds of millions of dollars to the fund.",
            [("hundreds of millions", 1e8, "USD", "at least")],
        ),
        # fractions and ratios are shares
        (
            "Three-fourths of voters say the government should act.",
            [("Three-fourths", 75, "percent", "exact")],
        ),
        (
            "Three-fourths say the government should act.",
            [("Three-fourths", 75, "percent", "exact")],
        ),
        ("Nine out of ten dentists agree.", [("Nine out of ten", 90, "percent", "about")]),
        # a number for more of what came just before
        (
            "Fishermen rescued over 700 asylum seekers and the navy saved 200 more.",
            [("over 700", 700, "seekers", "more than"), ("200", 200, "seekers", "exact")],
        ),
        # counted nouns: not a verb in -s, not a surname, a plural in -is
        (
            "Whether there are 2,400 billionaires or 1,800 hardly matters to Bernie Sanders.",
            [("2,400", 2400, "billionaires", "exact")],
        ),
        (
            "Bernie Sanders said 35 Sanders delegates will stay.",
            [("35", 35, "delegates", "exact")],
        ),
        ("The army faced 80,000 jihadis in the north.", [("80,000", 80_000, "jihadis", "exact")]),
        ("They are 16 involving business activity.", []),
        # match scores in a report of a sport: one figure per side
        (
            "Sweden defeated South Korea 1 – 0 with a goal from a penalty.",
            [("1", 1, "goals", "exact"), ("0", 0, "goals", "exact")],
        ),
        (
            "The Red Sox won, 4-2, after seven innings.",
            [
                ("4", 4, "runs", "exact"),
                ("2", 2, "runs", "exact"),
                ("seven", 7, "innings", "exact"),
            ],
        ),
    ],
)
def test_figure_phrasing(text: str, expected: list[Figure]) -> None:
    assert grounded(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # all or nothing as a manner of speaking
        ("I'm 100 percent sure about it, and he was 110% committed.", []),
        # a year before a noun it dates
        ("The 2016 elections were close.", []),
        ("Apprehensions are still under fiscal year 2014 levels.", []),
        # two numbers and a dash: a ratio, a clock time, a range with its noun, no score
        ("Democrats outnumber Republicans 3-1 in the county.", []),
        ("Clinton led Sanders more than 2-1 in the poll after the match.", []),
        ("The meeting ended 5-6 pm after the match.", []),
        (
            "The 10-15 people in the room agreed after the match.",
            [("10", 10, "people", "exact"), ("15", 15, "people", "exact")],
        ),
        # a telephone number, a height, words with digits
        ("Call 555-123-4567 about the match.", []),
        ("The man who is 5\u20192\u201d stood up.", []),
        ("We saw 3D films and a 4x4 truck.", []),
        # the end of a bigger number does not start a ratio ("000 in five")
        (
            "She brought it down to $42,000 in five years.",
            [("$42,000", 42_000, "USD", "exact"), ("five", 5, "years", "exact")],
        ),
    ],
)
def test_phrasing_that_is_no_figure(text: str, expected: list[Figure]) -> None:
    assert grounded(text) == expected
