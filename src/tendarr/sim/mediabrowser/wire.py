"""Wire details both servers share: .NET date strings, ticks, case-blind query values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

TICKS_PER_SECOND = 10_000_000


def iso(moment: datetime) -> str:
    """Return a UTC timestamp as .NET writes it: seven fractional digits and ``Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond:06d}0Z"


def parse_date(raw: str) -> datetime:
    """Parse an ISO 8601 date the way model binding would (naive means UTC)."""
    text = raw.strip().replace("Z", "+00:00")
    if "." in text:
        head, _, tail = text.partition(".")
        digits = "".join(c for c in tail if c.isdigit())
        zone = tail[len(digits) :]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Query:
    """Query parameters looked up case-insensitively, as ASP.NET and ServiceStack bind them."""

    def __init__(self, params: Mapping[str, str]) -> None:
        self._values = {k.lower(): v for k, v in params.items()}

    @classmethod
    def of(cls, request: Request) -> Query:
        """Return the query of a request."""
        return cls(request.query_params)

    def get(self, name: str) -> str | None:
        """Return a parameter's raw value, or None when absent or empty."""
        value = self._values.get(name.lower())
        return value if value else None

    def list(self, name: str) -> list[str]:
        """Return a comma-separated parameter as a list."""
        raw = self.get(name)
        return [p.strip() for p in raw.split(",") if p.strip()] if raw else []

    def int(self, name: str) -> int | None:
        """Return an integer parameter; ValueError when it is not one."""
        raw = self.get(name)
        return None if raw is None else int(raw)

    def bool(self, name: str) -> bool | None:
        """Return a boolean parameter; ValueError when it is not one."""
        raw = self.get(name)
        if raw is None:
            return None
        if raw.lower() in {"true", "false"}:
            return raw.lower() == "true"
        raise ValueError(f"not a boolean: {raw}")


def json_response(body: Any, status: int = 200) -> Response:
    """Return compact JSON as the servers send it."""
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return Response(text, status, media_type="application/json; charset=utf-8")


def empty(status: int = 204) -> Response:
    """Return a response without a body."""
    return Response(b"", status)
