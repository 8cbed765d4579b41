"""The generate-previews use case over typed fakes: freshness, fallbacks, guards, progress."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tendarr.domain.previews.bif import BifFile, decode_bif, encode_bif
from tendarr.domain.previews.fingerprint import SourceStamp
from tendarr.domain.previews.hardware import GpuDevice, GpuKind
from tendarr.domain.previews.keyframes import KeyframeIndex
from tendarr.domain.previews.outcome import OutcomeStatus
from tendarr.domain.previews.plans import BifTarget, PreviewRequest, TrickplayTarget
from tendarr.domain.previews.settings import PreviewSettings
from tendarr.domain.previews.source import VideoProbe
from tendarr.domain.previews.trickplay import TileGrid
from tendarr.ports.previews import (
    EngineUnavailable,
    ExtractedFrames,
    ExtractionIncomplete,
    ExtractionJob,
    HardwareDecodeFailed,
    ProgressCallback,
    SourceUnusable,
)
from tendarr.services.generate_previews import PreviewEngine, PreviewGenerator

GPU = GpuDevice(GpuKind.CUDA, "0", "RTX")
VIDEO = VideoProbe(0, "h264", 1920, 1080, 95.0, frame_rate=24.0)


@dataclass
class FakeStore:
    files: dict[Path, bytes] = field(default_factory=dict)
    folders: dict[Path, list[str]] = field(default_factory=dict)
    stamps: dict[Path, SourceStamp] = field(default_factory=dict)

    def stamp(self, source: Path) -> SourceStamp:
        if source not in self.stamps:
            raise SourceUnusable(f"file not found: {source}")
        return self.stamps[source]

    def exists(self, path: Path) -> bool:
        return path in self.files or path in self.folders

    def read_bif(self, path: Path) -> BifFile | None:
        return decode_bif(self.files[path]) if path in self.files else None

    def read_frame(self, path: Path) -> bytes:
        return path.name.encode()

    def write_atomic(self, path: Path, data: bytes) -> None:
        self.files[path] = data

    @contextmanager
    def staged_folder(self, directory: Path) -> Iterator[Path]:
        staging = Path(f"/staging{directory}")
        yield staging
        self.folders[directory] = ["swapped"]


class FakeProber:
    def probe(self, path: Path) -> VideoProbe:
        if path.name == "audio.mka":
            raise SourceUnusable("no video stream (audio-only or cover art only)")
        return VIDEO


class FakeIndexer:
    def keyframes(self, path: Path, video: VideoProbe) -> KeyframeIndex | None:
        return KeyframeIndex(
            tuple(10.427 * n for n in range(10)), tuple(250 * n for n in range(10))
        )


@dataclass
class FakeExtractor:
    """Fails in scripted ways: on the GPU, or incompletely with keyframes, N times."""

    gpu_fails: bool = False
    incomplete_with_keyframes: bool = False
    incomplete_always: bool = False
    jobs: list[ExtractionJob] = field(default_factory=list)

    def extract(
        self, job: ExtractionJob, on_progress: ProgressCallback | None = None
    ) -> AbstractContextManager[ExtractedFrames]:
        self.jobs.append(job)
        if job.device is not None and self.gpu_fails:
            raise HardwareDecodeFailed("cuda:0: Error while decoding stream #0:0")
        if self.incomplete_always or (self.incomplete_with_keyframes and job.plan.keyframes_known):
            raise ExtractionIncomplete(
                "no picture for 3 of 10 thumbnails (first at 70 s)", [7, 8, 9]
            )
        return self._frames(job, on_progress)

    @contextmanager
    def _frames(
        self, job: ExtractionJob, on_progress: ProgressCallback | None
    ) -> Iterator[ExtractedFrames]:
        for done in range(job.plan.count + 1):
            if on_progress is not None:
                on_progress(done / job.plan.count)
        frames = {
            variant: tuple(Path(f"/tmp/{variant.width}-{n}.jpg") for n in range(job.plan.count))
            for variant in job.variants
        }
        yield ExtractedFrames(job.plan.count, frames, job.device.label if job.device else "cpu")


@dataclass
class FakeComposer:
    calls: list[tuple[int, TileGrid, Path]] = field(default_factory=list)

    def compose(
        self, frames: Sequence[Path], grid: TileGrid, quality: int, into: Path
    ) -> tuple[Path, ...]:
        self.calls.append((len(frames), grid, into))
        return (into / "0.jpg",)


class FakeChooser:
    def choose(self, video: VideoProbe) -> GpuDevice | None:
        return GPU


SOURCE = Path("/media/Movie.mkv")
BIF = Path("/out/Movie-320-10.bif")
SHEETS = Path("/out/Movie.trickplay/320 - 10x10")


def make(
    extractor: FakeExtractor | None = None, *, gpu: bool = False
) -> tuple[PreviewGenerator, FakeStore, FakeExtractor, FakeComposer]:
    store = FakeStore(
        stamps={SOURCE: SourceStamp(1000, 1), Path("/media/empty.mkv"): SourceStamp(0, 1)}
    )
    extractor = extractor or FakeExtractor()
    composer = FakeComposer()
    engine = PreviewEngine(
        FakeProber(), FakeIndexer(), extractor, composer, store, FakeChooser() if gpu else None
    )
    return PreviewGenerator(engine, timer=lambda: 0.0), store, extractor, composer


def request(source: Path = SOURCE) -> PreviewRequest:
    return PreviewRequest(
        source, PreviewSettings(), (BifTarget(BIF, 320),), (TrickplayTarget(SHEETS, 320),)
    )


def test_generates_bif_and_sheets_from_one_extraction() -> None:
    generator, store, extractor, composer = make()
    progress: list[float] = []
    outcome = generator.generate(request(), on_progress=progress.append)
    assert outcome.status is OutcomeStatus.GENERATED
    assert outcome.thumbnails == 10
    assert outcome.decoder == "cpu"
    assert outcome.fingerprint
    assert outcome.fingerprint.startswith("v1-")
    assert len(extractor.jobs) == 1
    assert extractor.jobs[0].keyframes is not None
    assert extractor.jobs[0].keyframes.packet_of(20.854) == 500
    assert decode_bif(store.files[BIF]).count == 10
    assert composer.calls == [(10, TileGrid(), Path(f"/staging{SHEETS}"))]
    assert store.folders[SHEETS] == ["swapped"]
    assert progress == sorted(progress)
    assert progress[-1] == 1.0
    assert outcome.max_drift_s is not None
    assert outcome.max_drift_s <= 2.0


def test_matching_fingerprint_with_outputs_present_is_fresh() -> None:
    generator, _, extractor, _ = make()
    first = generator.generate(request())
    again = generator.generate(request(), known_fingerprint=first.fingerprint)
    assert again.status is OutcomeStatus.FRESH
    assert again.fingerprint == first.fingerprint
    assert len(extractor.jobs) == 1
    forced = generator.generate(request(), known_fingerprint=first.fingerprint, force=True)
    assert forced.status is OutcomeStatus.GENERATED
    assert len(extractor.jobs) == 2


def test_missing_output_is_regenerated_even_with_a_matching_fingerprint() -> None:
    generator, store, _extractor, _ = make()
    first = generator.generate(request())
    del store.files[BIF]
    assert generator.generate(request(), known_fingerprint=first.fingerprint).status is (
        OutcomeStatus.GENERATED
    )


def test_gpu_failure_is_retried_on_the_cpu_with_the_reason() -> None:
    generator, _, extractor, _ = make(FakeExtractor(gpu_fails=True), gpu=True)
    outcome = generator.generate(request())
    assert outcome.status is OutcomeStatus.GENERATED
    assert outcome.decoder == "cpu"
    assert [job.device for job in extractor.jobs] == [GPU, None]
    assert "cuda:0 failed" in outcome.warnings[0]
    assert "retried on the CPU" in outcome.warnings[0]


def test_incomplete_keyframe_plan_falls_back_to_one_full_decode() -> None:
    generator, _, extractor, _ = make(FakeExtractor(incomplete_with_keyframes=True))
    outcome = generator.generate(request())
    assert outcome.status is OutcomeStatus.GENERATED
    assert [job.plan.keyframes_known for job in extractor.jobs] == [True, False]
    assert len(extractor.jobs[1].plan.groups) == 1
    assert "decoded the whole file" in outcome.warnings[0]


def test_still_incomplete_after_a_full_decode_fails_as_truncated() -> None:
    generator, store, _, _ = make(FakeExtractor(incomplete_always=True))
    outcome = generator.generate(request())
    assert outcome.status is OutcomeStatus.FAILED
    assert outcome.reason is not None
    assert "looks truncated" in outcome.reason
    assert not store.files
    assert not store.folders


def test_a_much_longer_existing_bif_is_kept_unless_forced() -> None:
    generator, store, _, _ = make()
    store.files[BIF] = encode_bif([b"\xff\xd8"] * 40, 10_000)
    kept = generator.generate(request())
    assert kept.status is OutcomeStatus.FAILED
    assert "source truncated?" in (kept.reason or "")
    assert decode_bif(store.files[BIF]).count == 40
    assert generator.generate(request(), force=True).status is OutcomeStatus.GENERATED
    assert decode_bif(store.files[BIF]).count == 10


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (Path("/media/missing.mkv"), "file not found"),
        (Path("/media/empty.mkv"), "empty file (0 bytes)"),
    ],
)
def test_unusable_sources_fail_with_a_reason(source: Path, reason: str) -> None:
    generator, store, _, _ = make()
    outcome = generator.generate(request(source))
    assert outcome.status is OutcomeStatus.FAILED
    assert reason in (outcome.reason or "")
    assert not store.files


def test_audio_only_fails_with_the_probe_reason() -> None:
    generator, store, _, _ = make()
    store.stamps[Path("/media/audio.mka")] = SourceStamp(5, 1)
    outcome = generator.generate(request(Path("/media/audio.mka")))
    assert outcome.reason == "no video stream (audio-only or cover art only)"


def test_empty_request_fails() -> None:
    generator, _, _, _ = make()
    outcome = generator.generate(PreviewRequest(SOURCE, PreviewSettings()))
    assert outcome.status is OutcomeStatus.FAILED
    assert outcome.reason == "no output requested"


class Cancelled(Exception):
    pass


def test_a_raising_progress_callback_stops_the_file() -> None:
    generator, store, _, _ = make()

    def cancel(fraction: float) -> None:
        if fraction > 0.3:
            raise Cancelled

    with pytest.raises(Cancelled):
        generator.generate(request(), on_progress=cancel)
    assert not store.files


def test_missing_ffmpeg_is_not_a_per_file_failure() -> None:
    class NoFfmpeg(FakeProber):
        def probe(self, path: Path) -> VideoProbe:
            raise EngineUnavailable("ffprobe is not installed or not on PATH")

    store = FakeStore(stamps={SOURCE: SourceStamp(1, 1)})
    engine = PreviewEngine(NoFfmpeg(), FakeIndexer(), FakeExtractor(), FakeComposer(), store)
    with pytest.raises(EngineUnavailable):
        PreviewGenerator(engine).generate(request())
