"""The Sonarr simulator: auth, series, episodes, files, history, exclusions and faults."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tendarr.sim.arr.capture import WebhookInbox
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import Show
from tendarr.sim.sonarr import create_app, credentials
from tendarr.sim.world import World


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
def inbox() -> WebhookInbox:
    return WebhookInbox()


@pytest.fixture
def client(world: World, faults: FaultPlan, inbox: WebhookInbox) -> Iterator[TestClient]:
    app = create_app(world, faults=faults, webhook_transport=inbox.transport())
    with TestClient(app) as test_client:
        test_client.headers["X-Api-Key"] = credentials(world)["api_key"]
        yield test_client


def managed(world: World) -> list[Show]:
    return [s for s in world.shows if s.sonarr is not None]


def hook(client: TestClient, **flags: bool) -> None:
    body = {
        "name": "tendarr",
        "implementation": "Webhook",
        "configContract": "WebhookSettings",
        "fields": [{"name": "url", "value": "http://tendarr.test/hooks/sonarr"}],
        **flags,
    }
    assert client.post("/api/v3/notification", json=body).status_code == 201


def test_requests_without_the_api_key_get_an_empty_401(world: World) -> None:
    client = TestClient(create_app(world))
    missing = client.get("/api/v3/series")
    wrong = client.get("/api/v3/series", headers={"X-Api-Key": "nope"})
    assert (missing.status_code, missing.content) == (401, b"")
    assert wrong.status_code == 401
    key = credentials(world)["api_key"]
    assert client.get(f"/api/v3/series?apikey={key}").status_code == 200


def test_api_key_is_derived_from_the_seed_and_can_be_overridden(world: World) -> None:
    other = generate_world(WorldConfig(seed=2, movies=30, shows=5, users=4))
    assert credentials(world) != credentials(other)
    client = TestClient(create_app(world, api_key="fixed"))
    assert client.get("/api/v3/tag", headers={"X-Api-Key": "fixed"}).status_code == 200


def test_series_statistics_match_the_world(client: TestClient, world: World) -> None:
    series = client.get("/api/v3/series").json()
    assert [s["tvdbId"] for s in series] == [s.tvdb_id for s in managed(world)]
    for body, show in zip(series, managed(world), strict=True):
        files = [e.file for e in show.episodes() if e.file is not None]
        stats = body["statistics"]
        assert stats["episodeFileCount"] == len(files)
        assert stats["sizeOnDisk"] == sum(f.size for f in files)
        assert stats["totalEpisodeCount"] == len(show.episodes())
        assert stats["seasonCount"] == len(show.seasons)
        assert sum(s["statistics"]["episodeFileCount"] for s in body["seasons"]) == len(files)
        assert body["path"].startswith("/media/tv/")
        assert "nextAiring" not in body or body["nextAiring"] is not None


def test_series_filter_by_tvdb_id_and_lookup(client: TestClient, world: World) -> None:
    show = managed(world)[1]
    found = client.get(f"/api/v3/series?tvdbId={show.tvdb_id}").json()
    assert [s["id"] for s in found] == [show.sonarr.arr_id if show.sonarr else 0]
    assert client.get("/api/v3/series?tvdbId=1").json() == []
    wanted = next(s for s in world.shows if s.sonarr is None)
    looked = client.get(f"/api/v3/series/lookup?term=tvdb:{wanted.tvdb_id}").json()
    assert len(looked) == 1
    assert "id" not in looked[0]
    assert looked[0]["added"] == "0001-01-01T00:00:00Z"


def test_unknown_series_is_a_404(client: TestClient) -> None:
    assert client.get("/api/v3/series/999").status_code == 404
    response = client.delete("/api/v3/series/999")
    assert response.status_code == 404
    assert response.json()["message"] == "Series with ID 999 does not exist"


def test_adding_a_series_validates_like_sonarr(client: TestClient, world: World) -> None:
    show = managed(world)[0]
    response = client.post(
        "/api/v3/series",
        json={"tvdbId": show.tvdb_id, "title": show.title, "qualityProfileId": 9},
    )
    assert response.status_code == 400
    problems = {(p["propertyName"], p["errorMessage"]) for p in response.json()}
    assert ("TvdbId", "This series has already been added") in problems
    assert ("QualityProfileId", "Quality Profile does not exist") in problems
    assert ("Path", "Invalid Path") in problems


def test_adding_a_catalog_show_manages_it(client: TestClient, world: World) -> None:
    show = next(s for s in world.shows if s.sonarr is None)
    response = client.post(
        "/api/v3/series",
        json={
            "tvdbId": show.tvdb_id,
            "title": show.title,
            "qualityProfileId": 1,
            "rootFolderPath": "/media/tv",
            "monitored": True,
            "tags": [1],
            "addOptions": {"monitor": "pilot", "searchForMissingEpisodes": False},
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"].endswith(f"/api/v3/series/{body['id']}")
    assert show.sonarr is not None
    assert show.sonarr.tags == [1]
    assert [e.monitored for e in show.episodes()].count(True) == 1
    assert client.get(f"/api/v3/series/{body['id']}").json()["tvdbId"] == show.tvdb_id


def test_editing_a_series_changes_monitoring_and_tags(client: TestClient, world: World) -> None:
    show = managed(world)[0]
    assert show.sonarr is not None
    body = client.get(f"/api/v3/series/{show.sonarr.arr_id}").json()
    body["monitored"] = False
    body["tags"] = [2, 3]
    body["seasons"][0]["monitored"] = not body["seasons"][0]["monitored"]
    response = client.put(f"/api/v3/series/{show.sonarr.arr_id}", json=body)
    assert response.status_code == 202
    assert (show.sonarr.monitored, show.sonarr.tags) == (False, [2, 3])
    wanted = body["seasons"][0]["monitored"]
    assert all(e.monitored == wanted for e in show.seasons[0].episodes)


def test_deleting_a_series_with_files_and_exclusion(
    client: TestClient, world: World, inbox: WebhookInbox
) -> None:
    hook(client, onSeriesDelete=True, onEpisodeFileDelete=True)
    show = managed(world)[0]
    assert show.sonarr is not None
    sid, files = show.sonarr.arr_id, [e for e in show.episodes() if e.file]
    response = client.delete(f"/api/v3/series/{sid}?deleteFiles=true&addImportListExclusion=true")
    assert (response.status_code, response.content) == (200, b"")
    assert show.sonarr is None
    assert all(e.file is None for e in files)
    assert all(("episode", e.id) not in s.native_ids for s in world.servers for e in files)
    exclusions = client.get("/api/v3/importlistexclusion").json()
    assert [x["tvdbId"] for x in exclusions] == [show.tvdb_id]
    deleted = inbox.payloads("SeriesDelete")
    assert [p["deletedFiles"] for p in deleted] == [True]
    assert inbox.payloads("EpisodeFileDelete") == []
    history = client.get(f"/api/v3/history/series?seriesId={sid}").json()
    assert history == []


def test_deleting_without_delete_files_keeps_them(client: TestClient, world: World) -> None:
    show = managed(world)[0]
    assert show.sonarr is not None
    before = [e.file for e in show.episodes()]
    assert client.delete(f"/api/v3/series/{show.sonarr.arr_id}").status_code == 200
    assert [e.file for e in show.episodes()] == before
    assert client.get("/api/v3/importlistexclusion").json() == []


def test_bulk_editor_tags_and_delete(client: TestClient, world: World) -> None:
    ids = [s.sonarr.arr_id for s in managed(world) if s.sonarr][:2]
    edited = client.put(
        "/api/v3/series/editor", json={"seriesIds": ids, "tags": [3], "applyTags": "add"}
    )
    assert edited.status_code == 202
    assert all(3 in s["tags"] for s in edited.json())
    deleted = client.request(
        "DELETE", "/api/v3/series/editor", json={"seriesIds": ids, "deleteFiles": False}
    )
    assert deleted.status_code == 200
    assert len(client.get("/api/v3/series").json()) == len(managed(world))


def test_episodes_need_a_series_or_ids(client: TestClient, world: World) -> None:
    show = managed(world)[0]
    assert show.sonarr is not None
    assert client.get("/api/v3/episode").status_code == 400
    season = client.get(f"/api/v3/episode?seriesId={show.sonarr.arr_id}&seasonNumber=1").json()
    assert [e["episodeNumber"] for e in season] == [
        e.episode_number for e in show.seasons[0].episodes
    ]
    ids = [season[0]["id"], season[1]["id"]]
    picked = client.get(
        f"/api/v3/episode?episodeIds={ids[0]}&episodeIds={ids[1]}&includeEpisodeFile=true"
    ).json()
    assert [e["id"] for e in picked] == ids
    assert all(("episodeFile" in e) == e["hasFile"] for e in picked)


def test_monitoring_episodes(client: TestClient, world: World) -> None:
    ep = managed(world)[0].episodes()[0]
    response = client.put(
        "/api/v3/episode/monitor", json={"episodeIds": [ep.id], "monitored": False}
    )
    assert response.status_code == 202
    assert ep.monitored is False


def test_deleting_an_episode_file_is_recorded_and_announced(
    client: TestClient, world: World, inbox: WebhookInbox
) -> None:
    hook(client, onEpisodeFileDelete=True)
    ep = next(e for e in managed(world)[0].episodes() if e.file is not None)
    assert ep.file is not None
    file_id = ep.file.id
    assert client.delete(f"/api/v3/episodefile/{file_id}").status_code == 200
    assert ep.file is None
    assert ep.monitored is True
    assert client.get(f"/api/v3/episodefile/{file_id}").status_code == 404
    latest = client.get("/api/v3/history?pageSize=1").json()["records"][0]
    assert (latest["eventType"], latest["data"]["reason"]) == ("episodeFileDeleted", "Manual")
    [payload] = inbox.payloads("EpisodeFileDelete")
    assert payload["deleteReason"] == "manual"
    assert payload["episodeFile"]["id"] == file_id


def test_files_removed_elsewhere_read_as_missing_from_disk(
    client: TestClient, world: World, inbox: WebhookInbox
) -> None:
    hook(client, onEpisodeFileDelete=True)
    ep = next(e for e in managed(world)[0].episodes() if e.file is not None)
    world.delete_file("episode", ep.id)
    [payload] = inbox.payloads("EpisodeFileDelete")
    assert payload["deleteReason"] == "missingFromDisk"


def test_bulk_file_delete(client: TestClient, world: World) -> None:
    show = managed(world)[0]
    assert show.sonarr is not None
    files = client.get(f"/api/v3/episodefile?seriesId={show.sonarr.arr_id}").json()
    ids = [f["id"] for f in files[:2]]
    response = client.request("DELETE", "/api/v3/episodefile/bulk", json={"episodeFileIds": ids})
    assert response.status_code == 200
    remaining = {e.file.id for e in show.episodes() if e.file}
    assert remaining.isdisjoint(ids)


def test_history_pages_in_the_envelope(client: TestClient) -> None:
    first = client.get("/api/v3/history?page=1&pageSize=7").json()
    assert set(first) == {"page", "pageSize", "sortKey", "sortDirection", "totalRecords", "records"}
    assert (first["page"], first["pageSize"], first["sortKey"]) == (1, 7, "date")
    assert first["sortDirection"] == "descending"
    total = first["totalRecords"]
    seen = []
    for number in range(1, total // 7 + 2):
        seen += client.get(f"/api/v3/history?page={number}&pageSize=7").json()["records"]
    assert len(seen) == total == len({r["id"] for r in seen})
    dates = [r["date"] for r in seen]
    assert dates == sorted(dates, reverse=True)
    ascending = client.get("/api/v3/history?pageSize=3&sortDirection=ascending").json()
    assert ascending["records"][0]["date"] <= ascending["records"][-1]["date"]


def test_history_filters(client: TestClient, world: World) -> None:
    show = managed(world)[0]
    assert show.sonarr is not None
    sid = show.sonarr.arr_id
    grabbed = client.get(f"/api/v3/history?eventType=1&seriesIds={sid}&pageSize=500").json()
    assert grabbed["records"]
    assert {r["eventType"] for r in grabbed["records"]} == {"grabbed"}
    assert {r["seriesId"] for r in grabbed["records"]} == {sid}
    with_series = client.get("/api/v3/history?pageSize=1&includeSeries=true").json()
    assert "series" in with_series["records"][0]
    assert client.get("/api/v3/history/since").status_code == 400
    since = client.get("/api/v3/history/since?date=2026-01-01T00:00:00Z").json()
    assert all(r["date"] >= "2026-01-01" for r in since)
    season = client.get(f"/api/v3/history/series?seriesId={sid}&seasonNumber=1").json()
    episode_ids = {e.id for e in show.seasons[0].episodes}
    assert season
    assert {r["episodeId"] for r in season} <= episode_ids


def test_exclusions_add_page_and_remove(client: TestClient, world: World) -> None:
    show = next(s for s in world.shows if s.sonarr is None)
    added = client.post("/api/v3/importlistexclusion", json={"tvdbId": show.tvdb_id, "title": "x"})
    assert added.status_code == 201
    again = client.post("/api/v3/importlistexclusion", json={"tvdbId": show.tvdb_id})
    assert again.status_code == 400
    foreign = client.post("/api/v3/importlistexclusion", json={"tvdbId": 42, "title": "Other"})
    assert foreign.status_code == 201
    paged = client.get("/api/v3/importlistexclusion/paged?pageSize=1&page=2").json()
    assert (paged["totalRecords"], len(paged["records"])) == (2, 1)
    assert client.delete(f"/api/v3/importlistexclusion/{added.json()['id']}").status_code == 200
    assert [e.kind for e in world.exclusions] == []
    bulk = client.request(
        "DELETE", "/api/v3/importlistexclusion/bulk", json={"ids": [foreign.json()["id"]]}
    )
    assert bulk.status_code == 200
    assert client.get("/api/v3/importlistexclusion").json() == []


def test_tags_profiles_and_root_folders(client: TestClient, world: World) -> None:
    made = client.post("/api/v3/tag", json={"label": "Leaving-Soon"})
    assert made.status_code == 201
    assert made.json()["label"] == "leaving-soon"
    assert any(t.label == "leaving-soon" for t in world.tags)
    roots = client.get("/api/v3/rootfolder").json()
    assert roots[0]["freeSpace"] == world.root_folders["sonarr"][0].free_space
    profiles = client.get("/api/v3/qualityprofile").json()
    assert [p["name"] for p in profiles] == [p.name for p in world.quality_profiles]
    assert client.get("/api/v3/system/status").json()["appName"] == "Sonarr"
    assert client.get("/api/v3/health").json() == []


def test_unknown_command_is_a_400_and_refresh_completes(client: TestClient) -> None:
    assert client.post("/api/v3/command", json={"name": "DoSomething"}).status_code == 400
    queued = client.post("/api/v3/command", json={"name": "refreshseries", "seriesIds": [1]})
    assert queued.status_code == 201
    assert (queued.json()["status"], queued.json()["name"]) == ("queued", "RefreshSeries")
    done = client.get(f"/api/v3/command/{queued.json()['id']}").json()
    assert done["status"] == "completed"
    assert [c["id"] for c in client.get("/api/v3/command").json()] == [queued.json()["id"]]


def test_search_for_an_unknown_series_fails(client: TestClient) -> None:
    queued = client.post("/api/v3/command", json={"name": "SeriesSearch", "seriesId": 999})
    assert queued.status_code == 201
    failed = client.get(f"/api/v3/command/{queued.json()['id']}").json()
    assert (failed["status"], failed["result"]) == ("failed", "unsuccessful")
    assert failed["message"] == "Series with ID 999 does not exist"


def test_a_connection_with_no_events_is_saved_without_a_test(
    client: TestClient, inbox: WebhookInbox
) -> None:
    inbox.status = 500
    body = {
        "name": "quiet",
        "implementation": "Webhook",
        "fields": [{"name": "url", "value": "http://tendarr.test/h"}],
    }
    assert client.post("/api/v3/notification", json=body).status_code == 201
    assert inbox.requests == []


def test_webhook_registration_tests_the_target(client: TestClient, inbox: WebhookInbox) -> None:
    inbox.status = 500
    body = {
        "name": "x",
        "implementation": "Webhook",
        "fields": [{"name": "url", "value": "http://tendarr.test/h"}],
        "onDownload": True,
    }
    refused = client.post("/api/v3/notification", json=body)
    assert refused.status_code == 400
    assert refused.json()[0]["errorMessage"].startswith("Unable to send test message")
    assert client.post("/api/v3/notification?forceSave=true", json=body).status_code == 201
    inbox.status = 200
    assert client.post("/api/v3/notification/test", json=body).status_code == 200
    tests = inbox.payloads("Test")
    assert tests[-1]["instanceName"] == "Sonarr"
    assert tests[-1]["applicationUrl"] == ""
    bad = client.post("/api/v3/notification", json={**body, "fields": []})
    assert bad.status_code == 400


@pytest.mark.parametrize("status", [401, 500, 503])
def test_status_faults(client: TestClient, faults: FaultPlan, status: int) -> None:
    faults.add(Fault("status", path="/api/v3/series", status=status, times=1))
    assert client.get("/api/v3/series").status_code == status
    assert client.get("/api/v3/series").status_code == 200


def test_rate_limit_fault_carries_retry_after(client: TestClient, faults: FaultPlan) -> None:
    faults.add(Fault("status", path="/api/v3/history", status=429, retry_after=7))
    response = client.get("/api/v3/history")
    assert (response.status_code, response.headers["retry-after"]) == (429, "7")


def test_fail_at_page_fault(client: TestClient, faults: FaultPlan) -> None:
    faults.add(Fault("fail_page", path="/api/v3/history", status=500, page=1))
    assert client.get("/api/v3/history?page=1&pageSize=5").status_code == 200
    assert client.get("/api/v3/history?page=2&pageSize=5").status_code == 500
    assert client.get("/api/v3/history?page=3&pageSize=5").status_code == 200


def test_malformed_and_latency_faults(client: TestClient, faults: FaultPlan) -> None:
    faults.add(Fault("malformed", path="/api/v3/series", times=1))
    faults.add(Fault("latency", path="/api/v3/tag", seconds=0.05, times=1))
    with pytest.raises(ValueError, match=r"Expecting|Unterminated"):
        client.get("/api/v3/series").json()
    assert client.get("/api/v3/tag").status_code == 200
