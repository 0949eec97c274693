"""Everything one eval measured, in one object the reports are written from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .baseline import GateResult
from .cases import Case, GoldProblem
from .faults import RawScore
from .runner import VariantRun
from .scoring import Miss
from .summary import Comparison, VariantSummary


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
