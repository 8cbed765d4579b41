"""The JellyfinTrickplay port: library trickplay flags, the bridge plugin, registration.

Flags come from ``GET /Library/VirtualFolders`` (each library's ``LibraryOptions``), the
plugin from ``GET /Plugins``; registration is the plugin's
``POST /MediaPreviewBridge/Trickplay/{itemId}?width=&intervalMs=&saveWithMedia=true``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tendarr.domain.previews.readiness import (
    BRIDGE_NAME,
    BridgePlugin,
    TrickplayReadiness,
    bridge_from_plugins,
    jellyfin_readiness,
)
from tendarr.integrations.jellyfin.client import VENDOR, JellyfinClient
from tendarr.ports.media_server import ServerResponseInvalid
from tendarr.ports.preview_placement import TrickplayRegistration

REGISTER_PATH = "/MediaPreviewBridge/Trickplay/{item_id}"
_ITEM_ID = re.compile(r"^[0-9a-fA-F]{8}-?(?:[0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")


def _objects(body: Any, what: str) -> list[Mapping[str, object]]:
    if not isinstance(body, list) or not all(isinstance(entry, dict) for entry in body):
        raise ServerResponseInvalid(f"{VENDOR} sent {type(body).__name__} for {what}")
    return body


class JellyfinTrickplayPlacement:
    """Answer readiness and registration for one Jellyfin server."""

    def __init__(self, client: JellyfinClient) -> None:
        self._client = client

    def bridge(self) -> BridgePlugin:
        """Return the Media Preview Bridge plugin's state (``GET /Plugins``)."""
        return bridge_from_plugins(_objects(self._client.get("/Plugins"), "/Plugins"))

    def trickplay_readiness(self, library_id: str) -> TrickplayReadiness:
        """Return the library's trickplay flags and the plugin's state."""
        folders = _objects(self._client.get("/Library/VirtualFolders"), "/Library/VirtualFolders")
        wanted = library_id.replace("-", "").lower()
        for folder in folders:
            raw_id = folder.get("ItemId")
            if not isinstance(raw_id, str) or raw_id.replace("-", "").lower() != wanted:
                continue
            options = folder.get("LibraryOptions")
            if not isinstance(options, dict):
                raise ServerResponseInvalid(f"{VENDOR} sent no LibraryOptions for {library_id}")
            name = folder.get("Name")
            return jellyfin_readiness(
                library_id, name if isinstance(name, str) else "", options, self.bridge()
            )
        raise ServerResponseInvalid(f"{VENDOR} has no library {library_id}")

    def register_trickplay(
        self, item_id: str, width: int, interval_ms: int, *, library_id: str
    ) -> TrickplayRegistration:
        """Register tiles through the plugin, or explain what Jellyfin needs without it."""
        if not _ITEM_ID.match(item_id):
            raise ServerResponseInvalid(f"not a {VENDOR} item id: {item_id!r}")
        readiness = self.trickplay_readiness(library_id)
        if not readiness.registers_immediately:
            return TrickplayRegistration(False, readiness.advice())
        params = {"width": width, "intervalMs": interval_ms, "saveWithMedia": "true"}
        self._client.post_empty(REGISTER_PATH.format(item_id=item_id), params)
        return TrickplayRegistration(True, f"registered with Jellyfin through {BRIDGE_NAME}")
