"""A viewer's bubble on one show: where they are, how fast they go, what they keep.

Position: the furthest episode completed in the continuous order, or the episode in
progress when that is further. Active: any play (completed or started) within the active
window. Bubble: ``[position - episodes_behind, position + ahead]`` where
``ahead = clamp(ceil(v * days_buffer) + padding, padding, max_episodes_ahead)`` for a
measured velocity, with the unknown-velocity buffer as the floor of ``ceil(v * D)`` when
the velocity is estimated or unknown. A viewer who has completed the last episode and has
nothing in progress has finished: nothing is ahead of them, and they keep nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.inputs import ViewerWatch, require_aware
from tendarr.domain.viper.order import EpisodeKey, EpisodeOrder
from tendarr.domain.viper.velocity import DAY_S, VelocityClass, VelocityEstimate, estimate_velocity

ZERO_DATE_S = DAY_S  # a "date" within a day of 1970 is a zero/missing date, never a play
CLOCK_SKEW_S = DAY_S  # later than now by at most this: a server clock ahead; by more: bogus
_EPSILON = 1e-9  # so that 1.0 * 10 is 10 episodes, not 11 after float rounding


def buffer_ahead(velocity: VelocityEstimate, config: ViperConfig) -> int:
    """Return how many episodes ahead of the position a viewer with ``velocity`` keeps."""
    per_day = velocity.per_day
    by_pace = 0 if per_day is None else math.ceil(per_day * config.days_buffer - _EPSILON)
    if velocity.velocity_class is not VelocityClass.MEASURED:
        by_pace = max(by_pace, config.unknown_velocity_buffer)
    raw = by_pace + config.padding_episodes
    return min(max(raw, config.padding_episodes), config.max_episodes_ahead)


def planning_velocity(velocity: VelocityEstimate, config: ViperConfig) -> float:
    """Return the pace used for need dates: never slower than assumed unless measured."""
    if velocity.per_day is not None and velocity.is_measured:
        return velocity.per_day
    return max(velocity.per_day or 0.0, config.unknown_velocity_per_day)


@dataclass(frozen=True, slots=True)
class Bubble:
    """One viewer's state on one show (what the VIPER dashboard draws)."""

    viewer: str
    position: int  # ordinal of the current episode
    furthest_completed: int  # 0 when none
    completed: frozenset[int]  # ordinals completed at least once
    in_progress: tuple[int, ...]  # ordinals started and not finished
    unmapped: tuple[EpisodeKey, ...]  # regular episodes watched that the order lacks
    last_activity_at: datetime | None  # None: no usable date at all
    active: bool  # counts for retention (unknown activity counts: it may be active)
    finished: bool
    velocity: VelocityEstimate
    ahead: int  # B_ahead
    start: int  # first kept ordinal; the bubble is empty when start > end
    end: int
    per_day_for_planning: float

    @property
    def activity_known(self) -> bool:
        """Return whether any play carried a usable date."""
        return self.last_activity_at is not None

    def covers(self, ordinal: int) -> bool:
        """Return whether ``ordinal`` lies inside this viewer's bubble."""
        return self.start <= ordinal <= self.end


@dataclass(slots=True)
class _Plays:
    """One viewer's plays mapped onto the order."""

    first_done: dict[int, float | None]  # ordinal -> first usable completion time
    started: list[int]
    unmapped: list[EpisodeKey]
    latest: float  # -inf when no play had a usable date


def _usable_s(moment: datetime, low: float, high: float) -> float | None:
    """Return the POSIX time of a play, or None for a zero or far-future date."""
    if moment.tzinfo is None:
        require_aware(moment, "play time")
    seconds = moment.timestamp()
    return None if seconds < low or seconds > high else seconds


def _read_plays(watch: ViewerWatch, order: EpisodeOrder, now_s: float) -> _Plays:
    # The hot loop of a VIPER run (every completion of every viewer): locals on purpose.
    index, low, high = order.index, ZERO_DATE_S, now_s + CLOCK_SKEW_S
    first_done: dict[int, float | None] = {}
    unmapped: list[EpisodeKey] = []
    latest = -math.inf
    for done in watch.completions:
        ordinal = index.get(done.key)
        if ordinal is None:
            if not done.key.is_special:
                unmapped.append(done.key)
            continue
        at = done.at
        if at is not None and at.tzinfo is None:
            require_aware(at, "play time")
        seconds = None if at is None else at.timestamp()
        if seconds is None or seconds < low or seconds > high:
            first_done.setdefault(ordinal, None)
            continue
        if seconds > now_s:
            seconds = now_s
        if seconds > latest:
            latest = seconds
        known = first_done.get(ordinal)
        if known is None or seconds < known:
            first_done[ordinal] = seconds
    started: list[int] = []
    for progress in watch.in_progress:
        ordinal = index.get(progress.key)
        if ordinal is None:
            if not progress.key.is_special:
                unmapped.append(progress.key)
            continue
        started.append(ordinal)
        seconds = None if progress.at is None else _usable_s(progress.at, low, high)
        if seconds is not None:
            latest = max(latest, min(seconds, now_s))
    return _Plays(first_done, started, unmapped, latest)


def viewer_bubble(
    watch: ViewerWatch, order: EpisodeOrder, now: datetime, config: ViperConfig
) -> Bubble | None:
    """Return the viewer's bubble, or None when they have no regular episode on the show."""
    require_aware(now, "now")
    now_s = now.timestamp()
    plays = _read_plays(watch, order, now_s)
    first_done, started, latest = plays.first_done, plays.started, plays.latest
    if not first_done and not started:
        return None
    furthest = max(first_done, default=0)
    position = max(furthest, max(started, default=0))
    velocity = estimate_velocity(filter(None, first_done.values()), config)
    known = latest > -math.inf
    active = not known or now_s - latest <= config.active_viewer_days * DAY_S
    finished = position == len(order) and position not in started
    ahead = buffer_ahead(velocity, config)
    start, end = (
        (1, 0)
        if finished
        else (
            max(1, position - config.episodes_behind),
            min(len(order), position + ahead),
        )
    )
    return Bubble(
        viewer=watch.viewer,
        position=position,
        furthest_completed=furthest,
        completed=frozenset(first_done),
        in_progress=tuple(sorted(set(started))),
        unmapped=tuple(plays.unmapped),
        last_activity_at=datetime.fromtimestamp(latest, now.tzinfo) if known else None,
        active=active,
        finished=finished,
        velocity=velocity,
        ahead=ahead,
        start=start,
        end=end,
        per_day_for_planning=planning_velocity(velocity, config),
    )
