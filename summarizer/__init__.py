"""summarizer: news articles into typed, source-grounded briefs.

>>> from summarizer import summarize
>>> brief = summarize(Path("article.txt"))
>>> brief.quotes[0].text, brief.quotes[0].speaker_name
"""

from __future__ import annotations

__version__ = "0.1.0"

from .article import Article
from .config import Settings, load_settings
from .errors import (
    AuthError,
    ConfigError,
    GroundingError,
    InputError,
    NoValidOutputError,
    ProviderError,
    ProviderUnavailableError,
    SummarizerError,
    UsageError,
)
from .pipeline import Summarizer, asummarize, asummarize_many, summarize, summarize_many
from .schema import Actor, ArticleRef, Brief, Claim, Figure, Provenance, Quote, Span, Usage

__all__ = [
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
    "Span",
    "Summarizer",
    "SummarizerError",
    "Usage",
    "UsageError",
    "asummarize",
    "asummarize_many",
    "load_settings",
    "summarize",
    "summarize_many",
]
