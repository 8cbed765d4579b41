"""Build the preview placement adapters for a configured server (composition root only)."""

from __future__ import annotations

import httpx

from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.integrations._http import ClientPool, VendorHttp
from tendarr.integrations.jellyfin.client import JellyfinClient
from tendarr.integrations.mediabrowser.models import DeviceInfo
from tendarr.integrations.mediabrowser.preview_placement import JellyfinTrickplayPlacement
from tendarr.integrations.plex.client import PlexClient
from tendarr.integrations.plex.preview_placement import PlexPartHashLookup
from tendarr.integrations.registry import server_credential


class PreviewPlacementRegistry:
    """The PreviewPlacementFactory: one pooled HTTP client per server URL."""

    def __init__(self, install_id: str, transport: httpx.BaseTransport | None = None) -> None:
        self._install_id = install_id
        self._pool = ClientPool(transport)

    def plex(self, config: ServerConfig) -> PlexPartHashLookup:
        """Return the MediaPart hash lookup of a Plex server."""
        if config.kind is not ServerKind.PLEX:
            raise ValueError(f"{config.id} is a {config.kind.value} server, not Plex")
        client = PlexClient(
            self._pool.client(config.url), config.url, server_credential(config), self._install_id
        )
        return PlexPartHashLookup(client)

    def jellyfin(self, config: ServerConfig) -> JellyfinTrickplayPlacement:
        """Return the trickplay readiness and registration of a Jellyfin server."""
        if config.kind is not ServerKind.JELLYFIN:
            raise ValueError(f"{config.id} is a {config.kind.value} server, not Jellyfin")
        vendor = VendorHttp(self._pool.client(config.url), "Jellyfin")
        device = DeviceInfo(device_id=self._install_id)
        return JellyfinTrickplayPlacement(JellyfinClient(vendor, device, server_credential(config)))

    def close(self) -> None:
        """Close every pooled client."""
        self._pool.close()
