"""The optional verification pass: one request per brief, the model judges each kept claim."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fakes import ARTICLES, REPO
from fakes.llm import FakeLLM, completion, extraction, openai_provider, settings
from typer.testing import CliRunner

from summarizer import GroundingError, load_settings, summarize
from summarizer.cli import app
from summarizer.errors import ReplayMissError
from summarizer.evals.cases import discover_cases
from summarizer.evals.fakeserver import FakeOpenAIServer, Reply
from summarizer.evals.faults import CATALOGUE, FaultPlan
from summarizer.evals.oracle import oracle_responder
from summarizer.event_loop import run_sync
from summarizer.providers.base import Verdict, VerifyRequest, VerifyResult
from summarizer.providers.cache import CachingProvider, DirectoryResponseStore
from summarizer.schema import Usage
from summarizer.verification import SYSTEM


def verdicts(data: dict[str, Any], mode: str = "tools") -> httpx2.Response:
    body = completion(data, mode=mode)
    if mode == "tools":
        body["choices"][0]["message"]["tool_calls"][0]["function"]["name"] = "judge_claims"
    return httpx2.Response(200, json=body)


def run(fake: FakeLLM, text: str, **overrides: object):
    return summarize(
        text, config=settings(**overrides), provider=openai_provider(fake, **overrides)
    )


REJECT_C3 = {
    "verdicts": [
        {"id": "c1", "supported": True},
        {"id": "c2", "supported": True},
        {"id": "c3", "supported": False, "reason": "the article does not say he believes it"},
        {"id": "c4", "supported": True},
    ]
}


def test_verification_is_off_by_default(fake_llm: FakeLLM, asylum_text: str) -> None:
    fake_llm.ok(extraction())
    brief = run(fake_llm, asylum_text)
    assert len(fake_llm.requests) == 1 and brief.provenance.verification is None


def test_a_rejected_claim_is_dropped_and_the_pass_is_paid_for(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    fake_llm.ok(extraction()).queue(verdicts(REJECT_C3))
    brief = run(fake_llm, asylum_text, verify=True)
    assert len(fake_llm.requests) == 2
    sent = fake_llm.requests[1]
    assert sent["messages"][0]["content"] == SYSTEM
    assert sent["tool_choice"]["function"]["name"] == "judge_claims"
    listed = json.loads(sent["messages"][1]["content"].split("\n\n", 1)[1])
    assert [c["id"] for c in listed] == ["c1", "c2", "c3", "c4", "c5"]
    assert listed[2]["source"] == "Fuad Basya"
    assert all(
        c["evidence"] and all(e in " ".join(asylum_text.split()) for e in c["evidence"])
        for c in listed
    )
    assert [c.text for c in brief.claims if "Basya believes" in c.text] == []
    assert len(brief.claims) == 4 and [c.id for c in brief.claims] == ["c1", "c2", "c3", "c4"]
    assert brief.warnings == [
        "dropped claim 'Basya believes the asylum seekers may have left the boat on\u2026': "
        "the verification pass found its evidence does not support it (the article does not "
        "say he believes it)"
    ]
    p = brief.provenance
    one = completion({})["usage"]
    assert p.verification is not None
    assert (p.verification.checked, p.verification.rejected, p.verification.attempts) == (5, 1, 1)
    assert p.verification.usage.total_tokens == one["total_tokens"]
    assert p.verification.cost_usd == pytest.approx(
        (one["prompt_tokens"] * 0.15 + one["completion_tokens"] * 0.60) / 1e6
    )
    assert p.attempts == 2 and p.usage.total_tokens == 2 * one["total_tokens"]
    assert p.cost_usd == pytest.approx(2 * p.verification.cost_usd)


@pytest.mark.parametrize("mode", ["json_schema", "json"])
def test_verification_in_the_json_modes(fake_llm: FakeLLM, asylum_text: str, mode: str) -> None:
    fake_llm.ok(extraction(), mode="json").queue(
        verdicts({"verdicts": {"c3": {"supported": False}}}, mode="json")
    )
    brief = run(fake_llm, asylum_text, verify=True, mode=mode)
    assert len(brief.claims) == 4 and brief.provenance.verification.rejected == 1


def test_an_unreadable_verdict_keeps_every_claim_and_says_so(
    fake_llm: FakeLLM, asylum_text: str
) -> None:
    fake_llm.ok(extraction()).queue(verdicts({"verdicts": []}))
    brief = run(fake_llm, asylum_text, verify=True)
    assert len(brief.claims) == 5
    assert brief.warnings == [
        "claims not verified: the verification answer could not be read (the answer holds no "
        "verdict)"
    ]
    assert brief.provenance.verification.rejected == 0
    assert brief.provenance.attempts == 2


@pytest.mark.parametrize("strict", [False, True])
def test_a_failed_verification_request_keeps_the_brief(
    fake_llm: FakeLLM, asylum_text: str, strict: bool
) -> None:
    fake_llm.ok(extraction()).error(400, "error_401.json")
    brief = run(fake_llm, asylum_text, verify=True, strict=strict)
    assert len(brief.claims) == 5 and brief.provenance.verification is None
    assert brief.warnings == [
        "claims not verified: the provider failed the request (ProviderError)"
    ]


def test_strict_mode_raises_when_verification_rejects(fake_llm: FakeLLM, asylum_text: str) -> None:
    fake_llm.ok(extraction()).queue(verdicts(REJECT_C3))
    with pytest.raises(GroundingError, match="the verification pass rejected claims") as info:
        run(fake_llm, asylum_text, verify=True, strict=True)
    assert info.value.attempts == 2


def test_the_extractive_engine_has_nothing_to_verify_with(asylum_text: str) -> None:
    brief = summarize(asylum_text, config=load_settings(provider="extractive", verify=True))
    assert brief.provenance.verification is None and brief.claims


def test_verification_catches_what_grounding_keeps() -> None:
    """A wrong number in a claim survives a bag-of-words check; the verdict drops it."""
    cases = discover_cases(REPO / "evals" / "cases", ["seed-*"])
    fault = next(f for f in CATALOGUE if f.name == "wrong number in a claim")
    plan = FaultPlan(cases[0], (fault,))
    with FakeOpenAIServer(oracle_responder(cases, lambda case, request: plan)) as server:
        config = load_settings(provider="openai", api_key="sk-x", base_url=server.url, verify=True)
        brief = summarize(cases[0].article, config=config)
    assert not [c for c in brief.claims if "12 Russian spies" in c.text]
    assert brief.provenance.verification is not None


def test_the_cache_records_and_replays_a_verification(tmp_path: Path) -> None:
    calls: list[VerifyRequest] = []

    class Inner:
        name, model, paid = "openai", "m", True

        def parameters(self) -> dict[str, Any]:
            return {"provider": "openai", "model": "m"}

        async def verify(self, request: VerifyRequest) -> VerifyResult:
            calls.append(request)
            return VerifyResult({"c1": Verdict(False, "45, not 12")}, "m", Usage(total_tokens=9), 1)

        async def aclose(self) -> None:
            return None

    request = VerifyRequest([{"role": "user", "content": "c1"}], ("c1",))
    store = DirectoryResponseStore(tmp_path)
    recorded = run_sync(CachingProvider(Inner(), store).verify(request))  # type: ignore[arg-type]
    replayed = run_sync(CachingProvider(Inner(), store, replay=True).verify(request))  # type: ignore[arg-type]
    assert len(calls) == 1 and recorded == replayed
    assert replayed is not None and replayed.verdicts["c1"] == Verdict(False, "45, not 12")
    other = VerifyRequest([{"role": "user", "content": "c2"}], ("c2",))
    with pytest.raises(ReplayMissError, match="no recorded verification"):
        run_sync(CachingProvider(Inner(), store, replay=True).verify(other))  # type: ignore[arg-type]


def test_the_cli_flag_turns_it_on(tmp_path: Path) -> None:
    def respond(request: dict[str, Any]) -> Reply:
        if request["messages"][0]["content"] == SYSTEM:
            body = completion({"verdicts": [{"id": "c1", "supported": False}]})
            body["choices"][0]["message"]["tool_calls"][0]["function"]["name"] = "judge_claims"
            return Reply(200, body)
        return Reply(200, completion(extraction()))

    with FakeOpenAIServer(respond) as server:
        env = {"OPENAI_API_KEY": "sk-x", "OPENAI_BASE_URL": server.url}
        result = CliRunner().invoke(
            app, ["summarize", str(ARTICLES / "asylum.txt"), "--verify"], env=env
        )
        assert result.exit_code == 0, result.output
        assert len(server.requests) == 2
    brief = json.loads(result.stdout)
    assert brief["provenance"]["verification"]["rejected"] == 1
    assert len(brief["claims"]) == 4
