"""The provider interface: one abstract method."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from ..align import ArticleIndex
from ..grounding import Grounded
from ..prompts import Message
from ..schema import Extraction, Usage


@dataclass(frozen=True)
class ExtractionRequest:
    """One extraction: a chunk of article text and the messages rendered for it."""

    text: str
    messages: list[Message]
    index: ArticleIndex
    label: str = "article"


@dataclass(frozen=True)
class ExtractionResult:
    """What a provider returns for one request.

    ``salvaged`` is true when the last attempt still failed validation: the
    pipeline then drops the items that do not ground and says so in warnings.
    """

    extraction: Extraction
    model: str
    usage: Usage
    attempts: int
    salvaged: bool = False
    grounded: Grounded | None = None  # already grounded in the request's text, if so


class Provider(ABC):
    """Something that fills an :class:`Extraction` for an article chunk."""

    name: ClassVar[str]
    paid: ClassVar[bool] = True  # False: runs here, costs nothing per call
    model: str

    @abstractmethod
    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        """Extract a brief of ``request.text``.

        Raises:
            ProviderError: the backend refused or failed the request.
            NoValidOutputError: no parseable output within the allowed attempts.
        """

    def parameters(self) -> dict[str, Any]:
        """Everything besides the messages that changes this provider's output."""
        return {"provider": self.name, "model": self.model}

    async def aclose(self) -> None:  # noqa: B027 (optional hook, not abstract)
        """Release connections or models; the provider is unusable afterwards."""
