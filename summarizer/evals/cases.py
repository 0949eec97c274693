"""Eval cases on disk: ``<cases>/<id>/article.txt`` + ``gold.yaml``; loading and checking.

A directory holding both files is a case; nothing else registers it. Each
``gold.yaml`` is validated against the gold JSON Schema (``schemas/gold.schema.json``,
generated from :class:`~summarizer.evals.gold.GoldBrief`); errors name the
file and line. Softer problems (a quote or figure text that does not occur in
the article, a speaker or source that names no actor) are kept on the case as
:class:`GoldProblem` so the eval can report them and still run.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ..align import ArticleIndex
from ..article import Article, read_article_file
from ..errors import InputError, UsageError
from ..files import read_bounded
from ..text import fold_name
from .gold import GOLD_SCHEMA, GoldActor, GoldBrief

ARTICLE_FILE = "article.txt"
GOLD_FILE = "gold.yaml"
_MAX_ARTICLE_CHARS = 2_000_000
MAX_GOLD_BYTES = 1_000_000


@dataclass(frozen=True)
class GoldProblem:
    """Something in a gold file that the scorer cannot use as written."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Case:
    """One eval case: the article text as the pipeline reads it and its gold brief."""

    id: str
    directory: Path
    text: str
    gold: GoldBrief
    problems: tuple[GoldProblem, ...] = ()

    @cached_property
    def index(self) -> ArticleIndex:
        return ArticleIndex(self.text)

    @property
    def article(self) -> Article:
        """The article with the gold file's title, source URL and date."""
        meta = self.gold.meta
        return Article(text=self.text, title=meta.title, url=meta.source, published=meta.published)

    def actor_named(self, name: str | None) -> GoldActor | None:
        """The gold actor whose name or alias is ``name`` (normalised), if any."""
        if name is None:
            return None
        key = fold_name(name)
        for actor in self.gold.actors:
            if key in {fold_name(f) for f in (actor.name, *actor.aliases)}:
                return actor
        return None


def discover_cases(root: Path, patterns: Sequence[str] = ()) -> list[Case]:
    """Every case under ``root`` whose directory name matches one of ``patterns`` (globs).

    Raises:
        UsageError: ``root`` holds no case, or no case matches the patterns.
        InputError: a gold file is invalid (every broken file and line is listed).
    """
    if not root.is_dir():
        raise UsageError(f"no eval cases: {root} is not a directory (pass --cases-dir)")
    dirs = sorted(
        p for p in root.iterdir() if (p / ARTICLE_FILE).is_file() and (p / GOLD_FILE).is_file()
    )
    if not dirs:
        raise UsageError(
            f"no eval cases in {root}: a case is a folder with {ARTICLE_FILE} and {GOLD_FILE}"
        )
    if patterns:
        dirs = [d for d in dirs if any(fnmatch.fnmatchcase(d.name, p) for p in patterns)]
        if not dirs:
            raise UsageError(f"no case in {root} matches {', '.join(patterns)}")
    cases: list[Case] = []
    errors: list[str] = []
    for directory in dirs:
        try:
            cases.append(load_case(directory))
        except InputError as exc:
            errors.append(str(exc))
    if errors:
        raise InputError("; ".join(errors))
    return cases


def load_case(directory: Path) -> Case:
    """The case in ``directory``, its gold file validated and checked against the article.

    Raises:
        InputError: the article cannot be read or the gold file is invalid.
    """
    text = read_article_file(directory / ARTICLE_FILE, _MAX_ARTICLE_CHARS)
    path = directory / GOLD_FILE
    data, root = _read_yaml(path)
    errors = sorted(_GOLD_VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise InputError(
            "; ".join(
                f"{path}:{_line(root, e.absolute_path)}: {_where(e.absolute_path)}{e.message}"
                for e in errors
            )
        )
    gold = GoldBrief.model_validate(data)
    case = Case(directory.name, directory, text, gold)
    problems = tuple(_check_against_article(case, path, root))
    return Case(case.id, directory, text, gold, problems)


_GOLD_VALIDATOR = jsonschema.Draft202012Validator(GOLD_SCHEMA.document())


class _NoAliasLoader(yaml.SafeLoader):
    """The safe loader without aliases: a gold file never needs ``*ref``, and nested
    aliases expand exponentially (the "billion laughs")."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # unannotated in the stub
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in gold files", event.start_mark
            )
        # The stub types ``index`` as int; PyYAML also passes None and a mapping's key node.
        return super().compose_node(parent, index)  # type: ignore[arg-type]


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        source = read_bounded(path, MAX_GOLD_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    try:
        loader = _NoAliasLoader(source)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise InputError(f"{path}:{line}: invalid YAML: {exc.problem or exc.context}") from None
    except RecursionError:
        raise InputError(f"{path}: invalid YAML: nested too deeply") from None
    return _dates_as_text(data), root


def _dates_as_text(data: Any) -> Any:
    """YAML reads ``2015-09-12`` as a date; the schema (and JSON) want the text."""
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _node_at(root: yaml.Node | None, path: Sequence[Any]) -> yaml.Node | None:
    """The deepest YAML node along ``path`` (mapping keys and sequence indices)."""
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == step), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            child = node.value[step]
        else:
            child = None
        if child is None:
            break
        node = child
    return node


def _line(root: yaml.Node | None, path: Sequence[Any]) -> int:
    node = _node_at(root, path)
    return node.start_mark.line + 1 if node is not None else 1


def _where(path: Sequence[Any]) -> str:
    return ".".join(str(p) for p in path) + ": " if path else ""


def _check_against_article(case: Case, path: Path, root: yaml.Node | None) -> list[GoldProblem]:
    gold, index = case.gold, case.index
    problems: list[GoldProblem] = []

    def report(where: tuple[Any, ...], message: str) -> None:
        problems.append(GoldProblem(path, _line(root, where), message))

    for i, quote in enumerate(gold.quotes):
        if index.find(quote.text) is None:
            report(
                ("quotes", i, "text"),
                f"quote {excerpt(quote.text)!r} does not occur in the article",
            )
        if quote.speaker is not None and case.actor_named(quote.speaker) is None:
            report(("quotes", i, "speaker"), f"speaker {quote.speaker!r} names no actor")
    for i, figure in enumerate(gold.numbers):
        if not index.find_all(figure.text, limit=1):
            report(
                ("numbers", i, "text"), f"number text {figure.text!r} does not occur in the article"
            )
    for i, claim in enumerate(gold.claims):
        if claim.source is not None and case.actor_named(claim.source) is None:
            report(("claims", i, "source"), f"source {claim.source!r} names no actor")
    return problems


def excerpt(text: str, limit: int = 50) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
