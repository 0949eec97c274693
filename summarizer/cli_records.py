"""``summarizer runs`` and ``summarizer logs``: the daily run log and the call log, from
the store, as tables or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .cli_common import (
    ConfigOpt,
    JsonOpt,
    err,
    handle_errors,
    settings_from,
    stdout_console,
    write_stdout,
)
from .clihelp import App
from .config import Settings
from .safe_text import one_line

# The help of these two groups is their callback's docstring.
runs_app = App(invoke_without_command=True)
logs_app = App(invoke_without_command=True)


@runs_app.callback()
@handle_errors
def runs(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help="how many runs")
    ] = 20,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """List recent daily runs; `runs show ID` shows one with its calls.

    Exit codes: 0 ok · 1 internal error · 2 no such run · 3 the store cannot be read.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .daily.history import runs_table
    from .store import Store

    with Store.in_dir(settings_from(config).data_dir) as store:
        found = store.recent_runs(limit)
        if as_json:
            write_stdout(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
        elif not found:
            err.print(
                Text(
                    f"No daily runs recorded in {one_line(str(store.path))} yet: "
                    "`summarizer daily SOURCE... --out DIR` makes one (see `summarizer "
                    "daily --help`); `summarizer logs` lists every model call."
                )
            )
        else:
            stdout_console().print(runs_table(store, limit))


@runs_app.command("show")
@handle_errors
def runs_show(
    run_id: Annotated[int, typer.Argument(metavar="ID", help="run id from `summarizer runs`")],
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Show one run: counts, failures and every provider call.

    Exit codes: 0 ok · 1 internal error · 2 no such run · 3 the store cannot be read.
    """
    from .daily.history import find_run, run_details
    from .store import Store

    with Store.in_dir(settings_from(config).data_dir) as store:
        if as_json:
            write_stdout(json.dumps(find_run(store, run_id), indent=2, ensure_ascii=False) + "\n")
        else:
            stdout_console().print(run_details(store, run_id))


@logs_app.callback()
@handle_errors
def logs(
    ctx: typer.Context,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, metavar="N", help="how many calls")
    ] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the calls as JSON, messages and answers too")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """List the latest model calls, newest first; `logs show ID` shows one call's
    messages and answers.

    Every call of summarize, eval, daily and bulk (and of the Python API) is logged in
    the store, unless the setting log_calls is false.

    Exit codes: 0 ok · 1 internal error · 2 no such call · 3 the store cannot be read.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .logview import recent_calls
    from .store import Store

    settings = settings_from(config)
    with Store.in_dir(settings.data_dir) as store:
        found = store.recent_calls(count)
        if as_json:
            full = [store.call(c["id"]) for c in found]
            write_stdout(json.dumps(full, indent=2, ensure_ascii=False) + "\n")
        elif not found:
            err.print(Text(_empty_log(settings, store.path)))
        else:
            console = stdout_console()
            console.print(recent_calls(store, count, console.width))


def _empty_log(settings: Settings, path: Path) -> str:
    where = f"No model calls logged in {one_line(str(path))} yet"
    if not settings.log_calls:
        return f"{where}: logging is off (log_calls = false; set it to true to log calls)."
    return (
        f"{where}: every call of `summarizer summarize`, `eval`, `daily` and `bulk` is "
        "logged here (try `summarizer summarize FILE`, then `summarizer logs`)."
    )


@logs_app.command("show")
@handle_errors
def logs_show(
    call_id: Annotated[int, typer.Argument(metavar="ID", help="call id from `summarizer logs`")],
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Show one model call: what it was, each request's messages and the model's answers.

    Exit codes: 0 ok · 1 internal error · 2 no such call · 3 the store cannot be read.
    """
    from .logview import call_details, find_call
    from .store import Store

    with Store.in_dir(settings_from(config).data_dir) as store:
        if as_json:
            write_stdout(json.dumps(find_call(store, call_id), indent=2, ensure_ascii=False) + "\n")
        else:
            stdout_console().print(call_details(store, call_id))
