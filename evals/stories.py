"""Measure story clustering against the hand labels in ``evals/stories/labels.yaml``.

The labelled days come from the PolNeAR train split, which is not part of this
project: the texts are read in place from ``--corpus`` (default: the first
``shared/corpus/polnear-train`` found beside the repository or above it). The
script skips cleanly (exit 0) when the corpus is absent.

    python evals/stories.py                      # P/R/F1 on tuning and held-out days
    python evals/stories.py --sweep              # F1 per threshold on the tuning days
    python evals/stories.py --fit                # refit the pair model, cross-validated
    python evals/stories.py --show               # wrongly joined or missed pairs, tuning days
    python evals/stories.py --show holdout       # ... of the held-out days (after choosing)
    python evals/stories.py --save-baseline evals/baselines/stories.json
    python evals/stories.py --baseline evals/baselines/stories.json   # the CI gate

Reports pairwise precision, recall and F1 (see ``evals/stories/README.md``) per
split, with the shipped default ``story_threshold`` unless ``--threshold`` is
given. Each day is clustered as the daily run would meet it: the running
document-frequency table holds the articles of every earlier corpus day (labelled
or not, in date order, capped at the default ``story_vocabulary``) and none of
that day's or later days'.

``--fit`` fits the pair model (``summarizer.daily.storypairs.PAIR_MODEL``) on the
tuning days' pairs and prints its coefficients, then cross-validates it leaving
one tuning day out at a time (the model is refitted without that day, which is
then clustered with it): F1 per threshold. ``--fit`` and ``--sweep`` look at the
tuning days only and stop there: the held-out days are measured only once the
method and its settings are chosen. ``--fit`` needs scikit-learn (the ``dev``
extra; the package itself clusters with scipy). With ``--baseline`` it exits 1
when the F1 of any split is below the committed figure. Exit 2: unreadable labels
or baseline, or ``--fit`` without scikit-learn.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from summarizer.config import Settings
from summarizer.daily.stories import cluster_stories, group_by_similarity
from summarizer.daily.storypairs import FEATURES, FIT_C, PAIR_MODEL, PairModel, pair_features
from summarizer.daily.storyterms import TermCounts, story_terms
from summarizer.errors import InputError
from summarizer.evals.stories import (
    SPLITS,
    LabelledDay,
    PairCounts,
    load_story_labels,
    pair_counts,
)
from summarizer.files import atomic_write_text

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "evals" / "stories" / "labels.yaml"
CORPUS_PATH = Path("shared/corpus/polnear-train")
SWEEP = [round(0.05 + 0.025 * i, 3) for i in range(37)]  # 0.05 ... 0.95
_TOLERANCE = 1e-9
_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def default_corpus() -> Path:
    """``shared/corpus/polnear-train`` in the nearest folder above the repository that has it."""
    for folder in REPO.parents:
        if (folder / CORPUS_PATH).is_dir():
            return folder / CORPUS_PATH
    return REPO.parent / CORPUS_PATH


@dataclass(frozen=True)
class DayResult:
    day: LabelledDay
    predicted: list[list[str]]
    counts: PairCounts


class History:
    """The running document-frequency table as the daily run would hold it before each
    day of the corpus: every article of the earlier days, in date order, capped after
    each day at the default ``story_vocabulary``."""

    def __init__(self, corpus: Path):
        by_day: dict[dt.date, list[Path]] = defaultdict(list)
        for path in sorted((corpus / "text").glob("*.txt")):
            found = _DATE_IN_NAME.search(path.name)
            if found:
                by_day[dt.date.fromisoformat(found.group(1))].append(path)
        self._days = sorted(by_day.items())
        self._size = Settings.model_fields["story_vocabulary"].default
        self._restart()

    def _restart(self) -> None:
        self._next = 0
        self._counts = TermCounts()

    def before(self, day: dt.date) -> TermCounts:
        """The table before ``day``'s articles are added (valid until the next call)."""
        if self._next and self._days[self._next - 1][0] >= day:
            self._restart()
        while self._next < len(self._days) and self._days[self._next][0] < day:
            paths = self._days[self._next][1]
            self._counts.add(story_terms(p.read_text(encoding="utf-8")) for p in paths)
            self._counts.cap(self._size)
            self._next += 1
        return self._counts


@cache
def history(corpus: Path) -> History:
    """The running table of ``corpus``, shared by the days measured in date order."""
    return History(corpus)


def day_texts(corpus: Path, day: LabelledDay) -> list[str]:
    """One labelled day's texts (from ``corpus/text``), in the order of ``day.articles``."""
    return [(corpus / "text" / name).read_text(encoding="utf-8") for name in day.articles]


def cluster_day(corpus: Path, day: LabelledDay, threshold: float) -> DayResult:
    """Cluster one labelled day's articles (read from ``corpus/text``) with the running
    table of the days before it, and score the pairs."""
    names = day.articles
    groups = cluster_stories(
        day_texts(corpus, day), threshold, history(corpus).before(day.date)
    ).groups
    predicted = [[names[i] for i in group] for group in groups]
    return DayResult(day, predicted, pair_counts(day.stories, predicted))


@dataclass(frozen=True)
class DayPairs:
    """One labelled day's pair features (``n × n × 3``, in the order of ``day.articles``)."""

    day: LabelledDay
    features: NDArray[np.float64]

    def same_story(self) -> NDArray[np.bool_]:
        """``n × n``: whether the labels put both articles in one story."""
        story = {name: k for k, names in enumerate(self.day.stories) for name in names}
        ids = np.array([story[name] for name in self.day.articles])
        return np.asarray(ids[:, None] == ids[None, :])

    def table(self) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """Every pair once: its features and whether it is one story."""
        upper = np.triu_indices(len(self.day.articles), k=1)
        return self.features[upper], self.same_story()[upper]


def day_pairs(corpus: Path, day: LabelledDay) -> DayPairs:
    """The pair features of one labelled day's articles (read from ``corpus/text``), with
    the running table of the days before it."""
    return DayPairs(day, pair_features(day_texts(corpus, day), history(corpus).before(day.date)))


def fit_model(pairs: Sequence[DayPairs], c: float = FIT_C) -> PairModel:
    """The pair model fitted on every pair of ``pairs``: L2-regularised logistic regression."""
    tables = [p.table() for p in pairs]
    x = np.concatenate([t[0] for t in tables])
    y = np.concatenate([t[1] for t in tables])
    if y.all() or not y.any():
        raise InputError("fitting the pair model needs pairs of one story and pairs of two")
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise InputError(
            "fitting the pair model needs scikit-learn (the dev extra: pip install -e '.[dev]')"
        ) from None
    regression = LogisticRegression(C=c, max_iter=1000).fit(x, y)
    weights = tuple(float(w) for w in regression.coef_[0])
    return PairModel(float(regression.intercept_[0]), weights)


def group_day(pairs: DayPairs, model: PairModel, threshold: float) -> DayResult:
    """Cluster one day with ``model``'s probabilities cut at ``threshold``, and score it."""
    probability = model.probability(pairs.features)
    np.fill_diagonal(probability, 1.0)
    names = pairs.day.articles
    predicted = [[names[i] for i in g] for g in group_by_similarity(probability, threshold)]
    return DayResult(pairs.day, predicted, pair_counts(pairs.day.stories, predicted))


def cross_validate(pairs: Sequence[DayPairs]) -> list[tuple[float, PairCounts]]:
    """Leave-one-day-out: each day clustered by the model fitted on the other days; the
    summed pair counts per threshold of :data:`SWEEP`."""
    models = [fit_model([p for p in pairs if p is not held]) for held in pairs]
    return [
        (
            t,
            sum(
                (group_day(p, m, t).counts for p, m in zip(pairs, models, strict=True)),
                PairCounts(),
            ),
        )
        for t in SWEEP
    ]


def fit_report(corpus: Path, days: Sequence[LabelledDay]) -> str:
    """The pair model fitted on the tuning days, and its cross-validated F1 per threshold."""
    pairs = [day_pairs(corpus, d) for d in days if d.split == "tune"]
    model = fit_model(pairs)
    count = sum(len(p.table()[1]) for p in pairs)
    positive = sum(int(p.table()[1].sum()) for p in pairs)
    lines = [
        f"pair model fitted on {len(pairs)} tuning days, {count} pairs ({positive} one story), "
        f"C={FIT_C:g}:",
        f"  intercept {model.intercept:.2f}, "
        + ", ".join(f"{f} {w:.2f}" for f, w in zip(FEATURES, model.weights, strict=True)),
        "leave-one-day-out cross-validation:",
    ]
    rows = cross_validate(pairs)
    best = max(rows, key=lambda row: (row[1].f1, -row[0]))[0]
    lines += [
        f"{t:.3f}  P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}"
        + ("   <- best" if t == best else "")
        for t, c in rows
    ]
    return "\n".join(lines)


def totals(results: Sequence[DayResult]) -> dict[str, PairCounts]:
    """Pair counts per split and over all days."""
    out = {split: PairCounts() for split in (*SPLITS, "all")}
    for result in results:
        out[result.day.split] += result.counts
        out["all"] += result.counts
    return out


def figures(counts: dict[str, PairCounts]) -> dict[str, dict[str, float | int]]:
    return {
        split: {
            "precision": c.precision,
            "recall": c.recall,
            "f1": c.f1,
            "tp": c.tp,
            "fp": c.fp,
            "fn": c.fn,
        }
        for split, c in counts.items()
    }


def report(results: Sequence[DayResult], threshold: float) -> str:
    days: dict[str, list[DayResult]] = {s: [r for r in results if r.day.split == s] for s in SPLITS}
    lines = [f"story_threshold {threshold}", "split     days  articles  pairs     P      R     F1"]
    for split, c in totals(results).items():
        chosen = results if split == "all" else days[split]
        articles = sum(len(r.day.articles) for r in chosen)
        lines.append(
            f"{split:8s} {len(chosen):5d} {articles:9d} {c.tp + c.fn:6d}  "
            f"{c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}"
        )
    return "\n".join(lines)


def mistakes(results: Sequence[DayResult], split: str = "tune") -> str:
    """Every wrongly joined or missed pair on the days of ``split`` (``all``: every day).

    Only the tuning days' mistakes are shown unless asked: held-out days stay unseen
    while the method and its settings are being chosen.
    """
    lines = []
    for r in results:
        if split not in ("all", r.day.split):
            continue
        gold = {frozenset(p) for story in r.day.stories for p in _pairs(story)}
        found = {frozenset(p) for group in r.predicted for p in _pairs(group)}
        for kind, pairs in (("joined", found - gold), ("missed", gold - found)):
            for pair in sorted(sorted(p) for p in pairs):
                lines.append(f"{r.day.date} {kind}: {pair[0]} | {pair[1]}")
    return "\n".join(lines) or "no wrongly joined or missed pairs"


def _pairs(group: Sequence[str]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(group) for b in group[i + 1 :]]


def sweep(corpus: Path, days: Sequence[LabelledDay]) -> tuple[float, str]:
    """F1 on the tuning days per threshold; the best one (the highest on a tie, as it joins
    least)."""
    pairs = [day_pairs(corpus, d) for d in days if d.split == "tune"]
    rows = []
    for threshold in SWEEP:
        results = [group_day(p, PAIR_MODEL, threshold) for p in pairs]
        rows.append((threshold, totals(results)["tune"]))
    best = max(rows, key=lambda row: (row[1].f1, row[0]))[0]
    table = "\n".join(
        f"{t:.3f}  P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}"
        + ("   <- best" if t == best else "")
        for t, c in rows
    )
    return best, table


def gate(counts: dict[str, PairCounts], baseline: Path) -> list[str]:
    """Splits whose F1 fell below the committed figure, in words."""
    try:
        committed = json.loads(baseline.read_text(encoding="utf-8"))["splits"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read baseline {baseline}: {exc}") from None
    drops = []
    for split, c in counts.items():
        wanted = committed.get(split, {}).get("f1")
        if wanted is not None and c.f1 < wanted - _TOLERANCE:
            drops.append(f"{split}: F1 {c.f1:.4f} < committed {wanted:.4f}")
    return drops


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python evals/stories.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--corpus", type=Path, default=None, help="PolNeAR train folder")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="story_threshold to measure (default: the shipped default)",
    )
    parser.add_argument("--sweep", action="store_true", help="F1 per threshold on tuning days")
    parser.add_argument(
        "--fit",
        action="store_true",
        help="refit the pair model on the tuning days, cross-validated",
    )
    parser.add_argument(
        "--show",
        nargs="?",
        const="tune",
        choices=(*SPLITS, "all"),
        help="list wrongly joined and missed pairs of a split (default: tune)",
    )
    parser.add_argument("--baseline", type=Path, help="fail when F1 drops below this file's")
    parser.add_argument("--save-baseline", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    corpus = args.corpus or default_corpus()
    if not (corpus / "text").is_dir():
        print(f"PolNeAR not found at {corpus}; nothing to measure.")
        return 0
    default = Settings.model_fields["story_threshold"].default
    threshold = default if args.threshold is None else args.threshold
    try:
        days = load_story_labels(args.labels)
        if args.fit:
            print(fit_report(corpus, days))
        if args.sweep:
            best, table = sweep(corpus, days)
            print(table)
            print(f"best threshold on the tuning days: {best:.3f}")
        if args.fit or args.sweep:
            return 0
        results = [cluster_day(corpus, day, threshold) for day in days]
        counts = totals(results)
        print(report(results, threshold))
        if args.show:
            print(mistakes(results, args.show))
        if args.save_baseline:
            data = {"threshold": threshold, "splits": figures(counts)}
            atomic_write_text(args.save_baseline, json.dumps(data, indent=2) + "\n")
            print(f"wrote {args.save_baseline}")
        drops = gate(counts, args.baseline) if args.baseline else []
    except (InputError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for drop in drops:
        print(f"story clustering regressed: {drop}", file=sys.stderr)
    return 1 if drops else 0


if __name__ == "__main__":
    raise SystemExit(main())
