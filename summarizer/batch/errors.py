"""What batch mode raises: a job still waiting, a job another process holds, settings
it cannot work with.

(A request that came back failed for good is
:class:`summarizer.batch.transport.BatchRequestFailed`.) This module imports
nothing heavy, so commands can name these errors without loading a client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigError, SummarizerError

if TYPE_CHECKING:
    from ..config import Settings

EXIT_PENDING = 10
EXIT_LOCKED = 75  # EX_TEMPFAIL, as for a daily run that finds its day locked


class BatchPending(SummarizerError):
    """Requests were submitted or are still running: run again later to collect them.

    Not a failure: the command says so in one line and exits 10.
    """

    exit_code = EXIT_PENDING


class BatchLockedError(SummarizerError):
    """Another process is submitting or collecting the same job."""

    exit_code = EXIT_LOCKED


def check_settings(settings: Settings) -> None:
    """Batch mode needs the openai provider.

    Raises:
        ConfigError: another provider is selected.
    """
    if settings.provider_name != "openai":
        raise ConfigError(
            "batch mode sends requests through the OpenAI Batch API: it needs the openai "
            f"provider (an API key), not {settings.provider_name}"
        )
