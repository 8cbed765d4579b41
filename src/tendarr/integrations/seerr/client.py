"""Overseerr/Jellyseerr ``/api/v1`` client: the API key on every call, 4xx answers typed."""

from __future__ import annotations

from tendarr.integrations._api_key_client import ApiKeyClient
from tendarr.ports.media_server import MediaServerError, ServerResponseInvalid

API = "/api/v1"


class SeerrItemMissing(ServerResponseInvalid):
    """The app has no such item (a 404 where the caller named the item)."""


class SeerrClient(ApiKeyClient):
    """Call one Overseerr or Jellyseerr (the vendor name comes from ``http``) with its key.

    A 404 means "no such item" only where the caller names the item (``missing``);
    anywhere else it means the URL is not this app's API.
    """

    api = API

    def _item_missing(self, message: str) -> MediaServerError:
        return SeerrItemMissing(message)

    def _rejected(self, message: str, status: int) -> MediaServerError:
        return ServerResponseInvalid(message)
