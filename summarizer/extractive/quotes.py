"""Direct quotations and who said them.

Quotes come from quotation marks of every kind, from interview turns, and from
scraped text whose marks were lost (a trailing », "A quote from X", or the
attribution run into the quote: "atrocitieshe added"). Speakers come from the
attribution clause next to the quote (see :mod:`.attribution`), from the
sentence or paragraph that announces it, or from the quote before it when one
speaker goes on. Every step reads a bounded stretch of text, so the work grows
in proportion to the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..text import fold
from .actors import ActorTable
from .attribution import WINDOW, Attributor
from .document import ANSWER, Document, Paragraph
from .lexicon import COMMON_WORDS, INVERSION_VERBS, REPORTING_VERBS

_OPEN_CLOSE = {
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
    "\u201e": "\u201c",
    "\u2039": "\u203a",
    "\u2018": "\u2019",
}
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
_STATEMENT = re.compile(rf"\b(?:{_VERB})\b[^.]{{0,80}}\bstatement\b")
_NOT_WORDS = frozenset("unsaid aforesaid foretold untold resaid".split())
_CREDIT_LINE = re.compile(r"[-\u2013\u2014]+\s*(?=[A-Z])")
_MIXED_CLOSE = re.compile('"|(?<=[^\\s\u201c])\u201c(?=[\\s,.;:!?]|$)')
_STRAIGHT_CLOSE = re.compile('"|\u201d')
_SINGLE_LIMIT = 400  # characters searched for the end of a single-quoted passage
_SINGLE_CLOSE = re.compile("(?<=\\S)['\u2019](?=[\\s.,;:!?)]|\\Z)")
_WORD_START = re.compile(r"(?<= )\S")
_REPEAT_GRAM = 24  # characters of a passage compared to find a repeated (pull) quote


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
    """Finds the quotations of one document and attributes them."""

    def __init__(self, doc: Document, actors: ActorTable):
        self.doc = doc
        self.actors = actors
        self.attributor = Attributor(doc, actors)

    def run(self) -> list[QuoteDraft]:
        """Quotes found by every method, overlaps resolved by priority, in text order."""
        drafts: list[QuoteDraft] = []
        drafts += self._turns()
        drafts += self._marked()
        drafts += self._chevrons()
        drafts += self._glued()
        drafts += self._pulls()
        return self._without_repeats(_without_overlaps(drafts))

    def _without_repeats(self, drafts: list[QuoteDraft]) -> list[QuoteDraft]:
        """Drops a pull quote that repeats a passage quoted before it.

        A passage repeats an earlier one when the stretch at its first word and the
        stretch at its last words both occur, from a word start, in what came before.
        """
        out: list[QuoteDraft] = []
        seen: set[str] = set()
        for draft in drafts:
            folded = fold(self.doc.text[draft.start : draft.end])
            if len(folded) > 20:
                head = folded[:_REPEAT_GRAM]
                last = folded.rfind(" ", 0, max(1, len(folded) - _REPEAT_GRAM)) + 1
                if head in seen and folded[last : last + _REPEAT_GRAM] in seen:
                    continue
                seen.add(head)
                for word in _WORD_START.finditer(folded):
                    seen.add(folded[word.start() : word.start() + _REPEAT_GRAM])
            out.append(draft)
        return out

    # ------------------------------------------------------------- sources

    def _marked(self) -> list[QuoteDraft]:
        """Quotations between marks, each attributed from the clause around it."""
        out: list[QuoteDraft] = []
        last_speaker: str | None = None
        last_para = -2
        carried = False
        waiting: QuoteDraft | None = None  # a paragraph that is one unattributed quotation
        text = self.doc.text
        for index, para in enumerate(self.doc.paragraphs):
            if para.kind in ("turn", "dateline"):
                carried, waiting = False, None
                continue
            if waiting is not None and last_para != index - 1:
                waiting = None
            spans, carried_next = _pair_marks(text, para.start, para.end, carried)
            spans = [(a, b) for a, b in spans if _is_quotation(text, a, b)]
            bounds = [(a, b) for a, b in spans if len(text[a:b].split()) >= 4]
            starts = [a for a, _ in bounds]
            for i, (a, b) in enumerate(spans):
                inner_a, inner_b = _strip_span(text, a, b)
                if inner_b <= inner_a:
                    continue
                lo, hi = _between_quotations(bounds, starts, para, a)
                going_on = last_speaker if last_para == index else None
                speaker = self._speaker(a, b, lo, hi, index, going_on)
                if speaker is None and i + 1 < len(spans) and _conjoined(text, b, spans[i + 1]):
                    # '"A" and "B," Dean said': the cue after the second is the first's too
                    after = spans[i + 1]
                    _, limit = _between_quotations(bounds, starts, para, after[0])
                    speaker = self.attributor.trailing(after[1], limit)
                words = len(text[inner_a:inner_b].split())
                if words < 4 and speaker is None:
                    continue  # a scare quote or a title, not a quotation
                opens_paragraph = a - para.start < 3
                if speaker is not None and opens_paragraph and waiting is not None:
                    # '"A." / "B," Smith said.': a quotation that is a paragraph of its own
                    # is the words of the speaker the next paragraph's quotation names
                    waiting.speaker = speaker
                waiting = None
                if speaker is None and (
                    last_para == index or (opens_paragraph and last_para == index - 1)
                ):
                    speaker = last_speaker  # the same speaker goes on
                draft = QuoteDraft(inner_a, inner_b, speaker, "marks", 1)
                out.append(draft)
                if words >= 4 or speaker is not None:
                    last_speaker, last_para = speaker, index
                if speaker is None and opens_paragraph and para.end - b < 3:
                    waiting = draft
            carried = carried_next
        return out

    def _speaker(
        self, a: int, b: int, lo: int, hi: int, index: int, going_on: str | None = None
    ) -> str | None:
        """The speaker of the quotation ``text[a:b]`` (marks included); ``going_on`` is the
        speaker of the quotation before it in its paragraph."""
        attributor = self.attributor
        found = attributor.complement(lo, a)
        if found is None and _PRONOUN_CUE.match(self.doc.text, b, hi):
            # 'Smith said "...," she said': the name before beats the pronoun after
            found = attributor.leading(lo, a) or attributor.trailing(b, hi)
        elif found is None:
            found = attributor.trailing(b, hi) or attributor.leading(lo, a)
        if found is not None:
            return found
        para = self.doc.paragraphs[index]
        if para.end - b < 3:
            credited = self._credited_by_next_paragraph(index)
            if credited is not None:
                return credited
        if a - para.start < 3:
            return self._announced_by_previous_paragraph(index)
        previous = self.doc.sentences[self.doc.sentence_index(a - 1)]
        if previous.end > a or previous.start < para.start:
            return None  # words before the quote in its own sentence, already read
        if previous.start < lo and going_on is not None:
            # '"A," said an aide who was not named. "B."': the sentence before is the
            # previous quotation's own attribution, and its speaker goes on
            return going_on
        lo = max(previous.start, a - WINDOW)
        return (
            attributor.statement(lo, a)
            or attributor.announcer(lo, a)
            or attributor.acting_subject(lo, a)  # "Clinton touted her record. “...”"
        )

    def _credited_by_next_paragraph(self, index: int) -> str | None:
        """A credit line after a quote paragraph: "- Bernie Sanders." or "— Sanders, in 2015"."""
        if index + 1 >= len(self.doc.paragraphs):
            return None
        nxt = self.doc.paragraphs[index + 1]
        dash = _CREDIT_LINE.match(self.doc.text, nxt.start, nxt.end)
        if dash is None:
            return None
        return self.attributor.credit(dash.end(), nxt.end)

    def _announced_by_previous_paragraph(self, index: int) -> str | None:
        """A speaker introduced at the end of the previous paragraph: "Rathbun stated,"."""
        if index == 0:
            return None
        prev = self.doc.paragraphs[index - 1]
        if prev.kind not in ("body", "heading"):
            return None
        tail = self.doc.text[max(prev.start, prev.end - 2) : prev.end].rstrip()
        if not tail.endswith((":", ",")):
            return None
        return self.attributor.statement(prev.start, prev.end)

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
                if para.label == ANSWER:
                    current = self._interviewee()
                else:
                    actor = self.actors.find(para.label or "")
                    current = self.attributor._name(actor) if actor is not None else para.label
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

    def _interviewee(self) -> str:
        """Who answers in a Q-and-A transcript: the person its introduction names most."""
        doc = self.doc
        first_turn = next(p.start for p in doc.paragraphs if p.kind == "turn")
        counts: dict[int, int] = {}
        for mention in self.actors.mentions_between(0, first_turn):
            if self.actors.actors[mention.actor].kind == "person":
                counts[mention.actor] = counts.get(mention.actor, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return self.actors.actors[ranked[0][0]].name
        return "the interviewee"  # unsure: described, not guessed

    def _continues_turn(self, a: int, b: int, speaker: str, previous: list[QuoteDraft]) -> bool:
        """True when an unlabelled paragraph after an answer goes on with that answer."""
        text = self.doc.text[a:b]
        if re.search(r"\((?:left|right|pictured|center|centre)\)|\b(?:Image|Photo)\s*:", text) or (
            text.startswith("(") and text.endswith(")")
        ):
            return False
        names = {w for w in speaker.split() if len(w) > 2}
        first = re.findall(r"[\w'\u2019-]+", text[:80])[:3]
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
                    return self.attributor._name(mentions[0].actor)
                name = re.split(r",", who)[0].strip()
                actor = self.actors.find(name)
                return self.attributor._name(actor) if actor is not None else None
            if para.kind == "body":
                return None
        return None

    def _previous_statement(self, para_index: int) -> str | None:
        """The subject of "X said in a statement" in the paragraph just before a quote paragraph."""
        for para in reversed(self.doc.paragraphs[max(0, para_index - 2) : para_index]):
            if para.kind != "body":
                continue
            lo = max(para.start, para.end - WINDOW)
            m = _STATEMENT.search(self.doc.text, lo, para.end)
            if m:
                return self.attributor.source_before(lo, m.start())
            return None
        return None

    def _chevrons(self) -> list[QuoteDraft]:
        """Paragraphs closed by » (marks lost in scraping), split at an inline attribution."""
        out: list[QuoteDraft] = []
        text = self.doc.text
        for index, para in enumerate(self.doc.paragraphs):
            line = text[para.start : para.end].rstrip()
            if not line.endswith("\u00bb") and para.kind != "body":
                continue
            followed = self._quote_from(index)
            if not line.endswith("\u00bb") and not followed:
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
                    who = self.attributor.source_after(attribution[0], attribution[1])
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
                prefix = _WORD_BEFORE.search(text, max(para.start, cut - 60), cut)
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
        word = _WORD_BEFORE.search(text, max(para_start, end - 60), end)
        if not word:
            return False
        lower = word.group().lower()
        return lower in self.doc.lowercase_words or lower in COMMON_WORDS

    def _glued_start(self, para: Paragraph, cut: int) -> int:
        """Where a glued quote begins: its sentence, and first-person sentences before it."""
        doc = self.doc
        starts = doc.sentence_starts
        first = bisect_left(starts, para.start)
        index = bisect_right(starts, cut - 1) - 1
        if index < first:
            return para.start
        steps = 0
        while index > first and steps < 8:
            previous = doc.sentences[index - 1]
            chunk = doc.text[previous.start : min(previous.end, previous.start + WINDOW)]
            if _FIRST_PERSON.search(chunk) and not re.search(rf"\b(?:{_VERB})\b", chunk):
                index -= 1
                steps += 1
            else:
                break
        return doc.sentences[index].start

    def _glued_speaker(self, m: re.Match[str], cut: int, quote_start: int) -> str | None:
        attr = m.group("attr")
        first = attr.split()[0]
        attributor = self.attributor
        if first.lower() in ("he", "she", "they", "it", "we"):
            return attributor.pronoun(first, quote_start)
        if first.lower() == "according" or first in INVERSION_VERBS or first in REPORTING_VERBS:
            return attributor.source_after(m.end(), self._sentence_end(m.end()))
        verb = re.search(rf"\b(?:{_VERB})\b\s*$", attr)
        verb_start = m.start() + (verb.start() if verb else len(attr))
        return attributor.source_before(cut, verb_start) or _description_from(
            self.doc.text[cut:verb_start]
        )

    def _sentence_end(self, offset: int) -> int:
        index = self.doc.sentence_index(offset)
        return self.doc.sentences[index].end if self.doc.sentences else len(self.doc.text)

    def _pulls(self) -> list[QuoteDraft]:
        """A pull quote followed by its speaker's name: "... suppressive. Valeska Paris"."""
        out: list[QuoteDraft] = []
        text = self.doc.text
        for para in self.doc.paragraphs:
            if para.kind not in ("body", "heading", "caption") or para.end - para.start > 2000:
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
            out.append(QuoteDraft(a, b, self.attributor._name(actor), "pull", 4))
        return out


def _without_overlaps(drafts: list[QuoteDraft]) -> list[QuoteDraft]:
    """Drafts by priority, each kept unless it overlaps one kept before; in text order."""
    kept: list[QuoteDraft] = []
    for priority in sorted({d.priority for d in drafts}):
        group = sorted(
            (d for d in drafts if d.priority == priority and d.end - d.start >= 2),
            key=lambda d: d.start,
        )
        merged: list[QuoteDraft] = []
        i = 0
        for draft in group:
            while i < len(kept) and kept[i].end <= draft.start:
                merged.append(kept[i])
                i += 1
            clashes = (i < len(kept) and kept[i].start < draft.end) or (
                merged and merged[-1].end > draft.start
            )
            if not clashes:
                merged.append(draft)
        merged.extend(kept[i:])
        kept = merged
    return kept


def _between_quotations(
    bounds: list[tuple[int, int]], starts: list[int], para: Paragraph, a: int
) -> tuple[int, int]:
    """The stretch of a paragraph around a quotation starting at ``a``: from the end of the
    quotation before it to the start of the one after it (``bounds``: the paragraph's
    quotations of four words or more, ``starts`` their starts)."""
    k = bisect_left(starts, a)
    lo = bounds[k - 1][1] if k > 0 and bounds[k - 1][1] <= a else para.start
    nxt = k + 1 if k < len(bounds) and bounds[k][0] == a else k
    return lo, bounds[nxt][0] if nxt < len(bounds) else para.end


# A pronoun attribution right after a quotation: '," she said'.
_PRONOUN_CUE = re.compile(rf"[\s,]*{_PRONOUN}\s+{_ADVERBS}(?:{_VERB})\b")
_CONJOINED = re.compile(r"\s*,?\s*(?:and|or)\s*$")


def _conjoined(text: str, end: int, following: tuple[int, int]) -> bool:
    """True when only "and" or "or" stands between a quotation ending at ``end`` and the
    next one: '"the ultimate crisis" and "a stunt to growth,"'."""
    return following[0] > end and _CONJOINED.fullmatch(text, end, following[0]) is not None


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
            if ch == "\u201c":
                # \u201c...", or \u201c...\u201c with the wrong curly mark closing it
                mixed = _MIXED_CLOSE.search(text, i + 1, close if close >= 0 else end)
                if mixed is not None:
                    close = mixed.start()
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
    """The mark closing a straight-quoted passage: a straight mark, or a curly one that
    closes it in mixed typing (\"...\u201d)."""
    found = _STRAIGHT_CLOSE.search(text, i, end)
    return found.start() if found else None


def _find_single_close(text: str, i: int, end: int) -> int | None:
    found = _SINGLE_CLOSE.search(text, i, min(end, i + _SINGLE_LIMIT))
    return found.start() if found else None


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
