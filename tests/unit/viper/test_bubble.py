"""Bubbles: buffer clamping, position, activity window, finished viewers, bad dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tendarr.domain.viper.bubble import buffer_ahead, planning_velocity, viewer_bubble
from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.inputs import Completion, ViewerWatch
from tendarr.domain.viper.order import EpisodeKey, EpisodeOrder
from tendarr.domain.viper.velocity import VelocityClass, VelocityEstimate
from tests.unit.viper.builders import DAY, NOW, keys, paced

ORDER = EpisodeOrder(keys([10, 10, 10]))
ALL = list(ORDER.keys)


def velocity(per_day: float | None, samples: int, minimum: int = 3) -> VelocityEstimate:
    if samples == 0:
        kind = VelocityClass.UNKNOWN
    else:
        kind = VelocityClass.MEASURED if samples >= minimum else VelocityClass.ESTIMATED
    return VelocityEstimate(per_day, kind, samples, samples, 1.0)


# The field notes' worked values (§3.3): D 10, P 3, M 20, U 10, min samples 3.
@pytest.mark.parametrize(
    ("per_day", "samples", "ahead"),
    [(0.5, 10, 8), (1.0, 10, 13), (3.0, 10, 20), (0.2, 2, 13), (None, 0, 13), (0.05, 10, 4)],
)
def test_buffer_matches_the_worked_values(per_day: float | None, samples: int, ahead: int) -> None:
    assert buffer_ahead(velocity(per_day, samples), ViperConfig()) == ahead


@pytest.mark.parametrize(
    ("settings", "per_day", "samples", "ahead"),
    [
        ({"padding_episodes": 0}, 1.0, 10, 10),  # an explicit zero is zero
        ({"days_buffer": 0}, 5.0, 10, 3),  # clamp floor: padding
        ({"max_episodes_ahead": 3}, 5.0, 10, 3),  # clamp ceiling
        ({"max_episodes_ahead": 50}, 3.0, 10, 33),
        ({"unknown_velocity_buffer": 0}, 0.2, 2, 5),
        ({"unknown_velocity_buffer": 40}, None, 0, 20),  # the ceiling holds for unknown too
        ({"padding_episodes": 0, "max_episodes_ahead": 0}, 2.0, 10, 0),
    ],
)
def test_buffer_is_clamped_between_padding_and_max(
    settings: dict[str, int], per_day: float | None, samples: int, ahead: int
) -> None:
    config = ViperConfig.from_mapping(settings)

    assert buffer_ahead(velocity(per_day, samples), config) == ahead


def test_planning_pace_is_never_slower_than_assumed_unless_measured() -> None:
    config = ViperConfig()

    assert planning_velocity(velocity(0.2, 10), config) == 0.2
    assert planning_velocity(velocity(0.2, 2), config) == 1.0
    assert planning_velocity(velocity(4.0, 2), config) == 4.0
    assert planning_velocity(velocity(None, 0), config) == 1.0


def test_position_is_the_furthest_completed_episode_even_out_of_order() -> None:
    watch = ViewerWatch(
        "v", tuple(Completion(k, NOW - DAY * n) for n, k in enumerate([ALL[12], ALL[3], ALL[5]]))
    )

    bubble = viewer_bubble(watch, ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert (bubble.position, bubble.furthest_completed) == (13, 13)
    assert bubble.completed == {4, 6, 13}


def test_an_episode_in_progress_beyond_the_furthest_completed_is_the_position() -> None:
    watch = paced("v", ALL[:4], NOW - DAY, in_progress=ALL[4])

    bubble = viewer_bubble(watch, ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert (bubble.position, bubble.in_progress) == (5, (5,))


def test_a_rewatch_in_progress_does_not_move_the_position_back() -> None:
    watch = paced("v", ALL[:9], NOW - DAY, in_progress=ALL[0])

    bubble = viewer_bubble(watch, ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert (bubble.position, bubble.in_progress) == (9, (1,))


def test_rewatches_and_the_same_play_from_two_sources_do_not_change_the_velocity() -> None:
    once = paced("v", ALL[:6], NOW - DAY)
    twice = ViewerWatch(
        "v",
        once.completions + once.completions + (Completion(ALL[0], NOW - DAY / 2),),
    )

    first = viewer_bubble(once, ORDER, NOW, ViperConfig())
    second = viewer_bubble(twice, ORDER, NOW, ViperConfig())

    assert first is not None
    assert second is not None
    assert second.velocity == first.velocity


@pytest.mark.parametrize(
    ("idle_days", "active"), [(0, True), (29.9, True), (30, True), (30.01, False), (90, False)]
)
def test_active_means_a_play_within_the_window(idle_days: float, active: bool) -> None:
    bubble = viewer_bubble(paced("v", ALL[:5], NOW - DAY * idle_days), ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert bubble.active is active


def test_a_recent_play_in_progress_keeps_an_old_viewer_active() -> None:
    watch = paced("v", ALL[:5], NOW - 60 * DAY, in_progress=ALL[5], paused_at=NOW - 2 * DAY)

    bubble = viewer_bubble(watch, ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert bubble.active


def test_a_viewer_who_completed_the_last_episode_has_finished_and_keeps_nothing() -> None:
    bubble = viewer_bubble(paced("v", ALL, NOW - DAY), ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert bubble.finished
    assert not any(bubble.covers(n) for n in range(1, 31))


def test_a_viewer_partway_through_the_finale_has_not_finished() -> None:
    watch = paced("v", ALL[:-1], NOW - DAY, in_progress=ALL[-1])

    bubble = viewer_bubble(watch, ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert not bubble.finished
    assert bubble.covers(30)


def test_episodes_behind_extends_the_bubble_backwards() -> None:
    watch = paced("v", ALL[:10], NOW - DAY)

    plain = viewer_bubble(watch, ORDER, NOW, ViperConfig())
    behind = viewer_bubble(watch, ORDER, NOW, ViperConfig(episodes_behind=2))

    assert plain is not None
    assert behind is not None
    assert (plain.start, behind.start) == (10, 8)


def test_a_viewer_with_only_specials_has_no_bubble() -> None:
    watch = ViewerWatch("v", (Completion(EpisodeKey(0, 1), NOW),))

    assert viewer_bubble(watch, ORDER, NOW, ViperConfig()) is None


def test_a_watched_episode_sonarr_does_not_list_is_reported_unmapped() -> None:
    watch = ViewerWatch("v", (Completion(ALL[0], NOW), Completion(EpisodeKey(4, 1), NOW)))

    bubble = viewer_bubble(watch, ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert bubble.unmapped == (EpisodeKey(4, 1),)


ZERO = datetime(1970, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "bad", [None, ZERO, NOW + timedelta(days=3)], ids=["missing", "zero", "far-future"]
)
def test_unusable_dates_count_for_the_position_but_not_for_pace_or_activity(
    bad: datetime | None,
) -> None:
    watch = ViewerWatch("v", tuple(Completion(k, bad) for k in ALL[:6]))

    bubble = viewer_bubble(watch, ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert bubble.position == 6
    assert bubble.velocity.velocity_class is VelocityClass.UNKNOWN
    assert not bubble.activity_known
    assert bubble.active  # unknown activity may be activity: it counts


def test_a_clock_slightly_ahead_is_read_as_now() -> None:
    watch = ViewerWatch("v", (Completion(ALL[0], NOW + timedelta(minutes=5)),))

    bubble = viewer_bubble(watch, ORDER, NOW, ViperConfig())

    assert bubble is not None
    assert bubble.last_activity_at == NOW


def test_naive_play_times_are_refused() -> None:
    watch = ViewerWatch("v", (Completion(ALL[0], datetime(2026, 1, 1)),))

    with pytest.raises(ValueError, match="timezone-aware"):
        viewer_bubble(watch, ORDER, NOW, ViperConfig())
