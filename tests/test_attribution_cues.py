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
