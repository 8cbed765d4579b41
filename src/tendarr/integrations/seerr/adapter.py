"""One Overseerr or Jellyseerr as the RequestsPort: complete listings or typed errors."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from tendarr.integrations.arr.fields import Json, opt_int, opt_object
from tendarr.integrations.arr.models import read_one
from tendarr.integrations.seerr.client import SeerrClient, SeerrItemMissing
from tendarr.integrations.seerr.models import Page, parse_request, parse_user
from tendarr.ports.media_server import ServerResponseInvalid
from tendarr.ports.requests import (
    ClearedTitle,
    RequestAppStatus,
    Requester,
    RequestMediaType,
    TitleRequest,
)

PAGE_SIZE = 100
T = TypeVar("T")


class SeerrAdapter:
    """Requests, users and clearing over one app's API; no I/O until a method is called."""

    def __init__(self, client: SeerrClient, page_size: int = PAGE_SIZE) -> None:
        self._client = client
        self._page_size = page_size

    @property
    def vendor(self) -> str:
        """Return the app's name as errors show it."""
        return self._client.vendor

    def check(self) -> RequestAppStatus:
        """Return the version and the API key's user (``/status`` alone checks no key)."""
        status = self._client.get("/status")
        if not isinstance(status, dict) or not isinstance(status.get("version"), str):
            raise ServerResponseInvalid(f"{self.vendor} sent no version from /status")
        me = read_one(parse_user, self._client.get("/auth/me"), self.vendor, "user")
        return RequestAppStatus(version=status["version"], acting_user=me.label())

    def requests(self) -> list[TitleRequest]:
        """Return every request (all statuses), reading pages until the total is reached."""
        return self._all("/request", {"filter": "all"}, parse_request, "request")

    def users(self) -> list[Requester]:
        """Return every user, reading pages until the total is reached."""
        return self._all("/user", {}, parse_user, "user")

    def clear(self, media_type: RequestMediaType, tmdb_id: int) -> ClearedTitle:
        """Delete the title's requests, then its media row (so it can be requested again)."""
        try:
            details = self._client.get(f"/{media_type}/{tmdb_id}", missing=f"TMDB {tmdb_id}")
        except SeerrItemMissing:
            return ClearedTitle(0, False)  # unknown to the app: nothing to clear
        if not isinstance(details, dict):
            raise ServerResponseInvalid(f"{self.vendor} sent no details for TMDB {tmdb_id}")
        media = opt_object(details, "mediaInfo")
        if media is None:
            return ClearedTitle(0, False)
        deleted = 0
        for request in _objects(media.get("requests")):
            request_id = opt_int(request, "id")
            if request_id is None:
                continue
            try:
                self._client.send("DELETE", f"/request/{request_id}", missing="such request")
                deleted += 1
            except SeerrItemMissing:
                continue  # gone already: what we wanted
        media_id = opt_int(media, "id")
        if media_id is None:
            return ClearedTitle(deleted, False)
        # Removed meanwhile: it can be requested again all the same.
        with contextlib.suppress(SeerrItemMissing):
            self._client.send("DELETE", f"/media/{media_id}", missing=f"media {media_id}")
        return ClearedTitle(deleted, True)

    def _all(
        self, path: str, params: dict[str, str], parse: Callable[[Json], T], what: str
    ) -> list[T]:
        seen: dict[int, T] = {}
        skip = 0
        while True:
            query = {**params, "take": str(self._page_size), "skip": str(skip)}
            envelope = read_one(Page.parse, self._client.get(path, query), self.vendor, "page")
            for raw in envelope.results:
                key = opt_int(raw, "id")
                if key is None:
                    raise ServerResponseInvalid(f"{self.vendor} listed a {what} without an id")
                seen[key] = read_one(parse, raw, self.vendor, what)
            if len(seen) >= envelope.total:
                return list(seen.values())
            if not envelope.results:
                raise ServerResponseInvalid(
                    f"{self.vendor} listed {len(seen)} of {envelope.total} {what}s "
                    "and then an empty page"
                )
            skip += len(envelope.results)


def _objects(value: object) -> list[Json]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def app_name(kind: str) -> str:
    """Return the vendor name errors use for a request app kind."""
    return {"overseerr": "Overseerr", "jellyseerr": "Jellyseerr"}.get(kind, kind)
