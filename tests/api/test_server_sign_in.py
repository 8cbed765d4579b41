"""Add servers by signing in, against the simulators over real loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block, plextv_state
from tendarr.sim.plex.plextv import approve_pin
from tendarr.sim.world import World
from tests.api.test_servers_and_sync import sync
from tests.simulators import simulators
from tests.support import install_env

Sims = dict[str, dict[str, Any]]


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(seed=7, movies=6, shows=1, users=3))


@pytest.fixture
def endpoints(world: World) -> list[Endpoint]:
    return build_endpoints(world, "127.0.0.1", free_port_block(16))


@pytest.fixture
def sims(world: World, endpoints: list[Endpoint]) -> Iterator[Sims]:
    with simulators(world, endpoints) as described:
        yield described


@pytest.fixture
def env(tmp_path: Path, database_url: str, sims: Sims) -> dict[str, str]:
    """The installation, with plex.tv pointing at the simulator."""
    plextv = sims["plextv"]["url"]
    return install_env(tmp_path / "data", database_url, TENDARR_PLEXTV_URL=plextv)


def owner_id(world: World) -> int:
    return next(u.id for u in world.users if u.kind == "owner")


def test_plex_pin_sign_in_adds_a_server_that_syncs(
    admin: TestClient, sims: Sims, world: World, endpoints: list[Endpoint]
) -> None:
    created = admin.post("/api/servers/plex/pin")
    assert created.status_code == 201, created.text
    pin = created.json()
    assert set(pin) == {"id", "code", "auth_url", "expires_at"}
    assert pin["auth_url"].startswith("https://app.plex.tv/auth#?clientID=")
    assert f"code={pin['code']}" in pin["auth_url"]
    assert admin.get(f"/api/servers/plex/pin/{pin['id']}").json() == {
        "authenticated": False,
        "account": None,
        "servers": [],
    }
    early = admin.post(f"/api/servers/plex/pin/{pin['id']}/add", json={"machine_id": "x"})
    assert (early.status_code, early.json()["code"]) == (409, "CONFLICT")

    approve_pin(plextv_state(endpoints), pin["id"], owner_id(world))
    done = admin.get(f"/api/servers/plex/pin/{pin['id']}")
    assert done.status_code == 200
    body = done.json()
    assert body["authenticated"] is True
    assert body["account"]["username"] == sims["plextv"]["username"]
    (server,) = body["servers"]
    plex = world.server("plex-1")
    assert (server["name"], server["machine_id"], server["owned"]) == (
        plex.name,
        plex.machine_id,
        True,
    )
    assert server["connections"] == [{"uri": sims["plex"]["url"], "local": True, "relay": False}]
    for secret in (sims["plextv"]["account_token"], sims["plex"]["token"]):
        assert secret not in done.text

    added = admin.post(
        f"/api/servers/plex/pin/{pin['id']}/add",
        json={"machine_id": plex.machine_id, "uri": sims["plex"]["url"]},
    )
    assert added.status_code == 201, added.text
    entry = added.json()
    assert (entry["kind"], entry["name"], entry["url"]) == ("plex", plex.name, sims["plex"]["url"])
    assert entry["auth"] == {"method": "token", "token": "********"}
    assert entry["server_identity"] == plex.machine_id
    server_id = entry["id"]
    tested = admin.post(f"/api/servers/{server_id}/test-connection").json()
    assert tested["ok"] is True, tested["error"]
    assert admin.post(f"/api/servers/{server_id}/refresh-libraries").status_code == 200
    done_sync = sync(admin, server_id)
    assert done_sync["state"] == "succeeded", done_sync["error"]

    again = admin.post(
        f"/api/servers/plex/pin/{pin['id']}/add", json={"machine_id": plex.machine_id}
    )
    assert again.status_code == 200, again.text  # the same server: updated, not duplicated
    assert [s["id"] for s in admin.get("/api/servers").json()["servers"]] == [server_id]


def test_unknown_plex_pin_is_gone(admin: TestClient) -> None:
    polled = admin.get("/api/servers/plex/pin/424242")
    assert polled.status_code == 410
    assert polled.json()["code"] == "SIGN_IN_EXPIRED"
    assert "start again" in polled.json()["error"]


def test_jellyfin_password_sign_in_saves_the_token_not_the_password(
    admin: TestClient, sims: Sims
) -> None:
    jf = sims["jellyfin"]
    signed = admin.post(
        "/api/servers/jellyfin/sign-in",
        json={"url": jf["url"] + "/", "username": jf["username"], "password": jf["password"]},
    )
    assert signed.status_code == 201, signed.text
    entry = signed.json()
    assert entry["kind"] == "jellyfin"
    assert entry["url"] == jf["url"]
    assert entry["server_identity"] == jf["server_id"]
    assert entry["auth"] == {
        "method": "password",
        "access_token": "********",
        "user_id": jf["user_id"],
    }
    assert jf["password"] not in admin.get(f"/api/servers/{entry['id']}").text
    tested = admin.post(f"/api/servers/{entry['id']}/test-connection").json()
    assert tested["ok"] is True, tested["error"]
    renamed = admin.post(
        "/api/servers/jellyfin/sign-in",
        json={
            "url": jf["url"],
            "username": jf["username"],
            "password": jf["password"],
            "name": "Den Jellyfin",
        },
    )
    assert renamed.status_code == 200  # signing in again updates the same entry
    assert (renamed.json()["id"], renamed.json()["name"]) == (entry["id"], "Den Jellyfin")


def test_wrong_jellyfin_password_is_a_clear_400(admin: TestClient, sims: Sims) -> None:
    jf = sims["jellyfin"]
    refused = admin.post(
        "/api/servers/jellyfin/sign-in",
        json={"url": jf["url"], "username": jf["username"], "password": "not-it"},
    )
    assert refused.status_code == 400  # not 401: the admin's own session is fine
    assert refused.json() == {
        "error": "Jellyfin rejected the user name or password",
        "code": "SIGN_IN_REJECTED",
    }
    assert admin.get("/api/servers").json()["servers"] == []


def test_unreachable_server_is_a_502(admin: TestClient) -> None:
    refused = admin.post(
        "/api/servers/emby/sign-in",
        json={"url": "http://127.0.0.1:9", "username": "a", "password": "b"},
    )
    assert refused.status_code == 502
    assert refused.json()["code"] == "UPSTREAM_ERROR"
    assert "cannot reach Emby" in refused.json()["error"]
    bad_url = admin.post(
        "/api/servers/emby/sign-in", json={"url": "ftp://x", "username": "a", "password": "b"}
    )
    assert (bad_url.status_code, bad_url.json()["code"]) == (400, "VALIDATION_ERROR")


def test_emby_password_sign_in_adds_a_working_server(admin: TestClient, sims: Sims) -> None:
    emby = sims["emby"]
    signed = admin.post(
        "/api/servers/emby/sign-in",
        json={
            "url": emby["url"],
            "username": emby["username"],
            "password": emby["password"],
            "id": "emby-home",
        },
    )
    assert signed.status_code == 201, signed.text
    entry = signed.json()
    assert (entry["id"], entry["kind"], entry["server_identity"]) == (
        "emby-home",
        "emby",
        emby["server_id"],
    )
    assert entry["auth"]["user_id"] == emby["user_id"]
    tested = admin.post("/api/servers/emby-home/test-connection").json()
    assert tested["ok"] is True, tested["error"]


def approve_quick_connect(sims: Sims, code: str) -> None:
    """Approve the code as the owner would in a Jellyfin client (the vendor's own route)."""
    jf = sims["jellyfin"]
    response = httpx.post(
        jf["url"] + "/QuickConnect/Authorize",
        params={"code": code, "userId": jf["user_id"]},
        headers={"Authorization": f'MediaBrowser Client="test", Token="{jf["api_key"]}"'},
    )
    assert response.status_code == 200, response.text


def test_jellyfin_quick_connect_adds_a_working_server(admin: TestClient, sims: Sims) -> None:
    jf = sims["jellyfin"]
    started = admin.post("/api/servers/jellyfin/quick-connect", json={"url": jf["url"]})
    assert started.status_code == 201, started.text
    code, poll_id = started.json()["code"], started.json()["poll_id"]
    assert len(code) == 6
    poll = f"/api/servers/jellyfin/quick-connect/{poll_id}"
    assert admin.get(poll).json() == {"authenticated": False}
    early = admin.post(poll + "/add")
    assert (early.status_code, early.json()["code"]) == (409, "CONFLICT")

    approve_quick_connect(sims, code)
    assert admin.get(poll).json() == {"authenticated": True}
    added = admin.post(poll + "/add", json={"name": "Jellyfin QC"})
    assert added.status_code == 201, added.text
    entry = added.json()
    assert entry["name"] == "Jellyfin QC"
    assert entry["auth"] == {
        "method": "quick_connect",
        "access_token": "********",
        "user_id": jf["user_id"],
    }
    tested = admin.post(f"/api/servers/{entry['id']}/test-connection").json()
    assert tested["ok"] is True, tested["error"]
    redeemed = admin.get(poll)  # Jellyfin forgets a redeemed request
    assert (redeemed.status_code, redeemed.json()["code"]) == (410, "SIGN_IN_EXPIRED")


def test_forged_quick_connect_poll_id_is_not_found(admin: TestClient) -> None:
    forged = admin.get("/api/servers/jellyfin/quick-connect/not-a-sealed-handle")
    assert (forged.status_code, forged.json()["code"]) == (404, "NOT_FOUND")


def test_quick_connect_switched_off_is_explained(
    admin: TestClient, sims: Sims, endpoints: list[Endpoint]
) -> None:
    app = next(ep.app for ep in endpoints if ep.name == "jellyfin")
    app.state.sim.state.quick_connect_enabled = False  # type: ignore[attr-defined]
    refused = admin.post(
        "/api/servers/jellyfin/quick-connect", json={"url": sims["jellyfin"]["url"]}
    )
    assert refused.status_code == 400
    assert "Quick Connect is switched off" in refused.json()["error"]
