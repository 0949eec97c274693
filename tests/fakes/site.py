"""A web server on 127.0.0.1 for tests: answers each GET (and POST) with what
:meth:`LoopbackSite.answer` gives for its path, records every path asked for, and
stops by itself after ``lifetime`` seconds if a test forgets to."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], str]  # status, headers, body


class LoopbackSite:
    """The server's life: start, stop, address, and the requests it saw."""

    def __init__(self, lifetime: float = 120.0):
        self.hits: list[str] = []
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._lifetime = threading.Timer(lifetime, self.stop)
        self._lifetime.daemon = True

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, path: str) -> Answer:
        """What to send back for ``path``: overridden by each site."""
        return 404, {"Content-Type": "text/html"}, "<h1>Not found</h1>"

    def wait(self, seconds: float) -> None:
        """Hold an answer back for ``seconds``, or until the site stops."""
        self._stop.wait(seconds)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802 (http.server naming)
                site.hits.append(self.path)
                status, headers, body = site.answer(self.path)
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return

            do_POST = do_GET  # noqa: N815 (a model endpoint that answers like a page)

        return Handler

    def start(self) -> LoopbackSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self._lifetime.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._lifetime.cancel()
        self._server.shutdown()
        self._server.server_close()
