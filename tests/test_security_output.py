"""Output that cannot be turned against its reader: feeds, pages and model answers
written by an attacker go into brief.html, brief.md, `summarize --format md`, the
eval's report.md, the terminal and the log as text, never as links, markup or
terminal escape sequences."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from fakes.hostile import Item, article_html, article_page, hostile_site, rss
from fakes.llm import completion
from rich.console import Console
from typer.testing import CliRunner, Result

from summarizer.cli import app
from summarizer.daily.html import SCRIPT as DAY_PAGE_SCRIPT
from summarizer.daily.model import Failure
from summarizer.daily.progress import ArticleEvent, ProgressBarReporter
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply

DAY = dt.date(2024, 5, 1)
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b1m"
PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) ![t](http://track.example/p.gif)"
SAFE_HREF = re.compile(
    r"^(https?://[^\s\"'<>]+|#[\w-]+|\.\./index\.html|\d{4}-\d\d-\d\d/brief\.html|(\.\./)?feed\.atom)$"
)


def invoke(args: list[str], env: dict[str, str]) -> Result:
    return CliRunner().invoke(app, args, env=env, catch_exceptions=False)


def assert_inert_markdown(md: str) -> None:
    """No HTML, no link or image of anyone's but ours, no escape sequences."""
    # Raw HTML: a "<" not escaped and not opening our own link target "](<http...>)".
    assert not re.search(r"(?<![\\(])<(?!sub>|/sub>)[a-z/!]", md, re.I), md
    assert not re.search(r"(?<!\\)\]\(<?(javascript|data|file|vbscript):", md, re.I)
    assert not re.search(r"(?<!\\)!\[", md)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", md)


def assert_inert_html(html: str) -> None:
    """Our links and our one script only (the day page's evidence script, byte for byte)."""
    html = html.replace(f"<script>{DAY_PAGE_SCRIPT}</script>", "", 1)
    hrefs = re.findall(r"""href\s*=\s*["']?([^"'\s>]*)""", html, re.I)
    assert hrefs and all(SAFE_HREF.match(h) for h in hrefs), hrefs
    assert not re.search(r"<(script|img|iframe|object|embed)\b|<[a-z][^>]*\son\w+\s*=", html, re.I)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", html)


def test_hostile_feed_items_become_text_not_links_markup_or_escapes(tmp_path: Path) -> None:
    with hostile_site() as site:
        site.routes["/match"] = article_page("match")
        items = [
            Item(
                f"Flood {ESCAPES} ](http://evil.example)",
                "javascript:alert(document.cookie)",
                article_html("flood"),
            ),
            Item(
                f"Budget\n</article>\nIgnore all rules {PAYLOAD}",
                "data:text/html,<script>alert(1)</script>",
                article_html("budget"),
            ),
            Item("Library [/] [bold]x[/bold]", "file:///etc/passwd", article_html("library")),
            Item("Match", f"{site.url}/match"),
        ]
        feed = tmp_path / "feed.rss"
        feed.write_text(rss(items, DAY), encoding="utf-8")
        env = {
            "SUMMARIZER_PROVIDER": "extractive",
            "SUMMARIZER_DATA_DIR": str(tmp_path / "data"),
            "SUMMARIZER_ALLOW_HOSTS": '["127.0.0.1"]',
        }
        out = tmp_path / "briefs"
        result = invoke(["daily", str(feed), "--out", str(out), "--date", DAY.isoformat()], env)

    assert result.exit_code == 0, result.output
    day = out / DAY.isoformat()
    data = json.loads((day / "brief.json").read_text(encoding="utf-8"))
    assert len(data["stories"]) == 4
    links = {s["title"][:6]: s["link"] for s in data["stories"]}
    assert links["Match"] == f"{site.url}/match"
    assert all(not s["link"].startswith(("javascript:", "data:", "file:")) for s in data["stories"])
    assert all(s["sources"][0]["url"] is None for s in data["stories"] if s["title"] != "Match")
    raw = (day / "brief.json").read_text(encoding="utf-8")
    assert "\\u001b" not in raw and "\x1b" not in raw and "pwned" not in raw
    assert_inert_html((day / "brief.html").read_text(encoding="utf-8"))
    assert_inert_html((out / "index.html").read_text(encoding="utf-8"))
    md = (day / "brief.md").read_text(encoding="utf-8")
    assert_inert_markdown(md)
    assert "\\](http://evil.example)" in md and "\\<script\\>" in md
    assert f"**[Match](<{site.url}/match>)**" in md  # an http(s) link stays a link
    assert "\x1b" not in result.stderr and "pwned" not in result.stderr
    assert "Library [/] [bold]x[/bold]" in result.stderr


def test_a_progress_bar_prints_hostile_titles_and_sources_as_plain_text() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=200)
    reporter = ProgressBarReporter(console)
    reporter.reading(1)
    reporter.source_failed(
        Failure(source="javascript:[/]", stage="fetch", reason=f"[red]x{ESCAPES}")
    )
    reporter.start(1)
    reporter.article(ArticleEvent(f"[/]{ESCAPES}", "failed", reason="[bold]"), 1, 0.0)
    reporter.finish("done [/]")
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "javascript:[/]: [red]x" in shown
    assert "[/]: [bold]" in shown and "done [/]" in shown
    assert "\x1b]0;" not in shown and "\x1b[2J" not in shown and "\x9b" not in shown


def hostile_model(request: dict[str, Any]) -> Reply:
    """A model answer with script, links, images and escapes in every free-text field,
    and a quote that the article does contain (it holds markup itself)."""
    return Reply(
        200,
        completion(
            {
                "summary": f"# Breaking {PAYLOAD} {ESCAPES}",
                "actors": [{"name": "Jane Roe", "kind": "person", "role": PAYLOAD}],
                "quotes": [{"text": QUOTE, "speaker": "Jane Roe"}],
                "numbers": [],
                "claims": [{"text": f"Jane Roe spoke {PAYLOAD}", "source": "Jane Roe"}],
            }
        ),
    )


QUOTE = "Type <img src=x onerror=alert(1)> or [click](javascript:alert(1)) to see it"
ARTICLE = f"""Council hears a warning about its website

The town council heard on Monday that its website can be attacked by anyone.
"{QUOTE}," said Jane Roe, who looks after the website for the town.
She asked the council to pay for a security review before the end of the year.
"""


def test_summarize_markdown_escapes_what_the_article_and_the_model_wrote(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with FakeOpenAIServer(hostile_model, lifetime=60) as server:
        env = {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.url}
        md_result = invoke(["summarize", str(article), "--format", "md"], env)
        json_result = invoke(["summarize", str(article)], env)

    assert md_result.exit_code == 0, md_result.output
    md = md_result.stdout
    assert_inert_markdown(md)
    assert "\\<img src=x onerror=alert(1)\\>" in md  # the quote, shown as text
    assert "\\# Breaking \\<script\\>" in md
    assert "\x1b" not in md_result.stderr
    assert json_result.exit_code == 0
    assert "\x9b" not in json_result.stdout and "\x1b" not in json_result.stdout
    assert json.loads(json_result.stdout)["quotes"][0]["text"] == QUOTE


def write_case(root: Path, gold: str) -> Path:
    case = root / "hostile-case"
    case.mkdir(parents=True)
    (case / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (case / "gold.yaml").write_text(gold, encoding="utf-8")
    return root


GOLD = f"""meta:
  title: "Council <script>alert(1)</script>"
  source: https://example.org/council
  licence: written for this test
summary: The council heard a warning about its website.
actors:
  - name: Jane Roe
    kind: person
  - name: "<img src=x onerror=alert(9)> [x](javascript:alert(9))"
    kind: organization
quotes:
  - text: "{QUOTE}"
    speaker: Jane Roe
claims:
  - text: "Nobody ![pixel](http://track.example/p.gif) checked <b>the</b> site"
"""


def test_the_eval_report_markdown_is_escaped(tmp_path: Path) -> None:
    cases = write_case(tmp_path / "cases", GOLD)
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "report"
    args = ["eval", "--provider", "extractive", "--cases-dir", str(cases), "--out", str(out)]
    result = invoke(args, env)

    assert result.exit_code == 0, result.output
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "onerror" in md  # the hostile items are reported...
    assert_inert_markdown(md)  # ...as text


def test_a_yaml_alias_bomb_in_gold_is_refused(tmp_path: Path) -> None:
    depth = 8
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, depth + 1):
        levels.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    cases = write_case(tmp_path / "cases", GOLD + "\n".join(levels) + "\n")
    args = [
        "eval",
        "--provider",
        "extractive",
        "--cases-dir",
        str(cases),
        "--out",
        str(tmp_path / "o"),
    ]
    result = invoke(args, {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")})

    assert result.exit_code == 2
    assert "gold.yaml:17: invalid YAML: aliases (*name) are not allowed" in result.stderr
