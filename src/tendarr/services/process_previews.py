"""The preview job handlers: work through files, record each outcome, honour pause and
quiet hours, and come back later for files a media server has not indexed yet.

Files run ``settings.workers()`` at a time (CPU workers plus enabled GPU workers). Before
each new file the gate is checked: while paused or in quiet hours no file starts (those
running finish) and the job waits, reporting why, instead of failing. Cancellation reaches
running files through the engine's progress callback, which stops FFmpeg.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from tendarr.app_settings import PreviewsSettings
from tendarr.domain.previews.work import FileStatus, ItemRef, retry_delay_seconds
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobContext
from tendarr.ports.preview_store import PreviewState, PreviewUnitOfWorkFactory
from tendarr.services.manage_settings import SettingsService
from tendarr.services.preview_control import ProcessingControl
from tendarr.services.preview_file import FileResult, PreviewFileWork
from tendarr.services.preview_pending import defer_retry
from tendarr.services.preview_selection import PreviewSelection, Selection


@dataclass
class _Run:
    """Counters of one job run, reported through the job context."""

    ctx: JobContext
    total: int
    completed: int = 0
    failed: int = 0
    counts: Counter[FileStatus] = field(default_factory=Counter)
    retry_paths: list[str] = field(default_factory=list)

    def report(self, current_item: str | None) -> None:
        self.ctx.progress(self.completed, self.total, current_item, self.failed)

    def count(self, status: FileStatus) -> None:
        self.completed += 1
        self.counts[status] += 1
        if status is FileStatus.FAILED:
            self.failed += 1


class PreviewProcessor:
    """Handlers for ``previews.paths``, ``previews.library`` and ``previews.recent``."""

    def __init__(
        self,
        uow: PreviewUnitOfWorkFactory,
        clock: Clock,
        settings: SettingsService,
        control: ProcessingControl,
        selection: PreviewSelection,
        files: PreviewFileWork,
        *,
        sleep: Callable[[float], None] = time.sleep,
        poll_seconds: float = 2.0,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings
        self._control = control
        self._selection = selection
        self._files = files
        self._sleep = sleep
        self._poll = poll_seconds

    def run_paths(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Handle manual paths, webhook batches and retries (paths and/or server items)."""
        items = [ItemRef(str(i["server_id"]), str(i["native_id"])) for i in payload["items"]]
        chosen = self._selection.for_items(items) if items else Selection()
        paths = list(dict.fromkeys([*payload["paths"], *chosen.paths]))
        return self._run(ctx, paths, payload, chosen)

    def run_library(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Handle a full-library run: every enabled library file with missing/stale previews."""
        return self._run_selected(ctx, payload, lookback_hours=None)

    def run_recent(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Handle a recently-added run: files the library gained in the look-back window."""
        return self._run_selected(ctx, payload, lookback_hours=float(payload["lookback_hours"]))

    def _run_selected(
        self, ctx: JobContext, payload: Mapping[str, Any], lookback_hours: float | None
    ) -> dict[str, Any]:
        ctx.progress(0, None, "listing library files")
        since = None
        if lookback_hours is not None:
            since = self._clock.now() - timedelta(hours=lookback_hours)
        chosen = self._selection.library(
            self._settings.current().previews,
            server_id=payload.get("server_id"),
            library_id=payload.get("library_id"),
            added_since=since,
            force=bool(payload["force"]),
        )
        return self._run(ctx, chosen.paths, payload, chosen)

    def _run(
        self,
        ctx: JobContext,
        paths: Sequence[str],
        payload: Mapping[str, Any],
        chosen: Selection,
    ) -> dict[str, Any]:
        settings = self._settings.current().previews
        attempt = int(payload.get("attempt", 0))
        will_retry = attempt < settings.not_indexed_attempts
        delay = retry_delay_seconds(attempt + 1, settings.not_indexed_retry_seconds)
        note = (
            f"retry {attempt + 1} of {settings.not_indexed_attempts} in {delay:.0f} s"
            if will_retry
            else f"gave up after {settings.not_indexed_attempts} retries"
        )
        run = _Run(ctx, total=len(paths) + len(chosen.unresolved))
        run.report("starting")
        for item in chosen.unresolved:
            self._record(
                run,
                FileResult.of(
                    ctx.job_id,
                    f"{item.server_id}: item {item.native_id}",
                    FileStatus.NOT_INDEXED,
                    f"the library has not synced this item yet; {note}",
                ),
            )
        stop = threading.Event()
        with ThreadPoolExecutor(settings.workers(), f"previews-{ctx.job_id}") as pool:
            try:
                self._drive(pool, run, list(paths), settings, bool(payload["force"]), stop, note)
            except BaseException:
                stop.set()  # running files see it at their next progress callback
                raise
        retried = bool(run.retry_paths or chosen.unresolved) and will_retry
        if retried:
            defer_retry(
                self._uow,
                self._clock,
                ctx.job_id,
                paths=run.retry_paths,
                items=chosen.unresolved,
                attempt=attempt + 1,
                delay_seconds=delay,
                force=bool(payload["force"]),
                priority=2,
                title=f"Previews: retry of job {ctx.job_id} (not indexed yet)",
            )
        run.report(None)
        summary: dict[str, Any] = {status.value: run.counts[status] for status in FileStatus}
        return summary | {
            "total": run.total,
            "skipped_fresh": chosen.skipped_fresh,
            "retry_scheduled": retried,
        }

    def _drive(
        self,
        pool: ThreadPoolExecutor,
        run: _Run,
        paths: list[str],
        settings: PreviewsSettings,
        force: bool,
        stop: threading.Event,
        note: str,
    ) -> None:
        exclusions = settings.exclusions()
        running: dict[Future[FileResult], str] = {}
        index = 0
        while True:
            blocked: str | None = None
            while index < len(paths) and len(running) < settings.workers():
                blocked = self._control.state().blocked_reason
                if blocked is not None:
                    break
                path = paths[index]
                index += 1
                if (why := exclusions.reason(path)) is not None:
                    result = FileResult.of(run.ctx.job_id, path, FileStatus.EXCLUDED, why)
                    self._record(run, result)
                    continue
                state = self._state_of(path)
                job = pool.submit(
                    self._files.process, run.ctx.job_id, path, state, settings, force, stop, note
                )
                running[job] = path
            if not running:
                if index >= len(paths):
                    return
                run.report(blocked)  # raises JobCancelled when cancelled while waiting
                self._sleep(self._poll)
                continue
            done, _ = wait(running, timeout=self._poll, return_when=FIRST_COMPLETED)
            for finished in done:
                running.pop(finished)
                self._record(run, finished.result())  # EngineUnavailable, cancel: re-raised
            run.report(next(iter(running.values()), None))

    def _state_of(self, path: str) -> PreviewState | None:
        with self._uow() as uow:
            return uow.previews.states([path]).get(path)

    def _record(self, run: _Run, result: FileResult) -> None:
        record = result.record
        if record.created_at is None:
            record = replace(record, created_at=self._clock.now())
        with self._uow() as uow:
            uow.previews.add_outcomes([record])
            if result.state is not None:
                uow.previews.save_state(result.state)
            uow.commit()
        run.count(result.record.status)
        if result.retry:
            run.retry_paths.append(result.record.path)
