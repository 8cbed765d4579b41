"""A JSON API reached under one path prefix with an ``X-Api-Key`` header (*arr, *seerr)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from tendarr.integrations._http import CredentialsRejected, RequestRefused, VendorHttp
from tendarr.ports.media_server import MediaServerError, ServerAuthFailed, ServerResponseInvalid


class ApiKeyClient(ABC):
    """Call one app (the vendor name comes from ``http``) with its API key.

    Paths are relative to ``api``; the base URL may carry the app's URL base. A 404 means
    "no such item" only where the caller names the item (``missing``); anywhere else it
    means the URL is not this app's API. A rejected key (401/403) raises ServerAuthFailed
    saying where the app shows its key. Subclasses choose the other error types.
    """

    api: ClassVar[str]  # the path prefix, e.g. ``/api/v3``
    api_hint: ClassVar[str] = ""  # appended to "is the URL X's", e.g. " (v3 or later)"

    def __init__(self, http: VendorHttp, api_key: str) -> None:
        self._http = http
        self._api_key = api_key

    @property
    def vendor(self) -> str:
        """Return the app's name as errors show it."""
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
        url = self.api + path
        try:
            response = self._http.request(
                method, url, params=params, json=json, headers={"X-Api-Key": self._api_key}
            )
        except CredentialsRejected as err:
            raise ServerAuthFailed(
                f"{self.vendor} rejected the API key (HTTP {err.status}); check the API key "
                f"in {self.vendor}'s Settings → General"
            ) from err
        except RequestRefused as err:
            if err.status == 404 and missing is not None:
                raise self._item_missing(f"{self.vendor} has no {missing}") from err
            if err.status == 404:
                raise ServerResponseInvalid(
                    f"{self.vendor} has no {url}; is the URL {self.vendor}'s{self.api_hint}?"
                ) from err
            message = f"{self.vendor} refused {method} {url} (HTTP {err.status})"
            raise self._rejected(message, err.status) from err
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError as err:
            raise ServerResponseInvalid(
                f"{self.vendor} sent a body that is not JSON for {url}"
            ) from err

    @abstractmethod
    def _item_missing(self, message: str) -> MediaServerError:
        """Return the error for a 404 on an item the caller named."""

    @abstractmethod
    def _rejected(self, message: str, status: int) -> MediaServerError:
        """Return the error for any other 4xx the app answered."""
