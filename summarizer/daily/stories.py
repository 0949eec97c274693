"""Stories across outlets: which articles of a day report the same event.

Every pair of the day's articles gets the probability that both report one event
(:func:`summarizer.daily.storypairs.same_event_probability`: whole-text and
headline-and-lead TF-IDF cosines, with inverse document frequencies from the
articles of earlier days (:class:`summarizer.daily.storyterms.TermCounts`) and the
day's own, weighed by a logistic model fitted on the hand labels in
``evals/stories/``). Articles whose average-linkage probability reaches the
threshold (``Settings.story_threshold``, chosen on the same labels) form one story.
Average linkage keeps a story from growing by a chain of pairwise resemblances: a
newcomer must be like the story's members on average. This works on top of
near-duplicate removal (:mod:`summarizer.daily.dedup`): copies of one article are
folded first, clustering then groups distinct articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from .storypairs import Similarity, same_event_probability
from .storyterms import TermCounts

__all__ = [
    "Similarity",
    "StoryClusters",
    "central_index",
    "cluster_stories",
    "group_by_similarity",
]


# Joins happen while the linkage distance (one minus the mean similarity) is at most the
# cut; the margin keeps a mean that reaches the threshold in exact arithmetic from being
# left out by a rounding error.
_CUT_MARGIN = 1e-9


def group_by_similarity(similarity: Similarity, threshold: float) -> list[list[int]]:
    """Average-linkage clusters of ``similarity`` cut at ``threshold``.

    Two groups join while the mean similarity between their members is at least
    ``threshold``. Each group is in ascending order; groups are ordered by their
    first member.
    """
    n = len(similarity)
    if n < 2:
        return [[i] for i in range(n)]
    # the diagonal is not read: a condensed matrix holds the pairs only
    distance = squareform(1.0 - np.asarray(similarity, dtype=np.float64), checks=False)
    tree = linkage(distance, method="average")
    labels = fcluster(tree, t=1.0 - threshold + _CUT_MARGIN, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: g[0])


@dataclass(frozen=True)
class StoryClusters:
    """The day's articles grouped into stories, with the pairwise same-event probabilities
    behind the grouping."""

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


def cluster_stories(
    texts: Sequence[str], threshold: float, counts: TermCounts | None = None
) -> StoryClusters:
    """Group ``texts`` (one per distinct article, headline first when there is one) into
    stories: articles that report the same event.

    Args:
        texts: the articles' texts.
        threshold: the same-event probability (0–1) from which articles are one story
            (``Settings.story_threshold``).
        counts: the document frequencies of terms in earlier days' articles (none: the
            day's articles alone weigh the terms).

    Returns:
        The groups, as indices into ``texts``, and the matrix of same-event
        probabilities they were grouped by.
    """
    similarity = same_event_probability(texts, counts)
    return StoryClusters(group_by_similarity(similarity, threshold), similarity)
