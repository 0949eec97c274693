"""``summarizer batches``: the store's batches as tables.

Every cell is plain text on one line without control characters (a job's label
holds a folder name, an error comes from the API).
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..safe_text import one_line
from .records import BatchLog, BatchRow

_NARROW: dict[str, Any] = {"box": box.SIMPLE_HEAD, "pad_edge": False, "collapse_padding": True}
MEMBERS_SHOWN = 50


def _cell(value: Any) -> Text:
    return Text(one_line("" if value is None else str(value)))


def _when(stamp: str | None) -> str:
    """``MM-DD HH:MM`` of a stored time."""
    return stamp[5:16].replace("T", " ") if stamp else ""


def batches_table(log: BatchLog, limit: int) -> Table:
    """The latest ``limit`` batches: ids, status, counts, job (times in UTC; `show` has
    the rest)."""
    table = Table(title="Batches (newest first, times in UTC)", **_NARROW)
    table.add_column("#", no_wrap=True)
    table.add_column("batch", overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("req", justify="right", no_wrap=True)
    table.add_column("ok", justify="right", no_wrap=True)
    table.add_column("failed", justify="right", no_wrap=True)
    table.add_column("created", no_wrap=True)
    table.add_column("job", overflow="fold")
    jobs: dict[int, str] = {}
    for row in log.batches(limit=limit):
        if row.job_id not in jobs:
            job = log.job(row.job_id)
            jobs[row.job_id] = job.label if job else "?"
        table.add_row(
            *map(
                _cell,
                (
                    row.id,
                    row.batch_id or "-",
                    _status(row),
                    row.requests,
                    row.completed,
                    row.failed,
                    _when(row.created_at),
                    jobs[row.job_id],
                ),
            )
        )
    return table


def _status(row: BatchRow) -> str:
    if row.state in ("submitted", "collected"):
        return row.status or row.state
    return row.state


def batch_details(log: BatchLog, ref: str) -> RenderableType:
    """One batch: its ids, files, job, times, and its requests (custom_id, article, state).

    Raises:
        UsageError: there is no such batch.
    """
    row = log.batch(ref)
    if row is None:
        raise UsageError(f"no batch {ref!r} in the store (see `summarizer batches list`)")
    job = log.job(row.job_id)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(no_wrap=True)
    facts.add_column(overflow="fold")
    rows = [
        ("batch id", row.batch_id),
        ("store number", row.id),
        ("job", job.label if job else None),
        ("model", job.model if job else None),
        ("state in the store", row.state),
        ("API status", row.status),
        ("requests", row.requests),
        ("answered / failed", f"{row.completed} / {row.failed}"),
        ("input file", row.input_file_id),
        ("output file", row.output_file_id),
        ("error file", row.error_file_id),
        ("bytes", f"{row.bytes:,}"),
        ("token (metadata)", row.token),
        ("created", row.created_at),
        ("submitted", row.submitted_at),
        ("ended", row.ended_at),
        ("collected", row.collected_at),
        ("error", row.error),
    ]
    for label, value in rows:
        if value is not None:
            facts.add_row(label, _cell(value))
    members = log.members(row)
    requests = Table(
        "custom_id", "article", "state now", "sent", "error", title="Requests", **_NARROW
    )
    for member in members[:MEMBERS_SHOWN]:
        requests.add_row(
            *map(
                _cell,
                (
                    member["custom_id"],
                    (member["article_key"] or "")[:16],
                    member["state"],
                    member["submissions"],
                    member["error"],
                ),
            )
        )
    parts: list[RenderableType] = [Text(f"Batch {row.name}", style="bold"), facts, requests]
    if len(members) > MEMBERS_SHOWN:
        parts.append(Text(f"and {len(members) - MEMBERS_SHOWN} more requests"))
    return Group(*parts)
