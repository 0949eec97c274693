"""Running a coroutine to completion from synchronous code.

The library's synchronous functions, the commands and batch mode's passes all run
their async work through :func:`run_sync` (or :func:`run_in_new_loop`, on a loop of
their own), never through ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_in_new_loop(
    coro: Coroutine[Any, Any, T], loop: asyncio.AbstractEventLoop | None = None
) -> T:
    """``asyncio.run`` without its SIGINT handler, on ``loop`` (default: a new one), which
    is closed afterwards.

    On Python 3.11, restoring that handler formats a repr of the finished main
    task, result included: for a day's worth of briefs that costs a second.
    Ctrl-C still raises KeyboardInterrupt here.
    """
    loop = loop or asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion, also from code that already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run_in_new_loop(coro)
    box: dict[str, Any] = {}

    def worker() -> None:
        try:
            box["value"] = run_in_new_loop(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value
