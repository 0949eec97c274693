"""Batch mode for the callers: a day of ``daily``, an eval variant, ``summarize_many``.

Each builds its job's key from what identifies its work (the day and output
folder, the eval cases and repeats, the articles), so running the same command
again advances the same job instead of starting another.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from ..article import Article, load_article
from ..config import Settings
from ..errors import SummarizerError
from ..prompts import load_prompt
from ..schema import Brief
from ..store import Store
from .job import BatchJobs, Item, Progress
from .keys import job_key

Result = Brief | SummarizerError
OnResult = Callable[[int, Result], Awaitable[None] | None]


async def daily_batch(
    store: Store,
    settings: Settings,
    run_id: int,
    day: dt.date,
    out_dir: Path,
    articles: Sequence[Article],
) -> Progress:
    """Advance the batch job of ``day`` written to ``out_dir`` with ``articles``; finished
    briefs also go into the store's brief cache, calls into run ``run_id``'s log."""
    prompt = load_prompt(settings.prompt, settings.prompts_dir)
    folder = str(out_dir.resolve())
    key = job_key("daily", settings, prompt, day.isoformat(), folder)
    jobs = BatchJobs(store, settings, run_id=run_id)
    items = [Item(article.id, article) for article in articles]
    return await jobs.aadvance("daily", key, f"daily {day.isoformat()} in {folder}", items)


def waiting_for(progress: Progress, keys: Sequence[str]) -> bool:
    """True while any of ``keys`` has no outcome yet."""
    return any(key not in progress.outcomes for key in keys)


async def summarize_in_batch(
    settings: Settings,
    sources: Sequence[str | Path | Article],
    *,
    on_result: OnResult | None = None,
) -> list[Result]:
    """Briefs of ``sources`` through the Batch API, waiting (``batch_poll_interval``
    between checks) until every one is back; in input order, failures in place.

    Running it again with the same articles and settings (after a crash, say)
    continues the same job: nothing is submitted twice.
    """
    results: list[Result | None] = [None] * len(sources)
    items: dict[str, Item] = {}
    places: dict[str, list[int]] = {}
    for i, source in enumerate(sources):
        try:
            article = load_article(source, settings.max_article_chars)
        except SummarizerError as exc:
            results[i] = exc
            continue
        items.setdefault(article.id, Item(article.id, article))
        places.setdefault(article.id, []).append(i)
    for i, result in enumerate(results):
        if result is not None:
            await _deliver(on_result, i, result)
    if items:
        prompt = load_prompt(settings.prompt, settings.prompts_dir)
        key = job_key("api", settings, prompt, *sorted(items))
        label = f"summarize_many of {len(items)} articles"
        with Store.in_dir(settings.data_dir) as store:
            jobs = BatchJobs(store, settings)
            while True:
                progress = await jobs.aadvance("api", key, label, list(items.values()))
                for article_id, result in progress.outcomes.items():
                    for i in places.pop(article_id, []):
                        results[i] = result
                        await _deliver(on_result, i, result)
                if not places:
                    break
                await asyncio.sleep(settings.batch_poll_interval)
    return [r for r in results if r is not None]


async def _deliver(on_result: OnResult | None, index: int, result: Result) -> None:
    if on_result is None:
        return
    maybe = on_result(index, result)
    if asyncio.iscoroutine(maybe):
        await maybe
