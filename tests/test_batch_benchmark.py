"""The batch cost benchmark at a small size: same tokens on both paths, the batch price."""

from __future__ import annotations

import pytest

from benchmarks import batch_cost
from benchmarks.run import BENCHMARKS


def test_batch_cost_compares_both_paths_at_the_same_tokens() -> None:
    section = batch_cost.run(batch_cost.QUICK)
    values = section.values
    assert values["batches"] == 1 and values["tokens_per_article"] > 1000
    assert values["ratio"] == pytest.approx(0.5, abs=1e-4)
    assert values["batch_cost_per_1000"] == pytest.approx(
        values["sync_cost_per_1000"] / 2, rel=1e-3
    )
    (table,) = section.tables
    sync, batch = table.rows
    assert sync[1:4] == batch[1:4]  # prompt, completion tokens and requests per 1,000 articles
    assert [t.met for t in section.targets] == [True]
    assert BENCHMARKS["batch"] is batch_cost
