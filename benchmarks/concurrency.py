"""3. Concurrency: ``summarize_many`` against a fake OpenAI-compatible server that answers
after a fixed delay (2 s, the time a structured answer of this size takes), at concurrency
32 and 128, in this process and with worker processes, compared with the ideal wall time."""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from summarizer.align import ArticleIndex
from summarizer.api import Summarizer
from summarizer.article import load_article
from summarizer.config import Settings, load_settings
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply, completion_body
from summarizer.extractive import extract
from summarizer.grounding import ground
from summarizer.pipeline import build_requests
from summarizer.prompts import load_prompt
from summarizer.schema import Brief

from .articles import distinct_articles, grounding_cleanly
from .bulk_mode import _ticks
from .measure import REPO, Section, Stats, Table, Target

TITLE = "Concurrency"
MODEL = "gpt-4o-mini"
LIMIT = 1.15  # the target for wall / ideal above concurrency 1
_OPEN, _CLOSE = "<article>\n", "\n</article>"


@dataclass(frozen=True)
class Params:
    waves: int = 5  # articles per level: waves × concurrency (ideal: waves × delay)
    delay: float = 2.0  # seconds the server waits before answering
    levels: tuple[int, ...] = (32, 128)
    workers: tuple[int, ...] = (0, 2)  # 0: the pipeline in this process
    rounds: int = 3
    serial_rounds: int = 1  # concurrency 1 takes waves × delay per run

    def articles(self, level: int) -> int:
        return self.waves * level


QUICK = Params(waves=3, delay=0.2, levels=(8,), rounds=1)


def article_in(messages: list[dict[str, Any]]) -> str:
    """The article text inside the last user message's ``<article>`` block."""
    content = str(messages[-1]["content"])
    start = content.find(_OPEN)
    end = content.rfind(_CLOSE)
    return content[start + len(_OPEN) : end] if 0 <= start < end else content


def grounded_articles(count: int) -> list[str]:
    """``count`` different articles whose extractive extraction grounds without a problem,
    so that the fake model's answer needs no repair: one request per article."""
    found = []
    for text in distinct_articles(MAX_DISTINCT):
        if not ground(extract(text), ArticleIndex(text)).problems:
            found.append(text)
            if len(found) == count:
                return found
    raise ValueError(f"only {len(found)} articles ground without a problem, {count} wanted")


MAX_DISTINCT = 812  # distinct_articles' most: 29 eval articles paired in order


class Answers:
    """The fake model: for each article, the extractive engine's extraction of it, computed
    before the clock starts so the server does no work but waiting and sending."""

    def __init__(self, bodies: dict[str, str]):
        self.bodies = bodies
        self.unknown: list[str] = []

    @classmethod
    def for_articles(cls, texts: list[str], settings: Settings) -> Answers:
        prompt = load_prompt(settings.prompt, settings.prompts_dir)
        bodies: dict[str, str] = {}
        for text in texts:
            for _, request in build_requests(load_article(text), prompt, settings):
                answer = grounding_cleanly(extract(request.text), request.text)
                answer = answer.model_dump(mode="json")
                bodies[article_in(request.messages)] = json.dumps(
                    completion_body(answer, model=MODEL)
                )
        return cls(bodies)

    def __call__(self, request: dict[str, Any]) -> Reply:
        body = self.bodies.get(article_in(request.get("messages", [{"content": ""}])))
        if body is None:
            self.unknown.append(str(request.get("_path")))
            return Reply(500, {"error": {"message": "the benchmark has no answer for this"}})
        return Reply(200, body)


def serve(answers_file: str, delay: float) -> None:
    """In a child process: serve the answers in ``answers_file`` until stdin closes, then
    print how many requests came and how many had no answer."""
    answers = Answers(json.loads(Path(answers_file).read_text(encoding="utf-8")))
    with FakeOpenAIServer(answers, delay=delay) as server:
        print(server.url, flush=True)
        sys.stdin.read()
        print(
            json.dumps({"requests": len(server.requests), "unknown": len(answers.unknown)}),
            flush=True,
        )


@dataclass
class ServerProcess:
    """The fake endpoint's process: its URL and pid, and after it stops its request counts."""

    url: str
    pid: int
    counts: dict[str, int]

    def cpu_s(self) -> float:
        """CPU seconds it has used so far (Linux /proc; 0 elsewhere)."""
        return _ticks(self.pid) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server_process(answers: Answers, delay: float) -> Iterator[ServerProcess]:
    """The fake endpoint in its own process, as a real one would be: its work does not
    compete with the client for this interpreter."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.json"
        path.write_text(json.dumps(answers.bodies), encoding="utf-8")
        code = f"from benchmarks.concurrency import serve; serve({str(path)!r}, {delay!r})"
        child = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        served = ServerProcess("", child.pid, {})
        try:
            assert child.stdout is not None
            served.url = child.stdout.readline().strip()
            if not served.url.startswith("http://127.0.0.1:"):
                raise RuntimeError(f"the fake server did not start: {served.url!r}")
            yield served
        finally:
            out, _ = child.communicate(timeout=60)
            lines = out.strip().splitlines()
            if lines:
                served.counts.update(json.loads(lines[-1]))


def round_trip_ms(requests: int = 15) -> float:
    """Median milliseconds of one small request to a zero-delay ``FakeOpenAIServer``."""
    body = completion_body({"summary": "A round trip."}, model=MODEL)
    with FakeOpenAIServer(lambda _: Reply(200, body)) as server, httpx2.Client() as client:
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.post(f"{server.url}/chat/completions", json={"messages": []})
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def settings_for(url: str, workers: int = 0) -> Settings:
    # gpt-4o-mini's largest output budget: every article fits one request (one chunk)
    return load_settings(
        provider="openai",
        api_key="sk-benchmark",
        base_url=url,
        model=MODEL,
        retry_attempts=1,
        max_output_tokens=16_384,
        workers=workers,
    )


def client_cpu_s(pipeline: Summarizer) -> float:
    """CPU seconds of this process and of the pipeline's worker processes so far."""
    usage = time.process_time()
    pool = pipeline._pool
    if pool is None:
        return usage
    ticks = sum(_ticks(w.process.pid) for w in pool._workers if w.process.pid is not None)
    return usage + ticks / os.sysconf("SC_CLK_TCK")


async def _once(pipeline: Summarizer, texts: list[str], level: int) -> tuple[float, float, int]:
    """Wall seconds, client CPU seconds and provider attempts of one ``summarize_many``."""
    wall, cpu = time.perf_counter(), client_cpu_s(pipeline)
    results = await pipeline.summarize_many(texts, concurrency=level)
    wall, cpu = time.perf_counter() - wall, client_cpu_s(pipeline) - cpu
    failed = [r for r in results if not isinstance(r, Brief)]
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(texts)} articles failed: {failed[0]}")
    attempts = sum(r.provenance.attempts for r in results if isinstance(r, Brief))
    return wall, cpu, attempts


Key = tuple[int, int]  # (workers, concurrency)


async def _contender(
    url: str,
    workers: int,
    texts: list[str],
    params: Params,
    walls: dict[Key, list[float]],
    cpus: dict[Key, list[float]],
) -> None:
    """Every level ``rounds`` times with one pipeline of ``workers`` processes, after a
    warm-up (imports, schema caches, starting the workers)."""
    async with Summarizer(settings_for(url, workers)) as pipeline:
        await pipeline.summarize_many(texts[:WARM_UP], concurrency=WARM_UP)
        for level in params.levels:
            chosen = texts[: params.articles(level)]
            for _ in range(params.serial_rounds if level == 1 else params.rounds):
                wall, cpu, attempts = await _once(pipeline, chosen, level)
                if attempts != len(chosen):
                    raise RuntimeError(f"expected {len(chosen)} provider calls, made {attempts}")
                walls[(workers, level)].append(wall)
                cpus[(workers, level)].append(cpu)


WARM_UP = 2


def run(params: Params = Params()) -> Section:
    """Run every contender and level ``rounds`` times (concurrency 1: ``serial_rounds``)."""
    texts = grounded_articles(max(params.articles(level) for level in params.levels))
    answers = Answers.for_articles(texts, settings_for("http://127.0.0.1:9/v1"))
    keys = [(w, level) for w in params.workers for level in params.levels]
    walls: dict[Key, list[float]] = {key: [] for key in keys}
    cpus: dict[Key, list[float]] = {key: [] for key in keys}
    round_trip = round_trip_ms()
    load_before = os.getloadavg()
    with server_process(answers, params.delay) as served:
        for workers in params.workers:
            asyncio.run(_contender(served.url, workers, texts, params, walls, cpus))
    if served.counts.get("unknown"):
        raise RuntimeError(f"the fake server got {served.counts['unknown']} unexpected requests")
    requests = served.counts.get("requests", 0) - WARM_UP * len(params.workers)
    return _section(params, walls, cpus, requests, round_trip, (load_before, os.getloadavg()))


def _label(workers: int) -> str:
    return "this process" if workers == 0 else f"{workers} worker processes"


def _section(
    params: Params,
    walls: dict[Key, list[float]],
    cpus: dict[Key, list[float]],
    requests: int,
    round_trip: float,
    load: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
) -> Section:
    rows, values, targets = [], {}, []
    for (workers, level), samples in walls.items():
        n = params.articles(level)
        ideal = math.ceil(n / level) * params.delay
        wall = Stats.of(samples)
        ratio = wall.scaled(1 / ideal)
        cpu_ms = Stats.of(cpus[(workers, level)]).scaled(1000 / n)
        rows.append(
            [
                _label(workers),
                str(level),
                str(n),
                str(len(samples)),
                wall.show(),
                f"{ideal:.1f}",
                ratio.show(3),
                cpu_ms.show(1),
            ]
        )
        suffix = "" if workers == 0 else f"_w{workers}"
        values[f"ratio_{level}{suffix}"] = ratio.median
        values[f"cpu_ms_{level}{suffix}"] = cpu_ms.median
        if level > 1:
            where = "" if workers == 0 else f" with {workers} workers"
            targets.append(
                Target(f"wall / ideal at concurrency {level}{where}", LIMIT, ratio.median)
            )
    values["requests"] = float(requests)
    values["round_trip_ms"] = round_trip
    probe = Table(
        ["zero-delay round trip to `FakeOpenAIServer`", "ms (median of 15)"],
        [
            ["one small request and its answer", f"{round_trip:.1f}"],
        ],
    )
    table = Table(
        [
            "summarising in",
            "concurrency c",
            "articles N",
            "runs",
            "wall s",
            "ideal s = ceil(N/c) \u00d7 delay",
            "wall / ideal",
            "client CPU ms per article",
        ],
        rows,
    )
    method = (
        f"{params.waves} × concurrency different articles, so {params.waves} waves of "
        "requests at each level (halves of two eval articles each, whose extractive "
        "extraction grounds without a problem), through "
        "`Summarizer.summarize_many` with the openai provider, over real HTTP to "
        f"`FakeOpenAIServer` on 127.0.0.1, which answers every request after "
        f"{params.delay:g} s (about what a structured answer of this size takes) with the "
        "extractive engine's extraction of that article (computed before the clock starts), "
        f"so every item grounds and each article is one request ({requests:,} requests in "
        "all, every one answered). The server runs in a process of its own, as a real "
        "endpoint would (the second table gives its bare round trip). Contenders: the "
        "pipeline in this process (`workers = 0`), and worker processes (`workers = N`, "
        "started before the clock). Client CPU is this process's plus the workers', per "
        "article. With few waves the client's work on the first and last wave (all c "
        "requests built at once, all c answers parsed at once) weighs more; more waves come "
        f"closer to a steady flow. Runs per level: {params.rounds}"
        + (f" ({params.serial_rounds} at concurrency 1)" if 1 in params.levels else "")
        + "."
    )
    notes = _why(params, values)
    if load is not None:
        notes.append(_load_note(*load))
    return Section(TITLE, method, [table, probe], targets, notes, values)


def _why(params: Params, values: dict[str, float]) -> list[str]:
    """Where a level missed the target, what its measured CPU says about it."""
    per_level = []
    for workers in params.workers:
        suffix = "" if workers == 0 else f"_w{workers}"
        for level in params.levels:
            if level == 1 or values[f"ratio_{level}{suffix}"] <= LIMIT:
                continue
            cpu = values[f"cpu_ms_{level}{suffix}"] / 1000
            busy = level / params.delay * cpu / max(1, workers)
            place = "the interpreter" if workers == 0 else f"each of the {workers} workers"
            per_level.append(
                f"At concurrency {level} ({_label(workers)}), {cpu * 1000:.1f} ms per article: "
                f"a floor of {(params.delay + cpu) / params.delay:.2f} under the ratio, and the "
                f"ideal rate of {level / params.delay:.0f} articles/s would keep {place} busy "
                f"{busy:.0%} of the time"
            )
    if not per_level:
        return []
    return [
        "Why: every article costs CPU in the client (the openai client and instructor, our "
        f"grounding and brief building, the event loop); that work comes on top of its "
        f"{params.delay:g} s wait and queues for the interpreter that does it. "
        f"{'. '.join(per_level)}. Near or past 100% busy, CPU bounds the wall time; so does "
        "any other load on the machine's cores."
    ]


def _load_note(before: tuple[float, ...], after: tuple[float, ...]) -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"Load average (1, 5, 15 min) on this {cores}-core machine: "
        f"{', '.join(f'{x:.2f}' for x in before)} before the runs, "
        f"{', '.join(f'{x:.2f}' for x in after)} after. Other work on the machine takes "
        "cores from the client and its workers and shows in the wall times."
    )
