"""Copies of one article summarised once: duplicates and near-duplicates folded together.

Copies with the same text (the same article id) are one article. Articles whose
word 5-gram shingles overlap with a Jaccard similarity of at least
``Settings.dedup_threshold`` are one article too (a wire story carried by several
sites, a page updated during the day), summarised from its longest copy. Grouping
distinct articles that report the same event into stories comes after this
(:mod:`summarizer.daily.stories`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..article import Article
from ..text import words
from .sources import Found, is_url
from .storymodel import SourceRef

SHINGLE_WORDS = 5


@dataclass(frozen=True)
class ArticleCopies:
    """One distinct article: the text to summarise and every copy it was read from."""

    article: Article
    copies: tuple[Found, ...]

    @property
    def sources(self) -> list[SourceRef]:
        """Each place the article was read, once, with what is known about it."""
        refs: dict[str, SourceRef] = {}
        for copy in self.copies:
            a = copy.article
            known = refs.get(copy.location)
            if known is None:
                refs[copy.location] = SourceRef(
                    location=copy.location, url=a.url, title=a.title, published=a.published
                )
            else:
                refs[copy.location] = known.model_copy(
                    update={
                        "url": known.url or a.url,
                        "title": known.title or a.title,
                        "published": known.published or a.published,
                    }
                )
        return list(refs.values())

    @property
    def link(self) -> str:
        """Where a reader can open the article: its URL, else where its first copy was read."""
        return next(
            (c.article.url for c in self.copies if c.article.url and is_url(c.article.url)),
            self.copies[0].link,
        )


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of the word ``size``-grams of ``text`` (the words themselves for short texts)."""
    tokens = words(text)
    if len(tokens) < size:
        return frozenset(hash(t) for t in tokens)
    return frozenset(hash(tuple(tokens[i : i + size])) for i in range(len(tokens) - size + 1))


class DisjointSets:
    """Union-find over ``0..size-1``."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        """Put ``j``'s set into ``i``'s."""
        self.parent[self.root(j)] = self.root(i)

    def groups(self) -> list[list[int]]:
        """The sets, each in ascending order, ordered by their smallest member."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.root(i), []).append(i)
        return list(out.values())


def fold_copies(found: list[Found], threshold: float) -> list[ArticleCopies]:
    """The distinct articles of ``found``, in order of first appearance."""
    by_id: dict[str, list[Found]] = {}
    for item in found:
        by_id.setdefault(item.article.id, []).append(item)
    copies = list(by_id.values())
    marks = [shingles(group[0].article.text) for group in copies]
    sets = DisjointSets(len(copies))
    # Count shared shingles through an index instead of comparing every pair.
    postings: dict[int, list[int]] = {}
    for j, mark in enumerate(marks):
        shared: dict[int, int] = {}
        for shingle in mark:
            for i in postings.get(shingle, ()):
                shared[i] = shared.get(i, 0) + 1
            postings.setdefault(shingle, []).append(j)
        for i, common in shared.items():
            if common / (len(marks[i]) + len(mark) - common) >= threshold:
                sets.join(i, j)
    return [_article([copies[i] for i in members]) for members in sets.groups()]


def _article(copies: list[list[Found]]) -> ArticleCopies:
    """The article of ``copies`` (each a list of identical copies): the longest text,
    with the first title, URL and date its identical copies give."""
    main = max(copies, key=lambda group: len(group[0].article.text))
    article = replace(
        main[0].article,
        title=next((f.article.title for f in main if f.article.title), None),
        url=next((f.article.url for f in main if f.article.url), None),
        published=next((f.article.published for f in main if f.article.published), None),
    )
    return ArticleCopies(article, tuple(f for group in copies for f in group))
