"""The requests port: what cleanup needs from Overseerr or Jellyseerr.

Every listing is complete or raises (``ports/media_server.py`` errors): a request app
that fails mid-way must never read as "nobody requested it" (field notes F1, R2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

RequestMediaType = Literal["movie", "tv"]

# MediaStatus in Overseerr/Jellyseerr (server/constants/media.ts)
MEDIA_AVAILABLE = 5
MEDIA_PARTIALLY_AVAILABLE = 4


@dataclass(frozen=True)
class Requester:
    """An Overseerr/Jellyseerr user as a request names it."""

    seerr_id: int
    email: str | None = None
    username: str | None = None
    plex_username: str | None = None
    jellyfin_username: str | None = None
    display_name: str | None = None
    plex_id: int | None = None  # the plex.tv account id (Overseerr)
    jellyfin_user_id: str | None = None  # the Jellyfin user id (Jellyseerr)

    def names(self) -> tuple[str, ...]:
        """Return every name and the email this user is known by (empty ones left out)."""
        found = (self.username, self.plex_username, self.jellyfin_username, self.email)
        return tuple(name for name in found if name)

    def label(self) -> str:
        """Return how to name this user to an admin."""
        return self.display_name or next(iter(self.names()), None) or f"user {self.seerr_id}"


@dataclass(frozen=True)
class TitleRequest:
    """One request with its requester and the title's media row."""

    id: int
    media_type: RequestMediaType
    tmdb_id: int | None
    tvdb_id: int | None
    status: int  # 1 pending, 2 approved, 3 declined, 4 failed, 5 completed
    created_at: datetime
    updated_at: datetime | None
    requester: Requester
    media_id: int | None = None
    media_status: int | None = None
    media_added_at: datetime | None = None  # when the title became available
    seasons: tuple[int, ...] = ()  # a TV request's seasons (empty: the whole show)


@dataclass(frozen=True)
class RequestAppStatus:
    """What the connection test found."""

    version: str
    acting_user: str  # the user the API key acts as


@dataclass(frozen=True)
class ClearedTitle:
    """What clearing one title did: requests deleted and whether its media row was reset."""

    requests_deleted: int
    media_reset: bool


class RequestsPort(Protocol):
    """One Overseerr or Jellyseerr; no I/O until a method is called."""

    def check(self) -> RequestAppStatus:
        """Return the version and the API key's user (the connection and key test)."""
        ...

    def requests(self) -> list[TitleRequest]:
        """Return every request, reading pages until the total is reached."""
        ...

    def users(self) -> list[Requester]:
        """Return every user, reading pages until the total is reached."""
        ...

    def clear(self, media_type: RequestMediaType, tmdb_id: int) -> ClearedTitle:
        """Delete a title's requests and reset its media row so it can be requested again."""
        ...
