"""Sonarr/Radarr and storage facts for cleanup rules, read once per facts build.

Every enabled Sonarr (shows, seasons, episodes) or Radarr (movies) is listed once; items
are matched by TVDB id (shows) or TMDB id (movies), never by title. When an instance
fails, every *arr and storage property of the items it would have covered is
``Unknown("<name>: <reason>")``: a failed fetch never reads as "not managed". An item no
instance manages has no *arr value (``None``, docs/rules.md "no value") and an unknown
root folder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tendarr.domain.arr import ArrKind, ArrMovie, ArrSeries, RootFolder
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.domain.media import ItemKind
from tendarr.domain.rules import Unknown
from tendarr.ports.arr_store import ArrFactory
from tendarr.ports.cleanup_facts import ItemFacts
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWorkFactory

ARR_SOURCE = "sonarr/radarr"
STORAGE_SOURCE = "storage"
ARR_PROPERTIES = ("arr_monitored", "arr_tags", "arr_quality_profile", "series_status")
STORAGE_PROPERTIES = ("root_free_gb", "root_free_percent")
Values = dict[str, object]
Managed = ArrSeries | ArrMovie


def unknown_all(reason: str) -> Values:
    """Every *arr and storage property unknown for ``reason``."""
    arr = Unknown(reason, ARR_SOURCE)
    storage = Unknown(reason, STORAGE_SOURCE)
    return {**dict.fromkeys(ARR_PROPERTIES, arr), **dict.fromkeys(STORAGE_PROPERTIES, storage)}


@dataclass(frozen=True)
class _Listing:
    name: str
    items: Mapping[int, Managed]  # by TVDB id (Sonarr) or TMDB id (Radarr)
    folders: Sequence[RootFolder]


@dataclass(frozen=True)
class ArrFacts:
    """What the configured instances of one kind said, folded into per-item values."""

    kind: ArrKind
    listings: Sequence[_Listing] = ()
    failure: str | None = None

    def values(self, item: ItemFacts, show: ItemFacts | None) -> Values:
        """Return the *arr and storage facts of ``item`` (``show``: its show, if any)."""
        if self.failure is not None:
            return unknown_all(self.failure)
        top = show or item
        key = top.tvdb_id if self.kind is ArrKind.SONARR else top.tmdb_id
        if key is None:
            label = "TVDB" if self.kind is ArrKind.SONARR else "TMDB"
            return unknown_all(f"it has no {label} id to find it in {self.kind.value.title()}")
        for listing in self.listings:
            found = listing.items.get(key)
            if found is not None:
                return _managed(listing, found, item)
        gone = Unknown(f"no {self.kind.value.title()} manages it", STORAGE_SOURCE)
        return {**dict.fromkeys(ARR_PROPERTIES), **dict.fromkeys(STORAGE_PROPERTIES, gone)}


class ArrFactsReader:
    """Lists every enabled instance of a kind once; ``None`` when none is configured."""

    def __init__(self, uow: UnitOfWorkFactory, connect: ArrFactory) -> None:
        self._uow = uow
        self._connect = connect

    def read(self, kind: ItemKind) -> ArrFacts | None:
        """Return the listings for ``kind``'s app (never inside a unit of work)."""
        arr = ArrKind.RADARR if kind is ItemKind.MOVIE else ArrKind.SONARR
        with self._uow() as uow:
            configs = [c for c in uow.arr.all() if c.enabled and c.kind is arr]
        if not configs:
            return None
        listings: list[_Listing] = []
        for config in configs:
            try:
                listings.append(self._list(config))
            except MediaServerError as err:
                return ArrFacts(arr, failure=f"{config.name}: {err}")
        return ArrFacts(arr, listings)

    def _list(self, config: ArrInstanceConfig) -> _Listing:
        items: dict[int, Managed] = {}
        if config.kind is ArrKind.SONARR:
            sonarr = self._connect.sonarr(config)
            items.update((s.tvdb_id, s) for s in sonarr.all_series())
            folders = sonarr.root_folders()
        else:
            radarr = self._connect.radarr(config)
            items.update((m.tmdb_id, m) for m in radarr.movies())
            folders = radarr.root_folders()
        return _Listing(config.name, items, folders)


def _managed(listing: _Listing, found: Managed, item: ItemFacts) -> Values:
    def said(what: str) -> Unknown:
        return Unknown(f"{listing.name} did not report {what}", ARR_SOURCE)

    monitored: object = found.monitored
    status: object = None
    if isinstance(found, ArrSeries):
        status = found.status.value if found.status is not None else said("a series status")
        if item.kind == "season":
            season = found.season(item.season_number) if item.season_number is not None else None
            monitored = season.monitored if season is not None else said("this season")
        elif item.kind == "episode":
            monitored = Unknown(f"{listing.name}: episode monitoring is not read yet", ARR_SOURCE)
    quality = found.quality_profile
    return {
        "arr_monitored": monitored,
        "arr_tags": list(found.tags),
        "arr_quality_profile": quality if quality is not None else said("a quality profile"),
        "series_status": status,
        **_storage(listing, found),
    }


def _storage(listing: _Listing, found: Managed) -> Values:
    folder = _folder(listing.folders, found.root_folder, found.path)
    if folder is None:
        missing = Unknown(f"{listing.name} lists no root folder holding it", STORAGE_SOURCE)
        return dict.fromkeys(STORAGE_PROPERTIES, missing)
    if folder.free_bytes is None:
        free: object = Unknown(f"{listing.name} did not report free space", STORAGE_SOURCE)
    else:
        free = folder.free_bytes
    fraction = folder.free_fraction
    percent: object = (
        fraction * 100
        if fraction is not None
        else Unknown(f"{listing.name} did not report the disk size", STORAGE_SOURCE)
    )
    return {"root_free_gb": free, "root_free_percent": percent}


def _folder(folders: Sequence[RootFolder], root: str | None, path: str | None) -> RootFolder | None:
    """The root folder named by the item, else the longest one its path lies under."""
    by_path = {f.path.rstrip("/"): f for f in folders}
    if root is not None and root.rstrip("/") in by_path:
        return by_path[root.rstrip("/")]
    if path is None:
        return None
    under = [p for p in by_path if path == p or path.startswith(p + "/")]
    return by_path[max(under, key=len)] if under else None
