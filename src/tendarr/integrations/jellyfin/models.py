"""Jellyfin-only payloads (the shared item model lives in ``integrations.mediabrowser``)."""

from __future__ import annotations

from dataclasses import dataclass

from tendarr.integrations.mediabrowser.wire import Json, opt_bool, require_str


@dataclass(frozen=True)
class QuickConnectState:
    """A QuickConnectResult: show ``code`` to the user, keep ``secret`` to poll and redeem."""

    secret: str
    code: str
    authenticated: bool

    @classmethod
    def parse(cls, body: Json) -> QuickConnectState:
        """Read a QuickConnectResult."""
        return cls(
            secret=require_str(body, "Secret"),
            code=require_str(body, "Code"),
            authenticated=bool(opt_bool(body, "Authenticated")),
        )
