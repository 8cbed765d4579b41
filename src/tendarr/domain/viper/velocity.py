"""One velocity estimator (episodes per day) for every code path (D4, D5, D7).

Input: the time each distinct episode was *first* completed (rewatches do not advance a
viewer). Plays closer together than the sitting gap form one sitting, so a binge of three
episodes in an evening is one sitting of three, not a rate of hundreds a day. The rate is
the mean episodes per sitting over the median gap between sitting starts, over the most
recent sittings. Sittings that all began within one day (a single sitting included) are
spread over one day: their count per day, never a rate extrapolated from a few hours. The
sample count is real, so "measured" needs ``min_velocity_samples`` distinct dated
completions.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from tendarr.domain.viper.config import ViperConfig

DAY_S = 86_400.0


class VelocityClass(enum.StrEnum):
    """How much the velocity can be trusted (field notes §3.3)."""

    MEASURED = "measured"  # at least min_velocity_samples distinct dated completions
    ESTIMATED = "estimated"  # some, but fewer than min_velocity_samples
    UNKNOWN = "unknown"  # none


@dataclass(frozen=True, slots=True)
class VelocityEstimate:
    """A velocity with how it was computed (shown in the explain view)."""

    per_day: float | None  # None only when UNKNOWN
    velocity_class: VelocityClass
    samples: int  # distinct episodes with a dated completion in the sittings used
    sittings: int
    span_days: float  # the divisor: median gap between sittings, or 1 day within one day

    @property
    def is_measured(self) -> bool:
        """Return whether the velocity rests on enough samples to be trusted."""
        return self.velocity_class is VelocityClass.MEASURED


UNKNOWN_VELOCITY = VelocityEstimate(None, VelocityClass.UNKNOWN, 0, 0, 0.0)


def recent_sittings(
    first_completions_s: Iterable[float], gap_s: float, limit: int
) -> list[tuple[float, int]]:
    """Return (start, episode count) of the last ``limit`` sittings, oldest first.

    Plays less than ``gap_s`` apart chain into one sitting; walking back from the newest
    play stops once ``limit`` sittings are complete (a long history is not walked).
    """
    times = sorted(first_completions_s)
    sittings: list[tuple[float, int]] = []
    last = len(times) - 1
    while last >= 0 and len(sittings) < limit:
        first = last
        while first > 0 and times[first] - times[first - 1] < gap_s:
            first -= 1
        sittings.append((times[first], last - first + 1))
        last = first - 1
    sittings.reverse()
    return sittings


def estimate_velocity(
    first_completions_s: Iterable[float], config: ViperConfig
) -> VelocityEstimate:
    """Return the viewer's velocity from each distinct episode's first completion time."""
    recent = recent_sittings(
        first_completions_s, config.sitting_gap_hours * 3600.0, config.velocity_sittings
    )
    samples = sum(count for _, count in recent)
    if samples == 0:
        return UNKNOWN_VELOCITY
    if recent[-1][0] - recent[0][0] < DAY_S:
        # One sitting, or several that all began within a day: spread over one day. Read
        # by their gaps, two plays 4 h apart would be 6 a day while two plays 1 h apart
        # (one sitting) are 2 a day: the faster viewer would look slower.
        span_days = 1.0
        rate = samples / span_days
    else:
        gaps = [(b[0] - a[0]) / DAY_S for a, b in pairwise(recent)]
        # Gaps are at least the sitting gap by construction: no D5-style absurd rates.
        span_days = max(median(gaps), config.sitting_gap_days)
        rate = (samples / len(recent)) / span_days
    rate = min(max(rate, config.min_velocity_per_day), config.max_velocity_per_day)
    velocity_class = (
        VelocityClass.MEASURED
        if samples >= config.min_velocity_samples
        else VelocityClass.ESTIMATED
    )
    return VelocityEstimate(rate, velocity_class, samples, len(recent), span_days)
