"""5. Extractive engine: articles and words per second on the eval articles, one process;
how its time grows on adversarial input (``ADVERSARIAL``, also used by the tests); and its
scores on the material its rules were tuned on against material held out from tuning."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import product
from pathlib import Path
from types import ModuleType

from summarizer.api import Summarizer
from summarizer.config import load_settings
from summarizer.evals.summary import git_commit
from summarizer.extractive import extract

from .articles import EvalArticle, eval_articles
from .measure import (
    REPO,
    Section,
    Stats,
    Table,
    Target,
    growth_exponent,
    isolated_env,
    profiling,
    run_cli,
    timed,
)

TITLE = "Extractive engine"
NEAR_1000 = (800, 1200)  # words: the articles that count as "about 1,000 words"


ADVERSARIAL_SIZES = (20_000, 80_000)  # characters
TIMED_ENOUGH = 0.02  # seconds at the smaller size for a growth exponent to mean something
TUNED_CASES, HELDOUT_CASES = REPO / "evals" / "cases", REPO / "evals" / "heldout"
MAX_GAP = 0.05  # tuned minus held-out, at most


@dataclass(frozen=True)
class Params:
    rounds: int = 7
    adversarial_rounds: int = 5
    generalisation: bool = True


QUICK = Params(rounds=2, adversarial_rounds=1, generalisation=False)


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
        best = [float("inf"), float("inf")]
        for _ in range(rounds):  # sizes interleaved, so a busy moment hits both alike
            for i, text in enumerate(texts):
                best[i] = min(best[i], timed(lambda text=text: extract(text))[0])
        exponent = growth_exponent(max(best[0], 1e-4), max(best[1], 1e-4), small, large)
        if best[0] >= TIMED_ENOUGH:  # a few milliseconds are too short to fit a growth to
            worst = max(worst, exponent)
        shown = f"{exponent:.2f}" if best[0] >= TIMED_ENOUGH else "(too fast to tell)"
        rows.append([name, f"{best[0] * 1000:,.0f}", f"{best[1] * 1000:,.0f}", shown])
    headers = [
        "adversarial input",
        f"ms at {small // 1000} KB",
        f"ms at {large // 1000} KB",
        "growth exponent (1 = linear)",
    ]
    return Table(headers, rows), worst


def _eval_scores(cases: Path) -> dict[str, float]:
    """Quotes strict F1, numbers F1 and headline of ``summarizer eval`` on ``cases``."""
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as tmp:
        home, out = Path(tmp) / "home", Path(tmp) / "out"
        run_cli(
            ["eval", "--provider", "extractive", "--cases-dir", str(cases), "--out", str(out)],
            isolated_env(home),
            home / "logs",
        )
        variant = json.loads((out / "report.json").read_text(encoding="utf-8"))["variants"][0]
    fields = variant["fields"]
    return {
        "quotes": fields["quotes"]["strict_f1"],
        "numbers": fields["numbers"]["f1"],
        "headline": variant["score"],
    }


def _polnear_script() -> ModuleType:
    """``evals/polnear.py``, the PolNeAR measurement, loaded as a module."""
    spec = importlib.util.spec_from_file_location("polnear", REPO / "evals" / "polnear.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


def _polnear(polnear: ModuleType, corpus: Path, part: str) -> tuple[float, float] | None:
    """Direct-quote F1 and named-speaker accuracy on one part of PolNeAR (read in place)."""
    if not (corpus / "text").is_dir():
        return None
    tally = polnear.Tally()
    for path in sorted((corpus / "text").glob("*.txt")):
        ann = corpus / "attributions" / (path.stem + ".ann")
        if ann.exists() and (part == "all" or polnear.part_of(path.name) == part):
            polnear.measure(path, ann, tally, [], 0)
    precision = tally.predicted_hits / tally.predicted if tally.predicted else 1.0
    recall = tally.gold_hits / tally.gold if tally.gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, tally.named_right / tally.named if tally.named else 0.0


def _generalisation() -> tuple[Table, dict[str, float]]:
    """Scores on tuned material against held-out material, as a table and as values."""
    tuned, held = _eval_scores(TUNED_CASES), _eval_scores(HELDOUT_CASES)
    rows = [
        [
            "Wikinews eval cases, quotes strict F1",
            f"{tuned['quotes']:.3f}",
            f"{held['quotes']:.3f}",
        ],
        ["Wikinews eval cases, numbers F1", f"{tuned['numbers']:.3f}", f"{held['numbers']:.3f}"],
        [
            "Wikinews eval cases, headline score",
            f"{tuned['headline']:.3f}",
            f"{held['headline']:.3f}",
        ],
    ]
    values = {
        f"{side}_{key}": scores[key]
        for side, scores in (("tuned", tuned), ("heldout", held))
        for key in scores
    }
    polnear = _polnear_script()
    shared = polnear.default_corpus().parent
    parts = {
        name: _polnear(polnear, shared / corpus, part)
        for name, corpus, part in (
            ("tune", "polnear-train", "tune"),
            ("heldout", "polnear-train", "heldout"),
            ("dev", "polnear-dev", "all"),
        )
    }
    if all(parts.values()):
        tune, held_out, dev = (parts[k] for k in ("tune", "heldout", "dev"))
        assert tune is not None and held_out is not None and dev is not None
        rows.append(
            [
                "PolNeAR direct-quote F1 (train tune / train held-out, dev)",
                f"{tune[0]:.3f}",
                f"{held_out[0]:.3f}, {dev[0]:.3f}",
            ]
        )
        rows.append(
            [
                "PolNeAR named-speaker accuracy (train tune / train held-out, dev)",
                f"{tune[1]:.3f}",
                f"{held_out[1]:.3f}, {dev[1]:.3f}",
            ]
        )
        values.update(polnear_tune=tune[1], polnear_heldout=held_out[1], polnear_dev=dev[1])
    return Table(["measure", "tuned", "held out"], rows), values


def _generalisation_targets(values: dict[str, float]) -> list[Target]:
    targets = [
        Target("held-out quotes strict F1", 0.85, values["heldout_quotes"], at_least=True),
        Target("held-out numbers F1", 0.75, values["heldout_numbers"], at_least=True),
        Target(
            "quotes strict F1, tuned minus held-out",
            MAX_GAP,
            values["tuned_quotes"] - values["heldout_quotes"],
        ),
        Target(
            "numbers F1, tuned minus held-out",
            MAX_GAP,
            values["tuned_numbers"] - values["heldout_numbers"],
        ),
    ]
    if "polnear_dev" in values:
        targets += [
            Target(
                "PolNeAR dev named-speaker accuracy", 0.85, values["polnear_dev"], at_least=True
            ),
            Target(
                "PolNeAR named-speaker accuracy, train tune minus dev",
                MAX_GAP,
                values["polnear_tune"] - values["polnear_dev"],
            ),
        ]
    return targets


def _engine(articles: Sequence[EvalArticle]) -> float:
    return timed(lambda: [extract(a.text) for a in articles])[0]


def _engine_cpu(articles: Sequence[EvalArticle]) -> float:
    """The engine's own CPU time: what it costs, whatever else the machine runs."""
    started = time.process_time()
    for article in articles:
        extract(article.text)
    return time.process_time() - started


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
        ("cpu", "engine, every eval article, CPU time of the process", _engine_cpu, corpus),
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
    tables, targets = [table, hostile], [target, linear]
    if params.generalisation:
        scores, measured = _generalisation()
        tables.append(scores)
        targets += _generalisation_targets(measured)
        values.update(measured)
    method = (
        f"`summarizer.extractive.extract` on each of the {len(corpus)} eval articles in turn "
        f"(`evals/cases/*/article.txt`), single process, {params.rounds} rounds after a "
        "warm-up; the normalised rate is words per second divided by 1,000. The whole "
        "pipeline adds loading, grounding and building the brief. Adversarial input: each "
        f"shape of `ADVERSARIAL` at {ADVERSARIAL_SIZES[0]:,} and {ADVERSARIAL_SIZES[1]:,} "
        f"characters, best of {params.adversarial_rounds}; the growth exponent k fits "
        "time ∝ size^k between the two sizes (1 is linear, 2 quadratic). Generalisation: "
        "`summarizer eval --provider extractive` on the tuned cases (`evals/cases`) and the "
        "held-out ones (`--cases-dir evals/heldout`), and `python evals/polnear.py` on the "
        "PolNeAR train split's tuning part (`--part tune`), its held-out part "
        "(`--part heldout`) and the dev split (`--corpus ../shared/corpus/polnear-dev`); "
        "`evals/SPLITS.md` says what each part is. This section was measured on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit "
        f"{(git_commit(REPO) or 'unknown')[:12]} (it may be newer than the rest of the file: "
        "`python -m benchmarks --only extractive` measures it alone)."
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
    return Section(TITLE, method, tables, targets, notes, values, details)
