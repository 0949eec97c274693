"""The provider interface: one abstract method, and an optional claim check."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..align import ArticleIndex
from ..errors import NoValidOutputError
from ..grounding import Grounded
from ..prompts import Message
from ..schema import Extraction, Usage


@dataclass(frozen=True)
class ExtractionRequest:
    """One extraction: a chunk of article text and the messages rendered for it.

    ``index`` is what the answer is grounded in: the whole article's index, the chunk
    standing at ``start`` in it (so a quotation, an attribution or a speaker that runs
    past the chunk's edges is read whole, and offsets are the article's), or the chunk's
    own index with ``start`` 0.
    """

    text: str
    messages: list[Message]
    index: ArticleIndex
    label: str = "article"
    part: int = 1  # which part of the article the text is, of ``parts``
    parts: int = 1
    start: int = 0
    title: str | None = None  # the article's, for the call log
    prompt_id: str = ""  # the prompt version the messages were rendered from
    prompt_sha256: str = ""

    @property
    def window(self) -> tuple[int, int]:
        """Where the chunk stands in ``index.text``."""
        return (self.start, self.start + len(self.text))


@dataclass(frozen=True)
class ExtractionResult:
    """What a provider returns for one request.

    ``salvaged`` is true when items still failed grounding after the repairs:
    the pipeline then drops them and says so in warnings. ``notes`` are what
    was changed to make the model's answer usable (a 13th claim left out...),
    in plain words, for the brief's warnings. ``attempts`` counts the model's
    answers (first request, re-asks and repairs), not transport retries.
    """

    extraction: Extraction
    model: str
    usage: Usage
    attempts: int
    salvaged: bool = False
    grounded: Grounded | None = None  # already grounded in the request's text, if so
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerifyRequest:
    """One check of a brief's claims: the messages to send and the claim ids they name."""

    messages: list[Message]
    claim_ids: tuple[str, ...]
    label: str = "the article"
    title: str | None = None  # the article's, for the call log
    prompt_id: str = "verification"  # the prompt the messages were written from
    prompt_sha256: str = ""


@dataclass(frozen=True)
class Verdict:
    """A model's judgement of one claim against its evidence."""

    supported: bool
    reason: str = ""


@dataclass(frozen=True)
class VerifyResult:
    """The verdicts by claim id (claims left out were not judged) and what they cost."""

    verdicts: dict[str, Verdict]
    model: str
    usage: Usage
    attempts: int
    notes: tuple[str, ...] = field(default=())


class TruncatedOutputError(NoValidOutputError):
    """The model's answer was cut off at ``max_output_tokens`` (``finish_reason=length``).

    The pipeline splits the chunk in two and asks again for each half.
    """


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
            TruncatedOutputError: the answer was cut off at ``max_output_tokens``.
            NoValidOutputError: no parseable output within the allowed attempts.
        """

    async def verify(self, request: VerifyRequest) -> VerifyResult | None:
        """Ask the model whether each claim is supported by its evidence; None: cannot.

        Providers without a model (the extractive engine) cannot; wrappers forward.

        Raises:
            ProviderError: the backend refused or failed the request.
        """
        return None

    def parameters(self) -> dict[str, Any]:
        """Everything besides the messages that changes this provider's output."""
        return {"provider": self.name, "model": self.model}

    async def aclose(self) -> None:  # noqa: B027 (optional hook, not abstract)
        """Release connections or models; the provider is unusable afterwards."""
