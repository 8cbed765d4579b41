"""Fixtures: a small World served by the Sonarr and Radarr simulators over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tendarr.integrations._http import VendorHttp
from tendarr.integrations.arr.client import ArrClient
from tendarr.integrations.radarr.adapter import RadarrAdapter
from tendarr.integrations.sonarr.adapter import SonarrAdapter
from tendarr.sim import radarr, sonarr
from tendarr.sim.faults import FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, free_port_block
from tendarr.sim.radarr.app import RadarrApp
from tendarr.sim.sonarr.app import SonarrApp
from tendarr.sim.world import World
from tests.simulators import simulators


@dataclass
class ArrRig:
    """Both simulators on loopback, their fault switches, and adapters that reach them."""

    world: World
    sonarr_app: SonarrApp
    radarr_app: RadarrApp
    sonarr_faults: FaultPlan
    radarr_faults: FaultPlan
    services: dict[str, dict[str, Any]]
    slept: list[float] = field(default_factory=list)
    clients: list[httpx.Client] = field(default_factory=list)

    def http(self, url: str, timeout: float = 10.0) -> httpx.Client:
        """Return a client for ``url`` that the fixture closes afterwards."""
        client = httpx.Client(base_url=url, timeout=timeout)
        self.clients.append(client)
        return client

    def vendor(
        self, name: str, *, url: str | None = None, timeout: float = 10.0, retries: int = 3
    ) -> VendorHttp:
        """Return the VendorHttp for one app; its back-off sleeps are recorded, not slept."""
        base = url or str(self.services[name.lower()]["url"])
        return VendorHttp(self.http(base, timeout), name, retries=retries, sleep=self.slept.append)

    def sonarr(self, *, api_key: str | None = None, url: str | None = None) -> SonarrAdapter:
        """Return the Sonarr adapter (with another key or URL when given)."""
        key = api_key or str(self.services["sonarr"]["api_key"])
        return SonarrAdapter(ArrClient(self.vendor("Sonarr", url=url), key))

    def radarr(self, *, api_key: str | None = None, url: str | None = None) -> RadarrAdapter:
        """Return the Radarr adapter (with another key or URL when given)."""
        key = api_key or str(self.services["radarr"]["api_key"])
        return RadarrAdapter(ArrClient(self.vendor("Radarr", url=url), key))


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=6, shows=3, users=2, servers=("jellyfin",)))


@pytest.fixture
def rig(world: World) -> Iterator[ArrRig]:
    sonarr_faults, radarr_faults = FaultPlan(), FaultPlan()
    sonarr_app = sonarr.create_app(world, faults=sonarr_faults)
    radarr_app = radarr.create_app(world, faults=radarr_faults)
    base = free_port_block(2)
    endpoints = [
        Endpoint("sonarr", sonarr_app, f"http://127.0.0.1:{base}", sonarr.credentials(world)),
        Endpoint("radarr", radarr_app, f"http://127.0.0.1:{base + 1}", radarr.credentials(world)),
    ]
    with simulators(world, endpoints) as described:
        rig = ArrRig(world, sonarr_app, radarr_app, sonarr_faults, radarr_faults, described)
        try:
            yield rig
        finally:
            for client in rig.clients:
                client.close()
