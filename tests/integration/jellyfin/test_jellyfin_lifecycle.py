"""MediaBrowserLifecycle against the Jellyfin simulator."""

from __future__ import annotations

import pytest

from tendarr.integrations.jellyfin.client import authorization
from tendarr.integrations.mediabrowser.lifecycle import JELLYFIN
from tendarr.sim.faults import FaultPlan
from tendarr.sim.jellyfin import create_app, credentials
from tendarr.sim.model import MediaServer
from tendarr.sim.world import World
from tests.integration import mediabrowser_lifecycle as cases
from tests.integration.jellyfin.conftest import DEVICE, Rig


@pytest.fixture
def lifecycle(world: World, sim_server: MediaServer, faults: FaultPlan) -> cases.LifecycleRig:
    rig = Rig(create_app(world, faults=faults), None)
    return cases.LifecycleRig(
        rig.app,
        rig.http,
        rig.slept,
        lambda token: {"Authorization": authorization(DEVICE, token)},
        JELLYFIN,
        world,
        sim_server,
        faults,
    )


@pytest.fixture
def token(world: World) -> str:
    return credentials(world)["api_key"]


class TestJellyfinLifecycle(cases.LifecycleCases):
    refusal_hint = "Allow media deletion from"
    deletion_write = "DELETE /Items/.+"
