"""Typed views of Tautulli's ``get_history`` answer (its numbers arrive as int, float or str)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

Json = dict[str, Any]


class MalformedPayload(ValueError):
    """An answer (or one row of it) does not have the shape Tautulli documents."""


@dataclass(frozen=True)
class HistoryRow:
    """One ``get_history`` row: one viewing of one item by one Plex account."""

    row_id: int | None  # None for a stream still playing (history_table_activity)
    user_id: str
    rating_key: str
    media_type: str
    started: datetime | None
    stopped: datetime | None
    watched_status: float
    player: str | None

    @classmethod
    def parse(cls, body: Json) -> HistoryRow:
        """Read a row; raise MalformedPayload naming the first bad field."""
        return cls(
            row_id=_opt_int(body, "row_id") or _opt_int(body, "id"),
            user_id=_require_key(body, "user_id"),
            rating_key=_require_key(body, "rating_key"),
            media_type=str(body.get("media_type") or ""),
            started=_epoch(body, "started") or _epoch(body, "date"),
            stopped=_epoch(body, "stopped"),
            watched_status=_opt_float(body, "watched_status") or 0.0,
            player=_opt_text(body, "player"),
        )


@dataclass(frozen=True)
class HistoryPage:
    """The ``data`` of ``get_history``: one page of rows and how many match the filters."""

    rows: list[Json]
    records_filtered: int | None

    @classmethod
    def parse(cls, body: Any) -> HistoryPage:
        """Read the datatable envelope (rows stay raw so a bad row is named by its id)."""
        if not isinstance(body, dict):
            raise MalformedPayload(f"history is {type(body).__name__}, not an object")
        rows = body.get("data")
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise MalformedPayload("data is not a list of rows")
        return cls(rows=rows, records_filtered=_opt_int(body, "recordsFiltered"))


def _opt_float(body: Json, key: str) -> float | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise MalformedPayload(f"{key} is a boolean, not a number")
    try:
        return float(value)
    except (TypeError, ValueError) as err:
        raise MalformedPayload(f"{key} is not a number: {value!r}") from err


def _opt_int(body: Json, key: str) -> int | None:
    number = _opt_float(body, key)
    if number is None:
        return None
    if not number.is_integer():
        raise MalformedPayload(f"{key} is not a whole number: {number!r}")
    return int(number)


def _require_key(body: Json, key: str) -> str:
    number = _opt_int(body, key)
    if number is None:
        raise MalformedPayload(f"{key} is missing")
    return str(number)


def _epoch(body: Json, key: str) -> datetime | None:
    seconds = _opt_int(body, key)
    # 0 means "not yet" (a stream that has not stopped).
    return datetime.fromtimestamp(seconds, UTC) if seconds else None


def _opt_text(body: Json, key: str) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MalformedPayload(f"{key} is {type(value).__name__}, not a string")
    return value
