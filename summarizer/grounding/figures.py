"""Figures: a number of the article, with the value it states and the thing it counts.

A figure is located by its text where that stands as a number, else by its
value; among several places the one whose surrounding words fit its unit wins.
A figure given without unit and what takes the words the article counts with
it. Its value is read from the text: a share written "58%" and given as 0.58 is
stored as 58, a value given without its scale word ("2 million" as 2) is
rescaled. Vague quantities ("a couple", "dozens", "double digits", "nearly a
decade") ground by their words, with a value in their range and the qualifier
"about" unless the model gave a bounding one. The unit or counted noun must
fit the words around the number: "12 warships" cannot stand on "12 members"; a bare
number that answers "How many albums ...?" counts albums.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..align import ArticleIndex, Match
from ..quantities import (
    NUMBER_WORDS,
    SCALES,
    TIMES_WORDS,
    UNIT_AND_A_HALF,
    WORD_QUANTITY,
    find_numbers,
    ratio_percent,
    same_value,
    shared_scale,
    values_agree,
)
from ..readings import SCORE_UNITS, UNIT_ALIASES, age_before, asked_count, in_score
from ..schema import ExtractedFigure, Figure, Qualifier
from ..text import STOPWORDS, fold, stem, words
from .model import PENDING_ID, Problem, excerpt, place, plain, span_of

# Vague quantities: words, and the range of values they allow.
VAGUE: tuple[tuple[re.Pattern[str], float, float], ...] = tuple(
    (re.compile(rf"\b{pattern}\b", re.IGNORECASE), lo, hi)
    for pattern, lo, hi in (
        (r"(?:several|a few) hundred", 100, 999),
        (r"(?:several|a few) thousand", 1000, 9999),
        (r"(?:several|a few) million", 1e6, 1e7 - 1),
        (r"(?:several|a few) billion", 1e9, 1e10 - 1),
        (r"tens of millions", 1e7, 1e8 - 1),
        (r"hundreds of millions", 1e8, 1e9 - 1),
        (r"tens of billions", 1e10, 1e11 - 1),
        (r"hundreds of billions", 1e11, 1e12 - 1),
        (r"a couple", 2, 3),
        (r"a handful", 2, 6),
        (r"a few", 2, 6),
        (r"several", 3, 9),
        (r"dozens", 12, 99),
        (r"scores", 20, 99),
        (r"tens of thousands", 1e4, 99_999),
        (r"hundreds of thousands", 1e5, 999_999),
        (r"hundreds", 100, 999),
        (r"thousands", 1000, 9999),
        (r"millions", 1e6, 1e9 - 1),
        (r"billions", 1e9, 1e12 - 1),
        (r"single digits?", 1, 9),
        (r"double digits?", 10, 99),
        (r"triple digits?", 100, 999),
        (r"(?:a|one) decade", 1, 10),
        (r"(?:a|one) century", 1, 100),
        (r"half a century", 50, 50),
        (r"(?:twen|thir|for|fif|six|seven|eigh|nine)ties", 10, 99),
        (r"(?:a|one) fortnight", 2, 14),
    )
)
# Units and the words that write them.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "percent": ("%", "percent", "per cent", "pc", "percentage", "share"),
    "usd": ("$", "us$", "dollar", "usd", "buck"),
    "eur": ("\u20ac", "euro", "eur"),
    "gbp": ("\u00a3", "pound", "gbp", "sterling"),
    "years": ("year", "yr", "age", "aged", "old", "decade", "century", "anniversary"),
    "months": ("month",),
    "weeks": ("week",),
    "days": ("day",),
    "hours": ("hour", "hr", "h"),
    "minutes": ("minute", "min"),
    "seconds": ("second", "sec"),
    "kilometres": ("km", "kilometre", "kilometer", "kph"),
    "kilometres per hour": ("km", "kilometre", "kilometer", "kph"),
    "miles": ("mile", "mi", "mph"),
    "times": ("times", "twice", "thrice", "fold", "x", "\u00d7"),
    "fold": ("fold", "times"),
}
# Units that measure: a share word before one is a part of it ("half an hour": 0.5 hours).
MEASURES = frozenset(
    """years months weeks days hours minutes seconds kilometres miles""".split()
) | {"kilometres per hour"}
# Units that count people or things in general: they fit any noun.
GENERIC_UNITS = frozenset(
    """people person persons individuals items units things cases count number total
    members""".split()
)
_HEAD_STOP = frozenset(
    """of in on at for from to by with and or but as than that which who after before since
    during while per each""".split()
)
_RANGE_JOINERS = frozenset("or to and - \u2013 \u2014".split())
_BOUND_QUALIFIERS: frozenset[Qualifier] = frozenset(
    {"at least", "at most", "more than", "less than", "up to", "within"}
)
_HEAD_WORDS = 4
_DECADE_S = re.compile(r"(?<=0)['\u2019]?s\b")
# Where the words after a number stop saying what it counts: a clause's punctuation
# (not a decimal point or a thousands separator: "to 1,800 people").
_CLAUSE_END = re.compile(r"[;:!?()]|[,.](?!\d)")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_CURRENCIES = frozenset({"usd", "eur", "gbp"})
_CURRENCY_WORDS = frozenset(
    """dollar euro pound yen yuan renminbi rupee franc peso rouble ruble krona krone won rand
    lira real shekel dinar dirham riyal""".split()
)
_BARE_SCALE = re.compile(r"\b(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_SINGLE_THING = re.compile(r"an?\s+[a-z]+", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What the article's words at a place say: values (both ends of a range), whether they
    are a share of a whole, a vague range, and the scale word's factor."""

    values: tuple[float, ...]
    percent: bool = False
    vague: tuple[float, float] | None = None
    scale: float = 1.0


@lru_cache(maxsize=4096)
def read_surface(surface: str) -> Reading | None:
    """The quantity written in ``surface``, or None when it holds no number."""
    for pattern, lo, hi in VAGUE:
        if pattern.search(surface):
            return Reading((), vague=(lo, hi))
    ratio = ratio_percent(surface)
    if ratio is not None:
        return Reading((ratio,), percent=True)
    half = UNIT_AND_A_HALF.search(surface)
    if half is not None:
        return Reading((1.5,))
    mentions = find_numbers(surface)
    if mentions:
        first = mentions[0]
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", first.text)
        base = float(digits.group(0).replace(",", "")) if digits else first.value
        if len(mentions) > 1:  # "five or six thousand": 5,000 to 6,000
            first = replace(first, value=first.value * shared_scale(surface, first, mentions[1]))
        return Reading(
            (first.value, *(m.value for m in mentions[1:])),
            percent=any(m.percent for m in mentions),
            scale=first.value / base if base else 1.0,
        )
    quantity = WORD_QUANTITY.search(surface)
    if quantity is not None:
        times = TIMES_WORDS.get(quantity.group(0).lower())
        return Reading((times,)) if times else Reading((), vague=(2, 1e12))
    scale = _BARE_SCALE.search(surface)
    if scale is not None:
        return Reading((SCALES[scale.group(1).lower()],))
    if _SINGLE_THING.fullmatch(surface.strip()):
        return Reading((1.0,))
    return None


def settle_value(declared: float, reading: Reading, unit: str) -> float | None:
    """The figure's value as stored, or None when the model's value contradicts the text."""
    if reading.vague is not None:
        lo, hi = reading.vague
        return declared if lo <= declared <= hi else None
    key = unit_key(unit)
    share = reading.percent or key == "percent"
    part_of_unit = reading.percent and key in MEASURES  # "half an hour": 0.5 hours
    for read in reading.values:
        if part_of_unit and same_value(round(declared * 100, 6), read):
            return declared
        if same_value(declared, read) and not part_of_unit:
            return declared
        if share and not part_of_unit and values_agree(declared * 100, read):
            return round(declared * 100, 6)
        if reading.scale != 1.0 and same_value(round(declared * reading.scale, 6), read):
            return read
    return None


@lru_cache(maxsize=4096)
def unit_key(unit: str) -> str:
    """A unit's canonical name: "%" and "per cent" are "percent", "US$" is "usd"."""
    folded = fold(unit).strip()
    folded = UNIT_ALIASES.get(folded, folded)  # "oz" is "ounces"
    for key, forms in UNIT_WORDS.items():
        if folded == key or folded in forms or stem(folded) in forms:
            return key
    return folded


@lru_cache(maxsize=1024)
def _symbols(key: str) -> frozenset[str]:
    """The words and symbols written right after a number for the unit ``key``: "km",
    "\u00b0c", "oz"."""
    return frozenset(alias for alias, canonical in UNIT_ALIASES.items() if canonical == key)


def _fits_word(unit_words: set[str], token: str) -> bool:
    """True when ``token`` is one of the unit's words in another form ("inch", "inches";
    "diplomat", "diplomatic"; "referendum", "referenda"), not merely sharing a start
    ("war", "warships"; "memo", "members": a shared start short of the shorter word must
    be four letters at least)."""
    for word in unit_words:
        common = 0
        for x, y in zip(word, token, strict=False):
            if x != y:
                break
            common += 1
        shorter = min(len(word), len(token))
        if word == token or (
            common >= 3
            and (common == shorter or common >= max(4, shorter - 1))
            and abs(len(word) - len(token)) <= 3
        ):
            return True
    return False


def unit_fits(
    text: str, match: Match, unit: str, what: str, reading: Reading | None = None
) -> bool:
    """True when the unit or the counted thing fits the words around the number.

    A share fits "percent"; money fits a currency and nothing else; otherwise the
    noun right after the number must be the unit (or a word of ``what``), and a
    number followed by no noun needs the unit or what it counts in its sentence.
    """
    key = unit_key(unit)
    surface = text[match.start : match.end]
    folded = fold(surface)
    head = head_words(text, match.start + _quantity_end(surface))
    if key == "percent":
        shared = reading is not None and (reading.percent or reading.vague is not None)
        return shared or any(f in folded for f in UNIT_WORDS["percent"]) or "point" in head
    forms = {stem(w) for w in words(unit)} | set(UNIT_WORDS.get(key, ())) | _symbols(key)
    money = _has_currency(surface)
    if is_currency(unit):
        named = any(f in folded for f in UNIT_WORDS.get(key, ()))
        return money or named or _fits_any(forms, head)
    if money:
        return False
    if _fits_any(forms, _tokens(surface)):
        return True  # "two years", "nearly a decade": the unit is in the figure's words
    if key == "times" and any(w in TIMES_WORDS for w in words(folded)):
        return True  # "once a week", "once or twice": how often
    if key == "years" and not head and age_before(text, match.start, match.end):
        return True  # "when I was sixteen", "aged 18 to 25", "in her early 60s"
    if key in SCORE_UNITS and in_score(text, match.start, match.end):
        return True  # "won 4-2": runs, goals or points
    if head:
        what_tokens = {t for t in _tokens(what) if len(t) > 2}
        return _fits_any(forms, head) or key in GENERIC_UNITS or bool(what_tokens & set(head))
    asked = asked_count(text, match.start)
    if asked is not None and _fits_word(forms, stem(asked[0])):
        return True  # "How many albums have you made? - Eleven."
    sentence = set(_tokens(_sentence_around(text, match)))
    what_tokens = {t for t in _tokens(what) if len(t) > 2}
    return key in GENERIC_UNITS or bool((forms | what_tokens) & sentence)


def is_currency(unit: str) -> bool:
    """True for a currency unit: "USD", "NZD", "euros", "Swiss francs"."""
    if unit_key(unit) in _CURRENCIES or re.fullmatch(r"[A-Z]{3}", unit.strip()):
        return True
    return any(stem(w) in _CURRENCY_WORDS for w in words(unit))


def _fits_any(forms: set[str], head: Sequence[str]) -> bool:
    return any(_fits_word(forms, token) for token in head)


@lru_cache(maxsize=4096)
def _has_currency(surface: str) -> bool:
    return any(m.currency for m in find_numbers(surface))


@lru_cache(maxsize=4096)
def _quantity_end(surface: str) -> int:
    """Where the quantity in a figure's words ends: "35" in "past 35 years"."""
    for pattern, _, _ in VAGUE:
        found = pattern.search(surface)
        if found:
            return found.end()
    mentions = find_numbers(surface)
    if mentions:
        decade = _DECADE_S.match(surface, mentions[0].end)  # "60s", "1990's"
        return decade.end() if decade else mentions[0].end
    quantity = WORD_QUANTITY.search(surface)
    return quantity.end() if quantity else len(surface)


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(stem(_bare(w)) for w in words(text) if w not in STOPWORDS)


def head_words(text: str, end: int) -> list[str]:
    """The words right after a number (its counted noun and adjectives), ranges skipped,
    folded and stemmed."""
    return [stem(_bare(word.lower())) for word in _head_tokens(text, end)]


def counted_words(text: str, end: int) -> str:
    """The words after a number that say what it counts, as written ("Russian spies")."""
    return " ".join(_head_tokens(text, end))


def _head_tokens(text: str, end: int) -> list[str]:
    """The head words after a number as written; see :func:`head_words`."""
    tail = _CLAUSE_END.split(text[end : end + 80], maxsplit=1)[0]
    tokens = re.findall(r"[\w%$\u20ac\u00a3\u00b0'\u2019]+|[\u2013\u2014-]", tail)
    out: list[str] = []
    i = 0
    while i < len(tokens) and len(out) < _HEAD_WORDS:
        word = tokens[i].lower()
        if not word.strip("'\u2019"):
            break  # a closing quotation mark: what follows is not the number's noun
        if word in _RANGE_JOINERS and i + 1 < len(tokens) and _is_number(tokens[i + 1].lower()):
            i += 2
            continue
        if (_is_number(word) or word == "of") and not out:
            i += 1  # "hundreds of millions of dollars": "of" before the noun
            continue
        if word in _HEAD_STOP or word in STOPWORDS or _is_number(word):
            break
        out.append(tokens[i])
        i += 1
    return out


def counted_noun(text: str, end: int) -> tuple[str, str]:
    """The noun a number counts and the words up to it: ("spies", "Russian spies") for
    "45 Russian spies posing as diplomats"; the first plural among the words after the
    number, else the first of them; ("", "") when none follows."""
    counted = counted_words(text, end).split()
    if not counted:
        return "", ""
    at = next((i for i, w in enumerate(counted) if len(w) > 3 and w.endswith("s")), 0)
    return counted[at].lower(), " ".join(counted[: at + 1])


def _is_number(word: str) -> bool:
    return word[:1].isdigit() or word in NUMBER_WORDS


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _sentence_around(text: str, match: Match) -> str:
    start = max(text.rfind(". ", 0, match.start), text.rfind("\n", 0, match.start), 0)
    end_dot = text.find(". ", match.end)
    end_line = text.find("\n", match.end)
    ends = [e for e in (end_dot, end_line) if e >= 0]
    return text[start : min(ends) if ends else len(text)]


def _number_boundaries(text: str, match: Match) -> bool:
    """False when the match sits inside a longer number or word ("45" in "1945")."""
    before = text[match.start - 1] if match.start > 0 else " "
    after = text[match.end] if match.end < len(text) else " "
    first = text[match.start] if match.end > match.start else " "
    last = text[match.end - 1] if match.end > match.start else " "
    if first.isalnum() and before.isalnum():
        return False
    if last.isalnum() and after.isalnum() and not (last.isdigit() and after.isalpha()):
        return False
    return not (
        last.isdigit()
        and (after in ".," and match.end + 1 < len(text) and text[match.end + 1].isdigit())
    )


class FigureGrounder:
    """Grounds the figures of one extraction."""

    def __init__(self, index: ArticleIndex, window: tuple[int, int] | None = None):
        self.index = index
        self.text = index.text
        self.window = window or (0, len(index.text))

    def _outside(self, match: Match) -> bool:
        a, b = self.window
        return match.end <= a or match.start >= b

    def ground(self, figures: list[ExtractedFigure]) -> tuple[list[Figure], list[Problem]]:
        kept: list[Figure] = []
        problems: list[Problem] = []
        taken: set[tuple[int, int, str]] = set()
        for i, figure in enumerate(figures):
            outcome = self._one(i, figure, taken)
            if isinstance(outcome, Problem):
                problems.append(outcome)
            else:
                kept.append(outcome)
                taken.add((*place(outcome), unit_key(outcome.unit)))
        return kept, problems

    def _candidates(self, figure: ExtractedFigure) -> list[Match]:
        text = figure.text.strip().strip("\"'")
        found = (
            [m for m in self.index.find_all(text) if _number_boundaries(self.text, m)]
            if text
            else []
        )
        if found:
            return found
        return [
            Match(n.start, n.end, "normalized")
            for n in self.index.numbers
            if settle_value(figure.value, Reading((n.value,), n.percent), figure.unit) is not None
            or values_agree(figure.value, n.value)
        ]

    def _one(
        self, i: int, figure: ExtractedFigure, taken: set[tuple[int, int, str]]
    ) -> Figure | Problem:
        label = f"numbers[{i}] (text {figure.text!r}, value {plain(figure.value)})"

        def problem(reason: str, advice: str, where: Match | None = None) -> Problem:
            context = self._context(where) if where is not None else ""
            return Problem(
                "figure", i, label, reason, advice, context, figure.text, unit=figure.unit
            )

        candidates = self._candidates(figure)
        if not candidates:
            return problem(
                "neither its text nor its value occurs in the article",
                "report only numbers the article states, with its words",
            )
        numeric = [
            (m, r)
            for m in candidates
            if (r := read_surface(self.text[m.start : m.end])) is not None
        ]
        if not numeric:
            return problem(
                "its text holds no number",
                "give the number as the article writes it",
                candidates[0],
            )
        valued = [
            (m, r, v)
            for m, r in numeric
            if (v := settle_value(figure.value, r, figure.unit)) is not None
        ]
        if not valued:
            m, r = numeric[0]
            return problem(
                f"the article gives {_shown(r)}, not {plain(figure.value)}",
                "give the value the text states, scaled ('2.5 million' is 2500000, '58%' is 58)",
                m,
            )
        unnamed = not figure.unit.strip() and not figure.what.strip()
        fitting = [
            (m, r, v)
            for m, r, v in valued
            if unnamed or unit_fits(self.text, m, figure.unit, figure.what, r)
        ]
        if not fitting:
            m = valued[0][0]
            return problem(
                f"the article's {self.text[m.start : m.end]!r} does not count "
                f"{figure.unit or figure.what}",
                "give the unit or noun the article counts with this number",
                m,
            )
        return self._kept(figure, fitting, taken)

    def _kept(
        self,
        figure: ExtractedFigure,
        fitting: list[tuple[Match, Reading, float]],
        taken: set[tuple[int, int, str]],
    ) -> Figure:
        """The best place among those that fit: inside the window, with most words of the
        figure nearby, not yet taken."""
        key = unit_key(figure.unit)
        context = set(_tokens(f"{figure.unit} {figure.what}"))
        fitting.sort(
            key=lambda c: (
                self._outside(c[0]),
                -len(context & set(_tokens(_sentence_around(self.text, c[0])))),
            )
        )
        places = {(a, b) for a, b, _ in taken} if not key and not figure.what.strip() else set()
        free = [
            c
            for c in fitting
            if (c[0].start, c[0].end, key) not in taken and (c[0].start, c[0].end) not in places
        ] or fitting
        match, reading, value = free[0]
        qualifier: Qualifier = figure.qualifier
        if reading.vague is not None and qualifier not in _BOUND_QUALIFIERS:
            qualifier = "about"
        shared = reading.percent and key in ("percent", "", "items")
        unit = "percent" if shared else figure.unit.strip()
        what = figure.what.strip()
        if not unit and not what:  # the answer left both out: the article's counted noun
            surface = self.text[match.start : match.end]
            unit, what = counted_noun(self.text, match.start + _quantity_end(surface))
        return Figure(
            id=PENDING_ID,
            value=value,
            unit=unit or "items",
            qualifier=qualifier,
            what=what or unit or "items",
            text=self.text[match.start : match.end],
            spans=span_of(match.start, match.end),
            grounding=match.status,
        )

    def _context(self, match: Match) -> str:
        return excerpt(_sentence_around(self.text, match).strip(" .\n"), 300)


def _shown(reading: Reading) -> str:
    if reading.vague is not None:
        lo, hi = reading.vague
        return f"a vague quantity between {plain(lo)} and {plain(hi)}"
    value = " to ".join(plain(v) for v in reading.values)
    return f"{value} percent" if reading.percent else value
