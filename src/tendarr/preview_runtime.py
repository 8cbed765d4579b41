"""Composition of the preview services for the running app (called by bootstrap only).

The engine is built lazily (first file), placement asks the configured media servers,
and jobs, schedules and webhooks share one unit of work that also carries the preview
repositories.
"""

from __future__ import annotations

import os

from sqlalchemy.orm import Session, sessionmaker

from tendarr.api.preview_context import PreviewsApi
from tendarr.app_settings import PreviewsSettings
from tendarr.domain.previews.hardware import GpuPreference
from tendarr.domain.previews.outcome import PreviewOutcome
from tendarr.integrations.preview_files import FilePreviewStore
from tendarr.integrations.preview_placement import PreviewPlacementRegistry
from tendarr.persistence.preview_unit_of_work import SqlPreviewUnitOfWorkFactory
from tendarr.ports.clock import Clock
from tendarr.previews_composition import EngineConfig, LazyPreviewGenerator
from tendarr.security.secretbox import SecretBox
from tendarr.services.manage_jobs import JobService
from tendarr.services.manage_settings import SettingsService
from tendarr.services.path_tester import PathTester
from tendarr.services.preview_control import ProcessingControl
from tendarr.services.preview_file import PreviewFileWork
from tendarr.services.preview_jobs import PreviewJobService
from tendarr.services.preview_pending import PendingWork
from tendarr.services.preview_resolution import PlacementResolver
from tendarr.services.preview_schedules import ScheduleService
from tendarr.services.preview_seams import TargetResolution
from tendarr.services.preview_selection import PreviewSelection
from tendarr.services.preview_targets import PreviewTargets
from tendarr.services.process_previews import PreviewProcessor
from tendarr.services.webhooks_incoming import WebhookIntake


class PreviewServices:
    """Everything preview-related one process runs; ``start`` once the JobService exists."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        box: SecretBox,
        clock: Clock,
        settings: SettingsService,
        install_id: str,
    ) -> None:
        self._clock = clock
        self._settings = settings
        self.uow = SqlPreviewUnitOfWorkFactory(sessions, box)
        self.placement = PreviewPlacementRegistry(install_id)
        self.resolver = PlacementResolver(PreviewTargets(self.uow, self.placement))
        self.generator = LazyPreviewGenerator(self._engine_config)
        store = FilePreviewStore()
        self.control = ProcessingControl(self.uow, clock, settings)
        self.processor = PreviewProcessor(
            self.uow,
            clock,
            settings,
            self.control,
            PreviewSelection(self.uow, store),
            PreviewFileWork(clock, self.resolver, self.generator, store, self._published),
        )
        self.path_tester = PathTester(self.uow, os.path.exists)
        self._jobs: PreviewJobService | None = None
        self._schedules: ScheduleService | None = None
        self._webhooks: WebhookIntake | None = None

    def start(self, jobs: JobService) -> None:
        """Build the services that submit jobs."""
        self._jobs = PreviewJobService(self.uow, jobs, self.control)
        self._schedules = ScheduleService(self.uow, self._clock, self._jobs, jobs)
        pending = PendingWork(self.uow, self._clock, jobs)
        self._webhooks = WebhookIntake(self.uow, self._clock, self._settings, pending)

    def api(self) -> PreviewsApi:
        """Return what the HTTP edge serves."""
        if self._jobs is None or self._schedules is None or self._webhooks is None:
            raise RuntimeError("PreviewServices.start() must run before api()")
        return PreviewsApi(self._jobs, self._schedules, self._webhooks, self.path_tester)

    def tick_webhooks(self) -> object:
        """Fire debounced webhook batches that are due (periodic task)."""
        return self._webhooks.tick() if self._webhooks else None

    def run_schedules(self) -> object:
        """Start schedules that are due (periodic task)."""
        return self._schedules.run_due() if self._schedules else None

    def close(self) -> None:
        """Release pooled HTTP clients."""
        self.placement.close()

    def _current(self) -> PreviewsSettings:
        return self._settings.current().previews

    def _engine_config(self) -> EngineConfig:
        return EngineConfig(
            gpu=GpuPreference.AUTO, stall_timeout_s=self._current().stall_timeout_seconds
        )

    def _published(self, resolution: TargetResolution, outcome: PreviewOutcome) -> None:
        self.resolver.published(resolution, outcome, self._current())
