"""People, organisations and acting countries: found from capitalised runs, merged by alias.

Every mention keeps its offsets, so quotes can find the speaker nearest to them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from ..text import STOPWORDS, fold_name
from .document import ANSWER, QUESTION, Document
from .lexicon import (
    AMBIGUOUS_VERBS,
    CAPITALS,
    COMMON_WORDS,
    COUNTRIES,
    COUNTRY_ALIASES,
    DEMONYMS,
    FIRST_NAMES,
    HONORIFICS,
    INVERSION_VERBS,
    LOCATIVES,
    MONTHS,
    NON_ACRONYMS,
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
_CONNECTORS = frozenset(
    "of for de del della di da do dos das van von der den le la du al bin ibn y".split()
)
_ABBREVIATION = re.compile(
    r"^(?:[A-Z]\.?|(?:[A-Z]\.){2,}|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|Capt|Prof|Rev)$"
)
_ACRONYM = re.compile(r"^(?:[A-Z]{2,5}s?|(?:[A-Z]\.){2,4})$")
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
_CREDIT_LABEL = re.compile(r"\b(?:Image|Photo|Credit|Source|Photograph)\s*:", re.IGNORECASE)
# Words that end a scraped run but never a name: "DAB's Elizabeth Quat In the New Territories".
_TRAILING_WORDS = frozenset("In On At The And Of For To By From With As But Or If When".split())
_DOMAIN = re.compile(r"\.(?:com|org|net|gov|edu|co\.uk|info)\b", re.IGNORECASE)
_ROMAN = re.compile(r"^[IVXLC]+$")
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


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    actor: int


@dataclass
class ActorDraft:
    name: str
    kind: str
    role: str | None = None
    forms: list[str] = field(default_factory=list)
    first: int = 0
    cues: set[str] = field(default_factory=set)

    def add_form(self, form: str) -> None:
        if form and form not in self.forms:
            self.forms.append(form)


@dataclass
class _Run:
    tokens: list[Token]
    text: str
    start: int
    end: int
    possessive: bool = False
    role: str | None = None
    cues: set[str] = field(default_factory=set)


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
        pieces = [0] + [
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


_JOINERS = _CONNECTORS | {"the", "and", "&", "in", "to", "at", "from"}
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


def _runs(doc: Document, tokens: list[Token]) -> list[_Run]:
    runs: list[_Run] = []
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
                nxt.core in _CONNECTORS
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


def _trim(doc: Document, run: list[Token]) -> _Run | None:
    tokens = list(run)
    while tokens and (
        (
            tokens[0].core in NON_NAMES
            and not (tokens[0].core == "The" and not tokens[0].sentence_start and len(tokens) > 2)
        )
        or tokens[0].core in _CONNECTORS
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
        tokens[-1].core in _CONNECTORS
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
    return _Run(tokens, text, start, end, possessive)


def _kind_of(tokens: list[Token]) -> str:
    cores = [t.core for t in tokens]
    text = " ".join(cores)
    if text in COUNTRIES or text in COUNTRY_ALIASES:
        return "country"
    if cores[-1] in TITLE_WORDS or cores[-1].lower() in ROLE_NOUNS:
        return "role"
    if any(c in ORG_WORDS for c in cores[1:]) or (len(cores) > 1 and cores[-1] in ORG_WORDS):
        return "organization"
    if len(cores) == 1 and _ACRONYM.match(cores[0]):
        return "organization"
    if len(cores) == 1 and cores[0] in ORG_WORDS:
        return "organization"
    return "unknown"


def _plain_name(tokens: list[Token]) -> bool:
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


def _person_of_org(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """ "Matthew Ingram of The Globe and Mail": a person, then where they work."""
    for i, t in enumerate(tokens):
        if (
            t.core in ("of", "for", "at", "from")
            and 2 <= i <= 3
            and (tokens[0].core in FIRST_NAMES or _plain_name(tokens[:i]))
        ):
            rest = tokens[i + 1 :]
            while rest and rest[0].core in ("the",):
                rest = rest[1:]
            if rest:
                return tokens[:i], rest
    return None


def _org_then_person(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
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
                org[0].core in TITLE_WORDS or org[0].core in _CONNECTORS or org[0].core == "the"
            ):
                org = org[1:]
            if org:
                return org, rest
    return None


class ActorFinder:
    """Builds the actor table of one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.actors: list[ActorDraft] = []
        self.mentions: list[Mention] = []
        self._by_form: dict[str, int] = {}
        self._names = _NameIndex(self.actors)
        self._often: dict[str, bool] = {}

    # ------------------------------------------------------------------ build

    def run(self) -> ActorTable:
        doc = self.doc
        runs: list[_Run] = []
        labels: list[tuple[int, int, str]] = []
        for para in doc.paragraphs:
            if para.kind in ("dateline", "heading"):
                continue
            end = para.end
            if para.kind == "caption":
                credit = _CREDIT_LABEL.search(doc.text, para.start, para.end)
                if credit:
                    end = credit.start()
            if para.kind == "turn" and para.label:
                labels.append((para.start, para.start + len(para.label), para.label))
            start = para.body_start if para.kind == "turn" else para.start
            tokens = _tokens(doc, start, end)
            for run in _runs(doc, tokens):
                self._context(run)
                runs.append(run)
        multi = [
            r
            for r in runs
            if len(r.tokens) > 1
            and (_kind_of(r.tokens) != "unknown" or len(self._name_tokens(r)) > 1)
        ]
        chosen = {id(r) for r in multi}
        single = [r for r in runs if id(r) not in chosen]
        for run in multi:
            self._add_multi(run)
        for run in single:
            self._add_single(run)
        for start, end, label in labels:
            self._add_label(start, end, label)
        return self._finish()

    def _context(self, run: _Run) -> None:
        """Cues from the words around a run: roles, reporting verbs, places."""
        text = self.doc.text
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

    @staticmethod
    def _name_tokens(run: _Run) -> list[Token]:
        tokens = run.tokens
        i = 0
        while i < len(tokens) - 1 and (
            tokens[i].core in TITLE_WORDS or tokens[i].core in HONORIFICS
        ):
            i += 1
        return tokens[i:]

    def _split_title(self, run: _Run) -> tuple[list[Token], str | None]:
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
                and tokens[firsts[-1] - 1].core not in (_CONNECTORS)
                and not _plain_name(tokens[: firsts[-1]])
            ):
                last_title = firsts[-1] - 1
        if last_title < 0:
            return tokens, None
        name = tokens[last_title + 1 :]
        if name and name[0].core in _CONNECTORS:
            # "Governor of Washington Chris Gregoire": the name is the given name onwards.
            starts = [i for i, t in enumerate(name) if t.core in FIRST_NAMES]
            cut = starts[-1] if starts else max(0, len(name) - 2)
            if cut == 0 or len(name) - cut < 2:
                return tokens, None
            last_title += cut
            name = name[cut:]
        if not name:
            return tokens, None
        title = self.doc.text[tokens[0].start : tokens[last_title].end]
        honorific_only = all(t.core in HONORIFICS for t in tokens[: last_title + 1])
        return name, (None if honorific_only else title)

    def _add_multi(self, run: _Run) -> None:
        titled_name, title_words = self._split_title(run)
        person_org = _person_of_org(titled_name)
        if person_org:
            person, org = person_org
            self._register(
                self.doc.text[person[0].start : person[-1].end],
                "person",
                person[0].start,
                person[-1].end,
                title_words or run.role or self.doc.text[person[-1].end : org[-1].end].strip(),
                run.cues | {"person"},
            )
            org_text = self.doc.text[org[0].start : org[-1].end]
            if _kind_of(org) in ("organization", "country") or len(org) == 1:
                sub = _Run(org, org_text, org[0].start, org[-1].end, cues={"affiliation"})
                (self._add_multi if len(org) > 1 else self._add_single)(sub)
            elif _plain_name(org) and not any(t.core in FIRST_NAMES for t in org):
                # "Cheng Chung-tai of Civic Passion": where a person belongs is an organisation
                self._register(
                    org_text, "organization", org[0].start, org[-1].end, None, {"affiliation"}
                )
            return
        split = _org_then_person(run.tokens)
        if split:
            org, person = split
            role = self.doc.text[run.tokens[0].start : org[-1].end]
            self._add_multi(
                _Run(org, self.doc.text[org[0].start : org[-1].end], org[0].start, org[-1].end)
            )
            self._register(
                self.doc.text[person[0].start : person[-1].end],
                "person",
                person[0].start,
                person[-1].end,
                role,
                run.cues | {"person"},
            )
            return
        kind = _kind_of(run.tokens)
        text = self.doc.text
        if kind == "role" and not self._split_title(run)[1]:
            return
        if kind == "organization" and run.tokens[0].core in TITLE_WORDS:
            tokens = run.tokens
            while tokens and (
                tokens[0].core in TITLE_WORDS
                or tokens[0].core in _CONNECTORS
                or tokens[0].core == "the"
            ):
                tokens = tokens[1:]
            if tokens and len(tokens) < len(run.tokens):
                self._add_multi(
                    _Run(
                        tokens,
                        text[tokens[0].start : tokens[-1].end],
                        tokens[0].start,
                        tokens[-1].end,
                        cues=run.cues,
                    )
                )
                return
        if kind in ("organization", "country"):
            known = self._org_containing(run.text) if kind == "organization" else None
            if known is not None:
                self._mention(known, run.start, run.end, run.text, run.cues)
                return
            placed = "place" in run.cues and not run.cues & {"acts", "speaks"}
            if kind == "organization" and placed and run.tokens[-1].core not in ORG_WORDS:
                return
            self._register(run.text, kind, run.start, run.end, run.role, run.cues)
            return
        name_tokens, title = self._split_title(run)
        cores = [t.core for t in name_tokens]
        if all(c in TITLE_WORDS or c in DEMONYMS or c in ORG_WORDS for c in cores):
            return  # a bare title or description: "Secretary General"
        if title is not None or any(t.core in HONORIFICS for t in run.tokens):
            if len(name_tokens) == 1:
                self._add_single(
                    _Run(
                        name_tokens,
                        name_tokens[0].core,
                        name_tokens[0].start,
                        name_tokens[0].end,
                        cues=run.cues | {"person"},
                        role=title or run.role,
                    )
                )
                return
            name = text[name_tokens[0].start : name_tokens[-1].end]
            self._register(
                name,
                "person",
                name_tokens[0].start,
                name_tokens[-1].end,
                title or run.role,
                run.cues | {"person"},
            )
            return
        if "place" in run.cues and "person" not in run.cues and "speaks" not in run.cues:
            return
        if cores[0] in NON_PERSON_HEADS:
            return
        if any(c in DEMONYMS and i == 0 for i, c in enumerate(cores)) and len(cores) == 2:
            return  # "Russian Embassy" handled as org above; "Russian President" is a title
        if any(c in NON_PERSON_HEADS for c in cores):
            return  # Ross Ice Shelf, Kowloon West, Science Fair
        if run.tokens[0].core in TITLE_WORDS and any(c in _CONNECTORS for c in cores):
            return  # "Governor of Virginia": a title, no name
        person_like = (
            cores[0] in FIRST_NAMES
            or "person" in run.cues
            or "speaks" in run.cues
            or (
                2 <= len(cores) <= 3
                and _plain_name(name_tokens)
                and cores[-1].lower() not in self.doc.lowercase_words
                and cores[-1].lower() not in COMMON_WORDS
            )
        )
        if not person_like:
            return
        self._register(run.text, "person", run.start, run.end, run.role, run.cues | {"person"})

    def _mentioned_often(self, word: str) -> bool:
        """True for a name used at least twice and never after "in"/"at"/"to" (not a place)."""
        if word not in self._often:
            self._often[word] = self._is_mentioned_often(word)
        return self._often[word]

    def _is_mentioned_often(self, word: str) -> bool:
        hits = self.doc.occurrences(word)
        if len(hits) < 2:
            return False
        for hit in hits:
            before = self.doc.text[max(0, hit - 12) : hit].lower().split()
            if before and before[-1] in LOCATIVES:
                return False
        return True

    def _org_containing(self, text: str) -> int | None:
        """An organisation already known whose name ends with ``text`` ("Foreign Ministry")."""
        key = fold_name(text)
        words = key.split()
        for i in sorted(self._names.orgs_with(words[-1])) if words else ():
            name = fold_name(self.actors[i].name)
            if name != key and name.endswith(" " + key):
                return i
        return None

    def _add_single(self, run: _Run) -> None:
        token = run.tokens[-1]
        core = token.core.rstrip(".")
        if (
            core in DEMONYMS
            and core.endswith("s")
            and run.cues & {"acts", "speaks"}
            and not (token.sentence_start and core.lower() in self.doc.lowercase_words)
        ):
            self._register(core, "group", token.start, token.start + len(core), None, run.cues)
            return
        if core in NON_NAMES or core in TITLE_WORDS or core in DEMONYMS:
            return
        existing = self._lookup(core)
        if existing is not None:
            self._mention(existing, token.start, token.start + len(core), core, run.cues)
            return
        if core in COUNTRY_ALIASES or core in COUNTRIES:
            if "acts" in run.cues or "speaks" in run.cues or run.possessive:
                canonical = COUNTRY_ALIASES.get(core, core)
                self._register(
                    canonical if self._in_text(canonical) else core,
                    "country",
                    token.start,
                    token.start + len(core),
                    None,
                    run.cues,
                )
            return
        if core in CAPITALS and ("acts" in run.cues or run.possessive) and "place" not in run.cues:
            country = CAPITALS[core]
            idx = self._lookup(country)
            if idx is None:
                name = country if self._in_text(country) else core
                self._register(
                    name, "country", token.start, token.start + len(core), None, run.cues
                )
            else:
                self._mention(idx, token.start, token.start + len(core), core, run.cues)
            return
        if (
            _ACRONYM.match(core)
            and core not in NON_ACRONYMS
            and core.lower() not in self.doc.lowercase_words
        ):
            if "place" in run.cues and not run.cues & {"acts", "speaks"}:
                return
            if _ROMAN.match(core):
                return
            if (
                not run.cues & {"acts", "speaks", "affiliation"}
                and not run.possessive
                and len(self.doc.occurrences(core)) < 2
            ):
                return
            self._register(
                core, "organization", token.start, token.start + len(core), None, run.cues
            )
            return
        if core in ORG_WORDS and core[0].isupper() and core not in ("Government", "Police"):
            owners = sorted(self._names.orgs_with(fold_name(core)))
            if len(owners) == 1:  # "the Church" after "the Greek Orthodox Church"
                self._mention(owners[0], token.start, token.start + len(core), core, run.cues)
            elif "acts" in run.cues or "speaks" in run.cues:
                self._register(
                    core, "organization", token.start, token.start + len(core), None, run.cues
                )
            return
        if core in NON_PERSON_HEADS or core.lower() in self.doc.lowercase_words:
            return
        if "speaks" in run.cues or ("person" in run.cues and run.role):
            self._register(core, "person", token.start, token.start + len(core), run.role, run.cues)
        elif (
            "acts" in run.cues
            and not token.sentence_start
            and "place" not in run.cues
            and core not in CAPITALS
            and len(core) > 2
            and core.lower() not in COMMON_WORDS
            and self._mentioned_often(core)
        ):
            self._register(
                core, "organization", token.start, token.start + len(core), None, run.cues
            )

    def _add_label(self, start: int, end: int, label: str) -> None:
        if label in self.doc.interviewers or label in (QUESTION, ANSWER):
            return
        parts = re.findall(r"[A-Z][a-z'\u2019]+|[A-Z]+(?![a-z])", label)
        spaced = " ".join(parts) if parts else label
        idx = self._lookup(spaced) if spaced != label else None
        if idx is None:
            idx = self._lookup(label)
        if idx is None and parts:
            idx = self._lookup(parts[-1])
        if idx is None:
            name = spaced if self._in_text(spaced) and spaced != label else label
            idx = self._register(name, "person", start, end, None, {"label"})
        self._mention(idx, start, end, label, {"label"})

    # ---------------------------------------------------------------- table

    def _in_text(self, form: str) -> bool:
        return bool(self.doc.occurrences(form))

    def _lookup(self, form: str) -> int | None:
        key = fold_name(form)
        if key in self._by_form:
            return self._by_form[key]
        parts = key.split()
        if len(parts) == 1:
            owners = self._names.people_with(parts[0], -1)
            if not owners:
                owners = self._names.people_with(parts[0], 0, several=True)
            if not owners and len(parts[0]) >= 5:
                owners = self._names.people_like(parts[0])
            if len(owners) == 1:
                return owners.pop()
        return None

    def _register(
        self, name: str, kind: str, start: int, end: int, role: str | None, cues: set[str]
    ) -> int:
        idx = self._lookup(name)
        if idx is None and kind == "person":
            single = self._names.single_person(fold_name(name).split()[-1])
            if single is not None:
                actor = self.actors[single]
                actor.add_form(actor.name)
                actor.name = name
                idx = single
        if idx is None:
            idx = len(self.actors)
            self.actors.append(ActorDraft(name, kind, role, [name], start, set(cues)))
        actor = self.actors[idx]
        if actor.role is None and role:
            actor.role = role
        actor.cues |= cues
        if (
            kind == "person"
            and actor.kind not in ("person", "country")
            and len(name.split()) > 1
            and actor.name.split()[-1] not in ORG_WORDS  # "Andy Warhol Foundation"
        ):
            actor.kind = "person"
        self._names.add(idx)
        self._by_form[fold_name(name)] = idx
        for cue in cues:
            if cue.startswith("acronym:"):
                acronym = cue.split(":", 1)[1]
                actor.add_form(acronym)
                self._by_form[fold_name(acronym)] = idx
        self._mention(idx, start, end, self.doc.text[start:end], cues)
        return idx

    def _mention(self, idx: int, start: int, end: int, form: str, cues: set[str]) -> None:
        actor = self.actors[idx]
        actor.add_form(form)
        actor.cues |= cues
        actor.first = min(actor.first, start)
        self._by_form.setdefault(fold_name(form), idx)
        self.mentions.append(Mention(start, end, form, idx))

    def _finish(self) -> ActorTable:
        interviewers = {
            fold_name(" ".join(re.findall(r"[A-Z][a-z'\u2019]+|[A-Z]+(?![a-z])", label)))
            for label in self.doc.interviewers
        }
        for actor in self.actors:
            if _DOMAIN.search(actor.name):
                actor.kind = "organization"  # "Secunia.com"
        keep = [
            i
            for i, a in enumerate(self.actors)
            if _keep(a, interviewers) and not self._common_phrase(a)
        ]
        remap = {old: new for new, old in enumerate(keep)}
        actors = [self.actors[i] for i in keep]
        mentions = sorted(
            (
                Mention(m.start, m.end, m.text, remap[m.actor])
                for m in self.mentions
                if m.actor in remap
            ),
            key=lambda m: m.start,
        )
        order = sorted(range(len(actors)), key=lambda i: actors[i].first)
        reorder = {old: new for new, old in enumerate(order)}
        actors = [actors[i] for i in order]
        mentions = [Mention(m.start, m.end, m.text, reorder[m.actor]) for m in mentions]
        return ActorTable(self.doc, actors, mentions)

    def _common_phrase(self, actor: ActorDraft) -> bool:
        """True for a capitalised phrase of ordinary words taken for a name.

        "Winter Carnival", "Tax Code" or "Hoping" are not people, and a capitalised
        plural noun such as "Battlegroups" is not an organisation; a speaker label in
        an interview or a word that is a given name keeps the actor.
        """
        if "label" in actor.cues:
            return False
        words = re.findall(r"[\w'\u2019-]+", actor.name)
        if not words or actor.name[0].islower() or words[0] in NON_NAMES:
            return True  # "and I", "I'm"
        if actor.kind == "person" and len(words) == 1:
            return words[0].lower() in self.doc.lowercase_words  # "Hoping", not "Trump"
        if actor.kind == "person":
            return not any(w in FIRST_NAMES for w in words) and all(
                self._ordinary(w) for w in words
            )
        if actor.kind == "organization" and len(words) == 1 and "speaks" not in actor.cues:
            word = words[0]
            return not _ACRONYM.match(word) and self._ordinary(word)
        return False

    def _ordinary(self, word: str) -> bool:
        lower = word.lower()
        return lower in COMMON_WORDS or lower in self.doc.lowercase_words


def _keep(actor: ActorDraft, interviewers: set[str]) -> bool:
    """False for the publication's interviewers and for countries that only locate."""
    if actor.role and "wikinews" in actor.role.lower():
        return False  # the publication's own reporter
    if fold_name(actor.name) in interviewers:
        return False
    if actor.kind == "country":
        return bool(actor.cues & {"acts", "speaks"}) or len(actor.forms) > 1
    return True


# Title abbreviations in roles, spelled out so "the senator" finds "Sen. Bernie Sanders".
_ROLE_ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "pres": "president",
    "sec": "secretary",
    "lt": "lieutenant",
    "col": "colonel",
    "capt": "captain",
    "prof": "professor",
    "dr": "doctor",
}


class _NameIndex:
    """Actors by the words of their names, so a lookup does not read every actor.

    Entries are added as actors are registered or renamed and checked when read,
    so a renamed actor or one whose kind changed is never returned by an old name.
    """

    _SIMILAR_LIMIT = 200  # candidates compared by edit distance, at most

    def __init__(self, actors: list[ActorDraft]):
        self.actors = actors
        self._people: dict[tuple[int, str], set[int]] = {}
        self._orgs: dict[str, set[int]] = {}
        self._by_initial: dict[str, list[int]] = {}

    def add(self, idx: int) -> None:
        actor = self.actors[idx]
        words = fold_name(actor.name).split()
        if not words:
            return
        if actor.kind == "person":
            self._people.setdefault((-1, words[-1]), set()).add(idx)
            self._people.setdefault((0, words[0]), set()).add(idx)
            if len(words) > 1 and idx not in self._by_initial.get(words[-1][:1], ()):
                self._by_initial.setdefault(words[-1][:1], []).append(idx)
        elif actor.kind == "organization":
            for word in words:
                self._orgs.setdefault(word, set()).add(idx)

    def _words(self, idx: int) -> list[str]:
        return fold_name(self.actors[idx].name).split()

    def people_with(self, word: str, position: int, *, several: bool = False) -> set[int]:
        """Persons whose first (``0``) or last (``-1``) name word is ``word``."""
        found = set()
        for i in self._people.get((position, word), ()):
            words = self._words(i)
            if (
                self.actors[i].kind == "person"
                and words[position] == word
                and (not several or len(words) > 1)
            ):
                found.add(i)
        return found

    def single_person(self, word: str) -> int | None:
        """A person known so far by one word only."""
        for i in sorted(self._people.get((-1, word), ())):
            if self.actors[i].kind == "person" and self._words(i) == [word]:
                return i
        return None

    def people_like(self, word: str) -> set[int]:
        """Persons whose surname is ``word`` misspelt ("Water" for "Waters")."""
        limit = 1 if len(word) < 6 else 2
        found = set()
        for i in self._by_initial.get(word[:1], [])[: self._SIMILAR_LIMIT]:
            words = self._words(i)
            if self.actors[i].kind != "person" or len(words) < 2:
                continue
            surname = words[-1]
            if len(word) < 6 and not (surname.startswith(word) or word.startswith(surname)):
                continue
            if Levenshtein.distance(surname, word, score_cutoff=limit) <= limit:
                found.add(i)
        return found

    def orgs_with(self, word: str) -> set[int]:
        """Organisations with ``word`` in their name."""
        return {
            i
            for i in self._orgs.get(word, ())
            if self.actors[i].kind == "organization" and word in self._words(i)
        }


class ActorTable:
    """The actors of a document and every place they are mentioned."""

    def __init__(self, doc: Document, actors: list[ActorDraft], mentions: list[Mention]):
        self.doc = doc
        self.actors = actors
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        self._forms = {fold_name(f): i for i, a in enumerate(actors) for f in a.forms}
        self._surnames: dict[str, set[int]] = {}
        self._org_words: dict[str, set[int]] = {}
        for i, actor in enumerate(actors):
            words = fold_name(actor.name).split()
            if words and actor.kind == "person":
                self._surnames.setdefault(words[-1], set()).add(i)
            if actor.kind in ("organization", "group"):
                for word in words:
                    self._org_words.setdefault(word, set()).add(i)

    def find(self, name: str) -> int | None:
        """The actor called ``name`` (any of its forms, or a person's surname)."""
        key = fold_name(name)
        if key in self._forms:
            return self._forms[key]
        parts = key.split()
        owners = self._surnames.get(parts[-1], set()) if parts else set()
        return next(iter(owners)) if len(owners) == 1 else None

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            out.append(self.mentions[i])
            i += 1
        return out

    def nearest_before(self, offset: int, kinds: tuple[str, ...], window: int = 1500) -> int | None:
        i = bisect_left(self._starts, offset) - 1
        while i >= 0 and self.mentions[i].start >= offset - window:
            m = self.mentions[i]
            if self.actors[m.actor].kind in kinds:
                return m.actor
            i -= 1
        return None

    def by_name_word(self, word: str) -> int | None:
        """The one organisation or group whose name contains ``word`` ("Church")."""
        found = self._org_words.get(fold_name(word), set())
        return next(iter(found)) if len(found) == 1 else None

    def by_role(self, description: str, near: int, window: int = 1200) -> int | None:
        """The one recently mentioned actor whose role matches a description ("the minister")."""
        words = [w for w in fold_name(description).split() if w not in ("the", "a", "an")]
        if not words:
            return None
        head = words[-1]
        found = set()
        for m in self.mentions_between(max(0, near - window), near):
            role = self.actors[m.actor].role
            if role and head in {_ROLE_ABBREVIATIONS.get(w, w) for w in fold_name(role).split()}:
                found.add(m.actor)
        return found.pop() if len(found) == 1 else None


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
