"""Tautulli ``/api/v2`` client: one command per call, the envelope read, failures typed."""

from __future__ import annotations

from typing import Any

import httpx

from tendarr.ports.media_server import (
    ServerAuthFailed,
    ServerRateLimited,
    ServerResponseInvalid,
    ServerUnreachable,
)

VENDOR = "Tautulli"
_BAD_KEY_MESSAGES = {"invalid apikey", "parameter apikey is required"}


class TautulliCommandFailed(ServerResponseInvalid):
    """Tautulli answered a command with ``result: error`` (the message says why)."""


class TautulliClient:
    """Send commands to one Tautulli install with its API key.

    Tautulli puts its reason in the envelope even on 4xx/5xx answers, so every answer is
    read before it is judged: the admin sees "Invalid apikey", not only a status code.
    """

    def __init__(self, http: httpx.Client, base_url: str, api_key: str) -> None:
        self._http = http
        self._url = f"{base_url.rstrip('/')}/api/v2"
        self._api_key = api_key

    def call(self, cmd: str, **params: Any) -> Any:
        """Run ``cmd`` and return the envelope's ``data``; raise a MediaServerError subclass."""
        query = {"apikey": self._api_key, "cmd": cmd, "out_type": "json", **params}
        try:
            response = self._http.get(self._url, params=query)
        except httpx.TimeoutException as err:
            raise ServerUnreachable(f"{VENDOR} did not answer in time ({err})") from err
        except httpx.TransportError as err:
            raise ServerUnreachable(f"cannot reach {VENDOR}: {err}") from err
        status = response.status_code
        if status == 429:
            raise ServerRateLimited(f"{VENDOR} is rate limiting requests", _retry_after(response))
        result, message, data = _envelope(response)
        if status in {401, 403} or (result == "error" and message.lower() in _BAD_KEY_MESSAGES):
            reason = message or f"HTTP {status}"
            raise ServerAuthFailed(f"{VENDOR} rejected the API key ({reason}); check it")
        if status >= 500:
            raise ServerUnreachable(f"{VENDOR} failed on {cmd} with HTTP {status}: {message}")
        if result != "success" or status >= 400:
            raise TautulliCommandFailed(
                f"{VENDOR} refused {cmd} (HTTP {status}): {message or 'no reason given'}"
            )
        return data


def _envelope(response: httpx.Response) -> tuple[str | None, str, Any]:
    """Return ``(result, message, data)``; an answer that is no envelope is classified."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    inner = body.get("response") if isinstance(body, dict) else None
    if not isinstance(inner, dict):
        if status in {401, 403}:
            raise ServerAuthFailed(f"{VENDOR} rejected the API key (HTTP {status}); check it")
        if status >= 500:
            raise ServerUnreachable(f"{VENDOR} failed with HTTP {status}")
        raise ServerResponseInvalid(
            f"{VENDOR} sent no API envelope (HTTP {status}); is the URL Tautulli's?"
        )
    result = inner.get("result")
    message = inner.get("message")
    return (
        result if isinstance(result, str) else None,
        message if isinstance(message, str) else "",
        inner.get("data"),
    )


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("retry-after")
    try:
        return None if raw is None else max(0.0, float(raw))
    except ValueError:
        return None
