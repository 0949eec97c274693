"""The running document-frequency table of story clustering, kept in the store.

Three tables next to the store's own (:meth:`summarizer.store.Store.ensure_tables`):

* ``story_terms``: term -> how many counted articles contain it, at most
  ``Settings.story_vocabulary`` rows (the most frequent terms);
* ``story_term_totals``: the number of articles counted (row ``documents``);
* ``story_term_articles``: the ids of the articles counted in the last
  :data:`REMEMBERED_DAYS` days, so that a run started again on the same day counts
  none of its articles twice.

The daily run reads the table before grouping the day's articles into stories and
adds them after (:meth:`TermTable.add`), in one transaction: a run killed at any
point has counted a day's article fully or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from ..store import Store
from .storyterms import TermCounts, story_terms

REMEMBERED_DAYS = 31
"""How long the ids of counted articles are kept: a run of a day this much older than the
latest counts that day's articles again."""

TABLES = """
CREATE TABLE IF NOT EXISTS story_terms (
    term TEXT PRIMARY KEY,
    documents INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_term_totals (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS story_term_articles (
    article_id TEXT PRIMARY KEY,
    day TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_term_articles_by_day ON story_term_articles(day);
"""


class TermTable:
    """The running document-frequency table in ``store``."""

    def __init__(self, store: Store):
        self.store = store
        store.ensure_tables(TABLES)

    def load(self) -> TermCounts:
        """The table as it stands."""
        rows = self.store.query("SELECT value FROM story_term_totals WHERE name='documents'")
        documents = int(rows[0]["value"]) if rows else 0
        counts = {
            str(row["term"]): int(row["documents"])
            for row in self.store.query("SELECT term, documents FROM story_terms")
        }
        return TermCounts(documents, counts)

    def add(self, day: dt.date, articles: Sequence[tuple[str, str]], size: int) -> int:
        """Count ``articles`` (id and clustering text) of ``day`` that are not counted yet,
        then keep the ``size`` most frequent terms; how many articles were counted."""
        with self.store.transaction():
            new = self._uncounted(articles)
            in_new = Counter(term for _, text in new for term in set(story_terms(text)))
            self.store.write_many(
                "INSERT INTO story_terms VALUES (?, ?) ON CONFLICT(term) "
                "DO UPDATE SET documents = documents + excluded.documents",
                sorted(in_new.items()),
            )
            self.store.write(
                "INSERT INTO story_term_totals VALUES ('documents', ?) ON CONFLICT(name) "
                "DO UPDATE SET value = value + excluded.value",
                (len(new),),
            )
            self.store.write_many(
                "INSERT INTO story_term_articles VALUES (?, ?)",
                [(article_id, day.isoformat()) for article_id, _ in new],
            )
            self._forget_before(day - dt.timedelta(days=REMEMBERED_DAYS))
            self._cap(size)
        return len(new)

    def _uncounted(self, articles: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """``articles`` not counted yet, each id once."""
        seen = {
            str(row["article_id"])
            for row in self.store.query("SELECT article_id FROM story_term_articles")
        }
        new: dict[str, str] = {}
        for article_id, text in articles:
            if article_id not in seen:
                new.setdefault(article_id, text)
        return list(new.items())

    def _forget_before(self, day: dt.date) -> None:
        self.store.write("DELETE FROM story_term_articles WHERE day < ?", (day.isoformat(),))

    def _cap(self, size: int) -> None:
        """Drop the least frequent terms beyond ``size`` (the alphabetically last on a tie,
        as :meth:`TermCounts.cap`)."""
        self.store.write(
            "DELETE FROM story_terms WHERE term IN (SELECT term FROM story_terms "
            "ORDER BY documents DESC, term ASC LIMIT -1 OFFSET ?)",
            (size,),
        )
