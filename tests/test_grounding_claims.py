"""Claim and summary rules one table each: the whole problem each refusal reports, and the
bounds of the summary check (how short, how much known, which counts, which names)."""

from __future__ import annotations

from typing import Any

import pytest
from fakes.grounding import answer
from fakes.items import actor, speaker_index

from summarizer.align import ArticleIndex
from summarizer.grounding import Problem, ground, summary_problem
from summarizer.grounding.actors import ActorMentions, ActorResolver
from summarizer.grounding.claims import ClaimGrounder, polarity, says_the_same
from summarizer.grounding.model import evidence_of
from summarizer.grounding.speakers import Attributor
from summarizer.text import Segment

TEXT = (
    "Jens Stoltenberg said NATO now has 40,000 troops under its leadership. Poland expelled 45 "
    "spies. The alliance will not send troops to Ukraine."
)
ACTORS = [{"name": "Jens Stoltenberg", "kind": "person"}, {"name": "Poland", "kind": "country"}]


def flagged(summary: str, reason: str) -> Problem:
    return Problem(
        "summary",
        0,
        "the summary",
        reason,
        "summarise only what the article says",
        "",
        summary,
        "flagged",
        repair=False,
    )


SUMMARIES: list[tuple[str, str | None]] = [
    ("", None),
    ("NATO has 40,000 troops under Stoltenberg.", None),
    ("Elephants migrate savannas.", None),  # three content words: too few to weigh
    ("Elephants migrate across savannas.", "most of its words are not in the article"),
    ("Poland expelled spies; elephants migrate.", None),  # 3 of 5 words known: enough
    ("Poland expelled spies, elephants migrate far.", "most of its words are not in the article"),
    ("Seven experts met.", None),  # a small count in words: what the article lists
    ("Twelve judges met.", None),
    ("Thirteen judges met.", "the article gives no 13"),
    ("Poland expelled seven of 46 spies.", "the article gives no 46"),
    ("Poland expelled 45 spies.", None),
    ("Spies were expelled by Germany.", "the article does not mention Germany"),
    ("Spies were expelled by Poland.", None),
    (
        "Poland expelled spies. The alliance will send troops to Ukraine.",
        "the article says the opposite about 'send'",
    ),
]


@pytest.mark.parametrize(("summary", "reason"), SUMMARIES)
def test_summary_problem(summary: str, reason: str | None) -> None:
    expected = flagged(summary, reason) if reason else None
    assert summary_problem(summary, ArticleIndex(TEXT)) == expected


CLAIM_PROBLEMS: dict[str, tuple[dict[str, Any], str, str, str]] = {
    # the model's claim: the reason, the advice and the article text given as context
    "nothing supports it": (
        {"text": "Elephants migrate across savannas in the dry season."},
        "no sentence of the article supports it",
        "state only what the article says",
        "",
    ),
    "another number": (
        {"text": "Poland expelled 46 spies."},
        "the article gives 45, not 46",
        "use the article's own numbers",
        "Poland expelled 45 spies.",
    ),
    "the negation dropped": (
        {"text": "The alliance will send troops to Ukraine."},
        "the article says the opposite about 'send'",
        "keep the article's negation (not, never, no) as it is",
        "The alliance will not send troops to Ukraine.",
    ),
    "another listed source": (
        {"text": "NATO now has 40,000 troops under its leadership.", "source": "Poland"},
        "the article attributes it to Jens Stoltenberg, not to Poland",
        "give Jens Stoltenberg as its source",
        "Jens Stoltenberg said NATO now has 40,000 troops under its leadership.",
    ),
    "a source the article does not give": (
        {"text": "Poland expelled 45 spies.", "source": "Jens Stoltenberg"},
        "the article does not attribute it to Jens Stoltenberg",
        "give null as its source, or the one the article names",
        "Poland expelled 45 spies.",
    ),
}


@pytest.mark.parametrize("name", CLAIM_PROBLEMS)
def test_claim_problems_in_full(name: str) -> None:
    claim, reason, advice, context = CLAIM_PROBLEMS[name]
    result = ground(answer(actors=ACTORS, claims=[claim]), ArticleIndex(TEXT))
    label = f"claims[0] ({claim['text']!r})"
    assert result.claims == []
    assert result.problems == [Problem("claim", 0, label, reason, advice, context, claim["text"])]


def test_a_claim_its_source_said_keeps_the_source_and_the_sentence() -> None:
    claim = {"text": "NATO now has 40,000 troops under its leadership.", "source": "Stoltenberg"}
    result = ground(answer(actors=ACTORS, claims=[claim]), ArticleIndex(TEXT))
    assert [(c.text, speaker_index(c.source), evidence_of(c)) for c in result.claims] == [
        ("NATO now has 40,000 troops under its leadership.", 0, ((0, 70),))
    ]
    assert result.problems == []


# ------------------------------------------------------------ who a sentence's cues name

CUE_ACTORS = [
    actor("Ann Lee", "person", "gallery curator"),
    actor("Bob Ray", "person"),
    actor("USI", "organization"),
]
MET = "Bob Ray met Ann Lee.\n\n"
# (article, its sentence): the actors the sentence's cues name, and those its pronouns point
# back to (the people before it, last named first, up to three paragraphs back).
CUES: dict[str, tuple[str, str, list[str], list[str]]] = {
    "a pronoun before 'also,' points back": (
        MET + "He also, said more.",
        "He also, said more.",
        [],
        ["Ann Lee", "Bob Ray"],
    ),
    "a pronoun after other words points back": (
        MET + "Then he also said more.",
        "Then he also said more.",
        [],
        ["Ann Lee", "Bob Ray"],
    ),
    "a second cue after a pronoun's still names": (
        MET + "He said more and Ann Lee said so.",
        "He said more and Ann Lee said so.",
        ["Ann Lee"],
        ["Ann Lee", "Bob Ray"],
    ),
    "'according to' inside a sentence names who follows": (
        "It will pass according to Bob Ray.",
        "It will pass according to Bob Ray.",
        ["Bob Ray"],
        [],
    ),
    "a verb after its subject names no one after it": (
        "Ann Lee said Bob Ray would come.",
        "Ann Lee said Bob Ray would come.",
        ["Ann Lee"],
        [],
    ),
    "a verb opening the sentence names who follows": (
        "Said Ann Lee: prices rose.",
        "Said Ann Lee: prices rose.",
        ["Ann Lee"],
        [],
    ),
    "who follows an inverted verb stops at the sentence's end": (
        "Prices rose, said Ann Lee\nBob Ray left.",
        "Prices rose, said Ann Lee",
        ["Ann Lee"],
        [],
    ),
    "a pronoun reaches three paragraphs back": (
        "Bob Ray spoke.\n\nP1.\n\nP2.\n\nHe also said more.",
        "He also said more.",
        [],
        ["Bob Ray"],
    ),
    "not four": (
        "Bob Ray spoke.\n\nP1.\n\nP2.\n\nP3.\n\nHe also said more.",
        "He also said more.",
        [],
        [],
    ),
    "a person named only by role is not pointed back to": (
        "The gallery curator spoke. She also said more.",
        "She also said more.",
        [],
        [],
    ),
}


@pytest.mark.parametrize("name", CUES)
def test_sentence_cues(name: str) -> None:
    text, sentence, named, inherited = CUES[name]
    index = ArticleIndex(text)
    mentions = ActorMentions(CUE_ACTORS, index)
    speakers = Attributor(index, CUE_ACTORS, mentions, ActorResolver(CUE_ACTORS))
    grounder = ClaimGrounder(index, index.quotations, speakers, CUE_ACTORS, mentions)
    start = text.index(sentence)
    got_named, got_inherited, cue = grounder._cues(Segment(start, start + len(sentence)))
    names = [a.name for a in CUE_ACTORS]
    assert ([names[a] for a in got_named], [names[a] for a in got_inherited]) == (
        named,
        inherited,
    )
    assert cue


# (text): the words it negates and the content words it asserts, stemmed.
POLARITY: list[tuple[str, set[str], set[str]]] = [
    ("may or may not come", set(), {"come"}),  # the alternative opens the text
    ("or not they come", set(), {"come"}),
    ("not to the of agree", {"agree"}, set()),  # the fourth word after the negation
    ("not to the of it agree", set(), {"agree"}),  # the fifth is out of its reach
]


@pytest.mark.parametrize(("text", "negated", "asserted"), POLARITY)
def test_polarity_reach_and_alternatives(text: str, negated: set[str], asserted: set[str]) -> None:
    assert polarity(text) == (frozenset(negated), frozenset(asserted))


# Two claims say the same when the token F1 of their content words reaches SAME_CLAIM (0.8).
SAME: list[tuple[str, str, bool]] = [
    ("Poland expelled Russian spies.", "Poland expelled Russian spies.", True),
    (
        "Poland expelled Russian spies.",
        "Poland expelled Russian spies from its capital Warsaw.",
        True,
    ),
    (
        "Poland expelled Russian spies.",
        "Poland expelled Russian spies from its capital Warsaw in winter.",
        False,
    ),
    ("Poland expelled spies.", "NATO has troops.", False),
]


@pytest.mark.parametrize(("a", "b", "same"), SAME)
def test_says_the_same(a: str, b: str, same: bool) -> None:
    assert says_the_same(a, b) is same
