"""Sync a server's libraries into canonical items: change-aware, batched, guarded purge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog

from tendarr.domain.media import ItemKind, LibraryPage, RemoteItem
from tendarr.domain.servers import ServerConfig
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobContext
from tendarr.ports.library import ChildKey, FileRecord, MediaFields, ServerItemRef
from tendarr.ports.media_server import MediaServerFactory
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.frozen_heap import frozen_heap
from tendarr.services.library_records import file_record, media_fields
from tendarr.services.prefetch import prefetched
from tendarr.services.server_jobs import check_server_payload, server_lease, stored_server

log = structlog.get_logger(__name__)

# Syncs of one server never overlap; a crashed sync's lease lapses after this long.
SYNC_LEASE_SECONDS = 6 * 3600
CLOCK_SKEW_MARGIN = timedelta(minutes=15)
MAX_REPORTED_PROBLEMS = 50


@dataclass
class SyncStats:
    """What one sync did."""

    seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rekeyed: int = 0
    purged: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)
    libraries: list[str] = field(default_factory=list)
    unconfirmed_libraries: set[str] = field(default_factory=set)

    def as_result(self) -> dict[str, Any]:
        """Return the job result."""
        return {
            "seen": self.seen,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rekeyed": self.rekeyed,
            "purged": self.purged,
            "removed": self.removed,
            "problem_count": len(self.problems),
            "problems": self.problems[:MAX_REPORTED_PROBLEMS],
            "libraries": self.libraries,
        }


def check_sync_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a sync job payload: ``server_id`` and ``full`` (default true)."""
    return check_server_payload(payload, full_default=True)


class LibrarySync:
    """The ``library.sync`` job: traverse enabled libraries, upsert, purge only when sure."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        connect: MediaServerFactory,
        page_size: int = 500,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._connect = connect
        self._page_size = page_size

    def __call__(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run a sync (the job handler)."""
        server_id, full = str(payload["server_id"]), bool(payload.get("full", True))
        config = stored_server(self._uow, server_id)
        stats = SyncStats()
        if not config.enabled:
            return {**stats.as_result(), "skipped": "server is disabled"}
        busy = f"another sync of {server_id} is running"
        with (
            server_lease(
                self._uow, self._clock, ctx, f"sync:{server_id}", SYNC_LEASE_SECONDS, busy
            ),
            frozen_heap(),
        ):
            return self._sync(ctx, config, full, stats)

    def _sync(
        self, ctx: JobContext, config: ServerConfig, full: bool, stats: SyncStats
    ) -> dict[str, Any]:
        server_id = config.id
        server = self._connect(config)
        # The cursor is Tendarr's clock, the stamps are the server's: overlap by a margin so
        # a server clock running behind ours does not hide changes (unchanged items re-read
        # in the overlap cost a listing row, not a write).
        since = (
            None
            if full or config.last_sync_at is None
            else (config.last_sync_at - CLOCK_SKEW_MARGIN)
        )
        started = self._clock.now()
        try:
            for library in config.enabled_libraries():
                stats.libraries.append(library.name)
                native_media: dict[str, int] = {}
                deferred: list[RemoteItem] = []
                with self._uow() as uow:  # what we hold already: adapters may skip details
                    known = uow.library.stamps(server_id, library.id)
                pages = server.iter_library(
                    library.id, changed_since=since, page_size=self._page_size, known=known
                )
                for page in prefetched(pages):  # the next page downloads while we write
                    self._apply(server_id, library.id, page, started, stats, native_media, deferred)
                    ctx.progress(
                        stats.seen,
                        max(stats.seen, page.total or 0),
                        f"{config.name} · {library.name}",
                        failed=len(stats.problems),
                    )
                if deferred:
                    self._apply(
                        server_id,
                        library.id,
                        LibraryPage(deferred),
                        started,
                        stats,
                        native_media,
                        None,
                    )
                # Purge only after a complete traversal in which every item was identified.
                if since is None and library.id not in stats.unconfirmed_libraries:
                    self._purge(server_id, library.id, started, stats)
        except Exception as err:
            self._record(server_id, f"failed: {err}")
            raise
        with self._uow() as uow:  # plays and watchlist titles that waited for these items
            uow.household.refold(uow.household.resolve_events(server_id))
            uow.household.resolve_watchlists()
            uow.commit()
        # The next incremental sync asks for changes since this one *started*, so nothing
        # changed during the traversal is missed.
        self._record(
            server_id, f"ok: {stats.seen} items, {len(stats.problems)} problems", at=started
        )
        return stats.as_result()

    def _record(self, server_id: str, status: str, at: datetime | None = None) -> None:
        with self._uow() as uow:
            uow.servers.record_sync(server_id, at or self._clock.now(), status[:500])
            uow.commit()

    def _purge(self, server_id: str, library_id: str, started: datetime, stats: SyncStats) -> None:
        with self._uow() as uow:
            stats.purged += uow.library.purge_unseen(server_id, library_id, started)
            stats.removed += uow.library.mark_orphans_removed(self._clock.now())
            uow.commit()

    def _apply(
        self,
        server_id: str,
        library_id: str,
        page: LibraryPage,
        started: datetime,
        stats: SyncStats,
        native_media: dict[str, int],
        deferred: list[RemoteItem] | None,
    ) -> None:
        stats.problems.extend(f"{p.native_id or '?'}: {p.reason}" for p in page.problems)
        if any(p.native_id is None for p in page.problems):
            stats.unconfirmed_libraries.add(library_id)
        with self._uow() as uow:
            lib = uow.library
            lib.lock_for_writing()  # matching and inserting titles is one critical section
            wanted = {i.native_id for i in page.items} | {
                n for i in page.items for n in (i.parent_native_id, i.show_native_id) if n
            }
            refs = lib.server_items_by_native(
                server_id, [n for n in wanted if n not in native_media]
            )
            native_media.update({n: r.media_item_id for n, r in refs.items()})
            touched: list[int] = []
            # Parents before children: seasons need their show, episodes their season.
            for stage in (_TOP, {ItemKind.SEASON}, {ItemKind.EPISODE}):
                changed = []
                for item in (i for i in page.items if i.kind in stage):
                    stats.seen += 1
                    ref = refs.get(item.native_id)
                    if (
                        ref is not None
                        and item.updated_at is not None
                        and ref.remote_updated_at == item.updated_at
                    ):
                        touched.append(ref.id)
                        stats.unchanged += 1
                    else:
                        changed.append(item)
                if changed:
                    self._write(
                        uow,
                        _Stage(server_id, library_id, started, refs, native_media, stats, deferred),
                        changed,
                    )
            # An item the server holds but we could not read is still there: keep it.
            broken = [p.native_id for p in page.problems if p.native_id]
            kept = lib.server_items_by_native(server_id, broken)
            lib.touch_seen([*touched, *(r.id for r in kept.values())], started)
            uow.commit()

    def _write(self, uow: UnitOfWork, stage: _Stage, items: list[RemoteItem]) -> None:
        lib, now, stats = uow.library, self._clock.now(), stage.stats
        planned: list[_Planned] = []
        found = self._match_top(
            uow, [i for i in items if i.kind in _TOP and i.native_id not in stage.refs]
        )
        show_ids = {
            stage.native_media[i.show_native_id]
            for i in items
            if i.kind not in _TOP and i.show_native_id in stage.native_media
        }
        children = lib.children_of(show_ids) if show_ids else {}
        first_new: dict[tuple[str, str], int] = {}
        for item in items:
            ref = stage.refs.get(item.native_id)
            show_id = parent_id = None
            if item.kind not in _TOP:
                show_id = stage.native_media.get(item.show_native_id or "")
                parent_id = stage.native_media.get(item.parent_native_id or "")
                if show_id is None or (item.kind is ItemKind.EPISODE and parent_id is None):
                    if stage.deferred is not None:
                        stage.deferred.append(item)
                        stats.seen -= 1
                    else:
                        stats.problems.append(
                            f"{item.native_id}: {item.kind.value} "
                            f"'{item.title}' has no known show or season"
                        )
                    continue
            fields = media_fields(item, parent_id=parent_id, show_id=show_id)
            media_id = ref.media_item_id if ref else _lookup(item, show_id, found, children)
            key = _identity(item, show_id)
            shared = first_new.get(key) if media_id is None and key else None
            planned.append(_Planned(item, fields, media_id, ref, shared))
            if media_id is None and key and shared is None:
                first_new[key] = len(planned) - 1
        fresh = [p for p in planned if p.media_id is None and p.same_as is None]
        for plan, new_id in zip(
            fresh, lib.insert_items([p.fields for p in fresh], now), strict=True
        ):
            plan.media_id = new_id
        for plan in fresh:
            plan.new = True
        for plan in planned:
            if plan.same_as is not None:  # a second copy of a title first seen in this batch
                plan.media_id = planned[plan.same_as].media_id
                plan.new = True
        fresh_ids = {id(p) for p in fresh}  # identity: dataclass equality is O(fields)
        existing = [p for p in planned if id(p) not in fresh_ids]
        lib.update_items([(p.media_id, p.fields) for p in existing if p.media_id is not None], now)
        stats.created += len(fresh)
        stats.updated += len(existing)
        self._save_copies(uow, stage, planned)

    def _save_copies(self, uow: UnitOfWork, stage: _Stage, planned: list[_Planned]) -> None:
        lib = uow.library
        # Only titles that existed before this batch can have a copy here already.
        matched = [p.media_id for p in planned if p.media_id is not None and not (p.ref or p.new)]
        old = lib.server_items_by_media(stage.server_id, matched) if matched else {}
        natives = {p.item.native_id for p in planned}
        inserts: list[dict[str, Any]] = []
        inserted: list[_Planned] = []
        updates: list[dict[str, Any]] = []
        files: dict[int, list[FileRecord]] = {}
        for plan in planned:
            assert plan.media_id is not None
            ref_id = plan.ref.id if plan.ref else None
            prior = old.get(plan.media_id) if plan.ref is None else None
            # A copy on this server, in this library, not seen in this traversal and not in
            # this batch: the server re-keyed the item (Jellyfin rescan, moved file).
            if (
                prior is not None
                and prior.library_id == stage.library_id
                and prior.seen_at < stage.started
                and prior.native_id not in natives
            ):
                ref_id = prior.id
                stage.stats.rekeyed += 1
            row = {
                "server_id": stage.server_id,
                "native_id": plan.item.native_id,
                "media_item_id": plan.media_id,
                "library_id": stage.library_id,
                "kind": plan.item.kind.value,
                "remote_updated_at": plan.item.updated_at,
                "added_at": plan.item.added_at,
                "seen_at": stage.started,
            }
            if ref_id is None:
                inserts.append(row)
                inserted.append(plan)
            else:
                updates.append({"id": ref_id, **row})
                files[ref_id] = [file_record(f) for f in plan.item.files]
            stage.native_media[plan.item.native_id] = plan.media_id
        lib.update_server_items(updates)
        for plan, sid in zip(inserted, lib.insert_server_items(inserts), strict=True):
            files[sid] = [file_record(f) for f in plan.item.files]
        lib.replace_files(files)

    def _match_top(
        self, uow: UnitOfWork, items: list[RemoteItem]
    ) -> dict[str, dict[tuple[str, int | str], int]]:
        found: dict[str, dict[tuple[str, int | str], int]] = {}
        for kind in (ItemKind.MOVIE, ItemKind.SHOW):
            chosen = [i.ids for i in items if i.kind is kind]
            if chosen:
                found[kind.value] = uow.library.canonical_by_external(
                    kind.value,
                    [x.tmdb for x in chosen if x.tmdb is not None],
                    [x.tvdb for x in chosen if x.tvdb is not None],
                    [x.imdb for x in chosen if x.imdb is not None],
                )
        return found


_TOP = frozenset({ItemKind.MOVIE, ItemKind.SHOW})
_ORDER = {ItemKind.MOVIE: ("tmdb", "imdb", "tvdb"), ItemKind.SHOW: ("tvdb", "tmdb", "imdb")}


@dataclass
class _Stage:
    server_id: str
    library_id: str
    started: datetime
    refs: dict[str, ServerItemRef]
    native_media: dict[str, int]
    stats: SyncStats
    deferred: list[RemoteItem] | None


@dataclass
class _Planned:
    item: RemoteItem
    fields: MediaFields
    media_id: int | None
    ref: ServerItemRef | None
    same_as: int | None = None
    new: bool = False  # its canonical item was created by this batch


def _lookup(
    item: RemoteItem,
    show_id: int | None,
    found: dict[str, dict[tuple[str, int | str], int]],
    children: dict[ChildKey, int],
) -> int | None:
    if item.kind in _TOP:
        table = found.get(item.kind.value, {})
        for name in _ORDER[item.kind]:
            value = getattr(item.ids, name)
            if value is not None and (name, value) in table:
                return table[(name, value)]
        return None
    assert show_id is not None
    episode = item.episode_number if item.kind is ItemKind.EPISODE else None
    return children.get((show_id, item.kind.value, item.season_number, episode))


def _identity(item: RemoteItem, show_id: int | None) -> tuple[str, str] | None:
    """Return the key under which two copies in one batch are the same title."""
    if item.kind in _TOP:
        for name in _ORDER[item.kind]:
            value = getattr(item.ids, name)
            if value is not None:
                return (item.kind.value, f"{name}:{value}")
        return None
    episode = item.episode_number if item.kind is ItemKind.EPISODE else None
    return (item.kind.value, f"{show_id}:{item.season_number}:{episode}")
