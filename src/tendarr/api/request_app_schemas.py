"""Request and response bodies of the Overseerr/Jellyseerr connection API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from tendarr.api.connected_app_schemas import ConnectedAppBody, ConnectedAppOut
from tendarr.domain.request_apps import RequestAppConfig, RequestAppKind
from tendarr.services.manage_request_apps import RequestAppConnectionResult


class RequestAppBody(ConnectedAppBody):
    """An app as clients send it (the API key may come back as ``********``)."""

    kind: Literal["overseerr", "jellyseerr"]

    def to_config(self) -> RequestAppConfig:
        """Return the domain form."""
        return RequestAppConfig(kind=RequestAppKind(self.kind), **self.config_fields())


class RequestAppOut(ConnectedAppOut):
    """An app with its API key redacted."""


class RequestAppConnectionOut(BaseModel):
    """A connection test: the version, the key's user and how many requests, or the error."""

    ok: bool
    version: str | None = None
    acting_user: str | None = None
    requests: int | None = None
    error: str | None = None

    @classmethod
    def of(cls, result: RequestAppConnectionResult) -> RequestAppConnectionOut:
        """Build from the service's result."""
        return cls(
            ok=result.ok,
            version=result.version,
            acting_user=result.acting_user,
            requests=result.requests,
            error=result.error,
        )
