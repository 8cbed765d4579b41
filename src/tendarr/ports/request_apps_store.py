"""Ports for configured Overseerr/Jellyseerr apps: their storage and the adapter factory."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from tendarr.domain.request_apps import RequestAppConfig
from tendarr.ports.requests import RequestsPort


class RequestAppRepository(Protocol):
    """The saved apps (API keys in clear here; the adapter seals them at rest)."""

    def all(self) -> list[RequestAppConfig]: ...
    def get(self, app_id: str) -> RequestAppConfig | None: ...
    def add(self, config: RequestAppConfig, now: datetime) -> None: ...
    def update(self, config: RequestAppConfig, now: datetime) -> None: ...
    def delete(self, app_id: str) -> bool: ...


class RequestAppFactory(Protocol):
    """Build the adapter for a configured app (no I/O until it is called)."""

    def __call__(self, config: RequestAppConfig) -> RequestsPort: ...
