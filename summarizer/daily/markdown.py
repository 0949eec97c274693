"""``brief.md``: the day's brief to paste into email or chat.

The ranked stories (as many as the page shows), each with its outlets, its
summary, the reports that disagree, and its first quotes, figures and claims;
a story's title links to it when it has an http(s) URL. Speakers, figures and
conflicts follow the page's rules (:mod:`summarizer.daily.page`). All text is
escaped, so nothing a feed or a model writes can become markup, a link or an image.
"""

from __future__ import annotations

from ..safe_text import md_link, md_text
from .model import DailyBrief, DailyStory
from .page import Clash, Figure, figures_of

# Short enough for an email; brief.html has every item.
QUOTES_PER_STORY = 2
FIGURES_PER_STORY = 2
CLAIMS_PER_STORY = 3
TEXT_CHARS = 200
_INDENT = "   "


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
        f"{t.stories} stories from {t.articles} articles · {t.failed} failed · "
        f"{t.usage.total_tokens:,} tokens · ${t.cost_usd:.4f}",
        "",
    ]
    shown = brief.page_stories
    if shown:
        lines += ["## Top stories", ""]
        for n, story in enumerate(shown, 1):
            lines += _story(n, story)
        if len(brief.stories) > len(shown):
            lines += [f"_{len(brief.stories) - len(shown)} more stories in brief.json_", ""]
    if brief.warnings:
        lines += [f"## Notes ({len(brief.warnings)})", ""]
        lines += [f"- {inline(w)}" for w in brief.warnings]
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


def _story(n: int, story: DailyStory) -> list[str]:
    count = len(story.articles)
    cover = f"{', '.join(map(inline, story.outlets))} · {count} article{'s' if count > 1 else ''}"
    lines = [f"{n}. **{md_link(story.title, story.link)}** · {cover}"]
    if story.summary is not None:
        lines.append(f"{_INDENT}{inline(story.summary.text)}")
    items = [clash_line(f, clash) for f in figures_of(story) for clash in f.clashes]
    quotes = [(g.name, q) for g in story.page_quotes() for q in g.quotes][:QUOTES_PER_STORY]
    items += [
        f"{inline(name)}: “{inline(q.text, TEXT_CHARS)}” ({', '.join(map(inline, q.outlets))})"
        for name, q in quotes
    ]
    for line in [f for f in story.page_figures() if not f.conflict][:FIGURES_PER_STORY]:
        first = line.reports[0]
        items.append(f"**{inline(first.text)}**: {inline(line.what)} ({inline(first.outlet)})")
    items += [
        f"{inline(c.text, TEXT_CHARS)} ({', '.join(map(inline, c.outlets))})"
        for c in story.claims[:CLAIMS_PER_STORY]
    ]
    lines += [f"{_INDENT}- {item}" for item in items]
    lines.append("")
    return lines


def clash_line(figure: Figure, clash: Clash) -> str:
    """One line saying which reports of ``figure`` disagree (Markdown)."""
    a, b = clash.first, clash.second
    if clash.same_article:
        return (
            f"**One article gives different values** for {inline(figure.label)}: "
            f"{inline(a.text)} vs {inline(b.text)} ({inline(a.note)})"
        )
    return (
        f"**Reports disagree** on {inline(figure.label)}: {inline(a.text)} ({inline(a.note)}) "
        f"vs {inline(b.text)} ({inline(b.note)})"
    )
