"""Batch input files, written while requests come in and split at the API's limits.

Each part is a JSONL file of at most ``max_requests`` lines and ``max_bytes`` bytes
(the Batch API takes 50,000 requests and 200 MB per file), named after the token
that later identifies its batch (``job<id>-<token>.jsonl`` in ``batches/`` under
the data folder). A request already written in this run is not written again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .ids import input_line


def new_token() -> str:
    """A fresh token: the batch's metadata value and its file's name."""
    return uuid.uuid4().hex


def file_name(token: str) -> str:
    """The name a batch input file is uploaded under."""
    return f"summarizer-{token}.jsonl"


def part_path(folder: Path, job_id: int, token: str) -> Path:
    """Where the input file of batch ``token`` of job ``job_id`` is written."""
    return folder / f"job{job_id}-{token}.jsonl"


@dataclass
class Part:
    """One input file: its token, path, size and the requests it holds."""

    token: str
    path: Path
    bytes: int = 0
    members: list[tuple[str, str]] = field(default_factory=list)  # (custom_id, article key)


class RequestTooLarge(ValueError):
    """One request alone is larger than a batch input file may be."""


class Spool:
    """Input files of one job being written (see the module docstring)."""

    def __init__(self, folder: Path, job_id: int, max_requests: int, max_bytes: int):
        self.folder = folder
        self.job_id = job_id
        self.max_requests = max_requests
        self.max_bytes = max_bytes
        self.parts: list[Part] = []
        self._seen: set[str] = set()
        self._handle: BinaryIO | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def __contains__(self, request_id: str) -> bool:
        return request_id in self._seen

    @property
    def requests(self) -> int:
        return sum(len(p.members) for p in self.parts)

    def add(self, request_id: str, article_key: str, body: dict[str, object]) -> None:
        """Write one request, in a new part when the current one is full.

        Raises:
            RequestTooLarge: the request alone exceeds ``max_bytes``.
        """
        if request_id in self._seen:
            return
        line = input_line(request_id, body)
        if len(line) > self.max_bytes:
            raise RequestTooLarge(
                f"the request is {len(line):,} bytes, more than a batch file may hold "
                f"({self.max_bytes:,})"
            )
        part = self.parts[-1] if self.parts else None
        if (
            part is None
            or len(part.members) >= self.max_requests
            or part.bytes + len(line) > self.max_bytes
        ):
            part = self._new_part()
        assert self._handle is not None
        self._handle.write(line)
        part.bytes += len(line)
        part.members.append((request_id, article_key))
        self._seen.add(request_id)

    def _new_part(self) -> Part:
        self.close()
        token = new_token()
        part = Part(token, part_path(self.folder, self.job_id, token))
        self._handle = part.path.open("wb")
        self.parts.append(part)
        return part

    def close(self) -> None:
        """Flush the file being written (parts stay on disk until submitted)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def discard(self) -> None:
        """Remove every part file."""
        self.close()
        for part in self.parts:
            part.path.unlink(missing_ok=True)


def stale_parts(folder: Path, job_id: int, keep: set[str]) -> list[Path]:
    """Input files of job ``job_id`` in ``folder`` whose token is not in ``keep``."""
    prefix = f"job{job_id}-"
    return [
        path
        for path in folder.glob(f"{prefix}*.jsonl")
        if path.stem.removeprefix(prefix) not in keep
    ]
