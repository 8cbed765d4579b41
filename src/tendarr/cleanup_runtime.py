"""Composition of the deletion pipeline: what it reads just before acting and its fallbacks.

Part of the composition root (like ``preview_runtime``): it is the one place that joins
the pipeline to the media-server registry, Sonarr/Radarr and the protection and request
stores.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tendarr.app_settings import CleanupSettings
from tendarr.integrations.arr.registry import ArrRegistry
from tendarr.ports.clock import Clock
from tendarr.ports.media_lifecycle import ItemNotOnServer, MediaLifecycleFactory
from tendarr.ports.media_server import ServerUnreachable
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.cleanup_delete import AfterDeletions, DeletionPipeline
from tendarr.services.cleanup_facts import CleanupFactsBuilder
from tendarr.services.deletion_arr import ArrDeleter
from tendarr.services.deletion_fallback import FallbackDeleter, ServerItemDeleter
from tendarr.services.deletion_gates import Situation, playing_ids
from tendarr.services.now_playing import NowPlayingReader


def deletion_media_root(configured: Path) -> Path | None:
    """Files are deleted directly only under an explicit media root, never under ``/``."""
    return None if configured == Path("/") else configured


class LiveSituation:
    """Reads what is playing now, what is protected and whether requests can be read."""

    def __init__(self, uow: UnitOfWorkFactory, now_playing: NowPlayingReader) -> None:
        self._uow = uow
        self._now_playing = now_playing

    def __call__(self) -> Situation:
        """Return the situation now (each server asked once)."""
        sessions = self._now_playing.sessions()
        with self._uow() as uow:
            protected = frozenset(uow.protections.protected_item_ids())
            requests = any(app.enabled for app in uow.request_apps.all())
        return Situation(
            playing=playing_ids([p.media_item_id for p in sessions.playing]),
            unavailable=dict(sessions.unavailable),
            protected=protected,
            requests_configured=requests,
        )


class RegistryServerDeleter:
    """Deletes an item on the server that holds it; an item already gone counts as done."""

    def __init__(self, uow: UnitOfWorkFactory, lifecycle: MediaLifecycleFactory) -> None:
        self._uow = uow
        self._lifecycle = lifecycle

    def delete_item(self, server_id: str, native_id: str) -> None:
        """Delete ``native_id`` on ``server_id`` (raises when the server refuses or fails)."""
        with self._uow() as uow:
            config = uow.servers.get(server_id)
        if config is None:
            raise ServerUnreachable(f"server {server_id} is no longer configured")
        try:
            self._lifecycle(config).delete_item(native_id)
        except ItemNotOnServer:
            return


def build_deletion_pipeline(
    uow: UnitOfWorkFactory,
    clock: Clock,
    facts: CleanupFactsBuilder,
    arr: ArrRegistry,
    settings: Callable[[], CleanupSettings],
    media_root: Path,
    situation: Callable[[], Situation],
    server_delete: ServerItemDeleter | None = None,
    after: AfterDeletions | None = None,
) -> DeletionPipeline:
    """Build the one deletion pipeline."""
    return DeletionPipeline(
        uow,
        clock,
        facts,
        ArrDeleter(arr),
        situation,
        settings,
        FallbackDeleter(server_delete, deletion_media_root(media_root)),
        after,
    )
