"""HTTP client for Plex Discover (``discover.provider.plex.tv``): watchlists and titles.

Watchlist listings name titles by Discover ratingKey and ``plex://`` guid; the external
ids (tmdb/tvdb/imdb) are in the title's own ``/library/metadata/{ratingKey}``. Reading a
friend's watchlist with the owner's token (``uuid=<friend's plex.tv uuid>``) is in no
spec; the simulator documents the shape used here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

import tendarr
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.plex.client import plex_headers
from tendarr.integrations.plex.models import (
    PlexMetadata,
    PlexPayloadError,
    PlexUnreadable,
    as_row,
    container,
    opt_int,
    rows,
)
from tendarr.ports.media_server import ServerResponseInvalid

DISCOVER_URL = "https://discover.provider.plex.tv"
T = TypeVar("T")


@dataclass(frozen=True)
class WatchlistRow:
    """One watchlist title and when it was added (epoch seconds)."""

    meta: PlexMetadata
    watchlisted_at: int | None


@dataclass(frozen=True)
class WatchlistPage:
    """One page of a watchlist; each row parsed or marked unreadable."""

    entries: tuple[WatchlistRow | PlexUnreadable, ...]
    offset: int
    total_size: int | None

    @classmethod
    def parse(cls, body: object, requested_offset: int) -> WatchlistPage:
        """Parse a listing; a broken container raises, a broken row does not."""
        mc = container(body)
        raw_rows = mc.get("Metadata") or []
        if not isinstance(raw_rows, list):
            raise PlexPayloadError("MediaContainer.Metadata is not a list")
        offset = opt_int(mc, "offset")
        return cls(
            entries=tuple(_row(raw) for raw in raw_rows),
            offset=requested_offset if offset is None else offset,
            total_size=opt_int(mc, "totalSize"),
        )


class DiscoverClient:
    """Talk to Discover with whichever account token each call names."""

    def __init__(
        self,
        http: httpx.Client,
        client_identifier: str,
        *,
        base_url: str = DISCOVER_URL,
        version: str = tendarr.__version__,
        sleep: Callable[[float], None] = time.sleep,
        retries: int = 3,
    ) -> None:
        self._http = VendorHttp(http, "Plex Discover", retries=retries, sleep=sleep)
        self._base = base_url.rstrip("/")
        self._headers = plex_headers(client_identifier, version)

    def watchlist(
        self, token: str, *, start: int, size: int, uuid: str | None = None
    ) -> WatchlistPage:
        """Return one page of a watchlist, newest first (a friend's when ``uuid`` is set)."""
        params: dict[str, Any] = {
            "sort": "watchlistedAt:desc",
            "includeGuids": 1,
            "X-Plex-Container-Start": start,
            "X-Plex-Container-Size": size,
        }
        if uuid is not None:
            params["uuid"] = uuid
        body = self._get("/library/sections/watchlist/all", token, params)
        return self._parse(lambda raw: WatchlistPage.parse(raw, start), body)

    def title(self, token: str, rating_key: str) -> PlexMetadata:
        """Return a Discover title with its ``Guid`` list (the external ids)."""
        body = self._get(f"/library/metadata/{rating_key}", token)

        def parse(raw: object) -> PlexMetadata:
            found = rows(container(raw), "Metadata")
            if not found:
                raise PlexPayloadError(f"no metadata for {rating_key}")
            return PlexMetadata.parse(found[0])

        return self._parse(parse, body)

    def _get(self, path: str, token: str, params: Mapping[str, Any] | None = None) -> object:
        headers = {**self._headers, "X-Plex-Token": token}
        response = self._http.request("GET", self._base + path, params=params, headers=headers)
        try:
            return response.json()
        except ValueError as err:
            raise ServerResponseInvalid(
                f"Plex Discover sent a body that is not JSON ({path})"
            ) from err

    def _parse(self, parse: Callable[[object], T], body: object) -> T:
        try:
            return parse(body)
        except PlexPayloadError as err:
            raise ServerResponseInvalid(f"Plex Discover sent an unexpected answer: {err}") from err


def _row(raw: object) -> WatchlistRow | PlexUnreadable:
    try:
        row = as_row(raw, "watchlist entry")
        return WatchlistRow(PlexMetadata.parse(row), opt_int(row, "watchlistedAt"))
    except PlexPayloadError as err:
        return PlexUnreadable.of(raw, err)
