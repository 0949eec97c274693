"""Where the speaker rules look: paragraphs, sentences and windows by exact offsets, and the
small word rules a speaker check is made of, one table each."""

from __future__ import annotations

import pytest
from fakes.attribution import Seen, attributor
from fakes.attribution import attributions as attribution_rows
from fakes.items import actor

from summarizer.align import ArticleIndex
from summarizer.grounding.speakers import SpeakerCheck, _in_words, _pronoun_before

# Ten paragraphs of two sentences: paragraph k runs from 33k to 33k + 31, its sentences
# start at 33k and 33k + 16.
PARAGRAPHS = "\n\n".join(f"P{k} spoke first. P{k} spoke again." for k in range(10))


PARAGRAPH_OF: list[tuple[int, int]] = [
    (0, 0),
    (30, 0),
    (32, 0),  # the blank line after a paragraph belongs to it
    (33, 1),
    (34, 1),
    (165, 5),
    (296, 8),
    (297, 9),
    (len(PARAGRAPHS), 9),
]


@pytest.mark.parametrize(("pos", "paragraph"), PARAGRAPH_OF)
def test_paragraph_of(pos: int, paragraph: int) -> None:
    assert attributor(PARAGRAPHS).paragraph_of(pos) == paragraph


# The start of the sentence holding offset pos - 1.
SENTENCE_START: list[tuple[int, int]] = [
    (0, 0),
    (1, 0),
    (16, 0),
    (17, 16),
    (33, 16),
    (34, 33),
    (50, 49),
    (165, 148),
    (166, 165),
    (len(PARAGRAPHS), 313),
]


@pytest.mark.parametrize(("pos", "start"), SENTENCE_START)
def test_sentence_start(pos: int, start: int) -> None:
    assert attributor(PARAGRAPHS).sentence_start(pos) == start


# The paragraph of start with four before it, to the paragraph of end with three after.
WINDOWS: list[tuple[tuple[int, int], tuple[int, int]]] = [
    ((165, 196), (33, 295)),
    ((0, 10), (0, 130)),
    ((165, 240), (33, 328)),
    ((300, 328), (165, 328)),
]


@pytest.mark.parametrize(("span", "window"), WINDOWS)
def test_window(span: tuple[int, int], window: tuple[int, int]) -> None:
    assert attributor(PARAGRAPHS).window(*span) == window


def test_a_text_without_paragraphs_is_one_window() -> None:
    assert attributor("").window(0, 0) == (0, 0)
    assert attributor("").sentence_start(0) == 0


# (text, pos): whether the word right before pos is a subject pronoun ("also" skipped).
PRONOUN_BEFORE: list[tuple[str, int, bool]] = [
    ("he said", 3, True),
    ("She also said", 9, True),
    ("Ann said", 4, False),
    ("", 0, False),
    # the word is looked for in the 20 characters before pos
    ("they also" + " " * 12 + "said", 21, False),
    ("they also" + " " * 11 + "said", 20, True),
]


@pytest.mark.parametrize(("text", "pos", "expected"), PRONOUN_BEFORE)
def test_pronoun_before(text: str, pos: int, expected: bool) -> None:
    assert _pronoun_before(text, pos) is expected


# (model's name, the cue's label): every content word of the name is one of the label's.
IN_WORDS: list[tuple[str | None, str | None, bool]] = [
    ("the Russian ambassador", "the Russian ambassador in Washington", True),
    ("the Russian envoy", "the Russian ambassador", False),
    ("the", "the Russian ambassador", False),
    (None, "XXXX", False),
    ("XXXX", None, False),
    (None, None, False),
]


@pytest.mark.parametrize(("name", "label", "expected"), IN_WORDS)
def test_in_words(name: str | None, label: str | None, expected: bool) -> None:
    assert _in_words(name, label) is expected


# ------------------------------------------------------------ attributions by scenario

ACTORS = [
    actor("Ann Lee", "person", "gallery curator"),
    actor("Bob Ray", "person"),
    actor("City Council", "organization"),
    actor("Eva Lind", "person"),
]


def attributions(text: str) -> list[Seen]:
    """Each quotation group's words, named speakers, cue label, inherited and likely
    speakers (by name) and window."""
    return attribution_rows(text, ACTORS)


INTERVIEW = (
    "Wikinews: How are you today?\n\nAnnLee: I am fine, thank you.\n\n"
    "Wikinews: Why is that so?\n\nAnnLee: Because the show opened."
)
SCENARIOS: dict[str, tuple[str, list[Seen]]] = {
    "a cue names the speaker": (
        '"We will act," said Ann Lee.',
        [("We will act,", ["Ann Lee"], "Ann Lee", [], [], (0, 28))],
    ),
    "a description is the label, without its full stop": (
        '"We will act," said the curator.\n\nMore.',
        [("We will act,", [], "the curator", [], [], (0, 39))],
    ),
    "a transcript's labels resolve to actors, spaces aside": (
        INTERVIEW,
        [
            ("How are you today?", [], "Wikinews", [], [], (0, 120)),
            ("I am fine, thank you.", ["Ann Lee"], "AnnLee", [], [], (0, 120)),
            ("Why is that so?", [], "Wikinews", [], [], (0, 120)),
            ("Because the show opened.", ["Ann Lee"], "AnnLee", [], [], (0, 120)),
        ],
    ),
    "a pronoun after the quotation points to the paragraph's first person": (
        'Ann Lee met Eva Lind. "We act," she said.',
        [("We act,", [], None, ["Ann Lee", "Eva Lind"], ["Ann Lee"], (0, 41))],
    ),
    "a pronoun before the quotation points to its sentence's subject": (
        'Ann Lee was asked by Bob Ray to stay, but she replied: "We act now."',
        [("We act now.", [], None, ["Ann Lee"], ["Ann Lee"], (0, 68))],
    ),
    "narration before the quotation has its subject speak, a relative clause aside": (
        'The curator, Ann Lee, who met Bob Ray, said the plan works. "We act now."',
        [("We act now.", [], None, ["Ann Lee", "Bob Ray"], ["Ann Lee"], (0, 73))],
    ),
    "a lone quotation takes the person of the paragraph before": (
        'Ann Lee spoke to Bob Ray.\n\n"We act now."',
        [("We act now.", [], None, ["Ann Lee"], ["Ann Lee"], (0, 40))],
    ),
    "only people are pointed back to, not organisations": (
        'The City Council met. Eva Lind left.\n\n"We act now."',
        [("We act now.", [], None, ["Eva Lind"], ["Eva Lind"], (0, 51))],
    ),
    "the paragraphs before are read from the last sentence back": (
        'Ann Lee said the plan works.\n\nBob Ray left. Eva Lind stayed.\n\n"We act now."',
        [
            (
                "We act now.",
                [],
                None,
                ["Eva Lind", "Bob Ray", "Ann Lee"],
                ["Eva Lind"],
                (0, 75),
            )
        ],
    ),
    "four paragraphs back is still near": (
        'Eva Lind spoke.\n\nP2.\n\nP3.\n\nP4.\n\n"We act now."',
        [("We act now.", [], None, ["Eva Lind"], ["Eva Lind"], (0, 45))],
    ),
    "five paragraphs back is not": (
        'Eva Lind spoke.\n\nP2.\n\nP3.\n\nP4.\n\nP5.\n\n"We act now."',
        [("We act now.", [], None, [], [], (17, 50))],
    ),
    "a follow-up quotation takes every speaker of the one before": (
        '"We act," said Ann Lee and Bob Ray.\n\n"We wait."',
        [
            ("We act,", ["Ann Lee", "Bob Ray"], "Ann Lee and Bob Ray", [], [], (0, 47)),
            ("We wait.", [], None, ["Ann Lee", "Bob Ray"], ["Ann Lee", "Bob Ray"], (0, 47)),
        ],
    ),
    "follow-ups chain back to the named speaker": (
        '"We act," said Ann Lee.\n\n"We wait."\n\n"We go."',
        [
            ("We act,", ["Ann Lee"], "Ann Lee", [], [], (0, 45)),
            ("We wait.", [], None, ["Ann Lee"], ["Ann Lee"], (0, 45)),
            ("We go.", [], None, ["Ann Lee"], ["Ann Lee"], (0, 45)),
        ],
    ),
    "an owner named in the cue is not the speaker": (
        '"We will act," Ann Lee\'s assistant, Bob Ray, said.',
        [("We will act,", ["Bob Ray"], "Ann Lee's assistant, Bob Ray", [], [], (0, 50))],
    ),
    "an owner without the possessive s is not the speaker either": (
        '"We will act," Ann Lee\u2019 assistant Bob Ray said.',
        [("We will act,", ["Bob Ray"], "Ann Lee\u2019 assistant Bob Ray", [], [], (0, 47))],
    ),
    "an owner speaks through what is in its name": (
        'Ann Lee\'s statement added, "We will act."',
        [("We will act.", ["Ann Lee"], "Ann Lee's statement", [], [], (0, 41))],
    ),
    "a titled name after the quotation": (
        '"We will act," former gallery curator Eva Lind said.',
        [("We will act,", ["Eva Lind"], "former gallery curator Eva Lind", [], [], (0, 52))],
    ),
    "a role apart from a name still names its actor": (
        '"We will act," the gallery curator and Eva Lind said.',
        [
            (
                "We will act,",
                ["Ann Lee", "Eva Lind"],
                "the gallery curator and Eva Lind",
                [],
                [],
                (0, 53),
            )
        ],
    ),
    "a pronoun with no one before names no one": (
        '"We act," she said.',
        [("We act,", [], None, [], [], (0, 19))],
    ),
    "an institution's statement is a label": (
        'The City Council met on Monday. Bob Ray left. The statement said: "We act now."',
        [("We act now.", [], "The statement", [], [], (0, 79))],
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_attribution_scenarios(name: str) -> None:
    text, expected = SCENARIOS[name]
    assert attributions(text) == expected


# ------------------------------------------------------------------ checks by scenario

CHECK_ACTORS = [
    actor("Ann Lee", "person", "gallery curator"),
    actor("Bob Ray", "person"),
    actor("City Council", "organization", "town hall"),
    actor("Harbour Board", "organization"),
]
COUNCIL_MET = "The City Council met on Monday. Bob Ray left. "
# (article, the model's speaker as an actor index or a name): the check of the article's
# first quotation.
CHECKS: dict[str, tuple[str, int | str, SpeakerCheck]] = {
    "an institution's statement is the body named last before it": (
        COUNCIL_MET + 'The statement said: "We act now."',
        2,
        SpeakerCheck("kept", 2, None),
    ),
    "a person is not an institution's statement": (
        COUNCIL_MET + 'The statement said: "We act now."',
        1,
        SpeakerCheck("unsupported", None, None, "The statement"),
    ),
    "a description that is no institution gives no body": (
        'The City Council met on Monday. "We act now," said a guard.',
        2,
        SpeakerCheck("unsupported", None, None, "a guard"),
    ),
    "a body named only by its role does not count": (
        'The town hall met on Monday. The statement said: "We act now."',
        2,
        SpeakerCheck("unsupported", None, None, "The statement"),
    ),
    "the last body named is the one": (
        "The City Council met the Harbour Board. The City Council agreed. "
        'The statement said: "We act now."',
        2,
        SpeakerCheck("kept", 2, None),
    ),
    "not the body named before the last": (
        'The City Council met the Harbour Board. The statement said: "We act now."',
        2,
        SpeakerCheck("unsupported", None, None, "The statement"),
    ),
    "punctuation inside the description is no part of its words": (
        'The City Council met. Its statement, issued on Monday, said: "We act now."',
        2,
        SpeakerCheck("kept", 2, None),
    ),
    "a speaker named near a lone quotation is kept": (
        'We left.\n\n"We act now."\n\nBob Ray stayed.',
        1,
        SpeakerCheck("kept", 1, None),
    ),
    "someone else named near it supports no one": (
        'We left.\n\n"We act now."\n\nBob Ray stayed.',
        0,
        SpeakerCheck("unsupported", None, None, ""),
    ),
    "a speaker's role near it is not the speaker named": (
        'We left.\n\n"We act now."\n\nThe gallery curator stayed.',
        0,
        SpeakerCheck("unsupported", None, None, ""),
    ),
    "a name no actor holds is kept when the text near it has it": (
        'We left.\n\n"We act now."\n\nThe guard stayed.',
        "the guard",
        SpeakerCheck("kept", None, "the guard"),
    ),
}


@pytest.mark.parametrize("name", CHECKS)
def test_check_scenarios(name: str) -> None:
    text, speaker, expected = CHECKS[name]
    speakers = attributor(text, CHECK_ACTORS)
    first = ArticleIndex(text).quotations.regions[0]
    actor, given = (speaker, None) if isinstance(speaker, int) else (None, speaker)
    assert speakers.check(speakers.of(first), actor, given) == expected


@pytest.mark.parametrize(("pos", "start"), [(2, 0), (3, 2), (13, 2), (14, 13)])
def test_sentence_start_after_leading_blanks(pos: int, start: int) -> None:
    assert attributor("  Ann spoke. Bob left.").sentence_start(pos) == start
