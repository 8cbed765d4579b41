"""Keep a Leaving Soon collection on every media server, and tidy sections after deletions.

The ``cleanup.collections`` job syncs, per server, one collection per library (Plex) or
one per server (Jellyfin/Emby) with every visible Leaving Soon entry's copy there; a
season or episode is shown as its show. Each server succeeds or fails on its own, and a
failed read never empties a collection (the adapters raise instead of answering empty).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from tendarr.app_settings import CleanupSettings
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.domain.servers import ServerConfig
from tendarr.ports.job_queue import JobContext
from tendarr.ports.leaving_soon_store import EntryState
from tendarr.ports.media_lifecycle import CollectionResult, MediaLifecycle, MediaLifecycleFactory
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.manage_jobs import JobService

COLLECTIONS_JOB = "cleanup.collections"
VISIBLE = frozenset({EntryState.LEAVING, EntryState.EXTENDED, EntryState.DUE})
PLEX_SETTLE_SECONDS = 10.0  # a scan has to notice the missing files before the trash empties


@dataclass(frozen=True)
class LibraryCollection:
    """One collection's sync: ``library_key`` None for a server-wide collection."""

    library_key: str | None
    wanted: int
    result: CollectionResult


@dataclass(frozen=True)
class ServerCollections:
    """One server's outcome; ``error`` says why it failed (what synced before stays)."""

    server_id: str
    server_name: str
    libraries: list[LibraryCollection] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Return whether every collection of the server synced."""
        return self.error is None


@dataclass(frozen=True)
class SectionOutcome:
    """What refreshing one library after deletions did (``trash_emptied`` None: no trash)."""

    server_id: str
    library_key: str
    refreshed: bool
    trash_emptied: bool | None
    error: str | None = None


def check_collections_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a ``cleanup.collections`` payload: it takes no fields."""
    if payload:
        raise ValidationFailed(f"unexpected fields: {sorted(payload)}")
    return {}


def start_collections_sync(jobs: JobService, actor: str | None) -> Job:
    """Queue a collection sync, or return the one already queued or running."""
    for job in jobs.find([JobState.QUEUED, JobState.RUNNING], COLLECTIONS_JOB, limit=1):
        return job
    return jobs.submit(
        COLLECTIONS_JOB, {}, priority=JobPriority.NORMAL, created_by=actor, title=None
    )


class LeavingSoonCollections:
    """Sync Leaving Soon collections; refresh sections and empty trash after deletions."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        lifecycle: MediaLifecycleFactory,
        settings: Callable[[], CleanupSettings],
        *,
        sleep: Callable[[float], None] = time.sleep,
        settle_seconds: float = PLEX_SETTLE_SECONDS,
    ) -> None:
        self._uow = uow
        self._lifecycle = lifecycle
        self._settings = settings
        self._sleep = sleep
        self._settle = settle_seconds

    def sync(self) -> list[ServerCollections]:
        """Sync every enabled server's collections with the visible Leaving Soon entries."""
        settings = self._settings()  # reads the database: never inside a unit of work
        with self._uow() as uow:
            servers = [s for s in uow.servers.all() if s.enabled]
            visible = {e.media_item_id for e in uow.leaving_soon.listing() if e.state in VISIBLE}
            targets = _targets(uow, visible)
            copies = {s.id: _copies(uow, s.id, targets) for s in servers}
        # Network calls happen after the transaction is closed.
        return [self._sync_server(s, copies[s.id], settings) for s in servers]

    def __call__(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run as the ``cleanup.collections`` job; fail only when every server failed."""
        check_collections_payload(payload)
        ctx.progress(0, None, "syncing Leaving Soon collections")
        outcomes = self.sync()
        failed = [o for o in outcomes if not o.ok]
        ctx.progress(len(outcomes) - len(failed), len(outcomes), None)
        result = {"servers": [_server_dict(o) for o in outcomes]}
        if outcomes and len(failed) == len(outcomes):
            reasons = "; ".join(f"{o.server_name}: {o.error}" for o in failed)
            raise MediaServerError(f"no server synced its collection ({reasons})")
        return result

    def refresh_sections(self, touched: Collection[tuple[str, str]]) -> list[SectionOutcome]:
        """Refresh each (server, library) once, then empty the Plex trash once per section.

        Batched per library, never per item (R10). Every refresh is started first, then
        one wait lets the scans notice the missing files, then each trash is emptied. A
        section whose refresh failed is not emptied: its scan has not seen the deletions.
        """
        with self._uow() as uow:
            configs = {s.id: s for s in uow.servers.all()}
        adapters: dict[str, MediaLifecycle] = {}
        refreshed: dict[tuple[str, str], SectionOutcome] = {}
        for server_id, library in sorted(set(touched)):
            config = configs.get(server_id)
            if config is None:
                refreshed[server_id, library] = SectionOutcome(
                    server_id, library, False, None, "the server is no longer configured"
                )
                continue
            try:
                adapter = adapters.get(server_id) or self._lifecycle(config)
                adapters[server_id] = adapter
                adapter.refresh_library(library)
            except MediaServerError as err:
                refreshed[server_id, library] = SectionOutcome(
                    server_id, library, False, None, str(err)
                )
                continue
            refreshed[server_id, library] = SectionOutcome(server_id, library, True, None)
        trash = [k for k, o in refreshed.items() if o.refreshed and adapters[k[0]].keeps_trash]
        if trash and self._settle > 0:
            self._sleep(self._settle)
        for server_id, library in trash:
            try:
                adapters[server_id].empty_trash(library)
                outcome = SectionOutcome(server_id, library, True, True)
            except MediaServerError as err:
                outcome = SectionOutcome(server_id, library, True, False, str(err))
            refreshed[server_id, library] = outcome
        return list(refreshed.values())

    def _sync_server(
        self,
        config: ServerConfig,
        copies: list[tuple[str, str]],
        settings: CleanupSettings,
    ) -> ServerCollections:
        name, promote = settings.leaving_soon_collection_name, settings.promote_collection_home
        done: list[LibraryCollection] = []
        try:
            adapter = self._lifecycle(config)
            groups = _groups(config, copies, adapter.collections_per_library)
            for library, ids in groups.items():
                result = adapter.sync_collection(library, name, ids, promote)
                done.append(LibraryCollection(library, len(ids), result))
        except MediaServerError as err:
            # Stop at the first failure: a server that is down would fail every library.
            return ServerCollections(config.id, config.name, done, str(err))
        return ServerCollections(config.id, config.name, done)


def _targets(uow: UnitOfWork, media_ids: set[int]) -> set[int]:
    """Return the movies and shows to list: a season or episode entry lists its show."""
    targets: set[int] = set()
    for media_id in sorted(media_ids):
        detail = uow.reader.item(media_id)
        if detail is None:
            continue
        show_id = detail.fields.get("show_id")
        if detail.row.kind in {"season", "episode"}:
            if isinstance(show_id, int):
                targets.add(show_id)
        else:
            targets.add(media_id)
    return targets


def _copies(uow: UnitOfWork, server_id: str, targets: set[int]) -> list[tuple[str, str]]:
    refs = uow.library.server_items_by_media(server_id, targets)
    return sorted((ref.library_id, ref.native_id) for ref in refs.values())


def _groups(
    config: ServerConfig, copies: list[tuple[str, str]], per_library: bool
) -> dict[str | None, list[str]]:
    if not per_library:
        return {None: [native for _, native in copies]}
    # Every tended library, so that one whose entries all left is emptied too.
    groups: dict[str | None, list[str]] = {lib.id: [] for lib in config.enabled_libraries()}
    for library, native in copies:
        groups.setdefault(library, []).append(native)
    return groups


def _server_dict(outcome: ServerCollections) -> dict[str, Any]:
    return {
        "server_id": outcome.server_id,
        "server": outcome.server_name,
        "ok": outcome.ok,
        "error": outcome.error,
        "collections": [
            {
                "library": lib.library_key,
                "items": lib.wanted,
                "collection_id": lib.result.collection_id,
                "added": lib.result.added,
                "removed": lib.result.removed,
                "created": lib.result.created,
                "deleted": lib.result.deleted,
            }
            for lib in outcome.libraries
        ],
    }
