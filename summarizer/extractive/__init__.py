"""The extractive engine: a deterministic brief from the article text alone, no model.

It fills the same :class:`~summarizer.schema.Extraction` an LLM fills, so its
output goes through the same grounding and validation.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..schema import (
    ActorKind,
    ExtractedActor,
    ExtractedClaim,
    ExtractedFigure,
    ExtractedQuote,
    Extraction,
)
from .actors import ActorFinder, ActorTable
from .claims import ClaimPicker
from .document import Document
from .figures import FigureFinder
from .lexicon import PARTY_MEMBERS
from .quotes import QuoteFinder

ENGINE_VERSION = "3"


def extract(text: str) -> Extraction:
    """A brief of ``text``: actors, quotes with speakers, figures, claims and a summary."""
    doc = Document(text)
    actors = ActorFinder(doc).run()
    finder = QuoteFinder(doc, actors)
    quotes = finder.run()
    figures = FigureFinder(doc).run()
    picker = ClaimPicker(doc, actors, quotes, figures, finder)
    speakers = finder.attributor.new_speakers
    return Extraction(
        summary=picker.summary(),
        actors=[
            ExtractedActor(
                name=a.name,
                kind=a.kind,
                role=a.role,
                aliases=[f for f in a.forms if f != a.name],
            )
            for a in actors.actors
        ]
        + [
            ExtractedActor(name=name, kind=kind)
            for name, kind in speakers.items()
            if any(q.speaker == name for q in quotes)
        ],
        quotes=[
            ExtractedQuote(
                text=text[q.start : q.end], speaker=_speaker(q.speaker, actors, speakers)
            )
            for q in quotes
        ],
        numbers=[
            ExtractedFigure(
                text=text[f.start : f.end],
                value=f.value,
                unit=f.unit,
                qualifier=f.qualifier,
                what=f.what,
            )
            for f in figures
        ],
        claims=[ExtractedClaim(text=c.text, source=c.source) for c in picker.claims()],
    )


# The determiners of a description the pipeline keeps as an unnamed speaker's name.
_DETERMINERS = ("the", "a", "an")


def _speaker(
    speaker: str | None, actors: ActorTable, new_speakers: Mapping[str, ActorKind]
) -> str | None:
    """A listed actor's name, an unnamed speaker's description ("the minister"), or None."""
    if speaker is None:
        return None
    if actors.find(speaker) is not None or speaker in new_speakers:
        return speaker
    words = speaker.split()
    head = words[-1] if words else ""
    if len(words) >= 2 and words[0].lower() in _DETERMINERS and _is_common_noun(head):
        return speaker
    return None


def _is_common_noun(word: str) -> bool:
    """A lowercase word, or a party member written with a capital ("the Republican")."""
    return word.islower() or word.lower() in PARTY_MEMBERS


__all__ = ["ENGINE_VERSION", "extract"]
