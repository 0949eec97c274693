"""5. Extractive engine: articles and words per second on the eval articles, one process."""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarizer.config import load_settings
from summarizer.extractive import extract
from summarizer.pipeline import Summarizer

from .articles import EvalArticle, eval_articles
from .measure import Section, Stats, Table, Target, profiling, timed

TITLE = "Extractive engine"
NEAR_1000 = (800, 1200)  # words: the articles that count as "about 1,000 words"


@dataclass(frozen=True)
class Params:
    rounds: int = 7


QUICK = Params(rounds=2)


def _engine(articles: Sequence[EvalArticle]) -> float:
    return timed(lambda: [extract(a.text) for a in articles])[0]


def _pipeline(articles: Sequence[EvalArticle]) -> float:
    async def all_of_them() -> None:
        async with Summarizer(load_settings(provider="extractive")) as pipeline:
            for article in articles:
                await pipeline.summarize(article.text)

    return timed(lambda: asyncio.run(all_of_them()))[0]


def run(params: Params = Params()) -> Section:
    """Time the engine alone and the whole pipeline with the extractive provider."""
    corpus = eval_articles()
    near = [a for a in corpus if NEAR_1000[0] <= a.word_count <= NEAR_1000[1]]
    contenders: list[tuple[str, str, Callable[[Sequence[EvalArticle]], float],
                           Sequence[EvalArticle]]] = [
        ("engine", "engine, every eval article", _engine, corpus),
        ("near", f"engine, articles of {NEAR_1000[0]:,}\u2013{NEAR_1000[1]:,} words", _engine,
         near),
        ("pipeline", "whole pipeline (`summarize`, extractive provider), every eval article",
         _pipeline, corpus),
    ]
    contenders = [c for c in contenders if c[3]]
    for _, _, measure, articles in contenders:
        measure(articles[:2])  # warm-up: lexicon loading, regex compilation
    seconds: dict[str, list[float]] = {key: [] for key, *_ in contenders}
    for _ in range(params.rounds):
        for key, _, measure, articles in contenders:
            seconds[key].append(measure(articles))
    rows = []
    values: dict[str, float] = {}
    for key, label, _, articles in contenders:
        words = sum(a.word_count for a in articles)
        per_s = Stats.of(len(articles) / s for s in seconds[key])
        words_s = Stats.of(words / s for s in seconds[key])
        rows.append([label, str(len(articles)), f"{words / len(articles):,.0f}", per_s.show(0),
                     words_s.show(0), words_s.scaled(1 / 1000).show(0)])
        values[f"{key}_articles_s"] = per_s.median
        values[f"{key}_per_1000_words_s"] = words_s.median / 1000
    table = Table(["what", "articles", "mean words", "articles/s", "words/s",
                   "normalised: 1,000-word articles/s"], rows)
    target = Target("1,000-word articles per second (engine, normalised)", 100,
                    values["engine_per_1000_words_s"], "", at_least=True)
    method = (
        f"`summarizer.extractive.extract` on each of the {len(corpus)} eval articles in turn "
        f"(`evals/cases/*/article.txt`), single process, {params.rounds} rounds after a "
        "warm-up; the normalised rate is words per second divided by 1,000. The whole "
        "pipeline adds loading, grounding and building the brief."
    )
    notes: list[str] = []
    details: list[Table] = []
    if not target.met:
        with profiling() as profiled:
            total = _engine(corpus)
        notes.append("Why: the engine's own time, profiled over the eval articles once more "
                     "(the ms column spreads the unprofiled median by share):")
        details.append(profiled[0].hotspot_table(statistics.median(seconds["engine"]) * 1000))
        values["profiled_s"] = total
    return Section(TITLE, method, [table], [target], notes, values, details)
