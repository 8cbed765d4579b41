"""The plex.tv and Discover simulators: PIN sign-in, account, sharing, webhooks, watchlists."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from starlette.testclient import TestClient

from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.plex import (
    PlexState,
    PlexTvState,
    approve_pin,
    create_app,
    create_discover_app,
    create_plextv_app,
)
from tendarr.sim.plex.library import plex_hex
from tendarr.sim.world import World

CLIENT = {"X-Plex-Client-Identifier": "tendarr-test", "Accept": "application/json"}


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


def _tv(world: World) -> tuple[TestClient, PlexTvState]:
    state = PlexTvState(world, server_urls={"plex-1": "http://127.0.0.1:32400"})
    return TestClient(create_plextv_app(world, state=state)), state


def test_pin_flow_yields_the_users_token(world: World) -> None:
    client, state = _tv(world)
    pin = client.post("/api/v2/pins?strong=true", headers=CLIENT)
    assert pin.status_code == 201
    assert len(pin.json()["code"]) == 25
    assert pin.json()["authToken"] is None
    pin_id = pin.json()["id"]
    assert client.get(f"/api/v2/pins/{pin_id}", headers=CLIENT).json()["authToken"] is None
    approve_pin(state, pin_id, world.users[2].id)
    token = client.get(f"/api/v2/pins/{pin_id}", headers=CLIENT).json()["authToken"]
    assert token == world.users[2].plex_token
    me = client.get("/api/v2/user", headers={**CLIENT, "X-Plex-Token": token}).json()
    assert me["username"] == world.users[2].username


def test_pin_needs_a_client_identifier_and_expires(world: World) -> None:
    client, _ = _tv(world)
    missing = client.post("/api/v2/pins?strong=true", headers={"Accept": "application/json"})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["code"] == 1000
    pin_id = client.post("/api/v2/pins?strong=true", headers=CLIENT).json()["id"]
    other = {**CLIENT, "X-Plex-Client-Identifier": "someone-else"}
    assert client.get(f"/api/v2/pins/{pin_id}", headers=other).status_code == 404
    world.advance(1801)
    assert client.get(f"/api/v2/pins/{pin_id}", headers=CLIENT).status_code == 404


def test_bad_token_is_401_with_errors(world: World) -> None:
    client, _ = _tv(world)
    response = client.get("/api/v2/user", headers={**CLIENT, "X-Plex-Token": "bad"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "User could not be authenticated"


def test_xml_unless_json_is_asked(world: World) -> None:
    client, _ = _tv(world)
    headers = {"X-Plex-Client-Identifier": "tendarr-test"}
    pin = ET.fromstring(client.post("/api/v2/pins?strong=true", headers=headers).text)  # noqa: S314 (simulator output)
    assert pin.tag == "pin"
    assert pin.find("location") is not None
    denied = client.get("/api/v2/user", headers=headers)
    assert denied.status_code == 401
    error = ET.fromstring(denied.text).find("error")  # noqa: S314 (simulator output)
    assert error is not None
    assert error.get("code") == "1001"
    discover = _discover(world).get(
        "/library/sections/watchlist/all", headers={"X-Plex-Token": world.users[0].plex_token}
    )
    assert ET.fromstring(discover.text).tag == "MediaContainer"  # noqa: S314 (simulator output)


def test_resources_give_tokens_the_pms_accepts(world: World) -> None:
    client, _ = _tv(world)
    pms = TestClient(create_app(world, server_id="plex-1"))
    for user in world.users:
        headers = {**CLIENT, "X-Plex-Token": user.plex_token}
        servers = client.get("/api/v2/resources", headers=headers).json()
        assert bool(servers) == (user.kind == "owner" or "plex-1" in user.servers)
        for server in servers:
            assert server["connections"][0]["uri"] == "http://127.0.0.1:32400"
            token = {"X-Plex-Token": server["accessToken"]}
            assert pms.get("/library/sections/all", headers=token).status_code == 200


def test_friends_users_and_home_users(world: World) -> None:
    client, _ = _tv(world)
    owner = {**CLIENT, "X-Plex-Token": world.users[0].plex_token}
    friends = client.get("/api/v2/friends", headers=owner).json()
    assert {f["uuid"] for f in friends} == {u.plex_uuid for u in world.users[1:]}
    users = ET.fromstring(client.get("/api/users", headers=owner).text)  # noqa: S314 (simulator output)
    assert len(users.findall("User")) == len(world.users) - 1
    home = ET.fromstring(client.get("/api/home/users", headers=owner).text)  # noqa: S314 (simulator output)
    kinds = {"owner", "home", "managed"}
    assert len(home.findall("User")) == sum(1 for u in world.users if u.kind in kinds)


def test_share_grants_server_access(world: World) -> None:
    client, _ = _tv(world)
    world.users[3].servers = [s for s in world.users[3].servers if s != "plex-1"]
    body = {
        "machineIdentifier": world.server("plex-1").machine_id,
        "librarySectionIds": [1, 2],
        "invitedEmail": world.users[3].email,
        "settings": {},
    }
    owner = {**CLIENT, "X-Plex-Token": world.users[0].plex_token}
    assert client.post("/api/v2/shared_servers", headers=owner, json=body).status_code == 201
    assert "plex-1" in world.users[3].servers
    bad = {**body, "invitedEmail": "nobody@example.test"}
    assert client.post("/api/v2/shared_servers", headers=owner, json=bad).status_code == 422


def test_webhook_registry_feeds_the_pms_sender(world: World) -> None:
    client, state = _tv(world)
    pms_state = PlexState(world, "plex-1", webhooks=state.webhooks)
    owner = {**CLIENT, "X-Plex-Token": world.users[0].plex_token}
    urls = {"urls[]": ["http://a.test/hook", "http://b.test/hook"]}
    assert client.post("/api/v2/user/webhooks", headers=owner, data=urls).status_code == 201
    listed = client.get("/api/v2/user/webhooks", headers=owner).json()
    assert [w["url"] for w in listed] == urls["urls[]"]
    assert pms_state.webhooks.urls == urls["urls[]"]


def _discover(world: World, faults: FaultPlan | None = None) -> TestClient:
    return TestClient(create_discover_app(world, faults=faults))


def test_watchlist_pages_in_watchlisted_order(world: World) -> None:
    client = _discover(world)
    user = max(world.users, key=lambda u: sum(e.user_id == u.id for e in world.watchlist))
    entries = sorted(
        (e for e in world.watchlist if e.user_id == user.id), key=lambda e: e.added_at, reverse=True
    )
    headers = {"X-Plex-Token": user.plex_token, "Accept": "application/json"}
    seen = []
    for start in range(0, len(entries), 3):
        paged = {**headers, "X-Plex-Container-Start": str(start), "X-Plex-Container-Size": "3"}
        body = client.get("/library/sections/watchlist/all", headers=paged).json()
        assert body["MediaContainer"]["totalSize"] == len(entries)
        seen += body["MediaContainer"]["Metadata"]
    assert [m["watchlistedAt"] for m in seen] == [int(e.added_at.timestamp()) for e in entries]
    assert all(m["guid"] == f"plex://{m['type']}/{m['ratingKey']}" for m in seen)


def test_add_and_remove_change_the_world(world: World) -> None:
    client = _discover(world)
    user = world.users[1]
    movie = next(
        m
        for m in world.movies
        if not any(
            e.user_id == user.id and e.item_id == m.id and e.kind == "movie"
            for e in world.watchlist
        )
    )
    key = plex_hex("movie", movie.tmdb_id)
    headers = {"X-Plex-Token": user.plex_token}
    assert (
        client.put(f"/actions/addToWatchlist?ratingKey={key}", headers=headers).status_code == 200
    )
    assert any(e.user_id == user.id and e.item_id == movie.id for e in world.watchlist)
    assert client.put(f"/actions/removeFromWatchlist?ratingKey={key}", headers=headers).is_success
    assert not any(
        e.user_id == user.id and e.item_id == movie.id and e.kind == "movie"
        for e in world.watchlist
    )
    assert client.put("/actions/addToWatchlist?ratingKey=zzz", headers=headers).status_code == 400


def test_private_friend_watchlist_is_an_error_not_empty(world: World) -> None:
    client = _discover(world)
    friend = next(u for u in world.users if u.kind != "owner")
    owner = {"X-Plex-Token": world.users[0].plex_token, "Accept": "application/json"}
    friend.watchlist_private = True
    private = client.get(f"/library/sections/watchlist/all?uuid={friend.plex_uuid}", headers=owner)
    assert private.status_code == 403
    assert "private" in private.json()["errors"][0]["message"]
    friend.watchlist_private = False
    shared = client.get(f"/library/sections/watchlist/all?uuid={friend.plex_uuid}", headers=owner)
    total = sum(1 for e in world.watchlist if e.user_id == friend.id)
    assert shared.json()["MediaContainer"]["totalSize"] == total


def test_discover_item_carries_external_guids(world: World) -> None:
    client = _discover(world)
    movie = world.movies[0]
    headers = {"X-Plex-Token": world.users[0].plex_token, "Accept": "application/json"}
    key = plex_hex("movie", movie.tmdb_id)
    body = client.get(f"/library/metadata/{key}", headers=headers).json()
    assert {"id": f"tmdb://{movie.tmdb_id}"} in body["MediaContainer"]["Metadata"][0]["Guid"]


def test_discover_auth_and_faults(world: World) -> None:
    plan = FaultPlan()
    client = _discover(world, plan)
    assert client.get("/library/sections/watchlist/all").status_code == 401
    headers = {"X-Plex-Token": world.users[0].plex_token}
    plan.add(Fault("status", path="/library/sections/watchlist/.*", status=503, times=1))
    assert client.get("/library/sections/watchlist/all", headers=headers).status_code == 503
    assert client.get("/library/sections/watchlist/all", headers=headers).status_code == 200
    assert client.get("/library/sections/watchlist/nope", headers=headers).status_code == 400
