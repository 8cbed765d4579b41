"""Sync a server's libraries into canonical items: change-aware, batched, guarded purge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog

from tendarr.domain.errors import Conflict, NotFound, ValidationFailed
from tendarr.domain.media import ItemKind, LibraryPage, RemoteItem
from tendarr.domain.servers import ServerConfig
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobContext
from tendarr.ports.library import ChildKey, ServerItemRef
from tendarr.ports.media_server import MediaServerFactory
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.library_records import KIND_ORDER, file_record, media_fields

log = structlog.get_logger(__name__)

# Syncs of one server never overlap; a crashed sync's lease lapses after this long.
SYNC_LEASE_SECONDS = 6 * 3600
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
    """Validate a sync job payload: ``server_id`` and ``full``."""
    server_id = payload.get("server_id")
    if not isinstance(server_id, str) or not server_id:
        raise ValidationFailed("server_id is required")
    full = payload.get("full", True)
    if not isinstance(full, bool):
        raise ValidationFailed("full must be true or false")
    return {"server_id": server_id, "full": full}


class LibrarySync:
    """The ``library.sync`` job: traverse enabled libraries, upsert, purge only when sure."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        connect: MediaServerFactory,
        page_size: int = 200,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._connect = connect
        self._page_size = page_size

    def __call__(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run a sync (the job handler)."""
        server_id, full = str(payload["server_id"]), bool(payload.get("full", True))
        with self._uow() as uow:
            config = uow.servers.get(server_id)
        if config is None:
            raise NotFound(f"server {server_id} does not exist")
        stats = SyncStats()
        if not config.enabled:
            return {**stats.as_result(), "skipped": "server is disabled"}
        lease = f"sync:{server_id}"
        holder = f"job:{ctx.job_id}:{ctx.attempt}"
        with self._uow() as uow:
            mine = uow.leases.acquire(lease, holder, self._clock.now(), SYNC_LEASE_SECONDS)
            uow.commit()
        if not mine:  # the runner retries later with back-off
            raise Conflict(f"another sync of {server_id} is running")
        try:
            return self._sync(ctx, config, full, stats)
        finally:
            with self._uow() as uow:
                uow.leases.release(lease, holder)
                uow.commit()

    def _sync(
        self, ctx: JobContext, config: ServerConfig, full: bool, stats: SyncStats
    ) -> dict[str, Any]:
        server_id = config.id
        server = self._connect(config)
        since = None if full or config.last_sync_at is None else config.last_sync_at
        started = self._clock.now()
        try:
            for library in config.enabled_libraries():
                stats.libraries.append(library.name)
                native_media: dict[str, int] = {}
                deferred: list[RemoteItem] = []
                for page in server.iter_library(
                    library.id, changed_since=since, page_size=self._page_size
                ):
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
        items = sorted(page.items, key=lambda i: KIND_ORDER[i.kind])
        with self._uow() as uow:
            lib = uow.library
            wanted = {i.native_id for i in items} | {
                n for i in items for n in (i.parent_native_id, i.show_native_id) if n
            }
            refs = lib.server_items_by_native(server_id, wanted - set(native_media))
            native_media.update({n: r.media_item_id for n, r in refs.items()})
            unchanged: list[int] = []
            children: dict[int, dict[ChildKey, int]] = {}
            for item in items:
                stats.seen += 1
                ref = refs.get(item.native_id)
                if (
                    ref is not None
                    and item.updated_at is not None
                    and ref.remote_updated_at == item.updated_at
                ):
                    unchanged.append(ref.id)
                    stats.unchanged += 1
                    continue
                outcome = self._store(
                    uow, server_id, library_id, item, ref, started, native_media, stats, children
                )
                if outcome is None and deferred is not None:
                    deferred.append(item)
                    stats.seen -= 1
                elif outcome is None:
                    stats.problems.append(
                        f"{item.native_id}: {item.kind.value} "
                        f"'{item.title}' has no known show or season"
                    )
            # An item the server holds but we could not read is still there: keep it.
            broken = [p.native_id for p in page.problems if p.native_id]
            kept = lib.server_items_by_native(server_id, broken)
            lib.touch_seen([*unchanged, *(r.id for r in kept.values())], started)
            uow.commit()

    def _store(
        self,
        uow: UnitOfWork,
        server_id: str,
        library_id: str,
        item: RemoteItem,
        ref: ServerItemRef | None,
        started: datetime,
        native_media: dict[str, int],
        stats: SyncStats,
        children: dict[int, dict[ChildKey, int]],
    ) -> int | None:
        lib = uow.library
        now = self._clock.now()
        show_id = parent_id = None
        if item.kind in {ItemKind.SEASON, ItemKind.EPISODE}:
            show_id = native_media.get(item.show_native_id or "")
            parent_id = native_media.get(item.parent_native_id or "")
            if show_id is None or (item.kind is ItemKind.EPISODE and parent_id is None):
                return None
        fields = media_fields(item, parent_id=parent_id, show_id=show_id)
        media_id = ref.media_item_id if ref else self._match(uow, item, show_id, children)
        if media_id is None:
            media_id = lib.insert_item(fields, now)
            stats.created += 1
        else:
            lib.update_item(media_id, fields, now)
            stats.updated += 1
        ref_id = ref.id if ref else None
        if ref is None:
            old = lib.server_items_by_media(server_id, [media_id]).get(media_id)
            # A copy on this server, in this library, not yet seen in this traversal: the
            # server re-keyed the item (a Jellyfin rescan, a moved file) — keep its identity.
            if old is not None and old.library_id == library_id and old.seen_at < started:
                ref_id = old.id
                stats.rekeyed += 1
        sid = lib.save_server_item(
            ref_id,
            server_id,
            item.native_id,
            media_id,
            library_id,
            item.kind.value,
            item.updated_at,
            item.added_at,
            started,
        )
        lib.replace_files(sid, [file_record(f) for f in item.files])
        native_media[item.native_id] = media_id
        return media_id

    @staticmethod
    def _match(
        uow: UnitOfWork,
        item: RemoteItem,
        show_id: int | None,
        children: dict[int, dict[ChildKey, int]],
    ) -> int | None:
        lib = uow.library
        if item.kind in {ItemKind.MOVIE, ItemKind.SHOW}:
            ids = item.ids
            found = lib.canonical_by_external(
                item.kind.value,
                [ids.tmdb] if ids.tmdb else [],
                [ids.tvdb] if ids.tvdb else [],
                [ids.imdb] if ids.imdb else [],
            )
            order = (
                ("tvdb", "tmdb", "imdb") if item.kind is ItemKind.SHOW else ("tmdb", "imdb", "tvdb")
            )
            for name in order:
                value = getattr(ids, name)
                if value is not None and (name, value) in found:
                    return found[(name, value)]
            return None
        assert show_id is not None
        if show_id not in children:
            children[show_id] = lib.children_of([show_id])
        episode = item.episode_number if item.kind is ItemKind.EPISODE else None
        return children[show_id].get((show_id, item.kind.value, item.season_number, episode))
