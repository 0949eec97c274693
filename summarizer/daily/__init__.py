"""The daily brief: many sources in, the day's stories across outlets out, ranked.

One module per job: :mod:`.sources` reads files, directories, pages and feeds
(fetched by :mod:`.web` under the fetch policy of :mod:`.policy`);
:mod:`.dedup` folds copies and near-copies of an article; :mod:`.run` summarises
with the brief cache and the run log (:mod:`summarizer.store`); :mod:`.view`
groups the articles into stories (:mod:`.stories`), merges each story's briefs
(:mod:`.storybrief`, :mod:`.storyactors`, :mod:`.storyfigures`) under their
outlets (:mod:`.outlets`) and ranks them; :mod:`.storysummary` has a model write
story summaries; :mod:`.page`, :mod:`.html`, :mod:`.markdown` and :mod:`.atom`
render the day, :mod:`.output` writes it; :mod:`.progress` and :mod:`.history`
show progress and past runs.
"""

from __future__ import annotations

from .model import DAILY_SCHEMA_VERSION, DailyBrief

__all__ = ["DAILY_SCHEMA_VERSION", "DailyBrief"]
