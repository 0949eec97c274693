"""``summarizer eval`` as users run it: reports on disk, the gate's exit codes, fault injection.

The model is a fake OpenAI-compatible server on 127.0.0.1 that answers each
case with its gold brief (perfect), or with the gold brief degraded.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import REPO
from rich.console import Console
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config import Settings, load_settings
from summarizer.evals.cases import Case, discover_cases, extraction_of, gold_brief
from summarizer.evals.command import EvalOptions, evaluate
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply, Responder, completion_body
from summarizer.evals.oracle import gold_responder
from summarizer.evals.report import ProgressReport
from summarizer.evals.runner import CaseRun, Variant
from summarizer.prompts import load_prompt
from summarizer.providers import ExtractionRequest, ExtractionResult, Provider, make_provider
from summarizer.schema import Extraction

CASES = REPO / "evals" / "cases"
TWO = ["--cases", "news-asylum", "--cases", "interview-daly"]


def perfect(case: Case, feedback: str) -> Extraction:
    return extraction_of(gold_brief(case))


def without_quotes(case: Case, feedback: str) -> Extraction:
    return perfect(case, feedback).model_copy(update={"quotes": []})


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return discover_cases(CASES)


@pytest.fixture
def serve(cases: list[Case]) -> Iterator[Callable[[Responder], str]]:
    servers: list[FakeOpenAIServer] = []

    def start(responder: Responder) -> str:
        servers.append(FakeOpenAIServer(responder, lifetime=120).start())
        return servers[-1].url

    yield start
    for server in servers:
        server.stop()


def run_eval(args: list[str], base_url: str, **env: str) -> Any:
    environment = {
        "OPENAI_API_KEY": "sk-test-eval",
        "OPENAI_BASE_URL": base_url,
        "SUMMARIZER_RETRY_MAX_WAIT": "0.01",
        **env,
    }
    return CliRunner().invoke(app, ["eval", *args], env=environment, catch_exceptions=False)


def load_report(out: Path) -> dict[str, Any]:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_reports_of_a_perfect_model(
    serve: Callable[[Responder], str], cases: list[Case], tmp_path: Path
) -> None:
    url = serve(gold_responder(cases, perfect))
    out = tmp_path / "report"
    result = run_eval([*TWO, "--out", str(out)], url)
    assert result.exit_code == 0, result.output
    # Not a terminal: one plain line per case while running, Markdown tables after.
    assert re.search(r"\[1/2\] \S+ \[brief\.v2\] headline 1\.000", result.stderr)
    assert "| news-asylum | 1.00/1.00/1.00 | 1.00/1.00/1.00 | 1.00 |" in result.stdout
    assert "## Overall (2 cases)" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]
    data = load_report(out)
    variant = data["variants"][0]
    assert (variant["provider"], variant["prompt_id"], variant["score"]) == (
        "openai",
        "brief.v2",
        1.0,
    )
    asylum = next(c for c in variant["cases"] if c["id"] == "news-asylum")
    run = asylum["runs"][0]
    assert run["schema_valid"] and run["grounding_rate"] == 1.0 and run["attempts"] == 1
    assert run["tokens"] > 0 and run["cost_usd"] > 0
    quotes = run["fields"]["quotes"]
    assert [p["gold"]["speaker"] for p in quotes["pairs"]] == ["Najib Razak", "Jeff Rathke"]
    assert quotes["misses"] == [] and quotes["false_positives"] == []
    assert len(run["fields"]["claims"]["pairs"]) == 11
    assert (
        run["brief"]["article"]["title"] == "Over 900 asylum seekers rescued off Indonesian coast"
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<style>" in html and "<script" not in html
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", html)
    assert "We urge the governments of the region" in html


def test_misses_and_false_positives_are_marked(
    serve: Callable[[Responder], str], cases: list[Case], tmp_path: Path
) -> None:
    def wrong(case: Case, feedback: str) -> Extraction:
        # Grounding cannot see a wrong unit: the text and value are in the article.
        answer = perfect(case, feedback)
        numbers = [
            n.model_copy(update={"unit": "boats"}) if n.text == "8000" else n
            for n in answer.numbers
        ]
        return answer.model_copy(update={"numbers": numbers})

    url = serve(gold_responder(cases, wrong))
    out = tmp_path / "report"
    result = run_eval(["--cases", "news-asylum", "--out", str(out)], url)
    assert result.exit_code == 0, result.output
    numbers = load_report(out)["variants"][0]["cases"][0]["runs"][0]["fields"]["numbers"]
    assert numbers["misses"] == [
        {"text": "8000", "value": 8000, "unit": "migrants", "spans": [[1982, 1986]]}
    ]
    assert [fp["unit"] for fp in numbers["false_positives"]] == ["boats"]
    assert numbers["precision"] == numbers["recall"] == 0.8
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "  - missed: 8000 (migrants)" in md
    assert "  - false positive: 8000 (boats)" in md
    assert "news-asylum numbers (missed): 8000 = 8000 migrants" in md
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<span class='mark miss'>miss</span>8000 = 8000 migrants" in html
    assert "<span class='mark fp'>extra</span><a href='#c0-f4'>8000 = 8000 boats</a>" in html
    assert "<a id='c0-f4'></a><span class='p-evidence p-num'>8000</span>" in html
    assert "<li class='miss'>news-asylum · numbers (missed): 8000 = 8000 migrants</li>" in html


def test_the_gate_passes_an_equal_run_and_fails_a_worse_one(
    serve: Callable[[Responder], str], cases: list[Case], tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    good = serve(gold_responder(cases, perfect))
    saved = run_eval([*TWO, "--save-baseline", str(baseline), "--out", str(tmp_path / "a")], good)
    assert saved.exit_code == 0, saved.output
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert (data["provider"], data["model"], data["prompt_id"]) == (
        "openai",
        "gpt-4o-mini",
        "brief.v2",
    )
    assert len(data["prompt_sha256"]) == 64 and "git_commit" in data
    assert set(data["cases"]) == {"news-asylum", "interview-daly"}
    assert data["cases"]["news-asylum"]["fields"]["quotes"]["strict_f1"] == 1.0

    same = run_eval([*TWO, "--baseline", str(baseline), "--out", str(tmp_path / "b")], good)
    assert same.exit_code == 0, same.output
    assert "regression gate: PASSED" in same.stdout

    worse = serve(gold_responder(cases, without_quotes))
    failed = run_eval([*TWO, "--baseline", str(baseline), "--out", str(tmp_path / "c")], worse)
    assert failed.exit_code == 1, failed.output
    out = failed.stdout
    assert "regression gate: FAILED, 3 regressions" in out
    # Without quotes the strict quote F1 (weight 0.3) falls from 1 to 0 in both cases.
    assert (
        "regressed: news-asylum: headline 1.000 -> 0.700 (-0.300, a drop of more than 0.10)" in out
    )
    assert "regressed: interview-daly: headline 1.000 -> 0.700" in out
    assert "regressed: mean headline delta -0.300 over 2 cases, 95% CI [-0.300, -0.300]" in out
    gate = load_report(tmp_path / "c")["gate"]
    assert gate["passed"] is False and len(gate["regressions"]) == 3
    assert "Regression gate: FAILED" in (tmp_path / "c" / "report.md").read_text(encoding="utf-8")


def test_a_missing_baseline_is_exit_2(tmp_path: Path) -> None:
    result = run_eval(
        ["--cases", "news-asylum", "--baseline", str(tmp_path / "nope.json")],
        "http://127.0.0.1:9/v1",
    )
    assert result.exit_code == 2
    assert "baseline not found" in result.stderr


def test_two_prompts_show_paired_deltas(
    serve: Callable[[Responder], str], cases: list[Case], tmp_path: Path
) -> None:
    prompts = tmp_path / "prompts" / "brief.v2"
    prompts.mkdir(parents=True)
    for name in ("system.j2", "user.j2"):
        source = (REPO / "prompts" / "brief.v1" / name).read_text(encoding="utf-8")
        (prompts / name).write_text(
            source + ("\nPROMPT V2" if name == "system.j2" else ""), encoding="utf-8"
        )
    good, bad = gold_responder(cases, perfect), gold_responder(cases, without_quotes)

    def by_prompt(request: dict[str, Any]) -> Reply:
        system = request["messages"][0]["content"]
        return bad(request) if "PROMPT V2" in system else good(request)

    url = serve(by_prompt)
    out = tmp_path / "report"
    result = run_eval(
        [*TWO, "--prompt", "brief.v1", "--prompt", "brief.v2", "--out", str(out)],
        url,
        SUMMARIZER_PROMPTS_DIR=str(tmp_path / "prompts"),
    )
    assert result.exit_code == 0, result.output
    assert "## Paired deltas: brief.v2 vs brief.v1" in result.stdout
    assert "| news-asylum | 1.000 | 0.700 | -0.300 |" in result.stdout
    data = load_report(out)
    assert [v["prompt_id"] for v in data["variants"]] == ["brief.v1", "brief.v2"]
    comparison = data["comparisons"][0]
    assert comparison["mean_delta"] == pytest.approx(-0.3)
    assert [c["delta"] for c in comparison["cases"]] == pytest.approx([-0.3, -0.3])


def test_repeats_report_mean_and_spread(
    serve: Callable[[Responder], str], cases: list[Case], tmp_path: Path
) -> None:
    calls = {"n": 0}
    good, bad = gold_responder(cases, perfect), gold_responder(cases, without_quotes)

    def alternate(request: dict[str, Any]) -> Reply:
        calls["n"] += 1
        return good(request) if calls["n"] % 2 else bad(request)

    url = serve(alternate)
    out = tmp_path / "report"
    result = run_eval(
        ["--cases", "news-asylum", "--repeat", "2", "--concurrency", "1", "--out", str(out)], url
    )
    assert result.exit_code == 0, result.output
    assert calls["n"] == 2  # each repeat is its own request, not a cache hit
    case = load_report(out)["variants"][0]["cases"][0]
    assert [r["headline"] for r in case["runs"]] == pytest.approx([1.0, 0.7])
    assert case["headline"] == pytest.approx(0.85)
    assert case["headline_sd"] == pytest.approx(0.2121320, abs=1e-6)  # stdev of 1.0 and 0.7
    assert "0.850 ± 0.212" in result.stdout


def test_a_case_the_model_fails_scores_zero_and_says_why(
    serve: Callable[[Responder], str], cases: list[Case], tmp_path: Path
) -> None:
    good = gold_responder(cases, perfect)
    cut = []

    def cut_off_daly(request: dict[str, Any]) -> Reply:
        if "Marymegan" in json.dumps(request["messages"]):  # in the title: every part is cut
            cut.append(request)
            return Reply(200, completion_body('{"summary": "Cold', finish_reason="length"))
        return good(request)

    out = tmp_path / "report"
    result = run_eval([*TWO, "--out", str(out)], serve(cut_off_daly))
    assert result.exit_code == 0, result.output
    assert "interview-daly [brief.v2] failed: NoValidOutputError" in result.stderr
    variant = load_report(out)["variants"][0]
    daly = next(c for c in variant["cases"] if c["id"] == "interview-daly")
    run = daly["runs"][0]
    assert run["headline"] == 0.0 and run["schema_valid"] is False
    assert "cut off at max_output_tokens" in run["error"]
    # The article was halved until too short to halve; every cut-off call was paid for.
    assert len(cut) > 3 and run["tokens"] == 1500 * len(cut) and run["cost_usd"] > 0
    assert variant["score"] == pytest.approx(0.5)  # news-asylum 1.0, interview-daly 0.0
    assert "Failed: NoValidOutputError" in (out / "report.md").read_text(encoding="utf-8")


def test_a_terminal_gets_a_progress_bar(cases: list[Case]) -> None:
    stream = io.StringIO()
    terminal = Console(file=stream, force_terminal=True, width=120)
    case = next(c for c in cases if c.id == "news-asylum")
    variant = Variant("brief.v1", load_settings(provider="extractive"), load_prompt("brief.v1"))
    with ProgressReport(terminal, 2) as progress:
        progress(variant, case, CaseRun(case.id, 0))
        progress(variant, case, CaseRun(case.id, 1, error="NoValidOutputError: gave up"))
    shown = stream.getvalue()
    assert "━━━" in shown and "2/2" in shown
    assert "news-asylum [brief.v1] failed: NoValidOutputError: gave up" in shown
    assert "[1/2]" not in shown  # the plain log lines are for pipes and CI


def test_bad_option_combinations_are_usage_errors() -> None:
    for args in (
        ["--record", "a", "--replay", "b"],
        ["--prompt", "brief.v1", "--prompt", "brief.v1", "--save-baseline", "x.json"],
        ["--fault-injection", "--model", "m"],
        ["--delta", "2"],
        ["--prompt", "brief.v99"],
    ):
        result = run_eval(["--cases", "news-asylum", *args], "http://127.0.0.1:9/v1")
        assert result.exit_code == 2, (args, result.output)
        assert "error:" in result.stderr


def test_fault_injection_shows_what_grounding_and_repairs_buy(tmp_path: Path) -> None:
    out = tmp_path / "faults"
    result = CliRunner().invoke(
        app,
        ["eval", "--fault-injection", "--cases", "news-asylum", "--out", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "## Fault injection: raw perturbed answer vs final brief" in result.stdout
    assert "## Paired deltas: oracle vs oracle-with-faults" in result.stdout
    report = load_report(out)
    # The unperturbed oracle loses nothing through the pipeline.
    assert [(v["label"], v["prompt_id"]) for v in report["variants"]] == [
        ("oracle-with-faults", "brief.v2"),
        ("oracle", "brief.v2"),
    ]
    clean = report["variants"][1]["cases"][0]["runs"][0]
    assert clean["headline"] == 1.0 and clean["attempts"] == 1
    case = report["fault_injection"]["cases"][0]
    assert [f["kind"] for f in case["faults"]] == [
        "paraphrased quote",
        "invented quote",
        "misattributed speaker",
        "number not in the article",
        "source not among the actors",
    ]
    raw, final = case["raw"], case["final"]
    # Raw: 3 quotes sent (paraphrased, invented, misattributed) for 2 gold quotes; only the
    # misattributed one is in the article, with the wrong speaker. 6 figures for 5.
    assert raw["quotes"]["precision"] == pytest.approx(1 / 3)
    assert raw["quotes"]["recall"] == pytest.approx(1 / 2)
    assert raw["quotes"]["strict_f1"] == 0.0
    assert raw["numbers"]["precision"] == pytest.approx(5 / 6)
    assert raw["grounding_rate"] == pytest.approx(6 / 9)
    assert raw["headline"] == pytest.approx(0.3 + 0.2 + 0.2 * (10 / 11))
    # Final: one repair request fixed everything grounding caught, the swapped speaker too
    # (the article names the speaker: Jeff Rathke, …, said, "…"); the invented items the
    # model withdrew are named in warnings.
    assert final["attempts"] == 2
    assert [w.split(" (")[0] for w in final["warnings"]] == [
        "dropped quotes[2]",
        "dropped numbers[5]",
    ]
    assert final["quotes"]["precision"] == final["quotes"]["recall"] == 1.0
    assert final["quotes"]["speaker_accuracy"] == 1.0
    assert final["numbers"]["precision"] == 1.0 and final["grounding_rate"] == 1.0
    assert final["headline"] == 1.0


def test_the_extractive_provider_runs_every_case(tmp_path: Path) -> None:
    out = tmp_path / "extractive"
    result = CliRunner().invoke(
        app, ["eval", "--provider", "extractive", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    variant = load_report(out)["variants"][0]
    assert variant["provider"] == "extractive"
    assert len(variant["cases"]) == len(discover_cases(CASES))
    for case in variant["cases"]:
        assert case["errors"] == [], case["id"]
        assert case["schema_valid"] and case["grounding_rate"] == 1.0, case["id"]
    assert 0 < variant["score"] < 1
    assert (out / "report.html").stat().st_size > 10_000


class Worsened(Provider):
    """Another provider's extraction without its quotes and with every other figure."""

    def __init__(self, inner: Provider):
        self.inner = inner
        self.name = inner.name  # type: ignore[misc]
        self.model = inner.model

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        result = await self.inner.extract(request)
        worse = result.extraction.model_copy(
            update={"quotes": [], "numbers": result.extraction.numbers[::2]}
        )
        return dataclasses.replace(result, extraction=worse)


def test_a_worsened_extractor_fails_the_gate(tmp_path: Path) -> None:
    settings: Settings = load_settings(provider="extractive")
    quiet = Console(file=io.StringIO(), width=200)
    options = EvalOptions(
        cases_dir=CASES,
        patterns=("news-*",),
        out=tmp_path / "base",
        save_baseline=tmp_path / "extractive.json",
    )
    assert evaluate(settings, options, console=quiet, err=quiet).exit_code == 0

    shown = io.StringIO()
    checked = dataclasses.replace(
        options, save_baseline=None, baseline=tmp_path / "extractive.json", out=tmp_path / "worse"
    )
    outcome = evaluate(
        settings,
        checked,
        console=Console(file=shown, width=200),
        err=quiet,
        provider_factory=lambda s: Worsened(make_provider(s)),
    )
    assert outcome.exit_code == 1
    text = shown.getvalue()
    assert "regression gate: FAILED" in text
    assert "worse overall (the upper bound is below 0)" in text
    drops = re.findall(r"regressed: (news-\S+): headline (\d\.\d+) -> (\d\.\d+)", text)
    assert drops, text
    for _, before, after in drops:
        assert float(before) - float(after) > 0.10
