"""The attributor's and the claim grounder's steps, one table each, with exact results.

Each row is a short article, the place asked about, and what the step returns:
who a pronoun cue's own sentence names first, who the narration before a
quotation has speaking, which actors a sentence's speech verbs name or point
back to, the evidence a claim gets, whether a source holds, and why a claim is
refused.
"""

from __future__ import annotations

import pytest
from fakes.items import actor, speaker_index

from summarizer.align import ArticleIndex
from summarizer.grounding import ActorResolver
from summarizer.grounding.actors import ActorMentions
from summarizer.grounding.claims import ClaimGrounder, Refusal
from summarizer.grounding.model import evidence_of
from summarizer.grounding.speakers import Attributor
from summarizer.schema import Claim
from summarizer.text import Segment

ACTORS = [
    actor("Ann Lee", "person"),
    actor("Bob Ray", "person"),
    actor("Cy Dunn", "person"),
    actor("NATO", "organization"),
    actor("Reuters", "organization"),
]
NAMES = [a.name for a in ACTORS]


def parts(text: str) -> tuple[ArticleIndex, Attributor, ClaimGrounder]:
    index = ArticleIndex(text)
    mentions = ActorMentions(ACTORS, index)
    speakers = Attributor(index, ACTORS, mentions, ActorResolver(ACTORS))
    claims = ClaimGrounder(index, index.quotations, speakers, ACTORS, mentions)
    return index, speakers, claims


def names(ids: list[int] | tuple[int, ...]) -> list[str]:
    return [NAMES[i] for i in ids]


def quotation_of(index: ArticleIndex, words: str):  # noqa: ANN201
    start = index.text.index(words)
    found = index.quotations.containing(start, start + len(words))
    assert found is not None, words
    return found


# ----------------------------------------------------------- _sentence_subject

SENTENCE_SUBJECT: list[tuple[str, str, list[str]]] = [
    # (article, the quotation's words, the person the pronoun cue's sentence names first)
    ('Ann Lee asked Bob Ray to stay, but he replied "I must go".', "I must go", ["Ann Lee"]),
    ('Later, after NATO met Bob Ray, he said "We agree".', "We agree", ["Bob Ray"]),
    ('He said "We agree". Ann Lee left.', "We agree", []),  # nobody before the pronoun
    ('"We agree," he said of Ann Lee.', "We agree", []),  # the cue follows the quotation
    ('Ann Lee said "We agree".', "We agree", []),  # a named cue, not a pronoun
    ('Talks with Bob Ray failed, and she said "No".', "No", []),  # after a preposition
]


@pytest.mark.parametrize(("text", "words", "expected"), SENTENCE_SUBJECT)
def test_sentence_subject(text: str, words: str, expected: list[str]) -> None:
    index, speakers, _ = parts(text)
    first = quotation_of(index, words)
    cue_start = first.cue.start if first.cue is not None else first.start
    assert names(speakers._sentence_subject(first, cue_start)) == expected


# -------------------------------------------------------------------- _narrated

NARRATED: list[tuple[str, str, list[str]]] = [
    # (article, the quotation's words, whom the last speech verb before it has speaking)
    ('Ann Lee, who met Bob Ray, said talks went well.\n\n"We agree."', "We agree.", ["Ann Lee"]),
    ('Bob Ray met Ann Lee. Ann Lee said it was late. "We go."', "We go.", ["Ann Lee"]),
    ('Ann Lee met Bob Ray, and he said it was late. "We go."', "We go.", []),  # a pronoun
    ('Ann Lee met Bob Ray, and he also said it was late. "We go."', "We go.", []),
    ('Bob Ray arrived. "We go."', "We go.", []),  # no speech verb
    ('NATO said it was late. "We go."', "We go.", []),  # an organisation is no person
    # too far back: two paragraphs before the quotation's
    ('Ann Lee said so.\n\nNothing.\n\nMore.\n\n"We go."', "We go.", []),
    # a verb inside other quoted words is no narration; the previous quotation bounds it
    ('Cy Dunn told them "Ann Lee said yes". "We go."', "We go.", []),
]


@pytest.mark.parametrize(("text", "words", "expected"), NARRATED)
def test_narrated(text: str, words: str, expected: list[str]) -> None:
    index, speakers, _ = parts(text)
    assert names(speakers._narrated(quotation_of(index, words))) == expected


# ------------------------------------------------------------------------ _cues

CUES: list[tuple[str, list[str], list[str], bool]] = [
    # (sentence, named by its speech verbs, pointed back to by a pronoun, any cue)
    ("Prices rose, Ann Lee said.", ["Ann Lee"], [], True),
    ("Prices rose, said Ann Lee.", ["Ann Lee"], [], True),  # inverted after a comma
    ("Ann Lee also said prices rose.", ["Ann Lee"], [], True),
    ("Bob Ray met Ann Lee, who said prices rose.", ["Ann Lee", "Bob Ray"], [], True),
    ("According to Reuters, prices rose.", ["Reuters"], [], True),
    ("According to Reuters, prices rose as Bob Ray left.", ["Reuters"], [], True),
    ("Prices rose.", [], [], False),
]
CUE_CONTEXT = "Cy Dunn and NATO met Bob Ray.\n\n"


@pytest.mark.parametrize(("sentence", "named", "inherited", "cue"), CUES)
def test_cues(sentence: str, named: list[str], inherited: list[str], cue: bool) -> None:
    text = CUE_CONTEXT + sentence
    _, _, claims = parts(text)
    start = text.index(sentence)
    got = claims._cues(Segment(start, start + len(sentence)))
    assert (names(got[0]), names(got[1]), got[2]) == (named, inherited, cue)


def test_a_pronoun_cue_points_back_to_the_people_named_before_it_last_first() -> None:
    sentence = "He also said prices rose."
    text = CUE_CONTEXT + sentence
    _, _, claims = parts(text)
    start = text.index(sentence)
    named, inherited, cue = claims._cues(Segment(start, start + len(sentence)))
    assert (named, names(inherited), cue) == ([], ["Bob Ray", "Cy Dunn"], True)


def test_a_pronoun_cue_looks_back_three_paragraphs_only() -> None:
    sentence = "He said prices rose."
    text = "Ann Lee arrived.\n\nOne.\n\nTwo.\n\nThree.\n\nBob Ray came.\n\n" + sentence
    _, _, claims = parts(text)
    start = text.index(sentence)
    _, inherited, _ = claims._cues(Segment(start, start + len(sentence)))
    assert names(inherited) == ["Bob Ray"]


# -------------------------------------------------------------------- evidence

EVIDENCE_TEXT = (
    "NATO met in Brussels on Monday.\n\n"
    "The leaders agreed to send more troops east.\n\n"
    "They will send 40,000 troops, Bob Ray said.\n\n"
    "Reuters counted 12 ships in the port.\n\n"
    "Later the troops arrived in Latvia and Estonia.\n\n"
    "Far away, 40,000 fans watched a match."
)
EVIDENCE: list[tuple[str, tuple[int, int] | None, list[str]]] = [
    # (claim, a sentence that must be evidence, the evidence sentences)
    (
        "The leaders agreed to send more troops east.",
        None,
        ["The leaders agreed to send more troops east."],
    ),
    # the number stands in a neighbouring sentence (within two): it joins the evidence
    (
        "The leaders agreed to send 40,000 more troops east.",
        None,
        [
            "The leaders agreed to send more troops east.",
            "They will send 40,000 troops, Bob Ray said.",
        ],
    ),
    # the sentence the claim comes from is kept first
    (
        "NATO will send 40,000 troops.",
        (EVIDENCE_TEXT.index("They will"), EVIDENCE_TEXT.index("Bob Ray said.") + 13),
        ["They will send 40,000 troops, Bob Ray said."],
    ),
    # a number counting another thing does not join ("12 ships" for 12 troops)
    (
        "Later 12 troops arrived in Latvia and Estonia.",
        None,
        ["Later the troops arrived in Latvia and Estonia."],
    ),
    # the troops' 40,000 two sentences back joins; the fans' 40,000 next to it does not
    (
        "Later 40,000 troops arrived in Latvia and Estonia.",
        None,
        [
            "They will send 40,000 troops, Bob Ray said.",
            "Later the troops arrived in Latvia and Estonia.",
        ],
    ),
]


@pytest.mark.parametrize(("claim", "sentence", "expected"), EVIDENCE)
def test_evidence(claim: str, sentence: tuple[int, int] | None, expected: list[str]) -> None:
    index, _, claims = parts(EVIDENCE_TEXT)
    found, _ = claims.evidence(claim, sentence)
    assert [index.text[s.start : s.end] for s in found] == expected


def test_evidence_stops_at_three_sentences() -> None:
    text = "\n\n".join(
        [
            "Ann Lee said 10 people came.",
            "Bob Ray said 20 people left.",
            "Cy Dunn said 30 people stayed.",
            "NATO said 40 people slept.",
        ]
    )
    index, _, claims = parts(text)
    found, _ = claims.evidence("Ann Lee said 10, 20, 30 and 40 people came.")
    assert len(found) == 3


# ------------------------------------------------------------------- source_ok

SOURCE_TEXT = (
    "NATO met Bob Ray on Monday.\n\n"
    '"We will send troops," Ann Lee said.\n\n'
    "He said the talks went well.\n\n"
    "According to Reuters, the talks failed.\n\n"
    "The talks ended at noon, it was announced.\n\n"
    "Cy Dunn waited in Riga."
)
SOURCES: list[tuple[str, int, bool, str]] = [
    # (evidence sentence, source, holds, the actor the article gives instead)
    ('"We will send troops," Ann Lee said.', 0, True, ""),  # named by its quotation's cue
    ('"We will send troops," Ann Lee said.', 1, False, "Ann Lee"),
    ("He said the talks went well.", 1, True, ""),  # the pronoun points back to him
    ("According to Reuters, the talks failed.", 4, True, ""),
    ("According to Reuters, the talks failed.", 3, False, "Reuters"),
    ("NATO met Bob Ray on Monday.", 3, True, ""),  # no cue: the source acts in it
    ("The talks ended at noon, it was announced.", 2, True, ""),  # a cue naming no one, near
    ("The talks ended at noon, it was announced.", 4, True, ""),  # Reuters is near too
    ("Cy Dunn waited in Riga.", 1, False, ""),  # no cue, not named
]


@pytest.mark.parametrize(("sentence", "source", "holds", "gives"), SOURCES)
def test_source_ok(sentence: str, source: int, holds: bool, gives: str) -> None:
    index, _, claims = parts(SOURCE_TEXT)
    start = SOURCE_TEXT.index(sentence)
    check = claims.source_ok(source, [Segment(start, start + len(sentence))])
    assert (check.ok, check.article_gives) == (holds, gives)


def test_a_cue_naming_no_one_needs_the_source_nearby() -> None:
    text = "Cy Dunn waited.\n\n" + "\n\n".join(["Filler."] * 6) + "\n\nIt was announced today."
    _, _, claims = parts(text)
    start = text.index("It was announced")
    evidence = [Segment(start, len(text))]
    assert claims.source_ok(2, evidence).ok is False
    assert claims.source_ok(2, []).ok is False


# ---------------------------------------------------------------------- _check

CHECK_TEXT = (
    "NATO will not send troops to Ukraine, Bob Ray said.\n\n"
    "Poland expelled 45 spies on Wednesday.\n\n"
    "Ann Lee met Cy Dunn."
)
CHECKS: list[tuple[str, int | None, str | None]] = [
    # (claim, source, the refusal's reason or None when it holds)
    ("NATO will not send troops to Ukraine.", 1, None),
    ("NATO will not send troops to Ukraine.", None, None),
    ("NATO will send troops to Ukraine.", None, "the article says the opposite about 'send'"),
    ("Poland expelled 12 spies on Wednesday.", None, "the article gives 45, not 12"),
    ("NATO will not send 300 troops.", None, "the article does not give 300 here"),
    ("Bananas grow in tropical climates.", None, "no sentence of the article supports it"),
    (
        "NATO will not send troops to Ukraine.",
        0,
        "the article attributes it to Bob Ray, not to Ann Lee",
    ),
    ("Poland expelled 45 spies on Wednesday.", 2, "the article does not attribute it to Cy Dunn"),
]


@pytest.mark.parametrize(("claim", "source", "reason"), CHECKS)
def test_check(claim: str, source: int | None, reason: str | None) -> None:
    _, _, claims = parts(CHECK_TEXT)
    result = claims._check(claim, source, None, claims.evidence(claim))
    if reason is None:
        assert isinstance(result, Claim)
        assert (result.text, speaker_index(result.source)) == (claim, source)
    else:
        assert isinstance(result, Refusal) and result.reason == reason
        assert result.about_source is reason.startswith("the article attributes") or (
            reason.startswith("the article does not attribute")
        )
        assert result.context or reason == "no sentence of the article supports it"


def test_a_kept_claim_has_its_words_on_one_line_and_its_evidence() -> None:
    _, _, claims = parts(CHECK_TEXT)
    claim = "Poland  expelled\n45 spies."
    result = claims._check(claim, None, "an official", claims.evidence(claim))
    assert isinstance(result, Claim)
    assert result.text == "Poland expelled 45 spies."
    assert [CHECK_TEXT[a:b] for a, b in evidence_of(result)] == [
        "Poland expelled 45 spies on Wednesday."
    ]


def test_a_refused_source_names_the_models_own_name_for_it() -> None:
    _, _, claims = parts(CHECK_TEXT)
    claim = "NATO will not send troops to Ukraine."
    result = claims._check(claim, 0, "Annie", claims.evidence(claim))
    assert isinstance(result, Refusal)
    assert result.reason == "the article attributes it to Bob Ray, not to Annie"
    assert result.advice == "give Bob Ray as its source"


def test_a_number_joins_from_two_sentences_away_at_most() -> None:
    far = "\n\n".join(
        [
            "The count was 300.",
            "The harbour was busy.",
            "Gulls flew over it.",
            "Fishermen sold their catch at the harbour market.",
        ]
    )
    claim = "Fishermen sold their catch at the harbour market, 300 in all."
    for text, joined in (
        (far, False),
        (far.replace("Gulls flew over it.", "The count was 300."), True),
    ):
        index, _, claims = parts(text)
        found, _ = claims.evidence(claim)
        assert [index.text[s.start : s.end] for s in found] == (
            ["The count was 300."] if joined else []
        ) + ["Fishermen sold their catch at the harbour market."]
