"""The running document-frequency table of story clustering: terms, counts, inverse document
frequencies, the cap, and the table the daily run keeps in the store."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from fakes.news import write_articles
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config import Settings
from summarizer.daily.storyterms import MAX_TERM_CHARS, TermCounts, story_terms
from summarizer.daily.termtable import REMEMBERED_DAYS, TermTable
from summarizer.store import Store

DAY = dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        (
            "The Council's votes: 7 to 4, said Mr. Bexley\u2019s mayor.",
            ["council", "vote", "mr", "bexley", "mayor"],
        ),
        ("and the of 2016", []),
        # the Glasgow stop list, with "said" and "says"
        ("Fire crews found the bill, officials said and says", ["crew", "official"]),
        # a run of letters longer than a word is not counted; one at the limit is
        ("x" * (MAX_TERM_CHARS + 1) + " dam", ["dam"]),
        ("y" * MAX_TERM_CHARS, ["y" * MAX_TERM_CHARS]),
    ],
)
def test_terms_are_folded_stemmed_words_without_stop_words_numbers_or_junk(
    text: str, terms: list[str]
) -> None:
    assert story_terms(text) == terms


@pytest.mark.parametrize(
    ("documents", "total", "counts"),
    [
        ([], 0, {}),
        ([["dam", "flood"]], 1, {"dam": 1, "flood": 1}),
        # a term repeated in one document counts once
        ([["dam", "dam", "dam"]], 1, {"dam": 1}),
        ([["dam", "flood"], ["dam", "vote"], []], 3, {"dam": 2, "flood": 1, "vote": 1}),
    ],
)
def test_adding_documents_counts_each_term_once_per_document(
    documents: list[list[str]], total: int, counts: dict[str, int]
) -> None:
    table = TermCounts(10, {"dam": 4})
    table.add(documents)
    expected = {**counts, "dam": 4 + counts.get("dam", 0)}
    assert (table.documents, table.counts) == (10 + total, expected)


@pytest.mark.parametrize(
    ("size", "kept"),
    [
        (5, {"a": 3, "b": 1, "c": 2, "d": 2}),
        (4, {"a": 3, "b": 1, "c": 2, "d": 2}),
        (3, {"a": 3, "c": 2, "d": 2}),
        # on a tie the alphabetically first stays
        (2, {"a": 3, "c": 2}),
        (1, {"a": 3}),
    ],
)
def test_the_cap_keeps_the_most_frequent_terms(size: int, kept: dict[str, int]) -> None:
    table = TermCounts(7, {"a": 3, "b": 1, "c": 2, "d": 2})
    table.cap(size)
    assert table.counts == kept and table.documents == 7


def test_a_negative_number_of_documents_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        TermCounts(-1)


@pytest.mark.parametrize(
    ("table", "term", "expected"),
    [
        # an empty table (first run): the day's three articles alone; a term in all of
        # them weighs least
        (TermCounts(), "dam", 1.0),
        (TermCounts(), "vote", math.log(4 / 2) + 1),
        # 97 earlier articles, 47 with "dam": 50 of 100 in all
        (TermCounts(97, {"dam": 47}), "dam", math.log(101 / 51) + 1),
        # a term the table never saw is as rare as the day makes it
        (TermCounts(97, {"dam": 47}), "vote", math.log(101 / 2) + 1),
        (TermCounts(97, {"vote": 96}), "vote", math.log(101 / 98) + 1),
    ],
)
def test_inverse_document_frequencies_count_the_table_and_the_day(
    table: TermCounts, term: str, expected: float
) -> None:
    day = [["dam", "flood"], ["dam", "vote", "vote"], ["dam"]]
    assert table.idf(day)[term] == pytest.approx(expected)


def test_the_idf_has_every_term_of_the_day_and_no_other() -> None:
    idf = TermCounts(5, {"old": 2}).idf([["dam"], ["vote", "dam"]])
    assert sorted(idf) == ["dam", "vote"]


# ------------------------------------------------------------------- the stored table


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.sqlite3")


def test_an_empty_store_holds_an_empty_table(store: Store) -> None:
    counts = TermTable(store).load()
    assert (counts.documents, counts.counts) == (0, {})


def test_the_stored_table_adds_each_article_once(store: Store) -> None:
    table = TermTable(store)
    first = [("a1", "Dam fails\n\nThe dam failed."), ("a2", "Council vote\n\nThe council votes.")]
    assert table.add(DAY, first, 100) == 2
    # a run started again on the same day adds only what is new; an id repeated in one
    # call counts once
    again = [*first, ("a3", "Dam repaired"), ("a3", "Dam repaired")]
    assert table.add(DAY, again, 100) == 1
    counts = TermTable(store).load()
    assert counts.documents == 3
    assert counts.counts == {"dam": 2, "fail": 1, "council": 1, "vote": 1, "repair": 1}


def test_the_stored_table_is_capped_as_in_memory(store: Store) -> None:
    articles = [("a1", "dam flood vote"), ("a2", "dam flood"), ("a3", "dam zoo"), ("a4", "ant")]
    TermTable(store).add(DAY, articles, 3)
    expected = TermCounts()
    expected.add(story_terms(text) for _, text in articles)
    expected.cap(3)
    counts = TermTable(store).load()
    assert counts.counts == expected.counts == {"dam": 3, "flood": 2, "ant": 1}
    assert counts.documents == 4


def test_article_ids_are_forgotten_after_the_remembered_days(store: Store) -> None:
    table = TermTable(store)
    table.add(DAY, [("a1", "dam")], 100)
    later = DAY + dt.timedelta(days=REMEMBERED_DAYS)
    assert table.add(later, [("a1", "dam"), ("a2", "vote")], 100) == 1
    ids = [row["article_id"] for row in store.query("SELECT article_id FROM story_term_articles")]
    assert sorted(ids) == ["a1", "a2"]
    much_later = later + dt.timedelta(days=REMEMBERED_DAYS + 1)
    table.add(much_later, [("a3", "zoo")], 100)
    ids = [row["article_id"] for row in store.query("SELECT article_id FROM story_term_articles")]
    assert ids == ["a3"]
    assert table.add(much_later, [("a1", "dam")], 100) == 1


def test_a_failed_add_counts_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    table = TermTable(store)
    table.add(DAY, [("a1", "dam")], 100)

    def refuse(day: dt.date) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr(table, "_forget_before", refuse)
    with pytest.raises(RuntimeError):
        table.add(DAY, [("a2", "vote")], 100)
    counts = table.load()
    assert (counts.documents, counts.counts) == (1, {"dam": 1})


def test_the_vocabulary_setting_must_be_positive() -> None:
    assert Settings.model_fields["story_vocabulary"].default == 50_000
    with pytest.raises(ValueError, match="story_vocabulary"):
        Settings(story_vocabulary=0)


def test_a_daily_run_counts_its_articles_once_across_reruns(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    written = write_articles(folder)
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data"), "SUMMARIZER_STORY_VOCABULARY": "30"}
    for _ in range(2):
        result = CliRunner().invoke(
            app, ["daily", str(folder), "--out", str(tmp_path / "briefs")], env=env
        )
        assert result.exit_code == 0, result.output
    with Store.in_dir(tmp_path / "data") as store:
        counts = TermTable(store).load()
    assert counts.documents == len(written)
    assert len(counts.counts) == 30
    assert all(1 <= n <= len(written) for n in counts.counts.values())
