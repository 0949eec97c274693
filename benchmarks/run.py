"""Run the benchmarks and write BENCHMARKS.md (``python -m benchmarks --help``)."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from summarizer.files import atomic_write_text

from . import (
    batch_cost,
    bulk_mode,
    client_cpu,
    concurrency,
    daily_run,
    eval_suite,
    extractive_engine,
    grounding_scale,
    mutation,
    pipeline_overhead,
    prompt_economy,
    story_clustering,
)
from .measure import REPO, Section, isolated_environment, progress, render

# In the order; each module has TITLE, Params, QUICK and run(params) -> Section.
BENCHMARKS: dict[str, ModuleType] = {
    "overhead": pipeline_overhead,
    "grounding": grounding_scale,
    "concurrency": concurrency,
    "daily": daily_run,
    "extractive": extractive_engine,
    "eval": eval_suite,
    "prompt": prompt_economy,
    "stories": story_clustering,
    "bulk": bulk_mode,
    "batch": batch_cost,
    "workers": client_cpu,
}


def run_benchmarks(names: Sequence[str], *, quick: bool) -> list[tuple[int, Section]]:
    """Run ``names`` (keys of :data:`BENCHMARKS`) with their full or quick parameters, each
    numbered as in the issue, in an environment without the user's settings."""
    order = list(BENCHMARKS)
    sections = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-home-") as home,
        isolated_environment(Path(home)),
    ):
        for i, name in enumerate(names, 1):
            module = BENCHMARKS[name]
            progress(f"[{i}/{len(names)}] {module.TITLE} ...")
            started = time.perf_counter()
            section = module.run(module.QUICK if quick else module.Params())
            progress(f"    done in {time.perf_counter() - started:.1f} s")
            sections.append((order.index(name) + 1, section))
    return sections


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure the summarizer's overhead, scale and cost; write BENCHMARKS.md.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and single runs: a check that every benchmark works",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=list(BENCHMARKS),
        metavar="NAME",
        help=f"run only this one (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "BENCHMARKS.md",
        help="where to write the report (default: BENCHMARKS.md at the repo root)",
    )
    args = parser.parse_args(argv)
    names = [name for name in BENCHMARKS if name in (args.only or BENCHMARKS)]
    started = time.perf_counter()
    sections = run_benchmarks(names, quick=args.quick)
    report = render(sections, quick=args.quick, elapsed_s=time.perf_counter() - started)
    if args.out.exists() and (kept := mutation.kept_section(args.out.read_text("utf-8"))):
        report += "\n" + kept + "\n"  # written by benchmarks/mutation.py, not rerun here
    atomic_write_text(args.out, report)
    for number, section in sections:
        for target in section.targets:
            print(
                f"{number}. {section.title}: {target.what} {target.wanted()}: "
                f"{target.got()} ({target.verdict()})"
            )
    print(f"wrote {args.out}")
    return 0
