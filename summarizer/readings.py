"""What the words around a number say it counts when no noun follows it.

Shared by the extractive engine, which reads figures with these rules, and the
figure grounding, which checks a model's unit against the same rules:

- unit words and symbols written right after a number ("5km", "10µm", "40°C",
  "2 oz") and the canonical unit each stands for (:data:`UNIT_ALIASES`);
- ages: a bare number after "aged", "I was", "who is", "turned", a step in life
  ("wrote my first novel at 19"), a sentence opening "At 16, I", a decade of life
  ("in her early 60s") or a name
  or a word for a person and commas or brackets ("Smith, 45,", "her son, 7,",
  "Cruz (45)") counts years
  (:func:`age_before`);
- match scores: two numbers of at most three digits joined by a dash ("a 2-1
  win", "won 4 – 2") (:data:`SCORE`);
- answers: the first number after a question for a count ("How many albums have you
  made? Eleven.") counts what the question asks for (:func:`asked_count`).
"""

from __future__ import annotations

import re

# Units that follow a number directly and normalise to a canonical name.
UNIT_ALIASES = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pc": "percent",
    "km": "kilometres",
    "kilometers": "kilometres",
    "kilometres": "kilometres",
    "kilometer": "kilometres",
    "kilometre": "kilometres",
    "mi": "miles",
    "miles": "miles",
    "mile": "miles",
    "m": "metres",
    "meters": "metres",
    "metres": "metres",
    "meter": "metres",
    "metre": "metres",
    "cm": "centimetres",
    "mm": "millimetres",
    "kg": "kilograms",
    "kilograms": "kilograms",
    "kilogram": "kilograms",
    "g": "grams",
    "lb": "pounds",
    "lbs": "pounds",
    "ft": "feet",
    "feet": "feet",
    "foot": "feet",
    "in": "inches",
    "inches": "inches",
    "inch": "inches",
    "sq": "square",
    "mph": "miles per hour",
    "km/h": "kilometres per hour",
    "kph": "kilometres per hour",
    "years": "years",
    "year": "years",
    "yr": "years",
    "yrs": "years",
    "months": "months",
    "month": "months",
    "weeks": "weeks",
    "week": "weeks",
    "days": "days",
    "day": "days",
    "hours": "hours",
    "hour": "hours",
    "hrs": "hours",
    "minute": "minutes",
    "minutes": "minutes",
    "mins": "minutes",
    "second": "seconds",
    "seconds": "seconds",
    "decade": "decades",
    "decades": "decades",
    "century": "centuries",
    "centuries": "centuries",
    "mw": "megawatts",
    "gw": "gigawatts",
    "kb": "kilobytes",
    "mb": "megabytes",
    "gb": "gigabytes",
    "tb": "terabytes",
    "\u00b0": "degrees",
    "\u00b0c": "degrees",
    "\u00b0f": "degrees",
    "kmh": "kilometres per hour",
    "km/s": "kilometres per second",
    "m/s": "metres per second",
    "nm": "nanometres",
    "\u00b5m": "micrometres",
    "\u03bcm": "micrometres",
    "oz": "ounces",
    "ml": "millilitres",
    "cl": "centilitres",
    "ha": "hectares",
}

# What can stand between a subject and an age: "I was only 12", "she is about 40".
_HEDGE = r"(?:(?:only|just|about|around|maybe|barely|almost|nearly|probably|still|already|now)\s+)?"
# "aged 18", "at the age of 19", "I'm 40", "turned 65".
AGE_BEFORE = re.compile(
    r"(?:\bage(?:d)?(?:\s+of)?|\bI'?m|\bI am|\bturned|\bturns)\s*$", re.IGNORECASE
)
# A bare number after a person's "was"/"is": an age ("when I was sixteen", "who is 7").
AGE_SUBJECT = re.compile(
    r"(?:\b(?:I|[Hh]e|[Ss]he|[Ww]ho)\s+(?:was|is|am)|\b(?:I|[Hh]e|[Ss]he)['\u2019][ms])\s+"
    rf"{_HEDGE}$"
)
# A bare number after "at" in a clause about a step in life: "wrote my first novel at 19".
AGE_AT = re.compile(
    r"\b(?:start(?:ed)?|began|begun|died|retired|married|left|joined|quit|debuted|graduated|"
    r"learned|learnt|wrote|published|moved|emigrated|won|became)\b[^.;:!?\n]{0,40}?\bat\s+$"
)
# "At 16, I left home": a sentence that opens on "At" and a number, then a comma and a
# person (a clock time takes no comma: "At 3 the shop opens").
_AGE_OPENS = re.compile(r"(?:^|[.!?][\"'\u201d\u2019]?\s+|\n\s*)At\s+$")
_PERSON_AFTER = re.compile(r",\s*(?:I|he|she|we|they|my|his|her|their)\b")


def opening_age(text: str, start: int, end: int) -> bool:
    """True for the number of a sentence that opens "At 16, I ...": an age."""
    return bool(
        _AGE_OPENS.search(text, max(0, start - 8), start) and _PERSON_AFTER.match(text, end)
    )


# A decade of life: "in his twenties", "into her early 60s".
AGE_DECADE = re.compile(
    r"\b(?:in|into)\s+(?:my|his|her|their|our|your)\s+(?:(?:early|late|mid)[\s-]+)?"
    r"(?P<decade>teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"
    r"|[1-9]0s)\b",
    re.IGNORECASE,
)
_DECADE_BEFORE = re.compile(
    r"\b(?:in|into)\s+(?:my|his|her|their|our|your)\s+(?:(?:early|late|mid)[\s-]+)?$",
    re.IGNORECASE,
)
# "Jane Smith, 45, said", "her daughter, 7, loves", "Cruz (45)": a name or a word for a
# person, a comma or an opening bracket, the number, a comma or a bracket.
NAME_COMMA = re.compile(
    r"(?:[A-Z][\w'\u2019-]+|\b(?:son|daughter|wife|husband|mother|father|brother|sister|"
    r"child|boy|girl|man|woman|friend|partner|grandson|granddaughter|grandmother|"
    r"grandfather|mom|dad|nephew|niece|cousin|widow|widower))(?:,\s*|\s*\()$"
)
CLOSES_APPOSITION = re.compile(r"\s*[,)]")
# The first number of a range before this one: "aged 18 to " before "25".
_RANGE_BEFORE = re.compile(r"\d[\d,.]*\s*(?:-|\u2013|\u2014|to|or|and)\s*$")

# A match score: two numbers of at most three digits joined by a dash, not part of a
# date, a time, a phone number, a fraction or a longer run of numbers.
SCORE = re.compile(
    r"(?<![\w/.,:$\u20ac\u00a3-])(\d{1,3})\s?[-\u2013\u2014]\s?(\d{1,3})"
    r"(?![\w/%-]|[.,:]\d|\s?[-\u2013\u2014]\s?\d|\s?[ap]\.?m\b)"
)
# Units a score counts.
SCORE_UNITS = frozenset(
    "goals runs points sets games wickets tries baskets frames matches votes".split()
)


def age_before(text: str, start: int, end: int, floor: int = 0) -> bool:
    """True when the words before ``text[start:end]`` (from ``floor`` on) make the number
    there an age: after "aged", "I was", "who is", "turned", a step in life with "at", at
    the opening of "At 16, I ...", in a decade of life, or between a name's comma and
    another comma. The second number of a range takes the reading of the first ("aged 18
    to 25")."""
    before = text[max(floor, start - 80) : start]
    ranged = _RANGE_BEFORE.search(before)
    if ranged is not None:
        before = before[: ranged.start()]
    tail = before[-16:]
    if AGE_BEFORE.search(tail) or AGE_SUBJECT.search(before) or AGE_AT.search(before):
        return True
    if opening_age(text, start, end):
        return True
    if _DECADE_BEFORE.search(before):
        return True
    return bool(NAME_COMMA.search(before[-40:]) and CLOSES_APPOSITION.match(text, end))


def in_score(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is one side of a match score ("4" or "2" in "4-2")."""
    for m in SCORE.finditer(text, max(0, start - 8), min(len(text), end + 8)):
        if m.span(1) == (start, end) or m.span(2) == (start, end):
            return True
    return False


# A question for a count: "How many albums have you made?", "how many new members".
_HOW_MANY = re.compile(r"\bhow many((?:\s+[a-z][\w-]*){1,3})", re.IGNORECASE)
_ANSWER_REACH = 250
# A number between a question and an answer: it answered the question first.
_ANY_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"hundreds?|thousands?|millions?|billions?)\b",
    re.IGNORECASE,
)
# Words after "how many" that are no counted noun: "how many of you", "how many times".
_NOT_ASKED = frozenset("of are were is was do does did have has had can could will would".split())


def asked_count(text: str, start: int) -> tuple[str, str] | None:
    """(noun, words) that a bare number at ``start`` counts when it answers a question for a
    count just before it: ("albums", "albums") after "How many albums have you made?". Only
    the first number after the question answers it, and the question must end before it."""
    questions = list(_HOW_MANY.finditer(text, max(0, start - _ANSWER_REACH), start))
    if not questions:
        return None
    question = questions[-1]
    words = question.group(1).lower().split()
    at = next((i for i, w in enumerate(words) if w in _NOT_ASKED or w.endswith("s")), None)
    between = text[question.end() : start]
    if at is None or words[at] in _NOT_ASKED or "?" not in between:
        return None  # "how many of you", "how many did": no noun asked for
    if _ANY_NUMBER.search(between):
        return None  # an earlier number answered it
    return words[at], " ".join(words[: at + 1])
