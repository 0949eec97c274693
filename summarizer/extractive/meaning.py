"""What a figure counts or measures, in a few words taken from the article.

The meaning is the counted noun phrase ("Russian spies", "asylum seekers"),
completed by what the article says about it when that is a phrase of its own:
an "of" phrase ("percent of the market"), a participle ("people killed",
"refugees rejected"), or a place or time ("troops in Europe"). A measure with
no counted noun takes the noun it measures ("bail of US$20,000" -> "bail").
The words never run past a clause boundary, another number or a dangling
function word, so a figure's meaning is never a fragment of its sentence.
"""

from __future__ import annotations

import re

from ..readings import UNIT_ALIASES
from ..text import STOPWORDS

_WORDS = re.compile(r"[A-Za-z][\w'\u2019-]*|\d[\d,.]*|[^\w\s]")
_STOP_AT = frozenset(
    """and or but when while as because which who whom whose that after before since if
    than then so yet although though where whereas unless until""".split()
)
_AUXILIARIES = frozenset("were was are is have has had been being be".split())
_PARTICIPLES = frozenset(
    """killed injured wounded left missing dead trapped displaced detained arrested affected
    rescued evacuated stranded hurt born sold held built made given taken found seen lost
    trampled deployed expelled elected registered employed infected shot""".split()
)
_PREPOSITIONS = frozenset(
    """in on at from by to into onto during after before near over under across per off out
    up down away back with for as along inside outside""".split()
)
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december yesterday today tonight
    tomorrow last this next earlier later ago early late""".split()
)
_VERBS = frozenset(
    "is are was were will would can could may might must should has have had do does did".split()
)
_PLACE_PREPOSITIONS = frozenset("in on at from aboard across inside behind under per".split())
_MEASURE_UNITS = frozenset(
    """percent years months weeks days hours minutes seconds decades centuries times
    kilometres miles metres centimetres millimetres kilograms grams pounds tonnes feet
    inches""".split()
)
_CHANGED_TO = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)\s+((?:[a-z][\w-]*\s+)?"
    r"[a-z][\w-]*)\s+(?:(?:was|were|is|are|has been|had been|have been)\s+)?"
    r"(?:raised|increased|cut|reduced|set|fixed|rose|fell|grew|dropped|climbed|doubled|"
    r"reached|totalled|totaled)\s+(?:to|by|at)\s+$"
)
_DETERMINERS = frozenset("a an the its their his her our my your this that these those".split())
_NOUN_BEFORE = re.compile(
    r"(?:^|[\s(])(?:(?:a|an|the|its|their|his|her|our)\s+)?"
    r"((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s+(?:of|at|as high as|worth|totall?ing|"
    r"estimated at|reached)\s+(?:[a-z]+\s+){0,2}[^\s]{0,6}\s*$"
)
# A measure stated by "is": "the claim acceptance rate is already 95%".
_NOUN_IS = re.compile(
    r"(?:^|[\s(])(?:(?:a|an|the|its|their|his|her|our)\s+)?"
    r"((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)\s+(?:is|was|stands at|stood at)"
    r"(?:\s+(?:[a-z]+ly|already|still|now|just))?\s+$"
)
# A verb that brings what it names to a level: "decrease IE6 users to less than 1 percent".
_BROUGHT_TO = re.compile(
    r"\b(?:decreas|reduc|cut|rais|increas|lower|bring|brought|push)\w*\s+"
    r"((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)\s+(?:down\s+|up\s+)?to\s+"
    r"(?:[a-z]+\s+){0,2}[^\s]{0,6}\s*$"
)
# A name that wins a share: "Rubio polled eight percent" (Rubio's share).
_NAME_GOT = re.compile(
    r"(?:^|[\s(])([A-Z][\w'\u2019-]*)\s+(?:polled|got|gets|won|wins|took|takes|received|"
    r"receives|drew|draws|captured|earned|garnered|had|has)\s+(?:only\s+|just\s+)?$"
)
# A name before a share in a list whose verb came before: "and Bush seven percent".
_NAME_GAPPED = re.compile(r"(?:,|\band)\s+([A-Z][\w'\u2019-]*)\s+$")
# A noun that changes by a share: "revenue dipped 1.3 percent", "Sales rose by 5%".
_NOUN_CHANGED = re.compile(
    r"(?:^|[\s(])((?:[A-Za-z][\w-]*\s+){0,1}[A-Za-z][\w-]*)\s+(?:rose|fell|dipped|grew|"
    r"dropped|climbed|declined|jumped|slipped|slid|increased|decreased|gained|lost)"
    r"(?:\s+by)?\s+$"
)
_NUMBER_WORD = re.compile(
    r"[\d.,]+|(?:one|two|three|four|five|six|seven|eight|nine|ten|half|third|quarter|dozen)\b.*",
    re.IGNORECASE,
)
_PRONOUNS = frozenset("i we you he she they it".split())
# A plural noun that ends a noun phrase unless a preposition goes on with it.
_PLURAL_HEAD = re.compile(r"[A-Za-z][a-z]{2,}(?<![su])s$")
_SENTENCE_END = re.compile(r"[.;:!?][\"'\u201d\u2019)]*\s+")
# Words after "10 years old" that go on with the clause rather than name what is aged.
_ADVERBS = frozenset("even now still already too enough yet ago back again".split())
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_AGED = re.compile(r"[\s-]+(?:year|month|week|day)s?[\s-]+old\b")
_LONGEST = 6  # words after the counted noun, at most
# How often: "a week", "per year", "every day", "each month" after "twice", "three times".
RATE = r"(?:an?|per|every|each)\s+(?:day|night|week|weekend|month|year|season|decade|hour|minute)\b"
_RATE_AFTER = re.compile(rf"\s+({RATE})", re.IGNORECASE)


def meaning(text: str, number_end: int, unit_end: int, unit: str, limit: int) -> str:
    """What the figure ending at ``number_end`` counts; its unit ends at ``unit_end``."""
    aged = _AGED.match(text, number_end, limit)
    if aged:  # "a 2000 year old tradition": the age of what follows
        aged_words = (_described_noun(text, aged.end(), limit) or "").split()
        return f"age of {aged_words[0]}" if aged_words else "age"
    if text.startswith("-", number_end) and unit in _MEASURE_UNITS:
        # "a 20-minute demonstration", "a 9-month-old girl": the noun it describes.
        described = _described_noun(text, unit_end, limit)
        if described:
            return described
    noun = " ".join(w for w in _WORDS.findall(text[number_end:unit_end]) if w[0].isalnum())
    noun = _strip_edges(noun.split())
    while noun.split(" ", 1)[0].lower() in _PREPOSITIONS | {"among", "of"} and " " in noun:
        noun = noun.split(" ", 1)[1]  # "516 to 39 among superdelegates": superdelegates
    if noun and all(w.lower() in UNIT_ALIASES or w.lower() == "h" for w in noun.split()):
        noun = unit  # "200 km / h", "15 meter": kilometres per hour, metres
    if text.startswith("-", number_end) and unit not in (*_MEASURE_UNITS, "money", "percent"):
        whole = _described_noun(text, unit_end, limit)  # "a three-nation alliance"
        if whole:
            return f"{unit} of the {_head(whole.split())}"
    if not noun and unit not in _MEASURE_UNITS and unit not in ("percent", "money"):
        noun = unit  # "76 killed in the stampede": people
    rate = _RATE_AFTER.match(text, unit_end, limit) if unit == "times" else None
    if rate:  # "three times a week": how often
        return " ".join(["times", *rate.group(1).split()])
    counted = unit not in _MEASURE_UNITS and unit not in ("percent", "money")
    post = _completion(text, max(unit_end, number_end), limit, counted=counted)
    words = [*noun.split(), *post]
    if not words:
        return unit
    return " ".join(words)


def measured_noun(text: str, start: int, clause_start: int) -> str | None:
    """The noun a measure belongs to when it comes first: "a turnout rate of 58%"."""
    lo = _sentence_start(text, max(clause_start, start - 60), start)
    changed = _NOUN_CHANGED.search(text, lo, start)
    if changed:
        noun = _strip_edges(changed.group(1).split())
        if noun:  # "Revenue dipped 1.3 percent"
            return _common(noun, text, clause_start, start)
    m = (
        _NOUN_BEFORE.search(text, lo, start)
        or _NOUN_IS.search(text, lo, start)
        or _CHANGED_TO.search(text, lo, start)
        or _BROUGHT_TO.search(text, lo, start)
    )
    if not m:
        return None
    words = m.group(1).split()
    while words and words[-1].lower() in _VERBS:
        words.pop()  # "the fine was raised to": the auxiliary is not the noun
    cut = max((i for i, w in enumerate(words) if w.lower() in STOPWORDS), default=-1)
    if cut >= 1 and words[cut].lower() in _DETERMINERS and words[cut - 1].endswith(("ing", "ed")):
        return None  # "deprived the government of $35 billion": an object, not the sum
    words = [w for w in words[cut + 1 :] if not w.lower().endswith("ed")]
    while words and _adverb(words[-1]):
        words.pop()  # "household income finally reached": the adverb is not the noun
    if any(_NUMBER_WORD.fullmatch(w) or w.lower().endswith("ing") for w in words):
        return None  # "getting one-eighth of 1 percent": no noun names the share
    if words and (words[-1].lower() in UNIT_ALIASES or words[-1].lower() in ("point", "points")):
        return None  # "9.2 percentage points at 49.2 percent": a measure, not what it measures
    return _common(" ".join(words), text, clause_start, start) or None


def _sentence_start(text: str, lo: int, end: int) -> int:
    """Where the sentence holding ``end`` starts, at ``lo`` or after it: the space
    before its first word, which the patterns take for a word boundary."""
    breaks = list(_SENTENCE_END.finditer(text, lo, end))
    return breaks[-1].end() - 1 if breaks else lo


def _common(noun: str, text: str, clause_start: int, end: int) -> str:
    """``noun`` with the capital it takes from opening its sentence ("Turnout was 58%")
    dropped; a name keeps its capitals."""
    at = text.rfind(noun, clause_start, end)
    before = text[clause_start:at].rstrip(" \t\"'\u201c")
    opens = at >= 0 and (not before or before[-1] in ".!?:\n")
    return noun[0].lower() + noun[1:] if opens and noun.istitle() else noun


def share_owner(text: str, start: int, clause_start: int) -> str | None:
    """Whose share a number is when a name wins it: "Rubio's share" for "Rubio polled eight
    percent" and for the "Bush seven percent" that follows it."""
    lo = _sentence_start(text, max(clause_start, start - 60), start)
    named = _NAME_GOT.search(text, lo, start) or _NAME_GAPPED.search(text, lo, start)
    if named is None or named.group(1).lower() in STOPWORDS:
        return None
    return f"{_POSSESSIVE.sub('', named.group(1))}'s share"


def share_of(text: str, number_end: int, limit: int) -> str | None:
    """What a share is of, as a noun phrase: "share of our players" for "20 percent of our
    players", "share of the time" for "half the time", "share undecided" for "24 percent
    undecided"; None when the words after the
    number name nothing ("60 percent of it", "13 percent, 14 points behind")."""
    words = _WORDS.findall(text, number_end, min(limit, number_end + 80))[: _LONGEST + 3]
    if not words:
        return None
    if words[0].lower() in ("of", "among"):
        phrase = _phrase(words[:1], words[1:])
        return f"share {' '.join(phrase)}" if phrase else None
    if words[0].lower() == "the":  # "half the time": of the time
        phrase = _phrase(["of"], words)
        return f"share {' '.join(phrase)}" if len(phrase) > 2 else None
    if _is_participle(words[0]) and _ends_clause(words[1:]):
        return f"share {words[0]}"
    return None


def _adverb(word: str) -> bool:
    lower = word.lower()
    return lower.endswith("ly") and lower not in ("early", "only", "family", "daily", "weekly")


def _completion(text: str, start: int, limit: int, *, counted: bool) -> list[str]:
    """Words after the counted noun that say more about it, or none."""
    words = _WORDS.findall(text, start, min(limit, start + 80))[: _LONGEST + 3]
    if not words:
        return []
    first = words[0].lower()
    if first == "of":
        return _phrase(words[:1], words[1:])
    if not counted:
        return []  # a share or a sum: only an "of" phrase completes it
    if first in _AUXILIARIES:
        rest = words[1:]
        if rest and rest[0].lower().endswith("ly"):
            rest = rest[1:]
        if rest and _is_participle(rest[0]) and _ends_clause(rest[1:]):
            return _phrase([rest[0]], rest[1:], short=True)
        return []
    if _is_participle(words[0]) and _ends_clause(words[1:]):
        return _phrase(words[:1], words[1:], short=True)  # "pilgrims trampled", not "offered X"
    if counted and first in _PLACE_PREPOSITIONS and not _is_time(words[1:]):
        return _phrase(words[:1], words[1:])
    return []


def _described_noun(text: str, start: int, limit: int) -> str | None:
    """The noun phrase after a hyphenated measure, ending at its noun ("PlayStation VR demo")."""
    words = _WORDS.findall(text, start, min(limit, start + 60))
    while words and words[0] in ("-", "old", "long"):
        words = words[1:]
    out: list[str] = []
    for word in words[:5]:
        lower = word.lower()
        if not word[0].isalpha() or lower in STOPWORDS or lower in _STOP_AT or lower in _ADVERBS:
            break
        out.append(_POSSESSIVE.sub("", word))
        if _POSSESSIVE.search(word):
            break  # "the 15-member committee's tour": the committee
    return " ".join(out) or None


def _head(words: list[str]) -> str:
    """The noun a hyphened measure describes: the first word after any names before it
    ("a two-term Clinton presidency": presidency; "a 12-member team won": team)."""
    return next((w for w in words if not w[:1].isupper()), words[0])


def _phrase(head: list[str], rest: list[str], *, short: bool = False) -> list[str]:
    """``head`` and the words after it up to a clause boundary, with no dangling end."""
    out = list(head)
    for word in rest:
        if len(out) >= (4 if short else _LONGEST):
            if word[:1].isupper() and out[-1][:1].isupper():
                out = _before_name(out, len(head))  # "rejected by Prime Minister [Abbott]"
            break
        lower = word.lower()
        if word[0].isdigit() and len(out) > len(head):
            out.pop()  # "voters aged 30": the word before a number belongs to it
            break
        if not word[0].isalpha() or lower in _STOP_AT or lower in _VERBS or lower.endswith("ing"):
            break
        if short and lower == "to":
            break  # "delegates needed to clinch": the infinitive's object is beyond reach
        if lower in _PRONOUNS or lower.startswith(("http", "www")):
            break  # "half the time we improvise": a clause of its own begins; a web address
        if _PLURAL_HEAD.match(out[-1]) and lower not in _PREPOSITIONS:
            break  # "of American companies fund leave": a verb follows the plural noun
        out.append(word)
    while out and out[-1].lower() in STOPWORDS:
        out.pop()
    if len(out) == len(head) and head[0].lower() in ("of", *_PLACE_PREPOSITIONS):
        return []  # "of" alone says nothing
    return out


def is_time_word(word: str) -> bool:
    """True for a word that says when ("today", "Monday", "later"), not what."""
    return word.lower() in _TIME_WORDS


def _before_name(words: list[str], keep: int) -> list[str]:
    """``words`` without the capitalised words at their end and the word that opens them."""
    end = len(words)
    while end > keep and words[end - 1][:1].isupper():
        end -= 1
    while end > keep and words[end - 1].lower() in _PREPOSITIONS | {"the"}:
        end -= 1
    return words[:end]


def _is_time(words: list[str]) -> bool:
    """True for a time phrase ("on Wednesday", "in early March"): when, not what."""
    return any(w.lower() in _TIME_WORDS or w[:1].isdigit() for w in words[:3])


def _ends_clause(words: list[str]) -> bool:
    """True when a participle is not followed by an object: "killed in", "trampled when"."""
    if not words or not words[0][0].isalpha():
        return True
    lower = words[0].lower()
    return lower in _PREPOSITIONS or lower in _STOP_AT


def _is_participle(word: str) -> bool:
    lower = word.lower()
    return lower in _PARTICIPLES or (len(lower) > 4 and lower.endswith("ed"))


def _strip_edges(words: list[str]) -> str:
    while words and words[0].lower() in STOPWORDS:
        words = words[1:]
    while words and words[-1].lower() in STOPWORDS:
        words = words[:-1]
    return " ".join(words)
