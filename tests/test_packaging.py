"""An installed wheel carries everything the CLI needs: prompts and engine data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fakes import REPO

wheel_builder = pytest.importorskip("hatchling.builders.wheel")


def test_wheel_ships_prompts_and_data_and_uses_them_from_anywhere(tmp_path: Path) -> None:
    builder = wheel_builder.WheelBuilder(str(REPO))
    wheel = Path(next(iter(builder.build(directory=str(tmp_path / "dist"), versions=["standard"]))))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "summarizer/prompts/brief.v1/system.j2" in names
    assert "summarizer/prompts/brief.v1/user.j2" in names
    assert "summarizer/extractive/data/common_words.txt" in names
    assert "summarizer/py.typed" in names  # users' type checkers read the package's hints
    assert not any(name.startswith(("tests/", "evals/cases/")) for name in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "from summarizer.prompts import load_prompt\n"
        "from summarizer.extractive import extract\n"
        "print(load_prompt('brief.v1').directory)\n"
        "print(len(extract('Kaminski said: \"We dismantle the network.\"').quotes))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(out[0]).is_relative_to(site)
    assert out[1] == "1"
