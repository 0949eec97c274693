"""6. Eval suite: wall time of ``summarizer eval --provider extractive`` on every case."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .articles import CASES
from .measure import Section, Stats, Table, isolated_env, run_cli

TITLE = "Eval suite"


@dataclass(frozen=True)
class Params:
    rounds: int = 3
    cases: Path = CASES


QUICK = Params(rounds=1)


def run(params: Params = Params()) -> Section:
    """``rounds`` runs of the whole eval, each in a fresh process with an empty cache."""
    walls, peaks = [], []
    scores = set()
    count = 0
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as tmp:
        for r in range(params.rounds):
            home = Path(tmp) / f"round-{r}"
            out = home / "report"
            done = run_cli(
                [
                    "eval",
                    "--provider",
                    "extractive",
                    "--cases-dir",
                    str(params.cases),
                    "--out",
                    str(out),
                ],
                isolated_env(home),
                home / "logs",
            )
            report = json.loads((out / "report.json").read_text(encoding="utf-8"))
            variant = report["variants"][0]
            walls.append(done.wall_s)
            peaks.append(done.peak_rss_mb)
            scores.add(round(variant["score"], 6))
            count = len(variant["cases"])
    wall = Stats.of(walls)
    table = Table(
        ["command", "cases", "best s", "wall s", "peak RSS MB", "headline score"],
        [
            [
                "`summarizer eval --provider extractive`",
                str(count),
                f"{wall.low:.2f}",
                wall.show(),
                Stats.of(peaks).show(0),
                ", ".join(f"{s:.3f}" for s in sorted(scores)),
            ],
        ],
    )
    method = (
        f"The whole command as a child process on the {count} cases of "
        f"`{_shown(params.cases)}`, {params.rounds} runs, each with its own empty data folder "
        "(so no cached responses) and writing its reports to a temporary folder. No target: "
        "the figure says what a regression check of the extractive engine costs. The score "
        "is the suite's headline score"
        + (", the same in every run." if len(scores) == 1 else "; it differed between runs.")
    )
    values = {
        "best_s": wall.low,
        "wall_s": wall.median,
        "cases": float(count),
        "scores": float(len(scores)),
    }
    return Section(TITLE, method, [table], [], [], values)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(CASES.parent.parent))
    except ValueError:
        return str(path)
