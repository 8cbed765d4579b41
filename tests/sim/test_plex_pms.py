"""The Plex Media Server simulator: auth, listings, paging, detail, deletes and faults."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from starlette.testclient import TestClient

from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.plex import create_app, credentials, plex_state
from tendarr.sim.plex.state import part_hash
from tendarr.sim.world import World

JSON = {"Accept": "application/json"}


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


def _client(world: World, faults: FaultPlan | None = None) -> tuple[TestClient, dict[str, str]]:
    app = create_app(world, server_id="plex-1", faults=faults)
    return TestClient(app), {**JSON, "X-Plex-Token": credentials(world, "plex-1")["token"]}


def test_missing_or_wrong_token_is_401_html(world: World) -> None:
    client, _ = _client(world)
    for headers in ({}, {"X-Plex-Token": "nope"}):
        response = client.get("/library/sections/all", headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("text/html")


def test_token_accepted_in_query_and_identity_needs_none(world: World) -> None:
    client, headers = _client(world)
    token = headers["X-Plex-Token"]
    assert client.get(f"/library/sections/all?X-Plex-Token={token}").status_code == 200
    identity = client.get("/identity", headers=JSON).json()["MediaContainer"]
    assert identity["machineIdentifier"] == world.server("plex-1").machine_id


def test_xml_is_the_default_and_json_on_request(world: World) -> None:
    client, headers = _client(world)
    xml = client.get("/library/sections/all", headers={"X-Plex-Token": headers["X-Plex-Token"]})
    root = ET.fromstring(xml.text)  # noqa: S314 (simulator output)
    assert root.tag == "MediaContainer"
    assert [d.get("type") for d in root.iter("Directory")] == ["movie", "show"]
    assert root.find("Directory/Location") is not None
    sections = client.get("/library/sections/all", headers=headers).json()["MediaContainer"]
    assert sections["Directory"][0]["Location"][0]["path"] == "/data/movies"


def test_shared_users_token_reads_but_cannot_delete(world: World) -> None:
    client, _ = _client(world)
    friend = next(u for u in world.users if u.kind != "owner" and "plex-1" in u.servers)
    headers = {**JSON, "X-Plex-Token": friend.plex_token}
    listing = client.get("/library/sections/1/all", headers=headers)
    assert listing.status_code == 200
    key = listing.json()["MediaContainer"]["Metadata"][0]["ratingKey"]
    assert client.delete(f"/library/metadata/{key}", headers=headers).status_code == 401


def test_paging_walks_every_movie_once(world: World) -> None:
    client, headers = _client(world)
    seen: list[str] = []
    start = 0
    while True:
        paged = {**headers, "X-Plex-Container-Start": str(start), "X-Plex-Container-Size": "7"}
        body = client.get("/library/sections/1/all", headers=paged).json()["MediaContainer"]
        assert body["totalSize"] == len(world.library_movies())
        assert body["offset"] == start
        seen += [m["ratingKey"] for m in body["Metadata"]]
        start += 7
        if start >= body["totalSize"]:
            break
    assert len(seen) == len(set(seen)) == len(world.library_movies())


def test_listing_types_and_guids(world: World) -> None:
    client, headers = _client(world)
    episodes = client.get("/library/sections/2/all?type=4&includeGuids=1", headers=headers).json()
    rows = episodes["MediaContainer"]["Metadata"]
    with_files = [e for s in world.library_shows() for e in s.episodes() if e.file is not None]
    assert len(rows) == len(with_files)
    assert {r["type"] for r in rows} == {"episode"}
    assert all(g["id"].split("://")[0] in {"tmdb", "tvdb"} for r in rows for g in r["Guid"])
    movies = client.get("/library/sections/1/all?includeGuids=1", headers=headers).json()
    movie = movies["MediaContainer"]["Metadata"][0]
    world_movie = next(m for m in world.movies if f"tmdb://{m.tmdb_id}" in str(movie["Guid"]))
    assert movie["title"] == world_movie.title
    assert "Guid" not in client.get("/library/sections/1/all", headers=headers).text


def test_metadata_detail_has_streams_and_server_paths(world: World) -> None:
    client, headers = _client(world)
    server = world.server("plex-1")
    movie = next(m for m in world.library_movies() if m.file and m.file.video.dynamic_range == "DV")
    assert movie.file is not None
    key = server.native_ids[("movie", movie.id)]
    body = client.get(f"/library/metadata/{key}", headers=headers).json()["MediaContainer"]
    part = body["Metadata"][0]["Media"][0]["Part"][0]
    assert part["file"] == server.server_path(movie.file.path)
    assert part["file"].startswith("/data/")
    assert part["hash"] == part_hash(server, movie.file)
    video = next(s for s in part["Stream"] if s["streamType"] == 1)
    assert video["DOVIPresent"] is True
    assert video["DOVIProfile"] == movie.file.video.dv_profile
    assert video["bitDepth"] == movie.file.video.bit_depth
    assert video["colorTrc"] == movie.file.video.color_transfer
    audio = [s for s in part["Stream"] if s["streamType"] == 2]
    assert [a["channels"] for a in audio] == [a.channels for a in movie.file.audio]
    subs = [s for s in part["Stream"] if s["streamType"] == 3]
    assert len(subs) == len(movie.file.subtitles)


def test_children_leaves_and_tree_hashes(world: World) -> None:
    client, headers = _client(world)
    server = world.server("plex-1")
    show = world.library_shows()[0]
    key = server.native_ids[("show", show.id)]
    seasons = client.get(f"/library/metadata/{key}/children", headers=headers).json()
    assert {s["type"] for s in seasons["MediaContainer"]["Metadata"]} == {"season"}
    leaves = client.get(f"/library/metadata/{key}/allLeaves", headers=headers).json()
    files = [e.file for e in show.episodes() if e.file is not None]
    assert len(leaves["MediaContainer"]["Metadata"]) == len(files)
    tree = client.get(f"/library/metadata/{key}/tree", headers=headers).json()
    hashes = [
        part["hash"]
        for season in tree["MediaContainer"]["MetadataItem"][0]["MetadataItem"]
        for episode in season["MetadataItem"]
        for media in episode["MediaItem"]
        for part in media["MediaPart"]
    ]
    assert hashes == [part_hash(server, f) for f in files]
    assert all(len(h) == 40 for h in hashes)
    again = client.get(f"/library/metadata/{key}/tree", headers=headers).json()
    assert again == tree


def test_unknown_item_is_404(world: World) -> None:
    client, headers = _client(world)
    assert client.get("/library/metadata/999999", headers=headers).status_code == 404
    assert client.get("/library/sections/9/all", headers=headers).status_code == 404


def test_delete_removes_the_world_file_only_when_allowed(world: World) -> None:
    client, headers = _client(world)
    movie = world.library_movies()[0]
    key = world.server("plex-1").native_ids[("movie", movie.id)]
    assert client.put("/:/prefs?allowMediaDeletion=0", headers=headers).status_code == 200
    assert client.delete(f"/library/metadata/{key}", headers=headers).status_code == 403
    assert movie.file is not None
    assert client.put("/:/prefs?allowMediaDeletion=1", headers=headers).status_code == 200
    assert client.delete(f"/library/metadata/{key}", headers=headers).status_code == 200
    assert movie.file is None
    assert world.events[-1].kind == "file.deleted"
    assert client.get(f"/library/metadata/{key}", headers=headers).status_code == 404


def test_unknown_pref_is_400(world: World) -> None:
    client, headers = _client(world)
    assert client.put("/:/prefs?NoSuchSetting=1", headers=headers).status_code == 400


def test_history_filters_by_account_time_and_section(world: World) -> None:
    client, headers = _client(world)
    owner_plays = [
        p for p in world.plays if p.user_id == 1 and p.server_id == "plex-1" and p.completed
    ]
    cutoff = int(owner_plays[len(owner_plays) // 2].stopped_at.timestamp())
    url = f"/status/sessions/history/all?accountID=1&viewedAt>={cutoff}&sort=viewedAt:desc"
    rows = client.get(url, headers=headers).json()["MediaContainer"]["Metadata"]
    assert rows
    assert all(r["accountID"] == 1 and r["viewedAt"] >= cutoff for r in rows)
    assert [r["viewedAt"] for r in rows] == sorted((r["viewedAt"] for r in rows), reverse=True)
    movies = client.get("/status/sessions/history/all?librarySectionID=1", headers=headers).json()[
        "MediaContainer"
    ]["Metadata"]
    assert {r["type"] for r in movies} == {"movie"}


def test_scrobble_and_unscrobble_change_view_count(world: World) -> None:
    client, headers = _client(world)
    movie = world.library_movies()[-1]
    key = world.server("plex-1").native_ids[("movie", movie.id)]
    query = f"identifier=com.plexapp.plugins.library&key={key}"
    assert client.put(f"/:/scrobble?{query}", headers=headers).status_code == 200
    detail = client.get(f"/library/metadata/{key}", headers=headers).json()
    assert detail["MediaContainer"]["Metadata"][0]["viewCount"] >= 1
    assert client.put(f"/:/unscrobble?{query}", headers=headers).status_code == 200
    detail = client.get(f"/library/metadata/{key}", headers=headers).json()
    assert "viewCount" not in detail["MediaContainer"]["Metadata"][0]
    bad = client.put(f"/:/scrobble?identifier=other&key={key}", headers=headers)
    assert bad.status_code == 400


def test_collections_round_trip(world: World) -> None:
    client, headers = _client(world)
    state = plex_state(client.app)  # type: ignore[arg-type]
    keys = [state.server.native_ids[("movie", m.id)] for m in world.library_movies()[:2]]
    uuid = state.server.libraries[0].uuid
    uri = f"library://{uuid}/item/%2Flibrary%2Fmetadata%2F{keys[0]}"
    created = client.post(f"/library/collections?sectionId=1&title=Soon&uri={uri}", headers=headers)
    key = created.json()["MediaContainer"]["Metadata"][0]["ratingKey"]
    more = f"library://{uuid}/item/%2Flibrary%2Fmetadata%2F{keys[1]}"
    client.put(f"/library/collections/{key}/items?uri={more}", headers=headers)
    items = client.get(f"/library/collections/{key}/items", headers=headers).json()
    assert [m["ratingKey"] for m in items["MediaContainer"]["Metadata"]] == keys
    assert client.delete(f"/library/collections/{key}/items/{keys[0]}", headers=headers).is_success
    assert state.collections[key].items == [keys[1]]
    assert client.post("/library/collections?title=x", headers=headers).status_code == 400
    listed = client.get("/library/sections/1/collections", headers=headers).json()
    assert [c["title"] for c in listed["MediaContainer"]["Metadata"]] == ["Soon"]
    assert client.delete(f"/library/sections/1/collection/{key}", headers=headers).is_success
    assert key not in state.collections


def test_faults_fire(world: World) -> None:
    plan = FaultPlan()
    client, headers = _client(world, plan)
    plan.add(Fault("status", path="/library/sections/1/all", status=429, retry_after=7, times=1))
    limited = client.get("/library/sections/1/all", headers=headers)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "7"
    assert client.get("/library/sections/1/all", headers=headers).status_code == 200
    plan.add(Fault("fail_page", path="/library/sections/1/all", status=500, page=1, page_size=5))
    first = {**headers, "X-Plex-Container-Start": "0", "X-Plex-Container-Size": "5"}
    second = {**headers, "X-Plex-Container-Start": "5", "X-Plex-Container-Size": "5"}
    assert client.get("/library/sections/1/all", headers=first).status_code == 200
    assert client.get("/library/sections/1/all", headers=second).status_code == 500
    plan.clear()
    plan.add(Fault("malformed", path="/library/metadata/.*"))
    assert client.get("/library/metadata/1", headers=headers).status_code == 200
    plan.clear()
    plan.add(Fault("latency", path="/identity", seconds=0.01))
    assert client.get("/identity").status_code == 200


def test_new_download_appears_with_a_new_rating_key(world: World) -> None:
    client, headers = _client(world)
    missing = next(m for m in world.movies if m.file is None)
    before = client.get("/library/sections/1/all", headers=headers).json()["MediaContainer"]
    world.schedule_download("movie", missing.id)
    world.advance(3600)
    after = client.get("/library/sections/1/all", headers=headers).json()["MediaContainer"]
    assert after["size"] == before["size"] + 1
    assert world.server("plex-1").native_ids[("movie", missing.id)] in {
        m["ratingKey"] for m in after["Metadata"]
    }


def test_history_keeps_a_deleted_items_old_rating_key(world: World) -> None:
    client, headers = _client(world)
    play = next(
        p for p in world.plays if p.server_id == "plex-1" and p.completed and p.item_kind == "movie"
    )
    old_key = world.server("plex-1").native_ids[("movie", play.item_id)]
    world.delete_file("movie", play.item_id)
    url = f"/status/sessions/history/all?metadataItemID={old_key}"
    rows = client.get(url, headers=headers).json()["MediaContainer"]["Metadata"]
    assert rows
    assert {r["ratingKey"] for r in rows} == {old_key}
    world.schedule_download("movie", play.item_id)
    world.advance(3600)
    new_key = world.server("plex-1").native_ids[("movie", play.item_id)]
    assert new_key != old_key


def page_all_items(client: TestClient, headers: dict[str, str], page_size: int = 500) -> int:
    """Page through every section listing (benchmark hook); return how many rows came back."""
    total = 0
    for section in ("1", "2"):
        for kind in ("1",) if section == "1" else ("2", "3", "4"):
            start = 0
            while True:
                paged = {
                    **headers,
                    "X-Plex-Container-Start": str(start),
                    "X-Plex-Container-Size": str(page_size),
                }
                url = f"/library/sections/{section}/all?type={kind}&includeGuids=1"
                body = client.get(url, headers=paged).json()["MediaContainer"]
                total += body["size"]
                start += page_size
                if start >= body["totalSize"]:
                    break
    return total


def test_page_all_items_counts_every_row(world: World) -> None:
    client, headers = _client(world)
    seasons = sum(
        1
        for s in world.library_shows()
        for season in s.seasons
        if any(e.file for e in season.episodes)
    )
    expected = world.library_item_count() + len(world.library_shows()) + seasons
    assert page_all_items(client, headers, page_size=9) == expected


def test_listing_filters_unwatched_and_added_since(world: World) -> None:
    client, headers = _client(world)
    everything = client.get("/library/sections/1/all", headers=headers).json()["MediaContainer"]
    watched = client.get("/library/sections/1/all?unwatched=0", headers=headers).json()
    unwatched = client.get("/library/sections/1/all?unwatched=1", headers=headers).json()
    counts = [watched["MediaContainer"]["size"], unwatched["MediaContainer"]["size"]]
    assert sum(counts) == everything["size"]
    assert all(m.get("viewCount") for m in watched["MediaContainer"]["Metadata"])
    added = sorted(m["addedAt"] for m in everything["Metadata"])
    cutoff = added[len(added) // 2]
    recent = client.get(
        f"/library/sections/1/all?addedAt>>={cutoff}&sort=addedAt:desc", headers=headers
    ).json()["MediaContainer"]["Metadata"]
    assert [m["addedAt"] for m in recent] == sorted((a for a in added if a >= cutoff), reverse=True)


def test_delete_one_media_version(world: World) -> None:
    client, headers = _client(world)
    movie = world.library_movies()[1]
    assert movie.file is not None
    key = world.server("plex-1").native_ids[("movie", movie.id)]
    assert (
        client.delete(f"/library/metadata/{key}/media/999999", headers=headers).status_code == 404
    )
    url = f"/library/metadata/{key}/media/{movie.file.id}"
    assert client.delete(url, headers=headers).status_code == 200
    assert movie.file is None
