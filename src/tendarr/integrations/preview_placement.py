"""Build the preview placement adapters for a configured server (composition root only)."""

from __future__ import annotations

import threading

import httpx

from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.integrations._http import DEFAULT_TIMEOUT, VendorHttp
from tendarr.integrations.jellyfin.client import JellyfinClient
from tendarr.integrations.mediabrowser.models import DeviceInfo
from tendarr.integrations.mediabrowser.preview_placement import JellyfinTrickplayPlacement
from tendarr.integrations.plex.client import PlexClient
from tendarr.integrations.plex.preview_placement import PlexPartHashLookup
from tendarr.ports.media_server import ServerAuthFailed


class PreviewPlacementRegistry:
    """The PreviewPlacementFactory: one pooled HTTP client per server URL."""

    def __init__(self, install_id: str, transport: httpx.BaseTransport | None = None) -> None:
        self._install_id = install_id
        self._transport = transport
        self._clients: dict[str, httpx.Client] = {}
        self._lock = threading.Lock()

    def plex(self, config: ServerConfig) -> PlexPartHashLookup:
        """Return the MediaPart hash lookup of a Plex server."""
        if config.kind is not ServerKind.PLEX:
            raise ValueError(f"{config.id} is a {config.kind.value} server, not Plex")
        client = PlexClient(self._client(config.url), config.url, _secret(config), self._install_id)
        return PlexPartHashLookup(client)

    def jellyfin(self, config: ServerConfig) -> JellyfinTrickplayPlacement:
        """Return the trickplay readiness and registration of a Jellyfin server."""
        if config.kind is not ServerKind.JELLYFIN:
            raise ValueError(f"{config.id} is a {config.kind.value} server, not Jellyfin")
        vendor = VendorHttp(self._client(config.url), "Jellyfin")
        device = DeviceInfo(device_id=self._install_id)
        return JellyfinTrickplayPlacement(JellyfinClient(vendor, device, _secret(config)))

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


def _secret(config: ServerConfig) -> str:
    """Return the stored credential the server's auth method uses."""
    method = config.auth.get("method")
    key = {"token": "token", "api_key": "api_key"}.get(str(method), "access_token")
    value = config.auth.get(key)
    if not isinstance(value, str) or not value:
        raise ServerAuthFailed(f"{config.name} has no stored credential; sign in again")
    return value
