"""Real FFmpeg on small generated clips: skipped where FFmpeg is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tendarr.domain.previews.plans import BifTarget, PreviewRequest, TrickplayTarget
from tendarr.domain.previews.settings import PreviewSettings
from tendarr.integrations.ffmpeg.extract import FfmpegFrameExtractor
from tendarr.integrations.ffmpeg.keyframes import PacketScanIndexer
from tendarr.integrations.ffmpeg.probe import FfprobeProber
from tendarr.integrations.ffmpeg.sheets import FfmpegSheetComposer
from tendarr.integrations.ffmpeg.tools import FfmpegCapabilities, FfmpegTools, read_capabilities
from tendarr.integrations.preview_files import FilePreviewStore
from tendarr.services.generate_previews import PreviewEngine, PreviewGenerator
from tests.integration.previews.media import HDR10_X265, make_clip

HAVE_FFMPEG = bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))
NTSC = "24000/1001"
X264 = ("-c:v", "libx264", "-preset", "veryfast")
STALL_TIMEOUT = 3.0


@dataclass(frozen=True)
class Clips:
    """The generated corpus."""

    sparse: Path  # 90 s, 23.976 fps, x264 default keyframe spacing (10.43 s)
    dense: Path  # 60 s, 24 fps, a keyframe every 2 s
    open_gop: Path  # 60 s, 24 fps, x264 --open-gop (keyframes are not IDR)
    hdr: Path  # 24 s, HEVC Main10, HDR10 (PQ) tags
    truncated: Path  # the sparse clip cut at 40 %
    garbage: Path  # random bytes named .mkv
    empty: Path  # zero bytes
    audio_only: Path  # a sine tone in Matroska


def require_ffmpeg() -> None:
    """Skip the requesting test where FFmpeg is not installed."""
    if not HAVE_FFMPEG:
        pytest.skip("FFmpeg/ffprobe are not installed")


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    require_ffmpeg()
    root = tmp_path_factory.mktemp("clips")
    sparse = make_clip(root / "sparse.mkv", 90, NTSC, X264)
    dense = make_clip(
        root / "dense.mp4", 60, "24", (*X264, "-x264-params", "keyint=48:min-keyint=48:scenecut=0")
    )
    open_gop = make_clip(root / "open-gop.mkv", 60, "24", (*X264, "-x264-params", "open-gop=1"))
    hdr = make_clip(
        root / "hdr10.mkv", 24, "24",
        ("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", f"{HDR10_X265}:keyint=120",
         "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc"),
        pix_fmt="yuv420p10le",
        picture_filter="lutyuv=y='16+(val-16)*0.62'",  # HDR-like levels: mostly under 100 nits
    )  # fmt: skip
    truncated = root / "truncated.mkv"
    data = sparse.read_bytes()
    truncated.write_bytes(data[: len(data) * 4 // 10])
    garbage = root / "garbage.mkv"
    garbage.write_bytes(os.urandom(200_000))
    empty = root / "empty.mkv"
    empty.touch()
    audio_only = root / "audio.mka"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=duration=2",
         "-c:a", "flac", str(audio_only)],
        check=True, timeout=60,
    )  # fmt: skip
    return Clips(sparse, dense, open_gop, hdr, truncated, garbage, empty, audio_only)


@pytest.fixture(scope="session")
def tools() -> FfmpegTools:
    require_ffmpeg()
    return FfmpegTools()


@pytest.fixture(scope="session")
def capabilities(tools: FfmpegTools) -> FfmpegCapabilities:
    return read_capabilities(tools)


def make_engine(
    tools: FfmpegTools, capabilities: FfmpegCapabilities, store: FilePreviewStore | None = None
) -> PreviewEngine:
    """The real CPU engine with a short stall timeout."""
    return PreviewEngine(
        prober=FfprobeProber(tools, STALL_TIMEOUT),
        indexer=PacketScanIndexer(tools, STALL_TIMEOUT),
        extractor=FfmpegFrameExtractor(tools, capabilities, stall_timeout=STALL_TIMEOUT),
        composer=FfmpegSheetComposer(tools, STALL_TIMEOUT),
        store=store or FilePreviewStore(),
    )


@pytest.fixture
def generator(tools: FfmpegTools, capabilities: FfmpegCapabilities) -> PreviewGenerator:
    return PreviewGenerator(make_engine(tools, capabilities))


def full_request(
    source: Path, out: Path, settings: PreviewSettings | None = None, width: int = 320
) -> PreviewRequest:
    """BIF and trickplay for ``source`` into ``out``."""
    return PreviewRequest(
        source,
        settings or PreviewSettings(),
        (BifTarget(out / f"{source.stem}.bif", width),),
        (TrickplayTarget(out / f"{source.stem}.trickplay" / f"{width} - 10x10", width),),
    )
