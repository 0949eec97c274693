"""The report files: ``report.json`` (everything), ``report.md`` and ``report.html``.

Case ids, items, errors and warnings come from gold files and model answers: in
``report.md`` all of them are escaped Markdown text (no HTML, links or images).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..files import atomic_write_text
from ..safe_text import escape_json_controls, md_text
from .cases import Case, brief_items, gold_items
from .html import report_html
from .runner import CaseRun
from .scoring import FIELDS, CaseScore, describe, field_details, label
from .summary import CaseSummary, Comparison, EvalResult, GateResult, markdown_table, tables

REPORT_FORMAT = 1


def report_markdown(result: EvalResult) -> str:
    """``report.md``: the tables, the gate's verdict, the worst misses, then per-case details."""
    parts = [
        f"# Eval report\n\n{result.created_at.isoformat(timespec='seconds')} \u00b7 "
        f"commit {md_text(result.git_commit) or 'unknown'} \u00b7 {len(result.cases)} cases\n"
    ]
    parts += [markdown_table(t) for t in tables(result)]
    if result.gate is not None:
        parts.append(_gate_markdown(result.gate))
    if result.worst:
        parts.append(
            "## Worst misses\n\n"
            + "\n".join(
                f"- {md_text(m.case_id)} {m.field} ({m.why}): {md_text(label(m.item))}"
                for m in result.worst
            )
            + "\n"
        )
    if result.problems:
        parts.append(
            "## Gold problems\n\n"
            + "\n".join(f"- {md_text(str(p))}" for p in result.problems)
            + "\n"
        )
    for run in result.runs:
        parts.append(f"## Details: {md_text(run.variant.label)}\n")
        for case in result.cases:
            parts.append(_case_markdown(case, run.runs[case.id][0]))
    return "\n".join(parts)


def _gate_markdown(gate: GateResult) -> str:
    verdict = "PASSED" if gate.passed else "FAILED"
    lines = [f"## Regression gate: {verdict}", ""]
    lines += [f"- regression: {md_text(r)}" for r in gate.regressions]
    lines += [f"- note: {md_text(n)}" for n in gate.notes]
    low, high = gate.comparison.ci
    lines.append(
        f"- mean headline delta {gate.comparison.mean_delta:+.3f}, 95% CI "
        f"[{low:+.3f}, {high:+.3f}], per-case limit {gate.delta:.2f}"
    )
    return "\n".join(lines) + "\n"


def _case_markdown(case: Case, run: CaseRun) -> str:
    lines = [f"### {md_text(case.id)}", ""]
    if run.error:
        return "\n".join([*lines, f"Failed: {md_text(run.error)}", ""])
    assert run.score is not None and run.brief is not None
    predicted, gold = brief_items(run.brief), gold_items(case)
    details = field_details(run.score, predicted, gold)
    for name in FIELDS:
        d = details[name]
        lines.append(f"- **{name}** P {d['precision']:.2f} R {d['recall']:.2f} F1 {d['f1']:.2f}")
        lines += [f"  - missed: {_described(m)}" for m in d["misses"]]
        lines += [f"  - false positive: {_described(fp)}" for fp in d["false_positives"]]
        lines += [
            f"  - speaker wrong: {_described(p['gold'])} (predicted "
            f"{md_text(p['predicted'].get('speaker')) or 'no speaker'})"
            for p in d["pairs"]
            if name == "quotes" and p["primary"] and not p["agrees"]
        ]
    for warning in run.brief.warnings:
        lines.append(f"- warning: {md_text(warning)}")
    return "\n".join(lines) + "\n"


def _described(item: dict[str, Any]) -> str:
    text = md_text(str(item.get("name") or item.get("text") or ""))
    extra = md_text(str(item.get("speaker") or item.get("unit") or item.get("kind") or ""))
    return f"{text} ({extra})" if extra else text


def report_data(result: EvalResult, cases_dir: Path) -> dict[str, Any]:
    """``report.json``: every case, field, matched pair, miss and false positive."""
    gold = {case.id: gold_items(case) for case in result.cases}
    titles = {case.id: case.gold.meta.title for case in result.cases}
    variants = []
    for run, summary in zip(result.runs, result.summaries, strict=True):
        variants.append(
            {
                "label": summary.label,
                "provider": run.provider,
                "model": run.model,
                "prompt_id": run.variant.prompt.id,
                "prompt_sha256": run.variant.prompt.sha256,
                "score": summary.score,
                "fields": summary.fields,
                "tokens": summary.tokens,
                "cost_usd": summary.cost_usd,
                "latency_s": summary.latency_s,
                "cache_hits": summary.cache_hits,
                "cases": [
                    {
                        "id": cid,
                        "title": titles[cid],
                        **_case_summary_data(case),
                        "runs": [_run_data(r, gold[cid]) for r in run.runs[cid]],
                    }
                    for cid, case in summary.cases.items()
                ],
            }
        )
    return {
        "format": REPORT_FORMAT,
        "created_at": result.created_at.isoformat(timespec="seconds"),
        "git_commit": result.git_commit,
        "cases_dir": str(cases_dir),
        "variants": variants,
        "comparisons": [_comparison_data(c) for c in result.comparisons],
        "gate": _gate_data(result.gate),
        "worst_misses": [
            {
                "case": m.case_id,
                "field": m.field,
                "why": m.why,
                "cost": m.cost,
                "item": describe(m.item),
            }
            for m in result.worst
        ],
        "gold_problems": [str(p) for p in result.problems],
        "fault_injection": _faults_data(result),
    }


def _case_summary_data(case: CaseSummary) -> dict[str, Any]:
    return {
        "headline": case.headline,
        "headline_sd": case.headline_sd,
        "headline_min": case.headline_min,
        "headline_max": case.headline_max,
        "schema_valid": case.schema_valid,
        "grounding_rate": case.grounding_rate,
        "fields": case.fields,
        "errors": case.errors,
        "tokens": case.tokens,
        "cost_usd": case.cost_usd,
        "latency_s": case.latency_s,
        "cache_hits": case.cache_hits,
    }


def _run_data(run: CaseRun, gold: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "repeat": run.repeat,
        "headline": run.headline,
        "error": run.error,
        "schema_valid": run.schema_valid,
        "schema_errors": run.schema_errors,
        "grounding_rate": run.grounding_rate,
        "tokens": run.tokens,
        "cost_usd": run.cost_usd,
        "latency_s": run.latency_s,
        "attempts": run.attempts,
        "cache_hits": run.cache_hits,
    }
    if run.brief is not None and run.score is not None:
        data["fields"] = field_details(run.score, brief_items(run.brief), gold)
        data["brief"] = run.brief.model_dump(mode="json")
    return data


def _comparison_data(c: Comparison) -> dict[str, Any]:
    return {
        "base": c.base,
        "other": c.other,
        "mean_delta": c.mean_delta,
        "ci95": list(c.ci),
        "cases": [
            {"id": cid, "base": a, "other": b, "delta": d} for cid, (a, b, d) in c.deltas.items()
        ],
    }


def _gate_data(gate: GateResult | None) -> dict[str, Any] | None:
    if gate is None:
        return None
    return {
        "passed": gate.passed,
        "delta": gate.delta,
        "regressions": gate.regressions,
        "notes": gate.notes,
        **_comparison_data(gate.comparison),
    }


def _faults_data(result: EvalResult) -> dict[str, Any] | None:
    if result.raw is None:
        return None
    final = result.runs[0].runs
    cases: list[dict[str, Any]] = []
    for cid, raw in result.raw.items():
        run = final[cid][0]
        cases.append(
            {
                "id": cid,
                "faults": [
                    {
                        "kind": f.kind,
                        "detail": f.detail,
                        "visible_to_grounding": f.visible,
                    }
                    for f in raw.faults
                ],
                "raw": _score_data(raw.score, raw.grounding_rate),
                "final": _score_data(run.score, run.grounding_rate)
                | {
                    "attempts": run.attempts,
                    "error": run.error,
                    "warnings": run.brief.warnings if run.brief else [],
                },
            }
        )
    return {"cases": cases}


def _score_data(score: CaseScore | None, grounding: float | None) -> dict[str, Any]:
    if score is None:
        return {"headline": 0.0, "grounding_rate": grounding}
    return {
        "headline": score.headline,
        "grounding_rate": grounding,
        **{
            name: {"precision": f.precision, "recall": f.recall, "f1": f.f1, **f.extras}
            for name, f in score.fields.items()
        },
    }


def write_reports(result: EvalResult, out: Path, cases_dir: Path) -> list[Path]:
    """Write ``report.json``, ``report.md`` and ``report.html`` into ``out``."""
    files = {
        "report.json": escape_json_controls(
            json.dumps(report_data(result, cases_dir), indent=2, ensure_ascii=False)
        )
        + "\n",
        "report.md": report_markdown(result),
        "report.html": report_html(result),
    }
    written = []
    for name, text in files.items():
        atomic_write_text(out / name, text)
        written.append(out / name)
    return written
