"""How the Jellyfin adapter fails: typed errors for the server, problems for single items."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.domain.media import LibraryPage
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.jellyfin.adapter import JellyfinServer
from tendarr.integrations.jellyfin.client import JellyfinClient
from tendarr.ports.media_server import (
    ServerAuthFailed,
    ServerRateLimited,
    ServerResponseInvalid,
    ServerUnreachable,
)
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.jellyfin import create_app, credentials
from tendarr.sim.model import MediaServer
from tendarr.sim.world import World
from tests.integration.jellyfin.conftest import DEVICE, SERVER_ID, Rig
from tests.integration.jellyfin.world_view import collect


def movie_library(server: MediaServer) -> str:
    return next(lib.key for lib in server.libraries if lib.kind == "movie")


def show_library(server: MediaServer) -> str:
    return next(lib.key for lib in server.libraries if lib.kind == "show")


def test_401_raises_auth_failed(rig: Rig, faults: FaultPlan, sim_server: MediaServer) -> None:
    faults.add(Fault("status", path="/Items", status=401))
    with pytest.raises(ServerAuthFailed):
        list(rig.server().iter_library(movie_library(sim_server)))


def test_429_is_retried_after_the_servers_delay(
    rig: Rig, faults: FaultPlan, sim_server: MediaServer
) -> None:
    fault = faults.add(Fault("status", path="/Items", status=429, retry_after=7, times=2))
    assert collect(rig.server().iter_library(movie_library(sim_server)))
    assert fault.fired == 2
    assert rig.slept == [7.0, 7.0]


def test_429_beyond_the_retries_raises_rate_limited(
    rig: Rig, faults: FaultPlan, sim_server: MediaServer
) -> None:
    faults.add(Fault("status", path="/Items", status=429, retry_after=3))
    with pytest.raises(ServerRateLimited) as raised:
        list(rig.server().iter_library(movie_library(sim_server)))
    assert raised.value.retry_after == 3.0


def test_500_raises_unreachable(rig: Rig, faults: FaultPlan) -> None:
    faults.add(Fault("status", path="/System/Info", status=500))
    with pytest.raises(ServerUnreachable, match="500"):
        rig.server().identity()


def test_503_is_retried_then_succeeds(rig: Rig, faults: FaultPlan) -> None:
    faults.add(Fault("status", path="/Library/VirtualFolders", status=503, times=1))
    assert rig.server().libraries()
    assert rig.slept == [1.0]


def test_refused_connection_raises_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}")
    client = JellyfinClient(VendorHttp(http, "Jellyfin", sleep=lambda _: None), DEVICE, "key")
    with pytest.raises(ServerUnreachable, match="cannot reach Jellyfin"):
        JellyfinServer(client, server_id=SERVER_ID).identity()


def test_failure_at_a_later_page_raises_after_the_earlier_pages(
    rig: Rig, faults: FaultPlan, sim_server: MediaServer
) -> None:
    faults.add(Fault("fail_page", path="/Items", status=500, page=2, page_size=5))
    pages: list[LibraryPage] = []
    with pytest.raises(ServerUnreachable):
        pages.extend(rig.server().iter_library(show_library(sim_server), page_size=5))
    assert [len(p.items) for p in pages] == [5, 5]


def test_a_page_that_is_not_json_raises_response_invalid(
    rig: Rig, faults: FaultPlan, sim_server: MediaServer
) -> None:
    faults.add(Fault("malformed", path="/Items"))
    with pytest.raises(ServerResponseInvalid, match="not JSON"):
        list(rig.server().iter_library(movie_library(sim_server)))


def corrupting(app_client: TestClient, corrupt: Any) -> httpx.Client:
    """Return a client that forwards to the simulator and lets ``corrupt`` edit /Items."""

    def handle(request: httpx.Request) -> httpx.Response:
        answer = app_client.request(
            request.method, str(request.url), headers=request.headers, content=request.content
        )
        if request.url.path != "/Items":
            return httpx.Response(answer.status_code, content=answer.content)
        return httpx.Response(answer.status_code, json=corrupt(answer.json()))

    return httpx.Client(base_url="http://testserver", transport=httpx.MockTransport(handle))


def test_a_malformed_item_is_a_problem_not_an_exception(
    world: World, sim_server: MediaServer
) -> None:
    broken: dict[str, str] = {}

    def corrupt(body: dict[str, Any]) -> dict[str, Any]:
        if body["StartIndex"] == 0:
            victim = next(i for i in body["Items"] if i.get("MediaSources"))
            broken["id"] = victim["Id"]
            victim["MediaSources"][0]["Size"] = "big"
            body["Items"][body["Items"].index(victim) + 1] = ["not", "an", "item"]
        return body

    http = corrupting(TestClient(create_app(world)), corrupt)
    client = JellyfinClient(VendorHttp(http, "Jellyfin"), DEVICE, credentials(world)["api_key"])
    pages = list(
        JellyfinServer(client, server_id=SERVER_ID).iter_library(
            show_library(sim_server), page_size=10
        )
    )
    first = pages[0]
    assert len(first.items) == 8
    assert [(p.server_id, p.native_id) for p in first.problems] == [
        (SERVER_ID, broken["id"]),
        (SERVER_ID, None),
    ]
    assert "Size" in first.problems[0].reason
    assert all(not page.problems for page in pages[1:])


def test_an_envelope_without_items_raises_response_invalid(
    world: World, sim_server: MediaServer
) -> None:
    http = corrupting(TestClient(create_app(world)), lambda body: {"TotalRecordCount": 3})
    client = JellyfinClient(VendorHttp(http, "Jellyfin"), DEVICE, credentials(world)["api_key"])
    with pytest.raises(ServerResponseInvalid, match="Items"):
        list(JellyfinServer(client, server_id=SERVER_ID).iter_library(movie_library(sim_server)))
