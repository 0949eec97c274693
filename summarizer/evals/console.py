"""What ``summarizer eval`` prints: progress while running, then tables, misses, the verdict."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table as RichTable

from .cases import Case, GoldProblem
from .runner import CaseRun, Variant
from .scoring import label
from .summary import EvalResult, GateResult, markdown_table, tables


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
            self._progress.update(self._task, advance=1, description=escape(line))
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
