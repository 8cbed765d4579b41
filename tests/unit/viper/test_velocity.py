"""The velocity estimator: sittings, median gaps, sample counts, clamps."""

from __future__ import annotations

import random

import pytest

from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.velocity import (
    VelocityClass,
    estimate_velocity,
    recent_sittings,
)

H = 3600.0
D = 86_400.0
T0 = 1_770_000_000.0  # a 2026 POSIX time


def at(*hours: float) -> list[float]:
    return [T0 + h * H for h in hours]


def daily(count: int, every_days: float = 1.0, per_sitting: int = 1) -> list[float]:
    """``count`` sittings, ``every_days`` apart, each of ``per_sitting`` episodes 45 min apart."""
    return [
        T0 + n * every_days * D + k * 0.75 * H for n in range(count) for k in range(per_sitting)
    ]


CASES = {
    "no samples: unknown": ([], None, VelocityClass.UNKNOWN, 0),
    "one episode: one a day, estimated": (at(0), 1.0, VelocityClass.ESTIMATED, 1),
    "two episodes 45 min apart: one sitting, not 64 a day": (
        at(0, 0.75),
        2.0,
        VelocityClass.ESTIMATED,
        2,
    ),
    "three in one evening: three a day, measured": (
        at(0, 0.75, 1.5),
        3.0,
        VelocityClass.MEASURED,
        3,
    ),
    "one a day for ten days": (daily(10), 1.0, VelocityClass.MEASURED, 10),
    "one every other day": (daily(6, 2.0), 0.5, VelocityClass.MEASURED, 6),
    "one a week": (daily(5, 7.0), 1 / 7, VelocityClass.MEASURED, 5),
    "binges: three an evening, every evening": (daily(5, 1.0, 3), 3.0, VelocityClass.MEASURED, 15),
    "two sittings a day (lunch and evening) are not floored to one a day": (
        [T0 + n * D + off for n in range(5) for off in (12 * H, 20 * H)],
        3.0,  # gaps 8 h, 16 h, 8 h, ... (five of nine are 8 h): above the true 2, a safe error
        VelocityClass.MEASURED,
        10,
    ),
    "two plays 4 h apart: two sittings in one day, two a day (not six)": (
        at(0, 4),
        2.0,
        VelocityClass.ESTIMATED,
        2,
    ),
    "lunch and evening on one day: two a day": (at(12, 20), 2.0, VelocityClass.ESTIMATED, 2),
    "five sittings 5 h apart within a day: five a day (not 4.8)": (
        at(0, 5, 10, 15, 20),
        5.0,
        VelocityClass.MEASURED,
        5,
    ),
    "a long pause does not drag the median": (
        daily(5) + [T0 + 64 * D + n * D for n in range(5)],
        1.0,
        VelocityClass.MEASURED,
        10,
    ),
    "very slow is clamped to the minimum": (daily(4, 100.0), 0.05, VelocityClass.MEASURED, 4),
    "very fast is clamped to the maximum": (
        daily(4, 5 / 24, 10),
        20.0,
        VelocityClass.MEASURED,
        40,
    ),
}


@pytest.mark.parametrize(("times", "per_day", "kind", "samples"), CASES.values(), ids=CASES)
def test_velocity(
    times: list[float], per_day: float | None, kind: VelocityClass, samples: int
) -> None:
    estimate = estimate_velocity(times, ViperConfig())

    assert estimate.velocity_class is kind
    assert estimate.samples == samples
    if per_day is None:
        assert estimate.per_day is None
    else:
        assert estimate.per_day == pytest.approx(per_day)


@pytest.mark.parametrize(("minimum", "kind"), [(3, "measured"), (4, "measured"), (5, "estimated")])
def test_min_samples_decides_measured_or_estimated(minimum: int, kind: str) -> None:
    estimate = estimate_velocity(daily(4), ViperConfig(min_velocity_samples=minimum))

    assert estimate.velocity_class == kind


def test_only_the_most_recent_sittings_count() -> None:
    weekly_then_daily = daily(20, 7.0) + [T0 + 200 * D + n * D for n in range(10)]

    estimate = estimate_velocity(weekly_then_daily, ViperConfig(velocity_sittings=10))

    assert estimate.per_day == pytest.approx(1.0)
    assert estimate.sittings == 10


def test_the_estimate_does_not_depend_on_input_order() -> None:
    times = daily(8, 1.5, 2)
    shuffled = times[:]
    random.Random(7).shuffle(shuffled)

    assert estimate_velocity(shuffled, ViperConfig()) == estimate_velocity(times, ViperConfig())


def test_sittings_split_at_the_sitting_gap() -> None:
    assert recent_sittings(at(0, 1, 2, 7, 8), 4 * H, 10) == [(T0, 3), (T0 + 7 * H, 2)]
    assert recent_sittings(at(0, 4), 4 * H, 10) == [(T0, 1), (T0 + 4 * H, 1)]
    assert recent_sittings(at(8, 0, 7, 2, 1), 4 * H, 1) == [(T0 + 7 * H, 2)]


def test_plays_further_apart_never_read_faster_across_the_sitting_gap() -> None:
    one_sitting = estimate_velocity(at(0, 1), ViperConfig())
    two_sittings = estimate_velocity(at(0, 4), ViperConfig())

    assert one_sitting.sittings == 1
    assert two_sittings.sittings == 2
    assert two_sittings.per_day is not None
    assert one_sitting.per_day is not None
    assert two_sittings.per_day <= one_sitting.per_day
