"""The benchmarks at tiny sizes: every code path runs and measures what it claims.

No timing is asserted: the tests check counts, outcomes and the report's shape,
so a benchmark that breaks (or stops measuring the right thing) fails here.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from benchmarks import (
    concurrency,
    daily_run,
    eval_suite,
    extractive_engine,
    grounding_scale,
    pipeline_overhead,
    prompt_economy,
    story_clustering,
)
from benchmarks.articles import CASES, distinct_articles, eval_articles, long_text
from benchmarks.measure import Hotspot, Profile, Stats, Target, isolated_env, run_cli
from benchmarks.run import BENCHMARKS, main
from summarizer.align import ArticleIndex
from summarizer.article import Article, load_article
from summarizer.config import load_settings
from summarizer.daily.dedup import fold_copies
from summarizer.daily.sources import Found
from summarizer.grounding import ground
from summarizer.prompts import list_prompts, load_prompt

# ------------------------------------------------------------------ helpers


def test_stats_show_median_and_spread() -> None:
    stats = Stats.of([3.0, 1.0, 2.0])
    assert (stats.median, stats.low, stats.high) == (2.0, 1.0, 3.0)
    assert stats.show(1) == "2.0 (1.0\u20133.0)"
    assert Stats.of([4.0]).show(0) == "4"
    assert stats.scaled(1000).median == 2000.0
    with pytest.raises(ValueError):
        Stats.of([])


def test_targets_say_whether_they_are_met_and_by_how_much() -> None:
    assert Target("ratio", 1.5, 1.2, "\u00d7").verdict() == "met"
    assert Target("ratio", 1.5, 1.8, "\u00d7").verdict() == "missed by 20%"
    assert Target("rate", 100, 80, at_least=True).verdict() == "missed by 20%"
    assert Target("rate", 100, 120, at_least=True).wanted() == "\u2265 100"
    assert Target("calls", 0, 3).verdict() == "missed by 3"
    assert Target("calls", 0, 0).met


def test_isolated_env_drops_the_users_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-user")
    monkeypatch.setenv("SUMMARIZER_MODEL", "gpt-user")
    env = isolated_env(tmp_path)
    assert "OPENAI_API_KEY" not in env and "SUMMARIZER_MODEL" not in env
    assert env["SUMMARIZER_DATA_DIR"].startswith(str(tmp_path))
    assert env["XDG_CONFIG_HOME"].startswith(str(tmp_path))


def test_run_cli_reports_a_failing_command(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="exited with 2"):
        run_cli(
            ["summarize", str(tmp_path / "missing.txt")], isolated_env(tmp_path), tmp_path / "logs"
        )


def test_run_cli_measures_the_childs_own_peak_memory(tmp_path: Path) -> None:
    parent = b"x" * (200 * 2**20)  # a large parent: fork must not lend the child its RSS
    done = run_cli(["--version"], isolated_env(tmp_path), tmp_path / "logs")
    assert done.stdout.startswith("summarizer ")
    assert 10 < done.peak_rss_mb < 150
    assert len(parent) == 200 * 2**20


# ------------------------------------------------------------------- inputs


def test_distinct_articles_are_different_stories_for_the_daily_run() -> None:
    articles = distinct_articles(60)
    assert len(set(articles)) == 60
    found = [Found(Article(text), f"a{i}.txt", f"a{i}.txt") for i, text in enumerate(articles)]
    assert len(fold_copies(found, load_settings().dedup_threshold)) == 60
    n = len(eval_articles())
    with pytest.raises(ValueError):
        distinct_articles(n * (n - 1) + 1)


def test_long_text_has_the_size_asked_for() -> None:
    for size in (1_000, 10_000, 100_000):
        text = long_text(size)
        assert size * 0.9 < len(text) <= size


def test_grounding_items_ground_exactly_normalised_and_fuzzily() -> None:
    text = long_text(10_000)
    extraction = grounding_scale.items_for(text, 30)
    assert (len(extraction.quotes), len(extraction.numbers), len(extraction.claims)) == (10, 10, 10)
    result = ground(extraction, ArticleIndex(text))
    assert result.problems == []
    assert {q.grounding for q in result.quotes} == {"exact", "normalized", "fuzzy"}
    assert len(result.figures) == 10 and len(result.claims) == 10


# --------------------------------------------------------------- benchmarks


def test_pipeline_overhead_measures_both_contenders_on_a_grounded_response() -> None:
    section = pipeline_overhead.run(
        pipeline_overhead.Params(rounds=1, calls=2, warmup=1, profile_calls=2)
    )
    values = section.values
    assert values["pipeline_ms"] > 0 and values["bare_ms"] > 0
    assert values["quotes"] > 0 and values["claims"] > 0
    assert 800 <= values["words"] <= 1200
    assert 0 < values["ours_share"] < 1
    assert values["groundings_per_article"] in (1, 2)  # counted by the profile
    assert [t.what for t in section.targets] == [
        "pipeline / bare call",
        "added time per 1,000-word article",
    ]
    text = section.markdown(1)
    assert "| whole pipeline |" in text and "| bare instructor call |" in text
    assert "`summarizer." in text  # the hotspot table names our functions


def test_the_overhead_explanation_names_a_second_grounding_only_when_there_is_one() -> None:
    profile = Profile(
        {"pydantic": 0.6, "summarizer.text": 0.4},
        [Hotspot("summarizer.text:1 words", 0.4, "summarizer.align:2 x")],
        {},
    )
    once = {
        "ground in the validator (builds the article index)": Stats.of([2.0]),
        "merge and build the brief (ids, links, language, word count)": Stats.of([1.0]),
    }
    twice = {**once, pipeline_overhead.AGAIN: Stats.of([0.7])}
    assert "grounded twice" not in pipeline_overhead._why(once, 6.0, 5.0, profile)
    text = pipeline_overhead._why(twice, 6.0, 5.0, profile)
    assert "grounded twice" in text and "take 40% of the profiled time" in text


def test_grounding_scale_fills_every_cell_and_the_growth_table() -> None:
    section = grounding_scale.run(
        grounding_scale.Params(sizes=(1_000, 5_000), counts=(3, 9), rounds=1)
    )
    assert set(section.values) == {
        "ms_1000_3",
        "ms_1000_9",
        "ms_5000_3",
        "ms_5000_9",
        "steepest_growth",
    }
    timing, grounded, growth = section.tables
    assert len(timing.rows) == 2 and len(grounded.rows) == 4
    for row in grounded.rows:  # every quote asked for grounds ("k/k")
        done, asked = row[2].split()[0].split("/")
        assert done == asked
    assert len(growth.rows) == 3
    assert section.targets == []  # no 100k article at this size


def test_article_in_finds_the_article_in_the_rendered_prompt() -> None:
    text = eval_articles()[0].text.strip()
    messages = load_prompt("brief.v1").render(text, title="A title")
    assert concurrency.article_in(messages) == text


def test_concurrency_sends_one_request_per_article_per_run() -> None:
    params = concurrency.Params(waves=2, delay=0.05, levels=(1, 2), workers=(0, 2), rounds=1)
    section = concurrency.run(params)
    assert section.values["requests"] == 12  # 2 + 4 articles, by each contender
    assert section.values["ratio_1"] > 0 and section.values["ratio_2_w2"] > 0
    assert section.values["cpu_ms_2_w2"] > 0  # the workers' CPU is counted
    assert section.values["round_trip_ms"] > 0
    assert [t.what for t in section.targets] == [
        "wall / ideal at concurrency 2",
        "wall / ideal at concurrency 2 with 2 workers",
    ]
    assert [row[:2] for row in section.tables[0].rows] == [
        ["this process", "1"],
        ["this process", "2"],
        ["2 worker processes", "1"],
        ["2 worker processes", "2"],
    ]


def test_a_missed_concurrency_target_is_explained_from_the_cpu_measured() -> None:
    params = concurrency.Params(waves=8, delay=0.2, levels=(1, 8), workers=(0,), rounds=1)
    # 64 articles at concurrency 8: ideal 1.6 s; 2.4 s misses; 25 ms of CPU per article
    walls, cpus = {(0, 1): [13.0], (0, 8): [2.4]}, {(0, 1): [1.6], (0, 8): [1.6]}
    section = concurrency._section(params, walls, cpus, 128, 0.8)
    assert [t.met for t in section.targets] == [False]
    (why,) = section.notes
    assert "At concurrency 8 (this process), 25.0 ms per article: a floor of 1.12" in why
    assert "keep the interpreter busy 100% of the time" in why


def test_daily_run_is_free_the_second_time() -> None:
    section = daily_run.run(daily_run.Params(articles=3, rounds=1))
    values = section.values
    assert values["cold_calls"] == 3 and values["stories"] == 3
    assert values["warm_calls"] == 0 and values["warm_reused"] == 3
    assert values["peak_rss_mb"] > 10
    assert section.targets[0].met  # zero calls warm


def test_a_slow_warm_run_is_explained_by_a_profile_and_import_times(tmp_path: Path) -> None:
    daily_run.write_articles(tmp_path / "articles", 2)
    home, out = tmp_path / "home", tmp_path / "home" / "briefs"
    cold = daily_run.daily(tmp_path / "articles", out, home)
    assert (cold.provider_calls, cold.summarised) == (2, 2)
    elapsed, profile = daily_run.profile_warm(tmp_path / "articles", out, home)
    assert elapsed > 0
    assert any(h.function.startswith("summarizer.daily") for h in profile.ours)
    seconds, heavy = daily_run.import_times(isolated_env(tmp_path / "imports"), tmp_path / "l")
    assert seconds > 0 and heavy and all(" ms" in h for h in heavy)


def test_extractive_engine_reports_engine_and_pipeline_rates() -> None:
    section = extractive_engine.run(
        extractive_engine.Params(rounds=1, adversarial_rounds=1, generalisation=False)
    )
    values = section.values
    assert values["engine_articles_s"] > 0 and values["pipeline_articles_s"] > 0
    assert len(section.tables[0].rows) == 4
    assert section.targets[0].at_least


def test_eval_suite_runs_the_cli_on_the_cases_given(tmp_path: Path) -> None:
    for case in sorted(CASES.iterdir())[:2]:
        if case.is_dir():
            shutil.copytree(case, tmp_path / "cases" / case.name)
    section = eval_suite.run(eval_suite.Params(rounds=1, cases=tmp_path / "cases"))
    assert section.values["cases"] == len(list((tmp_path / "cases").iterdir()))
    assert section.values["scores"] == 1 and section.values["wall_s"] > 0


def test_prompt_economy_counts_everything_but_the_article() -> None:
    article = eval_articles()[0]
    body = prompt_economy.captured_request(article.text, "brief.v1", "tools")
    prompt = load_prompt("brief.v1")
    overhead = prompt_economy.overhead_of(body, load_article(article.text).text, prompt, "tools")
    assert overhead.system == overhead.ours  # tools mode leaves our system prompt alone
    assert overhead.schema.startswith('{"tools":') and '"extract_brief"' in overhead.schema
    assert article.text.strip()[:200] not in overhead.user
    assert overhead.chars < len(json.dumps(body))
    section = prompt_economy.run()
    assert section.values["largest"] == max(
        v for k, v in section.values.items() if k.startswith("chars_")
    )
    rows = section.tables[0].rows
    assert [(row[0], row[1]) for row in rows] == [
        (p.id, mode)
        for p in list_prompts()
        if p.id.startswith("brief.")
        for mode in ("tools", "json_schema", "json")
    ]
    json_row = rows[2]
    assert int(json_row[3].replace(",", "")) > 1000  # instructor pastes the schema in


def test_story_clustering_times_each_size_and_reports_quality_when_labelled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    section = story_clustering.run(story_clustering.Params(sizes=(4, 12), rounds=2))
    timing = section.tables[0]
    assert [row[0] for row in timing.rows] == ["4", "12"]
    assert 1 <= section.values["stories_4"] <= 4 and 1 <= section.values["stories_12"] <= 12
    assert section.values["ms_12"] > 0
    monkeypatch.setattr(story_clustering.story_eval, "default_corpus", lambda: tmp_path)
    without = story_clustering.run(story_clustering.Params(sizes=(4,), rounds=1))
    assert len(without.tables) == 1 and "not found" in without.notes[0]


# ---------------------------------------------------------------- the command


def test_the_command_writes_a_report_with_machine_targets_and_sections(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    assert main(["--quick", "--only", "prompt", "--only", "grounding", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks")
    for row in ("| CPU |", "| cores |", "| Python |", "| git commit |", "| date |"):
        assert row in text
    assert "## Targets" in text
    # sections keep the numbers and order, whatever --only says
    assert text.index("## 2. Grounding at scale") < text.index("## 7. Prompt economy")
    assert "100 items on a 100k-character article" in text


def test_every_benchmark_has_full_and_quick_parameters() -> None:
    for name, module in BENCHMARKS.items():
        assert module.TITLE, name
        assert isinstance(module.QUICK, module.Params), name
        assert callable(module.run), name


def test_prompt_economy_says_so_when_no_tokenizer_ships_offline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "bpe_openai", None)  # import fails
    count, note = prompt_economy.token_counter()
    assert count is None and "no offline tokenizer" in note
    section = prompt_economy.run(prompt_economy.Params(modes=("tools",)))
    assert section.tables[0].rows[0][-1] == "n/a"
    assert "no offline tokenizer" in section.method.lower()
