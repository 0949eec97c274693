"""Where a test may stop a batch run with SIGKILL, to prove that a kill at any step of a
submission or collection submits nothing twice."""

from __future__ import annotations

import os
import signal

KILL_AT = "SUMMARIZER_BATCH_KILL_AT"
POINTS = ("intent", "uploaded", "submitted", "downloaded")


def checkpoint(name: str) -> None:
    """Stop this process with SIGKILL when ``SUMMARIZER_BATCH_KILL_AT`` names ``name``
    (one of :data:`POINTS`)."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)
