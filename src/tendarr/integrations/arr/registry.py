"""Build the Sonarr or Radarr adapter for a configured instance (composition root only)."""

from __future__ import annotations

import httpx

from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.integrations._http import ClientPool, VendorHttp
from tendarr.integrations.arr.client import ArrClient
from tendarr.integrations.radarr.adapter import RadarrAdapter
from tendarr.integrations.sonarr.adapter import SonarrAdapter


class ArrRegistry:
    """The ArrFactory: one pooled HTTP client per instance URL, adapters on demand."""

    def __init__(
        self, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout | None = None
    ) -> None:
        self._pool = ClientPool(transport, timeout)

    def sonarr(self, config: ArrInstanceConfig) -> SonarrAdapter:
        """Return the Sonarr adapter for ``config``."""
        return SonarrAdapter(self._arr_client(config, "Sonarr"))

    def radarr(self, config: ArrInstanceConfig) -> RadarrAdapter:
        """Return the Radarr adapter for ``config``."""
        return RadarrAdapter(self._arr_client(config, "Radarr"))

    def close(self) -> None:
        """Close every pooled client."""
        self._pool.close()

    def _arr_client(self, config: ArrInstanceConfig, vendor: str) -> ArrClient:
        return ArrClient(VendorHttp(self._pool.client(config.url), vendor), config.api_key)
