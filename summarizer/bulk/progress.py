"""What a bulk run shows while it works: a rich progress bar on a terminal, a
one-line status every so often otherwise (cron, CI, a log file)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn


@dataclass
class Tally:
    """Counts of a run so far; ``read`` and ``size`` measure the input (``unit``)."""

    resumed: int = 0
    briefs: int = 0
    errors: int = 0
    read: int = 0
    size: int = 0
    unit: str = "bytes"
    started: float = field(default_factory=time.monotonic)

    @property
    def written(self) -> int:
        """Rows written by this run."""
        return self.briefs + self.errors

    @property
    def rate(self) -> float:
        """Rows written per second by this run."""
        elapsed = time.monotonic() - self.started
        return self.written / elapsed if elapsed > 0 else 0.0

    def read_share(self) -> float:
        return min(1.0, self.read / self.size) if self.size else 1.0

    def status(self) -> str:
        """One line: what is done, how fast, how far through the input."""
        return (
            f"{self.written:,} written ({self.briefs:,} briefs, {self.errors:,} errors), "
            f"{self.rate:,.1f}/s, input {self.read_share():.0%} read"
            + (f", {self.resumed:,} done before" if self.resumed else "")
        )


class Reporter:
    """Receives the run's progress; this base class shows nothing."""

    def start(self, tally: Tally) -> None:
        """The run begins (``tally.resumed`` rows were written by earlier runs)."""

    def update(self, tally: Tally) -> None:
        """Rows were written."""

    def finish(self, tally: Tally, summary: str) -> None:
        """The run is over (``summary`` is one line), or stopped."""


class StatusLines(Reporter):
    """A timestamped status line at the start, every ``every`` seconds and at the end."""

    def __init__(self, console: Console, every: float = 10.0):
        self.console = console
        self.every = every
        self._next = 0.0

    def _line(self, text: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self.console.print(f"{stamp} bulk: {text}", markup=False, highlight=False, soft_wrap=True)

    def start(self, tally: Tally) -> None:
        self._next = time.monotonic() + self.every
        if tally.resumed:
            self._line(f"resuming: {tally.resumed:,} records already have a row")

    def update(self, tally: Tally) -> None:
        if time.monotonic() >= self._next:
            self._next = time.monotonic() + self.every
            self._line(tally.status())

    def finish(self, tally: Tally, summary: str) -> None:
        self._line(summary)


class ProgressBar(Reporter):
    """A rich progress bar over the input read, with rows written, errors and rate."""

    def __init__(self, console: Console):
        self.console = console
        self.progress = Progress(
            TextColumn("bulk"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task = self.progress.add_task("bulk", total=None, status="starting")

    def start(self, tally: Tally) -> None:
        self.progress.update(self.task, total=tally.size or None, status=tally.status())
        self.progress.start()

    def update(self, tally: Tally) -> None:
        self.progress.update(self.task, completed=tally.read, status=tally.status())

    def finish(self, tally: Tally, summary: str) -> None:
        self.progress.update(self.task, completed=tally.read, status=tally.status())
        self.progress.stop()
        self.console.print(summary, markup=False, highlight=False, soft_wrap=True)


def reporter_for(console: Console, quiet: bool) -> Reporter:
    """A progress bar when ``console`` is a terminal, else (or with ``quiet``) status lines."""
    if console.is_terminal and not quiet:
        return ProgressBar(console)
    return StatusLines(console)
