"""Library commands: sections, per-item media info with play counts, per-item play stats."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from tendarr.sim.model import MediaFile
from tendarr.sim.tautulli.history import HistoryError, epoch, history_rows
from tendarr.sim.tautulli.state import TautulliState

_RESOLUTIONS = {2160: "4k", 1080: "1080", 720: "720"}
_ORDER_COLUMNS = {
    "added_at",
    "sort_title",
    "container",
    "bitrate",
    "video_codec",
    "video_resolution",
    "video_framerate",
    "audio_codec",
    "audio_channels",
    "file_size",
    "last_played",
    "play_count",
}


def _int(params: dict[str, str], name: str, default: int) -> int:
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as err:
        raise HistoryError(name) from err


def get_libraries(state: TautulliState) -> list[dict[str, Any]]:
    """Return ``get_libraries``: every section with its item counts."""
    rows = []
    for lib in state.server.libraries:
        if lib.kind == "movie":
            count = str(len(state.world.library_movies()))
            parent, child = "", ""
        else:
            shows = state.world.library_shows()
            count = str(len(shows))
            seasons = [s for show in shows for s in show.seasons if any(e.file for e in s.episodes)]
            parent = str(len(seasons))
            child = str(sum(1 for show in shows for e in show.episodes() if e.file))
        rows.append(
            {
                "art": f"/:/resources/{lib.kind}-fanart.jpg",
                "child_count": child,
                "count": count,
                "is_active": 1,
                "parent_count": parent,
                "section_id": lib.key,
                "section_name": lib.name,
                "section_type": lib.kind,
                "thumb": f"/:/resources/{lib.kind}.png",
            }
        )
    return rows


def get_library_names(state: TautulliState) -> list[dict[str, Any]]:
    """Return ``get_library_names``."""
    return [
        {"section_id": int(lib.key), "section_name": lib.name, "section_type": lib.kind}
        for lib in state.server.libraries
    ]


def _file_fields(file: MediaFile | None) -> dict[str, Any]:
    if file is None:
        return {
            "audio_channels": "",
            "audio_codec": "",
            "bitrate": "",
            "container": "",
            "video_codec": "",
            "video_framerate": "",
            "video_resolution": "",
        }
    rate = file.video.frame_rate
    return {
        "audio_channels": str(file.audio[0].channels) if file.audio else "",
        "audio_codec": file.audio[0].codec if file.audio else "",
        "bitrate": str(file.video.bitrate_kbps),
        "container": file.container,
        "video_codec": file.video.codec,
        "video_framerate": "24p" if round(rate) == 24 else f"{round(rate)}p",
        "video_resolution": _RESOLUTIONS.get(file.video.height, "sd"),
    }


def _plays_by_key(state: TautulliState) -> dict[str, list[int]]:
    """Return history start times under every rating key a row counts for."""
    plays: dict[str, list[int]] = defaultdict(list)
    for row in history_rows(state):
        for key in ("rating_key", "parent_rating_key", "grandparent_rating_key"):
            if row[key] != "":
                plays[str(row[key])].append(row["started"])
    return plays


def _media_rows(state: TautulliState, params: dict[str, str]) -> list[dict[str, Any]]:
    world, server = state.world, state.server
    section = params.get("section_id", "")
    parent = params.get("rating_key", "")
    rows: list[dict[str, Any]] = []

    def row(kind: str, key: str, title: str, year: int, file: MediaFile | None, size: int) -> None:
        added = file.added_at if file else None
        if added is None and kind in {"show", "season"}:
            item = world.resolve_native(server.id, key)
            if item is not None:
                added = world.show_by_id[item[1] if kind == "show" else item[1] // 1000].added_at
        rows.append(
            {
                "added_at": str(epoch(added)) if added else "",
                **_file_fields(file),
                "file_size": size,
                "grandparent_rating_key": "",
                "media_index": "",
                "media_type": kind,
                "parent_media_index": "",
                "parent_rating_key": "",
                "rating_key": key,
                "section_id": int(state.section_id("movie" if kind == "movie" else "show")),
                "section_type": "movie" if kind == "movie" else "show",
                "sort_title": title.removeprefix("The "),
                "thumb": f"/library/metadata/{key}/thumb/{epoch(world.now)}",
                "title": title,
                "year": str(year),
            }
        )

    if section == state.section_id("movie") and not parent:
        for movie in world.library_movies():
            key = server.native_ids[("movie", movie.id)]
            assert movie.file is not None
            row("movie", key, movie.title, movie.year, movie.file, movie.file.size)
    elif section == state.section_id("show") and not parent:
        for show in world.library_shows():
            size = sum(e.file.size for e in show.episodes() if e.file)
            row("show", server.native_ids[("show", show.id)], show.title, show.year, None, size)
    elif parent:
        found = world.resolve_native(server.id, parent)
        if found is not None and found[0] == "show":
            show = world.show_by_id[found[1]]
            for season in show.seasons:
                season_key = server.native_ids.get(("season", show.id * 1000 + season.number))
                size = sum(e.file.size for e in season.episodes if e.file)
                if season_key is not None and size:
                    row("season", season_key, f"Season {season.number}", show.year, None, size)
                    rows[-1].update(
                        {"media_index": str(season.number), "parent_rating_key": parent}
                    )
        elif found is not None and found[0] == "season":
            show = world.show_by_id[found[1] // 1000]
            season = next(s for s in show.seasons if s.number == found[1] % 1000)
            show_key = server.native_ids[("show", show.id)]
            for ep in season.episodes:
                if ep.file is None:
                    continue
                row(
                    "episode",
                    server.native_ids[("episode", ep.id)],
                    ep.title,
                    show.year,
                    ep.file,
                    ep.file.size,
                )
                rows[-1].update(
                    {
                        "media_index": str(ep.episode_number),
                        "parent_media_index": str(season.number),
                        "parent_rating_key": parent,
                        "grandparent_rating_key": show_key,
                    }
                )
    return rows


def get_library_media_info(state: TautulliState, params: dict[str, str]) -> dict[str, Any]:
    """Return ``get_library_media_info``: items with size, play count and last play."""
    rows = _media_rows(state, params)
    plays = _plays_by_key(state)
    for item in rows:
        started = plays.get(item["rating_key"], [])
        item["play_count"] = len(started) or None
        item["last_played"] = max(started) if started else None
    total = sum(r["file_size"] for r in rows)
    if params.get("search"):
        rows = [r for r in rows if params["search"].lower() in r["title"].lower()]
    column = params.get("order_column") or "sort_title"
    column = column if column in _ORDER_COLUMNS else "sort_title"
    descending = (params.get("order_dir") or "asc").lower() == "desc"
    rows.sort(
        key=lambda r: (r[column] is not None, r[column] or 0, r["sort_title"]), reverse=descending
    )
    start, length = _int(params, "start", 0), _int(params, "length", 25)
    page = rows[start : start + length] if length >= 0 else rows[start:]
    return {
        "draw": _int(params, "draw", 1),
        "last_refreshed": epoch(state.world.now),
        "recordsTotal": len(_media_rows(state, params)),
        "recordsFiltered": len(rows),
        "filtered_file_size": sum(r["file_size"] for r in rows),
        "total_file_size": total,
        "data": page,
    }


def _rows_for(state: TautulliState, rating_key: str) -> list[dict[str, Any]]:
    return [
        r
        for r in history_rows(state)
        if rating_key
        in {str(r["rating_key"]), str(r["parent_rating_key"]), str(r["grandparent_rating_key"])}
    ]


def get_item_user_stats(state: TautulliState, rating_key: str) -> list[dict[str, Any]]:
    """Return ``get_item_user_stats``: plays and seconds watched per user for an item."""
    by_user: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows_for(state, rating_key):
        by_user[row["user_id"]].append(row)
    out = []
    for plex_id, rows in by_user.items():
        user = state.user_by_plex_id(plex_id)
        out.append(
            {
                "friendly_name": user.display_name if user else "",
                "user_id": plex_id,
                "user_thumb": f"https://plex.tv/users/{user.plex_uuid}/avatar" if user else "",
                "username": user.username if user else "",
                "total_plays": len(rows),
                "total_time": sum(r["play_duration"] for r in rows),
            }
        )
    return sorted(out, key=lambda r: (-r["total_plays"], r["user_id"]))


def get_item_watch_time_stats(
    state: TautulliState, rating_key: str, query_days: str
) -> list[dict[str, Any]]:
    """Return ``get_item_watch_time_stats`` for each window (0 means all time)."""
    rows = _rows_for(state, rating_key)
    out = []
    for raw in (query_days or "1,7,30,0").split(","):
        try:
            days = int(raw)
        except ValueError as err:
            raise HistoryError("query_days") from err
        since = epoch(state.world.now - timedelta(days=days)) if days else 0
        window = [r for r in rows if r["started"] >= since]
        out.append(
            {
                "query_days": days,
                "total_time": sum(r["play_duration"] for r in window),
                "total_plays": len(window),
            }
        )
    return out
