"""``Filters=`` and the ``isPlayed``/``isFavorite`` parameters of an item listing.

Both servers build one query from the request: ``isPlayed`` and ``isFavorite`` first, then
each ``Filters`` value in turn sets one property of it (``IsPlayed`` sets played to true,
``IsUnplayed`` to false, ``IsNotFolder`` folder to false, ...). Different properties are
combined with AND; two values for the same property leave the last one standing, so
``Filters=IsPlayed,IsUnplayed`` lists unplayed items and ``Filters=IsUnplayed&isPlayed=true``
lists unplayed ones too. Every user-data property is judged exactly as the item's
``UserData`` reads (``userdata.view``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tendarr.sim.mediabrowser import userdata
from tendarr.sim.mediabrowser.catalog import Catalog, Item
from tendarr.sim.mediabrowser.state import Flavor, ServerState
from tendarr.sim.mediabrowser.wire import Query
from tendarr.sim.model import User

# ItemFilter values, lower-cased (both servers parse them ignoring case).
ITEM_FILTERS = {
    "isfolder",
    "isnotfolder",
    "isunplayed",
    "isplayed",
    "isfavorite",
    "isresumable",
    "likes",
    "dislikes",
    "isfavoriteorlikes",
}


class UnknownFilter(ValueError):
    """A ``Filters`` value the server cannot parse (Emby answers 400)."""


@dataclass(frozen=True)
class ItemFilters:
    """The user-data and folder conditions of one listing; None means "either"."""

    played: bool | None = None
    favorite: bool | None = None
    folder: bool | None = None
    resumable: bool | None = None
    liked: bool | None = None
    favorite_or_liked: bool | None = None

    @property
    def need_user(self) -> bool:
        """Return whether any condition reads a user's data."""
        wanted = (self.played, self.favorite, self.resumable, self.liked, self.favorite_or_liked)
        return any(v is not None for v in wanted)


def parse(query: Query, flavor: Flavor) -> ItemFilters:
    """Return the listing's filters; ValueError for a non-boolean, UnknownFilter on Emby."""
    found = ItemFilters(played=query.bool("isPlayed"), favorite=query.bool("isFavorite"))
    for raw in query.list("filters"):
        name = raw.lower()
        if name not in ITEM_FILTERS:
            if flavor == "emby":
                # Emby's Enum.Parse throws; the wording is **unverified**.
                raise UnknownFilter(f"Requested value '{raw}' was not found.")
            continue  # Jellyfin's comma-delimited binder drops what it cannot parse
        found = _set(found, name)
    return found


def _set(found: ItemFilters, name: str) -> ItemFilters:
    """Apply one ItemFilter as the servers' item controllers do."""
    changes: dict[str, bool] = {
        "isfolder": {"folder": True},
        "isnotfolder": {"folder": False},
        "isplayed": {"played": True},
        "isunplayed": {"played": False},
        "isfavorite": {"favorite": True},
        "isresumable": {"resumable": True},
        "likes": {"liked": True},
        "dislikes": {"liked": False},
        "isfavoriteorlikes": {"favorite_or_liked": True},
    }[name]
    return replace(found, **changes)


def apply(
    filters: ItemFilters,
    state: ServerState,
    catalog: Catalog,
    user: User | None,
    pool: list[Item],
) -> list[Item]:
    """Return the items of ``pool`` that pass every condition, in their order.

    Without a user (an API key and no ``userId``) the user-data conditions are left out,
    as before: the simulator has nobody to judge them for.
    """
    if filters.folder is not None:
        pool = [i for i in pool if i.is_folder == filters.folder]
    if user is None or not filters.need_user:
        return pool
    return [i for i in pool if _passes(filters, userdata.view(state, catalog, user, i))]


def _passes(filters: ItemFilters, seen: userdata.ItemView) -> bool:
    checks = (
        (filters.played, seen.played),
        (filters.favorite, seen.favorite),
        (filters.resumable, seen.resumable),
        # Likes reads the user's rating; the World keeps none, so no item is liked or
        # disliked and ``Likes``/``Dislikes`` match nothing (a NULL rating compares false).
        (filters.liked, None),
        (filters.favorite_or_liked, seen.favorite),
    )
    return all(want is None or have == want for want, have in checks)
