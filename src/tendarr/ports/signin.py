"""Sign-in ports: plex.tv PINs, Jellyfin/Emby passwords and Jellyfin Quick Connect."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from tendarr.domain.media import ServerKind
from tendarr.ports.media_server import MediaServerError


class SignInExpired(MediaServerError):
    """The PIN or Quick Connect request is unknown or expired; the user must start again."""


class SignInUnavailable(MediaServerError):
    """The server does not offer this way of signing in (e.g. Quick Connect is off)."""


@dataclass(frozen=True)
class PinChallenge:
    """A plex.tv PIN: send the user to ``auth_url``, then poll with ``id``."""

    id: int
    code: str
    auth_url: str
    expires_at: datetime | None


@dataclass(frozen=True)
class ServerConnection:
    """One way to reach a Plex server."""

    uri: str
    local: bool
    relay: bool


@dataclass(frozen=True)
class PlexServerOffer:
    """A Plex server the signed-in account can use, and the token to use it with."""

    name: str
    machine_id: str
    owned: bool
    connections: tuple[ServerConnection, ...]
    access_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class PlexAccountInfo:
    """The plex.tv account that approved a PIN."""

    id: int
    username: str
    email: str | None
    title: str | None


@dataclass(frozen=True)
class PlexAccountServers:
    """An approved PIN: the account, its servers, and its plex.tv token (never logged)."""

    account: PlexAccountInfo
    servers: tuple[PlexServerOffer, ...]
    account_token: str = field(repr=False)


@dataclass(frozen=True)
class SignedIn:
    """A Jellyfin or Emby sign-in: the user's access token and the server it is for."""

    access_token: str = field(repr=False)
    user_id: str
    server_name: str
    server_id: str


@dataclass(frozen=True)
class QuickConnectChallenge:
    """A Quick Connect request: show ``code``; keep ``secret`` (it redeems the sign-in)."""

    code: str
    secret: str = field(repr=False)


class PlexTvSignIn(Protocol):
    """plex.tv's PIN flow."""

    def create_pin(self) -> PinChallenge:
        """Create a PIN for the user to approve at plex.tv."""
        ...

    def check_pin(self, pin_id: int) -> PlexAccountServers | None:
        """Return the account and its servers once approved, else None (SignInExpired)."""
        ...


class MediaBrowserSignIn(Protocol):
    """Jellyfin and Emby sign-in against a server URL."""

    def sign_in(self, kind: ServerKind, url: str, username: str, password: str) -> SignedIn:
        """Exchange a user name and password for an access token (ServerAuthFailed)."""
        ...

    def start_quick_connect(self, url: str) -> QuickConnectChallenge:
        """Start a Jellyfin Quick Connect request (SignInUnavailable when switched off)."""
        ...

    def quick_connect_approved(self, url: str, secret: str) -> bool:
        """Return whether the user approved the request (SignInExpired when unknown)."""
        ...

    def redeem_quick_connect(self, url: str, secret: str) -> SignedIn:
        """Exchange an approved request for an access token."""
        ...


class Sealer(Protocol):
    """Authenticated encryption for values handed to a client and read back later."""

    def seal(self, plaintext: str) -> str:
        """Return the ciphertext of ``plaintext``."""
        ...

    def open(self, ciphertext: str) -> str | None:
        """Return the plaintext, or None when the ciphertext is not one of ours."""
        ...
