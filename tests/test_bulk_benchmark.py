"""The bulk benchmark at a tiny size: it runs every contender and reports what it
measured (no timing is asserted)."""

from __future__ import annotations

import math
import os

import pytest

from benchmarks import bulk_mode
from benchmarks.run import BENCHMARKS


@pytest.mark.slow
def test_the_bulk_benchmark_measures_one_and_two_workers_and_the_cluster() -> None:
    pytest.importorskip("distributed")
    section = bulk_mode.run(bulk_mode.Params(articles=40, rounds=1, batch_size=4))
    values = section.values
    assert values["articles"] == 40 and values["words"] > 40 * 100
    for key in ("local_1", "local_2", "dask_2"):
        assert values[f"{key}_steady_s"] > 0 and values[f"{key}_whole_s"] > 0
        assert values[f"{key}_parent_ms"] > 0 and values[f"{key}_workers_ms"] > 0
    assert math.isclose(values["scaling"], values["local_2_steady_s"] / values["local_1_steady_s"])
    (table,) = section.tables
    assert [row[0] for row in table.rows] == [
        "local pool, 1 worker",
        "local pool, 2 workers",
        "Dask LocalCluster, 2 workers",
    ]
    assert table.rows[0][3] == "1.00"
    assert [t.what for t in section.targets] == ["articles/s with 2 workers over 1 worker (steady)"]
    assert "Load average (1, 5, 15 min)" in section.notes[0]
    assert BENCHMARKS["bulk"] is bulk_mode


def test_the_steady_rate_leaves_out_start_up_and_stragglers() -> None:
    clock = bulk_mode._Clock()
    # 100 rows: nothing for 5 s (start-up), then 10 rows a second, then a slow last batch
    # and one worker (pid 7) using 5 clock ticks per row once it has started
    clock.marks = [(5.0 + i, 10 * (i + 1), {7: 100 + 50 * i}) for i in range(9)]
    clock.marks.append((30.0, 100, {7: 600}))
    assert clock.steady_rate(100) == pytest.approx((90 - 10) / (13.0 - 5.0))
    ticks = os.sysconf("SC_CLK_TCK")
    assert clock.workers_cpu_per_row(100) == pytest.approx((500 - 100) / ticks / 80)
