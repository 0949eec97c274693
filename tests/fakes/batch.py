"""Shared fakes of the batch tests: eval articles, a model answering from their gold (with
faults, so some items need a repair), and the fake Batch API serving it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.config import Settings, load_settings
from summarizer.evals.cases import Case, discover_cases
from summarizer.evals.fakebatch import FakeBatchAPI, Plan
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply, Responder
from summarizer.evals.faults import FaultServer, plan_faults
from summarizer.evals.oracle import (
    Oracle,
    is_verification,
    oracle_responder,
    repair_items,
    reply,
    verification_claims,
)
from summarizer.extractive import extract

from . import REPO
from .llm import completion
from .news import article_of, asks_for_story_summary, story_summary_for

CASES_DIR = REPO / "evals" / "cases"
KEY = "sk-test-batch-SECRET-0123456789"


def cases(*patterns: str) -> list[Case]:
    return discover_cases(CASES_DIR, patterns or ("news-*",))


def writing_summaries(answer: Responder) -> Responder:
    """``answer``, and the summary a careful model writes of a daily story when asked for one
    (the daily run asks for them synchronously, in batch mode too)."""

    def respond(request: dict[str, Any]) -> Reply:
        if asks_for_story_summary(request):
            summary = story_summary_for(article_of(request))
            return Reply(200, completion(summary, tool="StoryParagraph"))
        return answer(request)

    return respond


def faulty_model(chosen: Sequence[Case]) -> Responder:
    """Answers from the gold with the fault catalogue's faults: repairs are needed. (It
    learns each correction as it writes a first answer, so what it answers can depend on
    the order requests come in.)"""
    plans = {case.id: plan_faults(case) for case in chosen}
    return writing_summaries(oracle_responder(list(chosen), FaultServer(plans).author))


INVENTED = "These words were never said by anyone in this article."
_ARTICLE = re.compile(r"<article>\n(.*)\n</article>", re.DOTALL)


def engine_model() -> Responder:
    """A model whose every answer is a function of its request alone, whatever the order
    requests come in: the extractive engine's reading of the chunk plus one invented quote
    (so every chunk needs one repair), an empty repair (the quote is withdrawn), and every
    claim supported."""

    def respond(request: dict[str, Any]) -> Reply:
        if is_verification(request):
            ids = [c.get("id") for c in verification_claims(request)]
            verdicts = [{"id": i, "supported": True, "reason": ""} for i in ids]
            return reply(request, json.dumps({"verdicts": verdicts}))
        if repair_items(request):
            return reply(request, json.dumps({"quotes": []}))
        text = next(
            (
                match.group(1)
                for m in request.get("messages") or []
                if (match := _ARTICLE.search(str(m.get("content", ""))))
            ),
            None,
        )
        if text is None:
            return Reply(400, {"error": {"message": "no article in the request"}})
        answer = extract(text).model_dump(mode="json")
        answer["quotes"].append({"text": INVENTED, "speaker": None})
        return reply(request, json.dumps(answer))

    return writing_summaries(respond)


def honest_model(chosen: Sequence[Case]) -> Responder:
    """Answers every request with the gold: one request per chunk, no repair."""
    return writing_summaries(oracle_responder(list(chosen), lambda case, request: Oracle()))


@dataclass
class Fake:
    """The fake Batch API being served: its base URL, its state and every HTTP request."""

    url: str
    api: FakeBatchAPI
    server: FakeOpenAIServer

    def chat_bodies(self) -> list[dict[str, Any]]:
        """Chat completions sent to it directly (not in a batch), as sent."""
        return chat_bodies(self.server.requests)

    def extraction_bodies(self) -> list[dict[str, Any]]:
        """Extractions sent to it directly: the chat completions other than story summaries
        (which the daily run writes synchronously in batch mode too)."""
        return [b for b in self.chat_bodies() if not asks_for_story_summary(b)]

    def input_lines(self) -> list[dict[str, Any]]:
        """Every line of every batch input file uploaded to it."""
        lines = []
        for file_id, meta in self.api.files.items():
            if meta["purpose"] == "batch":
                text = self.api.contents[file_id].decode("utf-8")
                lines += [json.loads(line) for line in text.splitlines()]
        return lines

    def count(self, method: str, path: str) -> int:
        return sum(
            1
            for r in self.server.requests
            if r.get("_method") == method and str(r.get("_path", "")).split("?")[0] == path
        )


@contextmanager
def batch_api(responder: Responder, plans: Sequence[Plan] = ()) -> Iterator[Fake]:
    """The fake Batch API (and chat endpoint) on 127.0.0.1."""
    api = FakeBatchAPI(responder, plans)
    with FakeOpenAIServer(api, lifetime=600) as server:
        yield Fake(server.url, api, server)


def settings(url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "provider": "openai",
        "api_key": KEY,
        "base_url": url,
        "data_dir": data_dir,
        "retry_max_wait": 0.01,
        "retry_max_time": 10,
        "batch_poll_interval": 0.01,
    }
    values.update(overrides)
    return load_settings(**values)


def cli_env(url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI run against the fake API, without the user's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))}
    env.update(
        OPENAI_API_KEY=KEY,
        OPENAI_BASE_URL=url,
        SUMMARIZER_DATA_DIR=str(data_dir),
        SUMMARIZER_RETRY_MAX_WAIT="0.01",
        XDG_CONFIG_HOME=str(data_dir.parent / "config-home"),
    )
    env.update(extra)
    return env


def write_sources(chosen: Sequence[Case], folder: Path) -> Path:
    """The cases' articles as ``.txt`` files: sources of a daily run."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in chosen:
        (folder / f"{case.id}.txt").write_text(case.text, encoding="utf-8")
    return folder


def chat_bodies(requests: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chat completion bodies among a fake server's recorded requests, as sent."""
    return [
        {k: v for k, v in r.items() if not k.startswith("_")}
        for r in requests
        if str(r.get("_path", "")).endswith("/chat/completions")
    ]
