"""2. Grounding at scale: N quotes, figures and claims located in 1k to 100k characters."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.align import ArticleIndex
from summarizer.grounding import Grounded, ground
from summarizer.quantities import NumberMention, find_numbers
from summarizer.quotations import find_quotations
from summarizer.schema import ExtractedClaim, ExtractedFigure, ExtractedQuote, Extraction
from summarizer.text import sentences

from .articles import long_text
from .measure import Section, Stats, Table, Target, growth_exponent, timed

TITLE = "Grounding at scale"
METHOD = (
    "The article is eval articles one after the other, cut to size. The items come from the "
    "text itself: quotes are openings of its quotations, a third verbatim, a third upper-cased (a "
    "normalised match) and a third with one character deleted (a fuzzy match); figures are "
    "numbers of the text, half as written and half as a bare value (`1,200` → `1200`); "
    "claims are sentences without their first word (past the schema's cap of 12 claims per "
    "request). Each timing builds a fresh `ArticleIndex` and runs `ground()`, as the pipeline "
    "does per request."
)


@dataclass(frozen=True)
class Params:
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    counts: tuple[int, ...] = (10, 100, 500)
    rounds: int = 7


QUICK = Params(rounds=2)


def items_for(text: str, count: int) -> Extraction:
    """``count`` items taken from ``text``: a third quotes, figures and claims each (no quotes
    when the text quotes no one: claims take their place)."""
    spans = [text[s.start : s.end] for s in sentences(text)]
    spans = [s for s in spans if len(s.split()) >= 6] or spans
    quoted = [text[q.start : q.end] for q in find_quotations(text).regions if q.kind != "run-in"]
    quoted = [q for q in quoted if len(q.split()) >= 6]
    numbers = find_numbers(text)
    figures = count // 3 if numbers else 0
    quotes = count - figures - count // 3 if quoted else 0
    claims = count - figures - quotes
    # model_construct: the schema caps claims at 12 per request; a scale test does not.
    return Extraction.model_construct(
        summary="A benchmark extraction.",
        actors=[],
        quotes=[
            ExtractedQuote(text=_quote(quoted[(k * 7) % len(quoted)], k), speaker=None)
            for k in range(quotes)
        ],
        numbers=[_figure(numbers[k % len(numbers)], k) for k in range(figures)],
        claims=[
            ExtractedClaim(text=" ".join(spans[(k * 5 + 3) % len(spans)].split()[1:]), source=None)
            for k in range(claims)
        ],
    )


def _quote(sentence: str, k: int) -> str:
    cut = sentence.rfind(" ", 0, 80)
    phrase = sentence[: cut if cut > 20 else 80]
    if k % 3 == 1:
        return phrase.upper()
    if k % 3 == 2:
        middle = len(phrase) // 2
        return phrase[:middle] + phrase[middle + 1 :]
    return phrase


def _figure(mention: NumberMention, k: int) -> ExtractedFigure:
    text = mention.text if k % 2 == 0 else f"{mention.value:g}"
    unit = "percent" if mention.percent else "items"
    return ExtractedFigure(text=text, value=mention.value, unit=unit, what="a figure")


def run(params: Params = Params()) -> Section:
    """Time grounding for every article size and item count."""
    texts = {size: long_text(size) for size in params.sizes}
    times: dict[tuple[int, int], Stats] = {}
    outcomes: dict[tuple[int, int], tuple[Extraction, Grounded]] = {}
    for size, text in texts.items():
        for count in params.counts:
            extraction = items_for(text, count)
            outcome = ground(extraction, ArticleIndex(text))
            samples = [
                timed(lambda: ground(extraction, ArticleIndex(text)))[0] * 1000  # noqa: B023
                for _ in range(params.rounds)
            ]
            times[size, count] = Stats.of(samples)
            outcomes[size, count] = (extraction, outcome)
    return _section(params, texts, times, outcomes)


def _section(
    params: Params,
    texts: dict[int, str],
    times: dict[tuple[int, int], Stats],
    outcomes: dict[tuple[int, int], tuple[Extraction, Grounded]],
) -> Section:
    sizes, counts = params.sizes, params.counts
    timing = Table(
        ["items \\ article", *[f"{len(texts[s]):,} chars" for s in sizes]],
        [[f"N = {n}", *[f"{times[s, n].show(1)} ms" for s in sizes]] for n in counts],
    )
    grounded = Table(
        [
            "article",
            "N",
            "quotes grounded (distinct spans: exact / normalized / fuzzy)",
            "figures grounded",
            "claims grounded",
        ],
        [[f"{len(texts[s]):,}", str(n), *_found(*outcomes[s, n])] for s in sizes for n in counts],
    )
    tables = [timing, grounded]
    values: dict[str, float] = {f"ms_{s}_{n}": times[s, n].median for s in sizes for n in counts}
    notes = []
    if len(sizes) >= 2 and len(counts) >= 2:
        small, large = sizes[-2], sizes[-1]
        chars = {s: len(texts[s]) for s in sizes}
        growth = [
            (
                f"article {chars[small]:,} \u2192 {chars[large]:,} chars, N = {n}",
                growth_exponent(
                    times[small, n].median, times[large, n].median, chars[small], chars[large]
                ),
            )
            for n in counts
        ]
        growth += [
            (
                f"N = {a} \u2192 {b}, article {chars[large]:,} chars",
                growth_exponent(times[large, a].median, times[large, b].median, a, b),
            )
            for a, b in zip(counts, counts[1:], strict=False)
        ]
        tables.append(
            Table(
                ["growth exponent k (time \u221d x^k; 1.00 is linear)", "k"],
                [[what, f"{k:.2f}"] for what, k in growth],
            )
        )
        steepest = max(growth, key=lambda g: g[1])
        values["steepest_growth"] = steepest[1]
        notes.append(
            f"Growth: the steepest exponent is {steepest[1]:.2f} ({steepest[0]}). The "
            "index (folded text, sentences, numbers, word postings) is built once per request "
            "and grows with the article; each lookup is a few scans of it or a postings walk."
        )
    targets = []
    if (100_000, 100) in times:
        targets.append(
            Target(
                "100 items on a 100k-character article", 100.0, times[100_000, 100].median, " ms"
            )
        )
    method = f"{METHOD} {params.rounds} timed runs per cell after one untimed run."
    return Section(TITLE, method, tables, targets, notes, values)


def _found(extraction: Extraction, result: Grounded) -> list[str]:
    """Items that grounded out of those asked, per kind; quotes by status of their spans."""
    cells = []
    for label, asked in (
        ("quotes", extraction.quotes),
        ("numbers", extraction.numbers),
        ("claims", extraction.claims),
    ):
        failed = sum(1 for p in result.problems if p.item.startswith(f"{label}["))
        cells.append(f"{len(asked) - failed}/{len(asked)}")
    statuses = [q.grounding for q in result.quotes]
    cells[0] += (
        " (" + " / ".join(str(statuses.count(s)) for s in ("exact", "normalized", "fuzzy")) + ")"
    )
    return cells
