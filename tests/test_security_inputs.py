"""Bounded work and one-line errors for whatever the command line is given: FIFOs,
devices, endless or closed standard input, binary data anywhere, UTF-16/32 text,
unwritable outputs, and paths or dates that look like Rich markup.

Commands that could block run in a child process with a time limit, so a
regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import ARTICLES
from fakes.news import ARTICLES as DAILY_ARTICLES
from fakes.news import write_articles
from typer.testing import CliRunner, Result

from summarizer.cli import app

CLI = [sys.executable, "-c", "from summarizer.cli import main; main()"]
EXTRACTIVE = {"SUMMARIZER_PROVIDER": "extractive"}


def invoke(
    args: list[str], env: dict[str, str] | None = None, stdin: bytes | None = None
) -> Result:
    return CliRunner().invoke(app, args, env={**EXTRACTIVE, **(env or {})}, input=stdin)


def child(args: list[str], tmp_path: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))},
        **EXTRACTIVE,
        "SUMMARIZER_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=120, env=env, **kwargs
    )


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    return lines[0]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    result = child(["summarize", str(fifo)], tmp_path)
    assert result.returncode == 2
    assert "is not a regular file" in one_error_line(result.stderr)


def test_dev_zero_is_refused(tmp_path: Path) -> None:
    result = child(["summarize", "/dev/zero"], tmp_path)
    assert result.returncode == 2
    assert "/dev/zero is not a regular file" in one_error_line(result.stderr)


def test_closed_standard_input_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        " ".join([*(f"'{a}'" for a in CLI), "summarize", "-", "<&-"]),
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **EXTRACTIVE},
    )
    assert result.returncode == 2
    assert "cannot read standard input" in one_error_line(result.stderr)


def test_endless_standard_input_stops_at_the_byte_cap(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        result = child(["summarize", "-"], tmp_path, stdin=zeros)
    assert result.returncode == 2
    assert "standard input is over the limit of 8,000,004 bytes" in one_error_line(result.stderr)


def test_standard_input_over_the_cap_is_refused() -> None:
    result = invoke(["summarize", "-"], {"SUMMARIZER_MAX_ARTICLE_CHARS": "1000"}, b"word " * 2000)
    assert result.exit_code == 2
    assert "over the limit of 4,004 bytes" in one_error_line(result.stderr)


def test_binary_data_after_the_first_64k_is_refused(tmp_path: Path) -> None:
    text = (ARTICLES / "asylum.txt").read_bytes()
    path = tmp_path / "tail.txt"
    path.write_bytes(text * (70_000 // len(text) + 1) + b"\x00\x01\x02\x03" * 50)
    result = invoke(["summarize", str(path)])
    assert result.exit_code == 2
    assert "looks like binary data" in one_error_line(result.stderr)


def test_control_characters_after_the_first_64k_are_refused(tmp_path: Path) -> None:
    text = (ARTICLES / "asylum.txt").read_text(encoding="utf-8")
    path = tmp_path / "tail.txt"
    path.write_text(text * (70_000 // len(text) + 1) + "\x1b[2J\x07" * 4000, encoding="utf-8")
    result = invoke(["summarize", str(path)])
    assert result.exit_code == 2
    assert "looks like binary data" in one_error_line(result.stderr)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-le", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = (ARTICLES / "asylum.txt").read_text(encoding="utf-8")
    path = tmp_path / "article.txt"
    bom = {"utf-16-be": "\ufeff", "utf-32-le": "\ufeff"}.get(encoding, "")
    path.write_bytes((bom + text).encode(encoding))
    result = invoke(["summarize", str(path)])
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["article"]["title"] == "Over 900 asylum seekers rescued off Indonesian coast"
    assert brief["quotes"]


def test_utf16_without_a_byte_order_mark_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes((ARTICLES / "asylum.txt").read_text(encoding="utf-8").encode("utf-16-le"))
    result = invoke(["summarize", str(path)])
    assert result.exit_code == 2
    assert "binary" in one_error_line(result.stderr)


def test_escape_sequences_in_an_article_never_reach_the_output(tmp_path: Path) -> None:
    text = (ARTICLES / "asylum.txt").read_text(encoding="utf-8")
    path = tmp_path / "article.txt"
    path.write_text("Title \x1b]0;pwned\x07here\n\n" + text, encoding="utf-8")
    result = invoke(["summarize", str(path), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Title here\n")
    assert "\x1b" not in result.stdout and "pwned" not in result.stdout


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("DIR", "it is a directory"),
        ("/proc/summarizer-brief.json", "cannot write /proc/summarizer-brief.json"),
        ("FILE/brief.json", "cannot write"),
    ],
)
def test_a_bad_output_target_is_one_line_and_exit_2(
    tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "FILE").write_text("a file", encoding="utf-8")
    target = target.replace("DIR", str(tmp_path)).replace("FILE", str(tmp_path / "FILE"))
    result = invoke(["summarize", str(ARTICLES / "asylum.txt"), "-o", target])
    assert result.exit_code == 2
    assert message in one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summarize", "missing[/].txt"], "no such file: missing[/].txt"),
        (["summarize", "[bold]x[/bold]"], "no such file: [bold]x[/bold]"),
        (["daily", "ARTICLES", "--out", "OUT", "--date", "[/]"], "not '[/]'"),
        (["runs", "show", "7"], "no run with id 7"),
    ],
)
def test_markup_in_paths_and_dates_is_printed_as_it_is(
    tmp_path: Path, args: list[str], message: str
) -> None:
    write_articles(tmp_path / "articles", ["flood"])
    args = [
        {"ARTICLES": str(tmp_path / "articles"), "OUT": str(tmp_path / "o[/]")}.get(a, a)
        for a in args
    ]
    result = invoke(args, {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 2
    assert message in one_error_line(result.stderr)


def test_daily_lists_a_fifo_source_as_failed_and_goes_on(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", ["flood"])
    os.mkfifo(tmp_path / "pipe.txt")
    out = tmp_path / "briefs"
    args = ["daily", str(tmp_path / "articles"), str(tmp_path / "pipe.txt"), "--out", str(out)]
    result = child([*args, "--date", "2024-05-01"], tmp_path)

    assert result.returncode == 1, result.stderr
    data = json.loads((out / "2024-05-01" / "brief.json").read_text(encoding="utf-8"))
    assert len(data["stories"]) == 1
    [failure] = data["failures"]
    assert failure["source"] == str(tmp_path / "pipe.txt")
    assert "is not a regular file" in failure["reason"]
    again = child([*args, "--date", "2024-05-01"], tmp_path)
    assert again.returncode == 1  # the day's lock was released


def test_a_json_manifest_names_files_in_its_own_folder_only(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    write_articles(folder, ["flood"])
    (tmp_path / "secret.txt").write_text(DAILY_ARTICLES["budget"], encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "index.json").write_text(
        json.dumps(
            [
                {"file": "flood.txt"},
                {"file": "../secret.txt"},
                {"file": str(tmp_path / "secret.txt")},
                {"file": "link.txt"},
                {"file": "index.json"},
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "briefs"
    result = invoke(
        ["daily", str(folder / "index.json"), "--out", str(out), "--date", "2024-05-01"],
        {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")},
    )

    assert result.exit_code == 1, result.output
    data = json.loads((out / "2024-05-01" / "brief.json").read_text(encoding="utf-8"))
    assert [s["title"] for s in data["stories"]] == [DAILY_ARTICLES["flood"].splitlines()[0]]
    reasons = [f["reason"] for f in data["failures"]]
    assert [r.split(" is ", 1)[1] for r in reasons] == [
        "outside the folder of index.json",
        "outside the folder of index.json",
        "outside the folder of index.json",
        "not an article file (.txt, .md, .html)",
    ]
    assert "40 new electric buses" not in (out / "2024-05-01" / "brief.json").read_text("utf-8")


def test_runs_show_prints_sources_and_reasons_that_look_like_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "articles", ["flood"])
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    ran = invoke(["daily", "articles", "gone[/]/[bold]x.txt", "--out", "briefs"], env)
    assert ran.exit_code == 1, ran.output
    assert "no such file: gone[/]/[bold]x.txt" in ran.stderr

    shown = invoke(["runs", "show", "1"], env)
    listed = invoke(["runs"], env)
    assert (shown.exit_code, listed.exit_code) == (0, 0), shown.output
    assert "gone[/]/[bold]x.txt  read   no such file: gone[/]/[bold]x.txt" in shown.stdout
