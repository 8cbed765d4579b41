"""Build the right adapter for a configured server (used by the composition root only)."""

from __future__ import annotations

from typing import cast

import httpx

from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.integrations._http import ClientPool, VendorHttp
from tendarr.integrations.emby.adapter import EmbyServer
from tendarr.integrations.emby.client import EmbyClient
from tendarr.integrations.emby.client import authorization as emby_authorization
from tendarr.integrations.jellyfin.adapter import JellyfinServer
from tendarr.integrations.jellyfin.client import JellyfinClient
from tendarr.integrations.jellyfin.client import authorization as jellyfin_authorization
from tendarr.integrations.mediabrowser.lifecycle import EMBY, JELLYFIN, MediaBrowserLifecycle
from tendarr.integrations.mediabrowser.models import DeviceInfo
from tendarr.integrations.plex.adapter import PlexServer
from tendarr.integrations.plex.client import PlexClient
from tendarr.integrations.plex.discover import DISCOVER_URL, DiscoverClient
from tendarr.integrations.plex.events import PlexEventStream
from tendarr.integrations.plex.household import PlexHousehold
from tendarr.integrations.plex.lifecycle import PlexLifecycle
from tendarr.integrations.plex.lifecycle_client import PlexLifecycleClient
from tendarr.integrations.plex.plextv_accounts import PlexTvAccounts
from tendarr.integrations.plex.signin import PLEX_TV_URL
from tendarr.integrations.tautulli.history import TautulliHistory
from tendarr.ports.household import HouseholdSource, PlayHistorySource
from tendarr.ports.media_lifecycle import MediaLifecycle
from tendarr.ports.media_server import MediaServer, ServerAuthFailed
from tendarr.ports.server_events import ServerEvents


class MediaServerRegistry:
    """The MediaServerFactory: one pooled HTTP client per server URL, adapters on demand."""

    def __init__(
        self,
        install_id: str,
        transport: httpx.BaseTransport | None = None,
        *,
        plextv_url: str = PLEX_TV_URL,
        discover_url: str = DISCOVER_URL,
    ) -> None:
        self._install_id = install_id
        self._plextv_url = plextv_url.rstrip("/")
        self._discover_url = discover_url.rstrip("/")
        self._pool = ClientPool(transport)

    def __call__(self, config: ServerConfig) -> MediaServer:
        """Return an adapter for ``config``."""
        http = self._pool.client(config.url)
        secret = server_credential(config)
        if config.kind is ServerKind.PLEX:
            return PlexServer(config.id, PlexClient(http, config.url, secret, self._install_id))
        device = DeviceInfo(device_id=self._install_id)
        vendor = VendorHttp(http, config.kind.value.title())
        user_id = config.auth.get("user_id")
        if config.kind is ServerKind.JELLYFIN:
            return JellyfinServer(
                JellyfinClient(vendor, device, secret), server_id=config.id, user_id=user_id
            )
        return EmbyServer(
            EmbyClient(vendor, device, secret, user_id), server_id=config.id, user_id=user_id
        )

    def household(self, config: ServerConfig) -> HouseholdSource:
        """Return the server's accounts, plays and watchlists (the HouseholdSourceFactory).

        Plex reads plex.tv and Discover too, each on its own pooled client; Jellyfin and
        Emby answer through their MediaServer adapters.
        """
        if config.kind is not ServerKind.PLEX:
            # The MediaBrowser adapters gain the HouseholdSource methods in their own change.
            return cast(HouseholdSource, self(config))
        secret = server_credential(config)
        return PlexHousehold(
            config.id,
            PlexClient(self._pool.client(config.url), config.url, secret, self._install_id),
            PlexTvAccounts(
                self._pool.client(self._plextv_url),
                secret,
                self._install_id,
                base_url=self._plextv_url,
            ),
            DiscoverClient(
                self._pool.client(self._discover_url), self._install_id, base_url=self._discover_url
            ),
            secret,
        )

    def lifecycle(self, config: ServerConfig) -> MediaLifecycle:
        """Return the server's cleanup side: collections, deletion, scans, trash."""
        http = self._pool.client(config.url)
        secret = server_credential(config)
        if config.kind is ServerKind.PLEX:
            client = PlexLifecycleClient(http, config.url, secret, self._install_id)
            return PlexLifecycle(config.id, client)
        device = DeviceInfo(device_id=self._install_id)
        vendor = VendorHttp(http, config.kind.value.title())
        if config.kind is ServerKind.JELLYFIN:
            headers = {"Authorization": jellyfin_authorization(device, secret)}
            return MediaBrowserLifecycle(config.id, vendor, headers, JELLYFIN)
        user_id = config.auth.get("user_id")
        headers = {
            "X-Emby-Authorization": emby_authorization(device, user_id, secret),
            "X-Emby-Token": secret,
        }
        return MediaBrowserLifecycle(config.id, vendor, headers, EMBY)

    def tautulli(self, config: ServerConfig) -> PlayHistorySource | None:
        """Return the Tautulli history of a Plex server, when one is linked."""
        if config.kind is not ServerKind.PLEX or config.tautulli is None:
            return None
        link = config.tautulli
        return TautulliHistory(self._pool.client(link.url), link.url, link.api_key, config.id)

    def events(self, config: ServerConfig) -> ServerEvents | None:
        """Return the server's event stream (Plex only), on its own HTTP client."""
        if config.kind is not ServerKind.PLEX:
            return None
        http = self._pool.unpooled(config.url)
        return PlexEventStream(config.id, http, server_credential(config), self._install_id)

    def close(self) -> None:
        """Close every pooled client."""
        self._pool.close()


def server_credential(config: ServerConfig) -> str:
    """Return the stored credential the server's auth method uses (or raise ServerAuthFailed)."""
    method = config.auth.get("method")
    key = {"token": "token", "api_key": "api_key"}.get(str(method), "access_token")
    value = config.auth.get(key)
    if not isinstance(value, str) or not value:
        raise ServerAuthFailed(f"{config.name} has no stored credential; sign in again")
    return value
