"""Text primitives shared by grounding, the extractive engine and scoring.

Everything here works on plain ``str`` offsets so that spans can always be
checked as ``text[start:end]``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# Quote marks and dashes folded to their ASCII forms.
_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2039": "'",
        "\u203a": "'",
        "\u2032": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_WS_RUN = re.compile(r"\s+")


def fold(text: str) -> str:
    """Fold quote marks, dashes and case; collapse whitespace (no offsets kept)."""
    return _WS_RUN.sub(" ", text.translate(_FOLD).casefold()).strip()


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """``fold`` plus NFKC and diacritics removed: for comparing names."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return fold(stripped.replace(".", " ").replace(",", " "))


@dataclass(frozen=True)
class FoldedText:
    """A folded copy of a text with a map from folded offsets back to source offsets.

    ``starts[i]``/``sources[i]``: the folded run beginning at ``starts[i]`` maps
    one-to-one onto the source from ``sources[i]``. Most texts fold without
    changing length, so a handful of runs (one per collapsed whitespace run) is
    enough and lookups are a bisect.
    """

    text: str
    starts: tuple[int, ...]
    sources: tuple[int, ...]
    source_len: int

    def to_source(self, index: int) -> int:
        """Source offset of folded offset ``index`` (``index == len(text)`` maps to the end)."""
        if index >= len(self.text):
            return self.source_len
        run = bisect_right(self.starts, index) - 1
        return self.sources[run] + (index - self.starts[run])

    def to_source_end(self, index: int) -> int:
        """Source offset just past folded character ``index - 1``."""
        if index <= 0:
            return self.to_source(0)
        return self.to_source(index - 1) + 1


def fold_with_offsets(source: str) -> FoldedText:
    """Fold ``source`` like :func:`fold` (without stripping) and keep an offset map."""
    translated = source.translate(_FOLD)
    lowered = translated.casefold()
    if len(lowered) != len(translated):
        return _fold_slow(translated)
    pieces: list[str] = []
    starts: list[int] = [0]
    sources: list[int] = [0]
    out_len = 0
    pos = 0
    for match in _WS_RUN.finditer(lowered):
        a, b = match.span()
        pieces.append(lowered[pos:a])
        out_len += a - pos
        pieces.append(" ")
        out_len += 1
        if b - a > 1:
            starts.append(out_len)
            sources.append(b)
        pos = b
    pieces.append(lowered[pos:])
    return FoldedText("".join(pieces), tuple(starts), tuple(sources), len(source))


def _fold_slow(translated: str) -> FoldedText:
    """Per-character fold for the rare texts whose case folding changes length."""
    out: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    previous_space = False
    for i, ch in enumerate(translated):
        if ch.isspace():
            if previous_space:
                continue
            previous_space = True
            folded = " "
        else:
            previous_space = False
            folded = ch.casefold()
        for c in folded:
            starts.append(len(out))
            sources.append(i)
            out.append(c)
    if not starts:
        starts, sources = [0], [0]
    return FoldedText("".join(out), tuple(starts), tuple(sources), len(translated))


# ------------------------------------------------------------------ sentences

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen col lt sgt capt cmdr adm gov sen rep rev fr hon
    pres supt insp det no nos vol vs etc inc ltd co corp bros dept univ est approx fig
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd rd e.g i.e u.s u.k
    u.n a.m p.m""".split()
)
_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s)")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int


def paragraphs(text: str) -> list[Segment]:
    """Non-empty lines of ``text`` (paragraphs in plain-text articles), trimmed."""
    out = []
    for match in re.finditer(r"[^\n]+", text):
        a, b = match.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(Segment(a, b))
    return out


def sentences(text: str) -> list[Segment]:
    """Sentence segments of ``text``; line breaks always end a sentence."""
    out: list[Segment] = []
    for para in paragraphs(text):
        start = para.start
        for match in _BOUNDARY.finditer(text, para.start, para.end):
            end = match.end()
            if not _is_sentence_end(text, start, match.start(), end, para.end):
                continue
            out.append(Segment(start, end))
            start = end
            while start < para.end and text[start].isspace():
                start += 1
        if start < para.end:
            out.append(Segment(start, para.end))
    return out


def _is_sentence_end(text: str, start: int, dot: int, end: int, limit: int) -> bool:
    nxt = end
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    if nxt >= limit:
        return False
    follower = text[nxt]
    if not (follower.isupper() or follower.isdigit() or follower in "\"'\u201c\u2018\u00ab(["):
        return False
    if text[dot] != ".":
        return True
    word_start = dot
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lower().lstrip("(\"'\u201c")
    if word in _ABBREVIATIONS:
        return False
    # Initials such as "J." or "U.S." (single letters separated by dots).
    return not re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)


# ------------------------------------------------------------------- tokens

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told according would could may might must shall upon
    us also its it's i'm we're they're he's she's that's there's mr mrs ms""".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light English stemmer: plural and common verb endings."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    return word


def words(text: str) -> list[str]:
    """Lower-cased word tokens, quote marks and dashes folded."""
    return _TOKEN.findall(text.translate(_FOLD).casefold())


def content_tokens(text: str) -> list[str]:
    """Stemmed word tokens without stopwords: the unit of claim similarity."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def token_f1(a: list[str], b: list[str]) -> float:
    """Bag-of-tokens F1 between two token lists (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    remaining: dict[str, int] = {}
    for t in b:
        remaining[t] = remaining.get(t, 0) + 1
    common = 0
    for t in a:
        if remaining.get(t, 0) > 0:
            remaining[t] -= 1
            common += 1
    if common == 0:
        return 0.0
    precision = common / len(a)
    recall = common / len(b)
    return 2 * precision * recall / (precision + recall)
