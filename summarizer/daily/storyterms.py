"""The terms story clustering compares, and how rare each is across the days seen so far.

A word shared by two articles says more about whether they report one event the
rarer it is in the news at large. Measured on a day of a few articles alone, every
word weighs about as much as any other, and the words found in most of the news
(the names of the people it is always about) almost as much as rare ones; so the
daily run keeps a running document-frequency table
(:class:`summarizer.daily.termtable.TermTable`): for each term, how many of the
articles seen on earlier days contain it. :class:`TermCounts` is that table in
memory and turns it, together with the day's own articles, into inverse document
frequencies (:meth:`TermCounts.idf`). An empty table (the first run) gives the
inverse document frequencies of the day's articles alone.

The table is bounded: a term longer than :data:`MAX_TERM_CHARS` is not a word and
is not counted, and :meth:`TermCounts.cap` keeps the most frequent terms only (a
term that was dropped counts as never seen, which is what a rare term is).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from ..text import stem, words

MAX_TERM_CHARS = 40
"""The longest term counted; longer runs of letters are not words (URLs, hashes, junk)."""

ENGLISH_STOP_WORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst amoungst amount an and another any anyhow anyone
    anything anyway anywhere are around as at back be became because become becomes becoming
    been before beforehand behind being below beside besides between beyond bill both bottom
    but by call can cannot cant co con could couldnt cry de describe detail do done down due
    during each eg eight either eleven else elsewhere empty enough etc even ever every
    everyone everything everywhere except few fifteen fifty fill find fire first five for
    former formerly forty found four from front full further get give go had has hasnt have
    he hence her here hereafter hereby herein hereupon hers herself him himself his how
    however hundred i ie if in inc indeed interest into is it its itself keep last latter
    latterly least less ltd made many may me meanwhile might mill mine more moreover most
    mostly move much must my myself name namely neither never nevertheless next nine no
    nobody none noone nor not nothing now nowhere of off often on once one only onto or
    other others otherwise our ours ourselves out over own part per perhaps please put
    rather re same see seem seemed seeming seems serious several she should show side since
    sincere six sixty so some somehow someone something sometime sometimes somewhere still
    such system take ten than that the their them themselves then thence there thereafter
    thereby therefore therein thereupon these they thick thin third this those though three
    through throughout thru thus to together too top toward towards twelve twenty two un
    under until up upon us very via was we well were what whatever when whence whenever
    where whereafter whereas whereby wherein whereupon wherever whether which while whither
    who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves
    """.split()
)
"""The stop words story clustering leaves out: the stop list of the Glasgow Information
Retrieval Group, as scikit-learn ships it (318 words, some of them words of the news such
as "fire" and "bill"). The pair model and ``story_threshold`` were fitted with it; the
shorter :data:`summarizer.text.STOPWORDS` in its place cross-validates no better on the
labelled days (``python evals/stories.py --fit``: best F1 0.780 either way)."""

_STOP = ENGLISH_STOP_WORDS | {"said", "says"}
_POSSESSIVE = ("'s", "\u2019s")


def story_terms(text: str) -> list[str]:
    """The terms of ``text`` that story clustering counts, in order: folded, stemmed words
    without stop words, bare numbers, possessive endings or words longer than
    :data:`MAX_TERM_CHARS`."""
    out = []
    for word in words(text):
        if word.endswith(_POSSESSIVE):
            word = word[:-2]
        if word and len(word) <= MAX_TERM_CHARS and word not in _STOP and not word.isdigit():
            out.append(stem(word))
    return out


class TermCounts:
    """A document-frequency table: how many documents were counted, and in how many of
    them each term occurs."""

    def __init__(self, documents: int = 0, counts: Mapping[str, int] | None = None):
        if documents < 0:
            raise ValueError("the number of documents cannot be negative")
        self.documents = documents
        self.counts: dict[str, int] = dict(counts or {})

    def __len__(self) -> int:
        return len(self.counts)

    def add(self, documents: Iterable[Iterable[str]]) -> None:
        """Count each of ``documents`` (its terms; a term repeated in one document counts
        once)."""
        for terms in documents:
            self.documents += 1
            for term in set(terms):
                self.counts[term] = self.counts.get(term, 0) + 1

    def cap(self, size: int) -> None:
        """Keep only the ``size`` most frequent terms (the alphabetically first on a tie)."""
        if len(self.counts) > size:
            kept = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))[:size]
            self.counts = dict(kept)

    def idf(self, day: Sequence[Iterable[str]]) -> dict[str, float]:
        """The inverse document frequency of every term of ``day`` (the terms of the day's
        articles), counting the day's articles together with the table's documents:
        ``ln((1 + N) / (1 + df)) + 1``, where ``N`` is all documents and ``df`` those that
        contain the term."""
        in_day = Counter(term for terms in day for term in set(terms))
        total = 1 + self.documents + len(day)
        return {
            term: math.log(total / (1 + self.counts.get(term, 0) + count)) + 1.0
            for term, count in in_day.items()
        }
