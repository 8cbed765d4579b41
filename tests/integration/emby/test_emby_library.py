"""The Emby adapter reads a simulated server's libraries exactly as the World holds them."""

from __future__ import annotations

import json

from tendarr.domain.media import ServerIdentity, ServerKind
from tendarr.sim.emby import create_app, credentials
from tendarr.sim.model import MediaServer, VideoStream
from tendarr.sim.world import World
from tests.integration.emby.conftest import DEVICE, SERVER_ID, Rig, library_ids
from tests.integration.jellyfin.world_view import assert_matches, collect, expected_items

# Emby's range vocabulary (ExtendedVideoType) as the simulator writes it (**unverified**).
EMBY_RANGES = {
    "SDR": "SDR",
    "HDR10": "Hdr10",
    "HDR10+": "Hdr10Plus",
    "HLG": "HyperLogGamma",
    "DV": "DolbyVision",
}


def emby_range(video: VideoStream) -> tuple[str, bool | None]:
    # Emby has no HDR10+ flag; only a label that names it says anything.
    return EMBY_RANGES[video.dynamic_range], True if video.dynamic_range == "HDR10+" else None


def test_identity_and_headers(rig: Rig, sim_server: MediaServer) -> None:
    identity = rig.server().identity()
    assert identity == ServerIdentity(
        ServerKind.EMBY, sim_server.name, sim_server.machine_id, sim_server.version
    )
    sent = rig.sent.requests[-1]
    assert sent.url.path == "/System/Info"
    assert sent.headers["X-Emby-Authorization"] == (
        'Emby UserId="", Client="Tendarr", Device="ci", DeviceId="tendarr-test-device-2", '
        f'Version="0.1.0", Token="{sim_server.token}"'
    )
    assert sent.headers["X-Emby-Token"] == sim_server.token
    assert "Authorization" not in sent.headers


def test_libraries_come_from_the_paged_query(rig: Rig, sim_server: MediaServer) -> None:
    libraries = rig.server().libraries()
    assert {(lib.id, lib.kind) for lib in libraries} == {
        (lib.key, lib.kind) for lib in sim_server.libraries
    }
    sent = rig.sent.requests[-1]
    assert sent.url.path == "/Library/VirtualFolders/Query"
    assert dict(sent.url.params) == {"StartIndex": "0", "Limit": "100"}


def test_every_library_item_matches_the_world(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    server = rig.server()
    items = [
        item
        for library_id in library_ids(sim_server).values()
        for item in collect(server.iter_library(library_id, page_size=9))
    ]
    expected = expected_items(world, sim_server)
    assert len(items) == len(expected)
    assert_matches(items, expected, sim_server, SERVER_ID, emby_range)


def test_pages_use_pascal_case_parameters(rig: Rig, world: World, sim_server: MediaServer) -> None:
    show_lib = library_ids(sim_server)["show"]
    pages = list(rig.server().iter_library(show_lib, page_size=10))
    total = sum(1 for e in expected_items(world, sim_server).values() if e.library_id == show_lib)
    assert len(pages) == -(-total // 10) > 2
    assert all(page.total == total for page in pages)
    assert [r.url.path for r in rig.sent.requests] == ["/Items"] * len(pages)
    assert [int(r.url.params["StartIndex"]) for r in rig.sent.requests] == list(range(0, total, 10))
    params = rig.sent.requests[0].url.params
    assert params["ParentId"] == show_lib
    assert params["Recursive"] == "true"
    assert params["Limit"] == "10"
    assert params["IncludeItemTypes"] == "Movie,Series,Season,Episode"
    assert {"ProviderIds", "MediaSources", "DateLastSaved", "Tags"} <= set(
        params["Fields"].split(",")
    )


def test_listing_as_a_user_reads_the_users_items_route(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    user_id = credentials(world)["user_id"]
    movies = collect(rig.server(user_id).iter_library(library_ids(sim_server)["movie"]))
    assert len(movies) == sum(1 for m in world.movies if m.file is not None)
    assert rig.sent.requests[-1].url.path == f"/Users/{user_id}/Items"


def test_changed_since_returns_only_items_saved_after_it(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    movie = next(m for m in world.movies if m.file is not None)
    native_id = sim_server.native_ids[("movie", movie.id)]
    cursor = world.now
    world.advance(60)
    refreshed = rig.http.post(f"/Items/{native_id}/Refresh", headers=rig.client_header())
    assert refreshed.status_code == 204
    movie_lib = library_ids(sim_server)["movie"]
    items = collect(rig.server().iter_library(movie_lib, changed_since=cursor))
    assert [i.native_id for i in items] == [native_id]
    assert rig.sent.requests[-1].url.params["MinDateLastSaved"] == (
        cursor.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    )


def test_ids_changed_by_a_rescan_are_reported_as_the_new_ids(
    world: World, sim_server: MediaServer
) -> None:
    rig = Rig(create_app(world, ids_change_on_rescan=True), credentials(world)["api_key"])
    movie_lib = library_ids(sim_server)["movie"]
    before = {i.native_id: i.ids for i in collect(rig.server().iter_library(movie_lib))}
    assert rig.http.post("/Library/Refresh", headers=rig.client_header()).status_code == 204
    after = {i.native_id: i.ids for i in collect(rig.server().iter_library(movie_lib))}
    assert not before.keys() & after.keys()
    assert sorted(map(repr, before.values())) == sorted(map(repr, after.values()))
    assert after.keys() == {
        k for k, v in expected_items(world, sim_server).items() if v.library_id == movie_lib
    }


def test_password_sign_in_returns_a_token_that_reads_the_library(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    login = credentials(world)
    result = rig.client.authenticate_by_name(login["username"], login["password"])
    assert (result.user.id, result.user.name) == (login["user_id"], login["username"])
    assert result.server_id == sim_server.machine_id
    sent = rig.sent.requests[-1]
    assert (sent.method, sent.url.path) == ("POST", "/Users/AuthenticateByName")
    assert json.loads(sent.content) == {"Username": login["username"], "Pw": login["password"]}
    assert "Token" not in sent.headers["X-Emby-Authorization"]
    assert "X-Emby-Token" not in sent.headers
    assert DEVICE.device_id in sent.headers["X-Emby-Authorization"]
    rig.client = rig.client.with_token(result.access_token, result.user.id)
    movies = collect(rig.server(result.user.id).iter_library(library_ids(sim_server)["movie"]))
    assert movies
    header = rig.sent.requests[-1].headers["X-Emby-Authorization"]
    assert f'UserId="{result.user.id}"' in header
    assert f'Token="{result.access_token}"' in header


def test_users_come_from_the_paged_query(rig: Rig, world: World, sim_server: MediaServer) -> None:
    users = rig.client.users()
    assert {u.id for u in users} == {u.emby_id for u in world.users if sim_server.id in u.servers}
    assert rig.sent.requests[-1].url.path == "/Users/Query"
