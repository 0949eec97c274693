"""One pass over a job's pending articles through the synchronous pipeline.

Every answer comes from the store (:mod:`summarizer.batch.transport`), so nothing
in a pass waits on the network: once the event loop has nothing left to run,
every unfinished article is waiting at its first unanswered request (and each
of its chunks at its own), and those requests are in the spool. The loop's
selector notices that moment exactly: it is asked to block with no timer
pending, nothing ready and no work out in a thread (the ``openai`` client reads
platform details in one). The pass then stops the waiting articles; a later
pass, with the answers in the store, takes them further. Articles are run in
groups of :data:`GROUP`, so a pass over a large job holds a bounded number of
pipelines in memory.

Past the deadline, a pass sends what is missing itself (direct mode) on an
ordinary event loop, where waiting on the network is normal.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, TypeVar, TypeVarTuple

import httpx2

from ..config import Settings
from ..errors import SummarizerError
from ..event_loop import run_in_new_loop
from ..pipeline import Pipeline
from ..providers.base import VerifyRequest, VerifyResult
from ..providers.openai import OpenAIProvider
from ..schema import Brief
from .records import JobArticle
from .transport import CURRENT, VERIFYING, ReplayTransport, Tally

GROUP = 500  # articles whose pipelines run at once in a pass
UNLIMITED = 1_000_000  # concurrency inside a pass: every chunk reaches its request

_T = TypeVar("_T")
_Ts = TypeVarTuple("_Ts")


class IdleSelector(selectors.BaseSelector):
    """The default selector, which also calls ``on_idle`` when the loop would block with
    nothing to run and no timer pending; ``on_idle`` returning True makes it not block."""

    def __init__(self) -> None:
        self._inner = selectors.DefaultSelector()
        self.on_idle: Callable[[], bool] | None = None

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self._inner.register(fileobj, events, data)

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        return self._inner.unregister(fileobj)

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self._inner.modify(fileobj, events, data)

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if timeout is None and self.on_idle is not None and self.on_idle():
            timeout = 0
        return self._inner.select(timeout)

    def get_map(self) -> Any:
        return self._inner.get_map()

    def close(self) -> None:
        self._inner.close()


class PassLoop(asyncio.SelectorEventLoop):
    """An event loop on an :class:`IdleSelector` that counts work handed to threads:
    ``busy`` drops only once the result is back on the loop."""

    def __init__(self) -> None:
        self.selector = IdleSelector()
        super().__init__(self.selector)
        self.busy = 0

    def run_in_executor(
        self, executor: Executor | None, func: Callable[[*_Ts], _T], *args: *_Ts
    ) -> asyncio.Future[_T]:
        self.busy += 1
        future = super().run_in_executor(executor, func, *args)
        future.add_done_callback(self._returned)
        return future

    def _returned(self, _: asyncio.Future[Any]) -> None:
        self.busy -= 1


class BatchProvider(OpenAIProvider):
    """The openai provider, telling the transport which requests are the verification's."""

    async def verify(self, request: VerifyRequest) -> VerifyResult:
        token = VERIFYING.set(True)
        try:
            return await super().verify(request)
        finally:
            VERIFYING.reset(token)


@dataclass(frozen=True)
class Finished:
    """An article the pass finished: its brief or error, and the answers it used."""

    key: str
    result: Brief | SummarizerError
    tally: Tally


def run_pass(
    articles: Sequence[JobArticle], settings: Settings, transport: ReplayTransport
) -> list[Finished]:
    """Run ``articles`` until each is finished or waits for a batch answer (see the module
    docstring); the finished ones, in no particular order."""
    loop = asyncio.new_event_loop() if transport.direct is not None else PassLoop()
    return run_in_new_loop(_groups(articles, settings, transport), loop)


async def _groups(
    articles: Sequence[JobArticle], settings: Settings, transport: ReplayTransport
) -> list[Finished]:
    unlimited = settings.model_copy(update={"concurrency": UNLIMITED})
    provider = BatchProvider(unlimited, http_client=httpx2.AsyncClient(transport=transport))
    finished: list[Finished] = []
    async with Pipeline(unlimited, provider) as pipeline:
        for start in range(0, len(articles), GROUP):
            group = articles[start : start + GROUP]
            finished += await _group(group, pipeline)
    return finished


async def _group(group: Sequence[JobArticle], pipeline: Pipeline) -> list[Finished]:
    finished: list[Finished] = []
    tallies = [Tally(item.key, item.salt) for item in group]

    async def one(item: JobArticle, tally: Tally) -> None:
        CURRENT.set(tally)  # this task's context; its chunks' tasks copy it
        result: Brief | SummarizerError
        try:
            result = await pipeline.summarize(item.article)
        except SummarizerError as exc:
            result = exc
        except Exception as exc:
            result = SummarizerError(f"unexpected {type(exc).__name__}: {exc}")
            result.__cause__ = exc
        finished.append(Finished(item.key, result, tally))

    pairs = zip(group, tallies, strict=True)
    tasks = [asyncio.create_task(one(item, tally)) for item, tally in pairs]
    loop = asyncio.get_running_loop()
    if not isinstance(loop, PassLoop):
        await asyncio.gather(*tasks)
        return finished
    await _until_idle(tasks, loop)
    done = {f.key for f in finished}
    lost = [t.key for t in tallies if t.key not in done and not t.parked]
    if lost:
        raise RuntimeError(f"{len(lost)} articles stopped without waiting for an answer")
    return finished


async def _until_idle(tasks: list[asyncio.Task[None]], loop: PassLoop) -> None:
    """Wait until every task is done or the loop is idle; then cancel what still waits."""
    idle: asyncio.Future[None] = loop.create_future()

    def on_idle() -> bool:
        if idle.done() or loop.busy:
            return False
        idle.set_result(None)
        return True

    everything = asyncio.ensure_future(asyncio.wait(tasks))
    either: set[asyncio.Future[Any]] = {everything, idle}
    loop.selector.on_idle = on_idle
    try:
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    finally:
        loop.selector.on_idle = None
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    everything.cancel()
    idle.cancel()
