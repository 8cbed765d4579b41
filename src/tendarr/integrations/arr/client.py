"""Sonarr/Radarr ``/api/v3`` client: the API key on every call, 4xx answers typed."""

from __future__ import annotations

from tendarr.integrations._api_key_client import ApiKeyClient
from tendarr.ports.arr import ArrItemMissing, ArrRequestRejected
from tendarr.ports.media_server import MediaServerError

API = "/api/v3"


class ArrClient(ApiKeyClient):
    """Call one Sonarr or Radarr (the vendor name comes from ``http``) with its API key.

    Paths are relative to ``/api/v3``; the base URL may carry the app's URL base
    (``http://host:8989/sonarr``). A 404 means "no such item" only where the caller names
    the item (``missing``); anywhere else it means the URL is not this app's API.
    """

    api = API
    api_hint = " (v3 or later)"

    def _item_missing(self, message: str) -> MediaServerError:
        return ArrItemMissing(message)

    def _rejected(self, message: str, status: int) -> MediaServerError:
        return ArrRequestRejected(message, status)
