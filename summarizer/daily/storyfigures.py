"""A story's figures lined up by quantity, with the values that cannot all be true flagged.

Two figures are the same quantity when their units agree (the eval's unit
rules: ``USD`` = ``$`` = ``dollars``; ``police officers`` = ``officers``) and
their meanings are equal. The meaning of a figure is the set of content words
of its ``what`` (stemmed), without the unit's own words and without words that
do not say *what* is counted ("number", "total", "estimated", "share", "ago"), and
with the usual casualty words folded together ("killed", "dead", "deaths",
"death toll" all mean ``death``; "injured", "wounded" mean ``injury``).
Meanings must be equal, not merely overlap: "people killed" and "police
officers killed" are different quantities, and so (a missed line-up rather
than a false conflict) are "people killed" and "people killed in the
stampede". A ``what`` that is a cut-off fragment of the sentence rather than a
description ("we count every day how", "and has moved", "to keep all of their":
it starts with a conjunction, a pronoun or "to", or ends in a function word)
is no meaning either, nor is a bare time word ("today") or an age ("old").

Each report is read as the range of values its qualifier allows (``exact``:
the value; ``about``: ±10%; ``at least`` / ``more than``: from the value up;
``at most`` / ``less than`` / ``up to`` / ``within``: up to the value). Two
reports disagree when their ranges do not meet, give or take 0.5% (the eval's
tolerance for equal values): 345 and 363 disagree; "at least 300" and 345,
or 345 and 346, do not. Two numbers of one article written as a range
("15 to 20 ideas") do not disagree, and two articles do not disagree when one of
them also gives the other's value (one gives 107 and 214 "delegates at stake",
the other 107 or both): an article's own two values are flagged on their own.
A measure alone ("age", "height") does not say whose it is, so it is no meaning.
Figures without a unit or a meaning stay in the story's JSON but are not lined up
with others and not shown on the page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..sameness import normalise_unit, units_agree
from ..schema import Figure
from ..text import STOPWORDS, content_tokens, stem, words
from .storymodel import Disagreement, FigureLine, FigureReport, ItemRef

EXACT_TOLERANCE = 0.005
ABOUT_TOLERANCE = 0.10
_GENERIC = frozenset(
    stem(w)
    for w in """number numbers total count figure amount value estimate estimated reported least
    approximately roughly nearly almost around overall than share proportion percentage part
    ago earlier later since today yesterday tomorrow now currently""".split()
)
# A measure alone does not say of what: "age" 40 and "age" 80 are two people's ages.
_ATTRIBUTES = frozenset(
    stem(w) for w in "age old height weight size length width depth distance duration time".split()
)
# How a fragment cut out of a sentence starts (a description does not).
_FRAGMENT_START = frozenset(
    """and or but nor so yet to we i you he she it they who whom whose which that this these
    those there here""".split()
)
# Words between two numbers of one article that make them one range ("15 to 20").
_RANGE = re.compile(r"\s*(?:-|\u2013|\u2014|to|and|or)\s*", re.IGNORECASE)
_RANGE_GAP = 12
_DEATH = "kill killed killing dead death deaths die died dying toll fatality fatalities fatal"
_INJURY = "injured injury injuries wounded wound hurt"
_CASUALTIES = {
    **{stem(w): "death" for w in _DEATH.split()},
    **{stem(w): "injury" for w in _INJURY.split()},
}
_LOWER = ("at most", "less than", "up to", "within")
_UPPER = ("at least", "more than")


def is_fragment(what: str) -> bool:
    """``what`` is a piece cut out of a sentence, not a description of what is counted."""
    tokens = words(what)
    return bool(tokens) and (tokens[0] in _FRAGMENT_START or tokens[-1] in STOPWORDS)


def meaning(what: str, unit: str) -> frozenset[str]:
    """What a figure counts, as a set of folded words (empty: it does not say)."""
    if is_fragment(what):
        return frozenset()
    unit_words = {stem(w) for w in words(normalise_unit(unit))} | {stem(w) for w in words(unit)}
    out = set()
    for token in content_tokens(what):
        token = _CASUALTIES.get(token, token)
        if token not in unit_words and token not in _GENERIC and not token.isdigit():
            out.add(token)
    return frozenset() if out <= _ATTRIBUTES else frozenset(out)


def unit_key(unit: str) -> str:
    """The head noun of the normalised unit ("" when there is none)."""
    normal = normalise_unit(unit).split()
    return normal[-1] if normal else ""


def same_quantity(a: Figure, b: Figure) -> bool:
    """Both figures have a unit and a meaning, their units agree and their meanings are equal."""
    mine = meaning(a.what, a.unit)
    return bool(mine and unit_key(a.unit) and unit_key(b.unit)) and (
        units_agree(a.unit, b.unit) and mine == meaning(b.what, b.unit)
    )


def value_range(value: float, qualifier: str) -> tuple[float, float]:
    """The values a report with this qualifier allows (bounds included)."""
    if qualifier in _UPPER:
        return value, math.inf
    if qualifier in _LOWER:
        return -math.inf, value
    if qualifier == "about":
        return value - ABOUT_TOLERANCE * abs(value), value + ABOUT_TOLERANCE * abs(value)
    return value, value


def compatible(a: tuple[float, str], b: tuple[float, str]) -> bool:
    """Two (value, qualifier) reports can both be true: their ranges meet, give or take
    0.5% of the larger value (the eval's tolerance for equal values)."""
    low_a, high_a = value_range(*a)
    low_b, high_b = value_range(*b)
    slack = EXACT_TOLERANCE * max(abs(a[0]), abs(b[0]))
    return low_a <= high_b + slack and low_b <= high_a + slack


def is_range(text: str, a: ItemRef, b: ItemRef) -> bool:
    """Two figures of one article written as one range: "15 to 20", "600-800"."""
    for x in a.spans:
        for y in b.spans:
            first, second = (x, y) if x.start <= y.start else (y, x)
            gap = text[first.end : second.start]
            if 0 <= len(gap) <= _RANGE_GAP and _RANGE.fullmatch(gap):
                return True
    return False


@dataclass(frozen=True)
class SourcedFigure:
    """A figure of one article's brief, with where it comes from."""

    figure: Figure
    article_id: str
    outlet: str
    order: tuple[int, int] = (0, 0)  # (outlet, article) place in the story
    text: str = field(default="", repr=False)  # the article text the spans index


def line_up(figures: Sequence[SourcedFigure]) -> list[FigureLine]:
    """The story's figures as lines of one quantity each, ids ``n1``, ``n2``, ...

    Lines with a disagreement come first, then lines more outlets report, then in
    order of first appearance.
    """
    groups: dict[tuple[str, frozenset[str]] | int, list[SourcedFigure]] = {}
    for i, item in enumerate(figures):
        f = item.figure
        key = (unit_key(f.unit), meaning(f.what, f.unit))
        on_page = bool(key[0] and key[1])
        groups.setdefault(key if on_page else i, []).append(item)
    lines = [_line(members) for members in groups.values()]
    lines.sort(key=lambda line: (not line.conflict, -len({r.outlet for r in line.reports})))
    return [line.model_copy(update={"id": f"n{k + 1}"}) for k, line in enumerate(lines)]


def _line(members: list[SourcedFigure]) -> FigureLine:
    reports = _reports(sorted(members, key=lambda m: m.order))
    first = members[0].figure
    texts = {m.article_id: m.text for m in members}
    disagreements = [
        Disagreement(first=i, second=j, same_article=a.article_id == b.article_id)
        for (i, a), (j, b) in combinations(enumerate(reports), 2)
        if not compatible((a.value, a.qualifier), (b.value, b.qualifier))
        and not (a.article_id == b.article_id and is_range(texts[a.article_id], a, b))
        and not (a.article_id != b.article_id and _also_gives(reports, a, b))
    ]
    return FigureLine(
        id="",
        what=first.what,
        unit=first.unit,
        on_page=bool(unit_key(first.unit) and meaning(first.what, first.unit)),
        reports=reports,
        conflict=bool(disagreements),
        disagreements=disagreements,
    )


def _also_gives(reports: Sequence[FigureReport], a: FigureReport, b: FigureReport) -> bool:
    """One of the two articles also gives a value the other one's report allows, so the
    other does not contradict it (its own two values are flagged on their own)."""

    def gives(article_id: str, other: FigureReport) -> bool:
        return any(
            r.article_id == article_id
            and compatible((r.value, r.qualifier), (other.value, other.qualifier))
            for r in reports
        )

    return gives(a.article_id, b) or gives(b.article_id, a)


def _reports(members: list[SourcedFigure]) -> list[FigureReport]:
    """One report per article and value: an article that repeats a figure adds its spans."""
    out: list[FigureReport] = []
    for m in members:
        f = m.figure
        same = next(
            (
                r
                for r in out
                if r.article_id == m.article_id
                and r.qualifier == f.qualifier
                and compatible((r.value, "exact"), (f.value, "exact"))
            ),
            None,
        )
        if same is not None:
            same.spans.extend(f.spans)
            continue
        ref = ItemRef(article_id=m.article_id, item_id=f.id, outlet=m.outlet, spans=list(f.spans))
        out.append(
            FigureReport(
                **ref.model_dump(),
                value=f.value,
                unit=f.unit,
                qualifier=f.qualifier,
                what=f.what,
                text=f.text,
            )
        )
    return out
