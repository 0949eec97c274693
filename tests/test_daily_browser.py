"""The day's page in a real browser: headless Chromium (Debian's ``chromium``) driven over
the DevTools protocol on a pipe, opened from disk (and once from a server on 127.0.0.1):
ranked stories, the flagged conflict, and evidence opened on tap with its span
highlighted in the article's text."""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import select
import struct
import subprocess
import threading
import time
import zlib
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fakes.news import STAMPEDE, ScriptedProvider, write_articles, write_stampede

from summarizer.config import load_settings
from summarizer.daily.run import DailyResult, parse_day, run_daily
from summarizer.daily.storymodel import ItemRef

HOSTILE_ARTICLE = """Council hears <b>how</b> its website can be attacked

The council heard on Monday that anyone can post <img src=x onerror="window.pwned=1"> to it.
A page ending in </script><script>window.pwned=2</script> was shown to the council, line by line.
The council asked for a security review of the website before the end of the year.
"""

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


class Tab:
    """One page of a :class:`DevTools` browser: open, click like a finger, wait, read."""

    def __init__(self, browser: DevTools, metrics: dict[str, Any] | None = None):
        self.browser = browser
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        browser.session = browser.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        if metrics:
            browser.send("Emulation.setDeviceMetricsOverride", **metrics)
        browser.send("Page.enable")

    def open(self, url: str) -> None:
        self.browser.send("Page.navigate", url=url)
        self.browser.wait_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        return self.browser.evaluate(expression)

    def click(self, element: str) -> None:
        """Press and release the mouse on the middle of ``element`` (a JS expression)."""
        x, y = self.js(
            f"(() => {{ const e = {element}; e.scrollIntoView({{block: 'center'}}); "
            "const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + 4]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.browser.send(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )

    def wait(self, condition: str, seconds: float = 10.0) -> Any:
        """The first truthy value of ``condition`` (a JS expression), polled in the page."""
        return self.js(
            "new Promise((resolve, reject) => { const end = Date.now() + "
            f"{int(seconds * 1000)}; (function poll() {{ const v = ({condition}); "
            "if (v) resolve(v); else if (Date.now() > end) reject(new Error('timed out')); "
            "else setTimeout(poll, 50); })(); })"
        )


def item(section: str, text: str, story: str = "s1") -> str:
    """A JS expression for the clickable item of ``story``'s ``section`` holding ``text``."""
    return (
        f"Array.from(document.querySelectorAll('#{story} .{section} .ev'))"
        f".find(e => e.textContent.includes({json.dumps(text)}))"
    )


# What the open panel shows: its highlighted text, whether that is inside the visible part
# of the scrolled article, the highlight's colour, the outlet link and the article's text.
PANEL = """(() => {
  const panel = document.querySelector('.panel');
  if (!panel) return null;
  const marks = Array.from(panel.querySelectorAll('mark'));
  const box = panel.querySelector('.article-text').getBoundingClientRect();
  const first = marks[0].getBoundingClientRect();
  const link = panel.querySelector('.panel-head a');
  return {
    marked: marks.map(m => m.textContent),
    visible: first.top >= box.top && first.bottom <= box.bottom,
    colour: getComputedStyle(marks[0]).backgroundColor,
    link: link ? link.href : null,
    text: panel.querySelector('.article-text').textContent,
  };
})()"""


@pytest.fixture
def day(tmp_path: Path) -> DailyResult:
    folder = tmp_path / "articles"
    write_articles(folder)
    write_stampede(folder)
    settings = load_settings(data_dir=tmp_path / "data")
    result = run_daily(
        [str(folder)],
        tmp_path / "briefs",
        parse_day("2024-05-01"),
        settings,
        provider=ScriptedProvider(),
    )
    assert result.exit_code == 0
    return result


def spans_text(day: DailyResult, ref: ItemRef) -> list[str]:
    """The article text of each span of ``ref``."""
    url = next(
        a.link for s in day.brief.stories for a in s.articles if a.article_id == ref.article_id
    )
    text = STAMPEDE[url][1] if url in STAMPEDE else ""
    return [text[s.start : s.end] for s in ref.spans]


def test_the_page_ranks_stories_flags_the_conflict_and_opens_highlighted_evidence(
    tmp_path: Path, day: DailyResult
) -> None:
    stampede = day.brief.stories[0]
    assert stampede.outlets == ["gulf.example", "world-wire.example"]
    [toll] = stampede.conflicts()
    quote = stampede.quotes[0].quotes[0]
    claim = stampede.claims[0]
    browser = DevTools(tmp_path / "profile")
    try:
        tab = Tab(browser, PHONE)
        tab.open((day.directory / "brief.html").as_uri())
        seen = tab.js("document.body.innerText")
        titles = [s.title for s in day.brief.stories]
        assert titles[0] == "Hundreds killed in Hajj stampede near Mecca"
        assert [seen.index(t) for t in titles] == sorted(seen.index(t) for t in titles)
        assert "gulf.example, world-wire.example · 2 articles · 2024-05-01 11:30 UTC" in seen
        assert (
            "Reports disagree on people killed: 345 (gulf.example) vs 363 (world-wire.example)"
            in seen
        )
        assert quote.text not in seen, "quotes stay folded until asked for"
        assert tab.js("document.scripts.length") == 1  # the page's own, inline

        # a quote: open "Who said what", tap the quote
        tab.click("document.querySelector('#s1 .quotes summary')")
        tab.click(item("quotes", quote.text))
        shown = tab.wait(PANEL)
        assert shown["marked"] == spans_text(day, quote.refs[0])
        assert shown["marked"] == [quote.text]
        assert shown["visible"] and shown["colour"] not in ("rgba(0, 0, 0, 0)", "transparent")
        assert shown["link"] == "https://gulf.example/hajj-stampede"
        assert shown["text"] == STAMPEDE["https://gulf.example/hajj-stampede"][1]

        # the other outlet's toll, from the conflict line at the top of the story
        tab.click(item("conflicts", "363"))
        shown = tab.wait(f"({PANEL}) && ({PANEL}).marked[0] === '363' && ({PANEL})")
        assert shown["marked"] == spans_text(day, toll.reports[1]) == ["363"]
        assert shown["link"] == "https://world-wire.example/2024/hajj"
        assert tab.js("document.querySelectorAll('.panel').length") == 1

        # a claim: its evidence sentences
        tab.click("document.querySelector('#s1 .claims summary')")
        tab.click(item("claims", claim.text))
        shown = tab.wait(f"({PANEL}) && ({PANEL}).marked.join(' ').length > 5 && ({PANEL})")
        assert shown["marked"] == spans_text(day, claim.refs[0])
        assert claim.text in " ".join(shown["marked"])
        assert shown["visible"]

        # tapping the same item again closes it
        tab.click(item("claims", claim.text))
        assert tab.wait("document.querySelectorAll('.panel').length === 0 || 'closed'")
        assert tab.js("document.documentElement.scrollWidth") <= PHONE["width"]
        loaded = tab.js("Array.from(document.scripts).map(s => s.src)")
        [story_file] = (day.directory / "stories").glob("s1.*.js")
        assert loaded == ["", story_file.as_uri()]  # the page's own, and the story's file once

        tab.open((day.directory / "brief.html").as_uri())
        shot = base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"])
    finally:
        browser.close()
    (tmp_path / "phone.png").write_bytes(shot)
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == (PHONE["width"], PHONE["height"])
    assert colours > 10, "the screenshot is blank"


def test_a_figure_opens_its_own_number_in_the_article(tmp_path: Path, day: DailyResult) -> None:
    stampede = day.brief.stories[0]
    injured = next(line for line in stampede.page_figures() if "injured" in line.what)
    browser = DevTools(tmp_path / "profile")
    try:
        tab = Tab(browser)
        tab.open((day.directory / "brief.html").as_uri())
        tab.click("document.querySelector('#s1 .figures summary')")
        tab.click(item("figures", "2,000"))
        shown = tab.wait(PANEL)
    finally:
        browser.close()
    assert shown["marked"] == spans_text(day, injured.reports[0]) == ["2,000"]
    assert shown["link"] == "https://world-wire.example/2024/hajj" and shown["visible"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        return


def test_the_page_works_from_a_web_server_too(tmp_path: Path, day: DailyResult) -> None:
    handler = functools.partial(_Quiet, directory=str(day.directory.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = DevTools(tmp_path / "profile")
    try:
        tab = Tab(browser)
        host, port = server.server_address[:2]
        tab.open(f"http://{host}:{port}/2024-05-01/brief.html")
        quote = day.brief.stories[0].quotes[0].quotes[0]
        tab.click("document.querySelector('#s1 .quotes summary')")
        tab.click(item("quotes", quote.text))
        shown = tab.wait(PANEL)
    finally:
        browser.close()
        server.shutdown()
        server.server_close()
    assert shown["marked"] == [quote.text]


def test_the_index_page_lists_the_day_and_offers_the_feed(tmp_path: Path, day: DailyResult) -> None:
    browser = DevTools(tmp_path / "profile")
    try:
        tab = Tab(browser)
        tab.open((day.directory.parent / "index.html").as_uri())
        seen = tab.js("document.body.innerText")
        link = tab.js("document.querySelector('li a').href")
        feed = tab.js("document.querySelector('link[rel=alternate]').href")
    finally:
        browser.close()
    assert "2024-05-01" in seen and "5 stories" in seen
    assert link == (day.directory / "brief.html").as_uri()
    assert feed == (day.directory.parent / "feed.atom").as_uri()


def test_links_from_a_hostile_feed_are_never_script_links_in_the_browser(tmp_path: Path) -> None:
    """What the browser makes of every href (entities decoded, case and blanks folded):
    no javascript:, data: or vbscript: link survives, however it was written; article text
    with markup in it is shown as text in the evidence panel."""
    from fakes.hostile import Item, article_html, rss

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
    markup = tmp_path / "markup.txt"
    markup.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    result = run_daily(
        [str(feed), str(markup)],
        tmp_path / "briefs",
        parse_day("2024-05-01"),
        load_settings(data_dir=tmp_path / "data"),
        provider=ScriptedProvider(),
    )
    assert len(result.brief.stories) == 5
    story = next(s for s in result.brief.page_stories if "Council" in s.title)
    browser = DevTools(tmp_path / "profile")
    try:
        tab = Tab(browser)
        tab.open((result.directory / "brief.html").as_uri())
        protocols = tab.js("Array.from(document.links).map(a => a.protocol).join(' ')")
        scripts = tab.js("document.scripts.length")
        seen = tab.js("document.body.innerText")
        tab.click(f"document.querySelector('#{story.id} .summary .ev')")
        shown = tab.wait(PANEL)
        injected = tab.js(
            "[document.querySelectorAll('.panel img, .panel script').length, "
            "typeof window.pwned, document.scripts.length]"
        )
    finally:
        browser.close()
    assert set(protocols.split()) <= {"http:", "https:", "file:"}
    assert scripts == 1
    assert all(f"Item {n}" in seen for n in names)
    assert shown["text"] == HOSTILE_ARTICLE and "<img src=x onerror" in shown["text"]
    assert injected == [0, "undefined", 2]  # ours and the story's file, nothing else
