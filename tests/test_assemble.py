"""Merging chunks and building the brief: exact items, links and warnings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fakes.items import actor, speaker_index
from fakes.items import claim as full_claim
from fakes.items import figure as full_figure
from fakes.items import grounded as chunk
from fakes.items import quote as full_quote

from summarizer.assemble import MAX_CLAIMS, build_brief, merge
from summarizer.grounding import Grounded, Problem
from summarizer.grounding.model import place
from summarizer.schema import Actor, Claim, Figure, Provenance, Quote

JENS = actor("Jens Stoltenberg", "person", "NATO Secretary General")
STOLTENBERG = actor("Stoltenberg", "person")
BLINKEN = actor("Antony Blinken", "person", None, ("Blinken",))
NATO = actor("NATO", "organization")


def quote(text: str, speaker: int | None, span: tuple[int, int], name: str | None = None) -> Quote:
    return full_quote(text, speaker, span, "exact", name)


def claim(text: str, source: int | None, start: int) -> Claim:
    return full_claim(text, source, ((start, start + 10),))


def figure(value: float, unit: str, span: tuple[int, int]) -> Figure:
    return full_figure(value, unit, "exact", unit, str(value), span, "exact")


# ------------------------------------------------------------------------- merge


def test_actors_merge_across_chunks_and_items_follow_them() -> None:
    first = chunk("s1", [BLINKEN, JENS], quotes=[quote("We act", 1, (50, 56))])
    second = chunk(
        "s2",
        [NATO, STOLTENBERG],
        quotes=[quote("We are determined", 1, (500, 517))],
        claims=[claim("NATO will not send troops.", 1, 600)],
    )
    merged = merge([first, second])
    assert [(a.name, a.aliases, a.role) for a in merged.actors] == [
        ("Antony Blinken", ["Blinken"], None),
        ("Jens Stoltenberg", ["Stoltenberg"], "NATO Secretary General"),
        ("NATO", [], None),
    ]
    assert [(q.text, speaker_index(q.speaker)) for q in merged.quotes] == [
        ("We act", 1),
        ("We are determined", 1),
    ]
    assert [(c.text, speaker_index(c.source)) for c in merged.claims] == [
        ("NATO will not send troops.", 1)
    ]
    assert merged.summary == "s1"
    assert [a.id for a in merged.actors] == ["a1", "a2", "a3"]


def test_overlapping_quotes_from_two_chunks_are_one_the_longer() -> None:
    first = chunk("", [JENS], quotes=[quote("We are determined", 0, (100, 117))])
    second = chunk(
        "", [NATO, JENS], quotes=[quote("We are determined to do everything", 1, (100, 134))]
    )
    merged = merge([first, second])
    assert [(q.text, place(q), speaker_index(q.speaker)) for q in merged.quotes] == [
        ("We are determined to do everything", (100, 134), 0)
    ]


def test_quotes_overlapping_less_than_half_stay_two() -> None:
    first = chunk("", [], quotes=[quote("a" * 20, None, (0, 20))])
    second = chunk("", [], quotes=[quote("b" * 20, None, (11, 31))])
    assert [place(q) for q in merge([first, second]).quotes] == [(0, 20), (11, 31)]
    third = chunk("", [], quotes=[quote("c" * 20, None, (10, 30))])
    assert [place(q) for q in merge([first, third]).quotes] == [(0, 20)]  # a tie keeps the first


def test_a_quotation_nested_in_another_of_the_same_chunk_stays_apart() -> None:
    outer = quote("Everyone would say, 'Hey, you'd get along.' So I knew him.", 0, (0, 60))
    inner = quote("Hey, you'd get along.", None, (20, 41))
    merged = merge([chunk("", [JENS], quotes=[outer, inner])])
    assert [(place(q), speaker_index(q.speaker)) for q in merged.quotes] == [
        ((0, 60), 0),
        ((20, 41), None),
    ]


def test_overlapping_quotes_of_two_speakers_stay_two() -> None:
    first = chunk("", [JENS, BLINKEN], quotes=[quote("a" * 20, 0, (0, 20))])
    second = chunk("", [JENS, BLINKEN], quotes=[quote("a" * 20, 1, (0, 20))])
    assert [speaker_index(q.speaker) for q in merge([first, second]).quotes] == [0, 1]


def test_a_quote_joins_the_earlier_quote_it_overlaps_most() -> None:
    first = chunk(
        "",
        [JENS],
        quotes=[quote("o" * 60, 0, (0, 60)), quote("n" * 21, None, (20, 41))],
    )
    second = chunk("", [JENS], quotes=[quote("n" * 21, None, (20, 41))])
    merged = merge([first, second])
    assert [(place(q), speaker_index(q.speaker)) for q in merged.quotes] == [
        ((0, 60), 0),
        ((20, 41), None),
    ]


def test_a_speaker_named_only_in_another_chunk_is_resolved() -> None:
    first = chunk("", [], quotes=[quote("We act", None, (10, 16), "Stoltenberg")])
    second = chunk("", [JENS])
    merged = merge([first, second])
    assert [(speaker_index(q.speaker), q.speaker_name) for q in merged.quotes] == [(0, None)]
    unresolved = merge([first, chunk("", [BLINKEN])])
    assert [(speaker_index(q.speaker), q.speaker_name) for q in unresolved.quotes] == [
        (None, "Stoltenberg")
    ]


def test_figures_merge_by_place_and_unit() -> None:
    first = chunk("", [], figures=[figure(12, "members", (40, 42))])
    second = chunk(
        "",
        [],
        figures=[
            figure(12, "members", (40, 42)),
            figure(12, "diplomats", (40, 42)),
            figure(12, "diplomats", (90, 92)),
        ],
    )
    merged = merge([first, second])
    assert [(f.unit, place(f)) for f in merged.figures] == [
        ("members", (40, 42)),
        ("diplomats", (40, 42)),
        ("diplomats", (90, 92)),
    ]


def test_both_ends_of_a_range_are_two_figures() -> None:
    ends = [figure(8, "years", (10, 20)), figure(10, "years", (10, 20))]
    merged = merge([chunk("", [], figures=ends), chunk("", [], figures=ends[1:])])
    assert [f.value for f in merged.figures] == [8, 10]


def test_near_identical_claims_of_two_chunks_are_one() -> None:
    first = chunk(
        "", [], claims=[claim("Poland expelled 45 Russian spies on Wednesday.", None, 10)]
    )
    second = chunk(
        "",
        [],
        claims=[
            claim("On Wednesday Poland expelled 45 Russian spies.", None, 300),
            claim("Bulgaria expelled Russian diplomats too.", None, 400),
        ],
    )
    merged = merge([first, second])
    assert [c.text for c in merged.claims] == [
        "Poland expelled 45 Russian spies on Wednesday.",
        "Bulgaria expelled Russian diplomats too.",
    ]


def test_claims_are_capped_taking_turns_between_chunks() -> None:
    def part(tag: str, base: int) -> Grounded:
        return chunk(
            "",
            [],
            claims=[claim(f"{tag} fact number {k} {tag * k}", None, base + k) for k in range(10)],
        )

    merged = merge([part("alpha", 0), part("omega", 1000)])
    assert len(merged.claims) == MAX_CLAIMS == 12
    assert [c.evidence[0].start for c in merged.claims] == [
        0,
        1,
        2,
        3,
        4,
        5,
        1000,
        1001,
        1002,
        1003,
        1004,
        1005,
    ]


def test_only_problems_of_items_the_final_brief_lacks_are_kept() -> None:
    dropped_then_kept = Problem("quote", 0, "quotes[0]", "this text does not occur", text="We act.")
    lost = Problem("quote", 1, "quotes[1]", "this text does not occur", text="We never said that")
    actor_elsewhere = Problem("actor", 2, "actors[2]", "not named", text="Jens Stoltenberg")
    figure_elsewhere = Problem("figure", 0, "numbers[0]", "value differs", text="45", unit="spies")
    claim_elsewhere = Problem(
        "claim", 0, "claims[0]", "numbers differ", text="Poland expelled 45 spies."
    )
    unattributed = Problem(
        "quote", 3, "quotes[3]", "no speaker", text="We act", outcome="unattributed"
    )
    first = chunk(
        "",
        [],
        problems=[
            dropped_then_kept,
            lost,
            actor_elsewhere,
            figure_elsewhere,
            claim_elsewhere,
            unattributed,
        ],
    )
    second = chunk(
        "",
        [JENS],
        quotes=[quote("We act", 0, (10, 16))],
        figures=[full_figure(45, "spies", "exact", "spies", "45", (70, 72), "exact")],
        claims=[claim("Poland expelled 45 spies.", None, 70)],
        problems=[lost],
    )
    merged = merge([first, second])
    assert merged.problems == [lost]


def test_problems_of_a_single_chunk_pass_through() -> None:
    problem = Problem("figure", 0, "numbers[0]", "not in the article", text="987,654")
    only = chunk("s", [JENS], problems=[problem])
    assert merge([only]).problems == [problem]


# -------------------------------------------------------------------- build_brief

TEXT = (
    "Jens Stoltenberg said NATO now has 40,000 troops under its leadership. "
    "Poland expelled 45 spies."
)


def provenance() -> Provenance:
    return Provenance(
        provider="test", model="m", prompt_id="p", prompt_sha256="", created_at=datetime.now(UTC)
    )


def brief_of(grounded: Grounded, warnings: list[str] | None = None):  # noqa: ANN201
    from summarizer.article import Article

    return build_brief(Article(TEXT), grounded, provenance(), warnings or [])


def test_brief_ids_links_and_statuses() -> None:
    grounded = chunk(
        "Jens Stoltenberg said NATO has 40,000 troops under its leadership.",
        [JENS, NATO, actor("Poland", "country")],
        quotes=[quote("NATO now has 40,000 troops", 0, (22, 48))],
        figures=[
            full_figure(40000, "troops", "exact", "troops", "40,000", (35, 41), "exact"),
            full_figure(45, "spies", "exact", "spies", "45", (88, 90), "normalized"),
        ],
        claims=[
            full_claim("NATO now has 40,000 troops.", 0, ((0, 71),)),
            full_claim("Poland expelled spies.", None, ((72, 97),)),
        ],
    )
    brief = brief_of(grounded)
    assert [(a.id, a.name) for a in brief.actors] == [
        ("a1", "Jens Stoltenberg"),
        ("a2", "NATO"),
        ("a3", "Poland"),
    ]
    assert [(q.id, q.speaker, q.speaker_name, q.grounding) for q in brief.quotes] == [
        ("q1", "a1", "Jens Stoltenberg", "exact")
    ]
    assert [(f.id, f.grounding) for f in brief.numbers] == [("n1", "exact"), ("n2", "normalized")]
    assert [(c.id, c.source, c.actors, c.figures) for c in brief.claims] == [
        ("c1", "a1", ["a1", "a2"], ["n1"]),
        ("c2", None, ["a3"], []),
    ]
    assert brief.warnings == []


def test_a_claim_source_is_among_its_actors_even_when_unnamed_in_the_evidence() -> None:
    grounded = chunk(
        "",
        [JENS, actor("Poland", "country")],
        claims=[full_claim("Poland expelled 45 spies.", 0, ((72, 97),))],
    )
    (claim_,) = brief_of(grounded).claims
    assert (claim_.source, claim_.actors) == ("a1", ["a1", "a2"])


def test_an_unsupported_summary_is_flagged() -> None:
    grounded = chunk("Poland expelled 300 spies.", [])
    brief = brief_of(grounded, ["dropped quotes[0]: x"])
    assert brief.summary == "Poland expelled 300 spies."
    assert brief.warnings == [
        "dropped quotes[0]: x",
        "check the summary: the article gives no 300",
    ]


@pytest.mark.parametrize(
    ("summary", "warning"),
    [
        ("NATO has 40,000 troops under Stoltenberg.", None),
        ("Short.", None),
        (
            "Spies and troops were expelled from NATO by Germany.",
            "the article does not mention Germany",
        ),
        (
            "NATO does not have troops under its leadership.",
            "the article says the opposite about 'troop'",
        ),
        (
            "Elephants migrate across savannas during droughts seeking water.",
            "most of its words are not in the article",
        ),
        ("NATO may or may not have troops under its leadership.", None),
    ],
)
def test_summary_checks(summary: str, warning: str | None) -> None:
    brief = brief_of(chunk(summary, []))
    assert brief.warnings == ([f"check the summary: {warning}"] if warning else [])


def test_a_source_named_only_in_another_chunk_is_resolved() -> None:
    first = chunk(
        "",
        [],
        claims=[full_claim("NATO will not send troops.", None, ((5, 30),), "Stoltenberg")],
    )
    merged = merge([first, chunk("", [NATO, JENS])])
    assert [(c.source, c.source_name) for c in merged.claims] == [("a2", None)]
    alone = merge([first])
    assert [(c.source, c.source_name) for c in alone.claims] == [(None, "Stoltenberg")]


def test_a_kept_speaker_wins_over_a_later_missing_one() -> None:
    first = chunk("", [JENS], quotes=[quote("We are determined", 0, (100, 117))])
    second = chunk(
        "", [], quotes=[quote("We are determined to act", None, (100, 124), "the chief")]
    )
    (kept,) = merge([first, second]).quotes
    assert (kept.text, kept.speaker, kept.speaker_name) == (
        "We are determined to act",
        "a1",
        "the chief",
    )
    third = chunk("", [JENS], quotes=[quote("We are determined to act now", 0, (100, 128))])
    (later,) = merge([second, third]).quotes
    assert (later.speaker, later.speaker_name) == ("a1", "the chief")


def test_roles_and_aliases_combine_when_actors_merge() -> None:
    first = chunk("", [actor("Stoltenberg", "person")])
    second = chunk("", [actor("Jens Stoltenberg", "person", "NATO chief", ("Mr. Stoltenberg",))])
    (merged,) = merge([first, second]).actors
    assert (merged.id, merged.name, merged.role, merged.aliases) == (
        "a1",
        "Jens Stoltenberg",
        "NATO chief",
        ["Stoltenberg", "Mr. Stoltenberg"],
    )


@pytest.mark.parametrize(
    ("problem", "kept"),
    [
        (Problem("quote", 0, "q", "r", text="We are determined to act"), True),
        (Problem("quote", 0, "q", "r", text="We are determined to act and to win the war"), False),
        (Problem("quote", 0, "q", "r", text="determined to act now"), True),
        (
            Problem(
                "quote", 0, "q", "r", text="We are determined to act now", outcome="unattributed"
            ),
            True,
        ),
        (
            Problem("quote", 0, "q", "r", text="Ukraine will get arms", outcome="unattributed"),
            False,
        ),
        (
            Problem("claim", 0, "c", "r", text="Poland expelled 45 spies.", outcome="unattributed"),
            False,
        ),
        (Problem("claim", 0, "c", "r", text="NATO will not send troops."), True),
        (
            Problem(
                "claim", 0, "c", "r", text="NATO will not send troops.", outcome="unattributed"
            ),
            True,
        ),
        (Problem("figure", 0, "n", "r", text="45", unit="spies"), True),
        (Problem("figure", 0, "n", "r", text="46", unit="spies"), False),
        # "12 warships" on the article's "12 members": the kept "12" is another figure
        (Problem("figure", 0, "n", "r", text="45", unit="warships"), False),
        (Problem("actor", 0, "a", "r", text="Mr. Stoltenberg"), True),
        (Problem("actor", 0, "a", "r", text="Angela Merkel"), False),
        (Problem("summary", 0, "s", "r", text="A summary."), False),
        (Problem("quote", 0, "q", "r"), False),
    ],
)
def test_a_problem_is_dropped_only_when_the_final_items_hold_its_item(
    problem: Problem, kept: bool
) -> None:
    final = chunk(
        "",
        [JENS],
        quotes=[
            quote("We are determined to act now", 0, (10, 38)),
            quote("Ukraine will get arms", None, (50, 71)),
        ],
        figures=[full_figure(45, "spies", "exact", "spies", "45", (80, 82), "exact")],
        claims=[
            claim("Poland expelled 45 spies.", None, 80),
            claim("NATO will not send troops.", 0, 120),
        ],
    )
    merged = merge([chunk("", [], problems=[problem]), final])
    assert merged.problems == ([] if kept else [problem])


def test_identical_problems_of_overlapping_chunks_are_one_warning() -> None:
    problem = Problem("figure", 0, "numbers[0]", "not in the article", text="987,654")
    again = Problem("figure", 3, "numbers[3]", "not in the article", text="987,654")
    other = Problem("figure", 1, "numbers[1]", "another reason", text="987,654")
    merged = merge([chunk("", [], problems=[problem]), chunk("", [], problems=[again, other])])
    assert merged.problems == [problem, other]


def test_claim_links_need_whole_words_and_figures_inside_the_evidence() -> None:
    text = "Ann Lee said NATO has 40,000 troops. Annual budgets grew by 45 percent."
    grounded = chunk(
        "",
        [actor("Ann", "person"), actor("NATO", "organization")],
        figures=[
            full_figure(40000, "troops", "exact", "troops", "40,000", (22, 28), "exact"),
            full_figure(45, "percent", "exact", "growth", "45 percent", (60, 70), "exact"),
        ],
        claims=[
            full_claim("NATO has forty thousand soldiers.", None, ((0, 36),)),
            full_claim("Budgets grew by 45 percent.", None, ((37, 71),)),
            full_claim("NATO has 40,000 troops.", None, ((37, 71),)),
        ],
    )
    from summarizer.article import Article

    brief = build_brief(Article(text), grounded, provenance(), [])
    assert [(c.actors, c.figures) for c in brief.claims] == [
        (["a1", "a2"], ["n1"]),
        ([], ["n2"]),
        (["a2"], []),
    ]


def test_the_brief_carries_the_article_and_provenance() -> None:
    from summarizer.article import Article

    article = Article(TEXT, title="T", url="https://example.org/a", published="2024-01-02")
    brief = build_brief(article, chunk("", []), provenance(), ["w"])
    ref = brief.article
    assert (ref.id, ref.title, ref.url, ref.published, ref.word_count) == (
        article.id,
        "T",
        "https://example.org/a",
        "2024-01-02",
        article.word_count,
    )
    assert ref.language == "en"
    assert brief.warnings == ["w"] and brief.provenance.provider == "test"


# ------------------------------------------------------------------ exact rules


def test_brief_actors_carry_kind_role_and_aliases() -> None:
    grounded = chunk("", [JENS, BLINKEN, NATO, actor("Poland", "country")])
    assert [(a.id, a.name, a.kind, a.role, a.aliases) for a in brief_of(grounded).actors] == [
        ("a1", "Jens Stoltenberg", "person", "NATO Secretary General", []),
        ("a2", "Antony Blinken", "person", None, ["Blinken"]),
        ("a3", "NATO", "organization", None, []),
        ("a4", "Poland", "country", None, []),
    ]


# (earlier chunks' quotes, a later chunk's quote): the kept quotes (span, speaker). The later
# quote carries speaker 0, so the quote it joins is the one that gets a speaker (and the
# later quote's span when it is the longer).
PASSAGES: dict[str, tuple[list[tuple[int, int]], tuple[int, int], list[tuple]]] = {
    "the tighter overlap wins over the larger one": (
        [(0, 60), (20, 41)],
        (20, 41),
        [((0, 60), None), ((20, 41), 0)],
    ),
    "a candidate starting before the quote is measured from its own start": (
        [(10, 50), (25, 50)],
        (20, 50),
        [((10, 50), None), ((20, 50), 0)],
    ),
    "a candidate starting after the quote is measured from the quote's start": (
        [(30, 50), (20, 45)],
        (20, 50),
        [((20, 50), 0), ((30, 50), None)],
    ),
    "a tie keeps the earlier candidate": (
        [(0, 20), (20, 40)],
        (10, 30),
        [((0, 20), 0), ((20, 40), None)],
    ),
    "a candidate overlapping less than half is passed over for a later one": (
        [(0, 20), (30, 50)],
        (30, 50),
        [((0, 20), None), ((30, 50), 0)],
    ),
    "the shorter earlier quote overlapping by half joins": (
        [(100, 110)],
        (100, 130),
        [((100, 130), 0)],
    ),
    "the shorter later quote overlapping by half joins": (
        [(100, 130)],
        (100, 110),
        [((100, 130), 0)],
    ),
    "two-character quotes apart stay apart": ([(0, 2)], (10, 12), [((0, 2), None), ((10, 12), 0)]),
    "a one-character quote joins its own character": (
        [(10, 12), (10, 11)],
        (10, 11),
        [((10, 11), 0), ((10, 12), None)],
    ),
}


@pytest.mark.parametrize("name", PASSAGES)
def test_a_later_quote_joins_the_passage_it_overlaps_most(name: str) -> None:
    earlier, later, expected = PASSAGES[name]
    first = chunk("", [JENS], quotes=[quote("x" * (b - a), None, (a, b)) for a, b in earlier])
    second = chunk("", [JENS], quotes=[quote("x" * (later[1] - later[0]), 0, later)])
    assert [(place(q), speaker_index(q.speaker)) for q in merge([first, second]).quotes] == expected


def test_a_quote_passes_over_a_passage_of_another_speaker_for_its_own() -> None:
    chunks = [
        chunk("", [JENS, BLINKEN], quotes=[quote("a" * 20, 0, (0, 20))]),
        chunk("", [JENS, BLINKEN], quotes=[quote("a" * 20, 1, (0, 20))]),
        chunk("", [JENS, BLINKEN], quotes=[quote("a" * 20, 1, (0, 20))]),
    ]
    merged = merge(chunks).quotes
    assert [(place(q), speaker_index(q.speaker)) for q in merged] == [((0, 20), 0), ((0, 20), 1)]


def test_a_claim_saying_the_same_at_the_threshold_keeps_its_problem_out() -> None:
    # 4 content words, all in a kept claim of 6: token F1 is exactly SAME_CLAIM (0.8).
    problem = Problem("claim", 0, "c", "r", text="Poland expelled Russian spies.")
    final = chunk(
        "", [], claims=[claim("Poland expelled Russian spies from its capital Warsaw.", None, 0)]
    )
    assert merge([chunk("", [], problems=[problem]), final]).problems == []


SAYS_WORD: list[tuple[str, str, bool]] = [
    ("ann said", "ann", True),
    ("x ann", "ann", True),
    ("xann", "ann", False),
    ("annual", "ann", False),
    ("ann annual", "ann", True),
    ("annual ann annex", "ann", True),
    ("annual annex", "ann", False),
    ("a... b", "..", True),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), SAYS_WORD)
def test_says_word_finds_whole_words_only(text: str, phrase: str, expected: bool) -> None:
    from summarizer.assemble import _says_word

    assert _says_word(text, phrase) is expected


COVERS: list[tuple[str, str, bool]] = [
    ("we are determined to act", "determined", True),
    ("abcdefgh", "abcdefghij", True),  # 8 of 10 characters: exactly the 80% needed
    ("abcdefg", "abcdefghij", False),
    ("a", "abcdefghij", False),
    ("xyz", "abcdefghij", False),
]


@pytest.mark.parametrize(("kept", "words", "expected"), COVERS)
def test_a_kept_quote_covers_the_words_or_most_of_them(
    kept: str, words: str, expected: bool
) -> None:
    from summarizer.assemble import _covers

    assert _covers(kept, words) is expected


# (figure span, claim evidence): whether the claim "NATO has 40,000 troops." links the figure.
FIGURE_INSIDE: list[tuple[tuple[int, int], tuple[int, int], bool]] = [
    ((22, 28), (22, 28), True),
    ((22, 28), (0, 36), True),
    ((22, 28), (23, 36), False),
    ((22, 28), (0, 27), False),
    ((20, 28), (22, 36), False),
]


@pytest.mark.parametrize(("span", "evidence", "linked"), FIGURE_INSIDE)
def test_a_claim_links_a_figure_only_inside_its_evidence(
    span: tuple[int, int], evidence: tuple[int, int], linked: bool
) -> None:
    from summarizer.article import Article

    text = "Ann Lee said NATO has 40,000 troops. Annual budgets grew by 45 percent."
    grounded = chunk(
        "",
        [],
        figures=[full_figure(40000, "troops", "exact", "troops", "40,000", span, "exact")],
        claims=[full_claim("NATO has 40,000 troops.", None, (evidence,))],
    )
    (claim_,) = build_brief(Article(text), grounded, provenance(), []).claims
    assert claim_.figures == (["n1"] if linked else [])


def test_nothing_to_merge_is_an_empty_result() -> None:
    merged = merge([])
    assert (merged.summary, merged.actors, merged.quotes, merged.claims) == ("", [], [], [])
    assert merge([chunk("", []), chunk("", [])]).summary == ""


def test_a_claim_source_follows_its_actor_to_the_merged_index() -> None:
    first = chunk("", [JENS])
    second = chunk("", [NATO, JENS], claims=[claim("NATO will not send troops.", 1, 600)])
    merged = merge([first, second])
    assert [a.name for a in merged.actors] == ["Jens Stoltenberg", "NATO"]
    assert [(c.text, c.source) for c in merged.claims] == [("NATO will not send troops.", "a1")]


def test_claims_of_two_chunks_saying_the_same_at_the_threshold_are_one() -> None:
    # 4 content words, all in the other claim's 6: token F1 is exactly SAME_CLAIM (0.8).
    first = chunk("", [], claims=[claim("Poland expelled Russian spies.", None, 0)])
    second = chunk(
        "", [], claims=[claim("Poland expelled Russian spies from its capital Warsaw.", None, 90)]
    )
    assert [c.text for c in merge([first, second]).claims] == ["Poland expelled Russian spies."]


def test_brief_quotes_and_figures_carry_spans_speakers_and_qualifiers() -> None:
    grounded = chunk(
        "",
        [JENS],
        quotes=[
            quote("NATO now has 40,000 troops", 0, (22, 48)),
            quote("We are ready", None, (60, 72), "the Russian ambassador"),
        ],
        figures=[full_figure(40000, "troops", "about", "troops", "40,000", (35, 41), "exact")],
    )
    brief = brief_of(grounded)
    assert [
        (q.id, q.speaker, q.speaker_name, [(s.start, s.end) for s in q.spans]) for q in brief.quotes
    ] == [
        ("q1", "a1", "Jens Stoltenberg", [(22, 48)]),
        ("q2", None, "the Russian ambassador", [(60, 72)]),
    ]
    assert [(f.id, f.qualifier, [(s.start, s.end) for s in f.spans]) for f in brief.numbers] == [
        ("n1", "about", [(35, 41)])
    ]


# (actor, claim text): whether the claim links the actor. Forms of one character are too
# short to link; two characters are enough. The claim's two evidence spans name no one.
CLAIM_ACTORS: list[tuple[Actor, str, bool]] = [
    (actor("EU", "organization"), "The EU agreed.", True),
    (actor("European Union", "organization", None, ("X",)), "X marks the spot.", False),
    (actor("XX", "organization"), "Nothing was agreed.", False),
]


@pytest.mark.parametrize(("actor", "text", "linked"), CLAIM_ACTORS)
def test_a_claim_links_actors_by_their_forms_of_two_characters_or_more(
    actor: Actor, text: str, linked: bool
) -> None:
    from summarizer.article import Article

    article = "One day passed. Then another day passed."
    grounded = chunk("", [actor], claims=[full_claim(text, None, ((0, 15), (16, 40)))])
    (claim_,) = build_brief(Article(article), grounded, provenance(), []).claims
    assert claim_.actors == (["a1"] if linked else [])


def test_a_brief_claim_names_its_source_by_actor_only() -> None:
    # a source no listed actor holds is kept by name while grounding, not in the brief
    grounded = chunk(
        "",
        [actor("Poland", "country")],
        claims=[full_claim("Poland expelled 45 spies.", None, ((72, 97),), "an official")],
    )
    (claim_,) = brief_of(grounded).claims
    assert (claim_.source, claim_.source_name) == (None, None)
