"""Story clustering: average linkage over same-event probabilities, the labelled days, their
scoring and the fitting of the pair model."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fakes.stories import DAY

from evals import stories as story_eval
from summarizer.config import Settings
from summarizer.daily.stories import central_index, cluster_stories, group_by_similarity
from summarizer.daily.storypairs import FEATURES, PAIR_MODEL, PairModel
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


def similarity_of(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    """An ``n × n`` similarity matrix: ones on the diagonal, ``pairs`` (both ways), else 0."""
    sim = np.eye(n)
    for (i, j), value in pairs.items():
        sim[i, j] = sim[j, i] = value
    return sim


@pytest.mark.parametrize(
    ("n", "pairs", "threshold", "groups"),
    [
        # nothing to group, or one article alone
        (0, {}, 0.3, []),
        (1, {}, 0.3, [[0]]),
        # two articles: above, exactly at and just below the threshold
        (2, {(0, 1): 0.8}, 0.3, [[0, 1]]),
        (2, {(0, 1): 0.3}, 0.3, [[0, 1]]),
        (2, {(0, 1): 0.29}, 0.3, [[0], [1]]),
        # a pair exactly at the threshold is joined, the others stay alone
        (3, {(0, 1): 0.3}, 0.3, [[0, 1], [2]]),
        (3, {(0, 1): 0.29}, 0.3, [[0], [1], [2]]),
        # a chain A~B, B~C, A!~C: average linkage keeps C out (mean of 0.6 and 0.0 is 0.3)
        (3, {(0, 1): 0.7, (1, 2): 0.6}, 0.5, [[0, 1], [2]]),
        # ... and lets it in once the mean reaches the threshold (0.6 and 0.4: exactly 0.5)
        (3, {(0, 1): 0.7, (1, 2): 0.6, (0, 2): 0.4}, 0.5, [[0, 1, 2]]),
        (3, {(0, 1): 0.7, (1, 2): 0.6, (0, 2): 0.38}, 0.5, [[0, 1], [2]]),
        (3, {(0, 1): 0.5, (0, 2): 0.5, (1, 2): 0.2}, 0.3, [[0, 1, 2]]),
        # groups are ascending and ordered by their first member
        (3, {(1, 2): 0.9}, 0.3, [[0], [1, 2]]),
        (4, {(0, 2): 0.9, (1, 3): 0.8, (0, 1): 0.1}, 0.5, [[0, 2], [1, 3]]),
        # two groups join on the mean of all four pairs between them: (0.5+0.1+0.1+0.1)/4
        (
            4,
            {(0, 1): 0.9, (2, 3): 0.9, (0, 2): 0.5, (0, 3): 0.1, (1, 2): 0.1, (1, 3): 0.1},
            0.2,
            [[0, 1, 2, 3]],
        ),
        (
            4,
            {(0, 1): 0.9, (2, 3): 0.9, (0, 2): 0.5, (0, 3): 0.1, (1, 2): 0.1, (1, 3): 0.1},
            0.21,
            [[0, 1], [2, 3]],
        ),
        # all-zero rows (texts without terms): alone unless the threshold is zero
        (3, {}, 0.01, [[0], [1], [2]]),
        (3, {}, 0.0, [[0, 1, 2]]),
        # identical texts only at a threshold of one
        (3, {(0, 2): 1.0, (0, 1): 0.99, (1, 2): 0.99}, 1.0, [[0, 2], [1]]),
    ],
)
def test_average_linkage_cut_at_the_threshold(
    n: int, pairs: dict[tuple[int, int], float], threshold: float, groups: list[list[int]]
) -> None:
    assert group_by_similarity(similarity_of(n, pairs), threshold) == groups


def test_clustering_reads_only_the_pairs_not_the_diagonal() -> None:
    sim = similarity_of(3, {(0, 1): 0.6})
    np.fill_diagonal(sim, 0.0)
    assert group_by_similarity(sim, 0.5) == [[0, 1], [2]]


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


# ------------------------------------------------------------ fitting the pair model


def synthetic_day(
    date: dt.date, stories: list[list[str]], features: dict[tuple[int, int], float]
) -> story_eval.DayPairs:
    """A labelled day whose pairs have ``features`` in every column (0 where not given)."""
    day = LabelledDay(date, "tune", tuple(tuple(s) for s in stories))
    n = len(day.articles)
    grid = np.zeros((n, n, len(FEATURES)))
    for (i, j), value in features.items():
        grid[i, j] = grid[j, i] = value
    return story_eval.DayPairs(day, grid)


def test_day_pairs_list_every_pair_once_with_its_label() -> None:
    pairs = synthetic_day(dt.date(2016, 1, 1), [["a", "b"], ["c"]], {(0, 1): 0.9, (0, 2): 0.1})
    x, y = pairs.table()
    assert x[:, 0].tolist() == pytest.approx([0.9, 0.1, 0.0])  # (a,b), (a,c), (b,c)
    assert y.tolist() == [True, False, False]


def test_a_day_is_grouped_by_the_model_probabilities_cut_at_the_threshold() -> None:
    pairs = synthetic_day(
        dt.date(2016, 1, 1), [["a", "b"], ["c"]], {(0, 1): 0.9, (0, 2): 0.4, (1, 2): 0.1}
    )
    model = PairModel(-5.0, (10.0, 0.0))  # 0.5 at a feature of 0.5
    result = story_eval.group_day(pairs, model, 0.5)
    assert result.predicted == [["a", "b"], ["c"]]
    assert result.counts == PairCounts(tp=1)
    # a lower cut lets c join: the mean of its probabilities to a and b (0.27, 0.02) is 0.14
    assert story_eval.group_day(pairs, model, 0.15).predicted == [["a", "b"], ["c"]]
    joined = story_eval.group_day(pairs, model, 0.14)
    assert joined.predicted == [["a", "b", "c"]] and joined.counts == PairCounts(tp=1, fp=2)


def separable_days() -> list[story_eval.DayPairs]:
    """Four days on which a feature above 0.5 means one story."""
    return [
        synthetic_day(
            dt.date(2016, 1, k + 1),
            [[f"a{k}", f"b{k}"], [f"c{k}"]],
            {(0, 1): 0.7 + 0.05 * k, (0, 2): 0.2, (1, 2): 0.1 + 0.05 * k},
        )
        for k in range(4)
    ]


def test_the_fitted_model_weighs_features_that_separate_the_stories() -> None:
    model = story_eval.fit_model(separable_days())
    assert all(w > 0 for w in model.weights)
    probability = model.probability(np.array([[0.8, 0.8], [0.15, 0.15]]))
    assert probability[0] > 0.5 > probability[1]


def test_fitting_needs_both_kinds_of_pair() -> None:
    alone = synthetic_day(dt.date(2016, 1, 1), [["a"], ["b"]], {(0, 1): 0.3})
    with pytest.raises(InputError, match="pairs of one story and pairs of two"):
        story_eval.fit_model([alone])


def test_cross_validation_clusters_each_day_with_a_model_fitted_without_it() -> None:
    rows = dict(story_eval.cross_validate(separable_days()))
    assert list(rows) == story_eval.SWEEP
    # every day has one same-story pair and two others: 4 and 8 in all
    assert all(c.tp + c.fn == 4 for c in rows.values())
    assert rows[0.5] == PairCounts(tp=4)


@pytest.mark.skipif(not (CORPUS / "text").is_dir(), reason="PolNeAR train split not available")
def test_the_shipped_pair_model_is_the_fit_on_the_tuning_days() -> None:
    days = [d for d in load_story_labels(LABELS) if d.split == "tune"]
    fitted = story_eval.fit_model([story_eval.day_pairs(CORPUS, d) for d in days])
    assert fitted.intercept == pytest.approx(PAIR_MODEL.intercept, abs=0.006)
    assert fitted.weights == pytest.approx(PAIR_MODEL.weights, abs=0.006)


def test_the_package_runs_without_scikit_learn() -> None:
    code = (
        "import sys, summarizer.cli, summarizer.daily, summarizer.daily.run, "
        "summarizer.daily.stories\n"
        "sys.exit('sklearn' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr or "summarizer imported scikit-learn"
