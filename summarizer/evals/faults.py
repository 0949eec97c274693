"""Fault injection: what grounding and re-asking buy, measured.

A fake OpenAI-compatible server answers each case with its gold brief perturbed
the way LLMs fail: a paraphrased quote, an invented quote, a misattributed
speaker, a number the article does not contain, and a claim source naming no
listed actor. When a request carries the pipeline's validation feedback (a
re-ask), the server corrects every item the feedback names and nothing else,
as a well-behaved model would. The raw perturbed answer is scored as sent
(quotes located exactly or normalised only) next to the pipeline's final brief.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..fakeserver import Reply, Responder, completion_body, mode_of
from ..providers.validation import format_problems
from ..schema import Extraction
from .cases import Case
from .items import extraction_of, gold_brief, gold_items, raw_items
from .scoring import CaseScore, grounding_rate, score_items

INVENTED_QUOTE = "We will not comment on these rumours until the investigation is complete"
INVENTED_NUMBER = {
    "text": "987,654",
    "value": 987654,
    "unit": "people",
    "what": "people affected",
    "qualifier": "exact",
}
DANGLING_SOURCE = "an unnamed official"
_FEEDBACK_HEADER = format_problems([]).splitlines()[0]

Data = dict[str, Any]


@dataclass(frozen=True)
class Fault:
    """One perturbation: how it changes an extraction, and the text a re-ask names it by.

    ``marker`` is the text a re-ask names the faulty item by; None when grounding
    cannot see the fault: it is then never corrected.
    """

    kind: str
    detail: str
    marker: str | None
    apply: Callable[[Data], None]


@dataclass(frozen=True)
class FaultPlan:
    """A case's perfect extraction and the faults injected into it."""

    perfect: Data
    faults: tuple[Fault, ...]

    def answer(self, feedback: str = "") -> Extraction:
        """The extraction sent after ``feedback``: faults it names are corrected."""
        data: Data = {
            k: [dict(i) for i in v] if isinstance(v, list) else v for k, v in self.perfect.items()
        }
        for fault in self.faults:
            if fault.marker is None or fault.marker not in feedback:
                fault.apply(data)
        return Extraction.model_validate(data)

    @property
    def raw(self) -> Extraction:
        """The first, fully perturbed answer."""
        return self.answer()


def _sloppy(text: str) -> str:
    """A paraphrase in the way models misquote: reworded start, every third word dropped."""
    words = text.split()
    kept = [w for i, w in enumerate(words) if i % 3 != 2]
    return "In essence, " + " ".join(kept)


def _update(field: str, position: int, **values: Any) -> Callable[[Data], None]:
    def apply(data: Data) -> None:
        data[field][position].update(values)

    return apply


def _append(field: str, item: dict[str, Any]) -> Callable[[Data], None]:
    def apply(data: Data) -> None:
        data[field].append(dict(item))

    return apply


def plan_faults(case: Case) -> FaultPlan:
    """The faults injected into ``case``'s gold (those its gold allows: quotes, claims...)."""
    perfect = extraction_of(gold_brief(case))
    data = perfect.model_dump(mode="json")
    index = case.index
    faults: list[Fault] = []
    quotes = data["quotes"]
    paraphrased = next(
        (
            i
            for i, q in enumerate(quotes)
            if len(q["text"].split()) >= 4 and index.find(_sloppy(q["text"])) is None
        ),
        None,
    )
    if paraphrased is not None:
        text = _sloppy(quotes[paraphrased]["text"])
        faults.append(
            Fault("paraphrased quote", text, text[:24], _update("quotes", paraphrased, text=text))
        )
    names = [a["name"] for a in data["actors"]]
    persons = [a["name"] for a in data["actors"] if a["kind"] == "person"]
    misattributed = next(
        (i for i, q in enumerate(quotes) if i != paraphrased and q["speaker"] and len(names) > 1),
        None,
    )
    if misattributed is not None:
        speaker = quotes[misattributed]["speaker"]
        # Models mix up people most: another person if there is one.
        other = next(n for n in [*persons, *names] if n != speaker)
        # Grounding sees the swap when the article names the quotation's speaker: the
        # re-ask names the quote by its words.
        faults.append(
            Fault(
                "misattributed speaker",
                f"{speaker} -> {other}",
                " ".join(quotes[misattributed]["text"].split())[:24],
                _update("quotes", misattributed, speaker=other),
            )
        )
    if data["claims"]:
        faults.append(
            Fault(
                "dangling reference",
                f"claim source {DANGLING_SOURCE!r}",
                DANGLING_SOURCE,
                _update("claims", 0, source=DANGLING_SOURCE),
            )
        )
    if index.find(INVENTED_QUOTE) is None:
        invented = {"text": INVENTED_QUOTE, "speaker": names[0] if names else None}
        faults.append(
            Fault(
                "invented quote", INVENTED_QUOTE, INVENTED_QUOTE[:24], _append("quotes", invented)
            )
        )
    if not any(n.value == INVENTED_NUMBER["value"] for n in index.numbers):
        faults.append(
            Fault(
                "number not in the article",
                str(INVENTED_NUMBER["text"]),
                str(INVENTED_NUMBER["text"]),
                _append("numbers", INVENTED_NUMBER),
            )
        )
    return FaultPlan(data, tuple(faults))


def feedback_of(request: dict[str, Any]) -> str:
    """The validation problems a re-ask request carries (empty for a first request)."""
    messages = request.get("messages") or []
    first_answer = next(
        (i for i, m in enumerate(messages) if m.get("role") == "assistant"), len(messages)
    )
    lines = []
    for message in messages[first_answer:]:
        content = message.get("content")
        if (
            message.get("role") != "assistant"
            and isinstance(content, str)
            and (_FEEDBACK_HEADER in content)
        ):
            lines += [line for line in content.splitlines() if line.startswith("- ")]
    return "\n".join(lines)


Answer = Callable[[Case, str], Extraction]


def gold_responder(cases: Sequence[Case], answer: Answer) -> Responder:
    """A fake-server responder answering each case's request with ``answer(case, feedback)``.

    The case is recognised by its article text in the request's messages.
    """
    keys = [(case.text.strip()[:300], case) for case in cases]

    def respond(request: dict[str, Any]) -> Reply:
        contents = [m.get("content") for m in request.get("messages") or []]
        text = "\n".join(c for c in contents if isinstance(c, str))
        case = next((c for key, c in keys if key in text), None)
        if case is None:
            return Reply(400, {"error": {"message": "no eval case matches this request"}})
        extraction = answer(case, feedback_of(request))
        body = completion_body(
            extraction.model_dump(mode="json"),
            mode=mode_of(request),
            model=str(request.get("model") or "fake"),
        )
        return Reply(200, body)

    return respond


@dataclass(frozen=True)
class RawScore:
    """The raw perturbed answer of one case, scored as sent."""

    case_id: str
    faults: tuple[Fault, ...]
    score: CaseScore
    grounding_rate: float


def score_raw(case: Case, plan: FaultPlan) -> RawScore:
    """Score ``plan``'s raw answer against the gold, without grounding or re-asks."""
    items = raw_items(plan.raw, case.index)
    return RawScore(
        case.id, plan.faults, score_items(items, gold_items(case)), grounding_rate(items, case.text)
    )
