"""Shared by the Sonarr/Radarr and Overseerr/Jellyseerr API tests: simulators and bodies.

The test modules import ``sims`` and ``env`` as fixtures and define their own ``world``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime
from tendarr.domain.media import ItemKind
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block
from tendarr.sim.world import World
from tests.api.test_household_api import finished
from tests.api.test_servers_and_sync import jellyfin_body
from tests.simulators import simulators
from tests.support import install_env

Sims = dict[str, dict[str, Any]]


@pytest.fixture
def sims(world: World) -> Iterator[Sims]:
    """Every simulator of ``world`` on loopback, described by name."""
    endpoints: list[Endpoint] = build_endpoints(world, "127.0.0.1", free_port_block(16))
    with simulators(world, endpoints) as described:
        yield described


@pytest.fixture
def env(tmp_path: Path, database_url: str, sims: Sims) -> dict[str, str]:
    """The app's environment, once the simulators run."""
    return install_env(tmp_path / "data", database_url)


def connection_body(sims: Sims, kind: str, **changes: Any) -> dict[str, Any]:
    """Return the JSON body that connects the ``kind`` simulator (with ``changes``)."""
    body = {
        "id": f"{kind}-main",
        "kind": kind,
        "name": kind.title(),
        "url": sims[kind]["url"],
        "api_key": sims[kind]["api_key"],
    }
    return {**body, **changes}


def jellyfin_synced(admin: TestClient, sims: Sims, *job_types: str) -> TestClient:
    """Add the Jellyfin simulator, run a full sync and wait for each of ``job_types``."""
    body = jellyfin_body(sims)
    assert admin.post("/api/servers", json=body).status_code == 201
    assert admin.post(f"/api/servers/{body['id']}/refresh-libraries").status_code == 200
    assert admin.post(f"/api/servers/{body['id']}/sync", json={"full": True}).status_code == 202
    for job_type in job_types:
        assert all(j["state"] == "succeeded" for j in finished(admin, job_type, 1))
    return admin


def facts(runtime: Runtime, kind: ItemKind) -> dict[str, Any]:
    """Return the cleanup facts of every item of ``kind``, by title."""
    assert runtime.cleanup is not None
    views = runtime.cleanup._facts.for_kind(kind, runtime.clock.now())
    return {view.title: view.facts for view in views}
