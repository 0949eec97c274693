"""Measure quote detection and speaker attribution on the PolNeAR corpus.

PolNeAR (networkdynamics/PolNeAR) annotates every attribution in 2016 US
election news in brat standoff format. A Content span that contains quotation
marks is a direct quote; its Source span names (or refers to) the speaker.
The texts are not part of this project: point ``--corpus`` at a local copy
(default ``../shared/corpus/polnear-train``). The script skips cleanly when it
is absent.

    python evals/polnear.py [--corpus DIR] [--limit N] [--show N]

Reports quote precision, recall and F1 (span overlap of at least half of the
shorter span, as in BRIEF.md §5) and speaker accuracy on the quotes whose
annotated source is a name rather than a pronoun or description.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from summarizer.align import ArticleIndex
from summarizer.extractive import extract
from summarizer.grounding import ground

QUOTE_MARKS = re.compile('["\u201c\u201d]')
NAME = re.compile(r"\b[A-Z][a-z'\u2019-]+\b")
NOT_NAMES = {
    "He",
    "She",
    "They",
    "It",
    "We",
    "I",
    "The",
    "A",
    "An",
    "His",
    "Her",
    "Their",
    "This",
    "That",
}


@dataclass
class GoldQuote:
    start: int
    end: int
    source: str


def read_gold(ann: Path) -> list[GoldQuote]:
    spans: dict[str, tuple[str, int, int, str]] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 2:
            tag, info, text = line.split("\t", 2)
            kind, rest = info.split(" ", 1)
            bounds = rest.split(";")[0].split()
            spans[tag] = (kind, int(bounds[0]), int(bounds[-1]), text)
        elif line.startswith("E"):
            parts = line.split("\t", 1)[1].split()
            events.append(dict(p.split(":", 1) for p in parts))
    quotes = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        source = spans.get(event.get("Source", ""))
        if content and QUOTE_MARKS.search(content[3]):
            quotes.append(GoldQuote(content[1], content[2], source[3] if source else ""))
    return quotes


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter > 0 and inter * 2 >= shorter


def named(source: str) -> list[str]:
    return [n for n in NAME.findall(source) if n not in NOT_NAMES]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared/corpus/polnear-train",
    )
    parser.add_argument("--limit", type=int, default=0, help="articles to read (0: all)")
    parser.add_argument("--show", type=int, default=0, help="print this many misattributions")
    args = parser.parse_args()
    texts = args.corpus / "text"
    if not texts.is_dir():
        print(f"PolNeAR not found at {args.corpus}; nothing to measure.")
        return 0
    files = sorted(texts.glob("*.txt"))[: args.limit or None]
    tp_pred = n_pred = tp_gold = n_gold = 0
    speaker_ok = speaker_n = 0
    shown = 0
    started = time.perf_counter()
    for path in files:
        ann = args.corpus / "attributions" / (path.stem + ".ann")
        if not ann.exists():
            continue
        text = path.read_text(encoding="utf-8")
        gold = read_gold(ann)
        grounded = ground(extract(text), ArticleIndex(text))
        predicted = [
            (
                q.span,
                grounded.actors[q.speaker].forms()
                if q.speaker is not None
                else [q.speaker_name or ""],
            )
            for q in grounded.quotes
        ]
        n_pred += len(predicted)
        n_gold += len(gold)
        tp_pred += sum(
            1 for span, _ in predicted if any(overlaps(span, (g.start, g.end)) for g in gold)
        )
        for g in gold:
            hits = [p for p in predicted if overlaps(p[0], (g.start, g.end))]
            if not hits:
                continue
            tp_gold += 1
            names = named(g.source)
            if not names:
                continue
            speaker_n += 1
            said = " ".join(hits[0][1])
            if any(n in said for n in names):
                speaker_ok += 1
            elif shown < args.show:
                shown += 1
                print(
                    f"{path.stem[:40]}: gold {g.source!r} -> predicted {hits[0][1][:1]!r}: "
                    f"{text[g.start : g.end][:80]!r}"
                )
    precision = tp_pred / n_pred if n_pred else 1.0
    recall = tp_gold / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    elapsed = time.perf_counter() - started
    print(f"articles {len(files)}  gold quotes {n_gold}  predicted {n_pred}  ({elapsed:.1f}s)")
    print(f"quotes  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    if speaker_n:
        accuracy = speaker_ok / speaker_n
        print(f"speaker accuracy on named sources {accuracy:.3f} ({speaker_ok}/{speaker_n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
