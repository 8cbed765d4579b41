"""Emby-only payloads: the paged ``/Query`` envelopes around users and libraries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from tendarr.integrations.mediabrowser.wire import Json, MalformedPayload, objects, opt_int

T = TypeVar("T")


@dataclass(frozen=True)
class QueryPage(Generic[T]):
    """One page of a QueryResult (Emby sends ``Items`` and ``TotalRecordCount`` only)."""

    items: list[T]
    total: int | None

    @classmethod
    def parser(cls, parse: Callable[[Json], T]) -> Callable[[Json], QueryPage[T]]:
        """Return a parser for a QueryResult whose items ``parse`` reads."""

        def read(body: Json) -> QueryPage[T]:
            if not isinstance(body.get("Items"), list):
                raise MalformedPayload("Items is not a list")
            return cls(
                [parse(i) for i in objects(body, "Items")], opt_int(body, "TotalRecordCount")
            )

        return read
