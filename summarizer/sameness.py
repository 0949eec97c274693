"""When two actors are one actor and two units one unit (BRIEF.md §5).

The eval scorer matches predicted items to gold items by these rules
(:mod:`summarizer.evals.scoring`), and ``daily`` merges a story's actors and
figures across its articles by the same ones (:mod:`summarizer.daily.storyactors`,
:mod:`summarizer.daily.storyfigures`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .schema import ActorKind
from .text import fold, fold_name, stem


class NamedActor(Protocol):
    """What the actor rules read of an actor: a scored item, or a brief's actor."""

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> ActorKind: ...

    @property
    def aliases(self) -> Sequence[str]: ...


# Words before a name that are not part of it ("Mr. Blinken", "President Biden").
_TITLES = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "reverend",
        "fr",
        "father",
        "sister",
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "senator",
        "sen",
        "rep",
        "representative",
        "governor",
        "gov",
        "mayor",
        "judge",
        "justice",
        "chancellor",
        "general",
        "gen",
        "colonel",
        "col",
        "captain",
        "capt",
        "lt",
        "sgt",
        "chief",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "saint",
        "st",
        "the",
    )
)

_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "us dollar": "USD",
    "\u20ac": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "\u00a3": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pound sterling": "GBP",
    "sterling": "GBP",
    "\u00a5": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "nz$": "NZD",
    "nzd": "NZD",
    "new zealand dollar": "NZD",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "australian dollar": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "canadian dollar": "CAD",
    "hk$": "HKD",
    "hkd": "HKD",
    "hong kong dollar": "HKD",
    "\u20b9": "INR",
    "inr": "INR",
    "rs": "INR",
    "rupee": "INR",
    "\u20bd": "RUB",
    "rub": "RUB",
    "rouble": "RUB",
    "ruble": "RUB",
    "cny": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "chf": "CHF",
    "swiss franc": "CHF",
}
_SYNONYMS = {
    "%": "percent",
    "per cent": "percent",
    "pct": "percent",
    "percentage": "percent",
    "percentage point": "percent",
    "person": "people",
    "individual": "people",
    "km": "kilometre",
    "kilometer": "kilometre",
    "mi": "mile",
    "m": "metre",
    "meter": "metre",
    "cm": "centimetre",
    "centimeter": "centimetre",
    "mm": "millimetre",
    "millimeter": "millimetre",
    "kg": "kilogram",
    "kilo": "kilogram",
    "g": "gram",
    "t": "tonne",
    "ton": "tonne",
    "hr": "hour",
    "h": "hour",
    "min": "minute",
    "sec": "second",
    "s": "second",
    "yr": "year",
    "km/h": "kilometre per hour",
    "kph": "kilometre per hour",
    "mph": "mile per hour",
    "sq km": "square kilometre",
    "km2": "square kilometre",
}


def name_parts(name: str) -> list[str]:
    """The words of a name, normalised, without leading titles ("Mr.", "President")."""
    parts = fold_name(name).split()
    while len(parts) > 1 and parts[0] in _TITLES:
        parts.pop(0)
    return parts


def _first_names_agree(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return True
    x, y = a[0], b[0]
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def name_key(name: str) -> str:
    """A name normalised for comparison; a leading article does not count ("The Guardian")."""
    key = fold_name(name)
    return key[4:] if key.startswith("the ") else key


def exact_actor_match(predicted: NamedActor, gold: NamedActor) -> bool:
    """The predicted name is the gold name or one of its aliases (normalised)."""
    key = name_key(predicted.name)
    return any(key == name_key(form) for form in (gold.name, *gold.aliases))


def actor_matches(predicted: NamedActor, gold: NamedActor) -> bool:
    """BRIEF.md §5: same name or alias, or two persons whose surnames agree.

    Only the predicted actor's ``name`` counts (not its aliases), so a
    prediction that merges two actors into one matches only one of them.
    """
    if exact_actor_match(predicted, gold):
        return True
    if predicted.kind != "person" or gold.kind != "person":
        return False
    return same_person_names(name_parts(predicted.name), name_parts(gold.name))


def same_person_names(p: list[str], g: list[str]) -> bool:
    """Two persons' :func:`name_parts`: the surnames agree and the first names do not
    contradict."""
    return bool(p and g) and p[-1] == g[-1] and _first_names_agree(p[:-1], g[:-1])


def normalise_unit(unit: str) -> str:
    """A unit in one spelling: lowercase, singular, ISO currency codes, ``percent``."""
    text = fold(unit).strip(" .")
    if text in _CURRENCIES:
        return _CURRENCIES[text]
    singular = " ".join(stem(w) for w in text.split())
    if singular in _CURRENCIES:
        return _CURRENCIES[singular]
    if singular in _SYNONYMS:
        return _SYNONYMS[singular]
    words = [_SYNONYMS.get(w, w) for w in singular.split()]
    return " ".join(words)


def units_agree(a: str, b: str) -> bool:
    """Normalised units are equal, or their head nouns (last words) are."""
    x, y = normalise_unit(a), normalise_unit(b)
    if x == y:
        return True
    return bool(x and y) and x.split()[-1] == y.split()[-1]
