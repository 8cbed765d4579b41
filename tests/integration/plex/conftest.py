"""The Plex simulator driven in-process, with its requests and back-off sleeps recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.integrations.plex import PlexClient, PlexServer
from tendarr.sim.faults import FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import MediaServer
from tendarr.sim.plex import create_app, credentials
from tendarr.sim.world import World

BASE_URL = "http://plex.sim.test:32400"
CLIENT_ID = "tendarr-test-install"
SERVER_ID = "plex-1"


@dataclass
class PlexSim:
    """One simulated PMS and everything a test needs to talk to it and inspect it."""

    world: World
    faults: FaultPlan
    http: TestClient
    token: str
    requests: list[httpx.Request] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)

    @property
    def server_model(self) -> MediaServer:
        return self.world.server(SERVER_ID)

    def client(self, token: str | None = None) -> PlexClient:
        return PlexClient(
            self.http,
            BASE_URL,
            self.token if token is None else token,
            CLIENT_ID,
            version="9.9.9",
            sleep=self.sleeps.append,
        )

    def adapter(self, token: str | None = None, *, detail_batch: int = 50) -> PlexServer:
        return PlexServer(SERVER_ID, self.client(token), detail_batch=detail_batch)

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    def native(self, kind: str, item_id: int) -> str:
        return self.server_model.native_ids[(kind, item_id)]


def make_sim(movies: int = 30, shows: int = 4) -> PlexSim:
    """Return a small household with one Plex server."""
    world = generate_world(WorldConfig(movies=movies, shows=shows, users=2, servers=("plex",)))
    faults = FaultPlan()
    http = TestClient(create_app(world, server_id=SERVER_ID, faults=faults))
    sim = PlexSim(world, faults, http, credentials(world, SERVER_ID)["token"])
    http.event_hooks["request"].append(sim.requests.append)
    return sim


@pytest.fixture
def sim() -> PlexSim:
    return make_sim()
