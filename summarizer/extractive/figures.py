"""Quantities: numbers with their unit (the counted noun), qualifier and what they count.

Dates, years, clock times, ordinals and numbers inside names are left out.
"""

from __future__ import annotations

import re

from ..quantities import NumberMention, find_numbers
from ..readings import AGE_AT, AGE_BEFORE, AGE_SUBJECT, UNIT_ALIASES
from ..schema import Qualifier
from .document import Document
from .lexicon import CURRENCY_SYMBOLS, MONTHS, QUALIFIER_BEFORE
from .meaning import meaning, measured_noun
from .units import (
    NOT_UNITS,
    PLURALISH,
    UNIT_STOP,
    FigureDraft,
    counted_noun_follows,
    people,
    unit_after,
    unit_before,
)
from .word_figures import word_figures

_QUALIFIER_RE = re.compile(
    r"(?:^|\s)("
    + "|".join(sorted((re.escape(q) for q in QUALIFIER_BEFORE), key=len, reverse=True))
    + r")\s*$",
    re.IGNORECASE,
)
_DATE_WORDS = MONTHS
_CLOCK = re.compile(
    r"^\s*(?::\d\d|\s?(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\s?o'clock|\s?(?:GMT|UTC|EST|PST)\b)",
    re.IGNORECASE,
)
_NAME_NUMBER = re.compile(
    r"(?:[A-Z][\w]*|No\.?|#|Flight|Category|Route|Article|Chapter|Section|"
    r"Volume|Version|Level|Phase|Stage|Room|Gate|Terminal|Channel|Highway)[-\s]?$"
)
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{3}[.-])\d{3,4}[\s.-]\d{4}\b")
_CLAUSE_OPENING = re.compile(r"(?:^|[.;:!?,]\s*|\b(?:and|but|so|then)\s+)$", re.IGNORECASE)
_PRONOUN_BEFORE = re.compile(r"\b(?:you|we|they|those|these|us|them)\s+$", re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|other|latter|former)\s+$", re.I)
_SKIP_AFTER = frozenset("th st nd rd s".split())
_ONE_IN_RANGE = re.compile(
    r"\s+(?:or|to)\s+(?:more|two|three|four|five|six|seven|eight|nine|ten|\d+)\b", re.IGNORECASE
)
# Units written straight after the digits: "$3bn", "5km", "10kg", "60x".
_GLUED_UNIT = re.compile(
    r"(?:bn|mn|m|k|x|km|kg|cm|mm|nm|\u00b5m|\u03bcm|mph|kph|kmh|ft|lbs?|mi|hrs?|mins?|yrs?|oz|ml|"
    r"kb|mb|gb|tb|mw|gw)\b",
    re.IGNORECASE,
)
# Words before a year that keep it a year before a plural noun ("the 2016 elections").
_YEAR_OWNER = re.compile(
    r"\b(?:the|this|that|its|their|his|her|our|my|your|fiscal|year|FY|season)\s+$", re.IGNORECASE
)
_NOT_NAME_WORDS = UNIT_STOP | frozenset(
    "over about some nearly almost around only all the between roughly just another last up "
    "approximately estimated".split()
)
_SPELLED_COUNTABLE_ONE = frozenset(
    "year day week month hour minute percent per inch mile kilometre kilometer metre meter "
    "dollar euro pound million billion thousand".split()
)


def _skip(text: str, mention: NumberMention, para_start: int) -> bool:
    """True for dates, years, clock times, ordinals and numbers that are part of names."""
    a, b = mention.start, mention.end
    before = text[max(para_start, a - 24) : a]
    after = text[b : b + 16]
    surface = mention.text
    if surface.lower() == "half" and _ORDINAL_BEFORE.search(before):
        return True  # "the first half": a part of a match, not a share
    if mention.currency or mention.percent:
        return False
    if _PHONE.search(text, max(para_start, a - 8), min(len(text), b + 12)):
        return True  # a telephone number
    if re.match(r"^[.)]\s", after) and not text[para_start:a].strip(" \t(#"):
        return True  # list numbering: "1. ", "2) "
    if after[:2].lower() in _SKIP_AFTER or re.match(r"^(?:th|st|nd|rd|s)\b", after):
        return True  # 1990s, 50,000th, 3rd
    if not mention.spelled and after[:1].isalpha() and not _GLUED_UNIT.match(after):
        return True  # 4chan, 3D: part of a word, but "5km", "60x" and "$3bn" are figures
    if a > 0 and text[a - 1] in "'\u2019" and len(surface) == 2:
        return True  # '08, '84: a year
    if _CLOCK.match(after) or re.search(r"\d:$", before):
        return True
    prev_word = re.findall(r"[\w.]+", before)[-1:] or [""]
    next_word = re.findall(r"[\w.]+", after)[:1] or [""]
    if prev_word[0] in _DATE_WORDS or next_word[0] in _DATE_WORDS:
        return True
    if re.match(r"^/\d", after) or re.search(r"\d/$", before):
        return True  # 9/11, 12/05/2015
    if (
        re.match(r"^-\d{4}\b", after)
        or re.search(r"\b\d{4}-$", before)
        or (len(surface) == 4 and re.match(r"^-\d", after))
    ):
        return True  # 2015-09-12
    digits = surface.replace(",", "")
    if digits.isdigit() and len(digits) == 4 and 1500 <= int(digits) <= 2100 and "," not in surface:
        unit_word = next_word[0].lower()
        aged = re.match(r"^[\s-]year[\s-]old\b", after)  # "a 2000 year old tradition"
        counted = PLURALISH.match(unit_word) and not _YEAR_OWNER.search(before)
        if not aged and not counted:
            return True  # a year, also one before a noun: "the 2016 elections"
    if not mention.spelled and _NAME_NUMBER.search(before) and not _unit_follows(after):
        tail = before.rstrip()
        if (
            tail
            and tail[-1].isalpha()
            and tail.split()[-1][0].isupper()
            and tail.split()[-1].lower() not in _NOT_NAME_WORDS
        ):
            return True  # G 20, Flight 370, Category 3
        if tail.endswith(("No.", "#")):
            return True
    if a > 0 and text[a - 1] in "-" and a > 1 and text[a - 2].isalpha():
        return True  # S-400, F-16
    if mention.spelled and mention.value == 1 and not _ONE_IN_RANGE.match(after):
        nxt = next_word[0].lower()
        if nxt.rstrip("s") not in _SPELLED_COUNTABLE_ONE:
            return True  # "one of", "no one", but "one or two points", "one or more"
        if _CLAUSE_OPENING.search(before):
            return True  # "One day, ...", "so one year we ...": a time, not a quantity
    return bool(  # "you two", "those three", but "it took us two years"
        mention.spelled and _PRONOUN_BEFORE.search(before) and not _unit_follows(after)
    )


def _unit_follows(after: str) -> bool:
    """True when a unit or a plural noun is the next word after a number."""
    word = re.match(r"\s*([A-Za-z][\w-]*)", after)
    return counted_noun_follows(after) or bool(word and word.group(1).lower() in UNIT_ALIASES)


def _qualifier(text: str, start: int, para_start: int) -> tuple[Qualifier, int]:
    before = text[max(para_start, start - 30) : start]
    m = _QUALIFIER_RE.search(before)
    if not m:
        return "exact", start
    return QUALIFIER_BEFORE[m.group(1).lower()], start - (len(before) - m.start(1))


_RANGE = re.compile(
    r"^\s*(?:-|\u2013|\u2014|to|or|and)\s*(?:(?:as many as|as much as|up to|about|around|"
    r"nearly|almost|more than|over)\s+)?$"
)
# "30-odd members", "40-plus entries", "20 or so people", "one or more donations".
_APPROXIMATE_AFTER = re.compile(
    r"\s?-\s?(?P<word>odd|plus|something)\b|\s+or\s+(?:(?P<so>so)|(?P<more>more)(?!\s+than))\b"
)
# "200 more", "50 others": the unit of the figure just before.
_ELLIPSIS = re.compile(r"\s+(?:more|others)\b")
_MEASURE_MARK = re.compile(r"['\u2019\u2032\"\u201d\u2033]")  # feet and inches: "5'2\""
_MAGNIFIED = re.compile(r"\s?[xX\u00d7](?![\w])")
_EMPHATIC_BEFORE = re.compile(
    r"(?:\b(?:is|was|are|were|be|been|am|agree|agreed|support|behind|with)|['\u2019][ms])\s+$",
    re.IGNORECASE,
)
_SHARE_END = re.compile(r"^\s*(?:of\b|[,.;:)]|$)")
_PARTS = re.compile(r"(?:thirds|quarters|ths)$", re.IGNORECASE)  # a plural fraction


def _emphatic(text: str, mention: NumberMention, para_start: int) -> bool:
    """ "I'm 100 percent sure", "we are 110% committed": all of nothing, no share."""
    if mention.value not in (100, 110) or re.match(r"\s+of\b", text[mention.end :]):
        return False
    return bool(_EMPHATIC_BEFORE.search(text, max(para_start, mention.start - 24), mention.start))


class FigureFinder:
    """The figures of one document: numbers with a unit, and quantities written as words."""

    def __init__(self, doc: Document):
        self.doc = doc

    def run(self) -> list[FigureDraft]:
        out: list[FigureDraft] = []
        doc = self.doc
        for para in doc.paragraphs:
            if para.kind in ("dateline", "heading", "caption"):
                continue
            start = para.body_start if para.kind == "turn" else para.start
            worded = word_figures(doc.text, start, para.end, para.start, doc.lowercase_words)
            out.extend(self._numbers(start, para.start, para.end, worded))
            out.extend(worded)
        out.sort(key=lambda f: f.start)
        return out

    def _numbers(
        self, start: int, para_start: int, end: int, worded: list[FigureDraft]
    ) -> list[FigureDraft]:
        """Figures of the numbers of one paragraph outside the quantities written as words."""
        text = self.doc.text
        taken = [(f.start, f.end) for f in worded]
        mentions = [
            m
            for m in find_numbers(text, start, end)
            if not any(a <= m.start and m.end <= b for a, b in taken)
        ]
        out: list[FigureDraft] = []
        previous: tuple[NumberMention, FigureDraft] | None = None
        for i, mention in enumerate(mentions):
            if _skip(text, mention, para_start):
                continue
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            figure = self._figure(mention, following, previous, para_start, end)
            if figure is not None:
                out.append(figure)
                previous = (mention, figure)
        return out

    def _figure(
        self,
        mention: NumberMention,
        following: NumberMention | None,
        previous: tuple[NumberMention, FigureDraft] | None,
        para_start: int,
        para_end: int,
    ) -> FigureDraft | None:
        text = self.doc.text
        qualifier, q_start = _qualifier(text, mention.start, para_start)
        after_text = text[mention.end : mention.end + 40]
        unit_from = mention.end
        approximate = _APPROXIMATE_AFTER.match(text, mention.end, para_end)
        if approximate:
            unit_from = approximate.end()
            least = approximate.group("word") == "plus" or approximate.group("more")
            qualifier = "at least" if least else "about"
        if (
            following is not None
            and _RANGE.match(text[mention.end : following.start])
            and (following.start - mention.end < 24)
        ):
            unit_from = following.end  # "ten to 32 pages": the unit follows the range
        unit, what, unit_end = unit_after(text, unit_from, para_end)
        what = meaning(text, unit_from, unit_end, unit, para_end) if unit else what
        if re.match(r"^\s+or\s+more\b(?!\s+than)", after_text) or after_text.startswith("+"):
            qualifier = "at least"
        value = mention.value
        if mention.currency:
            unit = CURRENCY_SYMBOLS.get(mention.currency.strip(), "USD")
            what = self._measured(mention, q_start, para_start, para_end)
        elif mention.percent and mention.text.lower().endswith("half"):
            m = re.match(
                r"^\s+(?:an?\s+)?(hour|day|year|month|week|mile|kilometre|kilometer)\b", after_text
            )
            if m:
                value, unit = value / 100, UNIT_ALIASES.get(m.group(1), m.group(1) + "s")
            elif not _SHARE_END.match(after_text):
                return None  # "half-Chinese", "a third party": not a share
            else:
                unit = "percent"
                what = self._measured(mention, q_start, para_start, para_end)
        elif mention.percent:
            if mention.spelled and not (
                _SHARE_END.match(after_text) or _PARTS.search(mention.text)
            ):
                return None  # "a third party", but "three-fourths say" is a share
            if _emphatic(text, mention, para_start):
                return None  # "I am 100 percent sure": a manner of speaking
            unit = "percent"
            what = self._measured(mention, q_start, para_start, para_end)
        elif AGE_BEFORE.search(text[max(para_start, mention.start - 16) : mention.start]) or (
            re.search(
                r"[A-Z][\w'\u2019-]+,\s*$",
                text[max(para_start, mention.start - 40) : mention.start],
            )
            and re.match(r"^\s*[,)]", after_text)
        ):
            unit, what = "years", "age"
        elif not unit:
            unit, what = self._implied_unit(mention, previous, para_start, para_end)
        if not unit or unit in NOT_UNITS:
            return None  # no counted noun: a code or a label, not a quantity
        return FigureDraft(q_start, mention.end, value, people(unit, what), qualifier, what or unit)

    def _implied_unit(
        self,
        mention: NumberMention,
        previous: tuple[NumberMention, FigureDraft] | None,
        para_start: int,
        para_end: int,
    ) -> tuple[str, str]:
        """(unit, what) of a number with no unit after it, from what is around it."""
        text = self.doc.text
        before = text[max(para_start, mention.start - 80) : mention.start]
        if previous is not None:
            earlier, figure = previous
            between = text[earlier.end : mention.start]
            ranged = _RANGE.match(between) and len(between) < 24
            if ranged or (len(between) < 200 and _ELLIPSIS.match(text, mention.end, para_end)):
                return figure.unit, figure.what  # "aged 18 to 25", "700 rescued, 200 more"
        if (AGE_SUBJECT.search(before) or AGE_AT.search(before)) and not _MEASURE_MARK.match(
            text, mention.end
        ):
            return "years", "age"
        if _MAGNIFIED.match(text, mention.end, para_end):
            return "times", "magnification"
        unit = unit_before(text, mention.start, para_start) or ""
        return unit, unit

    def _measured(
        self, mention: NumberMention, q_start: int, para_start: int, para_end: int
    ) -> str:
        """What a sum or a share measures: "bail of US$20,000", "39 percent of these"."""
        text = self.doc.text
        before = measured_noun(text, q_start, para_start)
        if before:
            return before
        unit = "percent" if mention.percent else "money"
        after = meaning(text, mention.end, mention.end, unit, para_end)
        if after != unit:
            return after
        following = re.match(r"\s+([a-z][\w-]+)[.,;:!?]", text[mention.end : mention.end + 30])
        if (
            following
            and following.group(1) not in UNIT_STOP
            and not following.group(1).endswith(("ed", "ly"))
        ):
            return following.group(1)  # "$50,000 prize"
        return unit
