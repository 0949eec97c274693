"""Finding and reading numbers in text: digits, separators, scale words, spelled-out numbers.

``find_numbers`` is the one tokenizer for quantities: grounding uses it to check a
figure's value against its surface text, the extractive engine builds figures on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "dozen": 12.0,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "tn": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
# Phrases that are numbers on their own: value, and whether it is a share of a whole.
_PHRASES = {
    "a dozen": (12, False),
    "half a dozen": (6, False),
    "a half-dozen": (6, False),
    "a half dozen": (6, False),
    "half a million": (5e5, False),
    "half a billion": (5e8, False),
    "a quarter of a million": (2.5e5, False),
    "a quarter-million": (2.5e5, False),
    "three quarters of a million": (7.5e5, False),
    "a quarter of a billion": (2.5e8, False),
    "a score": (20, False),
    "a half": (50, True),
    "one half": (50, True),
    "half": (50, True),
    "a third": (100 / 3, True),
    "one third": (100 / 3, True),
    "two thirds": (200 / 3, True),
    "two-thirds": (200 / 3, True),
    "a quarter": (25, True),
    "one quarter": (25, True),
    "three quarters": (75, True),
    "three-quarters": (75, True),
    "a fifth": (20, True),
    "a tenth": (10, True),
    "a hundred": (100, False),
    "a thousand": (1000, False),
    "a million": (1e6, False),
    "a billion": (1e9, False),
}

# Fractions with a spelled numerator: "three-fourths", "two fifths", "one-tenth".
_FRACTIONS = {
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_FRACTION = (
    r"(?:one|two|three|four|five|six|seven|eight|nine)[- ]"
    rf"(?:{'|'.join(_FRACTIONS)})s?"
)

NUMBER_WORDS = frozenset([*_UNITS, *_TENS, "hundred", "thousand", "million", "billion"])
_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_SPELLED = rf"(?:{_WORD})(?:[- ](?:{_WORD}))?"
_SCALE = r"(?:dozen|hundred|thousand|million|billion|trillion|lakh|crore|bn|mn|mln|tn|[kmb])\b"
_CURRENCY = r"(?:[A-Z]{2,3}\$|[A-Z]{1,2}\u20ac|\$|\u20ac|\u00a3|\u00a5|\u20b9|\u20bd|US\$|Rs\.?\s?)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"

_STARTS = "".join(sorted({w[0] for w in [*_UNITS, *_TENS, *_PHRASES]}))
# Numbers start at a word boundary; the lookahead lets the engine skip most positions fast.
NUMBER_RE = re.compile(
    rf"""
    (?<![\w])(?=[\d.$\u20ac\u00a3\u00a5\u20b9\u20bdA-Z{_STARTS}{_STARTS.upper()}])
    (?:(?P<currency>{_CURRENCY})\s?)?
    (?:
        (?P<digits>{_DIGITS})
      | (?P<phrase>{"|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True))})\b
      | (?P<fraction>\b{_FRACTION}\b)
      | (?P<spelled>\b{_SPELLED}\b)
    )
    (?P<half>(?:\s+|-)and(?:\s+|-)a(?:\s+|-)half\b)?
    (?:\s?(?P<scale>(?:{_SCALE})(?:[- ](?:{_SCALE}))?))?
    (?P<rest>(?<=hundred)\s+(?:and\s+)?(?:{_SPELLED})\b)?
    (?P<percent>\s?(?:%|per\s?cent\b|percent\b))?
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class NumberMention:
    """A number as written in a text, with its value scaled."""

    start: int
    end: int
    text: str
    value: float
    currency: str | None
    percent: bool
    spelled: bool


def _spelled_value(words: str) -> float:
    total = 0.0
    for part in re.split(r"[- ]", words.lower()):
        total += _TENS.get(part, 0) + _UNITS.get(part, 0)
    return total


def _rest_value(rest: str | None) -> float:
    """The words after "hundred" that add to it: " and fifty" -> 50."""
    if not rest:
        return 0.0
    return _spelled_value(re.sub(r"^\s*(?:and\s+)?", "", rest))


def _fraction_value(words: str) -> float:
    """ "three-fourths" -> 75.0: a fraction as a percentage."""
    top, bottom = re.split(r"[- ]", words.lower())
    return 100 * _UNITS[top] / _FRACTIONS[bottom.rstrip("s")]


def _scale_value(scale: str | None) -> float:
    if not scale:
        return 1.0
    factor = 1.0
    for part in re.split(r"[- ]", scale.lower()):
        factor *= SCALES[part]  # the pattern admits scale words only
    return factor


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberMention]:
    """Every number in ``text[start:end]`` with its scaled value."""
    out: list[NumberMention] = []
    for m in NUMBER_RE.finditer(text, start, len(text) if end is None else end):
        digits, phrase, spelled = m.group("digits"), m.group("phrase"), m.group("spelled")
        a, b = m.span()
        if phrase:
            base, share = _PHRASES[phrase.lower()]
            base += _rest_value(m.group("rest"))  # "a hundred and twenty"
            out.append(NumberMention(a, b, text[a:b], base, m.group("currency"), share, True))
            continue
        if m.group("fraction"):
            out.append(
                NumberMention(
                    a, b, text[a:b], _fraction_value(m.group("fraction")), None, True, True
                )
            )
            continue
        # A number, digits or spelled, matched; a number glued to a word ("G20") never does.
        base = float(digits.replace(",", "")) if digits else _spelled_value(spelled)
        scale = m.group("scale")
        glued = bool(digits) and m.start("scale") == m.end("digits")
        if scale and scale.lower() in {"m", "b", "k"} and not (glued or m.group("currency")):
            scale = None  # "5 m" is five metres; "5m" and "$5 m" are millions
        if m.group("half"):
            base += 0.5  # "two and a half"
        value = base * _scale_value(scale)
        if m.group("rest") and spelled:
            value += _rest_value(m.group("rest"))
        elif m.group("rest"):
            b = m.start("rest")  # "100 hundred and five" is no number words read together
        if scale is None and m.group("scale"):
            b = (
                m.end("half")
                if m.group("half")
                else m.end("digits")
                if digits
                else m.end("spelled")
            )
        out.append(
            NumberMention(
                a,
                b,
                text[a:b],
                value,
                m.group("currency"),
                bool(m.group("percent")),
                bool(spelled),
            )
        )
    return out


def parse_number(text: str) -> float | None:
    """Value of the first number in ``text`` (scaled), or None when there is none."""
    found = find_numbers(text)
    return found[0].value if found else None


_ROUNDED_FROM = 10_000


def same_value(declared: float, stated: float) -> bool:
    """True when ``declared`` is the value the text states: whole numbers must be equal
    (40007 is not 40,000), others may differ by rounding (33.33 for a third)."""
    if float(declared).is_integer() and float(stated).is_integer():
        return declared == stated
    return values_agree(declared, stated)


def rounds_to(rounded: float, exact: float) -> bool:
    """True when ``rounded`` is ``exact`` written with fewer digits ("46,000" for 45,756)."""
    if not float(rounded).is_integer() or abs(rounded) < _ROUNDED_FROM:
        return False  # small numbers and years are written exactly
    zeros = len(str(int(abs(rounded)))) - len(str(int(abs(rounded))).rstrip("0"))
    return zeros >= 2 and round(exact, -zeros) == rounded


def values_agree(a: float, b: float, tolerance: float = 0.005) -> bool:
    """True when ``a`` and ``b`` are equal within ``tolerance`` relative difference."""
    if a == b:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


# Quantities written as words that ``find_numbers`` leaves to callers: "twice", "hundreds".
_RATIO_TOP = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine)"
_RATIO_BOTTOM = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)"
WORD_QUANTITY = re.compile(
    r"\b(?:once(?=\s+(?:an?|per|every|each|or)\b)|twice|thrice|"
    r"dozens|hundreds|thousands|millions|billions|\d+[- ]?fold|"
    r"teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|"
    r"(?:several|a\s+few)\s+(?:hundred|thousand|million|billion)|"
    rf"{_RATIO_TOP} (?:in|out of) {_RATIO_BOTTOM})\b",
    re.IGNORECASE,
)
RATIO = re.compile(rf"\b({_RATIO_TOP}) (?:in|out of) ({_RATIO_BOTTOM})\b", re.IGNORECASE)


def ratio_percent(text: str) -> float | None:
    """ "one in three" -> 33.33...: a ratio in the text as a percentage, if there is one."""
    m = RATIO.search(text)
    if not m:
        return None
    top_word = m.group(1).lower()
    top = float(top_word) if top_word.isdigit() else float(_UNITS[top_word])
    bottom = m.group(2).lower()
    base = float(bottom) if bottom.isdigit() else float(_UNITS[bottom])
    return 100 * top / base if base else None


# "a year and a half", "an hour and a half": one unit and half of another, 1.5 units.
UNIT_AND_A_HALF = re.compile(
    r"\b(?:an?|one)\s+(?P<unit>year|month|week|day|hour|minute|mile|kilometre|kilometer|"
    r"decade|century)\s+and\s+a\s+half\b",
    re.IGNORECASE,
)
# The number words of a frequency: "once", "twice", "thrice".
TIMES_WORDS = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_SCALE_END = re.compile(r"[\d\s](hundred|thousand|million|billion|trillion|bn|mn)$", re.I)
_ALTERNATIVE = re.compile(r"\s*(?:-|\u2013|\u2014|to|or|and)\s*", re.IGNORECASE)


def shared_scale(text: str, first: NumberMention, last: NumberMention) -> float:
    """The scale word that only the last of two joined numbers spells out, when it is the
    first's too: 1000 for "five or six thousand", 1e6 for "$2-3 million"; else 1.

    The first number takes it only when it stays below the last ("five or six thousand"
    is 5,000 to 6,000), not in "500 and 2 million" or "one to 1,000".
    """
    if not _ALTERNATIVE.fullmatch(text, first.end, last.start):
        return 1.0
    scale = _SCALE_END.search(last.text)
    if scale is None or _SCALE_END.search(first.text):
        return 1.0
    factor = SCALES[scale.group(1).lower()]
    return factor if first.value < last.value / factor else 1.0
