"""What a number counts or measures: the unit or counted noun after it, or named before it.

"45 Russian spies" counts spies, "6 kilometres per second" measures kilometres per
second, "a three-nation alliance" counts nations, and in "raised the number of
battlegroups to eight" the counted noun comes first. A word that only looks
plural ("business", "analysis") or a capitalised name ("Sanders") is no counted
noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..readings import UNIT_ALIASES
from ..schema import Qualifier
from ..text import STOPWORDS
from .lexicon import CURRENCY_WORDS, DEMONYMS, FIRST_NAMES, HONORIFICS


@dataclass
class FigureDraft:
    """A quantity found in the text: its span, value, unit, qualifier and meaning."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: Qualifier
    what: str


_NAME_PAIR = re.compile(r"\b([A-Z][\w.]*)\s+(?=([A-Z][\w-]*))")
_NEXT_WORDS = re.compile(r"\u00b0[CF]?|[\w%$\u20ac\u00a3'\u2019/-]+|[^\w\s]")
# Plural-looking words: "-s" but not "-ss", "-us" or "-sis" ("business", "virus", "analysis").
PLURALISH = re.compile(
    r"^(?!(?:tennis|axis|iris|penis|metropolis|this|his)$)"
    r"(?:[a-z][a-z-]*(?<![su])(?<!si)s|[a-z-]*(?:people|men|women|children|staff|personnel|"
    r"police|cattle|sheep|fish|deer|aircraft|crew|media|menus|gurus))$"
)
_FILLER = frozenset("of the a an new more than other additional extra".split())
_LY_ADJECTIVES = frozenset(
    """early elderly daily weekly monthly yearly hourly nightly quarterly only likely friendly
    lonely lovely costly deadly holy ugly curly lively silly orderly family italy""".split()
)
UNIT_STOP = STOPWORDS | frozenset("to per from and or but as at by with in on than".split())
_HYPHENED_NOUN = re.compile(r"^-([a-z]{3,}?)(?<!ed)(?<!ing)(?<!ly)$")
# Nouns after a number and a hyphen that name a kind of thing, not how many it has:
# "the two-party system", "a two-way street", "a five-star hotel", "three-dimensional".
_KIND_COMPOUND = re.compile(
    r"^(?:party|way|horse|star|tier|track|sided|caliber|calibre|\w+(?:ional|ical))$"
)
# Words before a unit of time that make it a time or a rate: "last year", "a week".
_TIME_DETERMINERS = frozenset("a an per each every last this next that same".split())
_HUMAN_EVENTS = frozenset(
    "killed injured wounded dead died displaced evacuated missing arrested left hurt aboard".split()
)
# Where a clause names its counted noun before the number: a change ("raised the number
# of X to eight", "seats increased from 9") or a count stated ("the number of X is about 500").
_CHANGE_TO = re.compile(
    r"\b(?:to|from|by)\s*$|\b(?:number|total|count) of\b.*\b(?:is|was|are|were|stands at|"
    r"stood at|reached|hit)\s+(?:(?:about|around|nearly|almost|roughly|some|just|only|over|"
    r"under|more than|less than|fewer than|at least)\s+)?$"
)
NOT_UNITS = frozenset(
    "twenties thirties forties fifties sixties seventies eighties nineties teens goods".split()
)
_MIXED = re.compile(r"\b(?:men|women)\b.*\b(?:women|men|children)\b")
# Measures that a rate can follow ("6 kilometres per second"), and the times they go by.
_RATE_MEASURES = frozenset(
    "kilometres miles metres feet centimetres millimetres kilograms grams pounds tonnes".split()
)
_PER_TIME = {
    "hour": "hour",
    "hours": "hour",
    "h": "hour",
    "hr": "hour",
    "second": "second",
    "seconds": "second",
    "s": "second",
    "sec": "second",
    "minute": "minute",
    "min": "minute",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}
_SPEEDS = frozenset(("kilometres", "miles"))


_IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children"}


def plural(noun: str) -> str:
    """The plural of a singular noun: "nation" -> "nations", "party" -> "parties"."""
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def people(unit: str, context: str) -> str:
    """ "men and women", "men, women and children": people, counted together."""
    if unit in ("men", "women") and _MIXED.search(context):
        return "people"
    return unit


def _surname(word: str, text: str) -> bool:
    """True when ``word`` follows a given name or an honorific somewhere ("Bernie Sanders")."""
    return word not in DEMONYMS and word in _surnames(text)


@lru_cache(maxsize=4)
def _surnames(text: str) -> frozenset[str]:
    """Capitalised words of ``text`` that follow a given name or an honorific, read once."""
    return frozenset(
        m.group(2)
        for m in _NAME_PAIR.finditer(text)
        if m.group(1) in FIRST_NAMES or m.group(1) in HONORIFICS
    )


def _rate(words: list[tuple[str, int, int]], unit: str) -> tuple[str, int] | None:
    """ "per second", "/ h", "an hour" after a measure: the rate's unit and its last word."""
    if unit not in _RATE_MEASURES or len(words) < 3:
        return None
    joint, time = words[1][0].lower(), words[2][0].lower()
    if time not in _PER_TIME:
        return None
    if joint in ("per", "/") or (joint in ("an", "a") and time == "hour" and unit in _SPEEDS):
        return f"{unit} per {_PER_TIME[time]}", 3
    return None


def unit_after(text: str, end: int, limit: int) -> tuple[str, str, int]:
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
    if lower == "percentage" and len(words) > 1 and words[1][0].lower() in ("point", "points"):
        return "percentage points", describe(words[2:]), words[1][2]
    if lower in UNIT_ALIASES and not _preposition(words):
        unit = UNIT_ALIASES[lower]
        rate = _rate(words, unit)
        if rate:
            unit, j = rate
        else:
            j = 1
        return unit, describe(words[j:]), words[j - 1][2]
    if lower in CURRENCY_WORDS:
        return CURRENCY_WORDS[lower], describe(words[1:]), words[0][2]
    if first in ("-", "\u2013") and len(words) > 1 and words[1][0].lower().startswith("year"):
        return "years", describe(words[2:]), words[1][2]
    if re.match(r"^-?year-old", lower) or lower in ("year-old", "-year-old"):
        return "years", "age", words[0][2]
    old = re.match(r"^-?(\w+?)s?-old$", lower)
    if old and old.group(1) in UNIT_ALIASES:
        return UNIT_ALIASES[old.group(1)], "age", words[0][2]
    if lower.startswith("-") and lower[1:] in UNIT_ALIASES:
        return UNIT_ALIASES[lower[1:]], describe(words[1:]), words[0][2]
    hyphened = _HYPHENED_NOUN.match(lower)
    if hyphened and _KIND_COMPOUND.match(hyphened.group(1)):
        return "", "", end  # "the two-party system", "a five-star hotel": a kind, no count
    if hyphened and len(words) > 1 and words[1][0][:1].isalpha():
        # "a three-nation alliance", "a 12-member team": the noun after the hyphen is counted
        return plural(hyphened.group(1)), describe(words[1:]), words[0][2]
    if (
        first in ("-", "\u2013")
        and len(words) > 2
        and _HYPHENED_NOUN.match("-" + words[1][0])
        and words[1][0] not in UNIT_STOP
        and words[2][0][:1].isalpha()
    ):  # the same with a spaced hyphen: "the six - member team"
        return plural(words[1][0]), describe(words[2:]), words[1][2]
    if first == "+" and len(words) > 1 and words[1][0] != "+":  # "20+ versions"
        return unit_after(text, words[0][2], limit)
    if lower in _HUMAN_EVENTS or (
        lower in ("were", "was", "have", "had", "are")
        and len(words) > 1
        and words[1][0].lower() in _HUMAN_EVENTS
    ):
        return "people", describe(words), end  # "76 killed", "millions were left homeless"
    return _counted_noun(words, text) or ("", describe(words), end)


def _preposition(words: list[tuple[str, int, int]]) -> bool:
    """ "3 in the ranking", "5 in 10": "in" that starts a phrase is no unit (inches)."""
    return words[0][0] == "in" and len(words) > 1 and words[1][0][:1].isalnum()


def _counted_noun(words: list[tuple[str, int, int]], text: str) -> tuple[str, str, int] | None:
    """The plural noun after adjectives: "45 Russian spies", "four new battlegroups"."""
    for k, (word, _, w_end) in enumerate(words[:4]):
        lw = word.lower()
        if not word[0].isalpha():
            break
        if k and _adverb(words[k - 1][0]) and PLURALISH.match(lw):
            break  # a verb after an adverb: "1,800 hardly matters"
        if word[0].isupper() and k < 3:
            if (
                PLURALISH.match(lw)
                and len(lw) > 3
                and not _surname(word, text)
                and (
                    word not in DEMONYMS or k == len(words) - 1 or not words[k + 1][0][:1].isupper()
                )
            ):
                return lw, describe(words), w_end
            continue  # "45 Russian spies", "100,000 US troops"
        if lw in UNIT_STOP and lw not in _FILLER:
            break
        if lw in ("of",) and k == 0:
            continue
        if lw in UNIT_ALIASES and k and words[k - 1][0].lower() in _TIME_DETERMINERS:
            break  # "up from 90 last year", "3,000 a year": a time or a rate, not the unit
        if PLURALISH.match(lw) or lw in CURRENCY_WORDS or lw in UNIT_ALIASES:
            unit = CURRENCY_WORDS.get(lw) or UNIT_ALIASES.get(lw) or lw
            return unit, describe(words), w_end
    return None


def _adverb(word: str) -> bool:
    """An adverb in -ly ("hardly", "really"), not an adjective ("early", "weekly")."""
    lower = word.lower()
    return lower.isalpha() and lower.endswith("ly") and lower not in _LY_ADJECTIVES


def unit_before(text: str, start: int, para_start: int) -> str | None:
    """The counted noun named earlier in the clause: "the number of Battlegroups ... to eight"."""
    clause = re.split(r"[.;:!?]\s", text[max(para_start, start - 80) : start])[-1]
    if not _CHANGE_TO.search(clause):
        return None  # only a quantity that changes: "raised the number of X to eight"
    found: list[str] = re.findall(r"[A-Za-z][\w'\u2019-]*", clause)[-8:]
    for i in range(len(found) - 1, -1, -1):
        subject = i and (found[i - 1].lower() in _SUBJECTS or _surname(found[i - 1], text))
        if subject and PLURALISH.match(found[i].lower()):
            return None  # "if he gets close to 1,237", "Clinton leads": a verb, no counted noun
        if _counts(found[i]) and not _surname(found[i], text):
            return _head_noun(found, i).lower()
    return None


def _counts(word: str) -> bool:
    """True for a plural noun that can be counted: "seats", not "this" or "Greeks"."""
    lower = word.lower()
    plural = bool(PLURALISH.match(lower)) and len(lower) > 3
    return plural and lower not in UNIT_STOP and word not in DEMONYMS


# Words before a verb in -s: "if he gets close to 1,237", "it takes".
_SUBJECTS = frozenset("he she it who that which this".split())
_PHRASE_PREPOSITIONS = frozenset("in of at on for from across among".split())


def _head_noun(found: list[str], i: int) -> str:
    """The head of the noun phrase that ends with ``found[i]``: in "seats in the functional
    constituencies" the seats are counted, not the constituencies."""
    j = i - 1
    while j > 0 and i - j <= 3 and found[j].lower() not in _PHRASE_PREPOSITIONS:
        j -= 1
    if j > 0 and found[j].lower() in _PHRASE_PREPOSITIONS:
        head = found[j - 1].rstrip("'\u2019")
        if _counts(head):
            return head
    return found[i]


def describe(words: list[tuple[str, int, int]]) -> str:
    """Up to five words from ``words``, stopping at punctuation."""
    out = []
    for word, _, _ in words:
        if not word[0].isalnum():
            break
        out.append(word)
        if len(out) >= 5:
            break
    return " ".join(out)


# Singular nouns that "one" names without counting: "just one thing", "only one way".
_NOT_COUNTED_ONE = frozenset("thing things way ways other another more time".split())
# Adjectives that follow "one" with no noun after them: "the only one strong enough".
_ONE_ADJECTIVES = frozenset(
    """strong good big small great real true bad old new able ready right last first best
    worst same different main whole single certain""".split()
)
# Words after a noun that end its phrase: "only one debate tonight".
_AFTER_NOUN = frozenset(
    """tonight today tomorrow yesterday now ago here there else ahead enough too so away back
    left alone apart""".split()
)
_SINGLE_RUN = re.compile(r"(?:\s+[a-z][a-z-]{2,}\b(?!['\u2019-])){1,3}")


def single_noun(text: str, end: int, limit: int) -> str | None:
    """The singular noun after "one" or "1", past up to two adjectives ("only one stanza",
    "just one small supermarket"), or None."""
    m = _SINGLE_RUN.match(text, end, limit)
    if m is None:
        return None
    run: list[str] = []
    for word in m.group().split():
        if word in UNIT_STOP or word in _AFTER_NOUN or _adverb(word) or PLURALISH.match(word):
            break  # "only one candidate gets", "the only one strong enough"
        run.append(word)
    while run and run[-1].endswith(("ed", "ing")):
        run.pop()  # "one person killed"
    if not run or run[-1] in _NOT_COUNTED_ONE or run[-1] in _ONE_ADJECTIVES:
        return None
    return run[-1]


def counted_noun_follows(after: str) -> bool:
    """True when a plural noun follows within three words ("Category 3 storms")."""
    words = re.findall(r"[A-Za-z][\w-]*", after[:40])[:3]
    return any(
        PLURALISH.match(w.lower())
        and w.lower() not in UNIT_STOP
        and len(w) > 3
        and w not in DEMONYMS
        for w in words
    )
