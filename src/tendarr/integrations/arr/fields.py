"""Read Sonarr/Radarr JSON field by field: absent or null is None, a wrong type is malformed.

Both apps are ASP.NET Core services: camelCase keys, nulls omitted, ``DateTime.MinValue``
(``0001-01-01T00:00:00Z``) for "never".
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any, TypeVar

Json = dict[str, Any]
E = TypeVar("E", bound=enum.StrEnum)


class MalformedPayload(ValueError):
    """A payload (or one item of it) does not have the shape the app documents."""


def opt_int(obj: Json, key: str) -> int | None:
    """Return an integer field, or None."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise MalformedPayload(f"{key} is {type(value).__name__}, not an integer")


def require_int(obj: Json, key: str) -> int:
    """Return an integer field that must be present."""
    value = opt_int(obj, key)
    if value is None:
        raise MalformedPayload(f"{key} is missing")
    return value


def positive_id(obj: Json, key: str) -> int | None:
    """Return an id field; 0 (the apps' "none") and absence are None."""
    value = opt_int(obj, key)
    return value if value else None


def opt_str(obj: Json, key: str) -> str | None:
    """Return a string field; absent, null or empty is None."""
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    raise MalformedPayload(f"{key} is {type(value).__name__}, not a string")


def require_str(obj: Json, key: str) -> str:
    """Return a non-empty string field."""
    value = opt_str(obj, key)
    if value is None:
        raise MalformedPayload(f"{key} is missing")
    return value


def opt_enum(obj: Json, key: str, kind: type[E]) -> E | None:
    """Return a string field as a member of ``kind``; a value it lacks is None (unknown)."""
    raw = opt_str(obj, key)
    if raw is None:
        return None
    try:
        return kind(raw)
    except ValueError:
        return None


def opt_bool(obj: Json, key: str) -> bool | None:
    """Return a boolean field, or None."""
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise MalformedPayload(f"{key} is {type(value).__name__}, not a boolean")


def require_bool(obj: Json, key: str) -> bool:
    """Return a boolean field that must be present."""
    value = opt_bool(obj, key)
    if value is None:
        raise MalformedPayload(f"{key} is missing")
    return value


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


def ints(obj: Json, key: str) -> tuple[int, ...]:
    """Return a list-of-integers field (empty when absent)."""
    value = obj.get(key)
    if value is None:
        return ()
    if isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return tuple(value)
    raise MalformedPayload(f"{key} is not a list of integers")


def opt_datetime(obj: Json, key: str) -> datetime | None:
    """Return a timestamp as an aware UTC datetime (naive means UTC); "never" is None."""
    raw = opt_str(obj, key)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as err:
        raise MalformedPayload(f"{key} is not a timestamp: {raw!r}") from err
    if moment.year == 1:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def opt_date(obj: Json, key: str) -> date | None:
    """Return a calendar date field (``2024-01-02``, or a timestamp's UTC day)."""
    raw = opt_str(obj, key)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        moment = opt_datetime(obj, key)
        return moment.date() if moment is not None else None


def describe(body: Json) -> str:
    """Return how to name an item in an error: its id and title, when it has them."""
    parts = []
    if isinstance(body.get("id"), int):
        parts.append(f"id {body['id']}")
    title = body.get("title")
    if isinstance(title, str) and title:
        parts.append(repr(title))
    return " ".join(parts) or "without an id"
