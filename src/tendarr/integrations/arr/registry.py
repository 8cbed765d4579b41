"""Build the Sonarr or Radarr adapter for a configured instance (composition root only)."""

from __future__ import annotations

import threading

import httpx

from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.integrations._http import DEFAULT_TIMEOUT, VendorHttp
from tendarr.integrations.arr.client import ArrClient
from tendarr.integrations.radarr.adapter import RadarrAdapter
from tendarr.integrations.sonarr.adapter import SonarrAdapter


class ArrRegistry:
    """The ArrFactory: one pooled HTTP client per instance URL, adapters on demand."""

    def __init__(
        self, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout | None = None
    ) -> None:
        self._transport = transport
        self._timeout = timeout or DEFAULT_TIMEOUT
        self._clients: dict[str, httpx.Client] = {}
        self._lock = threading.Lock()

    def sonarr(self, config: ArrInstanceConfig) -> SonarrAdapter:
        """Return the Sonarr adapter for ``config``."""
        return SonarrAdapter(self._arr_client(config, "Sonarr"))

    def radarr(self, config: ArrInstanceConfig) -> RadarrAdapter:
        """Return the Radarr adapter for ``config``."""
        return RadarrAdapter(self._arr_client(config, "Radarr"))

    def close(self) -> None:
        """Close every pooled client."""
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    def _arr_client(self, config: ArrInstanceConfig, vendor: str) -> ArrClient:
        return ArrClient(VendorHttp(self._client(config.url), vendor), config.api_key)

    def _client(self, url: str) -> httpx.Client:
        base = url.rstrip("/")
        with self._lock:
            client = self._clients.get(base)
            if client is None:
                client = httpx.Client(
                    base_url=base,
                    timeout=self._timeout,
                    transport=self._transport,
                    follow_redirects=False,
                )
                self._clients[base] = client
            return client
