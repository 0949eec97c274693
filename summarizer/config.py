"""The one place configuration is read: defaults < TOML file < environment < explicit values.

Environment variables are ``SUMMARIZER_<FIELD>`` (e.g. ``SUMMARIZER_MODEL``), plus
``OPENAI_API_KEY`` and ``OPENAI_BASE_URL``. The TOML file is ``--config FILE``,
else ``$SUMMARIZER_CONFIG``, else ``config.toml`` in the platform's configuration
folder (:func:`user_config_file`) when it exists. :func:`setting_origins` says which
of these set each value.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from platformdirs import PlatformDirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError
from .prices import Price, cost_of
from .schema import Usage

ProviderName = Literal["openai", "extractive", "local"]
InstructorMode = Literal["tools", "json_schema", "json"]

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
APP_NAME = "summarizer"
CONFIG_FILENAME = "config.toml"


def platform_dirs() -> PlatformDirs:
    """The platform's folders for this tool: on Linux ``$XDG_CONFIG_HOME/summarizer`` and
    ``$XDG_DATA_HOME/summarizer`` (``~/.config``, ``~/.local/share`` when unset); on macOS
    ``~/Library/Application Support/summarizer``; on Windows ``%LOCALAPPDATA%\\summarizer``."""
    return PlatformDirs(APP_NAME, appauthor=False)


def user_config_file() -> Path:
    """Where the config file is looked for when neither ``--config`` nor
    ``$SUMMARIZER_CONFIG`` names one."""
    return platform_dirs().user_config_path / CONFIG_FILENAME


def _default_data_dir() -> Path:
    return platform_dirs().user_data_path


def config_path(config_file: Path | str | None = None) -> Path | None:
    """The config file that is read: ``config_file``, else ``$SUMMARIZER_CONFIG``, else
    :func:`user_config_file` when it exists; None when there is none."""
    if config_file:
        return Path(config_file)
    explicit = os.environ.get("SUMMARIZER_CONFIG")
    if explicit:
        return Path(explicit)
    candidate = user_config_file()
    return candidate if candidate.is_file() else None


_FILE_VALUES: ContextVar[dict[str, Any] | None] = ContextVar("summarizer_config_file", default=None)


class _TomlValues(PydanticBaseSettingsSource):
    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_FILE_VALUES.get() or {})


class Settings(BaseSettings):
    """Every setting of the library and the CLI, validated once."""

    model_config = SettingsConfigDict(
        env_prefix="SUMMARIZER_", extra="forbid", populate_by_name=True, validate_default=True
    )

    provider: ProviderName | None = Field(
        None,
        description="openai, extractive or local; unset: openai when a key or base URL "
        "is configured, else extractive",
    )
    model: str | None = Field(None, description="model name (openai: gpt-4o-mini)")
    base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("base_url", "SUMMARIZER_BASE_URL", "OPENAI_BASE_URL"),
        description="OpenAI-compatible endpoint",
    )
    api_key: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("api_key", "SUMMARIZER_API_KEY", "OPENAI_API_KEY"),
        description="API key (never printed or stored)",
    )
    mode: InstructorMode = Field("tools", description="instructor mode")
    temperature: float = Field(0.0, ge=0, le=2)
    max_output_tokens: int = Field(
        16_384,
        gt=0,
        description="largest answer per request, tokens (gpt-4o and gpt-4o-mini accept 16,384; "
        "lower it for a model that accepts less)",
    )
    timeout: float = Field(60.0, gt=0, description="seconds per request")
    seed: int | None = None
    max_reasks: int = Field(2, ge=0, description="re-asks after a validation failure")
    retry_attempts: int = Field(5, ge=1, description="attempts per request on 429/5xx/timeouts")
    retry_max_time: float = Field(120.0, gt=0, description="seconds spent retrying one request")
    retry_max_wait: float = Field(30.0, gt=0, description="longest single back-off, seconds")
    max_response_bytes: int = Field(
        4_000_000, gt=0, description="largest provider response body accepted, bytes"
    )
    strict: bool = Field(False, description="raise instead of dropping ungrounded items")
    verify: bool = Field(
        False, description="ask the model once per brief whether each claim is supported"
    )
    prompt: str = Field("brief.v2", description="prompt version (brief.v1 stays selectable)")
    prompts_dir: Path | None = Field(None, description="extra folder of prompt versions")
    max_input_chars: int = Field(
        24_000, gt=1000, description="largest article chunk (smaller when the output budget needs)"
    )
    chunk_overlap_chars: int = Field(1_500, ge=0)
    max_article_chars: int = Field(2_000_000, gt=0, description="larger articles are refused")
    concurrency: int = Field(4, ge=1)
    prices: dict[str, Price] = Field(
        default_factory=dict,
        description="USD per million tokens by model name, over the genai-prices data",
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="the store, call log, response cache and assembled local model",
    )
    log_calls: bool = Field(
        True, description="log every model call (messages, answer, tokens, cost) in the store"
    )
    cache: bool = Field(True, description="reuse stored provider responses")
    model_path: Path | None = Field(None, description="GGUF file for the local provider")
    n_ctx: int = Field(8192, gt=0, description="local model context size")
    n_threads: int | None = Field(None, gt=0)
    sources: list[str] = Field(default_factory=list, description="daily sources")
    fetch_timeout: float = Field(20.0, gt=0, description="seconds to fetch one page or feed")
    dedup_threshold: float = Field(
        0.8, gt=0, le=1, description="shingle Jaccard at which two articles are one article"
    )
    story_threshold: float = Field(
        0.275,
        gt=0,
        le=1,
        description="probability that two articles report the same event (average linkage) "
        "from which they form one story",
    )
    story_vocabulary: int = Field(
        50_000,
        ge=1,
        description="terms kept in the store's running document-frequency table that "
        "weighs the words story clustering compares (the most frequent)",
    )
    max_stories: int = Field(30, ge=1, description="stories shown on a day's page")
    story_prompt: str = Field(
        "story.v1", description="prompt version of the story summaries a model writes"
    )
    allow_hosts: list[str] = Field(
        default_factory=list,
        description="hosts (name, or *.domain) and networks (CIDR) daily may fetch from even "
        "though they are loopback, private, link-local or otherwise non-public",
    )
    max_feed_items: int = Field(100, ge=1, description="items of the day read from one feed")
    article_timeout: float = Field(
        300.0, gt=0, description="seconds daily gives one article (reading or summarising)"
    )
    run_timeout: float = Field(
        3600.0, gt=0, description="seconds for a whole daily run; what is left is listed failed"
    )
    workers: int = Field(
        0,
        ge=0,
        description="worker processes that summarise for summarize_many and daily; 0: this process",
    )
    batch: bool = Field(
        False,
        description="send daily, eval and summarize_many requests through the OpenAI Batch API",
    )
    batch_discount: float = Field(
        0.5, ge=0, le=1, description="share of the synchronous price taken off a batch request"
    )
    batch_deadline: float = Field(
        43_200.0,
        gt=0,
        description="seconds after a batch job's first submission past which what it still "
        "needs is sent synchronously instead of in a follow-up batch",
    )
    batch_poll_interval: float = Field(
        60.0, gt=0, description="seconds between status checks while summarize_many waits"
    )
    batch_max_requests: int = Field(
        50_000, ge=1, le=50_000, description="requests per batch input file (the API's limit)"
    )
    batch_max_bytes: int = Field(
        200_000_000,
        ge=1_000,
        le=200_000_000,
        description="bytes per batch input file (the API's limit)",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _TomlValues(settings_cls)

    @field_validator("allow_hosts")
    @classmethod
    def _hosts_or_networks(cls, value: list[str]) -> list[str]:
        from .fetch_policy import parse_allowed  # checks every entry; raises ValueError

        parse_allowed(value)
        return value

    @field_validator("base_url")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value.strip() or None if value else None

    # ------------------------------------------------------------- derived

    @property
    def provider_name(self) -> ProviderName:
        """The provider to use: the configured one, else inferred from what is set."""
        if self.provider:
            return self.provider
        if self.api_key is not None or self.base_url:
            return "openai"
        return "extractive"

    @property
    def provider_was_inferred(self) -> bool:
        return self.provider is None

    def cost(self, model: str, usage: Usage) -> float | None:
        """USD cost of ``usage`` on ``model`` at this ``base_url``: the ``prices`` setting, else
        the genai-prices data (see :mod:`summarizer.prices`); None when unpriced."""
        return cost_of(model, usage, base_url=self.base_url, prices=self.prices)

    def batch_cost(self, model: str, usage: Usage) -> float | None:
        """USD cost of ``usage`` on ``model`` at the batch price (``batch_discount`` off)."""
        full = self.cost(model, usage)
        return None if full is None else round(full * (1 - self.batch_discount), 8)

    def masked(self) -> dict[str, Any]:
        """The effective settings as plain data, with the API key hidden."""
        data = self.model_dump(mode="json")
        data["api_key"] = "********" if self.api_key is not None else None
        data["provider (effective)"] = self.provider_name
        return data


def load_settings(config_file: Path | str | None = None, **overrides: Any) -> Settings:
    """Build the settings from the TOML file, the environment and ``overrides``.

    ``overrides`` whose value is None are ignored, so CLI flags can be passed as-is.

    Raises:
        ConfigError: the file cannot be read or a value is invalid.
    """
    path = config_path(config_file)
    token = _FILE_VALUES.set(_file_values(path))
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        where = f" (config file {path})" if path else ""
        raise ConfigError(f"invalid configuration{where}: {problems}") from None
    finally:
        _FILE_VALUES.reset(token)


def _file_values(path: Path | None) -> dict[str, Any]:
    """The settings in the TOML file at ``path`` (its ``[summarizer]`` table if it has one).

    Raises:
        ConfigError: the file is missing or unreadable.
    """
    if path is None:
        return {}
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    table = values.get("summarizer", values)
    return table if isinstance(table, dict) else values


def environment_names(name: str) -> list[str]:
    """The environment variables that can set the setting ``name``, first one first."""
    alias = Settings.model_fields[name].validation_alias
    if isinstance(alias, AliasChoices):
        return [c.upper() for c in alias.choices if isinstance(c, str)]
    return [f"SUMMARIZER_{name.upper()}"]


def setting_origins(config_file: Path | str | None = None, **overrides: Any) -> dict[str, str]:
    """Where each setting's value comes from, by the precedence of :func:`load_settings`:
    ``flag`` (an explicit value in ``overrides``), ``env NAME``, ``file PATH`` or ``default``.

    Raises:
        ConfigError: the config file is missing or unreadable.
    """
    path = config_path(config_file)
    in_file = _file_values(path)
    environment = {key.upper() for key in os.environ}
    origins: dict[str, str] = {}
    for name in Settings.model_fields:
        variable = next((v for v in environment_names(name) if v in environment), None)
        if overrides.get(name) is not None:
            origins[name] = "flag"
        elif variable is not None:
            origins[name] = f"env {variable}"
        elif name in in_file:
            origins[name] = f"file {path}"
        else:
            origins[name] = "default"
    return origins
