"""Story clustering: terms, similarity, average linkage, the labelled days and their scoring."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from fakes.stories import DAY

from evals import stories as story_eval
from summarizer.config import Settings
from summarizer.daily.stories import (
    central_index,
    cluster_stories,
    group_by_similarity,
    lead,
    similarity_matrix,
    story_terms,
)
from summarizer.errors import InputError
from summarizer.evals.stories import (
    SPLITS,
    LabelledDay,
    PairCounts,
    load_story_labels,
    pair_counts,
)

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "evals" / "stories" / "labels.yaml"
BASELINE = REPO / "evals" / "baselines" / "stories.json"
THRESHOLD = Settings.model_fields["story_threshold"].default


def test_terms_are_folded_stemmed_words_without_stop_words_numbers_or_possessives() -> None:
    assert story_terms("The Council's votes: 7 to 4, said Mr. Bexley’s mayor.") == [
        "council",
        "vote",
        "mr",
        "bexley",
        "mayor",
    ]
    assert story_terms("and the of 2016") == []


def test_lead_is_the_first_words() -> None:
    assert lead("one  two\nthree four", 3) == "one two three"
    assert lead("one", 3) == "one"


def test_similarity_is_symmetric_with_ones_on_the_diagonal() -> None:
    texts = list(DAY.values())
    sim = similarity_matrix(texts)
    assert sim.shape == (7, 7)
    assert np.allclose(sim, sim.T)
    assert np.allclose(np.diag(sim), 1.0)
    assert ((sim >= 0) & (sim <= 1)).all()
    assert similarity_matrix([DAY["museum"], DAY["museum"]])[0, 1] == pytest.approx(1.0)
    assert similarity_matrix([]).shape == (0, 0)


def test_texts_without_terms_are_like_nothing() -> None:
    sim = similarity_matrix(["and the of", "to be or", DAY["museum"]])
    assert np.allclose(sim, np.eye(3))


def test_reports_of_one_event_form_one_story_and_other_items_stay_alone() -> None:
    names = list(DAY)
    clusters = cluster_stories(list(DAY.values()), THRESHOLD)
    assert [[names[i] for i in group] for group in clusters.groups] == [
        ["dam-wire", "dam-herald", "dam-gazette"],
        ["vote-times", "vote-post"],
        ["football"],
        ["museum"],
    ]
    assert names[clusters.central([0, 1, 2])] in {"dam-wire", "dam-herald"}


def test_a_threshold_of_one_joins_only_identical_texts() -> None:
    texts = [DAY["dam-wire"], DAY["dam-herald"], DAY["dam-wire"]]
    assert cluster_stories(texts, 1.0).groups == [[0, 2], [1]]
    assert cluster_stories(texts, 0.01).groups == [[0, 1, 2]]


@pytest.mark.parametrize(
    ("pairs", "threshold", "groups"),
    [
        # average linkage: {0,1} joins 2 only if the mean of 0.5 and 0.0 reaches it
        ({(0, 1): 0.5, (0, 2): 0.5, (1, 2): 0.0}, 0.3, [[0, 1], [2]]),
        ({(0, 1): 0.5, (0, 2): 0.5, (1, 2): 0.2}, 0.3, [[0, 1, 2]]),
        # a pair exactly at the threshold is joined
        ({(0, 1): 0.3, (0, 2): 0.0, (1, 2): 0.0}, 0.3, [[0, 1], [2]]),
        ({(0, 1): 0.29, (0, 2): 0.0, (1, 2): 0.0}, 0.3, [[0], [1], [2]]),
        # groups are ordered by their first member
        ({(0, 1): 0.0, (0, 2): 0.0, (1, 2): 0.9}, 0.3, [[0], [1, 2]]),
    ],
)
def test_average_linkage_cut_at_the_threshold(
    pairs: dict[tuple[int, int], float], threshold: float, groups: list[list[int]]
) -> None:
    sim = np.eye(3)
    for (i, j), value in pairs.items():
        sim[i, j] = sim[j, i] = value
    assert group_by_similarity(sim, threshold) == groups


def test_one_or_no_article_needs_no_clustering() -> None:
    assert group_by_similarity(np.eye(1), 0.5) == [[0]]
    assert group_by_similarity(np.zeros((0, 0)), 0.5) == []
    assert cluster_stories([DAY["museum"]], THRESHOLD).groups == [[0]]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([[1.0]], 0),
        ([[1.0, 0.2], [0.2, 1.0]], 0),
        ([[1.0, 0.1, 0.2], [0.1, 1.0, 0.6], [0.2, 0.6, 1.0]], 2),
        ([[1.0, 0.5, 0.5], [0.5, 1.0, 0.1], [0.5, 0.1, 1.0]], 0),
    ],
)
def test_the_central_article_is_most_like_the_others(
    rows: list[list[float]], expected: int
) -> None:
    assert central_index(np.array(rows)) == expected


# ------------------------------------------------------------ labels and scores


@pytest.mark.parametrize(
    ("gold", "predicted", "counts"),
    [
        ([["a", "b", "c"], ["d"]], [["a", "b"], ["c", "d"]], (1, 1, 2)),
        ([["a", "b"], ["c"]], [["a", "b"], ["c"]], (1, 0, 0)),
        ([["a"], ["b"], ["c"]], [["a", "b", "c"]], (0, 3, 0)),
        ([["a"], ["b"]], [["a"], ["b"]], (0, 0, 0)),
    ],
)
def test_pairwise_counts(
    gold: list[list[str]], predicted: list[list[str]], counts: tuple[int, int, int]
) -> None:
    found = pair_counts(gold, predicted)
    assert (found.tp, found.fp, found.fn) == counts


def test_pairwise_precision_recall_and_f1() -> None:
    c = PairCounts(tp=3, fp=1, fn=2)
    assert (c.precision, c.recall, c.f1) == pytest.approx((0.75, 0.6, 2 / 3))
    assert (PairCounts().precision, PairCounts().recall, PairCounts().f1) == (1.0, 1.0, 1.0)
    assert PairCounts(fp=2).f1 == 0.0
    assert PairCounts(1, 2, 3) + PairCounts(1, 1, 1) == PairCounts(2, 3, 4)


# The days of the first labelling round; their split was every third day in date order.
FIRST_ROUND = [
    "2015-11-11",
    "2016-02-01",
    "2016-02-02",
    "2016-02-09",
    "2016-02-10",
    "2016-02-17",
    "2016-02-18",
    "2016-03-01",
    "2016-03-10",
    "2016-03-15",
    "2016-03-16",
    "2016-04-06",
    "2016-04-27",
    "2016-05-12",
    "2016-06-09",
    "2016-07-25",
    "2016-07-27",
    "2016-07-29",
]


def test_the_labels_cover_ninety_two_days_with_a_split_fixed_by_date() -> None:
    days = load_story_labels(LABELS)
    assert len(days) == 92
    assert sum(len(d.articles) for d in days) == 426
    assert [d.date for d in days] == sorted(d.date for d in days)
    first = [d for d in days if d.date.isoformat() in FIRST_ROUND]
    assert [d.date.isoformat() for d in first] == FIRST_ROUND
    assert [d.split for d in first] == ["tune", "tune", "holdout"] * 6
    for day in days:
        if day.date.isoformat() not in FIRST_ROUND:
            wanted = "holdout" if day.date.toordinal() % 3 == 0 else "tune"
            assert day.split == wanted, day.date
    pairs = {s: sum(pair_counts(d.stories, []).fn for d in days if d.split == s) for s in SPLITS}
    assert pairs == {"tune": 41, "holdout": 22}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("days: []", "non-empty list under 'days'"),
        ("days:\n  - split: tune", "needs a 'date'"),
        ("days:\n  - date: 2016-01-01\n    split: train\n    stories: []", "split must be one of"),
        (
            "days:\n  - date: 2016-01-01\n    split: tune\n    stories:\n"
            "      - articles: [x_2016-01-01_a.txt, x_2016-01-01_a.txt]",
            "listed twice",
        ),
        (
            "days:\n  - date: 2016-01-01\n    split: tune\n    stories:\n"
            "      - articles: [x_2016-01-02_a.txt]",
            "not an article of 2016-01-01",
        ),
        ("days: [", "cannot read story labels"),
    ],
)
def test_malformed_labels_are_refused_with_the_reason(
    tmp_path: Path, body: str, problem: str
) -> None:
    path = tmp_path / "labels.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_story_labels(path)


def test_the_gate_names_every_split_below_its_committed_figure(tmp_path: Path) -> None:
    baseline = tmp_path / "stories.json"
    baseline.write_text(
        json.dumps({"splits": {"tune": {"f1": 0.8}, "holdout": {"f1": 0.5}}}), encoding="utf-8"
    )
    counts = {"tune": PairCounts(3, 1, 1), "holdout": PairCounts(1, 0, 0), "all": PairCounts()}
    assert story_eval.gate(counts, baseline) == ["tune: F1 0.7500 < committed 0.8000"]
    with pytest.raises(InputError):
        story_eval.gate(counts, tmp_path / "missing.json")


def test_mistakes_show_only_the_asked_split_and_tuning_by_default() -> None:
    tune = LabelledDay(dt.date(2016, 1, 1), "tune", (("a_2016-01-01_x.txt", "b_2016-01-01_y.txt"),))
    held = LabelledDay(
        dt.date(2016, 1, 2), "holdout", (("c_2016-01-02_z.txt",), ("d_2016-01-02_w.txt",))
    )
    results = [
        story_eval.DayResult(
            tune, [["a_2016-01-01_x.txt"], ["b_2016-01-01_y.txt"]], PairCounts(fn=1)
        ),
        story_eval.DayResult(
            held, [["c_2016-01-02_z.txt", "d_2016-01-02_w.txt"]], PairCounts(fp=1)
        ),
    ]
    missed = "2016-01-01 missed: a_2016-01-01_x.txt | b_2016-01-01_y.txt"
    joined = "2016-01-02 joined: c_2016-01-02_z.txt | d_2016-01-02_w.txt"
    assert story_eval.mistakes(results) == missed
    assert story_eval.mistakes(results, "holdout") == joined
    assert story_eval.mistakes(results, "all") == f"{missed}\n{joined}"
    assert story_eval.mistakes(results[:1], "holdout") == "no wrongly joined or missed pairs"


def test_the_measurement_skips_cleanly_without_the_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert story_eval.main(["--corpus", str(tmp_path)]) == 0
    assert "nothing to measure" in capsys.readouterr().out


CORPUS = story_eval.default_corpus()


@pytest.mark.skipif(not (CORPUS / "text").is_dir(), reason="PolNeAR train split not available")
def test_clustering_holds_its_committed_figures_on_the_labelled_days() -> None:
    days = load_story_labels(LABELS)
    for day in days:
        found = sorted(p.name for p in (CORPUS / "text").glob(f"*_{day.date.isoformat()}_*"))
        assert sorted(day.articles) == found, f"{day.date}: labels do not list every article"
    results = [story_eval.cluster_day(CORPUS, day, THRESHOLD) for day in days]
    assert story_eval.gate(story_eval.totals(results), BASELINE) == []
    committed = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert committed["threshold"] == THRESHOLD
