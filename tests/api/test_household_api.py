"""The household end to end: Plex + Jellyfin simulators, real adapters, real jobs, the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block, plextv_state
from tendarr.sim.model import User
from tendarr.sim.plex.plextv import approve_pin
from tendarr.sim.world import World
from tests.api.test_servers_and_sync import jellyfin_body, plex_body
from tests.simulators import simulators
from tests.support import install_env, wait_for

Sims = dict[str, dict[str, Any]]


@pytest.fixture
def world() -> World:
    return generate_world(
        WorldConfig(seed=11, movies=10, shows=2, users=5, servers=("plex", "jellyfin"))
    )


@pytest.fixture
def endpoints(world: World) -> list[Endpoint]:
    return build_endpoints(world, "127.0.0.1", free_port_block(16))


@pytest.fixture
def sims(world: World, endpoints: list[Endpoint]) -> Iterator[Sims]:
    with simulators(world, endpoints) as described:
        yield described


@pytest.fixture
def env(tmp_path: Path, database_url: str, sims: Sims) -> dict[str, str]:
    return install_env(
        tmp_path / "data",
        database_url,
        TENDARR_PLEXTV_URL=sims["plextv"]["url"],
        TENDARR_PLEX_DISCOVER_URL=sims["discover"]["url"],
    )


def finished(admin: httpx.Client, job_type: str, count: int) -> list[dict[str, Any]]:
    def done() -> list[dict[str, Any]] | None:
        jobs = admin.get("/api/jobs", params={"type": job_type}).json()["jobs"]
        over = [j for j in jobs if j["state"] in {"succeeded", "failed"}]
        return over if len(over) >= count else None

    result: list[dict[str, Any]] = wait_for(done, timeout=90, message=f"{count} {job_type}")
    return result


@pytest.fixture
def synced(admin: TestClient, sims: Sims) -> TestClient:
    """Plex (with Tautulli) and Jellyfin added, libraries and households synced."""
    plex = plex_body(sims)
    plex["tautulli"] = {"url": sims["tautulli"]["url"], "api_key": sims["tautulli"]["api_key"]}
    for body in (plex, jellyfin_body(sims)):
        assert admin.post("/api/servers", json=body).status_code == 201
        refreshed = admin.post(f"/api/servers/{body['id']}/refresh-libraries")
        assert refreshed.status_code == 200, refreshed.text
        assert admin.post(f"/api/servers/{body['id']}/sync", json={"full": True}).status_code == 202
    finished(admin, "library.sync", 2)
    finished(admin, "household.sync", 2)
    # A second household pass: plays read before their library items existed attach now.
    for server_id in ("plex-home", "jellyfin"):
        admin.post("/api/household/sync", json={"server_id": server_id})
    jobs = finished(admin, "household.sync", 4)
    assert all(j["state"] == "succeeded" for j in jobs), jobs
    return admin


def person(world: World, kind: str) -> User:
    return next(u for u in world.users if u.kind == kind)


def test_every_member_is_imported_and_linked_across_servers(
    synced: TestClient, world: World
) -> None:
    household = synced.get("/api/household").json()
    members = {m["username"]: m for m in household["members"]}
    owner = person(world, "owner")
    # The Plex owner is the admin; the owner's Jellyfin account joins the same person.
    assert sorted(a["server_id"] for a in members["admin"]["accounts"]) == [
        "jellyfin",
        "plex-home",
    ]
    assert {a["username"].casefold() for a in members["admin"]["accounts"]} == {
        owner.username.casefold()
    }
    for user in world.users:
        if user.kind in {"owner", "managed"}:  # managed Plex users have no username to match
            continue
        member = members[user.username]
        expected = {"plex": "plex-home", "jellyfin": "jellyfin"}
        servers = {expected[world.server(s).kind] for s in user.servers}
        assert {a["server_id"] for a in member["accounts"]} == servers, user.username
        assert member["role"] == "user"
    assert household["unlinked"] == []


def test_an_admin_links_a_managed_plex_user_to_their_jellyfin_person(
    synced: TestClient, world: World
) -> None:
    managed = person(world, "managed")
    household = synced.get("/api/household").json()
    members = {m["username"]: m for m in household["members"]}
    plex_account = next(
        a
        for m in household["members"]
        for a in m["accounts"]
        if a["server_id"] == "plex-home" and a["kind"] == "managed"
    )
    assert plex_account["display_name"] == managed.display_name
    target = members[managed.username]["user_id"]
    linked = synced.put(
        f"/api/household/accounts/{plex_account['id']}/link", json={"user_id": target}
    )
    assert linked.status_code == 200, linked.text
    assert linked.json()["linked_by"] == "manual"
    after = {m["username"]: m for m in synced.get("/api/household").json()["members"]}
    assert {a["server_id"] for a in after[managed.username]["accounts"]} == {
        "jellyfin",
        "plex-home",
    }
    missing = synced.put("/api/household/accounts/99999/link", json={"user_id": target})
    assert missing.status_code == 404
    bad_user = synced.put(
        f"/api/household/accounts/{plex_account['id']}/link", json={"user_id": 99999}
    )
    assert bad_user.status_code == 400
    assert bad_user.json()["code"]


def test_users_page_shows_each_watchlist_sync_method(synced: TestClient, world: World) -> None:
    household = synced.get("/api/household").json()
    methods = {
        (a["server_id"], a["native_id"]): a["watchlist_method"]
        for m in household["members"]
        for a in m["accounts"]
    }
    for user in world.users:
        plex_server = next(s for s in world.servers if s.kind == "plex")
        if plex_server.id not in user.servers:
            continue
        expected = {
            "owner": "Direct",
            "managed": "None",
            "home": "Friend",
            "friend": "Private" if user.watchlist_private else "Friend",
        }[user.kind]
        assert methods[("plex-home", str(user.plex_account_id))] == expected, user.username


def test_items_show_who_watched_them_on_which_server(synced: TestClient, world: World) -> None:
    completed = [p for p in world.plays if p.completed and p.item_kind == "movie"]
    assert completed, "the simulated household watched no movie"
    play = completed[-1]
    movie = world.movie_by_id[play.item_id]
    page = synced.get("/api/library/items", params={"kind": "movie", "limit": 500}).json()
    item = next(i for i in page["items"] if i["tmdb_id"] == movie.tmdb_id)
    assert item["plays"] >= 1
    watchers = synced.get(f"/api/library/items/{item['id']}/watch").json()["watchers"]
    viewer = next(u for u in world.users if u.id == play.user_id)
    name = "admin" if viewer.kind == "owner" else viewer.username
    mine = next(w for w in watchers if w["username"] == name)
    servers = {
        world.server(p.server_id).kind
        for p in world.plays
        if p.user_id == viewer.id and p.item_id == movie.id and p.item_kind == "movie"
    }
    names = {"plex": "plex-home", "jellyfin": "jellyfin"}
    assert set(mine["servers"]) == {names[s] for s in servers}
    assert mine["completed"]


def test_history_keeps_sources_and_members_see_only_their_own(
    synced: TestClient, world: World, client: TestClient
) -> None:
    history = synced.get("/api/household/history", params={"limit": 500}).json()
    assert history["total"] > 0
    assert {"plex", "jellyfin", "tautulli"} <= {r["source"] for r in history["items"]}
    watched = synced.get("/api/library/items", params={"watched": True}).json()
    never = synced.get("/api/library/items", params={"watched": False}).json()
    everything = synced.get("/api/library/items").json()
    assert watched["total"] + never["total"] == everything["total"]
    assert watched["total"] > 0


def test_watchlists_hold_plex_watchlists_and_jellyfin_favourites(
    synced: TestClient, world: World
) -> None:
    entries = synced.get("/api/watchlist", params={"everyone": True}).json()["entries"]
    sources = {e["source"] for e in entries}
    assert "plex" in sources
    private = {u.username for u in world.users if u.watchlist_private}
    assert not any(e["username"] in private and e["source"] == "plex" for e in entries)
    if any(f.server_id for f in world.favorites):
        assert "jellyfin" in sources


def test_a_plex_friend_signs_in_with_plex_and_gets_a_member_session(
    synced: TestClient, world: World, endpoints: list[Endpoint], client: TestClient
) -> None:
    plex_server = next(s for s in world.servers if s.kind == "plex")
    friend = next(u for u in world.users if u.kind != "owner" and plex_server.id in u.servers)
    synced.post("/api/auth/logout")
    synced.cookies.clear()
    servers = synced.get("/api/auth/media-servers").json()["servers"]
    assert {s["kind"] for s in servers} == {"plex", "jellyfin"}
    pin = synced.post("/api/auth/plex/pin").json()
    assert synced.post(f"/api/auth/plex/pin/{pin['id']}").status_code == 202
    approve_pin(plextv_state(endpoints), pin["id"], friend.id)
    signed = synced.post(f"/api/auth/plex/pin/{pin['id']}")
    assert signed.status_code == 200, signed.text
    me = signed.json()["user"]
    assert me["username"] == friend.username
    assert me["role"] == "user"
    assert me["permissions"] == ["request"]
    synced.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
    mine = synced.get("/api/household/history", params={"limit": 500}).json()
    assert all(r["username"] == friend.username for r in mine["items"])
    assert synced.get("/api/household").status_code == 403


def test_a_jellyfin_user_signs_in_with_the_servers_password(
    synced: TestClient, world: World
) -> None:
    jf = next(s for s in world.servers if s.kind == "jellyfin")
    member = next(u for u in world.users if u.kind != "owner" and jf.id in u.servers)
    synced.cookies.clear()
    wrong = synced.post(
        "/api/auth/media-server/login",
        json={"server_id": "jellyfin", "username": member.username, "password": "nope"},
    )
    assert wrong.status_code == 400
    assert wrong.json()["code"]
    signed = synced.post(
        "/api/auth/media-server/login",
        json={"server_id": "jellyfin", "username": member.username, "password": member.password},
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["user"]["username"] == member.username


def test_own_watchlist_add_and_remove(synced: TestClient) -> None:
    item = synced.get("/api/library/items", params={"kind": "movie", "limit": 1}).json()
    media_id = item["items"][0]["id"]
    added = synced.post("/api/watchlist", json={"media_item_id": media_id})
    assert added.status_code == 201
    again = synced.post("/api/watchlist", json={"media_item_id": media_id})
    assert again.json()["id"] == added.json()["id"]
    mine = synced.get("/api/watchlist").json()["entries"]
    assert any(e["id"] == added.json()["id"] and e["source"] == "tendarr" for e in mine)
    assert synced.delete(f"/api/watchlist/{added.json()['id']}").status_code == 204
    assert synced.delete(f"/api/watchlist/{added.json()['id']}").status_code == 404
    assert synced.post("/api/watchlist", json={"media_item_id": 999999}).status_code == 404


def test_now_playing_lists_sessions(synced: TestClient, world: World) -> None:
    live = synced.get("/api/household/sessions").json()
    assert live["unavailable"] == {}
    assert isinstance(live["sessions"], list)
