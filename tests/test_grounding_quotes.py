"""Quote rules one table each: where a match cuts a token, which quotation marks a text
opens, the variants of a model's quote, and the whole problem each refusal reports."""

from __future__ import annotations

from typing import Any

import pytest
from fakes.grounding import ACTORS, BLINKEN, IODINE, IODINE_ACTORS, answer
from fakes.items import speaker_index

from summarizer.align import ArticleIndex, Match
from summarizer.grounding import Problem, ground
from summarizer.grounding.model import evidence_of, place
from summarizer.grounding.quotes import _open_marks, cuts_token, variants, whole_words

# (text, match): whether the match starts or ends inside a token.
CUTS_TOKEN: list[tuple[str, tuple[int, int], bool]] = [
    ("hello world", (0, 5), False),
    ("hello world", (6, 11), False),
    ("hello world", (1, 5), True),
    ("hello world", (0, 3), True),
    ("ab", (1, 2), True),
    ("ab c", (1, 2), True),
    ("a bc", (3, 4), True),
    ("abc d", (0, 2), True),
    ("a bc", (0, 3), True),
    ("a-b", (2, 3), False),
]


@pytest.mark.parametrize(("text", "span", "cuts"), CUTS_TOKEN)
def test_cuts_token(text: str, span: tuple[int, int], cuts: bool) -> None:
    assert cuts_token(text, Match(*span, "exact")) is cuts


# A mark before a word opens a quotation (after a space, "(" or "[", or at the start); a
# mark after a word, not before one, closes one that is open.
OPEN_MARKS: list[tuple[str, int]] = [
    ('"Hello', 1),
    ('"a', 1),
    ('"Hello"', 0),
    ('He said "yes', 1),
    ('("yes', 1),
    ('"a "b', 2),
    ('"a "b c"', 1),
    ('"a "b c" d"', 0),
    ('"a b"', 0),
    ('"a x"y', 1),
    ('a"', 0),
    ('x"y', 0),
    ('X"y', 0),
    ('"', 0),
    ('"a" "b"', 0),
]


@pytest.mark.parametrize(("text", "opened"), OPEN_MARKS)
def test_open_marks(text: str, opened: int) -> None:
    assert _open_marks(text) == opened


VARIANTS: list[tuple[str, list[str]]] = [
    # a quotation nested at the end keeps its closing mark in the first variant
    (
        "He calls it 'The Poet.'",
        ["He calls it 'The Poet.'", "He calls it 'The Poet.", "He calls it 'The Poet"],
    ),
    ("'The Poet.'", ["The Poet.", "The Poet"]),
    ("We act  .", ["We act  .", "We act"]),
    ("\u201cWe act \u2026\u201d", ["We act \u2026", "We act"]),
]


@pytest.mark.parametrize(("text", "expected"), VARIANTS)
def test_more_variants(text: str, expected: list[str]) -> None:
    assert variants(text) == expected


WHOLE_WORDS: list[tuple[str, tuple[int, int], str, bool]] = [
    ("xjoint action", (1, 13), "joint action", False),  # the glued part "x" is no word
    ("ab joint", (1, 8), "b joint", False),
    ("joint actionxy", (0, 12), "joint action.", True),
    ("joint actionx", (0, 12), "joint action", False),
]


@pytest.mark.parametrize(("text", "span", "needle", "whole"), WHOLE_WORDS)
def test_more_whole_words(text: str, span: tuple[int, int], needle: str, whole: bool) -> None:
    assert whole_words(text, Match(*span, "exact"), needle) is whole


# --------------------------------------------------------------------- whole problems

VOICE = 'Officials met. "We will act now," a voice said.\n\nAnn Lee left.'
QUOTE_PROBLEMS: dict[str, tuple[str, list[dict[str, Any]], dict[str, Any], Problem]] = {
    "an empty quote": (
        BLINKEN,
        ACTORS,
        {"text": " \u201c \u201d ", "speaker": None},
        Problem(
            "quote",
            0,
            "quotes[0] ('\u201c \u201d')",
            "the quote is empty",
            "leave it out",
            "",
            " \u201c \u201d ",
        ),
    ),
    "words the article does not have, with its nearest sentence": (
        BLINKEN,
        ACTORS,
        {
            "text": "We have seen many credible reports of attacks on civilians in Ukraine",
            "speaker": None,
        },
        Problem(
            "quote",
            0,
            "quotes[0] ('We have seen many credible reports of attacks on civilians \u2026')",
            "this text does not occur in the article",
            "copy the article's words exactly, or leave the quote out",
            "We have seen numerous credible reports of indiscriminate attacks, as well as "
            "other atrocitieshe added, specifying that a court would decide.",
            "We have seen many credible reports of attacks on civilians in Ukraine",
        ),
    ),
    "narration is not quoted": (
        BLINKEN,
        ACTORS,
        {"text": "en route to Brussels", "speaker": "Antony Blinken"},
        Problem(
            "quote",
            0,
            "quotes[0] ('en route to Brussels')",
            "the article does not quote these words (they are its own narration or reported "
            "speech)",
            "quote only words inside quotation marks; give reported speech as a claim with its "
            "source",
            "Blinken, who is en route to Brussels, said Washington was relying on public "
            "information.",
            "en route to Brussels",
        ),
    ),
    "parts of two quotations": (
        IODINE,
        IODINE_ACTORS,
        {
            "text": "Pregnant women are getting about half the iodine they need ... If iodine "
            "deficiency is serious you lose 15 IQ points",
            "speaker": "Cres Eastman",
        },
        Problem(
            "quote",
            0,
            "quotes[0] ('Pregnant women are getting about half the iodine they need \u2026')",
            "its parts come from different quotations",
            "give each quotation as its own quote, with its own speaker",
            "\u201cPregnant women are getting about half the iodine they need,\u201d he said.",
            "Pregnant women are getting about half the iodine they need ... If iodine "
            "deficiency is serious you lose 15 IQ points",
        ),
    ),
    "another listed speaker": (
        IODINE,
        IODINE_ACTORS,
        {
            "text": "One of the reasons that iodine is going down is because people are "
            "avoiding salt",
            "speaker": "Cres Eastman",
        },
        Problem(
            "quote",
            0,
            "quotes[0] ('One of the reasons that iodine is going down is because peo\u2026')",
            "the article attributes it to Lydia Buchtmann, not Cres Eastman",
            "give Lydia Buchtmann as its speaker",
            "\u201cOne of the reasons that iodine is going down is because people are avoiding "
            "salt,\u201d Ms Buchtmann said.",
            "One of the reasons that iodine is going down is because people are avoiding salt",
        ),
    ),
    "a pronoun that points to another listed speaker": (
        IODINE,
        IODINE_ACTORS,
        {
            "text": "If iodine deficiency is serious you lose 15 IQ points",
            "speaker": "Lydia Buchtmann",
        },
        Problem(
            "quote",
            0,
            "quotes[0] ('If iodine deficiency is serious you lose 15 IQ points')",
            "the article does not say that Lydia Buchtmann said it",
            "the article refers it back to Cres Eastman; give that speaker, or null",
            "\u201cIf iodine deficiency is serious you lose 15 IQ points,\u201d he said.",
            "If iodine deficiency is serious you lose 15 IQ points",
            "unattributed",
        ),
    ),
    "a description that is no listed speaker": (
        VOICE,
        [{"name": "Ann Lee", "kind": "person"}],
        {"text": "We will act now", "speaker": "Ann Lee"},
        Problem(
            "quote",
            0,
            "quotes[0] ('We will act now')",
            "the article does not say that Ann Lee said it",
            "give the speaker the article names for it, or null",
            '"We will act now," a voice said.',
            "We will act now",
            "unattributed",
            repair=False,
        ),
    ),
}


@pytest.mark.parametrize("name", QUOTE_PROBLEMS)
def test_quote_problems_in_full(name: str) -> None:
    text, actors, quote, problem = QUOTE_PROBLEMS[name]
    result = ground(answer(actors=actors, quotes=[quote]), ArticleIndex(text))
    assert result.problems == [problem]


# ------------------------------------------------------------------- kept passages

SAID = '"We will act now," Ann Lee said on Monday.'
NARRATED = 'We will act, they wrote.\n\n"We will act," Ann Lee said.'
FUZZY_LINE = '"We will act now and fight on," Ann Lee said.'
FUZZY = f"{FUZZY_LINE}\n\nOther news.\n\n{FUZZY_LINE}"
FUZZY_SECOND = FUZZY.rindex('"We')
ELIDED_LINE = '"We act now, and we will not wait for anyone," Ann Lee said.'
ELIDED = f"{ELIDED_LINE}\n\nOther news.\n\n{ELIDED_LINE}"
SECOND = ELIDED.rindex('"We act')
Kept = list[tuple[str, tuple[int, int], str]]
# (article, the model's quote of Ann Lee, the window read): the passages kept (words, span,
# status), or the reason it was refused.
PASSAGES: dict[str, tuple[str, str, tuple[int, int] | None, Kept | str]] = {
    "a quote run into its attribution is cut at the quotation": (
        SAID,
        "We will act now, Ann Lee said",
        None,
        [("We will act now,", (1, 17), "fuzzy")],
    ),
    "one run past its attribution is not": (
        SAID,
        "We will act now, Ann Lee said on",
        None,
        "the article does not quote these words (they are its own narration or reported speech)",
    ),
    "a quote mostly inside its quotation is cut to it": (
        'Ann Lee said: "We will act now and then we wait" to reporters on Monday.',
        "We will act now and then we wait to reporters",
        None,
        [("We will act now and then we wait", (15, 47), "fuzzy")],
    ),
    "one mostly outside is not": (
        'Ann Lee said: "We will act now" to reporters gathered at the town hall on Monday.',
        "We will act now to reporters gathered at the town hall",
        None,
        "the article does not quote these words (they are its own narration or reported speech)",
    ),
    "a two-letter quotation is too short to cut to": (
        'Ann Lee said: "Go" to the crowd.',
        "Go to the crowd",
        None,
        "the article does not quote these words (they are its own narration or reported speech)",
    ),
    "marks past the quotation keep its status": (
        'Ann Lee said: "We will act now."',
        'We will act now."',
        None,
        [("We will act now.", (15, 31), "exact")],
    ),
    "part of a word past it makes it fuzzy": (
        '"We act now," Ann Lee said.',
        "act now, Ann",
        None,
        [("act now,", (4, 12), "fuzzy")],
    ),
    "reported speech of five words is handed on as a claim": (
        "Ann Lee said the town will act now.",
        "the town will act now",
        None,
        "the article reports these words but does not quote them",
    ),
    "four words are too few for a claim": (
        "Ann Lee said the town will act.",
        "the town will act",
        None,
        "the article does not quote these words (they are its own narration or reported speech)",
    ),
    "elided passages are found in order": (
        ELIDED,
        "We act now ... we will not wait for anyone",
        None,
        [("We act now", (1, 11), "exact"), ("we will not wait for anyone", (17, 44), "exact")],
    ),
    "elided passages are found from the window on": (
        ELIDED,
        "We act now ... we will not wait for anyone",
        (SECOND, len(ELIDED)),
        [
            ("We act now", (SECOND + 1, SECOND + 11), "exact"),
            ("we will not wait for anyone", (SECOND + 17, SECOND + 44), "exact"),
        ],
    ),
    "or from the start when none follows the window": (
        ELIDED,
        "We act now ... we will not wait for anyone",
        (len(ELIDED) - 5, len(ELIDED)),
        [("We act now", (1, 11), "exact"), ("we will not wait for anyone", (17, 44), "exact")],
    ),
    "a passage ending where the window starts lies outside it": (
        ELIDED,
        "We act now, and we will not wait for anyone",
        (44, len(ELIDED)),
        [("We act now, and we will not wait for anyone", (SECOND + 1, SECOND + 44), "exact")],
    ),
    "quoted words win over the same words in narration": (
        NARRATED,
        "We will act",
        None,
        [("We will act", (27, 38), "exact")],
    ),
    "unless the quotation starts where the window ends": (
        NARRATED,
        "We will act",
        (0, NARRATED.index('"We will act,"') + 1),
        "the article does not quote these words (they are its own narration or reported speech)",
    ),
    "a near match is looked for from the window on": (
        FUZZY,
        "We will act now and fight onn",
        (FUZZY_SECOND - 1, len(FUZZY)),
        [("We will act now and fight on,", (FUZZY_SECOND + 1, FUZZY_SECOND + 30), "fuzzy")],
    ),
    "and from the start without a window": (
        FUZZY,
        "We will act now and fight onn",
        None,
        [("We will act now and fight on,", (1, 30), "fuzzy")],
    ),
    "elided narration is not reported speech": (
        "Ann Lee said the town will act now and the city will wait for help.",
        "the town will act now ... the city will wait",
        None,
        "the article does not quote these words (they are its own narration or reported speech)",
    ),
}


@pytest.mark.parametrize("name", PASSAGES)
def test_passages_kept(name: str) -> None:
    text, said, window, expected = PASSAGES[name]
    extraction = answer(
        actors=[{"name": "Ann Lee", "kind": "person"}],
        quotes=[{"text": said, "speaker": "Ann Lee"}],
    )
    result = ground(extraction, ArticleIndex(text), window)
    if isinstance(expected, str):
        assert (result.quotes, [p.reason for p in result.problems]) == ([], [expected])
    else:
        kept = [(text[slice(*place(q))], place(q), q.grounding) for q in result.quotes]
        assert kept == expected
        assert [speaker_index(q.speaker) for q in result.quotes] == [0] * len(expected)


def test_a_passage_kept_once_leaves_the_other_parts_of_a_later_quote() -> None:
    text = '"We act now, and we will not wait for anyone," Ann Lee said.'
    quotes = [
        {"text": "We act now", "speaker": "Ann Lee"},
        {"text": "We act now ... we will not wait for anyone", "speaker": "Ann Lee"},
    ]
    result = ground(
        answer(actors=[{"name": "Ann Lee", "kind": "person"}], quotes=quotes), ArticleIndex(text)
    )
    assert [(q.text, place(q)) for q in result.quotes] == [
        ("We act now", (1, 11)),
        ("we will not wait for anyone", (17, 44)),
    ]
    assert result.problems == []


def test_narration_opening_a_sentence_is_reported_with_that_whole_sentence() -> None:
    text = "Officials met. The town will act now and wait for help.\n\nMore."
    said = "The town will act now and wait for help"
    result = ground(answer(quotes=[{"text": said, "speaker": None}]), ArticleIndex(text))
    assert [(c.text, evidence_of(c)) for c in result.claims] == [(said, ((15, 55),))]
    assert [(p.outcome, p.context) for p in result.problems] == [
        ("claim", "The town will act now and wait for help.")
    ]


def test_a_long_sentence_given_as_context_is_cut_to_300_characters() -> None:
    long = "Ann Lee said that " + " ".join(
        f"the council will review plan number {i}" for i in range(12)
    )
    text = f'{long}.\n\n"We act," Ann Lee said.'
    quotes = [
        {"text": "review plan number 3", "speaker": None},  # narration: its sentence
        {"text": "the council will review plan number 99 and then stop", "speaker": None},
    ]
    result = ground(answer(quotes=quotes), ArticleIndex(text))
    assert [p.reason for p in result.problems] == [
        "the article does not quote these words (they are its own narration or reported speech)",
        "this text does not occur in the article",
    ]
    assert [p.context for p in result.problems] == [long[:299] + "\u2026"] * 2
