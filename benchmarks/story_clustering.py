"""8. Story clustering: time to group a day's articles into stories, and how well it groups.

Timing: :func:`summarizer.daily.stories.cluster_stories` (TF-IDF on whole texts and
on headlines and leads, same-event probabilities, average-linkage clustering) on N
distinct articles made from the eval articles, with an empty term table (a first run).
Quality: pairwise precision, recall and F1 on the hand-labelled PolNeAR days
(``evals/stories/``), per split, when the corpus is present beside the repository.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evals import stories as story_eval
from summarizer.config import Settings
from summarizer.daily.stories import cluster_stories
from summarizer.evals.stories import load_story_labels

from .articles import distinct_articles
from .measure import Section, Stats, Table, timed

TITLE = "Story clustering"
METHOD = (
    "Each timing clusters N distinct articles (openings of one eval article joined to the "
    "close of another, as in the daily-run benchmark) with the shipped `story_threshold`, in "
    "this process, after one warm-up call: the TF-IDF weights of whole texts and of "
    "headlines and leads (an empty running term table: the articles weigh their terms), the "
    "cosine similarities, the same-event probabilities and the average-linkage clustering. "
    "Quality replays the running term table over the PolNeAR train days in date order. "
    "Articles that share an opening "
    "may be grouped, so the story count is shown, not judged. Quality is pairwise precision, "
    "recall and F1 on the hand-labelled PolNeAR days (`python evals/stories.py`)."
)


@dataclass(frozen=True)
class Params:
    sizes: tuple[int, ...] = (36, 200)
    rounds: int = 7


QUICK = Params(sizes=(12, 36), rounds=1)


def time_clustering(texts: Sequence[str], rounds: int, threshold: float) -> tuple[Stats, int]:
    """Seconds per call over ``rounds`` calls, and the number of stories found."""
    cluster_stories(texts, threshold)
    samples, stories = [], 0
    for _ in range(rounds):
        elapsed, found = timed(lambda: cluster_stories(texts, threshold))
        samples.append(elapsed)
        stories = len(found.groups)
    return Stats.of(samples), stories


def quality(threshold: float) -> Table | None:
    """Pairwise P/R/F1 per split on the labelled days; None without the corpus."""
    corpus = story_eval.default_corpus()
    if not (corpus / "text").is_dir():
        return None
    days = load_story_labels(story_eval.LABELS)
    results = [story_eval.cluster_day(corpus, day, threshold) for day in days]
    rows = []
    for split, c in story_eval.totals(results).items():
        chosen = [r for r in results if split in ("all", r.day.split)]
        rows.append(
            [
                split,
                str(len(chosen)),
                str(sum(len(r.day.articles) for r in chosen)),
                str(c.tp + c.fn),
                f"{c.precision:.3f}",
                f"{c.recall:.3f}",
                f"{c.f1:.3f}",
            ]
        )
    return Table(["days", "count", "articles", "same-event pairs", "P", "R", "F1"], rows)


def run(params: Params = Params()) -> Section:
    threshold = Settings.model_fields["story_threshold"].default
    rows, values = [], {}
    for size in params.sizes:
        stats, stories = time_clustering(distinct_articles(size), params.rounds, threshold)
        ms = stats.scaled(1000)
        rows.append([str(size), ms.show(1), f"{ms.median / size:.2f}", str(stories)])
        values[f"ms_{size}"] = ms.median
        values[f"stories_{size}"] = float(stories)
    timing = Table(["articles", "ms per clustering", "ms per article", "stories"], rows)
    tables = [timing]
    notes = []
    labelled = quality(threshold)
    if labelled is None:
        notes.append("The PolNeAR corpus was not found beside the repository: no quality table.")
    else:
        tables.append(labelled)
        notes.append(
            f"`story_threshold` {threshold} is the best cut of the pair model's "
            "leave-one-day-out cross-validation on the tuning days "
            "(`python evals/stories.py --fit`); the held-out days only measure it. How the "
            "days were labelled: `evals/stories/README.md`."
        )
    return Section(TITLE, METHOD, tables, [], notes, values)
