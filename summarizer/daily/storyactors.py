"""A story's actors merged across its articles, and its quotes grouped by speaker.

Actors of different articles are one actor under the actor-matching rules the eval
scores by (BRIEF.md §5, :mod:`summarizer.sameness`): one's name is the other's name or
alias, or both are persons whose surnames agree and whose first names do not
contradict. Exact name matches are joined first, then surnames; a join that would put
two persons of one surname with different first names together ("Bill Clinton" and
"Hillary Clinton" through a bare "Clinton") is refused, and two actors of one article
are never joined. The merged actor takes the fullest name and the kind most articles
give it.

A quote is listed under a speaker only when the speaker resolves to an actor
of kind person or organization; other quotes are kept as unattributed. The
same quote carried by several articles (one wording contained in the other,
or at least 80% of the shorter one's words shared) is one entry listing every
outlet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..sameness import name_key, name_parts, same_person_names
from ..schema import Actor, Span
from ..text import words
from .dedup import DisjointSets
from .storymodel import SourcedBrief, SpeakerQuotes, StoryActor, StoryQuote, add_once

SPEAKER_KINDS = frozenset({"person", "organization"})
SAME_QUOTE_OVERLAP = 0.8
_MIN_OVERLAP_WORDS = 4

ActorOf = dict[tuple[str, str], str]  # (article id, actor id in its brief) -> story actor id


@dataclass
class _Member:
    """An article's actor, with the name keys the merge rules compare."""

    source: SourcedBrief
    actor: Actor
    key: str = field(init=False)
    """:func:`name_key` of the name."""
    keys: frozenset[str] = field(init=False)
    """:func:`name_key` of the name and of every alias."""
    parts: list[str] = field(init=False)
    """:func:`name_parts` of the name."""
    person: bool = field(init=False)

    def __post_init__(self) -> None:
        self.key = name_key(self.actor.name)
        self.keys = frozenset({self.key, *(name_key(f) for f in self.actor.aliases)})
        self.parts = name_parts(self.actor.name)
        self.person = self.actor.kind == "person"

    def buckets(self) -> list[tuple[str, str]]:
        """Where an actor that may be this one is sure to meet it: one of its name keys, or
        (for a person) its surname."""
        out = [("name", k) for k in self.keys]
        if self.person and self.parts:
            out.append(("surname", self.parts[-1]))
        return out


def _same_name(a: _Member, b: _Member) -> bool:
    return bool(a.keys & b.keys)


def _same_person(a: _Member, b: _Member) -> bool:
    """:func:`~summarizer.sameness.actor_matches` either way round."""
    if a.key in b.keys or b.key in a.keys:
        return True
    return a.person and b.person and same_person_names(a.parts, b.parts)


def _contradict(a: _Member, b: _Member) -> bool:
    """Two persons of one surname who are not the same person."""
    if not (a.person and b.person and a.parts and b.parts):
        return False
    return a.parts[-1] == b.parts[-1] and not _same_person(a, b)


def _candidates(members: Sequence[_Member]) -> list[tuple[int, int]]:
    """Every pair ``i < j`` that shares a bucket, in order: the only pairs either rule can
    join, as they share a name key or are persons of one surname."""
    by_bucket: dict[tuple[str, str], list[int]] = {}
    for i, member in enumerate(members):
        for bucket in member.buckets():
            by_bucket.setdefault(bucket, []).append(i)
    pairs = {
        (ids[x], ids[y])
        for ids in by_bucket.values()
        for x in range(len(ids))
        for y in range(x + 1, len(ids))
    }
    return sorted(pairs)


def merge_actors(items: Sequence[SourcedBrief]) -> tuple[list[StoryActor], ActorOf]:
    """The story's actors (ids ``a1``... most articles first) and where each article's actor
    went."""
    members = [_Member(item, actor) for item in items for actor in item.brief.actors]
    sets = _ActorSets(members)
    pairs = _candidates(members)
    for rule in (_same_name, _same_person):
        for i, j in pairs:
            if rule(members[i], members[j]):
                sets.join(i, j)
    groups = sorted(sets.groups(), key=lambda g: -len({members[i].source.article_id for i in g}))
    actors: list[StoryActor] = []
    actor_of: ActorOf = {}
    for k, group in enumerate(groups):
        story_id = f"a{k + 1}"
        actors.append(_story_actor(story_id, [members[i] for i in group]))
        for i in group:
            actor_of[(members[i].source.article_id, members[i].actor.id)] = story_id
    return actors, actor_of


@dataclass
class _ActorSets:
    members: list[_Member]
    sets: DisjointSets = field(init=False)
    owned: dict[int, list[int]] = field(init=False)

    def __post_init__(self) -> None:
        self.sets = DisjointSets(len(self.members))
        self.owned = {i: [i] for i in range(len(self.members))}

    def join(self, i: int, j: int) -> None:
        """Join the sets of ``i`` and ``j`` unless they share an article or contradict."""
        a, b = self.sets.root(i), self.sets.root(j)
        if a == b:
            return
        left, right = self.owned[a], self.owned[b]
        articles = {self.members[x].source.article_id for x in left}
        if any(self.members[y].source.article_id in articles for y in right):
            return
        if any(_contradict(self.members[x], self.members[y]) for x in left for y in right):
            return
        self.sets.join(a, b)
        self.owned[a] = left + right
        del self.owned[b]

    def groups(self) -> list[list[int]]:
        return self.sets.groups()


def _story_actor(story_id: str, members: list[_Member]) -> StoryActor:
    actors = [m.actor for m in members]
    name = max((a.name for a in actors), key=lambda n: (len(n.split()), len(n)))
    seen = {name_key(name)}
    aliases = []
    for form in (f for a in actors for f in (a.name, *a.aliases)):
        if name_key(form) not in seen:
            seen.add(name_key(form))
            aliases.append(form)
    return StoryActor(
        id=story_id,
        name=name,
        kind=Counter(a.kind for a in actors).most_common(1)[0][0],
        roles=list(dict.fromkeys(a.role for a in actors if a.role)),
        aliases=aliases,
        refs=[m.source.ref(m.actor.id) for m in members],
    )


# ------------------------------------------------------------------- quotes


@lru_cache(maxsize=4096)
def _quote_words(text: str) -> tuple[tuple[str, ...], str]:
    """The words of a quote, and them joined with a space before, between and after each."""
    found = tuple(words(text))
    return found, f" {' '.join(found)} "


def same_quote(a: str, b: str) -> bool:
    """The two wordings are one quotation: one contains the other (folded, word by word),
    or most of the shorter one's words are in the longer one."""
    (x, x_joined), (y, y_joined) = _quote_words(a), _quote_words(b)
    if not x or not y:
        return False
    (short, short_joined), (long, long_joined) = (
        ((x, x_joined), (y, y_joined)) if len(x) <= len(y) else ((y, y_joined), (x, x_joined))
    )
    if short_joined in long_joined:
        return True
    if len(short) < _MIN_OVERLAP_WORDS:
        return False
    left = Counter(long)
    shared = 0
    for word in short:
        if left[word] > 0:
            left[word] -= 1
            shared += 1
    return shared >= SAME_QUOTE_OVERLAP * len(short)


def group_quotes(
    items: Sequence[SourcedBrief], actors: Sequence[StoryActor], actor_of: ActorOf
) -> tuple[list[SpeakerQuotes], list[StoryQuote]]:
    """Quotes by speaker (most quoted first) and the quotes with no person or organization
    to attribute them to; ids ``q1``... in that order."""
    by_id = {a.id: a for a in actors}
    merged: list[StoryQuote] = []
    for item in items:
        names = {a.id: a.name for a in item.brief.actors}
        for q in item.brief.quotes:
            speaker = actor_of.get((item.article_id, q.speaker)) if q.speaker else None
            if speaker is not None and by_id[speaker].kind not in SPEAKER_KINDS:
                speaker = None
            named = q.speaker_name or names.get(q.speaker or "")
            _add_quote(merged, q.text, speaker, named, item, q.id, q.spans)
    merged.sort(key=lambda q: -len(q.outlets))
    groups: dict[str, list[StoryQuote]] = {}
    loose: list[StoryQuote] = []
    for quote in merged:
        (groups.setdefault(quote.speaker, []) if quote.speaker else loose).append(quote)
    order = sorted(groups, key=lambda s: -len(groups[s]))
    numbered = iter(range(1, len(merged) + 1))
    speakers = [
        SpeakerQuotes(
            speaker=s,
            name=by_id[s].name,
            kind=by_id[s].kind,
            quotes=[q.model_copy(update={"id": f"q{next(numbered)}"}) for q in groups[s]],
        )
        for s in order
    ]
    return speakers, [q.model_copy(update={"id": f"q{next(numbered)}"}) for q in loose]


def _add_quote(
    merged: list[StoryQuote],
    text: str,
    speaker: str | None,
    named: str | None,
    item: SourcedBrief,
    item_id: str,
    spans: Sequence[Span],
) -> None:
    ref = item.ref(item_id, spans)
    for i, quote in enumerate(merged):
        if (quote.speaker is None or speaker is None or quote.speaker == speaker) and same_quote(
            quote.text, text
        ):
            merged[i] = quote.model_copy(
                update={
                    "text": max(quote.text, text, key=len),
                    "speaker": quote.speaker or speaker,
                    "named_as": add_once(quote.named_as, named),
                    "outlets": add_once(quote.outlets, item.outlet),
                    "refs": [*quote.refs, ref],
                }
            )
            return
    merged.append(
        StoryQuote(
            id="",
            text=text,
            speaker=speaker,
            named_as=add_once([], named),
            outlets=[item.outlet],
            refs=[ref],
        )
    )
