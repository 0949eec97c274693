"""What batch answers cost: the brief's provenance and the run log at the batch price.

A brief's tokens are the same as on the synchronous path; what differs is the
price. Answers that came from a batch cost ``1 - batch_discount`` of the
synchronous price; answers sent synchronously past ``batch_deadline`` cost the
full price. The run log gets one row per answer an article used.
"""

from __future__ import annotations

from ..config import Settings
from ..schema import Brief, Usage
from ..store import CallRecord
from .transport import Call, Tally


def mixed_cost(settings: Settings, model: str, usage: Usage, direct: Usage) -> float | None:
    """USD for ``usage``, of which ``direct`` was sent synchronously; None when unpriced."""
    full = settings.cost(model, usage)
    if full is None:
        return None
    sync = settings.cost(model, direct) or 0.0
    return round((full - sync) * (1 - settings.batch_discount) + sync, 8)


def priced(brief: Brief, tally: Tally, settings: Settings) -> Brief:
    """``brief`` with its provenance cost (and its verification's) at the batch price."""
    p = brief.provenance
    verification = p.verification
    if verification is not None:
        verification = verification.model_copy(
            update={
                "cost_usd": mixed_cost(
                    settings, p.model, verification.usage, tally.direct_usage(verify=True)
                )
            }
        )
    cost = mixed_cost(settings, p.model, p.usage, tally.direct_usage())
    provenance = p.model_copy(update={"cost_usd": cost, "verification": verification})
    return brief.model_copy(update={"provenance": provenance})


def call_record(call: Call, settings: Settings, model: str, prompt_id: str) -> CallRecord:
    """The run log's row for one answer an article used."""
    if call.direct:
        cost, label = settings.cost(model, call.usage), "sent directly (past batch_deadline)"
    else:
        cost, label = settings.batch_cost(model, call.usage), f"batch {call.batch_id}"
    if call.verify:
        label += ", verification"
    return CallRecord(
        provider="openai",
        model=model,
        prompt_id=prompt_id,
        text_sha256=call.custom_id,
        label=label,
        attempts=1,
        usage=call.usage,
        cost_usd=cost if call.usage.total_tokens else 0.0,
        latency_s=call.latency_s,
        outcome="error" if call.error else "ok",
        error=call.error,
    )
