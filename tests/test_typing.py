"""Code that uses the package type-checks under `mypy --strict`: the package ships
`py.typed` and its public API is fully annotated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy")

SCRIPT = Path(__file__).parent / "typing" / "use_summarizer.py"


def test_a_script_using_the_api_passes_mypy_strict(tmp_path: Path) -> None:
    # Run from elsewhere, so that mypy reads the package as installed (through py.typed),
    # as a user's project does.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(SCRIPT),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found in 1 source file" in result.stdout
