"""The store: one SQLite file under ``Settings.data_dir`` holding the brief cache, the run
log and the call log.

* ``briefs``: finished briefs keyed by (article id, prompt sha256, provider, model,
  schema version), so an article already summarised the same way is never paid
  for twice.
* ``runs``: one row per daily run (day, output folder, status, counts, failures).
* ``calls``: the call log, one row per provider call from any command or the API
  (time, provider, model, prompt id and sha256, article title, every request's
  messages and the answers, the final answer, tokens, cost, latency, outcome
  ``ok``/``repaired``/``error`` and the error), tied to its daily run if any.
  Rows written by an older version lack what it did not record.

Every write commits at once (WAL journal), so a process killed at any point
keeps everything it finished. Every text written has its secrets masked
(:func:`summarizer.redact.mask`): an error that echoed a key is stored without it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import SummarizerError
from .redact import mask
from .schema import Brief, Usage

STORE_FILENAME = "store.sqlite3"
_VERSION = 1

_TABLES = """
CREATE TABLE IF NOT EXISTS briefs (
    article_id TEXT NOT NULL,
    prompt_sha256 TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    brief TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (article_id, prompt_sha256, provider, model, schema_version)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    day TEXT NOT NULL,
    out_dir TEXT NOT NULL,
    provider TEXT,
    model TEXT,
    status TEXT NOT NULL,
    articles INTEGER NOT NULL DEFAULT 0,
    summarised INTEGER NOT NULL DEFAULT 0,
    reused INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    failures TEXT NOT NULL DEFAULT '[]',
    exit_code INTEGER,
    error TEXT
);
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER REFERENCES runs(id),
    time TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_id TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    label TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    total_tokens INTEGER NOT NULL,
    cost_usd REAL,
    latency_s REAL NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT,
    kind TEXT NOT NULL DEFAULT 'extract',
    title TEXT,
    prompt_sha256 TEXT,
    exchanges TEXT NOT NULL DEFAULT '[]',
    response TEXT
);
CREATE INDEX IF NOT EXISTS calls_by_run ON calls(run_id);
"""
# Columns of ``calls`` added after its first version (also in _TABLES), created on the
# first open of a store made before them.
_CALL_COLUMNS = {
    "kind": "TEXT NOT NULL DEFAULT 'extract'",
    "title": "TEXT",
    "prompt_sha256": "TEXT",
    "exchanges": "TEXT NOT NULL DEFAULT '[]'",
    "response": "TEXT",
}
# What a list of calls shows: everything but the messages and answers.
_CALL_SUMMARY = (
    "id, run_id, time, kind, provider, model, prompt_id, prompt_sha256, title, label, "
    "text_sha256, attempts, prompt_tokens, completion_tokens, total_tokens, cost_usd, "
    "latency_s, outcome, error"
)

_RUN_TOTALS = """
SELECT runs.*,
       COUNT(calls.id) AS calls,
       COALESCE(SUM(calls.total_tokens), 0) AS tokens,
       ROUND(COALESCE(SUM(calls.cost_usd), 0.0), 8) AS cost_usd
FROM runs LEFT JOIN calls ON calls.run_id = runs.id
"""


class StoreError(SummarizerError):
    """The store file cannot be opened or written (permissions, disk, corruption)."""

    exit_code = 3


@dataclass(frozen=True)
class BriefKey:
    """What makes two briefs interchangeable: same text, prompt, provider, model and schema."""

    article_id: str
    prompt_sha256: str
    provider: str
    model: str
    schema_version: str


@dataclass(frozen=True)
class CallRecord:
    """One provider call as the call log keeps it.

    ``text_sha256`` is the digest of the text sent: the article id when the
    article fits in one request. ``kind`` is ``extract`` or ``verify``;
    ``outcome`` is ``ok`` (the first answer was used as it was), ``repaired``
    (re-asks or repairs were needed) or ``error``. ``exchanges`` holds each
    request and answer (:meth:`summarizer.providers.exchanges.Exchange.to_data`),
    ``response`` the final answer as data.
    """

    provider: str
    model: str
    prompt_id: str
    text_sha256: str
    label: str
    attempts: int
    usage: Usage
    cost_usd: float | None
    latency_s: float
    outcome: str
    error: str | None = None
    kind: str = "extract"
    title: str | None = None
    prompt_sha256: str = ""
    exchanges: tuple[dict[str, Any], ...] = ()
    response: Any = None


class _MaskedJson(str):
    """JSON text already masked, and still valid JSON."""


def masked_json(data: Any) -> _MaskedJson:
    """``data`` as JSON text with its secrets masked (:func:`summarizer.redact.mask`).

    The text is masked whole, as every other stored text; when that leaves invalid JSON
    (a masked value that ran into an escaped quote), each string is masked on its own.
    """
    text = json.dumps(data, ensure_ascii=False, default=str)
    masked = mask(text)
    if masked != text:
        try:
            json.loads(masked)
        except ValueError:
            masked = json.dumps(_mask_strings(data), ensure_ascii=False, default=str)
    return _MaskedJson(masked)


def _mask_strings(data: Any) -> Any:
    if isinstance(data, str):
        return mask(data)
    if isinstance(data, dict):
        return {mask(str(k)): _mask_strings(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_mask_strings(v) for v in data]
    return data


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The brief cache and the run log in one SQLite file; a context manager."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if self._db.execute("PRAGMA user_version").fetchone()[0] < _VERSION:
                self._db.executescript(_TABLES)
                self._db.execute(f"PRAGMA user_version={_VERSION}")
            self._add_call_columns()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store {path}: {exc}") from None

    def _add_call_columns(self) -> None:
        """Give a store made by an older version the call log's newer columns."""
        present = {row["name"] for row in self._db.execute("PRAGMA table_info(calls)")}
        for name, definition in _CALL_COLUMNS.items():
            if name not in present:
                self._db.execute(f"ALTER TABLE calls ADD COLUMN {name} {definition}")

    @classmethod
    def in_dir(cls, data_dir: Path) -> Store:
        """The store file inside ``data_dir``."""
        return cls(data_dir / STORE_FILENAME)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self._db
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from None

    def _write(self, sql: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
        """Run one write statement, every text parameter masked."""
        masked = tuple(
            mask(p) if isinstance(p, str) and not isinstance(p, _MaskedJson) else p for p in params
        )
        with self._writing() as db:
            return db.execute(sql, masked)

    # --------------------------------------------- tables of other parts of the library

    def ensure_tables(self, script: str) -> None:
        """Create the tables of ``script`` (``CREATE ... IF NOT EXISTS`` statements) in this
        file, so a part of the library keeps its own tables next to these."""
        with self._writing() as db:
            db.executescript(script)

    def write(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """Run one write statement, every text parameter masked (committed at once, unless
        inside :meth:`transaction`)."""
        return self._write(sql, params)

    def write_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run one write statement for each of ``rows``, every text parameter masked."""
        with self._writing() as db:
            db.executemany(
                sql, [tuple(mask(p) if isinstance(p, str) else p for p in row) for row in rows]
            )

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """The rows of one read statement."""
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc}") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Writes inside the block commit together, or not at all (a kill included)."""
        with self._writing() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # ------------------------------------------------------------------ briefs

    def get_brief(self, key: BriefKey) -> Brief | None:
        """The cached brief for ``key``; None when absent or no longer valid."""
        row = self._db.execute(
            "SELECT brief FROM briefs WHERE article_id=? AND prompt_sha256=? AND provider=? "
            "AND model=? AND schema_version=?",
            (key.article_id, key.prompt_sha256, key.provider, key.model, key.schema_version),
        ).fetchone()
        if row is None:
            return None
        try:
            return Brief.model_validate_json(row["brief"])
        except ValidationError:
            return None

    def put_brief(self, key: BriefKey, brief: Brief) -> None:
        """Cache ``brief`` under ``key`` (committed before this returns)."""
        self._write(
            "INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                key.article_id,
                key.prompt_sha256,
                key.provider,
                key.model,
                key.schema_version,
                brief.model_dump_json(),
                _now(),
            ),
        )

    def brief_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM briefs").fetchone()[0])

    # -------------------------------------------------------------------- runs

    def start_run(self, day: str, out_dir: Path, provider: str, model: str) -> int:
        """A new run row in state ``running``; earlier runs of the same day and
        folder still marked running (their process died) become ``interrupted``."""
        out = str(out_dir.resolve())
        self._write(
            "UPDATE runs SET status='interrupted' WHERE status='running' AND day=? AND out_dir=?",
            (day, out),
        )
        cursor = self._write(
            "INSERT INTO runs (started_at, day, out_dir, provider, model, status) "
            "VALUES (?, ?, ?, ?, ?, 'running')",
            (_now(), day, out, provider, model),
        )
        return int(cursor.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        *,
        status: str,
        exit_code: int,
        articles: int = 0,
        summarised: int = 0,
        reused: int = 0,
        failures: list[dict[str, Any]] | None = None,
        error: str | None = None,
    ) -> None:
        """Record how run ``run_id`` ended."""
        failures = failures or []
        self._write(
            "UPDATE runs SET finished_at=?, status=?, exit_code=?, articles=?, summarised=?, "
            "reused=?, failed=?, failures=?, error=? WHERE id=?",
            (
                _now(),
                status,
                exit_code,
                articles,
                summarised,
                reused,
                len(failures),
                json.dumps(failures, ensure_ascii=False),
                error,
                run_id,
            ),
        )

    def log_call(self, run_id: int | None, call: CallRecord) -> int:
        """Append one provider call to the call log (of run ``run_id``, if any); its id."""
        u = call.usage
        cursor = self._write(
            "INSERT INTO calls (run_id, time, provider, model, prompt_id, text_sha256, label, "
            "attempts, prompt_tokens, completion_tokens, total_tokens, cost_usd, latency_s, "
            "outcome, error, kind, title, prompt_sha256, exchanges, response) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                _now(),
                call.provider,
                call.model,
                call.prompt_id,
                call.text_sha256,
                call.label,
                call.attempts,
                u.prompt_tokens,
                u.completion_tokens,
                u.total_tokens,
                call.cost_usd,
                round(call.latency_s, 4),
                call.outcome,
                call.error,
                call.kind,
                call.title,
                call.prompt_sha256,
                masked_json(list(call.exchanges)),
                None if call.response is None else masked_json(call.response),
            ),
        )
        return int(cursor.lastrowid or 0)

    def recent_calls(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest ``limit`` calls, newest first, without their messages and answers."""
        rows = self._db.execute(
            f"SELECT {_CALL_SUMMARY} FROM calls ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [dict(row) for row in rows]

    def call(self, call_id: int) -> dict[str, Any] | None:
        """One call with its exchanges and final answer (as data); None when unknown."""
        row = self._db.execute("SELECT * FROM calls WHERE id=?", (call_id,)).fetchone()
        if row is None:
            return None
        call = dict(row)
        call["exchanges"] = json.loads(call["exchanges"] or "[]")
        call["response"] = json.loads(call["response"]) if call["response"] else None
        return call

    def call_count(self) -> int:
        """How many calls the log holds."""
        return int(self._db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])

    def recent_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs, newest first, with their call count, tokens and cost."""
        rows = self._db.execute(
            f"{_RUN_TOTALS} GROUP BY runs.id ORDER BY runs.id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [_run_dict(row) for row in rows]

    def run(self, run_id: int) -> dict[str, Any] | None:
        """One run with its totals, failures and every provider call; None when unknown."""
        row = self._db.execute(
            f"{_RUN_TOTALS} WHERE runs.id=? GROUP BY runs.id", (run_id,)
        ).fetchone()
        if row is None:
            return None
        run = _run_dict(row)
        run["calls_log"] = self.calls(run_id)
        return run

    def calls(self, run_id: int) -> list[dict[str, Any]]:
        """The provider calls of run ``run_id``, oldest first, without messages and answers."""
        rows = self._db.execute(
            f"SELECT {_CALL_SUMMARY} FROM calls WHERE run_id=? ORDER BY id", (run_id,)
        )
        return [dict(row) for row in rows.fetchall()]


def _run_dict(row: sqlite3.Row) -> dict[str, Any]:
    run = dict(row)
    run["failures"] = json.loads(run["failures"] or "[]")
    return run
