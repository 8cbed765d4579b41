"""Build rule ``Facts`` for every movie, show, season or episode from Tendarr's own data.

Sources Tendarr has: the library (items, server copies, files), household watch state and
watchlists, and Sonarr/Radarr with their root folders' free space when an instance is
configured (``services/cleanup_arr.py``), and Overseerr/Jellyseerr requests
(``services/cleanup_requests.py``). Sources it does not have yet (TMDB/IMDb ratings, or an
*arr or request app nobody configured) are ``Unknown`` with the reason, never null or
empty: an unknown fact keeps the item (docs/rules.md, "Facts contract"). Shows and
seasons aggregate their episodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import PROPERTIES, Facts, Unknown
from tendarr.ports.cleanup_facts import CleanupFactsSource, FileFacts, ItemFacts, LibrarySnapshot
from tendarr.services.cleanup_arr import ArrFacts, ArrFactsReader
from tendarr.services.cleanup_requests import RequestFacts, RequestFactsReader, request_values
from tendarr.services.cleanup_watch import watch_values, watchlist_values

_ARR = Unknown("Sonarr/Radarr is not connected yet", "sonarr/radarr")
_REQUESTS = Unknown("requests are not connected yet", "requests")
_STORAGE = Unknown("storage free space is not connected yet", "storage")
NOT_CONNECTED: Mapping[str, Unknown] = {
    "arr_monitored": _ARR,
    "arr_tags": _ARR,
    "arr_quality_profile": _ARR,
    "series_status": _ARR,
    "requested_by": _REQUESTS,
    "days_since_requested": _REQUESTS,
    "watched_by_requester": _REQUESTS,
    "root_free_gb": _STORAGE,
    "root_free_percent": _STORAGE,
    "tmdb_rating": Unknown("TMDB is not connected yet", "metadata"),
    "imdb_rating": Unknown("IMDb ratings are not stored yet", "metadata"),
    # Plex reports critic scores 0-10, Jellyfin 0-100: unknown until they are normalised.
    "critic_rating": Unknown("critic ratings are not normalised across servers yet", "metadata"),
    "language": Unknown("the original language is not stored yet", "metadata"),
}
_FILE_CLASSES = {
    "resolution": "resolution",
    "dynamic_range": "dynamic_range",
    "audio_profile": "audio_profile",
    "video_codec": "video_codec",
}
_NO_FILES = Unknown("no server reported a file for it", "files")
_UNCLASSIFIED = "a file could not be classified"


@dataclass(frozen=True)
class ItemFactsView:
    """One item as cleanup sees it: display fields and its rule facts."""

    id: int
    kind: ItemKind
    title: str
    facts: Facts

    @property
    def size_bytes(self) -> int | None:
        """Return the item's size (one server copy) when known."""
        value = self.facts.value("size_gb")
        return int(value) if isinstance(value, int | float) else None


class CleanupFactsBuilder:
    """Turns a batched snapshot of stored data into ``Facts`` per item."""

    def __init__(
        self,
        source: CleanupFactsSource,
        arr: ArrFactsReader | None = None,
        requests: RequestFactsReader | None = None,
    ) -> None:
        self._source = source
        self._arr = arr
        self._requests = requests

    def for_kind(
        self, kind: ItemKind, now: datetime, roots: Collection[int] | None = None
    ) -> list[ItemFactsView]:
        """Return facts for every stored item of ``kind`` (optionally under ``roots``)."""
        return self._build(kind, now, roots, self._read_requests())

    def for_item(self, item_id: int, now: datetime) -> ItemFactsView | None:
        """Return one item's facts, or None when it is not in the library."""
        return self.for_items([item_id], now).get(item_id)

    def for_items(self, item_ids: Collection[int], now: datetime) -> dict[int, ItemFactsView]:
        """Return fresh facts for several items at once (those still in the library), each
        app listed once for the whole batch rather than once per item."""
        wanted = set(item_ids)
        roots: dict[ItemKind, set[int]] = defaultdict(set)
        for item_id in wanted:
            found = self._source.root_of(item_id)
            if found is not None:
                roots[ItemKind(found[0])].add(found[1])
        if not roots:
            return {}
        asked = self._read_requests()
        return {
            view.id: view
            for kind, under in roots.items()
            for view in self._build(kind, now, under, asked)
            if view.id in wanted
        }

    def _read_requests(self) -> RequestFacts | None:
        return self._requests.read() if self._requests is not None else None

    def _build(
        self,
        kind: ItemKind,
        now: datetime,
        roots: Collection[int] | None,
        asked: RequestFacts | None,
    ) -> list[ItemFactsView]:
        snapshot = self._source.snapshot(kind is not ItemKind.MOVIE, roots)
        arr = self._arr.read(kind) if self._arr is not None else None
        return build_facts(snapshot, kind, now, arr, asked)


def build_facts(
    snapshot: LibrarySnapshot,
    kind: ItemKind,
    now: datetime,
    arr: ArrFacts | None = None,
    requests: RequestFacts | None = None,
) -> list[ItemFactsView]:
    """Return facts for every item of ``kind`` (``arr``/``requests``: what the apps said)."""
    items = {item.id: item for item in snapshot.items}
    episodes: dict[int, list[int]] = defaultdict(list)  # show or season id -> episode ids
    today = now.date()
    for item in snapshot.items:
        if item.kind == "episode" and (item.released is None or item.released <= today):
            for parent in {item.show_id, item.parent_id} - {None}:
                assert parent is not None
                episodes[parent].append(item.id)
    places: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for copy in snapshot.copies:
        places[copy.media_item_id].add((copy.server_id, copy.library_id))
    files: dict[int, list[FileFacts]] = defaultdict(list)
    for file in snapshot.files:
        files[file.media_item_id].append(file)
    watch = watch_values(snapshot, episodes, kind)
    synced: bool | Unknown = snapshot.household_synced
    if synced and snapshot.household_problem is not None:
        synced = Unknown(snapshot.household_problem, "watch history")
    lists = watchlist_values(snapshot)
    asked = request_values(snapshot, episodes, kind, requests)
    views: list[ItemFactsView] = []
    for item in snapshot.items:
        if item.kind != kind.value:
            continue
        show = items.get(item.show_id) if item.show_id is not None else None
        children = episodes[item.id] if kind in {ItemKind.SHOW, ItemKind.SEASON} else None
        values: dict[str, object] = {
            **_metadata(item, show, [items[e] for e in children or ()], now),
            **(_leaf_files(files[item.id]) if children is None else _sum(children, files)),
            "present_on_server": sorted({server for server, _ in places[item.id]}),
            **watch.get(item.id, {}),
            **lists(item.id if show is None else show.id),
            **NOT_CONNECTED,
            **asked(item, show),
            **(arr.values(item, show) if arr is not None else {}),
        }
        chosen = {k: v for k, v in values.items() if PROPERTIES[k].applies_to(kind)}
        views.append(
            ItemFactsView(
                item.id,
                kind,
                _display_title(item, show, items),
                Facts(
                    kind,
                    chosen,
                    library_ids=[f"{server}:{library}" for server, library in places[item.id]],
                    watch_history_synced=synced,
                ),
            )
        )
    return views


def _metadata(
    item: ItemFacts, show: ItemFacts | None, aired: list[ItemFacts], now: datetime
) -> dict[str, object]:
    top = show or item
    year = item.year if item.kind in {"movie", "show"} else None
    if year is None and item.kind not in {"movie", "show"} and item.released is not None:
        year = item.released.year
    last_air = max((e.released for e in aired if e.released is not None), default=None)
    return {
        "title": item.title,
        "days_since_added": item.added_at
        or Unknown("no server reported when it was added", "library"),
        "release_year": year,
        "days_since_release": item.released,
        "days_since_last_air": last_air,
        "genre": list(top.genres),
        "studio": list(item.studios),
        "network": list(top.studios),
        "content_rating": item.content_rating or top.content_rating,
        "collection": list(item.collections),
        "label": list(item.labels),
    }


def _leaf_files(files: list[FileFacts]) -> dict[str, object]:
    """Size of one server copy (the largest) and the file classes over every copy."""
    if not files:
        return {"size_gb": _NO_FILES, **dict.fromkeys(_FILE_CLASSES, _NO_FILES)}
    per_server: dict[str, int] = defaultdict(int)
    size: object = None
    for file in files:
        if file.size is None:
            size = Unknown("a file's size was not reported", "files")
        else:
            per_server[file.server_id] += file.size
    values: dict[str, object] = {"size_gb": size or max(per_server.values())}
    for name, field in _FILE_CLASSES.items():
        found = [getattr(file, field) for file in files]
        if any(value is None for value in found):
            values[name] = Unknown(_UNCLASSIFIED, "files")
        else:
            values[name] = sorted(set(found))
    return values


def _sum(children: list[int], files: Mapping[int, list[FileFacts]]) -> dict[str, object]:
    """A show or season: sizes sum over its episodes, classes are the union."""
    if not children:
        return {"size_gb": _NO_FILES, **dict.fromkeys(_FILE_CLASSES, _NO_FILES)}
    leaves = [_leaf_files(files.get(child, [])) for child in children]
    values: dict[str, object] = {}
    for name in ("size_gb", *_FILE_CLASSES):
        parts = [leaf[name] for leaf in leaves]
        unknown = next((part for part in parts if isinstance(part, Unknown)), None)
        if unknown is not None:
            values[name] = Unknown(f"an episode: {unknown.reason}", unknown.source)
        elif name == "size_gb":
            values[name] = sum(part for part in parts if isinstance(part, int))
        else:
            values[name] = sorted(set(_members(parts)))
    return values


def _members(parts: Iterable[object]) -> Iterable[str]:
    for part in parts:
        if isinstance(part, list):
            yield from (str(member) for member in part)


def _display_title(item: ItemFacts, show: ItemFacts | None, items: Mapping[int, ItemFacts]) -> str:
    if item.kind == "season" and show is not None:
        return f"{show.title} — {item.title}"
    if item.kind == "episode" and show is not None:
        season = items.get(item.parent_id) if item.parent_id is not None else None
        return f"{show.title} — {season.title if season else '?'} — {item.title}"
    return item.title
