"""plex.tv PIN sign-in, the signed-in account, and the servers it can reach."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

import tendarr
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.plex.client import PRODUCT, plex_headers
from tendarr.integrations.plex.models import (
    PlexPayloadError,
    Row,
    as_row,
    opt_bool,
    opt_int,
    opt_str,
    req_str,
    rows,
)
from tendarr.ports.media_server import ServerResponseInvalid
from tendarr.ports.signin import SignInExpired

PLEX_TV_URL = "https://plex.tv"
AUTH_APP_URL = "https://app.plex.tv/auth"
T = TypeVar("T")


class PinExpired(SignInExpired):
    """plex.tv no longer knows the PIN (it expired, or belongs to another client id)."""


@dataclass(frozen=True)
class PlexPin:
    """A sign-in PIN: send the user to ``auth_url``, then poll with ``id``."""

    id: int
    code: str
    auth_url: str
    expires_at: datetime | None = None


@dataclass(frozen=True)
class PlexAccount:
    """The plex.tv account a token belongs to."""

    id: int
    uuid: str
    username: str
    email: str | None = None
    title: str | None = None
    thumb: str | None = None


@dataclass(frozen=True)
class PlexConnection:
    """One way to reach a server."""

    uri: str
    local: bool
    relay: bool
    protocol: str | None = None
    address: str | None = None
    port: int | None = None


@dataclass(frozen=True)
class PlexServerResource:
    """A Plex Media Server the account can use, with the token to use it with."""

    name: str
    machine_identifier: str
    access_token: str | None
    owned: bool
    version: str | None = None
    presence: bool | None = None
    connections: tuple[PlexConnection, ...] = ()


class PlexSignIn:
    """Sign in through plex.tv's PIN flow and discover the account's servers."""

    def __init__(
        self,
        http: httpx.Client,
        client_identifier: str,
        *,
        base_url: str = PLEX_TV_URL,
        version: str = tendarr.__version__,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = VendorHttp(http, "plex.tv", sleep=sleep)
        self._base = base_url.rstrip("/")
        self._client_identifier = client_identifier
        self._headers = plex_headers(client_identifier, version)

    def create_pin(self) -> PlexPin:
        """Create a strong PIN and return it with the URL the user must open."""
        response = self._http.request(
            "POST", self._url("/api/v2/pins"), params={"strong": "true"}, headers=self._headers
        )

        def parse(raw: object) -> PlexPin:
            pin = as_row(raw, "PIN")
            code = req_str(pin, "code")
            return PlexPin(
                id=_required_int(pin, "id"),
                code=code,
                auth_url=self.auth_url(code),
                expires_at=_instant(opt_str(pin, "expiresAt")),
            )

        return self._parse(parse, _json(response))

    def auth_url(self, code: str) -> str:
        """Return the app.plex.tv URL where the user approves ``code``."""
        return (
            f"{AUTH_APP_URL}#?clientID={quote(self._client_identifier, safe='')}"
            f"&code={quote(code, safe='')}&context[device][product]={quote(PRODUCT)}"
        )

    def check_pin(self, pin_id: int) -> str | None:
        """Return the account token once the user approved the PIN, else None."""
        try:
            response = self._http.request(
                "GET", self._url(f"/api/v2/pins/{pin_id}"), headers=self._headers
            )
        except ServerResponseInvalid as err:  # a 4xx: plex.tv answers 404 once it expired
            raise PinExpired(f"the plex.tv sign-in PIN {pin_id} expired; start again") from err
        token = self._parse(lambda raw: opt_str(as_row(raw, "PIN"), "authToken"), _json(response))
        return token or None

    def account(self, token: str) -> PlexAccount:
        """Return the account ``token`` belongs to (a 401 raises ServerAuthFailed)."""
        body = self._get("/api/v2/user", token)

        def parse(raw: object) -> PlexAccount:
            user = as_row(raw, "user")
            return PlexAccount(
                id=_required_int(user, "id"),
                uuid=req_str(user, "uuid"),
                username=opt_str(user, "username") or "",
                email=opt_str(user, "email"),
                title=opt_str(user, "title"),
                thumb=opt_str(user, "thumb"),
            )

        return self._parse(parse, body)

    def servers(self, token: str) -> list[PlexServerResource]:
        """Return the servers the account can use; each's local direct connections first."""
        body = self._get("/api/v2/resources", token, {"includeHttps": 1, "includeRelay": 1})

        def parse(raw: object) -> list[PlexServerResource]:
            if not isinstance(raw, list):
                raise PlexPayloadError("resources is not a list")
            resources = [as_row(r, "resource") for r in raw]
            return [_server(r) for r in resources if "server" in _provides(r)]

        return self._parse(parse, body)

    def _url(self, path: str) -> str:
        return self._base + path

    def _get(self, path: str, token: str, params: Mapping[str, Any] | None = None) -> object:
        headers = {**self._headers, "X-Plex-Token": token}
        return _json(self._http.request("GET", self._url(path), params=params, headers=headers))

    def _parse(self, parse: Callable[[Any], T], body: Any) -> T:
        try:
            return parse(body)
        except PlexPayloadError as err:
            raise ServerResponseInvalid(f"plex.tv sent an unexpected answer: {err}") from err


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError as err:
        raise ServerResponseInvalid("plex.tv sent a body that is not JSON") from err


def _required_int(raw: Row, key: str) -> int:
    value = opt_int(raw, key)
    if value is None:
        raise PlexPayloadError(f"{key} is missing")
    return value


def _instant(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError as err:
        raise PlexPayloadError(f"{raw!r} is not a timestamp") from err


def _provides(raw: Row) -> set[str]:
    return {p.strip() for p in (opt_str(raw, "provides") or "").split(",")}


def _server(raw: Row) -> PlexServerResource:
    connections = [
        PlexConnection(
            uri=req_str(c, "uri"),
            local=bool(opt_bool(c, "local")),
            relay=bool(opt_bool(c, "relay")),
            protocol=opt_str(c, "protocol"),
            address=opt_str(c, "address"),
            port=opt_int(c, "port"),
        )
        for c in rows(raw, "connections")
    ]
    # Local direct first, then remote direct, relays last (slow and bandwidth-capped).
    connections.sort(key=lambda c: (c.relay, not c.local))
    return PlexServerResource(
        name=opt_str(raw, "name") or "",
        machine_identifier=req_str(raw, "clientIdentifier"),
        access_token=opt_str(raw, "accessToken"),
        owned=bool(opt_bool(raw, "owned")),
        version=opt_str(raw, "productVersion"),
        presence=opt_bool(raw, "presence"),
        connections=tuple(connections),
    )
