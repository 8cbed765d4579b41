"""``get_metadata``, ``get_users`` and ``get_activity`` over the World."""

from __future__ import annotations

from typing import Any

from tendarr.sim.model import MediaFile
from tendarr.sim.tautulli.history import epoch, item_info
from tendarr.sim.tautulli.state import TautulliState, plex_guid


def _stamp(value: object) -> str:
    return "" if value is None else str(value)


def _media_info(state: TautulliState, file: MediaFile) -> list[dict[str, Any]]:
    video = file.video
    resolution = {2160: "4k", 1080: "1080", 720: "720"}.get(video.height, "sd")
    streams: list[dict[str, Any]] = [
        {
            "id": str(file.id * 10 + 1),
            "type": "1",
            "video_bit_depth": str(video.bit_depth),
            "video_bitrate": str(video.bitrate_kbps),
            "video_codec": video.codec,
            "video_dynamic_range": "HDR" if video.dynamic_range != "SDR" else "SDR",
            "video_dovi_present": int(video.dynamic_range == "DV"),
            "video_dovi_profile": video.dv_profile or 0,
            "video_frame_rate": str(video.frame_rate),
            "video_height": str(video.height),
            "video_width": str(video.width),
            "video_profile": video.profile.lower(),
            "selected": 0,
        }
    ]
    for n, audio in enumerate(file.audio):
        streams.append(
            {
                "id": str(file.id * 10 + 2 + n),
                "type": "2",
                "audio_channels": str(audio.channels),
                "audio_codec": audio.codec,
                "audio_language_code": audio.language,
                "audio_profile": audio.profile or "",
                "selected": int(audio.default),
            }
        )
    return [
        {
            "id": str(file.id),
            "container": file.container,
            "bitrate": str(video.bitrate_kbps),
            "height": str(video.height),
            "width": str(video.width),
            "video_codec": video.codec,
            "video_resolution": resolution,
            "video_full_resolution": f"{resolution}p" if resolution.isdigit() else resolution,
            "video_profile": video.profile.lower(),
            "audio_codec": file.audio[0].codec if file.audio else "",
            "audio_channels": str(file.audio[0].channels) if file.audio else "",
            "optimized_version": 0,
            "parts": [
                {
                    "id": str(file.id),
                    "file": state.server.server_path(file.path),
                    "file_size": str(file.size),
                    "indexes": 0,
                    "streams": streams,
                }
            ],
        }
    ]


def get_metadata(state: TautulliState, rating_key: str) -> dict[str, Any]:
    """Return ``get_metadata`` for a ratingKey this Plex server has now (else ``{}``)."""
    world = state.world
    found = world.resolve_native(state.server.id, rating_key)
    if found is None:
        return {}
    kind, item_id = found
    base: dict[str, Any] = {"rating_key": rating_key, "live": 0, "labels": [], "collections": []}
    if kind == "movie":
        movie = world.movie_by_id[item_id]
        base.update(
            {
                "media_type": "movie",
                "section_id": state.section_id("movie"),
                "library_name": state.library_name("movie"),
                "title": movie.title,
                "full_title": movie.title,
                "year": str(movie.year),
                "guid": plex_guid(world, "movie", movie.id),
                "guids": [f"imdb://{movie.imdb_id}", f"tmdb://{movie.tmdb_id}"],
                "summary": movie.overview,
                "studio": movie.studio,
                "content_rating": movie.content_rating,
                "audience_rating": str(movie.tmdb_rating),
                "genres": list(movie.genres),
                "actors": [c.name for c in movie.cast],
                "directors": [c.name for c in movie.crew if c.job == "Director"],
                "writers": [c.name for c in movie.crew if c.department == "Writing"],
                "originally_available_at": movie.release_date.isoformat(),
                "added_at": _stamp(epoch(movie.added_at) if movie.added_at else None),
                "duration": str(movie.file.duration_ms) if movie.file else "",
                "media_info": _media_info(state, movie.file) if movie.file else [],
            }
        )
        if movie.collection is not None:
            base["collections"] = [movie.collection[1]]
        return _finish(state, base)
    if kind == "episode":
        ep = world.episode_by_id[item_id]
        show = world.show_by_id[ep.show_id]
        info = item_info(state, "episode", item_id)
        assert info is not None
        base.update(
            {
                "media_type": "episode",
                "section_id": state.section_id("show"),
                "library_name": state.library_name("show"),
                "title": ep.title,
                "full_title": info.full_title,
                "year": str(info.year),
                "guid": info.guid,
                "guids": [f"tmdb://{ep.tmdb_id}", f"tvdb://{ep.tvdb_id}"],
                "parent_rating_key": str(info.parent_rating_key),
                "grandparent_rating_key": str(info.grandparent_rating_key),
                "parent_title": info.parent_title,
                "grandparent_title": show.title,
                "media_index": str(ep.episode_number),
                "parent_media_index": str(ep.season_number),
                "grandparent_guid": plex_guid(world, "show", show.id),
                "grandparent_guids": [
                    f"imdb://{show.imdb_id}",
                    f"tmdb://{show.tmdb_id}",
                    f"tvdb://{show.tvdb_id}",
                ],
                "summary": ep.overview,
                "content_rating": show.content_rating,
                "originally_available_at": info.originally_available_at,
                "added_at": _stamp(epoch(ep.file.added_at) if ep.file else None),
                "duration": str(ep.file.duration_ms) if ep.file else "",
                "media_info": _media_info(state, ep.file) if ep.file else [],
            }
        )
        return _finish(state, base)
    if kind == "show":
        show = world.show_by_id[item_id]
        base.update(
            {
                "media_type": "show",
                "section_id": state.section_id("show"),
                "library_name": state.library_name("show"),
                "title": show.title,
                "full_title": show.title,
                "year": str(show.year),
                "guid": plex_guid(world, "show", show.id),
                "guids": [
                    f"imdb://{show.imdb_id}",
                    f"tmdb://{show.tmdb_id}",
                    f"tvdb://{show.tvdb_id}",
                ],
                "summary": show.overview,
                "studio": show.network,
                "content_rating": show.content_rating,
                "genres": list(show.genres),
                "actors": [c.name for c in show.cast],
                "originally_available_at": show.first_air_date.isoformat(),
                "added_at": _stamp(epoch(show.added_at) if show.added_at else None),
                "media_info": [],
            }
        )
        return _finish(state, base)
    return {}


def _finish(state: TautulliState, body: dict[str, Any]) -> dict[str, Any]:
    key = body["rating_key"]
    plays = [p for p in state.world.plays if p.server_id == state.server.id]
    seen = [
        p.stopped_at
        for p in plays
        if state.rating_key(p.item_kind, p.item_id) == key and p.completed
    ]
    body.setdefault("parent_rating_key", "")
    body.setdefault("grandparent_rating_key", "")
    body.setdefault("parent_title", "")
    body.setdefault("grandparent_title", "")
    body["thumb"] = f"/library/metadata/{key}/thumb/{body['added_at'] or 0}"
    body["last_viewed_at"] = _stamp(epoch(max(seen)) if seen else None)
    body["updated_at"] = body["added_at"]
    body["original_title"] = ""
    body["sort_title"] = body["title"]
    body["user_rating"] = ""
    return body


def get_users(state: TautulliState) -> list[dict[str, Any]]:
    """Return ``get_users``: the Local user plus everyone sharing this server."""
    sections = [lib.key for lib in state.server.libraries]
    rows: list[dict[str, Any]] = [_user_row(0, "0", "Local", "", "", admin=0, home=0, libs=[])]
    for n, user in enumerate(state.users(), start=1):
        rows.append(
            _user_row(
                n,
                str(user.plex_account_id),
                user.username,
                user.email,
                f"https://plex.tv/users/{user.plex_uuid}/avatar",
                admin=int(user.kind == "owner"),
                home=int(user.kind in {"owner", "home", "managed"}),
                libs=sections,
            )
        )
    return rows


def _user_row(
    row_id: int,
    user_id: str,
    username: str,
    email: str,
    thumb: str,
    *,
    admin: int,
    home: int,
    libs: list[str],
) -> dict[str, Any]:
    return {
        "allow_guest": 0,
        "do_notify": 1,
        "email": email,
        "filter_all": "",
        "filter_movies": "",
        "filter_music": "",
        "filter_photos": "",
        "filter_tv": "",
        "is_active": 1,
        "is_admin": admin,
        "is_allow_sync": 1,
        "is_home_user": home,
        "is_restricted": 0,
        "keep_history": 1,
        "row_id": row_id,
        "shared_libraries": libs,
        "thumb": thumb,
        "user_id": user_id,
        "username": username,
    }


def get_activity(state: TautulliState) -> dict[str, Any]:
    """Return ``get_activity``: the sessions a test has started."""
    sessions = []
    for s in state.sessions:
        info = item_info(state, s.kind, s.item_id)
        user = state.world.user_by_id[s.user_id]
        if info is None:
            continue
        file = (
            state.world.movie_by_id[s.item_id].file
            if s.kind == "movie"
            else state.world.episode_by_id[s.item_id].file
        )
        duration = file.duration_ms if file else 0
        sessions.append(
            {
                "session_key": str(s.session_key),
                "session_id": f"sim{s.session_key:021d}",
                "state": s.state,
                "media_type": info.media_type,
                "rating_key": str(info.rating_key),
                "parent_rating_key": str(info.parent_rating_key),
                "grandparent_rating_key": str(info.grandparent_rating_key),
                "title": info.title,
                "parent_title": info.parent_title,
                "grandparent_title": info.grandparent_title,
                "full_title": info.full_title,
                "guid": info.guid,
                "media_index": str(info.media_index),
                "parent_media_index": str(info.parent_media_index),
                "section_id": state.section_id(info.section_kind),
                "library_name": state.library_name(info.section_kind),
                "year": str(info.year),
                "duration": str(duration),
                "view_offset": str(s.view_offset_ms),
                "progress_percent": str(int(s.view_offset_ms / max(1, duration) * 100)),
                "user": user.username,
                "user_id": user.plex_account_id,
                "username": user.username,
                "friendly_name": user.display_name,
                "email": user.email,
                "player": "Apple TV",
                "platform": "tvOS",
                "product": "Plex for Apple TV",
                "file": state.server.server_path(file.path) if file else "",
                "file_size": str(file.size) if file else "",
                "container": file.container if file else "",
                "video_codec": file.video.codec if file else "",
                "transcode_decision": "direct play",
                "location": "lan",
                "local": "1",
                "ip_address": f"10.0.0.{10 + user.id}",
                "bandwidth": str(file.video.bitrate_kbps if file else 0),
                "live": 0,
            }
        )
    total = sum(int(str(x["bandwidth"])) for x in sessions)
    return {
        "lan_bandwidth": total,
        "sessions": sessions,
        "stream_count": str(len(sessions)),
        "stream_count_direct_play": len(sessions),
        "stream_count_direct_stream": 0,
        "stream_count_transcode": 0,
        "total_bandwidth": total,
        "wan_bandwidth": 0,
    }
