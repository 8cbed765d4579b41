"""The FrameExtractor port over FFmpeg: a keyframe pass plus batched seek passes.

A file is decoded once: the keyframe pass reads up to the last chosen keyframe decoding
keyframes only, and each seek group decodes just its own stretch. Groups run a few per
FFmpeg process (each input holds a decoder and its reference frames, so the batch size
bounds memory). Every JPEG of every variant comes from that single decode.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from tendarr.domain.previews.plans import FrameVariant
from tendarr.domain.previews.slots import SeekGroup
from tendarr.domain.previews.trickplay import thumbnail_size
from tendarr.integrations.ffmpeg.collect import collect, keyframe_times, lost_keyframes
from tendarr.integrations.ffmpeg.commands import (
    KEYFRAME_LOG,
    SKIP_NONREF_MIN_DRIFT_S,
    PassCommand,
    keyframe_pass,
    seek_pass,
)
from tendarr.integrations.ffmpeg.filters import PictureChain, picture_chain
from tendarr.integrations.ffmpeg.probe import media_url
from tendarr.integrations.ffmpeg.process import Command, run_all
from tendarr.integrations.ffmpeg.tools import FfmpegCapabilities, FfmpegTools
from tendarr.ports.previews import (
    ExtractedFrames,
    ExtractionFailed,
    ExtractionJob,
    HardwareDecodeFailed,
    ProgressCallback,
)

DEFAULT_STALL_TIMEOUT_S = 120.0
FED_CODECS = frozenset({"h264"})  # see _packets


def default_batch_size(width: int, height: int, *, gpu: bool) -> int:
    """Return how many seek groups share one FFmpeg process for this picture size."""
    if gpu:
        return 2
    pixels = width * height
    return 4 if pixels <= 2_100_000 else 3 if pixels <= 4_000_000 else 2


class _Tally:
    """Counts written thumbnails (the watchdog's progress signal and the progress bar)."""

    def __init__(self, directories: list[Path]) -> None:
        self._directories = directories

    def __call__(self) -> int:
        return sum(sum(1 for _ in os.scandir(directory)) for directory in self._directories)


class FfmpegFrameExtractor:
    """Extract planned thumbnails with FFmpeg subprocesses."""

    def __init__(
        self,
        tools: FfmpegTools,
        capabilities: FfmpegCapabilities,
        *,
        stall_timeout: float = DEFAULT_STALL_TIMEOUT_S,
        threads: int = 0,
        batch_size: int | None = None,
        vulkan: bool = False,
        scratch: Path | None = None,
        parallel: int | None = None,
    ) -> None:
        self._tools = tools
        self._caps = capabilities
        self._stall_timeout = stall_timeout
        self._threads = threads
        self._batch_size = batch_size
        self._vulkan = vulkan
        self._scratch = scratch
        self._parallel = parallel or min(2, os.cpu_count() or 1)

    def chain_for(self, job: ExtractionJob) -> PictureChain:
        """Return the picture chain this job's frames go through."""
        width, height = self._sizes(job)[job.variants[0]]
        return picture_chain(
            job.video.tone_route,
            width,
            height,
            algorithm=job.tonemap,
            device=job.device,
            zscale=self._caps.zscale,
            vulkan=self._vulkan and self._caps.libplacebo,
        )

    @contextmanager
    def extract(
        self, job: ExtractionJob, on_progress: ProgressCallback | None = None
    ) -> Iterator[ExtractedFrames]:
        """Run the passes into a scratch folder and yield the slot-ordered frames."""
        if not job.variants:
            raise ValueError("an extraction needs at least one frame variant")
        with tempfile.TemporaryDirectory(prefix="tendarr-previews-", dir=self._scratch) as tmp:
            work = Path(tmp)
            key_dirs = {v: _mkdir(work / f"{v.width}q{v.quality}" / "key") for v in job.variants}
            seek_dirs = {v: _mkdir(work / f"{v.width}q{v.quality}" / "seek") for v in job.variants}
            primary = job.variants[0]
            tally = _Tally([key_dirs[primary], seek_dirs[primary]])
            chain, sizes = self.chain_for(job), self._sizes(job)
            url, option = media_url(job.source), self._caps.script_option
            notes: list[str] = []
            commands: list[PassCommand] = []
            if job.plan.keyframe_slots:
                commands.append(
                    keyframe_pass(
                        ffmpeg=self._tools.ffmpeg,
                        url=url,
                        slots=job.plan.keyframe_slots,
                        chain=chain,
                        sizes=sizes,
                        directories=key_dirs,
                        script=(option, work / "keyframes.graph"),
                        device=job.device,
                        threads=self._threads,
                        stream_index=job.video.stream_index,
                        packets=_packets(job),
                    )
                )
            seek = partial(self._seek_passes, job, chain, sizes, seek_dirs, work)
            commands += seek(job.plan.groups, "seek")
            self._run(commands, job, tally, on_progress)
            logged = keyframe_times(work / KEYFRAME_LOG)
            lost = lost_keyframes(job.plan, logged, key_dirs[primary])
            if lost:
                # Keyframe-only decoding of some open-GOP streams drops or reorders
                # keyframes; seek to those slots instead of redoing the whole file.
                notes.append(f"{len(lost)} keyframe(s) did not decode alone; sought instead")
                self._run(seek(lost, "lost"), job, tally, on_progress)
            frames = collect(job.plan, job.variants, key_dirs, seek_dirs, logged)
            yield ExtractedFrames(len(frames[primary]), frames, _decoder(job), tuple(notes))

    def _seek_passes(
        self,
        job: ExtractionJob,
        chain: PictureChain,
        sizes: Mapping[FrameVariant, tuple[int, int]],
        directories: Mapping[FrameVariant, Path],
        work: Path,
        groups: Sequence[SeekGroup],
        name: str,
    ) -> list[PassCommand]:
        """Return the seek passes for ``groups``, a few groups per FFmpeg process."""
        batch = self._batch_size or default_batch_size(
            job.video.width, job.video.height, gpu=job.device is not None
        )
        return [
            seek_pass(
                ffmpeg=self._tools.ffmpeg,
                url=media_url(job.source),
                groups=groups[start : start + batch],
                interval=job.plan.interval,
                frame_duration=job.video.frame_duration,
                chain=chain,
                sizes=sizes,
                directories=directories,
                script=(self._caps.script_option, work / f"{name}-{start}.graph"),
                device=job.device,
                threads=self._seek_threads(),
                skip_nonref=job.plan.max_drift >= SKIP_NONREF_MIN_DRIFT_S,
                lead=job.plan.seek_lead,
            )
            for start in range(0, len(groups), batch)
        ]

    def _sizes(self, job: ExtractionJob) -> dict[FrameVariant, tuple[int, int]]:
        display = job.video.display_size
        return {variant: thumbnail_size(*display, variant.width) for variant in job.variants}

    def _seek_threads(self) -> int:
        """Decoder threads per seek process: the configured cap, else the cores it gets."""
        if self._threads:
            return self._threads
        return 0 if self._parallel == 1 else max(1, (os.cpu_count() or 1) // self._parallel)

    def _run(
        self,
        commands: list[PassCommand],
        job: ExtractionJob,
        tally: _Tally,
        on_progress: ProgressCallback | None,
    ) -> None:
        if not commands:
            return
        for command in commands:
            command.script.write_text(command.graph)
        total = max(1, job.plan.count)
        report: Callable[[], None] | None = None
        if on_progress is not None:
            callback = on_progress

            def report() -> None:
                callback(min(1.0, tally() / total))

        results = run_all(
            [Command(c.argv, feed=c.feed, cwd=c.script.parent) for c in commands],
            stall_timeout=self._stall_timeout,
            parallel=self._parallel,
            progress=tally,
            on_tick=report,
        )
        for result in results:
            if result.returncode != 0:
                reason = result.error_line or f"FFmpeg exited with status {result.returncode}"
                if job.device is not None:
                    raise HardwareDecodeFailed(f"{job.device.label}: {reason}")
                raise ExtractionFailed(f"FFmpeg failed: {reason}")


def _packets(job: ExtractionJob) -> tuple[int, ...]:
    """Return the chosen keyframes' packet numbers, or () to decode with skip_frame instead.

    Only for codecs whose keyframes decode alone when nothing else reaches the decoder:
    fed only its CRA keyframes, FFmpeg's HEVC decoder loses their order (picture order
    counts are derived from the packets in between) and drops most of them.
    """
    if job.keyframes is None or job.video.codec not in FED_CODECS:
        return ()
    numbers = [job.keyframes.packet_of(slot.keyframe or 0.0) for slot in job.plan.keyframe_slots]
    return () if None in numbers else tuple(n for n in numbers if n is not None)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def _decoder(job: ExtractionJob) -> str:
    return job.device.label if job.device is not None else "cpu"
