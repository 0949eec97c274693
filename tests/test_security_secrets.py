"""Secrets never leave the process: a hostile model endpoint on 127.0.0.1 echoes the
request's Authorization header (and the bare key) in its error answers; the key
must appear on no output, in no file, in no stored row and in no `runs` listing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes.news import write_articles
from typer.testing import CliRunner, Result

from summarizer.cli import app
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply
from summarizer.redact import MASK, mask, register

KEY = "sk-live-Zq8XbW3nR5tY7uI9oP1aS2dF"
PLAIN_KEY = "key-7f3a9c2e11d04b"  # looks like nothing in particular: masked because registered
PASSWORD = "pa55-w0rd-hunter2"


def echoing(request: dict[str, Any]) -> Reply:
    """A 400 whose message repeats the request's credentials, as some proxies do."""
    auth = request["_auth"]
    token = auth.removeprefix("Bearer ")
    message = f"invalid request; you sent {auth}; headers were Authorization: {auth}; key {token}"
    body = {"error": {"message": message, "type": "invalid_request_error"}, "echo": auth}
    return Reply(400, body)


@pytest.fixture
def endpoint() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(echoing, lifetime=120) as server:
        yield server


def run(args: list[str], env: dict[str, str]) -> Result:
    return CliRunner().invoke(app, args, env=env, catch_exceptions=False)


def leaks(text: str, *secrets: str) -> list[str]:
    return [s for s in secrets if s in text or s[-10:] in text]


def store_text(data_dir: Path) -> str:
    """Every row of every table of the store, as text."""
    with sqlite3.connect(data_dir / "store.sqlite3") as db:
        rows = []
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            rows += [repr(row) for row in db.execute(f"SELECT * FROM {table}")]  # noqa: S608
    return "\n".join(rows)


@pytest.mark.parametrize("key", [KEY, PLAIN_KEY])
def test_summarize_does_not_print_an_echoed_key(
    endpoint: FakeOpenAIServer, tmp_path: Path, key: str
) -> None:
    write_articles(tmp_path, ["flood"])
    article = tmp_path / "flood.txt"
    env = {"OPENAI_API_KEY": key, "OPENAI_BASE_URL": endpoint.url}
    result = run(["summarize", str(article)], env)

    assert result.exit_code == 3
    assert endpoint.requests[0]["_auth"] == f"Bearer {key}"  # it was sent, and echoed
    assert "HTTP 400" in result.stderr and MASK in result.stderr
    assert leaks(result.stdout + result.stderr, key) == []


@pytest.mark.parametrize("key", [KEY, PLAIN_KEY])
def test_daily_keeps_an_echoed_key_out_of_pages_store_and_run_log(
    endpoint: FakeOpenAIServer, tmp_path: Path, key: str
) -> None:
    write_articles(tmp_path / "articles", ["flood", "budget"])
    env = {
        "OPENAI_API_KEY": key,
        "OPENAI_BASE_URL": endpoint.url,
        "SUMMARIZER_PROVIDER": "openai",
        "SUMMARIZER_DATA_DIR": str(tmp_path / "data"),
    }
    args = ["daily", str(tmp_path / "articles"), "--out", str(tmp_path / "briefs")]
    result = run([*args, "--date", "2024-05-01"], env)

    assert result.exit_code == 1, result.output
    day = tmp_path / "briefs" / "2024-05-01"
    files = {
        n: (day / n).read_text(encoding="utf-8") for n in ("brief.json", "brief.md", "brief.html")
    }
    data = json.loads(files["brief.json"])
    assert len(data["failures"]) == 2
    assert all("HTTP 400" in f["reason"] and MASK in f["reason"] for f in data["failures"])
    stored = store_text(tmp_path / "data")
    assert "HTTP 400" in stored  # runs.failures and calls.error hold the reasons...
    listed = run(["runs"], env)
    shown = run(["runs", "show", "1"], env)
    assert shown.exit_code == 0 and "HTTP 400" in shown.stdout
    outputs = [result.stderr, stored, listed.stdout, shown.stdout, *files.values()]
    assert [leaks(text, key) for text in outputs] == [[]] * len(outputs)  # ...without the key


def test_url_credentials_are_masked_in_config_and_errors(
    endpoint: FakeOpenAIServer, tmp_path: Path
) -> None:
    base = endpoint.url.replace("http://", f"http://reader:{PASSWORD}@")
    env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": base}
    config = run(["config"], env)
    write_articles(tmp_path, ["flood"])
    failed = run(
        ["summarize", str(tmp_path / "flood.txt"), "--base-url", base], {"OPENAI_API_KEY": KEY}
    )

    assert config.exit_code == 0
    assert json.loads(config.stdout)["base_url"] == endpoint.url.replace(
        "http://", f"http://{MASK}@"
    )
    assert failed.exit_code == 3 and "HTTP 400" in failed.stderr
    assert f"http://{MASK}@127.0.0.1" in failed.stderr  # the endpoint is named, masked
    for text in (config.stdout, config.stderr, failed.stdout, failed.stderr):
        assert PASSWORD not in text and "reader:" not in text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Authorization: Bearer abc.def-123", f"Authorization: {MASK}"),
        ('{"authorization": "Bearer abc"}', f'{{"authorization": "{MASK}"}}'),
        ("proxy-authorization=Basic dXNlcjpwYXNz", f"proxy-authorization={MASK}"),
        ("header bearer eyJhbGciOiJIUzI1NiJ9.e30.sig sent", f"header bearer {MASK} sent"),
        ("auth was Basic dXNlcjpwYXNzd29yZDEy", f"auth was Basic {MASK}"),
        ("bearer instruments and basic principles", "bearer instruments and basic principles"),
        ("see http://user:secret@host:8080/v1 now", f"see http://{MASK}@host:8080/v1 now"),
        ("https://token@api.example/x", f"https://{MASK}@api.example/x"),
        ("GET /v1?api_key=abc123&model=x", f"GET /v1?api_key={MASK}&model=x"),
        ("key sk-proj-AAAAbbbbCCCCdddd1234 bad", f"key {MASK} bad"),
        ("mail me at someone@example.org", "mail me at someone@example.org"),
        (
            "the task-force met at https://example.org/a@b",
            "the task-force met at https://example.org/a@b",
        ),
        ("the Bearer of bad news", "the Bearer of bad news"),
        # a scheme is a word of its own, in any case, at the start of the text too
        ("BEARER abcdefgh12345678ijkl", f"BEARER {MASK}"),
        ("x-bearer abcdefgh12345678ijkl", f"x-bearer {MASK}"),
        ("cardbearer abcdefgh12345678ijkl", "cardbearer abcdefgh12345678ijkl"),
        ("ultrabasic abcdefgh12345678ijkl", "ultrabasic abcdefgh12345678ijkl"),
        ("my_basic abcdefgh12345678ijkl", "my_basic abcdefgh12345678ijkl"),
        ("PROXY-AUTHORIZATION: Basic dXNlcjpwYXNz", f"PROXY-AUTHORIZATION: {MASK}"),
    ],
)
def test_credential_patterns_are_masked(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_registered_secrets_are_masked_anywhere() -> None:
    register("hunter2-very-secret")
    register("abc")  # too short to mask safely: ignored
    assert mask("x=hunter2-very-secret; abc") == f"x={MASK}; abc"
