"""`summarizer daily` as users run it: mixed sources, files on disk, the run log, exit codes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fakes import ARTICLES as FIXTURE_ARTICLES
from fakes import REPO
from fakes.llm import load_json
from fakes.news import (
    ARTICLES,
    NewsSite,
    asks_for_story_summary,
    llm_env,
    model_server,
    page,
    responder,
    write_articles,
)
from typer.testing import CliRunner, Result

from summarizer.cli import app
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply
from summarizer.store import Store

DAY = dt.date(2024, 5, 1)
TOKENS_PER_CALL = load_json("tool_call.json")["usage"]["total_tokens"]
HAS_EXTRACTIVE = importlib.util.find_spec("summarizer.providers.extractive") is not None


def invoke(args: list[str], env: dict[str, str]) -> Result:
    return CliRunner().invoke(app, args, env=env, catch_exceptions=False)


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with model_server() as fake:
        yield fake


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite(DAY) as news:
        yield news


@pytest.fixture
def env(server: FakeOpenAIServer, tmp_path: Path) -> dict[str, str]:
    return {
        **llm_env(server, tmp_path / "data"),
        "SUMMARIZER_FETCH_TIMEOUT": "1",
        # The news site runs on loopback, which the fetch policy refuses unless allowed.
        "SUMMARIZER_ALLOW_HOSTS": '["127.0.0.1"]',
    }


def local_sources(folder: Path) -> Path:
    """A folder of mixed article files: .txt, .html, .json and a near-duplicate."""
    folder.mkdir()
    (folder / "flood-copy.txt").write_text(ARTICLES["flood"], encoding="utf-8")
    match_title = ARTICLES["match"].splitlines()[0]
    (folder / "match.html").write_text(page(match_title, ARTICLES["match"]), encoding="utf-8")
    (folder / "library.json").write_text(
        json.dumps(
            {
                "text": ARTICLES["library"],
                "headline": "New public library opens in the old railway station",
                "link": "https://example.org/dunmore-library",
                "date": "2024-05-01",
            }
        ),
        encoding="utf-8",
    )
    updated = ARTICLES["library"] + "Opening hours will be longer during the summer holidays.\n"
    (folder / "library-updated.txt").write_text(updated, encoding="utf-8")
    (folder / ".draft.txt").write_text(ARTICLES["budget"] + "Draft.", encoding="utf-8")
    return folder


def run_mixed(tmp_path: Path, site: NewsSite, env: dict[str, str]) -> Result:
    folder = (
        tmp_path / "articles"
        if (tmp_path / "articles").exists()
        else (local_sources(tmp_path / "articles"))
    )
    return invoke(
        [
            "daily",
            str(folder),
            f"{site.url}/feed.xml",
            f"{site.url}/news/budget",
            "--out",
            str(tmp_path / "briefs"),
            "--date",
            DAY.isoformat(),
        ],
        env,
    )


def test_mixed_sources_make_the_days_three_files_and_the_index(
    tmp_path: Path, site: NewsSite, server: FakeOpenAIServer, env: dict[str, str]
) -> None:
    result = run_mixed(tmp_path, site, env)

    assert result.exit_code == 1, result.output  # three sources failed
    day_dir = tmp_path / "briefs" / DAY.isoformat()
    assert sorted(p.name for p in day_dir.iterdir() if not p.name.startswith(".")) == [
        "brief.html",
        "brief.json",
        "brief.md",
        "stories",
    ]
    data = json.loads((day_dir / "brief.json").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "schemas" / "daily.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["schema_version"] == "2"

    stories = {s["title"]: s for s in data["stories"]}
    assert set(stories) == {
        "River floods force 3,000 people from their homes",
        "City council approves budget",
        "Harbour United win the regional cup final",
        "New public library opens in the old railway station",
    }
    flood = stories["River floods force 3,000 people from their homes"]
    assert {s["location"] for s in flood["sources"]} == {
        str(tmp_path / "articles" / "flood-copy.txt"),
        f"{site.url}/news/flood",
        f"{site.url}/syndicated/flood",
    }
    # the local copy is filed under its folder, the fetched pages under their host
    assert sorted(flood["outlets"]) == ["127.0.0.1", "articles"]
    assert data["stories"][0]["id"] == "s1" and data["stories"][0]["title"] == flood["title"]
    library = stories["New public library opens in the old railway station"]
    assert len(library["sources"]) == 2
    assert library["link"] == "https://example.org/dunmore-library"
    # the longer, updated copy was summarised; the site's copy is the same article
    assert (library["articles"][0]["outlet"], library["articles"][0]["also_in"]) == (
        "articles",
        ["example.org"],
    )
    assert library["outlets"] == ["articles", "example.org"]
    library_brief = next(
        b for b in data["briefs"] if b["article"]["id"] == library["articles"][0]["article_id"]
    )
    assert library_brief["article"]["word_count"] > len(ARTICLES["library"].split())

    reasons = {f["source"]: (f["stage"], f["reason"]) for f in data["failures"]}
    assert reasons == {
        f"{site.url}/missing": ("fetch", "HTTP 404 Not Found"),
        f"{site.url}/gallery": ("extract", "no article text found on the page"),
        f"{site.url}/slow": ("fetch", "no complete answer within 1s"),
    }
    assert "/news/old" not in site.hits
    # one brief per distinct article (copies and near-copies summarised once), then one
    # summary per story
    briefs = [r for r in server.requests if not asks_for_story_summary(r)]
    assert len(briefs) == 4 and len(server.requests) == 8
    totals = data["totals"]
    assert (totals["articles"], totals["sources"], totals["duplicates"], totals["failed"]) == (
        4,
        7,
        3,
        3,
    )
    assert totals["stories"] == 4
    assert (totals["summarised"], totals["reused"], totals["run_calls"]) == (4, 0, 8)
    assert totals["usage"]["total_tokens"] == 4 * TOKENS_PER_CALL
    assert data["summary_prompt_id"] == "story.v1" and data["warnings"] == []
    summary = flood["summary"]
    assert summary["written_by"] == "model"
    assert summary["text"].startswith("Floodwaters from the Vessa river forced 3,000 people")

    [carter] = [g for g in flood["quotes"] if g["name"] == "Helen Carter"]
    assert [q["text"] for q in carter["quotes"]] == [
        "We have never seen the water rise this fast",
        "Everyone who needs a bed tonight will have one",
    ]
    texts = {b["article"]["id"] for b in data["briefs"]}
    for quote in carter["quotes"]:
        assert {r["article_id"] for r in quote["refs"]} <= texts and quote["refs"][0]["spans"]

    md = (day_dir / "brief.md").read_text(encoding="utf-8")
    assert md.index("## Top stories") < md.index("## Not included (3)")
    assert (
        f"1. **[River floods force 3,000 people from their homes](<{site.url}/news/flood>)**" in md
    )
    assert "   - Helen Carter: “We have never seen the water rise this fast” (" in md
    html = (day_dir / "brief.html").read_text(encoding="utf-8")
    assert "Harbour United win the regional cup final" in html
    assert "written by the model" in html
    index = (tmp_path / "briefs" / "index.html").read_text(encoding="utf-8")
    assert 'href="2024-05-01/brief.html"' in index
    assert (tmp_path / "briefs" / "feed.atom").is_file()

    log = result.stderr.splitlines()
    assert len([line for line in log if re.search(r"\[\d/4\] summarised ", line)]) == 4
    assert len([line for line in log if " failed  " in line]) == 3
    assert any("writing     4 story summaries" in line for line in log)
    assert (
        "4 stories from 4 articles (7 read, 3 duplicates), 4 summarised, 0 reused, 3 failed"
        in log[-1]
    )


def test_a_second_run_makes_no_provider_calls(
    tmp_path: Path, site: NewsSite, server: FakeOpenAIServer, env: dict[str, str]
) -> None:
    first = run_mixed(tmp_path, site, env)
    second = run_mixed(tmp_path, site, env)

    assert (first.exit_code, second.exit_code) == (1, 1)
    with Store.in_dir(tmp_path / "data") as store:
        latest, earlier = store.recent_runs(2)
    assert (earlier["calls"], earlier["summarised"], earlier["reused"]) == (8, 4, 0)
    assert (latest["calls"], latest["summarised"], latest["reused"]) == (0, 0, 4)
    assert latest["tokens"] == 0 and latest["cost_usd"] == 0
    assert len(server.requests) == 8  # briefs and story summaries both come from the store
    data = json.loads((tmp_path / "briefs" / "2024-05-01" / "brief.json").read_text("utf-8"))
    assert data["totals"]["reused"] == 4 and data["totals"]["run_calls"] == 0
    assert data["totals"]["usage"]["total_tokens"] == 4 * TOKENS_PER_CALL  # the day's briefs

    listed = invoke(["runs"], env)
    assert listed.exit_code == 0
    rows = [line.split() for line in listed.stdout.splitlines()]
    assert [r[0] for r in rows if r and r[0].isdigit()] == [str(latest["id"]), str(earlier["id"])]
    shown = invoke(["runs", "show", str(earlier["id"])], env)
    assert shown.exit_code == 0
    assert "Provider calls" in shown.stdout and "HTTP 404 Not Found" in shown.stdout
    assert len(re.findall(r"\bok\b", shown.stdout)) == 8
    assert str(tmp_path / "briefs") in one_line(shown.stdout).replace(" ", "")
    missing = invoke(["runs", "show", "999"], env)
    assert missing.exit_code == 2 and "no run with id 999" in missing.stderr


def test_an_article_the_provider_refuses_is_a_listed_failure(
    tmp_path: Path, server: FakeOpenAIServer, env: dict[str, str]
) -> None:
    def refusing(request: dict[str, Any]) -> Reply:
        if "Harbour United" in json.dumps(request["messages"]):
            return Reply(400, {"error": {"message": "content policy", "type": "invalid_request"}})
        return responder(request)

    server.responder = refusing
    write_articles(tmp_path / "articles")
    result = invoke(
        [
            "daily",
            str(tmp_path / "articles"),
            "--out",
            str(tmp_path / "briefs"),
            "--date",
            "2024-05-01",
        ],
        env,
    )

    assert result.exit_code == 1
    data = json.loads((tmp_path / "briefs" / "2024-05-01" / "brief.json").read_text("utf-8"))
    assert len(data["stories"]) == 3
    assert all(s["summary"]["written_by"] == "model" for s in data["stories"])
    [failure] = data["failures"]
    assert failure["source"] == str(tmp_path / "articles" / "match.txt")
    assert failure["stage"] == "summarise" and "HTTP 400" in failure["reason"]
    with Store.in_dir(tmp_path / "data") as store:
        [run] = store.recent_runs(1)
        calls = store.calls(run["id"])
    assert sorted(c["outcome"] for c in calls) == ["error"] + ["ok"] * 6  # 3 briefs, 3 stories
    assert "HTTP 400" in next(c["error"] for c in calls if c["outcome"] == "error")


def test_all_done_is_exit_0_and_the_index_lists_days_newest_first(
    tmp_path: Path, env: dict[str, str]
) -> None:
    write_articles(tmp_path / "articles", ["flood", "budget"])
    for day in ("2024-04-30", "2024-05-02", "2024-05-01"):
        result = invoke(
            [
                "daily",
                str(tmp_path / "articles"),
                "--out",
                str(tmp_path / "briefs"),
                "--date",
                day,
                "--quiet",
            ],
            env,
        )
        assert result.exit_code == 0, result.output
    index = (tmp_path / "briefs" / "index.html").read_text(encoding="utf-8")
    positions = [
        index.index(f'href="{d}/brief.html"') for d in ("2024-05-02", "2024-05-01", "2024-04-30")
    ]
    assert positions == sorted(positions)
    with Store.in_dir(tmp_path / "data") as store:
        assert [r["calls"] for r in store.recent_runs()] == [0, 0, 4]  # 2 briefs, 2 summaries


def test_sources_can_come_from_the_config_file(tmp_path: Path, env: dict[str, str]) -> None:
    write_articles(tmp_path / "articles", ["library"])
    config = tmp_path / "summarizer.toml"
    config.write_text(f'sources = ["{tmp_path / "articles"}"]\n', encoding="utf-8")
    result = invoke(
        [
            "daily",
            "--out",
            str(tmp_path / "briefs"),
            "--config",
            str(config),
            "--date",
            "2024-05-01",
        ],
        env,
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "briefs" / "2024-05-01" / "brief.json").read_text("utf-8"))
    assert [s["title"] for s in data["stories"]] == [
        "New public library opens in the old railway station"
    ]


@pytest.mark.parametrize(
    ("args", "extra_env", "message"),
    [
        ([], {}, "no sources"),
        (["ARTICLES", "--date", "01/05/2024"], {}, "--date must be YYYY-MM-DD"),
        (["ARTICLES", "--config", "BADCONFIG"], {}, "cannot read config file"),
        (["ARTICLES"], {"OPENAI_API_KEY": ""}, "needs an API key"),
        (["ARTICLES"], {"SUMMARIZER_PROMPT": "brief.v99"}, "unknown prompt"),
        (["ARTICLES", "--concurrency", "0"], {}, ""),
    ],
)
def test_bad_usage_or_config_is_exit_2(
    tmp_path: Path,
    server: FakeOpenAIServer,
    env: dict[str, str],
    args: list[str],
    extra_env: dict[str, str],
    message: str,
) -> None:
    write_articles(tmp_path / "articles", ["flood"])
    (tmp_path / "bad.toml").write_text("sources = [", encoding="utf-8")
    args = [
        {"ARTICLES": str(tmp_path / "articles"), "BADCONFIG": str(tmp_path / "bad.toml")}.get(a, a)
        for a in args
    ]
    run_env = {**env, **extra_env}
    if run_env.get("OPENAI_API_KEY") == "":
        del run_env["OPENAI_API_KEY"]
    result = CliRunner().invoke(
        app, ["daily", *args, "--out", str(tmp_path / "briefs")], env=run_env
    )
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert server.requests == []
    assert not (tmp_path / "briefs" / "index.html").exists()


def test_an_unwritable_output_folder_is_exit_3(tmp_path: Path, env: dict[str, str]) -> None:
    write_articles(tmp_path / "articles", ["flood"])
    (tmp_path / "briefs").write_text("a file, not a folder", encoding="utf-8")
    result = invoke(["daily", str(tmp_path / "articles"), "--out", str(tmp_path / "briefs")], env)
    assert result.exit_code == 3
    assert "cannot create" in result.stderr and "Traceback" not in result.output


@pytest.mark.skipif(not HAS_EXTRACTIVE, reason="the extractive provider has not landed yet")
def test_the_default_provider_builds_the_day_and_a_rerun_calls_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_articles(folder)
    (folder / "asylum.txt").write_bytes((FIXTURE_ARTICLES / "asylum.txt").read_bytes())
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}  # no key: the default provider
    runs = [
        invoke(["daily", str(folder), "--out", str(tmp_path / "briefs")], env) for _ in range(2)
    ]

    assert [r.exit_code for r in runs] == [0, 0], runs[0].output
    day_dir = tmp_path / "briefs" / dt.date.today().isoformat()
    assert all((day_dir / name).is_file() for name in ("brief.json", "brief.md", "brief.html"))
    assert (tmp_path / "briefs" / "index.html").is_file()
    data = json.loads((day_dir / "brief.json").read_text(encoding="utf-8"))
    assert data["provider"] == "extractive" and len(data["stories"]) == 5
    assert all(s["summary"]["written_by"] == "lead" for s in data["stories"])
    assert data["summary_prompt_id"] is None
    assert any(g["name"] == "Helen Carter" for s in data["stories"] for g in s["quotes"])
    with Store.in_dir(tmp_path / "data") as store:
        latest, first = store.recent_runs(2)
    assert (first["calls"], latest["calls"], latest["reused"]) == (5, 0, 5)
