"""Generation settings: what changes the pictures, validated once."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tendarr.domain.errors import ValidationFailed

MIN_INTERVAL_S = 1
MAX_INTERVAL_S = 60
DEFAULT_INTERVAL_S = 10
DEFAULT_WIDTH = 320
DEFAULT_QUALITY = 4  # FFmpeg MJPEG qscale: 2 is about the best, higher is smaller and worse
DEFAULT_MAX_DRIFT_S = 2.0
MIN_WIDTH = 16
MAX_WIDTH = 1920


class TonemapAlgorithm(enum.StrEnum):
    """FFmpeg ``tonemap`` operators; hable is the default (reinhard broke previews, #178)."""

    HABLE = "hable"
    MOBIUS = "mobius"
    REINHARD = "reinhard"
    CLIP = "clip"
    GAMMA = "gamma"
    LINEAR = "linear"


@dataclass(frozen=True)
class PreviewSettings:
    """Interval, JPEG quality, allowed drift and tone mapping for one generation."""

    interval_s: int = DEFAULT_INTERVAL_S
    quality: int = DEFAULT_QUALITY
    max_drift_s: float = DEFAULT_MAX_DRIFT_S
    tonemap: TonemapAlgorithm = TonemapAlgorithm.HABLE

    def __post_init__(self) -> None:
        if not MIN_INTERVAL_S <= self.interval_s <= MAX_INTERVAL_S:
            raise ValidationFailed(
                f"interval must be {MIN_INTERVAL_S}-{MAX_INTERVAL_S} s, got {self.interval_s}"
            )
        if not 1 <= self.quality <= 31:
            raise ValidationFailed(f"quality must be 1-31 (2 is best), got {self.quality}")
        if not 0 <= self.max_drift_s <= MAX_INTERVAL_S:
            raise ValidationFailed(f"max drift must be 0-60 s, got {self.max_drift_s}")

    @property
    def interval_ms(self) -> int:
        """Return the interval in milliseconds (the BIF frame separation)."""
        return self.interval_s * 1000


def check_width(width: int) -> int:
    """Return ``width`` if it is a usable thumbnail width, else raise ValidationFailed."""
    if not MIN_WIDTH <= width <= MAX_WIDTH or width % 2:
        raise ValidationFailed(
            f"width must be an even number of pixels from {MIN_WIDTH} to {MAX_WIDTH}, got {width}"
        )
    return width
