"""The package's version: what ``summarizer --version`` prints, web requests send in
their ``User-Agent`` and the daily feed names as its generator."""

from __future__ import annotations

__version__ = "0.1.0"
