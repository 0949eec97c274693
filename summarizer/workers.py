"""Worker processes for ``summarize_many`` and ``daily``: the client's CPU work on every core.

Each provider call costs the client CPU (the ``openai`` client and instructor
building and parsing it, then grounding and building the brief): in one
process that work queues for one interpreter, and at high concurrency it, not
the endpoint, sets the pace. A :class:`WorkerPool` runs ``workers`` processes,
each with its own pipeline, event loop and connections, built from the
settings. The parent hands each article to the worker with the fewest in hand
and gets its brief (or error) back as soon as it is finished, so results stream
in as they would from one process; the caller's concurrency limit still bounds
how many articles are out at once, in all workers together.

Workers start from a fork server (a clean process, not a copy of this one), end
by themselves when the parent dies (even by SIGKILL), and leave Ctrl-C to the
parent. An article whose caller stops waiting (a timeout) is cancelled in its
worker. A worker that dies fails the articles it had in hand; the others go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from .article import Article
from .config import Settings
from .errors import SummarizerError
from .failures import error_data, error_from
from .schema import Brief
from .store import CallRecord

Source = str | Path | Article
WATCH_S = 0.5  # how often the parent checks that its workers are alive
STOP_S = 10.0  # how long a worker gets to stop before it is terminated
_CALLS: ContextVar[list[CallRecord] | None] = ContextVar("summarizer_worker_calls", default=None)


class WorkerError(SummarizerError):
    """A worker process stopped, or could not start, while it had articles in hand."""


@dataclass
class _Worker:
    index: int
    process: BaseProcess
    inbox: Queue[Any]
    in_hand: set[int] = field(default_factory=set)
    alive: bool = True


class WorkerPool:
    """``workers`` processes summarising articles (see the module docstring); an async
    context manager. ``on_call`` gets the run-log record of every provider call."""

    def __init__(
        self,
        settings: Settings,
        workers: int,
        *,
        on_call: Callable[[CallRecord], None] | None = None,
    ):
        self.settings = settings
        self.size = max(1, workers)
        self.on_call = on_call
        self._context = (
            multiprocessing.get_context("forkserver")
            if sys.platform.startswith("linux")
            else multiprocessing.get_context("spawn")
        )
        self._outbox: Queue[Any] = self._context.Queue()
        self._workers: list[_Worker] = []
        self._waiting: dict[int, tuple[asyncio.Future[Brief], _Worker]] = {}
        self._ids = itertools.count()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reader: threading.Thread | None = None
        self._watch: asyncio.Task[None] | None = None
        self._ready: dict[int, asyncio.Future[None]] = {}

    async def __aenter__(self) -> WorkerPool:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def start(self) -> None:
        """Start the workers and wait until each has built its pipeline.

        Raises:
            SummarizerError: a worker could not build its pipeline (a ConfigError...).
        """
        self._loop = asyncio.get_running_loop()
        self._reader = threading.Thread(target=self._read, name="worker-results", daemon=True)
        self._reader.start()
        for index in range(self.size):
            inbox: Queue[Any] = self._context.Queue()
            process = self._context.Process(
                target=serve,
                args=(
                    self.settings,
                    index,
                    inbox,
                    self._outbox,
                    os.getpid(),
                    self.on_call is not None,
                ),
                name=f"summarizer-worker-{index}",
                daemon=True,
            )
            self._ready[index] = self._loop.create_future()
            process.start()
            self._workers.append(_Worker(index, process, inbox))
        self._watch = asyncio.create_task(self._watch_workers())
        try:
            await asyncio.gather(*self._ready.values())
        except BaseException:
            await self.aclose()
            raise

    async def summarize(self, source: Source) -> Brief:
        """The brief of ``source``, made by the least busy worker.

        Raises:
            SummarizerError: as :meth:`summarizer.pipeline.Pipeline.summarize`, or
                :class:`WorkerError` when its worker died.
        """
        assert self._loop is not None, "the pool is not started"
        live = [w for w in self._workers if w.alive]
        if not live:
            raise WorkerError("every worker process has stopped")
        worker = min(live, key=lambda w: len(w.in_hand))
        item = next(self._ids)
        future: asyncio.Future[Brief] = self._loop.create_future()
        self._waiting[item] = (future, worker)
        worker.in_hand.add(item)
        worker.inbox.put(("run", item, source))
        try:
            return await future
        except asyncio.CancelledError:
            if item in self._waiting:  # the caller stopped waiting: stop the work too
                self._forget(item)
                worker.inbox.put(("cancel", item))
            raise

    def _forget(self, item: int) -> asyncio.Future[Brief] | None:
        future, worker = self._waiting.pop(item, (None, None))
        if worker is not None:
            worker.in_hand.discard(item)
        return future

    def _read(self) -> None:
        """In a thread: hand every message of the workers to the event loop."""
        assert self._loop is not None
        while True:
            try:
                message = self._outbox.get()
            except (EOFError, OSError, ValueError):
                return
            if message is None:
                return
            with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits
                self._loop.call_soon_threadsafe(self._deliver, message)

    def _deliver(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "ready":
            self._settle(self._ready.get(message[1]), None)
        elif kind == "failed":
            self._settle(self._ready.get(message[1]), error_from(message[2]))
        elif kind == "done":
            _, item, brief, error, calls = message
            for call in calls:
                if self.on_call is not None:
                    self.on_call(call)
            future = self._forget(item)
            if future is not None and not future.done():
                if error is not None:
                    future.set_exception(error_from(error))
                else:
                    future.set_result(brief)

    def _settle(self, future: asyncio.Future[None] | None, error: BaseException | None) -> None:
        if future is None or future.done():
            return
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)

    async def _watch_workers(self) -> None:
        """Fail the articles of a worker that died, and its start if it never got ready."""
        while True:
            await asyncio.sleep(WATCH_S)
            for worker in self._workers:
                if worker.alive and not worker.process.is_alive():
                    worker.alive = False
                    error = WorkerError(
                        f"worker process {worker.index} stopped (exit code "
                        f"{worker.process.exitcode}) while summarising"
                    )
                    self._settle(self._ready.get(worker.index), error)
                    for item in list(worker.in_hand):
                        future = self._forget(item)
                        if future is not None and not future.done():
                            future.set_exception(error)

    async def aclose(self) -> None:
        """Stop the workers (articles still out are cancelled) and the reader."""
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
        for worker in self._workers:
            if worker.process.is_alive():
                worker.inbox.put(("stop",))
        await asyncio.to_thread(self._join)
        self._outbox.put(None)
        if self._reader is not None:
            await asyncio.to_thread(self._reader.join, STOP_S)
        for future, _ in self._waiting.values():
            future.cancel()
        self._waiting.clear()
        for queue in [w.inbox for w in self._workers] + [self._outbox]:
            queue.close()
        self._workers = []

    def _join(self) -> None:
        for worker in self._workers:
            worker.process.join(STOP_S)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(STOP_S)


# ------------------------------------------------------------- in the worker


def init_pool_process(run_pid: int) -> None:
    """Start-up of a local pool process: Ctrl-C is for the run (process ``run_pid``) to
    handle, and the process ends by itself when the run is gone (even after SIGKILL).

    The run is watched by its pid, not as the parent: pool processes are children of
    the fork server, which itself lives as long as they do.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while _running(run_pid):
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="run-watch", daemon=True).start()


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (killed, not yet reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no /proc: kill() is all there is to go by
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def serve(
    settings: Settings,
    index: int,
    inbox: Queue[Any],
    outbox: Queue[Any],
    parent: int,
    log_calls: bool,
) -> None:
    """A worker process: summarise what ``inbox`` brings until told to stop."""
    init_pool_process(parent)
    # instructor logs every failed attempt at ERROR; outcomes go back to the parent.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    asyncio.run(_serve(settings, index, inbox, outbox, log_calls))


async def _serve(
    settings: Settings, index: int, inbox: Queue[Any], outbox: Queue[Any], log_calls: bool
) -> None:
    from .pipeline import Pipeline
    from .providers import make_provider
    from .providers.calllog import logged_to

    try:
        provider = make_provider(settings)
    except SummarizerError as exc:
        outbox.put(("failed", index, error_data(exc)))
        return
    if log_calls:
        provider = logged_to(provider, settings, settings.prompt, _record_call)
    messages: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def read() -> None:
        while True:
            message = inbox.get()
            loop.call_soon_threadsafe(messages.put_nowait, message)
            if message[0] == "stop":
                return

    threading.Thread(target=read, name="worker-inbox", daemon=True).start()
    tasks: dict[int, asyncio.Task[None]] = {}
    async with Pipeline(settings, provider) as pipeline:
        outbox.put(("ready", index))
        while True:
            message = await messages.get()
            if message[0] == "run":
                _, item, source = message
                tasks[item] = asyncio.create_task(_one(pipeline, item, source, outbox))
                tasks[item].add_done_callback(functools.partial(_forget, tasks, item))
            elif message[0] == "cancel" and message[1] in tasks:
                tasks[message[1]].cancel()
            elif message[0] == "stop":
                break
        for task in list(tasks.values()):
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)


def _forget(tasks: dict[int, asyncio.Task[None]], item: int, _: asyncio.Task[None]) -> None:
    """Drop the finished run of ``item`` from ``tasks``."""
    tasks.pop(item, None)


def _record_call(call: CallRecord) -> None:
    calls = _CALLS.get()
    if calls is not None:
        calls.append(call)


async def _one(pipeline: Any, item: int, source: Source, outbox: Queue[Any]) -> None:
    calls: list[CallRecord] = []
    _CALLS.set(calls)  # this task's context: its provider calls are this article's
    try:
        brief = await pipeline.summarize(source)
    except SummarizerError as exc:
        outbox.put(("done", item, None, error_data(exc), calls))
    except Exception as exc:  # one article must not stop the worker
        wrapped = SummarizerError(f"unexpected {type(exc).__name__}: {exc}")
        outbox.put(("done", item, None, error_data(wrapped), calls))
    else:
        outbox.put(("done", item, brief, None, calls))
