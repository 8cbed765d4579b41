"""What the Sonarr/Radarr and Overseerr/Jellyseerr bodies share: a connected app's fields."""

from __future__ import annotations

from datetime import datetime
from typing import Self, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from tendarr.ports.connected_apps import ConnectedAppConfig


class ConnectedAppFields(TypedDict):
    """The fields of a domain config that do not depend on the app's kind."""

    id: str
    name: str
    url: str
    api_key: str
    enabled: bool


class ConnectedAppBody(BaseModel):
    """An app as clients send it; subclasses narrow ``kind`` and build the domain form."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=48)
    kind: str
    name: str = Field(min_length=1, max_length=128)
    url: str = Field(min_length=1, max_length=512)
    api_key: str = Field("", max_length=256)
    enabled: bool = True
    created_at: datetime | None = None  # read-only: accepted so a GET can be sent back
    updated_at: datetime | None = None

    def config_fields(self) -> ConnectedAppFields:
        """Return the kind-independent domain fields (the URL without a trailing slash)."""
        return ConnectedAppFields(
            id=self.id,
            name=self.name,
            url=self.url.rstrip("/"),
            api_key=self.api_key,
            enabled=self.enabled,
        )


class ConnectedAppOut(BaseModel):
    """An app with its API key redacted."""

    id: str
    kind: str
    name: str
    url: str
    api_key: str
    enabled: bool
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, config: ConnectedAppConfig) -> Self:
        """Build from a (redacted) config."""
        return cls(
            id=config.id,
            kind=config.kind.value,
            name=config.name,
            url=config.url,
            api_key=config.api_key,
            enabled=config.enabled,
            created_at=config.created_at,
            updated_at=config.updated_at,
        )
