"""What every ``summarizer`` command shares: the masked consoles, one-line errors and
their exit codes, the options every command takes (``--debug``, ``--config``), and
the settings built from flags."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TextIO, TypeVar, cast

import typer
from rich.console import Console
from rich.text import Text

from . import redact
from .clihelp import with_option
from .config import Settings, load_settings
from .errors import SummarizerError
from .safe_text import one_line


def masked(stream: Callable[[], TextIO]) -> TextIO:
    """``stream()`` behind the secret mask, as the text stream it stands for."""
    return cast(TextIO, redact.MaskedStream(stream))


# Every line for the terminal or a log passes through the secret mask; messages are
# printed as plain text (never as Rich markup), cleaned of control characters.
err = Console(file=masked(lambda: sys.stderr), highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class _Globals:
    """The options every command accepts, before or after its name."""

    debug: bool = False
    config: Path | None = None


STATE = _Globals()


class ProviderChoice(str, Enum):
    openai = "openai"
    extractive = "extractive"
    local = "local"


class ModeChoice(str, Enum):
    tools = "tools"
    json_schema = "json_schema"
    json = "json"


def stdout_console() -> Console:
    """A console on standard output that masks secrets (for tables)."""
    return Console(file=masked(lambda: sys.stdout), highlight=False)


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


DebugOpt = Annotated[bool, typer.Option("--debug", help="show the traceback of an internal error")]


def _debug(value: bool) -> None:
    STATE.debug = STATE.debug or value


def handle_errors(func: F) -> F:
    """Turn library exceptions into one clean line and their exit code; accept ``--debug``
    after the command's name too."""

    @with_option("debug", DebugOpt, False, _debug)
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
            if STATE.debug:
                raise
            raise fail(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", 1
            ) from None

    return cast(F, wrapper)


def settings_from(config: Path | None, **flags: Any) -> Settings:
    """Settings from the config file (this command's ``--config``, else the one given
    before the command), the environment and the given CLI flags."""
    values = {k: (v.value if isinstance(v, Enum) else v) for k, v in flags.items()}
    redact.register_url(values.get("base_url"))
    settings = load_settings(config or STATE.config, **values)
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


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", metavar="FILE", help="TOML settings file", show_default=False),
]
ProviderOpt = Annotated[ProviderChoice | None, typer.Option(help="openai, extractive or local")]
ModelOpt = Annotated[str | None, typer.Option(metavar="NAME", help="model name")]
BaseUrlOpt = Annotated[
    str | None, typer.Option("--base-url", metavar="URL", help="OpenAI-compatible endpoint")
]
PromptOpt = Annotated[str | None, typer.Option(metavar="ID", help="prompt version, e.g. brief.v1")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
