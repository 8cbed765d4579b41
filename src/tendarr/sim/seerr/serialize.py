"""Overseerr/Jellyseerr JSON: users, media rows, requests and the page envelope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tendarr.sim.model import MediaRequest, User
from tendarr.sim.seerr.state import MediaRecord, SeerrState

USER_EPOCH = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def stamp(moment: datetime | None) -> str | None:
    """Return a TypeORM timestamp as Express sends it: ``2020-09-12T10:00:27.000Z``."""
    if moment is None:
        return None
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def user_json(state: SeerrState, user: User, *, request_count: bool = False) -> dict[str, Any]:
    """Return a ``User`` entity as the API serialises it."""
    created = USER_EPOCH + timedelta(hours=user.id)
    jelly = state.flavour == "jellyseerr"
    body: dict[str, Any] = {
        "permissions": state.permissions(user),
        "id": user.id,
        "email": user.email,
        "plexUsername": None if jelly else user.username,
        "username": None,
        "recoveryLinkExpirationDate": None,
        "userType": 3 if jelly else 1,
        "plexId": None if jelly else user.plex_account_id,
        "avatar": (
            f"/avatarproxy/{user.jellyfin_id}"
            if jelly
            else f"https://plex.tv/users/{user.plex_uuid}/avatar?c=1700000000"
        ),
        "movieQuotaLimit": None,
        "movieQuotaDays": None,
        "tvQuotaLimit": None,
        "tvQuotaDays": None,
        "createdAt": stamp(created),
        "updatedAt": stamp(created),
    }
    if jelly:
        body["jellyfinUsername"] = user.username
        body["jellyfinUserId"] = user.jellyfin_id
    if request_count:
        body["requestCount"] = sum(1 for r in state.world.requests if r.user_id == user.id)
    body["displayName"] = user.username
    return body


def media_json(
    state: SeerrState, record: MediaRecord, *, with_requests: bool = False
) -> dict[str, Any]:
    """Return a ``Media`` row (``mediaInfo``), with its requests when loaded."""
    world = state.world
    jelly = state.flavour == "jellyseerr"
    server = next((s for s in world.servers if s.kind == ("jellyfin" if jelly else "plex")), None)
    native_kind = "movie" if record.kind == "movie" else "show"
    native = server.native_ids.get((native_kind, record.item_id)) if server else None
    if record.kind == "movie":
        movie = world.movie_by_id[record.item_id]
        tmdb_id, tvdb_id, imdb_id = movie.tmdb_id, None, movie.imdb_id
        service_id = 0 if movie.radarr else None
        external = movie.radarr.arr_id if movie.radarr else None
        seasons: list[dict[str, Any]] = []
    else:
        show = world.show_by_id[record.item_id]
        tmdb_id, tvdb_id, imdb_id = show.tmdb_id, show.tvdb_id, show.imdb_id
        service_id = 0 if show.sonarr else None
        external = show.sonarr.arr_id if show.sonarr else None
        seasons = [_season_row(state, record, n) for n in (s.number for s in show.seasons)]
    body: dict[str, Any] = {
        "downloadStatus": [],
        "downloadStatus4k": [],
        "id": record.id,
        "mediaType": "movie" if record.kind == "movie" else "tv",
        "tmdbId": tmdb_id,
        "tvdbId": tvdb_id,
        "imdbId": imdb_id,
        "status": state.status(record),
        "status4k": record.forced4k or 1,
        "createdAt": stamp(record.created_at),
        "updatedAt": stamp(record.updated_at),
        "lastSeasonChange": stamp(record.created_at),
        "mediaAddedAt": stamp(record.media_added_at),
        "serviceId": service_id,
        "serviceId4k": None,
        "externalServiceId": external,
        "externalServiceId4k": None,
        "externalServiceSlug": None,
        "externalServiceSlug4k": None,
        "ratingKey": None if jelly else native,
        "ratingKey4k": None,
    }
    if jelly:
        body["jellyfinMediaId"] = native
        body["jellyfinMediaId4k"] = None
    body["seasons"] = seasons
    if with_requests:
        key = (record.kind, record.item_id)
        body["requests"] = [request_json(state, r, media=False) for r in state.requests_for(key)]
    return body


def _season_row(state: SeerrState, record: MediaRecord, number: int) -> dict[str, Any]:
    show = state.world.show_by_id[record.item_id]
    season = next(s for s in show.seasons if s.number == number)
    today = state.world.now.date()
    aired = [e for e in season.episodes if e.air_date and e.air_date <= today]
    have = [e for e in aired if e.file is not None]
    status = 5 if aired and len(have) == len(aired) else 4 if have else 1
    return {
        "id": record.id * 100 + number,
        "seasonNumber": number,
        "status": status,
        "status4k": 1,
        "createdAt": stamp(record.created_at),
        "updatedAt": stamp(record.updated_at),
    }


def request_json(
    state: SeerrState, request: MediaRequest, *, media: bool = True, season_count: bool = False
) -> dict[str, Any]:
    """Return a ``MediaRequest`` with its requester, modifier, seasons and media."""
    extra = state.extras.get(request.id)
    modified = extra.modified_by if extra else None
    if modified is None and request.status != 1 and extra is None:
        modified = next(u.id for u in state.world.users if u.kind == "owner")
    body: dict[str, Any] = {
        "id": request.id,
        "status": request.status,
        "createdAt": stamp(request.created_at),
        "updatedAt": stamp(request.updated_at),
        "type": "movie" if request.kind == "movie" else "tv",
        "is4k": request.is4k,
        "serverId": extra.server_id if extra else None,
        "profileId": extra.profile_id if extra else None,
        "rootFolder": extra.root_folder if extra else None,
        "languageProfileId": extra.language_profile_id if extra else None,
        "tags": list(extra.tags) if extra else None,
        "isAutoRequest": False,
    }
    record = state.media.get((request.kind, request.item_id))
    if media and record is not None:
        body["media"] = media_json(state, record)
    body["seasons"] = [
        {
            "id": request.id * 100 + n,
            "seasonNumber": n,
            "status": request.status,
            "createdAt": stamp(request.created_at),
            "updatedAt": stamp(request.updated_at),
        }
        for n in request.seasons
    ]
    body["modifiedBy"] = (
        user_json(state, state.world.user_by_id[modified]) if modified is not None else None
    )
    body["requestedBy"] = user_json(state, state.world.user_by_id[request.user_id])
    if season_count:
        body["seasonCount"] = len(request.seasons)
    return body


def page(results: list[Any], total: int, take: int, skip: int) -> dict[str, Any]:
    """Return ``{pageInfo, results}`` with Overseerr's arithmetic."""
    size = take if take > 0 else max(total, 1)
    return {
        "pageInfo": {
            "pages": -(-total // size),
            "pageSize": take,
            "results": total,
            "page": -(-skip // size) + 1,
        },
        "results": results,
    }
