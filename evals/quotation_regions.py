"""Measure the quotation-region detector on the PolNeAR corpus.

Grounding keeps a model's quote only inside a quotation region of the article
(``summarizer.quotations``). PolNeAR (networkdynamics/PolNeAR) annotates every
attribution; a Content span holding quotation marks is a direct quote, its Source
span the speaker. This script reports:

* recall: the share of annotated direct quotes (a Content span that opens and
  closes with a quotation mark) whose words, marks stripped, lie inside one
  detected region;
* attribution: of those, with a source that is a name, the share whose region's
  cue names the same person (the source's last word found in the cue's words);
  a cue that is a pronoun or none is counted separately.

The texts are not part of this project: point ``--corpus`` at a local copy
(default ``../shared/corpus/polnear-train``; measure on ``polnear-dev`` without
tuning to it). The script skips cleanly when the corpus is absent.

    python evals/quotation_regions.py [--corpus DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from summarizer.quotations import find_quotations

MARKS = "\"\u201c\u201d\u2018\u2019' ,."
OPENING = '"\u201c'
CLOSING = '"\u201d'
NAME = re.compile(r"\b[A-Z][a-z'\u2019-]+\b")
NOT_NAMES = {"He", "She", "They", "It", "We", "I", "The", "A", "An", "His", "Her", "This"}


def direct_quotes(ann: Path) -> list[tuple[int, int, str]]:
    """(start, end, source text) of each annotated direct quote."""
    spans: dict[str, tuple[str, int, int, str]] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, *offsets = parts[1].split()
            if len(offsets) == 2:
                spans[parts[0]] = (label, int(offsets[0]), int(offsets[1]), parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg))
    out = []
    for event in events:
        content, source = spans.get(event.get("Content", "")), spans.get(event.get("Source", ""))
        quoted = content[3].strip(" ,.;:") if content else ""
        if content and source and quoted[:1] in OPENING and quoted[-1:] in CLOSING:
            out.append((content[1], content[2], source[3]))
    return out


def measure(corpus: Path, limit: int | None) -> dict[str, float]:
    found = total = named = agreed = unattributed = 0
    for ann in sorted((corpus / "attributions").glob("*.ann"))[:limit]:
        text = (corpus / "text" / f"{ann.stem}.txt").read_text(encoding="utf-8")
        regions = find_quotations(text)
        for start, end, source in direct_quotes(ann):
            while start < end and text[start] in MARKS:
                start += 1
            while end > start and text[end - 1] in MARKS:
                end -= 1
            total += 1
            region = regions.containing(start, end)
            if region is None:
                continue
            found += 1
            names = [n for n in NAME.findall(source.split(",")[0]) if n not in NOT_NAMES]
            if not names:
                continue
            named += 1
            cue = region.cue
            if cue is None or cue.pronoun:
                unattributed += 1
                continue
            words = text[cue.start : cue.end] + " " + text[cue.subject[0] : cue.subject[1]]
            agreed += names[-1] in words
    return {
        "quotes": total,
        "recall": found / total if total else 0.0,
        "named": named,
        "cue_agrees": agreed / named if named else 0.0,
        "pronoun_or_no_cue": unattributed / named if named else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/polnear-train"))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not (args.corpus / "attributions").is_dir():
        print(f"no PolNeAR corpus at {args.corpus}; nothing to measure", file=sys.stderr)
        return 0
    result = measure(args.corpus, args.limit)
    print(
        f"{result['quotes']} direct quotes: {result['recall']:.1%} inside a detected quotation; "
        f"of {result['named']} with a named source, the cue names it for "
        f"{result['cue_agrees']:.1%}, a pronoun or no cue for {result['pronoun_or_no_cue']:.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
