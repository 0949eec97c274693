"""Quantities written with words or set phrases rather than as one number.

"twice", "once a week", "three times a year" (a frequency), "18-fold", "a year and a
half", "thousands of fans", "scores of people", "hundreds of millions
of dollars", "a couple of points", "nearly a decade", "one in three", "nine out of
ten", "in his twenties" (an age) and match scores ("won 3-1", "ended 0 – 0": one
figure per side).
"""

from __future__ import annotations

import re
from collections.abc import Set

from ..quantities import RATIO, TIMES_WORDS, UNIT_AND_A_HALF, ratio_percent
from ..readings import AGE_DECADE, SCORE, UNIT_ALIASES
from ..schema import Qualifier
from .lexicon import QUALIFIER_BEFORE
from .meaning import RATE, meaning
from .units import NOT_UNITS, PLURALISH, FigureDraft, people, unit_after

_QUALIFIER_RE = re.compile(
    r"(?:^|\s)("
    + "|".join(sorted((re.escape(q) for q in QUALIFIER_BEFORE), key=len, reverse=True))
    + r")\s*$",
    re.IGNORECASE,
)
_TIMES = re.compile(
    rf"\b(?P<word>twice|thrice|once(?=\s+or\s+twice\b|\s+{RATE}))\b(?P<rate>\s+{RATE})?"
    r"|\b(?P<n>\d+)[- ]?fold\b",
    re.IGNORECASE,
)
_THINK = re.compile(r"\bthink(?:s|ing)?\s+$", re.IGNORECASE)
_OR_TWICE = re.compile(r"\s+or\s+twice\b", re.IGNORECASE)  # "once or twice": 1 and 2
_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
_VAGUE = re.compile(
    r"\b(?:(?P<tens>tens|hundreds) of (?P<scale>thousands|millions|billions)"
    r"|(?P<word>dozens|hundreds|thousands|millions|billions|scores(?=\s+of\s))"
    r"|(?:several|a few) (?P<few>hundred|thousand|million|billion))"
    r"(?=\s+(?:of\s+)?[a-z])",
    re.IGNORECASE,
)
_VAGUE_VALUES = {"dozens": 12, "scores": 20, "hundreds": 100, **_SCALES}
_VAGUE_TENS = {"tens": 10, "hundreds": 100}  # "tens of thousands", "hundreds of millions"
_SCALE_WORDS = ("dozens", "scores", "hundred", "thousand", "million", "billion")
_RATIO_HINT = re.compile(r" (?:in|out of) (?:\d|two|three|four|five|six|seven|eight|nine|ten)")
_ONE_UNIT_HINT = re.compile(r" an? (?:decade|year|month|week|day|hour|minute|century|mile|kilomet)")
_COUPLE = re.compile(r"\ba couple(?: of\b|(?=\s+[a-z]+s\b))", re.IGNORECASE)  # "a couple times"
_ONE_UNIT = re.compile(
    r"\b(?P<qualifier>nearly|almost|about|around|over|more than|less than|just under|"
    r"roughly|at least|up to)\s+an?\s+(?P<unit>decade|year|month|week|day|hour|minute|"
    r"century|mile|kilometre|kilometer)\b(?!\s+and\s+a\s+half\b)",
    re.IGNORECASE,
)
_LIFE_DECADES = {
    "teens": 13,
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w-]*)")
# Words that make two numbers joined by a dash a score: before it in its sentence
# ("Sweden defeated South Korea 1 – 0", "it ended 0 – 0") or right after it ("a 2-1 win").
_SCORE_BEFORE = re.compile(
    r"\b(?:won|wins?|winning|beat|beats|beating|defeat(?:ed|s|ing)?|lost|loses|losing|"
    r"drew|draw|tied|led|leads?|leading|trail(?:ed|s|ing)?|scored?|scoring|ended|ending|"
    r"putting|put|score|scoreline|half-time|halftime)\b",
    re.IGNORECASE,
)
_SCORE_AFTER = re.compile(
    r"\s*(?:win|victory|defeat|loss|draw|lead|triumph|home win|away win|on the scoreboard)\b",
    re.IGNORECASE,
)
_MARGIN = re.compile(r"\b(?:more than|less than|nearly|almost|about|roughly|by)\s*$")
# Words only a report of a sport uses: without them two numbers and a dash are no score.
_SPORTS = frozenset(
    """match matches tournament championship championships league coach referee stadium
    goal goals goalkeeper striker innings inning wicket wickets playoff playoffs halftime
    half-time quarterback pitcher touchdown touchdowns penalty penalties""".split()
)
_SENTENCE_BREAK = re.compile(r"[.!?;][\"'\u201d\u2019)]*\s|\n")


def word_figures(
    text: str, start: int, end: int, para_start: int, lowercase: Set[str]
) -> list[FigureDraft]:
    """Every quantity written with words between ``start`` and ``end``."""
    chunk = text[start:end].lower()
    out: list[FigureDraft] = []
    # each reading only where a word it needs occurs: most paragraphs have none
    if "twice" in chunk or "thrice" in chunk or "once" in chunk or "fold" in chunk:
        out.extend(_times(text, start, end))
    if "a half" in chunk:
        out.extend(_units_and_a_half(text, start, end))
    if any(word in chunk for word in _SCALE_WORDS):
        out.extend(_vague(text, start, end))
    if "couple" in chunk:
        out.extend(_couples(text, start, end))
    if _ONE_UNIT_HINT.search(chunk):
        out.extend(_one_units(text, start, end))
    if _RATIO_HINT.search(chunk):
        out.extend(_ratios(text, start, end))
    if "ties" in chunk or "teens" in chunk or "0s" in chunk:
        out.extend(_decades_of_age(text, start, end))
    out.extend(_scores(text, start, end, para_start, lowercase))
    return out


def qualifier_before(text: str, start: int, floor: int) -> tuple[Qualifier, int]:
    """The qualifier written right before ``start`` ("over", "nearly") and where it begins;
    ("exact", start) when there is none."""
    before = text[max(floor, start - 30) : start]
    m = _QUALIFIER_RE.search(before)
    if not m:
        return "exact", start
    return QUALIFIER_BEFORE[m.group(1).lower()], start - (len(before) - m.start(1))


def _times(text: str, start: int, end: int) -> list[FigureDraft]:
    """ "twice", "thrice", "18-fold", and how often: "once a week", "twice a year",
    "once or twice"."""
    out = []
    for m in _TIMES.finditer(text, start, end):
        if _THINK.search(text, max(start, m.start() - 12), m.start()):
            continue  # "think twice": take care, not a count
        if m.group("n"):
            out.append(
                FigureDraft(m.start(), m.end(), float(m.group("n")), "times", "exact", "times")
            )
            continue
        word = m.group("word").lower()
        alternative = _OR_TWICE.match(text, m.end()) if word == "once" else None
        rate = " ".join(m.group("rate").split()) if m.group("rate") else ""
        what = f"times {rate}" if rate else "times"
        b = alternative.end() if alternative else m.end()  # its words say "once or twice"
        out.append(FigureDraft(m.start(), b, TIMES_WORDS[word], "times", "exact", what))
    return out


def _units_and_a_half(text: str, start: int, end: int) -> list[FigureDraft]:
    """ "a year and a half", "about an hour and a half": 1.5 of the unit."""
    out = []
    for m in UNIT_AND_A_HALF.finditer(text, start, end):
        unit = UNIT_ALIASES[m.group("unit").lower()]
        qualifier, q_start = qualifier_before(text, m.start(), start)
        out.append(FigureDraft(q_start, m.end(), 1.5, unit, qualifier, unit))
    return out


def _vague(text: str, start: int, end: int) -> list[FigureDraft]:
    """ "dozens of", "thousands of fans", "tens of thousands", "hundreds of millions of",
    "several thousand people", "a few hundred fans"."""
    out = []
    for m in _VAGUE.finditer(text, start, end):
        if m.group("tens"):
            value = _VAGUE_TENS[m.group("tens").lower()] * _SCALES[m.group("scale").lower()]
        elif m.group("few"):
            value = _VAGUE_VALUES[m.group("few").lower() + "s"]  # "several thousand"
        else:
            value = _VAGUE_VALUES[m.group("word").lower()]
        unit, _, unit_end = unit_after(text, m.end(), end)
        if unit and unit not in NOT_UNITS:
            what = meaning(text, m.end(), unit_end, unit, end)
            unit = people(unit, text[m.end() : unit_end + 12])
            out.append(FigureDraft(m.start(), m.end(), value, unit, "at least", what))
    return out


def _couples(text: str, start: int, end: int) -> list[FigureDraft]:
    """ "a couple of points", "a couple times"."""
    out = []
    for m in _COUPLE.finditer(text, start, end):
        unit, _, unit_end = unit_after(text, m.end(), end)
        if unit and unit not in NOT_UNITS:
            what = meaning(text, m.end(), unit_end, unit, end)
            out.append(FigureDraft(m.start(), m.end(), 2.0, unit, "about", what))
    return out


def _one_units(text: str, start: int, end: int) -> list[FigureDraft]:
    """ "nearly a decade", "over an hour"."""
    out = []
    for m in _ONE_UNIT.finditer(text, start, end):
        unit = UNIT_ALIASES[m.group("unit").lower()]
        qualifier = QUALIFIER_BEFORE[m.group("qualifier").lower()]
        out.append(FigureDraft(m.start(), m.end(), 1.0, unit, qualifier, unit))
    return out


def _ratios(text: str, start: int, end: int) -> list[FigureDraft]:
    """ "one in three visits", "nine out of ten voters": a share of what follows, as a
    percentage ("share" when nothing named follows)."""
    out = []
    for m in RATIO.finditer(text, start, end):
        if m.start() > 0 and text[m.start() - 1] in ",.$\u20ac\u00a3":
            continue  # "$42,000 in five years": the end of a bigger number
        share = ratio_percent(m.group())
        unit, _, unit_end = unit_after(text, m.end(), end)
        what = "share"
        if unit and unit not in NOT_UNITS:
            what = f"share of {meaning(text, m.end(), unit_end, unit, end)}"
        if share is not None:
            out.append(FigureDraft(m.start(), m.end(), round(share, 2), "percent", "about", what))
    return out


def _decades_of_age(text: str, start: int, end: int) -> list[FigureDraft]:
    """ "in his twenties", "in my early 30s": an age of at least the decade's start."""
    out = []
    for m in AGE_DECADE.finditer(text, start, end):
        decade = m.group("decade").lower()
        value = _LIFE_DECADES.get(decade) or int(decade[:-1])
        a, b = m.span("decade")
        out.append(FigureDraft(a, b, float(value), "years", "at least", "age"))
    return out


def _score_unit(lowercase: Set[str]) -> str:
    """What a match score counts, from the article's own words: goals, runs or points."""
    if lowercase & {"goal", "goals", "goalkeeper"}:
        return "goals"
    if lowercase & {"innings", "wicket", "wickets"}:
        return "runs"
    return "points"


def _scores(
    text: str, start: int, end: int, para_start: int, lowercase: Set[str]
) -> list[FigureDraft]:
    """A match score ("defeated Panama 3 – 0", "a 2-1 win"): one figure for each side.

    Two numbers of at most three digits joined by a dash count as a score only in
    an article about a sport, after a word of winning, losing, drawing or scoring in
    its sentence or before "win", "victory" and the like, and not when a plural noun
    follows ("10-15 people" is a range).
    """
    out: list[FigureDraft] = []
    if not lowercase & _SPORTS:
        return out
    for m in SCORE.finditer(text, start, end):
        following = _NEXT_WORD.match(text, m.end(), end)
        if following and PLURALISH.match(following.group(1).lower()):
            continue
        before = _SENTENCE_BREAK.split(text[max(para_start, m.start() - 60) : m.start()])[-1]
        if _MARGIN.search(before):
            continue  # "led more than 2-1": a ratio
        if not (_SCORE_BEFORE.search(before) or _SCORE_AFTER.match(text, m.end(), end)):
            continue
        unit = _score_unit(lowercase)
        for group in (1, 2):
            a, b = m.span(group)
            out.append(FigureDraft(a, b, float(m.group(group)), unit, "exact", "score"))
    return out
