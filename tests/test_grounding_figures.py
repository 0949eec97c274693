"""Grounding figures through ``ground``, one table per rule, with exact places and statuses.

Each row is a short invented article, the model's figures and what grounding keeps of
each (span, status, value, unit, what) or why it drops it (reason and the sentence shown
to the model). The rows pin where a number stands on its own, which of several places a
figure takes, what a figure without unit or noun counts, and how a problem reads.
"""

from __future__ import annotations

from typing import Any

import pytest
from fakes.grounding import answer

from summarizer.align import ArticleIndex
from summarizer.grounding import Grounded, ground
from summarizer.grounding.figures import FigureGrounder, Reading, counted_words, settle_value
from summarizer.grounding.model import place
from summarizer.schema import ExtractedFigure

Kept = tuple[tuple[int, int], str, float, str, str]


def figure(text: str, value: float, unit: str = "", what: str = "", **more: Any) -> dict[str, Any]:
    return {"text": text, "value": value, "unit": unit, "what": what, **more}


def kept(result: Grounded) -> list[Kept]:
    """The kept figures in the model's order: span, status, value, unit and what."""
    return [(place(f), f.grounding, f.value, f.unit, f.what) for f in result.figures]


def run(
    text: str, figures: list[dict[str, Any]], window: tuple[int, int] | None = None
) -> Grounded:
    return ground(answer(numbers=figures), ArticleIndex(text), window)


# ------------------------------------------------------ a number stands on its own

# article, figure text -> the kept place and its status, or None when it is dropped
BOUNDARY_ROWS: list[tuple[str, str, float, tuple[tuple[int, int], str] | None]] = [
    # a number at the very end of the text, before its full stop
    ("Turnout was 45.", "45", 45, ((12, 14), "exact")),
    ("Turnout was 45,", "45", 45, ((12, 14), "exact")),
    # the whole part of a decimal is not the number
    ("Turnout was 45.5", "45", 45, None),
    ("Turnout was 45.5 percent", "45", 45, None),
    # nor the thousands before a separator
    ("Crowds of 45,000", "45", 45, None),
    # a number glued to letters after it stands on its own ("4X4", "45km"); one glued to
    # letters before it does not, and is found by its value instead
    ("a 4X4 vehicle", "4", 4, ((2, 3), "exact")),
    ("a 45km walk", "45", 45, ((2, 4), "exact")),
    ("the G45 meeting", "45", 45, None),
]


@pytest.mark.parametrize(("text", "words", "value", "where"), BOUNDARY_ROWS)
def test_a_figure_stands_only_on_a_number_of_its_own(
    text: str, words: str, value: float, where: tuple[tuple[int, int], str] | None
) -> None:
    result = run(text, [figure(words, value)])
    assert [(place(f), f.grounding) for f in result.figures] == ([where] if where else [])
    assert len(result.problems) == (0 if where else 1)


def test_a_grounder_given_no_window_reads_the_whole_article() -> None:
    grounder = FigureGrounder(ArticleIndex("5 spies left. Later 5 spies returned."))
    kept, problems = grounder.ground([ExtractedFigure.model_validate(figure("5", 5, "spies"))])
    assert ([place(f) for f in kept], problems) == ([(0, 1)], [])


def test_a_figure_found_by_value_is_normalized() -> None:
    text = "Crews counted 40,000 troops."
    result = run(text, [figure("forty thousand", 40_000, "troops", "troops counted")])
    assert kept(result) == [((14, 20), "normalized", 40_000, "troops", "troops counted")]


# ------------------------------------------------------ which place a figure takes

TWICE = "Moscow expelled 12 diplomats. Poland expelled 12 diplomats too."
FIRST, SECOND = (16, 18), (46, 48)
PEOPLE = "Moscow expelled 12 diplomats. Poland expelled 12 spies."

# name -> (article, figures, window, the kept spans in the model's order)
PLACE_ROWS: dict[
    str, tuple[str, list[dict[str, Any]], tuple[int, int] | None, list[tuple[int, int]]]
] = {
    "one unit on one number twice takes both places": (
        TWICE,
        [figure("12", 12, "diplomats"), figure("12", 12, "diplomats")],
        None,
        [FIRST, SECOND],
    ),
    "the place whose sentence has most of the figure's words wins": (
        PEOPLE,
        [figure("12", 12, "people", "people Poland expelled")],
        None,
        [(46, 48)],
    ),
    "another unit may share a number already taken": (
        TWICE,
        [
            figure("12", 12, "diplomats", "diplomats Moscow expelled"),
            figure("12", 12, "envoys", "diplomats Moscow expelled"),
        ],
        None,
        [FIRST, FIRST],
    ),
    "a figure with a noun but no unit may share a number already taken": (
        TWICE,
        [
            figure("12", 12, "diplomats", "diplomats Moscow expelled"),
            figure("12", 12, "", "diplomats Moscow expelled"),
        ],
        None,
        [FIRST, FIRST],
    ),
    "a figure with neither takes a number not yet taken": (
        TWICE,
        [figure("12", 12, "diplomats"), figure("12", 12)],
        None,
        [FIRST, SECOND],
    ),
    "inside the window beats more words around": (
        PEOPLE,
        [figure("12", 12, "people", "people Poland expelled")],
        (0, 46),
        [(16, 18)],
    ),
    "a window starting where a number ends leaves it out": (
        "Poland expelled 12 spies. Moscow expelled 12 diplomats.",
        [figure("12", 12, "people", "people Poland expelled")],
        (18, 55),
        [(42, 44)],
    ),
}


@pytest.mark.parametrize("name", PLACE_ROWS)
def test_which_place_a_figure_takes(name: str) -> None:
    text, figures, window, spans = PLACE_ROWS[name]
    result = run(text, figures, window)
    assert result.problems == []
    assert [place(f) for f in result.figures] == spans


# ------------------------------------------------------ what a kept figure counts

# name -> (article, figure, (span, status, value, unit, what) kept)
COUNT_ROWS: dict[str, tuple[str, dict[str, Any], Kept]] = {
    "the model's unit and noun are kept": (
        "Poland expelled 45 Russian spies.",
        figure("45", 45, "spies", "Russian spies expelled"),
        ((16, 18), "exact", 45, "spies", "Russian spies expelled"),
    ),
    "a unit without a noun counts itself": (
        "Poland expelled 45 Russian spies.",
        figure("45", 45, "spies"),
        ((16, 18), "exact", 45, "spies", "spies"),
    ),
    "neither: the first plural after the number, with the words before it": (
        "Poland expelled 45 Russian spies.",
        figure("45", 45),
        ((16, 18), "exact", 45, "spies", "Russian spies"),
    ),
    "neither, no plural: the first word after the number": (
        "Trains ran a 45 minute service.",
        figure("45", 45),
        ((13, 15), "exact", 45, "minute", "minute"),
    ),
    "a plural of three letters is not taken for the counted noun": (
        "The depot holds 12 gas tanks.",
        figure("12", 12),
        ((16, 18), "exact", 12, "tanks", "gas tanks"),
    ),
    "a plural of four letters is": (
        "The depot holds 12 red cars.",
        figure("12", 12),
        ((16, 18), "exact", 12, "cars", "red cars"),
    ),
    "a capital X after the number is the multiplier it counts, not a quotation mark": (
        "The scope gave a 60 X zoom.",
        figure("60", 60),
        ((17, 19), "exact", 60, "x", "X"),
    ),
    "a quotation mark after the number is not what it counts": (
        "The code on the door read '45' all night.",
        figure("'45'", 45),
        ((27, 29), "exact", 45, "items", "items"),
    ),
    "neither, nothing after the number: items": (
        "Turnout rose to 45.",
        figure("45", 45),
        ((16, 18), "exact", 45, "items", "items"),
    ),
    "a share written as a percentage is in percent whatever the unit said": (
        "Turnout was 58% in the north.",
        figure("58%", 58, "%", "turnout in the north"),
        ((12, 15), "exact", 58, "percent", "turnout in the north"),
    ),
    "a share without unit is in percent": (
        "Turnout was 58% in the north.",
        figure("58%", 58, "", "turnout"),
        ((12, 15), "exact", 58, "percent", "turnout"),
    ),
    "a share of items is in percent": (
        "Turnout was 58% in the north.",
        figure("58%", 58, "items", "turnout"),
        ((12, 15), "exact", 58, "percent", "turnout"),
    ),
    "a share of a measure keeps the measure": (
        "The queue took half an hour.",
        figure("half an hour", 0.5, "hours", "queue"),
        ((15, 27), "exact", 0.5, "hours", "queue"),
    ),
}


@pytest.mark.parametrize("name", COUNT_ROWS)
def test_what_a_kept_figure_counts(name: str) -> None:
    text, given, expected = COUNT_ROWS[name]
    result = run(text, [given])
    assert result.problems == []
    assert kept(result) == [expected]


# ------------------------------------------------------ the unit must fit the words around

# name -> (article, figure, what is kept (span, status, value, unit, what) or why it is dropped)
UNIT_ROWS: dict[str, tuple[str, dict[str, Any], Kept | str]] = {
    "a unit word in another form fits: all but the last letter of the shorter shared": (
        "Voters faced 3 referenda this year.",
        figure("3", 3, "referendums"),
        ((13, 14), "exact", 3, "referendums", "referendums"),
    ),
    "up to three more letters at the end fit": (
        "Doctors removed 12 cancerous growths.",
        figure("12", 12, "cancers"),
        ((16, 18), "exact", 12, "cancers", "cancers"),
    ),
    "three shared letters of longer words do not": (
        "The wall has 12 solid blocks.",
        figure("12", 12, "soldiers"),
        "the article's '12' does not count soldiers",
    ),
    "a plural in -ves fits its singular: four shared letters, all but one of the shorter": (
        "Police caught 12 thieves.",
        figure("12", 12, "thief"),
        ((14, 16), "exact", 12, "thief", "thief"),
    ),
    "four shared letters two short of the shorter word do not fit": (
        "The island has 12 native species.",
        figure("12", 12, "nations"),
        "the article's '12' does not count nations",
    ),
    "a unit's other words fit it: a decade is years": (
        "He led the party for nearly a decade.",
        figure("nearly a decade", 10, "years"),
        ((21, 36), "exact", 10, "years", "years"),
    ),
    "a bare number answering a question for a count counts its noun": (
        "How many new albums have you made?\nEleven.",
        figure("Eleven", 11, "albums"),
        ((35, 41), "exact", 11, "albums", "albums"),
    ),
    "a number after the one that answered counts nothing asked": (
        "How many new albums have you made? I made two. Then eleven.",
        figure("eleven", 11, "albums"),
        "the article's 'eleven' does not count albums",
    ),
    "how often: once counts times": (
        "We meet once a week.",
        figure("once a week", 1, "times"),
        ((8, 19), "exact", 1, "times", "times"),
    ),
    "once or twice counts times": (
        "I saw it once or twice.",
        figure("once or twice", 1, "times"),
        ((9, 22), "exact", 1, "times", "times"),
    ),
    "a word of how often fits times alone": (
        "Police met twice.",
        figure("twice", 2, "protesters"),
        "the article's 'twice' does not count protesters",
    ),
    "a number word is no word of how often": (
        "They met three people.",
        figure("three", 3, "times"),
        "the article's 'three' does not count times",
    ),
    "a shared start of three letters short of the shorter word does not fit": (
        "Staff sent 12 memos.",
        figure("12", 12, "memes"),
        "the article's '12' does not count memes",
    ),
    "the counted noun stands within four words of the number": (
        "Police held 12 tall young local male protesters.",
        figure("12", 12, "protesters"),
        "the article's '12' does not count protesters",
    ),
    "a range word ending the clause is no range": (
        "Police held 12 or, by some counts, 14 people.",
        figure("12", 12, "people"),
        ((12, 14), "exact", 12, "people", "people"),
    ),
    "the far end of a spelled range is skipped to its noun": (
        "Terms run 8 to ten years.",
        figure("8", 8),
        ((10, 11), "exact", 8, "years", "years"),
    ),
    "the far end of a range with its unit glued is skipped to its noun": (
        "Guides led 8-9km walks.",
        figure("8", 8),
        ((11, 12), "exact", 8, "walks", "walks"),
    ),
    "a noun of three letters counts": (
        "Police seized 12 guns.",
        figure("12", 12, "", "guns seized"),
        ((14, 16), "exact", 12, "items", "guns seized"),
    ),
    "a noun of two letters does not": (
        "Shops sold 12 TV sets.",
        figure("12", 12, "", "TV"),
        "the article's '12' does not count TV",
    ),
    "with nothing after the number, a noun of three letters in its sentence counts": (
        "Police found guns and seized 12.",
        figure("12", 12, "", "gun"),
        ((29, 31), "exact", 12, "items", "gun"),
    ),
    "with nothing after the number, a noun of two letters does not": (
        "Shops had TV and sold 12.",
        figure("12", 12, "", "TV"),
        "the article's '12' does not count TV",
    ),
    "money needs its currency in the article's words": (
        "Officials counted 45 buses.",
        figure("45", 45, "EUR", "fee"),
        "the article's '45' does not count EUR",
    ),
    "a currency code before the number names the money": (
        "Tickets cost EUR 45 per seat.",
        figure("EUR 45", 45, "EUR", "ticket price"),
        ((13, 19), "exact", 45, "EUR", "ticket price"),
    ),
    "a figure's quotation marks are not its words": (
        "Turnout was 45 in the north.",
        figure('"45"', 45, "", "turnout"),
        ((12, 14), "exact", 45, "items", "turnout"),
    ),
    "a multiplier's letter is part of the figure": (
        "Sales saw a 10X rise.",
        figure("10X", 10, "times"),
        ((12, 15), "exact", 10, "times", "times"),
    ),
    "a share found by its value is a percent": (
        "Turnout was 58 per cent.",
        figure("58 pc", 0.58, "", "turnout"),
        ((12, 23), "normalized", 58, "percent", "turnout"),
    ),
    "a share of a measure keeps the model's precision": (
        "The queue took a third of an hour.",
        figure("a third of an hour", 0.3333, "hours", "queue"),
        ((15, 33), "exact", 0.3333, "hours", "queue"),
    ),
    "a share given as a fraction is stored to six decimals": (
        "One in three voters stayed home.",
        figure("One in three", 1 / 3, "percent", "voters at home"),
        ((0, 12), "exact", 33.333333, "percent", "voters at home"),
    ),
}


@pytest.mark.parametrize("name", UNIT_ROWS)
def test_the_unit_must_fit_the_words_around(name: str) -> None:
    text, given, expected = UNIT_ROWS[name]
    result = run(text, [given])
    if isinstance(expected, str):
        assert (kept(result), [p.reason for p in result.problems]) == ([], [expected])
    else:
        assert (kept(result), result.problems) == ([expected], [])


def test_only_eighty_characters_after_a_number_say_what_it_counts() -> None:
    assert counted_words("12 " + "a" * 76 + " bcd", 2) == "a" * 76 + " bc"


# ------------------------------------------------------ how a problem reads

LONG = "Officials said " + "very " * 70 + "many people, 45 in all, had left"
VALUE = "give the value the text states, scaled ('2.5 million' is 2500000, '58%' is 58)"
NOUN = "give the unit or noun the article counts with this number"

# name -> (article, figure, reason, advice, the context shown to the model)
PROBLEM_ROWS: dict[str, tuple[str, dict[str, Any], str, str, str]] = {
    "a range names both ends": (
        "The build took 8\u201310 years.",
        figure("8\u201310 years", 12, "years", "build time"),
        "the article gives 8 to 10, not 12",
        VALUE,
        "The build took 8\u201310 years",
    ),
    "a share names its percent": (
        "Turnout was 58% in the north.",
        figure("58%", 40, "percent", "turnout"),
        "the article gives 58 percent, not 40",
        VALUE,
        "Turnout was 58% in the north",
    ),
    "a number nowhere in the article has no context": (
        "Turnout was 45.",
        figure("987", 987, "votes", "votes"),
        "neither its text nor its value occurs in the article",
        "report only numbers the article states, with its words",
        "",
    ),
    "words without a number show their first place": (
        "Poland expelled spies. Moscow expelled spies too.",
        figure("spies", 45, "spies", "spies"),
        "its text holds no number",
        "give the number as the article writes it",
        "Poland expelled spies",
    ),
    "a unit alone must fit the words after the number": (
        "Moscow expelled 12 diplomats.",
        figure("12", 12, "warships"),
        "the article's '12' does not count warships",
        NOUN,
        "Moscow expelled 12 diplomats",
    ),
    "a noun alone must fit them too": (
        "Moscow expelled 12 diplomats.",
        figure("12", 12, "", "warships"),
        "the article's '12' does not count warships",
        NOUN,
        "Moscow expelled 12 diplomats",
    ),
    "the context is the number's sentence, its edges stripped": (
        "Xavier counted 45 ships.\nYves counted none.",
        figure("45", 45, "tanks", "tanks"),
        "the article's '45' does not count tanks",
        NOUN,
        "Xavier counted 45 ships",
    ),
    "a sentence after others starts after the last full stop before it": (
        "Talks ended. Aid came. Xavier counted 45 ships.",
        figure("45", 45, "tanks", "tanks"),
        "the article's '45' does not count tanks",
        NOUN,
        "Xavier counted 45 ships",
    ),
    "a sentence ends at the first full stop after it": (
        "Xavier counted 45 ships. Yves counted none. Zed slept.",
        figure("45", 45, "tanks", "tanks"),
        "the article's '45' does not count tanks",
        NOUN,
        "Xavier counted 45 ships",
    ),
    "a sentence after another starts after its full stop": (
        "Talks ended. Xavier counted 45 ships.",
        figure("45", 45, "tanks", "tanks"),
        "the article's '45' does not count tanks",
        NOUN,
        "Xavier counted 45 ships",
    ),
    "a long sentence is cut to 300 characters": (
        LONG,
        figure("45", 45, "tanks", "tanks"),
        "the article's '45' does not count tanks",
        NOUN,
        LONG[:299] + "\u2026",
    ),
}


@pytest.mark.parametrize("name", PROBLEM_ROWS)
def test_how_a_figure_problem_reads(name: str) -> None:
    text, given, reason, advice, context = PROBLEM_ROWS[name]
    result = run(text, [figure("nine hundred", 900, "ships"), given])
    assert result.figures == []
    item = f"numbers[1] (text {given['text']!r}, value {given['value']})"
    assert [
        (p.kind, p.index, p.item, p.outcome, p.reason, p.advice, p.context, p.text, p.unit)
        for p in result.problems[1:]
    ] == [("figure", 1, item, "dropped", reason, advice, context, given["text"], given["unit"])]


# ------------------------------------------------------ a value given without its scale word

# the model's value, the value it stands for after the scale word ("2.5 thousand") or None
UNSCALED: list[tuple[float, float | None]] = [
    (2.5, 2500),
    # a whole product must be the text's value exactly
    (2.499, None),
    # one that is not whole may differ by rounding
    (2.4994, 2500),
    # the product is read to six decimals: a model value off in the tenth is whole, and wrong
    (2.4990000001, None),
]


@pytest.mark.parametrize(("declared", "stored"), UNSCALED)
def test_a_value_given_without_its_scale_word(declared: float, stored: float | None) -> None:
    reading = Reading((2500.0,), scale=1000.0)
    assert settle_value(declared, reading, "residents") == stored


@pytest.mark.parametrize(
    ("declared", "stored"),
    [
        (2.01, 2.01),
        # read to six decimals, 2.000000001 hours is a whole 200 percent, not the 201 written
        (2.000000001, None),
    ],
)
def test_a_share_of_a_measure_is_read_to_six_decimals(
    declared: float, stored: float | None
) -> None:
    assert settle_value(declared, Reading((201.0,), percent=True), "hours") == stored


@pytest.mark.parametrize(
    ("qualifier", "kept_as"),
    [("exact", "about"), ("more than", "more than"), ("about", "about"), ("up to", "up to")],
)
def test_a_vague_quantity_is_about_unless_the_model_bounds_it(qualifier: str, kept_as: str) -> None:
    result = run(
        "Police held a couple of protesters.",
        [figure("a couple", 2, "protesters", qualifier=qualifier)],
    )
    assert [(place(f), f.qualifier) for f in result.figures] == [((12, 20), kept_as)]
