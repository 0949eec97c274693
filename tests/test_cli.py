"""The command line as users meet it: files on disk, exit codes, one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fakes import ARTICLES, REPO
from fakes.llm import completion, extraction, load_json
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply
from summarizer.schema_files import SCHEMA_FILES

SECRET = "sk-test-SECRET-0123456789"


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    replies: list[Reply] = []

    def responder(request: dict[str, Any]) -> Reply:
        return replies.pop(0) if replies else Reply(200, completion(extraction()))

    with FakeOpenAIServer(responder, lifetime=120) as fake:
        fake.replies = replies  # type: ignore[attr-defined]
        yield fake


def invoke(args: list[str], env: dict[str, str] | None = None, stdin: bytes | None = None):
    runner = CliRunner()
    return runner.invoke(app, args, env=env or {}, input=stdin, catch_exceptions=False)


def llm_env(server: FakeOpenAIServer) -> dict[str, str]:
    return {
        "OPENAI_API_KEY": SECRET,
        "OPENAI_BASE_URL": server.url,
        "SUMMARIZER_RETRY_MAX_WAIT": "0.01",
    }


def test_summarize_json_against_an_openai_compatible_server(server: FakeOpenAIServer) -> None:
    article = ARTICLES / "asylum.txt"
    result = invoke(["summarize", str(article), "--format", "json"], llm_env(server))
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    schema = json.loads((REPO / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(brief, schema)
    text = article.read_text(encoding="utf-8")
    assert brief["quotes"], "expected quotes"
    for quote in brief["quotes"]:
        span = quote["spans"][0]
        assert text[span["start"] : span["end"]] == quote["text"]
    assert server.requests[0]["_auth"] == f"Bearer {SECRET}"
    assert SECRET not in result.stdout + result.stderr


def test_markdown_output_to_a_file(server: FakeOpenAIServer, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    result = invoke(
        ["summarize", str(ARTICLES / "asylum.txt"), "-f", "md", "-o", str(out)], llm_env(server)
    )
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Over 900 asylum seekers rescued off Indonesian coast")
    assert "## Quotes" in md and "— Najib Razak" in md
    assert "## Claims" in md and "*according to Jeff Rathke*" in md
    assert "| over 700 | more than 700 asylum seekers |" in md
    assert result.stdout == ""


def test_stdin_input(server: FakeOpenAIServer) -> None:
    data = (ARTICLES / "asylum.txt").read_bytes()
    result = invoke(["summarize", "-"], llm_env(server), stdin=data)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["word_count"] > 300


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"  \n\t \n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"caf\xe9 au lait, " * 20, "not valid UTF-8"),
        (b"word " * 500_000, "over the limit"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(
    server: FakeOpenAIServer, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    env = {**llm_env(server), "SUMMARIZER_MAX_ARTICLE_CHARS": "2000000"}
    result = invoke(["summarize", str(path)], env)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert server.requests == []


def test_directory_instead_of_file(tmp_path: Path) -> None:
    result = invoke(["summarize", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_openai_without_key_names_the_variable() -> None:
    result = invoke(["summarize", str(ARTICLES / "asylum.txt"), "--provider", "openai"])
    assert result.exit_code == 3
    assert "OPENAI_API_KEY" in result.stderr


def test_rejected_key_exit_3_without_leaking_it(server: FakeOpenAIServer, tmp_path: Path) -> None:
    server.replies.append(Reply(401, load_json("error_401.json")))  # type: ignore[attr-defined]
    out = tmp_path / "out.json"
    result = invoke(["summarize", str(ARTICLES / "asylum.txt"), "-o", str(out)], llm_env(server))
    assert result.exit_code == 3
    assert "rejected the API key" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert not out.exists()
    assert len(server.requests) == 1


def test_truncated_output_exit_4(server: FakeOpenAIServer) -> None:
    # Cut off for the whole article, then for its first half, too short to halve again.
    server.replies.extend(  # type: ignore[attr-defined]
        [Reply(200, completion('{"summary": "x', finish_reason="length"))] * 2
    )
    result = invoke(["summarize", str(ARTICLES / "asylum.txt")], llm_env(server))
    assert result.exit_code == 4
    assert "max_output_tokens" in result.stderr
    assert len(server.requests) == 2


def test_api_key_absent_from_every_output(server: FakeOpenAIServer, tmp_path: Path) -> None:
    env = llm_env(server)
    outputs = []
    for args in (
        ["config"],
        ["summarize", str(ARTICLES / "asylum.txt")],
        ["summarize", str(ARTICLES / "asylum.txt"), "-f", "md", "-o", str(tmp_path / "b.md")],
    ):
        result = invoke(args, env)
        assert result.exit_code == 0, result.output
        outputs += [result.stdout, result.stderr]
    outputs.append((tmp_path / "b.md").read_text(encoding="utf-8"))
    config = json.loads(outputs[0])
    assert config["api_key"] == "********"
    assert config["base_url"] == server.url
    for text in outputs:
        assert SECRET not in text
        assert SECRET[-8:] not in text


def test_schema_and_prompt_commands(tmp_path: Path) -> None:
    printed = invoke(["schema"])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)["title"] == "Brief"
    written = invoke(["schema", "--write", "--dir", str(tmp_path)])
    assert written.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(SCHEMA_FILES)
    assert {"brief.schema.json", "gold.schema.json"} <= set(SCHEMA_FILES)
    listed = invoke(["prompts", "list"])
    assert listed.exit_code == 0 and "brief.v1" in listed.stdout
    rendered = invoke(["prompts", "render", "brief.v1", str(ARTICLES / "asylum.txt")])
    assert rendered.exit_code == 0
    messages = json.loads(rendered.stdout)
    assert [m["role"] for m in messages] == ["system", "user"]
    unknown = invoke(["prompts", "render", "brief.v99", str(ARTICLES / "asylum.txt")])
    assert unknown.exit_code == 2 and "unknown prompt" in unknown.stderr


def test_bad_option_value_is_a_usage_error() -> None:
    result = invoke(["summarize", str(ARTICLES / "asylum.txt"), "--format", "pdf"])
    assert result.exit_code == 2
