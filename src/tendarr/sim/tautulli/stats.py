"""``get_home_stats``: the top and most popular titles, users and platforms."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from tendarr.sim.tautulli.history import HistoryError, history_rows
from tendarr.sim.tautulli.state import TautulliState, plex_guid

STAT_IDS = (
    "top_movies",
    "popular_movies",
    "top_tv",
    "popular_tv",
    "top_music",
    "popular_music",
    "last_watched",
    "top_libraries",
    "top_users",
    "top_platforms",
    "most_concurrent",
)


STAT_TITLES = {
    "top_movies": "Most Watched Movies",
    "popular_movies": "Most Popular Movies",
    "top_tv": "Most Watched TV Shows",
    "popular_tv": "Most Popular TV Shows",
    "top_music": "Most Played Artists",
    "popular_music": "Most Popular Artists",
    "last_watched": "Recently Watched",
    "top_libraries": "Most Active Libraries",
    "top_users": "Most Active Users",
    "top_platforms": "Most Active Platforms",
    "most_concurrent": "Most Concurrent Streams",
}


def _int(params: dict[str, str], name: str, default: int) -> int:
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as err:
        raise HistoryError(name) from err


def _title_row(state: TautulliState, group: list[dict[str, Any]], tv: bool) -> dict[str, Any]:
    last = max(group, key=lambda r: r["started"])
    key = last["grandparent_rating_key"] if tv else last["rating_key"]
    world_key = state.world.resolve_native(state.server.id, str(key))
    rating, content_rating, year = 0.0, "", last["year"]
    guid = last["guid"]
    if world_key is not None and world_key[0] == "show":
        show = state.world.show_by_id[world_key[1]]
        rating, content_rating, year = show.tmdb_rating, show.content_rating, show.year
        guid = plex_guid(state.world, "show", show.id)
    elif world_key is not None and world_key[0] == "movie":
        movie = state.world.movie_by_id[world_key[1]]
        rating, content_rating = movie.imdb_rating, movie.content_rating
    return {
        "row_id": last["row_id"],
        "section_id": int(state.section_id("show" if tv else "movie")),
        "title": last["grandparent_title"] if tv else last["title"],
        "year": year,
        "grandparent_rating_key": last["grandparent_rating_key"] if tv else "",
        "rating_key": key,
        "grandparent_thumb": f"/library/metadata/{key}/thumb/{last['started']}" if tv else "",
        "thumb": "" if tv else f"/library/metadata/{key}/thumb/{last['started']}",
        "art": f"/library/metadata/{key}/art/{last['started']}",
        "media_type": "episode" if tv else "movie",
        "content_rating": content_rating,
        "labels": [],
        "user": "",
        "friendly_name": "",
        "platform": "",
        "live": 0,
        "guid": guid,
        "last_play": last["started"],
        "rating": rating,
        "total_plays": len(group),
        "total_duration": sum(r["play_duration"] for r in group),
        "users_watched": len({r["user_id"] for r in group}),
    }


def get_home_stats(state: TautulliState, params: dict[str, str]) -> list[dict[str, Any]]:
    """Return ``get_home_stats``'s data for the requested stats."""
    days = _int(params, "time_range", 30)
    first, count = _int(params, "stats_start", 0), _int(params, "stats_count", 5)
    by_duration = params.get("stats_type") == "duration"
    since = int((state.world.now - timedelta(days=days)).timestamp())
    rows = [r for r in history_rows(state) if r["started"] >= since]
    if params.get("user_id"):
        rows = [r for r in rows if str(r["user_id"]) == params["user_id"]]
    if params.get("section_id"):
        rows = [r for r in rows if str(r["section_id"]) == params["section_id"]]
    if params.get("after"):
        rows = [r for r in rows if _day(r) >= params["after"]]
    if params.get("before"):
        rows = [r for r in rows if _day(r) <= params["before"]]
    wanted = [params["stat_id"]] if params.get("stat_id") else list(STAT_IDS)
    stat_type = "total_duration" if by_duration else "total_plays"
    out = []
    for stat_id in wanted:
        if stat_id not in STAT_IDS:
            continue
        stat: dict[str, Any] = {"stat_id": stat_id}
        if stat_id.startswith("top_"):
            stat["stat_type"] = stat_type
        stat["stat_title"] = STAT_TITLES[stat_id]
        stat["rows"] = _rows(state, stat_id, rows, stat_type)[first : first + count]
        out.append(stat)
    return out


def _day(row: dict[str, Any]) -> str:
    return datetime.fromtimestamp(row["started"], UTC).date().isoformat()


def _rows(
    state: TautulliState, stat_id: str, rows: list[dict[str, Any]], stat_type: str
) -> list[dict[str, Any]]:
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    if stat_id in {"top_movies", "popular_movies", "top_tv", "popular_tv"}:
        tv = stat_id.endswith("_tv")
        for r in rows:
            if r["media_type"] == ("episode" if tv else "movie"):
                groups[r["grandparent_rating_key"] if tv else r["rating_key"]].append(r)
        out = [_title_row(state, g, tv) for g in groups.values()]
        rank = "users_watched" if stat_id.startswith("popular") else stat_type
        out.sort(key=lambda x: (-x[rank], -x["total_plays"], -x["last_play"]))
        return out
    if stat_id == "top_users":
        for r in rows:
            groups[r["user_id"]].append(r)
        users = []
        for plex_id, group in groups.items():
            user = state.user_by_plex_id(plex_id)
            last = max(group, key=lambda r: r["started"])
            users.append(
                {
                    "user": user.username if user else "",
                    "user_id": plex_id,
                    "friendly_name": user.display_name if user else "",
                    "user_thumb": f"https://plex.tv/users/{user.plex_uuid}/avatar" if user else "",
                    "last_play": last["started"],
                    "total_plays": len(group),
                    "total_duration": sum(r["play_duration"] for r in group),
                }
            )
        users.sort(key=lambda x: (-x[stat_type], -x["last_play"]))
        return users
    if stat_id == "top_platforms":
        for r in rows:
            groups[r["platform"]].append(r)
        platforms = [
            {
                "platform": name,
                "platform_name": name.lower(),
                "last_play": max(r["started"] for r in group),
                "total_plays": len(group),
                "total_duration": sum(r["play_duration"] for r in group),
            }
            for name, group in groups.items()
        ]
        platforms.sort(key=lambda x: (-x[stat_type], x["platform"]))
        return platforms
    if stat_id == "last_watched":
        latest = sorted(rows, key=lambda r: -r["started"])
        return [
            {
                "row_id": r["row_id"],
                "title": r["full_title"],
                "rating_key": r["rating_key"],
                "grandparent_rating_key": r["grandparent_rating_key"],
                "media_type": r["media_type"],
                "user": r["user"],
                "user_id": r["user_id"],
                "friendly_name": r["friendly_name"],
                "player": r["player"],
                "last_watch": r["stopped"],
                "guid": r["guid"],
            }
            for r in latest
            if r["watched_status"] == 1
        ]
    if stat_id == "top_libraries":
        for r in rows:
            groups[r["media_type"]].append(r)
        libraries = [
            {
                "section_id": int(state.section_id("show" if kind == "episode" else "movie")),
                "section_name": state.library_name("show" if kind == "episode" else "movie"),
                "section_type": "show" if kind == "episode" else "movie",
                "last_play": max(r["started"] for r in group),
                "total_plays": len(group),
                "total_duration": sum(r["play_duration"] for r in group),
            }
            for kind, group in groups.items()
        ]
        libraries.sort(key=lambda x: -x[stat_type])
        return libraries
    return []  # music and concurrency: this household has neither
