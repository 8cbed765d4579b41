"""Add media servers by signing in: plex.tv PIN, Jellyfin/Emby password, Quick Connect.

No vendor token ever reaches the client. A plex.tv PIN is only usable with this
installation's client identifier, so the PIN id is all the client holds: each poll and
the final "add" ask plex.tv again. A Quick Connect secret redeems a sign-in, so the client
gets it sealed (with the URL and an expiry) as an opaque ``poll_id`` that only this
installation's secret key opens. Both work on any web node; nothing is kept in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from tendarr.domain.errors import (
    Conflict,
    NotFound,
    SignInGone,
    SignInRejected,
    UpstreamFailed,
    ValidationFailed,
)
from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig, free_server_id, url_problem
from tendarr.ports.clock import Clock
from tendarr.ports.media_server import MediaServerError, ServerAuthFailed
from tendarr.ports.signin import (
    MediaBrowserSignIn,
    PinChallenge,
    PlexAccountServers,
    PlexTvSignIn,
    Sealer,
    SignedIn,
    SignInExpired,
    SignInUnavailable,
)

T = TypeVar("T")
# Jellyfin forgets a Quick Connect request after ten minutes.
QUICK_CONNECT_LIFETIME = timedelta(minutes=10)


class ServerEntries(Protocol):
    """Where signed-in servers are saved (ServerService: validation, audit, redaction)."""

    def all(self) -> list[ServerConfig]:
        """Return every server, secrets redacted."""
        ...

    def create(self, config: ServerConfig, actor: str | None) -> ServerConfig:
        """Save a new server."""
        ...

    def replace(self, config: ServerConfig, actor: str | None) -> ServerConfig:
        """Replace a server's configuration."""
        ...


@dataclass(frozen=True)
class EntryChoice:
    """What the admin chose for the server entry; None picks from what the server says."""

    id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class SavedServer:
    """The server entry a sign-in created or updated (secrets redacted)."""

    server: ServerConfig
    created: bool


@dataclass(frozen=True)
class QuickConnectStarted:
    """Show ``code`` to the user; poll with ``poll_id`` until approved, then add."""

    code: str
    poll_id: str
    expires_at: datetime


class ServerSignIn:
    """The sign-in flows that end in a saved server entry."""

    def __init__(
        self,
        plex: PlexTvSignIn,
        mediabrowser: MediaBrowserSignIn,
        servers: ServerEntries,
        clock: Clock,
        sealer: Sealer,
    ) -> None:
        self._plex = plex
        self._mediabrowser = mediabrowser
        self._servers = servers
        self._clock = clock
        self._sealer = sealer

    def start_plex_pin(self) -> PinChallenge:
        """Create a plex.tv PIN for the admin to approve."""
        return vendor_call(self._plex.create_pin)

    def check_plex_pin(self, pin_id: int) -> PlexAccountServers | None:
        """Return the account and its servers once the PIN is approved, else None."""
        return vendor_call(lambda: self._plex.check_pin(pin_id))

    def add_plex_server(
        self,
        pin_id: int,
        machine_id: str,
        uri: str | None,
        choice: EntryChoice,
        actor: str | None,
    ) -> SavedServer:
        """Save one of the approved account's servers, reached at ``uri``, with its token."""
        found = self.check_plex_pin(pin_id)
        if found is None:
            raise Conflict("the plex.tv PIN has not been approved yet")
        offer = next((s for s in found.servers if s.machine_id == machine_id), None)
        if offer is None:
            raise NotFound(f"the Plex account has no server {machine_id!r}")
        url = uri or (offer.connections[0].uri if offer.connections else None)
        if url is None:
            raise ValidationFailed(f"plex.tv lists no connection for {offer.name}; send a uri")
        # The server's own token where plex.tv gives one (narrower for shared servers).
        token = offer.access_token or found.account_token
        auth = {"method": "token", "token": token}
        return self._save(ServerKind.PLEX, _url(url), machine_id, auth, offer.name, choice, actor)

    def sign_in_with_password(
        self,
        kind: ServerKind,
        url: str,
        username: str,
        password: str,
        choice: EntryChoice,
        actor: str | None,
    ) -> SavedServer:
        """Sign in to Jellyfin or Emby and save the entry with the token (not the password)."""
        if kind is ServerKind.PLEX:
            raise ValidationFailed("Plex signs in through plex.tv (POST /api/servers/plex/pin)")
        base = _url(url)
        signed = vendor_call(lambda: self._mediabrowser.sign_in(kind, base, username, password))
        return self._save_signed(kind, base, "password", signed, choice, actor)

    def start_quick_connect(self, url: str) -> QuickConnectStarted:
        """Start a Jellyfin Quick Connect request."""
        base = _url(url)
        challenge = vendor_call(lambda: self._mediabrowser.start_quick_connect(base))
        expires = self._clock.now() + QUICK_CONNECT_LIFETIME
        handle = {"url": base, "secret": challenge.secret, "expires": expires.isoformat()}
        return QuickConnectStarted(challenge.code, self._sealer.seal(json.dumps(handle)), expires)

    def quick_connect_approved(self, poll_id: str) -> bool:
        """Return whether the user approved the request in another Jellyfin client."""
        url, secret = self._open(poll_id)
        return vendor_call(lambda: self._mediabrowser.quick_connect_approved(url, secret))

    def add_quick_connect_server(
        self, poll_id: str, choice: EntryChoice, actor: str | None
    ) -> SavedServer:
        """Redeem an approved request and save the entry with the token."""
        url, secret = self._open(poll_id)
        if not vendor_call(lambda: self._mediabrowser.quick_connect_approved(url, secret)):
            raise Conflict("the Quick Connect code has not been approved yet")
        signed = vendor_call(lambda: self._mediabrowser.redeem_quick_connect(url, secret))
        return self._save_signed(ServerKind.JELLYFIN, url, "quick_connect", signed, choice, actor)

    def _open(self, poll_id: str) -> tuple[str, str]:
        raw = self._sealer.open(poll_id)
        try:
            handle: Any = json.loads(raw) if raw else None
        except ValueError:
            handle = None
        if not isinstance(handle, dict) or not {"url", "secret", "expires"} <= handle.keys():
            raise NotFound("unknown Quick Connect request")
        if datetime.fromisoformat(str(handle["expires"])) <= self._clock.now():
            raise SignInGone("the Quick Connect request expired; start again")
        return str(handle["url"]), str(handle["secret"])

    def _save_signed(
        self,
        kind: ServerKind,
        url: str,
        method: str,
        signed: SignedIn,
        choice: EntryChoice,
        actor: str | None,
    ) -> SavedServer:
        auth = {"method": method, "access_token": signed.access_token, "user_id": signed.user_id}
        return self._save(kind, url, signed.server_id, auth, signed.server_name, choice, actor)

    def _save(
        self,
        kind: ServerKind,
        url: str,
        identity: str,
        auth: dict[str, Any],
        server_name: str,
        choice: EntryChoice,
        actor: str | None,
    ) -> SavedServer:
        """Update the entry named by ``choice.id`` or holding this server, else create one."""
        existing = self._servers.all()
        if choice.id is not None:
            entry = next((c for c in existing if c.id == choice.id), None)
        else:
            entry = next(
                (c for c in existing if c.kind is kind and c.server_identity == identity), None
            )
        if entry is not None:
            if entry.kind is not kind:
                raise Conflict(f"server {entry.id!r} is a {entry.kind.value} server")
            if entry.server_identity not in {None, identity}:
                raise Conflict(
                    f"server {entry.id!r} is a different {kind.value} server; "
                    "remove it first or choose another id"
                )
            updated = replace(
                entry, url=url, auth=auth, server_identity=identity, name=choice.name or entry.name
            )
            return SavedServer(self._servers.replace(updated, actor), created=False)
        name = choice.name or server_name or kind.value.title()
        server_id = choice.id or free_server_id(name, {c.id for c in existing})
        config = ServerConfig(
            id=server_id, kind=kind, name=name, url=url, auth=auth, server_identity=identity
        )
        return SavedServer(self._servers.create(config, actor), created=True)


def _url(url: str) -> str:
    base = url.strip().rstrip("/")
    if problem := url_problem(base):
        raise ValidationFailed(problem)
    return base


def vendor_call(call: Callable[[], T]) -> T:
    """Run a vendor call; turn its errors into the domain errors the edges map."""
    try:
        return call()
    except ServerAuthFailed as err:
        raise SignInRejected(str(err)) from err
    except SignInExpired as err:
        raise SignInGone(str(err)) from err
    except SignInUnavailable as err:
        raise ValidationFailed(str(err)) from err
    except MediaServerError as err:
        raise UpstreamFailed(str(err)) from err
