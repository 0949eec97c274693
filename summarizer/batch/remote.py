"""The Batch API through the ``openai`` client: files, batches, and finding them again.

Every call is retried on transient failures like a chat request
(:func:`summarizer.retry.transport_retrying`) and fails with a one-line
:class:`~summarizer.errors.ProviderError`. Creating a batch is the one call that
must never be repeated blindly: before a retry it looks for the batch by its
token, since a request that timed out may have created it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import openai
from openai.types import Batch, FileObject

from ..config import Settings
from ..errors import ConfigError, ProviderError, SummarizerError
from ..providers.openai import provider_error
from ..retry import transport_retrying
from .ids import ENDPOINT

T = TypeVar("T")
TOKEN_KEY = "summarizer_token"
JOB_KEY = "summarizer_job"
LOOKBACK_S = 3600  # how far before its intent a batch or file is looked for
TERMINAL = frozenset({"completed", "expired", "cancelled", "failed"})


class BatchAPI:
    """Files and batches of the endpoint ``settings`` name; a context manager (async)."""

    def __init__(self, settings: Settings):
        if settings.api_key is None:
            raise ConfigError(
                "batch mode needs an API key: set OPENAI_API_KEY (or SUMMARIZER_API_KEY)"
            )
        self.settings = settings
        self.where = settings.base_url or "the OpenAI API"
        self._client = openai.AsyncOpenAI(
            api_key=settings.api_key.get_secret_value(),
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=0,
        )

    async def __aenter__(self) -> BatchAPI:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.close()

    async def _call(self, what: str, make: Callable[[], Awaitable[T]]) -> T:
        try:
            async for attempt in transport_retrying(self.settings):
                with attempt:
                    result = await make()
        except Exception as exc:
            raise self._error(exc, what) from None
        return result

    def _error(self, exc: BaseException, what: str) -> BaseException:
        if isinstance(exc, SummarizerError):
            return exc
        if isinstance(exc, openai.NotFoundError):
            return ProviderError(
                f"{self.where} answered 404 Not Found while {what}; does it offer the Batch API?"
            )
        return provider_error(exc, self.settings) or exc

    async def upload(self, path: Path, name: str) -> FileObject:
        """Upload the input file at ``path`` as ``name`` (purpose ``batch``)."""

        async def make() -> FileObject:
            with path.open("rb") as handle:
                return await self._client.files.create(
                    file=(name, handle, "application/jsonl"), purpose="batch"
                )

        return await self._call("uploading a batch input file", make)

    async def create(self, file_id: str, token: str, job: str, since: float) -> Batch:
        """Create the batch of ``file_id``, tagged with ``token``; never twice (see the
        module docstring)."""
        tried = False

        async def make() -> Batch:
            nonlocal tried
            if tried:
                found = await self._find_batch(token, since)
                if found is not None:
                    return found
            tried = True
            return await self._client.batches.create(
                input_file_id=file_id,
                endpoint=ENDPOINT,
                completion_window="24h",
                metadata={TOKEN_KEY: token, JOB_KEY: job[:512]},
            )

        return await self._call("creating a batch", make)

    async def retrieve(self, batch_id: str) -> Batch:
        return await self._call(
            f"reading batch {batch_id}", lambda: self._client.batches.retrieve(batch_id)
        )

    async def cancel(self, batch_id: str) -> Batch:
        return await self._call(
            f"cancelling batch {batch_id}", lambda: self._client.batches.cancel(batch_id)
        )

    async def find_batch(self, token: str, since: float) -> Batch | None:
        """The batch whose metadata holds ``token``, created after ``since`` (epoch seconds)."""
        return await self._call("listing batches", lambda: self._find_batch(token, since))

    async def _find_batch(self, token: str, since: float) -> Batch | None:
        async for batch in self._client.batches.list(limit=100):
            if (batch.metadata or {}).get(TOKEN_KEY) == token:
                return batch
            if batch.created_at < since - LOOKBACK_S:
                return None
        return None

    async def find_file(self, name: str, since: float) -> FileObject | None:
        """The batch input file called ``name``, uploaded after ``since`` (epoch seconds)."""

        async def make() -> FileObject | None:
            async for item in self._client.files.list(purpose="batch", order="desc", limit=100):
                if item.filename == name:
                    return item
                if item.created_at < since - LOOKBACK_S:
                    return None
            return None

        return await self._call("listing files", make)

    async def download(self, file_id: str, dest: Path, limit: int) -> int:
        """Write file ``file_id`` to ``dest``; its size. Refused past ``limit`` bytes."""

        async def make() -> int:
            size = 0
            streamed = self._client.files.with_streaming_response.content(file_id)
            async with streamed as response:
                with dest.open("wb") as out:
                    async for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise ProviderError(
                                f"{self.where} sent a batch file larger than {limit:,} bytes"
                            )
                        out.write(chunk)
            return size

        return await self._call(f"downloading file {file_id}", make)


def epoch(stamp: str) -> float:
    """Seconds since the epoch of a time the store wrote."""
    return datetime.fromisoformat(stamp).timestamp()
