"""Decoding devices: the kinds of GPU FFmpeg can use and what each was found to decode."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class GpuKind(enum.StrEnum):
    """FFmpeg hardware decoding APIs Tendarr drives."""

    CUDA = "cuda"  # NVIDIA NVDEC
    VAAPI = "vaapi"  # Intel and AMD on Linux
    QSV = "qsv"  # Intel Quick Sync


class GpuPreference(enum.StrEnum):
    """What the user asked for: any detected GPU, none, or one kind."""

    AUTO = "auto"
    NONE = "none"
    CUDA = "cuda"
    VAAPI = "vaapi"
    QSV = "qsv"


@dataclass(frozen=True)
class GpuDevice:
    """One decoding device: its API, FFmpeg device argument and a display name."""

    kind: GpuKind
    device: str  # CUDA index ("0") or DRM render node ("/dev/dri/renderD128")
    name: str
    vendor: str = ""

    @property
    def label(self) -> str:
        """Return a short label such as ``cuda:0`` for logs and outcomes."""
        return f"{self.kind.value}:{self.device}"


@dataclass(frozen=True)
class GpuCapability:
    """A device and the codec keys (``h264``, ``hevc-10bit``…) it decoded in the probe."""

    device: GpuDevice
    decodes: frozenset[str] = field(default_factory=frozenset)
    error: str | None = None  # why the probe could not run at all

    def can_decode(self, codec_key: str) -> bool:
        """Return whether the probe decoded this codec key on this device."""
        return codec_key in self.decodes
