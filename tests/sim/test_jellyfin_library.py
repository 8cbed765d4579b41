"""Behaviour of the Jellyfin simulator's library side: deletes, refreshes, trickplay, events."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.jellyfin import create_app, credentials
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.world import World
from tests.sim.test_jellyfin import header, sign_in, sim_of, viewer


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture
def client(world: World) -> TestClient:
    return TestClient(create_app(world))


@pytest.fixture
def admin(world: World) -> dict[str, str]:
    return header(credentials(world)["api_key"])


class Capture:
    """An httpx transport that records webhook posts."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, object]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.posts.append((str(request.url), json.loads(request.content)))
        return httpx.Response(200)


def capture(sim: SimServer) -> Capture:
    hook = Capture()
    sim.set_webhook(
        "http://tendarr.test/hooks/jellyfin", httpx.Client(transport=httpx.MockTransport(hook))
    )
    return hook


def test_delete_item_removes_the_world_file(
    client: TestClient, admin: dict[str, str], world: World
) -> None:
    movie = next(i for i in sim_of(client).catalog().items if i.type == "Movie")
    assert client.delete(f"/Items/{movie.id}", headers=admin).status_code == 204
    assert world.movie_by_id[movie.key[1]].file is None
    assert client.get(f"/Items/{movie.id}", headers=admin).status_code == 404
    assert world.events[-1].kind == "file.deleted"


def test_delete_many_items_by_ids(client: TestClient, admin: dict[str, str], world: World) -> None:
    movies = [i for i in sim_of(client).catalog().items if i.type == "Movie"][:2]
    ids = ",".join(m.id for m in movies)
    assert client.delete("/Items", params={"ids": ids}, headers=admin).status_code == 204
    assert all(world.movie_by_id[m.key[1]].file is None for m in movies)


def test_deleting_a_series_deletes_every_episode_file(
    client: TestClient, admin: dict[str, str], world: World
) -> None:
    series = next(i for i in sim_of(client).catalog().items if i.type == "Series")
    assert series.show is not None
    client.delete(f"/Items/{series.id}", headers=admin)
    assert all(e.file is None for e in series.show.episodes())


def test_viewer_cannot_delete(client: TestClient, world: World) -> None:
    movie = next(i for i in sim_of(client).catalog().items if i.type == "Movie")
    response = client.delete(f"/Items/{movie.id}", headers=sign_in(client, viewer(client)))
    assert response.status_code == 401
    assert response.json() == "Unauthorized access"
    assert world.movie_by_id[movie.key[1]].file is not None


def test_refresh_gives_new_ids_when_switched_on(world: World) -> None:
    client = TestClient(create_app(world, ids_change_on_rescan=True))
    admin = header(credentials(world)["api_key"])
    before = {i.key: i.id for i in sim_of(client).catalog().items}
    assert client.post("/Library/Refresh", headers=admin).status_code == 204
    after = {i.key: i.id for i in sim_of(client).catalog().items}
    assert before.keys() == after.keys()
    assert all(before[k] != after[k] for k in before)
    assert world.events[-1].kind == "ids.changed"


def test_refresh_keeps_ids_by_default(client: TestClient, admin: dict[str, str]) -> None:
    before = {i.key: i.id for i in sim_of(client).catalog().items}
    client.post("/Library/Refresh", headers=admin)
    assert before == {i.key: i.id for i in sim_of(client).catalog().items}


def test_library_options_round_trip_trickplay_flags(
    client: TestClient, admin: dict[str, str]
) -> None:
    folder = client.get("/Library/VirtualFolders", headers=admin).json()[0]
    options = folder["LibraryOptions"]
    assert {
        "EnableTrickplayImageExtraction",
        "ExtractTrickplayImagesDuringLibraryScan",
        "SaveTrickplayWithMedia",
    } <= options.keys()
    options.update(
        EnableTrickplayImageExtraction=True,
        SaveTrickplayWithMedia=True,
        ExtractTrickplayImagesDuringLibraryScan=False,
    )
    body = {"Id": folder["ItemId"], "LibraryOptions": options}
    response = client.post("/Library/VirtualFolders/LibraryOptions", json=body, headers=admin)
    assert response.status_code == 204
    again = client.get("/Library/VirtualFolders", headers=admin).json()[0]["LibraryOptions"]
    assert again["SaveTrickplayWithMedia"] is True
    assert again["ExtractTrickplayImagesDuringLibraryScan"] is False


def _set_options(client: TestClient, admin: dict[str, str], **flags: bool) -> None:
    for folder in client.get("/Library/VirtualFolders", headers=admin).json():
        options = {**folder["LibraryOptions"], **flags}
        body = {"Id": folder["ItemId"], "LibraryOptions": options}
        client.post("/Library/VirtualFolders/LibraryOptions", json=body, headers=admin)


def test_trickplay_playlist_404_until_a_scan_imports_tiles(
    client: TestClient, admin: dict[str, str]
) -> None:
    sim = sim_of(client)
    movie = next(i for i in sim.catalog().items if i.type == "Movie")
    url = f"/Videos/{movie.id}/Trickplay/320/tiles.m3u8"
    sim.write_tiles(movie.id, thumbnails=250)
    assert client.get(url, headers=admin).status_code == 404
    _set_options(client, admin, EnableTrickplayImageExtraction=True, SaveTrickplayWithMedia=True)
    client.post("/Library/Refresh", headers=admin)
    playlist = client.get(url, headers=admin)
    assert playlist.status_code == 200
    assert playlist.text.startswith("#EXTM3U")
    # Jellyfin bug #12887: the scan import stores the sheet count as ThumbnailCount.
    item = client.get(f"/Items/{movie.id}", headers=admin).json()
    assert item["Trickplay"][movie.id]["320"]["ThumbnailCount"] == 3


def test_bridge_registration_stores_the_real_thumbnail_count(
    client: TestClient, admin: dict[str, str]
) -> None:
    sim = sim_of(client)
    movie = next(i for i in sim.catalog().items if i.type == "Movie")
    sim.write_tiles(movie.id, thumbnails=250)
    sim.register_tiles(movie.id)
    playlist = client.get(f"/Videos/{movie.id}/Trickplay/320/tiles.m3u8", headers=admin).text
    assert playlist.count(".jpg?") == 3
    item = client.get(f"/Items/{movie.id}", headers=admin).json()
    assert item["Trickplay"][movie.id]["320"]["ThumbnailCount"] == 250


def test_refresh_with_extraction_off_deletes_trickplay(
    client: TestClient, admin: dict[str, str]
) -> None:
    sim = sim_of(client)
    movie = next(i for i in sim.catalog().items if i.type == "Movie")
    sim.write_tiles(movie.id)
    sim.register_tiles(movie.id)
    _set_options(client, admin, EnableTrickplayImageExtraction=False)
    client.post("/Library/Refresh", headers=admin)
    assert (
        client.get(f"/Videos/{movie.id}/Trickplay/320/tiles.m3u8", headers=admin).status_code == 404
    )


def test_collections_hold_items_across_add_and_remove(
    client: TestClient, admin: dict[str, str]
) -> None:
    movies = [i for i in sim_of(client).catalog().items if i.type == "Movie"][:3]
    created = client.post(
        "/Collections", params={"name": "Keep", "ids": movies[0].id}, headers=admin
    ).json()
    cid = created["Id"]
    client.post(
        f"/Collections/{cid}/Items", params={"ids": f"{movies[1].id},{movies[2].id}"}, headers=admin
    )
    client.delete(f"/Collections/{cid}/Items", params={"ids": movies[0].id}, headers=admin)
    listed = client.get("/Items", params={"parentId": cid}, headers=admin).json()
    assert {i["Id"] for i in listed["Items"]} == {movies[1].id, movies[2].id}
    assert client.get(f"/Items/{cid}", headers=admin).json()["Type"] == "BoxSet"


def test_sessions_show_now_playing_and_stop_records_a_play(
    client: TestClient, admin: dict[str, str], world: World
) -> None:
    sim = sim_of(client)
    hook = capture(sim)
    user = viewer(client)
    episode = next(i for i in sim.catalog().items if i.type == "Episode")
    session = sim.start_playback(user, episode.id)
    listed = client.get("/Sessions", headers=admin).json()
    assert listed[0]["NowPlayingItem"]["Id"] == episode.id
    assert listed[0]["UserId"] == user.jellyfin_id
    assert episode.file is not None
    play = sim.stop_playback(session.id, episode.file.duration_ms)
    assert play.completed
    assert world.plays[-1] is play
    assert client.get("/Sessions", headers=admin).json() == []
    kinds = [body["NotificationType"] for _, body in hook.posts]
    assert kinds == ["PlaybackStart", "PlaybackStop"]
    assert hook.posts[-1][1]["PlayedToCompletion"] is True
    data = client.get(
        f"/UserItems/{episode.id}/UserData", params={"userId": user.jellyfin_id}, headers=admin
    ).json()
    assert data["Played"] is True


def test_download_completed_sends_item_added(client: TestClient, world: World) -> None:
    sim = sim_of(client)
    hook = capture(sim)
    movie = next(m for m in world.movies if m.file is None)
    world.schedule_download("movie", movie.id)
    world.advance(3600)
    assert hook.posts[0][0] == "http://tendarr.test/hooks/jellyfin"
    body = hook.posts[0][1]
    assert body["NotificationType"] == "ItemAdded"
    assert body["Provider_tmdb"] == str(movie.tmdb_id)
    assert body["ItemId"] == world.server(sim.state.server.id).native_ids[("movie", movie.id)]


def test_plugins_list_the_webhook_plugin(client: TestClient, admin: dict[str, str]) -> None:
    names = [p["Name"] for p in client.get("/Plugins", headers=admin).json()]
    assert "Webhook" in names


def test_same_world_gives_the_same_answers() -> None:
    bodies = []
    for _ in range(2):
        world = generate_world(WorldConfig(movies=30, shows=5, users=4))
        client = TestClient(create_app(world))
        params = {"recursive": "true", "fields": "Path,ProviderIds,MediaSources"}
        bodies.append(
            client.get("/Items", params=params, headers=header(credentials(world)["api_key"])).text
        )
    assert bodies[0] == bodies[1]
