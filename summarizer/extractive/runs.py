"""Capitalised runs of words that may name an actor, and the cues around them.

A run is a stretch of capitalised words ("Polish Interior Minister Mariusz
Kaminski", "The Globe and Mail") cut from the text with its offsets; the words
before and after it give cues ("speaks" before a reporting verb, "place" after
"in", a role in apposition) that the actor rules in :mod:`.actor_rules` read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..text import STOPWORDS
from .document import Document
from .lexicon import (
    AMBIGUOUS_VERBS,
    CAPITALS,
    COUNTRIES,
    COUNTRY_ALIASES,
    DEMONYMS,
    FIRST_NAMES,
    HONORIFICS,
    INVERSION_VERBS,
    LOCATIVES,
    MONTHS,
    NON_NAMES,
    NON_PERSON_HEADS,
    ORG_WORDS,
    REPORTING_VERBS,
    ROLE_NOUNS,
    TITLE_QUALIFIERS,
    TITLE_WORDS,
    WEEKDAYS,
)

_LEAD = "\"'\u201c\u2018\u00ab\u201e([{"
_TRAIL = ".,;:!?\"'\u201d\u2019\u00bb)]}\u2026"
CONNECTORS = frozenset(
    "of for de del della di da do dos das van von der den le la du al bin ibn y".split()
)
_ABBREVIATION = re.compile(
    r"^(?:[A-Z]\.?|(?:[A-Z]\.){2,}|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|Capt|Prof|Rev)$"
)
ACRONYM = re.compile(r"^(?:[A-Z]{2,5}s?|(?:[A-Z]\.){2,4})$")
_TWO_NAMES_AFTER = re.compile(r"\s+[A-Z][\w-]+\s+[A-Z][\w-]+")
_AFFILIATION_END = re.compile(r"\b(?:of|from|at)\s+(?:the\s+)?$")
_CLAUSE_BREAK = re.compile(r"[.!?;:,()\"\u201c\u201d]\s|\n")
_APPOSITIVE_BEFORE = re.compile(
    r"(?:^|[^\w\s]\s*|\s)(?:the|a|an|The|A|An|his|her|its|their)\s+"
    r"((?:[\w'\u2019-]+\s+){0,6}?[\w'\u2019-]+),\s*$"
)
_APPOSITIVE_AFTER = re.compile(
    r"\s*,\s*((?:the|a|an)\s+)?([^,.;:()\"\u201c\u201d\n]{3,80}?)(?=\s*(?:,|\.|;|\(|$|\n))"
)
_DIGIT = re.compile(r"\d")
_LETTERS_DIGITS = re.compile(r"^[A-Z]+\d+$")
_WORDS = re.compile(r"[\w'\u2019-]+")
_ACCORDING_END = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?$")
_AGE_APPOSITION = re.compile(r"\s*,\s*\d{1,3}\s*,")
_POSSESSIVE_END = re.compile(r"[A-Z][\w-]*['\u2019]s\s+$")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z]{2,6})\)")
# Words that end a scraped run but never a name: "DAB's Elizabeth Quat In the New Territories".
_TRAILING_WORDS = frozenset("In On At The And Of For To By From With As But Or If When".split())
_PLACED_ORGS = frozenset("Embassy Consulate Mission Office Bureau Delegation".split())
_COORDINATED = re.compile(
    r"^(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s+and\s+)[A-Z][\w'\u2019-]*"
    r"(?:\s[A-Z][\w'\u2019-]*)?)+"
)
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_VERBISH = re.compile(
    r"^(?:[a-z]+ed|[a-z]+s|has|have|had|will|would|can|could|may|might|must|"
    r"did|does|do|should|shall|also)$"
)


@dataclass(slots=True)
class Token:
    """One word that may be part of a name: its offsets, its core and the punctuation around it."""

    start: int
    end: int
    core: str
    lead: str
    trail: str
    sentence_start: bool

    @property
    def is_cap(self) -> bool:
        c = self.core
        return bool(c) and (c[0].isupper() or (c[0].isdigit() and any(ch.isupper() for ch in c)))

    @property
    def breaks(self) -> bool:
        """Punctuation after this token ends a name, except an abbreviation's dot."""
        if self.core.endswith(("'s", "\u2019s")):
            return True
        if not self.trail:
            return False
        return not (self.trail == "." and _ABBREVIATION.match(self.core))


@dataclass
class Run:
    """Capitalised words read as one candidate name, with the cues found around it."""

    tokens: list[Token]
    text: str
    start: int
    end: int
    possessive: bool = False
    role: str | None = None
    cues: set[str] = field(default_factory=set)


def name_runs(doc: Document, start: int, end: int) -> list[Run]:
    """The candidate names between ``start`` and ``end``, in text order."""
    return _runs(doc, _tokens(doc, start, end))


def _tokens(doc: Document, start: int, end: int) -> list[Token]:
    text = doc.text
    sent_starts = doc.sentence_start_set
    out: list[Token] = []
    previous_end = start
    for m in _CANDIDATE.finditer(text, start, end):
        a, b = m.span()
        if out and out[-1] is not _GAP and not text[previous_end:a].isspace():
            joint = _JOINT.fullmatch(text, previous_end, a)
            if joint:  # "of the", "and": kept as tokens, runs decide whether they join
                for w in re.finditer(r"\S+", text[previous_end:a]):
                    pos = previous_end + w.start()
                    out.append(Token(pos, pos + len(w.group()), w.group(), "", "", False))
            else:
                out.append(_GAP)  # ordinary words in between end any name
        previous_end = b
        chunk = m.group()
        lead_n = len(chunk) - len(chunk.lstrip(_LEAD))
        trail_n = len(chunk) - len(chunk.rstrip(_TRAIL))
        core_a, core_b = a + lead_n, b - trail_n
        if core_a >= core_b:
            continue
        first = a in sent_starts or core_a in sent_starts
        core = text[core_a:core_b]
        pieces = [0]
        if not core[1:].islower():  # only a capital after the first letter can start a glued word
            pieces += [
                g.start()
                for g in _GLUE.finditer(core, 0, _LONGEST_NAME_WORD)
                if g.start() >= 4 and core[: g.start()].lower() in doc.lowercase_words
            ]
        pieces.append(core_b - core_a)
        if (
            len(pieces) == 2
            and core[0].isupper()
            and len(core) <= _LONGEST_NAME_WORD
            and core not in doc.capitalised_words
        ):
            cut = _run_on_cut(doc, core)
            if cut:
                pieces = [0, cut, len(core)]
        for i in range(len(pieces) - 1):
            pa, pb = core_a + pieces[i], core_a + pieces[i + 1]
            last = i == len(pieces) - 2
            out.append(
                Token(
                    pa,
                    pb,
                    text[pa:pb],
                    chunk[:lead_n] if i == 0 else "",
                    chunk[len(chunk) - trail_n :] if last else " ",
                    first if i == 0 else False,
                )
            )
    return out


_JOINERS = CONNECTORS | {"the", "and", "&", "in", "to", "at", "from"}
_GAP = Token(0, 0, "", "", " ", False)
# Chunks that can be part of a name: capitalised, or a run-on ("diplomatsPolish").
_CANDIDATE = re.compile(rf"(?<!\S)[{re.escape(_LEAD)}]*+(?:[A-Z0-9]\S*+|(?=\S*?[a-z][A-Z])\S++)")
_LONGEST_NAME_WORD = 40  # characters: a longer chunk is not split into name pieces
# Words that may join two capitalised words into one name: "of the", "and", "in".
_JOINT = re.compile(rf"\s+(?:{'|'.join(sorted(_JOINERS, key=len, reverse=True))})(?:\s+the)?\s+")


def _run_on_cut(doc: Document, core: str) -> int | None:
    """Where a name runs into a common word in scraped text ("Ukrainewhile" -> 7)."""
    for cut in range(len(core) - 2, 2, -1):
        head, tail = core[:cut], core[cut:]
        if head in doc.capitalised_words and tail in doc.lowercase_words:
            return cut
    return None


def _is_name_token(token: Token) -> bool:
    core = token.core
    if not token.is_cap:
        return False
    if len(core) > 6 and core.isupper() and "." not in core:
        return False  # shouted words and credits: "LATEST", "IVUSKANS"
    return _DIGIT.search(core) is None or bool(_LETTERS_DIGITS.match(core))


def _runs(doc: Document, tokens: list[Token]) -> list[Run]:
    runs: list[Run] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not _is_name_token(tokens[i]):
            i += 1
            continue
        j = i
        while not tokens[j].breaks and j + 1 < n:
            nxt = tokens[j + 1]
            if _is_name_token(nxt) and not nxt.lead:
                j += 1
                continue
            if (
                nxt.core in CONNECTORS
                and not nxt.trail
                and j + 2 < n
                and _is_name_token(tokens[j + 2])
                and not tokens[j + 2].lead
            ):
                j += 2
                continue
            if (
                nxt.core in ("of", "for")
                and not nxt.trail
                and j + 3 < n
                and tokens[j + 2].core == "the"
                and not tokens[j + 2].trail
                and _is_name_token(tokens[j + 3])
            ):
                j += 3
                continue
            if (
                nxt.core in ("and", "&")
                and not nxt.trail
                and j + 2 < n
                and _is_name_token(tokens[j + 2])
            ):
                k = j + 2
                while k + 1 < n and not tokens[k].breaks and _is_name_token(tokens[k + 1]):
                    k += 1
                if tokens[k].core in ORG_WORDS or tokens[i].core == "The":
                    j = k
                    continue
            if (
                nxt.core in ("in", "to")
                and tokens[j].core in _PLACED_ORGS
                and not nxt.trail
                and j + 2 < n
                and _is_name_token(tokens[j + 2])
            ):
                j += 2
                continue
            break
        run = tokens[i : j + 1]
        i = j + 1
        cleaned = _trim(doc, run)
        if cleaned:
            runs.append(cleaned)
    return runs


def _trim(doc: Document, run: list[Token]) -> Run | None:
    tokens = list(run)
    while tokens and (
        (
            tokens[0].core in NON_NAMES
            and not (tokens[0].core == "The" and not tokens[0].sentence_start and len(tokens) > 2)
        )
        or tokens[0].core in CONNECTORS
        or tokens[0].core == "the"
        or tokens[0].core.lower() in REPORTING_VERBS  # "Said Dorothy Poynter, ..."
        or (
            tokens[0].sentence_start
            and tokens[0].core.lower() in doc.lowercase_words
            and tokens[0].core not in TITLE_WORDS
            and tokens[0].core not in COUNTRIES
        )
    ):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].core in CONNECTORS
        or tokens[-1].core in _TRAILING_WORDS
        or tokens[-1].core in MONTHS
        or tokens[-1].core in WEEKDAYS
    ):
        tokens = tokens[:-1]
    if not tokens:
        return None
    last = tokens[-1]
    possessive = False
    core = last.core
    if core.endswith(("'s", "\u2019s")):
        possessive = True
        last = Token(
            last.start, last.end - 2, core[:-2], last.lead, last.trail, last.sentence_start
        )
        tokens[-1] = last
    if len(tokens) == 1 and tokens[0].core in NON_NAMES:
        return None
    start, end = tokens[0].start, tokens[-1].end
    text = doc.text[start:end]
    if not text or text[-1] in "-'\u2019":
        return None
    return Run(tokens, text, start, end, possessive)


NameKind = Literal["country", "role", "organization", "unknown"]
"""What the words of a capitalised run say it names; "role" and "unknown" are no actor kind."""


def kind_of(tokens: list[Token]) -> NameKind:
    """The kind the words of a name say: country, role, organization or unknown."""
    cores = [t.core for t in tokens]
    text = " ".join(cores)
    if text in COUNTRIES or text in COUNTRY_ALIASES:
        return "country"
    if cores[-1] in TITLE_WORDS or cores[-1].lower() in ROLE_NOUNS:
        return "role"
    if any(c in ORG_WORDS for c in cores[1:]) or (len(cores) > 1 and cores[-1] in ORG_WORDS):
        return "organization"
    if len(cores) == 1 and ACRONYM.match(cores[0]):
        return "organization"
    if len(cores) == 1 and cores[0] in ORG_WORDS:
        return "organization"
    return "unknown"


def plain_name(tokens: list[Token]) -> bool:
    """Capitalised words that could be a person's name: no title, organisation or place word."""
    return all(
        t.core[:1].isupper()
        and (t.core[1:].islower() or "-" in t.core or "'" in t.core)
        and t.core not in ORG_WORDS
        and t.core not in TITLE_WORDS
        and t.core not in NON_PERSON_HEADS
        and t.core not in COUNTRIES
        and t.core not in CAPITALS
        and t.core not in DEMONYMS
        for t in tokens
    )


def person_of_org(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """ "Matthew Ingram of The Globe and Mail": a person, then where they work."""
    for i, t in enumerate(tokens):
        if (
            t.core in ("of", "for", "at", "from")
            and 2 <= i <= 3
            and (tokens[0].core in FIRST_NAMES or plain_name(tokens[:i]))
        ):
            rest = tokens[i + 1 :]
            while rest and rest[0].core in ("the",):
                rest = rest[1:]
            if rest:
                return tokens[:i], rest
    return None


def org_then_person(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """An organisation name directly followed by a person's: split them."""
    for i, t in enumerate(tokens[:-2]):
        rest = tokens[i + 1 :]
        plain = all(
            r.core[:1].isupper()
            and r.core[1:].islower()
            and r.core not in ORG_WORDS
            and r.core not in TITLE_WORDS
            for r in rest
        )
        if t.core in ORG_WORDS and 2 <= len(rest) <= 3 and (rest[0].core in FIRST_NAMES or plain):
            org = tokens[: i + 1]
            while org and (
                org[0].core in TITLE_WORDS or org[0].core in CONNECTORS or org[0].core == "the"
            ):
                org = org[1:]
            if org:
                return org, rest
    return None


def read_cues(doc: Document, run: Run) -> None:
    """Cues from the words around a run: roles, reporting verbs, places."""
    text = doc.text
    before = text[max(0, run.start - 80) : run.start]
    after = text[run.end : run.end + 120]
    prev_words = _WORDS.findall(before, max(0, len(before) - 50))[-6:]
    while prev_words and prev_words[-1].lower() == "the":
        prev_words = prev_words[:-1]
    if prev_words and prev_words[-1].lower() in LOCATIVES and not run.text[0].isdigit():
        run.cues.add("place")
    if _ACCORDING_END.search(before, max(0, len(before) - 24)):
        run.cues.discard("place")
        run.cues.add("speaks")
    following = _COORDINATED.sub("", after, count=1)
    next_words = _WORDS.findall(following, 0, 60)[:3]
    spoken = [w for w in next_words[:2] if w not in ("has", "had", "also", "then", "later")]
    if spoken and spoken[0] in REPORTING_VERBS and spoken[0] not in AMBIGUOUS_VERBS:
        run.cues.add("speaks")
    if (
        prev_words
        and prev_words[-1] in INVERSION_VERBS
        and not before.rstrip().endswith((",", "."))
    ):
        run.cues.add("speaks")
    if next_words and (_VERBISH.match(next_words[0]) or next_words[0] in ("will", "has")):
        run.cues.add("acts")
    if _AGE_APPOSITION.match(after):
        run.cues.add("person")
    if len(run.tokens) in (2, 3) and _POSSESSIVE_END.search(before, max(0, len(before) - 40)):
        run.cues.add("person")
    if run.possessive and _TWO_NAMES_AFTER.match(after):
        run.cues.add("affiliation")
    organised = run.tokens[-1].core in ORG_WORDS or run.text in COUNTRIES
    role = (
        None
        if organised
        else (_role_before(before) or _appositive_before(before) or _appositive_after(after))
    )
    if role:
        run.role = role
        run.cues.add("person")
    if _AFFILIATION_END.search(before, max(0, len(before) - 12)):
        run.cues.add("affiliation")
    acronym = _ACRONYM_AFTER.match(after)
    if acronym:
        run.cues.add("acronym:" + acronym.group(1))


def name_tokens(run: Run) -> list[Token]:
    """The run without the titles and honorifics that open it (at least one word kept)."""
    tokens = run.tokens
    i = 0
    while i < len(tokens) - 1 and (tokens[i].core in TITLE_WORDS or tokens[i].core in HONORIFICS):
        i += 1
    return tokens[i:]


def split_title(doc: Document, run: Run) -> tuple[list[Token], str | None]:
    """Name tokens and the title before them ("Polish Interior Minister")."""
    tokens = run.tokens
    last_title = -1
    for i, t in enumerate(tokens[:-1]):
        if (t.core in TITLE_WORDS and t.core not in TITLE_QUALIFIERS) or t.core in HONORIFICS:
            last_title = i
    if last_title < 0:
        # "Scientologist Tom Cruise": a description before a given name.
        firsts = [i for i, t in enumerate(tokens) if t.core in FIRST_NAMES and i > 0]
        if (
            firsts
            and 1 <= len(tokens) - firsts[-1] <= 3
            and tokens[firsts[-1] - 1].core not in (CONNECTORS)
            and not plain_name(tokens[: firsts[-1]])
        ):
            last_title = firsts[-1] - 1
    if last_title < 0:
        return tokens, None
    name = tokens[last_title + 1 :]
    if name and name[0].core in CONNECTORS:
        # "Governor of Washington Chris Gregoire": the name is the given name onwards.
        starts = [i for i, t in enumerate(name) if t.core in FIRST_NAMES]
        cut = starts[-1] if starts else max(0, len(name) - 2)
        if cut == 0 or len(name) - cut < 2:
            return tokens, None
        last_title += cut
        name = name[cut:]
    if not name:
        return tokens, None
    title = doc.text[tokens[0].start : tokens[last_title].end]
    honorific_only = all(t.core in HONORIFICS for t in tokens[: last_title + 1])
    return name, (None if honorific_only else title)


def _role_before(before: str) -> str | None:
    """A role phrase just before a name: "Kremlin spokesman", "musician"."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = clause.split()
    if not words or words[-1] not in ROLE_NOUNS:
        return None
    kept = [words[-1]]
    for word in reversed(words[:-1]):
        lower = word.lower()
        if (
            lower in STOPWORDS
            or lower in REPORTING_VERBS
            or lower.endswith("ing")
            or len(kept) >= 6
        ):
            break
        if word[0].isupper() and word in NON_NAMES:
            break
        kept.append(word)
    return " ".join(reversed(kept))


def _appositive_before(before: str) -> str | None:
    """A role before a name: "The Russian ambassador in Washington, Anatoly Antonov"."""
    if not before.rstrip().endswith(","):
        return None
    m = _APPOSITIVE_BEFORE.search(before)
    if not m:
        return None
    return _role_phrase(m.group(1))


def _appositive_after(after: str) -> str | None:
    """A role in apposition: ", the State Department spokesperson," or ", NATO chief"."""
    if not after.lstrip().startswith(","):
        return None
    m = _APPOSITIVE_AFTER.match(after)
    if not m:
        return None
    return _role_phrase(m.group(2))


def _role_phrase(text: str) -> str | None:
    phrase = text.strip()
    words = phrase.split()
    if not words or len(words) > 9:
        return None
    if any(w in REPORTING_VERBS for w in words):
        return None
    first = words[0]
    if first.lower() in STOPWORDS or (first.islower() and first.endswith(("ing", "ed"))):
        return None
    lowered = {w.lower().strip(".,") for w in words}
    if lowered & ROLE_NOUNS or any(w in TITLE_WORDS for w in words):
        return phrase
    return None
