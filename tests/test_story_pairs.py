"""Pair features of story clustering: terms, headline and lead, lead names, the model."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fakes.stories import DAY

from summarizer.daily.storypairs import (
    LEAD_CHARS,
    PAIR_MODEL,
    PairModel,
    headline_lead,
    jaccard,
    lead_names,
    pair_features,
    same_event_probability,
    story_terms,
)

BODY = " ".join(f"Filler sentence number {w} follows here." for w in "ab cd ef gh ij kl".split())


def test_terms_are_folded_stemmed_words_without_stop_words_numbers_or_possessives() -> None:
    assert story_terms("The Council's votes: 7 to 4, said Mr. Bexley’s mayor.") == [
        "council",
        "vote",
        "mr",
        "bexley",
        "mayor",
    ]
    assert story_terms("and the of 2016") == []


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


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Trump's rally in Ohio\n\nThe Ohio crowd cheered Mr. Trump on Tuesday. He said "
            "the U.S. was ready. It was loud.",
            {"trump", "ohio", "tuesday", "u.s"},
        ),
        # only the headline and the first three sentences count
        ("Vote\n\nAda ran. Bo won. Cy lost. Di Alice left.", {"vote", "ada", "bo", "cy"}),
        # function words a headline capitalises are not names
        ("What It Means For The New Mayor", {"means", "mayor"}),
        ("the crowd cheered all day", set()),
    ],
)
def test_lead_names_are_the_capitalised_words_of_headline_and_lead(
    text: str, names: set[str]
) -> None:
    assert lead_names(text) == names


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({"x", "y"}, {"y", "z"}, 1 / 3),
        ({"x"}, {"x"}, 1.0),
        ({"x"}, {"y"}, 0.0),
        (set(), set(), 0.0),
    ],
)
def test_jaccard(a: set[str], b: set[str], expected: float) -> None:
    assert jaccard(frozenset(a), frozenset(b)) == pytest.approx(expected)


def test_pair_features_of_identical_unrelated_and_lead_sharing_texts() -> None:
    lead = "Ormond dam fails\n\nWater left Lake Ormond. Carville flooded. Sheriff Ames spoke."
    texts = [
        lead + " " + BODY,
        lead + " Engineers warned Carville officials. Repairs were due in autumn.",
        "United sign striker\n\nTiago Alves joins United. Porto agreed.",
        lead + " " + BODY,
    ]
    features = pair_features(texts)
    assert features.shape == (4, 4, 3)
    assert features[0, 3] == pytest.approx([1.0, 1.0, 1.0])
    # same headline and lead, other bodies: the lead is identical, the whole text is not
    text, lead_cosine, names = features[0, 1]
    assert lead_cosine == pytest.approx(1.0) and names == pytest.approx(1.0)
    assert 0.0 < text < 1.0
    # nothing shared
    assert features[0, 2] == pytest.approx([0.0, 0.0, 0.0])
    assert np.allclose(features, features.transpose(1, 0, 2))


def test_names_feature_is_the_jaccard_of_the_lead_names() -> None:
    texts = ["Clinton wins Ohio\n\nVoters backed her.", "Trump wins Ohio\n\nVoters backed him."]
    # {clinton, ohio, voters} and {trump, ohio, voters}: 2 shared of 4
    assert pair_features(texts)[0, 1, 2] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("model", "features", "expected"),
    [
        (PairModel(0.0, (1.0, 1.0, 1.0)), [0.0, 0.0, 0.0], 0.5),
        (PairModel(-2.0, (2.0, 0.0, 0.0)), [1.0, 0.0, 0.0], 0.5),
        (PairModel(-1.0, (0.0, 3.0, 0.0)), [0.0, 1.0, 0.0], 1 / (1 + math.exp(-2.0))),
        (PairModel(-1.0, (0.0, 0.0, 4.0)), [0.0, 0.0, 0.5], 1 / (1 + math.exp(-1.0))),
    ],
)
def test_the_pair_model_is_logistic(
    model: PairModel, features: list[float], expected: float
) -> None:
    assert model.probability(np.array(features)) == pytest.approx(expected)


@pytest.mark.parametrize("feature", range(3))
def test_each_feature_raises_the_shipped_probability(feature: int) -> None:
    low = np.full(3, 0.2)
    high = low.copy()
    high[feature] = 0.6
    assert PAIR_MODEL.probability(high) > PAIR_MODEL.probability(low)


def test_probabilities_are_symmetric_with_ones_on_the_diagonal() -> None:
    texts = list(DAY.values())
    probability = same_event_probability(texts)
    assert probability.shape == (7, 7)
    assert np.allclose(probability, probability.T)
    assert np.allclose(np.diag(probability), 1.0)
    assert ((probability > 0) & (probability <= 1)).all()
    assert same_event_probability([]).shape == (0, 0)


def test_texts_without_terms_are_as_unlike_as_the_model_allows() -> None:
    probability = same_event_probability(["and the of", "to be or", DAY["museum"]])
    floor = float(PAIR_MODEL.probability(np.zeros(3)))
    assert floor < 0.01
    assert np.allclose(probability, np.eye(3) + floor * (1 - np.eye(3)))
