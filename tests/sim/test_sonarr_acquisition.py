"""Sonarr searches drive the World: grab, download, import, history and webhooks."""

from __future__ import annotations

from datetime import timedelta

from starlette.testclient import TestClient

from tendarr.sim.arr.capture import WebhookInbox
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import Episode
from tendarr.sim.sonarr import create_app, credentials
from tendarr.sim.world import World


def setup(upgrades: bool = False) -> tuple[World, TestClient, WebhookInbox]:
    world = generate_world(WorldConfig(movies=30, shows=5, users=4))
    inbox = WebhookInbox()
    client = TestClient(create_app(world, webhook_transport=inbox.transport(), upgrades=upgrades))
    client.headers["X-Api-Key"] = credentials(world)["api_key"]
    hook = {
        "name": "tendarr",
        "implementation": "Webhook",
        "fields": [{"name": "url", "value": "http://tendarr.test/hooks/sonarr"}],
        "onGrab": True,
        "onDownload": True,
        "onUpgrade": True,
        "onImportComplete": True,
        "onEpisodeFileDeleteForUpgrade": True,
    }
    assert client.post("/api/v3/notification", json=hook).status_code == 201
    return world, client, inbox


def missing_episode(world: World) -> Episode:
    return next(
        e
        for s in world.shows
        if s.sonarr is not None
        for e in s.episodes()
        if e.file is None and e.air_date is not None and e.air_date < world.now.date()
    )


def test_episode_search_downloads_imports_and_announces() -> None:
    world, client, inbox = setup()
    ep = missing_episode(world)
    command = client.post("/api/v3/command", json={"name": "EpisodeSearch", "episodeIds": [ep.id]})
    assert command.status_code == 201
    cid = command.json()["id"]
    assert client.get(f"/api/v3/command/{cid}").json()["status"] == "started"
    assert [e["eventType"] for e in client.get("/api/v3/history?pageSize=1").json()["records"]] == [
        "grabbed"
    ]
    world.advance(world.download_delay.total_seconds() / 2)
    assert ep.file is None
    assert client.get(f"/api/v3/command/{cid}").json()["status"] == "started"
    world.advance(world.download_delay.total_seconds())
    assert ep.file is not None
    assert all(("episode", ep.id) in s.native_ids for s in world.servers)
    done = client.get(f"/api/v3/command/{cid}").json()
    assert (done["status"], done["result"]) == ("completed", "successful")
    events = client.get(f"/api/v3/history?episodeId={ep.id}").json()["records"]
    assert [r["eventType"] for r in events] == ["downloadFolderImported", "grabbed"]
    assert events[0]["downloadId"] == events[1]["downloadId"]
    shown = client.get(f"/api/v3/episode?episodeIds={ep.id}").json()[0]
    assert shown["hasFile"] is True
    assert shown["episodeFileId"] == ep.file.id

    [grab] = inbox.payloads("Grab")
    per_file, complete = inbox.payloads("Download")
    assert per_file["isUpgrade"] is False
    assert per_file["episodeFile"]["path"] == ep.file.path
    assert "deletedFiles" not in per_file
    assert per_file["downloadId"] == grab["downloadId"]
    assert "isUpgrade" not in complete
    assert "episodeFile" not in complete
    assert complete["fileCount"] == 1
    assert complete["episodeFiles"][0]["id"] == ep.file.id
    assert complete["destinationPath"] == ep.file.path.rsplit("/", 1)[0]
    for payload in inbox.payloads():
        assert {"eventType", "instanceName", "applicationUrl"} <= set(payload)
        assert None not in payload.values()


def test_searches_skip_episodes_with_files_unless_upgrading() -> None:
    world, client, _ = setup()
    owned = next(e for s in world.shows if s.sonarr for e in s.episodes() if e.file is not None)
    client.post("/api/v3/command", json={"name": "EpisodeSearch", "episodeIds": [owned.id]})
    assert world.pending == []


def test_upgrade_arrives_as_download_with_deleted_files() -> None:
    world, client, inbox = setup(upgrades=True)
    show = next(s for s in world.shows if s.sonarr and s.sonarr.quality_profile_id == 2)
    ep = next(
        e for e in show.episodes() if e.file is not None and e.file.quality not in {"Remux-2160p"}
    )
    assert ep.file is not None
    old = ep.file
    client.post("/api/v3/command", json={"name": "EpisodeSearch", "episodeIds": [ep.id]})
    world.advance(world.download_delay.total_seconds() + 1)
    assert ep.file is not None
    assert ep.file.id != old.id
    upgrade = next(p for p in inbox.payloads("Download") if "isUpgrade" in p)
    assert upgrade["isUpgrade"] is True
    assert [f["path"] for f in upgrade["deletedFiles"]] == [old.path]
    [removed] = inbox.payloads("EpisodeFileDelete")
    assert removed["deleteReason"] == "upgrade"


def test_missing_search_only_takes_monitored_aired_episodes() -> None:
    world, client, _ = setup()
    command = client.post("/api/v3/command", json={"name": "MissingEpisodeSearch"}).json()
    wanted = {p.item_id for p in world.pending}
    for item in wanted:
        ep = world.episode_by_id[item]
        show = world.show_by_id[ep.show_id]
        assert ep.monitored
        assert ep.file is None
        assert show.sonarr
        assert show.sonarr.monitored
    world.advance(timedelta(minutes=10).total_seconds())
    assert client.get(f"/api/v3/command/{command['id']}").json()["status"] == "completed"


def test_adding_with_search_grabs_missing_episodes() -> None:
    world, client, _ = setup()
    show = next(s for s in world.shows if s.sonarr is None)
    response = client.post(
        "/api/v3/series",
        json={
            "tvdbId": show.tvdb_id,
            "title": show.title,
            "qualityProfileId": 1,
            "rootFolderPath": "/media/tv",
            "addOptions": {"monitor": "all", "searchForMissingEpisodes": True},
        },
    )
    assert response.status_code == 201
    aired = [e for e in show.episodes() if e.air_date and e.air_date < world.now.date()]
    assert {p.item_id for p in world.pending} == {e.id for e in aired}
    world.advance(world.download_delay.total_seconds())
    assert all(e.file is not None for e in aired)
