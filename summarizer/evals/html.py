"""``report.html``: one self-contained page (inline CSS, no scripts or external assets).

Per case: the article with quotes, figures and claim evidence highlighted, the
gold brief and each variant's prediction side by side; matches, misses, wrong
speakers and false positives are marked, and every predicted item links to its
evidence in the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..highlight import highlighted
from .cases import Case, FigureItem, Items, QuoteItem, SpanT, brief_items, gold_items
from .runner import CaseRun
from .scoring import FIELDS, CaseScore, Item, label
from .summary import EvalResult, Table, tables

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1600px;padding:1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f2f2f2}
details{border:1px solid #ddd;border-radius:4px;margin:.6em 0;padding:.3em .8em}
summary{cursor:pointer;font-weight:600}
.grid{display:grid;grid-template-columns:minmax(0,2fr) repeat(var(--cols),minmax(0,1fr));gap:1em}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
.article{white-space:pre-wrap;font-family:Georgia,serif;font-size:14px;max-height:80vh;overflow:auto;
 border:1px solid #eee;padding:.5em}
ul{padding-left:1.1em;margin:.2em 0 .8em}
li{margin:.15em 0}
li a{color:inherit}
.hit{color:#17692b}.miss{color:#b00020;font-weight:600}.fp{color:#b35900;font-weight:600}
.warn{color:#7a5a00;font-weight:600}
.mark{font-size:11px;border-radius:3px;padding:0 3px;margin-right:3px;color:#fff}
.mark.hit{background:#17692b}.mark.miss{background:#b00020}.mark.fp{background:#b35900}
.mark.warn{background:#a07800}
.g-quote{text-decoration:underline dashed #555}
.p-quote{background:#fff2a8}.p-num{outline:1px solid #1f5fbf;background:#e3edff}
.p-evidence{background:#e9f7ee}
:target{box-shadow:0 0 0 3px #ff4081}
.legend span{margin-right:1em}
.verdict-pass{color:#17692b}.verdict-fail{color:#b00020}
"""


def report_html(result: EvalResult) -> str:
    """The whole page."""
    body = [
        f"<h1>Eval report</h1><p>{escape(result.created_at.isoformat(timespec='seconds'))}"
        f" \u00b7 commit {escape(result.git_commit or 'unknown')} \u00b7 "
        f"{len(result.cases)} cases</p>"
    ]
    if result.gate is not None:
        gate = result.gate
        css = "verdict-pass" if gate.passed else "verdict-fail"
        lines = "".join(f"<li>{escape(r)}</li>" for r in gate.regressions + gate.notes)
        body.append(
            f"<h2 class='{css}'>Regression gate: {'passed' if gate.passed else 'FAILED'}"
            f"</h2><ul>{lines}</ul>"
        )
    body += [_table(t) for t in tables(result)]
    if result.worst:
        body.append(
            "<h2>Worst misses</h2><ul>"
            + "".join(
                f"<li class='miss'>{escape(m.case_id)} \u00b7 {escape(m.field)} ({escape(m.why)}): "
                f"{escape(label(m.item))}</li>"
                for m in result.worst
            )
            + "</ul>"
        )
    if result.problems:
        body.append(
            "<h2>Gold problems</h2><ul>"
            + "".join(f"<li>{escape(str(p))}</li>" for p in result.problems)
            + "</ul>"
        )
    body.append(
        "<h2>Cases</h2><p class='legend'><span class='g-quote'>gold quote</span>"
        "<span class='p-quote'>predicted quote</span><span class='p-num'>predicted figure</span>"
        "<span class='p-evidence'>claim evidence</span> \u00b7 "
        "<span class='mark hit'>ok</span>matched <span class='mark miss'>miss</span>gold not "
        "found <span class='mark warn'>speaker</span>wrong speaker "
        "<span class='mark fp'>extra</span>false positive</p>"
    )
    for n, case in enumerate(result.cases):
        body.append(_case_section(n, case, result))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>Eval report</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<h2>{escape(table.title)}</h2><table><tr>{head}</tr>{rows}</table>"


def _case_section(n: int, case: Case, result: EvalResult) -> str:
    gold = gold_items(case)
    firsts = [(run.variant.label, run.runs[case.id][0]) for run in result.runs]
    scores = " \u00b7 ".join(f"{escape(name)} {run.headline:.3f}" for name, run in firsts)
    predicted = firsts[0][1]
    pred_items = brief_items(predicted.brief) if predicted.brief else None
    spans: list[tuple[SpanT, str, str]] = [(s, "g-quote", "") for q in gold.quotes for s in q.spans]
    if pred_items is not None:
        spans += _predicted_spans(n, pred_items)
    columns = [_gold_column(gold, firsts[0][1].score)]
    columns += [
        _predicted_column(n if k == 0 else None, name, run) for k, (name, run) in enumerate(firsts)
    ]
    return (
        f"<details><summary>{escape(case.id)} \u2014 {escape(case.gold.meta.title)} "
        f"({scores})</summary><div class='grid' style='--cols:{len(columns)}'>"
        f"<div class='article'>{highlighted(case.text, spans)}</div>{''.join(columns)}"
        "</div></details>"
    )


def _predicted_spans(n: int, items: Items) -> list[tuple[SpanT, str, str]]:
    out: list[tuple[SpanT, str, str]] = []
    located: list[tuple[str, str, Sequence[QuoteItem | FigureItem]]] = [
        ("q", "p-quote", items.quotes),
        ("f", "p-num", items.figures),
    ]
    for kind, css, group in located:
        for i, item in enumerate(group):
            out += [(s, css, f"c{n}-{kind}{i}") for s in item.spans[:1]]
    for i, claim in enumerate(items.claims):
        out += [
            (s, "p-evidence", f"c{n}-c{i}" if k == 0 else "") for k, s in enumerate(claim.evidence)
        ]
    return out


def _mark(css: str, text: str) -> str:
    return f"<span class='mark {css}'>{text}</span>"


def _gold_column(gold: Items, score: CaseScore | None) -> str:
    lists: dict[str, Sequence[Item]] = {
        "actors": gold.actors,
        "quotes": gold.quotes,
        "numbers": gold.figures,
        "claims": gold.claims,
    }
    parts = ["<div><h3>Gold</h3>"]
    for name in FIELDS:
        field = score.fields[name] if score else None
        matched = {p.gold for p in field.pairs} if field else set()
        strict = {p.gold for p in field.pairs if p.agrees is not False} if field else set()
        items = []
        for j, item in enumerate(lists[name]):
            if j not in matched:
                css, mark = "miss", "miss"
            elif name == "quotes" and j not in strict:
                css, mark = "warn", "speaker"
            else:
                css, mark = "hit", "ok"
            items.append(f"<li class='{css}'>{_mark(css, mark)}{escape(label(item))}</li>")
        parts.append(f"<h4>{name} ({len(items)})</h4><ul>{''.join(items)}</ul>")
    return "".join(parts) + "</div>"


def _predicted_column(n: int | None, name: str, run: CaseRun) -> str:
    head = f"<div><h3>Prediction: {escape(name)}</h3>"
    if run.brief is None or run.score is None:
        return head + f"<p class='miss'>failed: {escape(run.error or 'no brief')}</p></div>"
    items = brief_items(run.brief)
    lists: dict[str, tuple[str, Sequence[Item]]] = {
        "actors": ("a", items.actors),
        "quotes": ("q", items.quotes),
        "numbers": ("f", items.figures),
        "claims": ("c", items.claims),
    }
    parts = [head, f"<p>{escape(run.brief.summary)}</p>"]
    for field_name in FIELDS:
        kind, group = lists[field_name]
        matched = {p.predicted for p in run.score.fields[field_name].pairs}
        rows = []
        for i, item in enumerate(group):
            css, mark = ("hit", "ok") if i in matched else ("fp", "extra")
            text = escape(label(item))
            if n is not None and kind != "a":
                text = f"<a href='#c{n}-{kind}{i}'>{text}</a>"
            rows.append(f"<li class='{css}'>{_mark(css, mark)}{text}</li>")
        parts.append(f"<h4>{field_name} ({len(rows)})</h4><ul>{''.join(rows)}</ul>")
    if run.brief.warnings:
        parts.append(
            "<h4>warnings</h4><ul>"
            + "".join(f"<li>{escape(w)}</li>" for w in run.brief.warnings)
            + "</ul>"
        )
    return "".join(parts) + "</div>"
