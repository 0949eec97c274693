"""Quotes: verbatim words inside one quotation of the article, from its speaker.

A model's quote is located whole first (a literal "..." of the article stays
inside), then with the enclosing marks and trailing punctuation it added
trimmed, then part by part around its elisions ("…", "...", "[…]"), which must
come in order from one quotation. Words found only outside every quotation are
the article's narration or reported speech: they are handed back as a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..align import ArticleIndex, Match
from ..quotations import Quotation, QuotationMap
from ..schema import ExtractedQuote
from .model import GroundedQuote, Outcome, Problem, excerpt
from .speakers import Attributor, SpeakerCheck

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.\.\.+|\u2026)\s*")
_EDGE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a`\u00b4 \n\t"
_TRAILING = ".,;:!?\u2026"
_MIN_CLAIM_WORDS = 5
NOT_QUOTED = (
    "the article does not quote these words (they are its own narration or reported speech)"
)
NOT_QUOTED_ADVICE = (
    "quote only words inside quotation marks; give reported speech as a claim with its source"
)
_MIN_CUT_LETTERS = 4
_MOSTLY_QUOTED = 2  # a match half inside one quotation is cut to it


@dataclass(frozen=True)
class ReportedSpeech:
    """A model quote that the article does not quote: its words, to try as a claim."""

    index: int
    text: str
    speaker: int | None
    sentence: tuple[int, int]


@dataclass
class QuoteResult:
    quotes: list[GroundedQuote]
    problems: list[Problem]
    reported: list[ReportedSpeech]


def variants(text: str) -> list[str]:
    """The model's text without enclosing marks, then with its trailing punctuation and
    marks trimmed one at a time, then without leading or trailing elisions."""
    current = text.strip(_EDGE_MARKS)
    out = [current]
    while current and (current[-1] in _TRAILING or current[-1] in _EDGE_MARKS):
        current = current[:-1].rstrip()
        if current:
            out.append(current)
    unwrapped = re.sub(rf"^{_ELLIPSIS.pattern}|{_ELLIPSIS.pattern}$", "", current)
    unwrapped = unwrapped.strip(_EDGE_MARKS)
    if unwrapped:
        out.append(unwrapped)
    return list(dict.fromkeys(v for v in out if v))


def split_elisions(text: str) -> list[str]:
    """The passages a model joined with an ellipsis, marks and trailing punctuation trimmed."""
    parts = [p.strip(_EDGE_MARKS) for p in _ELLIPSIS.split(text)]
    return [p.rstrip(_TRAILING).strip(_EDGE_MARKS) for p in parts if p.strip(_EDGE_MARKS)]


def whole_words(text: str, match: Match, needle: str) -> bool:
    """False when a match cuts a word: it may start or end inside a glued token only
    with a whole word of its own ("asjoint" holds "joint")."""
    a, b = match.start, match.end
    if a > 0 and text[a - 1].isalnum() and text[a].isalnum():
        head = re.match(r"\w+", needle.strip(_EDGE_MARKS))
        if head is None or len(head.group(0)) < _MIN_CUT_LETTERS:
            return False
    if b < len(text) and text[b].isalnum() and text[b - 1].isalnum():
        tail = re.search(r"\w+$", needle.rstrip(_TRAILING + _EDGE_MARKS))
        if tail is None or len(tail.group(0)) < _MIN_CUT_LETTERS:
            return False
    return True


class QuoteGrounder:
    """Grounds the quotes of one extraction."""

    def __init__(self, index: ArticleIndex, quotations: QuotationMap, attributor: Attributor):
        self.index = index
        self.text = index.text
        self.quotations = quotations
        self.attributor = attributor

    def locate(self, text: str) -> list[Match]:
        """The places of a quote's words: one match, or one per elided passage."""
        found = self._whole(text, fuzzy=False)
        if found:
            return found
        parts = split_elisions(text)
        if len(parts) > 1:
            return self._parts(parts)
        return self._whole(text, fuzzy=True)

    def _whole(self, text: str, fuzzy: bool) -> list[Match]:
        for variant in variants(text):
            if fuzzy:
                match = self.index.find_fuzzy(variant)
                candidates = [match] if match else []
            else:
                candidates = [
                    m for m in self.index.find_all(variant) if whole_words(self.text, m, variant)
                ]
            if candidates:
                inside = [m for m in candidates if self._region(m) is not None]
                return [self._clip((inside or candidates)[0])]
        return []

    def _parts(self, parts: list[str]) -> list[Match]:
        matches: list[Match] = []
        cursor = 0
        for part in parts:
            exact = [
                m
                for m in self.index.find_all(part, start=cursor)
                if whole_words(self.text, m, part)
            ]
            match = exact[0] if exact else self.index.find_fuzzy(part, start=cursor)
            if match is None:
                return []
            matches.append(self._clip(match))
            cursor = match.end
        return matches

    def _region(self, match: Match) -> Quotation | None:
        return self.quotations.containing(match.start, match.end)

    def _clip(self, match: Match) -> Match:
        """A match that runs past its quotation, cut at the quotation: into the attribution
        ("…, Jane Roe said"), its marks, or narration, when most of it is quoted."""
        if self._region(match) is not None:
            return match
        regions = self.quotations.overlapping(match.start, match.end)
        if len(regions) != 1:
            return match
        region = regions[0]
        cue = region.cue
        a, b = max(match.start, region.start), min(match.end, region.end)
        outside = self.text[match.start : a] + self.text[b : match.end]
        in_cue = cue is not None and cue.start - 3 <= b and match.end <= cue.end + 1
        mostly = (b - a) * _MOSTLY_QUOTED >= match.end - match.start
        if b - a >= 2 and (in_cue or mostly or not outside.strip(_EDGE_MARKS + _TRAILING + " ")):
            return Match(a, b, match.status if outside.strip(_EDGE_MARKS + " ") == "" else "fuzzy")
        return match

    def ground(
        self, quotes: list[ExtractedQuote], speakers: list[tuple[int | None, str | None]]
    ) -> QuoteResult:
        """Every quote kept, refused or handed back as reported speech."""
        result = QuoteResult([], [], [])
        taken: set[tuple[int, int]] = set()
        for i, (quote, (speaker, name)) in enumerate(zip(quotes, speakers, strict=True)):
            self._one(i, quote, speaker, name, result, taken)
        return result

    def _one(
        self,
        i: int,
        quote: ExtractedQuote,
        speaker: int | None,
        name: str | None,
        out: QuoteResult,
        taken: set[tuple[int, int]],
    ) -> None:
        label = f"quotes[{i}] ({excerpt(quote.text)!r})"

        def problem(
            reason: str, advice: str, context: str = "", outcome: Outcome = "dropped"
        ) -> None:
            out.problems.append(
                Problem("quote", i, label, reason, advice, context, quote.text, outcome)
            )

        if not quote.text.strip(_EDGE_MARKS + _TRAILING):
            problem("the quote is empty", "leave it out")
            return
        matches = self.locate(quote.text)
        if not matches:
            problem(
                "this text does not occur in the article",
                "copy the article's words exactly, or leave the quote out",
                self._nearest_sentence(quote.text),
            )
            return
        regions = [r for r in (self._region(m) for m in matches) if r is not None]
        context = self._context(matches[0])
        if len(regions) < len(matches):
            if self._reported(matches):
                sentence = self._sentence(matches[0])
                words = self.text[matches[0].start : matches[0].end]
                out.reported.append(ReportedSpeech(i, words, speaker, sentence))
            else:
                problem(NOT_QUOTED, NOT_QUOTED_ADVICE, context)
            return
        if len({r.group for r in regions}) > 1:
            problem(
                "its parts come from different quotations",
                "give each quotation as its own quote, with its own speaker",
                context,
            )
            return
        verdict = self.attributor.check(self.attributor.of(regions[0]), speaker, name)
        match verdict.verdict:
            case "kept":
                self._keep(matches, verdict, out, taken)
            case "unsupported":
                problem(
                    f"the article does not say that {quote.speaker} said it",
                    "give the speaker the article names for it, or null",
                    context,
                    "unattributed",
                )
                self._keep(matches, verdict, out, taken)
            case "misattributed":
                problem(
                    f"the article attributes it to {verdict.article_gives}, not {quote.speaker}",
                    f"give {verdict.article_gives} as its speaker",
                    context,
                )

    def _keep(
        self,
        matches: list[Match],
        verdict: SpeakerCheck,
        out: QuoteResult,
        taken: set[tuple[int, int]],
    ) -> None:
        """One quote per matched passage, each passage once."""
        for match in matches:
            span = (match.start, match.end)
            if span in taken:
                continue
            taken.add(span)
            text = self.text[match.start : match.end]
            out.quotes.append(
                GroundedQuote(text, verdict.speaker, span, match.status, verdict.speaker_name)
            )

    def _reported(self, matches: list[Match]) -> bool:
        """True for words outside every quotation, long enough to stand as a claim."""
        if len(matches) != 1:
            return False
        match = matches[0]
        words = self.text[match.start : match.end].split()
        return len(words) >= _MIN_CLAIM_WORDS and not self.quotations.overlapping(
            match.start, match.end
        )

    def _sentence(self, match: Match) -> tuple[int, int]:
        for s in self.index.sentences:
            if s.start <= match.start < s.end:
                return (s.start, max(s.end, match.end))
        return (match.start, match.end)

    def _context(self, match: Match) -> str:
        a, b = self._sentence(match)
        return excerpt(self.text[a:b], 300)

    def _nearest_sentence(self, text: str) -> str:
        found, _ = self.index.best_sentences(text, limit=1)
        return excerpt(self.text[found[0].start : found[0].end], 300) if found else ""
