"""Overseerr and Jellyseerr simulator (one package, two flavours) over the World's requests."""

from __future__ import annotations

import base64
import hashlib
import uuid

import httpx
from starlette.applications import Starlette

from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.seerr.routes import IMPLEMENTED, IMPLEMENTED_JELLYSEERR, SeerrRoutes
from tendarr.sim.seerr.state import Flavour, MediaRecord, SeerrState, Webhook
from tendarr.sim.seerr.webhook import DEFAULT_TEMPLATE, WebhookSender, payload
from tendarr.sim.world import World

__all__ = [
    "DEFAULT_TEMPLATE",
    "IMPLEMENTED",
    "IMPLEMENTED_JELLYSEERR",
    "MediaRecord",
    "SeerrState",
    "Webhook",
    "create_app",
    "credentials",
    "payload",
    "state_of",
]


def credentials(world: World, flavour: Flavour = "overseerr") -> dict[str, str]:
    """Return the main API key: base64 of a millisecond stamp and a UUID (68 characters)."""
    raw = hashlib.sha256(f"{flavour}:{world.seed}".encode()).digest()
    stamp = 1_700_000_000_000 + int.from_bytes(raw[16:20], "big")  # a creation time in ms
    key = base64.b64encode(f"{stamp}{uuid.UUID(bytes=raw[:16])}".encode()).decode()
    return {"api_key": key}


def create_app(
    world: World,
    *,
    faults: FaultPlan | None = None,
    flavour: Flavour = "overseerr",
    api_key: str | None = None,
    webhook: Webhook | None = None,
    webhook_transport: httpx.BaseTransport | None = None,
) -> Starlette:
    """Return an Overseerr (or Jellyseerr) simulator; webhooks go through ``webhook_transport``."""
    state = SeerrState(world, flavour, api_key or credentials(world, flavour)["api_key"])
    state.webhook = webhook
    state.notify = WebhookSender(state, webhook_transport)
    app = Starlette(routes=SeerrRoutes(state).routes())
    app.state.seerr = state
    app.add_middleware(FaultMiddleware, plan=faults or FaultPlan())
    return app


def state_of(app: Starlette) -> SeerrState:
    """Return the simulator state behind an app from ``create_app``."""
    state: SeerrState = app.state.seerr
    return state
