"""A movie Tendarr deleted and someone requests again in Overseerr comes back, once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime
from tendarr.integrations.seerr.registry import SeerrRegistry
from tendarr.services.request_restorations import ReRequests
from tendarr.sim.faults import Fault
from tendarr.sim.model import MediaRequest
from tendarr.sim.world import World
from tests.api.test_request_apps_api import app_body
from tests.integration.cleanup.household import (
    DAY,
    Faults,
    Sims,
    chosen_movies,
    connect,
    create_rule,
    only_these_watched,
    run_cleanup,
)
from tests.support import FakeClock, wait_for


def test_a_deleted_movie_requested_again_is_restored_once(
    admin: TestClient, runtime: Runtime, sims: Sims, world: World, clock: FakeClock,
    faults: Faults,
) -> None:  # fmt: skip
    (movie,) = chosen_movies(world, 1)
    only_these_watched(world, [movie], world.users[0].id)
    connect(admin, runtime, sims, "radarr")
    create_rule(admin)
    run_cleanup(admin)
    clock.advance(16 * DAY)
    assert run_cleanup(admin)["deletions"] == {"done": 1}
    assert movie.radarr is None
    assert admin.post("/api/request-apps", json=app_body(sims, "overseerr")).status_code == 201
    assert runtime.restorations is not None
    registry = SeerrRegistry()
    scan = ReRequests(runtime.uow, registry, runtime.restorations)

    world.requests = [
        r for r in world.requests if not (r.kind == "movie" and r.item_id == movie.id)
    ]
    assert scan.scan().restorations == []  # nobody asked again: nothing starts

    again = MediaRequest(9_001, world.users[1].id, "movie", movie.id, 2, world.now, world.now)
    world.requests.append(again)
    faults.radarr.add(Fault("status", path="/api/v3/movie", method="POST", status=503))
    first = scan.scan()
    assert len(first.restorations) == 1
    faults.radarr.clear()
    assert scan.scan().restorations == first.restorations  # the same request acts once

    def restored() -> bool:
        states = [r["state"] for r in admin.get("/api/restorations").json()]
        if "failed" in states:
            restoration = admin.get("/api/restorations").json()[0]
            admin.post(f"/api/restorations/{restoration['id']}/retry")
        return states == ["done"]

    wait_for(restored, timeout=60, message="the restoration to finish")
    assert movie.radarr is not None  # back in Radarr, with the exclusion gone
    assert all(x.item_id != movie.id for x in world.exclusions if x.kind == "movie")
    registry.close()
