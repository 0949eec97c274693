"""Speaker rules of the extractive engine, row by row: each article with the exact span
and speaker of every quotation it holds."""

from __future__ import annotations

import pytest

from summarizer.extractive import extract
from summarizer.extractive.actors import ActorFinder
from summarizer.extractive.document import Document
from summarizer.extractive.quotes import QuoteFinder

VIGUERIE = "Mark Viguerie praised Cruz on Monday.\n\n"
CHANCE = "\u201cNot only can Ted Cruz win in November, he is the one with the best chance.\u201d"
UNITE = "He may be the only one because Trump does not unite the party"

# Each row: an article, then (start, end, speaker) of every quotation in it.
RULES = [
    # an adverb in -ly between the subject and its cue does not change who speaks
    (
        'Ohio Gov. John Kasich has also broadly called for "boots on the ground in the region."',
        [(51, 85, "John Kasich")],
    ),
    (
        '"We must act before the winter," Mayor Ann Lee angrily warned.',
        [(1, 31, "Ann Lee")],
    ),
    # ... and so does a time phrase, which leaves a lone surname next to the cue
    (
        'The vote is close.\n\nPriebus later Thursday told Fox News: "Both of them are meeting '
        'next week to talk."',
        [(59, 102, "Priebus")],
    ),
    (
        'The vote is close.\n\n"Both of them are meeting next week to talk," Priebus on '
        "Thursday told reporters.",
        [(21, 64, "Priebus")],
    ),
    (
        'The vote is close.\n\nPriebus last week told Fox News: "Both of them are meeting next '
        'week to talk."',
        [(54, 97, "Priebus")],
    ),
    # ... but a noun in -ly is the head of the source, not an adverb
    (
        '"Nothing was decided in the talks," the influential US daily wrote.',
        [(1, 34, "the influential US daily")],
    ),
    # verbs of temper frame a quotation like "said", before or after the source
    (
        "Sen. Pat Toomey spoke.\n\n\u201cThey would have gone to the only bill with "
        "support,\u201d Toomey fumed on Tuesday.",
        [(25, 76, "Pat Toomey")],
    ),
    (
        "\u201cWhat sport is he talking about, and who?\u201d reacted Donald Trump.",
        [(1, 41, "Donald Trump")],
    ),
    (
        "Ted Cruz, with unconcealed delight, chided Trump over the \u201cnatural born citizen "
        "clause\u201d on Monday.",
        [(59, 86, "Ted Cruz")],
    ),
    # a description with a long relative clause after it: the words before the clause
    (
        'Polls are close.\n\n"The campaign should have spent far more on ads," said a '
        "Democratic strategist who spoke on the condition of anonymity to speak candidly "
        "about the state of the race.",
        [(19, 66, "a Democratic strategist")],
    ),
    # ... whose head must still be a word for someone who speaks for a living or an office
    (
        'Polls are close.\n\n"The campaign should have spent far more on ads," said a man '
        "who was standing in the long line outside the hall on the last day of the fair.",
        [(19, 66, None)],
    ),
    # a person, an appositive set off by commas, then the verb: the person acts
    (
        "Corey Lewandowski, the fired campaign manager, ripped FBI Director James Comey for "
        "acting as \u201cthe judge and the jury\u201d in the case.",
        [(94, 116, "Corey Lewandowski")],
    ),
    (
        "Sen. Ann Lee spoke at the convention. Lee, who is Muslim, also decried the ban on "
        "\u201cpeople of his faith and his family.\u201d",
        [(83, 118, "Ann Lee")],
    ),
    (
        "Ann Lee, Donald Trump\u2019s former aide, dismissed the plan as \u201ca bridge to "
        "nowhere at all.\u201d",
        [(60, 87, "Ann Lee")],
    ),
    # ... an organisation in that place is no acting speaker
    (
        "Acme Corporation, the largest maker of bricks, ripped regulators for acting as "
        "\u201cthe judge and the jury of the market.\u201d",
        [(80, 117, None)],
    ),
    # a quotation after the sentence that attributed the one before it: that speaker goes
    # on, whatever names the earlier quotation holds
    (
        'Trade talks stalled.\n\n"The attacks came almost exclusively from Donald Trump," said '
        'a Mexican official who was not authorized to speak publicly. "This set off our fear '
        'about the campaign."',
        [(23, 77, "a Mexican official"), (146, 187, "a Mexican official")],
    ),
    # ... and with no speaker before, none is taken from the earlier quotation's words
    (
        'Trade talks stalled.\n\n"The attacks came almost exclusively from Donald Trump," the '
        'banner read. "This set off our fear about the campaign."',
        [(23, 77, None), (97, 138, None)],
    ),
    # a paragraph that is one quotation speaks with the voice the next paragraph's
    # quotation names
    (
        f"{VIGUERIE}{CHANCE}\n\n\u201c{UNITE},\u201d Viguerie noted.",
        [(40, 114, "Mark Viguerie"), (118, 180, "Mark Viguerie")],
    ),
    # ... not across a paragraph of narration
    (
        f"{VIGUERIE}{CHANCE}\n\nThe crowd cheered.\n\n\u201c{UNITE},\u201d Viguerie noted.",
        [(40, 114, None), (138, 200, "Mark Viguerie")],
    ),
    # ... nor when the next quotation does not open its paragraph
    (
        f"{VIGUERIE}{CHANCE}\n\nViguerie added that \u201c{UNITE.lower()}.\u201d",
        [(40, 114, None), (138, 200, "Mark Viguerie")],
    ),
    # ... nor for a quotation that has its own attribution
    (
        f"{VIGUERIE}{CHANCE[:-2]},\u201d the banner read.\n\n\u201c{UNITE},\u201d Viguerie noted.",
        [(40, 114, None), (135, 197, "Mark Viguerie")],
    ),
]


def quotations(text: str) -> list[tuple[int, int, str | None]]:
    doc = Document(text)
    return [(q.start, q.end, q.speaker) for q in QuoteFinder(doc, ActorFinder(doc).run()).run()]


@pytest.mark.parametrize(("text", "expected"), RULES)
def test_speaker_rule(text: str, expected: list[tuple[int, int, str | None]]) -> None:
    assert quotations(text) == expected


# A party member named by party alone is an unnamed speaker, kept as the article describes him.
UNNAMED = [
    (
        'Polls are close.\n\n"We would get rid of the excessive regulation," the Republican said.',
        "the Republican",
    ),
    (
        'Polls are close.\n\n"The campaign has been reluctant to jump in," one senior Democrat '
        "said.",
        "a senior Democrat",
    ),
    ('Polls are close.\n\n"We will get rid of the excessive regulation," the Senate said.', None),
]


@pytest.mark.parametrize(("text", "speaker"), UNNAMED)
def test_unnamed_party_member(text: str, speaker: str | None) -> None:
    assert [q.speaker for q in extract(text).quotes] == [speaker]
