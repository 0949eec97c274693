"""Pair features of story clustering: headline and lead, weighed cosines, the model."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fakes.stories import DAY

from summarizer.daily.storypairs import (
    FEATURES,
    LEAD_CHARS,
    PAIR_MODEL,
    PairModel,
    headline_lead,
    pair_features,
    same_event_probability,
    tfidf_cosine,
)
from summarizer.daily.storyterms import TermCounts

BODY = " ".join(f"Filler sentence number {w} follows here." for w in "ab cd ef gh ij kl".split())


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        # the headline is a sentence of its own, then three sentences of the lead
        (
            "Dam fails\n\nOne. Two here. Three now. Four later.",
            4,
            "Dam fails One. Two here. Three now.",
        ),
        ("Dam fails\n\nOne. Two here. Three now. Four later.", 2, "Dam fails One."),
        # abbreviations do not end a sentence
        ("Gov. Ray spoke. Mr. Lee left. End.", 2, "Gov. Ray spoke. Mr. Lee left."),
        ("Short text", 4, "Short text"),
        # however long the sentences, the lead ends within the opening characters
        ("Head\n\n" + "word " * 5000, 4, "Head " + ("word " * 5000)[: LEAD_CHARS - 6].strip()),
        ("", 4, ""),
    ],
)
def test_headline_and_lead_are_the_first_sentences(text: str, size: int, expected: str) -> None:
    assert headline_lead(text, size) == expected


def test_pair_features_of_identical_unrelated_and_lead_sharing_texts() -> None:
    lead = "Ormond dam fails\n\nWater left Lake Ormond. Carville flooded. Sheriff Ames spoke."
    texts = [
        lead + " " + BODY,
        lead + " Engineers warned Carville officials. Repairs were due in autumn.",
        "United sign striker\n\nTiago Alves joins United. Porto agreed.",
        lead + " " + BODY,
    ]
    features = pair_features(texts)
    assert features.shape == (4, 4, len(FEATURES))
    assert features[0, 3] == pytest.approx([1.0, 1.0])
    # same headline and lead, other bodies: the lead is identical, the whole text is not
    text, lead_cosine = features[0, 1]
    assert lead_cosine == pytest.approx(1.0)
    assert 0.0 < text < 1.0
    # nothing shared
    assert features[0, 2] == pytest.approx([0.0, 0.0])
    assert np.allclose(features, features.transpose(1, 0, 2))


SUBLINEAR_TWO = 1.0 + math.log(2.0)


@pytest.mark.parametrize(
    ("documents", "idf", "expected"),
    [
        ([], {}, []),
        # documents without terms are like nothing, themselves included
        ([[], []], {}, [[0.0, 0.0], [0.0, 0.0]]),
        (
            [["dam", "flood"], ["dam"], []],
            {"dam": 1.0, "flood": 1.0},
            [[1.0, 1 / math.sqrt(2), 0.0], [1 / math.sqrt(2), 1.0, 0.0], [0.0, 0.0, 0.0]],
        ),
        # a term repeated weighs 1 + ln(count), not count
        (
            [["dam", "dam", "flood"], ["dam"]],
            {"dam": 1.0, "flood": 1.0},
            [
                [1.0, SUBLINEAR_TWO / math.sqrt(SUBLINEAR_TWO**2 + 1)],
                [SUBLINEAR_TWO / math.sqrt(SUBLINEAR_TWO**2 + 1), 1.0],
            ],
        ),
        # each term weighs its idf: (1·1) / (|(1, 2)| · |(1, 3)|)
        (
            [["dam", "flood"], ["dam", "vote"]],
            {"dam": 1.0, "flood": 2.0, "vote": 3.0},
            [[1.0, 1 / math.sqrt(5 * 10)], [1 / math.sqrt(5 * 10), 1.0]],
        ),
        # nothing shared; the order of terms does not matter
        (
            [["dam", "flood"], ["vote"], ["flood", "dam"]],
            {"dam": 1.0, "flood": 2.0, "vote": 3.0},
            [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]],
        ),
    ],
)
def test_tfidf_cosine_of_sublinear_weighted_terms(
    documents: list[list[str]], idf: dict[str, float], expected: list[list[float]]
) -> None:
    n = len(documents)
    found = tfidf_cosine(documents, idf)
    assert found.shape == (n, n)
    np.testing.assert_allclose(found, np.array(expected).reshape(n, n), atol=1e-12)


def weighted_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


def test_the_lead_cosine_weighs_terms_by_the_running_table() -> None:
    texts = ["Clinton wins Ohio\n\nVoters backed her.", "Trump wins Ohio\n\nVoters backed him."]
    # terms: clinton/trump, win, ohio, voter, back; "her", "him" are stop words
    history = TermCounts(98, {"win": 60, "voter": 40, "back": 20, "ohio": 1})
    idf = {
        term: math.log(101 / (1 + history.counts.get(term, 0) + day)) + 1
        for term, day in {
            "clinton": 1,
            "trump": 1,
            "win": 2,
            "ohio": 2,
            "voter": 2,
            "back": 2,
        }.items()
    }
    a = {t: idf[t] for t in ("clinton", "win", "ohio", "voter", "back")}
    b = {t: idf[t] for t in ("trump", "win", "ohio", "voter", "back")}
    features = pair_features(texts, history)
    assert features[0, 1, 1] == pytest.approx(weighted_cosine(a, b))
    assert features[0, 1, 0] == pytest.approx(weighted_cosine(a, b))
    # the same pair weighed by the day alone: every shared term has the same weight
    alone = {t: math.log(3 / 3) + 1 for t in ("win", "ohio", "voter", "back")}
    own = {**alone, "clinton": math.log(3 / 2) + 1}
    other = {**alone, "trump": math.log(3 / 2) + 1}
    assert pair_features(texts)[0, 1, 1] == pytest.approx(weighted_cosine(own, other))


def test_words_common_in_earlier_days_weigh_less_than_words_rare_in_them() -> None:
    # two reports share a common word ("election") and a rare one ("ormond") each with
    # a third text; the history decides which pair looks more alike
    texts = [
        "Election Ormond\n\nnote",
        "Election Carville\n\nrecord",
        "Ormond Bexley\n\nmemo",
    ]
    history = TermCounts(1000, {"election": 900, "carville": 5, "bexley": 5})
    features = pair_features(texts, history)
    assert features[0, 2, 1] > features[0, 1, 1]
    common = TermCounts(1000, {"ormond": 900, "carville": 5, "bexley": 5})
    features = pair_features(texts, common)
    assert features[0, 1, 1] > features[0, 2, 1]


@pytest.mark.parametrize(
    ("model", "features", "expected"),
    [
        (PairModel(0.0, (1.0, 1.0)), [0.0, 0.0], 0.5),
        (PairModel(-2.0, (2.0, 0.0)), [1.0, 0.0], 0.5),
        (PairModel(-1.0, (0.0, 3.0)), [0.0, 1.0], 1 / (1 + math.exp(-2.0))),
        (PairModel(-1.0, (4.0, 2.0)), [0.25, 0.5], 1 / (1 + math.exp(-1.0))),
    ],
)
def test_the_pair_model_is_logistic(
    model: PairModel, features: list[float], expected: float
) -> None:
    assert model.probability(np.array(features)) == pytest.approx(expected)


def test_a_pair_model_has_one_weight_per_feature() -> None:
    with pytest.raises(ValueError, match="one weight per feature"):
        PairModel(0.0, (1.0, 1.0, 1.0))


@pytest.mark.parametrize("feature", range(len(FEATURES)))
def test_each_feature_raises_the_shipped_probability(feature: int) -> None:
    low = np.full(len(FEATURES), 0.2)
    high = low.copy()
    high[feature] = 0.6
    assert PAIR_MODEL.probability(high) > PAIR_MODEL.probability(low)


def test_probabilities_are_symmetric_with_ones_on_the_diagonal() -> None:
    texts = list(DAY.values())
    for counts in (None, TermCounts(50, {"dam": 3, "council": 10})):
        probability = same_event_probability(texts, counts)
        assert probability.shape == (7, 7)
        assert np.allclose(probability, probability.T)
        assert np.allclose(np.diag(probability), 1.0)
        assert ((probability > 0) & (probability <= 1)).all()
    assert same_event_probability([]).shape == (0, 0)


def test_texts_without_terms_are_as_unlike_as_the_model_allows() -> None:
    probability = same_event_probability(["and the of", "to be or", DAY["museum"]])
    floor = float(PAIR_MODEL.probability(np.zeros(len(FEATURES))))
    assert floor < 0.01
    assert np.allclose(probability, np.eye(3) + floor * (1 - np.eye(3)))
