"""Batch jobs: the articles of one run, taken one step further each time the job is advanced.

One :meth:`BatchJobs.advance` (a cron tick of ``daily --batch``, a run of
``eval --batch``, a poll of ``summarize_many``, or ``summarizer batches collect``):

1. **Reconcile.** A batch left between intent and submission by a process that
   stopped (even with SIGKILL) is found again by its token
   (:mod:`summarizer.batch.submission`).
2. **Collect.** Every batch under way is asked for its status; one that ended has
   its output and error files read into the store in one transaction
   (:mod:`summarizer.batch.collection`).
3. **Pass.** The pending articles run through the synchronous pipeline with those
   answers (:mod:`summarizer.batch.tick`): parsing, salvage, grounding and the
   repair requests happen exactly as they would synchronously. An article either
   finishes (its brief, priced at the batch price, and its run-log rows are
   stored) or waits for a request, which goes to the spool.
4. **Submit.** The spool becomes one batch (more past the API's limits): intent in
   the store first, then the upload, then the batch; each step is recorded as it
   succeeds. Past ``batch_deadline`` after the job's first submission, step 3
   sends what is missing synchronously instead, and nothing new is submitted.

A request is never in two batches at once: one in a batch under way waits for it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from filelock import FileLock, Timeout

from ..article import Article
from ..config import DEFAULT_OPENAI_MODEL, Settings
from ..errors import (
    AuthError,
    ConfigError,
    ProviderUnavailableError,
    SummarizerError,
    UsageError,
)
from ..event_loop import run_sync
from ..failures import error_data, error_from
from ..prompts import Prompt, load_prompt
from ..schema import SCHEMA_VERSION, Brief
from ..store import BriefKey, CallRecord, Store
from .accounts import call_record, priced
from .collection import Collector
from .errors import BatchLockedError, BatchPending, check_settings
from .keys import job_settings, settings_for
from .records import OPEN_BATCH_STATES, BatchLog, BatchRow, Job, JobArticle
from .remote import BatchAPI, epoch
from .spool import Spool, stale_parts
from .submission import Submitter
from .tick import Finished, run_pass
from .transport import BatchRequestFailed, Direct, ReplayTransport

# Errors that say the endpoint cannot be used now (past the deadline, sending directly):
# the article stays pending rather than failing for good.
_OUTAGE = (AuthError, ConfigError, ProviderUnavailableError)


@dataclass(frozen=True)
class Item:
    """One article of a job; ``salt`` keeps apart repeats of the same article."""

    key: str
    article: Article
    salt: str = ""


@dataclass
class Progress:
    """Where a job stands after an advance."""

    job: Job
    outcomes: dict[str, Brief | SummarizerError] = field(default_factory=dict)
    calls: list[CallRecord] = field(default_factory=list)  # of articles finished now
    pending: int = 0
    running: list[BatchRow] = field(default_factory=list)
    submitted: list[BatchRow] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.pending == 0

    def message(self) -> str:
        """One line: what was submitted or is awaited, and that a later run collects it."""
        if self.done:
            return f"{self.job.label}: every article is finished"
        if self.submitted:
            requests = sum(b.requests for b in self.submitted)
            names = ", ".join(b.name for b in self.submitted)
            return (
                f"{self.job.label}: submitted {requests} requests for {self.pending} articles "
                f"in batch {names}; run again later to collect them (a batch is answered "
                "within 24 hours)"
            )
        waiting = ", ".join(
            f"{b.name} ({b.status or b.state}, {b.completed}/{b.requests} done)"
            for b in self.running
        )
        return (
            f"{self.job.label}: {self.pending} articles wait for batch {waiting or '(none)'}; "
            "run again later"
        )

    def pending_error(self) -> BatchPending:
        return BatchPending(self.message())


# ------------------------------------------------------------------- errors


def error_text(exc: SummarizerError) -> str:
    """An article's error as the store keeps it."""
    return json.dumps(error_data(exc), ensure_ascii=False)


def outcome(article: JobArticle) -> Brief | SummarizerError | None:
    """A stored article's brief or error; None while it is pending."""
    if article.brief is not None:
        return Brief.model_validate_json(article.brief)
    if article.error is not None:
        return error_from(json.loads(article.error))
    return None


# --------------------------------------------------------------------- jobs


class BatchJobs:
    """The batch jobs of one store, advanced with ``settings`` (see the module docstring).

    ``run_id``: the daily run doing the work, whose run log gets the calls.
    """

    def __init__(self, store: Store, settings: Settings, *, run_id: int | None = None):
        self.store = store
        self.settings = settings
        self.run_id = run_id
        self.log = BatchLog(store)
        self.folder = settings.data_dir / "batches"
        self.submitter = Submitter(self.log, self.folder)
        self.collector = Collector(self.log, self.folder, settings.max_response_bytes)

    # ------------------------------------------------------------ entry points

    def advance(self, kind: str, key: str, label: str, items: Sequence[Item]) -> Progress:
        """:meth:`aadvance` from synchronous code."""
        return run_sync(self.aadvance(kind, key, label, items))

    async def aadvance(self, kind: str, key: str, label: str, items: Sequence[Item]) -> Progress:
        """Add ``items`` to the job ``key`` (created when new) and advance it.

        Raises:
            ConfigError: not the openai provider, or no API key.
            BatchLockedError: another process is advancing this job.
            ProviderError, StoreError: the API or the store failed.
        """
        check_settings(self.settings)
        prompt = load_prompt(self.settings.prompt, self.settings.prompts_dir)
        model = self.settings.model or DEFAULT_OPENAI_MODEL
        job = self.log.open_job(kind, key, label, job_settings(self.settings, prompt), model)
        given = {item.key: item.article for item in items}
        with self._lock(job):
            self.log.add_articles(job, [(i.key, i.article, i.salt) for i in items])
            progress = await self._advance(job, self.settings, prompt, given)
        wanted = {item.key for item in items}
        for article in self.log.articles(job):
            result = outcome(article)
            if article.key in wanted and result is not None:
                progress.outcomes[article.key] = result
        return progress

    async def collect(self) -> list[Progress | SummarizerError]:
        """Advance every open job with the request settings it was started with (endpoint
        and API key are these settings'). A job that cannot be advanced here (another
        process holds it, another endpoint, a changed prompt) is left as it is: its error
        takes its place in the list."""
        done: list[Progress | SummarizerError] = []
        for job in self.log.open_jobs():
            try:
                settings = settings_for(job, self.settings)
                prompt = load_prompt(settings.prompt, settings.prompts_dir)
                if prompt.sha256 != job.settings.get("prompt_sha256"):
                    raise UsageError(
                        f"{job.label}: prompt {settings.prompt} changed since the job started; "
                        "collect it with the prompt folder it was started with"
                    )
                with self._lock(job):
                    done.append(await self._advance(job, settings, prompt))
            except (BatchLockedError, UsageError) as exc:
                done.append(exc)
        return done

    async def cancel(self, ref: str) -> BatchRow:
        """Ask the API to cancel batch ``ref`` (the API's id or the store's number).

        Raises:
            UsageError: no such batch, or it is not under way.
        """
        row = self.log.batch(ref)
        if row is None:
            raise UsageError(f"no batch {ref!r} in the store (see `summarizer batches list`)")
        if row.state != "submitted" or row.batch_id is None:
            raise UsageError(
                f"batch {row.name} is {row.state}: only a batch under way can be cancelled"
            )
        job = self.log.job(row.job_id)
        assert job is not None
        async with BatchAPI(settings_for(job, self.settings)) as api:
            batch = await api.cancel(row.batch_id)
        return self.log.update_batch(row, status=batch.status)

    @contextmanager
    def _lock(self, job: Job) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.folder / f"job{job.id}.lock", timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise BatchLockedError(
                f"{job.label}: another process is submitting or collecting this job; try again "
                "once it has finished"
            ) from None
        try:
            yield
        finally:
            lock.release()

    # ------------------------------------------------------------------ steps

    async def _advance(
        self,
        job: Job,
        settings: Settings,
        prompt: Prompt,
        given: dict[str, Article] | None = None,
    ) -> Progress:
        """One step of ``job`` (see the module docstring); ``given`` are the caller's
        articles by key, which take the place of the stored (masked) copies."""
        if self.run_id is not None and job.run_id != self.run_id:
            job = self.log.update_job(job, run_id=self.run_id)
        async with BatchAPI(settings) as api:
            for row in self.log.batches(job, states=("intent", "uploaded")):
                await self.submitter.reconcile(job, api, row)
            self._clean_spool(job)
            for row in self.log.batches(job, states=("submitted",)):
                await self.collector.refresh(job, api, row)
            job = self._job(job)
            direct = self._past_deadline(job, settings)
            spool = None if direct else self._spool(job, settings)
            try:
                progress = await self._pass(job, settings, prompt, spool, given or {})
                if spool is not None and spool.parts:
                    spool.close()
                    for part in spool.parts:
                        progress.submitted.append(await self.submitter.submit(job, api, part))
            finally:
                if spool is not None:
                    spool.discard()
        return self._finish(self._job(job), progress)

    def _job(self, job: Job) -> Job:
        found = self.log.job(job.id)
        assert found is not None
        return found

    def _spool(self, job: Job, settings: Settings) -> Spool:
        return Spool(self.folder, job.id, settings.batch_max_requests, settings.batch_max_bytes)

    def _clean_spool(self, job: Job) -> None:
        keep = {row.token for row in self.log.batches(job, states=("intent", "uploaded"))}
        for path in stale_parts(self.folder, job.id, keep):
            path.unlink(missing_ok=True)

    def _past_deadline(self, job: Job, settings: Settings) -> bool:
        if job.first_submitted_at is None:
            return False
        started = epoch(job.first_submitted_at)
        return datetime.now(UTC).timestamp() - started >= settings.batch_deadline

    async def _pass(
        self,
        job: Job,
        settings: Settings,
        prompt: Prompt,
        spool: Spool | None,
        given: dict[str, Article],
    ) -> Progress:
        """Run the pending articles; store what finished; the progress so far.

        An article whose stored text masking changed, and that the caller did not give
        again, waits for a caller that has it (its requests would not be its own).
        """
        pending = [
            replace(a, article=given[a.key]) if a.key in given else a
            for a in self.log.articles(job, "pending")
            if a.key in given or a.intact
        ]
        direct = None
        if spool is None:
            waiting = self.log.inflight_articles(job)
            pending = [a for a in pending if a.key not in waiting]
            direct = Direct(
                settings.max_response_bytes,
                lambda request_id, key, body: self.log.record_direct(job, request_id, key, body),
            )
        transport = ReplayTransport(
            lambda request_id: self.log.answer(job, request_id),
            max_submissions=settings.retry_attempts,
            spool=spool,
            direct=direct,
        )
        finished = await asyncio.to_thread(run_pass, pending, settings, transport)
        progress = Progress(job)
        outage = self._record(job, settings, prompt, pending, finished, progress)
        if outage is not None:
            raise outage
        return progress

    def _record(
        self,
        job: Job,
        settings: Settings,
        prompt: Prompt,
        articles: Sequence[JobArticle],
        finished: list[Finished],
        progress: Progress,
    ) -> SummarizerError | None:
        """Store the finished articles (briefs at the batch price) and their run-log rows;
        the first outage error met sending directly, if any (those articles stay pending)."""
        by_key = {a.key: a for a in articles}
        rows: list[tuple[str, str | None, str | None]] = []
        outage: SummarizerError | None = None
        for done in finished:
            result = done.result
            if isinstance(result, _OUTAGE) and not isinstance(result, BatchRequestFailed):
                outage = outage or result
                continue
            if isinstance(result, Brief):
                result = priced(result, done.tally, settings)
                rows.append((done.key, result.model_dump_json(), None))
                if job.kind == "daily":
                    self.store.put_brief(self._brief_key(by_key[done.key], job, prompt), result)
            else:
                rows.append((done.key, None, error_text(result)))
            for call in done.tally.calls:
                record = call_record(call, settings, job.model, prompt.id)
                progress.calls.append(record)
                self.store.log_call(job.run_id, record)
        self.log.finish_articles(job, rows)
        return outage

    def _brief_key(self, article: JobArticle, job: Job, prompt: Prompt) -> BriefKey:
        return BriefKey(article.article.id, prompt.sha256, "openai", job.model, SCHEMA_VERSION)

    def _finish(self, job: Job, progress: Progress) -> Progress:
        progress.job = job
        progress.pending = self.log.article_counts(job).get("pending", 0)
        progress.running = self.log.batches(job, states=OPEN_BATCH_STATES)
        if progress.pending == 0 and not progress.running and job.status != "done":
            progress.job = self.log.update_job(job, status="done")
            self.log.forget_answers(job)
        return progress
