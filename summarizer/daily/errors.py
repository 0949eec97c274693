"""The daily run's own errors and exit codes (0 done · 1 some articles failed · 2 bad
usage or config · 3 the run failed · 75 another run holds the lock)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ConfigError, SourceError, SummarizerError

EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


class DailyConfigError(SummarizerError):
    """The configuration cannot run a daily brief (bad file, missing key, no sources)."""

    exit_code = 2


class RunFailedError(SummarizerError):
    """The run itself failed (output or store not writable, internal error)."""

    exit_code = 3


class RunLockedError(SummarizerError):
    """Another run for the same output folder and day is still going."""

    exit_code = EXIT_LOCKED


__all__ = [
    "EXIT_LOCKED",
    "DailyConfigError",
    "RunFailedError",
    "RunLockedError",
    "SourceError",
    "config_errors",
]


@contextmanager
def config_errors() -> Iterator[None]:
    """Report configuration errors with the daily run's exit code for bad config (2)."""
    try:
        yield
    except ConfigError as exc:
        raise DailyConfigError(str(exc)) from None
