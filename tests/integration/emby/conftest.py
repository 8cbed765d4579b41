"""Fixtures: a small World, its Emby simulator and an adapter pointed at it."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tendarr.integrations._http import VendorHttp
from tendarr.integrations.emby.adapter import EmbyServer
from tendarr.integrations.emby.client import EmbyClient, authorization
from tendarr.integrations.mediabrowser.models import DeviceInfo
from tendarr.sim.emby import create_app, credentials
from tendarr.sim.faults import FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import MediaServer
from tendarr.sim.world import World
from tests.integration.jellyfin.world_view import Recorder, record

DEVICE = DeviceInfo(device_id="tendarr-test-device-2", device="ci", version="0.1.0")
SERVER_ID = "srv-emby"


class Rig:
    """A simulator, the client that reaches it, what it sent and how long it slept."""

    def __init__(self, app: Starlette, token: str | None) -> None:
        self.app = app
        self.http = TestClient(app)
        self.sent: Recorder = record(self.http)
        self.slept: list[float] = []
        self.client = EmbyClient(
            VendorHttp(self.http, "Emby", sleep=self.slept.append), DEVICE, token
        )

    def client_header(self) -> dict[str, str]:
        """Return the auth header the client sends (for simulator admin calls)."""
        return {"X-Emby-Authorization": authorization(DEVICE, None, self.client.token)}

    def server(self, user_id: str | None = None) -> EmbyServer:
        """Return the adapter over this rig's client."""
        return EmbyServer(self.client, server_id=SERVER_ID, user_id=user_id)


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=8, shows=2, users=3, servers=("emby",)))


@pytest.fixture
def sim_server(world: World) -> MediaServer:
    return next(s for s in world.servers if s.kind == "emby")


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
def rig(world: World, faults: FaultPlan) -> Rig:
    return Rig(create_app(world, faults=faults), credentials(world)["api_key"])


def library_ids(server: MediaServer) -> dict[str, str]:
    """Return the simulated server's library ids by kind."""
    return {lib.kind: lib.key for lib in server.libraries}
