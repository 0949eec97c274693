"""5. Extractive engine: articles and words per second on the eval articles, one process,
and how its time grows on adversarial input (``ADVERSARIAL``, also used by the tests)."""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product

from summarizer.config import load_settings
from summarizer.extractive import extract
from summarizer.pipeline import Summarizer

from .articles import EvalArticle, eval_articles
from .measure import Section, Stats, Table, Target, growth_exponent, profiling, timed

TITLE = "Extractive engine"
NEAR_1000 = (800, 1200)  # words: the articles that count as "about 1,000 words"


ADVERSARIAL_SIZES = (20_000, 80_000)  # characters


@dataclass(frozen=True)
class Params:
    rounds: int = 7
    adversarial_rounds: int = 3


QUICK = Params(rounds=2, adversarial_rounds=1)


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _names(size: int) -> str:
    syllables = ["ka", "lo", "mi", "ra", "ten", "vo", "su", "pel", "dor", "qua", "zen", "bri"]
    sentences = (
        f"{(a + b).capitalize()} {(b + c + a).capitalize()} said it was fine. "
        for a, b, c in product(syllables, repeat=3)
    )
    out: list[str] = []
    length = 0
    for sentence in sentences:
        out.append(sentence)
        length += len(sentence)
        if length >= size:
            break
    return "".join(out)[:size]


def _turns(size: int) -> str:
    text = "\n\n".join(f"Speaker{i}: I think so, said my friend." for i in range(size // 20))
    return text[:size]


# Text shaped to make a careless parser slow: each maps a size in characters to a text.
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "unclosed quotes after a cue": _repeat('He said "'),
    "straight marks": _repeat('" '),
    "opening curly marks only": _repeat("\u201c"),
    "apostrophes": _repeat(" 'a"),
    "no whitespace": _repeat("abc"),
    "capitalised run-on": _repeat("AbcAbc"),
    "one endless paragraph": _repeat("word another thing "),
    "many short paragraphs": _repeat("A b.\n\n"),
    "distinct names speaking": _names,
    "interview turns": _turns,
    "numbers": _repeat("about 5 million people, 12% of $3 billion and 4 "),
    "chevrons": _repeat("It was bad \u00bb\n\n"),
    "glued attributions": _repeat("atrocitieshe added that "),
    "quotes in one sentence": _repeat('"a b c d," he said, '),
    "dash credits": _repeat("\u2014 Smith "),
}


def _adversarial(rounds: int) -> tuple[Table, float]:
    """Best-of-``rounds`` seconds per shape at each size, and the growth exponent."""
    rows = []
    worst = 0.0
    small, large = ADVERSARIAL_SIZES
    for name, make in ADVERSARIAL.items():
        texts = [make(small), make(large)]
        best = [min(timed(lambda t=t: extract(t))[0] for _ in range(rounds)) for t in texts]
        exponent = growth_exponent(max(best[0], 1e-4), max(best[1], 1e-4), small, large)
        worst = max(worst, exponent)
        rows.append([name, f"{best[0] * 1000:,.0f}", f"{best[1] * 1000:,.0f}", f"{exponent:.2f}"])
    headers = [
        "adversarial input",
        f"ms at {small // 1000} KB",
        f"ms at {large // 1000} KB",
        "growth exponent (1 = linear)",
    ]
    return Table(headers, rows), worst


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
    contenders: list[
        tuple[str, str, Callable[[Sequence[EvalArticle]], float], Sequence[EvalArticle]]
    ] = [
        ("engine", "engine, every eval article", _engine, corpus),
        (
            "near",
            f"engine, articles of {NEAR_1000[0]:,}\u2013{NEAR_1000[1]:,} words",
            _engine,
            near,
        ),
        (
            "pipeline",
            "whole pipeline (`summarize`, extractive provider), every eval article",
            _pipeline,
            corpus,
        ),
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
        rows.append(
            [
                label,
                str(len(articles)),
                f"{words / len(articles):,.0f}",
                per_s.show(0),
                words_s.show(0),
                words_s.scaled(1 / 1000).show(0),
            ]
        )
        values[f"{key}_articles_s"] = per_s.median
        values[f"{key}_per_1000_words_s"] = words_s.median / 1000
    table = Table(
        [
            "what",
            "articles",
            "mean words",
            "articles/s",
            "words/s",
            "normalised: 1,000-word articles/s",
        ],
        rows,
    )
    target = Target(
        "1,000-word articles per second (engine, normalised)",
        100,
        values["engine_per_1000_words_s"],
        "",
        at_least=True,
    )
    hostile, worst = _adversarial(params.adversarial_rounds)
    values["adversarial_worst_exponent"] = worst
    linear = Target("growth exponent of the engine's time on adversarial input", 1.3, worst)
    method = (
        f"`summarizer.extractive.extract` on each of the {len(corpus)} eval articles in turn "
        f"(`evals/cases/*/article.txt`), single process, {params.rounds} rounds after a "
        "warm-up; the normalised rate is words per second divided by 1,000. The whole "
        "pipeline adds loading, grounding and building the brief. Adversarial input: each "
        f"shape of `ADVERSARIAL` at {ADVERSARIAL_SIZES[0]:,} and {ADVERSARIAL_SIZES[1]:,} "
        f"characters, best of {params.adversarial_rounds}; the growth exponent k fits "
        "time ∝ size^k between the two sizes (1 is linear, 2 quadratic)."
    )
    notes: list[str] = []
    details: list[Table] = []
    if not target.met:
        with profiling() as profiled:
            total = _engine(corpus)
        notes.append(
            "Why: the engine's own time, profiled over the eval articles once more "
            "(the ms column spreads the unprofiled median by share):"
        )
        details.append(profiled[0].hotspot_table(statistics.median(seconds["engine"]) * 1000))
        values["profiled_s"] = total
    return Section(TITLE, method, [table, hostile], [target, linear], notes, values, details)
