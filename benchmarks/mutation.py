"""Mutation testing of the grounding rules, the number reader, the chunk merge and the chunker.

``python benchmarks/mutation.py`` (or ``python -m benchmarks.mutation``) needs mutmut
(``pip install -e '.[mutation]'``). For each module of :data:`TARGETS` it copies the
repository to a scratch folder, lets mutmut mutate that module alone (mutmut mutates
code inside functions: comparison, arithmetic and boolean operators, numbers, strings,
``break``/``continue``, arguments, assignments) and run, against each mutant, those of
the module's tests that reach the mutated function. mutmut leaves module-level
constants alone, so a second pass here replaces each numeric module-level constant
(``CLAIM_MIN_SUPPORT = 0.34``) with 0 and with its value plus one, one at a time, and
runs the module's tests on each with a time limit.

A mutant is killed when a test fails or the tests time out on it. A survivor that no
test can kill, because the mutation does not change what the code does, is listed in
:data:`EQUIVALENT` with the reason; every other survivor is a gap in the tests. The
report is the "Mutation testing" section of BENCHMARKS.md, written in place (the
other sections are left as they are); the command exits 1 when a module's score is
under :data:`TARGET` or a survivor is neither killed nor explained.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 0.90
HEADING = "## Mutation testing"
COPIED = ("summarizer", "tests", "prompts", "evals", "schemas", "benchmarks", "pyproject.toml")

# The grounding rules' own tables; the gold-brief, repair and pipeline tests also reach
# these modules but take seconds per mutant, which the machine's two cores cannot afford.
_GROUNDING_TESTS = (
    "tests/test_grounding.py",
    "tests/test_grounding_rules.py",
    "tests/test_grounding_table.py",
    "tests/test_grounding_units.py",
    "tests/test_grounding_speakers.py",
    "tests/test_grounding_quotes.py",
    "tests/test_grounding_actors.py",
    "tests/test_grounding_claims.py",
    "tests/test_grounding_figures.py",
    "tests/test_grounding_actor_merges.py",
    "tests/test_grounding_claim_rules.py",
    "tests/test_grounding_quote_rules.py",
    "tests/test_grounding_speaker_rules.py",
)

# The module mutated, and the tests run against its mutants (smallest modules first).
TARGETS: dict[str, tuple[str, ...]] = {
    "summarizer/chunking.py": ("tests/test_chunking.py",),
    "summarizer/quantities.py": ("tests/test_quantities.py",),
    "summarizer/assemble.py": ("tests/test_assemble.py", "tests/test_grounding.py"),
    "summarizer/grounding/model.py": (*_GROUNDING_TESTS, "tests/test_assemble.py"),
    "summarizer/grounding/__init__.py": _GROUNDING_TESTS,
    "summarizer/grounding/speakers.py": _GROUNDING_TESTS,
    "summarizer/grounding/quotes.py": _GROUNDING_TESTS,
    "summarizer/grounding/actors.py": _GROUNDING_TESTS,
    "summarizer/grounding/claims.py": _GROUNDING_TESTS,
    "summarizer/grounding/figures.py": _GROUNDING_TESTS,
}

# Survivors that no test can kill, each with why the mutant does what the original does:
# mutation_equivalent.json beside this file, keyed by module, function, the line above the
# change and the changed lines before and after (compared without surrounding blanks).
EQUIVALENT: dict[tuple[str, str, str, str, str], str] = {
    (row["module"], row["function"], row["above"], row["before"], row["after"]): row["why"]
    for row in json.loads((Path(__file__).with_name("mutation_equivalent.json")).read_text("utf-8"))
}

_KILLED = {"killed", "timeout", "segfault", "caught by type check"}
_MUTMUT_STATUS = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    37: "caught by type check",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    -11: "segfault",
    -9: "segfault",
}


@dataclass(frozen=True)
class Mutant:
    """One mutant of a module: its name, the function it changes, the changed lines (before
    and after) with the line above them, and what the tests did with it."""

    name: str
    function: str
    above: str
    before: str
    after: str
    status: str

    @property
    def killed(self) -> bool:
        return self.status in _KILLED

    def key(self, module: str) -> tuple[str, str, str, str, str]:
        return (module, self.function, self.above, self.before, self.after)


@dataclass
class ModuleResult:
    """The mutants of one module and how long they took."""

    module: str
    tests: tuple[str, ...]
    mutants: list[Mutant] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, *statuses: str) -> int:
        return sum(m.status in statuses for m in self.mutants)

    @property
    def killed(self) -> int:
        return sum(m.killed for m in self.mutants)

    def equivalent(self) -> list[Mutant]:
        return [m for m in self.survivors() if m.key(self.module) in EQUIVALENT]

    def survivors(self) -> list[Mutant]:
        return [m for m in self.mutants if not m.killed]

    def unexplained(self) -> list[Mutant]:
        return [m for m in self.survivors() if m.key(self.module) not in EQUIVALENT]

    @property
    def kill_rate(self) -> float:
        return self.killed / len(self.mutants) if self.mutants else 1.0

    @property
    def score(self) -> float:
        """Killed over the mutants a test could kill (all but the equivalent ones)."""
        killable = len(self.mutants) - len(self.equivalent())
        return self.killed / killable if killable else 1.0


# ------------------------------------------------------------------ the scratch copy


def scratch_copy(into: Path) -> Path:
    """The parts of the repository the tests need, copied to ``into``."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants", ".pytest_cache")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=skip)
        else:
            shutil.copy2(source, into / name)
    return into


def configure_mutmut(root: Path, module: str, tests: Sequence[str]) -> None:
    """Append the ``[tool.mutmut]`` table mutating ``module`` alone, tested by ``tests``."""
    extra = [p for p in COPIED if p not in ("summarizer", "tests", "pyproject.toml")]
    table = "\n".join(
        [
            "",
            "[tool.mutmut]",
            'source_paths = ["summarizer/"]',
            f"only_mutate = {json.dumps([module])}",
            f"also_copy = {json.dumps([p + '/' for p in extra])}",
            f"pytest_add_cli_args_test_selection = {json.dumps(list(tests))}",
            'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]',
            "use_git_change_detection = false",
            # Fork each mutant from a server that has collected the tests but run none: a
            # mutant forked from the process that ran them would inherit its lru_caches
            # (grounding caches polarity) and never run the mutated code on those inputs.
            'process_isolation = "forkserver"',
            "",
        ]
    )
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(table)


def clean_env() -> dict[str, str]:
    """This environment without the user's settings for the summarizer and OpenAI."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))}


# ------------------------------------------------------------------ the mutmut pass


def run_mutmut(root: Path, module: str, tests: Sequence[str], workers: int, log: Path) -> None:
    configure_mutmut(root, module, tests)
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(workers)]
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            command, cwd=root, env=clean_env(), stdout=out, stderr=subprocess.STDOUT, check=False
        )
    if done.returncode != 0:
        raise RuntimeError(f"mutmut failed on {module} (exit {done.returncode}); see {log}")


def _functions(source: str) -> dict[str, list[str]]:
    """Top-level and class-level functions of mutmut's rewritten module, by name, as lines."""
    lines = source.splitlines()
    found: dict[str, list[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name:
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            found[node.name] = lines[start - 1 : node.end_lineno]
    return found


def _changed_line(original: list[str], mutated: list[str]) -> tuple[str, str, str]:
    """The lines the mutant changes, before and after, and the line above them (all
    stripped; that line tells apart two changes of one argument line in two calls)."""
    opcodes = difflib.SequenceMatcher(None, original, mutated, autojunk=False).get_opcodes()
    changed = [op for op in opcodes if op[0] != "equal"]
    before = " ".join(original[i].strip() for _, i1, i2, _, _ in changed for i in range(i1, i2))
    after = " ".join(mutated[j].strip() for _, _, _, j1, j2 in changed for j in range(j1, j2))
    first = changed[0][1] if changed else 0
    above = next((line.strip() for line in reversed(original[:first]) if line.strip()), "")
    return above, before, after


def _readable(mangled: str) -> str:
    """mutmut's name of a function as written: ``x__units`` -> ``_units``,
    ``xǁQuoteGrounderǁground`` -> ``QuoteGrounder.ground``."""
    if mangled.startswith("x\u01c1"):
        return ".".join(part for part in mangled[1:].split("\u01c1") if part)
    return mangled.removeprefix("x_")


def mutmut_mutants(root: Path, module: str) -> list[Mutant]:
    """Every mutant mutmut made of ``module``, with its changed line and status."""
    mutated = root / "mutants" / module
    meta = json.loads(Path(f"{mutated}.meta").read_text(encoding="utf-8"))
    functions = _functions(mutated.read_text(encoding="utf-8"))
    prefix = module.removesuffix(".py").replace("/", ".").removesuffix(".__init__") + "."
    mutants = []
    for key, code in sorted(meta["exit_code_by_key"].items()):
        local = key.removeprefix(prefix)
        base, _, _ = local.rpartition("__mutmut_")
        above, before, after = _changed_line(
            functions[base + "__mutmut_orig"][1:], functions[local][1:]
        )
        status = _MUTMUT_STATUS.get(code, "suspicious") if code is not None else "not checked"
        mutants.append(Mutant(key, _readable(base), above, before, after, status))
    return mutants


# ------------------------------------------------------------------ the constants pass

_CONSTANT = re.compile(
    r"^(?P<name>[A-Z_][A-Z0-9_]*)(?P<hint>\s*:[^=]+)?\s*=\s*(?P<value>[0-9][0-9_.]*)"
    r"(?P<rest>\s*(?:#.*)?)$"
)


def constant_mutants(source: str) -> Iterator[tuple[int, str, str, str]]:
    """(line number, name, line before, line after) for each numeric module-level
    constant set to 0 and to its value plus one."""
    for number, line in enumerate(source.splitlines()):
        match = _CONSTANT.match(line)
        if not match:
            continue
        value = ast.literal_eval(match["value"])
        for new in dict.fromkeys((type(value)(0), value + 1)):
            if new != value:
                after = f"{match['name']}{match['hint'] or ''} = {new!r}{match['rest']}"
                yield number, match["name"], line.strip(), after.strip()


def run_tests(root: Path, tests: Sequence[str], timeout: float) -> str:
    """ "killed", "survived" or "timeout": the tests run on the copy at ``root``."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(
            command, cwd=root, env=clean_env(), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode == 0:
        return "survived"
    if done.returncode in (1, 2):  # tests failed, or the mutated module did not import
        return "killed"
    raise RuntimeError(f"the tests could not run (exit {done.returncode}):\n{done.stdout!r}")


def constants_pass(root: Path, module: str, tests: Sequence[str]) -> list[Mutant]:
    """The module-level constants of ``module`` mutated one at a time, tests run on each."""
    path = root / module
    original = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    if run_tests(root, tests, timeout=1800) != "survived":
        raise RuntimeError(f"the tests of {module} fail before any mutation")
    timeout = 10 * (time.perf_counter() - started) + 30
    mutants = []
    try:
        for i, (number, name, before, after) in enumerate(constant_mutants(original), 1):
            lines = original.splitlines(keepends=True)
            lines[number] = lines[number].replace(before, after, 1)
            path.write_text("".join(lines), encoding="utf-8")
            status = run_tests(root, tests, timeout)
            mutants.append(Mutant(f"constant {name} #{i}", "(module)", "", before, after, status))
    finally:
        path.write_text(original, encoding="utf-8")
    return mutants


# ------------------------------------------------------------------ one module


def mutate_module(module: str, tests: tuple[str, ...], workers: int, logs: Path) -> ModuleResult:
    """Both passes over ``module``, each in a fresh scratch copy of the repository."""
    result = ModuleResult(module, tests)
    started = time.perf_counter()
    stem = module.replace("/", "_").removesuffix(".py")
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        root = scratch_copy(Path(scratch) / "repo")
        run_mutmut(root, module, tests, workers, logs / f"{stem}.log")
        result.mutants = mutmut_mutants(root, module)
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        root = scratch_copy(Path(scratch) / "repo")
        result.mutants += constants_pass(root, module, tests)
    result.seconds = time.perf_counter() - started
    return result


# ------------------------------------------------------------------ the report


def _cell(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`" if text else "(removed)"


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _tests_run(tests: Sequence[str]) -> str:
    """The tests of a module in few words: the grounding tables by that name."""
    names = [Path(t).stem for t in tests]
    tables = [Path(t).stem for t in _GROUNDING_TESTS]
    if names[: len(tables)] == tables:
        names = ["the grounding tables", *names[len(tables) :]]
    return ", ".join(names)


def section(results: Sequence[ModuleResult], *, workers: int, seconds: float) -> str:
    """The "Mutation testing" section of BENCHMARKS.md."""
    version = _mutmut_version()
    rows = [
        "| module | tests run | mutants | killed | of them timed out | survived | equivalent "
        "| kill rate | score |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    total: Counter[str] = Counter()
    for r in results:
        tests = _tests_run(r.tests)
        counts = {
            "mutants": len(r.mutants),
            "killed": r.killed,
            "timeout": r.count("timeout"),
            "survived": len(r.survivors()),
            "equivalent": len(r.equivalent()),
        }
        total.update(counts)
        rows.append(
            f"| `{r.module}` | {tests} | {counts['mutants']} | {counts['killed']} | "
            f"{counts['timeout']} | {counts['survived']} | {counts['equivalent']} | "
            f"{_percent(r.kill_rate)} | {_percent(r.score)} |"
        )
    killable = total["mutants"] - total["equivalent"]
    rows.append(
        f"| all | | {total['mutants']} | {total['killed']} | {total['timeout']} | "
        f"{total['survived']} | {total['equivalent']} | "
        f"{_percent(total['killed'] / max(total['mutants'], 1))} | "
        f"{_percent(total['killed'] / max(killable, 1))} |"
    )
    parts = [
        HEADING,
        f"Generated by `python benchmarks/mutation.py` in {seconds:.0f} s with mutmut "
        f"{version} ({workers} workers); do not edit by hand, run the command again. Each "
        "module is mutated alone in a scratch copy of the repository, and each mutant runs "
        "the listed tests that reach the mutated function (mutmut's own selection). mutmut "
        "mutates code inside functions (operators, numbers, strings, arguments, assignments, "
        "`break`/`continue`); the script adds the module-level numeric constants, each set "
        "to 0 and to its value plus one. A mutant is killed when a test fails or the tests "
        "time out on it. The kill rate is killed over all mutants; the score leaves out "
        "the equivalent mutants (listed below: the mutation does not change what the code "
        f"does). Target: a score of at least {_percent(TARGET)} per module. The grounding "
        "tables are " + ", ".join(f"`{t}`" for t in _GROUNDING_TESTS) + ".",
        "\n".join(rows),
    ]
    equivalent = [(r.module, m) for r in results for m in r.equivalent()]
    if equivalent:
        lines = [
            "| module | function | line | mutated to | why it is equivalent |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| `{module}` | `{m.function}` | {_cell(m.before)} | {_cell(m.after)} | "
            f"{EQUIVALENT[m.key(module)]} |"
            for module, m in equivalent
        ]
        parts += ["Equivalent mutants:", "\n".join(lines)]
    unexplained = [(r.module, m) for r in results for m in r.unexplained()]
    if unexplained:
        lines = ["| module | function | line | mutated to | status |", "|---|---|---|---|---|"]
        lines += [
            f"| `{module}` | `{m.function}` | {_cell(m.before)} | {_cell(m.after)} | {m.status} |"
            for module, m in unexplained
        ]
        parts += ["Survivors neither killed nor explained (gaps in the tests):", "\n".join(lines)]
    else:
        parts.append("Every surviving mutant is an equivalent one.")
    return "\n\n".join(parts)


def _mutmut_version() -> str:
    from importlib import metadata

    return metadata.version("mutmut")


def spliced(document: str, new_section: str) -> str:
    """``document`` with its mutation-testing section replaced by ``new_section`` (added at
    the end when it has none)."""
    start = document.find(HEADING + "\n")
    if start < 0:
        return document.rstrip("\n") + "\n\n" + new_section + "\n"
    end = document.find("\n## ", start + len(HEADING))
    rest = document[end + 1 :] if end >= 0 else ""
    return document[:start] + new_section + "\n" + ("\n" + rest if rest else "")


def kept_section(document: str) -> str | None:
    """The mutation-testing section of ``document``, if it has one (for a rewrite of
    BENCHMARKS.md by the other benchmarks, which must keep it)."""
    start = document.find(HEADING + "\n")
    if start < 0:
        return None
    end = document.find("\n## ", start + len(HEADING))
    return document[start : end if end >= 0 else len(document)].rstrip("\n")


# ------------------------------------------------------------------ the command


def saved(results: Sequence[ModuleResult], workers: int) -> str:
    """``results`` as JSON, for ``--from-json``."""
    return json.dumps(
        {
            "workers": workers,
            "modules": [
                {
                    "module": r.module,
                    "tests": list(r.tests),
                    "seconds": r.seconds,
                    "mutants": [asdict(m) for m in r.mutants],
                }
                for r in results
            ],
        },
        indent=1,
    )


def loaded(paths: Sequence[Path]) -> tuple[list[ModuleResult], int]:
    """Results saved by earlier runs, in :data:`TARGETS` order (a later file's module
    replaces an earlier one's), and the most workers any of them used."""
    by_module: dict[str, ModuleResult] = {}
    workers = 1
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        workers = max(workers, data["workers"])
        for m in data["modules"]:
            mutants = [Mutant(**row) for row in m["mutants"]]
            by_module[m["module"]] = ModuleResult(
                m["module"], tuple(m["tests"]), mutants, m["seconds"]
            )
    return [by_module[m] for m in TARGETS if m in by_module], workers


def measured(modules: Sequence[str], workers: int) -> list[ModuleResult]:
    """Both passes over each module, with progress on stderr."""
    results = []
    with tempfile.TemporaryDirectory(prefix="mutation-logs-") as logs:
        for module in modules:
            print(f"mutation: {module} ...", file=sys.stderr, flush=True)
            try:
                result = mutate_module(module, TARGETS[module], workers, Path(logs))
            except RuntimeError as error:
                log = Path(logs) / (module.replace("/", "_").removesuffix(".py") + ".log")
                tail = log.read_text(encoding="utf-8")[-3000:] if log.exists() else ""
                raise RuntimeError(f"{error}\n{tail}") from error
            results.append(result)
            print(
                f"mutation: {module}: {result.killed}/{len(result.mutants)} killed, "
                f"{len(result.unexplained())} unexplained survivors ({result.seconds:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/mutation.py",
        description="Mutation-test the grounding rules, the number reader, the merge and the "
        "chunker with mutmut; write the 'Mutation testing' section of BENCHMARKS.md.",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=list(TARGETS),
        metavar="MODULE",
        help="mutate only this module (repeatable); the report then holds only these",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="mutants tested at once (default: the number of cores)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "BENCHMARKS.md",
        help="the report to update (default: BENCHMARKS.md)",
    )
    parser.add_argument("--json", type=Path, help="also save every mutant and its status here")
    parser.add_argument(
        "--from-json",
        type=Path,
        action="append",
        metavar="FILE",
        help="write the report from results saved with --json instead of running (repeatable; "
        "a later file's module replaces an earlier one's)",
    )
    args = parser.parse_args(argv)
    if args.from_json:
        results, workers = loaded(args.from_json)
    elif importlib.util.find_spec("mutmut") is None:
        print("mutation: mutmut is not installed: pip install -e '.[mutation]'", file=sys.stderr)
        return 2
    else:
        workers = args.workers
        try:
            results = measured([m for m in TARGETS if m in (args.only or TARGETS)], workers)
        except RuntimeError as error:
            print(f"mutation: {error}", file=sys.stderr)
            return 1
        if args.json:
            args.json.write_text(saved(results, workers), encoding="utf-8")
    report = section(results, workers=workers, seconds=sum(r.seconds for r in results))
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Benchmarks\n"
    args.out.write_text(spliced(old, report), encoding="utf-8")
    for r in results:
        print(
            f"{r.module}: kill rate {_percent(r.kill_rate)}, score {_percent(r.score)}, "
            f"{len(r.unexplained())} unexplained survivors"
        )
    print(f"wrote {args.out}")
    return 1 if any(r.score < TARGET or r.unexplained() for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
