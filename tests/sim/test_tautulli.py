"""Behaviour of the Tautulli simulator: envelope, auth, history paging and filters, stats."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import MediaServer
from tendarr.sim.plex.library import plex_hex
from tendarr.sim.tautulli import create_app, credentials, state_of
from tendarr.sim.world import World


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
def client(world: World, faults: FaultPlan) -> TestClient:
    return TestClient(create_app(world, faults=faults))


def plex(world: World) -> MediaServer:
    return next(s for s in world.servers if s.kind == "plex")


def call(client: TestClient, world: World, cmd: str, **params: Any) -> Any:
    response = client.get(
        "/api/v2", params={"apikey": credentials(world)["api_key"], "cmd": cmd, **params}
    )
    assert response.status_code == 200, response.text
    body = response.json()["response"]
    assert body["result"] == "success"
    assert body["message"] is None
    return body["data"]


def test_wrong_apikey_answers_401_in_the_envelope(client: TestClient) -> None:
    response = client.get("/api/v2", params={"apikey": "0" * 32, "cmd": "get_history"})
    assert response.status_code == 401
    assert response.json() == {
        "response": {"result": "error", "message": "Invalid apikey", "data": {}}
    }


def test_missing_apikey_and_missing_cmd_are_refused(client: TestClient, world: World) -> None:
    missing_key = client.get("/api/v2", params={"cmd": "get_history"})
    assert missing_key.status_code == 401
    assert missing_key.json()["response"]["message"] == "Parameter apikey is required"
    missing_cmd = client.get("/api/v2", params={"apikey": credentials(world)["api_key"]})
    assert missing_cmd.status_code == 400
    assert missing_cmd.json()["response"]["message"].startswith("Parameter cmd is required.")


def test_unknown_command_lists_the_possible_ones(client: TestClient, world: World) -> None:
    response = client.get(
        "/api/v2", params={"apikey": credentials(world)["api_key"], "cmd": "get_everything"}
    )
    assert response.status_code == 400
    message = response.json()["response"]["message"]
    assert message.startswith("Unknown command: get_everything. Possible commands are: ")
    assert "get_history" in message


def test_real_but_unsimulated_command_says_so(client: TestClient, world: World) -> None:
    response = client.get(
        "/api/v2", params={"apikey": credentials(world)["api_key"], "cmd": "get_plays_by_date"}
    )
    assert response.status_code == 501
    assert response.json()["response"]["result"] == "error"


def test_history_pages_with_start_and_length(client: TestClient, world: World) -> None:
    first = call(client, world, "get_history", start=0, length=10)
    total = sum(1 for p in world.plays if p.server_id == plex(world).id)
    assert first["recordsTotal"] == first["recordsFiltered"] == total
    assert len(first["data"]) == 10
    seen = []
    for start in range(0, total, 10):
        seen += [
            r["row_id"] for r in call(client, world, "get_history", start=start, length=10)["data"]
        ]
    assert len(seen) == len(set(seen)) == total
    default = call(client, world, "get_history")
    assert len(default["data"]) == min(25, total)
    dates = [r["date"] for r in default["data"]]
    assert dates == sorted(dates, reverse=True)


def test_history_rows_use_the_plex_servers_rating_keys(client: TestClient, world: World) -> None:
    server = plex(world)
    rows = call(client, world, "get_history", length=-1)["data"]
    plays = {p.id: p for p in world.plays}
    for row in rows:
        play = plays[row["row_id"]]
        assert play.server_id == server.id
        assert str(row["rating_key"]) == server.native_ids[(play.item_kind, play.item_id)]
        if play.item_kind == "episode":
            ep = world.episode_by_id[play.item_id]
            assert str(row["grandparent_rating_key"]) == server.native_ids[("show", ep.show_id)]
            show = world.show_by_id[ep.show_id]
            assert row["guid"] == f"plex://episode/{plex_hex(f'ep{ep.tvdb_id}', show.tmdb_id)}"
        else:
            movie = world.movie_by_id[play.item_id]
            assert row["parent_rating_key"] == ""
            assert row["grandparent_rating_key"] == ""
            assert row["guid"] == f"plex://movie/{plex_hex('movie', movie.tmdb_id)}"
        user = world.user_by_id[play.user_id]
        assert row["user_id"] == user.plex_account_id
        assert row["user"] == user.username
        assert row["watched_status"] == (1 if play.completed else row["watched_status"])


def test_history_filters(client: TestClient, world: World) -> None:
    rows = call(client, world, "get_history", length=-1)["data"]
    user_id = rows[0]["user_id"]
    mine = call(client, world, "get_history", user_id=user_id, length=-1)
    assert mine["recordsFiltered"] == sum(1 for r in rows if r["user_id"] == user_id)
    assert mine["recordsTotal"] == len(rows)
    movies = call(client, world, "get_history", media_type="movie", length=-1)["data"]
    assert movies
    assert all(r["media_type"] == "movie" for r in movies)
    by_section = call(client, world, "get_history", section_id=1, length=-1)["data"]
    assert [r["row_id"] for r in by_section] == [r["row_id"] for r in movies]
    key = movies[0]["rating_key"]
    same = call(client, world, "get_history", rating_key=key, length=-1)["data"]
    assert {r["rating_key"] for r in same} == {key}
    day = datetime.fromtimestamp(rows[0]["started"], UTC).date().isoformat()
    after = call(client, world, "get_history", after=day, length=-1)["data"]
    assert all(datetime.fromtimestamp(r["started"], UTC).date().isoformat() >= day for r in after)
    oldest_first = call(client, world, "get_history", order_dir="asc", length=5)["data"]
    assert [r["date"] for r in oldest_first] == sorted(r["date"] for r in oldest_first)


def test_history_keeps_the_old_rating_key_after_plex_drops_the_item(world: World) -> None:
    client = TestClient(create_app(world))
    server = plex(world)
    play = next(p for p in world.plays if p.server_id == server.id and p.item_kind == "movie")
    old_key = server.native_ids[("movie", play.item_id)]
    world.delete_file("movie", play.item_id)
    rows = call(client, world, "get_history", rating_key=old_key, length=-1)["data"]
    assert rows
    assert all(str(r["rating_key"]) == old_key for r in rows)
    assert call(client, world, "get_metadata", rating_key=old_key) == {}


def test_users_include_local_and_everyone_sharing_the_server(
    client: TestClient, world: World
) -> None:
    users = call(client, world, "get_users")
    assert users[0]["username"] == "Local"
    assert users[0]["user_id"] == "0"
    sharing = {u.plex_account_id for u in world.users if plex(world).id in u.servers}
    assert {int(u["user_id"]) for u in users[1:]} == sharing
    assert all(isinstance(u["user_id"], str) for u in users)


def test_metadata_reports_guids_and_the_servers_file_path(client: TestClient, world: World) -> None:
    movie = world.library_movies()[0]
    assert movie.file is not None
    key = plex(world).native_ids[("movie", movie.id)]
    data = call(client, world, "get_metadata", rating_key=key)
    assert data["rating_key"] == key
    assert data["media_type"] == "movie"
    assert f"tmdb://{movie.tmdb_id}" in data["guids"]
    assert f"imdb://{movie.imdb_id}" in data["guids"]
    assert data["media_info"][0]["parts"][0]["file"] == plex(world).server_path(movie.file.path)


def test_home_stats_rank_titles_by_plays(client: TestClient, world: World) -> None:
    stats = call(client, world, "get_home_stats", time_range=365, stats_count=50)
    by_id = {s["stat_id"]: s for s in stats}
    assert {"top_movies", "popular_movies", "top_tv", "top_users", "last_watched"} <= set(by_id)
    plays = [r["total_plays"] for r in by_id["top_movies"]["rows"]]
    assert plays == sorted(plays, reverse=True)
    movie_plays = call(client, world, "get_history", media_type="movie", length=0)
    assert sum(plays) == movie_plays["recordsFiltered"]
    assert by_id["top_movies"]["stat_type"] == "total_plays"
    one = call(client, world, "get_home_stats", stat_id="top_tv", stats_count=2, time_range=365)
    assert [s["stat_id"] for s in one] == ["top_tv"]
    assert len(one[0]["rows"]) <= 2


def test_activity_is_empty_until_a_session_starts(world: World) -> None:
    app = create_app(world)
    client = TestClient(app)
    assert call(client, world, "get_activity")["sessions"] == []
    movie = world.library_movies()[0]
    user = world.users[0]
    session = state_of(app).start_session(user.id, "movie", movie.id, 60_000)
    activity = call(client, world, "get_activity")
    assert activity["stream_count"] == "1"
    assert activity["sessions"][0]["rating_key"] == plex(world).native_ids[("movie", movie.id)]
    state_of(app).stop_session(session.session_key)
    assert call(client, world, "get_activity")["sessions"] == []


def test_arnold_quotes(client: TestClient, world: World) -> None:
    assert isinstance(call(client, world, "arnold"), str)


def test_faults_fire_on_the_api(client: TestClient, world: World, faults: FaultPlan) -> None:
    key = credentials(world)["api_key"]
    faults.add(Fault("status", path="/api/v2", status=429, retry_after=30, times=1))
    limited = client.get("/api/v2", params={"apikey": key, "cmd": "get_history"})
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "30"
    faults.add(Fault("fail_page", path="/api/v2", status=500, page=2, page_size=10))
    assert (
        client.get(
            "/api/v2", params={"apikey": key, "cmd": "get_history", "start": 10, "length": 10}
        ).status_code
        == 200
    )
    assert (
        client.get(
            "/api/v2", params={"apikey": key, "cmd": "get_history", "start": 20, "length": 10}
        ).status_code
        == 500
    )
    faults.clear()
    faults.add(Fault("malformed", path="/api/v2"))
    broken = client.get("/api/v2", params={"apikey": key, "cmd": "get_history"})
    with pytest.raises(ValueError):  # noqa: PT011
        broken.json()


def test_library_media_info_counts_plays_and_sizes(client: TestClient, world: World) -> None:
    server = plex(world)
    info = call(client, world, "get_library_media_info", section_id="1", length=-1)
    assert info["recordsTotal"] == len(world.library_movies())
    assert info["total_file_size"] == sum(m.file.size for m in world.library_movies() if m.file)
    plays = {
        server.native_ids[("movie", p.item_id)]: 0
        for p in world.plays
        if p.server_id == server.id and p.item_kind == "movie"
    }
    for p in world.plays:
        if p.server_id == server.id and p.item_kind == "movie":
            plays[server.native_ids[("movie", p.item_id)]] += 1
    for row in info["data"]:
        assert row["play_count"] == (plays.get(row["rating_key"]) or None)
    busiest = call(
        client,
        world,
        "get_library_media_info",
        section_id="1",
        order_column="play_count",
        order_dir="desc",
        length=1,
    )["data"][0]
    assert busiest["play_count"] == max(plays.values())
    show = world.library_shows()[0]
    seasons = call(
        client, world, "get_library_media_info", rating_key=server.native_ids[("show", show.id)]
    )["data"]
    assert {r["media_type"] for r in seasons} == {"season"}


def test_item_stats_aggregate_a_show_over_its_episodes(client: TestClient, world: World) -> None:
    server = plex(world)
    rows = call(client, world, "get_history", media_type="episode", length=-1)["data"]
    show_key = rows[0]["grandparent_rating_key"]
    mine = [r for r in rows if r["grandparent_rating_key"] == show_key]
    users = call(client, world, "get_item_user_stats", rating_key=show_key)
    assert sum(u["total_plays"] for u in users) == len(mine)
    windows = call(client, world, "get_item_watch_time_stats", rating_key=show_key)
    assert [w["query_days"] for w in windows] == [1, 7, 30, 0]
    assert windows[-1]["total_plays"] == len(mine)
    assert str(show_key) in server.native_ids.values()


def test_status_and_server_info(client: TestClient, world: World) -> None:
    response = client.get(
        "/api/v2", params={"apikey": credentials(world)["api_key"], "cmd": "status"}
    ).json()["response"]
    assert response == {"result": "success", "message": "Ok", "data": {}}
    info = call(client, world, "get_server_info")
    assert info["pms_identifier"] == plex(world).machine_id
    assert call(client, world, "get_user", user_id="42") == {}
