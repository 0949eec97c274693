"""The built-in extractive engine as a provider: no model, no network, deterministic."""

from __future__ import annotations

from typing import Any

from ..config import Settings
from ..extractive import ENGINE_VERSION, extract
from ..schema import Usage
from .base import ExtractionRequest, ExtractionResult, Provider


class ExtractiveProvider(Provider):
    """Reads the article with rules; needs no key and makes no network calls."""

    name = "extractive"
    paid = False

    def __init__(self, settings: Settings, **_: Any):
        self.model = f"extractive-v{ENGINE_VERSION}"

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        return ExtractionResult(
            extraction=extract(request.text), model=self.model, usage=Usage(), attempts=1
        )
