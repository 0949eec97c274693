"""The daily run's provider: the call log's wrapper, its records tied to the run."""

from __future__ import annotations

from ..calllog import CallLog
from ..calllog import LoggedProvider as CallLogger
from ..config import Settings
from ..providers.base import Provider


class LoggedProvider(CallLogger):
    """Counts the run's calls and their cost and hands each call's record to ``log``
    (which files it under the run), unless ``log_calls`` is off.

    A provider already logged by :func:`~summarizer.providers.make_provider` is
    unwrapped first, so that each call is logged once, with its run.
    """

    def __init__(self, inner: Provider, settings: Settings, prompt_id: str, log: CallLog):
        if isinstance(inner, CallLogger):
            inner = inner.inner
        super().__init__(inner, settings, log if settings.log_calls else None, prompt_id=prompt_id)
