"""``get_history``: the World's plays on one Plex server, as Tautulli's datatable rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tendarr.sim.model import Play
from tendarr.sim.tautulli.state import TautulliState, plex_guid

WATCHED_PERCENT = 85  # Tautulli's default "movie/tv watched" threshold
ORDER_COLUMNS = {
    "date",
    "friendly_name",
    "ip_address",
    "platform",
    "player",
    "full_title",
    "started",
    "paused_counter",
    "stopped",
    "duration",
}


class HistoryError(ValueError):
    """A parameter Tautulli's history query cannot use."""


@dataclass(frozen=True)
class ItemInfo:
    """What Tautulli stores about the item of a history row."""

    media_type: str
    section_kind: str
    rating_key: int
    parent_rating_key: int | str
    grandparent_rating_key: int | str
    title: str
    parent_title: str
    grandparent_title: str
    full_title: str
    year: int
    media_index: int | str
    parent_media_index: int | str
    guid: str
    originally_available_at: str


def item_info(state: TautulliState, kind: str, item_id: int) -> ItemInfo | None:
    """Return the history metadata of a movie or episode, or None if it never had a key."""
    world = state.world
    if kind == "movie":
        movie = world.movie_by_id[item_id]
        key = state.rating_key("movie", item_id)
        if key is None:
            return None
        return ItemInfo(
            "movie",
            "movie",
            int(key),
            "",
            "",
            movie.title,
            "",
            "",
            movie.title,
            movie.year,
            "",
            "",
            plex_guid(world, "movie", movie.id),
            movie.release_date.isoformat(),
        )
    ep = world.episode_by_id[item_id]
    show = world.show_by_id[ep.show_id]
    key = state.rating_key("episode", item_id)
    season_key = state.rating_key("season", show.id * 1000 + ep.season_number)
    show_key = state.rating_key("show", show.id)
    if key is None or season_key is None or show_key is None:
        return None
    return ItemInfo(
        "episode",
        "show",
        int(key),
        int(season_key),
        int(show_key),
        ep.title,
        f"Season {ep.season_number}",
        show.title,
        f"{show.title} - {ep.title}",
        ep.air_date.year if ep.air_date else show.year,
        ep.episode_number,
        ep.season_number,
        plex_guid(world, "episode", ep.id),
        ep.air_date.isoformat() if ep.air_date else "",
    )


def epoch(moment: datetime) -> int:
    """Return Unix seconds."""
    return int(moment.timestamp())


def human_duration(seconds: int) -> str:
    """Return Tautulli's ``42 days 5 hrs 18 mins`` rendering of a duration."""
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hr{'s' if hours != 1 else ''}")
    if minutes or not parts:
        parts.append(f"{minutes} min{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def history_row(state: TautulliState, play: Play, info: ItemInfo) -> dict[str, Any]:
    """Return one ``get_history`` row."""
    user = state.world.user_by_id[play.user_id]
    played = max(0, epoch(play.stopped_at) - epoch(play.started_at))
    percent = round(play.view_offset_ms / max(1, play.duration_ms) * 100)
    if percent >= WATCHED_PERCENT:
        watched: float = 1
    elif percent >= WATCHED_PERCENT / 2:
        watched = 0.5
    else:
        watched = 0
    return {
        "reference_id": play.id,
        "row_id": play.id,
        "id": play.id,
        "date": epoch(play.started_at),
        "started": epoch(play.started_at),
        "stopped": epoch(play.stopped_at),
        "duration": played,
        "play_duration": played,
        "paused_counter": 0,
        "user_id": user.plex_account_id,
        "user": user.username,
        "friendly_name": user.display_name,
        "ip_address": f"10.0.0.{10 + user.id}",
        "live": 0,
        "platform": play.platform,
        "product": f"Plex for {play.platform}",
        "player": play.player,
        "rating_key": info.rating_key,
        "parent_rating_key": info.parent_rating_key,
        "grandparent_rating_key": info.grandparent_rating_key,
        "full_title": info.full_title,
        "title": info.title,
        "parent_title": info.parent_title,
        "grandparent_title": info.grandparent_title,
        "original_title": "",
        "year": info.year,
        "media_index": info.media_index,
        "parent_media_index": info.parent_media_index,
        "thumb": f"/library/metadata/{info.rating_key}/thumb/{epoch(play.started_at)}",
        "originally_available_at": info.originally_available_at,
        "guid": info.guid,
        "transcode_decision": "direct play",
        "percent_complete": percent,
        "watched_status": watched,
        "group_count": 1,
        "group_ids": str(play.id),
        "state": None,
        "session_key": None,
        "location": "lan",
        "secure": 1,
        "relayed": 0,
        "machine_id": f"{state.server.machine_id[:18]}{user.id:02d}",
        "media_type": info.media_type,
    }


def _int_param(params: dict[str, str], name: str) -> int | None:
    raw = params.get(name, "")
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError as err:
        raise HistoryError(name) from err


def _day(params: dict[str, str], name: str) -> str | None:
    raw = params.get(name, "")
    if not raw:
        return None
    try:
        datetime.strptime(raw, "%Y-%m-%d")
    except ValueError as err:
        raise HistoryError(name) from err
    return raw


def history_rows(state: TautulliState) -> list[dict[str, Any]]:
    """Return every history row of this server, oldest first."""
    rows = []
    for play in state.world.plays:
        if play.server_id != state.server.id:
            continue
        info = item_info(state, play.item_kind, play.item_id)
        if info is not None:
            row = history_row(state, play, info)
            row["section_id"] = int(state.section_id(info.section_kind))
            rows.append(row)
    return rows


def get_history(state: TautulliState, params: dict[str, str]) -> dict[str, Any]:
    """Return ``get_history``'s data: filtered, ordered and paged rows."""
    every = history_rows(state)
    rows = list(every)
    for name in ("user_id", "rating_key", "parent_rating_key", "grandparent_rating_key"):
        value = _int_param(params, name)
        if value is not None:
            rows = [r for r in rows if r[name] == value]
    section = _int_param(params, "section_id")
    if section is not None:
        rows = [r for r in rows if r["section_id"] == section]
    if params.get("user"):
        rows = [r for r in rows if params["user"] in {r["user"], r["friendly_name"]}]
    if params.get("media_type"):
        rows = [r for r in rows if r["media_type"] == params["media_type"]]
    if params.get("guid"):
        rows = [r for r in rows if r["guid"] == params["guid"].split("?")[0]]
    if params.get("search"):
        rows = [r for r in rows if params["search"].lower() in r["full_title"].lower()]
    on, after, before = _day(params, "start_date"), _day(params, "after"), _day(params, "before")
    if on or after or before:

        def day_of(row: dict[str, Any]) -> str:
            return datetime.fromtimestamp(row["started"], UTC).date().isoformat()

        rows = [
            r
            for r in rows
            if (not on or day_of(r) == on)
            and (not after or day_of(r) >= after)
            and (not before or day_of(r) <= before)
        ]
    column = params.get("order_column") or "date"
    column = column if column in ORDER_COLUMNS else "date"
    descending = (params.get("order_dir") or "desc").lower() != "asc"
    rows.sort(key=lambda r: (r[column], r["row_id"]), reverse=descending)
    start = _int_param(params, "start") or 0
    length = _int_param(params, "length")
    length = 25 if length is None else length
    page = rows[start : start + length] if length >= 0 else rows[start:]
    for row in page:
        del row["section_id"]
    return {
        "recordsFiltered": len(rows),
        "recordsTotal": len(every),
        "data": page,
        "draw": _int_param(params, "draw") or 1,
        "filter_duration": human_duration(sum(r["play_duration"] for r in rows)),
        "total_duration": human_duration(sum(r["play_duration"] for r in every)),
    }
