"""Build the Overseerr/Jellyseerr adapter for a configured app (composition root only)."""

from __future__ import annotations

import threading

import httpx

from tendarr.domain.request_apps import RequestAppConfig
from tendarr.integrations._http import DEFAULT_TIMEOUT, VendorHttp
from tendarr.integrations.seerr.adapter import SeerrAdapter, app_name
from tendarr.integrations.seerr.client import SeerrClient


class SeerrRegistry:
    """The RequestAppFactory: one pooled HTTP client per app URL, adapters on demand."""

    def __init__(
        self, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout | None = None
    ) -> None:
        self._transport = transport
        self._timeout = timeout or DEFAULT_TIMEOUT
        self._clients: dict[str, httpx.Client] = {}
        self._lock = threading.Lock()

    def __call__(self, config: RequestAppConfig) -> SeerrAdapter:
        """Return the adapter for ``config``."""
        http = VendorHttp(self._client(config.url), app_name(config.kind.value))
        return SeerrAdapter(SeerrClient(http, config.api_key))

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
                    timeout=self._timeout,
                    transport=self._transport,
                    follow_redirects=False,
                )
                self._clients[base] = client
            return client
