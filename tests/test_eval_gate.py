"""The regression gate's rules, on hand-made scores: hard checks, per-case drops, the CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import load_settings
from summarizer.errors import InputError
from summarizer.evals.runner import Variant, VariantRun
from summarizer.evals.summary import (
    CaseSummary,
    VariantSummary,
    bootstrap_ci,
    check_against,
    compare,
    load_baseline,
)
from summarizer.prompts import load_prompt


def case(
    cid: str,
    headline: float,
    *,
    valid: bool = True,
    grounding: float | None = 1.0,
    errors: list[str] | None = None,
) -> CaseSummary:
    return CaseSummary(
        cid, headline, 0.0, headline, headline, {}, valid, grounding, errors or [], 0.0, 0.0, 0.0, 0
    )


def run_of(cases: list[CaseSummary]) -> tuple[VariantRun, VariantSummary]:
    variant = Variant("brief.v1", load_settings(provider="extractive"), load_prompt("brief.v1"))
    run = VariantRun(variant, "extractive", "extractive-v1", {c.case_id: [] for c in cases})
    score = sum(c.headline for c in cases) / len(cases)
    return run, VariantSummary("brief.v1", score, {}, {c.case_id: c for c in cases}, 0, 0, 0, 0)


def baseline(scores: dict[str, float], **overrides: dict[str, object]) -> dict[str, object]:
    prompt = load_prompt("brief.v1")
    cases = {
        cid: {"headline": h, "schema_valid": True, "grounding_rate": 1.0, "fields": {}}
        for cid, h in scores.items()
    }
    for cid, changes in overrides.items():
        cases[cid].update(changes)
    return {
        "format": 1,
        "provider": "extractive",
        "model": "extractive-v1",
        "prompt_id": "brief.v1",
        "prompt_sha256": prompt.sha256,
        "cases": cases,
    }


def test_small_drops_everywhere_fail_on_the_confidence_interval() -> None:
    before = {f"c{i}": 0.60 + 0.01 * i for i in range(10)}
    now = [case(cid, h - 0.05) for cid, h in before.items()]
    gate = check_against(baseline(before), *run_of(now))
    assert not gate.passed
    assert gate.regressions == [
        "mean headline delta -0.050 over 10 cases, 95% CI [-0.050, -0.050]: worse overall "
        "(the upper bound is below 0)"
    ]
    assert gate.notes == []


def test_mixed_changes_within_delta_pass() -> None:
    before = {"a": 0.5, "b": 0.6, "c": 0.7, "d": 0.8}
    now = [case("a", 0.45), case("b", 0.66), case("c", 0.62), case("d", 0.86)]
    gate = check_against(baseline(before), *run_of(now))
    assert gate.passed, gate.regressions
    low, high = gate.comparison.ci
    assert low < gate.comparison.mean_delta < high


def test_one_large_drop_fails_and_a_drop_of_exactly_delta_does_not() -> None:
    before = {"a": 0.8, "b": 0.8, "c": 0.5}
    now = [case("a", 0.7), case("b", 0.95), case("c", 0.38)]
    gate = check_against(baseline(before), *run_of(now), delta=0.10)
    assert gate.regressions == ["c: headline 0.500 -> 0.380 (-0.120, a drop of more than 0.10)"]


def test_hard_checks_regress() -> None:
    before = {"a": 0.5, "b": 0.5, "c": 0.5}
    now = [
        case("a", 0.5, grounding=0.875),
        case("b", 0.5, valid=False, grounding=None, errors=["NoValidOutputError: gave up"]),
        case("c", 0.5),
    ]
    gate = check_against(baseline(before), *run_of(now))
    assert gate.regressions == [
        "a: grounding 87.5% of quotes and figures (baseline 100%)",
        "b: schema validity lost (NoValidOutputError: gave up)",
        "b: grounding no brief of quotes and figures (baseline 100%)",
    ]


def test_a_check_that_already_failed_in_the_baseline_is_not_a_regression() -> None:
    before = {"a": 0.5}
    now = [case("a", 0.5, grounding=0.9)]
    gate = check_against(baseline(before, a={"grounding_rate": 0.9}), *run_of(now))
    assert gate.passed


def test_notes_say_what_changed_and_what_was_not_compared() -> None:
    before = {"a": 0.5, "gone": 0.5}
    data = baseline(before)
    data["prompt_id"], data["prompt_sha256"] = "brief.v0", "0" * 64
    gate = check_against(data, *run_of([case("a", 0.5), case("new", 0.9)]))
    assert gate.passed
    assert gate.notes == [
        "baseline: extractive extractive-v1 brief.v0 (000000000000); now: extractive "
        f"extractive-v1 brief.v1 ({load_prompt('brief.v1').sha256[:12]})",
        "1 baseline cases not run: gone",
        "1 cases not in the baseline (not compared): new",
    ]
    assert list(gate.comparison.deltas) == ["a"]


def test_bootstrap_is_deterministic_and_brackets_the_mean() -> None:
    deltas = [0.1, -0.2, 0.05, 0.3, -0.1, 0.0, 0.2, -0.05]
    first, second = bootstrap_ci(deltas), bootstrap_ci(list(deltas))
    assert first == second
    mean = sum(deltas) / len(deltas)
    assert first[0] < mean < first[1]
    assert first[0] >= min(deltas) and first[1] <= max(deltas)
    assert bootstrap_ci([0.0, 0.0, 0.0]) == (0.0, 0.0)


def test_compare_pairs_only_shared_cases() -> None:
    comparison = compare("v1", {"a": 0.5, "b": 0.7}, "v2", {"b": 0.6, "c": 0.1})
    assert comparison.deltas == {"b": (0.7, 0.6, pytest.approx(-0.1))}
    assert comparison.mean_delta == pytest.approx(-0.1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline not found"),
        ("{not json", "cannot read baseline"),
        ('{"format": 99, "cases": {}}', "is not a baseline file"),
    ],
)
def test_unusable_baselines(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_baseline(path)
