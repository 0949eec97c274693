"""Quotation regions and their attributions, one row per way articles quote people."""

from __future__ import annotations

import pytest

from summarizer.quotations import find_quotations

# (article text, [(quoted words, kind, the words naming the speaker or None, pronoun)]);
# rows sharing a group are listed with the same group number (1, 2, ... in text order).
Row = tuple[str, list[tuple[str, str, int, str | None, bool]]]

ROWS: dict[str, Row] = {
    "straight marks, cue before": (
        'He said, "We will win." Then he left.',
        [("We will win.", "marks", 1, "He", True)],
    ),
    "curly marks interrupted by their attribution are one quotation": (
        "\u201cWe came,\u201d she said, \u201cand we stayed.\u201d",
        [("We came,", "marks", 1, "she", True), ("and we stayed.", "marks", 1, "she", True)],
    ),
    "guillemets": (
        "Le ministre a dit: \u00ab Nous partirons demain. \u00bb",
        [("Nous partirons demain.", "marks", 1, None, False)],
    ),
    "low-high German marks": (
        "Sie sagte: \u201eWir bleiben hier.\u201c Dann ging sie.",
        [("Wir bleiben hier.", "marks", 1, None, False)],
    ),
    "apostrophes are not marks; a single-quoted scare quote is": (
        "Trump\u2019s aides called it a \u2018pivot\u2019 to Asia, and it's not the "
        "players\u2019 union.",
        [("pivot", "marks", 1, "Trump\u2019s aides", False)],
    ),
    "nested single quotes inside a double quotation": (
        '"I think people say \u2018what a mess\u2019," Obama told a meeting.',
        [
            ("I think people say \u2018what a mess\u2019,", "marks", 1, "Obama", False),
            ("what a mess", "marks", 2, '"I think people', False),
        ],
    ),
    "a paragraph reopening with a mark continues the quotation": (
        'She said: "First paragraph ends here.\n\n"Second paragraph closes it," she added.',
        [
            ("First paragraph ends here.", "marks", 1, "she", True),
            ("Second paragraph closes it,", "marks", 1, "she", True),
        ],
    ),
    "a paragraph closing a mark opened above continues the quotation": (
        'He said, "In the first half it felt good.\n\n'
        'We could have scored more." After the match, Smith spoke.',
        [
            ("In the first half it felt good.", "marks", 1, "He", True),
            ("We could have scored more.", "marks", 1, "He", True),
        ],
    ),
    "an unclosed quotation ends with its paragraph": (
        'Gregoire said, "The museum worked hard.\n\nIn 2008, Endeavour waited. Image: NASA.',
        [("The museum worked hard.", "marks", 1, "Gregoire", False)],
    ),
    "TeX-style opening marks and a dash attribution": (
        '`` I say brains is the greater producer. " \u2014 Peres, on oil.',
        [("I say brains is the greater producer.", "marks", 1, "Peres", False)],
    ),
    "interview turns run to the next label": (
        "Wikinews: How are you?\n\nJohnSmith: Fine, thanks.\n\nI mean it.\n\n"
        "Wikinews: Good.\n\nJohnSmith: Bye.",
        [
            ("How are you?", "turn", 1, "Wikinews", False),
            ("Fine, thanks.", "turn", 2, "JohnSmith", False),
            ("I mean it.", "turn", 2, "JohnSmith", False),
            ("Good.", "turn", 3, "Wikinews", False),
            ("Bye.", "turn", 4, "JohnSmith", False),
        ],
    ),
    "photo credits are not interview labels": ("Photo: AP\n\nText here.\n\nPhoto: Reuters", []),
    "a lone closing guillemet and 'A quote from X'": (
        "Today, I can report progress. \u00bb\n\n"
        "A quote from Antony Blinken, United States Secretary of State.",
        [
            (
                "Today, I can report progress.",
                "run-in",
                1,
                "Antony Blinken, United States Secretary of State.",
                False,
            )
        ],
    ),
    "a pronoun glued to the quoted words": (
        "We have seen credible reports of atrocitieshe added, specifying nothing.",
        [("We have seen credible reports of atrocities", "run-in", 1, "he", True)],
    ),
    "'she' glued to a word reads as the longer quote": (
        "Our network works in our countryshe said on Twitter.",
        [("Our network works in our countrys", "run-in", 1, "he", True)],
    ),
    "a speech verb glued to the quoted words": (
        "The espionage charges are unfoundedsaid the Russian ambassador, mentioning retaliation.",
        [("The espionage charges are unfounded", "run-in", 1, "the Russian ambassador", False)],
    ),
    "an appositive name after a glued verb": (
        "No member may expel another countrysaid a spokesman, Wang Wenbin.",
        [("No member may expel another country", "run-in", 1, "a spokesman, Wang Wenbin.", False)],
    ),
    "a name glued to the quoted words": (
        "Poland expelled 45 spies posing as diplomatsPolish Interior Minister Mariusz Kaminski "
        "announced on Wednesday.",
        [
            (
                "Poland expelled 45 spies posing as diplomats",
                "run-in",
                1,
                "Polish Interior Minister Mariusz Kaminski",
                False,
            )
        ],
    ),
    "a pronoun glued after the full stop": (
        "And it can be used in accordance with our doctrine.he said.",
        [("And it can be used in accordance with our doctrine.", "run-in", 1, "he", True)],
    ),
    "a comma attribution and the lone mark after it are one quotation": (
        "We are determined to support Ukraine, assured the Secretary General. "
        "But NATO will not send troops. \u00bb",
        [
            ("We are determined to support Ukraine", "run-in", 1, "the Secretary General", False),
            ("But NATO will not send troops.", "run-in", 1, "the Secretary General", False),
        ],
    ),
    "a comma attribution counts only in text without paired marks": (
        'Sanctions are on the table, Sullivan said. He added: "Nothing else."',
        [("Nothing else.", "marks", 1, "He", True)],
    ),
    "two sentences of one speaker": (
        '"It is late," Allton said. "We should go."',
        [
            ("It is late,", "marks", 1, "Allton", False),
            ("We should go.", "marks", 1, "Allton", False),
        ],
    ),
    "a second speaker starts a new quotation": (
        '"Biden is weak," Smith said. Jones said "Trump is weak."',
        [
            ("Biden is weak,", "marks", 1, "Smith", False),
            ("Trump is weak.", "marks", 2, "Jones", False),
        ],
    ),
    "a quotation that ends its sentence takes the cue before it": (
        'Smith said: "We are done." Critics said the plan failed.',
        [("We are done.", "marks", 1, "Smith", False)],
    ),
    "a speech verb inside other quoted words is no cue": (
        'Solomon told Sky News any process "must be well thought out": "Moves are welcome."',
        [
            ("must be well thought out", "marks", 1, "Solomon", False),
            ("Moves are welcome.", "marks", 2, "Solomon", False),
        ],
    ),
    "a name and a description between commas before the verb": (
        "\u201cIt is a good day,\u201d Jane Roe, a teacher, told reporters.",
        [("It is a good day,", "marks", 1, "Jane Roe", False)],
    ),
    "a description with commas of its own": (
        "\u201cSteps,\u201d Anne Richards, assistant secretary for refugees, and migration, said.",
        [("Steps,", "marks", 1, "Anne Richards", False)],
    ),
    "a title, an organisation and a role before the name": (
        "\u201cThat is fine,\u201d Sanders campaign manager Jeff Weaver said.",
        [("That is fine,", "marks", 1, "Sanders campaign manager Jeff Weaver", False)],
    ),
    "a party and state in brackets after the name": (
        "\u201cIt is fine,\u201d Rep. Jim McDermott (D-Wash.) said.",
        [("It is fine,", "marks", 1, "Rep. Jim McDermott", False)],
    ),
    "present tense and two-word speech verbs": (
        "\u201cNot one,\u201d Bozell answers.\n\n\u201cFree stuff,\u201d Bennett shot back.",
        [("Not one,", "marks", 1, "Bozell", False), ("Free stuff,", "marks", 2, "Bennett", False)],
    ),
    "a paragraph ending with a colon introduces the quotation after it": (
        'Intro.\n\nBreitbart News responded:\n\n"If there are people here, fine."\n\nNext.',
        [("If there are people here, fine.", "marks", 1, "Breitbart News", False)],
    ),
    "a paragraph ending with a colon but no speech verb names no one": (
        'Intro.\n\nHere are the figures:\n\n"Ten rooms" is what the sign said.',
        [("Ten rooms", "marks", 1, None, False)],
    ),
    "a title's abbreviation inside the description after the verb": (
        '"We did it," said former Pennsylvania Gov. and party Chairman Ed Rendell. "Next."',
        [
            (
                "We did it,",
                "marks",
                1,
                "former Pennsylvania Gov. and party Chairman Ed Rendell",
                False,
            ),
            ("Next.", "marks", 1, "former Pennsylvania Gov. and party Chairman Ed Rendell", False),
        ],
    ),
    "lower-case words before the name after the verb": (
        '"Forget it," said retired neurosurgeon Ben Carson, asked about it.',
        [("Forget it,", "marks", 1, "retired neurosurgeon Ben Carson", False)],
    ),
    "a dash credit in the paragraph after the quotation": (
        'Intro.\n\n"Boeing and GE pay zero taxes."\n\n- Sanders.\n\nThis is complex.',
        [("Boeing and GE pay zero taxes.", "marks", 1, "Sanders", False)],
    ),
    "a long paragraph after a dash is no credit": (
        'Intro.\n\n"Boeing."\n\n- and then a lot more text follows here, which credits no one.',
        [("Boeing.", "marks", 1, None, False)],
    ),
    "a comma cue closing the quotation's sentence": (
        '"Thank you all" for the victory, Sanders said. He left.',
        [("Thank you all", "marks", 1, "Sanders", False)],
    ),
    "a comma cue after the sentence ends is not the quotation's": (
        '"Boots on the ground" would be right. Later, Carson said.',
        [("Boots on the ground", "marks", 1, None, False)],
    ),
    "a comma cue belongs to the last quotation of its sentence": (
        '"A" and "B" are letters, he said.',
        [("A", "marks", 1, None, False), ("B", "marks", 2, "he", True)],
    ),
    "a literal leading ellipsis stays inside": (
        'Rathbun asserted that officials, "... plied the detective with food."',
        [("... plied the detective with food.", "marks", 1, "Rathbun", False)],
    ),
}


@pytest.mark.parametrize("name", ROWS)
def test_quotation_regions_and_cues(name: str) -> None:
    text, expected = ROWS[name]
    found = find_quotations(text).regions
    groups: dict[int, int] = {}
    got = []
    for region in found:
        number = groups.setdefault(region.group, len(groups) + 1)
        cue = region.cue
        subject = text[cue.subject[0] : cue.subject[1]] if cue else None
        got.append(
            (
                text[region.start : region.end],
                region.kind,
                number,
                subject,
                bool(cue and cue.pronoun),
            )
        )
    assert got == expected


def test_regions_pin_their_offsets_and_look_up_the_outermost() -> None:
    text = '"I think people say \u2018what a mess\u2019," Obama told a meeting.'
    quotations = find_quotations(text)
    assert [(q.start, q.end) for q in quotations.regions] == [(1, 34), (21, 32)]
    outer = quotations.containing(21, 32)
    assert outer is not None and (outer.start, outer.end) == (1, 34)
    assert quotations.containing(0, 5) is None  # the opening mark is not quoted
    assert quotations.containing(30, 36) is None  # runs past the closing mark
    assert [(q.start, q.end) for q in quotations.overlapping(33, 40)] == [(1, 34)]
    assert quotations.overlapping(34, 40) == []
    (part,) = quotations.group(quotations.regions[1].group)
    assert (part.start, part.end) == (21, 32)


def test_pathological_marks_stay_fast_and_bounded() -> None:
    text = 'He said "' * 2000
    regions = find_quotations(text).regions
    assert all(0 <= q.start < q.end <= len(text) for q in regions)


def test_a_turn_continues_to_the_next_label_and_a_few_paragraphs_past_the_last() -> None:
    narration = [f"Paragraph {i} of the report that follows the interview." for i in range(5)]
    text = "\n\n".join(
        ["Bob Ray: Why?", "Ann Lee: First answer.", "It goes on here."]
        + ["Bob Ray: A question?", "Ann Lee: No."]
        + narration
    )
    turns = [text[q.start : q.end] for q in find_quotations(text).regions if q.kind == "turn"]
    assert turns == [
        "Why?",
        "First answer.",
        "It goes on here.",
        "A question?",
        "No.",
        *narration[:3],
    ]


@pytest.mark.parametrize(
    ("text", "lost"),
    [
        ("We have seen other atrocitieshe added, specifying more.", True),
        ("Today, I can report it. \u00bb\n\nA quote from Antony Blinken.", True),
        ('He said, "We will win." Then he left.', False),
        ("Sanctions are on the table, Sullivan said.", False),
    ],
)
def test_the_map_says_when_a_text_lost_its_marks(text: str, lost: bool) -> None:
    assert find_quotations(text).lost_marks is lost
