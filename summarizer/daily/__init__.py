"""The daily brief: many sources in, one deduplicated, cross-article brief of the day out.

One module per job: :mod:`.sources` reads files, directories, pages and feeds
(fetched by :mod:`.web` under the fetch policy of :mod:`.policy`);
:mod:`.dedup` groups duplicates into stories; :mod:`.run` summarises with the
brief cache and the run log (:mod:`summarizer.store`) and writes the day's files;
:mod:`.view` builds the cross-article view; :mod:`.markdown` and :mod:`.html`
render it; :mod:`.console` shows progress and past runs.
"""

from __future__ import annotations

from .model import DAILY_SCHEMA_VERSION, DailyBrief

__all__ = ["DAILY_SCHEMA_VERSION", "DailyBrief"]
