"""Claims and the summary: said by the article, with its numbers, its polarity and its source.

A claim needs sentences that share enough of its content words
(``CLAIM_MIN_SUPPORT``); every number it states must stand in them with that
value; a negation in one and not the other ("will send troops" against "will
not send troops") refuses it; and its source must be the one the evidence
attributes it to ("X said", "according to X", a quotation of X), or null.
The summary is held to the same words, numbers and names, over the whole article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..align import ArticleIndex
from ..attribution import SPEECH_CUE
from ..quantities import NumberMention, find_numbers, rounds_to, same_value, values_agree
from ..quotations import QuotationMap
from ..schema import Actor, Claim, Span
from ..text import STOPWORDS, Segment, content_tokens, fold, stem, token_f1
from .actors import ActorMentions
from .figures import counted_words
from .model import PENDING_ID, ItemKind, Problem, excerpt, plain, speaker_id
from .speakers import Attributor

CLAIM_MIN_SUPPORT = 0.34
SAME_CLAIM = 0.8  # token F1 of content words above which two claims say the same
SUMMARY_MIN_SUPPORT = 0.6
NEGATIONS = frozenset(
    """not no never nor neither none nobody nothing without cannot refuse refused refuses
    refusing decline declined declines reject rejected rejects deny denied denies fail failed
    fails""".split()
)
_NEGATION_SCOPE = 4
_SCOPE_ENDS = frozenset("said says say told why how what whether that if which who".split())
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?|[,.;:!?]")
_PUNCTUATION = frozenset(",.;:!?")
_FOLD_MARKS = str.maketrans({"\u2019": "'", "\u2018": "'"})
_CUE = SPEECH_CUE
_SUBJECT_REACH = 80
_CLAUSE_END = re.compile(r"[,.;:!?]")
_PRONOUN_SUBJECTS = frozenset({"he", "she", "they"})
_EVIDENCE_LIMIT = 3
_SMALL_COUNT = 12
_SUMMARY_MIN_WORDS = 4  # a shorter summary says too little to be checked word by word
_ALTERNATIVES = 6


@lru_cache(maxsize=4096)
def polarity(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words ``text`` negates and the content words it asserts (stemmed).

    A negation ("not", "never", "no", "refused", "n't") negates the first content
    word within four words after it; two negations in a row cancel ("did not
    reject" asserts "reject"); "No," answering a question negates nothing, nor does
    a negation offered as an alternative ("may or may not", "with or without").
    """
    tokens = _TOKEN.findall(text.translate(_FOLD_MARKS).casefold())
    negated: set[str] = set()
    asserted: set[str] = set()
    pending = 0  # negations waiting for their word
    reach = 0
    for i, word in enumerate(tokens):
        if word in _PUNCTUATION or word in _SCOPE_ENDS:
            pending = 0
            continue
        if _is_negation(word) and _alternative(tokens, i):
            continue
        if _is_negation(word) and not (
            word == "no" and i + 1 < len(tokens) and tokens[i + 1] in _PUNCTUATION
        ):
            pending, reach = pending + 1, _NEGATION_SCOPE
            if pending % 2 == 0:
                asserted.add(stem(word))
            continue
        if word in STOPWORDS:
            reach -= 1
            pending = pending if reach > 0 else 0
            continue
        (negated if pending % 2 else asserted).add(stem(word))
        pending = 0
    return frozenset(negated), frozenset(asserted)


def _alternative(tokens: list[str], i: int) -> bool:
    """True when the negation at ``i`` is offered as an alternative, not a denial: "with or
    without", "whether or not", "may or may not"."""
    if i >= 1 and tokens[i - 1] == "or":
        return True
    return i >= 3 and tokens[i - 2] == "or" and tokens[i - 1] == tokens[i - 3]


def _is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")


def _same_root(a: str, b: str) -> bool:
    """Stems of one word in two forms ("bas" of based, "base" of bases)."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 3 and common >= min(len(a), len(b)) - 1 and abs(len(a) - len(b)) <= 2


def _holds(words: frozenset[str], word: str) -> bool:
    return any(_same_root(word, w) for w in words)


def polarity_clash(
    claim: str, evidence: str, denied_elsewhere: Callable[[str], bool] | None = None
) -> list[str]:
    """Words the claim asserts and the evidence only denies, or the other way round.

    A claim that denies a word the evidence neither asserts nor denies clashes when
    the evidence denies nothing at all, unless ``denied_elsewhere`` finds the
    article denying that word in another sentence.
    """
    claim_no, claim_yes = polarity(claim)
    said_no, said_yes = polarity(evidence)
    clash = {
        w
        for w in said_no
        if not _holds(said_yes, w) and _holds(claim_yes, w) and not _holds(claim_no, w)
    }
    clash |= {
        w
        for w in claim_no
        if not _holds(claim_yes, w) and _holds(said_yes, w) and not _holds(said_no, w)
    }
    if claim_no and not said_no and not _negates(evidence):
        clash |= {w for w in claim_no if denied_elsewhere is None or not denied_elsewhere(w)}
    return sorted(clash)


def _negates(text: str) -> bool:
    return any(_is_negation(w) for w in _TOKEN.findall(text.translate(_FOLD_MARKS).casefold()))


def missing_numbers(claim: str, evidence: str) -> list[tuple[NumberMention, list[NumberMention]]]:
    """Numbers of the claim that the evidence does not state with that value (and, where
    both name what they count, the same thing), with the evidence's own numbers."""
    stated = find_numbers(evidence)
    out = []
    for mention in find_numbers(claim):
        if not any(_same_quantity(claim, mention, evidence, other) for other in stated):
            out.append((mention, stated))
    return out


def _number_reason(
    claim: str, mention: NumberMention, evidence: str, stated: list[NumberMention]
) -> str:
    """Why the claim's number fails, in plain words."""
    value = plain(mention.value)
    other = next((o for o in stated if _same_number(mention, o)), None)
    if other is not None:
        counted, claimed = counted_words(evidence, other.end), counted_words(claim, mention.end)
        return f"the article's {value} counts {counted}, not {claimed}"
    if stated:
        shown = ", ".join(dict.fromkeys(plain(s.value) for s in stated))
        return f"the article gives {shown}, not {value}"
    return f"the article does not give {value} here"


def _same_quantity(claim: str, a: NumberMention, evidence: str, b: NumberMention) -> bool:
    """True when the claim's ``a`` is the evidence's ``b``: the same number, and not of
    another thing when both name what they count ("12 spies" is not "12 members")."""
    if not _same_number(a, b):
        return False
    counted, stated = _common_nouns(claim, a.end), _common_nouns(evidence, b.end)
    return not counted or not stated or any(_same_root(x, y) for x in counted for y in stated)


def _common_nouns(text: str, end: int) -> set[str]:
    """The lower-case words after a number that say what it counts, stemmed: "members" of
    "12 Russian members" (a name or a nationality describes; it does not count)."""
    return {stem(word.lower()) for word in counted_words(text, end).split() if word[:1].islower()}


def _same_number(a: NumberMention, b: NumberMention) -> bool:
    """True when the claim's number ``a`` is the article's ``b``, as written or rounded."""
    return (
        same_value(a.value, b.value)
        or rounds_to(a.value, b.value)
        or (
            a.percent != b.percent
            and (values_agree(a.value * 100, b.value) or values_agree(a.value, b.value * 100))
        )
    )


@dataclass(frozen=True)
class Refusal:
    """Why a claim fails on some evidence."""

    reason: str
    advice: str
    context: str = ""
    about_source: bool = False


@dataclass(frozen=True)
class SourceCheck:
    ok: bool
    article_gives: str = ""


class ClaimGrounder:
    """Grounds the claims (and the summary) of one extraction."""

    def __init__(
        self,
        index: ArticleIndex,
        quotations: QuotationMap,
        attributor: Attributor,
        actors: list[Actor],
        mentions: ActorMentions,
    ):
        self.index = index
        self.text = index.text
        self.quotations = quotations
        self.attributor = attributor
        self.actors = actors
        self.mentions = mentions

    def evidence(
        self, text: str, sentence: tuple[int, int] | None = None
    ) -> tuple[list[Segment], float]:
        """The sentences that support ``text``, holding its numbers where the article has them."""
        first = self.index.sentence_at(sentence[0]) if sentence is not None else None
        found, support = self.index.best_sentences(text, first=first)
        wanted = find_numbers(text)
        if not found or not wanted:
            return found, support
        have = " ".join(self.text[s.start : s.end] for s in found)
        missing = [m for m, _ in missing_numbers(text, have)]
        near = {
            k
            for seg in found
            for k in range(
                self.index.sentence_at(seg.start) - 2, self.index.sentence_at(seg.start) + 3
            )
        }
        for i in self.index.ranked_sentences(text)[:8]:
            if not missing or len(found) >= _EVIDENCE_LIMIT:
                break
            seg = self.index.sentences[i]
            if seg in found or i not in near:
                continue
            said = self.text[seg.start : seg.end]
            numbers = find_numbers(said)
            held = [m for m in missing if any(_same_quantity(text, m, said, o) for o in numbers)]
            if held:
                found = sorted([*found, seg], key=lambda s: s.start)
                missing = [m for m in missing if m not in held]
        return found, support

    def ground(
        self,
        i: int,
        text: str,
        source: int | None,
        source_name: str | None,
        sentence: tuple[int, int] | None = None,
        kind: ItemKind = "claim",
    ) -> Claim | Problem:
        """A claim kept with its evidence, or the problem that refuses it.

        The best supporting sentences are tried first; when they fail on numbers,
        negation or source, the next best places of the article are tried.
        """
        label = f"{kind}s[{i}] ({excerpt(text)!r})"
        first_try = self._check(text, source, source_name, self.evidence(text, sentence))
        if not isinstance(first_try, Refusal):
            return first_try
        if sentence is None and first_try.about_source:
            for start in self.index.ranked_sentences(text)[1:_ALTERNATIVES]:
                seg = self.index.sentences[start]
                retry = self._check(
                    text, source, source_name, self.evidence(text, (seg.start, seg.end))
                )
                if not isinstance(retry, Refusal):
                    return retry
        refusal = first_try
        return Problem(kind, i, label, refusal.reason, refusal.advice, refusal.context, text)

    def _check(
        self,
        text: str,
        source: int | None,
        source_name: str | None,
        found: tuple[list[Segment], float],
    ) -> Claim | Refusal:
        """The claim on this evidence, or why not."""
        evidence, support = found
        if not evidence or support < CLAIM_MIN_SUPPORT:
            nearest = " ".join(self.text[s.start : s.end] for s in evidence)
            return Refusal(
                "no sentence of the article supports it",
                "state only what the article says",
                excerpt(nearest, 300),
            )
        said = " ".join(self.text[s.start : s.end] for s in evidence)
        context = excerpt(said, 300)
        missing = missing_numbers(text, said)
        if missing:
            mention, stated = missing[0]
            return Refusal(
                _number_reason(text, mention, said, stated),
                "use the article's own numbers",
                context,
            )
        clash = polarity_clash(text, said, self._denied)
        if clash:
            return Refusal(
                f"the article says the opposite about {clash[0]!r}",
                "keep the article's negation (not, never, no) as it is",
                context,
            )
        if source is not None:
            check = self.source_ok(source, evidence)
            if not check.ok:
                name = source_name or self.actors[source].name
                if check.article_gives:
                    return Refusal(
                        f"the article attributes it to {check.article_gives}, not to {name}",
                        f"give {check.article_gives} as its source",
                        context,
                        about_source=True,
                    )
                return Refusal(
                    f"the article does not attribute it to {name}",
                    "give null as its source, or the one the article names",
                    context,
                    about_source=True,
                )
        return Claim(
            id=PENDING_ID,
            text=" ".join(text.split()),
            source=speaker_id(source),
            evidence=[Span(start=s.start, end=s.end) for s in evidence],
        )

    def _denied(self, word: str) -> bool:
        return denied_in(self.index, word)

    def source_ok(self, source: int, evidence: list[Segment]) -> SourceCheck:
        """True when the evidence attributes the statement to ``source`` (or names it acting)."""
        named: list[int] = []
        inherited: list[int] = []
        cue = False
        mentioned = False
        for seg in evidence:
            for region in self.quotations.overlapping(seg.start, seg.end):
                attribution = self.attributor.of(region)
                named.extend(attribution.named)
                inherited.extend(attribution.inherited)
                cue = cue or bool(attribution.named or attribution.label)
            sentence_named, sentence_inherited, sentence_cue = self._cues(seg)
            named.extend(sentence_named)
            inherited.extend(sentence_inherited)
            cue = cue or sentence_cue
            mentioned = mentioned or any(
                m.actor == source for m in self.mentions.within(seg.start, seg.end, roles=False)
            )
        if source in named or source in inherited:
            return SourceCheck(True)
        if named:
            return SourceCheck(False, self.actors[named[0]].name)
        if mentioned:
            return SourceCheck(True)
        if cue and evidence:
            a, b = self.attributor.window(evidence[0].start, evidence[-1].end)
            return SourceCheck(
                any(m.actor == source for m in self.mentions.within(a, b, roles=False))
            )
        return SourceCheck(False)

    def _cues(self, seg: Segment) -> tuple[list[int], list[int], bool]:
        """Actors a sentence's speech verbs attribute it to; those a pronoun points back to."""
        named: list[int] = []
        inherited: list[int] = []
        cue = False
        for match in _CUE.finditer(self.text, seg.start, seg.end):
            cue = True
            before = self.text[
                max(seg.start, match.start() - _SUBJECT_REACH) : match.start()
            ].split()
            if before and before[-1].lower().strip(",") in ("also",):
                before = before[:-1]
            if before and before[-1].lower() in _PRONOUN_SUBJECTS:
                first = self.attributor.paragraph_of(seg.start)
                start = (
                    self.attributor.paragraphs[max(0, first - 3)].start
                    if self.attributor.paragraphs
                    else 0
                )
                people = [
                    m.actor
                    for m in self.mentions.within(start, match.start(), roles=False)
                    if self.actors[m.actor].kind == "person"
                ]
                inherited.extend(a for a in dict.fromkeys(reversed(people)) if a not in inherited)
                continue
            subjects = self.mentions.subjects(
                max(seg.start, match.start() - _SUBJECT_REACH), match.start()
            )
            named.extend(m.actor for m in reversed(subjects))
            inverted = match.group(0).lower() == "according to" or self.text[
                max(seg.start, match.start() - 2) : match.start()
            ].strip() in (",", "")
            if inverted:
                stop = _CLAUSE_END.search(self.text, match.end(), seg.end)
                end = stop.start() if stop else seg.end
                named.extend(m.actor for m in self.mentions.subjects(match.end(), end))
        return named, inherited, cue


def says_the_same(a: str, b: str) -> bool:
    """True when two claims say the same (their content words agree, ``SAME_CLAIM``)."""
    return token_f1(content_tokens(a), content_tokens(b)) >= SAME_CLAIM


def denied_in(index: ArticleIndex, word: str) -> bool:
    """True when some sentence of the article holding ``word`` negates something."""
    for i in index.token_postings.get(word, ()):
        seg = index.sentences[i]
        if _negates(index.text[seg.start : seg.end]):
            return True
    return False


def summary_problem(summary: str, index: ArticleIndex) -> Problem | None:
    """Why ``summary`` is not the article's (words, numbers, names, negation), or None.

    A summary condenses the whole article: a denial it states may stand in any
    sentence, not only in the two that share most of its words.
    """
    if not summary:
        return None
    tokens = set(content_tokens(summary))
    if len(tokens) >= _SUMMARY_MIN_WORDS:
        known = sum(1 for t in tokens if t in index.token_postings)
        if known / len(tokens) < SUMMARY_MIN_SUPPORT:
            return _summary("most of its words are not in the article", summary)
    for mention in find_numbers(summary):
        if mention.spelled and mention.value <= _SMALL_COUNT:
            continue  # "seven experts": a count of what the article lists
        if not any(_same_number(mention, other) for other in index.numbers):
            return _summary(f"the article gives no {plain(mention.value)}", summary)
    folded = index.folded.text
    for name in _names(summary):
        if fold(name) not in folded and stem(fold(name)) not in index.token_postings:
            return _summary(f"the article does not mention {name}", summary)
    for sentence in re.split(r"(?<=[.!?])\s+", summary):
        found, _ = index.best_sentences(sentence, limit=2)
        said = " ".join(index.text[s.start : s.end] for s in found)
        clash = polarity_clash(sentence, said, lambda w: denied_in(index, w)) if said else []
        if clash:
            return _summary(f"the article says the opposite about {clash[0]!r}", summary)
    return None


def _summary(reason: str, summary: str) -> Problem:
    return Problem(
        "summary",
        0,
        "the summary",
        reason,
        "summarise only what the article says",
        "",
        summary,
        "flagged",
        repair=False,
    )


def _names(text: str) -> list[str]:
    """Capitalised words that do not open a sentence: the names a summary mentions."""
    return [
        match.group(0)
        for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]+", text)
        if fold(match.group(0)) not in STOPWORDS
    ]
