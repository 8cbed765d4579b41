"""The sign-in ports over the vendor clients (wired by the composition root only)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx

from tendarr.domain.media import ServerKind
from tendarr.integrations._http import RequestRefused, VendorHttp
from tendarr.integrations.emby.client import EmbyClient
from tendarr.integrations.jellyfin.client import JellyfinClient
from tendarr.integrations.mediabrowser.models import AuthenticationResult, DeviceInfo
from tendarr.integrations.plex.signin import PLEX_TV_URL, PlexServerResource, PlexSignIn
from tendarr.ports.media_server import ServerAuthFailed
from tendarr.ports.signin import (
    PinChallenge,
    PlexAccountInfo,
    PlexAccountServers,
    PlexServerOffer,
    QuickConnectChallenge,
    ServerConnection,
    SignedIn,
    SignInExpired,
    SignInUnavailable,
)

# Sign-in is interactive: fail within seconds rather than after the sync-sized timeouts.
SIGN_IN_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


class PlexTvPins:
    """The PlexTvSignIn port: plex.tv PINs as this installation's client identifier."""

    def __init__(
        self,
        install_id: str,
        base_url: str = PLEX_TV_URL,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._http = httpx.Client(
            timeout=SIGN_IN_TIMEOUT, transport=transport, follow_redirects=False
        )
        self._signin = PlexSignIn(self._http, install_id, base_url=base_url)

    def create_pin(self) -> PinChallenge:
        """Create a strong PIN at plex.tv."""
        pin = self._signin.create_pin()
        return PinChallenge(pin.id, pin.code, pin.auth_url, pin.expires_at)

    def check_pin(self, pin_id: int) -> PlexAccountServers | None:
        """Return the account and its servers once the PIN is approved, else None."""
        token = self._signin.check_pin(pin_id)
        if token is None:
            return None
        account = self._signin.account(token)
        return PlexAccountServers(
            account=PlexAccountInfo(account.id, account.username, account.email, account.title),
            servers=tuple(_offer(s) for s in self._signin.servers(token)),
            account_token=token,
        )

    def close(self) -> None:
        """Close the HTTP client."""
        self._http.close()


class MediaBrowserSignIns:
    """The MediaBrowserSignIn port: Jellyfin/Emby passwords, Jellyfin Quick Connect."""

    def __init__(self, install_id: str, transport: httpx.BaseTransport | None = None) -> None:
        # The same device id as the registry's adapters: Jellyfin ties tokens to it.
        self._device = DeviceInfo(device_id=install_id)
        self._transport = transport

    def sign_in(self, kind: ServerKind, url: str, username: str, password: str) -> SignedIn:
        """Sign in by name and password, then read the server's identity with the token."""
        with self._vendor(kind, url) as vendor:
            if kind is ServerKind.JELLYFIN:
                jellyfin = JellyfinClient(vendor, self._device)
                result = _checked(vendor, lambda: jellyfin.authenticate_by_name(username, password))
                info = jellyfin.with_token(result.access_token).system_info()
            elif kind is ServerKind.EMBY:
                emby = EmbyClient(vendor, self._device)
                result = _checked(vendor, lambda: emby.authenticate_by_name(username, password))
                info = emby.with_token(result.access_token, result.user.id).system_info()
            else:
                raise ValueError(f"{kind.value} has no password sign-in")
        return SignedIn(result.access_token, result.user.id, info.name, info.id)

    def start_quick_connect(self, url: str) -> QuickConnectChallenge:
        """Start a Quick Connect request on a Jellyfin server."""
        with self._vendor(ServerKind.JELLYFIN, url) as vendor:
            quick = JellyfinClient(vendor, self._device).quick_connect
            if not quick.enabled():
                raise SignInUnavailable(
                    "Quick Connect is switched off on this Jellyfin server; switch it on in "
                    "its dashboard or sign in with a password"
                )
            state = quick.initiate()
        return QuickConnectChallenge(state.code, state.secret)

    def quick_connect_approved(self, url: str, secret: str) -> bool:
        """Return whether the user approved the request in another Jellyfin client."""
        with self._vendor(ServerKind.JELLYFIN, url) as vendor:
            quick = JellyfinClient(vendor, self._device).quick_connect
            try:
                return quick.connect(secret)
            except RequestRefused as err:  # 404: Jellyfin forgot it (expired or redeemed)
                raise _expired() from err

    def redeem_quick_connect(self, url: str, secret: str) -> SignedIn:
        """Exchange an approved request for a token and read the server's identity."""
        with self._vendor(ServerKind.JELLYFIN, url) as vendor:
            client = JellyfinClient(vendor, self._device)
            try:
                result = client.quick_connect.authenticate_with_quick_connect(secret)
            except RequestRefused as err:
                raise _expired() from err
            info = client.with_token(result.access_token).system_info()
        return SignedIn(result.access_token, result.user.id, info.name, info.id)

    @contextmanager
    def _vendor(self, kind: ServerKind, url: str) -> Iterator[VendorHttp]:
        # A short-lived client: sign-in URLs are typed by people and may be wrong, so they
        # stay out of the registry's long-lived pool.
        with httpx.Client(
            base_url=url.rstrip("/"),
            timeout=SIGN_IN_TIMEOUT,
            transport=self._transport,
            follow_redirects=False,
        ) as http:
            yield VendorHttp(http, kind.value.title(), retries=1)


def _checked(
    vendor: VendorHttp, sign_in: Callable[[], AuthenticationResult]
) -> AuthenticationResult:
    try:
        return sign_in()
    except ServerAuthFailed as err:
        raise ServerAuthFailed(f"{vendor.vendor} rejected the user name or password") from err


def _expired() -> SignInExpired:
    return SignInExpired("Jellyfin no longer knows this Quick Connect request; start again")


def _offer(resource: PlexServerResource) -> PlexServerOffer:
    return PlexServerOffer(
        name=resource.name,
        machine_id=resource.machine_identifier,
        owned=resource.owned,
        connections=tuple(ServerConnection(c.uri, c.local, c.relay) for c in resource.connections),
        access_token=resource.access_token,
    )
