"""Check the Tautulli simulator against the v2.17.2 command reference (markdown, not OpenAPI)."""

# Each command's ``Returns`` example is the contract. The tests check that the simulated
# commands exist in it, that every field the simulator returns is named in the command's
# section (unless listed in UNDOCUMENTED with a reason), and that the fields the example shows
# for the main objects are all returned. The expected-field tables are checked against the text.

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from starlette.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.tautulli import SIMULATED, create_app, credentials, state_of
from tendarr.sim.tautulli.commands import ALL_COMMANDS
from tests.contract.openapi import specs_dir

REFERENCE = "tautulli/tautulli-api-reference-v2.17.2.md"

HISTORY_TOP = {"draw", "recordsTotal", "recordsFiltered", "total_duration", "filter_duration"}
HISTORY_ROW = {
    "date",
    "friendly_name",
    "full_title",
    "grandparent_rating_key",
    "grandparent_title",
    "original_title",
    "group_count",
    "group_ids",
    "guid",
    "ip_address",
    "live",
    "location",
    "machine_id",
    "media_index",
    "media_type",
    "originally_available_at",
    "parent_media_index",
    "parent_rating_key",
    "parent_title",
    "paused_counter",
    "percent_complete",
    "platform",
    "play_duration",
    "product",
    "player",
    "rating_key",
    "reference_id",
    "relayed",
    "row_id",
    "secure",
    "session_key",
    "started",
    "state",
    "stopped",
    "thumb",
    "title",
    "transcode_decision",
    "user",
    "user_id",
    "watched_status",
    "year",
}
USER_ROW = {
    "allow_guest",
    "do_notify",
    "email",
    "filter_all",
    "filter_movies",
    "filter_music",
    "filter_photos",
    "filter_tv",
    "is_active",
    "is_admin",
    "is_allow_sync",
    "is_home_user",
    "is_restricted",
    "keep_history",
    "row_id",
    "shared_libraries",
    "thumb",
    "user_id",
    "username",
}
METADATA_COMMON = {
    "added_at",
    "collections",
    "content_rating",
    "full_title",
    "grandparent_rating_key",
    "grandparent_title",
    "guid",
    "guids",
    "labels",
    "last_viewed_at",
    "library_name",
    "live",
    "media_info",
    "media_type",
    "original_title",
    "originally_available_at",
    "parent_rating_key",
    "parent_title",
    "rating_key",
    "section_id",
    "sort_title",
    "summary",
    "thumb",
    "title",
    "updated_at",
    "user_rating",
    "year",
}
METADATA_EPISODE = METADATA_COMMON | {
    "grandparent_guid",
    "grandparent_guids",
    "media_index",
    "parent_media_index",
    "duration",
}
STAT_ROW_TITLES = {
    "content_rating",
    "friendly_name",
    "grandparent_thumb",
    "guid",
    "labels",
    "last_play",
    "live",
    "media_type",
    "rating",
    "platform",
    "rating_key",
    "row_id",
    "section_id",
    "thumb",
    "title",
    "total_duration",
    "total_plays",
    "user",
    "users_watched",
}
MEDIA_INFO_TOP = {
    "draw",
    "last_refreshed",
    "recordsTotal",
    "recordsFiltered",
    "filtered_file_size",
    "total_file_size",
    "data",
}
MEDIA_INFO_ROW = {
    "added_at",
    "audio_channels",
    "audio_codec",
    "bitrate",
    "container",
    "file_size",
    "grandparent_rating_key",
    "last_played",
    "media_index",
    "media_type",
    "parent_media_index",
    "parent_rating_key",
    "play_count",
    "rating_key",
    "section_id",
    "section_type",
    "sort_title",
    "thumb",
    "title",
    "video_codec",
    "video_framerate",
    "video_resolution",
    "year",
}
LIBRARY_ROW = {
    "art",
    "child_count",
    "count",
    "is_active",
    "parent_count",
    "section_id",
    "section_name",
    "section_type",
    "thumb",
}
ITEM_USER_ROW = {"friendly_name", "user_id", "user_thumb", "username", "total_plays", "total_time"}
WATCH_TIME_ROW = {"query_days", "total_time", "total_plays"}
USER_DETAIL = {
    "allow_guest",
    "deleted_user",
    "do_notify",
    "email",
    "friendly_name",
    "is_active",
    "is_admin",
    "is_allow_sync",
    "is_home_user",
    "is_restricted",
    "keep_history",
    "last_seen",
    "row_id",
    "shared_libraries",
    "user_id",
    "user_thumb",
    "username",
}
SERVER_INFO = {
    "pms_identifier",
    "pms_ip",
    "pms_is_remote",
    "pms_name",
    "pms_platform",
    "pms_plexpass",
    "pms_port",
    "pms_ssl",
    "pms_url",
    "pms_url_manual",
    "pms_version",
}
ACTIVITY_TOP = {
    "lan_bandwidth",
    "sessions",
    "stream_count",
    "stream_count_direct_play",
    "stream_count_direct_stream",
    "stream_count_transcode",
    "total_bandwidth",
    "wan_bandwidth",
}

# Fields the server returns that the command's docstring example does not show.
UNDOCUMENTED: dict[str, dict[str, str]] = {
    "get_history": {
        "duration": "datafactory.get_history keeps 'duration' = play_duration for old clients",
        "id": "datafactory.get_history repeats row_id as 'id'",
    },
    "get_home_stats": {
        "stat_title": "every stat carries its display title; the example omits it",
        "year": "top/popular movie and TV rows carry the year; the top_tv example omits it",
        "art": "top/popular rows carry art; the top_tv example omits it",
        "grandparent_rating_key": "top/popular rows carry it; the top_tv example omits it",
        "user_id": "top_users and last_watched rows carry user_id; only top_tv is shown",
        "user_thumb": "top_users rows carry the avatar; only top_tv is shown",
        "platform_name": "top_platforms rows carry platform_name; only top_tv is shown",
        "section_name": "top_libraries rows carry the section name; only top_tv is shown",
        "section_type": "top_libraries rows carry the section type; only top_tv is shown",
        "last_watch": "last_watched rows carry last_watch; only top_tv is shown",
        "player": "last_watched rows carry the player; only top_tv is shown",
    },
}


@cache
def reference() -> str:
    """Return the command reference text (skips when the specs are absent)."""
    return (specs_dir() / REFERENCE).read_text()


def section(command: str) -> str:
    """Return the markdown section documenting ``command``."""
    text = reference()
    match = re.search(rf"^### {command}\n(.*?)(?=^### |\Z)", text, re.M | re.S)
    assert match is not None, f"{command} is not documented"
    return match.group(1)


def vocabulary(command: str) -> set[str]:
    """Return every field name the command's section mentions."""
    return set(re.findall(r'"(\w+)":', section(command)))


def keys(value: Any) -> set[str]:
    """Return every dict key in a JSON value, recursively."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


@pytest.fixture(scope="module")
def driven() -> dict[str, list[Any]]:
    """Run every simulated command (with data in every object) and collect the data."""
    reference()
    world = generate_world(WorldConfig(movies=30, shows=5, users=4))
    app = create_app(world)
    client = TestClient(app)
    key = credentials(world)["api_key"]
    plex = next(s for s in world.servers if s.kind == "plex")
    episode = next(e for e in world.episode_by_id.values() if e.file is not None)
    played = {p.item_id for p in world.plays if p.item_kind == "movie" and p.server_id == plex.id}
    movie = next(m for m in world.library_movies() if m.id in played)
    show_id = episode.show_id
    state_of(app).start_session(world.users[0].id, "episode", episode.id, 1000)
    calls: list[tuple[str, dict[str, Any]]] = [
        ("get_history", {"length": 50}),
        ("get_history", {"media_type": "movie", "order_column": "duration"}),
        ("get_users", {}),
        ("get_home_stats", {"time_range": 365}),
        ("get_metadata", {"rating_key": plex.native_ids[("movie", movie.id)]}),
        ("get_metadata", {"rating_key": plex.native_ids[("episode", episode.id)]}),
        ("get_activity", {}),
        ("arnold", {}),
        ("get_libraries", {}),
        ("get_library_names", {}),
        ("get_library_media_info", {"section_id": "1", "length": 5}),
        ("get_library_media_info", {"section_id": "2"}),
        ("get_item_user_stats", {"rating_key": plex.native_ids[("movie", movie.id)]}),
        ("get_item_watch_time_stats", {"rating_key": plex.native_ids[("show", show_id)]}),
        ("get_user", {"user_id": str(world.users[0].plex_account_id), "include_last_seen": "1"}),
        ("get_server_info", {}),
        ("get_tautulli_info", {}),
        ("status", {}),
    ]
    out: dict[str, list[Any]] = {}
    for cmd, params in calls:
        response = client.get("/api/v2", params={"apikey": key, "cmd": cmd, **params})
        assert response.status_code == 200
        envelope = response.json()
        assert set(envelope) == {"response"}
        assert set(envelope["response"]) == {"result", "message", "data"}
        out.setdefault(cmd, []).append(envelope["response"]["data"])
    return out


def test_command_list_matches_the_reference() -> None:
    assert list(ALL_COMMANDS) == re.findall(r"^### (\w+)", reference(), re.M)
    assert set(SIMULATED) <= set(ALL_COMMANDS)


def test_expected_field_tables_are_in_the_reference() -> None:
    for command, table in (
        ("get_history", HISTORY_TOP | HISTORY_ROW),
        ("get_users", USER_ROW),
        ("get_metadata", METADATA_EPISODE),
        ("get_home_stats", STAT_ROW_TITLES | {"stat_id", "stat_type", "rows"}),
        ("get_activity", ACTIVITY_TOP),
        ("get_library_media_info", MEDIA_INFO_TOP | MEDIA_INFO_ROW),
        ("get_libraries", LIBRARY_ROW),
        ("get_item_user_stats", ITEM_USER_ROW),
        ("get_item_watch_time_stats", WATCH_TIME_ROW),
        ("get_user", USER_DETAIL),
        ("get_server_info", SERVER_INFO),
    ):
        assert table <= vocabulary(command), table - vocabulary(command)


def test_returned_fields_are_documented(driven: dict[str, list[Any]]) -> None:
    for command, results in driven.items():
        if command in {"arnold", "status"}:
            continue
        allowed = vocabulary(command) | set(UNDOCUMENTED.get(command, {}))
        returned = {k for data in results for k in keys(data)}
        assert returned <= allowed, f"{command}: {sorted(returned - allowed)}"


def test_documented_fields_are_returned(driven: dict[str, list[Any]]) -> None:
    for history in driven["get_history"]:
        assert set(history) >= HISTORY_TOP | {"data"}
        assert all(set(row) >= HISTORY_ROW for row in history["data"])
    assert all(set(u) >= USER_ROW for u in driven["get_users"][0])
    movie, episode = driven["get_metadata"]
    assert set(movie) >= METADATA_COMMON
    assert set(episode) >= METADATA_EPISODE
    stats = {s["stat_id"]: s for s in driven["get_home_stats"][0]}
    for stat_id in ("top_movies", "popular_movies", "top_tv", "popular_tv"):
        assert stats[stat_id]["rows"], stat_id
        assert all(set(r) >= STAT_ROW_TITLES for r in stats[stat_id]["rows"])
    activity = driven["get_activity"][0]
    assert set(activity) == ACTIVITY_TOP
    assert activity["sessions"]
    assert isinstance(driven["arnold"][0], str)
    for info in driven["get_library_media_info"]:
        assert set(info) == MEDIA_INFO_TOP
        assert info["data"]
        assert all(set(r) == MEDIA_INFO_ROW for r in info["data"])
    assert all(set(r) == LIBRARY_ROW for r in driven["get_libraries"][0])
    assert driven["get_item_user_stats"][0]
    assert all(set(r) == ITEM_USER_ROW for r in driven["get_item_user_stats"][0])
    assert all(set(r) == WATCH_TIME_ROW for r in driven["get_item_watch_time_stats"][0])
    assert set(driven["get_user"][0]) == USER_DETAIL
    assert set(driven["get_server_info"][0]) == SERVER_INFO
    assert driven["status"] == [{}]


def test_documented_types_where_the_example_is_explicit(driven: dict[str, list[Any]]) -> None:
    row = driven["get_history"][0]["data"][0]
    assert isinstance(row["rating_key"], int)
    assert isinstance(row["started"], int)
    user = driven["get_users"][0][1]
    assert isinstance(user["user_id"], str)
    assert isinstance(user["row_id"], int)
    movie = driven["get_metadata"][0]
    assert isinstance(movie["rating_key"], str)
    assert isinstance(movie["added_at"], str)
    assert isinstance(driven["get_activity"][0]["stream_count"], str)


def test_undocumented_list_is_exact(driven: dict[str, list[Any]]) -> None:
    for command, gaps in UNDOCUMENTED.items():
        returned = {k for data in driven[command] for k in keys(data)}
        assert set(gaps) <= returned - vocabulary(command), command


def test_parameters_the_simulator_honours_are_documented() -> None:
    honoured = {
        "get_history": {
            "user",
            "user_id",
            "rating_key",
            "parent_rating_key",
            "grandparent_rating_key",
            "start_date",
            "before",
            "after",
            "section_id",
            "media_type",
            "guid",
            "order_column",
            "order_dir",
            "start",
            "length",
            "search",
        },
        "get_home_stats": {
            "time_range",
            "stats_type",
            "stats_start",
            "stats_count",
            "stat_id",
            "section_id",
            "user_id",
            "before",
            "after",
        },
        "get_metadata": {"rating_key"},
        "get_library_media_info": {
            "section_id",
            "rating_key",
            "order_column",
            "order_dir",
            "start",
            "length",
            "search",
        },
        "get_item_user_stats": {"rating_key"},
        "get_item_watch_time_stats": {"rating_key", "query_days"},
        "get_user": {"user_id", "include_last_seen"},
    }
    for command, params in honoured.items():
        documented = set(re.findall(r"^\s{4}(\w+) \(", section(command), re.M))
        assert params <= documented, (command, params - documented)
