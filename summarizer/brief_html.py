"""A brief as one self-contained HTML page (inline CSS, no scripts, no external assets).

With the article's text, the page shows the article with every quote, figure and
claim's evidence highlighted; each item opens on click the sentence it stands on
and links to its place in the article. Without it, the page lists the items.
Every piece of text is escaped and only http(s) URLs become links
(:mod:`summarizer.templating`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from .highlight import Marked, highlighted
from .schema import Brief, Span
from .templating import html_environment
from .text import Segment, sentences

_ENV = html_environment()


@dataclass(frozen=True)
class Evidence:
    """One stretch of the article an item stands on: its sentence and its anchor id."""

    sentence: str
    anchor: str


@dataclass(frozen=True)
class Entry:
    """One quote, figure or claim on the page and the evidence it opens on."""

    text: str
    note: str = ""
    evidence: list[Evidence] = field(default_factory=list)


def brief_to_html(brief: Brief, article_text: str | None = None) -> str:
    """The page of ``brief``; pass the article's text (``Article.text``, see
    :func:`summarizer.read_article`) to show the article with the evidence highlighted.

    Raises:
        ValueError: ``article_text`` is not the text the brief was made from.
    """
    text = None if article_text is None else brief.checked_text(article_text)
    page = _Page(brief, text)
    quotes, figures, claims = page.quotes(), page.figures(), page.claims()
    return _ENV.get_template("brief.html.j2").render(
        brief=brief,
        quotes=quotes,
        figures=figures,
        claims=claims,
        article=page.article(),
        quoted={a.id: sum(q.speaker == a.id for q in brief.quotes) for a in brief.actors},
    )


class _Page:
    """The entries of one brief, with their evidence when the article's text is known."""

    def __init__(self, brief: Brief, text: str | None):
        self.brief = brief
        self.text = text
        self.segments: list[Segment] = sentences(text) if text is not None else []
        self.marks: list[Marked] = []

    def _evidence(self, spans: list[Span], css: str, anchor: str) -> list[Evidence]:
        """The sentence around each span, each span marked in the article."""
        if self.text is None:
            return []
        out = []
        for k, span in enumerate(spans):
            name = anchor if len(spans) == 1 else f"{anchor}-{k + 1}"
            self.marks.append(((span.start, span.end), css, name))
            out.append(Evidence(self._sentence(span), name))
        return out

    def _sentence(self, span: Span) -> str:
        """The sentences of the article that ``span`` overlaps (the span's text at least)."""
        assert self.text is not None
        around = [s for s in self.segments if s.start < span.end and span.start < s.end]
        start = min([span.start, *(s.start for s in around)])
        end = max([span.end, *(s.end for s in around)])
        return self.text[start:end]

    def quotes(self) -> list[Entry]:
        names = {a.id: a.name for a in self.brief.actors}
        return [
            Entry(
                q.text,
                q.speaker_name or names.get(q.speaker or "", "") or "unattributed",
                self._evidence(q.spans[:1], "quote", f"at-{q.id}"),
            )
            for q in self.brief.quotes
        ]

    def figures(self) -> list[Entry]:
        return [
            Entry(f.text, f.what, self._evidence(f.spans[:1], "figure", f"at-{f.id}"))
            for f in self.brief.numbers
        ]

    def claims(self) -> list[Entry]:
        out = []
        for claim in self.brief.claims:
            source = self.brief.source(claim)
            note = f"according to {source.name}" if source else ""
            evidence = self._evidence(claim.evidence, "claim", f"at-{claim.id}")
            out.append(Entry(claim.text, note, evidence))
        return out

    def article(self) -> Markup | None:
        """The article with the spans of the entries made so far highlighted."""
        if self.text is None:
            return None
        return Markup(highlighted(self.text, self.marks))
