"""The fault catalogue through the real pipeline: oracle model, loopback server, every mode.

Every fault of ``summarizer.evals.faults.CATALOGUE`` is served alone by the
oracle on 127.0.0.1 and goes through the real ``openai`` client, ``instructor``,
grounding and repairs with default settings, in each instructor mode. The
final brief is checked against what the fault's row requires, and against the
brief the unperturbed oracle gets: nothing else may be lost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import REPO
from known_limits import unseen_speaker

from summarizer import Brief, SummarizerError, load_settings, summarize
from summarizer.chunking import split_article
from summarizer.evals.cases import Case, GoldBrief, discover_cases, gold_brief
from summarizer.evals.fakeserver import FakeOpenAIServer
from summarizer.evals.faults import ANY, ANY_CASE, CATALOGUE, SEED, Fault, FaultPlan, Item
from summarizer.evals.oracle import Author, Oracle, oracle_responder
from summarizer.text import fold

CASES = REPO / "evals" / "cases"
MODES = ("tools", "json_schema", "json")


@dataclasses.dataclass
class Served:
    """The loopback oracle; ``author`` answers the next run's requests."""

    server: FakeOpenAIServer
    cases: list[Case]
    author: Author = dataclasses.field(default_factory=Oracle)

    def run(self, case: Case, mode: str, author: Author, **overrides: Any) -> tuple[Any, int]:
        """The brief (or the error) for ``case`` and the number of requests it took."""
        self.author = author
        before = len(self.server.requests)
        config = load_settings(
            provider="openai",
            api_key="sk-test",
            base_url=self.server.url,
            mode=mode,
            retry_max_wait=0.01,
            retry_attempts=2,
            **overrides,
        )
        try:
            result: Any = summarize(case.article, config=config)
        except SummarizerError as exc:
            result = exc
        return result, len(self.server.requests) - before


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    cases = discover_cases(CASES)
    holder: list[Served] = []
    responder = oracle_responder(cases, lambda case, request: holder[0].author)
    with FakeOpenAIServer(responder, lifetime=1800) as server:
        holder.append(Served(server, cases))
        yield holder[0]


def case_named(served: Served, case_id: str) -> Case:
    return next(c for c in served.cases if c.id == case_id)


_BASELINES: dict[tuple[str, str], tuple[Brief, int]] = {}


def baseline(served: Served, case: Case, mode: str) -> tuple[Brief, int]:
    """The unperturbed oracle's brief of ``case`` and its request count."""
    key = (case.id, mode)
    if key not in _BASELINES:
        brief, requests = served.run(case, mode, Oracle())
        assert isinstance(brief, Brief), brief
        _BASELINES[key] = (brief, requests)
    return _BASELINES[key]


# ------------------------------------------------------------------ matching


def spans_of(brief: Brief, quote: Any, text: str) -> list[str]:
    return [text[s.start : s.end] for s in quote.spans]


def actor_name(brief: Brief, actor_id: str | None) -> str | None:
    return next((a.name for a in brief.actors if a.id == actor_id), None)


def matches(brief: Brief, item: Item, text: str) -> list[Any]:
    """The brief's items that are ``item`` exactly (text, spans, value, speaker)."""
    if item.field == "quotes":
        found = [q for q in brief.quotes if spans_of(brief, q, text) == [item.text]]
        speaker = lambda q: actor_name(brief, q.speaker)  # noqa: E731
    elif item.field == "numbers":
        found = [
            f
            for f in brief.numbers
            if f.text == item.text
            and (item.value is None or f.value == pytest.approx(item.value))
            and (item.unit is None or f.unit == item.unit)
        ]
        speaker = None
    elif item.field == "claims":
        found = [c for c in brief.claims if fold(c.text) == fold(item.text)]
        speaker = lambda c: actor_name(brief, c.source)  # noqa: E731
    else:
        word = fold(item.text)
        found = [
            a for a in brief.actors if any(word in fold(f).split() for f in [a.name, *a.aliases])
        ]
        speaker = None
    if speaker is not None and item.speaker != ANY:
        found = [x for x in found if speaker(x) == item.speaker]
    return found


def lost(brief: Brief, item: Item) -> list[Any]:
    """The brief's items that are what ``item`` names as lost (contained text, same value)."""
    if item.field == "quotes":
        found = [q for q in brief.quotes if fold(item.text) in fold(q.text)]
        if item.speaker != ANY:
            found = [q for q in found if actor_name(brief, q.speaker) == item.speaker]
        return found
    if item.field == "numbers":
        return [
            f
            for f in brief.numbers
            if f.value == pytest.approx(item.value) and (item.unit is None or f.unit == item.unit)
        ]
    if item.field == "claims":
        found = [c for c in brief.claims if fold(c.text) == fold(item.text)]
        if item.speaker != ANY:
            found = [c for c in found if actor_name(brief, c.source) == item.speaker]
        return found
    return matches(brief, item, "")


def contents(brief: Brief, text: str) -> dict[str, set[Any]]:
    """What a brief holds, by field, in a form that survives harmless differences."""
    return {
        "quotes": {tuple(spans_of(brief, q, text)) for q in brief.quotes},
        "numbers": {(f.text, f.value) for f in brief.numbers},
        "claims": {fold(c.text) for c in brief.claims},
    }


def check(
    fault: Fault, result: Any, requests: int, base: tuple[Brief, int], case: Case, plan: FaultPlan
) -> None:
    expect = fault.expect
    if expect.error:
        assert isinstance(result, SummarizerError), f"expected an error, got {result!r}"
        assert expect.error in str(result), str(result)
        assert requests <= base[1], "a failure that cannot be fixed is not retried"
        return
    assert isinstance(result, Brief), f"the brief was lost: {result}"
    text = case.text
    for item in expect.keep:
        found = matches(result, item, text)
        wanted = item.count if item.count is not None else "at least 1"
        assert (len(found) == item.count) if item.count is not None else found, (
            f"expected {wanted} of {item}, found {found}; warnings: {result.warnings}"
        )
    for item in expect.lose:
        assert not lost(result, item), f"{item} survived: {lost(result, item)}"
    if expect.warning:
        assert any(expect.warning in w for w in result.warnings), result.warnings
    if expect.extra is not None:
        assert requests == base[1] + expect.extra * plan.touched(fault), (requests, base[1])
    before, after = contents(base[0], text), contents(result, text)
    before["quotes"] -= {(t,) for t in expect.replaced}
    for field, items in before.items():
        if field not in expect.without and not (
            fault.outcome == "salvage" and field == "claims" and "12" in expect.warning
        ):
            assert items <= after[field], f"{field} lost: {items - after[field]}"
    for quote in result.quotes:
        assert all(text[s.start : s.end] for s in quote.spans)
        if len(quote.spans) == 1:
            assert text[quote.spans[0].start : quote.spans[0].end] == quote.text


CATALOGUE_RUNS = [
    pytest.param(fault, mode, id=f"{fault.name}-{mode}")
    for fault in CATALOGUE
    for mode in fault.modes
]


@pytest.mark.parametrize(("fault", "mode"), CATALOGUE_RUNS)
def test_fault(served: Served, fault: Fault, mode: str) -> None:
    case = case_named(served, SEED if fault.case == ANY_CASE else fault.case)
    base = baseline(served, case, mode)
    plan = FaultPlan(case, (fault,))
    result, requests = served.run(case, mode, plan)
    check(fault, result, requests, base, case, plan)


def test_every_behaviour_the_catalogue_must_cover_is_in_it() -> None:
    names = {f.name for f in CATALOGUE}
    required = {
        "typographic drift",
        "elision",
        "splice of two speakers",
        "reported speech as a quote",
        "trailing full stop",
        "closing mark kept",
        "short quote with a full stop",
        "duplicate actors",
        "display name as speaker",
        "invented figure",
        "share as a fraction",
        "scale word not applied",
        "vague quantity: a couple",
        "negated claim",
        "wrong number in a claim",
        "wrong source of a claim",
        "thirteenth claim",
        "quote without a speaker key",
        "null list",
        "fenced JSON",
        "cut off at max_tokens",
        "oversized response",
    }
    assert required <= names
    assert len(names) == len(CATALOGUE)
    for fault in CATALOGUE:
        assert fault.change is not None or fault.wire is not None or fault.outcome == "keep"


# ------------------------------------------------------------ the oracle alone


def said_by(brief: Brief, text: str) -> set[tuple[tuple[str, ...], str | None]]:
    """Each quote's passages with its speaker's name."""
    return {(tuple(spans_of(brief, q, text)), actor_name(brief, q.speaker)) for q in brief.quotes}


def assert_loses_nothing(case: Case, brief: Brief) -> None:
    """Every gold quote (with its speaker), figure and claim is in ``brief``; the only
    warnings are for the speakers ``known_limits`` lists (kept without them)."""
    gold = gold_brief(case)
    unseen = {
        (tuple(spans_of(gold, q, case.text)), actor_name(gold, q.speaker))
        for q in gold.quotes
        if unseen_speaker(case.id, q.text)
    }
    explained = [
        w for w in brief.warnings if "without its speaker" in w and unseen_excerpt(case.id, w)
    ]
    assert [w for w in brief.warnings if w not in explained] == []
    assert len(explained) == len(unseen)
    wanted, held = contents(gold, case.text), contents(brief, case.text)
    for field in ("quotes", "numbers", "claims"):
        assert wanted[field] - held[field] == set(), field
    spoken = said_by(gold, case.text) - said_by(brief, case.text) - unseen
    assert spoken == set(), "speakers lost"


def unseen_excerpt(case_id: str, warning: str) -> bool:
    """True when ``warning`` is about a quote ``known_limits`` lists for ``case_id``."""
    opening = warning.split("('", 1)[-1]
    return unseen_speaker(case_id, opening)


@pytest.mark.parametrize("case_id", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_the_oracle_loses_nothing_and_takes_one_request_per_chunk(
    served: Served, case_id: str
) -> None:
    case = case_named(served, case_id)
    brief, requests = baseline(served, case, "tools")
    assert requests == brief.provenance.chunks == brief.provenance.attempts == 1
    assert_loses_nothing(case, brief)


@pytest.mark.parametrize("case_id", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_the_gold_survives_chunking(served: Served, case_id: str) -> None:
    """Chunks of 2,500 characters: quotations, speakers and evidence that cross a chunk's
    edges are read in the whole article; overlapping chunks merge into one brief."""
    case = case_named(served, case_id)
    brief, requests = served.run(case, "tools", Oracle(), max_input_chars=2500)
    assert isinstance(brief, Brief), brief
    assert requests == brief.provenance.chunks == brief.provenance.attempts
    assert brief.provenance.chunks == len(split_article(case.text, 2500, 1500))
    assert_loses_nothing(case, brief)


@pytest.mark.parametrize("mode", MODES)
def test_a_perfect_answer_takes_one_request_in_every_mode(served: Served, mode: str) -> None:
    brief, requests = baseline(served, case_named(served, "news-asylum"), mode)
    assert requests == 1 and brief.provenance.attempts == 1 and brief.warnings == []


def combined_case(cases: list[Case], chars: int) -> Case:
    """Eval articles one after another until ``chars``, with their gold briefs joined."""
    picked, text = [], ""
    for case in sorted(cases, key=lambda c: -len(c.text)):
        if len(text) >= chars:
            break
        picked.append(case)
        text += case.text.strip() + "\n\n"
    golds = [c.gold for c in picked]
    actors: dict[str, Any] = {}
    for gold in golds:
        for actor in gold.actors:
            actors.setdefault(fold(actor.name), actor)
    gold = GoldBrief(
        meta=golds[0].meta,
        summary=" ".join(g.summary for g in golds[:2]),
        actors=list(actors.values()),
        quotes=[q for g in golds for q in g.quotes],
        numbers=[n for g in golds for n in g.numbers],
        # A brief keeps at most 12 claims: taken in turn from each article.
        claims=[
            c for rank in range(12) for g in golds if rank < len(g.claims) for c in [g.claims[rank]]
        ][:12],
    )
    return Case("combined", Path(picked[0].directory), text.strip(), gold)


def test_a_30k_character_article_runs_with_default_settings(served: Served) -> None:
    case = combined_case(served.cases, 30_000)
    assert len(case.text) >= 30_000
    served.cases.append(case)
    try:
        brief, requests = served.run(case, "tools", Oracle())
    finally:
        served.cases.remove(case)
    assert isinstance(brief, Brief), brief
    # 24,000 characters a chunk by default (max_input_chars; the 16,384-token output budget
    # allows 28,411): two chunks, one request each.
    assert brief.provenance.chunks == 2 and requests == brief.provenance.attempts == 2
    assert len(brief.claims) == 12
    held = {tuple(spans_of(brief, q, case.text)) for q in brief.quotes}
    located = [case.index.find(q.text) for q in case.gold.quotes]
    missing = [
        q.text
        for q, m in zip(case.gold.quotes, located, strict=True)
        if m is not None and (case.text[m.start : m.end],) not in held
    ]
    assert missing == []


def test_repairs_keep_prompt_tokens_near_the_first_requests(served: Served) -> None:
    invented = next(f for f in CATALOGUE if f.name == "invented quote")
    case = case_named(served, SEED)
    start = len(served.server.requests)
    plan = FaultPlan(case, (invented,))
    served.run(case, "tools", plan, max_input_chars=24_000, max_output_tokens=16_384)
    sent = served.server.requests[start:]
    assert len(sent) == 2
    sizes = [len(str(r["messages"])) + len(str(r.get("tools"))) for r in sent]
    assert sizes[1] < sizes[0] * 1.1, sizes
