"""Behaviour of the Emby simulator: its header, PascalCase routes, aliases and webhooks."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.sim.emby import create_app, credentials
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.model import User
from tendarr.sim.world import World


def header(token: str | None = None) -> dict[str, str]:
    value = 'Emby Client="Tendarr", Device="ci", DeviceId="ci-1", Version="0.1.0"'
    if token is not None:
        value += f', Token="{token}"'
    return {"X-Emby-Authorization": value}


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
def key(world: World) -> dict[str, str]:
    return {"X-Emby-Token": credentials(world)["api_key"]}


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


def test_every_token_form_is_accepted(client: TestClient, world: World) -> None:
    api_key = credentials(world)["api_key"]
    assert client.get("/Users/Query", headers={"X-Emby-Token": api_key}).status_code == 200
    assert client.get("/Users/Query", params={"api_key": api_key}).status_code == 200
    assert client.get("/Users/Query", headers=header(api_key)).status_code == 200


def test_jellyfin_style_authorization_header_is_not_emby(client: TestClient, world: World) -> None:
    api_key = credentials(world)["api_key"]
    jellyfin = {"Authorization": f'MediaBrowser Client="T", Token="{api_key}"'}
    response = client.get("/Users/Query", headers=jellyfin)
    assert response.status_code == 401
    assert response.text == "Access token is invalid or expired."


def test_sign_in_needs_the_emby_header(client: TestClient) -> None:
    user = viewer(client)
    body = {"Username": user.username, "Pw": user.password}
    assert client.post("/Users/AuthenticateByName", json=body).status_code == 400
    me = sign_in(client, user)
    assert client.get(f"/Users/{user.emby_id}", headers=me).json()["Name"] == user.username


def test_users_query_is_paged(client: TestClient, key: dict[str, str]) -> None:
    everyone = client.get("/Users/Query", headers=key).json()
    page = client.get("/Users/Query", params={"StartIndex": 1, "Limit": 1}, headers=key).json()
    assert page["TotalRecordCount"] == everyone["TotalRecordCount"]
    assert page["Items"] == everyone["Items"][1:2]
    assert "StartIndex" not in page


def test_public_users_need_no_token(client: TestClient) -> None:
    users = client.get("/Users/Public").json()
    assert users
    assert all("Policy" not in u for u in users)


def test_virtual_folders_query_is_paged(client: TestClient, key: dict[str, str]) -> None:
    body = client.get("/Library/VirtualFolders/Query", params={"Limit": 1}, headers=key).json()
    assert body["TotalRecordCount"] == 2
    assert len(body["Items"]) == 1


def test_user_items_use_numeric_ids_and_the_emby_path_prefix(
    client: TestClient, key: dict[str, str], world: World
) -> None:
    user = viewer(client)
    params = {
        "Recursive": "true",
        "IncludeItemTypes": "Movie",
        "Fields": "Path,ProviderIds",
        "Limit": 3,
    }
    body = client.get(f"/Users/{user.emby_id}/Items", params=params, headers=key).json()
    assert body["TotalRecordCount"] == len(world.library_movies())
    first = body["Items"][0]
    assert first["Id"].isdigit()
    assert first["Path"].startswith("/mnt/media/movies/")
    assert "UserData" in first
    one = client.get(f"/Users/{user.emby_id}/Items/{first['Id']}", headers=key).json()
    assert one["ProviderIds"] == first["ProviderIds"]


def test_played_and_delete_alias(client: TestClient, key: dict[str, str]) -> None:
    user = viewer(client)
    movie = next(i for i in sim_of(client).catalog().items if i.type == "Movie")
    path = f"/Users/{user.emby_id}/PlayedItems/{movie.id}"
    assert client.post(path, headers=key).json()["Played"] is True
    assert client.post(f"{path}/Delete", headers=key).json()["Played"] is False
    client.post(path, headers=key)
    assert client.delete(path, headers=key).json()["Played"] is False


def test_favourite_and_delete_alias(client: TestClient, key: dict[str, str], world: World) -> None:
    user = viewer(client)
    movie = next(i for i in sim_of(client).catalog().items if i.type == "Movie")
    path = f"/Users/{user.emby_id}/FavoriteItems/{movie.id}"
    assert client.post(path, headers=key).json()["IsFavorite"] is True
    assert any(f.user_id == user.id and f.item_id == movie.key[1] for f in world.favorites)
    assert client.post(f"{path}/Delete", headers=key).json()["IsFavorite"] is False


def test_items_delete_removes_files(client: TestClient, key: dict[str, str], world: World) -> None:
    movies = [i for i in sim_of(client).catalog().items if i.type == "Movie"][:2]
    ids = ",".join(m.id for m in movies)
    assert client.post("/Items/Delete", params={"Ids": ids}, headers=key).status_code == 204
    assert all(world.movie_by_id[m.key[1]].file is None for m in movies)


def test_viewer_cannot_delete(client: TestClient, world: World) -> None:
    movie = next(i for i in sim_of(client).catalog().items if i.type == "Movie")
    response = client.delete(f"/Items/{movie.id}", headers=sign_in(client, viewer(client)))
    assert response.status_code == 403
    assert world.movie_by_id[movie.key[1]].file is not None


def test_collection_items_delete_alias(client: TestClient, key: dict[str, str]) -> None:
    movies = [i for i in sim_of(client).catalog().items if i.type == "Movie"][:2]
    ids = ",".join(m.id for m in movies)
    cid = client.post("/Collections", params={"Name": "Keep", "Ids": ids}, headers=key).json()["Id"]
    assert cid.isdigit()
    response = client.post(
        f"/Collections/{cid}/Items/Delete", params={"Ids": movies[0].id}, headers=key
    )
    assert response.status_code == 204
    listed = client.get("/Items", params={"ParentId": cid}, headers=key).json()
    assert [i["Id"] for i in listed["Items"]] == [movies[1].id]


def test_emby_streams_use_emby_range_names(client: TestClient, key: dict[str, str]) -> None:
    params = {"Recursive": "true", "IncludeItemTypes": "Movie", "Fields": "MediaStreams"}
    items = client.get("/Items", params=params, headers=key).json()["Items"]
    video = items[0]["MediaStreams"][0]
    assert "VideoRangeType" not in video
    assert video["VideoRange"] in {"SDR", "HDR 10", "HDR 10+", "HLG", "Dolby Vision"}


def test_webhooks_use_emby_event_names(client: TestClient, world: World) -> None:
    sim = sim_of(client)
    posts: list[dict[str, object]] = []

    def record(request: httpx.Request) -> httpx.Response:
        posts.append(json.loads(request.content))
        return httpx.Response(204)

    sim.set_webhook(
        "http://tendarr.test/hooks/emby", httpx.Client(transport=httpx.MockTransport(record))
    )
    movie = next(m for m in world.movies if m.file is None)
    world.schedule_download("movie", movie.id)
    world.advance(3600)
    episode = next(i for i in sim.catalog().items if i.type == "Episode")
    session = sim.start_playback(viewer(client), episode.id)
    sim.stop_playback(session.id, 1000)
    assert [p["Event"] for p in posts] == ["library.new", "playback.start", "playback.stop"]
    item = posts[0]["Item"]
    assert isinstance(item, dict)
    assert item["ProviderIds"]["Tmdb"] == str(movie.tmdb_id)


def test_refresh_and_faults(client: TestClient, key: dict[str, str], faults: FaultPlan) -> None:
    assert client.post("/Library/Refresh", headers=key).status_code == 204
    faults.add(Fault("status", path="/Items", status=401, times=1))
    assert client.get("/Items", headers=key).status_code == 401
    faults.add(Fault("fail_page", path="/Items", status=503, page=2, page_size=5))
    base = {"Recursive": "true", "Limit": 5}
    assert client.get("/Items", params={**base, "StartIndex": 5}, headers=key).is_success
    assert client.get("/Items", params={**base, "StartIndex": 10}, headers=key).status_code == 503


def test_shows_routes_use_series_ids(client: TestClient, key: dict[str, str]) -> None:
    series = next(i for i in sim_of(client).catalog().items if i.type == "Series")
    seasons = client.get(f"/Shows/{series.id}/Seasons", headers=key).json()
    assert seasons["Items"]
    assert {s["Type"] for s in seasons["Items"]} == {"Season"}
    episodes = client.get(f"/Shows/{series.id}/Episodes", headers=key).json()
    assert episodes["TotalRecordCount"] == len(episodes["Items"]) > 0
    assert client.get("/Shows/1/Episodes", headers=key).status_code == 404
