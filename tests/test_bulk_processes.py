"""Bulk runs as real processes: killed with SIGKILL mid-run and resumed, and on a
Dask cluster (a ``LocalCluster`` of two worker processes on 127.0.0.1)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from fakes.bulk import BAD_LINES, comparable, extractive, rows_of, run, write_archive
from fakes.processes import started, wait_for

from benchmarks.bulk_mode import descendants

ARTICLES = 2_000


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its parent does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@pytest.mark.slow
def test_a_run_killed_with_sigkill_resumes_and_writes_each_id_exactly_once(
    tmp_path: Path,
) -> None:
    articles = write_archive(tmp_path / "in.jsonl", ARTICLES)
    out = tmp_path / "out.jsonl"
    args = [
        "bulk",
        str(tmp_path / "in.jsonl"),
        "--out",
        str(out),
        "--provider",
        "extractive",
        "--workers",
        "2",
        "--batch-size",
        "16",
        "--quiet",
    ]
    with started(args, {}) as proc:
        wait_for(lambda: line_count(out) >= 300, "rows from the first run", timeout=120)
        workers = descendants(proc.pid)
        assert len(workers) >= 2  # the pool's processes (and the fork server)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        # the pool's processes notice that the run is gone and end by themselves
        wait_for(
            lambda: not any(alive(pid) for pid in workers),
            "the workers to exit",
            timeout=30,
        )
    first = out.read_bytes()
    complete = first[: first.rfind(b"\n") + 1]
    assert 300 <= complete.count(b"\n") < ARTICLES + len(BAD_LINES)

    with started(args, {}) as proc:
        _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stderr  # the bad lines are error rows
    done_before = complete.count(b"\n")
    assert f"resuming: {done_before:,} records already have a row" in stderr
    assert out.read_bytes().startswith(complete)

    rows = rows_of(out)
    lines = [r["line"] for r in rows]
    assert len(lines) == len(set(lines)) == ARTICLES + len(BAD_LINES)
    ids = [r["id"] for r in rows if r["id"] is not None]
    assert len(ids) == len(set(ids))
    briefs = {r["id"] for r in rows if "brief" in r}
    assert briefs == {a["id"] for a in articles}


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_briefs_as_the_local_pool(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    write_archive(tmp_path / "in.jsonl", 60)
    local = run(tmp_path / "in.jsonl", tmp_path / "local.jsonl", workers=2, batch_size=8)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        on_dask = run_on(cluster.scheduler_address, tmp_path)
    assert (on_dask.briefs, on_dask.errors) == (local.briefs, local.errors) == (60, 4)

    def by_line(path: Path) -> dict[int, object]:
        return {r["line"]: comparable(r["brief"]) if "brief" in r else r for r in rows_of(path)}

    assert by_line(tmp_path / "dask.jsonl") == by_line(tmp_path / "local.jsonl")


def run_on(scheduler: str, tmp_path: Path) -> object:
    from summarizer.bulk import BulkOptions, run_bulk

    return run_bulk(
        tmp_path / "in.jsonl",
        tmp_path / "dask.jsonl",
        extractive(),
        BulkOptions(scheduler=scheduler, batch_size=8),
    )


def test_an_unreachable_dask_scheduler_is_a_configuration_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from summarizer.bulk.executors import DaskCluster
    from summarizer.errors import ConfigError

    with pytest.raises(ConfigError, match="cannot connect to the Dask scheduler at tcp://127"):
        DaskCluster(extractive(), "tcp://127.0.0.1:9", timeout=2)
