"""``summarizer eval`` as a library call: load cases, run variants, score, report, gate.

Exit codes: 0 the run finished (and passed the gate, if one was given); 1 the
gate found a regression; 2 an error (bad usage, an invalid gold file, a missing
baseline, a replay miss...); 3 the provider or the configuration failed, as for
every command. The CLI only parses arguments and calls :func:`evaluate`.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr
from rich.console import Console

from ..config import Settings
from ..errors import UsageError
from ..event_loop import run_sync
from ..prompts import load_prompt
from ..providers import make_provider
from .cases import Case, discover_cases, gold_items
from .fakeserver import FakeOpenAIServer
from .faults import FAULTY_MODEL, ORACLE_MODEL, FaultPlan, FaultServer, plan_faults, score_raw
from .oracle import oracle_responder
from .report import ProgressReport, print_problems, print_result, write_reports
from .runner import (
    CachePolicy,
    ProviderFactory,
    Variant,
    VariantRun,
    run_cases,
    run_cases_in_batch,
)
from .scoring import misses_of, worst_misses
from .summary import (
    DEFAULT_DELTA,
    EvalResult,
    baseline_data,
    check_against,
    compare,
    git_commit,
    load_baseline,
    save_baseline,
    summarize_variant,
)

FAULT_SERVER_LIFETIME = 3600.0


@dataclass(frozen=True)
class EvalOptions:
    """What to evaluate and where the results go (the ``summarizer eval`` options)."""

    cases_dir: Path = Path("evals/cases")
    patterns: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    repeat: int = 1
    concurrency: int | None = None
    out: Path | None = None
    record: Path | None = None
    replay: Path | None = None
    cache: bool = True
    save_baseline: Path | None = None
    baseline: Path | None = None
    delta: float = DEFAULT_DELTA
    fault_injection: bool = False
    batch: bool = False  # through the OpenAI Batch API: the first run submits, a later one scores


@dataclass
class EvalOutcome:
    """The measured result, where its reports are, and the exit code."""

    result: EvalResult
    report_dir: Path

    @property
    def exit_code(self) -> int:
        gate = self.result.gate
        return 1 if gate is not None and not gate.passed else 0


def evaluate(
    settings: Settings,
    options: EvalOptions,
    *,
    console: Console,
    err: Console,
    provider_factory: ProviderFactory = make_provider,
) -> EvalOutcome:
    """Run the eval described by ``options``; print tables to ``console``, progress to ``err``.

    Raises:
        BatchPending: with ``batch``, the answers are not all back yet (run it again).
        UsageError: contradictory options, unknown prompt, no matching case.
        InputError: an invalid gold file or baseline.
        ReplayMissError: ``--replay`` lacks a response (names the case).
        ConfigError, ProviderError: the provider cannot be used.
    """
    _check(options)
    if options.fault_injection:  # the faulty oracle first (its fault table), then the clean one
        options = dataclasses.replace(options, models=(FAULTY_MODEL, ORACLE_MODEL))
    cases = discover_cases(options.cases_dir, options.patterns)
    print_problems(err, [p for case in cases for p in case.problems])
    baseline = load_baseline(options.baseline) if options.baseline else None
    plans = {case.id: plan_faults(case) for case in cases} if options.fault_injection else None
    with _fault_server(cases, settings, plans) as run_settings:
        variants = _variants(run_settings, options)
        cache = CachePolicy(
            record=options.record,
            replay=options.replay,
            enabled=options.cache and not options.fault_injection,
        )
        total = len(variants) * len(cases) * options.repeat
        with ProgressReport(err, total) as progress:
            running = (
                run_cases_in_batch(cases, variants, repeat=options.repeat, on_run=progress)
                if options.batch
                else run_cases(
                    cases,
                    variants,
                    repeat=options.repeat,
                    concurrency=options.concurrency or run_settings.concurrency,
                    cache=cache,
                    provider_factory=provider_factory,
                    on_run=progress,
                )
            )
            runs = run_sync(running)
    result = _result(cases, runs, options.cases_dir, plans)
    if baseline is not None:
        result.gate = check_against(baseline, runs[0], result.summaries[0], options.delta)
    if options.save_baseline:
        save_baseline(
            options.save_baseline, baseline_data(runs[0], result.summaries[0], result.git_commit)
        )
        err.print(f"saved baseline {options.save_baseline}", markup=False, highlight=False)
    out = options.out or _default_out(options.cases_dir)
    write_reports(result, out, options.cases_dir)
    print_result(console, result)
    err.print(f"reports: {out}/report.md, report.json, report.html", markup=False, highlight=False)
    return EvalOutcome(result, out)


def _check(options: EvalOptions) -> None:
    if options.record and options.replay:
        raise UsageError("use either --record or --replay, not both")
    if options.repeat < 1:
        raise UsageError("--repeat must be at least 1")
    if not 0 <= options.delta <= 1:
        raise UsageError("--delta must be between 0 and 1")
    several = max(len(options.prompts), 1) * max(len(options.models), 1) > 1
    if several and (options.baseline or options.save_baseline):
        raise UsageError("--baseline and --save-baseline take one prompt and one model")
    if options.fault_injection and (options.record or options.replay or options.models):
        raise UsageError(
            "--fault-injection runs its own fake model: drop --record, --replay and --model"
        )
    if options.batch and (options.fault_injection or options.record or options.replay):
        raise UsageError(
            "--batch sends the requests through the OpenAI Batch API: drop --fault-injection, "
            "--record and --replay"
        )


def _variants(settings: Settings, options: EvalOptions) -> list[Variant]:
    prompts = options.prompts or (settings.prompt,)
    models: tuple[str | None, ...] = options.models or (settings.model,)
    variants = []
    for prompt_id, model in itertools.product(prompts, models):
        prompt = load_prompt(prompt_id, settings.prompts_dir)
        parts = [prompt_id] if len(prompts) > 1 or len(models) == 1 else []
        if len(models) > 1:
            parts.append(model or "default model")
        variant_settings = settings.model_copy(update={"prompt": prompt_id, "model": model})
        variants.append(Variant(" \u00b7 ".join(parts), variant_settings, prompt))
    return variants


@contextmanager
def _fault_server(
    cases: list[Case], settings: Settings, plans: dict[str, FaultPlan] | None
) -> Iterator[Settings]:
    """With fault plans: the settings pointing at a fake model that serves them."""
    if plans is None:
        yield settings
        return
    responder = oracle_responder(cases, FaultServer(plans).author)
    with FakeOpenAIServer(responder, lifetime=FAULT_SERVER_LIFETIME) as server:
        yield settings.model_copy(
            update={
                "provider": "openai",
                "base_url": server.url,
                "api_key": SecretStr("fault-injection"),
                "retry_max_wait": 0.05,
            }
        )


def _result(
    cases: list[Case], runs: list[VariantRun], cases_dir: Path, plans: dict[str, FaultPlan] | None
) -> EvalResult:
    summaries = [summarize_variant(run) for run in runs]
    first = summaries[0]
    comparisons = [
        compare(
            first.label,
            {c: s.headline for c, s in first.cases.items()},
            other.label,
            {c: s.headline for c, s in other.cases.items()},
        )
        for other in summaries[1:]
    ]
    misses = []
    for case in cases:
        scored = runs[0].runs[case.id][0].score
        if scored is not None:
            misses += misses_of(case.id, scored, gold_items(case))
    raw = None if plans is None else {case.id: score_raw(case, plans[case.id]) for case in cases}
    return EvalResult(
        cases=cases,
        runs=runs,
        summaries=summaries,
        comparisons=comparisons,
        worst=worst_misses(misses),
        created_at=datetime.now(UTC),
        git_commit=git_commit(cases_dir),
        raw=raw,
    )


def _default_out(cases_dir: Path) -> Path:
    """A new timestamped folder under ``evals/reports/`` (next to the cases folder)."""
    base = cases_dir.resolve().parent / "reports"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = base / stamp
    n = 2
    while out.exists():
        out = base / f"{stamp}-{n}"
        n += 1
    return out
