"""summarizer: news articles into typed, source-grounded briefs.

>>> from summarizer import read_article, summarize
>>> brief = summarize(path="article.txt")  # or url=..., text=..., Path(...), Article(...)
>>> quote = brief.quotes[0]
>>> quote.text, brief.speaker(quote)
>>> brief.evidence(brief.claims[0], read_article(path="article.txt").text)
"""

from __future__ import annotations

from .api import Summarizer, asummarize, asummarize_many, summarize, summarize_many
from .article import Article
from .brief_html import brief_to_html
from .config import Settings, load_settings, setting_origins
from .errors import (
    AuthError,
    ConfigError,
    GroundingError,
    InputError,
    NoValidOutputError,
    ProviderError,
    ProviderUnavailableError,
    SourceError,
    SummarizerError,
    UsageError,
)
from .pipeline import aread_article, read_article
from .render import brief_to_markdown
from .schema import (
    Actor,
    ArticleRef,
    Brief,
    Claim,
    Figure,
    Provenance,
    Quote,
    Span,
    Usage,
    Verification,
)
from .version import __version__

__all__ = [
    "__version__",
    "Actor",
    "Article",
    "ArticleRef",
    "AuthError",
    "Brief",
    "Claim",
    "ConfigError",
    "Figure",
    "GroundingError",
    "InputError",
    "NoValidOutputError",
    "Provenance",
    "ProviderError",
    "ProviderUnavailableError",
    "Quote",
    "Settings",
    "SourceError",
    "Span",
    "Summarizer",
    "SummarizerError",
    "Usage",
    "UsageError",
    "Verification",
    "aread_article",
    "asummarize",
    "asummarize_many",
    "brief_to_html",
    "brief_to_markdown",
    "load_settings",
    "read_article",
    "setting_origins",
    "summarize",
    "summarize_many",
]
