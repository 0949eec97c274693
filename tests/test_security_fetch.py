"""The fetch policy of `summarizer daily`, against a hostile web server on 127.0.0.1.

Loopback is refused by default, so the hostile site can only be reached where a
test allows it; requests to 169.254.169.254 or any other non-loopback address
would fail the test in conftest, so "refused" here means "never connected".
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpcore
import pytest
from fakes.hostile import Item, Route, article_page, hostile_site, redirect, rss
from fakes.news import write_articles
from typer.testing import CliRunner, Result

from summarizer.cli import app
from summarizer.config import load_settings
from summarizer.daily.errors import SourceError
from summarizer.fetch_policy import address_kind, parse_allowed
from summarizer.web import Fetcher

DAY = dt.date(2024, 5, 1)
SECRET_PAGE = Route(
    body="<html><body><article><p>"
    + "TOPSECRET internal token value that must never be published anywhere. " * 5
    + "</p></article></body></html>"
)


def daily(tmp_path: Path, sources: list[str], **env: str) -> Result:
    base = {"SUMMARIZER_PROVIDER": "extractive", "SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    args = ["daily", *sources, "--out", str(tmp_path / "briefs"), "--date", DAY.isoformat()]
    return CliRunner().invoke(app, args, env={**base, **env}, catch_exceptions=False)


def day_files(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "briefs" / DAY.isoformat()
    return {
        n: (folder / n).read_text(encoding="utf-8")
        for n in ("brief.json", "brief.md", "brief.html")
    }


def reasons(tmp_path: Path) -> dict[str, str]:
    data = json.loads(day_files(tmp_path)["brief.json"])
    return {f["source"]: f["reason"] for f in data["failures"]}


def test_feed_links_to_loopback_and_metadata_addresses_are_never_requested(
    tmp_path: Path,
) -> None:
    with hostile_site({"/secret": SECRET_PAGE}) as site:
        links = {
            "loopback": f"{site.url}/secret",
            "localhost": f"http://localhost:{site.port}/secret",
            "ipv6": f"http://[::1]:{site.port}/secret",
            "unspecified": f"http://0.0.0.0:{site.port}/secret",
            "metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "private": "http://10.0.0.1/admin",
        }
        feed = tmp_path / "feed.rss"
        feed.write_text(rss([Item(k, v) for k, v in links.items()], DAY), encoding="utf-8")
        result = daily(tmp_path, [str(feed)])

    assert result.exit_code == 1, result.output
    assert site.hits == []
    for text in day_files(tmp_path).values():
        assert "TOPSECRET" not in text
    why = reasons(tmp_path)
    assert set(why) == set(links.values())
    assert why[links["loopback"]].startswith("refused: 127.0.0.1 is a loopback address")
    assert "localhost is 127.0.0.1, a loopback address" in why[links["localhost"]] or (
        "localhost is ::1, a loopback address" in why[links["localhost"]]
    )
    assert "::1 is a loopback address" in why[links["ipv6"]]
    assert "0.0.0.0 is an unspecified address" in why[links["unspecified"]]
    assert "169.254.169.254 is a link-local address" in why[links["metadata"]]
    assert "10.0.0.1 is a private address" in why[links["private"]]
    assert all("allow_hosts" in reason for reason in why.values())


def test_every_redirect_is_checked_even_from_an_allowed_host(tmp_path: Path) -> None:
    with hostile_site() as site:
        allowed = f"http://localhost:{site.port}"
        site.routes.update(
            {
                "/feed.xml": Route(
                    body=rss(
                        [
                            Item("news", f"{allowed}/news"),
                            Item("to loopback", f"{allowed}/to-loopback"),
                            Item("to metadata", f"{allowed}/to-metadata"),
                            Item("to a file", f"{allowed}/to-file"),
                        ],
                        DAY,
                    ),
                    headers={"Content-Type": "application/rss+xml"},
                ),
                "/news": article_page("flood"),
                "/to-loopback": redirect(f"{site.url}/secret"),
                "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
                "/to-file": redirect("file:///etc/passwd"),
                "/secret": SECRET_PAGE,
            }
        )
        result = daily(tmp_path, [f"{allowed}/feed.xml"], SUMMARIZER_ALLOW_HOSTS='["localhost"]')

    assert result.exit_code == 1, result.output
    assert "/secret" not in site.hits
    assert {"/feed.xml", "/news", "/to-loopback", "/to-metadata", "/to-file"} <= set(site.hits)
    files = day_files(tmp_path)
    assert "TOPSECRET" not in files["brief.json"] + files["brief.md"] + files["brief.html"]
    data = json.loads(files["brief.json"])
    assert [s["title"] for s in data["stories"]] == ["news"]  # the feed names it
    why = reasons(tmp_path)
    assert why[f"{allowed}/to-loopback"].startswith("refused: 127.0.0.1 is a loopback address")
    assert why[f"{allowed}/to-metadata"].startswith("refused: 169.254.169.254 is a link-local")
    assert why[f"{allowed}/to-file"].startswith("cannot fetch")


def test_a_feed_gives_at_most_max_feed_items(tmp_path: Path) -> None:
    with hostile_site() as site:
        items = [Item(f"item {n}", f"{site.url}/a{n}") for n in range(40)]
        site.routes["/feed.xml"] = Route(
            body=rss(items, DAY), headers={"Content-Type": "application/rss+xml"}
        )
        result = daily(
            tmp_path,
            [f"{site.url}/feed.xml"],
            SUMMARIZER_ALLOW_HOSTS='["127.0.0.1"]',
            SUMMARIZER_MAX_FEED_ITEMS="5",
        )

    assert result.exit_code == 1, result.output
    assert sorted(h for h in site.hits if h.startswith("/a")) == [f"/a{n}" for n in range(5)]
    why = reasons(tmp_path)
    assert why[f"{site.url}/feed.xml"] == "35 more items of the day not read (max_feed_items = 5)"
    assert len(why) == 6  # the five fetched items are 404s


def test_the_run_deadline_lists_what_was_left_and_still_writes_the_day(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", ["flood"])
    with hostile_site({"/stuck": Route(body="never sent", delay=60)}) as site:
        result = daily(
            tmp_path,
            [str(tmp_path / "articles"), f"{site.url}/stuck"],
            SUMMARIZER_ALLOW_HOSTS='["127.0.0.1"]',
            SUMMARIZER_FETCH_TIMEOUT="50",
            SUMMARIZER_RUN_TIMEOUT="1",
        )

    assert result.exit_code == 1, result.output
    why = reasons(tmp_path)
    assert why[f"{site.url}/stuck"] == "not done: the run's time limit (run_timeout) was reached"
    # The file was read in time but the run had no time left to summarise it.
    assert why[str(tmp_path / "articles" / "flood.txt")] == why[f"{site.url}/stuck"]
    assert (tmp_path / "briefs" / "index.html").is_file()


def test_an_article_the_model_takes_too_long_on_is_a_listed_failure(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", ["flood"])
    with hostile_site({"/v1/chat/completions": Route(body="{}", delay=60)}) as model:
        env = {
            "OPENAI_API_KEY": "sk-test-slow",
            "OPENAI_BASE_URL": f"{model.url}/v1",
            "SUMMARIZER_PROVIDER": "openai",
            "SUMMARIZER_ARTICLE_TIMEOUT": "0.5",
        }
        result = daily(tmp_path, [str(tmp_path / "articles")], **env)

    assert result.exit_code == 1, result.output
    assert reasons(tmp_path) == {
        str(tmp_path / "articles" / "flood.txt"): "not summarised within 0.5s (article_timeout)"
    }


def test_a_bad_allow_hosts_entry_is_a_config_error(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", ["flood"])
    result = daily(tmp_path, [str(tmp_path / "articles")], SUMMARIZER_ALLOW_HOSTS='["a b/c"]')
    assert result.exit_code == 2
    assert "allow_hosts" in result.stderr and "neither a host name nor an IP network" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("64:ff9b::7f00:1", "loopback"),
        ("2002:7f00:1::", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("100.64.0.1", "non-public"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    import ipaddress

    assert address_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    ("allow", "host", "address", "allowed"),
    [
        ([], "news.example", "93.184.216.34", True),
        ([], "news.example", "127.0.0.1", False),
        (["localhost"], "localhost", "127.0.0.1", True),
        (["localhost"], "LOCALHOST.", "127.0.0.1", True),
        (["localhost"], "127.0.0.1", "127.0.0.1", False),
        (["127.0.0.1"], "127.0.0.1", "127.0.0.1", True),
        (["127.0.0.1"], "localhost", "127.0.0.2", False),
        (["10.0.0.0/8"], "intranet", "10.20.30.40", True),
        (["10.0.0.0/8"], "intranet", "192.168.0.1", False),
        (["*.corp.example"], "feeds.corp.example", "192.168.0.1", True),
        (["*.corp.example"], "corp.example.evil", "192.168.0.1", False),
        (["::1"], "ip6", "::1", True),
    ],
)
def test_allow_hosts_admits_listed_hosts_and_networks_only(
    allow: list[str], host: str, address: str, allowed: bool
) -> None:
    assert (parse_allowed(allow).refusal(host, address) is None) is allowed


def test_the_connection_goes_to_the_address_that_was_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rebinding DNS answers a public address first and loopback after: the name is
    resolved once and the connection made to the address that passed the check."""
    answers = iter(["93.184.216.34", "127.0.0.1"])
    resolved: list[str] = []
    connected: list[str] = []

    async def rebinding_dns(self: Any, host: str, port: int, **_: Any) -> list[Any]:
        resolved.append(host)
        return [(2, 1, 6, "", (next(answers), port))]

    async def connect_tcp(self: Any, host: str, port: int, **_: Any) -> Any:
        connected.append(host)
        raise httpcore.ConnectError("stopped before the network")

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", rebinding_dns)
    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", connect_tcp)

    async def fetch() -> str:
        async with Fetcher(load_settings()) as fetcher:
            with pytest.raises(SourceError) as failed:
                await fetcher.get("http://rebind.example/news")
        return str(failed.value)

    assert asyncio.run(fetch()).startswith("cannot fetch")
    assert resolved == ["rebind.example"]
    assert connected == ["93.184.216.34"]


def test_a_name_resolving_only_to_loopback_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connected: list[str] = []

    async def dns(self: Any, host: str, port: int, **_: Any) -> list[Any]:
        return [(2, 1, 6, "", ("127.0.0.1", port)), (10, 1, 6, "", ("::1", port, 0, 0))]

    async def connect_tcp(self: Any, host: str, port: int, **_: Any) -> Any:
        connected.append(host)
        raise httpcore.ConnectError("unreachable")

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", dns)
    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", connect_tcp)

    async def fetch() -> str:
        async with Fetcher(load_settings()) as fetcher:
            with pytest.raises(SourceError) as failed:
                await fetcher.get("https://evil.example/")
        return str(failed.value)

    assert asyncio.run(fetch()) == (
        "refused: evil.example is 127.0.0.1, a loopback address (allow_hosts can allow it)"
    )
    assert connected == []
