"""Story summaries written by a model from the story's merged brief, checked against its
articles.

Without a model a story keeps the lead of its central article
(:func:`summarizer.daily.storybrief.story_summary`). With a provider that writes
text (:class:`TextProvider`: the ``openai`` provider), the prompt ``story.v1`` is
given the story's material (each article's outlet, title and lead, and the merged
claims, figures and quotes with the outlets that carry them) and asked for one
paragraph.

The paragraph is grounded like a claim: every sentence must be supported by
sentences of one of the story's articles (at least ``CLAIM_MIN_SUPPORT`` of its
content words covered), and every number it writes must be a number of the
articles. A paragraph that fails goes back to the model with the reasons
(instructor's re-asks, ``max_reasks``); if it still fails, or the provider
fails, the story keeps its lead and the day's brief says why in its warnings.

Answers that passed are kept in the response cache (``responses.sqlite3`` under
``data_dir``), keyed by the provider's parameters, the messages and the
answer's schema, so re-running a day asks nothing again.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, Field, model_validator

from ..align import ArticleIndex
from ..config import Settings
from ..errors import SummarizerError
from ..grounding import CLAIM_MIN_SUPPORT
from ..prompts import Message, Prompt
from ..providers.cache import ResponseStore
from ..providers.calllog import LoggedProvider
from ..providers.exchanges import listening
from ..providers.structured import usage_of
from ..quantities import find_numbers, values_agree
from ..schema import Span, Usage
from ..text import Segment, sentences, words
from .storybrief import lead_span
from .storymodel import ItemRef, SourcedBrief, StoryBrief, StorySummary

MAX_SENTENCES = 4
MAX_WORDS = 120
# How much of the story the material gives the model.
MATERIAL_ARTICLES = 6
MATERIAL_CLAIMS = 12
MATERIAL_FIGURES = 8
MATERIAL_QUOTES = 6
_EXCERPT = 60


@runtime_checkable
class TextProvider(Protocol):
    """A provider that can answer with any response model (a language model behind it)."""

    name: str
    model: str

    def parameters(self) -> dict[str, Any]:
        """Everything besides the messages that changes the provider's output."""

    async def structured(self, **arguments: Any) -> Any:
        """One instructor call: ``response_model``, ``messages``, ``max_retries``, ..."""


# ----------------------------------------------------------------- material


def story_material(story: StoryBrief, items: Sequence[SourcedBrief]) -> str:
    """What the model is told about ``story``: plain text, one item a line."""
    texts = {item.article_id: item for item in items}
    names = {actor.id: actor.name for actor in story.actors}
    lines = [f"Outlets: {', '.join(story.outlets)}", "", "Articles (the most central first):"]
    for article in story.articles[:MATERIAL_ARTICLES]:
        item = texts[article.article_id]
        span = lead_span(item.text, article.title)
        lead = " ".join(item.text[span.start : span.end].split()) if span else ""
        lines.append(f"- [{article.outlet}] {article.title or 'untitled'}: {lead}")
    if story.claims:
        lines += ["", "Claims:"]
        for claim in story.claims[:MATERIAL_CLAIMS]:
            said = ", ".join(names[s] for s in claim.sources if s in names)
            by = f" (according to {said})" if said else ""
            lines.append(f"- {claim.text}{by} [{', '.join(claim.outlets)}]")
    figures = story.page_figures()[:MATERIAL_FIGURES]
    if figures:
        lines += ["", "Figures:"]
        for line in figures:
            reports = "; ".join(f"{r.text} [{r.outlet}]" for r in line.reports)
            clash = " (the reports disagree)" if line.conflict else ""
            lines.append(f"- {line.what} ({line.unit}): {reports}{clash}")
    quotes = [(g.name, q) for g in story.page_quotes() for q in g.quotes][:MATERIAL_QUOTES]
    if quotes:
        lines += ["", "Quotes:"]
        lines += [f"- {name}: \u201c{q.text}\u201d [{', '.join(q.outlets)}]" for name, q in quotes]
    return "\n".join(lines)


# ----------------------------------------------------------------- grounding


@dataclass(frozen=True)
class Grounding:
    """The article sentences behind a summary, and what in it no article supports."""

    evidence: list[ItemRef]
    problems: list[str]


def ground_summary(
    text: str, items: Sequence[SourcedBrief], indexes: Sequence[ArticleIndex]
) -> Grounding:
    """Check ``text`` against the story's articles (``indexes`` in ``items`` order)."""
    parts = [" ".join(text[s.start : s.end].split()) for s in sentences(text)]
    problems: list[str] = []
    if not parts:
        return Grounding([], ["the summary is empty"])
    if len(parts) > MAX_SENTENCES or len(words(text)) > MAX_WORDS:
        problems.append(
            f"it has {len(parts)} sentences and {len(words(text))} words; write one paragraph "
            f"of at most {MAX_SENTENCES} sentences and {MAX_WORDS} words"
        )
    known = [m.value for index in indexes for m in index.numbers]
    spans: dict[int, list[Span]] = {}
    for n, sentence in enumerate(parts, 1):
        excerpt = sentence if len(sentence) <= _EXCERPT else sentence[: _EXCERPT - 1] + "\u2026"
        support, k, found = _best_support(sentence, indexes)
        if not found or support < CLAIM_MIN_SUPPORT:
            problems.append(f"sentence {n} ({excerpt!r}) is not supported by the articles")
        else:
            spans.setdefault(k, []).extend(Span(start=s.start, end=s.end) for s in found)
        for mention in find_numbers(sentence):
            if not any(values_agree(mention.value, value) for value in known):
                problems.append(
                    f"sentence {n} gives the number {mention.text!r}, which no article gives"
                )
    evidence = [items[k].ref("summary", _distinct(spans[k])) for k in sorted(spans)]
    return Grounding(evidence, problems)


def _best_support(
    sentence: str, indexes: Sequence[ArticleIndex]
) -> tuple[float, int, list[Segment]]:
    """The article (by index; the first on a tie) whose sentences best support ``sentence``:
    the share of its content words they cover, the article, and those sentences."""
    best: tuple[float, int, list[Segment]] = (0.0, 0, [])
    for k, index in enumerate(indexes):
        found, support = index.best_sentences(sentence)
        if support > best[0]:
            best = (support, k, found)
    return best


def _distinct(spans: list[Span]) -> list[Span]:
    unique = {(s.start, s.end): s for s in spans}
    return [unique[key] for key in sorted(unique)]


# ------------------------------------------------------------ the model's answer


@dataclass
class _Check:
    """What the answer's validator checks against, and what it found."""

    items: Sequence[SourcedBrief]
    indexes: list[ArticleIndex]
    passed: Grounding | None = None
    problems: list[str] = field(default_factory=list)


_CHECK: ContextVar[_Check | None] = ContextVar("summarizer_story_summary", default=None)


@contextmanager
def _checking(check: _Check) -> Iterator[_Check]:
    token = _CHECK.set(check)
    try:
        yield check
    finally:
        _CHECK.reset(token)


class StoryParagraph(BaseModel):
    """Write the summary of the news story: one paragraph, only what the material states."""

    summary: str = Field(
        description=f"one paragraph of 2 to {MAX_SENTENCES} sentences (at most {MAX_WORDS} "
        "words) in neutral words"
    )

    @model_validator(mode="after")
    def _supported_by_the_articles(self) -> StoryParagraph:
        check = _CHECK.get()
        if check is None:
            return self
        grounding = ground_summary(self.summary, check.items, check.indexes)
        if grounding.problems:
            check.problems = grounding.problems
            reasons = "\n".join(f"- {p}" for p in grounding.problems)
            raise ValueError(
                f"The summary does not match the articles:\n{reasons}\n"
                "Write it again using only what the material states."
            )
        check.passed = grounding
        return self


# ------------------------------------------------------------------- writer


@dataclass(frozen=True)
class Written:
    """A story's summary from the model, or why there is none (the lead stays)."""

    summary: StorySummary | None
    problem: str | None = None


class SummaryWriter:
    """Writes story summaries with ``provider`` and ``prompt``; answers that pass are kept in
    ``cache`` and every call is logged through ``log`` (the run's logged provider)."""

    def __init__(
        self,
        provider: TextProvider,
        settings: Settings,
        prompt: Prompt,
        cache: ResponseStore,
        log: LoggedProvider,
    ):
        self.provider = provider
        self.settings = settings
        self.prompt = prompt
        self.cache = cache
        self.log = log

    def messages(self, story: StoryBrief, items: Sequence[SourcedBrief]) -> list[Message]:
        """The exact messages sent for ``story``."""
        return self.prompt.render(
            story_material(story, items), title=story.title, published=story.published
        )

    def key(self, messages: list[Message]) -> str:
        """The cache key of ``messages`` sent to this provider."""
        payload = {
            "parameters": self.provider.parameters(),
            "messages": messages,
            "response_schema": StoryParagraph.model_json_schema(),
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    async def write(self, story: StoryBrief, items: Sequence[SourcedBrief]) -> Written:
        """The model's summary of ``story`` (whose articles are ``items``), grounded."""
        check = _Check(items, [ArticleIndex(item.text) for item in items])
        messages = self.messages(story, items)
        key = self.key(messages)
        stored = self.cache.get(key)
        if stored is not None:
            text = str(stored.get("summary", ""))
            grounding = ground_summary(text, check.items, check.indexes)
            if not grounding.problems:
                return Written(_summary(text, grounding))
        answer, problem = await self._ask(messages, check)
        if answer is None or check.passed is None:
            return Written(None, problem or "the model gave no summary")
        self.cache.put(key, {"key": key, "summary": answer.summary, "model": self.provider.model})
        return Written(_summary(answer.summary, check.passed))

    async def _ask(
        self, messages: list[Message], check: _Check
    ) -> tuple[StoryParagraph | None, str | None]:
        """One instructor call (with its re-asks), logged; the answer or what went wrong."""
        s = self.settings
        usages: list[Usage] = []
        hooks = Hooks()
        hooks.on("completion:response", lambda response: usages.append(usage_of(response)))
        arguments: dict[str, Any] = {
            "response_model": StoryParagraph,
            "messages": [dict(m) for m in messages],
            "max_retries": s.max_reasks,
            "strict": False,
            "hooks": hooks,
            "temperature": s.temperature,
            "max_tokens": s.max_output_tokens,
        }
        if s.seed is not None:
            arguments["seed"] = s.seed
        started = time.perf_counter()
        answer: StoryParagraph | None = None
        problem: str | None = None
        with _checking(check), listening() as heard:
            try:
                answer = await self.provider.structured(**arguments)
            except IncompleteOutputException:
                problem = (
                    f"the model's answer was cut off at max_output_tokens={s.max_output_tokens}"
                )
            except InstructorRetryException:
                problem = "; ".join(check.problems) or "the model gave no valid answer"
            except SummarizerError as exc:
                problem = str(exc)
        total = Usage()
        for usage in usages:
            total = total + usage
        self.log.record(
            kind="story",
            text=messages[-1]["content"],
            label="story summary",
            prompt_id=self.prompt.id,
            prompt_sha256=self.prompt.sha256,
            model=self.provider.model,
            usage=total,
            attempts=max(1, len(usages)),
            started=started,
            heard=heard,
            error=problem,
            response=None if answer is None else {"summary": answer.summary},
        )
        return answer, problem


def _summary(text: str, grounding: Grounding) -> StorySummary:
    return StorySummary(
        text=" ".join(text.split()), written_by="model", evidence=grounding.evidence
    )
