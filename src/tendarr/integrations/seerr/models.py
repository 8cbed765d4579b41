"""Read Overseerr/Jellyseerr JSON: users, requests, media rows and the page envelope.

Both apps are the same Express/TypeORM server: camelCase keys, ``null`` for unset
columns, timestamps like ``2020-09-12T10:00:27.000Z``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tendarr.integrations.arr.fields import (
    Json,
    MalformedPayload,
    objects,
    opt_datetime,
    opt_int,
    opt_object,
    opt_str,
    require_int,
)
from tendarr.ports.requests import Requester, TitleRequest


def parse_user(body: Json) -> Requester:
    """Read a ``User``."""
    return Requester(
        seerr_id=require_int(body, "id"),
        email=opt_str(body, "email"),
        username=opt_str(body, "username"),
        plex_username=opt_str(body, "plexUsername"),
        jellyfin_username=opt_str(body, "jellyfinUsername"),
        display_name=opt_str(body, "displayName"),
        plex_id=opt_int(body, "plexId"),
        jellyfin_user_id=opt_str(body, "jellyfinUserId"),
    )


def parse_request(body: Json) -> TitleRequest:
    """Read a ``MediaRequest`` with its ``requestedBy`` and ``media``."""
    kind = opt_str(body, "type")
    if kind not in {"movie", "tv"}:
        raise MalformedPayload(f"type is {kind!r}, not movie or tv")
    requested_by = opt_object(body, "requestedBy")
    if requested_by is None:
        raise MalformedPayload("requestedBy is missing")
    media = opt_object(body, "media") or {}
    created = opt_datetime(body, "createdAt")
    if created is None:
        raise MalformedPayload("createdAt is missing")
    seasons = tuple(require_int(season, "seasonNumber") for season in objects(body, "seasons"))
    return TitleRequest(
        id=require_int(body, "id"),
        media_type="movie" if kind == "movie" else "tv",
        tmdb_id=opt_int(media, "tmdbId") or None,
        tvdb_id=opt_int(media, "tvdbId") or None,
        status=require_int(body, "status"),
        created_at=created,
        updated_at=opt_datetime(body, "updatedAt"),
        requester=parse_user(requested_by),
        media_id=opt_int(media, "id"),
        media_status=opt_int(media, "status"),
        media_added_at=opt_datetime(media, "mediaAddedAt"),
        seasons=seasons,
    )


@dataclass(frozen=True)
class Page:
    """A ``{pageInfo, results}`` envelope."""

    total: int
    results: list[Json]

    @classmethod
    def parse(cls, body: Json) -> Page:
        """Read the envelope; every result must be an object."""
        info = opt_object(body, "pageInfo")
        if info is None:
            raise MalformedPayload("pageInfo is missing")
        return cls(total=require_int(info, "results"), results=objects(body, "results"))


def describe(body: Any) -> str:
    """Return how to name an item in an error."""
    if isinstance(body, dict) and isinstance(body.get("id"), int):
        return f"id {body['id']}"
    return "without an id"
