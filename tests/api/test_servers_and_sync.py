"""Add Plex and Jellyfin through the API, sync them, browse one merged library."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.world import World
from tests.simulators import simulators
from tests.support import wait_for


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(seed=4, movies=14, shows=2, users=3))


@pytest.fixture
def sims(world: World) -> Iterator[dict[str, dict[str, Any]]]:
    with simulators(world) as described:
        yield described


def plex_body(sims: dict[str, dict[str, Any]]) -> dict[str, Any]:
    plex = sims["plex"]
    return {
        "id": "plex-home",
        "kind": "plex",
        "name": "Home Plex",
        "url": plex["url"],
        "auth": {"method": "token", "token": plex["token"]},
        "path_mappings": [{"remote_prefix": "/data", "local_prefix": "/mnt/media"}],
    }


def jellyfin_body(sims: dict[str, dict[str, Any]]) -> dict[str, Any]:
    jf = sims["jellyfin"]
    return {
        "id": "jellyfin",
        "kind": "jellyfin",
        "name": "Jellyfin",
        "url": jf["url"],
        "auth": {"method": "api_key", "api_key": jf["api_key"]},
    }


def sync(admin: TestClient, server_id: str) -> dict[str, Any]:
    job = admin.post(f"/api/servers/{server_id}/sync", json={"full": True})
    assert job.status_code == 202, job.text
    done: dict[str, Any] = wait_for(
        lambda: (
            (j := admin.get(f"/api/jobs/{job.json()['id']}").json())["state"]
            in {"succeeded", "failed"}
            and j
        ),
        timeout=60,
        message=f"sync of {server_id}",
    )
    return done


def test_secrets_are_redacted_and_kept(admin: TestClient, sims: dict[str, Any]) -> None:
    created = admin.post("/api/servers", json=plex_body(sims))
    assert created.status_code == 201, created.text
    assert created.json()["auth"]["token"] == "********"
    assert sims["plex"]["token"] not in admin.get("/api/servers").text
    renamed = admin.patch("/api/servers/plex-home", json={"name": "Renamed"})
    assert renamed.status_code == 200
    assert admin.post("/api/servers/plex-home/test-connection").json()["ok"] is True
    owners = admin.get("/api/servers/owners", params={"path": "/data/movies/x.mkv"}).json()
    assert owners == {
        "owners": [{"server_id": "plex-home", "local_path": "/mnt/media/movies/x.mkv"}]
    }


def test_bad_server_input_is_rejected(admin: TestClient, sims: dict[str, Any]) -> None:
    body = plex_body(sims) | {"auth": {"method": "password"}}
    refused = admin.post("/api/servers", json=body)
    assert refused.status_code == 400
    assert "auth.method for plex" in refused.json()["error"]
    admin.post("/api/servers", json=plex_body(sims))
    assert admin.post("/api/servers", json=plex_body(sims)).status_code == 409
    assert admin.get("/api/servers/nope").status_code == 404
    wrong = plex_body(sims) | {"auth": {"method": "token", "token": "wrong"}}
    tested = admin.post("/api/servers/test-connection", json=wrong).json()
    assert tested["ok"] is False
    assert "rejected the credentials" in tested["error"]


def test_two_servers_make_one_merged_library(
    admin: TestClient, sims: dict[str, Any], world: World
) -> None:
    for body in (plex_body(sims), jellyfin_body(sims)):
        assert admin.post("/api/servers", json=body).status_code == 201
        refreshed = admin.post(f"/api/servers/{body['id']}/refresh-libraries").json()
        assert {lib["kind"] for lib in refreshed["libraries"]} >= {"movie", "show"}
        done = sync(admin, body["id"])
        assert done["state"] == "succeeded", done["error"]
        assert done["result"]["problem_count"] == 0
    movies = admin.get("/api/library/items", params={"kind": "movie", "limit": 500}).json()
    expected = {m.title for m in world.library_movies()}
    assert {m["title"] for m in movies["items"]} == expected
    assert movies["total"] == len(expected)
    both = [m for m in movies["items"] if m["servers"] == ["jellyfin", "plex-home"]]
    assert len(both) == len(expected)
    assert all(m["resolution"] for m in movies["items"])
    shows = admin.get("/api/library/items", params={"kind": "show"}).json()["items"]
    assert {s["title"] for s in shows} == {s.title for s in world.library_shows()}
    detail = admin.get(f"/api/library/items/{shows[0]['id']}").json()
    assert [c["server_id"] for c in detail["copies"]] == ["jellyfin", "plex-home"]
    seasons = detail["children"]
    assert seasons
    assert all(s["servers"] == ["jellyfin", "plex-home"] and s["size"] > 0 for s in seasons)
    season = admin.get(f"/api/library/items/{seasons[0]['id']}").json()
    episodes = season["children"]
    assert episodes
    assert all(e["resolution"] and e["size"] > 0 for e in episodes)
    assert season["item"]["size"] == sum(e["size"] for e in episodes)
    movie = admin.get(f"/api/library/items/{both[0]['id']}").json()
    assert all(copy["files"] for copy in movie["copies"])
    one_copy = sum(f["size"] for f in movie["copies"][0]["files"])
    assert movie["item"]["size"] == one_copy  # one copy's size, not the sum over servers
    uhd = admin.get("/api/library/items", params={"resolution": "2160p"}).json()["items"]
    assert all(i["resolution"] == "2160p" for i in uhd)


def test_a_sync_that_loses_the_server_fails_clearly_and_purges_nothing(
    admin: TestClient, sims: dict[str, Any], world: World
) -> None:
    admin.post("/api/servers", json=jellyfin_body(sims))
    admin.post("/api/servers/jellyfin/refresh-libraries")
    assert sync(admin, "jellyfin")["state"] == "succeeded"
    before = admin.get("/api/library/items", params={"limit": 500}).json()["total"]
    admin.patch(
        "/api/servers/jellyfin", json={"auth": {"method": "api_key", "api_key": "revoked-key"}}
    )
    failed = sync(admin, "jellyfin")
    assert failed["state"] == "failed"
    assert "rejected the credentials" in failed["error"]
    assert admin.get("/api/library/items", params={"limit": 500}).json()["total"] == before
    status = admin.get("/api/servers/jellyfin").json()["last_sync_status"]
    assert status.startswith("failed:")


def test_library_sorts_by_size_title_and_year(admin: TestClient, sims: dict[str, Any]) -> None:
    for body in (plex_body(sims), jellyfin_body(sims)):
        admin.post("/api/servers", json=body)
        admin.post(f"/api/servers/{body['id']}/refresh-libraries")
        assert sync(admin, body["id"])["state"] == "succeeded"
    for sort, key in (("size", "size"), ("year", "year")):
        items = admin.get(
            "/api/library/items",
            params={"kind": "movie", "sort": sort, "order": "desc", "limit": 500},
        ).json()["items"]
        values = [i[key] for i in items]
        assert values == sorted(values, reverse=True), sort
    titles = [
        i["title"].lower()
        for i in admin.get(
            "/api/library/items",
            params={"kind": "movie", "sort": "title", "order": "asc", "limit": 500},
        ).json()["items"]
    ]
    assert titles == sorted(titles)
