"""Stories across outlets: which articles of a day report the same event.

Two articles are compared by the cosine similarity of their TF-IDF vectors
(scikit-learn), fitted on the day's articles, taken twice and averaged: once
over the whole text and once over its lead (the first :data:`LEAD_WORDS`
words, headline included), because the lead is where a report says which
event it is about. Words are folded, stemmed and stripped of English stop
words and bare numbers; term frequencies are sublinear.

Articles whose average-linkage similarity reaches the threshold
(``Settings.story_threshold``, chosen on the hand labels in
``evals/stories/``) form one story. This works on top of near-duplicate
removal (:mod:`summarizer.daily.dedup`): copies of one article are folded
first, clustering then groups distinct articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from ..text import stem, words

LEAD_WORDS = 60
_STOP = frozenset(ENGLISH_STOP_WORDS | {"said", "says"})
_POSSESSIVE = ("'s", "\u2019s")

Similarity = NDArray[np.float64]


def story_terms(text: str) -> list[str]:
    """The terms of ``text`` that TF-IDF counts: folded, stemmed words without stop words,
    bare numbers or possessive endings."""
    out = []
    for word in words(text):
        if word.endswith(_POSSESSIVE):
            word = word[:-2]
        if word and word not in _STOP and not word.isdigit():
            out.append(stem(word))
    return out


def lead(text: str, size: int = LEAD_WORDS) -> str:
    """The first ``size`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:size])


def _cosine(texts: Sequence[str]) -> Similarity:
    """TF-IDF cosine similarity of every pair of ``texts`` (0 where a text has no terms)."""
    vectorizer = TfidfVectorizer(analyzer=story_terms, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no text has a single term
        return np.zeros((len(texts), len(texts)))
    return np.asarray(cosine_similarity(matrix), dtype=np.float64)


def similarity_matrix(texts: Sequence[str]) -> Similarity:
    """How alike each pair of articles is: the mean of whole-text and lead TF-IDF cosines.

    Returns an ``n × n`` symmetric matrix with ones on the diagonal.
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0))
    similarity = (_cosine(texts) + _cosine([lead(t) for t in texts])) / 2
    np.fill_diagonal(similarity, 1.0)
    return np.clip(similarity, 0.0, 1.0)


def group_by_similarity(similarity: Similarity, threshold: float) -> list[list[int]]:
    """Average-linkage clusters of ``similarity`` cut at ``threshold``.

    Two groups join while the mean similarity between their members is at least
    ``threshold``. Each group is in ascending order; groups are ordered by their
    first member.
    """
    n = len(similarity)
    if n < 2:
        return [[i] for i in range(n)]
    clustering = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        # Joins happen while the linkage distance is below the cut; a pair exactly
        # at the threshold still counts as similar enough.
        distance_threshold=1.0 - threshold + 1e-9,
    )
    labels = clustering.fit_predict(1.0 - similarity)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: g[0])


@dataclass(frozen=True)
class StoryClusters:
    """The day's articles grouped into stories, with the similarities behind the grouping."""

    groups: list[list[int]]
    similarity: Similarity

    def within(self, group: Sequence[int]) -> Similarity:
        """The similarities among the members of ``group``, in its order."""
        return self.similarity[np.ix_(list(group), list(group))]

    def central(self, group: Sequence[int]) -> int:
        """The member most like the others (highest mean similarity); the first on a tie."""
        return group[central_index(self.within(group))]


def central_index(similarity: Similarity) -> int:
    """The row most like the others: the highest mean similarity to the rest (0 on a tie,
    and for fewer than two rows)."""
    n = len(similarity)
    if n < 2:
        return 0
    scores = (similarity.sum(axis=1) - np.diag(similarity)) / (n - 1)
    return int(np.argmax(scores))


def cluster_stories(texts: Sequence[str], threshold: float) -> StoryClusters:
    """Group ``texts`` (one per distinct article, headline first when there is one) into
    stories: articles that report the same event.

    Args:
        texts: the articles' texts.
        threshold: the similarity (0–1) from which articles are one story
            (``Settings.story_threshold``).

    Returns:
        The groups, as indices into ``texts``, and the similarity matrix.
    """
    similarity = similarity_matrix(texts)
    return StoryClusters(group_by_similarity(similarity, threshold), similarity)
