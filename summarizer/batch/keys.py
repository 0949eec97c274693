"""What identifies a batch job: its kind, the settings its requests are built with, its work.

A job keeps these request settings (never the API key): ``batches collect`` advances
it with them, so a collect run with other defaults builds the very same requests.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..config import Settings
from ..errors import UsageError
from ..prompts import Prompt
from ..redact import mask
from .ids import canonical
from .records import Job

# What changes a request or its outcome: a job is these settings (and its articles).
REQUEST_FIELDS = (
    "provider",
    "model",
    "base_url",
    "mode",
    "temperature",
    "max_output_tokens",
    "seed",
    "max_reasks",
    "strict",
    "verify",
    "prompt",
    "max_input_chars",
    "chunk_overlap_chars",
)


def job_settings(settings: Settings, prompt: Prompt) -> dict[str, Any]:
    """The settings a job's requests are built with (never the API key)."""
    values = settings.model_dump(mode="json", include=set(REQUEST_FIELDS))
    values["provider"] = settings.provider_name
    values["prompt_sha256"] = prompt.sha256
    return values


def job_key(kind: str, settings: Settings, prompt: Prompt, *parts: str) -> str:
    """A job's identity: its kind, its request settings and what the caller adds."""
    blob = canonical({"settings": job_settings(settings, prompt), "parts": list(parts)})
    return f"{kind}:{hashlib.sha256(blob.encode('utf-8')).hexdigest()[:32]}"


def settings_for(job: Job, settings: Settings) -> Settings:
    """``settings`` with the job's request settings; the endpoint and its API key stay the
    caller's (the store keeps the endpoint with its credentials masked).

    Raises:
        UsageError: the job was started against another endpoint.
    """
    started = job.settings.get("base_url")
    if started != (mask(settings.base_url) if settings.base_url else None):
        where = started or "the OpenAI API"
        raise UsageError(
            f"{job.label}: started against {where}; collect it with that endpoint's settings"
        )
    values = {k: v for k, v in job.settings.items() if k in REQUEST_FIELDS and k != "base_url"}
    return settings.model_copy(update=values)
