"""Numbers over runs, the regression gate, and everything one eval measured as tables.

First the numbers: per-case means and spread over repeats, suite means, paired
deltas. Then the regression gate: save a run's per-case scores as a baseline,
compare a run with it. A run fails the gate when, on a case both scored,

* a hard check regresses: the brief no longer validates against the schema,
  or fewer than 100% of its quotes and figures are grounded;
* the headline score drops by more than ``delta``;

or when the upper bound of the paired bootstrap 95% CI of the mean headline
delta is below 0 (the run is worse overall, even if no single case fell far).

Last, :class:`EvalResult` holds everything one eval measured, and :func:`tables`
lays it out in the tables the console, ``report.md`` and ``report.html`` show.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import atomic_write_text
from ..safe_text import md_text
from .cases import Case, GoldProblem
from .faults import RawScore
from .runner import CaseRun, VariantRun
from .scoring import FIELDS, CaseScore, Miss

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


BASELINE_FORMAT = 1
DEFAULT_DELTA = 0.10
_TOLERANCE = 1e-9  # float noise is not a regression


def git_commit(where: Path) -> str | None:
    """``git rev-parse HEAD`` in ``where``, or None outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def baseline_data(
    result: VariantRun, summary: VariantSummary, commit: str | None
) -> dict[str, Any]:
    """The baseline document for one variant's run."""
    variant = result.variant
    return {
        "format": BASELINE_FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": commit,
        "provider": result.provider,
        "model": result.model,
        "prompt_id": variant.prompt.id,
        "prompt_sha256": variant.prompt.sha256,
        "repeat": max((len(runs) for runs in result.runs.values()), default=0),
        "score": summary.score,
        "cases": {
            cid: {
                "headline": case.headline,
                "schema_valid": case.schema_valid,
                "grounding_rate": case.grounding_rate,
                "fields": case.fields,
            }
            for cid, case in sorted(summary.cases.items())
        },
    }


def save_baseline(path: Path, data: dict[str, Any]) -> None:
    """Write the baseline (atomically)."""
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def load_baseline(path: Path) -> dict[str, Any]:
    """The baseline at ``path``.

    Raises:
        InputError: the file is missing or not a baseline.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"baseline not found: {path} (create it with --save-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read baseline {path}: {exc}") from None
    if (
        not isinstance(data, dict)
        or data.get("format") != BASELINE_FORMAT
        or not isinstance(data.get("cases"), dict)
    ):
        raise InputError(f"{path} is not a baseline file (format {BASELINE_FORMAT})")
    return data


@dataclass
class GateResult:
    """The verdict, with every reason in words a person acts on."""

    comparison: Comparison
    delta: float
    regressions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.regressions


def check_against(
    baseline: dict[str, Any],
    result: VariantRun,
    summary: VariantSummary,
    delta: float = DEFAULT_DELTA,
) -> GateResult:
    """Compare ``summary`` with ``baseline`` case by case."""
    before = {cid: float(c["headline"]) for cid, c in baseline["cases"].items()}
    after = {cid: case.headline for cid, case in summary.cases.items()}
    gate = GateResult(compare("baseline", before, "current", after), delta)
    for cid, case in sorted(summary.cases.items()):
        old = baseline["cases"].get(cid)
        if old is None:
            continue
        if old.get("schema_valid") and not case.schema_valid:
            reason = "; ".join(case.errors) or "the brief does not validate against the schema"
            gate.regressions.append(f"{cid}: schema validity lost ({reason})")
        if old.get("grounding_rate") == 1.0 and case.grounding_rate != 1.0:
            shown = "no brief" if case.grounding_rate is None else f"{case.grounding_rate:.1%}"
            gate.regressions.append(
                f"{cid}: grounding {shown} of quotes and figures (baseline 100%)"
            )
        drop = before[cid] - case.headline
        if drop > delta + _TOLERANCE:
            gate.regressions.append(
                f"{cid}: headline {before[cid]:.3f} -> {case.headline:.3f} "
                f"({-drop:+.3f}, a drop of more than {delta:.2f})"
            )
    low, high = gate.comparison.ci
    if gate.comparison.deltas and high < -_TOLERANCE:
        gate.regressions.append(
            f"mean headline delta {gate.comparison.mean_delta:+.3f} over "
            f"{len(gate.comparison.deltas)} cases, 95% CI [{low:+.3f}, {high:+.3f}]: "
            "worse overall (the upper bound is below 0)"
        )
    gate.notes.extend(_notes(baseline, result, summary))
    return gate


def _notes(baseline: dict[str, Any], result: VariantRun, summary: VariantSummary) -> list[str]:
    notes = []
    was = (
        baseline.get("provider"),
        baseline.get("model"),
        baseline.get("prompt_id"),
        baseline.get("prompt_sha256"),
    )
    now = (result.provider, result.model, result.variant.prompt.id, result.variant.prompt.sha256)
    if was != now:
        notes.append(
            f"baseline: {was[0]} {was[1]} {was[2]} ({str(was[3])[:12]}); "
            f"now: {now[0]} {now[1]} {now[2]} ({now[3][:12]})"
        )
    missing = sorted(set(baseline["cases"]) - set(summary.cases))
    if missing:
        notes.append(f"{len(missing)} baseline cases not run: {', '.join(missing)}")
    new = sorted(set(summary.cases) - set(baseline["cases"]))
    if new:
        notes.append(f"{len(new)} cases not in the baseline (not compared): {', '.join(new)}")
    return notes


@dataclass
class EvalResult:
    """The cases, every variant's runs and summaries, deltas, the gate and fault scores."""

    cases: list[Case]
    runs: list[VariantRun]
    summaries: list[VariantSummary]
    comparisons: list[Comparison]
    worst: list[Miss]
    created_at: datetime
    git_commit: str | None
    gate: GateResult | None = None
    raw: dict[str, RawScore] | None = None

    @property
    def problems(self) -> list[GoldProblem]:
        return [p for case in self.cases for p in case.problems]


@dataclass(frozen=True)
class Table:
    """A titled table of text cells, rendered to the console and to Markdown alike."""

    title: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _prf(values: dict[str, float]) -> str:
    return f"{values['precision']:.2f}/{values['recall']:.2f}/{values['f1']:.2f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _cost(value: float | None) -> str:
    return "unpriced" if value is None else f"${value:.4f}"


def _headline(case: CaseSummary) -> str:
    if case.headline_max == case.headline_min:
        return f"{case.headline:.3f}"
    return f"{case.headline:.3f} \u00b1 {case.headline_sd:.3f}"


def tables(result: EvalResult) -> list[Table]:
    """The tables the console and ``report.md`` show, in order."""
    out = [_scores_table(result)]
    for summary in result.summaries:
        out.append(
            Table(
                f"Per field: {summary.label} (mean over cases)",
                ("field", "precision", "recall", "F1", "also"),
                [
                    (
                        name,
                        f"{v['precision']:.3f}",
                        f"{v['recall']:.3f}",
                        f"{v['f1']:.3f}",
                        ", ".join(
                            f"{k} {x:.3f}"
                            for k, x in v.items()
                            if k not in ("precision", "recall", "f1")
                        ),
                    )
                    for name, v in summary.fields.items()
                ],
            )
        )
        out.append(_cases_table(summary))
    for comparison in result.comparisons:
        out.append(_deltas_table(comparison))
    if result.raw is not None:
        out.append(_faults_table(result))
    return out


def _scores_table(result: EvalResult) -> Table:
    rows: list[tuple[str, ...]] = []
    for run, summary in zip(result.runs, result.summaries, strict=True):
        f = summary.fields
        rows.append(
            (
                summary.label,
                run.provider,
                run.model,
                run.variant.prompt.id,
                f"{summary.score:.3f}",
                f"{f['actors']['f1']:.3f}",
                f"{f['quotes']['f1']:.3f}",
                f"{f['quotes'].get('strict_f1', 0.0):.3f}",
                f"{f['numbers']['f1']:.3f}",
                f"{f['claims']['f1']:.3f}",
                f"{summary.tokens:,.0f}",
                _cost(summary.cost_usd),
                f"{summary.cache_hits}",
            )
        )
    return Table(
        f"Overall ({len(result.cases)} cases)",
        (
            "variant",
            "provider",
            "model",
            "prompt",
            "score",
            "actors F1",
            "quotes F1",
            "quotes strict F1",
            "numbers F1",
            "claims F1",
            "tokens",
            "cost",
            "cache hits",
        ),
        rows,
    )


def _cases_table(summary: VariantSummary) -> Table:
    rows: list[tuple[str, ...]] = []
    for cid, case in summary.cases.items():
        f = case.fields
        rows.append(
            (
                cid,
                _prf(f["actors"]),
                _prf(f["quotes"]),
                f"{f['quotes'].get('strict_f1', 0.0):.2f}",
                _prf(f["numbers"]),
                _prf(f["claims"]),
                _headline(case),
                _pct(case.grounding_rate),
                "yes" if case.schema_valid else "NO",
                f"{case.latency_s:.2f}s",
            )
        )
    return Table(
        f"Per case: {summary.label} (P/R/F1)",
        (
            "case",
            "actors",
            "quotes",
            "strict",
            "numbers",
            "claims",
            "headline",
            "grounded",
            "valid",
            "latency",
        ),
        rows,
    )


def _deltas_table(comparison: Comparison) -> Table:
    rows: list[tuple[str, ...]] = [
        (cid, f"{a:.3f}", f"{b:.3f}", f"{d:+.3f}") for cid, (a, b, d) in comparison.deltas.items()
    ]
    low, high = comparison.ci
    rows.append(("mean", "", "", f"{comparison.mean_delta:+.3f} (95% CI {low:+.3f}, {high:+.3f})"))
    return Table(
        f"Paired deltas: {comparison.other} vs {comparison.base}",
        ("case", comparison.base, comparison.other, "delta"),
        rows,
    )


def _fault_cells(score: CaseScore | None, grounding: float | None) -> tuple[str, ...]:
    if score is None:
        return ("-",) * 5
    q, n = score.quotes, score.numbers
    return (
        f"{score.headline:.3f}",
        f"{q.precision:.2f}",
        f"{q.headline_f1:.2f}",
        f"{n.precision:.2f}",
        _pct(grounding),
    )


def _faults_table(result: EvalResult) -> Table:
    assert result.raw is not None
    final = result.runs[0].runs
    rows = []
    for cid, raw in result.raw.items():
        run = final[cid][0]
        rows.append(
            (
                cid,
                str(len(raw.faults)),
                *_fault_cells(raw.score, raw.grounding_rate),
                *_fault_cells(run.score, run.grounding_rate),
                str(run.attempts),
            )
        )
    return Table(
        "Fault injection: raw perturbed answer vs final brief",
        (
            "case",
            "faults",
            "raw headline",
            "raw quotes P",
            "raw strict F1",
            "raw numbers P",
            "raw grounded",
            "final headline",
            "final quotes P",
            "final strict F1",
            "final numbers P",
            "final grounded",
            "attempts",
        ),
        rows,
    )


def markdown_table(table: Table) -> str:
    """``table`` as a Markdown table under a heading; every cell escaped (case ids,
    labels and model names are text, never markup)."""
    lines = [
        f"## {md_text(table.title)}",
        "",
        "| " + " | ".join(md_text(h) for h in table.headers) + " |",
        "|" + "---|" * len(table.headers),
    ]
    lines += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"
