"""Where batches run: a local pool of processes, or a Dask cluster.

Both take batches of records and hand back futures of their outcomes; the run
keeps a bounded number in flight and writes results as they complete.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Protocol

from ..config import Settings
from ..errors import ConfigError
from ..workers import init_pool_process
from .records import Record
from .worker import summarize_batch

DASK_HINT = "a Dask scheduler needs dask.distributed: pip install 'summarizer[distributed]'"


class Executor(Protocol):
    """Runs :func:`~summarizer.bulk.worker.summarize_batch` somewhere."""

    slots: int  # batches that can run at once

    def submit(self, batch: Sequence[Record]) -> Any:
        """A future of the batch's outcomes."""

    def wait_first(self, pending: set[Any]) -> tuple[set[Any], set[Any]]:
        """Block until at least one of ``pending`` is done: ``(done, not_done)``."""

    def close(self, *, abandon: bool = False) -> None:
        """Release the workers; ``abandon`` stops batches still running instead of
        waiting for them."""


def default_workers() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class LocalPool:
    """``workers`` processes on this machine."""

    def __init__(self, settings: Settings, workers: int):
        self.settings = settings
        self.slots = workers
        # forkserver: workers start from a clean process, not a copy of this one's threads.
        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context(method),
            initializer=init_pool_process,
            initargs=(os.getpid(),),
        )

    def submit(self, batch: Sequence[Record]) -> Any:
        return self._pool.submit(summarize_batch, self.settings, batch)

    def wait_first(self, pending: set[Any]) -> tuple[set[Any], set[Any]]:
        done, not_done = wait(pending, return_when=FIRST_COMPLETED)
        return set(done), set(not_done)

    def close(self, *, abandon: bool = False) -> None:
        if abandon:
            # Batches in flight are redone by the next run; do not wait for them.
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """The workers of the Dask cluster whose scheduler is at ``address``."""

    def __init__(self, settings: Settings, address: str, *, timeout: float = 30.0):
        try:
            import distributed
        except ImportError:
            raise ConfigError(DASK_HINT) from None
        self._distributed = distributed
        try:
            self._client = distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"cannot connect to the Dask scheduler at {address}: {exc}") from None
        threads = sum(self._client.nthreads().values())
        if threads == 0:
            self._client.close()
            raise ConfigError(f"the Dask cluster at {address} has no workers")
        self.slots = threads
        # Sent to every worker once; each task refers to it instead of carrying a copy.
        self._settings = self._client.scatter(settings, broadcast=True, hash=False)

    def submit(self, batch: Sequence[Record]) -> Any:
        return self._client.submit(summarize_batch, self._settings, list(batch), pure=False)

    def wait_first(self, pending: set[Any]) -> tuple[set[Any], set[Any]]:
        with self._client.as_current():
            done, not_done = self._distributed.wait(list(pending), return_when="FIRST_COMPLETED")
        return set(done), set(not_done)

    def close(self, *, abandon: bool = False) -> None:
        self._client.close()


def make_executor(settings: Settings, *, workers: int | None, scheduler: str | None) -> Executor:
    """A Dask client when ``scheduler`` is given, else a local pool of ``workers`` processes
    (default: one per core)."""
    if scheduler:
        return DaskCluster(settings, scheduler)
    return LocalPool(settings, workers or default_workers())
