"""A person's name inside the phrase that names a quote's source.

"Senate Minority Whip Dick Durbin" names Dick Durbin, "Sen. Tom Carper of
Delaware" names Tom Carper, "the United States" and "Log Cabin Republicans"
name no person. Titles and descriptions before a name are left out; a given
name starts the name; words that are places, organisations or titles are not
part of a person's name unless a given name comes first ("Kathleen Hall
Jamieson", "Howard Dean").
"""

from __future__ import annotations

import re

from .lexicon import (
    CAPITALS,
    COUNTRIES,
    COUNTRY_ALIASES,
    DEMONYMS,
    FIRST_NAMES,
    NON_NAMES,
    NON_PERSON_HEADS,
    ORG_WORDS,
    TITLE_WORDS,
)

_NAME_TOKEN = r"(?:[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*|[A-Z]\.)"
NAME_RUN = re.compile(
    rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|(?:de|van|von|bin|al|da|di|del|la|le)\b))*"
)
_PLACE_WORDS = frozenset("United Kingdom Republic Union States Nations Kingdom Emirates".split())
_NOT_PERSON_WORDS = (
    NON_NAMES,
    TITLE_WORDS,
    ORG_WORDS,
    DEMONYMS,
    COUNTRIES,
    CAPITALS,
    NON_PERSON_HEADS,
    _PLACE_WORDS,
)
NAME_BEFORE_CUE = re.compile(rf"{NAME_RUN.pattern}\s*$")


def person_name(phrase: str, *, single: bool, lowercase: frozenset[str]) -> str | None:
    """The first run of capitalised words in ``phrase`` that can be a person's name.

    Titles and descriptions before the name are left out ("Sen. Tom Carper of
    Delaware" -> "Tom Carper"); a run of country, organisation or title words is
    not a person.
    """
    for run in NAME_RUN.findall(phrase):
        name = _name_in_run(run.split(), single=single, lowercase=lowercase)
        if name is not None:
            return name
    return None


def _name_in_run(tokens: list[str], *, single: bool, lowercase: frozenset[str]) -> str | None:
    # The given name is the first one followed by a surname ("Tracy Martin", not "Martin").
    first = min((i for i, t in enumerate(tokens[:-1]) if t in FIRST_NAMES), default=-1)
    if first >= 0:
        tokens = tokens[first:]
    elif len(tokens) > 2:
        tokens = tokens[-3:] if re.fullmatch(r"[A-Z]\.", tokens[-2]) else tokens[-2:]
    if len(tokens) > 4 or (len(tokens) == 1 and not single):
        return None
    joined = " ".join(tokens)
    if joined in COUNTRIES or joined in COUNTRY_ALIASES:
        return None
    given = tokens[0] in FIRST_NAMES and len(tokens) > 1
    for i, token in enumerate(tokens):
        bare = token.rstrip(".")
        if i == 0 and given:
            continue
        # After a given name, "Hall" or "Dean" is a surname, not a place or a title.
        vetoes = (ORG_WORDS, COUNTRIES, _PLACE_WORDS) if given else _NOT_PERSON_WORDS
        if any(bare in words for words in vetoes) or (not given and bare.lower() in lowercase):
            return None
    return joined
