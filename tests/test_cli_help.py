"""The command line's conventions: clean help with exit codes on every command, options
accepted after the command's name, completion, `python -m summarizer`, a spinner only
on a terminal."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import ARTICLES, REPO
from rich.console import Console
from typer.main import get_command
from typer.testing import CliRunner, Result

from summarizer.cli import app
from summarizer.clihelp import working

# A Python type as typer prints it: <bool>, <str>, <path>, <list[str]>, <int range>.
TYPE_NOISE = re.compile(r"<(?:bool|str|int|float|path|list\[[^\]]*\]|[a-z]+ range)>")


def invoke(args: list[str], env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        app, args, env={"COLUMNS": "120", **(env or {})}, catch_exceptions=False
    )


def command_paths() -> Iterator[list[str]]:
    """Every command and command group, by the words that call it."""

    def walk(command: object, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, [*path, name])

    yield from walk(get_command(app), [])


COMMANDS = list(command_paths())


def test_every_command_is_covered() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"", "summarize", "daily", "eval", "bulk", "logs", "logs show", "runs show"} <= names
    assert {"config", "schema", "prompts", "prompts list", "prompts render", "runs"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "summarizer")
def test_help_has_no_type_noise_and_names_its_exit_codes(path: list[str]) -> None:
    result = invoke([*path, "--help"])
    assert result.exit_code == 0
    assert TYPE_NOISE.findall(result.stdout) == []
    assert "Exit codes: 0 " in " ".join(result.stdout.split())
    if path and path != ["prompts"]:
        assert "--debug" in result.stdout  # accepted after the command's name too


def test_plain_help_without_rich_has_no_type_noise_either() -> None:
    code = (
        "import sys; sys.argv = ['summarizer', 'summarize', '--help'];"
        "from summarizer.cli import main; main()"
    )
    env = {**os.environ, "TYPER_USE_RICH": "0", "COLUMNS": "120"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    ).stdout
    assert "--format" in out and "json|md|html" in out
    assert TYPE_NOISE.findall(out) == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (["daily"], "[default: today]"),
        (["eval"], "3 provider or configuration error"),
        (["bulk"], "[default: one per core]"),
        (["bulk"], "[default: from OUT's suffix]"),
        (["summarize"], "json|md|html"),
        (["schema"], "brief|gold|daily|story"),
        (["logs"], "-n"),
        ([], "--install-completion"),
    ],
)
def test_help_says(path: list[str], expected: str) -> None:
    assert expected in " ".join(invoke([*path, "--help"]).stdout.split())


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_and_config_are_accepted_before_or_after_the_command(
    tmp_path: Path, where: str
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('provider = "extractive"\nmodel = "from-the-file"\n', encoding="utf-8")
    options = ["--debug", "--config", str(config)]
    command = ["config"]
    args = [*options, *command] if where == "before" else [*command, *options]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    assert '"model": "from-the-file"' in result.stdout
    missing = invoke(["summarize", "missing.txt", "--debug"] if where == "after" else
                     ["--debug", "summarize", "missing.txt"])  # fmt: skip
    assert missing.exit_code == 2 and "no such file: missing.txt" in missing.stderr


def test_debug_after_the_command_shows_the_traceback_of_an_internal_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr("summarizer.cli.brief_to_markdown", broken)
    args = ["summarize", str(ARTICLES / "asylum.txt"), "-f", "md"]
    quiet = CliRunner().invoke(app, args)
    assert quiet.exit_code == 1 and "internal error: RuntimeError: a bug" in quiet.stderr
    loud = CliRunner().invoke(app, [*args, "--debug"])
    assert isinstance(loud.exception, RuntimeError)


def test_python_m_summarizer_is_the_same_command() -> None:
    env = {**os.environ, "COLUMNS": "120"}
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "--help"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "Usage: summarizer [OPTIONS] COMMAND" in result.stdout
    version = subprocess.run(
        [sys.executable, "-m", "summarizer", "--version"], capture_output=True, text=True
    )
    assert version.stdout.startswith("summarizer ")


def test_shell_completion_script_and_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")  # name the shell
    script = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="summarizer")
    assert script.exit_code == 0, script.output
    assert "_SUMMARIZER_COMPLETE" in script.stdout and "complete " in script.stdout
    env = {
        "_SUMMARIZER_COMPLETE": "complete_bash",
        "COMP_WORDS": "summarizer su",
        "COMP_CWORD": "1",
    }
    answered = CliRunner().invoke(app, [], env=env, prog_name="summarizer")
    assert answered.stdout.split() == ["summarize"]
    env["COMP_WORDS"], env["COMP_CWORD"] = "summarizer schema --name ", "3"
    choices = CliRunner().invoke(app, [], env=env, prog_name="summarizer")
    assert choices.stdout.split() == ["brief", "gold", "daily", "story"]


def test_the_spinner_shows_on_a_terminal_only() -> None:
    terminal, pipe = io.StringIO(), io.StringIO()
    with working(Console(file=terminal, force_terminal=True), "summarising with openai m"):
        pass
    with working(Console(file=pipe, force_terminal=False), "summarising with openai m"):
        pass
    assert "summarising with openai m" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_summarize_prints_no_spinner_when_stderr_is_not_a_terminal() -> None:
    result = invoke(["summarize", str(ARTICLES / "asylum.txt"), "--provider", "extractive"])
    assert result.exit_code == 0 and result.stderr == ""


def test_the_readme_lists_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Commands and exit codes") : readme.index("## The call log")]
    for path in COMMANDS:
        if path:
            assert f"`summarizer {' '.join(path)}" in table or f"/ `{' '.join(path)}" in table, path


def test_the_list_of_commands_shows_each_summary_on_one_line() -> None:
    """A docstring's first paragraph, wrapped in the source, is one sentence in the list."""
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    lines = [" ".join(line.strip("│ ").split()) for line in result.stdout.splitlines()]
    for name, summary in [
        (
            "schema",
            "Print the brief's JSON Schema (or another one with --name), or write all "
            "schema files with --write.",
        ),
        (
            "logs",
            "List the latest model calls, newest first; `logs show ID` shows one call's "
            "messages and answers.",
        ),
    ]:
        assert f"{name} {summary}" in lines
