"""Composition root: settings -> database -> queue -> services -> edges. Nothing else wires."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import Engine

from tendarr.api.app import create_app
from tendarr.api.context import AppContext, WebConfig
from tendarr.api.routes import preview_viewer
from tendarr.api.routes import previews as preview_routes
from tendarr.api.schemas import JobOut
from tendarr.app_settings import seed_from_environment
from tendarr.cleanup_runtime import CleanupServices
from tendarr.domain.jobs import Job
from tendarr.integrations.arr.registry import ArrRegistry
from tendarr.integrations.registry import MediaServerRegistry
from tendarr.integrations.seerr.registry import SeerrRegistry
from tendarr.integrations.signin import MediaBrowserSignIns, PlexTvPins
from tendarr.jobs.transport import HueyJobQueue
from tendarr.jobs.workers import WorkerPool, worker_name
from tendarr.persistence.database import (
    check_connection,
    create_db_engine,
    database_kind,
    make_session_factory,
)
from tendarr.persistence.migrations import upgrade_to_head
from tendarr.persistence.unit_of_work import SqlUnitOfWorkFactory
from tendarr.ports.clock import Clock, SystemClock
from tendarr.preview_runtime import PreviewServices
from tendarr.security.secretbox import SecretBox
from tendarr.services.authenticate import AuthService
from tendarr.services.browse_library import LibraryBrowser
from tendarr.services.cleanup_rules import CleanupRuleService
from tendarr.services.deletion_history import DeletionHistoryService
from tendarr.services.demo_job import DEMO_JOB
from tendarr.services.household import HouseholdService
from tendarr.services.household_sign_in import HouseholdSignIn
from tendarr.services.job_events import EventHub, JobChangeWatcher
from tendarr.services.job_types import JobType, JobTypeRegistry
from tendarr.services.leaving_soon import LeavingSoonService
from tendarr.services.manage_arr import ArrService
from tendarr.services.manage_jobs import JobService
from tendarr.services.manage_request_apps import RequestAppService
from tendarr.services.manage_servers import SYNC_JOB, ServerService
from tendarr.services.manage_settings import SettingsService
from tendarr.services.preview_jobs import preview_job_types
from tendarr.services.preview_schedules import SCHEDULE_TICK_SECONDS
from tendarr.services.protection import ProtectionService
from tendarr.services.reap_jobs import JobReaper
from tendarr.services.restoration import RestorationService
from tendarr.services.retention import RetentionService
from tendarr.services.run_job import JobRunner
from tendarr.services.schedule_periodic import PeriodicScheduler, PeriodicTask
from tendarr.services.sign_in_servers import ServerSignIn
from tendarr.services.sync_household import HOUSEHOLD_JOB, HouseholdSync, check_household_payload
from tendarr.services.sync_library import LibrarySync, check_sync_payload
from tendarr.services.system_status import SystemStatusService
from tendarr.services.viper import ViperService
from tendarr.services.watch_servers import ServerWatcher
from tendarr.services.watchlists import OwnWatchlist
from tendarr.services.webhooks_incoming import WEBHOOK_TICK_SECONDS
from tendarr.settings import InfraSettings, resolve_secret_key


@dataclass
class Runtime:
    """Every long-lived object of one Tendarr process."""

    infra: InfraSettings
    engine: Engine
    uow: SqlUnitOfWorkFactory
    media_servers: MediaServerRegistry
    servers: ServerService
    sign_in: ServerSignIn
    plextv: PlexTvPins
    household: HouseholdService
    member_sign_in: HouseholdSignIn
    watchlist: OwnWatchlist
    library: LibraryBrowser
    clock: Clock
    queue: HueyJobQueue
    registry: JobTypeRegistry
    settings: SettingsService
    auth: AuthService
    jobs: JobService
    runner: JobRunner
    reaper: JobReaper
    scheduler: PeriodicScheduler
    status: SystemStatusService
    node: str
    previews: PreviewServices
    cleanup: CleanupRuleService | None = None
    leaving_soon: LeavingSoonService | None = None
    deletion_history: DeletionHistoryService | None = None
    arr_registry: ArrRegistry | None = None
    seerr_registry: SeerrRegistry | None = None
    request_apps: RequestAppService | None = None
    retention: RetentionService | None = None
    arr: ArrService | None = None
    viper: ViperService | None = None
    protection: ProtectionService | None = None
    restorations: RestorationService | None = None

    def close(self) -> None:
        """Release connections."""
        self.media_servers.close()
        if self.arr_registry is not None:
            self.arr_registry.close()
        if self.seerr_registry is not None:
            self.seerr_registry.close()
        self.plextv.close()
        self.previews.close()
        self.queue.close()
        self.engine.dispose()


def prepare_database(infra: InfraSettings) -> Engine:
    """Open the database (raising DatabaseUnavailable) and migrate it to head."""
    if infra.database_url is None:
        infra.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_db_engine(infra.effective_database_url)
    check_connection(engine)
    upgrade_to_head(engine)
    return engine


def build_runtime(
    infra: InfraSettings,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
) -> Runtime:
    """Build every service for this process; migrates and seeds settings on first start."""
    env = dict(os.environ if environ is None else environ)
    clock = clock or SystemClock()
    engine = prepare_database(infra)
    secret_key = resolve_secret_key(infra)
    box = SecretBox(secret_key)
    sessions = make_session_factory(engine)
    uow = SqlUnitOfWorkFactory(sessions, box)
    settings = SettingsService(uow, clock)
    settings.seed_if_empty(seed_from_environment(env))
    auth = AuthService(
        uow,
        clock,
        box,
        env_auth_method=infra.auth_method,
        env_api_key=infra.api_key.get_secret_value() if infra.api_key else None,
        session_days=lambda: settings.current().security.session_days,
    )
    queue = HueyJobQueue(infra.effective_queue_url)
    install_id = _install_id(uow)
    media_servers = MediaServerRegistry(
        install_id, plextv_url=infra.plextv_url, discover_url=infra.plex_discover_url
    )
    sync = JobType(
        name=SYNC_JOB,
        title="Sync library",
        handler=LibrarySync(uow, clock, media_servers),
        check_payload=check_sync_payload,
    )
    household_sync = JobType(
        name=HOUSEHOLD_JOB,
        title="Sync household",
        handler=HouseholdSync(uow, clock, media_servers.household, media_servers.tautulli),
        check_payload=check_household_payload,
    )
    cleanup = CleanupServices(uow, sessions, clock, settings, media_servers, infra.media_root)
    previews = PreviewServices(sessions, box, clock, settings, install_id)
    registry = JobTypeRegistry(
        [
            DEMO_JOB,
            sync,
            household_sync,
            *cleanup.job_types(),
            *preview_job_types(previews.processor),
        ]
    )
    jobs = JobService(uow, clock, queue, registry, settings)
    started = cleanup.start(jobs)
    previews.start(jobs)
    servers = ServerService(uow, clock, media_servers, jobs)
    plextv = PlexTvPins(install_id, infra.plextv_url)
    handles = SecretBox(secret_key + ":sign-in-handles")  # its own key: never opens DB secrets
    sign_in = ServerSignIn(plextv, MediaBrowserSignIns(install_id), servers, clock, handles)
    household = HouseholdService(uow, jobs, media_servers.household)
    member_sign_in = HouseholdSignIn(
        uow, clock, plextv, MediaBrowserSignIns(install_id), media_servers.household, auth
    )
    node = worker_name()
    runner = JobRunner(uow, clock, queue, registry, settings, node)
    queue.bind(runner.run)
    reaper = JobReaper(uow, clock, queue, settings)
    scheduler = PeriodicScheduler(
        uow,
        clock,
        node,
        [
            PeriodicTask(
                "reap-jobs", lambda: settings.current().jobs.reaper_interval_seconds, reaper.reap
            ),
            PeriodicTask("prune-jobs", lambda: 3600.0, lambda: _prune_jobs(uow, clock, settings)),
            PeriodicTask("expire-sessions", lambda: 3600.0, auth.expire_sessions),
            PeriodicTask(
                "library-sync",
                lambda: settings.current().sync.library_interval_minutes * 60.0,
                servers.sync_all,
                run_at_start=False,
            ),
            PeriodicTask("preview-webhooks", lambda: WEBHOOK_TICK_SECONDS, previews.tick_webhooks),
            PeriodicTask(
                "preview-schedules", lambda: SCHEDULE_TICK_SECONDS, previews.run_schedules
            ),
            PeriodicTask(
                "household-sync",
                lambda: settings.current().sync.household_interval_minutes * 60.0,
                household.sync_all,
                run_at_start=False,
            ),
            *started.tasks,
        ],
    )
    status = SystemStatusService(
        uow, clock, queue, database_kind(str(engine.url)), registry.queues()
    )
    return Runtime(
        infra,
        engine,
        uow,
        media_servers,
        servers,
        sign_in,
        plextv,
        household,
        member_sign_in,
        OwnWatchlist(uow, clock),
        LibraryBrowser(uow),
        clock,
        queue,
        registry,
        settings,
        auth,
        jobs,
        runner,
        reaper,
        scheduler,
        status,
        node,
        previews,
        cleanup=cleanup.rules,
        leaving_soon=started.leaving_soon,
        deletion_history=cleanup.deletion_history,
        arr_registry=cleanup.arr_registry,
        arr=cleanup.arr,
        seerr_registry=cleanup.seerr_registry,
        request_apps=cleanup.request_apps,
        retention=cleanup.retention,
        viper=cleanup.viper,
        protection=cleanup.protection,
        restorations=started.restorations,
    )


def _install_id(uow: SqlUnitOfWorkFactory) -> str:
    """Return this installation's stable client identifier (created once, kept in the DB)."""
    with uow() as work:
        existing = work.kv.get("install_id")
        if isinstance(existing, str):
            return existing
        created = str(uuid.uuid4())
        work.kv.put("install_id", created)
        work.commit()
    with uow() as work:  # another process may have won the race: use what is stored
        stored = work.kv.get("install_id")
    return stored if isinstance(stored, str) else created


def _prune_jobs(uow: SqlUnitOfWorkFactory, clock: Clock, settings: SettingsService) -> int:
    keep = timedelta(days=settings.current().jobs.keep_finished_days)
    with uow() as work:
        removed = work.jobs.delete_finished_before(clock.now() - keep)
        work.commit()
    return removed


def _job_event(job: Job) -> tuple[str, dict[str, object]]:
    return "job", JobOut.of(job).model_dump(mode="json")


def build_worker_pool(runtime: Runtime, queues: list[str], threads: int) -> WorkerPool:
    """Consumer threads for ``queues`` in this process."""
    return WorkerPool(runtime.queue, queues, threads, runtime.uow, runtime.clock, runtime.node)


def build_web_app(
    runtime: Runtime,
    *,
    run_workers: bool = True,
    worker_threads: int = 2,
    run_scheduler: bool = True,
    run_realtime: bool = True,
    realtime_tick_seconds: float = 10.0,
    realtime_debounce_seconds: float = 2.0,
) -> FastAPI:
    """The web app; its lifespan starts the scheduler, the event watcher, the real-time
    server watcher and embedded workers."""
    hub = EventHub()
    watcher = JobChangeWatcher(runtime.uow, runtime.clock, hub, _job_event)
    context = AppContext(
        auth=runtime.auth,
        settings=runtime.settings,
        jobs=runtime.jobs,
        status=runtime.status,
        hub=hub,
        servers=runtime.servers,
        library=runtime.library,
        sign_in=runtime.sign_in,
        household=runtime.household,
        household_sign_in=runtime.member_sign_in,
        watchlist=runtime.watchlist,
        cleanup=runtime.cleanup,
        leaving_soon=runtime.leaving_soon,
        deletion_history=runtime.deletion_history,
        arr=runtime.arr,
        request_apps=runtime.request_apps,
        retention=runtime.retention,
        viper=runtime.viper,
        protection=runtime.protection,
        restorations=runtime.restorations,
        config=WebConfig(https=runtime.infra.https, cors_origins=runtime.infra.cors_origins),
    )
    context.on_startup.append(watcher.start)
    context.on_shutdown.append(watcher.stop)
    if run_scheduler:
        context.on_startup.append(runtime.scheduler.start)
        context.on_shutdown.append(runtime.scheduler.stop)
    if run_realtime:
        realtime = ServerWatcher(
            runtime.uow,
            runtime.clock,
            runtime.servers,
            runtime.media_servers.events,
            runtime.node,
            debounce_seconds=realtime_debounce_seconds,
            tick_seconds=realtime_tick_seconds,
        )
        context.on_startup.append(realtime.start)
        context.on_shutdown.append(realtime.stop)
    if run_workers:
        pool = build_worker_pool(runtime, runtime.registry.queues(), worker_threads)
        context.on_startup.append(pool.start)
        context.on_shutdown.append(pool.stop)
    app = create_app(context)
    app.state.previews = runtime.previews.api()
    app.include_router(preview_routes.router)
    app.include_router(preview_viewer.router)
    return app
