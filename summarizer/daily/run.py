"""The daily run: read the sources, fold duplicates, summarise what the store does not
already hold, group the articles into stories, rank them, and write the day's
``brief.json``, ``brief.md``, ``brief.html`` and ``stories/`` files and the folder's
``index.html`` and ``feed.atom``.

One run per output folder and day at a time (a file lock); every brief is stored
the moment it is finished and every file is replaced atomically, so a run killed
at any point and started again pays only for what was not finished.

Time is bounded: each article gets ``article_timeout`` seconds to be summarised
(and each story as long for its model summary) and the run ``run_timeout``
seconds in all; what is not done by then is listed with the day's failures (a
story summary not written keeps its lead, with a warning) and the files are
written with the rest.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from .. import redact
from ..article import Article
from ..batch.errors import BatchPending, check_settings
from ..config import Settings
from ..errors import OutputError, SummarizerError, UsageError
from ..event_loop import run_sync
from ..pipeline import Pipeline
from ..prompts import load_prompt
from ..providers import Provider, make_provider
from ..providers.cache import CACHE_FILE, SqliteResponseStore
from ..providers.calllog import logged_to
from ..schema import SCHEMA_VERSION, Brief, Usage
from ..store import BriefKey, CallRecord, Store
from ..web import RUN_TIME_UP
from .dedup import ArticleCopies, fold_copies
from .errors import DailyConfigError, RunFailedError, RunLockedError, config_errors
from .model import DailyBrief, DailyStory, Failure, Totals
from .output import write_day, write_index
from .progress import ArticleEvent, Reporter
from .sources import collect
from .storysummary import SummaryWriter, TextProvider
from .termtable import TermTable
from .view import DayStory, Summarised, build_day, clustering_text

if TYPE_CHECKING:
    from ..workers import WorkerPool


def parse_day(value: str | None, today: dt.date | None = None) -> dt.date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday`` (default today, local time).

    Raises:
        UsageError: anything else.
    """
    today = today or dt.date.today()
    if value in (None, "", "today"):
        return today
    if value == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"--date must be YYYY-MM-DD, today or yesterday, not {value!r}") from None


@dataclass(frozen=True)
class DailyResult:
    """What a run produced: the day's brief, its folder and a one-line summary."""

    brief: DailyBrief
    directory: Path
    summary: str

    @property
    def exit_code(self) -> int:
        """0 when every article made it into the brief, 1 when some failed."""
        return 1 if self.brief.failures else 0


def run_daily(
    sources: Sequence[str],
    out_dir: Path,
    day: dt.date,
    settings: Settings,
    *,
    reporter: Reporter | None = None,
    provider: Provider | None = None,
) -> DailyResult:
    """Build the brief of ``day`` from ``sources`` (default ``settings.sources``) in
    ``out_dir/YYYY-MM-DD/``.

    ``provider`` defaults to the one ``settings`` select (and is then closed at the end).

    Raises:
        DailyConfigError: no sources, or a configuration the provider refuses (exit 2).
        UsageError: unknown prompt or story prompt (exit 2).
        RunLockedError: another run holds this folder and day (exit 75).
        RunFailedError, StoreError: the run itself failed (exit 3).
    """
    return run_sync(
        arun_daily(sources, out_dir, day, settings, reporter=reporter, provider=provider)
    )


async def arun_daily(
    sources: Sequence[str],
    out_dir: Path,
    day: dt.date,
    settings: Settings,
    *,
    reporter: Reporter | None = None,
    provider: Provider | None = None,
) -> DailyResult:
    """Async :func:`run_daily`."""
    redact.register_settings(settings)
    chosen = list(sources) or list(settings.sources)
    if not chosen:
        raise DailyConfigError(
            "no sources: pass article files, folders, feeds or URLs, or set `sources` in the "
            "config file"
        )
    day_dir = out_dir / day.isoformat()
    try:
        day_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunFailedError(f"cannot create {day_dir}: {exc.strerror}") from None
    try:
        with _day_lock(day_dir), Store.in_dir(settings.data_dir) as store:
            for stale in day_dir.glob(".*.tmp"):
                stale.unlink(missing_ok=True)
            with config_errors():
                if settings.batch:
                    check_settings(settings)
                inner = provider or make_provider(settings)
            run = DailyRun(settings, store, inner, reporter or Reporter(), day, out_dir)
            try:
                return await run.execute(chosen)
            finally:
                if provider is None:
                    await inner.aclose()
    except SummarizerError:
        raise
    except Exception as exc:
        raise RunFailedError(f"the run failed: {type(exc).__name__}: {exc}") from exc


@contextmanager
def _day_lock(day_dir: Path) -> Iterator[None]:
    lock = FileLock(day_dir / ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise RunLockedError(
            f"another `summarizer daily` run is writing {day_dir}; this run stopped without "
            "doing anything (try again once that run has finished)"
        ) from None
    try:
        yield
    finally:
        lock.release()


class DailyRun:
    """One run of one day: the store, the logged provider and the pipeline."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        provider: Provider,
        reporter: Reporter,
        day: dt.date,
        out_dir: Path,
    ):
        self.settings = settings
        self.store = store
        self.reporter = reporter
        self.day = day
        self.out_dir = out_dir
        self.provider = logged_to(provider, settings, settings.prompt, self._log_call)
        self.summarizer = Pipeline(settings, self.provider)
        self.writer = self._summary_writer(self.provider.inner)
        self.failures: list[Failure] = []
        self.warnings: list[str] = []
        self.run_id = store.start_run(day.isoformat(), out_dir, provider.name, provider.model)
        self.pool: WorkerPool | None = None  # worker processes, with the ``workers`` setting

    def _summary_writer(self, provider: Provider) -> SummaryWriter | None:
        """The writer of story summaries when ``provider`` has a model that writes text."""
        if not isinstance(provider, TextProvider):
            return None
        prompt = load_prompt(self.settings.story_prompt, self.settings.prompts_dir)
        cache = SqliteResponseStore(self.settings.data_dir / CACHE_FILE)
        return SummaryWriter(provider, self.settings, prompt, cache, self.provider)

    def _log_call(self, call: CallRecord) -> None:
        self.store.log_call(self.run_id, call)

    def key(self, article: ArticleCopies) -> BriefKey:
        """The store key of ``article``'s brief with this run's prompt, provider and model."""
        return BriefKey(
            article.article.id,
            self.summarizer.prompt.sha256,
            self.provider.name,
            self.provider.model,
            SCHEMA_VERSION,
        )

    async def execute(self, sources: list[str]) -> DailyResult:
        """Run and record the run in the store; see :func:`run_daily`."""
        started = time.perf_counter()
        try:
            result = await self._execute(sources, started)
        except BaseException as exc:
            self.reporter.abort()
            code = exc.exit_code if isinstance(exc, SummarizerError) else 3
            status = "failed" if isinstance(exc, Exception) else "interrupted"
            if isinstance(exc, BatchPending):
                status = "waiting"
            self.store.finish_run(
                self.run_id,
                status=status,
                exit_code=code,
                error=str(exc),
                failures=[f.model_dump() for f in self.failures],
            )
            raise
        t = result.brief.totals
        self.store.finish_run(
            self.run_id,
            status="done",
            exit_code=result.exit_code,
            articles=t.articles,
            summarised=t.summarised,
            reused=t.reused,
            failures=[f.model_dump() for f in self.failures],
        )
        return result

    async def _execute(self, sources: list[str], started: float) -> DailyResult:
        deadline = asyncio.get_running_loop().time() + self.settings.run_timeout
        self.reporter.reading(len(sources))
        collected = await collect(sources, self.day, self.settings, deadline)
        for failure in collected.failures:
            self.failures.append(failure)
            self.reporter.source_failed(failure)
        articles = fold_copies(collected.found, self.settings.dedup_threshold)
        briefs, reused = await self._briefs(articles, deadline)
        done = [Summarised(articles[i], briefs[i]) for i in sorted(briefs)]
        terms = TermTable(self.store)
        day = build_day(done, self.settings.story_threshold, terms.load())
        terms.add(
            self.day,
            [(item.article_id, clustering_text(item)) for item in done],
            self.settings.story_vocabulary,
        )
        stories = await self._summaries(day, deadline)
        brief = self._daily_brief(
            done,
            stories,
            copies=sum(len(a.sources) for a in articles),
            distinct=len(articles),
            reused=reused,
            elapsed=time.perf_counter() - started,
        )
        day_dir = self.out_dir / self.day.isoformat()
        texts = {item.article_id: item.copies.article.text for item in done}
        try:
            write_day(brief, day_dir, texts)
            write_index(self.out_dir)
        except OutputError as exc:
            raise RunFailedError(str(exc)) from None
        summary = self._summary(brief, day_dir)
        self.reporter.finish(summary)
        return DailyResult(brief, day_dir, summary)

    async def _briefs(
        self, articles: list[ArticleCopies], deadline: float
    ) -> tuple[dict[int, Brief], int]:
        """The brief of each article (by index) that has one, and how many came from the store."""
        self.reporter.start(len(articles))
        briefs: dict[int, Brief] = {}
        todo: list[int] = []
        for i, article in enumerate(articles):
            cached = self.store.get_brief(self.key(article))
            if cached is None:
                todo.append(i)
            else:
                briefs[i] = cached
                self._report(article, cached, reused=True)

        def finished(k: int, result: Brief | SummarizerError) -> None:
            i = todo[k]
            if isinstance(result, Brief):
                self.store.put_brief(self.key(articles[i]), result)
                briefs[i] = result
            self._report(articles[i], result, reused=False)

        limit = asyncio.Semaphore(self.settings.concurrency)

        async def summarise(k: int) -> None:
            async with limit:
                result = await self._summarise(articles[todo[k]], deadline)
            finished(k, result)

        if self.settings.batch:
            await self._batch([articles[i].article for i in todo], finished)
        else:
            async with self._workers(bool(todo)):
                await asyncio.gather(*(summarise(k) for k in range(len(todo))))
        return briefs, len(articles) - len(todo)

    async def _summaries(self, day: list[DayStory], deadline: float) -> list[DailyStory]:
        """The stories, those on the page with the model's summary where it wrote a grounded
        one (the others keep their lead; a warning says why)."""
        stories = [d.story for d in day]
        writer = self.writer
        if writer is None or not day:
            return stories
        shown = day[: self.settings.max_stories]
        self.reporter.writing_summaries(len(shown))
        limit = asyncio.Semaphore(self.settings.concurrency)

        async def write(k: int) -> None:
            async with limit:
                story, problem = await self._story_summary(writer, shown[k], deadline)
            stories[k] = story
            if problem is not None:
                warning = (
                    f"story {story.id} ({story.title}): the model's summary is not used "
                    f"({problem}); the lead of its central article is shown"
                )
                self.warnings.append(warning)
                self.reporter.warning(warning)

        await asyncio.gather(*(write(k) for k in range(len(shown))))
        return stories

    async def _story_summary(
        self, writer: SummaryWriter, day: DayStory, deadline: float
    ) -> tuple[DailyStory, str | None]:
        """``day``'s story with ``writer``'s summary, or unchanged and the reason."""
        remaining = deadline - asyncio.get_running_loop().time()
        limit = min(self.settings.article_timeout, remaining)
        if limit <= 0:
            return day.story, RUN_TIME_UP
        try:
            written = await asyncio.wait_for(writer.write(day.story, day.items), limit)
        except TimeoutError:
            return day.story, f"not written within {limit:g}s"
        if written.summary is None:
            return day.story, written.problem
        return day.story.model_copy(update={"summary": written.summary}), None

    async def _batch(
        self, articles: list[Article], finished: Callable[[int, Brief | SummarizerError], None]
    ) -> None:
        """Batch mode: advance the day's batch job; what it has finished is handed to
        ``finished``; BatchPending when some articles still wait for the Batch API."""
        from ..batch.runs import daily_batch, waiting_for  # loads the client: batch mode only

        progress = await daily_batch(
            self.store, self.settings, self.run_id, self.day, self.out_dir, articles
        )
        self.provider.calls += len(progress.calls)
        self.provider.cost_usd += sum(call.cost_usd or 0.0 for call in progress.calls)
        for k, article in enumerate(articles):
            result = progress.outcomes.get(article.id)
            if result is not None:
                finished(k, result)
        if waiting_for(progress, [article.id for article in articles]):
            raise progress.pending_error()

    @asynccontextmanager
    async def _workers(self, needed: bool) -> AsyncIterator[None]:
        """With the ``workers`` setting (and articles to summarise): worker processes
        summarise for the block; their provider calls go into this run's log."""
        if not (needed and self.settings.workers):
            yield
            return
        from ..workers import WorkerPool  # starts processes: only when asked for

        async with WorkerPool(
            self.settings, self.settings.workers, on_call=self._worker_call
        ) as pool:
            self.pool = pool
            try:
                yield
            finally:
                self.pool = None

    def _worker_call(self, call: CallRecord) -> None:
        self._log_call(call)
        self.provider.calls += 1
        self.provider.cost_usd += call.cost_usd or 0.0

    async def _summarise(self, article: ArticleCopies, deadline: float) -> Brief | SummarizerError:
        """The brief of ``article`` within ``article_timeout`` and the run's deadline, or
        the error that stopped it."""
        remaining = deadline - asyncio.get_running_loop().time()
        limit = min(self.settings.article_timeout, remaining)
        if limit <= 0:
            return SummarizerError(RUN_TIME_UP)
        work = self.pool.summarize if self.pool is not None else self.summarizer.summarize
        try:
            return await asyncio.wait_for(work(article.article), limit)
        except TimeoutError:
            if remaining <= self.settings.article_timeout:
                return SummarizerError(RUN_TIME_UP)
            return SummarizerError(f"not summarised within {limit:g}s (article_timeout)")
        except SummarizerError as exc:
            return exc
        except Exception as exc:
            wrapped = SummarizerError(f"unexpected {type(exc).__name__}: {exc}")
            wrapped.__cause__ = exc
            return wrapped

    def _report(
        self, article: ArticleCopies, result: Brief | SummarizerError, reused: bool
    ) -> None:
        location = article.copies[0].location
        if isinstance(result, SummarizerError):
            self.failures.append(Failure(source=location, stage="summarise", reason=str(result)))
            event = ArticleEvent(article.article.title or location, "failed", reason=str(result))
        else:
            title = article.article.title or result.article.title or location
            p = result.provenance
            event = (
                ArticleEvent(title, "reused")
                if reused
                else ArticleEvent(
                    title, "summarised", tokens=p.usage.total_tokens, cost_usd=p.cost_usd or 0.0
                )
            )
        self.reporter.article(event, len(self.failures), self.provider.cost_usd)

    def _daily_brief(
        self,
        done: list[Summarised],
        stories: list[DailyStory],
        *,
        copies: int,
        distinct: int,
        reused: int,
        elapsed: float,
    ) -> DailyBrief:
        usage = Usage()
        for item in done:
            usage = usage + item.brief.provenance.usage
        totals = Totals(
            sources=copies,
            articles=len(done),
            duplicates=copies - distinct,
            stories=len(stories),
            failed=len(self.failures),
            summarised=len(done) - reused,
            reused=reused,
            usage=usage,
            cost_usd=round(sum(i.brief.provenance.cost_usd or 0.0 for i in done), 8),
            run_calls=self.provider.calls,
            run_cost_usd=round(self.provider.cost_usd, 8),
            elapsed_s=round(elapsed, 3),
        )
        prompt = self.summarizer.prompt
        written = any(s.summary is not None and s.summary.written_by == "model" for s in stories)
        summary_prompt = self.writer.prompt if self.writer is not None and written else None
        return DailyBrief(
            date=self.day,
            generated_at=dt.datetime.now(dt.UTC),
            run_id=self.run_id,
            provider=self.provider.name,
            model=self.provider.model,
            prompt_id=prompt.id,
            prompt_sha256=prompt.sha256,
            summary_prompt_id=summary_prompt.id if summary_prompt else None,
            summary_prompt_sha256=summary_prompt.sha256 if summary_prompt else None,
            story_threshold=self.settings.story_threshold,
            max_stories=self.settings.max_stories,
            stories=stories,
            warnings=self.warnings,
            failures=self.failures,
            totals=totals,
            briefs=[item.brief for item in done],
        )

    def _summary(self, brief: DailyBrief, day_dir: Path) -> str:
        t = brief.totals
        return (
            f"{brief.date}: {t.stories} stories from {t.articles} articles "
            f"({t.sources} read, {t.duplicates} duplicates), {t.summarised} summarised, "
            f"{t.reused} reused, {t.failed} failed; {t.run_calls} provider calls, "
            f"${t.run_cost_usd:.4f}, {t.elapsed_s:.1f}s; run {brief.run_id} -> "
            f"{day_dir / 'brief.html'}"
        )
