"""Request life cycle: create, approve, decline, edit and delete, reflected in the World."""

from __future__ import annotations

from typing import Any

from tendarr.sim.model import MediaKind, MediaRequest, User
from tendarr.sim.seerr.state import (
    AUTO_APPROVE,
    AVAILABLE,
    MANAGE_REQUESTS,
    PARTIALLY_AVAILABLE,
    PENDING,
    PROCESSING,
    REQ_APPROVED,
    REQ_DECLINED,
    REQ_PENDING,
    ItemKey,
    MediaRecord,
    RequestExtra,
    SeerrError,
    SeerrState,
)


def _resolve(state: SeerrState, media_type: str, tmdb_id: int) -> ItemKey:
    world = state.world
    if media_type == "movie":
        movie = world.movie_by_tmdb.get(tmdb_id)
        if movie is None:
            raise SeerrError(500, "Request failed: The requested resource could not be found.")
        return ("movie", movie.id)
    show = world.show_by_tmdb.get(tmdb_id)
    if show is None:
        raise SeerrError(500, "Request failed: The requested resource could not be found.")
    return ("show", show.id)


def _send(state: SeerrState, request: MediaRequest, record: MediaRecord) -> None:
    """Hand an approved request to Radarr/Sonarr: the World starts downloading."""
    world = state.world
    record.sent = True
    if request.kind == "movie":
        movie = world.movie_by_id[request.item_id]
        if movie.file is None and not any(
            p.kind == "movie" and p.item_id == movie.id for p in world.pending
        ):
            world.schedule_download("movie", movie.id)
        return
    show = world.show_by_id[request.item_id]
    today = world.now.date()
    queued = {p.item_id for p in world.pending if p.kind == "episode"}
    for ep in show.episodes():
        wanted = not request.seasons or ep.season_number in request.seasons
        aired = ep.air_date is not None and ep.air_date <= today
        if wanted and aired and ep.file is None and ep.id not in queued:
            world.schedule_download("episode", ep.id)


def _seasons(state: SeerrState, key: ItemKey, asked: Any) -> list[int]:
    show = state.world.show_by_id[key[1]]
    numbers = [s.number for s in show.seasons if s.number > 0]
    if asked == "all" or asked is None:
        wanted = numbers
    elif isinstance(asked, list) and all(isinstance(n, int | float) for n in asked):
        wanted = [int(n) for n in asked if int(n) in numbers]
    else:
        raise SeerrError(400, "request/body/seasons must match exactly one schema in oneOf")
    taken = {
        n
        for r in state.requests_for(key)
        if r.status in {REQ_PENDING, REQ_APPROVED}
        for n in (r.seasons or numbers)
    }
    have = {
        s.number
        for s in show.seasons
        if s.episodes and all(e.file is not None for e in s.episodes if e.air_date)
    }
    return [n for n in wanted if n not in taken and n not in have]


def create_request(state: SeerrState, actor: User, body: dict[str, Any]) -> MediaRequest:
    """Create a request the way ``POST /request`` does; admins' are approved at once."""
    media_type, media_id = body.get("mediaType"), body.get("mediaId")
    if media_type not in {"movie", "tv"}:
        raise SeerrError(400, "request/body must have required property 'mediaType'")
    if not isinstance(media_id, int | float):
        raise SeerrError(400, "request/body must have required property 'mediaId'")
    world = state.world
    requester = actor
    if body.get("userId") is not None and state.can(actor, MANAGE_REQUESTS):
        requester = state.user(int(body["userId"]))
    key = _resolve(state, media_type, int(media_id))
    record = state.media.get(key)
    is4k = bool(body.get("is4k", False))
    seasons: list[int] = []
    if media_type == "movie":
        busy = record is not None and state.status(record) in {
            PENDING,
            PROCESSING,
            PARTIALLY_AVAILABLE,
            AVAILABLE,
        }
        if busy or any(r.status != REQ_DECLINED for r in state.requests_for(key) if not r.is4k):
            raise SeerrError(409, "Request for this media already exists.")
    else:
        seasons = _seasons(state, key, body.get("seasons"))
        if not seasons:
            raise SeerrError(202, "No seasons available to request")
    record = state.ensure_record(key)
    auto = state.can(requester, AUTO_APPROVE)
    kind: MediaKind = key[0]
    request = MediaRequest(
        id=max((r.id for r in world.requests), default=0) + 1,
        user_id=requester.id,
        kind=kind,
        item_id=key[1],
        status=REQ_APPROVED if auto else REQ_PENDING,
        created_at=world.now,
        updated_at=world.now,
        seasons=seasons,
        is4k=is4k,
    )
    world.requests.append(request)
    state.extras[request.id] = RequestExtra(
        modified_by=requester.id if auto else None,
        server_id=body.get("serverId"),
        profile_id=body.get("profileId"),
        root_folder=body.get("rootFolder"),
        language_profile_id=body.get("languageProfileId"),
        tags=list(body.get("tags") or []),
    )
    record.updated_at = world.now
    if auto:
        _send(state, request, record)
    if state.notify is not None:
        state.notify("MEDIA_AUTO_APPROVED" if auto else "MEDIA_PENDING", request, record)
    return request


def set_status(state: SeerrState, actor: User, request: MediaRequest, action: str) -> None:
    """Approve or decline a request (``POST /request/{id}/{status}``)."""
    record = state.ensure_record((request.kind, request.item_id))
    request.status = REQ_APPROVED if action == "approve" else REQ_DECLINED
    request.updated_at = state.world.now
    state.extras.setdefault(request.id, RequestExtra()).modified_by = actor.id
    record.updated_at = state.world.now
    if action == "approve":
        _send(state, request, record)
    if state.notify is not None:
        kind = "MEDIA_APPROVED" if action == "approve" else "MEDIA_DECLINED"
        state.notify(kind, request, record)


def update_request(
    state: SeerrState, actor: User, request: MediaRequest, body: dict[str, Any]
) -> None:
    """Apply ``PUT /request/{id}``: seasons, target server and owner."""
    if body.get("mediaType") not in {"movie", "tv"}:
        raise SeerrError(400, "request/body must have required property 'mediaType'")
    extra = state.extras.setdefault(request.id, RequestExtra())
    if request.kind == "show" and isinstance(body.get("seasons"), list):
        request.seasons = [int(n) for n in body["seasons"]]
    for field_name, key in (
        ("server_id", "serverId"),
        ("profile_id", "profileId"),
        ("root_folder", "rootFolder"),
        ("language_profile_id", "languageProfileId"),
    ):
        if key in body:
            setattr(extra, field_name, body[key])
    if body.get("userId") is not None:
        request.user_id = state.user(int(body["userId"])).id
    extra.modified_by = actor.id
    request.updated_at = state.world.now


def delete_request(state: SeerrState, actor: User, request: MediaRequest) -> None:
    """Delete a request; users may delete their own pending ones, managers any."""
    own_pending = request.user_id == actor.id and request.status == REQ_PENDING
    if not own_pending and not state.can(actor, MANAGE_REQUESTS):
        raise SeerrError(401, "You do not have permission to delete this request.")
    state.world.requests.remove(request)
    state.extras.pop(request.id, None)


def delete_media(state: SeerrState, record: MediaRecord) -> None:
    """Delete a media row and, by cascade, its requests; files are untouched."""
    key: ItemKey = (record.kind, record.item_id)
    for request in state.requests_for(key):
        state.world.requests.remove(request)
        state.extras.pop(request.id, None)
    del state.media[key]


def delete_media_file(state: SeerrState, record: MediaRecord) -> None:
    """Delete a title's files through Radarr/Sonarr (Jellyseerr ``DELETE /media/{id}/file``)."""
    world = state.world
    if record.kind == "movie":
        world.delete_file("movie", record.item_id)
        return
    for ep in world.show_by_id[record.item_id].episodes():
        if ep.file is not None:
            world.delete_file("episode", ep.id)


MANUAL_STATUSES = {"available": 5, "partial": 4, "processing": 3, "pending": 2, "unknown": 1}


def force_status(state: SeerrState, record: MediaRecord, status: str, is4k: bool) -> None:
    """Set a media row's availability by hand (``POST /media/{id}/{status}``)."""
    value = MANUAL_STATUSES[status]
    if is4k:
        record.forced4k = value
    else:
        record.forced = value
    record.updated_at = state.world.now
