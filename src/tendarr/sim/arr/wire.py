"""Serialise like Sonarr/Radarr: camelCase JSON, nulls omitted, UTC seconds with ``Z``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

Json = dict[str, Any]
MIN_DATE = "0001-01-01T00:00:00Z"


def utc(value: datetime | None) -> str | None:
    """Return a timestamp as Sonarr writes it (``2024-01-02T03:04:05Z``)."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(value: date | None) -> str | None:
    """Return a date at midnight UTC, as the apps send release and air dates."""
    if value is None:
        return None
    return f"{value.isoformat()}T00:00:00Z"


def span(value: timedelta) -> str:
    """Return a .NET ``TimeSpan`` in its constant ("c") format."""
    total = int(value.total_seconds())
    micro = value.microseconds
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    if days:
        text = f"{days}.{text}"
    return f"{text}.{micro * 10:07d}" if micro else text


def prune(value: Any) -> Any:
    """Drop ``None`` members recursively, as the apps' serialiser does."""
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def dumps(value: Any) -> bytes:
    """Return the JSON bytes of a body with nulls omitted."""
    return json.dumps(prune(value), indent=2).encode()


def ok(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Return a JSON response with nulls omitted."""
    return Response(dumps(value), status, headers, media_type="application/json")


def created(request: Request, value: Json) -> Response:
    """Return 201 with ``Location``, as a RestController ``Created(id)`` does."""
    location = f"{str(request.url).split('?')[0].rstrip('/')}/{value['id']}"
    return ok(value, 201, {"Location": location})


def accepted(request: Request, value: Any) -> Response:
    """Return 202, as a RestController ``Accepted(...)`` does."""
    return ok(value, 202)


def empty() -> Response:
    """Return 200 with no body, what a ``void`` action sends."""
    return Response(b"", 200)


def unauthorized() -> Response:
    """Return the bare 401 the API key handler sends."""
    return Response(b"", 401)


def not_found_problem(request: Request) -> Response:
    """Return the ASP.NET Core problem document for ``NotFound()``."""
    body = {
        "type": "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        "title": "Not Found",
        "status": 404,
        "traceId": _trace_id(request),
    }
    return Response(json.dumps(body).encode(), 404, media_type="application/problem+json")


def model_not_found(kind: str, item_id: int | str) -> Response:
    """Return the error model for a ``ModelNotFoundException`` (404)."""
    message = f"{kind} with ID {item_id} does not exist"
    description = f"NzbDrone.Core.Datastore.ModelNotFoundException: {message}"
    return ok({"message": message, "description": description}, 404)


def bad_request(content: str) -> Response:
    """Return the error model for a ``BadRequestException``."""
    return ok({"message": f"BadRequest: {content}", "content": content}, 400)


def binding_error(request: Request, field: str, problem: str) -> Response:
    """Return ASP.NET Core's model-binding validation problem (400)."""
    body = {
        "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        "title": "One or more validation errors occurred.",
        "status": 400,
        "errors": {field: [problem]},
        "traceId": _trace_id(request),
    }
    return Response(json.dumps(body).encode(), 400, media_type="application/problem+json")


async def json_problem(request: Request, exc: Exception) -> Response:
    """Answer an unreadable JSON body as ASP.NET Core's model binding does (400)."""
    return binding_error(request, "$", "The JSON value could not be converted.")


def failure(
    prop: str, message: str, value: Any = None, code: str | None = None, label: str | None = None
) -> Json:
    """Return one FluentValidation failure as the apps serialise it."""
    placeholders = {"propertyName": label or _spaced(prop), "propertyValue": value}
    return {
        "propertyName": prop,
        "errorMessage": message,
        "attemptedValue": value,
        "severity": "error",
        "errorCode": code,
        "formattedMessagePlaceholderValues": placeholders,
    }


def invalid(failures: Sequence[Json]) -> Response:
    """Return a ``ValidationException`` response: 400 with the list of failures."""
    return ok(list(failures), 400)


def int_list(request: Request, name: str) -> list[int] | None:
    """Return a repeated integer query parameter (``?ids=1&ids=2``), or None when absent."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    return [int(v) for v in values if v.strip().lstrip("-").isdigit()]


def flag(request: Request, name: str, default: bool = False) -> bool:
    """Return a boolean query parameter the way ASP.NET Core binds it."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() == "true"


def optional_int(request: Request, name: str) -> int | None:
    """Return an integer query parameter, or None when absent or not a number."""
    raw = request.query_params.get(name)
    if raw is None or not raw.strip().lstrip("-").isdigit():
        return None
    return int(raw)


def page(
    request: Request,
    records: list[Json],
    sort_keys: dict[str, Callable[[Json], Any]],
    default_key: str,
    default_direction: str = "descending",
) -> Json:
    """Return the paging envelope (``page, pageSize, sortKey, sortDirection, ...``)."""
    number = max(1, optional_int(request, "page") or 1)
    size = optional_int(request, "pageSize")
    size = 10 if size is None else max(size, 0)
    key = request.query_params.get("sortKey") or default_key
    if key not in sort_keys:
        key = default_key
    direction = request.query_params.get("sortDirection") or "default"
    if direction not in {"ascending", "descending"}:
        direction = default_direction
    ordered = sorted(records, key=sort_keys[key], reverse=direction == "descending")
    start = (number - 1) * size
    return {
        "page": number,
        "pageSize": size,
        "sortKey": key,
        "sortDirection": direction,
        "totalRecords": len(records),
        "records": ordered[start : start + size],
    }


def clean_title(title: str) -> str:
    """Return the apps' ``cleanTitle`` (lower case letters and digits)."""
    return "".join(ch for ch in title.lower() if ch.isalnum())


def slug(title: str) -> str:
    """Return Sonarr's ``titleSlug``."""
    words = "".join(ch if ch.isalnum() else " " for ch in title.lower()).split()
    return "-".join(words)


def sort_title(title: str) -> str:
    """Return the apps' ``sortTitle`` (lower case, leading article dropped)."""
    lowered = title.lower()
    for article in ("the ", "a ", "an "):
        if lowered.startswith(article):
            return lowered[len(article) :]
    return lowered


def derived_key(seed: int, app: str) -> str:
    """Return the 32-hex API key an app of this world uses."""
    return hashlib.sha256(f"{seed}:{app}:apikey".encode()).hexdigest()[:32]


def _spaced(name: str) -> str:
    out = "".join(f" {ch}" if ch.isupper() else ch for ch in name).strip()
    return out[:1].upper() + out[1:]


def _trace_id(request: Request) -> str:
    digest = hashlib.sha256(f"{request.method}{request.url.path}".encode()).hexdigest()
    return f"00-{digest[:32]}-{digest[32:48]}-00"


def parse_date(raw: str) -> datetime | None:
    """Return an ISO 8601 query date as an aware datetime, or None."""
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
