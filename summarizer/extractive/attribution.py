"""Who said it: the attribution clause around a quotation, parsed into cue and source.

An attribution is a cue (a reporting verb such as "said", "told", "wrote", or
"according to") and a source: the noun phrase that is the cue's subject. The
source stands before the cue ("Smith said", "Smith, the minister, said") or
after it ("said Smith", "according to Smith"), and is a name, a pronoun ("he")
or a description ("the spokesman", "the influential US daily"). Names resolve
to actors through their mentions, pronouns to the nearest compatible actor
that is the subject of a recent sentence, descriptions to the one recent actor
whose role fits; a description that fits no actor is kept as the speaker's
description, never guessed into a name.

Every method reads a bounded stretch of text (at most ``WINDOW`` characters
on either side of a quote), so attributing all the quotes of an article costs
time in proportion to the article's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..schema import ActorKind
from .actors import ActorTable, Mention
from .document import Document
from .lexicon import (
    CUE_VERBS,
    INVERSION_VERBS,
    ROLE_NOUNS,
    SPEAKING_HEADS,
    TITLE_WORDS,
)
from .names import NAME_BEFORE_CUE, NAME_RUN, person_name

WINDOW = 240  # characters of attribution context read on each side of a quote
_CUE = re.compile(
    r"\b(?:[Aa]ccording\s+to|(?:issued|released|put\s+out|posted|sent)\s+(?:a|an|the|this)\s+"
    r"(?:\w+\s+){0,2}"
    r"(?:statement|response|message)|(?:shot|fired|hit|pushed)\s+back|went\s+on|put\s+it|"
    + "|".join(sorted(CUE_VERBS, key=len, reverse=True))
    + r")\b"
)
# "Cornyn's statement added": what a document says, its author says.
_DOCUMENT_HEADS = frozenset(
    """statement statements tweet tweets letter post posts message email website blog account
    op-ed column book memo release speech remarks interview video ad ads editorial
    announcement filing complaint lawsuit report""".split()
)
# "Ryan's office said", "Sanders' campaign said": the owner speaks through them.
_SPOKEN_FOR_BY = _DOCUMENT_HEADS | frozenset({"office", "campaign"})
_INVERSION = re.compile(
    r"[\s,.!?\u2014\u2013-]*(?:" + "|".join(sorted(INVERSION_VERBS, key=len, reverse=True)) + r")\b"
)
_PRONOUNS = frozenset("he she they it we i".split())
_PRONOUN_AT_END = re.compile(r"\b(he|she|they|it|He|She|They|It)\s*$")
# Words between a subject and its cue that do not change who speaks.
_FILLER = re.compile(
    r"(?:\s*\b(?:also|later|then|further|previously|again|once|repeatedly|recently|"
    r"reportedly|simply|flatly|quickly|has|have|had|would|will|is|was|are|were|had\s+earlier|"
    r"(?!(?:family|ally|rally|assembly|supply|reply|monopoly|bully|anomaly|daily|weekly|"
    r"monthly|quarterly)\b)[a-z]{2,}ly|"
    r"earlier|(?:on|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:night|morning))?|"
    r"(?:last|this)\s+(?:week|month|year|night)|yesterday|today|"
    r"once\s+again|has\s+long|has\s+since|went\s+on\s+to|continued\s+to|who|which|"
    r"(?:is|was|has\s+been)\s+quoted\s+as|is\s+reported\s+to\s+have)\b)+\s*$"
)
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z]\.)(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|Lt|Mt|No)\.)"
    r"(?<!\b(?:Mrs|Sen|Rep|Gov|Gen|Col|Sgt|Rev|Adm)\.)(?<!\b(?:Capt|Prof|Cmdr|Supt)\.)"
    r"(?<=[.!?])[\"'\u201d\u2019]?\s+(?=[A-Z\"\u201c])"
)
# Openers of a clause that comes before the subject: "In a statement, Smith said".
_ADVERBIAL = re.compile(
    r"(?:in|on|at|after|before|when|while|during|asked|speaking|earlier|later|yesterday|like|unlike|"
    r"today|however|but|and|meanwhile|instead|still|now|then|since|as|with|without|"
    r"according|for|from|by|if|though|although|because|responding|writing|addressing|"
    r"appearing|last|this|that|over|under|told|pressed)\b",
    re.IGNORECASE,
)
_DESCRIPTION_BEFORE_CUE = re.compile(
    r"(?<![\w,])\s*((?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w'\u2019-]+\s+){0,3}[a-z][\w-]*)\s*$"
)
_SEPARATOR = re.compile(r",|\s[-\u2013\u2014]\s")
_NOT_SPEAKERS = _DOCUMENT_HEADS | frozenset(
    "of for to in on at by with from the a an that who which".split()
)
_MARK = re.compile('["\u201c\u201d]')
# What may stand between a cue and the clause it reports: "said Wednesday that",
# "told reporters in Iowa that", "said he".
_COMPLEMENT = re.compile(
    r"(?:(?:\s+(?!that\b)[\w'\u2019.-]+){0,8}?\s+that\b"
    r"|(?:\s+(?!who|whom|which)[\w'\u2019.-]+){0,2}?\s+(?:he|she|they|we|I|it)"
    r"(?:['\u2019][a-z]+)?\s+[a-z])"
)
# A cue that is negated or not yet said ("cannot say that", "refused to say"), and the
# end of the reported clause before the quote ("..., Rubio fired back:").
_NOT_ASSERTED = re.compile(
    r"(?:\bnot|n['\u2019]t|\bnever|\bcannot|\bcould|\bwould|\bshould|\bwill|\bmight|\bmust|\bto)\s+$"
)
_CLAUSE_BREAK = re.compile(
    r"[:;\u2014]|\s[-\u2013]\s|,\s+(?:[A-Z]|(?:he|she|they|we|it|the|a|an|his|her|their)\b)"
)
_COMPLEMENTIZER = re.compile(r"\s*(?:that|how|whether|why|what)\b")
# After a cue in a new sentence: a statement of its own ("said Wednesday she, too, wants").
_OWN_STATEMENT = re.compile(r"(?:\s+[\w'\u2019.-]+){0,2}?[\s,]+(?:that|he|she|they|we|I|it)\b")
# Words that continue a sentence after a quote; no subject of a cue starts with them.
_NOT_A_SUBJECT = re.compile(
    r"(?:of|to|in|for|with|on|at|by|from|about|into|over|than|that|which|whom|who|whose|"
    r"where|until|unless|since|if|though|so)\b"
)
_COORDINATED_CLAUSE = re.compile(r",\s+(?:and|but)\s")
_CLAUSE_AND = re.compile(r"(?:\b[a-z]+|[,;])\s+and\s+$")
_NAME_AT_END = re.compile(r"\b[A-Z][\w'\u2019.-]*\s*$")
# What opens a description set off after a name: "Miller, a retired worker,", "Hicks, his
# campaign spokeswoman,".
_ARTICLE = re.compile(r"(?:a|an|the|his|her|their|its)\b", re.IGNORECASE)
_CONJUNCTION = re.compile(r"(?:and|but|or|while|as|before|after|when|because|although)\b")
_ENDS_COORDINATED = re.compile(r"\s(?:and|but)$")
_COORDINATOR = re.compile(r"(?:and|but|then|and then|before|after)", re.IGNORECASE)
_RELATIVE = re.compile(r"(?:who|whose|whom|which|where|when)\b", re.IGNORECASE)
_RELATIVE_CLAUSE = re.compile(r"\s+(?:who|whose|whom)\s")
_PREPOSITION_BEFORE = re.compile(r"\b(?:of|for|at|from|with|to|by|in|on|about|and)\s+(?:the\s+)?$")
_MODIFIER_BEFORE = re.compile(r"\b(?:of|for|at|from|with|to|by|in|on|about)\s+(?:the\s+)?$")
# "Walter Hewlett sniped that ...": any verb that takes a "that" clause reports.
_THAT_CUE = re.compile(
    r"\b(?:[a-z]{3,}(?:ed|s)|found|knew|held|heard|saw|felt|meant|showed|taught|understood)"
    r"(?=\s+that\b)"
)
_DESCRIPTOR_GAP = re.compile(r"^[\s'\u2019s,.-]*$")
_OPENING_DESCRIPTION = re.compile(
    r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w'\u2019-]+\s+){0,3}?(?P<head>[a-z][\w-]*)\b"
    r"(?=\s+(?!of\b|for\b|at\b|from\b|with\b|in\b|on\b)[a-z])"
)
_DESCRIPTION = re.compile(
    r"^\s*((?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+"
    r"[^,.;:!?\"\u201c\u201d]{2,80}?)\s*$"
)


@dataclass(frozen=True)
class Region:
    """A stretch ``text[start:end]`` of the attribution context."""

    start: int
    end: int


class Attributor:
    """Finds the speaker of a quotation from the clause around it."""

    def __init__(self, doc: Document, actors: ActorTable):
        self.doc = doc
        self.actors = actors
        # names that speak but were not known as actors
        self.new_speakers: dict[str, ActorKind] = {}
        self._clauses: dict[tuple[int, int], tuple[int, list[re.Match[str]]]] = {}

    # ------------------------------------------------------------ the clause

    def trailing(self, end: int, limit: int) -> str | None:
        """Speaker from an attribution after the quote: '"...," Smith said', '"...," said Smith'."""
        text = self.doc.text
        hi = min(limit, end + WINDOW)
        cut = _SENTENCE_END.search(text, end, min(len(text), hi + 1))  # sees a mark at ``hi``
        stop = cut.start() if cut else hi
        # '"... done." Smith said.': a short attribution may follow as its own sentence.
        new_sentence = end >= 2 and text[end - 2] in ".!?"
        dash = re.match(r"\s*[-\u2013\u2014]+\s*", text[end:stop])
        if dash:
            mention = self._first_usable(end + dash.end(), min(stop, end + dash.end() + 3))
            if mention is not None:
                return self._name(mention.actor)
        inverted = _INVERSION.match(text, end, stop)
        if inverted:
            return self.source_after(inverted.end(), stop)
        cue = next(_cues(text, end, min(stop, end + 120)), None)
        if cue is None:
            return None
        if cue.group().lower().startswith("according"):
            return self.source_after(cue.end(), stop)
        subject_start = end
        while subject_start < cue.start() and text[subject_start] in " ,\u2014\u2013-\n":
            subject_start += 1
        if subject_start >= cue.start():
            return self.source_after(cue.end(), stop)
        between = text[subject_start : cue.start()]
        if (
            _CONJUNCTION.match(text, subject_start)
            or (_NOT_A_SUBJECT.match(text, subject_start) and "," not in between)
            or _COORDINATED_CLAUSE.search(between)
        ):
            # '"...," and Trump called it', '"..." of Trump, whom he called': the sentence
            # goes on, the words before the cue are not this quote's source
            return None
        subject = text[subject_start : cue.start()]
        if not _ADVERBIAL.match(subject):
            subject = subject.split(",")[0]  # "Miller, a retired worker, said": the name
        if new_sentence and (
            len(subject.split()) > 6
            or _MARK.search(text, cue.end(), stop)
            or (stop >= limit and _MARK.match(text, limit))  # the cue introduces the next quote
            or _OWN_STATEMENT.match(text, cue.end(), stop)
        ):
            # '"..." Sanders called Trump a "liar."', '"..." Clinton said she, too, wants':
            # a sentence of its own
            return None
        found = self.source_before(subject_start, cue.start())
        if found is None and text[subject_start : cue.start()].rstrip().endswith(","):
            # '"...," that Sanders can catch Clinton, said Steve Elmendorf'
            return self.source_after(cue.end(), stop)
        return found

    def leading(self, limit: int, start: int) -> str | None:
        """Speaker from an attribution before the quote, in the same sentence."""
        text = self.doc.text
        clause_start, cues = self._clause(limit, start)
        opener = _SAID_FIRST.match(text, clause_start, start)
        if opener and not any(cue.start() >= opener.end() for cue in cues):
            # "Said Dorothy Poynter, who grew up with Ali, “...”"; but in "Asked about it,
            # Smith said “...”" the later cue attributes
            return self.source_after(opener.end(), start)
        cues = cues or list(_THAT_CUE.finditer(text, clause_start, start))
        if not cues and text[clause_start:start].rstrip().endswith(":"):
            # "McConnell delivered a blunt message to Trump: “...”"
            return self._introducer(clause_start, text.rindex(":", clause_start, start))
        if not cues:
            return self.acting_subject(clause_start, start)
        for cue in reversed(cues[-3:]):
            if cue.group().lower().startswith("according"):
                found = self.source_after(cue.end(), start)
            else:
                found = self.source_before(clause_start, cue.start())
                if (
                    found is None
                    and cue.group() in INVERSION_VERBS
                    and not _NAME_AT_END.search(
                        text, max(clause_start, cue.start() - 40), cue.start()
                    )
                ):
                    # "..., says Ali": the source follows; but in "King says Ali ..." King speaks
                    found = self.source_after(cue.end(), start)
            if found is not None:
                return found
        return None

    def complement(self, limit: int, start: int) -> str | None:
        """The source of a cue whose complement clause holds the quote.

        In "Trump claimed on Tuesday that “General Petraeus got in trouble”" or
        "Butterfield said he was “outraged”" the quoted words are the cue's
        source's, whatever names the clause itself holds or a sentence after it starts with.
        """
        text = self.doc.text
        clause_start, cues = self._clause(limit, start)
        for cue in reversed(cues[-3:]):
            if (
                cue.group().lower().startswith("according")
                or _NOT_ASSERTED.search(text, max(clause_start, cue.start() - 12), cue.start())
                or _MARK.search(text, cue.end(), start)
                or _CLAUSE_BREAK.search(text, cue.end(), start)
            ):
                continue  # "cannot say that", or the clause ends before the quote
            if _COMPLEMENT.match(text, cue.end(), start):
                return self.source_before(clause_start, cue.start())
        return None

    def _clause(self, limit: int, start: int) -> tuple[int, list[re.Match[str]]]:
        """Where the sentence before a quote at ``start`` begins, and its cues (read once)."""
        key = (limit, start)
        if key not in self._clauses:
            clause_start = self._sentence_start(max(limit, start - WINDOW), start)
            self._clauses[key] = (clause_start, list(_cues(self.doc.text, clause_start, start)))
        return self._clauses[key]

    def acting_subject(self, clause_start: int, start: int) -> str | None:
        """A person who is the subject of the clause a quote sits in, with no cue at all:
        "Rubio also bemoaned the climate in which people \u201cliterally hate each other\u201d"."""
        text = self.doc.text
        if start - clause_start < 12:
            return None
        segments = _segments(text, clause_start, start)
        while len(segments) > 1 and _ADVERBIAL.match(text, segments[0].start):
            segments = segments[1:]
        if not segments:
            return None
        head = self._head_mention(segments[0].start, min(segments[0].end, segments[0].start + 40))
        if head is None or not _only_titles(text[segments[0].start : head.start]):
            return None  # "Dr. Muhammad Babar pondered": a title may open the subject
        actor = self.actors.actors[head.actor]
        verb_at = head.end
        if head.end == segments[0].end and _set_off_description(text, segments[1:3]):
            verb_at = segments[2].start - 1  # "Khan, a lawyer, decried": past the appositive
        following = _NEXT_WORD.match(text, verb_at, start)
        if actor.kind != "person" or following is None:
            return None  # a person followed by a verb: "Trump also embraced ..."
        return self._name(head.actor)

    def credit(self, start: int, end: int) -> str | None:
        """The name a credit line gives ("Bernie Sanders.", "President Obama, tweeting")."""
        segments = _segments(self.doc.text, start, min(end, start + 120))
        if not segments or len(self.doc.text[segments[0].start : segments[0].end].split()) > 5:
            return None
        head = segments[0]
        found = self._head_mention(head.start, head.end)
        if found is not None:
            return self._name(found.actor)
        return self._unknown_name(self.doc.text[head.start : head.end], single=True)

    def announcer(self, start: int, end: int) -> str | None:
        """The subject of a short sentence that announces the quote after it: "Smith agreed."."""
        text = self.doc.text
        sentence = text[start:end].strip()
        if len(sentence.split()) > 8 or not sentence.endswith((".", ":")) or '"' in sentence:
            return None
        return self._clause_subject(Region(start, end))

    def _introducer(self, start: int, colon: int) -> str | None:
        """Who a clause ending in a colon introduces: its subject, or the name it is."""
        segments = _segments(self.doc.text, start, colon)
        while len(segments) > 1 and _ADVERBIAL.match(self.doc.text, segments[0].start):
            segments = segments[1:]
        if not segments:
            return None
        head = segments[0]
        if _is_clause(self.doc.text[head.start : head.end]) or len(segments) == 1:
            return self._clause_subject(head) or self._noun_phrase(head.start, head.end, [])
        return self._noun_phrase(head.start, head.end, segments[1:])

    def statement(self, start: int, end: int, *, first: bool = False) -> str | None:
        """The source of the last (or ``first``) cue in ``text[start:end]``.

        The last cue of a sentence that announces a quote ("Smith said in a
        statement:"), the first of a sentence that reports a claim.
        """
        if first:
            end = min(end, start + WINDOW)
            cue = next(_cues(self.doc.text, start, end), None)
        else:
            start = max(start, end - WINDOW)
            cues = list(_cues(self.doc.text, start, end))
            cue = cues[-1] if cues else None
        if cue is None:
            return None
        if cue.group().lower().startswith("according"):
            return self.source_after(cue.end(), end)
        return self.source_before(self._sentence_start(start, cue.start()), cue.start()) or (
            self.source_after(cue.end(), end)
        )

    def _sentence_start(self, lo: int, at: int) -> int:
        """Where the sentence holding ``at`` begins, not before ``lo``."""
        text = self.doc.text
        start = lo
        # one character past ``at``, so a sentence that ends right before it is seen
        for m in _SENTENCE_END.finditer(text, lo, min(len(text), at + 1)):
            if m.end() <= at:
                start = m.end()
        return start

    # ------------------------------------------------------------ the source

    def source_before(self, start: int, cue: int) -> str | None:
        """The subject noun phrase of a cue that ``text[start:cue]`` ends with."""
        text = self.doc.text
        start = max(start, cue - WINDOW)
        filler = _FILLER.search(text, start, cue)
        end = filler.start() if filler else cue
        participle = self._is_participle(cue)
        adjacent = self._adjacent_subject(start, end, participle=participle)
        if adjacent is not None:
            return self._name(adjacent.actor)
        tail = NAME_BEFORE_CUE.search(text, max(start, end - 80), end)
        before_name = _MODIFIER_BEFORE if participle else _PREPOSITION_BEFORE
        if tail and not before_name.search(text, max(start, tail.start() - 12), tail.start()):
            named = self._unknown_name(tail.group(), single=True)
            if named is not None:
                return named
        described = _DESCRIPTION_BEFORE_CUE.search(text, max(start, end - 60), end)
        if described and _head_noun(described.group(1).split()) not in _NOT_SPEAKERS:
            # "the Utah Republican asks", "the ministry said"
            found = self.description(described.group(1), end)
            if found is not None:
                return found
        segments = _segments(text, start, end)
        while segments and _ADVERBIAL.match(text, segments[0].start) and len(segments) > 1:
            segments = segments[1:]  # "In a statement, Smith said"
        if not segments:
            return None
        head, last = segments[0], segments[-1]
        if _RELATIVE.match(text, head.start):
            return None
        if _ENDS_COORDINATED.search(text, last.start, last.end) and not _COORDINATOR.fullmatch(
            text, last.start, last.end
        ):
            # "Silverman was joined on stage by Al Franken and joked": the clause's subject
            return self._clause_subject(last)
        coordinated = _COORDINATOR.fullmatch(text, last.start, last.end) is not None
        after_preposition = participle and _PREPOSITION_BEFORE.search(
            text, max(start, end - 12), end
        )
        if (
            coordinated
            or after_preposition
            or (participle and text[max(start, end - 3) : end].rstrip().endswith(","))
        ):
            # "Romney went after Trump, calling it ...", "Nieto compared ..., and urged":
            # the speaker of an earlier cue in the sentence, else the main clause's subject.
            earlier = list(_cues(text, start, max(start, end - 1)))
            if earlier:
                return self.source_before(start, earlier[-1].start())
            return self._main_subject(segments)
        if _is_clause(text[head.start : head.end]):
            # "NATO now has 40,000 troops, he said": the subject is next to the cue.
            if last is head or _is_clause(text[last.start : last.end]):
                return None
            return self._noun_phrase(last.start, last.end, [])
        found = self._noun_phrase(head.start, head.end, segments[1:])
        if found is None and last is not head and not _is_clause(text[last.start : last.end]):
            # "Allegedly, ..., but he replied": the words next to the cue.
            found = self._noun_phrase(last.start, last.end, [])
        return found

    def _main_subject(self, segments: list[Region]) -> str | None:
        """The subject of the main clause a participle hangs on: the first segment's, else,
        past an opening phrase without a verb ("Here in Iowa, Smith pressed on, saying"),
        the next segment's when it is a clause."""
        found = self._clause_subject(segments[0])
        if found is not None or len(segments) < 2 or _is_clause_text(self.doc.text, segments[0]):
            return found
        second = segments[1]
        return self._clause_subject(second) if _is_clause_text(self.doc.text, second) else None

    def _is_participle(self, cue: int) -> bool:
        word = re.match(r"\w+", self.doc.text[cue : cue + 20])
        return bool(word and word.group().endswith("ing"))

    def _clause_subject(self, clause: Region) -> str | None:
        """The subject a clause starts with: a name among its first words, or a pronoun."""
        text = self.doc.text
        pronoun = re.match(r"(he|she|they|it|He|She|They|It)\b", text[clause.start : clause.end])
        if pronoun:
            return self.pronoun(pronoun.group(1), clause.start)
        first = self._head_mention(clause.start, min(clause.end, clause.start + 60))
        if first is None or len(text[clause.start : first.start].split()) > 3:
            opening = NAME_RUN.match(text, clause.start, clause.end)
            named = self._unknown_name(opening.group(), single=False) if opening else None
            return named or self._opening_description(clause)
        return self._name(first.actor)

    def _opening_description(self, clause: Region) -> str | None:
        """A description the clause opens with, up to its head noun: "The Florida senator
        sought to calm the crowd" -> the actor whose role fits, else "the Florida senator"."""
        opening = _OPENING_DESCRIPTION.match(self.doc.text, clause.start, clause.end)
        if opening is None or opening.group("head") not in SPEAKING_HEADS:
            return None
        return self.description(opening.group(), clause.start)

    def _unknown_name(self, phrase: str, *, single: bool) -> str | None:
        """A person's name in a source phrase that the actor table does not know.

        "Senate Minority Whip Dick Durbin" -> "Dick Durbin"; with ``single``, one
        capitalised word right before the cue ("Dayton tells") counts as a surname.
        """
        name = person_name(phrase, single=single, lowercase=self.doc.lowercase_words)
        if name is None:
            return None
        known = self.actors.find(name)
        if known is not None:
            return self._name(known)
        self.new_speakers.setdefault(name, "person")
        return name

    def _adjacent_subject(self, start: int, end: int, *, participle: bool) -> Mention | None:
        """A name right before the cue, nothing but spaces between: "with Boswell stating"."""
        text = self.doc.text
        mentions = self.actors.mentions_between(max(start, end - 80), end)
        if not mentions:
            return None
        last = mentions[-1]
        if last.end > end or text[last.end : end].strip():
            return None
        # "Ingram of The Globe and Mail said": a name after a preposition only modifies;
        # with a participle, "and Trump calling", "with Boswell stating" name the speaker.
        # "... and Donald Trump says": a full name after "and" is a new subject.
        full_name = self.actors.actors[last.actor].kind == "person" and " " in last.text
        # "a woman asked for a photo and Clinton said": "and" after a clause starts a new one
        new_clause = _CLAUSE_AND.search(text, max(start, last.start - 30), last.start)
        pattern = _MODIFIER_BEFORE if participle or full_name or new_clause else _PREPOSITION_BEFORE
        preposition = pattern.search(text, max(start, last.start - 12), last.start)
        if preposition and not (participle and preposition.group().startswith("with")):
            return None
        head = self._head_mention(max(start, last.start - 80), end)
        return head if head is not None and head.end == last.end else last

    def source_after(self, start: int, end: int) -> str | None:
        """The subject after an inverted cue: "said Smith", "according to the ministry"."""
        text = self.doc.text
        end = min(end, start + WINDOW)
        if _COMPLEMENTIZER.match(text, start, end):
            return None  # "adding that it's why Trump ...": what was said, not who said it
        segments = _segments(text, start, end)
        if not segments:
            return None
        head = segments[0]
        first = self._head_mention(head.start, head.end)
        if first is not None and not text[head.start : first.start].strip(" .").count(" ") > 3:
            return self._name(first.actor)
        if len(text[head.start : head.end].split()) > 8:
            # "said former Pennsylvania Gov. and DNC Chairman Ed Rendell": a long title, or
            # "said a Democratic strategist who spoke on the condition of anonymity"
            return self._unknown_name(
                text[head.start : head.end], single=False
            ) or self._noun_phrase(head.start, head.end, segments[1:])
        return self._noun_phrase(head.start, head.end, segments[1:])

    def _noun_phrase(self, start: int, end: int, appositives: list[Region]) -> str | None:
        """A name, pronoun or description in ``text[start:end]``; appositives may name it."""
        text = self.doc.text
        phrase = text[start:end].strip()
        if not phrase:
            return None
        head = self._head_mention(start, end)
        if head is not None:
            return self._name(head.actor)
        words = phrase.split()
        author = self._document_author(start, end)
        if author is not None:
            return self._name(author.actor)
        if len(words) == 1 and words[0].lower() in _PRONOUNS:
            return self.pronoun(words[0], start)
        for extra in appositives[:2]:  # "the minister, Sergei Lavrov, said"
            named = self._head_mention(extra.start, extra.end)
            if named is not None and _is_name_only(text[extra.start : named.start], named, extra):
                return self._name(named.actor)
        pronoun = _PRONOUN_AT_END.search(phrase)
        if pronoun and len(words) <= 3:
            return self.pronoun(pronoun.group(1), start)
        # "Miller, a retired worker, said": one word described by an appositive is a surname
        surname = bool(appositives) and _ARTICLE.match(text, appositives[0].start) is not None
        unknown = self._unknown_name(phrase, single=surname)
        if unknown is not None:
            return unknown
        # "a Democratic strategist who spoke on condition of anonymity": the words before
        # the relative clause describe the speaker
        description = _DESCRIPTION.match(_RELATIVE_CLAUSE.split(phrase, 1)[0])
        if description:
            return self.description(description.group(1), start)
        return None

    def _document_author(self, start: int, end: int) -> Mention | None:
        """ "Cornyn's statement", "the senator's tweet": the name before a document's 's."""
        text = self.doc.text
        for mention in self.actors.mentions_between(start, end)[:4]:
            tail = re.match(r"['\u2019]s?\s+(?:\w+\s+)?(\w+)\s*$", text[mention.end : end])
            if tail and tail.group(1).lower() in _SPOKEN_FOR_BY:
                return mention
        return None

    def _head_mention(self, start: int, end: int) -> Mention | None:
        """The name a phrase is about: "Clinton campaign spokesman Brian Fallon" -> Fallon.

        Names after a preposition ("director of NASA") or with a possessive
        ("Trump's adviser") only modify the head; a name followed by role words
        and another name ("Clinton campaign spokesman Brian Fallon") gives way to it.
        """
        text = self.doc.text
        head: Mention | None = None
        for mention in self.actors.mentions_between(start, end)[:8]:
            if mention.end > end:
                break
            if text.startswith(("'s", "\u2019s"), mention.end):
                continue
            if _PREPOSITION_BEFORE.search(text, max(start, mention.start - 12), mention.start):
                continue
            if head is None or _descriptor_gap(text[head.end : mention.start]):
                head = mention
            else:
                break
        if head is not None:
            following = _NEXT_WORD.match(text, head.end, end)
            determined = _DETERMINER_BEFORE.search(text, max(start, head.start - 30), head.start)
            if following and (_is_head_noun(following.group(1)) or determined):
                return None  # "the Russian ambassador", "a longtime GOP data expert"
        return head

    # ------------------------------------------------------- resolution

    def _first_usable(self, start: int, end: int) -> Mention | None:
        found = self.actors.mentions_between(start, end)
        return found[0] if found else None

    def _name(self, actor: int | None) -> str | None:
        return self.actors.actors[actor].name if actor is not None else None

    def pronoun(self, pronoun: str, at: int) -> str | None:
        """The actor a pronoun points back to: the subject of the nearest sentence naming one."""
        lower = pronoun.lower()
        if lower in ("we", "i"):
            return None
        kinds = ("person",) if lower in ("he", "she") else ("organization", "country", "group")
        doc = self.doc
        if not doc.sentences:
            return None
        index = doc.sentence_index(at)
        floor = max(0, at - 4 * WINDOW)
        for sentence in reversed(doc.sentences[max(0, index - 4) : index + 1]):
            if sentence.end <= floor:
                break
            lo = max(sentence.start, floor)
            for mention in self.actors.mentions_between(lo, min(sentence.end, at))[:12]:
                if self.actors.actors[mention.actor].kind in kinds:
                    return self._name(mention.actor)
        return self._name(self.actors.nearest_before(at, kinds))

    def description(self, description: str, at: int) -> str | None:
        """The actor a description fits ("the minister"), else the description itself."""
        description = " ".join(description.split())
        words = description.split()
        if len(words) < 2:
            return None
        actor = self.actors.by_role(description, at)
        if actor is None and words[-1][:1].isupper():
            actor = self.actors.by_name_word(words[-1])  # "the Church" -> "Greek Orthodox Church"
        if actor is not None:
            return self._name(actor)
        head = _head_noun(words)
        if head not in SPEAKING_HEADS:
            return None
        if words[-1][:1].isupper():
            # "a Wednesday editorial in The Des Moines Register" -> "a Wednesday editorial"
            cut = [w.lower().strip(".,;:") for w in words].index(head) + 1
            words = words[:cut]
        relative = next((i for i, w in enumerate(words) if i > 1 and _RELATIVE.fullmatch(w)), None)
        if relative is not None:
            words = words[:relative]  # "a strategist who spoke on condition of anonymity"
        if words[0].lower() in ("one", "another"):
            # "one Trump confidant" -> "a Trump confidant": one unnamed person of a kind
            words = [_indefinite(words[1]), *words[1:]]
        description = " ".join(words)
        return description[0].lower() + description[1:]


def _indefinite(word: str) -> str:
    """ "an" before a vowel sound ("an official"), else "a" ("a source", "a US official")."""
    lower = word.lower()
    vowel = lower[:1] in "aeiou" and not lower.startswith(("eu", "uni", "use", "one"))
    return "an" if vowel and not word.isupper() else "a"


def _cues(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Cues in ``text[start:end]``; a verb that is also a plural noun ("member states",
    "the reports") counts only right after a name or a pronoun."""
    for cue in _CUE.finditer(text, start, end):
        if cue.group() in _PLURAL_NOUNS:
            before = _WORD_BEFORE.search(text, max(start, cue.start() - 40), cue.start())
            word = before.group(1) if before else ""
            if word.endswith(("'s", "\u2019s")) or not (
                word[:1].isupper() or word.lower() in _PRONOUNS
            ):
                continue
        yield cue


_PLURAL_NOUNS = frozenset(
    "states reports claims calls notes comments posts points answers replies remarks promises "
    "vows estimates tweets".split()
)
_WORD_BEFORE = re.compile(r"([\w'\u2019.-]+)\s+$")


def _segments(text: str, start: int, end: int) -> list[Region]:
    """Pieces of ``text[start:end]`` between commas and spaced dashes, trimmed, none empty."""
    out: list[Region] = []
    cursor = start
    while cursor <= end:
        sep = _SEPARATOR.search(text, cursor, end)
        while sep and text[sep.start() - 1].isdigit() and text[sep.end() : sep.end() + 1].isdigit():
            sep = _SEPARATOR.search(text, sep.end(), end)  # "40,000" is one number
        a, b = cursor, sep.start() if sep else end
        while a < b and text[a] in " \n\t\u2014\u2013-\"'\u201c\u201d(":
            a += 1
        while b > a and text[b - 1] in " \n\t\u2014\u2013-\"'\u201c\u201d).;:!?":
            b -= 1
        if b > a:
            out.append(Region(a, b))
        if sep is None:
            break
        cursor = sep.end()
    return out


_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|shall|"
    r"does|did|do|isn't|wasn't|won't|doesn't|didn't|hasn't|haven't)\b",
    re.IGNORECASE,
)


def _is_clause(phrase: str) -> bool:
    """True for a clause ("NATO now has troops") rather than a noun phrase ("the minister")."""
    return len(phrase.split()) > 12 or _FINITE.search(phrase) is not None


def _is_clause_text(text: str, region: Region) -> bool:
    """True when ``region`` holds a verb: a clause with a subject of its own, not an opening
    phrase ("Here in Iowa", "On Tuesday")."""
    words = text[region.start : region.end].split()
    return _FINITE.search(text, region.start, region.end) is not None or any(
        w.endswith("ed") and w.islower() for w in words[1:]
    )


def _descriptor_gap(gap: str) -> bool:
    """True when the words between two names only describe the second ("campaign spokesman")."""
    if _DESCRIPTOR_GAP.match(gap):
        return False  # "Smith and Jones", "Smith, Jones": two people, keep the first
    words = re.findall(r"[\w'\u2019.-]+", gap)
    return bool(words) and all(
        w.lower() in ROLE_NOUNS
        or w in TITLE_WORDS
        or w.lower() in _DESCRIPTOR_WORDS
        or (w[:1].isupper() and w.lower() not in ("and", "or"))
        for w in words
    )


_DESCRIPTOR_WORDS = frozenset(
    """campaign political press communications national deputy senior former top chief
    longtime state party committee pollster strategist consultant operative spokesman
    spokeswoman spokesperson manager chairman director adviser advisor aide surrogate
    staffer lawyer attorney counsel host anchor writer columnist economist""".split()
)


_SAID_FIRST = re.compile(r"(?:Said|Says|Added|Wrote|Asked)\s+(?=[A-Z])")


def _set_off_description(text: str, regions: list[Region]) -> bool:
    """True when ``regions`` are an appositive describing the name before it ("a retired
    worker", "who is Muslim", "Trump's fired campaign manager") and then a lowercase word."""
    if len(regions) < 2 or text[regions[0].end : regions[1].start].strip() != ",":
        return False
    first = regions[0]
    describes = (
        _ARTICLE.match(text, first.start)
        or _RELATIVE.match(text, first.start)
        or _OWNER.match(text, first.start, first.end)
    )
    return bool(describes) and text[regions[1].start].islower()


_OWNER = re.compile(r"(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*['\u2019]s?\s+[a-z]")


def _only_titles(words: str) -> bool:
    """True when ``words`` are nothing or titles only ("", "Dr.", "Sen.")."""
    return all(w in TITLE_WORDS or w.rstrip(".") in TITLE_WORDS for w in words.split())


def _is_name_only(before: str, named: Mention, segment: Region) -> bool:
    """True when a segment is just a name, perhaps after a title ("Ambassador Anatoly Antonov")."""
    return named.end == segment.end and all(
        w[:1].isupper() or w in TITLE_WORDS for w in before.split()
    )


_DETERMINER_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Oo]ne|[Aa]nother)\s+(?:[a-z][\w-]*\s+){0,2}$")
_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")


def _is_head_noun(word: str) -> bool:
    return word in ROLE_NOUNS or word in SPEAKING_HEADS or word in _DESCRIPTOR_WORDS


def _head_noun(words: list[str]) -> str:
    """The head of a description: its last speaking noun before a preposition or a
    relative clause ("one official familiar with the talks" -> "official"), else the
    word just before it, else the last word."""
    lowered = [w.lower().strip(".,;:") for w in words]
    cut = next((i for i, w in enumerate(lowered) if i > 1 and w in _POST_MODIFIERS), len(lowered))
    nouns = [w for w in lowered[1:cut] if w in SPEAKING_HEADS]
    return nouns[-1] if nouns else lowered[cut - 1]


_POST_MODIFIERS = frozenset("of for at from with who that familiar close".split())
