"""The eval's results as tables: the console and ``report.md`` and ``report.html`` show them."""

from __future__ import annotations

from dataclasses import dataclass

from ..safe_text import md_text
from .result import EvalResult
from .scoring import CaseScore
from .summary import CaseSummary, Comparison, VariantSummary


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
