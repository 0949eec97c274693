"""Actors: one per real entity, and the names that point at them.

Names are compared without honorifics ("Mr.", "Dr."), titles in front of a
name ("NATO chief Jens Stoltenberg"), appositions (", US Secretary of State")
and spaces ("ShimonPeres" in a transcript). A surname alone stands for the one
person who carries it; two people who share a surname stay apart when their
first names contradict ("Joe Biden", "Jill Biden").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..align import ArticleIndex
from ..schema import Actor, Extraction
from ..text import STOPWORDS, fold, fold_name
from .model import Problem, actor_id

HONORIFICS = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister
    the""".split()
)
TITLES = frozenset(
    """president vice prime minister secretary senator sen representative rep governor gov
    mayor ambassador chancellor general gen chief spokesman spokeswoman spokesperson deputy
    director chairman chairwoman chair judge justice king queen prince princess pope sheriff
    commissioner coach captain capt colonel col lieutenant lt sergeant sgt officer agent
    inspector detective det constable bishop archbishop cardinal rabbi imam sheikh""".split()
)
_ACTOR_ID = re.compile(r"\s*a(\d{1,3})\s*$", re.IGNORECASE)
_CLAUSE = frozenset("that who which whose where when and or".split())
_ROLE_WORDS = 4
_JOINERS = frozenset("of the for and".split())
_DETERMINERS = frozenset("the a an its his her their our this that".split())
_PREPOSITIONS = frozenset("by to of with from for at in on about against than via".split())


def strip_titles(tokens: list[str]) -> list[str]:
    """Person-name tokens without leading titles: ["secretary", "blinken"] -> ["blinken"]."""
    while len(tokens) > 1 and tokens[0] in TITLES:
        tokens = tokens[1:]
    return tokens


def strip_honorifics(tokens: list[str]) -> list[str]:
    """Name tokens without leading honorifics: ["mr", "lavrov"] -> ["lavrov"]."""
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    return tokens


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a name without apposition, parentheses or honorifics."""
    name = re.sub(r"\([^)]*\)", " ", name).split(",")[0].replace("[", " ").replace("]", " ")
    return strip_honorifics(fold_name(name).split())


def _initial_of(a: str, b: str) -> bool:
    return len(a) == 1 and b.startswith(a)


def same_person(a: list[str], b: list[str]) -> bool:
    """True when two person names can be one person: equal, one the tail of the other, or
    the same surname with given names that agree ("J. Smith", "John Smith", "John F. Smith")."""
    if not a or not b:
        return False
    if a == b or "".join(a) == "".join(b):
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long[-len(short) :] == short:
        return True
    if a[-1] != b[-1] or len(a) < 2 or len(b) < 2:
        return False
    given_short, given_long = short[:-1], long[:-1]
    if given_short[0] != given_long[0] and not _compatible(given_short[0], given_long[0]):
        return False
    rest_short, rest_long = given_short[1:], given_long[1:]
    if not rest_short or not rest_long:
        return True  # "John Smith" and "John F. Smith"
    return len(rest_short) == len(rest_long) and all(
        _compatible(x, y) for x, y in zip(rest_short, rest_long, strict=True)
    )


def _compatible(a: str, b: str) -> bool:
    return a == b or _initial_of(a, b) or _initial_of(b, a)


def _forms_of(actor: Actor) -> list[list[str]]:
    """Each form's name tokens; a person's without the titles in front ("President Biden")."""
    tokens = (name_tokens(f) for f in actor.forms())
    if actor.kind == "person":
        tokens = (strip_titles(t) for t in tokens)
    return [t for t in tokens if t]


def same_entity(a: Actor, b: Actor, people: list[Actor]) -> bool:
    """True when ``a`` and ``b`` name one entity; a bare surname two people share names neither."""
    forms_a, forms_b = _forms_of(a), _forms_of(b)
    if any(x == y or "".join(x) == "".join(y) for x in forms_a for y in forms_b):
        return True
    if a.kind != "person" or b.kind != "person":
        return False
    full_a = [f for f in forms_a if len(f) > 1]
    full_b = [f for f in forms_b if len(f) > 1]
    if full_a and full_b and not any(same_person(x, y) for x in full_a for y in full_b):
        return False  # "Walt Whitman" and "George Whitman", whatever short forms they share
    if not any(same_person(x, y) for x in forms_a for y in forms_b):
        return False
    return not (_ambiguous_surname(a, people) or _ambiguous_surname(b, people))


def _ambiguous_surname(actor: Actor, people: list[Actor]) -> bool:
    """True for a bare surname ("Biden") when two people with other first names carry it."""
    if any(len(t) > 1 for t in _forms_of(actor)):
        return False
    surname = name_tokens(actor.name)[-1] if name_tokens(actor.name) else ""
    firsts = {
        tokens[0]
        for p in people
        if p.kind == "person"
        for tokens in _forms_of(p)
        if len(tokens) > 1 and tokens[-1] == surname
    }
    return len(firsts) > 1


def merge_actor(kept: Actor, other: Actor, present: list[str]) -> Actor:
    """``kept`` and ``other`` as one actor: the fullest name, every form found, the first role."""
    forms = list(dict.fromkeys([*kept.forms(), *other.forms()]))
    name = kept.name
    if kept.kind == "person":
        full = [f for f in forms if f in present and 1 < len(name_tokens(f)) <= 3]
        name = max(full, key=lambda f: (len(name_tokens(f)), f == kept.name), default=kept.name)
    seen = {fold_name(name)}
    aliases = []
    for form in forms:
        key = fold_name(form)
        if key not in seen and form in present:
            seen.add(key)
            aliases.append(form)
    return kept.model_copy(
        update={"name": name, "role": kept.role or other.role, "aliases": aliases}
    )


def ground_actors(
    extraction: Extraction, index: ArticleIndex, problems: list[Problem]
) -> tuple[list[Actor], dict[int, int]]:
    """The extraction's actors found in the article, merged per entity.

    Returns the actors and a map from each extraction position to its actor.
    """
    actors: list[Actor] = []
    where: dict[int, int] = {}
    for i, actor in enumerate(extraction.actors):
        name = " ".join(actor.name.split())
        if not name:
            problems.append(Problem("actor", i, f"actors[{i}]", "the name is empty"))
            continue
        forms = list(
            dict.fromkeys(f for f in (" ".join(a.split()) for a in [name, *actor.aliases]) if f)
        )
        present = [f for f in forms if mentioned(f, index)]
        if not present and actor.kind == "person":
            tokens = name_tokens(name)
            if tokens and len(tokens[-1]) > 2 and mentioned(tokens[-1], index):
                present = [name]
        if not present:
            problems.append(
                Problem(
                    "actor",
                    i,
                    f"actors[{i}] ({name!r})",
                    "the article does not name it",
                    "list only actors the article names, with the name it uses",
                    text=name,
                )
            )
            continue
        candidate = Actor(
            id=actor_id(len(actors)),
            name=name,
            kind=actor.kind,
            role=(actor.role or "").strip() or None,
            aliases=forms[1:],
        )
        target = next(
            (
                k
                for k, kept in enumerate(actors)
                if same_entity(kept, candidate, [*actors, candidate])
            ),
            None,
        )
        if target is None:
            target = len(actors)
            actors.append(merge_actor(candidate, candidate, present or [name]))
        else:
            actors[target] = merge_actor(
                actors[target], candidate, _present_forms(actors[target], present, index)
            )
        where[i] = target
    return actors, where


def _present_forms(kept: Actor, present: list[str], index: ArticleIndex) -> list[str]:
    return [*(f for f in kept.forms() if mentioned(f, index)), *present] or [kept.name]


def mentioned(form: str, index: ArticleIndex) -> bool:
    """True when ``form`` occurs in the article (folded, or with its spaces removed)."""
    if form in index.text:
        return True
    needle = fold(form)
    folded = index.folded.text
    return bool(needle) and (needle in folded or needle.replace(" ", "") in folded)


class ActorResolver:
    """Maps the names a model uses for speakers and sources to actor indices."""

    def __init__(self, actors: list[Actor], ids: dict[int, int] | None = None):
        self.actors = actors
        self._ids = ids or {}
        self._exact: dict[str, int] = {}
        self._joined: dict[str, int] = {}
        self._surname: dict[str, set[int]] = {}
        self._roles: dict[str, set[int]] = {}
        for i, actor in enumerate(actors):
            for form in actor.forms():
                tokens = name_tokens(form)
                self._exact.setdefault(" ".join(tokens), i)
                self._joined.setdefault("".join(tokens), i)
            if actor.kind == "person":
                for tokens in _forms_of(actor):
                    self._surname.setdefault(tokens[-1], set()).add(i)
            if actor.role:
                for phrase in role_phrases(actor.role, qualified=True):
                    self._roles.setdefault(phrase, set()).add(i)

    def resolve(self, name: str) -> int | None:
        """The actor ``name`` stands for, or None when it names no one (or several)."""
        ident = _ACTOR_ID.match(name)
        if ident and int(ident.group(1)) - 1 in self._ids:
            return self._ids[int(ident.group(1)) - 1]
        tokens = name_tokens(name)
        if not tokens:
            return None
        for k in range(len(tokens)):
            found = self._exact.get(" ".join(tokens[k:]))
            if found is not None and (k == 0 or len(tokens) - k > 1):
                return found
        joined = self._joined.get("".join(tokens))
        if joined is not None:
            return joined
        person = strip_titles(tokens)
        owners = self._surname.get(person[-1], set())
        if len(owners) == 1:
            (owner,) = owners
            if len(person) == 1 or any(
                same_person(person, t) for t in _forms_of(self.actors[owner])
            ):
                return owner
        return self._by_role(tokens)

    def _by_role(self, tokens: list[str]) -> int | None:
        words = [t for t in tokens if t not in ("the", "a", "an")]
        for k in range(len(words)):
            owners = self._roles.get(" ".join(words[k:]), set())
            if len(owners) == 1 and len(words) - k >= 2:
                return next(iter(owners))
        return None


def role_phrases(role: str, qualified: bool = False) -> list[str]:
    """Word runs of a role that can stand for the person, two to four words: "US Secretary
    of State" -> ["us secretary of state", "secretary of state", "us secretary"]; a
    relative clause ("broadcaster that saw …") ends the role.

    With ``qualified``, a run never drops the role's qualifier after a preposition: "the
    Russian ambassador" may be anyone's ambassador, not the one "in Washington". (An
    article's "the Russian ambassador" still fits that actor when a model names him.)
    """
    words = fold_name(role).split()
    clause = next((i for i, w in enumerate(words) if w in _CLAUSE), len(words))
    words = words[:clause]
    if len(words) > _ROLE_WORDS + 1:
        return []  # a description, not a title
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    phrases = _tails(words) if qualified else [*_tails(words), *_tails(words[:cut])]
    return list(dict.fromkeys(phrases))


def _tails(words: list[str]) -> list[str]:
    """The word runs ending a phrase, two to four words, not opening on a small word."""
    return [
        " ".join(words[k:])
        for k in range(len(words))
        if 2 <= len(words) - k <= _ROLE_WORDS
        and words[k] not in _PREPOSITIONS
        and words[k] not in _DETERMINERS
    ]


@dataclass(frozen=True)
class Mention:
    """Where the article names an actor."""

    start: int
    end: int
    actor: int
    by_role: bool = False


class ActorMentions:
    """Every place the article names each actor, in text order."""

    def __init__(self, actors: list[Actor], index: ArticleIndex):
        found: dict[tuple[int, int], Mention] = {}
        self.text = index.text
        self.items: list[Mention] = []
        self._starts: list[int] = []
        if not actors:
            return
        hay = index.folded
        for i, actor in enumerate(actors):
            for needle, by_role in _needles(actor):
                pos = hay.text.find(needle)
                while pos >= 0:
                    end = pos + len(needle)
                    if _word_edges(hay.text, pos, end):
                        a, b = hay.to_source(pos), hay.to_source_end(end)
                        key = (a, b)
                        if key not in found or (found[key].by_role and not by_role):
                            found[key] = Mention(a, b, i, by_role)
                    pos = hay.text.find(needle, pos + 1)
        self.items = sorted(found.values(), key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.items]

    def within(self, start: int, end: int, roles: bool = True) -> list[Mention]:
        """Mentions inside ``text[start:end]``, nested ones left out."""
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        out: list[Mention] = []
        for m in self.items[lo:hi]:
            if m.end > end or (m.by_role and not roles):
                continue
            if out and m.start < out[-1].end:
                continue
            out.append(m)
        return out

    def subjects(self, start: int, end: int) -> list[Mention]:
        """Mentions that can be the speaker: not the object of a preposition ("seen by X",
        "with President Joe Biden"); a title in front ("Governor of Washington X") is fine."""
        return [
            m for m in self.within(start, end) if not _after_preposition(self.text[start : m.start])
        ]


def _after_preposition(before: str) -> bool:
    """True when the words before a name end in a preposition, titles and articles skipped
    ("CEO of the Refugee Council Enver Solomon" is a subject, "seen by Sky News" is not)."""
    words = before.split()
    i = len(words) - 1
    while i >= 0:
        if _title_word(words[i]):
            i -= 1
            continue
        j = i
        while j >= 0 and words[j] in _JOINERS:
            j -= 1
        if j < i and j >= 0 and _title_word(words[j]):
            i = j
            continue
        break
    while i >= 0 and words[i].lower() in _DETERMINERS:
        i -= 1
    return i >= 0 and words[i].lower().strip(",") in _PREPOSITIONS


def _title_word(word: str) -> bool:
    return word[:1].isupper() and not word.endswith(",")


def _needles(actor: Actor) -> list[tuple[str, bool]]:
    needles: list[tuple[str, bool]] = []
    for form in actor.forms():
        folded = fold(form)
        if len(folded) > 1:
            needles.append((folded, False))
            if " " in folded:
                needles.append((folded.replace(" ", ""), False))
    if actor.kind == "person":
        for tokens in _forms_of(actor):
            if len(tokens[-1]) > 2 and tokens[-1] not in STOPWORDS:
                needles.append((tokens[-1], False))
    if actor.role:
        needles.extend((phrase, True) for phrase in role_phrases(actor.role))
    return list(dict.fromkeys(needles))


def _word_edges(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not (after.isalnum() and after.islower())
