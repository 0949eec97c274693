"""Providers turn an article chunk into an :class:`~summarizer.schema.Extraction`.

Adding a provider means one module and one line in ``REGISTRY``. Every provider
:func:`make_provider` builds is wrapped for the call log (:mod:`summarizer.providers.calllog`).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from ..config import Settings
from ..errors import UsageError
from .base import ExtractionRequest, ExtractionResult, Provider

REGISTRY: dict[str, str] = {
    "openai": "summarizer.providers.openai:OpenAIProvider",
    "extractive": "summarizer.providers.extractive:ExtractiveProvider",
    "local": "summarizer.providers.local:LocalProvider",
}


def make_provider(settings: Settings, **kwargs: Any) -> Provider:
    """The provider ``settings`` selects, constructed from them (and ``kwargs``), its calls
    counted and logged (:func:`summarizer.providers.calllog.logged`)."""
    name = settings.provider_name
    target = REGISTRY.get(name)
    if target is None:
        raise UsageError(f"unknown provider {name!r} (known: {', '.join(REGISTRY)})")
    module_name, class_name = target.split(":")
    build: Callable[..., Provider] = getattr(import_module(module_name), class_name)
    from .calllog import logged  # loads the store: only once a provider is built

    return logged(build(settings, **kwargs), settings)


__all__ = ["REGISTRY", "ExtractionRequest", "ExtractionResult", "Provider", "make_provider"]
