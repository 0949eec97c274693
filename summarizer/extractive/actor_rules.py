"""The actor rules: what a run of capitalised words names, decided by small rules in order.

Each rule reads one :class:`Candidate` (a run of capitalised words and the cues
around it) and either decides or passes (returns ``None``). The first rule that
decides wins; a run that no rule decides on names no actor. A decision is a
tuple of actions: :class:`Add` a new actor (or a new form of one already
known), :class:`Refer` to an actor already known, or :class:`Reread` part of
the run with the rules again. The empty tuple, :data:`SKIP`, says the run is
not an actor.

Runs of several name words go through :data:`MULTI_WORD_RULES`, single words
(and runs whose only name word follows a title) through
:data:`ONE_WORD_RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from ..text import fold_name
from .document import Document
from .lexicon import (
    CAPITALS,
    COMMON_WORDS,
    COUNTRIES,
    COUNTRY_ALIASES,
    DEMONYMS,
    FIRST_NAMES,
    HONORIFICS,
    NON_ACRONYMS,
    NON_NAMES,
    NON_PERSON_HEADS,
    ORG_WORDS,
    TITLE_WORDS,
)
from .runs import (
    ACRONYM,
    CONNECTORS,
    NameKind,
    Run,
    Token,
    kind_of,
    org_then_person,
    person_of_org,
    plain_name,
    split_title,
)

_ROMAN = re.compile(r"^[IVXLC]+$")

DraftKind = Literal["person", "organization", "country", "group"]
"""The kinds the rules give an actor: each is one of the brief's actor kinds."""


class ActorIndex(Protocol):
    """What the rules may ask about the actors found so far in a document."""

    @property
    def doc(self) -> Document: ...

    def lookup(self, form: str) -> int | None:
        """The actor known by ``form`` (or by it as a person's surname), if exactly one."""
        ...

    def org_containing(self, text: str) -> int | None:
        """An organisation whose longer name ends with ``text``."""
        ...

    def orgs_with(self, word: str) -> list[int]:
        """Organisations with ``word`` in their name."""
        ...

    def in_text(self, form: str) -> bool:
        """True when ``form`` occurs in the document."""
        ...

    def mentioned_often(self, word: str) -> bool:
        """True for a word used twice or more, never as a place."""
        ...


@dataclass(frozen=True, slots=True)
class Add:
    """Register an actor ``name`` of ``kind`` mentioned at ``start:end``."""

    name: str
    kind: DraftKind
    start: int
    end: int
    role: str | None
    cues: frozenset[str]


@dataclass(frozen=True, slots=True)
class Refer:
    """Record a mention ``form`` at ``start:end`` of the actor already known as ``actor``."""

    actor: int
    start: int
    end: int
    form: str
    cues: frozenset[str]


@dataclass(frozen=True, slots=True)
class Reread:
    """Decide on ``run`` (a part of the run read) with the one-word or multi-word rules."""

    run: Run
    one_word: bool


Action = Add | Refer | Reread
Decision = tuple[Action, ...]
SKIP: Decision = ()


class Candidate:
    """A run being decided on, with what the rules read from it computed once, when asked."""

    __slots__ = ("doc", "run", "cues", "token", "word", "_kind", "_titled", "_cores")

    def __init__(self, doc: Document, run: Run):
        self.doc = doc
        self.run = run
        self.cues = frozenset(run.cues)
        self.token = run.tokens[-1]  # the run's last word: the one word of a one-word run
        self.word = self.token.core.rstrip(".")  # without an abbreviation's dot
        self._kind: NameKind | None = None
        self._titled: tuple[list[Token], str | None] | None = None
        self._cores: list[str] | None = None

    @property
    def kind(self) -> NameKind:
        """The kind the run's words say (country, role, organization, unknown)."""
        if self._kind is None:
            self._kind = kind_of(self.run.tokens)
        return self._kind

    def _split(self) -> tuple[list[Token], str | None]:
        if self._titled is None:
            self._titled = split_title(self.doc, self.run)
        return self._titled

    @property
    def name_tokens(self) -> list[Token]:
        """The run without the title that opens it."""
        return self._split()[0]

    @property
    def title(self) -> str | None:
        """The title that opens the run ("Polish Interior Minister"), if any."""
        return self._split()[1]

    @property
    def cores(self) -> list[str]:
        """The words of the name, without the title."""
        if self._cores is None:
            self._cores = [t.core for t in self.name_tokens]
        return self._cores

    def word_action(self, name: str, kind: DraftKind, role: str | None = None) -> Add:
        """Register the one word of the run as ``name``."""
        start = self.token.start
        return Add(name, kind, start, start + len(self.word), role, self.cues)

    def word_refers(self, actor: int) -> Refer:
        """The one word of the run mentions ``actor``."""
        start = self.token.start
        return Refer(actor, start, start + len(self.word), self.word, self.cues)


Rule = Callable[[ActorIndex, Candidate], Decision | None]


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].start, tokens[-1].end


def _sub_run(c: Candidate, tokens: list[Token], cues: set[str] | None = None) -> Run:
    start, end = _span_of(tokens)
    return Run(tokens, c.doc.text[start:end], start, end, cues=set() if cues is None else cues)


# ------------------------------------------------------------ several words


def person_of_organisation(index: ActorIndex, c: Candidate) -> Decision | None:
    """A person's name, then "of"/"for"/"at"/"from" and where they work.

    "Matthew Ingram of The Globe and Mail": the person, with the affiliation as
    role when no title gives one, then the organisation read again; a plain
    name that is no given name after "of" is an organisation ("Civic Passion").
    """
    split = person_of_org(c.name_tokens)
    if split is None:
        return None
    person, org = split
    start, end = _span_of(person)
    role = c.title or c.run.role or c.doc.text[end : org[-1].end].strip()
    steps: list[Action] = [
        Add(c.doc.text[start:end], "person", start, end, role, c.cues | {"person"})
    ]
    if kind_of(org) in ("organization", "country") or len(org) == 1:
        steps.append(Reread(_sub_run(c, org, cues={"affiliation"}), one_word=len(org) == 1))
    elif plain_name(org) and not any(t.core in FIRST_NAMES for t in org):
        org_start, org_end = _span_of(org)
        steps.append(
            Add(
                c.doc.text[org_start:org_end],
                "organization",
                org_start,
                org_end,
                None,
                frozenset({"affiliation"}),
            )
        )
    return tuple(steps)


def organisation_then_person(index: ActorIndex, c: Candidate) -> Decision | None:
    """An organisation's name directly followed by a person's ("Civic Party Alan Leong").

    The organisation is read again, then the person is added with the words up
    to the organisation's end as role.
    """
    split = org_then_person(c.run.tokens)
    if split is None:
        return None
    org, person = split
    start, end = _span_of(person)
    role = c.doc.text[c.run.tokens[0].start : org[-1].end]
    return (
        Reread(_sub_run(c, org), one_word=False),
        Add(c.doc.text[start:end], "person", start, end, role, c.cues | {"person"}),
    )


def bare_role(index: ActorIndex, c: Candidate) -> Decision | None:
    """A run that ends in a title or role noun and has no name after a title names nobody.

    "Foreign Minister", "Prime Minister".
    """
    if c.kind == "role" and not c.title:
        return SKIP
    return None


def title_before_organisation(index: ActorIndex, c: Candidate) -> Decision | None:
    """Titles opening an organisation's name are not part of it: read the rest again.

    "Director of the Food and Drug Administration" is read as "Food and Drug Administration".
    """
    if c.kind != "organization" or c.run.tokens[0].core not in TITLE_WORDS:
        return None
    tokens = c.run.tokens
    while tokens and (
        tokens[0].core in TITLE_WORDS or tokens[0].core in CONNECTORS or tokens[0].core == "the"
    ):
        tokens = tokens[1:]
    if not tokens:
        return None
    return (Reread(_sub_run(c, tokens, cues=c.run.cues), one_word=False),)


def short_organisation_name(index: ActorIndex, c: Candidate) -> Decision | None:
    """The end of a known organisation's name mentions it ("Foreign Ministry")."""
    if c.kind != "organization":
        return None
    known = index.org_containing(c.run.text)
    if known is None:
        return None
    return (Refer(known, c.run.start, c.run.end, c.run.text, c.cues),)


def placed_organisation(index: ActorIndex, c: Candidate) -> Decision | None:
    """A run after "in"/"at" that neither acts nor speaks is a place unless it ends in an
    organisation word ("at Central Police Station", but "at the Civic Centre")."""
    if c.kind != "organization":
        return None
    placed = "place" in c.cues and not c.cues & {"acts", "speaks"}
    if placed and c.run.tokens[-1].core not in ORG_WORDS:
        return SKIP
    return None


def organisation_or_country(index: ActorIndex, c: Candidate) -> Decision | None:
    """A run whose words say organisation or country is one ("Andy Warhol Foundation")."""
    if c.kind not in ("organization", "country"):
        return None
    return (Add(c.run.text, c.kind, c.run.start, c.run.end, c.run.role, c.cues),)


def bare_description(index: ActorIndex, c: Candidate) -> Decision | None:
    """Titles, nationalities and organisation words alone name nobody ("Secretary General")."""
    if all(w in TITLE_WORDS or w in DEMONYMS or w in ORG_WORDS for w in c.cores):
        return SKIP
    return None


def titled_person(index: ActorIndex, c: Candidate) -> Decision | None:
    """A name after a title or honorific is a person, the title their role.

    "Polish Interior Minister Mariusz Kaminski"; one name word after a title
    ("President Obama") is read again as one word known to be a person.
    """
    if c.title is None and not any(t.core in HONORIFICS for t in c.run.tokens):
        return None
    tokens = c.name_tokens
    role = c.title or c.run.role
    if len(tokens) == 1:
        only = tokens[0]
        word = Run(tokens, only.core, only.start, only.end, cues=c.run.cues | {"person"}, role=role)
        return (Reread(word, one_word=True),)
    start, end = _span_of(tokens)
    return (Add(c.doc.text[start:end], "person", start, end, role, c.cues | {"person"}),)


def placed_name(index: ActorIndex, c: Candidate) -> Decision | None:
    """A name after "in"/"at"/"to" with no sign of a person is a place ("in New Hampshire")."""
    if "place" in c.cues and not c.cues & {"person", "speaks"}:
        return SKIP
    return None


def non_person_word(index: ActorIndex, c: Candidate) -> Decision | None:
    """A word that heads places and things makes the run no person ("Ross Ice Shelf")."""
    if any(w in NON_PERSON_HEADS for w in c.cores):
        return SKIP
    return None


def nationality_and_word(index: ActorIndex, c: Candidate) -> Decision | None:
    """A nationality and one more word is a description, not a person ("American Idol")."""
    if len(c.cores) == 2 and c.cores[0] in DEMONYMS:
        return SKIP
    return None


def title_of_place(index: ActorIndex, c: Candidate) -> Decision | None:
    """A title joined to a place names no one by name ("Governor of Virginia")."""
    if c.run.tokens[0].core in TITLE_WORDS and any(w in CONNECTORS for w in c.cores):
        return SKIP
    return None


def person_by_cue(index: ActorIndex, c: Candidate) -> Decision | None:
    """A run opening with a given name, or said to be a person or to speak, is a person."""
    if c.cores[0] in FIRST_NAMES or c.cues & {"person", "speaks"}:
        return (_person(c),)
    return None


def plain_person_name(index: ActorIndex, c: Candidate) -> Decision | None:
    """Two or three plain capitalised words, the last no common word, are a person's name."""
    last = c.cores[-1].lower()
    if (
        2 <= len(c.cores) <= 3
        and plain_name(c.name_tokens)
        and last not in c.doc.lowercase_words
        and last not in COMMON_WORDS
    ):
        return (_person(c),)
    return None


def _person(c: Candidate) -> Add:
    run = c.run
    return Add(run.text, "person", run.start, run.end, run.role, c.cues | {"person"})


# ---------------------------------------------------------------- one word


def acting_nationality(index: ActorIndex, c: Candidate) -> Decision | None:
    """A plural nationality that acts or speaks is a group ("Russians say")."""
    word = c.word
    if (
        word in DEMONYMS
        and word.endswith("s")
        and c.cues & {"acts", "speaks"}
        and not (c.token.sentence_start and word.lower() in c.doc.lowercase_words)
    ):
        return (c.word_action(word, "group"),)
    return None


def not_a_name(index: ActorIndex, c: Candidate) -> Decision | None:
    """Function words, titles and nationalities alone are no actor ("The", "Senator")."""
    word = c.word
    if word in NON_NAMES or word in TITLE_WORDS or word in DEMONYMS:
        return SKIP
    return None


def known_actor(index: ActorIndex, c: Candidate) -> Decision | None:
    """A word that is a known actor's name, alias or surname mentions that actor."""
    existing = index.lookup(c.word)
    if existing is None:
        return None
    return (c.word_refers(existing),)


def _is_country(word: str) -> bool:
    return word in COUNTRY_ALIASES or word in COUNTRIES


def acting_country(index: ActorIndex, c: Candidate) -> Decision | None:
    """A country that acts, speaks or owns is an actor, by its full name if the text has it.

    "the US said" gives "United States" when the article spells it out.
    """
    if not _is_country(c.word) or not (c.cues & {"acts", "speaks"} or c.run.possessive):
        return None
    canonical = COUNTRY_ALIASES.get(c.word, c.word)
    return (c.word_action(canonical if index.in_text(canonical) else c.word, "country"),)


def country_as_place(index: ActorIndex, c: Candidate) -> Decision | None:
    """A country that only locates ("in Poland") is no actor."""
    return SKIP if _is_country(c.word) else None


def capital_for_government(index: ActorIndex, c: Candidate) -> Decision | None:
    """A capital that acts or owns stands for its country ("Moscow will expel")."""
    word = c.word
    if word not in CAPITALS or not ("acts" in c.cues or c.run.possessive) or "place" in c.cues:
        return None
    country = CAPITALS[word]
    known = index.lookup(country)
    if known is not None:
        return (c.word_refers(known),)
    return (c.word_action(country if index.in_text(country) else word, "country"),)


def _is_acronym(c: Candidate) -> bool:
    word = c.word
    return (
        ACRONYM.match(word) is not None
        and word not in NON_ACRONYMS
        and word.lower() not in c.doc.lowercase_words
    )


def placed_acronym(index: ActorIndex, c: Candidate) -> Decision | None:
    """An acronym after "in"/"at" that neither acts nor speaks is a place ("in the UAE")."""
    if _is_acronym(c) and "place" in c.cues and not c.cues & {"acts", "speaks"}:
        return SKIP
    return None


def roman_numeral(index: ActorIndex, c: Candidate) -> Decision | None:
    """Capital letters that are a Roman numeral are no acronym ("a grade IV tumour")."""
    if _is_acronym(c) and _ROMAN.match(c.word):
        return SKIP
    return None


def acronym_in_passing(index: ActorIndex, c: Candidate) -> Decision | None:
    """An acronym used once that neither acts, speaks, employs nor owns is left out."""
    if (
        _is_acronym(c)
        and not c.cues & {"acts", "speaks", "affiliation"}
        and not c.run.possessive
        and len(c.doc.occurrences(c.word)) < 2
    ):
        return SKIP
    return None


def acronym_organisation(index: ActorIndex, c: Candidate) -> Decision | None:
    """Any other acronym is an organisation ("NATO", "KCNA")."""
    if _is_acronym(c):
        return (c.word_action(c.word, "organization"),)
    return None


def _is_organisation_word(word: str) -> bool:
    return word in ORG_WORDS and word not in ("Government", "Police")


def organisation_word_for_known(index: ActorIndex, c: Candidate) -> Decision | None:
    """An organisation word alone mentions the one known organisation named with it.

    "the Church" after "the Greek Orthodox Church".
    """
    if not _is_organisation_word(c.word):
        return None
    owners = index.orgs_with(fold_name(c.word))
    if len(owners) != 1:
        return None
    return (c.word_refers(owners[0]),)


def acting_organisation_word(index: ActorIndex, c: Candidate) -> Decision | None:
    """An organisation word alone that acts or speaks is an organisation ("the Ministry said")."""
    if _is_organisation_word(c.word) and c.cues & {"acts", "speaks"}:
        return (c.word_action(c.word, "organization"),)
    return None


def organisation_word_in_passing(index: ActorIndex, c: Candidate) -> Decision | None:
    """Any other organisation word alone is no actor ("the Committee")."""
    return SKIP if _is_organisation_word(c.word) else None


def ordinary_word(index: ActorIndex, c: Candidate) -> Decision | None:
    """A word the article also writes in lower case, or a head of places and things, is none."""
    word = c.word
    if word in NON_PERSON_HEADS or word.lower() in c.doc.lowercase_words:
        return SKIP
    return None


def speaking_person(index: ActorIndex, c: Candidate) -> Decision | None:
    """One name word that speaks, or a person's with a role, is a person ("Lavrov said")."""
    if "speaks" in c.cues or ("person" in c.cues and c.run.role):
        return (c.word_action(c.word, "person", c.run.role),)
    return None


def acting_organisation(index: ActorIndex, c: Candidate) -> Decision | None:
    """A name word mentioned often that acts, inside a sentence and not as a place, is an
    organisation ("Gazprom will")."""
    word = c.word
    if (
        "acts" in c.cues
        and not c.token.sentence_start
        and "place" not in c.cues
        and word not in CAPITALS
        and len(word) > 2
        and word.lower() not in COMMON_WORDS
        and index.mentioned_often(word)
    ):
        return (c.word_action(word, "organization"),)
    return None


MULTI_WORD_RULES: tuple[Rule, ...] = (
    person_of_organisation,
    organisation_then_person,
    bare_role,
    title_before_organisation,
    short_organisation_name,
    placed_organisation,
    organisation_or_country,
    bare_description,
    titled_person,
    placed_name,
    non_person_word,
    nationality_and_word,
    title_of_place,
    person_by_cue,
    plain_person_name,
)
ONE_WORD_RULES: tuple[Rule, ...] = (
    acting_nationality,
    not_a_name,
    known_actor,
    acting_country,
    country_as_place,
    capital_for_government,
    placed_acronym,
    roman_numeral,
    acronym_in_passing,
    acronym_organisation,
    organisation_word_for_known,
    acting_organisation_word,
    organisation_word_in_passing,
    ordinary_word,
    speaking_person,
    acting_organisation,
)


def decide(index: ActorIndex, run: Run, *, one_word: bool) -> tuple[Rule | None, Decision]:
    """The first rule that decides on ``run`` and its decision (``None`` and SKIP if none does)."""
    candidate = Candidate(index.doc, run)
    for rule in ONE_WORD_RULES if one_word else MULTI_WORD_RULES:
        decision = rule(index, candidate)
        if decision is not None:
            return rule, decision
    return None, SKIP
