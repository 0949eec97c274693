"""Quote rules through ``ground``, one table each, with invented articles and exact results:
a match cut back to its quotation, elided passages found in order, a quotation whose closing
mark the article lost, the sentence shown when a quote is not found; and the small text
rules (variants, elisions, whole words) behind them."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from fakes.grounding import answer
from fakes.items import speaker_index

from summarizer.align import ArticleIndex, Match
from summarizer.grounding import ActorResolver, ground
from summarizer.grounding.actors import ActorMentions
from summarizer.grounding.model import evidence_of, place
from summarizer.grounding.quotes import (
    NOT_QUOTED,
    QuoteGrounder,
    split_elisions,
    variants,
    whole_words,
)
from summarizer.grounding.speakers import Attributor

JANE = [{"name": "Jane Roe", "kind": "person"}]

Kept = list[tuple[str, tuple[int, int], str, str]]


def grounded(
    text: str,
    quote: str,
    speaker: str = "Jane Roe",
    actors: list[dict[str, Any]] = JANE,
    window: tuple[int, int] | None = None,
) -> tuple[Kept, list[str]]:
    """The kept quotes (words, span, status, speaker) and the problems' reasons."""
    extraction = answer(actors=actors, quotes=[{"text": quote, "speaker": speaker}])
    result = ground(extraction, ArticleIndex(text), window)
    names = [a.name for a in result.actors]
    kept = [
        (
            text[slice(*place(q))],
            place(q),
            q.grounding,
            names[speaker_index(q.speaker)] if q.speaker is not None else str(q.speaker_name),
        )
        for q in result.quotes
    ]
    return kept, [p.reason for p in result.problems]


# ------------------------------------------------------------ a match cut to its quotation

# name -> (article, the model's quote, the quotes kept; the problems)
CLIP_ROWS: dict[str, tuple[str, str, Kept, list[str]]] = {
    "words run on into the attribution: cut at the quotation": (
        '"We act," Jane Roe said on Monday.',
        "We act, Jane Roe said",
        [("We act,", (1, 8), "fuzzy", "Jane Roe")],
        [],
    ),
    "the attribution's full stop may come along": (
        '"We act," Jane Roe said. Then she left.',
        "We act, Jane Roe said.",
        [("We act,", (1, 8), "fuzzy", "Jane Roe")],
        [],
    ),
    "words past the attribution are narration": (
        '"We act," Jane Roe said on Monday.',
        "We act, Jane Roe said on",
        [],
        [NOT_QUOTED],
    ),
    "the attribution may start three characters after the quotation": (
        '"We act,"  Jane Roe said on Monday.',
        'We act,"  Jane Roe said',
        [("We act,", (1, 8), "fuzzy", "Jane Roe")],
        [],
    ),
    "not four": (
        '"We act,"   Jane Roe said on Monday.',
        'We act,"   Jane Roe said',
        [],
        [NOT_QUOTED],
    ),
    "a match half inside a quotation is cut to it": (
        'Jane Roe said: "Stop now". Go on, she added.',
        'Stop now". Go on',
        [("Stop now", (16, 24), "fuzzy", "Jane Roe")],
        [],
    ),
    "only the closing mark outside: the match stays exact": (
        'Jane Roe said: "No" today.',
        'No".',
        [("No", (16, 18), "exact", "Jane Roe")],
        [],
    ),
    "marks and punctuation outside are cut, the match no longer exact": (
        'Jane Roe said: "No"?! Then she left.',
        'No"?!',
        [("No", (16, 18), "fuzzy", "Jane Roe")],
        [],
    ),
    "a quotation of one letter is too short to cut to": (
        'Jane Roe said: "I". Then she left.',
        'I".',
        [],
        [NOT_QUOTED],
    ),
    "one character past the attribution may come along, not two": (
        '"We act," Jane Roe said?! Then she left.',
        "We act, Jane Roe said?!",
        [],
        [NOT_QUOTED],
    ),
    "letters outside the quotation are narration, a numeral's X too": (
        'Jane Roe said: "Go" XX.',
        'Go" XX',
        [],
        [NOT_QUOTED],
    ),
    "a letter outside a mostly quoted match is cut off, the match no longer exact": (
        'Jane Roe said: "Stop now" X.',
        'Stop now" X',
        [("Stop now", (16, 24), "fuzzy", "Jane Roe")],
        [],
    ),
}


@pytest.mark.parametrize("name", CLIP_ROWS)
def test_a_match_is_cut_to_its_quotation(name: str) -> None:
    text, quote, kept, problems = CLIP_ROWS[name]
    assert grounded(text, quote) == (kept, problems)


# ------------------------------------------------------------ elided passages and lost marks

LOST = (
    "We will go and we will stay. \u00bb\n\nA quote from Jane Roe.\n\n"
    '"We will go and we will stay," Jane Roe said.'
)


def test_elided_passages_are_found_from_the_start_of_the_article() -> None:
    assert grounded(LOST, "We will go \u2026 we will stay") == (
        [
            ("We will go", (0, 10), "exact", "Jane Roe"),
            ("we will stay", (15, 27), "exact", "Jane Roe"),
        ],
        [],
    )


def test_a_grounder_given_no_window_reads_the_whole_article() -> None:
    index = ArticleIndex(LOST)
    actors = ground(answer(actors=JANE), index).actors
    mentions = ActorMentions(actors, index)
    attributor = Attributor(index, actors, mentions, ActorResolver(actors))
    grounder = QuoteGrounder(index, index.quotations, attributor)
    located = grounder.locate("We will go \u2026 we will stay")
    assert [(m.start, m.end) for m in located] == [(0, 10), (15, 27)]


AHEAD = "We will go and we will stay, whatever comes. \u00bb\n\nA quote from Jane Roe."


@pytest.mark.parametrize(
    "window",
    [
        # the window starts one character after the first passage does
        (1, len(AHEAD)),
        # the window starts after every passage
        (46, len(AHEAD)),
    ],
)
def test_elided_passages_before_the_window_are_found_from_the_start_of_the_article(
    window: tuple[int, int],
) -> None:
    # the first passage differs in case: it is found by its normalised form
    assert grounded(AHEAD, "we will go \u2026 we will stay.", window=window) == (
        [
            ("We will go", (0, 10), "normalized", "Jane Roe"),
            ("we will stay", (15, 27), "exact", "Jane Roe"),
        ],
        [],
    )


def test_an_elided_passage_is_not_found_inside_a_longer_word() -> None:
    # "talks" ends "stalks", whose "s" is no word of its own
    text = '"We want the stalks and the talks," Jane Roe said.'
    assert grounded(text, "We want \u2026 talks") == (
        [("We want", (1, 8), "exact", "Jane Roe"), ("talks", (28, 33), "exact", "Jane Roe")],
        [],
    )


STAY = '"We will go and we will stay, whatever comes," Jane Roe said.'


@pytest.mark.parametrize(
    "quote",
    [
        # the last passage's own full stop is not the article's
        "We will go \u2026 we will stay.",
        # nor the mark before it
        'We will go \u2026 we will stay".',
    ],
)
def test_the_last_elided_passage_is_found_without_its_punctuation(quote: str) -> None:
    assert grounded(STAY, quote) == (
        [
            ("We will go", (1, 11), "exact", "Jane Roe"),
            ("we will stay", (16, 28), "exact", "Jane Roe"),
        ],
        [],
    )


GLUED = (
    "Negotiations are difficultRussian Foreign Minister Sergei Lavrov said in a speech.\n\n"
    "Ann Lee blamed Westerners to water Ukraine with armsintended for keep the two countries "
    "fighting."
)
GLUED_ACTORS = [
    {"name": "Sergei Lavrov", "kind": "person", "role": "Foreign Minister"},
    {"name": "Ann Lee", "kind": "person"},
]


@pytest.mark.parametrize(
    ("text", "speaker", "result"),
    [
        (GLUED, "Ann Lee", ([("water Ukraine with arms", (113, 136), "exact", "Ann Lee")], [])),
        (
            GLUED,
            "Sergei Lavrov",
            ([], ["the article attributes it to Ann Lee, not Sergei Lavrov"]),
        ),
        # the word glued after it may be a name the article has nowhere else
        (
            GLUED.replace("armsintended", "armsZelensky"),
            "Ann Lee",
            ([("water Ukraine with arms", (113, 136), "exact", "Ann Lee")], []),
        ),
    ],
)
def test_a_quotation_that_lost_its_closing_mark_is_its_speech_verbs_subjects(
    text: str, speaker: str, result: tuple[Kept, list[str]]
) -> None:
    assert grounded(text, "water Ukraine with arms", speaker, GLUED_ACTORS) == result


LAVROV = "Negotiations are difficultRussian Foreign Minister Sergei Lavrov said in a speech."
GLUED_BY_PRONOUN = (
    f"{LAVROV} Ann Lee listened.\n\n"
    "He blamed Westerners to water Ukraine with armsintended for keep the two countries fighting."
)
GLUED_BEFORE_ANY_VERB = (
    "Ann Lee wants Westerners to water Ukraine with armsintended for keep the two countries "
    f"fighting.\n\n{LAVROV}"
)


@pytest.mark.parametrize(
    ("text", "speaker", "result"),
    [
        # "He" continues the speaker of the run-in quotation before, not the last name
        (
            GLUED_BY_PRONOUN,
            "Sergei Lavrov",
            ([("water Ukraine with arms", (126, 149), "exact", "Sergei Lavrov")], []),
        ),
        (
            GLUED_BY_PRONOUN,
            "Ann Lee",
            (
                [("water Ukraine with arms", (126, 149), "exact", "None")],
                ["the article does not say that Ann Lee said it"],
            ),
        ),
        # a speech verb only after the words, in a later paragraph, attributes nothing
        (GLUED_BEFORE_ANY_VERB, "Ann Lee", ([], [NOT_QUOTED])),
    ],
)
def test_a_quotation_that_lost_its_closing_mark_needs_a_speech_verb_before_it(
    text: str, speaker: str, result: tuple[Kept, list[str]]
) -> None:
    assert grounded(text, "water Ukraine with arms", speaker, GLUED_ACTORS) == result


def test_words_that_end_the_article_are_no_quotation_that_lost_its_mark() -> None:
    assert grounded(GLUED, "two countries fighting.", "Ann Lee", GLUED_ACTORS) == (
        [],
        [NOT_QUOTED],
    )


def test_each_quotation_that_lost_its_mark_has_its_own_speaker() -> None:
    text = f"{GLUED}\n\nBob Ray accused Moscow to starve Kyiv of powerleaving millions in the cold."
    actors = [*GLUED_ACTORS, {"name": "Bob Ray", "kind": "person"}]
    quotes = [
        {"text": "water Ukraine with arms", "speaker": "Ann Lee"},
        {"text": "starve Kyiv of power", "speaker": "Bob Ray"},
    ]
    result = ground(answer(actors=actors, quotes=quotes), ArticleIndex(text))
    names = [a.name for a in result.actors]
    assert [(q.text, names[speaker_index(q.speaker)]) for q in result.quotes] == [
        ("water Ukraine with arms", "Ann Lee"),
        ("starve Kyiv of power", "Bob Ray"),
    ]
    assert result.problems == []


# twenty quotations after it: as many groups as the offset of the words that lost their mark
NUMBERS = "One Two Three Four Five Six Seven Eight Nine Ten".split()
MANY_QUOTATIONS = (
    "Lee blamed them to water Ukraine with armsintended for keep the two countries fighting."
    f"\n\n{LAVROV}\n\n"
    + "\n\n".join(f'"{n} {m}," Bob Ray said.' for n in ("Point", "Item") for m in NUMBERS)
)


def test_a_quotation_that_lost_its_mark_is_none_of_the_articles_numbered_quotations() -> None:
    actors = [*GLUED_ACTORS, {"name": "Bob Ray", "kind": "person"}]
    assert grounded(MANY_QUOTATIONS, "water Ukraine with arms", "Ann Lee", actors) == (
        [("water Ukraine with arms", (19, 42), "exact", "Ann Lee")],
        [],
    )


# ------------------------------------------------------------ spaces at a quote's edges


def test_a_non_breaking_space_at_a_quotes_edge_is_no_part_of_it() -> None:
    assert grounded('"We act," Jane Roe said.', "\u00a0We act,\u2009") == (
        [("We act,", (1, 8), "exact", "Jane Roe")],
        [],
    )


def test_reported_words_after_a_non_breaking_space_stand_in_their_own_sentence() -> None:
    text = "Jane Roe spoke.\u00a0The council will vote on the plan next week."
    quote = {"text": "\u00a0The council will vote on the plan", "speaker": None}
    result = ground(answer(actors=JANE, quotes=[quote]), ArticleIndex(text))
    assert [(p.reason, p.context) for p in result.problems] == [
        (
            "the article reports these words but does not quote them",
            "The council will vote on the plan next week.",
        )
    ]
    assert [(c.text, evidence_of(c)) for c in result.claims] == [
        ("The council will vote on the plan", ((16, 60),))
    ]


def test_every_kind_of_space_is_trimmed_from_a_quotes_edges() -> None:
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    assert [c for c in spaces if variants(f"{c}We go{c}") != ["We go"]] == []


# ------------------------------------------------------------ the sentence shown

NOT_FOUND = "this text does not occur in the article"


@pytest.mark.parametrize(
    ("quote", "context"),
    [
        # the one best sentence, not an earlier one that also shares words
        (
            "The minister signed the energy deal in Paris on Monday, officials said",
            "The minister signed the energy deal.",
        ),
        # none shares a word: no context
        ("Zzz qqq", ""),
    ],
)
def test_a_quote_not_found_shows_the_nearest_sentence(quote: str, context: str) -> None:
    text = "Officials met in Paris on Monday. The minister signed the energy deal."
    result = ground(answer(quotes=[{"text": quote, "speaker": None}]), ArticleIndex(text))
    assert [(p.reason, p.context) for p in result.problems] == [(NOT_FOUND, context)]


# ------------------------------------------------------------ the text rules


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # a quote without trailing punctuation or marks has no shorter variant
        ("We need a plan B", ["We need a plan B"]),
        # a leading elision and the mark after it are dropped
        ("\u2026 'We go", ["\u2026 'We go", "We go"]),
    ],
)
def test_variants(quote: str, expected: list[str]) -> None:
    assert variants(quote) == expected


def test_a_mark_before_an_elision_is_trimmed_with_its_punctuation() -> None:
    assert split_elisions('We will go". ... and stay') == ["We will go", "and stay"]


@pytest.mark.parametrize(
    ("text", "span", "needle", "whole"),
    [
        # a cut start needs four letters of the quote's first word, marks aside
        ("asjoint move", (2, 7), "\u201cjoint", True),
        # a cut end needs four letters of its last word
        ("I saw abird today", (0, 7), "I saw a", False),
        # a needle that ends in no word (a bracket) cannot end inside a token
        ("they act jointly", (0, 14), "they act joint)", False),
        # nor one that starts in none
        ("asjoint move", (2, 7), "(joint", False),
    ],
)
def test_whole_words(text: str, span: tuple[int, int], needle: str, whole: bool) -> None:
    assert whole_words(text, Match(*span, "exact"), needle) is whole
