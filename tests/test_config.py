"""Settings come from defaults, a TOML file, the environment and explicit values, in that order."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import ConfigError, load_settings
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
