"""Request and response bodies of the media-server sign-in flows."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tendarr.ports.signin import PinChallenge, PlexAccountServers
from tendarr.services.sign_in_servers import EntryChoice, QuickConnectStarted

_URL = Field(min_length=1, max_length=512)


class EntryBody(BaseModel):
    """Optional id and name of the entry to create or update (default: from the server)."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, min_length=1, max_length=48)
    name: str | None = Field(None, min_length=1, max_length=128)

    def choice(self) -> EntryChoice:
        return EntryChoice(self.id, self.name)


class PinOut(BaseModel):
    id: int
    code: str
    auth_url: str
    expires_at: datetime | None

    @classmethod
    def of(cls, pin: PinChallenge) -> PinOut:
        return cls(id=pin.id, code=pin.code, auth_url=pin.auth_url, expires_at=pin.expires_at)


class ConnectionOut(BaseModel):
    uri: str
    local: bool
    relay: bool


class PlexServerOut(BaseModel):
    name: str
    machine_id: str
    owned: bool
    connections: list[ConnectionOut]


class PlexAccountOut(BaseModel):
    id: int
    username: str
    email: str | None
    title: str | None


class PinStatusOut(BaseModel):
    """Whether the PIN was approved; then the account and its servers (never a token)."""

    authenticated: bool
    account: PlexAccountOut | None = None
    servers: list[PlexServerOut] = Field(default_factory=list)

    @classmethod
    def of(cls, found: PlexAccountServers | None) -> PinStatusOut:
        if found is None:
            return cls(authenticated=False)
        account = found.account
        return cls(
            authenticated=True,
            account=PlexAccountOut(
                id=account.id, username=account.username, email=account.email, title=account.title
            ),
            servers=[
                PlexServerOut(
                    name=s.name,
                    machine_id=s.machine_id,
                    owned=s.owned,
                    connections=[
                        ConnectionOut(uri=c.uri, local=c.local, relay=c.relay)
                        for c in s.connections
                    ],
                )
                for s in found.servers
            ],
        )


class PlexAddBody(EntryBody):
    """Which of the account's servers to add, and at which of its URIs (default: the best)."""

    machine_id: str = Field(min_length=1, max_length=128)
    uri: str | None = Field(None, min_length=1, max_length=512)


class PasswordSignInBody(EntryBody):
    """A Jellyfin or Emby user's name and password; only the resulting token is stored."""

    url: str = _URL
    username: str = Field(min_length=1, max_length=256)
    password: str = Field(max_length=1024, json_schema_extra={"format": "password"})


class QuickConnectBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = _URL


class QuickConnectOut(BaseModel):
    """Show ``code`` to the user; ``poll_id`` is opaque (it carries the sealed secret)."""

    code: str
    poll_id: str
    expires_at: datetime

    @classmethod
    def of(cls, started: QuickConnectStarted) -> QuickConnectOut:
        return cls(code=started.code, poll_id=started.poll_id, expires_at=started.expires_at)


class QuickConnectStatusOut(BaseModel):
    authenticated: bool
