"""Outgoing Plex webhooks: multipart ``payload`` JSON posted to every registered URL."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Delivery:
    """One POST made (or attempted) to a webhook URL."""

    url: str
    event: str
    status: int | None
    error: str | None = None


@dataclass
class WebhookOutbox:
    """The webhook URLs of the account and the payloads waiting to go out."""

    urls: list[str] = field(default_factory=list)
    push_notifications: bool = True  # library.new rides the push path; off drops it silently
    pending: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    transport: httpx.AsyncBaseTransport | None = None
    timeout_s: float = 5.0

    def queue(self, payload: dict[str, Any]) -> None:
        """Queue a payload for every URL registered now."""
        if payload.get("event") == "library.new" and not self.push_notifications:
            return
        if self.urls:
            self.pending.append(payload)

    async def flush(self) -> list[Delivery]:
        """Post every queued payload to every URL; return what happened."""
        batch, self.pending = self.pending, []
        done: list[Delivery] = []
        async with httpx.AsyncClient(transport=self.transport, timeout=self.timeout_s) as client:
            for payload in batch:
                for url in list(self.urls):
                    done.append(await _post(client, url, payload))
        self.deliveries.extend(done)
        return done

    async def run(self, interval_s: float = 0.5) -> None:
        """Flush forever (the app's lifespan runs this)."""
        while True:
            if self.pending:
                await self.flush()
            await asyncio.sleep(interval_s)


# A tiny placeholder JPEG: ``library.new`` and some other events add a ``thumb`` part.
THUMB_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0"
    "000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bff"
    "da0008010100003f00d2cf20ffd9"
)
THUMB_EVENTS = {"library.new", "media.play", "media.rate"}


async def _post(client: httpx.AsyncClient, url: str, payload: dict[str, Any]) -> Delivery:
    # Plex sends a form field named "payload" (no filename) inside multipart/form-data.
    files: dict[str, tuple[str | None, bytes] | tuple[str, bytes, str]] = {
        "payload": (None, json.dumps(payload).encode())
    }
    if payload.get("event") in THUMB_EVENTS:
        files["thumb"] = ("thumb.jpg", THUMB_JPEG, "image/jpeg")
    try:
        response = await client.post(url, files=files, headers={"User-Agent": "PlexMediaServer"})
    except httpx.HTTPError as err:
        return Delivery(url, str(payload.get("event")), None, repr(err))
    return Delivery(url, str(payload.get("event")), response.status_code)
