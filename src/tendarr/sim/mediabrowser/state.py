"""What a Jellyfin or Emby server remembers beyond the World: tokens, sessions, options."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import httpx

from tendarr.sim.model import MediaServer, User
from tendarr.sim.world import World

Flavor = Literal["jellyfin", "emby"]
WorldKey = tuple[str, int]


@dataclass
class Device:
    """The client fields of an authorization header."""

    client: str = ""
    device: str = ""
    device_id: str = ""
    version: str = ""


@dataclass
class Token:
    """An access token: a user's session token or the admin API key (``user`` None)."""

    value: str
    user: User | None
    device: Device
    issued_at: datetime


@dataclass
class QuickConnectRequest:
    """A pending Quick Connect sign-in."""

    secret: str
    code: str
    device: Device
    added_at: datetime
    user: User | None = None


@dataclass
class UserItemData:
    """Stored per-user item data; set once a user or client changes it."""

    played: bool = False
    play_count: int = 0
    position_ticks: int = 0
    last_played: datetime | None = None


PlayMethod = Literal["DirectPlay", "DirectStream", "Transcode"]


@dataclass(frozen=True)
class Delivery:
    """How the server delivers a session's file to the device, decided when it starts."""

    method: PlayMethod = "DirectPlay"
    reasons: tuple[str, ...] = ()  # TranscodeReason names, in the enum's order
    video_direct: bool = True
    audio_direct: bool = True
    audio_index: int | None = None  # the MediaStreams index of the audio track played


@dataclass
class PlaybackSession:
    """A device playing something now."""

    id: str
    user: User
    item_key: WorldKey
    device: Device
    started_at: datetime
    position_ticks: int = 0
    is_paused: bool = False
    delivery: Delivery = field(default_factory=Delivery)


@dataclass
class Collection:
    """A BoxSet created through the API; members are World keys so rescans keep them."""

    id: str
    name: str
    members: list[WorldKey]
    created_at: datetime


@dataclass
class TrickplayTiles:
    """Tile sheets for one item and width: on disk, and whether the server imported them."""

    width: int
    height: int
    sheets: int
    thumbnails: int
    interval_ms: int = 10_000
    tile_width: int = 10
    tile_height: int = 10
    bandwidth: int = 0
    registered: bool = False
    thumbnail_count: int = 0  # what the server's database row says


@dataclass
class ServerState:
    """A simulated server's mutable state, built from and referring to the World."""

    world: World
    server: MediaServer
    flavor: Flavor
    ids_change_on_rescan: bool = False
    tokens: dict[str, Token] = field(default_factory=dict)
    quick_connect_enabled: bool = True
    quick_connect: dict[str, QuickConnectRequest] = field(default_factory=dict)
    user_data: dict[tuple[int, WorldKey], UserItemData] = field(default_factory=dict)
    favorites: set[tuple[int, WorldKey]] = field(default_factory=set)  # seasons, episodes
    sessions: dict[str, PlaybackSession] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    library_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    trickplay: dict[WorldKey, dict[int, TrickplayTiles]] = field(default_factory=dict)
    last_saved: dict[WorldKey, datetime] = field(default_factory=dict)
    webhook_urls: list[str] = field(default_factory=list)
    webhook_client: httpx.Client | None = None
    sent_webhooks: list[dict[str, Any]] = field(default_factory=list)
    plugins: list[dict[str, Any]] = field(default_factory=list)
    refreshes: int = 0
    _counter: int = 0

    def mint(self, *parts: object, length: int = 32) -> str:
        """Return a fresh deterministic hex id."""
        self._counter += 1
        seed = "|".join(map(str, (self.server.id, self._counter, *parts)))
        return hashlib.sha256(seed.encode()).hexdigest()[:length]

    def users(self) -> list[User]:
        """Return the household members with an account on this server."""
        return [u for u in self.world.users if self.server.id in u.servers]

    def user_id(self, user: User) -> str:
        """Return the user's id on this server."""
        return user.jellyfin_id if self.flavor == "jellyfin" else user.emby_id

    def user_by_id(self, raw: str) -> User | None:
        """Return the user with this server id (any GUID spelling), or None."""
        wanted = raw.replace("-", "").lower()
        return next((u for u in self.users() if self.user_id(u) == wanted), None)

    def user_by_name(self, name: str) -> User | None:
        """Return the user signing in as ``name`` (case-insensitive), or None."""
        return next((u for u in self.users() if u.username.lower() == name.lower()), None)

    def issue_token(self, user: User, device: Device) -> Token:
        """Create an access token for a user's new session."""
        token = Token(self.mint("token", user.id), user, device, self.world.now)
        self.tokens[token.value] = token
        return token

    def resolve_token(self, value: str) -> Token | None:
        """Return the token a client presented: the API key or a session token."""
        if value and value == self.server.token:
            return Token(value, None, Device(client="API key"), self.world.now)
        return self.tokens.get(value)
