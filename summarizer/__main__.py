"""``python -m summarizer``: the same command as ``summarizer``."""

from __future__ import annotations

from .cli import main

main()
