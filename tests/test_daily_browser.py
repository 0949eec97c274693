"""The day's page in a real browser: headless Chromium (Debian's ``chromium``) driven over
the DevTools protocol on a pipe, at a phone's screen size, with the network closed."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import struct
import subprocess
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from test_daily_fakes import ScriptedProvider, write_articles

from summarizer.config import load_settings
from summarizer.daily.run import parse_day, run_daily

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


class DevTools:
    """Chromium started with ``--remote-debugging-pipe``: commands on fd 3, answers on fd 4."""

    def __init__(self, profile: Path, timeout: float = 30.0):
        self.timeout = timeout
        to_browser_r, self._out = os.pipe()
        self._in, from_browser_w = os.pipe()

        def wire() -> None:
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,  # keeps fds 3 and 4; ours are close-on-exec
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                assert "error" not in reply, reply["error"]
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def wait_event(self, method: str) -> dict[str, Any]:
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read())

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, "chromium did not answer in time"
            chunk = os.read(self._in, 1 << 16)
            assert chunk, "chromium closed the DevTools pipe"
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(AssertionError, OSError):
                self.send("Browser.close")
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        os.close(self._in)
        os.close(self._out)


def png_size_and_colours(png: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the image data."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    data, pos = b"", 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        if kind == b"IDAT":
            data += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(data)))


@pytest.fixture
def day_page(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    write_articles(folder)
    settings = load_settings(data_dir=tmp_path / "data")
    result = run_daily(
        [str(folder)],
        tmp_path / "briefs",
        parse_day("2024-05-01"),
        settings,
        provider=ScriptedProvider(),
    )
    assert result.exit_code == 0
    return result.directory / "brief.html"


def test_the_days_page_reads_on_a_phone_and_opens_evidence_on_tap(
    tmp_path: Path, day_page: Path
) -> None:
    browser = DevTools(tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        browser.session = browser.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        browser.send("Emulation.setDeviceMetricsOverride", **PHONE)
        browser.send("Page.enable")
        browser.send("Page.navigate", url=day_page.as_uri())
        browser.wait_event("Page.loadEventFired")

        seen = browser.evaluate("document.body.innerText")
        for title in (
            "River floods force 3,000 people from their homes",
            "City council approves budget",
            "Harbour United win the regional cup final",
            "New public library opens in the old railway station",
        ):
            assert title in seen
        assert "Who said what" in seen and "Helen Carter" in seen
        evidence = '"We have never seen the water rise this fast," said Helen Carter, the mayor'
        assert "the mayor of Marlow" not in seen, "evidence should stay folded until tapped"

        quote = (
            "Array.from(document.querySelectorAll('#quotes summary'))"
            ".find(s => s.innerText.includes('never seen the water rise'))"
        )
        assert browser.evaluate(f"{quote}.title").startswith(evidence)  # shown on hover
        box = browser.evaluate(
            f"(() => {{ const s = {quote}; s.scrollIntoView(); "
            "const r = s.getBoundingClientRect(); "
            "return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            browser.send(
                "Input.dispatchMouseEvent",
                type=kind,
                x=box[0],
                y=box[1],
                button="left",
                clickCount=1,
            )
        assert evidence in browser.evaluate("document.body.innerText")

        assert browser.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert browser.evaluate("performance.getEntriesByType('resource').length") == 0

        browser.send("Page.navigate", url=day_page.as_uri())
        browser.wait_event("Page.loadEventFired")
        shot = base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"])
    finally:
        browser.close()
    (tmp_path / "phone.png").write_bytes(shot)
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == (PHONE["width"], PHONE["height"])
    assert colours > 10, "the screenshot is blank"


def test_the_index_page_lists_the_day_in_the_browser(tmp_path: Path, day_page: Path) -> None:
    browser = DevTools(tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        browser.session = browser.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        browser.send("Page.enable")
        browser.send("Page.navigate", url=(day_page.parent.parent / "index.html").as_uri())
        browser.wait_event("Page.loadEventFired")
        seen = browser.evaluate("document.body.innerText")
        link = browser.evaluate("document.querySelector('a').href")
    finally:
        browser.close()
    assert "2024-05-01" in seen and "4 stories" in seen
    assert link == day_page.as_uri()


def test_links_from_a_hostile_feed_are_never_script_links_in_the_browser(tmp_path: Path) -> None:
    """What the browser makes of every href (entities decoded, case and blanks folded):
    no javascript:, data: or vbscript: link survives, however it was written."""
    from hostile import Item, article_html, rss

    links = [
        "javascript:alert(document.cookie)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
    ]
    names = ["flood", "budget", "match", "library"]
    feed = tmp_path / "feed.rss"
    items = [Item(f"Item {n}", link, article_html(n)) for n, link in zip(names, links, strict=True)]
    feed.write_text(rss(items, parse_day("2024-05-01")), encoding="utf-8")
    result = run_daily(
        [str(feed)],
        tmp_path / "briefs",
        parse_day("2024-05-01"),
        load_settings(data_dir=tmp_path / "data"),
        provider=ScriptedProvider(),
    )
    assert len(result.brief.stories) == 4
    browser = DevTools(tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        browser.session = browser.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        browser.send("Page.enable")
        browser.send("Page.navigate", url=(result.directory / "brief.html").as_uri())
        browser.wait_event("Page.loadEventFired")
        protocols = browser.evaluate("Array.from(document.links).map(a => a.protocol).join(' ')")
        scripts = browser.evaluate("document.scripts.length")
        seen = browser.evaluate("document.body.innerText")
    finally:
        browser.close()
    assert set(protocols.split()) <= {"http:", "https:", "file:"}
    assert scripts == 0
    assert all(f"Item {n}" in seen for n in names)
