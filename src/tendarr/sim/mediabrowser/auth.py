"""Read the MediaBrowser/Emby authorization header and resolve who is calling."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request

from tendarr.sim.mediabrowser.state import Device, ServerState, Token
from tendarr.sim.model import User

_PAIR = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|([^,\s]*))')


def parse_authorization(value: str) -> dict[str, str] | None:
    """Return the key/value pairs of a ``MediaBrowser``/``Emby`` header, or None."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() not in {"mediabrowser", "emby"}:
        return None
    return {
        m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _PAIR.finditer(rest)
    }


@dataclass
class Caller:
    """Who sent a request: the device fields and, when authenticated, the token."""

    device: Device
    token: Token | None
    has_header: bool

    @property
    def user(self) -> User | None:
        """Return the signed-in user (None for the API key or anonymous callers)."""
        return self.token.user if self.token is not None else None

    @property
    def is_admin(self) -> bool:
        """Return whether the caller may use administrator endpoints."""
        if self.token is None:
            return False
        return self.token.user is None or self.token.user.kind == "owner"


def identify(
    request: Request, state: ServerState, headers: tuple[str, ...], legacy_tokens: bool
) -> Caller:
    """Resolve the caller from the first present header in ``headers`` (and legacy tokens)."""
    pairs: dict[str, str] | None = None
    for name in headers:
        raw = request.headers.get(name)
        if raw is not None:
            pairs = parse_authorization(raw)
            if pairs is not None:
                break
    pairs = pairs or {}
    device = Device(
        client=pairs.get("client", ""),
        device=pairs.get("device", ""),
        device_id=pairs.get("deviceid", ""),
        version=pairs.get("version", ""),
    )
    value = pairs.get("token", "")
    if not value and legacy_tokens:
        value = (
            request.headers.get("x-emby-token")
            or request.headers.get("x-mediabrowser-token")
            or next((v for k, v in request.query_params.items() if k.lower() == "api_key"), "")
        )
    token = state.resolve_token(value) if value else None
    return Caller(device, token, bool(pairs))
