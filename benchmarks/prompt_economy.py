"""7. Prompt economy: what each request carries besides the article, per prompt and mode.

The request is the real one: the pipeline sends a short eval article through the
openai provider to a ``httpx2.MockTransport`` that records the JSON body. The
article's text is then taken out of the messages; what is left (system prompt,
instructions, the user message's scaffolding) plus the schema the request
carries (``tools`` or ``response_format``; in JSON mode instructor puts it in
the system message) is the fixed cost every article pays.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx2

from summarizer.api import Summarizer
from summarizer.article import load_article
from summarizer.config import load_settings
from summarizer.evals.fakeserver import completion_body, mode_of
from summarizer.prompts import Prompt, list_prompts
from summarizer.providers.openai import MODES, OpenAIProvider

from .articles import eval_articles
from .measure import Section, Table, Target

TITLE = "Prompt economy"
MODEL = "gpt-4o-mini"
ENCODING = "o200k_base"  # the tokenizer of gpt-4o and gpt-4o-mini
LIMIT = 4000


@dataclass(frozen=True)
class Params:
    modes: tuple[str, ...] = tuple(MODES)


QUICK = Params()


@dataclass(frozen=True)
class Overhead:
    """The characters of one request that are not the article."""

    prompt: str
    mode: str
    ours: str  # our rendered system prompt
    system: str  # the system message as sent (instructor may add to it)
    user: str  # the user message without the article
    schema: str  # tools / response_format as compact JSON ("" when in the messages)

    @property
    def chars(self) -> int:
        return len(self.system) + len(self.user) + len(self.schema)

    @property
    def added_by_instructor(self) -> str:
        return self.system.replace(self.ours, "", 1) if self.ours in self.system else ""


def captured_request(article: str, prompt: str, mode: str) -> dict[str, Any]:
    """The JSON body the pipeline sends for ``article`` with ``prompt`` in ``mode``."""
    bodies: list[dict[str, Any]] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        bodies.append(body)
        return httpx2.Response(
            200,
            json=completion_body({"summary": "A short brief."}, mode=mode_of(body), model=MODEL),
        )

    settings = load_settings(
        provider="openai",
        api_key="sk-benchmark",
        model=MODEL,
        base_url="http://127.0.0.1:9/v1",
        mode=mode,
        prompt=prompt,
    )

    async def send() -> None:
        client = httpx2.AsyncClient(transport=httpx2.MockTransport(answer))
        async with Summarizer(settings, OpenAIProvider(settings, http_client=client)) as s:
            await s.summarize(article)
        await client.aclose()

    asyncio.run(send())
    if len(bodies) != 1:
        raise RuntimeError(f"expected one request, the pipeline sent {len(bodies)}")
    return bodies[0]


def overhead_of(body: dict[str, Any], article: str, prompt: Prompt, mode: str) -> Overhead:
    """Split ``body`` into system text, user scaffolding and schema, without ``article``."""
    system, user = "", ""
    for message in body["messages"]:
        content = message["content"]
        if not isinstance(content, str):
            content = json.dumps(content, ensure_ascii=False)
        if message["role"] == "system":
            system += content
        else:
            if article not in content:
                raise RuntimeError("the article is not in the user message verbatim")
            user += content.replace(article, "", 1)
    carried = {k: body[k] for k in ("tools", "tool_choice", "response_format") if k in body}
    schema = json.dumps(carried, ensure_ascii=False, separators=(",", ":")) if carried else ""
    ours = next(m["content"] for m in prompt.render(article) if m["role"] == "system")
    return Overhead(prompt.id, mode, ours, system, user, schema)


def token_counter() -> tuple[Callable[[str], int] | None, str]:
    """A token counter for ``ENCODING`` that ships its data offline, or None, and a note."""
    with warnings.catch_warnings():  # bpe-openai 0.1.4 reads its data with a deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import bpe_openai  # type: ignore[import-untyped]
        except ImportError:
            return None, (
                "no offline tokenizer is installed (`pip install bpe-openai`; "
                "tiktoken downloads its encodings at first use, so it is not used)"
            )
        encoding = bpe_openai.get_encoding(ENCODING)
    return (lambda text: len(encoding.encode(text))), (
        f"tokens: {ENCODING} from bpe-openai {bpe_openai.__version__}, counted on the text "
        "as sent; the API counts tool definitions in its own format, so its figure for the "
        "schema differs somewhat"
    )


def run(params: Params = Params()) -> Section:
    """Measure every brief prompt version in every instructor mode."""
    short = min(eval_articles(), key=lambda a: a.word_count)
    article = load_article(short.text).text
    # The brief prompts: story.* prompts ask for a story summary, not for a brief.
    briefs = [p for p in list_prompts() if p.id.startswith("brief.")]
    found = [
        overhead_of(captured_request(short.text, p.id, mode), article, p, mode)
        for p in briefs
        for mode in params.modes
    ]
    count, tokens_note = token_counter()
    rows = []
    for o in found:
        tokens = f"{count(o.system) + count(o.user) + count(o.schema):,}" if count else "n/a"
        rows.append(
            [
                o.prompt,
                o.mode,
                f"{len(o.ours):,}",
                f"{len(o.added_by_instructor):,}",
                f"{len(o.user):,}",
                f"{len(o.schema):,}",
                f"**{o.chars:,}**",
                tokens,
            ]
        )
    table = Table(
        [
            "prompt",
            "mode",
            "our system prompt",
            "added to it by instructor",
            "user message without article",
            "schema (tools / response_format)",
            "total chars",
            "tokens",
        ],
        rows,
    )
    worst = max(found, key=lambda o: o.chars)
    targets = [
        Target(f"characters besides the article, {o.prompt} in {o.mode} mode", LIMIT, o.chars)
        for o in found
    ]
    method = (
        f"The request the pipeline really sends for the shortest eval article (`{short.case}`, "
        f"{short.word_count} words), captured at the transport; the article's text is taken out "
        "of the user message. In JSON mode instructor writes the schema into the system "
        f"message. Schema JSON is counted compact. {tokens_note[0].upper()}{tokens_note[1:]}."
    )
    notes = [_why(found)] if not all(t.met for t in targets) else []
    values = {f"chars_{o.prompt}_{o.mode}": float(o.chars) for o in found}
    values["largest"] = float(worst.chars)
    return Section(TITLE, method, [table], targets, notes, values)


def _why(found: list[Overhead]) -> str:
    """Where the characters go, measured on the schema itself."""
    parts = [f"Why: our system prompt is {len(found[0].ours):,} characters."]
    carried = next((o for o in found if o.schema), None)
    if carried is not None:
        schema = json.loads(carried.schema)
        untitled = json.dumps(_without_titles(schema), separators=(",", ":"))
        parts.append(
            f"In {carried.mode} mode the response schema adds {len(carried.schema):,}; "
            f"{len(carried.schema) - len(untitled):,} of them are `title` entries."
        )
    pasted = next((o for o in found if len(o.added_by_instructor) > 200), None)
    if pasted is not None:
        text = pasted.added_by_instructor
        start = text.find("{")
        try:
            schema, _ = json.JSONDecoder().raw_decode(text[start:])
            compact = len(json.dumps(schema, separators=(",", ":")))
        except ValueError:
            compact = len(text)
        parts.append(
            f"In {pasted.mode} mode instructor writes the schema into the system message, "
            f"indented: {len(text):,} characters, of which {len(text) - compact:,} are "
            "instructor's preamble, indentation and line breaks."
        )
    return " ".join(parts)


def _without_titles(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _without_titles(v)
            for k, v in value.items()
            if not (k == "title" and isinstance(v, str))
        }
    if isinstance(value, list):
        return [_without_titles(v) for v in value]
    return value
