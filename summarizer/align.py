"""Locating a piece of text in an article: exact, then normalised, then fuzzy.

An :class:`ArticleIndex` is built once per article text. Each lookup is a
handful of C-level ``str.find`` scans plus a bounded edit-distance check around
the candidate places, so the cost stays near-linear in the article length even
for 100k-character texts.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import Levenshtein

from .quantities import NumberMention, find_numbers
from .quotations import QuotationMap, find_quotations
from .schema import GroundingStatus
from .text import (
    FoldedText,
    Segment,
    content_tokens,
    fold,
    fold_with_offsets,
    paragraphs,
    sentences,
)

MAX_FUZZY_RATIO = 0.10
_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?![^\W\d_])")
_MIN_FUZZY_LEN = 12
_MAX_CANDIDATES = 24


@dataclass(frozen=True)
class Match:
    """Where a needle was found: source offsets and how exactly it matched."""

    start: int
    end: int
    status: GroundingStatus


class ArticleIndex:
    """An article text with the lookups grounding needs, computed lazily and once."""

    def __init__(self, text: str, max_fuzzy_ratio: float = MAX_FUZZY_RATIO):
        self.text = text
        self.max_fuzzy_ratio = max_fuzzy_ratio

    @cached_property
    def folded(self) -> FoldedText:
        return fold_with_offsets(self.text)

    @cached_property
    def sentences(self) -> list[Segment]:
        return sentences(self.text)

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the nearest one before it)."""
        return max(0, bisect_right(self.sentence_starts, offset) - 1)

    @cached_property
    def paragraphs(self) -> list[Segment]:
        return paragraphs(self.text)

    @cached_property
    def quotations(self) -> QuotationMap:
        """Where the article quotes someone (see :mod:`summarizer.quotations`)."""
        return find_quotations(self.text)

    @cached_property
    def words(self) -> frozenset[str]:
        """The lower-cased words that stand on their own in the text (not glued to another)."""
        return frozenset(w.lower() for w in _WORD.findall(self.text))

    @cached_property
    def numbers(self) -> list[NumberMention]:
        return find_numbers(self.text)

    @cached_property
    def sentence_tokens(self) -> list[set[str]]:
        return [set(content_tokens(self.text[s.start : s.end])) for s in self.sentences]

    @cached_property
    def token_postings(self) -> dict[str, list[int]]:
        postings: dict[str, list[int]] = {}
        for i, tokens in enumerate(self.sentence_tokens):
            for token in tokens:
                postings.setdefault(token, []).append(i)
        return postings

    # ------------------------------------------------------------------ lookups

    def find(self, needle: str, start: int = 0) -> Match | None:
        """First place of ``needle`` at or after ``start``: exact, normalised, then fuzzy."""
        found = self.find_all(needle, start=start, limit=1)
        if found:
            return found[0]
        return self.find_fuzzy(needle, start=start)

    def find_all(self, needle: str, start: int = 0, limit: int = 50) -> list[Match]:
        """Exact places of ``needle`` or, when there are none, its normalised places."""
        if not needle:
            return []
        out: list[Match] = []
        pos = self.text.find(needle, start)
        while pos >= 0 and len(out) < limit:
            out.append(Match(pos, pos + len(needle), "exact"))
            pos = self.text.find(needle, pos + 1)
        if out:
            return out
        folded_needle = fold(needle)
        if not folded_needle:
            return []
        hay = self.folded
        begin = _folded_offset(hay, start)
        pos = hay.text.find(folded_needle, begin)
        while pos >= 0 and len(out) < limit:
            a = hay.to_source(pos)
            b = hay.to_source_end(pos + len(folded_needle))
            out.append(Match(a, b, "normalized"))
            pos = hay.text.find(folded_needle, pos + 1)
        return out

    def find_fuzzy(self, needle: str, start: int = 0) -> Match | None:
        """The closest place within ``max_fuzzy_ratio`` edits of ``needle``, if any."""
        pattern = fold(needle)
        m = len(pattern)
        if m < _MIN_FUZZY_LEN:
            return None
        budget = max(1, math.floor(self.max_fuzzy_ratio * m))
        hay = self.folded.text
        begin = _folded_offset(self.folded, start)
        best: tuple[int, int, int] | None = None
        for cand in self._candidates(pattern, begin):
            result = _align_near(pattern, hay, cand, budget)
            if result and (best is None or result[2] < best[2]):
                best = result
                if result[2] == 0:
                    break
        if best is None:
            return None
        a, b, _ = best
        a, b = _snap_to_words(hay, a, b)
        if Levenshtein.distance(pattern, hay[a:b]) > budget:
            a, b = best[0], best[1]
        src_a = self.folded.to_source(a)
        src_b = self.folded.to_source_end(b)
        while src_a < src_b and self.text[src_a].isspace():
            src_a += 1
        while src_b > src_a and self.text[src_b - 1].isspace():
            src_b -= 1
        return Match(src_a, src_b, "fuzzy")

    def _candidates(self, pattern: str, begin: int) -> list[int]:
        """Likely start offsets of ``pattern`` in the folded text, from exact k-gram anchors."""
        m = len(pattern)
        k = max(6, min(16, m // 4))
        hay = self.folded.text
        offsets = sorted({0, m // 4, m // 2, (3 * m) // 4, max(0, m - k)})
        seen: list[int] = []
        for off in offsets:
            anchor = pattern[off : off + k]
            if len(anchor) < 4:
                continue
            pos = hay.find(anchor, begin)
            hits = 0
            while pos >= 0 and hits < _MAX_CANDIDATES:
                cand = max(0, pos - off)
                if all(abs(cand - s) > m // 10 + 2 for s in seen):
                    seen.append(cand)
                hits += 1
                pos = hay.find(anchor, pos + 1)
        return seen

    def ranked_sentences(self, claim: str) -> list[int]:
        """Indices of the sentences sharing content words with ``claim``, most shared first."""
        hits: dict[int, int] = {}
        for token in set(content_tokens(claim)):
            for i in self.token_postings.get(token, ()):
                hits[i] = hits.get(i, 0) + 1
        return sorted(hits, key=lambda i: (-hits[i], i))

    def best_sentences(
        self, claim: str, limit: int = 2, first: int | None = None
    ) -> tuple[list[Segment], float]:
        """Sentences that best support ``claim`` and the share of its content words they cover.

        ``first``, when given, is the index of a sentence that must be among them.
        """
        tokens = set(content_tokens(claim))
        if not tokens:
            return [], 0.0
        ranked = self.ranked_sentences(claim)
        if first is not None:
            ranked = [first, *(i for i in ranked if i != first)]
        if not ranked:
            return [], 0.0
        chosen = [ranked[0]]
        covered = set(self.sentence_tokens[ranked[0]]) & tokens
        for i in ranked[1:]:
            if len(chosen) >= limit:
                break
            gain = (self.sentence_tokens[i] & tokens) - covered
            if len(gain) >= max(2, len(tokens) // 4):
                chosen.append(i)
                covered |= gain
        chosen.sort()
        return [self.sentences[i] for i in chosen], len(covered) / len(tokens)


def _folded_offset(hay: FoldedText, source_offset: int) -> int:
    if source_offset <= 0:
        return 0
    # Folding never lengthens a text by more than case-folding expansions, so a
    # linear walk from the proportional guess is short.
    lo, hi = 0, len(hay.text)
    while lo < hi:
        mid = (lo + hi) // 2
        if hay.to_source(mid) < source_offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _align_near(pattern: str, hay: str, cand: int, budget: int) -> tuple[int, int, int] | None:
    """Best (start, end, distance) of ``pattern`` around ``cand`` in ``hay`` within ``budget``."""
    m = len(pattern)
    slack = budget + 2
    lo = max(0, cand - slack)
    hi = min(len(hay), cand + m + slack)
    if hi - lo < m - budget:
        return None
    best_start, best_end = cand, min(len(hay), cand + m)
    best = Levenshtein.distance(pattern, hay[best_start:best_end], score_cutoff=budget + slack)
    for end in range(max(lo + 1, cand + m - slack), min(hi, cand + m + slack) + 1):
        d = Levenshtein.distance(pattern, hay[best_start:end], score_cutoff=best)
        if d < best:
            best, best_end = d, end
    for start in range(lo, min(cand + slack, best_end) + 1):
        d = Levenshtein.distance(pattern, hay[start:best_end], score_cutoff=best)
        if d < best:
            best, best_start = d, start
    if best > budget:
        return None
    return best_start, best_end, best


def _snap_to_words(hay: str, a: int, b: int) -> tuple[int, int]:
    """Widen ``hay[a:b]`` so that it neither starts nor ends inside a word."""
    while 0 < a < len(hay) and hay[a - 1].isalnum() and hay[a].isalnum():
        a -= 1
    while 0 < b < len(hay) and hay[b - 1].isalnum() and hay[b].isalnum():
        b += 1
    return a, b
