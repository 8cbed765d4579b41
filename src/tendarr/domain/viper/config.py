"""VIPER settings: one source of defaults, validated once, explicit zeros kept (D15)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace

from tendarr.domain.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class ViperConfig:
    """How far each viewer's bubble reaches, who counts as active, how episodes come back.

    Every key carries its unit. ``ViperConfig()`` is the documented default set; a value of
    zero is a real value, never "use the default".
    """

    days_buffer: float = 10.0  # D: days of watching kept ahead of each viewer
    padding_episodes: int = 3  # P: kept ahead whatever the velocity; the floor of the clamp
    max_episodes_ahead: int = 20  # M: the ceiling of the clamp
    unknown_velocity_buffer: int = 10  # U: episodes ahead (before P) without a measured pace
    min_velocity_samples: int = 3  # distinct dated completions for a "measured" velocity
    episodes_behind: int = 0  # kept before the current episode (which is always kept)
    active_viewer_days: float = 30.0  # a viewer counts only if they watched within this
    sitting_gap_hours: float = 4.0  # plays closer together than this are one sitting
    velocity_sittings: int = 10  # the most recent sittings the estimate looks at
    min_velocity_per_day: float = 0.05
    max_velocity_per_day: float = 20.0
    unknown_velocity_per_day: float = 1.0  # pace assumed when planning for unmeasured viewers
    redownload_lead_days: float = 3.0  # search this long before the need, plus download time
    default_download_hours: float = 24.0  # search-to-import time when none was measured
    emergency_hours: float = 24.0  # a need closer than this is an emergency redownload

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            _check_type(item.name, item.type, value)
            if value < 0:
                raise ValidationFailed(f"{item.name} must not be negative, got {value}")
        if self.max_episodes_ahead < self.padding_episodes:
            raise ValidationFailed(
                "max_episodes_ahead must be at least padding_episodes "
                f"({self.max_episodes_ahead} < {self.padding_episodes})"
            )
        for name in ("min_velocity_samples", "active_viewer_days", "sitting_gap_hours"):
            if getattr(self, name) <= 0:
                raise ValidationFailed(f"{name} must be greater than zero")
        if self.velocity_sittings < 2:
            raise ValidationFailed("velocity_sittings must be at least 2 (a gap needs two)")
        if self.sitting_gap_hours > 24:
            raise ValidationFailed("sitting_gap_hours must be at most 24")
        if not 0 < self.min_velocity_per_day <= self.max_velocity_per_day:
            raise ValidationFailed(
                "velocities must satisfy 0 < min_velocity_per_day <= max_velocity_per_day"
            )
        if not (
            self.min_velocity_per_day <= self.unknown_velocity_per_day <= self.max_velocity_per_day
        ):
            raise ValidationFailed(
                "unknown_velocity_per_day must lie between the min and max velocity"
            )

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> ViperConfig:
        """Return the defaults overridden by ``values``; unknown keys are refused."""
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValidationFailed(f"unknown VIPER setting(s): {', '.join(unknown)}")
        return replace(cls(), **values)  # type: ignore[arg-type]  # checked in __post_init__

    def to_mapping(self) -> dict[str, float | int]:
        """Return every setting by name (the form stored and shown in docs and UI)."""
        return asdict(self)

    @property
    def sitting_gap_days(self) -> float:
        """Return the sitting gap in days."""
        return self.sitting_gap_hours / 24.0


def _check_type(name: str, kind: object, value: object) -> None:
    # ``bool`` is an ``int`` in Python: refuse it so that ``true`` never reads as 1.
    if isinstance(value, bool):
        raise ValidationFailed(f"{name} must be a number, got {value!r}")
    if kind == "int" and not isinstance(value, int):
        raise ValidationFailed(f"{name} must be a whole number, got {value!r}")
    if kind == "float":
        if not isinstance(value, int | float):
            raise ValidationFailed(f"{name} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValidationFailed(f"{name} must be finite, got {value!r}")
