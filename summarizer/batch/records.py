"""The batch tables of the store: jobs, their articles, batches and every request.

* ``batch_jobs``: one per job (a day of ``daily``, an eval variant, a ``summarize_many``
  call): its key, the settings its requests are built with (never the API key),
  whether it is still open, when it first submitted.
* ``batch_articles``: a job's articles in input order and each one's outcome (the
  brief's JSON or the error). The text is stored with secrets masked like every
  text here, so ``article_id`` (the sha256 of the text as given) tells whether the
  stored text is still the article.
* ``batches``: one row per batch, written *before* its file is uploaded (state
  ``intent``), then ``uploaded`` (input file id), ``submitted`` (batch id),
  ``collected`` (output read) or ``abandoned`` (nothing reached the API). ``token``
  is also the batch's ``metadata`` and its file's name, to find it after a kill.
* ``batch_members``: the ``custom_id`` of every request each batch carried.
* ``batch_requests``: every request of a job by ``custom_id`` (the sha256 of its
  body): ``sent`` (in a batch not yet read), ``answered`` (the answer's body),
  ``error`` (a final HTTP error, replayed as such), ``failed`` (a final failure
  in our words), ``retry`` (to be sent again), and how often it was submitted.

Every write goes through :meth:`summarizer.store.Store.write`, so secrets are
masked as everywhere in the store; the tables are created next to the store's own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from ..article import Article
from ..store import Store

RequestState = Literal["sent", "answered", "error", "failed", "retry"]
BatchState = Literal["intent", "uploaded", "submitted", "collected", "abandoned"]
OPEN_BATCH_STATES = ("intent", "uploaded", "submitted")

TABLES = """
CREATE TABLE IF NOT EXISTS batch_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    settings TEXT NOT NULL,
    model TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    run_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_submitted_at TEXT
);
CREATE TABLE IF NOT EXISTS batch_articles (
    job_id INTEGER NOT NULL REFERENCES batch_jobs(id),
    key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    salt TEXT NOT NULL DEFAULT '',
    article_id TEXT NOT NULL,
    text TEXT NOT NULL,
    title TEXT,
    url TEXT,
    published TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    brief TEXT,
    error TEXT,
    finished_at TEXT,
    PRIMARY KEY (job_id, key)
);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL REFERENCES batch_jobs(id),
    token TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    batch_id TEXT,
    input_file_id TEXT,
    output_file_id TEXT,
    error_file_id TEXT,
    status TEXT,
    requests INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    completed INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    ended_at TEXT,
    collected_at TEXT,
    error TEXT
);
CREATE TABLE IF NOT EXISTS batch_members (
    batch INTEGER NOT NULL REFERENCES batches(id),
    custom_id TEXT NOT NULL,
    PRIMARY KEY (batch, custom_id)
);
CREATE TABLE IF NOT EXISTS batch_requests (
    job_id INTEGER NOT NULL REFERENCES batch_jobs(id),
    custom_id TEXT NOT NULL,
    article_key TEXT NOT NULL,
    batch INTEGER REFERENCES batches(id),
    state TEXT NOT NULL,
    submissions INTEGER NOT NULL DEFAULT 0,
    status_code INTEGER,
    body TEXT,
    error TEXT,
    answered_at TEXT,
    PRIMARY KEY (job_id, custom_id)
);
CREATE INDEX IF NOT EXISTS batch_requests_by_batch ON batch_requests(batch);
CREATE INDEX IF NOT EXISTS batches_by_job ON batches(job_id);
"""


def now() -> str:
    """The current UTC time as the store writes it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_time(value: str | None) -> datetime | None:
    """A time the store wrote, or None."""
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Job:
    """One job: the articles of a run that go through the Batch API together."""

    id: int
    kind: str
    key: str
    label: str
    settings: dict[str, Any]
    model: str
    status: str
    run_id: int | None
    created_at: str
    first_submitted_at: str | None


@dataclass(frozen=True)
class JobArticle:
    """One article of a job and, once finished, its brief (JSON) or error."""

    key: str
    seq: int
    article: Article
    salt: str
    status: str
    brief: str | None
    error: str | None
    article_id: str = ""

    @property
    def intact(self) -> bool:
        """Whether the stored text is the article as given (masking changed nothing)."""
        return self.article.id == self.article_id


@dataclass(frozen=True)
class BatchRow:
    """One batch as the store knows it."""

    id: int
    job_id: int
    token: str
    state: str
    batch_id: str | None
    input_file_id: str | None
    output_file_id: str | None
    error_file_id: str | None
    status: str | None
    requests: int
    bytes: int
    completed: int
    failed: int
    created_at: str
    submitted_at: str | None
    ended_at: str | None
    collected_at: str | None
    error: str | None

    @property
    def name(self) -> str:
        """How people see it: the API's batch id, else the store's number."""
        return self.batch_id or f"#{self.id} (not submitted)"


@dataclass(frozen=True)
class Answer:
    """What the store holds for one request."""

    custom_id: str
    state: str
    status_code: int | None
    body: str | None
    error: str | None
    submissions: int
    batch_id: str | None
    latency_s: float


@dataclass(frozen=True)
class Line:
    """One request's outcome as read from a batch's output or error file."""

    custom_id: str
    state: RequestState
    status_code: int | None = None
    body: str | None = None
    error: str | None = None


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        kind=row["kind"],
        key=row["key"],
        label=row["label"],
        settings=json.loads(row["settings"]),
        model=row["model"],
        status=row["status"],
        run_id=row["run_id"],
        created_at=row["created_at"],
        first_submitted_at=row["first_submitted_at"],
    )


def _batch(row: sqlite3.Row) -> BatchRow:
    return BatchRow(**{name: row[name] for name in BatchRow.__dataclass_fields__})


class BatchLog:
    """The batch tables of one store (see the module docstring)."""

    def __init__(self, store: Store):
        self.store = store
        store.ensure_tables(TABLES)

    # ----------------------------------------------------------------- jobs

    def open_job(
        self, kind: str, key: str, label: str, settings: dict[str, Any], model: str
    ) -> Job:
        """The job with ``key``, created when new."""
        stamp = now()
        self.store.write(
            "INSERT OR IGNORE INTO batch_jobs (kind, key, label, settings, model, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, key, label, json.dumps(settings, sort_keys=True), model, stamp, stamp),
        )
        job = self.find_job(key)
        assert job is not None
        return job

    def find_job(self, key: str) -> Job | None:
        rows = self.store.query("SELECT * FROM batch_jobs WHERE key=?", (key,))
        return _job(rows[0]) if rows else None

    def job(self, job_id: int) -> Job | None:
        rows = self.store.query("SELECT * FROM batch_jobs WHERE id=?", (job_id,))
        return _job(rows[0]) if rows else None

    def open_jobs(self) -> list[Job]:
        """Jobs with articles or batches still to finish, oldest first."""
        rows = self.store.query("SELECT * FROM batch_jobs WHERE status='open' ORDER BY id")
        return [_job(row) for row in rows]

    def update_job(self, job: Job, **values: Any) -> Job:
        """``job`` with columns changed (status, run_id, first_submitted_at)."""
        columns = ", ".join(f"{name}=?" for name in values)
        self.store.write(
            f"UPDATE batch_jobs SET {columns}, updated_at=? WHERE id=?",
            (*values.values(), now(), job.id),
        )
        updated = self.job(job.id)
        assert updated is not None
        return updated

    # ------------------------------------------------------------- articles

    def add_articles(self, job: Job, items: Iterable[tuple[str, Article, str]]) -> int:
        """Add ``(key, article, salt)`` items the job does not hold yet; how many were new.

        A new article reopens a finished job.
        """
        start = self.store.query(
            "SELECT COALESCE(MAX(seq), -1) + 1 FROM batch_articles WHERE job_id=?", (job.id,)
        )[0][0]
        rows = [
            (job.id, key, start + i, salt, a.id, a.text, a.title, a.url, a.published)
            for i, (key, a, salt) in enumerate(items)
        ]
        before = self._count(job)
        self.store.write_many(
            "INSERT OR IGNORE INTO batch_articles (job_id, key, seq, salt, article_id, text, "
            "title, url, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        added = self._count(job) - before
        if added and job.status != "open":
            self.update_job(job, status="open")
        return added

    def _count(self, job: Job) -> int:
        return int(
            self.store.query("SELECT COUNT(*) FROM batch_articles WHERE job_id=?", (job.id,))[0][0]
        )

    def articles(self, job: Job, status: str | None = None) -> list[JobArticle]:
        """The job's articles in input order (only those in ``status``, when given)."""
        sql = "SELECT * FROM batch_articles WHERE job_id=?"
        params: tuple[Any, ...] = (job.id,)
        if status is not None:
            sql += " AND status=?"
            params += (status,)
        rows = self.store.query(sql + " ORDER BY seq", params)
        return [
            JobArticle(
                key=row["key"],
                seq=row["seq"],
                article=Article(row["text"], row["title"], row["url"], row["published"]),
                salt=row["salt"],
                status=row["status"],
                brief=row["brief"],
                error=row["error"],
                article_id=row["article_id"],
            )
            for row in rows
        ]

    def finish_articles(self, job: Job, outcomes: list[tuple[str, str | None, str | None]]) -> None:
        """Record ``(key, brief JSON, error)`` of finished articles, all at once."""
        stamp = now()
        self.store.write_many(
            "UPDATE batch_articles SET status=?, brief=?, error=?, finished_at=? "
            "WHERE job_id=? AND key=?",
            [
                ("done" if brief is not None else "failed", brief, error, stamp, job.id, key)
                for key, brief, error in outcomes
            ],
        )

    def article_counts(self, job: Job) -> dict[str, int]:
        rows = self.store.query(
            "SELECT status, COUNT(*) FROM batch_articles WHERE job_id=? GROUP BY status", (job.id,)
        )
        return {row[0]: int(row[1]) for row in rows}

    # -------------------------------------------------------------- batches

    def new_batch(
        self, job: Job, token: str, requests: list[tuple[str, str]], size: int
    ) -> BatchRow:
        """The intent to submit ``requests`` (``(custom_id, article key)``) as one batch of
        ``size`` bytes: its row, members and requests marked ``sent``, in one transaction,
        before anything is uploaded."""
        stamp = now()
        with self.store.transaction():
            cursor = self.store.write(
                "INSERT INTO batches (job_id, token, state, requests, bytes, created_at) "
                "VALUES (?, ?, 'intent', ?, ?, ?)",
                (job.id, token, len(requests), size, stamp),
            )
            row_id = int(cursor.lastrowid or 0)
            self.store.write_many(
                "INSERT OR IGNORE INTO batch_members (batch, custom_id) VALUES (?, ?)",
                [(row_id, custom_id) for custom_id, _ in requests],
            )
            self.store.write_many(
                "INSERT INTO batch_requests (job_id, custom_id, article_key, batch, state, "
                "submissions) VALUES (?, ?, ?, ?, 'sent', 1) ON CONFLICT (job_id, custom_id) DO "
                "UPDATE SET batch=excluded.batch, state='sent', "
                "submissions=batch_requests.submissions + 1",
                [(job.id, custom_id, key, row_id) for custom_id, key in requests],
            )
        found = self.batch(row_id)
        assert found is not None
        return found

    def update_batch(self, row: BatchRow, **values: Any) -> BatchRow:
        """``row`` with columns changed."""
        columns = ", ".join(f"{name}=?" for name in values)
        self.store.write(f"UPDATE batches SET {columns} WHERE id=?", (*values.values(), row.id))
        found = self.batch(row.id)
        assert found is not None
        return found

    def abandon_batch(self, row: BatchRow, reason: str) -> None:
        """Nothing of ``row`` reached the API: its requests are to be sent again, as new."""
        with self.store.transaction():
            self.store.write(
                "UPDATE batches SET state='abandoned', error=? WHERE id=?", (reason, row.id)
            )
            self.store.write(
                "UPDATE batch_requests SET state='retry', submissions=submissions - 1 "
                "WHERE batch=? AND state='sent'",
                (row.id,),
            )

    def record_lines(
        self, row: BatchRow, lines: Iterable[Line], unanswered: Line, **values: Any
    ) -> BatchRow:
        """Store what ``row``'s output and error files said, in one transaction, and mark it
        collected; its requests without a line get ``unanswered``'s state and error."""
        stamp = now()
        with self.store.transaction():
            self.store.write_many(
                "UPDATE batch_requests SET state=?, status_code=?, body=?, error=?, answered_at=? "
                "WHERE job_id=? AND custom_id=? AND batch=? AND state='sent'",
                [
                    (
                        line.state,
                        line.status_code,
                        line.body,
                        line.error,
                        stamp,
                        row.job_id,
                        line.custom_id,
                        row.id,
                    )
                    for line in lines
                ],
            )
            self.store.write(
                "UPDATE batch_requests SET state=?, error=?, answered_at=? "
                "WHERE batch=? AND state='sent'",
                (unanswered.state, unanswered.error, stamp, row.id),
            )
            columns = ", ".join(f"{name}=?" for name in values)
            self.store.write(
                f"UPDATE batches SET state='collected', collected_at=?, {columns} WHERE id=?",
                (stamp, *values.values(), row.id),
            )
        found = self.batch(row.id)
        assert found is not None
        return found

    def batch(self, ref: int | str) -> BatchRow | None:
        """A batch by the store's number or the API's batch id."""
        if isinstance(ref, int) or str(ref).isdigit():
            rows = self.store.query("SELECT * FROM batches WHERE id=?", (int(ref),))
        else:
            rows = self.store.query("SELECT * FROM batches WHERE batch_id=?", (ref,))
        return _batch(rows[0]) if rows else None

    def batches(
        self, job: Job | None = None, states: tuple[str, ...] = (), limit: int | None = None
    ) -> list[BatchRow]:
        """Batches, newest first: of ``job``, in ``states``, at most ``limit``."""
        sql = "SELECT * FROM batches WHERE 1=1"
        params: list[object] = []
        if job is not None:
            sql += " AND job_id=?"
            params.append(job.id)
        if states:
            sql += f" AND state IN ({', '.join('?' for _ in states)})"
            params.extend(states)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_batch(row) for row in self.store.query(sql, tuple(params))]

    def members(self, row: BatchRow) -> list[dict[str, Any]]:
        """Every request ``row`` carried: custom_id, article key, state now, error."""
        rows = self.store.query(
            "SELECT m.custom_id, r.article_key, r.state, r.submissions, r.status_code, r.error "
            "FROM batch_members m LEFT JOIN batch_requests r "
            "ON r.custom_id = m.custom_id AND r.job_id = ? WHERE m.batch=? ORDER BY m.rowid",
            (row.job_id, row.id),
        )
        return [dict(r) for r in rows]

    # ------------------------------------------------------------- requests

    def answer(self, job: Job, custom_id: str) -> Answer | None:
        """What the store holds for ``custom_id`` in ``job``."""
        rows = self.store.query(
            "SELECT r.*, b.batch_id, b.submitted_at, b.ended_at FROM batch_requests r "
            "LEFT JOIN batches b ON b.id = r.batch WHERE r.job_id=? AND r.custom_id=?",
            (job.id, custom_id),
        )
        if not rows:
            return None
        row = rows[0]
        started, ended = parse_time(row["submitted_at"]), parse_time(row["ended_at"])
        latency = (ended - started).total_seconds() if started and ended else 0.0
        return Answer(
            custom_id=custom_id,
            state=row["state"],
            status_code=row["status_code"],
            body=row["body"],
            error=row["error"],
            submissions=row["submissions"],
            batch_id=row["batch_id"],
            latency_s=max(latency, 0.0),
        )

    def record_direct(self, job: Job, custom_id: str, article_key: str, body: str) -> None:
        """An answer got synchronously (past the deadline), kept so it is never paid again."""
        self.store.write(
            "INSERT INTO batch_requests (job_id, custom_id, article_key, state, status_code, "
            "body, answered_at) VALUES (?, ?, ?, 'answered', 200, ?, ?) "
            "ON CONFLICT (job_id, custom_id) DO UPDATE SET state='answered', status_code=200, "
            "body=excluded.body, error=NULL, answered_at=excluded.answered_at",
            (job.id, custom_id, article_key, body, now()),
        )

    def inflight_articles(self, job: Job) -> set[str]:
        """Keys of the job's articles with a request in a batch not yet read."""
        rows = self.store.query(
            "SELECT DISTINCT article_key FROM batch_requests WHERE job_id=? AND state='sent'",
            (job.id,),
        )
        return {row[0] for row in rows}

    def request_counts(self, job: Job) -> dict[str, int]:
        rows = self.store.query(
            "SELECT state, COUNT(*) FROM batch_requests WHERE job_id=? GROUP BY state", (job.id,)
        )
        return {row[0]: int(row[1]) for row in rows}

    def forget_answers(self, job: Job) -> None:
        """Drop the answer bodies of a finished job (its briefs are kept)."""
        self.store.write("UPDATE batch_requests SET body=NULL WHERE job_id=?", (job.id,))
