"""The eval's reports: the report files and what ``summarizer eval`` prints.

* ``report.json`` (everything), ``report.md`` and ``report.html``. Case ids,
  items, errors and warnings come from gold files and model answers: in
  ``report.md`` all of them are escaped Markdown text (no HTML, links or images).
* ``report.html`` is one self-contained page (inline CSS, no scripts or external
  assets), the template ``templates/report.html.j2`` rendered by the escaping
  Jinja environment of :mod:`summarizer.templating`. Per case: the article with
  quotes, figures and claim evidence highlighted, the gold brief and each
  variant's prediction side by side; matches, misses, wrong speakers and false
  positives are marked, and every predicted item links to its evidence in the
  article.
* On the console: progress while running, then tables, misses, the verdict.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from markupsafe import Markup
from rich.console import Console
from rich.markup import escape as rich_markup_escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table as RichTable

from ..files import atomic_write_text
from ..highlight import highlighted
from ..safe_text import escape_json_controls, md_text
from ..schema import Figure, Quote, Span
from ..templating import html_environment
from .cases import Case, GoldProblem, Items, brief_items, gold_items
from .runner import CaseRun, Variant
from .scoring import FIELDS, CaseScore, Item, describe, field_details, label
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


class ProgressReport:
    """A progress bar on a terminal; one plain line per finished case run otherwise."""

    def __init__(self, console: Console, total: int):
        self.console = console
        self.total = total
        self.done = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressReport:
        if self.console.is_terminal:
            self._progress = Progress(
                TextColumn("eval"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=self.total)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, variant: Variant, case: Case, run: CaseRun) -> None:
        self.done += 1
        outcome = f"failed: {run.error}" if run.error else f"headline {run.headline:.3f}"
        line = f"{case.id} [{variant.label}] {outcome}"
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, description=rich_markup_escape(line))
        else:
            say(self.console, f"[{self.done}/{self.total}] {line}")


def say(console: Console, text: str, style: str | None = None) -> None:
    """Print ``text`` as it is: no markup, no highlighting, no wrapping."""
    console.print(text, style=style, markup=False, highlight=False, soft_wrap=True)


def print_problems(console: Console, problems: list[GoldProblem]) -> None:
    """Gold problems, one warning line each."""
    for problem in problems:
        say(console, f"warning: gold: {problem}")


def print_result(console: Console, result: EvalResult) -> None:
    """Every table, the worst misses and the gate's verdict.

    Tables are drawn on a terminal and printed as Markdown elsewhere (CI logs,
    pipes), where a fixed 80-column drawing would cut their cells.
    """
    for table in tables(result):
        if console.is_terminal:
            rich = RichTable(*table.headers, title=table.title, title_justify="left")
            for row in table.rows:
                rich.add_row(*row)
            console.print(rich)
        else:
            say(console, markdown_table(table))
    if result.worst:
        say(console, "Worst misses", style="bold")
        for miss in result.worst:
            say(console, f"  {miss.case_id}  {miss.field} ({miss.why}): {label(miss.item)}")
    if result.gate is not None:
        print_gate(console, result.gate)


def print_gate(console: Console, gate: GateResult) -> None:
    """PASSED or FAILED, then every regression and note on its own line."""
    low, high = gate.comparison.ci
    summary = (
        f"mean headline delta {gate.comparison.mean_delta:+.3f} "
        f"(95% CI {low:+.3f}, {high:+.3f}) over {len(gate.comparison.deltas)} cases"
    )
    if gate.passed:
        say(console, f"regression gate: PASSED, {summary}", style="green")
    else:
        say(
            console,
            f"regression gate: FAILED, {len(gate.regressions)} regressions; {summary}",
            style="bold red",
        )
        for regression in gate.regressions:
            say(console, f"  regressed: {regression}")
    for note in gate.notes:
        say(console, f"  note: {note}")


_ENV = html_environment(Path(__file__).resolve().parent / "templates")


@dataclass(frozen=True)
class Row:
    """One item in a column: its label, its verdict (``css`` and ``mark``), its evidence link."""

    css: str
    mark: str
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Column:
    """The gold brief or one variant's prediction: per field, the items and their verdicts."""

    title: str
    fields: list[tuple[str, list[Row]]]
    error: str | None = None
    summary: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseView:
    """One case's section: the highlighted article beside the gold and prediction columns."""

    id: str
    title: str
    scores: list[tuple[str, float]]
    article: Markup
    columns: list[Column]


def report_html(result: EvalResult) -> str:
    """The whole page."""
    return _ENV.get_template("report.html.j2").render(
        result=result,
        tables=tables(result),
        worst=[(m, label(m.item)) for m in result.worst],
        problems=[str(p) for p in result.problems],
        cases=[_case_view(n, case, result) for n, case in enumerate(result.cases)],
    )


def _case_view(n: int, case: Case, result: EvalResult) -> CaseView:
    gold = gold_items(case)
    firsts = [(run.variant.label, run.runs[case.id][0]) for run in result.runs]
    predicted = firsts[0][1]
    spans = [(_pair(s), "g-quote", "") for q in gold.quotes for s in q.spans]
    if predicted.brief is not None:
        spans += _predicted_spans(n, brief_items(predicted.brief))
    columns = [_gold_column(gold, predicted.score)]
    columns += [
        _predicted_column(n if k == 0 else None, name, run) for k, (name, run) in enumerate(firsts)
    ]
    return CaseView(
        id=case.id,
        title=case.gold.meta.title,
        scores=[(name, run.headline) for name, run in firsts],
        article=Markup(highlighted(case.text, spans)),
        columns=columns,
    )


def _pair(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _predicted_spans(n: int, items: Items) -> list[tuple[tuple[int, int], str, str]]:
    out: list[tuple[tuple[int, int], str, str]] = []
    located: list[tuple[str, str, Sequence[Quote | Figure]]] = [
        ("q", "p-quote", items.quotes),
        ("f", "p-num", items.figures),
    ]
    for kind, css, group in located:
        for i, item in enumerate(group):
            out += [(_pair(s), css, f"c{n}-{kind}{i}") for s in item.spans[:1]]
    for i, claim in enumerate(items.claims):
        out += [
            (_pair(s), "p-evidence", f"c{n}-c{i}" if k == 0 else "")
            for k, s in enumerate(claim.evidence)
        ]
    return out


def _gold_column(gold: Items, score: CaseScore | None) -> Column:
    lists: dict[str, Sequence[Item]] = {
        "actors": gold.actors,
        "quotes": gold.quotes,
        "numbers": gold.figures,
        "claims": gold.claims,
    }
    fields = []
    for name in FIELDS:
        scored = score.fields[name] if score else None
        matched = {p.gold for p in scored.pairs} if scored else set()
        strict = {p.gold for p in scored.pairs if p.agrees is not False} if scored else set()
        rows = []
        for j, item in enumerate(lists[name]):
            if j not in matched:
                css, mark = "miss", "miss"
            elif name == "quotes" and j not in strict:
                css, mark = "warn", "speaker"
            else:
                css, mark = "hit", "ok"
            rows.append(Row(css, mark, label(item)))
        fields.append((name, rows))
    return Column("Gold", fields)


def _predicted_column(n: int | None, name: str, run: CaseRun) -> Column:
    title = f"Prediction: {name}"
    if run.brief is None or run.score is None:
        return Column(title, [], error=run.error or "no brief")
    items = brief_items(run.brief)
    lists: dict[str, tuple[str, Sequence[Item]]] = {
        "actors": ("a", items.actors),
        "quotes": ("q", items.quotes),
        "numbers": ("f", items.figures),
        "claims": ("c", items.claims),
    }
    fields = []
    for field_name in FIELDS:
        kind, group = lists[field_name]
        matched = {p.predicted for p in run.score.fields[field_name].pairs}
        rows = []
        for i, item in enumerate(group):
            css, mark = ("hit", "ok") if i in matched else ("fp", "extra")
            href = f"#c{n}-{kind}{i}" if n is not None and kind != "a" else None
            rows.append(Row(css, mark, label(item), href))
        fields.append((field_name, rows))
    return Column(title, fields, summary=run.brief.summary, warnings=tuple(run.brief.warnings))
