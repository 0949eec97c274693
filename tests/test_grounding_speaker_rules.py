"""Speaker rules by scenario, one table each, with invented articles and exact results: how
far a follow-up quotation reaches back, which quotation is the one before, who narration has
speaking, the subject of a pronoun's sentence, the people of the paragraphs before, who a cue
names, its label, the window of a quotation over paragraphs, and when a label or a description
fits the model's speaker."""

from __future__ import annotations

import pytest
from fakes.attribution import attributions, attributor
from fakes.grounding import answer
from fakes.items import actor, speaker_index

from summarizer.align import ArticleIndex
from summarizer.grounding import ground
from summarizer.grounding.model import place
from summarizer.grounding.speakers import SpeakerCheck
from summarizer.schema import Actor

PEOPLE = [
    actor("Ann Lee", "person", "gallery curator"),
    actor("Bob Ray", "person"),
    actor("City Council", "organization"),
    actor("Eva Lind", "person"),
]
# A quotation group's words, the speakers its cue names, the cue's label, the speakers it
# inherits and the likely ones among them (by name).
Seen = tuple[str, list[str], str | None, list[str], list[str]]


def seen(text: str, actors: list[Actor] = PEOPLE) -> list[Seen]:
    """The attribution of each quotation group of ``text``, in text order."""
    return [row[:5] for row in attributions(text, actors)]


def follows(words: str, *speakers: str) -> Seen:
    """A quotation without a cue that inherits ``speakers``, the first of them likely."""
    return (words, [], None, list(speakers), list(speakers[:1]))


COUNCIL = ["City Council"]
COUNCIL_SAID = '"We act," said the City Council.'
NAMED_COUNCIL: Seen = ("We act,", COUNCIL, "the City Council", [], [])


# ------------------------------------------------------- follow-ups and the quotation before

# An organisation's words, which no paragraph's people stand for: only the chain of
# quotations carries its name forward.
FOLLOW_UPS: dict[str, tuple[str, list[Seen]]] = {
    "a follow-up chain reaches three quotations back, not four": (
        COUNCIL_SAID + '\n\n"We wait."\n\n"We go."\n\n"We stay."\n\n"We end."',
        [
            NAMED_COUNCIL,
            ("We wait.", [], None, COUNCIL, COUNCIL),
            ("We go.", [], None, COUNCIL, COUNCIL),
            ("We stay.", [], None, COUNCIL, COUNCIL),
            ("We end.", [], None, [], []),
        ],
    ),
    "the quotation two paragraphs back is the one before": (
        COUNCIL_SAID + '\n\nThe hall emptied.\n\n"We wait."',
        [NAMED_COUNCIL, ("We wait.", [], None, COUNCIL, COUNCIL)],
    ),
    "a quotation three paragraphs back is too far to follow": (
        COUNCIL_SAID + '\n\nThe hall emptied.\n\nThe lights went out.\n\n"We wait."',
        [NAMED_COUNCIL, ("We wait.", [], None, [], [])],
    ),
    "a quotation that starts where the one before ends follows it (tangled marks)": (
        "The City Council said 'Go now. \"' Then it left.\"",
        [
            ('Go now. "', COUNCIL, "The City Council", [], []),
            ("' Then it left.", [], None, COUNCIL, COUNCIL),
        ],
    ),
    "a quotation inside another does not follow it": (
        "\"We saw 'closed' on the door,\" said the City Council.",
        [
            ("We saw 'closed' on the door,", COUNCIL, "the City Council", [], []),
            ("closed", [], None, [], []),
        ],
    ),
}


@pytest.mark.parametrize("name", FOLLOW_UPS)
def test_follow_ups(name: str) -> None:
    text, expected = FOLLOW_UPS[name]
    assert seen(text) == expected


# ------------------------------------------------------------------------------ narration

# "X said …." before a quotation that has no cue of its own: X comes first among the people
# it inherits, before the people of its paragraph and of the paragraphs before.
NARRATION: dict[str, tuple[str, list[Seen]]] = {
    "narration names one speaker, the person right before its verb, not the owner": (
        'Eva Lind\'s assistant Bob Ray said the plan works.\n\nAnn Lee nodded. "We act now."',
        [follows("We act now.", "Bob Ray", "Ann Lee", "Eva Lind")],
    ),
    "a name opening the text is the narration's subject": (
        'Bob Ray said the plan works. Eva Lind nodded. "We act now."',
        [follows("We act now.", "Bob Ray", "Eva Lind")],
    ),
    "a name opening a paragraph is the narration's subject": (
        'Ann Lee left.\n\nBob Ray said the plan works. Eva Lind nodded. "We act now."',
        [follows("We act now.", "Bob Ray", "Eva Lind", "Ann Lee")],
    ),
    "the subject is looked for in the verb's own sentence": (
        'Eva Lind left. Ann Lee left. The mayor said Bob Ray was right. "We act now."',
        [follows("We act now.", "Bob Ray", "Ann Lee", "Eva Lind")],
    ),
    "the subject is looked for in the verb's own paragraph": (
        'Eva Lind and Bob Ray visited Paris.\n\nThe mayor said the plan works. "We act now."',
        [follows("We act now.", "Eva Lind", "Bob Ray")],
    ),
    "narration is read in the quotation's paragraph and the one before, no further": (
        'Eva Lind and Bob Ray arrived.\n\nThe mayor said Ann Lee was right.\n\n"We act now."',
        [follows("We act now.", "Ann Lee", "Eva Lind", "Bob Ray")],
    ),
    "a speech verb that opens its sentence has no subject before it": (
        'Eva Lind met Ann Lee. Confirming it, the mayor waved. "We act now."',
        [follows("We act now.", "Eva Lind", "Ann Lee")],
    ),
    "an initial's full stop does not end the narration's sentence": (
        "Laura Bush opened the library.\n\n"
        'Former President George W. Bush said the money was well spent. "Books matter."',
        [follows("Books matter.", "George W. Bush", "Laura Bush")],
    ),
}
BUSHES = [actor("Laura Bush", "person"), actor("George W. Bush", "person")]


@pytest.mark.parametrize("name", NARRATION)
def test_narration(name: str) -> None:
    text, expected = NARRATION[name]
    assert seen(text, BUSHES if "Bush" in text else PEOPLE) == expected


def test_an_initial_does_not_hand_a_quotation_to_a_namesake() -> None:
    text = NARRATION["an initial's full stop does not end the narration's sentence"][0]
    extraction = answer(
        actors=[{"name": a.name, "kind": a.kind} for a in BUSHES],
        quotes=[{"text": "Books matter.", "speaker": "George W. Bush"}],
    )
    result = ground(extraction, ArticleIndex(text))
    [quote] = result.quotes
    assert (text[slice(*place(quote))], quote.grounding, speaker_index(quote.speaker)) == (
        "Books matter.",
        "exact",
        1,
    )
    assert result.problems == []


# ------------------------------------------------ pronouns, the paragraphs before, the cue

HE_LIFENG = [actor("He Lifeng", "person", aliases=("He",))]
# name -> (article, actors, the attributions)
CUES: dict[str, tuple[str, list[Actor], list[Seen]]] = {
    "a pronoun before the quotation is its sentence's subject, not whom it speaks to": (
        'Ann Lee was asked to stay, but she told Bob Ray: "We act now."',
        PEOPLE,
        [follows("We act now.", "Ann Lee")],
    ),
    "a pronoun is no one's name, even when an actor is also called so": (
        'Asked to stay, he replied: "We act now."',
        HE_LIFENG,
        [("We act now.", [], None, [], [])],
    ),
    "a line that ends on a name still names its person": (
        'Gallery director Eva Lind\nBob Ray left early.\n"We act now."',
        PEOPLE,
        [follows("We act now.", "Bob Ray", "Eva Lind")],
    ),
    "a role among names is a speaker when no name follows it directly": (
        'Bob Ray, the gallery curator and Eva Lind said: "We will act."',
        PEOPLE,
        [
            (
                "We will act.",
                ["Bob Ray", "Ann Lee", "Eva Lind"],
                "Bob Ray, the gallery curator and Eva Lind",
                [],
                [],
            )
        ],
    ),
    "the label is the cue's words, only punctuation trimmed from its edges": (
        '"We will act," Xi Jinping said.',
        PEOPLE,
        [("We will act,", [], "Xi Jinping", [], [])],
    ),
}


@pytest.mark.parametrize("name", CUES)
def test_cues(name: str) -> None:
    text, actors, expected = CUES[name]
    assert seen(text, actors) == expected


# '"We act now.' then '"We wait, too," said Ann Lee.' (one quotation over two paragraphs),
# then four short paragraphs; the window runs to the third paragraph after its last part.
OVER_PARAGRAPHS = '"We act now.\n\n"We wait, too," said Ann Lee.\n\nOne.\n\nTwo.\n\nThree.\n\nFour.'


@pytest.mark.parametrize("part", [0, 1])
def test_a_quotation_over_paragraphs_is_near_the_paragraphs_after_its_last(part: int) -> None:
    speakers = attributor(OVER_PARAGRAPHS, PEOPLE)
    parts = ArticleIndex(OVER_PARAGRAPHS).quotations.regions
    assert [OVER_PARAGRAPHS[q.start : q.end] for q in parts] == ["We act now.", "We wait, too,"]
    found = speakers.of(parts[part])
    assert (found.named, found.window) == ((0,), (0, 63))
    assert OVER_PARAGRAPHS[found.window[0] : found.window[1]].endswith("Three.")


# ------------------------------------------------------------ labels against the speaker

HARBOUR = [actor("Harbour Board", "organization")]
# name -> (article, actors, the model's speaker (an actor index), the check)
LABELS: dict[str, tuple[str, list[Actor], int, SpeakerCheck]] = {
    "a label fits the speaker by a word of its role": (
        '"We act," a spokesman said.',
        [actor("Ann Lee", "person", "spokesman for the council")],
        0,
        SpeakerCheck("kept", 0, None),
    ),
    "an actor without a role fits a label only by its names": (
        '"We act," the witness XXXX said.',
        [actor("Bob Ray", "person")],
        0,
        SpeakerCheck("unsupported", None, None, "the witness XXXX"),
    ),
    "a label fits a name the actor writes without its spaces": (
        '"We act," said Ann Lee.',
        [actor("AnnLee", "person")],
        0,
        SpeakerCheck("kept", 0, None),
    ),
    "a label with other words does not fit a name without spaces": (
        '"We act," said Ann Leeds.',
        [actor("AnnLee", "person")],
        0,
        SpeakerCheck("unsupported", None, None, "Ann Leeds"),
    ),
    "an institution's noun describes the body named before it": (
        'The Harbour Board met on Monday. The union said: "We act now."',
        HARBOUR,
        0,
        SpeakerCheck("kept", 0, None),
    ),
    "an institution's noun counts only as a whole word": (
        'The Harbour Board met on Monday. XUnion said: "We act now."',
        HARBOUR,
        0,
        SpeakerCheck("unsupported", None, None, "XUnion"),
    ),
}


@pytest.mark.parametrize("name", LABELS)
def test_labels(name: str) -> None:
    text, actors, speaker, expected = LABELS[name]
    speakers = attributor(text, actors)
    first = ArticleIndex(text).quotations.regions[0]
    assert speakers.check(speakers.of(first), speaker, None) == expected
