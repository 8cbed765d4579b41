"""Condition values: parse them from a rule document by shape, and write them back."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from tendarr.domain.rules.errors import InvalidRule
from tendarr.domain.rules.model import ConditionValue
from tendarr.domain.rules.operators import Shape

MAX_TEXT = 500
MAX_REGEX = 200
MAX_MEMBERS = 200
MAX_MAGNITUDE = 1e12

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def _number(raw: object, path: str) -> int | float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InvalidRule(path, f"must be a number, got {_kind(raw)}")
    if not math.isfinite(raw) or abs(raw) > MAX_MAGNITUDE:
        raise InvalidRule(path, f"must be a finite number of at most {MAX_MAGNITUDE:g}")
    return raw


def _text(raw: object, path: str) -> str:
    if not isinstance(raw, str):
        raise InvalidRule(path, f"must be a string, got {_kind(raw)}")
    if not raw.strip():
        raise InvalidRule(path, "must not be empty")
    if len(raw) > MAX_TEXT:
        raise InvalidRule(path, f"must be at most {MAX_TEXT} characters")
    return raw


def _user(raw: object, path: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise InvalidRule(path, f"must be a user id (a positive integer), got {raw!r}")
    return raw


def _members(raw: object, path: str) -> list[object]:
    if not isinstance(raw, list | tuple):
        raise InvalidRule(path, f"must be a list, got {_kind(raw)}")
    if not raw:
        raise InvalidRule(path, "must not be empty")
    if len(raw) > MAX_MEMBERS:
        raise InvalidRule(path, f"must have at most {MAX_MEMBERS} members")
    return list(raw)


def _date(raw: object, path: str) -> date:
    if not isinstance(raw, str):
        raise InvalidRule(path, f"must be an ISO date string, got {_kind(raw)}")
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidRule(path, f"{raw!r} is not an ISO date (YYYY-MM-DD) or datetime") from None
    if moment.tzinfo is None:
        raise InvalidRule(path, "a datetime needs a UTC offset (e.g. 2024-05-01T12:00:00Z)")
    return moment


def _regex(raw: object, path: str) -> str:
    pattern = _text(raw, path)
    if len(pattern) > MAX_REGEX:
        raise InvalidRule(path, f"a pattern must be at most {MAX_REGEX} characters")
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise InvalidRule(path, f"invalid regular expression: {error}") from None
    return pattern


def _range(raw: object, path: str) -> tuple[float, float]:
    members = _members(raw, path)
    if len(members) != 2:
        raise InvalidRule(path, "must be a list [low, high] of two numbers")
    low, high = _number(members[0], f"{path}[0]"), _number(members[1], f"{path}[1]")
    if low > high:
        raise InvalidRule(path, f"low ({low}) must not be greater than high ({high})")
    return (low, high)


def parse_value(shape: Shape, raw: object, path: str) -> ConditionValue:
    """Return the value ``raw`` as ``shape`` asks, or raise InvalidRule naming ``path``."""
    if shape is Shape.NONE:
        if raw is not None:
            raise InvalidRule(path, "this operator takes no value")
        return None
    if raw is None:
        raise InvalidRule(path, f"a value is required: {shape.value}")
    if shape is Shape.NUMBER:
        return _number(raw, path)
    if shape is Shape.NON_NEGATIVE:
        number = _number(raw, path)
        if number < 0:
            raise InvalidRule(path, "must not be negative")
        return number
    if shape is Shape.RANGE:
        return _range(raw, path)
    if shape is Shape.DATE:
        return _date(raw, path)
    if shape is Shape.TEXT:
        return _text(raw, path)
    if shape is Shape.REGEX:
        return _regex(raw, path)
    if shape is Shape.USER:
        return _user(raw, path)
    members = _members(raw, path)
    if shape is Shape.TEXTS:
        return tuple(_text(m, f"{path}[{i}]") for i, m in enumerate(members))
    return tuple(_user(m, f"{path}[{i}]") for i, m in enumerate(members))


def raw_value(value: ConditionValue) -> JsonValue:
    """Return ``value`` as it is written in a rule document (JSON-ready)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _kind(raw: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    if raw is None:
        return "null"
    if isinstance(raw, list | tuple):
        return "a list"
    if isinstance(raw, dict):
        return "an object"
    return names.get(type(raw), type(raw).__name__)
