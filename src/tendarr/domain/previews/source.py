"""What the preview engine needs to know about a source video, and how to tone-map it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tendarr.domain.analysis import DynamicRange, RangeKind, classify_dynamic_range
from tendarr.domain.media import VideoInfo


class ToneRoute(enum.StrEnum):
    """How a picture is brought to SDR for a thumbnail."""

    SDR = "sdr"  # no tone mapping
    PQ = "pq"  # HDR10, HDR10+, Dolby Vision 7/8.1/8.6 through their HDR10 base layer
    HLG = "hlg"  # HLG, Dolby Vision 8.4
    DOVI5 = "dovi5"  # Dolby Vision profile 5: no HDR10 base layer (IPT-PQ-c2)


@dataclass(frozen=True)
class VideoProbe:
    """The main video stream of a file, as the prober read it."""

    stream_index: int
    codec: str
    width: int
    height: int
    duration: float  # seconds
    start_time: float = 0.0  # the container's start, which all times are relative to
    frame_rate: float | None = None
    sample_aspect: float = 1.0
    pixel_format: str | None = None
    bit_depth: int | None = None
    profile: str | None = None
    color_transfer: str | None = None
    color_primaries: str | None = None
    color_space: str | None = None
    dv_profile: int | None = None
    dv_bl_compat_id: int | None = None

    @property
    def frame_duration(self) -> float:
        """Return one frame's duration in seconds (0 when the rate is unknown)."""
        return 1.0 / self.frame_rate if self.frame_rate else 0.0

    @property
    def display_size(self) -> tuple[int, int]:
        """Return the picture size as displayed (sample aspect applied to the width)."""
        return max(1, round(self.width * self.sample_aspect)), self.height

    @property
    def codec_key(self) -> str:
        """Return the codec and depth a GPU must decode, e.g. ``hevc`` or ``hevc-10bit``."""
        depth = self.bit_depth or 8
        return self.codec if depth <= 8 else f"{self.codec}-{depth}bit"

    def dynamic_range(self, filename: str = "") -> DynamicRange:
        """Classify the stream's dynamic range with the shared media analysis rules."""
        info = VideoInfo(
            codec=self.codec,
            profile=self.profile,
            width=self.width,
            height=self.height,
            bit_depth=self.bit_depth,
            frame_rate=self.frame_rate,
            color_transfer=self.color_transfer,
            color_primaries=self.color_primaries,
            dv_profile=self.dv_profile,
            dv_bl_compat_id=self.dv_bl_compat_id,
        )
        return classify_dynamic_range(info, filename)

    @property
    def tone_route(self) -> ToneRoute:
        """Return how this stream is tone-mapped for thumbnails."""
        return tone_route(self.dynamic_range())


def tone_route(dynamic_range: DynamicRange) -> ToneRoute:
    """Pick the tone-mapping route for a dynamic range (Dolby Vision via its base layer)."""
    kind = dynamic_range.kind
    if kind is RangeKind.DV:
        # Profile 5 (and AV1 profile 10.0) carry no displayable base layer.
        if dynamic_range.dv_profile == 5 or (
            dynamic_range.dv_profile == 10 and dynamic_range.fallback is None
        ):
            return ToneRoute.DOVI5
        kind = dynamic_range.fallback or RangeKind.HDR10
    if kind in {RangeKind.HDR10, RangeKind.HDR10_PLUS}:
        return ToneRoute.PQ
    if kind is RangeKind.HLG:
        return ToneRoute.HLG
    return ToneRoute.SDR
