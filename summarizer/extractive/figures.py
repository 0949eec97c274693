"""Quantities: numbers with their unit (the counted noun), qualifier and what they count.

Dates, years, clock times, ordinals and numbers inside names are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import RATIO, NumberMention, find_numbers, ratio_percent
from ..text import STOPWORDS
from .document import Document
from .lexicon import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DEMONYMS,
    MONTHS,
    QUALIFIER_BEFORE,
    UNIT_ALIASES,
)
from .meaning import meaning, measured_noun

_NEXT_WORDS = re.compile(r"[\w%$\u20ac\u00a3'\u2019/-]+|[^\w\s]")
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
_PLURALISH = re.compile(
    r"^(?:[a-z][a-z-]*s|[a-z-]*(?:people|men|women|children|staff|personnel|police|"
    r"cattle|sheep|fish|deer|aircraft|crew|media))$"
)
_FILLER = frozenset("of the a an new more than other additional extra".split())
_UNIT_STOP = STOPWORDS | frozenset("to per from and or but as at by with in on than".split())
_NOT_NAME_WORDS = _UNIT_STOP | frozenset(
    "over about some nearly almost around only all the between roughly just another last up "
    "approximately estimated".split()
)
_SPELLED_COUNTABLE_ONE = frozenset(
    "year day week month hour minute percent per inch mile kilometre kilometer metre meter "
    "dollar euro pound million billion thousand".split()
)


@dataclass
class FigureDraft:
    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    what: str


def _unit_after(text: str, end: int, limit: int) -> tuple[str, str, int]:
    """(unit, what, unit_end): the counted noun after a number and a short description."""
    words = []
    for m in _NEXT_WORDS.finditer(text, end, min(limit, end + 80)):
        words.append((m.group(), m.start(), m.end()))
        if len(words) >= 6:
            break
    if not words:
        return "", "", end
    first = words[0][0]
    lower = first.lower()
    if lower in UNIT_ALIASES:
        unit = UNIT_ALIASES[lower]
        j = 1
        if (
            lower in ("km", "kilometres", "kilometers", "kilometer", "miles")
            and len(words) > 2
            and words[1][0].lower() in ("per", "/", "an", "a")
            and words[2][0].lower() in ("hour", "h")
        ):
            unit = f"{unit} per hour"
            j = 3
        return unit, _describe(words[j:]), words[j - 1][2]
    if lower in CURRENCY_WORDS:
        return CURRENCY_WORDS[lower], _describe(words[1:]), words[0][2]
    if first in ("-", "\u2013") and len(words) > 1 and words[1][0].lower().startswith("year"):
        return "years", _describe(words[2:]), words[1][2]
    if re.match(r"^-?year-old", lower) or lower in ("year-old", "-year-old"):
        return "years", "age", words[0][2]
    m = re.match(r"^-?(\w+?)s?-old$", lower)
    if m and m.group(1) in UNIT_ALIASES:
        return UNIT_ALIASES[m.group(1)], "age", words[0][2]
    if lower.startswith("-") and lower[1:] in UNIT_ALIASES:
        return UNIT_ALIASES[lower[1:]], _describe(words[1:]), words[0][2]
    hyphened = _HYPHENED_NOUN.match(lower)
    if hyphened and len(words) > 1 and words[1][0][:1].isalpha():
        # "a three-nation alliance", "a 12-member team": the noun after the hyphen is counted
        return hyphened.group(1) + "s", _describe(words[1:]), words[0][2]
    if first == "+" and len(words) > 1 and words[1][0] != "+":  # "20+ versions"
        return _unit_after(text, words[0][2], limit)
    if lower in _HUMAN_EVENTS or (
        lower in ("were", "was", "have", "had", "are")
        and len(words) > 1
        and words[1][0].lower() in _HUMAN_EVENTS
    ):
        return "people", _describe(words), end  # "76 killed", "millions were left homeless"
    # Skip adjectives to the counted noun: "45 Russian spies", "four new battlegroups".
    for k, (word, _, w_end) in enumerate(words[:4]):
        lw = word.lower()
        if not word[0].isalpha():
            break
        if word[0].isupper() and k < 3:
            if (
                _PLURALISH.match(lw)
                and len(lw) > 3
                and (
                    word not in DEMONYMS or k == len(words) - 1 or not words[k + 1][0][:1].isupper()
                )
            ):
                return lw, _describe(words[: k + 1] + words[k + 1 :]), w_end
            continue  # "45 Russian spies", "100,000 US troops"
        if lw in _UNIT_STOP and lw not in _FILLER:
            break
        if lw in ("of",) and k == 0:
            continue
        if _PLURALISH.match(lw) or lw in CURRENCY_WORDS or lw in UNIT_ALIASES:
            unit = CURRENCY_WORDS.get(lw) or UNIT_ALIASES.get(lw) or lw
            return unit, _describe(words[: k + 1] + words[k + 1 :]), w_end
    if (
        words
        and words[0][0][0].isalpha()
        and words[0][0].islower()
        and words[0][0] not in _UNIT_STOP
        and _PLURALISH.match(words[0][0])
    ):
        return words[0][0], _describe(words), words[0][2]
    return "", _describe(words), end


_HYPHENED_NOUN = re.compile(r"^-([a-z]{3,}?)(?<!ed)(?<!ing)(?<!ly)$")
_HUMAN_EVENTS = frozenset(
    "killed injured wounded dead died displaced evacuated missing arrested left hurt".split()
)
_CHANGE_TO = re.compile(r"\b(?:number|total|count) of\b.*\b(?:to|from|by)\s*$|\b(?:to|from|by)\s*$")
_NOT_UNITS = frozenset(
    "twenties thirties forties fifties sixties seventies eighties nineties teens goods".split()
)


_MIXED = re.compile(r"\b(?:men|women)\b.*\b(?:women|men|children)\b")


def _people(unit: str, context: str) -> str:
    """ "men and women", "men, women and children": people, counted together."""
    if unit in ("men", "women") and _MIXED.search(context):
        return "people"
    return unit


def _unit_before(text: str, start: int, para_start: int) -> str | None:
    """The counted noun named earlier in the clause: "the number of Battlegroups ... to eight"."""
    clause = re.split(r"[.;:!?]\s", text[max(para_start, start - 80) : start])[-1]
    if not _CHANGE_TO.search(clause):
        return None  # only a quantity that changes: "raised the number of X to eight"
    for word in reversed(re.findall(r"[A-Za-z][\w-]*", clause)[-8:]):
        lower = word.lower()
        if (
            _PLURALISH.match(lower)
            and lower not in _UNIT_STOP
            and word not in DEMONYMS
            and len(lower) > 3
        ):
            return lower
    return None


def _describe(words: list[tuple[str, int, int]]) -> str:
    out = []
    for word, _, _ in words:
        if not word[0].isalnum():
            break
        out.append(word)
        if len(out) >= 5:
            break
    return " ".join(out)


def _counted_noun_follows(after: str) -> bool:
    words = re.findall(r"[A-Za-z][\w-]*", after[:40])[:3]
    return any(
        _PLURALISH.match(w.lower())
        and w.lower() not in _UNIT_STOP
        and len(w) > 3
        and w not in DEMONYMS
        for w in words
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
    if not mention.spelled and after[:1].isalpha() and not re.match(r"^(?:bn|m|k|mn)\b", after):
        return True  # 4chan, 3D: part of a word
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
        if not aged and not (_PLURALISH.match(unit_word) and unit_word not in ("s",)):
            return True  # a year
    if not mention.spelled and _NAME_NUMBER.search(before) and not _counted_noun_follows(after):
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
    if mention.spelled and mention.value == 1:
        nxt = next_word[0].lower()
        if nxt.rstrip("s") not in _SPELLED_COUNTABLE_ONE:
            return True  # "one of", "no one"
        if _CLAUSE_OPENING.search(before):
            return True  # "One day, ...", "so one year we ...": a time, not a quantity
    return bool(mention.spelled and _PRONOUN_BEFORE.search(before))  # "you two", "those three"


def _qualifier(text: str, start: int, para_start: int) -> tuple[str, int]:
    before = text[max(para_start, start - 30) : start]
    m = _QUALIFIER_RE.search(before)
    if not m:
        return "exact", start
    return QUALIFIER_BEFORE[m.group(1).lower()], start - (len(before) - m.start(1))


_VAGUE = re.compile(
    r"\b(?:(?P<tens>tens|hundreds) of thousands"
    r"|(?P<word>dozens|hundreds|thousands|millions|billions))"
    r"(?=\s+(?:of\s+)?[a-z])",
    re.IGNORECASE,
)
_VAGUE_VALUES = {
    "dozens": 12,
    "hundreds": 100,
    "thousands": 1000,
    "millions": 1e6,
    "billions": 1e9,
}
_VAGUE_THOUSANDS = {"tens": 1e4, "hundreds": 1e5}  # "tens of thousands", "hundreds of ..."
_TIMES = re.compile(r"\b(?P<word>twice|thrice)\b|\b(?P<n>\d+)[- ]?fold\b", re.IGNORECASE)
_ONE_UNIT_HINT = re.compile(r" an? (?:decade|year|month|week|day|hour|minute|century|mile|kilomet)")
_COUPLE = re.compile(r"\ba couple of\b", re.IGNORECASE)
_ONE_UNIT = re.compile(
    r"\b(?P<qualifier>nearly|almost|about|around|over|more than|less than|just under|"
    r"roughly|at least|up to)\s+an?\s+(?P<unit>decade|year|month|week|day|hour|minute|"
    r"century|mile|kilometre|kilometer)\b",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(
    r"(?:\bage(?:d)?(?:\s+of)?|\bI'?m|\bI am|\bturned|\bturns)\s*$", re.IGNORECASE
)
_RANGE = re.compile(
    r"^\s*(?:-|\u2013|\u2014|to|or|and)\s*(?:(?:as many as|as much as|up to|about|around|"
    r"nearly|almost|more than|over)\s+)?$"
)


class FigureFinder:
    def __init__(self, doc: Document):
        self.doc = doc

    def run(self) -> list[FigureDraft]:
        out: list[FigureDraft] = []
        text = self.doc.text
        for para in self.doc.paragraphs:
            if para.kind in ("dateline", "heading", "caption"):
                continue
            start = para.body_start if para.kind == "turn" else para.start
            mentions = find_numbers(text, start, para.end)
            for i, mention in enumerate(mentions):
                if _skip(text, mention, para.start):
                    continue
                following = mentions[i + 1] if i + 1 < len(mentions) else None
                figure = self._figure(mention, following, para.start, para.end)
                if figure is not None:
                    out.append(figure)
            out.extend(self._words(start, para.end, para.start))
        out.sort(key=lambda f: f.start)
        return out

    def _words(self, start: int, end: int, para_start: int) -> list[FigureDraft]:
        """Quantities written as words: "twice", "18-fold", "thousands of fans", "one in three"."""
        text = self.doc.text
        out = []
        for m in _TIMES.finditer(text, start, end):
            value = {"twice": 2, "thrice": 3}.get((m.group("word") or "").lower()) or float(
                m.group("n")
            )
            out.append(FigureDraft(m.start(), m.end(), float(value), "times", "exact", "times"))
        for m in _VAGUE.finditer(text, start, end):
            if m.group("tens"):
                value = _VAGUE_THOUSANDS[m.group("tens").lower()]
            else:
                value = _VAGUE_VALUES[m.group("word").lower()]
            unit, _, unit_end = _unit_after(text, m.end(), end)
            if unit and unit not in _NOT_UNITS:
                what = meaning(text, m.end(), unit_end, unit, end)
                unit = _people(unit, text[m.end() : unit_end + 12])
                out.append(FigureDraft(m.start(), m.end(), value, unit, "at least", what))
        chunk = text[start:end].lower()
        couples = _COUPLE.finditer(text, start, end) if "couple" in chunk else ()
        for m in couples:  # "a couple of points"
            unit, _, unit_end = _unit_after(text, m.end(), end)
            if unit and unit not in _NOT_UNITS:
                what = meaning(text, m.end(), unit_end, unit, end)
                out.append(FigureDraft(m.start(), m.end(), 2.0, unit, "about", what))
        singles = _ONE_UNIT.finditer(text, start, end) if _ONE_UNIT_HINT.search(chunk) else ()
        for m in singles:  # "nearly a decade", "over an hour"
            unit = UNIT_ALIASES[m.group("unit").lower()]
            qualifier = QUALIFIER_BEFORE[m.group("qualifier").lower()]
            out.append(FigureDraft(m.start(), m.end(), 1.0, unit, qualifier, unit))
        for m in RATIO.finditer(text, start, end):
            share = ratio_percent(m.group())
            if share is not None:
                out.append(
                    FigureDraft(m.start(), m.end(), round(share, 2), "percent", "about", "share")
                )
        return out

    def _figure(
        self,
        mention: NumberMention,
        following: NumberMention | None,
        para_start: int,
        para_end: int,
    ) -> FigureDraft | None:
        text = self.doc.text
        qualifier, q_start = _qualifier(text, mention.start, para_start)
        after_text = text[mention.end : mention.end + 40]
        unit_from = mention.end
        if (
            following is not None
            and _RANGE.match(text[mention.end : following.start])
            and (following.start - mention.end < 24)
        ):
            unit_from = following.end  # "ten to 32 pages": the unit follows the range
        unit, what, unit_end = _unit_after(text, unit_from, para_end)
        what = meaning(text, unit_from, unit_end, unit, para_end) if unit else what
        if re.match(r"^\s+or\s+more\b", after_text) or after_text.startswith("+"):
            qualifier = "at least"
        value = mention.value
        if mention.currency:
            unit = CURRENCY_SYMBOLS.get(mention.currency.strip(), "USD")
            what = self._measured(mention, q_start, para_start, para_end)
        elif mention.spelled and mention.text.lower().endswith("half"):
            m = re.match(
                r"^\s+(?:an?\s+)?(hour|day|year|month|week|mile|kilometre|kilometer)\b", after_text
            )
            if m:
                value, unit = value / 100, UNIT_ALIASES.get(m.group(1), m.group(1) + "s")
            elif not re.match(r"^\s*(?:of\b|[,.;:)]|$)", after_text):
                return None  # "half-Chinese", "a third party": not a share
            else:
                unit = "percent"
                what = self._measured(mention, q_start, para_start, para_end)
        elif mention.percent:
            if mention.spelled and not re.match(r"^\s*(?:of\b|[,.;:)]|$)", after_text):
                return None
            unit = "percent"
            what = self._measured(mention, q_start, para_start, para_end)
        elif _AGE_BEFORE.search(text[max(para_start, mention.start - 16) : mention.start]) or (
            re.search(
                r"[A-Z][\w'\u2019-]+,\s*$",
                text[max(para_start, mention.start - 40) : mention.start],
            )
            and re.match(r"^\s*[,)]", after_text)
        ):
            unit, what = "years", "age"
        elif not unit:
            unit = _unit_before(text, mention.start, para_start) or ""
            what = unit
        if not unit or unit in _NOT_UNITS:
            return None  # no counted noun: a code or a label, not a quantity
        return FigureDraft(
            q_start, mention.end, value, _people(unit, what), qualifier, what or unit
        )

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
            and following.group(1) not in _UNIT_STOP
            and not following.group(1).endswith(("ed", "ly"))
        ):
            return following.group(1)  # "$50,000 prize"
        return unit
