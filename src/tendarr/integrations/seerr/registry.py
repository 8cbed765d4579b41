"""Build the Overseerr/Jellyseerr adapter for a configured app (composition root only)."""

from __future__ import annotations

import httpx

from tendarr.domain.request_apps import RequestAppConfig
from tendarr.integrations._http import ClientPool, VendorHttp
from tendarr.integrations.seerr.adapter import SeerrAdapter, app_name
from tendarr.integrations.seerr.client import SeerrClient


class SeerrRegistry:
    """The RequestAppFactory: one pooled HTTP client per app URL, adapters on demand."""

    def __init__(
        self, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout | None = None
    ) -> None:
        self._pool = ClientPool(transport, timeout)

    def __call__(self, config: RequestAppConfig) -> SeerrAdapter:
        """Return the adapter for ``config``."""
        http = VendorHttp(self._pool.client(config.url), app_name(config.kind.value))
        return SeerrAdapter(SeerrClient(http, config.api_key))

    def close(self) -> None:
        """Close every pooled client."""
        self._pool.close()
