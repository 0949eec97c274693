"""One exception root for the library; the CLI maps each class to an exit code."""

from __future__ import annotations

from typing import Literal

from .redact import mask

SourceStage = Literal["read", "fetch", "extract"]


class SummarizerError(Exception):
    """Root of every error the library raises on purpose.

    ``exit_code`` is what the command-line tool exits with for this error. Its
    text has secrets masked (:func:`summarizer.redact.mask`), so it can be shown,
    logged and stored as it is.
    """

    exit_code = 1

    def __str__(self) -> str:
        return mask(super().__str__())


class InputError(SummarizerError):
    """The article (or another input) cannot be used: missing, empty, binary, too large."""

    exit_code = 2


class SourceError(InputError):
    """A source could not be read, fetched or parsed (a file, a page, a feed).

    ``stage`` says where it failed: ``read``, ``fetch`` or ``extract``.
    """

    def __init__(self, stage: SourceStage, reason: str):
        super().__init__(reason)
        self.stage: SourceStage = stage


class UsageError(SummarizerError):
    """The command or call was used wrongly (unknown prompt, bad option value)."""

    exit_code = 2


class OutputError(SummarizerError):
    """An output file cannot be written where it was asked for (a folder, no permission)."""

    exit_code = 2


class ConfigError(SummarizerError):
    """The configuration is invalid or incomplete (missing API key, bad TOML)."""

    exit_code = 3


class ProviderError(SummarizerError):
    """The provider refused or failed the request (auth, bad request, unreachable)."""

    exit_code = 3


class AuthError(ProviderError):
    """The provider rejected the credentials (HTTP 401/403)."""


class ProviderUnavailableError(ProviderError):
    """The provider stayed unreachable, rate-limited or failing after every retry."""


class NoValidOutputError(SummarizerError):
    """The model gave no usable output within the allowed re-asks.

    ``usage`` holds the token usage spent on the failed attempts.
    """

    exit_code = 4

    def __init__(self, message: str, *, usage: object | None = None, attempts: int = 0):
        super().__init__(message)
        self.usage = usage
        self.attempts = attempts


class GroundingError(NoValidOutputError):
    """With ``strict=True``: an item could not be grounded in the article after re-asks."""


class ReplayMissError(SummarizerError):
    """A replayed run asked for a response that was never recorded."""

    exit_code = 2
