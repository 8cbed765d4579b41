"""Generate one source file's previews: probe, plan, one decode pass, atomic publish.

Flow: stamp the source and compute the fingerprint (a caller holding the same fingerprint,
with every output present, gets FRESH without any decoding) → probe → keyframe index →
slot plan → one extraction feeding every output (each BIF width and each trickplay width)
→ BIFs written atomically, trickplay sheets built in a staging folder and swapped in.

Fallbacks, each recorded as a warning on the outcome:

* the GPU fails → the same file is retried on the CPU;
* the planned pass leaves slots without a picture → the whole file is decoded once.

Failures never touch existing previews, and a good BIF is not replaced by one with far
fewer thumbnails (a truncated or half-copied source) unless forced.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace

import structlog

from tendarr.domain.previews.bif import encode_bif
from tendarr.domain.previews.fingerprint import preview_fingerprint
from tendarr.domain.previews.outcome import OutcomeStatus, PreviewOutcome
from tendarr.domain.previews.plans import PreviewRequest
from tendarr.domain.previews.slots import SlotPlan, plan_slots
from tendarr.ports.previews import (
    DecoderChooser,
    EngineUnavailable,
    ExtractedFrames,
    ExtractionFailed,
    ExtractionIncomplete,
    ExtractionJob,
    FrameExtractor,
    KeyframeIndexer,
    PreviewError,
    PreviewStore,
    ProgressCallback,
    PublishFailed,
    SheetComposer,
    SourceUnusable,
    VideoProber,
)

log = structlog.get_logger(__name__)

# An existing BIF with more than this many times the new thumbnail count is kept.
SHRINK_GUARD = 1.5
_PREPARE, _EXTRACT = 0.05, 0.90  # progress shares: probe+index, extraction; the rest: publish


@dataclass(frozen=True)
class PreviewEngine:
    """The adapters the generator drives (built by the composition root)."""

    prober: VideoProber
    indexer: KeyframeIndexer
    extractor: FrameExtractor
    composer: SheetComposer
    store: PreviewStore
    decoders: DecoderChooser | None = None  # None: always the CPU


class PreviewGenerator:
    """Generate the previews of one file per call; safe to share between threads."""

    def __init__(self, engine: PreviewEngine, timer: Callable[[], float] = time.monotonic):
        self._engine = engine
        self._timer = timer

    def generate(
        self,
        request: PreviewRequest,
        *,
        known_fingerprint: str | None = None,
        force: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> PreviewOutcome:
        """Return GENERATED, FRESH or FAILED (with the reason) for ``request.source``.

        Only EngineUnavailable (FFmpeg missing) and exceptions raised by ``on_progress``
        (cancellation) propagate; every other failure is this file's FAILED outcome.
        """
        started = self._timer()
        report = on_progress or (lambda _fraction: None)
        fingerprint: str | None = None
        try:
            if request.empty:
                raise SourceUnusable("no output requested")
            stamp = self._engine.store.stamp(request.source)
            if stamp.size == 0:
                raise SourceUnusable("empty file (0 bytes)")
            fingerprint = preview_fingerprint(stamp, request)
            if not force and fingerprint == known_fingerprint and self._outputs_exist(request):
                report(1.0)
                return PreviewOutcome(request.source, OutcomeStatus.FRESH, fingerprint)
            return self._generate(request, fingerprint, force, report, started)
        except EngineUnavailable:
            raise
        except PreviewError as err:
            log.info("previews.failed", source=str(request.source), reason=err.message)
            return PreviewOutcome(
                request.source,
                OutcomeStatus.FAILED,
                fingerprint,
                reason=err.message,
                seconds=self._timer() - started,
            )

    def _outputs_exist(self, request: PreviewRequest) -> bool:
        return all(self._engine.store.exists(path) for path in request.output_paths())

    def _generate(
        self,
        request: PreviewRequest,
        fingerprint: str,
        force: bool,
        report: ProgressCallback,
        started: float,
    ) -> PreviewOutcome:
        engine = self._engine
        video = engine.prober.probe(request.source)
        keyframes = engine.indexer.keyframes(request.source, video)
        settings = request.settings
        plan = plan_slots(
            video.duration, settings.interval_s, keyframes.times if keyframes else None,
            settings.max_drift_s, video.frame_duration,
        )  # fmt: skip
        if plan.count == 0:
            raise SourceUnusable("the video is too short for a thumbnail")
        report(_PREPARE)
        warnings: list[str] = []
        with ExitStack() as stack:
            job = ExtractionJob(
                request.source, video, plan, request.variants(), settings.tonemap,
                engine.decoders.choose(video) if engine.decoders else None, keyframes,
            )  # fmt: skip
            frames, plan = self._extract(stack, job, warnings, report)
            self._publish(request, frames, force)
        report(1.0)
        outcome = PreviewOutcome(
            request.source,
            OutcomeStatus.GENERATED,
            fingerprint,
            thumbnails=frames.count,
            decoder=frames.decoder,
            warnings=(*warnings, *frames.notes),
            seconds=self._timer() - started,
            max_drift_s=plan.max_planned_drift,
        )
        log.info(
            "previews.generated",
            source=str(request.source),
            thumbnails=outcome.thumbnails,
            keyframe_slots=len(plan.keyframe_slots),
            seek_groups=len(plan.groups),
            decoder=outcome.decoder,
            seconds=round(outcome.seconds, 2),
        )
        return outcome

    def _extract(
        self, stack: ExitStack, job: ExtractionJob, warnings: list[str], report: ProgressCallback
    ) -> tuple[ExtractedFrames, SlotPlan]:
        """Extract with the GPU and keyframe fallbacks; return the frames and the plan used."""
        plan, video = job.plan, job.video

        def progress(fraction: float) -> None:
            report(_PREPARE + (_EXTRACT - _PREPARE) * fraction)

        for attempt in range(3):
            try:
                frames = stack.enter_context(self._engine.extractor.extract(job, progress))
                return frames, job.plan
            except ExtractionIncomplete as err:
                if not job.plan.keyframes_known or attempt == 2:
                    raise SourceUnusable(f"{err.message}; the file looks truncated") from err
                warnings.append(f"{err.message} with the keyframe plan; decoded the whole file")
                whole = plan_slots(
                    video.duration, plan.interval, None, plan.max_drift, video.frame_duration
                )
                job = replace(job, plan=whole)
            except ExtractionFailed as err:
                if job.device is None:
                    raise
                warnings.append(f"{job.device.label} failed ({err.message}); retried on the CPU")
                job = replace(job, device=None)
        raise ExtractionFailed("extraction gave up after retries")  # pragma: no cover

    def _publish(self, request: PreviewRequest, frames: ExtractedFrames, force: bool) -> None:
        store, settings = self._engine.store, request.settings
        for target in request.bifs:
            existing = store.read_bif(target.path)
            if (
                not force
                and existing is not None
                and existing.interval_ms == settings.interval_ms
                and existing.count > SHRINK_GUARD * frames.count
            ):
                raise PublishFailed(
                    f"kept {target.path.name}: it has {existing.count} thumbnails and the new "
                    f"one only {frames.count} (source truncated?); force to replace it"
                )
            images = [store.read_frame(path) for path in frames.of(request.bif_variant(target))]
            store.write_atomic(target.path, encode_bif(images, settings.interval_ms))
        for sheet_target in request.trickplay:
            sheet_frames = frames.of(request.sheet_variant(sheet_target))
            with store.staged_folder(sheet_target.directory) as staging:
                self._engine.composer.compose(
                    sheet_frames, sheet_target.grid, settings.quality, staging
                )
