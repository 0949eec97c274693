"""People, organisations and acting countries: found from capitalised runs, merged by alias.

Candidate names come from :mod:`.runs`; what each one names is decided by the
ordered rules of :mod:`.actor_rules`. Every mention keeps its offsets, so quotes
can find the speaker nearest to them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Set
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from ..text import fold_name
from .actor_rules import Action, Add, DraftKind, Refer, decide
from .document import ANSWER, QUESTION, Document
from .lexicon import (
    COMMON_WORDS,
    FIRST_NAMES,
    LOCATIVES,
    NON_NAMES,
    ORG_WORDS,
)
from .runs import ACRONYM, Run, kind_of, name_runs, name_tokens, read_cues

_CREDIT_LABEL = re.compile(r"\b(?:Image|Photo|Credit|Source|Photograph)\s*:", re.IGNORECASE)
_DOMAIN = re.compile(r"\.(?:com|org|net|gov|edu|co\.uk|info)\b", re.IGNORECASE)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    actor: int


@dataclass
class ActorDraft:
    name: str
    kind: DraftKind
    role: str | None = None
    forms: list[str] = field(default_factory=list)
    first: int = 0
    cues: set[str] = field(default_factory=set)

    def add_form(self, form: str) -> None:
        if form and form not in self.forms:
            self.forms.append(form)


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
        runs: list[Run] = []
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
            for run in name_runs(doc, start, end):
                read_cues(doc, run)
                runs.append(run)
        multi = [
            r
            for r in runs
            if len(r.tokens) > 1 and (kind_of(r.tokens) != "unknown" or len(name_tokens(r)) > 1)
        ]
        chosen = {id(r) for r in multi}
        single = [r for r in runs if id(r) not in chosen]
        for run in multi:
            self.read(run, one_word=False)
        for run in single:
            self.read(run, one_word=True)
        for start, end, label in labels:
            self._add_label(start, end, label)
        return self._finish()

    def read(self, run: Run, *, one_word: bool) -> None:
        """Decide what ``run`` names with the actor rules and record it."""
        for action in decide(self, run, one_word=one_word)[1]:
            self.apply(action)

    def apply(self, action: Action) -> None:
        """Carry out one action of a rule's decision."""
        if isinstance(action, Add):
            self._register(
                action.name, action.kind, action.start, action.end, action.role, action.cues
            )
        elif isinstance(action, Refer):
            self._mention(action.actor, action.start, action.end, action.form, action.cues)
        else:
            self.read(action.run, one_word=action.one_word)

    def mentioned_often(self, word: str) -> bool:
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

    def org_containing(self, text: str) -> int | None:
        """An organisation already known whose name ends with ``text`` ("Foreign Ministry")."""
        key = fold_name(text)
        words = key.split()
        for i in sorted(self._names.orgs_with(words[-1])) if words else ():
            name = fold_name(self.actors[i].name)
            if name != key and name.endswith(" " + key):
                return i
        return None

    def orgs_with(self, word: str) -> list[int]:
        """Organisations with ``word`` in their name, in the order they were found."""
        return sorted(self._names.orgs_with(word))

    def _add_label(self, start: int, end: int, label: str) -> None:
        if label in self.doc.interviewers or label in (QUESTION, ANSWER):
            return
        parts = re.findall(r"[A-Z][a-z'\u2019]+|[A-Z]+(?![a-z])", label)
        spaced = " ".join(parts) if parts else label
        idx = self.lookup(spaced) if spaced != label else None
        if idx is None:
            idx = self.lookup(label)
        if idx is None and parts:
            idx = self.lookup(parts[-1])
        if idx is None:
            name = spaced if self.in_text(spaced) and spaced != label else label
            idx = self._register(name, "person", start, end, None, {"label"})
        self._mention(idx, start, end, label, {"label"})

    # ---------------------------------------------------------------- table

    def in_text(self, form: str) -> bool:
        """True when ``form`` occurs in the document."""
        return bool(self.doc.occurrences(form))

    def lookup(self, form: str) -> int | None:
        """The actor known by ``form``, or the one person with it as a name word."""
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
        self, name: str, kind: DraftKind, start: int, end: int, role: str | None, cues: Set[str]
    ) -> int:
        idx = self.lookup(name)
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

    def _mention(self, idx: int, start: int, end: int, form: str, cues: Set[str]) -> None:
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
            return not ACRONYM.match(word) and self._ordinary(word)
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
