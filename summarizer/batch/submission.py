"""Submitting a batch, and finding it again after a kill.

The intent goes into the store first (the batch's requests, and a random token),
then the upload (the file is named after the token), then the batch (its
``metadata`` holds the token); each step is recorded as it succeeds. A batch left
between intent and submission by a process that stopped is found again:

* in the API's batch list, by its metadata: it is adopted;
* else its uploaded file, by name (or the file id recorded): the batch is created
  from it;
* else the local input file, if still there: it is uploaded now;
* else nothing reached the API: the intent is abandoned and its requests are
  asked for again by the next pass.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from openai.types import Batch

from . import checkpoints
from .records import BatchLog, BatchRow, Job, now
from .remote import BatchAPI, epoch
from .spool import Part, file_name, part_path


def stamp(epoch_s: int | float | None) -> str:
    """An API time (epoch seconds) as the store writes times; now when unknown."""
    if not epoch_s:
        return now()
    return datetime.fromtimestamp(epoch_s, UTC).isoformat(timespec="seconds")


class Submitter:
    """Submits batches of one store's jobs and recovers those a stopped process left."""

    def __init__(self, log: BatchLog, folder: Path):
        self.log = log
        self.folder = folder

    async def submit(self, job: Job, api: BatchAPI, part: Part) -> BatchRow:
        """Record the intent to submit ``part``, then upload it and create its batch."""
        row = self.log.new_batch(job, part.token, part.members, part.bytes)
        checkpoints.checkpoint("intent")
        return await self.send(job, api, row, part.path)

    async def send(self, job: Job, api: BatchAPI, row: BatchRow, path: Path) -> BatchRow:
        since = epoch(row.created_at)
        uploaded = await api.upload(path, file_name(row.token))
        checkpoints.checkpoint("uploaded")
        row = self.log.update_batch(row, state="uploaded", input_file_id=uploaded.id)
        batch = await api.create(uploaded.id, row.token, job.label, since)
        checkpoints.checkpoint("submitted")
        row = self.adopt(job, row, batch)
        path.unlink(missing_ok=True)
        return row

    def adopt(self, job: Job, row: BatchRow, batch: Batch) -> BatchRow:
        """``row`` is the API's ``batch``: submitted."""
        current = self.log.job(job.id)
        if current is not None and current.first_submitted_at is None:
            self.log.update_job(job, first_submitted_at=now())
        return self.log.update_batch(
            row,
            state="submitted",
            batch_id=batch.id,
            input_file_id=batch.input_file_id,
            status=batch.status,
            submitted_at=stamp(batch.created_at),
        )

    async def reconcile(self, job: Job, api: BatchAPI, row: BatchRow) -> None:
        """Find out how far a stopped process got with ``row`` and finish or abandon it."""
        since = epoch(row.created_at)
        found = await api.find_batch(row.token, since)
        if found is not None:
            self.adopt(job, row, found)
            return
        file_id = row.input_file_id
        if file_id is None:
            uploaded = await api.find_file(file_name(row.token), since)
            file_id = uploaded.id if uploaded is not None else None
        if file_id is not None:
            self.adopt(job, row, await api.create(file_id, row.token, job.label, since))
            return
        path = part_path(self.folder, job.id, row.token)
        if path.is_file():
            await self.send(job, api, row, path)
            return
        self.log.abandon_batch(row, "nothing reached the API before the process stopped")
