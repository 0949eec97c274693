"""Story-clustering labels (``evals/stories/labels.yaml``) and pairwise scoring.

A labelled day lists every article of that day once, grouped into stories.
Clustering is scored on pairs: every pair of articles of one day is a pair,
positive when the labels put both in one story, predicted positive when the
clustering does (pairwise precision, recall and F1).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, Literal

import yaml

from ..errors import InputError

Split = Literal["tune", "holdout"]
SPLITS: tuple[Split, ...] = ("tune", "holdout")
_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


@dataclass(frozen=True)
class LabelledDay:
    """One day's articles (file names) grouped into the stories they report."""

    date: dt.date
    split: Split
    stories: tuple[tuple[str, ...], ...]

    @property
    def articles(self) -> list[str]:
        """Every article of the day, story by story."""
        return [name for story in self.stories for name in story]


@dataclass(frozen=True)
class PairCounts:
    """Same-story pairs found (tp), wrongly joined (fp) and missed (fn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PairCounts) -> PairCounts:
        return PairCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """Share of joined pairs that the labels join (1.0 when nothing was joined)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled pairs that were joined (1.0 when the labels join none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in groups for pair in combinations(sorted(set(group)), 2)}


def pair_counts(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> PairCounts:
    """Pairwise agreement of two groupings of the same items."""
    gold_pairs, predicted_pairs = _pairs(gold), _pairs(predicted)
    return PairCounts(
        tp=len(gold_pairs & predicted_pairs),
        fp=len(predicted_pairs - gold_pairs),
        fn=len(gold_pairs - predicted_pairs),
    )


def load_story_labels(path: Path) -> list[LabelledDay]:
    """The labelled days of ``path``, in file order.

    Raises:
        InputError: the file is missing or not valid YAML, or a day is malformed
            (unknown split, an article listed twice, an article of another date).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"story labels not found: {path}") from None
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read story labels {path}: {exc}") from None
    days = data.get("days") if isinstance(data, dict) else None
    if not isinstance(days, list) or not days:
        raise InputError(f"{path}: expected a non-empty list under 'days'")
    return [_day(path, entry) for entry in days]


def _day(path: Path, entry: Any) -> LabelledDay:
    if not isinstance(entry, dict) or not isinstance(entry.get("date"), dt.date):
        raise InputError(f"{path}: every day needs a 'date' (YYYY-MM-DD)")
    date: dt.date = entry["date"]
    where = f"{path}, {date}"
    split = entry.get("split")
    if split not in SPLITS:
        raise InputError(f"{where}: split must be one of {', '.join(SPLITS)}, not {split!r}")
    stories = entry.get("stories")
    if not isinstance(stories, list) or not stories:
        raise InputError(f"{where}: expected a non-empty list under 'stories'")
    groups: list[tuple[str, ...]] = []
    for story in stories:
        articles = story.get("articles") if isinstance(story, dict) else None
        if not isinstance(articles, list) or not articles:
            raise InputError(f"{where}: every story needs a non-empty list of 'articles'")
        groups.append(tuple(str(a) for a in articles))
    _check_articles(where, date, [name for group in groups for name in group])
    return LabelledDay(date, split, tuple(groups))


def _check_articles(where: str, date: dt.date, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InputError(f"{where}: {name} is listed twice")
        seen.add(name)
        found = _DATE_IN_NAME.search(name)
        if found is None or found.group(1) != date.isoformat():
            raise InputError(f"{where}: {name} is not an article of {date}")
