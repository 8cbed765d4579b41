"""The MediaServer port over a Jellyfin server (the shared MediaBrowser adapter)."""

from __future__ import annotations

from tendarr.domain.media import ServerKind
from tendarr.integrations.jellyfin.client import VENDOR, JellyfinClient
from tendarr.integrations.mediabrowser.adapter import MediaBrowserServer


class JellyfinServer(MediaBrowserServer):
    """One configured Jellyfin server; ``user_id`` scopes listings to what that user sees."""

    kind = ServerKind.JELLYFIN
    vendor = VENDOR

    def __init__(self, client: JellyfinClient, *, server_id: str, user_id: str | None = None):
        super().__init__(client, server_id=server_id, user_id=user_id)
