"""Archives for the bulk tests: generated news articles as JSONL, with bad lines among
them, and a bulk run of the extractive engine."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from summarizer import load_settings
from summarizer.bulk import BulkOptions, run_bulk
from summarizer.config import Settings

FIRST = "Helen Omar Lena Sam Maria Jonas Priya Tomas Ines Kofi Mei Arturo".split()
LAST = "Carter Haddad Brandt Osei Lopes Weber Nair Novak Silva Mensah Chen Rojas".split()
TOWNS = "Marlow Brenton Dunmore Castlebay Norwick Elston Farrow Glenmere".split()


def generated_article(i: int) -> dict[str, Any]:
    """A short, distinct news article with a quote, a speaker and a count of people."""
    rng = random.Random(i)
    first, last, town = rng.choice(FIRST), rng.choice(LAST), rng.choice(TOWNS)
    people = rng.randint(12, 9000)
    text = (
        f"Storm damage in {town}, report {i}\n\n"
        f"A storm damaged {people:,} people's homes in {town} on Tuesday, officials said.\n"
        f'"We will rebuild every street in {town}," said {first} {last}, the mayor.\n'
        f"Crews from {rng.randint(2, 40)} towns worked through the night to clear roads.\n"
        f'"Nobody was hurt, and that is what matters," said {first} {last}.\n'
    )
    return {
        "id": f"g{i}",
        "text": text,
        "title": f"Storm {i}",
        "url": f"https://n.test/{i}",
        "published": "2024-05-01",
    }


BAD_LINES = [
    (b"this is not json\n", None, "invalid JSON: Expecting value (column 1)"),
    (b'{"id": "g1", "text": "again"}\n', None, "duplicate id 'g1': an earlier line has it"),
    (b'{"id": "blank", "text": "  \\n "}\n', "blank", "the article is empty"),
    (b'{"id": "no-text"}\n', "no-text", "no `text`"),
]


def write_archive(path: Path, count: int, *, bad: bool = True) -> list[dict[str, Any]]:
    """``count`` generated articles as JSONL, with the bad lines after the third."""
    articles = [generated_article(i) for i in range(count)]
    with path.open("wb") as handle:
        for i, article in enumerate(articles):
            handle.write(json.dumps(article).encode() + b"\n")
            if bad and i == 2:
                handle.writelines(line for line, _, _ in BAD_LINES)
    return articles


def rows_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def comparable(brief: dict[str, Any]) -> dict[str, Any]:
    """A brief without what differs between two runs of the same input."""
    provenance = {
        k: v for k, v in brief["provenance"].items() if k not in ("created_at", "latency_s")
    }
    return {**brief, "provenance": provenance}


def extractive() -> Settings:
    return load_settings(provider="extractive")


def run(source: Path, out: Path, settings: Settings | None = None, **options: Any) -> Any:
    options.setdefault("workers", 1)
    return run_bulk(source, out, settings or extractive(), BulkOptions(**options))
