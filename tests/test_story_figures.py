"""Figures of a story: what counts as one quantity, when values conflict, how lines form."""

from __future__ import annotations

import math

import pytest
from fakes.stories import figure

from summarizer.daily.storyfigures import (
    SourcedFigure,
    compatible,
    line_up,
    meaning,
    same_quantity,
    value_range,
)
from summarizer.schema import Figure, Span


@pytest.mark.parametrize(
    ("what", "unit", "expected"),
    [
        ("people killed", "people", {"death"}),
        ("death toll", "people", {"death"}),
        ("number of deaths", "", {"death"}),
        ("people who died in the fire", "people", {"death", "fire"}),
        ("people injured", "people", {"injury"}),
        ("wounded soldiers", "soldiers", {"injury"}),
        ("estimated total cost of the bridge", "USD", {"cost", "bridge"}),
        ("votes for Clinton in Ohio", "votes", {"clinton", "ohio"}),
        ("share of the vote", "percent", {"vote"}),
        ("people", "people", set()),
        ("ago", "years", set()),
        ("age", "years", set()),
        ("height and weight", "", set()),
        ("age of the driver", "years", {"age", "driver"}),
        ("", "people", set()),
        ("2016", "", set()),
        # a fragment cut out of the sentence is no meaning; a description is
        ("we count every day how", "weeks", set()),
        ("and has moved", "kilometres per hour", set()),
        ("to keep all of their", "USD", set()),
        ("Wikinews interviewed one of the", "wikinews", set()),
        ("of military conflict", "decades", {"military", "conflict"}),
        # an age, or a bare time word, says nothing of what is counted
        ("old", "years", set()),
        ("today", "percent", set()),
    ],
)
def test_meaning_keeps_only_the_words_that_say_what_is_counted(
    what: str, unit: str, expected: set[str]
) -> None:
    assert meaning(what, unit) == frozenset(expected)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # same meaning, units written differently
        (("people killed", "people"), ("death toll", "persons"), True),
        (("cost of the bridge", "USD"), ("bridge cost", "dollars"), True),
        (("officers killed", "police officers"), ("officers killed", "officers"), True),
        # different units
        (("cost of the bridge", "USD"), ("cost of the bridge", "EUR"), False),
        (("people killed", "people"), ("people killed", "percent"), False),
        # different meanings
        (("people killed", "people"), ("people injured", "people"), False),
        (("votes for Clinton", "votes"), ("votes for Sanders", "votes"), False),
        (("people killed", "people"), ("police officers killed", "people"), False),
        (("people killed", "people"), ("people killed in the stampede", "people"), False),
        # a figure without a unit or a meaning is never the same as another
        (("people killed", ""), ("people killed", ""), False),
        (("people", "people"), ("people", "people"), False),
    ],
)
def test_same_quantity_needs_agreeing_units_and_equal_meanings(
    a: tuple[str, str], b: tuple[str, str], same: bool
) -> None:
    first = figure("n1", 1, a[1], a[0])
    second = figure("n2", 2, b[1], b[0])
    assert same_quantity(first, second) is same
    assert same_quantity(second, first) is same


@pytest.mark.parametrize(
    ("value", "qualifier", "low", "high"),
    [
        (345, "exact", 345, 345),
        (350, "about", 315, 385),
        (300, "at least", 300, math.inf),
        (300, "more than", 300, math.inf),
        (400, "at most", -math.inf, 400),
        (400, "less than", -math.inf, 400),
        (400, "up to", -math.inf, 400),
        (5, "within", -math.inf, 5),
        (-20, "about", -22, -18),
    ],
)
def test_a_qualifier_is_a_range_of_values(
    value: float, qualifier: str, low: float, high: float
) -> None:
    assert value_range(value, qualifier) == pytest.approx((low, high))


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ((345, "exact"), (363, "exact"), False),
        ((345, "exact"), (346, "exact"), True),  # within 0.5%
        ((345, "exact"), (348, "exact"), False),
        ((300, "at least"), (345, "exact"), True),
        ((400, "at least"), (345, "exact"), False),
        ((300, "at least"), (299, "exact"), True),  # within 0.5%
        ((350, "about"), (363, "exact"), True),
        ((300, "about"), (363, "exact"), False),
        ((400, "at most"), (345, "exact"), True),
        ((300, "less than"), (345, "exact"), False),
        ((300, "more than"), (200, "less than"), False),
        ((300, "at least"), (500, "up to"), True),
        ((300, "at least"), (400, "more than"), True),
    ],
)
def test_reports_conflict_only_when_their_ranges_do_not_meet(
    a: tuple[float, str], b: tuple[float, str], ok: bool
) -> None:
    assert compatible(a, b) is ok
    assert compatible(b, a) is ok


def _sourced(article: str, outlet: str, *figures: Figure, place: int = 0) -> list[SourcedFigure]:
    return [SourcedFigure(f, article, outlet, (place, place)) for f in figures]


def test_outlets_reporting_different_tolls_are_one_line_with_a_conflict() -> None:
    lines = line_up(
        _sourced("A", "Times", figure("n1", 345, "people", "people killed"), place=0)
        + _sourced("B", "Post", figure("n1", 363, "people", "death toll"), place=1)
        + _sourced("C", "Globe", figure("n4", 300, "people", "deaths", "at least"), place=2)
    )
    assert len(lines) == 1
    line = lines[0]
    assert (line.id, line.on_page, line.conflict) == ("n1", True, True)
    assert [(r.outlet, r.value, r.qualifier) for r in line.reports] == [
        ("Times", 345, "exact"),
        ("Post", 363, "exact"),
        ("Globe", 300, "at least"),
    ]
    assert [(d.first, d.second, d.same_article) for d in line.disagreements] == [(0, 1, False)]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("people killed", "people", "exact", 345), ("people killed", "USD", "exact", 363)),
        (("people killed", "people", "exact", 345), ("people injured", "people", "exact", 363)),
        (("people killed", "people", "at least", 300), ("people killed", "people", "exact", 345)),
        (("people killed", "people", "about", 350), ("people killed", "people", "exact", 363)),
        (("people killed", "people", "exact", 345), ("people killed", "people", "exact", 345.5)),
    ],
)
def test_no_false_conflict(
    first: tuple[str, str, str, float], second: tuple[str, str, str, float]
) -> None:
    lines = line_up(
        _sourced("A", "Times", figure("n1", first[3], first[1], first[0], first[2]))
        + _sourced("B", "Post", figure("n1", second[3], second[1], second[0], second[2]), place=1)
    )
    assert not any(line.conflict for line in lines)


def test_a_conflict_inside_one_article_is_flagged_as_such() -> None:
    lines = line_up(
        _sourced(
            "A",
            "Times",
            figure("n1", 345, "people", "people killed", start=10),
            figure("n2", 363, "people", "people killed", start=90),
        )
    )
    assert len(lines) == 1
    assert [(d.first, d.second, d.same_article) for d in lines[0].disagreements] == [(0, 1, True)]


def test_articles_do_not_disagree_when_one_also_gives_the_others_value() -> None:
    lines = line_up(
        _sourced(
            "A",
            "Wire",
            figure("n1", 107, "delegates", "delegates at stake", start=10),
            figure("n2", 214, "delegates", "delegates at stake", start=90),
        )
        + _sourced(
            "B",
            "Wire",
            figure("n1", 107, "delegates", "delegates at stake", start=10),
            figure("n2", 214, "delegates", "delegates at stake", start=90),
            place=1,
        )
        + _sourced("C", "Post", figure("n1", 300, "delegates", "delegates at stake"), place=2)
        + _sourced("D", "Globe", figure("n1", 214, "delegates", "delegates at stake"), place=3)
    )
    [line] = lines
    values = [(r.article_id, r.value) for r in line.reports]
    pairs = {(values[d.first], values[d.second], d.same_article) for d in line.disagreements}
    assert pairs == {
        (("A", 107), ("A", 214), True),
        (("B", 107), ("B", 214), True),
        # C gives neither value: it disagrees with each of A's, B's and D's
        (("A", 107), ("C", 300), False),
        (("A", 214), ("C", 300), False),
        (("B", 107), ("C", 300), False),
        (("B", 214), ("C", 300), False),
        (("C", 300), ("D", 214), False),
        # D's 214 is one of A's and B's values: no disagreement with their 107
    }


def test_an_article_repeating_a_figure_is_one_report_with_both_spans() -> None:
    lines = line_up(
        _sourced(
            "A",
            "Times",
            figure("n1", 345, "people", "people killed", start=10),
            figure("n2", 345, "people", "people killed", start=90),
        )
    )
    (report,) = lines[0].reports
    assert [(s.start, s.end) for s in report.spans] == [(10, 13), (90, 93)]
    assert not lines[0].conflict


def test_figures_without_unit_or_meaning_stay_in_the_json_but_not_on_the_page() -> None:
    lines = line_up(
        _sourced(
            "A",
            "Times",
            figure("n1", 12, "", "people killed"),
            figure("n2", 8, "years", "ago"),
            figure("n3", 8, "years", "ago"),
            figure("n4", 5, "people", "people injured"),
        )
    )
    assert [(line.what, line.on_page, len(line.reports)) for line in lines] == [
        ("people killed", False, 1),
        ("ago", False, 1),
        ("ago", False, 1),
        ("people injured", True, 1),
    ]
    assert not any(line.conflict for line in lines)


def test_lines_with_a_conflict_come_first_then_those_more_outlets_report() -> None:
    lines = line_up(
        _sourced("A", "Times", figure("n1", 7, "people", "people injured"))
        + _sourced("A", "Times", figure("n2", 20, "USD", "ticket price"))
        + _sourced("B", "Post", figure("n1", 20, "dollars", "ticket price"), place=1)
        + _sourced("A", "Times", figure("n3", 4, "people", "people killed"))
        + _sourced("B", "Post", figure("n2", 5, "people", "people killed"), place=1)
    )
    assert [(line.id, line.what, line.conflict) for line in lines] == [
        ("n1", "people killed", True),
        ("n2", "ticket price", False),
        ("n3", "people injured", False),
    ]


@pytest.mark.parametrize(
    ("text", "low", "high", "range_"),
    [
        ("They write 15 to 20 headline ideas a day.", "15", "20", True),
        ("They write 600-800 headline ideas.", "600", "800", True),
        ("They write 600 \u2013 800 headline ideas.", "600", "800", True),
        ("They write 15 or 20 headline ideas.", "15", "20", True),
        ("They write 15 headline ideas; last year it was 20 headline ideas.", "15", "20", False),
    ],
)
def test_two_numbers_of_one_range_do_not_disagree(
    text: str, low: str, high: str, range_: bool
) -> None:
    def at(id: str, number: str) -> Figure:
        start = text.index(number)
        found = figure(id, float(number), "ideas", "headline ideas")
        return found.model_copy(update={"spans": [Span(start=start, end=start + len(number))]})

    pair = [at("n1", low), at("n2", high)]
    (line,) = line_up([SourcedFigure(f, "A", "Times", text=text) for f in pair])
    assert line.conflict is not range_
