"""Build the right adapter for a configured server (used by the composition root only)."""

from __future__ import annotations

import threading

import httpx

from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.integrations._http import DEFAULT_TIMEOUT, VendorHttp
from tendarr.integrations.emby.adapter import EmbyServer
from tendarr.integrations.emby.client import EmbyClient
from tendarr.integrations.jellyfin.adapter import JellyfinServer
from tendarr.integrations.jellyfin.client import JellyfinClient
from tendarr.integrations.mediabrowser.models import DeviceInfo
from tendarr.integrations.plex.adapter import PlexServer
from tendarr.integrations.plex.client import PlexClient
from tendarr.integrations.plex.events import PlexEventStream
from tendarr.ports.media_server import MediaServer, ServerAuthFailed
from tendarr.ports.server_events import ServerEvents


class MediaServerRegistry:
    """The MediaServerFactory: one pooled HTTP client per server URL, adapters on demand."""

    def __init__(self, install_id: str, transport: httpx.BaseTransport | None = None) -> None:
        self._install_id = install_id
        self._transport = transport
        self._clients: dict[str, httpx.Client] = {}
        self._lock = threading.Lock()

    def __call__(self, config: ServerConfig) -> MediaServer:
        """Return an adapter for ``config``."""
        http = self._client(config.url)
        secret = _credential(config)
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

    def events(self, config: ServerConfig) -> ServerEvents | None:
        """Return the server's event stream (Plex only), on its own HTTP client."""
        if config.kind is not ServerKind.PLEX:
            return None
        http = httpx.Client(
            base_url=config.url.rstrip("/"),
            timeout=DEFAULT_TIMEOUT,
            transport=self._transport,
            follow_redirects=False,
        )
        return PlexEventStream(config.id, http, _credential(config), self._install_id)

    def close(self) -> None:
        """Close every pooled client."""
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    def _client(self, url: str) -> httpx.Client:
        base = url.rstrip("/")
        with self._lock:
            client = self._clients.get(base)
            if client is None:
                client = httpx.Client(
                    base_url=base,
                    timeout=DEFAULT_TIMEOUT,
                    transport=self._transport,
                    follow_redirects=False,
                )
                self._clients[base] = client
            return client


def _credential(config: ServerConfig) -> str:
    method = config.auth.get("method")
    key = {"token": "token", "api_key": "api_key"}.get(str(method), "access_token")
    value = config.auth.get(key)
    if not isinstance(value, str) or not value:
        raise ServerAuthFailed(f"{config.name} has no stored credential; sign in again")
    return value
