"""Composition of cleanup: facts, the deletion pipeline (what it reads just before acting,
its fallbacks and aftermath), Leaving Soon, VIPER, protection, restoration and requests.

Part of the composition root (like ``preview_runtime``): it is the one place that joins
the cleanup services to the media-server registry, Sonarr/Radarr, Overseerr/Jellyseerr
and the stores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from tendarr.app_settings import CleanupSettings, ViperSettings
from tendarr.integrations.arr.registry import ArrRegistry
from tendarr.integrations.registry import MediaServerRegistry
from tendarr.integrations.seerr.registry import SeerrRegistry
from tendarr.persistence.cleanup_facts import SqlCleanupFacts
from tendarr.ports.clock import Clock
from tendarr.ports.media_lifecycle import ItemNotOnServer, MediaLifecycleFactory
from tendarr.ports.media_server import ServerUnreachable
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.cleanup_arr import ArrFactsReader
from tendarr.services.cleanup_delete import AfterDeletions, DeletionPipeline
from tendarr.services.cleanup_facts import CleanupFactsBuilder
from tendarr.services.cleanup_requests import RequestFactsReader
from tendarr.services.cleanup_rules import CleanupRuleService
from tendarr.services.cleanup_run import CLEANUP_JOB, CleanupRunner, check_run_payload
from tendarr.services.deletion_aftermath import DeletionAftermath
from tendarr.services.deletion_arr import ArrDeleter
from tendarr.services.deletion_fallback import FallbackDeleter, ServerItemDeleter
from tendarr.services.deletion_gates import Situation, playing_ids
from tendarr.services.deletion_history import DeletionHistoryService
from tendarr.services.job_types import JobType
from tendarr.services.leaving_soon import LeavingSoonService
from tendarr.services.leaving_soon_collections import (
    COLLECTIONS_JOB,
    LeavingSoonCollections,
    check_collections_payload,
)
from tendarr.services.manage_arr import ArrService
from tendarr.services.manage_jobs import JobService
from tendarr.services.manage_request_apps import RequestAppService
from tendarr.services.manage_settings import SettingsService
from tendarr.services.now_playing import NowPlayingReader
from tendarr.services.protection import ProtectionService
from tendarr.services.protection_arr import ProtectInArr
from tendarr.services.request_restorations import RE_REQUEST_SCAN_SECONDS, ReRequests
from tendarr.services.restoration import RESTORE_JOB, RESTORE_TICK_SECONDS, RestorationService
from tendarr.services.restoration_run import RestorationRunner, check_restore_payload
from tendarr.services.retention import RetentionService
from tendarr.services.schedule_periodic import PeriodicTask
from tendarr.services.seerr_requests import RequestClearer
from tendarr.services.viper import ViperService
from tendarr.services.viper_inputs import ViperInputsBuilder
from tendarr.services.viper_redownloads import ViperRedownloads
from tendarr.services.viper_run import VIPER_JOB, ViperRun, check_viper_payload, start_viper_run


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


@dataclass(frozen=True)
class CleanupStarted:
    """What exists once jobs can be queued: Leaving Soon, restorations, periodic tasks."""

    leaving_soon: LeavingSoonService
    restorations: RestorationService
    tasks: list[PeriodicTask]


class CleanupServices:
    """Every cleanup service of one process: facts, the deletion pipeline, Leaving Soon and
    its collections, VIPER, protection, restoration, request apps and retention."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        sessions: sessionmaker[Session],
        clock: Clock,
        settings: SettingsService,
        media_servers: MediaServerRegistry,
        media_root: Path,
    ) -> None:
        def cleanup() -> CleanupSettings:
            return settings.current().cleanup

        def viper() -> ViperSettings:
            return settings.current().viper

        self._uow = uow
        self._clock = clock
        self._settings = settings
        self.arr_registry = ArrRegistry()
        self.seerr_registry = SeerrRegistry()
        self.facts = CleanupFactsBuilder(
            SqlCleanupFacts(sessions),
            ArrFactsReader(uow, self.arr_registry),
            RequestFactsReader(uow, self.seerr_registry),
        )
        self.collections = LeavingSoonCollections(uow, media_servers.lifecycle, cleanup)
        now_playing = NowPlayingReader(uow, media_servers.household)
        self.deletions = build_deletion_pipeline(
            uow,
            clock,
            self.facts,
            self.arr_registry,
            cleanup,
            media_root,
            LiveSituation(uow, now_playing),
            RegistryServerDeleter(uow, media_servers.lifecycle),
            DeletionAftermath(
                uow, clock, self.collections, RequestClearer(uow, self.seerr_registry)
            ),
        )
        self.runner = CleanupRunner(
            uow, clock, self.facts, cleanup, self.deletions.execute, self.collections.sync
        )
        grace = lambda: timedelta(days=viper().watchlist_grace_days)  # noqa: E731
        inputs = ViperInputsBuilder(uow, self.arr_registry, now_playing.sessions, grace)
        self.viper = ViperService(uow, clock, inputs, viper)
        self._viper_run = ViperRun(self.viper, viper, self.deletions, ViperRedownloads(uow, clock))
        self._restore = RestorationRunner(uow, clock, self.arr_registry)
        self.rules = CleanupRuleService(uow, clock, self.facts, self.viper)
        self.deletion_history = DeletionHistoryService(uow, clock)
        self.arr = ArrService(uow, clock, self.arr_registry)
        self.request_apps = RequestAppService(uow, clock, self.seerr_registry)
        self.retention = RetentionService(uow, clock, self.facts)
        self.protection = ProtectionService(uow, clock, ProtectInArr(self.arr_registry))

    def job_types(self) -> list[JobType]:
        """The cleanup jobs: runs, collections, VIPER and restorations."""
        return [
            JobType(CLEANUP_JOB, "Cleanup run", self.runner, check_run_payload),
            JobType(
                COLLECTIONS_JOB,
                "Sync Leaving Soon collections",
                self.collections,
                check_collections_payload,
            ),
            JobType(VIPER_JOB, "VIPER run", self._viper_run, check_viper_payload),
            JobType(RESTORE_JOB, "Restore deleted titles", self._restore, check_restore_payload),
        ]

    def start(self, jobs: JobService) -> CleanupStarted:
        """Build what queues jobs (once the job service exists) and the periodic tasks."""
        settings, uow, clock = self._settings, self._uow, self._clock
        leaving = LeavingSoonService(uow, clock, self.runner, jobs)
        restorations = RestorationService(uow, clock, jobs)
        tasks = [
            PeriodicTask(
                "cleanup-run",
                lambda: settings.current().cleanup.run_interval_hours * 3600.0,
                lambda: leaving.start_run((), "scheduler"),
                run_at_start=False,
            ),
            PeriodicTask(
                "viper-run",
                lambda: settings.current().viper.run_interval_hours * 3600.0,
                lambda: start_viper_run(jobs, "scheduler"),
                run_at_start=False,
            ),
            PeriodicTask(
                "restorations", lambda: RESTORE_TICK_SECONDS, restorations.tick, run_at_start=False
            ),
            PeriodicTask(
                "request-restorations",
                lambda: RE_REQUEST_SCAN_SECONDS,
                ReRequests(uow, self.seerr_registry, restorations).scan,
                run_at_start=False,
            ),
        ]
        return CleanupStarted(leaving, restorations, tasks)

    def close(self) -> None:
        """Release the *arr and request-app connections."""
        self.arr_registry.close()
        self.seerr_registry.close()
