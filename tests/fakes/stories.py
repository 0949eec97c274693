"""For the story tests: small briefs (actors, quotes, figures and claims) and a day of
short wire reports, all written by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fakes import items
from summarizer.daily.storymodel import SourcedBrief
from summarizer.schema import (
    Actor,
    ArticleRef,
    Brief,
    Claim,
    Figure,
    Provenance,
    Qualifier,
    Quote,
    Span,
)

SPAN = [Span(start=0, end=4)]

# Seven short reports written for the story tests: three outlets on a dam breach, two on a
# council vote, and two unrelated items.
DAY = {
    "dam-wire": (
        "Dam breach floods Carville\n\n"
        "CARVILLE - The Ormond dam gave way early on Saturday, sending water from Lake Ormond "
        "through the lower streets of Carville. Firefighters evacuated about 400 residents and "
        "two people were missing, the county sheriff said. Engineers had warned last year that "
        "the earth dam was leaking."
    ),
    "dam-herald": (
        "Hundreds evacuated as Ormond dam fails\n\n"
        "Water poured out of Lake Ormond on Saturday morning after a section of the old earth "
        "dam collapsed, flooding homes in Carville. The sheriff's office said two residents "
        "were unaccounted for and some 400 people had been moved to the high school gym."
    ),
    "dam-gazette": (
        "Carville dam was leaking for a year, engineers say\n\n"
        "Engineers who inspected the Ormond dam last spring said they had reported seepage "
        "through the earth wall, months before it burst on Saturday and flooded Carville. "
        "The county said repairs had been scheduled for the autumn."
    ),
    "vote-times": (
        "Bexley council bans cars from old town\n\n"
        "BEXLEY - The city council voted 7 to 4 on Tuesday night to close the old town centre "
        "to private cars from June, after a year of debate over traffic and air quality. "
        "Delivery vans will be allowed before 10 a.m."
    ),
    "vote-post": (
        "Old town goes car-free after council vote\n\n"
        "Private cars will be banned from Bexley's old town centre from June, the city council "
        "decided on Tuesday by seven votes to four. Shopkeepers who opposed the plan said "
        "deliveries before 10 a.m. would not be enough."
    ),
    "football": (
        "United sign striker from Porto\n\n"
        "United have signed the Brazilian striker Tiago Alves from Porto on a four-year "
        "contract, the club announced on Friday. Alves scored 21 league goals last season."
    ),
    "museum": (
        "Maritime museum reopens after renovation\n\n"
        "The maritime museum on the harbour front reopened on Sunday after two years of "
        "renovation, with a restored lighthouse lens and a new gallery of ship models."
    ),
}


def actor(
    id: str, name: str, kind: str = "person", *aliases: str, role: str | None = None
) -> Actor:
    return Actor(id=id, name=name, kind=kind, aliases=list(aliases), role=role)


def quote(id: str, text: str, speaker: str | None = None, start: int = 0) -> Quote:
    return Quote(
        id=id,
        text=text,
        speaker=speaker,
        spans=[Span(start=start, end=start + len(text))],
        grounding="exact",
    )


def figure(
    id: str, value: float, unit: str, what: str, qualifier: Qualifier = "exact", start: int = 0
) -> Figure:
    """:func:`fakes.items.figure` numbered ``id``, written as its value at ``start``."""
    found = items.figure(value, unit, qualifier, what, f"{value:g}", (start, start + 3))
    return found.model_copy(update={"id": id})


def claim(id: str, text: str, source: str | None = None) -> Claim:
    return Claim(id=id, text=text, source=source, evidence=SPAN)


def brief(article_id: str, title: str | None = None, **items: Any) -> Brief:
    return Brief(
        article=ArticleRef(id=article_id, title=title, word_count=100),
        summary="",
        actors=items.get("actors", []),
        quotes=items.get("quotes", []),
        numbers=items.get("numbers", []),
        claims=items.get("claims", []),
        provenance=Provenance(
            provider="extractive",
            model="rules",
            prompt_id="brief.v1",
            prompt_sha256="0" * 64,
            created_at=datetime(2024, 5, 1, tzinfo=UTC),
        ),
    )


def sourced(
    article_id: str,
    outlet: str,
    text: str = "Text.",
    published: str | None = None,
    title: str | None = None,
    **items: Any,
) -> SourcedBrief:
    return SourcedBrief(brief(article_id, title, **items), text, outlet, published=published)
