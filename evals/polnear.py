"""Measure quote detection and speaker attribution on the PolNeAR corpus.

PolNeAR (networkdynamics/PolNeAR) annotates every attribution in 2016 US
election news in brat standoff format. A Content span that contains quotation
marks is a direct quote; its Source span names (or refers to) the speaker.
The texts are not part of this project: point ``--corpus`` at a local copy
(default: ``shared/corpus/polnear-train`` in the nearest folder above this
script that has one). The script skips cleanly when it is absent.

    python evals/polnear.py [--corpus DIR] [--part tune|heldout|all] [--show N]

The train split is cut in two, fixed by a hash of each file name (see
``part_of``): ``tune`` (about 80%) is what the engine's rules may be developed
on, ``heldout`` is only measured. The dev split (``--corpus .../polnear-dev``)
is only measured, as a whole.

Reports quote precision, recall and F1 (span overlap of at least half of the
shorter span, as in BRIEF.md §5) and speaker accuracy on the quotes whose
annotated source is a name rather than a pronoun or description: the speaker
is right when a capitalised word of the annotated source is one of the forms
of the predicted speaker; a quote left without a named speaker counts as wrong.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from summarizer.align import ArticleIndex
from summarizer.extractive import extract
from summarizer.grounding import ground
from summarizer.grounding.model import place

QUOTE_MARKS = re.compile('["\u201c\u201d]')
NAME = re.compile(r"\b[A-Z][a-z'\u2019-]+\b")
POSSESSIVE = re.compile("['\u2019]s?$")
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
HELDOUT_SHARE = 20  # percent of the train split kept out of rule development


@dataclass
class GoldQuote:
    start: int
    end: int
    source: str


@dataclass
class Tally:
    """Counts behind the reported figures."""

    articles: int = 0
    gold: int = 0
    predicted: int = 0
    predicted_hits: int = 0
    gold_hits: int = 0
    named: int = 0
    named_right: int = 0

    def report(self, seconds: float) -> list[str]:
        precision = self.predicted_hits / self.predicted if self.predicted else 1.0
        recall = self.gold_hits / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        lines = [
            f"articles {self.articles}  gold quotes {self.gold}  predicted {self.predicted}"
            f"  ({seconds:.1f}s)",
            f"quotes  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}",
        ]
        if self.named:
            accuracy = self.named_right / self.named
            lines.append(
                f"speaker accuracy on named sources {accuracy:.3f}"
                f" ({self.named_right}/{self.named})"
            )
        return lines


def part_of(name: str) -> str:
    """``heldout`` for about one file name in five (by its SHA-256), else ``tune``."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return "heldout" if int.from_bytes(digest[:4], "big") % 100 < HELDOUT_SHARE else "tune"


def read_gold(ann: Path) -> list[GoldQuote]:
    """The direct quotes of one annotation file, with their annotated source text."""
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
    """The names of an annotated source; a possessive names its owner ("Ryan's office")."""
    names = (POSSESSIVE.sub("", n) for n in NAME.findall(source))
    return [n for n in names if n not in NOT_NAMES]


def default_corpus() -> Path:
    """``shared/corpus/polnear-train`` in the nearest folder above this script."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared/corpus/polnear-train"
        if candidate.is_dir():
            return candidate
    return Path("shared/corpus/polnear-train")


def measure(path: Path, ann: Path, tally: Tally, show: list[str], limit: int) -> None:
    """Add one article's quotes and speakers to ``tally``; note misattributions in ``show``."""
    text = path.read_text(encoding="utf-8")
    gold = read_gold(ann)
    grounded = ground(extract(text), ArticleIndex(text))
    actors = {a.id: a for a in grounded.actors}
    predicted = [
        (
            place(q),
            actors[q.speaker].forms() if q.speaker in actors else [q.speaker_name or ""],
        )
        for q in grounded.quotes
    ]
    tally.articles += 1
    tally.predicted += len(predicted)
    tally.gold += len(gold)
    tally.predicted_hits += sum(
        1 for span, _ in predicted if any(overlaps(span, (g.start, g.end)) for g in gold)
    )
    for g in gold:
        hits = [p for p in predicted if overlaps(p[0], (g.start, g.end))]
        if not hits:
            continue
        tally.gold_hits += 1
        names = named(g.source)
        if not names:
            continue
        tally.named += 1
        said = " ".join(hits[0][1])
        if any(n in said for n in names):
            tally.named_right += 1
        elif len(show) < limit:
            show.append(
                f"{path.stem[:40]}@{g.start}: gold {g.source!r} -> predicted "
                f"{hits[0][1][:1]!r}: {text[g.start : g.end][:80]!r}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument(
        "--part",
        choices=("tune", "heldout", "all"),
        default="all",
        help="which part of the corpus to read (see part_of)",
    )
    parser.add_argument("--limit", type=int, default=0, help="articles to read (0: all)")
    parser.add_argument("--show", type=int, default=0, help="print this many misattributions")
    args = parser.parse_args()
    texts = args.corpus / "text"
    if not texts.is_dir():
        print(f"PolNeAR not found at {args.corpus}; nothing to measure.")
        return 0
    files = [
        p for p in sorted(texts.glob("*.txt")) if args.part == "all" or part_of(p.name) == args.part
    ][: args.limit or None]
    tally = Tally()
    show: list[str] = []
    started = time.perf_counter()
    for path in files:
        ann = args.corpus / "attributions" / (path.stem + ".ann")
        if ann.exists():
            measure(path, ann, tally, show, args.show)
    print("\n".join(show))
    print("\n".join(tally.report(time.perf_counter() - started)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
