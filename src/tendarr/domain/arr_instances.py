"""A configured Sonarr or Radarr instance (what the admin saved), pure data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tendarr.domain.arr import ArrKind

REDACTED = "********"  # what the API shows instead of a stored API key


@dataclass(frozen=True)
class ArrInstanceConfig:
    """One Sonarr or Radarr: its slug id, kind, display name, base URL and API key."""

    id: str
    kind: ArrKind
    name: str
    url: str
    api_key: str
    enabled: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None
