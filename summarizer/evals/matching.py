"""When a predicted item matches a gold item (BRIEF.md §5), one small rule per field."""

from __future__ import annotations

from collections.abc import Sequence

from ..numbers import values_agree
from ..text import content_tokens, fold, fold_name, stem, token_f1
from .items import ActorItem, ClaimItem, FigureItem, SpanT

CLAIM_THRESHOLD = 0.5

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


def exact_actor_match(predicted: ActorItem, gold: ActorItem) -> bool:
    """The predicted name is the gold name or one of its aliases (normalised)."""
    key = name_key(predicted.name)
    return any(key == name_key(form) for form in (gold.name, *gold.aliases))


def actor_matches(predicted: ActorItem, gold: ActorItem) -> bool:
    """BRIEF.md §5: same name or alias, or two persons whose surnames agree.

    Only the predicted actor's ``name`` counts (not its aliases), so a
    prediction that merges two actors into one matches only one of them.
    """
    if exact_actor_match(predicted, gold):
        return True
    if predicted.kind != "person" or gold.kind != "person":
        return False
    p, g = name_parts(predicted.name), name_parts(gold.name)
    return bool(p and g) and p[-1] == g[-1] and _first_names_agree(p[:-1], g[:-1])


def speakers_agree(predicted: ActorItem | None, gold: ActorItem | None) -> bool:
    """The quote's speakers are the same actor, or both are absent."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return actor_matches(predicted, gold)


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


def figure_matches(predicted: FigureItem, gold: FigureItem) -> bool:
    """Values equal within 0.5% and units that agree."""
    return values_agree(predicted.value, gold.value) and units_agree(predicted.unit, gold.unit)


def _measure(a: Sequence[SpanT], b: Sequence[SpanT]) -> tuple[int, int, int]:
    """Total lengths of ``a`` and ``b`` and the length they share."""
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    return sum(e - s for s, e in a), sum(e - s for s, e in b), shared


def spans_overlap(a: Sequence[SpanT], b: Sequence[SpanT]) -> bool:
    """The spans overlap by at least half of the shorter side (both must be located)."""
    len_a, len_b, shared = _measure(a, b)
    return shared > 0 and 2 * shared >= min(len_a, len_b)


def span_jaccard(a: Sequence[SpanT], b: Sequence[SpanT]) -> float:
    """Shared length over joint length: how nearly two located passages coincide."""
    len_a, len_b, shared = _measure(a, b)
    union = len_a + len_b - shared
    return shared / union if union else 0.0


def claim_similarity(predicted: ClaimItem, gold: ClaimItem) -> float:
    """Token F1 of the two claims' content words."""
    return token_f1(content_tokens(predicted.text), content_tokens(gold.text))
