"""The ``summarizer`` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 ok · 1 unexpected internal error · 2 bad input or usage ·
3 provider, authentication or configuration error · 4 no valid output after re-asks.
``daily`` has its own: 0 all done · 1 some articles failed · 2 bad usage or config ·
3 the run itself failed · 75 another run holds the lock.
``eval``: 0 done (and the --baseline gate passed) · 1 a regression against the baseline ·
2 bad usage, invalid gold, missing baseline or replay miss · 3 provider or configuration error.
With ``--batch``, ``daily`` and ``eval`` exit 10 while their requests are submitted or still
running in the Batch API (run again later); ``batches collect`` likewise.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__, redact
from .article import Article, check_text, decode_bytes, load_article, max_bytes
from .config import Settings, load_settings
from .errors import InputError, SummarizerError, UsageError
from .files import atomic_write_text, check_writable, read_stream
from .pipeline import Summarizer, _run, build_requests
from .prompts import list_prompts, load_prompt
from .render import brief_to_markdown
from .safe_text import escape_json_controls, one_line
from .schema_files import SCHEMA_FILES, schema_text

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn news articles into typed, source-grounded briefs.",
)
prompts_app = typer.Typer(no_args_is_help=True, help="List and render prompt versions.")
app.add_typer(prompts_app, name="prompts")
runs_app = typer.Typer(
    invoke_without_command=True, help="Recent daily runs: counts, failures, cost."
)
app.add_typer(runs_app, name="runs")
batches_app = typer.Typer(
    no_args_is_help=True, help="OpenAI Batch API jobs: list, show, cancel, collect."
)
app.add_typer(batches_app, name="batches")

# Every line for the terminal or a log passes through the secret mask; messages are
# printed as plain text (never as Rich markup), cleaned of control characters.
err = Console(file=redact.MaskedStream(lambda: sys.stderr), highlight=False, soft_wrap=True)
_STATE = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


class ProviderChoice(str, Enum):
    openai = "openai"
    extractive = "extractive"
    local = "local"


class ModeChoice(str, Enum):
    tools = "tools"
    json_schema = "json_schema"
    json = "json"


class OutputFormat(str, Enum):
    json = "json"
    md = "md"


def stdout_console() -> Console:
    """A console on standard output that masks secrets (for tables)."""
    return Console(file=redact.MaskedStream(lambda: sys.stdout), highlight=False)


def write_stdout(text: str) -> None:
    """``text`` on standard output, secrets masked."""
    sys.stdout.write(redact.mask(text))


def fail(message: str, code: int) -> typer.Exit:
    err.print(Text.assemble(("error:", "bold red"), " ", one_line(message)))
    return typer.Exit(code)


def waiting(exc: SummarizerError) -> typer.Exit:
    """A batch run that is not finished yet: one plain line (not an error) and its code."""
    err.print(Text(f"summarizer: {one_line(str(exc))}"))
    return typer.Exit(exc.exit_code)


def handle_errors(func: F) -> F:
    """Turn library exceptions into one clean line and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SummarizerError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:
            if _STATE["debug"]:
                raise
            raise fail(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", 1
            ) from None

    return wrapper  # type: ignore[return-value]


def settings_from(config: Path | None, **flags: Any) -> Settings:
    """Settings from the config file, the environment and the given CLI flags."""
    values = {k: (v.value if isinstance(v, Enum) else v) for k, v in flags.items()}
    redact.register_url(values.get("base_url"))
    settings = load_settings(config, **values)
    redact.register_settings(settings)
    return settings


def announce_default_provider(settings: Settings) -> None:
    if settings.provider_was_inferred and settings.provider_name == "extractive":
        err.print(
            "summarizer: no LLM configured, using the built-in extractive engine; set "
            "OPENAI_API_KEY (and OPENAI_BASE_URL for another endpoint) or pass --provider "
            "to use a model",
            markup=False,
        )


def read_input(file: str, max_chars: int) -> Article | Path:
    """The article named on the command line: a path, or ``-`` for standard input
    (read up to the byte cap that ``max_chars`` allows)."""
    if file != "-":
        return Path(file)
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is None or stream.closed:
            raise ValueError("closed")
        data = read_stream(stream, max_bytes(max_chars), "standard input")
    except (OSError, ValueError):
        raise InputError("cannot read standard input: it is closed or unreadable") from None
    return Article(
        text=check_text(decode_bytes(data, "standard input"), "standard input", max_chars)
    )


ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file", show_default=False)
]
ProviderOpt = Annotated[ProviderChoice | None, typer.Option(help="openai, extractive or local")]
ModelOpt = Annotated[str | None, typer.Option(help="model name")]
BaseUrlOpt = Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint")]
PromptOpt = Annotated[str | None, typer.Option(help="prompt version, e.g. brief.v1")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="show tracebacks")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print version")
    ] = False,
) -> None:
    """Turn news articles into typed, source-grounded briefs."""
    _STATE["debug"] = debug
    # instructor logs every failed attempt at ERROR; the CLI reports outcomes itself.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


@app.command()
@handle_errors
def summarize(
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="article file, or - for stdin")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="json or md")] = (
        OutputFormat.json
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write here")] = None,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    prompt: PromptOpt = None,
    mode: Annotated[ModeChoice | None, typer.Option(help="instructor mode")] = None,
    strict: Annotated[
        bool | None, typer.Option("--strict/--no-strict", help="fail instead of dropping items")
    ] = None,
    model_path: Annotated[
        Path | None, typer.Option("--model-path", help="GGUF file for --provider local")
    ] = None,
    verify: Annotated[
        bool | None,
        typer.Option(
            "--verify/--no-verify", help="one more request: the model judges each kept claim"
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Summarise one article into a grounded brief (JSON or Markdown)."""
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
    article = load_article(read_input(file, settings.max_article_chars), settings.max_article_chars)
    announce_default_provider(settings)

    async def run() -> Any:
        async with Summarizer(settings) as pipeline:
            return await pipeline.summarize(article)

    brief = _run(run())
    text = (
        escape_json_controls(brief.model_dump_json(indent=2)) + "\n"
        if fmt is OutputFormat.json
        else brief_to_markdown(brief)
    )
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
    directory: Annotated[Path, typer.Option("--dir", help="folder for --write")] = Path("schemas"),
    name: Annotated[str, typer.Option("--name", help="which schema to print")] = "brief",
) -> None:
    """Print the brief's JSON Schema, or write all schema files with --write."""
    if write:
        directory.mkdir(parents=True, exist_ok=True)
        for filename in SCHEMA_FILES:
            atomic_write_text(directory / filename, schema_text(filename))
            err.print(Text(f"wrote {one_line(str(directory / filename))}"))
        return
    filename = f"{name}.schema.json"
    if filename not in SCHEMA_FILES:
        known = ", ".join(f.split(".")[0] for f in SCHEMA_FILES)
        raise UsageError(f"unknown schema {name!r} (known: {known})")
    write_stdout(schema_text(filename))


@prompts_app.command("list")
@handle_errors
def prompts_list(config: ConfigOpt = None) -> None:
    """List the prompt versions available."""
    settings = settings_from(config)
    table = Table("id", "sha256", "folder")
    for p in list_prompts(settings.prompts_dir):
        table.add_row(Text(one_line(p.id)), p.sha256[:16], Text(one_line(str(p.directory))))
    stdout_console().print(table)


@prompts_app.command("render")
@handle_errors
def prompts_render(
    prompt_id: Annotated[str, typer.Argument(metavar="PROMPT", help="e.g. brief.v1")],
    file: Annotated[str, typer.Argument(metavar="ARTICLE", help="article file, or -")],
    config: ConfigOpt = None,
) -> None:
    """Print the exact messages that would be sent for ARTICLE, as JSON."""
    settings = settings_from(config, prompt=prompt_id)
    article = load_article(read_input(file, settings.max_article_chars), settings.max_article_chars)
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
def show_config(config: ConfigOpt = None) -> None:
    """Print the effective settings (the API key and URL credentials are masked)."""
    settings = settings_from(config)
    write_stdout(json.dumps(settings.masked(), indent=2, default=str) + "\n")


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
        str | None, typer.Option("--date", help="YYYY-MM-DD, today or yesterday [default: today]")
    ] = None,
    config: ConfigOpt = None,
    concurrency: Annotated[int | None, typer.Option(min=1, help="articles at once")] = None,
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
        int | None, typer.Option(min=0, help="worker processes that summarise (0: this one)")
    ] = None,
) -> None:
    """Write the day's brief of SOURCE... to DIR/YYYY-MM-DD/ and update DIR/index.html."""
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
            "--format", metavar="jsonl|parquet", help="output format [default: from OUT's suffix]"
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="local worker processes [default: one per core]"),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://host:8786"),
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size", min=1, help="articles per task [default: 32; model: 4 × concurrency]"
        ),
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option(min=1, help="articles at once in each worker (model calls)")
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


@runs_app.callback()
@handle_errors
def runs(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="how many runs")] = 20,
    config: ConfigOpt = None,
) -> None:
    """List recent daily runs; `runs show ID` shows one."""
    if ctx.invoked_subcommand is None:
        from .daily.history import runs_table
        from .store import Store

        with Store.in_dir(settings_from(config).data_dir) as store:
            stdout_console().print(runs_table(store, limit))


@runs_app.command("show")
@handle_errors
def runs_show(
    run_id: Annotated[int, typer.Argument(metavar="ID", help="run id from `summarizer runs`")],
    config: ConfigOpt = None,
) -> None:
    """Show one run: counts, failures and every provider call."""
    from .daily.history import run_details
    from .store import Store

    with Store.in_dir(settings_from(config).data_dir) as store:
        stdout_console().print(run_details(store, run_id))


@app.command("eval")
@handle_errors
def eval_command(
    provider: ProviderOpt = None,
    model: Annotated[
        list[str] | None,
        typer.Option("--model", help="model name; give it twice to compare two models"),
    ] = None,
    base_url: BaseUrlOpt = None,
    prompt: Annotated[
        list[str] | None,
        typer.Option("--prompt", help="prompt version; give it twice to compare two prompts"),
    ] = None,
    cases: Annotated[
        list[str] | None,
        typer.Option(
            "--cases", metavar="GLOB", help="case directory names to run (glob, repeatable)"
        ),
    ] = None,
    cases_dir: Annotated[Path, typer.Option("--cases-dir", help="folder of eval cases")] = (
        Path("evals/cases")
    ),
    concurrency: Annotated[int | None, typer.Option(min=1, help="cases at once")] = None,
    repeat: Annotated[int, typer.Option(min=1, help="runs per case (mean and spread)")] = 1,
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
        float, typer.Option(help="largest allowed drop of a case's headline score")
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

    Exit codes: 0 done (gate passed) · 1 regression against --baseline · 2 error.
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


@batches_app.command("list")
@handle_errors
def batches_list(
    limit: Annotated[int, typer.Option(min=1, help="how many batches")] = 20,
    config: ConfigOpt = None,
) -> None:
    """List the batches in the store, newest first, as the last run or collect saw them."""
    from .batch.records import BatchLog
    from .batch.views import batches_table
    from .store import Store

    with Store.in_dir(settings_from(config).data_dir) as store:
        stdout_console().print(batches_table(BatchLog(store), limit))


@batches_app.command("show")
@handle_errors
def batches_show(
    ref: Annotated[str, typer.Argument(metavar="BATCH", help="batch id, or # from the list")],
    config: ConfigOpt = None,
) -> None:
    """Show one batch: ids, files, status, and every request's custom_id and state."""
    from .batch.records import BatchLog
    from .batch.views import batch_details
    from .store import Store

    with Store.in_dir(settings_from(config).data_dir) as store:
        stdout_console().print(batch_details(BatchLog(store), ref.lstrip("#")))


@batches_app.command("cancel")
@handle_errors
def batches_cancel(
    ref: Annotated[str, typer.Argument(metavar="BATCH", help="batch id, or # from the list")],
    config: ConfigOpt = None,
) -> None:
    """Ask the API to cancel a batch under way; the next collect reads what it answered."""
    from .batch.job import BatchJobs
    from .store import Store

    settings = settings_from(config)
    with Store.in_dir(settings.data_dir) as store:
        row = _run(BatchJobs(store, settings).cancel(ref.lstrip("#")))
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
        outcomes = _run(BatchJobs(store, settings).collect())
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


def main() -> None:
    """Console-script entry point."""
    app()
