"""A fake OpenAI Batch API on 127.0.0.1: files, batches, and the chat endpoint beside them.

Served by :class:`~summarizer.evals.fakeserver.FakeOpenAIServer`, the real ``openai``
client talks to it as to the real API: ``POST /v1/files`` (multipart upload),
``GET /v1/files`` (list), ``GET /v1/files/{id}/content``, ``POST /v1/batches``,
``GET /v1/batches`` (newest first), ``GET /v1/batches/{id}``,
``POST /v1/batches/{id}/cancel``, and ``POST /v1/chat/completions``. Every line of a
batch is answered by the same responder that serves the chat endpoint, so a batch
run and a synchronous run see the same model.

How each batch ends is planned (:class:`Plan`, one per batch in creation order):
it stays ``in_progress`` for ``polls`` status checks, then ends ``completed``
(lines ``fail`` picks get an error line instead of an answer), ``expired`` or
``cancelled`` (the first ``answered`` lines answered, the rest with
``batch_expired``/``batch_cancelled`` in the error file) or ``failed`` (no
output, the batch's ``errors`` say why). A cancel request ends it ``cancelled``
at the next status check. The input is checked as the API checks it: one model
per file, unique ``custom_id``\\s, the batch's endpoint on every line.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from .fakeserver import Reply, Responder

Data = dict[str, Any]
End = Literal["completed", "expired", "cancelled", "failed"]
LineFault = Callable[[int, Data], Reply | None]


@dataclass(frozen=True)
class Plan:
    """How one batch runs (see the module docstring)."""

    polls: int = 1
    end: End = "completed"
    answered: int = 0  # expired or cancelled: lines answered before the end
    fail: LineFault | None = None  # a line's reply instead of the model's (index, body)
    error: str = "the input file is invalid"  # failed: the reason given


def error_reply(status: int, message: str) -> Reply:
    return Reply(status, {"error": {"message": message, "type": "invalid_request_error"}})


class FakeBatchAPI:
    """The responder of a fake Batch API (see the module docstring); also counts what it did."""

    def __init__(self, responder: Responder, plans: Sequence[Plan] = ()):
        self.responder = responder
        self.plans = list(plans)
        self.files: dict[str, Data] = {}
        self.contents: dict[str, bytes] = {}
        self.batches: dict[str, Data] = {}
        self.uploads = 0
        self.created = 0
        self.cancels = 0
        self._polls: dict[str, int] = {}
        self._plan_of: dict[str, Plan] = {}
        self._ids = itertools.count(1)
        self._lock = threading.RLock()

    # ------------------------------------------------------------- routing

    def __call__(self, request: Data) -> Reply:
        method = request.get("_method", "POST")
        url = urlsplit(str(request.get("_path", "")))
        parts = [p for p in url.path.split("/") if p][1:]  # without the leading "v1"
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        with self._lock:
            return self._route(method, parts, query, request)

    def _route(self, method: str, parts: list[str], query: dict[str, str], request: Data) -> Reply:
        if parts == ["chat", "completions"] and method == "POST":
            return self.responder(request)
        if parts == ["files"]:
            return self._upload(request) if method == "POST" else self._list_files(query)
        if parts[:1] == ["files"] and len(parts) >= 2:
            return self._file(method, parts[1], parts[2:])
        if parts == ["batches"]:
            return self._create(request) if method == "POST" else self._list_batches(query)
        if parts[:1] == ["batches"] and len(parts) >= 2:
            batch = self.batches.get(parts[1])
            if batch is None:
                return error_reply(404, f"No batch found with id '{parts[1]}'.")
            if parts[2:] == ["cancel"] and method == "POST":
                return self._cancel(batch)
            return Reply(200, self._advance(batch))
        return error_reply(404, f"no route for {method} /{'/'.join(parts)}")

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids):06d}"

    # --------------------------------------------------------------- files

    def _upload(self, request: Data) -> Reply:
        content_type = str(request.get("_content_type", ""))
        body = request.get("_body")
        if "multipart/form-data" not in content_type or not isinstance(body, bytes):
            return error_reply(400, "expected a multipart upload")
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        fields: dict[str, Any] = {}
        name = "upload.jsonl"
        for part in message.iter_parts():
            key = part.get_param("name", header="content-disposition")
            if key == "file":
                name = part.get_filename() or name
            fields[str(key)] = part.get_payload(decode=True)
        data, purpose = fields.get("file"), fields.get("purpose", b"")
        if not isinstance(data, bytes):
            return error_reply(400, "no file in the upload")
        self.uploads += 1
        return Reply(200, self._store_file(name, data, purpose.decode() if purpose else ""))

    def _store_file(self, name: str, data: bytes, purpose: str) -> Data:
        file_id = self._new_id("file")
        self.files[file_id] = {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": int(time.time()),
            "filename": name,
            "purpose": purpose,
            "status": "processed",
        }
        self.contents[file_id] = data
        return self.files[file_id]

    def _list_files(self, query: dict[str, str]) -> Reply:
        items = [
            f for f in self.files.values() if f["purpose"] == query.get("purpose", f["purpose"])
        ]
        items.sort(key=lambda f: f["id"], reverse=query.get("order", "desc") == "desc")
        return Reply(200, _page(items, query))

    def _file(self, method: str, file_id: str, rest: list[str]) -> Reply:
        if file_id not in self.files:
            return error_reply(404, f"No such File object: {file_id}")
        if method == "DELETE":
            self.files.pop(file_id)
            self.contents.pop(file_id, None)
            return Reply(200, {"id": file_id, "object": "file", "deleted": True})
        if rest == ["content"]:
            return Reply(200, self.contents[file_id], {"Content-Type": "application/octet-stream"})
        return Reply(200, self.files[file_id])

    # ------------------------------------------------------------- batches

    def _create(self, request: Data) -> Reply:
        file_id = request.get("input_file_id")
        if file_id not in self.files:
            return error_reply(400, f"No such File object: {file_id}")
        batch_id = self._new_id("batch")
        now = int(time.time())
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": request.get("endpoint"),
            "errors": None,
            "input_file_id": file_id,
            "completion_window": request.get("completion_window"),
            "status": "validating",
            "output_file_id": None,
            "error_file_id": None,
            "created_at": now,
            "expires_at": now + 86_400,
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
            "metadata": request.get("metadata"),
        }
        self._plan_of[batch_id] = (
            self.plans[self.created] if self.created < len(self.plans) else Plan()
        )
        self.created += 1
        return Reply(200, self.batches[batch_id])

    def _list_batches(self, query: dict[str, str]) -> Reply:
        items = sorted(self.batches.values(), key=lambda b: b["id"], reverse=True)
        return Reply(200, _page(items, query))

    def _cancel(self, batch: Data) -> Reply:
        self.cancels += 1
        if batch["status"] in ("validating", "in_progress", "finalizing"):
            batch["status"] = "cancelling"
            batch["cancelling_at"] = int(time.time())
        return Reply(200, batch)

    def _advance(self, batch: Data) -> Data:
        """A status check: the batch moves on as its plan says."""
        plan = self._plan_of[batch["id"]]
        if batch["status"] == "validating":
            problem = self._validate(batch)
            if problem is not None:
                return self._fail(batch, problem)
            batch["status"] = "in_progress"
            batch["in_progress_at"] = int(time.time())
            self._polls[batch["id"]] = plan.polls
        if batch["status"] == "cancelling":
            return self._end(batch, Plan(end="cancelled", answered=plan.answered))
        if batch["status"] == "in_progress":
            left = self._polls[batch["id"]]
            if left > 0:
                self._polls[batch["id"]] = left - 1
                return batch
            if plan.end == "failed":
                return self._fail(batch, plan.error)
            return self._end(batch, plan)
        return batch

    def _lines(self, batch: Data) -> list[Data]:
        text = self.contents[batch["input_file_id"]].decode("utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def _validate(self, batch: Data) -> str | None:
        try:
            lines = self._lines(batch)
        except ValueError:
            return "the input file is not JSONL"
        ids = [line.get("custom_id") for line in lines]
        models = {json.dumps(line.get("body", {}).get("model")) for line in lines}
        if not lines:
            return "the input file is empty"
        if len(set(ids)) != len(ids):
            return "custom_id values are not unique"
        if len(models) != 1:
            return "the requests name more than one model"
        if any(line.get("url") != batch["endpoint"] for line in lines):
            return "a line's url is not the batch's endpoint"
        batch["request_counts"]["total"] = len(lines)
        return None

    def _fail(self, batch: Data, message: str) -> Data:
        batch["status"] = "failed"
        batch["failed_at"] = int(time.time())
        batch["errors"] = {
            "object": "list",
            "data": [{"code": "invalid_file", "message": message, "line": 1, "param": None}],
        }
        return batch

    def _end(self, batch: Data, plan: Plan) -> Data:
        out: list[Data] = []
        err: list[Data] = []
        stopped = plan.end in ("expired", "cancelled")
        for i, line in enumerate(self._lines(batch)):
            request_id = line.get("custom_id")
            if stopped and i >= plan.answered:
                code = "batch_expired" if plan.end == "expired" else "batch_cancelled"
                err.append(_error_line(request_id, code))
                continue
            body = dict(line.get("body") or {})
            reply = plan.fail(i, body) if plan.fail is not None else None
            if reply is None:
                reply = self.responder({**body, "_method": "POST", "_path": "/v1/chat/completions"})
            result = _result_line(request_id, reply)
            (out if reply.status == 200 else err).append(result)
        now = int(time.time())
        for key, lines in (("output_file_id", out), ("error_file_id", err)):
            if lines:
                data = "".join(json.dumps(x) + "\n" for x in lines).encode("utf-8")
                batch[key] = self._store_file(f"{batch['id']}_{key}.jsonl", data, "batch_output")[
                    "id"
                ]
        batch["status"] = plan.end
        batch[f"{plan.end}_at"] = now
        batch["request_counts"] = {
            "total": len(out) + len(err),
            "completed": len(out),
            "failed": len(err),
        }
        return batch


def _page(items: list[Data], query: dict[str, str]) -> Data:
    """One page of a list endpoint: ``limit`` items after the id ``after``."""
    after = query.get("after")
    if after:
        ids = [item["id"] for item in items]
        items = items[ids.index(after) + 1 :] if after in ids else []
    limit = int(query.get("limit", "20"))
    page = items[:limit]
    return {
        "object": "list",
        "data": page,
        "first_id": page[0]["id"] if page else None,
        "last_id": page[-1]["id"] if page else None,
        "has_more": len(items) > limit,
    }


def _result_line(request_id: Any, reply: Reply) -> Data:
    body = reply.body if isinstance(reply.body, dict) else json.loads(reply.body or "{}")
    return {
        "id": f"batch_req_{request_id}",
        "custom_id": request_id,
        "response": {"status_code": reply.status, "request_id": f"req_{request_id}", "body": body},
        "error": None,
    }


def _error_line(request_id: Any, code: str) -> Data:
    message = {
        "batch_expired": "This request could not be executed before the completion window expired.",
        "batch_cancelled": "This request was not executed because the batch was cancelled.",
    }[code]
    return {
        "id": f"batch_req_{request_id}",
        "custom_id": request_id,
        "response": None,
        "error": {"code": code, "message": message},
    }
