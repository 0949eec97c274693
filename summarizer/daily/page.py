"""What the day's page shows of each story, and the evidence files it opens.

Precision over recall: the page lists a speaker only when it is an organization
or a person named in full (:meth:`StoryBrief.page_quotes`; quotes of anyone else
stay in ``brief.json``), and a figure only when it has a unit and a meaning
(:meth:`StoryBrief.page_figures`). Conflicts
are shown as pairs of reports ("345 (Outlet A) vs 363 (Outlet B)"), each pair once;
a pair from one article is said to be so, since an article giving two values may
be speaking of two things ("107 delegates at stake" in one state, 214 in another).

Evidence: every quote, figure, claim and summary carries an evidence reference
(:func:`evidence_ref`: the article's place in the story and the character
spans, ``"1:120-180,300-320"``). The articles' texts are not in the page: each
story has a file ``stories/<id>.<digest>.js`` (:func:`story_file`) that the
page's script loads when an item is first clicked, so the page stays small and
works opened from disk (``file://``) as well as from a web server. The file is
a single call, ``summarizerStory(id, data)``, whose data is ASCII-only JSON with
``<``, ``>`` and ``&`` escaped too, so no text can end the string or the script;
links in it are http(s) only. The texts are kept as read (control characters
escaped, not removed), so the spans' offsets hold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..safe_text import http_url, one_line
from ..text import stem, words
from .model import DailyStory
from .storyfigures import unit_key
from .storymodel import FigureLine, ItemRef, StoryClaim, StoryQuote

STORIES_DIR = "stories"
STORY_CALLBACK = "summarizerStory"
_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


@dataclass(frozen=True)
class Ref:
    """A button that opens one article's evidence: the outlet's name and the reference."""

    outlet: str
    ev: str


@dataclass(frozen=True)
class Item:
    """A quote, claim or figure report on the page: its text and its evidence, first
    reference first."""

    text: str
    refs: tuple[Ref, ...]
    note: str = ""

    @property
    def ev(self) -> str:
        return self.refs[0].ev if self.refs else ""


@dataclass(frozen=True)
class Speaker:
    name: str
    roles: str
    quotes: tuple[Item, ...]


@dataclass(frozen=True)
class Clash:
    """Two reports of one quantity that cannot both be true; ``same_article``: one article
    gives both (which may be two different things the article did not tell apart)."""

    first: Item
    second: Item
    same_article: bool


@dataclass(frozen=True)
class Figure:
    """One figure line: what and unit, each outlet's report, and the pairs that disagree."""

    what: str
    unit: str
    reports: tuple[Item, ...]
    clashes: tuple[Clash, ...]

    @property
    def across(self) -> bool:
        """Some clash is between two articles, not only inside one."""
        return any(not clash.same_article for clash in self.clashes)

    @property
    def label(self) -> str:
        """What is counted, with the unit unless the words already say it."""
        unit = unit_key(self.unit)
        if unit and unit in {stem(w) for w in words(self.what)} | set(words(self.what)):
            return self.what
        return f"{self.what} ({self.unit})"


@dataclass(frozen=True)
class Article:
    outlet: str
    also_in: str
    title: str
    link: str | None
    published: str | None


@dataclass(frozen=True)
class PageStory:
    """One story as the page shows it."""

    story: DailyStory
    rank: int
    file: str
    summary: Item | None
    articles: tuple[Article, ...]
    speakers: tuple[Speaker, ...]
    figures: tuple[Figure, ...]
    claims: tuple[Item, ...]

    @property
    def many(self) -> bool:
        """More than one outlet: items name the outlet they come from."""
        return len(self.story.outlets) > 1

    @property
    def conflicts(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.clashes)


def evidence_ref(story: DailyStory, ref: ItemRef) -> str:
    """``"<article index>:<start>-<end>,..."``: where ``ref``'s evidence is in the story's
    file ("" when it has no spans)."""
    if not ref.spans:
        return ""
    index = next(k for k, a in enumerate(story.articles) if a.article_id == ref.article_id)
    return f"{index}:" + ",".join(f"{s.start}-{s.end}" for s in ref.spans)


def _refs(story: DailyStory, refs: Sequence[ItemRef]) -> tuple[Ref, ...]:
    return tuple(Ref(r.outlet, ev) for r in refs if (ev := evidence_ref(story, r)))


def page_story(story: DailyStory, rank: int, file: str) -> PageStory:
    """What the page shows of ``story``, the ``rank``-th, whose evidence file is ``file``."""
    names = {a.id: a.name for a in story.actors}
    summary = None
    if story.summary is not None:
        summary = Item(story.summary.text, _refs(story, story.summary.evidence))
    return PageStory(
        story=story,
        rank=rank,
        file=file,
        summary=summary,
        articles=tuple(_article(story, k) for k in range(len(story.articles))),
        speakers=tuple(
            Speaker(
                group.name,
                "; ".join(_roles(story, group.speaker)),
                tuple(_quote(story, q) for q in group.quotes),
            )
            for group in story.page_quotes()
        ),
        figures=figures_of(story),
        claims=tuple(_claim(story, c, names) for c in story.claims),
    )


def _roles(story: DailyStory, actor_id: str) -> list[str]:
    return next((a.roles for a in story.actors if a.id == actor_id), [])


def _article(story: DailyStory, k: int) -> Article:
    a = story.articles[k]
    return Article(
        outlet=a.outlet,
        also_in=", ".join(a.also_in),
        title=a.title or story.title,
        link=http_url(a.link),
        published=a.published,
    )


def _quote(story: DailyStory, quote: StoryQuote) -> Item:
    return Item(quote.text, _refs(story, quote.refs))


def _claim(story: DailyStory, claim: StoryClaim, names: Mapping[str, str]) -> Item:
    said = ", ".join(names[s] for s in claim.sources if s in names)
    return Item(claim.text, _refs(story, claim.refs), f"according to {said}" if said else "")


def figures_of(story: DailyStory) -> tuple[Figure, ...]:
    """The figure lines a page shows of ``story``, with their clashes."""
    return tuple(_figure(story, line) for line in story.page_figures())


def _figure(story: DailyStory, line: FigureLine) -> Figure:
    reports = tuple(Item(r.text, _refs(story, [r]), r.outlet) for r in line.reports)
    clashes: dict[tuple[frozenset[tuple[str, str]], bool], Clash] = {}
    for d in line.disagreements:
        first, second = reports[d.first], reports[d.second]
        shown = frozenset({(first.text, first.note), (second.text, second.note)})
        clashes.setdefault((shown, d.same_article), Clash(first, second, d.same_article))
    # The same number from the same outlet is listed once (its first article's evidence).
    distinct = {(r.text, r.note): r for r in reversed(reports)}
    listed = tuple(r for r in reports if distinct[(r.text, r.note)] is r)
    return Figure(line.what, line.unit, listed, tuple(clashes.values()))


# ------------------------------------------------------------------- files


def story_payload(story: DailyStory, texts: Mapping[str, str]) -> str:
    """The JavaScript of ``story``'s evidence file."""
    data = {
        "articles": [
            {
                "outlet": one_line(a.outlet),
                "title": one_line(a.title or story.title),
                "link": http_url(a.link),
                "text": texts[a.article_id],
            }
            for a in story.articles
        ]
    }
    blob = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    for char, escaped in _JS_ESCAPES.items():
        blob = blob.replace(char, escaped)
    return f"{STORY_CALLBACK}({json.dumps(story.id)},{blob});\n"


def story_file(story: DailyStory, texts: Mapping[str, str]) -> tuple[str, str]:
    """The path of ``story``'s evidence file relative to the day's folder, and its content.

    The name holds a digest of the content, so a page never opens another run's file.
    """
    payload = story_payload(story, texts)
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
    return f"{STORIES_DIR}/{story.id}.{digest}.js", payload
