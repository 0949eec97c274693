"""Benchmark inputs, built only from the eval articles shipped in the repository."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from summarizer.align import ArticleIndex
from summarizer.grounding import ground
from summarizer.schema import Extraction
from summarizer.text import words

from .measure import REPO

CASES = REPO / "evals" / "cases"


@dataclass(frozen=True)
class EvalArticle:
    case: str
    text: str

    @property
    def word_count(self) -> int:
        return len(words(self.text))


@cache
def eval_articles(cases: Path = CASES) -> tuple[EvalArticle, ...]:
    """Every ``<case>/article.txt``, in case order."""
    found = tuple(
        EvalArticle(p.parent.name, p.read_text(encoding="utf-8"))
        for p in sorted(cases.glob("*/article.txt"))
    )
    if len(found) < 2:
        raise FileNotFoundError(f"the benchmarks need at least two eval articles in {cases}")
    return found


def article_near(word_count: int) -> EvalArticle:
    """The eval article whose length is closest to ``word_count`` words."""
    return min(eval_articles(), key=lambda a: (abs(a.word_count - word_count), a.case))


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def distinct_articles(count: int) -> list[str]:
    """``count`` different articles: the opening of one eval article followed by the close
    of another, no pair used twice.

    Both parts hold about the same number of words, so two articles share at most
    about a third of their word 5-grams: far below the daily run's near-duplicate
    threshold.
    """
    base = [_paragraphs(a.text) for a in eval_articles()]
    n = len(base)
    if count > n * (n - 1):
        raise ValueError(f"at most {n * (n - 1)} distinct articles from {n} eval articles")
    out = []
    for i in range(count):
        first, second = base[i % n], base[(i % n + 1 + i // n) % n]
        budget = min(_words(first), _words(second)) // 2
        out.append("\n\n".join(_within(first, budget) + _within(second[::-1], budget)[::-1]) + "\n")
    return out


def _words(paragraphs: list[str]) -> int:
    return sum(len(words(p)) for p in paragraphs)


def _within(paragraphs: list[str], budget: int) -> list[str]:
    """The leading paragraphs up to about ``budget`` words (at least one)."""
    taken: list[str] = []
    used = 0
    for paragraph in paragraphs:
        if taken and used >= budget:
            break
        taken.append(paragraph)
        used += len(words(paragraph))
    return taken


def long_text(chars: int) -> str:
    """About ``chars`` characters of article text: eval articles one after the other,
    cut at the last space before ``chars``."""
    pieces: list[str] = []
    total = 0
    while total < chars:
        for article in eval_articles():
            pieces.append(article.text.strip())
            total += len(pieces[-1]) + 2
            if total >= chars:
                break
    text = "\n\n".join(pieces)[:chars]
    cut = text.rfind(" ")
    return text[:cut] if cut > chars // 2 else text


def grounding_cleanly(extraction: Extraction, text: str) -> Extraction:
    """``extraction`` without the items grounding refuses: a canned answer that takes one call."""
    fields = {"actor": "actors", "quote": "quotes", "figure": "numbers", "claim": "claims"}
    index = ArticleIndex(text)
    for _ in range(4):
        refused = {(p.kind, p.index) for p in ground(extraction, index).problems}
        if not refused:
            break
        data = extraction.model_dump()
        for kind, name in fields.items():
            data[name] = [item for i, item in enumerate(data[name]) if (kind, i) not in refused]
        extraction = Extraction.model_validate(data)
    return extraction
