"""Fixtures and hooks of every test: no network, isolated settings, and a fake LLM.

Sockets to anything but loopback are refused, so a request that escaped fails the
test. The fakes themselves are plain modules under ``fakes/``.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import ARTICLES
from fakes.llm import FakeLLM


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith("127.") or host in ("::1", "localhost"))


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Refuse non-loopback connections; keep the user's settings out of the tests."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address}")
        return real_connect(self, address)

    def guarded_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_ex)
    for key in list(os.environ):
        if key.startswith(("SUMMARIZER_", "OPENAI_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """A :class:`~fakes.llm.FakeLLM`; the test fails if a request found no queued reply."""
    fake = FakeLLM()
    yield fake
    assert not fake.unexpected, f"requests without a queued reply: {fake.unexpected}"


@pytest.fixture
def asylum_text() -> str:
    return (ARTICLES / "asylum.txt").read_text(encoding="utf-8")
