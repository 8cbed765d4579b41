"""Behaviour of the Jellyfin simulator: auth, sign-in, Quick Connect, items and user data."""

from __future__ import annotations

import json
import re

import pytest
from starlette.testclient import TestClient

from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.jellyfin import IMPLEMENTED, create_app, credentials
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.mediabrowser.streams import video_range_type
from tendarr.sim.model import DynamicRange, User, VideoStream
from tendarr.sim.world import World

FIELDS = "Path,ProviderIds,MediaSources,DateCreated"


def header(token: str | None = None) -> dict[str, str]:
    value = 'MediaBrowser Client="Tendarr", Device="ci", DeviceId="ci-1", Version="0.1.0"'
    if token is not None:
        value += f', Token="{token}"'
    return {"Authorization": value}


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
def client(world: World, faults: FaultPlan) -> TestClient:
    return TestClient(create_app(world, faults=faults))


@pytest.fixture
def admin(world: World) -> dict[str, str]:
    return header(credentials(world)["api_key"])


def sim_of(client: TestClient) -> SimServer:
    sim: SimServer = client.app.state.sim  # type: ignore[attr-defined]
    return sim


def viewer(client: TestClient) -> User:
    return next(u for u in sim_of(client).state.users() if u.kind != "owner")


def sign_in(client: TestClient, user: User) -> dict[str, str]:
    body = {"Username": user.username, "Pw": user.password}
    result = client.post("/Users/AuthenticateByName", json=body, headers=header())
    assert result.status_code == 200
    return header(result.json()["AccessToken"])


def test_missing_or_wrong_token_is_401_without_body(client: TestClient) -> None:
    for headers in ({}, header(), header("not-a-token")):
        response = client.get("/Items", headers=headers)
        assert response.status_code == 401
        assert response.content == b""


def test_public_info_needs_no_token_and_names_the_server(client: TestClient, world: World) -> None:
    body = client.get("/System/Info/Public").json()
    assert body["Id"] == credentials(world)["server_id"]
    assert body["Version"] == "10.11.11"


def test_sign_in_returns_a_token_that_identifies_the_user(client: TestClient) -> None:
    user = viewer(client)
    body = {"Username": user.username.upper(), "Pw": user.password}
    result = client.post("/Users/AuthenticateByName", json=body, headers=header()).json()
    assert result["User"]["Id"] == user.jellyfin_id
    assert result["SessionInfo"]["DeviceId"] == "ci-1"
    me = client.get("/Users/Me", headers=header(result["AccessToken"])).json()
    assert me["Name"] == user.username
    assert me["Policy"]["IsAdministrator"] is False


def test_wrong_password_is_refused(client: TestClient) -> None:
    body = {"Username": viewer(client).username, "Pw": "guess"}
    assert client.post("/Users/AuthenticateByName", json=body, headers=header()).status_code == 401


def test_sign_in_without_client_fields_is_a_bad_request(client: TestClient) -> None:
    user = viewer(client)
    body = {"Username": user.username, "Pw": user.password}
    assert client.post("/Users/AuthenticateByName", json=body).status_code == 400


def test_legacy_api_key_query_can_be_switched_off(world: World) -> None:
    key = credentials(world)["api_key"]
    assert TestClient(create_app(world)).get(f"/Users?api_key={key}").status_code == 200
    strict = TestClient(create_app(world, legacy_tokens=False))
    assert strict.get(f"/Users?api_key={key}").status_code == 401
    assert strict.get("/Users", headers={"X-Emby-Token": key}).status_code == 401


def test_users_me_with_api_key_is_a_bad_request(client: TestClient, admin: dict[str, str]) -> None:
    assert client.get("/Users/Me", headers=admin).status_code == 400


def test_non_admin_cannot_read_library_folders(client: TestClient) -> None:
    headers = sign_in(client, viewer(client))
    assert client.get("/Library/VirtualFolders", headers=headers).status_code == 403


def test_quick_connect_flow_signs_the_approving_user_in(client: TestClient) -> None:
    user = viewer(client)
    assert client.get("/QuickConnect/Enabled").json() is True
    started = client.post("/QuickConnect/Initiate", headers=header()).json()
    assert len(started["Code"]) == 6
    assert started["Authenticated"] is False
    poll = client.get("/QuickConnect/Connect", params={"secret": started["Secret"]})
    assert poll.json()["Authenticated"] is False
    approve = client.post(
        "/QuickConnect/Authorize", params={"code": started["Code"]}, headers=sign_in(client, user)
    )
    assert approve.json() is True
    poll = client.get("/QuickConnect/Connect", params={"secret": started["Secret"]})
    assert poll.json()["Authenticated"] is True
    result = client.post("/Users/AuthenticateWithQuickConnect", json={"Secret": started["Secret"]})
    assert result.json()["User"]["Id"] == user.jellyfin_id


def test_quick_connect_test_helper_approves_a_code(client: TestClient) -> None:
    started = client.post("/QuickConnect/Initiate", headers=header()).json()
    assert sim_of(client).authorize_quick_connect(started["Code"], viewer(client))
    result = client.post("/Users/AuthenticateWithQuickConnect", json={"Secret": started["Secret"]})
    assert result.status_code == 200


def test_quick_connect_unknown_secret_is_404(client: TestClient) -> None:
    assert client.get("/QuickConnect/Connect", params={"secret": "x"}).status_code == 404
    denied = client.post("/Users/AuthenticateWithQuickConnect", json={"Secret": "x"})
    assert denied.status_code == 400


def test_items_page_through_every_movie_with_a_total(
    client: TestClient, admin: dict[str, str], world: World
) -> None:
    seen: list[str] = []
    start = 0
    while True:
        params = {
            "recursive": "true",
            "includeItemTypes": "Movie",
            "startIndex": start,
            "limit": 7,
            "fields": FIELDS,
        }
        body = client.get("/Items", params=params, headers=admin).json()
        assert body["TotalRecordCount"] == len(world.library_movies())
        assert body["StartIndex"] == start
        seen += [i["Id"] for i in body["Items"]]
        start += 7
        if start >= body["TotalRecordCount"]:
            break
    assert len(seen) == len(set(seen)) == len(world.library_movies())


def test_movie_reports_server_path_provider_ids_and_streams(
    client: TestClient, admin: dict[str, str], world: World
) -> None:
    params = {"recursive": "true", "includeItemTypes": "Movie", "fields": FIELDS, "limit": 1}
    movie_dto = client.get("/Items", params=params, headers=admin).json()["Items"][0]
    movie = next(m for m in world.movies if m.tmdb_id == int(movie_dto["ProviderIds"]["Tmdb"]))
    assert movie.file is not None
    server = world.server(sim_of(client).state.server.id)
    assert movie_dto["Path"] == server.server_path(movie.file.path)
    assert movie_dto["RunTimeTicks"] == movie.file.duration_ms * 10_000
    source = movie_dto["MediaSources"][0]
    assert source["Size"] == movie.file.size
    video = source["MediaStreams"][0]
    assert video["Type"] == "Video"
    assert video["BitDepth"] == movie.file.video.bit_depth
    assert "UserData" not in movie_dto  # an API key without userId has no user


def test_fields_absent_means_no_path_or_provider_ids(
    client: TestClient, admin: dict[str, str]
) -> None:
    params = {"recursive": "true", "includeItemTypes": "Movie", "limit": 1}
    item = client.get("/Items", params=params, headers=admin).json()["Items"][0]
    assert "Path" not in item
    assert "ProviderIds" not in item
    assert "MediaSources" not in item


def test_series_parent_lists_seasons_and_show_routes_list_episodes(
    client: TestClient, admin: dict[str, str]
) -> None:
    params = {"recursive": "true", "includeItemTypes": "Series"}
    series = client.get("/Items", params=params, headers=admin).json()["Items"][0]
    seasons = client.get("/Items", params={"parentId": series["Id"]}, headers=admin).json()
    assert {i["Type"] for i in seasons["Items"]} == {"Season"}
    episodes = client.get(f"/Shows/{series['Id']}/Episodes", headers=admin).json()
    assert episodes["Items"]
    assert all(e["SeriesId"] == series["Id"] for e in episodes["Items"])
    one = episodes["Items"][0]["ParentIndexNumber"]
    only = client.get(f"/Shows/{series['Id']}/Episodes", params={"season": one}, headers=admin)
    assert {e["ParentIndexNumber"] for e in only.json()["Items"]} == {one}


def test_user_data_follows_the_worlds_plays(client: TestClient, world: World) -> None:
    sim = sim_of(client)
    play = next(p for p in world.plays if p.server_id == sim.state.server.id and p.completed)
    user = world.user_by_id[play.user_id]
    native = sim.state.server.native_ids[(play.item_kind, play.item_id)]
    headers = sign_in(client, user)
    data = client.get(f"/UserItems/{native}/UserData", headers=headers).json()
    assert data["Played"] is True
    assert data["PlayCount"] >= 1
    assert data["ItemId"] == native


def test_marking_played_and_unplayed_changes_user_data_and_filters(
    client: TestClient, admin: dict[str, str]
) -> None:
    user = viewer(client)
    params = {
        "recursive": "true",
        "includeItemTypes": "Movie",
        "userId": user.jellyfin_id,
        "isPlayed": "false",
        "limit": 1,
    }
    item = client.get("/Items", params=params, headers=admin).json()["Items"][0]
    marked = client.post(
        f"/UserPlayedItems/{item['Id']}",
        params={"userId": user.jellyfin_id, "datePlayed": "2026-06-01T10:00:00Z"},
        headers=admin,
    ).json()
    assert marked["Played"] is True
    assert marked["PlayCount"] >= 1
    assert marked["LastPlayedDate"] == "2026-06-01T10:00:00.0000000Z"
    played = client.get(
        "/Items", params={**params, "isPlayed": "true", "ids": item["Id"]}, headers=admin
    ).json()
    assert played["TotalRecordCount"] == 1
    cleared = client.delete(
        f"/UserPlayedItems/{item['Id']}", params={"userId": user.jellyfin_id}, headers=admin
    ).json()
    assert cleared["Played"] is False
    assert cleared["PlayCount"] == 0
    assert "LastPlayedDate" not in cleared


def test_favourite_is_recorded_in_the_world(client: TestClient, world: World) -> None:
    sim = sim_of(client)
    user = viewer(client)
    headers = sign_in(client, user)
    movie = next(i for i in sim.catalog().items if i.type == "Movie")
    assert client.post(f"/UserFavoriteItems/{movie.id}", headers=headers).json()["IsFavorite"]
    assert any(f.user_id == user.id and (f.kind, f.item_id) == movie.key for f in world.favorites)
    client.delete(f"/UserFavoriteItems/{movie.id}", headers=headers)
    assert not any(
        f.user_id == user.id and (f.kind, f.item_id) == movie.key
        for f in world.favorites
        if f.server_id == sim.state.server.id
    )


def test_user_cannot_act_for_another_user(client: TestClient) -> None:
    users = sim_of(client).state.users()
    headers = sign_in(client, viewer(client))
    owner = next(u for u in users if u.kind == "owner")
    movie = next(i for i in sim_of(client).catalog().items if i.type == "Movie")
    response = client.post(
        f"/UserPlayedItems/{movie.id}", params={"userId": owner.jellyfin_id}, headers=headers
    )
    assert response.status_code == 403


def test_min_date_last_saved_returns_items_changed_since(
    client: TestClient, admin: dict[str, str], world: World
) -> None:
    params = {
        "recursive": "true",
        "includeItemTypes": "Movie",
        "minDateLastSaved": world.now.isoformat(),
    }
    assert client.get("/Items", params=params, headers=admin).json()["TotalRecordCount"] == 0
    movie = next(i for i in sim_of(client).catalog().items if i.type == "Movie")
    world.advance(60)
    assert client.post(f"/Items/{movie.id}/Refresh", headers=admin).status_code == 204
    body = client.get("/Items", params=params, headers=admin).json()
    assert [i["Id"] for i in body["Items"]] == [movie.id]


def test_sort_by_date_created_descending(client: TestClient, admin: dict[str, str]) -> None:
    params = {
        "recursive": "true",
        "includeItemTypes": "Movie",
        "sortBy": "DateCreated",
        "sortOrder": "Descending",
        "fields": "DateCreated",
    }
    dates = [
        i["DateCreated"] for i in client.get("/Items", params=params, headers=admin).json()["Items"]
    ]
    assert dates == sorted(dates, reverse=True)


def test_misspelt_item_type_is_dropped_like_jellyfins_binder(
    client: TestClient, admin: dict[str, str]
) -> None:
    everything = client.get("/Items", params={"recursive": "true"}, headers=admin).json()
    params = {"recursive": "true", "includeItemTypes": "Film"}
    misspelt = client.get("/Items", params=params, headers=admin).json()
    assert misspelt["TotalRecordCount"] == everything["TotalRecordCount"]


def test_non_boolean_filter_is_a_bad_request(client: TestClient, admin: dict[str, str]) -> None:
    params = {"recursive": "true", "isPlayed": "yes"}
    assert client.get("/Items", params=params, headers=admin).status_code == 400


def test_rate_limit_fault_answers_429_with_retry_after(
    client: TestClient, faults: FaultPlan, admin: dict[str, str]
) -> None:
    faults.add(Fault("status", path="/Items", status=429, retry_after=3, times=1))
    first = client.get("/Items", headers=admin)
    assert first.status_code == 429
    assert first.headers["retry-after"] == "3"
    assert client.get("/Items", headers=admin).status_code == 200


def test_fail_page_fault_breaks_only_that_page(
    client: TestClient, faults: FaultPlan, admin: dict[str, str]
) -> None:
    faults.add(Fault("fail_page", path="/Items", status=500, page=1, page_size=10))
    base = {"recursive": "true", "includeItemTypes": "Movie", "limit": 10}
    assert client.get("/Items", params={**base, "startIndex": 0}, headers=admin).is_success
    assert client.get("/Items", params={**base, "startIndex": 10}, headers=admin).status_code == 500


def test_malformed_and_server_error_faults(
    client: TestClient, faults: FaultPlan, admin: dict[str, str]
) -> None:
    faults.add(Fault("malformed", path="/Users", times=1))
    faults.add(Fault("status", path="/Sessions", status=500))
    broken = client.get("/Users", headers=admin)
    assert broken.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        broken.json()
    assert isinstance(client.get("/Users", headers=admin).json(), list)
    assert client.get("/Sessions", headers=admin).status_code == 500


def test_latency_fault_still_answers(
    client: TestClient, faults: FaultPlan, admin: dict[str, str]
) -> None:
    rule = faults.add(Fault("latency", path="/System/Info", seconds=0.01))
    assert client.get("/System/Info", headers=admin).status_code == 200
    assert rule.fired == 1


def page_throughput(world: World, page_size: int = 100) -> int:
    """Page every item of a Jellyfin server once; return the number of requests (benchmark)."""
    client = TestClient(create_app(world))
    headers = header(credentials(world)["api_key"])
    start, requests = 0, 0
    while True:
        params = {"recursive": "true", "startIndex": start, "limit": page_size, "fields": FIELDS}
        body = client.get("/Items", params=params, headers=headers).json()
        requests += 1
        start += page_size
        if start >= body["TotalRecordCount"]:
            return requests


def test_page_throughput_helper_pages_everything(world: World) -> None:
    assert page_throughput(world, page_size=50) >= 1


def test_every_protected_route_refuses_a_missing_token(client: TestClient) -> None:
    anonymous = {
        "/System/Info/Public",
        "/QuickConnect/Enabled",
        "/QuickConnect/Initiate",
        "/QuickConnect/Connect",
        "/Users/AuthenticateByName",
        "/Users/AuthenticateWithQuickConnect",
    }
    for method, template in sorted(IMPLEMENTED):
        if template in anonymous:
            continue
        path = re.sub(r"\{[^}]+\}", "1", template)
        assert client.request(method, path).status_code == 401, (method, template)


@pytest.mark.parametrize(
    ("dynamic_range", "profile", "compatible", "plus", "expected"),
    [
        ("SDR", None, False, False, "SDR"),
        ("HDR10", None, False, False, "HDR10"),
        ("HDR10", None, False, True, "HDR10Plus"),
        ("HDR10+", None, False, True, "HDR10Plus"),
        ("HLG", None, False, False, "HLG"),
        ("DV", 5, False, False, "DOVI"),
        ("DV", 8, True, False, "DOVIWithHDR10"),
        ("DV", 8, True, True, "DOVIWithHDR10Plus"),
        ("DV", 7, True, False, "DOVIWithEL"),
    ],
)
def test_video_range_type_matches_jellyfin_names(
    dynamic_range: DynamicRange, profile: int | None, compatible: bool, plus: bool, expected: str
) -> None:
    video = VideoStream(
        "hevc",
        "Main 10",
        3840,
        2160,
        10,
        23.976,
        dynamic_range,
        dv_profile=profile,
        dv_hdr10_compatible=compatible,
        hdr10_plus=plus,
    )
    assert video_range_type(video) == expected


def test_unknown_sort_fields_are_ignored(client: TestClient, admin: dict[str, str]) -> None:
    base = {"recursive": "true", "includeItemTypes": "Movie"}
    plain = client.get("/Items", params=base, headers=admin).json()
    odd = client.get("/Items", params={**base, "sortBy": "Bogus,Random"}, headers=admin).json()
    assert odd == plain
