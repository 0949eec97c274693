"""10. Batch mode's cost: the same articles through the synchronous path and through the
Batch API, at the same token counts, per 1,000 articles."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from summarizer.api import summarize_many
from summarizer.config import Settings, load_settings
from summarizer.evals.cases import discover_cases
from summarizer.evals.fakebatch import FakeBatchAPI
from summarizer.evals.fakeserver import FakeOpenAIServer
from summarizer.evals.oracle import Oracle, oracle_responder
from summarizer.schema import Brief, Usage

from .articles import CASES
from .measure import Section, Table, Target

TITLE = "Batch mode cost"
MODEL = "gpt-4o-mini"
OTHER_MODEL = "gpt-4.1-mini"  # priced from the same tokens, for scale


@dataclass(frozen=True)
class Params:
    patterns: tuple[str, ...] = ()  # eval case folders (glob); none: every case


QUICK = Params(patterns=("news-a*",))


@dataclass(frozen=True)
class Totals:
    """What one path spent on every article: tokens, requests, cost, and how long it took."""

    usage: Usage
    attempts: int
    cost_usd: float
    briefs: int
    wall_s: float


def _totals(results: list[Brief | Exception], wall: float) -> Totals:
    briefs = [r for r in results if isinstance(r, Brief)]
    if len(briefs) != len(results):
        raise RuntimeError("an article failed in the batch cost benchmark")
    usage = Usage()
    for brief in briefs:
        usage = usage + brief.provenance.usage
    return Totals(
        usage,
        sum(b.provenance.attempts for b in briefs),
        sum(b.provenance.cost_usd or 0.0 for b in briefs),
        len(briefs),
        wall,
    )


def _settings(url: str, data_dir: Path, batch: bool) -> Settings:
    return load_settings(
        provider="openai",
        api_key="sk-benchmark",
        base_url=url,
        model=MODEL,
        data_dir=data_dir,
        batch=batch,
        batch_poll_interval=0.01,
    )


def run(params: Params = Params()) -> Section:
    cases = discover_cases(CASES, params.patterns)
    articles = [case.article for case in cases]
    api = FakeBatchAPI(oracle_responder(cases, lambda case, request: Oracle()))
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAIServer(api) as server:
        started = time.perf_counter()
        sync = summarize_many(articles, config=_settings(server.url, Path(tmp) / "s", False))
        sync_totals = _totals(list(sync), time.perf_counter() - started)
        started = time.perf_counter()
        batched = summarize_many(articles, config=_settings(server.url, Path(tmp) / "b", True))
        batch_totals = _totals(list(batched), time.perf_counter() - started)
        batches, polls = api.created, sum(1 for r in server.requests if _is_poll(r))
    if batch_totals.usage != sync_totals.usage:
        raise RuntimeError("the batch path spent other tokens than the synchronous path")
    return _section(len(cases), sync_totals, batch_totals, batches, polls)


def _is_poll(request: dict[str, object]) -> bool:
    path = str(request.get("_path", ""))
    return request.get("_method") == "GET" and path.startswith("/v1/batches/")


def _per_million(settings: Settings, *, prompt: bool) -> str:
    """The price of a million prompt (or completion) tokens of :data:`MODEL`, in USD."""
    tokens = 1_000_000
    usage = Usage(
        prompt_tokens=tokens if prompt else 0,
        completion_tokens=0 if prompt else tokens,
        total_tokens=tokens,
    )
    return f"{settings.cost(MODEL, usage) or 0.0:g}"


def _section(n: int, sync: Totals, batch: Totals, batches: int, polls: int) -> Section:
    per = 1000 / n
    settings = load_settings()
    rows = []
    for label, totals, factor in (
        ("synchronous", sync, 1.0),
        ("Batch API", batch, 1 - settings.batch_discount),
    ):
        u = totals.usage
        other_cost = settings.cost(OTHER_MODEL, u) or 0.0
        rows.append(
            [
                label,
                f"{u.prompt_tokens * per:,.0f}",
                f"{u.completion_tokens * per:,.0f}",
                f"{totals.attempts * per:,.0f}",
                f"${totals.cost_usd * per:,.2f}",
                f"${other_cost * factor * per:,.2f}",
            ]
        )
    ratio = batch.cost_usd / sync.cost_usd
    table = Table(
        [
            "path",
            "prompt tokens per 1,000 articles",
            "completion tokens per 1,000 articles",
            "requests per 1,000 articles",
            f"cost per 1,000 articles ({MODEL}, measured in provenance)",
            f"same tokens at {OTHER_MODEL} prices",
        ],
        rows,
    )
    method = (
        f"The {n} eval articles of `evals/cases` through `summarize_many`, once synchronously "
        "and once with `batch = true`, against the same fake model on 127.0.0.1: an oracle "
        "that answers every request from the case's gold brief (a repair by sending the listed "
        "item back as it was), with token counts estimated from what each request and answer hold "
        "(4 characters per token). The batch run goes through the fake Batch API (upload, "
        f"batch, status checks, output file): {batches} batch{'es' if batches != 1 else ''} "
        "(the first requests, then a follow-up batch for each round of repairs, re-asks or "
        f"halves the pipeline asked for), {polls} status checks. Costs "
        "are the sum of the briefs' `provenance.cost_usd` at the price table's "
        f"{MODEL} price (input ${_per_million(settings, prompt=True)}/M, output "
        f"${_per_million(settings, prompt=False)}/M), batch answers at `batch_discount` = "
        f"{settings.batch_discount:g} off; scaled to 1,000 articles. The token counts of both "
        "paths are checked to be identical."
    )
    values = {
        "sync_cost_per_1000": sync.cost_usd * per,
        "batch_cost_per_1000": batch.cost_usd * per,
        "ratio": ratio,
        "tokens_per_article": sync.usage.total_tokens / n,
        "batches": float(batches),
    }
    notes = [
        "Repairs, re-asks and the verification pass are requests like the first one: in "
        "batch mode each round of them is one more batch (or, past `batch_deadline`, is "
        "sent synchronously at the full price), so the ratio holds for them too; what "
        "batch mode costs is time: a round per batch, each answered within 24 hours."
    ]
    target = Target("batch cost over synchronous cost at the same tokens", 0.5, ratio, "×")
    return Section(TITLE, method, [table], [target], notes, values)
