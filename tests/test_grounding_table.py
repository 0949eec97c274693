"""Grounding rules as tables: an article snippet, a model answer, and the exact outcome.

Each row is kept with its span and status, resolved to its speaker or source, or
dropped with its reason. Snippets come from the seed article and the eval cases.
"""

from __future__ import annotations

from typing import Any

import pytest
from fakes.grounding import ACTORS, BLINKEN, IODINE, IODINE_ACTORS, answer
from fakes.items import speaker_index

from summarizer.align import ArticleIndex
from summarizer.grounding import CLAIM_MIN_SUPPORT, ActorResolver, Grounded, Problem, ground
from summarizer.grounding.model import evidence_of, place


def outcome(result: Grounded, text: str) -> dict[str, Any]:
    """The grounded items in plain values, speakers and sources by name."""
    names = [a.name for a in result.actors]
    return {
        "quotes": [
            (
                text[slice(*place(q))],
                place(q),
                q.grounding,
                names[speaker_index(q.speaker)] if q.speaker is not None else q.speaker_name,
            )
            for q in result.quotes
        ],
        "claims": [
            (
                c.text,
                [text[a:b] for a, b in evidence_of(c)],
                names[speaker_index(c.source)] if c.source is not None else None,
            )
            for c in result.claims
        ],
        "problems": [(p.kind, p.index, p.outcome, p.reason) for p in result.problems],
    }


def at(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    """The span of the ``nth`` occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return (start, start + len(words))


# --------------------------------------------------------------------------- quotes

QUOTE_ROWS: dict[str, tuple[str, list[dict[str, Any]], list[Any], list[Any]]] = {
    "verbatim quote of a lost-mark passage": (
        BLINKEN,
        [
            {
                "text": "the US government believes that members of Russian forces have committed "
                "war crimes in Ukraine.",
                "speaker": "Antony Blinken",
            }
        ],
        [
            (
                "the US government believes that members of Russian forces have committed war "
                "crimes in Ukraine.",
                at(
                    BLINKEN,
                    "the US government believes that members of Russian forces have committed "
                    "war crimes in Ukraine.",
                ),
                "exact",
                "Antony Blinken",
            )
        ],
        [],
    ),
    "a trailing full stop and marks the model added are trimmed, not fuzzily bled": (
        BLINKEN,
        [
            {
                "text": "\u201cWe have seen numerous credible reports of indiscriminate attacks, "
                "as well as other atrocities.\u201d",
                "speaker": "Blinken",
            }
        ],
        [
            (
                "We have seen numerous credible reports of indiscriminate attacks, as well as "
                "other atrocities",
                (
                    BLINKEN.index("We have seen"),
                    BLINKEN.index("atrocitieshe") + len("atrocities"),
                ),
                "exact",
                "Antony Blinken",
            )
        ],
        [],
    ),
    "a typo is repaired to the article's exact words": (
        BLINKEN,
        [
            {
                "text": "We have seen numerous credible reprts of indiscriminate attacks",
                "speaker": "Antony Blinken",
            }
        ],
        [
            (
                "We have seen numerous credible reports of indiscriminate attacks",
                at(BLINKEN, "We have seen numerous credible reports of indiscriminate attacks"),
                "fuzzy",
                "Antony Blinken",
            )
        ],
        [],
    ),
    "typographic drift: case and quote marks": (
        IODINE,
        [{"text": "IF IODINE DEFICIENCY IS SERIOUS YOU LOSE 15 IQ POINTS", "speaker": "Eastman"}],
        [
            (
                "If iodine deficiency is serious you lose 15 IQ points",
                at(IODINE, "If iodine deficiency is serious you lose 15 IQ points"),
                "normalized",
                "Cres Eastman",
            )
        ],
        [],
    ),
    "a literal bracket in the article is matched whole": (
        BLINKEN,
        [
            {
                "text": "But NATO is not a party to the conflict [et] will not send troops to "
                "Ukraine.",
                "speaker": "Jens Stoltenberg",
            }
        ],
        [
            (
                "But NATO is not a party to the conflict [et] will not send troops to Ukraine.",
                at(
                    BLINKEN,
                    "But NATO is not a party to the conflict [et] will not send troops to Ukraine.",
                ),
                "exact",
                "Jens Stoltenberg",
            )
        ],
        [],
    ),
    "an elision inside one quotation interrupted by its attribution": (
        BLINKEN,
        [
            {
                "text": "We are determined to do everything we can \u2026 NATO is not a party to "
                "the conflict",
                "speaker": "Stoltenberg",
            }
        ],
        [
            (
                "We are determined to do everything we can",
                at(BLINKEN, "We are determined to do everything we can"),
                "exact",
                "Jens Stoltenberg",
            ),
            (
                "NATO is not a party to the conflict",
                at(BLINKEN, "NATO is not a party to the conflict"),
                "exact",
                "Jens Stoltenberg",
            ),
        ],
        [],
    ),
    "an elision joining two speakers is refused": (
        BLINKEN,
        [
            {
                "text": "members of Russian forces have committed war crimes ... NATO is not a "
                "party to the conflict",
                "speaker": "Antony Blinken",
            }
        ],
        [],
        [("quote", 0, "dropped", "its parts come from different quotations")],
    ),
    "elided parts out of order are refused": (
        BLINKEN,
        [
            {
                "text": "NATO is not a party to the conflict [\u2026] We are determined to do "
                "everything",
                "speaker": "Jens Stoltenberg",
            }
        ],
        [],
        [("quote", 0, "dropped", "this text does not occur in the article")],
    ),
    "reported speech becomes a claim with its speaker as source": (
        BLINKEN,
        [
            {
                "text": "Moscow will only use nuclear weapons in Ukraine if there is an "
                "existential threat against Russia",
                "speaker": "Dmitry Peskov",
            }
        ],
        [],
        [("quote", 0, "claim", "the article reports these words but does not quote them")],
    ),
    "a short piece of narration is no quote": (
        BLINKEN,
        [{"text": "en route to Brussels", "speaker": "Antony Blinken"}],
        [],
        [
            (
                "quote",
                0,
                "dropped",
                "the article does not quote these words (they are its own narration or "
                "reported speech)",
            )
        ],
    ),
    "an invented quote is dropped": (
        BLINKEN,
        [{"text": "We will not comment on these rumours at all", "speaker": "NATO"}],
        [],
        [("quote", 0, "dropped", "this text does not occur in the article")],
    ),
    "a quote that runs into its attribution is cut at the quotation": (
        IODINE,
        [
            {
                "text": "If iodine deficiency is serious you lose 15 IQ points, he said",
                "speaker": "Cres Eastman",
            }
        ],
        [
            (
                "If iodine deficiency is serious you lose 15 IQ points,",
                at(IODINE, "If iodine deficiency is serious you lose 15 IQ points,"),
                "fuzzy",
                "Cres Eastman",
            )
        ],
        [],
    ),
    "a short quote kept once its trailing punctuation is trimmed": (
        'The report calls it "the sleeper issue". Nobody disagreed.',
        [{"text": "the sleeper issue.", "speaker": None}],
        [("the sleeper issue", (21, 38), "exact", None)],
        [],
    ),
    "the same passage quoted twice is kept once": (
        IODINE,
        [
            {"text": "If iodine deficiency is serious", "speaker": "Eastman"},
            {"text": "If iodine deficiency is serious", "speaker": "Eastman"},
        ],
        [
            (
                "If iodine deficiency is serious",
                at(IODINE, "If iodine deficiency is serious"),
                "exact",
                "Cres Eastman",
            )
        ],
        [],
    ),
    "an empty quote": (
        IODINE,
        [{"text": " \u201c \u201d ", "speaker": None}],
        [],
        [("quote", 0, "dropped", "the quote is empty")],
    ),
}


@pytest.mark.parametrize("name", QUOTE_ROWS)
def test_quote_rows(name: str) -> None:
    text, quotes, kept, problems = QUOTE_ROWS[name]
    actors = {id(IODINE): IODINE_ACTORS, id(BLINKEN): ACTORS}.get(id(text), [])
    result = outcome(ground(answer(actors=actors, quotes=quotes), ArticleIndex(text)), text)
    assert result["quotes"] == kept
    assert result["problems"] == problems


def test_reported_speech_claim_has_its_sentence_as_evidence() -> None:
    quote = (
        "Moscow will only use nuclear weapons in Ukraine if there is an existential threat "
        "against Russia"
    )
    extraction = answer(actors=ACTORS, quotes=[{"text": quote, "speaker": "Peskov"}])
    result = outcome(ground(extraction, ArticleIndex(BLINKEN)), BLINKEN)
    sentence = BLINKEN[BLINKEN.index("Kremlin spokesman") :]
    assert result["claims"] == [(quote, [sentence], "Dmitry Peskov")]


# ------------------------------------------------------------------------- speakers

SPEAKER_ROWS: dict[str, tuple[str, str, str | None, str, str | None]] = {
    # name: (article, quote, model's speaker, kept speaker or outcome, reason)
    "a display name": (
        BLINKEN,
        "We have seen numerous credible reports",
        "Blinken",
        "Antony Blinken",
        None,
    ),
    "a title in front of the name": (
        BLINKEN,
        "We have seen numerous credible reports",
        "US Secretary of State Antony Blinken",
        "Antony Blinken",
        None,
    ),
    "an honorific": (
        BLINKEN,
        "We have seen numerous credible reports",
        "Mr. Blinken",
        "Antony Blinken",
        None,
    ),
    "an apposition": (
        BLINKEN,
        "We have seen numerous credible reports",
        "Blinken, US Secretary of State",
        "Antony Blinken",
        None,
    ),
    "an actor id": (
        BLINKEN,
        "We have seen numerous credible reports",
        "a1",
        "Antony Blinken",
        None,
    ),
    "the role only": (
        BLINKEN,
        "We are determined to do everything",
        "the NATO Secretary General",
        "Jens Stoltenberg",
        None,
    ),
    "misattributed to another listed actor": (
        BLINKEN,
        "We are determined to do everything",
        "Antony Blinken",
        "dropped",
        "the article attributes it to Jens Stoltenberg, not Antony Blinken",
    ),
    "a pronoun continues the speaker named before": (
        IODINE,
        "Pregnant women are getting about half",
        "Cres Eastman",
        "Cres Eastman",
        None,
    ),
    "a paragraph standing alone continues the speaker": (
        IODINE,
        "If iodine deficiency is serious",
        "Cres Eastman",
        "Cres Eastman",
        None,
    ),
    "the next speaker is not the one before": (
        IODINE,
        "One of the reasons that iodine is going down",
        "Cres Eastman",
        "dropped",
        "the article attributes it to Lydia Buchtmann, not Cres Eastman",
    ),
    "an honorific the article uses for the cue": (
        IODINE,
        "One of the reasons that iodine is going down",
        "Lydia Buchtmann",
        "Lydia Buchtmann",
        None,
    ),
    "a speaker nobody near the quotation names": (
        IODINE,
        "If iodine deficiency is serious",
        "Barack Obama",
        "unattributed",
        "the article does not say that Barack Obama said it",
    ),
}


@pytest.mark.parametrize("name", SPEAKER_ROWS)
def test_speaker_rows(name: str) -> None:
    text, words, speaker, expected, reason = SPEAKER_ROWS[name]
    actors = IODINE_ACTORS if text is IODINE else ACTORS
    extraction = answer(actors=actors, quotes=[{"text": words, "speaker": speaker}])
    result = outcome(ground(extraction, ArticleIndex(text)), text)
    if expected == "dropped":
        assert result["quotes"] == []
        assert result["problems"] == [("quote", 0, "dropped", reason)]
    elif expected == "unattributed":
        assert [q[3] for q in result["quotes"]] == [None]
        assert result["problems"] == [("quote", 0, "unattributed", reason)]
    else:
        assert [(q[0], q[3]) for q in result["quotes"]] == [(words, expected)]
        assert result["problems"] == []


def test_a_description_the_article_uses_is_kept_as_speaker_name() -> None:
    text = "The espionage charges are unfoundedsaid the Russian ambassador, mentioning retaliation."
    extraction = answer(
        quotes=[
            {"text": "The espionage charges are unfounded", "speaker": "the Russian ambassador"}
        ]
    )
    result = outcome(ground(extraction, ArticleIndex(text)), text)
    assert result["quotes"] == [
        ("The espionage charges are unfounded", (0, 35), "exact", "the Russian ambassador")
    ]
    assert result["problems"] == []


def test_a_role_matches_a_described_speaker() -> None:
    text = "The espionage charges are unfoundedsaid the Russian ambassador, mentioning retaliation."
    extraction = answer(
        actors=[{"name": "Antonov", "kind": "person", "role": "Russian ambassador in Washington"}],
        quotes=[{"text": "The espionage charges are unfounded", "speaker": "Antonov"}],
    )
    result = ground(extraction, ArticleIndex(text + " Antonov left."))
    assert [(speaker_index(q.speaker), q.speaker_name) for q in result.quotes] == [(0, None)]


def test_an_interview_label_resolves_without_spaces() -> None:
    text = (
        "Wikinews: What is next?\n\nShimonPeres: The future is only peace.\n\n"
        "Wikinews: Why?\n\nShimonPeres: Because war is over."
    )
    extraction = answer(
        actors=[{"name": "Shimon Peres", "kind": "person"}],
        quotes=[
            {"text": "The future is only peace.", "speaker": "Shimon Peres"},
            {"text": "What is next?", "speaker": "Shimon Peres"},
        ],
    )
    result = outcome(ground(extraction, ArticleIndex(text)), text)
    assert result["quotes"] == [
        (
            "The future is only peace.",
            at(text, "The future is only peace."),
            "exact",
            "Shimon Peres",
        )
    ]
    assert result["problems"] == [
        ("quote", 1, "dropped", "the article attributes it to Wikinews, not Shimon Peres")
    ]


# -------------------------------------------------------------------------- figures

SEED_FIGURES = (
    "Moscow will expel US diplomats in retaliation for Washington\u2019s expulsion of 12 members "
    "of the Russian diplomatic mission to the UN.\n\n"
    "The United States expelled 12 diplomats in early March.\n\n"
    "For its part, Poland expelled on Wednesday 45 Russian spies posing as diplomats.\n\n"
    "In total, NATO now has 40,000 troops directly under its leadership, he said.\n\n"
    "The poll put him at 58% and 14 points behind, with double digits in earlier polls.\n\n"
    "A couple of points separate them; nearly a decade passed; dozens were hurt.\n\n"
    "The city budget is NZ$2 million, up from 1945 levels.\n\n"
    "Sweden defeated South Korea 1 \u2013 0. The forms run from ten to 32 pages.\n\n"
    "One in three voters stayed home. The queue took nearly half an hour."
)

FIGURE_ROWS: dict[str, tuple[dict[str, Any], tuple[Any, ...] | str]] = {
    # name: (model's figure, (value, unit, qualifier, surface) kept, or the reason it is dropped)
    "a count on its own noun": (
        {"text": "45", "value": 45, "unit": "spies", "what": "Russian spies expelled"},
        (45, "spies", "exact", "45", at(SEED_FIGURES, "45")),
    ),
    "the same number, placed by its counted noun": (
        {"text": "12", "value": 12, "unit": "diplomats", "what": "diplomats expelled in March"},
        (12, "diplomats", "exact", "12", at(SEED_FIGURES, "12", 1)),
    ),
    "an invented noun on a real number is dropped": (
        {"text": "12", "value": 12, "unit": "warships", "what": "Russian warships"},
        "the article's '12' does not count warships",
    ),
    "a value the text does not state is dropped": (
        {"text": "45", "value": 12, "unit": "spies", "what": "spies"},
        "the article gives 45, not 12",
    ),
    "thousands separators": (
        {"text": "40000", "value": 40000, "unit": "troops", "what": "NATO troops"},
        (40000, "troops", "exact", "40,000", at(SEED_FIGURES, "40,000")),
    ),
    "a share given as a fraction is stored 0-100": (
        {"text": "58%", "value": 0.58, "unit": "percent", "what": "his share in the poll"},
        (58, "percent", "exact", "58%", at(SEED_FIGURES, "58%")),
    ),
    "points are not percent but fit their noun": (
        {"text": "14 points", "value": 14, "unit": "points", "what": "deficit"},
        (14, "points", "exact", "14 points", at(SEED_FIGURES, "14 points")),
    ),
    "a value given without its scale word is rescaled": (
        {"text": "NZ$2 million", "value": 2, "unit": "NZD", "what": "city budget"},
        (2_000_000, "NZD", "exact", "NZ$2 million", at(SEED_FIGURES, "NZ$2 million")),
    ),
    "a number inside a longer one is not there": (
        {"text": "45", "value": 45, "unit": "levels", "what": "levels"},
        "the article's '45' does not count levels",
    ),
    "a couple of points": (
        {"text": "A couple of points", "value": 2, "unit": "points", "what": "gap"},
        (2, "points", "about", "A couple of points", at(SEED_FIGURES, "A couple of points")),
    ),
    "nearly a decade": (
        {"text": "a decade", "value": 10, "unit": "years", "what": "time passed"},
        (10, "years", "about", "a decade", at(SEED_FIGURES, "a decade")),
    ),
    "double digits keep a bounding qualifier": (
        {
            "text": "double digits",
            "value": 10,
            "unit": "percent",
            "what": "poll share",
            "qualifier": "at least",
        },
        (10, "percent", "at least", "double digits", at(SEED_FIGURES, "double digits")),
    ),
    "dozens": (
        {"text": "dozens", "value": 24, "unit": "people", "what": "people hurt"},
        (24, "people", "about", "dozens", at(SEED_FIGURES, "dozens")),
    ),
    "a vague quantity outside its range": (
        {"text": "dozens", "value": 5000, "unit": "people", "what": "people hurt"},
        "the article gives a vague quantity between 12 and 99, not 5000",
    ),
    "the far end of a score": (
        {"text": "1 \u2013 0", "value": 0, "unit": "goals", "what": "goals by South Korea"},
        (0, "goals", "exact", "1 \u2013 0", at(SEED_FIGURES, "1 \u2013 0")),
    ),
    "the far end of a range": (
        {"text": "ten to 32 pages", "value": 32, "unit": "pages", "what": "form length"},
        (32, "pages", "exact", "ten to 32 pages", at(SEED_FIGURES, "ten to 32 pages")),
    ),
    "a ratio as a share keeps the model's rounding": (
        {"text": "One in three", "value": 33.33, "unit": "percent", "what": "voters at home"},
        (33.33, "percent", "exact", "One in three", at(SEED_FIGURES, "One in three")),
    ),
    "a share word before a measure is a part of it": (
        {"text": "nearly half an hour", "value": 0.5, "unit": "hours", "what": "queue"},
        (0.5, "hours", "exact", "nearly half an hour", at(SEED_FIGURES, "nearly half an hour")),
    ),
    "half an hour is not 50 hours": (
        {"text": "nearly half an hour", "value": 50, "unit": "hours", "what": "queue"},
        "the article gives 50 percent, not 50",
    ),
    "a number the article does not have": (
        {"text": "987,654", "value": 987654, "unit": "people", "what": "people"},
        "neither its text nor its value occurs in the article",
    ),
}


@pytest.mark.parametrize("name", FIGURE_ROWS)
def test_figure_rows(name: str) -> None:
    figure, expected = FIGURE_ROWS[name]
    result = ground(answer(numbers=[figure]), ArticleIndex(SEED_FIGURES))
    if isinstance(expected, str):
        assert result.figures == []
        assert [(p.kind, p.outcome) for p in result.problems] == [("figure", "dropped")]
        assert result.problems[0].reason == expected
    else:
        assert result.problems == []
        (kept,) = result.figures
        got = (kept.value, kept.unit, kept.qualifier, kept.text, place(kept))
        assert got[1:] == expected[1:]
        assert kept.value == pytest.approx(expected[0])


def test_figure_problems_name_the_article_text_for_a_repair() -> None:
    result = ground(
        answer(numbers=[{"text": "45", "value": 12, "unit": "spies", "what": "spies"}]),
        ArticleIndex(SEED_FIGURES),
    )
    (problem,) = result.problems
    assert (
        problem.context
        == "For its part, Poland expelled on Wednesday 45 Russian spies posing as diplomats"
    )
    assert problem.for_model() == (
        "numbers[0] (text '45', value 12): the article gives 45, not 12; give the value the text "
        "states, scaled ('2.5 million' is 2500000, '58%' is 58)"
    )


# --------------------------------------------------------------------------- claims

CLAIM_ROWS: dict[str, tuple[dict[str, Any], str | None]] = {
    # name: (model's claim, None when kept, else the reason it is dropped)
    "supported, in the article's voice": (
        {"text": "Poland expelled 45 Russian spies posing as diplomats.", "source": None},
        None,
    ),
    "a number the evidence does not state": (
        {"text": "Poland expelled 12 Russian spies posing as diplomats.", "source": None},
        "the article gives 45, not 12",
    ),
    "a negation the article does not make": (
        {"text": "NATO will send troops to Ukraine.", "source": "Jens Stoltenberg"},
        "the article says the opposite about 'send'",
    ),
    "the negation kept": (
        {"text": "NATO will not send troops to Ukraine.", "source": "Jens Stoltenberg"},
        None,
    ),
    "the source the evidence names": (
        {
            "text": "Moscow will only use nuclear weapons if Russia faces an existential threat.",
            "source": "Dmitry Peskov",
        },
        None,
    ),
    "a source the evidence does not name": (
        {
            "text": "Moscow will only use nuclear weapons if Russia faces an existential threat.",
            "source": "Jens Stoltenberg",
        },
        "the article attributes it to Dmitry Peskov, not to Jens Stoltenberg",
    ),
    "a source named by a quotation": (
        {
            "text": "The US government believes Russian forces committed war crimes in Ukraine.",
            "source": "Blinken",
        },
        None,
    ),
    "unsupported": (
        {"text": "Bananas are rich in potassium and grow in tropical climates.", "source": None},
        "no sentence of the article supports it",
    ),
    "too little of it in any sentence": (
        {"text": "Diplomats negotiate treaties, budgets, pensions and Ukraine.", "source": None},
        "no sentence of the article supports it",
    ),
}


@pytest.mark.parametrize("name", CLAIM_ROWS)
def test_claim_rows(name: str) -> None:
    claim, reason = CLAIM_ROWS[name]
    text = (
        BLINKEN
        + "\n\nFor its part, Poland expelled on Wednesday 45 Russian spies posing as diplomats."
    )
    result = ground(answer(actors=ACTORS, claims=[claim]), ArticleIndex(text))
    if reason is None:
        assert result.problems == []
        (kept,) = result.claims
        assert evidence_of(kept) and all(text[a:b].strip() for a, b in evidence_of(kept))
    else:
        assert result.claims == []
        assert [(p.kind, p.index, p.outcome, p.reason) for p in result.problems] == [
            ("claim", 0, "dropped", reason)
        ]


def test_claim_evidence_is_the_sentence_that_holds_its_number() -> None:
    text = (
        "Poland expelled Russian spies on Wednesday.\n\n"
        "The ministry said 45 Russian spies were expelled from Poland."
    )
    result = ground(
        answer(claims=[{"text": "Poland expelled 45 Russian spies."}]), ArticleIndex(text)
    )
    (claim,) = result.claims
    assert [text[a:b] for a, b in evidence_of(claim)] == [
        "The ministry said 45 Russian spies were expelled from Poland."
    ]


def test_claim_support_threshold_is_a_third_of_its_words() -> None:
    text = "Ukraine asked for help. Diplomats met in Brussels."
    # 1 of 4 content words (ukraine) is below the threshold; 2 of 4 is above it.
    low = answer(claims=[{"text": "Ukraine wants bananas and pensions."}])
    high = answer(claims=[{"text": "Ukraine asked about pensions."}])
    assert CLAIM_MIN_SUPPORT == 0.34
    assert ground(low, ArticleIndex(text)).claims == []
    assert [evidence_of(c) for c in ground(high, ArticleIndex(text)).claims] == [((0, 23),)]


def test_unlisted_source_keeps_the_claim_without_a_source() -> None:
    text = "For its part, Poland expelled on Wednesday 45 Russian spies posing as diplomats."
    result = ground(
        answer(
            claims=[{"text": "Poland expelled 45 Russian spies.", "source": "an unnamed official"}]
        ),
        ArticleIndex(text),
    )
    (claim,) = result.claims
    assert (speaker_index(claim.source), claim.source_name) == (None, "an unnamed official")
    assert [(p.outcome, p.reason) for p in result.problems] == [
        ("unattributed", "its source 'an unnamed official' is not among the actors")
    ]


# --------------------------------------------------------------------------- actors

ACTOR_TEXT = (
    "Russian Foreign Minister Sergei Lavrov spoke. Mr. Lavrov said Lavrov would stay. "
    "Joe Biden met Jill Biden; Biden smiled. Walt Whitman wrote; George Whitman read Whitman."
)
ACTOR_ROWS: dict[str, tuple[list[dict[str, Any]], list[tuple[str, tuple[str, ...]]]]] = {
    "surname, honorific and full name are one person": (
        [
            {"name": "Lavrov", "kind": "person"},
            {"name": "Mr. Lavrov", "kind": "person"},
            {"name": "Sergei Lavrov", "kind": "person", "role": "Foreign Minister"},
        ],
        [("Sergei Lavrov", ("Lavrov", "Mr. Lavrov"))],
    ),
    "a title in front of a name merges with the name": (
        [
            {"name": "Sergei Lavrov", "kind": "person"},
            {"name": "Russian Foreign Minister Sergei Lavrov", "kind": "person"},
        ],
        [("Sergei Lavrov", ("Russian Foreign Minister Sergei Lavrov",))],
    ),
    "two people sharing a surname stay apart; the bare surname is ambiguous": (
        [
            {"name": "Joe Biden", "kind": "person"},
            {"name": "Jill Biden", "kind": "person"},
            {"name": "Biden", "kind": "person"},
        ],
        [("Joe Biden", ()), ("Jill Biden", ()), ("Biden", ())],
    ),
    "first names that contradict keep people apart whatever they share": (
        [
            {"name": "Walt Whitman", "kind": "person", "aliases": ["Whitman"]},
            {"name": "George Whitman", "kind": "person"},
        ],
        [("Walt Whitman", ("Whitman",)), ("George Whitman", ())],
    ),
    "aliases the article does not use are left out": (
        [{"name": "Sergei Lavrov", "kind": "person", "aliases": ["Sergey Lavrov", "Lavrov"]}],
        [("Sergei Lavrov", ("Lavrov",))],
    ),
    "organisations merge by name only": (
        [
            {"name": "Russian Foreign Minister", "kind": "organization"},
            {"name": "russian foreign minister", "kind": "organization"},
        ],
        [("Russian Foreign Minister", ())],
    ),
}


@pytest.mark.parametrize("name", ACTOR_ROWS)
def test_actor_rows(name: str) -> None:
    actors, expected = ACTOR_ROWS[name]
    result = ground(answer(actors=actors), ArticleIndex(ACTOR_TEXT))
    assert [(a.name, tuple(a.aliases)) for a in result.actors] == expected
    assert result.problems == []


def test_a_merged_actor_takes_every_quote_of_its_forms() -> None:
    text = 'Antony Blinken spoke. "We will act," Blinken said.'
    extraction = answer(
        actors=[
            {"name": "Blinken", "kind": "person"},
            {"name": "Antony Blinken", "kind": "person"},
        ],
        quotes=[{"text": "We will act,", "speaker": "Blinken"}],
    )
    result = ground(extraction, ArticleIndex(text))
    assert [(a.name, tuple(a.aliases)) for a in result.actors] == [("Antony Blinken", ("Blinken",))]
    assert [(q.text, speaker_index(q.speaker)) for q in result.quotes] == [("We will act,", 0)]


def test_an_actor_the_article_does_not_name() -> None:
    result = ground(
        answer(actors=[{"name": "Angela Merkel", "kind": "person"}]), ArticleIndex(ACTOR_TEXT)
    )
    assert result.actors == []
    assert [(p.kind, p.index, p.text) for p in result.problems] == [("actor", 0, "Angela Merkel")]


# -------------------------------------------------------------------------- problems


def test_problems_read_plainly_for_models_and_users() -> None:
    result = ground(
        answer(
            actors=ACTORS,
            quotes=[
                {"text": "We are determined to do everything", "speaker": "Antony Blinken"},
                {"text": "Moscow will only use nuclear weapons in Ukraine", "speaker": "Peskov"},
            ],
            numbers=[{"text": "2 million", "value": 2e6, "unit": "people", "what": "people"}],
        ),
        ArticleIndex(BLINKEN),
    )
    lines = [p.for_user() for p in result.problems]
    assert lines == [
        "dropped quotes[0] ('We are determined to do everything'): the article attributes it "
        "to Jens Stoltenberg, not Antony Blinken",
        "kept quotes[1] ('Moscow will only use nuclear weapons in Ukraine') as a claim, not "
        "a quote: the article reports these words but does not quote them",
        "dropped numbers[0] (text '2 million', value 2000000): neither its text nor its value "
        "occurs in the article",
    ]
    assert all("e+" not in line and "pydantic" not in line for line in lines)
    assert result.problems[0].context.startswith("We are determined to do everything")


# ---------------------------------------------------------------- claim sources

SOURCE_TEXT = (
    "Poland expelled 45 spies, Interior Minister Mariusz Kaminski said.\n\n"
    "According to Reuters, Turkey may send its S-400 systems to Ukraine.\n\n"
    "Lavrov met Blinken in Geneva. He said the talks had failed.\n\n"
    "New sanctions are on the table, Sullivan said.\n\n"
    "The Kremlin's statement called the sanctions illegal."
)
SOURCE_ACTORS = [
    {"name": "Mariusz Kaminski", "kind": "person"},
    {"name": "Reuters", "kind": "organization"},
    {"name": "Sergei Lavrov", "kind": "person", "aliases": ["Lavrov"]},
    {"name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
    {"name": "Jake Sullivan", "kind": "person", "aliases": ["Sullivan"]},
    {"name": "Poland", "kind": "country"},
    {"name": "Turkey", "kind": "country"},
    {"name": "Kremlin", "kind": "organization"},
]
SOURCE_ROWS: list[tuple[str, str | None, str | None]] = [
    ("Poland expelled 45 spies.", "Mariusz Kaminski", None),
    ("Poland expelled 45 spies.", None, None),
    (
        "Poland expelled 45 spies.",
        "Reuters",
        "the article attributes it to Mariusz Kaminski, not to Reuters",
    ),
    ("Turkey may send its S-400 systems to Ukraine.", "Reuters", None),
    (
        "Turkey may send its S-400 systems to Ukraine.",
        "Turkey",
        "the article attributes it to Reuters, not to Turkey",
    ),
    ("The talks had failed.", "Lavrov", None),
    ("New sanctions are on the table.", "Sullivan", None),
    (
        "New sanctions are on the table.",
        "Kaminski",
        "the article attributes it to Jake Sullivan, not to Mariusz Kaminski",
    ),
    ("The sanctions are illegal.", "Kremlin", None),
    (
        "The sanctions are illegal.",
        "Reuters",
        "the article attributes it to Kremlin, not to Reuters",
    ),
    ("Lavrov met Blinken in Geneva.", "Reuters", "the article does not attribute it to Reuters"),
]


@pytest.mark.parametrize(("claim", "source", "reason"), SOURCE_ROWS)
def test_claim_sources(claim: str, source: str | None, reason: str | None) -> None:
    extraction = answer(actors=SOURCE_ACTORS, claims=[{"text": claim, "source": source}])
    result = ground(extraction, ArticleIndex(SOURCE_TEXT))
    if reason is None:
        (kept,) = result.claims
        expected = ActorResolver(result.actors).resolve(source) if source else None
        assert speaker_index(kept.source) == expected
        assert result.problems == []
    else:
        assert result.claims == []
        assert [p.reason for p in result.problems] == [reason]


# ----------------------------------------------------------- speakers, more cases

SPEAKER_TEXT = (
    "Kristin Wilkins runs the gallery. \u201cWarhol liked Polaroids,\u201d Wilkins said.\n\n"
    "The spokesman said: \u201cWe will not comment.\u201d\n\n"
    "Andy Warhol is the subject of the show.\n\n"
    "\u201cArt is business,\u201d a sign says.\n\n"
    "The curator, Ann Lee, arrived late."
)


@pytest.mark.parametrize(
    ("words", "actors", "speaker", "kept", "outcome"),
    [
        # Two "Wilkins" actors kept apart by the model still fit the article's "Wilkins said".
        (
            "Warhol liked Polaroids",
            [{"name": "Kristin Wilkins", "kind": "person"}, {"name": "Wilkins", "kind": "person"}],
            "Wilkins",
            "Kristin Wilkins",
            None,
        ),
        (
            "Warhol liked Polaroids",
            [
                {"name": "Kristin Wilkins", "kind": "person"},
                {"name": "Andy Warhol", "kind": "person"},
            ],
            "Andy Warhol",
            None,
            "dropped",
        ),
        (
            "Warhol liked Polaroids",
            [{"name": "Kristin Wilkins", "kind": "person"}],
            "a gallery guide",
            None,
            "dropped",
        ),
        (
            "We will not comment.",
            [{"name": "Ann Lee", "kind": "person", "role": "gallery spokesman"}],
            "Ann Lee",
            "Ann Lee",
            None,
        ),
        (
            "We will not comment.",
            [{"name": "Andy Warhol", "kind": "person"}],
            "Andy Warhol",
            None,
            "unattributed",
        ),
        ("We will not comment.", [], "the spokesman", "the spokesman", None),
        ("We will not comment.", [], "a guard", None, "unattributed"),
        (
            "Art is business",
            [{"name": "Andy Warhol", "kind": "person"}],
            "Andy Warhol",
            None,
            "unattributed",
        ),
        ("Art is business", [], None, None, None),
    ],
)
def test_more_speakers(
    words: str,
    actors: list[dict[str, Any]],
    speaker: str | None,
    kept: str | None,
    outcome: str | None,
) -> None:
    extraction = answer(actors=actors, quotes=[{"text": words, "speaker": speaker}])
    result = ground(extraction, ArticleIndex(SPEAKER_TEXT))
    assert [p.outcome for p in result.problems] == ([outcome] if outcome else [])
    if outcome == "dropped":
        assert result.quotes == []
        return
    (quote,) = result.quotes
    names = [a.name for a in result.actors]
    got = names[speaker_index(quote.speaker)] if quote.speaker is not None else quote.speaker_name
    assert got == kept


# ------------------------------------------------------------ rules of real answers

LAVROV = (
    "Negotiations are difficultRussian Foreign Minister Sergei Lavrov said in a speech.\n\n"
    "He blamed Westerners to water Ukraine with armsintended for keep the two countries "
    "fighting."
)
LAVROV_ACTORS = [{"name": "Sergei Lavrov", "kind": "person", "role": "Foreign Minister"}]
GLUED_ROWS: dict[str, tuple[str, str, tuple[int, int] | None]] = {
    # name: (article, model's quote, span kept or None)
    "a lost closing mark glued the last word to the next, after a speech verb": (
        LAVROV,
        "water Ukraine with arms.",
        at(LAVROV, "water Ukraine with arms"),
    ),
    "the speech verb is not part of the quote": (
        LAVROV,
        "He blamed Westerners to water Ukraine with arms",
        None,
    ),
    "no speech verb before it": (
        LAVROV.replace("He blamed", "Westerners sent"),
        "water Ukraine with arms",
        None,
    ),
    "a text that kept its marks has no lost ones": (
        LAVROV.replace("difficultRussian", 'difficult," Russian'),
        "water Ukraine with arms",
        None,
    ),
    "the rest of the glued token is no word": (
        LAVROV.replace("armsintended", "armsqz"),
        "water Ukraine with arms",
        None,
    ),
}


@pytest.mark.parametrize("name", GLUED_ROWS)
def test_glued_end_rows(name: str) -> None:
    text, words, span = GLUED_ROWS[name]
    extraction = answer(actors=LAVROV_ACTORS, quotes=[{"text": words, "speaker": "Lavrov"}])
    result = outcome(ground(extraction, ArticleIndex(text)), text)
    if span is None:
        assert result["quotes"] == []
    else:
        assert result["quotes"] == [(text[span[0] : span[1]], span, "exact", "Sergei Lavrov")]
        assert result["problems"] == []


SAMS = (
    "Mr Tedeschi told the court the parents knew.\n\n"
    "Allegedly, Thomas' sister pleaded with him to send Gloria to a doctor, but he replied "
    '"I am not able to do that".'
)
SAMS_ACTORS = [
    {"name": "Thomas Sam", "kind": "person", "aliases": ["Thomas"]},
    {"name": "Gloria", "kind": "person"},
    {"name": "Mark Tedeschi", "kind": "person", "aliases": ["Mr Tedeschi"]},
]
LIVORNO = (
    "The Court of Cassation ruled on the schools of Livorno. The request was advanced by the "
    "Municipality of Livorno in 2010.\n\n"
    'The city reasoned, "because the users pay a fee, this activity is commercial".'
)
LIVORNO_ACTORS = [
    {"name": "Court of Cassation", "kind": "organization"},
    {"name": "Municipality of Livorno", "kind": "organization"},
]
AMBASSADOR = (
    "The Russian ambassador in Washington, Anatoly Antonov, denounced it.\n\n"
    "The espionage charges are unfoundedsaid the Russian ambassador, mentioning retaliation."
)
AMBASSADOR_ACTORS = [
    {"name": "Anatoly Antonov", "kind": "person", "role": "Russian ambassador in Washington"}
]
DESCRIBED_ROWS: dict[str, tuple[str, list[dict[str, Any]], str, str, str | None, str]] = {
    # name: (article, actors, quote, model's speaker, kept speaker (name), problem outcome)
    "a pronoun cue speaks for the person its own sentence names first": (
        SAMS,
        SAMS_ACTORS,
        "I am not able to do that",
        "Thomas Sam",
        "Thomas Sam",
        "",
    ),
    "not for the person named last before the pronoun": (
        SAMS,
        SAMS_ACTORS,
        "I am not able to do that",
        "Gloria",
        None,
        "unattributed",
    ),
    "an institution's description points back to the last one named": (
        LIVORNO,
        LIVORNO_ACTORS,
        "because the users pay a fee",
        "Municipality of Livorno",
        "Municipality of Livorno",
        "",
    ),
    "not to one named before it": (
        LIVORNO,
        LIVORNO_ACTORS,
        "because the users pay a fee",
        "Court of Cassation",
        None,
        "unattributed",
    ),
    "the article's own description is kept as the speaker's name": (
        AMBASSADOR,
        AMBASSADOR_ACTORS,
        "The espionage charges are unfounded",
        "the Russian ambassador",
        "the Russian ambassador",
        "",
    ),
}


@pytest.mark.parametrize("name", DESCRIBED_ROWS)
def test_described_speaker_rows(name: str) -> None:
    text, actors, words, speaker, kept, problem = DESCRIBED_ROWS[name]
    extraction = answer(actors=actors, quotes=[{"text": words, "speaker": speaker}])
    grounded = ground(extraction, ArticleIndex(text))
    result = outcome(grounded, text)
    assert [(q[0], q[3]) for q in result["quotes"]] == [(words, kept)]
    assert [p[2] for p in result["problems"]] == ([problem] if problem else [])
    # Gloria for Thomas's words: swapped people, worth a repair; another organisation for
    # the city's words: the description names no one better.
    assert [p.repair for p in grounded.problems] == ([speaker == "Gloria"] if problem else [])


def test_a_number_borrowed_from_a_sentence_about_another_thing_fails() -> None:
    text = (
        "Washington expelled 12 members of the Russian mission.\n\n"
        "For its part, Poland expelled on Wednesday 45 Russian spies posing as diplomats."
    )
    claims = [
        {"text": "Poland expelled 12 Russian spies posing as diplomats on Wednesday."},
        {"text": "Poland expelled 45 Russian spies posing as diplomats on Wednesday."},
    ]
    result = ground(answer(claims=claims), ArticleIndex(text))
    assert [c.text for c in result.claims] == [claims[1]["text"]]
    assert [(p.index, p.reason) for p in result.problems] == [(0, "the article gives 45, not 12")]
    # The same number in the best evidence, counting another thing, is named as such.
    text = "On Wednesday Washington expelled 12 Russian members and Poland 45 Russian spies."
    result = ground(answer(claims=claims[:1]), ArticleIndex(text))
    assert [p.reason for p in result.problems] == [
        "the article's 12 counts Russian members, not Russian spies posing"
    ]


def test_reported_speech_the_answer_also_claims_is_one_claim() -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov also told CNN that Moscow will only use nuclear weapons "
        "in Ukraine if there is an existential threat against Russia."
    )
    said = "Moscow will only use nuclear weapons in Ukraine if there is an existential threat"
    extraction = answer(
        actors=[{"name": "Dmitry Peskov", "kind": "person"}],
        quotes=[{"text": said, "speaker": "Dmitry Peskov"}],
        claims=[{"text": f"{said} against Russia.", "source": "Dmitry Peskov"}],
    )
    result = ground(extraction, ArticleIndex(text))
    assert [c.text for c in result.claims] == [f"{said} against Russia."]
    assert [(p.kind, p.outcome) for p in result.problems] == [("quote", "claim")]


def test_a_figure_without_unit_and_what_takes_the_articles_counted_noun() -> None:
    text = "Washington expelled 12 members. Moscow expelled 12 diplomats and 45 Russian spies."
    figures = [
        {"text": words, "value": value, "unit": "", "what": ""}
        for words, value in (("12", 12), ("12", 12), ("45", 45))
    ]
    result = ground(answer(numbers=figures), ArticleIndex(text))
    assert result.problems == []
    assert [(place(f), f.unit, f.what) for f in result.figures] == [
        (at(text, "12"), "members", "members"),
        (at(text, "12", 1), "diplomats", "diplomats"),
        (at(text, "45"), "spies", "Russian spies"),
    ]


def test_a_chunk_window_picks_the_place_the_model_read() -> None:
    line = '"We will act," Jens Stoltenberg said.'
    text = f"{line}\n\nOther news.\n\n{line}"
    second = text.rindex("We will act,")
    extraction = answer(actors=ACTORS, quotes=[{"text": "We will act,", "speaker": "Stoltenberg"}])
    whole = ground(extraction, ArticleIndex(text))
    windowed = ground(extraction, ArticleIndex(text), (second - 1, len(text)))
    assert [place(q) for q in whole.quotes] == [(1, 13)]
    assert [place(q) for q in windowed.quotes] == [(second, second + 12)]


# ------------------------------------------------------------------ whole problems

PESKOV_SAID = (
    "Moscow will only use nuclear weapons in Ukraine if there is an existential threat against "
    "Russia"
)
PESKOV_SENTENCE = BLINKEN[BLINKEN.index("Kremlin spokesman") :]
PESKOV_LABEL = "quotes[0] ('Moscow will only use nuclear weapons in Ukraine if there is\u2026')"

# The model's speaker of reported speech: the whole problem ground() reports for it.
REPORTED_ROWS: dict[str, tuple[str, Problem]] = {
    "the article's speaker: kept as a claim, no repair": (
        "Dmitry Peskov",
        Problem(
            "quote",
            0,
            PESKOV_LABEL,
            "the article reports these words but does not quote them",
            "give reported speech as a claim with its source, not as a quote",
            PESKOV_SENTENCE,
            PESKOV_SAID,
            "claim",
            repair=False,
        ),
    ),
    "another speaker: dropped as unquoted, with the sentence as context": (
        "Antony Blinken",
        Problem(
            "quote",
            0,
            PESKOV_LABEL,
            "the article does not quote these words (they are its own narration or reported "
            "speech)",
            "quote only words inside quotation marks; give reported speech as a claim with its "
            "source",
            PESKOV_SENTENCE,
            PESKOV_SAID,
        ),
    ),
}


@pytest.mark.parametrize("name", REPORTED_ROWS)
def test_reported_speech_problems_in_full(name: str) -> None:
    speaker, problem = REPORTED_ROWS[name]
    extraction = answer(actors=ACTORS, quotes=[{"text": PESKOV_SAID, "speaker": speaker}])
    assert ground(extraction, ArticleIndex(BLINKEN)).problems == [problem]


EXPELLED = "For its part, Poland expelled on Wednesday 45 Russian spies posing as diplomats."

# A claim's source as the model gives it: the source name kept, and whether it is a problem.
NO_SOURCE_ROWS: list[tuple[str, str | None, bool]] = [
    ("unknown", None, False),
    ("Unknown", None, False),
    ("None", None, False),
    (" NULL ", None, False),
    ("  ", None, False),
    ("an unnamed official", "an unnamed official", True),
]


@pytest.mark.parametrize(("source", "kept", "problem"), NO_SOURCE_ROWS)
def test_a_source_that_names_no_one_is_no_source(
    source: str, kept: str | None, problem: bool
) -> None:
    claims = [{"text": "Poland expelled 45 Russian spies.", "source": source}]
    result = ground(answer(claims=claims), ArticleIndex(EXPELLED))
    assert [(speaker_index(c.source), c.source_name) for c in result.claims] == [(None, kept)]
    expected = Problem(
        "claim",
        0,
        "claims[0] ('Poland expelled 45 Russian spies.')",
        "its source 'an unnamed official' is not among the actors",
        "add that actor, or give null as the source",
        "",
        "Poland expelled 45 Russian spies.",
        "unattributed",
    )
    assert result.problems == ([expected] if problem else [])


def test_the_summary_is_kept_on_one_line() -> None:
    result = ground(answer(summary=" Poland  expelled\n45 spies. "), ArticleIndex(EXPELLED))
    assert result.summary == "Poland expelled 45 spies."


def test_a_figure_is_found_where_the_model_read() -> None:
    text = "5 ministers resigned on Monday. On Tuesday 5 ministers returned."
    numbers = [{"text": "5", "value": 5, "unit": "ministers", "what": "ministers"}]
    whole = ground(answer(numbers=numbers), ArticleIndex(text))
    windowed = ground(answer(numbers=numbers), ArticleIndex(text), (32, len(text)))
    assert [place(f) for f in whole.figures] == [(0, 1)]
    assert [place(f) for f in windowed.figures] == [(43, 44)]


def test_reported_speech_read_in_a_chunk_has_that_chunks_sentence_as_evidence() -> None:
    line = (
        "Kremlin spokesman Dmitry Peskov told CNN that Moscow will only use nuclear weapons if "
        "Russia faces an existential threat."
    )
    text = f"{line}\n\nOther news today.\n\n{line}"
    second = text.rindex("Kremlin")
    said = "Moscow will only use nuclear weapons if Russia faces an existential threat"
    extraction = answer(
        actors=[{"name": "Dmitry Peskov", "kind": "person"}],
        quotes=[{"text": said, "speaker": "Dmitry Peskov"}],
    )
    whole = ground(extraction, ArticleIndex(text))
    windowed = ground(extraction, ArticleIndex(text), (second - 1, len(text)))
    assert [evidence_of(c) for c in whole.claims] == [((0, len(line)),)]
    assert [evidence_of(c) for c in windowed.claims] == [((second, len(text)),)]
