"""Eval cases: the gold brief model, cases on disk, and the items the scorer compares (BRIEF.md §3).

A case is ``<cases>/<id>/article.txt`` + ``gold.yaml``; a directory holding both
files is a case; nothing else registers it. Each ``gold.yaml`` is validated
against the gold JSON Schema (``schemas/gold.schema.json``, generated from
:class:`GoldBrief`); errors name the file and line. Softer problems (a quote or
figure text that does not occur in the article, a speaker or source that names
no actor) are kept on the case as :class:`GoldProblem` so the eval can report
them and still run.

What the scorer compares is a brief's items in the shapes the pipeline publishes
(:class:`~summarizer.schema.Actor`, :class:`~summarizer.schema.Quote`,
:class:`~summarizer.schema.Figure`, :class:`~summarizer.schema.Claim`), from gold or
prediction, held in :class:`Items`:

* :func:`gold_items` — the gold brief with its quotes located in the article;
* :func:`brief_items` — a pipeline :class:`~summarizer.schema.Brief`;
* :func:`raw_items` — an :class:`~summarizer.schema.Extraction` as a model sent
  it, before grounding (quotes located exactly or normalised only);
* :func:`gold_brief` — the gold as a perfect :class:`Brief` (for tests and the
  fault-injection server), and :func:`extraction_of` — a brief as the
  extraction an LLM would have sent.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, TypeVar

import jsonschema
import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..align import ArticleIndex, Match
from ..article import Article, read_article_file
from ..assemble import build_brief
from ..errors import InputError, UsageError
from ..files import read_bounded
from ..grounding import Grounded
from ..grounding.model import PENDING_ID, place, span_of
from ..schema import (
    Actor,
    ActorKind,
    Brief,
    Claim,
    ExtractedActor,
    ExtractedClaim,
    ExtractedFigure,
    ExtractedQuote,
    Extraction,
    Figure,
    Provenance,
    Qualifier,
    Quote,
    SchemaFile,
    Span,
)
from ..text import fold_name


def _date_text(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldMeta(_Gold):
    title: str
    source: str
    published: Annotated[str | None, BeforeValidator(_date_text)] = None
    licence: str


class GoldActor(_Gold):
    name: str = Field(min_length=1)
    kind: ActorKind
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)


class GoldQuote(_Gold):
    text: str = Field(min_length=1)
    speaker: str | None = Field(description="an actor name or alias; null when none is given")


class GoldFigure(_Gold):
    value: float
    unit: str = Field(min_length=1)
    what: str | None = None
    text: str = Field(min_length=1)
    qualifier: Qualifier = "exact"


class GoldClaim(_Gold):
    text: str = Field(min_length=1)
    source: str | None = Field(None, description="an actor name or alias, or null")


class GoldBrief(_Gold):
    """A gold brief written by a person reading the article."""

    meta: GoldMeta
    summary: str
    actors: list[GoldActor] = Field(default_factory=list)
    quotes: list[GoldQuote] = Field(default_factory=list)
    numbers: list[GoldFigure] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)


GOLD_SCHEMA = SchemaFile("gold.schema.json", GoldBrief, "validation")


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


@dataclass(frozen=True)
class Items:
    """The four scored lists of one brief, in the pipeline's own item shapes.

    A quote's ``speaker_name`` and a claim's ``source_name`` hold the name of the
    actor it is scored against; with no actor id, that name stands for a bare actor
    (kind "other") which gold and raw items may name. A brief's own speaker names
    without an actor id score as no speaker (:func:`brief_items`). A gold or raw
    quote or figure that could not be located has no spans and matches nothing.
    """

    actors: tuple[Actor, ...]
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    claims: tuple[Claim, ...]

    @cached_property
    def _by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    def speaker(self, quote: Quote) -> Actor | None:
        """The actor ``quote`` is scored as spoken by; None when it has no speaker."""
        return self._named(quote.speaker, quote.speaker_name)

    def source(self, claim: Claim) -> Actor | None:
        """The actor ``claim`` is scored as attributed to; None for the article's own voice."""
        return self._named(claim.source, claim.source_name)

    def _named(self, actor_id: str | None, name: str | None) -> Actor | None:
        if actor_id is not None:
            return self._by_id.get(actor_id)
        return None if name is None else Actor(id="", name=name, kind="other")


Who = tuple[str | None, str | None]  # an actor id and name; a bare name; or neither
_Located = TypeVar("_Located", Quote, Figure)


def _scored(model: type[_Located], values: dict[str, Any], found: Match | None) -> _Located:
    """A scored quote or figure at the place ``found``. One not located is built as is,
    with no spans (the brief schema requires one) and no grounding status."""
    if found is None:
        return model.model_construct(**values, spans=[])
    span = Span(start=found.start, end=found.end)
    return model.model_validate({**values, "spans": [span], "grounding": found.status})


def _quote(number: int, text: str, who: Who, found: Match | None) -> Quote:
    speaker, name = who
    values = {"id": f"q{number}", "text": text, "speaker": speaker, "speaker_name": name}
    return _scored(Quote, values, found)


def _figure(
    number: int, figure: GoldFigure | ExtractedFigure, what: str, found: Match | None
) -> Figure:
    values = {
        "id": f"n{number}",
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "what": what,
        "text": figure.text,
    }
    return _scored(Figure, values, found)


def _claim(number: int, text: str, who: Who) -> Claim:
    """A scored claim: text and source, no evidence (the brief schema needs some)."""
    source, name = who
    return Claim.model_construct(
        id=f"c{number}", text=text, source=source, source_name=name, evidence=[]
    )


def _actor(number: int, actor: GoldActor | ExtractedActor) -> Actor:
    return Actor(
        id=f"a{number}", name=actor.name, kind=actor.kind, role=actor.role, aliases=actor.aliases
    )


def gold_items(case: Case) -> Items:
    """The case's gold brief, quotes and figures located in the article."""
    gold, index = case.gold, case.index
    actors = tuple(_actor(i + 1, a) for i, a in enumerate(gold.actors))

    def who(name: str | None) -> Who:
        """The gold actor called ``name``; a bare name when the gold names no such actor."""
        found = case.actor_named(name)
        if found is None:
            return None, name
        actor = next(a for g, a in zip(gold.actors, actors, strict=True) if g is found)
        return actor.id, actor.name

    return Items(
        actors=actors,
        quotes=tuple(
            _quote(i + 1, q.text, who(q.speaker), index.find(q.text))
            for i, q in enumerate(gold.quotes)
        ),
        figures=tuple(
            _figure(i + 1, f, f.what or f.unit, next(iter(index.find_all(f.text, limit=1)), None))
            for i, f in enumerate(gold.numbers)
        ),
        claims=tuple(_claim(i + 1, c.text, who(c.source)) for i, c in enumerate(gold.claims)),
    )


def brief_items(brief: Brief) -> Items:
    """A pipeline brief's items, each speaker and source named by its actor (or not at all)."""
    names = {a.id: a.name for a in brief.actors}
    return Items(
        actors=tuple(brief.actors),
        quotes=tuple(
            q.model_copy(update={"speaker_name": names.get(q.speaker or "")}) for q in brief.quotes
        ),
        figures=tuple(brief.numbers),
        claims=tuple(
            c.model_copy(update={"source_name": names.get(c.source or "")}) for c in brief.claims
        ),
    )


def raw_items(extraction: Extraction, index: ArticleIndex) -> Items:
    """An extraction as sent, without grounding or re-asks.

    Quotes are located exactly or after normalisation only (no fuzzy repair);
    a speaker or source naming no listed actor stays a bare name.
    """
    actors = tuple(_actor(i + 1, a) for i, a in enumerate(extraction.actors))
    by_form = {fold_name(f): a for a in actors for f in (a.name, *a.aliases)}

    def who(name: str | None) -> Who:
        if name is None or not name.strip():
            return None, None
        actor = by_form.get(fold_name(name))
        return (actor.id, actor.name) if actor is not None else (None, name)

    def first(text: str) -> Match | None:
        return next(iter(index.find_all(text.strip(), limit=1)), None)

    return Items(
        actors=actors,
        quotes=tuple(
            _quote(i + 1, q.text, who(q.speaker), first(q.text))
            for i, q in enumerate(extraction.quotes)
        ),
        figures=tuple(
            _figure(i + 1, f, f.what, first(f.text)) for i, f in enumerate(extraction.numbers)
        ),
        claims=tuple(_claim(i + 1, c.text, who(c.source)) for i, c in enumerate(extraction.claims)),
    )


def gold_brief(case: Case) -> Brief:
    """The gold brief as a pipeline :class:`Brief`: the perfect prediction for ``case``.

    Quote and figure texts are located in the article (and replaced by the
    exact article text); claims get the sentences that support them best as
    evidence. Gold items that cannot be located are left out.
    """
    gold, index = case.gold, case.index
    actors = [_actor(i + 1, a) for i, a in enumerate(gold.actors)]
    position = {id(a): i for i, a in enumerate(gold.actors)}

    def actor_ref(name: str | None) -> str | None:
        found = case.actor_named(name)
        return actors[position[id(found)]].id if found is not None else None

    grounded = Grounded(summary=gold.summary, actors=actors)
    for q in gold.quotes:
        match = index.find(q.text)
        if match is not None:
            grounded.quotes.append(
                Quote(
                    id=PENDING_ID,
                    text=case.text[match.start : match.end],
                    speaker=actor_ref(q.speaker),
                    spans=span_of(match.start, match.end),
                    grounding=match.status,
                )
            )
    taken: set[tuple[int, int]] = set()
    for f in gold.numbers:
        spots = [(m.start, m.end, m.status) for m in index.find_all(f.text)]
        # Both ends of a range ("8–10 years") share one text and one span.
        free = [s for s in spots if s[:2] not in taken] or spots
        if free:
            start, end, status = free[0]
            taken.add((start, end))
            grounded.figures.append(
                Figure(
                    id=PENDING_ID,
                    value=f.value,
                    unit=f.unit,
                    qualifier=f.qualifier,
                    what=f.what or f.unit,
                    text=case.text[start:end],
                    spans=span_of(start, end),
                    grounding=status,
                )
            )
    for c in gold.claims:
        sentences, _ = index.best_sentences(c.text)
        evidence = [Span(start=s.start, end=s.end) for s in sentences]
        grounded.claims.append(
            Claim(
                id=PENDING_ID,
                text=c.text,
                source=actor_ref(c.source),
                evidence=evidence or span_of(0, len(case.text)),
            )
        )
    grounded.quotes.sort(key=place)
    grounded.figures.sort(key=place)
    provenance = Provenance(
        provider="gold",
        model="gold",
        prompt_id="gold",
        prompt_sha256="",
        attempts=0,
        created_at=datetime.now(UTC),
    )
    return build_brief(case.article, grounded, provenance, [])


def extraction_of(brief: Brief) -> Extraction:
    """``brief`` as the extraction an LLM sends: no ids or offsets, actors named."""
    names = {a.id: a.name for a in brief.actors}
    return Extraction(
        summary=brief.summary,
        actors=[
            ExtractedActor(name=a.name, kind=a.kind, role=a.role, aliases=a.aliases)
            for a in brief.actors
        ],
        quotes=[
            ExtractedQuote(text=q.text, speaker=names.get(q.speaker or "")) for q in brief.quotes
        ],
        numbers=[
            ExtractedFigure(
                text=f.text, value=f.value, unit=f.unit, qualifier=f.qualifier, what=f.what
            )
            for f in brief.numbers
        ],
        claims=[
            ExtractedClaim(text=c.text, source=names.get(c.source or "")) for c in brief.claims
        ],
    )
