"""How the Emby adapter fails: typed errors for the server, problems for single items."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.domain.media import LibraryPage
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.emby.adapter import EmbyServer
from tendarr.integrations.emby.client import EmbyClient
from tendarr.ports.media_server import (
    ServerAuthFailed,
    ServerResponseInvalid,
    ServerUnreachable,
)
from tendarr.sim.emby import create_app, credentials
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.model import MediaServer
from tendarr.sim.world import World
from tests.integration.emby.conftest import DEVICE, SERVER_ID, Rig, library_ids


def test_rejected_token_raises_auth_failed(rig: Rig) -> None:
    rig.client = rig.client.with_token("stale-token")
    with pytest.raises(ServerAuthFailed, match="401"):
        rig.server().identity()


def test_wrong_password_raises_auth_failed(rig: Rig, world: World) -> None:
    with pytest.raises(ServerAuthFailed):
        rig.client.authenticate_by_name(credentials(world)["username"], "wrong")


def test_401_on_a_page_raises_auth_failed(
    rig: Rig, faults: FaultPlan, sim_server: MediaServer
) -> None:
    faults.add(Fault("status", path="/Items", status=401))
    with pytest.raises(ServerAuthFailed):
        list(rig.server().iter_library(library_ids(sim_server)["movie"]))


def test_429_is_retried_after_the_servers_delay(
    rig: Rig, faults: FaultPlan, sim_server: MediaServer
) -> None:
    fault = faults.add(Fault("status", path="/Items", status=429, retry_after=5, times=1))
    pages = list(rig.server().iter_library(library_ids(sim_server)["movie"]))
    assert pages[0].items
    assert fault.fired == 1
    assert rig.slept == [5.0]


def test_500_raises_unreachable(rig: Rig, faults: FaultPlan) -> None:
    faults.add(Fault("status", path="/Library/VirtualFolders/Query", status=500))
    with pytest.raises(ServerUnreachable, match="500"):
        rig.server().libraries()


def test_refused_connection_raises_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}")
    client = EmbyClient(VendorHttp(http, "Emby", sleep=lambda _: None), DEVICE, "key")
    with pytest.raises(ServerUnreachable, match="cannot reach Emby"):
        EmbyServer(client, server_id=SERVER_ID).identity()


def test_failure_at_a_later_page_raises_after_the_earlier_pages(
    rig: Rig, faults: FaultPlan, sim_server: MediaServer
) -> None:
    faults.add(Fault("fail_page", path="/Items", status=500, page=1, page_size=6))
    pages: list[LibraryPage] = []
    with pytest.raises(ServerUnreachable):
        pages.extend(rig.server().iter_library(library_ids(sim_server)["show"], page_size=6))
    assert [len(p.items) for p in pages] == [6]


def test_a_page_that_is_not_json_raises_response_invalid(
    rig: Rig, faults: FaultPlan, sim_server: MediaServer
) -> None:
    faults.add(Fault("malformed", path="/Items"))
    with pytest.raises(ServerResponseInvalid, match="not JSON"):
        list(rig.server().iter_library(library_ids(sim_server)["movie"]))


def test_a_malformed_item_is_a_problem_not_an_exception(
    world: World, sim_server: MediaServer
) -> None:
    app_client = TestClient(create_app(world))
    broken: dict[str, str] = {}

    def handle(request: httpx.Request) -> httpx.Response:
        answer = app_client.request(
            request.method, str(request.url), headers=request.headers, content=request.content
        )
        body: dict[str, Any] = answer.json()
        if request.url.path == "/Items" and request.url.params["StartIndex"] == "0":
            victim = body["Items"][0]
            broken["id"] = victim["Id"]
            victim["ProviderIds"] = ["tmdb", 1]
        return httpx.Response(answer.status_code, json=body)

    http = httpx.Client(base_url="http://testserver", transport=httpx.MockTransport(handle))
    client = EmbyClient(VendorHttp(http, "Emby"), DEVICE, credentials(world)["api_key"])
    server = EmbyServer(client, server_id=SERVER_ID)
    pages = list(server.iter_library(library_ids(sim_server)["movie"], page_size=5))
    assert [(p.native_id, "ProviderIds" in p.reason) for p in pages[0].problems] == [
        (broken["id"], True)
    ]
    assert len(pages[0].items) == 4
    assert sum(len(p.items) for p in pages) == sum(1 for m in world.movies if m.file) - 1
