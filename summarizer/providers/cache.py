"""Stored provider responses: a cache that makes re-runs free, and record/replay.

:class:`CachingProvider` wraps any :class:`~summarizer.providers.Provider`. A
request's key is the sha256 of the provider's parameters (provider, model,
endpoint, temperature, ...), the rendered messages and the JSON schema of the
response model, so a change to any of them is a miss and an unchanged request
is answered from the store without calling the provider.

Two stores: :class:`SqliteResponseStore` (one file under ``Settings.data_dir``,
WAL, the everyday cache) and :class:`DirectoryResponseStore` (one JSON file per
key: small, reviewable, committable; what ``--record DIR`` writes and
``--replay DIR`` reads).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError, ReplayMissError
from ..files import atomic_write_text
from ..redact import mask
from ..schema import Extraction, Usage
from .base import (
    ExtractionRequest,
    ExtractionResult,
    Provider,
    Verdict,
    VerifyRequest,
    VerifyResult,
)
from .validation import Verdicts

CACHE_FILE = "responses.sqlite3"


def request_key(
    provider: Provider, request: ExtractionRequest | VerifyRequest, salt: str = ""
) -> str:
    """The sha256 identifying ``request`` sent to ``provider``.

    ``salt`` separates otherwise identical requests (repeated eval runs).
    """
    schema = Verdicts if isinstance(request, VerifyRequest) else Extraction
    payload: dict[str, Any] = {
        "parameters": provider.parameters(),
        "messages": request.messages,
        "response_schema": schema.model_json_schema(),
    }
    if salt:
        payload["salt"] = salt
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def result_to_data(result: ExtractionResult) -> dict[str, Any]:
    """``result`` as plain JSON data."""
    return {
        "extraction": result.extraction.model_dump(mode="json"),
        "model": result.model,
        "usage": result.usage.model_dump(mode="json"),
        "attempts": result.attempts,
        "salvaged": result.salvaged,
        "notes": list(result.notes),
    }


def result_from_data(data: dict[str, Any]) -> ExtractionResult:
    """The :class:`ExtractionResult` that :func:`result_to_data` stored."""
    return ExtractionResult(
        extraction=Extraction.model_validate(data["extraction"]),
        model=data["model"],
        usage=Usage.model_validate(data["usage"]),
        attempts=data["attempts"],
        salvaged=data["salvaged"],
        notes=tuple(data.get("notes", ())),
    )


def verify_to_data(result: VerifyResult) -> dict[str, Any]:
    """A verification result as plain JSON data."""
    return {
        "verdicts": {k: [v.supported, v.reason] for k, v in result.verdicts.items()},
        "model": result.model,
        "usage": result.usage.model_dump(mode="json"),
        "attempts": result.attempts,
        "notes": list(result.notes),
    }


def verify_from_data(data: dict[str, Any]) -> VerifyResult:
    """The :class:`VerifyResult` that :func:`verify_to_data` stored."""
    return VerifyResult(
        verdicts={k: Verdict(bool(v[0]), str(v[1])) for k, v in data["verdicts"].items()},
        model=data["model"],
        usage=Usage.model_validate(data["usage"]),
        attempts=data["attempts"],
        notes=tuple(data.get("notes", ())),
    )


class ResponseStore(Protocol):
    """Somewhere responses are kept by key."""

    location: Path

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry for ``key``, or None."""

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store ``entry`` under ``key`` (replacing any earlier one)."""


class SqliteResponseStore:
    """Responses in one SQLite file (WAL), safe for concurrent readers and writers."""

    def __init__(self, path: Path):
        self.location = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS responses ("
                "key TEXT PRIMARY KEY, created_at TEXT NOT NULL, entry TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.location, timeout=30)

    def get(self, key: str) -> dict[str, Any] | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT entry FROM responses WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO responses (key, created_at, entry) VALUES (?, ?, ?)",
                (key, datetime.now(UTC).isoformat(), mask(json.dumps(entry, ensure_ascii=False))),
            )


class DirectoryResponseStore:
    """Responses as ``DIR/<key>.json`` files, one per request."""

    def __init__(self, directory: Path):
        self.location = directory

    def get(self, key: str) -> dict[str, Any] | None:
        path = self.location / f"{key}.json"
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the recorded response {path}: {exc}") from None
        return data

    def put(self, key: str, entry: dict[str, Any]) -> None:
        text = json.dumps(entry, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        atomic_write_text(self.location / f"{key}.json", text)


class CachingProvider(Provider):
    """``inner`` behind a response store: stored answers first, the provider on a miss.

    With ``replay=True`` the provider is never called and a miss raises
    :class:`~summarizer.errors.ReplayMissError` naming ``label`` (e.g. the eval
    case). ``hits`` and ``misses`` count this wrapper's lookups.
    """

    def __init__(
        self,
        inner: Provider,
        store: ResponseStore,
        *,
        replay: bool = False,
        label: str = "the article",
        salt: str = "",
    ):
        self.inner = inner
        self.store = store
        self.replay = replay
        self.label = label
        self.salt = salt
        # Briefs record the provider that answered, not this wrapper.
        self.name = inner.name  # type: ignore[misc]
        self.model = inner.model
        self.hits = 0
        self.misses = 0

    def parameters(self) -> dict[str, Any]:
        return self.inner.parameters()

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        key = request_key(self.inner, request, self.salt)
        entry = self.store.get(key)
        if entry is not None:
            self.hits += 1
            return result_from_data(entry["result"])
        self.misses += 1
        if self.replay:
            raise ReplayMissError(
                f"{self.label}: no recorded response for {request.label} in "
                f"{self.store.location} (key {key[:12]}); record it first with --record "
                f"{self.store.location} and the same provider, model, prompt and settings"
            )
        result = await self.inner.extract(request)
        self.store.put(
            key,
            {
                "key": key,
                "label": self.label,
                "parameters": self.inner.parameters(),
                "result": result_to_data(result),
            },
        )
        return result

    async def verify(self, request: VerifyRequest) -> VerifyResult | None:
        """The verification pass, answered from the store like an extraction."""
        key = request_key(self.inner, request, self.salt)
        entry = self.store.get(key)
        if entry is not None:
            self.hits += 1
            return verify_from_data(entry["verify"])
        self.misses += 1
        if self.replay:
            raise ReplayMissError(
                f"{self.label}: no recorded verification in {self.store.location} (key "
                f"{key[:12]}); record it first with --record {self.store.location}"
            )
        result = await self.inner.verify(request)
        if result is not None:
            self.store.put(
                key,
                {
                    "key": key,
                    "label": self.label,
                    "parameters": self.inner.parameters(),
                    "verify": verify_to_data(result),
                },
            )
        return result

    async def aclose(self) -> None:
        await self.inner.aclose()
