"""Splitting long articles: exact chunk boundaries for budgets and overlaps."""

from __future__ import annotations

import pytest

from summarizer.chunking import split_article

# Six paragraphs of 39 characters, separated by blank lines: P0 at 0, P1 at 41, P2 at 82 ...
PARAGRAPHS = "\n\n".join(f"P{i} " + "x" * 36 for i in range(6))
SENTENCES = "Aaaa bbbb cccc. Dddd eeee ffff. " * 3  # one paragraph, six sentences of 15
WORDS = " ".join(["word"] * 30)  # one sentence of 149 characters

ROWS: dict[str, tuple[str, int, int, list[tuple[int, int]]]] = {
    "a text within the budget is one chunk": (PARAGRAPHS, 1000, 45, [(0, 244)]),
    "exactly the budget is one chunk": (PARAGRAPHS, 244, 45, [(0, 244)]),
    "two paragraphs a chunk, one repeated": (
        PARAGRAPHS,
        100,
        45,
        [(0, 80), (41, 121), (82, 162), (123, 203), (164, 244)],
    ),
    "no overlap": (PARAGRAPHS, 100, 0, [(0, 80), (82, 162), (164, 244)]),
    "an overlap smaller than a paragraph repeats none": (
        PARAGRAPHS,
        100,
        38,
        [(0, 80), (82, 162), (164, 244)],
    ),
    "three paragraphs a chunk, two repeated": (
        PARAGRAPHS,
        130,
        90,
        [(0, 121), (41, 162), (82, 203), (123, 244)],
    ),
    "a long paragraph is cut at sentences": (
        SENTENCES.strip(),
        40,
        10,
        [(0, 31), (32, 63), (64, 95)],
    ),
    "a long sentence is cut at spaces": (WORDS, 50, 0, [(0, 49), (50, 99), (100, 149)]),
}


@pytest.mark.parametrize("name", ROWS)
def test_split_article(name: str) -> None:
    text, budget, overlap, expected = ROWS[name]
    chunks = split_article(text, budget, overlap)
    assert [(c.start, c.end) for c in chunks] == expected
    assert all(c.end - c.start <= budget for c in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(text.rstrip())
    covered = set()
    for c in chunks:
        covered |= set(range(c.start, c.end))
    assert all(i in covered for i, ch in enumerate(text.rstrip()) if not ch.isspace())


def test_overlap_repeats_whole_paragraphs_of_the_previous_chunk() -> None:
    first, second, *_ = split_article(PARAGRAPHS, 100, 45)
    assert PARAGRAPHS[second.start : first.end] == "P1 " + "x" * 36


UNIT_ROWS: dict[str, tuple[str, int, list[tuple[int, int]]]] = {
    "a paragraph of exactly the budget stays whole": ("Aaaa bbbb. Cccc dddd.", 21, [(0, 21)]),
    "a longer paragraph is cut at its sentences": (
        "Aaaa bbbb. Cccc dddd.",
        20,
        [(0, 10), (11, 21)],
    ),
    "a sentence of exactly the budget is not cut": (
        "Aaaa bbbb. Cccc dddd.",
        10,
        [(0, 10), (11, 21)],
    ),
    "a long sentence is cut at its last space before the budget": (
        "aa bb cc dd ee ff",
        8,
        [(0, 5), (6, 11), (12, 17)],
    ),
    "a long sentence after another paragraph is cut within itself": (
        "Intro line.\n\naa bb cc dd ee ff",
        12,
        [(13, 24), (25, 30)],
    ),
    "a short paragraph after another stays whole": (
        "Aaaa bbbb.\n\nCc. Dd.",
        10,
        [(0, 10), (12, 19)],
    ),
    "a word longer than the budget is cut at the budget": (
        "x" * 25,
        10,
        [(0, 10), (10, 20), (20, 25)],
    ),
}


@pytest.mark.parametrize("name", UNIT_ROWS)
def test_units(name: str) -> None:
    from summarizer.chunking import _units

    text, budget, expected = UNIT_ROWS[name]
    units = [(u.start, u.end) for u in _units(text, budget)]
    if name.startswith("a long sentence after"):
        units = units[1:]  # the intro line is its own unit
    assert units == expected


def test_a_text_within_the_budget_is_returned_whole_with_its_whitespace() -> None:
    assert [(c.start, c.end) for c in split_article("Hello world.\n", 13, 0)] == [(0, 13)]


def test_a_text_of_blank_lines_over_the_budget_has_no_chunks() -> None:
    assert split_article(" \n\t\n" * 10, 10, 0) == []


def test_two_paragraphs_filling_the_budget_exactly_are_one_chunk() -> None:
    chunks = split_article(PARAGRAPHS, 80, 0)
    assert [(c.start, c.end) for c in chunks][:2] == [(0, 80), (82, 162)]


def test_an_overlap_of_exactly_one_paragraph_repeats_it() -> None:
    # P1 runs from 41 to 80: 39 characters, the overlap allowed.
    assert [(c.start, c.end) for c in split_article(PARAGRAPHS, 100, 39)][:2] == [
        (0, 80),
        (41, 121),
    ]


def test_an_overlap_larger_than_a_chunk_still_moves_on() -> None:
    chunks = split_article(PARAGRAPHS, 100, 1000)
    assert [(c.start, c.end) for c in chunks] == [
        (0, 80),
        (41, 121),
        (82, 162),
        (123, 203),
        (164, 244),
    ]
