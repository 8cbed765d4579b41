"""Preview jobs, schedules and webhooks over a real database, with typed fakes for
placement (the target resolver), the engine (generator) and the filesystem (stamps)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from sqlalchemy.orm import Session

from tendarr.api.preview_context import PreviewsApi
from tendarr.app_settings import PreviewsSettings
from tendarr.bootstrap import Runtime
from tendarr.domain.media import ServerKind
from tendarr.domain.previews.fingerprint import SourceStamp
from tendarr.domain.previews.outcome import OutcomeStatus, PreviewOutcome
from tendarr.domain.previews.plans import BifTarget, PreviewRequest
from tendarr.domain.servers import LibraryToggle, PathMapping, ServerConfig
from tendarr.persistence.database import make_session_factory
from tendarr.persistence.media_tables import MediaFileRow, MediaItemRow, ServerItemRow
from tendarr.persistence.preview_unit_of_work import SqlPreviewUnitOfWorkFactory
from tendarr.ports.previews import ProgressCallback
from tendarr.security.secretbox import SecretBox
from tendarr.services.job_types import JobTypeRegistry
from tendarr.services.manage_jobs import JobService
from tendarr.services.preview_control import ProcessingControl
from tendarr.services.preview_file import PreviewFileWork
from tendarr.services.preview_jobs import PreviewJobService, preview_job_types
from tendarr.services.preview_pending import PendingWork
from tendarr.services.preview_schedules import ScheduleService
from tendarr.services.preview_selection import PreviewSelection
from tendarr.services.process_previews import PreviewProcessor
from tendarr.services.run_job import JobRunner
from tendarr.services.webhooks_incoming import WebhookIntake
from tendarr.settings import resolve_secret_key
from tests.support import FakeClock


@dataclass(frozen=True)
class FakeResolution:
    request: PreviewRequest | None
    reasons: dict[str, str] = field(default_factory=dict)
    not_indexed: bool = False


class FakeResolver:
    """Every path gets one Plex BIF unless the test says the server has not indexed it,
    owns it not, or has the format switched off."""

    def __init__(self) -> None:
        self.not_indexed: set[str] = set()
        self.unowned: set[str] = set()
        self.switched_off: set[str] = set()
        self.calls: list[str] = []

    def for_path(self, local_path: str, settings: PreviewsSettings) -> FakeResolution:
        self.calls.append(local_path)
        if local_path in self.not_indexed:
            return FakeResolution(None, {"plex-1": "not indexed yet"}, True)
        if local_path in self.unowned:
            return FakeResolution(None)
        if local_path in self.switched_off:
            return FakeResolution(None, {"plex-1": "Plex BIF output is switched off"})
        target = BifTarget(Path(local_path + ".bif"), settings.bif_width)
        return FakeResolution(
            PreviewRequest(Path(local_path), settings.engine_settings(), (target,))
        )


class FakeGenerator:
    """Generates instantly; fresh when handed its own fingerprint; ``hold`` keeps it busy."""

    def __init__(self) -> None:
        self.failing: dict[str, str] = {}
        self.calls: list[tuple[str, str | None, bool]] = []
        self.hold: threading.Event | None = None
        self.busy = threading.Event()
        self._lock = threading.Lock()

    def generate(
        self,
        request: PreviewRequest,
        *,
        known_fingerprint: str | None = None,
        force: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> PreviewOutcome:
        path = str(request.source)
        with self._lock:
            self.calls.append((path, known_fingerprint, force))
        report = on_progress or (lambda _f: None)
        report(0.1)
        if self.hold is not None:
            self.busy.set()
            while not self.hold.wait(0.01):
                report(0.5)  # raises once the job is cancelled
        if path in self.failing:
            return PreviewOutcome(request.source, OutcomeStatus.FAILED, reason=self.failing[path])
        fingerprint = f"fp:{path}"
        if known_fingerprint == fingerprint and not force:
            return PreviewOutcome(request.source, OutcomeStatus.FRESH, fingerprint)
        return PreviewOutcome(
            request.source, OutcomeStatus.GENERATED, fingerprint, thumbnails=12, seconds=0.25
        )

    def paths(self) -> list[str]:
        return [call[0] for call in self.calls]


class FakeStamper:
    """Every file exists with a fixed stamp unless listed as missing or changed."""

    def __init__(self) -> None:
        self.missing: set[str] = set()
        self.changed: set[str] = set()

    def stamp(self, source: Path) -> SourceStamp:
        if str(source) in self.missing:
            raise FileNotFoundError(str(source))
        return SourceStamp(2000 if str(source) in self.changed else 1000, 7)


@dataclass
class PreviewStack:
    """Every preview service of one test installation, plus the fakes behind them."""

    rt: Runtime
    clock: FakeClock
    jobs: JobService
    runner: JobRunner
    control: ProcessingControl
    previews: PreviewJobService
    schedules: ScheduleService
    webhooks: WebhookIntake
    pending: PendingWork
    resolver: FakeResolver
    generator: FakeGenerator
    stamper: FakeStamper
    uow: SqlPreviewUnitOfWorkFactory
    sleeps: list[float]
    on_sleep: list[Callable[[], None]]
    published: list[str]

    def api(self) -> PreviewsApi:
        return PreviewsApi(self.previews, self.schedules, self.webhooks)

    def run(self, job_id: int) -> None:
        self.runner.run(job_id)


def preview_stack(rt: Runtime, clock: FakeClock, tz: tzinfo = UTC) -> PreviewStack:
    """Wire the preview services the way the composition root will, over ``rt``'s database."""
    box = SecretBox(resolve_secret_key(rt.infra))
    uow = SqlPreviewUnitOfWorkFactory(make_session_factory(rt.engine), box)
    control = ProcessingControl(uow, clock, rt.settings, tz)
    resolver, generator, stamper = FakeResolver(), FakeGenerator(), FakeStamper()
    sleeps: list[float] = []
    on_sleep: list[Callable[[], None]] = []
    published: list[str] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)
        for hook in list(on_sleep):
            hook()

    processor = PreviewProcessor(
        uow,
        clock,
        rt.settings,
        control,
        PreviewSelection(uow, stamper),
        PreviewFileWork(
            clock,
            resolver,
            generator,
            stamper,
            on_published=lambda _resolution, outcome: published.append(str(outcome.source)),
        ),
        sleep=sleep,
        poll_seconds=0.05,
    )
    registry = JobTypeRegistry(preview_job_types(processor))
    jobs = JobService(rt.uow, clock, rt.queue, registry, rt.settings)
    runner = JobRunner(rt.uow, clock, rt.queue, registry, rt.settings, "test-worker")
    previews = PreviewJobService(uow, jobs, control)
    pending = PendingWork(uow, clock, jobs)
    return PreviewStack(
        rt=rt,
        clock=clock,
        jobs=jobs,
        runner=runner,
        control=control,
        previews=previews,
        schedules=ScheduleService(uow, clock, previews, jobs, tz),
        webhooks=WebhookIntake(uow, clock, rt.settings, pending),
        pending=pending,
        resolver=resolver,
        generator=generator,
        stamper=stamper,
        uow=uow,
        sleeps=sleeps,
        on_sleep=on_sleep,
        published=published,
    )


PLEX = ServerConfig(
    id="plex-1",
    kind=ServerKind.PLEX,
    name="Plex",
    url="http://127.0.0.1:9",
    auth={"method": "token", "token": "t0ken"},
    libraries=(LibraryToggle("1", "Movies", "movie"), LibraryToggle("2", "TV", "show", False)),
    path_mappings=(PathMapping("/data", "/media", ("/downloads/done",)),),
    server_identity="plex-machine-1",
)


def add_server(rt: Runtime, config: ServerConfig = PLEX) -> ServerConfig:
    return rt.servers.create(config, "test")


def add_library_file(
    rt: Runtime,
    server_id: str,
    library_id: str,
    native_id: str,
    path: str,
    added_at: datetime,
) -> None:
    """Store a synced movie with one file, as library sync would."""
    with Session(rt.engine) as session:
        item = MediaItemRow(
            kind="movie", title=native_id, created_at=added_at, updated_at=added_at,
            added_at=added_at,
        )  # fmt: skip
        session.add(item)
        session.flush()
        copy = ServerItemRow(
            server_id=server_id, native_id=native_id, media_item_id=item.id,
            library_id=library_id, kind="movie", added_at=added_at, seen_at=added_at,
        )  # fmt: skip
        session.add(copy)
        session.flush()
        session.add(MediaFileRow(server_item_id=copy.id, path=path))
        session.commit()
