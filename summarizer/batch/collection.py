"""Collecting a batch: its status, and once it has ended, its output and error files.

The files are downloaded next to the store (the download refused past a size a
batch of that many requests can legitimately have), read line by line as
untrusted input (:mod:`summarizer.batch.results`) and stored in one transaction
with the batch marked collected; a kill before that transaction only means the
next run downloads them again.
"""

from __future__ import annotations

from pathlib import Path

from openai.types import Batch

from . import checkpoints
from .records import BatchLog, BatchRow, Job
from .remote import TERMINAL, BatchAPI
from .results import batch_errors, read_lines, unanswered
from .submission import stamp


def ended(batch: Batch) -> int | None:
    """When ``batch`` reached its final status, by the API's clock."""
    return batch.completed_at or batch.expired_at or batch.cancelled_at or batch.failed_at


class Collector:
    """Reads ended batches of one store's jobs; answers up to ``max_response_bytes`` each."""

    def __init__(self, log: BatchLog, folder: Path, max_response_bytes: int):
        self.log = log
        self.folder = folder
        self.max_response_bytes = max_response_bytes

    async def refresh(self, job: Job, api: BatchAPI, row: BatchRow) -> None:
        """Ask for ``row``'s status; read its files once it has ended."""
        assert row.batch_id is not None
        batch = await api.retrieve(row.batch_id)
        counts = batch.request_counts
        completed = counts.completed if counts else row.completed
        failed = counts.failed if counts else row.failed
        row = self.log.update_batch(row, status=batch.status, completed=completed, failed=failed)
        if batch.status not in TERMINAL:
            return
        limit = self.max_response_bytes + 65_536
        members = {m["custom_id"] for m in self.log.members(row)}
        paths: list[Path] = []
        try:
            for file_id in (batch.output_file_id, batch.error_file_id):
                if file_id:
                    path = self.folder / f"job{job.id}-{row.token}-{file_id}.out"
                    paths.append(path)
                    await api.download(file_id, path, row.requests * limit + 1_000_000)
            checkpoints.checkpoint("downloaded")
            errors = batch_errors(batch.errors)
            lines = [line for path in paths for line in read_lines(path, members, limit)]
            self.log.record_lines(
                row,
                lines,
                unanswered(batch.status, errors),
                status=batch.status,
                output_file_id=batch.output_file_id,
                error_file_id=batch.error_file_id,
                ended_at=stamp(ended(batch)),
                error=errors,
            )
        finally:
            for path in paths:
                path.unlink(missing_ok=True)
