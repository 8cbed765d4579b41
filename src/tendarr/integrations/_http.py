"""One HTTP client wrapper for every vendor: timeouts, typed errors, polite retries."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from tendarr.ports.media_server import (
    ServerAuthFailed,
    ServerRateLimited,
    ServerResponseInvalid,
    ServerUnreachable,
)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_RETRY_AFTER = 60.0


class RequestRefused(ServerResponseInvalid):
    """The vendor refused a request with a 4xx other than 401/403/429 (``status`` says which)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class CredentialsRejected(ServerAuthFailed):
    """The vendor answered 401/403 (``status`` says which); the message says to sign in again,
    the media servers' remedy. API-key apps reword it (``ApiKeyClient``)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class VendorHttp:
    """Send requests to one vendor base URL and turn failures into MediaServerError types.

    429 answers are retried after ``Retry-After`` (or exponential back-off), 502/503/504
    and connection resets a few times; anything else is raised at once.
    """

    def __init__(
        self,
        client: httpx.Client,
        vendor: str,
        *,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        backoff: float = 1.0,
    ) -> None:
        self._client = client
        self.vendor = vendor
        self._retries = retries
        self._sleep = sleep
        self._backoff = backoff

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """Send a request; return a 2xx response or raise a MediaServerError subclass."""
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._client.request(
                    method, path, params=params, headers=headers, json=json
                )
            except httpx.TimeoutException as err:
                if attempt <= self._retries:
                    self._sleep(self._backoff * 2 ** (attempt - 1))
                    continue
                raise ServerUnreachable(f"{self.vendor} did not answer in time ({err})") from err
            except httpx.TransportError as err:
                if attempt <= self._retries and isinstance(err, httpx.RemoteProtocolError):
                    self._sleep(self._backoff * 2 ** (attempt - 1))
                    continue
                raise ServerUnreachable(f"cannot reach {self.vendor}: {err}") from err
            status = response.status_code
            if status == 429:
                wait = _retry_after(response) or self._backoff * 2 ** (attempt - 1)
                if attempt <= self._retries and wait <= MAX_RETRY_AFTER:
                    self._sleep(wait)
                    continue
                raise ServerRateLimited(f"{self.vendor} is rate limiting requests", wait)
            if status in {401, 403}:
                raise CredentialsRejected(
                    f"{self.vendor} rejected the credentials (HTTP {status}); sign in again",
                    status,
                )
            if status in {502, 503, 504} and attempt <= self._retries:
                self._sleep(self._backoff * 2 ** (attempt - 1))
                continue
            if status >= 500:
                raise ServerUnreachable(f"{self.vendor} failed with HTTP {status}")
            if status >= 400:
                raise RequestRefused(
                    f"{self.vendor} refused {method} {path} with HTTP {status}", status
                )
            return response

    def get_json(
        self,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """GET and decode JSON, raising ServerResponseInvalid for a body that is not JSON."""
        response = self.request("GET", path, params=params, headers=headers)
        try:
            return response.json()
        except ValueError as err:
            raise ServerResponseInvalid(f"{self.vendor} sent a body that is not JSON") from err


class ClientPool:
    """Hold one pooled httpx client per base URL, made on first use and closed together."""

    def __init__(
        self, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout | None = None
    ) -> None:
        self._transport = transport
        self._timeout = timeout or DEFAULT_TIMEOUT
        self._clients: dict[str, httpx.Client] = {}
        self._lock = threading.Lock()

    def client(self, url: str) -> httpx.Client:
        """Return the pooled client for ``url`` (a trailing slash names the same one)."""
        base = url.rstrip("/")
        with self._lock:
            client = self._clients.get(base)
            if client is None:
                client = self.unpooled(base)
                self._clients[base] = client
            return client

    def unpooled(self, url: str) -> httpx.Client:
        """Return a new client for ``url`` with the pool's settings; the caller closes it."""
        return httpx.Client(
            base_url=url.rstrip("/"),
            timeout=self._timeout,
            transport=self._transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        """Close every pooled client (unpooled ones stay with their owners)."""
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None
