"""Claim and summary rules, one table each, with invented sentences and exact outcomes:
negation and word roots, numbers a claim shares with its evidence, which sentences a claim
stands on, who it is attributed to, and when a summary is flagged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fakes.grounding import answer
from fakes.items import speaker_index

from summarizer.align import ArticleIndex
from summarizer.grounding import ActorResolver, ground, summary_problem
from summarizer.grounding.actors import ActorMentions
from summarizer.grounding.claims import ClaimGrounder, missing_numbers, polarity, polarity_clash
from summarizer.grounding.model import Problem, evidence_of
from summarizer.grounding.quotes import NOT_QUOTED
from summarizer.grounding.speakers import Attributor


def person(name: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "kind": "person", **more}


def test_a_repeated_modal_before_a_negation_is_no_alternative() -> None:
    # "may or may not" offers an alternative; "will, will not" still denies
    assert polarity("They will, will not fight") == (frozenset({"fight"}), frozenset())


# claim, evidence, what the article denies elsewhere, the words that clash
CLASHES: list[tuple[str, str, Callable[[str], bool] | None, list[str]]] = [
    # "applied" and "apply" are one word: stems that differ in the last letter only
    (
        "The country applied for membership",
        "The country did not apply for membership",
        None,
        ["apply"],
    ),
    # words sharing only their first three letters are two words
    ("The plan was declared", "They have not decided", None, []),
    # nor do two more letters at the end make another word
    ("A reporter covered it", "It was not reported", None, ["report"]),
    # the claim's own denial of another word does not hide the clash
    ("The country applied, not withdrew", "The country did not apply", None, ["apply"]),
    # evidence that asserts the word clashes with its denial, whatever else it denies
    ("The country did not apply", "The country applied, but did not vote", None, ["apply"]),
    # and even when the article denies the word in another sentence
    ("The country did not apply", "The country applied", lambda word: True, ["apply"]),
]


@pytest.mark.parametrize(("claim", "evidence", "denied", "clash"), CLASHES)
def test_polarity_clash(
    claim: str, evidence: str, denied: Callable[[str], bool] | None, clash: list[str]
) -> None:
    assert polarity_clash(claim, evidence, denied) == clash


# claim, evidence, the claim's numbers the evidence does not state
NUMBERS: list[tuple[str, str, list[float]]] = [
    # a capitalised word after a number describes it; it does not say what is counted
    ("Police held 12 Xinhua reporters", "Police held 12 Xinhua staff", [12]),
    # a noun with a capital inside still counts
    ("Shops sold 12 iPhones", "Shops sold 12 laptops", [12]),
    # a plural counts what its singular does
    ("Poland expelled 45 spies", "Poland expelled 45 spy suspects", []),
    # a fraction is its percentage, either way round
    ("Turnout was 0.58", "Turnout was 58%", []),
    ("Turnout was 58%", "Turnout was 0.58", []),
    # but not without a percent on one side, nor another number
    ("Turnout was 58", "Turnout was 0.58", [58]),
    ("Turnout was 58%", "Turnout was 12", [58]),
    ("Turnout was 0.59", "Turnout was 58%", [0.59]),
]


@pytest.mark.parametrize(("claim", "evidence", "missing"), NUMBERS)
def test_missing_numbers(claim: str, evidence: str, missing: list[float]) -> None:
    assert [m.value for m, _ in missing_numbers(claim, evidence)] == missing


# ------------------------------------------------------------------ claims through ground

HARBOUR = "The harbour committee met on Monday to discuss the new ferry timetable for the islands."
WINDING = (
    "The harbour committee met on Monday to discuss "
    + "the long and winding " * 15
    + "ferry timetable for the islands."
)

SAID_ANN = "Ann Lee said Poland expelled Russian spies."
SAID_BOB = "Bob Ray said Poland expelled Russian spies."
# the speech verb 80 and 81 characters after the start of "Reuters"
REUTERS_80 = (
    "Reuters, whose offices in the old town stayed closed for most of the past week, "
    "said talks failed on Monday."
)
REUTERS_81 = REUTERS_80.replace("week", "weeks")
PESKOV_FAR = (
    "Dmitry Peskov left Moscow.\n\n"
    + "Nothing else happened.\n\n" * 5
    + "The Kremlin spokesman arrived.\nOfficials said talks failed on Monday."
)
BOB_AND_REUTERS = [person("Bob Ray"), {"name": "Reuters", "kind": "organization"}]

ClaimRow = tuple[str, list[dict[str, Any]], list[dict[str, Any]], Any]

# name -> (article, actors, claims, kept (text, evidence, source name) or (reason, context))
CLAIM_ROWS: dict[str, ClaimRow] = {
    "a number two sentences away completes the evidence": (
        "Poland expelled Russian diplomats on Monday. Officials gave no reason. "
        "The diplomats numbered 45.",
        [],
        [{"text": "Poland expelled 45 Russian diplomats on Monday"}],
        (
            "Poland expelled 45 Russian diplomats on Monday",
            ["Poland expelled Russian diplomats on Monday.", "The diplomats numbered 45."],
            None,
        ),
    ),
    "a number three sentences away is too far": (
        "Poland expelled Russian diplomats on Monday. Officials gave no reason. "
        "Moscow promised a response. The diplomats numbered 45.",
        [],
        [{"text": "Poland expelled 45 Russian diplomats on Monday"}],
        ("the article does not give 45 here", "Poland expelled Russian diplomats on Monday."),
    ),
    "evidence stops at three sentences": (
        "The diplomats numbered 12. The spies numbered 45. "
        "Poland expelled diplomats, spies and staff on Monday. The staff numbered 30.",
        [],
        [{"text": "Poland expelled 12 diplomats, 45 spies and 30 staff on Monday"}],
        (
            "the article gives 12, 45, not 30",
            "The diplomats numbered 12. The spies numbered 45. "
            "Poland expelled diplomats, spies and staff on Monday.",
        ),
    ),
    "a wrong number names every number of the evidence": (
        "Poland expelled 12 diplomats and 45 spies on Monday.",
        [],
        [{"text": "Poland expelled 30 diplomats and spies on Monday"}],
        (
            "the article gives 12, 45, not 30",
            "Poland expelled 12 diplomats and 45 spies on Monday.",
        ),
    ),
    "the context of a refusal is its evidence, sentences joined by a space": (
        "Poland expelled Russian diplomats on Monday. Moscow expelled Polish spies on Tuesday.",
        [],
        [{"text": "Poland expelled 30 Russian diplomats and Moscow expelled Polish spies"}],
        (
            "the article does not give 30 here",
            "Poland expelled Russian diplomats on Monday. Moscow expelled Polish spies on Tuesday.",
        ),
    ),
    "an unsupported claim shows its nearest sentence whole": (
        HARBOUR,
        [],
        [{"text": "Zebras sleep standing up on the committee's island farms at night"}],
        ("no sentence of the article supports it", HARBOUR),
    ),
    "a nearest sentence is cut to 300 characters": (
        WINDING,
        [],
        [{"text": "Zebras sleep standing up on the committee's island farms at night"}],
        ("no sentence of the article supports it", WINDING[:299] + "\u2026"),
    ),
    "so is the evidence of a refused number": (
        WINDING,
        [],
        [
            {
                "text": "The harbour committee met on Monday to discuss 12 ferry timetables "
                "for the islands"
            }
        ],
        ("the article does not give 12 here", WINDING[:299] + "\u2026"),
    ),
    "a wrong source on the best sentence: the next best sentence is tried": (
        "Ann Lee said Poland expelled Russian spies. Bob Ray said Poland expelled Russian spies.",
        [person("Ann Lee"), person("Bob Ray")],
        [{"text": "Poland expelled Russian spies", "source": "Bob Ray"}],
        (
            "Poland expelled Russian spies",
            ["Bob Ray said Poland expelled Russian spies."],
            "Bob Ray",
        ),
    ),
    "a best sentence naming no source: the next best sentence is tried": (
        f"Poland expelled Russian spies on Monday.\n\n{SAID_BOB}",
        [person("Bob Ray")],
        [{"text": "Poland expelled Russian spies", "source": "Bob Ray"}],
        ("Poland expelled Russian spies", [SAID_BOB], "Bob Ray"),
    ),
    "after the best sentence, the next five are tried, no more": (
        " ".join([SAID_ANN] * 6 + [SAID_BOB]),
        [person("Ann Lee"), person("Bob Ray")],
        [{"text": "Poland expelled Russian spies", "source": "Bob Ray"}],
        ("the article attributes it to Ann Lee, not to Bob Ray", SAID_ANN),
    ),
    "the fifth next best sentence is tried": (
        " ".join([SAID_ANN] * 5 + [SAID_BOB]),
        [person("Ann Lee"), person("Bob Ray")],
        [{"text": "Poland expelled Russian spies", "source": "Bob Ray"}],
        ("Poland expelled Russian spies", [SAID_BOB], "Bob Ray"),
    ),
    "a name 80 characters before the speech verb is its subject": (
        f"Bob Ray spoke.\n\n{REUTERS_80}",
        BOB_AND_REUTERS,
        [{"text": "Talks failed on Monday", "source": "Bob Ray"}],
        ("the article attributes it to Reuters, not to Bob Ray", REUTERS_80),
    ),
    "a name 81 characters before is too far to be": (
        f"Bob Ray spoke.\n\n{REUTERS_81}",
        BOB_AND_REUTERS,
        [{"text": "Talks failed on Monday", "source": "Bob Ray"}],
        ("Talks failed on Monday", [REUTERS_81], "Bob Ray"),
    ),
    "an unnamed speaker is not the source's role nearby": (
        PESKOV_FAR,
        [person("Dmitry Peskov", role="Kremlin spokesman")],
        [{"text": "Talks failed on Monday", "source": "Dmitry Peskov"}],
        (
            "the article does not attribute it to Dmitry Peskov",
            "Officials said talks failed on Monday.",
        ),
    ),
    "a role in the sentence does not attribute it to the person": (
        "Talks with the Kremlin spokesman failed on Monday. Dmitry Peskov left Moscow.",
        [person("Dmitry Peskov", role="Kremlin spokesman")],
        [{"text": "Talks with the spokesman failed on Monday", "source": "Dmitry Peskov"}],
        (
            "the article does not attribute it to Dmitry Peskov",
            "Talks with the Kremlin spokesman failed on Monday.",
        ),
    ),
    "an unnamed speaker is the source only when the source is named nearby": (
        "Ann Lee left.\n\nx\n\nx\n\nx\n\nx\n\nBob Ray arrived in Paris.\n"
        "Officials said talks failed on Monday.",
        [person("Ann Lee"), person("Bob Ray")],
        [{"text": "Talks failed on Monday", "source": "Ann Lee"}],
        (
            "the article does not attribute it to Ann Lee",
            "Officials said talks failed on Monday.",
        ),
    ),
    "a denial the article makes in another sentence is no clash": (
        "The minister met Rome officials on Monday. Travel was not allowed.",
        [],
        [{"text": "The minister did not travel to meet Rome officials on Monday"}],
        (
            "The minister did not travel to meet Rome officials on Monday",
            ["The minister met Rome officials on Monday."],
            None,
        ),
    ),
    "a number is looked for in the eight sentences sharing most words, not the ninth": (
        "Poland expelled Russian diplomats on Monday. They numbered 45. "
        + " ".join(
            f"Poland and Russia met on Monday in {city}."
            for city in ("Oslo", "Rome", "Bern", "Riga", "Kyiv", "Baku", "Sofia")
        ),
        [],
        [{"text": "Poland expelled 45 Russian diplomats on Monday"}],
        ("the article does not give 45 here", "Poland expelled Russian diplomats on Monday."),
    ),
    "a number opening the second evidence sentence is in the evidence": (
        "Poland expelled Russian diplomats on Monday. 45 diplomats left Warsaw by train. "
        "The diplomats numbered 45 in all.",
        [],
        [{"text": "Poland expelled 45 Russian diplomats, who left Warsaw by train"}],
        (
            "Poland expelled 45 Russian diplomats, who left Warsaw by train",
            ["Poland expelled Russian diplomats on Monday.", "45 diplomats left Warsaw by train."],
            None,
        ),
    ),
    "a quotation credited to a description is the source's when the source is named nearby": (
        "Ann Lee arrived in Kyiv on Monday.\n\n"
        "The talks will resume in March. \u00bb\n\nA quote from the envoy.",
        [person("Ann Lee")],
        [{"text": "The talks will resume in March", "source": "Ann Lee"}],
        ("The talks will resume in March", ["The talks will resume in March. \u00bb"], "Ann Lee"),
    ),
    "a denial the article never makes clashes": (
        "The minister met Rome officials on Monday. Trade was not allowed.",
        [],
        [{"text": "The minister did not travel to meet Rome officials on Monday"}],
        (
            "the article says the opposite about 'travel'",
            "The minister met Rome officials on Monday.",
        ),
    ),
}


@pytest.mark.parametrize("name", CLAIM_ROWS)
def test_claims(name: str) -> None:
    text, actors, claims, expected = CLAIM_ROWS[name]
    result = ground(answer(actors=actors, claims=claims), ArticleIndex(text))
    names = [a.name for a in result.actors]
    kept = [
        (
            c.text,
            [text[a:b] for a, b in evidence_of(c)],
            names[speaker_index(c.source)] if c.source is not None else None,
        )
        for c in result.claims
    ]
    refused = [(p.reason, p.context) for p in result.problems if p.kind == "claim"]
    assert (kept, refused) == (([expected], []) if len(expected) == 3 else ([], [expected]))


def test_a_refusal_names_the_source_as_the_model_wrote_it() -> None:
    index = ArticleIndex("Ann Lee said Poland expelled Russian spies. Bob Ray left.")
    actors = ground(answer(actors=[person("Ann Lee"), person("Bob Ray")]), index).actors
    mentions = ActorMentions(actors, index)
    attributor = Attributor(index, actors, mentions, ActorResolver(actors))
    claims = ClaimGrounder(index, index.quotations, attributor, actors, mentions)
    refused = claims.ground(0, "Poland expelled Russian spies", 1, "B. Ray")
    assert isinstance(refused, Problem)
    assert refused.reason == "the article attributes it to Ann Lee, not to B. Ray"


# fifty nouns a claim lists; the article states the first ``covered`` of them
NOUNS = """apple bridge candle desert engine falcon garden harbor island jacket kettle lantern
meadow needle orchard pepper quarry ribbon saddle tunnel umbrella valley wagon yacht zipper
anchor basket castle dragon feather glacier hammer igloo jungle kitten ladder magnet napkin
oyster parrot quilt rocket spider teapot violin walrus tractor lemon cactus mirror""".split()


@pytest.mark.parametrize(("covered", "kept"), [(17, True), (16, False)])
def test_a_claim_needs_its_evidence_to_hold_at_least_the_minimum_share_of_its_words(
    covered: int, kept: bool
) -> None:
    # 17 of 50 words is CLAIM_MIN_SUPPORT (0.34) exactly
    text = f"The {' '.join(NOUNS[:covered])} stood there."
    result = ground(answer(claims=[{"text": " ".join(NOUNS)}]), ArticleIndex(text))
    assert ([evidence_of(c) for c in result.claims], [p.reason for p in result.problems]) == (
        ([((0, len(text)),)], []) if kept else ([], ["no sentence of the article supports it"])
    )


ONCE_AGAIN = (
    "Officials met in Rome on Monday once again. Ministers signed trade papers in Paris on "
    "Friday. Workers built roads near Lyon. Farmers sold grain in Nice. Teachers opened schools. "
    "Nurses left."
)


def test_reported_words_are_held_to_the_sentence_they_start_in() -> None:
    # the words start on the last word of the first sentence, which holds none of their
    # content words: with the best other sentence it covers too few of them, shown joined
    words = ONCE_AGAIN[ONCE_AGAIN.index("again.") : ONCE_AGAIN.index(" Nurses")]
    result = ground(answer(quotes=[{"text": words, "speaker": None}]), ArticleIndex(ONCE_AGAIN))
    assert result.claims == []
    assert [(p.reason, p.context) for p in result.problems] == [
        (
            NOT_QUOTED,
            "Officials met in Rome on Monday once again. "
            "Ministers signed trade papers in Paris on Friday.",
        )
    ]


# ------------------------------------------------------------------ the summary

SIGNED = (
    "Officials met in Paris on Monday. The minister signed the trade deal on Monday. "
    "He signed the energy deal on Friday, not Thursday."
)

# article, summary, the reason it is flagged (None: it stands)
SUMMARIES: list[tuple[str, str, str | None]] = [
    # each sentence of the summary is held to its own evidence
    (
        SIGNED,
        "The minister signed the trade deal. He did not sign the energy deal.",
        "the article says the opposite about 'sign'",
    ),
    (SIGNED, "The minister signed the trade deal and the energy deal.", None),
    # a hyphenated name the article writes is mentioned, though it is no single word
    ("The Franco-German plan was agreed on Monday.", "The Franco-German plan was agreed.", None),
    # a sentence of the summary is held to the two sentences that cover it best: a denial
    # in a third one about another matter does not flag it
    (
        "The council approved the budget on Monday. It also hired forty teachers. "
        "No schools closed this year, officials said.",
        "The council approved the budget and hired teachers for schools this year.",
        None,
    ),
    # a denial opening the second of those sentences counts
    (
        "The council approved the budget on Monday. No schools closed this year.",
        "The council approved the budget on Monday and schools closed this year.",
        "the article says the opposite about 'school'",
    ),
    # a denial with no sentence of the article to hold it against is not checked
    (
        "Officials met in Paris on Monday to sign the trade deal.",
        "Officials met in Paris on Monday to sign the trade deal. Zebras never sleep.",
        None,
    ),
]


@pytest.mark.parametrize(("text", "summary", "reason"), SUMMARIES)
def test_summary_problem(text: str, summary: str, reason: str | None) -> None:
    problem = summary_problem(summary, ArticleIndex(text))
    assert (problem.reason if problem is not None else None) == reason
