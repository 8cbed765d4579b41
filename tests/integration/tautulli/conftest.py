"""Fixtures: a small Plex household, its Tautulli simulator and the history source."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tendarr.integrations.tautulli.history import TautulliHistory, tautulli_history
from tendarr.sim.faults import FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import MediaServer
from tendarr.sim.tautulli import create_app, credentials
from tendarr.sim.world import World
from tests.integration.jellyfin.world_view import Recorder, record

SERVER_ID = "srv-plex"
URL = "http://testserver"


class Rig:
    """The Tautulli simulator, the client that reaches it and what it sent."""

    def __init__(self, world: World, faults: FaultPlan) -> None:
        self.http = TestClient(create_app(world, faults=faults))
        self.sent: Recorder = record(self.http)
        self.api_key = credentials(world)["api_key"]

    def source(self, api_key: str | None = None) -> TautulliHistory:
        """Return the history source over this rig (with another key if given)."""
        return tautulli_history(self.http, URL, api_key or self.api_key, SERVER_ID)


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=8, shows=2, users=3, servers=("plex",)))


@pytest.fixture
def plex(world: World) -> MediaServer:
    return next(s for s in world.servers if s.kind == "plex")


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
def rig(world: World, faults: FaultPlan) -> Rig:
    return Rig(world, faults)
