"""What runs in a worker process (local pool or Dask): briefs of a batch of records.

Each worker thread builds its own :class:`~summarizer.pipeline.Pipeline` from
the settings once and keeps it, with its own event loop, for every batch after;
a batch's records run concurrently (``concurrency`` at a time), which is what
keeps a model provider's I/O-bound calls busy. Nothing heavy crosses process
boundaries: records in, encoded rows out.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..article import Article
from ..config import Settings
from ..errors import (
    AuthError,
    ConfigError,
    ProviderError,
    ProviderUnavailableError,
    SummarizerError,
)
from ..pipeline import Pipeline
from .records import Record
from .rows import brief_row, error_row

# brief/error: a row to write; refused: an error row the run holds back (the provider
# refused the request: the article's fault, or the settings' if every article is refused);
# stop: the provider or configuration fails for every article, nothing is written.
OutcomeKind = Literal["brief", "error", "refused", "stop"]
STOPPING = (ConfigError, AuthError, ProviderUnavailableError)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One record's result: an encoded row, and for ``refused`` and ``stop`` the message."""

    line: int
    kind: OutcomeKind
    row: bytes = b""
    message: str = ""
    exit_code: int = 0


class _Worker:
    """A thread's pipeline and event loop, built from one settings object."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.loop = asyncio.new_event_loop()
        self.secret = settings.api_key.get_secret_value() if settings.api_key else ""
        self.failure: SummarizerError | None = None
        try:
            self.pipeline: Pipeline | None = Pipeline(settings)
        except SummarizerError as exc:
            self.pipeline, self.failure = None, exc

    def redact(self, message: str) -> str:
        return message.replace(self.secret, "********") if self.secret else message

    def close(self) -> None:
        if self.pipeline is not None:
            self.loop.run_until_complete(self.pipeline.aclose())
        self.loop.close()


_THREAD = threading.local()


def _worker_for(settings: Settings) -> _Worker:
    current: _Worker | None = getattr(_THREAD, "worker", None)
    if current is not None and (current.settings is settings or current.settings == settings):
        return current
    if current is not None:
        current.close()
    # instructor logs every failed attempt at ERROR; outcomes are reported as rows.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    worker = _Worker(settings)
    _THREAD.worker = worker
    return worker


def summarize_batch(settings: Settings, batch: Sequence[Record]) -> list[Outcome]:
    """The outcome of every record in ``batch``, in order."""
    worker = _worker_for(settings)
    if worker.pipeline is None:
        assert worker.failure is not None
        return [_stop(worker, record, worker.failure) for record in batch]
    return worker.loop.run_until_complete(_summarize_all(worker, worker.pipeline, batch))


async def _summarize_all(
    worker: _Worker, pipeline: Pipeline, batch: Sequence[Record]
) -> list[Outcome]:
    limit = asyncio.Semaphore(worker.settings.concurrency)

    async def one(record: Record) -> Outcome:
        async with limit:
            return await _summarize_one(worker, pipeline, record)

    return list(await asyncio.gather(*(one(record) for record in batch)))


async def _summarize_one(worker: _Worker, pipeline: Pipeline, record: Record) -> Outcome:
    article = Article(record.text, record.title, record.url, record.published)
    try:
        brief = await pipeline.summarize(article)
    except STOPPING as exc:
        return _stop(worker, record, exc)
    except ProviderError as exc:
        message = worker.redact(str(exc))
        return Outcome(record.line, "refused", _error(worker, record, message), message)
    except SummarizerError as exc:
        return Outcome(record.line, "error", _error(worker, record, str(exc)))
    except Exception as exc:  # one article must not stop an archive: a row says what broke
        message = f"internal error: {type(exc).__name__}: {exc}"
        return Outcome(record.line, "error", _error(worker, record, message))
    return Outcome(record.line, "brief", brief_row(record.line, record.id, brief.model_dump_json()))


def _error(worker: _Worker, record: Record, message: str) -> bytes:
    return error_row(record.line, record.id, worker.redact(" ".join(message.split())))


def _stop(worker: _Worker, record: Record, exc: SummarizerError) -> Outcome:
    return Outcome(record.line, "stop", message=worker.redact(str(exc)), exit_code=exc.exit_code)
