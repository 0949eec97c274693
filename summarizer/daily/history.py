"""``summarizer runs``: past daily runs from the store, as tables.

Every cell is plain text (a source or reason may hold ``[/]`` or escape
sequences from a hostile feed), on one line, without control characters.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..safe_text import one_line
from ..store import Store

_NARROW: dict[str, Any] = {"box": box.SIMPLE_HEAD, "pad_edge": False, "collapse_padding": True}


def _cost(value: float | None) -> str:
    return f"${value or 0.0:.4f}"


def _cell(value: Any) -> Text:
    """A table cell showing ``value`` as it is: no markup, no control characters."""
    return Text(one_line(str(value)))


def runs_table(store: Store, limit: int) -> Table:
    """The latest ``limit`` runs with counts, failures and cost (narrow enough for 80 columns)."""
    table = Table(
        "id",
        "day",
        "started",
        "status",
        "articles",
        "reused",
        "failed",
        "calls",
        "cost",
        title="Recent daily runs (times in UTC)",
        **_NARROW,
    )
    for run in store.recent_runs(limit):
        table.add_row(
            *map(
                _cell,
                (
                    run["id"],
                    run["day"],
                    run["started_at"][11:16],
                    run["status"],
                    run["articles"],
                    run["reused"],
                    run["failed"],
                    run["calls"],
                    _cost(run["cost_usd"]),
                ),
            )
        )
    return table


def run_details(store: Store, run_id: int) -> RenderableType:
    """One run: what it did, its failures and each provider call.

    Raises:
        UsageError: there is no run ``run_id``.
    """
    run = store.run(run_id)
    if run is None:
        raise UsageError(f"no run with id {run_id} in {store.path} (see `summarizer runs`)")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(no_wrap=True)
    facts.add_column(overflow="fold")
    for label, key in [
        ("day", "day"),
        ("output", "out_dir"),
        ("status", "status"),
        ("exit code", "exit_code"),
        ("started", "started_at"),
        ("finished", "finished_at"),
        ("provider", "provider"),
        ("model", "model"),
        ("articles", "articles"),
        ("summarised", "summarised"),
        ("reused", "reused"),
        ("failed", "failed"),
        ("provider calls", "calls"),
        ("tokens", "tokens"),
        ("error", "error"),
    ]:
        if run[key] is not None:
            facts.add_row(label, _cell(run[key]))
    facts.add_row("cost", _cost(run["cost_usd"]))
    prompts = sorted({c["prompt_id"] for c in run["calls_log"]})
    if prompts:
        facts.add_row("prompt", _cell(", ".join(prompts)))
    parts: list[RenderableType] = [Text(f"Run {run_id}", style="bold"), facts]
    if run["failures"]:
        failures = Table("source", "stage", "reason", title="Failures", **_NARROW)
        for f in run["failures"]:
            failures.add_row(_cell(f["source"]), _cell(f["stage"]), _cell(f["reason"]))
        parts.append(failures)
    if run["calls_log"]:
        parts.append(_calls_table(run["calls_log"]))
    return Group(*parts)


def _calls_table(calls: list[dict[str, Any]]) -> RenderableType:
    table = Table(
        "#",
        "time",
        "model",
        "text",
        "tries",
        "tokens",
        "cost",
        "secs",
        "outcome",
        title="Provider calls",
        **_NARROW,
    )
    errors = []
    for n, c in enumerate(calls, 1):
        table.add_row(
            *map(
                _cell,
                (
                    n,
                    c["time"][11:19],
                    c["model"],
                    c["text_sha256"][:8],
                    c["attempts"],
                    f"{c['total_tokens']:,}",
                    _cost(c["cost_usd"]),
                    f"{c['latency_s']:.2f}",
                    c["outcome"],
                ),
            )
        )
        if c["error"]:
            errors.append(_cell(f"#{n}: {c['error']}"))
    return Group(table, *errors)
