"""TMDB API v3 simulator: the whole world catalog, including titles not in the library."""

from __future__ import annotations

import hashlib

from starlette.applications import Starlette

from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.tmdb.app import build_app
from tendarr.sim.world import World

__all__ = ["create_app", "credentials"]


def credentials(world: World) -> dict[str, str]:
    """Return the v3 ``api_key`` and the v4 read access token this TMDB accepts."""
    digest = hashlib.sha256(f"tmdb:{world.seed}".encode()).hexdigest()
    token = f"eyJhbGciOiJIUzI1NiJ9.{digest}.{digest[:43]}"
    return {"api_key": digest[:32], "read_access_token": token}


def create_app(
    world: World,
    *,
    faults: FaultPlan | None = None,
    api_key: str | None = None,
    read_token: str | None = None,
) -> Starlette:
    """Return the TMDB v3 simulator for ``world``."""
    creds = credentials(world)
    app = build_app(world, api_key or creds["api_key"], read_token or creds["read_access_token"])
    app.add_middleware(FaultMiddleware, plan=faults or FaultPlan())
    return app
