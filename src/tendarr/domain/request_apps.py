"""A configured Overseerr or Jellyseerr (what the admin saved), pure data."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class RequestAppKind(enum.StrEnum):
    """Which request app: both speak the same API."""

    OVERSEERR = "overseerr"
    JELLYSEERR = "jellyseerr"


@dataclass(frozen=True)
class RequestAppConfig:
    """One request app: its slug id, kind, display name, base URL and API key."""

    id: str
    kind: RequestAppKind
    name: str
    url: str
    api_key: str
    enabled: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None
