"""``summarizer batches``: the OpenAI Batch API jobs kept in the store."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from .cli_common import ConfigOpt, err, handle_errors, settings_from, stdout_console
from .clihelp import App
from .errors import SummarizerError
from .event_loop import run_sync
from .safe_text import one_line

# The group's help is its callback's docstring.
batches_app = App(no_args_is_help=True)
BatchRef = Annotated[str, typer.Argument(metavar="BATCH", help="batch id, or # from the list")]


@batches_app.callback()
@handle_errors
def batches() -> None:
    """OpenAI Batch API jobs: list, show, cancel, collect.

    Exit codes: 0 ok · 1 internal error · 2 bad usage or unknown batch · 3 provider or
    configuration error · 10 batches still running · 75 a job is held by another process.
    """


@batches_app.command("list")
@handle_errors
def batches_list(
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="how many batches")] = 20,
    config: ConfigOpt = None,
) -> None:
    """List the batches in the store, newest first, as the last run or collect saw them.

    Exit codes: 0 ok · 2 bad usage · 3 configuration error.
    """
    from .batch.records import BatchLog
    from .batch.views import batches_table
    from .store import Store

    with Store.in_dir(settings_from(config).data_dir) as store:
        stdout_console().print(batches_table(BatchLog(store), limit))


@batches_app.command("show")
@handle_errors
def batches_show(ref: BatchRef, config: ConfigOpt = None) -> None:
    """Show one batch: ids, files, status, and every request's custom_id and state.

    Exit codes: 0 ok · 2 unknown batch · 3 configuration error.
    """
    from .batch.records import BatchLog
    from .batch.views import batch_details
    from .store import Store

    with Store.in_dir(settings_from(config).data_dir) as store:
        stdout_console().print(batch_details(BatchLog(store), ref.lstrip("#")))


@batches_app.command("cancel")
@handle_errors
def batches_cancel(ref: BatchRef, config: ConfigOpt = None) -> None:
    """Ask the API to cancel a batch under way; the next collect reads what it answered.

    Exit codes: 0 ok · 2 unknown batch · 3 provider or configuration error.
    """
    from .batch.job import BatchJobs
    from .store import Store

    settings = settings_from(config)
    with Store.in_dir(settings.data_dir) as store:
        row = run_sync(BatchJobs(store, settings).cancel(ref.lstrip("#")))
    err.print(Text(f"batch {one_line(row.name)}: {one_line(row.status or row.state)}"))


@batches_app.command("collect")
@handle_errors
def batches_collect(config: ConfigOpt = None) -> None:
    """Advance every open batch job: read ended batches, ground, store briefs, submit repairs.

    Exit codes: 0 nothing left waiting · 10 batches still running · 2 a job started with
    another endpoint or prompt · 3 provider or config · 75 a job is held by another process.
    """
    from .batch.errors import EXIT_PENDING
    from .batch.job import BatchJobs
    from .store import Store

    settings = settings_from(config)
    with Store.in_dir(settings.data_dir) as store:
        outcomes = run_sync(BatchJobs(store, settings).collect())
    if not outcomes:
        err.print(Text("summarizer: no open batch jobs"))
    codes = [0]
    for item in outcomes:
        if isinstance(item, SummarizerError):
            err.print(Text(f"summarizer: not collected: {one_line(str(item))}"))
            codes.append(item.exit_code)
        else:
            err.print(Text(f"summarizer: {one_line(item.message())}"))
            codes.append(0 if item.done else EXIT_PENDING)
    raise typer.Exit(EXIT_PENDING if EXIT_PENDING in codes else max(codes))
