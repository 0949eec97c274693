"""Numbers over runs: per-case means and spread over repeats, suite means, paired deltas."""

from __future__ import annotations

import random
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .runner import CaseRun, VariantRun
from .scoring import FIELDS

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20240611


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def spread(values: Sequence[float]) -> float:
    """Sample standard deviation (0 for fewer than two values)."""
    return statistics.stdev(values) if len(values) > 1 else 0.0


@dataclass(frozen=True)
class CaseSummary:
    """One case under one variant, over its repeats."""

    case_id: str
    headline: float
    headline_sd: float
    headline_min: float
    headline_max: float
    fields: dict[str, dict[str, float]]  # field -> precision/recall/f1 (+ extras), means
    schema_valid: bool  # in every repeat
    grounding_rate: float | None  # the lowest over repeats; None when no brief came back
    errors: list[str]
    tokens: float
    cost_usd: float | None
    latency_s: float
    cache_hits: int


def _field_means(runs: Sequence[CaseRun]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name in FIELDS:
        values: dict[str, list[float]] = {}
        for run in runs:
            if run.score is None:
                scored = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
            else:
                field = run.score.fields[name]
                scored = {
                    "precision": field.precision,
                    "recall": field.recall,
                    "f1": field.f1,
                    **{k: v for k, v in field.extras.items() if v is not None},
                }
            for key, value in scored.items():
                values.setdefault(key, []).append(value)
        out[name] = {key: mean(v) for key, v in values.items()}
    return out


def summarize_case(case_id: str, runs: Sequence[CaseRun]) -> CaseSummary:
    """Means and spread of ``runs`` (the repeats of one case)."""
    headlines = [run.headline for run in runs]
    rates = [run.grounding_rate for run in runs if run.grounding_rate is not None]
    costs = [run.cost_usd for run in runs]
    return CaseSummary(
        case_id=case_id,
        headline=mean(headlines),
        headline_sd=spread(headlines),
        headline_min=min(headlines, default=0.0),
        headline_max=max(headlines, default=0.0),
        fields=_field_means(runs),
        schema_valid=all(run.schema_valid for run in runs),
        grounding_rate=min(rates) if rates else None,
        errors=[run.error for run in runs if run.error],
        tokens=mean([run.tokens for run in runs]),
        cost_usd=None if any(c is None for c in costs) else mean([c or 0.0 for c in costs]),
        latency_s=mean([run.latency_s for run in runs]),
        cache_hits=sum(run.cache_hits for run in runs),
    )


@dataclass(frozen=True)
class VariantSummary:
    """A variant over all cases: the suite score and per-field means."""

    label: str
    score: float  # mean over cases of the per-case mean headline
    fields: dict[str, dict[str, float]]
    cases: dict[str, CaseSummary]
    tokens: float
    cost_usd: float | None
    latency_s: float
    cache_hits: int


def summarize_variant(result: VariantRun) -> VariantSummary:
    """Per-case summaries of ``result`` and their means."""
    cases = {cid: summarize_case(cid, runs) for cid, runs in result.runs.items()}
    fields: dict[str, dict[str, float]] = {}
    for name in FIELDS:
        keys = {k for c in cases.values() for k in c.fields[name]}
        fields[name] = {
            k: mean([c.fields[name][k] for c in cases.values() if k in c.fields[name]])
            for k in sorted(keys)
        }
    costs = [c.cost_usd for c in cases.values()]
    return VariantSummary(
        label=result.variant.label,
        score=mean([c.headline for c in cases.values()]),
        fields=fields,
        cases=cases,
        tokens=sum(c.tokens for c in cases.values()),
        cost_usd=None if any(c is None for c in costs) else sum(c or 0.0 for c in costs),
        latency_s=sum(c.latency_s for c in cases.values()),
        cache_hits=sum(c.cache_hits for c in cases.values()),
    )


def bootstrap_ci(
    deltas: Sequence[float],
    *,
    level: float = 0.95,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """Percentile bootstrap CI of the mean of ``deltas`` (seeded: the same input, the same CI)."""
    if not deltas:
        return 0.0, 0.0
    rng = random.Random(seed)
    n = len(deltas)
    means = sorted(sum(deltas[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    tail = (1 - level) / 2
    low = means[int(tail * resamples)]
    high = means[min(resamples - 1, int((1 - tail) * resamples))]
    return low, high


@dataclass(frozen=True)
class Comparison:
    """Paired per-case headline deltas of ``other`` against ``base``."""

    base: str
    other: str
    deltas: dict[str, tuple[float, float, float]]  # case -> (base, other, other - base)
    mean_delta: float
    ci: tuple[float, float]


def compare(
    base_label: str, base: Mapping[str, float], other_label: str, other: Mapping[str, float]
) -> Comparison:
    """Per-case deltas on the cases both sides scored, their mean and bootstrap 95% CI."""
    shared = [cid for cid in base if cid in other]
    deltas = {cid: (base[cid], other[cid], other[cid] - base[cid]) for cid in shared}
    values = [d for _, _, d in deltas.values()]
    return Comparison(base_label, other_label, deltas, mean(values), bootstrap_ci(values))
