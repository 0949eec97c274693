"""Who the article says spoke: the attribution of a quotation, checked against the model's.

A quotation's cue ("X said", "said X", "A quote from X", "Name:" in a
transcript) names its speaker. A pronoun ("he added") or a quotation standing
alone in its paragraph continues the speaker named just before. The model's
speaker is kept when the article gives it, refused when the article clearly
names another listed actor, and removed when nothing nearby supports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..align import ArticleIndex
from ..attribution import PRONOUNS, SPEECH_CUE
from ..quotations import Quotation
from ..schema import Actor
from ..text import content_tokens, fold
from .actors import ActorMentions, ActorResolver, Mention, name_tokens, same_person

Verdict = Literal["kept", "misattributed", "unsupported"]
_PREVIOUS_PARAGRAPHS = 4
_NEXT_PARAGRAPHS = 3
# Nouns by which an article describes an institution, or what speaks for it.
INSTITUTION_HEADS = frozenset(
    """government ministry department office city town municipality council state police
    court company agency committee commission embassy administration authorities officials
    organisation organization party union website site message statement letter release
    document memo report questionnaire spokesman spokeswoman spokesperson""".split()
)
_BODIES = frozenset({"organization", "country", "group"})


@dataclass(frozen=True)
class Attribution:
    """Who the article gives a quotation to.

    ``named``: actors its cue names; ``label``: the cue's words ("the Russian
    ambassador"), whether or not they name a listed actor; ``inherited``: actors a pronoun or a
    bare follow-up quotation points back to; ``window``: the nearby text where a
    speaker counts as supported.
    """

    named: tuple[int, ...] = ()
    label: str | None = None
    inherited: tuple[int, ...] = ()
    likely: tuple[int, ...] = ()  # the first of ``inherited``'s sources that names anyone
    window: tuple[int, int] = (0, 0)
    turn: bool = False
    at: int = 0  # where the cue starts (its label, for a description)


@dataclass(frozen=True)
class SpeakerCheck:
    """What to keep as the speaker, and why not the model's when it differs."""

    verdict: Verdict
    speaker: int | None
    speaker_name: str | None
    article_gives: str = ""
    points_to: int | None = None  # the listed actor a pronoun or follow-up refers back to


class Attributor:
    """Attributions of one article's quotations, against one set of actors."""

    def __init__(
        self,
        index: ArticleIndex,
        actors: list[Actor],
        mentions: ActorMentions,
        resolver: ActorResolver,
    ):
        self.text = index.text
        self.quotations = index.quotations
        self.paragraphs = index.paragraphs
        self.sentence_starts = index.sentence_starts
        self.actors = actors
        self.mentions = mentions
        self.resolver = resolver
        self._cache: dict[int, Attribution] = {}

    def paragraph_of(self, pos: int) -> int:
        """Index of the paragraph holding offset ``pos`` (the nearest one before it)."""
        lo, hi = 0, len(self.paragraphs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.paragraphs[mid].start <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def window(self, start: int, end: int) -> tuple[int, int]:
        """The paragraph of ``start`` with a few before and after it."""
        if not self.paragraphs:
            return (0, len(self.text))
        first = self.paragraph_of(start)
        last = self.paragraph_of(end)
        a = self.paragraphs[max(0, first - _PREVIOUS_PARAGRAPHS)].start
        b = self.paragraphs[min(len(self.paragraphs) - 1, last + _NEXT_PARAGRAPHS)].end
        return a, b

    def of(self, quotation: Quotation) -> Attribution:
        """The attribution of ``quotation``'s group (computed once)."""
        if quotation.group not in self._cache:
            parts = self.quotations.group(quotation.group)
            self._cache[quotation.group] = self._attribute(parts or [quotation], depth=0)
        return self._cache[quotation.group]

    def _attribute(self, parts: list[Quotation], depth: int) -> Attribution:
        first = parts[0]
        window = self.window(first.start, parts[-1].end)
        turn = first.kind == "turn"
        cues = list(dict.fromkeys(p.cue for p in parts if p.cue is not None and not p.cue.pronoun))
        named: list[int] = []
        for cue in cues:
            a, b = cue.subject
            if turn:
                resolved = self.resolver.resolve(self.text[a:b])
                named.extend([resolved] if resolved is not None else [])
            elif cue.direct:
                named.extend(m.actor for m in self.mentions.within(a, b))
            else:
                found = self._unquoted_subjects(a, b)
                if not found and cue.after is not None:
                    found = self._unquoted_subjects(*cue.after)
                named.extend(found)
        if cues:
            a, b = cues[0].subject
            label = " ".join(self.text[a:b].split()).strip(" ,.;:") or None
            named_once = tuple(dict.fromkeys(named))
            return Attribution(named=named_once, label=label, window=window, turn=turn, at=a)
        sources = self._inherited(first, depth)
        inherited = tuple(dict.fromkeys(a for source, _ in sources for a in source))
        likely = next((tuple(source[:count]) for source, count in sources if source), ())
        return Attribution(inherited=inherited, likely=likely, window=window)

    def _unquoted_subjects(self, start: int, end: int) -> list[int]:
        """Actors named as possible speakers in ``text[start:end]``, outside quoted words. An
        owner ("Sanders's campaign manager, Jeff Weaver") is not the speaker, nor is the actor
        a role stands for when the role is the title of the name after it ("former gallery
        curator Eva Lind")."""
        found = [
            m
            for m in self.mentions.subjects(start, end)
            if self.quotations.containing(m.start, m.end) is None
            and not _owner_only(self.text, m.end)
        ]
        return [
            m.actor
            for i, m in enumerate(found)
            if not (m.by_role and i + 1 < len(found) and self._adjacent(m, found[i + 1]))
        ]

    def _adjacent(self, mention: Mention, after: Mention) -> bool:
        return not self.text[mention.end : after.start].strip()

    def _inherited(self, first: Quotation, depth: int) -> list[tuple[list[int], int]]:
        """Who a pronoun or a follow-up quotation points back to, source by source, likeliest
        first: the person the cue's own sentence opens with ("Sam was told to …, but he
        replied"), the one the narration just before has speaking ("Blinken, …, said
        Washington …"), the people of the quotation's paragraph, the previous quotation's
        speakers, then the people named in the paragraphs before. Each source comes with
        how many of its actors are likely: the previous quotation's speakers all, the
        others their first (a sentence's subject comes first)."""
        cue_start = first.cue.start if first.cue is not None else first.start
        until = min(cue_start, first.start)
        para = self.paragraph_of(first.start)
        here = self.paragraphs[para].start if self.paragraphs else 0
        floor = self.paragraphs[max(0, para - _PREVIOUS_PARAGRAPHS)].start if self.paragraphs else 0
        sources = [
            (self._sentence_subject(first, cue_start), 1),
            (self._narrated(first), 1),
            (self._people(here, until), 1),
        ]
        previous = self._previous_group(first) if depth < 3 else None
        if previous is not None:
            before = self._attribute(self.quotations.group(previous.group), depth + 1)
            named = list(before.named or before.likely)
            sources.append((named, len(named)))
        sources.append((self._people(floor, here), 1))
        return sources

    def _people(self, start: int, end: int) -> list[int]:
        """People named as possible speakers in ``text[start:end]``: sentence by sentence from
        the last, each sentence's people in order (its subject usually comes first)."""
        found: list[int] = []
        while end > start:
            begin = max(start, self.sentence_start(end))
            found.extend(
                m.actor
                for m in self.mentions.subjects(begin, end)
                if self.actors[m.actor].kind == "person"
            )
            end = begin - 1
        return list(dict.fromkeys(found))

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence that holds offset ``pos - 1``."""
        starts = self.sentence_starts
        lo, hi = 0, len(starts) - 1
        found = 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if starts[mid] < pos:
                found, lo = starts[mid], mid + 1
            else:
                hi = mid - 1
        return found

    def _sentence_subject(self, first: Quotation, cue_start: int) -> list[int]:
        """The person a pronoun cue's own sentence names first, before its pronoun, when the
        cue stands before the quotation ("Thomas' sister pleaded with him, but he replied")."""
        cue = first.cue
        if cue is None or not cue.pronoun or cue_start >= first.start:
            return []
        a, b = cue.subject
        words = self.text[a:b].split()
        if not words:
            return []
        until = b - len(words[-1])
        people = [
            m.actor
            for m in self.mentions.subjects(a, until)
            if self.actors[m.actor].kind == "person"
        ]
        return people[:1]

    def _narrated(self, first: Quotation) -> list[int]:
        """Who the last speech verb before the quotation (in its paragraph or the one
        before, outside quoted words) has as subject: the person its sentence names last
        before it ("Blinken, …, said Washington …"; an initial's full stop, as in "George
        W. Bush said", ends no sentence). A verb whose subject is a pronoun ("…, but he
        replied") names no one."""
        para = self.paragraph_of(first.start)
        floor = self.paragraphs[max(0, para - 1)].start if self.paragraphs else 0
        previous = self._previous_group(first)
        if previous is not None:
            floor = max(floor, max(q.end for q in self.quotations.group(previous.group)))
        verbs = [
            v
            for v in SPEECH_CUE.finditer(self.text, floor, first.start)
            if self.quotations.containing(v.start(), v.end()) is None
        ]
        if not verbs or _pronoun_before(self.text, verbs[-1].start()):
            return []
        verb = verbs[-1]
        start = max(floor, self.sentence_start(verb.start() + 1))
        subjects = self.mentions.subjects(start, _before_relative(self.text, start, verb.start()))
        return [m.actor for m in reversed(subjects) if self.actors[m.actor].kind == "person"][:1]

    def _previous_group(self, first: Quotation) -> Quotation | None:
        para = self.paragraph_of(first.start)
        floor = self.paragraphs[max(0, para - 2)].start if self.paragraphs else 0
        candidates = [
            q
            for q in self.quotations.overlapping(floor, first.start)
            if q.end <= first.start and q.group != first.group and q.kind == first.kind
        ]
        return max(candidates, key=lambda q: q.end) if candidates else None

    def check(
        self, attribution: Attribution, speaker: int | None, name: str | None
    ) -> SpeakerCheck:
        """The model's speaker (an actor, or a name no actor holds) against the article's."""
        if speaker is None and not name:
            return SpeakerCheck("kept", None, None)
        if attribution.named:
            if speaker in attribution.named or self._same_person(speaker, attribution.named):
                return SpeakerCheck("kept", speaker, None)
            if speaker is None and _in_words(name, attribution.label):
                return SpeakerCheck("kept", None, name)  # the article's own description
            return SpeakerCheck("misattributed", None, None, self.actors[attribution.named[0]].name)
        if attribution.label is not None:
            if self._fits_label(attribution.label, speaker, name):
                return SpeakerCheck("kept", speaker, None if speaker is not None else name)
            if attribution.turn:
                return SpeakerCheck("misattributed", None, None, attribution.label)
            if self._described(attribution, speaker):
                return SpeakerCheck("kept", speaker, None)
            return SpeakerCheck("unsupported", None, None, attribution.label)
        elif attribution.likely:
            if speaker in attribution.likely or self._same_person(speaker, attribution.likely):
                return SpeakerCheck("kept", speaker, None)
            likely = attribution.likely[0]
            return SpeakerCheck("unsupported", None, None, self.actors[likely].name, likely)
        if self._near(attribution.window, speaker, name):
            return SpeakerCheck("kept", speaker, None if speaker is not None else name)
        return SpeakerCheck("unsupported", None, None, attribution.label or "")

    def _same_person(self, speaker: int | None, named: tuple[int, ...]) -> bool:
        """True when the model's actor and one the article names can be one person ("Wilkins",
        "Kristin Wilkins"): actors kept apart only because a surname was ambiguous."""
        if speaker is None or self.actors[speaker].kind != "person":
            return False
        mine = [name_tokens(f) for f in self.actors[speaker].forms()]
        return any(
            same_person(a, name_tokens(f))
            for n in named
            if self.actors[n].kind == "person"
            for f in self.actors[n].forms()
            for a in mine
        )

    def _fits_label(self, label: str, speaker: int | None, name: str | None) -> bool:
        words = set(content_tokens(label))
        if speaker is not None:
            actor = self.actors[speaker]
            own = set(content_tokens(" ".join([*actor.forms(), actor.role or ""])))
            return bool(words & own) or fold(label).replace(" ", "") in {
                fold(f).replace(" ", "") for f in actor.forms()
            }
        return bool(name) and bool(words & set(content_tokens(name or "")))

    def _described(self, attribution: Attribution, speaker: int | None) -> bool:
        """True when the cue describes an institution ("The city reasoned", "a letter seen by
        Sky News says") and ``speaker`` is the organisation the article names last before it:
        the one the description points back to."""
        if speaker is None or self.actors[speaker].kind not in _BODIES:
            return False
        words = {w.strip(".,;:").lower() for w in (attribution.label or "").split()}
        if not words & INSTITUTION_HEADS:
            return False
        before = [
            m.actor
            for m in self.mentions.within(attribution.window[0], attribution.at, roles=False)
            if self.actors[m.actor].kind in _BODIES
        ]
        return bool(before) and before[-1] == speaker

    def _near(self, window: tuple[int, int], speaker: int | None, name: str | None) -> bool:
        a, b = window
        if speaker is not None:
            return any(m.actor == speaker for m in self.mentions.within(a, b, roles=False))
        return bool(name) and fold(name or "") in fold(self.text[a:b])


def _pronoun_before(text: str, pos: int) -> bool:
    """True when the word right before ``pos`` (an "also" skipped) is a subject pronoun."""
    words = text[max(0, pos - 20) : pos].split()
    if words and words[-1].lower() == "also":
        words = words[:-1]
    return bool(words) and words[-1].lower() in PRONOUNS


def _in_words(name: str | None, label: str | None) -> bool:
    """True when every content word of ``name`` is one of ``label``'s: the model gave the
    article's own words for the speaker ("the Russian ambassador")."""
    own = set(content_tokens(name or ""))
    return bool(own) and own <= set(content_tokens(label or ""))


_RELATIVE = re.compile(r",\s+(?:who|which|whose|whom)\b[^,]*,\s*$")
_POSSESSIVE = re.compile(r"['\u2019](?:s\b|(?=\s))")
# What speaks in its owner's name: "Cornyn's statement", "Ryan's office".
_OWN_VOICE = re.compile(
    r"['\u2019]s?\s+(?:\w+\s+)?(?:statements?|letter|tweets?|posts?|message|e-?mail|website|"
    r"blog|account|release|office|campaign|remarks|speech|interview|book|memo|column|op-ed|video|"
    r"ad|ads|editorial|announcement)\b"
)


def _owner_only(text: str, end: int) -> bool:
    """True when the name ending at ``end`` only owns the speaker ("Sanders's campaign
    manager"), not when it owns what speaks in its name ("Cornyn's statement")."""
    return _POSSESSIVE.match(text, end) is not None and _OWN_VOICE.match(text, end) is None


def _before_relative(text: str, start: int, verb: int) -> int:
    """Where a subject ends before its verb: before a relative clause set off between them
    ("Ann Lee, who met Bob Ray, said": Ann Lee speaks)."""
    found = _RELATIVE.search(text, start, verb)
    return found.start() if found else verb
