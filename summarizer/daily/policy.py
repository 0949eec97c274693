"""Where ``daily`` may connect: the shared fetch policy of :mod:`summarizer.fetch_policy`."""

from __future__ import annotations

from ..fetch_policy import FetchPolicy, address_kind, parse_allowed

__all__ = ["FetchPolicy", "address_kind", "parse_allowed"]
