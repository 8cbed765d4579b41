"""The MediaServer and HouseholdSource ports over an Emby server."""

from __future__ import annotations

from tendarr.domain.household import PlaySource
from tendarr.domain.media import ServerKind
from tendarr.integrations.emby.client import VENDOR, EmbyClient
from tendarr.integrations.mediabrowser.adapter import MediaBrowserServer


class EmbyServer(MediaBrowserServer):
    """One configured Emby server; ``user_id`` scopes listings to what that user sees."""

    kind = ServerKind.EMBY
    vendor = VENDOR
    play_source = PlaySource.EMBY

    def __init__(self, client: EmbyClient, *, server_id: str, user_id: str | None = None):
        super().__init__(client, server_id=server_id, user_id=user_id)
