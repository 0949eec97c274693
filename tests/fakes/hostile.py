"""Hostile servers for the security tests: a web site on 127.0.0.1
whose routes say what to answer (pages, redirects, slow answers), and helpers for
feeds written by an attacker. Both record every request and stop by themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape

from .news import ARTICLES, page
from .site import Answer, LoopbackSite


@dataclass
class Route:
    """One answer: status, body, headers, and seconds to wait before answering."""

    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    delay: float = 0.0


def redirect(location: str) -> Route:
    return Route(302, "", {"Location": location})


def article_page(name: str) -> Route:
    return Route(body=page(ARTICLES[name].splitlines()[0], ARTICLES[name]))


class HostileSite(LoopbackSite):
    """A web server on 127.0.0.1 answering from ``routes``; 404 for anything else."""

    def __init__(self, routes: dict[str, Route] | None = None, lifetime: float = 120.0):
        self.routes = dict(routes or {})
        super().__init__(lifetime)

    def answer(self, path: str) -> Answer:
        route = self.routes.get(path)
        if route is None:
            return super().answer(path)
        if route.delay:
            self.wait(route.delay)
        return route.status, route.headers, route.body

    def start(self) -> HostileSite:
        super().start()
        return self


@contextmanager
def hostile_site(routes: dict[str, Route] | None = None) -> Iterator[HostileSite]:
    site = HostileSite(routes).start()
    try:
        yield site
    finally:
        site.stop()


@dataclass(frozen=True)
class Item:
    """A feed item as an attacker writes it: any title, any link, optional content."""

    title: str
    link: str | None = None
    content: str | None = None


def rss(items: list[Item], day: dt.date) -> str:
    """An RSS feed whose items are all published at noon on ``day``."""
    when = format_datetime(dt.datetime.combine(day, dt.time(12, 0)).astimezone())
    entries = "".join(
        f"<item><title>{escape(i.title)}</title>"
        + (f"<link>{escape(i.link)}</link>" if i.link else "")
        + (f"<description>{escape(i.content)}</description>" if i.content else "")
        + f"<pubDate>{when}</pubDate></item>"
        for i in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Feed</title><link>https://feed.example/</link>{entries}</channel></rss>"
    )


def article_html(name: str) -> str:
    """The article ``name`` as the HTML a feed item can carry as its content."""
    return "".join(f"<p>{line}</p>" for line in ARTICLES[name].splitlines()[1:] if line.strip())
