"""Attribution cues next to a quotation: where the cue starts and which words name the speaker."""

from __future__ import annotations

import pytest

from summarizer.attribution import cue_after, glued_cues
from summarizer.quotations import find_quotations
from summarizer.text import Segment

# (text, offset right after the closing mark, (cue start, subject start, subject end) or None)
AFTER: list[tuple[str, int, tuple[int, int, int] | None]] = [
    # a title and a description of lower- and upper-case words in front of the name
    ('"We won," former Florida governor Jeb Bush said.', 9, (10, 10, 42)),
    ('"We won," super PAC spokeswoman Kay Cole said.', 9, (10, 10, 40)),
    ('"We won," Fight for $15 organizing director Ken Fells told Fox.', 9, (10, 10, 53)),
    ('"We won," chief executive Lowell McAdam said at a conference.', 9, (10, 10, 39)),
    # a clause word before the name: no title, the words do not attribute
    ('"We won," as we heard Jeb Bush said.', 9, None),
    ('"We won," when voters met Jeb Bush said.', 9, None),
    # a description with the name it stands for set off after it
    ('"We need him," his wife, Ana Maria Lazar, wrote in a letter.', 14, (15, 15, 40)),
    ('"We won," the campaign\'s manager, Jeff Weaver, said.', 9, (10, 10, 45)),
    # a description too long for a title, but no name set off after it either
    ('"We won," the man who ran it, said.', 9, None),
    # speech verbs of every kind
    ('"We won," Jeb Bush proclaimed.', 9, (10, 10, 18)),
    ('"We won," Jeb Bush lamented.', 9, (10, 10, 18)),
    ('"We won," retorted Jeb Bush.', 9, (10, 19, 28)),
    ('"We won," Jeb Bush interjected.', 9, (10, 10, 18)),
    ('"We won," mused Jeb Bush.', 9, (10, 16, 25)),
    ('"We won," Jeb Bush remembered.', 9, (10, 10, 18)),
    ('"We won," Jeb Bush vowed.', 9, (10, 10, 18)),
    ('"We won," Jeb Bush ate.', 9, None),
]


@pytest.mark.parametrize(("text", "end", "expected"), AFTER)
def test_cue_after_a_quotation(text: str, end: int, expected: tuple[int, int, int] | None) -> None:
    cue = cue_after(text, end)
    got = (cue.start, *cue.subject) if cue is not None else None
    assert got == expected


# (text, cues glued to the words before them: (where the quote ends, subject words))
GLUED: list[tuple[str, list[tuple[int, str]]]] = [
    (
        "We have seen other atrocitiesPolish Interior Minister Jan Kowalski announced today.",
        [(29, "Polish Interior Minister Jan Kowalski")],
    ),
    # a surname written with a capital inside it is no word glued to a name
    ("The figures were bad, chief executive Lowell McAdam said today.", []),
    ("The figures were bad, Governor Ron DeSantis said today.", []),
    ("The figures were bad, general Douglas MacArthur said today.", []),
    ("The figures were bad, Ray LaHood said today.", []),
]


@pytest.mark.parametrize(("text", "expected"), GLUED)
def test_glued_names_and_surname_prefixes(text: str, expected: list[tuple[int, str]]) -> None:
    found = glued_cues(text, Segment(0, len(text)))
    got = [(end, text[cue.subject[0] : cue.subject[1]]) for end, cue in found]
    assert got == expected


# (text, [(quoted words, (cue start, cue end), subject words or None)]): a cue closing the
# quotation's sentence, when nothing attributes it next to its marks.
CLOSING: list[tuple[str, list[tuple[str, tuple[int, int] | None, str | None]]]] = [
    (
        '"Boots on the ground" would be right, Republican candidate Ben Carson said after it.',
        [("Boots on the ground", (37, 74), "Republican candidate Ben Carson")],
    ),
    (
        'Clinton "drew well from workers" in 2008, said Ohio State professor Paul Beck.',
        [("drew well from workers", (41, 77), "Ohio State professor Paul Beck")],
    ),
    (
        'The FBI made a "mistake" in the check, Comey has said.',
        [("mistake", (38, 53), "Comey")],
    ),
    (
        'The FBI made a "mistake" in the check, Comey said on Monday.',
        [("mistake", (38, 49), "Comey")],
    ),
    # a cue with a clause of its own states something else
    (
        'The FBI made a "mistake" in the check, Comey said that it was over.',
        [("mistake", None, None)],
    ),
    # a sentence in between: no longer the quotation's
    ('The FBI made a "mistake" in it. Later, Comey said on Monday.', [("mistake", None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), CLOSING)
def test_a_cue_closing_the_quotations_sentence(
    text: str, expected: list[tuple[str, tuple[int, int] | None, str | None]]
) -> None:
    got = []
    for q in find_quotations(text).regions:
        cue = q.cue
        span = (cue.start, cue.end) if cue is not None else None
        subject = text[cue.subject[0] : cue.subject[1]] if cue is not None else None
        got.append((text[q.start : q.end], span, subject))
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We won," Ann Lee has said in speeches.', (10, 26, 10, 17)),
        ('"We won," Ann Lee had told them.', (10, 26, 10, 17)),
        ('"We won," Ann Lee has won.', None),
    ],
)
def test_a_perfect_tense_cue_after_the_quotation(
    text: str, expected: tuple[int, int, int, int] | None
) -> None:
    cue = cue_after(text, 9)
    assert ((cue.start, cue.end, *cue.subject) if cue is not None else None) == expected


# (text, [(quoted words, kind, (cue start, cue end, subject words) or None)])
BEFORE: list[tuple[str, list[tuple[str, str, tuple[int, int, str] | None]]]] = [
    # "according to" may open the sentence: the speaker follows it
    (
        'According to the Daily Caller, "Labott also coordinated with Reines."',
        [("Labott also coordinated with Reines.", "marks", (0, 30, "the Daily Caller,"))],
    ),
    (
        'In the words of Ann Lee, "we act now."',
        [("we act now.", "marks", (0, 24, "Ann Lee,"))],
    ),
    # another capitalised cue opening the sentence is no cue before
    ('Said the man, "we act now."', [("we act now.", "marks", None)]),
    # a colon closes a clause without a speech verb: its last part opening with a name
    (
        "When Wallace died in 1998, President Clinton released the following statement:\n\n"
        '"Hillary and I offer our condolences."',
        [
            (
                "Hillary and I offer our condolences.",
                "marks",
                (0, 78, "President Clinton"),
            )
        ],
    ),
    (
        'Surveying the town, Williamson concludes: "It is all gone."',
        [("It is all gone.", "marks", (0, 41, "Williamson"))],
    ),
    (
        'Senate Leader Mitch Lee, R-Ky., delivered a blunt message to Trump: "Stop it."',
        [("Stop it.", "marks", (0, 67, "Senate Leader Mitch Lee"))],
    ),
    (
        'The Clinton Foundation describes itself in the following way: "We work."',
        [
            (
                "We work.",
                "marks",
                (0, 61, "The Clinton Foundation"),
            )
        ],
    ),
    # a capital that only opens the sentence names no one
    (
        'Intro.\n\nHere are the figures:\n\n"Ten rooms" is what it said.',
        [("Ten rooms", "marks", None)],
    ),
    ('The figures are bad: "ten rooms are empty."', [("ten rooms are empty.", "marks", None)]),
    # verbs that describe, label or judge in the speaker's words
    (
        'On the stump, Weld describes the party as "a six-lane highway up the middle."',
        [("a six-lane highway up the middle.", "marks", (0, 41, "On the stump, Weld"))],
    ),
    (
        'Ann Lee admits her choice is "not the most handsome man in the field."',
        [("not the most handsome man in the field.", "marks", (0, 28, "Ann Lee"))],
    ),
    # the pronoun that opens a reported clause is the reporter: the cue is the reporter's
    (
        "On the claim, Ann Lee said he argued that \u201cthis is how the war ends.\u201d",
        [("this is how the war ends.", "marks", (0, 41, "On the claim, Ann Lee"))],
    ),
    (
        'Chairman Reince Priebus tweeted Tuesday night he considered Trump the "presumptive '
        'nominee."',
        [("presumptive nominee.", "marks", (0, 69, "Chairman Reince Priebus"))],
    ),
    # ... but not past a relative pronoun, nor when the reporter is a pronoun too
    (
        'Ann Lee met Bob Ray, who said he considered it "a disaster for the town."',
        [("a disaster for the town.", "marks", (0, 46, "Ann Lee met Bob Ray, who said he"))],
    ),
    (
        'He said he considered it "a disaster for the town."',
        [("a disaster for the town.", "marks", (0, 24, "He"))],
    ),
    # the subject of a passive verb is what is spoken of, not who speaks
    (
        'The hacker was branded "a menace to the whole party" in the spring.',
        [("a menace to the whole party", "marks", None)],
    ),
    (
        'The hacker was told "to stay away from the party" in the spring.',
        [("to stay away from the party", "marks", None)],
    ),
    # a list of examples is quoted from elsewhere
    (
        'The Guardian cited long questions, including: "Were you ever a victim?"',
        [("Were you ever a victim?", "marks", None)],
    ),
    # two quotations joined by "and" share the cue after the second
    (
        'Guns are "a public health crisis" and "stunt growth," Ann Lee proclaimed.',
        [
            ("a public health crisis", "marks", (54, 72, "Ann Lee")),
            ("stunt growth,", "marks", (54, 72, "Ann Lee")),
        ],
    ),
    (
        'Guns are "a crisis" and a "stunt to growth," Ann Lee said.',
        [("a crisis", "marks", None), ("stunt to growth,", "marks", (45, 57, "Ann Lee"))],
    ),
    # a straight opening mark closed by a curly one is a quotation, not lost marks
    (
        'Sanders compared himself to Clinton, saying, "I take no fees.\u201d',
        [("I take no fees.", "marks", (0, 44, "Sanders compared himself to Clinton,"))],
    ),
    # a curly closing mark alone ends a passage whose opening mark was lost
    (
        "We will not give up the fight. \u201d",
        [("We will not give up the fight.", "run-in", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), BEFORE)
def test_cues_before_a_quotation(
    text: str, expected: list[tuple[str, str, tuple[int, int, str] | None]]
) -> None:
    got = []
    for q in find_quotations(text).regions:
        cue = q.cue
        seen = (cue.start, cue.end, text[cue.subject[0] : cue.subject[1]]) if cue else None
        got.append((text[q.start : q.end], q.kind, seen))
    assert got == expected
