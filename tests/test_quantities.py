"""Reading numbers in text: one row per way articles write a quantity."""

from __future__ import annotations

import pytest

from summarizer.quantities import (
    RATIO,
    TIMES_WORDS,
    UNIT_AND_A_HALF,
    WORD_QUANTITY,
    find_numbers,
    parse_number,
    ratio_percent,
    rounds_to,
    same_value,
    shared_scale,
    values_agree,
)

# text -> [(start, end, surface, value, currency, percent, spelled)]
ROWS: dict[str, list[tuple[int, int, str, float, str | None, bool, bool]]] = {
    "NATO has 40,000 troops": [(9, 15, "40,000", 40_000, None, False, False)],
    "a budget of NZ$26 million": [(12, 25, "NZ$26 million", 26_000_000, "NZ$", False, False)],
    "damages of US$ 10 billion": [(11, 25, "US$ 10 billion", 1e10, "US$", False, False)],
    "2.5bn euros": [(0, 5, "2.5bn", 2.5e9, None, False, False)],
    "\u20ac3.2 trillion": [(0, 13, "\u20ac3.2 trillion", 3.2e12, "\u20ac", False, False)],
    "58% of voters": [(0, 3, "58%", 58, None, True, False)],
    "up 10 per cent": [(3, 14, "10 per cent", 10, None, True, False)],
    "12 percent more": [(0, 10, "12 percent", 12, None, True, False)],
    "twenty-five people": [(0, 11, "twenty-five", 25, None, False, True)],
    "Seventeen years ago": [(0, 9, "Seventeen", 17, None, False, True)],
    "a dozen eggs": [(0, 7, "a dozen", 12, None, False, True)],
    "half a dozen eggs": [(0, 12, "half a dozen", 6, None, False, True)],
    "half of them": [(0, 4, "half", 50, None, True, True)],
    "a quarter of a million dollars": [
        (0, 22, "a quarter of a million", 250_000, None, False, True)
    ],
    "three quarters of a million": [
        (0, 27, "three quarters of a million", 750_000, None, False, True)
    ],
    "a quarter-million fans": [(0, 17, "a quarter-million", 250_000, None, False, True)],
    "two thirds agreed": [(0, 10, "two thirds", 200 / 3, None, True, True)],
    "three quarters": [(0, 14, "three quarters", 75, None, True, True)],
    "the G20 summit": [],
    "Flight MH370 vanished": [],
    "in 1945": [(3, 7, "1945", 1945, None, False, False)],
    "5m people": [(0, 2, "5m", 5e6, None, False, False)],
    "5 m away": [(0, 1, "5", 5, None, False, False)],
    "$5 m raised": [(0, 4, "$5 m", 5e6, "$", False, False)],
    "3k runners": [(0, 2, "3k", 3000, None, False, False)],
    "five k": [(0, 4, "five", 5, None, False, True)],
    ".5 points": [(0, 2, ".5", 0.5, None, False, False)],
    "1,200 and 3.5": [
        (0, 5, "1,200", 1200, None, False, False),
        (10, 13, "3.5", 3.5, None, False, False),
    ],
    "two hundred thousand": [(0, 20, "two hundred thousand", 200_000, None, False, True)],
}


@pytest.mark.parametrize("text", ROWS)
def test_find_numbers(text: str) -> None:
    got = [
        (m.start, m.end, m.text, m.value, m.currency, m.percent, m.spelled)
        for m in find_numbers(text)
    ]
    assert got == [(a, b, s, pytest.approx(v), c, p, sp) for a, b, s, v, c, p, sp in ROWS[text]]
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text


def test_find_numbers_in_a_window_keeps_article_offsets() -> None:
    text = "In 2020, 45 spies and 12 diplomats left."
    assert [(m.start, m.text) for m in find_numbers(text, 8, 30)] == [(9, "45"), (22, "12")]


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (100, 100, True),
        (100, 100.5, True),
        (100, 100.6, False),
        (0, 0, True),
        (0, 0.001, False),
        (-5, -5.02, True),
        (33.33, 100 / 3, True),
        (33.0, 100 / 3, False),
    ],
)
def test_values_agree_within_half_a_percent(a: float, b: float, agree: bool) -> None:
    assert values_agree(a, b) is agree
    assert values_agree(b, a) is agree


def test_values_agree_with_a_wider_tolerance() -> None:
    assert values_agree(100, 101, tolerance=0.01)
    assert not values_agree(100, 102, tolerance=0.01)


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("one in three voters", 100 / 3),
        ("2 out of 5 people", 40.0),
        ("1 in 10", 10.0),
        ("nine in ten", 90.0),
        ("eleven in ten", None),
        ("three of five", None),
    ],
)
def test_ratio_percent(text: str, share: float | None) -> None:
    got = ratio_percent(text)
    assert got == (pytest.approx(share) if share is not None else None)


def test_word_quantities_and_ratios_are_found_by_their_patterns() -> None:
    found = [m.group(0) for m in WORD_QUANTITY.finditer("twice, dozens, a 3-fold rise, 1 in 4")]
    assert found == ["twice", "dozens", "3-fold", "1 in 4"]
    assert RATIO.search("half") is None


def test_parse_number_reads_the_first_number() -> None:
    assert parse_number("about 2.5 million people and 3 cars") == 2_500_000
    assert parse_number("no number here") is None


@pytest.mark.parametrize(
    ("declared", "stated", "same"),
    [
        (45, 45, True),
        (40007, 40000, False),
        (45.0, 45.2, True),
        (33.33, 100 / 3, True),
        (2_500_000, 2_500_000.0, True),
    ],
)
def test_same_value_asks_whole_numbers_to_be_equal(
    declared: float, stated: float, same: bool
) -> None:
    assert same_value(declared, stated) is same


@pytest.mark.parametrize(
    ("rounded", "exact", "agree"),
    [
        (46_000, 45_756, True),
        (10_000, 9_998, True),
        (1_000_000, 1_234_567, True),
        (45_800, 45_756, True),
        (45_700, 45_756, False),
        (20, 19, False),
        (2000, 1993, False),
        (9_990, 9_987, False),
        (45_760, 45_756, False),
        (0, 0.4, False),
    ],
)
def test_rounds_to_only_for_large_round_numbers(rounded: float, exact: float, agree: bool) -> None:
    assert rounds_to(rounded, exact) is agree


def test_values_agree_includes_the_exact_boundary() -> None:
    assert values_agree(199, 200)  # 1 is 0.5% of 200
    assert not values_agree(198.9, 200)


MORE_ROWS: dict[str, list[tuple[int, int, str, float]]] = {
    "G7 leaders": [],
    "a dozen eggs and 3 cartons": [(0, 7, "a dozen", 12), (17, 18, "3", 3)],
    "5 b": [(0, 1, "5", 5)],
    "5b": [(0, 2, "5b", 5e9)],
    "$5b raised": [(0, 3, "$5b", 5e9)],
    "X1 and 2": [(7, 8, "2", 2)],
    "\u20ac12": [(0, 3, "\u20ac12", 12)],
}


@pytest.mark.parametrize("text", MORE_ROWS)
def test_more_numbers(text: str) -> None:
    got = [(m.start, m.end, m.text, m.value) for m in find_numbers(text)]
    assert got == [(a, b, s, pytest.approx(v)) for a, b, s, v in MORE_ROWS[text]]


def test_currency_is_kept_on_phrases_and_digits() -> None:
    (mention,) = find_numbers("US$ a million")
    assert (mention.currency, mention.value) == ("US$", 1e6)
    (money,) = find_numbers("NZ$1,200")
    assert (money.currency, money.value) == ("NZ$", 1200)


def test_a_window_ends_where_asked() -> None:
    text = "In 2020, 45 spies and 12 diplomats left, then 7 more."
    assert [m.text for m in find_numbers(text, 8, 30)] == ["45", "12"]
    assert [m.text for m in find_numbers(text, 8)] == ["45", "12", "7"]


def test_a_ratio_over_zero_is_no_share() -> None:
    assert ratio_percent("1 in 0 cases") is None


# text -> [(start, end, surface, value, percent, spelled)] for the number words that join up
JOINED_ROWS: dict[str, list[tuple[int, int, str, float, bool, bool]]] = {
    # a spelled numerator over an ordinal is a share of a whole, in percent
    "three-fourths of members": [(0, 13, "three-fourths", 75, True, True)],
    "Two Fifths agreed": [(0, 10, "Two Fifths", 40, True, True)],
    "one-tenth and 12 more": [
        (0, 9, "one-tenth", 10, True, True),
        (14, 16, "12", 12, False, False),
    ],
    "seven eighths, then 3": [
        (0, 13, "seven eighths", 87.5, True, True),
        (20, 21, "3", 3, False, False),
    ],
    # the words after "hundred" add to it, with or without "and"
    "a hundred and twenty people": [(0, 20, "a hundred and twenty", 120, False, True)],
    "a hundred and\nfifty": [(0, 19, "a hundred and\nfifty", 150, False, True)],
    "two hundred and fifty": [(0, 21, "two hundred and fifty", 250, False, True)],
    "three hundred twelve": [(0, 20, "three hundred twelve", 312, False, True)],
    # digits before "hundred" take the scale but not the words after it
    "100 hundred and five": [(0, 11, "100 hundred", 10_000, False, False)],
    # "and a half" adds one half before the scale
    "two and a half years": [(0, 14, "two and a half", 2.5, False, True)],
    "3 and a half million": [(0, 20, "3 and a half million", 3_500_000, False, False)],
    # a lone "m" after a space is metres: the number ends before it, the half kept
    "2 and a half m away": [(0, 12, "2 and a half", 2.5, False, False)],
    "five m high": [(0, 4, "five", 5, False, True)],
}


@pytest.mark.parametrize("text", JOINED_ROWS)
def test_number_words_join_into_one_value(text: str) -> None:
    got = [(m.start, m.end, m.text, m.value, m.percent, m.spelled) for m in find_numbers(text)]
    assert got == [(a, b, s, pytest.approx(v), p, sp) for a, b, s, v, p, sp in JOINED_ROWS[text]]


@pytest.mark.parametrize(
    ("text", "factor"),
    [
        ("five or six thousand", 1000.0),
        ("$2-3 million", 1e6),
        ("1.5 to 2 billion", 1e9),
        ("two and three hundred", 100.0),
        ("10 \u2013 20 thousand", 1000.0),
        # the first end has its own scale, or is no smaller than the last end's digits
        ("two thousand or three million", 1.0),
        ("500 and 2 million", 1.0),
        ("3 or 3 million", 1.0),
        # only a range joiner makes one scale shared
        ("two, three thousand", 1.0),
        ("five or six people", 1.0),
    ],
)
def test_shared_scale_of_two_joined_numbers(text: str, factor: float) -> None:
    first, last = find_numbers(text)[:2]
    assert shared_scale(text, first, last) == factor


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a year and a half", "a year and a half"),
        ("an hour and a half", "an hour and a half"),
        ("one month and a half", "one month and a half"),
        ("a half", None),
        ("a year and half", None),
    ],
)
def test_one_unit_and_a_half(text: str, found: str | None) -> None:
    m = UNIT_AND_A_HALF.search(text)
    assert (m.group(0) if m else None) == found


def test_once_is_a_quantity_only_before_a_rate_or_an_alternative() -> None:
    text = "once a week, once per year, once every day, once each month, once or twice, once upon"
    found = [m.start() for m in WORD_QUANTITY.finditer(text) if m.group(0) == "once"]
    assert found == [0, 13, 28, 44, 61]
    assert TIMES_WORDS == {"once": 1.0, "twice": 2.0, "thrice": 3.0}
