"""How ``daily`` reads the web: the shared fetcher of :mod:`summarizer.web` (under the
fetch policy of :mod:`summarizer.fetch_policy`) and the page extraction of
:mod:`summarizer.article`."""

from __future__ import annotations

from ..article import article_from_html
from ..web import RUN_TIME_UP, Fetcher, Page

__all__ = ["RUN_TIME_UP", "Fetcher", "Page", "article_from_html"]
