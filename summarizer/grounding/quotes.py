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
from ..attribution import SPEECH_CUE, cue_before
from ..extractive.lexicon import COMMON_WORDS
from ..quotations import Quotation, QuotationMap
from ..schema import ExtractedQuote, Quote
from .model import PENDING_ID, Outcome, Problem, excerpt, span_of, speaker_id
from .speakers import Attributor, SpeakerCheck

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.\.\.+|\u2026)\s*")
# Every character str.isspace() holds: a quote's edges lose a non-breaking space as a space.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_EDGE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a`\u00b4" + _SPACES
_TRAILING = ".,;:!?\u2026"
_MARKS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a`")
_MIN_CLAIM_WORDS = 5
NOT_QUOTED = (
    "the article does not quote these words (they are its own narration or reported speech)"
)
NOT_QUOTED_ADVICE = (
    "quote only words inside quotation marks; give reported speech as a claim with its source"
)
_MIN_CUT_LETTERS = 4
_MIN_GLUED_PART = 2  # the rest of a glued token is a word too: "he" of "atrocitieshe"
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
    quotes: list[Quote]
    problems: list[Problem]
    reported: list[ReportedSpeech]


def variants(text: str) -> list[str]:
    """The model's text without enclosing marks (but with the mark that closes a quotation
    nested at its end: "… says 'The Poet.'"), then with its trailing punctuation and
    marks trimmed one at a time, then without leading or trailing elisions."""
    current = text.strip(_EDGE_MARKS)
    closing = _nested_close(text.strip(), current)
    out = [current + closing] if closing else []
    out.append(current)
    while current and (current[-1] in _TRAILING or current[-1] in _EDGE_MARKS):
        current = current[:-1].rstrip()
        if current:
            out.append(current)
    unwrapped = re.sub(rf"^{_ELLIPSIS.pattern}|{_ELLIPSIS.pattern}$", "", current)
    unwrapped = unwrapped.strip(_EDGE_MARKS)
    if unwrapped:
        out.append(unwrapped)
    return list(dict.fromkeys(v for v in out if v))


def _nested_close(text: str, core: str) -> str:
    """The mark after ``core`` in ``text`` when ``core`` opens a quotation it does not close
    (the mark closes that quotation, not the quote), else ""."""
    at = text.find(core)
    rest = text[at + len(core) :] if at >= 0 and core else ""
    if not rest or rest[0] not in _MARKS or _open_marks(core) <= 0:
        return ""
    return rest[0]


def _open_marks(text: str) -> int:
    """Quotation marks ``text`` opens (a mark before a word) less those it closes."""
    opened = 0
    for i, char in enumerate(text):
        if char not in _MARKS:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if (before.isspace() or before in "([") and after.isalnum():
            opened += 1
        elif not before.isspace() and not after.isalnum() and opened:
            opened -= 1
    return opened


def split_elisions(text: str) -> list[str]:
    """The passages a model joined with an ellipsis, marks trimmed; the punctuation before
    an ellipsis too (it marks the cut), not the quote's own final punctuation."""
    parts = [p.strip(_EDGE_MARKS) for p in _ELLIPSIS.split(text)]
    parts = [p for p in parts if p]
    return [
        p if i == len(parts) - 1 else p.rstrip(_TRAILING).strip(_EDGE_MARKS)
        for i, p in enumerate(parts)
    ]


def whole_words(text: str, match: Match, needle: str) -> bool:
    """False when a match cuts a word: it may start or end inside a glued token only
    with a whole word of its own ("asjoint" holds "joint"), the token's other part being
    a word too ("as"; not the "d" of "streamlined")."""
    a, b = match.start, match.end
    if a > 0 and text[a - 1].isalnum() and text[a].isalnum():
        if _word_length(r"^\w+", needle.strip(_EDGE_MARKS)) < _MIN_CUT_LETTERS:
            return False
        if _word_length(r"\w+$", text[max(0, a - 40) : a]) < _MIN_GLUED_PART:
            return False
    if b < len(text) and text[b].isalnum() and text[b - 1].isalnum():
        if _word_length(r"\w+$", needle.rstrip(_TRAILING + _EDGE_MARKS)) < _MIN_CUT_LETTERS:
            return False
        if _word_length(r"^\w+", text[b : b + 40]) < _MIN_GLUED_PART:
            return False
    return True


def _word_length(pattern: str, text: str) -> int:
    """The length of the word ``pattern`` finds in ``text``; 0 when there is none."""
    found = re.search(pattern, text)
    return len(found.group(0)) if found else 0


def cuts_token(text: str, match: Match) -> bool:
    """True when ``match`` starts or ends inside a token of ``text`` (a glued word)."""
    a, b = match.start, match.end
    starts_inside = a > 0 and text[a - 1].isalnum() and text[a].isalnum()
    return starts_inside or (b < len(text) and text[b].isalnum() and text[b - 1].isalnum())


class QuoteGrounder:
    """Grounds the quotes of one extraction."""

    def __init__(
        self,
        index: ArticleIndex,
        quotations: QuotationMap,
        attributor: Attributor,
        window: tuple[int, int] | None = None,
    ):
        self.index = index
        self.text = index.text
        self.quotations = quotations
        self.attributor = attributor
        self.window = window or (0, len(index.text))

    def _outside(self, match: Match) -> bool:
        """True when ``match`` lies outside the part of the text the model read."""
        a, b = self.window
        return match.end <= a or match.start >= b

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
                near = self.index.find_fuzzy(variant, start=self.window[0])
                match = near or self.index.find_fuzzy(variant)
                candidates = [match] if match else []
            else:
                candidates = [
                    m for m in self.index.find_all(variant) if whole_words(self.text, m, variant)
                ]
            if candidates:
                best = min(
                    candidates,
                    key=lambda m: (
                        self._outside(m),
                        self._region(m) is None,
                        cuts_token(self.text, m),
                    ),
                )
                return [self._clip(best)]
        return []

    def _parts(self, parts: list[str]) -> list[Match]:
        """The elided passages in order, from the first place inside the window on."""
        found = self._parts_from(parts, self.window[0])
        return found if found or self.window[0] == 0 else self._parts_from(parts, 0)

    def _parts_from(self, parts: list[str], cursor: int) -> list[Match]:
        matches: list[Match] = []
        for part in parts:
            trimmed = part.rstrip(_TRAILING).strip(_EDGE_MARKS) or part
            exact = [
                m
                for variant in dict.fromkeys([part, trimmed])
                for m in self.index.find_all(variant, start=cursor)
                if whole_words(self.text, m, variant)
            ]
            match = exact[0] if exact else self.index.find_fuzzy(trimmed, start=cursor)
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
            reason: str,
            advice: str,
            context: str = "",
            outcome: Outcome = "dropped",
            repair: bool = True,
        ) -> None:
            out.problems.append(
                Problem(
                    "quote", i, label, reason, advice, context, quote.text, outcome, repair=repair
                )
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
        if not regions and len(matches) == 1:
            regions = [r for r in [self._glued_end(matches[0])] if r is not None]
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
                swapped = self._swapped(speaker, verdict.points_to)
                problem(
                    f"the article does not say that {quote.speaker} said it",
                    f"the article refers it back to {verdict.article_gives}; give that speaker, "
                    "or null"
                    if swapped
                    else "give the speaker the article names for it, or null",
                    context,
                    "unattributed",
                    repair=swapped,
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
                Quote(
                    id=PENDING_ID,
                    text=text,
                    speaker=speaker_id(verdict.speaker),
                    speaker_name=verdict.speaker_name,
                    spans=span_of(*span),
                    grounding=match.status,
                )
            )

    def _swapped(self, speaker: int | None, points_to: int | None) -> bool:
        """True when the model named one person and the article refers the words back to
        another: speakers swapped, which a repair can fix (a quote the article gives to
        nobody, or only to a description, has no better answer to ask for)."""
        actors = self.attributor.actors
        return (
            speaker is not None
            and points_to is not None
            and actors[speaker].kind == actors[points_to].kind == "person"
        )

    def _glued_end(self, match: Match) -> Quotation | None:
        """The quotation ``match`` is when the article lost its marks and the closing one took
        the space after it: the last word glued to the next ("…water Ukraine with
        armsintended for…"), both of them words, after a speech verb of the sentence, which
        attributes it ("He blamed Westerners to …")."""
        text, (a, b) = self.text, (match.start, match.end)
        if not self.quotations.lost_marks or not cuts_token(text, Match(b - 1, b, "exact")):
            return None
        last = re.search(r"[^\W\d_]+$", text[a:b])
        rest = re.match(r"[^\W\d_]+", text[b:])
        if last is None or rest is None or not self._word(last.group(0)):
            return None
        if not (self._word(rest.group(0)) or rest.group(0)[0].isupper()):
            return None
        sentence = self._sentence(match)[0]
        if sentence >= a or SPEECH_CUE.search(text, sentence, a) is None:
            return None
        return Quotation(a, b, -1 - a, "run-in", cue_before(text, a, sentence))

    def _word(self, token: str) -> bool:
        """True for a word of the language or of the article standing on its own."""
        folded = token.lower()
        return folded in COMMON_WORDS or folded in self.index.words

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
