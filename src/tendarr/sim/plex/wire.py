"""PMS wire details: token auth, JSON or XML containers, and container paging."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, TypeVar
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import Response

from tendarr.sim.model import User
from tendarr.sim.plex.state import PlexState

T = TypeVar("T")

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
UNAUTHORIZED_HTML = (
    b"<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>"
)
# XML element names PMS uses for JSON arrays (``Metadata`` depends on the item type).
_XML_NAMES = {"Guid": "Guid", "Genre": "Genre", "Location": "Location", "Setting": "Setting"}


def token(request: Request) -> str:
    """Return the X-Plex-Token from the header or the query."""
    return request.headers.get("x-plex-token") or request.query_params.get("X-Plex-Token") or ""


def authenticate(request: Request, state: PlexState) -> User | None:
    """Return the caller, or None when the token is missing or unknown."""
    return state.user_for_token(token(request))


def unauthorized() -> Response:
    """Answer as PMS does to a missing or wrong token."""
    return Response(UNAUTHORIZED_HTML, status_code=401, media_type="text/html")


def plain(status: int = 200, body: bytes = b"") -> Response:
    """Answer with an empty (or HTML) body, as PMS does for actions and errors."""
    if status >= 400 and not body:
        phrase = HTTPStatus(status).phrase
        page = (
            f"<html><head><title>{phrase}</title></head>"
            f"<body><h1>{status} {phrase}</h1></body></html>"
        )
        return Response(page.encode(), status_code=status, media_type="text/html")
    return Response(body, status_code=status, media_type="text/html")


def wants_json(request: Request) -> bool:
    """Return whether the client asked for JSON (XML is PMS's default)."""
    return "application/json" in request.headers.get("accept", "")


def container(
    request: Request, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    """Answer ``{"MediaContainer": body}`` as JSON or XML, as the client asked."""
    if wants_json(request):
        from starlette.responses import JSONResponse

        return JSONResponse({"MediaContainer": body}, headers=headers)
    root = _element("MediaContainer", body)
    xml = (XML_DECLARATION + ET.tostring(root, encoding="unicode")).encode()
    return Response(xml, media_type="text/xml;charset=utf-8", headers=headers)


def _element(name: str, body: dict[str, Any]) -> ET.Element:
    element = ET.Element(name)
    for key, value in body.items():
        if isinstance(value, list):
            for child in value:
                if isinstance(child, dict):
                    element.append(_element(_child_name(key, child), child))
        elif isinstance(value, dict):
            element.append(_element(key, value))
        elif value is not None:
            element.set(key, _attr(value))
    return element


def _child_name(key: str, child: dict[str, Any]) -> str:
    if key == "Metadata":
        return "Video" if child.get("type") in {"movie", "episode", "clip"} else "Directory"
    return _XML_NAMES.get(key, key)


def _attr(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def paging(request: Request) -> tuple[int, int | None]:
    """Return (start, size) from X-Plex-Container-Start/Size, header or query."""
    start = request.headers.get("x-plex-container-start") or request.query_params.get(
        "X-Plex-Container-Start"
    )
    size = request.headers.get("x-plex-container-size") or request.query_params.get(
        "X-Plex-Container-Size"
    )
    return int(start or 0), int(size) if size not in (None, "") else None


def page(request: Request, rows: Sequence[T]) -> tuple[list[T], dict[str, Any], dict[str, str]]:
    """Slice ``rows`` for the request; return them, container fields and headers."""
    start, size = paging(request)
    end = len(rows) if size is None else start + size
    chosen = list(rows[start:end])
    fields: dict[str, Any] = {"size": len(chosen)}
    headers: dict[str, str] = {}
    if size is not None or start:
        fields.update(totalSize=len(rows), offset=start)
        headers = {
            "X-Plex-Container-Start": str(start),
            "X-Plex-Container-Total-Size": str(len(rows)),
        }
    return chosen, fields, headers
