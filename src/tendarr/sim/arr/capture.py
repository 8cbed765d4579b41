"""A webhook receiver for tests and demos: an httpx transport that keeps what it is sent."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class WebhookInbox:
    """Capture webhook calls; answer each with ``status`` (set it to make deliveries fail)."""

    status: int = 200
    requests: list[httpx.Request] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        """Return the transport to pass to ``create_app(..., webhook_transport=...)``."""
        return httpx.MockTransport(self._handle)

    def payloads(self, event_type: str | None = None) -> list[dict[str, Any]]:
        """Return the JSON bodies received, optionally only one ``eventType``."""
        bodies = [json.loads(r.content) for r in self.requests]
        return [b for b in bodies if event_type is None or b.get("eventType") == event_type]

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status)
