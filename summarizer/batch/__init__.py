"""Batch mode: the same requests as the synchronous path, through the OpenAI Batch API.

The requests of a run (a day of ``daily``, an eval, a ``summarize_many`` call) are
written as JSONL in exactly the form the synchronous path sends, submitted as
one batch, and collected by a later run, which parses, grounds and repairs the
answers as the synchronous path does and submits the repairs as a follow-up
batch. See :mod:`summarizer.batch.job` for the steps and the recovery after a
kill, :mod:`summarizer.batch.transport` for how requests are made identical,
and :mod:`summarizer.batch.records` for what the store keeps.

This package's top level imports nothing heavy; the client loads with
:mod:`summarizer.batch.job`.
"""

from __future__ import annotations

from .errors import EXIT_LOCKED, EXIT_PENDING, BatchLockedError, BatchPending

__all__ = ["EXIT_LOCKED", "EXIT_PENDING", "BatchLockedError", "BatchPending"]
