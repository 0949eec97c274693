"""``brief.md``: the day's brief to paste into email or chat.

Top stories with a one-line summary, then who said what, then key figures; every
item links to its source when the source has an http(s) URL. All text is escaped,
so nothing a feed or a model writes can become markup, a link or an image.
"""

from __future__ import annotations

from ..safe_text import md_link, md_text
from .model import DailyBrief

# Short enough for an email; brief.html has every item.
SPEAKERS = 10
QUOTES_PER_SPEAKER = 2
QUOTE_CHARS = 200
FIGURES_PER_STORY = 2


def inline(text: str, limit: int | None = None) -> str:
    """``text`` on one line, cut to ``limit`` characters, Markdown markup escaped."""
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return md_text(text)


def daily_markdown(brief: DailyBrief) -> str:
    """The Markdown of ``brief``."""
    t = brief.totals
    lines = [f"# Daily brief: {brief.date.isoformat()}", ""]
    lines += [
        f"{t.articles} stories from {t.sources} articles · {t.failed} failed · "
        f"{t.usage.total_tokens:,} tokens · ${t.cost_usd:.4f}",
        "",
    ]

    def source(article_id: str) -> str:
        story = brief.story_of(article_id)
        return md_link(story.title, story.link)

    if brief.stories:
        lines += ["## Top stories", ""]
        for n, story in enumerate(brief.stories, 1):
            copies = f" _({len(story.sources)} sources)_" if len(story.sources) > 1 else ""
            summary = inline(story.summary) or "_No summary._"
            lines.append(f"{n}. **{source(story.article_id)}**: {summary}{copies}")
        lines.append("")
    attributed = [group for group in brief.quotes if group.speaker is not None]
    if attributed:
        lines += ["## Who said what", ""]
        for group in attributed[:SPEAKERS]:
            lines.append(f"**{inline(group.name)}**")
            lines.append("")
            for quote in group.quotes[:QUOTES_PER_SPEAKER]:
                lines.append(f"- “{inline(quote.text, QUOTE_CHARS)}” ({source(quote.article_id)})")
            if len(group.quotes) > QUOTES_PER_SPEAKER:
                lines.append(f"- _and {len(group.quotes) - QUOTES_PER_SPEAKER} more_")
            lines.append("")
        if len(attributed) > SPEAKERS:
            lines += [f"_{len(attributed) - SPEAKERS} more speakers in brief.html_", ""]
    if brief.figures:
        lines += ["## Key figures", ""]
        shown: dict[str, int] = {}
        for figure in brief.figures:
            shown[figure.article_id] = shown.get(figure.article_id, 0) + 1
            if shown[figure.article_id] <= FIGURES_PER_STORY:
                lines.append(
                    f"- **{inline(figure.text)}**: {inline(figure.what)} "
                    f"({source(figure.article_id)})"
                )
        lines.append("")
    if brief.failures:
        lines += [f"## Not included ({len(brief.failures)})", ""]
        lines += [f"- {inline(f.source)}: {inline(f.reason)}" for f in brief.failures]
        lines.append("")
    lines.append(
        f"<sub>{inline(brief.provider)} · {inline(brief.model)} · {inline(brief.prompt_id)} · "
        f"run {brief.run_id}</sub>"
    )
    return "\n".join(lines) + "\n"
