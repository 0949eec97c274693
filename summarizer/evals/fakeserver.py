"""A fake OpenAI-compatible chat endpoint on 127.0.0.1.

Used by the test suite, the benchmarks and the eval's fault-injection check: it
answers ``POST /v1/chat/completions`` through a responder function, records
every request, can add latency, and shuts itself down after ``lifetime`` seconds.
``GET`` and ``DELETE`` requests go to the same responder (``_method`` says which),
so a responder can serve other endpoints too (see
:mod:`summarizer.evals.fakebatch`); a body that is not JSON is passed as bytes
in ``_body`` with its ``_content_type``.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One HTTP answer: status, JSON body (or raw text or bytes) and headers."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Responder = Callable[[dict[str, Any]], Reply]


def completion_body(
    arguments: dict[str, Any] | str,
    *,
    mode: str = "tools",
    model: str = "gpt-4o-mini",
    prompt_tokens: int = 1200,
    completion_tokens: int = 300,
    finish_reason: str | None = None,
    call_id: str = "call_0",
    tool_name: str = "extract_brief",
) -> dict[str, Any]:
    """A chat.completion body carrying ``arguments`` as a tool call or as JSON content."""
    payload = arguments if isinstance(arguments, str) else json.dumps(arguments)
    if mode == "tools":
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": call_id,
                    "type": "function",
                    "function": {"name": tool_name, "arguments": payload},
                }
            ],
            "refusal": None,
        }
        reason = finish_reason or "tool_calls"
    else:
        message = {"role": "assistant", "content": payload, "refusal": None}
        reason = finish_reason or "stop"
    return {
        "id": f"chatcmpl-{abs(hash(payload)) % 10**12:012d}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def mode_of(request: dict[str, Any]) -> str:
    """``tools`` when the request offers tools, else ``json``."""
    return "tools" if request.get("tools") else "json"


def requested_tool(request: dict[str, Any]) -> str:
    """The function a tools-mode request asks to call (``extract_brief`` when none is named)."""
    choice = request.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if isinstance(name, str):
            return name
    return "extract_brief"


def estimated_tokens(text: str, chars_per_token: float = 4.0) -> int:
    """A deterministic token count for usage figures: ``chars_per_token`` characters each."""
    return math.ceil(len(text) / chars_per_token)


def prompt_text(request: dict[str, Any]) -> str:
    """Everything a request makes the model read: messages and the tool or response schema."""
    parts = [m.get("content") for m in request.get("messages") or []]
    text = "\n".join(p for p in parts if isinstance(p, str))
    for key in ("tools", "response_format"):
        if key in request:
            text += json.dumps(request[key], separators=(",", ":"))
    return text


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many clients connect at once; the default backlog is 5


class FakeOpenAIServer:
    """Serve chat completions from ``responder`` on 127.0.0.1; a context manager."""

    def __init__(self, responder: Responder, *, delay: float = 0.0, lifetime: float = 900.0):
        self.responder = responder
        self.delay = delay
        self.lifetime = lifetime
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._timer: threading.Timer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}/v1"

    def start(self) -> FakeOpenAIServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; without TCP_NODELAY the body
            # would wait for the client's delayed ACK (about 40 ms on Linux).
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:  # noqa: N802 (http.server naming)
                self._answer("POST")

            def do_GET(self) -> None:  # noqa: N802 (http.server naming)
                self._answer("GET")

            def do_DELETE(self) -> None:  # noqa: N802 (http.server naming)
                self._answer("DELETE")

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    request = json.loads(raw or b"{}")
                except (json.JSONDecodeError, UnicodeDecodeError):
                    request = {"_raw": raw.decode("utf-8", "replace"), "_body": raw}
                    request["_content_type"] = self.headers.get("Content-Type", "")
                if not isinstance(request, dict):
                    request = {"_json": request}
                request["_method"] = method
                request["_path"] = self.path
                request["_auth"] = self.headers.get("Authorization", "")
                request["_headers"] = {k.lower(): v for k, v in self.headers.items()}
                with owner._lock:
                    owner.requests.append(request)
                try:
                    reply = owner.responder(request)
                except Exception as exc:  # a broken responder is a 500, not a hang
                    reply = Reply(500, {"error": {"message": f"responder failed: {exc}"}})
                pause = owner.delay + reply.delay
                if pause:
                    time.sleep(pause)
                if isinstance(reply.body, bytes):
                    data = reply.body
                else:
                    body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                    data = body.encode("utf-8")
                self.send_response(reply.status)
                if not any(k.lower() == "content-type" for k in reply.headers):
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        server = _Server(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
