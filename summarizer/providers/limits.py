"""A cap on the size of provider responses, checked while the body streams in.

A misbehaving or hostile endpoint can answer with hundreds of megabytes; the
body would be read whole into memory before anything looked at it. The cap is
an ``httpx2`` response hook, so it applies to the client we build and to one a
caller passes in: a declared ``Content-Length`` over the cap fails at once, and
the body is counted as it arrives (after decompression: gzip and deflate are
inflated here, in bounded steps, so a small compressed bomb cannot expand).
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

import httpx2
import openai

ACCEPTED_ENCODINGS = "gzip, deflate"
_INFLATED = {"gzip", "x-gzip", "deflate"}


class ResponseTooLarge(openai.OpenAIError):
    """A response body over the cap.

    An ``OpenAIError``, so the ``openai`` client raises it as is: neither wrapped
    as a connection error nor retried.
    """

    def __init__(self, limit: int, declared: int | None = None):
        size = f" ({declared:,} bytes declared)" if declared is not None else ""
        super().__init__(f"the response body is larger than {limit:,} bytes{size}")
        self.limit = limit


class UnsupportedEncoding(openai.OpenAIError):
    """A response compressed in a way we did not ask for."""


class _CappedStream(httpx2.AsyncByteStream):
    """``inner`` read through, inflated if compressed, failing past ``limit`` bytes."""

    def __init__(self, inner: httpx2.AsyncByteStream, limit: int, inflate: bool):
        self._inner = inner
        self._limit = limit
        self._inflate = inflate

    async def __aiter__(self) -> AsyncIterator[bytes]:
        seen = 0
        inflater = zlib.decompressobj(wbits=47) if self._inflate else None  # gzip or zlib
        async for chunk in self._inner:
            data = chunk
            if inflater is not None:
                try:
                    data = inflater.decompress(chunk, self._limit - seen + 1)
                except zlib.error as exc:
                    raise UnsupportedEncoding(
                        f"the response body cannot be inflated: {exc}"
                    ) from None
                if inflater.unconsumed_tail:
                    raise ResponseTooLarge(self._limit)
            seen += len(data)
            if seen > self._limit:
                raise ResponseTooLarge(self._limit)
            yield data

    async def aclose(self) -> None:
        await self._inner.aclose()


def cap_responses(client: httpx2.AsyncClient, limit: int) -> None:
    """Make ``client`` refuse response bodies over ``limit`` bytes (see the module docstring)."""

    async def check(response: httpx2.Response) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ResponseTooLarge(limit, int(declared))
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding not in ("", "identity", *_INFLATED):
            raise UnsupportedEncoding(f"the response uses Content-Encoding {encoding!r}")
        stream = response.stream
        if isinstance(stream, httpx2.ByteStream) or not isinstance(stream, httpx2.AsyncByteStream):
            return  # already in memory (a mock or a replay): its declared length was checked
        response.stream = _CappedStream(stream, limit, encoding in _INFLATED)
        if encoding in _INFLATED:
            del response.headers["content-encoding"]  # inflated above, not again by httpx2

    hooks = client.event_hooks
    client.event_hooks = {**hooks, "response": [*hooks.get("response", []), check]}
