"""The ``summarizer`` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 ok · 1 unexpected internal error · 2 bad input or usage ·
3 provider, authentication or configuration error · 4 no valid output after re-asks.
``daily`` has its own: 0 all done · 1 some articles failed · 2 bad usage or config ·
3 the run itself failed · 75 another run holds the lock.
``eval``: 0 done (and the --baseline gate passed) · 1 a regression against the baseline ·
2 bad usage, invalid gold, missing baseline or replay miss · 3 provider or configuration error.
``bulk``: 0 all briefs · 1 some error rows · 2 bad usage, input or output ·
3 provider or configuration error · 75 another run writes OUT.
With ``--batch``, ``daily`` and ``eval`` exit 10 while their requests are submitted or still
running in the Batch API (run again later); ``batches collect`` likewise.
Each command's ``--help`` lists its own. ``--debug`` and ``--config`` are accepted
before or after the command's name.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from .article import Article, article_from_bytes, load_article, max_bytes
from .brief_html import brief_to_html
from .cli_batches import batches_app
from .cli_common import (
    STATE,
    BaseUrlOpt,
    ConfigOpt,
    DebugOpt,
    JsonOpt,
    ModeChoice,
    ModelOpt,
    PromptOpt,
    ProviderOpt,
    announce_default_provider,
    err,
    handle_errors,
    settings_from,
    stdout_console,
    waiting,
    write_stdout,
)
from .cli_records import logs_app, runs_app
from .clihelp import App, working
from .config import Settings, config_path, setting_origins, user_config_file
from .errors import InputError, UsageError
from .event_loop import run_sync
from .files import atomic_write_text, check_writable, read_stream
from .pipeline import Pipeline, build_requests
from .prompts import list_prompts, load_prompt
from .render import brief_to_markdown
from .safe_text import escape_json_controls, one_line
from .schema import Brief
from .schema_files import SCHEMA_FILES, schema_text
from .version import __version__

SCHEMA_NAMES = [f.split(".")[0] for f in SCHEMA_FILES]

# The app's help is the docstring of its callback, ``root``.
app = App(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False)
prompts_app = App(
    no_args_is_help=True,
    help="List and render prompt versions.\n\nExit codes: 0 ok · 1 internal error · "
    "2 unknown prompt or bad input · 3 configuration error.",
)
app.add_typer(prompts_app, name="prompts")
app.add_typer(runs_app, name="runs")
app.add_typer(logs_app, name="logs")
app.add_typer(batches_app, name="batches")


class OutputFormat(str, Enum):
    json = "json"
    md = "md"
    html = "html"


def read_stdin(max_chars: int) -> bytes:
    """Standard input, up to the byte cap that ``max_chars`` allows."""
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is None or stream.closed:
            raise ValueError("closed")
        return read_stream(stream, max_bytes(max_chars), "standard input")
    except (OSError, ValueError):
        raise InputError("cannot read standard input: it is closed or unreadable") from None


def read_input(source: str, settings: Settings) -> Article:
    """The article named on the command line: a file (text or HTML), ``-`` for standard
    input, or an http(s) URL fetched under the fetch policy (a spinner on a terminal)."""
    limit = settings.max_article_chars
    if source == "-":
        data = read_stdin(limit)
        return load_article(article_from_bytes(data, origin="standard input", max_chars=limit))
    if source.lower().startswith(("http://", "https://")):
        from .web import fetch_article  # the HTTP client loads only for URLs

        with working(err, f"fetching {one_line(source)}"):
            return load_article(run_sync(fetch_article(source, settings)), limit)
    if "://" in source:
        raise UsageError(f"only http and https URLs are fetched, not {one_line(source)!r}")
    return load_article(Path(source), limit)


def rendered(brief: Brief, fmt: OutputFormat, article: Article) -> str:
    """``brief`` as JSON, Markdown, or a page with the evidence highlighted in ``article``."""
    if fmt is OutputFormat.md:
        return brief_to_markdown(brief)
    if fmt is OutputFormat.html:
        return brief_to_html(brief, article.text)
    return escape_json_controls(brief.model_dump_json(indent=2)) + "\n"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: DebugOpt = False,
    config: ConfigOpt = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print version")
    ] = False,
) -> None:
    """Turn news articles into typed, source-grounded briefs.

    Exit codes: 0 ok · 1 internal error · 2 bad input or usage · 3 provider,
    authentication or configuration error · 4 no valid output after re-asks
    (daily, bulk and eval add theirs: see their --help).
    """
    STATE.debug, STATE.config = debug, config
    # instructor logs every failed attempt at ERROR; the CLI reports outcomes itself.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


@app.command()
@handle_errors
def summarize(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE|URL|-",
            help="article file (text or HTML), http(s) URL, or - for standard input",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="json, md (Markdown) or html (a page with the evidence highlighted)",
        ),
    ] = OutputFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="write here")
    ] = None,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    prompt: PromptOpt = None,
    mode: Annotated[ModeChoice | None, typer.Option(help="instructor mode")] = None,
    strict: Annotated[
        bool | None, typer.Option("--strict/--no-strict", help="fail instead of dropping items")
    ] = None,
    model_path: Annotated[
        Path | None,
        typer.Option("--model-path", metavar="FILE", help="GGUF file for --provider local"),
    ] = None,
    verify: Annotated[
        bool | None,
        typer.Option(
            "--verify/--no-verify", help="one more request: the model judges each kept claim"
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Summarise one article into a grounded brief (JSON, Markdown or an HTML page).

    A file is read as HTML when its name ends in .html or .htm or its content opens
    like a web page (the page's main text, title and date), else as text. A URL is
    fetched under the fetch policy of daily (allow_hosts, fetch_timeout).

    Exit codes: 0 ok · 1 internal error · 2 bad input or usage (a missing file, a
    page that cannot be fetched or holds no article) · 3 provider, authentication
    or configuration error · 4 no valid output after re-asks.
    """
    settings = settings_from(
        config,
        provider=provider,
        model=model,
        base_url=base_url,
        prompt=prompt,
        mode=mode,
        strict=strict,
        model_path=model_path,
        verify=verify,
    )
    if output:
        check_writable(output)
    article = read_input(source, settings)
    announce_default_provider(settings)

    async def run() -> Brief:
        async with Pipeline(settings) as pipeline:
            if pipeline.provider.name == "extractive":
                return await pipeline.summarize(article)
            model_name = f"{pipeline.provider.name} {pipeline.provider.model}"
            with working(err, f"summarising with {one_line(model_name)}"):
                return await pipeline.summarize(article)

    brief = run_sync(run())
    text = rendered(brief, fmt, article)
    if output:
        atomic_write_text(output, text)
    else:
        write_stdout(text)
    for warning in brief.warnings:
        err.print(Text(f"warning: {one_line(warning)}"))


@app.command()
@handle_errors
def schema(
    write: Annotated[bool, typer.Option("--write", help="write every schema file")] = False,
    directory: Annotated[
        Path, typer.Option("--dir", metavar="DIR", help="folder for --write")
    ] = Path("schemas"),
    name: Annotated[
        str,
        typer.Option(
            "--name",
            metavar="|".join(SCHEMA_NAMES),
            help=f"which schema to print: {', '.join(SCHEMA_NAMES)}",
            autocompletion=lambda: SCHEMA_NAMES,
        ),
    ] = "brief",
) -> None:
    """Print the brief's JSON Schema (or another one with --name), or write all schema
    files with --write.

    Exit codes: 0 ok · 1 internal error · 2 unknown schema or unwritable folder.
    """
    if write:
        directory.mkdir(parents=True, exist_ok=True)
        for filename in SCHEMA_FILES:
            atomic_write_text(directory / filename, schema_text(filename))
            err.print(Text(f"wrote {one_line(str(directory / filename))}"))
        return
    filename = f"{name}.schema.json"
    if filename not in SCHEMA_FILES:
        raise UsageError(f"unknown schema {name!r} (known: {', '.join(SCHEMA_NAMES)})")
    write_stdout(schema_text(filename))


@prompts_app.command("list")
@handle_errors
def prompts_list(config: ConfigOpt = None) -> None:
    """List the prompt versions available.

    Exit codes: 0 ok · 1 internal error · 2 a broken prompt folder · 3 configuration error.
    """
    settings = settings_from(config)
    table = Table("id", "sha256", "folder")
    for p in list_prompts(settings.prompts_dir):
        table.add_row(Text(one_line(p.id)), p.sha256[:16], Text(one_line(str(p.directory))))
    stdout_console().print(table)


@prompts_app.command("render")
@handle_errors
def prompts_render(
    prompt_id: Annotated[str, typer.Argument(metavar="PROMPT", help="e.g. brief.v1")],
    file: Annotated[
        str, typer.Argument(metavar="FILE|URL|-", help="the article, as for summarize")
    ],
    config: ConfigOpt = None,
) -> None:
    """Print the exact messages that would be sent for the article, as JSON.

    Exit codes: 0 ok · 1 internal error · 2 unknown prompt or bad input ·
    3 configuration error.
    """
    settings = settings_from(config, prompt=prompt_id)
    article = read_input(file, settings)
    prompt = load_prompt(prompt_id, settings.prompts_dir)
    requests = build_requests(article, prompt, settings)
    payload: Any = [r.messages for _, r in requests]
    write_stdout(
        escape_json_controls(
            json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False)
        )
        + "\n"
    )


@app.command("config")
@handle_errors
def show_config(
    config: ConfigOpt = None,
    show_origin: Annotated[
        bool,
        typer.Option(
            "--show-origin", help="say which file, environment variable or flag set each value"
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Print the effective settings (the API key and URL credentials are masked), as
    JSON; with --show-origin, a table of each value and where it came from.

    Exit codes: 0 ok · 1 internal error · 3 invalid configuration.
    """
    settings = settings_from(config)
    values = settings.masked()
    if not show_origin:
        write_stdout(json.dumps(values, indent=2, default=str) + "\n")
        return
    chosen = config or STATE.config
    origins = setting_origins(chosen)
    rows = [
        {"setting": name, "value": values.get(name), "origin": origin}
        for name, origin in origins.items()
    ]
    inferred = (
        "inferred: no provider set" if settings.provider_was_inferred else origins["provider"]
    )
    rows.append(
        {"setting": "provider (effective)", "value": settings.provider_name, "origin": inferred}
    )
    if as_json:
        write_stdout(json.dumps(rows, indent=2, default=str) + "\n")
        return
    path = config_path(chosen)
    where = str(path) if path else f"none ({user_config_file()} does not exist)"
    console = stdout_console()
    console.print(Text(f"config file: {one_line(where)}"))
    table = Table("setting", "value", "origin", box=box.SIMPLE_HEAD, pad_edge=False)
    for row in rows:
        shown = json.dumps(row["value"], default=str, ensure_ascii=False)
        table.add_row(row["setting"], Text(one_line(shown)), Text(one_line(row["origin"])))
    console.print(table)


@app.command()
@handle_errors
def daily(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="folder of the daily briefs")],
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE...",
            help="article files, folders, feeds or URLs (default: `sources` from the config file)",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DAY",
            help="YYYY-MM-DD, today or yesterday",
            show_default="today",
        ),
    ] = None,
    config: ConfigOpt = None,
    concurrency: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="articles at once")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="plain log lines")] = False,
    batch: Annotated[
        bool | None,
        typer.Option(
            "--batch/--no-batch",
            help="through the OpenAI Batch API: the first run submits (exit 10), a later run "
            "collects and writes the pages",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=0, metavar="N", help="worker processes that summarise (0: this one)"),
    ] = None,
) -> None:
    """Write the day's brief of SOURCE... to DIR/YYYY-MM-DD/ and update DIR/index.html.

    Exit codes: 0 all done · 1 some articles failed (listed in the brief) · 2 bad usage
    or configuration · 3 the run itself failed · 10 submitted to the Batch API, run
    again later · 75 another run holds this day's folder.
    """
    from .batch.errors import BatchPending
    from .daily.errors import config_errors
    from .daily.progress import reporter_for
    from .daily.run import parse_day, run_daily  # daily modules load only for this command

    with config_errors():
        settings = settings_from(config, concurrency=concurrency, batch=batch, workers=workers)
    day = parse_day(date)
    if not quiet:
        announce_default_provider(settings)
    try:
        result = run_daily(sources or [], out, day, settings, reporter=reporter_for(err, quiet))
    except BatchPending as exc:
        raise waiting(exc) from None
    raise typer.Exit(result.exit_code)


@app.command()
@handle_errors
def bulk(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help="articles: JSONL (.jsonl, also .gz/.bz2/.xz) or Parquet (.parquet)",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", metavar="OUT", help="one row per article: JSONL, or Parquet"),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="jsonl|parquet",
            help="output format",
            show_default="from OUT's suffix",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, metavar="N", help="local worker processes", show_default="one per core"
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://host:8786"),
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size",
            min=1,
            metavar="N",
            help="articles per task",
            show_default="32; with a model: 4 × concurrency",
        ),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, metavar="N", help="articles at once in each worker (model calls)"),
    ] = None,
    retry_errors: Annotated[
        bool, typer.Option("--retry-errors", help="summarise again the records with error rows")
    ] = False,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    prompt: PromptOpt = None,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="status lines, no bar")] = False,
) -> None:
    """Summarise every article of INPUT into OUT, one row each; run again to resume.

    Exit codes: 0 all briefs · 1 some error rows · 2 bad usage, input or output ·
    3 provider or configuration error (run again to resume) · 75 another run writes OUT.
    """
    from .bulk import BulkOptions, reporter_for, run_bulk  # loaded only for this command

    settings = settings_from(
        config,
        provider=provider,
        model=model,
        base_url=base_url,
        prompt=prompt,
        concurrency=concurrency,
    )
    if not quiet:
        announce_default_provider(settings)
    options = BulkOptions(
        workers=workers,
        scheduler=scheduler,
        batch_size=batch_size,
        output_format=fmt,
        retry_errors=retry_errors,
    )
    result = run_bulk(source, out, settings, options, reporter_for(err, quiet))
    raise typer.Exit(result.exit_code)


@app.command("eval")
@handle_errors
def eval_command(
    provider: ProviderOpt = None,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model", metavar="NAME", help="model name; give it twice to compare two models"
        ),
    ] = None,
    base_url: BaseUrlOpt = None,
    prompt: Annotated[
        list[str] | None,
        typer.Option(
            "--prompt", metavar="ID", help="prompt version; give it twice to compare two prompts"
        ),
    ] = None,
    cases: Annotated[
        list[str] | None,
        typer.Option(
            "--cases", metavar="GLOB", help="case directory names to run (glob, repeatable)"
        ),
    ] = None,
    cases_dir: Annotated[
        Path, typer.Option("--cases-dir", metavar="DIR", help="folder of eval cases")
    ] = Path("evals/cases"),
    concurrency: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="cases at once")
    ] = None,
    repeat: Annotated[
        int, typer.Option(min=1, metavar="N", help="runs per case (mean and spread)")
    ] = 1,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="report folder (default: a new one in evals/reports/)",
            show_default=False,
        ),
    ] = None,
    record: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="keep every provider response in DIR (one JSON file each)"
        ),
    ] = None,
    replay: Annotated[
        Path | None, typer.Option(metavar="DIR", help="answer only from responses recorded in DIR")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="ignore the response cache")] = (
        False
    ),
    save_baseline: Annotated[
        Path | None, typer.Option(metavar="FILE", help="save per-case scores as a baseline")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="compare with a baseline; exit 1 on a regression"),
    ] = None,
    delta: Annotated[
        float, typer.Option(metavar="X", help="largest allowed drop of a case's headline score")
    ] = 0.10,
    fault_injection: Annotated[
        bool, typer.Option("--fault-injection", help="score a fake model that answers faulty gold")
    ] = False,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch", help="through the OpenAI Batch API: run again to score once answered"
        ),
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Run the eval cases, score them against gold, write reports; gate on a baseline.

    Exit codes: 0 done (gate passed) · 1 regression against --baseline · 2 bad usage,
    invalid gold, missing baseline or replay miss · 3 provider or configuration error ·
    10 submitted to the Batch API, run again later.
    """
    settings = settings_from(config, provider=provider, base_url=base_url)
    if not fault_injection:
        announce_default_provider(settings)
    from .evals.command import EvalOptions, evaluate  # loaded only for this command

    options = EvalOptions(
        cases_dir=cases_dir,
        patterns=tuple(cases or ()),
        prompts=tuple(prompt or ()),
        models=tuple(model or ()),
        repeat=repeat,
        concurrency=concurrency,
        out=out,
        record=record,
        replay=replay,
        cache=not no_cache,
        save_baseline=save_baseline,
        baseline=baseline,
        delta=delta,
        fault_injection=fault_injection,
        batch=batch,
    )
    from .batch.errors import BatchPending

    try:
        outcome = evaluate(settings, options, console=stdout_console(), err=err)
    except BatchPending as exc:
        raise waiting(exc) from None
    raise typer.Exit(outcome.exit_code)


def main() -> None:
    """Console-script entry point (also ``python -m summarizer``)."""
    app(prog_name="summarizer")
