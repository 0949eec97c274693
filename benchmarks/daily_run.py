"""4. Daily run: ``summarizer daily`` over N different articles, cold and then warm.

Each round gets a fresh data folder and output folder. The cold run summarises
every article with the default provider (the extractive engine: no key is set);
the warm run is the same command again, which should take every brief from the
store. Provider calls come from the store's run log, wall time and peak RSS from
the child process; ``summarizer --version`` (start-up only) is the reference.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from summarizer.config import load_settings
from summarizer.daily.run import run_daily
from summarizer.store import Store

from .articles import distinct_articles
from .measure import (
    CliRun,
    Profile,
    Section,
    Stats,
    Table,
    Target,
    isolated_env,
    isolated_environment,
    profiling,
    run_cli,
    timed,
)

TITLE = "Daily run"
DAY = "2024-05-01"
WARM_LIMIT_S = 2.0


@dataclass(frozen=True)
class Params:
    articles: int = 200
    rounds: int = 3


QUICK = Params(articles=40, rounds=1)


@dataclass(frozen=True)
class DailyRun:
    """What one ``summarizer daily`` process did and cost."""

    wall_s: float
    peak_rss_mb: float
    provider_calls: int
    stories: int
    duplicates: int
    summarised: int
    reused: int
    failed: int


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(distinct_articles(count)):
        (folder / f"article-{i:03d}.txt").write_text(text, encoding="utf-8")


def daily(articles: Path, out: Path, home: Path) -> DailyRun:
    """One ``summarizer daily ARTICLES --out OUT`` with config and data under ``home``."""
    env = isolated_env(home)
    done = run_cli(
        ["daily", str(articles), "--out", str(out), "--date", DAY, "--quiet"], env, home / "logs"
    )
    with Store.in_dir(Path(env["SUMMARIZER_DATA_DIR"])) as store:
        run = store.recent_runs(1)[0]
    totals = json.loads((out / DAY / "brief.json").read_text(encoding="utf-8"))["totals"]
    return DailyRun(
        done.wall_s,
        done.peak_rss_mb,
        int(run["calls"]),
        totals["articles"],
        totals["duplicates"],
        totals["summarised"],
        totals["reused"],
        totals["failed"],
    )


def import_times(env: dict[str, str], logs: Path, top: int = 6) -> tuple[float, list[str]]:
    """Seconds to import ``summarizer.cli`` and its heaviest third-party imports
    (``python -X importtime``; nested imports overlap)."""
    done = run_cli([], env, logs, python_flags=["-X", "importtime"], code="import summarizer.cli")
    cumulative: dict[str, int] = {}
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            cumulative[parts[2].strip()] = int(parts[1])
    heavy = sorted(
        ((us, name) for name, us in cumulative.items() if "." not in name and name != "summarizer"),
        reverse=True,
    )[:top]
    return (
        cumulative.get("summarizer.cli", 0) / 1e6,
        [f"{name} {us / 1000:.0f} ms" for us, name in heavy],
    )


def profile_warm(articles: Path, out: Path, home: Path) -> tuple[float, Profile]:
    """A warm run once more, in this process under cProfile (no start-up, no imports)."""
    with isolated_environment(home):
        settings = load_settings()
        with profiling() as profiled:
            elapsed, result = timed(
                lambda: run_daily([str(articles)], out, dt.date.fromisoformat(DAY), settings)
            )
    if result.brief.totals.run_calls:
        raise RuntimeError("the profiled warm run called the provider")
    return elapsed, profiled[0]


def run(params: Params = Params()) -> Section:
    """``rounds`` × (cold run, warm run), plus CLI start-up as the reference."""
    cold: list[DailyRun] = []
    warm: list[DailyRun] = []
    with tempfile.TemporaryDirectory(prefix="bench-daily-") as tmp:
        root = Path(tmp)
        write_articles(root / "articles", params.articles)
        startup = [
            run_cli(["--version"], isolated_env(root / "startup"), root / "startup")
            for _ in range(params.rounds)
        ]
        for r in range(params.rounds):
            home, out = root / f"round-{r}", root / f"round-{r}" / "briefs"
            cold.append(daily(root / "articles", out, home))
            warm.append(daily(root / "articles", out, home))
        why = None
        if Stats.of(w.wall_s for w in warm).median > WARM_LIMIT_S:
            why = Why(
                *profile_warm(root / "articles", out, home),
                *import_times(isolated_env(root / "startup"), root / "imports"),
            )
    return _section(params, cold, warm, startup, why)


@dataclass(frozen=True)
class Why:
    """What a slow warm run was doing: a profile of the run and the import times."""

    profiled_s: float
    profile: Profile
    import_s: float
    heavy_imports: list[str]


def _section(
    params: Params,
    cold: list[DailyRun],
    warm: list[DailyRun],
    startup: list[CliRun],
    why: Why | None,
) -> Section:
    def row(name: str, runs: list[DailyRun]) -> list[str]:
        return [
            name,
            Stats.of(r.provider_calls for r in runs).show(0),
            Stats.of(r.wall_s for r in runs).show(),
            Stats.of(r.peak_rss_mb for r in runs).show(0),
            Stats.of(r.stories for r in runs).show(0),
            Stats.of(r.summarised for r in runs).show(0),
            Stats.of(r.reused for r in runs).show(0),
        ]

    start_wall = Stats.of(s.wall_s for s in startup)
    start_rss = Stats.of(s.peak_rss_mb for s in startup)
    table = Table(
        ["run", "provider calls", "wall s", "peak RSS MB", "stories", "summarised", "reused"],
        [
            row("cold (first run)", cold),
            row("warm (same command again)", warm),
            [
                "reference: `summarizer --version` (start-up only)",
                "0",
                start_wall.show(),
                start_rss.show(0),
                "",
                "",
                "",
            ],
        ],
    )
    warm_wall = Stats.of(r.wall_s for r in warm)
    peak = max(r.peak_rss_mb for r in [*cold, *warm])
    warm_calls = max(r.provider_calls for r in warm)
    targets = [
        Target("provider calls in the warm run", 0, warm_calls),
        Target("warm run wall time", WARM_LIMIT_S, warm_wall.median, " s"),
        Target("peak RSS (any run)", 300, peak, " MB"),
    ]
    duplicates = max(r.duplicates for r in cold)
    failed = max(r.failed for r in [*cold, *warm])
    method = (
        f"{params.articles} different article files (each the first half of one eval article "
        "and the second half of another; the run found "
        f"{duplicates} duplicates and {failed} failures) through `summarizer daily DIR --out "
        "OUT` as a child process with no API key, so with the default extractive provider, "
        "and with its own config and data folders. "
        f"{params.rounds} rounds, each a cold run on empty folders and then a warm run. "
        "Provider calls are the run log's (`summarizer runs`); peak RSS is the child's own "
        "high-water mark (`VmHWM`, read as it exits: `ru_maxrss` would include the "
        "benchmark's memory at fork)."
    )
    notes: list[str] = []
    details: list[Table] = []
    if why is not None:
        found = why.profile
        top = found.ours[0] if found.ours else None
        after_startup = (warm_wall.median - start_wall.median) * 1000
        notes.append(
            f"Why: start-up alone takes {start_wall.median:.2f} s of the warm run; importing "
            f"`summarizer.cli` is {why.import_s:.2f} s of it (`python -X importtime`; the "
            f"heaviest third-party imports, nested ones overlapping: "
            f"{', '.join(why.heavy_imports)}), all loaded whatever the command. The rest "
            "still reads and de-duplicates every article, loads each brief from the store and "
            "rebuilds the day's pages from all of them; one more warm run in this process "
            f"under cProfile ({why.profiled_s:.2f} s with the profiler's overhead) shows where "
            "that goes (tables below; the ms columns spread the warm run's median after "
            "start-up by share)."
            + (
                f" The largest share is `{top.function}` ({top.share:.0%}), called mostly "
                f"from `{top.caller}`."
                if top
                else ""
            )
        )
        details = [found.owner_table(after_startup), found.hotspot_table(after_startup)]
    values = {
        "cold_calls": float(Stats.of(r.provider_calls for r in cold).median),
        "warm_calls": float(warm_calls),
        "warm_wall_s": warm_wall.median,
        "cold_wall_s": Stats.of(r.wall_s for r in cold).median,
        "peak_rss_mb": peak,
        "stories": float(min(r.stories for r in cold)),
        "warm_reused": float(min(r.reused for r in warm)),
        "startup_s": start_wall.median,
    }
    return Section(TITLE, method, [table], targets, notes, values, details)
