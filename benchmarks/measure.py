"""Shared timing and reporting helpers: repeated timings, targets, sections, BENCHMARKS.md.

Every benchmark returns a :class:`Section`: how it measured, a table of median
and spread over repeated runs, the targets it checks and the key figures as
plain numbers (``values``) so tests can assert on them.
"""

from __future__ import annotations

import cProfile
import math
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from summarizer.evals.summary import git_commit

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")

# --------------------------------------------------------------------- timing


@dataclass(frozen=True)
class Stats:
    """Repeated measurements of one figure: median and spread (min–max)."""

    samples: tuple[float, ...]

    @classmethod
    def of(cls, samples: Iterable[float]) -> Stats:
        values = tuple(samples)
        if not values:
            raise ValueError("no samples")
        return cls(values)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    def scaled(self, factor: float) -> Stats:
        return Stats(tuple(s * factor for s in self.samples))

    def show(self, digits: int = 2) -> str:
        """``median (min–max)``, or the one value when there is one run."""
        if len(self.samples) == 1:
            return f"{self.median:,.{digits}f}"
        return f"{self.median:,.{digits}f} ({self.low:,.{digits}f}\u2013{self.high:,.{digits}f})"


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Seconds ``fn()`` took, and what it returned."""
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def growth_exponent(small: float, large: float, x_small: float, x_large: float) -> float:
    """``k`` in ``time ∝ x^k`` between two points: 1.0 is linear growth."""
    return math.log(large / small) / math.log(x_large / x_small)


# ------------------------------------------------------------------ profiles

OWN_CODE = REPO / "summarizer"


@dataclass(frozen=True)
class Hotspot:
    """A function of ours, its share of the profiled time and its main caller."""

    function: str
    share: float
    caller: str


@dataclass(frozen=True)
class Profile:
    """cProfile's own time, each C call charged to the Python function that made it."""

    by_owner: dict[str, float]  # third-party package or module of ours -> share
    ours: list[Hotspot]  # our functions, most own time first
    calls: dict[tuple[str, str], int]  # (module of ours, function) -> times called

    def calls_to(self, module: str, function: str) -> int:
        return self.calls.get((module, function), 0)

    def owner_table(self, total_ms: float, rows: int = 8) -> Table:
        return Table(
            ["package or module (cProfile, own time)", "share", "≈ ms"],
            [
                [name, f"{share:.1%}", f"{share * total_ms:.2f}"]
                for name, share in list(self.by_owner.items())[:rows]
            ],
        )

    def hotspot_table(self, total_ms: float, rows: int = 8) -> Table:
        return Table(
            ["our functions with the most own time", "share", "≈ ms", "called mostly from"],
            [
                [f"`{h.function}`", f"{h.share:.1%}", f"{h.share * total_ms:.2f}", f"`{h.caller}`"]
                for h in self.ours[:rows]
            ],
        )


@contextmanager
def profiling() -> Iterator[list[Profile]]:
    """Profile the block; the :class:`Profile` is in the yielded list afterwards."""
    profiler = cProfile.Profile()
    box: list[Profile] = []
    profiler.enable()
    try:
        yield box
    finally:
        profiler.disable()
    box.append(_profile_of(profiler))


def _profile_of(profiler: cProfile.Profile) -> Profile:
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    spent: dict[tuple[str, int, str], float] = {}
    for where, (_, _, own, _, callers) in stats.items():
        if where[0].startswith("~"):
            for caller, timing in callers.items():
                spent[caller] = spent.get(caller, 0.0) + timing[2]
        else:
            spent[where] = spent.get(where, 0.0) + own
    total = sum(spent.values()) or 1.0
    owners: dict[str, float] = {}
    ours = []
    calls: dict[tuple[str, str], int] = {}
    for (filename, _, name), (_, ncalls, *_) in stats.items():
        key = (_owner(filename), name)
        calls[key] = calls.get(key, 0) + ncalls
    for where, seconds in spent.items():
        owner = _owner(where[0])
        owners[owner] = owners.get(owner, 0.0) + seconds / total
        if owner.startswith("summarizer."):
            caller = _main_caller(stats, where)
            ours.append(
                Hotspot(_label(where), seconds / total, _label(caller) if caller else "(top level)")
            )
    ours.sort(key=lambda h: -h.share)
    return Profile(dict(sorted(owners.items(), key=lambda kv: -kv[1])), ours, calls)


def _main_caller(
    stats: dict[Any, Any], where: tuple[str, int, str], depth: int = 3
) -> tuple[str, int, str] | None:
    """The Python function that spent the most time calling ``where`` (through C calls
    such as ``next()`` or ``sum()`` up to ``depth`` levels)."""
    callers = stats.get(where, (0, 0, 0, 0, {}))[4]
    if not callers:
        return None
    caller: tuple[str, int, str] = max(callers.items(), key=lambda kv: kv[1][3])[0]
    if caller[0].startswith("~") and depth > 0:
        return _main_caller(stats, caller, depth - 1) or caller
    return caller


def _owner(filename: str) -> str:
    path = Path(filename)
    if path.is_relative_to(OWN_CODE):
        parts = path.relative_to(OWN_CODE).with_suffix("").parts
        return ".".join(["summarizer", *(p for p in parts if p != "__init__")])
    if "site-packages" in path.parts:
        rest = path.parts[path.parts.index("site-packages") + 1 :]
        return rest[0].removesuffix(".py") if rest else "site-packages"
    if path.is_relative_to(REPO / "benchmarks"):
        return "the benchmark itself"
    return "Python standard library"


def _label(where: tuple[str, int, str]) -> str:
    filename, line, name = where
    owner = _owner(filename) if not filename.startswith("~") else "C"
    return f"{owner}:{line} {name}"


# ----------------------------------------------------------------- isolation


def isolated_env(home: Path) -> dict[str, str]:
    """This process's environment without summarizer/OpenAI settings, with the config
    and data folders under ``home``: what every measured run sees."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))}
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["SUMMARIZER_DATA_DIR"] = str(home / "data" / "summarizer")
    return env


@contextmanager
def isolated_environment(home: Path) -> Iterator[None]:
    """Run in-process benchmarks with :func:`isolated_env` (restored afterwards)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(isolated_env(home))
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


CLI_CODE = "from summarizer.cli import main; main()"
# The child writes its own peak RSS (VmHWM) on exit to the path given as its first argument.
# Not ru_maxrss: Linux carries the parent's RSS at fork over into the child's maximum.
_PEAK_WRAPPER = """
import atexit, sys
from pathlib import Path
_peak_file = Path(sys.argv.pop(1))
def _write_peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            _peak_file.write_text(line.split()[1])
atexit.register(_write_peak)
"""


@dataclass(frozen=True)
class CliRun:
    """One ``summarizer`` process: wall time, peak resident memory and its output."""

    wall_s: float
    peak_rss_mb: float
    stdout: str
    stderr: str


def run_cli(
    args: Sequence[str],
    env: dict[str, str],
    logs: Path,
    *,
    ok: Sequence[int] = (0,),
    python_flags: Sequence[str] = (),
    code: str = CLI_CODE,
) -> CliRun:
    """Run ``summarizer ARGS`` (or other Python ``code``) in a child process and measure it.

    Raises:
        RuntimeError: the exit code is not in ``ok`` (with the end of its stderr).
    """
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path, peak_path = (logs / n for n in ("stdout.txt", "stderr.txt", "peak.txt"))
    peak_path.unlink(missing_ok=True)
    command = [sys.executable, *python_flags, "-c", _PEAK_WRAPPER + code, str(peak_path), *args]
    with out_path.open("w") as out, err_path.open("w") as err:
        started = time.perf_counter()
        exit_code = subprocess.run(
            command, env=env, cwd=REPO, stdout=out, stderr=err, check=False
        ).returncode
        wall = time.perf_counter() - started
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    if exit_code not in ok:
        raise RuntimeError(
            f"`{code}` {' '.join(args[:2])} ... exited with {exit_code}: {stderr[-800:]}"
        )
    if not peak_path.is_file():
        raise RuntimeError("the child did not report its peak memory (needs Linux /proc)")
    peak_mb = int(peak_path.read_text()) / 1024
    return CliRun(wall, peak_mb, out_path.read_text(encoding="utf-8"), stderr)


# ------------------------------------------------------------------- results


@dataclass(frozen=True)
class Target:
    """One target of the issue, and the figure measured against it."""

    what: str
    limit: float
    measured: float
    unit: str = ""
    at_least: bool = False  # True: the measured figure must reach ``limit``

    @property
    def met(self) -> bool:
        return self.measured >= self.limit if self.at_least else self.measured <= self.limit

    def wanted(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {_number(self.limit)}{self.unit}"

    def got(self) -> str:
        return f"{_number(self.measured)}{self.unit}"

    def verdict(self) -> str:
        if self.met:
            return "met"
        if self.limit == 0:
            return f"missed by {_number(self.measured)}{self.unit}"
        off = abs(self.measured - self.limit) / self.limit
        return f"missed by {off:.0%}"


def _number(value: float) -> str:
    if value == int(value) and abs(value) >= 10:
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value else "0"


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]

    def markdown(self) -> str:
        lines = [
            "| " + " | ".join(self.headers) + " |",
            "|" + "|".join("---" for _ in self.headers) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


@dataclass
class Section:
    """What one benchmark found."""

    title: str
    method: str
    tables: list[Table]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)
    details: list[Table] = field(default_factory=list)  # shown after the notes

    def markdown(self, number: int) -> str:
        parts = [f"## {number}. {self.title}", self.method]
        parts += [t.markdown() for t in self.tables]
        if self.targets:
            parts.append(
                "\n".join(
                    f"- Target {t.what} {t.wanted()}: measured {t.got()}, **{t.verdict()}**."
                    for t in self.targets
                )
            )
        parts += self.notes
        parts += [t.markdown() for t in self.details]
        return "\n\n".join(parts)


# ------------------------------------------------------------------- machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_table() -> Table:
    """CPU, cores, Python, libraries, date and git commit of this run."""
    commit = git_commit(REPO) or "not a git checkout"
    status = subprocess.run(
        ["git", "--no-optional-locks", "status", "--porcelain"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if status.returncode == 0 and status.stdout.strip():
        commit += " (with uncommitted changes)"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    libraries = ", ".join(
        f"{name} {_version(name)}"
        for name in ("openai", "instructor", "pydantic", "httpx2", "rapidfuzz")
    )
    rows = [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("git commit", commit),
        ("CPU", cpu_model()),
        ("cores", f"{usable} usable of {os.cpu_count()}"),
        (
            "Python",
            f"{platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.release()}",
        ),
        ("libraries", libraries),
    ]
    return Table(["machine", "this run"], [list(r) for r in rows])


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def render(sections: Sequence[tuple[int, Section]], *, quick: bool, elapsed_s: float) -> str:
    """The whole BENCHMARKS.md from numbered sections."""
    mode = (
        "`python -m benchmarks --quick` (small sizes: a smoke test, not the reference figures)"
        if quick
        else "`python -m benchmarks`"
    )
    targets = [(n, s, t) for n, s in sections for t in s.targets]
    summary = Table(
        ["#", "benchmark", "target", "measured (median)", "verdict"],
        [[str(n), s.title, f"{t.what} {t.wanted()}", t.got(), t.verdict()] for n, s, t in targets],
    )
    parts = [
        "# Benchmarks",
        f"Generated by {mode} in {elapsed_s:.0f} s. Every figure below comes from that run; "
        "do not edit this file by hand, run the command again. Figures are the median over "
        "repeated runs with the spread (min\u2013max) in brackets.",
        machine_table().markdown(),
        "## Targets",
        summary.markdown(),
        *[s.markdown(n) for n, s in sections],
    ]
    return "\n\n".join(parts) + "\n"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
