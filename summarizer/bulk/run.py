"""A bulk run: stream the input, summarise batches on workers, append rows as they
come back, and pick up where a killed run stopped.

The parent process only reads, dispatches and writes; workers summarise. At most
``in_flight`` batches per worker slot are out at once, so memory stays bounded
whatever the size of the input.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from filelock import FileLock, Timeout

from ..config import Settings
from ..errors import SummarizerError, UsageError
from .executors import Executor, make_executor
from .journal import Journal, OutputMismatchError
from .progress import Reporter, Tally
from .reading import COMPRESSED_SUFFIXES, PARQUET_SUFFIXES, Source, open_source
from .records import Item, Record, Rejected, UniqueIds
from .rows import error_row
from .worker import Outcome

OutputFormat = Literal["jsonl", "parquet"]
FORMATS: tuple[OutputFormat, ...] = ("jsonl", "parquet")
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later
REFUSALS_IN_A_ROW = 20
_ROW_BUFFER = 256


class BulkStoppedError(SummarizerError):
    """The run stopped before every record had a row (provider, configuration or a
    worker failed); what was written stays, and running again resumes."""

    def __init__(self, message: str, exit_code: int = 3):
        super().__init__(message)
        self.exit_code = exit_code


class BulkLockedError(SummarizerError):
    """Another bulk run is writing the same output."""

    exit_code = EXIT_LOCKED


@dataclass(frozen=True)
class BulkOptions:
    """How to run: where (``workers`` local processes, or a Dask ``scheduler``), in
    what batches, and what to write.

    ``batch_size`` None: 32 records, or 4 × ``concurrency`` for a model provider.
    ``output_format`` None: from the output's suffix (``.parquet``/``.pq``, else JSONL).
    ``retry_errors``: summarise again the records whose rows are errors.
    """

    workers: int | None = None
    scheduler: str | None = None
    batch_size: int | None = None
    in_flight: int = 2
    output_format: str | None = None
    retry_errors: bool = False


@dataclass(frozen=True)
class BulkResult:
    """What a run did, and what the output holds now."""

    output: Path
    resumed: int  # rows written by earlier runs
    briefs: int  # written by this run
    errors: int  # written by this run
    rows: int  # in the output now
    error_rows: int  # in the output now
    elapsed_s: float

    @property
    def written(self) -> int:
        """Rows written by this run."""
        return self.briefs + self.errors

    @property
    def exit_code(self) -> int:
        """0 when every record has a brief, 1 when some rows are errors."""
        return 1 if self.error_rows else 0


def output_format(out: Path, chosen: str | None) -> OutputFormat:
    """The format to write ``out`` in: ``chosen``, else by the suffix of ``out``.

    Raises:
        UsageError: an unknown format, or a compressed output.
    """
    for known in FORMATS:
        if chosen == known:
            return known
    if chosen:
        raise UsageError(f"unknown output format {chosen!r} (known: {', '.join(FORMATS)})")
    suffix = out.suffix.lower()
    if suffix in COMPRESSED_SUFFIXES:
        raise UsageError(f"cannot append to a compressed file: write {out.stem} and compress it")
    return "parquet" if suffix in PARQUET_SUFFIXES else "jsonl"


def journal_path(out: Path, fmt: OutputFormat) -> Path:
    """Where rows are appended: the output itself for JSONL, a file beside it for Parquet."""
    return out if fmt == "jsonl" else out.with_name(f"{out.name}.partial.jsonl")


def batch_size(settings: Settings, options: BulkOptions) -> int:
    if options.batch_size:
        return options.batch_size
    return 32 if settings.provider_name == "extractive" else max(32, 4 * settings.concurrency)


@contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out.parent / f".{out.name}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise BulkLockedError(f"another bulk run is writing {out}") from None
    try:
        yield
    finally:
        lock.release()


def run_bulk(
    source: Path,
    out: Path,
    settings: Settings,
    options: BulkOptions | None = None,
    reporter: Reporter | None = None,
) -> BulkResult:
    """Write a row for every record of ``source`` (JSONL or Parquet) to ``out``.

    Rows already in ``out`` are kept and their records skipped, so a run that was
    killed is finished by running it again. Records that cannot be summarised
    get an error row; the run goes on.

    Raises:
        InputError: ``source`` cannot be read, or ``out`` holds rows of another input.
        BulkStoppedError: the provider, the configuration or a worker failed for good.
        BulkLockedError: another run is writing ``out``.
    """
    options = options or BulkOptions()
    reporter = reporter or Reporter()
    if source.resolve() == out.resolve():
        raise UsageError("the output must be another file than the input")
    if options.workers and options.scheduler:
        raise UsageError("give --workers or --scheduler, not both: Dask workers are set up there")
    fmt = output_format(out, options.output_format)
    rows_file = journal_path(out, fmt)
    records = open_source(source, settings.max_article_chars)
    with _exclusive(out):
        seeded = fmt == "parquet" and not rows_file.exists() and out.exists()
        if seeded:
            _seed_journal(rows_file, out)
        journal = Journal.open(rows_file, drop_errors=options.retry_errors)
        try:
            result = replace(_run(records, journal, settings, options, reporter), output=out)
        finally:
            journal.close()
        if fmt == "parquet":
            unchanged = seeded and not options.retry_errors and result.written == 0
            if not unchanged:
                from .parquet import write_parquet

                write_parquet(rows_file, out)
            rows_file.unlink()
    return result


def _seed_journal(rows_file: Path, out: Path) -> None:
    """Rows of a finished Parquet output, as a journal to resume from."""
    from .parquet import rows_of_parquet

    tmp = rows_file.with_name(f".{rows_file.name}.tmp")
    with tmp.open("wb") as handle:
        for row in rows_of_parquet(out):
            handle.write(row)
    tmp.replace(rows_file)


def _run(
    source: Source,
    journal: Journal,
    settings: Settings,
    options: BulkOptions,
    reporter: Reporter,
) -> BulkResult:
    tally = Tally(resumed=journal.done.count, size=source.size, unit=source.unit)
    errors_before = journal.done.errors
    executor = make_executor(settings, workers=options.workers, scheduler=options.scheduler)
    reporter.start(tally)
    dispatch = _Dispatch(journal, executor, tally, reporter, source.position)
    finished = False
    try:
        dispatch.run(source.items, batch_size(settings, options), options.in_flight)
        finished = True
    finally:
        executor.close(abandon=not finished)
        rows, error_rows = tally.resumed + tally.written, errors_before + tally.errors
        head = "done" if finished else "stopped"
        reporter.finish(
            tally, f"{head}: {tally.status()}; the output has {rows:,} rows ({error_rows:,} errors)"
        )
    return BulkResult(
        output=journal.path,
        resumed=tally.resumed,
        briefs=tally.briefs,
        errors=tally.errors,
        rows=rows,
        error_rows=error_rows,
        elapsed_s=time.monotonic() - tally.started,
    )


class _Dispatch:
    """Feeds batches to the executor, keeps a bounded number in flight, writes rows."""

    def __init__(
        self,
        journal: Journal,
        executor: Executor,
        tally: Tally,
        reporter: Reporter,
        position: Callable[[], int],
    ):
        self.journal = journal
        self.executor = executor
        self.tally = tally
        self.reporter = reporter
        self.position = position
        self.pending: set[Any] = set()
        self.rows: list[bytes] = []
        self.held: list[tuple[bytes, str]] = []  # refusals not yet written (see _settle)

    def run(self, items: Iterable[Item], size: int, in_flight: int) -> None:
        window = max(1, self.executor.slots * in_flight)
        batch: list[Record] = []
        for item in UniqueIds().filter(items):
            if self._done_before(item):
                continue
            if isinstance(item, Rejected):
                self._add(error_row(item.line, item.id, item.error), error=True)
                if len(self.rows) >= _ROW_BUFFER:
                    self._write()
                continue
            batch.append(item)
            if len(batch) == size:
                self._submit(batch, window)
                batch = []
        if batch:
            self._submit(batch, window)
        while self.pending:
            self._collect()
        for row, _ in self.held:
            self._add(row, error=True)
        self.held.clear()
        self._write()

    def _done_before(self, item: Item) -> bool:
        done = self.journal.done
        if not done.has(item.line):
            return False
        if not done.matches(item.line, item.id):
            raise OutputMismatchError(
                f"{self.journal.path} was written from another input: its row for line "
                f"{item.line} is not for id {item.id!r}; write to a new output file"
            )
        return True

    def _submit(self, batch: list[Record], window: int) -> None:
        self.pending.add(self.executor.submit(batch))
        while len(self.pending) >= window:
            self._collect()

    def _collect(self) -> None:
        done, self.pending = self.executor.wait_first(self.pending)
        stop: Outcome | None = None
        for future in done:
            try:
                outcomes: list[Outcome] = future.result()
            except Exception as exc:
                raise BulkStoppedError(f"a worker failed: {type(exc).__name__}: {exc}") from None
            for outcome in outcomes:
                stop = self._settle(outcome) or stop
        self._write()
        if stop is not None:
            raise BulkStoppedError(stop.message, stop.exit_code)
        if len(self.held) >= REFUSALS_IN_A_ROW:
            raise BulkStoppedError(
                f"the provider refused {len(self.held)} articles in a row, the last with: "
                f"{self.held[-1][1]}"
            )

    def _settle(self, outcome: Outcome) -> Outcome | None:
        """Take one outcome; a refusal is held back until a brief shows that the provider
        works, so a wrong model name stops the run instead of filling it with errors."""
        if outcome.kind == "stop":
            return outcome
        if outcome.kind == "refused":
            self.held.append((outcome.row, outcome.message))
            return None
        if outcome.kind == "brief":
            for row, _ in self.held:
                self._add(row, error=True)
            self.held.clear()
        self._add(outcome.row, error=outcome.kind == "error")
        return None

    def _add(self, row: bytes, *, error: bool) -> None:
        self.rows.append(row)
        if error:
            self.tally.errors += 1
        else:
            self.tally.briefs += 1

    def _write(self) -> None:
        if self.rows:
            self.journal.write(self.rows)
            self.rows.clear()
        self.tally.read = self.position()
        self.reporter.update(self.tally)
