"""A brief as Markdown a person reads: summary, actors, quotes, figures, claims."""

from __future__ import annotations

from .schema import Brief


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def brief_to_markdown(brief: Brief) -> str:
    """Markdown for one brief, with each claim's source named."""
    names = {a.id: a.name for a in brief.actors}
    title = brief.article.title or "Article brief"
    lines = [f"# {title}", ""]
    meta = [x for x in (brief.article.published, brief.article.url) if x]
    if meta:
        lines += [" · ".join(meta), ""]
    lines += [brief.summary or "_No summary._", ""]
    if brief.actors:
        lines += ["## Actors", ""]
        for a in brief.actors:
            role = f", {a.role}" if a.role else ""
            aka = f" (also: {', '.join(a.aliases)})" if a.aliases else ""
            lines.append(f"- **{a.name}**{role} — {a.kind}{aka}")
        lines.append("")
    if brief.quotes:
        lines += ["## Quotes", ""]
        for q in brief.quotes:
            who = q.speaker_name or (names.get(q.speaker or "") or "unattributed")
            lines.append(f"> “{' '.join(q.text.split())}”")
            lines.append(f">\n> — {who}")
            lines.append("")
    if brief.numbers:
        lines += ["## Figures", "", "| figure | value | what |", "|---|---|---|"]
        for f in brief.numbers:
            value = f"{f.value:,.0f}" if f.value.is_integer() else f"{f.value:,}"
            qualifier = "" if f.qualifier == "exact" else f"{f.qualifier} "
            lines.append(
                f"| {_cell(f.text)} | {qualifier}{value} {_cell(f.unit)} | {_cell(f.what)} |"
            )
        lines.append("")
    if brief.claims:
        lines += ["## Claims", ""]
        for c in brief.claims:
            source = f" — *according to {names[c.source]}*" if c.source else ""
            lines.append(f"- {c.text}{source}")
        lines.append("")
    if brief.warnings:
        lines += ["## Warnings", ""]
        lines += [f"- {w}" for w in brief.warnings]
        lines.append("")
    p = brief.provenance
    cost = f", ${p.cost_usd:.4f}" if p.cost_usd else ""
    lines.append(
        f"<sub>{p.provider} · {p.model} · {p.prompt_id} · {p.usage.total_tokens} tokens{cost}</sub>"
    )
    return "\n".join(lines) + "\n"
