"""Leaving Soon is visible on Plex and Jellyfin at once, and leaves both after deletion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime
from tendarr.sim.faults import FaultMiddleware
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint
from tendarr.sim.plex.app import plex_state
from tendarr.sim.world import World
from tests.api.test_household_api import finished
from tests.api.test_servers_and_sync import plex_body
from tests.integration.cleanup.household import (
    DAY,
    Sims,
    chosen_movies,
    connect,
    create_rule,
    history,
    only_these_watched,
    run_cleanup,
)
from tests.support import FakeClock, install_env, make_runtime


@pytest.fixture
def world() -> World:
    # Two users: a managed Plex user's watchlist cannot be read without their own sign-in,
    # which (rightly) keeps everything while it is unknown.
    config = WorldConfig(seed=5, movies=14, shows=2, users=2, servers=("plex", "jellyfin"))
    return generate_world(config)


@pytest.fixture
def runtime(tmp_path: Path, database_url: str, sims: Sims, clock: FakeClock) -> Iterator[Runtime]:
    env = install_env(
        tmp_path / "data",
        database_url,
        TENDARR_PLEXTV_URL=sims["plextv"]["url"],
        TENDARR_PLEX_DISCOVER_URL=sims["discover"]["url"],
    )
    rt = make_runtime(env, clock=clock)
    yield rt
    rt.close()


def on_plex(endpoints: list[Endpoint], world: World) -> set[int]:
    """Movie ids in Plex's "Leaving Soon" collections that Plex still holds."""
    app = next(e for e in endpoints if e.name == "plex").app
    assert isinstance(app, FaultMiddleware)
    plex = plex_state(app)
    server = next(s for s in world.servers if s.kind == "plex")
    by_key = {key: item_id for (kind, item_id), key in server.native_ids.items() if kind == "movie"}
    movies = {m.id: m for m in world.movies}
    found = {
        by_key[key]
        for c in plex.collections.values()
        if c.title == "Leaving Soon"
        for key in c.items
        if key in by_key
    }
    return {i for i in found if movies[i].in_library}


def on_jellyfin(endpoints: list[Endpoint], world: World) -> set[int]:
    """Movie ids the Jellyfin "Leaving Soon" collection shows."""
    sim: Any = next(e for e in endpoints if e.name == "jellyfin").app.state.sim  # type: ignore[attr-defined]
    movies = {m.id: m for m in world.movies}
    return {
        i
        for c in sim.state.collections.values()
        if c.name == "Leaving Soon"  # an emptied collection is deleted
        for kind, i in c.members
        if kind == "movie" and movies[i].in_library
    }


def test_leaving_soon_shows_on_plex_and_jellyfin_and_deleted_titles_leave_both(
    admin: TestClient,
    runtime: Runtime,
    sims: Sims,
    world: World,
    endpoints: list[Endpoint],
    clock: FakeClock,
) -> None:
    movies = chosen_movies(world, 3)
    only_these_watched(world, movies, world.users[0].id)
    plex = plex_body(sims)
    assert admin.post("/api/servers", json=plex).status_code == 201
    assert admin.post(f"/api/servers/{plex['id']}/refresh-libraries").status_code == 200
    assert admin.post(f"/api/servers/{plex['id']}/sync", json={"full": True}).status_code == 202
    connect(admin, runtime, sims, "radarr")  # Jellyfin, then the household, then Radarr
    household = finished(admin, "household.sync", 2)
    assert all(j["state"] == "succeeded" for j in household), household
    create_rule(admin)

    run_cleanup(admin)
    wanted = {m.id for m in movies}
    assert on_jellyfin(endpoints, world) == wanted
    assert on_plex(endpoints, world) == wanted
    clock.advance(16 * DAY)
    assert run_cleanup(admin)["deletions"] == {"done": 3}, [
        r["detail"] for r in history(admin).values()
    ]
    assert on_jellyfin(endpoints, world) == set()
    assert on_plex(endpoints, world) == set()
