"""Direct quotations and who said them.

Quotes come from quotation marks of every kind, from interview turns, and from
scraped text whose marks were lost (a trailing », "A quote from X", or the
attribution run into the quote: "atrocitieshe added"). Speakers come from the
reporting clause next to the quote, resolved to actors through their mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold
from .actors import ActorTable
from .document import Document, Paragraph
from .lexicon import COMMON_WORDS, INVERSION_VERBS, REPORTING_VERBS, SPEAKING_HEADS

_OPEN_CLOSE = {
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
    "\u201e": "\u201c",
    "\u2039": "\u203a",
    "\u2018": "\u2019",
}
_MARKS = re.compile("[\"\u201c\u201d\u00ab\u00bb\u201e\u2039\u203a\u2018\u2019']")
_OPENERS = re.compile("[\"'\u201c\u00ab\u201e\u2039\u2018]")
_STRIP = " \t\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a"
_VERB = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
_INV = "|".join(sorted(INVERSION_VERBS, key=len, reverse=True))
_ADVERBS = (
    r"(?:(?:also|later|then|further|previously|again|once|had|has|have|would|had\s+earlier)\s+)*"
)
_PRONOUN = r"(?:he|she|they|it|we|He|She|They|It|We)"
# An attribution run into the word before it (no space): "atrocitieshe added".
_GLUE = re.compile(
    rf"(?<=\S)(?P<attr>{_PRONOUN}\s+{_ADVERBS}(?:{_VERB})\b|(?:{_INV}|according\s+to)\b"
    rf"|[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){{0,6}}\s+{_ADVERBS}(?:{_VERB})\b)"
)
_WORD_BEFORE = re.compile(r"[\w'\u2019]+[.!?,;]?$")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|me|I'm|we're|We're)\b")
_QUOTE_FROM = re.compile(r"^\s*A quote from\s+(?P<who>.+?)\s*$", re.IGNORECASE)
_PULL = re.compile(
    r"(?P<quote>.{20,}?[.!?\u2026][\"\u201d\u2019\u00bb]?)\s+"
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s[A-Z][\w.'\u2019-]+){1,2})(?:,\s[^.!?]{2,60})?\s*$"
)
_NOT_WORDS = frozenset("unsaid aforesaid foretold untold resaid".split())


@dataclass
class QuoteDraft:
    start: int
    end: int
    speaker: str | None
    source: str  # how it was found: marks, turn, chevron, glue, pull
    priority: int

    def overlaps(self, other: QuoteDraft) -> bool:
        return self.start < other.end and other.start < self.end


class QuoteFinder:
    def __init__(self, doc: Document, actors: ActorTable):
        self.doc = doc
        self.actors = actors

    def run(self) -> list[QuoteDraft]:
        drafts: list[QuoteDraft] = []
        drafts += self._turns()
        drafts += self._marked()
        drafts += self._chevrons()
        drafts += self._glued()
        drafts += self._pulls()
        kept: list[QuoteDraft] = []
        for draft in sorted(drafts, key=lambda d: (d.priority, d.start)):
            if draft.end - draft.start < 2:
                continue
            if any(draft.overlaps(k) for k in kept):
                continue
            kept.append(draft)
        kept.sort(key=lambda d: d.start)
        out: list[QuoteDraft] = []
        seen: list[str] = []
        for draft in kept:
            folded = fold(self.doc.text[draft.start : draft.end])
            if len(folded) > 20 and any(folded in earlier for earlier in seen):
                continue  # a pull quote repeating a quotation already given
            seen.append(folded)
            out.append(draft)
        return out

    # ------------------------------------------------------------ speakers

    def _speaker_name(self, actor: int | None) -> str | None:
        return self.actors.actors[actor].name if actor is not None else None

    def _subject_before(self, window_start: int, verb_start: int) -> str | None:
        """Who speaks in "<subject> [also] said": the mention, pronoun or description before."""
        text = self.doc.text
        span = text[window_start:verb_start]
        trimmed = re.sub(rf"\s+{_ADVERBS}$", " ", span)
        mentions = self.actors.mentions_between(window_start, verb_start)
        while len(mentions) > 1 and re.search(
            r"\b(?:of|from|at|for|with)\s+(?:the\s+)?$", text[window_start : mentions[-1].start]
        ):
            mentions = mentions[:-1]
        if mentions:
            last = mentions[-1]
            gap = text[last.end : verb_start]
            if re.fullmatch(
                rf"['\u2019]?s?\s*,?[^.!?\"\u201c\u201d]{{0,60}}?\s*{_ADVERBS}", gap
            ) and (len(gap) < 4 or "," in gap or re.fullmatch(rf"\s*{_ADVERBS}", gap)):
                return self._speaker_name(last.actor)
        m = re.search(rf"\b({_PRONOUN})\s+{_ADVERBS}$", span)
        if m:
            return self._pronoun(m.group(1), window_start + m.start(1))
        m = re.search(
            r"\b((?:the|a|an|The|A|An)\s+(?:[\w'\u2019-]+\s+){0,5}?[\w'\u2019-]+)\s*$", trimmed
        )
        if m:
            return self._description(m.group(1), verb_start)
        return None

    def _subject_after(self, verb_end: int, window_end: int) -> str | None:
        """Who speaks in "said <subject>"."""
        text = self.doc.text
        span = text[verb_end:window_end]
        mentions = self.actors.mentions_between(verb_end, window_end)
        if mentions:
            lead = text[verb_end : mentions[0].start]
            words = lead.replace(",", " ").split()
            appositive = "," not in lead or not lead[lead.rfind(",") + 1 :].strip()
            if (
                len(words) <= 7
                and appositive
                and not re.search(r"[.;:!?\"\u201c\u201d]", lead)
                and not any(w in REPORTING_VERBS for w in words)
            ):
                return self._speaker_name(mentions[0].actor)
        m = re.match(rf"\s+({_PRONOUN})\s*(?:[,.;:!?]|$)", span)
        if m:
            return self._pronoun(m.group(1), verb_end)
        m = re.match(
            r"\s+((?:the|a|an)\s+[^,.;:!?\"\u201c\u201d]{2,60}?)(?=\s*(?:[,.;:!?]|$))", span
        )
        if m:
            return self._description(m.group(1), verb_end)
        return None

    def _pronoun(self, pronoun: str, at: int) -> str | None:
        """The actor a pronoun points back to: the subject of the nearest sentence naming one."""
        lower = pronoun.lower()
        if lower == "we":
            return None
        kinds = ("person",) if lower in ("he", "she") else ("organization", "country", "group")
        doc = self.doc
        index = doc.sentence_index(at)
        for sentence in reversed(doc.sentences[max(0, index - 4) : index + 1]):
            end = min(sentence.end, at)
            found = [
                m
                for m in self.actors.mentions_between(sentence.start, end)
                if self.actors.actors[m.actor].kind in kinds
            ]
            if found:
                return self._speaker_name(found[0].actor)
        return self._speaker_name(self.actors.nearest_before(at, kinds))

    def _description(self, description: str, at: int) -> str | None:
        description = description.strip()
        words = description.split()
        if len(words) < 2:
            return None
        actor = self.actors.by_role(description, at)
        if actor is None and words[-1][:1].isupper():
            actor = self.actors.by_name_word(words[-1])  # "the Church" -> "Greek Orthodox Church"
        if actor is not None:
            return self._speaker_name(actor)
        head = words[-1].lower()
        if head not in SPEAKING_HEADS:
            return None
        return description[0].lower() + description[1:]

    def _attribute(
        self, start: int, end: int, para: Paragraph, others: list[tuple[int, int]]
    ) -> str | None:
        """The speaker of the quote ``text[start:end]`` from the clause around it."""
        text = self.doc.text
        lo = max([para.start] + [b for a, b in others if b <= start])
        hi = min([para.end] + [a for a, b in others if a >= end])
        after = text[end:hi]
        cut = re.search(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])", after)
        after_end = end + (cut.start() if cut else len(after))
        m = re.match(r"\s*[-\u2013\u2014]+\s*", text[end:after_end])
        if m:
            mentions = self.actors.mentions_between(end + m.end(), end + m.end() + 2)
            if mentions:
                return self._speaker_name(mentions[0].actor)
        m = re.match(rf"[\s,.!?\u2014-]*(?:{_INV})\b", text[end:after_end])
        if m:
            found = self._subject_after(end + m.end(), after_end)
            if found:
                return found
        for verb in re.finditer(rf"\b(?:{_VERB})\b", text[end:after_end]):
            if verb.start() > 60:
                break
            found = self._subject_before(end, end + verb.start())
            if found:
                return found
        m = re.search(r"\baccording to\b", text[end:after_end], re.IGNORECASE)
        if m:
            found = self._subject_after(end + m.end(), after_end)
            if found:
                return found
        before = text[lo:start]
        sentence_cut = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
        b_lo = lo + sentence_cut + 2 if sentence_cut >= 0 else lo
        verbs = list(re.finditer(rf"\b(?:{_VERB})\b", text[b_lo:start]))
        for verb in reversed(verbs):
            v_start, v_end = b_lo + verb.start(), b_lo + verb.end()
            found = self._subject_before(b_lo, v_start)
            if found:
                return found
            if verb.group() in INVERSION_VERBS:
                found = self._subject_after(v_end, start)
                if found:
                    return found
        m = re.search(r"\baccording to\b", text[b_lo:start], re.IGNORECASE)
        if m:
            found = self._subject_after(b_lo + m.end(), start)
            if found:
                return found
        if re.search(r":\s*$", text[b_lo:start]) or verbs:
            found = self._clause_subject(b_lo, start)
            if found:
                return found
        if sentence_cut >= 0 and not text[b_lo:start].strip():
            return self._previous_sentence_speaker(lo + sentence_cut + 1)
        return None

    def _clause_subject(self, start: int, end: int) -> str | None:
        """The first person or organisation named in a clause: its likely subject."""
        for mention in self.actors.mentions_between(start, end):
            if self.actors.actors[mention.actor].kind in ("person", "organization", "group"):
                return self._speaker_name(mention.actor)
        m = re.match(rf"\s*({_PRONOUN})\b", self.doc.text[start:end])
        if m:
            return self._pronoun(m.group(1), start + m.start(1))
        return None

    def _previous_sentence_speaker(self, sentence_end: int) -> str | None:
        """The subject of the sentence before a quote when that sentence announces one."""
        index = self.doc.sentence_index(max(0, sentence_end - 1))
        sentence = self.doc.sentences[index]
        chunk = self.doc.text[sentence.start : sentence.end]
        if not re.search(rf"\b(?:{_VERB}|statement|wrote|tweet(?:ed)?)\b", chunk):
            return None
        return self._clause_subject(sentence.start, sentence.end)

    def _previous_paragraph_speaker(self, para_index: int) -> str | None:
        """A speaker introduced at the end of the previous paragraph: "Rathbun stated,"."""
        if para_index == 0:
            return None
        prev = self.doc.paragraphs[para_index - 1]
        tail = self.doc.text[prev.start : prev.end].rstrip()
        if not tail.endswith((":", ",")):
            return None
        verbs = list(re.finditer(rf"\b(?:{_VERB})\b", self.doc.text[prev.start : prev.end]))
        if not verbs:
            return None
        verb = verbs[-1]
        return self._subject_before(prev.start, prev.start + verb.start()) or self._subject_after(
            prev.start + verb.end(), prev.end
        )

    def _previous_statement(self, para_index: int) -> str | None:
        """The subject of "X said in a statement" in the paragraph just before a quote paragraph."""
        for para in reversed(self.doc.paragraphs[max(0, para_index - 2) : para_index]):
            if para.kind != "body":
                continue
            chunk = self.doc.text[para.start : para.end]
            m = re.search(rf"\b(?:{_VERB})\b(?=[^.]*\bstatement\b)", chunk)
            if m:
                return self._subject_before(para.start, para.start + m.start())
            return None
        return None

    # ------------------------------------------------------------- sources

    def _marked(self) -> list[QuoteDraft]:
        out: list[QuoteDraft] = []
        last_speaker: str | None = None
        last_para = -2
        carried = False
        for index, para in enumerate(self.doc.paragraphs):
            if para.kind in ("turn", "dateline"):
                carried = False
                continue
            spans, carried_next = _pair_marks(self.doc.text, para.start, para.end, carried)
            spans = [(a, b) for a, b in spans if _is_quotation(self.doc.text, a, b)]
            bounds = [(a, b) for a, b in spans if len(self.doc.text[a:b].split()) >= 4]
            for a, b in spans:
                inner_a, inner_b = _strip_span(self.doc.text, a, b)
                if inner_b <= inner_a:
                    continue
                others = [(x, y) for x, y in bounds if (x, y) != (a, b)]
                speaker = self._attribute(a, b, para, others)
                words = len(self.doc.text[inner_a:inner_b].split())
                if words < 4 and speaker is None:
                    continue  # a scare quote or a title, not a quotation
                opens_paragraph = a - para.start < 3
                if speaker is None and opens_paragraph:
                    speaker = self._previous_paragraph_speaker(index)
                if speaker is None and (
                    last_para == index or (opens_paragraph and last_para == index - 1)
                ):
                    speaker = last_speaker  # the same speaker goes on
                out.append(QuoteDraft(inner_a, inner_b, speaker, "marks", 1))
                if words >= 4 or speaker is not None:
                    last_speaker, last_para = speaker, index
            carried = carried_next
        return out

    def _turns(self) -> list[QuoteDraft]:
        out: list[QuoteDraft] = []
        doc = self.doc
        if not doc.is_interview:
            return out
        current: str | None = None
        for para in doc.paragraphs:
            if para.kind == "turn":
                if para.label in doc.interviewers:
                    current = None
                    continue
                actor = self.actors.find(para.label or "")
                current = self._speaker_name(actor) if actor is not None else para.label
                a, b = _strip_span(doc.text, para.body_start, para.end)
                if b > a:
                    out.append(QuoteDraft(a, b, current, "turn", 0))
            elif para.kind == "body" and current is not None:
                a, b = _strip_span(doc.text, para.start, para.end)
                if b > a and self._continues_turn(a, b, current, out):
                    out.append(QuoteDraft(a, b, current, "turn", 0))
                elif b > a:
                    current = None
            elif para.kind in ("heading",):
                current = None
        return out

    def _continues_turn(self, a: int, b: int, speaker: str, previous: list[QuoteDraft]) -> bool:
        """True when an unlabelled paragraph after an answer goes on with that answer."""
        text = self.doc.text[a:b]
        if re.search(r"\((?:left|right|pictured|center|centre)\)|\b(?:Image|Photo)\s*:", text) or (
            text.startswith("(") and text.endswith(")")
        ):
            return False
        names = {w for w in speaker.split() if len(w) > 2}
        first = re.findall(r"[\w'\u2019-]+", text)[:3]
        if any(w in names for w in first):
            return False  # a caption naming the speaker in the third person
        if _FIRST_PERSON.search(text) or len(text.split()) >= 20:
            return True
        last = previous[-1] if previous else None
        return last is not None and self.doc.text[last.start : last.end + 1].rstrip().endswith(":")

    def _quote_from(self, index: int) -> str | None:
        """The speaker named by a following "A quote from X, title" line."""
        for para in self.doc.paragraphs[index + 1 : index + 3]:
            line = self.doc.text[para.start : para.end]
            m = _QUOTE_FROM.match(line)
            if m:
                who = m.group("who")
                start = para.start + m.start("who")
                mentions = self.actors.mentions_between(start, para.end)
                if mentions:
                    return self._speaker_name(mentions[0].actor)
                name = re.split(r",", who)[0].strip()
                actor = self.actors.find(name)
                return self._speaker_name(actor) if actor is not None else None
            if para.kind == "body":
                return None
        return None

    def _chevrons(self) -> list[QuoteDraft]:
        """Paragraphs closed by » (marks lost in scraping), split at an inline attribution."""
        out: list[QuoteDraft] = []
        text = self.doc.text
        for index, para in enumerate(self.doc.paragraphs):
            line = text[para.start : para.end].rstrip()
            followed = self._quote_from(index)
            if not line.endswith("\u00bb") and not (followed and para.kind == "body"):
                continue
            if "\u201c" in line or line.count('"') >= 2:
                continue
            speaker = followed or self._previous_statement(index)
            pieces = _split_inline_attribution(text, para.start, para.start + len(line))
            for a, b, attribution in pieces:
                a, b = _strip_span(text, a, b)
                if b <= a:
                    continue
                who = speaker
                if who is None and attribution is not None:
                    who = self._subject_after(attribution[0], attribution[1])
                out.append(QuoteDraft(a, b, who, "chevron", 2))
        return out

    def _glued(self) -> list[QuoteDraft]:
        """Quotes whose closing mark was lost and whose attribution ran into them."""
        out: list[QuoteDraft] = []
        text = self.doc.text
        for para in self.doc.paragraphs:
            if para.kind not in ("body",):
                continue
            for m in _GLUE.finditer(text, para.start, para.end):
                cut = m.start("attr")
                if cut == para.start or text[cut - 1].isspace():
                    continue
                if text.startswith("she ", cut) and self._is_word(text, para.start, cut + 1):
                    cut += 1  # "atrocitieshe added": "atrocities" + "he added"
                prefix = _WORD_BEFORE.search(text, para.start, cut)
                if not prefix or len(prefix.group().rstrip(".!?,;")) < 3:
                    continue
                glued = (prefix.group() + m.group("attr").split()[0]).lower()
                if glued in _NOT_WORDS or prefix.group()[-1].isupper():
                    continue
                if not prefix.group()[-1].isalpha() and prefix.group()[-1] not in ".!?":
                    continue
                start = self._glued_start(para, cut)
                a, b = _strip_span(text, start, cut)
                if b - a < 10:
                    continue
                speaker = self._glued_speaker(m, cut, a)
                out.append(QuoteDraft(a, b, speaker, "glue", 3))
        return out

    def _is_word(self, text: str, para_start: int, end: int) -> bool:
        word = _WORD_BEFORE.search(text, para_start, end)
        if not word:
            return False
        lower = word.group().lower()
        return lower in self.doc.lowercase_words or lower in COMMON_WORDS

    def _glued_start(self, para: Paragraph, cut: int) -> int:
        sentences = [s for s in self.doc.sentences if para.start <= s.start < cut]
        if not sentences:
            return para.start
        start_index = len(sentences) - 1
        while start_index > 0:
            previous = sentences[start_index - 1]
            chunk = self.doc.text[previous.start : previous.end]
            if _FIRST_PERSON.search(chunk) and not re.search(rf"\b(?:{_VERB})\b", chunk):
                start_index -= 1
            else:
                break
        return sentences[start_index].start

    def _glued_speaker(self, m: re.Match[str], cut: int, quote_start: int) -> str | None:
        attr = m.group("attr")
        text = self.doc.text
        first = attr.split()[0]
        if first.lower() in ("he", "she", "they", "it", "we"):
            return self._pronoun(first, quote_start)
        if first.lower() == "according":
            return self._subject_after(m.end(), self._sentence_end(m.end()))
        if first in INVERSION_VERBS or first in REPORTING_VERBS:
            return self._subject_after(m.end(), self._sentence_end(m.end()))
        verb = re.search(rf"\b(?:{_VERB})\b\s*$", attr)
        verb_start = m.start() + (verb.start() if verb else len(attr))
        return self._subject_before(cut, verb_start) or _description_from(text[cut:verb_start])

    def _sentence_end(self, offset: int) -> int:
        index = self.doc.sentence_index(offset)
        return self.doc.sentences[index].end if self.doc.sentences else len(self.doc.text)

    def _pulls(self) -> list[QuoteDraft]:
        """A pull quote followed by its speaker's name: "... suppressive. Valeska Paris"."""
        out: list[QuoteDraft] = []
        text = self.doc.text
        for para in self.doc.paragraphs:
            if para.kind not in ("body", "heading", "caption"):
                continue
            m = _PULL.match(text, para.start, para.end)
            if not m:
                continue
            name = m.group("name")
            if any(w.lower() in REPORTING_VERBS for w in name.split()):
                continue
            actor = self.actors.find(name)
            if actor is None:
                continue
            a, b = _strip_span(text, m.start("quote"), m.end("quote"))
            out.append(QuoteDraft(a, b, self._speaker_name(actor), "pull", 4))
        return out


def _description_from(text: str) -> str | None:
    words = text.strip(" ,").split()
    if not words or len(words) > 8:
        return None
    return " ".join(words)


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _STRIP:
        a += 1
    while b > a and (text[b - 1] in _STRIP or text[b - 1] == "\u00bb"):
        b -= 1
    return a, b


def _pair_marks(
    text: str, start: int, end: int, carried: bool = False
) -> tuple[list[tuple[int, int]], bool]:
    """Top-level quotations in ``text[start:end]`` (marks included), and whether one stays open.

    ``carried``: a quotation left open by the previous paragraph goes on here,
    up to its first closing mark (or through the whole paragraph).
    """
    spans: list[tuple[int, int]] = []
    i = start
    if carried and text[start] not in '"\u201c\u00ab\u201e':
        close = _first_close(text, start, end)
        first_open = min(
            [p for p in (text.find(' "', start, end), text.find("\u201c", start, end)) if p >= 0],
            default=end,
        )
        if close is not None and close < first_open:
            spans.append((start, close + 1))
            i = close + 1
    while i < end:
        found = _OPENERS.search(text, i, end)  # jump to the next mark that may open a quote
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if text.startswith("''", i) and _opens(text, i, start):
            close = text.find("''", i + 2, end)
            if close < 0:
                spans.append((i, end))
                return spans, True
            spans.append((i, close + 2))
            i = close + 2
            continue
        if ch == '"' and _opens(text, i, start):
            close = _find_straight_close(text, i + 1, end)
            if close is None:
                spans.append((i, end))
                return spans, True
            spans.append((i, close + 1))
            i = close + 1
            continue
        if ch in ("\u201c", "\u00ab", "\u201e", "\u2039"):
            closer = _OPEN_CLOSE[ch]
            close = text.find(closer, i + 1, end)
            if ch == "\u201e" and close < 0:
                close = text.find("\u201d", i + 1, end)
            if close < 0:
                spans.append((i, end))
                return spans, True
            spans.append((i, close + 1))
            i = close + 1
            continue
        if ch in ("'", "\u2018") and _opens(text, i, start):
            close = _find_single_close(text, i + 1, end)
            if close is not None and len(text[i + 1 : close].split()) >= 3:
                spans.append((i, close + 1))
                i = close + 1
                continue
        i += 1
    return spans, False


def _first_close(text: str, start: int, end: int) -> int | None:
    """The first closing double quotation mark in ``text[start:end]``."""
    for m in re.finditer('["\u201d\u00bb]', text[start:end]):
        pos = start + m.start()
        before = text[pos - 1] if pos > start else " "
        if not before.isspace():
            return pos
    return None


def _opens(text: str, i: int, start: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{\u2014-:,;/") and not after.isspace()


def _find_straight_close(text: str, i: int, end: int) -> int | None:
    pos = text.find('"', i, end)
    return pos if pos >= 0 else None


def _find_single_close(text: str, i: int, end: int) -> int | None:
    for m in re.finditer("['\u2019]", text[i:end]):
        pos = i + m.start()
        after = text[pos + 1] if pos + 1 < len(text) else " "
        before = text[pos - 1]
        if (after.isspace() or after in ".,;:!?)") and not before.isspace():
            return pos
    return None


def _is_quotation(text: str, a: int, b: int) -> bool:
    inner = text[a + 1 : b - 1].strip()
    if len(inner) < 2:
        return False
    words = inner.split()
    # A title or a name in quotes ("Saturday Night Live") is not a quotation.
    return not (
        len(words) <= 6
        and not re.search(r"[.!?,;:]", inner.rstrip(".,;:"))
        and all(
            w[0].isupper()
            or not w[0].isalpha()
            or w.lower() in ("of", "the", "and", "a", "in", "for", "on", "to")
            for w in words
        )
    )


def _split_inline_attribution(
    text: str, start: int, end: int
) -> list[tuple[int, int, tuple[int, int] | None]]:
    """Pieces of a quote paragraph around ", assured the Secretary General." clauses."""
    pieces: list[tuple[int, int, tuple[int, int] | None]] = []
    cursor = start
    attribution = None
    for m in re.finditer(
        rf",\s+(?:{_INV}|assured)\s+(?:the|a|an)?\s*[^.,;!?]{{2,60}}\.\s", text[start:end]
    ):
        a = start + m.start()
        pieces.append((cursor, a, None))
        verb = re.match(rf",\s+(?:{_INV}|assured)", m.group())
        attribution = (start + m.start() + (verb.end() if verb else 0), start + m.end() - 2)
        cursor = start + m.end()
    pieces.append((cursor, end, None))
    if attribution is not None:
        pieces = [(a, b, attribution) for a, b, _ in pieces]
    return pieces
