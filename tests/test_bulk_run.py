"""Bulk runs in this process (the workers are real processes): every line gets
exactly one row, briefs are those of ``summarize``, resumes are lossless, Parquet
round-trips, and a model provider runs through the same path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fakes.bulk import (
    BAD_LINES,
    comparable,
    extractive,
    generated_article,
    rows_of,
    run,
    write_archive,
)
from fakes.llm import completion
from fakes.news import article_of, extraction_for
from filelock import FileLock
from typer.testing import CliRunner

from summarizer import Article, load_settings, summarize
from summarizer.bulk import BulkOptions, BulkStoppedError, OutputMismatchError, run_bulk
from summarizer.bulk.progress import Reporter, Tally
from summarizer.cli import app
from summarizer.config import Settings
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply

SECRET = "sk-test-SECRET"

# ----------------------------------------------------------------- local runs


def test_every_line_gets_one_row_and_the_briefs_are_those_of_summarize(tmp_path: Path) -> None:
    articles = write_archive(tmp_path / "in.jsonl", 12)
    result = run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", batch_size=5)
    rows = rows_of(tmp_path / "out.jsonl")
    assert sorted(r["line"] for r in rows) == list(range(1, 12 + len(BAD_LINES) + 1))
    briefs = {r["id"]: r["brief"] for r in rows if "brief" in r}
    assert set(briefs) == {a["id"] for a in articles}
    for article in articles[:4]:
        expected = summarize(
            Article(article["text"], article["title"], article["url"], article["published"]),
            config=extractive(),
        ).model_dump(mode="json")
        assert comparable(briefs[article["id"]]) == comparable(expected)
    errors = {r["line"]: (r["id"], r["error"]) for r in rows if "error" in r}
    assert errors == {4 + i: (article_id, msg) for i, (_, article_id, msg) in enumerate(BAD_LINES)}
    assert (result.briefs, result.errors, result.resumed) == (12, 4, 0)
    assert (result.rows, result.error_rows, result.exit_code) == (16, 4, 1)


def test_a_torn_last_line_is_repaired_and_only_missing_lines_are_done(tmp_path: Path) -> None:
    write_archive(tmp_path / "in.jsonl", 10, bad=False)
    out = tmp_path / "out.jsonl"
    run(tmp_path / "in.jsonl", out)
    whole = out.read_bytes()
    lines = whole.splitlines(keepends=True)
    kept = b"".join(lines[:6])
    out.write_bytes(kept + lines[6][: len(lines[6]) // 2])  # killed in the middle of a write
    result = run(tmp_path / "in.jsonl", out)
    assert (result.resumed, result.briefs, result.exit_code) == (6, 4, 0)
    assert out.read_bytes().startswith(kept)
    rows = rows_of(out)
    assert sorted(r["line"] for r in rows) == list(range(1, 11))
    assert sorted(r["id"] for r in rows) == sorted(f"g{i}" for i in range(10))


def test_a_finished_output_is_left_as_it_is(tmp_path: Path) -> None:
    write_archive(tmp_path / "in.jsonl", 5)
    out = tmp_path / "out.jsonl"
    run(tmp_path / "in.jsonl", out)
    before = out.read_bytes()
    result = run(tmp_path / "in.jsonl", out)
    assert out.read_bytes() == before
    assert (result.resumed, result.written, result.rows, result.error_rows) == (9, 0, 9, 4)


def test_an_output_written_from_another_input_is_refused(tmp_path: Path) -> None:
    write_archive(tmp_path / "a.jsonl", 4, bad=False)
    (tmp_path / "b.jsonl").write_text(
        "".join(json.dumps(generated_article(i + 100)) + "\n" for i in range(4))
    )
    run(tmp_path / "a.jsonl", tmp_path / "out.jsonl")
    with pytest.raises(OutputMismatchError, match="line 1 is not for id 'g100'"):
        run(tmp_path / "b.jsonl", tmp_path / "out.jsonl")


def test_retry_errors_summarises_error_rows_again(tmp_path: Path) -> None:
    write_archive(tmp_path / "in.jsonl", 4, bad=False)
    out = tmp_path / "out.jsonl"
    out.write_text('{"id":"g2","line":3,"error":"the provider was down"}\n')
    kept = run(tmp_path / "in.jsonl", out)
    assert (kept.resumed, kept.briefs, kept.error_rows) == (1, 3, 1)
    retried = run(tmp_path / "in.jsonl", out, retry_errors=True)
    assert (retried.resumed, retried.briefs, retried.error_rows) == (3, 1, 0)
    assert sorted((r["line"], "brief" in r) for r in rows_of(out)) == [
        (n, True) for n in range(1, 5)
    ]


def test_progress_is_reported_with_counts_and_input_read(tmp_path: Path) -> None:
    write_archive(tmp_path / "in.jsonl", 6)
    seen: list[tuple[int, int, float]] = []
    ends: list[str] = []

    class Recorder(Reporter):
        def update(self, tally: Tally) -> None:
            seen.append((tally.briefs, tally.errors, tally.read_share()))

        def finish(self, tally: Tally, summary: str) -> None:
            ends.append(summary)

    settings = extractive()
    run_bulk(
        tmp_path / "in.jsonl",
        tmp_path / "out.jsonl",
        settings,
        BulkOptions(workers=1, batch_size=2),
        Recorder(),
    )
    assert seen[-1] == (6, 4, 1.0)
    assert [b for b, _, _ in seen] == sorted(b for b, _, _ in seen)
    assert len(ends) == 1 and ends[0].startswith("done: 10 written (6 briefs, 4 errors)")
    assert ends[0].endswith("the output has 10 rows (4 errors)")


# ----------------------------------------------------------------- parquet


def test_parquet_in_and_out_give_the_same_briefs_as_jsonl(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime as dt

    articles = write_archive(tmp_path / "in.jsonl", 6, bad=False)
    table = pa.table(
        {
            "id": [int(a["id"][1:]) for a in articles],
            "text": [a["text"] for a in articles],
            "title": [a["title"] for a in articles],
            "url": [a["url"] for a in articles],
            "published": [dt.date(2024, 5, 1)] * len(articles),
            "ignored": list(range(len(articles))),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    run(tmp_path / "in.jsonl", tmp_path / "from-jsonl.parquet")
    run(tmp_path / "in.parquet", tmp_path / "from-parquet.jsonl")

    written = pq.read_table(tmp_path / "from-jsonl.parquet")
    assert written.schema.names == ["id", "line", "brief", "error"]
    assert not (tmp_path / "from-jsonl.parquet.partial.jsonl").exists()
    via_parquet = {
        f"g{r['id']}": comparable(r["brief"]) for r in rows_of(tmp_path / "from-parquet.jsonl")
    }
    via_jsonl = {r["id"]: comparable(json.loads(r["brief"])) for r in written.to_pylist()}
    assert via_parquet == via_jsonl and len(via_jsonl) == 6
    assert all(r["error"] is None for r in written.to_pylist())


def test_a_parquet_output_resumes_from_its_journal_and_from_itself(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    write_archive(tmp_path / "in.jsonl", 6)
    out = tmp_path / "out.parquet"
    journal = tmp_path / "out.parquet.partial.jsonl"
    run(tmp_path / "in.jsonl", tmp_path / "all.jsonl")
    done = (tmp_path / "all.jsonl").read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(done[:3]) + done[3][:10])  # a run killed mid-way
    result = run(tmp_path / "in.jsonl", out)
    assert (result.resumed, result.written) == (3, 7)
    assert not journal.exists()
    assert sorted(pq.read_table(out).column("line").to_pylist()) == list(range(1, 11))
    (tmp_path / "in.jsonl").open("a").write(json.dumps(generated_article(50)) + "\n")
    grown = run(tmp_path / "in.jsonl", out)
    assert (grown.resumed, grown.written, grown.rows) == (10, 1, 11)
    assert sorted(pq.read_table(out).column("line").to_pylist()) == list(range(1, 12))


# ----------------------------------------------------------------- the command


def test_the_command_exit_codes_and_status_lines(tmp_path: Path) -> None:
    write_archive(tmp_path / "in.jsonl", 3, bad=False)
    runner = CliRunner()
    args = [
        "bulk",
        str(tmp_path / "in.jsonl"),
        "--out",
        str(tmp_path / "out.jsonl"),
        "--workers",
        "1",
        "--provider",
        "extractive",
    ]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "bulk: done: 3 written (3 briefs, 0 errors)" in done.stderr
    assert len(rows_of(tmp_path / "out.jsonl")) == 3

    (tmp_path / "in.jsonl").open("a").write("{broken\n")
    assert runner.invoke(app, args).exit_code == 1

    nowhere = tmp_path / "nowhere" / "x.jsonl"
    missing = runner.invoke(app, ["bulk", str(tmp_path / "nope.jsonl"), "--out", str(nowhere)])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    assert not nowhere.parent.exists()  # nothing is created for an input that is not there

    both = runner.invoke(app, [*args, "--scheduler", "tcp://127.0.0.1:9"])
    assert both.exit_code == 2 and "not both" in both.stderr

    fmt = runner.invoke(app, [*args, "--format", "csv"])
    assert fmt.exit_code == 2 and "unknown output format 'csv'" in fmt.stderr

    with FileLock(tmp_path / ".out.jsonl.lock"):
        locked = runner.invoke(app, args)
    assert locked.exit_code == 75 and "another bulk run is writing" in locked.stderr


# ----------------------------------------------------------------- model provider


def model_settings(server: FakeOpenAIServer, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "provider": "openai",
        "api_key": SECRET,
        "base_url": server.url,
        "retry_max_wait": 0.01,
        "retry_attempts": 2,
        "concurrency": 4,
    }
    return load_settings(**{**values, **overrides})


def answer(request: dict[str, Any]) -> Reply:
    """A careful model's answer; an article that says REFUSE is refused, echoing the key."""
    text = article_of(request)
    if "REFUSE" in text:
        return Reply(
            400,
            {
                "error": {
                    "message": f"rejected content (key {SECRET})",
                    "type": "invalid_request_error",
                }
            },
        )
    return Reply(200, completion(extraction_for(text)))


def test_a_model_provider_runs_through_the_same_path(tmp_path: Path) -> None:
    articles = write_archive(tmp_path / "in.jsonl", 10)
    refused = {"id": "refuse-me", "text": "REFUSE this article, please, it is long enough."}
    with (tmp_path / "in.jsonl").open("a") as handle:
        handle.write(json.dumps(refused) + "\n")
    with FakeOpenAIServer(answer, lifetime=120) as server:
        result = run(
            tmp_path / "in.jsonl",
            tmp_path / "out.jsonl",
            model_settings(server),
            workers=2,
            batch_size=3,
        )
        calls, url = len(server.requests), server.url
    rows = {r["id"]: r for r in rows_of(tmp_path / "out.jsonl") if r["id"]}
    assert calls == 11  # one call per summarisable article, no retries
    for article in articles:
        brief = rows[article["id"]]["brief"]
        assert brief["provenance"]["provider"] == "openai"
        assert brief["quotes"][0]["text"].startswith("We will rebuild every street")
        assert brief["quotes"][0]["speaker_name"] in article["text"]
    assert rows["refuse-me"]["error"] == (
        f"{url} refused the request (HTTP 400): Error code: 400 - {{'error': {{'message': "
        "'rejected content (key ********)', 'type': 'invalid_request_error'}}"
    )
    assert SECRET not in (tmp_path / "out.jsonl").read_text()
    assert (result.briefs, result.errors) == (10, 5)


def test_a_rejected_key_stops_the_run_and_writes_nothing_for_the_articles(
    tmp_path: Path,
) -> None:
    write_archive(tmp_path / "in.jsonl", 4, bad=False)
    unauthorised = Reply(401, {"error": {"message": f"Incorrect API key provided: {SECRET}"}})
    with (
        FakeOpenAIServer(lambda _: unauthorised, lifetime=60) as server,
        pytest.raises(BulkStoppedError, match="rejected the API key") as stopped,
    ):
        run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", model_settings(server))
    assert stopped.value.exit_code == 3 and SECRET not in str(stopped.value)
    assert (tmp_path / "out.jsonl").read_bytes() == b""


def test_a_provider_that_refuses_every_article_stops_the_run(tmp_path: Path) -> None:
    write_archive(tmp_path / "in.jsonl", 30, bad=False)
    missing = Reply(404, {"error": {"message": "The model `gpt-typo` does not exist"}})
    with (
        FakeOpenAIServer(lambda _: missing, lifetime=60) as server,
        pytest.raises(BulkStoppedError, match="refused 2[0-9] articles in a row") as stopped,
    ):
        run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", model_settings(server), batch_size=10)
    assert "404 Not Found for model" in str(stopped.value)
    assert (tmp_path / "out.jsonl").read_bytes() == b""
