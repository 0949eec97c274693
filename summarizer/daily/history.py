"""``summarizer runs``: past daily runs from the store, as tables."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
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
        "stories",
        "reused",
        "failed",
        "calls",
        "cost",
        title="Recent daily runs (times in UTC)",
        **_NARROW,
    )
    for run in store.recent_runs(limit):
        table.add_row(
            str(run["id"]),
            run["day"],
            run["started_at"][11:16],
            run["status"],
            str(run["articles"]),
            str(run["reused"]),
            str(run["failed"]),
            str(run["calls"]),
            _cost(run["cost_usd"]),
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
            facts.add_row(label, str(run[key]))
    facts.add_row("cost", _cost(run["cost_usd"]))
    prompts = sorted({c["prompt_id"] for c in run["calls_log"]})
    if prompts:
        facts.add_row("prompt", ", ".join(prompts))
    parts: list[RenderableType] = [Text(f"Run {run_id}", style="bold"), facts]
    if run["failures"]:
        failures = Table("source", "stage", "reason", title="Failures", **_NARROW)
        for f in run["failures"]:
            failures.add_row(f["source"], f["stage"], f["reason"])
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
            str(n),
            c["time"][11:19],
            c["model"],
            c["text_sha256"][:8],
            str(c["attempts"]),
            f"{c['total_tokens']:,}",
            _cost(c["cost_usd"]),
            f"{c['latency_s']:.2f}",
            c["outcome"],
        )
        if c["error"]:
            errors.append(Text(f"#{n}: {c['error']}"))
    return Group(table, *errors)
