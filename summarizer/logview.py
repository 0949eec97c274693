"""``summarizer logs``: the call log from the store, as tables and as the exact messages.

Every cell is plain text on one line without control characters (titles, messages
and answers come from articles and models); a message's content is shown as it was
sent, cleaned of escape sequences.
"""

from __future__ import annotations

import json
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .errors import UsageError
from .safe_text import one_line, strip_controls
from .store import Store

_NARROW: dict[str, Any] = {"box": box.SIMPLE_HEAD, "pad_edge": False, "collapse_padding": True}


def cell(value: Any) -> Text:
    """A table cell showing ``value`` as it is: no markup, no control characters."""
    return Text(one_line(str(value)))


def cost_text(value: float | None) -> str:
    """A cost in USD, or ``?`` when the model has no known price."""
    return "?" if value is None else f"${value:.4f}"


def call_name(call: dict[str, Any]) -> str:
    """What a call was about: the article's title, else the part of the article it read."""
    return str(call.get("title") or call.get("label") or call.get("text_sha256", "")[:12])


def calls_table(calls: list[dict[str, Any]], title: str, width: int = 100) -> Table:
    """One row per call: id, time, model, article, outcome, tokens, cost; the article's
    title is cut to what fits in ``width`` columns (answers and seconds are in ``show``)."""
    room = max(12, width - 66)
    table = Table(
        "id", "time", "model", "article", "outcome", "tokens", "cost", title=title, **_NARROW
    )
    for c in calls:
        table.add_row(
            *map(
                cell,
                (
                    c["id"],
                    c["time"][5:16].replace("T", " "),
                    _cut(c["model"], 16),
                    _cut(call_name(c), room),
                    c["outcome"],
                    f"{c['total_tokens']:,}",
                    cost_text(c["cost_usd"]),
                ),
            )
        )
    return table


def _cut(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def recent_calls(store: Store, limit: int, width: int = 100) -> Table:
    """The latest ``limit`` calls, newest first."""
    return calls_table(store.recent_calls(limit), "Model calls, newest first (times in UTC)", width)


def call_details(store: Store, call_id: int) -> RenderableType:
    """One call: what it was, then each request's messages and the model's answer.

    A request after the first one (a re-ask or a repair) shows only the messages it
    adds to the first request's.

    Raises:
        UsageError: there is no call ``call_id``.
    """
    call = find_call(store, call_id)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(no_wrap=True)
    facts.add_column(overflow="fold")
    for label, key in [
        ("time", "time"),
        ("kind", "kind"),
        ("provider", "provider"),
        ("model", "model"),
        ("prompt", "prompt_id"),
        ("prompt sha256", "prompt_sha256"),
        ("article", "title"),
        ("part", "label"),
        ("text sha256", "text_sha256"),
        ("daily run", "run_id"),
        ("outcome", "outcome"),
        ("error", "error"),
        ("answers", "attempts"),
        ("prompt tokens", "prompt_tokens"),
        ("completion tokens", "completion_tokens"),
        ("seconds", "latency_s"),
    ]:
        if call.get(key) not in (None, ""):
            facts.add_row(label, cell(call[key]))
    facts.add_row("cost", cost_text(call["cost_usd"]))
    parts: list[RenderableType] = [Text(f"Call {call_id}", style="bold"), facts]
    exchanges = call["exchanges"]
    if not exchanges and call["provider"] == "extractive":
        parts.append(Text("No messages: the extractive engine reads the article itself."))
    first: list[Any] = []
    for n, exchange in enumerate(exchanges, 1):
        messages = exchange.get("request", {}).get("messages", [])
        shown = messages[len(first) :] if n > 1 and messages[: len(first)] == first else messages
        if n == 1:
            first = messages
        parts += _exchange(n, exchange, shown, len(messages) - len(shown))
    if call.get("response") is not None:
        parts += [Text("Final answer", style="bold"), Text(_json(call["response"]))]
    return Group(*parts)


def _exchange(
    n: int, exchange: dict[str, Any], messages: list[dict[str, Any]], repeated: int
) -> list[RenderableType]:
    head = f"Request {n}"
    if repeated:
        head += f" (the first request's {repeated} messages, then:)"
    out: list[RenderableType] = [Text(head, style="bold")]
    for message in messages:
        out.append(Text(f"[{one_line(str(message.get('role', '?')))}]", style="cyan"))
        out.append(Text(strip_controls(_content(message.get("content")))))
    if exchange.get("error"):
        out.append(Text(f"failed: {one_line(exchange['error'])}", style="red"))
    answer = _answer(exchange.get("response"))
    if answer is not None:
        usage = exchange.get("usage") or {}
        out.append(Text(f"Answer {n} ({usage.get('total_tokens', 0):,} tokens)", style="bold"))
        out.append(Text(strip_controls(answer)))
    return out


def _content(content: Any) -> str:
    return content if isinstance(content, str) else _json(content)


def _answer(response: Any) -> str | None:
    """What the model said in a chat completion: its function call's arguments (as JSON,
    indented when it parses) or its text; the whole body when it is neither."""
    if response is None:
        return None
    try:
        message = response["choices"][0]["message"]
    except (KeyError, IndexError, TypeError):
        return _json(response)
    said = [
        call.get("function", {}).get("arguments", "") for call in message.get("tool_calls") or []
    ]
    said += [message["content"]] if message.get("content") else []
    if message.get("refusal"):
        said.append(f"(refused) {message['refusal']}")
    return "\n".join(_pretty(s) for s in said) if said else _json(message)


def _pretty(text: str) -> str:
    try:
        return _json(json.loads(text))
    except (json.JSONDecodeError, TypeError):
        return text


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def find_call(store: Store, call_id: int) -> dict[str, Any]:
    """Call ``call_id`` with its exchanges and answer.

    Raises:
        UsageError: there is no such call.
    """
    call = store.call(call_id)
    if call is None:
        raise UsageError(f"no call with id {call_id} in {store.path} (see `summarizer logs`)")
    return call
