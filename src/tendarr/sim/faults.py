"""Per-endpoint fault switches a test can turn on for any simulator.

A ``FaultPlan`` holds rules; ``FaultMiddleware`` consults it on each request. Rules match
an HTTP method (or ``*``) and a path regex, and can fire a limited number of times.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from typing import Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

FaultKind = Literal[
    "status",  # answer with ``status`` (401, 403, 404, 429, 500, 502, 503 ...)
    "latency",  # wait ``seconds`` and then answer normally
    "timeout",  # wait ``seconds`` (long) and never answer usefully
    "refuse",  # drop the connection without an HTTP response
    "malformed",  # answer 200 with a body that is not valid JSON
    "fail_page",  # answer ``status`` only when the paged listing reaches page ``page``
]


@dataclass
class Fault:
    """One rule: what to do to matching requests."""

    kind: FaultKind
    path: str = ".*"
    method: str = "*"
    status: int = 500
    seconds: float = 0.0
    retry_after: int | None = None
    page: int | None = None  # for fail_page: 0-based page index
    page_size: int | None = None
    times: int | None = None  # fire at most this many times (None = always)
    fired: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._regex = re.compile(self.path)

    def matches(self, method: str, path: str) -> bool:
        """Return whether this rule applies to a request (and still has shots left)."""
        if self.times is not None and self.fired >= self.times:
            return False
        return (self.method in {"*", method}) and bool(self._regex.fullmatch(path))


@dataclass
class FaultPlan:
    """The rules in force for one simulator; tests add and clear them freely."""

    rules: list[Fault] = field(default_factory=list)

    def add(self, fault: Fault) -> Fault:
        """Switch a fault on and return it (to inspect ``fired``)."""
        self.rules.append(fault)
        return fault

    def clear(self) -> None:
        """Switch every fault off."""
        self.rules.clear()

    def match(self, method: str, path: str, query: dict[str, str]) -> Fault | None:
        """Return the first rule that fires for this request."""
        for rule in self.rules:
            if not rule.matches(method, path):
                continue
            if rule.kind == "fail_page" and not _on_page(rule, query):
                continue
            return rule
        return None


def _on_page(rule: Fault, query: dict[str, str]) -> bool:
    size = rule.page_size or 1
    for start_key in (
        "X-Plex-Container-Start",
        "startIndex",
        "StartIndex",
        "start",
        "skip",
        "offset",
    ):
        if start_key in query:
            return int(query[start_key] or 0) // size == (rule.page or 0)
    if "page" in query:  # Sonarr/Radarr/Overseerr style, 1-based
        return int(query["page"]) - 1 == (rule.page or 0)
    return (rule.page or 0) == 0


class FaultMiddleware:
    """Apply a FaultPlan in front of a simulator app."""

    def __init__(self, app: ASGIApp, plan: FaultPlan) -> None:
        self.app = app
        self.plan = plan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = _query(scope)
        for name, value in scope.get("headers") or []:
            if name.lower() in {b"x-plex-container-start", b"x-plex-container-size"}:
                query.setdefault(
                    "X-Plex-Container-" + name.decode("latin-1").split("-")[-1].title(),
                    value.decode("latin-1"),
                )
        rule = self.plan.match(scope["method"], scope["path"], query)
        if rule is None:
            await self.app(scope, receive, send)
            return
        rule.fired += 1
        if rule.kind == "latency":
            await asyncio.sleep(rule.seconds)
            await self.app(scope, receive, send)
        elif rule.kind == "timeout":
            await asyncio.sleep(rule.seconds or 3600)
            await _answer(send, 504, b'{"error": "timeout"}')
        elif rule.kind == "refuse":
            raise ConnectionResetError("simulated connection failure")
        elif rule.kind == "malformed":
            await _answer(send, 200, b'{"MediaContainer": {"size": 3, "Metadata": [{"rat')
        else:
            headers = (
                [(b"retry-after", str(rule.retry_after).encode())]
                if rule.retry_after is not None
                else []
            )
            body = json.dumps({"error": f"simulated {rule.status}"}).encode()
            await _answer(send, rule.status, body, headers)


def _query(scope: Scope) -> dict[str, str]:
    from urllib.parse import parse_qsl

    raw = scope.get("query_string", b"").decode("latin-1")
    return dict(parse_qsl(raw, keep_blank_values=True))


async def _answer(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *(headers or []),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
