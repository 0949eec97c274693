"""A brief as Markdown a person reads: summary, actors, quotes, figures, claims.

Every piece of text comes from an article or a model, so all of it is escaped
(:func:`~summarizer.safe_text.md_text`) and the article's URL is a link only when
it is http(s): the Markdown cannot carry HTML, links or images of its own.
"""

from __future__ import annotations

from .safe_text import md_block, md_link, md_text
from .schema import Brief


def brief_to_markdown(brief: Brief) -> str:
    """Markdown for one brief, with each claim's source named."""
    names = {a.id: a.name for a in brief.actors}
    title = md_text(brief.article.title) or "Article brief"
    lines = [f"# {title}", ""]
    meta = [md_text(brief.article.published)] if brief.article.published else []
    if brief.article.url:
        meta.append(md_link(brief.article.url, brief.article.url))
    if meta:
        lines += [" · ".join(meta), ""]
    lines += [md_block(brief.summary) or "_No summary._", ""]
    if brief.actors:
        lines += ["## Actors", ""]
        for a in brief.actors:
            role = f", {md_text(a.role)}" if a.role else ""
            aka = f" (also: {', '.join(md_text(x) for x in a.aliases)})" if a.aliases else ""
            lines.append(f"- **{md_text(a.name)}**{role} — {a.kind}{aka}")
        lines.append("")
    if brief.quotes:
        lines += ["## Quotes", ""]
        for q in brief.quotes:
            who = q.speaker_name or (names.get(q.speaker or "") or "unattributed")
            lines.append(f"> “{md_text(q.text)}”")
            lines.append(f">\n> — {md_text(who)}")
            lines.append("")
    if brief.numbers:
        lines += ["## Figures", "", "| figure | value | what |", "|---|---|---|"]
        for f in brief.numbers:
            value = f"{f.value:,.0f}" if f.value.is_integer() else f"{f.value:,}"
            qualifier = "" if f.qualifier == "exact" else f"{f.qualifier} "
            lines.append(
                f"| {md_text(f.text)} | {qualifier}{value} {md_text(f.unit)} | {md_text(f.what)} |"
            )
        lines.append("")
    if brief.claims:
        lines += ["## Claims", ""]
        for c in brief.claims:
            source = f" — *according to {md_text(names[c.source])}*" if c.source else ""
            lines.append(f"- {md_text(c.text)}{source}")
        lines.append("")
    if brief.warnings:
        lines += ["## Warnings", ""]
        lines += [f"- {md_text(w)}" for w in brief.warnings]
        lines.append("")
    p = brief.provenance
    cost = f", ${p.cost_usd:.4f}" if p.cost_usd else ""
    lines.append(
        f"<sub>{md_text(p.provider)} · {md_text(p.model)} · {md_text(p.prompt_id)} · "
        f"{p.usage.total_tokens} tokens{cost}</sub>"
    )
    return "\n".join(lines) + "\n"
