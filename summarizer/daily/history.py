"""``summarizer runs``: past daily runs from the store, as tables.

Every cell is plain text (a source or reason may hold ``[/]`` or escape
sequences from a hostile feed), on one line, without control characters.
A run's provider calls are listed by the title of the article they read; each
one's messages and answer are in ``summarizer logs show ID``.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..logview import call_name, cost_text
from ..logview import cell as _cell
from ..store import Store

_NARROW: dict[str, Any] = {"box": box.SIMPLE_HEAD, "pad_edge": False, "collapse_padding": True}


def _cost(value: float | None) -> str:
    return f"${value or 0.0:.4f}"


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


def find_run(store: Store, run_id: int) -> dict[str, Any]:
    """Run ``run_id`` with its totals, failures and calls.

    Raises:
        UsageError: there is no such run.
    """
    run = store.run(run_id)
    if run is None:
        raise UsageError(f"no run with id {run_id} in {store.path} (see `summarizer runs`)")
    return run


def run_details(store: Store, run_id: int) -> RenderableType:
    """One run: what it did, its failures and each provider call.

    Raises:
        UsageError: there is no run ``run_id``.
    """
    run = find_run(store, run_id)
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
        "article",
        "tries",
        "tokens",
        "cost",
        "secs",
        "outcome",
        title="Provider calls (`summarizer logs show #` shows one)",
        **_NARROW,
    )
    errors = []
    for c in calls:
        table.add_row(
            *map(
                _cell,
                (
                    c["id"],
                    c["time"][11:19],
                    c["model"],
                    call_name(c)[:48],
                    c["attempts"],
                    f"{c['total_tokens']:,}",
                    cost_text(c["cost_usd"]),
                    f"{c['latency_s']:.2f}",
                    c["outcome"],
                ),
            )
        )
        if c["error"]:
            errors.append(_cell(f"#{c['id']}: {c['error']}"))
    return Group(table, *errors)
