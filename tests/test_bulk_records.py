"""Bulk input and output, line by line: which lines are records, what is wrong with
the others, how rows are encoded and read back, and how a journal is repaired."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from summarizer.bulk.journal import Done, Journal, OutputMismatchError
from summarizer.bulk.progress import ProgressBar, StatusLines, Tally, reporter_for
from summarizer.bulk.reading import max_line_bytes, open_source, parse_line
from summarizer.bulk.records import Record, Rejected, UniqueIds, leading_id
from summarizer.bulk.rows import brief_row, error_row, parse_row
from summarizer.errors import InputError

# ------------------------------------------------------------------ one line

LINES: list[tuple[str, bytes, Record | Rejected]] = [
    (
        "every field",
        b'{"id": "a1", "text": "Body.", "title": "T", "url": "https://x.test/1", '
        b'"published": "2024-05-01", "section": "world"}',
        Record(7, "a1", "Body.", "T", "https://x.test/1", "2024-05-01"),
    ),
    ("integer id", b'{"id": 12, "text": "Body."}', Record(7, "12", "Body.")),
    ("null metadata", b'{"id": "a", "text": "B", "title": null}', Record(7, "a", "B")),
    ("no id", b'{"text": "Body."}', Rejected(7, None, "no `id`")),
    ("null id", b'{"id": null, "text": "Body."}', Rejected(7, None, "no `id`")),
    (
        "boolean id",
        b'{"id": true, "text": "Body."}',
        Rejected(7, None, "`id` must be a string or an integer, not a boolean"),
    ),
    (
        "float id",
        b'{"id": 1.5, "text": "Body."}',
        Rejected(7, None, "`id` must be a string or an integer, not a number"),
    ),
    ("blank id", b'{"id": "  ", "text": "Body."}', Rejected(7, None, "`id` is empty")),
    (
        "long id",
        b'{"id": "' + b"x" * 513 + b'", "text": "Body."}',
        Rejected(7, None, "`id` is longer than 512 characters"),
    ),
    ("no text", b'{"id": "a2"}', Rejected(7, "a2", "no `text`")),
    (
        "text not a string",
        b'{"id": "a3", "text": ["Body."]}',
        Rejected(7, "a3", "`text` must be a string, not a list"),
    ),
    (
        "title not a string",
        b'{"id": "a4", "text": "Body.", "title": 5}',
        Rejected(7, "a4", "`title` must be a string or null, not a number"),
    ),
    (
        "published as an object",
        b'{"id": "a5", "text": "Body.", "published": {"y": 2024}}',
        Rejected(7, "a5", "`published` must be a string or null, not an object"),
    ),
    ("a list", b'[{"id": "a6"}]', Rejected(7, None, "not a JSON object")),
    (
        "broken JSON, id first",
        b'{"id": "a7", "text": "Body}',
        Rejected(7, "a7", "invalid JSON: Unterminated string starting at (column 22)"),
    ),
    (
        "broken JSON, id later",
        b'{"text": "x", "id": "a8" "more": 1}',
        Rejected(7, None, "invalid JSON: Expecting ',' delimiter (column 26)"),
    ),
    (
        "not UTF-8",
        b'{"id": "a9", "text": "caf\xe9"}',
        Rejected(7, "a9", "not valid UTF-8 (bad byte at 25)"),
    ),
]


@pytest.mark.parametrize(("line", "expected"), [c[1:] for c in LINES], ids=[c[0] for c in LINES])
def test_each_line_is_a_record_or_says_what_is_wrong(
    line: bytes, expected: Record | Rejected
) -> None:
    assert parse_line(7, line + b"\n") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b'{"id": "x1", "text": ', "x1"),
        (b'  { "id" : 42 , "text"', "42"),
        (b'{"id": "say \\"hi\\"", ', 'say "hi"'),
        (b'{"meta": {"id": "nested"}, "id": "top"', None),
        (b'{"id": "", "text"', None),
        (b'{"id": true}', None),
        (b"garbage", None),
    ],
)
def test_the_id_of_an_unusable_line_is_read_only_from_its_first_key(
    line: bytes, expected: str | None
) -> None:
    assert leading_id(line) == expected


def test_an_id_belongs_to_the_first_line_that_has_it_even_a_rejected_one() -> None:
    unique = UniqueIds()
    items = [
        Rejected(1, "a", "no `text`"),
        Record(2, "a", "text"),
        Record(3, "b", "text"),
        Record(4, "b", "text"),
        Rejected(5, None, "not a JSON object"),
    ]
    assert list(unique.filter(items)) == [
        items[0],
        Rejected(2, None, "duplicate id 'a': an earlier line has it"),
        items[2],
        Rejected(4, None, "duplicate id 'b': an earlier line has it"),
        items[4],
    ]


# ------------------------------------------------------------------ a file


def test_blank_lines_are_skipped_and_line_numbers_count_them(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "A."}\n\n   \n{"id": "b", "text": "B."}')
    source = open_source(path, 1000)
    assert list(source.items) == [Record(1, "a", "A."), Record(4, "b", "B.")]
    assert source.position() == source.size == path.stat().st_size


def test_a_line_over_the_limit_is_refused_and_the_next_one_is_read(tmp_path: Path) -> None:
    limit = max_line_bytes(1000)
    assert limit == 6 * 1000 + 64 * 1024
    at_limit = b'{"id": "ok", "text": "' + b"x" * (limit - 24) + b'"}'
    assert len(at_limit) == limit
    over = b'{"id": "big", "text": "' + b"y" * (3 * limit) + b'"}'
    path = tmp_path / "in.jsonl"
    path.write_bytes(at_limit + b"\n" + over + b"\n" + b'{"id": "c", "text": "C."}\n')
    first, second, third = open_source(path, 1000).items
    assert isinstance(first, Record) and first.id == "ok"
    assert second == Rejected(
        2,
        "big",
        f"the line has {len(over) + 1:,} bytes, over the limit of {limit:,} for an article "
        "(raise max_article_chars to allow it)",
    )
    assert third == Record(3, "c", "C.")


def test_compressed_input_is_read_as_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        for i in range(3):
            handle.write(json.dumps({"id": i, "text": f"Text {i}."}).encode() + b"\n")
    assert [r.id for r in open_source(path, 1000).items] == ["0", "1", "2"]


@pytest.mark.parametrize("name", ["missing.jsonl", "folder"])
def test_an_input_that_is_not_a_file_is_an_input_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match="no such file|is a directory"):
        open_source(tmp_path / name, 1000)


# ------------------------------------------------------------------ rows


def test_rows_are_encoded_exactly_and_read_back() -> None:
    brief = brief_row(3, "a\u00e9", '{"summary":"S"}')
    error = error_row(4, None, 'bad "x"')
    assert brief == '{"id":"a\u00e9","line":3,"brief":{"summary":"S"}}\n'.encode()
    assert error == b'{"id":null,"line":4,"error":"bad \\"x\\""}\n'
    row = parse_row(brief, "here")
    assert (row.line, row.id, row.kind, row.payload) == (3, "a\u00e9", "brief", b'{"summary":"S"}')
    row = parse_row(error, "here")
    assert (row.line, row.id, row.kind, row.error) == (4, None, "error", 'bad "x"')


def test_a_row_written_in_another_key_order_is_read_too() -> None:
    row = parse_row(b'{"line": 9, "error": "boom", "id": "z"}\n', "here")
    assert (row.line, row.id, row.kind, row.error) == (9, "z", "error", "boom")


@pytest.mark.parametrize(
    "raw",
    [
        b"not json\n",
        b'{"id": "a"}\n',
        b'{"line": 0, "error": "x"}\n',
        b'{"line": 1, "id": 5, "error": "x"}\n',
        b'{"line": 1, "brief": {}, "error": "x"}\n',
    ],
)
def test_a_line_that_is_not_a_row_is_an_input_error(raw: bytes) -> None:
    with pytest.raises(InputError, match="^line 5 of out.jsonl"):
        parse_row(raw, "line 5 of out.jsonl")


# ------------------------------------------------------------------ journal


def test_done_lines_remember_their_ids() -> None:
    done = Done()
    done.add(3, "a", "row 1")
    done.add(5000, None, "row 2", error=True)
    assert done.has(3) and done.has(5000) and not done.has(4) and not done.has(10**6)
    assert done.matches(3, "a") and not done.matches(3, "b")
    assert done.matches(5000, None) and not done.matches(5000, "a")
    assert (done.count, done.errors) == (2, 1)
    with pytest.raises(OutputMismatchError, match="row 3 is a second row for input line 3"):
        done.add(3, "a", "row 3")


def test_opening_a_journal_cuts_off_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    rows = brief_row(1, "a", "{}") + error_row(2, "b", "bad")
    path.write_bytes(rows + b'{"id":"c","line":3,"bri')
    journal = Journal.open(path)
    journal.write([brief_row(3, "c", "{}")])
    journal.close()
    assert path.read_bytes() == rows + brief_row(3, "c", "{}")
    assert (journal.done.count, journal.done.errors) == (2, 1)


def test_retrying_errors_drops_error_rows_before_resuming(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(error_row(1, "a", "bad") + brief_row(2, "b", "{}") + b'{"id":"c"')
    journal = Journal.open(path, drop_errors=True)
    journal.close()
    assert path.read_bytes() == brief_row(2, "b", "{}")
    assert not journal.done.has(1) and journal.done.has(2)
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_a_journal_with_two_rows_for_one_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(brief_row(1, "a", "{}") + error_row(1, "a", "bad"))
    with pytest.raises(OutputMismatchError, match="second row for input line 1"):
        Journal.open(path)


# ------------------------------------------------------------------ parquet


def test_parquet_rows_are_records_and_bad_rows_say_why(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime as dt

    path = tmp_path / "in.parquet"
    table = pa.table(
        {
            "id": ["a", None, "c"],
            "text": ["Body A.", "Body B.", None],
            "published": [dt.datetime(2024, 5, 1, 8, 30), None, None],
            "extra": [1, 2, 3],
        }
    )
    pq.write_table(table, path)
    source = open_source(path, 1000)
    assert (source.size, source.unit) == (3, "rows")
    assert list(source.items) == [
        Record(1, "a", "Body A.", published="2024-05-01T08:30:00"),
        Rejected(2, None, "no `id`"),
        Rejected(3, "c", "no `text`"),
    ]
    assert source.position() == 3


def test_a_parquet_file_without_a_text_column_is_an_input_error(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), tmp_path / "in.parquet")
    with pytest.raises(InputError, match=r"has no `text` column \(its columns: id, body\)"):
        open_source(tmp_path / "in.parquet", 1000)
    (tmp_path / "junk.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="cannot read .* as Parquet"):
        open_source(tmp_path / "junk.parquet", 1000)


# ------------------------------------------------------------------ progress


def test_status_lines_say_counts_rate_and_input_read() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)
    reporter = StatusLines(console, every=0)
    tally = Tally(resumed=5, size=200, unit="bytes")
    reporter.start(tally)
    tally.briefs, tally.errors, tally.read = 7, 1, 50
    reporter.update(tally)
    reporter.finish(tally, "done: all")
    lines = [line.split(" ", 1)[1] for line in buffer.getvalue().splitlines()]
    assert lines[0] == "bulk: resuming: 5 records already have a row"
    assert lines[1].startswith("bulk: 8 written (7 briefs, 1 errors), ")
    assert lines[1].endswith("/s, input 25% read, 5 done before")
    assert lines[2] == "bulk: done: all"
    assert isinstance(
        reporter_for(Console(file=io.StringIO(), force_terminal=True), False), ProgressBar
    )
    assert isinstance(
        reporter_for(Console(file=io.StringIO(), force_terminal=True), True), StatusLines
    )
    assert isinstance(reporter_for(Console(file=io.StringIO()), False), StatusLines)
