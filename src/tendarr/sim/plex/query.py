"""PMS listing filters and sorts: ``unwatched``, ``addedAt>>=``, ``updatedAt>>=``, ``sort``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import QueryParams

from tendarr.sim.plex.library import Item
from tendarr.sim.plex.serialize import Serializer

# ``addedAt>>=N`` parses as key ``addedAt>>``; ``addedAt>=N`` as ``addedAt>`` (both mean >=).
_AT_LEAST = {
    "addedAt>>": "addedAt",
    "addedAt>": "addedAt",
    "updatedAt>>": "updatedAt",
    "updatedAt>": "updatedAt",
    "lastViewedAt>>": "lastViewedAt",
}
_AT_MOST = {
    "addedAt<<": "addedAt",
    "addedAt<": "addedAt",
    "updatedAt<<": "updatedAt",
    "updatedAt<": "updatedAt",
}
SORTABLE = {"addedAt", "updatedAt", "titleSort", "title", "year", "lastViewedAt", "viewCount"}
_STAMPS = {"addedAt", "updatedAt"}


def needs_rows(query: QueryParams) -> bool:
    """Return whether the request filters or sorts on item fields."""
    keys = set(query.keys())
    return bool(keys & (set(_AT_LEAST) | set(_AT_MOST) | {"unwatched"})) or (
        query.get("sort", "titleSort").split(":")[0] not in {"titleSort", ""}
    )


def apply(query: QueryParams, items: list[Item], serializer: Serializer) -> list[Item]:
    """Return ``items`` filtered and sorted as the query asks."""
    # Date filters and sorts read two stamps; anything else needs the whole Metadata row.
    sort_field, _, direction = query.get("sort", "titleSort").partition(":")
    filtered = [f for k, f in (_AT_LEAST | _AT_MOST).items() if k in query]
    dates_only = (
        "unwatched" not in query
        and sort_field in _STAMPS | {"titleSort", ""}
        and all(f in _STAMPS for f in filtered)
    )
    read: Callable[[Item], dict[str, Any]] = (
        serializer.stamps if dates_only else serializer.metadata
    )
    rows = {i.rating_key: read(i) for i in items}
    chosen = list(items)
    for key, field in _AT_LEAST.items():
        if key in query:
            bound = int(query[key])
            chosen = [i for i in chosen if int(rows[i.rating_key].get(field, 0)) >= bound]
    for key, field in _AT_MOST.items():
        if key in query:
            bound = int(query[key])
            chosen = [i for i in chosen if int(rows[i.rating_key].get(field, 0)) <= bound]
    if "unwatched" in query:
        want_unwatched = query["unwatched"] == "1"
        chosen = [i for i in chosen if _unwatched(rows[i.rating_key]) == want_unwatched]
    if sort_field in SORTABLE and sort_field != "titleSort":
        chosen.sort(
            key=lambda i: rows[i.rating_key].get(sort_field) or 0, reverse=direction == "desc"
        )
    elif direction == "desc":
        chosen.reverse()
    return chosen


def _unwatched(row: dict[str, Any]) -> bool:
    if "leafCount" in row:
        return bool(row["viewedLeafCount"] < row["leafCount"])
    return not row.get("viewCount")
