"""The regression gate: save a run's per-case scores as a baseline, compare a run with it.

A run fails the gate when, on a case both scored,

* a hard check regresses: the brief no longer validates against the schema,
  or fewer than 100% of its quotes and figures are grounded;
* the headline score drops by more than ``delta``;

or when the upper bound of the paired bootstrap 95% CI of the mean headline
delta is below 0 (the run is worse overall, even if no single case fell far).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import atomic_write_text
from .runner import VariantRun
from .summary import Comparison, VariantSummary, compare

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
