"""The Jellyfin adapter reads a simulated server's libraries exactly as the World holds them."""

from __future__ import annotations

from datetime import timedelta

from tendarr.domain.media import Credit, ItemKind, ServerIdentity, ServerKind
from tendarr.sim.jellyfin import create_app, credentials
from tendarr.sim.mediabrowser.streams import video_range_type
from tendarr.sim.model import MediaServer, VideoStream
from tendarr.sim.world import World
from tests.integration.jellyfin.conftest import DEVICE, SERVER_ID, Rig
from tests.integration.jellyfin.world_view import assert_matches, collect, expected_items


def jellyfin_range(video: VideoStream) -> tuple[str, bool | None]:
    label = video_range_type(video)
    return label, "HDR10Plus" in label


def library_ids(server: MediaServer) -> dict[str, str]:
    return {lib.kind: lib.key for lib in server.libraries}


def test_identity_is_the_servers_system_info(rig: Rig, sim_server: MediaServer) -> None:
    identity = rig.server().identity()
    assert identity == ServerIdentity(
        ServerKind.JELLYFIN, sim_server.name, sim_server.machine_id, sim_server.version
    )
    sent = rig.sent.requests[-1]
    assert sent.url.path == "/System/Info"
    assert sent.headers["Authorization"] == (
        'MediaBrowser Client="Tendarr", Device="ci", DeviceId="tendarr-test-device-1", '
        f'Version="0.1.0", Token="{sim_server.token}"'
    )


def test_libraries_map_collection_types_to_kinds(rig: Rig, sim_server: MediaServer) -> None:
    libraries = rig.server().libraries()
    assert {(lib.id, lib.kind) for lib in libraries} == {
        (lib.key, lib.kind) for lib in sim_server.libraries
    }
    assert all(lib.locations and lib.name for lib in libraries)
    assert rig.sent.paths() == ["/Library/VirtualFolders"]


def test_every_library_item_matches_the_world(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    server = rig.server()
    items = [
        item
        for library_id in library_ids(sim_server).values()
        for item in collect(server.iter_library(library_id, page_size=7))
    ]
    expected = expected_items(world, sim_server)
    assert len(items) == len(expected)
    assert_matches(items, expected, sim_server, SERVER_ID, jellyfin_range)


def test_pages_walk_consecutive_windows_up_to_the_total(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    show_lib = library_ids(sim_server)["show"]
    pages = list(rig.server().iter_library(show_lib, page_size=10))
    total = sum(1 for e in expected_items(world, sim_server).values() if e.library_id == show_lib)
    assert len(pages) == -(-total // 10) > 2
    assert all(page.total == total for page in pages)
    assert [len(p.items) for p in pages[:-1]] == [10] * (len(pages) - 1)
    starts = [int(r.url.params["startIndex"]) for r in rig.sent.requests]
    assert starts == list(range(0, total, 10))
    params = rig.sent.requests[0].url.params
    assert params["parentId"] == show_lib
    assert params["recursive"] == "true"
    assert params["limit"] == "10"
    assert params["includeItemTypes"] == "Movie,Series,Season,Episode"
    assert set(params["fields"].split(",")) >= {
        "ProviderIds",
        "Path",
        "MediaSources",
        "DateCreated",
        "Genres",
        "Studios",
        "People",
        "OfficialRating",
        "CommunityRating",
        "CriticRating",
        "PremiereDate",
        "ProductionYear",
        "DateLastSaved",
        "Tags",
    }
    assert "userId" not in params
    assert "minDateLastSaved" not in params


def test_movie_metadata_comes_through(rig: Rig, world: World, sim_server: MediaServer) -> None:
    items = collect(rig.server().iter_library(library_ids(sim_server)["movie"]))
    for item in items:
        movie = next(
            m
            for m in world.movies
            if sim_server.native_ids.get(("movie", m.id)) == (item.native_id)
        )
        assert movie.file is not None
        assert item.kind is ItemKind.MOVIE
        assert item.year == movie.year
        assert item.released == movie.release_date
        assert item.added_at == movie.file.added_at
        assert item.rating == round(movie.tmdb_rating, 1)
        assert item.critic_rating == movie.critic_rating
        assert item.content_rating == movie.content_rating
        assert item.genres == tuple(movie.genres)
        assert item.studios == (movie.studio,)
        assert item.cast == tuple(Credit(c.name, c.character) for c in movie.cast[:10])
        crew_jobs = {"Director": "Director", "Writer": "Writer", "Screenplay": "Writer"}
        assert item.crew == tuple(
            Credit(c.name, crew_jobs[c.job or ""])
            for c in movie.crew[:4]
            if c.character is None and c.job in crew_jobs
        )
        assert item.updated_at is None  # Jellyfin's BaseItemDto has no DateLastSaved


def test_episodes_carry_air_dates_and_numbers(rig: Rig, sim_server: MediaServer) -> None:
    items = collect(rig.server().iter_library(library_ids(sim_server)["show"]))
    episodes = [i for i in items if i.kind is ItemKind.EPISODE]
    assert episodes
    assert all(e.season_number is not None and e.episode_number is not None for e in episodes)
    assert all(e.released is not None and e.year == e.released.year for e in episodes)


def test_changed_since_returns_only_items_saved_after_it(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    movie_lib = library_ids(sim_server)["movie"]
    movie = next(m for m in world.movies if m.file is not None)
    native_id = sim_server.native_ids[("movie", movie.id)]
    cursor = world.now
    world.advance(60)
    refreshed = rig.http.post(
        f"/Items/{native_id}/Refresh", headers={"Authorization": rig.client_header()}
    )
    assert refreshed.status_code == 204
    items = collect(rig.server().iter_library(movie_lib, changed_since=cursor))
    assert [i.native_id for i in items] == [native_id]
    assert rig.sent.requests[-1].url.params["minDateLastSaved"] == (
        cursor.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    )
    later = collect(rig.server().iter_library(movie_lib, changed_since=world.now + timedelta(1)))
    assert later == []


def test_ids_changed_by_a_rescan_are_reported_as_the_new_ids(
    world: World, sim_server: MediaServer
) -> None:
    rig = Rig(create_app(world, ids_change_on_rescan=True), credentials(world)["api_key"])
    server = rig.server()
    show_lib = library_ids(sim_server)["show"]
    before = {i.native_id: i.ids for i in collect(server.iter_library(show_lib))}
    assert (
        rig.http.post(
            "/Library/Refresh", headers={"Authorization": rig.client_header()}
        ).status_code
        == 204
    )
    after = {i.native_id: i.ids for i in collect(server.iter_library(show_lib))}
    assert not before.keys() & after.keys()
    assert sorted(map(repr, before.values())) == sorted(map(repr, after.values()))
    expected = {
        k: v for k, v in expected_items(world, sim_server).items() if v.library_id == show_lib
    }
    assert after.keys() == expected.keys()


def test_listing_as_a_user_sends_the_user_id(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    user_id = credentials(world)["user_id"]
    server = rig.server(user_id=user_id)
    assert collect(server.iter_library(library_ids(sim_server)["movie"]))
    assert rig.sent.requests[-1].url.params["userId"] == user_id
    assert DEVICE.device_id in rig.sent.requests[-1].headers["Authorization"]
