"""The fault catalogue: how realistic models answer wrongly, and what the pipeline must do.

Each :class:`Fault` is one behaviour of a model, shown on one eval case: the
oracle (:mod:`summarizer.evals.oracle`) answers from the case's gold, and the
fault changes that answer (``change``: an item reworded, invented, split, a key
missing...) or the form it arrives in (``wire``: fenced JSON, a wrong function
name, a cut-off or oversized reply...). Told an item is wrong, the faulty model
sends back the gold item, or leaves the item out (``fix=None``).

``outcome`` is what the pipeline must make of it: ``keep`` (the item kept with
its exact span, no re-ask), ``drop`` (not in the brief, a warning says so),
``repair`` (corrected by one repair request), ``salvage`` (the slip coerced,
the brief not lost), ``split`` (a cut-off answer asked again in halves) or
``fail`` (a clear error). ``expect`` pins the details. ``summarizer eval
--fault-injection`` serves every case with the catalogue's content faults for
that case next to the unperturbed oracle; ``tests/test_faults.py`` runs each
fault alone through the real client and instructor in all three modes.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..providers.validation import BriefAnswer, UnreadableAnswer
from ..schema import Extraction
from ..text import fold
from .cases import Case, gold_items, raw_items
from .fakeserver import Reply, completion_body
from .oracle import Chunk, Data, Oracle, identity, reply
from .scoring import CaseScore, grounding_rate, score_items

Outcome = Literal["keep", "drop", "repair", "salvage", "split", "fail"]
MODES = ("tools", "json_schema", "json")
ANY = "<any>"
Corrections = dict[str, Data | str | None]
Change = Callable[[Data, Chunk], Corrections | None]
Wire = Callable[[dict[str, Any], str, Chunk], Reply | None]
_REMOVE = object()


@dataclass(frozen=True)
class Item:
    """An item of the final brief, as a fault's expectation names it.

    quotes: ``text`` is the exact article text of its span; ``speaker`` the actor
    name (None: no actor). claims: ``speaker`` is the
    source's name. numbers: ``value`` and ``unit``. actors: ``count`` actors
    have ``text`` among their names. ``count`` also counts quotes.
    """

    field: Literal["actors", "quotes", "numbers", "claims"]
    text: str
    speaker: str | None = ANY
    value: float | None = None
    unit: str | None = None
    count: int | None = None


@dataclass(frozen=True)
class Expect:
    """What the final brief must hold (``keep``), must not (``lose``), and say.

    ``extra`` is the requests beyond the oracle's own, per chunk the fault
    touched (None: not checked); ``without`` names lists the fault empties;
    ``replaced`` the texts of the oracle's items the fault gives in another form
    (an elided quote in place of the whole one).
    """

    keep: tuple[Item, ...] = ()
    lose: tuple[Item, ...] = ()
    warning: str = ""
    error: str = ""
    extra: int | None = 0
    without: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fault:
    """One way a model answers wrongly or sloppily (see the module docstring)."""

    name: str
    behaviour: str
    outcome: Outcome
    case: str
    expect: Expect
    change: Change | None = None
    wire: Wire | None = None
    modes: tuple[str, ...] = MODES

    @property
    def kind(self) -> str:
        return self.name

    @property
    def detail(self) -> str:
        return self.behaviour

    @property
    def visible(self) -> bool:
        """True when the pipeline can notice the fault (everything but a kept item)."""
        return self.outcome != "keep"


# ------------------------------------------------------------------ changes


Match = str | Callable[[Data], bool]


def _pick(items: list[Any], match: Match) -> int | None:
    """The first item holding text ``match`` (or for which ``match`` is true)."""
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        if callable(match):
            if match(item):
                return i
        elif fold(match) in fold(str(item.get("text") or item.get("name") or "")):
            return i
    return None


def long_quote(item: Data) -> bool:
    return len(str(item.get("text", "")).split()) >= 4


def anything(item: Data) -> bool:
    return True


def sloppy(text: str) -> str:
    """A paraphrase the way models misquote: a reworded start, every third word dropped."""
    words = text.split()
    return "In essence, " + " ".join(w for i, w in enumerate(words) if i % 3 != 2)


def edit(field_name: str, match: Match, *, fix: bool = True, **changes: Any) -> Change:
    """The item of ``field_name`` holding ``match``, changed (a callable maps the old value).

    Told it is wrong, the model sends the original back (``fix``) or leaves it out.
    """

    def change(data: Data, chunk: Chunk) -> Corrections | None:
        items = data.get(field_name) or []
        i = _pick(items, match)
        if i is None:
            return None
        old, new = items[i], dict(items[i])
        for key, value in changes.items():
            if value is _REMOVE:
                new.pop(key, None)
            else:
                new[key] = value(old.get(key)) if callable(value) else value
        items[i] = new
        return {identity(field_name, new): old if fix else None}

    return change


def add(
    field_name: str, item: Data, *, anchor: str | None = None, fix: Data | None = None
) -> Change:
    """``item`` added to ``field_name`` in the chunk that holds ``anchor`` (no anchor: the
    first chunk); corrected to ``fix``, or left out when told it is wrong."""

    def change(data: Data, chunk: Chunk) -> Corrections | None:
        if (anchor not in chunk.text) if anchor is not None else chunk.start > 0:
            return None
        data[field_name] = [*(data.get(field_name) or []), dict(item)]
        return {identity(field_name, item): fix}

    return change


def misattribute() -> Change:
    """The last quote with a speaker given to another person the answer lists."""

    def change(data: Data, chunk: Chunk) -> Corrections | None:
        quotes, actors = data.get("quotes") or [], data.get("actors") or []
        spoken = [i for i, q in enumerate(quotes) if isinstance(q, dict) and q.get("speaker")]
        if not spoken:
            return None
        i = spoken[-1]
        speaker = quotes[i]["speaker"]
        other = next(
            (a["name"] for a in actors if a.get("kind") == "person" and a["name"] != speaker), None
        )
        if other is None:
            return None
        old = quotes[i]
        quotes[i] = {**old, "speaker": other}
        return {identity("quotes", quotes[i]): old}

    return change


def replace_actor(name: str, *forms: Data) -> Change:
    """The actor ``name`` listed as several actors, one per surface form."""

    def change(data: Data, chunk: Chunk) -> Corrections | None:
        actors = data.get("actors") or []
        i = _pick(actors, name)
        if i is None:
            return None
        actors[i : i + 1] = [dict(f) for f in forms]
        return {}

    return change


def combine(*changes: Change) -> Change:
    """All of ``changes``; it applies where the first of them does."""

    def change(data: Data, chunk: Chunk) -> Corrections | None:
        found = [c(data, chunk) for c in changes]
        if found[0] is None:
            return None
        return {k: v for corrections in found if corrections for k, v in corrections.items()}

    return change


def set_list(field_name: str, value: Any) -> Change:
    def change(data: Data, chunk: Chunk) -> Corrections | None:
        data[field_name] = value
        return {}

    return change


def each_item(field_name: str, update: Callable[[Data], Any]) -> Change:
    """Every item of ``field_name`` replaced by ``update(item)``."""

    def change(data: Data, chunk: Chunk) -> Corrections | None:
        data[field_name] = [update(dict(i)) for i in data.get(field_name) or []]
        return {}

    return change


def pad_claims(total: int) -> Change:
    """Claims of the chunk padded with its own sentences to ``total``."""

    def change(data: Data, chunk: Chunk) -> Corrections | None:
        claims = data.setdefault("claims", [])
        taken = {fold(c["text"]) for c in claims}
        for sentence in chunk.case.index.sentences:
            if len(claims) >= total:
                break
            text = chunk.case.text[sentence.start : sentence.end].strip()
            inside = chunk.start <= sentence.start < chunk.end
            if inside and len(text) > 60 and text.endswith(".") and fold(text) not in taken:
                claims.append({"text": text, "source": None})
        return {} if len(claims) >= total else None

    return change


def wrap_answer(key: str) -> Change:
    def change(data: Data, chunk: Chunk) -> Corrections | None:
        inner = dict(data)
        data.clear()
        data[key] = inner
        return {}

    return change


# --------------------------------------------------------------------- wire


def content(text: Callable[[str], str]) -> Wire:
    """The payload rewritten by ``text`` (fences, prose) in the reply's usual place."""

    def wire(request: dict[str, Any], payload: str, chunk: Chunk) -> Reply | None:
        return reply(request, text(payload))

    return wire


def as_text_not_tool(request: dict[str, Any], payload: str, chunk: Chunk) -> Reply | None:
    body = completion_body(payload, mode="json", model=str(request.get("model")))
    return Reply(200, body)


def tool_named(name: str) -> Wire:
    def wire(request: dict[str, Any], payload: str, chunk: Chunk) -> Reply | None:
        return reply(request, payload, tool_name=name)

    return wire


def refusal(request: dict[str, Any], payload: str, chunk: Chunk) -> Reply | None:
    body = completion_body("", mode="json", model=str(request.get("model")))
    message = body["choices"][0]["message"]
    message["content"], message["refusal"] = None, "I'm sorry, I can't help with that."
    return Reply(200, body)


def cut_off_over(chars: int) -> Wire:
    """An answer for a chunk longer than ``chars`` cut off (``finish_reason: length``)."""

    def wire(request: dict[str, Any], payload: str, chunk: Chunk) -> Reply | None:
        if chunk.end - chunk.start <= chars:
            return None
        return reply(request, payload[: len(payload) // 2], finish_reason="length")

    return wire


def oversized(size: int) -> Wire:
    def wire(request: dict[str, Any], payload: str, chunk: Chunk) -> Reply | None:
        runaway = json.dumps({"summary": "The the the " * (size // 12)})
        return reply({**request, "max_tokens": None}, runaway)

    return wire


def not_json(request: dict[str, Any], payload: str, chunk: Chunk) -> Reply | None:
    return Reply(200, "<html><body>502 Bad Gateway</body></html>")


def with_raw_newlines(payload: str) -> str:
    """JSON whose strings hold raw line breaks, as small models write them."""
    return payload.replace(". ", ".\n")


# ---------------------------------------------------------------- catalogue

SEED = "seed-nato-war-crimes"
ANY_CASE = "*"  # shown on every case by the eval; the tests show it on the seed
BLINKEN_1 = (
    "Today, I can report that, based on information currently available, the US government "
    "believes that members of Russian forces have committed war crimes in Ukraine."
)
BLINKEN_2 = (
    "We have seen numerous credible reports of indiscriminate attacks and attacks "
    "deliberately targeting civilians, as well as other atrocities"
)
MINISTRY = (
    "The US side has been given firm notice that any hostile act by the US against Russia "
    "will meet with a resolute and adequate response."
)
KAMINSKI = "We dismantle the network of Russian special services in our country"
UNFOUNDED = "The espionage charges are unfounded"
STOLTENBERG_1 = "We are determined to do everything we can to support Ukraine"
PESKOV = (
    "We have an internal security doctrine; this is public, you can read there all the "
    "reasons for the use of nuclear weapons. And if it\u2019s an existential threat to our "
    "country, then they can be used in accordance with our doctrine."
)
LAVROV_1 = (
    "Negotiations are difficult, the Ukrainian side is constantly changing its position. "
    "It\u2019s hard to get rid of the feeling that our American colleagues are holding their "
    "hands"
)
LAVROV_ARMS = "water Ukraine with arms"
LAVROV_2 = (
    "All this is not about Ukraine, but about the world order that the United States wants "
    "to dominate."
)
REPORTED = "Moscow will only use nuclear weapons in Ukraine if there is an existential threat"
REPORTED_CLAIM = f"{REPORTED} against Russia."
INVENTED_QUOTE = "We will not comment on these rumours until the investigation is complete"
INVENTED_NUMBER: Data = {
    "text": "987,654",
    "value": 987654,
    "unit": "people",
    "what": "people affected",
    "qualifier": "exact",
}
POLAND = "Poland expelled 45 Russian spies posing as diplomats on Wednesday."
TROOPS = (
    "NATO now has 40,000 troops directly under its leadership, in addition to the 100,000 US "
    "troops deployed in Europe."
)
US_BELIEVES = (
    "The US government believes that members of Russian forces have committed war crimes in "
    "Ukraine."
)
NOT_A_PARTY = "NATO is not a party to the conflict and will not send troops to Ukraine."
IODINE = (
    "If an infant's not getting enough iodine ... brain development won't be completed and "
    "they won't grow normally, and as you get older the problem will be that you will develop "
    "a goiter and your thyroid won't function as well as it should, so that may have all sorts "
    "of pernicious effects upon normal function in life."
)


def _quote(text: str, speaker: str | None = ANY, **kw: Any) -> Item:
    return Item("quotes", text, speaker, **kw)


CATALOGUE: tuple[Fault, ...] = (
    # ---- quotes
    Fault(
        "typographic drift",
        "straight apostrophe for the article's curly one, doubled spaces",
        "keep",
        SEED,
        Expect(keep=(_quote(PESKOV, "Dmitry Peskov"),)),
        edit(
            "quotes",
            "internal security doctrine",
            text=lambda t: t.replace("\u2019", "'").replace("; this", ";  this"),
        ),
    ),
    Fault(
        "trailing full stop",
        "a '.' added where the quote runs into 'he added'",
        "keep",
        SEED,
        Expect(keep=(_quote(BLINKEN_2, "Antony Blinken"),)),
        edit("quotes", "numerous credible reports", text=lambda t: t + "."),
    ),
    Fault(
        "closing mark kept",
        "the article's closing \u00bb copied into the quote",
        "keep",
        SEED,
        Expect(keep=(_quote(LAVROV_2, "Sergei Lavrov"),)),
        edit("quotes", "world order", text=lambda t: t + " \u00bb"),
    ),
    Fault(
        "enclosing quotation marks",
        "the quote wrapped in curly quotation marks",
        "keep",
        SEED,
        Expect(keep=(_quote(STOLTENBERG_1, "Jens Stoltenberg"),)),
        edit("quotes", "We are determined", text=lambda t: f"\u201c{t}\u201d"),
    ),
    Fault(
        "short quote with a full stop",
        "a four-word quote glued to the next word in the article, given with a '.'",
        "keep",
        SEED,
        Expect(keep=(_quote(LAVROV_ARMS, "Sergei Lavrov"),)),
        edit("quotes", LAVROV_ARMS, text=lambda t: t + "."),
    ),
    Fault(
        "elision",
        "the middle of a quote left out with an ellipsis",
        "keep",
        SEED,
        # One quote per uninterrupted passage (BRIEF.md section 4), each on its exact words.
        Expect(
            keep=(
                _quote("Today, I can report that", "Antony Blinken", count=1),
                _quote(
                    "the US government believes that members of Russian forces have committed "
                    "war crimes in Ukraine.",
                    "Antony Blinken",
                    count=1,
                ),
            ),
            replaced=(BLINKEN_1,),
        ),
        edit(
            "quotes",
            "Today, I can report",
            text="Today, I can report that \u2026 the US government believes that members of "
            "Russian forces have committed war crimes in Ukraine.",
        ),
    ),
    Fault(
        "literal ellipsis in the quote",
        "a verbatim quote that itself holds '...'",
        "keep",
        "news-iodine",
        Expect(keep=(Item("quotes", IODINE, "Cres Eastman", count=1),)),
    ),
    Fault(
        "splice of two speakers",
        "Stoltenberg's words and Blinken's joined by an ellipsis, given as Blinken's",
        "drop",
        SEED,
        Expect(
            keep=(_quote(BLINKEN_2, "Antony Blinken"), _quote(STOLTENBERG_1, "Jens Stoltenberg")),
            lose=(Item("quotes", STOLTENBERG_1, "Antony Blinken"),),
            warning="We are determined",
            extra=None,
        ),
        add(
            "quotes",
            {"text": f"{STOLTENBERG_1} \u2026 {BLINKEN_2}", "speaker": "Antony Blinken"},
            anchor=STOLTENBERG_1,
        ),
    ),
    Fault(
        "reported speech as a quote",
        "a narrative sentence of what Peskov said given as his quote",
        "drop",
        SEED,
        Expect(
            keep=(Item("claims", REPORTED_CLAIM, "Dmitry Peskov"),),
            lose=(Item("quotes", REPORTED),),
            extra=None,
        ),
        add("quotes", {"text": REPORTED, "speaker": "Dmitry Peskov"}, anchor=REPORTED),
    ),
    Fault(
        "paraphrased quote",
        "a quote reworded beyond small slips: 'In essence, ...', every third word left out",
        "repair",
        ANY_CASE,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),), extra=1),
        edit("quotes", long_quote, text=sloppy),
    ),
    Fault(
        "invented quote",
        "a quote the article does not hold",
        "drop",
        ANY_CASE,
        Expect(lose=(Item("quotes", INVENTED_QUOTE),), warning="We will not comment", extra=1),
        add("quotes", {"text": INVENTED_QUOTE, "speaker": None}),
    ),
    Fault(
        "duplicate quote",
        "the same quote listed twice",
        "keep",
        SEED,
        Expect(keep=(_quote(MINISTRY, count=1),)),
        add("quotes", {"text": MINISTRY, "speaker": "Russian Foreign Ministry"}, anchor=MINISTRY),
    ),
    Fault(
        "misattributed speaker",
        "a quote given to another person the answer lists",
        "repair",
        ANY_CASE,
        Expect(
            keep=(_quote(LAVROV_2, "Sergei Lavrov"),),
            lose=(Item("quotes", LAVROV_2, "Antony Blinken"),),
            extra=None,
        ),
        misattribute(),
    ),
    # ---- actors
    Fault(
        "duplicate actors",
        "'Lavrov', 'Mr. Lavrov' and 'Sergei Lavrov' listed as three actors",
        "keep",
        SEED,
        Expect(keep=(Item("actors", "Lavrov", count=1), _quote(LAVROV_2, "Sergei Lavrov"))),
        replace_actor(
            "Sergei Lavrov",
            {"name": "Lavrov", "kind": "person"},
            {"name": "Mr. Lavrov", "kind": "person"},
            {"name": "Sergei Lavrov", "kind": "person", "role": "Russian Foreign Minister"},
        ),
    ),
    Fault(
        "short and full name as two actors",
        "'Blinken' listed beside 'Antony Blinken', a quote given to 'Blinken'",
        "keep",
        SEED,
        Expect(keep=(Item("actors", "Blinken", count=1), _quote(BLINKEN_2, "Antony Blinken"))),
        combine(
            add("actors", {"name": "Blinken", "kind": "person"}, anchor="Blinken"),
            edit("quotes", "numerous credible", speaker="Blinken"),
        ),
    ),
    Fault(
        "display name as speaker",
        "speaker given as 'US Secretary of State Antony Blinken'",
        "keep",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),)),
        edit("quotes", "Today, I can report", speaker="US Secretary of State Antony Blinken"),
    ),
    Fault(
        "title and name as speaker",
        "speaker given as 'NATO chief Jens Stoltenberg'",
        "keep",
        SEED,
        Expect(keep=(_quote(STOLTENBERG_1, "Jens Stoltenberg"),)),
        edit("quotes", "We are determined", speaker="NATO chief Jens Stoltenberg"),
    ),
    Fault(
        "unnamed speaker",
        "speaker given as a description, 'the Russian ambassador'",
        "keep",
        SEED,
        Expect(keep=(_quote(UNFOUNDED, None),)),
        edit("quotes", UNFOUNDED, speaker="the Russian ambassador"),
    ),
    # ---- figures
    Fault(
        "invented figure",
        "'12 warships': a value the article has, counting something it does not",
        "drop",
        SEED,
        Expect(
            keep=(Item("numbers", "12", value=12, unit="members"),),
            lose=(Item("numbers", "12", value=12, unit="warships"),),
            warning="warships",
            extra=None,
        ),
        add(
            "numbers",
            {"text": "12", "value": 12, "unit": "warships", "what": "Russian warships expelled"},
            anchor="12 members",
        ),
    ),
    Fault(
        "number not in the article",
        "a figure whose value and text the article does not hold",
        "drop",
        ANY_CASE,
        Expect(lose=(Item("numbers", "987,654", value=987654),), warning="987,654", extra=1),
        add("numbers", INVENTED_NUMBER),
    ),
    Fault(
        "value as a string",
        "value written as the text '40,000'",
        "salvage",
        SEED,
        Expect(keep=(Item("numbers", "40,000", value=40000, unit="troops"),)),
        edit("numbers", "40,000", value="40,000"),
    ),
    Fault(
        "share as a fraction",
        "58% given as value 0.58",
        "keep",
        "news-election",
        Expect(keep=(Item("numbers", "58%", value=58, unit="percent"),)),
        edit("numbers", "58%", value=0.58),
    ),
    Fault(
        "scale word not applied",
        "'about 6 million visitors' given as value 6",
        "keep",
        "news-lanterns",
        Expect(keep=(Item("numbers", "about 6 million visitors", value=6_000_000),)),
        edit("numbers", "about 6 million", value=6),
    ),
    Fault(
        "vague quantity: a couple",
        "'a couple' of versions, value 2, qualifier about (the gold itself)",
        "keep",
        "interview-mcguire",
        Expect(keep=(Item("numbers", "a couple", value=2),)),
    ),
    Fault(
        "vague quantity: double digits",
        "'double digits' in the polls, value 10 percent, at least (the gold itself)",
        "keep",
        "interview-libertarian",
        Expect(keep=(Item("numbers", "double digits", value=10),)),
    ),
    Fault(
        "vague quantity: nearly two decades",
        "'nearly two' decades, value 2, about (the gold itself)",
        "keep",
        "news-afghan",
        Expect(keep=(Item("numbers", "nearly two", value=2),)),
    ),
    # ---- claims
    Fault(
        "negated claim",
        "'NATO will send troops to Ukraine': the article says it will not",
        "repair",
        SEED,
        Expect(
            keep=(Item("claims", NOT_A_PARTY, "Jens Stoltenberg"),),
            lose=(Item("claims", "NATO will send troops to Ukraine."),),
            extra=None,
        ),
        edit("claims", "will not send troops", text="NATO will send troops to Ukraine."),
    ),
    Fault(
        "wrong number in a claim",
        "'Poland expelled 12 Russian spies': the article says 45",
        "repair",
        SEED,
        Expect(
            keep=(Item("claims", POLAND),),
            lose=(Item("claims", POLAND.replace("45", "12")),),
            extra=None,
        ),
        edit("claims", "Poland expelled", text=POLAND.replace("45", "12")),
    ),
    Fault(
        "wrong source of a claim",
        "Stoltenberg's statement attributed to Lavrov",
        "repair",
        SEED,
        Expect(
            keep=(Item("claims", TROOPS, "Jens Stoltenberg"),),
            lose=(Item("claims", TROOPS, "Sergei Lavrov"),),
            extra=None,
        ),
        edit("claims", "40,000 troops", source="Sergei Lavrov"),
    ),
    Fault(
        "source not among the actors",
        "a claim attributed to 'an unnamed official'",
        "repair",
        ANY_CASE,
        Expect(keep=(Item("claims", US_BELIEVES, "Antony Blinken"),), extra=1),
        edit("claims", anything, source="an unnamed official"),
    ),
    Fault(
        "thirteenth claim",
        "13 claims where the schema allows 12",
        "salvage",
        SEED,
        Expect(warning="kept the first 12 of the 13 claims", extra=None),
        pad_claims(13),
    ),
    # ---- schema slips
    Fault(
        "quote without a speaker key",
        "the 'speaker' key left out of a quote",
        "salvage",
        SEED,
        Expect(keep=(_quote(KAMINSKI, None),)),
        edit("quotes", KAMINSKI, speaker=_REMOVE),
    ),
    Fault(
        "null list",
        "'numbers': null",
        "salvage",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),), without=("numbers",)),
        set_list("numbers", None),
    ),
    Fault(
        "figure without unit and what",
        "the 'unit' and 'what' keys left out of figures",
        "salvage",
        SEED,
        Expect(keep=(Item("numbers", "45", value=45),)),
        each_item("numbers", lambda f: {k: v for k, v in f.items() if k not in ("unit", "what")}),
    ),
    Fault(
        "actors as plain names",
        "actors given as a list of name strings",
        "salvage",
        SEED,
        # Without kinds every actor reads as a person (NATO, Washington too), so a pronoun
        # may seem to point to another "person" than the speaker given: one repair may be
        # asked. The brief is not lost.
        Expect(keep=(_quote(LAVROV_2, "Sergei Lavrov"),), extra=None),
        each_item("actors", lambda a: a["name"]),
    ),
    Fault(
        "unknown actor kind",
        "kind 'alliance' for NATO",
        "salvage",
        SEED,
        Expect(keep=(Item("actors", "NATO", count=1),)),
        edit("actors", "NATO", kind="alliance"),
    ),
    Fault(
        "extra keys",
        "a 'confidence' added to every quote",
        "salvage",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),)),
        each_item("quotes", lambda q: {**q, "confidence": 0.9}),
    ),
    Fault(
        "wrapped answer",
        'the brief wrapped as {"extract_brief": {...}}',
        "salvage",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),)),
        wrap_answer("extract_brief"),
    ),
    Fault(
        "fenced JSON",
        "the answer in a ```json fence",
        "salvage",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),)),
        wire=content(lambda p: f"```json\n{p}\n```"),
    ),
    Fault(
        "JSON wrapped in prose",
        "the answer between a sentence before and after it",
        "salvage",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),)),
        wire=content(lambda p: f"Here is the brief you asked for:\n\n{p}\n\nI hope this helps."),
    ),
    Fault(
        "raw line breaks in strings",
        "line breaks inside JSON strings, unescaped",
        "salvage",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),)),
        wire=content(with_raw_newlines),
    ),
    Fault(
        "brief as text in tools mode",
        "no tool call: the brief as the message's text",
        "salvage",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),)),
        wire=as_text_not_tool,
        modes=("tools",),
    ),
    Fault(
        "another function called",
        "the answer given to a function named 'submit_brief'",
        "repair",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),), extra=1),
        wire=tool_named("submit_brief"),
        modes=("tools",),
    ),
    Fault(
        "empty answer",
        "an empty JSON object",
        "repair",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),), extra=1),
        wire=content(lambda p: "{}"),
    ),
    Fault(
        "prose instead of JSON",
        "a sentence of prose and no JSON",
        "repair",
        SEED,
        Expect(keep=(_quote(BLINKEN_1, "Antony Blinken"),), extra=1),
        wire=content(lambda p: "The article is about war crimes in Ukraine."),
    ),
    Fault(
        "cut off at max_tokens",
        "the answer for a chunk over 3,000 characters stops halfway (finish_reason=length)",
        "split",
        SEED,
        Expect(
            keep=(_quote(BLINKEN_1, "Antony Blinken"), _quote(LAVROV_2, "Sergei Lavrov")),
            extra=None,
        ),
        wire=cut_off_over(3000),
    ),
    Fault(
        "refusal",
        "the model refuses",
        "fail",
        SEED,
        Expect(error="refused", extra=None),
        wire=refusal,
    ),
    Fault(
        "oversized response",
        "a runaway answer of 5 MB",
        "fail",
        SEED,
        Expect(error="max_response_bytes", extra=None),
        wire=oversized(5_000_000),
    ),
    Fault(
        "not JSON at all",
        "an HTML error page with status 200",
        "fail",
        SEED,
        Expect(error="not JSON", extra=None),
        wire=not_json,
    ),
)


# -------------------------------------------------------------------- plans


class FaultPlan(Oracle):
    """The oracle with ``faults``: what it first says about a chunk, and how it corrects it."""

    def __init__(self, case: Case, faults: tuple[Fault, ...]):
        self.case = case
        self.faults = faults
        self._corrections: Corrections = {}
        self._touched: dict[str, int] = {}
        self._lock = threading.Lock()

    def touched(self, fault: Fault) -> int:
        """How many chunks ``fault`` changed."""
        with self._lock:
            return self._touched.get(fault.name, 0)

    def _mark(self, fault: Fault, corrections: Corrections) -> None:
        with self._lock:
            self._corrections.update(corrections)
            self._touched[fault.name] = self._touched.get(fault.name, 0) + 1

    def answer(self, chunk: Chunk) -> Data:
        data = super().answer(chunk)
        for fault in self.faults:
            if fault.change is not None:
                corrections = fault.change(data, chunk)
                if corrections is not None:
                    self._mark(fault, corrections)
        return data

    def first(self, chunk: Chunk, request: dict[str, Any]) -> Reply:
        payload = json.dumps(self.answer(chunk), ensure_ascii=False)
        for fault in self.faults:
            if fault.wire is not None:
                sent = fault.wire(request, payload, chunk)
                if sent is not None:
                    self._mark(fault, {})
                    return sent
        return reply(request, payload)

    def correction(
        self, chunk: Chunk, field: str, index: int, item: Data | str
    ) -> Data | str | None:
        key = identity(field, item) if isinstance(item, dict) else "summary"
        with self._lock:
            known = key in self._corrections
            fixed = self._corrections.get(key)
        if known:
            return fixed if isinstance(fixed, dict) else None
        return super().correction(chunk, field, index, item)

    @property
    def raw(self) -> Extraction:
        """The first answer for the whole article, read as the pipeline reads it."""
        whole = Chunk(self.case, 0, len(self.case.text))
        try:
            return BriefAnswer.model_validate_json(json.dumps(self.answer(whole))).extraction()
        except UnreadableAnswer:
            return Extraction(summary="")


def faults_for(case: Case) -> tuple[Fault, ...]:
    """The catalogue's faults in the items of ``case``'s answer (they combine in one answer);
    slips of form are left to the catalogue's own tests."""
    return tuple(
        f
        for f in CATALOGUE
        if f.case in (case.id, ANY_CASE)
        and f.change
        and not f.wire
        and f.outcome in ("keep", "drop", "repair")
    )


def plan_faults(case: Case) -> FaultPlan:
    """The oracle for ``case`` with every content fault of the catalogue shown on it."""
    return FaultPlan(case, faults_for(case))


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


ORACLE_MODEL = "oracle"
FAULTY_MODEL = "oracle-with-faults"


@dataclass
class FaultServer:
    """Plans by case for a fake server: model ``oracle`` answers clean, any other with faults."""

    plans: dict[str, FaultPlan] = field(default_factory=dict)

    def author(self, case: Case, request: dict[str, Any]) -> Oracle:
        if request.get("model") == ORACLE_MODEL:
            return Oracle()
        return self.plans.get(case.id) or Oracle()
