"""Who published an article: the outlet a story lists its articles under and ranks by.

In order of preference:

1. the outlet a JSON manifest names (``outlet``, ``site``, ``site_name``,
   ``publisher`` or ``source_name``);
2. the host of the article's http(s) URL, without ``www.`` (``nytimes.com``);
3. for a local file named ``<outlet>_<YYYY-MM-DD>_<anything>`` (as news archives
   name their files; the outlet without underscores), the part before the date;
4. else the name of the folder the file was read from;
5. else where it was read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..safe_text import http_url, one_line
from .dedup import ArticleCopies
from .sources import Found

_DATED_NAME = re.compile(r"^(?P<outlet>[^\W_](?:[^\W_]|[.-])*)_\d{4}-\d{2}-\d{2}(?:_|\.|$)")


def outlet_of(copies: Sequence[Found]) -> str:
    """The outlet of one text read from ``copies`` (identical copies: each may know
    something the others do not, such as the URL; see the module docstring)."""
    declared = next((c.outlet for c in copies if c.outlet), None)
    if declared:
        return declared
    for copy in copies:
        for url in (copy.article.url, copy.link):
            host = url_host(url)
            if host:
                return host
    for copy in copies:
        path = local_path(copy.link)
        if path is None:
            continue
        dated = _DATED_NAME.match(path.name)
        if dated:
            return dated["outlet"]
        if path.parent.name:
            return path.parent.name
    return one_line(copies[0].location) or "unknown"


def article_outlets(article: ArticleCopies) -> tuple[str, tuple[str, ...]]:
    """The outlet of the text that was summarised, and the other outlets that carry a
    near-copy of it."""
    by_text: dict[str, list[Found]] = {}
    for copy in article.copies:
        by_text.setdefault(copy.article.id, []).append(copy)
    main = outlet_of(by_text.pop(article.article.id, list(article.copies)))
    others = (outlet_of(group) for group in by_text.values())
    return main, tuple(dict.fromkeys(o for o in others if o != main))


def url_host(url: str | None) -> str | None:
    """The host of an http(s) ``url``, lower-cased and without ``www.``; None for other URLs."""
    if not http_url(url):
        return None
    host = urlsplit(str(url).strip()).hostname or ""
    return host.removeprefix("www.") or None


def local_path(link: str) -> PurePath | None:
    """The path of a ``file://`` link; None for other links."""
    parts = urlsplit(link)
    if parts.scheme != "file":
        return None
    return PurePath(url2pathname(parts.path))
