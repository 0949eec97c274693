"""The summary and the key claims: the most informative sentences, attributed."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from ..text import content_tokens, token_f1
from .actors import ActorTable
from .document import Document
from .quotes import QuoteDraft, QuoteFinder
from .units import FigureDraft

_REPORTING = re.compile(
    r"\b(?:said|says|told|stated|announced|reported|according to|claimed|"
    r"added|explained|warned|confirmed|denied|accused|estimates?)\b"
)
_DATE = (
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d{1,2},\s+\d{4}"
)
_DATELINE_PREFIX = re.compile(rf"^{_DATE}\s+|\s+{_DATE}$")
_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_DOUBLE_MARKS = frozenset('"\u201c\u201d\u00ab\u00bb')
_PARTNERS = {
    '"': frozenset('"'),
    "\u201c": frozenset('\u201d"'),
    "\u201d": frozenset('\u201c"'),
    "\u00ab": frozenset("\u00bb"),
    "\u00bb": frozenset("\u00ab"),
}


@dataclass
class ClaimDraft:
    start: int
    end: int
    text: str
    source: str | None
    score: float


def _clean(text: str) -> str:
    """A sentence in one line, without a dateline run into it nor a stray mark at either
    end; a mark whose partner is inside stays ('"I am done," the mayor said.').

    The marks left in the sentence are counted once and the count follows each mark
    dropped, so a run of stray marks costs time in proportion to its length.
    """
    text = _DATELINE_PREFIX.sub("", " ".join(text.split()))  # a dateline run into the text
    left = Counter(c for c in text if c in _DOUBLE_MARKS)
    start, end = 0, len(text)
    while start < end and text[start] in _MARKS and not _partnered(text[start], left):
        left[text[start]] -= 1
        start += 1
        while start < end and text[start].isspace():
            start += 1
    while start < end and text[end - 1] in _MARKS and not _partnered(text[end - 1], left):
        left[text[end - 1]] -= 1
        end -= 1
        while start < end and text[end - 1].isspace():
            end -= 1
    return text[start:end]


def _partnered(mark: str, left: Counter[str]) -> bool:
    """True when a partner of ``mark`` stands among the double marks ``left`` besides it."""
    return any(left[p] - (p == mark) > 0 for p in _pair(mark) if p in _DOUBLE_MARKS)


def _pair(mark: str) -> frozenset[str]:
    """The marks that can close (or open) a quotation opened (or closed) by ``mark``."""
    return _PARTNERS.get(mark, frozenset())


class ClaimPicker:
    def __init__(
        self,
        doc: Document,
        actors: ActorTable,
        quotes: list[QuoteDraft],
        figures: list[FigureDraft],
        finder: QuoteFinder,
    ):
        self.doc = doc
        self.actors = actors
        self.quotes = quotes
        self.figures = figures
        self.attributor = finder.attributor
        self._quote_starts = [q.start for q in quotes]
        self._figure_starts = sorted(f.start for f in figures)

    def _candidates(self) -> list[tuple[int, int]]:
        """Sentences of body paragraphs and answers (not the interviewer's turns)."""
        out = []
        sentences = self.doc.sentences
        starts = self.doc.sentence_starts
        for para in self.doc.paragraphs:
            if para.kind not in ("body", "turn"):
                continue
            if para.kind == "turn" and para.label in self.doc.interviewers:
                continue
            start = para.body_start if para.kind == "turn" else para.start
            i = bisect_left(starts, start)
            while i < len(sentences) and sentences[i].end <= para.end:
                out.append((sentences[i].start, sentences[i].end))
                i += 1
        return out

    def _quote_holding(self, a: int, b: int, slack: int = 0) -> QuoteDraft | None:
        """The quote that covers ``text[a:b]`` (within ``slack`` characters), if any."""
        i = bisect_left(self._quote_starts, a + slack + 1) - 1
        if i >= 0:
            quote = self.quotes[i]
            if quote.start <= a + slack and b - slack <= quote.end:
                return quote
        return None

    def summary(self) -> str:
        """The lead: the first one or two sentences in the article's own voice.

        In an interview the lead is the introduction before the first answer, or
        the headline when there is none.
        """
        candidates = self._candidates()
        if self.doc.is_interview:
            first_turn = next(p.start for p in self.doc.paragraphs if p.kind == "turn")
            candidates = [(a, b) for a, b in candidates if b <= first_turn]
            if not candidates:
                return self._headline()
        picked: list[str] = []
        words = 0
        for a, b in candidates:
            if self._quote_holding(a, b, 2) is not None:
                continue
            sentence = _clean(self.doc.text[a:b])
            n = len(sentence.split())
            if n < 6 or sentence.endswith("?"):
                continue
            if picked and words + n > 55:
                break
            picked.append(sentence)
            words += n
            if len(picked) == 2 or words >= 25:
                break
        return " ".join(picked) or self._headline()

    def _headline(self) -> str:
        for para in self.doc.paragraphs:
            if para.kind == "heading":
                return _clean(self.doc.text[para.start : para.end])
        return ""

    def claims(self) -> list[ClaimDraft]:
        candidates = self._candidates()
        drafts: list[ClaimDraft] = []
        for rank, (a, b) in enumerate(candidates):
            for ca, cb in _clauses(self.doc.text, a, b):
                text = _clean(self.doc.text[ca:cb])
                n = len(text.split())
                if n < 6 or text.endswith("?") or n > 60:
                    continue
                score = self._score(ca, cb, text, rank, n)
                drafts.append(ClaimDraft(ca, cb, text, None, score))
        want = max(5, min(12, round(len(candidates) / 3)))
        chosen: list[ClaimDraft] = []
        chosen_tokens: list[list[str]] = []
        for draft in sorted(drafts, key=lambda d: -d.score):
            tokens = content_tokens(draft.text)
            if any(token_f1(tokens, other) > 0.6 for other in chosen_tokens):
                continue
            draft.source = self._source(draft.start, draft.end)
            chosen.append(draft)
            chosen_tokens.append(tokens)
            if len(chosen) >= want:
                break
        return sorted(chosen, key=lambda d: d.start)

    def _score(self, a: int, b: int, text: str, rank: int, n: int) -> float:
        score = 1.0 / (1.0 + 0.12 * rank)
        figures = bisect_left(self._figure_starts, b) - bisect_left(self._figure_starts, a)
        score += min(figures, 2) * 0.35
        actors = {m.actor for m in self.actors.mentions_between(a, b)}
        score += min(len(actors), 3) * 0.2
        if _REPORTING.search(text):
            score += 0.2
        if n < 9:
            score -= 0.3
        if n > 40:
            score -= 0.3
        if self._quote_holding(a, b) is not None:
            score -= 0.15
        return score

    def _source(self, a: int, b: int) -> str | None:
        quote = self._quote_holding(a, max(a, b - 2))
        if quote is not None and b <= quote.end + 2:
            return self._named(quote.speaker)
        return self._named(self.attributor.statement(a, b, first=True))

    def _named(self, speaker: str | None) -> str | None:
        if speaker is None:
            return None
        return speaker if self.actors.find(speaker) is not None else None


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A sentence split at semicolons when both sides stand alone."""
    parts = []
    cursor = a
    for m in re.finditer(r";\s+", text[a:b]):
        left = text[cursor : a + m.start()]
        right = text[a + m.end() : b]
        if len(left.split()) >= 6 and len(right.split()) >= 6:
            parts.append((cursor, a + m.start()))
            cursor = a + m.end()
    parts.append((cursor, b))
    return parts
