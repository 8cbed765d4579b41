"""Radarr searches drive the World: grab, download, import, history and webhooks."""

from __future__ import annotations

from starlette.testclient import TestClient

from tendarr.sim.arr.capture import WebhookInbox
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import Movie
from tendarr.sim.radarr import create_app, credentials
from tendarr.sim.world import World


def setup(upgrades: bool = False) -> tuple[World, TestClient, WebhookInbox]:
    world = generate_world(WorldConfig(movies=30, shows=5, users=4))
    inbox = WebhookInbox()
    client = TestClient(create_app(world, webhook_transport=inbox.transport(), upgrades=upgrades))
    client.headers["X-Api-Key"] = credentials(world)["api_key"]
    hook = {
        "name": "tendarr",
        "implementation": "Webhook",
        "fields": [{"name": "url", "value": "http://tendarr.test/hooks/radarr"}],
        "onGrab": True,
        "onDownload": True,
        "onUpgrade": True,
        "onMovieFileDeleteForUpgrade": True,
    }
    assert client.post("/api/v3/notification", json=hook).status_code == 201
    return world, client, inbox


def released_catalog_movie(world: World) -> Movie:
    return next(
        m for m in world.movies if m.radarr is None and m.release_date.year < world.now.year - 1
    )


def test_add_search_advance_gives_a_file_everywhere() -> None:
    world, client, inbox = setup()
    movie = released_catalog_movie(world)
    added = client.post(
        "/api/v3/movie",
        json={
            "tmdbId": movie.tmdb_id,
            "title": movie.title,
            "qualityProfileId": 1,
            "rootFolderPath": "/media/movies",
            "monitored": True,
            "addOptions": {"searchForMovie": False},
        },
    )
    assert added.status_code == 201
    mid = added.json()["id"]
    command = client.post("/api/v3/command", json={"name": "MoviesSearch", "movieIds": [mid]})
    assert (command.status_code, command.json()["status"]) == (201, "queued")
    cid = command.json()["id"]
    assert client.get(f"/api/v3/command/{cid}").json()["status"] == "started"
    events = world.advance(world.download_delay.total_seconds())
    assert [e.kind for e in events] == ["download.completed"]
    assert movie.file is not None
    assert all(("movie", movie.id) in s.native_ids for s in world.servers)
    done = client.get(f"/api/v3/command/{cid}").json()
    assert (done["status"], done["ended"]) == ("completed", "2026-06-01T12:05:00Z")
    history = client.get(f"/api/v3/history/movie?movieId={mid}").json()
    assert [r["eventType"] for r in history] == ["downloadFolderImported", "grabbed"]
    assert history[0]["data"]["importedPath"] == movie.file.path
    body = client.get(f"/api/v3/movie/{mid}").json()
    assert (body["hasFile"], body["movieFile"]["id"]) == (True, movie.file.id)

    [grab] = inbox.payloads("Grab")
    [download] = inbox.payloads("Download")
    assert download["isUpgrade"] is False
    assert "deletedFiles" not in download
    assert download["movie"]["id"] == mid
    assert download["movieFile"]["path"] == movie.file.path
    assert download["remoteMovie"]["tmdbId"] == movie.tmdb_id
    assert download["downloadId"] == grab["downloadId"] == history[0]["downloadId"]
    assert {p["instanceName"] for p in inbox.payloads()} == {"Radarr"}


def test_add_with_search_queues_a_tracked_command() -> None:
    world, client, _ = setup()
    movie = released_catalog_movie(world)
    client.post(
        "/api/v3/movie",
        json={
            "tmdbId": movie.tmdb_id,
            "qualityProfileId": 1,
            "rootFolderPath": "/media/movies",
            "addOptions": {"searchForMovie": True},
        },
    )
    [command] = client.get("/api/v3/command").json()
    assert (command["name"], command["status"]) == ("MoviesSearch", "started")
    world.advance(world.download_delay.total_seconds())
    assert client.get("/api/v3/command").json()[0]["status"] == "completed"


def test_missing_search_skips_unmonitored_and_owned() -> None:
    world, client, _ = setup()
    owned = [m for m in world.movies if m.radarr is not None]
    for movie in owned[:3]:
        world.delete_file("movie", movie.id)
    assert owned[0].radarr is not None
    owned[0].radarr.monitored = False
    client.post("/api/v3/command", json={"name": "MissingMoviesSearch"})
    assert {p.item_id for p in world.pending} == {m.id for m in owned[1:3] if m.radarr}


def test_upgrade_download_lists_the_replaced_file() -> None:
    world, client, inbox = setup(upgrades=True)
    movie = next(
        m
        for m in world.movies
        if m.radarr
        and m.radarr.quality_profile_id == 1
        and m.file
        and m.file.quality in {"HDTV-720p", "WEBRip-1080p", "WEBDL-1080p"}
    )
    assert movie.file is not None
    assert movie.radarr is not None
    old = movie.file
    client.post("/api/v3/command", json={"name": "MoviesSearch", "movieIds": [movie.radarr.arr_id]})
    world.advance(world.download_delay.total_seconds())
    [download] = inbox.payloads("Download")
    assert download["isUpgrade"] is True
    assert [f["path"] for f in download["deletedFiles"]] == [old.path]
    [deleted] = inbox.payloads("MovieFileDelete")
    assert deleted["deleteReason"] == "upgrade"
    kinds = [r["eventType"] for r in client.get("/api/v3/history?pageSize=3").json()["records"]]
    assert kinds == ["downloadFolderImported", "movieFileDeleted", "grabbed"]


def test_a_failed_download_is_blocklisted_and_the_next_search_grabs_another_release() -> None:
    world = generate_world(WorldConfig(seed=6, movies=6, shows=0, users=2))
    app = create_app(world)
    key = {"X-Api-Key": credentials(world)["api_key"]}
    wanted = next(
        m
        for m in world.movies
        if m.radarr is None and m.file is None and m.release_date <= world.now.date()
    )
    with TestClient(app) as client:
        added = client.post(
            "/api/v3/movie",
            headers=key,
            json={
                "tmdbId": wanted.tmdb_id,
                "title": wanted.title,
                "qualityProfileId": 1,
                "rootFolderPath": "/media/movies",
                "monitored": True,
            },
        ).json()
        app.radarr.state.fail_next_grabs = 1
        search = {"name": "MoviesSearch", "movieIds": [added["id"]]}
        client.post("/api/v3/command", headers=key, json=search)
        world.advance(world.download_delay.total_seconds() + 1)
        assert wanted.file is None  # the download failed: still wanted
        blocked = client.get("/api/v3/blocklist", headers=key).json()["records"]
        assert [b["movieId"] for b in blocked] == [added["id"]]
        history = client.get(
            "/api/v3/history", headers=key, params={"eventType": "downloadFailed"}
        ).json()["records"]
        assert [h["sourceTitle"] for h in history] == [blocked[0]["sourceTitle"]]
        client.post("/api/v3/command", headers=key, json=search)
        world.advance(world.download_delay.total_seconds() + 1)
        assert wanted.file is not None  # another release, not the blocklisted one
        grabs = client.get("/api/v3/history", headers=key, params={"eventType": "grabbed"}).json()[
            "records"
        ]
        titles = {g["sourceTitle"] for g in grabs if g["movieId"] == added["id"]}
        assert len(titles) == 2
