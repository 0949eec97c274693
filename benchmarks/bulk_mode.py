"""8. Bulk mode: articles per second through ``summarizer bulk`` with the extractive
engine on a local pool of 1 and 2 processes and on a 2-worker Dask LocalCluster."""

from __future__ import annotations

import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from summarizer.bulk import BulkOptions, Reporter, Tally, run_bulk
from summarizer.config import load_settings

from .articles import eval_articles
from .measure import Section, Stats, Table, Target

TITLE = "Bulk mode"
SCALING = 1.8  # the target: 2 workers over 1 worker, steady articles/s
STEADY = (0.1, 0.9)  # the share of rows between which the steady rate is measured
LABELS = {
    "local_1": "local pool, 1 worker",
    "local_2": "local pool, 2 workers",
    "dask_2": "Dask LocalCluster, 2 workers",
}


@dataclass(frozen=True)
class Params:
    articles: int = 1500
    rounds: int = 3
    batch_size: int = 32
    dask: bool = True


QUICK = Params(articles=96, rounds=1, batch_size=8)


@dataclass(frozen=True)
class Timing:
    """One bulk run: whole wall time, steady rate, and CPU seconds per row of the parent
    (whole run) and of the processes under it (the pool, or the cluster's workers;
    steady span)."""

    wall_s: float
    steady_per_s: float
    parent_cpu_s: float
    workers_cpu_s: float
    rows: int


def _ticks(pid: int) -> int:
    """User + system CPU clock ticks of process ``pid`` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc; empty elsewhere)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child} | descendants(child)
    return found


def _processes_cpu() -> dict[int, int]:
    """CPU ticks of every process under this one (Linux; empty elsewhere)."""
    return {pid: _ticks(pid) for pid in descendants(os.getpid())}


class _Clock(Reporter):
    """Notes when each row count was reached, and the CPU used by then by the processes
    under this one (read while they still run)."""

    def __init__(self) -> None:
        self.marks: list[tuple[float, int, dict[int, int]]] = []

    def update(self, tally: Tally) -> None:
        # a few /proc reads per batch: well under a millisecond
        self.marks.append((time.perf_counter(), tally.written, _processes_cpu()))

    def _steady(self, total: int) -> tuple[tuple[float, int, dict[int, int]], ...]:
        low = next(m for m in self.marks if m[1] >= STEADY[0] * total)
        high = next(m for m in self.marks if m[1] >= STEADY[1] * total)
        return low, high

    def steady_rate(self, total: int) -> float:
        """Rows per second between :data:`STEADY` shares of ``total``: start-up and the
        last stragglers left out."""
        low, high = self._steady(total)
        if high[0] <= low[0]:
            return float("nan")
        return (high[1] - low[1]) / (high[0] - low[0])

    def workers_cpu_per_row(self, total: int) -> float:
        """CPU seconds the processes under this one spent per row, over the same span."""
        low, high = self._steady(total)
        if high[1] <= low[1]:
            return float("nan")
        ticks = sum(t - low[2].get(pid, 0) for pid, t in high[2].items())
        return ticks / os.sysconf("SC_CLK_TCK") / (high[1] - low[1])


def write_input(path: Path, count: int) -> int:
    """``count`` eval articles (cycled, each with its own id) as JSONL; their words."""
    corpus = eval_articles()
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            article = corpus[i % len(corpus)]
            words += article.word_count
            handle.write(json.dumps({"id": f"{article.case}-{i}", "text": article.text}) + "\n")
    return words


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_run(source: Path, folder: Path, options: BulkOptions) -> Timing:
    """One bulk run of ``source`` into a new output file."""
    out = folder / f"out-{time.monotonic_ns()}.jsonl"
    clock = _Clock()
    cpu, started = _cpu(), time.perf_counter()
    result = run_bulk(source, out, load_settings(provider="extractive"), options, clock)
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    out.unlink()
    if result.error_rows:
        raise RuntimeError(f"{result.error_rows} articles failed in the bulk benchmark")
    return Timing(
        wall,
        clock.steady_rate(result.rows),
        cpu / result.rows,
        clock.workers_cpu_per_row(result.rows),
        result.rows,
    )


@contextmanager
def dask_cluster(enabled: bool) -> Iterator[str | None]:
    """The address of a 2-worker LocalCluster (one thread each), or None without Dask."""
    if not enabled:
        yield None
        return
    try:
        from distributed import LocalCluster
    except ImportError:
        yield None
        return
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def run(params: Params = Params()) -> Section:
    """Time the local pools ``rounds`` times each in rotating order, then the cluster
    (started only for its own rounds, so that it takes nothing from the others)."""
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmp:
        folder = Path(tmp)
        source = folder / "in.jsonl"
        words = write_input(source, params.articles)
        local = {f"local_{n}": BulkOptions(workers=n, batch_size=params.batch_size) for n in (1, 2)}
        timings = _rounds(source, folder, local, params.rounds)
        with dask_cluster(params.dask) as scheduler:
            if scheduler:
                cluster = {"dask_2": BulkOptions(scheduler=scheduler, batch_size=params.batch_size)}
                timings |= _rounds(source, folder, cluster, params.rounds)
    return _section(params, timings, words, load_before, os.getloadavg(), scheduler is not None)


def _rounds(
    source: Path, folder: Path, contenders: dict[str, BulkOptions], rounds: int
) -> dict[str, list[Timing]]:
    """Each contender ``rounds`` times in rotating order, after a warm-up run of the last."""
    names = list(contenders)
    timed_run(source, folder, contenders[names[-1]])
    timings: dict[str, list[Timing]] = {name: [] for name in names}
    for round_ in range(rounds):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            timings[name].append(timed_run(source, folder, contenders[name]))
    return timings


def _stats(timings: list[Timing], figure: Callable[[Timing], float]) -> Stats:
    return Stats.of(figure(t) for t in timings)


def _section(
    params: Params,
    timings: dict[str, list[Timing]],
    words: int,
    load_before: tuple[float, ...],
    load_after: tuple[float, ...],
    with_dask: bool,
) -> Section:
    one = statistics.median(t.steady_per_s for t in timings["local_1"])
    rows = []
    values: dict[str, float] = {"articles": params.articles, "words": words}
    for key, runs in timings.items():
        steady = _stats(runs, lambda t: t.steady_per_s)
        whole = _stats(runs, lambda t: t.rows / t.wall_s)
        parent = _stats(runs, lambda t: 1000 * t.parent_cpu_s)
        workers = _stats(runs, lambda t: 1000 * t.workers_cpu_s)
        ratio = _stats(runs, lambda t: t.steady_per_s / one)
        rows.append(
            [
                LABELS[key],
                steady.show(1),
                whole.show(1),
                ratio.show(2),
                parent.show(2),
                workers.show(2),
            ]
        )
        values[f"{key}_steady_s"] = steady.median
        values[f"{key}_whole_s"] = whole.median
        values[f"{key}_parent_ms"] = parent.median
        values[f"{key}_workers_ms"] = workers.median
    table = Table(
        [
            "contender",
            "articles/s, steady",
            "articles/s, whole run",
            "× 1 worker (steady)",
            "parent CPU ms per article",
            "workers' CPU ms per article (steady)",
        ],
        rows,
    )
    scaling = values["local_2_steady_s"] / values["local_1_steady_s"]
    values["scaling"] = scaling
    if with_dask:
        values["dask_scaling"] = values["dask_2_steady_s"] / values["local_1_steady_s"]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    method = (
        f"`run_bulk` (what `summarizer bulk` calls) on {params.articles:,} eval articles "
        f"(the {len(eval_articles())} of `evals/cases/`, cycled; {words / params.articles:,.0f} "
        f"words on average) from JSONL to JSONL, extractive engine, batches of "
        f"{params.batch_size}, {params.rounds} rounds per contender in rotating order after "
        "a warm-up run. *Steady* is the rate between 10% and 90% of the rows written, so "
        "process start-up and the last batches are left out; *whole run* divides by the "
        "wall time from start to finished file. CPU time is per article written: the "
        "parent's over the whole run (reading, dispatching, writing; for Dask also the "
        "scheduler, which `LocalCluster` runs in the parent) and the workers' over the "
        "steady span (every process under the parent, read from /proc). The Dask cluster "
        "(two worker processes, one thread each, on 127.0.0.1) is started after the local "
        "rounds, for its own rounds only."
    )
    load = (
        f"Load average (1, 5, 15 min) on this {cores}-core machine: "
        f"{', '.join(f'{x:.2f}' for x in load_before)} before the runs, "
        f"{', '.join(f'{x:.2f}' for x in load_after)} after. Any other work on the machine "
        "takes cores from the two workers, and shows first in the 2-worker figures; the "
        "workers' CPU per article does not depend on it: when it is the same with 1 and 2 "
        "workers, splitting the work costs nothing extra."
    )
    notes = [load]
    if not with_dask:
        notes.append("Dask is not installed (`pip install '.[distributed]'`): no cluster row.")
    target = Target(
        "articles/s with 2 workers over 1 worker (steady)", SCALING, scaling, "×", at_least=True
    )
    return Section(TITLE, method, [table], [target], notes, values)
