"""Quantities: numbers with their unit (the counted noun), qualifier and what they count.

Dates, years, clock times, ordinals, ranks ("number 3"), labels in a series ("season
2"), patterns ("4-4-2") and numbers inside names are left out, and so is a number
hyphened to a noun that names a kind ("the two-party system"). Both ends of a range
are figures, also when only the last end carries the percent sign ("20 to 25
percent") or when speech joins them with a comma ("three, four years").
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..quantities import NumberMention, find_numbers, shared_scale
from ..readings import (
    AGE_AT,
    AGE_BEFORE,
    AGE_SUBJECT,
    CLOSES_APPOSITION,
    NAME_COMMA,
    UNIT_ALIASES,
    asked_count,
    opening_age,
)
from .document import Document
from .lexicon import CURRENCY_SYMBOLS, MONTHS
from .meaning import is_time_word, meaning, measured_noun, share_of, share_owner
from .units import (
    NOT_UNITS,
    PLURALISH,
    UNIT_STOP,
    FigureDraft,
    counted_noun_follows,
    people,
    plural,
    single_noun,
    unit_after,
    unit_before,
)
from .word_figures import qualifier_before, word_figures

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
_MODAL_BEFORE = re.compile(r"\b(?:could|would|will|might|may|should|can|must)\s+$", re.I)
_PRONOUN_BEFORE = re.compile(r"\b(?:you|we|they|those|these|us|them)\s+$", re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|other|latter|former)\s+$", re.I)
_DASH_CHAIN = re.compile(r"\b\d+(?:-\d+){2,}\b")
_LABELS = frozenset(
    """season episode chapter page part act scene round game level stage phase step grade
    class category division tier track room floor row lane gate platform exit route highway
    flight bus line version volume issue size""".split()
)
_RANK_WORDS = frozenset("number no. rank ranked ranking #".split())
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
    r"\b(?:the|this|that|its|their|his|her|our|my|your|all|both|every|fiscal|year|FY|season)\s+$",
    re.IGNORECASE,
)
# A word in -s and a determiner after it: a verb and its object ("2015 leaves the race").
_VERB_OBJECT = re.compile(
    r"\s+[a-z]+s\s+(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those)\b"
)
_NAMED = re.compile(r"\b(?:called|titled|entitled|named|dubbed)\s+[\"'\u201c\u2018]?$", re.I)
_NOT_NAME_WORDS = UNIT_STOP | frozenset(
    "over about some nearly almost around only all the between roughly just another last up "
    "approximately estimated".split()
)
# Words that make "one" a count: "only quoted one stanza", "more than one", "at least one".
_COUNTED_ONE = re.compile(
    r"\b(?:(?:only|just|exactly|merely)\s+(?:[a-z]+\s+)?|(?:than|least|most)\s+)$",
    re.IGNORECASE,
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
    if prev_word[0].lower() in _RANK_WORDS and not mention.percent:
        return True  # "number 3 in the charts", "rank 12": a place in an order
    if prev_word[0] in _LABELS and not mention.spelled and not _noun_next(next_word[0]):
        return True  # "season 2", "page 12", "room 101": a label in a series
    if re.match(r"^/\d", after) or re.search(r"[\d\w.]/$", before):
        return True  # 9/11, 12/05/2015, a web address: "radio.com/show/45"
    if _NAMED.search(before):
        return True  # "an album called 21 Songs": a title
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
        counted = (
            PLURALISH.match(unit_word)
            and not _YEAR_OWNER.search(before)
            and not _VERB_OBJECT.match(after)  # "the end of 2015 leaves the race": a verb
        )
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
    if any(
        m.start() <= a and b <= m.end()
        for m in _DASH_CHAIN.finditer(text, max(0, a - 12), min(len(text), b + 12))
    ):
        return True  # "a 3-2-1 strategy", "4-4-2": a pattern of numbers, not quantities
    if mention.spelled and mention.value == 0 and not counted_noun_follows(after[:16]):
        return True  # "zero in on", "zero-sum": no count, but "zero casualties"
    if mention.spelled and mention.value == 1 and not _ONE_IN_RANGE.match(after):
        nxt = next_word[0].lower()
        marked = bool(_COUNTED_ONE.search(before)) and single_noun(text, b, b + 40) is not None
        if nxt.rstrip("s") not in _SPELLED_COUNTABLE_ONE and not marked:
            return True  # "one of", "no one", but "one or two points", "only one stanza"
        if _CLAUSE_OPENING.search(before) or (nxt == "day" and _MODAL_BEFORE.search(before)):
            return True  # "One day, ...", "could one day lead": a time, not a quantity
    return bool(  # "you two", "those three", but "it took us two years"
        mention.spelled and _PRONOUN_BEFORE.search(before) and not _unit_follows(after)
    )


def _noun_next(word: str) -> bool:
    """True when ``word``, right after a number, is a unit or a plural noun."""
    lower = word.lower()
    return lower in UNIT_ALIASES or bool(PLURALISH.match(lower) and lower not in UNIT_STOP)


def _unit_follows(after: str) -> bool:
    """True when a unit or a plural noun is the next word after a number."""
    word = re.match(r"\s*([A-Za-z][\w-]*)", after)
    return counted_noun_follows(after) or bool(word and word.group(1).lower() in UNIT_ALIASES)


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
_PARTITIVE = re.compile(
    r"\s+of\s+(?:the|these|those|its|their|our|his|her|my|your)\s+"
    r"(?:(?:past|last|first|next|other|remaining)\s+)?"
)
_OF_US = re.compile(r"\s+of\s+us\b", re.IGNORECASE)  # "there are seven of us"
# A verb that harms people, then the number: "the blast killed 14 and wounded 20".
_HARMED_BEFORE = re.compile(
    r"\b(?:kill|wound|injur)(?:ed|ing|es|s)?\s+(?:(?:at least|about|around|some|nearly|"
    r"more than|over|another|an(?: additional| estimated)?)\s+)?$",
    re.IGNORECASE,
)
_MAGNIFIED = re.compile(r"\s?[xX\u00d7](?![\w])")
_EMPHATIC_BEFORE = re.compile(
    r"(?:\b(?:is|was|are|were|be|been|am|agree|agreed|support|behind|with)|['\u2019][ms])\s+"
    r"[\"\u201c]?$",
    re.IGNORECASE,
)
_EMPHATIC_AFTER = re.compile(
    r"\s+(?:sure|certain|committed|confident|convinced|behind|right|wrong|true|correct|"
    r"accurate|honest|serious|clear)\b",
    re.IGNORECASE,
)
_SHARE_END = re.compile(r"^\s*(?:of\b|the\b|[,.;:)]|$)")  # "half of it", "half the time"
_LIST_GOES_ON = re.compile(r"\s*(?:,|or\b|and\b)")
_PERCENT_WORD = re.compile(r"(?:%|per\s?cent)$", re.IGNORECASE)
_PARTS = re.compile(r"(?:thirds|quarters|ths)$", re.IGNORECASE)  # a plural fraction


def _range_end(
    text: str, mention: NumberMention, following: NumberMention | None
) -> NumberMention | None:
    """The number that closes a range opened by ``mention`` ("10 to 15", "five or six")."""
    if following is None or following.start - mention.end >= 24:
        return None
    if (mention.percent and not following.percent) or (following.currency and not mention.currency):
        return None  # "dipping 1.3 percent to $191.6 million": two quantities, no range
    between = text[mention.end : following.start]
    if _RANGE.match(between):
        return following
    spoken = between == ", " and mention.spelled == following.spelled
    spoken = spoken and not _LIST_GOES_ON.match(text, following.end)
    close = mention.value < following.value <= 2 * mention.value + 1
    return following if spoken and close else None  # "three, four years", but "1, 2 or 3"


def _share_range(text: str, first: NumberMention, last: NumberMention) -> NumberMention:
    """The first end of a range of shares read as a share: "20 to 25 percent", "60 or 70%".

    Only the last end carries the percent sign, so the first end's words run to it.
    """
    if first.percent or first.currency or not last.percent:
        return first
    return replace(first, end=last.end, text=text[first.start : last.end], percent=True)


def _scaled_range(text: str, first: NumberMention, last: NumberMention) -> NumberMention:
    """The first end of a range whose scale only the last end spells out, read with it.

    In "five or six thousand" and "$2-3 million" the first end means 5,000 and
    2 million: its words run to the scale word so that they say so.
    """
    factor = shared_scale(text, first, last)
    if factor == 1.0:
        return first
    return replace(
        first, end=last.end, text=text[first.start : last.end], value=first.value * factor
    )


def _emphatic(text: str, mention: NumberMention, para_start: int) -> bool:
    """ "I'm 100 percent sure", "we are 110% committed": all of nothing, no share."""
    if mention.value not in (100, 110) or re.match(r"\s+of\b", text[mention.end :]):
        return False
    if _EMPHATIC_AFTER.match(text, mention.end):
        return True
    return bool(_EMPHATIC_BEFORE.search(text, max(para_start, mention.start - 24), mention.start))


class FigureFinder:
    """The figures of one document: numbers with a unit, and quantities written as words."""

    def __init__(self, doc: Document):
        self.doc = doc

    def run(self) -> list[FigureDraft]:
        out: list[FigureDraft] = []
        doc = self.doc
        for para in doc.paragraphs:
            if para.kind in ("dateline", "caption"):
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
            if i and _range_end(text, mentions[i - 1], mention) is not None:
                following = None  # "30 to 44 and more than 70 percent": 44 closes a range
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
        qualifier, q_start = qualifier_before(text, mention.start, para_start)
        after_text = text[mention.end : mention.end + 40]
        unit_from = mention.end
        approximate = _APPROXIMATE_AFTER.match(text, mention.end, para_end)
        if approximate:
            unit_from = approximate.end()
            least = approximate.group("word") == "plus" or approximate.group("more")
            qualifier = "at least" if least else "about"
        if following is not None and _PARTITIVE.fullmatch(text, mention.end, following.start):
            unit_from = following.end  # "eight of the past nine contests": contests
        partner = _range_end(text, mention, following)
        if partner is not None:
            unit_from = partner.end  # "ten to 32 pages": the unit follows the range
            mention = _share_range(text, _scaled_range(text, mention, partner), partner)
        unit, what, unit_end = unit_after(text, unit_from, para_end)
        what = meaning(text, unit_from, unit_end, unit, para_end) if unit else what
        if re.match(r"^\s+or\s+more\b(?!\s+than)", after_text) or after_text.startswith("+"):
            qualifier = "at least"
        value = mention.value
        single = single_noun(text, mention.end, para_end) if value == 1 else None
        if single is not None and not (mention.currency or mention.percent):
            unit, what = plural(single), single  # "only one candidate gets": candidates
        if mention.currency:
            unit = CURRENCY_SYMBOLS.get(mention.currency.strip(), "USD")
            what = self._measured(mention, q_start, para_start, para_end)
        elif mention.percent and mention.text.lower().endswith("half"):
            m = re.match(
                r"^\s+(?:an?\s+)?(hour|day|year|month|week|mile|kilometre|kilometer)\b", after_text
            )
            if m:
                value, unit = value / 100, UNIT_ALIASES.get(m.group(1), m.group(1) + "s")
                what = unit  # "half an hour": hours, not "an hour"
            elif not _SHARE_END.match(after_text):
                return None  # "half-Chinese", "a third party": not a share
            else:
                unit = "percent"
                what = self._measured(mention, q_start, para_start, para_end)
        elif mention.percent:
            if (
                mention.spelled
                and not _PERCENT_WORD.search(mention.text)
                and not (_SHARE_END.match(after_text) or _PARTS.search(mention.text))
            ):
                return None  # "a third party", but "three-fourths say", "eight percent and"
            if _emphatic(text, mention, para_start):
                return None  # "I am 100 percent sure": a manner of speaking
            unit = "percent"
            what = self._measured(mention, q_start, para_start, para_end)
        elif unit in ("", "years") and (
            AGE_BEFORE.search(text[max(para_start, mention.start - 16) : mention.start])
            or (
                NAME_COMMA.search(text, max(para_start, mention.start - 40), mention.start)
                and CLOSES_APPOSITION.match(text, mention.end)
            )
        ):
            unit, what = "years", "age"  # but "at the age of four months", "I'm six feet tall"
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
        aged = opening_age(text, mention.start, mention.end)
        if (
            aged or AGE_SUBJECT.search(before) or AGE_AT.search(before)
        ) and not _MEASURE_MARK.match(text, mention.end):
            return "years", "age"
        if _MAGNIFIED.match(text, mention.end, para_end):
            return "times", "magnification"
        if _OF_US.match(text, mention.end, para_end) or _HARMED_BEFORE.search(before):
            return "people", "people"  # "seven of us", "the blast killed 14"
        asked = asked_count(text, mention.start)
        if asked is not None:
            return asked  # "How many albums have you made? - Eleven."
        unit = unit_before(text, mention.start, para_start) or ""
        return unit, unit

    def _measured(
        self, mention: NumberMention, q_start: int, para_start: int, para_end: int
    ) -> str:
        """What a sum or a share measures: "bail of US$20,000", "share of our players";
        "share" and "money" when the words around it name nothing ("60 percent of it")."""
        text = self.doc.text
        before = measured_noun(text, q_start, para_start)
        if before:
            return before
        if mention.percent:
            of = share_of(text, mention.end, para_end)
            return of or share_owner(text, q_start, para_start) or "share"
        after = meaning(text, mention.end, mention.end, "money", para_end)
        if after != "money":
            return after.removeprefix("of ")  # "$20,000 of his own money": his own money
        following = re.match(r"\s+([a-z][\w-]+)[.,;:!?]", text[mention.end : mention.end + 30])
        if (
            following
            and following.group(1) not in UNIT_STOP
            and not following.group(1).endswith(("ed", "ly"))
            and not is_time_word(following.group(1))
        ):
            return following.group(1)  # "$50,000 prize", but "$5 million today"
        return "money"
