"""The grounding's speaker attribution of a text, for the speaker rule tables."""

from __future__ import annotations

from summarizer.align import ArticleIndex
from summarizer.grounding.actors import ActorMentions, ActorResolver
from summarizer.grounding.speakers import Attributor
from summarizer.schema import Actor

# A quotation group's words, the speakers its cue names, the cue's label, the speakers it
# inherits and the likely ones among them (by name), and its window.
Seen = tuple[str, list[str], str | None, list[str], list[str], tuple[int, int]]


def attributor(text: str, actors: list[Actor] | None = None) -> Attributor:
    """The attributor of ``text`` with ``actors`` (none by default)."""
    index = ArticleIndex(text)
    actors = actors or []
    return Attributor(index, actors, ActorMentions(actors, index), ActorResolver(actors))


def attributions(text: str, actors: list[Actor]) -> list[Seen]:
    """What :class:`Attributor` finds for each quotation group of ``text``, in text order."""
    speakers = attributor(text, actors)
    names = [a.name for a in actors]
    out: list[Seen] = []
    groups: set[int] = set()
    for quotation in ArticleIndex(text).quotations.regions:
        if quotation.group in groups:
            continue
        groups.add(quotation.group)
        found = speakers.of(quotation)
        out.append(
            (
                text[quotation.start : quotation.end],
                [names[i] for i in found.named],
                found.label,
                [names[i] for i in found.inherited],
                [names[i] for i in found.likely],
                found.window,
            )
        )
    return out
