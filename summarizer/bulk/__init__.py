"""Bulk mode for archives: a JSONL or Parquet file of articles in, one row per
article out (a brief or an error), on a local pool of processes or a Dask cluster,
resumable after a kill at any point.

>>> from summarizer.bulk import BulkOptions, run_bulk
>>> result = run_bulk(Path("archive.jsonl"), Path("briefs.jsonl"), load_settings())
"""

from __future__ import annotations

from .journal import OutputMismatchError
from .progress import Reporter, Tally, reporter_for
from .run import (
    BulkLockedError,
    BulkOptions,
    BulkResult,
    BulkStoppedError,
    OutputFormat,
    run_bulk,
)

__all__ = [
    "BulkLockedError",
    "BulkOptions",
    "BulkResult",
    "BulkStoppedError",
    "OutputFormat",
    "OutputMismatchError",
    "Reporter",
    "Tally",
    "reporter_for",
    "run_bulk",
]
