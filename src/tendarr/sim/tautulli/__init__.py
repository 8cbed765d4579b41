"""Tautulli API v2 simulator: the World's plays on one Plex server, by its ratingKeys."""

from __future__ import annotations

import hashlib

from starlette.applications import Starlette

from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.tautulli.app import SIMULATED, build_app
from tendarr.sim.tautulli.state import ActiveSession, TautulliState, plex_guid
from tendarr.sim.world import World

__all__ = [
    "SIMULATED",
    "ActiveSession",
    "TautulliState",
    "create_app",
    "credentials",
    "plex_guid",
    "state_of",
]


def credentials(world: World) -> dict[str, str]:
    """Return the 32-character API key this Tautulli accepts."""
    return {"api_key": hashlib.sha256(f"tautulli:{world.seed}".encode()).hexdigest()[:32]}


def create_app(
    world: World,
    *,
    faults: FaultPlan | None = None,
    api_key: str | None = None,
    server_id: str | None = None,
) -> Starlette:
    """Return the Tautulli simulator watching ``server_id`` (the first Plex server if None)."""
    server = (
        world.server(server_id) if server_id else next(s for s in world.servers if s.kind == "plex")
    )
    state = TautulliState(world, server, api_key or credentials(world)["api_key"])
    app = build_app(state)
    app.state.tautulli = state
    app.add_middleware(FaultMiddleware, plan=faults or FaultPlan())
    return app


def state_of(app: Starlette) -> TautulliState:
    """Return the simulator state behind an app from ``create_app`` (to start sessions)."""
    state: TautulliState = app.state.tautulli
    return state
