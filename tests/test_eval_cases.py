"""Eval cases on disk: a folder is a case; gold errors name the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import REPO
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import InputError, UsageError
from summarizer.evals.cases import discover_cases, load_case

ARTICLE = (
    "Storm closes port\n\n"
    'The harbour master, Ana Silva, said: "We expect to reopen on Monday." About 40 ships '
    "are waiting outside the port, the Port Authority said.\n"
)
GOLD = """\
meta:
  title: Storm closes port
  source: https://example.org/storm
  published: 2024-01-02
  licence: CC BY 2.5 (Wikinews)
summary: A storm closed the port; about 40 ships wait outside.
actors:
  - name: Ana Silva
    kind: person
    role: harbour master
    aliases: [Silva]
  - name: Port Authority
    kind: organization
quotes:
  - text: We expect to reopen on Monday.
    speaker: Ana Silva
numbers:
  - value: 40
    unit: ships
    qualifier: about
    text: About 40
    what: ships waiting outside the port
claims:
  - text: About 40 ships are waiting outside the port.
    source: Port Authority
"""


def write_case(root: Path, name: str, gold: str = GOLD, article: str = ARTICLE) -> Path:
    case = root / name
    case.mkdir(parents=True)
    (case / "article.txt").write_text(article, encoding="utf-8")
    (case / "gold.yaml").write_text(gold, encoding="utf-8")
    return case


def test_a_folder_with_article_and_gold_is_a_case(tmp_path: Path) -> None:
    write_case(tmp_path, "storm")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "article.txt").write_text("no gold here", encoding="utf-8")
    (tmp_path / "SOURCES.md").write_text("# sources\n", encoding="utf-8")
    cases = discover_cases(tmp_path)
    assert [c.id for c in cases] == ["storm"]
    case = cases[0]
    assert case.problems == ()
    assert case.gold.meta.published == "2024-01-02"
    assert case.article.title == "Storm closes port"


def test_case_globs(tmp_path: Path) -> None:
    for name in ("news-a", "news-b", "interview-a"):
        write_case(tmp_path, name)
    assert [c.id for c in discover_cases(tmp_path, ["news-*"])] == ["news-a", "news-b"]
    assert [c.id for c in discover_cases(tmp_path, ["*-a", "news-b"])] == [
        "interview-a",
        "news-a",
        "news-b",
    ]
    with pytest.raises(UsageError, match="no case in .* matches nothing-\\*"):
        discover_cases(tmp_path, ["nothing-*"])


def test_schema_errors_name_file_and_line(tmp_path: Path) -> None:
    broken = GOLD.replace("    kind: organization\n", "    kind: company\n").replace(
        "    qualifier: about\n", "    qualifier: about\n    confidence: high\n"
    )
    case = write_case(tmp_path, "storm", broken)
    with pytest.raises(InputError) as caught:
        load_case(case)
    message = str(caught.value)
    path = case / "gold.yaml"
    kind_line = broken.splitlines().index("    kind: company") + 1
    figure_line = broken.splitlines().index("  - value: 40") + 1
    assert f"{path}:{kind_line}: actors.1.kind: 'company' is not one of" in message
    assert (
        f"{path}:{figure_line}: numbers.0: Additional properties are not allowed "
        "('confidence' was unexpected)" in message
    )


def test_a_missing_required_field_points_at_its_item(tmp_path: Path) -> None:
    broken = GOLD.replace("    speaker: Ana Silva\n", "")
    case = write_case(tmp_path, "storm", broken)
    line = broken.splitlines().index("  - text: We expect to reopen on Monday.") + 1
    with pytest.raises(InputError, match=rf"gold\.yaml:{line}: quotes\.0: 'speaker' is a required"):
        load_case(case)


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    broken = GOLD.replace(
        "  - text: We expect to reopen on Monday.", "  - text: We expect: to reopen: on Monday."
    )
    case = write_case(tmp_path, "storm", broken)
    with pytest.raises(InputError, match=r"gold\.yaml:15: invalid YAML"):
        load_case(case)


def test_gold_that_does_not_fit_the_article_is_reported_with_lines(tmp_path: Path) -> None:
    wrong = (
        GOLD.replace("We expect to reopen on Monday.", "We will reopen on Tuesday, surely.")
        .replace("text: About 40", "text: About 45")
        .replace("    source: Port Authority", "    source: Harbour Police")
        .replace("    speaker: Ana Silva", "    speaker: Mr. Silva")
    )
    case = load_case(write_case(tmp_path, "storm", wrong))
    lines = wrong.splitlines()
    path = tmp_path / "storm" / "gold.yaml"
    assert [str(p) for p in case.problems] == [
        f"{path}:{lines.index('  - text: We will reopen on Tuesday, surely.') + 1}: quote "
        "'We will reopen on Tuesday, surely.' does not occur in the article",
        f"{path}:{lines.index('    speaker: Mr. Silva') + 1}: speaker 'Mr. Silva' names no actor",
        f"{path}:{lines.index('    text: About 45') + 1}: number text 'About 45' does not "
        "occur in the article",
        f"{path}:{lines.index('    source: Harbour Police') + 1}: source 'Harbour Police' "
        "names no actor",
    ]


def test_eval_prints_gold_problems_and_refuses_broken_gold(tmp_path: Path) -> None:
    runner = CliRunner()
    broken = write_case(tmp_path / "broken", "storm", GOLD.replace("kind: person", "kind: robot"))
    result = runner.invoke(
        app, ["eval", "--cases-dir", str(broken.parent), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert f"{broken / 'gold.yaml'}:9: actors.0.kind: 'robot' is not one of" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_cases_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--cases-dir", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "is not a directory" in result.stderr


def test_sources_attribute_every_case() -> None:
    sources = (REPO / "evals" / "cases" / "SOURCES.md").read_text(encoding="utf-8")
    for case in discover_cases(REPO / "evals" / "cases"):
        assert f"`{case.id}`" in sources
        if case.id.startswith(("news-", "interview-")):
            assert case.gold.meta.source in sources
