"""What a simulated Plex Media Server keeps beyond the World: sessions, collections, prefs."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from tendarr.sim.model import MediaFile, MediaServer, User
from tendarr.sim.plex.webhooks import WebhookOutbox
from tendarr.sim.world import World, WorldEvent

SessionState = Literal["playing", "paused", "buffering", "stopped"]

DEFAULT_PREFS: dict[str, str | bool | int] = {
    "FriendlyName": "",
    "allowMediaDeletion": True,
    "GenerateBIFBehavior": "scheduled",
    "GenerateBIFFrameInterval": 2,
    "GenerateBIFKeyframesOnly": True,
    "ScheduledLibraryUpdatesEnabled": False,
    "FSEventLibraryUpdatesEnabled": True,
}


@dataclass
class NowPlaying:
    """A playback in progress, as ``/status/sessions`` reports it."""

    session_key: int
    user_id: int
    kind: Literal["movie", "episode"]
    item_id: int
    started_at: datetime
    view_offset_ms: int
    state: SessionState = "playing"
    player: str = "Apple TV"
    platform: str = "tvOS"
    client_id: str = ""


@dataclass
class Collection:
    """A manual collection in one library section."""

    rating_key: str
    section_key: str
    title: str
    added_at: datetime
    items: list[str] = field(default_factory=list)  # member ratingKeys in order


@dataclass
class Hub:
    """A custom hub made from a collection, with where it is promoted."""

    identifier: str  # ``custom.collection.<section>.<collection ratingKey>``
    section_key: str
    collection_key: str
    title: str
    promoted_to_recommended: bool = False
    promoted_to_own_home: bool = False
    promoted_to_shared_home: bool = False


@dataclass
class Notification:
    """One server-sent event: its ``event:`` type and unwrapped ``data`` payload."""

    type: str
    data: dict[str, Any]


class NotificationBus:
    """Fan notifications out to every open event stream (thread-safe)."""

    def __init__(self) -> None:
        self.history: list[Notification] = []
        self._subscribers: list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Notification]]] = []

    def subscribe(self) -> asyncio.Queue[Notification]:
        """Open a stream on the running loop and return its queue."""
        queue: asyncio.Queue[Notification] = asyncio.Queue()
        self._subscribers.append((asyncio.get_running_loop(), queue))
        return queue

    @property
    def subscriber_count(self) -> int:
        """Return how many event streams are listening."""
        return len(self._subscribers)

    def unsubscribe(self, queue: asyncio.Queue[Notification]) -> None:
        """Close a stream."""
        self._subscribers = [(lp, q) for lp, q in self._subscribers if q is not queue]

    def publish(self, notification: Notification) -> None:
        """Deliver a notification to every subscriber, whatever thread calls."""
        self.history.append(notification)
        for loop, queue in list(self._subscribers):
            if loop.is_closed():
                continue
            loop.call_soon_threadsafe(queue.put_nowait, notification)


@dataclass
class PlexState:
    """Mutable PMS state built from, and referring to, the World."""

    world: World
    server_id: str
    webhooks: WebhookOutbox = field(default_factory=WebhookOutbox)
    sessions: list[NowPlaying] = field(default_factory=list)
    collections: dict[str, Collection] = field(default_factory=dict)
    hubs: dict[str, Hub] = field(default_factory=dict)  # custom hubs by identifier
    prefs: dict[str, str | bool | int] = field(default_factory=lambda: dict(DEFAULT_PREFS))
    section_prefs: dict[str, dict[str, str]] = field(default_factory=dict)
    unwatched_since: dict[tuple[int, str, int], datetime] = field(default_factory=dict)
    bus: NotificationBus = field(default_factory=NotificationBus)
    ping_interval_s: float = 10.0
    listing_memo: dict[tuple[object, ...], Any] = field(default_factory=dict)
    sse_limit: int | None = None  # close each event stream after this many events (tests)
    next_session_key: int = 1
    next_collection_key: int = 900_000
    activity_seq: int = 0
    # Every ratingKey the server has handed out: history keeps a deleted item's old key.
    known_keys: dict[tuple[str, int], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.known_keys.update(self.server.native_ids)
        self.prefs["FriendlyName"] = self.server.name
        self.prefs["allowMediaDeletion"] = self.server.allow_media_deletion
        self.world.listeners.append(self._on_world_event)

    @property
    def server(self) -> MediaServer:
        """Return the World's server this PMS is."""
        return self.world.server(self.server_id)

    def users_with_access(self) -> list[User]:
        """Return the owner and everyone the server is shared with."""
        return [u for u in self.world.users if u.kind == "owner" or self.server_id in u.servers]

    def user_for_token(self, token: str) -> User | None:
        """Return whose token this is, or None when the server does not know it."""
        if token and token == self.server.token:
            return next(u for u in self.world.users if u.kind == "owner")
        return next((u for u in self.users_with_access() if u.plex_token == token), None)

    def _on_world_event(self, event: WorldEvent) -> None:
        self.known_keys.update(self.server.native_ids)
        from tendarr.sim.plex.events import on_world_event  # events imports this module

        on_world_event(self, event)


def account_id(user: User) -> int:
    """Return the server-local account id: the owner is 1 on their own server."""
    return 1 if user.kind == "owner" else user.plex_account_id


def part_hash(server: MediaServer, file: MediaFile) -> str:
    """Return the stable 40-hex MediaPart hash of a file on this server."""
    seed = f"{server.machine_id}:{file.id}:{file.path}:{file.size}"
    return hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()
