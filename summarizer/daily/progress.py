"""What a daily run shows while it works: a rich progress bar on a terminal, plain
log lines (one per article and a summary) under cron or with ``--quiet``.

Titles, sources and reasons come from feeds and pages: they are printed as plain
text (never as Rich markup), on one line, without control characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from ..safe_text import one_line
from .model import Failure


def _failed(what: str, reason: str | None) -> Text:
    return Text.assemble(("failed", "red"), f" {one_line(what)}: {one_line(reason)}")


@dataclass(frozen=True)
class ArticleEvent:
    """One article finished: summarised now, reused from the store, or failed."""

    title: str
    outcome: Literal["summarised", "reused", "failed"]
    reason: str | None = None
    tokens: int = 0
    cost_usd: float = 0.0


class Reporter:
    """Receives the run's progress; this base class shows nothing."""

    def reading(self, sources: int) -> None:
        """Reading ``sources`` sources (files, folders, feeds, pages) begins."""

    def source_failed(self, failure: Failure) -> None:
        """A source could not be read, fetched or parsed."""

    def start(self, total: int) -> None:
        """Summarising begins: ``total`` distinct articles."""

    def article(self, event: ArticleEvent, failed: int, spent_usd: float) -> None:
        """One article is done; ``failed`` and ``spent_usd`` are the run's totals so far."""

    def writing_summaries(self, total: int) -> None:
        """The model writes the summaries of ``total`` stories."""

    def warning(self, text: str) -> None:
        """Something was not done as asked; the run goes on."""

    def finish(self, summary: str) -> None:
        """The run is over; ``summary`` is its one-line summary."""

    def abort(self) -> None:
        """The run stopped on an error (reported by the caller)."""


class PlainReporter(Reporter):
    """Timestamped log lines: one per article and failed source, then the summary."""

    def __init__(self, console: Console):
        self.console = console
        self.total = 0
        self.done = 0

    def _line(self, text: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self.console.print(Text(f"{stamp} {text}"), highlight=False, soft_wrap=True)

    def source_failed(self, failure: Failure) -> None:
        self._line(f"failed      {one_line(failure.source)}: {one_line(failure.reason)}")

    def start(self, total: int) -> None:
        self.total = total

    def article(self, event: ArticleEvent, failed: int, spent_usd: float) -> None:
        self.done += 1
        width = len(str(self.total))
        title = one_line(event.title)
        head = f"[{self.done:>{width}}/{self.total}] {event.outcome:<10}  {title}"
        if event.outcome == "failed":
            self._line(f"{head}: {one_line(event.reason)}")
        elif event.outcome == "summarised":
            self._line(f"{head} ({event.tokens:,} tokens, ${event.cost_usd:.4f})")
        else:
            self._line(head)

    def writing_summaries(self, total: int) -> None:
        self._line(f"writing     {total} story summaries")

    def warning(self, text: str) -> None:
        self._line(f"warning     {one_line(text)}")

    def finish(self, summary: str) -> None:
        self._line(one_line(summary))


class ProgressBarReporter(Reporter):
    """A rich progress bar with articles done, failures and cost so far."""

    def __init__(self, console: Console):
        self.console = console
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("· {task.fields[failed]} failed · ${task.fields[cost]:.4f}"),
            TimeElapsedColumn(),
            console=console,
        )
        self.task = self.progress.add_task("reading", total=None, failed=0, cost=0.0)

    def reading(self, sources: int) -> None:
        self.progress.update(self.task, description=f"reading {sources} sources")
        self.progress.start()

    def source_failed(self, failure: Failure) -> None:
        self.console.print(_failed(failure.source, failure.reason), highlight=False, soft_wrap=True)

    def start(self, total: int) -> None:
        self.progress.update(self.task, description="summarising", total=total)
        self.progress.start()

    def article(self, event: ArticleEvent, failed: int, spent_usd: float) -> None:
        if event.outcome == "failed":
            self.progress.console.print(
                _failed(event.title, event.reason), highlight=False, soft_wrap=True
            )
        self.progress.update(self.task, advance=1, failed=failed, cost=spent_usd)

    def writing_summaries(self, total: int) -> None:
        self.progress.update(self.task, description=f"writing {total} story summaries")

    def warning(self, text: str) -> None:
        self.progress.console.print(
            Text.assemble(("warning", "yellow"), f" {one_line(text)}"), highlight=False
        )

    def finish(self, summary: str) -> None:
        self.progress.stop()
        self.console.print(Text(one_line(summary)), highlight=False, soft_wrap=True)

    def abort(self) -> None:
        self.progress.stop()


def reporter_for(console: Console, quiet: bool) -> Reporter:
    """A progress bar when ``console`` is a terminal, else (or with ``quiet``) log lines."""
    if console.is_terminal and not quiet:
        return ProgressBarReporter(console)
    return PlainReporter(console)
