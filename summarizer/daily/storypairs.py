"""How likely two articles of a day are to report the same event, from three pair features.

An article says which event it reports in its headline and lead, so a pair of
articles is described by:

1. ``text``: the TF-IDF cosine of their whole texts;
2. ``lead``: the TF-IDF cosine of their headline and lead (:func:`headline_lead`);
3. ``names``: the Jaccard overlap of the capitalised words of their headline and
   lead (:func:`lead_names`): people, places, organisations and named events.

TF-IDF is fitted on the day's articles: folded, stemmed words without English stop
words or bare numbers, sublinear term frequencies. A logistic model
(:data:`PAIR_MODEL`) turns the three features into the probability that the two
articles report one event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from ..text import sentences, stem, words

Similarity = NDArray[np.float64]

LEAD_SENTENCES = 4
"""Sentences of the headline and lead: the headline (a text's first line) and three more."""
LEAD_CHARS = 3000
"""Where the headline and lead end at the latest, however long their sentences."""

FEATURES = ("text", "lead", "names")

_STOP = frozenset(ENGLISH_STOP_WORDS | {"said", "says"})
_POSSESSIVE = ("'s", "\u2019s")
_CAPITALISED = re.compile(r"[A-Z][\w'\u2019.-]*")
# Capitalised only because they start a sentence or a headline word.
_NOT_NAMES = frozenset(
    """a after an and as at but by dr for from gov he her here his how i if in is it its
    just mr mrs ms new no not of on one or rep sen she so that the their there they this
    to two we what when why will with""".split()
)


@dataclass(frozen=True)
class PairModel:
    """A logistic model over the pair features: ``1 / (1 + exp(-(intercept + w · x)))``."""

    intercept: float
    weights: tuple[float, float, float]

    def probability(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """The same-event probability of each pair; ``features`` has :data:`FEATURES` last."""
        logit = self.intercept + features @ np.asarray(self.weights)
        return np.asarray(1.0 / (1.0 + np.exp(-logit)), dtype=np.float64)


# Fitted by `python evals/stories.py --fit`: L2-regularised logistic regression
# (scikit-learn, C=100) on every pair of the tuning days of evals/stories/labels.yaml
# (571 pairs, 41 of one event). The held-out days took no part.
PAIR_MODEL = PairModel(intercept=-6.78, weights=(17.90, 12.52, 5.95))
FIT_C = 100.0


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


def headline_lead(text: str, size: int = LEAD_SENTENCES) -> str:
    """The first ``size`` sentences of ``text``'s first :data:`LEAD_CHARS` characters (a
    line break ends a sentence, so a headline on its own line is the first), joined by
    spaces."""
    opening = text[:LEAD_CHARS]
    return " ".join(opening[s.start : s.end] for s in sentences(opening)[:size])


def lead_names(text: str) -> frozenset[str]:
    """:func:`names` of ``text``'s headline and lead."""
    return names(headline_lead(text))


def names(text: str) -> frozenset[str]:
    """The capitalised words of ``text``, lower-cased, without possessive endings, outer
    dots and the function words a headline capitalises."""
    out = set()
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        if word.endswith(_POSSESSIVE):
            word = word[:-2]
        word = word.strip(".'\u2019").lower()
        if word and word not in _NOT_NAMES:
            out.add(word)
    return frozenset(out)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """``|a ∩ b| / |a ∪ b|`` (0 when both are empty)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def tfidf_cosine(texts: Sequence[str]) -> Similarity:
    """TF-IDF cosine similarity of every pair of ``texts`` (0 where a text has no terms)."""
    vectorizer = TfidfVectorizer(analyzer=story_terms, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no text has a single term
        return np.zeros((len(texts), len(texts)))
    return np.asarray(cosine_similarity(matrix), dtype=np.float64)


def pair_features(texts: Sequence[str]) -> NDArray[np.float64]:
    """An ``n × n × 3`` array: :data:`FEATURES` of every pair of ``texts``."""
    leads = [headline_lead(t) for t in texts]
    found = [names(lead) for lead in leads]
    overlap = np.array([[jaccard(a, b) for b in found] for a in found], dtype=np.float64)
    overlap = overlap.reshape(len(texts), len(texts))
    text = tfidf_cosine(texts)
    lead = tfidf_cosine(leads)
    return np.clip(np.stack([text, lead, overlap], axis=-1), 0.0, 1.0)


def same_event_probability(texts: Sequence[str], model: PairModel = PAIR_MODEL) -> Similarity:
    """How likely each pair of ``texts`` is to report one event (``n × n``, symmetric, ones
    on the diagonal)."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0))
    probability = model.probability(pair_features(texts))
    np.fill_diagonal(probability, 1.0)
    return probability
