"""How Jellyfin authenticates callers and words its errors."""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.responses import Response

from tendarr.sim.mediabrowser.wire import json_response

_TYPES = {
    400: ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request"),
    404: ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found"),
}


class JellyfinVendor:
    """Jellyfin's auth header and error bodies (ASP.NET Core ProblemDetails)."""

    # Jellyfin reads ``Authorization`` first and still accepts ``X-Emby-Authorization``.
    auth_headers = ("authorization", "x-emby-authorization")

    def __init__(self, legacy_tokens: bool = True) -> None:
        # ``X-Emby-Token``/``api_key`` on 10.11 are **unverified** (field notes §2); a test
        # can switch them off to check an adapter does not rely on them.
        self.legacy_tokens = legacy_tokens
        self._traces = 0

    def _problem(self, status: int, extra: dict[str, Any] | None = None) -> Response:
        self._traces += 1
        trace = hashlib.sha256(f"trace{self._traces}".encode()).hexdigest()
        kind, title = _TYPES[status]
        body: dict[str, Any] = {"type": kind, "title": title, "status": status, **(extra or {})}
        body["traceId"] = f"00-{trace[:32]}-{trace[32:48]}-00"
        return json_response(body, status)

    def unauthorized(self, message: str = "") -> Response:
        """Answer 401; the authentication handler's challenge has no body."""
        if message:
            return Response(message, 401, media_type="text/plain")
        return Response(b"", 401)

    def forbidden(self, message: str = "") -> Response:
        """Answer 403: empty from an auth policy, a JSON string from a controller."""
        return json_response(message, 403) if message else Response(b"", 403)

    def not_found(self, message: str = "") -> Response:
        """Answer 404 with ProblemDetails, as ``NotFound()`` does."""
        return self._problem(404)

    def bad_request(self, message: str = "") -> Response:
        """Answer 400 with ValidationProblemDetails."""
        detail = {
            "title": "One or more validation errors occurred.",
            "errors": {"request": [message or "The request is invalid."]},
        }
        return self._problem(400, detail)

    def cannot_delete(self) -> Response:
        """Answer 401 "Unauthorized access", as LibraryController does for CanDelete."""
        return json_response("Unauthorized access", 401)

    def query_result(self, items: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
        """Return BaseItemDtoQueryResult."""
        return {"Items": items, "TotalRecordCount": total, "StartIndex": start}
