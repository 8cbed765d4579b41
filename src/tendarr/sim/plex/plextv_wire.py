"""plex.tv wire details: XML unless the client asks for JSON, and ``errors`` bodies."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def wants_json(request: Request) -> bool:
    """Return whether the client sent ``Accept: application/json`` (plex.tv defaults to XML)."""
    return "application/json" in request.headers.get("accept", "")


def reply(request: Request, root: str, body: Any, status: int = 200) -> Response:
    """Answer ``body`` as JSON, or as XML under a ``root`` element when JSON was not asked."""
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    element = _element(root, body)
    xml = (XML_DECLARATION + ET.tostring(element, encoding="unicode")).encode()
    return Response(xml, status_code=status, media_type="application/xml")


def errors(request: Request, status: int, code: int, message: str) -> Response:
    """Answer with plex.tv's ``errors`` body."""
    body = {"errors": [{"code": code, "message": message, "status": status}]}
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    return reply(request, "errors", body["errors"], status)


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


def _element(name: str, value: Any) -> ET.Element:
    element = ET.Element(name)
    if isinstance(value, list):
        element.set("size", str(len(value)))
        for item in value:
            element.append(_element(_singular(name), item))
        return element
    if not isinstance(value, dict):
        element.set("id", _attr(value))
        return element
    for key, item in value.items():
        if isinstance(item, dict | list):
            element.append(_element(key, item))
        else:
            element.set(key, _attr(item))
    return element


def _attr(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
