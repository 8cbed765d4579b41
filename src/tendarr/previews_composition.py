"""Composition of the preview engine: FFmpeg adapters + file store behind the service.

Kept beside ``bootstrap.py`` (not inside it) so the standalone CLI can build the engine
without a database, a queue or settings; ``bootstrap`` can call ``build_preview_engine``
when preview jobs arrive.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tendarr.domain.previews.hardware import GpuCapability, GpuPreference
from tendarr.domain.previews.outcome import PreviewOutcome
from tendarr.domain.previews.plans import PreviewRequest
from tendarr.integrations.ffmpeg.extract import DEFAULT_STALL_TIMEOUT_S, FfmpegFrameExtractor
from tendarr.integrations.ffmpeg.hardware import (
    GpuDecoderChooser,
    detect_gpus,
    make_probe_clips,
    probe_device,
    vulkan_usable,
)
from tendarr.integrations.ffmpeg.keyframes import PacketScanIndexer
from tendarr.integrations.ffmpeg.probe import FfprobeProber
from tendarr.integrations.ffmpeg.sheets import FfmpegSheetComposer
from tendarr.integrations.ffmpeg.tools import FfmpegCapabilities, FfmpegTools, read_capabilities
from tendarr.integrations.preview_files import FilePreviewStore
from tendarr.ports.previews import EngineUnavailable, ProgressCallback
from tendarr.services.generate_previews import PreviewEngine, PreviewGenerator


@dataclass(frozen=True)
class EngineConfig:
    """How to run FFmpeg: which GPUs, the stall timeout, thread caps, where to probe."""

    gpu: GpuPreference = GpuPreference.AUTO
    stall_timeout_s: float = DEFAULT_STALL_TIMEOUT_S
    threads: int = 0  # FFmpeg decoder/filter threads per process; 0 lets FFmpeg decide
    tools: FfmpegTools = field(default_factory=FfmpegTools)
    probe_dir: Path | None = None  # where GPU probe clips are kept (default: a temp dir)


@dataclass(frozen=True)
class BuiltEngine:
    """The generator plus what was found while building it (for status pages and logs)."""

    generator: PreviewGenerator
    capabilities: FfmpegCapabilities
    gpus: tuple[GpuCapability, ...]
    vulkan: bool


def probe_gpus(config: EngineConfig, capabilities: FfmpegCapabilities) -> tuple[GpuCapability, ...]:
    """Detect GPUs of the preferred kind and probe which codecs each decodes."""
    if config.gpu is GpuPreference.NONE:
        return ()
    devices = [
        device
        for device in detect_gpus(capabilities.hwaccels)
        if config.gpu is GpuPreference.AUTO or device.kind.value == config.gpu.value
    ]
    if not devices:
        if config.gpu is not GpuPreference.AUTO:
            raise EngineUnavailable(f"no {config.gpu.value} device found (use --gpu none or auto)")
        return ()
    with tempfile.TemporaryDirectory(prefix="tendarr-gpu-probe-") as tmp:
        clips = make_probe_clips(config.tools, config.probe_dir or Path(tmp))
        return tuple(probe_device(config.tools, device, clips) for device in devices)


def build_preview_engine(config: EngineConfig) -> BuiltEngine:
    """Check FFmpeg, find GPUs and Vulkan, and wire the generator; raise EngineUnavailable."""
    tools = config.tools
    capabilities = read_capabilities(tools)
    gpus = probe_gpus(config, capabilities)
    vulkan = capabilities.libplacebo and vulkan_usable(tools)
    stall = config.stall_timeout_s
    engine = PreviewEngine(
        prober=FfprobeProber(tools, stall),
        indexer=PacketScanIndexer(tools, stall),
        extractor=FfmpegFrameExtractor(
            tools, capabilities, stall_timeout=stall, threads=config.threads, vulkan=vulkan
        ),
        composer=FfmpegSheetComposer(tools, stall),
        store=FilePreviewStore(),
        decoders=GpuDecoderChooser(gpus, config.gpu) if gpus else None,
    )
    return BuiltEngine(PreviewGenerator(engine), capabilities, gpus, vulkan)


class LazyPreviewGenerator:
    """The app's generator, built on first use so a start never waits on FFmpeg probes.

    A missing FFmpeg surfaces as EngineUnavailable on the first file (the job fails with
    that reason) rather than stopping Tendarr from serving everything else.
    """

    def __init__(self, config: Callable[[], EngineConfig]) -> None:
        self._config = config
        self._built: BuiltEngine | None = None
        self._lock = threading.Lock()

    def built(self) -> BuiltEngine:
        """Return the engine, building it once."""
        with self._lock:
            if self._built is None:
                self._built = build_preview_engine(self._config())
            return self._built

    def generate(
        self,
        request: PreviewRequest,
        *,
        known_fingerprint: str | None = None,
        force: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> PreviewOutcome:
        """Generate one file's previews with the (lazily built) engine."""
        return self.built().generator.generate(
            request, known_fingerprint=known_fingerprint, force=force, on_progress=on_progress
        )
