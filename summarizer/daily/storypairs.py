"""How likely two articles of a day are to report the same event, from two pair features.

An article says which event it reports in its headline and lead, so a pair of
articles is described by:

1. ``text``: the TF-IDF cosine of their whole texts;
2. ``lead``: the TF-IDF cosine of their headline and lead (:func:`headline_lead`).

Terms are :func:`summarizer.daily.storyterms.story_terms` (folded, stemmed words
without stop words or bare numbers) with sublinear term frequencies. Their inverse
document frequencies come from a running table of earlier days' articles together
with the day's own (:class:`summarizer.daily.storyterms.TermCounts`), so that a
word weighs by its rarity in the news at large, not in the day's few articles. A
logistic model (:data:`PAIR_MODEL`) turns the two features into the probability
that the two articles report one event.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from ..text import sentences
from .storyterms import TermCounts, story_terms

Similarity = NDArray[np.float64]

LEAD_SENTENCES = 4
"""Sentences of the headline and lead: the headline (a text's first line) and three more."""
LEAD_CHARS = 3000
"""Where the headline and lead end at the latest, however long their sentences."""

FEATURES = ("text", "lead")


@dataclass(frozen=True)
class PairModel:
    """A logistic model over the pair features: ``1 / (1 + exp(-(intercept + w · x)))``."""

    intercept: float
    weights: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"a pair model has one weight per feature of {FEATURES}")

    def probability(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """The same-event probability of each pair; ``features`` has :data:`FEATURES` last."""
        logit = self.intercept + features @ np.asarray(self.weights)
        return np.asarray(1.0 / (1.0 + np.exp(-logit)), dtype=np.float64)


# Fitted by `python evals/stories.py --fit`: L2-regularised logistic regression
# (scikit-learn, C=100) on every pair of the tuning days of evals/stories/labels.yaml
# (571 pairs, 41 of one event), each day's features weighed by the term counts of the
# PolNeAR train days before it (held-out days included, as unlabelled text that a daily
# run would have counted). The held-out days' labels took no part.
PAIR_MODEL = PairModel(intercept=-6.28, weights=(23.02, 17.31))
FIT_C = 100.0


def headline_lead(text: str, size: int = LEAD_SENTENCES) -> str:
    """The first ``size`` sentences of ``text``'s first :data:`LEAD_CHARS` characters (a
    line break ends a sentence, so a headline on its own line is the first), joined by
    spaces."""
    opening = text[:LEAD_CHARS]
    return " ".join(opening[s.start : s.end] for s in sentences(opening)[:size])


def tfidf_matrix(documents: Sequence[Sequence[str]], idf: dict[str, float]) -> csr_matrix:
    """One row per document (a list of terms): each of its terms' sublinear term frequency
    (``1 + ln(count)``) times its ``idf``, scaled to unit length (a row without terms stays
    zero). Columns are terms in order of first appearance.

    ``idf`` holds every term of ``documents``.
    """
    columns: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for terms in documents:
        for term, count in Counter(terms).items():
            indices.append(columns.setdefault(term, len(columns)))
            values.append((1.0 + math.log(count)) * idf[term])
        indptr.append(len(indices))
    data = np.asarray(values, dtype=np.float64)
    rows = np.repeat(np.arange(len(documents)), np.diff(indptr))
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(documents)))
    norms[norms == 0.0] = 1.0  # a row of zero weights stays zero
    data /= norms[rows]
    return csr_matrix((data, indices, indptr), shape=(len(documents), len(columns)))


def tfidf_cosine(documents: Sequence[Sequence[str]], idf: dict[str, float]) -> Similarity:
    """The cosine similarity of every pair of ``documents`` (each a list of terms) as
    vectors of sublinear term frequency times ``idf`` (0 where a document has no terms).

    ``idf`` holds every term of ``documents``.
    """
    unit = tfidf_matrix(documents, idf)
    return np.asarray((unit @ unit.T).toarray(), dtype=np.float64)


def pair_features(texts: Sequence[str], counts: TermCounts | None = None) -> NDArray[np.float64]:
    """An ``n × n × 2`` array: :data:`FEATURES` of every pair of ``texts``, with inverse
    document frequencies from ``counts`` (earlier days' articles; none: the day alone)
    and ``texts``."""
    whole = [story_terms(t) for t in texts]
    leads = [story_terms(headline_lead(t)) for t in texts]
    # A lead's terms are its text's, but counting both keeps every lead term weighed.
    idf = (counts or TermCounts()).idf([[*w, *lead] for w, lead in zip(whole, leads, strict=True)])
    text = tfidf_cosine(whole, idf)
    lead = tfidf_cosine(leads, idf)
    return np.clip(np.stack([text, lead], axis=-1), 0.0, 1.0)


def same_event_probability(
    texts: Sequence[str], counts: TermCounts | None = None, model: PairModel = PAIR_MODEL
) -> Similarity:
    """How likely each pair of ``texts`` is to report one event (``n × n``, symmetric, ones
    on the diagonal), with inverse document frequencies from ``counts`` and ``texts``."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0))
    probability = model.probability(pair_features(texts, counts))
    np.fill_diagonal(probability, 1.0)
    return probability
