"""Read JSON payloads field by field: absent or null is None, a wrong type is malformed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import httpx

from tendarr.ports.media_server import ServerResponseInvalid

Json = dict[str, Any]
T = TypeVar("T")

# .NET writes DateTime.MinValue for "never"; it is not a real moment.
_NEVER_YEAR = 1


class MalformedPayload(ValueError):
    """A payload (or one item of it) does not have the shape the model expects."""


def decode_object(response: httpx.Response, vendor: str) -> Json:
    """Return a response body that must be a JSON object, else raise ServerResponseInvalid."""
    try:
        body = response.json()
    except ValueError as err:
        raise ServerResponseInvalid(f"{vendor} sent a body that is not JSON") from err
    return require_object(body, vendor)


def require_object(body: Any, vendor: str) -> Json:
    """Return ``body`` if it is a JSON object, else raise ServerResponseInvalid."""
    if not isinstance(body, dict):
        raise ServerResponseInvalid(f"{vendor} sent {type(body).__name__} where an object was due")
    return body


def require_str(obj: Json, key: str) -> str:
    """Return a non-empty string field."""
    value = opt_str(obj, key)
    if not value:
        raise MalformedPayload(f"{key} is missing")
    return value


def opt_str(obj: Json, key: str) -> str | None:
    """Return a string field, or None."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise MalformedPayload(f"{key} is {type(value).__name__}, not a string")


def opt_int(obj: Json, key: str) -> int | None:
    """Return an integer field, or None."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise MalformedPayload(f"{key} is {type(value).__name__}, not an integer")


def opt_float(obj: Json, key: str) -> float | None:
    """Return a numeric field as a float, or None."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise MalformedPayload(f"{key} is {type(value).__name__}, not a number")


def opt_bool(obj: Json, key: str) -> bool | None:
    """Return a boolean field, or None."""
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise MalformedPayload(f"{key} is {type(value).__name__}, not a boolean")


def opt_object(obj: Json, key: str) -> Json | None:
    """Return an object field, or None."""
    value = obj.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise MalformedPayload(f"{key} is {type(value).__name__}, not an object")


def objects(obj: Json, key: str) -> list[Json]:
    """Return a list-of-objects field (empty when absent)."""
    value = obj.get(key)
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return value
    raise MalformedPayload(f"{key} is not a list of objects")


def strings(obj: Json, key: str) -> tuple[str, ...]:
    """Return a list-of-strings field (empty when absent)."""
    value = obj.get(key)
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise MalformedPayload(f"{key} is not a list of strings")


def opt_datetime(obj: Json, key: str) -> datetime | None:
    """Return a timestamp field as an aware UTC datetime (naive means UTC), or None."""
    raw = opt_str(obj, key)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as err:
        raise MalformedPayload(f"{key} is not a timestamp: {raw!r}") from err
    if moment.year == _NEVER_YEAR:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def opt_date(obj: Json, key: str) -> date | None:
    """Return the calendar day of a timestamp field (servers write dates as UTC midnight)."""
    moment = opt_datetime(obj, key)
    return moment.date() if moment is not None else None


def format_datetime(moment: datetime) -> str:
    """Return an aware datetime in the ISO 8601 UTC form both servers bind."""
    if moment.tzinfo is None:
        raise ValueError("changed_since must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_model(parse: Callable[[Json], T], body: Any, vendor: str) -> T:
    """Parse a whole payload; a shape we cannot read is ServerResponseInvalid."""
    try:
        return parse(require_object(body, vendor))
    except MalformedPayload as err:
        raise ServerResponseInvalid(f"{vendor} sent an unreadable answer: {err}") from err


def read_list(parse: Callable[[Json], T], body: Any, vendor: str) -> list[T]:
    """Parse a payload that is a JSON array of objects."""
    if not isinstance(body, list):
        raise ServerResponseInvalid(f"{vendor} sent {type(body).__name__} where a list was due")
    return [read_model(parse, entry, vendor) for entry in body]
