"""3. Concurrency: ``summarize_many`` against a fake OpenAI-compatible server that answers
after a fixed delay, at several concurrency levels, compared with the ideal wall time."""

from __future__ import annotations

import asyncio
import json
import math
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

from summarizer.article import load_article
from summarizer.config import Settings, load_settings
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply, completion_body
from summarizer.extractive import extract
from summarizer.pipeline import Summarizer, build_requests
from summarizer.prompts import load_prompt
from summarizer.schema import Brief

from .articles import distinct_articles, grounding_cleanly
from .measure import REPO, Section, Stats, Table, Target

TITLE = "Concurrency"
MODEL = "gpt-4o-mini"
LIMIT = 1.15  # the target for wall / ideal above concurrency 1
_OPEN, _CLOSE = "<article>\n", "\n</article>"


@dataclass(frozen=True)
class Params:
    articles: int = 200
    delay: float = 0.2  # seconds the server waits before answering
    levels: tuple[int, ...] = (1, 8, 32)
    rounds: int = 3
    serial_rounds: int = 1  # concurrency 1 takes articles × delay per run


QUICK = Params(articles=24, rounds=1)


def article_in(messages: list[dict[str, Any]]) -> str:
    """The article text inside the last user message's ``<article>`` block."""
    content = str(messages[-1]["content"])
    start = content.find(_OPEN)
    end = content.rfind(_CLOSE)
    return content[start + len(_OPEN) : end] if 0 <= start < end else content


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
        print(json.dumps({"requests": len(server.requests), "unknown": len(answers.unknown)}),
              flush=True)


@contextmanager
def server_process(answers: Answers, delay: float) -> Iterator[tuple[str, dict[str, int]]]:
    """The fake endpoint in its own process, as a real one would be: its work does not
    compete with the client for this interpreter. Yields its URL and, after the block,
    its request counts."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.json"
        path.write_text(json.dumps(answers.bodies), encoding="utf-8")
        code = f"from benchmarks.concurrency import serve; serve({str(path)!r}, {delay!r})"
        child = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        counts: dict[str, int] = {}
        try:
            assert child.stdout is not None
            url = child.stdout.readline().strip()
            if not url.startswith("http://127.0.0.1:"):
                raise RuntimeError(f"the fake server did not start: {url!r}")
            yield url, counts
        finally:
            out, _ = child.communicate(timeout=60)
            lines = out.strip().splitlines()
            if lines:
                counts.update(json.loads(lines[-1]))


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


def settings_for(url: str) -> Settings:
    # gpt-4o-mini's largest output budget: every article fits one request (one chunk)
    return load_settings(provider="openai", api_key="sk-benchmark", base_url=url, model=MODEL,
                         retry_attempts=1, max_output_tokens=16_384)


async def _once(texts: list[str], config: Settings, level: int) -> tuple[float, float, int]:
    """Wall seconds, process CPU seconds and provider attempts of one ``summarize_many``."""
    async with Summarizer(config) as pipeline:
        wall, cpu = time.perf_counter(), time.process_time()
        results = await pipeline.summarize_many(texts, concurrency=level)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    failed = [r for r in results if not isinstance(r, Brief)]
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(texts)} articles failed: {failed[0]}")
    attempts = sum(r.provenance.attempts for r in results if isinstance(r, Brief))
    return wall, cpu, attempts


def run(params: Params = Params()) -> Section:
    """Run every level ``rounds`` times (concurrency 1: ``serial_rounds``)."""
    texts = distinct_articles(params.articles)
    answers = Answers.for_articles(texts, settings_for("http://127.0.0.1:9/v1"))
    walls: dict[int, list[float]] = {level: [] for level in params.levels}
    cpus: dict[int, list[float]] = {level: [] for level in params.levels}
    round_trip = round_trip_ms()
    warm_up = 2
    with server_process(answers, params.delay) as (url, counts):
        config = settings_for(url)
        asyncio.run(_once(texts[:warm_up], config, 2))  # warm-up: imports, schema caches
        for level in params.levels:
            for _ in range(params.serial_rounds if level == 1 else params.rounds):
                wall, cpu, attempts = asyncio.run(_once(texts, config, level))
                if attempts != len(texts):
                    raise RuntimeError(f"expected {len(texts)} provider calls, made {attempts}")
                walls[level].append(wall)
                cpus[level].append(cpu)
    if counts.get("unknown"):
        raise RuntimeError(f"the fake server got {counts['unknown']} unexpected requests")
    return _section(params, walls, cpus, counts.get("requests", 0) - warm_up, round_trip)


def _section(params: Params, walls: dict[int, list[float]], cpus: dict[int, list[float]],
             requests: int, round_trip: float) -> Section:
    n = params.articles
    rows, values, targets = [], {}, []
    for level in params.levels:
        ideal = math.ceil(n / level) * params.delay
        wall = Stats.of(walls[level])
        ratio = wall.scaled(1 / ideal)
        cpu_ms = Stats.of(cpus[level]).scaled(1000 / n)
        rows.append([str(level), str(len(walls[level])), wall.show(), f"{ideal:.1f}",
                     ratio.show(3), cpu_ms.show(1)])
        values[f"ratio_{level}"] = ratio.median
        values[f"cpu_ms_{level}"] = cpu_ms.median
        if level > 1:
            targets.append(Target(f"wall / ideal at concurrency {level}", LIMIT, ratio.median))
    values["requests"] = float(requests)
    values["round_trip_ms"] = round_trip
    probe = Table(["zero-delay round trip to `FakeOpenAIServer`", "ms (median of 15)"], [
        ["one small request and its answer", f"{round_trip:.1f}"],
    ])
    table = Table(["concurrency", "runs", "wall s", "ideal s = ceil(N/c) \u00d7 delay",
                   "wall / ideal", "CPU ms per article (client process)"], rows)
    method = (
        f"{n} different articles (halves of two eval articles each) through "
        "`Summarizer.summarize_many` with the openai provider, over real HTTP to "
        f"`FakeOpenAIServer` on 127.0.0.1, which answers every request after "
        f"{params.delay * 1000:.0f} ms with the extractive engine's extraction of that "
        "article (computed before the clock starts), so every item grounds and each article "
        f"is one request ({requests:,} requests in all, every one answered). The server runs "
        "in a process of its own, as a real endpoint would (the second table gives its bare "
        "round trip); the CPU column is the client's process alone. Runs per level: "
        f"{params.serial_rounds} at concurrency 1 (it takes N \u00d7 delay), {params.rounds} at "
        "the others."
    )
    notes = []
    missed = [lv for lv in params.levels if lv > 1 and values[f"ratio_{lv}"] > LIMIT]
    if missed:
        per_level = []
        for level in missed:
            cpu = values[f"cpu_ms_{level}"] / 1000
            busy = level / params.delay * cpu
            per_level.append(
                f"At concurrency {level}, {cpu * 1000:.1f} ms per article: a floor of "
                f"{(params.delay + cpu) / params.delay:.2f} under the ratio, and the ideal rate "
                f"of {level / params.delay:.0f} articles/s would keep the interpreter busy "
                f"{busy:.0%} of the time"
            )
        notes.append(
            "Why: every article costs CPU in the client's one process (the openai client and "
            "instructor, our grounding and brief building, the event loop); that "
            f"work comes on top of its {params.delay:.1f} s wait and queues for the one "
            f"interpreter. {'. '.join(per_level)}. Near or past 100% busy, CPU bounds the wall "
            "time. Less CPU per article (benchmark 1; the bare instructor call alone is a "
            "sizeable part of it) or several processes would bring the ratio down."
        )
    return Section(TITLE, method, [table, probe], targets, notes, values)
