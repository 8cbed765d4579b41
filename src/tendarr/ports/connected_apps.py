"""What every connected app with a sealed API key shares: its saved form and its storage.

Sonarr/Radarr instances (``arr_store.py``) and Overseerr/Jellyseerr apps
(``request_apps_store.py``) both fit these shapes, so one service base and one
repository base serve both.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Protocol, TypeVar

ConfigT = TypeVar("ConfigT")


class ConnectedAppConfig(Protocol):
    """A saved app: slug id, kind, display name, base URL, API key (in clear) and times."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> enum.Enum: ...
    @property
    def name(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def api_key(self) -> str: ...
    @property
    def enabled(self) -> bool: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def updated_at(self) -> datetime | None: ...


class ConnectedAppStore(Protocol[ConfigT]):
    """The saved apps of one kind (API keys in clear here; the adapter seals them at rest)."""

    def all(self) -> list[ConfigT]: ...
    def get(self, app_id: str, /) -> ConfigT | None: ...
    def add(self, config: ConfigT, now: datetime, /) -> None: ...
    def update(self, config: ConfigT, now: datetime, /) -> None: ...
    def delete(self, app_id: str, /) -> bool: ...
