"""11. Client CPU per request and the requests/s it allows: a bare ``openai`` call against
the whole pipeline, in this process and with 1 and 2 worker processes.

Each request costs the client CPU whatever the endpoint's latency: one core does at most
``1000 / CPU ms`` requests per second, and that ceiling, not the endpoint, bounds a
process at high concurrency. Worker processes give each core its own interpreter.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from typing import Any

import openai

from summarizer.api import Summarizer
from summarizer.evals.fakeserver import FakeOpenAIServer

from .concurrency import (
    Answers,
    client_cpu_s,
    grounded_articles,
    server_process,
    settings_for,
)
from .measure import Section, Stats, Table

TITLE = "Client CPU per request and the requests/s ceiling"
WARM_UP = 4


@dataclass(frozen=True)
class Params:
    articles: int = 240
    concurrency: int = 48
    workers: tuple[int, ...] = (0, 1, 2)  # 0: the pipeline in this process
    rounds: int = 3


QUICK = Params(articles=24, concurrency=8, rounds=1)


@dataclass(frozen=True)
class Timing:
    """One run of ``articles`` requests: wall and CPU seconds of the client and the server."""

    wall_s: float
    client_cpu_s: float
    server_cpu_s: float


def request_bodies(texts: list[str], answers: Answers) -> list[dict[str, Any]]:
    """The bodies the pipeline sends for ``texts`` (one request each), captured at the server."""
    with FakeOpenAIServer(answers) as server:
        asyncio.run(_pipeline(server.url, texts, len(texts), 0, warm_up=False))
        sent = [{k: v for k, v in r.items() if not k.startswith("_")} for r in server.requests]
    if len(sent) != len(texts):
        raise RuntimeError(f"expected {len(texts)} requests, the pipeline sent {len(sent)}")
    return sent


async def _bare(url: str, bodies: list[dict[str, Any]], level: int) -> tuple[float, float]:
    """Wall and CPU seconds of sending ``bodies`` with a bare ``openai`` client."""
    limit = asyncio.Semaphore(level)
    async with openai.AsyncOpenAI(api_key="sk-benchmark", base_url=url, max_retries=0) as client:

        async def one(body: dict[str, Any]) -> None:
            async with limit:
                await client.chat.completions.create(**body)

        await asyncio.gather(*(one(b) for b in bodies[:WARM_UP]))
        wall, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(one(b) for b in bodies))
        return time.perf_counter() - wall, time.process_time() - cpu


async def _pipeline(
    url: str, texts: list[str], level: int, workers: int, *, warm_up: bool = True
) -> tuple[float, float]:
    """Wall and client CPU seconds (workers included) of ``summarize_many`` over ``texts``,
    after a warm-up that also starts the workers."""
    async with Summarizer(settings_for(url, workers)) as pipeline:
        if warm_up:
            await pipeline.summarize_many(texts[:WARM_UP], concurrency=WARM_UP)
        wall, cpu = time.perf_counter(), client_cpu_s(pipeline)
        results = await pipeline.summarize_many(texts, concurrency=level)
        if any(isinstance(r, Exception) for r in results):
            raise RuntimeError("an article failed in the client CPU benchmark")
        return time.perf_counter() - wall, client_cpu_s(pipeline) - cpu


def run(params: Params = Params()) -> Section:
    texts = grounded_articles(params.articles)
    answers = Answers.for_articles(texts, settings_for("http://127.0.0.1:9/v1"))
    bodies = request_bodies(texts, answers)
    timings: dict[str, list[Timing]] = {"bare": []}
    timings |= {f"pipeline_{w}": [] for w in params.workers}
    load_before = os.getloadavg()
    with server_process(answers, 0.0) as served:
        for _ in range(params.rounds):
            server = served.cpu_s()
            wall, cpu = asyncio.run(_bare(served.url, bodies, params.concurrency))
            timings["bare"].append(Timing(wall, cpu, served.cpu_s() - server))
            for workers in params.workers:
                server = served.cpu_s()
                wall, cpu = asyncio.run(_pipeline(served.url, texts, params.concurrency, workers))
                timings[f"pipeline_{workers}"].append(Timing(wall, cpu, served.cpu_s() - server))
    return _section(params, timings, (load_before, os.getloadavg()))


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _label(key: str) -> str:
    if key == "bare":
        return "bare `openai` call, this process"
    workers = int(key.split("_")[1])
    if workers == 0:
        return "pipeline, this process"
    return f"pipeline, {workers} worker process{'es' if workers > 1 else ''}"


def _section(
    params: Params,
    timings: dict[str, list[Timing]],
    load: tuple[tuple[float, ...], tuple[float, ...]],
) -> Section:
    n, cores = params.articles, _cores()
    rows, values = [], {}
    for key, runs in timings.items():
        client = Stats.of(1000 * t.client_cpu_s / n for t in runs)
        server = Stats.of(1000 * t.server_cpu_s / n for t in runs)
        rate = Stats.of(n / t.wall_s for t in runs)
        processes = 1 if key in ("bare", "pipeline_0") else int(key.split("_")[1])
        ceiling = min(processes, cores) * 1000 / client.median
        rows.append(
            [
                _label(key),
                client.show(2),
                f"{ceiling:,.0f}",
                rate.show(0),
                server.show(2),
            ]
        )
        values[f"{key}_cpu_ms"] = client.median
        values[f"{key}_ceiling"] = ceiling
        values[f"{key}_rate"] = rate.median
    table = Table(
        [
            "client",
            "client CPU ms per request",
            "requests/s ceiling = min(processes, cores) × 1000 / CPU ms",
            "requests/s measured, server answering at once",
            "server CPU ms per request",
        ],
        rows,
    )
    values["pipeline_over_bare"] = values["pipeline_0_cpu_ms"] / values["bare_cpu_ms"]
    method = (
        f"{n} different articles, one request each, at concurrency {params.concurrency}, "
        "against `FakeOpenAIServer` in its own process answering at once (the extractive "
        "engine's extraction of each article, computed beforehand), so the client's CPU is "
        "what is measured. *Bare `openai` call*: the very request bodies the pipeline sends "
        "(captured first), sent by an `openai.AsyncOpenAI` client, the answer parsed into "
        "a `ChatCompletion` and nothing more. *Pipeline*: `Summarizer.summarize_many` "
        "(instructor, salvage, grounding, brief), in this process or in worker processes "
        "(started before the clock). Client CPU is this process's plus its workers', per "
        "request; the ceiling divides the cores the client can use by it. The server shares "
        f"the same {cores} cores, so the measured rate is below the ceiling; its CPU per "
        f"request is in the last column. {params.rounds} rounds, median (min–max)."
    )
    ratio = values["pipeline_over_bare"]
    notes = [
        f"The pipeline costs {ratio:.1f}× the CPU of the bare call it makes: instructor's "
        "request building and parsing, our salvage and grounding, building the brief. One "
        f"process therefore tops out near {values['pipeline_0_ceiling']:,.0f} requests/s "
        "whatever the endpoint; at 2 s per call that is the concurrency "
        f"({2 * values['pipeline_0_ceiling']:,.0f}) at which one core is busy all the time "
        "(section 3 times concurrency 32 and 128 at 2 s per call).",
        (
            f"Load average (1, 5, 15 min) on this {cores}-core machine: "
            f"{', '.join(f'{x:.2f}' for x in load[0])} before the runs, "
            f"{', '.join(f'{x:.2f}' for x in load[1])} after. CPU per request does not "
            "depend on other load much; the measured rates do."
        ),
    ]
    return Section(TITLE, method, [table], [], notes, values)
