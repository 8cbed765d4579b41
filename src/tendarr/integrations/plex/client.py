"""HTTP client for one Plex Media Server: headers, paging and typed answers."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import httpx

import tendarr
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.plex.history import PlexRowsPage
from tendarr.integrations.plex.models import (
    PlexMetadataPage,
    PlexPayloadError,
    PlexSection,
    PlexServerInfo,
    Row,
    container,
    rows,
)
from tendarr.ports.media_server import ServerResponseInvalid

PRODUCT = "Tendarr"
TYPE_NUMBERS = {"movie": 1, "show": 2, "season": 3, "episode": 4}
A = TypeVar("A")
T = TypeVar("T")


class PlexRequestRefused(ServerResponseInvalid):
    """PMS refused a request with a 4xx other than 401/403/429 (a 404 for a gone item)."""


def plex_headers(client_identifier: str, version: str) -> dict[str, str]:
    """Return the identification headers every Plex request carries (no token)."""
    return {
        "X-Plex-Client-Identifier": client_identifier,
        "X-Plex-Product": PRODUCT,
        "X-Plex-Version": version,
        "Accept": "application/json",
    }


class PlexServerHttp:
    """Send requests to one PMS at ``base_url`` with a token; decode and parse its answers.

    The base of the read client (PlexClient) and the cleanup client (PlexLifecycleClient).
    """

    def __init__(
        self,
        http: httpx.Client,
        base_url: str,
        token: str,
        client_identifier: str,
        *,
        version: str = tendarr.__version__,
        sleep: Callable[[float], None] = time.sleep,
        retries: int = 3,
    ) -> None:
        self._http = VendorHttp(http, "Plex", retries=retries, sleep=sleep)
        self._base = base_url.rstrip("/")
        self._headers = {**plex_headers(client_identifier, version), "X-Plex-Token": token}

    def _send(
        self, method: str, path: str, params: Mapping[str, Any] | None = None
    ) -> httpx.Response:
        return self._http.request(method, self._base + path, params=params, headers=self._headers)

    @staticmethod
    def _json(response: httpx.Response, where: str = "") -> Any:
        try:
            return response.json()
        except ValueError as err:
            raise ServerResponseInvalid(f"Plex sent a body that is not JSON{where}") from err

    @staticmethod
    def _parse(parse: Callable[[A], T], body: A) -> T:
        try:
            return parse(body)
        except PlexPayloadError as err:
            raise ServerResponseInvalid(f"Plex sent an unexpected answer: {err}") from err


class PlexClient(PlexServerHttp):
    """Talk to one PMS at ``base_url`` with a server or account token."""

    def server_info(self) -> PlexServerInfo:
        """Return ``GET /``: name, machine id and version (checks the token)."""
        return self._parse(PlexServerInfo.parse, self._get("/"))

    def identity(self) -> PlexServerInfo:
        """Return ``GET /identity`` (answered without checking the token)."""
        return self._parse(PlexServerInfo.parse, self._get("/identity"))

    def sections(self) -> list[PlexSection]:
        """Return every library section."""
        body = self._get("/library/sections/all")

        def parse(raw: object) -> list[PlexSection]:
            return [PlexSection.parse(d) for d in rows(container(raw), "Directory")]

        return self._parse(parse, body)

    def section_items(
        self,
        section_key: str,
        plex_type: int,
        *,
        start: int,
        size: int,
        updated_since: int | None = None,
    ) -> PlexMetadataPage:
        """Return one page of a section's items of one type, with their ``Guid`` list.

        The explicit ``type`` keeps collections out of the listing and ``totalSize``
        consistent; ``updated_since`` (epoch seconds) asks PMS for ``updatedAt >=`` it.
        """
        params: dict[str, Any] = {
            "type": plex_type,
            "includeGuids": 1,
            "X-Plex-Container-Start": start,
            "X-Plex-Container-Size": size,
        }
        if updated_since is not None:
            params["updatedAt>>"] = updated_since  # sent as ``updatedAt>>=<epoch>``
        body = self._get(f"/library/sections/{section_key}/all", params)
        return self._parse(lambda raw: PlexMetadataPage.parse(raw, start), body)

    def metadata(self, rating_keys: Sequence[str]) -> PlexMetadataPage:
        """Return full detail (Media, Part, Stream, credits) for a batch of ratingKeys."""
        body = self._get(f"/library/metadata/{','.join(rating_keys)}")
        return self._parse(PlexMetadataPage.parse, body)

    def item_tree(self, rating_key: str) -> Any:
        """Return ``GET /library/metadata/{ratingKey}/tree`` raw: items down to MediaPart hashes.

        Pass the bare ratingKey (``54321``), never the item ``key``.
        """
        return self._get(f"/library/metadata/{rating_key}/tree")

    def history(self, *, start: int, size: int, viewed_since: int | None = None) -> PlexRowsPage:
        """Return one page of play history, newest first (``viewedAt >=`` the epoch given)."""
        params: dict[str, Any] = {
            "sort": "viewedAt:desc",
            "X-Plex-Container-Start": start,
            "X-Plex-Container-Size": size,
        }
        if viewed_since is not None:
            params["viewedAt>"] = viewed_since  # sent as ``viewedAt>=<epoch>``
        body = self._get("/status/sessions/history/all", params)
        return self._parse(lambda raw: PlexRowsPage.parse(raw, start), body)

    def sessions(self) -> list[Row]:
        """Return the rows of ``/status/sessions``: what is playing now (admin token)."""
        body = self._get("/status/sessions")
        return self._parse(lambda raw: rows(container(raw), "Metadata"), body)

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        try:
            response = self._send("GET", path, params)
        except ServerResponseInvalid as err:  # from request(): always a 4xx answer
            raise PlexRequestRefused(str(err)) from err
        return self._json(response, f" ({path})")
