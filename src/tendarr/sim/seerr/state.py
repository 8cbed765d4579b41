"""Overseerr/Jellyseerr's own records over the World: media rows, request extras, webhooks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from tendarr.sim.model import MediaKind, MediaRequest, User
from tendarr.sim.world import World, WorldEvent

Flavour = Literal["overseerr", "jellyseerr"]
ItemKey = tuple[MediaKind, int]

# MediaStatus (server/constants/media.ts)
UNKNOWN, PENDING, PROCESSING, PARTIALLY_AVAILABLE, AVAILABLE = 1, 2, 3, 4, 5
STATUS_NAMES = {
    1: "UNKNOWN",
    2: "PENDING",
    3: "PROCESSING",
    4: "PARTIALLY_AVAILABLE",
    5: "AVAILABLE",
}
# MediaRequestStatus
REQ_PENDING, REQ_APPROVED, REQ_DECLINED, REQ_FAILED = 1, 2, 3, 4
# Permission bits (server/lib/permissions.ts)
ADMIN, MANAGE_REQUESTS, REQUEST, AUTO_APPROVE = 2, 16, 32, 128


class SeerrError(Exception):
    """An error the routes answer as ``{"message": ...}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class MediaRecord:
    """A row of Overseerr's ``media`` table."""

    id: int
    kind: MediaKind
    item_id: int
    created_at: datetime
    updated_at: datetime
    media_added_at: datetime | None = None
    sent: bool = False  # handed to Radarr/Sonarr and not yet available
    forced: int | None = None  # set by POST /media/{id}/{status} until the World moves
    forced4k: int | None = None


@dataclass
class RequestExtra:
    """Request columns the World does not hold."""

    modified_by: int | None = None
    server_id: int | None = None
    profile_id: int | None = None
    root_folder: str | None = None
    language_profile_id: int | None = None
    tags: list[int] = field(default_factory=list)


@dataclass
class Webhook:
    """The webhook notification agent's settings."""

    url: str
    authorization: str | None = None
    template: dict[str, Any] | None = None
    enabled: bool = True
    types: int = 4318  # every MEDIA_* bit of NOTIFICATION_BITS


# Notification bits (server/lib/notifications/index.ts): the agent's ``types`` mask.
NOTIFICATION_BITS = {
    "MEDIA_PENDING": 2,
    "MEDIA_APPROVED": 4,
    "MEDIA_AVAILABLE": 8,
    "MEDIA_FAILED": 16,
    "TEST_NOTIFICATION": 32,
    "MEDIA_DECLINED": 64,
    "MEDIA_AUTO_APPROVED": 128,
    "ISSUE_CREATED": 256,
    "ISSUE_COMMENT": 512,
    "ISSUE_RESOLVED": 1024,
    "ISSUE_REOPENED": 2048,
    "MEDIA_AUTO_REQUESTED": 4096,
}


@dataclass
class SeerrState:
    """One Overseerr or Jellyseerr instance's state, derived from and tied to a World."""

    world: World
    flavour: Flavour
    api_key: str
    media: dict[ItemKey, MediaRecord] = field(default_factory=dict)
    extras: dict[int, RequestExtra] = field(default_factory=dict)
    webhook: Webhook | None = None
    notify: Callable[[str, MediaRequest | None, MediaRecord], None] | None = None
    _next_media: int = 1

    def __post_init__(self) -> None:
        wanted: dict[ItemKey, datetime] = {}
        for movie in self.world.movies:
            if movie.added_at is not None:
                wanted[("movie", movie.id)] = movie.added_at
        for show in self.world.shows:
            if show.in_library and show.added_at is not None:
                wanted[("show", show.id)] = show.added_at
        for req in self.world.requests:
            key: ItemKey = (req.kind, req.item_id)
            wanted[key] = min(wanted.get(key, req.created_at), req.created_at)
        for key, at in sorted(wanted.items(), key=lambda kv: (kv[1], kv[0])):
            record = self._add(key, at)
            record.media_added_at = self._added_at(key)
            record.sent = any(
                r.status == REQ_APPROVED for r in self.requests_for(key)
            ) and self.status(record) not in {PARTIALLY_AVAILABLE, AVAILABLE}
        self.world.listeners.append(self._on_event)

    # --- lookups --------------------------------------------------------------------
    def _add(self, key: ItemKey, at: datetime) -> MediaRecord:
        record = MediaRecord(self._next_media, key[0], key[1], at, at)
        self._next_media += 1
        self.media[key] = record
        return record

    def _added_at(self, key: ItemKey) -> datetime | None:
        if key[0] == "movie":
            return self.world.movie_by_id[key[1]].added_at
        show = self.world.show_by_id[key[1]]
        return show.added_at if show.in_library else None

    def record_by_id(self, media_id: int) -> MediaRecord | None:
        """Return the media row with internal id ``media_id``."""
        return next((r for r in self.media.values() if r.id == media_id), None)

    def ensure_record(self, key: ItemKey) -> MediaRecord:
        """Return the media row for a title, creating it as a scan or request would."""
        record = self.media.get(key)
        return record if record is not None else self._add(key, self.world.now)

    def requests_for(self, key: ItemKey) -> list[MediaRequest]:
        """Return the requests for a title."""
        return [r for r in self.world.requests if (r.kind, r.item_id) == key]

    def request(self, request_id: int) -> MediaRequest:
        """Return a request or raise 404."""
        found = next((r for r in self.world.requests if r.id == request_id), None)
        if found is None:
            raise SeerrError(404, "Request not found.")
        return found

    def user(self, user_id: int) -> User:
        """Return a user or raise 404."""
        found = self.world.user_by_id.get(user_id)
        if found is None:
            raise SeerrError(404, "User not found.")
        return found

    def permissions(self, user: User) -> int:
        """Return a user's permission bits: the owner is ADMIN, others may REQUEST."""
        return ADMIN if user.kind == "owner" else REQUEST

    def can(self, user: User, bits: int) -> bool:
        """Return whether ``user`` holds ADMIN or any of ``bits``."""
        perms = self.permissions(user)
        return bool(perms & ADMIN) or bool(perms & bits)

    # --- availability ---------------------------------------------------------------
    def status(self, record: MediaRecord) -> int:
        """Return the media status the World implies (5 file, 4 some episodes, 3 sent...)."""
        if record.forced is not None:
            return record.forced
        key: ItemKey = (record.kind, record.item_id)
        if record.kind == "movie":
            if self.world.movie_by_id[record.item_id].file is not None:
                return AVAILABLE
            downloading = any(
                p.kind == "movie" and p.item_id == record.item_id for p in self.world.pending
            )
        else:
            show = self.world.show_by_id[record.item_id]
            today = self.world.now.date()
            aired = [e for e in show.episodes() if e.air_date and e.air_date <= today]
            have = [e for e in aired if e.file is not None]
            if aired and len(have) == len(aired):
                return AVAILABLE
            if have:
                return PARTIALLY_AVAILABLE
            ids = {e.id for e in show.episodes()}
            downloading = any(p.kind == "episode" and p.item_id in ids for p in self.world.pending)
        if downloading or record.sent:
            return PROCESSING
        if any(r.status == REQ_PENDING for r in self.requests_for(key)):
            return PENDING
        return UNKNOWN

    def _on_event(self, event: WorldEvent) -> None:
        kind, item_id = event.data.get("kind"), event.data.get("item_id")
        if event.kind not in {"download.completed", "file.deleted"} or item_id is None:
            return
        key: ItemKey = (
            ("movie", item_id)
            if kind == "movie"
            else ("show", self.world.episode_by_id[item_id].show_id)
        )
        if key in self.media:  # a file came or went: the next scan overrides manual status
            self.media[key].forced = None
        if event.kind == "download.completed":
            record = self.ensure_record(key)
            before = record.sent
            record.media_added_at = record.media_added_at or self.world.now
            record.updated_at = self.world.now
            if self.status(record) == AVAILABLE:
                record.sent = False
                approved = [r for r in self.requests_for(key) if r.status == REQ_APPROVED]
                if before and approved and self.notify is not None:
                    self.notify("MEDIA_AVAILABLE", approved[-1], record)
        elif event.kind == "file.deleted" and key in self.media:
            record = self.media[key]
            record.sent = False
            record.updated_at = self.world.now
            if self.status(record) in {UNKNOWN, PENDING}:
                record.media_added_at = None
