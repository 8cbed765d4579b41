"""How Emby authenticates callers and words its errors."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

# Emby ships no OpenAPI here; its error bodies are short plain-text messages from its
# ServiceStack host. The exact wording below is **unverified**.


def _text(status: int, message: str) -> Response:
    return Response(message, status, media_type="text/plain; charset=utf-8")


class EmbyVendor:
    """Emby's ``X-Emby-Authorization`` header, legacy tokens and plain-text errors."""

    auth_headers = ("x-emby-authorization",)
    legacy_tokens = True  # ``X-Emby-Token`` header and ``api_key`` query (field notes §3)

    def unauthorized(self, message: str = "") -> Response:
        """Answer 401 for a missing or wrong token."""
        return _text(401, message or "Access token is invalid or expired.")

    def forbidden(self, message: str = "") -> Response:
        """Answer 403 for a caller without the right."""
        return _text(403, message or "Access denied.")

    def not_found(self, message: str = "") -> Response:
        """Answer 404 for an unknown resource."""
        return _text(404, message or "Not found.")

    def bad_request(self, message: str = "") -> Response:
        """Answer 400 for parameters Emby cannot bind."""
        return _text(400, message or "Bad request.")

    def cannot_delete(self) -> Response:
        """Answer 403 when the user may not delete media."""
        return _text(403, "Access denied.")

    def query_result(self, items: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
        """Return Emby's QueryResult: ``Items`` and ``TotalRecordCount`` only."""
        return {"Items": items, "TotalRecordCount": total}
