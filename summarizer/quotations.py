"""Where an article quotes someone, and whom it names for it.

:func:`find_quotations` reads an article text once and returns every quotation
region (the quoted words, marks excluded) with the attribution the article
gives it. It knows:

* paired marks of every style (``"…"``, ``“…”``, ``„…“``, ``«…»``, ``‘…’``,
  ``'…'``, ````…''``), nested quotes, apostrophes (``don't``, ``Trump’s``) that
  are not marks, and quotations over several paragraphs, whether each
  paragraph reopens with a mark or not;
* interview transcripts: a turn opens with ``Name:`` and runs to the next turn;
* scraped text that lost its marks: a passage that ends in a lone ``»`` (often
  followed by "A quote from X"), words glued to their attribution
  ("…atrocitieshe added", "…unfoundedsaid the ambassador",
  "…diplomatsPolish Interior Minister X announced") and, where an article has
  no paired marks at all, a clause closed by ", he said." or ", said X.".

Parts of one quotation share a ``group``: a quotation interrupted only by its
attribution (``"A," he said, "B."``) and one continued over paragraphs are one
group, so elided quotes may join their parts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import Literal

from .attribution import (
    CLOSING_CUE,
    COMMA_CUE,
    QUOTE_FROM,
    Cue,
    comma_cue,
    cue_after,
    cue_before,
    glued_cues,
    introducer,
)
from .text import Segment, paragraphs, sentences

QuotationKind = Literal["marks", "turn", "run-in"]

_DOUBLE = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb')
_SINGLE = frozenset("'\u2018\u2019\u201a\u201b\u2039\u203a")
_MARK = re.compile(
    "``|''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb'\u2018\u2019\u201a\u201b\u2039\u203a]"
)
_CLOSING_MARKS = "\"\u201d\u00bb'\u2019"
# Where the sentence a quotation stands in ends, or another quotation begins.
_SENTENCE_STOP = re.compile(r"[.!?](?=\s|$)|[\n\"\u201c\u201d\u00ab\u00bb]")
# A paragraph that only credits the quotation above it: "- Bernie Sanders.", "— Peres".
_CREDIT = re.compile(r"\s*[-\u2013\u2014]+\s*(?=[A-Z])(?=[^\n]{1,60}$)")
_OPENERS = frozenset("\u201c\u201e\u201f\u00ab\u2018\u201a\u201b\u2039")
# What may stand between a paragraph's start and the quotation it opens.
_INTRO_MARKS = " \t\"'\u201c\u201e\u201f\u00ab\u2018\u201a\u201b\u2039"
_CLOSERS = frozenset("\u201d\u00bb\u2019\u203a")
_OPEN_CONTEXT = frozenset("([{\u2014\u2013-/:")
_CLOSE_CONTEXT = frozenset(".,;:!?)]}\u2014\u2013-/\u2026")

# What joins two quotations of one sentence: '" and "', '," or "'.
_CONJOINED = re.compile("[\"\u201d\u00bb'\u2019]?\\s*,?\\s+(?:and|or)\\s+[\"\u201c\u00ab'\u2018]?")
_TURN_TAIL = 3  # paragraphs after the last "Name:" label that still continue its turn
# An interview turn: "Name:" (one to four capitalised words, glued or not) opens a paragraph.
_LABEL = re.compile(r"([A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}):\s+(?=\S)")
_NOT_SPEAKERS = frozenset(
    """photo photos image images picture source sources credit credits caption video audio
    note update editor ed related tags file copyright correction disclaimer map read
    see also posted filed updated published by""".split()
)


# Scraped text that lost its marks.
@dataclass(frozen=True)
class Quotation:
    """Quoted words (marks excluded); parts of one quotation share ``group``."""

    start: int
    end: int
    group: int
    kind: QuotationKind
    cue: Cue | None = None


@dataclass
class QuotationMap:
    """Every quotation region of a text, looked up by offset.

    ``lost_marks`` is true when the text shows that its quotation marks were lost in
    scraping (words glued to their attribution, a lone closing mark).
    """

    text: str
    regions: list[Quotation] = field(default_factory=list)
    lost_marks: bool = False

    def __post_init__(self) -> None:
        self.regions.sort(key=lambda q: (q.start, -q.end))
        self._starts = [q.start for q in self.regions]
        self._longest = max((q.end - q.start for q in self.regions), default=0)
        self._groups: dict[int, list[Quotation]] = {}
        for q in self.regions:
            self._groups.setdefault(q.group, []).append(q)

    def _near(self, start: int, end: int) -> list[Quotation]:
        """Regions that start before ``end`` and are long enough to reach ``start``."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_right(self._starts, end)
        return self.regions[lo:hi]

    def containing(self, start: int, end: int) -> Quotation | None:
        """The outermost region that holds ``text[start:end]`` whole, if any."""
        holding = [q for q in self._near(start, start) if q.start <= start and end <= q.end]
        return max(holding, key=lambda q: q.end - q.start, default=None)

    def overlapping(self, start: int, end: int) -> list[Quotation]:
        """Regions that share at least one character with ``text[start:end]``."""
        return [q for q in self._near(start, end) if q.start < end and start < q.end]

    def group(self, group: int) -> list[Quotation]:
        """The parts of one quotation, in text order."""
        return list(self._groups.get(group, ()))


def find_quotations(text: str) -> QuotationMap:
    """All quotation regions of ``text`` with their attributions."""
    builder = _Builder(text)
    builder.run()
    return QuotationMap(text, builder.regions, builder.lost_marks)


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.paragraphs = paragraphs(text)
        self.regions: list[Quotation] = []
        self.next_group = 0
        self.paired = 0
        self.lost_marks = False
        self.sentence_starts = [seg.start for seg in sentences(text)]

    def sentence_start(self, floor: int, pos: int) -> int:
        """Start of the sentence holding ``pos`` (not before ``floor``)."""
        i = bisect_right(self.sentence_starts, pos - 1) - 1
        return max(floor, self.sentence_starts[i]) if i >= 0 else floor

    def new_group(self) -> int:
        self.next_group += 1
        return self.next_group

    def run(self) -> None:
        labels = _speaker_labels(self.text, self.paragraphs)
        if labels:
            self._turns(labels)
        for i, para in enumerate(self.paragraphs):
            self._run_in(para, i)
        self._marks()
        if self.paired == 0:
            for para in self.paragraphs:
                self._comma_cues(para)
        self._attribute()

    # ------------------------------------------------------------- transcripts

    def _turns(self, labels: dict[int, tuple[int, int]]) -> None:
        """Each labelled paragraph opens a turn; the paragraphs after it continue it, up to
        the next label, or a few paragraphs past the last one (where the transcript ends)."""
        group = 0
        cue: Cue | None = None
        last = max(labels)
        for i, para in enumerate(self.paragraphs):
            if i > last + _TURN_TAIL:
                break
            if i in labels:
                a, b = labels[i]
                group = self.new_group()
                cue = Cue(a, b, (a, b), direct=True)
                colon = self.text.index(":", b, para.end)
                self._add(colon + 1, para.end, group, "turn", cue)
            elif group:
                self._add(para.start, para.end, group, "turn", cue)

    # ----------------------------------------------------------- lost marks

    def _run_in(self, para: Segment, i: int) -> None:
        text = self.text
        boundary = para.start
        for end, glued in glued_cues(text, para):
            if end - boundary >= 2:
                self._add(boundary, end, self.new_group(), "run-in", glued)
                self.lost_marks = True
            boundary = glued.end
        # A passage ending in a lone closing mark: its opening mark was lost (not a straight
        # one left unpaired, which the closing mark pairs with in mixed typing: "…”).
        tail = text[para.start : para.end].rstrip()
        if (
            tail.endswith(("\u00bb", "\u201d"))
            and not any(c in tail for c in "\u00ab\u201c\u201e")
            and tail.count('"') % 2 == 0
        ):
            self.lost_marks = True
            end = para.start + len(tail) - 1
            while end > boundary and text[end - 1].isspace():
                end -= 1
            start, before = self._after_cues(para, boundary, end)
            group = self.new_group()
            if before is not None:
                self._add(before[0], before[1], group, "run-in", before[2])
            cue = self._quote_from(i + 1) or (before[2] if before is not None else None)
            if end > start:
                self._add(start, end, group, "run-in", cue)

    def _after_cues(
        self, para: Segment, start: int, end: int
    ) -> tuple[int, tuple[int, int, Cue] | None]:
        """Where a lost-opening passage starts: after the last attribution clause before it.

        Also returns the words that clause attributes (its own quotation), if any.
        """
        text = self.text
        before: tuple[int, int, Cue] | None = None
        for match in COMMA_CUE.finditer(text, start, end):
            stop = text.find(".", match.end(), end)
            if stop < 0:
                continue
            sentence = self.sentence_start(start, match.start())
            before = (sentence, match.start(), comma_cue(text, match))
            start = stop + 1
        while start < end and text[start].isspace():
            start += 1
        return start, before

    def _quote_from(self, i: int) -> Cue | None:
        if i >= len(self.paragraphs):
            return None
        para = self.paragraphs[i]
        match = QUOTE_FROM.match(self.text, para.start, para.end)
        if match is not None:
            return Cue(para.start, para.end, (match.end(), para.end), direct=True)
        match = _CREDIT.match(self.text, para.start, para.end)
        if match is None:
            return None
        end = len(self.text[: para.end].rstrip(" .\t"))
        return Cue(para.start, para.end, (match.end(), end), direct=True)

    def _comma_cues(self, para: Segment) -> None:
        """ ", he said." closing a clause, in text without any paired marks."""
        text = self.text
        body = text[para.start : para.end].rstrip().rstrip("\u00bb")
        if any(c in _DOUBLE for c in body):
            return
        for sent in sentences(text[para.start : para.end]):
            a, b = para.start + sent.start, para.start + sent.end
            for match in COMMA_CUE.finditer(text, a, b):
                if any(q.start <= match.start() <= q.end for q in self.regions):
                    continue
                self._add(a, match.start(), self.new_group(), "run-in", comma_cue(text, match))
                a = match.end()

    # -------------------------------------------------------------- marks

    def _marks(self) -> None:
        carry: tuple[int, int] | None = None  # (content start, group) of a quote left open
        for para in self.paragraphs:
            carry = self._scan(para, carry)

    def _scan(self, para: Segment, carry: tuple[int, int] | None) -> tuple[int, int] | None:
        text = self.text
        marks = _marks_in(text, para)
        double_open: tuple[int, int, str] | None = None  # content start, group, opening glyph
        singles: list[int] = []
        pending_group = 0
        if carry is not None:
            first = next((m for m in marks if _is_double(text, m)), None)
            if first is not None and first[0] == para.start:
                pending_group = carry[1]  # the quotation reopens with a mark
            elif first is not None and _closes_carry(text, first):
                double_open = (para.start, carry[1], '"')  # it runs on and closes here
        for pos, glyph in marks:
            width = _width(text, pos)
            if _is_double(text, (pos, glyph)):
                if double_open is not None:
                    start, group, opener = double_open
                    if _reopens(text, pos, glyph, opener):
                        self._add(start, pos, group, "marks", None)
                        double_open = (pos + width, self.new_group(), glyph)
                    else:
                        self._add(start, pos, group, "marks", None)
                        self.paired += 1
                        double_open = None
                    singles.clear()
                elif glyph not in _CLOSERS and not text.startswith("''", pos):
                    group = pending_group or self.new_group()
                    pending_group = 0
                    double_open = (pos + width, group, glyph)
                continue
            role = _role(text, (pos, glyph))
            if role == "open" or (role == "either" and _open_context(text, pos)):
                singles.append(pos + width)
            elif singles and role in ("close", "either"):
                start = singles.pop()
                if pos > start:
                    self._add(start, pos, self.new_group(), "marks", None)
        if double_open is not None:
            start, group, _ = double_open
            self._add(start, para.end, group, "marks", None)
            return (start, group)
        return None

    def _add(self, start: int, end: int, group: int, kind: QuotationKind, cue: Cue | None) -> None:
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            self.regions.append(Quotation(start, end, group, kind, cue))

    # ---------------------------------------------------------- attribution

    def _attribute(self) -> None:
        """Join parts split only by their attribution; give every group its cue."""
        marks = sorted((q for q in self.regions if q.kind == "marks"), key=lambda q: q.start)
        regroup: dict[int, int] = {}
        for prev, cur in zip(marks, marks[1:], strict=False):
            if prev.group != cur.group and prev.end < cur.start and self._interrupts(prev, cur):
                regroup[cur.group] = regroup.get(prev.group, prev.group)
        self.regions = [
            replace(q, group=regroup.get(q.group, q.group)) if q.kind == "marks" else q
            for q in self.regions
        ]
        cues: dict[int, Cue | None] = {}
        for q in self.regions:
            if q.kind == "marks" and q.group not in cues:
                cues[q.group] = self._cue_for([p for p in self.regions if p.group == q.group])
        self.regions = [
            replace(q, cue=cues[q.group]) if q.kind == "marks" and q.cue is None else q
            for q in self.regions
        ]

    def _interrupts(self, prev: Quotation, cur: Quotation) -> bool:
        """True when only an attribution stands between two marked parts ("A," he said, "B")."""
        between = self.text[prev.end : cur.start]
        if "\n" in between or len(between) > 90:
            return False
        cue = cue_after(self.text, prev.end)
        if cue is None:
            return False
        rest = self.text[cue.end : cur.start]
        return all(c.isspace() or c in ",.;:\u2014\u2013-" or c in _DOUBLE for c in rest)

    def _cue_for(self, parts: list[Quotation]) -> Cue | None:
        text = self.text
        parts = sorted(parts, key=lambda q: q.start)
        for part in parts:
            cue = cue_after(text, part.end)
            if cue is not None and (part is not parts[-1] or not _ends_sentence(text, part, cue)):
                return cue
        first = parts[0].start
        sentence = self.sentence_start(text.rfind("\n", 0, first) + 1, first)
        before = cue_before(text, first, sentence) or self._colon_before(sentence, first)
        if before is None:
            before = self._introduced(first)
        if before is not None:
            return before
        last = parts[-1]
        cue = cue_after(text, last.end)
        if cue is not None:
            return cue
        index = next((i for i, p in enumerate(self.paragraphs) if p.start <= last.end <= p.end), -1)
        if index >= 0 and text[last.end : self.paragraphs[index].end].strip(" \"”»'’.,") == "":
            return self._quote_from(index + 1)
        return self._conjoined_cue(last.end) or self._closing_cue(last.end)

    def _conjoined_cue(self, end: int) -> Cue | None:
        """The cue after the next quotation when only "and" or "or" joins the two:
        'Guns are "the ultimate crisis" and "a stunt to growth," Dean said.'."""
        following = next((q for q in self.regions if q.kind == "marks" and q.start > end), None)
        if following is None or not _CONJOINED.fullmatch(self.text, end, following.start):
            return None
        return cue_after(self.text, following.end)

    def _closing_cue(self, end: int) -> Cue | None:
        """A comma cue that closes the quotation's sentence: '"…" for the victory, Sanders
        said.' (no other quotation, line break or sentence end in between)."""
        text = self.text
        while end < len(text) and text[end] in _CLOSING_MARKS:
            end += 1
        limit = min(len(text), end + 200)
        stop = _SENTENCE_STOP.search(text, end, limit)
        if stop is None:
            return None
        match = CLOSING_CUE.search(text, end, stop.end())
        return comma_cue(text, match) if match is not None else None

    def _colon_before(self, sentence: int, first: int) -> Cue | None:
        """The clause of the quotation's own sentence that a colon closes right before it."""
        colon = len(self.text[:first].rstrip(_INTRO_MARKS))
        if colon <= sentence or self.text[colon - 1] != ":":
            return None
        return introducer(self.text, colon - 1, sentence)

    def _introduced(self, first: int) -> Cue | None:
        """The cue of a paragraph ending with a colon right before the one the quotation
        opens: 'Breitbart News responded:' then '"If there are people …"'."""
        index = next((i for i, p in enumerate(self.paragraphs) if p.start <= first < p.end), -1)
        if index < 1 or self.text[self.paragraphs[index].start : first].strip(_INTRO_MARKS):
            return None
        previous = self.paragraphs[index - 1]
        end = len(self.text[: previous.end].rstrip())
        if not self.text[:end].endswith(":"):
            return None
        sentence = self.sentence_start(previous.start, end - 1)
        return cue_before(self.text, end - 1, sentence) or introducer(self.text, end - 1, sentence)


def _ends_sentence(text: str, part: Quotation, cue: Cue) -> bool:
    """A quotation that ends its sentence inside the marks, followed by a new capitalised one."""
    inner = text[part.start : part.end].rstrip()
    if not inner or inner[-1] not in ".!?\u2026":
        return False
    follower = text[cue.start : cue.end].lstrip(" ,.")
    return bool(follower) and follower[0].isupper()


# ------------------------------------------------------------------ helpers


def _speaker_labels(text: str, paras: list[Segment]) -> dict[int, tuple[int, int]]:
    """Paragraphs that open an interview turn, with the label's span, when the text is one."""
    found: dict[int, tuple[int, int]] = {}
    counts: dict[str, int] = {}
    for i, para in enumerate(paras):
        match = _LABEL.match(text, para.start, para.end)
        if match is None:
            continue
        label = match.group(1)
        if label.lower().rstrip(".") in _NOT_SPEAKERS or len(label) > 40:
            continue
        found[i] = match.span(1)
        counts[label] = counts.get(label, 0) + 1
    repeated = [label for label, n in counts.items() if n >= 2]
    if len(repeated) < 2:
        return {}
    return {i: span for i, span in found.items() if span[1] - span[0] > 0}


def _marks_in(text: str, para: Segment) -> list[tuple[int, str]]:
    """Quotation marks of a paragraph: (offset, glyph; '"' for `` and ''), apostrophes left out."""
    out: list[tuple[int, str]] = []
    for match in _MARK.finditer(text, para.start, para.end):
        pos, glyph = match.start(), match.group(0)
        if len(glyph) == 2:
            out.append((pos, '"'))
        elif glyph in _DOUBLE or not _is_apostrophe(text, pos):
            out.append((pos, glyph))
    return out


def _is_double(text: str, mark: tuple[int, str]) -> bool:
    return mark[1] in _DOUBLE


def _closes_carry(text: str, mark: tuple[int, str]) -> bool:
    """True when the first double mark of a paragraph closes a quotation left open above."""
    pos, glyph = mark
    if glyph in _CLOSERS or text.startswith("''", pos):
        return True
    if glyph in _OPENERS or text.startswith("``", pos):
        return False
    return _close_context(text, pos + 1) and not _open_context(text, pos)


def _reopens(text: str, pos: int, glyph: str, opener: str) -> bool:
    """A curly opening mark while a quotation is open: the open one was never closed."""
    if glyph not in _OPENERS or (glyph == "\u201c" and opener == "\u201e"):
        return False
    return _open_context(text, pos) and not _close_context(text, pos + 1)


def _width(text: str, pos: int) -> int:
    return 2 if text.startswith("``", pos) or text.startswith("''", pos) else 1


def _is_apostrophe(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True  # don't, Trump’s
    return text[pos] in "\u2018'" and after.isdigit()  # ’90s


def _role(text: str, mark: tuple[int, str]) -> str:
    pos, glyph = mark
    if text.startswith("``", pos):
        return "open"
    if text.startswith("''", pos):
        return "close"
    if glyph in _OPENERS:
        return "open"
    if glyph in _CLOSERS:
        return "close"
    opens, closes = _open_context(text, pos), _close_context(text, pos + 1)
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _open_context(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (
        before.isspace() or before in _OPEN_CONTEXT or before in _DOUBLE
    ) and not after.isspace()


def _close_context(text: str, end: int) -> bool:
    before = text[end - 2] if end >= 2 else " "
    after = text[end] if end < len(text) else " "
    return not before.isspace() and (
        after.isspace() or after in _CLOSE_CONTEXT or after in _DOUBLE or after in _SINGLE
    )
