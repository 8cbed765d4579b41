"""The MediaServer and HouseholdSource ports over a Jellyfin server."""

from __future__ import annotations

from tendarr.domain.household import PlaySource
from tendarr.domain.media import ServerKind
from tendarr.integrations.jellyfin.client import VENDOR, JellyfinClient
from tendarr.integrations.mediabrowser.adapter import MediaBrowserServer


class JellyfinServer(MediaBrowserServer):
    """One configured Jellyfin server; ``user_id`` scopes listings to what that user sees."""

    kind = ServerKind.JELLYFIN
    vendor = VENDOR
    play_source = PlaySource.JELLYFIN

    def __init__(self, client: JellyfinClient, *, server_id: str, user_id: str | None = None):
        super().__init__(client, server_id=server_id, user_id=user_id)
