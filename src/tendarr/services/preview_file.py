"""One file of a preview job: resolve its targets, generate, and say what happened.

Runs on the job's file threads; it touches no database (the job's main thread records the
result), so it never opens a unit of work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tendarr.app_settings import PreviewsSettings
from tendarr.domain.previews.outcome import OutcomeStatus, PreviewOutcome
from tendarr.domain.previews.plans import PreviewRequest
from tendarr.domain.previews.work import FileStatus
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobCancelled
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.preview_store import FileOutcomeRecord, PreviewState
from tendarr.ports.previews import PreviewError
from tendarr.services.preview_seams import (
    PreviewGenerating,
    SourceStamper,
    TargetResolution,
    TargetResolver,
)
from tendarr.services.preview_selection import settings_digest

_STATUS = {
    OutcomeStatus.GENERATED: FileStatus.GENERATED,
    OutcomeStatus.FRESH: FileStatus.FRESH,
    OutcomeStatus.FAILED: FileStatus.FAILED,
}


@dataclass(frozen=True)
class FileResult:
    """A file's outcome row, the freshness state to store, and whether to try again later."""

    record: FileOutcomeRecord
    state: PreviewState | None = None
    retry: bool = False

    @classmethod
    def of(
        cls, job_id: int, path: str, status: FileStatus, reason: str | None, retry: bool = False
    ) -> FileResult:
        """Return a result that decoded nothing."""
        return cls(FileOutcomeRecord(job_id, path, status, reason), None, retry)


class PreviewFileWork:
    """Resolve and generate one file; thread-safe when its collaborators are."""

    def __init__(
        self,
        clock: Clock,
        resolver: TargetResolver,
        generator: PreviewGenerating,
        stamper: SourceStamper,
        on_published: Callable[[TargetResolution, PreviewOutcome], None] | None = None,
    ) -> None:
        """``on_published`` runs after each generated file (e.g. Jellyfin registration)."""
        self._clock = clock
        self._resolver = resolver
        self._generator = generator
        self._stamper = stamper
        self._on_published = on_published

    def process(
        self,
        job_id: int,
        path: str,
        state: PreviewState | None,
        settings: PreviewsSettings,
        force: bool,
        stop: threading.Event,
        retry_note: str,
    ) -> FileResult:
        """Return what happened to ``path``; raises only on cancellation or a missing engine."""
        if stop.is_set():
            raise JobCancelled("cancelled by request")
        try:
            resolution = self._resolver.for_path(path, settings)
        except MediaServerError as err:
            return FileResult.of(job_id, path, FileStatus.FAILED, f"media server error: {err}")
        request = resolution.request
        if request is None:
            return self._nothing_to_make(job_id, path, resolution, retry_note)
        outcome = self._generator.generate(
            request,
            known_fingerprint=state.fingerprint if state else None,
            force=force,
            on_progress=_stop_check(stop),
        )
        status = _STATUS[outcome.status]
        if status is FileStatus.GENERATED and self._on_published is not None:
            self._on_published(resolution, outcome)
        notes = [outcome.reason] if outcome.reason else list(outcome.warnings)
        if resolution.not_indexed:
            notes.append(f"{_reasons(resolution)}; {retry_note}")
        record = FileOutcomeRecord(
            job_id,
            path,
            status,
            "; ".join(notes) or None,
            outcome.decoder if status is FileStatus.GENERATED else None,
            round(outcome.seconds, 3),
            outcome.thumbnails or None,
            self._clock.now(),
        )
        state_now = self._state(path, outcome, settings, request) if outcome.ok else None
        return FileResult(record, state_now, retry=resolution.not_indexed)

    def _nothing_to_make(
        self, job_id: int, path: str, resolution: TargetResolution, retry_note: str
    ) -> FileResult:
        if resolution.not_indexed:
            reason = f"{_reasons(resolution)}; {retry_note}"
            return FileResult.of(job_id, path, FileStatus.NOT_INDEXED, reason, retry=True)
        if resolution.reasons:
            return FileResult.of(job_id, path, FileStatus.EXCLUDED, _reasons(resolution))
        return FileResult.of(
            job_id,
            path,
            FileStatus.FAILED,
            "no configured media server owns this path (check the path mappings)",
        )

    def _state(
        self,
        path: str,
        outcome: PreviewOutcome,
        settings: PreviewsSettings,
        request: PreviewRequest,
    ) -> PreviewState:
        size: int | None
        mtime: int | None
        try:
            stamp = self._stamper.stamp(Path(path))
            size, mtime = stamp.size, stamp.mtime_ns
        except (OSError, PreviewError):
            size = mtime = None  # stale next time: the library run will look again
        return PreviewState(
            path=path,
            fingerprint=outcome.fingerprint,
            outputs=tuple(str(p) for p in request.output_paths()),
            settings_digest=settings_digest(settings),
            source_size=size,
            source_mtime_ns=mtime,
            status=_STATUS[outcome.status],
            updated_at=self._clock.now(),
        )


def _reasons(resolution: TargetResolution) -> str:
    return "; ".join(f"{server}: {why}" for server, why in sorted(resolution.reasons.items()))


def _stop_check(stop: threading.Event) -> Callable[[float], None]:
    def check(_fraction: float) -> None:
        if stop.is_set():
            raise JobCancelled("cancelled by request")

    return check
