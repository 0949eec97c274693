"""Running eval cases through the real pipeline: every variant, case and repeat, concurrently."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..batch.errors import BatchPending
from ..config import Settings
from ..errors import ConfigError, NoValidOutputError, ProviderError, ReplayMissError, UsageError
from ..pipeline import Pipeline
from ..prompts import Prompt
from ..providers import Provider, make_provider
from ..providers.cache import (
    CACHE_FILE,
    CachingProvider,
    DirectoryResponseStore,
    ResponseStore,
    SqliteResponseStore,
)
from ..schema import Brief, Usage
from .cases import Case, Items, brief_items, gold_items
from .scoring import CaseScore, grounding_rate, schema_errors, score_items

# Errors that say the eval itself cannot run (not that a case scored badly): they stop it.
FATAL = (ConfigError, ProviderError, ReplayMissError, UsageError)

ProviderFactory = Callable[[Settings], Provider]


@dataclass(frozen=True)
class Variant:
    """One configuration under test: settings with their prompt and model."""

    label: str
    settings: Settings
    prompt: Prompt


@dataclass(frozen=True)
class CachePolicy:
    """Where provider responses come from and go to.

    ``replay``: only from that directory; ``record``: from and to that directory;
    otherwise the SQLite cache under ``Settings.data_dir`` when ``enabled`` (and
    the settings allow it), except for the extractive provider, which is as
    cheap to run as to look up.
    """

    record: Path | None = None
    replay: Path | None = None
    enabled: bool = True

    def store_for(self, settings: Settings, provider: Provider) -> ResponseStore | None:
        if self.replay is not None:
            if not self.replay.is_dir():
                raise UsageError(f"--replay {self.replay}: no such directory of recorded responses")
            return DirectoryResponseStore(self.replay)
        if self.record is not None:
            return DirectoryResponseStore(self.record)
        if self.enabled and settings.cache and provider.name != "extractive":
            return SqliteResponseStore(settings.data_dir / CACHE_FILE)
        return None


@dataclass
class CaseRun:
    """One run of one case: the brief (or the error) and everything measured on it."""

    case_id: str
    repeat: int
    brief: Brief | None = None
    error: str | None = None
    score: CaseScore | None = None
    schema_errors: list[str] = field(default_factory=list)
    grounding_rate: float | None = None
    tokens: int = 0
    cost_usd: float | None = 0.0
    latency_s: float = 0.0
    attempts: int = 0
    cache_hits: int = 0

    @property
    def headline(self) -> float:
        """The case's headline score (0 when the run produced no brief)."""
        return self.score.headline if self.score is not None else 0.0

    @property
    def schema_valid(self) -> bool:
        return self.brief is not None and not self.schema_errors


@dataclass
class VariantRun:
    """Every case run of one variant, by case id, repeats in order."""

    variant: Variant
    provider: str
    model: str
    runs: dict[str, list[CaseRun]]


OnRun = Callable[[Variant, Case, CaseRun], None]


async def run_cases(
    cases: Sequence[Case],
    variants: Sequence[Variant],
    *,
    repeat: int = 1,
    concurrency: int = 4,
    cache: CachePolicy | None = None,
    provider_factory: ProviderFactory = make_provider,
    on_run: OnRun | None = None,
) -> list[VariantRun]:
    """Summarise and score every case ``repeat`` times under every variant.

    A case whose pipeline fails (no valid output, a crash) scores 0 and keeps
    its error; errors that stop the whole eval (configuration, provider, a
    replay miss) are raised.
    """
    cache = cache or CachePolicy()
    providers: list[Provider] = []
    try:
        for variant in variants:
            providers.append(provider_factory(variant.settings))
        results = [
            VariantRun(v, p.name, p.model, {c.id: [] for c in cases})
            for v, p in zip(variants, providers, strict=True)
        ]
        gold = {case.id: gold_items(case) for case in cases}
        limit = asyncio.Semaphore(concurrency)

        async def job(k: int, case: Case, r: int) -> None:
            variant, provider = variants[k], providers[k]
            async with limit:
                run = await _run_case(case, r, variant, provider, cache, gold[case.id])
            results[k].runs[case.id].append(run)
            if on_run is not None:
                on_run(variant, case, run)

        tasks = [
            asyncio.create_task(job(k, case, r))
            for k in range(len(variants))
            for case in cases
            for r in range(repeat)
        ]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
    finally:
        for provider in providers:
            await provider.aclose()
    for result in results:
        for runs in result.runs.values():
            runs.sort(key=lambda run: run.repeat)
    return results


async def _run_case(
    case: Case,
    repeat: int,
    variant: Variant,
    provider: Provider,
    cache: CachePolicy,
    gold: Items,
) -> CaseRun:
    store = cache.store_for(variant.settings, provider)
    wrapper = None
    if store is not None:
        wrapper = CachingProvider(
            provider,
            store,
            replay=cache.replay is not None,
            label=f"case {case.id}",
            salt=f"repeat {repeat}" if repeat else "",
        )
    result: Brief | Exception
    try:
        result = await Pipeline(variant.settings, wrapper or provider).summarize(case.article)
    except FATAL:
        raise
    except Exception as exc:
        result = exc
    run = scored_run(
        case, repeat, result, gold, lambda spent: variant.settings.cost(provider.model, spent)
    )
    if wrapper is not None:
        run.cache_hits = wrapper.hits
    return run


def scored_run(
    case: Case,
    repeat: int,
    result: Brief | Exception,
    gold: Items,
    price: Callable[[Usage], float | None],
) -> CaseRun:
    """Run ``repeat`` of ``case`` that gave ``result``, scored against ``gold``; ``price``
    says what the tokens of a failed run cost."""
    run = CaseRun(case.id, repeat)
    if isinstance(result, Brief):
        items = brief_items(result)
        p = result.provenance
        run.brief = result
        run.score = score_items(items, gold)
        run.schema_errors = schema_errors(result)
        run.grounding_rate = grounding_rate(items, case.text)
        run.tokens, run.cost_usd, run.latency_s = p.usage.total_tokens, p.cost_usd, p.latency_s
        run.attempts = p.attempts
        return run
    run.error = f"{type(result).__name__}: {result}"
    if isinstance(result, NoValidOutputError):  # the failed attempts were paid for
        spent = result.usage if isinstance(result.usage, Usage) else Usage()
        run.attempts, run.tokens = result.attempts, spent.total_tokens
        run.cost_usd = price(spent)
    return run


async def run_cases_in_batch(
    cases: Sequence[Case],
    variants: Sequence[Variant],
    *,
    repeat: int = 1,
    on_run: OnRun | None = None,
) -> list[VariantRun]:
    """:func:`run_cases` through the Batch API: one job per variant, advanced by each call.

    Raises:
        BatchPending: some variant still waits for its batch (run the same eval again).
        FATAL errors, as :func:`run_cases`.
    """
    from ..batch.job import BatchJobs, Item  # loads the Batch API client
    from ..batch.keys import job_key
    from ..batch.runs import waiting_for
    from ..store import Store

    results, waiting = [], []
    for variant in variants:
        settings = variant.settings
        items = [
            Item(f"{case.id}#{r}", case.article, f"repeat {r}" if r else "")
            for case in cases
            for r in range(repeat)
        ]
        parts = [f"{item.key}:{item.article.id}" for item in items]
        key = job_key("eval", settings, variant.prompt, *parts)
        label = f"eval {variant.label or settings.model or 'default model'} ({len(cases)} cases)"
        with Store.in_dir(settings.data_dir) as store:
            progress = await BatchJobs(store, settings).aadvance("eval", key, label, items)
        if waiting_for(progress, [item.key for item in items]):
            waiting.append(progress)
            continue
        model = progress.job.model
        runs: dict[str, list[CaseRun]] = {case.id: [] for case in cases}
        for case in cases:
            gold = gold_items(case)
            for r in range(repeat):
                outcome = progress.outcomes[f"{case.id}#{r}"]
                if isinstance(outcome, FATAL):
                    raise outcome
                price = functools.partial(settings.batch_cost, model)
                run = scored_run(case, r, outcome, gold, price)
                runs[case.id].append(run)
                if on_run is not None:
                    on_run(variant, case, run)
        results.append(VariantRun(variant, "openai", model, runs))
    if waiting:
        raise BatchPending("; ".join(progress.message() for progress in waiting))
    return results
