"""MediaBrowserLifecycle against the Emby simulator."""

from __future__ import annotations

import pytest

from tendarr.integrations.emby.client import authorization
from tendarr.integrations.mediabrowser.lifecycle import EMBY
from tendarr.sim.emby import create_app, credentials
from tendarr.sim.faults import FaultPlan
from tendarr.sim.model import MediaServer
from tendarr.sim.world import World
from tests.integration import mediabrowser_lifecycle as cases
from tests.integration.emby.conftest import DEVICE, Rig


@pytest.fixture
def lifecycle(world: World, sim_server: MediaServer, faults: FaultPlan) -> cases.LifecycleRig:
    rig = Rig(create_app(world, faults=faults), None)
    return cases.LifecycleRig(
        rig.app,
        rig.http,
        rig.slept,
        lambda token: {
            "X-Emby-Authorization": authorization(DEVICE, None, token),
            "X-Emby-Token": token,
        },
        EMBY,
        world,
        sim_server,
        faults,
    )


@pytest.fixture
def token(world: World) -> str:
    return credentials(world)["api_key"]


class TestEmbyLifecycle(cases.LifecycleCases):
    refusal_hint = "Allow media deletion"
    deletion_write = "POST /Items/Delete"
