"""Hostile servers for the security tests: a web site on 127.0.0.1
whose routes say what to answer (pages, redirects, slow answers), and helpers for
feeds written by an attacker. Both record every request and stop by themselves."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .news import ARTICLES, page


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


class HostileSite:
    """A web server on 127.0.0.1 answering from ``routes``; 404 for anything else."""

    def __init__(self, routes: dict[str, Route] | None = None, lifetime: float = 120.0):
        self.routes = dict(routes or {})
        self.hits: list[str] = []
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._timer = threading.Timer(lifetime, self.stop)
        self._timer.daemon = True

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802 (http.server naming)
                site.hits.append(self.path)
                route = site.routes.get(self.path, Route(404, "<h1>Not found</h1>"))
                if route.delay:
                    site._stop.wait(route.delay)
                data = route.body.encode("utf-8")
                try:
                    self.send_response(route.status)
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return

            do_POST = do_GET  # noqa: N815 (a model endpoint that answers like a page)

        return Handler

    def start(self) -> HostileSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()


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
