"""Settings come from defaults, a TOML file, the environment and explicit values, in that order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fakes import REPO
from platformdirs.macos import MacOS
from typer.testing import CliRunner

from summarizer import ConfigError, Settings, load_settings, setting_origins
from summarizer import config as config_module
from summarizer.cli import app
from summarizer.config import user_config_file
from summarizer.schema import Usage


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_precedence_file_then_environment_then_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, 'model = "from-file"\ntemperature = 0.5\nmax_reasks = 4\n')
    assert load_settings(path).model == "from-file"
    monkeypatch.setenv("SUMMARIZER_MODEL", "from-env")
    settings = load_settings(path)
    assert (settings.model, settings.temperature, settings.max_reasks) == ("from-env", 0.5, 4)
    assert load_settings(path, model="from-flag", temperature=None).model == "from-flag"


def test_config_file_from_environment_and_summarizer_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, '[summarizer]\nprovider = "extractive"\nconcurrency = 9\n')
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(path))
    settings = load_settings()
    assert (settings.provider, settings.concurrency) == ("extractive", 9)


def test_openai_variables_and_provider_inference(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().provider_name == "extractive"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-abc")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8080/v1")
    settings = load_settings()
    assert settings.provider_name == "openai"
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "sk-abc"
    assert "sk-abc" not in repr(settings) and "sk-abc" not in str(settings.masked())


def test_invalid_values_and_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="temperature"):
        load_settings(write(tmp_path, "temperature = 9\n"))
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(write(tmp_path, "temperature = = 1\n"))
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="no_such_setting"):
        load_settings(write(tmp_path, "no_such_setting = 1\n"))


def test_cost_from_the_price_table(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "[prices.my-model]\ninput = 1.0\noutput = 2.0\n"))
    usage = Usage(prompt_tokens=1_000_000, completion_tokens=500_000, total_tokens=1_500_000)
    assert settings.cost("my-model", usage) == pytest.approx(2.0)
    assert settings.cost("unpriced-model", usage) is None


@pytest.mark.parametrize(
    ("file", "env", "flags", "expected"),
    [
        ({}, {}, {}, {"model": "default", "temperature": "default", "api_key": "default"}),
        ({"model": "m"}, {}, {}, {"model": "file", "temperature": "default"}),
        ({"model": "m"}, {"SUMMARIZER_MODEL": "e"}, {}, {"model": "env SUMMARIZER_MODEL"}),
        ({"model": "m"}, {"SUMMARIZER_MODEL": "e"}, {"model": "f"}, {"model": "flag"}),
        ({}, {"OPENAI_API_KEY": "sk-1"}, {}, {"api_key": "env OPENAI_API_KEY"}),
        (
            {},
            {"OPENAI_API_KEY": "sk-1", "SUMMARIZER_API_KEY": "sk-2"},
            {},
            {"api_key": "env SUMMARIZER_API_KEY"},
        ),
        ({}, {"OPENAI_BASE_URL": "http://h/v1"}, {}, {"base_url": "env OPENAI_BASE_URL"}),
        ({"temperature": 0.5}, {}, {"temperature": None}, {"temperature": "file"}),
    ],
)
def test_each_setting_says_where_its_value_came_from(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file: dict[str, object],
    env: dict[str, str],
    flags: dict[str, object],
    expected: dict[str, str],
) -> None:
    lines = [f"{k} = {json.dumps(v)}" for k, v in file.items()]
    path = write(tmp_path, "\n".join(lines) + "\n")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    origins = setting_origins(path, **flags)
    for name, origin in expected.items():
        assert origins[name] == (f"file {path}" if origin == "file" else origin), name
    assert set(origins) == set(Settings.model_fields)
    settings = load_settings(path, **flags)
    if "api_key" in expected and expected["api_key"] != "default":
        variable = expected["api_key"].removeprefix("env ")
        assert settings.api_key is not None
        assert settings.api_key.get_secret_value() == os.environ[variable]


def test_config_show_origin_from_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'model = "from-file"\n')
    env = {"SUMMARIZER_TEMPERATURE": "0.3", "COLUMNS": "200"}
    result = CliRunner().invoke(app, ["config", "--show-origin", "--config", str(path)], env=env)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    assert result.stdout.startswith(f"config file: {path}")
    assert rows["model"][1:] == ['"from-file"', "file", str(path)]
    assert rows["temperature"][1:] == ["0.3", "env", "SUMMARIZER_TEMPERATURE"]
    assert rows["concurrency"][1:] == ["4", "default"]
    as_json = CliRunner().invoke(
        app, ["--config", str(path), "config", "--show-origin", "--json"], env=env
    )
    data = {row["setting"]: row for row in json.loads(as_json.stdout)}
    assert data["model"] == {"setting": "model", "value": "from-file", "origin": f"file {path}"}
    assert data["provider (effective)"]["origin"] == "inferred: no provider set"


def test_folders_follow_the_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Linux: XDG variables as set by the test fixture, else ~/.local/share and ~/.config.
    assert load_settings().data_dir == tmp_path / "data-home" / "summarizer"
    assert user_config_file() == tmp_path / "config-home" / "summarizer" / "config.toml"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load_settings().data_dir == tmp_path / "home" / ".local" / "share" / "summarizer"
    assert user_config_file() == tmp_path / "home" / ".config" / "summarizer" / "config.toml"
    # macOS: one folder under Application Support.
    monkeypatch.setattr(config_module, "PlatformDirs", MacOS)
    support = tmp_path / "home" / "Library" / "Application Support" / "summarizer"
    assert load_settings().data_dir == support
    assert user_config_file() == support / "config.toml"


def test_the_config_file_in_the_platform_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "config-home" / "summarizer"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('model = "from-home"\n', encoding="utf-8")
    assert load_settings().model == "from-home"
    assert setting_origins()["model"] == f"file {folder / 'config.toml'}"


MILLION = Usage(prompt_tokens=1_000_000, completion_tokens=1_000_000, total_tokens=2_000_000)


@pytest.mark.parametrize(
    ("model", "base_url", "prices", "cost"),
    [
        ("gpt-4o-mini", None, {}, 0.75),  # genai-prices, OpenAI: 0.15 + 0.60
        ("gpt-4o", None, {}, 12.5),  # 2.50 + 10.00
        ("gpt-4o-mini-2024-07-18", None, {}, 0.75),  # a dated snapshot of the same model
        ("gpt-4o-mini", "https://api.openai.com/v1", {}, 0.75),  # the provider by its URL
        ("gpt-4o-mini", "http://127.0.0.1:8080/v1", {}, 0.75),  # a gateway: by model name
        ("qwen2.5-7b-instruct", "http://127.0.0.1:8080/v1", {}, None),  # self-hosted: unknown
        ("my-model", None, {}, None),
        ("my-model", None, {"my-model": {"input": 1.0, "output": 2.0}}, 3.0),
        ("gpt-4o-mini", None, {"gpt-4o-mini": {"input": 0, "output": 0}}, 0.0),  # override
    ],
)
def test_prices_from_the_settings_first_then_genai_prices(
    model: str, base_url: str | None, prices: dict[str, object], cost: float | None
) -> None:
    settings = load_settings(base_url=base_url, prices=prices)
    found = settings.cost(model, MILLION)
    assert found == (None if cost is None else pytest.approx(cost))


def test_prices_need_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx2

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("genai-prices tried to fetch prices")

    monkeypatch.setattr(httpx2.Client, "send", no_network)
    monkeypatch.setattr(httpx2.AsyncClient, "send", no_network)
    assert load_settings().cost("gpt-4.1-mini", MILLION) == pytest.approx(2.0)


def test_the_readme_documents_every_setting() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| setting | environment |") :]
    for name in Settings.model_fields:
        assert f"`{name}`" in table.split("\n\n")[0], name
