"""A household on the Jellyfin + Sonarr/Radarr simulators with fault switches, a fake clock
and a running app (embedded workers), for deletion tests end to end over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime, build_web_app
from tendarr.sim.faults import FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block
from tendarr.sim.jellyfin import app as jellyfin
from tendarr.sim.radarr import app as radarr
from tendarr.sim.sonarr import app as sonarr
from tendarr.sim.world import World
from tests.integration.cleanup.household import Faults, Sims, jellyfin_id
from tests.simulators import simulators
from tests.support import ADMIN, FakeClock, install_env, make_runtime


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(seed=5, movies=14, shows=2, users=3, servers=("jellyfin",)))


@pytest.fixture
def faults() -> Faults:
    return Faults(FaultPlan(), FaultPlan(), FaultPlan())


@pytest.fixture
def endpoints(world: World, faults: Faults) -> list[Endpoint]:
    """Every simulator; Jellyfin, Sonarr and Radarr with their fault switches."""
    built = build_endpoints(world, "127.0.0.1", free_port_block(16))
    swapped = []
    for endpoint in built:
        app = endpoint.app
        if endpoint.name == "jellyfin":
            app = jellyfin.create_app(world, server_id=jellyfin_id(world), faults=faults.jellyfin)
        elif endpoint.name == "radarr":
            app = radarr.create_app(world, application_url=endpoint.url, faults=faults.radarr)
        elif endpoint.name == "sonarr":
            app = sonarr.create_app(world, application_url=endpoint.url, faults=faults.sonarr)
        swapped.append(Endpoint(endpoint.name, app, endpoint.url, endpoint.credentials))
    return swapped


@pytest.fixture
def sims(world: World, endpoints: list[Endpoint]) -> Iterator[Sims]:
    with simulators(world, endpoints) as described:
        yield described


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def runtime(tmp_path: Path, database_url: str, sims: Sims, clock: FakeClock) -> Iterator[Runtime]:
    rt = make_runtime(install_env(tmp_path / "data", database_url), clock=clock)
    yield rt
    rt.close()


@pytest.fixture
def admin(runtime: Runtime) -> Iterator[TestClient]:
    app = build_web_app(runtime, worker_threads=2, run_realtime=False)
    with TestClient(app) as client:
        response = client.post("/api/setup/admin", json=ADMIN)
        assert response.status_code == 201, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client
