"""The client CPU benchmark at a small size: every contender measured, ceilings from CPU."""

from __future__ import annotations

import pytest

from benchmarks import client_cpu
from benchmarks.concurrency import grounded_articles
from benchmarks.run import BENCHMARKS
from summarizer.align import ArticleIndex
from summarizer.extractive import extract
from summarizer.grounding import ground


def test_client_cpu_measures_the_bare_call_and_the_pipeline_in_and_out_of_process() -> None:
    params = client_cpu.Params(articles=8, concurrency=4, workers=(0, 2), rounds=1)
    section = client_cpu.run(params)
    values = section.values
    for key in ("bare", "pipeline_0", "pipeline_2"):
        assert values[f"{key}_cpu_ms"] > 0 and values[f"{key}_rate"] > 0
        assert values[f"{key}_ceiling"] == pytest.approx(
            min(1 if key != "pipeline_2" else 2, client_cpu._cores())
            * 1000
            / values[f"{key}_cpu_ms"]
        )
    assert values["pipeline_over_bare"] > 1  # the pipeline does more than the call it makes
    (table,) = section.tables
    assert [row[0] for row in table.rows] == [
        "bare `openai` call, this process",
        "pipeline, this process",
        "pipeline, 2 worker processes",
    ]
    assert BENCHMARKS["workers"] is client_cpu


def test_benchmark_articles_need_no_repair() -> None:
    texts = grounded_articles(5)
    assert len(set(texts)) == 5
    assert all(not ground(extract(t), ArticleIndex(t)).problems for t in texts)
