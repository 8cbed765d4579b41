"""Sonarr/Radarr ``/api/v3`` client: the API key on every call, 4xx answers typed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tendarr.integrations._http import RequestRefused, VendorHttp
from tendarr.ports.arr import ArrItemMissing, ArrRequestRejected
from tendarr.ports.media_server import ServerResponseInvalid

API = "/api/v3"


class ArrClient:
    """Call one Sonarr or Radarr (the vendor name comes from ``http``) with its API key.

    Paths are relative to ``/api/v3``; the base URL may carry the app's URL base
    (``http://host:8989/sonarr``). A 404 means "no such item" only where the caller names
    the item (``missing``); anywhere else it means the URL is not this app's API.
    """

    def __init__(self, http: VendorHttp, api_key: str) -> None:
        self._http = http
        self._api_key = api_key

    @property
    def vendor(self) -> str:
        """Return the app's name as errors show it ("Sonarr", "Radarr")."""
        return self._http.vendor

    def get(
        self, path: str, params: Mapping[str, Any] | None = None, *, missing: str | None = None
    ) -> Any:
        """GET a JSON document."""
        return self.send("GET", path, params=params, missing=missing)

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        missing: str | None = None,
    ) -> Any:
        """Send a request and return its JSON body (None for an empty body)."""
        try:
            response = self._http.request(
                method, API + path, params=params, json=json, headers={"X-Api-Key": self._api_key}
            )
        except RequestRefused as err:
            if err.status == 404 and missing is not None:
                raise ArrItemMissing(f"{self.vendor} has no {missing}") from err
            if err.status == 404:
                raise ServerResponseInvalid(
                    f"{self.vendor} has no {API}{path}; is the URL {self.vendor}'s (v3 or later)?"
                ) from err
            raise ArrRequestRejected(
                f"{self.vendor} refused {method} {API}{path} (HTTP {err.status})", err.status
            ) from err
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError as err:
            raise ServerResponseInvalid(
                f"{self.vendor} sent a body that is not JSON for {API}{path}"
            ) from err
