"""Ports of the preview engine: probing, keyframe index, frame extraction, sheets and files.

Services see FFmpeg and the filesystem only through these Protocols; the FFmpeg adapters
live in ``tendarr.integrations.ffmpeg`` and the file store in
``tendarr.integrations.preview_files``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tendarr.domain.errors import TendarrError
from tendarr.domain.previews.bif import BifFile
from tendarr.domain.previews.fingerprint import SourceStamp
from tendarr.domain.previews.hardware import GpuDevice
from tendarr.domain.previews.keyframes import KeyframeIndex
from tendarr.domain.previews.plans import FrameVariant
from tendarr.domain.previews.settings import TonemapAlgorithm
from tendarr.domain.previews.slots import SlotPlan
from tendarr.domain.previews.source import VideoProbe
from tendarr.domain.previews.trickplay import TileGrid

# Called with the fraction done (0.0-1.0). It may raise (a cancelled job, a lost lease): the
# adapter then stops its FFmpeg process and lets the exception through.
ProgressCallback = Callable[[float], None]


class PreviewError(TendarrError):
    """Base of every preview-engine failure; ``message`` is the reason shown to users."""

    code = "PREVIEW_FAILED"


class EngineUnavailable(PreviewError):
    """FFmpeg/ffprobe is missing or too old, so nothing can be generated."""


class SourceUnusable(PreviewError):
    """The source cannot give previews: missing, empty, corrupt, audio-only, unsupported."""


class ExtractionFailed(PreviewError):
    """FFmpeg failed while extracting frames."""


class ExtractionStalled(ExtractionFailed):
    """FFmpeg made no progress for the stall timeout and was killed."""


class HardwareDecodeFailed(ExtractionFailed):
    """The GPU could not decode this file; a CPU retry may succeed."""


class ExtractionIncomplete(ExtractionFailed):
    """The pass ended without a picture for some slots (``missing`` lists them)."""

    def __init__(self, message: str, missing: Sequence[int]) -> None:
        super().__init__(message)
        self.missing = tuple(missing)


class PublishFailed(PreviewError):
    """A finished preview could not be written into place; the old one is untouched."""


@dataclass(frozen=True)
class ExtractedFrames:
    """Per-slot JPEG files of one decode pass, one ordered tuple per frame variant."""

    count: int
    frames: Mapping[FrameVariant, tuple[Path, ...]]
    decoder: str  # "cpu" or a GPU label
    notes: tuple[str, ...] = ()  # how the pass worked around trouble, for the outcome

    def of(self, variant: FrameVariant) -> tuple[Path, ...]:
        """Return the slot-ordered JPEG paths of ``variant``."""
        return self.frames[variant]


@dataclass(frozen=True)
class ExtractionJob:
    """What one extraction pass must produce from one source."""

    source: Path
    video: VideoProbe
    plan: SlotPlan
    variants: tuple[FrameVariant, ...]
    tonemap: TonemapAlgorithm
    device: GpuDevice | None = None  # None: decode on the CPU
    keyframes: KeyframeIndex | None = None  # lets the keyframe pass feed only chosen packets


class VideoProber(Protocol):
    """Reads a file's main video stream."""

    def probe(self, path: Path) -> VideoProbe:
        """Return the video stream; raise SourceUnusable when there is none to use."""
        ...


class KeyframeIndexer(Protocol):
    """Lists a video stream's keyframe times."""

    def keyframes(self, path: Path, video: VideoProbe) -> KeyframeIndex | None:
        """Return the keyframes (times from the start), or None when unknowable."""
        ...


class FrameExtractor(Protocol):
    """Decodes a source once and writes the planned thumbnails for every variant."""

    def extract(
        self, job: ExtractionJob, on_progress: ProgressCallback | None = None
    ) -> AbstractContextManager[ExtractedFrames]:
        """Extract; the frames live until the context exits. Raises ExtractionFailed."""
        ...


class SheetComposer(Protocol):
    """Tiles thumbnails into trickplay sheets."""

    def compose(
        self, frames: Sequence[Path], grid: TileGrid, quality: int, into: Path
    ) -> tuple[Path, ...]:
        """Write sheets ``0.jpg, 1.jpg, …`` into ``into`` and return them in order."""
        ...


class DecoderChooser(Protocol):
    """Picks the GPU (or None for the CPU) that should decode a file."""

    def choose(self, video: VideoProbe) -> GpuDevice | None:
        """Return the device to try first for this video."""
        ...


class PreviewStore(Protocol):
    """The filesystem side: source stamps, existing previews and atomic publishing."""

    def stamp(self, source: Path) -> SourceStamp:
        """Return the source's size and mtime; raise SourceUnusable if it cannot be read."""
        ...

    def exists(self, path: Path) -> bool:
        """Return whether a published preview (file or folder) exists at ``path``."""
        ...

    def read_bif(self, path: Path) -> BifFile | None:
        """Return the BIF at ``path``, or None when absent or not a valid BIF."""
        ...

    def read_frame(self, path: Path) -> bytes:
        """Return the bytes of one extracted thumbnail."""
        ...

    def write_atomic(self, path: Path, data: bytes) -> None:
        """Write ``data`` to a temporary file, fsync it and rename it over ``path``."""
        ...

    def staged_folder(self, directory: Path) -> AbstractContextManager[Path]:
        """Yield an empty staging folder; on a clean exit swap it in as ``directory``."""
        ...
